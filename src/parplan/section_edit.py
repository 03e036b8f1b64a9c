"""Entries of a list section of plan files (``measurements``, ``results``) replaced or added in
place, the plan validated with the new text, the files written as ``parplan update`` writes them.

An entry replaced keeps its lines' comments, key order and quoting: its lines are cut out, read
by ruamel.yaml's round-trip mode, changed key by key (:func:`update_mapping`) and spliced back
(:mod:`parplan.yaml_splice`). New entries go after the section's last entry, at its indentation;
a section that is empty (``measurements: []``) gets them below its key; a file without the
section gets it at its end; a plan folder without such a file gets a new file. Every other byte
of every file stays as it was, and each file is checked to read back as the data intended.

:func:`write_changes` runs under the plan's lock (:func:`parplan.editing.exclusive_update`, held
by the caller): a file that is no longer what the plan was read from raises
:class:`~parplan.update_lock.StaleRead` (read the plan again and apply again), an editor's change
between the check and the write refuses the change (:class:`~parplan.update_lock.EditRefused`),
a plan that would not validate refuses it (:class:`~parplan.errors.PlanInvalid`); nothing is
written then.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from parplan.errors import OutputExists, PlanInvalid, UsageProblem
from parplan.file_writing import write_bytes_atomically
from parplan.findings import Finding, ValidationResult
from parplan.plan_parts import PlanParts
from parplan.sections import assemble
from parplan.source_file import SourceFile
from parplan.update_checks import AFTER_CHANGE
from parplan.update_lock import (
    FileSnapshot,
    StaleRead,
    changed_meanwhile,
    check_unchanged,
    snapshot_as_read,
)
from parplan.yaml_places import resolve_findings
from parplan.yaml_problem import YamlProblem
from parplan.yaml_reader import parse_yaml
from parplan.yaml_splice import (
    Region,
    content_end_line,
    dedent,
    indent,
    nfc_plain,
    plain,
    readable_by_round_trip,
    round_trip_yaml,
    split_lines,
    with_lf,
)

__all__ = [
    "FileChange",
    "edited_text",
    "file_for_new_entries",
    "new_file_text",
    "update_mapping",
    "write_changes",
    "written",
]


@dataclass
class FileChange:
    """What changes in one plan file's section: entries replaced (by their place in the
    section) and entries added, each as plain data in the order its keys are written."""

    path: Path
    replaced: dict[int, dict[str, Any]] = field(default_factory=dict)
    added: list[dict[str, Any]] = field(default_factory=list)


Span = tuple[int, int, int]
"""Lines ``first:last`` (0-based) of the file on disk replaced by ``written`` lines."""


def file_for_new_entries(parts: PlanParts, section: str, new_name: str) -> Path:
    """The plan file new entries of ``section`` go into: the first that has the section, else
    ``new_name`` in the plan folder."""
    for source in parts.files:
        if isinstance(source.data, dict) and section in source.data:
            return source.path
    return parts.folder / new_name


def update_mapping(mapping: Any, new: dict[str, Any]) -> None:
    """Make the round-trip ``mapping`` hold ``new``: a value that is the same stays as written, a
    new key goes after the key ``new`` puts before it, a key ``new`` lacks goes."""
    from ruamel.yaml.comments import CommentedMap

    for key in [key for key in mapping if key not in new]:
        del mapping[key]
    previous: str | None = None
    for key, value in new.items():
        if isinstance(value, dict) and isinstance(mapping.get(key), CommentedMap):
            update_mapping(mapping[key], value)
        elif key not in mapping:
            keys = list(mapping.keys())
            mapping.insert(keys.index(previous) + 1 if previous in keys else 0, key, value)
        elif nfc_plain(plain(mapping[key])) != nfc_plain(plain(value)):
            mapping[key] = value
        previous = key


def write_changes(parts: PlanParts, section: str, changes: list[FileChange], header: str) -> None:
    """Apply ``changes`` to the plan's files (a file not yet there is made, ``header`` its first
    lines), validate the plan with them and write them; see the module's description."""
    texts: dict[Path, str] = {}
    spans: dict[Path, list[Span] | None] = {}
    snapshots: dict[Path, FileSnapshot | None] = {}
    boms: dict[Path, bool] = {}
    for change in changes:
        source = next((item for item in parts.files if item.path == change.path), None)
        if source is None:
            if os.path.lexists(change.path):
                raise changed_meanwhile(change.path, StaleRead)
            texts[change.path] = new_file_text(header, section, change.added)
            _check_reads_back("schema_version: 2\n", texts[change.path], section, {}, change.added)
            spans[change.path] = None
            snapshots[change.path] = None
            boms[change.path] = False
            continue
        assert source.text is not None
        snapshot = snapshot_as_read(source.path, source.text)
        texts[change.path], spans[change.path] = edited_text(
            source.text, section, change.replaced, change.added
        )
        snapshots[change.path] = snapshot
        boms[change.path] = source.bom
    _validate(parts, texts, spans)
    for path, held in snapshots.items():  # right before the renames: an editor's save wins
        if held is None:
            if os.path.lexists(path):
                raise changed_meanwhile(path)
        else:
            check_unchanged(path, held)
    for path, text in texts.items():
        data = (("\ufeff" if boms[path] else "") + text).encode("utf-8")
        try:
            write_bytes_atomically(path, data, replace=snapshots[path] is not None)
        except OutputExists:
            raise changed_meanwhile(path) from None


