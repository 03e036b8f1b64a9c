"""What changed between two versions of a plan, in plan terms rather than lines.

Tasks added or removed, status changes, completion dates and evidence recorded, deadlines moved
(an extension with its reason is information; a deadline edited in place, or an extension taken
out of the history, is an error), lead unit and text changes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from parplan.dates import format_date
from parplan.model import STATUS_LABELS, Plan, Progress, Task
from parplan.neutralise import json_text, terminal_text
from parplan.periods import occurrence_key
from parplan.template_filters import md_escape

__all__ = ["Change", "compare_plans", "render_changes"]

Severity = Literal["info", "error"]


@dataclass(frozen=True, slots=True)
class Change:
    kind: str
    key: str
    message: str
    severity: Severity = "info"
    before: Any = None
    after: Any = None


def _progress_records(task: Task, year: int) -> dict[str, tuple[Progress, date | None]]:
    """Progress of a task keyed by occurrence key, with the deadline stated for it."""
    return {
        occurrence_key(task.id, period): (progress, deadline)
        for period, progress, deadline in task.progress_records(year)
    }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _compare_progress(key: str, old: Progress, new: Progress) -> list[Change]:
    changes: list[Change] = []
    if old.status != new.status:
        changes.append(
            Change(
                "status-changed",
                key,
                f"trạng thái: {STATUS_LABELS[old.status]} → {STATUS_LABELS[new.status]}",
                before=old.status,
                after=new.status,
            )
        )
    if old.done_on != new.done_on:
        what = (
            f"ngày hoàn thành {format_date(new.done_on)}"
            if old.done_on is None
            else f"ngày hoàn thành: {format_date(old.done_on)} → {format_date(new.done_on, 'bỏ')}"
        )
        changes.append(
            Change("done-on-changed", key, what, before=_iso(old.done_on), after=_iso(new.done_on))
        )
    changes += [
        Change("evidence-added", key, f"thêm tài liệu kiểm chứng: {item}", after=item)
        for item in new.evidence
        if item not in old.evidence
    ]
    changes += [
        Change("evidence-removed", key, f"bỏ tài liệu kiểm chứng: {item}", before=item)
        for item in old.evidence
        if item not in new.evidence
    ]
    changes += [
        Change("note-added", key, f"thêm ghi chú: {item}", after=item)
        for item in new.notes
        if item not in old.notes
    ]
    kept = len(old.extensions)
    if new.extensions[:kept] != old.extensions:
        changes.append(
            Change(
                "extension-rewritten",
                key,
                "lịch sử gia hạn bị sửa hoặc xóa: thời hạn cũ phải giữ lại trong 'extensions'",
                severity="error",
            )
        )
    else:
        changes += [
            Change(
                "deadline-extended",
                key,
                f"gia hạn đến {format_date(extension.deadline)}, lý do: {extension.reason}",
                after=extension.deadline.isoformat(),
            )
            for extension in new.extensions[kept:]
        ]
    return changes


def _moved_deadline(key: str, old: date | None, new: date | None) -> Change:
    return Change(
        "deadline-moved",
        key,
        f"thời hạn sửa thẳng từ {format_date(old)} thành {format_date(new)} mà không ghi gia hạn "
        "có lý do; dùng 'parplan update --new-deadline … --reason …'",
        severity="error",
        before=_iso(old),
        after=_iso(new),
    )


def _compare_task(old: Task, new: Task, years: tuple[int, int]) -> list[Change]:
    changes: list[Change] = []
    key = new.id
    if old.lead != new.lead:
        changes.append(
            Change(
                "lead-changed",
                key,
                f"đơn vị chủ trì: {', '.join(old.lead)} → {', '.join(new.lead)}",
                before=list(old.lead),
                after=list(new.lead),
            )
        )
    if old.criteria != new.criteria:
        changes.append(
            Change(
                "criteria-changed",
                key,
                f"chỉ số, tiêu chí: {', '.join(old.criteria) or 'không'} → "
                f"{', '.join(new.criteria) or 'không'}",
                before=list(old.criteria),
                after=list(new.criteria),
            )
        )
    if old.support != new.support:
        changes.append(
            Change(
                "support-changed",
                key,
                f"đơn vị phối hợp: {', '.join(old.support) or 'không'} → "
                f"{', '.join(new.support) or 'không'}",
                before=list(old.support),
                after=list(new.support),
            )
        )
    for field, label in (("title", "tên"), ("output", "sản phẩm"), ("source", "nguồn")):
        before, after = getattr(old, field), getattr(new, field)
        if before != after:
            changes.append(
                Change(
                    "text-changed",
                    key,
                    f"{label}: “{before}” → “{after}”",
                    before=before,
                    after=after,
                )
            )
    if old.deadline_on(years[0]) != new.deadline_on(years[1]):
        changes.append(_moved_deadline(key, old.deadline_on(years[0]), new.deadline_on(years[1])))
    old_periods = old.recurrence.periods if old.recurrence else []
    new_periods = new.recurrence.periods if new.recurrence else []
    if old_periods != new_periods or old.continuous != new.continuous:
        changes.append(
            Change(
                "schedule-changed",
                key,
                f"lịch thực hiện: {', '.join(p.value for p in old_periods) or 'một lần'} → "
                f"{', '.join(p.value for p in new_periods) or 'một lần'}",
            )
        )
    old_records = _progress_records(old, years[0])
    for record_key, (progress, own_deadline) in _progress_records(new, years[1]).items():
        previous, previous_deadline = old_records.get(record_key, (Progress(), None))
        if record_key != new.id and own_deadline != previous_deadline:
            changes.append(_moved_deadline(record_key, previous_deadline, own_deadline))
        changes += _compare_progress(record_key, previous, progress)
    return changes


def compare_plans(old: Plan | None, new: Plan) -> list[Change]:
    """Changes from ``old`` (None: no plan yet) to ``new``, in the order of the new plan."""
    old_tasks = {task.id: task for task in old.work_items()} if old is not None else {}
    new_ids = {task.id for task in new.work_items()}
    years = (old.year if old is not None else new.year, new.year)
    changes: list[Change] = []
    for task in new.work_items():
        previous = old_tasks.get(task.id)
        if previous is None:
            when = (
                f"hạn {task.deadline.written}"
                if task.deadline
                else "định kỳ"
                if task.recurrence
                else "thường xuyên"
            )
            changes.append(
                Change(
                    "task-added",
                    task.id,
                    f"thêm nhiệm vụ “{task.title}” (chủ trì {', '.join(task.lead)}, {when})",
                )
            )
            empty = task.model_copy(update={"progress": None, "occurrences": {}})
            changes += [c for c in _compare_task(empty, task, years) if c.kind != "deadline-moved"]
        else:
            changes += _compare_task(previous, task, years)
    changes += [
        Change("task-removed", task_id, f"bỏ nhiệm vụ “{task.title}”")
        for task_id, task in old_tasks.items()
        if task_id not in new_ids
    ]
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


_TEXT_MARKS = {"task-added": "+", "task-removed": "-"}
_MD_MARKS = {"task-added": "thêm", "task-removed": "bỏ", "deadline-extended": "gia hạn"}
