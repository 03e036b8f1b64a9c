"""The site's charts as inline SVG: status classes as stacked bars, the burn-up of the year, and
for the scores page the points lost by field and an index's total over the years.

Charts use patterns and labels as well as colours, so they read in black and white and to people
who do not tell colours apart.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

from parplan.status import PlanStatus, StatusClass, Tally
from parplan.targets import format_number

__all__ = [
    "CLASS_STYLE",
    "ORDER",
    "BurnupPoint",
    "burnup",
    "burnup_svg",
    "lost_bars_svg",
    "stacked_bars_svg",
    "trend_svg",
]

# Colour, pattern and the short label (StatusClass.short) of every status class (colour is never
# the only signal).
CLASS_STYLE: dict[StatusClass, tuple[str, str, str]] = {
    status_class: (colour, pattern, status_class.short)
    for status_class, colour, pattern in (
        (StatusClass.DONE_ON_TIME, "#1b7837", "solid"),
        (StatusClass.DONE_LATE, "#7fbf7b", "diagonal"),
        (StatusClass.IN_PROGRESS, "#2166ac", "dots"),
        (StatusClass.NOT_DUE, "#d1e5f0", "solid"),
        (StatusClass.CONTINUOUS, "#bababa", "horizontal"),
        (StatusClass.OVERDUE, "#b2182b", "cross"),
    )
}
ORDER = list(CLASS_STYLE)


def _patterns() -> str:
    defs = []
    for status_class, (colour, pattern, _) in CLASS_STYLE.items():
        pid = f"p-{status_class.value}"
        marks = {
            "solid": "",
            "diagonal": '<path d="M0,6 L6,0" stroke="#000" stroke-width="1"/>',
            "dots": '<circle cx="3" cy="3" r="1.2" fill="#fff"/>',
            "horizontal": '<path d="M0,3 L6,3" stroke="#000" stroke-width="0.8"/>',
            "cross": '<path d="M0,0 L6,6 M6,0 L0,6" stroke="#fff" stroke-width="1"/>',
        }[pattern]
        defs.append(
            f'<pattern id="{pid}" width="6" height="6" patternUnits="userSpaceOnUse">'
            f'<rect width="6" height="6" fill="{colour}"/>{marks}</pattern>'
        )
    return "<defs>" + "".join(defs) + "</defs>"


def stacked_bars_svg(chart_id: str, title: str, rows: Sequence[tuple[str, Tally]]) -> str:
    """Horizontal stacked bars, one per row, segments per status class, with counts and a legend."""
    label_width, bar_width, row_height = 230, 420, 26
    height = 40 + row_height * len(rows) + 60
    width = label_width + bar_width + 60
    largest = max((tally.total for _, tally in rows), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" aria-labelledby="{chart_id}-title"><title id="{chart_id}-title">'
        f"{escape(title)}</title>",
        _patterns(),
    ]
    for index, (name, tally) in enumerate(rows):
        y = 30 + index * row_height
        shown = name if len(name) <= 34 else name[:33] + "…"
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 16}" text-anchor="end" font-size="13">'
            f"{escape(shown)}</text>"
        )
        x = float(label_width)
        for status_class in ORDER:
            count = tally.counts[status_class]
            if not count:
                continue
            w = bar_width * count / largest
            _, _, label = CLASS_STYLE[status_class]
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="20" '
                f'fill="url(#p-{status_class.value})" stroke="#000" stroke-width="0.5">'
                f"<title>{escape(name)}: {label} {count}</title></rect>"
            )
            if w >= 22:
                digits = len(str(count))
                parts.append(
                    f'<rect x="{x + w / 2 - 4 - 3.5 * digits:.1f}" y="{y + 4}" '
                    f'width="{8 + 7 * digits}" height="13" rx="3" fill="#fff" stroke="#000" '
                    f'stroke-width="0.4"/><text x="{x + w / 2:.1f}" y="{y + 14.5}" '
                    f'text-anchor="middle" font-size="11">{count}</text>'
                )
            x += w
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 15}" font-size="12">{tally.total}</text>')
    legend_y = 30 + row_height * len(rows) + 20
    x = 10.0
    for status_class in ORDER:
        _, _, label = CLASS_STYLE[status_class]
        parts.append(
            f'<rect x="{x:.0f}" y="{legend_y}" width="14" height="14" '
            f'fill="url(#p-{status_class.value})" stroke="#000" stroke-width="0.5"/>'
            f'<text x="{x + 18:.0f}" y="{legend_y + 12}" font-size="12">{label}</text>'
        )
        x += 18 + 8 * len(label) + 14
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class BurnupPoint:
    """The work of one month's end: ``due`` (with a deadline, due or done) and ``done``.

    For a month that has begun by the day of the view, both are the tally of the status as of
    the month's end (the day of the view for the current month): what ``plan_status`` of that
    day counts. For a month still to come, ``due`` is the work whose deadline in force today
    falls by its end, or done (:meth:`parplan.status.PlanStatus.scheduled_by`), and ``done`` is
    not known (-1)."""

    day: date
    """The month's last day."""
    as_of: date
    """The day the figures are as of: the month's end, the day of the view, or (a month to
    come) the day of the view too."""
    due: int
    done: int

    @property
    def known(self) -> bool:
        """The month has begun: its figures are the tally of its day."""
        return self.done >= 0