def new_file_text(header: str, section: str, added: list[dict[str, Any]]) -> str:
    lines = [f"# {line}".rstrip() + "\n" for line in header.splitlines()]
    body = "".join(line for item in added for line in _entry_lines(item, 2))
    return "".join(lines) + f"schema_version: 2\n\n{section}:\n" + body


def edited_text(
    text: str, section: str, replaced: dict[int, dict[str, Any]], added: list[dict[str, Any]]
) -> tuple[str, list[Span]]:
    """``text`` with the entries of ``section`` replaced and added, and the spans it changed;
    refused (:class:`UsageProblem`) when the result would not read back as intended."""
    from ruamel.yaml import YAML
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    original = split_lines(text)
    lines = [with_lf(line) for line in original]
    ending = original[0][len(lines[0]) - 1 :] if original and lines[0].endswith("\n") else "\n"
    root = YAML(typ="safe", pure=False).compose("".join(lines))
    if not isinstance(root, MappingNode) or getattr(root, "flow_style", False):
        raise _by_hand(section, "tệp không viết theo dòng 'khóa: giá trị'")
    node = next((value for key, value in root.value if key.value == section), None)
    edits: list[tuple[int, int, list[str]]] = []
    if replaced:
        assert isinstance(node, SequenceNode)
        items = _block_items(node, section)
        edits.extend(_replacement(lines, items[index], data) for index, data in replaced.items())
    if added:
        edits.append(_addition(lines, root, node, section, added))
    edits.sort(key=lambda edit: edit[0])
    out: list[str] = []
    spans: list[Span] = []
    at = 0
    for first, last, block in edits:
        out.extend(original[at:first])
        if first == len(original) and out and not out[-1].endswith(("\n", "\r")):
            out[-1] += ending  # the file's last line had no line break
        out.extend(line[:-1] + ending if line.endswith("\n") else line for line in block)
        spans.append((first, last, len(block)))
        at = last
    out.extend(original[at:])
    new_text = "".join(out)
    _check_reads_back(text, new_text, section, replaced, added)
    return new_text, spans


def _by_hand(section: str, why: str) -> UsageProblem:
    return UsageProblem(f"không sửa tự động được phần '{section}' ({why}); hãy sửa tay tệp này")


def _block_items(node: Any, section: str) -> list[Any]:
    if getattr(node, "flow_style", False) and node.value:
        raise _by_hand(
            section, "danh sách viết dạng [...]; parplan chỉ sửa danh sách viết theo dòng"
        )
    return list(node.value)


def _replacement(lines: list[str], item: Any, data: dict[str, Any]) -> tuple[int, int, list[str]]:
    """The lines of one entry, re-written to hold ``data`` (its comments and style kept)."""
    start = item.start_mark.line
    end = max(start + 1, min(content_end_line(item), len(lines)))
    column = item.start_mark.column
    region = Region(start, end, column, lines[start][:column])
    yaml = round_trip_yaml()
    mapping = yaml.load(readable_by_round_trip(dedent(lines, region)))
    update_mapping(mapping, written(data))
    buffer = io.StringIO()
    yaml.dump(mapping, buffer)
    return start, end, indent(buffer.getvalue(), region)


