"""The GitHub Action (action.yml), the shipped workflow that uses it, the example workflows of
examples/github/, and the province generator of the roll-up benchmark.

The Action's scripts are run here as the runner runs a composite action's steps: bash with
``-eo pipefail``, the step's ``env`` with its ``${{ }}`` expressions evaluated, the variables
GitHub gives (``GITHUB_ACTION_PATH``, ``GITHUB_STEP_SUMMARY``, ``GITHUB_WORKSPACE``, …), in a
shallow clone of a plan repository whose pull request is checked out, as actions/checkout leaves it.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import textwrap
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import typer.main
from ruamel.yaml import YAML

from parplan.cli import app
from parplan.formats import COMMAND_FORMATS
from parplan.loading import validate_paths

from .conftest import ROOT, SHIPPED_PLANS

sys.path.insert(0, str(ROOT / "benchmarks"))
from province import BIG_FILE_BYTES, generate_province

ACTION = ROOT / "action.yml"
SHIPPED_WORKFLOW = ROOT / ".github" / "workflows" / "plans.yml"
PLAN_CI = ROOT / "examples" / "github" / "plan-ci.yml"
PROVINCE_ROLLUP = ROOT / "examples" / "github" / "province-rollup.yml"
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def _load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def _steps(document: Any) -> Iterator[dict[str, Any]]:
    if "runs" in document:
        yield from document["runs"]["steps"]
    for job in document.get("jobs", {}).values():
        yield from job["steps"]


def _git(repository: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repository, check=True, capture_output=True, text=True
    ).stdout.strip()


# --- What the files say ---------------------------------------------------------------------------


def test_the_action_is_composite_with_its_inputs() -> None:
    action = _load(ACTION)
    assert action["runs"]["using"] == "composite"
    inputs = action["inputs"]
    assert {name: inputs[name]["default"] for name in inputs} == {
        "plans": "plans",
        "version": "",
        "python-version": "3.11",
        "diff": "true",
    }
    assert all(inputs[name]["description"] for name in inputs)
    uses = [step["uses"] for step in action["runs"]["steps"] if "uses" in step]
    assert uses == ["actions/setup-python@v5"]  # pinned by major version
    assert action["runs"]["steps"][0]["with"] == {"python-version": "${{ inputs.python-version }}"}
    # A composite action's run steps must name their shell; bash is what the tests run.
    assert all(step["shell"] == "bash" for step in action["runs"]["steps"] if "run" in step)


SCRIPTED = [ACTION, SHIPPED_WORKFLOW, PLAN_CI, PROVINCE_ROLLUP]


@pytest.mark.parametrize("path", SCRIPTED, ids=lambda path: path.name)
def test_no_expression_is_written_into_a_script(path: Path) -> None:
    """Inputs and event data reach scripts as environment variables only: an expression inside
    a script is pasted into the shell's text before bash reads it (script injection)."""
    for step in _steps(_load(path)):
        assert "${{" not in step.get("run", ""), step


def _parplan_calls(script: str) -> Iterator[list[str]]:
    """Each ``parplan …`` command of a script, up to a redirection, pipe or list operator."""
    for line in script.splitlines():
        words = shlex.split(line, comments=True)
        for start, word in enumerate(words):
            if word != "parplan":
                continue
            call = []
            for argument in words[start + 1 :]:
                if argument in {">", ">>", "|", "||", "&&", ";", "2>&1"}:
                    break
                call.append(argument)
            yield call


def _option_names(command: Any) -> dict[str, bool]:
    """The options of a command, each with whether it takes a value."""
    names: dict[str, bool] = {}
    for parameter in command.params:
        if parameter.param_type_name == "option":
            for name in [*parameter.opts, *parameter.secondary_opts]:
                names[name] = not parameter.is_flag
    return names


