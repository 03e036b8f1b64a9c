"""A static HTML site of the plan, for the office's leaders and staff who never open a terminal.

Pages (all in Vietnamese, relative links, no server needed):

- ``index.html``: the headline against the 100% requirement; charts as inline SVG (status classes
  per unit and per PAR Index field as stacked bars, completed work over the year against the
  deadlines as a burn-up), each with a data table; links to every unit, task and past report;
- ``don-vi/<MÃ>.html``: one unit's checklist (work it leads, work it supports);
- ``nhiem-vu/<MÃ>.html``: one task: its source clause, schedule, each occurrence's history,
  evidence and notes, extensions;
- ``bao-cao/*.html``: the reports of the periods whose data cut-off has passed;
- ``chi-so.html``: the scores (:mod:`parplan.scores`): per index the points lost per field, most
  first, as bars, the table of fields and criteria, the findings, the total over the years; the
  page holds the data of ``scores --format json`` (``data-scores``), from which it is written.

The charts are drawn by :mod:`parplan.site_charts`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from parplan.checklists import unit_checklist
from parplan.dates import format_date
from parplan.file_batches import write_many
from parplan.file_writing import OutputFolder, plan_folders
from parplan.forked import default_jobs, ordered_map
from parplan.model import Plan, Task, Unit
from parplan.occurrence_rows import OccurrenceRow, RowsMade, occurrence_row, rows_made_once
from parplan.periods import Period, period_title
from parplan.report import build_report, default_report_name, render_report
from parplan.site_charts import CLASS_STYLE, ORDER
from parplan.site_front import charts_context, headline_context, rollup_context, target_context
from parplan.site_scores import scores_page
from parplan.status import (
    PartsRollup,
    PlanStatus,
    StatusClass,
    TrackedOccurrence,
    plan_status,
)
from parplan.status_listings import tally_payload
from parplan.targets import format_number
from parplan.template_data import plan_data, progress_data, task_data, template_data, unit_data
from parplan.template_loader import office_templates
from parplan.template_rendering import DocumentRenderer

__all__ = ["YearLinks", "build_site", "index_page"]

YearLinks = Callable[[str], list[dict[str, Any]]]
"""The year switcher of a site of several years (:mod:`parplan.site_years`): from a page's path
in its year's folder, the links to the same page in the other years; every page sees it as
``years`` (empty in a site of one year)."""


PAST_PERIODS = (Period.Q1, Period.Q2, Period.H1, Period.Q3, Period.M9, Period.Q4, Period.Y)


def _row(row: OccurrenceRow) -> dict[str, Any]:
    """What site templates see of an occurrence, from its :func:`occurrence_row`; ``page`` is
    the task whose page shows it (a part's task for a part)."""
    return {
        "key": row.key,
        "task_id": row.task_id,
        "page": row.parent_id or row.task_id,
        "parent": row.parent_id,
        "parent_title": row.parent_title,
        "leads": list(row.leads),
        "lead_label": row.lead_label,
        "criteria": list(row.criteria),
        "title": row.title,
        "deadline": format_date(row.deadline, "Thường xuyên"),
        "status_class": row.status_class.value,
        "status_text": row.status_text,
        "status_short": row.status_short,
        "done": row.done,
        "continuous": row.continuous,
        "reported": row.reported,
        "lead": row.lead,
        "output": row.output,
        "source": row.source,
    }


def _rows(plan: Plan, items: Iterable[TrackedOccurrence]) -> list[dict[str, Any]]:
    return [_row(occurrence_row(plan, item)) for item in items]


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


PARALLEL_FROM = 400
"""From this many pages on, pages are rendered by as many processes as the machine has cores."""


def build_site(
    plan: Plan,
    as_of: date,
    out: Path | OutputFolder,
    *,
    jobs: int | None = None,
    years: YearLinks | None = None,
) -> list[Path]:
    """Write every page under ``out``; returns the files written. Pages go through an
    :class:`OutputFolder`: never through a symbolic link, never into a plan folder; they are
    written as one batch (:func:`parplan.file_batches.write_many`) as they are made.

    The status of the day, the templates and the plan's data are made once for all pages; the
    pages are rendered by ``jobs`` processes forked after that (:func:`parplan.forked.ordered_map`;
    by default the machine's cores from ``PARALLEL_FROM`` pages on), the same bytes in the same
    order as one process makes them; the heavy ones (the front page, the units', the reports) each
    on its own and first.
    ``years`` gives every page its year switcher, in a site of several years."""
    folder = (
        out
        if isinstance(out, OutputFolder)
        else OutputFolder(out, plan_folders(plan.folder), create=True)
    )
    site = _Site(plan, as_of, years)
    count = len(site.pages)
    jobs = default_jobs(count, PARALLEL_FROM) if jobs is None else jobs
    pages = ordered_map(site.page, count, jobs, alone_from=site.heavy_from)
    return write_many(folder, pages)


class _Site:
    """The pages of the site of one plan and day, each made on demand from what all share."""

    def __init__(self, plan: Plan, as_of: date, years: YearLinks | None = None) -> None:
        self.plan = plan
        self.renderer = _Renderer(plan, as_of, years)
        self.reports = _reports(plan, as_of)
        self.status = status = plan_status(plan, as_of)
        self.work = _work_by_task(status)
        self.rollups = {rollup.task.id: rollup for rollup in status.rollups}
        self.rows_made: RowsMade = {}
        self.pages: list[Callable[[], tuple[str, bytes]]] = [
            *(partial(self._task, task) for task in plan.tasks),
            self._index,
            self._scores,
            *(partial(self._unit, unit) for unit in plan.departments),
            *(partial(self._report, period, link["href"]) for period, link in self.reports),
        ]
        self.heavy_from = len(plan.tasks)
        """The pages from this one on hold all the plan's work or a unit's (the front page, the
        units' checklists, the reports): each is made alone and first by a worker."""

    def page(self, index: int) -> tuple[str, bytes]:
        """The ``index``-th page: its path below the site and its bytes (the rows of the
        status's work made once for all the pages a process makes)."""
        with rows_made_once(self.rows_made):
            return self.pages[index]()

    def _report(self, period: Period, href: str) -> tuple[str, bytes]:
        return href, render_report(self.plan, build_report(self.plan, period), "html")

    def _index(self) -> tuple[str, bytes]:
        links = [link for _, link in self.reports]
        return "index.html", index_page(self.status, links, self.renderer).encode("utf-8")

    def _scores(self) -> tuple[str, bytes]:
        context = scores_page(self.plan, self.status.as_of)
        return self.renderer.page("chi-so.html", "site-scores.html.j2", context)

    def _unit(self, unit: Unit) -> tuple[str, bytes]:
        checklist = unit_checklist(self.status, unit)
        return self.renderer.page(
            f"don-vi/{unit.code}.html",
            "site-unit.html.j2",
            {
                "unit": unit_data(unit),
                "leads": _rows(self.plan, checklist.leads),
                "supports": _rows(self.plan, checklist.supports),
            },
        )

    def _task(self, task: Task) -> tuple[str, bytes]:
        context = _task_page(
            self.status, task, self.work.get(task.id, []), self.rollups.get(task.id)
        )
        return self.renderer.page(f"nhiem-vu/{task.id}.html", "site-task.html.j2", context)


def index_page(
    status: PlanStatus,
    reports: Sequence[dict[str, Any]] = (),
    renderer: _Renderer | None = None,
    *,
    years: YearLinks | None = None,
) -> str:
    """The front page (``index.html``) of the site of ``status``'s plan and day, as
    :func:`build_site` writes it; ``reports`` are the links to the reports written beside it."""
    renderer = renderer or _Renderer(status.plan, status.as_of, years)
    return renderer.render("index.html", "site-index.html.j2", _index(status, list(reports)))


class _Renderer:
    """Renders the site's pages of one plan and day: the templates compiled once for the whole
    site, the plan's data made once, each page on a budget of its own."""

    def __init__(self, plan: Plan, as_of: date, years: YearLinks | None = None) -> None:
        shared = {"plan": plan_data(plan), "as_of": as_of}
        self.documents = DocumentRenderer(office_templates(plan.folder), shared)
        self.years = years

    def render(self, relative: str, name: str, context: dict[str, Any]) -> str:
        """Page ``relative`` from template ``name``; every page also sees plan, as_of, root and
        years (the year switcher)."""
        depth = relative.count("/")
        years = self.years(relative) if self.years is not None else []
        return self.documents.render(name, {"root": "../" * depth, "years": years, **context})

    def page(self, relative: str, name: str, context: dict[str, Any]) -> tuple[str, bytes]:
        """Page ``relative`` and its bytes."""
        return relative, self.render(relative, name, context).encode("utf-8")


def _reports(plan: Plan, as_of: date) -> list[tuple[Period, dict[str, Any]]]:
    """The reports of the periods whose data cut-off has passed, each with its link."""
    reports = []
    for period in PAST_PERIODS:
        window_end = plan.reporting.window_rule.window(period, plan.year)[1]
        if window_end < as_of:
            name = default_report_name(period, plan.year, "html")
            link = {
                "title": period_title(period, plan.year),
                "href": f"bao-cao/{name}",
                "cutoff": format_date(window_end),
            }
            reports.append((period, link))
    return reports


def _index(status: PlanStatus, reports: list[dict[str, Any]]) -> dict[str, Any]:
    """What ``site-index.html.j2`` sees besides plan, as_of and root."""
    plan = status.plan
    tally = status.tally
    return {
        "headline": headline_context(status.headline),
        "tally": tally_payload(tally),
        "targets": [target_context(evaluation) for evaluation in status.targets],
        "baseline_year": plan.year - 1,
        "rollups": [rollup_context(rollup) for rollup in status.rollups],
        "classes": [
            {
                "value": c.value,
                "label": c.label,
                "short": CLASS_STYLE[c][2],
                "count": tally.counts[c],
                "reported": tally.reported if c is StatusClass.CONTINUOUS else None,
            }
            for c in ORDER
        ],
        "units": [
            {"code": unit.code, "name": unit.name, "tally": tally_payload(unit_tally)}
            for unit, unit_tally in status.units
        ],
        "fields": [
            {"code": f.code, "name": f.short_name or f.name, "tally": tally_payload(field_tally)}
            for f, field_tally in status.fields
        ],
        **charts_context(status),
        "overdue": _rows(plan, status.overdue),
        "due_soon": _rows(plan, status.due_soon),
        "reports": reports,
        "tasks": [{"id": t.id, "title": t.title, "lead": t.lead} for t in plan.tasks],
        "order": [c.value for c in ORDER],
    }


def _work_by_task(status: PlanStatus) -> dict[str, list[TrackedOccurrence]]:
    """Each task's work in the status's order: its own occurrences and those of its parts (a
    part's under its task's id too), so that each task page finds its own in one look-up."""
    work: dict[str, list[TrackedOccurrence]] = {}
    for item in status.items:
        occurrence = item.occurrence
        work.setdefault(occurrence.task.id, []).append(item)
        if occurrence.parent is not None and occurrence.parent.id != occurrence.task.id:
            work.setdefault(occurrence.parent.id, []).append(item)
    return work


def _task_page(
    status: PlanStatus,
    task: Task,
    items: Sequence[TrackedOccurrence],
    rollup: PartsRollup | None,
) -> dict[str, Any]:
    """What ``site-task.html.j2`` sees besides plan, as_of and root: the task, its work
    (``items``: its occurrences, or its parts') and, for a task with parts, its ``rollup``."""
    plan = status.plan
    return {
        "task": task_data(task),
        "leads": [unit_data(unit) if (unit := plan.unit(code)) else code for code in task.lead],
        "supports": [
            unit_data(supporter) if (supporter := plan.unit(code)) else code
            for code in task.supporting_units(plan.departments)
        ],
        "clause": _clause_text(plan, task.source),
        "criteria": [plan.criterion_label(ref) for ref in task.criteria],
        "funding": [
            {
                "source": line.source,
                "amount": None if line.amount is None else f"{format_number(line.amount)} đồng",
                "note": line.note,
            }
            for line in task.funding
        ],
        "rollup": rollup_context(rollup) if rollup is not None else None,
        "occurrences": [
            {
                **_row(row),
                "progress": progress_data(item.progress),
                "original": format_date(row.original_deadline, ""),
                "funding": [
                    source if amount is None else f"{source}: {format_number(amount)} đồng"
                    for source, amount in row.funding
                ],
            }
            for item in items
            for row in (occurrence_row(plan, item),)
        ],
    }
