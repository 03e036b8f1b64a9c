"""The periodic report (báo cáo định kỳ): what it says, computed from the plan for one period.

The content is data; templates in ``templates/`` lay it out as Markdown, HTML or Word in the
format of Nghị định 30/2020/NĐ-CP. Everything is counted as of the period's data cut-off (ngày
chốt số liệu) from the reporting rule in the plan folder's ``reporting`` settings.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from parplan.errors import UsageProblem
from parplan.model import ALL_UNITS, Plan
from parplan.periods import Period
from parplan.rendering import format_date, format_percent
from parplan.schedule import expand, work_calendar
from parplan.status import StatusClass, Tally, TrackedOccurrence, track
from parplan.text import vietnamese_sort_key

__all__ = [
    "DocumentHeader",
    "ReportData",
    "TallyRow",
    "TaskRow",
    "build_report",
    "document_date_line",
    "document_number",
    "next_period",
    "period_title",
    "report_context",
]


def period_title(period: Period, year: int) -> str:
    """ "quý III năm 2022", "6 tháng đầu năm 2022", "năm 2022"."""
    if period is Period.Y:
        return f"năm {year}"
    if period is Period.M9:
        return f"9 tháng năm {year}"
    if period in (Period.H1, Period.H2):
        return f"{period.label} {year}"  # "6 tháng đầu năm 2022"
    return f"{period.label} năm {year}"


def next_period(period: Period, year: int) -> tuple[Period, int]:
    """The period a report's "nhiệm vụ trọng tâm kỳ tới" looks at."""
    following = {
        Period.Q1: (Period.Q2, year),
        Period.Q2: (Period.Q3, year),
        Period.Q3: (Period.Q4, year),
        Period.Q4: (Period.Q1, year + 1),
        Period.H1: (Period.H2, year),
        Period.H2: (Period.H1, year + 1),
        Period.M9: (Period.Q4, year),
        Period.Y: (Period.Y, year + 1),
    }
    return following[period]


def document_number(number: str | None, type_code: str, agency_code: str | None) -> str:
    """ "Số: 05/BC-VP", or the draft "Số: …/BC-VP" without a number (numbers < 10 get a 0)."""
    suffix = f"{type_code}-{agency_code}" if agency_code else type_code
    if number is None:
        return f"Số: …/{suffix}"
    text = number.strip().removeprefix("Số:").strip()
    if "/" in text:  # a full number and symbol, as the office wrote it: "15/BC-VP"
        return f"Số: {text}"
    if text.isdigit() and len(text) == 1:
        text = f"0{text}"
    return f"Số: {text}/{suffix}"


def document_date_line(place: str | None, day: date | None, year: int) -> str:
    """ "…, ngày 05 tháng 01 năm 2023": days < 10 and months 1, 2 take a leading zero (NĐ 30);
    the draft form leaves the day and month dotted."""
    where = place or "…"
    if day is None:
        return f"{where}, ngày …… tháng …… năm {year}"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{where}, ngày {day.day:02d} tháng {month} năm {day.year}"


@dataclass(frozen=True)
class DocumentHeader:
    governing_body: str
    issuer: str
    number_line: str
    date_line: str
    draft: bool
    draft_note: str = ""
    """What the draft still lacks, in words: "chưa có số", "chưa có ngày ký" or both."""

    @property
    def reference(self) -> str:
        """How other text cites the document: "số 45/BC-VP", "số …/BC-VP"."""
        return "số " + self.number_line.removeprefix("Số: ")


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
    lead: str
    support: str
    deadline: str
    output: str
    status: str
    evidence: str
    notes: tuple[str, ...] = ()


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
    introduction: str
    target: str
    summary: str
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
    signature_authority: str | None
    signature_head_title: str | None
    signature_title: str
    signature_name: str
    appendix_title: str
    appendix_rows: list[TaskRow] = field(default_factory=list)
    appendix_note: str | None = None


def _row(plan: Plan, number: int, item: TrackedOccurrence) -> TaskRow:
    occurrence = item.occurrence
    task = occurrence.task
    lead = plan.department(task.lead)
    par_field = next((f for f in plan.par_fields if f.code == task.par_field), None)
    named = [code for code in task.support if code != ALL_UNITS]
    support = ", ".join((["Các phòng, đơn vị"] if ALL_UNITS in task.support else []) + named)
    progress = occurrence.progress
    return TaskRow(
        number=number,
        key=occurrence.key,
        title=item.title,
        source=task.source,
        par_field=f"{task.par_field}. {par_field.short_name or par_field.name}"
        if par_field
        else str(task.par_field),
        lead=lead.name if lead else task.lead,
        support=support,
        deadline=format_date(occurrence.deadline, "Thường xuyên"),
        output=task.output,
        status=item.status_text,
        evidence="; ".join(progress.evidence),
        notes=tuple(progress.notes),
    )


