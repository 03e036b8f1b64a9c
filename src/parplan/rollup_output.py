"""The roll-up as plain data (:func:`rollup_payload`, what ``rollup --format json`` prints) and as
Markdown from ``templates/rollup.md.j2``; the terminal view (``cli/``) reads the same payload.

Every figure is read from :func:`parplan.rollup.roll_up` (each agency's own status's tally), never
counted again here: the payload only names and orders them. Agencies in rank order, ties in
Vietnamese order of name; the overdue work of every agency, most overdue first; the agencies that
could not be rolled up, each with its error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from parplan.dates import format_date
from parplan.findings import Finding
from parplan.formats import OutputFormat
from parplan.model_province import AGENCY_KIND_LABELS, Agency
from parplan.rollup import AgencyFigures, AgencyStanding, AgencySummary, Rollup
from parplan.status_listings import to_json
from parplan.template_filters import format_percent
from parplan.template_rendering import render_template

__all__ = [
    "RANKING_LABELS",
    "ROLLUP_OUTPUTS",
    "figures_payload",
    "overdue_across",
    "percent_text",
    "rollup_json",
    "rollup_markdown",
    "rollup_payload",
]

RANKING_LABELS: dict[str, str] = {
    "percent_of_due": "tỷ lệ hoàn thành việc đến hạn (cao xếp trước)",
    "on_time": "tỷ lệ hoàn thành đúng hạn của việc đến hạn (cao xếp trước)",
    "overdue": "số việc quá hạn chưa hoàn thành (ít xếp trước)",
}
"""How the province ranks, in words."""


def percent_text(value: float | None) -> str:
    """A rate as the views write it; "—" when nothing was due."""
    return format_percent(value) if value is not None else "—"


def figures_payload(figures: AgencyFigures) -> dict[str, Any]:
    """An agency's (or the province's) figures: the counts and the rates, rounded down."""
    return {**asdict(figures), "done": figures.done}


def _agency_head(agency: Agency, source: str) -> dict[str, Any]:
    return {
        "code": agency.code,
        "name": agency.name,
        "kind": agency.kind,
        "kind_label": AGENCY_KIND_LABELS.get(agency.kind, agency.kind),
        "source": source,
    }


def _finding_payload(finding: Finding) -> dict[str, Any]:
    return {
        "file": finding.file.as_posix(),
        "line": finding.line,
        "column": finding.column,
        "rule": finding.rule,
        "message": finding.message,
        "path": finding.path_text,
    }


def _overdue_payload(summary: AgencySummary) -> list[dict[str, Any]]:
    return [
        {
            "id": row.task_id,
            "key": row.key,
            "period": row.period,
            "title": row.title,
            "lead": row.lead,
            "lead_name": row.lead_label,
            "due": row.deadline.isoformat() if row.deadline else None,
            "due_text": format_date(row.deadline),
            "days_overdue": row.days_overdue,
            "criteria": list(row.criteria),
            "par_fields": list(row.par_fields),
        }
        for row in summary.overdue
    ]


def _standing_payload(standing: AgencyStanding) -> dict[str, Any]:
    outcome = standing.outcome
    head = _agency_head(outcome.agency, outcome.source)
    head["revision"] = outcome.revision
    summary = standing.summary
    if summary is None or standing.figures is None:
        return {
            **head,
            "error": outcome.error or "không có kế hoạch",
            "findings": [_finding_payload(finding) for finding in outcome.findings],
        }
    figures = standing.figures
    return {
        **head,
        "year": summary.year,
        "rank": standing.rank,
        "figures": figures_payload(figures),
        "percent_of_due_text": percent_text(figures.percent_of_due),
        "percent_on_time_text": percent_text(figures.percent_on_time),
        "overdue": _overdue_payload(summary),
    }


def rollup_payload(rollup: Rollup) -> dict[str, Any]:
    """The roll-up as plain data: the province, the day, the ranking, every agency (ranked first,
    then those that failed, each with its error), the totals."""
    province = rollup.province
    ranking = province.ranking
    ranked = [_standing_payload(standing) for standing in rollup.ranked]
    failed = [_standing_payload(standing) for standing in rollup.failed]
    return {
        "province": {"name": province.name, "office": province.office},
        "as_of": rollup.as_of.isoformat(),
        "as_of_text": format_date(rollup.as_of),
        "ranking": {
            "by": ranking.by,
            "label": RANKING_LABELS[ranking.by],
            "basis": ranking.basis,
            "confirmed": ranking.confirmed,
        },
        "agencies": ranked + failed,
        "totals": {
            **figures_payload(rollup.totals),
            "agencies": len(rollup.standings),
            "rolled_up": len(ranked),
            "failed": len(failed),
            "percent_of_due_text": percent_text(rollup.totals.percent_of_due),
            "percent_on_time_text": percent_text(rollup.totals.percent_on_time),
        },
    }


def overdue_across(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """The overdue work of every agency in one list, most overdue first (then by agency in the
    payload's order, then as the agency's status lists it)."""
    rows = []
    for position, agency in enumerate(payload["agencies"]):
        for order, item in enumerate(agency.get("overdue", [])):
            rows.append((-item["days_overdue"], position, order, agency, item))
    rows.sort(key=lambda row: row[:3])
    return [
        {"agency": agency["code"], "agency_name": agency["name"], **item}
        for *_, agency, item in rows
    ]


def rollup_json(rollup: Rollup) -> str:
    return to_json(rollup_payload(rollup))


def rollup_markdown(rollup: Rollup) -> str:
    payload = rollup_payload(rollup)
    return render_template("rollup.md.j2", {"rollup": payload, "overdue": overdue_across(payload)})


ROLLUP_OUTPUTS: dict[OutputFormat, Callable[[Rollup], str]] = {
    OutputFormat.JSON: rollup_json,
    OutputFormat.MD: rollup_markdown,
}
"""The roll-up's file formats; ``text`` is the terminal view in ``cli/``."""
