"""Reporting periods (kỳ báo cáo): quý, 6 tháng, 9 tháng, năm, and their data windows."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from parplan.text import fold

__all__ = ["DataWindowRule", "Period", "parse_period"]


class Period(StrEnum):
    """A reporting period of the plan's year, by its code in plan files."""

    Q1 = "Q1"
    Q2 = "Q2"
    Q3 = "Q3"
    Q4 = "Q4"
    H1 = "H1"
    H2 = "H2"
    M9 = "9M"
    Y = "Y"

    @property
    def label(self) -> str:
        """Vietnamese name as written in documents: "quý III", "6 tháng đầu năm"."""
        return _LABELS[self]

    @property
    def months(self) -> tuple[int, int]:
        """First and last calendar month the period covers."""
        return _MONTHS[self]


_LABELS = {
    Period.Q1: "quý I",
    Period.Q2: "quý II",
    Period.Q3: "quý III",
    Period.Q4: "quý IV",
    Period.H1: "6 tháng đầu năm",
    Period.H2: "6 tháng cuối năm",
    Period.M9: "9 tháng",
    Period.Y: "năm",
}
_MONTHS = {
    Period.Q1: (1, 3),
    Period.Q2: (4, 6),
    Period.Q3: (7, 9),
    Period.Q4: (10, 12),
    Period.H1: (1, 6),
    Period.H2: (7, 12),
    Period.M9: (1, 9),
    Period.Y: (1, 12),
}

# Every way an office writes a period, folded (no diacritics, lower case).
_ALIASES: dict[str, Period] = {}
for _period, _words in {
    Period.Q1: ["q1", "i", "1", "quy i", "quy 1"],
    Period.Q2: ["q2", "ii", "2", "quy ii", "quy 2"],
    Period.Q3: ["q3", "iii", "3", "quy iii", "quy 3"],
    Period.Q4: ["q4", "iv", "4", "quy iv", "quy 4"],
    Period.H1: ["h1", "6 thang", "6 thang dau nam", "6t", "6m", "nua dau nam"],
    Period.H2: ["h2", "6 thang cuoi nam", "nua cuoi nam"],
    Period.M9: ["9m", "9 thang", "9t"],
    Period.Y: ["y", "nam", "ca nam", "12 thang"],
}.items():
    for _word in _words:
        _ALIASES[_word] = _period


def parse_period(text: str) -> Period | None:
    """Read a period as people write it ("quý III", "Q3", "3", "6 tháng", "năm"); None if unknown."""
    return _ALIASES.get(fold(text))


def _shift_month(year: int, month: int, months_back: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) - months_back
    return index // 12, index % 12 + 1


def _day_in(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True, slots=True)
class DataWindowRule:
    """Where a period's data window (thời gian chốt số liệu) starts and ends.

    The window of a period opens on ``start_day`` of the month ``start_months_before`` months before
    the period's first month and closes on ``end_day`` of its last month. Nghị định 09/2019 as
    provinces apply it: 15 of the month before to 14 of the last month (quý III = 15/6 to 14/9).
    Calendar periods are ``start_day=1, start_months_before=0, end_day=31``.
    """

    start_day: int = 15
    start_months_before: int = 1
    end_day: int = 14

    def window(self, period: Period, year: int) -> tuple[date, date]:
        first, last = period.months
        start_year, start_month = _shift_month(year, first, self.start_months_before)
        return _day_in(start_year, start_month, self.start_day), _day_in(year, last, self.end_day)
