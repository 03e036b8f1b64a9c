"""A statistics table read through one of the plan's ``imports`` mappings: the measurements it
gives, each with its provenance, or the reasons it does not match — all of them, each naming
the file and its row or column. A file that does not match gives nothing.

Columns are found by their names in the header row (``header_row``), compared without case,
diacritics, spacing or punctuation ("Số hồ sơ đúng hạn" = "SỐ HỒ SƠ ĐÚNG HẠN"); a name not found
is told with the names the header holds and the closest one. A row's period
(:func:`period_in`) must be of the plan's year; numbers are read with the mapping's decimal sign.
An empty row is skipped, and so is a total row ("Tổng cộng"); an indicator whose cells are all
empty in a row gives no value for that period.
"""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass
from datetime import date, datetime, time

from parplan.model_measurements import ColumnMapping, ImportMapping, Measurement, MeasurementSource
from parplan.periods import Period, parse_period
from parplan.statistics_table import Cell, StatisticsProblem, Table, column_letter
from parplan.text import closest, fold

__all__ = ["MAX_PROBLEMS_SHOWN", "ImportedFile", "number_in", "period_in", "read_statistics"]

MAX_PROBLEMS_SHOWN = 20
"""The most problems a refusal lists (it says how many more there are)."""

_TOTAL_ROWS = {"tong", "tong cong", "cong", "tong so", "tong cong toan tinh"}


@dataclass(frozen=True, slots=True)
class ImportedFile:
    """What a statistics file gives through a mapping."""

    table: Table
    mapping: ImportMapping
    measurements: tuple[Measurement, ...]
    skipped: tuple[str, ...] = ()
    """Rows left out and why ("dòng 9: dòng tổng cộng")."""


@dataclass(frozen=True, slots=True)
class _Column:
    name: str
    """The name as the mapping writes it."""
    index: int


def read_statistics(table: Table, mapping: ImportMapping, year: int, on: date) -> ImportedFile:
    """The measurements ``table`` gives through ``mapping`` for the plan's ``year``, recorded as
    imported ``on``; :class:`StatisticsProblem` listing every mismatch otherwise."""
    indicators = [column.indicator for column in mapping.columns]
    twice = sorted({code for code in indicators if indicators.count(code) > 1})
    if twice:
        raise StatisticsProblem(
            f"cách đọc '{mapping.id}' ghi chỉ tiêu {', '.join(twice)} hơn một lần: mỗi chỉ tiêu "
            "một cột (hoặc một cặp tử số, mẫu số)"
        )
    where = f"tệp '{table.name}'" + (f", trang tính '{table.sheet}'" if table.sheet else "")
    header = _header(table, mapping, where)
    period_column = _find(header, mapping.period_column, mapping, where)
    columns = [
        (
            column,
            {role: _find(header, name, mapping, where) for role, name in _roles(column, mapping)},
        )
        for column in mapping.columns
    ]
    problems: list[str] = []
    measurements: list[Measurement] = []
    skipped: list[str] = []
    seen: dict[Period, int] = {}
    source = MeasurementSource(
        file=table.name, sha256=table.sha256, imported_on=on, mapping=mapping.id
    )
    used = [period_column.index, *(found.index for _, by in columns for found in by.values())]
    for number in range(mapping.header_row + 1, len(table.rows) + 1):
        row = table.rows[number - 1]
        if all(_cell(row, index) is None for index in used):
            continue
        cell = _cell(row, period_column.index)
        if isinstance(cell, str) and fold(cell) in _TOTAL_ROWS:
            skipped.append(f"dòng {number}: dòng tổng cộng ('{cell}')")
            continue
        place = f"dòng {number}, cột '{period_column.name}' ({column_letter(period_column.index)})"
        period, problem = period_in(cell, year)
        if period is None:
            problems.append(f"{place}: {problem}")
            continue
        if period in seen:
            problems.append(
                f"dòng {seen[period]} và dòng {number} cùng ghi kỳ {period.value} "
                f"({period.label}): mỗi kỳ một dòng; bỏ một dòng hoặc sửa kỳ"
            )
            continue
        seen[period] = number
        row_source = source.model_copy(update={"row": number})
        for column, found in columns:
            value = _measurement(
                row,
                number,
                column=column,
                found=found,
                period=period,
                mapping=mapping,
                source=row_source,
            )
            if isinstance(value, Measurement):
                measurements.append(value)
            elif value is not None:
                problems.append(value)
    if problems:
        raise _mismatch(where, mapping, problems)
    return ImportedFile(table, mapping, tuple(measurements), tuple(skipped))


def _roles(column: ColumnMapping, mapping: ImportMapping) -> list[tuple[str, str]]:
    """The columns a column mapping reads, by role: the value, or the numerator and the
    denominator (or all three)."""
    roles = [
        (role, name)
        for role, name in (
            ("value", column.value),
            ("numerator", column.numerator),
            ("denominator", column.denominator),
        )
        if name is not None
    ]
    counts = {role for role, _ in roles} & {"numerator", "denominator"}
    if len(counts) == 1 or not roles:
        raise StatisticsProblem(
            f"cách đọc '{mapping.id}', chỉ tiêu {column.indicator}: ghi 'value' (cột có sẵn giá "
            "trị) hoặc cả 'numerator' và 'denominator' (cột tử số, cột mẫu số)"
        )
    return roles


