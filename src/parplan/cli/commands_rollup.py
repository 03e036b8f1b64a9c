"""A province in one view: ``rollup``, and its terminal view."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from parplan.cli.group import ParplanCommand, app
from parplan.cli.options import AsOfOption, format_option, output_option
from parplan.errors import EXIT_PROBLEMS, ParplanError
from parplan.formats import OutputFormat, RollupFormat, canonical

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text


OVERDUE_ROWS = 20
"""The terminal lists the most overdue work of the province; the JSON and Markdown forms list all."""


LEGEND = (
    "Muộn: hoàn thành nhưng quá hạn; Quá hạn: quá hạn chưa hoàn thành; TX: việc thường xuyên; "
    "Xong %: tỷ lệ hoàn thành việc đến hạn; Đúng hạn %: tỷ lệ hoàn thành đúng hạn của việc "
    "đến hạn."
)


class SomeAgenciesFailed(ParplanError):
    """The roll-up was shown, but some agencies could not be rolled up (exit 1)."""

    exit_code = EXIT_PROBLEMS


def _name_cell(agency: dict[str, Any]) -> Text:
    """The agency's code, its name, and its kind (Sở, UBND cấp huyện …) dimmed after it."""
    from parplan.cli.terminal import _plain

    cell = _plain(agency["code"], "bold")
    cell.append(_plain(f" {agency['name']}"))
    cell.append(_plain(f" ({agency['kind_label']})", "dim"))
    return cell


def _ranking_table(payload: dict[str, Any]) -> RenderableType:
    from rich.text import Text

    from parplan.cli.terminal import _table

    columns = [
        ("Hạng", "right"), ("Cơ quan", "left"), ("Đến hạn", "right"),
        ("Đúng hạn", "right"), ("Muộn", "right"), ("Quá hạn", "right"), ("TX", "right"),
        ("Xong %", "right"), ("Đúng hạn %", "right"),
    ]  # fmt: skip
    view = _table(
        "Xếp hạng các cơ quan",
        *[(name, {"justify": side, "no_wrap": name != "Cơ quan"}) for name, side in columns],
    )
    view.caption = LEGEND
    view.caption_justify = "left"
    rows = [agency for agency in payload["agencies"] if "figures" in agency]
    totals = payload["totals"]
    for agency in [*rows, None]:
        figures = agency["figures"] if agency else totals
        overdue = figures["overdue"]
        view.add_row(
            str(agency["rank"]) if agency else "",
            _name_cell(agency) if agency else Text("Toàn tỉnh", style="bold"),
            str(figures["due"]),
            str(figures["done_on_time"]),
            str(figures["done_late"]),
            Text(str(overdue), style="bold red" if overdue else ""),
            str(figures["continuous"]),
            (agency or totals)["percent_of_due_text"],
            (agency or totals)["percent_on_time_text"],
        )
    return view


def _overdue_table(rows: list[dict[str, Any]], limit: int) -> RenderableType:
    from parplan.cli.terminal import _plain, _table

    shown = rows[:limit]
    more = f" ({limit}/{len(rows)} việc quá hạn lâu nhất)" if len(rows) > limit else ""
    view = _table(
        f"Việc quá hạn chưa hoàn thành{more}",
        ("Cơ quan", {}), ("Nhiệm vụ", {}), ("Nội dung", {"ratio": 3}), ("Chủ trì", {}),
        ("Hạn", {"no_wrap": True}), ("Quá hạn", {"justify": "right", "no_wrap": True}),
    )  # fmt: skip
    for item in shown:
        view.add_row(
            _plain(item["agency"]),
            _plain(item["key"]),
            _plain(item["title"]),
            _plain(item["lead"]),
            item["due_text"],
            f"{item['days_overdue']} ngày",
        )
    return view


def _failed_lines(payload: dict[str, Any]) -> list[RenderableType]:
    from rich.text import Text

    from parplan.cli.terminal import _plain

    failed = [agency for agency in payload["agencies"] if "error" in agency]
    if not failed:
        return []
    lines: list[RenderableType] = [Text("Cơ quan không tổng hợp được:", style="bold red")]
    for agency in failed:
        line = Text(f"  {agency['code']}", style="bold")
        line.append(_plain(f" ({agency['name']}): {agency['error']}"))
        lines.append(line)
    return lines


