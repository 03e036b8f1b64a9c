"""``parplan result``: one result of an index (or of one of its criteria) for one year, recorded
in the plan in place.

A result of the same index and year is changed where it is, only the keys asked for (its
comments, key order and quoting kept), and the change says what it changed; else the result is
added to the plan file that holds ``results:`` (the first one), or to a new ``ket-qua.yaml`` in
the plan folder. ``--self`` records a self-assessment (``assessment: self``, source "tự đánh
giá"); ``--source`` a published result and where it was published. Whether a result may stand
as written (its rank within the number ranked, its score within its maximum, a published result
with its source …) is for the plan's rules: the plan is validated with the change before
anything is written, and written as ``parplan update`` writes (:mod:`parplan.section_edit`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from parplan.dates import format_date
from parplan.editing import exclusive_update
from parplan.errors import UsageProblem
from parplan.model_indexes import IndexResult
from parplan.periods import option_date
from parplan.plan_parts import Located, PlanParts
from parplan.section_edit import FileChange, file_for_new_entries, write_changes
from parplan.update_lock import StaleRead

__all__ = [
    "NEW_FILE",
    "SELF_SOURCE",
    "ResultChange",
    "ResultReport",
    "record_result",
    "result_change",
]

NEW_FILE = "ket-qua.yaml"
SELF_SOURCE = "tự đánh giá"
"""The source of a self-assessed result."""

HEADER = """Kết quả các chỉ số theo năm (results): kết quả công bố ghi nguồn (số, ngày văn bản),
kết quả tự đánh giá ghi 'assessment: self'. Tệp do 'parplan result' tạo; sửa tay được như mọi tệp
kế hoạch."""

_ORDER = (
    "index",
    "year",
    "value",
    "unit",
    "rank",
    "of",
    "group",
    "max_value",
    "assessment",
    "known_on",
    "source",
)
"""The keys of a result in the order plan files write them."""

_NAMES = {
    "value": "giá trị",
    "rank": "thứ hạng",
    "of": "trên tổng số",
    "group": "nhóm",
    "max_value": "điểm tối đa",
    "assessment": "cách đánh giá",
    "known_on": "ngày công bố",
    "source": "nguồn",
}


@dataclass(frozen=True, slots=True)
class ResultChange:
    """What ``parplan result`` was asked to record: the index and year, and each key given."""

    index: str
    year: int
    fields: dict[str, Any]
    """The keys to write, as plan files write them (``known_on`` as dd/mm/yyyy)."""


@dataclass(frozen=True, slots=True)
class ResultReport:
    file: Path
    added: bool
    """A new result; False: the result there was changed (or already said the same)."""
    changes: tuple[str, ...]
    """What changed, in words: "giá trị: 83,42 → 85,1"."""


def _number(option: str, text: str) -> float:
    """A number as typed: 85,78 or 85.78."""
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        raise UsageProblem(f"{option} '{text}' không phải số (ví dụ 85,78)") from None
    if not math.isfinite(value):
        raise UsageProblem(f"{option} '{text}' không phải số")
    return int(value) if value.is_integer() else value


def result_change(
    index: str,
    year: int,
    *,
    value: str | None = None,
    rank: int | None = None,
    of: int | None = None,
    group: str | None = None,
    max_value: str | None = None,
    known_on: str | None = None,
    source: str | None = None,
    self_assessed: bool = False,
) -> ResultChange:
    """The change asked for by ``parplan result``'s options as typed."""
    if source is not None and self_assessed:
        raise UsageProblem(
            "--source (kết quả được công bố) và --self (tự đánh giá) không đi cùng nhau"
        )
    code, _, item = " ".join(index.split()).partition(" ")
    fields: dict[str, Any] = {
        "value": None if value is None else _number("--value", value),
        "rank": rank,
        "of": of,
        "group": group,
        "max_value": None if max_value is None else _number("--max", max_value),
        "known_on": format_date(option_date("--known-on", known_on)) if known_on else None,
        "source": SELF_SOURCE if self_assessed else source,
    }
    if self_assessed:
        fields["assessment"] = "self"
    elif source is not None:
        fields["assessment"] = "published"
    fields = {key: given for key, given in fields.items() if given is not None}
    if not set(fields) - {"assessment", "source"} and not self_assessed and source is None:
        raise UsageProblem(
            "không có gì để ghi: cho --value, --rank, --of, --group, --max, --known-on, --source "
            "hoặc --self"
        )
    return ResultChange(f"{code.upper()} {item}".strip(), year, fields)


