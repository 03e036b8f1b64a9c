"""The command line, through Typer's runner: exit codes, formats, messages in Vietnamese."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from parplan import __version__
from parplan.schema import plan_file_schema_text

from .conftest import FIXTURES, SHIPPED_PLANS, CliResult, RunCli

PARPLAN = Path(sys.executable).parent / "parplan"


def _break_lead(plan_folder: Path) -> None:
    path = plan_folder / "phu-luc.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("lead: HCTC", "lead: HCTX", 1), encoding="utf-8"
    )


def test_version(run_cli: RunCli) -> None:
    result = run_cli("--version")
    assert result.exit_code == 0
    assert result.stdout == f"parplan {__version__}\n"


def test_validate_shipped_plans(run_cli: RunCli) -> None:
    result = run_cli("validate", str(SHIPPED_PLANS))
    assert result.exit_code == 0, result
    assert result.stdout.startswith("Hợp lệ: 5 tệp")


def test_validate_defaults_to_plans_in_the_current_folder(
    run_cli: RunCli, minimal_plan: Path
) -> None:
    result = run_cli("validate", cwd=minimal_plan.parent.parent)
    assert result.exit_code == 0, result
    _break_lead(minimal_plan)
    result = run_cli("validate", cwd=minimal_plan.parent.parent)
    assert result.exit_code == 1, result
    assert result.stdout.splitlines()[0] == (
        "plans/2022/phu-luc.yaml:6:11: lỗi [unit-unknown] tasks[0].lead: đơn vị 'HCTX' không có "
        "trong danh mục đơn vị (departments); bạn có muốn viết 'HCTC'?"
    )
    assert result.stdout.splitlines()[-1] == "Có 1 lỗi trong 3 tệp."


def test_plans_option_and_environment_variable(
    run_cli: RunCli, minimal_plan: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert run_cli("validate", "--plans", str(minimal_plan), cwd=elsewhere).exit_code == 0
    result = run_cli("validate", cwd=elsewhere, env={"PARPLAN_PLANS": str(minimal_plan)})
    assert result.exit_code == 0, result
    result = run_cli("validate", cwd=elsewhere)
    assert result.exit_code == 2
    assert "không tìm thấy đường dẫn: plans" in result.stderr


def test_a_file_is_validated_with_the_plan_it_belongs_to(
    run_cli: RunCli, minimal_plan: Path
) -> None:
    # phu-luc.yaml refers to units of danh-muc.yaml: checked alone it would look wrong.
    result = run_cli("validate", "plans/2022/phu-luc.yaml", cwd=minimal_plan.parent.parent)
    assert result.exit_code == 0, result


def test_validate_json(run_cli: RunCli, minimal_plan: Path) -> None:
    _break_lead(minimal_plan)
    result = run_cli("validate", "--format", "json", cwd=minimal_plan.parent.parent)
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert payload["valid"] is False
    assert payload["error_count"] == 1
    assert payload["findings"] == [
        {
            "file": "plans/2022/phu-luc.yaml",
            "line": 6,
            "column": 11,
            "yaml_path": "tasks[0].lead",
            "rule": "unit-unknown",
            "severity": "error",
            "message": "đơn vị 'HCTX' không có trong danh mục đơn vị (departments); bạn có muốn viết 'HCTC'?",
        }
    ]


def test_validate_github_annotations_by_themselves_under_actions(
    run_cli: RunCli, minimal_plan: Path
) -> None:
    repository = minimal_plan.parent.parent
    (repository / ".git").mkdir()
    _break_lead(minimal_plan)
    result = run_cli("validate", "2022", cwd=minimal_plan.parent, env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith(
        "::error file=plans/2022/phu-luc.yaml,line=6,col=11,title=parplan [unit-unknown]::"
        "tasks[0].lead: đơn vị 'HCTX'"
    ), first
    assert "%2C" not in first.split("::", 2)[2]  # the message part keeps its commas


def test_bad_options_exit_2_in_vietnamese(run_cli: RunCli) -> None:
    result = run_cli("validate", "--format", "xml", str(SHIPPED_PLANS))
    assert result.exit_code == 2
    assert "giá trị không hợp lệ cho '--format': 'xml'" in result.stderr
    result = run_cli("validate", "--bogus")
    assert result.exit_code == 2
    assert "không có tùy chọn --bogus" in result.stderr
    result = run_cli("frobnicate")
    assert result.exit_code == 2
    assert "không có lệnh 'frobnicate'" in result.stderr
    result = run_cli("validate", "/no/such/folder")
    assert result.exit_code == 2
    assert "không tìm thấy đường dẫn: /no/such/folder" in result.stderr


def _run(*args: str, **options: Any) -> subprocess.CompletedProcess[str]:
    """parplan as the clerk runs it: a process of its own, so a traceback could show."""
    return subprocess.run(
        [str(PARPLAN), *args], capture_output=True, text=True, check=False, timeout=60, **options
    )


def test_bad_options_in_a_real_process_show_no_traceback() -> None:
    # Through CliRunner a traceback can never reach the output: only a real process shows one.
    for args in (("validate", "--format", "xml"), ("frobnicate",), ("validate", "/no/such")):
        result = _run(*args)
        assert result.returncode == 2, result
        assert result.stderr.startswith("parplan: lỗi: "), result
        assert "Traceback" not in result.stderr + result.stdout


def test_an_internal_error_exits_3_with_its_message_and_a_hint_to_report_it(
    run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import parplan.plan_json

    def broken(plan: object) -> str:
        raise ZeroDivisionError("chia cho không")

    monkeypatch.setattr(parplan.plan_json, "plan_json", broken)
    result = run_cli("export", "--plans", str(SHIPPED_PLANS))
    assert result.exit_code == 3, result
    assert result.stderr == (
        "parplan: lỗi: lỗi nội bộ của parplan (ZeroDivisionError: chia cho không). "
        "Đặt PARPLAN_DEBUG=1 để xem chi tiết và báo cho người bảo trì\n"
    )


def test_ctrl_c_says_stopped_and_exits_130(tmp_path: Path) -> None:
    """A real process sent SIGINT while ``update`` waits for a plan another update holds."""
    from filelock import FileLock

    from parplan.editing import lock_path

    plans = tmp_path / "plans"
    shutil.copytree(SHIPPED_PLANS, plans)
    folder = plans / "2022"
    with FileLock(lock_path(folder)):
        process = subprocess.Popen(
            [str(PARPLAN), "update", "GP-C", "-s", "in_progress", "--plans", str(plans)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(3)  # started, read the plan, waiting for the lock (it waits 10 s)
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 130, (stdout, stderr)
    assert stderr == "parplan: đã dừng.\n"


@pytest.mark.parametrize(
    ("command", "placeholders"),
    [
        ("status", ("--plans THƯ_MỤC", "--as-of NGÀY", "-d, --department ĐƠN_VỊ", "--within SỐ_NGÀY", "--format DẠNG")),
        ("update", ("MÃ_NHIỆM_VỤ", "-o, --occurrence KỲ", "--done-on NGÀY", "--reason LÝ_DO")),
        ("report", ("-q, --quarter QUÝ", "--half NỬA_NĂM", "-O, --output TỆP", "--date NGÀY")),
        ("diff", ("BẢN_GỐC", "BẢN_MỚI")),
        ("calendar", ("--alarm-days SỐ_NGÀY", "từ 0 đến 60")),
    ],
)  # fmt: skip
def test_help_shows_vietnamese_placeholders(
    run_cli: RunCli, command: str, placeholders: tuple[str, ...]
) -> None:
    text = run_cli(command, "--help", env={"COLUMNS": "120"}).stdout
    for placeholder in placeholders:
        assert placeholder in text, (command, placeholder, text)


def test_old_format_names_are_aliases_of_text(run_cli: RunCli) -> None:
    plans = ("--plans", str(SHIPPED_PLANS), "--as-of", "2022-09-30")
    for command, old in (("status", "terminal"), ("overdue", "table")):
        text = run_cli(command, *plans, "--format", "text")
        assert text.exit_code == 0, text
        assert run_cli(command, *plans, "--format", old).stdout == text.stdout


def test_export_json(run_cli: RunCli) -> None:
    result = run_cli("export", "--plans", str(SHIPPED_PLANS))
    assert result.exit_code == 0, result
    payload = json.loads(result.stdout)
    assert payload["document"]["signature"]["name"] == "Lê Thị Thanh Thủy"
    tasks = {task["id"]: task for task in payload["tasks"]}
    report = tasks["GP-D-CCHC"]
    q3 = next(item for item in report["schedule"] if item["period"] == "Q3")
    # Data cut-off 14/9/2022 (Wednesday) plus two working days.
    assert (q3["key"], q3["deadline"], q3["status"]) == (
        "GP-D-CCHC@Q3",
        "2022-09-16",
        "not_started",
    )
    assert "TH" in report["support_units"] and "HCTC" not in report["support_units"]
    assert tasks["GP-C"]["support_units"][-1] == "VNPT"


def test_export_carries_format_2(run_cli: RunCli) -> None:
    result = run_cli("export", "--plans", str(FIXTURES / "parts-2022"))
    assert result.exit_code == 0, result
    payload = json.loads(result.stdout)
    assert payload["schema_version"] == 2
    document = payload["document"]
    assert [heading["ref"] for heading in document["outline"]] == ["I", "II", "II.2"]
    assert document["signature"] == {
        "on_behalf": [
            {"authority": "TM.", "of": "ỦY BAN NHÂN DÂN"},
            {"authority": "KT.", "of": "CHỦ TỊCH"},
        ],
        "title": "PHÓ CHỦ TỊCH",
        "name": "Nguyễn Văn A",
    }
    par = next(index for index in payload["indexes"] if index["code"] == "PAR")
    assert [
        (item["code"], [child["code"] for child in item["items"]]) for item in par["items"]
    ] == [
        ("1", ["1.1"]),
        ("3", []),
    ]
    targets = {target["id"]: target for target in payload["targets"]}
    assert (targets["MT-PAR"]["measure"], targets["MT-PAR"]["index"]) == ("value", "PAR")
    assert (targets["MT-HANG"]["measure"], targets["MT-HANG"]["value"]) == ("rank_change", 1)
    assert payload["results"] == [
        {"index": "PAR", "year": 2021, "value": 87.11, "unit": "%", "rank": 23, "of": 63,
         "group": None, "max_value": None, "assessment": "published", "known_on": None,
         "source": "Kế hoạch, đoạn mở đầu"}
    ]  # fmt: skip
    tasks = {task["id"]: task for task in payload["tasks"]}
    report, monthly, joint = tasks["GP-B"], tasks["GP-M"], tasks["GP-A"]
    # Leads always a list; deadlines as written and resolved in the plan's year.
    assert (report["lead"], joint["lead"]) == (["KSTTHC"], ["HCTC", "KSTTHC"])
    assert report["deadline"] == {"written": "Quý III", "date": "2022-09-30"}
    assert joint["deadline"] == {"written": "trước ngày 30/11/2022", "date": "2022-11-29"}
    assert monthly["deadline"] is None
    assert (report["criteria"], joint["criteria"]) == (["PAR 3", "SIPAS 2"], ["PAR 1.1"])
    assert report["funding"] == [{"source": "Ngân sách tỉnh", "amount": 150000000, "note": None}]
    # A part: the values in force, those taken from the task named; its one occurrence.
    first, second = report["parts"]
    assert (first["id"], first["lead"], first["deadline"], first["output"]) == (
        "GP-B-1",
        ["KSTTHC"],
        {"written": "Quý III", "date": "2022-09-30"},
        "Báo cáo rà soát",
    )
    assert first["inherited"] == ["lead", "support", "deadline", "output"]
    assert second["deadline"] == {"written": "tháng 11/2022", "date": "2022-11-30"}
    assert (second["lead"], second["support_units"], second["inherited"]) == (
        ["TTPVHCC"],
        ["KSTTHC"],
        [],
    )
    assert [(item["key"], item["deadline"], item["parent"]) for item in second["schedule"]] == [
        ("GP-B-2", "2022-11-30", "GP-B")
    ]
    assert report["schedule"] == []  # a task in parts is its parts
    assert [item["key"] for item in monthly["schedule"]] == ["GP-M@T9", "GP-M@T10", "GP-M@T11"]


def test_export_refuses_an_invalid_plan(run_cli: RunCli, minimal_plan: Path) -> None:
    _break_lead(minimal_plan)
    result = run_cli("export", "--plans", str(minimal_plan))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "[unit-unknown]" in result.stderr
    assert "kế hoạch có 1 lỗi" in result.stderr


def test_several_years_in_one_plans_folder(run_cli: RunCli, minimal_plan: Path) -> None:
    next_year = minimal_plan.parent / "2023"
    shutil.copytree(minimal_plan, next_year)
    for path in next_year.iterdir():
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace("/2022", "/2023").replace("year: 2022", "year: 2023"), encoding="utf-8"
        )
    plans = str(minimal_plan.parent)
    assert run_cli("validate", plans).exit_code == 0
    assert json.loads(run_cli("export", "--plans", plans).stdout)["document"]["year"] == 2023
    assert (
        json.loads(run_cli("export", "--plans", plans, "--year", "2022").stdout)["document"]["year"]
        == 2022
    )
    result = run_cli("export", "--plans", plans, "--year", "2021")
    assert result.exit_code == 2
    assert "không có kế hoạch năm 2021" in result.stderr and "2022, 2023" in result.stderr


def _two_years(minimal_plan: Path) -> Path:
    """The plans root holding the minimal plan of 2022 and the same plan for 2023."""
    next_year = minimal_plan.parent / "2023"
    shutil.copytree(minimal_plan, next_year)
    for path in next_year.iterdir():
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace("/2022", "/2023").replace("year: 2022", "year: 2023"), encoding="utf-8"
        )
    return minimal_plan.parent


def test_the_plan_year_is_chosen_by_one_rule() -> None:
    from parplan.loading import choose_year

    years = [2023, 2022]
    today = date(2026, 1, 5)
    assert choose_year(years, 2022, date(2023, 5, 1), today) == 2022  # --year first
    assert choose_year(years, 2021, None, today) is None  # a year there is no plan of
    assert choose_year(years, None, date(2022, 12, 20), today) == 2022  # the year of --as-of
    assert choose_year(years, None, date(2024, 1, 10), date(2022, 3, 1)) == 2022  # else today's
    assert choose_year(years, None, date(2024, 1, 10), today) == 2023  # else the latest
    assert choose_year(years, None, None, today) == 2023
    assert choose_year([], None, None, today) is None


@pytest.mark.parametrize("cache", [True, False])
def test_update_report_and_export_choose_the_year_by_the_rule(
    run_cli: RunCli, minimal_plan: Path, monkeypatch: pytest.MonkeyPatch, cache: bool
) -> None:
    """Observation: 'with a 2022 and a 2023 folder, update and report --annual choose 2023
    while status --as-of 2022-12-20 chooses 2022'."""
    from parplan import loading

    root = _two_years(minimal_plan)
    group = () if cache else ("--no-cache",)

    def run(command: str, *args: str) -> CliResult:
        return run_cli(*group, command, *args, "--plans", str(root))

    def year_of_export() -> int:
        year: int = json.loads(run("export").stdout)["document"]["year"]
        return year

    annual = ("--annual", "--format", "md")
    for today, year in ((date(2022, 12, 20), 2022), (date(2024, 2, 1), 2023)):
        monkeypatch.setattr(loading, "today", lambda today=today: today)
        assert year_of_export() == year  # the same files: each day its own plan, cached or not
    monkeypatch.setattr(loading, "today", lambda: date(2022, 12, 20))
    assert year_of_export() == 2022
    assert "**Kết quả thực hiện Kế hoạch thử năm 2022**" in run("report", *annual).stdout
    result = run("update", "T-1", "--note", "Ghi hôm nay")
    assert result.exit_code == 0, result
    assert "Ghi hôm nay" in (root / "2022" / "phu-luc.yaml").read_text(encoding="utf-8")
    # A year no plan covers: the latest, unless the day recorded (--on) or --year says otherwise.
    monkeypatch.setattr(loading, "today", lambda: date(2024, 2, 1))
    assert year_of_export() == 2023
    assert "**Kết quả thực hiện Kế hoạch thử năm 2023**" in run("report", *annual).stdout
    for args, folder in (
        (("--on", "20/12/2022"), "2022"),
        ((), "2023"),
    ):
        note = f"Ghi {' '.join(args) or 'mặc định'}"
        result = run("update", "T-1", "--note", note, *args)
        assert result.exit_code == 0, result
        text = (root / folder / "phu-luc.yaml").read_text(encoding="utf-8")
        assert note in text, (args, folder)
    # --year wins over the day recorded: the 2023 plan is chosen, and a fact of 2022 is refused
    # there (fact-before-year), nothing written.
    before = (root / "2023" / "phu-luc.yaml").read_bytes()
    result = run("update", "T-1", "--note", "Ghi năm trước", "--on", "20/12/2022", "--year", "2023")
    assert result.exit_code == 1 and "trước năm kế hoạch 2023" in result.stderr, result
    assert (root / "2023" / "phu-luc.yaml").read_bytes() == before


