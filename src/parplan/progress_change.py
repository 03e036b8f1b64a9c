"""What ``parplan update`` is asked to record, as dated facts: the day of the record (``--on``,
today when not given), a start, a completion, evidence, a note (with its kind: the section of a
periodic report it belongs to), an extension with its reason and the day it was decided, and
corrections of evidence, notes or a completion day recorded wrongly; also the kind given to a
note recorded already (a classification, not a fact: no day, no correction), and unfinished work
carried into a later year's plan (``--carry-over``: the year, the reason, the document, on the
day of the record). Read from the options as typed and checked before any file is read.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from parplan.dates import format_date
from parplan.errors import UsageProblem
from parplan.model_progress import NOTE_KIND_LABELS
from parplan.periods import option_date
from parplan.text import fold, nfc

__all__ = [
    "Classify",
    "Fix",
    "ProgressChange",
    "change_from_options",
    "checked",
    "normalised",
    "parse_note_kind",
    "parse_status",
]


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


_NOTE_KIND_WORDS = {  # folded: no case, no diacritics, punctuation read as a space
    "result": "result",
    "ket qua": "result",
    "shortcoming": "shortcoming",
    "ton tai": "shortcoming",
    "han che": "shortcoming",
    "ton tai han che": "shortcoming",
    "cause": "cause",
    "nguyen nhan": "cause",
    "proposal": "proposal",
    "kien nghi": "proposal",
    "de xuat": "proposal",
    "kien nghi de xuat": "proposal",
}


def parse_note_kind(text: str, option: str = "--note-kind") -> str:
    """A note kind from its code or its Vietnamese words, without regard to case or diacritics
    ("kết quả", "ket-qua", "Tồn tại", "nguyen nhan", "kiến nghị", "đề xuất")."""
    kind = _NOTE_KIND_WORDS.get(fold(text))
    if kind is None:
        listed = ", ".join(f"{code} ({label})" for code, label in NOTE_KIND_LABELS.items())
        raise UsageProblem(f"loại ghi chú '{text}' ({option}) không hợp lệ; dùng: {listed}")
    return kind


@dataclass(frozen=True)
class Classify:
    """A kind given to a note recorded already: ``note`` names it (its exact text, or its 1-based
    number in the list), ``kind`` is a code of :data:`parplan.model_progress.NOTE_KIND_LABELS`."""

    note: str
    kind: str


@dataclass(frozen=True)
class Fix:
    """A correction of a recorded text: ``old`` names the entry (its exact text, or its 1-based
    number in the list), ``new`` is the text it should have had."""

    old: str
    new: str


@dataclass(frozen=True)
class ProgressChange:
    """What ``parplan update`` was asked to record."""

    status: str | None = None
    done_on: date | None = None
    evidence: str | None = None
    note: str | None = None
    note_kind: str | None = None
    """The kind of ``note`` (result, shortcoming, cause, proposal); None: an internal note."""
    new_deadline: date | None = None
    reason: str | None = None
    decided_on: date | None = None
    """When the extension was decided; the day of the record (``on``) when not given."""
    document: str | None = None
    on: date | None = None
    """The day of every fact recorded (started, done, evidence, note, correction); today when
    not given (:func:`checked` fills it in)."""
    fix_evidence: Fix | None = None
    fix_note: Fix | None = None
    fix_done_on: date | None = None
    classify_note: Classify | None = None
    """A kind given to a note recorded already."""
    carry_over: bool = False
    """Unfinished work carried into a later year's plan, from the day of the record, for
    ``reason`` (and ``document``, when given)."""
    to_year: int | None = None
    """The year the work is carried into; the plan's next year when not given."""

    def is_empty(self) -> bool:
        return (
            all(
                value is None
                for value in (
                    self.status,
                    self.done_on,
                    self.evidence,
                    self.note,
                    self.new_deadline,
                    self.fix_evidence,
                    self.fix_note,
                    self.fix_done_on,
                    self.classify_note,
                )
            )
            and not self.carry_over
        )

    @property
    def day(self) -> date:
        """The day of the record: ``on``, else today."""
        return self.on or date.today()

    @property
    def completion(self) -> date | None:
        """The completion day asked for: ``--done-on``, else the day of the record for
        ``--status done``; None when the change records no completion."""
        if self.done_on is not None:
            return self.done_on
        return self.day if self.status == "done" else None


