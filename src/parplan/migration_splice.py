"""The edits that take one plan file's text from format 1 to format 2, placed by its nodes.

:class:`Splicer` reads where each node stands in the text (the composed tree of
:func:`parplan.yaml_places.compose_plan`: characters, lines, columns) and records the smallest
edits: the span of a value replaced, an entry or list item taken out with its comma or its lines,
a registry section re-indented under ``indexes``. Nothing outside those spans changes. A node of
a shape the migration does not expect raises :class:`Unexpected` at its place, never a guess.
:mod:`parplan.migration` applies the edits and checks the result.
"""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from parplan.model import SCHEMA_VERSION
from parplan.yaml_splice import content_end_line, split_lines

__all__ = [
    "BY_HAND",
    "CRITERIA",
    "INDEXES",
    "SCHEMA_VERSION",
    "Splicer",
    "Unexpected",
    "apply_edits",
]

INDEXES = {
    "par_fields": ("PAR", "Chỉ số cải cách hành chính (PAR Index)"),
    "sipas_factors": ("SIPAS", "Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)"),
}
"""Each format 1 registry section, and the code and name of the index it becomes."""
CRITERIA = {"par_field": "PAR", "sipas_factor": "SIPAS"}
_NULL = "tag:yaml.org,2002:null"
_DIGITS = re.compile(r"[0-9]+")
_FLOW_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^,\[\]{}]*")
_UNEXPECTED = "migrate-unexpected"
BY_HAND = "; không chuyển tự động được: sửa tay rồi chạy lại"


class Unexpected(Exception):
    def __init__(self, node: Node | None, message: str, rule: str = _UNEXPECTED) -> None:
        super().__init__(message)
        self.node, self.message, self.rule = node, message, rule


def _entries(mapping: MappingNode) -> dict[str, tuple[Node, Node]]:
    return {str(key.value): (key, value) for key, value in mapping.value}


def _value(mapping: MappingNode, key: str, kind: type[MappingNode | SequenceNode]) -> Any:
    """The value of ``key`` if it has the expected kind; None when absent or null."""
    entry = _entries(mapping).get(key)
    if entry is None or (isinstance(entry[1], ScalarNode) and entry[1].tag == _NULL):
        return None
    if not isinstance(entry[1], kind):
        what = "danh sách" if kind is SequenceNode else "ánh xạ 'khóa: giá trị'"
        raise Unexpected(entry[1], f"'{key}' không phải {what}{BY_HAND}")
    return entry[1]


def _ending(line: str) -> str:
    return line[len(line.rstrip("\r\n")) :]


def _shifted(line: str, columns: int) -> str:
    return " " * columns + line if line.rstrip("\r\n") else line


def apply_edits(text: str, edits: list[tuple[int, int, str]]) -> str:
    """``text`` with each span ``start:end`` replaced; overlapping edits are refused."""
    pieces, position = [], 0
    for start, end, new in sorted(edits, key=lambda edit: (edit[0], edit[1])):
        if start < position:
            raise Unexpected(None, f"hai thay đổi chồng lên nhau ở ký tự {start}{BY_HAND}")
        pieces += [text[position:start], new]
        position = end
    return "".join([*pieces, text[position:]])


