"""What changed between two versions of a plan, in plan terms rather than lines.

Tasks and parts of tasks added or removed; progress as its dated facts (a start, a completion,
evidence and notes with their days, corrections, extensions with the day they were decided);
deadlines moved (an extension with its reason is information; a deadline edited in
place, or an extension taken out of the history, is an error; a deadline is shown as written and
as the day it resolves to, "“Quý III” (30/09/2022)"), lead units, criteria, supporting units,
funding and text changes. A part is compared like a task; what it takes from its task (a lead it
does not write, say) changes with the task and is said once, on the task.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from parplan.dates import format_date
from parplan.deadlines import Deadline
from parplan.model import Plan, Progress, Task, TaskPart
from parplan.neutralise import json_text, terminal_text
from parplan.periods import occurrence_key
from parplan.progress_diff import Change, compare_progress
from parplan.schedule import inherited
from parplan.template_filters import md_escape

__all__ = ["Change", "compare_plans", "render_changes"]


def _progress_records(task: Task, year: int) -> dict[str, tuple[Progress, date | None]]:
    """Progress of a task keyed by occurrence key, with the deadline stated for it."""
    return {
        occurrence_key(task.id, period): (progress, deadline)
        for period, progress, deadline in task.progress_records(year)
    }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _written(deadline: Deadline | None, year: int) -> dict[str, str] | None:
    """A deadline as the export writes it: as written, and resolved in the plan's year."""
    if deadline is None:
        return None
    return {"written": deadline.written, "date": deadline.resolve(year).isoformat()}


def _shown(deadline: Deadline | None, year: int) -> str:
    """ "30/11/2022", or "“Quý III” (30/09/2022)" for a deadline written in words."""
    if deadline is None:
        return "không có"
    day = format_date(deadline.resolve(year))
    return day if deadline.is_date else f"“{deadline.written}” ({day})"


def _moved_deadline(key: str, before: str, after: str, old: Any, new: Any) -> Change:
    return Change(
        "deadline-moved",
        key,
        f"thời hạn sửa thẳng từ {before} thành {after} mà không ghi gia hạn có lý do; dùng "
        "'parplan update --new-deadline … --reason …'",
        severity="error",
        before=old,
        after=new,
    )


def _deadline_changes(key: str, old: Task, new: Task, years: tuple[int, int]) -> list[Change]:
    """The deadline moved (an error: extensions record a move), or written another way for the
    same day ("Quý III" → "30/09/2022": information)."""
    before, after = _written(old.deadline, years[0]), _written(new.deadline, years[1])
    if before == after:
        return []
    shown = _shown(old.deadline, years[0]), _shown(new.deadline, years[1])
    if old.deadline_on(years[0]) != new.deadline_on(years[1]):
        return [_moved_deadline(key, *shown, before, after)]
    return [
        Change(
            "deadline-rewritten",
            key,
            f"thời hạn viết lại: {shown[0]} → {shown[1]}, vẫn là cùng một ngày",
            before=before,
            after=after,
        )
    ]


def _listed(values: tuple[str, ...] | list[str]) -> str:
    return ", ".join(values) or "không"


def _funding_text(task: Task) -> list[str]:
    return [
        f"{line.source}{f' {line.amount:,} đồng'.replace(',', '.') if line.amount else ''}"
        + (f" ({line.note})" if line.note else "")
        for line in task.funding
    ]


def _field_changes(old: Task, new: Task, follows: frozenset[str]) -> list[Change]:
    """Lead, criteria, support, funding and texts; ``follows``: the fields a part takes from its
    task in both versions (a change there is the task's, said once, on the task)."""
    key = new.id
    changes: list[Change] = []
    for field, kind, label in (
        ("lead", "lead-changed", "đơn vị chủ trì"),
        ("criteria", "criteria-changed", "chỉ số, tiêu chí"),
        ("support", "support-changed", "đơn vị phối hợp"),
    ):
        before, after = list(getattr(old, field)), list(getattr(new, field))
        if field not in follows and before != after:
            message = f"{label}: {_listed(before)} → {_listed(after)}"
            changes.append(Change(kind, key, message, before=before, after=after))
    if old.funding != new.funding:
        changes.append(
            Change(
                "funding-changed",
                key,
                f"kinh phí: {'; '.join(_funding_text(old)) or 'không'} → "
                f"{'; '.join(_funding_text(new)) or 'không'}",
                before=[line.model_dump(mode="json") for line in old.funding],
                after=[line.model_dump(mode="json") for line in new.funding],
            )
        )
    for field, label in (("title", "tên"), ("output", "sản phẩm"), ("source", "nguồn")):
        before, after = getattr(old, field), getattr(new, field)
        if field not in follows and before != after:
            changes.append(
                Change(
                    "text-changed",
                    key,
                    f"{label}: “{before}” → “{after}”",
                    before=before,
                    after=after,
                )
            )
    return changes


def _compare_task(
    old: Task, new: Task, years: tuple[int, int], follows: frozenset[str] = frozenset()
) -> list[Change]:
    key = new.id
    changes = _field_changes(old, new, follows)
    if "deadline" not in follows:
        changes += _deadline_changes(key, old, new, years)
    old_periods = old.recurrence.periods if old.recurrence else []
    new_periods = new.recurrence.periods if new.recurrence else []
    if "schedule" not in follows and (
        old_periods != new_periods or old.continuous != new.continuous
    ):
        changes.append(
            Change(
                "schedule-changed",
                key,
                f"lịch thực hiện: {', '.join(p.value for p in old_periods) or 'một lần'} → "
                f"{', '.join(p.value for p in new_periods) or 'một lần'}",
            )
        )
    old_records = _progress_records(old, years[0])
    new_records = _progress_records(new, years[1])
    for record_key, (progress, own_deadline) in new_records.items():
        previous, previous_deadline = old_records.get(record_key, (Progress(), None))
        if record_key != new.id and own_deadline != previous_deadline:
            changes.append(
                _moved_deadline(
                    record_key,
                    format_date(previous_deadline, "không có"),
                    format_date(own_deadline, "không có"),
                    _iso(previous_deadline),
                    _iso(own_deadline),
                )
            )
        changes += compare_progress(record_key, previous, progress)
    for record_key, (progress, _) in old_records.items():
        if record_key not in new_records:  # a record taken out whole: each of its facts said
            changes += compare_progress(record_key, progress, Progress())
    return changes