def _addition(
    lines: list[str], root: Any, node: Any, section: str, added: list[dict[str, Any]]
) -> tuple[int, int, list[str]]:
    """Where the new entries go and their lines: after the last entry, below the key of an empty
    section, or in a new section at the end of the file."""
    from ruamel.yaml.nodes import SequenceNode

    if isinstance(node, SequenceNode) and _block_items(node, section):
        at = min(content_end_line(node), len(lines))
        block = [line for item in added for line in _entry_lines(item, node.start_mark.column)]
        return at, at, block
    if node is None:
        at = len(lines)
        block = [line for item in added for line in _entry_lines(item, 2)]
        return at, at, ["\n", f"{section}:\n", *block]
    # "section:", "section: null", "section: []": the items go below the key.
    key = next(key for key, value in root.value if value is node)
    if node.start_mark.line != key.start_mark.line or node.end_mark.line != key.start_mark.line:
        raise _by_hand(section, "giá trị rỗng viết trên nhiều dòng")
    line = lines[key.start_mark.line]
    rest = line[node.end_mark.column :].rstrip("\n")  # a comment after the value stays
    head = line[: node.start_mark.column].rstrip() + (rest if rest.strip() else "") + "\n"
    block = [line for item in added for line in _entry_lines(item, key.start_mark.column + 2)]
    return key.start_mark.line, key.start_mark.line + 1, [head, *block]


def _entry_lines(data: dict[str, Any], column: int) -> list[str]:
    """One new entry of a block list, its dash at ``column``."""
    buffer = io.StringIO()
    round_trip_yaml().dump(written(data), buffer)
    out = []
    for number, line in enumerate(buffer.getvalue().splitlines()):
        prefix = " " * column + "- " if number == 0 else " " * (column + 2)
        out.append(prefix + line + "\n")
    return out


def written(value: Any) -> Any:
    """``value`` as the round-trip writer should write it: a mapping in the order of its keys, a
    text plain when parplan's reader reads it back as itself ("yes" or "1:20" would not), else
    quoted."""
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, item in value.items():
            mapping[key] = written(item)
        return mapping
    if not isinstance(value, str) or type(value) is not str:
        return value
    try:
        plain_reads_back = parse_yaml(f"k: {value}\n") == {"k": value}
    except YamlProblem:
        plain_reads_back = False
    if plain_reads_back and value.strip() == value:
        return value
    if value.isprintable():
        return SingleQuotedScalarString(value)
    return DoubleQuotedScalarString(value)


def _check_reads_back(
    old: str,
    new: str,
    section: str,
    replaced: dict[int, dict[str, Any]],
    added: list[dict[str, Any]],
) -> None:
    """The new text holds the old data with the section's entries replaced and added; nothing
    else differs."""
    before = nfc_plain(plain(parse_yaml(old)))
    entries = list(before.get(section) or [])
    for index, data in replaced.items():
        entries[index] = data
    entries.extend(added)
    intended = {**before, section: entries}
    try:
        after = nfc_plain(plain(parse_yaml(new)))
    except YamlProblem as problem:
        raise _by_hand(section, f"kết quả không đọc lại được: {problem}") from None
    if after != nfc_plain(plain(intended)):
        raise _by_hand(section, "kết quả đọc lại khác dữ liệu cần ghi")


def _validate(
    parts: PlanParts, texts: dict[Path, str], spans: dict[Path, list[Span] | None]
) -> None:
    """Refuse the change when the plan with the new texts would not validate; the findings name
    the lines on disk, or the place in the file as it would be."""
    sources = [
        SourceFile(source.path, text=texts[source.path], data=parse_yaml(texts[source.path]))
        if source.path in texts
        else source
        for source in parts.files
    ]
    known = {source.path for source in parts.files}
    sources.extend(
        SourceFile(path, text=text, data=parse_yaml(text))
        for path, text in texts.items()
        if path not in known
    )
    checked = assemble(parts.folder, sources)
    findings = [
        _on_disk(finding, spans[finding.file]) if finding.file in spans else finding
        for finding in resolve_findings(checked.findings, sources)
    ]
    result = ValidationResult(files=[source.path for source in sources], findings=findings)
    if not result.ok:
        raise PlanInvalid(result, action="không ghi thay đổi: kế hoạch sau khi sửa sẽ có lỗi")


def _on_disk(finding: Finding, spans: list[Span] | None) -> Finding:
    """A finding of an edited file named by its line on disk; one in lines the change writes
    (or in a new file) says where it would be."""
    if finding.line is None:
        return finding
    if spans is not None:
        delta = 0
        for first, last, written in spans:
            if finding.line - 1 < first + delta:
                break
            if finding.line - 1 < first + delta + written:
                return _after_change(finding)
            delta += written - (last - first)
        return replace(finding, line=finding.line - delta)
    return _after_change(finding)


def _after_change(finding: Finding) -> Finding:
    place = f"dòng {finding.line}, cột {finding.column or 1}"
    message = f"{finding.message} ({AFTER_CHANGE}: {place})"
    return replace(finding, line=None, column=None, message=message)
