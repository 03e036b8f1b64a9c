"""Every command is documented: in its --help (Vietnamese) and in README.md."""

from __future__ import annotations

import pytest

from parplan.cli import app
from parplan.errors import EXIT_CODES

from .conftest import ROOT, RunCli

COMMANDS = sorted(
    info.name or (info.callback.__name__ if info.callback else "")
    for info in app.registered_commands
)
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_commands_are_the_documented_ones() -> None:
    assert COMMANDS == [
        "calendar", "checklist", "diff", "export", "migrate", "overdue", "report", "schema", "site", "status",
        "update", "validate",
    ]  # fmt: skip


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_a_readme_entry(run_cli: RunCli, command: str) -> None:
    result = run_cli(command, "--help")
    assert result.exit_code == 0
    assert result.stdout.count("\n") > 3
    assert f"parplan {command}" in README


def test_exit_codes_are_documented() -> None:
    """README's table of exit codes lists exactly parplan.errors' codes, each with its meaning."""
    section = README.split("### Exit codes", 1)[1].split("\n\n", 2)[1]
    rows = [line.split("|")[1:3] for line in section.splitlines() if line.startswith("| ")]
    table = {int(code): meaning.strip() for code, meaning in rows if code.strip().isdigit()}
    assert sorted(table) == sorted(EXIT_CODES)
    for code, meaning in EXIT_CODES.items():
        assert table[code].startswith(meaning), (code, table[code])


def test_help_is_vietnamese_and_stable_at_80_columns(run_cli: RunCli) -> None:
    import os

    result = run_cli("--help", env={"COLUMNS": "80"})
    assert result.exit_code == 0
    for english in ("Usage", "Options", "Commands", "Show this message"):
        assert english not in result.stdout
    golden = ROOT / "tests" / "golden" / "help.txt"
    if os.environ.get("PARPLAN_UPDATE_GOLDEN"):
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("command", COMMANDS)
def test_command_help_has_no_english_scaffolding(run_cli: RunCli, command: str) -> None:
    text = run_cli(command, "--help", env={"COLUMNS": "100"}).stdout
    for english in (
        "Usage:",
        "Options:",
        "Arguments:",
        "Show this message",
        "[default:",
        "env var",
        "<str>",
        "<int>",
        "<path>",
    ):
        assert english not in text, (command, english)


def test_every_format_option_is_declared_from_the_registry() -> None:
    """Each command's --format takes the registry's formats, by the registry's default, and every
    format has one canonical name (so `canonical` never fails on a declared value)."""
    import inspect
    import typing

    from parplan.formats import ALIASES, COMMAND_FORMATS, OutputFormat, canonical

    callbacks = {
        info.callback.__name__: info.callback for info in app.registered_commands if info.callback
    }
    for command, formats in COMMAND_FORMATS.items():
        parameter = inspect.signature(callbacks[command]).parameters["output_format"]
        hints = typing.get_type_hints(callbacks[command], include_extras=True)
        declared = typing.get_args(hints["output_format"])[0]
        choices = [arg for arg in typing.get_args(declared) if arg is not type(None)] or [declared]
        assert choices == [formats.choices], command
        default = parameter.default
        assert (canonical(default) if default is not None else None) == formats.default, command
        for member in formats.choices:
            assert member.value in ALIASES or OutputFormat(member.value), (command, member)
