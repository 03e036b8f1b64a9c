"""Documents made from the plan: ``report``, ``calendar`` and ``site``."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from parplan.cli.group import ParplanCommand, app, say, warn
from parplan.cli.options import (
    AsOfOption,
    DepartmentOption,
    ForceOption,
    PlansOption,
    YearOption,
    as_of,
    format_option,
    output_option,
    use_cache,
)
from parplan.cli.rollup_documents import RollupOption, rollup_report, rollup_site
from parplan.formats import ReportFormat

if TYPE_CHECKING:
    from parplan.years import YearPlan

MAX_ALARM_WORKING_DAYS = 60
"""The earliest reminder of a calendar event, in working days before the deadline."""


QuarterOption = Annotated[
    str | None,
    typer.Option(
        "--quarter", "-q", metavar="QUÝ", help="Quý: I, II, III, IV (hoặc 1–4).", show_default=False
    ),
]
HalfOption = Annotated[
    str | None,
    typer.Option(
        "--half",
        metavar="NỬA_NĂM",
        help="6 tháng: 1 (đầu năm) hoặc 2 (cuối năm).",
        show_default=False,
    ),
]
MonthOption = Annotated[
    str | None,
    typer.Option(
        "--month", metavar="THÁNG", help="Báo cáo tháng: 1–12 (hoặc T1–T12).", show_default=False
    ),
]


@app.command(cls=ParplanCommand)
def report(
    quarter: QuarterOption = None,
    half: HalfOption = None,
    month: MonthOption = None,
    nine_months: Annotated[bool, typer.Option("--nine-months", help="Báo cáo 9 tháng.")] = False,
    annual: Annotated[bool, typer.Option("--annual", help="Báo cáo năm.")] = False,
    plans: PlansOption = Path("plans"),
    year: YearOption = None,
    output_format: Annotated[
        ReportFormat, format_option("report", " (docx: Word)")
    ] = ReportFormat.DOCX,
    output: Annotated[
        Path | None,
        output_option(
            "Tệp kết quả; '-' in ra màn hình (html, md). Mặc định: docx, html ghi "
            "bao-cao-<kỳ>-<năm>.<đuôi> trong thư mục hiện tại; md in ra màn hình."
        ),
    ] = None,
    number: Annotated[
        str | None,
        typer.Option(
            "--number",
            metavar="SỐ",
            help="Số của báo cáo (không có: bản dự thảo).",
            show_default=False,
        ),
    ] = None,
    signed_on: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="NGÀY",
            help="Ngày ký, dd/mm/yyyy (không có: bản dự thảo).",
            show_default=False,
        ),
    ] = None,
    force: ForceOption = False,
    rollup: RollupOption = None,
) -> None:
    """Báo cáo định kỳ theo thể thức Nghị định 30/2020/NĐ-CP, số liệu theo kỳ chốt số liệu của
    kế hoạch: Word để sửa và ký, HTML để in, Markdown để đọc trong pull request. Với --rollup:
    báo cáo tổng hợp của tỉnh từ kế hoạch của mọi cơ quan."""
    from parplan.file_writing import write_document
    from parplan.loading import load_plan
    from parplan.periods import option_date, report_period
    from parplan.report import build_report, default_report_name, render_report
    from parplan.standard_output import is_stdout, no_word_on_stdout

    period = report_period(quarter, half, nine_months=nine_months, annual=annual, month=month)
    day = option_date("--date", signed_on)
    if rollup is not None:
        rollup_report(
            rollup,
            period,
            year=year,
            number=number,
            signed_on=day,
            output_format=output_format.value,
            output=output,
            force=force,
        )
        return
    plan = load_plan(plans, year, use_cache=use_cache())
    data = build_report(plan, period, number=number, signed_on=day)
    for warning in data.warnings:
        warn(warning)
    chosen = output_format.value
    content = render_report(plan, data, chosen)
    if (output is None and output_format is ReportFormat.MD) or is_stdout(output):
        if output_format is ReportFormat.DOCX:
            raise no_word_on_stdout()
        sys.stdout.write(content.decode("utf-8"))
        return
    target = output or Path(default_report_name(period, plan.year, chosen))
    write_document(target, content, plans, plan.folder, force=force)
    state = "bản dự thảo" if data.header.draft else data.header.number_line
    say(f"Đã ghi báo cáo {data.period_title} ({state}) vào {target}.")


@app.command(cls=ParplanCommand)
def calendar(
    plans: PlansOption = Path("plans"),
    year: YearOption = None,
    department: DepartmentOption = None,
    output: Annotated[Path | None, output_option("Tệp .ics (mặc định: in ra màn hình).")] = None,
    alarm_days: Annotated[
        int,
        typer.Option(
            "--alarm-days",
            metavar="SỐ_NGÀY",
            min=0,
            max=MAX_ALARM_WORKING_DAYS,
            help="Nhắc trước hạn bao nhiêu ngày làm việc (0: không nhắc).",
        ),
    ] = 3,
    as_of_text: AsOfOption = None,
    force: ForceOption = False,
) -> None:
    """Lịch iCalendar (.ics) của mọi thời hạn, mỗi kỳ một sự kiện cả ngày, có nhắc trước hạn;
    nhập vào Outlook, Google Calendar, lịch điện thoại. Nhập lại thì cập nhật, không nhân đôi."""
    from parplan.calendar_feed import calendar_feed
    from parplan.file_writing import write_document
    from parplan.loading import load_plan
    from parplan.standard_output import is_stdout
    from parplan.status import resolve_unit

    day = as_of(as_of_text)
    plan = load_plan(plans, year, as_of=day, use_cache=use_cache())
    unit = resolve_unit(plan, department) if department is not None else None
    content = calendar_feed(plan, unit=unit, alarm_working_days=alarm_days, as_of=day)
    if output is None or is_stdout(output):
        sys.stdout.write(content.decode("utf-8"))
        return
    write_document(output, content, plans, plan.folder, force=force)
    say(f"Đã ghi lịch vào {output}.")


@app.command(cls=ParplanCommand)
def site(
    out_text: Annotated[
        str,
        typer.Option(
            "--out",
            metavar="THƯ_MỤC",
            help="Thư mục ghi site (tạo nếu chưa có).",
            show_default=False,
        ),
    ],
    plans: PlansOption = Path("plans"),
    year: YearOption = None,
    as_of_text: AsOfOption = None,
    rollup: RollupOption = None,
) -> None:
    """Site HTML tĩnh bằng tiếng Việt: trang tổng quan có biểu đồ, trang từng đơn vị, từng nhiệm
    vụ, và các báo cáo đã chốt số liệu. Mở trực tiếp bằng trình duyệt hoặc đăng từ CI. Thư mục
    có kế hoạch nhiều năm (không có --year): mỗi năm một thư mục con, có bộ chọn năm, và trang
    so sánh các năm. Với --rollup: site của tỉnh, mỗi cơ quan một trang dẫn tới site riêng của
    cơ quan đó."""
    from parplan.file_writing import OutputFolder, output_folder_option, plan_folders
    from parplan.loading import load_plan
    from parplan.website import build_site

    out = output_folder_option(out_text)
    day = as_of(as_of_text)
    if rollup is not None:
        rollup_site(rollup, out, day)
        return
    held = _held_plans(plans) if year is None else []
    if len(held) > 1:
        _several_years(plans, held, out, day)
        return
    # One plan, already read and validated to count the years: not read a second time.
    plan = held[0].plan if held and held[0].plan is not None else None
    if plan is None:
        plan = load_plan(plans, year, as_of=day, use_cache=use_cache())
    folder = OutputFolder(out, plan_folders(plans, plan.folder), "--out", create=True)
    written = build_site(plan, day, folder)
    say(f"Đã ghi {len(written)} trang vào {out}; mở {out / 'index.html'}.")


def _held_plans(plans: Path) -> list[YearPlan]:
    """Every plan of the plans folder (:func:`parplan.years.year_plans`), or none when it holds
    no plan at all (said as for one year)."""
    from parplan.errors import PlanInvalid
    from parplan.years import year_plans

    try:
        return year_plans(plans)
    except PlanInvalid:
        return []


def _several_years(plans: Path, held: list[YearPlan], out: Path, day: date) -> None:
    """The site of a plans folder holding several plans (:mod:`parplan.site_years`), written."""
    from parplan.file_writing import OutputFolder, plan_folders
    from parplan.site_years import build_years_site
    from parplan.years import invalid_plans

    protected = plan_folders(plans, *(entry.folder for entry in held))
    folder = OutputFolder(out, protected, "--out", create=True)
    site = build_years_site(held, day, folder, protected)
    shown = ", ".join(str(year) for year in sorted({row.year for row in site.comparison.rows}))
    say(
        f"Đã ghi {len(site.written)} trang vào {out} (các năm {shown}, mỗi năm một thư mục); "
        f"mở {out / 'index.html'}."
    )
    for entry in site.comparison.not_begun:
        say(f"Năm {entry.year} chưa bắt đầu vào ngày {day.strftime('%d/%m/%Y')}: chưa có trang.")
    problem = invalid_plans(site.comparison)
    if problem is not None:
        raise problem
