"""The problem of a file that is not readable YAML text, with its place and a Vietnamese message."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["YamlProblem"]


@dataclass(frozen=True, slots=True)
class YamlProblem(Exception):
    """A file that is not readable YAML text, with its 1-based place and a Vietnamese message."""

    rule: str
    message: str
    line: int | None = None
    column: int | None = None
