"""The plain data of the site's front page that the status gives: the headline, the targets,
the tasks with parts rolled up, the charts (the burn-up and the tallies by unit and field)."""

from __future__ import annotations

from typing import Any

from parplan.site_charts import burnup, burnup_svg, stacked_bars_svg
from parplan.status import PartsRollup, PlanStatus
from parplan.targets import Headline, TargetEvaluation

__all__ = ["charts_context", "headline_context", "rollup_context", "target_context"]


def target_context(evaluation: TargetEvaluation) -> dict[str, Any]:
    """A target as site templates see it: the plan's words and its evaluation on the day."""
    return {
        "id": evaluation.target.id,
        "text": evaluation.target.text,
        "baseline": evaluation.baseline_label,
        "result": evaluation.result_text,
        "verdict": evaluation.verdict.value,
        "verdict_label": evaluation.verdict_text,
        "sentence": evaluation.text,
    }


def rollup_context(rollup: PartsRollup) -> dict[str, Any]:
    return {
        "id": rollup.task.id,
        "title": rollup.task.title,
        "total": rollup.total,
        "done": rollup.done,
        "overdue": rollup.overdue,
        "state": rollup.state.value,
        "label": rollup.state.label,
        "done_on": rollup.done_on,
    }


def headline_context(headline: Headline) -> dict[str, Any]:
    """The headline as site templates see it: its figures, its sentences and the verdict on the
    plan's requirement (never "đạt" while work due by the day is open)."""
    return {
        "target_percent": headline.target_percent,
        "target_text": headline.target_text,
        "due": headline.due,
        "done_of_due": headline.done_of_due,
        "total": headline.total,
        "done": headline.done,
        "percent_of_due": headline.percent_of_due,
        "percent_of_total": headline.percent_of_total,
        "continuous": headline.continuous,
        "reported": headline.reported,
        "due_text": headline.due_text,
        "year_text": headline.year_text,
        "continuous_text": headline.continuous_text,
        "verdict": headline.verdict.value,
    }


def charts_context(status: PlanStatus) -> dict[str, Any]:
    """The index page's charts (SVG) and the burn-up's data table, from the status: the burn-up
    is the tally of each month's end (:func:`parplan.site_charts.burnup`), its scale the year's
    work with a deadline, as the headline counts it."""
    points = burnup(status)
    return {
        "unit_chart": stacked_bars_svg(
            "chart-units",
            "Số việc theo đơn vị chủ trì và tình trạng",
            [(unit.name, unit_tally) for unit, unit_tally in status.units],
        ),
        "field_chart": stacked_bars_svg(
            "chart-fields",
            "Số việc theo lĩnh vực Chỉ số CCHC và tình trạng",
            [(f"{f.code}. {f.short_name or f.name}", t) for f, t in status.fields],
        ),
        "burnup_chart": burnup_svg(
            "Việc đến hạn và việc đã hoàn thành, cộng dồn theo tháng",
            points,
            status.headline.total,
        ),
        "burnup": [
            {"day": p.day, "as_of": p.as_of, "due": p.due, "done": p.done, "known": p.known}
            for p in points
        ],
        "burnup_total": status.headline.total,
    }
