"""The periodic report (báo cáo định kỳ): what it says, computed from the plan for one period.

The content is data (numbers, lists, the plan's own words); templates in ``templates/`` write the
sentences around it and lay it out as Markdown, HTML or Word in the format of Nghị định
30/2020/NĐ-CP; the document's header is :mod:`parplan.report_header`. Everything is counted as of the period's data cut-off (ngày
chốt số liệu) from the reporting rule in the plan folder's ``reporting`` settings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import partial
from typing import Any

from parplan.dates import format_date
from parplan.errors import UsageProblem
from parplan.model import ALL_UNITS, Plan, Task
from parplan.model_indexes import SIPAS, split_criterion
from parplan.occurrence_rows import OccurrenceRow, occurrence_row
from parplan.periods import DataWindowRule, Period, next_period, period_title
from parplan.report_header import (
    DocumentHeader,
    document_date_line,
    document_header,
    document_number,
)
from parplan.status import StatusClass, Tally, TrackedOccurrence, plan_status, tally
from parplan.targets import TargetEvaluation, format_number

__all__ = [
    "DocumentHeader",
    "ReportData",
    "TallyRow",
    "TargetRow",
    "TaskRow",
    "build_report",
    "document_date_line",
    "document_number",
    "report_context",
]


@dataclass(frozen=True)
class TallyRow:
    name: str
    total: int
    done_on_time: int
    done_late: int
    overdue: int
    in_progress: int
    not_due: int
    continuous: int


def _tally_row(name: str, tally: Tally) -> TallyRow:
    counts = tally.counts
    return TallyRow(
        name=name,
        total=tally.total,
        done_on_time=counts[StatusClass.DONE_ON_TIME],
        done_late=counts[StatusClass.DONE_LATE],
        overdue=counts[StatusClass.OVERDUE],
        in_progress=counts[StatusClass.IN_PROGRESS],
        not_due=counts[StatusClass.NOT_DUE],
        continuous=counts[StatusClass.CONTINUOUS],
    )


@dataclass(frozen=True)
class TaskRow:
    number: int
    key: str
    title: str
    source: str
    par_field: str
    """The PAR Index fields ("1. Chỉ đạo, điều hành"), empty for work tied to none."""
    criteria: str
    """The indexes and criteria, with their names: "PAR 1.1.2 …; SIPAS 2 …"."""
    lead: str
    support: str
    deadline: str
    output: str
    status: str
    evidence: str
    notes: tuple[str, ...] = ()
    parent: str = ""
    """For a part of a task: "GP-B: <the task's title>", the task it belongs to."""
    funding: str = ""
    """ "Ngân sách tỉnh: 150.000.000 đồng; …", empty when the plan writes none."""


@dataclass(frozen=True)
class TargetRow:
    """A target of the plan as it stood at the cut-off, from its evaluation in the status."""

    number: int
    target: str
    """The target as the plan writes it."""
    baseline: str
    """The result of the year before the plan's; "không có" when none is known, "không áp dụng"
    for a completion rate."""
    result: str
    """What was measured by the cut-off: "năm 2022: 88,5%", "75% (3/4 việc đến hạn …)"."""
    verdict: str
    """ "đạt", "chưa đạt", "chưa có kết quả" (with the reason when a result cannot be judged)."""
    verdict_value: str
    """met, not_met, unknown."""
    text: str
    """The whole sentence: target — result — verdict (baseline)."""


@dataclass(frozen=True)
class SipasGroup:
    factor: str
    rows: list[TaskRow]


@dataclass(frozen=True)
class ReportData:
    """Everything a report template needs, as plain text and numbers."""

    header: DocumentHeader
    document_type: str
    title: str
    period_title: str
    window_start: str
    window_end: str
    plan_number: str
    """The plan's number and symbol, "…/KH-VP" when the plan text does not give it."""
    plan_date: str
    """The day the plan was issued, dd/mm/yyyy, "…" when the plan text does not give it."""
    plan_issuer: str
    plan_title: str
    due: int
    """Work due by the cut-off or done (continuous duties not counted)."""
    due_counts: TallyRow
    """The work of the period (due, done, or a continuous duty of the period) by status class."""
    completion_percent: float | None
    """Done of ``due``, 0–100; None when nothing is due yet."""
    target_percent: float
    target: str
    targets: list[TargetRow]
    """Every target of the plan, evaluated as of the cut-off."""
    baseline_year: int
    by_field: list[TallyRow]
    by_unit: list[TallyRow]
    totals: TallyRow
    late_or_overdue: list[TaskRow]
    done_in_period: list[TaskRow]
    sipas: list[SipasGroup]
    shortcomings: list[str]
    next_period_title: str
    next_tasks: list[TaskRow]
    next_outside_plan: bool
    recipients: list[str]
    signature_lines: list[str]
    """The signature block's capital lines: "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"."""
    signature_name: str | None
    appendix_title: str
    appendix_rows: list[TaskRow] = field(default_factory=list)
    appendix_note: str | None = None


