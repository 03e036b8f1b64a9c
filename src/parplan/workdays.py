"""Working days (ngày làm việc): weekends and Vietnamese public holidays off.

Public holidays come from the ``holidays`` package's Vietnam calendar (it matches the official days
off of 2022, nghỉ bù included); an office adds its own extra days off and swapped working days in
the plan folder's ``calendar`` section. The package is imported only when a working day is counted,
and only its Vietnam calendar (:func:`vietnam_calendar`).
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

__all__ = ["WorkCalendar", "known_holidays", "remember_holidays", "vietnam_calendar"]

_VIETNAM = "holidays.countries.vietnam"

_HOLIDAYS: dict[int, dict[date, str]] = {}
"""Public holidays per year, computed once per process (or brought back from the plan cache)."""


def known_holidays() -> dict[int, dict[date, str]]:
    return {year: dict(days) for year, days in _HOLIDAYS.items()}


def remember_holidays(holidays: dict[int, dict[date, str]]) -> None:
    """Use holidays computed earlier (by the plan cache) instead of asking the package again."""
    for year, days in holidays.items():
        _HOLIDAYS.setdefault(year, dict(days))


def vietnam_calendar() -> Any:
    """The ``holidays`` package's ``Vietnam`` class, its module loaded from the package's own
    file without the package's list of countries: ``holidays.countries`` imports all of them,
    some 200 modules and 60 ms of every run that counts a working day. The module is the same
    (it imports only ``holidays`` itself); where the package no longer has that file, it is
    imported the usual way."""
    module = sys.modules.get(_VIETNAM)
    if module is None:
        import holidays

        path = Path(holidays.__file__ or ".").parent / "countries" / "vietnam.py"
        spec = importlib.util.spec_from_file_location(_VIETNAM, path)
        if spec is None or spec.loader is None or not path.is_file():
            module = importlib.import_module(_VIETNAM)
        else:
            module = importlib.util.module_from_spec(spec)
            sys.modules[_VIETNAM] = module
            try:
                spec.loader.exec_module(module)
            except BaseException:
                del sys.modules[_VIETNAM]
                raise
    return module.Vietnam


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
            holidays = vietnam_calendar()(years=year, language="vi")
            _HOLIDAYS[year] = {day: str(name) for day, name in holidays.items()}
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