TASK_FIELDS = frozenset({"criteria", "source", "schedule"})
"""What a part always takes from its task."""


@dataclass(frozen=True, slots=True)
class _Work:
    """A task, or a part of a task read as a task, with the part as written and its task."""

    item: Task
    part: TaskPart | None = None
    parent: Task | None = None


def _work(plan: Plan | None) -> dict[str, _Work]:
    if plan is None:
        return {}
    work: dict[str, _Work] = {}
    for task in plan.tasks:
        work[task.id] = _Work(task)
        for part, item in zip(task.parts, task.as_parts(), strict=True):
            work[part.id] = _Work(item, part, task)
    return work


def _follows(old: _Work, new: _Work) -> frozenset[str]:
    """The fields a part takes from its task in both versions."""
    if old.part is None or new.part is None:
        return frozenset()
    return TASK_FIELDS | (set(inherited(old.part)) & set(inherited(new.part)))


def _added(work: _Work, years: tuple[int, int]) -> list[Change]:
    task = work.item
    when = (
        f"hạn {_shown(task.deadline, years[1])}"
        if task.deadline
        else "định kỳ"
        if task.recurrence
        else "thường xuyên"
    )
    lead = f"chủ trì {', '.join(task.lead)}, {when}"
    if work.parent is not None:
        message = f"thêm phần việc “{task.title}” của nhiệm vụ {work.parent.id} ({lead})"
        added = Change("part-added", task.id, message)
    else:
        added = Change("task-added", task.id, f"thêm nhiệm vụ “{task.title}” ({lead})")
    empty = task.model_copy(update={"progress": None, "occurrences": {}})
    return [
        added,
        *(c for c in _compare_task(empty, task, years) if c.kind != "deadline-moved"),
    ]


def compare_plans(old: Plan | None, new: Plan) -> list[Change]:
    """Changes from ``old`` (None: no plan yet) to ``new``, in the order of the new plan: each
    task, then its parts, compared alike; a part's fields taken from its task are the task's."""
    old_work, new_work = _work(old), _work(new)
    years = (old.year if old is not None else new.year, new.year)
    changes: list[Change] = []
    for work_id, work in new_work.items():
        previous = old_work.get(work_id)
        if previous is None:
            changes += _added(work, years)
        else:
            changes += _compare_task(previous.item, work.item, years, _follows(previous, work))
    for work_id, work in old_work.items():
        if work_id in new_work:
            continue
        if work.parent is not None:
            message = f"bỏ phần việc “{work.item.title}” của nhiệm vụ {work.parent.id}"
            changes.append(Change("part-removed", work_id, message))
        else:
            changes.append(Change("task-removed", work_id, f"bỏ nhiệm vụ “{work.item.title}”"))
    return changes


# --- Output ------------------------------------------------------------------------------------


def _summary(changes: list[Change]) -> str:
    errors = sum(1 for change in changes if change.severity == "error")
    if not changes:
        return "Không có thay đổi nào về nội dung kế hoạch."
    return f"{len(changes)} thay đổi, {errors} lỗi."


def render_changes(changes: list[Change], output_format: str, base: str, head: str) -> str:
    if output_format == "json":
        payload = {
            "base": base,
            "head": head,
            "error_count": sum(1 for c in changes if c.severity == "error"),
            "changes": [
                {
                    "kind": c.kind,
                    "key": c.key,
                    "severity": c.severity,
                    "message": c.message,
                    "before": c.before,
                    "after": c.after,
                }
                for c in changes
            ],
        }
        return json_text(json.dumps(payload, ensure_ascii=False, indent=2)) + "\n"

    # Text and Markdown show plan text with control characters escaped, one change a line;
    # JSON escapes them itself.
    def shown(text: str) -> str:
        return terminal_text(text, keep_newlines=False)

    if output_format == "md":
        lines = [f"### Thay đổi kế hoạch: {md_escape(shown(base))} → {md_escape(shown(head))}", ""]
        if changes:
            lines += ["| | Mã | Thay đổi |", "|---|---|---|"]
            for change in changes:
                mark = "❌ lỗi" if change.severity == "error" else _MD_MARKS.get(change.kind, "")
                lines.append(f"| {mark} | `{change.key}` | {md_escape(shown(change.message))} |")
            lines.append("")
        lines.append(_summary(changes))
        return "\n".join(lines) + "\n"
    lines = [f"So sánh {shown(base)} → {shown(head)}"]
    for change in changes:
        mark = "!" if change.severity == "error" else _TEXT_MARKS.get(change.kind, "~")
        suffix = " [lỗi]" if change.severity == "error" else ""
        lines.append(f"{mark} {change.key}: {shown(change.message)}{suffix}")
    lines.append(_summary(changes))
    return "\n".join(lines) + "\n"


_TEXT_MARKS = {"task-added": "+", "task-removed": "-", "part-added": "+", "part-removed": "-"}
_MD_MARKS = {
    "task-added": "thêm",
    "task-removed": "bỏ",
    "part-added": "thêm",
    "part-removed": "bỏ",
    "deadline-extended": "gia hạn",
}
