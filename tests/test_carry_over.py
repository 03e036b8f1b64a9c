"""Work carried into the next year's plan (``parplan update ID --carry-over``): recorded in place,
byte-exact; refused for what cannot be carried; a dated fact every view shows from its day (and
none before), and that ``diff`` says; two carries at once both land."""

from __future__ import annotations

import difflib
import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from parplan.loading import load_plan
from parplan.occurrence_rows import occurrence_row
from parplan.status import plan_status

from .conftest import FIXTURES, RunCli

PARPLAN = Path(sys.executable).parent / "parplan"
REASON = "Chờ hướng dẫn của Bộ Nội vụ"


@pytest.fixture
def progress_plans(tmp_path: Path) -> Path:
    """A plans folder holding a copy of the progress fixture (a task for each status class)."""
    plans = tmp_path / "plans"
    shutil.copytree(FIXTURES / "progress-2022", plans / "2022")
    return plans


def _changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def _carry(run_cli: RunCli, plans: Path, key: str, *more: str, on: str = "14/12/2022") -> Any:
    return run_cli(
        "update", key, "--carry-over", "--reason", REASON, "--on", on, "--plans", str(plans), *more
    )


def _task(plans: Path, file: str, task_id: str) -> dict[str, Any]:
    data = YAML(typ="safe").load((plans / "2022" / file).read_text(encoding="utf-8"))
    task: dict[str, Any] = next(task for task in data["tasks"] if task["id"] == task_id)
    return task


# --- update --carry-over: what it writes -------------------------------------------------------


def test_carry_over_adds_only_the_tasks_lines_comments_kept(
    run_cli: RunCli, progress_plans: Path
) -> None:
    path = progress_plans / "2022" / "tien-do.yaml"
    before = path.read_bytes()
    result = _carry(run_cli, progress_plans, "D-CHUA-LAM", "--document", "Công văn số 5/VP")
    assert result.exit_code == 0, result
    assert "D-CHUA-LAM" in result.stdout and "chuyển sang năm 2023" in result.stdout
    after = path.read_bytes()
    assert _changed_lines(before.decode(), after.decode()) == [
        "+    progress:",
        "+      carried:",
        "+        on: 14/12/2022",
        "+        to_year: 2023",
        f"+        reason: {REASON}",
        "+        document: Công văn số 5/VP",
    ]
    # Every other byte kept: the file's comments, and the lines of every other task.
    head = before.split(b"\nschema_version")[0]
    assert after.startswith(head)
    lines = before.decode().splitlines(keepends=True)
    task_end = next(i for i, line in enumerate(lines) if "id: E-THUONG-XUYEN" in line)
    assert after.decode().endswith("".join(lines[task_end:]))
    assert _task(progress_plans, "tien-do.yaml", "D-CHUA-LAM")["progress"] == {
        "carried": {
            "on": "14/12/2022",
            "to_year": 2023,
            "reason": REASON,
            "document": "Công văn số 5/VP",
        }
    }
    assert run_cli("validate", str(progress_plans / "2022")).exit_code == 0


def test_carry_over_goes_after_the_facts_recorded_and_keeps_them(
    run_cli: RunCli, progress_plans: Path
) -> None:
    path = progress_plans / "2022" / "tien-do.yaml"
    before = path.read_text(encoding="utf-8")
    result = _carry(run_cli, progress_plans, "I-GIA-HAN", "--to-year", "2024")
    assert result.exit_code == 0, result
    after = path.read_text(encoding="utf-8")
    extension = "        - {deadline: 31/10/2022, reason: Chờ hướng dẫn của Bộ Nội vụ, decided_on: 25/08/2022}"
    assert _changed_lines(before, after) == [
        "+      carried:",
        "+        on: 14/12/2022",
        "+        to_year: 2024",
        f"+        reason: {REASON}",
    ]
    assert after.index(extension) < after.index("      carried:")
    progress = _task(progress_plans, "tien-do.yaml", "I-GIA-HAN")["progress"]
    assert list(progress) == ["started_on", "notes", "extensions", "carried"]


