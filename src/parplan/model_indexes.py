"""The indexes a plan aims to raise, as data: their structure (PAR Index lĩnh vực, tiêu chí,
tiêu chí thành phần; SIPAS khía cạnh, yếu tố; PAPI, PCI, the 766/QĐ-TTg service index …), the
plan's targets of every kind, and results (last year's, as the plan states them, and this
year's when they are known).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field

from parplan.model_document import StrictModel
from parplan.plan_values import (
    ClauseRef,
    CriterionCode,
    CriterionRef,
    IndexCode,
    PlanDate,
    TaskId,
    Text,
)

__all__ = [
    "Assessment",
    "Comparator",
    "IndexItem",
    "IndexResult",
    "Measure",
    "PlanIndex",
    "Target",
    "TargetBaseline",
    "TargetField",
    "split_criterion",
]

PAR = "PAR"
SIPAS = "SIPAS"


def split_criterion(ref: str) -> tuple[str, str | None]:
    """``"PAR 1.1.2"`` as ``("PAR", "1.1.2")``, ``"PAPI"`` as ``("PAPI", None)``."""
    index, _, code = ref.partition(" ")
    return index, code or None


Points = Annotated[float, Field(ge=0, le=1000)]


class IndexItem(StrictModel):
    code: CriterionCode
    """Mã: lĩnh vực 1, tiêu chí 1.1, tiêu chí thành phần 1.1.2 (mã con bắt đầu bằng mã cha)."""
    name: Text
    short_name: Text | None = None
    """Tên ngắn, cho bảng và biểu đồ."""
    confirmed: bool = False
    """Tên và vị trí của mục này đã được xác nhận theo văn bản quy định bộ chỉ số chưa."""
    source: Text | None = None
    max_points: Points | None = None
    """Điểm tối đa; null khi chưa biết."""
    max_confirmed: bool = False
    """Điểm tối đa đã được xác nhận theo văn bản quy định chưa (chưa: không trình bày như số
    chính thức)."""
    unit: Text | None = None
    """Đơn vị của giá trị đo (điểm, %); null: điểm."""
    formula: Text | None = None
    """Cách tính của chỉ tiêu đo được (tử số / mẫu số × 100%), nếu văn bản nêu."""
    items: list[IndexItem] = []
    """Các tiêu chí (thành phần) bên dưới."""

    @property
    def label(self) -> str:
        return self.short_name or self.name

    def walk(self) -> Iterator[IndexItem]:
        yield self
        for item in self.items:
            yield from item.walk()


class PlanIndex(StrictModel):
    code: IndexCode
    """Mã chỉ số dùng trong criteria, targets, results: PAR, SIPAS, PAPI, PCI …"""
    name: Text
    """Tên chỉ số."""
    basis: Text | None = None
    """Văn bản quy định bộ chỉ số (Quyết định 876/QĐ-BNV …)."""
    confirmed: bool = False
    source: Text | None = None
    version: Text | None = None
    """Phiên bản của bộ chỉ số (năm bắt đầu áp dụng: 2022)."""
    levels: list[Text] = []
    """Tên các cấp, từ ngoài vào trong: [lĩnh vực, tiêu chí, tiêu chí thành phần]."""
    max_points: Points | None = None
    """Tổng điểm tối đa (100); null khi chưa biết."""
    max_confirmed: bool = False
    """Tổng điểm tối đa đã được xác nhận theo văn bản quy định chưa."""
    unit: Text | None = None
    """Đơn vị của giá trị chỉ số (điểm, %); null: điểm."""
    ranked_of: Annotated[int, Field(ge=1, le=1000)] | None = None
    """Số đơn vị được xếp hạng (63 tỉnh, thành phố): thứ hạng phải trong khoảng 1 đến số này."""
    notes: list[Text] = []
    """Những điều về bộ chỉ số văn bản nêu mà cấu trúc trên chưa thể hiện (cơ cấu điểm, số tiêu
    chí thành phần theo từng nguồn)."""
    items: list[IndexItem] = []
    """Lĩnh vực (khía cạnh), mỗi lĩnh vực có tiêu chí, tiêu chí thành phần."""

    def walk(self) -> Iterator[IndexItem]:
        for item in self.items:
            yield from item.walk()

    def find(self, code: str) -> IndexItem | None:
        return next((item for item in self.walk() if item.code == code), None)


Measure = Literal["completion_rate", "value", "rank", "rank_change"]
Comparator = Literal[">=", "<=", ">", "<", "="]


class Target(StrictModel):
    id: TaskId
    text: Text
    """Chỉ tiêu, nguyên văn."""
    source: ClauseRef | None = None
    """Mục của kế hoạch nêu chỉ tiêu; null khi nguồn không cho biết mục."""
    measure: Measure = "completion_rate"
    """Đại lượng: completion_rate (tỷ lệ nhiệm vụ hoàn thành), value (giá trị chỉ số, tỷ lệ),
    rank (thứ hạng), rank_change (số bậc tăng so với năm trước)."""
    index: CriterionRef | None = None
    """Chỉ số hoặc tiêu chí được đo ('PAR', 'SIPAS', 'DVC766 4'); không dùng cho completion_rate."""
    comparator: Comparator = ">="
    """So sánh kết quả với mức: >=, <=, >, <, =. Thứ hạng 'trong nhóm 35' là <= 35."""
    value: Annotated[float, Field(ge=-1000, le=1000)]
    """Mức phải đạt."""
    unit: Text | None = None
    """Đơn vị của mức khi hiển thị: %, điểm, bậc."""
    baseline: TargetBaseline | None = None
    """Kết quả năm trước mà chỉ tiêu xuất phát từ đó."""
    to_confirm: list[TargetField] = []
    """Những gì được suy ra (parplan new-year), chờ Văn phòng xác nhận."""


TargetField = Literal["text", "value", "baseline", "source"]


class TargetBaseline(StrictModel):
    """What the target starts from: the result of an earlier year."""

    year: Annotated[int, Field(ge=2000, le=2100)]
    """Năm của kết quả."""
    value: Annotated[float, Field(ge=-1000, le=100000)]
    """Giá trị (điểm, tỷ lệ %, thứ hạng) năm đó."""
    source: Text
    """Kết quả lấy từ đâu (kết quả công bố, tỷ lệ hoàn thành đến 31/12 của năm đó)."""


Assessment = Literal["published", "self"]


class IndexResult(StrictModel):
    index: CriterionRef
    """Chỉ số hoặc tiêu chí: 'PAR', 'SIPAS', 'PAR 3'."""
    year: Annotated[int, Field(ge=2000, le=2100)]
    """Năm của kết quả (kết quả năm 2021 là mốc so sánh của kế hoạch năm 2022)."""
    value: Annotated[float, Field(ge=-1000, le=100000)] | None = None
    """Giá trị (87,11 cho 87,11%)."""
    unit: Text | None = None
    rank: Annotated[int, Field(ge=1, le=1000)] | None = None
    """Thứ hạng."""
    of: Annotated[int, Field(ge=1, le=1000)] | None = None
    """Thứ hạng trên tổng số (63 tỉnh, thành phố)."""
    group: Text | None = None
    """Nhóm xếp loại, nếu văn bản ghi (nhóm B)."""
    max_value: Points | None = None
    """Điểm tối đa như văn bản công bố ghi (khi khác điểm tối đa của bộ chỉ số, ví dụ điểm
    thẩm định 54,2/61,5)."""
    assessment: Assessment = "published"
    """published: kết quả được công bố (ghi source là số, ngày văn bản); self: tự đánh giá."""
    known_on: PlanDate | None = None
    """Ngày kết quả được công bố; trước ngày này, kết quả chưa có."""
    source: Text | None = None
    """Kết quả lấy từ đâu (văn bản, đoạn)."""
