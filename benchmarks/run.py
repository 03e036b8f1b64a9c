"""Time parplan as a person runs it: a new process per run, wall time and peak memory.

    python benchmarks/run.py [--sizes 100 1000 10000 100000] [--runs 5] [--big-runs 1] [--quick]

Prints one Markdown table, headed by the machine (cores, processor, Python) and the date: for the
shipped plan and for generated plans of each size (``benchmarks/generate.py``), the median and best
wall time of several cold-process runs and the peak memory (maximum resident set size) of each
command. "first" runs bypass the cache (``--no-cache``); "again" runs find it warm (one run not
measured fills it first: the plan, and the answer of ``status``/``overdue`` in JSON). Sizes from
100,000 tasks up run each command ``--big-runs`` times (once by default) to keep the run short.

The peers, on the same files or the same tasks, measured in the same run:

- check-jsonschema validating the plan files against parplan's own schema (``validate`` rows);
- Taskwarrior (``task overdue``, ``task export``) on the plan's occurrences imported into a fresh
  data folder (sizes up to 10,000), found on PATH, or installed with ``apt-get install -y
  taskwarrior`` when running as root where apt exists; otherwise the table says it was skipped.

A second table gives the ratios the targets of issue 19 read: parplan against its peers, and each
command's growth from 10,000 to 100,000 tasks. ``--quick`` (the test suite's smoke run) leaves out
the shipped plan's rows and installs nothing.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PARPLAN = str(BIN / "parplan")
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate  # noqa: E402

AS_OF = "2022-10-01"
BIG = 100_000
"""From this size on, each command runs ``--big-runs`` times."""
TASKWARRIOR_UP_TO = 10_000
"""The largest size Taskwarrior is compared at (its import of 100,000 tasks takes long)."""
NO_TASKWARRIOR = "Taskwarrior không có trên máy: bỏ qua so sánh"

_MEASURE = """
import resource, subprocess, sys, time, json
started = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
elapsed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps([elapsed, peak, done.returncode, done.stderr.decode(errors="replace")[-300:]]))
"""


@dataclass(frozen=True)
class Row:
    size: str
    label: str
    median: float
    best: float
    peak: float


def _one(command: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    output = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout
    elapsed, rss_kb, code, stderr = json.loads(output)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited {code}: {stderr}")
    return elapsed, rss_kb / 1024


def measure(commands: Sequence[Sequence[str]], env: dict[str, str]) -> tuple[float, float, float]:
    """Median and best wall time (s) and peak memory (MB) of one cold run of each command."""
    results = [_one(command, env) for command in commands]
    times = [elapsed for elapsed, _ in results]
    return statistics.median(times), min(times), max(peak for _, peak in results)


def _yaml_files(plans: Path) -> list[str]:
    return sorted(str(path) for path in plans.rglob("*.yaml"))


def find_taskwarrior(install: bool) -> str | None:
    """``task`` on PATH; else, when allowed, running as root and apt exists, installed."""
    found = shutil.which("task")
    if found or not install:
        return found
    apt = shutil.which("apt-get")
    if apt is None or not hasattr(os, "geteuid") or os.geteuid() != 0:
        return None

    def apt_get(*words: str) -> int:
        return subprocess.run(
            [apt, *words], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
        ).returncode

    if apt_get("install", "-y", "taskwarrior") != 0:
        apt_get("update")
        apt_get("install", "-y", "taskwarrior")
    return shutil.which("task")


def taskwarrior_tasks(export: dict[str, object], today: datetime.date) -> list[dict[str, str]]:
    """The plan's occurrences (``parplan export``'s schedule) as Taskwarrior tasks: description,
    project (the lead), due and, for done work, its end; days moved by as much as ``today`` is
    after the day of the view, so that the work overdue on that day is overdue today."""
    shift = today - datetime.date.fromisoformat(AS_OF)

    def stamp(day: str) -> str:
        return (datetime.date.fromisoformat(day) + shift).strftime("%Y%m%dT000000Z")

    tasks = []
    entry = stamp("2022-01-01")
    for task in export["tasks"]:  # type: ignore[attr-defined]
        for item in [task, *task["parts"]]:
            lead = item.get("lead") or task["lead"]
            for occurrence in item.get("schedule", []):
                label = occurrence.get("period_label")
                record = {
                    "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"parplan:{occurrence['key']}")),
                    "description": item["title"] + (f" ({label})" if label else ""),
                    "project": lead[0],
                    "entry": entry,
                    "status": "completed" if occurrence.get("done_on") else "pending",
                }
                if occurrence.get("deadline"):
                    record["due"] = stamp(occurrence["deadline"])
                if occurrence.get("done_on"):
                    record["end"] = stamp(occurrence["done_on"])
                tasks.append(record)
    return tasks


def taskwarrior_data(task: str, plans: Path, folder: Path, env: dict[str, str]) -> dict[str, str]:
    """A fresh Taskwarrior data folder holding the plan's tasks; the environment to run it in."""
    exported = subprocess.run(
        [PARPLAN, "export", "--plans", str(plans)], capture_output=True, check=True, env=env
    ).stdout
    tasks = taskwarrior_tasks(json.loads(exported), datetime.date.today())
    folder.mkdir(parents=True)
    (folder / "tasks.json").write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    (folder / "taskrc").write_text(
        f"data.location={folder / 'data'}\nverbose=nothing\nconfirmation=off\n", encoding="utf-8"
    )
    task_env = {**env, "TASKRC": str(folder / "taskrc"), "TASKDATA": str(folder / "data")}
    subprocess.run(
        [task, "import", str(folder / "tasks.json")],
        stdout=subprocess.DEVNULL,
        check=True,
        env=task_env,
    )
    subprocess.run([task, "overdue"], stdout=subprocess.DEVNULL, check=False, env=task_env)
    return task_env