def test_carry_over_again_with_the_same_values_changes_nothing(
    run_cli: RunCli, progress_plans: Path
) -> None:
    path = progress_plans / "2022" / "tien-do.yaml"
    assert _carry(run_cli, progress_plans, "F-CHUA-DEN-HAN").exit_code == 0
    carried = path.read_bytes()
    again = _carry(run_cli, progress_plans, "F-CHUA-DEN-HAN")
    assert again.exit_code == 0, again
    assert "Không có gì thay đổi" in again.stdout
    assert path.read_bytes() == carried


def test_a_part_is_carried_and_its_task_is_refused(run_cli: RunCli, tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(FIXTURES / "parts-2022", plans / "2022")
    path = plans / "2022" / "phu-luc.yaml"
    before = path.read_bytes()
    whole = _carry(run_cli, plans, "GP-B")
    assert whole.exit_code == 1, whole
    assert "GP-B-1, GP-B-2" in whole.stderr and "từng phần việc" in whole.stderr
    assert path.read_bytes() == before
    part = _carry(run_cli, plans, "GP-B-2")
    assert part.exit_code == 0, part
    (_, second) = _task(plans, "phu-luc.yaml", "GP-B")["parts"]
    assert second["progress"]["carried"]["to_year"] == 2023


REFUSALS = [
    # (work, more options, exit code, words of the message)
    ("A-DUNG-HAN", (), 1, "A-DUNG-HAN đã hoàn thành ngày 28/06/2022"),
    ("G-BAO-CAO@Q4", (), 1, "G-BAO-CAO@Q4 là một kỳ của việc định kỳ"),
    ("E-THUONG-XUYEN", (), 1, "E-THUONG-XUYEN là việc thường xuyên"),
    ("D-CHUA-LAM", ("--to-year", "2022"), 1, "D-CHUA-LAM thuộc kế hoạch năm 2022"),
    ("D-CHUA-LAM", ("--to-year", "2021"), 1, "không phải năm 2021"),
    ("D-CHUA-LAM", ("--new-deadline", "30/12/2022"), 2, "chỉ dùng một trong hai"),
    ("D-CHUA-LAM", ("--status", "done"), 2, "việc đã hoàn thành"),
]


@pytest.mark.parametrize(("key", "more", "code", "words"), REFUSALS)
def test_what_cannot_be_carried_is_refused_and_nothing_written(
    run_cli: RunCli, progress_plans: Path, key: str, more: tuple[str, ...], code: int, words: str
) -> None:
    path = progress_plans / "2022" / "tien-do.yaml"
    before = path.read_bytes()
    result = _carry(run_cli, progress_plans, key, *more)
    assert result.exit_code == code, result
    assert words in result.stderr
    assert path.read_bytes() == before


def test_a_carry_needs_its_reason_and_to_year_needs_a_carry(
    run_cli: RunCli, progress_plans: Path
) -> None:
    path = progress_plans / "2022" / "tien-do.yaml"
    before = path.read_bytes()
    plans = str(progress_plans)
    bare = run_cli("update", "D-CHUA-LAM", "--carry-over", "--on", "14/12/2022", "--plans", plans)
    assert bare.exit_code == 2 and "--reason" in bare.stderr, bare
    year = run_cli("update", "D-CHUA-LAM", "--to-year", "2023", "--plans", plans)
    assert year.exit_code == 2 and "--to-year đi cùng --carry-over" in year.stderr, year
    assert path.read_bytes() == before


def test_carried_already_with_another_reason_is_refused(
    run_cli: RunCli, progress_plans: Path
) -> None:
    path = progress_plans / "2022" / "tien-do.yaml"
    assert _carry(run_cli, progress_plans, "D-CHUA-LAM").exit_code == 0
    carried = path.read_bytes()
    plans = str(progress_plans)
    other = run_cli(
        "update", "D-CHUA-LAM", "--carry-over", "--reason", "Lý do khác", "--on", "14/12/2022",
        "--plans", plans,
    )  # fmt: skip
    assert other.exit_code == 1, other
    assert "đã ghi chuyển sang năm 2023 từ ngày 14/12/2022" in other.stderr
    assert path.read_bytes() == carried


def test_an_extension_into_the_next_year_says_to_carry_the_work(
    run_cli: RunCli, progress_plans: Path
) -> None:
    path = progress_plans / "2022" / "tien-do.yaml"
    before = path.read_bytes()
    result = run_cli(
        "update", "F-CHUA-DEN-HAN", "--new-deadline", "31/03/2023", "--reason", REASON,
        "--on", "14/12/2022", "--plans", str(progress_plans),
    )  # fmt: skip
    assert result.exit_code == 1, result
    assert "[deadline-outside-year]" in result.stdout + result.stderr
    said = result.stdout + result.stderr
    assert "parplan update F-CHUA-DEN-HAN --carry-over --reason" in said
    assert path.read_bytes() == before


# --- carried, then done -------------------------------------------------------------------------


def test_work_done_after_it_was_carried_is_done_from_then(
    run_cli: RunCli, progress_plans: Path
) -> None:
    """The decision of this module's rules: done after the carry is a fact (no finding); from
    its completion the work is done and no view says it was carried."""
    assert _carry(run_cli, progress_plans, "F-CHUA-DEN-HAN", on="10/12/2022").exit_code == 0
    plans = str(progress_plans)
    early = run_cli(
        "update", "F-CHUA-DEN-HAN", "--done-on", "09/12/2022", "--on", "20/12/2022",
        "--plans", plans,
    )  # fmt: skip
    assert early.exit_code == 1, early
    assert "[carried-done]" in early.stdout + early.stderr
    done = run_cli(
        "update", "F-CHUA-DEN-HAN", "--status", "done", "--on", "20/12/2022", "--plans", plans
    )
    assert done.exit_code == 0, done
    assert run_cli("validate", str(progress_plans / "2022")).exit_code == 0
    plan = load_plan(progress_plans, 2022)
    for day, carried, done_class in (
        (date(2022, 12, 9), None, False),
        (date(2022, 12, 19), 2023, False),
        (date(2022, 12, 20), None, True),
    ):
        status = plan_status(plan, day)
        item = next(i for i in status.items if i.occurrence.key == "F-CHUA-DEN-HAN")
        row = occurrence_row(plan, item)
        assert (row.carried_to, row.done) == (carried, done_class), day


# --- every view, as of a day before and from the day of the carry -------------------------------

CARRIED_ON = "14/12/2022"
DAYS = {"13/12/2022": False, "14/12/2022": True, "31/12/2022": True}
"""The day of each view, and whether the carry (recorded on 14/12/2022) is known by then."""
REPORT_OF_DAY = {
    "13/12/2022": ("--month", "11"),
    "14/12/2022": ("--annual",),
    "31/12/2022": ("--annual",),
}
"""The report made as of a day: the last one cut off by then (tháng 11: 14/11; năm: 14/12)."""


def _status_json(run_cli: RunCli, plans: Path, day: str, _: Path) -> bool:
    result = run_cli("status", "--plans", str(plans), "--as-of", day, "--format", "json")
    assert result.exit_code == 0, result
    payload = json.loads(result.stdout)
    (row,) = [item for item in payload["overdue"] if item["key"] == "D-CHUA-LAM"]
    listed = [item["key"] for item in payload["carried"]]
    if row["carried_to"] is None:
        assert listed == [] and row["carried_reason"] is None and row["carried_on"] is None
        return False
    assert listed == ["D-CHUA-LAM"]
    assert (row["carried_to"], row["carried_reason"], row["carried_on"]) == (
        2023,
        REASON,
        "2022-12-14",
    )
    assert row["class"] == "overdue"  # carrying changes no status class
    return True


def _overdue_terminal(run_cli: RunCli, plans: Path, day: str, _: Path) -> bool:
    result = run_cli("overdue", "--plans", str(plans), "--as-of", day, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result
    assert "D-CHUA-LAM" in result.stdout
    return f"→ chuyển sang năm 2023: {REASON}" in result.stdout


def _checklist_md(run_cli: RunCli, plans: Path, day: str, _: Path) -> bool:
    result = run_cli(
        "checklist", "--plans", str(plans), "--as-of", day, "-d", "KSTTHC", "--format", "md",
        "--output", "-",
    )  # fmt: skip
    assert result.exit_code == 0, result
    block = result.stdout[result.stdout.index("**D-CHUA-LAM**") :].split("\n- [")[0]
    assert "- [ ] **D-CHUA-LAM**" in result.stdout  # carried work is not ticked
    return "quá hạn chưa hoàn thành" in block and "; chuyển sang năm 2023" in block


def _report_md(run_cli: RunCli, plans: Path, day: str, _: Path) -> bool:
    result = run_cli(
        "report", *REPORT_OF_DAY[day], "--plans", str(plans), "--format", "md", "--output", "-"
    )
    assert result.exit_code == 0, result
    text = result.stdout
    section = text[text.index("### 1. Tồn tại, hạn chế") : text.index("### 2. Nguyên nhân")]
    heading = "Nhiệm vụ chưa hoàn thành, chuyển sang năm 2023:"
    carried_line = (
        "- Chưa làm, đã quá hạn; chủ trì: Phòng Kiểm soát thủ tục hành chính; hạn 31/08/2022; "
        f"chưa hoàn thành, quá hạn 105 ngày; lý do: {REASON}."
    )
    overdue_line = "- Chưa làm, đã quá hạn; chủ trì: Phòng Kiểm soát thủ tục hành chính; hạn 31/08/2022; chưa hoàn thành, quá hạn"
    if heading not in section:
        assert carried_line not in text and overdue_line in section
        return False
    assert section.count("Chưa làm, đã quá hạn;") == 1  # said once: carried, not again overdue
    assert carried_line in section.split(heading)[1]
    outlook = text[text.index("### 2. Việc chuyển sang năm 2023") : text.index("## IV.")]
    assert "Chưa làm, đã quá hạn" in outlook
    return True


def _site_task_page(run_cli: RunCli, plans: Path, day: str, tmp: Path) -> bool:
    out = tmp / f"site-{day.replace('/', '-')}"
    result = run_cli("site", "--plans", str(plans), "--as-of", day, "--out", str(out))
    assert result.exit_code == 0, result
    page = (out / "nhiem-vu" / "D-CHUA-LAM.html").read_text(encoding="utf-8")
    assert "quá hạn chưa hoàn thành" in page
    return "chuyển sang năm 2023" in page


VIEWS = {
    "status-json": _status_json,
    "overdue-terminal": _overdue_terminal,
    "checklist-md": _checklist_md,
    "report-md": _report_md,
    "site-task-page": _site_task_page,
}


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("day", DAYS)
def test_every_view_shows_the_carry_from_its_day_and_not_before(
    run_cli: RunCli, progress_plans: Path, tmp_path: Path, day: str, view: str
) -> None:
    assert _carry(run_cli, progress_plans, "D-CHUA-LAM", on=CARRIED_ON).exit_code == 0
    assert VIEWS[view](run_cli, progress_plans, day, tmp_path) is DAYS[day]


def test_diff_says_the_carry_as_a_fact_with_its_day(
    run_cli: RunCli, progress_plans: Path, tmp_path: Path
) -> None:
    before = tmp_path / "before"
    shutil.copytree(progress_plans / "2022", before)
    assert (
        _carry(run_cli, progress_plans, "D-CHUA-LAM", "--document", "Công văn số 5/VP").exit_code
        == 0
    )
    text = run_cli("diff", str(before), str(progress_plans / "2022"))
    assert text.exit_code == 0, text
    assert (
        f"D-CHUA-LAM: chuyển sang năm 2023 từ ngày 14/12/2022: {REASON} (Công văn số 5/VP)"
        in text.stdout
    )
    payload = json.loads(
        run_cli("diff", str(before), str(progress_plans / "2022"), "--format", "json").stdout
    )
    (change,) = payload["changes"]
    assert (change["kind"], change["key"]) == ("carried-added", "D-CHUA-LAM")
    assert change["after"] == {
        "on": "2022-12-14",
        "to_year": 2023,
        "reason": REASON,
        "document": "Công văn số 5/VP",
    }
    back = json.loads(
        run_cli("diff", str(progress_plans / "2022"), str(before), "--format", "json").stdout
    )
    assert [change["kind"] for change in back["changes"]] == ["carried-removed"]


# --- two carries at once ------------------------------------------------------------------------


def _carry_process(plans: Path, key: str, reason: str) -> subprocess.Popen[bytes]:
    command = [
        str(PARPLAN), "update", key, "--carry-over", "--reason", reason, "--on", "14/12/2022",
        "--plans", str(plans),
    ]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_two_concurrent_carries_of_different_tasks_both_land(tmp_path: Path) -> None:
    """Real processes, so that the plan's lock and the atomic rename are what is tested: two
    ``update --carry-over`` of two tasks of one file at the same moment, several times."""
    work = {"D-CHUA-LAM": "Chờ hướng dẫn", "F-CHUA-DEN-HAN": "Chờ kinh phí"}
    for repeat in range(8):
        plan = tmp_path / f"run-{repeat}" / "plans" / "2022"
        shutil.copytree(FIXTURES / "progress-2022", plan)
        processes = {key: _carry_process(plan.parent, key, reason) for key, reason in work.items()}
        for key, process in processes.items():
            out, err = process.communicate(timeout=120)
            assert process.returncode == 0, (repeat, key, out.decode(), err.decode())
            assert f"Đã ghi tiến độ của {key} vào" in out.decode()
        plans = plan.parent
        for key, reason in work.items():
            carried = _task(plans, "tien-do.yaml", key)["progress"]["carried"]
            assert carried == {"on": "14/12/2022", "to_year": 2023, "reason": reason}, repeat
        check = subprocess.run(
            [str(PARPLAN), "validate", str(plan)], capture_output=True, timeout=120, check=False
        )
        assert check.returncode == 0, check.stdout.decode() + check.stderr.decode()


def test_the_day_of_a_carry_is_a_fact_of_the_plans_year(
    run_cli: RunCli, progress_plans: Path
) -> None:
    path = progress_plans / "2022" / "tien-do.yaml"
    text = path.read_text(encoding="utf-8")
    carried = "    output: Văn bản D\n    progress:\n      carried: {on: 20/12/2021, to_year: 2023, reason: Sớm}\n"
    path.write_text(text.replace("    output: Văn bản D\n", carried), encoding="utf-8")
    result = run_cli("validate", str(progress_plans / "2022"))
    assert result.exit_code == 1, result
    said = result.stdout + result.stderr
    assert "[fact-before-year]" in said
    assert "quyết định chuyển sang năm sau ghi ngày 20/12/2021, trước năm kế hoạch 2022" in said


def test_the_year_report_in_html_and_word_lists_the_carried_work(
    run_cli: RunCli, progress_plans: Path, tmp_path: Path
) -> None:
    import docx

    assert _carry(run_cli, progress_plans, "D-CHUA-LAM", on="10/12/2022").exit_code == 0
    heading = "Nhiệm vụ chưa hoàn thành, chuyển sang năm 2023:"
    line = f"chưa hoàn thành, quá hạn 105 ngày; lý do: {REASON}."
    plans = str(progress_plans)
    html = run_cli("report", "--annual", "--plans", plans, "--format", "html", "--output", "-")
    assert html.exit_code == 0, html
    section = html.stdout[
        html.stdout.index("1. Tồn tại, hạn chế") : html.stdout.index("2. Nguyên nhân")
    ]
    assert f'<p class="body">{heading}</p>' in section and line in section
    word = tmp_path / "bao-cao.docx"
    assert run_cli("report", "--annual", "--plans", plans, "--output", str(word)).exit_code == 0
    paragraphs = [paragraph.text for paragraph in docx.Document(str(word)).paragraphs]
    at = paragraphs.index(heading)
    assert paragraphs[at + 1].startswith("- Chưa làm, đã quá hạn;") and line in paragraphs[at + 1]
    assert paragraphs.index("1. Tồn tại, hạn chế") < at < paragraphs.index("2. Nguyên nhân")
