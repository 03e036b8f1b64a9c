"""One occurrence as one row: every fact any view shows about a piece of work, in one place.

:func:`occurrence_row` turns a :class:`~parplan.status.TrackedOccurrence` of a plan into an
:class:`OccurrenceRow`: plain values (text, numbers, dates, the status class), complete, with no
formatting. Every view reads that row and picks and writes what it shows: the JSON and CSV of
``status``/``overdue``/``checklist`` (:mod:`parplan.status_listings`), the checklist files
(:mod:`parplan.checklists`), the site (:mod:`parplan.website`), the report's tables
(:mod:`parplan.report`), the terminal tables (``parplan.cli.terminal``) and the calendar
(:mod:`parplan.calendar_feed`).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from parplan.dates import format_date
from parplan.model import ALL_UNITS, CarriedFrom, CarriedOver, Plan
from parplan.plan_values import NOT_IN_ALL
from parplan.status import StatusClass, TrackedOccurrence

__all__ = ["OccurrenceRow", "RowsMade", "carried_over", "occurrence_row", "rows_made_once"]


@dataclass(frozen=True, slots=True)
class OccurrenceRow:
    """What is known of one occurrence on the day of the view."""

    key: str
    """The occurrence key: the task id, with ``@`` and the period for a recurring task."""
    task_id: str
    period: str | None
    """The period's value ("Q3"), None for a task done once."""
    title: str
    """The task's title, with the period's label for a recurring task."""
    leads: tuple[str, ...]
    """The lead units' codes (several when units lead together)."""
    lead_names: tuple[str | None, ...]
    """The lead units' names, None for a code the registry does not have."""
    support: tuple[str, ...]
    """The supporting units as the plan writes them (``all`` kept)."""
    supports: tuple[str, ...]
    """The codes of the supporting units, ``all`` expanded to the internal units but the lead."""
    support_label: str
    """The supporting units as a document names them: "Các phòng, đơn vị" (or "Các cơ quan, đơn
    vị" in a plan of bodies other than a Văn phòng's rooms) for ``all``, then each named unit's
    name (its code when the registry does not know it)."""
    deadline: date | None
    """The deadline in force on the day of the view, None for a continuous duty without one."""
    original_deadline: date | None
    """The deadline before any extension."""
    continuous: bool
    reported: bool
    """A continuous duty with a result recorded by the day of the view (never ``done``: a
    continuous duty is in no rate)."""
    progress_status: str
    """What was recorded by the day of the view: not_started, in_progress, done."""
    done_on: date | None
    """The day it was done (a continuous duty: the day its result was recorded), if known by
    the day of the view."""
    evidence: tuple[str, ...]
    """The evidence known by the day of the view."""
    notes: tuple[str, ...]
    status_class: StatusClass
    status_text: str
    """The class in words with the days late, and the year the work went to when it was carried
    into a later year: "quá hạn chưa hoàn thành (14 ngày); chuyển sang năm 2023" (parplan's
    words only: the reason, the office's text, is :attr:`carried_reason`)."""
    days_overdue: int
    days_late: int
    output: str
    source: str
    """The plan clause the task comes from ("II.2.a")."""
    criteria: tuple[str, ...]
    """The indexes and criteria the task serves, as written: "PAR 1.1.2", "SIPAS 2"."""
    criteria_labels: tuple[str, ...]
    """Each criterion with its name when the plan's index structure names it."""
    par_fields: tuple[str, ...]
    """The PAR Index fields the task serves ("1", "3")."""
    par_field_names: tuple[str | None, ...]
    """Each field's short name (its name when it has none); None when not registered."""
    parent_id: str | None
    """The task this is a part of, None for a task of its own."""
    parent_title: str | None
    funding: tuple[tuple[str, int | None], ...]
    """Funding lines: source, amount in đồng (None when not written)."""
    carried_to: int | None = None
    """The year whose plan the unfinished work was carried into (``progress.carried``), known
    by the day of the view; None when not carried, or done by then (the carry no longer
    applies to done work)."""
    carried_reason: str | None = None
    """Why it was carried, as recorded."""
    carried_on: date | None = None
    """The day the office decided to carry it."""
    carried_from_year: int | None = None
    """The earlier year's plan the work was carried from (``task.carried_from``), None if not."""
    carried_from_id: str | None = None
    """Its id in that plan."""
    carried_from_deadline: date | None = None
    """The deadline it had there (after extensions)."""

    @property
    def carried_text(self) -> str | None:
        """ "chuyển sang năm 2023: <lý do>" for work carried, None otherwise."""
        if self.carried_to is None:
            return None
        return f"chuyển sang năm {self.carried_to}: {self.carried_reason}"

    @property
    def lead(self) -> str:
        """The lead codes, joined: "HCTC", or "STTTT, SKHCN" for units leading together."""
        return ", ".join(self.leads)

    @property
    def lead_name(self) -> str | None:
        """The lead unit's name (the names, joined, for several); None when one is unknown."""
        if any(name is None for name in self.lead_names):
            return None
        return "; ".join(name for name in self.lead_names if name is not None)

    @property
    def lead_label(self) -> str:
        """The lead units' names, or a code where the registry does not know it."""
        return "; ".join(
            name if name is not None else code
            for code, name in zip(self.leads, self.lead_names, strict=True)
        )

    @property
    def par_field(self) -> str | None:
        """The fields, joined ("1, 3"); None for work tied to no PAR field."""
        return ", ".join(self.par_fields) or None

    @property
    def par_field_label(self) -> str:
        """ "1. Chỉ đạo, điều hành; 3. Cải cách TTHC", "" for work tied to no PAR field."""
        return "; ".join(
            f"{code}. {name}" if name is not None else code
            for code, name in zip(self.par_fields, self.par_field_names, strict=True)
        )

    @property
    def done(self) -> bool:
        return self.status_class.done

    @property
    def overdue(self) -> bool:
        return self.status_class is StatusClass.OVERDUE

    @property
    def status_short(self) -> str:
        return self.status_class.short


