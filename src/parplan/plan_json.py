"""The validated, normalised plan as JSON: the machine interface for other tools."""

from __future__ import annotations

import json
from typing import Any

from parplan import __version__
from parplan.model import Plan
from parplan.neutralise import json_text
from parplan.schedule import expand

__all__ = ["plan_json", "plan_payload"]


def plan_payload(plan: Plan) -> dict[str, Any]:
    """The plan as plain JSON data, with every task's occurrences and their deadlines in force."""
    payload: dict[str, Any] = {"parplan_version": __version__}
    payload.update(plan.model_dump(mode="json"))
    occurrences = expand(plan)
    by_task: dict[str, list[dict[str, Any]]] = {}
    for occurrence in occurrences:
        by_task.setdefault(occurrence.task.id, []).append(
            {
                "key": occurrence.key,
                "period": occurrence.period.value if occurrence.period else None,
                "period_label": occurrence.period.label if occurrence.period else None,
                "deadline": occurrence.deadline.isoformat() if occurrence.deadline else None,
                "original_deadline": (
                    occurrence.original_deadline.isoformat()
                    if occurrence.original_deadline
                    else None
                ),
                "continuous": occurrence.continuous,
                "status": occurrence.progress.status,
                "done_on": (
                    occurrence.progress.done_on.isoformat() if occurrence.progress.done_on else None
                ),
            }
        )
    for task, task_data in zip(plan.tasks, payload["tasks"], strict=True):
        task_data["support_units"] = list(task.supporting_units(plan.departments))
        task_data["schedule"] = by_task.get(task.id, [])
    return payload


def plan_json(plan: Plan) -> str:
    return json_text(json.dumps(plan_payload(plan), ensure_ascii=False, indent=2)) + "\n"
