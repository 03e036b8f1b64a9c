"""The calendar feed: parsed back, one event per deadline, reminders, one unit's feed, bad input."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

from icalendar import Calendar, Component
from icalendar.prop import vCategory

from .conftest import FIXTURES, SHIPPED_PLANS, RunCli

PROGRESS = FIXTURES / "progress-2022"


def _feed(run_cli: RunCli, *args: str) -> Calendar:
    result = run_cli("calendar", *args)
    assert result.exit_code == 0, result
    return Calendar.from_ical(result.stdout)


def test_calendar_has_one_event_per_deadline_with_stable_uids(run_cli: RunCli) -> None:
    args = ("--plans", str(SHIPPED_PLANS), "--as-of", "2022-09-01")
    feed = _feed(run_cli, *args)
    assert str(feed["x-wr-timezone"]) == "Asia/Ho_Chi_Minh"
    events = list(feed.walk("VEVENT"))
    export = json.loads(run_cli("export", "--plans", str(SHIPPED_PLANS)).stdout)
    deadlines = {
        f"2022-{item['key'].replace('@', '-')}@parplan": item["deadline"]
        for task in export["tasks"]
        for item in task["schedule"]
        if item["deadline"]
    }
    assert {str(e["uid"]): e.decoded("dtstart").isoformat() for e in events} == deadlines
    assert len(events) == 27
    for event in events:  # all-day events
        assert isinstance(event.decoded("dtstart"), date) and not isinstance(
            event.decoded("dtstart"), datetime
        )
        assert (event.decoded("dtend") - event.decoded("dtstart")).days == 1
    again = _feed(run_cli, *args)
    assert sorted(str(e["uid"]) for e in again.walk("VEVENT")) == sorted(deadlines)


def test_reminders_fall_working_days_before_at_eight_in_vietnam(run_cli: RunCli) -> None:
    feed = _feed(run_cli, "--plans", str(SHIPPED_PLANS), "--as-of", "2022-09-01")
    q3 = next(e for e in feed.walk("VEVENT") if str(e["uid"]) == "2022-GP-D-CCHC-Q3@parplan")
    assert "Phòng Hành chính - Tổ chức" in str(q3["description"])
    assert "Báo cáo CCHC định kỳ" in str(q3["description"])
    alarms = list(q3.walk("VALARM"))
    assert len(alarms) == 1
    # Deadline Friday 16/09/2022; three working days before is Tuesday 13/09, 08:00 (UTC+7).
    assert alarms[0].decoded("trigger") == datetime(2022, 9, 13, 1, 0, tzinfo=UTC)
    assert "TRIGGER;VALUE=DATE-TIME:20220913T010000Z" in q3.to_ical().decode()  # RFC 5545 §3.8.6.3
    # National Day: the Q4 reports of the continuous duties carry no alarm.
    continuous = next(
        e for e in feed.walk("VEVENT") if str(e["uid"]) == "2022-TC-THEODOI-Q3@parplan"
    )
    assert not list(continuous.walk("VALARM"))
    none = _feed(run_cli, "--plans", str(SHIPPED_PLANS), "--alarm-days", "0")
    assert not list(none.walk("VALARM"))


def test_calendar_of_one_unit_and_done_work(run_cli: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "hctc.ics"
    result = run_cli(
        "calendar",
        "--plans",
        str(PROGRESS),
        "-d",
        "kstthc",
        "--as-of",
        "2022-10-01",
        "--output",
        str(target),
    )
    assert result.exit_code == 0, result
    feed = Calendar.from_ical(target.read_bytes())
    uids = {str(e["uid"]) for e in feed.walk("VEVENT")}
    assert uids == {
        "2022-C-DANG-LAM@parplan", "2022-D-CHUA-LAM@parplan", "2022-F-CHUA-DEN-HAN@parplan", "2022-I-GIA-HAN@parplan",
    }  # fmt: skip
    extended = next(e for e in feed.walk("VEVENT") if str(e["uid"]) == "2022-I-GIA-HAN@parplan")
    assert extended.decoded("dtstart") == date(2022, 10, 31)
    assert "Gia hạn từ 31/08/2022" in str(extended["description"])
    full = _feed(run_cli, "--plans", str(PROGRESS), "--as-of", "2022-10-01")
    done = next(e for e in full.walk("VEVENT") if str(e["uid"]) == "2022-A-DUNG-HAN@parplan")
    assert str(done["summary"]).startswith("Đã xong: ") and not list(done.walk("VALARM"))


def test_bad_calendar_arguments(run_cli: RunCli) -> None:
    result = run_cli("calendar", "--plans", str(PROGRESS), "--alarm-days", "-1")
    assert result.exit_code == 2 and "--alarm-days" in result.stderr


PARTS = FIXTURES / "parts-2022"


def _categories(event: Component) -> list[str]:
    value = event["categories"]
    assert isinstance(value, vCategory)
    return [str(category) for category in value.cats]


def _uids(feed: Calendar) -> set[str]:
    return {str(event["uid"]) for event in feed.walk("VEVENT")}


def test_parts_monthly_occurrences_and_several_leads(run_cli: RunCli) -> None:
    feed = _feed(run_cli, "--plans", str(PARTS), "--as-of", "2022-09-01")
    events = {str(event["uid"]): event for event in feed.walk("VEVENT")}
    # Every occurrence of the export's schedules, of tasks and of parts, once; a task in parts
    # has no event of its own.
    export = json.loads(run_cli("export", "--plans", str(PARTS)).stdout)
    schedules = [
        item
        for task in export["tasks"]
        for work in (task, *task["parts"])
        for item in work["schedule"]
    ]
    assert {f"2022-{item['key'].replace('@', '-')}@parplan" for item in schedules} == set(events)
    assert set(events) == {
        "2022-GP-B-1@parplan", "2022-GP-B-2@parplan", "2022-GP-M-T9@parplan",
        "2022-GP-M-T10@parplan", "2022-GP-M-T11@parplan", "2022-GP-A@parplan",
    }  # fmt: skip
    # A part: its title says which task it is a part of; its deadline is the task's "Quý III".
    part = events["2022-GP-B-1@parplan"]
    assert str(part["summary"]) == "Hạn: Rà soát thủ tục lĩnh vực đất đai (phần việc của GP-B)"
    assert part.decoded("dtstart") == date(2022, 9, 30)
    description = str(part["description"])
    assert "Phần việc của nhiệm vụ GP-B: Rà soát, đơn giản hóa thủ tục hành chính" in description
    assert "Chủ trì: Phòng Kiểm soát thủ tục hành chính" in description
    own = events["2022-GP-B-2@parplan"]
    assert own.decoded("dtstart") == date(2022, 11, 30)  # "tháng 11/2022"
    assert _categories(own) == ["TTPVHCC"]
    # A month: the report of tháng 10, due two working days after the cut-off on 14/10 (Friday).
    october = events["2022-GP-M-T10@parplan"]
    assert (
        str(october["summary"]) == "Hạn: Báo cáo tình hình giải quyết thủ tục hành chính (tháng 10)"
    )
    assert october.decoded("dtstart") == date(2022, 10, 18)
    # Units that lead together: each one a category, both names.
    assert _categories(october) == ["KSTTHC", "TTPVHCC"]
    assert "Chủ trì: Phòng Kiểm soát thủ tục hành chính; Trung tâm Phục vụ hành chính công" in str(
        october["description"]
    )
    assert events["2022-GP-A@parplan"].decoded("dtstart") == date(2022, 11, 29)  # trước ngày 30/11


def test_one_units_calendar_has_the_parts_it_leads_or_supports(run_cli: RunCli) -> None:
    centre = _feed(run_cli, "--plans", str(PARTS), "-d", "TTPVHCC")
    assert _uids(centre) == {
        "2022-GP-B-2@parplan", "2022-GP-M-T9@parplan", "2022-GP-M-T10@parplan",
        "2022-GP-M-T11@parplan",
    }  # fmt: skip
    office = _feed(run_cli, "--plans", str(PARTS), "-d", "HCTC")
    assert _uids(office) == {"2022-GP-B-1@parplan", "2022-GP-A@parplan"}
