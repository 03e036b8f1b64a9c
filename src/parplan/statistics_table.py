"""An exported statistics file (CSV or XLSX) read as a table of cells, safely and bounded.

What ``parplan import`` reads comes from outside the plan: a one-stop system's export, the
public-service portal's statistics, a file someone mailed. It is read as plan files are read
(:mod:`parplan.file_reading`: never through a link, never blocking, at most
:data:`MAX_FILE_BYTES`), hashed (SHA-256 of exactly the bytes read), then:

- CSV: UTF-8 with or without a byte-order mark; UTF-16 with a byte-order mark (Excel's "Unicode
  text"), or without one when its zero bytes show it; otherwise Windows-1258 (Vietnamese Windows
  code page), said in :attr:`Table.encoding`. The delimiter is the one of ``;``, tab and ``,``
  the header line holds most of.
- XLSX: the zip is checked before any XML is parsed — at most :data:`MAX_ZIP_ENTRIES` entries,
  at most :data:`MAX_UNCOMPRESSED_BYTES` once uncompressed (the sizes the entries declare, which
  bound what Python's zip reader returns), no DTD in any XML part (no entity expansion, no
  external entity) — then read by openpyxl in read-only mode with the values Excel last computed
  (``data_only``) and without external links; a number shown as a percentage reads as the
  percentage (0,955 shown 95,5% is 95.5), as CSV exports and plan files write rates.

At most :data:`MAX_ROWS` rows and the first :data:`MAX_COLUMNS` columns are read; a file with
more rows is refused, never cut short.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import os
import re
import stat
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from parplan.errors import EXIT_PROBLEMS, ParplanError, UsageProblem
from parplan.file_reading import READ_FLAGS, read_at_most
from parplan.text import closest, fold

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

__all__ = [
    "MAX_COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "MAX_UNCOMPRESSED_BYTES",
    "Cell",
    "StatisticsProblem",
    "Table",
    "column_letter",
    "read_table",
]

MAX_FILE_BYTES = 20 * 1024 * 1024
"""The largest statistics file read (20 MB): an export of a year's figures is far smaller."""
MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024
"""The most an XLSX file may hold once uncompressed (64 MB): a zip bomb is refused unread."""
MAX_ZIP_ENTRIES = 2_000
MAX_ROWS = 10_000
"""The most rows read from a statistics file (header included)."""
MAX_COLUMNS = 200
"""Only the first columns are read: a column mapped further right is not found."""

Cell = str | int | float | date | datetime | time | None
"""A cell's value: text (NFC, trimmed; empty text is None), a number, a day or a time."""


class StatisticsProblem(ParplanError):
    """A statistics file that cannot be read or does not match its mapping: nothing is recorded.
    Exit 1, as for a plan with problems; the message names the file and the row or column."""

    exit_code = EXIT_PROBLEMS


@dataclass(frozen=True, slots=True)
class Table:
    """The cells of one sheet of a statistics file, row by row (``rows[0]`` is row 1)."""

    name: str
    """The file's name, without its folder."""
    sha256: str
    """SHA-256 of the file's bytes, as read."""
    kind: str
    """``csv`` or ``xlsx``."""
    rows: tuple[tuple[Cell, ...], ...]
    sheet: str | None = None
    """The sheet read (XLSX)."""
    encoding: str | None = None
    """How a CSV file was decoded: UTF-8, UTF-16, Windows-1258."""


def column_letter(index: int) -> str:
    """The spreadsheet name of the column at ``index`` (0-based): A, B, …, Z, AA."""
    letters = ""
    number = index + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def read_table(path: Path, sheet: str | None = None, header_row: int = 1) -> Table:
    """The table of the statistics file at ``path``: its sheet ``sheet`` (XLSX; the first when
    None) or its rows (CSV, delimiter read from line ``header_row``)."""
    data = _read_bytes(path)
    digest = hashlib.sha256(data).hexdigest()
    name = path.name
    if data.startswith(b"PK\x03\x04"):
        title, rows = _xlsx_rows(data, name, sheet)
        return Table(name, digest, "xlsx", rows, sheet=title)
    _refuse_other_formats(data, name, path.suffix.lower())
    text, encoding = _decode(data, name)
    return Table(name, digest, "csv", _csv_rows(text, name, header_row), encoding=encoding)


