"""Reporting periods (kỳ báo cáo): tháng, quý, 6 tháng, 9 tháng, năm, and their data windows; reading a
period or a date as the user writes it in an option; the ``ID@PERIOD`` key of an occurrence."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from parplan.errors import UsageProblem
from parplan.text import fold

__all__ = [
    "MAX_WINDOW_DAYS",
    "DataWindowRule",
    "Period",
    "next_period",
    "occurrence_key",
    "option_date",
    "parse_half",
    "parse_period",
    "parse_quarter",
    "period_title",
    "report_period",
]


MAX_WINDOW_DAYS = 366
"""The longest "due soon" window (``status --within``), in days: a year."""


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
    T1 = "T1"
    T2 = "T2"
    T3 = "T3"
    T4 = "T4"
    T5 = "T5"
    T6 = "T6"
    T7 = "T7"
    T8 = "T8"
    T9 = "T9"
    T10 = "T10"
    T11 = "T11"
    T12 = "T12"

    @property
    def label(self) -> str:
        """Vietnamese name as written in documents: "quý III", "6 tháng đầu năm"."""
        return _LABELS[self]

    @property
    def months(self) -> tuple[int, int]:
        """First and last calendar month the period covers."""
        return _MONTHS[self]

    @property
    def is_month(self) -> bool:
        """A month (T1–T12), as "báo cáo định kỳ hàng tháng" recur."""
        return self.value.startswith("T")


MONTHS: tuple[Period, ...] = tuple(Period(f"T{month}") for month in range(1, 13))
"""The twelve months, T1 to T12."""


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
for _month in range(1, 13):
    _MONTHS[Period(f"T{_month}")] = (_month, _month)
    _LABELS[Period(f"T{_month}")] = f"tháng {_month}"

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
    **{
        Period(f"T{month}"): [f"t{month}", f"thang {month}", f"thang {month:02d}", f"t{month:02d}"]
        for month in range(1, 13)
    },
}.items():
    for _word in _words:
        _ALIASES[_word] = _period


def parse_period(text: str) -> Period | None:
    """Read a period as people write it ("quý III", "Q3", "3", "6 tháng", "năm"); None if unknown."""
    return _ALIASES.get(fold(text))


def period_title(period: Period, year: int) -> str:
    """ "quý III năm 2022", "6 tháng đầu năm 2022", "tháng 10 năm 2022", "năm 2022"."""
    if period is Period.Y:
        return f"năm {year}"
    if period is Period.M9:
        return f"9 tháng năm {year}"
    if period in (Period.H1, Period.H2):
        return f"{period.label} {year}"  # "6 tháng đầu năm 2022"
    return f"{period.label} năm {year}"


def next_period(period: Period, year: int) -> tuple[Period, int]:
    """The period a report's "nhiệm vụ trọng tâm kỳ tới" looks at."""
    if period.is_month:
        month = period.months[0]
        return (Period(f"T{month + 1}"), year) if month < 12 else (Period.T1, year + 1)
    following = {
        Period.Q1: (Period.Q2, year),
        Period.Q2: (Period.Q3, year),
        Period.Q3: (Period.Q4, year),
        Period.Q4: (Period.Q1, year + 1),
        Period.H1: (Period.H2, year),
        Period.H2: (Period.H1, year + 1),
        Period.M9: (Period.Q4, year),
        Period.Y: (Period.Y, year + 1),
    }
    return following[period]


_QUARTERS = (Period.Q1, Period.Q2, Period.Q3, Period.Q4)


def parse_quarter(text: str) -> Period:
    """A quarter as ``--quarter`` takes it: I, II, III, IV, 1–4, or as periods are written
    elsewhere ("Q3", "quý III")."""
    period = parse_period(text)
    if period not in _QUARTERS:
        raise UsageProblem(f"quý '{text}' không có: chọn I, II, III, IV (hoặc 1–4)")
    assert period is not None
    return period


def parse_half(text: str) -> Period:
    """A half-year as ``--half`` takes it: 1 or 2 (I, II, H1, H2)."""
    read = parse_period(text)
    # "1", "2", "I", "II" read as quarters elsewhere; for --half they name the halves.
    period = {Period.Q1: Period.H1, Period.Q2: Period.H2}.get(read, read) if read else None
    if period not in (Period.H1, Period.H2):
        raise UsageProblem(f"nửa năm '{text}' không có: chọn 1 (6 tháng đầu năm) hoặc 2")
    assert period is not None
    return period


def report_period(
    quarter: str | None,
    half: str | None,
    *,
    nine_months: bool,
    annual: bool,
    month: str | None = None,
) -> Period:
    """The one reporting period chosen by ``--month``, ``--quarter``, ``--half``,
    ``--nine-months`` or ``--annual``; none or several is a usage problem. A month is written
    1–12, T1–T12 or "tháng 3"."""
    chosen = [
        name
        for name, given in (
            ("--month", month is not None),
            ("--quarter", quarter is not None),
            ("--half", half is not None),
            ("--nine-months", nine_months),
            ("--annual", annual),
        )
        if given
    ]
    if not chosen:
        raise UsageProblem(
            "chọn kỳ báo cáo: --month, --quarter, --half, --nine-months hoặc --annual"
        )
    if len(chosen) > 1:
        raise UsageProblem(f"chỉ chọn một kỳ báo cáo, không cùng lúc {' và '.join(chosen)}")
    if month is not None:
        # "3" reads as quý III elsewhere: for --month, a bare number is the month.
        number = fold(month).removeprefix("thang").removeprefix("t").strip()
        if not (number.isascii() and number.isdigit() and 1 <= int(number) <= 12):
            raise UsageProblem(f"tháng '{month}' không có: chọn 1–12 (hoặc T1–T12)")
        return Period(f"T{int(number)}")
    if quarter is not None:
        return parse_quarter(quarter)
    if half is not None:
        return parse_half(half)
    return Period.M9 if nine_months else Period.Y


def occurrence_key(task_id: str, period: Period | None) -> str:
    """``GP-D-BC-CCHC@Q3`` for the occurrence of a period, the task id for a task without one:
    how every listing, message and diff names a unit of work."""
    return f"{task_id}@{period.value}" if period is not None else task_id


def option_date(option: str, text: str | None) -> date | None:
    """The date given to ``option`` (YYYY-MM-DD or dd/mm/yyyy), None when not given; a date that
    does not read is a usage problem naming the option."""
    if text is None:
        return None
    from parplan.plan_values import parse_plan_date

    try:
        return parse_plan_date(text)
    except ValueError as error:
        message = getattr(error, "message", None)
        problem = str(message()) if callable(message) else str(error)
        raise UsageProblem(f"ngày không hợp lệ cho '{option}': {problem}") from None


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