def test_views_choose_the_plan_of_the_as_of_year(
    run_cli: RunCli, minimal_plan: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """status, overdue, checklist, calendar and site look at the plan of the --as-of year."""
    from parplan import loading

    root = str(_two_years(minimal_plan))
    monkeypatch.setattr(loading, "today", lambda: date(2023, 3, 1))
    day = ("--as-of", "2022-12-20", "--plans", root)
    status = json.loads(run_cli("status", "--format", "json", *day).stdout)
    assert (status["year"], status["as_of"]) == (2022, "2022-12-20")
    assert json.loads(run_cli("status", "--format", "json", "--plans", root).stdout)["year"] == 2023
    overdue = json.loads(run_cli("overdue", "--format", "json", *day).stdout)
    assert [item["key"] for item in overdue] == ["T-2@Q2", "T-2@Q3"]  # the 2022 plan's
    checklist = run_cli("checklist", "-d", "KSTTHC", "--format", "md", *day)
    assert "16/06/2022" in checklist.stdout and "/2023" not in checklist.stdout, checklist
    calendar = run_cli("calendar", *day)
    assert "DTSTART;VALUE=DATE:20220616" in calendar.stdout, calendar
    result = run_cli("site", "--out", str(tmp_path / "site"), *day)
    assert result.exit_code == 0, result
    assert "năm 2022" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_decomposed_unicode_is_read_as_nfc(run_cli: RunCli, minimal_plan: Path) -> None:
    path = minimal_plan / "phu-luc.yaml"
    text = path.read_text(encoding="utf-8").replace("Nhiệm vụ một lần", "Nhiệm vụ một lần (Thủy)")
    path.write_bytes(unicodedata.normalize("NFD", text).encode("utf-8"))
    result = run_cli("export", "--plans", str(minimal_plan))
    assert result.exit_code == 0, result
    title = json.loads(result.stdout)["tasks"][0]["title"]
    assert title == "Nhiệm vụ một lần (Thủy)"
    assert unicodedata.is_normalized("NFC", title)


def test_schema_command(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("schema")
    assert result.exit_code == 0
    assert result.stdout == plan_file_schema_text()
    target = tmp_path / "schema.json"
    assert run_cli("schema", "--output", str(target)).exit_code == 0
    assert target.read_text(encoding="utf-8") == plan_file_schema_text()
    result = run_cli("schema", "--output", str(tmp_path / "missing" / "schema.json"))
    assert result.exit_code == 2
    assert "không tồn tại" in result.stderr


@pytest.mark.parametrize("command", ["validate", "schema", "export"])
def test_every_command_has_vietnamese_help(run_cli: RunCli, command: str) -> None:
    result = run_cli(command, "--help")
    assert result.exit_code == 0
    assert any(ch in result.stdout for ch in "ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ")


@pytest.mark.parametrize("as_of", ["2022-01-10", "2022-09-30", "2022-12-31"])
def test_shipped_plan_status_json_evaluates_its_target(run_cli: RunCli, as_of: str) -> None:
    result = run_cli("status", "--plans", str(SHIPPED_PLANS), "--as-of", as_of, "--format", "json")
    assert result.exit_code == 0, result
    payload = json.loads(result.stdout)
    assert set(payload) >= {"targets", "results", "rollups"}
    (target,) = payload["targets"]
    assert (target["id"], target["measure"], target["value"]) == ("MT-100", "completion_rate", 100)
    headline = payload["headline"]
    if headline["due"] == 0:
        assert (target["verdict"], target["result"]) == ("unknown", None)
    else:
        assert target["result"]["due"] == headline["due"]
        assert target["result"]["done"] == headline["done_of_due"]
        met = headline["done_of_due"] == headline["due"]
        assert target["verdict"] == ("met" if met else "not_met")
    assert target["text"].startswith(target["target"].rstrip(".") + " — kết quả: ")


def test_report_help_offers_month_reports(run_cli: RunCli) -> None:
    result = run_cli("report", "--help", env={"COLUMNS": "100"})
    assert result.exit_code == 0
    assert "--month" in result.stdout and "Báo cáo tháng: 1–12 (hoặc T1–T12)." in result.stdout
