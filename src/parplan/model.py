"""The plan as data: pydantic models of plan files and of the assembled plan.

A plan folder holds several YAML files; each file is a :class:`PlanFile` with any of its sections
(``plan``, ``departments``, ``indexes``, ``reporting``, ``calendar``, ``office``, ``report``,
``targets``, ``results``, ``tasks``) and its ``schema_version``. The loader merges the files of a folder into one :class:`Plan`.

Models check shape and types only (the values they are built from, dates, codes, ids, are in
:mod:`parplan.plan_values`); rules across fields and files live in :mod:`parplan.rules`, so that
one run reports every problem with its own place.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from parplan.deadlines import PlanDeadline
from parplan.model_document import (
    IssuingBody,
    OnBehalf,
    OutlineHeading,
    PlanDocument,
    ReferencedDocument,
    Signature,
    Solution,
    StrictModel,
)
from parplan.model_indexes import PAR, IndexItem, IndexResult, PlanIndex, Target, split_criterion
from parplan.model_measurements import ImportMapping, Measurement
from parplan.model_progress import (
    CarriedOver,
    Correction,
    DatedText,
    Extension,
    Note,
    OccurrenceProgress,
    Progress,
)
from parplan.model_settings import (
    CalendarDay,
    CalendarSettings,
    OfficeSettings,
    ReportingSettings,
    ReportSettings,
)
from parplan.periods import Period
from parplan.plan_values import (
    ALL_UNITS,
    NOT_IN_ALL,
    ClauseRef,
    CriterionRef,
    LeadUnits,
    PlanDate,
    Status,
    SupportUnits,
    TaskId,
    Text,
    UnitCode,
    UnitKind,
    parse_plan_date,
)

__all__ = [
    "ALL_UNITS",
    "SCHEMA_VERSION",
    "CalendarDay",
    "CalendarSettings",
    "CarriedFrom",
    "CarriedOver",
    "Correction",
    "DatedText",
    "Extension",
    "Funding",
    "ImportMapping",
    "IndexItem",
    "IndexResult",
    "IssuingBody",
    "Measurement",
    "Note",
    "OccurrenceProgress",
    "OfficeSettings",
    "OnBehalf",
    "OutlineHeading",
    "Plan",
    "PlanDocument",
    "PlanFile",
    "PlanIndex",
    "Progress",
    "ReferencedDocument",
    "ReportSettings",
    "ReportingSettings",
    "Signature",
    "Solution",
    "Status",
    "Target",
    "Task",
    "TaskPart",
    "Unit",
    "parse_plan_date",
]

SCHEMA_VERSION = 2
"""The plan file format this parplan reads (``schema_version`` in every plan file)."""


# --- Registries --------------------------------------------------------------------------------------


class Unit(StrictModel):
    model_config = ConfigDict(title="Department")  # its name in the plan files' schema
    code: UnitCode
    name: Text
    """Tên đầy đủ bằng tiếng Việt."""
    kind: UnitKind
    """Loại: phòng, ban, trung tâm, lãnh đạo, bên ngoài, sở, ban ngành, ủy ban nhân dân, văn phòng,
    đơn vị sự nghiệp, cơ quan, nhóm (các đơn vị được giao chung, như "các sở, ban, ngành")."""
    aliases: list[Text] = []
    """Các cách gọi khác, dùng khi tìm đơn vị theo tên."""
    members: list[UnitCode] = []
    """Với một nhóm (kind: nhóm): mã các đơn vị thuộc nhóm, nếu kế hoạch kể ra."""
    confirmed: bool = False
    """Văn phòng đã xác nhận tên và mã đơn vị này chưa."""
    source: Text | None = None
    """Nguồn của tên đơn vị."""


# --- Settings ----------------------------------------------------------------------------------------


# --- Goals and tasks (phụ lục) -----------------------------------------------------------------------


class Recurrence(StrictModel):
    periods: Annotated[list[Period], Field(min_length=1)]
    """Các kỳ thực hiện: T1–T12 (tháng), Q1–Q4 (quý), H1/H2 (6 tháng), 9M (9 tháng), Y (năm)."""


class Funding(StrictModel):
    source: Text
    """Nguồn kinh phí: ngân sách tỉnh, nguồn chi thường xuyên được giao …"""
    amount: Annotated[int, Field(ge=0, le=10**15)] | None = None
    """Số tiền, đồng; null khi văn bản không ghi."""
    note: Text | None = None


TaskField = Literal[
    "title", "source", "criteria", "lead", "support", "deadline", "recurrence", "output",
    "funding", "parts",
]  # fmt: skip


class CarriedFrom(StrictModel):
    """Where work carried over from an earlier year's plan came from (parplan new-year)."""

    year: Annotated[int, Field(ge=2000, le=2100)]
    """Năm kế hoạch cũ."""
    id: TaskId
    """Mã nhiệm vụ (phần việc) trong kế hoạch năm cũ."""
    deadline: PlanDate | None = None
    """Thời hạn đang áp dụng trong năm cũ (sau các lần gia hạn), nếu có."""
    reason: Text | None = None
    """Lý do chuyển, như đã ghi khi chuyển (update --carry-over)."""


