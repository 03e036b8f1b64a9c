"""Where the plan stands: status classes, counts, windows, units, and what the terminal shows."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
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

# Format 2's content on the minimal plan: a quarter done on time, a task two units lead (with
# funding), a task with two parts, a target of every measure, results with and without known_on.
TARGETS_PLAN = """
    occurrences:
      Q2: {done_on: 15/06/2022}
  - id: T-3
    title: Hai phòng cùng chủ trì
    source: II.2.a
    criteria: [PAR 1, SIPAS 2]
    lead: [HCTC, KSTTHC]
    deadline: 30/06/2022
    output: Văn bản chung
    funding:
      - {source: Ngân sách tỉnh, amount: 150000000}
      - {source: Nguồn chi thường xuyên}
    progress: {done_on: 20/06/2022}
  - id: T-4
    title: Nhiệm vụ có hai phần việc
    source: II.2.b
    criteria: [PAR 3]
    lead: HCTC
    deadline: Quý III
    output: Kết quả chung
    parts:
      - id: T-4-1
        title: Phần việc thứ nhất
        lead: KSTTHC
        deadline: 31/07/2022
        progress: {done_on: 25/07/2022}
      - id: T-4-2
        title: Phần việc thứ hai
        funding: [{source: Ngân sách tỉnh, amount: 20000000}]
        progress: {done_on: 05/10/2022}

targets:
  - {id: MT-100, text: Hoàn thành 100% nhiệm vụ., source: null, measure: completion_rate, value: 100}
  - id: MT-PAR
    text: PAR Index đạt từ 85% trở lên
    source: null
    measure: value
    index: PAR
    comparator: ">="
    value: 85
    unit: "%"
  - id: MT-HANG
    text: PAR Index nằm trong nhóm 20 tỉnh dẫn đầu
    source: null
    measure: rank
    index: PAR
    comparator: "<="
    value: 20
  - {id: MT-SIPAS, text: SIPAS tăng tối thiểu 2 bậc, source: null, measure: rank_change, index: SIPAS, value: 2}

results:
  - {index: PAR, year: 2021, value: 87.11, unit: "%", rank: 23, of: 63, group: B, source: Thử}
  - {index: SIPAS, year: 2021, value: 80.5, unit: "%", rank: 31, of: 63, known_on: 15/03/2022, source: Thử}
  - {index: SIPAS, year: 2022, rank: 28, of: 63, known_on: 10/12/2022, source: Thử}
  - {index: PAR, year: 2022, value: 88.5, unit: "%", rank: 25, of: 63, source: Thử}