def _row(number: int, row: OccurrenceRow) -> TaskRow:
    """A line of the report's tables, written from the occurrence's :func:`occurrence_row`."""
    named = [code for code in row.support if code != ALL_UNITS]
    support = ", ".join((["Các phòng, đơn vị"] if ALL_UNITS in row.support else []) + named)
    return TaskRow(
        number=number,
        key=row.key,
        title=row.title,
        source=row.source,
        par_field=row.par_field_label,
        criteria="; ".join(row.criteria_labels),
        lead=row.lead_label,
        support=support,
        deadline=format_date(row.deadline, "Thường xuyên"),
        output=row.output,
        status=row.status_text,
        evidence="; ".join(row.evidence),
        notes=row.notes,
        parent=f"{row.parent_id}: {row.parent_title}" if row.parent_id else "",
        funding="; ".join(
            source if amount is None else f"{source}: {format_number(amount)} đồng"
            for source, amount in row.funding
        ),
    )


def _target_rows(evaluations: Iterable[TargetEvaluation]) -> list[TargetRow]:
    return [
        TargetRow(
            number=number,
            target=evaluation.target.text,
            baseline=evaluation.baseline_label,
            result=evaluation.result_text,
            verdict=evaluation.verdict_text,
            verdict_value=evaluation.verdict.value,
            text=evaluation.text,
        )
        for number, evaluation in enumerate(evaluations, start=1)
    ]


def _rows(plan: Plan, items: list[TrackedOccurrence]) -> list[TaskRow]:
    return [_row(number, occurrence_row(plan, item)) for number, item in enumerate(items, start=1)]


def build_report(
    plan: Plan,
    period: Period,
    *,
    number: str | None = None,
    signed_on: date | None = None,
) -> ReportData:
    """The content of the report on ``period`` of the plan's year: numbers, lists and the plan's
    own words; the templates write the sentences around them."""
    year = plan.year
    rule = plan.reporting.window_rule
    start, end = rule.window(period, year)
    if signed_on is not None and signed_on < end:
        raise UsageProblem(
            f"ngày ký {format_date(signed_on)} trước ngày chốt số liệu {format_date(end)} của kỳ "
            f"{period_title(period, year)}: báo cáo chỉ ký được sau khi chốt số liệu"
        )
    # The tables count all the work of the plan as it stood at the cut-off (the tallies of
    # parplan.status); the summary speaks of the work that was due by then.
    status = plan_status(plan, end)
    in_scope = partial(_in_scope, rule=rule, year=year, end=end)
    scope = [item for item in status.items if in_scope(item)]
    headline = status.headline  # the work due by the cut-off: done, or overdue
    following, following_year = next_period(period, year)
    document = plan.document
    signature = document.signature
    return ReportData(
        header=document_header(plan, number, signed_on),
        document_type="BÁO CÁO",
        title=f"Kết quả thực hiện Kế hoạch nâng cao PAR Index và SIPAS {period_title(period, year)}",
        period_title=period_title(period, year),
        window_start=format_date(start),
        window_end=format_date(end),
        # What the plan text does not give stays dotted, for the office to fill in.
        plan_number=document.number or f"…/KH-{document.issuer.code or '…'}",
        plan_date=format_date(document.issued_on) if document.issued_on else "…",
        plan_issuer=document.issuer.name,
        plan_title=document.title,
        due=headline.due,
        due_counts=_tally_row("Đến hạn hoặc đã hoàn thành", tally(scope)),
        completion_percent=headline.percent_of_due,
        target_percent=headline.target_percent,
        target=headline.target_text or "Hoàn thành 100% nhiệm vụ.",
        targets=_target_rows(status.targets),
        baseline_year=year - 1,
        by_field=[_tally_row(f"{f.code}. {f.name}", counts) for f, counts in status.fields],
        by_unit=[_tally_row(unit.name, counts) for unit, counts in status.units],
        totals=_tally_row("Tổng cộng", status.tally),
        late_or_overdue=_rows(plan, _late_first(scope)),
        done_in_period=_rows(plan, _done_between(scope, start, end)),
        sipas=_sipas_groups(plan, scope),
        shortcomings=_shortcomings(
            item
            for item in status.items
            if in_scope(item) or item.status_class is StatusClass.IN_PROGRESS
        ),
        next_period_title=period_title(following, following_year),
        next_tasks=_rows(plan, _due_in(status.items, rule, following, following_year))
        if following_year == year
        else [],
        next_outside_plan=following_year != year,
        recipients=list(document.recipients),
        signature_lines=signature.lines if signature is not None else [],
        signature_name=signature.name if signature is not None else None,
        appendix_title=f"TÌNH HÌNH THỰC HIỆN NHIỆM VỤ ĐẾN NGÀY {format_date(end)}",
        appendix_rows=_rows(plan, status.items),
        appendix_note=document.appendix_note,
    )


