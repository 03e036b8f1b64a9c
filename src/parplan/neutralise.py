"""Text that leaves parplan, made harmless for where it goes: one function per destination.

Plan files are free text written by people (and, in a pull request, by anyone); what parplan
prints or writes must not become an instruction to the program that reads it.

- terminal and plain text (:func:`terminal_text`): control characters (C0 but the newline, DEL,
  C1) and the characters that reorder or break lines invisibly (bidi controls: Trojan Source;
  U+2028, U+2029) are shown escaped, ``\\x1b``, ``\\u202e``; Vietnamese text is untouched.
- CSV cells (:func:`csv_cell`): the OWASP rule against formula injection, a cell that begins with
  ``=``, ``+``, ``-``, ``@``, TAB or CR (after optional spaces; also their full-width forms) gets
  a leading ``'``; control characters are escaped as for the terminal. Quotes are the csv
  module's business.
- GitHub workflow commands (:func:`github_data`, :func:`github_property`): the runner's escaping.
- a stream read by the GitHub Actions runner (:func:`workflow_safe`, :class:`WorkflowStream`): no
  line may start (after whitespace) with ``::`` or contain ``##[``, or the runner runs it as a
  command (``::add-mask::``, ``::stop-commands::``, ``##[error]``); the first character of such a
  token is written as a JSON-style escape (``\\u003a``, ``\\u0023``), which JSON output decodes
  back to the same text. parplan's own annotations (:class:`WorkflowCommands`) pass as they are.

HTML, Markdown, Word and iCalendar have escaping of their own (Jinja autoescape, ``md_escape``,
python-docx, RFC 5545 text escaping).
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from typing import TextIO, cast

__all__ = [
    "WorkflowCommands",
    "WorkflowStream",
    "csv_cell",
    "github_data",
    "github_property",
    "guarded_streams",
    "json_text",
    "terminal_text",
    "under_github_actions",
    "workflow_safe",
]

# Every C0 control but TAB and LF is matched by the first class; TAB and LF are added back by
# terminal_text's options. DEL and C1; Arabic letter mark, LRM, RLM; the embeddings, overrides and
# isolates of the bidi algorithm; line and paragraph separators.
_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"
_UNSAFE_KEEP_LINES = re.compile(f"[{_UNSAFE}\t]")
_UNSAFE_ONE_LINE = re.compile(f"[{_UNSAFE}\t\n]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_text(text: str, *, keep_newlines: bool = True) -> str:
    """``text`` with every control, bidi and line-separator character shown as an escape.

    ``keep_newlines`` keeps ``\\n`` for layouts that wrap text on several lines; otherwise it is
    shown as ``\\x0a`` too. A backslash already in the text is left alone, so the escapes are for
    reading, not for reversing.
    """
    pattern = _UNSAFE_KEEP_LINES if keep_newlines else _UNSAFE_ONE_LINE
    return pattern.sub(_escape, text)


_INVISIBLE_IN_JSON = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]"
)


def json_text(encoded: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with DEL, C1, bidi controls and
    line separators written as ``\\uXXXX`` escapes, as the encoder already writes C0: the data
    decodes to the same strings, and a terminal or editor showing the JSON is not misled.

    These characters can stand only inside JSON strings, where an escape means the same."""
    return _INVISIBLE_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", encoded)


# OWASP "CSV Injection": cells beginning with these start a formula in Excel, LibreOffice, Google
# Sheets. Full-width = + - @ are read as formulas by some East Asian locales of Excel.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_cell(value: object) -> object:
    """A CSV cell that no spreadsheet runs as a formula; non-text values are returned as they are.

    Only text is changed: numbers (``days_overdue``) stay numbers, and parplan's own ids, codes and
    ISO dates never begin with a formula character (their patterns start with a letter or digit),
    so in practice only free text from the plan (titles, unit names) gets the ``'``.
    """
    if not isinstance(value, str):
        return value
    guarded = "'" + value if value.lstrip(" ").startswith(_FORMULA_START) else value
    return terminal_text(guarded)


def github_data(text: str) -> str:
    """The message of a workflow command (``::error …::message``), per GitHub's documentation;
    ``##[`` (the runner's legacy command syntax, read anywhere in a line) written ``#\\u0023[``
    as on every other line."""
    escaped = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return escaped.replace("##[", "#\\u0023[")


