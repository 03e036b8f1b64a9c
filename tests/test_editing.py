"""Recording progress: only the task's lines change, nothing is lost, bad updates are refused."""

from __future__ import annotations

import difflib
import io
import json
import os
import shutil
import stat
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from parplan.editing import round_trip_yaml
from parplan.progress_change import parse_status

from .conftest import FIXTURES, SHIPPED_PLANS, RunCli

PLAN_FILES = sorted(SHIPPED_PLANS.rglob("*.yaml"))


@pytest.mark.parametrize("path", PLAN_FILES, ids=lambda p: p.name)
def test_round_trip_of_shipped_plan_files_is_byte_identical(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    yaml = round_trip_yaml()
    buffer = io.StringIO()
    yaml.dump(yaml.load(text), buffer)
    assert buffer.getvalue() == text


def _changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def _hunks(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line.startswith("@@")
    ]


def test_update_of_an_occurrence_changes_only_that_tasks_lines(
    run_cli: RunCli, shipped_plan_copy: Path
) -> None:
    path = shipped_plan_copy / "2022" / "phu-luc.yaml"
    before = path.read_text(encoding="utf-8")
    result = run_cli(
        "update", "GP-D-CCHC", "--occurrence", "quý III", "--status", "hoàn thành",
        "--done-on", "16/09/2022", "--evidence", "Báo cáo số 123/BC-VP ngày 16/9/2022",
        "--on", "16/09/2022", "--plans", str(shipped_plan_copy),
    )  # fmt: skip
    assert result.exit_code == 0, result
    assert "Đã ghi tiến độ của GP-D-CCHC@Q3" in result.stdout
    after = path.read_text(encoding="utf-8")
    assert _changed_lines(before, after) == [
        "+    occurrences:",
        "+      Q3:",
        "+        done_on: 16/09/2022",
        "+        evidence:",
        "+          - {on: 16/09/2022, text: Báo cáo số 123/BC-VP ngày 16/9/2022}",
    ]
    # Inserted right after the task's last line ("to_confirm: …"), before the blank line.
    lines = before.splitlines()
    output = lines.index(
        "    output: Báo cáo CCHC định kỳ của Văn phòng UBND tỉnh, gửi đúng thời hạn"
    )
    assert lines[output + 1].startswith("    to_confirm:") and lines[output + 2] == ""
    last = output + 2  # 1-based number of the task's last line
    assert _hunks(before, after) == [f"@@ -{last},0 +{last + 1},5 @@"]
    # Every other file is untouched; the plan still validates.
    assert run_cli("validate", str(shipped_plan_copy)).exit_code == 0


def test_second_update_edits_in_place_and_keeps_comments(
    run_cli: RunCli, minimal_plan: Path
) -> None:
    path = minimal_plan / "phu-luc.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "    deadline: 31/12/2022\n",
        "    deadline: 31/12/2022  # hạn theo văn bản\n    # ghi chú giữa nhiệm vụ\n",
    )
    path.write_text(text, encoding="utf-8")
    plans = ("--plans", str(minimal_plan))
    assert (
        run_cli("update", "T-1", "-s", "in_progress", "--on", "01/12/2022", *plans).exit_code == 0
    )
    middle = path.read_text(encoding="utf-8")
    assert "# hạn theo văn bản" in middle and "# ghi chú giữa nhiệm vụ" in middle
    assert "    progress:\n      started_on: 01/12/2022\n" in middle
    result = run_cli(
        "update", "T-1", "-s", "done", "--done-on", "2022-12-20", "--note", "Xong | có bảng",
        "--on", "2022-12-21", *plans,
    )  # fmt: skip
    assert result.exit_code == 0, result
    after = path.read_text(encoding="utf-8")
    assert _changed_lines(middle, after) == [
        "+      done_on: 20/12/2022",
        "+      notes:",
        "+        - {on: 21/12/2022, text: Xong | có bảng}",
    ]


def test_an_update_that_changes_nothing_leaves_the_file_byte_identical(
    run_cli: RunCli, shipped_plan_copy: Path
) -> None:
    args = (
        "update",
        "GP-B",
        "-s",
        "in_progress",
        "--evidence",
        "Công văn số 5",
        "--plans",
        str(shipped_plan_copy),
    )
    assert run_cli(*args).exit_code == 0
    path = shipped_plan_copy / "2022" / "phu-luc.yaml"
    before = path.read_bytes()
    result = run_cli(*args)
    assert result.exit_code == 0
    assert "Không có gì thay đổi" in result.stdout
    assert path.read_bytes() == before


def test_a_refused_update_leaves_the_file_byte_identical(
    run_cli: RunCli, shipped_plan_copy: Path
) -> None:
    path = shipped_plan_copy / "2022" / "phu-luc.yaml"
    before = path.read_bytes()
    result = run_cli("update", "GP-B", "--done-on", "01/02/2022", "--plans", str(shipped_plan_copy))
    assert result.exit_code == 1
    assert "[done-before-issue]" in result.stderr
    assert "không ghi thay đổi" in result.stderr
    assert path.read_bytes() == before


def test_an_interrupted_write_leaves_the_old_file(
    run_cli: RunCli, shipped_plan_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = shipped_plan_copy / "2022"
    path = folder / "phu-luc.yaml"
    before = path.read_bytes()
    real_fsync = os.fsync

    def killed(descriptor: int) -> None:
        real_fsync(descriptor)
        raise KeyboardInterrupt  # the process is stopped half-way through the write

    monkeypatch.setattr(os, "fsync", killed)
    result = run_cli("update", "GP-B", "-s", "in_progress", "--plans", str(shipped_plan_copy))
    assert result.exit_code == 130
    assert path.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        p.name for p in (SHIPPED_PLANS / "2022").iterdir()
    )


def test_update_keeps_permissions_and_line_endings(run_cli: RunCli, minimal_plan: Path) -> None:
    path = minimal_plan / "phu-luc.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    path.chmod(0o640)
    before = path.read_bytes()
    result = run_cli(
        "update", "T-1", "-s", "in_progress", "--on", "01/10/2022", "--plans", str(minimal_plan)
    )
    assert result.exit_code == 0, result
    after = path.read_bytes()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert b"\r\n      started_on: 01/10/2022\r\n" in after
    assert after.count(b"\n") == after.count(b"\r\n")
    assert after.replace(b"    progress:\r\n      started_on: 01/10/2022\r\n", b"") == before


