"""One plan file as read: its text and data, or the problem that kept it from being read."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from parplan.yaml_problem import YamlProblem

__all__ = ["SourceFile"]


@dataclass
class SourceFile:
    """One plan file as read: its text and data, or the problem that kept it from being read."""

    path: Path
    text: str | None = None
    data: Any = None
    problem: YamlProblem | None = None
    bom: bool = False
    """The file starts with a UTF-8 byte-order mark (kept when parplan rewrites the file)."""

    @property
    def defines_plan(self) -> bool:
        return isinstance(self.data, dict) and "plan" in self.data
