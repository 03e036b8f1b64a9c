"""The next year's plan from this one: ``new-year``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from parplan.cli.group import ParplanCommand, app, say
from parplan.cli.options import PlansOption, format_option
from parplan.formats import NewYearFormat


@app.command("new-year", cls=ParplanCommand)
def new_year(
    year: Annotated[
        int,
        typer.Argument(metavar="NĂM", help="Năm của kế hoạch mới (2023).", show_default=False),
    ],
    from_year: Annotated[
        int | None,
        typer.Option(
            "--from",
            metavar="NĂM",
            help="Năm của kế hoạch cũ lập từ đó (mặc định: năm trước NĂM).",
            show_default=False,
        ),
    ] = None,
    plans: PlansOption = Path("plans"),
    as_of_text: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="NGÀY",
            help="Ngày xem việc nào đã hoàn thành, việc nào còn mở, trong năm cũ (mặc định: "
            "ngày cuối năm cũ, hoặc hôm nay nếu sớm hơn).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-O",
            metavar="THƯ_MỤC",
            help="Thư mục kế hoạch mới, chưa có (mặc định: cạnh thư mục năm cũ, tên là NĂM: "
            "plans/2022 → plans/2023).",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[NewYearFormat, format_option("new-year")] = NewYearFormat.TEXT,
) -> None:
    """Lập bản dự thảo kế hoạch năm mới từ kế hoạch năm cũ, thành một thư mục mới (không sửa
    tệp nào của năm cũ): giữ văn bản (năm trong tên, nội dung chuyển sang năm mới; số, ngày ban
    hành để trống; căn cứ, người ký chờ xác nhận), đơn vị, chỉ số, cài đặt, kết quả các năm; các
    nhiệm vụ định kỳ, thường xuyên cho cả năm mới (hạn tính theo quy định kỳ báo cáo và ngày nghỉ
    lễ, Tết năm mới); nhiệm vụ chưa hoàn thành chuyển sang (carried_from, thời hạn mới chờ xác
    nhận); không chép nhiệm vụ đã hoàn thành, tiến độ, minh chứng, ghi chú, số liệu đo. Mọi điều
    được suy ra ghi trong to_confirm.

    Mã thoát: 0 đã ghi, 1 từ chối (kế hoạch cũ có lỗi, thư mục mới đã có), 2 dùng sai lệnh."""
    from datetime import date

    from parplan.errors import UsageProblem
    from parplan.loading import load_plan_parts, today
    from parplan.new_year import (
        draft_new_year,
        new_year_folder,
        refuse_target,
        write_new_year,
    )
    from parplan.new_year_summary import summary_json, summary_lines
    from parplan.periods import option_date

    old_year = from_year if from_year is not None else year - 1
    if year <= old_year:
        raise UsageProblem(f"năm mới {year} phải sau năm của kế hoạch cũ ({old_year})")
    if output is not None and not str(output).strip():
        raise UsageProblem("--output cần tên một thư mục, không để trống")
    parts = load_plan_parts(plans, old_year)
    day = option_date("--as-of", as_of_text) or min(date(old_year, 12, 31), today())
    target = output or new_year_folder(parts.folder, plans, old_year, year)
    refuse_target(target, parts.folder, plans, year)
    draft = draft_new_year(parts, year, day)
    files = write_new_year(draft, target, parts.folder)
    if output_format is NewYearFormat.JSON:
        sys.stdout.write(summary_json(draft, target, files))
        return
    for line in summary_lines(draft, target, files):
        say(line)
