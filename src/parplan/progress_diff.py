"""What changed in the progress of one task, part or occurrence between two versions of a plan,
fact by fact: a start or a completion recorded, moved (by a correction, said with its day) or
taken back; evidence and notes added, taken out or corrected; extensions added (with the day
they were decided) after the ones kept; corrections added after the ones kept. Rewriting the
history of extensions or of corrections is an error. A note is said with its kind (the section of
a periodic report it goes in) when it is added with one, and a kind given or changed is said too.
Work carried into a later year is a fact too: the carry recorded ("chuyển sang năm 2023 từ ngày
20/12/2022: <lý do>"), changed, or taken out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from parplan.dates import format_date
from parplan.model import Progress
from parplan.model_progress import NOTE_KIND_LABELS, CarriedOver, Correction, DatedText

__all__ = ["Change", "Severity", "compare_progress"]

Severity = Literal["info", "error"]


@dataclass(frozen=True, slots=True)
class Change:
    kind: str
    key: str
    message: str
    severity: Severity = "info"
    before: Any = None
    after: Any = None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _dated(item: DatedText) -> dict[str, str | None]:
    """An entry as the JSON output shows it; a note with its kind (null: not classified)."""
    shown: dict[str, str | None] = {"on": item.on.isoformat(), "text": item.text}
    if hasattr(item, "kind"):
        shown["kind"] = item.kind
    return shown


def _kind(item: DatedText) -> str | None:
    return getattr(item, "kind", None)


def _kind_words(kind: str | None) -> str:
    return NOTE_KIND_LABELS[kind] if kind is not None else "chưa phân loại"


def _kind_change(key: str, was: DatedText, now: DatedText) -> list[Change]:
    """A note's kind given or changed (the same note, or the note a correction rewrote)."""
    if _kind(was) == _kind(now):
        return []
    message = (
        f"loại ghi chú ngày {format_date(now.on)} “{now.text}”: {_kind_words(_kind(was))} → "
        f"{_kind_words(_kind(now))}"
    )
    return [Change("note-kind-changed", key, message, before=_dated(was), after=_dated(now))]


_FIELD_WORDS = {
    "evidence": ("tài liệu kiểm chứng", "evidence"),
    "notes": ("ghi chú", "note"),
}


def _day_changes(key: str, old: Progress, new: Progress, fixed: list[Correction]) -> list[Change]:
    """The start and the completion: recorded, moved or taken back (a correction recorded in
    the new version says so, with its day)."""
    changes: list[Change] = []
    for field, kind, first, label in (
        ("started_on", "started-on-changed", "bắt đầu thực hiện ngày", "ngày bắt đầu"),
        ("done_on", "done-on-changed", "hoàn thành ngày", "ngày hoàn thành"),
    ):
        before, after = getattr(old, field), getattr(new, field)
        if before == after:
            continue
        what = (
            f"{first} {format_date(after)}"
            if before is None
            else f"{label}: {format_date(before)} → {format_date(after, 'bỏ')}"
        )
        fix = next((item for item in fixed if item.field == field), None)
        if fix is not None and before is not None:
            what = f"sửa {what} (ghi sửa ngày {format_date(fix.on)})"
        changes.append(Change(kind, key, what, before=_iso(before), after=_iso(after)))
    return changes


