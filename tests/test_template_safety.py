"""Hostile and broken office templates: data only, confined files, bounded work, exit 1.

Every case puts templates in ``<plan folder>/templates/`` of a copy of the fixture plan and runs
the real commands that render them. A template fault ends in exit 1 with a Vietnamese message that
names the template, never a traceback, a hang, a file read from outside the templates folder into
the document, or a file written or deleted outside the output.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from parplan import template_rendering as rendering
from parplan.errors import EXIT_PROBLEMS, ParplanError, TemplateProblem
from parplan.loading import load_plan
from parplan.periods import Period
from parplan.template_rendering import render_template, template_data, templates_dir

from .conftest import FIXTURES, RunCli

SECRET = "BÍ-MẬT-7f3a9c"
AS_OF = "2022-12-20"

TEXT_TEMPLATES = (
    "report.md.j2",
    "report.html.j2",
    "checklist.md.j2",
    "checklist.html.j2",
    "site-index.html.j2",
    "site-unit.html.j2",
    "site-task.html.j2",
)


@dataclass
class Setting:
    plan: Path
    out: Path
    secret: Path
    templates: Path


@pytest.fixture
def setting(minimal_plan: Path, tmp_path: Path) -> Setting:
    secret = tmp_path / "secret.txt"
    secret.write_text(f"{SECRET}\n", encoding="utf-8")
    templates = minimal_plan / "templates"
    templates.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    return Setting(minimal_plan, out, secret, templates)


def _commands(setting: Setting, template: str) -> Iterator[tuple[str, ...]]:
    """The commands that render ``template`` (report.html.j2 also makes the site's reports)."""
    plans = ("--plans", str(setting.plan))
    out = setting.out
    stem = template.removesuffix(".j2")
    if stem.startswith("report."):
        fmt = stem.removeprefix("report.")
        yield ("report", *plans, "--quarter", "III", "--format", fmt, "--output", str(out / stem))
    if stem.startswith("checklist."):
        fmt = stem.removeprefix("checklist.")
        yield ("checklist", *plans, "-d", "hctc", "--as-of", AS_OF, "--format", fmt)
        (out / f"all-{fmt}").mkdir(exist_ok=True)
        yield ("checklist", *plans, "--all", "--as-of", AS_OF, "--format", fmt,
               "--out", str(out / f"all-{fmt}"))  # fmt: skip
    if stem.startswith("site-") or stem == "report.html":
        yield ("site", *plans, "--as-of", AS_OF, "--out", str(out / "site"))


def _snapshot(setting: Setting) -> dict[str, tuple[int, int]]:
    """Every file outside the output, with its size and modification time."""
    root = setting.plan.parent.parent
    found: dict[str, tuple[int, int]] = {}
    for folder, _, files in os.walk(root):
        if Path(folder).is_relative_to(setting.out):
            continue
        for name in files:
            path = Path(folder) / name
            info = path.lstat()
            found[str(path)] = (info.st_size, info.st_mtime_ns)
    return found


def _outputs(setting: Setting) -> str:
    texts = []
    for path in setting.out.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".docx":
                with zipfile.ZipFile(io.BytesIO(data)) as archive:
                    data = b"".join(archive.read(name) for name in archive.namelist())
            texts.append(data.decode("utf-8", "replace"))
    return "\n".join(texts)


def _assert_refused(
    run_cli: RunCli, setting: Setting, template: str, *forbidden: str, named: tuple[str, ...] = ()
) -> None:
    """Every command rendering ``template`` fails with exit 1 and a message naming it (or, for
    the site, which renders several, one of ``named``); nothing secret shows, nothing changes."""
    before = _snapshot(setting)
    commands = list(_commands(setting, template))
    assert commands
    for command in commands:
        result = run_cli(*command)
        assert result.exit_code == EXIT_PROBLEMS, (command, result)
        assert "Traceback" not in result.stderr + result.stdout
        assert "mẫu" in result.stderr, result
        assert any(name in result.stderr for name in (template, *named)), result
        for text in (SECRET, "root:x:0:0", *forbidden):
            assert text not in result.stdout + result.stderr + _outputs(setting)
    assert _snapshot(setting) == before, "a file outside the output was written or deleted"


HOSTILE = {
    "plan-folder": "{{ plan.folder }}",
    "report-class": "{{ report.__class__ }}",
    "mro": "{{ report.__class__.mro() }}",
    "str-mro": "{{ ''.__class__.__mro__ }}",
    "subclasses": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "globals": "{{ cycler.__init__.__globals__ }}",
    "joiner-globals": "{{ joiner.__init__.__globals__.os }}",
    "template-reference": "{{ self._TemplateReference__context }}",
    "namespace-init": "{{ namespace.__init__.__globals__ }}",
    "format-attribute": "{{ '{0.__class__.__init__.__globals__}'.format(report) }}",
    "lipsum": "{{ lipsum(10**6) }}",
    "divide-by-zero": "{{ 1/0 }}",
    "bad-format": "{{ 'a' % 5 }}",
    "bad-format-filter": "{{ 'a' | format(5) }}",
    "undefined": "{{ no_such_variable }}",
    "syntax": "{% for x in %}\n",
    "recursive-macro": "{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(0) }}",
    "append-do": "{% set x = [1] %}{{ x.append(1) }}",
    "dict-update": "{% set x = {} %}{{ x.update(a=1) }}",
    "include-outside": "{% include '../../secret.txt' %}",
    "include-absolute": "{% include '/etc/passwd' %}",
    "import-outside": "{% import '../../../secret.txt' as s %}",
    "extends-outside": "{% extends '../../secret.txt' %}",
    "huge-int": "{{ 10 ** (10 ** 10) }}",
    "huge-int-text": "{{ (10 ** 5000) | string }}",
    "vn-date-wrong-type": "{{ 'x' | vn_date }}",
}


@pytest.mark.parametrize("body", list(HOSTILE.values()), ids=list(HOSTILE))
@pytest.mark.parametrize("template", ["report.md.j2", "checklist.md.j2", "site-unit.html.j2"])
def test_hostile_templates_are_refused(
    run_cli: RunCli, setting: Setting, template: str, body: str
) -> None:
    (setting.templates / template).write_text(f"Đầu\n{body}\nCuối\n", encoding="utf-8")
    _assert_refused(run_cli, setting, template, "<class", "PosixPath", "__builtins__")


@pytest.mark.parametrize("template", TEXT_TEMPLATES)
def test_every_template_is_sandboxed(run_cli: RunCli, setting: Setting, template: str) -> None:
    (setting.templates / template).write_text(
        "{{ ''.__class__.__mro__[1].__subclasses__() }}", encoding="utf-8"
    )
    _assert_refused(run_cli, setting, template, "<class")


def test_symlinked_template_outside_the_folder_is_not_followed(
    run_cli: RunCli, setting: Setting
) -> None:
    for template in TEXT_TEMPLATES:
        (setting.templates / template).symlink_to(setting.secret)
    for template in ("report.md.j2", "checklist.html.j2", "site-index.html.j2"):
        _assert_refused(run_cli, setting, template, named=TEXT_TEMPLATES)


def test_symlink_to_etc_passwd_is_not_followed(run_cli: RunCli, setting: Setting) -> None:
    (setting.templates / "report.md.j2").symlink_to("/etc/passwd")
    _assert_refused(run_cli, setting, "report.md.j2")


def test_symlinked_include_is_not_followed(run_cli: RunCli, setting: Setting) -> None:
    (setting.templates / "part.j2").symlink_to(setting.secret)
    (setting.templates / "report.md.j2").write_text("{% include 'part.j2' %}", encoding="utf-8")
    _assert_refused(run_cli, setting, "report.md.j2")


def test_templates_folder_that_is_a_symlink_out_of_the_plan_is_refused(
    run_cli: RunCli, setting: Setting, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "report.md.j2").write_text("{% include 'secret.txt' %}", encoding="utf-8")
    (elsewhere / "secret.txt").symlink_to(setting.secret)
    setting.templates.rmdir()
    setting.templates.symlink_to(elsewhere)
    # The plan itself is refused first: a linked folder in a plan folder is a finding.
    before = _snapshot(setting)
    for command in _commands(setting, "report.md.j2"):
        result = run_cli(*command)
        assert result.exit_code == EXIT_PROBLEMS, (command, result)
        assert "templates" in result.stderr and "liên kết tượng trưng" in result.stderr, result
        assert SECRET not in result.stdout + result.stderr + _outputs(setting)
    assert _snapshot(setting) == before


def test_symlink_inside_the_folder_and_include_work(run_cli: RunCli, setting: Setting) -> None:
    (setting.templates / "part.j2").write_text("Phần {{ unit.code }}\n", encoding="utf-8")
    (setting.templates / "real.j2").write_text(
        "{% include 'part.j2' %}{% for i in range(3) %}{{ i }}{% endfor %}\n", encoding="utf-8"
    )
    (setting.templates / "checklist.md.j2").symlink_to("real.j2")
    result = run_cli("checklist", "--plans", str(setting.plan), "-d", "hctc", "--format", "md")
    assert result.exit_code == 0, result
    assert result.stdout == "Phần HCTC\n012"


def test_fifo_template_does_not_hang(setting: Setting) -> None:
    os.mkfifo(setting.templates / "report.md.j2")
    result = _subprocess(setting, "report", "--quarter", "III", "--format", "md", "--output", "-")
    assert result.returncode == EXIT_PROBLEMS, result
    assert "report.md.j2" in result.stderr and "Traceback" not in result.stderr


def test_template_larger_than_the_bound_is_refused(run_cli: RunCli, setting: Setting) -> None:
    (setting.templates / "report.md.j2").write_text(
        "x" * (rendering.MAX_TEMPLATE_BYTES + 1), encoding="utf-8"
    )
    _assert_refused(run_cli, setting, "report.md.j2")


def test_non_utf8_template_is_refused(run_cli: RunCli, setting: Setting) -> None:
    for template in ("report.md.j2", "checklist.md.j2", "site-unit.html.j2"):
        (setting.templates / template).write_bytes("Báo cáo {{ 1 }}\n".encode("cp1258"))
        _assert_refused(run_cli, setting, template)


def _subprocess(setting: Setting, *args: str) -> subprocess.CompletedProcess[str]:
    """parplan in its own process, so a runaway template cannot hang the test run."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("PARPLAN_PLANS", None)
    return subprocess.run(
        [sys.executable, "-m", "parplan", *args[:1], "--plans", str(setting.plan), *args[1:]],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env=env,
        cwd=setting.out,
        check=False,
    )


RUNAWAY = {
    "nested-range": "{% for i in range(99999) %}{% for j in range(99999) %}{{ i }}{% endfor %}"
    "{% endfor %}",
    "nested-small-ranges": "{% for i in range(100) %}{% for j in range(100) %}"
    "{% for k in range(100) %}.{% endfor %}{% endfor %}{% endfor %}",
    "big-range": "{{ range(10**9) | list | length }}",
    "nested-literal-loops": "{% set x = [0,1,2,3,4,5,6,7,8,9] * 10 %}"
    + "{% for a in x %}" * 8
    + "{% endfor %}" * 8,
    "string-times": "{{ 'a' * 10**10 }}",
    "list-times": "{{ ([1] * 10**10) | length }}",
    "string-doubling": "{% set ns = namespace(s='x' * 1000) %}{% for i in range(60) %}"
    "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s | length }}",
    "string-plus": "{% set ns = namespace(s='x' * 1000) %}{% for i in range(60) %}"
    "{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s | length }}",
    "huge-output": "{% for i in range(1000) %}{{ 'x' * 1000000 }}{% endfor %}",
    "center": "{{ 'a' | center(10**10) }}",
    "method-center": "{{ 'a'.center(10**10) }}",
    "ljust": "{{ 'a'.ljust(10**10) }}",
    "format-width": "{{ '%10000000000d' % 1 }}",
    "format-star": "{{ '%*d' % (10**10, 1) }}",
    "str-format-width": "{{ '{:>10000000000}'.format(1) }}",
    "replace-square": "{% set s = 'x' * 100000 %}{{ s.replace('', s) | length }}",
    "replace-filter": "{% set s = 'x' * 100000 %}{{ s | replace('', s) | length }}",
    "indent": "{{ 'a\nb' | indent(10**10) }}",
    "join": "{% set s = 'x' * 1000000 %}{{ ([s] * 100000) | join | length }}",
    "batch-fill": "{{ [1] | batch(10**10, 0) | list | length }}",
    "slice-many": "{{ [1] | slice(10**10) | list | length }}",
    "recursive-loop": "{% for x in [1, 2] recursive %}{{ loop([1, 2]) }}{% endfor %}",
    "fanout-macro": "{% macro m(n) %}{% if n < 40 %}{{ m(n + 1) }}{{ m(n + 1) }}{% endif %}"
    "{% endmacro %}{{ m(0) }}",
    # filters and tests spend from the budget and look at the clock on every call
    "title-loop": '{% set s = "ab " * 3000000 %}{% for i in range(100) %}{{ (s|title)|length }}'
    "{% endfor %}",
    "pprint-loop": "{% set a = [[1] * 1000] * 1000 %}{% for i in range(10) %}"
    "{{ (a|pprint)|length }}{% endfor %}",
    "map-loop": "{% for i in range(100) %}{{ ([1] * 1000000)|map('abs')|list|length }}{% endfor %}",
    "select-loop": "{% for i in range(100) %}{{ ([1] * 1000000)|select('odd')|list|length }}"
    "{% endfor %}",
    "urlize-target": "{{ ('a.co ' * 100000)|urlize(target='x' * 1000000)|length }}",
    "truncate-leeway": "{{ 'abc'|truncate(5, leeway=-1) }}",
    # widths of every printf and brace spec, all together
    "percent-many": "{{ ('%9999d' * 100000 % ((1,) * 100000))|length }}",
    # a nested value shared many times, turned into text
    "nested-output": "{{ [[1] * 1000000] * 1000000 }}",
    "nested-string": "{{ ([[1] * 1000000] * 1000000)|string|length }}",
    "nested-concat": "{{ (([['x'] * 1000000] * 1000000) ~ '')|length }}",
    "nested-tojson": "{{ ([[1] * 1000000] * 1000000)|tojson|length }}",
    "nested-percent": "{{ ('%s' % ([[1] * 1000000] * 1000000,))|length }}",
    "nested-format": "{{ '{}'.format([[1] * 1000000] * 1000000)|length }}",
    "nested-join": "{{ [[[1] * 1000000] * 1000000]|join|length }}",
    "namespace-doubling": "{% set ns = namespace(l=[1]) %}{% for i in range(40) %}"
    "{% set ns.l = [ns.l, ns.l] %}{% endfor %}{{ ns }}",
}


@pytest.mark.parametrize("body", list(RUNAWAY.values()), ids=list(RUNAWAY))
def test_runaway_templates_stop_within_the_budget(setting: Setting, body: str) -> None:
    (setting.templates / "report.md.j2").write_text(body, encoding="utf-8")
    result = _subprocess(setting, "report", "--quarter", "III", "--format", "md", "--output", "-")
    assert result.returncode == EXIT_PROBLEMS, result
    assert "report.md.j2" in result.stderr and "Traceback" not in result.stderr
    assert "MemoryError" not in result.stderr, "bounded before allocating, not after"
    assert "AssertionError" not in result.stderr, "a clean message, not Jinja's assertion"
    assert result.stdout == ""


def test_runaway_checklist_and_site_templates_stop(setting: Setting) -> None:
    body = "{% set x = [0,1,2,3,4,5,6,7,8,9] * 10 %}" + "{% for a in x %}" * 8 + "{% endfor %}" * 8
    (setting.templates / "checklist.html.j2").write_text(body, encoding="utf-8")
    (setting.templates / "site-task.html.j2").write_text(body, encoding="utf-8")
    result = _subprocess(setting, "checklist", "-d", "hctc", "--format", "html")
    assert result.returncode == EXIT_PROBLEMS and "checklist.html.j2" in result.stderr, result
    result = _subprocess(setting, "site", "--as-of", AS_OF, "--out", str(setting.out / "site"))
    assert result.returncode == EXIT_PROBLEMS and "site-task.html.j2" in result.stderr, result


# --- Word templates --------------------------------------------------------------------------------


def _docx_with(template: str, old: str, new: str) -> bytes:
    """The package's Word template with one Jinja tag of its body replaced."""
    source = zipfile.ZipFile(templates_dir() / template)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                assert old in text
                data = text.replace(old, new, 1).encode("utf-8")
            target.writestr(info, data)
    return buffer.getvalue()


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _docx_commands(setting: Setting, template: str) -> list[tuple[str, ...]]:
    plans = ("--plans", str(setting.plan))
    if template == "report.docx":
        return [
            ("report", *plans, "--quarter", "III", "--format", "docx", "--output",
             str(setting.out / "r.docx")),
        ]  # fmt: skip
    (setting.out / "all").mkdir(exist_ok=True)
    return [
        ("checklist", *plans, "-d", "hctc", "--format", "docx", "--output",
         str(setting.out / "c.docx")),
        ("checklist", *plans, "--all", "--format", "docx", "--out", str(setting.out / "all")),
    ]  # fmt: skip


def _assert_docx_refused(run_cli: RunCli, setting: Setting, template: str) -> None:
    before = _snapshot(setting)
    for command in _docx_commands(setting, template):
        result = run_cli(*command)
        assert result.exit_code == EXIT_PROBLEMS, (command, result)
        assert template in result.stderr and "mẫu" in result.stderr, result
        assert "Traceback" not in result.stderr
        assert SECRET not in _outputs(setting)
    assert _snapshot(setting) == before


TAGS = {"report.docx": "{{ r.document_type }}", "checklist.docx": "{{ unit.code }}"}
BROKEN_DOCX: dict[str, Any] = {
    "random-bytes": lambda _: os.urandom(4096),
    "empty": lambda _: b"",
    "zip-without-document": lambda _: _zip({"[Content_Types].xml": b"<Types/>"}),
    "zip-with-garbage-xml": lambda t: _docx_with(t, TAGS[t], "</w:t></w:r></w:p></w:body>"),
    "hostile-tag": lambda t: _docx_with(t, TAGS[t], "{{ ''.__class__.__mro__[1].__subclasses__() }}"),
    "format-attribute": lambda t: _docx_with(t, TAGS[t], "{{ '{0.__class__}'.format(plan) }}"),
    "divide-by-zero": lambda t: _docx_with(t, TAGS[t], "{{ 1/0 }}"),
    "bad-format": lambda t: _docx_with(t, TAGS[t], "{{ 'a' % 5 }}"),
    "syntax": lambda t: _docx_with(t, TAGS[t], "{{ 1 + }}"),
    "undefined": lambda t: _docx_with(t, TAGS[t], "{{ no_such_variable }}"),
    "include-outside": lambda t: _docx_with(t, TAGS[t], "{% include '../../secret.txt' %}"),
    "append": lambda t: _docx_with(t, TAGS[t], "{{ [1].append(2) }}"),
    "nested-range": lambda t: _docx_with(
        t, TAGS[t], "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}"
    ),
    "string-times": lambda t: _docx_with(t, TAGS[t], "{{ 'a' * 10**10 }}"),
    "lipsum": lambda t: _docx_with(t, TAGS[t], "{{ lipsum(10**6) }}"),
}  # fmt: skip


@pytest.mark.parametrize("make", list(BROKEN_DOCX.values()), ids=list(BROKEN_DOCX))
@pytest.mark.parametrize("template", ["report.docx", "checklist.docx"])
def test_broken_or_hostile_word_templates_are_refused(
    run_cli: RunCli, setting: Setting, template: str, make: Any
) -> None:
    (setting.templates / template).write_bytes(make(template))
    _assert_docx_refused(run_cli, setting, template)


def test_word_template_symlinked_outside_is_refused(
    run_cli: RunCli, setting: Setting, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.docx"
    outside.write_bytes((templates_dir() / "report.docx").read_bytes())
    (setting.templates / "report.docx").symlink_to(outside)
    _assert_docx_refused(run_cli, setting, "report.docx")


def test_word_template_that_is_a_fifo_does_not_hang(setting: Setting) -> None:
    os.mkfifo(setting.templates / "report.docx")
    result = _subprocess(
        setting, "report", "--quarter", "III", "--format", "docx", "--output",
        str(setting.out / "r.docx"),
    )  # fmt: skip
    assert result.returncode == EXIT_PROBLEMS and "report.docx" in result.stderr, result


def test_word_template_zip_bomb_is_refused(run_cli: RunCli, setting: Setting) -> None:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/document.xml", "w") as member,
    ):
        for _ in range(300):
            member.write(b" " * 1_000_000)
    (setting.templates / "report.docx").write_bytes(buffer.getvalue())
    _assert_docx_refused(run_cli, setting, "report.docx")


def test_office_word_template_still_renders(run_cli: RunCli, setting: Setting) -> None:
    (setting.templates / "checklist.docx").write_bytes(
        _docx_with("checklist.docx", "{{ unit.code }}", "{{ unit.code }}-{{ range(3) | join }}")
    )
    target = setting.out / "c.docx"
    result = run_cli(
        "checklist", "--plans", str(setting.plan), "-d", "hctc", "--format", "docx",
        "--output", str(target),
    )  # fmt: skip
    assert result.exit_code == 0, result
    assert "HCTC-012" in zipfile.ZipFile(target).read("word/document.xml").decode("utf-8")


# --- Templates see plain data only -----------------------------------------------------------------

PLAIN = (str, int, float, bool, type(None), date, datetime)


def _walk(value: object, where: str) -> Iterator[tuple[str, object]]:
    if type(value) in (list, tuple):
        assert isinstance(value, list | tuple)
        for index, item in enumerate(value):
            yield from _walk(item, f"{where}[{index}]")
    elif type(value) is dict:
        assert isinstance(value, dict)
        for key, item in value.items():
            assert type(key) is str, f"{where}: key {key!r}"
            yield from _walk(item, f"{where}.{key}")
    else:
        yield where, value


def _assert_plain(context: object) -> None:
    leaves = list(_walk(context, "context"))
    assert leaves
    for where, leaf in leaves:
        assert type(leaf) in PLAIN, f"{where} is {type(leaf).__name__}, not plain data"


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every context the renderers are handed, before it is checked."""
    seen: list[object] = []
    original = rendering.template_data

    def spy(value: object) -> Any:
        seen.append(value)
        return original(value)

    monkeypatch.setattr(rendering, "template_data", spy)
    return seen


def test_report_checklist_and_site_contexts_are_plain_data(
    run_cli: RunCli, captured: list[object], tmp_path: Path
) -> None:
    plans = str(FIXTURES / "progress-2022")
    out = tmp_path / "out"
    out.mkdir()
    runs = [
        ("report", "--plans", plans, "--quarter", "III", "--format", "md", "--output", "-"),
        ("report", "--plans", plans, "--quarter", "III", "--format", "docx", "--output",
         str(out / "r.docx")),
        ("checklist", "--plans", plans, "-d", "hctc", "--as-of", AS_OF, "--format", "html"),
        ("checklist", "--plans", plans, "-d", "hctc", "--as-of", AS_OF, "--format", "docx",
         "--output", str(out / "c.docx")),
        ("site", "--plans", plans, "--as-of", AS_OF, "--out", str(out / "site")),
    ]  # fmt: skip
    for command in runs:
        before = len(captured)
        result = run_cli(*command)
        assert result.exit_code == 0, result
        assert len(captured) > before, command
    for context in captured:
        _assert_plain(context)
    keys = {key for context in captured if isinstance(context, dict) for key in context}
    assert {"report", "plan", "unit", "task", "leads", "headline", "occurrences"} <= keys


def test_template_data_refuses_objects_with_methods() -> None:
    plan = load_plan(FIXTURES / "minimal")
    for value in (
        Path("/"),
        plan,
        plan.document,
        Period.Q1,
        {"nested": [{"path": Path("/etc")}]},
        {1: "key that is not text"},
        object(),
        open,
        b"bytes",
    ):
        with pytest.raises(TypeError):
            template_data({"value": value})
    data = {"a": [1, 2.5, True, None, "x", date(2022, 1, 1)], "b": ({"c": "d"},)}
    assert template_data(data) == data


def test_render_template_refuses_a_path_in_the_context() -> None:
    with pytest.raises(TypeError):
        render_template("report.md.j2", {"report": {"folder": Path("/")}})


def test_template_problem_exits_with_1() -> None:
    problem = TemplateProblem("mẫu x.j2: lỗi")
    assert isinstance(problem, ParplanError) and problem.exit_code == EXIT_PROBLEMS


# --- Work before Jinja, totals and depth -----------------------------------------------------------


def _docx_subprocess(setting: Setting, timeout: float) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("PARPLAN_PLANS", None)
    return subprocess.run(
        [sys.executable, "-m", "parplan", "report", "--plans", str(setting.plan), "--quarter",
         "III", "--format", "docx", "--output", str(setting.out / "r.docx")],
        capture_output=True, text=True, encoding="utf-8", timeout=timeout, env=env,
        cwd=setting.out, check=False,
    )  # fmt: skip


WORD_RUNAWAY = {
    # docxtpl's lazy regexes are quadratic in the tags of a part, before Jinja runs
    "unclosed-tags": "<w:p><w:r><w:t>" + "{{r " * 60_000 + "</w:t></w:r></w:p></w:body>",
    # 20 MB of tags in a small file: compiled before the first step of the budget
    "huge-part": ("<w:p><w:r><w:t>" + "{{1}}" * 20_000 + "</w:t></w:r></w:p>") * 200 + "</w:body>",
}


@pytest.mark.parametrize("body", list(WORD_RUNAWAY.values()), ids=list(WORD_RUNAWAY))
def test_word_template_with_too_much_to_patch_is_refused_quickly(
    setting: Setting, body: str
) -> None:
    (setting.templates / "report.docx").write_bytes(_docx_with("report.docx", "</w:body>", body))
    result = _docx_subprocess(setting, timeout=30)
    assert result.returncode == EXIT_PROBLEMS, result
    assert "report.docx" in result.stderr and "Traceback" not in result.stderr
    assert not (setting.out / "r.docx").exists()


def test_shipped_word_templates_are_within_the_part_limits(
    run_cli: RunCli, setting: Setting
) -> None:
    for template in ("report.docx", "checklist.docx"):
        for command in _docx_commands(setting, template):
            assert run_cli(*command).exit_code == 0, command


def _limited_subprocess(setting: Setting, body: str) -> subprocess.CompletedProcess[str]:
    """A text template rendered in its own process, with at most 2 GB of address space."""
    (setting.templates / "report.md.j2").write_text(body, encoding="utf-8")
    code = (
        "import resource, runpy, sys; "
        "resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30)); "
        "sys.argv = ['parplan'] + sys.argv[1:]; runpy.run_module('parplan', run_name='__main__')"
    )
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("PARPLAN_PLANS", None)
    return subprocess.run(
        [sys.executable, "-c", code, "report", "--plans", str(setting.plan), "--quarter", "III",
         "--format", "md", "--output", "-"],
        capture_output=True, text=True, encoding="utf-8", timeout=60, env=env, cwd=setting.out,
        check=False,
    )  # fmt: skip


BLOCK_SET_TOTALS = (
    '{% set a = "😀" * 9000000 %}{% set b %}{{a}}{{a}}{{a}}{{a}}{{a}}{% endset %}{{ b|length }}'
    "{% set ns = namespace(l=[]) %}{% for i in range(30) %}{% set t %}{{ b }}{{ i }}{% endset %}"
    "{% set ns.l = ns.l + [t] %}{% endfor %}"
)
DEEP_TUPLE = (
    '{% set ns = namespace(t=()) %}{% set s = "x" * 600 %}{% for i in s %}{% for j in s %}'
    "{% set ns.t = (ns.t,) %}{% endfor %}{% endfor %}{% set d = {ns.t: 1} %}done"
)


@pytest.mark.parametrize("body", [BLOCK_SET_TOTALS, DEEP_TUPLE], ids=["block-set", "deep-tuple"])
def test_block_sets_and_namespace_values_are_bounded(setting: Setting, body: str) -> None:
    result = _limited_subprocess(setting, body)
    assert result.returncode == EXIT_PROBLEMS, result
    assert "report.md.j2" in result.stderr and "vượt giới hạn an toàn" in result.stderr, result
    assert result.stdout == ""


def test_many_block_sets_are_bounded_in_total(setting: Setting) -> None:
    """Each piece within the value bound, the document's total made refused past its bound."""
    body = (
        '{% set a = "x" * 9000000 %}{% for i in range(100) %}{% set t %}{{ a }}{{ i }}{% endset %}'
        "{{ t|length }}{% endfor %}"
    )
    result = _limited_subprocess(setting, body)
    assert result.returncode == EXIT_PROBLEMS, result
    assert "report.md.j2" in result.stderr and "vượt giới hạn an toàn" in result.stderr, result
