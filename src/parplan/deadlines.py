"""Deadlines as plans write them: a day (``30/11/2022``) or words (``Quý III``, ``6 tháng đầu
năm``, ``tháng 10/2022``, ``trước ngày 30/11/2022``, ``trong năm 2022``), kept as written and
resolved to a day by one documented rule:

| written                                              | resolved to                          |
|------------------------------------------------------|--------------------------------------|
| ``30/11/2022``, ``2022-11-30``                       | that day                             |
| ``chậm nhất ngày 30/11/2022``, ``đến ngày …``,       | that day                             |
| ``trong ngày …``, ``ngày …``                         |                                      |
| ``trước ngày 30/11/2022``                            | the day before (29/11/2022)          |
| ``tháng 10/2022``, ``tháng 10``, ``tháng 10 năm 2022``| the month's last day (31/10)        |
| ``Quý III``, ``quý 3 năm 2022``                      | the quarter's last day (30/09)       |
| ``6 tháng đầu năm``, ``6 tháng cuối năm``, ``9 tháng``| the period's last day (30/06, 31/12, 30/09) |
| ``trong năm 2022``, ``năm 2022``, ``cả năm``         | 31/12                                |

A phrase without a year is of the plan's year. Words are read without regard to case and
diacritics ("quy III" is "Quý III"); "thường xuyên" is not a deadline (``continuous: true`` is).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema
from pydantic_core import PydanticCustomError

from parplan.periods import Period, parse_period
from parplan.plan_values import FIRST_YEAR, LAST_YEAR, parse_plan_date
from parplan.text import fold, nfc

__all__ = ["Deadline", "DeadlineProblem", "PlanDeadline", "parse_deadline"]


class DeadlineProblem(ValueError):
    """A deadline that does not read; its message is Vietnamese, for the plan's author. ``rule``
    is ``invalid-date`` for a day that does not exist or is not written as one, else
    ``invalid-deadline``."""

    def __init__(self, message: str, rule: str = "invalid-deadline") -> None:
        super().__init__(message)
        self.rule = rule


@dataclass(frozen=True, slots=True)
class Deadline:
    """A deadline as written, and what it resolves to in a year."""

    written: str
    """The deadline as the plan writes it (NFC)."""
    day: date | None = None
    """The day, when the text names one (``30/11/2022``, ``trước ngày 30/11/2022``)."""
    before: bool = False
    """``trước ngày D``: the last day allowed is the day before D."""
    period: Period | None = None
    """The period whose last day it is (``Quý III``, ``tháng 10``, ``trong năm``)."""
    year: int | None = None
    """The year written with a period; None: the plan's year."""

    @property
    def is_date(self) -> bool:
        """Written as a bare date, nothing else."""
        return self.day is not None and not self.before and self.written_as_date

    @property
    def written_as_date(self) -> bool:
        return _DAY.fullmatch(self.written.strip()) is not None

    def resolve(self, plan_year: int) -> date:
        """The last day the work may be done on."""
        if self.day is not None:
            return self.day - timedelta(days=1) if self.before else self.day
        assert self.period is not None
        year = self.year if self.year is not None else plan_year
        last_month = self.period.months[1]
        return date(year, last_month, calendar.monthrange(year, last_month)[1])


_DAY = re.compile(r"(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})")
_DATE_LIKE = re.compile(r"[0-9][0-9/.\- ]*")
_ON_DAY = re.compile(
    r"(?:(?P<before>truoc ngay)|cham nhat ngay|cham nhat la ngay|den ngay|"
    r"truoc hoac trong ngay|trong ngay|ngay|han)? ?dday"
)
_MONTH = re.compile(r"thang (?P<month>\d{1,2})(?: (?:nam )?(?P<year>\d{4}))?")
_YEAR_WORDS = re.compile(r"(?:trong nam|nam|ca nam|trong ca nam)(?: (?P<year>\d{4}))?")
_PERIOD_YEAR = re.compile(r"(?P<words>.+?)(?: (?P<year>\d{4}))?")