def _in_scope(item: TrackedOccurrence, *, rule: DataWindowRule, year: int, end: date) -> bool:
    """Work the period answers for: due by the cut-off or done; a continuous duty's occurrence of
    this period (or the duty as a whole)."""
    occurrence = item.occurrence
    if item.status_class.done:
        return True
    if occurrence.continuous:
        return occurrence.period is None or rule.window(occurrence.period, year)[1] <= end
    return occurrence.deadline is not None and occurrence.deadline <= end


def _late_first(scope: Iterable[TrackedOccurrence]) -> list[TrackedOccurrence]:
    """Work done late or overdue, the latest first."""
    late = (
        item for item in scope if item.status_class in (StatusClass.DONE_LATE, StatusClass.OVERDUE)
    )
    return sorted(late, key=lambda item: -(item.days_overdue or item.days_late))


def _done_between(
    scope: Iterable[TrackedOccurrence], start: date, end: date
) -> list[TrackedOccurrence]:
    return [
        item
        for item in scope
        if item.status_class.done
        and item.occurrence.progress.done_on is not None
        and start <= item.occurrence.progress.done_on <= end
    ]


def _sipas_groups(plan: Plan, scope: list[TrackedOccurrence]) -> list[SipasGroup]:
    """The work of the period tied to each SIPAS factor, factors without work left out."""
    groups = []
    sipas = plan.index(SIPAS)
    for factor in sipas.items if sipas is not None else []:
        related = [item for item in scope if _serves(item.occurrence.task, SIPAS, factor.code)]
        if related:
            groups.append(SipasGroup(f"{factor.code}. {factor.name}", _rows(plan, related)))
    return groups


def _serves(task: Task, index: str, code: str) -> bool:
    """Whether ``task`` serves item ``code`` of ``index`` (or a criterion below it)."""
    for ref in task.criteria:
        ref_index, ref_code = split_criterion(ref)
        if ref_index == index and ref_code is not None and f"{ref_code}.".startswith(f"{code}."):
            return True
    return False


def _shortcomings(noted: Iterable[TrackedOccurrence]) -> list[str]:
    """The notes on the work, each with the task it is about."""
    return [
        f"{item.title} ({item.occurrence.key}): {note}"
        for item in noted
        for note in item.occurrence.progress.notes
    ]


def _due_in(
    tracked: Iterable[TrackedOccurrence], rule: DataWindowRule, period: Period, year: int
) -> list[TrackedOccurrence]:
    """Work not done whose deadline falls in ``period``'s window, soonest first."""
    start, end = rule.window(period, year)
    due = [
        item
        for item in tracked
        if not item.status_class.done
        and not item.occurrence.continuous
        and item.occurrence.deadline is not None
        and start <= item.occurrence.deadline <= end
    ]
    return sorted(due, key=lambda item: item.occurrence.deadline or date.max)


def default_report_name(period: Period, year: int, output_format: str) -> str:
    """ "bao-cao-quy-III-2022.docx" and the like."""
    names = {
        Period.Q1: "quy-I", Period.Q2: "quy-II", Period.Q3: "quy-III", Period.Q4: "quy-IV",
        Period.H1: "6-thang-dau-nam", Period.H2: "6-thang-cuoi-nam", Period.M9: "9-thang",
        Period.Y: "nam",
    }  # fmt: skip
    name = f"thang-{period.months[0]}" if period.is_month else names[period]
    return f"bao-cao-{name}-{year}.{output_format}"


def report_context(data: ReportData) -> dict[str, Any]:
    """What report templates see as ``report``: the report as plain data (dicts, lists, text,
    numbers), with the header's ``reference`` spelled out; no object with methods."""
    plain = asdict(data)
    plain["header"]["reference"] = data.header.reference
    return plain


def render_report(plan: Plan, data: ReportData, output_format: str) -> bytes:
    """The report as a .docx, a standalone HTML page or Markdown, from ``templates/``."""
    from parplan.template_loader import office_templates
    from parplan.template_rendering import render_docx, render_template

    override = office_templates(plan.folder)
    context = {"report": report_context(data)}
    if output_format == "docx":
        return render_docx("report.docx", context, override)
    return render_template(f"report.{output_format}.j2", context, override).encode("utf-8")
