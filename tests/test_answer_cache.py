"""The answers of status and overdue kept in the cache: the computed answer on every day, option and
edit, given without reading the plan, never stale, ignored when malformed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from parplan.cache import KEEP

from .conftest import RunCli

TITLE = "Nhiệm vụ một lần".encode()
FORGED = b"X" * len(TITLE)


def _entries(kind: str) -> list[Path]:
    found = []
    for entry in sorted(Path(os.environ["PARPLAN_CACHE_DIR"]).glob("parplan-*.json")):
        data = json.loads(entry.read_bytes())
        if (data.get("kind") == "answer") == (kind == "answer"):
            found.append(entry)
    return found


def _question(plans: Path, day: date, *options: str) -> list[str]:
    command = options[0]
    return [command, "--plans", str(plans), "--as-of", day.isoformat(), *options[1:]]


QUESTIONS = [
    ("status", "--format", "json"),
    ("status", "--format", "json", "--within", "30", "--working-days"),
    ("status", "--format", "json", "--department", "HCTC"),
    ("overdue", "--format", "json"),
    ("overdue", "--format", "csv"),
    ("overdue", "--format", "json", "--department", "hành chính - tổ chức"),
]


def test_every_answer_kept_is_the_one_computed_on_every_day_and_after_an_edit(
    run_cli: RunCli, shipped_plan_copy: Path
) -> None:
    days = [date(2022, 1, 1) + timedelta(days=n) for n in range(0, 420, 37)]
    computed: dict[tuple[date, tuple[str, ...]], str] = {}
    for day in days:
        for question in QUESTIONS:
            args = _question(shipped_plan_copy, day, *question)
            fresh = run_cli("--no-cache", *args)
            assert fresh.exit_code == 0, fresh
            kept = [run_cli(*args) for _ in range(2)]  # computed and kept, then given again
            assert [result.stdout for result in kept] == [fresh.stdout] * 2, (day, question)
            computed[day, question] = fresh.stdout
    assert len(set(computed.values())) > len(days)  # the days and options do answer differently
    # The cache keeps the entries used last: the plan (one entry per year of the days asked),
    # read every time, among them.
    plans_kept = len({day.year for day in days})
    assert (len(_entries("plan")), len(_entries("answer"))) == (plans_kept, KEEP - plans_kept)

    # A deadline brought forward: the answers that show it change, and none is given stale.
    appendix = shipped_plan_copy / "2022" / "phu-luc.yaml"
    text = appendix.read_text(encoding="utf-8")
    appendix.write_text(text.replace("deadline: 31/12/2022", "deadline: 31/03/2022", 1), "utf-8")
    changed = 0
    for day in days[-4:]:
        for question in QUESTIONS:
            args = _question(shipped_plan_copy, day, *question)
            answer = run_cli(*args).stdout
            assert answer == run_cli("--no-cache", *args).stdout == run_cli(*args).stdout
            changed += answer != computed[day, question]
    assert changed >= 8


def test_an_answer_is_given_without_reading_the_plan(run_cli: RunCli, minimal_plan: Path) -> None:
    args = _question(minimal_plan, date(2023, 1, 31), "overdue", "--format", "json")
    script = (
        "import sys\nfrom parplan.cli import app\nsys.argv = ['parplan', *sys.argv[1:]]\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('parplan.model', 'parplan.loading', 'pydantic_core') "
        "if m in sys.modules), file=sys.stderr)\n"
    )

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", script, *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    first, again = run(), run()
    assert first.stdout == again.stdout and json.loads(first.stdout)
    assert "'parplan.model'" in first.stderr.splitlines()[-1]
    assert "parplan.model" not in again.stderr.splitlines()[-1]
    assert "parplan.loading" not in again.stderr.splitlines()[-1]


def test_a_kept_answer_is_used_and_never_after_its_files_change(
    run_cli: RunCli, minimal_plan: Path
) -> None:
    args = _question(minimal_plan, date(2023, 1, 31), "overdue", "--format", "json")
    first = run_cli(*args).stdout
    (entry,) = _entries("answer")
    entry.write_bytes(entry.read_bytes().replace(TITLE, FORGED))
    assert run_cli(*args).stdout == first.replace(TITLE.decode(), FORGED.decode())
    path = minimal_plan / "phu-luc.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: T-1", "id: T-9"), "utf-8")
    after = json.loads(run_cli(*args).stdout)
    assert [row["id"] for row in after] == ["T-2", "T-2", "T-9"]
    assert TITLE.decode() in {row["title"] for row in after}


@pytest.mark.parametrize(
    "damage",
    [
        b"not json",
        b"[]",
        b'{"kind": "answer"}',
        b'{"format": 3, "kind": "answer", "key": "x", "walks": 1, "scans": [], "digests": {}, '
        b'"answer": "[]"}',
    ],
    ids=["not json", "a list", "missing fields", "wrong key and shape"],
)
def test_a_malformed_answer_is_ignored_and_replaced(
    run_cli: RunCli, minimal_plan: Path, damage: bytes
) -> None:
    args = _question(minimal_plan, date(2023, 1, 31), "status", "--format", "json")
    first = run_cli(*args).stdout
    (entry,) = _entries("answer")
    entry.write_bytes(damage)
    assert run_cli(*args).stdout == first
    assert json.loads(entry.read_bytes())["answer"] == first  # written again, whole


def test_an_option_given_is_never_taken_for_one_not_given(
    run_cli: RunCli, minimal_plan: Path
) -> None:
    """A unit named "None" is asked about, not the whole plan (the options are keyed by repr)."""
    args = _question(minimal_plan, date(2023, 1, 31), "overdue", "--format", "json")
    whole = run_cli(*args)
    assert whole.exit_code == 0 and json.loads(whole.stdout)
    named = run_cli(*args, "--department", "None")
    assert named.exit_code != 0 and "None" in named.stderr


def test_no_cache_keeps_no_answer(run_cli: RunCli, minimal_plan: Path) -> None:
    args = _question(minimal_plan, date(2023, 1, 31), "overdue", "--format", "json")
    assert run_cli("--no-cache", *args).exit_code == 0
    assert not list(Path(os.environ["PARPLAN_CACHE_DIR"]).glob("parplan-*.json"))