def _date_from(text: str) -> date:
    try:
        return parse_plan_date(text)
    except ValueError as error:
        message = getattr(error, "message", None)
        problem = str(message()) if callable(message) else str(error)
        raise DeadlineProblem(problem, "invalid-date") from None


def parse_deadline(value: object) -> Deadline:
    """Read a deadline as written; a phrase no rule reads is a :class:`DeadlineProblem`."""
    if isinstance(value, date):
        return Deadline(written=value.strftime("%d/%m/%Y"), day=value)
    if not isinstance(value, str) or not value.strip():
        raise DeadlineProblem(
            "thời hạn phải là ngày (dd/mm/yyyy) hoặc cụm từ như 'Quý III', 'tháng 10/2022', "
            "'trước ngày 30/11/2022', 'trong năm 2022'",
            "invalid-date",
        )
    written = " ".join(nfc(value).split())
    if _DATE_LIKE.fullmatch(written):  # "31-12-2022", "12/31/2022": a day, written wrong
        return Deadline(written, day=_date_from(written))
    days = _DAY.findall(written)
    # The day, if one is written, stands as "dday" among the words, which are folded.
    words = fold(_DAY.sub(" dday ", written))
    if len(days) == 1 and (match := _ON_DAY.fullmatch(words)):
        return Deadline(written, day=_date_from(days[0]), before=bool(match["before"]))
    if match := _MONTH.fullmatch(words):
        month = int(match["month"])
        if not 1 <= month <= 12:
            raise DeadlineProblem(f"'{written}': tháng phải từ 1 đến 12")
        return Deadline(written, period=Period(f"T{month}"), year=_year(match["year"]))
    if match := _YEAR_WORDS.fullmatch(words):
        return Deadline(written, period=Period.Y, year=_year(match["year"]))
    if (match := _PERIOD_YEAR.fullmatch(words)) and (period := _period_in(match["words"])):
        return Deadline(written, period=period, year=_year(match["year"]))
    if "thuong xuyen" in words:
        raise DeadlineProblem(
            f"'{written}' không phải thời hạn: nhiệm vụ thường xuyên ghi 'continuous: true'"
        )
    raise DeadlineProblem(
        f"không đọc được thời hạn '{written}': viết ngày (30/11/2022) hoặc 'Quý III', "
        "'6 tháng đầu năm', 'tháng 10/2022', 'trước ngày 30/11/2022', 'trong năm 2022'"
    )


def _period_in(words: str) -> Period | None:
    """The period words name ("quy iii", "6 thang dau nam"; "quy iii nam" before a year); a bare
    "3" or "iii" names a quarter in options, not in a plan's words."""
    if words.isdigit() or words in ("i", "ii", "iii", "iv"):
        return None
    return parse_period(words) or parse_period(words.removesuffix(" nam"))


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    year = int(text)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DeadlineProblem(f"năm {year} phải từ {FIRST_YEAR} đến {LAST_YEAR}")
    return year


def _validated(value: Any) -> Deadline:
    if isinstance(value, Deadline):
        return value
    try:
        return parse_deadline(value)
    except DeadlineProblem as problem:
        raise PydanticCustomError(
            problem.rule, str(problem).replace("{", "{{").replace("}", "}}")
        ) from None


PlanDeadline = Annotated[
    Deadline,
    BeforeValidator(_validated),
    PlainSerializer(lambda deadline: deadline.written, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "minLength": 1,
            "description": "Thời hạn: ngày (30/11/2022, 2022-11-30) hoặc cụm từ như văn bản viết: "
            "'Quý III', '6 tháng đầu năm', 'tháng 10/2022', 'trước ngày 30/11/2022', "
            "'trong năm 2022'.",
        }
    ),
]
"""A deadline in a plan file: read by :func:`parse_deadline`, written back as written."""
