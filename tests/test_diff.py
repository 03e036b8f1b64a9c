"""parplan diff over a small git repository, and the shipped pre-commit hook (the shipped workflow
and the Action it runs: tests/test_action.py)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from .conftest import FIXTURES, ROOT, SHIPPED_PLANS, RunCli


def _git(repository: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repository, check=True, capture_output=True, text=True
    ).stdout.strip()


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A plan repository: the shipped plan committed on main, a pull-request branch checked out."""
    repo = tmp_path / "plan-repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.email", "hctc@example.invalid")
    _git(repo, "config", "user.name", "Phòng HCTC")
    shutil.copytree(SHIPPED_PLANS, repo / "plans")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "Kế hoạch 2022")
    _git(repo, "checkout", "-q", "-b", "tien-do-quy-3")
    return repo


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_diff_against_the_merge_base_speaks_in_plan_terms(
    run_cli: RunCli, repository: Path
) -> None:
    assert run_cli(
        "update", "GP-D-CCHC", "-o", "Q3", "-s", "done", "--done-on", "16/09/2022",
        "--evidence", "Báo cáo số 123/BC-VP", "--on", "16/09/2022", cwd=repository,
    ).exit_code == 0  # fmt: skip
    extend = (
        "update",
        "GP-D-KSTTHC",
        "-o",
        "Q3",
        "--new-deadline",
        "30/09/2022",
        "--reason",
        "Chờ hướng dẫn",
        "--on",
        "12/09/2022",
    )
    assert run_cli(*extend, cwd=repository).exit_code == 0
    result = run_cli("diff", "--format", "json", cwd=repository)
    assert result.exit_code == 0, result
    changes = [(c["kind"], c["key"]) for c in json.loads(result.stdout)["changes"]]
    assert changes == [
        ("done-on-changed", "GP-D-CCHC@Q3"),
        ("evidence-added", "GP-D-CCHC@Q3"),
        ("deadline-extended", "GP-D-KSTTHC@Q3"),
    ]
    text = run_cli("diff", cwd=repository).stdout
    assert "~ GP-D-CCHC@Q3: hoàn thành ngày 16/09/2022" in text
    assert "~ GP-D-CCHC@Q3: thêm tài liệu kiểm chứng ngày 16/09/2022: Báo cáo số 123/BC-VP" in text
    assert (
        "~ GP-D-KSTTHC@Q3: gia hạn đến 30/09/2022 (quyết định ngày 12/09/2022), lý do: Chờ hướng dẫn"
    ) in text
    assert text.endswith("3 thay đổi, 0 lỗi.\n")


def test_a_deadline_moved_without_extension_is_an_error(run_cli: RunCli, repository: Path) -> None:
    _edit(repository / "plans/2022/phu-luc.yaml", "deadline: 31/12/2022", "deadline: 30/11/2022")
    result = run_cli("diff", cwd=repository)
    assert result.exit_code == 1
    assert "! GP-B: thời hạn sửa thẳng từ 31/12/2022 thành 30/11/2022" in result.stdout
    assert "[lỗi]" in result.stdout


def test_added_and_removed_tasks_lead_and_text_between_revisions(
    run_cli: RunCli, repository: Path
) -> None:
    appendix = repository / "plans/2022/phu-luc.yaml"
    _edit(appendix, "    lead: LDVP\n", "    lead: HCTC\n")
    _edit(appendix, "  - id: GP-H\n", "  - id: GP-H2\n")
    _git(repository, "commit", "-q", "-am", "Sửa phụ lục")
    result = run_cli("diff", "main", "HEAD", "--format", "json", cwd=repository)
    assert result.exit_code == 0, result
    changes = {(c["kind"], c["key"]) for c in json.loads(result.stdout)["changes"]}
    assert changes == {("lead-changed", "GP-A"), ("task-added", "GP-H2"), ("task-removed", "GP-H")}


