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

from parplan.errors import UsageProblem
from parplan.model import IndexItem, Plan, Unit
from parplan.periods import MAX_WINDOW_DAYS
from parplan.schedule import Occurrence, expand, work_calendar
from parplan.text import closest, fold, vietnamese_sort_key
from parplan.workdays import WorkCalendar

__all__ = [
    "Checklist",
    "PlanStatus",
    "StatusClass",
    "Tally",
    "TrackedOccurrence",
    "plan_status",
    "resolve_unit",
    "tally",
    "track",
    "unit_checklist",
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
    """Classify one occurrence as of ``as_of``."""
    progress = occurrence.progress
    deadline = occurrence.deadline
    done_on = progress.done_on if progress.status == "done" else None
    if done_on is not None and done_on <= as_of:
        if occurrence.continuous or deadline is None or done_on <= deadline:
            return TrackedOccurrence(occurrence, StatusClass.DONE_ON_TIME)
        return TrackedOccurrence(
            occurrence, StatusClass.DONE_LATE, days_late=(done_on - deadline).days
        )
    if occurrence.continuous or deadline is None:
        return TrackedOccurrence(occurrence, StatusClass.CONTINUOUS)
    if as_of > deadline:
        return TrackedOccurrence(
            occurrence, StatusClass.OVERDUE, days_overdue=(as_of - deadline).days
        )
    started = progress.status in ("in_progress", "done")
    return TrackedOccurrence(
        occurrence, StatusClass.IN_PROGRESS if started else StatusClass.NOT_DUE
    )


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


@dataclass(frozen=True)
class Headline:
    """The plan's requirement (100% of tasks done) against where it stands."""

    target_percent: float
    target_text: str | None
    due: int
    """Occurrences due by the day of the view (deadline passed or done)."""
    done_of_due: int
    total: int
    done: int

    @property
    def percent_of_due(self) -> float | None:
        """None while nothing is due: no rate to speak of."""
        return 100.0 * self.done_of_due / self.due if self.due else None

    @property
    def percent_of_total(self) -> float | None:
        return 100.0 * self.done / self.total if self.total else None


@dataclass(frozen=True)
class PlanStatus:
    plan: Plan
    as_of: date
    items: list[TrackedOccurrence]
    within: int
    working_days: bool
    due_soon_until: date
    units: list[tuple[Unit, Tally]]
    fields: list[tuple[IndexItem, Tally]]
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
            and item.occurrence.deadline is not None
            and item.occurrence.deadline <= self.due_soon_until
        ]
        return sorted(soon, key=lambda item: item.occurrence.deadline or date.max)

    @property
    def headline(self) -> Headline:
        target = next((t for t in self.plan.targets if t.measure == "completion_rate"), None)
        counted = [item for item in self.items if item.status_class is not StatusClass.CONTINUOUS]
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


def _unit_names(unit: Unit) -> list[str]:
    names = [unit.code, unit.name, *unit.aliases]
    for prefix in ("phong ", "ban ", "trung tam "):
        folded = fold(unit.name)
        if folded.startswith(prefix):
            names.append(folded.removeprefix(prefix))
    return names


def resolve_unit(plan: Plan, text: str) -> Unit:
    """The unit a user means: by code or name, regardless of case and diacritics."""
    wanted = fold(text)
    for unit in plan.departments:
        if any(fold(name) == wanted for name in _unit_names(unit)):
            return unit
    containing = [unit for unit in plan.departments if wanted and wanted in fold(unit.name)]
    if len(containing) == 1:
        guess: Unit | None = containing[0]
    else:
        candidates = {name: unit for unit in plan.departments for name in _unit_names(unit)}
        name = closest(text, candidates)
        guess = candidates[name] if name is not None else None
    hint = f" Bạn có muốn chọn '{guess.code}' ({guess.name})?" if guess else ""
    codes = ", ".join(unit.code for unit in plan.departments)
    raise UsageProblem(f"không có đơn vị '{text}'.{hint} Các mã đơn vị: {codes}")


def resolve_field(plan: Plan, code: str) -> IndexItem:
    """A PAR Index field by its code ("3")."""
    for par_field in plan.par_fields:
        if par_field.code == code.strip():
            return par_field
    known = ", ".join(f.code for f in plan.par_fields) or "kế hoạch chưa có lĩnh vực nào"
    raise UsageProblem(f"không có lĩnh vực PAR Index {code}; các lĩnh vực: {known}")


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
    per-unit (per-field) tallies and once in the totals.
    The due-soon window is ``within`` calendar days, or working days with ``working_days``.
    """
    if not 0 <= within <= MAX_WINDOW_DAYS:
        raise UsageProblem(f"--within phải là số ngày từ 0 đến {MAX_WINDOW_DAYS}")
    unit = resolve_unit(plan, department) if department is not None else None
    chosen_field = resolve_field(plan, par_field) if par_field is not None else None
    calendar = work_calendar(plan)
    items = [track(occurrence, as_of) for occurrence in expand(plan, calendar)]
    if unit is not None:
        items = [item for item in items if unit.code in item.occurrence.task.lead]
    if chosen_field is not None:
        items = [item for item in items if chosen_field.code in item.occurrence.task.par_fields]
    by_unit: dict[str, Tally] = {}
    by_field: dict[str, Tally] = {}
    for item in items:
        task = item.occurrence.task
        for lead in task.lead:
            (by_unit.get(lead) or by_unit.setdefault(lead, Tally())).add(item)
        for code in task.par_fields:
            (by_field.get(code) or by_field.setdefault(code, Tally())).add(item)
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
        unit=unit,
        field_filter=chosen_field,
    )


@dataclass(frozen=True)
class Checklist:
    """What one unit must do: the work it leads and, apart, the work it supports."""

    unit: Unit
    as_of: date
    leads: list[TrackedOccurrence]
    supports: list[TrackedOccurrence]


def _by_deadline(items: Sequence[TrackedOccurrence]) -> list[TrackedOccurrence]:
    return sorted(items, key=lambda item: item.occurrence.deadline or date.max)


def unit_checklist(
    plan: Plan, unit: Unit, as_of: date, occurrences: Sequence[Occurrence] | None = None
) -> Checklist:
    """``occurrences`` (the plan's, expanded once) saves expanding again for every unit."""
    items = [track(occurrence, as_of) for occurrence in occurrences or expand(plan)]
    leads = [item for item in items if unit.code in item.occurrence.task.lead]
    supports = [
        item
        for item in items
        if unit.code not in item.occurrence.task.lead
        and unit.code in item.occurrence.task.supporting_units(plan.departments)
    ]
    return Checklist(unit, as_of, _by_deadline(leads), _by_deadline(supports))
