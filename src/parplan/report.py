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

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from parplan.confirmation import report_to_confirm
from parplan.dates import format_date
from parplan.errors import UsageProblem
from parplan.model import Plan
from parplan.occurrence_rows import rows_made_once
from parplan.periods import DataWindowRule, Period, period_title
from parplan.report_fields import FieldResult, SipasGroup, field_results, sipas_groups
from parplan.report_focus import Focus, next_focus
from parplan.report_header import (
    DocumentHeader,
    cited_basis,
    cited_plan,
    distribution_lines,
    document_date_line,
    document_header,
    document_number,
    office_code,
    sentence_case,
)
from parplan.report_notes import (
    CarriedGroup,
    NoteLine,
    carried_statements,
    late_statements,
    notes_in_window,
    notes_of_kind,
)
from parplan.report_rows import TallyRow, TargetRow, TaskRow, tally_row, target_rows, task_rows
from parplan.report_scores import index_results
from parplan.schedule import period_deadline, work_calendar
from parplan.status import PlanStatus, StatusClass, TrackedOccurrence, plan_status
from parplan.template_data import record_data

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
    "report_symbol",
]


@dataclass(frozen=True)
class ReportData:
    """Everything a report template needs, as plain text and numbers.

    The outline of a periodic report on administrative reform: I. Kết quả thực hiện (đánh giá
    chung; by PAR Index field; SIPAS), II. Tồn tại, hạn chế và nguyên nhân, III. Phương hướng,
    nhiệm vụ kỳ tới, IV. Kiến nghị, đề xuất. Nothing internal is in the body: no task ids, no file
    names, nothing to confirm (a draft has ``to_confirm`` for a page of its own)."""

    header: DocumentHeader
    document_type: str
    title: str
    """The trích yếu: the subject and the period ("Kết quả thực hiện … quý III năm 2022")."""
    addressees: list[str]
    """Kính gửi: where the report goes (UBND tỉnh, Sở Nội vụ)."""
    period_title: str
    window_start: str
    window_end: str
    cited: list[str]
    """The documents the opening sentence cites, the plan's basis first, then the plan itself,
    by number and date where known ("Kế hoạch số 142/KH-UBND ngày 15/7/2022 của UBND tỉnh")."""
    reporter: str
    """Who reports, as sentences name it ("Văn phòng UBND tỉnh")."""
    due: int
    """Work with a deadline due by the cut-off or done (continuous duties never count)."""
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
    target: str | None
    """The plan's completion requirement as it writes it; None when it sets none."""
    targets: list[TargetRow]
    """Every target of the plan, evaluated as of the cut-off."""
    baseline_year: int
    by_field: list[TallyRow]
    by_unit: list[TallyRow]
    totals: TallyRow
    """The counts by status class of the whole plan at the cut-off (the summary's sentences and
    every table say the same numbers)."""
    field_results: list[FieldResult]
    """I.2: by PAR Index field, what was done in the period and the table of its work."""
    sipas: list[SipasGroup]
    late_statements: list[str]
    """II.1, stated from the figures: work overdue at the cut-off, then work done late."""
    late_or_overdue: list[TaskRow]
    shortcomings: list[NoteLine]
    """II.1: notes of the period recorded as shortcomings."""
    causes: list[NoteLine]
    """II.2: notes of the period recorded as causes."""
    proposals: list[NoteLine]
    """IV: notes of the period recorded as proposals."""
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
    distribution: list[str]
    """Nơi nhận, each line as printed: "- UBND tỉnh (b/c);" … "- Lưu: VT, HCTC."."""
    signature_lines: list[str]
    """The signature block's capital lines: "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"."""
    signature_name: str | None
    appendix_title: str
    appendix_reference: str
    """ "(Kèm theo Báo cáo số 45/BC-VP ngày 16/9/2022 của Văn phòng UBND tỉnh)"."""
    appendix_rows: list[TaskRow] = field(default_factory=list)
    appendix_note: str | None = None
    index_results: list[str] = field(default_factory=list)
    """I.4 Kết quả các chỉ số: the index results known in the window and the indicators measured
    for periods ending in it, a sentence each (:mod:`parplan.report_scores`); empty: no section."""
    to_confirm: list[str] = field(default_factory=list)
    """What remains to confirm before signing: printed on a separate page of a draft, never in a
    signed report (empty then)."""
    warnings: list[str] = field(default_factory=list)
    """What the command says beside the document (a report signed after its deadline)."""
    carried: list[CarriedGroup] = field(default_factory=list)  # II.1, last: carried by the cut-off


