"""Holes an independent attacker found after the first security round, each a test.

A plans folder committed as a symbolic link (the diff check on moved deadlines passed, outside
files were read), templates that outran their time and size budgets through filters, outputs
renamed over device files, a newline in a calendar name, ``##[`` inside an annotation, a closed
standard error, a lock folder others can write into, an empty ``--out``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, SHIPPED_PLANS, RunCli, git

PARPLAN = Path(sys.executable).parent / "parplan"


# --- A plans folder that is a symbolic link ------------------------------------------------------


def test_a_linked_plans_folder_cannot_hide_a_moved_deadline_from_diff(
    run_cli: RunCli, tmp_path: Path
) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copytree(SHIPPED_PLANS, repo / "plans")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "plan")
    git(repo, "checkout", "-q", "-b", "sneaky")
    git(repo, "mv", "plans", "real")
    (repo / "plans").symlink_to("real")
    appendix = repo / "real" / "2022" / "phu-luc.yaml"
    text = appendix.read_text(encoding="utf-8")
    start = text.index("  - id: GP-B")
    moved = text[start:].replace("31/12/2022", "15/12/2022", 1)
    appendix.write_text(text[:start] + moved, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "move a deadline behind a link")
    for args in (("diff", "main", "HEAD"), ("diff",), ("validate",)):
        result = run_cli(*args, "--plans", "plans", cwd=repo) if args[0] == "diff" else None
        if result is None:
            result = run_cli("validate", "plans", cwd=repo)
        assert result.exit_code != 0, (args, result)
        assert "Traceback" not in result.stderr
        assert "liên kết tượng trưng" in result.stdout + result.stderr, (args, result)


def test_a_plans_folder_linked_outside_is_never_read(run_cli: RunCli, tmp_path: Path) -> None:
    outside = tmp_path / "outside" / "2022"
    shutil.copytree(FIXTURES / "minimal", outside)
    (outside / "bi-mat.yaml").write_text("tasks:\n  - id: BI MAT 123\n", encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    (work / "plans").symlink_to(tmp_path / "outside")
    for args in (
        ("validate", "plans"),
        ("status", "--plans", "plans"),
        ("export", "--plans", "plans"),
    ):
        result = run_cli(*args, cwd=work)
        assert result.exit_code in (1, 2), (args, result)
        assert "BI MAT" not in result.stdout + result.stderr, (args, result)
        assert "liên kết tượng trưng" in result.stdout + result.stderr, (args, result)


def test_a_year_folder_that_is_a_link_is_said_not_skipped_silently(
    run_cli: RunCli, tmp_path: Path
) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(FIXTURES / "minimal", plans / "2022")
    shutil.copytree(FIXTURES / "minimal", tmp_path / "elsewhere")
    (plans / "2023").symlink_to(tmp_path / "elsewhere")
    result = run_cli("validate", str(plans))
    assert result.exit_code == 1, result
    assert "2023" in result.stdout and "liên kết tượng trưng" in result.stdout, result


# --- Templates: every filter counts against the budgets ------------------------------------------


def _office_template(plan_folder: Path, name: str, body: str) -> None:
    folder = plan_folder / "templates"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(body, encoding="utf-8")


RUNAWAY_FILTERS = {
    "wordwrap-loop": (
        '{% set s = "x " * 4000000 %}{% for i in range(30) %}{{ (s|wordwrap(1))|length }}'
        "{% endfor %}"
    ),
    "percent-nested-key": '{{ ("%((a))300000000s" % {"(a)": "x"})|length }}',
    "tojson-indent": "{{ ([1]|tojson(indent=300000000))|length }}",
    "pprint-many": "{% for i in range(5000) %}{{ range(5000)|list|pprint|length }}{% endfor %}",
    "truncate-negative": "{{ 'abc'|truncate(-1) }}",
    "wordwrap-width": "{{ 'a b'|wordwrap(300000000, wrapstring='x' * 5000000) }}",
}


@pytest.mark.parametrize("case", sorted(RUNAWAY_FILTERS))
def test_filters_cannot_outrun_the_template_budgets(
    tmp_path: Path, minimal_plan: Path, case: str
) -> None:
    _office_template(minimal_plan, "report.md.j2", RUNAWAY_FILTERS[case])
    command = [str(PARPLAN), "report", "-q", "I", "--format", "md", "--plans"]
    run = subprocess.run(
        [*command, str(minimal_plan.parent), "--output", "-"],
        capture_output=True,
        text=True,
        timeout=45,
        env={**os.environ, "PARPLAN_NO_CACHE": "1"},
        check=False,
    )
    assert run.returncode == 1, (run.returncode, run.stdout[:200], run.stderr)
    assert "report.md.j2" in run.stderr
    assert "Traceback" not in run.stderr
    assert "AssertionError" not in run.stderr


# --- Outputs never replace what is not a regular file ---------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_an_output_that_is_a_fifo_a_device_or_in_a_system_folder_is_refused(
    run_cli: RunCli, tmp_path: Path
) -> None:
    fifo = tmp_path / "ong.ics"
    os.mkfifo(fifo)
    result = run_cli("calendar", "--plans", str(SHIPPED_PLANS), "--output", str(fifo))
    assert result.exit_code == 2, result
    assert fifo.is_fifo()
    if os.geteuid() == 0:  # a device node of the test's own (root, as on CI): never /dev itself
        import stat

        device = tmp_path / "null"
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        result = run_cli("calendar", "--plans", str(SHIPPED_PLANS), "--output", str(device))
        assert result.exit_code == 2, result
        assert device.is_char_device()
    in_dev = Path("/dev") / f"parplan-test-{os.getpid()}.ics"  # /dev/stdout is such a place
    try:
        result = run_cli("calendar", "--plans", str(SHIPPED_PLANS), "--output", str(in_dev))
        assert result.exit_code == 2, result  # a system folder: use '-' for standard output
        assert not in_dev.exists()
    finally:
        in_dev.unlink(missing_ok=True)


def test_an_empty_out_folder_is_a_usage_error(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("site", "--plans", str(SHIPPED_PLANS), "--out", "", cwd=tmp_path)
    assert result.exit_code == 2, result
    assert list(tmp_path.iterdir()) == []


def test_checklists_out_dash_says_that_out_is_a_folder(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("checklist", "--all", "--plans", str(SHIPPED_PLANS), "--out", "-")
    assert result.exit_code == 2, result
    assert "--output" in result.stderr


# --- Calendar names with line breaks ---------------------------------------------------------------


def test_a_line_break_in_the_plan_title_or_a_unit_name_is_escaped_in_the_calendar(
    run_cli: RunCli, minimal_plan: Path
) -> None:
    plan_file = minimal_plan / "ke-hoach.yaml"
    text = plan_file.read_text(encoding="utf-8")
    title_line = next(line for line in text.splitlines() if line.lstrip().startswith("title:"))
    indent = title_line[: len(title_line) - len(title_line.lstrip())]
    plan_file.write_text(
        text.replace(title_line, f'{indent}title: "Dòng một\\nDòng hai"'), encoding="utf-8"
    )
    result = run_cli("calendar", "--plans", str(minimal_plan.parent))
    assert result.exit_code == 0, result
    assert "X-WR-CALNAME" in result.stdout


# --- Annotations carry no legacy command ------------------------------------------------------------


def test_no_annotation_holds_a_legacy_command(run_cli: RunCli, tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(FIXTURES / "minimal", plans / "2022")
    (plans / "2022" / "a ##[error]boom.yaml").write_text("x: [\n", encoding="utf-8")
    result = run_cli("validate", "--format", "github", str(plans), env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 1, result
    assert "##[" not in result.stdout + result.stderr, result


# --- Standard error closed ----------------------------------------------------------------------------


def test_a_closed_standard_error_does_not_change_the_exit_code() -> None:
    for args in (["--version"], ["validate", str(SHIPPED_PLANS)]):
        run = subprocess.run(
            ["bash", "-c", " ".join([str(PARPLAN), *args]) + " 2>&-"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert run.returncode == 0, (args, run.stdout, run.stderr)


# --- Locks live where no one else can plant a link -----------------------------------------------------


def test_a_lock_folder_others_can_write_into_is_not_used(
    run_cli: RunCli, minimal_plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another user of a shared cache folder plants the lock file as a link: not used."""
    import hashlib

    shared = tmp_path / "shared"
    (shared / "locks").mkdir(parents=True)
    shared.chmod(0o777)
    (shared / "locks").chmod(0o777)
    victim = tmp_path / "victim.txt"
    victim.write_text("nguyên vẹn", encoding="utf-8")
    name = hashlib.sha256(os.fsencode(minimal_plan.resolve())).hexdigest()[:32] + ".lock"
    (shared / "locks" / name).symlink_to(victim)
    monkeypatch.setenv("PARPLAN_CACHE_DIR", str(shared))
    result = run_cli("update", "T-1", "-s", "in_progress", "--plans", str(minimal_plan))
    assert result.exit_code == 0, result
    assert victim.read_text(encoding="utf-8") == "nguyên vẹn"


def test_a_temporary_lock_folder_someone_else_made_first_is_passed_over(
    run_cli: RunCli, minimal_plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no cache folder, locks go to the temporary folder; a folder of that name that is
    not the user's own (here: open to everyone) is not used, and update still works."""
    import tempfile

    monkeypatch.setenv("PARPLAN_CACHE_DIR", "relative")  # no cache folder at all
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    taken = tmp_path / f"parplan-locks-{os.getuid()}"
    taken.mkdir()
    taken.chmod(0o777)
    result = run_cli("update", "T-1", "-s", "in_progress", "--plans", str(minimal_plan))
    assert result.exit_code == 0, result
    assert not any(taken.iterdir())
    assert (tmp_path / f"parplan-locks-{os.getuid()}-1").is_dir()
