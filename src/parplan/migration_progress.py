"""Progress records moved from format 1 to dated facts (format 2), placed by their nodes.

Format 1 wrote a record's state (``status``) and left most facts undated; format 2 writes only
facts, each with its day. A record becomes:

- ``status: done`` (with its ``done_on``): the ``done_on`` alone, ``status`` taken out;
- ``status: in_progress``: ``started_on: <U>`` in its place;
- ``status: not_started`` (or none): nothing, ``status`` taken out;
- each evidence text: ``{on: <done_on>, text: …}`` for work done, else ``{on: <U>, text: …}``;
  each note: ``{on: <U>, text: …}``;
- each extension without ``decided_on``: ``decided_on: <U>`` added.

``<U>`` is the day the undated facts were known by at the latest (:class:`UndatedDay`: the day
``--undated-on`` gives, else that of the file's last git commit, else the file's modification
day). What format 1 said inconsistently (done without a day, a day on work not done, evidence of
work never started) is not guessed: it is an :class:`Unexpected` at its place, to fix by hand.
:func:`migrated_progress` is what the data becomes, which the edited text is checked against.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from parplan.dates import format_date
from parplan.migration_splice import BY_HAND, Splicer, Unexpected
from parplan.yaml_splice import content_end_line

__all__ = ["ProgressSplicer", "UndatedDay", "migrated_progress", "undated_day"]

_NULL = "tag:yaml.org,2002:null"
_STATES = ("done", "in_progress", "not_started")


@dataclass(frozen=True, slots=True)
class UndatedDay:
    """The day a migration gives the facts format 1 left undated, and why that day."""

    day: date
    reason: str

    @property
    def written(self) -> str:
        return format_date(self.day)


def _last_commit_day(path: Path) -> date | None:
    """The day of the last git commit of ``path`` when the file is committed as it stands
    (no change since), else None: not in a repository, untracked, changed, or no git."""
    folder, name = path.parent, path.name
    try:
        changed = subprocess.run(
            ["git", "status", "--porcelain", "--", name],
            cwd=folder,
            capture_output=True,
            check=False,
        )
        if changed.returncode != 0 or changed.stdout.strip():
            return None
        logged = subprocess.run(
            ["git", "log", "-1", "--format=%ad", "--date=short", "--", name],
            cwd=folder,
            capture_output=True,
            check=False,
        )
    except OSError:
        return None
    written = logged.stdout.decode(errors="replace").strip()
    if logged.returncode != 0 or not written:
        return None
    try:
        return date.fromisoformat(written)
    except ValueError:
        return None


def undated_day(path: Path, given: date | None = None) -> UndatedDay:
    """The day for ``path``'s undated facts: ``given`` (``--undated-on``), else the day of the
    file's last git commit (when it has no change since), else its modification day."""
    if given is not None:
        return UndatedDay(given, "ngày ghi ở --undated-on")
    committed = _last_commit_day(path)
    if committed is not None:
        return UndatedDay(committed, "ngày của lần commit cuối cùng của tệp trong git")
    modified = date.fromtimestamp(path.stat().st_mtime)
    return UndatedDay(
        modified,
        "ngày sửa tệp lần cuối, vì tệp không nằm trong git hoặc có thay đổi chưa commit",
    )


# --- the data ----------------------------------------------------------------------------------


def _records(task: dict[str, Any]) -> list[dict[str, Any]]:
    """The progress records of a task's data: its own, its periods', its parts'."""
    found = [task.get("progress")]
    occurrences = task.get("occurrences")
    if isinstance(occurrences, dict):
        found += list(occurrences.values())
    parts = task.get("parts")
    if isinstance(parts, list):
        found += [part.get("progress") for part in parts if isinstance(part, dict)]
    return [record for record in found if isinstance(record, dict)]


def migrated_progress(tasks: Any, undated: UndatedDay | None) -> None:
    """What the progress records of ``tasks`` (a file's data, changed in place) hold in format 2."""
    day = undated.written if undated is not None else None
    for task in tasks if isinstance(tasks, list) else []:
        if not isinstance(task, dict):
            continue
        for record in _records(task):
            status = record.pop("status", None)
            if status == "in_progress":
                record["started_on"] = day
            done = record.get("done_on") if status == "done" else None
            for key, on in (("evidence", done or day), ("notes", day)):
                if isinstance(record.get(key), list):
                    record[key] = [{"on": on, "text": text} for text in record[key]]
            for extension in record.get("extensions") or []:
                if isinstance(extension, dict) and "decided_on" not in extension:
                    extension["decided_on"] = day