def report_symbol(plan: Plan) -> str:
    """The report's symbol (ký hiệu): the ``report`` settings' suffix, else BC- and the office's
    abbreviation."""
    if plan.report.number_suffix:
        return plan.report.number_suffix
    code = office_code(plan)
    return f"BC-{code}" if code else "BC"


def _subject(plan: Plan, period: Period, year: int) -> str:
    """The trích yếu: the ``report`` settings' subject, else "Kết quả thực hiện Kế hoạch …" of
    the plan's title (without its year: the period's title says it), then the period."""
    subject = plan.report.subject
    if subject is None:
        document = plan.document
        title = sentence_case(document.title, [document.province] if document.province else [])
        title = re.sub(rf"\s*năm {year}\s*$", "", title)
        if not title.lower().startswith(document.document_type.lower()):
            title = f"{document.document_type} {title}"
        subject = f"Kết quả thực hiện {title[:1].upper()}{title[1:]}"
    return f"{subject} {period_title(period, year)}"


def _check_signing(plan: Plan, period: Period, end: date, signed_on: date | None) -> list[str]:
    """A report is signed after its data cut-off; signed after its own deadline it is late,
    which the command says."""
    year = plan.year
    if signed_on is None:
        return []
    if signed_on < end:
        raise UsageProblem(
            f"ngày ký {format_date(signed_on)} trước ngày chốt số liệu {format_date(end)} của kỳ "
            f"{period_title(period, year)}: báo cáo chỉ ký được sau khi chốt số liệu"
        )
    due = period_deadline(plan, period, work_calendar(plan))
    if signed_on > due:
        return [
            f"báo cáo {period_title(period, year)} ký ngày {format_date(signed_on)}, sau hạn gửi "
            f"{format_date(due)}: báo cáo muộn"
        ]
    return []


def build_report(
    plan: Plan,
    period: Period,
    *,
    number: str | None = None,
    signed_on: date | None = None,
) -> ReportData:
    """The content of the report on ``period`` of the plan's year: numbers, lists and the plan's
    own words; the templates write the sentences around them."""
    with rows_made_once():  # the tables list the same work: each row made once
        year = plan.year
        rule = plan.reporting.window_rule
        start, end = rule.window(period, year)
        warnings = _check_signing(plan, period, end, signed_on)
        header = document_header(plan, report_symbol(plan), number, signed_on, year)
        # Every figure, sentence and table is read from the status at the cut-off, computed once.
        status = plan_status(plan, end)
        notes = notes_in_window(plan, status.items, start, end)
        under_way = _period_work(status, notes, rule=rule, end=end)
        late = late_statements(plan, status.items)
        carried = carried_statements(plan, status.items)
        focus = next_focus(status, period, rule)
        signature = plan.report.signature or plan.document.signature
        headline = status.headline
        return ReportData(
            header=header,
            document_type="BÁO CÁO",
            title=_subject(plan, period, year),
            addressees=list(plan.report.addressees),
            period_title=period_title(period, year),
            window_start=format_date(start),
            window_end=format_date(end),
            cited=[*cited_basis(plan), cited_plan(plan)],
            reporter=plan.document.issuer.name,
            due=headline.due,
            completion_percent=headline.percent_of_due,
            completion_text=headline.due_text,
            year_text=headline.year_text,
            continuous_text=headline.continuous_text,
            target_percent=headline.target_percent,
            target_verdict=headline.verdict.label,
            target=headline.target_text,
            targets=target_rows(status.targets),
            baseline_year=year - 1,
            by_field=[tally_row(f"{f.code}. {f.name}", counts) for f, counts in status.fields],
            by_unit=[tally_row(unit.name, counts) for unit, counts in status.units],
            totals=tally_row("Tổng cộng", status.tally),
            field_results=field_results(
                plan,
                under_way,
                _done_between(status.items, start, end),
                notes_of_kind(notes, "result"),
            ),
            sipas=sipas_groups(plan, under_way),
            index_results=index_results(plan, start, end),
            late_statements=late,
            late_or_overdue=task_rows(plan, _late_first(status.items)),
            shortcomings=notes_of_kind(notes, "shortcoming"),
            causes=notes_of_kind(notes, "cause"),
            proposals=notes_of_kind(notes, "proposal"),
            **_next_period(plan, focus),
            distribution=distribution_lines(plan.report.distribution, plan.office.filing),
            signature_lines=signature.lines if signature is not None else [],
            signature_name=signature.name if signature is not None else None,
            appendix_title=f"TÌNH HÌNH THỰC HIỆN NHIỆM VỤ ĐẾN NGÀY {format_date(end)}",
            appendix_reference=(
                f"(Kèm theo Báo cáo {header.reference} ngày {header.signed_on} của "
                f"{plan.document.issuer.name})"
            ),
            appendix_rows=task_rows(plan, status.items),
            # How the plan's appendix was made is the office's to know (a draft's appendix says it), not a
            # line of the report it sends.
            appendix_note=plan.document.appendix_note if header.draft else None,
            carried=carried,
            **_open_items(header, _to_confirm(plan, notes, stated=bool(late or carried)), warnings),
        )


