"""Generated plans (benchmarks/generate.py): valid, and every command counts the same work."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from parplan.loading import validate_paths

from .conftest import ROOT, RunCli

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    plans = tmp_path_factory.mktemp("generated") / "plans"
    generate(400, plans)
    return plans


def test_the_generator_writes_a_valid_plan_split_by_unit(generated: Path) -> None:
    result, parts = validate_paths([generated])
    assert result.findings == []
    assert len(parts) == 1 and len(parts[0].tasks) == 400
    assert len(list((generated / "2022" / "phu-luc").glob("*.yaml"))) == 10
    tasks = [located.value for located in parts[0].tasks]
    assert any(task.recurrence for task in tasks) and any(task.continuous for task in tasks)
    assert any(task.progress and task.progress.status == "done" for task in tasks)
    assert any(task.occurrences for task in tasks)


def test_the_generator_is_deterministic(tmp_path: Path) -> None:
    generate(50, tmp_path / "a")
    generate(50, tmp_path / "b")
    for path in (tmp_path / "a").rglob("*.yaml"):
        assert path.read_bytes() == (tmp_path / "b" / path.relative_to(tmp_path / "a")).read_bytes()


def test_counts_agree_across_commands(run_cli: RunCli, generated: Path, tmp_path: Path) -> None:
    plans = ("--plans", str(generated))
    as_of = ("--as-of", "2022-10-01")
    export = json.loads(run_cli("export", *plans).stdout)
    occurrences = sum(len(task["schedule"]) for task in export["tasks"])
    status = json.loads(run_cli("status", *plans, *as_of, "--format", "json").stdout)
    assert sum(status["counts"].values()) == occurrences
    assert sum(unit["total"] for unit in status["departments"]) == occurrences
    assert sum(field["total"] for field in status["par_fields"]) == occurrences
    overdue = json.loads(run_cli("overdue", *plans, *as_of, "--format", "json").stdout)
    assert len(overdue) == status["counts"]["overdue"] == len(status["overdue"])
    assert [row["key"] for row in overdue] == [row["key"] for row in status["overdue"]]
    assert (
        run_cli(
            "checklist", *plans, *as_of, "--all", "--out", str(tmp_path), "--format", "json"
        ).exit_code
        == 0
    )
    leads = 0
    for path in tmp_path.glob("*.json"):
        checklist = json.loads(path.read_text(encoding="utf-8"))
        leads += len(checklist["leads"])
        unit = (
            next(u for u in status["departments"] if u["code"] == checklist["unit"]["code"])
            if checklist["leads"]
            else None
        )
        if unit is not None:
            assert len(checklist["leads"]) == unit["total"]
    assert leads == occurrences
