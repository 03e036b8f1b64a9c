"""Outputs never follow links a pull request can commit, and nothing ends in exit 3.

Symbolic links in the site folder or next to an output file, ``-`` as standard output, revisions
holding links or files that crash the YAML reader, ``update`` through a linked plan file or over an
editor's change, standard output closed or full, and plan discovery below a huge folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import IO

import pytest

from tests.conftest import FIXTURES, ROOT, SHIPPED_PLANS, RunCli, git

PARPLAN = Path(sys.executable).parent / "parplan"


def _snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry below ``folder``: file bytes, or the target of a link."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        key = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[key] = "-> " + str(path.readlink())
        elif path.is_file():
            found[key] = path.read_bytes()
    return found


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A working folder with plans/2022 (the shipped plan) and an empty 'elsewhere' folder."""
    shutil.copytree(SHIPPED_PLANS, tmp_path / "plans")
    (tmp_path / "elsewhere").mkdir()
    return tmp_path


def _refused(result: object, *words: str) -> None:
    text = str(result)
    assert "Traceback" not in text
    assert getattr(result, "exit_code") == 2, text  # noqa: B009
    for word in words:
        assert word in getattr(result, "stderr"), text  # noqa: B009


# --- site -----------------------------------------------------------------------------------


def test_site_subfolder_linked_into_the_plan_folder_is_refused(
    run_cli: RunCli, project: Path
) -> None:
    out = project / "site"
    out.mkdir()
    (out / "don-vi").symlink_to(project / "plans" / "2022")
    before = _snapshot(project / "plans")
    result = run_cli(
        "site", "--plans", "plans", "--as-of", "2022-12-20", "--out", "site", cwd=project
    )
    _refused(result, "liên kết", "don-vi")
    assert _snapshot(project / "plans") == before


def test_site_subfolder_linked_elsewhere_keeps_its_files(run_cli: RunCli, project: Path) -> None:
    out = project / "site"
    out.mkdir()
    victim = project / "elsewhere" / "GP-A.html"
    victim.write_text("không được ghi đè", encoding="utf-8")
    (out / "nhiem-vu").symlink_to(project / "elsewhere")
    result = run_cli(
        "site", "--plans", "plans", "--as-of", "2022-12-20", "--out", "site", cwd=project
    )
    _refused(result, "liên kết", "nhiem-vu")
    assert victim.read_text(encoding="utf-8") == "không được ghi đè"
    assert sorted(p.name for p in (project / "elsewhere").iterdir()) == ["GP-A.html"]


def test_site_folder_that_is_a_link_into_the_plan_folder_is_refused(
    run_cli: RunCli, project: Path
) -> None:
    (project / "site").symlink_to(project / "plans" / "2022")
    before = _snapshot(project / "plans")
    result = run_cli(
        "site", "--plans", "plans", "--as-of", "2022-12-20", "--out", "site", cwd=project
    )
    _refused(result, "thư mục kế hoạch")
    assert _snapshot(project / "plans") == before


def test_site_into_another_plan_folder_is_refused(run_cli: RunCli, project: Path) -> None:
    other = project / "archive" / "2021"
    shutil.copytree(FIXTURES / "minimal", other)
    before = _snapshot(other)
    result = run_cli(
        "site",
        "--plans",
        "plans",
        "--as-of",
        "2022-12-20",
        "--out",
        "archive/2021/web",
        cwd=project,
    )
    _refused(result, "thư mục kế hoạch")
    assert _snapshot(other) == before


def test_site_writes_into_a_clean_folder(run_cli: RunCli, project: Path) -> None:
    result = run_cli(
        "site", "--plans", "plans", "--as-of", "2022-12-20", "--out", "site", cwd=project
    )
    assert result.exit_code == 0, result
    assert (project / "site" / "index.html").is_file()
    assert (project / "site" / "don-vi").is_dir()


# --- single files -----------------------------------------------------------------------------

SINGLE_FILE_COMMANDS = {
    "checklist": ["checklist", "-d", "hctc", "--format", "md", "--as-of", "2022-09-30"],
    "report": ["report", "--quarter", "III", "--format", "html"],
    "calendar": ["calendar", "--as-of", "2022-09-30"],
}


@pytest.mark.parametrize("command", sorted(SINGLE_FILE_COMMANDS))
def test_output_whose_folder_links_into_the_plan_folder_is_refused(
    run_cli: RunCli, project: Path, command: str
) -> None:
    (project / "docs").symlink_to(project / "plans" / "2022")
    before = _snapshot(project / "plans")
    args = [*SINGLE_FILE_COMMANDS[command], "--plans", "plans", "--output", "docs/out.txt"]
    result = run_cli(*args, cwd=project)
    _refused(result, "thư mục kế hoạch")
    assert _snapshot(project / "plans") == before


