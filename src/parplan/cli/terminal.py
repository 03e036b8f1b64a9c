"""What the office sees in a terminal: rich tables in Vietnamese, plain text when piped.

The work tables show what each occurrence's :func:`~parplan.occurrence_rows.occurrence_row`
holds; the status, overdue and checklist views are built here, printed by :func:`print_view`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from parplan.checklists import Checklist
from parplan.dates import format_date
from parplan.model import Plan
from parplan.neutralise import terminal_text
from parplan.occurrence_rows import OccurrenceRow, occurrence_row
from parplan.status import PlanStatus, StatusClass, Tally, TrackedOccurrence
from parplan.targets import Verdict
from parplan.template_filters import format_percent as percent

__all__ = ["checklist_view", "overdue_view", "status_view"]

DASHBOARD_ROWS = 10
"""The dashboard lists the most overdue and the soonest due work; the full lists have their own
commands and JSON forms."""

_CLASS_STYLES = {
    StatusClass.DONE_ON_TIME: "green",
    StatusClass.DONE_LATE: "yellow",
    StatusClass.IN_PROGRESS: "cyan",
    StatusClass.OVERDUE: "bold red",
    StatusClass.CONTINUOUS: "blue",
    StatusClass.NOT_DUE: "dim",
}


MIN_WIDTH = 40
"""Narrowest console the views are laid out for; a smaller, zero or nonsense COLUMNS gets this."""


def _plain(text: str, style: str = "") -> Text:
    """Text from the plan as a cell: control characters shown escaped, never read as rich markup
    (a title may contain ``[bold]`` or ``[link=…]``)."""
    return Text(terminal_text(text), style=style)


def _bar(tally: Tally, width: int = 10) -> Text:
    """The year's work with a deadline done, as a bar and a rate rounded down; continuous duties
    are in no rate."""
    rate = tally.percent_of_year
    if rate is None:
        return Text("— (thường xuyên)", style="dim")
    filled = int(rate * width // 100)  # a full bar only when all of it is done
    bar = Text("█" * filled, style="green")
    bar.append("░" * (width - filled), style="dim")
    bar.append(f" {percent(rate)}")
    return bar


def _table(title: str, *columns: tuple[str, dict[str, object]]) -> Table:
    table = Table(
        title=title,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        title_style="bold",
        collapse_padding=True,
        pad_edge=False,
    )
    for header, options in columns:
        table.add_column(header, **options)  # type: ignore[arg-type]
    return table


def _tally_table(title: str, first: str, rows: Sequence[tuple[str, Tally]]) -> Table:
    table = _table(
        title,
        (first, {"ratio": 3}),
        ("Việc", {"justify": "right"}),
        ("Có hạn", {"justify": "right"}),
        ("Xong", {"justify": "right"}),
        ("Quá hạn", {"justify": "right"}),
        ("Xong/có hạn", {"no_wrap": True}),
    )
    for name, tally in rows:
        overdue = Text(str(tally.overdue), style="bold red" if tally.overdue else "")
        table.add_row(
            _plain(name),
            str(tally.total),
            str(tally.with_deadline),
            str(tally.done),
            overdue,
            _bar(tally),
        )
    return table


def _rows(plan: Plan, items: Sequence[TrackedOccurrence]) -> list[OccurrenceRow]:
    return [occurrence_row(plan, item) for item in items]


def _work_title(row: OccurrenceRow, *, details: bool) -> Text:
    """The title; with ``details``, the task a part belongs to and the criteria, dimmed."""
    title = _plain(row.title)
    if row.carried_text is not None:
        title.append(f"\n→ {terminal_text(row.carried_text)}", style="bold")
    if details:
        notes = []
        if row.parent_id is not None:
            notes.append(f"Phần việc của {row.parent_id}.")
        if row.criteria:
            notes.append(f"Chỉ số: {', '.join(row.criteria)}.")
        if notes:
            title.append(f"\n{terminal_text(' '.join(notes))}", style="dim")
    return title


def _work_table(
    title: str, rows: Sequence[OccurrenceRow], *, late: bool, details: bool = False
) -> Table:
    table = _table(
        title,
        ("Mã", {"overflow": "fold", "min_width": 8}),
        ("Nhiệm vụ", {"ratio": 3, "min_width": 8}),
        ("Chủ trì", {"overflow": "fold", "min_width": 4}),
        ("Hạn", {"no_wrap": True, "min_width": 10}),
        (
            "Quá hạn" if late else "Trạng thái",
            {"justify": "right" if late else "left", "min_width": 7},
        ),
    )
    for row in rows:
        last = (
            Text(f"{row.days_overdue} ngày", style="bold red")
            if late
            else Text(row.status_class.label, style=_CLASS_STYLES[row.status_class])
        )
        table.add_row(
            row.key, _work_title(row, details=details), row.lead, format_date(row.deadline), last
        )
    return table


_VERDICT_STYLES = {Verdict.MET: "green", Verdict.NOT_MET: "bold red", Verdict.UNKNOWN: "dim"}


def _targets_table(status: PlanStatus) -> Table:
    """Every target with what was measured (and the baseline) and the verdict on the day."""
    table = _table(
        "Chỉ tiêu",
        ("Chỉ tiêu", {"ratio": 3, "min_width": 10}),
        ("Kết quả", {"ratio": 3, "min_width": 10}),
        ("Đánh giá", {"ratio": 1, "min_width": 8}),
    )
    for evaluation in status.targets:
        result = _plain(evaluation.result_text)
        if evaluation.baseline_text is not None:
            result.append(f"\n({terminal_text(evaluation.baseline_text)})", style="dim")
        verdict = _plain(evaluation.verdict_text, style=_VERDICT_STYLES[evaluation.verdict])
        table.add_row(_plain(evaluation.target.text), result, verdict)
    return table


def _rollups_table(status: PlanStatus) -> Table:
    table = _table(
        "Nhiệm vụ có nhiều phần việc",
        ("Nhiệm vụ", {"ratio": 3, "min_width": 10}),
        ("Phần", {"justify": "right"}),
        ("Xong", {"justify": "right"}),
        ("Quá hạn", {"justify": "right"}),
        ("Tình trạng", {"min_width": 8}),
    )
    for rollup in status.rollups:
        state = rollup.state.label
        if rollup.done_on is not None:
            state += f" ({format_date(rollup.done_on)})"
        overdue = Text(str(rollup.overdue), style="bold red" if rollup.overdue else "")
        table.add_row(
            _plain(f"{rollup.task.id}: {rollup.task.title}"),
            str(rollup.total),
            str(rollup.done),
            overdue,
            Text(state, style="bold red" if rollup.overdue else ""),
        )
    return table


def _headline_parts(status: PlanStatus) -> list[RenderableType]:
    """The plan, the day, the requirement and how far the work has come."""
    plan = status.plan
    headline = status.headline
    parts: list[RenderableType] = []
    scope = ""
    if status.unit is not None:
        scope += f" — {status.unit.name}"
    if status.field_filter is not None:
        scope += f" — lĩnh vực {status.field_filter.code}. {status.field_filter.name}"
    parts.append(_plain(f"{plan.document.display_name}{scope}", style="bold"))
    parts.append(Text(f"Tình hình tính đến ngày {format_date(status.as_of)}."))
    target = headline.target_text or "Hoàn thành 100% nhiệm vụ."
    parts.append(_plain(f"Yêu cầu: {target}"))
    verdict = headline.verdict
    parts.append(
        Text(
            f"Kết quả: {headline.due_text}; {headline.year_text}; "
            f"yêu cầu {percent(headline.target_percent)}: {verdict.label}.",
            style=_VERDICT_STYLES[verdict],
        )
    )
    parts.append(Text(f"{headline.continuous_text}, không tính vào tỷ lệ hoàn thành."))
    return parts


def status_view(status: PlanStatus) -> RenderableType:
    parts = _headline_parts(status)
    tally = status.tally
    counts = _table("Theo tình trạng", ("Tình trạng", {}), ("Số việc", {"justify": "right"}))
    for status_class in StatusClass:
        label = Text(status_class.label, style=_CLASS_STYLES[status_class])
        if status_class is StatusClass.CONTINUOUS:
            label.append(f" ({tally.reported} đã ghi kết quả)", style="dim")
        counts.add_row(label, str(tally.counts[status_class]))
    counts.add_row(Text("Tổng", style="bold"), Text(str(tally.total), style="bold"))
    parts.append(counts)
    if status.targets:
        parts.append(_targets_table(status))
    if status.rollups:
        parts.append(_rollups_table(status))
    parts.append(
        _tally_table(
            "Theo đơn vị chủ trì",
            "Đơn vị",
            [(unit.name, unit_tally) for unit, unit_tally in status.units],
        )
    )
    parts.append(
        _tally_table(
            "Theo lĩnh vực Chỉ số CCHC",
            "Lĩnh vực",
            [
                (f"{f.code}. {f.short_name or f.name}", field_tally)
                for f, field_tally in status.fields
            ],
        )
    )
    overdue = status.overdue
    if overdue:
        parts.append(
            _work_table(
                f"Quá hạn chưa hoàn thành ({len(overdue)})",
                _rows(status.plan, overdue[:DASHBOARD_ROWS]),
                late=True,
            )
        )
        if len(overdue) > DASHBOARD_ROWS:
            parts.append(
                Text(
                    f"… và {len(overdue) - DASHBOARD_ROWS} việc quá hạn khác: xem 'parplan overdue'."
                )
            )
    else:
        parts.append(Text("Không có việc quá hạn.", style="green"))
    unit = "ngày làm việc" if status.working_days else "ngày"
    soon_title = (
        f"Sắp đến hạn ({status.within} {unit} tới, đến {format_date(status.due_soon_until)})"
    )
    soon = status.due_soon
    if soon:
        rows = _rows(status.plan, soon[:DASHBOARD_ROWS])
        parts.append(_work_table(f"{soon_title}: {len(soon)}", rows, late=False))
        if len(soon) > DASHBOARD_ROWS:
            parts.append(
                Text(
                    f"… và {len(soon) - DASHBOARD_ROWS} việc khác: xem 'parplan status --format json'."
                )
            )
    else:
        parts.append(Text(f"{soon_title}: không có việc nào."))
    return Group(*parts)


def overdue_view(status: PlanStatus) -> RenderableType:
    overdue = status.overdue
    if not overdue:
        return Text(f"Không có việc quá hạn tính đến ngày {format_date(status.as_of)}.")
    return _work_table(
        f"Quá hạn chưa hoàn thành tính đến ngày {format_date(status.as_of)} ({len(overdue)})",
        _rows(status.plan, overdue),
        late=True,
        details=True,
    )


def _checklist_table(title: str, rows: Sequence[OccurrenceRow], *, show_lead: bool) -> Table:
    table = _table(
        title,
        ("", {"no_wrap": True}),
        ("Mã", {"overflow": "fold", "min_width": 8}),
        ("Nhiệm vụ", {"ratio": 3, "min_width": 12}),
        ("Hạn", {"no_wrap": True, "min_width": 10}),
        ("Tình trạng", {"ratio": 1, "min_width": 8}),
    )
    for row in rows:
        what = _plain(row.title)
        details = f"Sản phẩm: {row.output}. Nguồn: mục {row.source}."
        if row.criteria:
            details += f" Chỉ số: {', '.join(row.criteria)}."
        if row.parent_id is not None:
            details = f"Phần việc của nhiệm vụ {row.parent_id}. {details}"
        if show_lead:
            details = f"Chủ trì: {row.lead}. {details}"
        what.append(f"\n{terminal_text(details)}", style="dim")
        if row.carried_text is not None:
            what.append(f"\n→ {terminal_text(row.carried_text)}", style="bold")
        table.add_row(
            "☑" if row.done or row.reported else ("→" if row.carried_to is not None else "☐"),
            row.key,
            what,
            format_date(row.deadline, "thường xuyên"),
            _plain(row.status_text, style=_CLASS_STYLES[row.status_class]),
        )
    return table


def checklist_view(plan: Plan, checklist: Checklist) -> RenderableType:
    unit = checklist.unit
    parts: list[RenderableType] = [
        _plain(f"Danh sách việc: {unit.name} ({unit.code})", style="bold"),
        Text(f"Tình hình tính đến ngày {format_date(checklist.as_of)}."),
    ]
    for title, items, show_lead in (
        ("Chủ trì", checklist.leads, False),
        ("Phối hợp", checklist.supports, True),
    ):
        if items:
            rows = _rows(plan, items)
            parts.append(_checklist_table(f"{title} ({len(items)})", rows, show_lead=show_lead))
        else:
            parts.append(Text(f"{title}: không có việc nào."))
    return Group(*parts)


def print_view(view: RenderableType) -> None:
    """Print with colour and bold on a terminal; with none at all when NO_COLOR is set (rich
    alone drops only the colours) or when the output is piped."""
    plain = bool(os.environ.get("NO_COLOR"))
    console = Console(highlight=False, color_system=None if plain else "auto")
    console.width = max(console.width, MIN_WIDTH)  # COLUMNS=0 would print nothing at all
    console.print(view)
