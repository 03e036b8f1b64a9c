"""Rules on the dates of a task's (or a part's) schedule and progress: deadlines in the plan's
year, extensions that move the deadline in force on the day they are decided, listed in the
order they were decided, and dated facts that hold together (started before done, done not
before the plan, nothing before the plan's year); work carried into a later year
(``progress.carried``) is timed work, carried into a year after the plan's, not done by the day
it was carried.

Carried and later done: work done after the day it was carried (``done_on`` > ``carried.on``:
finished before the year closed after all, or recorded late) is a fact, not an error; from its
completion the work is done and the carry no longer applies (the views stop saying it went to
the next year). Work done on or before the day it was carried is an error (``carried-done``):
done work is not carried.

Every deadline a rule compares with is the one the views use: a period's is its report's, the
data cut-off plus the working days allowed (:func:`parplan.schedule.report_deadline`), unless
the occurrence states its own. The rule ids are listed, with every other rule, in the docstring
of :mod:`parplan.rules`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from parplan.dates import format_date
from parplan.model import (
    CalendarSettings,
    Extension,
    PlanDocument,
    Progress,
    ReportingSettings,
    Task,
)
from parplan.periods import Period
from parplan.plan_parts import Located, PlanParts
from parplan.schedule import calendar_of, report_deadline
from parplan.workdays import WorkCalendar

__all__ = ["Record", "date_rules", "in_force_when_decided"]


@dataclass(frozen=True, slots=True)
class Record:
    """One progress record of a task: its YAML path inside the task, its facts, the deadline
    before any extension and how that deadline came to be (as written, or the report's rule)."""

    where: tuple[str, ...]
    progress: Progress
    due: date | None
    period: Period | None
    said: str | None = None
    """How ``due`` is written or reckoned, when that says more than the day: "Quý III", "hạn
    báo cáo quý III: 2 ngày làm việc sau ngày chốt số liệu 14/09/2022"."""
    own_deadline: date | None = None
    """The deadline an occurrence states for itself (``occurrences.Q3.deadline``)."""


def _records(
    task: Task, year: int, reporting: ReportingSettings, calendar: CalendarSettings
) -> list[Record]:
    """Each progress record of ``task``, with the deadline the views give it."""
    records: list[Record] = []
    working: WorkCalendar | None = None  # made when a period needs its report's deadline
    for period, progress, stated in task.progress_records(year):
        if period is None:
            where: tuple[str, ...] = ("progress",)
            phrase = task.deadline is not None and not task.deadline.is_date
            said = task.deadline.written if task.deadline is not None and phrase else None
            records.append(Record(where, progress, stated, None, said))
            continue
        where = ("occurrences", period.value)
        if stated is not None:
            records.append(Record(where, progress, stated, period, "thời hạn riêng của kỳ", stated))
            continue
        working = working or calendar_of(calendar)
        due = report_deadline(reporting, period, year, working)
        cut_off = reporting.window_rule.window(period, year)[1]
        said = (
            f"hạn báo cáo {period.label}: {reporting.submit_within_working_days} ngày làm việc "
            f"sau ngày chốt số liệu {format_date(cut_off)}"
        )
        records.append(Record(where, progress, due, period, said))
    return records


def in_force_when_decided(
    due: date | None, extensions: list[Extension], index: int
) -> tuple[date | None, int | None]:
    """The deadline in force on the day the ``index``-th extension was decided: that of the last
    extension listed before it and decided on or before that day, else ``due``; with the
    position of that extension (None for ``due``)."""
    decided = extensions[index].decided_on
    earlier = [position for position in range(index) if extensions[position].decided_on <= decided]
    if not earlier:
        return due, None
    return extensions[earlier[-1]].deadline, earlier[-1]


def date_rules(parts: PlanParts, located: Located[Task], *, own_deadline: bool = True) -> None:
    """Deadlines in the plan's year, extensions later than the deadline in force on their day
    and listed in order, completion after the start and not too early, facts in the year.

    ``own_deadline``: whether the item writes its deadline (a part that does not has its
    task's, which is checked with the task)."""
    if not parts.documents:
        return
    plan = parts.documents[0].value
    reporting = parts.reporting[0].value if parts.reporting else ReportingSettings()
    calendar = parts.calendars[0].value if parts.calendars else CalendarSettings()
    records = _records(located.value, plan.year, reporting, calendar)
    _extension_rules(parts, located, records)
    _deadline_year_rules(parts, located, records, plan.year, own_deadline=own_deadline)
    _completion_rules(parts, located, records, plan)
    _carried_rules(parts, located, records, plan.year)


def _carried_rules(
    parts: PlanParts, located: Located[Task], records: list[Record], year: int
) -> None:
    """Work carried into a later year (``progress.carried``) is timed work of the plan, not a
    period of a recurring task nor a continuous duty (``carried-kind``), carried into a year
    after the plan's (``carried-year``), and not done by the day it was carried
    (``carried-done``)."""
    task = located.value
    for record in records:
        carried = record.progress.carried
        if carried is None:
            continue
        path = (*located.path, *record.where, "carried")
        if record.period is not None or task.continuous or task.recurrence is not None:
            what = f"kỳ {record.period.label}" if record.period is not None else "việc thường xuyên"
            parts.problem(
                located.file,
                "carried-kind",
                f"{what} của nhiệm vụ {task.id} ghi 'carried': việc định kỳ, thường xuyên được "
                "lập lại trong kế hoạch năm sau, không chuyển; bỏ 'carried'",
                path,
                at_key=True,
            )
        if carried.to_year <= year:
            parts.problem(
                located.file,
                "carried-year",
                f"chuyển sang năm {carried.to_year}, không sau năm kế hoạch {year}: 'to_year' "
                f"là năm của kế hoạch nhận việc (thường là {year + 1})",
                (*path, "to_year"),
            )
        done = record.progress.done_on
        if done is not None and done <= carried.on:
            parts.problem(
                located.file,
                "carried-done",
                f"{task.id} hoàn thành ngày {format_date(done)}, không sau ngày chuyển sang năm "
                f"{carried.to_year} ({format_date(carried.on)}): việc đã hoàn thành không chuyển; "
                "bỏ 'carried', hoặc sửa ngày",
                (*path, "on"),
            )


def _deadline_year_rules(
    parts: PlanParts,
    located: Located[Task],
    records: list[Record],
    year: int,
    *,
    own_deadline: bool,
) -> None:
    """Every deadline of a task (its own, its periods', its extensions') falls in the plan's
    year, unless the task is carried over."""
    task = located.value
    if task.carried_over:
        return
    deadlines: list[tuple[date, tuple[str | int, ...]]] = []
    if task.deadline is not None and own_deadline:
        deadlines.append((task.deadline.resolve(year), ("deadline",)))
    for record in records:
        if record.own_deadline is not None:
            deadlines.append((record.own_deadline, (*record.where, "deadline")))
        deadlines += [
            (extension.deadline, (*record.where, "extensions", index, "deadline"))
            for index, extension in enumerate(record.progress.extensions)
        ]
    for deadline, deadline_path in deadlines:
        if deadline.year != year:
            carry = ""
            if deadline_path[0] == "progress" and deadline.year > year and not task.continuous:
                carry = (
                    f"; nếu việc chuyển sang năm sau, không gia hạn sang năm {deadline.year} mà "
                    f"ghi bằng parplan update {task.id} --carry-over --reason LÝ_DO"
                )
            parts.problem(
                located.file,
                "deadline-outside-year",
                f"thời hạn {format_date(deadline)} nằm ngoài năm kế hoạch {year}; nếu đây là "
                f"nhiệm vụ chuyển tiếp, ghi 'carried_over: true'{carry}",
                located.path + deadline_path,
            )


def _extension_rules(parts: PlanParts, located: Located[Task], records: list[Record]) -> None:
    """Each extension moves the deadline in force on the day it was decided later
    (``extension-not-later``); extensions are listed in the order they were decided
    (``extension-order``)."""
    for record in records:
        extensions = record.progress.extensions
        path = (*located.path, *record.where, "extensions")
        for index, extension in enumerate(extensions):
            if index and extension.decided_on < extensions[index - 1].decided_on:
                parts.problem(
                    located.file,
                    "extension-order",
                    f"lần gia hạn này quyết định ngày {format_date(extension.decided_on)}, trước "
                    f"lần ghi ngay trên nó (ngày {format_date(extensions[index - 1].decided_on)}):"
                    " ghi các lần gia hạn theo thứ tự ngày quyết định",
                    (*path, index, "decided_on"),
                )
            in_force, previous = in_force_when_decided(record.due, extensions, index)
            if in_force is None or extension.deadline > in_force:
                continue
            said = f" ({record.said})" if previous is None and record.said else ""
            if previous is not None:
                before = format_date(extensions[previous].decided_on)
                said = f" (lần gia hạn trước, quyết định ngày {before})"
            parts.problem(
                located.file,
                "extension-not-later",
                f"gia hạn đến {format_date(extension.deadline)} không sau thời hạn đang áp dụng "
                f"{format_date(in_force)}{said} vào ngày quyết định gia hạn "
                f"{format_date(extension.decided_on)}: gia hạn phải dời thời hạn về sau",
                (*path, index, "deadline"),
            )


def _completion_rules(
    parts: PlanParts, located: Located[Task], records: list[Record], plan: PlanDocument
) -> None:
    """Work starts before it is done (``started-after-done``), is not done before the plan was
    issued (``done-before-issue``), and no fact is dated before the plan's year unless the task
    is carried over (``fact-before-year``)."""
    issued = plan.earliest_issue_date()
    for record in records:
        progress = record.progress
        path: tuple[str | int, ...] = located.path + record.where
        done, started = progress.done_on, progress.started_on
        if done is not None and started is not None and started > done:
            parts.problem(
                located.file,
                "started-after-done",
                f"ngày bắt đầu {format_date(started)} sau ngày hoàn thành {format_date(done)}: "
                "sửa 'started_on' hoặc 'done_on' (việc bắt đầu rồi mới hoàn thành)",
                (*path, "started_on"),
            )
        early = _done_too_early(progress, record.due, issued, plan)
        if early is not None:
            parts.problem(located.file, "done-before-issue", early, (*path, "done_on"))
        if not located.value.carried_over:
            _facts_in_year(parts, located, path, progress, plan.year, done_checked=issued)


def _done_too_early(
    progress: Progress, due: date | None, issued: date | None, plan: PlanDocument
) -> str | None:
    """Why the completion date is before the plan, or None. Work that fell due before the plan
    was issued (the quý II report of a plan issued in July) may have been done before it too,
    but not before the plan's year."""
    if progress.done_on is None or issued is None:
        return None
    floor = issued if due is None or due >= issued else date(plan.year, 1, 1)
    if progress.done_on >= floor:
        return None
    said = "ban hành" if plan.issued_on is not None else "ban hành (sớm nhất là ngày của căn cứ)"
    return (
        f"ngày hoàn thành {format_date(progress.done_on)} trước ngày kế hoạch được {said} "
        f"{format_date(floor)}"
    )


_FACTS = {
    "started_on": "ngày bắt đầu",
    "done_on": "ngày hoàn thành",
    "evidence": "tài liệu kiểm chứng",
    "notes": "ghi chú",
    "extensions": "lần gia hạn quyết định",
    "corrections": "lần sửa",
    "carried": "quyết định chuyển sang năm sau",
}


def _facts_in_year(
    parts: PlanParts,
    located: Located[Task],
    path: tuple[str | int, ...],
    progress: Progress,
    year: int,
    *,
    done_checked: date | None,
) -> None:
    """``fact-before-year``: every fact of a task of the plan's year is dated in it or later
    (a completion date is checked by ``done-before-issue`` once the plan's issue is known)."""
    first = date(year, 1, 1)
    dated: list[tuple[date | None, tuple[str | int, ...], str]] = [
        (progress.started_on, ("started_on",), "started_on"),
    ]
    if done_checked is None:
        dated.append((progress.done_on, ("done_on",), "done_on"))
    for key in ("evidence", "notes", "corrections"):
        dated += [
            (item.on, (key, index, "on"), key) for index, item in enumerate(getattr(progress, key))
        ]
    dated += [
        (item.decided_on, ("extensions", index, "decided_on"), "extensions")
        for index, item in enumerate(progress.extensions)
    ]
    if progress.carried is not None:
        dated.append((progress.carried.on, ("carried", "on"), "carried"))
    for day, where, key in dated:
        if day is None or day >= first:
            continue
        parts.problem(
            located.file,
            "fact-before-year",
            f"{_FACTS[key]} ghi ngày {format_date(day)}, trước năm kế hoạch {year}: sửa ngày; "
            "nếu là nhiệm vụ chuyển tiếp từ năm trước, ghi 'carried_over: true'",
            (*path, *where),
        )