def test_extension_needs_a_reason_and_keeps_the_old_deadline(
    run_cli: RunCli, minimal_plan: Path
) -> None:
    plans = ("--plans", str(minimal_plan))
    result = run_cli("update", "T-2", "-o", "Q2", "--new-deadline", "30/06/2022", *plans)
    assert result.exit_code == 2
    assert "cần lý do: --reason" in result.stderr
    result = run_cli(
        "update", "T-2", "-o", "Q2", "--new-deadline", "30/06/2022", "--reason", "Chờ số liệu",
        "--decided-on", "10/06/2022", *plans,
    )  # fmt: skip
    assert result.exit_code == 0, result
    text = (minimal_plan / "phu-luc.yaml").read_text(encoding="utf-8")
    assert (
        "    occurrences:\n      Q2:\n        extensions:\n          - deadline: 30/06/2022\n"
        "            reason: Chờ số liệu\n            decided_on: 10/06/2022\n"
    ) in text
    schedule = json.loads(run_cli("export", *plans).stdout)["tasks"][1]["schedule"]
    q2 = next(item for item in schedule if item["period"] == "Q2")
    assert (q2["original_deadline"], q2["deadline"]) == (
        "2022-06-16",
        "2022-06-30",
    )  # the old stays
    # An "extension" to an earlier day is refused, and the file is left as it was.
    before = (minimal_plan / "phu-luc.yaml").read_bytes()
    result = run_cli(
        "update", "T-2", "-o", "Q2", "--new-deadline", "20/06/2022", "--reason", "Nhầm", *plans
    )
    assert result.exit_code == 1
    assert "[extension-not-later]" in result.stderr
    assert (minimal_plan / "phu-luc.yaml").read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("GP-X", "-s", "done"), "không có nhiệm vụ 'GP-X'. Một số mã: T-1, T-2"),
        (
            ("T-2", "-s", "done"),
            "nhiệm vụ T-2 là nhiệm vụ định kỳ: chọn kỳ bằng --occurrence (Q2 (quý II), Q3 (quý III))",
        ),
        (
            ("T-2", "-o", "Q4", "-s", "done"),
            "nhiệm vụ T-2 không có kỳ 'Q4'; các kỳ: Q2 (quý II), Q3 (quý III)",
        ),
        (("T-1", "-o", "Q3", "-s", "done"), "không định kỳ: bỏ --occurrence"),
        (("T-1", "-s", "xong rồi"), "trạng thái 'xong rồi' không hợp lệ"),
        (("t-3", "-s", "done"), "không có nhiệm vụ 't-3'. Các mã gần nhất: T-"),
        (("T-1",), "không có gì để ghi"),
        (("T-1", "--done-on", "31/02/2022"), "ngày không hợp lệ cho '--done-on'"),
    ],
)
def test_bad_updates_exit_2(
    run_cli: RunCli, minimal_plan: Path, args: tuple[str, ...], message: str
) -> None:
    path = minimal_plan / "phu-luc.yaml"
    before = path.read_bytes()
    result = run_cli("update", *args, "--plans", str(minimal_plan))
    assert result.exit_code == 2, result
    assert message in result.stderr
    assert path.read_bytes() == before


def test_status_words() -> None:
    assert parse_status("hoàn thành") == "done"
    assert parse_status("Đang thực hiện") == "in_progress"
    assert parse_status("chua thuc hien") == "not_started"
    assert parse_status("in_progress") == "in_progress"


def test_an_edit_keeps_the_bom_line_endings_and_styles_of_other_lines(
    run_cli: RunCli, minimal_plan: Path
) -> None:
    path = minimal_plan / "phu-luc.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "    title: Báo cáo định kỳ\n", "    title: Báo cáo định kỳ\r\n"
    )  # one CRLF line
    text = text.replace(
        "    output: Báo cáo\n", "    output: |+\n      Báo cáo\n    to_confirm: [output]\n"
    )
    path.write_bytes(("\ufeff" + text).encode("utf-8"))
    before = path.read_bytes()
    result = run_cli(
        "update", "T-2", "-o", "Q3", "-s", "in_progress", "--on", "01/09/2022",
        "--plans", str(minimal_plan),
    )  # fmt: skip
    assert result.exit_code == 0, result
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf")
    assert _changed_lines(before.decode("utf-8"), after.decode("utf-8")) == [
        "+    occurrences:",
        "+      Q3:",
        "+        started_on: 01/09/2022",
    ]
    assert b"    title: B\xc3\xa1o c\xc3\xa1o \xc4\x91\xe1\xbb\x8bnh k\xe1\xbb\xb3\r\n" in after
    assert b"    output: |+\n" in after


def test_reopening_done_work_says_the_completion_date_was_removed(
    run_cli: RunCli, minimal_plan: Path
) -> None:
    plans = ("--plans", str(minimal_plan))
    assert run_cli("update", "T-1", "-s", "done", "--done-on", "20/12/2022", *plans).exit_code == 0
    result = run_cli("update", "T-1", "-s", "đang thực hiện", *plans)
    assert result.exit_code == 0, result
    assert "đã bỏ ngày hoàn thành 20/12/2022 vì việc được mở lại" in result.stdout
    result = run_cli("update", "T-1", "-s", "done", "--done-on", "01/01/2099", *plans)
    assert result.exit_code == 2
    assert "sau hôm nay" in result.stderr


def _appendix_with(minimal_plan: Path, old: str, new: str) -> Path:
    path = minimal_plan / "phu-luc.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_lines_starting_with_a_hash_inside_a_block_scalar_stay_text(
    run_cli: RunCli, minimal_plan: Path
) -> None:
    path = _appendix_with(
        minimal_plan,
        "    output: Sản phẩm\n",
        "    output: |\n      Sản phẩm gồm:\n      # Báo cáo tổng hợp\n",
    )
    before = path.read_text(encoding="utf-8")
    result = run_cli(
        "update", "T-1", "-s", "in_progress", "--on", "01/09/2022", "--plans", str(minimal_plan)
    )
    assert result.exit_code == 0, result
    assert _changed_lines(before, path.read_text(encoding="utf-8")) == [
        "+    progress:",
        "+      started_on: 01/09/2022",
    ]
    output = json.loads(run_cli("export", "--plans", str(minimal_plan)).stdout)["tasks"][0][
        "output"
    ]
    assert output == "Sản phẩm gồm:\n# Báo cáo tổng hợp"


def test_tab_before_a_comment_and_comments_inside_the_entry(
    run_cli: RunCli, minimal_plan: Path
) -> None:
    path = _appendix_with(
        minimal_plan,
        "    deadline: 31/12/2022\n    output: Sản phẩm\n",
        "    deadline: 31/12/2022\t# hạn\n    output: Sản phẩm\n    progress:\n"
        "      started_on: 01/09/2022\n      # TODO bổ sung kiểm chứng\n    to_confirm: [lead]\n",
    )
    plans = ("--plans", str(minimal_plan))
    assert run_cli("update", "T-1", "-s", "done", "--done-on", "01/10/2022", *plans).exit_code == 0
    assert run_cli("update", "T-1", "--evidence", "A", "--on", "01/10/2022", *plans).exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert text.count("# TODO bổ sung kiểm chứng") == 1
    assert "      done_on: 01/10/2022\n" in text
    assert "      evidence:\n        - {on: 01/10/2022, text: A}\n" in text
    assert "    deadline: 31/12/2022\t# hạn\n" in text


def test_repeating_an_update_changes_nothing(run_cli: RunCli, minimal_plan: Path) -> None:
    nfd = unicodedata.normalize("NFD", "Văn bản số 1 của Văn phòng")
    path = _appendix_with(
        minimal_plan,
        "    output: Sản phẩm\n",
        "    output: Sản phẩm\n    progress:\n      done_on: 2022-10-01\n"
        f"      evidence: [{{on: 2022-10-01, text: {nfd}}}]\n",
    )
    plans = ("--plans", str(minimal_plan))
    before = path.read_bytes()
    for args in (
        (
            "T-1",
            "--evidence",
            "Văn bản số 1 của Văn phòng",
        ),  # NFC on the command line, NFD in the file
        ("T-1", "-s", "done", "--done-on", "01/10/2022"),  # the same day, written the other way
        ("T-1", "-s", "done", "--on", "05/10/2022"),  # done already: its day stays
    ):
        result = run_cli("update", *args, *plans)
        assert "Không có gì thay đổi" in result.stdout, result
    assert path.read_bytes() == before
    extend = (
        "update",
        "T-2",
        "-o",
        "Q3",
        "--new-deadline",
        "30/09/2022",
        "--reason",
        "Chờ ý kiến",
        "--on",
        "10/09/2022",
        *plans,
    )
    assert run_cli(*extend).exit_code == 0
    extended = path.read_bytes()
    result = run_cli(*extend)
    assert result.exit_code == 0 and "Không có gì thay đổi" in result.stdout
    assert path.read_bytes() == extended


