"""Parallel ``parplan update`` processes lose no change; a killed one never leaves a mixed file.

Real processes (the installed ``parplan`` script), so that the OS lock and the atomic rename are
what is tested. ``PARPLAN_UPDATE_REPEATS`` (50 by default) is how many times the eight parallel
updates run; ``PARPLAN_KILL_SEED`` replays the moments a kill test chose (it prints its seed).
"""

from __future__ import annotations

import os
import random
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.conftest import FIXTURES

PARPLAN = Path(sys.executable).parent / "parplan"
TASKS = ["T-1", *(f"T-{index}" for index in range(3, 10))]  # T-2 is periodic
REPEATS = int(os.environ.get("PARPLAN_UPDATE_REPEATS", "50"))
KILLS = int(os.environ.get("PARPLAN_KILL_REPEATS", "16"))

ONE_OFF = """\
  - id: {id}
    title: Nhiệm vụ {id}
    source: II.2.a
    criteria: [PAR 1]
    lead: HCTC
    deadline: 31/12/2022
    output: Sản phẩm
"""


def _plan(folder: Path) -> Path:
    """The minimal plan with eight one-off tasks (T-1, T-3 … T-9) in one file."""
    plan = folder / "plans" / "2022"
    shutil.copytree(FIXTURES / "minimal", plan)
    tasks = plan / "phu-luc.yaml"
    text = tasks.read_text(encoding="utf-8")
    body = text.replace("schema_version: 2\n", "")
    more = "".join(ONE_OFF.format(id=task) for task in TASKS[1:])
    tasks.write_text(body + more + "schema_version: 2\n", "utf-8")
    return plan