def _text_changes(
    key: str,
    field: str,
    old: Sequence[DatedText],
    new: Sequence[DatedText],
    fixed: list[Correction],
) -> list[Change]:
    """Evidence or notes added, taken out, or corrected (a text rewritten with the correction
    that says so, recorded in the new version), each with its day."""
    label, kind = _FIELD_WORDS[field]
    corrected = {(item.was, item.now): item for item in fixed if item.field == field}
    removed = [item for item in old if item.text not in {n.text for n in new}]
    added = [item for item in new if item.text not in {o.text for o in old}]
    changes: list[Change] = []
    for item in new:
        was = next((o for o in old if o.text == item.text), None)
        if was is not None:
            changes += _kind_change(key, was, item)
    for item in added:
        was = next((o for o in removed if (o.text, item.text) in corrected), None)
        if was is not None:
            removed.remove(was)
            fix = corrected[(was.text, item.text)]
            message = (
                f"sửa {label} ngày {format_date(item.on)} (ghi sửa ngày {format_date(fix.on)}): "
                f"“{was.text}” → “{item.text}”"
            )
            changes.append(
                Change(f"{kind}-corrected", key, message, before=_dated(was), after=_dated(item))
            )
            changes += _kind_change(key, was, item)
        else:
            note_kind = _kind(item)
            what = f" ({NOTE_KIND_LABELS[note_kind]})" if note_kind is not None else ""
            message = f"thêm {label} ngày {format_date(item.on)}{what}: {item.text}"
            changes.append(Change(f"{kind}-added", key, message, after=_dated(item)))
    changes += [
        Change(f"{kind}-removed", key, f"bỏ {label}: {item.text}", before=_dated(item))
        for item in removed
    ]
    return changes


def _history_changes(key: str, old: Progress, new: Progress) -> list[Change]:
    """Extensions and corrections are history: new ones are added after the old, which stay."""
    changes: list[Change] = []
    kept = len(old.extensions)
    if new.extensions[:kept] != old.extensions:
        changes.append(
            Change(
                "extension-rewritten",
                key,
                "lịch sử gia hạn bị sửa hoặc xóa: thời hạn cũ phải giữ lại trong 'extensions'",
                severity="error",
            )
        )
    else:
        changes += [
            Change(
                "deadline-extended",
                key,
                f"gia hạn đến {format_date(extension.deadline)} (quyết định ngày "
                f"{format_date(extension.decided_on)}), lý do: {extension.reason}",
                after={
                    "deadline": extension.deadline.isoformat(),
                    "decided_on": extension.decided_on.isoformat(),
                    "reason": extension.reason,
                },
            )
            for extension in new.extensions[kept:]
        ]
    if new.corrections[: len(old.corrections)] != old.corrections:
        changes.append(
            Change(
                "correction-rewritten",
                key,
                "lịch sử sửa đổi bị sửa hoặc xóa: các lần sửa đã ghi phải giữ lại trong "
                "'corrections'",
                severity="error",
            )
        )
    return changes


def _carried(carried: CarriedOver | None) -> dict[str, Any] | None:
    if carried is None:
        return None
    return {
        "on": carried.on.isoformat(),
        "to_year": carried.to_year,
        "reason": carried.reason,
        "document": carried.document,
    }


def _carried_words(carried: CarriedOver) -> str:
    allowed = f" ({carried.document})" if carried.document else ""
    return (
        f"chuyển sang năm {carried.to_year} từ ngày {format_date(carried.on)}: "
        f"{carried.reason}{allowed}"
    )


def _carry_changes(key: str, old: CarriedOver | None, new: CarriedOver | None) -> list[Change]:
    """The unfinished work carried into a later year: recorded, changed or taken out."""
    if old == new:
        return []
    before, after = _carried(old), _carried(new)
    if old is None and new is not None:
        return [Change("carried-added", key, _carried_words(new), after=after)]
    if new is None and old is not None:
        message = f"bỏ ghi chuyển sang năm {old.to_year} (đã ghi từ ngày {format_date(old.on)})"
        return [Change("carried-removed", key, message, before=before)]
    assert old is not None and new is not None
    message = f"sửa ghi chuyển: {_carried_words(old)} → {_carried_words(new)}"
    return [Change("carried-changed", key, message, before=before, after=after)]


def compare_progress(key: str, old: Progress, new: Progress) -> list[Change]:
    """The dated facts of one record compared: start, completion, evidence, notes, extensions,
    corrections (a correction of a day is said with the day; of a text, with the text)."""
    fixed = new.corrections[len(old.corrections) :]
    changes = _day_changes(key, old, new, fixed)
    changes += _text_changes(key, "evidence", old.evidence, new.evidence, fixed)
    changes += _text_changes(key, "notes", old.notes, new.notes, fixed)
    changes += _carry_changes(key, old.carried, new.carried)
    return changes + _history_changes(key, old, new)