def _check_call(call: list[str]) -> None:
    group = typer.main.get_command(app)
    global_options = _option_names(group)
    if call == ["--version"]:
        return
    while call and call[0] in global_options:
        call = call[1:]
    assert call, "parplan without a command"
    name, arguments = call[0], call[1:]
    commands = group.commands  # type: ignore[attr-defined]
    assert name in commands, f"parplan has no command {name!r}"
    options = _option_names(commands[name])
    position = 0
    while position < len(arguments):
        argument = arguments[position]
        position += 1
        if argument == "--":
            break
        if not argument.startswith("-"):
            continue
        option, _, inline = argument.partition("=")
        assert option in options, f"parplan {name} has no option {option}"
        if options[option] and not inline:
            inline = arguments[position]
            position += 1
        if option == "--format":
            allowed = [member.value for member in COMMAND_FORMATS[name].choices]
            assert inline in allowed, f"parplan {name} has no format {inline}"


@pytest.mark.parametrize("path", SCRIPTED, ids=lambda path: path.name)
def test_every_parplan_command_of_the_scripts_exists(path: Path) -> None:
    calls = [call for step in _steps(_load(path)) for call in _parplan_calls(step.get("run", ""))]
    if path in (SHIPPED_WORKFLOW, PLAN_CI):
        assert calls == []  # they run the Action, nothing of their own
        return
    assert calls
    for call in calls:
        _check_call(call)


def test_the_command_check_catches_what_parplan_does_not_have() -> None:
    for wrong in (["valdiate", "plans"], ["diff", "--plan", "x"], ["diff", "--format", "docx"]):
        with pytest.raises(AssertionError):
            _check_call(wrong)
    _check_call(["--no-cache", "status", "--plans", "plans", "--format=json"])


def test_the_shipped_workflow_runs_the_action_of_this_repository() -> None:
    workflow = _load(SHIPPED_WORKFLOW)
    assert workflow["on"] == {"pull_request": {"paths": ["plans/**", "action.yml"]}}
    assert workflow["permissions"] == {"contents": "read"}
    steps = workflow["jobs"]["check"]["steps"]
    assert steps == [{"uses": "actions/checkout@v4"}, {"uses": "./"}]


def test_an_agency_uses_the_action_in_three_lines() -> None:
    text = PLAN_CI.read_text(encoding="utf-8")
    steps = text.split("    steps:\n", 1)[1]
    assert steps.splitlines() == [
        "      - uses: actions/checkout@v4",
        f"      - uses: <owner>/parplan@v{VERSION}",  # the tag pins parplan's version
    ]
    workflow = _load(PLAN_CI)
    assert workflow["on"] == {"pull_request": {"paths": ["plans/**"]}}
    assert workflow["permissions"] == {"contents": "read"}
    # The README shows the same lines.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)^ *```$", readme, re.MULTILINE | re.DOTALL)
    shown = [textwrap.dedent(block) for block in blocks if "actions/checkout" in block]
    assert shown == [textwrap.dedent("    steps:\n" + steps)]


def test_the_province_workflow_rolls_up_on_a_schedule_and_publishes_the_site() -> None:
    workflow = _load(PROVINCE_ROLLUP)
    assert set(workflow["on"]) == {"schedule", "workflow_dispatch"}
    assert re.fullmatch(r"[\d*,/-]+( [\d*,/-]+){4}", workflow["on"]["schedule"][0]["cron"])
    build, deploy = workflow["jobs"]["rollup"], workflow["jobs"]["deploy"]
    runs = [step.get("run", "") for step in build["steps"]]
    install = next(run for run in runs if "pip install" in run)
    assert f'"parplan @ git+https://github.com/<owner>/parplan@v{VERSION}"' in install
    assert 'parplan rollup tinh.yaml --format md >> "$GITHUB_STEP_SUMMARY"' in runs
    assert "parplan site --rollup tinh.yaml --out site" in runs
    rollup = next(step for step in build["steps"] if step.get("id") == "rollup")
    assert rollup["continue-on-error"] is True  # a failed agency still gets the site published
    assert {"uses": "actions/upload-pages-artifact@v3", "with": {"path": "site"}} in build["steps"]
    assert deploy["needs"] == "rollup"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"] == "actions/deploy-pages@v4"
    failed = deploy["steps"][1]
    assert failed["if"] == "${{ needs.rollup.outputs.rollup == 'failure' }}"
    assert build["outputs"]["rollup"] == "${{ steps.rollup.outcome }}"
    assert workflow["permissions"] == {"contents": "read"}


