"""The plan as data: pydantic models of plan files and of the assembled plan.

A plan folder holds several YAML files; each file is a :class:`PlanFile` with any of its sections
(``plan``, ``departments``, ``par_fields``, ``sipas_factors``, ``reporting``, ``calendar``,
``targets``, ``tasks``). The loader merges the files of a folder into one :class:`Plan`.

Models check shape and types only (the values they are built from, dates, codes, ids, are in
:mod:`parplan.plan_values`); rules across fields and files live in :mod:`parplan.rules`, so that
one run reports every problem with its own place.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from parplan.periods import DataWindowRule, Period
from parplan.plan_values import (
    ALL_UNITS,
    STATUS_LABELS,
    ClauseRef,
    PlanDate,
    Status,
    SupportUnits,
    TaskId,
    Text,
    UnitCode,
    UnitKind,
    parse_plan_date,
)
from parplan.text import fold

__all__ = [
    "ALL_UNITS",
    "STATUS_LABELS",
    "CalendarDay",
    "CalendarSettings",
    "Extension",
    "IssuingBody",
    "OccurrenceProgress",
    "ParField",
    "Plan",
    "PlanDocument",
    "PlanFile",
    "Progress",
    "ReferencedDocument",
    "ReportingSettings",
    "Signature",
    "SipasFactor",
    "Solution",
    "Status",
    "Target",
    "Task",
    "Unit",
    "parse_plan_date",
]


class StrictModel(BaseModel):
    """Base of every plan model: unknown keys are errors, instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


# --- The plan document (văn bản kế hoạch) ---------------------------------------------------------


class IssuingBody(StrictModel):
    governing_body: Text | None = None
    """Cơ quan chủ quản, in trên dòng đầu góc trái (ví dụ UBND TỈNH …); null nếu chưa biết."""
    name: Text
    """Tên cơ quan ban hành (Văn phòng UBND tỉnh)."""
    code: Text | None = None
    """Chữ viết tắt của cơ quan trong ký hiệu văn bản (Số: …/BC-VP); null nếu chưa biết."""


class ReferencedDocument(StrictModel):
    citation: Text
    """Trích dẫn nguyên văn như trong kế hoạch."""
    number: Text | None = None
    """Số, ký hiệu (142/KH-UBND)."""
    date: PlanDate | None = None
    """Ngày ban hành."""
    issuer: Text | None = None
    """Cơ quan ban hành."""


class Solution(StrictModel):
    letter: Annotated[str, StringConstraints(pattern=r"^[a-zđ]$")]
    """Chữ cái của điểm theo thứ tự tiếng Việt: a, b, c, d, đ, e, g, h, i, k (không có f, j)."""
    text: Text
    """Toàn văn của giải pháp."""


class Signature(StrictModel):
    authority: Literal["KT.", "TM.", "TL.", "TUQ.", "Q."] | None = None
    """Quyền hạn ký: KT. (ký thay), TM. (thay mặt), TL. (thừa lệnh), TUQ. (thừa ủy quyền), Q. (quyền)."""
    head_title: Text | None = None
    """Chức vụ của người đứng đầu sau quyền hạn ký (CHÁNH VĂN PHÒNG)."""
    title: Text
    """Chức vụ của người ký (PHÓ CHÁNH VĂN PHÒNG)."""
    name: Text
    """Họ và tên người ký."""


