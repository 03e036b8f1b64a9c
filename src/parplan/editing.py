"""Recording progress in a plan file, changing only the lines of one task.

The task's lines are cut out of the file, read with ruamel.yaml's round-trip mode (comments, key
order, quoting and folding kept), changed, written back with the same indentation and spliced into
the file in place: every other byte of the file stays as it was. The whole plan is validated with
the new text before anything is written, and the write is atomic.
"""

from __future__ import annotations

import difflib
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from parplan.errors import PlanInvalid, UsageProblem
from parplan.findings import ValidationResult
from parplan.loading import Located, PlanParts, assemble, read_source, resolve_findings
from parplan.model import Task
from parplan.output import write_text_atomically
from parplan.periods import Period, parse_period
from parplan.text import fold, nfc
from parplan.yamlio import parse_yaml

__all__ = ["ProgressChange", "UpdateResult", "parse_status", "round_trip_yaml", "update_task"]

_STATUS_WORDS = {  # folded: no case, no diacritics, "_" read as a space
    "not started": "not_started",
    "chua thuc hien": "not_started",
    "chua bat dau": "not_started",
    "in progress": "in_progress",
    "dang thuc hien": "in_progress",
    "dang lam": "in_progress",
    "done": "done",
    "hoan thanh": "done",
    "da hoan thanh": "done",
    "xong": "done",
}


def parse_status(text: str) -> str:
    """A status code from a code or its Vietnamese words ("hoàn thành", "đang thực hiện")."""
    code = _STATUS_WORDS.get(fold(text))
    if code is None:
        raise UsageProblem(
            f"trạng thái '{text}' không hợp lệ; dùng: not_started (chưa thực hiện), "
            "in_progress (đang thực hiện), done (hoàn thành)"
        )
    return code


@dataclass(frozen=True)
class ProgressChange:
    """What ``parplan update`` was asked to record."""

    status: str | None = None
    done_on: date | None = None
    evidence: str | None = None
    note: str | None = None
    new_deadline: date | None = None
    reason: str | None = None
    decided_on: date | None = None
    document: str | None = None

    def is_empty(self) -> bool:
        return all(
            value is None
            for value in (self.status, self.done_on, self.evidence, self.note, self.new_deadline)
        )


def _normalised(change: ProgressChange) -> ProgressChange:
    """Text as plan files keep it: NFC, without surrounding white space."""
    from dataclasses import replace

    def clean(value: str | None) -> str | None:
        return nfc(value).strip() if value is not None else None

    return replace(
        change,
        evidence=clean(change.evidence),
        note=clean(change.note),
        reason=clean(change.reason),
        document=clean(change.document),
    )


@dataclass(frozen=True)
class UpdateResult:
    file: Path
    changed: bool
    key: str


def round_trip_yaml() -> Any:
    """ruamel.yaml in round-trip mode, set up as plan files are written."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    # Keep "null" written as such (ruamel writes an empty value by default).
    yaml.representer.add_representer(
        type(None),
        lambda representer, _: representer.represent_scalar("tag:yaml.org,2002:null", "null"),
    )
    return yaml


def _date_text(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def _apply(progress: Any, change: ProgressChange) -> None:
    """Change a round-trip mapping of progress in place."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if change.status is not None:
        progress["status"] = change.status
        if change.status != "done" and "done_on" in progress and change.done_on is None:
            del progress["done_on"]
    if change.done_on is not None:
        progress["done_on"] = _date_text(change.done_on)
    for key, value in (("evidence", change.evidence), ("notes", change.note)):
        if value is None:
            continue
        items = progress.get(key)
        if items is None:
            progress[key] = CommentedSeq([value])
        elif value not in items:
            items.append(value)
    if change.new_deadline is not None:
        extension = CommentedMap()
        extension["deadline"] = _date_text(change.new_deadline)
        extension["reason"] = change.reason
        if change.decided_on is not None:
            extension["decided_on"] = _date_text(change.decided_on)
        if change.document is not None:
            extension["document"] = change.document
        extensions = progress.get("extensions")
        if extensions is None:
            progress["extensions"] = CommentedSeq([extension])
        else:
            extensions.append(extension)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@dataclass
class _Region:
    start: int
    end: int
    column: int
    first_prefix: str


def _task_region(lines: list[str], text: str, index: int) -> _Region:
    """Lines ``start:end`` of the ``index``-th item of ``tasks``: from its dash to its last line
    of content (comments and blank lines after it stay outside)."""
    from ruamel.yaml import YAML

    root = YAML(typ="safe", pure=False).compose(text)
    tasks = next(value for key, value in root.value if key.value == "tasks")
    item = tasks.value[index]
    start = item.start_mark.line
    end = tasks.value[index + 1].start_mark.line if index + 1 < len(tasks.value) else None
    if end is None:
        end = tasks.end_mark.line + (1 if tasks.end_mark.column else 0)
        end = min(max(end, start + 1), len(lines))
    while end > start + 1 and (
        not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")
    ):
        end -= 1
    column = item.start_mark.column
    return _Region(start, end, column, lines[start][:column])


