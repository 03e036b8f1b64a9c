"""Plan files written from data in the house style of the shipped plan (``parplan new-year``).

The house style: ``schema_version: 2`` first, then each section after a blank line, with the
comment lines that go before it; two-space indentation, list items indented under their key;
long text folded (``>-``) within 100 columns; short lists of plain values and short entries of a
list in flow style (``to_confirm: [deadline]``, ``recurrence: {periods: [Q1, Q2]}``,
``{authority: KT., of: CHÁNH VĂN PHÒNG}``), everything else in block style; the entries of
``tasks`` separated by a blank line; ``null`` written out; text in NFC, UTF-8, LF line ends.
Dates are the text the files write (dd/mm/yyyy), never YAML timestamps.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString

from parplan.text import nfc

__all__ = ["WIDTH", "comment_lines", "plan_file_text"]

WIDTH = 100
"""The widest line the house style writes (folded text wraps before it)."""
_TEXT_WIDTH = WIDTH - 6
"""Text longer than this on its line is folded; folded text breaks at the first space after it."""
_FLOW_WIDTH = 72
"""A list or an entry written in flow style is at most this long."""
_FLOW_KEYS = frozenset({"recurrence"})
"""Mappings written in flow style wherever they are short enough."""
_SPACED_SECTIONS = frozenset({"tasks"})
"""Sections whose entries are separated by a blank line."""


def _writer() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = _TEXT_WIDTH
    yaml.allow_unicode = True
    yaml.representer.add_representer(
        type(None), lambda dumper, _: dumper.represent_scalar("tag:yaml.org,2002:null", "null")
    )
    return yaml


def _needs_quotes(yaml: YAML, text: str) -> bool:
    """Plain, the text would read as another type (a number, true, null)."""
    tag = yaml.resolver.resolve(ScalarNode, text, (True, False))
    return str(tag) != "tag:yaml.org,2002:str"


def _flow_length(value: Any) -> int:
    if isinstance(value, Mapping):
        return 2 + sum(len(str(k)) + 2 + _flow_length(v) + 2 for k, v in value.items())
    if isinstance(value, Sequence) and not isinstance(value, str):
        return 2 + sum(_flow_length(item) + 2 for item in value)
    return len(str(value)) + (2 if isinstance(value, str) and not value else 0)


def _scalar(value: Any) -> bool:
    return not isinstance(value, (Mapping, list, tuple))


def _flowable(value: Any) -> bool:
    """Only plain values, or short lists of them: the entry reads on one line."""
    if isinstance(value, Mapping):
        return all(
            _scalar(v) or (isinstance(v, list) and all(map(_scalar, v))) for v in value.values()
        )
    return all(_scalar(item) for item in value)


def _node(yaml: YAML, value: Any, column: int, key: str, *, entry: bool) -> Any:
    """``value`` as round-trip data in the house style; ``column``: where its key starts,
    ``entry``: it is an item of a list that is not a section's."""
    if isinstance(value, Mapping):
        mapping = CommentedMap()
        inner = column + 2 if not entry else column
        for name, item in value.items():
            mapping[name] = _node(yaml, item, inner, str(name), entry=False)
        short = _flow_length(value) + column <= WIDTH and _flow_length(value) <= _FLOW_WIDTH
        if value and (entry or key in _FLOW_KEYS) and _flowable(value) and short:
            mapping.fa.set_flow_style()
        return mapping
    if isinstance(value, (list, tuple)):
        sequence = CommentedSeq()
        for item in value:
            sequence.append(_node(yaml, item, column + 4, "", entry=True))
        if value and _flowable(value) and _flow_length(value) + column + len(key) <= _FLOW_WIDTH:
            sequence.fa.set_flow_style()
        return sequence
    if isinstance(value, str):
        text = nfc(value)
        if "\n" not in text and len(text) + column + len(key) + 2 > _TEXT_WIDTH:
            return FoldedScalarString(text)
        if _needs_quotes(yaml, text):
            return DoubleQuotedScalarString(text)
        return text
    return value


def comment_lines(text: str, width: int = WIDTH) -> list[str]:
    """``text`` as comment lines (``# …``) within ``width`` columns, broken between words."""
    lines: list[str] = []
    for paragraph in nfc(text).split("\n"):
        line = "#"
        for word in paragraph.split():
            if len(line) + 1 + len(word) > width and line != "#":
                lines.append(line)
                line = "#"
            line += f" {word}"
        lines.append(line)
    return lines


def _section_text(yaml: YAML, name: str, value: Any) -> str:
    stream = io.StringIO()
    yaml.dump({name: _node(yaml, value, 0, name, entry=False)}, stream)
    text = stream.getvalue()
    if name in _SPACED_SECTIONS:
        lines = text.split("\n")
        spaced = [lines[0]]
        for line in lines[1:]:
            if line.startswith("  - ") and len(spaced) > 1:
                spaced.append("")
            spaced.append(line)
        text = "\n".join(spaced)
    return text


def plan_file_text(head: Sequence[str], sections: Sequence[tuple[str, Any, Sequence[str]]]) -> str:
    """A plan file: the ``head`` lines (comments), ``schema_version: 2``, then each section
    ``(name, value, comment lines before it)``."""
    yaml = _writer()
    parts = ["\n".join(head) + "\n" if head else "", "schema_version: 2\n"]
    for name, value, comments in sections:
        parts.append("\n")
        parts.extend(f"{line}\n" for line in comments)
        parts.append(_section_text(yaml, name, value))
    return nfc("".join(parts))