# --- The Action run as the runner runs it ---------------------------------------------------------


@dataclass
class StepRun:
    name: str
    returncode: int
    stdout: str
    stderr: str


def _evaluate(expression: str, context: Mapping[str, str]) -> str | bool:
    """The few expressions the Action uses: a context value, ``!cancelled()``, ``a == 'b'``,
    joined by ``&&``. Anything else fails the test: teach it the new expression first."""
    terms = [term.strip() for term in expression.split("&&")]
    if len(terms) > 1:
        return all(_evaluate(term, context) is True for term in terms)
    term = terms[0]
    if term == "!cancelled()":
        return True
    if match := re.fullmatch(r"([\w.-]+) == '([^']*)'", term):
        return context[match.group(1)] == match.group(2)
    assert term in context, f"the test cannot evaluate ${{{{ {term} }}}}"
    return context[term]


def _substitute(value: str, context: Mapping[str, str]) -> str:
    return re.sub(
        r"\$\{\{(.*?)\}\}", lambda match: str(_evaluate(match.group(1), context)), str(value)
    )


def run_action(
    workspace: Path,
    *,
    event: str = "pull_request",
    base: str = "",
    inputs: Mapping[str, str] | None = None,
    python: Path | None = None,
) -> list[StepRun]:
    """Run the Action's ``run`` steps in ``workspace``; setup-python is the test's own Python.
    ``python``: a folder whose ``python`` stands in for the interpreter of the install step."""
    action = _load(ACTION)
    given = {name: spec["default"] for name, spec in action["inputs"].items()}
    given.update(inputs or {})
    context = {f"inputs.{name}": value for name, value in given.items()}
    context |= {"github.event_name": event, "github.event.pull_request.base.sha": base}
    summary = workspace.parent / "summary.md"
    environment = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_ACTIONS": "true",
        "GITHUB_ACTION_PATH": str(ROOT),
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_EVENT_NAME": event,
    }
    environment.pop("PARPLAN_PLANS", None)
    runs: list[StepRun] = []
    failed = False
    for step in action["runs"]["steps"]:
        if "run" not in step:
            continue
        condition = step.get("if", "${{ success() }}")
        expression = condition.strip().removeprefix("${{").removesuffix("}}").strip()
        if "cancelled()" not in expression:  # no status function: success() is implied
            if failed:
                continue
            expression = expression.replace("success()", "").strip(" &") or "!cancelled()"
        if _evaluate(expression, context) is not True:
            continue
        env = {**environment, **{k: _substitute(v, context) for k, v in step["env"].items()}}
        if python is not None and step["name"] == "Cài parplan":
            env["PATH"] = f"{python}{os.pathsep}{env['PATH']}"
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=workspace,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        runs.append(StepRun(step["name"], done.returncode, done.stdout, done.stderr))
        failed = failed or done.returncode != 0
    return runs


@pytest.fixture
def origin(tmp_path: Path) -> Path:
    """A plan repository: the shipped plan on main, a pull-request branch ``pr`` made from it."""
    repo = tmp_path / "origin"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.email", "hctc@example.invalid")
    _git(repo, "config", "user.name", "Phòng HCTC")
    shutil.copytree(SHIPPED_PLANS, repo / "plans")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "Kế hoạch 2022")
    _git(repo, "checkout", "-q", "-b", "pr")
    return repo


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _pull_request(origin: Path, old: str, new: str, tmp_path: Path) -> tuple[Path, str]:
    """Commit an edit of phu-luc.yaml on ``pr``; check it out as actions/checkout does (one
    commit deep, the base commit absent). The workspace, and the base commit."""
    _edit(origin / "plans/2022/phu-luc.yaml", old, new)
    _git(origin, "commit", "-q", "-am", "Cập nhật tiến độ")
    workspace = tmp_path / "workspace"
    url = origin.as_uri()
    _git(tmp_path, "clone", "-q", "--depth", "1", "--branch", "pr", url, str(workspace))
    base = _git(origin, "rev-parse", "main")
    missing = subprocess.run(
        ["git", "cat-file", "-e", f"{base}^{{commit}}"],
        cwd=workspace,
        capture_output=True,
        check=False,
    )
    assert missing.returncode != 0  # the Action must fetch it
    return workspace, base


