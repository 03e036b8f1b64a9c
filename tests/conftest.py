from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parplan.cli import app

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_PLANS = ROOT / "plans"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str

    def __str__(self) -> str:  # shown by pytest when an assertion on the result fails
        return f"exit {self.exit_code}\n--- stdout\n{self.stdout}\n--- stderr\n{self.stderr}"


RunCli = Callable[..., CliResult]


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch) -> RunCli:
    """Run parplan through Typer's runner; output and exit code, never an exception."""

    def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> CliResult:
        monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
        monkeypatch.delenv("PARPLAN_PLANS", raising=False)
        if cwd is not None:
            monkeypatch.chdir(cwd)
        result = CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)
        return CliResult(result.exit_code, result.stdout, result.stderr)

    return run


@pytest.fixture
def minimal_plan(tmp_path: Path) -> Path:
    """A copy of the small valid plan, in a folder the test may change."""
    folder = tmp_path / "plans" / "2022"
    shutil.copytree(FIXTURES / "minimal", folder)
    return folder


@pytest.fixture
def shipped_plan_copy(tmp_path: Path) -> Path:
    target = tmp_path / "plans"
    shutil.copytree(SHIPPED_PLANS, target)
    return target


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every test has its own empty plan cache, never the user's."""
    monkeypatch.setenv("PARPLAN_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("PARPLAN_NO_CACHE", raising=False)


def git(repository: Path, *args: str, given: bytes | None = None) -> str:
    """Run git in ``repository`` with a fixed author; its standard output, stripped."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    done = subprocess.run(
        ["git", *args], cwd=repository, env=env, check=True, capture_output=True, input=given
    )
    return done.stdout.decode().strip()
