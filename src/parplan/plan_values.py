"""The values plan files write, and the base of every plan model: dates (dd/mm/yyyy or ISO),
text, unit codes, task ids, clause references, statuses, supporting units.

Each is a pydantic annotated type with its JSON Schema and a Vietnamese error; the models of
:mod:`parplan.model` are built from them.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    Field,
    PlainSerializer,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from parplan.dates import dmy_text

__all__ = [
    "ALL_UNITS",
    "DATE_PATTERN",
    "FIRST_YEAR",
    "GROUP_KIND",
    "LAST_YEAR",
    "NOT_IN_ALL",
    "PATTERN_NAMES",
    "REPORT_SYMBOL_PATTERN",
    "ClauseRef",
    "CriterionCode",
    "CriterionRef",
    "IndexCode",
    "LeadUnits",
    "PlanDate",
    "Status",
    "SupportUnits",
    "TaskId",
    "Text",
    "UnitCode",
    "UnitKind",
    "parse_plan_date",
]

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_VN_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
FIRST_YEAR, LAST_YEAR = 2000, 2100
"""The years a plan date may fall in: far wider than any plan, narrow enough for date arithmetic."""
DATE_PATTERN = r"^(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})$"


def _braces(text: str) -> str:
    """Text shown inside a pydantic error message, which formats ``{…}`` itself."""
    return text.replace("{", "{{").replace("}", "}}")


def parse_plan_date(value: object) -> date:
    """Parse a date as plan files write it: ``2022-09-14`` or ``14/09/2022`` (dd/mm/yyyy).

    Nothing else is guessed: ``09/14/2022`` or ``14-9-22`` are errors, as is a day that does not
    exist (``30/02/2022``).
    """
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError("invalid-date", "ngày phải viết dạng dd/mm/yyyy hoặc yyyy-mm-dd")
    text = value.strip()
    if match := _ISO_DATE.match(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _VN_DATE.match(text):
        day, month, year = (int(part) for part in match.groups())
    else:
        raise PydanticCustomError(
            "invalid-date",
            f"'{_braces(text)}' không phải là ngày: viết dạng dd/mm/yyyy (14/09/2022) hoặc yyyy-mm-dd",
        )
    try:
        parsed = date(year, month, day)
    except ValueError:
        raise PydanticCustomError(
            "invalid-date", f"ngày {dmy_text(day, month, year)} không tồn tại"
        ) from None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise PydanticCustomError(
            "invalid-date",
            f"ngày {dmy_text(day, month, year)}: năm phải từ {FIRST_YEAR} đến {LAST_YEAR}",
        )
    return parsed


PlanDate = Annotated[
    date,
    BeforeValidator(parse_plan_date),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": DATE_PATTERN,
            "description": "Ngày, dạng dd/mm/yyyy (14/09/2022) hoặc yyyy-mm-dd (2022-09-14).",
        }
    ),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
UnitCode = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-zĐđ][A-Za-z0-9Đđ._-]*$", max_length=32),
    Field(description="Mã đơn vị trong danh mục đơn vị (departments), ví dụ HCTC."),
]
TaskId = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=64),
    Field(description="Mã nhiệm vụ, không đổi trong suốt năm (ví dụ GP-B)."),
]
CLAUSE_PATTERN = r"^([A-ZĐ]+|[0-9]+|[a-zđ])(\.([A-ZĐ]+|[0-9]+|[a-zđ]))*$"
INDEX_PATTERN = r"^[A-Z][A-Z0-9-]*$"
CRITERION_CODE_PATTERN = r"^[0-9]+(\.[0-9]+)*$"
CRITERION_PATTERN = r"^[A-Z][A-Z0-9-]*( [0-9]+(\.[0-9]+)*)?$"
REPORT_SYMBOL_PATTERN = r"^BC(-[^\s/]+)*$"
"""A report's symbol (ký hiệu): BC, then '-' and the office's abbreviation (BC-VP)."""

PATTERN_NAMES = {
    REPORT_SYMBOL_PATTERN: "ký hiệu báo cáo (BC, rồi '-' và chữ viết tắt của cơ quan: BC-VP)",
    CLAUSE_PATTERN: "mục của kế hoạch như văn bản đánh số (ví dụ II.2.d, III.2, B.II.3, 1.1)",
    INDEX_PATTERN: "mã chỉ số (chữ in hoa không dấu, số, '-': PAR, SIPAS, PAPI)",
    CRITERION_CODE_PATTERN: "mã lĩnh vực, tiêu chí (số, nối bằng dấu chấm: 1, 1.1, 1.1.2)",
    CRITERION_PATTERN: "chỉ số và mã tiêu chí (ví dụ PAR 1.1.2, SIPAS 2, PAPI)",
}
"""What each pattern of a plan value asks for, in words (for error messages)."""
ClauseRef = Annotated[
    str,
    StringConstraints(pattern=CLAUSE_PATTERN, max_length=32),
    Field(
        description="Mục của văn bản kế hoạch mà nhiệm vụ xuất phát, như văn bản đánh số: II.2.d, "
        "B.II.3, 1.1."
    ),
]
CriterionRef = Annotated[
    str,
    StringConstraints(pattern=CRITERION_PATTERN, max_length=48),
    Field(
        description="Chỉ số, hoặc lĩnh vực, tiêu chí, tiêu chí thành phần của nó theo mã: 'PAR 1.1.2', "
        "'SIPAS 2', 'PAPI'."
    ),
]
IndexCode = Annotated[
    str,
    StringConstraints(pattern=INDEX_PATTERN, max_length=16),
    Field(description="Mã chỉ số: PAR, SIPAS, PAPI, PCI, DVC766…"),
]
CriterionCode = Annotated[
    str,
    BeforeValidator(lambda value: str(value) if isinstance(value, int) else value),
    StringConstraints(pattern=CRITERION_CODE_PATTERN, max_length=32),
    Field(description="Mã lĩnh vực, tiêu chí, tiêu chí thành phần: 1, 1.1, 1.1.2."),
]
Status = Literal["not_started", "in_progress", "done"]
UnitKind = Literal[
    "phòng", "ban", "trung tâm", "lãnh đạo", "bên ngoài", "sở", "ban ngành", "ủy ban nhân dân",
    "văn phòng", "đơn vị sự nghiệp", "cơ quan", "nhóm",
]  # fmt: skip
GROUP_KIND = "nhóm"
"""A group named as a whole ("các sở, ban, ngành", "UBND các huyện, thành phố")."""
NOT_IN_ALL: frozenset[str] = frozenset({"lãnh đạo", "bên ngoài", GROUP_KIND})
"""Kinds of unit that ``support: all`` does not take in."""
ALL_UNITS = "all"


def _lead_units(value: Any) -> Any:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not value:
        raise PydanticCustomError(
            "wrong-type", "phải là mã một đơn vị chủ trì hoặc danh sách mã các đơn vị chủ trì"
        )
    return value


LeadUnits = Annotated[
    tuple[UnitCode, ...],
    BeforeValidator(_lead_units),
    PlainSerializer(lambda leads: leads[0] if len(leads) == 1 else list(leads)),
    WithJsonSchema(
        {
            "description": "Đơn vị chủ trì: mã một đơn vị, hoặc danh sách khi nhiều đơn vị cùng chủ "
            "trì.",
            "oneOf": [
                {"type": "string", "minLength": 1},
                {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
            ],
        }
    ),
]


def _support_units(value: Any) -> Any:
    if value == ALL_UNITS:
        return [ALL_UNITS]
    if not isinstance(value, list):
        raise PydanticCustomError(
            "wrong-type", "phải là 'all' (tất cả các đơn vị) hoặc danh sách mã đơn vị"
        )
    return value


SupportUnits = Annotated[
    tuple[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)], ...],
    BeforeValidator(_support_units),
    WithJsonSchema(
        {
            "description": "Đơn vị phối hợp: danh sách mã đơn vị, trong đó 'all' là tất cả các "
            "phòng, ban, trung tâm; hoặc chỉ 'all'.",
            "oneOf": [
                {"const": "all"},
                {"type": "array", "items": {"type": "string", "minLength": 1}},
            ],
        }
    ),
]
