"""The filters every template has besides Jinja's own: ``vn_date``, ``percent`` and ``md``.

They also serve Python code that writes the same text (the terminal views, the diff, the report's
rows), so a date or a percentage reads the same everywhere. ``vn_date`` is
:func:`parplan.dates.format_date`, the one way parplan writes a day.
"""

from __future__ import annotations

import re

from parplan.dates import format_date

__all__ = ["format_date", "format_percent", "md_escape"]


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