def change_from_options(
    *,
    status: str | None = None,
    done_on: str | None = None,
    evidence: str | None = None,
    note: str | None = None,
    note_kind: str | None = None,
    new_deadline: str | None = None,
    reason: str | None = None,
    decided_on: str | None = None,
    document: str | None = None,
    on: str | None = None,
    fix_evidence: tuple[str, str] | None = None,
    fix_note: tuple[str, str] | None = None,
    fix_done_on: str | None = None,
    classify_note: tuple[str, str] | None = None,
    carry_over: bool = False,
    to_year: int | None = None,
    today: date | None = None,
) -> ProgressChange:
    """The change ``parplan update`` was asked for, from its options as typed: a status code or
    a note kind or their Vietnamese words, dates in either form; a reason only with a new
    deadline or a carry over, a note kind only with a note; no day after ``today`` for what has
    happened (the record, a completion, a decision)."""
    today = today or date.today()
    change = ProgressChange(
        status=parse_status(status) if status is not None else None,
        done_on=option_date("--done-on", done_on),
        evidence=evidence,
        note=note,
        note_kind=parse_note_kind(note_kind) if note_kind is not None else None,
        new_deadline=option_date("--new-deadline", new_deadline),
        reason=reason,
        decided_on=option_date("--decided-on", decided_on),
        document=document,
        on=option_date("--on", on) or today,
        fix_evidence=Fix(*fix_evidence) if fix_evidence is not None else None,
        fix_note=Fix(*fix_note) if fix_note is not None else None,
        fix_done_on=option_date("--fix-done-on", fix_done_on),
        classify_note=(
            Classify(classify_note[0], parse_note_kind(classify_note[1], "--classify-note"))
            if classify_note is not None
            else None
        ),
        carry_over=carry_over,
        to_year=to_year,
    )
    if reason is not None and new_deadline is None and not carry_over:
        raise UsageProblem("--reason đi cùng --new-deadline hoặc --carry-over")
    if decided_on is not None and new_deadline is None:
        raise UsageProblem("--decided-on đi cùng --new-deadline")
    for option, day, what in (
        ("--on", change.on, "ngày ghi"),
        ("--done-on", change.done_on, "ngày hoàn thành"),
        ("--fix-done-on", change.fix_done_on, "ngày hoàn thành"),
        ("--decided-on", change.decided_on, "ngày quyết định gia hạn"),
    ):
        if day is not None and day > today:
            raise UsageProblem(
                f"{what} {format_date(day)} ({option}) sau hôm nay {format_date(today)}: "
                "chỉ ghi việc đã xảy ra"
            )
    return checked(change)


def checked(change: ProgressChange) -> ProgressChange:
    """``change`` normalised (:func:`normalised`) and dated (``on``: today when not given), or a
    usage problem when it asks nothing, asks two contradictory things, moves a deadline without a
    reason, gives a note kind without a note, or gives an empty text."""
    if change.note_kind is not None and change.note is None:
        raise UsageProblem(
            "--note-kind đi cùng --note; loại của một ghi chú đã ghi: --classify-note GHI_CHÚ LOẠI"
        )
    if change.to_year is not None and not change.carry_over:
        raise UsageProblem("--to-year đi cùng --carry-over")
    if change.is_empty():
        raise UsageProblem(
            "không có gì để ghi: dùng --status, --done-on, --evidence, --note, --new-deadline, "
            "--carry-over hoặc --fix-evidence, --fix-note, --fix-done-on, --classify-note"
        )
    if change.new_deadline is not None and not change.reason:
        raise UsageProblem("gia hạn (--new-deadline) cần lý do: --reason")
    _check_carry(change)
    if change.done_on is not None and change.status not in (None, "done"):
        raise UsageProblem(
            f"--done-on ghi ngày hoàn thành, --status ghi '{change.status}': chỉ dùng một trong hai"
        )
    if change.fix_done_on is not None and change.completion is not None:
        raise UsageProblem(
            "--fix-done-on sửa ngày hoàn thành đã ghi: không dùng cùng --done-on, --status done"
        )
    change = normalised(change)
    for option, value in (
        ("--evidence", change.evidence),
        ("--note", change.note),
        ("--reason", change.reason),
        ("--fix-evidence", change.fix_evidence.new if change.fix_evidence else None),
        ("--fix-note", change.fix_note.new if change.fix_note else None),
        ("--classify-note", change.classify_note.note if change.classify_note else None),
    ):
        if value is not None and not value:
            raise UsageProblem(f"{option} không được để trống")
    return replace(change, on=change.day)


def _check_carry(change: ProgressChange) -> None:
    """A carry over has its reason and stands alone beside an extension or a completion (work
    carried is unfinished work; an extension keeps it in the year); ``--to-year`` goes with it."""
    if not change.carry_over:
        return
    if change.reason is None:
        raise UsageProblem(
            "chuyển sang năm sau (--carry-over) cần lý do chưa hoàn thành: --reason LÝ_DO"
        )
    if change.new_deadline is not None:
        raise UsageProblem(
            "--carry-over chuyển việc sang kế hoạch năm sau, --new-deadline gia hạn trong năm: "
            "chỉ dùng một trong hai"
        )
    if change.completion is not None:
        raise UsageProblem(
            "--carry-over chuyển việc chưa hoàn thành; việc đã hoàn thành (--status done, "
            "--done-on) không chuyển"
        )


def normalised(change: ProgressChange) -> ProgressChange:
    """Text as plan files keep it: NFC, without surrounding white space; a note kind as its code."""

    def clean(value: str | None) -> str | None:
        return nfc(value).strip() if value is not None else None

    def clean_fix(fix: Fix | None) -> Fix | None:
        return Fix(nfc(fix.old).strip(), nfc(fix.new).strip()) if fix is not None else None

    classify = change.classify_note

    return replace(
        change,
        evidence=clean(change.evidence),
        note=clean(change.note),
        note_kind=parse_note_kind(change.note_kind) if change.note_kind is not None else None,
        reason=clean(change.reason),
        document=clean(change.document),
        fix_evidence=clean_fix(change.fix_evidence),
        fix_note=clean_fix(change.fix_note),
        classify_note=(
            Classify(nfc(classify.note).strip(), parse_note_kind(classify.kind, "--classify-note"))
            if classify is not None
            else None
        ),
    )
