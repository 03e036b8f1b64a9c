"""Where the plan stands on a given day: each occurrence's status class (:mod:`parplan.tracking`),
tallies, lists. Everything is computed "as of" a day: the facts dated after that day (a start, a completion, evidence, an extension decided later)
do not count yet, and the deadline is the one in force that day.

A continuous duty (thường xuyên), or each period's occurrence of one, is never due, never overdue
and never in a completion rate, neither numerator nor denominator, even when a result is recorded
for it: it stays in its own class, ``reported`` once a result is recorded by the day, and views
show the duties apart ("16 việc thường xuyên (1 đã ghi kết quả đến ngày 30/09/2022)").

:func:`plan_status` is the one computation every view reads: the state of every occurrence on the
day and every tally; :meth:`PlanStatus.history` gives the tallies of earlier days by the same
functions (the site's burn-up).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from parplan.errors import UsageProblem
from parplan.model import IndexItem, IndexResult, Plan, Task, Unit
from parplan.periods import MAX_WINDOW_DAYS
from parplan.plan_lookup import resolve_field, resolve_unit
from parplan.schedule import expand, work_calendar
from parplan.targets import Headline, TargetEvaluation, evaluate_targets, known_results
from parplan.text import vietnamese_sort_key
from parplan.tracking import StatusClass, Tally, TrackedOccurrence, tally, track
from parplan.workdays import WorkCalendar

__all__ = [
    "Headline",
    "PartsRollup",
    "PlanStatus",
    "RollupState",
    "StatusClass",
    "Tally",
    "TrackedOccurrence",
    "headline",
    "plan_status",
    "resolve_unit",
    "roll_up",
    "tally",
    "track",
]


class RollupState(StrEnum):
    """Where a task with parts stands, from its parts."""

    DONE = "done"
    OVERDUE = "overdue"
    IN_PROGRESS = "in_progress"
    NOT_DUE = "not_due"
    CONTINUOUS = "continuous"

    @property
    def label(self) -> str:
        return _ROLLUP_LABELS[self]


_ROLLUP_LABELS = {
    RollupState.DONE: "hoàn thành",
    RollupState.OVERDUE: "quá hạn",
    RollupState.IN_PROGRESS: "đang thực hiện",
    RollupState.NOT_DUE: "chưa đến hạn",
    RollupState.CONTINUOUS: "thường xuyên",
}


@dataclass(frozen=True)
class PartsRollup:
    """A task with parts, rolled up from its parts' occurrences on the day of the view: done
    when every part is done (on the day the last was), overdue when any part is overdue, else in
    progress once a part is started or done, else not due (continuous when only continuous
    parts remain open)."""

    task: Task
    parts: tuple[TrackedOccurrence, ...]

    @property
    def total(self) -> int:
        return len(self.parts)

    @property
    def done(self) -> int:
        return sum(1 for part in self.parts if part.status_class.done)

    @property
    def overdue(self) -> int:
        return sum(1 for part in self.parts if part.status_class is StatusClass.OVERDUE)

    @property
    def state(self) -> RollupState:
        classes = {part.status_class for part in self.parts}
        if self.done == self.total:
            return RollupState.DONE
        if self.overdue:
            return RollupState.OVERDUE
        if self.done or StatusClass.IN_PROGRESS in classes:
            return RollupState.IN_PROGRESS
        if StatusClass.NOT_DUE in classes:
            return RollupState.NOT_DUE
        return RollupState.CONTINUOUS

    @property
    def done_on(self) -> date | None:
        """The day the last part was done, once every part is."""
        days = [part.progress.done_on for part in self.parts]
        if self.state is not RollupState.DONE or None in days:
            return None
        return max(day for day in days if day is not None)


def roll_up(items: Sequence[TrackedOccurrence]) -> list[PartsRollup]:
    """Every task with parts among ``items``, in the plan's order, with its parts."""
    parts: dict[str, list[TrackedOccurrence]] = {}
    tasks: dict[str, Task] = {}
    for item in items:
        parent = item.occurrence.parent
        if parent is not None:
            tasks.setdefault(parent.id, parent)
            parts.setdefault(parent.id, []).append(item)
    return [PartsRollup(tasks[key], tuple(found)) for key, found in parts.items()]


