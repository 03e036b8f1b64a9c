"""Issue 13's observations, each a test: every figure true as of its day and the same in every
view (status, overdue, report, site, calendar), continuous duties in no rate, completion figures
that say what they are of, and the next period's focus of a report."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from parplan.loading import load_plan
from parplan.periods import Period
from parplan.report import build_report, render_report
from parplan.status import plan_status
from parplan.targets import Verdict
from parplan.template_filters import format_percent

from .conftest import FIXTURES, SHIPPED_PLANS, RunCli

DUE_Q3 = "2022-09-16"  # the quý III reports: cut-off 14/09 (Wed) + 2 working days


def record(plans: Path, task: str, lines: str) -> None:
    """Add ``lines`` (indented as a task's keys) at the end of ``task`` in the shipped plan's
    appendix; every shipped task ends with its ``to_confirm`` line."""
    path = plans / "2022" / "phu-luc.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  - id: {task}\n")
    end = text.index("\n", text.index("    to_confirm:", start)) + 1
    path.write_text(text[:end] + lines + text[end:], encoding="utf-8")


def add_task(plans: Path, lines: str) -> None:
    path = plans / "2022" / "phu-luc.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + lines, encoding="utf-8"
    )


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    target = tmp_path / "plans"
    shutil.copytree(SHIPPED_PLANS, target)
    return target


def status_json(run_cli: RunCli, plans: Path, as_of: str, *options: str) -> dict[str, Any]:
    result = run_cli(
        "status", "--plans", str(plans), "--as-of", as_of, "--format", "json", *options
    )
    assert result.exit_code == 0, result
    payload: dict[str, Any] = json.loads(result.stdout)
    return payload


def report_md(run_cli: RunCli, plans: Path, *period: str) -> str:
    result = run_cli("report", *period, "--plans", str(plans), "--format", "md", "--output", "-")
    assert result.exit_code == 0, result
    return result.stdout


# --- An extension counts from the day it was decided --------------------------------------------


EXTENDED = (
    "    occurrences:\n"
    "      Q3:\n"
    "        extensions:\n"
    "          - {deadline: 30/09/2022, reason: Chờ số liệu, decided_on: 12/09/2022}\n"
)


def test_an_extension_does_not_count_before_the_day_it_was_decided(
    run_cli: RunCli, plans: Path
) -> None:
    record(plans, "GP-D-KSTTHC", EXTENDED)
    before = status_json(run_cli, plans, "2022-09-05")
    soon = {item["key"]: item for item in before["due_soon"]["items"]}
    assert soon["GP-D-KSTTHC@Q3"]["due"] == DUE_Q3
    assert soon["GP-D-KSTTHC@Q3"]["original_due"] == DUE_Q3
    after = status_json(run_cli, plans, "2022-09-13", "--within", "30")
    soon = {item["key"]: item for item in after["due_soon"]["items"]}
    assert soon["GP-D-KSTTHC@Q3"]["due"] == "2022-09-30"
    # On 20/09 the report of quý III is overdue for the other office, not for this one.
    late = json.loads(
        run_cli(
            "overdue", "--plans", str(plans), "--as-of", "2022-09-20", "--format", "json"
        ).stdout
    )
    assert [row["key"] for row in late if row["key"].endswith("@Q3")] == ["GP-D-CCHC@Q3"]


def test_the_calendar_puts_an_event_on_the_deadline_in_force_that_day(
    run_cli: RunCli, plans: Path
) -> None:
    record(plans, "GP-D-KSTTHC", EXTENDED)

    def event_day(as_of: str) -> str:
        feed = run_cli("calendar", "--plans", str(plans), "--as-of", as_of).stdout
        (event,) = [e for e in feed.split("BEGIN:VEVENT") if "UID:2022-GP-D-KSTTHC-Q3@" in e]
        found = re.search(r"DTSTART;VALUE=DATE:(\d{8})", event)
        assert found is not None
        return found.group(1)

    assert event_day("2022-09-05") == "20220916"
    assert event_day("2022-09-13") == "20220930"


# --- Work done after the day of a view is not "in progress" on it -------------------------------


DONE_Q3 = (
    "    occurrences:\n"
    "      Q3: {done_on: 16/09/2022, evidence: [{on: 16/09/2022, text: Báo cáo số 123/BC-VP}]}\n"
)


def test_work_done_after_the_day_of_the_view_is_not_in_progress_on_it(
    run_cli: RunCli, plans: Path
) -> None:
    record(plans, "GP-D-CCHC", DONE_Q3)
    early = status_json(run_cli, plans, "2022-09-10")
    soon = {item["key"]: item for item in early["due_soon"]["items"]}
    assert soon["GP-D-CCHC@Q3"]["class"] == "not_due"
    assert soon["GP-D-CCHC@Q3"]["status"] == "not_started"  # nothing recorded by then
    assert early["counts"]["in_progress"] == 0
    later = status_json(run_cli, plans, "2022-09-16")
    assert later["counts"]["done_on_time"] == 1


def test_the_6_month_report_does_not_see_the_quarter_iii_reports(
    run_cli: RunCli, plans: Path
) -> None:
    record(plans, "GP-D-CCHC", DONE_Q3)
    record(plans, "GP-D-KSTTHC", DONE_Q3)
    report = build_report(load_plan(plans), Period.H1)
    assert report.totals.in_progress == 0
    assert report.totals.done_on_time + report.totals.done_late == 0
    rows = {row.key: row for row in report.appendix_rows}
    assert rows["GP-D-CCHC@Q3"].status == "chưa đến hạn"
    assert rows["GP-D-CCHC@Q3"].evidence == ""  # the evidence is dated after the cut-off


# --- Continuous duties are in no rate -----------------------------------------------------------


RECORDED = "    occurrences:\n      Q3: {done_on: 16/09/2022}\n"


def test_a_field_of_continuous_duties_has_no_rate_with_one_recorded(
    run_cli: RunCli, plans: Path
) -> None:
    # Field 5 (Chế độ công vụ): GP-DD and GP-H, quý III and quý IV each, all continuous.
    record(plans, "GP-DD", RECORDED)
    payload = status_json(run_cli, plans, "2022-09-30")
    (field_5,) = [f for f in payload["par_fields"] if f["code"] == "5"]
    assert (field_5["total"], field_5["continuous"], field_5["reported"]) == (4, 4, 1)
    assert (field_5["done"], field_5["with_deadline"]) == (0, 0)
    assert field_5["percent_of_year"] is None and field_5["done_share"] is None
    text = run_cli(
        "status", "--plans", str(plans), "--as-of", "2022-09-30", env={"COLUMNS": "120"}
    ).stdout
    line = next(line for line in text.splitlines() if "5. " in line and "công vụ" in line)
    assert "100%" not in line and "thường xuyên" in line
    status = plan_status(load_plan(plans), date(2022, 9, 30), par_field="5")
    assert status.headline.percent_of_total is None and status.headline.reported == 1


def test_recording_a_continuous_duty_changes_no_rate(run_cli: RunCli, plans: Path) -> None:
    before = status_json(run_cli, plans, "2022-09-30")["headline"]
    record(plans, "GP-DD", RECORDED)
    after = status_json(run_cli, plans, "2022-09-30")
    headline = after["headline"]
    for key in ("due", "done_of_due", "total", "done", "percent_of_due", "percent_of_total"):
        assert headline[key] == before[key], key
    assert (before["total"], before["continuous"], before["reported"]) == (11, 16, 0)
    assert (headline["continuous"], headline["reported"]) == (16, 1)
    assert after["counts"]["continuous"] == 16  # recorded, still continuous: never done
    assert headline["continuous_text"] == (
        "16 việc thường xuyên (1 đã ghi kết quả đến ngày 30/09/2022)"
    )


def _continuous_in_text(text: str) -> tuple[int, int]:
    found = re.search(r"Ngoài ra có (\d+) việc thường xuyên \((\d+) đã ghi kết quả", text)
    if found is None:
        assert "Không có việc thường xuyên." in text
        return 0, 0
    return int(found.group(1)), int(found.group(2))


def _continuous_in_tables(text: str) -> list[int]:
    """The 'Thường xuyên' column of the totals rows of the field and unit tables."""
    return [
        int(cells[-1].strip("* "))
        for line in text.splitlines()
        if line.startswith("| **Tổng cộng**")
        for cells in [line.strip("|").split("|")]
    ]


@pytest.mark.parametrize(
    ("option", "expected"),
    # GP-DD's result of quý III is recorded on 16/09, after the quarter's cut-off (14/09).
    [(("--quarter", "III"), (16, 0)), (("--half", "1"), (16, 0)), (("--annual",), (16, 1))],
)
def test_report_text_and_tables_agree_on_continuous_duties(
    run_cli: RunCli, plans: Path, option: tuple[str, ...], expected: tuple[int, int]
) -> None:
    record(plans, "GP-DD", RECORDED)
    text = report_md(run_cli, plans, *option)
    assert _continuous_in_text(text) == expected
    assert _continuous_in_tables(text) == [expected[0], expected[0]]


# --- Completion figures say what they are of; never 100% or "đạt" while work is open ----------


def test_a_rate_is_rounded_down() -> None:
    from parplan.targets import rate

    assert [rate(999, 1000), rate(1999, 2000), rate(2, 3), rate(1, 1), rate(0, 0)] == [
        99.9, 99.9, 66.6, 100.0, None,
    ]  # fmt: skip
    assert format_percent(rate(1999, 2000) or 0) == "99,9%"


@pytest.mark.parametrize(
    ("due", "done", "required", "verdict"),
    [(2, 1, 50.0, Verdict.NOT_MET), (2, 2, 100.0, Verdict.MET), (0, 0, 100.0, Verdict.UNKNOWN),
     (2000, 1999, 99.9, Verdict.NOT_MET)],
)  # fmt: skip
def test_the_requirement_is_never_met_while_work_due_is_open(
    due: int, done: int, required: float, verdict: Verdict
) -> None:
    from parplan.targets import Headline

    headline = Headline(date(2022, 9, 30), required, None, due, done, due + 5, done)
    assert headline.verdict is verdict


DONE_LATE_BEFORE_DECEMBER = (
    "    occurrences:\n"
    "      Q2: {done_on: 20/07/2022}\n"
    "      H1: {done_on: 20/07/2022}\n"
    "      Q3: {done_on: 16/09/2022}\n"
)


def test_the_annual_report_does_not_say_100_percent_with_the_year_open(
    run_cli: RunCli, plans: Path
) -> None:
    record(plans, "GP-D-CCHC", DONE_LATE_BEFORE_DECEMBER)
    record(plans, "GP-D-KSTTHC", DONE_LATE_BEFORE_DECEMBER)
    text = report_md(run_cli, plans, "--annual")
    assert "so với yêu cầu" not in text
    assert (
        "Kết quả: hoàn thành 6/6 việc đến hạn đến ngày 14/12/2022 (100%); "
        "cả năm 6/11 việc có thời hạn (54,5%)."
    ) in text


def test_the_site_never_says_the_requirement_is_met_while_work_due_is_open(
    run_cli: RunCli, plans: Path, tmp_path: Path
) -> None:
    record(plans, "GP-D-CCHC", DONE_LATE_BEFORE_DECEMBER)  # GP-D-KSTTHC's reports stay open
    site = tmp_path / "site"
    assert run_cli("site", "--plans", str(plans), "--as-of", "2022-10-01", "--out", str(site))
    html = (site / "index.html").read_text(encoding="utf-8")
    assert "hoàn thành 3/6 việc đến hạn đến ngày 01/10/2022 (50%)" in html
    assert "Đạt yêu cầu" not in html and "Chưa đạt yêu cầu." in html
    assert 'data-verdict="MT-100">chưa đạt<' in html


def _burnup(html: str, kind: str) -> dict[int, str]:
    return {
        int(month): value
        for month, value in re.findall(rf'data-burnup-{kind}="(\d+)">([^<]*)<', html)
    }


def test_the_site_headline_and_burnup_count_the_same_work(
    run_cli: RunCli, plans: Path, tmp_path: Path
) -> None:
    record(plans, "GP-DD", RECORDED)  # a continuous duty recorded: in no count of either
    record(plans, "GP-D-CCHC", DONE_LATE_BEFORE_DECEMBER)
    site = tmp_path / "site"
    run_cli("site", "--plans", str(plans), "--as-of", "2022-10-01", "--out", str(site))
    html = (site / "index.html").read_text(encoding="utf-8")
    headline = status_json(run_cli, plans, "2022-10-01")["headline"]
    assert f"cả năm {headline['done']}/{headline['total']} việc có thời hạn" in html
    assert headline["total"] == 11
    assert f"(trên {headline['total']} việc có thời hạn cả năm)" in html
    assert f"(trên {headline['total']} việc có thời hạn)</text>" in html  # the chart's legend
    due, done = _burnup(html, "due"), _burnup(html, "done")
    assert (int(due[10]), int(done[10])) == (headline["due"], headline["done_of_due"])
    assert done[11] == "" and int(due[12]) <= headline["total"]
    september = status_json(run_cli, plans, "2022-09-30")["headline"]
    assert (int(due[9]), int(done[9])) == (september["due"], september["done_of_due"])


def test_the_burnups_months_ahead_count_work_due_as_the_status_of_those_days(
    run_cli: RunCli, plans: Path, tmp_path: Path
) -> None:
    """Review M1: the months after the view day were counted with "deadline on or before the
    month's end", the status with "deadline passed" (work due on the 30/11 counted a day early).
    With no fact recorded after the view day, each month ahead is the status of its end."""
    site = tmp_path / "site"
    run_cli("site", "--plans", str(plans), "--as-of", "2022-09-30", "--out", str(site))
    due = _burnup((site / "index.html").read_text(encoding="utf-8"), "due")
    plan = load_plan(plans)
    for month, end in (
        (10, date(2022, 10, 31)),
        (11, date(2022, 11, 30)),
        (12, date(2022, 12, 31)),
    ):
        assert int(due[month]) == plan_status(plan, end).tally.due, month


# --- The next period's focus ----------------------------------------------------------------------


def _keys(rows: list[Any]) -> list[str]:
    return [row.key for row in rows]


def test_the_quarter_iii_report_looks_at_all_of_quarter_iv(plans: Path) -> None:
    report = build_report(load_plan(plans), Period.Q3)
    assert report.next_until == "31/12/2022"
    # Overdue at the cut-off (14/09): the reports of quý II and 6 tháng, carried forward; then
    # the quý IV and annual reports (16/12) and GP-B (31/12); never the quý III reports.
    assert _keys(report.next_tasks) == [
        "GP-D-CCHC@Q2", "GP-D-CCHC@H1", "GP-D-KSTTHC@Q2", "GP-D-KSTTHC@H1",
        "GP-D-CCHC@Q4", "GP-D-CCHC@Y", "GP-D-KSTTHC@Q4", "GP-D-KSTTHC@Y", "GP-B",
    ]  # fmt: skip
    assert len(report.next_continuous) == 8
    assert all(key.endswith("@Q4") for key in _keys(report.next_continuous))
    text = render_report(load_plan(plans), report, "md").decode("utf-8")
    assert "### 2. Việc thường xuyên quý IV năm 2022" in text


def test_the_6_month_report_does_not_list_its_own_report(plans: Path) -> None:
    report = build_report(load_plan(plans), Period.H1)
    keys = _keys(report.next_tasks)
    assert not [key for key in keys if key.endswith(("@H1", "@Q2"))]  # made with this report
    assert keys == [
        "GP-D-CCHC@Q3", "GP-D-KSTTHC@Q3", "GP-D-CCHC@Q4", "GP-D-CCHC@Y", "GP-D-KSTTHC@Q4",
        "GP-D-KSTTHC@Y", "GP-B",
    ]  # fmt: skip
    assert len(report.next_continuous) == 16  # quý III and quý IV of every duty


CARRIED_OVER = """  - id: CT-CHUYEN-TIEP
    title: Số hóa hồ sơ lưu trữ giai đoạn 2022–2023
    source: II.2.g
    criteria: [PAR 7]
    lead: KSTTHC
    deadline: 31/03/2023
    carried_over: true
    output: Hồ sơ lưu trữ được số hóa
"""


@pytest.mark.parametrize("period", [Period.Q4, Period.Y])
def test_quarter_iv_and_the_year_say_what_remains_and_what_rolls_over(
    plans: Path, period: Period
) -> None:
    add_task(plans, CARRIED_OVER)
    plan = load_plan(plans)
    report = build_report(plan, period)
    assert report.next_outside_plan and report.next_year == 2023
    # Open at 14/12: the reports of quý II, 6 tháng and quý III, overdue; GP-B due 31/12. Not
    # the quý IV and annual reports, made with this one.
    assert _keys(report.next_tasks) == [
        "GP-D-CCHC@Q2", "GP-D-CCHC@H1", "GP-D-KSTTHC@Q2", "GP-D-KSTTHC@H1",
        "GP-D-CCHC@Q3", "GP-D-KSTTHC@Q3", "GP-B",
    ]  # fmt: skip
    assert _keys(report.next_carried_over) == ["CT-CHUYEN-TIEP"]
    text = render_report(plan, report, "md").decode("utf-8")
    assert "### 1. Việc còn lại của Kế hoạch, hạn đến ngày 31/12/2022" in text
    assert "### 2. Việc chuyển sang năm 2023" in text
    carried = text.split("### 2. Việc chuyển sang năm 2023", 1)[1].split("## IV.", 1)[0]
    assert (
        "- Số hóa hồ sơ lưu trữ giai đoạn 2022–2023; chủ trì: Phòng Kiểm soát thủ tục hành chính; "
        "hạn 31/03/2023; chưa đến hạn."
    ) in carried.splitlines()


def test_a_monthly_report_cut_off_with_the_quarter_stays_in_the_focus() -> None:
    """Review M4: the report of tháng 9 is cut off on 14/09 like quý III's, but it is an
    obligation of its own: open at the cut-off, it is in the quý III report's focus, and the
    open report of tháng 12 is in what remains of the year in the annual report."""
    plan = load_plan(FIXTURES / "all-needs")
    quarter = _keys(build_report(plan, Period.Q3).next_tasks)
    assert "BC-THANG@T9" in quarter and "BC-THANG@T10" in quarter
    assert not any(key.endswith("@Q3") for key in quarter)
    assert "BC-THANG@T12" in _keys(build_report(plan, Period.Y).next_tasks)


def test_the_sipas_section_lists_sipas_work_under_way_at_the_cut_off() -> None:
    """Review M5: work tied to a SIPAS factor and under way at the cut-off is the period's SIPAS
    work too; the section said there was none."""
    report = build_report(load_plan(FIXTURES / "all-needs"), Period.Q3)
    listed = [row.key for group in report.sipas for row in group.rows]
    assert "TTHC-RA-SOAT-2" in listed
