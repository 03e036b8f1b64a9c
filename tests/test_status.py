"""Where the plan stands: status classes, counts, windows, units, and what the terminal shows."""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import date
from pathlib import Path

import pytest

from parplan.errors import UsageProblem
from parplan.loading import load_plan
from parplan.model import Plan
from parplan.status import StatusClass, plan_status, resolve_unit
from parplan.workdays import WorkCalendar

from .conftest import FIXTURES, SHIPPED_PLANS, RunCli

PROGRESS = FIXTURES / "progress-2022"
GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(PROGRESS)


def _classes(plan: Plan, as_of: date) -> dict[str, StatusClass]:
    return {item.occurrence.key: item.status_class for item in plan_status(plan, as_of).items}


def test_every_class_at_a_known_date(plan: Plan) -> None:
    assert _classes(plan, date(2022, 9, 30)) == {
        "A-DUNG-HAN": StatusClass.DONE_ON_TIME,
        "B-QUA-HAN": StatusClass.DONE_LATE,
        "C-DANG-LAM": StatusClass.IN_PROGRESS,
        "D-CHUA-LAM": StatusClass.OVERDUE,
        "E-THUONG-XUYEN": StatusClass.CONTINUOUS,
        "F-CHUA-DEN-HAN": StatusClass.NOT_DUE,
        "G-BAO-CAO@Q2": StatusClass.DONE_ON_TIME,
        "G-BAO-CAO@Q3": StatusClass.OVERDUE,
        "G-BAO-CAO@Q4": StatusClass.NOT_DUE,
        # Recorded as done on 05/10, after the day of the view: still in progress then.
        "H-XONG-SAU-NGAY-XEM": StatusClass.IN_PROGRESS,
        # Extended from 31/08 to 31/10: not overdue.
        "I-GIA-HAN": StatusClass.IN_PROGRESS,
    }


def test_counts_days_and_lists(plan: Plan) -> None:
    status = plan_status(plan, date(2022, 9, 30))
    tally = status.tally
    assert (tally.total, tally.done, tally.overdue) == (11, 3, 2)
    assert [(i.occurrence.key, i.days_overdue) for i in status.overdue] == [
        ("D-CHUA-LAM", 30),
        ("G-BAO-CAO@Q3", 14),  # data cut-off 14/09 (Wed) + 2 working days = 16/09
    ]
    late = next(i for i in status.items if i.occurrence.key == "B-QUA-HAN")
    assert late.days_late == 10
    assert [i.occurrence.key for i in status.due_soon] == ["C-DANG-LAM"]
    headline = status.headline
    assert (headline.done_of_due, headline.due, headline.done, headline.total) == (3, 5, 3, 10)
    assert headline.percent_of_due == 60.0


def test_the_view_travels_in_time(plan: Plan) -> None:
    early = plan_status(plan, date(2022, 6, 1))
    assert early.tally.done == 0 and early.tally.overdue == 0
    late = plan_status(plan, date(2023, 1, 15))
    assert {i.occurrence.key for i in late.overdue} == {
        "D-CHUA-LAM", "G-BAO-CAO@Q3", "G-BAO-CAO@Q4", "F-CHUA-DEN-HAN", "C-DANG-LAM", "I-GIA-HAN",
    }  # fmt: skip
    assert late.tally.done == 4  # H counts once its completion date has passed


def test_filters_by_unit_and_field(plan: Plan) -> None:
    status = plan_status(plan, date(2022, 9, 30), department="kstthc")
    assert {i.occurrence.task.lead for i in status.items} == {("KSTTHC",)}
    assert [unit.code for unit, _ in status.units] == ["KSTTHC"]
    status = plan_status(plan, date(2022, 9, 30), par_field="3")
    assert {i.occurrence.task.par_fields for i in status.items} == {("3",)}
    with pytest.raises(UsageProblem, match="không có lĩnh vực PAR Index 4"):
        plan_status(plan, date(2022, 9, 30), par_field="4")


def test_departments_sorted_in_vietnamese_order() -> None:
    shipped = load_plan(SHIPPED_PLANS)
    status = plan_status(shipped, date(2022, 12, 31))
    names = [unit.name for unit, _ in status.units]
    assert names == [
        "Lãnh đạo Văn phòng UBND tỉnh",
        "Phòng Hành chính - Tổ chức",
        "Phòng Kiểm soát thủ tục hành chính",
    ]


