"""What ``parplan update`` is asked to record: a status (a code or its Vietnamese words), a
completion date, evidence, a note, an extension with its reason; read from the options as typed
and checked before any file is read.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from parplan.dates import format_date
from parplan.errors import UsageProblem
from parplan.periods import option_date
from parplan.text import fold, nfc

__all__ = ["ProgressChange", "change_from_options", "checked", "normalised", "parse_status"]


_STATUS_WORDS = {  # folded: no case, no diacritics, "_" read as a space
    "not started": "not_started",
    "chua thuc hien": "not_started",
    "chua bat dau": "not_started",
    "in progress": "in_progress",
    "dang thuc hien": "in_progress",
    "dang lam": "in_progress",
    "done": "done",
    "hoan thanh": "done",
    "da hoan thanh": "done",
    "xong": "done",
}


def parse_status(text: str) -> str:
    """A status code from a code or its Vietnamese words ("hoàn thành", "đang thực hiện")."""
    code = _STATUS_WORDS.get(fold(text))
    if code is None:
        raise UsageProblem(
            f"trạng thái '{text}' không hợp lệ; dùng: not_started (chưa thực hiện), "
            "in_progress (đang thực hiện), done (hoàn thành)"
        )
    return code


@dataclass(frozen=True)
class ProgressChange:
    """What ``parplan update`` was asked to record."""

    status: str | None = None
    done_on: date | None = None
    evidence: str | None = None
    note: str | None = None
    new_deadline: date | None = None
    reason: str | None = None
    decided_on: date | None = None
    document: str | None = None

    def is_empty(self) -> bool:
        return all(
            value is None
            for value in (self.status, self.done_on, self.evidence, self.note, self.new_deadline)
        )


def change_from_options(
    *,
    status: str | None = None,
    done_on: str | None = None,
    evidence: str | None = None,
    note: str | None = None,
    new_deadline: str | None = None,
    reason: str | None = None,
    decided_on: str | None = None,
    document: str | None = None,
    today: date | None = None,
) -> ProgressChange:
    """The change ``parplan update`` was asked for, from its options as typed: a status code or
    its Vietnamese words, dates in either form; a reason only with a new deadline, a completion
    date not after ``today``."""
    change = ProgressChange(
        status=parse_status(status) if status is not None else None,
        done_on=option_date("--done-on", done_on),
        evidence=evidence,
        note=note,
        new_deadline=option_date("--new-deadline", new_deadline),
        reason=reason,
        decided_on=option_date("--decided-on", decided_on),
        document=document,
    )
    if reason is not None and new_deadline is None:
        raise UsageProblem("--reason đi cùng --new-deadline")
    if change.done_on is not None and change.done_on > (today or date.today()):
        raise UsageProblem(
            f"ngày hoàn thành {format_date(change.done_on)} sau hôm nay: chỉ ghi việc đã xong"
        )
    return checked(change)


def checked(change: ProgressChange) -> ProgressChange:
    """``change`` normalised (:func:`normalised`), or a usage problem when it asks nothing, moves a
    deadline without a reason, or gives an empty text."""
    if change.is_empty():
        raise UsageProblem(
            "không có gì để ghi: dùng --status, --done-on, --evidence, --note hoặc --new-deadline"
        )
    if change.new_deadline is not None and not change.reason:
        raise UsageProblem("gia hạn (--new-deadline) cần lý do: --reason")
    change = normalised(change)
    for option, value in (
        ("--evidence", change.evidence),
        ("--note", change.note),
        ("--reason", change.reason),
    ):
        if value is not None and not value:
            raise UsageProblem(f"{option} không được để trống")
    return change


def normalised(change: ProgressChange) -> ProgressChange:
    """Text as plan files keep it: NFC, without surrounding white space."""

    def clean(value: str | None) -> str | None:
        return nfc(value).strip() if value is not None else None

    return replace(
        change,
        evidence=clean(change.evidence),
        note=clean(change.note),
        reason=clean(change.reason),
        document=clean(change.document),
    )