@dataclass(frozen=True)
class PlanStatus:
    """Where the plan stands on ``as_of``: the one computation every view reads."""

    plan: Plan
    as_of: date
    items: list[TrackedOccurrence]
    within: int
    working_days: bool
    due_soon_until: date
    units: list[tuple[Unit, Tally]]
    fields: list[tuple[IndexItem, Tally]]
    headline: Headline
    """Work due by the day and done, against the plan's completion requirement."""
    targets: list[TargetEvaluation]
    """Every target of the plan evaluated on the day (completion_rate on ``headline``)."""
    results: list[IndexResult]
    """The plan's results known on the day."""
    rollups: list[PartsRollup]
    """The tasks with parts that have work in view, each rolled up from all its parts."""
    unit: Unit | None = None
    field_filter: IndexItem | None = None
    tally: Tally = field(default_factory=Tally)
    """Every occurrence in view, counted once (what ``headline`` is made of)."""

    @property
    def overdue(self) -> list[TrackedOccurrence]:
        """Overdue work, most late first."""
        late = [item for item in self.items if item.status_class is StatusClass.OVERDUE]
        return sorted(late, key=lambda item: -item.days_overdue)  # stable: plan order on ties

    @property
    def due_soon(self) -> list[TrackedOccurrence]:
        """Work not done whose deadline falls from the day of the view to the end of the window."""
        soon = [
            item
            for item in self.items
            if item.status_class in (StatusClass.IN_PROGRESS, StatusClass.NOT_DUE)
            and item.deadline is not None
            and item.deadline <= self.due_soon_until
        ]
        return sorted(soon, key=lambda item: item.deadline or date.max)

    @property
    def continuous(self) -> list[TrackedOccurrence]:
        """The continuous duties in view (never due, in no rate), in the plan's order."""
        return [item for item in self.items if item.status_class is StatusClass.CONTINUOUS]

    def history(self, days: Iterable[date]) -> list[Tally]:
        """The tally of the same work as of each of ``days`` (each on or before ``as_of``): what
        :func:`plan_status` of that day, with the same unit and field, counts, by the same
        functions (:func:`track`, :class:`Tally`)."""
        occurrences = [item.occurrence for item in self.items]
        return [tally(track(occurrence, day) for occurrence in occurrences) for day in days]

    def scheduled_by(self, day: date) -> int:
        """Work with a deadline done by ``as_of`` or whose deadline in force on ``as_of`` has
        passed by ``day``: the plan's work due by a day still to come, as known today, counted as
        :func:`parplan.tracking.track` counts work due (past its deadline: the day after it)."""
        return sum(
            1
            for item in self.items
            if item.status_class is not StatusClass.CONTINUOUS
            and (item.status_class.done or (item.deadline is not None and item.deadline < day))
        )


def headline(plan: Plan, as_of: date, counts: Tally) -> Headline:
    """The tally of the work in view against the plan's completion requirement."""
    target = next((t for t in plan.targets if t.measure == "completion_rate"), None)
    return Headline(
        as_of=as_of,
        target_percent=target.value if target else 100.0,
        target_text=target.text if target else None,
        due=counts.due,
        done_of_due=counts.done,
        total=counts.with_deadline,
        done=counts.done,
        continuous=counts.continuous,
        reported=counts.reported,
        target_comparator=target.comparator if target else ">=",
    )


def _due_soon_until(as_of: date, within: int, calendar: WorkCalendar | None) -> date:
    if calendar is None:
        return as_of + timedelta(days=within)
    return calendar.add_working_days(as_of, within)


def plan_status(
    plan: Plan,
    as_of: date,
    *,
    within: int = 14,
    working_days: bool = False,
    department: str | None = None,
    par_field: str | None = None,
) -> PlanStatus:
    """Every occurrence classified as of ``as_of``, with tallies per unit and PAR field.

    ``department`` (a code or name) keeps the work that unit leads; ``par_field`` keeps one field.
    Work with several leads (or serving several fields) counts once for each of them in the
    per-unit (per-field) tallies and once in the totals; a filtered view tallies only the unit
    (field) chosen, and its headline, and so a completion-rate target, is the work in view.
    Targets are evaluated on the day (:func:`parplan.targets.evaluate_targets`); tasks with parts
    that have work in view are rolled up from all their parts.
    The due-soon window is ``within`` calendar days, or working days with ``working_days``.
    """
    if not 0 <= within <= MAX_WINDOW_DAYS:
        raise UsageProblem(f"--within phải là số ngày từ 0 đến {MAX_WINDOW_DAYS}")
    unit = resolve_unit(plan, department) if department is not None else None
    chosen_field = resolve_field(plan, par_field) if par_field is not None else None
    calendar = work_calendar(plan)
    tracked = [track(occurrence, as_of) for occurrence in expand(plan, calendar)]
    items = tracked
    if unit is not None:
        items = [item for item in items if unit.code in item.occurrence.task.lead]
    if chosen_field is not None:
        items = [item for item in items if chosen_field.code in item.occurrence.task.par_fields]
    counts = tally(items)
    summary = headline(plan, as_of, counts)
    in_view = {item.occurrence.parent.id for item in items if item.occurrence.parent is not None}
    units, fields = _tallies(plan, items, unit, chosen_field)
    return PlanStatus(
        plan=plan,
        as_of=as_of,
        items=items,
        within=within,
        working_days=working_days,
        due_soon_until=_due_soon_until(as_of, within, calendar if working_days else None),
        units=units,
        fields=fields,
        headline=summary,
        targets=evaluate_targets(plan, as_of, summary),
        results=known_results(plan, as_of),
        rollups=[r for r in roll_up(tracked) if r.task.id in in_view],
        unit=unit,
        field_filter=chosen_field,
        tally=counts,
    )


def _tallies(
    plan: Plan,
    items: Sequence[TrackedOccurrence],
    unit: Unit | None,
    chosen_field: IndexItem | None,
) -> tuple[list[tuple[Unit, Tally]], list[tuple[IndexItem, Tally]]]:
    """The tally of each lead unit and of each PAR field; a unit's (field's) view counts only
    that unit (field)."""
    by_unit: dict[str, Tally] = {}
    by_field: dict[str, Tally] = {}
    for item in items:
        task = item.occurrence.task
        for lead in task.lead if unit is None else (unit.code,):
            (by_unit.get(lead) or by_unit.setdefault(lead, Tally())).add(item)
        for code in task.par_fields if chosen_field is None else (chosen_field.code,):
            (by_field.get(code) or by_field.setdefault(code, Tally())).add(item)
    units = sorted(
        (u for u in plan.departments if u.code in by_unit),
        key=lambda u: vietnamese_sort_key(u.name),
    )
    return (
        [(u, by_unit[u.code]) for u in units],
        [(f, by_field[f.code]) for f in plan.par_fields if f.code in by_field],
    )