"""


def targets_plan(root: Path) -> Path:
    """The minimal plan with :data:`TARGETS_PLAN` added, in ``root/plans/2022``; the plans
    folder. Known from: PAR 2021 01/01/2022 (no known_on), SIPAS 2021 15/03/2022, SIPAS 2022
    10/12/2022, PAR 2022 01/01/2023 (no known_on)."""
    folder = root / "plans" / "2022"
    shutil.copytree(FIXTURES / "minimal", folder)
    path = folder / "phu-luc.yaml"
    tasks = path.read_text(encoding="utf-8")
    assert tasks.endswith("    output: Báo cáo\nschema_version: 2\n")  # T-2, the last task
    tasks = tasks.removesuffix("schema_version: 2\n")
    path.write_text("schema_version: 2\n" + tasks + TARGETS_PLAN.lstrip("\n"), encoding="utf-8")
    return root / "plans"


@pytest.fixture
def targets(tmp_path: Path) -> Path:
    return targets_plan(tmp_path)


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
        # Done on 05/10, after the day of the view, and nothing says it was started: not due yet.
        "H-XONG-SAU-NGAY-XEM": StatusClass.NOT_DUE,
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


# --- Format 2: targets, results, several leads, parts -------------------------------------------


def _verdicts(plans: Path, as_of: date) -> dict[str, tuple[str, float | None]]:
    status = plan_status(load_plan(plans), as_of)
    return {e.target.id: (e.verdict.value, e.measured) for e in status.targets}


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        # Nothing due yet; no result of 2022 known.
        (date(2022, 3, 1), {"MT-100": ("unknown", None), "MT-PAR": ("unknown", None),
                            "MT-HANG": ("unknown", None), "MT-SIPAS": ("unknown", None)}),
        # T-2@Q2 and T-3 due and done: 100%, and nothing due is open.
        (date(2022, 6, 25), {"MT-100": ("met", 100.0), "MT-PAR": ("unknown", None),
                             "MT-HANG": ("unknown", None), "MT-SIPAS": ("unknown", None)}),
        # T-2@Q3 overdue: 3 of 4.
        (date(2022, 9, 30), {"MT-100": ("not_met", 75.0), "MT-PAR": ("unknown", None),
                             "MT-HANG": ("unknown", None), "MT-SIPAS": ("unknown", None)}),
        # The day before SIPAS 2022 is known, and the day it is: 31 − 28 = up 3.
        (date(2022, 12, 9), {"MT-100": ("not_met", 80.0), "MT-PAR": ("unknown", None),
                             "MT-HANG": ("unknown", None), "MT-SIPAS": ("unknown", None)}),
        (date(2022, 12, 10), {"MT-100": ("not_met", 80.0), "MT-PAR": ("unknown", None),
                              "MT-HANG": ("unknown", None), "MT-SIPAS": ("met", 3.0)}),
        # PAR 2022 has no known_on: unknown through 31/12/2022, known from 01/01/2023 (when T-1,
        # due 31/12/2022, is overdue: 4 of 6).
        (date(2022, 12, 31), {"MT-100": ("not_met", 80.0), "MT-PAR": ("unknown", None),
                              "MT-HANG": ("unknown", None), "MT-SIPAS": ("met", 3.0)}),
        (date(2023, 1, 1), {"MT-100": ("not_met", 66.6), "MT-PAR": ("met", 88.5),
                            "MT-HANG": ("not_met", 25.0), "MT-SIPAS": ("met", 3.0)}),
    ],
)  # fmt: skip
def test_targets_of_every_kind_as_of_a_day(
    targets: Path, as_of: date, expected: dict[str, tuple[str, float | None]]
) -> None:
    assert _verdicts(targets, as_of) == expected


def test_baselines_are_the_previous_year_known_by_the_day(targets: Path) -> None:
    plan = load_plan(targets)
    early = {e.target.id: e for e in plan_status(plan, date(2022, 3, 1)).targets}
    assert early["MT-PAR"].baseline is not None and early["MT-PAR"].baseline.rank == 23
    assert early["MT-SIPAS"].baseline is None  # known only from 15/03/2022
    assert [(r.index, r.year) for r in plan_status(plan, date(2022, 3, 1)).results] == [
        ("PAR", 2021)
    ]
    later = {e.target.id: e for e in plan_status(plan, date(2022, 3, 15)).targets}
    assert later["MT-SIPAS"].baseline is not None and later["MT-SIPAS"].baseline.rank == 31
    assert early["MT-100"].baseline is None and early["MT-100"].baseline_label == "không áp dụng"


def test_target_sentences_in_vietnamese(targets: Path) -> None:
    plan = load_plan(targets)
    before = {e.target.id: e.text for e in plan_status(plan, date(2022, 9, 30)).targets}
    assert before["MT-PAR"] == (
        "PAR Index đạt từ 85% trở lên — kết quả: chưa có kết quả "
        "(năm 2021: 87,11%, xếp thứ 23/63, nhóm B)"
    )
    assert before["MT-100"] == (
        "Hoàn thành 100% nhiệm vụ — kết quả: 75% (3/4 việc đến hạn đến ngày 30/09/2022) — chưa đạt"
    )
    after = {e.target.id: e.text for e in plan_status(plan, date(2023, 1, 15)).targets}
    assert after["MT-PAR"] == (
        "PAR Index đạt từ 85% trở lên — kết quả: năm 2022: 88,5%, xếp thứ 25/63 — đạt "
        "(năm 2021: 87,11%, xếp thứ 23/63, nhóm B)"
    )
    assert after["MT-SIPAS"] == (
        "SIPAS tăng tối thiểu 2 bậc — kết quả: năm 2022: xếp thứ 28/63 (tăng 3 bậc) — đạt "
        "(năm 2021: 80,5%, xếp thứ 31/63)"
    )


def test_a_result_that_cannot_be_judged_says_why(targets: Path) -> None:
    path = targets / "2022" / "phu-luc.yaml"
    line = (
        '  - {index: SIPAS, year: 2021, value: 80.5, unit: "%", rank: 31, of: 63, '
        "known_on: 15/03/2022, source: Thử}\n"
    )
    text = path.read_text(encoding="utf-8")
    assert line in text
    path.write_text(text.replace(line, ""), encoding="utf-8")
    sipas = plan_status(load_plan(targets), date(2022, 12, 10)).targets[3]
    assert (sipas.verdict.value, sipas.measured, sipas.baseline) == ("unknown", None, None)
    assert sipas.verdict_text == "chưa có kết quả (chưa có thứ hạng năm 2021 để so sánh)"
    assert sipas.text == (
        "SIPAS tăng tối thiểu 2 bậc — kết quả: năm 2022: xếp thứ 28/63 — chưa đánh giá được: "
        "chưa có thứ hạng năm 2021 để so sánh"
    )


def test_a_completion_rate_is_never_met_while_due_work_is_open(targets: Path) -> None:
    path = targets / "2022" / "phu-luc.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("measure: completion_rate, value: 100", "measure: completion_rate, value: 70"),
        encoding="utf-8",
    )
    evaluation = plan_status(load_plan(targets), date(2022, 9, 30)).targets[0]
    assert (evaluation.measured, evaluation.headline and evaluation.headline.open_due) == (75.0, 1)
    assert evaluation.verdict.value == "not_met"  # 75% ≥ 70%, but T-2@Q3 is overdue


@pytest.mark.parametrize(
    ("comparator", "value", "expected"),
    [(">=", 85, True), (">=", 85.01, False), ("<=", 85, True), ("<=", 84, False),
     (">", 85, False), (">", 84, True), ("<", 85, False), ("<", 86, True), ("=", 85, True),
     ("=", 84.9, False)],
)  # fmt: skip
def test_comparators(comparator: str, value: float, expected: bool) -> None:
    from parplan.targets import compare

    assert compare(85.0, comparator, value) is expected


def test_vietnamese_numbers() -> None:
    from parplan.targets import format_number, format_quantity

    assert [format_number(v) for v in (87.11, 85, 88.5, 150000000, -2, 1234.5)] == [
        "87,11", "85", "88,5", "150.000.000", "-2", "1.234,5",
    ]  # fmt: skip
    assert (format_quantity(87.11, "%"), format_quantity(8, "điểm")) == ("87,11%", "8 điểm")


def test_two_leads_count_once_in_totals_and_once_per_lead(targets: Path) -> None:
    status = plan_status(load_plan(targets), date(2022, 9, 30))
    keys = [item.occurrence.key for item in status.items]
    assert keys.count("T-3") == 1 and status.tally.total == 6
    units = {unit.code: tally for unit, tally in status.units}
    # HCTC: T-1, T-3, T-4-2; KSTTHC: T-2@Q2, T-2@Q3, T-3, T-4-1.
    assert (units["HCTC"].total, units["KSTTHC"].total) == (3, 4)
    assert (units["HCTC"].done, units["KSTTHC"].done) == (1, 3)
    only = plan_status(load_plan(targets), date(2022, 9, 30), department="hctc")
    assert "T-3" in [item.occurrence.key for item in only.items]


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        # Both parts are recorded done on days after this one, and nothing says they were
        # started before: not due yet.
        (date(2022, 7, 1), ("not_due", 0, 0, None)),
        (date(2022, 9, 14), ("in_progress", 1, 0, None)),
        (date(2022, 10, 1), ("overdue", 1, 1, None)),
        (date(2022, 10, 10), ("done", 2, 0, date(2022, 10, 5))),
    ],
)
def test_a_task_with_parts_rolls_up(
    targets: Path, as_of: date, expected: tuple[str, int, int, date | None]
) -> None:
    (rollup,) = plan_status(load_plan(targets), as_of).rollups
    assert (rollup.task.id, rollup.total) == ("T-4", 2)
    assert (rollup.state.value, rollup.done, rollup.overdue, rollup.done_on) == expected


def test_a_task_with_parts_not_started_is_not_due(targets: Path) -> None:
    path = targets / "2022" / "phu-luc.yaml"
    text = path.read_text(encoding="utf-8")
    for line in (
        "        progress: {done_on: 25/07/2022}\n",
        "        progress: {done_on: 05/10/2022}\n",
    ):
        assert line in text
        text = text.replace(line, "")
    path.write_text(text, encoding="utf-8")
    (rollup,) = plan_status(load_plan(targets), date(2022, 7, 1)).rollups
    assert (rollup.state.value, rollup.state.label) == ("not_due", "chưa đến hạn")
    (rollup,) = plan_status(load_plan(targets), date(2022, 8, 1)).rollups
    assert (rollup.state.label, rollup.overdue) == ("quá hạn", 1)


def test_a_filtered_view_tallies_only_the_unit_or_field_chosen(targets: Path) -> None:
    path = targets / "2022" / "phu-luc.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("[PAR 1, SIPAS 2]", "[PAR 1, PAR 3, SIPAS 2]"), encoding="utf-8")
    plan = load_plan(targets)
    assert [f.code for f, _ in plan_status(plan, date(2022, 9, 30)).fields] == ["1", "3"]
    unit_view = plan_status(plan, date(2022, 9, 30), department="kstthc")
    assert [unit.code for unit, _ in unit_view.units] == ["KSTTHC"]  # not HCTC, T-3's co-lead
    field_view = plan_status(plan, date(2022, 9, 30), par_field="1")
    assert [f.code for f, _ in field_view.fields] == ["1"]
    assert [i.occurrence.key for i in field_view.items] == ["T-1", "T-3"]


def test_status_json_has_targets_results_rollups_and_format_2_fields(
    run_cli: RunCli, targets: Path
) -> None:
    args = ("status", "--plans", str(targets), "--format", "json")
    payload = json.loads(run_cli(*args, "--as-of", "2022-12-10").stdout)
    by_id = {t["id"]: t for t in payload["targets"]}
    assert by_id["MT-SIPAS"]["verdict"] == "met" and by_id["MT-SIPAS"]["measured"] == 3.0
    assert by_id["MT-SIPAS"]["baseline"] == {
        "index": "SIPAS", "year": 2021, "value": 80.5, "unit": "%", "rank": 31, "of": 63,
        "group": None, "known_on": "2022-03-15", "source": "Thử",
    }  # fmt: skip
    assert by_id["MT-PAR"]["result"] is None and by_id["MT-PAR"]["verdict"] == "unknown"
    assert by_id["MT-100"]["result"] == {
        "value": 80.0, "unit": "%", "of": "due", "due": 5, "done": 4, "open": 1, "as_of": "2022-12-10",
    }  # fmt: skip
    headline = payload["headline"]
    assert (headline["done_of_due"], headline["due"]) == (4, 5)  # the same count as MT-100
    assert [(r["index"], r["year"]) for r in payload["results"]] == [
        ("PAR", 2021), ("SIPAS", 2021), ("SIPAS", 2022),
    ]  # fmt: skip
    assert payload["rollups"] == [
        {
            "id": "T-4", "title": "Nhiệm vụ có hai phần việc", "parts": ["T-4-1", "T-4-2"],
            "total": 2, "done": 2, "overdue": 0, "status": "done", "status_label": "hoàn thành",
            "done_on": "2022-10-05",
        }
    ]  # fmt: skip
    soon = json.loads(run_cli(*args, "--as-of", "2022-06-01", "--within", "40").stdout)
    rows = {row["key"]: row for row in soon["due_soon"]["items"]}
    assert rows["T-3"]["leads"] == ["HCTC", "KSTTHC"] and rows["T-3"]["lead"] == "HCTC, KSTTHC"
    assert rows["T-3"]["criteria"] == ["PAR 1", "SIPAS 2"] and rows["T-3"]["par_fields"] == ["1"]
    assert rows["T-3"]["funding"] == [
        {"source": "Ngân sách tỉnh", "amount": 150000000},
        {"source": "Nguồn chi thường xuyên", "amount": None},
    ]
    assert rows["T-3"]["parent"] is None and rows["T-2@Q2"]["par_field"] == "3"
    department = json.loads(run_cli(*args, "--as-of", "2022-12-10", "-d", "kstthc").stdout)
    assert [d["code"] for d in department["departments"]] == ["KSTTHC"]
    assert department["rollups"][0]["total"] == 2  # the whole task, both parts


def test_overdue_listings_name_parts_and_criteria(run_cli: RunCli, targets: Path) -> None:
    args = ("overdue", "--plans", str(targets), "--as-of", "2022-10-01")
    rows = json.loads(run_cli(*args, "--format", "json").stdout)
    assert [(r["key"], r["parent"], r["criteria"]) for r in rows] == [
        ("T-2@Q3", None, ["PAR 3", "SIPAS 2"]),
        ("T-4-2", "T-4", ["PAR 3"]),
    ]
    table = list(csv.DictReader(io.StringIO(run_cli(*args, "--format", "csv").stdout)))
    assert [(r["key"], r["criteria"]) for r in table] == [
        ("T-2@Q3", "PAR 3, SIPAS 2"), ("T-4-2", "PAR 3"),
    ]  # fmt: skip
    text = run_cli(*args, env={"COLUMNS": "100", "NO_COLOR": "1"}).stdout
    assert "Phần việc của T-4. Chỉ số: PAR 3." in text
    checklist = json.loads(
        run_cli("checklist", "--plans", str(targets), "-d", "kstthc", "--format", "json").stdout
    )
    assert "T-3" in [row["key"] for row in checklist["leads"]]


def test_status_terminal_shows_targets_and_parts(run_cli: RunCli, targets: Path) -> None:
    result = run_cli(
        "status", "--plans", str(targets), "--as-of", "2023-01-15",
        env={"COLUMNS": "100", "NO_COLOR": "1"},
    )  # fmt: skip
    assert result.exit_code == 0, result
    text = result.stdout
    assert "Chỉ tiêu" in text and "Nhiệm vụ có nhiều phần việc" in text
    line = next(line for line in text.splitlines() if "nhóm 20 tỉnh" in line)
    assert "năm 2022: 88,5%, xếp thứ 25/63" in line and "chưa đạt" in line
    assert "(năm 2021: 87,11%, xếp thứ 23/63, nhóm B)" in text
    assert "hoàn thành (05/10/2022)" in text
    narrow = run_cli(
        "status", "--plans", str(targets), "--as-of", "2023-01-15", env={"COLUMNS": "80"}
    )
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 80