def test_layouts_the_editor_will_not_guess_at(run_cli: RunCli, minimal_plan: Path) -> None:
    path = minimal_plan / "phu-luc.yaml"
    path.write_text(
        "schema_version: 2\n"
        "tasks: [{id: T-1, title: Một, source: II.2.a, criteria: [PAR 1], lead: HCTC, deadline: 31/12/2022, output: A}]\n",
        encoding="utf-8",
    )
    before = path.read_bytes()
    result = run_cli("update", "T-1", "-s", "in_progress", "--plans", str(minimal_plan))
    assert result.exit_code == 2
    assert "hãy sửa tay" in result.stderr
    result = run_cli("update", "T-1", "--evidence", "  ", "--plans", str(minimal_plan))
    assert result.exit_code == 2 and "--evidence không được để trống" in result.stderr
    assert path.read_bytes() == before


def test_what_update_is_asked_is_checked_before_any_file_is_read(
    run_cli: RunCli, tmp_path: Path
) -> None:
    result = run_cli(
        "update", "T-1", "--plans", str(tmp_path / "khong-co"), "--new-deadline", "01/12/2022"
    )
    assert result.exit_code == 2, result
    assert "--reason" in result.stderr


# --- Parts of a task, monthly occurrences ---------------------------------------------------------

PART_PROGRESS = (
    "        progress:\n"
    "          done_on: 20/10/2022\n"
    "          evidence:\n"
    "            - {on: 20/10/2022, text: Báo cáo số 45/BC-KSTTHC ngày 20/10/2022}\n"
)


@pytest.fixture
def parts_plan(tmp_path: Path) -> Path:
    """A copy of the plan with a task in parts (GP-B: GP-B-1, GP-B-2), a monthly report (GP-M)
    and a task led by two units."""
    folder = tmp_path / "plans" / "2022"
    shutil.copytree(FIXTURES / "parts-2022", folder)
    return folder


def test_progress_of_a_part_goes_under_the_part_and_nothing_else_changes(
    run_cli: RunCli, parts_plan: Path
) -> None:
    path = parts_plan / "phu-luc.yaml"
    before = path.read_text(encoding="utf-8")
    result = run_cli(
        "update", "GP-B-1", "--status", "done", "--done-on", "20/10/2022",
        "--evidence", "Báo cáo số 45/BC-KSTTHC ngày 20/10/2022", "--on", "20/10/2022",
        "--plans", str(parts_plan),
    )  # fmt: skip
    assert result.exit_code == 0, result
    assert "Đã ghi tiến độ của GP-B-1 vào" in result.stdout
    after = path.read_text(encoding="utf-8")
    # Inserted after the part's last line of content; the comment after it, the task's comment
    # and every other byte stay as they were.
    title = "        title: Rà soát thủ tục lĩnh vực đất đai\n"
    assert title + PART_PROGRESS + "        # hạn và chủ trì theo nhiệm vụ\n" in after
    assert after.replace(PART_PROGRESS, "", 1) == before
    assert "    deadline: Quý III  # như văn bản viết\n" in after
    export = json.loads(run_cli("export", "--plans", str(parts_plan)).stdout)
    task = next(task for task in export["tasks"] if task["id"] == "GP-B")
    assert "progress" not in task or task["progress"] is None
    first = task["parts"][0]
    assert (first["id"], first["progress"]["done_on"]) == ("GP-B-1", "2022-10-20")
    assert first["schedule"][0]["status"] == "done"
    # The other part, with its own fields: its progress goes after its own last line.
    middle = after
    result = run_cli(
        "update", "GP-B-2", "-s", "đang thực hiện", "--on", "21/10/2022", "--plans", str(parts_plan)
    )
    assert result.exit_code == 0, result
    after = path.read_text(encoding="utf-8")
    assert _changed_lines(middle, after) == [
        "+        progress:",
        "+          started_on: 21/10/2022",
    ]
    assert (
        "        output: Quyết định công bố\n        progress:\n          started_on: 21/10/2022\n"
    ) in after
    assert run_cli("validate", str(parts_plan)).exit_code == 0


def test_the_task_of_parts_is_refused_with_its_parts_named(
    run_cli: RunCli, parts_plan: Path
) -> None:
    path = parts_plan / "phu-luc.yaml"
    before = path.read_bytes()
    result = run_cli("update", "GP-B", "-s", "done", "--done-on", "01/10/2022",
                     "--plans", str(parts_plan))  # fmt: skip
    assert result.exit_code == 2, result
    assert (
        "nhiệm vụ GP-B gồm các phần việc GP-B-1, GP-B-2: tiến độ ghi cho từng phần việc, "
        "ví dụ 'parplan update GP-B-1 …'"
    ) in result.stderr
    # A part is not periodic; a mistyped part id is matched among the parts.
    result = run_cli("update", "GP-B-1", "-o", "Q3", "-s", "done", "--plans", str(parts_plan))
    assert result.exit_code == 2 and "GP-B-1 không định kỳ: bỏ --occurrence" in result.stderr
    result = run_cli("update", "GP-B-3", "-s", "done", "--plans", str(parts_plan))
    assert result.exit_code == 2
    assert "không có nhiệm vụ 'GP-B-3'. Các mã gần nhất: GP-B-2, GP-B-1" in result.stderr
    assert path.read_bytes() == before


def test_parts_written_as_a_flow_list_are_left_to_the_hand(
    run_cli: RunCli, parts_plan: Path
) -> None:
    path = parts_plan / "phu-luc.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("    parts:\n")
    end = text.index("  - id: GP-M\n")
    path.write_text(
        text[:start]
        + "    parts: [{id: GP-B-1, title: Một}, {id: GP-B-2, title: Hai}]\n"
        + text[end:],
        encoding="utf-8",
    )
    before = path.read_bytes()
    result = run_cli("update", "GP-B-2", "-s", "in_progress", "--plans", str(parts_plan))
    assert result.exit_code == 2, result
    assert "danh sách 'parts' viết dạng [...]" in result.stderr and "hãy sửa tay" in result.stderr
    assert path.read_bytes() == before
    # The whole task on one line, its parts with it.
    start = text.index("  - id: GP-B\n")
    path.write_text(
        text[:start]
        + "  - {id: GP-B, title: Rà soát, source: II.2.b, lead: KSTTHC, deadline: Quý III, "
        "output: Báo cáo, parts: [{id: GP-B-1, title: Một}]}\n" + text[end:],
        encoding="utf-8",
    )
    before = path.read_bytes()
    result = run_cli("update", "GP-B-1", "-s", "in_progress", "--plans", str(parts_plan))
    assert result.exit_code == 2, result
    assert "nhiệm vụ có phần việc viết dạng {...}" in result.stderr
    assert path.read_bytes() == before