class PlanDocument(StrictModel):
    year: Annotated[int, Field(ge=2000, le=2100)]
    """Năm kế hoạch."""
    document_type: Text = "Kế hoạch"
    """Tên loại văn bản."""
    title: Text
    """Trích yếu nội dung."""
    issuer: IssuingBody
    province: Text | None = None
    """Tên tỉnh; null khi văn bản gốc không ghi."""
    number: Text | None = None
    """Số, ký hiệu của kế hoạch; null khi văn bản gốc không ghi."""
    issued_on: PlanDate | None = None
    """Ngày ban hành kế hoạch; null khi văn bản gốc không ghi."""
    basis: list[ReferencedDocument] = []
    """Căn cứ ban hành."""
    preamble: Text
    """Đoạn mở đầu, nguyên văn."""
    theme: Text | None = None
    """Chủ đề CCHC của năm."""
    purposes: list[Text] = []
    """I.1. Mục đích."""
    requirements: list[Text] = []
    """I.2. Yêu cầu."""
    objectives: Text | None = None
    """II.1. Mục tiêu, nhiệm vụ."""
    solutions_intro: Text | None = None
    """II.2. Câu dẫn của mục Giải pháp."""
    solutions: list[Solution] = []
    """II.2. Các giải pháp a), b), …"""
    organization: list[Text] = []
    """III. Tổ chức thực hiện: các khoản 1, 2, …"""
    recipients: list[Text] = []
    """Nơi nhận, mỗi dòng một mục."""
    signature: Signature
    appendix_note: Text | None = None
    """Phụ lục nhiệm vụ trong thư mục này được lập thế nào (ví dụ: dựng lại, không phải bản gốc)."""

    @property
    def display_name(self) -> str:
        """ "Kế hoạch Nâng cao …", without saying "Kế hoạch" twice when the title starts with it."""
        if fold(self.title).startswith(fold(self.document_type)):
            return self.title
        return f"{self.document_type} {self.title}"

    def earliest_issue_date(self) -> date | None:
        """When the plan was issued or, when the text does not say, the date it cannot have been
        issued before: that of its newest basis document."""
        if self.issued_on is not None:
            return self.issued_on
        basis_dates = [doc.date for doc in self.basis if doc.date is not None]
        return max(basis_dates) if basis_dates else None

    def clauses(self) -> set[str]:
        """The clause references tasks may cite: I.1, I.2, II.1, II.2, II.2.a … III.n."""
        refs = {"I", "I.1", "I.2", "II", "II.1", "II.2", "III"}
        refs.update(f"II.2.{solution.letter}" for solution in self.solutions)
        refs.update(f"III.{number}" for number in range(1, len(self.organization) + 1))
        return refs


# --- Registries --------------------------------------------------------------------------------------


class Unit(StrictModel):
    model_config = ConfigDict(title="Department")  # its name in the plan files' schema
    code: UnitCode
    name: Text
    """Tên đầy đủ bằng tiếng Việt."""
    kind: UnitKind
    """Loại: phòng, ban, trung tâm, lãnh đạo, bên ngoài (đơn vị ngoài Văn phòng)."""
    aliases: list[Text] = []
    """Các cách gọi khác, dùng khi tìm đơn vị theo tên."""
    confirmed: bool = False
    """Văn phòng đã xác nhận tên và mã đơn vị này chưa."""
    source: Text | None = None
    """Nguồn của tên đơn vị."""


class ParField(StrictModel):
    code: Annotated[int, Field(ge=1, le=20)]
    """Số thứ tự lĩnh vực của Chỉ số CCHC (PAR Index) cấp tỉnh."""
    name: Text
    short_name: Text | None = None
    confirmed: bool = False
    source: Text | None = None


class SipasFactor(StrictModel):
    code: Annotated[int, Field(ge=1, le=20)]
    """Số thứ tự yếu tố của Chỉ số SIPAS."""
    name: Text
    confirmed: bool = False
    source: Text | None = None


# --- Settings ----------------------------------------------------------------------------------------


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


# --- Goals and tasks (phụ lục) -----------------------------------------------------------------------


class Target(StrictModel):
    id: TaskId
    text: Text
    """Chỉ tiêu, nguyên văn."""
    source: ClauseRef
    measure: Literal["completion_rate"] = "completion_rate"
    """Đại lượng đo: completion_rate = tỷ lệ nhiệm vụ hoàn thành."""
    value: Annotated[float, Field(ge=0, le=100)]
    """Mức phải đạt, tính bằng phần trăm."""


class Extension(StrictModel):
    deadline: PlanDate
    """Thời hạn mới."""
    reason: Text
    """Lý do gia hạn."""
    decided_on: PlanDate | None = None
    document: Text | None = None
    """Văn bản cho phép gia hạn."""


class Progress(StrictModel):
    status: Status = "not_started"
    """Trạng thái: not_started (chưa thực hiện), in_progress (đang thực hiện), done (hoàn thành)."""
    done_on: PlanDate | None = None
    """Ngày hoàn thành."""
    evidence: list[Text] = []
    """Tài liệu kiểm chứng, ví dụ số văn bản: Báo cáo số 123/BC-VP ngày 16/9/2022."""
    notes: list[Text] = []
    """Ghi chú, tồn tại, hạn chế, khó khăn."""
    extensions: list[Extension] = []
    """Các lần gia hạn, theo thứ tự; thời hạn cũ vẫn giữ trong lịch sử."""


class OccurrenceProgress(Progress):
    deadline: PlanDate | None = None
    """Thời hạn riêng của kỳ này, thay cho thời hạn tính theo quy định báo cáo."""


class Recurrence(StrictModel):
    periods: Annotated[list[Period], Field(min_length=1)]
    """Các kỳ thực hiện: Q1–Q4 (quý), H1/H2 (6 tháng), 9M (9 tháng), Y (năm)."""


