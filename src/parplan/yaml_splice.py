"""Splicing one task's (or one part's) new YAML text into its plan file, every other byte kept.

The task's lines, or the lines of one item of its ``parts``, are cut out (:func:`task_region`,
:func:`dedent`), re-written by ruamel.yaml's round-trip mode, and only the entry that changed goes
back in (:func:`smallest_edit`, :func:`indent`), with each line's own ending. One scalar set in a
mapping whose other bytes must all stay (a note's kind) is written into the text itself
(:func:`set_scalar`), not re-written by ruamel.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from parplan.errors import UsageProblem
from parplan.text import nfc
from parplan.yaml_problem import YamlProblem
from parplan.yaml_reader import parse_yaml

__all__ = [
    "Edit",
    "Region",
    "content_end_line",
    "dedent",
    "indent",
    "nfc_plain",
    "plain",
    "readable_by_round_trip",
    "round_trip_yaml",
    "set_scalar",
    "smallest_edit",
    "split_lines",
    "task_region",
    "with_lf",
]


def round_trip_yaml() -> Any:
    """ruamel.yaml in round-trip mode, set up as plan files are written."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1_000_000  # never re-wrap a line
    yaml.indent(mapping=2, sequence=4, offset=2)
    # Keep "null" written as such (ruamel writes an empty value by default).
    yaml.representer.add_representer(
        type(None),
        lambda representer, _: representer.represent_scalar("tag:yaml.org,2002:null", "null"),
    )
    return yaml


def plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


@dataclass
class Region:
    start: int
    end: int
    column: int
    first_prefix: str


def content_end_line(node: Any) -> int:
    """The line after the last line holding content of ``node`` (text of a scalar, closing
    bracket of a flow collection), whatever comments or blank lines follow it. Block scalars
    end where their text ends, so a line starting with '#' inside one is text, not a comment."""
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

    if isinstance(node, ScalarNode) or getattr(node, "flow_style", False):
        mark = node.end_mark
        return int(mark.line) + (1 if mark.column else 0)
    children: list[Any] = []
    if isinstance(node, MappingNode):
        children = [child for pair in node.value for child in pair]
    elif isinstance(node, SequenceNode):
        children = list(node.value)
    if not children:
        return int(node.start_mark.line) + 1
    return max(content_end_line(child) for child in children)


def _block_items(node: Any, what: str) -> list[Any]:
    """The items of a block sequence; a list written ``[...]`` is refused (its items share
    lines, so no item has lines of its own)."""
    if getattr(node, "flow_style", False):
        raise UsageProblem(
            f"danh sách '{what}' viết dạng [...]: parplan chỉ sửa tự động danh sách viết theo dòng "
            "('- id: …'); hãy sửa tay"
        )
    return list(node.value)


def task_region(lines: list[str], text: str, index: int, part: int | None = None) -> Region:
    """Lines ``start:end`` of the ``index``-th item of ``tasks`` (or of the ``part``-th item of
    that task's ``parts``): from its dash to its last line of content (comments and blank lines
    after it stay outside)."""
    from ruamel.yaml import YAML

    root = YAML(typ="safe", pure=False).compose(text)
    tasks = next(value for key, value in root.value if key.value == "tasks")
    item = _block_items(tasks, "tasks")[index]
    if part is not None:
        if getattr(item, "flow_style", False):
            raise UsageProblem(
                "nhiệm vụ có phần việc viết dạng {...}: parplan chỉ sửa tự động phần việc viết "
                "theo dòng ('- id: …'); hãy sửa tay"
            )
        parts = next(value for key, value in item.value if key.value == "parts")
        item = _block_items(parts, "parts")[part]
    start = item.start_mark.line
    end = max(start + 1, min(content_end_line(item), len(lines)))
    column = item.start_mark.column
    return Region(start, end, column, lines[start][:column])


