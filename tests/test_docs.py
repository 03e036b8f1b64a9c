"""Every command is documented: in its --help (Vietnamese) and in README.md."""

from __future__ import annotations

import pytest

from parplan.cli import app

from .conftest import ROOT, RunCli

COMMANDS = sorted(
    info.name or (info.callback.__name__ if info.callback else "")
    for info in app.registered_commands
)
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_commands_are_the_documented_ones() -> None:
    assert COMMANDS == [
        "calendar", "checklist", "diff", "export", "overdue", "report", "schema", "site", "status", "update", "validate",
    ]  # fmt: skip


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_a_readme_entry(run_cli: RunCli, command: str) -> None:
    result = run_cli(command, "--help")
    assert result.exit_code == 0
    assert result.stdout.count("\n") > 3
    assert f"parplan {command}" in README


def test_exit_codes_are_documented() -> None:
    for code in ("| 0 |", "| 1 |", "| 2 |", "| 3 |"):
        assert code in README
