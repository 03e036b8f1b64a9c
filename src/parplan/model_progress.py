"""Progress as dated facts: when work started, when it was done, its evidence and notes, its
extensions (each from the day it was decided) and the corrections of what was recorded wrongly.

A view as of day D sees exactly the facts dated on or before D (:meth:`Progress.as_of`).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field

from parplan.model_document import StrictModel
from parplan.plan_values import PlanDate, Status, Text

__all__ = [
    "NOTE_KIND_LABELS",
    "CarriedOver",
    "CorrectedField",
    "Correction",
    "DatedText",
    "Extension",
    "Note",
    "NoteKind",
    "OccurrenceProgress",
    "Progress",
]


class Extension(StrictModel):
    deadline: PlanDate
    """Thời hạn mới."""
    reason: Text
    """Lý do gia hạn."""
    decided_on: PlanDate
    """Ngày quyết định gia hạn: từ ngày này thời hạn mới mới áp dụng."""
    document: Text | None = None
    """Văn bản cho phép gia hạn."""


class CarriedOver(StrictModel):
    """Unfinished work the office decided to carry into a later year's plan."""

    on: PlanDate
    """Ngày quyết định chuyển sang năm sau."""
    to_year: Annotated[int, Field(ge=2000, le=2100)]
    """Năm kế hoạch nhận việc này (thường là năm sau)."""
    reason: Text
    """Lý do chưa hoàn thành, phải chuyển sang năm sau."""
    document: Text | None = None
    """Văn bản cho phép chuyển, nếu có."""


class DatedText(StrictModel):
    on: PlanDate
    """Ngày của sự việc (ngày có văn bản, ngày ghi nhận)."""
    text: Text


NoteKind = Literal["result", "shortcoming", "cause", "proposal"]
"""Which part of a periodic report a note belongs to (a note without a kind is in none)."""

NOTE_KIND_LABELS: dict[str, str] = {
    "result": "kết quả",
    "shortcoming": "tồn tại, hạn chế",
    "cause": "nguyên nhân",
    "proposal": "kiến nghị, đề xuất",
}
"""Each kind of note as the report names it."""


class Note(DatedText):
    kind: NoteKind | None = None
    """Loại ghi chú, để báo cáo định kỳ đặt đúng mục: result (kết quả, mục I), shortcoming (tồn
    tại, hạn chế, mục II), cause (nguyên nhân, mục II), proposal (kiến nghị, đề xuất, mục IV).
    Không ghi: ghi chú nội bộ, không in vào báo cáo (bản dự thảo nhắc phân loại)."""


CorrectedField = Literal["evidence", "notes", "started_on", "done_on"]


class Correction(StrictModel):
    """A recorded fact corrected: the record now holds ``now``; ``was`` stays in the history."""

    on: PlanDate
    """Ngày sửa."""
    field: CorrectedField
    """Điều được sửa: evidence, notes, started_on, done_on."""
    was: Text | None = None
    """Giá trị cũ (đã ghi nhầm)."""
    now: Text | None = None
    """Giá trị mới."""


class Progress(StrictModel):
    """What was recorded about a piece of work, every fact with its day: a view as of day D sees
    exactly the facts dated on or before D."""

    started_on: PlanDate | None = None
    """Ngày bắt đầu thực hiện."""
    done_on: PlanDate | None = None
    """Ngày hoàn thành: có ngày này là đã hoàn thành (từ ngày đó)."""
    evidence: list[DatedText] = []
    """Tài liệu kiểm chứng, mỗi tài liệu một ngày: {on: 16/09/2022, text: Báo cáo số 123/BC-VP}."""
    notes: list[Note] = []
    """Ghi chú, mỗi ghi chú một ngày và một loại: {on: 30/09/2022, kind: shortcoming, text: …}."""
    extensions: list[Extension] = []
    """Các lần gia hạn, theo thứ tự; mỗi lần áp dụng từ ngày quyết định (decided_on)."""
    corrections: list[Correction] = []
    """Các lần sửa điều đã ghi nhầm, theo thứ tự."""
    carried: CarriedOver | None = None
    """Chưa hoàn thành, chuyển sang kế hoạch năm sau: {on: 20/12/2022, to_year: 2023, reason: …}
    (ghi bằng parplan update --carry-over)."""

    @property
    def status(self) -> Status:
        """As recorded, whatever the day: done, in progress (started, or evidence given), or not
        started. Views as of a day use :meth:`as_of`."""
        if self.done_on is not None:
            return "done"
        if self.started_on is not None or self.evidence:
            return "in_progress"
        return "not_started"

    def as_of(self, day: date) -> Progress:
        """The record as it stood at the end of ``day``: only the facts dated on or before it."""
        if self._known_by(day):
            return self
        return Progress(
            started_on=self.started_on if _by(self.started_on, day) else None,
            done_on=self.done_on if _by(self.done_on, day) else None,
            evidence=[item for item in self.evidence if item.on <= day],
            notes=[item for item in self.notes if item.on <= day],
            extensions=[item for item in self.extensions if item.decided_on <= day],
            corrections=[item for item in self.corrections if item.on <= day],
            carried=self.carried if self.carried is not None and self.carried.on <= day else None,
        )

    def _known_by(self, day: date) -> bool:
        days = [self.started_on, self.done_on]
        days += [item.on for item in self.evidence]
        days += [item.on for item in self.notes]
        days += [item.on for item in self.corrections]
        days += [item.decided_on for item in self.extensions]
        if self.carried is not None:
            days.append(self.carried.on)
        return all(known is None or known <= day for known in days)

    def started_by(self, day: date) -> bool:
        """Started (or done) on or before ``day``: a start, a completion or evidence dated by then."""
        return (
            _by(self.started_on, day)
            or _by(self.done_on, day)
            or any(item.on <= day for item in self.evidence)
        )


def _by(known: date | None, day: date) -> bool:
    return known is not None and known <= day


class OccurrenceProgress(Progress):
    """Progress of one period's occurrence, with a deadline of its own when it has one."""

    deadline: PlanDate | None = None
    """Thời hạn riêng của kỳ này, thay cho thời hạn tính theo quy định báo cáo."""
