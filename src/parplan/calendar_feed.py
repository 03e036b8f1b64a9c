"""Every deadline of the plan as an iCalendar (RFC 5545) feed, for the office's calendars.

One all-day event per occurrence with a deadline (each period of a recurring task its own event,
each part of a task its own event, its title naming the task) on its deadline in force on the day
of the feed (an extension from the day it was decided), categorised by its lead units; what
each event says is the plan's status that day (:func:`parplan.status.plan_status`). UIDs are made from the task id and period, so importing a newer feed updates events
instead of duplicating them. Open work carries a reminder a few working days before the deadline,
at 08:00 in Vietnam (Asia/Ho_Chi_Minh, UTC+7 all year).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

from parplan.dates import format_date
from parplan.model import Plan, Unit
from parplan.neutralise import terminal_text
from parplan.occurrence_rows import OccurrenceRow, occurrence_row
from parplan.schedule import Occurrence, work_calendar
from parplan.status import StatusClass, plan_status
from parplan.workdays import WorkCalendar

__all__ = ["TIMEZONE", "calendar_feed", "occurrence_uid"]

TIMEZONE = "Asia/Ho_Chi_Minh"
VIETNAM = timezone(timedelta(hours=7), "ICT")
UID_DOMAIN = "parplan"


def occurrence_uid(plan: Plan, occurrence: Occurrence) -> str:
    """Stable across runs and edits of the text: the plan year, task id and period."""
    return f"{plan.year}-{occurrence.key.replace('@', '-')}@{UID_DOMAIN}"


def _reminder_day(deadline: date, working_days: int, calendar: WorkCalendar) -> date:
    day = deadline
    remaining = working_days
    while remaining > 0:
        day -= timedelta(days=1)
        if calendar.is_working_day(day):
            remaining -= 1
    return day


def _summary_prefix(row: OccurrenceRow) -> str:
    if row.done:
        return "Đã xong: "
    if row.reported:
        return "Thường xuyên, đã ghi kết quả kỳ: "
    if row.status_class is StatusClass.CONTINUOUS:
        return "Thường xuyên, báo cáo kỳ: "
    return "Hạn: "


def _description(row: OccurrenceRow, today: date) -> list[str]:
    """The event's description, one fact a line, from the occurrence's row."""
    lines = [f"Mã: {row.key}"]
    if row.parent_id is not None:
        lines.append(
            f"Phần việc của nhiệm vụ {row.parent_id}: {terminal_text(row.parent_title or '')}"
        )
    lines += [
        f"Chủ trì: {terminal_text(row.lead_label)}",
        f"Phối hợp: {terminal_text(', '.join(row.supports)) or 'không'}",
        f"Sản phẩm: {terminal_text(row.output)}",
        f"Nguồn: mục {row.source} của Kế hoạch",
        f"Tình trạng ngày {format_date(today)}: {row.status_text}",
    ]
    if row.original_deadline and row.original_deadline != row.deadline:
        lines.append(f"Gia hạn từ {format_date(row.original_deadline)}")
    return lines


def calendar_feed(
    plan: Plan,
    *,
    unit: Unit | None = None,
    alarm_working_days: int = 3,
    as_of: date | None = None,
    stamp: datetime | None = None,
) -> bytes:
    """The feed as bytes; ``unit`` keeps the work it leads or supports."""
    from icalendar import Alarm, Calendar, Event

    calendar = work_calendar(plan)
    today = as_of or date.today()
    created = stamp or datetime.now(UTC)
    feed = Calendar()
    feed.add("prodid", "-//parplan//Ke hoach PAR Index va SIPAS//VI")
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    name = plan.document.display_name
    if unit is not None:
        name += f" — {unit.name}"
    feed.add("x-wr-calname", terminal_text(name, keep_newlines=False))
    feed.add("x-wr-timezone", TIMEZONE)
    for item in plan_status(plan, today).items:
        occurrence, deadline = item.occurrence, item.deadline
        if deadline is None:
            continue
        row = occurrence_row(plan, item)
        if unit is not None and unit.code not in row.leads and unit.code not in row.supports:
            continue
        title = terminal_text(row.title)
        if row.parent_id is not None:
            title += f" (phần việc của {row.parent_id})"
        event = Event()
        event.add("uid", occurrence_uid(plan, occurrence))
        event.add("dtstamp", created)
        event.add("dtstart", deadline)
        event.add("dtend", deadline + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        event.add("summary", f"{_summary_prefix(row)}{title}")
        event.add("description", "\n".join(_description(row, today)))
        event.add("categories", list(row.leads))
        if (
            not row.done
            and row.status_class is not StatusClass.CONTINUOUS
            and alarm_working_days > 0
        ):
            remind_on = _reminder_day(deadline, alarm_working_days, calendar)
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"Còn {alarm_working_days} ngày làm việc: {title}")
            at = datetime.combine(remind_on, time(8, 0), VIETNAM).astimezone(UTC)
            alarm.add("trigger", at, parameters={"VALUE": "DATE-TIME"})
            event.add_component(alarm)
        feed.add_component(event)
    return bytes(feed.to_ical())
