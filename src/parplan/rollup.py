"""A province in one view: every agency's plan, where it stands on a day, ranked, and summed.

The one computation of the roll-up views (``rollup`` text, JSON, Markdown, the province's
report and site, the SQLite export): each agency's figures are its own
:func:`parplan.status.plan_status` on the day, read from its tally, never counted again. An
agency whose plan could not be had (unreachable, invalid, too large) is kept with its error and
counts in no total.

Views that need whole plans (the report, the site, the export) hand :func:`roll_up` outcomes with
plans; ``rollup`` hands it outcomes with only each agency's :class:`AgencySummary` (its tally and
its overdue work as rows, made where the plan was loaded: :func:`summarize`), so that a province
of thousands of agencies never holds their plans at once. Ranks and totals are the same
computation either way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from parplan.findings import Finding
from parplan.model import Plan
from parplan.model_province import Agency, Province
from parplan.occurrence_rows import OccurrenceRow, occurrence_row
from parplan.status import PlanStatus, plan_status
from parplan.text import vietnamese_sort_key
from parplan.tracking import StatusClass, Tally, TrackedOccurrence

__all__ = [
    "AgencyFigures",
    "AgencyOutcome",
    "AgencyStanding",
    "AgencySummary",
    "Rollup",
    "agency_figures",
    "roll_up",
    "summarize",
]


@dataclass(frozen=True)
class AgencySummary:
    """What the roll-up reads of one agency's status on the day, small enough to hand from a
    worker process: the year of its plan, its tally, its overdue work as rows."""

    year: int
    tally: Tally
    overdue: tuple[OccurrenceRow, ...]
    """The status's overdue work (:attr:`PlanStatus.overdue`, in its order), one row each."""


def summarize(status: PlanStatus) -> AgencySummary:
    """The roll-up's part of an agency's status."""
    rows = tuple(occurrence_row(status.plan, item) for item in status.overdue)
    return AgencySummary(year=status.plan.year, tally=status.tally, overdue=rows)


@dataclass(frozen=True)
class AgencyOutcome:
    """What reading one agency's plan gave: its plan, or why there is none."""

    agency: Agency
    source: str
    """Where the plan was read: the folder, or ``URL@ref:path``."""
    plan: Plan | None = None
    revision: str | None = None
    """The git commit read, for a git source."""
    error: str | None = None
    """Why there is no plan (Vietnamese, one line), or None."""
    findings: tuple[Finding, ...] = ()
    """The validation findings of an invalid plan."""
    summary: AgencySummary | None = None
    """Instead of the plan: its status's summary on the roll-up's day (``rollup`` itself, which
    needs no more); None with a plan or an error."""


@dataclass(frozen=True)
class AgencyFigures:
    """One agency's figures on the day, all read from its status's tally."""

    due: int
    """Work with a deadline due by the day (deadline passed) or done."""
    done_on_time: int
    done_late: int
    overdue: int
    in_progress: int
    not_due: int
    continuous: int
    reported: int
    """Continuous duties with a result recorded by the day."""
    with_deadline: int
    """The year's work with a deadline."""
    percent_of_due: float | None
    """Done of the work due (the headline's completion figure), rounded down; None: nothing due."""
    percent_on_time: float | None
    """Done on time of the work due, rounded down; None: nothing due."""
    percent_of_year: float | None

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late


def agency_figures(counts: Tally) -> AgencyFigures:
    """The figures of one tally (an agency's, or the province's sum)."""
    return AgencyFigures(
        due=counts.due,
        done_on_time=counts.counts[StatusClass.DONE_ON_TIME],
        done_late=counts.counts[StatusClass.DONE_LATE],
        overdue=counts.overdue,
        in_progress=counts.counts[StatusClass.IN_PROGRESS],
        not_due=counts.counts[StatusClass.NOT_DUE],
        continuous=counts.continuous,
        reported=counts.reported,
        with_deadline=counts.with_deadline,
        percent_of_due=counts.percent_of_due,
        percent_on_time=counts.percent_on_time,
        percent_of_year=counts.percent_of_year,
    )


