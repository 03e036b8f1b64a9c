"""Options shared by several commands, declared once: names, Vietnamese help, placeholders.

Short flags mean one thing everywhere: ``-O`` is ``--output``, ``-d`` is ``--department``,
``-o`` is ``--occurrence`` (``update``), ``-s`` is ``--status``, ``-q`` is ``--quarter``.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from parplan.formats import ALIASES, COMMAND_FORMATS

__all__ = [
    "SETTINGS",
    "AsOfOption",
    "DepartmentOption",
    "PlansOption",
    "YearOption",
    "as_of",
    "format_option",
    "output_option",
    "use_cache",
]

SETTINGS = {"cache": True}
"""Set by the group's own options (``--no-cache``) for the command that runs."""

PlansOption = Annotated[
    Path,
    typer.Option(
        "--plans",
        envvar="PARPLAN_PLANS",
        metavar="THƯ_MỤC",
        help="Thư mục kế hoạch (mặc định: plans/ trong thư mục hiện tại, hoặc biến PARPLAN_PLANS).",
        show_default=False,
    ),
]
YearOption = Annotated[
    int | None,
    typer.Option(
        "--year",
        metavar="NĂM",
        help="Năm kế hoạch, khi thư mục có kế hoạch của nhiều năm (mặc định: năm của --as-of "
        "nếu có kế hoạch năm đó, rồi năm nay nếu có, không thì năm mới nhất).",
        show_default=False,
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="NGÀY",
        help="Ngày xem tình hình, YYYY-MM-DD hoặc dd/mm/yyyy (mặc định: hôm nay).",
        show_default=False,
    ),
]
DepartmentOption = Annotated[
    str | None,
    typer.Option(
        "--department",
        "-d",
        metavar="ĐƠN_VỊ",
        help="Đơn vị: mã hoặc tên, không phân biệt hoa thường và dấu (hctc, 'Hành chính - Tổ chức').",
        show_default=False,
    ),
]


ForceOption = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Ghi đè tệp kết quả đã có (không có --force: tệp đã có được giữ nguyên, lệnh dừng "
        "với mã 1).",
    ),
]


def output_option(help_text: str) -> Any:
    """``--output``/``-O``: the file a command writes; ``-`` is standard output."""
    return typer.Option("--output", "-O", metavar="TỆP", help=help_text, show_default=False)


def format_option(command: str, notes: str = "") -> Any:
    """``--format`` of ``command``, its choices from the registry :data:`COMMAND_FORMATS`."""
    formats = COMMAND_FORMATS[command]
    old = [name for name in ALIASES if name in {member.value for member in formats.choices}]
    if old:
        notes += f" ({', '.join(old)}: tên cũ của text)"
    help_text = f"Dạng: {', '.join(formats.names)}{notes}."
    return typer.Option("--format", metavar="DẠNG", help=help_text, show_default=False)


def as_of(text: str | None) -> date:
    """The day ``--as-of`` names; today when not given."""
    from parplan.periods import option_date

    return option_date("--as-of", text) or date.today()


def use_cache() -> bool:
    return SETTINGS["cache"] and os.environ.get("PARPLAN_NO_CACHE", "") in ("", "0")