def _dedent(lines: list[str], region: _Region) -> str:
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


def _indent(snippet: str, region: _Region) -> list[str]:
    out = []
    for number, line in enumerate(snippet.splitlines(keepends=True)):
        if number == 0:
            out.append(region.first_prefix + line)
        elif line.strip():
            out.append(" " * region.column + line)
        else:
            out.append(line)
    return out


def _choose(parts: PlanParts, task_id: str) -> Located[Task]:
    found = [located for located in parts.tasks if located.value.id == task_id]
    if found:
        return found[0]
    ids = [located.value.id for located in parts.tasks]
    near = difflib.get_close_matches(task_id.upper(), ids, n=5, cutoff=0.5)
    if near:
        raise UsageProblem(f"không có nhiệm vụ '{task_id}'. Các mã gần nhất: {', '.join(near)}")
    raise UsageProblem(f"không có nhiệm vụ '{task_id}'. Một số mã: {', '.join(ids[:10])}")


def _period_for(task: Task, occurrence: str | None) -> Period | None:
    periods = task.recurrence.periods if task.recurrence is not None else []
    if occurrence is None:
        if periods:
            listed = ", ".join(f"{p.value} ({p.label})" for p in periods)
            raise UsageProblem(
                f"nhiệm vụ {task.id} là nhiệm vụ định kỳ: chọn kỳ bằng --occurrence ({listed})"
            )
        return None
    period = parse_period(occurrence)
    if not periods:
        raise UsageProblem(f"nhiệm vụ {task.id} không định kỳ: bỏ --occurrence")
    if period is None or period not in periods:
        listed = ", ".join(f"{p.value} ({p.label})" for p in periods)
        raise UsageProblem(f"nhiệm vụ {task.id} không có kỳ '{occurrence}'; các kỳ: {listed}")
    return period


def update_task(
    parts: PlanParts, task_id: str, occurrence: str | None, change: ProgressChange
) -> UpdateResult:
    """Record ``change`` on a task (or one occurrence) of a valid plan, in its file, in place."""
    if change.is_empty():
        raise UsageProblem(
            "không có gì để ghi: dùng --status, --done-on, --evidence, --note hoặc --new-deadline"
        )
    if change.new_deadline is not None and not change.reason:
        raise UsageProblem("gia hạn (--new-deadline) cần lý do: --reason")
    change = _normalised(change)
    located = _choose(parts, task_id)
    task = located.value
    period = _period_for(task, occurrence)
    key = f"{task.id}@{period.value}" if period is not None else task.id
    source = next(s for s in parts.files if s.path == located.file)
    assert source.text is not None
    text = source.text
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.replace("\r\n", "\n").splitlines(keepends=True)
    plain_text = "".join(lines)
    index = int(located.path[-1])
    region = _task_region(lines, plain_text, index)
    snippet = _dedent(lines, region)

    yaml = round_trip_yaml()
    data = yaml.load(snippet)
    from ruamel.yaml.comments import CommentedMap

    if period is None:
        container = data
        progress_key: str = "progress"
    else:
        if "occurrences" not in data or data["occurrences"] is None:
            data["occurrences"] = CommentedMap()
        container = data["occurrences"]
        progress_key = period.value
    before = _plain(container.get(progress_key))
    if container.get(progress_key) is None:
        container[progress_key] = CommentedMap()
    _apply(container[progress_key], change)
    if _plain(container[progress_key]) == before:
        return UpdateResult(located.file, changed=False, key=key)

    buffer = io.StringIO()
    yaml.dump(data, buffer)
    new_lines = [*lines[: region.start], *_indent(buffer.getvalue(), region), *lines[region.end :]]
    new_text = "".join(new_lines)
    if newline != "\n":
        new_text = new_text.replace("\n", newline)

    _validate_with(parts, source.path, new_text)
    write_text_atomically(source.path, new_text)
    return UpdateResult(located.file, changed=True, key=key)


def _validate_with(parts: PlanParts, path: Path, new_text: str) -> None:
    """Refuse the change when the plan with the new text of ``path`` would not validate."""
    from parplan.loading import SourceFile

    sources = []
    for source in parts.files:
        if source.path == path:
            sources.append(SourceFile(path, text=new_text, data=parse_yaml(new_text)))
        else:
            sources.append(read_source(source.path))
    checked = assemble(parts.folder, sources)
    findings = resolve_findings(checked.findings, sources)
    result = ValidationResult(files=[s.path for s in sources], findings=findings)
    if not result.ok:
        raise PlanInvalid(result, action="không ghi thay đổi: kế hoạch sau khi sửa sẽ có lỗi")