class TaskPart(StrictModel):
    """A part of a task (nhiệm vụ con), with its own lead, deadline and output."""

    id: TaskId
    """Mã phần việc, duy nhất giữa các nhiệm vụ và phần việc (GP-B-1)."""
    title: Text
    lead: LeadUnits | None = None
    """Đơn vị chủ trì; mặc định là đơn vị chủ trì nhiệm vụ."""
    support: SupportUnits | None = None
    """Đơn vị phối hợp; mặc định như nhiệm vụ."""
    deadline: PlanDeadline | None = None
    """Thời hạn; mặc định là thời hạn của nhiệm vụ."""
    output: Text | None = None
    """Sản phẩm; mặc định như nhiệm vụ."""
    funding: list[Funding] = []
    carried_from: CarriedFrom | None = None
    """Phần việc chuyển từ kế hoạch năm trước, khi chỉ phần việc này được chuyển."""
    progress: Progress | None = None
    to_confirm: list[TaskField] = []


class Task(StrictModel):
    id: TaskId
    title: Text
    """Tên nhiệm vụ."""
    source: ClauseRef
    criteria: list[CriterionRef] = []
    """Chỉ số, lĩnh vực, tiêu chí, tiêu chí thành phần mà nhiệm vụ nhằm nâng cao: PAR 1.1.2,
    SIPAS 2, PAPI."""
    lead: LeadUnits
    """Đơn vị chủ trì: một mã, hoặc danh sách khi nhiều đơn vị cùng chủ trì."""
    support: SupportUnits = ()
    deadline: PlanDeadline | None = None
    """Thời hạn: ngày (30/11/2022) hoặc như văn bản viết ('Quý III', 'tháng 10/2022',
    'trước ngày 30/11/2022', 'trong năm 2022')."""
    recurrence: Recurrence | None = None
    """Nhiệm vụ định kỳ: mỗi kỳ là một lần thực hiện, có tiến độ riêng."""
    continuous: bool = False
    """Nhiệm vụ thường xuyên: không bao giờ quá hạn."""
    carried_over: bool = False
    """Nhiệm vụ chuyển tiếp: thời hạn được phép nằm ngoài năm kế hoạch."""
    carried_from: CarriedFrom | None = None
    """Chuyển từ kế hoạch năm trước: {year: 2022, id: GP-B-1, deadline: 30/11/2022, reason: …}."""
    output: Text
    """Sản phẩm, kết quả dự kiến."""
    funding: list[Funding] = []
    """Kinh phí, nếu kế hoạch ghi."""
    parts: list[TaskPart] = []
    """Các phần việc, mỗi phần có chủ trì, thời hạn, sản phẩm riêng; nhiệm vụ hoàn thành khi mọi
    phần hoàn thành."""
    progress: Progress | None = None
    """Tiến độ (nhiệm vụ một lần hoặc thường xuyên không chia kỳ)."""
    occurrences: dict[Period, OccurrenceProgress] = {}
    """Tiến độ của từng kỳ (nhiệm vụ định kỳ), theo mã kỳ."""
    to_confirm: list[TaskField] = []
    """Các trường được suy ra, chờ Văn phòng xác nhận."""

    def deadline_on(self, year: int) -> date | None:
        """The deadline as a day, the plan's year completing what the text leaves out."""
        return self.deadline.resolve(year) if self.deadline is not None else None

    @cached_property
    def par_fields(self) -> tuple[str, ...]:
        """The PAR Index fields the task serves: the first part of each PAR code ("1" of 1.1.2)."""
        fields = []
        for ref in self.criteria:
            index, code = split_criterion(ref)
            if index == PAR and code is not None:
                fields.append(code.split(".")[0])
        return tuple(dict.fromkeys(fields))

    def as_parts(self) -> tuple[Task, ...]:
        """Each part as a task of its own: what it does not say is the task's."""
        return tuple(
            self.model_copy(
                update={
                    "id": part.id,
                    "title": part.title,
                    "lead": part.lead or self.lead,
                    "support": self.support if part.support is None else part.support,
                    "deadline": part.deadline or self.deadline,
                    "output": part.output or self.output,
                    "funding": part.funding,
                    "parts": [],
                    "recurrence": None,
                    "occurrences": {},
                    "progress": part.progress,
                    "to_confirm": part.to_confirm,
                }
            )
            for part in self.parts
        )

    def progress_records(self, year: int) -> list[tuple[Period | None, Progress, date | None]]:
        """Progress as recorded: the task's own (period None), then each period's, with the
        deadline stated for it (the task's deadline, or the occurrence's override)."""
        records: list[tuple[Period | None, Progress, date | None]] = []
        if self.progress is not None:
            records.append((None, self.progress, self.deadline_on(year)))
        records += [
            (period, record, record.deadline) for period, record in self.occurrences.items()
        ]
        return records

    def supporting_units(self, registry: tuple[Unit, ...]) -> tuple[str, ...]:
        """Codes of the supporting units, 'all' expanded to every unit but the leads, the
        leadership, outside bodies and groups."""
        codes: list[str] = []
        for code in self.support:
            if code == ALL_UNITS:
                codes.extend(
                    unit.code
                    for unit in registry
                    if unit.kind not in NOT_IN_ALL and unit.code not in self.lead
                )
            else:
                codes.append(code)
        return tuple(dict.fromkeys(codes))