@pytest.mark.parametrize("command", sorted(SINGLE_FILE_COMMANDS))
def test_output_into_another_plan_folder_is_refused(
    run_cli: RunCli, project: Path, command: str
) -> None:
    other = project / "archive" / "2021"
    shutil.copytree(FIXTURES / "minimal", other)
    before = _snapshot(other)
    args = [*SINGLE_FILE_COMMANDS[command], "--plans", "plans", "--output", "archive/2021/x.txt"]
    result = run_cli(*args, cwd=project)
    _refused(result, "thư mục kế hoạch")
    assert _snapshot(other) == before


FORCED_COMMANDS = {"calendar", "checklist", "report"}


@pytest.mark.parametrize("command", sorted(SINGLE_FILE_COMMANDS))
def test_existing_output_link_is_replaced_not_followed(
    run_cli: RunCli, project: Path, command: str
) -> None:
    target = project / "elsewhere" / "target.txt"
    target.write_text("giữ nguyên", encoding="utf-8")
    (project / "out.txt").symlink_to(target)
    args = [*SINGLE_FILE_COMMANDS[command], "--plans", "plans", "--output", "out.txt"]
    # A document made for the office is written over an existing file only with --force (an
    # edited draft is work; tests/test_report_cli.py); forced, the link itself is replaced.
    forced = ["--force"] if command in FORCED_COMMANDS else []
    result = run_cli(*args, *forced, cwd=project)
    assert result.exit_code == 0, result
    assert not (project / "out.txt").is_symlink()
    assert (project / "out.txt").stat().st_size > 100
    assert target.read_text(encoding="utf-8") == "giữ nguyên"


def test_checklist_all_into_a_folder_linked_into_the_plan_folder_is_refused(
    run_cli: RunCli, project: Path
) -> None:
    (project / "lists").symlink_to(project / "plans" / "2022")
    before = _snapshot(project / "plans")
    result = run_cli(
        "checklist", "--all", "--out", "lists", "--format", "md", "--plans", "plans", cwd=project
    )
    _refused(result, "thư mục kế hoạch")
    assert _snapshot(project / "plans") == before


def test_checklist_all_refuses_a_linked_file_inside_out(run_cli: RunCli, project: Path) -> None:
    """A file of the out folder that links elsewhere is replaced (with --force), never written
    through."""
    (project / "lists").mkdir()
    victim = project / "elsewhere" / "victim.md"
    victim.write_text("giữ nguyên", encoding="utf-8")
    (project / "lists" / "HCTC.md").symlink_to(victim)
    result = run_cli(
        "checklist", "--all", "--out", "lists", "--format", "md", "--plans", "plans", "--force",
        cwd=project,
    )  # fmt: skip
    assert result.exit_code == 0, result
    assert victim.read_text(encoding="utf-8") == "giữ nguyên"
    assert not (project / "lists" / "HCTC.md").is_symlink()


DASH_COMMANDS = {
    "checklist-md": (["checklist", "-d", "hctc", "--format", "md"], "- ["),
    "checklist-html": (["checklist", "-d", "hctc", "--format", "html"], "<html"),
    "report-md": (["report", "--quarter", "III", "--format", "md"], "BÁO CÁO"),
    "report-html": (["report", "--quarter", "III", "--format", "html"], "<html"),
    "calendar": (["calendar"], "BEGIN:VCALENDAR"),
    "schema": (["schema"], '"$schema"'),
}


@pytest.mark.parametrize("case", sorted(DASH_COMMANDS))
def test_dash_means_standard_output(run_cli: RunCli, project: Path, case: str) -> None:
    args, marker = DASH_COMMANDS[case]
    plans = [] if args[0] == "schema" else ["--plans", "plans"]
    result = (
        run_cli(*args, *plans, "--output", "-", "--as-of", "2022-09-30", cwd=project)
        if (args[0] in ("checklist", "calendar"))
        else run_cli(*args, *plans, "--output", "-", cwd=project)
    )
    assert result.exit_code == 0, result
    assert marker in result.stdout
    assert "Đã ghi" not in result.stdout
    assert not (project / "-").exists()


@pytest.mark.parametrize("command", ["checklist", "report"])
def test_word_document_to_standard_output_is_refused(
    run_cli: RunCli, project: Path, command: str
) -> None:
    args = ["checklist", "-d", "hctc"] if command == "checklist" else ["report", "--quarter", "III"]
    result = run_cli(*args, "--format", "docx", "--output", "-", "--plans", "plans", cwd=project)
    _refused(result, "Word")
    assert not (project / "-").exists()