def test_rewriting_the_extension_history_is_an_error(
    run_cli: RunCli, minimal_plan: Path, tmp_path: Path
) -> None:
    extend = ("update", "T-2", "-o", "Q3", "--new-deadline", "20/09/2022", "--reason", "Chờ",
              "--on", "10/09/2022")  # fmt: skip
    assert run_cli(*extend, "--plans", str(minimal_plan)).exit_code == 0
    old = tmp_path / "old"
    shutil.copytree(minimal_plan, old)
    _edit(minimal_plan / "phu-luc.yaml", "deadline: 20/09/2022", "deadline: 25/09/2022")
    result = run_cli("diff", str(old), str(minimal_plan), "--format", "md")
    assert result.exit_code == 1
    assert "| ❌ lỗi | `T-2@Q3` | lịch sử gia hạn bị sửa hoặc xóa" in result.stdout


def test_diff_of_two_folders_and_bad_arguments(
    run_cli: RunCli, minimal_plan: Path, tmp_path: Path
) -> None:
    same = run_cli("diff", str(minimal_plan), str(minimal_plan))
    assert same.exit_code == 0
    assert "Không có thay đổi nào" in same.stdout
    result = run_cli("diff", "no-such-revision", "--plans", str(minimal_plan))
    assert result.exit_code == 2
    assert "không nằm trong một kho git" in result.stderr


def test_unknown_revision(run_cli: RunCli, repository: Path) -> None:
    result = run_cli("diff", "khong-co", cwd=repository)
    assert result.exit_code == 2
    assert "'khong-co' không phải thư mục hay phiên bản git nào" in result.stderr


# --- Format 2: parts, several leads, criteria, funding, deadlines as written ----------------------


@pytest.fixture
def two_versions(tmp_path: Path) -> tuple[Path, Path]:
    """Two copies of the plan with a task in parts: the old one, and one the test changes."""
    old, new = tmp_path / "old" / "2022", tmp_path / "new" / "2022"
    shutil.copytree(FIXTURES / "parts-2022", old)
    shutil.copytree(FIXTURES / "parts-2022", new)
    return old, new


def _changes(run_cli: RunCli, old: Path, new: Path) -> list[dict[str, object]]:
    result = run_cli("diff", str(old), str(new), "--format", "json")
    assert result.exit_code in (0, 1), result
    changes: list[dict[str, object]] = json.loads(result.stdout)["changes"]
    return changes


def test_parts_are_compared_like_tasks(run_cli: RunCli, two_versions: tuple[Path, Path]) -> None:
    old, new = two_versions
    appendix = new / "phu-luc.yaml"
    _edit(
        appendix,
        "  - id: GP-M\n",
        "      - id: GP-B-3\n        title: Niêm yết thủ tục mới\n        deadline: tháng 10/2022\n"
        "  - id: GP-M\n",
    )
    assert (
        run_cli("update", "GP-B-1", "-s", "in_progress", "--on", "03/10/2022", "--plans", str(new))
    ).exit_code == 0
    # The task's lead changes: the part that takes it from the task says nothing of its own.
    _edit(
        appendix,
        "    lead: KSTTHC\n    support: [HCTC]\n",
        "    lead: TTPVHCC\n    support: [HCTC]\n",
    )
    changes = _changes(run_cli, old, new)
    assert [(c["kind"], c["key"]) for c in changes] == [
        ("lead-changed", "GP-B"),
        ("started-on-changed", "GP-B-1"),
        ("part-added", "GP-B-3"),
    ]
    text = run_cli("diff", str(old), str(new)).stdout
    assert (
        "+ GP-B-3: thêm phần việc “Niêm yết thủ tục mới” của nhiệm vụ GP-B "
        "(chủ trì TTPVHCC, hạn “tháng 10/2022” (31/10/2022))"
    ) in text
    assert "~ GP-B-1: bắt đầu thực hiện ngày 03/10/2022" in text
    # A part taken out, and a part's own deadline moved in place.
    _edit(appendix, "        deadline: tháng 11/2022\n", "        deadline: 15/11/2022\n")
    reverse = _changes(run_cli, new, old)
    assert ("part-removed", "GP-B-3") in [(c["kind"], c["key"]) for c in reverse]
    moved = next(c for c in _changes(run_cli, old, new) if c["kind"] == "deadline-moved")
    assert (moved["key"], moved["severity"]) == ("GP-B-2", "error")
    assert (moved["before"], moved["after"]) == (
        {"written": "tháng 11/2022", "date": "2022-11-30"},
        {"written": "15/11/2022", "date": "2022-11-15"},
    )


