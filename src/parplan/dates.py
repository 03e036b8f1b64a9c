"""How parplan writes a day for people: dd/mm/yyyy, as Vietnamese documents do.

The one home of that form: templates (the ``vn_date`` filter), terminal views, reports, the site,
the calendar and every message that names a day use :func:`format_date` (or :func:`dmy_text` for
a day, month and year that make no date). No parplan imports, so any module may use it.
"""

from __future__ import annotations

from datetime import date

__all__ = ["dmy_text", "format_date"]


def dmy_text(day: int, month: int, year: int) -> str:
    """dd/mm/yyyy from its parts, also for parts that make no date ("31/02/2022")."""
    return f"{day:02d}/{month:02d}/{year:04d}"


def format_date(value: date | None, missing: str = "…") -> str:
    """dd/mm/yyyy, as Vietnamese documents write dates; ``missing`` when there is no day."""
    return dmy_text(value.day, value.month, value.year) if value is not None else missing