@pytest.mark.parametrize(
    "text",
    ["hctc", "HCTC", "Hành chính - Tổ chức", "hanh chinh to chuc", "PHÒNG HÀNH CHÍNH - TỔ CHỨC"],
)
def test_units_match_regardless_of_case_and_diacritics(plan: Plan, text: str) -> None:
    assert resolve_unit(plan, text).code == "HCTC"


def test_unknown_unit_lists_codes_and_the_closest(plan: Plan) -> None:
    with pytest.raises(UsageProblem) as caught:
        resolve_unit(plan, "phong hanh chinh")
    message = caught.value.message
    assert "không có đơn vị 'phong hanh chinh'" in message
    assert "'HCTC' (Phòng Hành chính - Tổ chức)" in message
    assert "Các mã đơn vị: HCTC, KSTTHC" in message


def test_working_days_around_tet_and_national_day() -> None:
    calendar = WorkCalendar()
    # Tết Nhâm Dần: civil servants off 29/01 to 06/02/2022.
    assert calendar.add_working_days(date(2022, 1, 28), 1) == date(2022, 2, 7)
    assert calendar.working_days_between(date(2022, 1, 28), date(2022, 2, 7)) == 1
    assert not calendar.is_working_day(date(2022, 1, 3))  # nghỉ bù Tết Dương lịch
    # Quốc khánh 01/09 and 02/09, then the weekend.
    assert calendar.add_working_days(date(2022, 8, 31), 1) == date(2022, 9, 5)
    assert calendar.add_working_days(date(2022, 4, 29), 1) == date(2022, 5, 4)  # 30/4, 1/5 and bù
    # The office's own days: an extra day off and a Saturday worked.
    office = WorkCalendar(extra_days_off=[date(2022, 9, 5)], extra_working_days=[date(2022, 9, 3)])
    assert office.add_working_days(date(2022, 8, 31), 1) == date(2022, 9, 3)
    assert office.add_working_days(date(2022, 8, 31), 2) == date(2022, 9, 6)


def test_due_soon_in_working_days_uses_the_office_calendar(plan: Plan) -> None:
    status = plan_status(plan, date(2022, 9, 30), within=14, working_days=True)
    # 14 working days from Friday 30/09, 10/10 being the office's extra day off.
    assert status.due_soon_until == date(2022, 10, 21)
    assert [i.occurrence.key for i in status.due_soon] == ["C-DANG-LAM", "H-XONG-SAU-NGAY-XEM"]


def test_status_json(run_cli: RunCli) -> None:
    result = run_cli(
        "status", "--plans", str(PROGRESS), "--as-of", "2022-09-30", "--format", "json"
    )
    assert result.exit_code == 0, result
    payload = json.loads(result.stdout)
    assert payload["counts"]["overdue"] == 2
    assert payload["headline"]["percent_of_due"] == 60.0
    assert [d["code"] for d in payload["departments"]] == ["HCTC", "KSTTHC"]
    assert payload["due_soon"]["until"] == "2022-10-14"


def test_overdue_json_and_csv(run_cli: RunCli) -> None:
    args = ("overdue", "--plans", str(PROGRESS), "--as-of", "30/09/2022")
    rows = json.loads(run_cli(*args, "--format", "json").stdout)
    assert [(r["id"], r["lead"], r["due"], r["days_overdue"]) for r in rows] == [
        ("D-CHUA-LAM", "KSTTHC", "2022-08-31", 30),
        ("G-BAO-CAO", "HCTC", "2022-09-16", 14),
    ]
    assert rows[1]["title"] == "Báo cáo định kỳ (quý III)"
    table = list(csv.DictReader(io.StringIO(run_cli(*args, "--format", "csv").stdout)))
    assert [(r["id"], r["due"], r["days_overdue"]) for r in table] == [
        ("D-CHUA-LAM", "2022-08-31", "30"),
        ("G-BAO-CAO", "2022-09-16", "14"),
    ]
    only = json.loads(run_cli(*args, "--department", "hctc", "--format", "json").stdout)
    assert [r["id"] for r in only] == ["G-BAO-CAO"]


