"""Every command is documented: in its --help (Vietnamese) and in README.md; the README's plan
format section shows plan files' own text and the deadline rule parplan applies."""

from __future__ import annotations

import re
import textwrap

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
        "calendar", "checklist", "diff", "document", "export", "frameworks", "import", "migrate",
        "new-year", "overdue", "report", "result", "rollup", "schema", "scores", "site", "status",
        "update", "validate", "years",
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
        info.name or info.callback.__name__: info.callback
        for info in app.registered_commands
        if info.callback
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


# --- The plan format section: every example is a plan file's own text ------------------------------

FORMAT_SECTION = "## Định dạng tệp kế hoạch (phiên bản 2)"
TESTED_PLAN_FILES = re.compile(
    r"`((?:plans/\d{4}|examples/[^/`]+|tests/fixtures/all-needs)/[^/`]+\.yaml)`"
)
"""A file of a plan folder that tests/test_format.py runs every command over."""


def format_section() -> str:
    assert README.count(FORMAT_SECTION + "\n") == 1
    return README.split(FORMAT_SECTION + "\n", 1)[1].split("\n## ", 1)[0]


def yaml_examples() -> list[tuple[str, str]]:
    """Each ```yaml block of the section, with the plan file named last before it."""
    section = format_section()
    examples = []
    for block in re.finditer(r"^```yaml\n(.*?)^```$", section, re.MULTILINE | re.DOTALL):
        named = TESTED_PLAN_FILES.findall(section[: block.start()])
        examples.append((named[-1] if named else "", block.group(1)))
    return examples


def holds_verbatim(text: str, block: str) -> bool:
    """Whether ``block`` is a run of whole lines of ``text``, indentation aside (a block shows an
    item of a list without the indentation it has in its file)."""
    wanted = textwrap.dedent(block).splitlines()
    lines = text.splitlines()
    return any(
        textwrap.dedent("\n".join(lines[start : start + len(wanted)])).splitlines() == wanted
        for start in range(len(lines) - len(wanted) + 1)
    )


def test_the_format_section_explains_each_of_the_twelve_needs() -> None:
    section = format_section()
    headings = re.findall(r"^### (\d+)\. ", section, re.MULTILINE)
    assert headings == [str(number) for number in range(1, 13)]
    assert "parplan migrate" in section
    assert "format-outdated" in section
    assert len(yaml_examples()) >= 12


@pytest.mark.parametrize(
    ("path", "block"), yaml_examples(), ids=[f"{n}" for n in range(len(yaml_examples()))]
)
def test_every_yaml_example_of_the_format_section_is_in_the_plan_file_it_names(
    path: str, block: str
) -> None:
    assert path, f"no plan file named before the example:\n{block}"
    text = (ROOT / path).read_text(encoding="utf-8")
    assert holds_verbatim(text, block), f"{path} does not hold, word for word:\n{block}"


def test_holds_verbatim_takes_whole_lines_in_order() -> None:
    text = "a:\n  - b: 1\n    c: 2\n  - d: 3\n"
    assert holds_verbatim(text, "- b: 1\n  c: 2\n")
    assert holds_verbatim(text, "      - b: 1\n        c: 2\n")
    assert not holds_verbatim(text, "- b: 1\n  c: 3\n")
    assert not holds_verbatim(text, "- b: 1\n- d: 3\n")
    assert not holds_verbatim(text, "- b: 1\nc: 2\n")


def test_the_deadline_table_is_the_rule_parplan_applies() -> None:
    """Each phrase of the README's deadline table reads, and resolves (in a plan of 2022) to the
    day the table says."""
    from parplan.deadlines import parse_deadline

    section = format_section().split("| Cách viết | Hạn là |", 1)[1].split("\n\n", 1)[0]
    rows = [line.split("|")[1:3] for line in section.splitlines() if line.startswith("| `")]
    assert len(rows) == 7
    phrases = 0
    for written, meaning in rows:
        for phrase in re.findall(r"`([^`]+)`", written):
            if "…" in phrase:
                continue
            day = parse_deadline(phrase).resolve(2022)
            if "đúng ngày đó" in meaning:
                assert day.strftime("%d/%m/%Y") in phrase or day.isoformat() in phrase, phrase
            else:
                assert day.strftime("%d/%m") in meaning, (phrase, meaning)
            phrases += 1
    assert phrases >= 14