_ROOMS = frozenset({"phòng", "ban", "trung tâm"})


def support_label(plan: Plan, support: tuple[str, ...]) -> str:
    """ "Các phòng, đơn vị, Đơn vị quản trị và điều hành VNPT": see ``OccurrenceRow.support_label``."""
    names = []
    if ALL_UNITS in support:
        rooms = all(unit.kind in _ROOMS for unit in plan.departments if unit.kind not in NOT_IN_ALL)
        names.append("Các phòng, đơn vị" if rooms else "Các cơ quan, đơn vị")
    for code in support:
        if code != ALL_UNITS:
            unit = plan.unit(code)
            names.append(unit.name if unit is not None else code)
    return ", ".join(names)


def carried_over(item: TrackedOccurrence) -> CarriedOver | None:
    """Where the work went, when the office carried it into a later year by the day of the view
    and it was not done by then (done work is done: a carry no longer applies to it)."""
    progress = item.progress
    return progress.carried if progress.done_on is None else None


def carried_from_text(origin: CarriedFrom) -> str:
    """ "chuyển từ năm 2022 (GP-B, hạn cũ 31/12/2022)": where carried work came from."""
    said = [origin.id]
    if origin.deadline is not None:
        said.append(f"hạn cũ {format_date(origin.deadline)}")
    return f"chuyển từ năm {origin.year} ({', '.join(said)})"


_LABELS: list[tuple[weakref.ref[Plan], dict[str, str]]] = []
"""The criteria labels of the last plan rows were made for (a weak reference to the plan, so that
it is that very plan and is not kept alive by them): a label is looked up in the index's tree once
per plan, not once per row."""


def _criterion_label(plan: Plan, ref: str) -> str:
    if not _LABELS or _LABELS[0][0]() is not plan:
        _LABELS[:] = [(weakref.ref(plan), {})]
    labels = _LABELS[0][1]
    if ref not in labels:
        labels[ref] = plan.criterion_label(ref)
    return labels[ref]


RowsMade = dict[int, tuple[TrackedOccurrence, "OccurrenceRow"]]
"""The rows made of one status's occurrences (:func:`rows_made_once`)."""


_MADE: list[RowsMade] = []
"""The rows made within :func:`rows_made_once`, by the tracked occurrence (kept with its row, so
that its ``id`` stays its own)."""


@contextmanager
def rows_made_once(made: RowsMade | None = None) -> Iterator[None]:
    """Within it, the row of a tracked occurrence is made once and given again (kept in
    ``made``, when given, for the next time): a report lists the same work in several tables (by
    field, late, next period, the appendix), a site in every unit's page, all from one status."""
    _MADE.append({} if made is None else made)
    try:
        yield
    finally:
        _MADE.pop()


def occurrence_row(plan: Plan, item: TrackedOccurrence) -> OccurrenceRow:
    """The row of one tracked occurrence of ``plan``."""
    if not _MADE:
        return _row_of(plan, item)
    made = _MADE[-1]
    known = made.get(id(item))
    if known is not None and known[0] is item:
        return known[1]
    row = _row_of(plan, item)
    made[id(item)] = (item, row)
    return row


def _row_of(plan: Plan, item: TrackedOccurrence) -> OccurrenceRow:
    occurrence = item.occurrence
    task = occurrence.task
    progress = item.progress
    units = [plan.unit(code) for code in task.lead]
    carried = carried_over(item)
    status_text = item.status_text
    if carried is not None:
        status_text = f"{status_text}; chuyển sang năm {carried.to_year}"
    origin = task.carried_from
    if origin is not None:
        status_text = f"{status_text}; {carried_from_text(origin)}"
    return OccurrenceRow(
        key=occurrence.key,
        task_id=task.id,
        period=occurrence.period.value if occurrence.period else None,
        title=item.title,
        leads=task.lead,
        lead_names=tuple(unit.name if unit is not None else None for unit in units),
        support=tuple(task.support),
        supports=task.supporting_units(plan.departments),
        support_label=support_label(plan, task.support),
        deadline=item.deadline,
        original_deadline=occurrence.original_deadline,
        continuous=occurrence.continuous,
        reported=item.reported,
        progress_status=progress.status,
        done_on=progress.done_on,
        evidence=tuple(entry.text for entry in progress.evidence),
        notes=tuple(entry.text for entry in progress.notes),
        status_class=item.status_class,
        status_text=status_text,
        days_overdue=item.days_overdue,
        days_late=item.days_late,
        output=task.output,
        source=task.source,
        criteria=tuple(task.criteria),
        criteria_labels=tuple(_criterion_label(plan, ref) for ref in task.criteria),
        par_fields=task.par_fields,
        par_field_names=tuple(plan.par_field_labels.get(code) for code in task.par_fields),
        parent_id=occurrence.parent.id if occurrence.parent is not None else None,
        parent_title=occurrence.parent.title if occurrence.parent is not None else None,
        funding=tuple((line.source, line.amount) for line in task.funding),
        carried_to=carried.to_year if carried is not None else None,
        carried_reason=carried.reason if carried is not None else None,
        carried_on=carried.on if carried is not None else None,
        carried_from_year=origin.year if origin is not None else None,
        carried_from_id=origin.id if origin is not None else None,
        carried_from_deadline=origin.deadline if origin is not None else None,
    )