class Splicer:
    """One file's text, its lines, and the edits and changes its migration makes."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = split_lines(text)
        self.starts = list(itertools.accumulate((len(line) for line in self.lines), initial=0))
        self.eol = next((_ending(line) for line in self.lines if _ending(line)), "\n")
        self.edits: list[tuple[int, int, str]] = []
        self.changes: list[str] = []

    def run(self, root: MappingNode) -> list[Unexpected]:
        """Record every edit of the file; the problems found on the way."""
        problems: list[Unexpected] = []
        for step in (self.schema_version, self.indexes, self.tasks, self.signature):
            try:
                problems += step(root) or []
            except Unexpected as problem:
                problems.append(problem)
        return problems

    def ending(self, line: int) -> str:
        own = _ending(self.lines[line]) if line < len(self.lines) else ""
        return own or self.eol

    def source(self, node: Node) -> str:
        return self.text[node.start_mark.index : node.end_mark.index]

    def replace(self, start: int, end: int, new: str) -> None:
        self.edits.append((start, end, new))

    def plain_int(self, node: Node, key: str) -> int:
        if _DIGITS.fullmatch(self.source(node)):  # digits only: no quotes, tag or sign
            return int(self.source(node))
        raise Unexpected(node, f"'{key}' không phải một số nguyên viết thường (ví dụ 3){BY_HAND}")

    def delete(self, pairs: list[tuple[Node, Node]], position: int, flow: bool, item: bool) -> None:
        """Take out the ``position``-th entry (key, value) of a mapping or item (node, node) of a
        sequence: in a flow collection with its comma; in a block one with its lines, a comment
        at the end of them kept on a line of its own."""
        first, last = pairs[position]
        if flow:
            start, end = first.start_mark.index, last.end_mark.index
            if position + 1 < len(pairs):
                end = pairs[position + 1][0].start_mark.index
            elif position > 0:
                start = pairs[position - 1][1].end_mark.index
            self.replace(start, end, "")
            return
        line, end_line = first.start_mark.line, content_end_line(last)
        before = self.lines[line][: first.start_mark.column]
        after = self.text[last.end_mark.index : self.starts[end_line]].strip()
        if before.strip() not in (("", "-") if item else ("",)) or after[:1] not in ("", "#"):
            raise Unexpected(first, f"'{first.value}' không đứng riêng trên dòng của nó{BY_HAND}")
        indent = " " * (len(before) - len(before.lstrip()))
        kept = f"{indent}{after}{self.ending(end_line - 1)}" if after else ""
        self.replace(self.starts[line], self.starts[end_line], kept)

    def flow_value(self, node: Node) -> str:
        """A scalar as it can stand in a flow collection: as written when it can, else quoted."""
        if not isinstance(node, ScalarNode):
            raise Unexpected(node, f"cần một giá trị đơn{BY_HAND}")
        text = self.source(node)
        if node.tag == _NULL:
            return "null"
        if "\n" not in text and "\r" not in text:
            if node.style in ("'", '"'):
                return text
            plain = not node.style and _FLOW_PLAIN.fullmatch(text)
            if plain and ": " not in text and " #" not in text and not text.endswith(":"):
                return text
        return json.dumps(str(node.value), ensure_ascii=False)

    # --- the changes ------------------------------------------------------------------------

    def schema_version(self, root: MappingNode) -> None:
        if "schema_version" in _entries(root):  # 1: checked by _version_problem
            node = _entries(root)["schema_version"][1]
            self.replace(node.start_mark.index, node.end_mark.index, str(SCHEMA_VERSION))
            self.changes.append(f"schema_version: 1 → {SCHEMA_VERSION}")
            return
        key = root.value[0][0]
        line = key.start_mark.line
        indent = self.lines[line][: key.start_mark.column]
        if indent.strip():
            raise Unexpected(key, f"khóa đầu tiên không đứng đầu dòng{BY_HAND}")
        blank = self.ending(line) if line > 0 and not self.lines[line - 1].strip() else ""
        new = f"{indent}schema_version: {SCHEMA_VERSION}{self.ending(line)}{blank}"
        self.replace(self.starts[line], self.starts[line], new)
        self.changes.append(f"thêm schema_version: {SCHEMA_VERSION}")

    def tasks(self, root: MappingNode) -> list[Unexpected]:
        tasks = _value(root, "tasks", SequenceNode)
        problems: list[Unexpected] = []
        counts = [0, 0]
        for task in tasks.value if tasks is not None else []:
            try:
                if not isinstance(task, MappingNode):
                    raise Unexpected(task, f"nhiệm vụ không phải ánh xạ 'khóa: giá trị'{BY_HAND}")
                counts[0] += self.criteria(task)
                counts[1] += self.to_confirm(task)
            except Unexpected as problem:
                problems.append(problem)
        if counts[0]:
            self.changes.append(f"par_field, sipas_factor → criteria ở {counts[0]} nhiệm vụ")
        if counts[1]:
            self.changes.append(
                f"to_confirm: par_field, sipas_factor → criteria ở {counts[1]} nhiệm vụ"
            )
        return problems

    def criteria(self, task: MappingNode) -> int:
        pairs = list(task.value)
        keys = [str(key.value) for key, _ in pairs]
        found = [position for position, key in enumerate(keys) if key in CRITERIA]
        if not found:
            return 0
        if "criteria" in keys:
            raise Unexpected(task, f"nhiệm vụ đã có 'criteria' bên cạnh {keys[found[0]]}{BY_HAND}")
        numbers: dict[str, int] = {}
        for position in found:
            key, value = pairs[position]
            numbers[keys[position]] = self.plain_int(value, keys[position])
            if value.end_mark.line != key.start_mark.line:
                raise Unexpected(key, f"'{key.value}' viết trên nhiều dòng{BY_HAND}")
        written = ", ".join(
            f"{index} {numbers[key]}" for key, index in CRITERIA.items() if key in numbers
        )
        place = found[0] if "par_field" not in numbers else keys.index("par_field")
        key, value = pairs[place]
        self.replace(key.start_mark.index, value.end_mark.index, f"criteria: [{written}]")
        for position in found:
            if position != place:
                self.delete(pairs, position, bool(task.flow_style), item=False)
        return 1

    def to_confirm(self, task: MappingNode) -> int:
        fields = _value(task, "to_confirm", SequenceNode)
        items = list(fields.value) if fields is not None else []
        names = [item.value if isinstance(item, ScalarNode) else None for item in items]
        found = [position for position, name in enumerate(names) if name in CRITERIA]
        if not found:
            return 0
        pairs = [(item, item) for item in items]
        for position in found:
            if position == found[0] and "criteria" not in names:
                item = items[position]
                quote = item.style if item.style in ("'", '"') else ""
                self.replace(item.start_mark.index, item.end_mark.index, f"{quote}criteria{quote}")
            else:
                self.delete(pairs, position, bool(fields.flow_style), item=True)
        return 1

    def signature(self, root: MappingNode) -> None:
        plan = _value(root, "plan", MappingNode)
        signature = _value(plan, "signature", MappingNode) if plan is not None else None
        if signature is None:
            return
        entries = _entries(signature)
        if "authority" not in entries:
            if "head_title" in entries:
                raise Unexpected(
                    entries["head_title"][0], f"có head_title mà không có authority{BY_HAND}"
                )
            return
        if "on_behalf" in entries:
            raise Unexpected(entries["on_behalf"][0], f"chữ ký đã có on_behalf{BY_HAND}")
        key, value = entries["authority"]
        if isinstance(value, ScalarNode) and value.tag == _NULL:
            raise Unexpected(value, f"authority là null{BY_HAND}")
        head = self.flow_value(entries["head_title"][1]) if "head_title" in entries else "null"
        behalf = f"on_behalf: [{{authority: {self.flow_value(value)}, of: {head}}}]"
        self.replace(key.start_mark.index, value.end_mark.index, behalf)
        if "head_title" in entries:
            pairs = list(signature.value)
            position = [str(pair[0].value) for pair in pairs].index("head_title")
            self.delete(pairs, position, bool(signature.flow_style), item=False)
        self.changes.append("signature: authority, head_title → on_behalf")

    def indexes(self, root: MappingNode) -> None:
        found = [(key, value) for key, value in root.value if str(key.value) in INDEXES]
        if not found:
            return
        if "indexes" in _entries(root):
            raise Unexpected(_entries(root)["indexes"][0], f"tệp đã có 'indexes'{BY_HAND}")
        # Every index item is indented as the first section's items were.
        key, value = found[0]
        block = isinstance(value, SequenceNode) and not value.flow_style and value.value
        dash = value.start_mark.column - key.start_mark.column if block else 2
        inner = value.value[0].start_mark.column - value.start_mark.column if block else 2
        entries = [self.index_entry(key, value, dash, max(inner, 1)) for key, value in found]
        first_start, previous_end, text = entries[0]
        indexes = f"{' ' * found[0][0].start_mark.column}indexes:{self.ending(first_start)}"
        self.replace(self.starts[first_start], self.starts[previous_end], indexes + text)
        for start, end, text in entries[1:]:
            between = self.lines[previous_end:start]
            if all(not line.strip() or line.lstrip().startswith("#") for line in between):
                self.replace(self.starts[start], self.starts[end], text)
                continue
            # Not next to the first: moved under it, with the comments right above its key.
            above = start
            while above > previous_end and self.lines[above - 1].lstrip().startswith("#"):
                above -= 1
            self.replace(self.starts[above], self.starts[end], "")
            moved = "".join(self.lines[above:start]) + text
            self.replace(self.starts[previous_end], self.starts[previous_end], moved)
        for key, value in found:
            code, _ = INDEXES[str(key.value)]
            self.changes.append(f"{key.value} → indexes ({code}, {len(value.value)} mục)")

    def index_entry(self, key: Node, value: Node, dash: int, inner: int) -> tuple[int, int, str]:
        """Lines ``start:end`` of a registry section, and its text as an item of ``indexes``:
        the items re-indented under ``items:``, each code written as text."""
        section = str(key.value)
        if not isinstance(value, SequenceNode):
            raise Unexpected(value, f"'{section}' không phải danh sách{BY_HAND}")
        code, name = INDEXES[section]
        edits = [self.code_edit(item) for item in value.value]
        start, column = key.start_mark.line, key.start_mark.column
        end = max(start + 1, content_end_line(value))
        region = split_lines(
            apply_edits(
                self.text[self.starts[start] : self.starts[end]],
                [(a - self.starts[start], b - self.starts[start], new) for a, b, new in edits],
            )
        )
        shift, eol = dash + inner, self.ending(start)
        if value.flow_style:
            if value.start_mark.line != start:
                raise Unexpected(value, f"'{section}' viết [...] bắt đầu ở dòng sau khóa{BY_HAND}")
            items, comment = f" {region[0][value.start_mark.column :]}", ""
        else:
            after = region[0][key.end_mark.column :].strip().removeprefix(":").strip()
            if after[:1] not in ("", "#"):
                raise Unexpected(value, f"dòng '{section}:' có nội dung lạ{BY_HAND}")
            items, comment = eol, f"  {after}" if after else ""
        pad, keys = " " * (column + dash), " " * (column + shift)
        head = f"{pad}- code: {code}{comment}{eol}{keys}name: {name}{eol}{keys}items:{items}"
        return start, end, head + "".join(_shifted(line, shift) for line in region[1:])

    def code_edit(self, item: Node) -> tuple[int, int, str]:
        if not isinstance(item, MappingNode) or "code" not in _entries(item):
            raise Unexpected(item, f"mục không phải ánh xạ có 'code'{BY_HAND}")
        node = _entries(item)["code"][1]
        return node.start_mark.index, node.end_mark.index, f'"{self.plain_int(node, "code")}"'