def test_a_monthly_occurrence_is_updated_like_a_quarter(run_cli: RunCli, parts_plan: Path) -> None:
    path = parts_plan / "phu-luc.yaml"
    plans = ("--plans", str(parts_plan))
    before = path.read_text(encoding="utf-8")
    result = run_cli("update", "GP-M@T10", "-s", "done", "--done-on", "18/10/2022", *plans)
    assert result.exit_code == 0, result
    assert "Đã ghi tiến độ của GP-M@T10" in result.stdout
    middle = path.read_text(encoding="utf-8")
    assert _changed_lines(before, middle) == [
        "+    occurrences:",
        "+      T10:",
        "+        done_on: 18/10/2022",
    ]
    result = run_cli(
        "update", "GP-M", "-o", "tháng 9", "--note", "Gửi chậm", "--on", "12/10/2022", *plans
    )
    assert result.exit_code == 0, result
    assert "Đã ghi tiến độ của GP-M@T9" in result.stdout
    assert "      T9:\n        notes:\n          - {on: 12/10/2022, text: Gửi chậm}\n" in (
        path.read_text(encoding="utf-8")
    )
    for args, message in (
        (("GP-M", "-s", "done"), "chọn kỳ bằng --occurrence (T9 (tháng 9), T10 (tháng 10), T11"),
        (("GP-M@T12", "-s", "done"), "nhiệm vụ GP-M không có kỳ 'T12'; các kỳ: T9 (tháng 9)"),
        (("GP-M@T10", "-o", "T9", "-s", "done"), "'GP-M@T10' đã ghi kỳ T10, --occurrence ghi"),
    ):
        result = run_cli("update", *args, *plans)
        assert result.exit_code == 2, result
        assert message in result.stderr
    schedule = next(
        task["schedule"]
        for task in json.loads(run_cli("export", *plans).stdout)["tasks"]
        if task["id"] == "GP-M"
    )
    t10 = next(item for item in schedule if item["key"] == "GP-M@T10")
    assert (t10["period_label"], t10["status"], t10["done_on"]) == (
        "tháng 10",
        "done",
        "2022-10-18",
    )


def test_an_extension_of_a_part_is_later_than_its_deadline_as_written(
    run_cli: RunCli, parts_plan: Path
) -> None:
    path = parts_plan / "phu-luc.yaml"
    plans = ("--plans", str(parts_plan))
    before = path.read_bytes()
    # GP-B-1 has no deadline of its own: the task's "Quý III" is 30/09/2022.
    result = run_cli(
        "update", "GP-B-1", "--new-deadline", "30/09/2022", "--reason", "Chờ số liệu",
        "--on", "20/09/2022", *plans,
    )  # fmt: skip
    assert result.exit_code == 1, result
    assert "[extension-not-later]" in result.stderr
    assert (
        "gia hạn đến 30/09/2022 (quyết định ngày 20/09/2022) không sau thời hạn đang áp dụng "
        "ngày đó 30/09/2022 (Quý III)"
    ) in result.stderr
    assert "không ghi thay đổi" in result.stderr
    assert path.read_bytes() == before
    result = run_cli(
        "update", "GP-B-1", "--new-deadline", "15/10/2022", "--reason", "Chờ số liệu",
        "--decided-on", "25/09/2022", *plans,
    )  # fmt: skip
    assert result.exit_code == 0, result
    assert (
        "        progress:\n          extensions:\n            - deadline: 15/10/2022\n"
        "              reason: Chờ số liệu\n              decided_on: 25/09/2022\n"
    ) in path.read_text(encoding="utf-8")
    task = next(
        task
        for task in json.loads(run_cli("export", *plans).stdout)["tasks"]
        if task["id"] == "GP-B"
    )
    (occurrence,) = task["parts"][0]["schedule"]
    assert (occurrence["original_deadline"], occurrence["deadline"]) == (
        "2022-09-30",
        "2022-10-15",
    )
    # The next extension goes past the last one; a part's own phrase is resolved the same way.
    extended = path.read_bytes()
    again = ("--reason", "Lại", "--on", "01/10/2022", *plans)
    result = run_cli("update", "GP-B-1", "--new-deadline", "10/10/2022", *again)
    assert result.exit_code == 1
    assert (
        "không sau thời hạn đang áp dụng ngày đó 15/10/2022 (gia hạn quyết định ngày 25/09/2022):"
    ) in result.stderr
    result = run_cli("update", "GP-B-2", "--new-deadline", "30/11/2022", *again)
    assert result.exit_code == 1
    assert "thời hạn đang áp dụng ngày đó 30/11/2022 (tháng 11/2022)" in result.stderr
    assert path.read_bytes() == extended


# --- Issue 13: dated facts, corrections, extensions from their day, names as listed --------------


def _export_task(run_cli: RunCli, plans: Path, task_id: str) -> Any:
    exported = json.loads(run_cli("export", "--plans", str(plans)).stdout)
    return next(t for t in exported["tasks"] if t["id"] == task_id)


def _progress_of(run_cli: RunCli, plans: Path, task_id: str) -> Any:
    return _export_task(run_cli, plans, task_id)["progress"]


def test_done_on_alone_means_done_and_status_done_is_done_on_the_day_recorded(
    run_cli: RunCli, minimal_plan: Path
) -> None:
    """Observation: '--done-on alone does not mean done, and --status done without a date gets
    a rule error instead of "thêm --done-on"'."""
    plans = ("--plans", str(minimal_plan))
    result = run_cli("update", "T-1", "--done-on", "20/10/2022", *plans)
    assert result.exit_code == 0, result
    assert "    progress:\n      done_on: 20/10/2022\n" in (
        minimal_plan / "phu-luc.yaml"
    ).read_text(encoding="utf-8")
    (occurrence,) = _export_task(run_cli, minimal_plan, "T-1")["schedule"]
    assert (occurrence["status"], occurrence["done_on"]) == ("done", "2022-10-20")
    result = run_cli("update", "T-2@Q2", "--status", "hoàn thành", "--on", "15/06/2022", *plans)
    assert result.exit_code == 0, result
    assert "      Q2:\n        done_on: 15/06/2022\n" in (minimal_plan / "phu-luc.yaml").read_text(
        encoding="utf-8"
    )


