"""The province's periodic summary (báo cáo tổng hợp): the roll-up of every agency's plan for one
period, in the form of the periodic report (:mod:`parplan.report`).

Who issues it is the province file (``province.issuer``, ``province.report``,
``province.reporting``: the keys of a plan folder's ``office``, ``report`` and ``reporting``
settings). Every figure is read from the :class:`parplan.rollup.Rollup` as of the period's data
cut-off (each agency's :class:`parplan.rollup.AgencyFigures`, the province's totals, each
agency's status), never counted again; a roll-up made on another day is made again on the
cut-off by :func:`parplan.rollup.roll_up`, the one computation. The outline: I. Kết quả (the
province's totals in words, every agency's figures by kind of agency, the agencies that did all
their work due), II. Tồn tại, hạn chế (every agency's overdue work, the agencies not rolled up
and why), III. Phương hướng (what falls due next period in each agency), Nơi nhận and the
signature; the appendix lists next period's work of each agency.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from parplan.dates import format_date
from parplan.model_province import AGENCY_KIND_LABELS, Province
from parplan.occurrence_rows import occurrence_row
from parplan.periods import Period, period_title
from parplan.report import default_report_name
from parplan.report_focus import next_focus
from parplan.report_header import DocumentHeader, distribution_lines
from parplan.rollup import AgencyFigures, AgencyOutcome, AgencyStanding, Rollup, roll_up
from parplan.rollup_report_parts import (
    RANKING_WORDS,
    check_signing,
    province_header,
    public_error,
    rollup_to_confirm,
)
from parplan.template_filters import format_percent
from parplan.tracking import StatusClass, TrackedOccurrence

__all__ = [
    "AgencyRow",
    "RollupReportData",
    "WorkLine",
    "at_cutoff",
    "cutoff",
    "default_rollup_report_name",
    "plans_year",
    "render_rollup_document",
    "render_rollup_report",
    "report_year",
    "rollup_report_context",
    "rollup_report_data",
]


@dataclass(frozen=True)
class AgencyRow:
    """One line of the table of agencies (or the province's totals), from its figures."""

    rank: int | None
    code: str
    name: str
    due: int
    done_on_time: int
    done_late: int
    overdue: int
    continuous: int
    percent_of_due: str
    """ "75%", "99,9%"; "—" while nothing is due."""
    percent_on_time: str


@dataclass(frozen=True)
class KindGroup:
    """The agencies of one kind (Sở, UBND cấp huyện …), first rank first."""

    title: str
    rows: list[AgencyRow]


@dataclass(frozen=True)
class WorkLine:
    """A piece of an agency's work as a sentence or a line of the appendix names it."""

    agency: str
    title: str
    lead: str
    deadline: str
    status: str
    days_overdue: int


@dataclass(frozen=True)
class AgencyWork:
    """An agency's work of one kind (overdue, next period's), most urgent first."""

    agency: str
    lines: list[WorkLine]


@dataclass(frozen=True)
class NextRow:
    """What an agency has to do next period: open work due by its end, of which overdue now,
    and its continuous duties."""

    agency: str
    open: int
    overdue: int
    continuous: int


@dataclass(frozen=True)
class RollupReportData:
    """Everything the báo cáo tổng hợp's templates need, as plain text and numbers."""

    header: DocumentHeader
    document_type: str
    title: str
    addressees: list[str]
    period_title: str
    window_start: str
    window_end: str
    reporter: str
    """Who reports, as sentences name it (Sở Nội vụ)."""
    province: str
    province_in_text: str
    """The province as a sentence names it: "tỉnh Lạng Sơn"."""
    agencies: int
    """The agencies of the province file."""
    rolled_up: int
    """The agencies whose plan was rolled up."""
    ranking: str
    """How the province ranks, in words."""
    ranking_basis: str | None
    totals: AgencyRow
    completion_text: str
    """ "hoàn thành 30/40 việc đến hạn (75%)", or that nothing is due yet."""
    groups: list[KindGroup]
    complete: list[str]
    """The agencies that did all their work due by the cut-off (100%)."""
    nothing_due: list[str]
    overdue: list[AgencyWork]
    failed: list[dict[str, str]]
    """The agencies not rolled up: name, code, error."""
    next_period_title: str
    next_until: str
    next_rows: list[NextRow]
    distribution: list[str]
    signature_lines: list[str]
    signature_name: str | None
    appendix_title: str
    appendix_reference: str
    appendix_rows: list[WorkLine] = field(default_factory=list)
    to_confirm: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _percent(value: float | None) -> str:
    return "—" if value is None else format_percent(value)


def agency_row(rank: int | None, code: str, name: str, figures: AgencyFigures) -> AgencyRow:
    """The line of one agency's figures (or the totals'), exactly as the roll-up holds them."""
    return AgencyRow(
        rank=rank,
        code=code,
        name=name,
        due=figures.due,
        done_on_time=figures.done_on_time,
        done_late=figures.done_late,
        overdue=figures.overdue,
        continuous=figures.continuous,
        percent_of_due=_percent(figures.percent_of_due),
        percent_on_time=_percent(figures.percent_on_time),
    )


def plans_year(outcomes: Iterable[AgencyOutcome], default: int) -> int:
    """The year most of the agencies' plans are of (``default`` without any plan)."""
    years = Counter(outcome.plan.year for outcome in outcomes if outcome.plan is not None)
    return years.most_common(1)[0][0] if years else default


def report_year(rollup: Rollup) -> int:
    """The year a report on the roll-up is of: the year most of its plans are of."""
    return plans_year((s.outcome for s in rollup.standings), rollup.as_of.year)


def cutoff(province: Province, period: Period, year: int) -> date:
    """The data cut-off of ``period`` of ``year`` under the province's reporting rule."""
    return province.reporting.window_rule.window(period, year)[1]


def at_cutoff(rollup: Rollup, period: Period, year: int) -> Rollup:
    """The roll-up as of the data cut-off of ``period``: ``rollup`` itself when it is of that
    day, else :func:`roll_up` of the same outcomes on the cut-off."""
    end = cutoff(rollup.province, period, year)
    if rollup.as_of == end:
        return rollup
    return roll_up(rollup.province, [s.outcome for s in rollup.standings], end)


def _work_lines(standing: AgencyStanding, items: list[TrackedOccurrence]) -> list[WorkLine]:
    plan = standing.outcome.plan
    assert plan is not None
    lines = []
    for item in items:
        row = occurrence_row(plan, item)
        title = row.title + (
            f" (phần việc của nhiệm vụ {row.parent_title})" if row.parent_title else ""
        )
        lines.append(
            WorkLine(
                agency=standing.agency.name,
                title=title,
                lead=row.lead_label,
                deadline=format_date(row.deadline, "Thường xuyên"),
                status=row.status_text,
                days_overdue=row.days_overdue,
            )
        )
    return lines


def _groups(rollup: Rollup) -> list[KindGroup]:
    """The table of agencies, by kind (in the order kinds are listed), first rank first."""
    groups = []
    for kind, label in AGENCY_KIND_LABELS.items():
        rows = [
            agency_row(s.rank, s.agency.code, s.agency.name, s.figures)
            for s in rollup.ranked
            if s.agency.kind == kind and s.figures is not None
        ]
        if rows:
            groups.append(KindGroup(label, rows))
    return groups


def _completion_text(totals: AgencyFigures, end: str) -> str:
    if totals.percent_of_due is None:
        return f"đến ngày {end}, chưa có việc nào đến hạn"
    return (
        f"hoàn thành {totals.done}/{totals.due} việc đến hạn đến ngày {end} "
        f"({format_percent(totals.percent_of_due)})"
    )


def _next(rollup: Rollup, period: Period) -> tuple[Any, list[NextRow], list[WorkLine]]:
    """Next period's focus of each agency: the counts, and the lines of the appendix."""
    rule = rollup.province.reporting.window_rule
    focus = None
    rows: list[NextRow] = []
    lines: list[WorkLine] = []
    for standing in rollup.ranked:
        assert standing.status is not None
        focus = next_focus(standing.status, period, rule)
        work = focus.open + (focus.carried_over if focus.outside_plan else [])
        rows.append(
            NextRow(
                agency=standing.agency.name,
                open=len(focus.open),
                overdue=sum(1 for item in focus.open if item.status_class is StatusClass.OVERDUE),
                continuous=len(focus.continuous),
            )
        )
        lines.extend(_work_lines(standing, work))
    return focus, rows, lines


def rollup_report_data(
    rollup: Rollup,
    period: Period,
    *,
    year: int | None = None,
    number: str | None = None,
    signed_on: date | None = None,
) -> RollupReportData:
    """The báo cáo tổng hợp of ``period`` (of ``year``, default :func:`report_year`), read from
    the roll-up as of the period's data cut-off (:func:`at_cutoff`)."""
    year = year if year is not None else report_year(rollup)
    province = rollup.province
    start, end = province.reporting.window_rule.window(period, year)
    warnings = check_signing(province, period, year, signed_on)
    rollup = at_cutoff(rollup, period, year)
    header = province_header(province, number, signed_on, year)
    focus, next_rows, next_lines = _next(rollup, period)
    subject = province.report.subject or (
        "Tổng hợp kết quả thực hiện Kế hoạch nâng cao PAR Index và SIPAS của các cơ quan, đơn vị"
    )
    signature = province.report.signature
    ranked = [s for s in rollup.ranked if s.figures is not None]
    to_confirm = rollup_to_confirm(rollup)
    if not header.draft:
        warnings += [f"bản có số và ngày ký, còn chưa xác nhận: {item}" for item in to_confirm]
        to_confirm = []
    return RollupReportData(
        header=header,
        document_type="BÁO CÁO",
        title=f"{subject} {period_title(period, year)}",
        addressees=list(province.report.addressees),
        period_title=period_title(period, year),
        window_start=format_date(start),
        window_end=format_date(end),
        reporter=header.issuer_name,
        province=province.name,
        province_in_text=re.sub(r"^(Tỉnh|Thành phố)(?=\s)", lambda m: m[1].lower(), province.name),
        agencies=len(rollup.standings),
        rolled_up=len(ranked),
        ranking=RANKING_WORDS[province.ranking.by],
        ranking_basis=province.ranking.basis,
        totals=agency_row(None, "", "Tổng cộng", rollup.totals),
        completion_text=_completion_text(rollup.totals, format_date(end)),
        groups=_groups(rollup),
        complete=[s.agency.name for s in ranked if s.figures and s.figures.percent_of_due == 100],
        nothing_due=[s.agency.name for s in ranked if s.figures and s.figures.due == 0],
        overdue=[
            AgencyWork(s.agency.name, _work_lines(s, s.overdue_work))
            for s in ranked
            if s.overdue_work
        ],
        failed=[
            {"name": s.agency.name, "code": s.agency.code, "error": public_error(s.outcome.error)}
            for s in rollup.failed
        ],
        next_period_title=period_title(focus.period, focus.year)
        if focus
        else period_title(period, year),
        next_until=format_date(focus.until) if focus else format_date(end),
        next_rows=next_rows,
        distribution=distribution_lines(province.report.distribution, province.issuer.filing),
        signature_lines=signature.lines if signature is not None else [],
        signature_name=signature.name if signature is not None else None,
        appendix_title=(
            f"VIỆC CHƯA HOÀN THÀNH ĐẾN NGÀY {format_date(end)} CÓ HẠN ĐẾN NGÀY "
            f"{format_date(focus.until) if focus else format_date(end)}"
        ),
        appendix_reference=(
            f"(Kèm theo Báo cáo {header.reference} ngày {header.signed_on} của "
            f"{header.issuer_name})"
        ),
        appendix_rows=next_lines,
        to_confirm=to_confirm,
        warnings=warnings,
    )


def rollup_report_context(data: RollupReportData) -> dict[str, Any]:
    """What the templates see as ``report``: plain data, the header's ``reference`` spelled."""
    plain = asdict(data)
    plain["header"]["reference"] = data.header.reference
    return plain


def default_rollup_report_name(period: Period, year: int, output_format: str) -> str:
    """ "bao-cao-tong-hop-quy-III-2022.docx" and the like."""
    return default_report_name(period, year, output_format).replace("bao-cao-", "bao-cao-tong-hop-")


def render_rollup_report(
    rollup: Rollup,
    period: Period,
    output_format: str,
    *,
    year: int | None = None,
    number: str | None = None,
    signed_on: date | None = None,
    templates: Path | None = None,
) -> bytes:
    """The báo cáo tổng hợp as a .docx, a standalone HTML page or Markdown, from
    ``templates/rollup-report.*`` (an office's own in ``templates``, when given)."""
    data = rollup_report_data(rollup, period, year=year, number=number, signed_on=signed_on)
    return render_rollup_document(data, output_format, templates)


def render_rollup_document(
    data: RollupReportData, output_format: str, templates: Path | None = None
) -> bytes:
    """The report of ``data`` rendered (the command says ``data.warnings`` beside it)."""
    from parplan.template_rendering import render_docx, render_template

    context = {"report": rollup_report_context(data)}
    if output_format == "docx":
        return render_docx("rollup-report.docx", context, templates)
    name = f"rollup-report.{output_format}.j2"
    return render_template(name, context, templates).encode("utf-8")