STARTED = (
    "    deadline: 31/12/2022\n    output: Văn bản đề xuất",
    "    deadline: 31/12/2022\n    progress: {started_on: 01/09/2022}\n    output: Văn bản đề xuất",
)


def test_a_valid_pull_request_gets_its_changes_in_the_summary(origin: Path, tmp_path: Path) -> None:
    workspace, base = _pull_request(origin, *STARTED, tmp_path)
    runs = run_action(workspace, base=base, python=_recording_python(tmp_path))
    assert [(run.name, run.returncode) for run in runs] == [
        ("Cài parplan", 0),
        ("Kiểm tra kế hoạch", 0),
        ("Thay đổi kế hoạch trong pull request", 0),
    ], runs
    assert "::" not in runs[1].stdout and runs[1].stdout.startswith("Hợp lệ:")
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert summary.startswith(f"### Thay đổi kế hoạch: {base} → bản đang sửa\n")
    assert "| `GP-B` | bắt đầu thực hiện ngày 01/09/2022 |" in summary, summary
    assert summary.endswith("1 thay đổi, 0 lỗi.\n")


def test_an_invalid_plan_is_annotated_on_its_line(origin: Path, tmp_path: Path) -> None:
    workspace, base = _pull_request(origin, "    lead: HCTC\n", "    lead: HCTX\n", tmp_path)
    runs = run_action(workspace, base=base, python=_recording_python(tmp_path))
    assert [(run.name, run.returncode) for run in runs] == [
        ("Cài parplan", 0),
        ("Kiểm tra kế hoạch", 1),
        ("Thay đổi kế hoạch trong pull request", 1),  # it runs, and cannot read the plan
    ]
    lines = (workspace / "plans/2022/phu-luc.yaml").read_text(encoding="utf-8").splitlines()
    line = lines.index("    lead: HCTX") + 1
    annotation = runs[1].stdout.splitlines()[0]
    assert annotation.startswith(
        f"::error file=plans/2022/phu-luc.yaml,line={line},col=11,title=parplan [unit-unknown]::"
    ), runs[1].stdout
    assert "đơn vị 'HCTX'" in annotation
    assert not (tmp_path / "summary.md").exists() or not (tmp_path / "summary.md").read_text()


def test_a_deadline_moved_without_an_extension_fails_the_diff(origin: Path, tmp_path: Path) -> None:
    workspace, base = _pull_request(
        origin, "deadline: 31/12/2022", "deadline: 30/11/2022", tmp_path
    )
    runs = run_action(workspace, base=base, python=_recording_python(tmp_path))
    assert [run.returncode for run in runs] == [0, 0, 1]
    assert "| ❌ lỗi | `GP-B` |" in (tmp_path / "summary.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("event", "inputs"),
    [("push", {}), ("pull_request", {"diff": "false"})],
    ids=["push", "diff-false"],
)
def test_no_diff_off_pull_requests_or_when_turned_off(
    origin: Path, tmp_path: Path, event: str, inputs: dict[str, str]
) -> None:
    workspace, base = _pull_request(
        origin, "deadline: 31/12/2022", "deadline: 30/11/2022", tmp_path
    )
    runs = run_action(
        workspace, event=event, base=base, inputs=inputs, python=_recording_python(tmp_path)
    )
    assert [(run.name, run.returncode) for run in runs] == [
        ("Cài parplan", 0),
        ("Kiểm tra kế hoạch", 0),
    ]
    assert not (tmp_path / "summary.md").exists()