def record_result(plans: Path, plan_year: int | None, change: ResultChange) -> ResultReport:
    """Record ``change`` in the plan of ``plan_year`` (chosen as every command chooses it when
    None), under the plan's lock."""
    from parplan.loading import load_plan_parts

    parts = load_plan_parts(plans, plan_year)
    with exclusive_update(parts.folder):
        try:
            return _record(parts, change)
        except StaleRead:
            return _record(load_plan_parts(plans, plan_year), change)


def _record(parts: PlanParts, change: ResultChange) -> ResultReport:
    found = next(
        (
            located
            for located in parts.results
            if (located.value.index, located.value.year) == (change.index, change.year)
        ),
        None,
    )
    if found is None:
        target = file_for_new_entries(parts, "results", NEW_FILE)
        data = _new_result(change)
        write_changes(parts, "results", [FileChange(target, added=[data])], HEADER)
        return ResultReport(target, added=True, changes=_described({}, data))
    old = _raw(parts, found)
    data = dict(old)
    for key, value in change.fields.items():
        if key == "assessment" and value == "published" and "assessment" not in data:
            continue  # published is what a result without 'assessment' is
        data[key] = value
    data = _ordered(data)
    changes = _described(old, data)
    if changes:
        index = found.path[-1]
        assert isinstance(index, int)
        write_changes(parts, "results", [FileChange(found.file, replaced={index: data})], HEADER)
    return ResultReport(found.file, added=False, changes=changes)


def _new_result(change: ResultChange) -> dict[str, Any]:
    fields = dict(change.fields)
    if fields.get("assessment") == "published":
        del fields["assessment"]  # the default: written only to change a self-assessment
    return _ordered({"index": change.index, "year": change.year, **fields})


def _raw(parts: PlanParts, found: Located[IndexResult]) -> dict[str, Any]:
    """The result's entry as its file holds it."""
    source = next(item for item in parts.files if item.path == found.file)
    entry: Any = source.data
    for step in found.path:
        entry = entry[step]
    assert isinstance(entry, dict)
    return {str(key): value for key, value in entry.items()}


def _ordered(data: dict[str, Any]) -> dict[str, Any]:
    """The format's keys in its order, then any other key as it was."""
    known = [key for key in _ORDER if key in data]
    return {key: data[key] for key in [*known, *(key for key in data if key not in _ORDER)]}


_ASSESSMENTS = {"self": "tự đánh giá", "published": "công bố"}


def _shown(value: Any, key: str = "") -> str:
    if key == "assessment" and value in _ASSESSMENTS:
        return _ASSESSMENTS[value]
    if value is None:
        return "(không có)"
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    if isinstance(value, date):
        return format_date(value)
    return str(value)


def _differs(old: Any, new: Any) -> bool:
    numbers = (int, float)
    if isinstance(old, numbers) and isinstance(new, numbers):
        return float(old) != float(new)
    return _shown(old) != _shown(new)


def _described(old: dict[str, Any], new: dict[str, Any]) -> tuple[str, ...]:
    """What differs between two entries, key by key, in words."""
    return tuple(
        f"{_NAMES[key]}: {_shown(old.get(key), key)} → {_shown(new.get(key), key)}"
        if key in old
        else f"{_NAMES[key]}: {_shown(new.get(key), key)}"
        for key in _NAMES
        if key in new and (key not in old or _differs(old[key], new[key]))
    )
