"""A cold run does only what its command needs, and each shortcut gives what the long way gives:
the console script registers only the command it runs, the plan's files are parsed by forked
workers while the models are imported, and the Vietnam calendar is loaded without the other
countries of the ``holidays`` package."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from parplan import cli
from parplan.forked import can_fork, started
from parplan.workdays import WorkCalendar

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate


def _imported(*arguments: str) -> tuple[str, list[str]]:
    """Standard output of the console script's ``main`` run with ``arguments``, and the modules
    imported by its end, in the order they were imported (``main`` ends the process with
    ``os._exit``: the list is written just before)."""
    script = (
        "import os, sys\n"
        f"sys.argv = ['parplan', *{list(arguments)!r}]\n"
        "end, parent = os._exit, os.getpid()\n"
        "def listed(code):\n"
        "    if os.getpid() == parent:  # not the workers that parse the files\n"
        "        sys.stdout.flush()\n"
        "        sys.stderr.write('\\n'.join(sys.modules) + '\\n')\n"
        "    end(code)\n"
        "os._exit = listed\n"
        "from parplan.cli import main\n"
        "main()\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    return run.stdout, run.stderr.splitlines()


def test_every_command_is_registered_by_the_module_the_table_names() -> None:
    from parplan.cli import app

    registered = [
        (command.name or command.callback.__name__, command.callback.__module__)
        for command in app.registered_commands
        if command.callback is not None
    ]
    table = [(name, f"parplan.cli.{module}") for name, module in cli.COMMANDS.items()]
    assert registered == table  # the same commands, modules and order (that of the help)


@pytest.mark.parametrize(
    ("arguments", "command"),
    [
        (["validate", "plans"], ["validate"]),
        (["--no-cache", "status", "--as-of", "2022-10-01"], ["status"]),
        (["--help", "validate"], []),
        (["-h"], []),
        ([], []),
        (["--version"], []),
    ],
)
def test_the_command_of_a_command_line(arguments: list[str], command: list[str]) -> None:
    assert cli.command_named(arguments) == command


def test_the_console_script_registers_only_the_command_it_runs(tmp_path: Path) -> None:
    generate(300, tmp_path / "plans")  # 177 KB: parsed by workers while the rest is imported
    output, modules = _imported("validate", str(tmp_path / "plans"))
    assert "Hợp lệ" in output
    commands = [module for module in modules if module.startswith("parplan.cli.commands_")]
    assert commands == ["parplan.cli.commands_plan"]
    # The files are read before the models are imported (so that workers may parse them
    # meanwhile), and the calendar of only one country is loaded.
    assert modules.index("parplan.plan_files") < modules.index("parplan.model")
    assert "holidays.countries.vietnam" in modules
    assert "holidays.countries" not in modules
    # Help and a command that does not exist see every command.
    output, modules = _imported("--help")
    assert all(f"  {name} " in output for name in cli.COMMANDS)
    assert sum(module.startswith("parplan.cli.commands_") for module in modules) == 11


def test_the_vietnam_calendar_is_the_packages() -> None:
    script = (
        "import sys\n"
        "from parplan.workdays import WorkCalendar\n"
        "days = {year: WorkCalendar().public_holidays(year) for year in range(2000, 2041)}\n"
        "print('holidays.countries' in sys.modules)\n"
        "from holidays.countries import Vietnam\n"
        "package = {y: dict(Vietnam(years=y, language='vi')) for y in range(2000, 2041)}\n"
        "print(days == package, sum(map(len, days.values())))\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    alone, same = run.stdout.splitlines()
    assert alone == "False"
    assert same.startswith("True") and int(same.split()[1]) > 400
    assert WorkCalendar().is_working_day(date(2022, 9, 2)) is False  # Quốc khánh


def test_loading_imports_neither_the_models_nor_pydantic() -> None:
    script = (
        "import sys\nimport parplan.loading\n"
        "print(sorted(m for m in ('parplan.model', 'pydantic', 'parplan.sections') "
        "if m in sys.modules))\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


# --- Work begun in forked processes -----------------------------------------------------------


def test_work_begun_in_workers_comes_back_in_order_while_this_process_goes_on(
    tmp_path: Path,
) -> None:
    if sys.platform.startswith("linux"):
        assert can_fork()
    here = os.getpid()
    go = tmp_path / "go"

    def waiting(index: int) -> tuple[int, int, bool]:
        """Made only once this process, past ``started``, says so (at most 10 s of waiting)."""
        for _ in range(1000):
            if go.exists():
                return index * index, os.getpid(), True
            time.sleep(0.01)
        return index * index, os.getpid(), False

    with started(waiting, 20, 2, weights=[1] * 20) as work:
        go.touch()  # ``started`` has returned while the work waits
        made = work.results()
    assert [value for value, _, _ in made] == [index * index for index in range(20)]
    assert all(said for _, _, said in made)
    assert here not in {pid for _, pid, _ in made} or not can_fork()
    assert len({pid for _, pid, _ in made}) == (2 if can_fork() else 1)


def test_the_heaviest_work_is_shared_out_first() -> None:
    weights = [100, 1, 1, 1, 1, 90, 1, 1]
    with started(lambda index: os.getpid(), 8, 2, weights=weights) as work:
        made = work.results()
    if can_fork():
        assert made[0] != made[5]  # the two heavy ones went to different workers
        # and the light ones to the one with less: 90 and six of 1 against 100.
        assert sorted(made.count(pid) for pid in set(made)) == [1, 7]


def test_a_workers_error_is_raised_here_and_a_killed_worker_is_made_up_for() -> None:
    def failing(index: int) -> int:
        if index == 7:
            raise ValueError(f"hỏng ở {index}")
        return index

    with pytest.raises(ValueError, match="hỏng ở 7"), started(failing, 10, 2) as work:
        work.results()

    parent = os.getpid()

    def killed(index: int) -> int:
        if index == 3 and os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return index

    with started(killed, 10, 2) as work:
        assert work.results() == list(range(10))


def test_leaving_before_the_results_stops_the_workers() -> None:
    pids: list[int] = []
    with pytest.raises(RuntimeError), started(lambda index: time.sleep(30), 4, 2) as work:
        pids = [worker.pid for worker in work._workers]
        raise RuntimeError("lỗi trong lúc chờ")
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # already reaped


def test_one_job_is_made_here_when_asked_for() -> None:
    calls: list[int] = []

    def made(index: int) -> int:
        calls.append(index)
        return index

    work = started(made, 3, 1)
    assert calls == []  # nothing made before the results are asked for
    assert work.results() == [0, 1, 2]
    assert calls == [0, 1, 2]


def test_workers_are_read_when_the_system_reaps_them(tmp_path: Path) -> None:
    """With SIGCHLD ignored (a supervisor may start parplan so), the system reaps the workers
    itself: their results are still taken, and validate of a plan parsed by workers succeeds."""
    generate(300, tmp_path / "plans")  # 177 KB: parsed by workers
    script = (
        "import signal, sys\n"
        "signal.signal(signal.SIGCHLD, signal.SIG_IGN)\n"
        "from parplan.forked import started\n"
        "with started(lambda index: index * index, 6, 2) as work:\n"
        "    assert work.results() == [index * index for index in range(6)]\n"
        f"sys.argv = ['parplan', 'validate', {str(tmp_path / 'plans')!r}]\n"
        "from parplan.cli import main\n"
        "main()\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], check=False, capture_output=True, text=True
    )
    assert (run.returncode, run.stderr) == (0, "")
    assert run.stdout.startswith("Hợp lệ")


def test_the_groups_options_take_no_value() -> None:
    """:func:`parplan.cli.command_named` takes the first argument that is not an option for the
    command: an option of the group taking a value would make that value the command."""
    from typer.main import get_command

    from parplan.cli import app

    group = get_command(app)
    assert all(getattr(option, "is_flag", False) for option in group.params)
    assert {name for option in group.params for name in option.opts} >= {"--version", "--no-cache"}


def test_a_small_plan_is_not_spread_over_every_core(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parplan import forked, plan_files
    from parplan.discovery import yaml_files_below

    generate(300, tmp_path / "plans")  # 177 KB
    files = yaml_files_below(tmp_path / "plans")
    jobs: list[int] = []

    def counted(make: Any, count: int, jobs_: int, weights: Any = ()) -> Any:
        jobs.append(jobs_)
        return started(make, count, jobs_, weights)

    monkeypatch.setattr(forked, "cores", lambda: 64)
    monkeypatch.setattr(plan_files, "started", counted)
    with plan_files.reading_sources(files) as reading:
        assert len(reading.results()) == len(files) > 2
    assert jobs == [2]  # one worker per 64 KB, not one per core