def test_checklist_markdown(run_cli: RunCli) -> None:
    result = run_cli(
        "checklist",
        "--plans",
        str(PROGRESS),
        "--as-of",
        "2022-09-30",
        "-d",
        "Hành chính - Tổ chức",
        "--format",
        "md",
    )
    assert result.exit_code == 0, result
    text = result.stdout
    assert text.startswith("# Danh sách việc: Phòng Hành chính - Tổ chức (HCTC)\n")
    leads, supports = text.split("## Phối hợp")
    assert "- [x] **A-DUNG-HAN** Xong trước hạn" in leads
    assert "- [ ] **G-BAO-CAO@Q3** Báo cáo định kỳ (quý III)" in leads
    assert "quá hạn chưa hoàn thành (14 ngày)" in leads
    assert "- [ ] **C-DANG-LAM**" in supports and "Đơn vị chủ trì: Phòng Kiểm soát" in supports
    assert "C-DANG-LAM" not in leads


def test_checklist_all_writes_one_file_per_unit(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli(
        "checklist",
        "--plans",
        str(PROGRESS),
        "--as-of",
        "2022-09-30",
        "--all",
        "--out",
        str(tmp_path),
    )
    assert result.exit_code == 0, result
    assert sorted(p.name for p in tmp_path.iterdir()) == ["HCTC.md", "KSTTHC.md"]
    assert "- [ ] **D-CHUA-LAM**" in (tmp_path / "KSTTHC.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("status", "--as-of", "30/02/2022"), "ngày không hợp lệ cho '--as-of'"),
        (("status", "--department", "xyz"), "không có đơn vị 'xyz'"),
        (("overdue", "--format", "xml"), "chọn một trong: text, json, csv"),
        (("checklist",), "chọn một đơn vị bằng --department"),
        (("checklist", "--all"), "--all cần --out"),
        (("checklist", "--all", "--out", "/no/such/dir"), "thư mục '/no/such/dir' không tồn tại"),
    ],
)
def test_bad_arguments_exit_2(run_cli: RunCli, args: tuple[str, ...], message: str) -> None:
    result = run_cli(*args, "--plans", str(PROGRESS))
    assert result.exit_code == 2, result
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_status_terminal_snapshot_at_80_columns(run_cli: RunCli) -> None:
    result = run_cli(
        "status",
        "--plans",
        str(PROGRESS),
        "--as-of",
        "2022-09-30",
        env={"COLUMNS": "80", "NO_COLOR": "1"},
    )
    assert result.exit_code == 0, result
    assert "\x1b[" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    golden = GOLDEN / "status-2022-09-30.txt"
    if os.environ.get("PARPLAN_UPDATE_GOLDEN"):
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")


def test_shipped_plan_checklists_wrap_at_80_columns(run_cli: RunCli) -> None:
    result = run_cli(
        "checklist",
        "--plans",
        str(SHIPPED_PLANS),
        "-d",
        "kstthc",
        "--as-of",
        "2022-12-01",
        env={"COLUMNS": "80"},
    )
    assert result.exit_code == 0, result
    assert "\x1b[" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    assert "Phối hợp" in result.stdout


def test_office_template_overrides_the_package_template(
    run_cli: RunCli, minimal_plan: Path
) -> None:
    (minimal_plan / "templates").mkdir()
    (minimal_plan / "templates" / "checklist.md.j2").write_text(
        "Việc của {{ unit.code }}: {{ leads | length }}\n", encoding="utf-8"
    )
    result = run_cli("checklist", "--plans", str(minimal_plan), "-d", "hctc", "--format", "md")
    assert result.exit_code == 0, result
    assert result.stdout == "Việc của HCTC: 1\n"


def test_plan_text_renders_literally_in_markdown(run_cli: RunCli, minimal_plan: Path) -> None:
    path = minimal_plan / "phu-luc.yaml"
    title = (
        "Tiêu đề {{ 7 * 7 }} {% if true %}x{% endif %} <script>alert(1)</script> | *đậm* [link](x)"
    )
    text = path.read_text(encoding="utf-8").replace("title: Nhiệm vụ một lần", f"title: '{title}'")
    path.write_text(text, encoding="utf-8")
    result = run_cli("checklist", "--plans", str(minimal_plan), "-d", "hctc", "--format", "md")
    assert result.exit_code == 0, result
    line = next(line for line in result.stdout.splitlines() if "**T-1**" in line)
    assert "{{ 7 \\* 7 }}" in line and "49" not in line
    assert "{% if true %}x{% endif %}" in line
    assert "&lt;script&gt;" not in line and "&lt;script>" in line and "<script>" not in line
    assert "\\| \\*đậm\\* \\[link\\](x)" in line
