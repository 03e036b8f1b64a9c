"""The static site of a plans folder that holds several years (``parplan site`` without
``--year``): each year's site (:func:`parplan.website.build_site`) under ``<year>/``, and
``index.html``, the years side by side (:mod:`parplan.years`) with a link to each.

Each year is seen as of the day :func:`parplan.years.year_day` gives it: ``--as-of`` in its own
year, else the year's last day. A year that has not begun on ``--as-of`` gets no pages (nothing is
due, nothing is recorded: the site would show a plan as of a day it had not begun); the front page
names it. A plan that does not validate gets no pages either: the front page names it with its
first error, and :attr:`YearsSite.comparison` keeps its findings (the command exits 1).

Every page of a year has a year switcher (``<nav aria-label="Năm kế hoạch">``, the ``years`` of
its context): a link to the same page in each other year when that year has it (the unit's page
of a unit both years have, the task's page of a task carried into the next year with its id),
else to that year's front page, and a link to the years' page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from parplan.file_writing import OutputFolder
from parplan.loading import choose_year
from parplan.model import Plan
from parplan.template_loader import office_templates
from parplan.template_rendering import render_template
from parplan.website import YearLinks, build_site
from parplan.years import YearPlan, YearsComparison, compare_years, years_payload

__all__ = ["YEARS_PAGE", "YearsSite", "build_years_site", "site_pages"]

YEARS_PAGE = "index.html"
"""The years' page, at the top of the site; each year's pages are below ``<year>/``."""


@dataclass(frozen=True)
class YearsSite:
    """What :func:`build_years_site` wrote: every file, the comparison on its front page, and
    the year it calls current."""

    written: list[Path]
    comparison: YearsComparison
    current: int | None


def site_pages(plan: Plan) -> set[str]:
    """The pages of a year's site that another year may have too (paths in the year's folder):
    the front page, the scores, each unit's and each task's page. (A report's page names its
    year: no other year has it.)"""
    return {
        "index.html",
        "chi-so.html",
        *(f"don-vi/{unit.code}.html" for unit in plan.departments),
        *(f"nhiem-vu/{task.id}.html" for task in plan.tasks),
    }


class _YearFolder(OutputFolder):
    """One year's folder in the site's: every page written through the site's folder (never
    through a link, never into a plan folder), under ``<year>/``."""

    def __init__(self, site: OutputFolder, protected: Iterable[Path], year: int) -> None:
        super().__init__(site.root, protected, site.option)
        self.prefix = f"{year}/"

    def parts(self, relative: str) -> tuple[str, ...]:
        """Every path below the year's folder, however it is written (one page, or a batch)."""
        return super().parts(self.prefix + relative)


def _switcher(year: int, pages: dict[int, set[str]]) -> YearLinks:
    """The year switcher of the pages of ``year``: each year shown, on the same page when it has
    it, else its front page; then the years' page."""

    def links(relative: str) -> list[dict[str, Any]]:
        root = "../" * relative.count("/")
        found = []
        for other, held in sorted(pages.items()):
            same = relative in held
            found.append(
                {
                    "label": f"Năm {other}",
                    "year": other,
                    "href": f"{root}../{other}/{relative if same else 'index.html'}",
                    "current": other == year,
                    "note": None if same else f"năm {other} không có trang này: trang tổng quan",
                }
            )
        overview = {"label": "So sánh các năm", "href": f"{root}../{YEARS_PAGE}"}
        return [*found, {**overview, "year": None, "current": False, "note": None}]

    return links


def build_years_site(
    held: Sequence[YearPlan], as_of: date, out: OutputFolder, protected: Iterable[Path] = ()
) -> YearsSite:
    """Write the site of every year of ``held`` that has begun on ``as_of`` and validates, each
    under ``<year>/`` of ``out``, and the years' page; ``protected`` are the folders no page may
    be written into (as :class:`OutputFolder` takes them)."""
    comparison = compare_years(held, as_of)
    shown = [row for row in comparison.rows if row.plan is not None]
    pages = {row.year: site_pages(row.plan) for row in shown if row.plan is not None}
    written: list[Path] = []
    protected = list(protected)
    for row in shown:
        if row.plan is None:
            continue
        folder = _YearFolder(out, protected, row.year)
        written += build_site(row.plan, row.as_of, folder, years=_switcher(row.year, pages))
        missing = {f"{row.year}/{page}" for page in pages[row.year]} - {
            path.relative_to(out.root).as_posix() for path in written
        }
        if missing:  # the switcher would link to pages that are not there
            raise RuntimeError(f"trang không được ghi: {', '.join(sorted(missing))}")
    current = choose_year(pages, None, as_of)
    written.append(out.write(YEARS_PAGE, _years_page(comparison, shown, current).encode("utf-8")))
    return YearsSite(written, comparison, current)


def _years_page(comparison: YearsComparison, shown: Sequence[Any], current: int | None) -> str:
    """The years' page: the comparison's table, a link to each year's site."""
    latest = next((row.plan for row in reversed(comparison.rows) if row.plan is not None), None)
    held = {row.year for row in shown}
    context: dict[str, Any] = {
        "years": [
            {
                "label": f"Năm {row.year}",
                "year": row.year,
                "href": f"{row.year}/index.html",
                "current": False,
                "note": None,
            }
            for row in shown
        ]
        + [
            {
                "label": "So sánh các năm",
                "year": None,
                "href": YEARS_PAGE,
                "current": True,
                "note": None,
            }
        ],
        "comparison": years_payload(comparison),
        "linked": sorted(held),
        "current": current,
        "plan": _plan_header(latest),
        "as_of": comparison.as_of,
        "root": "",
    }
    folder = office_templates(latest.folder) if latest is not None else None
    return render_template("site-years.html.j2", context, folder)


def _plan_header(plan: Plan | None) -> dict[str, Any]:
    """What the shared layout reads of ``plan``: the document's type and issuer."""
    if plan is None:
        return {
            "year": None,
            "document": {
                "document_type": "Kế hoạch",
                "issuer": {"name": ""},
                "appendix_note": None,
            },
        }
    document = plan.document
    return {
        "year": plan.year,
        "document": {
            "document_type": document.document_type,
            "issuer": {"name": document.issuer.name},
            "appendix_note": None,
        },
    }
