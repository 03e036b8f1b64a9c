"""Where the plan stands on a given day: each occurrence's status class, tallies, lists.

Classes as Vietnamese offices count them: hoàn thành đúng hạn, hoàn thành quá hạn, đang thực hiện
trong hạn, quá hạn chưa hoàn thành, thường xuyên (never overdue) and chưa đến hạn. Everything is
computed "as of" a day: progress recorded after that day does not count yet.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from functools import partial

from parplan.errors import UsageProblem
from parplan.model import IndexItem, IndexResult, Plan, Progress, Task, Unit
from parplan.periods import MAX_WINDOW_DAYS
from parplan.plan_lookup import resolve_field, resolve_unit
from parplan.schedule import Occurrence, expand, work_calendar
from parplan.targets import Headline, TargetEvaluation, evaluate_targets, known_results
from parplan.text import vietnamese_sort_key
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


class StatusClass(StrEnum):
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    IN_PROGRESS = "in_progress"
    OVERDUE = "overdue"
    CONTINUOUS = "continuous"
    NOT_DUE = "not_due"

    @property
    def label(self) -> str:
        return _CLASS_LABELS[self]

    @property
    def short(self) -> str:
        """The class in two or three words, for charts and narrow columns: "Quá hạn"."""
        return _CLASS_SHORT[self]

    @property
    def done(self) -> bool:
        return self in (StatusClass.DONE_ON_TIME, StatusClass.DONE_LATE)


_CLASS_LABELS = {
    StatusClass.DONE_ON_TIME: "hoàn thành đúng hạn",
    StatusClass.DONE_LATE: "hoàn thành quá hạn",
    StatusClass.IN_PROGRESS: "đang thực hiện trong hạn",
    StatusClass.OVERDUE: "quá hạn chưa hoàn thành",
    StatusClass.CONTINUOUS: "thường xuyên",
    StatusClass.NOT_DUE: "chưa đến hạn",
}
_CLASS_SHORT = {
    StatusClass.DONE_ON_TIME: "Đúng hạn",
    StatusClass.DONE_LATE: "Xong quá hạn",
    StatusClass.IN_PROGRESS: "Đang làm",
    StatusClass.NOT_DUE: "Chưa đến hạn",
    StatusClass.CONTINUOUS: "Thường xuyên",
    StatusClass.OVERDUE: "Quá hạn",
}


@dataclass(frozen=True, slots=True)
class TrackedOccurrence:
    """An occurrence and what it is on the day of the view."""

    occurrence: Occurrence
    status_class: StatusClass
    days_overdue: int = 0
    """Calendar days past the deadline, for work not done."""
    days_late: int = 0
    """Calendar days the work was finished after its deadline."""
    deadline: date | None = None
    """The deadline in force on the day of the view (extensions count from the day decided)."""
    known: Progress | None = None
    """What was recorded by the day of the view (facts dated on or before it)."""

    @property
    def progress(self) -> Progress:
        """The facts known on the day of the view."""
        return self.known if self.known is not None else self.occurrence.progress

    @property
    def status_text(self) -> str:
        """The class in words, with the days late: "quá hạn chưa hoàn thành (14 ngày)"."""
        if self.days_overdue:
            return f"{self.status_class.label} ({self.days_overdue} ngày)"
        if self.days_late:
            return f"{self.status_class.label} ({self.days_late} ngày)"
        return self.status_class.label

    @property
    def title(self) -> str:
        task = self.occurrence.task
        period = self.occurrence.period
        return f"{task.title} ({period.label})" if period is not None else task.title


def track(occurrence: Occurrence, as_of: date) -> TrackedOccurrence:
    """Classify one occurrence as of ``as_of``, from the facts dated on or before it and the
    deadline in force that day."""
    known = occurrence.progress.as_of(as_of)
    deadline = occurrence.deadline_on(as_of)
    seen = partial(TrackedOccurrence, occurrence, deadline=deadline, known=known)
    done_on = known.done_on
    if done_on is not None:
        if occurrence.continuous or deadline is None or done_on <= deadline:
            return seen(StatusClass.DONE_ON_TIME)
        return seen(StatusClass.DONE_LATE, days_late=(done_on - deadline).days)
    if occurrence.continuous or deadline is None:
        return seen(StatusClass.CONTINUOUS)
    if as_of > deadline:
        return seen(StatusClass.OVERDUE, days_overdue=(as_of - deadline).days)
    started = known.started_by(as_of)
    return seen(StatusClass.IN_PROGRESS if started else StatusClass.NOT_DUE)


@dataclass
class Tally:
    """Counts of occurrences per status class."""

    counts: dict[StatusClass, int] = field(default_factory=lambda: dict.fromkeys(StatusClass, 0))

    def add(self, item: TrackedOccurrence) -> None:
        self.counts[item.status_class] += 1

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done(self) -> int:
        return self.counts[StatusClass.DONE_ON_TIME] + self.counts[StatusClass.DONE_LATE]

    @property
    def overdue(self) -> int:
        return self.counts[StatusClass.OVERDUE]

    @property
    def with_deadline(self) -> int:
        """Occurrences that can be done or late: all but continuous duties still running."""
        return self.total - self.counts[StatusClass.CONTINUOUS]

    @property
    def done_share(self) -> float | None:
        """Done over work with a deadline, 0..1; None when only continuous duties remain."""
        return self.done / self.with_deadline if self.with_deadline else None


def tally(items: Iterable[TrackedOccurrence]) -> Tally:
    result = Tally()
    for item in items:
        result.add(item)
    return result


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

    @property
    def tally(self) -> Tally:
        return tally(self.items)

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


def headline(plan: Plan, items: Iterable[TrackedOccurrence]) -> Headline:
    """Work due by the day (deadline passed, or done; continuous duties not counted) and done."""
    target = next((t for t in plan.targets if t.measure == "completion_rate"), None)
    counted = [item for item in items if item.status_class is not StatusClass.CONTINUOUS]
    due = [
        item
        for item in counted
        if item.status_class.done or item.status_class is StatusClass.OVERDUE
    ]
    return Headline(
        target_percent=target.value if target else 100.0,
        target_text=target.text if target else None,
        due=len(due),
        done_of_due=sum(1 for item in due if item.status_class.done),
        total=len(counted),
        done=sum(1 for item in counted if item.status_class.done),
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
    by_unit: dict[str, Tally] = {}
    by_field: dict[str, Tally] = {}
    for item in items:
        task = item.occurrence.task
        for lead in task.lead if unit is None else (unit.code,):  # a unit's view: that unit
            (by_unit.get(lead) or by_unit.setdefault(lead, Tally())).add(item)
        for code in task.par_fields if chosen_field is None else (chosen_field.code,):
            (by_field.get(code) or by_field.setdefault(code, Tally())).add(item)
    summary = headline(plan, items)
    in_view = {item.occurrence.parent.id for item in items if item.occurrence.parent is not None}
    units = sorted(
        (u for u in plan.departments if u.code in by_unit),
        key=lambda u: vietnamese_sort_key(u.name),
    )
    return PlanStatus(
        plan=plan,
        as_of=as_of,
        items=items,
        within=within,
        working_days=working_days,
        due_soon_until=_due_soon_until(as_of, within, calendar if working_days else None),
        units=[(u, by_unit[u.code]) for u in units],
        fields=[(f, by_field[f.code]) for f in plan.par_fields if f.code in by_field],
        headline=summary,
        targets=evaluate_targets(plan, as_of, summary),
        results=known_results(plan, as_of),
        rollups=[r for r in roll_up(tracked) if r.task.id in in_view],
        unit=unit,
        field_filter=chosen_field,
    )
