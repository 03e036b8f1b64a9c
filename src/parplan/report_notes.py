"""What a periodic report says in words beside its figures: the notes recorded on the work in
the period, each in the section its kind names (result: I, shortcoming and cause: II, proposal:
IV), and the shortcomings the status states by itself (work overdue, work done late, and the
unfinished work carried into a later year, with the reason recorded when it was carried: said
once, in the carried list, not again among the overdue work).

A note without a kind is the office's own and goes in no section; a draft lists it to classify.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from parplan.dates import format_date
from parplan.model import Plan
from parplan.model_progress import Note
from parplan.occurrence_rows import carried_over, occurrence_row
from parplan.status import StatusClass, TrackedOccurrence

__all__ = [
    "CarriedGroup",
    "NoteLine",
    "carried_statements",
    "late_statements",
    "notes_in_window",
    "notes_of_kind",
]


@dataclass(frozen=True)
class NoteLine:
    """A note of the period, with the work it is about."""

    kind: str | None
    text: str
    """The note as recorded."""
    work: str
    """The work it is about: its title (with the period for a recurring task)."""
    lead: str
    """Who leads that work."""
    on: str
    """The note's day, dd/mm/yyyy."""
    key: str
    """The work's id (for the office's own page of a draft, never in the body)."""


def notes_in_window(
    plan: Plan, items: Iterable[TrackedOccurrence], start: date, end: date
) -> list[NoteLine]:
    """Every note dated in the report's window (known at its cut-off), in the plan's order."""
    lines: list[NoteLine] = []
    for item in items:
        notes: list[Note] = [note for note in item.progress.notes if start <= note.on <= end]
        if not notes:
            continue
        lead = occurrence_row(plan, item).lead_label
        lines.extend(
            NoteLine(
                note.kind, note.text, item.title, lead, format_date(note.on), item.occurrence.key
            )
            for note in notes
        )
    return lines


def notes_of_kind(lines: Iterable[NoteLine], kind: str | None) -> list[NoteLine]:
    return [line for line in lines if line.kind == kind]


def late_statements(plan: Plan, items: Iterable[TrackedOccurrence]) -> list[str]:
    """The shortcomings the figures state by themselves, one sentence each: work overdue at the
    cut-off (most overdue first), then work done after its deadline; work carried into a later
    year is said by :func:`carried_statements` instead."""
    items = [item for item in items if carried_over(item) is None]
    overdue = sorted(
        (item for item in items if item.status_class is StatusClass.OVERDUE),
        key=lambda item: -item.days_overdue,
    )
    late = sorted(
        (item for item in items if item.status_class is StatusClass.DONE_LATE),
        key=lambda item: -item.days_late,
    )
    sentences = []
    for item in overdue:
        row = occurrence_row(plan, item)
        sentences.append(
            f"{item.title}; chủ trì: {row.lead_label}; hạn {format_date(item.deadline)}; chưa "
            f"hoàn thành, quá hạn {item.days_overdue} ngày."
        )
    for item in late:
        row = occurrence_row(plan, item)
        sentences.append(
            f"{item.title}; chủ trì: {row.lead_label}; hạn {format_date(item.deadline)}; hoàn "
            f"thành chậm {item.days_late} ngày."
        )
    return sentences


@dataclass(frozen=True)
class CarriedGroup:
    """The unfinished work carried into the plan of one later year, a sentence each."""

    year: int
    lines: list[str]


def carried_statements(plan: Plan, items: Iterable[TrackedOccurrence]) -> list[CarriedGroup]:
    """The unfinished work carried into a later year by the cut-off ("Nhiệm vụ chưa hoàn
    thành, chuyển sang năm 2023:"), by year, in the plan's order: the work, who leads it, its
    deadline in force, how late it is, and why it was carried (with the document that allowed
    it)."""
    groups: dict[int, list[str]] = {}
    for item in items:
        carried = carried_over(item)
        if carried is None:
            continue
        row = occurrence_row(plan, item)
        late = f", quá hạn {item.days_overdue} ngày" if item.days_overdue else ""
        allowed = f" ({carried.document})" if carried.document else ""
        reason = carried.reason.rstrip(".")
        groups.setdefault(carried.to_year, []).append(
            f"{item.title}; chủ trì: {row.lead_label}; hạn {format_date(item.deadline)}; chưa "
            f"hoàn thành{late}; lý do: {reason}{allowed}."
        )
    return [CarriedGroup(year, lines) for year, lines in sorted(groups.items())]