class Bench:
    """The rows measured so far, and how to measure one more."""

    def __init__(self, runs: int, env: dict[str, str]) -> None:
        self.runs = runs
        self.env = env
        self.rows: list[Row] = []
        self.notes: list[str] = []

    def run(self, label: str, size: str, command: Sequence[str], runs: int | None = None) -> None:
        self.run_each(label, size, [command] * (runs or self.runs))

    def run_each(
        self,
        label: str,
        size: str,
        commands: Sequence[Sequence[str]],
        env: dict[str, str] | None = None,
    ) -> None:
        median, best, peak = measure(commands, env or self.env)
        self.rows.append(Row(size, label, median, best, peak))
        print(f"  {size:>7} {label:<46} {median:8.3f} s", file=sys.stderr)

    def run_again(
        self, label: str, size: str, command: Sequence[str], runs: int | None = None
    ) -> None:
        """An "again" row: the command once unmeasured (it fills the cache: the plan, and the
        answer of status and overdue in a data format), then measured with the cache warm."""
        quiet = subprocess.DEVNULL
        subprocess.run(command, check=False, stdout=quiet, stderr=quiet, env=self.env)
        self.run(label, size, command, runs)

    def best(self, size: str, label: str) -> float | None:
        return next((r.best for r in self.rows if r.size == size and r.label == label), None)


def _size_label(size: int) -> str:
    return f"{size:,}".replace(",", ".")


def shipped_rows(bench: Bench, work: Path) -> None:
    shipped = str(ROOT / "plans")
    as_of = ["--as-of", AS_OF]
    bench.run("--help", "shipped", [PARPLAN, "--help"])
    bench.run("validate", "shipped", [PARPLAN, "validate", shipped])
    bench.run_again("status (again)", "shipped", [PARPLAN, "status", "--plans", shipped, *as_of])
    bench.run(
        "status (first, --no-cache)",
        "shipped",
        [PARPLAN, "--no-cache", "status", "--plans", shipped, *as_of],
    )
    bench.run_again("overdue (again)", "shipped", [PARPLAN, "overdue", "--plans", shipped, *as_of])
    report = str(work / "bao-cao.docx")
    bench.run(
        "report --quarter III --format docx",
        "shipped",
        [PARPLAN, "report", "--plans", shipped, "--quarter", "III", "--output", report, "--force"],
    )


def size_rows(bench: Bench, size: int, work: Path, runs: int, peers: dict[str, str]) -> None:
    """Every command on a generated plan of ``size`` tasks, ``runs`` runs each."""
    plans = work / f"plans-{size}"
    generate(size, plans)
    label, p = _size_label(size), str(plans)
    as_of = ["--as-of", AS_OF]
    no_cache = [PARPLAN, "--no-cache"]

    def fresh(name: str) -> Callable[[int], str]:
        """A new folder for each run (checklist --all writes into one that exists)."""

        def folder(run: int) -> str:
            path = work / f"{name}-{size}-{run}"
            path.mkdir()
            return str(path)

        return folder

    bench.run("validate", label, [PARPLAN, "validate", p], runs)
    if "check-jsonschema" in peers:
        schema = str(plans / "parplan.schema.json")
        bench.run(
            "check-jsonschema (peer, same files)",
            label,
            [peers["check-jsonschema"], "--schemafile", schema, *_yaml_files(plans)],
            runs,
        )
    json_status = ["status", "--plans", p, "--format", "json", *as_of]
    json_overdue = ["overdue", "--plans", p, "--format", "json", *as_of]
    bench.run("status --format json (first, --no-cache)", label, [*no_cache, *json_status], runs)
    bench.run_again("status --format json (again)", label, [PARPLAN, *json_status], runs)
    bench.run("overdue --format json (first, --no-cache)", label, [*no_cache, *json_overdue], runs)
    bench.run_again("overdue --format json (again)", label, [PARPLAN, *json_overdue], runs)
    bench.run(
        "report --quarter III --format md (first)",
        label,
        [*no_cache, "report", "--plans", p, "--quarter", "III", "--format", "md", "--output", "-"],
        runs,
    )
    checklists, site = fresh("checklists"), fresh("site")
    checklist = ["checklist", "--plans", p, "--all", "--format", "md"]
    bench.run_each(
        "checklist --all --format md (first)",
        label,
        [[*no_cache, *checklist, "--out", checklists(n), *as_of] for n in range(runs)],
    )
    bench.run("export (first, --no-cache)", label, [*no_cache, "export", "--plans", p], runs)
    bench.run_each(
        "site, into a new folder (first)",
        label,
        [[*no_cache, "site", "--plans", p, "--out", site(n), *as_of] for n in range(runs)],
    )
    if "task" in peers and size <= TASKWARRIOR_UP_TO:
        task_env = taskwarrior_data(peers["task"], plans, work / f"taskwarrior-{size}", bench.env)
        for command in ("overdue", "export"):
            bench.run_each(
                f"task {command} (Taskwarrior {_task_version(peers['task'])}, peer)",
                label,
                [[peers["task"], command]] * runs,
                task_env,
            )
    # Each update must change the file: alternate the status of a one-off task; last, as it
    # makes the cache of the plan stale.
    statuses = ["in_progress", "not_started"] * runs
    bench.run_each(
        "update of one task",
        label,
        [
            [PARPLAN, "update", "NV-00001", "--plans", p, "--status", status]
            for status in statuses[:runs]
        ],
    )