# --- the text ----------------------------------------------------------------------------------


def _entries(mapping: MappingNode) -> dict[str, tuple[Node, Node]]:
    return {str(key.value): (key, value) for key, value in mapping.value}


def _given(entry: tuple[Node, Node] | None) -> Node | None:
    """The value of an entry that is written and not null."""
    if entry is None or (isinstance(entry[1], ScalarNode) and entry[1].tag == _NULL):
        return None
    return entry[1]


class ProgressSplicer:
    """The edits that write one file's progress records as dated facts, recorded on a
    :class:`Splicer` of the file's text."""

    def __init__(
        self, splicer: Splicer, undated: UndatedDay | Callable[[], UndatedDay] | None
    ) -> None:
        self.splicer = splicer
        self.source = undated
        self.undated: UndatedDay | None = None
        """``<U>``, once a fact needed it (then the data is checked against it)."""
        self.records = 0

    def undated_text(self, node: Node | None) -> str:
        """``<U>`` as written, found the first time it is needed; a problem at ``node`` when
        there is none."""
        if self.undated is None:
            if self.source is None:
                raise Unexpected(node, f"cần một ngày cho các sự việc không ghi ngày{BY_HAND}")
            self.undated = self.source if isinstance(self.source, UndatedDay) else self.source()
        return self.undated.written

    def run(self, root: MappingNode) -> list[Unexpected]:
        """Record the edits of every progress record of the file; the problems found."""
        tasks = _given(_entries(root).get("tasks"))
        problems: list[Unexpected] = []
        for task in tasks.value if isinstance(tasks, SequenceNode) else []:
            if not isinstance(task, MappingNode):
                continue  # the other steps say so
            for key, record in self._records(task):
                try:
                    self.records += self.record(key, record)
                except Unexpected as problem:
                    problems.append(problem)
        if self.records:
            said = f"tiến độ ghi thành sự việc có ngày ở {self.records} bản ghi"
            if self.undated is not None:
                said += (
                    f"; sự việc không ghi ngày lấy ngày {self.undated.written} "
                    f"({self.undated.reason})"
                )
            self.splicer.changes.append(said)
        return problems

    def _records(self, task: MappingNode) -> list[tuple[Node, Node]]:
        entries = _entries(task)
        found = [entries["progress"]] if _given(entries.get("progress")) is not None else []
        occurrences = _given(entries.get("occurrences"))
        if isinstance(occurrences, MappingNode):
            found += [pair for pair in occurrences.value if _given(pair) is not None]
        parts = _given(entries.get("parts"))
        for part in parts.value if isinstance(parts, SequenceNode) else []:
            if isinstance(part, MappingNode) and _given(_entries(part).get("progress")):
                found.append(_entries(part)["progress"])
        return found

    def record(self, key: Node, record: Node) -> int:
        """The edits of one record (1 when it changes, else 0)."""
        if not isinstance(record, MappingNode):
            raise Unexpected(record, f"tiến độ không phải ánh xạ 'khóa: giá trị'{BY_HAND}")
        entries = _entries(record)
        before = len(self.splicer.edits)
        status = self.status(record, entries)
        done = _given(entries.get("done_on")) if status == "done" else None
        for name in ("evidence", "notes"):
            items = _given(entries.get(name))
            if items is None:
                continue
            if not isinstance(items, SequenceNode):
                raise Unexpected(items, f"'{name}' không phải danh sách{BY_HAND}")
            for item in items.value:
                on = self.splicer.flow_value(done) if done and name == "evidence" else None
                self.dated(item, on or self.undated_text(item))
        extensions = _given(entries.get("extensions"))
        if extensions is not None:
            if not isinstance(extensions, SequenceNode):
                raise Unexpected(extensions, f"'extensions' không phải danh sách{BY_HAND}")
            for extension in extensions.value:
                self.decided(extension)
        if status is not None:
            self.status_edit(key, record, status)
        return 1 if len(self.splicer.edits) > before else 0

    def status(self, record: MappingNode, entries: dict[str, tuple[Node, Node]]) -> str | None:
        """The record's ``status`` (None when it writes none), checked against its facts."""
        entry = entries.get("status")
        node = entry[1] if entry is not None else record
        status = entry[1].value if entry is not None and isinstance(entry[1], ScalarNode) else None
        if entry is not None and status not in _STATES:
            raise Unexpected(entry[1], f"'status' không phải {', '.join(_STATES)}{BY_HAND}")
        done = _given(entries.get("done_on")) is not None
        if status == "done" and not done:
            raise Unexpected(
                node,
                "'status: done' mà không có ngày hoàn thành: ghi 'done_on: <ngày>' rồi chạy lại "
                "(định dạng 2 ghi việc hoàn thành bằng ngày hoàn thành)",
            )
        if status != "done" and done:
            raise Unexpected(
                entries["done_on"][1],
                f"có 'done_on' mà trạng thái là '{status or 'not_started'}': ghi 'status: done' "
                "hoặc bỏ 'done_on' rồi chạy lại",
            )
        evidence = _given(entries.get("evidence"))
        if (
            status in (None, "not_started")
            and isinstance(evidence, SequenceNode)
            and evidence.value
        ):
            raise Unexpected(
                node,
                "có 'evidence' mà chưa ghi bắt đầu thực hiện: ở định dạng 2 có tài liệu kiểm chứng"
                " là đã bắt đầu; ghi 'status: in_progress' (hoặc done) hoặc bỏ 'evidence' rồi "
                "chạy lại",
            )
        return status

    def dated(self, item: Node, on: str) -> None:
        """An evidence or note text written as ``{on: …, text: …}`` in its place."""
        if not isinstance(item, ScalarNode) or item.tag == _NULL:
            raise Unexpected(item, f"mỗi tài liệu, ghi chú phải là một dòng chữ{BY_HAND}")
        source = self.splicer.source(item)
        ending = source[len(source.rstrip("\r\n")) :]  # a block scalar ends after its line break
        new = f"{{on: {on}, text: {self.splicer.flow_value(item)}}}{ending}"
        self.splicer.replace(item.start_mark.index, item.end_mark.index, new)

    def decided(self, extension: Node) -> None:
        """``decided_on: <U>`` added to an extension that has none."""
        if not isinstance(extension, MappingNode) or not extension.value:
            raise Unexpected(extension, f"lần gia hạn không phải ánh xạ 'khóa: giá trị'{BY_HAND}")
        entries = _entries(extension)
        if "decided_on" in entries:
            if _given(entries["decided_on"]) is None:
                raise Unexpected(entries["decided_on"][0], f"'decided_on' để trống{BY_HAND}")
            return
        day = self.undated_text(extension)
        last_key, last = extension.value[-1]
        if extension.flow_style:
            end = last.end_mark.index
            self.splicer.replace(end, end, f", decided_on: {day}")
            return
        first_key = extension.value[0][0]
        line = content_end_line(last)
        column = first_key.start_mark.column
        if line <= last_key.start_mark.line or line > len(self.splicer.lines):
            raise Unexpected(last_key, f"không thêm được 'decided_on'{BY_HAND}")
        start = self.splicer.starts[line]
        text = self.splicer.text
        before = self.splicer.eol if start == len(text) and not text.endswith(("\n", "\r")) else ""
        new = f"{before}{' ' * column}decided_on: {day}{self.splicer.ending(line - 1)}"
        self.splicer.replace(start, start, new)

    def status_edit(self, key: Node, record: MappingNode, status: str) -> None:
        """``status`` taken out, or (in progress) written ``started_on: <U>`` in its place."""
        pairs = list(record.value)
        position = [str(pair[0].value) for pair in pairs].index("status")
        status_key, value = pairs[position]
        if status == "in_progress":
            between = self.splicer.text[status_key.end_mark.index : value.start_mark.index]
            if "#" in between:
                raise Unexpected(status_key, f"chú thích giữa 'status' và giá trị{BY_HAND}")
            day = self.undated_text(value)
            self.splicer.replace(
                status_key.start_mark.index, value.end_mark.index, f"started_on: {day}"
            )
            return
        if len(pairs) > 1 or record.flow_style:
            self.splicer.delete(pairs, position, bool(record.flow_style), item=False)
            return
        # The only entry of a block mapping: the record is written {} after its key.
        between = self.splicer.text[key.end_mark.index : value.end_mark.index]
        if "#" in between:
            raise Unexpected(status_key, f"chú thích giữa khóa và 'status'{BY_HAND}")
        self.splicer.replace(key.end_mark.index, value.end_mark.index, ": {}")