def test_every_fact_carries_the_day_it_is_recorded_for(run_cli: RunCli, minimal_plan: Path) -> None:
    plans = ("--plans", str(minimal_plan))
    path = minimal_plan / "phu-luc.yaml"
    for args in (
        ("-s", "in_progress", "--on", "05/09/2022"),
        ("-s", "in_progress", "--on", "20/09/2022"),  # started earlier: the start stays
        ("--evidence", "Công văn số 12/VP", "--on", "2022-09-21"),
        ("--note", "Chờ số liệu: các phòng, ban", "--on", "22/09/2022"),
    ):
        result = run_cli("update", "T-1", *args, *plans)
        assert result.exit_code == 0, result
    assert (
        "    progress:\n"
        "      started_on: 05/09/2022\n"
        "      evidence:\n"
        "        - {on: 21/09/2022, text: Công văn số 12/VP}\n"
        "      notes:\n"
        "        - {on: 22/09/2022, text: 'Chờ số liệu: các phòng, ban'}\n"
    ) in path.read_text(encoding="utf-8")
    # A start earlier than the one recorded corrects it, and the history keeps the old day.
    result = run_cli("update", "T-1", "-s", "in_progress", "--on", "01/09/2022", *plans)
    assert result.exit_code == 0, result
    progress = _progress_of(run_cli, minimal_plan, "T-1")
    assert progress["started_on"] == "2022-09-01"
    assert progress["corrections"] == [
        {"on": "2022-09-01", "field": "started_on", "was": "05/09/2022", "now": "01/09/2022"}
    ]
    # Done before the day it started: the start is corrected first.
    before = path.read_bytes()
    result = run_cli("update", "T-1", "--done-on", "31/08/2022", *plans)
    assert result.exit_code == 2, result
    assert (
        "T-1 ghi bắt đầu ngày 01/09/2022, sau ngày hoàn thành 31/08/2022: nếu đã bắt đầu sớm "
        "hơn, ghi trước '--status in_progress --on 31/08/2022'"
    ) in result.stderr
    assert path.read_bytes() == before
    # A completion recorded is changed only by a correction.
    assert run_cli("update", "T-1", "--done-on", "30/09/2022", *plans).exit_code == 0
    before = path.read_bytes()
    result = run_cli("update", "T-1", "--done-on", "29/09/2022", *plans)
    assert result.exit_code == 2, result
    assert "T-1 đã ghi hoàn thành ngày 30/09/2022" in result.stderr
    assert "--fix-done-on 29/09/2022" in result.stderr
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("T-1", "-s", "in_progress", "--on", "01/01/2099"),
            "ngày ghi 01/01/2099 (--on) sau hôm nay",
        ),
        (("T-1", "-s", "in_progress", "--done-on", "01/10/2022"), "chỉ dùng một trong hai"),
        (("T-1", "--fix-done-on", "01/10/2022", "-s", "done"), "không dùng cùng --done-on"),
        (("T-1", "--fix-evidence", "1", " "), "--fix-evidence không được để trống"),
        (
            ("T-1", "--decided-on", "01/10/2022", "-s", "done"),
            "--decided-on đi cùng --new-deadline",
        ),
        (("T-1", "--fix-done-on", "01/10/2022"), "T-1 chưa ghi ngày hoàn thành"),
        (("T-1", "--fix-note", "Không có", "Mới"), "T-1 không có ghi chú 'Không có'"),
    ],
)
def test_bad_dated_updates_exit_2(
    run_cli: RunCli, minimal_plan: Path, args: tuple[str, ...], message: str
) -> None:
    path = minimal_plan / "phu-luc.yaml"
    before = path.read_bytes()
    result = run_cli("update", *args, "--plans", str(minimal_plan))
    assert result.exit_code == 2, result
    assert message in result.stderr
    assert path.read_bytes() == before


def test_a_mistyped_evidence_note_or_completion_day_is_corrected_with_its_history(
    run_cli: RunCli, minimal_plan: Path
) -> None:
    """Observation: 'a mistyped evidence or note cannot be corrected from the command line'."""
    plans = ("--plans", str(minimal_plan))
    path = minimal_plan / "phu-luc.yaml"
    for args in (
        ("--done-on", "16/09/2022", "--evidence", "Báo cáo số 132/BC-VP", "--on", "16/09/2022"),
        ("--evidence", "Phụ lục kèm theo", "--note", "Gửi chậm 1 ngày", "--on", "17/09/2022"),
    ):
        assert run_cli("update", "T-1", *args, *plans).exit_code == 0
    before = path.read_text(encoding="utf-8")
    result = run_cli(
        "update", "T-1", "--fix-evidence", "Báo cáo số 132/BC-VP", "Báo cáo số 123/BC-VP",
        "--fix-note", "1", "Gửi đúng hạn", "--fix-done-on", "15/09/2022", "--on", "21/09/2022",
        *plans,
    )  # fmt: skip
    assert result.exit_code == 0, result
    after = path.read_text(encoding="utf-8")
    assert _changed_lines(before, after) == [
        "-      done_on: 16/09/2022",
        "+      done_on: 15/09/2022",
        "-        - {on: 16/09/2022, text: Báo cáo số 132/BC-VP}",
        "+        - {on: 16/09/2022, text: Báo cáo số 123/BC-VP}",
        "-        - {on: 17/09/2022, text: Gửi chậm 1 ngày}",
        "+        - {on: 17/09/2022, text: Gửi đúng hạn}",
        "+      corrections:",
        "+        - {on: 21/09/2022, field: done_on, was: 16/09/2022, now: 15/09/2022}",
        "+        - {on: 21/09/2022, field: evidence, was: Báo cáo số 132/BC-VP, now: Báo cáo số 123/BC-VP}",
        "+        - {on: 21/09/2022, field: notes, was: Gửi chậm 1 ngày, now: Gửi đúng hạn}",
    ]
    progress = _progress_of(run_cli, minimal_plan, "T-1")
    assert [item["text"] for item in progress["evidence"]] == [
        "Báo cáo số 123/BC-VP",
        "Phụ lục kèm theo",
    ]
    # Asking again changes nothing; a number or a text not recorded is refused with the list.
    again = run_cli(
        "update", "T-1", "--fix-evidence", "Báo cáo số 132/BC-VP", "Báo cáo số 123/BC-VP", *plans
    )
    assert again.exit_code == 0 and "Không có gì thay đổi" in again.stdout, again
    result = run_cli("update", "T-1", "--fix-evidence", "3", "Mới", *plans)
    assert result.exit_code == 2
    assert (
        "T-1 không có tài liệu kiểm chứng số 3; đã ghi: 1. Báo cáo số 123/BC-VP (16/09/2022); "
        "2. Phụ lục kèm theo (17/09/2022)"
    ) in result.stderr
    assert path.read_text(encoding="utf-8") == after


def test_an_extension_is_later_than_the_deadline_in_force_on_the_day_it_is_decided(
    run_cli: RunCli, shipped_plan_copy: Path
) -> None:
    """Observation: 'an extension to 15/12/2022 of work due 16/12/2022 is accepted (the check
    compares with the end of the data window), and the refusal shows the wrong deadline'."""
    path = shipped_plan_copy / "2022" / "phu-luc.yaml"
    plans = ("--plans", str(shipped_plan_copy))
    before = path.read_bytes()
    result = run_cli(
        "update", "GP-D-KSTTHC@Q4", "--new-deadline", "15/12/2022", "--reason", "Chờ số liệu",
        "--on", "01/12/2022", *plans,
    )  # fmt: skip
    assert result.exit_code == 1, result
    assert (
        "gia hạn đến 15/12/2022 (quyết định ngày 01/12/2022) không sau thời hạn đang áp dụng "
        "ngày đó 16/12/2022 (hạn báo cáo quý IV: 2 ngày làm việc sau ngày chốt số liệu 14/12/2022)"
    ) in result.stderr
    assert path.read_bytes() == before
    # Decided on 12/09 to 30/09; a second one decided after it must go past 30/09.
    first = ("GP-D-KSTTHC@Q3", "--new-deadline", "30/09/2022", "--reason", "Chờ hướng dẫn")
    result = run_cli("update", *first, "--decided-on", "12/09/2022", *plans)
    assert result.exit_code == 0, result
    assert (
        "        extensions:\n          - deadline: 30/09/2022\n            reason: Chờ hướng dẫn\n"
        "            decided_on: 12/09/2022\n"
    ) in path.read_text(encoding="utf-8")
    result = run_cli(
        "update", "GP-D-KSTTHC@Q3", "--new-deadline", "25/09/2022", "--reason", "Lại",
        "--on", "20/09/2022", *plans,
    )  # fmt: skip
    assert result.exit_code == 1, result
    assert (
        "không sau thời hạn đang áp dụng ngày đó 30/09/2022 (gia hạn quyết định ngày 12/09/2022)"
    ) in result.stderr
    assert (
        run_cli(
            "update", "GP-D-KSTTHC@Q4", "--new-deadline", "20/12/2022", "--reason", "Chờ",
            "--on", "01/12/2022", *plans,
        ).exit_code
        == 0
    )  # fmt: skip