def _task_version(task: str) -> str:
    done = subprocess.run([task, "--version"], capture_output=True, text=True, check=False)
    return done.stdout.strip() or "?"


def ratios(bench: Bench, sizes: Sequence[int]) -> list[tuple[str, str, str]]:
    """The ratios the targets read, from the best times: (what, size, ratio)."""
    found: list[tuple[str, str, str]] = []

    def ratio(what: str, size: str, top: str, bottom: str) -> None:
        a, b = bench.best(size, top), bench.best(size, bottom)
        if a is not None and b is not None and b > 0:
            found.append((what, size, f"{a / b:.2f}"))

    task_overdue = next((r.label for r in bench.rows if r.label.startswith("task overdue")), "")
    task_export = next((r.label for r in bench.rows if r.label.startswith("task export")), "")
    for size in map(_size_label, sizes):
        ratio("validate / check-jsonschema (target ≤ 0.4 at 1.000)", size, "validate",
              "check-jsonschema (peer, same files)")  # fmt: skip
        ratio("overdue --format json (again) / task overdue (target ≤ 1 at 10.000)", size,
              "overdue --format json (again)", task_overdue)  # fmt: skip
        ratio("status --format json (again) / task overdue (target ≤ 1 at 10.000)", size,
              "status --format json (again)", task_overdue)  # fmt: skip
        ratio("export / task export", size, "export (first, --no-cache)", task_export)
    ten, hundred = _size_label(10_000), _size_label(BIG)
    for label in dict.fromkeys(r.label for r in bench.rows if r.size == hundred):
        top, bottom = bench.best(hundred, label), bench.best(ten, label)
        if top is not None and bottom is not None and bottom > 0:
            found.append(
                (f"{label}: growth (target ≤ 12×)", "10.000 → 100.000", f"{top / bottom:.1f}×")
            )
    return found


def machine() -> str:
    processor = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                processor = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores ({processor}), Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}, {datetime.date.today():%d/%m/%Y}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000, BIG])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--big-runs", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="no shipped rows, install nothing")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="parplan-bench-"))
    env = {
        "PATH": f"{BIN}:/usr/local/bin:/usr/bin:/bin",
        "PARPLAN_CACHE_DIR": str(work / "cache"),
        "LANG": "C.UTF-8",
        "HOME": str(work),
    }
    peers = {
        name: found
        for name, found in (
            ("check-jsonschema", shutil.which("check-jsonschema", path=env["PATH"])),
            ("task", find_taskwarrior(install=not args.quick)),
        )
        if found
    }
    bench = Bench(args.runs, env)
    try:
        if not args.quick:
            shipped_rows(bench, work)
        for size in args.sizes:
            size_rows(bench, size, work, args.big_runs if size >= BIG else args.runs, peers)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"Machine: {machine()}; `benchmarks/run.py {' '.join(argv or sys.argv[1:])}` took "
          f"{(time.perf_counter() - started) / 60:.1f} min.")  # fmt: skip
    if "task" not in peers:
        print(f"\n{NO_TASKWARRIOR}.")
    print("\n| tasks | command | median (s) | best (s) | peak memory (MB) |")
    print("|---:|---|---:|---:|---:|")
    for row in bench.rows:
        print(f"| {row.size} | {row.label} | {row.median:.3f} | {row.best:.3f} | {row.peak:.0f} |")
    print("\n| ratio (best times) | tasks | value |")
    print("|---|---:|---:|")
    for what, size, value in ratios(bench, args.sizes):
        print(f"| {what} | {size} | {value} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
