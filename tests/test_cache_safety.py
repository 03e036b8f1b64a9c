"""The plan cache cannot run code, trusts only the user's own closed entries, prunes only its own
entries, never hangs or crashes on what it finds, and is keyed on every file of the plan."""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import ROOT, RunCli

ENTRY = re.compile(r"parplan-[0-9a-f]{64}\.json")
TITLE = "Nhiệm vụ một lần".encode()
FORGED = b"X" * len(TITLE)
"""A title of the same length in bytes: written over the real one inside a cache entry, it shows
in the output only if that entry was served."""
PARPLAN = Path(sys.executable).parent / "parplan"


def _cache() -> Path:
    return Path(os.environ["PARPLAN_CACHE_DIR"])


def _overdue(run_cli: RunCli, plans: Path, *extra: str) -> str:
    """``overdue --format json`` through the plan cache: the answer kept beside it (the answer
    cache, tested in test_answer_cache) is removed after each run."""
    result = run_cli(
        *extra, "overdue", "--plans", str(plans), "--as-of", "2023-01-31", "--format", "json"
    )
    _drop_answers()
    assert result.exit_code == 0, result
    return result.stdout


def _drop_answers() -> None:
    if "PARPLAN_CACHE_DIR" not in os.environ:
        return
    for entry in _cache().glob("parplan-*.json"):
        if entry.is_file() and not entry.is_symlink():
            with contextlib.suppress(ValueError):
                if json.loads(entry.read_bytes()).get("kind") == "answer":
                    entry.unlink()


def _titles(output: str) -> list[str]:
    return [str(row["title"]) for row in json.loads(output)]


def _files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.iterdir())


def _one_entry() -> Path:
    files = _files(_cache())
    assert [path.name for path in files if ENTRY.fullmatch(path.name)] == [
        path.name for path in files
    ]
    assert len(files) == 1, files
    return files[0]


def _forge(path: Path) -> None:
    """Change a task's title inside a stored entry, leaving it otherwise intact."""
    data = path.read_bytes()
    assert TITLE in data
    path.write_bytes(data.replace(TITLE, FORGED))


class _Payload:
    """A pickle that creates a marker file when loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Callable[..., object], tuple[object, ...]]:
        return (Path.touch, (self.marker,))


def _parplan(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real program in its own process, with a generous timeout as a guard against hangs."""
    return subprocess.run(
        [str(PARPLAN), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        check=False,
    )


# --- What an entry is ------------------------------------------------------------------------------


def test_entries_are_json_owner_only_in_an_owner_only_folder(
    run_cli: RunCli, minimal_plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "new" / "parplan"
    monkeypatch.setenv("PARPLAN_CACHE_DIR", str(folder))
    old_umask = os.umask(0)  # the modes must not depend on the user's umask
    try:
        _overdue(run_cli, minimal_plan)
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    entry = _one_entry()
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert isinstance(json.loads(entry.read_bytes()), dict)


# --- Hostile entries -------------------------------------------------------------------------------


def test_a_pickle_in_the_cache_folder_runs_no_code(
    run_cli: RunCli, minimal_plan: Path, tmp_path: Path
) -> None:
    first = _overdue(run_cli, minimal_plan)
    marker = tmp_path / "pwned"
    payload = pickle.dumps(_Payload(marker))
    for path in _files(_cache()):
        path.write_bytes(payload)
        path.with_suffix(".pickle").write_bytes(payload)
    assert _overdue(run_cli, minimal_plan) == first
    assert not marker.exists()


def _deeply_nested() -> bytes:
    return b"[" * 200_000 + b"]" * 200_000


def _huge() -> bytes:
    return b'{"key": "' + b"a" * (80 * 1024 * 1024) + b'"}'


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(lambda entry: b"[]", id="a list"),
        pytest.param(lambda entry: b"not json at all \x80", id="not json"),
        pytest.param(lambda entry: b'{"format": 2}', id="missing fields"),
        pytest.param(lambda entry: _deeply_nested(), id="deeply nested"),
        pytest.param(lambda entry: _huge(), id="huge"),
        pytest.param(
            lambda entry: json.dumps({**json.loads(entry), "key": "0" * 64}).encode(),
            id="another key",
        ),
        pytest.param(
            lambda entry: json.dumps({**json.loads(entry), "plan": {"tasks": 1}}).encode(),
            id="wrong plan shape",
        ),
    ],
)
def test_a_json_entry_of_the_wrong_shape_is_ignored(
    run_cli: RunCli, minimal_plan: Path, content: Callable[[bytes], bytes]
) -> None:
    first = _overdue(run_cli, minimal_plan)
    entry = _one_entry()
    entry.write_bytes(content(entry.read_bytes()))
    assert _overdue(run_cli, minimal_plan) == first
    assert _overdue(run_cli, minimal_plan) == first