def _rows(plan: Plan, items: list[TrackedOccurrence]) -> list[TaskRow]:
    return [_row(plan, number, item) for number, item in enumerate(items, start=1)]


def build_report(
    plan: Plan,
    period: Period,
    *,
    number: str | None = None,
    signed_on: date | None = None,
) -> ReportData:
    """The content of the report on ``period`` of the plan's year."""
    year = plan.year
    rule = plan.reporting.window_rule
    start, end = rule.window(period, year)
    if signed_on is not None and signed_on < end:
        raise UsageProblem(
            f"ngày ký {format_date(signed_on)} trước ngày chốt số liệu {format_date(end)} của kỳ "
            f"{period_title(period, year)}: báo cáo chỉ ký được sau khi chốt số liệu"
        )
    calendar = work_calendar(plan)
    occurrences = expand(plan, calendar)
    tracked = [track(occurrence, end) for occurrence in occurrences]

    def in_scope(item: TrackedOccurrence) -> bool:
        occurrence = item.occurrence
        if occurrence.continuous:
            # Continuous duties: the occurrence of this period (or the duty as a whole).
            return occurrence.period is None or rule.window(occurrence.period, year)[1] <= end
        return (
            occurrence.deadline is not None and occurrence.deadline <= end
        ) or item.status_class.done

    scope = [item for item in tracked if in_scope(item)]

    # The tables count all the work of the plan as it stood at the cut-off; the summary speaks
    # of the work that was due by then.
    totals = Tally()
    by_field: dict[int, Tally] = {}
    by_unit: dict[str, Tally] = {}
    for item in tracked:
        totals.add(item)
        by_field.setdefault(item.occurrence.task.par_field, Tally()).add(item)
        by_unit.setdefault(item.occurrence.task.lead, Tally()).add(item)
    field_rows = [
        _tally_row(f"{f.code}. {f.name}", by_field[f.code])
        for f in plan.par_fields
        if f.code in by_field
    ]
    units = sorted(
        (unit for unit in plan.departments if unit.code in by_unit),
        key=lambda unit: vietnamese_sort_key(unit.name),
    )
    unit_rows = [_tally_row(unit.name, by_unit[unit.code]) for unit in units]

    late = sorted(
        (
            item
            for item in scope
            if item.status_class in (StatusClass.DONE_LATE, StatusClass.OVERDUE)
        ),
        key=lambda item: -(item.days_overdue or item.days_late),
    )
    done_in_period = [
        item
        for item in scope
        if item.status_class.done
        and item.occurrence.progress.done_on is not None
        and start <= item.occurrence.progress.done_on <= end
    ]
    factors = {factor.code: factor.name for factor in plan.sipas_factors}
    sipas: list[SipasGroup] = []
    for code, name in factors.items():
        related = [item for item in scope if item.occurrence.task.sipas_factor == code]
        if related:
            sipas.append(SipasGroup(f"{code}. {name}", _rows(plan, related)))

    # Notes on work due in the period, and on work under way at the cut-off.
    noted = [
        item for item in tracked if in_scope(item) or item.status_class is StatusClass.IN_PROGRESS
    ]
    shortcomings = [
        f"{item.title} ({item.occurrence.key}): {note}"
        for item in noted
        for note in item.occurrence.progress.notes
    ]

    following, following_year = next_period(period, year)
    outside = following_year != year
    next_items: list[TrackedOccurrence] = []
    if not outside:
        next_start, next_end = rule.window(following, following_year)
        next_items = [
            item
            for item in tracked
            if not item.status_class.done
            and not item.occurrence.continuous
            and item.occurrence.deadline is not None
            and next_start <= item.occurrence.deadline <= next_end
        ]
        next_items.sort(key=lambda item: item.occurrence.deadline or date.max)

    due = [item for item in scope if item.status_class is not StatusClass.CONTINUOUS]
    due_done = sum(1 for item in due if item.status_class.done)
    target = next((t for t in plan.targets if t.measure == "completion_rate"), None)
    target_value = target.value if target else 100.0
    document = plan.document
    title_of_period = period_title(period, year)
    # What the plan text does not give stays dotted, for the office to fill in.
    plan_number = document.number or f"…/KH-{document.issuer.code or '…'}"
    plan_date = format_date(document.issued_on) if document.issued_on else "…"
    plan_reference = f"Kế hoạch số {plan_number} ngày {plan_date}"
    issuer = document.issuer.name
    introduction = (
        f"Thực hiện {plan_reference} của {issuer} về {document.title[0].lower()}{document.title[1:]}, "
        f"{issuer} báo cáo kết quả thực hiện {title_of_period} (số liệu từ ngày "
        f"{format_date(start)} đến ngày {format_date(end)}) như sau:"
    )
    in_scope_tally = Tally()
    for item in scope:
        in_scope_tally.add(item)
    counts = in_scope_tally.counts
    if due:
        rate = (
            f"Tỷ lệ hoàn thành {format_percent(100 * due_done / len(due))} so với yêu cầu "
            f"{format_percent(target_value)}."
        )
    else:
        rate = "Chưa có việc nào đến hạn nên chưa tính tỷ lệ hoàn thành."
    summary = (
        f"Đến ngày {format_date(end)}, có {len(due)} việc đến hạn hoặc đã hoàn thành, trong đó "
        f"hoàn thành đúng hạn {counts[StatusClass.DONE_ON_TIME]}, hoàn thành quá hạn "
        f"{counts[StatusClass.DONE_LATE]}, quá hạn chưa hoàn thành "
        f"{counts[StatusClass.OVERDUE]}; {counts[StatusClass.CONTINUOUS]} việc "
        f"thường xuyên đang thực hiện. {rate}"
    )
    governing = document.issuer.governing_body or "UBND tỉnh"
    province = document.province
    header = DocumentHeader(
        governing_body=(f"{governing} {province}" if province else f"{governing} …").upper(),
        issuer=issuer.upper(),
        number_line=document_number(number, "BC", document.issuer.code),
        date_line=document_date_line(province, signed_on, signed_on.year if signed_on else year),
        draft=number is None or signed_on is None,
        draft_note=" và ".join(
            missing
            for missing, absent in (
                ("chưa có số", number is None),
                ("chưa có ngày ký", signed_on is None),
            )
            if absent
        ),
    )
    signature = document.signature
    return ReportData(
        header=header,
        document_type="BÁO CÁO",
        title=f"Kết quả thực hiện Kế hoạch nâng cao PAR Index và SIPAS {title_of_period}",
        period_title=title_of_period,
        window_start=format_date(start),
        window_end=format_date(end),
        introduction=introduction,
        target=target.text if target else "Hoàn thành 100% nhiệm vụ.",
        summary=summary,
        by_field=field_rows,
        by_unit=unit_rows,
        totals=_tally_row("Tổng cộng", totals),
        late_or_overdue=_rows(plan, late),
        done_in_period=_rows(plan, done_in_period),
        sipas=sipas,
        shortcomings=shortcomings,
        next_period_title=period_title(following, following_year),
        next_tasks=_rows(plan, next_items),
        next_outside_plan=outside,
        recipients=list(document.recipients),
        signature_authority=signature.authority,
        signature_head_title=signature.head_title,
        signature_title=signature.title,
        signature_name=signature.name,
        appendix_title=f"TÌNH HÌNH THỰC HIỆN NHIỆM VỤ ĐẾN NGÀY {format_date(end)}",
        appendix_rows=_rows(plan, tracked),
        appendix_note=document.appendix_note,
    )


