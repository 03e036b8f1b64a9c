"""The ``scores`` view in a terminal: rich tables of the scores' plain data
(:func:`parplan.scores_output.scores_payload`), the words the other views show."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from parplan.cli.terminal import _plain, _table
from parplan.neutralise import terminal_text
from parplan.scores_output import UNCONFIRMED_NOTE
from parplan.targets import format_number

__all__ = ["scores_view"]

_TREND_STYLES = {
    "maximum": "green",
    "rising": "cyan",
    "falling": "bold red",
    "unchanged": "",
    "no_previous": "dim",
    "no_score": "dim",
}
UNCONFIRMED_MARK = "*"
_VERDICT_STYLES = {"met": "green", "not_met": "bold red", "unknown": "dim"}


def _number(value: float | None, confirmed: bool | None) -> str:
    """A maximum or points lost in a cell: not confirmed, with the table's mark."""
    if value is None:
        return "—"
    return format_number(value) + ("" if confirmed else UNCONFIRMED_MARK)


def _rows_table(board: dict[str, Any], previous_year: int) -> Table:
    table = _table(
        f"{board['code']}: điểm theo {', '.join(board['levels']) or 'tiêu chí'} ({board['unit']})",
        ("Mã", {"no_wrap": True}),
        ("Tên", {"ratio": 3, "min_width": 16}),
        ("Điểm", {"justify": "right"}),
        ("Tối đa", {"justify": "right", "no_wrap": True}),
        ("Mất", {"justify": "right", "no_wrap": True}),
        (f"Năm {previous_year}", {"justify": "right"}),
        ("Thay đổi", {"justify": "right"}),
        ("Đánh giá", {"ratio": 1, "min_width": 9}),
    )
    for row in board["rows"]:
        name = _plain("  " * (row["level"] - 1) + row["name"])
        if row["tasks"]:
            tasks = ", ".join(f"{task['id']} ({task['status_label']})" for task in row["tasks"])
            name.append("\n" + terminal_text(f"Nhiệm vụ: {tasks}"), style="dim")
        if row["finding"]:
            name.append("\nKhông có nhiệm vụ nào nhằm vào mục này.", style="bold red")
        table.add_row(
            _plain(row["code"]),
            name,
            row["score_text"],
            _number(row["maximum"], row["max_confirmed"]),
            _number(row["lost"], row["lost_confirmed"]),
            row["previous_text"],
            row["change_text"],
            _plain(row["verdict_label"], style=_TREND_STYLES[row["verdict"]]),
        )
    return table


def _tasks(board: dict[str, Any]) -> list[RenderableType]:
    """The tasks aimed at what lost points, each once, with its title."""
    seen: dict[str, str] = {}
    for row in board["rows"]:
        for task in row["tasks"]:
            seen.setdefault(task["id"], task["text"])
    if not seen:
        return []
    lines: list[RenderableType] = [Text("Nhiệm vụ nhằm vào các mục bị mất điểm:", style="bold")]
    lines.extend(_plain(f"• {text}") for text in seen.values())
    return lines


def _trend_table(board: dict[str, Any]) -> Table:
    table = _table(
        f"{board['code']} qua các năm",
        ("Năm", {"no_wrap": True}),
        ("Điểm", {"justify": "right"}),
        ("Kết quả", {"ratio": 3}),
    )
    for point in board["trend"]:
        table.add_row(str(point["year"]), point["value_text"], _plain(point["text"]))
    return table


def _board_parts(board: dict[str, Any], previous_year: int) -> list[RenderableType]:
    parts: list[RenderableType] = [_plain(f"{board['code']} — {board['name']}", style="bold")]
    total = board["total"]
    if total is not None:
        parts.append(_plain(total["text"], style=_TREND_STYLES[total["verdict"]]))
    if board["rows"]:
        parts.append(_rows_table(board, previous_year))
        if any(not row["max_confirmed"] for row in board["rows"] if row["maximum"] is not None):
            parts.append(Text(f"{UNCONFIRMED_MARK} {UNCONFIRMED_NOTE}", style="dim"))
        parts.extend(_tasks(board))
    if board["findings"]:
        parts.append(Text("Mất điểm mà không có nhiệm vụ nào của Kế hoạch:", style="bold red"))
        parts.extend(_plain(f"• {finding}") for finding in board["findings"])
    if len(board["trend"]) > 1:
        parts.append(_trend_table(board))
    return parts


def _indicators_table(indicators: list[dict[str, Any]]) -> Table:
    table = _table(
        "Số liệu đo được trong năm",
        ("Chỉ tiêu", {"ratio": 2}),
        ("Kỳ", {"no_wrap": True}),
        ("Giá trị", {"justify": "right"}),
        ("Nguồn", {"ratio": 2}),
    )
    for indicator in indicators:
        for number, value in enumerate(indicator["values"]):
            table.add_row(
                _plain(indicator["label"] if number == 0 else ""),
                value["period_label"],
                value["value_text"],
                _plain(value["source_text"]),
            )
    return table


def scores_view(payload: dict[str, Any]) -> RenderableType:
    """The scores of the payload's year, each index with its table, findings and trend; the
    targets on indexes; the indicators measured."""
    year = payload["year"]
    title = "Kết quả các chỉ số" + (f" năm {year}" if year is not None else "")
    parts: list[RenderableType] = [
        _plain(f"{title} — {payload['plan']}", style="bold"),
        Text(f"Tính đến ngày {payload['as_of_text']}."),
    ]
    if year is not None and year < payload["plan_year"]:
        parts.append(
            Text(f"Kết quả năm {year} là mốc so sánh của kế hoạch năm {payload['plan_year']}.")
        )
    if payload["message"]:
        parts.append(_plain(payload["message"]))
    for board in payload["indexes"]:
        parts.extend(_board_parts(board, payload["previous_year"]))
    parts.extend(
        _plain(missing["text"] + ".", style="dim") for missing in payload["without_results"]
    )
    if payload["targets"]:
        parts.append(Text("Chỉ tiêu", style="bold"))
        parts.extend(
            _plain(f"• {target['text']}", style=_VERDICT_STYLES[target["verdict"]])
            for target in payload["targets"]
        )
    if payload["indicators"]:
        parts.append(_indicators_table(payload["indicators"]))
    return Group(*parts)
