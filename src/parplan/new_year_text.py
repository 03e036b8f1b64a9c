"""The words of a plan moved on a year (``parplan new-year``): the plan's year in its text, and
deadlines as written moved into the new year.

Two rules, one for prose and one for deadlines:

- in prose (title, preamble, theme, targets, outline headings …) the old year as a whole number
  becomes the new one: "năm 2022" → "năm 2023"; a year inside a longer number, a date
  ("ngày 15/7/2022"), a document's number ("142/2022/QĐ-UBND") or a range of years
  ("2021-2025") is left as written, since those cite documents and periods that stay what they
  were;
- in a deadline every day written moves by the years between the plans (29/02 becomes 28/02 when
  the new year has none) and is written dd/mm/yyyy; the old year written alone ("tháng 10/2022",
  "trong năm 2022") becomes the new one; words without a year ("Quý III") stay as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from parplan.dates import format_date

__all__ = ["moved_day", "roll_deadline", "roll_text"]

_DAY = re.compile(r"\b(?:(\d{4})-(\d{2})-(\d{2})|(\d{1,2})/(\d{1,2})/(\d{4}))\b")


def _prose_year(year: int) -> re.Pattern[str]:
    """The year standing alone in prose: not inside a number, a date, a document's number or a
    range of years."""
    return re.compile(rf"(?<![\d/.\-–]){year}(?![\d/]|[.\-–]\d)")


def roll_text(text: str, old: int, new: int, keep: Sequence[str] = ()) -> str:
    """``text`` with the old year, where it stands alone, written as the new one; the passages
    ``keep`` names (the citations of documents already issued: "Kế hoạch số 142/KH-UBND … năm
    2022" is the title of that document, not of the new plan) are left as they are."""
    kept = [passage for passage in keep if passage and passage in text]
    if not kept:
        return _prose_year(old).sub(str(new), text)
    pieces = re.split("(" + "|".join(re.escape(passage) for passage in kept) + ")", text)
    return "".join(
        piece if index % 2 else _prose_year(old).sub(str(new), piece)
        for index, piece in enumerate(pieces)
    )


def moved_day(day: date, years: int) -> date:
    """``day`` moved by ``years`` years; 29/02 becomes 28/02 in a year without it."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 2, 28)


def _moved(match: re.Match[str], years: int) -> str:
    if match[1] is not None:
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    else:
        day, month, year = int(match[4]), int(match[5]), int(match[6])
    try:
        return format_date(moved_day(date(year, month, day), years))
    except ValueError:  # not a day: left as written (validation names it)
        return match[0]


def roll_deadline(written: str, old: int, new: int) -> str:
    """A deadline as written, moved from the plan of ``old`` into the plan of ``new``."""
    years = new - old
    pattern = re.compile(rf"{_DAY.pattern}|(?<!\d){old}(?!\d)")
    return pattern.sub(
        lambda match: _moved(match, years) if match[0] != str(old) else str(new), written
    )
