"""The years side by side: ``years``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from parplan.cli.group import ParplanCommand, app
from parplan.cli.options import AsOfOption, DepartmentOption, PlansOption, as_of, format_option
from parplan.formats import OutputFormat, YearsFormat, canonical

if TYPE_CHECKING:  # rich is imported by the views only: a command answering in JSON needs none
    from rich.console import RenderableType
    from rich.table import Table
    from rich.text import Text

__all__ = ["years", "years_view"]


@app.command(cls=ParplanCommand)
def years(
    plans: PlansOption = Path("plans"),
    as_of_text: AsOfOption = None,
    department: DepartmentOption = None,
    output_format: Annotated[YearsFormat, format_option("years")] = YearsFormat.TEXT,
) -> None:
    """So sánh các năm kế hoạch trong thư mục: việc đến hạn, hoàn thành đúng hạn, quá hạn, chưa
    hoàn thành, thường xuyên, tỷ lệ hoàn thành việc đến hạn, tỷ lệ đúng hạn, việc chuyển sang năm
    sau; từng năm và từng đơn vị chủ trì (theo mã). Mỗi năm tính đến hết ngày 31/12, năm có ngày
    --as-of tính đến ngày đó; năm chưa bắt đầu vào ngày --as-of không tính. Kế hoạch không hợp lệ
    được ghi kèm lỗi (mã thoát 1)."""
    from parplan.years import compare_years, invalid_plans, year_plans, years_payload

    day = as_of(as_of_text)
    comparison = compare_years(year_plans(plans), day, department)
    chosen = canonical(output_format)
    if chosen is OutputFormat.JSON:
        from parplan.status_listings import to_json

        sys.stdout.write(to_json(years_payload(comparison)))
    elif chosen is OutputFormat.MD:
        from parplan.years import years_markdown

        sys.stdout.write(years_markdown(comparison))
    else:
        from parplan.cli.terminal import print_view

        print_view(years_view(years_payload(comparison)))
    problem = invalid_plans(comparison)
    if problem is not None:
        raise problem


def _figures_table(
    title: str, first: tuple[str, ...], rows: list[tuple[list[str], dict[str, Any]]], columns: Any
) -> Table:
    """A table of figures: the ``first`` cells of each row, then one column per figure (an
    invalid plan's row says why, in place of its figures)."""
    from rich.text import Text

    from parplan.cli.terminal import _plain, _table

    headers: list[tuple[str, dict[str, object]]] = [(cell, {"no_wrap": True}) for cell in first]
    headers += [(column["short"], {"justify": "right"}) for column in columns]
    table = _table(title, *headers)
    for cells, row in rows:
        if not row.get("ok", True):
            table.add_row(*(_plain(cell) for cell in cells), *("—" for _ in columns))
            continue
        figures = []
        for column in columns:
            late = column["key"] == "overdue" and row["overdue"]
            figures.append(Text(row["texts"][column["key"]], style="bold red" if late else ""))
        table.add_row(*(_plain(cell) for cell in cells), *figures)
    return table


def _plain_line(text: str) -> Text:
    from parplan.cli.terminal import _plain

    return _plain(text, style="bold red")


def years_view(payload: dict[str, Any]) -> RenderableType:
    """The comparison in a terminal: the years, then each unit year by year, from the plain data
    of ``years --format json``."""
    from rich.console import Group
    from rich.text import Text

    columns = payload["columns"]
    parts: list[RenderableType] = [Text("Kết quả thực hiện kế hoạch qua các năm", style="bold")]
    scope = f"; chỉ việc do đơn vị {payload['department']} chủ trì" if payload["department"] else ""
    parts.append(
        Text(
            f"Năm đang thực hiện tính đến ngày {payload['as_of_text']}, các năm đã qua tính "
            f"đến hết ngày 31/12 của năm{scope}."
        )
    )
    rows = [([str(row["year"]), row["as_of_text"][:5]], row) for row in payload["years"]]
    if rows:
        parts.append(_figures_table("Theo năm", ("Năm", "Đến ngày"), rows, columns))
    parts.extend(
        _plain_line(f"Năm {row['year']} ('{row['folder']}'): {row['error_text']}.")
        for row in payload["years"]
        if not row["ok"]
    )
    parts.extend(
        Text(f"Năm {entry['year']} chưa bắt đầu vào ngày {payload['as_of_text']}: chưa tính.")
        for entry in payload["not_begun"]
    )
    for unit in payload["units"]:
        unit_rows = [([str(row["year"])], row) for row in unit["years"]]
        title = f"{unit['name']} ({unit['code']})"
        parts.append(_figures_table(title, ("Năm",), unit_rows, columns))
    legend = "; ".join(
        f"{column['short']}: {column['label'].lower()}"
        for column in columns
        if column["short"] != column["label"]
    )
    parts.append(Text(f"{legend}. Việc thường xuyên không tính vào tỷ lệ nào.", style="dim"))
    return Group(*parts)