class PlanFile(StrictModel):
    """Một tệp YAML trong thư mục kế hoạch của parplan. Mọi phần đều không bắt buộc; cả thư mục
    là một kế hoạch."""

    model_config = ConfigDict(title="Tệp kế hoạch parplan")

    schema_version: Literal[2]
    """Phiên bản định dạng tệp kế hoạch: 2."""
    plan: PlanDocument | None = None
    """Văn bản kế hoạch (đúng một tệp trong thư mục có phần này)."""
    departments: list[Unit] = []
    """Danh mục đơn vị."""
    indexes: list[PlanIndex] = []
    """Các chỉ số kế hoạch nhằm nâng cao (PAR, SIPAS, PAPI, PCI …) và cấu trúc của chúng."""
    reporting: ReportingSettings | None = None
    """Quy định kỳ báo cáo: thời gian chốt số liệu, thời hạn gửi."""
    calendar: CalendarSettings | None = None
    """Lịch làm việc riêng của cơ quan."""
    office: OfficeSettings | None = None
    """Cơ quan ban hành các văn bản parplan lập (tiêu đề, địa danh, ký hiệu, dòng lưu)."""
    report: ReportSettings | None = None
    """Báo cáo định kỳ: kính gửi, nơi nhận, ký hiệu, trích yếu, người ký."""
    targets: list[Target] = []
    """Chỉ tiêu."""
    results: list[IndexResult] = []
    """Kết quả các chỉ số: năm trước (như kế hoạch nêu, làm mốc) và năm kế hoạch khi có."""
    measurements: list[Measurement] = []
    """Số liệu các chỉ tiêu đo được trong năm, theo kỳ, kèm nguồn."""
    imports: list[ImportMapping] = []
    """Cách đọc các tệp thống kê xuất từ hệ thống một cửa, Cổng dịch vụ công (parplan import)."""
    tasks: list[Task] = []
    """Nhiệm vụ (phụ lục)."""


SECTIONS: tuple[str, ...] = tuple(
    name for name in PlanFile.model_fields if name != "schema_version"
)


class Plan(BaseModel):
    """A whole plan: every section of every file of one plan folder, validated."""

    model_config = ConfigDict(frozen=True)

    folder: Path | None = Field(default=None, exclude=True)
    """The plan folder the plan was read from (for the office's own templates)."""
    document: PlanDocument
    departments: tuple[Unit, ...] = ()
    indexes: tuple[PlanIndex, ...] = ()
    reporting: ReportingSettings = ReportingSettings()
    calendar: CalendarSettings = CalendarSettings()
    office: OfficeSettings = OfficeSettings()
    report: ReportSettings = ReportSettings()
    targets: tuple[Target, ...] = ()
    results: tuple[IndexResult, ...] = ()
    measurements: tuple[Measurement, ...] = ()
    imports: tuple[ImportMapping, ...] = ()
    tasks: tuple[Task, ...] = ()

    @property
    def year(self) -> int:
        return self.document.year

    def index(self, code: str) -> PlanIndex | None:
        return next((index for index in self.indexes if index.code == code), None)

    @cached_property
    def par_fields(self) -> tuple[IndexItem, ...]:
        """The PAR Index fields (lĩnh vực): the first level of the PAR index."""
        par = self.index(PAR)
        return tuple(par.items) if par is not None else ()

    @cached_property
    def par_field_labels(self) -> dict[str, str]:
        """Each PAR field's short name (its name when it has none), by its code."""
        return {field.code: field.label for field in self.par_fields}

    def criterion_label(self, ref: str) -> str:
        """ "PAR 1.1.2 Tên tiêu chí" when the structure names it, else the reference itself."""
        index_code, code = split_criterion(ref)
        index = self.index(index_code)
        item = index.find(code) if index is not None and code is not None else None
        return f"{ref} {item.label}" if item is not None else ref

    def work_items(self) -> Iterator[Task]:
        """Every task and every part of a task, parts after their task."""
        for task in self.tasks:
            yield task
            yield from task.as_parts()

    def unit(self, code: str) -> Unit | None:
        return next((unit for unit in self.departments if unit.code == code), None)