def _read_bytes(path: Path) -> bytes:
    try:
        handle = os.open(path, READ_FLAGS)
    except FileNotFoundError:
        raise UsageProblem(f"không tìm thấy tệp số liệu '{path}'") from None
    except OSError as error:
        if path.is_symlink():
            raise UsageProblem(
                f"'{path}' là liên kết tượng trưng: parplan không đọc qua liên kết; chỉ ra tệp thật"
            ) from None
        raise UsageProblem(f"không đọc được '{path}': {error.strerror}") from None
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise UsageProblem(f"'{path}' không phải tệp thường")
        data = read_at_most(handle, MAX_FILE_BYTES)
    finally:
        os.close(handle)
    if data is None:
        raise StatisticsProblem(
            f"tệp '{path.name}' quá lớn (hơn {MAX_FILE_BYTES // 1024 // 1024} MB): tệp số liệu "
            "xuất từ hệ thống một cửa nhỏ hơn nhiều; chỉ xuất kỳ cần nhập"
        )
    return data


def _refuse_other_formats(data: bytes, name: str, suffix: str) -> None:
    """An Excel 97–2003 workbook, or a web page saved with an Excel name (as some systems export),
    is not read: say how to save it."""
    save = "mở bằng Excel rồi lưu lại dạng .xlsx (Excel Workbook) hoặc CSV UTF-8"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise StatisticsProblem(f"tệp '{name}' là tệp Excel 97–2003 (.xls), không đọc được: {save}")
    head = data[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")):
        raise StatisticsProblem(
            f"tệp '{name}' là trang web (HTML/XML) đặt tên như tệp Excel, không đọc được: {save}"
        )
    if suffix in (".xlsx", ".xlsm", ".xls"):
        raise StatisticsProblem(f"tệp '{name}' không phải tệp Excel đọc được: {save}")


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was read in."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", name, "UTF-8"), "UTF-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", name, "UTF-16"), "UTF-16"
    sample = data[:4096]
    if sample.count(0) * 4 > len(sample):  # UTF-16 without its mark: every other byte is 0
        little = sample[1::2].count(0) > sample[0::2].count(0)
        codec = "utf-16-le" if little else "utf-16-be"
        return _strict(data, codec, name, "UTF-16"), "UTF-16"
    try:
        return unicodedata.normalize("NFC", data.decode("utf-8")), "UTF-8"
    except UnicodeDecodeError:
        pass
    # Windows-1258 writes tones as combining marks: NFC makes them the letters plan files hold.
    return _strict(data, "cp1258", name, "Windows-1258"), "Windows-1258"


def _strict(data: bytes, codec: str, name: str, shown: str) -> str:
    try:
        return unicodedata.normalize("NFC", data.decode(codec))
    except UnicodeDecodeError as error:
        raise StatisticsProblem(
            f"tệp '{name}' không đọc được theo bảng mã {shown} (byte thứ {error.start + 1}): "
            "lưu lại tệp dạng CSV UTF-8"
        ) from None


_QUOTED = re.compile(r'"[^"]*"')


def _delimiter(text: str, header_row: int) -> str:
    """The delimiter the header line uses most: ``;`` (Excel where the decimal sign is a
    comma), tab, or ``,``."""
    lines = text.splitlines()
    line = _QUOTED.sub("", lines[header_row - 1] if len(lines) >= header_row else "")
    counts = {delimiter: line.count(delimiter) for delimiter in (";", "\t", ",")}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _csv_rows(text: str, name: str, header_row: int) -> tuple[tuple[Cell, ...], ...]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text, header_row))
    rows: list[tuple[Cell, ...]] = []
    try:
        for record in reader:
            if len(rows) >= MAX_ROWS:
                raise _too_many_rows(name)
            rows.append(tuple(_text_cell(cell) for cell in record[:MAX_COLUMNS]))
    except csv.Error as error:
        raise StatisticsProblem(
            f"tệp '{name}', dòng {reader.line_num}: không đọc được dạng CSV ({error})"
        ) from None
    return tuple(rows)


def _too_many_rows(name: str) -> StatisticsProblem:
    return StatisticsProblem(
        f"tệp '{name}' có hơn {MAX_ROWS:,} dòng".replace(",", ".")
        + ": tệp số liệu theo kỳ không dài như vậy; chỉ xuất các kỳ cần nhập"
    )


def _text_cell(value: str) -> str | None:
    text = unicodedata.normalize("NFC", value).strip()
    return text or None


