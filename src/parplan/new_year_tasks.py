"""The tasks of the next year's plan from this year's (``parplan new-year``), as of a day.

- Recurring reports and continuous duties are copied without their progress: a recurrence that
  lists some quarters lists all four, some months all twelve (the first year of a plan is often
  partial); the schedule computes their deadlines in the new year from the reporting rule and the
  new year's calendar. A deadline written with the old year in it (a part's) is moved.
- One-off timed work (``carried_over`` multi-year work included) done as of the day is not
  copied; open work is copied once, same id, with ``carried_from`` (the old year, the old id, the
  deadline in force on the day, the reason recorded when it was carried) and its deadline moved
  into the new year, to confirm. Of a task with parts only the open parts are copied.
- Work recorded as carried into another year than the new one is not copied (it went there).

Everything else a task says is kept as written; no progress, evidence or note is copied.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from parplan.dates import format_date
from parplan.model import Task
from parplan.new_year_text import moved_day, roll_deadline
from parplan.periods import MONTHS, Period
from parplan.status import PlanStatus
from parplan.tracking import TrackedOccurrence

__all__ = ["CarriedTask", "TaskRoll", "roll_tasks"]

_QUARTERS = (Period.Q1, Period.Q2, Period.Q3, Period.Q4)
_PROGRESS_KEYS = ("progress", "occurrences")


@dataclass(frozen=True)
class CarriedTask:
    """Open work of the old year carried into the new plan."""

    id: str
    old_deadline: date | None
    """The deadline in force on the day (after extensions)."""
    new_deadline: str | None
    """The new deadline as written, to confirm."""
    parts: tuple[str, ...] = ()
    """The open parts carried (a task with parts), by id."""
    reason: str | None = None


@dataclass
class TaskRoll:
    """What became of the old year's tasks."""

    tasks: dict[int, dict[str, Any]] = field(default_factory=dict)
    """The new task, by the position of the old one in ``Plan.tasks``."""
    recurring: list[str] = field(default_factory=list)
    """Recurring and continuous tasks copied, by id."""
    carried: list[CarriedTask] = field(default_factory=list)
    done: list[str] = field(default_factory=list)
    """Timed work done as of the day: not copied."""
    elsewhere: list[tuple[str, int]] = field(default_factory=list)
    """Open work recorded as carried into another year: not copied (id, that year)."""
    to_confirm: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    """Each new task (or part) and the fields of it that parplan inferred."""


def _ordered(periods: list[Period]) -> list[Period]:
    """Periods in the order of the year: by the month they end, the shorter first."""
    return sorted(periods, key=lambda period: (period.months[1], -period.months[0]))


def full_year(periods: list[Period]) -> list[Period]:
    """A recurrence's periods over a whole year: some quarters → all four, some months → all
    twelve; 6 months, 9 months and the year as listed."""
    chosen = list(periods)
    if any(period in _QUARTERS for period in chosen):
        chosen += [quarter for quarter in _QUARTERS if quarter not in chosen]
    if any(period.is_month for period in chosen):
        chosen += [month for month in MONTHS if month not in chosen]
    return chosen if len(chosen) == len(periods) else _ordered(chosen)


