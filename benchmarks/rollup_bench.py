"""Time the province roll-up as a province runs it: ``parplan rollup tinh.yaml --format json``.

    python benchmarks/rollup_bench.py [--runs 3] [--no-country] [--jobs N]

Generates (benchmarks/generate.py --agencies) a province of 40 agencies of 300 tasks each in local
git repositories, and a country of 2,000 agencies of 200 tasks each in folders, then measures
``parplan rollup`` in a new process each run: cold (an empty cache folder: every repository
cloned, every plan parsed and validated) and warm (the clones and plans cached by the run before),
wall time and peak memory, both of the largest process (``ru_maxrss`` of the children, as
benchmarks/run.py measures) and of all of parplan's processes at once (the roll-up loads agencies
in a pool of processes; sampled from /proc every 20 ms, Linux only). A third run rolls up the 40
agencies with three of them broken (--broken: a repository missing, a plan invalid, a file of
20 MB) and checks that exactly those three fail and the exit code is 1.

Prints one Markdown table with the issue's targets and the machine's core count. The generated
files are fresh in the operating system's page cache: "cold" means parplan's cache, not the disk's.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PARPLAN = str(BIN / "parplan")
AS_OF = "2022-10-01"
sys.path.insert(0, str(ROOT / "benchmarks"))

from province import generate_province  # noqa: E402

_MEASURE = r"""
import json, os, resource, subprocess, sys, time

def tree_rss(root):
    # The resident memory (kB) of a process and all its descendants, from /proc.
    total, pending, seen = 0, [root], set()
    while pending:
        pid = pending.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            with open(f"/proc/{pid}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as children:
                    pending += [int(child) for child in children.read().split()]
        except (OSError, ValueError):
            continue
    return total

sampling = os.path.isdir("/proc/self/task")
started = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
peak_all = 0
while child.poll() is None:
    if sampling:
        peak_all = max(peak_all, tree_rss(child.pid))
    time.sleep(0.02)
elapsed = time.perf_counter() - started
stderr = child.stderr.read().decode(errors="replace")[-300:]
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = usage.ru_utime + usage.ru_stime
print(json.dumps([elapsed, cpu, usage.ru_maxrss, peak_all if sampling else None, child.returncode, stderr]))
"""


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu_seconds: float
    """Processor time of parplan and all its processes: what the run costs, whatever else the
    machine is doing (wall time on a busy machine says more about the others)."""
    largest_mb: float
    """Peak resident memory of the largest process (ru_maxrss of the children)."""
    all_mb: float | None
    """Peak resident memory of all the processes at once (sampled; None off Linux)."""
    exit_code: int


def measure_once(command: Sequence[str], cache: Path, expected: int = 0) -> Run:
    """One run of ``command`` in a new process, with ``cache`` as the user's cache folder."""
    cache.mkdir(parents=True, exist_ok=True)
    environment = {
        "PATH": f"{BIN}:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "HOME": str(cache.parent),
        "XDG_CACHE_HOME": str(cache),
    }
    output = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command],
        capture_output=True,
        text=True,
        check=True,
        env=environment,
    ).stdout
    elapsed, cpu, largest_kb, all_kb, code, stderr = json.loads(output)
    if code != expected:
        raise SystemExit(f"{' '.join(command)} exited {code}, not {expected}: {stderr}")
    return Run(elapsed, cpu, largest_kb / 1024, None if all_kb is None else all_kb / 1024, code)


