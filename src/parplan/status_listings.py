"""Machine forms of the status views (JSON, CSV), so scripts never parse tables: the JSON of an
occurrence (:func:`occurrence_payload`, from its :mod:`parplan.occurrence_rows` row, with
``carried_to``, ``carried_reason``, ``carried_on`` for unfinished work carried into a later
year), of the status and of the overdue list, and the overdue CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date
from typing import Any

from parplan.formats import OutputFormat
from parplan.model import IndexResult, Plan
from parplan.neutralise import csv_cell, json_text
from parplan.occurrence_rows import carried_over, occurrence_row
from parplan.status import PartsRollup, PlanStatus, Tally, TrackedOccurrence
from parplan.targets import TargetEvaluation

__all__ = [
    "OVERDUE_COLUMNS",
    "OVERDUE_LISTINGS",
    "occurrence_payload",
    "overdue_csv",
    "overdue_listing",
    "overdue_payload",
    "rollup_payload",
    "status_payload",
    "tally_payload",
    "target_payload",
    "to_json",
]

OVERDUE_COLUMNS = (
    "id", "key", "period", "title", "lead", "lead_name", "due", "days_overdue", "criteria",
    "carried_to", "carried_reason",
)  # fmt: skip


def to_json(data: Any) -> str:
    """JSON with one list item or one top-level key per line: readable, and written by the C
    encoder (an indented dump is pure Python, slow on thousands of items)."""

    def compact(value: Any) -> str:
        return json_text(json.dumps(value, ensure_ascii=False))

    if isinstance(data, list):
        if not data:
            return "[]\n"
        return "[\n" + ",\n".join(compact(item) for item in data) + "\n]\n"
    if isinstance(data, dict):
        if not data:
            return "{}\n"
        items = ",\n".join(f"{compact(str(key))}: {compact(value)}" for key, value in data.items())
        return "{\n" + items + "\n}\n"
    return compact(data) + "\n"


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def occurrence_payload(plan: Plan, item: TrackedOccurrence) -> dict[str, Any]:
    """One occurrence in the JSON and CSV forms: its :func:`occurrence_row`, keys as published."""
    row = occurrence_row(plan, item)
    return {
        "id": row.task_id,
        "key": row.key,
        "period": row.period,
        "title": row.title,
        "lead": row.lead,
        "lead_name": row.lead_name,
        "due": _iso(row.deadline),
        "original_due": _iso(row.original_deadline),
        "status": row.progress_status,
        "class": row.status_class.value,
        "class_label": row.status_class.label,
        "reported": row.reported,
        "done_on": _iso(row.done_on),
        "days_overdue": row.days_overdue,
        "days_late": row.days_late,
        "source": row.source,
        "par_field": row.par_field,
        "output": row.output,
        "leads": list(row.leads),
        "criteria": list(row.criteria),
        "par_fields": list(row.par_fields),
        "parent": row.parent_id,
        "funding": [{"source": source, "amount": amount} for source, amount in row.funding],
        "carried_to": row.carried_to,
        "carried_reason": row.carried_reason,
        "carried_on": _iso(row.carried_on),
        "carried_from": None
        if row.carried_from_year is None
        else {
            "year": row.carried_from_year,
            "id": row.carried_from_id,
            "deadline": _iso(row.carried_from_deadline),
        },
    }


def _result_payload(result: IndexResult | None) -> dict[str, Any] | None:
    if result is None:
        return None
    return {
        "index": result.index,
        "year": result.year,
        "value": result.value,
        "unit": result.unit,
        "rank": result.rank,
        "of": result.of,
        "group": result.group,
        "known_on": _iso(result.known_on),
        "source": result.source,
    }


def target_payload(evaluation: TargetEvaluation) -> dict[str, Any]:
    """One target's evaluation, machine values first and the Vietnamese sentence last: the
    ``result`` is the plan year's result (for completion_rate: the work due by the day and the
    part of it done), ``measured`` what was compared with ``value``."""
    target = evaluation.target
    headline = evaluation.headline
    result = _result_payload(evaluation.result)
    if headline is not None and evaluation.measured is not None:
        result = {
            "value": evaluation.measured,
            "unit": "%",
            "of": "due",
            "due": headline.due,
            "done": headline.done_of_due,
            "open": headline.open_due,
            "as_of": evaluation.as_of.isoformat(),
        }
    return {
        "id": target.id,
        "target": target.text,
        "source": target.source,
        "measure": target.measure,
        "index": target.index,
        "comparator": target.comparator,
        "value": target.value,
        "unit": target.unit,
        "baseline": _result_payload(evaluation.baseline),
        "result": result,
        "measured": _rounded(evaluation.measured),
        "verdict": evaluation.verdict.value,
        "verdict_label": evaluation.verdict.label,
        "reason": evaluation.reason,
        "text": evaluation.text,
    }


def rollup_payload(rollup: PartsRollup) -> dict[str, Any]:
    """A task with parts: its parts counted and where the task stands."""
    return {
        "id": rollup.task.id,
        "title": rollup.task.title,
        "parts": [part.occurrence.key for part in rollup.parts],
        "total": rollup.total,
        "done": rollup.done,
        "overdue": rollup.overdue,
        "status": rollup.state.value,
        "status_label": rollup.state.label,
        "done_on": _iso(rollup.done_on),
    }


def tally_payload(tally: Tally) -> dict[str, Any]:
    """A tally: the counts and the figures made of them (rates rounded down, continuous duties
    in none of them)."""
    return {
        "total": tally.total,
        "done": tally.done,
        "overdue": tally.overdue,
        "due": tally.due,
        "with_deadline": tally.with_deadline,
        "continuous": tally.continuous,
        "reported": tally.reported,
        "percent_of_due": tally.percent_of_due,
        "percent_of_year": tally.percent_of_year,
        "done_share": tally.done_share,
        "counts": {status_class.value: count for status_class, count in tally.counts.items()},
    }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def status_payload(status: PlanStatus) -> dict[str, Any]:
    headline = status.headline
    plan = status.plan
    return {
        "as_of": status.as_of.isoformat(),
        "year": plan.year,
        "department": status.unit.code if status.unit else None,
        "par_field": status.field_filter.code if status.field_filter else None,
        "headline": {
            "target_percent": headline.target_percent,
            "target": headline.target_text,
            "due": headline.due,
            "done_of_due": headline.done_of_due,
            "percent_of_due": headline.percent_of_due,
            "total": headline.total,
            "done": headline.done,
            "percent_of_total": headline.percent_of_total,
            "continuous": headline.continuous,
            "reported": headline.reported,
            "verdict": headline.verdict.value,
            "verdict_label": headline.verdict.label,
            "text": f"{headline.due_text}; {headline.year_text}",
            "continuous_text": headline.continuous_text,
        },
        "counts": tally_payload(status.tally)["counts"],
        "departments": [
            {"code": unit.code, "name": unit.name, **tally_payload(unit_tally)}
            for unit, unit_tally in status.units
        ],
        "par_fields": [
            {"code": par_field.code, "name": par_field.name, **tally_payload(field_tally)}
            for par_field, field_tally in status.fields
        ],
        "targets": [target_payload(evaluation) for evaluation in status.targets],
        "results": [_result_payload(result) for result in status.results],
        "rollups": [rollup_payload(rollup) for rollup in status.rollups],
        "overdue": [occurrence_payload(plan, item) for item in status.overdue],
        "carried": _carried_payload(status),
        "due_soon": {
            "within": status.within,
            "working_days": status.working_days,
            "until": status.due_soon_until.isoformat(),
            "items": [occurrence_payload(plan, item) for item in status.due_soon],
        },
    }


def _carried_payload(status: PlanStatus) -> list[dict[str, Any]]:
    """The unfinished work carried into a later year, as known on the day of the status (in the
    plan's order), whatever its class: overdue, running or not due yet."""
    return [
        occurrence_payload(status.plan, item)
        for item in status.items
        if carried_over(item) is not None
    ]


def overdue_payload(status: PlanStatus) -> list[dict[str, Any]]:
    return [occurrence_payload(status.plan, item) for item in status.overdue]


def overdue_csv(status: PlanStatus) -> str:
    """Overdue work for a spreadsheet: every text cell through :func:`csv_cell` (a title that
    begins with ``=``, ``+``, ``-``, ``@`` gets a leading ``'``; numbers stay numbers), quotes
    doubled by the csv module."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=OVERDUE_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in overdue_payload(status):
        row["criteria"] = ", ".join(row["criteria"])
        writer.writerow({column: csv_cell(row[column]) for column in OVERDUE_COLUMNS})
    return buffer.getvalue()


OVERDUE_LISTINGS: dict[OutputFormat, Callable[[PlanStatus], str]] = {
    OutputFormat.JSON: lambda status: to_json(overdue_payload(status)),
    OutputFormat.CSV: overdue_csv,
}
"""The machine forms of ``overdue``, by format (the terminal table is the CLI's)."""


def overdue_listing(status: PlanStatus, output_format: OutputFormat) -> str:
    """Overdue work in ``output_format`` (one of :data:`OVERDUE_LISTINGS`)."""
    return OVERDUE_LISTINGS[output_format](status)
