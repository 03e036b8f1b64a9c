"""Whether ``parplan update --carry-over`` may carry a piece of work into a later year's plan.

Carried work is unfinished timed work of the plan's year (a task done once, or a part of a task):
the office decided on the day of the record (``--on``) that it goes into the plan of ``to_year``
(the plan's next year when not said), for a reason. Refused, with a message naming the work
(:class:`CarryRefused`, exit 1, nothing written):

- a task with parts (its unfinished parts are carried one by one);
- a period of a recurring task, or a continuous duty: the next year's plan sets it out again;
- a year not after the plan's;
- work done on or before the day of the carry;
- work carried already with other values (to change a carry, edit the file); carried already
  with the same values (day, year, reason, document), nothing changes.

The same facts in a plan file are checked by ``validate`` (``carried-kind``, ``carried-year``,
``carried-done`` in :mod:`parplan.rules_progress`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from parplan.dates import format_date
from parplan.errors import EXIT_PROBLEMS, ParplanError
from parplan.model import Task
from parplan.periods import Period
from parplan.plan_parts import PlanParts
from parplan.plan_values import parse_plan_date
from parplan.progress_change import ProgressChange
from parplan.text import nfc

__all__ = ["CarryRefused", "carried_already", "carry_checked", "parts_refusal"]


class CarryRefused(ParplanError):
    """Work that cannot be carried into a later year as asked: nothing written, exit 1; the
    message names the work and says what to do."""

    exit_code = EXIT_PROBLEMS


def parts_refusal(task: Task) -> CarryRefused:
    """A task with parts is carried part by part."""
    ids = [part.id for part in task.parts]
    return CarryRefused(
        f"nhiệm vụ {task.id} gồm các phần việc {', '.join(ids)}: chuyển sang năm sau từng phần "
        f"việc chưa hoàn thành, ví dụ 'parplan update {ids[0]} --carry-over --reason …'"
    )


def carry_checked(
    parts: PlanParts, item: Task, period: Period | None, change: ProgressChange, key: str
) -> ProgressChange:
    """``change`` with the year it carries the work into (the plan's next year when not said);
    refused for recurring and continuous work and for a year not after the plan's. A change
    that carries nothing is returned as it is."""
    if not change.carry_over:
        return change
    year = parts.documents[0].value.year if parts.documents else None
    if period is not None or item.recurrence is not None or item.continuous:
        what = "một kỳ của việc định kỳ" if period is not None else "việc thường xuyên"
        raise CarryRefused(
            f"{key} là {what}: việc định kỳ, thường xuyên được lập lại trong kế hoạch năm sau, "
            "không chuyển; việc chưa xong của kỳ này ghi bằng --note --note-kind shortcoming"
        )
    to_year = change.to_year if change.to_year is not None else (year or date.today().year) + 1
    if year is not None and to_year <= year:
        raise CarryRefused(
            f"{key} thuộc kế hoạch năm {year}: chỉ chuyển sang một năm sau đó (--to-year "
            f"{year + 1}), không phải năm {to_year}"
        )
    return replace(change, to_year=to_year)


def _day(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    try:
        return parse_plan_date(str(value))
    except ValueError:
        return None


def carried_already(record: Any, change: ProgressChange, key: str) -> bool:
    """Whether the progress ``record`` (plain data, as the file holds it) carries the work as
    ``change`` asks already (then nothing is to be written); refused when the work was done on
    or before the day of the carry, or is carried with other values."""
    record = record if isinstance(record, dict) else {}
    day = change.day
    done_on = _day(record.get("done_on"))
    if done_on is not None and done_on <= day:
        raise CarryRefused(
            f"{key} đã hoàn thành ngày {format_date(done_on)}, không chuyển sang năm "
            f"{change.to_year}: chỉ chuyển việc chưa hoàn thành"
        )
    recorded = record.get("carried")
    if not isinstance(recorded, dict):
        return False
    document = recorded.get("document")
    said = (
        _day(recorded.get("on")),
        recorded.get("to_year"),
        nfc(str(recorded.get("reason", ""))),
        nfc(str(document)) if document is not None else None,
    )
    if said == (day, change.to_year, change.reason, change.document):
        return True
    raise CarryRefused(
        f"{key} đã ghi chuyển sang năm {said[1]} từ ngày {format_date(said[0])} (lý do: "
        f"{said[2]}): muốn đổi thì sửa mục 'carried' trong tệp kế hoạch"
    )