def _check_zip(data: bytes, name: str) -> None:
    """Refuse, before any XML is parsed, an XLSX file that would take too much to open (a zip
    bomb) or whose XML declares a DTD (entities)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise StatisticsProblem(
            f"tệp '{name}' không phải tệp XLSX đọc được (tệp zip hỏng)"
        ) from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise StatisticsProblem(
                f"tệp '{name}' có {len(entries)} phần (tối đa {MAX_ZIP_ENTRIES}): không đọc"
            )
        total = sum(entry.file_size for entry in entries)
        if total > MAX_UNCOMPRESSED_BYTES:
            megabytes = total // 1024 // 1024
            raise StatisticsProblem(
                f"tệp '{name}' khi giải nén lớn {megabytes} MB (tối đa "
                f"{MAX_UNCOMPRESSED_BYTES // 1024 // 1024} MB): không đọc; tệp số liệu thật nhỏ "
                "hơn nhiều"
            )
        for entry in entries:
            if entry.filename.endswith((".xml", ".rels")) and _declares_dtd(archive, entry):
                raise StatisticsProblem(
                    f"tệp '{name}' có phần '{entry.filename}' khai báo DTD (<!DOCTYPE>), điều tệp "
                    "Excel không bao giờ có: không đọc"
                )


def _declares_dtd(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bool:
    tail = b""
    try:
        with archive.open(entry) as stream:
            while chunk := stream.read(1 << 16):
                window = (tail + chunk).lower()
                if b"<!doctype" in window or b"<!entity" in window:
                    return True
                tail = chunk[-16:]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return True  # unreadable: refuse it rather than hand it to the XML parser
    return False


def _xlsx_rows(
    data: bytes, name: str, sheet: str | None
) -> tuple[str, tuple[tuple[Cell, ...], ...]]:
    """The title and rows of the sheet ``sheet`` (else the first) of an XLSX file."""
    _check_zip(data, name)
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns of styles and extensions it skips
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
        except Exception as error:  # a hostile or broken file may fail anywhere inside openpyxl
            raise StatisticsProblem(
                f"tệp '{name}' không phải tệp XLSX đọc được ({type(error).__name__})"
            ) from None
        try:
            worksheet = _sheet(book, name, sheet)
            return worksheet.title, _sheet_rows(worksheet, name)
        finally:
            book.close()


def _sheet(book: Workbook, name: str, sheet: str | None) -> ReadOnlyWorksheet:
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    sheets = [item for item in book.worksheets if isinstance(item, ReadOnlyWorksheet)]
    titles = [item.title for item in sheets]
    if not sheets:
        raise StatisticsProblem(f"tệp '{name}' không có trang tính nào")
    if sheet is None:
        return sheets[0]
    for wanted in (lambda title: title == sheet, lambda title: fold(title) == fold(sheet)):
        found = [item for item in sheets if wanted(item.title)]
        if found:
            return found[0]
    near = closest(sheet, titles)
    hint = f"; gần nhất: '{near}'" if near else ""
    listed = ", ".join(f"'{title}'" for title in titles)
    raise StatisticsProblem(
        f"tệp '{name}' không có trang tính '{sheet}'; các trang tính: {listed}{hint}"
    )


def _sheet_rows(worksheet: ReadOnlyWorksheet, name: str) -> tuple[tuple[Cell, ...], ...]:
    worksheet.reset_dimensions()  # the size a file states may be wrong: read what it holds
    rows: list[tuple[Cell, ...]] = []
    try:
        # The stubs type iter_rows for Worksheet only; ReadOnlyWorksheet has the same signature.
        # Cells, not values: a value's number format says whether it is shown as a percentage.
        for cells in worksheet.iter_rows(max_col=MAX_COLUMNS):  # type: ignore[misc]
            if len(rows) >= MAX_ROWS:
                raise _too_many_rows(name)
            rows.append(_trimmed(tuple(_xlsx_cell(cell) for cell in cells)))
    except StatisticsProblem:
        raise
    except Exception as error:  # malformed sheet XML, cut short, …
        raise StatisticsProblem(
            f"tệp '{name}', trang tính '{worksheet.title}', sau dòng {len(rows)}: không đọc "
            f"được ({type(error).__name__})"
        ) from None
    return tuple(rows)


def _xlsx_cell(cell: object) -> Cell:
    """A cell's value; a number shown as a percentage (0,955 shown 95,5%) as the percentage,
    which is how plan files and CSV exports write rates."""
    value = getattr(cell, "value", None)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if "%" in str(getattr(cell, "number_format", None) or ""):
            return round(value * 100, 10)
        return value
    if isinstance(value, bool):  # TRUE/FALSE: text, never the number 1 or 0
        return str(value).upper()
    if value is None or isinstance(value, date | datetime | time):
        return value
    if isinstance(value, Decimal):
        return float(value)
    return _text_cell(str(value))


def _trimmed(row: tuple[Cell, ...]) -> tuple[Cell, ...]:
    end = len(row)
    while end and row[end - 1] is None:
        end -= 1
    return row[:end]
