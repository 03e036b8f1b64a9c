"""The site's scores page (``chi-so.html``): its data is the scores' plain data
(:func:`parplan.scores_output.scores_payload`), what ``scores --format json`` prints, and its
charts are drawn from that data (:mod:`parplan.site_charts`)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from parplan.model import Plan
from parplan.scores import score_board
from parplan.scores_output import scores_payload
from parplan.site_charts import lost_bars_svg, trend_svg

__all__ = ["scores_page"]


def scores_page(plan: Plan, as_of: date) -> dict[str, Any]:
    """What ``site-scores.html.j2`` sees besides plan, as_of and root: the scores' plain data
    (:func:`parplan.scores_output.scores_payload`, what ``scores --format json`` prints) as
    ``scores`` and as its JSON text, and each index's charts drawn from it."""
    payload = scores_payload(score_board(plan, None, as_of))
    charts = [
        {
            "lost": lost_bars_svg(
                f"chart-lost-{number}",
                f"Điểm bị mất theo lĩnh vực của {board['code']} năm {payload['year']}",
                [
                    (
                        f"{field['code']}. {field['short_name']}",
                        field["lost"],
                        field["lost_confirmed"],
                    )
                    for field in board["fields_by_lost"]
                ],
            ),
            "trend": trend_svg(
                f"chart-trend-{number}",
                f"{board['code']} qua các năm",
                [(point["year"], point["value"], point["maximum"]) for point in board["trend"]],
            ),
        }
        for number, board in enumerate(payload["indexes"], 1)
    ]
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return {"scores": payload, "scores_json": data, "charts": charts}