def test_a_lead_added_a_criterion_changed_and_funding(
    run_cli: RunCli, two_versions: tuple[Path, Path]
) -> None:
    old, new = two_versions
    appendix = new / "phu-luc.yaml"
    _edit(appendix, "    lead: [HCTC, KSTTHC]\n", "    lead: [HCTC, KSTTHC, TTPVHCC]\n")
    _edit(appendix, "    criteria: [PAR 1.1]\n", "    criteria: [PAR 1]\n")
    _edit(appendix, "amount: 150000000}", "amount: 200000000, note: Bổ sung}")
    _edit(appendix, "title: Công bố danh mục", "title: Công bố, công khai danh mục")
    result = run_cli("diff", str(old), str(new))
    assert result.exit_code == 0, result
    assert "~ GP-A: đơn vị chủ trì: HCTC, KSTTHC → HCTC, KSTTHC, TTPVHCC" in result.stdout
    assert "~ GP-A: chỉ số, tiêu chí: PAR 1.1 → PAR 1" in result.stdout
    assert (
        "~ GP-B: kinh phí: Ngân sách tỉnh 150.000.000 đồng → "
        "Ngân sách tỉnh 200.000.000 đồng (Bổ sung)"
    ) in result.stdout
    changes = _changes(run_cli, old, new)
    # Every part has the task's criteria and funding of its own: nothing said for them.
    assert [(c["kind"], c["key"], c["severity"]) for c in changes] == [
        ("funding-changed", "GP-B", "info"),
        ("text-changed", "GP-B-2", "info"),
        ("lead-changed", "GP-A", "info"),
        ("criteria-changed", "GP-A", "info"),
    ]
    title = changes[1]
    assert (title["before"], title["after"]) == (
        "Công bố danh mục thủ tục được đơn giản hóa",
        "Công bố, công khai danh mục thủ tục được đơn giản hóa",
    )
    assert changes[0]["after"] == [
        {"source": "Ngân sách tỉnh", "amount": 200000000, "note": "Bổ sung"}
    ]


def test_a_deadline_phrase_changed_is_shown_as_written_and_resolved(
    run_cli: RunCli, two_versions: tuple[Path, Path]
) -> None:
    old, new = two_versions
    appendix = new / "phu-luc.yaml"
    _edit(appendix, "    deadline: Quý III  # như văn bản viết\n", "    deadline: tháng 10/2022\n")
    result = run_cli("diff", str(old), str(new))
    assert result.exit_code == 1, result
    assert (
        "! GP-B: thời hạn sửa thẳng từ “Quý III” (30/09/2022) thành “tháng 10/2022” (31/10/2022) "
        "mà không ghi gia hạn có lý do"
    ) in result.stdout
    # GP-B-1 takes its deadline from the task: the move is the task's, said once.
    assert "GP-B-1" not in result.stdout
    (change,) = _changes(run_cli, old, new)
    assert (change["before"], change["after"]) == (
        {"written": "Quý III", "date": "2022-09-30"},
        {"written": "tháng 10/2022", "date": "2022-10-31"},
    )
    # The same day written another way is no move.
    _edit(appendix, "    deadline: tháng 10/2022\n", "    deadline: 30/09/2022\n")
    result = run_cli("diff", str(old), str(new))
    assert result.exit_code == 0, result
    assert (
        "~ GP-B: thời hạn viết lại: “Quý III” (30/09/2022) → 30/09/2022, vẫn là cùng một ngày"
    ) in result.stdout