TaskField = Literal[
    "title", "source", "par_field", "sipas_factor", "lead", "support", "deadline", "recurrence",
    "output",
]  # fmt: skip


class Task(StrictModel):
    id: TaskId
    title: Text
    """Tên nhiệm vụ."""
    source: ClauseRef
    par_field: Annotated[int, Field(ge=1)]
    """Lĩnh vực Chỉ số CCHC (mã trong par_fields)."""
    sipas_factor: Annotated[int, Field(ge=1)] | None = None
    """Yếu tố SIPAS liên quan (mã trong sipas_factors), nếu có."""
    lead: UnitCode
    """Đơn vị chủ trì."""
    support: SupportUnits = ()
    deadline: PlanDate | None = None
    """Thời hạn hoàn thành (nhiệm vụ một lần)."""
    recurrence: Recurrence | None = None
    """Nhiệm vụ định kỳ: mỗi kỳ là một lần thực hiện, có tiến độ riêng."""
    continuous: bool = False
    """Nhiệm vụ thường xuyên: không bao giờ quá hạn."""
    carried_over: bool = False
    """Nhiệm vụ chuyển tiếp: thời hạn được phép nằm ngoài năm kế hoạch."""
    output: Text
    """Sản phẩm, kết quả dự kiến."""
    progress: Progress | None = None
    """Tiến độ (nhiệm vụ một lần hoặc thường xuyên không chia kỳ)."""
    occurrences: dict[Period, OccurrenceProgress] = {}
    """Tiến độ của từng kỳ (nhiệm vụ định kỳ), theo mã kỳ."""
    to_confirm: list[TaskField] = []
    """Các trường được suy ra, chờ Văn phòng xác nhận."""

    def progress_records(self) -> list[tuple[Period | None, Progress, date | None]]:
        """Progress as recorded: the task's own (period None), then each period's, with the
        deadline stated for it (the task's deadline, or the occurrence's override)."""
        records: list[tuple[Period | None, Progress, date | None]] = []
        if self.progress is not None:
            records.append((None, self.progress, self.deadline))
        records += [
            (period, record, record.deadline) for period, record in self.occurrences.items()
        ]
        return records

    def supporting_units(self, registry: tuple[Unit, ...]) -> tuple[str, ...]:
        """Codes of the supporting units, 'all' expanded to every internal unit but the lead."""
        codes: list[str] = []
        for code in self.support:
            if code == ALL_UNITS:
                codes.extend(
                    unit.code
                    for unit in registry
                    if unit.kind in ("phòng", "ban", "trung tâm") and unit.code != self.lead
                )
            else:
                codes.append(code)
        return tuple(dict.fromkeys(codes))


class PlanFile(StrictModel):
    """Một tệp YAML trong thư mục kế hoạch của parplan. Mọi phần đều không bắt buộc; cả thư mục
    là một kế hoạch."""

    model_config = ConfigDict(title="Tệp kế hoạch parplan")

    plan: PlanDocument | None = None
    """Văn bản kế hoạch (đúng một tệp trong thư mục có phần này)."""
    departments: list[Unit] = []
    """Danh mục đơn vị."""
    par_fields: list[ParField] = []
    """Các lĩnh vực của Chỉ số CCHC (PAR Index) cấp tỉnh."""
    sipas_factors: list[SipasFactor] = []
    """Các yếu tố của Chỉ số SIPAS."""
    reporting: ReportingSettings | None = None
    """Quy định kỳ báo cáo: thời gian chốt số liệu, thời hạn gửi."""
    calendar: CalendarSettings | None = None
    """Lịch làm việc riêng của cơ quan."""
    targets: list[Target] = []
    """Chỉ tiêu."""
    tasks: list[Task] = []
    """Nhiệm vụ (phụ lục)."""


SECTIONS: tuple[str, ...] = tuple(PlanFile.model_fields)


class Plan(BaseModel):
    """A whole plan: every section of every file of one plan folder, validated."""

    model_config = ConfigDict(frozen=True)

    folder: Path | None = Field(default=None, exclude=True)
    """The plan folder the plan was read from (for the office's own templates)."""
    document: PlanDocument
    departments: tuple[Unit, ...] = ()
    par_fields: tuple[ParField, ...] = ()
    sipas_factors: tuple[SipasFactor, ...] = ()
    reporting: ReportingSettings = ReportingSettings()
    calendar: CalendarSettings = CalendarSettings()
    targets: tuple[Target, ...] = ()
    tasks: tuple[Task, ...] = ()

    @property
    def year(self) -> int:
        return self.document.year

    def unit(self, code: str) -> Unit | None:
        return next((unit for unit in self.departments if unit.code == code), None)