def dedent(lines: list[str], region: Region) -> str:
    out = []
    for number in range(region.start, region.end):
        line = lines[number]
        if number == region.start:
            out.append(line[region.column :])
        elif not line.strip():
            out.append("\n")
        elif line[: region.column].strip():
            raise UsageProblem(
                f"dòng {number + 1} thụt lề ít hơn nội dung của nhiệm vụ; sửa tay tệp này"
            )
        else:
            out.append(line[region.column :])
    return "".join(out)


def indent(snippet: str, region: Region, first: bool = True) -> list[str]:
    out = []
    for number, line in enumerate(snippet.splitlines(keepends=True)):
        if number == 0 and first:
            out.append(region.first_prefix + line)
        elif line.strip():
            out.append(" " * region.column + line)
        else:
            out.append(line)
    return out


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def split_lines(text: str) -> list[str]:
    """Lines as YAML counts them (ended by CRLF, CR or LF), each with its own ending."""
    return _LINE.findall(text)


def with_lf(line: str) -> str:
    stripped = line.rstrip("\r\n")
    return stripped + "\n" if stripped != line else line


def _before_blank_lines(lines: list[str], start: int, end: int) -> int:
    """``end`` moved back over blank lines, not before ``start + 1``."""
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return end


def _entry(mapping: Any, key: str, limit: int) -> tuple[Any, int, int, int] | None:
    """The value node of ``key`` in a block mapping, the lines its entry spans, and the column
    of the key."""
    from ruamel.yaml.nodes import MappingNode

    if not isinstance(mapping, MappingNode):
        return None
    pairs = mapping.value
    for position, (key_node, value_node) in enumerate(pairs):
        if str(key_node.value) == key:
            end = pairs[position + 1][0].start_mark.line if position + 1 < len(pairs) else limit
            return value_node, key_node.start_mark.line, end, int(key_node.start_mark.column)
    return None


Edit = tuple[int, int, list[str]]
"""Lines ``start:end`` of the old task text replaced by these lines."""


_TAB_BEFORE_COMMENT = re.compile(r"(?<=\S)[ \t]*\t[ \t]*(?=#)")


def readable_by_round_trip(snippet: str) -> str:
    """The task text with tabs before end-of-line comments made spaces: libyaml takes them,
    ruamel's round-trip reader does not. Used only when nothing but comment spacing changes."""
    spaced = _TAB_BEFORE_COMMENT.sub(lambda match: " " * len(match.group()), snippet)
    if spaced != snippet and parse_yaml(spaced) == parse_yaml(snippet):
        return spaced
    return snippet


def _splice(old: str, new: str, target: tuple[str, ...]) -> Edit:
    """The smallest edit of the old task text that takes the entry at ``target`` (or at its
    nearest existing parent) from the new text: every other line stays as it was. An entry runs
    from its key to the next key of its mapping, its own comments included (the new text carries
    them again)."""
    from ruamel.yaml import YAML

    composer = YAML(typ="safe", pure=False)
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    old_root, new_root = composer.compose(old), composer.compose(new)
    if getattr(old_root, "flow_style", False):
        return 0, len(old_lines), new_lines  # a task written on one line is its smallest unit
    old_limit, new_limit = len(old_lines), len(new_lines)
    old_node, new_node = old_root, new_root
    for depth, key in enumerate(target):
        old_entry = _entry(old_node, key, old_limit)
        new_entry = _entry(new_node, key, new_limit)
        assert new_entry is not None
        new_value, new_start, new_end, new_column = new_entry
        new_end = _before_blank_lines(new_lines, new_start, new_end)
        if old_entry is None:
            # A new entry: add it after the last line of content of its mapping.
            insert_at = min(content_end_line(old_node), old_limit)
            block = new_lines[new_start:new_end]
            if depth > 0:
                block = _shift(block, _child_column(old_node) - _child_column(new_node))
            return insert_at, insert_at, block
        old_value, old_start, old_end, old_column = old_entry
        last = depth == len(target) - 1
        if last or getattr(old_value, "flow_style", False):
            old_end = _before_blank_lines(old_lines, old_start, old_end)
            return old_start, old_end, _shift(new_lines[new_start:new_end], old_column - new_column)
        old_node, new_node = old_value, new_value
        old_limit, new_limit = old_end, new_end
    return 0, len(old_lines), new_lines


