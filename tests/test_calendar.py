"""The calendar feed: parsed back, one event per deadline, reminders, one unit's feed, bad input."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

from icalendar import Calendar

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
