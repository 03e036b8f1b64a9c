"""Rules on the parts of a task (``parts:``): a task with parts is tracked through them, and each
part is checked like a task for what it writes itself.

The rule ids are listed, with every other rule, in the docstring of :mod:`parplan.rules`.
"""

from __future__ import annotations

from parplan.model import Task
from parplan.plan_parts import Located, PlanParts
from parplan.rules_progress import date_rules
from parplan.rules_tasks import unit_rules

__all__ = ["part_rules"]

_OWN_SCHEDULE = {
    "progress": "tiến độ ghi ở từng phần việc ('parts[…].progress'); nhiệm vụ hoàn thành khi "
    "mọi phần việc hoàn thành",
    "recurrence": "mỗi phần việc là một lần thực hiện có thời hạn riêng; tách phần định kỳ "
    "thành nhiệm vụ riêng",
    "occurrences": "tiến độ ghi ở từng phần việc ('parts[…].progress'), không theo kỳ",
}


def part_rules(parts: PlanParts, located: Located[Task]) -> None:
    """A task with parts has no progress or periods of its own (``parts-conflict``); each part
    is checked like a task: units, deadlines in the plan's year, extensions, completion; a part
    with no deadline needs its task's (``schedule-missing``)."""
    task = located.value
    if not task.parts:
        return
    written = {
        "progress": task.progress is not None,
        "recurrence": task.recurrence is not None,
        "occurrences": bool(task.occurrences),
    }
    for key, reason in _OWN_SCHEDULE.items():
        if written[key]:
            parts.problem(
                located.file,
                "parts-conflict",
                f"nhiệm vụ có 'parts' thì không ghi '{key}' của riêng nó: {reason}; bỏ '{key}'",
                (*located.path, key),
                at_key=True,
            )
    for position, (part, as_task) in enumerate(zip(task.parts, task.as_parts(), strict=True)):
        # The part alone: the task's periods and their progress are not the part's.
        alone = as_task.model_copy(update={"recurrence": None, "occurrences": {}})
        part_located = Located(alone, located.file, (*located.path, "parts", position))
        unit_rules(
            parts,
            part_located,
            own_lead=part.lead is not None,
            own_support=part.support is not None,
        )
        if alone.deadline is None and not alone.continuous:
            parts.problem(
                located.file,
                "schedule-missing",
                f"phần việc '{part.id}' chưa có thời hạn, và nhiệm vụ cũng không có: ghi "
                "'deadline' cho phần việc (hoặc cho cả nhiệm vụ), hoặc 'continuous: true' ở "
                "nhiệm vụ nếu là việc thường xuyên",
                part_located.path,
            )
        date_rules(parts, part_located, own_deadline=part.deadline is not None)