@dataclass(frozen=True)
class AgencyStanding:
    """An agency rolled up: its outcome, and on the day its status (when the outcome has its
    plan), its summary, figures and rank."""

    outcome: AgencyOutcome
    status: PlanStatus | None = None
    figures: AgencyFigures | None = None
    rank: int | None = None
    """1 for the first; agencies equal on the ranking share a rank; None without a plan."""
    summary: AgencySummary | None = None
    """The agency's year, tally and overdue rows; None for an agency that failed."""

    @property
    def agency(self) -> Agency:
        return self.outcome.agency

    @property
    def overdue_work(self) -> list[TrackedOccurrence]:
        return self.status.overdue if self.status is not None else []


@dataclass(frozen=True)
class Rollup:
    """The province on ``as_of``: every agency in the province file's order, ranked, summed."""

    province: Province
    as_of: date
    standings: list[AgencyStanding]
    totals: AgencyFigures
    """The sum of every agency with a plan."""
    failed: list[AgencyStanding] = field(default_factory=list)
    """The agencies without a plan (unreachable, invalid, too large), with their errors."""

    @property
    def ranked(self) -> list[AgencyStanding]:
        """The agencies with a plan, first rank first (ties in Vietnamese order of name)."""
        rolled = [standing for standing in self.standings if standing.rank is not None]
        return sorted(rolled, key=lambda s: (s.rank or 0, vietnamese_sort_key(s.agency.name)))

    @property
    def ok(self) -> bool:
        return not self.failed


def _ranking_key(by: str, figures: AgencyFigures) -> tuple[float, ...]:
    """Smaller first: the better agency has the smaller key."""
    if by == "overdue":
        return (figures.overdue,)
    measured = figures.percent_on_time if by == "on_time" else figures.percent_of_due
    # Nothing due yet ranks after every agency with a figure, then fewer overdue first.
    return (0 if measured is not None else 1, -(measured or 0.0), figures.overdue)


def _summaries(
    outcomes: Sequence[AgencyOutcome], as_of: date
) -> list[tuple[AgencyOutcome, PlanStatus | None, AgencySummary | None]]:
    """Each outcome with its status on the day (when it has its plan) and its summary."""
    computed: list[tuple[AgencyOutcome, PlanStatus | None, AgencySummary | None]] = []
    for outcome in outcomes:
        status = plan_status(outcome.plan, as_of) if outcome.plan is not None else None
        summary = summarize(status) if status is not None else outcome.summary
        computed.append((outcome, status, summary))
    return computed


def _sum(tallies: Sequence[Tally]) -> Tally:
    """The tally of all of their work."""
    total = Tally()
    for counted in tallies:
        for status_class, count in counted.counts.items():
            total.counts[status_class] += count
        total.reported += counted.reported
    return total


def roll_up(province: Province, outcomes: Sequence[AgencyOutcome], as_of: date) -> Rollup:
    """Every agency's plan as of ``as_of`` (its status, its figures), ranked as the province
    ranks (``province.ranking.by``) and summed; agencies without a plan listed apart.

    An outcome with its plan gets its status computed here; one with only its summary
    (:attr:`AgencyOutcome.summary`, computed on the same day) is ranked and summed from it."""
    computed = _summaries(outcomes, as_of)
    keys = {
        outcome.agency.code: _ranking_key(province.ranking.by, agency_figures(summary.tally))
        for outcome, _, summary in computed
        if summary is not None
    }
    sharing = Counter(keys.values())
    ranks: dict[tuple[float, ...], int] = {}
    position = 1
    for key in sorted(sharing):
        ranks[key] = position
        position += sharing[key]
    standings = [
        AgencyStanding(outcome)
        if summary is None
        else AgencyStanding(
            outcome,
            status,
            agency_figures(summary.tally),
            ranks[keys[outcome.agency.code]],
            summary,
        )
        for outcome, status, summary in computed
    ]
    rolled = [summary.tally for _, _, summary in computed if summary is not None]
    return Rollup(
        province=province,
        as_of=as_of,
        standings=standings,
        totals=agency_figures(_sum(rolled)),
        failed=[standing for standing in standings if standing.summary is None],
    )
