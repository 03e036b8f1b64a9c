"""Findings: every problem validation finds, with its place, collected before anything is printed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

__all__ = ["Finding", "PendingFinding", "Severity", "ValidationResult", "format_yaml_path"]

Severity = Literal["error"]
"""Every finding is an error: the severity is kept because reports name it (JSON, GitHub)."""
YamlPath = tuple[str | int, ...]


def format_yaml_path(path: Sequence[str | int]) -> str:
    """``("tasks", 3, "deadline")`` as ``tasks[3].deadline``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in one file: where it is, which rule found it, and what to do, in Vietnamese."""

    file: Path
    rule: str
    message: str
    yaml_path: YamlPath = ()
    line: int | None = None
    """1-based line, None when the problem belongs to the file or folder as a whole."""
    column: int | None = None
    severity: Severity = "error"

    @property
    def path_text(self) -> str:
        return format_yaml_path(self.yaml_path)


@dataclass(frozen=True, slots=True)
class PendingFinding:
    """A finding whose line and column are looked up only once every finding is known
    (:mod:`parplan.yaml_places`)."""

    file: Path
    rule: str
    message: str
    path: YamlPath = ()
    at_key: bool = False
    line: int | None = None
    column: int | None = None


@dataclass
class ValidationResult:
    """Every finding of every file checked in one run."""

    files: list[Path] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return list(self.findings)

    @property
    def ok(self) -> bool:
        return not self.errors

    def sorted_findings(self) -> list[Finding]:
        return sorted(
            self.findings,
            key=lambda f: (str(f.file), f.line or 0, f.column or 0, f.rule, f.message),
        )
