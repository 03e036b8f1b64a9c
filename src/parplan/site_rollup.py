"""The province's static site: every agency in one view, each linking to its own site.

Pages (Vietnamese, relative links, no server needed), all read from the
:class:`parplan.rollup.Rollup` (each agency's figures and status, the province's totals), never
counted again:

- ``index.html``: the province's totals, the ranking table, a bar per agency of its work by
  status class (:func:`parplan.site_charts.stacked_bars_svg`), the agencies not rolled up with
  their errors;
- ``co-quan/<MÃ>.html``: one agency: its figures, its overdue work (each linking to the task's
  page of the agency's site), where its plan was read; for an agency not rolled up, its error and
  findings;
- ``co-quan/<MÃ>/``: the agency's own site (:func:`parplan.website.build_site`), built in
  parallel processes when there are many.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

from parplan.dates import format_date
from parplan.file_writing import OutputFolder
from parplan.findings import Finding
from parplan.forked import cores
from parplan.model import Plan
from parplan.model_province import AGENCY_KIND_LABELS
from parplan.occurrence_rows import occurrence_row
from parplan.plan_folders import plan_folders
from parplan.rollup import AgencyFigures, AgencyStanding, Rollup
from parplan.rollup_report_parts import RANKING_WORDS, public_error, public_source
from parplan.site_charts import stacked_bars_svg
from parplan.template_filters import format_percent
from parplan.template_rendering import render_template

__all__ = ["AGENCIES", "build_province_site", "province_index"]

AGENCIES = "co-quan"
"""The folder of the agencies' pages and sites."""
PARALLEL_FROM = 4
"""Agencies' sites are built in worker processes from this many agencies on."""


def _figures(figures: AgencyFigures) -> dict[str, Any]:
    """An agency's (or the province's) figures as the pages show them, exactly as rolled up."""
    return {
        "due": figures.due,
        "done": figures.done,
        "done_on_time": figures.done_on_time,
        "done_late": figures.done_late,
        "overdue": figures.overdue,
        "in_progress": figures.in_progress,
        "not_due": figures.not_due,
        "continuous": figures.continuous,
        "reported": figures.reported,
        "with_deadline": figures.with_deadline,
        "percent_of_due": figures.percent_of_due,
        "percent_on_time": figures.percent_on_time,
        "percent_of_due_text": _percent(figures.percent_of_due),
        "percent_on_time_text": _percent(figures.percent_on_time),
    }


def _percent(value: float | None) -> str:
    return "—" if value is None else format_percent(value)


def _agency(standing: AgencyStanding) -> dict[str, Any]:
    agency, outcome = standing.agency, standing.outcome
    plan = outcome.plan
    return {
        "code": agency.code,
        "name": agency.name,
        "kind": AGENCY_KIND_LABELS[agency.kind],
        "source": public_source(agency, outcome.revision),
        "year": plan.year if plan is not None else agency.year,
        "title": plan.document.display_name if plan is not None else None,
        "rank": standing.rank,
        "figures": _figures(standing.figures) if standing.figures is not None else None,
        "error": public_error(outcome.error) if outcome.error is not None else None,
        "findings": [_finding(finding) for finding in outcome.findings],
    }


def _finding(finding: Finding) -> str:
    """ "plans/2022/ke-hoach.yaml:12:5: [task-lead] …", as validate says it."""
    place = ":".join(str(part) for part in (finding.file, finding.line, finding.column) if part)
    return f"{place}: [{finding.rule}] {finding.message}"


def _overdue(standing: AgencyStanding) -> list[dict[str, Any]]:
    plan = standing.outcome.plan
    assert plan is not None
    rows = []
    for item in standing.overdue_work:
        row = occurrence_row(plan, item)
        rows.append(
            {
                "key": row.key,
                "page": row.parent_id or row.task_id,
                "title": row.title,
                "parent_title": row.parent_title,
                "lead": row.lead_label,
                "deadline": format_date(row.deadline),
                "days_overdue": row.days_overdue,
            }
        )
    return rows


def _context(rollup: Rollup) -> dict[str, Any]:
    """What every page sees: the province and the day."""
    province = rollup.province
    return {
        "province": {"name": province.name, "office": province.office},
        "as_of": rollup.as_of,
    }


def province_index(rollup: Rollup) -> dict[str, Any]:
    """What ``site-rollup-index.html.j2`` sees besides the province, the day and root."""
    ranked = rollup.ranked
    return {
        "totals": _figures(rollup.totals),
        "agencies": len(rollup.standings),
        "ranking": RANKING_WORDS[rollup.province.ranking.by],
        "ranking_basis": rollup.province.ranking.basis,
        "ranked": [_agency(standing) for standing in ranked],
        "failed": [_agency(standing) for standing in rollup.failed],
        "chart": stacked_bars_svg(
            "chart-agencies",
            "Số việc của từng cơ quan theo tình trạng",
            [(s.agency.name, s.status.tally) for s in ranked if s.status is not None],
        ),
        "overdue_total": sum(len(s.overdue_work) for s in ranked),
    }


def _render(relative: str, name: str, context: dict[str, Any]) -> bytes:
    root = "../" * relative.count("/")
    return render_template(name, {**context, "root": root}).encode("utf-8")


def _build_agency_site(plan: Plan, as_of: date, folder: Path, protected: list[Path]) -> int:
    """One agency's own site (a worker's job): the number of files written."""
    from parplan.website import build_site

    return len(build_site(plan, as_of, OutputFolder(folder, protected, create=True)))


def build_province_site(rollup: Rollup, out: Path, *, jobs: int | None = None) -> list[Path]:
    """Write the province's site under ``out`` (never into an agency's plan folder, never
    through a link); returns the province's pages written (each agency's site is under
    ``co-quan/<MÃ>/``). ``jobs``: the worker processes building the agencies' sites (default:
    the machine's cores; 1: in this process)."""
    plans = [s.outcome.plan for s in rollup.standings if s.outcome.plan is not None]
    protected = plan_folders(*(plan.folder for plan in plans))
    folder = OutputFolder(out, protected, create=True)
    common = _context(rollup)
    written = [
        folder.write("index.html", _render("index.html", "site-rollup-index.html.j2", {
            **common, **province_index(rollup),
        }))
    ]  # fmt: skip
    for standing in rollup.standings:
        relative = f"{AGENCIES}/{standing.agency.code}.html"
        context = {
            **common,
            "agency": _agency(standing),
            "overdue": _overdue(standing) if standing.status is not None else [],
        }
        written.append(
            folder.write(relative, _render(relative, "site-rollup-agency.html.j2", context))
        )
    sites = [
        (plan, folder.real / AGENCIES / s.agency.code)
        for s in rollup.standings
        if (plan := s.outcome.plan) is not None
    ]
    _build_sites(sites, rollup.as_of, protected, jobs)
    return written


def _build_sites(
    sites: Sequence[tuple[Plan, Path]], as_of: date, protected: list[Path], jobs: int | None
) -> None:
    """Every agency's own site, in worker processes when there are enough of them."""
    workers = min(jobs or cores(), len(sites))
    if workers <= 1 or len(sites) < PARALLEL_FROM:
        for plan, target in sites:
            _build_agency_site(plan, as_of, target, protected)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [
            pool.submit(_build_agency_site, plan, as_of, target, protected)
            for plan, target in sites
        ]
        for future in futures:
            future.result()
