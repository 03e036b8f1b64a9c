"""The plan cache: used on unchanged files, never stale, silent when broken, bypassed on request."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from .conftest import RunCli

TITLE = "Nhiệm vụ một lần".encode()
FORGED = b"X" * len(TITLE)


def _overdue(run_cli: RunCli, plan: Path, *extra: str) -> list[dict[str, object]]:
    """``overdue --format json``, through the plan cache: the answer it keeps (the answer cache,
    tested in test_answer_cache) is removed after each run, so that the next one reads the plan."""
    result = run_cli(
        *extra, "overdue", "--plans", str(plan), "--as-of", "2023-01-31", "--format", "json"
    )
    for entry in Path(os.environ["PARPLAN_CACHE_DIR"]).glob("parplan-*.json"):
        if json.loads(entry.read_bytes()).get("kind") == "answer":
            entry.unlink()
    assert result.exit_code == 0, result
    rows = json.loads(result.stdout)
    assert isinstance(rows, list)
    return rows


def _entries() -> list[Path]:
    return sorted(Path(os.environ["PARPLAN_CACHE_DIR"]).glob("parplan-*.json"))


def _forge_entries() -> None:
    """Write another title over a task's inside every entry: it shows only if an entry is used."""
    for entry in _entries():
        entry.write_bytes(entry.read_bytes().replace(TITLE, FORGED))


def test_a_second_run_on_unchanged_files_uses_the_cache(
    run_cli: RunCli, minimal_plan: Path
) -> None:
    first = _overdue(run_cli, minimal_plan)
    assert len(_entries()) == 1
    _forge_entries()
    served = _overdue(run_cli, minimal_plan)
    assert [row["title"] for row in served] == [
        FORGED.decode() if row["title"] == TITLE.decode() else row["title"] for row in first
    ]


def test_a_changed_file_is_never_served_stale(run_cli: RunCli, minimal_plan: Path) -> None:
    assert [row["id"] for row in _overdue(run_cli, minimal_plan)] == ["T-2", "T-2", "T-1"]
    path = minimal_plan / "phu-luc.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("id: T-1", "id: T-9"), encoding="utf-8"
    )
    assert [row["id"] for row in _overdue(run_cli, minimal_plan)] == ["T-2", "T-2", "T-9"]
    (minimal_plan / "them.yaml").write_text("schema_version: 2\ntasks: []\n", encoding="utf-8")
    assert len(_overdue(run_cli, minimal_plan)) == 3


def test_a_corrupt_cache_falls_back_to_parsing(run_cli: RunCli, minimal_plan: Path) -> None:
    first = _overdue(run_cli, minimal_plan)
    for entry in _entries():
        entry.write_bytes(b'{"format": 2, "key": "not json')
    assert _overdue(run_cli, minimal_plan) == first


def test_an_unwritable_cache_is_passed_over(
    run_cli: RunCli, minimal_plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARPLAN_CACHE_DIR", "/dev/null/parplan")
    assert len(_overdue(run_cli, minimal_plan)) == 3


def test_no_cache_bypasses_it(
    run_cli: RunCli, minimal_plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _overdue(run_cli, minimal_plan)
    _forge_entries()
    forged = [entry.read_bytes() for entry in _entries()]
    assert _overdue(run_cli, minimal_plan, "--no-cache") == first
    monkeypatch.setenv("PARPLAN_NO_CACHE", "1")
    assert _overdue(run_cli, minimal_plan) == first
    assert [entry.read_bytes() for entry in _entries()] == forged