def test_work_is_named_as_listings_show_it_without_regard_to_case(
    run_cli: RunCli, shipped_plan_copy: Path
) -> None:
    """Observation: 'the key every listing shows (GP-D-CCHC@Q2) is refused by update; ids are
    case-sensitive'."""
    plans = ("--plans", str(shipped_plan_copy))
    for name, key in (
        ("GP-D-CCHC@Q2", "GP-D-CCHC@Q2"),
        ("gp-d-cchc@q3", "GP-D-CCHC@Q3"),
        ("Gp-D-Cchc@quý IV", "GP-D-CCHC@Q4"),
        ("gp-b", "GP-B"),
    ):
        result = run_cli("update", name, "--note", f"Ghi cho {name}", "--on", "01/12/2022", *plans)
        assert result.exit_code == 0, result
        assert f"Đã ghi tiến độ của {key} vào" in result.stdout
    text = (shipped_plan_copy / "2022" / "phu-luc.yaml").read_text(encoding="utf-8")
    for period, name in (
        ("Q2", "GP-D-CCHC@Q2"),
        ("Q3", "gp-d-cchc@q3"),
        ("Q4", "Gp-D-Cchc@quý IV"),
    ):
        note = f"          - {{on: 01/12/2022, text: Ghi cho {name}}}\n"
        assert f"      {period}:\n        notes:\n{note}" in text


def test_an_id_that_matches_two_ids_without_regard_to_case_is_refused(
    run_cli: RunCli, minimal_plan: Path
) -> None:
    path = _appendix_with(
        minimal_plan,
        "  - id: T-2\n",
        "  - id: t-a\n    title: Một\n    source: II.2.a\n    lead: HCTC\n    deadline: 31/12/2022\n"
        "    output: A\n"
        "  - id: T-A\n    title: Hai\n    source: II.2.a\n    lead: HCTC\n    deadline: 31/12/2022\n"
        "    output: B\n"
        "  - id: T-2\n",
    )
    plans = ("--plans", str(minimal_plan))
    assert run_cli("validate", str(minimal_plan)).exit_code == 0
    before = path.read_bytes()
    result = run_cli("update", "T-a", "--note", "X", *plans)
    assert result.exit_code == 2, result
    assert "'T-a' khớp 2 mã khi không phân biệt chữ hoa, chữ thường: t-a, T-A" in result.stderr
    assert path.read_bytes() == before
    result = run_cli("update", "T-A", "--note", "X", "--on", "01/10/2022", *plans)  # exact
    assert result.exit_code == 0, result
    assert "Đã ghi tiến độ của T-A vào" in result.stdout


def test_a_refused_update_names_no_line_the_file_does_not_have(
    run_cli: RunCli, minimal_plan: Path
) -> None:
    """Observation: 'a refused update names a line of a file that does not have it (the line of
    the changed text)'."""
    path = minimal_plan / "phu-luc.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    before = path.read_bytes()
    result = run_cli("update", "T-1", "--done-on", "01/02/2022", "--plans", str(minimal_plan))
    assert result.exit_code == 1, result
    # T-1 ends with its output: progress would come after it, done_on on the line after that.
    done_on_line = lines.index("    output: Sản phẩm") + 3
    assert (
        "phu-luc.yaml: lỗi [done-before-issue] tasks[0].progress.done_on: ngày hoàn thành "
        "01/02/2022 trước ngày kế hoạch được ban hành"
    ) in result.stderr
    assert f"(trong tệp sau khi sửa: dòng {done_on_line}, cột 16)" in result.stderr
    assert f"phu-luc.yaml:{done_on_line}:" not in result.stderr
    assert path.read_bytes() == before


def test_findings_of_a_refused_update_are_named_by_the_lines_on_disk() -> None:
    from parplan.findings import Finding
    from parplan.update_checks import Edited, findings_on_disk

    edited = Edited(Path("a.yaml"), first=10, last=12, written=5)  # lines 11-12 become 11-15
    found = [
        Finding(Path("a.yaml"), "r", "trước", line=10, column=3),
        Finding(Path("a.yaml"), "r", "trong", line=11, column=5),
        Finding(Path("a.yaml"), "r", "trong", line=15),
        Finding(Path("a.yaml"), "r", "sau", line=16, column=2),
        Finding(Path("b.yaml"), "r", "tệp khác", line=13),
        Finding(Path("a.yaml"), "r", "cả tệp"),
    ]
    shown = [(f.line, f.column, f.message) for f in findings_on_disk(found, edited)]
    assert shown == [
        (10, 3, "trước"),
        (None, None, "trong (trong tệp sau khi sửa: dòng 11, cột 5)"),
        (None, None, "trong (trong tệp sau khi sửa: dòng 15, cột 1)"),
        (13, 2, "sau"),
        (13, None, "tệp khác"),
        (None, None, "cả tệp"),
    ]


@pytest.mark.parametrize(
    "text",
    ["0:0", "0?", ":0", "yes", "null", "- gạch đầu dòng", "a #b", "'trích'", "x, y [1]", "{a}",
     "12/10/2022", "Dòng một\nDòng hai", "Tab\tở giữa", "100%", "@tên", "Chờ: số liệu"],
)  # fmt: skip
def test_a_text_is_written_so_that_it_reads_back_as_itself(
    run_cli: RunCli, minimal_plan: Path, text: str
) -> None:
    plans = ("--plans", str(minimal_plan))
    for args in (
        ("T-1", "--note", text, "--evidence", text, "--on", "01/10/2022"),
        ("T-2@Q3", "--new-deadline", "30/09/2022", "--reason", text, "--document", text),
        ("T-1", "--fix-note", "1", f"{text} (sửa)", "--on", "02/10/2022"),
    ):
        result = run_cli("update", *args, *plans)
        assert result.exit_code == 0, result
    assert run_cli("validate", str(minimal_plan)).exit_code == 0
    progress = _progress_of(run_cli, minimal_plan, "T-1")
    assert [item["text"] for item in progress["evidence"]] == [text]
    assert [item["text"] for item in progress["notes"]] == [f"{text} (sửa)"]
    assert progress["corrections"][0]["was"] == text
    record = _export_task(run_cli, minimal_plan, "T-2")["occurrences"]["Q3"]
    assert (record["extensions"][0]["reason"], record["extensions"][0]["document"]) == (text, text)


# --- Issue 14: a note's kind, the section of a periodic report it goes in -------------------------


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("result", "result"),
        ("Kết quả", "result"),
        ("ket-qua", "result"),
        ("shortcoming", "shortcoming"),
        ("TỒN TẠI", "shortcoming"),
        ("han che", "shortcoming"),
        ("tồn tại, hạn chế", "shortcoming"),
        ("cause", "cause"),
        ("nguyen_nhan", "cause"),
        ("proposal", "proposal"),
        ("Kiến nghị", "proposal"),
        ("de-xuat", "proposal"),
    ],
)
def test_a_note_is_recorded_with_its_kind(
    run_cli: RunCli, minimal_plan: Path, word: str, kind: str
) -> None:
    path = minimal_plan / "phu-luc.yaml"
    before = path.read_text(encoding="utf-8")
    result = run_cli(
        "update", "T-1", "--note", "Chậm do chờ số liệu", "--note-kind", word,
        "--on", "20/09/2022", "--plans", str(minimal_plan),
    )  # fmt: skip
    assert result.exit_code == 0, result
    after = path.read_text(encoding="utf-8")
    assert _changed_lines(before, after) == [
        "+    progress:",
        "+      notes:",
        f"+        - {{on: 20/09/2022, kind: {kind}, text: Chậm do chờ số liệu}}",
    ]
    assert _progress_of(run_cli, minimal_plan, "T-1")["notes"] == [
        {"on": "2022-09-20", "text": "Chậm do chờ số liệu", "kind": kind}
    ]