def _month_ends(year: int) -> list[date]:
    return [
        (date(year, month + 1, 1) if month < 12 else date(year + 1, 1, 1)) - timedelta(days=1)
        for month in range(1, 13)
    ]


def burnup(status: PlanStatus) -> list[BurnupPoint]:
    """Work with a deadline, due and done, at the end of each month of the plan's year, from the
    status (:meth:`PlanStatus.history`: the same functions as the status of each day)."""
    as_of = status.as_of
    ends = _month_ends(status.plan.year)
    begun = [end for end in ends if end.replace(day=1) <= as_of]
    days = [min(end, as_of) for end in begun]
    earlier = iter(status.history(day for day in days if day != as_of))
    tallies = [status.tally if day == as_of else next(earlier) for day in days]
    points = [
        BurnupPoint(end, day, counted.due, counted.done)
        for end, day, counted in zip(begun, days, tallies, strict=True)
    ]
    points += [BurnupPoint(end, as_of, status.scheduled_by(end), -1) for end in ends[len(begun) :]]
    return points


def burnup_svg(title: str, points: Sequence[BurnupPoint], total: int) -> str:
    """Work due or done (dashed line, squares) against work done (solid, dots) at each month's
    end; ``total`` (the year's work with a deadline, as the headline counts it) tops the scale."""
    width, height, left, bottom, top = 680, 300, 50, 40, 20
    plot_w, plot_h = width - left - 20, height - bottom - top
    step = max(1, -(-max(total, 1) // 5))
    top_value = step * -(-max(total, 1) // step)

    def xy(index: int, value: int) -> tuple[float, float]:
        return left + plot_w * (index + 0.5) / 12, top + plot_h * (1 - value / top_value)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" aria-labelledby="b-title"><title id="b-title">{escape(title)}</title>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#000"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#000"/>',
    ]
    for value in range(0, top_value + 1, step):
        _, y = xy(0, value)
        parts.append(
            f'<line x1="{left - 4}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#ddd"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{value}</text>'
        )
    for index, point in enumerate(points):
        x, _ = xy(index, 0)
        parts.append(
            f'<text x="{x:.1f}" y="{top + plot_h + 16}" text-anchor="middle" font-size="11">'
            f"T{point.day.month}</text>"
        )
    due_line = " ".join(
        f"{xy(i, p.due)[0]:.1f},{xy(i, p.due)[1]:.1f}" for i, p in enumerate(points)
    )
    parts.append(
        f'<polyline points="{due_line}" fill="none" stroke="#b2182b" stroke-width="2" stroke-dasharray="6 4"/>'
    )
    for index, point in enumerate(points):
        x, y = xy(index, point.due)
        parts.append(
            f'<rect x="{x - 3:.1f}" y="{y - 3:.1f}" width="6" height="6" fill="#b2182b"><title>Đến hạn hoặc đã hoàn thành đến hết tháng {point.day.month}: {point.due}</title></rect>'
        )
    done_points = [(i, p) for i, p in enumerate(points) if p.done >= 0]
    if done_points:
        line = " ".join(f"{xy(i, p.done)[0]:.1f},{xy(i, p.done)[1]:.1f}" for i, p in done_points)
        parts.append(f'<polyline points="{line}" fill="none" stroke="#1b7837" stroke-width="2.5"/>')
        for index, point in done_points:
            x, y = xy(index, point.done)
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="#1b7837"><title>Đã hoàn thành đến hết tháng {point.day.month}: {point.done}</title></circle>'
            )
    legend_y = height - 8
    parts.append(
        f'<line x1="{left}" y1="{legend_y - 4}" x2="{left + 30}" y2="{legend_y - 4}" stroke="#b2182b" stroke-width="2" stroke-dasharray="6 4"/>'
        f'<text x="{left + 36}" y="{legend_y}" font-size="12">Việc đến hạn hoặc đã xong</text>'
        f'<line x1="{left + 230}" y1="{legend_y - 4}" x2="{left + 260}" y2="{legend_y - 4}" stroke="#1b7837" stroke-width="2.5"/>'
        f'<text x="{left + 266}" y="{legend_y}" font-size="12">Việc đã hoàn thành (trên {total} việc có thời hạn)</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


UNCONFIRMED_FILL = "url(#p-unconfirmed)"
_UNCONFIRMED_PATTERN = (
    '<defs><pattern id="p-unconfirmed" width="6" height="6" patternUnits="userSpaceOnUse">'
    '<rect width="6" height="6" fill="#fddbc7"/><path d="M0,6 L6,0" stroke="#b2182b" '
    'stroke-width="1"/></pattern></defs>'
)


def _svg_head(chart_id: str, title: str, width: int, height: int) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" aria-labelledby="{chart_id}-title"><title id="{chart_id}-title">'
        f"{escape(title)}</title>"
    )


def lost_bars_svg(chart_id: str, title: str, bars: Sequence[tuple[str, float, bool]]) -> str:
    """Points lost, one horizontal bar per (label, points lost, maximum confirmed), in the order
    given (most lost first); a bar computed from a maximum not confirmed is hatched and says so."""
    label_width, bar_width, row_height = 250, 330, 26
    height = 30 + row_height * len(bars) + 34
    width = label_width + bar_width + 170
    largest = max((lost for _, lost, _ in bars), default=0) or 1
    parts = [_svg_head(chart_id, title, width, height), _UNCONFIRMED_PATTERN]
    for position, (label, lost, confirmed) in enumerate(bars):
        y = 20 + position * row_height
        shown = label if len(label) <= 36 else label[:35] + "…"
        figure = format_number(lost) + ("" if confirmed else " (chưa xác nhận)")
        w = bar_width * lost / largest
        fill = "#b2182b" if confirmed else UNCONFIRMED_FILL
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end" font-size="13">'
            f"{escape(shown)}</text>"
            f'<rect x="{label_width}" y="{y}" width="{w:.1f}" height="20" fill="{fill}" '
            f'stroke="#000" stroke-width="0.5"><title>{escape(label)}: mất {figure}</title></rect>'
            f'<text x="{label_width + w + 6:.1f}" y="{y + 15}" font-size="12">{figure}</text>'
        )
    legend_y = 20 + row_height * len(bars) + 16
    parts.append(
        f'<rect x="10" y="{legend_y}" width="14" height="14" fill="#b2182b" stroke="#000" '
        f'stroke-width="0.5"/><text x="28" y="{legend_y + 12}" font-size="12">điểm bị mất</text>'
        f'<rect x="130" y="{legend_y}" width="14" height="14" fill="{UNCONFIRMED_FILL}" '
        f'stroke="#000" stroke-width="0.5"/><text x="148" y="{legend_y + 12}" font-size="12">'
        "tính theo điểm tối đa chưa xác nhận</text>"
    )
    parts.append("</svg>")
    return "".join(parts)


