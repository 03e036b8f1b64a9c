"""Hostile text in a plan reaches no reader as an instruction: not the terminal (control
characters, rich markup), not a spreadsheet (formulas), not the GitHub Actions runner (workflow
commands), not HTML, Markdown, Word or iCalendar. And it is still shown, escaped, never dropped."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from parplan.neutralise import terminal_text, workflow_safe
from parplan.rules import VIETNAMESE_LETTERS

from .conftest import FIXTURES, CliResult, RunCli

# Each text becomes the title of an overdue task; a tag (T00, T01, …) after it finds it again.
HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "-2+3",
    "@SUM(1)",
    "\t=1",
    "\r=1",
    '"=1"',
    "::error file=x::forged",
    "::add-mask::secret",
    "a\n::warning::x",
    "##[error]x",
    "::stop-commands::tok",
    "  ::notice::indented",
    "b\r::error::after CR",
    "c\u2028::error::after LS",
    "\x1b[31mđỏ",
    "\x1b]0;tiêu đề\x07",
    "\x1b[2J",
    "chuông\x07",
    "lùi\x08\x08",
    "ghi đè\rXÓA",
    "nul\x00",
    "del\x7f",
    "c1\x9b31m",
    "Trojan \u202eabc\u202c",
    "\u2066cô lập\u2069",
    "[bold]đậm[/bold]",
    "[link=http://evil.example]bấm[/link]",
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "ống | dẫn",
    "a;b,c",
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
HOSTILE_UNIT = "Phòng \x1b[31m[bold]Đỏ[/bold]\n::error::unit"
OWN_ANNOTATION = re.compile(
    r"^::(error|warning) file=[^:,\s]+(,line=\d+,col=\d+)?,title=parplan \[[a-z-]+\]::"
)
AS_OF = "2022-12-30"


def _tag(index: int) -> str:
    return f"T{index:02}"


def _hostile_plan(folder: Path) -> Path:
    """The minimal plan with one overdue task per hostile text, and a hostile unit name."""
    tasks = [
        "tasks:\n",
        *(
            f"  - id: H-{index}\n"
            f"    title: {json.dumps(f'{text} {_tag(index)}')}\n"
            f"    source: II.2.a\n    criteria: [PAR 1]\n    lead: HCTC\n"
            f"    deadline: 01/06/2022\n"
            f"    output: {json.dumps(text)}\n"
            for index, text in enumerate(HOSTILE)
        ),
        "schema_version: 2\n",
    ]
    (folder / "phu-luc.yaml").write_text("".join(tasks), encoding="utf-8")
    registry = folder / "danh-muc.yaml"
    text = registry.read_text(encoding="utf-8")
    text = text.replace("name: Phòng Hành chính - Tổ chức", f"name: {json.dumps(HOSTILE_UNIT)}")
    registry.write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def hostile_plan(minimal_plan: Path) -> Path:
    return _hostile_plan(minimal_plan)


@pytest.fixture
def pristine_plan(tmp_path: Path) -> Path:
    folder = tmp_path / "base" / "2022"
    shutil.copytree(FIXTURES / "minimal", folder)
    return folder


def _assert_no_control(text: str, where: str) -> None:
    found = UNSAFE.findall(text)
    assert not found, f"{where}: raw {sorted(set(found))!r}"


def _assert_no_command_lines(result: CliResult, *, own_annotations: bool = False) -> None:
    for name, stream in (("stdout", result.stdout), ("stderr", result.stderr)):
        for line in re.split(r"\r\n|[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]", stream):
            if own_annotations and name == "stdout" and OWN_ANNOTATION.match(line):
                continue
            assert not line.lstrip().startswith("::"), f"{name}: {line!r}"
            assert "##[" not in line, f"{name}: {line!r}"


def _assert_all_shown(text: str, count: int = len(HOSTILE)) -> None:
    missing = [_tag(index) for index in range(count) if _tag(index) not in text]
    assert not missing, f"dropped: {missing}"


# --- Terminal and plain text ------------------------------------------------------------------

TERMINAL_COMMANDS = [
    ("overdue",),
    ("overdue", "--format", "table"),
    ("checklist", "-d", "HCTC"),
    ("status",),
]


@pytest.mark.parametrize("actions", [False, True], ids=["local", "actions"])
@pytest.mark.parametrize("command", TERMINAL_COMMANDS, ids=" ".join)
def test_terminal_views_escape_control_characters_and_markup(
    run_cli: RunCli, hostile_plan: Path, command: tuple[str, ...], actions: bool
) -> None:
    env = {"COLUMNS": "250", **({"GITHUB_ACTIONS": "true"} if actions else {})}
    result = run_cli(*command, "--plans", str(hostile_plan.parent), "--as-of", AS_OF, env=env)
    assert result.exit_code == 0, result
    _assert_no_control(result.stdout + result.stderr, " ".join(command))
    # shown, escaped: not dropped, not taken as markup
    if command[0] in ("status", "checklist"):  # the unit's name
        assert "Phòng \\x1b[31m[bold]Đỏ[/bold]" in result.stdout
    if command[0] != "status":  # the dashboard lists the first ten
        assert "\\x1b[31mđỏ" in result.stdout
        assert "[bold]đậm[/bold]" in result.stdout
        _assert_all_shown(result.stdout)
        assert "[link=http://evil.example]bấm[/link]" in result.stdout
        assert "Trojan \\u202eabc\\u202c" in result.stdout
    if actions:
        _assert_no_command_lines(result)


@pytest.mark.parametrize("actions", [False, True], ids=["local", "actions"])
def test_diff_text_and_markdown_escape_plan_text(
    run_cli: RunCli, hostile_plan: Path, pristine_plan: Path, actions: bool
) -> None:
    env = {"GITHUB_ACTIONS": "true"} if actions else {}
    for output_format in ("text", "md"):
        result = run_cli(
            "diff", str(pristine_plan), str(hostile_plan), "--format", output_format, env=env
        )
        assert result.exit_code in (0, 1), result
        _assert_no_control(result.stdout + result.stderr, output_format)
        _assert_all_shown(result.stdout)
        # one change a line: a newline in a title does not start a line of its own
        assert not any(line.startswith("::warning") for line in result.stdout.splitlines())
        if actions:
            _assert_no_command_lines(result)


def test_diff_json_keeps_the_text_exactly(
    run_cli: RunCli, hostile_plan: Path, pristine_plan: Path
) -> None:
    result = run_cli("diff", str(pristine_plan), str(hostile_plan), "--format", "json")
    # json escapes C0 controls (ESC is written \u001b); DEL, C1 and bidi controls stay as they are
    assert not re.findall("[\x00-\x1f]", result.stdout.replace("\n", ""))
    titles = {
        c["after"] for c in json.loads(result.stdout)["changes"] if c["kind"] == "text-changed"
    }
    added = [
        c["message"] for c in json.loads(result.stdout)["changes"] if c["kind"] == "task-added"
    ]
    assert not titles
    for index, text in enumerate(HOSTILE):
        assert any(f"{text} {_tag(index)}".strip() in message for message in added)


def _invalid_hostile_plan(folder: Path) -> Path:
    path = folder / "phu-luc.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("lead: HCTC", 'lead: "H\\e[2J\\n::error::forged ##[error]x"', 1),
        encoding="utf-8",
    )
    return folder


@pytest.mark.parametrize("actions", [False, True], ids=["local", "actions"])
def test_findings_quoting_hostile_values_are_escaped(
    run_cli: RunCli, hostile_plan: Path, actions: bool
) -> None:
    folder = _invalid_hostile_plan(hostile_plan)
    env = {"GITHUB_ACTIONS": "true"} if actions else {}
    text = run_cli("validate", str(folder), "--format", "text", env=env)
    assert text.exit_code == 1, text
    _assert_no_control(text.stdout + text.stderr, "validate text")
    assert "H\\x1b[2J\\x0a::error::forged" in text.stdout
    # commands refusing the invalid plan print the findings on standard error
    status = run_cli("status", "--plans", str(folder.parent), env=env)
    assert status.exit_code == 1, status
    _assert_no_control(status.stdout + status.stderr, "status on invalid plan")
    assert "H\\x1b[2J" in status.stderr
    if actions:
        _assert_no_command_lines(text)
        _assert_no_command_lines(status)


def test_github_annotations_are_parplans_own_and_escaped(
    run_cli: RunCli, hostile_plan: Path
) -> None:
    folder = _invalid_hostile_plan(hostile_plan)
    result = run_cli("validate", str(folder), env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 1, result
    findings = json.loads(run_cli("validate", str(folder), "--format", "json").stdout)["findings"]
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert len(annotations) == len(findings) >= 1
    assert all(OWN_ANNOTATION.match(line) for line in annotations)
    assert "H\\x1b[2J%0A::error::forged" in annotations[0]
    _assert_no_control(result.stdout, "github")
    _assert_no_command_lines(result, own_annotations=True)


def test_error_messages_on_standard_error_are_escaped(run_cli: RunCli, minimal_plan: Path) -> None:
    result = run_cli(
        "status",
        "--plans",
        str(minimal_plan.parent),
        "-d",
        "x\x1b[2J\n::error::forged",
        env={"GITHUB_ACTIONS": "true"},
    )
    assert result.exit_code == 2, result
    _assert_no_control(result.stderr, "stderr")
    assert "x\\x1b[2J" in result.stderr
    _assert_no_command_lines(result)


# --- Machine outputs --------------------------------------------------------------------------


def test_overdue_csv_cells_never_start_a_formula(run_cli: RunCli, hostile_plan: Path) -> None:
    result = run_cli(
        "overdue", "--plans", str(hostile_plan.parent), "--as-of", AS_OF, "--format", "csv"
    )
    assert result.exit_code == 0, result
    body = result.stdout.replace("\r\n", "\n")
    _assert_no_control(body, "csv")
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(result.stdout))}
    loaded = run_cli(
        "overdue", "--plans", str(hostile_plan.parent), "--as-of", AS_OF, "--format", "json"
    )
    titles = {item["id"]: item["title"] for item in json.loads(loaded.stdout)}
    for index in range(len(HOSTILE)):
        title = rows[f"H-{index}"]["title"]
        assert not title.startswith(FORMULA_START), title
        expected = titles[f"H-{index}"]  # as loaded: the reader strips the leading TAB and CR
        if expected.startswith(FORMULA_START):
            assert title == "'" + terminal_text(expected)
        else:
            assert title == terminal_text(expected)
    assert rows["H-6"]["title"] == '"=1" T06'  # quotes survive the csv quoting
    assert rows["H-0"]["days_overdue"] == "212"  # numbers stay numbers, ids and dates untouched
    assert rows["H-0"]["due"] == "2022-06-01"
    assert rows["H-0"]["lead_name"] == terminal_text(HOSTILE_UNIT)


@pytest.mark.parametrize("actions", [False, True], ids=["local", "actions"])
def test_csv_under_actions_has_no_command_lines(
    run_cli: RunCli, hostile_plan: Path, actions: bool
) -> None:
    env = {"GITHUB_ACTIONS": "true"} if actions else {}
    args = ("--plans", str(hostile_plan.parent), "--as-of", AS_OF)
    result = run_cli("overdue", *args, "--format", "csv", env=env)
    assert result.exit_code == 0, result
    _assert_all_shown(result.stdout)
    if actions:
        _assert_no_command_lines(result)
    else:  # locally the text is kept as it is (a newline inside a quoted cell is a newline)
        assert "\n::warning::x T09" in result.stdout


@pytest.mark.parametrize(
    "command",
    [
        ("status", "--format", "json"),
        ("overdue", "--format", "json"),
        ("checklist", "-d", "HCTC", "--format", "json"),
        ("export",),
    ],
    ids=" ".join,
)
def test_json_keeps_hostile_text_exactly_even_under_actions(
    run_cli: RunCli, hostile_plan: Path, command: tuple[str, ...]
) -> None:
    args = ["--plans", str(hostile_plan.parent)]
    if command[0] != "export":
        args += ["--as-of", AS_OF]
    result = run_cli(*command, *args, env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 0, result
    assert not UNSAFE.search(result.stdout)  # C0 by json, DEL, C1, bidi by json_text: \u202e
    _assert_no_command_lines(result)
    data = json.dumps(json.loads(result.stdout), ensure_ascii=False)
    for index, text in enumerate(HOSTILE):
        if command[0] == "status" and index >= 10:
            break
        assert json.dumps(f"{text} {_tag(index)}".strip(), ensure_ascii=False) in data


# --- Documents: their own escaping ------------------------------------------------------------


@pytest.mark.parametrize("actions", [False, True], ids=["local", "actions"])
def test_checklist_html_and_markdown_escape_hostile_text(
    run_cli: RunCli, hostile_plan: Path, actions: bool
) -> None:
    env = {"GITHUB_ACTIONS": "true"} if actions else {}
    args = ("checklist", "--plans", str(hostile_plan.parent), "-d", "HCTC", "--as-of", AS_OF)
    html = run_cli(*args, "--format", "html", env=env)
    assert html.exit_code == 0, html
    assert "<script>" not in html.stdout and "&lt;script&gt;alert(1)&lt;/script&gt;" in html.stdout
    assert "{{ 7*7 }}" in html.stdout and "49 T" not in html.stdout
    _assert_all_shown(html.stdout)
    markdown = run_cli(*args, "--format", "md", env=env)
    assert markdown.exit_code == 0, markdown
    assert "<script>" not in markdown.stdout
    assert "ống \\| dẫn" in markdown.stdout
    # a newline in a title does not end the list item: every tag is on a line of its item
    for line in markdown.stdout.splitlines():
        if "T09" in line:
            assert line.startswith("- [")
    _assert_all_shown(markdown.stdout)
    if actions:
        _assert_no_command_lines(html)
        _assert_no_command_lines(markdown)


def test_report_markdown_html_and_word_escape_hostile_text(
    run_cli: RunCli, hostile_plan: Path, tmp_path: Path
) -> None:
    args = ("report", "--annual", "--plans", str(hostile_plan.parent))
    markdown = run_cli(*args, "--format", "md", env={"GITHUB_ACTIONS": "true"})
    assert markdown.exit_code == 0, markdown
    assert "<script>" not in markdown.stdout
    _assert_no_command_lines(markdown)
    html = run_cli(*args, "--format", "html", "--output", "-")
    assert html.exit_code == 0, html
    assert "<script>alert" not in html.stdout
    word = tmp_path / "bao-cao.docx"
    result = run_cli(*args, "--format", "docx", "--output", str(word))
    assert result.exit_code == 0, result
    with zipfile.ZipFile(word) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert "<script>" not in xml
    assert "\x1b" not in xml


def test_calendar_escapes_hostile_text(run_cli: RunCli, hostile_plan: Path) -> None:
    result = run_cli(
        "calendar", "--plans", str(hostile_plan.parent), env={"GITHUB_ACTIONS": "true"}
    )
    assert result.exit_code == 0, result
    unfolded = result.stdout.replace("\r\n", "\n").replace("\n ", "")
    summaries = [line for line in unfolded.split("\n") if line.startswith("SUMMARY")]
    assert len(summaries) >= len(HOSTILE)
    assert any("a\\;b\\,c T31" in line for line in summaries)  # RFC 5545 TEXT escapes
    assert any("a\\n::warning::x T09" in line for line in summaries)  # newline as \n
    assert "\r" not in unfolded
    assert not UNSAFE.search(unfolded)  # RFC 5545 TEXT has no control characters
    assert any("\\x1b[31mđỏ T15" in line for line in summaries)  # shown escaped, not dropped
    _assert_no_command_lines(result)


# --- Width, lettering, the functions themselves -----------------------------------------------


@pytest.mark.parametrize("columns", ["0", "1", "-5", "abc"])
def test_status_prints_whatever_columns_says(
    run_cli: RunCli, minimal_plan: Path, columns: str
) -> None:
    result = run_cli(
        "status", "--plans", str(minimal_plan.parent), "--as-of", AS_OF, env={"COLUMNS": columns}
    )
    assert result.exit_code == 0, result
    assert "Theo tình trạng" in result.stdout
    assert "Theo đơn vị chủ trì" in result.stdout


def test_thirty_solutions_is_a_finding_not_a_crash(run_cli: RunCli, minimal_plan: Path) -> None:
    path = minimal_plan / "ke-hoach.yaml"
    letters = [*VIETNAMESE_LETTERS, *"zzzzzzz"]
    assert len(letters) == 30
    solutions = "".join(
        f"    - {{letter: {letter}, text: Giải pháp {n}.}}\n" for n, letter in enumerate(letters)
    )
    text = path.read_text(encoding="utf-8")
    start = text.index("  solutions:\n") + len("  solutions:\n")
    end = text.index("  organization:")
    path.write_text(text[:start] + solutions + text[end:], encoding="utf-8")
    result = run_cli("validate", str(minimal_plan), "--format", "json")
    assert result.exit_code == 1, result
    findings = json.loads(result.stdout)["findings"]
    assert [(f["rule"], f["line"]) for f in findings] == [("solution-count", 10 + 23)]
    assert "30 giải pháp" in findings[0]["message"]
    assert "a) đến y)" in findings[0]["message"]


def test_terminal_text_keeps_vietnamese_and_escapes_the_rest() -> None:
    vietnamese = "Nguyễn Thị Thanh Thủy — Đảng ủy, Ủy ban; ký hiệu “CCHC”"
    assert terminal_text(vietnamese) == vietnamese
    assert terminal_text("a\x1b[31mb\u202ec\x00\n") == "a\\x1b[31mb\\u202ec\\x00\n"
    assert terminal_text("a\nb", keep_newlines=False) == "a\\x0ab"


def test_workflow_safe_breaks_every_command_line_and_only_those() -> None:
    text = "ok: a::b\n  ::error::x\r::add-mask::s\nfoo ##[error]y\u2028::warning::z"
    safe = workflow_safe(text)
    assert safe.count("\n") == text.count("\n")
    assert "ok: a::b\n" in safe
    assert "::error" not in safe.replace("\\u003a:error", "")
    assert "##[" not in safe
    # JSON decodes the escapes back to the same text
    assert json.loads('"' + workflow_safe("##[x]") + '"') == "##[x]"


def test_csv_cell_follows_the_owasp_rule() -> None:
    from parplan.neutralise import csv_cell

    assert csv_cell("\t=1") == "'\\x09=1"
    assert csv_cell("\r=1") == "'\\x0d=1"
    assert csv_cell("  -2+3") == "'  -2+3"
    assert csv_cell("Báo cáo - quý I") == "Báo cáo - quý I"
    assert csv_cell(-3) == -3


def test_messages_of_the_command_line_escape_plan_text(
    run_cli: RunCli, hostile_plan: Path, tmp_path: Path
) -> None:
    """'Đã ghi danh sách việc của <unit name> vào <file>': the unit name is plan text."""
    written = tmp_path / "ds.md"
    result = run_cli(
        "checklist", "--plans", str(hostile_plan.parent), "-d", "HCTC", "--output", str(written)
    )
    assert result.exit_code == 0, result
    assert "Đã ghi danh sách việc của" in result.stdout
    assert not UNSAFE.search(result.stdout), result.stdout
    assert "\\x1b[31m" in result.stdout
