"""The output formats: one name per format, and one place that says which formats each command has.

The human-readable form is called ``text`` everywhere. The names the commands used before
(``terminal`` for ``status`` and ``checklist``, ``table`` for ``overdue``) are still accepted as
aliases of ``text``, so scripts written for them keep working.

Each command's formats are an enum (below), and :data:`COMMAND_FORMATS` maps every command to its
enum and its default: the command line declares its ``--format`` options from this registry, so the
choices in help and the message for a wrong choice come from one declaration.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "ALIASES",
    "COMMAND_FORMATS",
    "CommandFormats",
    "OutputFormat",
    "canonical",
]


class OutputFormat(StrEnum):
    """Every output format parplan writes, by its one name."""

    TEXT = "text"
    """Human-readable: rich tables on a terminal, plain text when piped, findings as lines."""
    JSON = "json"
    CSV = "csv"
    MD = "md"
    HTML = "html"
    DOCX = "docx"
    GITHUB = "github"
    """Workflow annotations for GitHub Actions."""
    SQLITE = "sqlite"
    """A database file (``export``)."""


ALIASES: dict[str, OutputFormat] = {"terminal": OutputFormat.TEXT, "table": OutputFormat.TEXT}
"""Older names of ``text``, still accepted where a command used them."""


class ValidateFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"


class ExportFormat(StrEnum):
    JSON = "json"
    SQLITE = "sqlite"


class StatusFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    TERMINAL = "terminal"  # alias of text


class OverdueFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    CSV = "csv"
    TABLE = "table"  # alias of text


class ChecklistFormat(StrEnum):
    TEXT = "text"
    MD = "md"
    HTML = "html"
    DOCX = "docx"
    JSON = "json"
    TERMINAL = "terminal"  # alias of text


class DiffFormat(StrEnum):
    TEXT = "text"
    MD = "md"
    JSON = "json"


class ScoresFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    MD = "md"


class YearsFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    MD = "md"


class ReportFormat(StrEnum):
    DOCX = "docx"
    HTML = "html"
    MD = "md"


class DocumentFormat(StrEnum):
    DOCX = "docx"
    HTML = "html"
    MD = "md"


class RollupFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    MD = "md"


class FrameworksFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


class NewYearFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


@dataclass(frozen=True, slots=True)
class CommandFormats:
    """The formats of one command: its enum (aliases included) and its default."""

    choices: type[StrEnum]
    default: OutputFormat | None
    """None: the command chooses at run time (``validate``: ``github`` under GitHub Actions)."""

    @property
    def names(self) -> list[str]:
        """The format names, aliases left out: what help and messages list."""
        return [member.value for member in self.choices if member.value not in ALIASES]


COMMAND_FORMATS: dict[str, CommandFormats] = {
    "validate": CommandFormats(ValidateFormat, None),
    "export": CommandFormats(ExportFormat, OutputFormat.JSON),
    "status": CommandFormats(StatusFormat, OutputFormat.TEXT),
    "overdue": CommandFormats(OverdueFormat, OutputFormat.TEXT),
    "checklist": CommandFormats(ChecklistFormat, OutputFormat.TEXT),
    "diff": CommandFormats(DiffFormat, OutputFormat.TEXT),
    "report": CommandFormats(ReportFormat, OutputFormat.DOCX),
    "document": CommandFormats(DocumentFormat, OutputFormat.DOCX),
    "frameworks": CommandFormats(FrameworksFormat, OutputFormat.TEXT),
    "scores": CommandFormats(ScoresFormat, OutputFormat.TEXT),
    "years": CommandFormats(YearsFormat, OutputFormat.TEXT),
    "new-year": CommandFormats(NewYearFormat, OutputFormat.TEXT),
    "rollup": CommandFormats(RollupFormat, OutputFormat.TEXT),
}


def canonical(value: str) -> OutputFormat:
    """The one name of a format given by its name or an alias (``terminal`` → ``text``)."""
    return ALIASES.get(str(value)) or OutputFormat(str(value))
