"""Indicators measured during the year (chỉ tiêu đo được: tỷ lệ hồ sơ đúng hạn, tỷ lệ TTHC công bố
đúng hạn …), each value of a period with where it came from, and the mappings that read them from
the statistics an office exports from its one-stop system or the public-service portal.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from parplan.model_document import StrictModel
from parplan.periods import Period
from parplan.plan_values import CriterionRef, PlanDate, TaskId, Text

__all__ = ["ColumnMapping", "ImportMapping", "Measurement", "MeasurementSource"]

Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class MeasurementSource(StrictModel):
    """Where a measured value came from."""

    file: Text
    """Tên tệp đã nhập (không kèm thư mục)."""
    sha256: Sha256
    """Mã băm SHA-256 của tệp, để biết đúng tệp nào."""
    imported_on: PlanDate
    """Ngày nhập."""
    mapping: TaskId | None = None
    """Tên cách đọc (imports) đã dùng."""
    row: Annotated[int, Field(ge=1)] | None = None
    """Dòng của tệp có số liệu."""


class Measurement(StrictModel):
    indicator: CriterionRef
    """Chỉ tiêu đo được, theo mã trong bộ chỉ số: 'DVC766 2.1'."""
    period: Period
    """Kỳ của số liệu: T1–T12, Q1–Q4, H1, H2, 9M, Y."""
    value: float
    """Giá trị (tỷ lệ thì tính theo %: 95,5)."""
    numerator: Annotated[float, Field(ge=0)] | None = None
    """Tử số, nếu tính từ hai số."""
    denominator: Annotated[float, Field(ge=0)] | None = None
    """Mẫu số, nếu tính từ hai số."""
    unit: Text | None = None
    source: MeasurementSource | None = None
    """Nguồn: tệp đã nhập; null khi Văn phòng ghi tay."""


class ColumnMapping(StrictModel):
    indicator: CriterionRef
    """Chỉ tiêu nhận số liệu: 'DVC766 2.1'."""
    value: Text | None = None
    """Tên cột có sẵn giá trị (tỷ lệ %)."""
    numerator: Text | None = None
    """Tên cột tử số (giá trị = tử số / mẫu số × 100)."""
    denominator: Text | None = None
    """Tên cột mẫu số."""
    unit: Text | None = "%"


class ImportMapping(StrictModel):
    """How to read one kind of exported statistics file: which row holds the column names, which
    column says the period, and which columns feed which indicator."""

    id: TaskId
    """Tên cách đọc, dùng với 'parplan import --mapping'."""
    description: Text | None = None
    sheet: Text | None = None
    """Tên trang tính (XLSX); null: trang đầu."""
    header_row: Annotated[int, Field(ge=1, le=100)] = 1
    """Dòng có tên cột."""
    period_column: Text
    """Tên cột ghi kỳ (Quý 1, Q1, Tháng 3, T3, 6 tháng, Năm)."""
    columns: Annotated[list[ColumnMapping], Field(min_length=1)]
    decimal: Literal[",", "."] = ","
    """Dấu thập phân của số viết thành chữ trong tệp CSV (1.234,5 hay 1,234.5)."""