def test_the_kinds_and_their_vietnamese_words_are_in_the_help(run_cli: RunCli) -> None:
    result = run_cli("update", "--help", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result
    text = " ".join(result.stdout.replace("│", " ").split())
    for said in (
        "--note-kind",
        "--classify-note",
        "result (kết quả",
        "shortcoming (tồn tại, hạn chế",
        "cause (nguyên nhân",
        "proposal (kiến nghị, đề xuất",
        "không phân biệt hoa thường, có dấu hay không",
        "'ket-qua'",
    ):
        assert said in text, said


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("T-1", "--note-kind", "cause"),
            "--note-kind đi cùng --note; loại của một ghi chú đã ghi: --classify-note GHI_CHÚ LOẠI",
        ),
        (
            ("T-1", "--note-kind", "cause", "--evidence", "Công văn số 5"),
            "--note-kind đi cùng --note",
        ),
        (
            ("T-1", "--note", "Ghi chú", "--note-kind", "khó khăn"),
            "loại ghi chú 'khó khăn' (--note-kind) không hợp lệ; dùng: result (kết quả), "
            "shortcoming (tồn tại, hạn chế), cause (nguyên nhân), proposal (kiến nghị, đề xuất)",
        ),
        (("T-1", "--classify-note", "1", "xyz"), "loại ghi chú 'xyz' (--classify-note)"),
        (
            ("T-1", "--classify-note", "1", "cause"),
            "T-1 không có ghi chú số 1: chưa ghi ghi chú nào",
        ),
        (
            ("T-1", "--classify-note", " ", "cause"),
            "--classify-note không được để trống",
        ),
    ],
)
def test_bad_note_kinds_exit_2(
    run_cli: RunCli, minimal_plan: Path, args: tuple[str, ...], message: str
) -> None:
    path = minimal_plan / "phu-luc.yaml"
    before = path.read_bytes()
    result = run_cli("update", *args, "--plans", str(minimal_plan))
    assert result.exit_code == 2, result
    assert message in result.stderr
    assert path.read_bytes() == before


def test_classifying_a_note_written_on_one_line_changes_nothing_but_that_note(
    run_cli: RunCli, minimal_plan: Path
) -> None:
    """A note recorded without a kind gets one: ``kind`` goes into its ``{…}`` before ``text``;
    every other byte of the file stays, odd spacing, BOM and CRLF line endings included, and no
    correction is recorded (nothing recorded was wrong)."""
    path = minimal_plan / "phu-luc.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "    output: Sản phẩm\n",
        "    output: Sản phẩm\n"
        "    progress:\n"
        "      started_on: 01/09/2022    # bắt đầu\n"
        "      notes:\n"
        "        - {on: 20/09/2022,   text: 'Chờ số liệu: các phòng'}\t# giữ\n"
        "        - { on: 21/09/2022, text: Đã họp giao ban }\n"
        "        - {on: 22/09/2022, text: Đã họp giao ban}\n",
    )
    path.write_bytes(("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8"))
    plans = ("--plans", str(minimal_plan))
    before = path.read_bytes()
    result = run_cli(
        "update", "T-1", "--classify-note", "Chờ số liệu: các phòng", "nguyên nhân",
        "--on", "25/09/2022", *plans,
    )  # fmt: skip
    assert result.exit_code == 0, result
    first = path.read_bytes()
    assert first == before.replace(
        "{on: 20/09/2022,   text: 'Chờ số liệu".encode(),
        "{on: 20/09/2022,   kind: cause, text: 'Chờ số liệu".encode(),
    )
    # By its number, the same text twice is told apart; the same kind again changes nothing.
    result = run_cli("update", "T-1", "--classify-note", "Đã họp giao ban", "result", *plans)
    assert result.exit_code == 2, result
    assert "T-1 có 2 ghi chú cùng nội dung 'Đã họp giao ban': chọn theo số thứ tự" in result.stderr
    assert run_cli("update", "T-1", "--classify-note", "2", "kết quả", *plans).exit_code == 0
    second = path.read_bytes()
    assert second == first.replace(
        b"{ on: 21/09/2022, text:", b"{ on: 21/09/2022, kind: result, text:"
    )
    again = run_cli("update", "T-1", "--classify-note", "2", "ket qua", *plans)
    assert again.exit_code == 0 and "Không có gì thay đổi" in again.stdout, again
    assert path.read_bytes() == second
    # Another kind replaces the one written, in its place.
    assert run_cli("update", "T-1", "--classify-note", "2", "proposal", *plans).exit_code == 0
    assert path.read_bytes() == second.replace(b"kind: result", b"kind: proposal")
    progress = _progress_of(run_cli, minimal_plan, "T-1")
    assert [note.get("kind") for note in progress["notes"]] == ["cause", "proposal", None]
    assert progress["corrections"] == []
    assert run_cli("validate", str(minimal_plan)).exit_code == 0


def test_classifying_a_note_written_as_a_block_adds_one_line(
    run_cli: RunCli, minimal_plan: Path
) -> None:
    """A note written as a block gets a line ``kind: …`` of its own at its keys' column, before
    ``text`` (after the first pair when ``text`` is on the dash's line); comments stay."""
    path = minimal_plan / "phu-luc.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "    output: Báo cáo\n",
        "    output: Báo cáo\n"
        "    occurrences:\n"
        "      Q3:\n"
        "        notes:\n"
        "          # ghi chú của phòng\n"
        "          - on: 10/09/2022   # họp giao ban\n"
        "            text: >-\n"
        "              Đã tổng hợp số liệu\n"
        "              của các phòng\n"
        '          -   text: "Đề nghị bổ sung: một biên chế"\n'
        "              on: 12/09/2022\n"
        "      Q2: {notes: [{on: 10/06/2022, text: Xong}]}\n",
    )
    path.write_text(text, encoding="utf-8")
    plans = ("--plans", str(minimal_plan))
    before = path.read_text(encoding="utf-8")
    for args in (("T-2@Q3", "--classify-note", "1", "ket-qua"),
                 ("T-2", "-o", "Q3", "--classify-note", "2", "de xuat"),
                 ("T-2@Q2", "--classify-note", "Xong", "result")):  # fmt: skip
        result = run_cli("update", *args, "--on", "20/09/2022", *plans)
        assert result.exit_code == 0, result
    after = path.read_text(encoding="utf-8")
    assert after == before.replace(
        "            text: >-\n",
        "            kind: result\n            text: >-\n",
    ).replace(
        "              on: 12/09/2022\n",
        "              kind: proposal\n              on: 12/09/2022\n",
    ).replace(
        "{on: 10/06/2022, text: Xong}",
        "{on: 10/06/2022, kind: result, text: Xong}",
    )
    # A kind written as a block is changed where it is.
    assert run_cli("update", "T-2@Q3", "--classify-note", "1", "cause", *plans).exit_code == 0
    assert path.read_text(encoding="utf-8") == after.replace(
        "            kind: result\n", "            kind: cause\n"
    )
    assert run_cli("validate", str(minimal_plan)).exit_code == 0


