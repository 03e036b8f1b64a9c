"""Occurrences: the units of work a plan tracks, each with its own deadline and progress.

A one-off task is one occurrence; a recurring task is one occurrence per period of its
recurrence (the quý III report is one occurrence of the periodic-report task); a continuous duty
(thường xuyên) without periods is one occurrence with no deadline; a task with parts is one
occurrence per part (its ``parent`` the task), the task itself rolling up from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from parplan.model import CalendarSettings, Plan, Progress, ReportingSettings, Task, TaskPart
from parplan.periods import Period, occurrence_key
from parplan.workdays import WorkCalendar

__all__ = [
    "PART_DEFAULTS",
    "Occurrence",
    "calendar_of",
    "expand",
    "inherited",
    "period_deadline",
    "report_deadline",
    "work_calendar",
]

PART_DEFAULTS = ("lead", "support", "deadline", "output")
"""The fields a part of a task takes from its task when it does not write them
(:meth:`parplan.model.Task.as_parts`)."""


def inherited(part: TaskPart) -> list[str]:
    """The fields ``part`` takes from its task: those of :data:`PART_DEFAULTS` it does not write."""
    return [field for field in PART_DEFAULTS if getattr(part, field) is None]


@dataclass(frozen=True, slots=True)
class Occurrence:
    task: Task
    period: Period | None
    deadline: date | None
    """Deadline in force once every recorded extension is decided: the last extension's, else
    the task's or the period's own. A view as of a day reads :meth:`deadline_on` instead."""
    original_deadline: date | None
    """Deadline before any extension."""
    progress: Progress
    parent: Task | None = None
    """The task this occurrence is a part of (``task`` is then the part, as a task)."""

    @property
    def key(self) -> str:
        """``GP-D-BC-CCHC@Q3`` for an occurrence of a period, the task id otherwise."""
        return occurrence_key(self.task.id, self.period)

    @property
    def continuous(self) -> bool:
        return self.task.continuous

    def deadline_on(self, day: date) -> date | None:
        """The deadline in force on ``day``: the last extension decided on or before it, else the
        original deadline (an extension does not count before the day it was decided)."""
        decided = [item for item in self.progress.extensions if item.decided_on <= day]
        return decided[-1].deadline if decided else self.original_deadline


def calendar_of(settings: CalendarSettings) -> WorkCalendar:
    """The working days of an office's calendar settings (its days off and swapped days)."""
    return WorkCalendar(
        extra_days_off=[day.date for day in settings.extra_days_off],
        extra_working_days=[day.date for day in settings.extra_working_days],
    )


def work_calendar(plan: Plan) -> WorkCalendar:
    return calendar_of(plan.calendar)


def report_deadline(
    reporting: ReportingSettings, period: Period, year: int, calendar: WorkCalendar
) -> date:
    """When the report of ``period`` of ``year`` is due under ``reporting``: the data cut-off
    plus the working days allowed (what the rules check, before a plan is assembled)."""
    window_end = reporting.window_rule.window(period, year)[1]
    return calendar.add_working_days(window_end, reporting.submit_within_working_days)


def period_deadline(plan: Plan, period: Period, calendar: WorkCalendar) -> date:
    """When the report of ``period`` is due: the data cut-off plus the working days allowed."""
    return report_deadline(plan.reporting, period, plan.year, calendar)


def _in_force(original: date | None, progress: Progress) -> date | None:
    return progress.extensions[-1].deadline if progress.extensions else original


def _work(plan: Plan) -> list[tuple[Task, Task | None]]:
    """The tasks to expand, with the task each is a part of: a task with parts is its parts."""
    work: list[tuple[Task, Task | None]] = []
    for task in plan.tasks:
        if task.parts:
            work.extend((part, task) for part in task.as_parts())
        else:
            work.append((task, None))
    return work


NO_PROGRESS = Progress()
"""Progress of work nothing was recorded for (shared: models are immutable)."""


def expand(plan: Plan, calendar: WorkCalendar | None = None) -> list[Occurrence]:
    """Every occurrence of every task of the plan, in the order of the tasks."""
    calendar = calendar or work_calendar(plan)
    deadlines: dict[Period, date] = {}
    occurrences: list[Occurrence] = []
    for task, parent in _work(plan):
        if task.recurrence is None:
            progress = task.progress or NO_PROGRESS
            deadline = task.deadline_on(plan.year)
            occurrences.append(
                Occurrence(task, None, _in_force(deadline, progress), deadline, progress, parent)
            )
            continue
        for period in task.recurrence.periods:
            record = task.occurrences.get(period)
            if record is not None and record.deadline is not None:
                original = record.deadline
            else:
                if period not in deadlines:
                    deadlines[period] = period_deadline(plan, period, calendar)
                original = deadlines[period]
            progress = record or NO_PROGRESS
            occurrences.append(
                Occurrence(task, period, _in_force(original, progress), original, progress, parent)
            )
    return occurrences
