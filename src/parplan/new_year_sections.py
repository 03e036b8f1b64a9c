"""The plan document, the targets and the calendar of the next year's plan (``parplan new-year``).

- The document: the year moved on in its words (title, preamble, theme, purposes, requirements,
  objectives, solutions, organization, outline headings); no number, no date of issue; the basis
  and the signer kept as the best guess; each of these, and every field whose words changed, to
  confirm; the appendix note saying the appendix was made by parplan from the old year's.
- A target: its text moved on, its value kept, both to confirm, and its baseline from the old
  year: the completion rate of the work due by the day for a completion target, the old year's
  result of its index (value or rank) for the others when the plan has one.
- The calendar: the office's own days off of the old year are days of that year, not copied; the
  new calendar lists none and waits for the office (``confirmed: false``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from parplan.dates import format_date
from parplan.model import CalendarSettings, IndexResult, Target
from parplan.new_year_text import roll_text
from parplan.status import PlanStatus

__all__ = [
    "ALWAYS_TO_CONFIRM",
    "calendar_comment",
    "new_calendar",
    "new_document",
    "new_target",
    "target_baseline",
]

ALWAYS_TO_CONFIRM = ("title", "number", "issued_on", "basis", "signature")
"""What a new year's plan document always leaves to confirm."""

_TEXTS = ("title", "preamble", "theme", "objectives")
_LISTS = ("purposes", "requirements", "organization")


def _document_words(raw: Mapping[str, Any], old: int, new: int) -> tuple[dict[str, Any], list[str]]:
    """The document's words with the year moved on, and the fields whose words changed (the
    lead-in of the solutions counts as the solutions). The documents the plan cites keep their
    year wherever the words quote them."""
    citations = [
        " ".join(str(item.get("citation", "")).split())
        for item in raw.get("basis") or []
        if isinstance(item, Mapping)
    ]

    def _rolled(value: Any, old: int, new: int) -> Any:
        return roll_text(value, old, new, citations) if isinstance(value, str) else value

    document = dict(raw)
    for key in (*_TEXTS, "solutions_intro"):
        if key in raw:
            document[key] = _rolled(raw[key], old, new)
    for key in _LISTS:
        if key in raw:
            document[key] = [_rolled(item, old, new) for item in raw[key] or []]
    for key, words in (("solutions", "text"), ("outline", "title")):
        if key in raw:
            document[key] = [
                {**item, words: _rolled(item.get(words), old, new)} for item in raw[key] or []
            ]
    changed: list[str] = []
    for key in (*_TEXTS, *_LISTS, "solutions_intro", "solutions", "outline"):
        name = "solutions" if key == "solutions_intro" else key
        if document.get(key) != raw.get(key) and name not in changed:
            changed.append(name)
    return document, changed


def new_document(
    raw: Mapping[str, Any], new: int, appendix: str
) -> tuple[dict[str, Any], list[str]]:
    """The new plan's document from the old one as written, and what of it is to confirm."""
    old = int(raw["year"])
    document, changed = _document_words(raw, old, new)
    document["year"] = new
    document["number"] = None
    document["issued_on"] = None
    document["appendix_note"] = appendix
    listed = [str(name) for name in raw.get("to_confirm") or []]
    # The year's theme (chủ đề CCHC) is the province's choice for each year: the old one is a
    # guess for the new year even where its words name no year.
    theme = ["theme"] if raw.get("theme") else []
    confirm = dict.fromkeys([*listed, *ALWAYS_TO_CONFIRM, *changed, *theme])
    document["to_confirm"] = list(confirm)
    return _in_order(document, raw), document["to_confirm"]