def test_the_plans_input_names_another_folder(origin: Path, tmp_path: Path) -> None:
    _git(origin, "mv", "plans", "ke-hoach")
    _git(origin, "commit", "-q", "-m", "Đổi tên thư mục")
    _git(origin, "branch", "-f", "main", "pr")
    workspace, base = _renamed_pull_request(origin, tmp_path)
    runs = run_action(
        workspace, base=base, inputs={"plans": "ke-hoach"}, python=_recording_python(tmp_path)
    )
    assert [run.returncode for run in runs] == [0, 1, 1]
    assert runs[1].stdout.startswith("::error file=ke-hoach/2022/phu-luc.yaml,line=")


def _renamed_pull_request(origin: Path, tmp_path: Path) -> tuple[Path, str]:
    _edit(origin / "ke-hoach/2022/phu-luc.yaml", "    lead: HCTC\n", "    lead: HCTX\n")
    _git(origin, "commit", "-q", "-am", "Sai đơn vị")
    workspace = tmp_path / "workspace"
    _git(tmp_path, "clone", "-q", "--depth", "1", "--branch", "pr", origin.as_uri(), str(workspace))
    return workspace, _git(origin, "rev-parse", "main")


def test_a_base_that_is_not_a_commit_id_is_refused(origin: Path, tmp_path: Path) -> None:
    workspace, _ = _pull_request(origin, "deadline: 31/12/2022", "deadline: 30/11/2022", tmp_path)
    runs = run_action(workspace, base="main; touch pwned", python=_recording_python(tmp_path))
    assert runs[-1].returncode == 2
    assert runs[-1].stdout.startswith("::error title=parplan::không rõ phiên bản gốc")
    assert not (workspace / "pwned").exists()


# --- Installing parplan ---------------------------------------------------------------------------


def _recording_python(tmp_path: Path) -> Path:
    """A folder whose ``python`` records its arguments (one a line) instead of installing."""
    folder = tmp_path / "python-bin"
    folder.mkdir(exist_ok=True)
    python = folder / "python"
    python.write_text(
        f'#!/bin/sh\nprintf "%s\\n" "$@" > {shlex.quote(str(tmp_path / "pip-args"))}\n',
        encoding="utf-8",
    )
    python.chmod(0o755)
    return folder


@pytest.mark.parametrize(
    ("version", "installed"),
    [
        ("", str(ROOT)),
        (
            "parplan @ git+https://git.example.vn/vp/parplan@v0.2.0",
            "parplan @ git+https://git.example.vn/vp/parplan@v0.2.0",
        ),
    ],
    ids=["the-action-itself", "a-requirement"],
)
def test_parplan_is_installed_from_the_action_at_its_ref(
    tmp_path: Path, version: str, installed: str
) -> None:
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    runs = run_action(
        workspace, event="push", inputs={"version": version}, python=_recording_python(tmp_path)
    )
    assert runs[0].returncode == 0, runs[0]
    assert runs[0].stdout.strip() == f"parplan {VERSION}"  # `parplan --version` after installing
    arguments = (tmp_path / "pip-args").read_text(encoding="utf-8").splitlines()
    assert arguments == ["-m", "pip", "install", "--disable-pip-version-check", "--quiet", "--",
                         installed]  # fmt: skip


@pytest.mark.parametrize("version", ["--index-url=https://example.invalid/simple", "requests"])
def test_a_version_that_is_not_parplan_is_refused(tmp_path: Path, version: str) -> None:
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    runs = run_action(
        workspace, event="push", inputs={"version": version}, python=_recording_python(tmp_path)
    )
    assert runs[0].returncode == 2
    assert runs[0].stdout.startswith("::error title=parplan::version phải")
    assert not (tmp_path / "pip-args").exists()
    assert len(runs) == 1  # nothing runs after a failed step


# --- The province generator of the roll-up benchmark ---------------------------------------------


