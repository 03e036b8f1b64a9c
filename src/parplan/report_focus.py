"""The next period's focus of a report (nhiệm vụ trọng tâm kỳ tới), read from the status at the
report's data cut-off.

- open work (not done at the cut-off) due by the end of the next period, overdue work carried
  forward among it, soonest deadline first;
- the continuous duties of the next period (an occurrence of a period that overlaps it, or a duty
  without periods);
- never the occurrences the report is made with: its own period's, and those of the other
  quarter, half-year, nine-month or year periods whose data are cut off on the same day (the quý
  II and 6-month reports are both cut off on 14/06), unless they are already overdue at the
  cut-off; a monthly report is an obligation of its own and stays (the report of tháng 9, cut
  off on 14/09 like quý III, is in the quý III report's focus);
- when the next period is in the next year (quý IV, 6 tháng cuối năm, năm, tháng 12): what
  remains of the plan's year (open, due by 31/12) and what rolls into the next year (open work
  whose deadline falls after the year, a task carried over, and work the office carried into
  the next year's plan by the cut-off, ``update --carry-over``);
- work carried into a later year by the cut-off is never among the work of the plan's year
  still to do: it is the next year's plan's.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from parplan.occurrence_rows import carried_over
from parplan.periods import DataWindowRule, Period, next_period
from parplan.status import PlanStatus, StatusClass, TrackedOccurrence

__all__ = ["Focus", "next_focus"]

OPEN = (StatusClass.OVERDUE, StatusClass.IN_PROGRESS, StatusClass.NOT_DUE)


@dataclass(frozen=True)
class Focus:
    """What the next period's section of a report lists."""

    period: Period
    year: int
    until: date
    """The end of the next period, or of the plan's year when the next period is in the next."""
    outside_plan: bool
    """The next period is in the next year."""
    open: list[TrackedOccurrence]
    continuous: list[TrackedOccurrence]
    carried_over: list[TrackedOccurrence]


def _last_day(period: Period, year: int) -> date:
    month = period.months[1]
    return date(year, month, calendar.monthrange(year, month)[1])


def _overlaps(period: Period | None, other: Period) -> bool:
    """A duty of ``period`` (None: the whole year) still runs during ``other``."""
    if period is None:
        return True
    return period.months[0] <= other.months[1] and other.months[0] <= period.months[1]


def _by_deadline(items: list[TrackedOccurrence]) -> list[TrackedOccurrence]:
    return sorted(items, key=lambda item: item.deadline or date.max)


def next_focus(status: PlanStatus, period: Period, rule: DataWindowRule) -> Focus:
    """The focus after the report of ``period``; ``status`` is the plan's as of its cut-off."""
    year = status.plan.year
    cutoff = rule.window(period, year)[1]
    following, following_year = next_period(period, year)
    outside = following_year != year
    year_end = date(year, 12, 31)
    until = year_end if outside else _last_day(following, year)

    def made_with_this_report(item: TrackedOccurrence) -> bool:
        own = item.occurrence.period
        if own is None or item.status_class is StatusClass.OVERDUE:
            return False
        if own == period:
            return True
        return not own.is_month and not period.is_month and rule.window(own, year)[1] == cutoff

    open_work = [
        (item, item.deadline)
        for item in status.items
        if item.status_class in OPEN and item.deadline is not None
        if not made_with_this_report(item)
    ]
    carried = [item for item, _ in open_work if carried_over(item) is not None]
    open_work = [(item, deadline) for item, deadline in open_work if carried_over(item) is None]
    remaining = [item for item, deadline in open_work if deadline <= until]
    later = [item for item, deadline in open_work if deadline > year_end] + carried
    return Focus(
        period=following,
        year=following_year,
        until=until,
        outside_plan=outside,
        open=_by_deadline(remaining),
        continuous=[]
        if outside
        else [item for item in status.continuous if _overlaps(item.occurrence.period, following)],
        carried_over=_by_deadline(later) if outside else [],
    )