# --- diff between revisions -----------------------------------------------------------------


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copytree(SHIPPED_PLANS, repo / "plans")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "plan")
    return repo


LINKS = {
    "absolute": "/etc/passwd",
    "leaving-the-repository": "../../../../outside.yaml",
    "loop": "vong.yaml",
    "folder-outside": "/tmp",
}


@pytest.mark.parametrize("kind", sorted(LINKS))
def test_diff_at_a_revision_holding_a_link(run_cli: RunCli, repository: Path, kind: str) -> None:
    link = repository / "plans" / "2022" / "vong.yaml"
    link.symlink_to(LINKS[kind])
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "-m", "link")
    link.unlink()
    for base, head in (("HEAD~1", "HEAD"), ("HEAD", "HEAD~1")):
        result = run_cli("diff", base, head, "--plans", "plans", cwd=repository)
        assert result.exit_code == 0, result
        assert "Traceback" not in str(result)
        assert "liên kết tượng trưng" in result.stderr
        assert "plans/2022/vong.yaml" in result.stderr


def test_diff_at_a_revision_with_a_file_that_crashes_the_yaml_reader(
    run_cli: RunCli, repository: Path
) -> None:
    bad = repository / "plans" / "2022" / "hong.yaml"
    bad.write_text("x: !!int abc\n", encoding="utf-8")
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "-m", "bad")
    bad.unlink()
    for base, head in (("HEAD~1", "HEAD"), ("HEAD", "HEAD~1")):
        result = run_cli("diff", base, head, "--plans", "plans", cwd=repository)
        assert result.exit_code == 1, result
        assert "lỗi nội bộ" not in result.stderr
        assert "hong.yaml" in result.stderr