def _agencies(folder: Path) -> list[dict[str, Any]]:
    """The agencies of a generated ``tinh.yaml``, as read (the province file's own loader checks
    the rest: tests/test_rollup.py)."""
    document = _load(folder / "tinh.yaml")
    assert document["schema_version"] == 1
    assert set(document["province"]) == {"name", "office", "ranking", "agencies"}
    agencies: list[dict[str, Any]] = document["province"]["agencies"]
    assert all(set(agency) == {"code", "name", "kind", "plans"} for agency in agencies)
    return agencies


def test_the_generator_writes_a_province_of_git_repositories(tmp_path: Path) -> None:
    out = tmp_path / "tinh"
    generated = generate_province(33, 12, out, jobs=2)
    agencies = _agencies(out)
    codes = [agency["code"] for agency in agencies]
    assert codes == [agency.code for agency in generated]
    assert len(set(codes)) == 33 and len({a["name"].casefold() for a in agencies}) == 33
    assert {agency["kind"] for agency in agencies} == {
        "sở", "ban ngành", "văn phòng", "ủy ban nhân dân",
    }  # fmt: skip
    assert agencies[31]["code"] == "SNV-T002"  # past one province, the next
    texts = set()
    for agency in agencies:
        assert agency["plans"] == {"git": f"agencies/{agency['code']}", "ref": "main"}
        repository = out / agency["plans"]["git"]
        assert _git(repository, "rev-list", "--count", "main") == "1"
        assert _git(repository, "status", "--porcelain") == ""  # everything committed
        result, parts = validate_paths([repository / "plans"])
        assert result.findings == [] and len(parts[0].tasks) == 12
        texts.add(_git(repository, "rev-parse", "main:plans/2022/phu-luc"))
    assert len(texts) == 33  # each agency its own tasks


def test_the_generator_is_deterministic(tmp_path: Path) -> None:
    for name in ("a", "b"):
        generate_province(4, 10, tmp_path / name, jobs=1)
    heads = {
        name: [_git(tmp_path / name / "agencies" / code, "rev-parse", "main")
               for code in ("SNV", "STC", "SKHDT", "STP")]
        for name in ("a", "b")
    }  # fmt: skip
    assert heads["a"] == heads["b"]  # the same files, authors and dates: the same commits


def test_the_generator_writes_folders_and_three_broken_agencies(tmp_path: Path) -> None:
    out = tmp_path / "tinh"
    generate_province(6, 8, out, folders=True, broken=True)
    agencies = _agencies(out)
    assert all(set(agency["plans"]) == {"folder"} for agency in agencies)
    folders = [out / agency["plans"]["folder"] for agency in agencies]
    assert not any((folder.parent / ".git").exists() for folder in folders)
    for folder in folders[:3]:
        result, _ = validate_paths([folder])
        assert result.findings == []
    assert not folders[3].exists()  # missing
    invalid, _ = validate_paths([folders[4]])
    assert [finding.rule for finding in invalid.findings] == ["unit-unknown"]
    big = folders[5] / "2022" / "phu-luc" / "DINH-KEM.yaml"
    assert big.stat().st_size >= BIG_FILE_BYTES
    too_large, _ = validate_paths([folders[5]])
    assert [finding.rule for finding in too_large.findings] == ["file-too-large"]
    text = (out / "tinh.yaml").read_text(encoding="utf-8")
    assert text.count("# Hỏng có chủ ý (--broken)") == 3


def test_the_generator_command_line(tmp_path: Path) -> None:
    script = str(ROOT / "benchmarks" / "generate.py")
    out = tmp_path / "tinh"
    done = subprocess.run(
        [sys.executable, script, "--agencies", "3", "--tasks", "5", "--out", str(out)],
        check=False,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert len(_agencies(out)) == 3
    for wrong in (["--folders"], ["--agencies", "3", "--broken"], ["--agencies", "0"]):
        refused = subprocess.run(
            [sys.executable, script, "--tasks", "5", "--out", str(out), *wrong],
            check=False,
            capture_output=True,
            text=True,
        )
        assert refused.returncode == 2, wrong