def _axis(values: Sequence[float]) -> tuple[float, float, float]:
    """A readable scale for ``values``: its bottom, top and step (five steps, round numbers)."""
    low, high = min(values), max(values)
    spread = high - low or max(abs(high), 1.0)
    raw = spread * 1.4 / 5
    step = next(s for s in (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000) if s >= raw)
    bottom = max(0.0, math.floor((low - spread * 0.2) / step) * step)
    top = math.ceil((high + spread * 0.15) / step) * step
    return bottom, top if top > bottom else bottom + step, step


def trend_svg(
    chart_id: str, title: str, points: Sequence[tuple[int, float | None, float | None]]
) -> str:
    """An index's total over the years as a line (a dot and the value at each (year, value,
    maximum)), each year's maximum as a dashed mark; the scale starts where the values are,
    written on its axis."""
    width, height, left, bottom_margin, top_margin = 640, 240, 50, 44, 24
    plot_w, plot_h = width - left - 30, height - bottom_margin - top_margin
    values = [v for _, value, maximum in points for v in (value, maximum) if v is not None]
    low, high, step = _axis(values or [0.0])

    def xy(position: int, value: float) -> tuple[float, float]:
        x = left + plot_w * (position + 0.5) / max(len(points), 1)
        return x, top_margin + plot_h * (1 - (value - low) / (high - low))

    parts = [
        _svg_head(chart_id, title, width, height),
        f'<line x1="{left}" y1="{top_margin + plot_h}" x2="{left + plot_w}" '
        f'y2="{top_margin + plot_h}" stroke="#000"/>',
    ]
    tick = low
    while tick <= high + step / 2:
        _, y = xy(0, tick)
        parts.append(
            f'<line x1="{left - 4}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#ddd"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">'
            f"{format_number(tick)}</text>"
        )
        tick = round(tick + step, 6)
    line: list[str] = []
    dots: list[str] = []
    for position, (year, value, maximum) in enumerate(points):
        x, _ = xy(position, low)
        parts.append(
            f'<text x="{x:.1f}" y="{top_margin + plot_h + 16}" text-anchor="middle" '
            f'font-size="12">{year}</text>'
        )
        if maximum is not None:
            _, y = xy(position, maximum)
            parts.append(
                f'<line x1="{x - 22:.1f}" y1="{y:.1f}" x2="{x + 22:.1f}" y2="{y:.1f}" '
                f'stroke="#555" stroke-width="2" stroke-dasharray="4 3"><title>Tối đa năm {year}: '
                f"{format_number(maximum)}</title></line>"
            )
        if value is not None:
            x, y = xy(position, value)
            line.append(f"{x:.1f},{y:.1f}")
            dots.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#2166ac"><title>Năm {year}: '
                f"{format_number(value)}</title></circle>"
                f'<text x="{x:.1f}" y="{y - 8:.1f}" text-anchor="middle" font-size="12">'
                f"{format_number(value)}</text>"
            )
    if len(line) > 1:
        parts.append(
            f'<polyline points="{" ".join(line)}" fill="none" stroke="#2166ac" stroke-width="2.5"/>'
        )
    parts.extend(dots)
    legend_y = height - 8
    parts.append(
        f'<line x1="{left}" y1="{legend_y - 4}" x2="{left + 24}" y2="{legend_y - 4}" '
        f'stroke="#2166ac" stroke-width="2.5"/><text x="{left + 30}" y="{legend_y}" '
        'font-size="12">điểm</text>'
    )
    if any(maximum is not None for _, _, maximum in points):
        parts.append(
            f'<line x1="{left + 90}" y1="{legend_y - 4}" x2="{left + 114}" y2="{legend_y - 4}" '
            'stroke="#555" stroke-width="2" stroke-dasharray="4 3"/>'
            f'<text x="{left + 120}" y="{legend_y}" font-size="12">điểm tối đa</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
