"""parplan new-year: the next year's plan from this one, as new files only, on copies of the
shipped plan and of the progress, parts and scores fixtures."""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from parplan.loading import load_plan, validate_paths
from parplan.new_year_text import roll_deadline, roll_text
from parplan.periods import Period
from parplan.schedule import period_deadline, work_calendar
from parplan.status import plan_status
from parplan.tracking import StatusClass
from parplan.workdays import WorkCalendar

from .conftest import FIXTURES, SHIPPED_PLANS, RunCli

END_2022 = date(2022, 12, 31)


def _hashes(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _plans_with(tmp_path: Path, fixture: str | None) -> Path:
    """A plans folder: the shipped one, or one holding the fixture as its 2022 folder."""
    plans = tmp_path / "plans"
    if fixture is None:
        shutil.copytree(SHIPPED_PLANS, plans)
    else:
        shutil.copytree(FIXTURES / fixture, plans / "2022")
    return plans


def _open_timed_work(plans: Path) -> dict[str, date | None]:
    """The 2022 work that is open on 31/12/2022, counted here from the old plan's own status:
    timed, not recurring, not done (a task with parts by its parts); with its deadline in force."""
    plan = load_plan(plans, 2022, use_cache=False)
    open_work: dict[str, date | None] = {}
    for item in plan_status(plan, END_2022).items:
        task = item.occurrence.parent or item.occurrence.task
        if item.occurrence.period is not None or task.recurrence or task.continuous:
            continue
        if item.status_class.done:
            continue
        known = open_work.get(task.id)
        deadlines = [day for day in (known, item.deadline) if day is not None]
        open_work[task.id] = max(deadlines) if deadlines else None
    return open_work


CASES = [None, "progress-2022", "parts-2022", "scores-2022"]


@pytest.mark.parametrize("fixture", CASES)
def test_new_year_writes_a_valid_draft_of_new_files_only(
    run_cli: RunCli, tmp_path: Path, fixture: str | None
) -> None:
    plans = _plans_with(tmp_path, fixture)
    old_folder = plans / "2022"
    before = _hashes(plans)
    open_work = _open_timed_work(plans)
    assert open_work  # every case has open work to carry
    result = run_cli("new-year", "2023", "--plans", str(plans), "--format", "json")
    assert result.exit_code == 0, result
    summary = json.loads(result.stdout)
    new_folder = plans / "2023"
    assert summary["folder"] == str(new_folder)
    # The old year is byte-identical; the tree holds the old files and the new ones, nothing else.
    after = _hashes(plans)
    assert {name: after[name] for name in before} == before
    old_names = {path.name for path in old_folder.rglob("*.yaml")}
    new_names = {path.name for path in new_folder.rglob("*.yaml")}
    assert old_names == new_names
    assert set(after) == set(before) | {f"2023/{name}" for name in new_names}
    # The new folder validates alone and with the old one beside it.
    assert validate_paths([new_folder])[0].ok
    assert validate_paths([plans])[0].ok
    # Every open timed task of 2022 appears once, carried, with the deadline in force; no other.
    new_plan = load_plan(plans, 2023, use_cache=False)
    carried = {task.id: task for task in new_plan.tasks if task.carried_from is not None}
    assert sorted(carried) == sorted(open_work)
    assert [task.id for task in new_plan.tasks].count("GP-B") <= 1
    for task_id, deadline in open_work.items():
        origin = carried[task_id].carried_from
        assert origin is not None
        assert (origin.year, origin.id, origin.deadline) == (2022, task_id, deadline)
        assert "deadline" in carried[task_id].to_confirm or carried[task_id].deadline is None
        # A task of its own gets the deadline in force moved on (an extension included).
        if not carried[task_id].parts and deadline is not None:
            assert carried[task_id].deadline_on(2023) == date(2023, deadline.month, deadline.day)
    assert sorted(item["id"] for item in summary["carried"]) == sorted(open_work)
    # Done timed work is not copied.
    old_plan = load_plan(plans, 2022, use_cache=False)
    done = {
        (item.occurrence.parent or item.occurrence.task).id
        for item in plan_status(old_plan, END_2022).items
        if item.status_class.done and item.occurrence.period is None
    } - set(open_work)
    assert not done & {task.id for task in new_plan.tasks}
    # No progress of 2022 is seen in 2023.
    status = run_cli("status", "--plans", str(plans), "--as-of", "2023-03-01", "--format", "json")
    assert status.exit_code == 0, status
    counts = json.loads(status.stdout)["counts"]
    assert counts["done_on_time"] == counts["done_late"] == counts["in_progress"] == 0
    assert all(task.progress is None and not task.occurrences for task in new_plan.tasks)
    assert all(part.progress is None for task in new_plan.tasks for part in task.parts)


def test_the_shipped_plan_rolls_into_2023(run_cli: RunCli, tmp_path: Path) -> None:
    plans = _plans_with(tmp_path, None)
    result = run_cli("new-year", "2023", "--plans", str(plans))
    assert result.exit_code == 0, result
    assert "Chuyển 1 nhiệm vụ chưa hoàn thành năm 2022:" in result.stdout
    assert "GP-B (hạn năm 2022: 31/12/2022; hạn mới: 31/12/2023, chờ xác nhận)" in result.stdout
    assert "22/01/2023: Tết Nguyên Đán" in result.stdout
    assert "Kiểm tra: parplan validate" in result.stdout
    assert "xem bản dự thảo: parplan document --year 2023" in result.stdout
    plan = load_plan(plans, 2023, use_cache=False)
    assert plan.year == 2023
    assert plan.document.number is None and plan.document.issued_on is None
    assert {"title", "number", "issued_on", "basis", "signature"} <= set(plan.document.to_confirm)
    assert "2022" not in plan.document.title
    assert plan.document.basis == load_plan(plans, 2022, use_cache=False).document.basis
    assert plan.document.appendix_note is not None
    assert plan.document.appendix_note.startswith("Phụ lục lập bằng parplan new-year")
    assert plan.calendar.confirmed is False
    text = (plans / "2023" / "phu-luc.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../parplan.schema.json\n# Bản dự thảo")
    assert "recurrence: {periods: [Q1, Q2, H1, Q3, Q4, Y]}" in text
    assert "\r" not in text
    target = next(t for t in plan.targets if t.measure == "completion_rate")
    assert target.baseline is not None and target.baseline.year == 2022
    assert set(target.to_confirm) == {"text", "value", "baseline"}
    assert "2023" in target.text
    # The preamble quotes the document it carries out (Kế hoạch 142/KH-UBND … năm 2022): that
    # document keeps its year; the new plan's own words move on.
    citation = " ".join(plan.document.basis[0].citation.split())
    assert plan.document.preamble is not None
    assert citation.endswith("năm 2022") and citation in plan.document.preamble
    assert "Kế hoạch nâng cao PAR Index và SIPAS năm 2023" in plan.document.preamble


def test_every_recurring_report_of_2023_is_due_under_the_rule(
    run_cli: RunCli, tmp_path: Path
) -> None:
    """Quý I/2023: data to 14/03/2023, report due 16/03/2023; Tết 2023 falls in its window."""
    plans = _plans_with(tmp_path, None)
    assert run_cli("new-year", "2023", "--plans", str(plans)).exit_code == 0
    plan = load_plan(plans, 2023, use_cache=False)
    start, end = plan.reporting.window_rule.window(Period.Q1, 2023)
    assert end == date(2023, 3, 14)
    tet = [day for day, name in WorkCalendar().public_holidays(2023).items() if "Tết Ng" in name]
    assert tet and all(start <= day <= end for day in tet)
    status = plan_status(plan, date(2023, 3, 1))
    reports = [item for item in status.items if item.occurrence.period is not None]
    q1 = [item for item in reports if item.occurrence.period is Period.Q1]
    assert q1 and all(
        item.deadline == date(2023, 3, 16) for item in q1 if not item.occurrence.continuous
    )
    calendar = work_calendar(plan)
    for item in reports:
        period = item.occurrence.period
        if not item.occurrence.continuous and period is not None:
            assert item.deadline == period_deadline(plan, period, calendar)
            assert item.deadline is not None and item.deadline.year == 2023
    assert {item.occurrence.period for item in reports} >= {Period.Q1, Period.Q2, Period.Q3}


def test_parts_done_are_dropped_and_scores_history_kept(run_cli: RunCli, tmp_path: Path) -> None:
    plans = _plans_with(tmp_path, "scores-2022")
    assert run_cli("new-year", "2023", "--plans", str(plans)).exit_code == 0
    plan = load_plan(plans, 2023, use_cache=False)
    old = load_plan(plans, 2022, use_cache=False)
    assert plan.results == old.results
    assert plan.measurements == ()
    rank = next(t for t in plan.targets if t.measure == "rank")
    assert rank.baseline is not None and (rank.baseline.year, rank.baseline.value) == (2022, 25)
    assert rank.baseline.source == "Quyết định thử số 20/QĐ-THU ngày 19/4/2023"
    assert "T-CONG-BO" not in {task.id for task in plan.tasks}  # done on 20/06/2022


def test_running_twice_refuses_and_changes_nothing(run_cli: RunCli, tmp_path: Path) -> None:
    plans = _plans_with(tmp_path, "progress-2022")
    assert run_cli("new-year", "2023", "--plans", str(plans)).exit_code == 0
    before = _hashes(plans)
    again = run_cli("new-year", "2023", "--plans", str(plans))
    assert again.exit_code == 1, again
    assert "đã có" in again.stderr
    assert _hashes(plans) == before
    assert not [path for path in plans.iterdir() if path.name.startswith(".")]


def test_an_empty_target_folder_is_refused(run_cli: RunCli, tmp_path: Path) -> None:
    plans = _plans_with(tmp_path, "progress-2022")
    (plans / "2023").mkdir()
    result = run_cli("new-year", "2023", "--plans", str(plans))
    assert result.exit_code == 1, result
    assert "đã có (dù trống)" in result.stderr
    assert not any((plans / "2023").iterdir())


def test_a_missing_from_year_is_a_usage_error(run_cli: RunCli, tmp_path: Path) -> None:
    plans = _plans_with(tmp_path, "progress-2022")
    before = _hashes(plans)
    result = run_cli("new-year", "2023", "--from", "2019", "--plans", str(plans))
    assert result.exit_code == 2, result
    assert "không có kế hoạch năm 2019" in result.stderr and "có: 2022" in result.stderr
    assert _hashes(plans) == before
    assert run_cli("new-year", "2022", "--plans", str(plans)).exit_code == 2


def test_an_invalid_old_plan_is_refused_with_its_findings(run_cli: RunCli, tmp_path: Path) -> None:
    plans = _plans_with(tmp_path, "progress-2022")
    file = plans / "2022" / "tien-do.yaml"
    file.write_text(
        file.read_text(encoding="utf-8").replace("lead: HCTC", "lead: XYZ", 1), encoding="utf-8"
    )
    before = _hashes(plans)
    result = run_cli("new-year", "2023", "--plans", str(plans))
    assert result.exit_code == 1, result
    assert "unit-unknown" in result.stderr and "tien-do.yaml:" in result.stderr
    assert _hashes(plans) == before


def test_two_plans_of_the_old_year_are_refused(run_cli: RunCli, tmp_path: Path) -> None:
    plans = _plans_with(tmp_path, "progress-2022")
    shutil.copytree(plans / "2022", plans / "ban-sao")
    before = _hashes(plans)
    result = run_cli("new-year", "2023", "--plans", str(plans))
    assert result.exit_code == 1, result
    assert "plan-year-duplicate" in result.stderr
    assert _hashes(plans) == before


def test_a_plan_of_the_new_year_elsewhere_is_refused(run_cli: RunCli, tmp_path: Path) -> None:
    plans = _plans_with(tmp_path, None)
    assert (
        run_cli("new-year", "2023", "--plans", str(plans), "-O", str(plans / "du-thao")).exit_code
        == 0
    )
    before = _hashes(plans)
    result = run_cli("new-year", "2023", "--plans", str(plans))
    assert result.exit_code == 1, result
    assert "đã có kế hoạch năm 2023" in result.stderr
    assert _hashes(plans) == before


def test_the_draft_document_says_where_carried_work_came_from(
    run_cli: RunCli, tmp_path: Path
) -> None:
    plans = _plans_with(tmp_path, "progress-2022")
    carried = run_cli(
        "update", "D-CHUA-LAM", "--plans", str(plans), "--year", "2022", "--carry-over",
        "--reason", "Chờ hướng dẫn của Sở Nội vụ", "--on", "2022-12-10",
    )  # fmt: skip
    assert carried.exit_code == 0, carried
    assert run_cli("new-year", "2023", "--plans", str(plans)).exit_code == 0
    result = run_cli(
        "document", "--plans", str(plans), "--year", "2023", "--format", "md", "--output", "-"
    )
    assert result.exit_code == 0, result
    assert (
        "Chưa làm, đã quá hạn (chuyển từ Kế hoạch năm 2022, hạn cũ 31/08/2022; lý do: Chờ hướng "
        "dẫn của Sở Nội vụ)" in result.stdout
    )
    assert "Được gia hạn (chuyển từ Kế hoạch năm 2022, hạn cũ 31/10/2022)" in result.stdout
    assert "Ghi chú của phụ lục năm 2022" not in result.stdout


def test_the_draft_document_renders_as_a_draft(run_cli: RunCli, tmp_path: Path) -> None:
    plans = _plans_with(tmp_path, None)
    assert run_cli("new-year", "2023", "--plans", str(plans)).exit_code == 0
    result = run_cli(
        "document", "--plans", str(plans), "--year", "2023", "--format", "md", "--output", "-"
    )
    assert result.exit_code == 0, result
    assert "DỰ THẢO" in result.stdout.split("# KẾ HOẠCH")[0]
    title = result.stdout.split("# KẾ HOẠCH", 1)[1].strip().split("\n", 1)[0]
    assert "năm 2023" in title and "2022" not in title


def test_a_new_plan_rolls_on_again(run_cli: RunCli, tmp_path: Path) -> None:
    plans = _plans_with(tmp_path, "parts-2022")
    assert run_cli("new-year", "2023", "--plans", str(plans)).exit_code == 0
    result = run_cli("new-year", "2024", "--from", "2023", "--plans", str(plans))
    assert result.exit_code == 0, result
    plan = load_plan(plans, 2024, use_cache=False)
    assert plan.year == 2024
    assert all(t.carried_from is None or t.carried_from.year == 2023 for t in plan.tasks)
    assert validate_paths([plans])[0].ok
    status = plan_status(plan, date(2024, 6, 30))
    assert all(item.status_class is not StatusClass.DONE_ON_TIME for item in status.items)


@pytest.mark.parametrize(
    ("written", "rolled"),
    [
        ("31/12/2022", "31/12/2023"),
        ("trước ngày 30/11/2022", "trước ngày 30/11/2023"),
        ("tháng 11/2022", "tháng 11/2023"),
        ("trong năm 2022", "trong năm 2023"),
        ("Quý III", "Quý III"),
        ("2022-05-01", "01/05/2023"),
    ],
)
def test_deadlines_move_into_the_new_year(written: str, rolled: str) -> None:
    assert roll_deadline(written, 2022, 2023) == rolled


def test_29_february_becomes_28_february() -> None:
    assert roll_deadline("29/02/2024", 2024, 2025) == "28/02/2025"


def test_the_year_moves_on_only_where_it_stands_alone() -> None:
    text = (
        "Thực hiện Kế hoạch số 142/KH-UBND ngày 15/7/2022, Quyết định 12/2022/QĐ-UBND, giai "
        "đoạn 2021-2025 và 2022-2025, mã 20221; kế hoạch năm 2022."
    )
    assert roll_text(text, 2022, 2023) == text.replace("năm 2022.", "năm 2023.")
    quoted = "Kế hoạch số 7/KH-UBND về cải cách hành chính năm 2022"
    said = f"Thực hiện {quoted}; Văn phòng ban hành kế hoạch năm 2022."
    assert roll_text(said, 2022, 2023, [quoted]) == said.replace(
        "kế hoạch năm 2022", "kế hoạch năm 2023"
    )