def test_progress_is_compared_fact_by_fact_with_its_days(
    run_cli: RunCli, minimal_plan: Path, tmp_path: Path
) -> None:
    """Progress as dated facts: a start, a completion, evidence and notes with their days, a
    correction said as such (not as a text taken out and another added), extensions with the
    day they were decided; rewriting the history of corrections is an error."""
    plans = ("--plans", str(minimal_plan))
    updates: tuple[tuple[str, ...], ...] = (
        ("T-1", "-s", "in_progress", "--note", "Chờ số liệu", "--on", "01/09/2022"),
        ("T-1", "--evidence", "Công văn số 132/VP", "--on", "05/09/2022"),
    )
    for args in updates:
        assert run_cli("update", *args, *plans).exit_code == 0
    old = tmp_path / "old"
    shutil.copytree(minimal_plan, old)
    updates = (
        ("T-1", "--fix-evidence", "1", "Công văn số 123/VP", "--on", "06/09/2022"),
        ("T-1", "--done-on", "20/09/2022", "--note", "Đã gửi", "--on", "20/09/2022"),
        ("T-1", "--fix-done-on", "19/09/2022", "--on", "21/09/2022"),
        ("T-2@Q3", "--new-deadline", "30/09/2022", "--reason", "Chờ", "--on", "10/09/2022"),
    )
    for args in updates:
        assert run_cli("update", *args, *plans).exit_code == 0
    changes = _changes(run_cli, old, minimal_plan)
    assert [(c["kind"], c["key"], c["message"]) for c in changes] == [
        ("done-on-changed", "T-1", "hoàn thành ngày 19/09/2022"),
        (
            "evidence-corrected",
            "T-1",
            "sửa tài liệu kiểm chứng ngày 05/09/2022 (ghi sửa ngày 06/09/2022): "
            "“Công văn số 132/VP” → “Công văn số 123/VP”",
        ),
        ("note-added", "T-1", "thêm ghi chú ngày 20/09/2022: Đã gửi"),
        (
            "deadline-extended",
            "T-2@Q3",
            "gia hạn đến 30/09/2022 (quyết định ngày 10/09/2022), lý do: Chờ",
        ),
    ]
    assert (changes[1]["before"], changes[1]["after"]) == (
        {"on": "2022-09-05", "text": "Công văn số 132/VP"},
        {"on": "2022-09-05", "text": "Công văn số 123/VP"},
    )
    # Against the version just before the completion day was corrected: said as a correction.
    middle = tmp_path / "middle"
    shutil.copytree(minimal_plan, middle)
    appendix = minimal_plan / "phu-luc.yaml"
    _edit(appendix, "done_on: 19/09/2022", "done_on: 18/09/2022")
    _edit(appendix, "was: 20/09/2022, now: 19/09/2022", "was: 20/09/2022, now: 18/09/2022")
    result = run_cli("diff", str(middle), str(minimal_plan))
    assert result.exit_code == 1, result
    assert "~ T-1: ngày hoàn thành: 19/09/2022 → 18/09/2022" in result.stdout
    assert "! T-1: lịch sử sửa đổi bị sửa hoặc xóa" in result.stdout
    # Taken back by hand: the start and a note removed.
    _edit(appendix, "      started_on: 01/09/2022\n", "")
    _edit(appendix, "        - {on: 01/09/2022, text: Chờ số liệu}\n", "")
    kinds = [(c["kind"], c["message"]) for c in _changes(run_cli, middle, minimal_plan)]
    assert ("started-on-changed", "ngày bắt đầu: 01/09/2022 → bỏ") in kinds
    assert ("note-removed", "bỏ ghi chú: Chờ số liệu") in kinds


# --- The shipped pre-commit hook ------------------------------------------------------------------


def _hooks() -> list[dict[str, object]]:
    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list) and hooks
    return hooks


@pytest.mark.parametrize("hook", _hooks(), ids=lambda hook: str(hook["id"]))
def test_pre_commit_hook_over_good_and_bad_plans(
    run_cli: RunCli, hook: dict[str, object], tmp_path: Path
) -> None:
    entry = str(hook["entry"]).split()
    assert entry[0] == "parplan"
    files = re.compile(str(hook["files"]))
    good = tmp_path / "good"
    shutil.copytree(FIXTURES / "minimal", good / "plans" / "2022")
    bad = tmp_path / "bad"
    shutil.copytree(FIXTURES / "minimal", bad / "plans" / "2022")
    _edit(bad / "plans/2022/phu-luc.yaml", "lead: HCTC", "lead: HCTX")
    for repo, expected in ((good, 0), (bad, 1)):
        (repo / ".git").mkdir()
        changed = sorted(p.relative_to(repo).as_posix() for p in (repo / "plans").rglob("*.yaml"))
        staged = [name for name in changed if files.search(name)]
        assert staged == changed  # the hook's pattern picks up every plan file
        result = run_cli(
            *entry[1:], *(staged if hook.get("pass_filenames", True) else []), cwd=repo
        )
        assert result.exit_code == expected, result