def _with_confirm(raw: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    """``raw`` with ``fields`` added to its ``to_confirm`` (each once, in order)."""
    if not fields:
        return raw
    listed = list(raw.get("to_confirm") or [])
    listed += [name for name in fields if name not in listed]
    return {**raw, "to_confirm": listed}


def _inserted(raw: dict[str, Any], key: str, value: Any, before: tuple[str, ...]) -> dict[str, Any]:
    """``raw`` with ``key`` set, placed before the first of ``before`` it has (else last)."""
    result: dict[str, Any] = {}
    placed = False
    for name, item in raw.items():
        if name == key:
            continue
        if not placed and name in before:
            result[key] = value
            placed = True
        result[name] = item
    if not placed:
        result[key] = value
    return result


def _moved_deadline(raw: Mapping[str, Any], old: int, new: int) -> tuple[dict[str, Any], bool]:
    """The entry without progress, its deadline moved into the new year when it was in the old
    year or earlier (a multi-year deadline already later is kept); whether it changed."""
    moved = {key: value for key, value in raw.items() if key not in _PROGRESS_KEYS}
    written = moved.get("deadline")
    if written is None:
        return moved, False
    rolled = roll_deadline(str(written), old, new)
    moved["deadline"] = rolled
    return moved, rolled != str(written)


class _Roller:
    def __init__(self, status: PlanStatus, new_year: int) -> None:
        self.old = status.plan.year
        self.new = new_year
        self.tracked: dict[str, TrackedOccurrence] = {
            item.occurrence.task.id: item for item in status.items if item.occurrence.period is None
        }
        self.roll = TaskRoll()

    def confirm(self, raw: dict[str, Any], fields: list[str]) -> dict[str, Any]:
        raw = _with_confirm(raw, fields)
        if fields:
            self.roll.to_confirm.append((str(raw["id"]), tuple(fields)))
        return raw

    def recurring(self, task: Task, raw: Mapping[str, Any]) -> dict[str, Any]:
        copied, moved = self._moved(raw)
        fields = ["deadline"] if moved else []
        if task.recurrence is not None:
            periods = full_year(list(task.recurrence.periods))
            if periods != list(task.recurrence.periods):
                copied["recurrence"] = {**raw["recurrence"], "periods": [p.value for p in periods]}
                fields.append("recurrence")
        if "parts" in raw:
            copied["parts"] = [self._part(part, carried=False) for part in raw["parts"]]
        self.roll.recurring.append(task.id)
        return self.confirm(copied, fields)

    def _part(self, raw: Mapping[str, Any], *, carried: bool) -> dict[str, Any]:
        """A part without progress, its deadline moved (to confirm when it moved, and always
        for carried work: its new deadline is a guess)."""
        copied, moved = self._moved(raw)
        confirm = moved or (carried and "deadline" in copied)
        return self.confirm(copied, ["deadline"] if confirm else [])

    def _moved(self, raw: Mapping[str, Any]) -> tuple[dict[str, Any], bool]:
        if self._beyond(raw):
            return {k: v for k, v in raw.items() if k not in _PROGRESS_KEYS}, False
        return _moved_deadline(raw, self.old, self.new)

    def _beyond(self, raw: Mapping[str, Any]) -> bool:
        """A deadline already after the old year (multi-year work): kept as written."""
        item = self.tracked.get(str(raw.get("id")))
        return item is not None and item.deadline is not None and item.deadline.year > self.old

    def _open(self, task_id: str) -> TrackedOccurrence | None:
        item = self.tracked.get(task_id)
        return item if item is not None and not item.status_class.done else None

    def timed(self, task: Task, raw: Mapping[str, Any]) -> dict[str, Any] | None:
        ids = [part.id for part in task.parts] or [task.id]
        open_items = [item for key in ids if (item := self._open(key)) is not None]
        if not open_items:
            self.roll.done.append(task.id)
            return None
        gone = [item for item in open_items if self._elsewhere(item) is not None]
        for item in gone:
            self.roll.elsewhere.append((item.occurrence.task.id, self._elsewhere(item) or 0))
        staying = [item for item in open_items if item not in gone]
        if not staying:
            return None
        return self._carried(task, raw, staying)

    def _elsewhere(self, item: TrackedOccurrence) -> int | None:
        carried = item.progress.carried
        return carried.to_year if carried is not None and carried.to_year != self.new else None

    def _carried(
        self, task: Task, raw: Mapping[str, Any], staying: list[TrackedOccurrence]
    ) -> dict[str, Any]:
        copied, _ = self._moved(raw)
        kept = {item.occurrence.task.id for item in staying}
        if task.parts:
            copied["parts"] = [
                self._part(part, carried=True) for part in raw["parts"] if part["id"] in kept
            ]
        in_force = [item.deadline for item in staying if item.deadline is not None]
        old_deadline = max(in_force) if in_force else None
        reason = next(
            (item.progress.carried.reason for item in staying if item.progress.carried), None
        )
        origin: dict[str, Any] = {"year": self.old, "id": task.id}
        if old_deadline is not None:
            origin["deadline"] = format_date(old_deadline)
        if reason is not None:
            origin["reason"] = reason
        written = task.deadline_on(self.old)
        if not task.parts and old_deadline is not None and old_deadline != written:
            # Extended in the old year: the deadline in force is the one moved on.
            copied["deadline"] = format_date(moved_day(old_deadline, self.new - self.old))
        copied = _inserted(copied, "carried_from", origin, ("output",))
        new_deadline = str(copied["deadline"]) if "deadline" in copied else None
        self.roll.carried.append(
            CarriedTask(
                task.id,
                old_deadline,
                new_deadline,
                tuple(part.id for part in task.parts if part.id in kept),
                reason,
            )
        )
        return self.confirm(copied, ["deadline"] if "deadline" in copied else [])


def roll_tasks(
    status: PlanStatus, raw_tasks: Mapping[int, Mapping[str, Any]], new_year: int
) -> TaskRoll:
    """The new plan's tasks from the old plan's (``status.plan``, classified as of
    ``status.as_of``); ``raw_tasks``: each old task as written, by its position in the plan."""
    roller = _Roller(status, new_year)
    for position, task in enumerate(status.plan.tasks):
        raw = raw_tasks[position]
        if task.recurrence is not None or task.continuous:
            roller.roll.tasks[position] = roller.recurring(task, raw)
            continue
        rolled = roller.timed(task, raw)
        if rolled is not None:
            roller.roll.tasks[position] = rolled
    return roller.roll
