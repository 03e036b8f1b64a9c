"""A static HTML site of the plan, for the office's leaders and staff who never open a terminal.

Pages (all in Vietnamese, relative links, no server needed):

- ``index.html``: the headline against the 100% requirement; charts as inline SVG (status classes
  per department and per PAR Index field as stacked bars, completed work over the year against the
  deadlines as a burn-up), each with a data table; links to every unit, task and past report;
- ``don-vi/<MÃ>.html``: one unit's checklist (work it leads, work it supports);
- ``nhiem-vu/<MÃ>.html``: one task: its source clause, schedule, each occurrence's history,
  evidence and notes, extensions;
- ``bao-cao/*.html``: the reports of the periods whose data cut-off has passed.

Charts use patterns and labels as well as colours, so they read in black and white and to people
who do not tell colours apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from pathlib import Path
from typing import Any

from parplan.model import Plan
from parplan.output import OutputFolder, plan_folders
from parplan.periods import Period
from parplan.rendering import (
    format_date,
    plan_data,
    progress_data,
    render_template,
    task_data,
    template_data,
    unit_data,
)
from parplan.report import build_report, default_report_name, period_title, render_report
from parplan.schedule import Occurrence, expand
from parplan.status import PlanStatus, StatusClass, Tally, department_checklist, plan_status, track

__all__ = ["CLASS_STYLE", "build_site", "burnup_svg", "stacked_bars_svg"]

# Colour, pattern and a short label for every status class (colour is never the only signal).
CLASS_STYLE: dict[StatusClass, tuple[str, str, str]] = {
    StatusClass.DONE_ON_TIME: ("#1b7837", "solid", "Đúng hạn"),
    StatusClass.DONE_LATE: ("#7fbf7b", "diagonal", "Xong quá hạn"),
    StatusClass.IN_PROGRESS: ("#2166ac", "dots", "Đang làm"),
    StatusClass.NOT_DUE: ("#d1e5f0", "solid", "Chưa đến hạn"),
    StatusClass.CONTINUOUS: ("#bababa", "horizontal", "Thường xuyên"),
    StatusClass.OVERDUE: ("#b2182b", "cross", "Quá hạn"),
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
    day: date
    due: int
    done: int


def burnup(plan: Plan, as_of: date, expanded: Sequence[Occurrence]) -> list[BurnupPoint]:
    """Work with a deadline: how much was due and how much was done by the end of each month."""
    occurrences = [o for o in expanded if o.deadline is not None and not o.continuous]
    points = []
    for month in range(1, 13):
        end = (
            date(plan.year, month % 12 + 1, 1) if month < 12 else date(plan.year + 1, 1, 1)
        ) - timedelta(days=1)
        cut = min(end, as_of)
        due = sum(1 for o in occurrences if o.deadline is not None and o.deadline <= end)
        done = sum(
            1
            for o in occurrences
            if o.progress.status == "done"
            and o.progress.done_on is not None
            and o.progress.done_on <= cut
        )
        started = date(plan.year, month, 1) <= as_of
        points.append(BurnupPoint(end, due, done if started else -1))
    return points


def burnup_svg(title: str, points: Sequence[BurnupPoint], total: int) -> str:
    """Cumulative deadlines (dashed line, squares) against cumulative completions (solid, dots)."""
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
            f'<rect x="{x - 3:.1f}" y="{y - 3:.1f}" width="6" height="6" fill="#b2182b"><title>Đến hạn đến hết tháng {point.day.month}: {point.due}</title></rect>'
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
        f'<text x="{left + 36}" y="{legend_y}" font-size="12">Việc đến hạn (cộng dồn)</text>'
        f'<line x1="{left + 230}" y1="{legend_y - 4}" x2="{left + 260}" y2="{legend_y - 4}" stroke="#1b7837" stroke-width="2.5"/>'
        f'<text x="{left + 266}" y="{legend_y}" font-size="12">Việc đã hoàn thành (cộng dồn)</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


PAST_PERIODS = (Period.Q1, Period.Q2, Period.H1, Period.Q3, Period.M9, Period.Q4, Period.Y)


def _row(item: Any) -> dict[str, Any]:
    occurrence = item.occurrence
    return {
        "key": occurrence.key,
        "task_id": occurrence.task.id,
        "title": item.title,
        "deadline": format_date(occurrence.deadline, "Thường xuyên"),
        "status_class": item.status_class.value,
        "status_text": item.status_text,
        "status_short": CLASS_STYLE[item.status_class][2],
        "done": item.status_class.done,
        "lead": occurrence.task.lead,
        "output": occurrence.task.output,
        "source": occurrence.task.source,
    }


def _tally(tally: Tally) -> dict[str, Any]:
    """A tally as templates see it: ``counts`` by status class value, and the totals."""
    return {
        "counts": {status_class.value: count for status_class, count in tally.counts.items()},
        "total": tally.total,
        "done": tally.done,
        "overdue": tally.overdue,
        "with_deadline": tally.with_deadline,
        "done_share": tally.done_share,
    }


def _model(model: Any) -> dict[str, Any]:
    """A registry entry (PAR Index field, SIPAS factor) as plain data."""
    return template_data(model.model_dump(mode="python"))  # type: ignore[no-any-return]


def _clause_text(plan: Plan, source: str) -> str | None:
    document = plan.document
    if source.startswith("II.2.") and len(source) > 5:
        letter = source[5:]
        return next((s.text for s in document.solutions if s.letter == letter), None)
    parts = source.split(".")
    if parts[0] == "III" and len(parts) == 2 and parts[1].isdigit():
        index = int(parts[1]) - 1
        return document.organization[index] if 0 <= index < len(document.organization) else None
    if source == "I.1":
        return " ".join(document.purposes) or None
    if source == "I.2":
        return " ".join(document.requirements) or None
    if source == "II.1":
        return document.objectives
    return None


def build_site(plan: Plan, as_of: date, out: Path | OutputFolder) -> list[Path]:
    """Write every page under ``out``; returns the files written. Pages go through an
    :class:`OutputFolder`: never through a symbolic link, never into a plan folder."""
    override = plan.folder / "templates" if plan.folder is not None else None
    status: PlanStatus = plan_status(plan, as_of)
    plan_context = plan_data(plan)
    written: list[Path] = []

    folder = (
        out
        if isinstance(out, OutputFolder)
        else OutputFolder(out, plan_folders(plan.folder), create=True)
    )

    def write(relative: str, name: str, context: dict[str, Any]) -> None:
        depth = relative.count("/")
        context = {"plan": plan_context, "as_of": as_of, "root": "../" * depth, **context}
        page = render_template(name, context, override).encode("utf-8")
        written.append(folder.write(relative, page))

    reports = []
    for period in PAST_PERIODS:
        window_end = plan.reporting.window_rule.window(period, plan.year)[1]
        if window_end < as_of:
            name = default_report_name(period, plan.year, "html")
            data = build_report(plan, period)
            written.append(folder.write(f"bao-cao/{name}", render_report(plan, data, "html")))
            reports.append(
                {
                    "title": period_title(period, plan.year),
                    "href": f"bao-cao/{name}",
                    "cutoff": format_date(window_end),
                }
            )

    tally = status.tally
    headline = status.headline
    units: list[dict[str, Any]] = [
        {"code": unit.code, "name": unit.name, "tally": _tally(unit_tally)}
        for unit, unit_tally in status.departments
    ]
    fields: list[dict[str, Any]] = [
        {"code": f.code, "name": f.short_name or f.name, "tally": _tally(field_tally)}
        for f, field_tally in status.fields
    ]
    occurrences = expand(plan)
    points = burnup(plan, as_of, occurrences)
    total_with_deadline = sum(1 for o in occurrences if o.deadline is not None and not o.continuous)
    write(
        "index.html",
        "site-index.html.j2",
        {
            "headline": {
                "target_percent": headline.target_percent,
                "target_text": headline.target_text,
                "due": headline.due,
                "done_of_due": headline.done_of_due,
                "total": headline.total,
                "done": headline.done,
                "percent_of_due": headline.percent_of_due,
                "percent_of_total": headline.percent_of_total,
            },
            "tally": _tally(tally),
            "classes": [
                {
                    "value": c.value,
                    "label": c.label,
                    "short": CLASS_STYLE[c][2],
                    "count": tally.counts[c],
                }
                for c in ORDER
            ],
            "units": units,
            "fields": fields,
            "unit_chart": stacked_bars_svg(
                "chart-units",
                "Số việc theo đơn vị chủ trì và tình trạng",
                [(unit.name, unit_tally) for unit, unit_tally in status.departments],
            ),
            "field_chart": stacked_bars_svg(
                "chart-fields",
                "Số việc theo lĩnh vực Chỉ số CCHC và tình trạng",
                [(f"{f.code}. {f.short_name or f.name}", t) for f, t in status.fields],
            ),
            "burnup_chart": burnup_svg(
                "Việc đến hạn và việc đã hoàn thành, cộng dồn theo tháng",
                points,
                total_with_deadline,
            ),
            "burnup": [{"day": p.day, "due": p.due, "done": p.done} for p in points],
            "overdue": [_row(item) for item in status.overdue],
            "due_soon": [_row(item) for item in status.due_soon],
            "reports": reports,
            "tasks": [{"id": t.id, "title": t.title, "lead": t.lead} for t in plan.tasks],
            "order": [c.value for c in ORDER],
        },
    )
    for unit in plan.departments:
        checklist = department_checklist(plan, unit, as_of, occurrences)
        write(
            f"don-vi/{unit.code}.html",
            "site-unit.html.j2",
            {
                "unit": unit_data(unit),
                "leads": [_row(i) for i in checklist.leads],
                "supports": [_row(i) for i in checklist.supports],
            },
        )
    for task in plan.tasks:
        items = [track(o, as_of) for o in occurrences if o.task.id == task.id]
        lead = plan.department(task.lead)
        write(
            f"nhiem-vu/{task.id}.html",
            "site-task.html.j2",
            {
                "task": task_data(task),
                "lead": unit_data(lead) if lead else None,
                "supports": [
                    unit_data(supporter) if (supporter := plan.department(code)) else code
                    for code in task.supporting_units(plan.departments)
                ],
                "clause": _clause_text(plan, task.source),
                "par_field": next(
                    (_model(f) for f in plan.par_fields if f.code == task.par_field), None
                ),
                "sipas_factor": next(
                    (_model(f) for f in plan.sipas_factors if f.code == task.sipas_factor), None
                ),
                "occurrences": [
                    {
                        **_row(item),
                        "progress": progress_data(item.occurrence.progress),
                        "original": format_date(item.occurrence.original_deadline, ""),
                    }
                    for item in items
                ],
            },
        )
    return written