def _update(plan: Path, key: str, *change: str) -> subprocess.Popen[bytes]:
    what = change or ("--evidence", f"Văn bản số {key}", "--on", "03/10/2022")
    return subprocess.Popen(
        [str(PARPLAN), "update", key, "--plans", str(plan), *what],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _change(task: str) -> tuple[str, ...]:
    """Every other task is started with a note, the others get evidence: both kinds of write."""
    if int(task.removeprefix("T-")) % 2:
        return ("--evidence", f"Văn bản số {task}", "--on", "03/10/2022")
    return ("-s", "in_progress", "--note", f"Ghi chú của {task}", "--on", "04/10/2022")


def _expected(task: str) -> dict[str, Any]:
    if int(task.removeprefix("T-")) % 2:
        return {"evidence": [{"on": "03/10/2022", "text": f"Văn bản số {task}"}]}
    return {
        "started_on": "04/10/2022",
        "notes": [{"on": "04/10/2022", "text": f"Ghi chú của {task}"}],
    }


def _validate(plan: Path) -> None:
    check = subprocess.run(
        [str(PARPLAN), "validate", str(plan)], capture_output=True, timeout=120, check=False
    )
    assert check.returncode == 0, check.stdout.decode() + check.stderr.decode()


def test_parallel_updates_lose_no_change(tmp_path: Path) -> None:
    """Eight updates of eight tasks of one file at the same moment, ``REPEATS`` times: every
    process says it wrote, and every change is in the file, once, under its own task."""
    started = time.monotonic()
    for repeat in range(REPEATS):
        plan = _plan(tmp_path / f"run-{repeat}")
        processes = [_update(plan, task, *_change(task)) for task in TASKS]
        for task, process in zip(TASKS, processes, strict=True):
            out, err = process.communicate(timeout=120)
            assert process.returncode == 0, (repeat, task, out.decode(), err.decode())
            assert f"Đã ghi tiến độ của {task} vào" in out.decode(), (repeat, task, out.decode())
        data = YAML(typ="safe").load((plan / "phu-luc.yaml").read_text(encoding="utf-8"))
        progress = {task["id"]: task.get("progress") for task in data["tasks"]}
        lost = [task for task in TASKS if progress[task] != _expected(task)]
        assert lost == [], f"lần {repeat}: mất hoặc sai thay đổi của {lost}: {progress}"
        if repeat in (0, REPEATS - 1):
            _validate(plan)
        shutil.rmtree(plan.parent.parent)
    print(f"{REPEATS} lần × {len(TASKS)} tiến trình: {time.monotonic() - started:.1f} giây")


def test_parallel_updates_of_the_parts_of_one_task_lose_nothing(tmp_path: Path) -> None:
    work = ["GP-B-1", "GP-B-2", "GP-M@T10", "GP-A"]  # two parts of GP-B, a month, a task
    for repeat in range(max(1, REPEATS // 10)):
        plan = tmp_path / f"parts-{repeat}" / "plans" / "2022"
        shutil.copytree(FIXTURES / "parts-2022", plan)
        processes = [_update(plan, key) for key in work]
        for key, process in zip(work, processes, strict=True):
            out, err = process.communicate(timeout=120)
            assert process.returncode == 0, (key, out.decode(), err.decode())
            assert f"Đã ghi tiến độ của {key} vào" in out.decode()
        text = (plan / "phu-luc.yaml").read_text(encoding="utf-8")
        lost = [key for key in work if f"Văn bản số {key}" not in text]
        assert lost == [], f"lần {repeat}: mất thay đổi của {lost}"
        parts = YAML(typ="safe").load(text)["tasks"][0]["parts"]  # each under its own part
        assert [part["progress"]["evidence"] for part in parts] == [
            [{"on": "03/10/2022", "text": "Văn bản số GP-B-1"}],
            [{"on": "03/10/2022", "text": "Văn bản số GP-B-2"}],
        ]
        _validate(plan)


def _timed_update(plan: Path) -> float:
    """How long one whole update takes here now, from the start of the process to its exit."""
    started = time.monotonic()
    done = subprocess.run(
        [str(PARPLAN), "update", "T-1", "--plans", str(plan), "-s", "in_progress"],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    return time.monotonic() - started


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs kill -9")
def test_killed_update_leaves_the_old_file_or_the_new_one(tmp_path: Path) -> None:
    """kill -9 at random moments spread over an update's whole run (from before it reads to
    after it writes; a new seed each run, printed, ``PARPLAN_KILL_SEED`` replays it): the file
    is the old one or the new one, never a mix, and the next update works (no lock is left).

    Each attempt kills at a random moment of its own slice of twice the time an update took just
    before (the update after the previous kill), so that the moments cover the whole run even
    when the machine gets slower or faster meanwhile."""
    reference = _plan(tmp_path / "reference")
    duration = _timed_update(reference)
    new = (reference / "phu-luc.yaml").read_bytes()
    seed = int(os.environ.get("PARPLAN_KILL_SEED", secrets.randbits(32)))
    moments = random.Random(seed)
    outcomes = []
    for attempt in range(KILLS):
        delay = (attempt + moments.random()) * 2 * duration / KILLS
        plan = _plan(tmp_path / f"run-{attempt}")
        old = (plan / "phu-luc.yaml").read_bytes()
        assert old != new
        process = subprocess.Popen(
            [str(PARPLAN), "update", "T-1", "--plans", str(plan), "-s", "in_progress"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        after = (plan / "phu-luc.yaml").read_bytes()
        said = f"hạt giống {seed}, lần {attempt}, giết sau {delay:.3f} giây"
        assert after in (old, new), f"{said}: tệp lẫn cũ và mới"
        outcomes.append("new" if after == new else "old")
        # A later update works: no stale lock is left by the killed process.
        duration = _timed_update(plan)
        assert (plan / "phu-luc.yaml").read_bytes() == new, said
        shutil.rmtree(plan.parent.parent)
    # The moments really were spread over the run: some kills came before the write, some after.
    assert set(outcomes) == {"old", "new"}, f"hạt giống {seed}: {outcomes}"
    print(f"hạt giống {seed}: {outcomes}")
