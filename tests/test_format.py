"""Plan format 2 end to end: every plan folder of the repository through every command, and the
test plan that uses every need of the format (``tests/fixtures/all-needs``) through the views.

The all-needs plan is constructed for testing (its issuer, "UBND tỉnh Thử nghiệm", is fictitious):
units of every kind with groups, several leads on one task, criteria at field, criterion and
component level and of other indexes (SIPAS only, PAPI, PCI, the 766/QĐ-TTg index), targets of
every measure with results, deadlines as phrases, a monthly report T1–T12, a task with parts, an
outline with A./B.I. numbering, a two-level signature, funding lines and optional fields left out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from parplan.loading import load_plan

from .conftest import FIXTURES, ROOT, RunCli

ALL_NEEDS = FIXTURES / "all-needs"

"""What the status JSON does not show yet: another branch adds targets, rollups and, per
occurrence, leads, criteria and parent."""


def _plan_folders() -> list[Path]:
    """Every plan folder under plans/ and examples/, and the all-needs test plan."""
    folders = {path.parent for path in ROOT.glob("plans/*/*.yaml")}
    folders |= {path.parent for path in ROOT.glob("examples/*/*.yaml")}
    return [*sorted(folders), ALL_NEEDS]


@dataclass(frozen=True)
class Folder:
    path: Path
    year: int
    unit: str | None
    """A unit of the plan for ``checklist``, None when the plan lists none."""

    @property
    def name(self) -> str:
        return str(self.path.relative_to(ROOT))


def _folder(path: Path) -> Folder:
    try:
        plan = load_plan(path, use_cache=False)
    except Exception:  # an invalid plan: test_every_plan_folder_validates says why
        return Folder(path, 0, None)
    unit = plan.departments[0].code if plan.departments else None
    return Folder(path, plan.year, unit)


FOLDERS = [_folder(path) for path in _plan_folders()]


def test_the_plan_folders_are_all_there() -> None:
    names = [folder.name for folder in FOLDERS]
    assert "plans/2022" in names
    assert "tests/fixtures/all-needs" in names
    assert sum(name.startswith("examples/") for name in names) >= 4


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda folder: folder.name)
def test_every_plan_folder_validates(run_cli: RunCli, folder: Folder) -> None:
    result = run_cli("validate", str(folder.path))
    assert result.exit_code == 0, result
    assert "Hợp lệ" in result.stdout


def _commands(folder: Folder, out: Path) -> dict[str, list[str]]:
    """Each command over ``folder``, as of the last day of quý III of its year."""
    plans = ["--plans", str(folder.path)]
    as_of = ["--as-of", f"{folder.year}-09-30"]
    commands = {
        "status-text": ["status", *plans, *as_of],
        "status-json": ["status", *plans, *as_of, "--format", "json"],
        "overdue-text": ["overdue", *plans, *as_of],
        "overdue-json": ["overdue", *plans, *as_of, "--format", "json"],
        "overdue-csv": ["overdue", *plans, *as_of, "--format", "csv"],
        "report-md": ["report", *plans, "--quarter", "III", "--format", "md"],
        "report-html": [
            "report",
            *plans,
            "-q",
            "III",
            "--format",
            "html",
            "-O",
            str(out / "r.html"),
        ],
        "report-docx": [
            "report",
            *plans,
            "-q",
            "III",
            "--format",
            "docx",
            "-O",
            str(out / "r.docx"),
        ],
        "calendar": ["calendar", *plans, *as_of],
        "site": ["site", *plans, *as_of, "--out", str(out / "site")],
        "export": ["export", *plans],
        "diff": ["diff", str(folder.path), str(folder.path)],
    }
    if folder.unit is not None:
        commands["checklist"] = ["checklist", *plans, *as_of, "-d", folder.unit]
    return commands


CASES = [
    pytest.param(folder, command, id=f"{folder.name}-{command}")
    for folder in FOLDERS
    for command in _commands(folder, Path())
]


@pytest.mark.parametrize(("folder", "command"), CASES)
def test_every_command_runs_over_every_plan_folder(
    run_cli: RunCli, folder: Folder, command: str, tmp_path: Path
) -> None:
    result = run_cli(*_commands(folder, tmp_path)[command])
    assert result.exit_code == 0, result
    assert result.stdout.strip(), result
    written = {"report-html": "r.html", "report-docx": "r.docx", "site": "site/index.html"}
    if command in written:
        assert (tmp_path / written[command]).stat().st_size > 0
    if command.endswith("json") or command == "export":
        json.loads(result.stdout)


def test_the_plans_with_units_get_a_checklist() -> None:
    with_units = {folder.name for folder in FOLDERS if folder.unit is not None}
    assert {"plans/2022", "tests/fixtures/all-needs"} <= with_units


# --- The all-needs plan through the views ------------------------------------------------------


def status_json(run_cli: RunCli, as_of: str, *options: str) -> dict[str, Any]:
    result = run_cli(
        "status", "--plans", str(ALL_NEEDS), "--as-of", as_of, "--format", "json", *options
    )
    assert result.exit_code == 0, result
    payload: dict[str, Any] = json.loads(result.stdout)
    return payload


def every_dated(run_cli: RunCli) -> dict[str, dict[str, Any]]:
    """Every occurrence with a deadline, by key: nothing is done on 01/01/2022, so a window of a
    year lists them all as due soon."""
    payload = status_json(run_cli, "2022-01-01", "--within", "366")
    assert payload["overdue"] == []
    return {item["key"]: item for item in payload["due_soon"]["items"]}


def test_deadlines_written_as_phrases_resolve_by_the_rule(run_cli: RunCli) -> None:
    items = every_dated(run_cli)
    due = {key: item["due"] for key, item in items.items() if "@" not in key}
    assert due == {
        "TT-CCHC": "2022-09-30",  # Quý III → 30/09 (its extension is decided on 26/09)
        "KH-KIEM-TRA": "2022-06-30",  # 6 tháng đầu năm
        "TTHC-RA-SOAT-1": "2022-09-30",  # Quý III
        "TTHC-RA-SOAT-2": "2022-11-29",  # trước ngày 30/11/2022: the day before
        "TTHC-RA-SOAT-3": "2022-12-31",  # the task's: trong năm 2022
        "SIPAS-KHAO-SAT": "2022-10-31",  # tháng 10/2022
        "DVC-SO-HOA": "2022-12-15",  # chậm nhất ngày 15/12/2022
        "PCI-MOI-TRUONG": "2022-11-30",  # 30/11/2022
        "TT-PHAP-LUAT": "2022-08-31",  # 31/08/2022
    }
    assert items["TT-CCHC"]["original_due"] == "2022-09-30"
    assert "PAPI-TIEP-DAN" not in items  # continuous: no deadline


def test_months_t1_to_t12_are_due_two_working_days_after_the_14th(run_cli: RunCli) -> None:
    items = every_dated(run_cli)
    months = {key: item for key, item in items.items() if key.startswith("BC-THANG@")}
    assert [item["period"] for item in months.values()] == [f"T{m}" for m in range(1, 13)]
    # The data window of a month ends on its 14th; the report is due 2 working days later.
    assert [item["due"] for item in months.values()] == [
        "2022-01-18",  # Fri 14 → Tue 18
        "2022-02-16",
        "2022-03-16",
        "2022-04-18",  # Thu 14 → Mon 18
        "2022-05-17",  # Sat 14 → Tue 17
        "2022-06-16",
        "2022-07-18",
        "2022-08-16",  # Sun 14 → Tue 16
        "2022-09-16",
        "2022-10-18",
        "2022-11-16",
        "2022-12-16",
    ]
    assert months["BC-THANG@T4"]["title"].endswith("(tháng 4)")


def test_parts_are_occurrences_each_with_its_lead(run_cli: RunCli) -> None:
    items = every_dated(run_cli)
    assert "TTHC-RA-SOAT" not in items  # the task is its parts
    parts = {key: item["lead"] for key, item in items.items() if key.startswith("TTHC-RA-SOAT-")}
    assert parts == {
        "TTHC-RA-SOAT-1": "SKHDT",
        "TTHC-RA-SOAT-2": "STC",
        "TTHC-RA-SOAT-3": "PKSTTHC",  # no lead of its own: the task's
    }
    assert items["TTHC-RA-SOAT-3"]["output"].startswith("Phương án đơn giản hóa")  # the task's


def test_several_leads_count_once_in_totals_and_once_per_lead(run_cli: RunCli) -> None:
    payload = status_json(run_cli, "2022-12-20")
    overdue = {item["key"]: item for item in payload["overdue"]}
    assert list(overdue) == [
        "BC-THANG@T10", "BC-THANG@T11", "TTHC-RA-SOAT-2", "PCI-MOI-TRUONG", "DVC-SO-HOA",
        "BC-THANG@T12",
    ]  # fmt: skip
    assert overdue["DVC-SO-HOA"]["lead"] == "STTTT, VPUBND"
    assert overdue["DVC-SO-HOA"]["lead_name"] == "Sở Thông tin và Truyền thông; Văn phòng UBND tỉnh"
    assert overdue["DVC-SO-HOA"]["days_overdue"] == 5
    total = sum(payload["counts"].values())
    assert total == 22
    assert payload["counts"]["overdue"] == 6
    units = {unit["code"]: unit for unit in payload["departments"]}
    assert (units["STTTT"]["total"], units["STTTT"]["overdue"]) == (1, 1)
    assert (units["VPUBND"]["total"], units["VPUBND"]["overdue"]) == (1, 1)
    assert sum(unit["total"] for unit in units.values()) == total + 1
    assert sum(unit["overdue"] for unit in units.values()) == 6 + 1
    # A group leads as a unit of its own; SNV leads the twelve months and two tasks.
    assert (units["UBND-HUYEN"]["total"], units["UBND-HUYEN"]["counts"]["continuous"]) == (1, 1)
    assert (units["SNV"]["total"], units["SNV"]["done"]) == (14, 11)
    for code in ("STTTT", "VPUBND"):
        mine = status_json(run_cli, "2022-12-20", "--department", code)
        assert [item["key"] for item in mine["overdue"]] == ["DVC-SO-HOA"]


def test_par_fields_count_work_once_per_field(run_cli: RunCli) -> None:
    payload = status_json(run_cli, "2022-10-20")
    fields = {field["code"]: field["total"] for field in payload["par_fields"]}
    # 1: KH-KIEM-TRA (1.1.1), BC-THANG ×12 (1.1.2), TT-CCHC (1.2); 2: TT-PHAP-LUAT;
    # 3: TT-PHAP-LUAT (3.1) and the three parts (3.2); 7: DVC-SO-HOA.
    assert fields == {"1": 14, "2": 1, "3": 4, "7": 1}
    with_a_field = 14 + 1 + 3 + 1  # TT-PHAP-LUAT serves two fields
    assert sum(fields.values()) == with_a_field + 1
    items = every_dated(run_cli)
    assert items["TT-PHAP-LUAT"]["par_field"] == "2, 3"
    assert items["SIPAS-KHAO-SAT"]["par_field"] is None  # SIPAS only
    assert items["PCI-MOI-TRUONG"]["par_field"] is None  # PCI only
    field_3 = status_json(run_cli, "2022-10-20", "--field", "3")
    assert field_3["par_field"] == "3"
    assert field_3["headline"]["total"] == 4


def test_status_over_the_year(run_cli: RunCli) -> None:
    october = status_json(run_cli, "2022-10-20")
    assert [(item["key"], item["days_overdue"]) for item in october["overdue"]] == [
        ("BC-THANG@T10", 2)
    ]
    soon = {item["key"]: item for item in october["due_soon"]["items"]}
    assert list(soon) == ["TT-CCHC", "SIPAS-KHAO-SAT"]
    # Within its extension (decided on 26/09), done only on 25/10 and never said to be started.
    assert (soon["TT-CCHC"]["class"], soon["TT-CCHC"]["due"]) == ("not_due", "2022-10-31")
    november = status_json(run_cli, "2022-11-05")
    assert [(item["key"], item["days_overdue"]) for item in november["overdue"]] == [
        ("BC-THANG@T10", 18)
    ]
    assert november["counts"] == {
        "done_on_time": 13, "done_late": 1, "in_progress": 2, "overdue": 1, "continuous": 1,
        "not_due": 4,
    }  # fmt: skip
    assert november["headline"]["target"] == "Hoàn thành 100% nhiệm vụ được giao tại Kế hoạch này"
    assert (november["headline"]["due"], november["headline"]["done_of_due"]) == (15, 14)
    assert november["headline"]["percent_of_due"] == 93.3  # 14/15, rounded down


def test_support_all_takes_in_every_unit_but_leaders_outside_bodies_groups_and_leads(
    run_cli: RunCli,
) -> None:
    def supports(code: str) -> list[str]:
        result = run_cli(
            "checklist", "--plans", str(ALL_NEEDS), "-d", code, "--as-of", "2022-10-20",
            "--format", "json",
        )  # fmt: skip
        assert result.exit_code == 0, result
        return [item["key"] for item in json.loads(result.stdout)["supports"]]

    for code in ("SNV", "STC", "PKSTTHC", "TTPVHCC", "BTCD", "DPTTH", "CA", "UBND-TN", "BQLKKT"):
        assert "DVC-SO-HOA" in supports(code), code
    for code in ("LDUBND", "BDT", "SBN", "UBND-HUYEN", "STTTT", "VPUBND"):
        assert "DVC-SO-HOA" not in supports(code), code


def _export() -> dict[str, Any]:
    from parplan.plan_json import plan_payload

    return plan_payload(load_plan(ALL_NEEDS, use_cache=False))


def test_the_plan_holds_every_need() -> None:
    """What the views above do not show is in the exported plan, as written."""
    plan = _export()
    document = plan["document"]
    assert document["issuer"]["name"] == "UBND tỉnh Thử nghiệm"
    assert [heading["ref"] for heading in document["outline"]][:5] == [
        "A",
        "B",
        "B.I",
        "B.I.1",
        "B.I.2",
    ]
    assert document["signature"]["on_behalf"] == [
        {"authority": "TM.", "of": "ỦY BAN NHÂN DÂN"},
        {"authority": "KT.", "of": "CHỦ TỊCH"},
    ]
    assert document["signature"]["name"] is None
    assert (document["number"], document["preamble"]) == (None, None)
    assert document["to_confirm"] == ["number", "preamble", "signature"]
    kinds = {unit["kind"] for unit in plan["departments"]}
    assert kinds == {
        "lãnh đạo", "văn phòng", "phòng", "trung tâm", "ban", "sở", "ban ngành", "cơ quan",
        "đơn vị sự nghiệp", "ủy ban nhân dân", "nhóm", "bên ngoài",
    }  # fmt: skip
    groups = {unit["code"]: unit["members"] for unit in plan["departments"] if unit["members"]}
    assert groups == {
        "SBN": ["SNV", "STTTT", "STP", "SKHDT", "STC", "BQLKKT"],
        "UBND-HUYEN": ["UBND-TN", "UBND-TH"],
    }
    assert [index["code"] for index in plan["indexes"]] == ["PAR", "SIPAS", "PAPI", "PCI", "DVC766"]
    tasks = {task["id"]: task for task in plan["tasks"]}
    assert tasks["DVC-SO-HOA"]["lead"] == ["STTTT", "VPUBND"]
    assert tasks["KH-KIEM-TRA"]["criteria"] == ["PAR 1.1.1"]  # component
    assert tasks["TT-CCHC"]["criteria"] == ["PAR 1.2"]  # criterion
    assert tasks["DVC-SO-HOA"]["criteria"] == ["PAR 7", "DVC766 3", "DVC766 6"]  # field, 766
    assert tasks["SIPAS-KHAO-SAT"]["criteria"] == ["SIPAS 3", "SIPAS 4"]
    assert (tasks["PAPI-TIEP-DAN"]["criteria"], tasks["PCI-MOI-TRUONG"]["criteria"]) == (
        ["PAPI"],
        ["PCI"],
    )
    assert tasks["TTHC-RA-SOAT"]["deadline"]["written"] == "trong năm 2022"  # kept as written
    assert [part["id"] for part in tasks["TTHC-RA-SOAT"]["parts"]] == [
        "TTHC-RA-SOAT-1", "TTHC-RA-SOAT-2", "TTHC-RA-SOAT-3",
    ]  # fmt: skip
    assert tasks["DVC-SO-HOA"]["funding"] == [
        {"source": "Ngân sách tỉnh", "amount": 1200000000, "note": None},
        {
            "source": "Nguồn chi thường xuyên được giao",
            "amount": None,
            "note": "Các đơn vị tự bảo đảm trong dự toán",
        },
    ]
    assert tasks["TTHC-RA-SOAT"]["parts"][1]["funding"][0]["amount"] == 150000000
    assert {target["measure"] for target in plan["targets"]} == {
        "completion_rate", "value", "rank", "rank_change",
    }  # fmt: skip
    years = {(result["index"], result["year"]) for result in plan["results"]}
    assert {("PAR", 2021), ("PAR", 2022), ("DVC766", 2022), ("PAR 3", 2021)} <= years


def test_status_json_shows_targets_against_results(run_cli: RunCli) -> None:
    payload = status_json(run_cli, "2022-10-20")
    targets = {target["id"]: target for target in payload["targets"]}
    assert list(targets) == [
        "MT-100", "MT-PAR", "MT-PAR-3", "MT-SIPAS", "MT-PAPI", "MT-PCI", "MT-DVC766",
    ]  # fmt: skip
    assert {target["measure"] for target in targets.values()} == {
        "completion_rate", "value", "rank", "rank_change",
    }  # fmt: skip


def test_status_json_rolls_a_task_up_from_its_parts(run_cli: RunCli) -> None:
    payload = status_json(run_cli, "2022-12-20")
    rollups = {rollup["id"]: rollup for rollup in payload["rollups"]}
    assert "TTHC-RA-SOAT" in rollups


def test_status_json_gives_each_occurrence_its_leads_criteria_and_parent(run_cli: RunCli) -> None:
    items = every_dated(run_cli)
    assert items["DVC-SO-HOA"]["leads"] == ["STTTT", "VPUBND"]
    assert items["DVC-SO-HOA"]["criteria"] == ["PAR 7", "DVC766 3", "DVC766 6"]
    assert items["SIPAS-KHAO-SAT"]["criteria"] == ["SIPAS 3", "SIPAS 4"]
    assert items["TTHC-RA-SOAT-2"]["parent"] == "TTHC-RA-SOAT"
    assert items["TT-PHAP-LUAT"]["parent"] is None


# --- The quý III report of the all-needs plan --------------------------------------------------


@pytest.fixture
def report_q3(run_cli: RunCli) -> str:
    result = run_cli("report", "--plans", str(ALL_NEEDS), "--quarter", "III", "--format", "md")
    assert result.exit_code == 0, result
    return result.stdout


def test_report_signs_on_two_levels(report_q3: str) -> None:
    assert "**TM. ỦY BAN NHÂN DÂN<br>KT. CHỦ TỊCH<br>PHÓ CHỦ TỊCH**" in report_q3
    assert "(chưa có họ tên người ký)" in report_q3  # the name is to be confirmed


def test_report_counts_several_leads_once_per_lead_and_once_in_the_total(report_q3: str) -> None:
    lines = report_q3.splitlines()
    start = next(number for number, line in enumerate(lines) if line.startswith("| Đơn vị |"))
    by_unit = lines[start + 2 : lines.index("", start)]
    totals = {row.split(" | ")[0].strip("| *"): row.split(" | ")[1].strip("*") for row in by_unit}
    assert totals["Sở Thông tin và Truyền thông"] == totals["Văn phòng UBND tỉnh"] == "1"
    assert totals["Tổng cộng"] == "22"
    assert sum(int(count) for unit, count in totals.items() if unit != "Tổng cộng") == 23
    row = next(line for line in lines if line.startswith("| 19 | Số hóa hồ sơ"))
    assert "| Sở Thông tin và Truyền thông; Văn phòng UBND tỉnh |" in row
    assert "không phải văn bản thật" in report_q3  # the appendix note says it is a test plan


def test_report_counts_work_serving_two_fields_in_each(report_q3: str) -> None:
    assert "| 2. Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật | 1 | 1 |" in report_q3
    assert "| 3. Cải cách thủ tục hành chính | 4 | 1 |" in report_q3
    assert "| 7. Xây dựng và phát triển chính quyền điện tử, chính quyền số | 1 |" in report_q3


def test_report_shows_the_targets_against_last_years_results(report_q3: str) -> None:
    assert "Chỉ số SIPAS nằm trong nhóm 25 tỉnh, thành phố dẫn đầu cả nước" in report_q3
    assert "năm 2021: 83,42%, xếp thứ 31/63" in report_q3


def test_report_shows_the_criteria_codes(report_q3: str) -> None:
    for code in ("PAR 1.1.2", "PAR 1.2", "SIPAS 3", "DVC766 6"):
        assert code in report_q3, code
