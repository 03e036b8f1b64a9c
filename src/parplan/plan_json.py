"""The validated, normalised plan as JSON: the machine interface for other tools.

Everything the plan files say, in the shape of format 2 (``schema_version``): the document with
its outline and signature, units, indexes as a tree of criteria, targets, results, and tasks. A
task's ``lead`` is always a list; a deadline is ``{"written": "Quý III", "date": "2022-09-30"}``,
as written and resolved in the plan's year. Each part of a task carries the values in force for
it (its own, or the task's where it says nothing: ``inherited`` names those fields), and every
task and part its ``support_units`` (``all`` expanded) and ``schedule``: its occurrences with
their deadlines in force. A task in parts has no occurrence of its own: each part is one.
"""

from __future__ import annotations

import json
from typing import Any

from parplan import __version__
from parplan.deadlines import Deadline
from parplan.model import SCHEMA_VERSION, Plan, Task
from parplan.neutralise import json_text
from parplan.schedule import Occurrence, expand, inherited

__all__ = ["plan_json", "plan_payload"]


def _deadline(deadline: Deadline | None, year: int) -> dict[str, str] | None:
    if deadline is None:
        return None
    return {"written": deadline.written, "date": deadline.resolve(year).isoformat()}


def _occurrence(occurrence: Occurrence) -> dict[str, Any]:
    return {
        "key": occurrence.key,
        "period": occurrence.period.value if occurrence.period else None,
        "period_label": occurrence.period.label if occurrence.period else None,
        "deadline": occurrence.deadline.isoformat() if occurrence.deadline else None,
        "original_deadline": (
            occurrence.original_deadline.isoformat() if occurrence.original_deadline else None
        ),
        "continuous": occurrence.continuous,
        "status": occurrence.progress.status,
        "done_on": occurrence.progress.done_on.isoformat() if occurrence.progress.done_on else None,
        "parent": occurrence.parent.id if occurrence.parent is not None else None,
    }


def _in_force(
    plan: Plan, work: Task, data: dict[str, Any], schedules: dict[str, list[dict[str, Any]]]
) -> None:
    """Complete ``data`` (a task or part as dumped) with the values in force for ``work``."""
    data["lead"] = list(work.lead)
    data["support"] = list(work.support)
    data["deadline"] = _deadline(work.deadline, plan.year)
    data["output"] = work.output
    data["support_units"] = list(work.supporting_units(plan.departments))
    data["schedule"] = schedules.get(work.id, [])


def plan_payload(plan: Plan) -> dict[str, Any]:
    """The plan as plain JSON data, with every task's occurrences and their deadlines in force."""
    payload: dict[str, Any] = {"parplan_version": __version__, "schema_version": SCHEMA_VERSION}
    payload.update(plan.model_dump(mode="json"))
    schedules: dict[str, list[dict[str, Any]]] = {}
    for occurrence in expand(plan):
        schedules.setdefault(occurrence.task.id, []).append(_occurrence(occurrence))
    for task, task_data in zip(plan.tasks, payload["tasks"], strict=True):
        _in_force(plan, task, task_data, schedules)
        for part, work, part_data in zip(
            task.parts, task.as_parts(), task_data["parts"], strict=True
        ):
            _in_force(plan, work, part_data, schedules)
            part_data["inherited"] = inherited(part)
    return payload


def plan_json(plan: Plan) -> str:
    return json_text(json.dumps(plan_payload(plan), ensure_ascii=False, indent=2)) + "\n"