REPORT_FORMATS = ("docx", "html", "md")


def default_report_name(period: Period, year: int, output_format: str) -> str:
    """ "bao-cao-quy-III-2022.docx" and the like."""
    names = {
        Period.Q1: "quy-I", Period.Q2: "quy-II", Period.Q3: "quy-III", Period.Q4: "quy-IV",
        Period.H1: "6-thang-dau-nam", Period.H2: "6-thang-cuoi-nam", Period.M9: "9-thang",
        Period.Y: "nam",
    }  # fmt: skip
    return f"bao-cao-{names[period]}-{year}.{output_format}"


def report_context(data: ReportData) -> dict[str, Any]:
    """What report templates see as ``report``: the report as plain data (dicts, lists, text,
    numbers), with the header's ``reference`` spelled out; no object with methods."""
    plain = asdict(data)
    plain["header"]["reference"] = data.header.reference
    return plain


def render_report(plan: Plan, data: ReportData, output_format: str) -> bytes:
    """The report as a .docx, a standalone HTML page or Markdown, from ``templates/``."""
    from parplan.rendering import render_docx, render_template

    override = plan.folder / "templates" if plan.folder is not None else None
    context = {"report": report_context(data)}
    if output_format == "docx":
        return render_docx("report.docx", context, override)
    return render_template(f"report.{output_format}.j2", context, override).encode("utf-8")