def rollup_view(payload: dict[str, Any]) -> RenderableType:
    """The roll-up in a terminal: the ranking with the totals, the most overdue work, the
    agencies that failed."""
    from rich.console import Group
    from rich.text import Text

    from parplan.cli.terminal import _plain
    from parplan.rollup_output import overdue_across

    totals = payload["totals"]
    head = (
        f"{payload['province']['name']}: tổng hợp kế hoạch tính đến ngày {payload['as_of_text']}"
        f" — {totals['rolled_up']}/{totals['agencies']} cơ quan; xếp hạng theo "
        f"{payload['ranking']['label']}"
    )
    parts: list[RenderableType] = [_plain(head, "bold"), _ranking_table(payload)]
    overdue = overdue_across(payload)
    if overdue:
        parts.append(_overdue_table(overdue, OVERDUE_ROWS))
    else:
        parts.append(Text("Không có việc quá hạn chưa hoàn thành.", style="green"))
    parts.extend(_failed_lines(payload))
    return Group(*parts)


@app.command(cls=ParplanCommand)
def rollup(
    province_file: Annotated[
        Path,
        typer.Argument(
            metavar="TỆP_TỈNH",
            help="Tệp tỉnh (tinh.yaml): danh sách cơ quan và nơi để kế hoạch của từng cơ quan.",
            show_default=False,
        ),
    ],
    as_of_text: AsOfOption = None,
    output_format: Annotated[RollupFormat, format_option("rollup")] = RollupFormat.TEXT,
    refresh: Annotated[
        bool,
        typer.Option(
            "--refresh",
            help="Tải lại mọi kho git (không có --refresh: dùng bản đã tải trong thư mục đệm, "
            "không cần mạng).",
        ),
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            metavar="SỐ",
            min=1,
            max=256,
            help="Số tiến trình đọc kế hoạch song song (mặc định: số nhân CPU).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None, output_option("Tệp ghi kết quả (mặc định hoặc '-': in ra màn hình).")
    ] = None,
) -> None:
    """Tổng hợp kế hoạch của mọi cơ quan trong tỉnh: tải kho git của từng cơ quan (bản nông, lưu
    trong thư mục đệm), kiểm tra kế hoạch, rồi cho từng cơ quan số việc đến hạn, hoàn thành đúng
    hạn, quá hạn (xong muộn), quá hạn chưa hoàn thành, thường xuyên, tỷ lệ hoàn thành việc đến
    hạn và thứ hạng; số liệu toàn tỉnh; việc quá hạn của mọi cơ quan. Cơ quan không tải được hoặc
    kế hoạch có lỗi được liệt kê với lỗi của nó, không làm dừng cơ quan khác; khi đó mã thoát
    là 1."""
    from parplan.cli.options import as_of, use_cache
    from parplan.province_sources import gather_summaries
    from parplan.rollup import roll_up
    from parplan.rollup_output import ROLLUP_OUTPUTS, rollup_payload

    day = as_of(as_of_text)
    province, outcomes = gather_summaries(
        province_file, as_of=day, refresh=refresh, jobs=jobs, use_cache=use_cache()
    )
    result = roll_up(province, outcomes, day)
    chosen = canonical(output_format)
    if chosen is OutputFormat.TEXT and output is None:
        from parplan.cli.terminal import print_view

        print_view(rollup_view(rollup_payload(result)))
    else:
        _write(ROLLUP_OUTPUTS[chosen](result) if chosen in ROLLUP_OUTPUTS else "", output, outcomes)
    if not result.ok:
        codes = ", ".join(standing.agency.code for standing in result.failed)
        raise SomeAgenciesFailed(f"{len(result.failed)} cơ quan không tổng hợp được: {codes}")


def _write(text: str, output: Path | None, outcomes: Any) -> None:
    from parplan.cli.group import say
    from parplan.file_writing import write_output_file
    from parplan.standard_output import is_stdout

    if output is None or is_stdout(output):
        sys.stdout.write(text)
        return
    if not text:
        raise ParplanError(
            "--format text chỉ in ra màn hình; ghi tệp thì chọn --format json hoặc md"
        )
    folders = [Path(outcome.source) for outcome in outcomes if outcome.agency.plans.folder]
    write_output_file(output, text.encode("utf-8"), folders)
    say(f"Đã ghi tổng hợp vào {output}.")