def _in_order(document: dict[str, Any], raw: Mapping[str, Any]) -> dict[str, Any]:
    """The keys in the old file's order, new keys where the model puts them."""
    order = [
        "year", "document_type", "title", "issuer", "province", "number", "issued_on", "basis",
        "preamble", "theme", "outline", "purposes", "requirements", "objectives",
        "solutions_intro", "solutions", "organization", "recipients", "signature",
        "appendix_note", "to_confirm",
    ]  # fmt: skip
    keys = list(raw)
    for position, key in enumerate(order):
        if key in keys or key not in document:
            continue
        before = [name for name in order[:position] if name in keys]
        keys.insert(keys.index(before[-1]) + 1 if before else 0, key)
    return {key: document[key] for key in keys if key in document}


def _result_source(result: IndexResult) -> str:
    if result.source:
        return result.source
    kind = "tự đánh giá" if result.assessment == "self" else "công bố"
    return f"kết quả năm {result.year} ({kind})"


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 2)


def target_baseline(target: Target, status: PlanStatus) -> dict[str, Any] | None:
    """Where the target starts from: the old year's completion of the work due by the day, or
    the old year's result of its index; None when the old year has none."""
    plan = status.plan
    if target.measure == "completion_rate":
        percent = status.headline.percent_of_due
        if percent is None:
            return None
        return {
            "year": plan.year,
            "value": _number(percent),
            "source": "tỷ lệ hoàn thành việc đến hạn đến ngày " + format_date(status.as_of),
        }
    result = next(
        (r for r in plan.results if r.index == target.index and r.year == plan.year), None
    )
    value = result.value if result is not None and target.measure == "value" else None
    if result is not None and target.measure in ("rank", "rank_change"):
        value = result.rank
    if result is None or value is None:
        return None
    return {"year": plan.year, "value": _number(value), "source": _result_source(result)}


def new_target(
    raw: Mapping[str, Any], target: Target, status: PlanStatus, new: int
) -> dict[str, Any]:
    """A target of the new plan: its words moved on, its baseline from the old year."""
    rolled = {key: value for key, value in raw.items() if key not in ("baseline", "to_confirm")}
    rolled["text"] = roll_text(str(raw["text"]), status.plan.year, new)
    baseline = target_baseline(target, status)
    if baseline is not None:
        rolled["baseline"] = baseline
    listed = [str(name) for name in raw.get("to_confirm") or []]
    wanted = ["text", "value"] + (["baseline"] if baseline is not None else [])
    rolled["to_confirm"] = listed + [name for name in wanted if name not in listed]
    return rolled


def _days(days: Sequence[Any]) -> str:
    return "; ".join(
        format_date(day.date) + (f" ({day.reason})" if day.reason else "") for day in days
    )


def calendar_comment(calendar: CalendarSettings, old: int, new: int) -> str:
    """What the new calendar's comment says of the old year's own days and of the new year's."""
    said = []
    if calendar.extra_days_off:
        said.append(f"Năm {old} Văn phòng ghi thêm các ngày nghỉ: {_days(calendar.extra_days_off)}")
    if calendar.extra_working_days:
        said.append(f"ngày làm bù: {_days(calendar.extra_working_days)}")
    if not said:
        said.append(f"Năm {old} Văn phòng không ghi ngày nghỉ riêng nào")
    return (
        "; ".join(said)
        + f"; ghi ngày nghỉ riêng của năm {new} ở đây (extra_days_off, extra_working_days: "
        f"{{date: dd/mm/{new}, reason: …}}). Ngày nghỉ lễ, Tết năm {new} lấy theo lịch Việt Nam "
        "của gói holidays (parplan new-year in ra các ngày đó). confirmed: false: lịch năm "
        f"{new} chờ Văn phòng xác nhận."
    )


def new_calendar(raw: Mapping[str, Any] | None) -> dict[str, Any]:
    """The new year's calendar: no day of the old year, left to confirm."""
    kept = {
        key: value
        for key, value in (raw or {}).items()
        if key not in ("extra_days_off", "extra_working_days", "confirmed")
    }
    return {"extra_days_off": [], "extra_working_days": [], **kept, "confirmed": False}