def _header(table: Table, mapping: ImportMapping, where: str) -> tuple[str, ...]:
    if len(table.rows) < mapping.header_row:
        raise StatisticsProblem(
            f"{where} có {len(table.rows)} dòng, không có dòng tiêu đề {mapping.header_row} "
            f"(header_row của cách đọc '{mapping.id}')"
        )
    return tuple("" if cell is None else str(cell) for cell in table.rows[mapping.header_row - 1])


_SPACES = re.compile(r"\s+")


def _shown(name: str) -> str:
    return _SPACES.sub(" ", name).strip()


def _find(header: tuple[str, ...], name: str, mapping: ImportMapping, where: str) -> _Column:
    """The column of the header named ``name`` (compared folded); its absence or a name found
    twice is refused, naming what the header holds."""
    matches = [index for index, cell in enumerate(header) if cell and fold(cell) == fold(name)]
    if len(matches) == 1:
        return _Column(name, matches[0])
    row = mapping.header_row
    if matches:
        letters = " và ".join(column_letter(index) for index in matches)
        raise StatisticsProblem(
            f"{where}, dòng tiêu đề {row}: có {len(matches)} cột tên '{name}' (cột {letters}): "
            f"cách đọc '{mapping.id}' không biết lấy cột nào; đổi tên một cột"
        )
    names = [_shown(cell) for cell in header if cell]
    near = closest(name, names, cutoff=0.5)
    listed = "; ".join(f"'{cell}'" for cell in names) or "(dòng trống)"
    hint = f"; gần nhất: '{near}' (nếu cột đã đổi tên, sửa cách đọc '{mapping.id}')" if near else ""
    raise StatisticsProblem(
        f"{where}, dòng tiêu đề {row}: không có cột '{name}' mà cách đọc '{mapping.id}' cần; "
        f"các cột có: {listed}{hint}"
    )


def _cell(row: tuple[Cell, ...], index: int) -> Cell:
    return row[index] if index < len(row) else None


def _measurement(
    row: tuple[Cell, ...],
    number: int,
    *,
    column: ColumnMapping,
    found: dict[str, _Column],
    period: Period,
    mapping: ImportMapping,
    source: MeasurementSource,
) -> Measurement | str | None:
    """The measurement of ``column`` in this row; a problem; None when its cells are empty."""
    values: dict[str, float | None] = {}
    for role, at in found.items():
        read, problem = number_in(_cell(row, at.index), mapping.decimal)
        if problem is not None:
            return f"dòng {number}, cột '{at.name}' ({column_letter(at.index)}): {problem}"
        values[role] = read
    if all(value is None for value in values.values()):
        return None
    missing = [found[role] for role, value in values.items() if value is None]
    if missing:
        return (
            f"dòng {number}, cột '{missing[0].name}' ({column_letter(missing[0].index)}): ô trống "
            f"trong khi các cột khác của chỉ tiêu {column.indicator} có số"
        )
    numerator, denominator = values.get("numerator"), values.get("denominator")
    value = values.get("value")
    if numerator is not None and denominator is not None:
        at = found["denominator"]
        place = f"dòng {number}, cột '{at.name}' ({column_letter(at.index)})"
        if denominator == 0:
            return (
                f"{place}: mẫu số bằng 0, không tính được tỷ lệ của chỉ tiêu {column.indicator} "
                f"kỳ {period.value}"
            )
        if numerator > denominator:
            return (
                f"{place}: tử số {_figure(numerator)} (cột '{found['numerator'].name}') lớn hơn "
                f"mẫu số {_figure(denominator)}: tỷ lệ quá 100%"
            )
        if value is None:
            value = round(numerator / denominator * 100, 2)
    assert value is not None
    return Measurement(
        indicator=column.indicator,
        period=period,
        value=_whole(value),
        numerator=None if numerator is None else _whole(numerator),
        denominator=None if denominator is None else _whole(denominator),
        unit=column.unit,
        source=source,
    )


def _whole(value: float) -> float:
    """A whole number as an int (written 120, not 120.0)."""
    return int(value) if float(value).is_integer() else value


def _figure(value: float) -> str:
    return f"{_whole(value)}".replace(".", ",")


def _mismatch(where: str, mapping: ImportMapping, problems: list[str]) -> StatisticsProblem:
    shown = problems[:MAX_PROBLEMS_SHOWN]
    more = len(problems) - len(shown)
    lines = "".join(f"\n  - {problem}" for problem in shown)
    tail = f"\n  … và {more} lỗi nữa" if more else ""
    return StatisticsProblem(
        f"{where} không khớp cách đọc '{mapping.id}' ({len(problems)} lỗi), không ghi số liệu "
        f"nào:{lines}{tail}"
    )


_NUMBER = {
    ",": re.compile(r"-?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?"),
    ".": re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"),
}


