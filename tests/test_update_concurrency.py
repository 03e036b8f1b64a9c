"""Parallel ``parplan update`` processes lose no change; a killed one never leaves a mixed file.

Real processes (the installed ``parplan`` script), so that the OS lock and the atomic rename are
what is tested. ``PARPLAN_UPDATE_REPEATS`` runs the parallel test more times by hand.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.conftest import FIXTURES

PARPLAN = Path(sys.executable).parent / "parplan"
TASKS = ["T-1", *(f"T-{index}" for index in range(3, 10))]  # T-2 is periodic
REPEATS = int(os.environ.get("PARPLAN_UPDATE_REPEATS", "10"))

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


def _update(plan: Path, task: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(PARPLAN), "update", task, "--plans", str(plan), "--evidence", f"Văn bản số {task}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_parallel_updates_lose_no_change(tmp_path: Path) -> None:
    for repeat in range(REPEATS):
        plan = _plan(tmp_path / f"run-{repeat}")
        processes = [_update(plan, task) for task in TASKS]
        for task, process in zip(TASKS, processes, strict=True):
            out, err = process.communicate(timeout=120)
            assert process.returncode == 0, (task, out.decode(), err.decode())
        text = (plan / "phu-luc.yaml").read_text(encoding="utf-8")
        lost = [task for task in TASKS if f"Văn bản số {task}" not in text]
        assert lost == [], f"lần {repeat}: mất thay đổi của {lost}"
        check = subprocess.run(
            [str(PARPLAN), "validate", str(plan)], capture_output=True, timeout=120, check=False
        )
        assert check.returncode == 0, check.stderr.decode()


def test_parallel_updates_of_the_parts_of_one_task_lose_nothing(tmp_path: Path) -> None:
    work = ["GP-B-1", "GP-B-2", "GP-M@T10", "GP-A"]  # two parts of GP-B, a month, a task
    for repeat in range(max(1, REPEATS // 3)):
        plan = tmp_path / f"parts-{repeat}" / "plans" / "2022"
        shutil.copytree(FIXTURES / "parts-2022", plan)
        processes = [_update(plan, key) for key in work]
        for key, process in zip(work, processes, strict=True):
            out, err = process.communicate(timeout=120)
            assert process.returncode == 0, (key, out.decode(), err.decode())
        text = (plan / "phu-luc.yaml").read_text(encoding="utf-8")
        lost = [key for key in work if f"Văn bản số {key}" not in text]
        assert lost == [], f"lần {repeat}: mất thay đổi của {lost}"
        parts = YAML(typ="safe").load(text)["tasks"][0]["parts"]  # each under its own part
        assert [part["progress"]["evidence"] for part in parts] == [
            ["Văn bản số GP-B-1"],
            ["Văn bản số GP-B-2"],
        ]
        check = subprocess.run(
            [str(PARPLAN), "validate", str(plan)], capture_output=True, timeout=120, check=False
        )
        assert check.returncode == 0, check.stderr.decode()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs kill -9")
def test_killed_update_leaves_the_old_file_or_the_new_one(tmp_path: Path) -> None:
    reference = _plan(tmp_path / "reference")
    done = subprocess.run(
        [str(PARPLAN), "update", "T-1", "--plans", str(reference), "-s", "in_progress"],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    new = (reference / "phu-luc.yaml").read_bytes()
    random_delays = random.Random(20221231)
    outcomes = set()
    for attempt in range(12):
        plan = _plan(tmp_path / f"run-{attempt}")
        old = (plan / "phu-luc.yaml").read_bytes()
        assert old != new
        process = subprocess.Popen(
            [str(PARPLAN), "update", "T-1", "--plans", str(plan), "-s", "in_progress"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(random_delays.uniform(0.0, 1.2))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        after = (plan / "phu-luc.yaml").read_bytes()
        assert after in (old, new), f"lần {attempt}: tệp lẫn cũ và mới"
        outcomes.add(after == new)
        # A later update works: no stale lock is left by the killed process.
        again = subprocess.run(
            [str(PARPLAN), "update", "T-1", "--plans", str(plan), "-s", "in_progress"],
            capture_output=True,
            timeout=60,
            check=False,
        )
        assert again.returncode == 0, again.stderr.decode()
        assert (plan / "phu-luc.yaml").read_bytes() == new
