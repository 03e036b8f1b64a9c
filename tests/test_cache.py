"""The plan cache: used on unchanged files, never stale, silent when broken, bypassed on request."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from parplan import loading

from .conftest import RunCli


def _overdue(run_cli: RunCli, plan: Path, *extra: str) -> list[dict[str, object]]:
    result = run_cli(
        *extra, "overdue", "--plans", str(plan), "--as-of", "2023-01-31", "--format", "json"
    )
    assert result.exit_code == 0, result
    rows = json.loads(result.stdout)
    assert isinstance(rows, list)
    return rows


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError("the plan was parsed again")

    monkeypatch.setattr(loading, "load_plan_parts", refuse)


def test_a_second_run_on_unchanged_files_uses_the_cache(
    run_cli: RunCli, minimal_plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _overdue(run_cli, minimal_plan)
    assert len(list(Path(os.environ["PARPLAN_CACHE_DIR"]).glob("*.pickle"))) == 1
    _no_parsing(monkeypatch)
    assert _overdue(run_cli, minimal_plan) == first


def test_a_changed_file_is_never_served_stale(run_cli: RunCli, minimal_plan: Path) -> None:
    assert [row["id"] for row in _overdue(run_cli, minimal_plan)] == ["T-2", "T-2", "T-1"]
    path = minimal_plan / "phu-luc.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("id: T-1", "id: T-9"), encoding="utf-8"
    )
    assert [row["id"] for row in _overdue(run_cli, minimal_plan)] == ["T-2", "T-2", "T-9"]
    (minimal_plan / "them.yaml").write_text("tasks: []\n", encoding="utf-8")
    assert len(_overdue(run_cli, minimal_plan)) == 3


def test_a_corrupt_cache_falls_back_to_parsing(run_cli: RunCli, minimal_plan: Path) -> None:
    first = _overdue(run_cli, minimal_plan)
    for entry in Path(os.environ["PARPLAN_CACHE_DIR"]).glob("*.pickle"):
        entry.write_bytes(b"\x80\x05 not a pickle")
    assert _overdue(run_cli, minimal_plan) == first


def test_an_unwritable_cache_is_passed_over(
    run_cli: RunCli, minimal_plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARPLAN_CACHE_DIR", "/dev/null/parplan")
    assert len(_overdue(run_cli, minimal_plan)) == 3


def test_no_cache_bypasses_it(
    run_cli: RunCli, minimal_plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _overdue(run_cli, minimal_plan)
    calls: list[Path] = []
    real = loading.load_plan_parts

    def counting(plans: Path, year: int | None = None) -> loading.PlanParts:
        calls.append(plans)
        return real(plans, year)

    monkeypatch.setattr(loading, "load_plan_parts", counting)
    _overdue(run_cli, minimal_plan, "--no-cache")
    monkeypatch.setenv("PARPLAN_NO_CACHE", "1")
    _overdue(run_cli, minimal_plan)
    assert len(calls) == 2
