"""The filters every template has besides Jinja's own: ``vn_date``, ``percent`` and ``md``.

They also serve Python code that writes the same text (the terminal views, the diff, the report's
rows), so a date or a percentage reads the same everywhere.
"""

from __future__ import annotations

import re
from datetime import date

__all__ = ["format_date", "format_percent", "md_escape"]


def format_date(value: date | None, missing: str = "…") -> str:
    """dd/mm/yyyy, as Vietnamese documents write dates."""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}" if value is not None else missing


def format_percent(value: float) -> str:
    """42,9% or 100%: Vietnamese decimal comma, no decimals for whole numbers."""
    if value == int(value):
        return f"{int(value)}%"
    return f"{value:.1f}".replace(".", ",") + "%"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md_escape(value: object) -> str:
    """Plan text as literal Markdown: one line, special characters escaped, no HTML."""
    text = " ".join(str(value).split())
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return text.replace("<", "&lt;")
