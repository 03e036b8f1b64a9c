"""The periodic report (báo cáo định kỳ): what it says, computed from the plan for one period.

The content is data (numbers, lists, the plan's own words); templates in ``templates/`` write the
sentences around it and lay it out as Markdown, HTML or Word in the format of Nghị định
30/2020/NĐ-CP; the document's header is :mod:`parplan.report_header`, the lines of its tables
:mod:`parplan.report_rows`, the next period's focus :mod:`parplan.report_focus`.

Everything, sentences and tables alike, is read from the plan's status
(:func:`parplan.status.plan_status`) as of the period's data cut-off (ngày chốt số liệu) from the
reporting rule in the plan folder's ``reporting`` settings: facts dated after the cut-off are not
seen.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from parplan.dates import format_date
from parplan.errors import UsageProblem
from parplan.model import Plan, Task
from parplan.model_indexes import SIPAS, split_criterion
from parplan.periods import DataWindowRule, Period, period_title
from parplan.report_focus import next_focus
from parplan.report_header import (
    DocumentHeader,
    document_date_line,
    document_header,
    document_number,
)
from parplan.report_rows import (
    SipasGroup,
    TallyRow,
    TargetRow,
    TaskRow,
    tally_row,
    target_rows,
    task_rows,
)
from parplan.status import StatusClass, TrackedOccurrence, plan_status

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
    """Work with a deadline due by the cut-off or done (continuous duties never count)."""
    due_counts: TallyRow
    """The counts by status class of the whole plan at the cut-off: the same as ``totals`` (the
    summary's sentences and the tables say the same numbers)."""
    completion_percent: float | None
    """Done of ``due``, 0–100, rounded down (99,9% while anything is open); None when nothing
    is due yet."""
    completion_text: str
    """ "hoàn thành 3/4 việc đến hạn đến ngày 14/09/2022 (75%)"."""
    year_text: str
    """ "cả năm 3/10 việc có thời hạn (30%)"."""
    continuous_text: str
    """ "1 việc thường xuyên (0 đã ghi kết quả đến ngày 14/09/2022)": never in a rate."""
    target_percent: float
    target_verdict: str
    """The plan's completion requirement on the cut-off: "đạt", "chưa đạt", "chưa có kết quả"
    (never "đạt" while work due by the cut-off is open)."""
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
    next_until: str
    """The last day of the next period (31/12 of the plan's year when it is in the next year)."""
    next_tasks: list[TaskRow]
    """Open work (not done at the cut-off) due by ``next_until``, overdue work first; never the
    occurrences this report is made with (those cut off on the same day, unless overdue)."""
    next_continuous: list[TaskRow]
    """The continuous duties of the next period (none when it is in the next year)."""
    next_carried_over: list[TaskRow]
    """Open work whose deadline falls after the plan's year (nhiệm vụ chuyển tiếp): what rolls
    into the next year."""
    next_outside_plan: bool
    next_year: int
    """The year of the next period."""
    recipients: list[str]
    signature_lines: list[str]
    """The signature block's capital lines: "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"."""
    signature_name: str | None
    appendix_title: str
    appendix_rows: list[TaskRow] = field(default_factory=list)
    appendix_note: str | None = None


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
    # Every figure, sentence and table is read from the plan's status at the cut-off: the one
    # computation; the lists of the period pick from its items.
    status = plan_status(plan, end)
    in_scope = [_in_scope(item, rule=rule, year=year, end=end) for item in status.items]
    headline = status.headline
    focus = next_focus(status, period, rule)
    document = plan.document
    signature = document.signature
    totals = tally_row("Tổng cộng", status.tally)
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
        due_counts=totals,
        completion_percent=headline.percent_of_due,
        completion_text=headline.due_text,
        year_text=headline.year_text,
        continuous_text=headline.continuous_text,
        target_percent=headline.target_percent,
        target_verdict=headline.verdict.label,
        target=headline.target_text or "Hoàn thành 100% nhiệm vụ.",
        targets=target_rows(status.targets),
        baseline_year=year - 1,
        by_field=[tally_row(f"{f.code}. {f.name}", counts) for f, counts in status.fields],
        by_unit=[tally_row(unit.name, counts) for unit, counts in status.units],
        totals=totals,
        late_or_overdue=task_rows(plan, _late_first(status.items)),
        done_in_period=task_rows(plan, _done_between(status.items, start, end)),
        sipas=_sipas_groups(plan, _sipas_work(status.items, in_scope)),
        shortcomings=_shortcomings(
            item
            for item, kept in zip(status.items, in_scope, strict=True)
            if kept or item.status_class is StatusClass.IN_PROGRESS
        ),
        next_period_title=period_title(focus.period, focus.year),
        next_until=format_date(focus.until),
        next_tasks=task_rows(plan, focus.open),
        next_continuous=task_rows(plan, focus.continuous),
        next_carried_over=task_rows(plan, focus.carried_over),
        next_outside_plan=focus.outside_plan,
        next_year=focus.year,
        recipients=list(document.recipients),
        signature_lines=signature.lines if signature is not None else [],
        signature_name=signature.name if signature is not None else None,
        appendix_title=f"TÌNH HÌNH THỰC HIỆN NHIỆM VỤ ĐẾN NGÀY {format_date(end)}",
        appendix_rows=task_rows(plan, status.items),
        appendix_note=document.appendix_note,
    )


