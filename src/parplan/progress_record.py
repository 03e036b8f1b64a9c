"""A progress record changed as dated facts, in its round-trip form (comments, key order, quoting
and styles kept): what ``parplan update`` asks (:class:`~parplan.progress_change.ProgressChange`)
applied to the mapping of one task's, part's or occurrence's ``progress``.

Every fact recorded carries its day, the day of the record (``--on``): a start (``started_on``),
a completion (``done_on``), evidence and notes (``{on, text}``), an extension (``decided_on``,
that day unless said), and a correction (``{on, field, was, now}``), which rewrites the value
corrected and keeps the old one in the history. Keys go where the format puts them (started_on,
done_on, evidence, notes, extensions, corrections), whatever the record held before.

A note may carry its kind (``{on, kind, text}``: the section of a periodic report it goes in).
Giving a kind to a note recorded already (``--classify-note``) is a classification, not a fact:
:func:`note_to_classify` finds the note, and ``kind: <code>`` is written into that note's mapping
in the file's text (before ``text``, on its line when the note is written ``{…}``, on a line of
its own when it is written as a block); no other byte changes and no correction is recorded,
since no fact recorded was wrong. ``--fix-note`` rewrites a note's text and keeps its kind.

Work carried into a later year (``--carry-over``) gets ``carried: {on, to_year, reason,
document}`` as a block mapping after every other key, once :mod:`parplan.progress_carry` has
found the work may be carried (not done by that day, not carried already with other values).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from parplan.dates import format_date
from parplan.errors import UsageProblem
from parplan.model_progress import NOTE_KIND_LABELS
from parplan.plan_values import parse_plan_date
from parplan.progress_carry import carried_already
from parplan.progress_change import Classify, Fix, ProgressChange
from parplan.text import nfc
from parplan.yaml_problem import YamlProblem
from parplan.yaml_reader import parse_yaml
from parplan.yaml_splice import nfc_plain, plain, round_trip_yaml

__all__ = ["Applied", "apply_change", "note_to_classify"]

ORDER = (
    "deadline", "started_on", "done_on", "evidence", "notes", "extensions", "corrections",
    "carried",
)  # fmt: skip
"""The keys of a progress record (an occurrence's own deadline first), in the format's order."""

_WHAT = {"evidence": "tài liệu kiểm chứng", "notes": "ghi chú"}
_OPTION = {
    "evidence": "--fix-evidence CŨ MỚI: CŨ",
    "notes": "--fix-note CŨ MỚI: CŨ",
    "kind": "--classify-note GHI_CHÚ LOẠI: GHI_CHÚ",
}
"""How each option that names a recorded entry says what names it."""


@dataclass
class Applied:
    """What applying a change did that the user should be told."""

    removed_done_on: str | None = None
    """The completion day taken away because the work was reopened (dd/mm/yyyy)."""


def _as_date(value: Any) -> date | None:
    if value is None:
        return None
    try:
        return value if isinstance(value, date) else parse_plan_date(str(value))
    except ValueError:
        return None


def _put(record: Any, key: str, value: Any) -> None:
    """Set ``key``; a new key goes before the first key the format puts after it."""
    if key in record:
        record[key] = value
        return
    rank = ORDER.index(key)
    keys = list(record.keys())
    later = [
        position for position, name in enumerate(keys) if name in ORDER and ORDER.index(name) > rank
    ]
    if later:
        record.insert(later[0], key, value)
    else:
        record[key] = value


_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^:,\[\]{}#\s]*(?: [^:,\[\]{}#\s]+)*")
"""Text safe to write unquoted wherever it goes, in a block or inside ``{…}``: no character
that means something there, no space at either end or twice."""


def _scalar(text: str) -> Any:
    """``text`` written plain when that reads back as the same text (by parplan's reader too:
    "yes" or "0:0" would not), else quoted: '…' (or "…" when it holds a line break or a
    character only an escape can write)."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

    if _PLAIN.fullmatch(text) and _reads_back(text):
        return text
    if text.isprintable():
        return SingleQuotedScalarString(text)
    return DoubleQuotedScalarString(text)


def _reads_back(text: str) -> bool:
    """``text`` written plain, in a block and inside ``{…}``, reads back as itself by parplan's
    reader and by the round-trip editor's."""
    from ruamel.yaml.error import YAMLError

    document = f"k: {text}\nf: {{t: {text}}}\n"
    expected = {"k": text, "f": {"t": text}}
    try:
        return bool(
            parse_yaml(document) == expected
            and nfc_plain(plain(round_trip_yaml().load(document))) == expected
        )
    except (YamlProblem, YAMLError):
        return False


def _flow(**values: Any) -> Any:
    """A mapping written on one line: ``{on: 16/09/2022, text: …}``."""
    from ruamel.yaml.comments import CommentedMap

    mapping = CommentedMap()
    for key, value in values.items():
        if value is not None:
            mapping[key] = _scalar(value)
    mapping.fa.set_flow_style()
    return mapping


def _append(record: Any, key: str, item: Any) -> None:
    from ruamel.yaml.comments import CommentedSeq

    items = record.get(key)
    if items is None:
        _put(record, key, CommentedSeq([item]))
    else:
        items.append(item)


def _correct(record: Any, day: date, field: str, was: str | None, now: str | None) -> None:
    _append(record, "corrections", _flow(on=format_date(day), field=field, was=was, now=now))


def _text(item: Any) -> str:
    return nfc(str(item.get("text", ""))) if hasattr(item, "get") else nfc(str(item))


def _completion(record: Any, change: ProgressChange, key: str) -> None:
    """Done on ``--done-on``, or on the day of the record for ``--status done``; a completion
    day recorded already is changed only by a correction (``--fix-done-on``)."""
    done_on = change.completion
    if done_on is None:
        return
    recorded = _as_date(record.get("done_on"))
    started = _as_date(record.get("started_on"))
    if recorded is None and started is not None and done_on < started:
        raise UsageProblem(
            f"{key} ghi bắt đầu ngày {format_date(started)}, sau ngày hoàn thành "
            f"{format_date(done_on)}: nếu đã bắt đầu sớm hơn, ghi trước "
            f"'--status in_progress --on {format_date(done_on)}'"
        )
    if recorded is None:
        _put(record, "done_on", format_date(done_on))
    elif recorded != done_on and change.done_on is not None:
        raise UsageProblem(
            f"{key} đã ghi hoàn thành ngày {format_date(recorded)}: nếu ghi nhầm, sửa bằng "
            f"--fix-done-on {format_date(done_on)}"
        )


def _started(record: Any, day: date) -> None:
    """In progress from ``day`` (``--status in_progress``): a start recorded on or before it
    stays; a later one is corrected to it."""
    recorded = _as_date(record.get("started_on"))
    if recorded is not None and recorded <= day:
        return
    _put(record, "started_on", format_date(day))
    if recorded is not None:
        _correct(record, day, "started_on", format_date(recorded), format_date(day))


def _take_back(record: Any, day: date, field: str) -> str | None:
    """A start or completion taken back (the work reopened, or not started after all): the key
    removed, a correction recorded; the day it held, or None when there was none."""
    if field not in record:
        return None
    written = record.pop(field)
    recorded = _as_date(written)
    shown = format_date(recorded) if recorded is not None else str(written)
    _correct(record, day, field, shown, None)
    return shown


def _status(record: Any, change: ProgressChange, applied: Applied) -> None:
    day = change.day
    if change.status == "in_progress":
        applied.removed_done_on = _take_back(record, day, "done_on")
        _started(record, day)
    elif change.status == "not_started":
        applied.removed_done_on = _take_back(record, day, "done_on")
        _take_back(record, day, "started_on")


def _add_text(record: Any, key: str, text: str | None, day: date) -> None:
    """Evidence dated ``day``; a text recorded already is not added again."""
    if text is None:
        return
    if text not in [_text(item) for item in record.get(key) or []]:
        _append(record, key, _flow(on=format_date(day), text=text))


def _kind_label(kind: Any) -> str:
    return f"loại {kind} ({NOTE_KIND_LABELS[kind]})" if kind in NOTE_KIND_LABELS else "chưa có loại"


def _add_note(record: Any, change: ProgressChange, key: str) -> None:
    """A note dated ``--on``, with its kind when given: ``{on, kind, text}``. A text recorded
    already is not added again; asked with another kind than the one it has, it is refused
    (its kind is changed by ``--classify-note``)."""
    text, kind = change.note, change.note_kind
    if text is None:
        return
    notes = list(record.get("notes") or [])
    recorded = [item for item in notes if _text(item) == text]
    if not recorded:
        _append(record, "notes", _flow(on=format_date(change.day), kind=kind, text=text))
        return
    has = recorded[0].get("kind") if hasattr(recorded[0], "get") else None
    if kind is not None and has != kind:
        number = notes.index(recorded[0]) + 1
        raise UsageProblem(
            f"{key} đã có ghi chú '{text}' ({_kind_label(has)}): để ghi loại {kind} cho ghi chú "
            f"đó, dùng --classify-note {number} {kind}"
        )


def _listed(items: list[Any]) -> str:
    return "; ".join(
        f"{number}. {_text(item)} ({item.get('on', '…') if hasattr(item, 'get') else '…'})"
        for number, item in enumerate(items, start=1)
    )


def _position(record: Any, field: str, named: str, key: str) -> int | None:
    """The place in ``record[field]`` of the entry ``named`` names: its exact text, or its
    1-based number when no entry has that text; None when no entry has that text (a number out
    of range, or a text recorded twice, is refused with the list)."""
    items = list(record.get(field) or [])
    texts = [_text(item) for item in items]
    if named.isdigit() and named not in texts:
        number = int(named)
        if not 1 <= number <= len(items):
            raise UsageProblem(
                f"{key} không có {_WHAT[field]} số {number}"
                + (f"; đã ghi: {_listed(items)}" if items else f": chưa ghi {_WHAT[field]} nào")
            )
        return number - 1
    if texts.count(named) > 1:
        raise UsageProblem(
            f"{key} có {texts.count(named)} {_WHAT[field]} cùng nội dung '{named}': "
            f"chọn theo số thứ tự; đã ghi: {_listed(items)}"
        )
    return texts.index(named) if named in texts else None


def _not_recorded(record: Any, field: str, named: str, key: str, option: str) -> UsageProblem:
    items = list(record.get(field) or [])
    said = f"; đã ghi: {_listed(items)}" if items else f": chưa ghi {_WHAT[field]} nào"
    return UsageProblem(
        f"{key} không có {_WHAT[field]} '{named}' ({_OPTION[option]} là nội dung đã ghi hoặc số "
        f"thứ tự){said}"
    )


def _fix_text(record: Any, field: str, fix: Fix | None, day: date, key: str) -> None:
    """Rewrite the entry ``fix.old`` names (its text, or its number) to ``fix.new``, and record
    the correction; asking again what is done already changes nothing. Everything else the entry
    holds (a note's kind) stays."""
    if fix is None:
        return
    position = _position(record, field, fix.old, key)
    if position is None:
        texts = [_text(item) for item in record.get(field) or []]
        if fix.new in texts and _corrected(record, field, fix):
            return  # corrected already
        raise _not_recorded(record, field, fix.old, key, field)
    item = record[field][position]
    was = _text(item)
    if was == fix.new:
        return
    item["text"] = _scalar(fix.new)
    _correct(record, day, field, was, fix.new)


def note_to_classify(record: Any, classify: Classify, key: str) -> int | None:
    """The place in ``record``'s notes of the note ``classify.note`` names (its text, or its
    number) when it is to be given ``classify.kind``; None when it has that kind already. A note
    that is not there is refused with the list of those that are. The kind is then written into
    the file's text (:func:`parplan.yaml_splice.set_scalar`: ``kind`` before ``text``, in the
    note's own style, every other byte kept); no correction, since nothing recorded was wrong."""
    position = _position(record, "notes", classify.note, key)
    if position is None:
        raise _not_recorded(record, "notes", classify.note, key, "kind")
    note = record["notes"][position]
    return None if note.get("kind") == classify.kind else position


def _corrected(record: Any, field: str, fix: Fix) -> bool:
    return any(
        item.get("field") == field
        and nfc(str(item.get("was"))) == fix.old
        and nfc(str(item.get("now"))) == fix.new
        for item in record.get("corrections") or []
    )


def _fix_done_on(record: Any, done_on: date | None, day: date, key: str) -> None:
    if done_on is None:
        return
    recorded = _as_date(record.get("done_on"))
    if recorded is None:
        raise UsageProblem(
            f"{key} chưa ghi ngày hoàn thành, không có gì để sửa: ghi bằng --done-on "
            f"{format_date(done_on)}"
        )
    if recorded != done_on:
        _put(record, "done_on", format_date(done_on))
        _correct(record, day, "done_on", format_date(recorded), format_date(done_on))


def _extension(record: Any, change: ProgressChange) -> None:
    """An extension decided on ``--decided-on`` (the day of the record when not said); the same
    extension as the last one recorded is not added again."""
    from ruamel.yaml.comments import CommentedMap

    if change.new_deadline is None:
        return
    extensions = record.get("extensions") or []
    if extensions:
        last = extensions[-1]
        if _as_date(last.get("deadline")) == change.new_deadline and (
            nfc(str(last.get("reason", ""))) == change.reason
        ):
            return
    extension = CommentedMap()
    extension["deadline"] = format_date(change.new_deadline)
    extension["reason"] = _scalar(change.reason or "")
    extension["decided_on"] = format_date(change.decided_on or change.day)
    if change.document is not None:
        extension["document"] = _scalar(change.document)
    _append(record, "extensions", extension)


def _carry(record: Any, change: ProgressChange, key: str) -> None:
    """``carried: {on, to_year, reason, document}`` for unfinished work carried into the plan
    of ``change.to_year`` (filled in by the caller) from the day of the record."""
    from ruamel.yaml.comments import CommentedMap

    if not change.carry_over or carried_already(plain(record), change, key):
        return
    carried = CommentedMap()
    carried["on"] = format_date(change.day)
    carried["to_year"] = change.to_year
    carried["reason"] = _scalar(change.reason or "")
    if change.document is not None:
        carried["document"] = _scalar(change.document)
    _put(record, "carried", carried)


def apply_change(record: Any, change: ProgressChange, key: str) -> Applied:
    """Apply ``change`` (checked: :func:`parplan.progress_change.checked`) to the round-trip
    mapping ``record`` of the progress of the work ``key``, in place; all but the kind given to a
    note recorded already, which is written into the text (:func:`note_to_classify`)."""
    applied = Applied()
    day = change.day
    _status(record, change, applied)
    _completion(record, change, key)
    _fix_done_on(record, change.fix_done_on, day, key)
    _add_text(record, "evidence", change.evidence, day)
    _add_note(record, change, key)
    _fix_text(record, "evidence", change.fix_evidence, day, key)
    _fix_text(record, "notes", change.fix_note, day, key)
    _extension(record, change)
    _carry(record, change, key)
    return applied