def _open_items(
    header: DocumentHeader, open_items: list[str], warnings: list[str]
) -> dict[str, Any]:
    """What remains to confirm goes on a draft's page of its own; a signed report never carries
    it, and the command says each item instead, so that nothing open is signed unseen."""
    if header.draft:
        return {"to_confirm": open_items, "warnings": warnings}
    said = [f"bản có số và ngày ký, còn chưa xác nhận: {item}" for item in open_items]
    return {"to_confirm": [], "warnings": warnings + said}


def _to_confirm(plan: Plan, notes: list[NoteLine], *, stated: bool) -> list[str]:
    """A draft's page: :func:`report_to_confirm`, and the causes section II.2 lacks when II.1
    names shortcomings (``stated``: by the figures; or noted) but no note of the period is a
    cause."""
    items = report_to_confirm(plan, notes_of_kind(notes, None))
    if (stated or notes_of_kind(notes, "shortcoming")) and not notes_of_kind(notes, "cause"):
        items.append(
            "Mục II.2 (Nguyên nhân): kỳ báo cáo có tồn tại, hạn chế nhưng chưa có ghi chú nào được "
            "phân loại là nguyên nhân (cause); báo cáo ghi: Chưa xác định được nguyên nhân của các "
            "tồn tại, hạn chế nêu trên."
        )
    return items


def _next_period(plan: Plan, focus: Focus) -> dict[str, Any]:
    """Section III's fields of :class:`ReportData`, from the next period's focus."""
    return {
        "next_period_title": period_title(focus.period, focus.year),
        "next_until": format_date(focus.until),
        "next_tasks": task_rows(plan, focus.open),
        "next_continuous": task_rows(plan, focus.continuous),
        "next_carried_over": task_rows(plan, focus.carried_over),
        "next_outside_plan": focus.outside_plan,
        "next_year": focus.year,
    }


def _period_work(
    status: PlanStatus, notes: list[NoteLine], *, rule: DataWindowRule, end: date
) -> list[TrackedOccurrence]:
    """The work a period's report speaks of: what it answers for (:func:`_in_scope`), what is
    under way at the cut-off, and what a note of the window is about (every note of the window
    is read, whatever the work's state: a proposal may concern work not yet due)."""
    year = status.plan.year
    noted = {line.key for line in notes}
    return [
        item
        for item in status.items
        if _in_scope(item, rule=rule, year=year, end=end)
        or item.status_class is StatusClass.IN_PROGRESS
        or item.occurrence.key in noted
    ]


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
    """Work done (known done at the cut-off) on a day of the window, and the continuous duties
    whose result was recorded on a day of it."""
    return [
        item
        for item in items
        if (item.status_class.done or item.reported)
        and item.progress.done_on is not None
        and start <= item.progress.done_on <= end
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
    """What report templates see as ``report``: plain data only, ``header.reference`` added."""
    plain: dict[str, Any] = record_data(data)
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
