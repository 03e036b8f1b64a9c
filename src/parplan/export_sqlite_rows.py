"""The rows of the SQLite export (:mod:`parplan.export_sqlite`), one table at a time.

Every figure comes from the computations the views read: an occurrence's state on the day from
:func:`parplan.status.plan_status` through :func:`parplan.occurrence_rows.occurrence_row`, an
agency's figures from :func:`parplan.rollup.agency_figures` of its tally, each quarter's from
:func:`parplan.status.plan_status` of the quarter's last day. Nothing is counted again here: the
functions below only lay those values out as rows, dates as ISO text (``YYYY-MM-DD``, so that SQL
compares them), lists as JSON. Text is NFC as the plan reader made it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from parplan.model import CarriedFrom, Plan, Progress, Task
from parplan.model_indexes import PAR, IndexItem, split_criterion
from parplan.occurrence_rows import occurrence_row
from parplan.periods import occurrence_key
from parplan.rollup import AgencyFigures, agency_figures
from parplan.status import PlanStatus, plan_status
from parplan.tracking import Tally

__all__ = ["ExportedAgency", "Row", "agency_tables", "iso", "quarter_ends"]

Row = tuple[object, ...]


def iso(day: date | None) -> str | None:
    """A day as ISO text, the form SQL compares; None stays NULL."""
    return day.isoformat() if day is not None else None


def _json(values: Sequence[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


@dataclass(frozen=True)
class ExportedAgency:
    """One agency as the export writes it: who it is, where its plan was read, and (when it has
    a plan) its status on the day, its figures and its rank in the province (None: not ranked)."""

    code: str
    name: str
    kind: str | None
    source: str | None
    revision: str | None = None
    error: str | None = None
    findings: tuple[tuple[str, int | None, int | None, str, str, str], ...] = ()
    """(file, line, column, rule, message, severity) of each finding of an invalid plan."""
    status: PlanStatus | None = None
    figures: AgencyFigures | None = None
    rank: int | None = None


def quarter_ends(year: int, as_of: date) -> list[tuple[int, date]]:
    """The quarters of ``year`` whose last day is on or before ``as_of``, with that day."""
    ends = [(1, date(year, 3, 31)), (2, date(year, 6, 30)), (3, date(year, 9, 30))]
    ends.append((4, date(year, 12, 31)))
    return [(quarter, day) for quarter, day in ends if day <= as_of]


def agency_tables(agency: ExportedAgency) -> dict[str, list[Row]]:
    """Every row of one agency, by table, in an order the foreign keys accept."""
    code = agency.code
    tables: dict[str, list[Row]] = {
        "agencies": [
            (code, agency.name, agency.kind, agency.source, agency.revision, agency.error)
        ],
        "agency_findings": [
            (code, seq, *finding) for seq, finding in enumerate(agency.findings, 1)
        ],
    }
    status = agency.status
    if status is None:
        return tables
    plan = status.plan
    document = plan.document
    tables["plans"] = [
        (
            code,
            plan.year,
            document.document_type,
            document.title,
            document.number,
            iso(document.issued_on),
            document.issuer.name,
            iso(status.as_of),
        )
    ]
    tables["units"] = [
        (code, plan.year, unit.code, unit.name, unit.kind, int(unit.confirmed), _json(unit.members))
        for unit in plan.departments
    ]
    tables["indexes"] = list(_index_rows(code, plan))
    tables["index_items"] = list(_index_item_rows(code, plan))
    tables["tasks"] = list(_task_rows(code, plan))
    tables["task_criteria"] = list(_criterion_rows(code, plan))
    tables["occurrences"] = list(_occurrence_rows(code, status))
    tables["progress_facts"] = list(_progress_rows(code, plan))
    tables["results"] = list(_result_rows(code, plan))
    tables["indicators"] = list(_indicator_rows(code, plan))
    figures = agency.figures or agency_figures(status.tally)
    tables["standings"] = [(code, iso(status.as_of), agency.rank, *_figure_values(figures))]
    tables["quarter_standings"] = [
        (code, plan.year, quarter, iso(day), *_quarter_values(plan_status(plan, day).tally))
        for quarter, day in quarter_ends(plan.year, status.as_of)
    ]
    return tables


def _figure_values(figures: AgencyFigures) -> Row:
    return (
        figures.due,
        figures.done_on_time,
        figures.done_late,
        figures.overdue,
        figures.in_progress,
        figures.not_due,
        figures.continuous,
        figures.reported,
        figures.with_deadline,
        figures.percent_of_due,
        figures.percent_on_time,
        figures.percent_of_year,
    )


def _quarter_values(counts: Tally) -> Row:
    figures = agency_figures(counts)
    return (
        figures.due,
        figures.done,
        figures.done_on_time,
        figures.done_late,
        figures.overdue,
        figures.continuous,
        figures.percent_of_due,
        figures.percent_on_time,
    )


def _index_rows(code: str, plan: Plan) -> Iterator[Row]:
    for index in plan.indexes:
        yield (
            code,
            plan.year,
            index.code,
            index.name,
            index.basis,
            index.version,
            index.max_points,
            int(index.max_confirmed),
            index.unit,
            index.ranked_of,
            int(index.confirmed),
        )


def _index_item_rows(code: str, plan: Plan) -> Iterator[Row]:
    position = 0
    for index in plan.indexes:
        stack: list[tuple[IndexItem, str | None, int]] = [
            (item, None, 1) for item in reversed(index.items)
        ]
        while stack:
            item, parent, level = stack.pop()
            position += 1
            yield (
                code,
                plan.year,
                index.code,
                item.code,
                parent,
                level,
                position,
                item.name,
                item.short_name,
                item.max_points,
                int(item.max_confirmed),
                item.unit,
                int(item.confirmed),
            )
            stack.extend((child, item.code, level + 1) for child in reversed(item.items))


def _work(plan: Plan) -> Iterator[tuple[Task, str | None, CarriedFrom | None]]:
    """Every task and every part (as a task, with what it takes from its task), with the id of
    the task a part belongs to and where the work was carried from (a part: its own, else its
    task's)."""
    for task in plan.tasks:
        yield task, None, task.carried_from
        for part, own in zip(task.as_parts(), task.parts, strict=True):
            yield part, task.id, own.carried_from or task.carried_from


def _kind(task: Task) -> str:
    if task.continuous:
        return "continuous"
    return "recurring" if task.recurrence is not None else "once"


def _task_rows(code: str, plan: Plan) -> Iterator[Row]:
    for position, (task, parent, carried) in enumerate(_work(plan), 1):
        yield (
            code,
            plan.year,
            task.id,
            parent,
            position,
            task.title,
            task.source,
            task.lead[0],
            _json(task.lead),
            _json(task.support),
            _kind(task),
            task.deadline.written if task.deadline is not None else None,
            iso(task.deadline_on(plan.year)) if task.recurrence is None else None,
            task.output,
            int(task.carried_over),
            carried.year if carried is not None else None,
            carried.id if carried is not None else None,
            iso(carried.deadline) if carried is not None else None,
            _json(task.to_confirm),
        )


def _criterion_rows(code: str, plan: Plan) -> Iterator[Row]:
    labels = plan.par_field_labels
    for task, _, _ in _work(plan):
        for criterion in dict.fromkeys(task.criteria):
            index_code, item = split_criterion(criterion)
            field = item.split(".")[0] if index_code == PAR and item is not None else None
            yield (
                code,
                plan.year,
                task.id,
                criterion,
                index_code,
                item,
                field,
                labels.get(field) if field is not None else None,
            )


def _occurrence_rows(code: str, status: PlanStatus) -> Iterator[Row]:
    plan = status.plan
    for item in status.items:
        row = occurrence_row(plan, item)
        yield (
            code,
            plan.year,
            row.key,
            row.task_id,
            row.period,
            row.title,
            row.leads[0],
            iso(row.deadline),
            iso(row.original_deadline),
            row.status_class.value,
            row.status_class.label,
            row.days_overdue,
            row.days_late,
            row.progress_status,
            iso(item.progress.started_on),
            iso(row.done_on),
            int(row.continuous),
            int(row.reported),
        )


def _progress_rows(code: str, plan: Plan) -> Iterator[Row]:
    for task, _, _ in _work(plan):
        for period, progress, _deadline in task.progress_records(plan.year):
            key = occurrence_key(task.id, period)
            head = (code, plan.year, key, task.id, period.value if period else None)
            for seq, fact in enumerate(_facts(progress), 1):
                yield (*head, seq, *fact)


def _fact(kind: str, day: date, text: str | None = None, **extra: object) -> Row:
    """kind, day, text, deadline, reason, document, note_kind, field, was, now, to_year."""
    return (
        kind,
        iso(day),
        text,
        extra.get("deadline"),
        extra.get("reason"),
        extra.get("document"),
        extra.get("note_kind"),
        extra.get("field"),
        extra.get("was"),
        extra.get("now"),
        extra.get("to_year"),
    )


def _facts(progress: Progress) -> Iterator[Row]:
    """The dated facts of one record, in the order the record holds them."""
    if progress.started_on is not None:
        yield _fact("started", progress.started_on)
    if progress.done_on is not None:
        yield _fact("done", progress.done_on)
    for evidence in progress.evidence:
        yield _fact("evidence", evidence.on, evidence.text)
    for note in progress.notes:
        yield _fact("note", note.on, note.text, note_kind=note.kind)
    for extension in progress.extensions:
        yield _fact(
            "extension",
            extension.decided_on,
            deadline=iso(extension.deadline),
            reason=extension.reason,
            document=extension.document,
        )
    for correction in progress.corrections:
        yield _fact(
            "correction", correction.on, field=correction.field, was=correction.was,
            now=correction.now,
        )  # fmt: skip
    carried = progress.carried
    if carried is not None:
        yield _fact(
            "carried",
            carried.on,
            reason=carried.reason,
            document=carried.document,
            to_year=carried.to_year,
        )


def _result_rows(code: str, plan: Plan) -> Iterator[Row]:
    for position, result in enumerate(plan.results, 1):
        index_code, item = split_criterion(result.index)
        yield (
            code,
            plan.year,
            position,
            result.index,
            index_code,
            item,
            result.year,
            result.value,
            result.unit,
            result.rank,
            result.of,
            result.group,
            result.max_value,
            result.assessment,
            iso(result.known_on),
            result.source,
        )


def _indicator_rows(code: str, plan: Plan) -> Iterator[Row]:
    for position, measured in enumerate(plan.measurements, 1):
        index_code, item = split_criterion(measured.indicator)
        source = measured.source
        yield (
            code,
            plan.year,
            position,
            measured.indicator,
            index_code,
            item,
            measured.period.value,
            measured.value,
            measured.numerator,
            measured.denominator,
            measured.unit,
            source.file if source is not None else None,
            source.sha256 if source is not None else None,
            iso(source.imported_on) if source is not None else None,
            source.mapping if source is not None else None,
            source.row if source is not None else None,
        )
