"""Working days (ngày làm việc): weekends and Vietnamese public holidays off.

Public holidays come from the ``holidays`` package's Vietnam calendar (it matches the official days
off of 2022, nghỉ bù included); an office adds its own extra days off and swapped working days in
the plan folder's ``calendar`` section. The package is imported only when a working day is counted.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

__all__ = ["WorkCalendar", "known_holidays", "remember_holidays"]

_HOLIDAYS: dict[int, dict[date, str]] = {}
"""Public holidays per year, computed once per process (or brought back from the plan cache)."""


def known_holidays() -> dict[int, dict[date, str]]:
    return {year: dict(days) for year, days in _HOLIDAYS.items()}


def remember_holidays(holidays: dict[int, dict[date, str]]) -> None:
    """Use holidays computed earlier (by the plan cache) instead of asking the package again."""
    for year, days in holidays.items():
        _HOLIDAYS.setdefault(year, dict(days))


class WorkCalendar:
    """Answers which days are working days for the office."""

    def __init__(
        self,
        extra_days_off: Iterable[date] = (),
        extra_working_days: Iterable[date] = (),
    ) -> None:
        self._extra_off = frozenset(extra_days_off)
        self._extra_working = frozenset(extra_working_days)

    def public_holidays(self, year: int) -> dict[date, str]:
        """Vietnamese public holidays (and their observed days) of ``year``, names in Vietnamese."""
        if year not in _HOLIDAYS:
            from holidays.countries.vietnam import Vietnam  # heavy import, only when needed

            _HOLIDAYS[year] = dict(Vietnam(years=year, language="vi"))  # type: ignore[no-untyped-call]
        return _HOLIDAYS[year]

    def is_working_day(self, day: date) -> bool:
        if day in self._extra_working:
            return True
        if day in self._extra_off or day.weekday() >= 5:
            return False
        return day not in self.public_holidays(day.year)

    def add_working_days(self, start: date, count: int) -> date:
        """The day ``count`` working days after ``start`` (``count`` ≥ 0; 0 gives ``start``)."""
        day = start
        remaining = count
        while remaining > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative if ``end`` is before)."""
        if end < start:
            return -self.working_days_between(end, start)
        days = 0
        day = start
        while day < end:
            day += timedelta(days=1)
            if self.is_working_day(day):
                days += 1
        return days
