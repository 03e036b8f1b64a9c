"""The calendar feed and the static site: parsed back, links checked, numbers agree."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
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


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.counts: dict[str, str] = {}
        self._count: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("href", "src"):
            if values.get(name):
                self.links.append(str(values[name]))
        self._count = values.get("data-count")

    def handle_data(self, data: str) -> None:
        if self._count is not None and data.strip():
            self.counts[self._count] = data.strip()
            self._count = None


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from parplan.cli import app

    out = tmp_path_factory.mktemp("site") / "site"
    result = CliRunner().invoke(
        app, ["site", "--plans", str(PROGRESS), "--as-of", "2022-10-01", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


def test_site_pages_exist(site: Path) -> None:
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert "index.html" in pages
    assert {"don-vi/HCTC.html", "don-vi/KSTTHC.html"} <= set(pages)
    assert {f"nhiem-vu/{name}.html" for name in ("A-DUNG-HAN", "G-BAO-CAO", "I-GIA-HAN")} <= set(
        pages
    )
    # Reports of the periods whose data cut-off passed before 01/10/2022.
    assert [p for p in pages if p.startswith("bao-cao/")] == [
        "bao-cao/bao-cao-6-thang-dau-nam-2022.html", "bao-cao/bao-cao-9-thang-2022.html",
        "bao-cao/bao-cao-quy-I-2022.html", "bao-cao/bao-cao-quy-II-2022.html", "bao-cao/bao-cao-quy-III-2022.html",
    ]  # fmt: skip


def test_site_has_no_broken_internal_links(site: Path) -> None:
    checked = 0
    for page in site.rglob("*.html"):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            if re.match(r"^[a-z]+:", link) or link.startswith("#"):
                continue
            target = (page.parent / link.split("#")[0]).resolve()
            assert target.is_file(), f"{page.relative_to(site)} → {link}"
            checked += 1
    assert checked > 50


def test_site_numbers_agree_with_status_json(site: Path, run_cli: RunCli) -> None:
    status = json.loads(
        run_cli(
            "status", "--plans", str(PROGRESS), "--as-of", "2022-10-01", "--format", "json"
        ).stdout
    )
    parser = _Links()
    html = (site / "index.html").read_text(encoding="utf-8")
    parser.feed(html)
    assert {key: int(value) for key, value in parser.counts.items()} == status["counts"]
    headline = status["headline"]
    assert f"Đã hoàn thành {headline['done_of_due']}/{headline['due']} việc đến hạn" in html
    for unit in status["departments"]:
        assert re.search(
            rf'don-vi/{unit["code"]}\.html">[^<]+</a></th>(<td class="num">\d+</td>){{6}}<td class="num">{unit["total"]}</td>',
            html,
        )


def test_site_is_accessible(site: Path) -> None:
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert '<html lang="vi">' in html
        data_tables = html.count("<table") - html.count('role="presentation"')
        assert data_tables == html.count("<caption"), page
        assert "<script" not in html
    index = (site / "index.html").read_text(encoding="utf-8")
    assert index.count("<svg") == 3 and index.count("<title id=") == 3
    assert 'name="viewport"' in index


def test_site_renders_plan_text_literally(
    run_cli: RunCli, minimal_plan: Path, tmp_path: Path
) -> None:
    path = minimal_plan / "phu-luc.yaml"
    title = "<script>alert(1)</script> {{ 7 * 7 }} & <b>đậm</b>"
    path.write_text(
        path.read_text(encoding="utf-8").replace("title: Nhiệm vụ một lần", f"title: '{title}'"),
        encoding="utf-8",
    )
    out = tmp_path / "site"
    assert (
        run_cli(
            "site", "--plans", str(minimal_plan), "--as-of", "2023-01-10", "--out", str(out)
        ).exit_code
        == 0
    )
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script" not in html and "<b>đậm" not in html
    task = (out / "nhiem-vu" / "T-1.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7 * 7 }} &amp; &lt;b&gt;đậm&lt;/b&gt;" in task