def test_another_plans_entry_is_never_served(
    run_cli: RunCli, minimal_plan: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other" / "2022"
    shutil.copytree(minimal_plan, other)
    tasks = other / "phu-luc.yaml"
    tasks.write_text(
        tasks.read_text(encoding="utf-8").replace("Nhiệm vụ một lần", "Nhiệm vụ khác"),
        encoding="utf-8",
    )
    first = _overdue(run_cli, minimal_plan)
    mine = _one_entry()
    assert "Nhiệm vụ khác" in _titles(_overdue(run_cli, other))
    (theirs,) = [path for path in _files(_cache()) if path != mine]
    shutil.copyfile(theirs, mine)
    assert _overdue(run_cli, minimal_plan) == first


def test_an_entry_that_is_a_fifo_hangs_nothing(minimal_plan: Path) -> None:
    args = ("overdue", "--plans", str(minimal_plan), "--as-of", "2023-01-31", "--format", "json")
    first = _parplan(*args)
    assert first.returncode == 0, first.stderr
    for path in _files(_cache()):
        path.unlink()
        os.mkfifo(path)
    again = _parplan(*args)
    assert again.returncode == 0, again.stderr
    assert again.stdout == first.stdout


@pytest.mark.parametrize("target", ["/dev/zero", "outside"])
def test_an_entry_that_is_a_symlink_is_not_followed(
    run_cli: RunCli, minimal_plan: Path, tmp_path: Path, target: str
) -> None:
    first = _overdue(run_cli, minimal_plan)
    for path in _files(_cache()):
        destination = Path(target)
        if target == "outside":
            destination = tmp_path / "outside.json"
            shutil.copyfile(path, destination)
            _forge(destination)
        path.unlink()
        path.symlink_to(destination)
    assert _overdue(run_cli, minimal_plan) == first
    if target == "outside":
        assert TITLE not in (tmp_path / "outside.json").read_bytes()


def test_an_entry_that_is_a_folder_is_passed_over(run_cli: RunCli, minimal_plan: Path) -> None:
    first = _overdue(run_cli, minimal_plan)
    entry = _one_entry()
    entry.unlink()
    entry.mkdir()
    assert _overdue(run_cli, minimal_plan) == first
    assert _overdue(run_cli, minimal_plan) == first


@pytest.mark.parametrize("mode", [0o620, 0o602, 0o666])
def test_an_entry_others_could_write_is_ignored(
    run_cli: RunCli, minimal_plan: Path, mode: int
) -> None:
    first = _overdue(run_cli, minimal_plan)
    entry = _one_entry()
    _forge(entry)
    entry.chmod(mode)
    assert _overdue(run_cli, minimal_plan) == first


@pytest.mark.parametrize("mode", [0o770, 0o707, 0o777])
def test_a_cache_folder_others_could_write_is_not_trusted(
    run_cli: RunCli, minimal_plan: Path, mode: int
) -> None:
    first = _overdue(run_cli, minimal_plan)
    _forge(_one_entry())
    _cache().chmod(mode)
    assert _overdue(run_cli, minimal_plan) == first


def test_a_cache_folder_of_an_earlier_parplan_readable_by_others_is_still_used(
    run_cli: RunCli, minimal_plan: Path
) -> None:
    """Earlier versions created the folder 0755: no one else can plant an entry there."""
    _overdue(run_cli, minimal_plan)
    _forge(_one_entry())
    _cache().chmod(0o755)
    assert FORGED.decode() in _overdue(run_cli, minimal_plan)


# --- Pruning ---------------------------------------------------------------------------------------


def test_pruning_removes_only_parplans_own_entries(
    run_cli: RunCli, minimal_plan: Path, tmp_path: Path
) -> None:
    from parplan.cache import KEEP

    folder = _cache()
    outside = tmp_path / "precious.json"
    outside.write_text("{}", encoding="utf-8")
    mine = {
        "notes.pickle": b"user data",
        "x.json": b"{}",
        "parplan-foo.json": b"{}",
        f"parplan-{'a' * 64}.json.bak": b"{}",
        f"PARPLAN-{'b' * 64}.json": b"{}",
    }
    for name, data in mine.items():
        (folder / name).write_bytes(data)
    link = folder / f"parplan-{'c' * 64}.json"
    link.symlink_to(outside)
    for path in [*(folder / name for name in mine), link]:
        os.utime(path, (0, 0), follow_symlinks=False)
    for number in range(KEEP + 3):
        copy = tmp_path / f"copy-{number}" / "2022"
        shutil.copytree(minimal_plan, copy)
        _overdue(run_cli, copy)
    for name, data in mine.items():
        assert (folder / name).read_bytes() == data
    assert outside.read_text(encoding="utf-8") == "{}"
    entries = [path for path in _files(folder) if ENTRY.fullmatch(path.name)]
    assert len([path for path in entries if not path.is_symlink()]) <= KEEP


# --- Where the cache lives -------------------------------------------------------------------------


@pytest.mark.parametrize("variable", ["XDG_CACHE_HOME", "PARPLAN_CACHE_DIR"])
def test_a_relative_cache_folder_writes_nothing_into_the_working_copy(
    run_cli: RunCli,
    minimal_plan: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    variable: str,
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("PARPLAN_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv(variable, "rel-cache")
    for _ in range(2):
        result = run_cli("overdue", "--plans", str(minimal_plan), "--as-of", "2023-01-31", cwd=work)
        assert result.exit_code == 0, result
    assert list(work.iterdir()) == []


@pytest.mark.parametrize("error", [RuntimeError, KeyError])
def test_no_home_folder_means_no_cache_not_a_failure(
    run_cli: RunCli,
    minimal_plan: Path,
    monkeypatch: pytest.MonkeyPatch,
    error: type[Exception],
) -> None:
    def no_home(cls: type[Path]) -> Path:
        raise error("no home")

    monkeypatch.delenv("PARPLAN_CACHE_DIR")
    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("LOCALAPPDATA", raising=False)
    monkeypatch.setattr(Path, "home", classmethod(no_home))
    first = _overdue(run_cli, minimal_plan)
    assert _overdue(run_cli, minimal_plan) == first
    result = run_cli("status", "--plans", str(minimal_plan), "--as-of", "2022-09-30")
    assert result.exit_code == 0, result


def test_no_home_folder_in_a_real_process(minimal_plan: Path) -> None:
    env = {key: value for key, value in os.environ.items() if key not in ("HOME",)}
    env.pop("PARPLAN_CACHE_DIR")
    env["XDG_CACHE_HOME"] = "relative"
    result = subprocess.run(
        [str(PARPLAN), "status", "--plans", str(minimal_plan), "--as-of", "2022-09-30"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=minimal_plan.parent,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert not (minimal_plan.parent / "relative").exists()


# --- Keyed on every file of the plan ---------------------------------------------------------------

_EXTRA_TASK = (
    "tasks:\n  - id: T-3\n    title: Nhiệm vụ thêm\n    source: II.2.a\n    criteria: [PAR 1]\n"
    "    lead: HCTC\n    deadline: 2022-03-31\n    output: Sản phẩm\nschema_version: 2\n"
)


def test_plans_naming_one_file_sees_edits_of_the_other_files(
    run_cli: RunCli, minimal_plan: Path
) -> None:
    document = minimal_plan / "ke-hoach.yaml"
    assert "Nhiệm vụ một lần" in _titles(_overdue(run_cli, document))
    tasks = minimal_plan / "phu-luc.yaml"
    tasks.write_text(
        tasks.read_text(encoding="utf-8").replace("Nhiệm vụ một lần", "Nhiệm vụ đã sửa"),
        encoding="utf-8",
    )
    assert "Nhiệm vụ đã sửa" in _titles(_overdue(run_cli, document))
    (minimal_plan / "them.yaml").write_text(_EXTRA_TASK, encoding="utf-8")
    assert "Nhiệm vụ thêm" in _titles(_overdue(run_cli, document))


def test_a_subfolder_of_a_plan_sees_edits_of_the_plan_above(
    run_cli: RunCli, minimal_plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(minimal_plan.parent)  # the loader looks for the plan up to the current folder
    sub = minimal_plan / "phu-luc"
    sub.mkdir()
    (minimal_plan / "phu-luc.yaml").rename(sub / "phu-luc.yaml")
    _overdue(run_cli, sub, "--no-cache")
    first = _overdue(run_cli, sub)
    assert _overdue(run_cli, sub) == first
    tasks = sub / "phu-luc.yaml"
    tasks.write_text(
        tasks.read_text(encoding="utf-8").replace("Nhiệm vụ một lần", "Nhiệm vụ đã sửa"),
        encoding="utf-8",
    )
    assert "Nhiệm vụ đã sửa" in _titles(_overdue(run_cli, sub))
    (minimal_plan / "them.yaml").write_text(_EXTRA_TASK, encoding="utf-8")
    assert "Nhiệm vụ thêm" in _titles(_overdue(run_cli, sub))


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs /proc")
def test_an_unreadable_plan_file_is_a_finding_not_a_crash(
    run_cli: RunCli, minimal_plan: Path
) -> None:
    (minimal_plan / "hong.yaml").symlink_to("/proc/self/mem")
    for _ in range(2):
        result = run_cli("status", "--plans", str(minimal_plan), "--as-of", "2022-09-30")
        assert result.exit_code not in (0, 3), result
        assert "liên kết tượng trưng" in result.stdout + result.stderr


def test_the_shipped_plan_round_trips_through_the_cache(run_cli: RunCli) -> None:
    plans = ROOT / "plans"
    args = ("status", "--plans", str(plans), "--as-of", "2022-09-30", "--format", "json")
    cold = run_cli("--no-cache", *args)
    assert cold.exit_code == 0, cold
    assert run_cli(*args).stdout == cold.stdout  # read, kept: the plan and the answer
    assert run_cli(*args).stdout == cold.stdout  # the answer kept
    _drop_answers()
    assert run_cli(*args).stdout == cold.stdout  # the plan kept
    _drop_answers()
    _one_entry()


def test_plans_naming_one_file_sees_edits_in_subfolders_of_its_plan(
    run_cli: RunCli, minimal_plan: Path
) -> None:
    sub = minimal_plan / "phu-luc" / "quy"
    sub.mkdir(parents=True)
    tasks = sub / "phu-luc.yaml"
    (minimal_plan / "phu-luc.yaml").rename(tasks)
    document = minimal_plan / "ke-hoach.yaml"
    assert "Nhiệm vụ một lần" in _titles(_overdue(run_cli, document))
    tasks.write_text(
        tasks.read_text(encoding="utf-8").replace("Nhiệm vụ một lần", "Nhiệm vụ đã sửa"),
        encoding="utf-8",
    )
    assert "Nhiệm vụ đã sửa" in _titles(_overdue(run_cli, document))
    (sub / "them.yaml").write_text(_EXTRA_TASK, encoding="utf-8")
    assert "Nhiệm vụ thêm" in _titles(_overdue(run_cli, document))
