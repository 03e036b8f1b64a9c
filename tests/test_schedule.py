"""Occurrences: a task in parts is its parts, each with its task as parent and the task's deadline
when it has none of its own; deadlines written as phrases resolve in the plan's year; months recur
like quarters."""

from __future__ import annotations

from datetime import date

import pytest

from parplan.loading import load_plan
from parplan.model import Extension, Plan, Progress
from parplan.periods import Period
from parplan.schedule import PART_DEFAULTS, expand, inherited

from .conftest import FIXTURES


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(FIXTURES / "parts-2022", use_cache=False)


def test_a_task_in_parts_is_one_occurrence_per_part(plan: Plan) -> None:
    occurrences = expand(plan)
    assert "GP-B" not in [occurrence.key for occurrence in occurrences]
    first, second = (occurrence for occurrence in occurrences if occurrence.parent is not None)
    task = plan.tasks[0]
    assert (first.key, second.key) == ("GP-B-1", "GP-B-2")
    assert first.parent is task and second.parent is task
    assert (first.period, second.period) == (None, None)
    # GP-B-1 writes no deadline, lead, support or output: the task's, "Quý III" read in 2022.
    assert task.deadline is not None and task.deadline.written == "Quý III"
    assert (first.deadline, first.original_deadline) == (date(2022, 9, 30), date(2022, 9, 30))
    assert (first.task.lead, first.task.support, first.task.output) == (
        ("KSTTHC",),
        ("HCTC",),
        "Báo cáo rà soát",
    )
    assert inherited(task.parts[0]) == list(PART_DEFAULTS)
    # GP-B-2 has its own: "tháng 11/2022" is the month's last day.
    assert second.deadline == date(2022, 11, 30)
    assert (second.task.lead, second.task.output) == (("TTPVHCC",), "Quyết định công bố")
    assert inherited(task.parts[1]) == []
    # Parts take their place after the task they belong to, before the next task.
    assert [occurrence.key for occurrence in occurrences] == [
        "GP-B-1", "GP-B-2", "GP-M@T9", "GP-M@T10", "GP-M@T11", "GP-A",
    ]  # fmt: skip


def test_a_parts_extension_moves_its_deadline_in_force(plan: Plan) -> None:
    task = plan.tasks[0]
    extended = task.parts[0].model_copy(
        update={
            "progress": Progress(
                extensions=[
                    Extension(
                        deadline=date(2022, 10, 15),
                        reason="Chờ số liệu",
                        decided_on=date(2022, 9, 12),
                    )
                ]
            )
        }
    )
    changed = plan.model_copy(
        update={
            "tasks": (
                task.model_copy(update={"parts": [extended, task.parts[1]]}),
                *plan.tasks[1:],
            )
        }
    )
    first = expand(changed)[0]
    assert (first.key, first.original_deadline, first.deadline) == (
        "GP-B-1",
        date(2022, 9, 30),
        date(2022, 10, 15),
    )
    # The extension counts from the day it was decided, not before.
    assert first.deadline_on(date(2022, 9, 11)) == date(2022, 9, 30)
    assert first.deadline_on(date(2022, 9, 12)) == date(2022, 10, 15)


def test_months_recur_like_quarters_and_phrases_resolve(plan: Plan) -> None:
    by_key = {occurrence.key: occurrence for occurrence in expand(plan)}
    months = [by_key[f"GP-M@T{month}"] for month in (9, 10, 11)]
    assert [occurrence.period for occurrence in months] == [Period.T9, Period.T10, Period.T11]
    assert all(occurrence.parent is None for occurrence in months)
    # The cut-off on the 14th, plus two working days (14/09/2022 Wednesday, 14/10 Friday,
    # 14/11 Monday).
    assert [occurrence.deadline for occurrence in months] == [
        date(2022, 9, 16),
        date(2022, 10, 18),
        date(2022, 11, 16),
    ]
    assert by_key["GP-A"].deadline == date(2022, 11, 29)  # "trước ngày 30/11/2022"