@dataclass(frozen=True)
class Row:
    scale: str
    label: str
    runs: list[Run]
    target_seconds: float
    target_mb: float

    @property
    def median(self) -> float:
        return statistics.median(run.seconds for run in self.runs)

    @property
    def best(self) -> float:
        return min(run.seconds for run in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(run.cpu_seconds for run in self.runs)

    @property
    def largest(self) -> float:
        return max(run.largest_mb for run in self.runs)

    @property
    def all_processes(self) -> float | None:
        sampled = [run.all_mb for run in self.runs if run.all_mb is not None]
        return max(sampled) if sampled else None

    @property
    def met(self) -> bool:
        memory = self.all_processes if self.all_processes is not None else self.largest
        return self.median <= self.target_seconds and memory <= self.target_mb

    def markdown(self) -> str:
        every = f"{self.all_processes:.0f}" if self.all_processes is not None else "–"
        megabytes = f"{self.target_mb:,.0f}".replace(",", ".")
        target = f"≤ {self.target_seconds:g} s, ≤ {megabytes} MB"
        return (
            f"| {self.scale} | {self.label} | {self.median:.3f} | {self.best:.3f} | {self.cpu:.1f} | "
            f"{self.largest:.0f} | {every} | {target} | {'yes' if self.met else '**no**'} |"
        )


def rollup_command(province: Path, jobs: int | None) -> list[str]:
    command = [PARPLAN, "rollup", str(province), "--format", "json", "--as-of", AS_OF]
    return [*command, "--jobs", str(jobs)] if jobs else command


def cold_and_warm(
    scale: str,
    source: str,
    command: list[str],
    *,
    work: Path,
    runs: int,
    targets: tuple[tuple[float, float], tuple[float, float]],
) -> list[Row]:
    """``runs`` cold runs, each with an empty cache folder, then ``runs`` warm runs on the cache
    the last cold run left."""
    cold = []
    for number in range(runs):
        cache = work / f"cache-{scale}-{number}".replace(" ", "")
        shutil.rmtree(cache, ignore_errors=True)
        cold.append(measure_once(command, cache))
        print(f"  {scale:>11} {source} cold {cold[-1].seconds:8.3f} s", file=sys.stderr)
    warm = []
    for _ in range(runs):
        warm.append(measure_once(command, cache))
        print(f"  {scale:>11} {source} warm {warm[-1].seconds:8.3f} s", file=sys.stderr)
    (cold_s, cold_mb), (warm_s, warm_mb) = targets
    return [
        Row(scale, f"{source}, cold (nothing cached)", cold, cold_s, cold_mb),
        Row(scale, f"{source}, warm", warm, warm_s, warm_mb),
    ]


def broken_check(work: Path, jobs: int | None) -> str:
    """Roll up 40 × 300 with three agencies broken: exactly those three fail, exit code 1."""
    out = work / "broken"
    agencies = generate_province(40, 300, out, broken=True)
    cache = work / "cache-broken"
    run = measure_once(rollup_command(out / "tinh.yaml", jobs), cache, expected=1)
    environment = {"PATH": f"{BIN}:/usr/bin:/bin", "LANG": "C.UTF-8", "XDG_CACHE_HOME": str(cache)}
    done = subprocess.run(
        rollup_command(out / "tinh.yaml", jobs),
        capture_output=True,
        text=True,
        check=False,
        env=environment,
    )
    payload = json.loads(done.stdout)
    failed = sorted(agency["code"] for agency in payload["agencies"] if agency.get("error"))
    expected = sorted(agency.code for agency in agencies if agency.broken)
    if done.returncode != 1 or failed != expected:
        raise SystemExit(
            f"broken province: exit {done.returncode}, failed {failed}, not {expected}"
        )
    return (
        f"40 × 300 with three broken ({', '.join(expected)}): exit 1, exactly those three listed "
        f"with their errors, the other 37 rolled up; cold {run.seconds:.3f} s."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each 40-agency measurement")
    parser.add_argument("--no-country", action="store_true", help="skip 2,000 × 200 (minutes)")
    parser.add_argument("--jobs", type=int, help="passed to parplan rollup --jobs")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be ≥ 1")
    work = Path(tempfile.mkdtemp(prefix="parplan-rollup-bench-"))
    rows: list[Row] = []
    notes: list[str] = []
    try:
        started = time.perf_counter()
        generate_province(40, 300, work / "tinh-40")
        notes.append(
            f"generating 40 × 300 as git repositories: {time.perf_counter() - started:.1f} s"
        )
        command = rollup_command(work / "tinh-40" / "tinh.yaml", args.jobs)
        rows += cold_and_warm(
            "40 × 300",
            "git",
            command,
            work=work,
            runs=args.runs,
            targets=((6.0, 500.0), (1.5, 500.0)),
        )
        notes.append(broken_check(work, args.jobs))
        if not args.no_country:
            started = time.perf_counter()
            generate_province(2000, 200, work / "ca-nuoc", folders=True)
            notes.append(
                f"generating 2.000 × 200 as folders: {time.perf_counter() - started:.1f} s"
            )
            shutil.rmtree(work / "tinh-40")  # room on the disk
            command = rollup_command(work / "ca-nuoc" / "tinh.yaml", args.jobs)
            rows += cold_and_warm(
                "2.000 × 200",
                "folders",
                command,
                work=work,
                runs=1,
                targets=((120.0, 2048.0), (120.0, 2048.0)),
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    cores = os.cpu_count() or 1
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    print(
        f"Machine: {cores} cores ({usable} usable), {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}; `parplan rollup --format json --as-of {AS_OF}`."
    )
    print()
    print(
        "| agencies × tasks | source, cache | median (s) | best (s) | processor time (s) | peak "
        "memory, largest process (MB) | peak memory, all processes (MB) | target | met |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---|---|")
    for row in rows:
        print(row.markdown())
    print(
        f"\nLoad average when done: {', '.join(f'{load:.1f}' for load in os.getloadavg())} "
        "(wall times on a busy machine measure the others too; processor time does not)."
        if hasattr(os, "getloadavg")
        else ""
    )
    for note in notes:
        print(f"- {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
