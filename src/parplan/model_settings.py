"""The settings of a plan folder (cai-dat.yaml): the reporting rule (data cut-off, when reports
are due), the office's calendar, the office that issues the documents parplan renders, and what a
periodic report says that the plan does not."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from parplan.model_document import Signature, StrictModel
from parplan.periods import DataWindowRule
from parplan.plan_values import REPORT_SYMBOL_PATTERN, PlanDate, Text

__all__ = [
    "CalendarDay",
    "CalendarSettings",
    "OfficeSettings",
    "ReportSettings",
    "ReportingSettings",
]


class ReportingSettings(StrictModel):
    basis: Text | None = None
    """Quy định về thời gian chốt số liệu và thời hạn gửi báo cáo."""
    window_start_day: Annotated[int, Field(ge=1, le=31)] = 15
    """Ngày bắt đầu kỳ số liệu (trong tháng trước tháng đầu kỳ, xem window_start_months_before)."""
    window_start_months_before: Annotated[int, Field(ge=0, le=12)] = 1
    """Kỳ số liệu bắt đầu từ tháng nào: số tháng trước tháng đầu tiên của kỳ (1: tháng trước)."""
    window_end_day: Annotated[int, Field(ge=1, le=31)] = 14
    """Ngày chốt số liệu trong tháng cuối kỳ."""
    submit_within_working_days: Annotated[int, Field(ge=0, le=60)] = 2
    """Hạn gửi báo cáo: số ngày làm việc sau ngày chốt số liệu."""
    confirmed: bool = False
    """Văn phòng đã xác nhận các quy định trên chưa."""

    @property
    def window_rule(self) -> DataWindowRule:
        return DataWindowRule(
            start_day=self.window_start_day,
            start_months_before=self.window_start_months_before,
            end_day=self.window_end_day,
        )


class CalendarDay(StrictModel):
    date: PlanDate
    reason: Text | None = None


class CalendarSettings(StrictModel):
    extra_days_off: list[CalendarDay] = []
    """Ngày nghỉ thêm của cơ quan, ngoài thứ Bảy, Chủ nhật và ngày lễ, Tết."""
    extra_working_days: list[CalendarDay] = []
    """Ngày làm việc bù (hoán đổi ngày làm việc) rơi vào thứ Bảy, Chủ nhật."""
    confirmed: bool = True
    """Văn phòng đã xác nhận các ngày trên chưa (false: lịch của năm mới do parplan new-year lập,
    ngày nghỉ riêng của cơ quan chờ xác nhận)."""


class OfficeSettings(StrictModel):
    """The office that issues the documents parplan renders from this folder (its periodic
    reports and the plan document), as its documents' header writes it (Nghị định 30/2020/NĐ-CP,
    Phụ lục I: the issuing body's name in full, under its governing body)."""

    governing_body: Text | None = None
    """Dòng cơ quan chủ quản ở góc trái tiêu đề, như in (ví dụ UBND TỈNH QUẢNG NGÃI); null: theo
    plan.issuer.governing_body và plan.province."""
    name: Text | None = None
    """Tên cơ quan ban hành, viết đầy đủ như in dưới dòng cơ quan chủ quản (ví dụ VĂN PHÒNG);
    null: plan.issuer.name."""
    place: Text | None = None
    """Địa danh ở dòng ngày tháng (…, ngày … tháng … năm …); null: plan.province, không có thì để
    trống (…)."""
    code: Text | None = None
    """Chữ viết tắt tên cơ quan trong ký hiệu văn bản (Số: …/BC-VP, …/KH-VP); null:
    plan.issuer.code."""
    filing: Text | None = None
    """Dòng lưu ở cuối Nơi nhận, sau "Lưu:" (ví dụ "VT, HCTC"); null: chỉ "VT"."""
    confirmed: bool = False
    """Văn phòng đã xác nhận các thông tin trên chưa."""


class ReportSettings(StrictModel):
    """What a periodic report says that the plan does not: to whom it goes, who receives copies,
    its number's symbol, its subject, who signs it."""

    subject: Text | None = None
    """Trích yếu của báo cáo, trước tên kỳ (ví dụ "Kết quả thực hiện Kế hoạch nâng cao PAR Index
    và SIPAS"); null: "Kết quả thực hiện" và tên Kế hoạch."""
    number_suffix: Annotated[Text, Field(pattern=REPORT_SYMBOL_PATTERN)] | None = None
    """Ký hiệu của báo cáo sau số (Số: …/BC-VP); null: BC- và chữ viết tắt của cơ quan."""
    addressees: list[Text] = []
    """Kính gửi: nơi báo cáo gửi lên (UBND tỉnh, Sở Nội vụ)."""
    distribution: list[Text] = []
    """Nơi nhận, mỗi dòng một nơi, như sẽ in (ví dụ "UBND tỉnh (b/c)"); dòng "Lưu: …" cuối cùng
    lấy từ office.filing, không ghi ở đây."""
    signature: Signature | None = None
    """Người ký báo cáo; null: người ký Kế hoạch."""
    confirmed: bool = False
    """Văn phòng đã xác nhận các thông tin trên chưa."""