def _in_scope(item: TrackedOccurrence, *, rule: DataWindowRule, year: int, end: date) -> bool:
    """Work the period answers for: due by the cut-off (deadline in force then) or done; a
    continuous duty's occurrence of a period cut off by then (or the duty as a whole)."""
    occurrence = item.occurrence
    if item.status_class.done:
        return True
    if item.status_class is StatusClass.CONTINUOUS:
        return occurrence.period is None or rule.window(occurrence.period, year)[1] <= end
    return item.deadline is not None and item.deadline <= end


def _late_first(items: Iterable[TrackedOccurrence]) -> list[TrackedOccurrence]:
    """Work done late or overdue, the latest first."""
    late = (
        item for item in items if item.status_class in (StatusClass.DONE_LATE, StatusClass.OVERDUE)
    )
    return sorted(late, key=lambda item: -(item.days_overdue or item.days_late))


def _done_between(
    items: Iterable[TrackedOccurrence], start: date, end: date
) -> list[TrackedOccurrence]:
    """Work done (known done at the cut-off) on a day of the window."""
    return [
        item
        for item in items
        if item.status_class.done
        and item.progress.done_on is not None
        and start <= item.progress.done_on <= end
    ]


def _sipas_work(items: list[TrackedOccurrence], in_scope: list[bool]) -> list[TrackedOccurrence]:
    """The work of the period, and the work under way at the cut-off."""
    return [
        item
        for item, kept in zip(items, in_scope, strict=True)
        if kept or item.status_class is StatusClass.IN_PROGRESS
    ]


def _sipas_groups(plan: Plan, scope: list[TrackedOccurrence]) -> list[SipasGroup]:
    """The work of the period (due, done, continuous of the period, or under way at the cut-off)
    tied to each SIPAS factor, in the order of the plan; factors without work left out."""
    groups = []
    sipas = plan.index(SIPAS)
    for factor in sipas.items if sipas is not None else []:
        related = [item for item in scope if _serves(item.occurrence.task, SIPAS, factor.code)]
        if related:
            groups.append(SipasGroup(f"{factor.code}. {factor.name}", task_rows(plan, related)))
    return groups


def _serves(task: Task, index: str, code: str) -> bool:
    """Whether ``task`` serves item ``code`` of ``index`` (or a criterion below it)."""
    for ref in task.criteria:
        ref_index, ref_code = split_criterion(ref)
        if ref_index == index and ref_code is not None and f"{ref_code}.".startswith(f"{code}."):
            return True
    return False


def _shortcomings(noted: Iterable[TrackedOccurrence]) -> list[str]:
    """The notes known at the cut-off on the work, each with the task it is about."""
    return [
        f"{item.title} ({item.occurrence.key}): {note.text}"
        for item in noted
        for note in item.progress.notes
    ]


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