def smallest_edit(old: str, new: str, target: tuple[str, ...], intended: Any) -> Edit:
    """The old text changed at ``target`` only, checked to read back as the intended data (a
    block scalar that keeps its trailing blank lines, say, needs them left where they are);
    the whole re-written task if no smaller edit reads back right."""
    old_lines = old.splitlines(keepends=True)
    start, end, block = _splice(old, new, target)
    candidate = "".join([*old_lines[:start], *block, *old_lines[end:]])
    try:
        if plain(parse_yaml(candidate)) == nfc_plain(intended):
            return start, end, block
    except YamlProblem:
        pass
    return 0, len(old_lines), new.splitlines(keepends=True)


def nfc_plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {nfc(str(k)): nfc_plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [nfc_plain(v) for v in value]
    return nfc(value) if isinstance(value, str) else value


def _child_column(mapping: Any) -> int:
    return int(mapping.value[0][0].start_mark.column) if mapping.value else 0


def _shift(block: list[str], delta: int) -> list[str]:
    if delta > 0:
        return [" " * delta + line if line.strip() else line for line in block]
    if delta < 0:
        return [line[-delta:] if line[:-delta].strip() == "" else line for line in block]
    return block


def _node_at(root: Any, path: tuple[str | int, ...]) -> Any:
    """The node at ``path`` (mapping keys and sequence item numbers) below ``root``."""
    node = root
    for step in path:
        if isinstance(step, int):
            node = node.value[step]
        else:
            node = next(value for key, value in node.value if str(key.value) == step)
    return node


def set_scalar(
    text: str, path: tuple[str | int, ...], key: str, value: str, before: str | None = None
) -> str:
    """``text`` (a YAML mapping, LF line endings) with ``key: value`` in the mapping at ``path``,
    every other byte kept: the value written over the old one where the key is; else the pair
    added in the mapping's own style, before the key ``before`` (else after the last pair):
    ``key: value, `` inside ``{…}``, a line of its own at the keys' column in a block (after the
    first pair when ``before`` shares the line of a sequence item's dash). ``value`` must read
    back as itself written plain (a code such as ``cause``)."""
    from ruamel.yaml import YAML

    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(mark: Any) -> int:
        return starts[int(mark.line)] + int(mark.column)

    # Tabs before comments made spaces, one for one: the same places, read by ruamel.yaml too.
    mapping = _node_at(YAML(typ="safe", pure=True).compose(readable_by_round_trip(text)), path)
    pairs = {str(name.value): (name, node) for name, node in mapping.value}
    if key in pairs:
        old = pairs[key][1]
        return text[: offset(old.start_mark)] + value + text[offset(old.end_mark) :]
    if getattr(mapping, "flow_style", False):
        if before in pairs:
            at = offset(pairs[before][0].start_mark)
            return f"{text[:at]}{key}: {value}, {text[at:]}"
        last = mapping.value[-1][1] if mapping.value else None
        at = offset(last.end_mark) if last is not None else offset(mapping.start_mark) + 1
        joint = ", " if last is not None else ""
        return f"{text[:at]}{joint}{key}: {value}{text[at:]}"
    first_key = mapping.value[0][0]
    column = int(first_key.start_mark.column)
    if before in pairs and pairs[before][0].start_mark.line > first_key.start_mark.line:
        row = int(pairs[before][0].start_mark.line)
    elif before in pairs:
        row = min(content_end_line(pairs[before][1]), len(lines))
    else:
        row = min(content_end_line(mapping), len(lines))
    added = f"{' ' * column}{key}: {value}\n"
    if row == len(lines) and lines and not lines[-1].endswith("\n"):
        added = "\n" + added.removesuffix("\n")
    return "".join([*lines[:row], added, *lines[row:]])