def test_diff_when_git_fails_says_so(run_cli: RunCli, repository: Path) -> None:
    """A revision whose objects are missing is a git failure, not 'no plan at that revision'."""
    blob = git(repository, "rev-parse", "HEAD:plans/2022/phu-luc.yaml")
    (repository / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    (repository / "plans" / "2022" / "phu-luc.yaml").write_text(
        (SHIPPED_PLANS / "2022" / "phu-luc.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    result = run_cli("diff", "HEAD", "--plans", "plans", cwd=repository)
    _refused(result, "git")
    assert "Không có thay đổi" not in result.stdout


# --- update ---------------------------------------------------------------------------------


def test_update_refuses_a_plan_file_that_is_a_link(run_cli: RunCli, tmp_path: Path) -> None:
    plans = tmp_path / "plans" / "2022"
    shutil.copytree(FIXTURES / "minimal", plans)
    real = tmp_path / "real-phu-luc.yaml"
    shutil.move(plans / "phu-luc.yaml", real)
    (plans / "phu-luc.yaml").symlink_to(real)
    before = real.read_bytes()
    result = run_cli("update", "T-1", "-s", "in_progress", "--plans", str(plans))
    assert result.exit_code == 1, result  # the plan is invalid: its file is a link, not read
    assert "liên kết tượng trưng" in result.stderr and "phu-luc.yaml" in result.stderr
    assert real.read_bytes() == before
    assert (plans / "phu-luc.yaml").is_symlink()


def test_update_detects_an_editor_change_between_read_and_write(
    run_cli: RunCli, minimal_plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parplan import editing

    target = minimal_plan / "phu-luc.yaml"
    edited = target.read_bytes().replace("Nhiệm vụ một lần".encode(), "Việc sửa tay".encode())
    validate = editing._validate_with

    def editor_saves_meanwhile(*args: object) -> None:
        validate(*args)  # type: ignore[arg-type]
        target.write_bytes(edited)  # an editor saves while parplan validates

    monkeypatch.setattr(editing, "_validate_with", editor_saves_meanwhile)
    result = run_cli("update", "T-1", "-s", "in_progress", "--plans", str(minimal_plan))
    assert result.exit_code == 1, result
    assert "đã bị sửa" in result.stderr
    assert target.read_bytes() == edited


@pytest.mark.parametrize("named", ["plan folder", "plans root"])
def test_update_waits_for_the_lock_then_refuses(
    run_cli: RunCli, minimal_plan: Path, monkeypatch: pytest.MonkeyPatch, named: str
) -> None:
    """The lock is the plan folder's, however the command names the plan."""
    from filelock import FileLock

    from parplan import editing

    monkeypatch.setattr(editing, "LOCK_TIMEOUT_SECONDS", 0.2)
    before = (minimal_plan / "phu-luc.yaml").read_bytes()
    plans = minimal_plan if named == "plan folder" else minimal_plan.parent
    with FileLock(editing.lock_path(minimal_plan)):
        result = run_cli("update", "T-1", "-s", "in_progress", "--plans", str(plans))
    assert result.exit_code == 1, result
    assert "đang được sửa" in result.stderr
    assert (minimal_plan / "phu-luc.yaml").read_bytes() == before
    after = run_cli("update", "T-1", "-s", "in_progress", "--plans", str(minimal_plan))
    assert after.exit_code == 0, after


def test_an_update_written_between_read_and_lock_is_applied_on_top(
    run_cli: RunCli, minimal_plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another update takes the lock first and writes the file this one has already read: this
    one reads the plan again under the lock and keeps both changes."""
    from collections.abc import Iterator
    from contextlib import contextmanager

    from parplan import editing
    from parplan.loading import load_plan_parts
    from parplan.progress_change import ProgressChange

    real_lock = editing.exclusive_update

    @contextmanager
    def another_update_first(folder: Path) -> Iterator[None]:
        with real_lock(folder):
            other = load_plan_parts(minimal_plan)
            editing.update_task(other, "T-2", "Q2", ProgressChange(note="của người khác"))
        with real_lock(folder):
            yield

    monkeypatch.setattr(editing, "exclusive_update", another_update_first)
    result = run_cli("update", "T-1", "-s", "in_progress", "--plans", str(minimal_plan.parent))
    assert result.exit_code == 0, result
    text = (minimal_plan / "phu-luc.yaml").read_text(encoding="utf-8")
    assert "của người khác" in text
    assert "started_on:" in text


# --- standard output closed, full or cut --------------------------------------------------------


def _status(stdout: IO[str] | None, shell: str | None = None) -> subprocess.CompletedProcess[str]:
    command = [str(PARPLAN), "status", "--plans", str(SHIPPED_PLANS), "--as-of", "2022-09-30"]
    if shell is not None:
        return subprocess.run(
            ["bash", "-c", " ".join(command) + " " + shell],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    return subprocess.run(
        command, stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=60, check=False
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_full_standard_output() -> None:
    with Path("/dev/full").open("w") as full:
        result = _status(full)
    assert "Traceback" not in result.stderr
    assert result.returncode == 2, result.stderr
    assert "không ghi được ra đầu ra chuẩn" in result.stderr


def test_closed_standard_output() -> None:
    result = _status(None, shell=">&-")
    assert "Traceback" not in result.stderr
    assert result.returncode == 2, result.stderr
    assert "đầu ra chuẩn" in result.stderr


def test_standard_output_cut_short_is_no_error() -> None:
    command = [str(PARPLAN), "export", "--plans", str(SHIPPED_PLANS)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader went away (head -c1) before parplan wrote
    error = process.stderr.read().decode("utf-8")
    process.stderr.close()
    assert process.wait(timeout=60) == 0, error
    assert "Traceback" not in error


# --- discovery below a huge folder --------------------------------------------------------------


def test_plans_folder_at_the_filesystem_root_is_refused(run_cli: RunCli) -> None:
    result = run_cli("status", "--plans", "/")
    _refused(result, "quá lớn", "'/'")


def test_plans_folder_too_deep_is_refused(run_cli: RunCli, tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "minimal", tmp_path / "plans" / "2022")
    deep = tmp_path / "plans"
    for level in range(40):
        deep = deep / f"c{level}"
    deep.mkdir(parents=True)
    (deep / "x.yaml").write_text("a: 1\n", encoding="utf-8")
    result = run_cli("validate", str(tmp_path / "plans"))
    _refused(result, "quá lớn", str(tmp_path / "plans"))


def test_plans_folder_with_too_many_entries_is_refused(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parplan import discovery

    monkeypatch.setattr(discovery, "MAX_DISCOVERY_ENTRIES", 200)
    shutil.copytree(FIXTURES / "minimal", tmp_path / "plans" / "2022")
    for index in range(300):
        (tmp_path / "plans" / f"tep-{index}.txt").write_text("", encoding="utf-8")
    result = run_cli("status", "--plans", str(tmp_path / "plans"))
    _refused(result, "quá lớn", str(tmp_path / "plans"))


def test_the_discovery_bound_takes_the_largest_generated_plan(tmp_path: Path) -> None:
    """benchmarks/generate.py's plans (up to 100,000 tasks) stay well inside the bound."""
    from parplan import discovery

    subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "generate.py"),
            "--tasks",
            "2000",
            "--out",
            str(tmp_path / "gen"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    entries = sum(len(dirs) + len(files) for _, dirs, files in os.walk(tmp_path / "gen"))
    assert entries * 50 < discovery.MAX_DISCOVERY_ENTRIES
    assert len(discovery.yaml_files_below(tmp_path / "gen")) > 5
