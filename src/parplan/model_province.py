"""The province file (tinh.yaml): the agencies whose plans a province follows, and where each
agency keeps its plan (a local folder, or a git repository at a branch or tag).

A province's Văn phòng UBND or Sở Nội vụ follows 20–40 agencies (sở, ban, ngành, UBND huyện);
the Bộ Nội vụ could follow 63 provinces. Each agency keeps its plan in its own repository; the
province file only says where, and how the province ranks them.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StringConstraints, model_validator

from parplan.model_document import StrictModel
from parplan.plan_values import Text, UnitCode

__all__ = [
    "AGENCY_KIND_LABELS",
    "PROVINCE_SCHEMA_VERSION",
    "Agency",
    "AgencyKind",
    "PlanSource",
    "Province",
    "ProvinceFile",
    "Ranking",
]

PROVINCE_SCHEMA_VERSION = 1

AgencyKind = Literal[
    "sở", "ban ngành", "ủy ban nhân dân", "văn phòng", "đơn vị sự nghiệp", "cơ quan", "tỉnh",
]  # fmt: skip

AGENCY_KIND_LABELS: dict[str, str] = {
    "sở": "Sở",
    "ban ngành": "Ban, ngành",
    "ủy ban nhân dân": "UBND cấp huyện",
    "văn phòng": "Văn phòng",
    "đơn vị sự nghiệp": "Đơn vị sự nghiệp",
    "cơ quan": "Cơ quan",
    "tỉnh": "Tỉnh",
}
"""Each kind of agency as a heading of the roll-up names it."""

GitRef = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]*$", max_length=200),
    Field(description="Nhánh hoặc thẻ (tag) của kho git: main, v2023.1."),
]
RelativePath = Annotated[
    str,
    StringConstraints(pattern=r"^(?!/)(?!.*(^|/)\.\.(/|$))[^\\\x00]+$", max_length=300),
    Field(description="Thư mục trong kho, đường dẫn tương đối không có '..' (plans)."),
]


class PlanSource(StrictModel):
    """Where an agency keeps its plans folder: a local ``folder``, or a ``git`` repository."""

    # The pattern of ``path`` looks ahead, which only Python's engine does.
    model_config = ConfigDict(**StrictModel.model_config, regex_engine="python-re")

    folder: Text | None = None
    """Thư mục kế hoạch trên máy này; đường dẫn tương đối tính từ thư mục của tệp tỉnh."""
    git: Text | None = None
    """Địa chỉ kho git (https://…, ssh, hoặc đường dẫn kho trên máy); parplan không lưu mật khẩu,
    git tự xử lý việc xác thực."""
    ref: GitRef | None = None
    """Nhánh hoặc thẻ của kho git (mặc định: nhánh mặc định của kho)."""
    path: RelativePath = "plans"
    """Thư mục kế hoạch trong kho git."""

    @model_validator(mode="after")
    def _one_place(self) -> PlanSource:
        if (self.folder is None) == (self.git is None):
            raise ValueError("ghi đúng một trong hai: folder (thư mục) hoặc git (kho git)")
        if self.folder is not None and self.ref is not None:
            raise ValueError("'ref' chỉ dùng với 'git'")
        return self


class Agency(StrictModel):
    code: UnitCode
    """Mã cơ quan, duy nhất trong tệp tỉnh (SNV, SCT, UBND-VL)."""
    name: Text
    """Tên cơ quan (Sở Nội vụ, UBND huyện Văn Lãng)."""
    kind: AgencyKind
    """Loại: sở, ban ngành, ủy ban nhân dân (cấp huyện), văn phòng, đơn vị sự nghiệp, cơ quan, tỉnh."""
    plans: PlanSource
    """Kế hoạch của cơ quan ở đâu."""
    year: Annotated[int, Field(ge=2000, le=2100)] | None = None
    """Năm kế hoạch, khi khác năm của ngày xem (--as-of)."""


class Ranking(StrictModel):
    """How the province ranks its agencies."""

    by: Literal["percent_of_due", "on_time", "overdue"] = "percent_of_due"
    """percent_of_due: tỷ lệ hoàn thành việc đến hạn (cao trước); on_time: tỷ lệ hoàn thành đúng
    hạn của việc đến hạn (cao trước); overdue: số việc quá hạn (ít trước)."""
    basis: Text | None = None
    """Văn bản quy định cách xếp hạng, nếu có."""
    confirmed: bool = False


class Province(StrictModel):
    name: Text
    """Tên tỉnh (hoặc bộ, khi theo dõi nhiều tỉnh): Tỉnh Lạng Sơn."""
    office: Text | None = None
    """Cơ quan theo dõi: Văn phòng UBND tỉnh, Sở Nội vụ."""
    ranking: Ranking = Ranking()
    agencies: Annotated[list[Agency], Field(min_length=1, max_length=10000)]


class ProvinceFile(StrictModel):
    """A province file as written: ``schema_version`` and ``province``."""

    schema_version: Literal[1]
    """Phiên bản định dạng tệp tỉnh: 1."""
    province: Province