def test_a_note_keeps_its_kind_when_its_text_is_corrected(
    run_cli: RunCli, minimal_plan: Path
) -> None:
    plans = ("--plans", str(minimal_plan))
    path = minimal_plan / "phu-luc.yaml"
    result = run_cli(
        "update", "T-1", "--note", "Chậm 2 ngay", "--note-kind", "tồn tại", "--on", "20/09/2022",
        *plans,
    )  # fmt: skip
    assert result.exit_code == 0, result
    before = path.read_text(encoding="utf-8")
    result = run_cli(
        "update", "T-1", "--fix-note", "1", "Chậm 2 ngày", "--on", "21/09/2022", *plans
    )
    assert result.exit_code == 0, result
    assert _changed_lines(before, path.read_text(encoding="utf-8")) == [
        "-        - {on: 20/09/2022, kind: shortcoming, text: Chậm 2 ngay}",
        "+        - {on: 20/09/2022, kind: shortcoming, text: Chậm 2 ngày}",
        "+      corrections:",
        "+        - {on: 21/09/2022, field: notes, was: Chậm 2 ngay, now: Chậm 2 ngày}",
    ]
    # The same note again with another kind is refused: its kind is given with --classify-note.
    before_bytes = path.read_bytes()
    result = run_cli(
        "update", "T-1", "--note", "Chậm 2 ngày", "--note-kind", "cause", "--on", "22/09/2022",
        *plans,
    )  # fmt: skip
    assert result.exit_code == 2, result
    assert (
        "T-1 đã có ghi chú 'Chậm 2 ngày' (loại shortcoming (tồn tại, hạn chế)): để ghi loại "
        "cause cho ghi chú đó, dùng --classify-note 1 cause"
    ) in result.stderr
    assert path.read_bytes() == before_bytes
    # The same note with its own kind, or without one, changes nothing.
    for kind in (("--note-kind", "shortcoming"), ()):
        again = run_cli("update", "T-1", "--note", "Chậm 2 ngày", *kind, *plans)
        assert again.exit_code == 0 and "Không có gì thay đổi" in again.stdout, again
    assert path.read_bytes() == before_bytes


def test_a_classification_with_other_changes_in_one_update(
    run_cli: RunCli, minimal_plan: Path
) -> None:
    """A kind given and other facts recorded at once: the note gets its kind, the facts are
    added, and the file is still the one the two updates made one after the other."""
    plans = ("--plans", str(minimal_plan))
    path = minimal_plan / "phu-luc.yaml"
    start = ("update", "T-1", "--note", "Chờ số liệu", "--on", "20/09/2022", *plans)
    assert run_cli(*start).exit_code == 0
    middle = path.read_bytes()
    result = run_cli(
        "update", "T-1", "--classify-note", "1", "cause", "--evidence", "Công văn số 5/VP",
        "--note", "Đề nghị bổ sung biên chế", "--note-kind", "proposal", "--on", "21/09/2022",
        *plans,
    )  # fmt: skip
    assert result.exit_code == 0, result
    together = path.read_bytes()
    path.write_bytes(middle)
    for args in (
        ("--classify-note", "1", "cause"),
        ("--evidence", "Công văn số 5/VP", "--note", "Đề nghị bổ sung biên chế"),
    ):
        assert run_cli("update", "T-1", *args, "--on", "21/09/2022", *plans).exit_code == 0
    assert run_cli("update", "T-1", "--classify-note", "2", "proposal", *plans).exit_code == 0
    assert path.read_bytes() == together
    assert together.decode("utf-8").endswith(
        "      evidence:\n"
        "        - {on: 21/09/2022, text: Công văn số 5/VP}\n"
        "      notes:\n"
        "        - {on: 20/09/2022, kind: cause, text: Chờ số liệu}\n"
        "        - {on: 21/09/2022, kind: proposal, text: Đề nghị bổ sung biên chế}\n"
        "  - id: T-2\n"
        "    title: Báo cáo định kỳ\n"
        "    source: II.2.b\n"
        "    criteria: [PAR 3, SIPAS 2]\n"
        "    lead: KSTTHC\n"
        "    support: [HCTC]\n"
        "    recurrence: {periods: [Q2, Q3]}\n"
        "    output: Báo cáo\n"
        "schema_version: 2\n"
    )


def test_diff_says_a_notes_kind_when_it_is_added_and_when_it_is_given_or_changed(
    run_cli: RunCli, minimal_plan: Path, tmp_path: Path
) -> None:
    plans = ("--plans", str(minimal_plan))
    for args in (
        ("T-1", "--note", "Chờ số liệu", "--on", "01/09/2022"),
        ("T-1", "--note", "Đã họp", "--note-kind", "result", "--on", "02/09/2022"),
        ("T-2@Q3", "--note", "Gửi chậm", "--on", "03/09/2022"),
    ):
        assert run_cli("update", *args, *plans).exit_code == 0
    old = tmp_path / "old"
    shutil.copytree(minimal_plan, old)
    changes_made: tuple[tuple[str, ...], ...] = (
        ("T-1", "--classify-note", "Chờ số liệu", "nguyên nhân"),
        ("T-1", "--classify-note", "2", "proposal"),
        ("T-2@Q3", "--fix-note", "1", "Gửi chậm 1 ngày"),
        ("T-2@Q3", "--classify-note", "1", "tồn tại"),
        ("T-2@Q3", "--note", "Cần thêm người", "--note-kind", "kiến nghị"),
        ("T-2@Q3", "--note", "Nội bộ"),
    )
    for change in changes_made:
        assert run_cli("update", *change, "--on", "06/09/2022", *plans).exit_code == 0
    result = run_cli("diff", str(old), str(minimal_plan), "--format", "json")
    assert result.exit_code == 0, result
    changes = json.loads(result.stdout)["changes"]
    assert [(c["kind"], c["key"], c["message"]) for c in changes] == [
        (
            "note-kind-changed",
            "T-1",
            "loại ghi chú ngày 01/09/2022 “Chờ số liệu”: chưa phân loại → nguyên nhân",
        ),
        (
            "note-kind-changed",
            "T-1",
            "loại ghi chú ngày 02/09/2022 “Đã họp”: kết quả → kiến nghị, đề xuất",
        ),
        (
            "note-corrected",
            "T-2@Q3",
            "sửa ghi chú ngày 03/09/2022 (ghi sửa ngày 06/09/2022): “Gửi chậm” → “Gửi chậm 1 ngày”",
        ),
        (
            "note-kind-changed",
            "T-2@Q3",
            "loại ghi chú ngày 03/09/2022 “Gửi chậm 1 ngày”: chưa phân loại → tồn tại, hạn chế",
        ),
        (
            "note-added",
            "T-2@Q3",
            "thêm ghi chú ngày 06/09/2022 (kiến nghị, đề xuất): Cần thêm người",
        ),
        ("note-added", "T-2@Q3", "thêm ghi chú ngày 06/09/2022: Nội bộ"),
    ]
    assert (changes[0]["before"], changes[0]["after"]) == (
        {"on": "2022-09-01", "text": "Chờ số liệu", "kind": None},
        {"on": "2022-09-01", "text": "Chờ số liệu", "kind": "cause"},
    )
    assert changes[4]["after"] == {"on": "2022-09-06", "text": "Cần thêm người", "kind": "proposal"}
    text = run_cli("diff", str(old), str(minimal_plan)).stdout
    assert "~ T-1: loại ghi chú ngày 01/09/2022 “Chờ số liệu”: chưa phân loại → nguyên nhân" in text