def github_property(text: str) -> str:
    """A property value of a workflow command (``file=…``, ``title=…``)."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


def under_github_actions(environ: Mapping[str, str] | None = None) -> bool:
    """True when running as a step of GitHub Actions (``GITHUB_ACTIONS`` set, not false or 0)."""
    value = (os.environ if environ is None else environ).get("GITHUB_ACTIONS", "")
    return value.strip().lower() not in ("", "false", "0")


class WorkflowCommands(str):
    """Text that is parplan's own workflow commands, built with :func:`github_data` and
    :func:`github_property`: the one text a :class:`WorkflowStream` writes unchanged."""

    __slots__ = ()


# The runner reads its output line by line (CR, LF, CR LF); any other line break a viewer might
# honour counts too.
_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
_COMMAND_START = re.compile(r"^(\s*):(?=:)")
_LEGACY_COMMAND = "##["


def _safe_line(line: str) -> str:
    line = line.replace(_LEGACY_COMMAND, "#\\u0023[")
    return _COMMAND_START.sub(r"\1\\u003a", line)


def workflow_safe(text: str) -> str:
    """``text`` with no line the GitHub Actions runner would take as a workflow command."""
    if "::" not in text and _LEGACY_COMMAND not in text:
        return text
    pieces = _LINE_BREAK.split(text)
    breaks = _LINE_BREAK.findall(text)
    out = [_safe_line(pieces[0])]
    for line_break, piece in zip(breaks, pieces[1:], strict=True):
        out += [line_break, _safe_line(piece)]
    return "".join(out)


class WorkflowStream(io.TextIOBase):
    """A text stream that passes everything through :func:`workflow_safe`, line by line.

    A line is held until it ends (or the stream is flushed), so a command cannot be assembled
    from two writes. Everything else (``isatty``, ``encoding``, ``fileno``) is the wrapped
    stream's, so rich and click see the terminal they would have seen.
    """

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self._stream = stream
        self._pending = ""

    def write(self, text: str) -> int:
        if isinstance(text, WorkflowCommands):
            self._emit_pending()
            self._stream.write(str(text))
            return len(text)
        self._pending += text
        end = 0
        for line_break in _LINE_BREAK.finditer(self._pending):
            end = line_break.end()
        if end == len(self._pending) and self._pending.endswith("\r"):
            end -= 1  # maybe the first half of CR LF: keep it with what follows
        if end:
            complete, self._pending = self._pending[:end], self._pending[end:]
            self._stream.write(workflow_safe(complete))
        return len(text)

    def _emit_pending(self) -> None:
        if self._pending:
            pending, self._pending = self._pending, ""
            self._stream.write(workflow_safe(pending))

    def flush(self) -> None:
        """Write what is held, but the start of a line that could still become a command
        (``:``, ``#``, ``##`` or only blanks) waits for the rest."""
        held = self._pending
        keep = len(held) - len(held.rstrip("#")) if held.endswith("#") else 0
        keep = min(keep, 2)
        if held.lstrip() in ("", ":"):
            keep = len(held)
        if keep < len(held):
            self._pending = held[len(held) - keep :] if keep else ""
            self._stream.write(workflow_safe(held[: len(held) - keep]))
        self._stream.flush()

    def isatty(self) -> bool:
        return self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._stream, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return getattr(self._stream, "errors", None)

    @property
    def buffer(self) -> object:
        return self._stream.buffer


@contextmanager
def guarded_streams(environ: Mapping[str, str] | None = None) -> Iterator[None]:
    """Under GitHub Actions, route ``sys.stdout`` and ``sys.stderr`` through
    :class:`WorkflowStream` for the duration; elsewhere, change nothing."""
    import sys

    if not under_github_actions(environ):
        yield
        return
    saved = sys.stdout, sys.stderr
    guards = WorkflowStream(saved[0]), WorkflowStream(saved[1])
    sys.stdout, sys.stderr = cast(TextIO, guards[0]), cast(TextIO, guards[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
        for guard in guards:
            with suppress(BrokenPipeError):
                guard._emit_pending()
