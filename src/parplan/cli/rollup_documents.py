"""``--rollup TỆP_TỈNH`` of ``report``, ``site`` and ``export``: the province's documents, made
from the roll-up (:func:`parplan.rollup.roll_up` of every agency's plan, read by
:func:`parplan.province_sources.gather`) instead of one plan.

A document is written even when some agencies could not be rolled up (it lists them with their
errors); the command then ends with exit 1, as ``rollup`` does.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from parplan.cli.group import say, warn
from parplan.cli.options import use_cache

if TYPE_CHECKING:
    from parplan.periods import Period
    from parplan.rollup import Rollup

__all__ = ["RollupOption", "export_rollup_database", "rollup_report", "rollup_site"]

RollupOption = Annotated[
    Path | None,
    typer.Option(
        "--rollup",
        metavar="TỆP_TỈNH",
        help="Tổng hợp của tỉnh thay cho một kế hoạch: tệp tỉnh (tinh.yaml) như của lệnh rollup "
        "(kho git dùng bản đã tải; tải lại bằng parplan rollup --refresh).",
        show_default=False,
    ),
]


def province_rollup(province_file: Path, day: date) -> Rollup:
    """Every agency of ``province_file`` rolled up on ``day`` (each agency's year chosen from it
    when the province file does not name one)."""
    from parplan.province_sources import gather
    from parplan.rollup import roll_up

    province, outcomes = gather(
        province_file, as_of=day, refresh=False, jobs=None, use_cache=use_cache()
    )
    return roll_up(province, outcomes, day)


def _agency_folders(rollup: Rollup) -> list[Path]:
    """The plan folders of every agency read from a folder: never written into."""
    from parplan.plan_folders import plan_folders

    folders = [Path(s.outcome.source) for s in rollup.standings if s.agency.plans.folder]
    plans = [s.outcome.plan.folder for s in rollup.standings if s.outcome.plan is not None]
    return plan_folders(*folders, *plans)


def _failed(rollup: Rollup) -> None:
    from parplan.cli.commands_rollup import SomeAgenciesFailed

    if not rollup.ok:
        codes = ", ".join(standing.agency.code for standing in rollup.failed)
        raise SomeAgenciesFailed(f"{len(rollup.failed)} cơ quan không tổng hợp được: {codes}")


def rollup_report(
    province_file: Path,
    period: Period,
    *,
    year: int | None,
    number: str | None,
    signed_on: date | None,
    output_format: str,
    output: Path | None,
    force: bool,
) -> None:
    """``report --rollup``: the province's báo cáo tổng hợp of ``period``."""
    from parplan.file_writing import write_output_file
    from parplan.loading import today
    from parplan.province_sources import gather
    from parplan.rollup import roll_up
    from parplan.rollup_report import (
        cutoff,
        default_rollup_report_name,
        plans_year,
        render_rollup_document,
        rollup_report_data,
    )
    from parplan.standard_output import is_stdout, no_word_on_stdout

    day = date(year, 12, 31) if year is not None else today()
    province, outcomes = gather(
        province_file, as_of=day, refresh=False, jobs=None, use_cache=use_cache()
    )
    chosen_year = year if year is not None else plans_year(outcomes, day.year)
    # Rolled up once, on the period's data cut-off: the figures the report states.
    rollup = roll_up(province, outcomes, cutoff(province, period, chosen_year))
    data = rollup_report_data(rollup, period, year=chosen_year, number=number, signed_on=signed_on)
    for warning in data.warnings:
        warn(warning)
    content = render_rollup_document(data, output_format)
    if (output is None and output_format == "md") or is_stdout(output):
        if output_format == "docx":
            raise no_word_on_stdout()
        sys.stdout.write(content.decode("utf-8"))
    else:
        target = output or Path(default_rollup_report_name(period, chosen_year, output_format))
        write_output_file(target, content, _agency_folders(rollup), replace=force)
        state = "bản dự thảo" if data.header.draft else data.header.number_line
        say(f"Đã ghi báo cáo tổng hợp {data.period_title} ({state}) vào {target}.")
    _failed(rollup)


def rollup_site(province_file: Path, out: Path, day: date) -> None:
    """``site --rollup``: the province's site, a page per agency and each agency's own site."""
    from parplan.site_rollup import build_province_site

    rollup = province_rollup(province_file, day)
    written = build_province_site(rollup, out)
    say(f"Đã ghi {len(written)} trang của tỉnh vào {out}; mở {out / 'index.html'}.")
    _failed(rollup)


def export_rollup_database(province_file: Path, output: Path, day: date) -> None:
    """``export --format sqlite --rollup``: every agency's plan in one SQLite database."""
    from parplan.export_sqlite import export_rollup

    rollup = province_rollup(province_file, day)
    export_rollup(rollup, output, _agency_folders(rollup))
    say(f"Đã ghi cơ sở dữ liệu SQLite của {len(rollup.standings)} cơ quan vào {output}.")
    _failed(rollup)