def number_in(cell: Cell, decimal: str) -> tuple[float | None, str | None]:
    """The number a cell holds (None when empty), or why it holds none. Text is read with the
    decimal sign ``decimal`` (``,``: 1.234,5; ``.``: 1,234.5), spaces and a final % allowed."""
    if cell is None:
        return None, None
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return _checked(float(cell))
    if not isinstance(cell, str):
        return None, f"'{cell}' là ngày, giờ, không phải số"
    text = cell.replace("\u00a0", "").replace(" ", "").removesuffix("%")
    if not _NUMBER[decimal].fullmatch(text):
        other = "." if decimal == "," else ","
        hint = (
            f" (cách đọc dùng dấu thập phân '{decimal}'; số này viết dấu '{other}'?)"
            if _NUMBER[other].fullmatch(text)
            else ""
        )
        return None, f"'{cell}' không phải số{hint}"
    thousands = "." if decimal == "," else ","
    return _checked(float(text.replace(thousands, "").replace(decimal, ".")))


def _checked(value: float) -> tuple[float | None, str | None]:
    if not math.isfinite(value):
        return None, "không phải số"
    if value < 0:
        return None, f"số âm ({_figure(value)}): số hồ sơ, số thủ tục, tỷ lệ không âm"
    return value, None


_DAY = re.compile(r"\b(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\b")
_MONTH_YEAR = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{4})|(\d{4})\s*[/.-]\s*(\d{1,2})")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


def period_in(cell: Cell, year: int) -> tuple[Period | None, str]:
    """The period a cell names, in the plan's ``year``: "Quý 1", "Q1", "Quý I/2022", "Tháng 3",
    "T3", "03/2022", "6 tháng", "9 tháng", "Năm 2022", "Từ 01/01/2022 đến 31/03/2022" (whole
    calendar months), or a day of a month (a month Excel turned into a date); or why not."""
    if cell is None:
        return None, "ô kỳ trống: ghi kỳ của dòng (Quý I, Tháng 3, 6 tháng, Năm…)"
    if isinstance(cell, datetime | date):
        return _of_year(Period(f"T{cell.month}"), cell.year, year, str(cell))
    if isinstance(cell, int | float | time):
        return None, (
            f"'{cell}' không rõ là kỳ nào (tháng {cell} hay quý {cell}?): ghi 'Tháng …' hoặc "
            "'Quý …'"
        )
    text = cell
    days = _DAY.findall(text)
    if days:
        return _range(days, year, text)
    month_year = _MONTH_YEAR.fullmatch(text.strip())
    if month_year:
        month, held = (
            (month_year[1], month_year[2]) if month_year[1] else (month_year[4], month_year[3])
        )
        if not 1 <= int(month) <= 12:
            return None, f"'{text}': không có tháng {int(month)}"
        return _of_year(Period(f"T{int(month)}"), int(held), year, text)
    folded = fold(text)
    years = {int(found) for found in _YEAR.findall(folded)}
    words = _YEAR.sub(" ", folded).split()
    period = parse_period(" ".join(words)) or (
        parse_period(" ".join(words[:-1])) if len(words) > 1 and words[-1] == "nam" else None
    )
    if period is None or words in (["1"], ["2"], ["3"], ["4"]):
        if words and all(word.isdigit() for word in words):
            return None, f"'{text}' không rõ là kỳ nào: ghi 'Tháng {words[0]}' hoặc 'Quý …'"
        return None, (
            f"không đọc được kỳ '{text}': ghi Quý I (Q1), Tháng 3 (T3, 03/{year}), 6 tháng, "
            "9 tháng, Năm"
        )
    if len(years) > 1:
        return None, f"'{text}' ghi nhiều năm: mỗi dòng một kỳ của một năm"
    held_year = years.pop() if years else year
    return _of_year(period, held_year, year, text)


def _of_year(period: Period, held: int, year: int, text: str) -> tuple[Period | None, str]:
    if held != year:
        return None, f"kỳ '{text}' thuộc năm {held}, không phải năm {year} của kế hoạch"
    return period, ""


def _range(days: list[tuple[str, str, str]], year: int, text: str) -> tuple[Period | None, str]:
    """A period written as the days it runs from and to: whole calendar months of one year."""
    if len(days) != 2:
        return None, (
            f"'{text}' là một ngày, không phải một kỳ: ghi kỳ (Quý I, Tháng 3…) hoặc 'từ ngày … "
            "đến ngày …'"
        )
    (day1, month1, year1), (day2, month2, year2) = (
        (int(day), int(month), int(held)) for day, month, held in days
    )
    if {year1, year2} != {year}:
        return None, f"kỳ '{text}' không nằm trong năm {year} của kế hoạch"
    last = calendar.monthrange(year, month2)[1] if 1 <= month2 <= 12 else 0
    found = next(
        (period for period in Period if period.months == (month1, month2)),
        None,
    )
    if found is None or day1 != 1 or day2 != last:
        return None, (
            f"'{text}' không phải một kỳ báo cáo (từ ngày đầu tháng đến ngày cuối tháng của "
            "tháng, quý, 6 tháng, 9 tháng, năm)"
        )
    return found, ""
