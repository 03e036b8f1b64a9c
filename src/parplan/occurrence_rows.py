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

from dataclasses import dataclass
from datetime import date

from parplan.model import Plan
from parplan.status import StatusClass, TrackedOccurrence

__all__ = ["OccurrenceRow", "occurrence_row"]


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
    lead: str
    """The lead unit's code."""
    lead_name: str | None
    """The lead unit's name, None when the registry has no such unit."""
    support: tuple[str, ...]
    """The supporting units as the plan writes them (``all`` kept)."""
    supports: tuple[str, ...]
    """The codes of the supporting units, ``all`` expanded to the internal units but the lead."""
    deadline: date | None
    """The deadline in force, None for a continuous duty without one."""
    original_deadline: date | None
    """The deadline before any extension."""
    continuous: bool
    progress_status: str
    """As the plan records it: not_started, in_progress, done."""
    done_on: date | None
    evidence: tuple[str, ...]
    notes: tuple[str, ...]
    status_class: StatusClass
    status_text: str
    """The class in words with the days late: "quá hạn chưa hoàn thành (14 ngày)"."""
    days_overdue: int
    days_late: int
    output: str
    source: str
    """The plan clause the task comes from ("II.2.a")."""
    par_field: int
    par_field_name: str | None
    """The PAR Index field's short name (its name when it has none); None when not registered."""
    sipas_factor: int | None

    @property
    def lead_label(self) -> str:
        """The lead unit's name, or its code when the registry does not know it."""
        return self.lead_name if self.lead_name is not None else self.lead

    @property
    def done(self) -> bool:
        return self.status_class.done

    @property
    def overdue(self) -> bool:
        return self.status_class is StatusClass.OVERDUE

    @property
    def status_short(self) -> str:
        return self.status_class.short


def occurrence_row(plan: Plan, item: TrackedOccurrence) -> OccurrenceRow:
    """The row of one tracked occurrence of ``plan``."""
    occurrence = item.occurrence
    task = occurrence.task
    progress = occurrence.progress
    lead = plan.unit(task.lead)
    par_field = next((f for f in plan.par_fields if f.code == task.par_field), None)
    return OccurrenceRow(
        key=occurrence.key,
        task_id=task.id,
        period=occurrence.period.value if occurrence.period else None,
        title=item.title,
        lead=task.lead,
        lead_name=lead.name if lead else None,
        support=tuple(task.support),
        supports=task.supporting_units(plan.departments),
        deadline=occurrence.deadline,
        original_deadline=occurrence.original_deadline,
        continuous=occurrence.continuous,
        progress_status=progress.status,
        done_on=progress.done_on,
        evidence=tuple(progress.evidence),
        notes=tuple(progress.notes),
        status_class=item.status_class,
        status_text=item.status_text,
        days_overdue=item.days_overdue,
        days_late=item.days_late,
        output=task.output,
        source=task.source,
        par_field=task.par_field,
        par_field_name=(par_field.short_name or par_field.name) if par_field else None,
        sipas_factor=task.sipas_factor,
    )
