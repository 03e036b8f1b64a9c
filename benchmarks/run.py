"""Time parplan as a person runs it: a new process per run, wall time and peak memory.

    python benchmarks/run.py [--sizes 100 1000 10000] [--runs 5]

Prints one Markdown table: for the shipped plan and for generated plans of each size, the median
and best wall time of several cold-process runs and the peak memory (maximum resident set size)
of each command, with check-jsonschema validating the same files against parplan's own schema as
the peer. "first" runs bypass the plan cache (--no-cache); "again" runs find it warm.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PARPLAN = str(BIN / "parplan")
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate  # noqa: E402

_MEASURE = """
import resource, subprocess, sys, time, json
started = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
elapsed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps([elapsed, peak, done.returncode, done.stderr.decode(errors="replace")[-300:]]))
"""


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="parplan-bench-"))
    env = {
        "PATH": f"{BIN}:/usr/bin:/bin",
        "PARPLAN_CACHE_DIR": str(work / "cache"),
        "LANG": "C.UTF-8",
    }
    peer = shutil.which("check-jsonschema", path=env["PATH"])
    rows: list[tuple[str, str, float, float, float]] = []

    def run(label: str, size: str, command: Sequence[str]) -> None:
        run_each(label, size, [command] * args.runs)

    def run_each(label: str, size: str, commands: Sequence[Sequence[str]]) -> None:
        median, best, peak = measure(commands, env)
        rows.append((size, label, median, best, peak))
        print(f"  {size:>7} {label:<44} {median:7.3f} s", file=sys.stderr)

    shipped = ROOT / "plans"
    report = work / "bao-cao.docx"
    run("--help", "shipped", [PARPLAN, "--help"])
    run("validate", "shipped", [PARPLAN, "validate", str(shipped)])
    run(
        "status (again)",
        "shipped",
        [PARPLAN, "status", "--plans", str(shipped), "--as-of", "2022-10-01"],
    )
    run(
        "status (first, --no-cache)",
        "shipped",
        [PARPLAN, "--no-cache", "status", "--plans", str(shipped), "--as-of", "2022-10-01"],
    )
    run(
        "overdue (again)",
        "shipped",
        [PARPLAN, "overdue", "--plans", str(shipped), "--as-of", "2022-10-01"],
    )
    run(
        "report --quarter III --format docx",
        "shipped",
        [PARPLAN, "report", "--plans", str(shipped), "--quarter", "III", "--output", str(report)],
    )

    for size in args.sizes:
        plans = work / f"plans-{size}"
        generate(size, plans)
        files = _yaml_files(plans)
        label = f"{size:,}".replace(",", ".")
        as_of = ["--as-of", "2022-10-01"]
        run("validate", label, [PARPLAN, "validate", str(plans)])
        if peer:
            schema = str(plans / "parplan.schema.json")
            run(
                "check-jsonschema (peer, same files)", label, [peer, "--schemafile", schema, *files]
            )
        run(
            "status (first, --no-cache)",
            label,
            [PARPLAN, "--no-cache", "status", "--plans", str(plans), *as_of],
        )
        run("status (again)", label, [PARPLAN, "status", "--plans", str(plans), *as_of])
        run(
            "overdue --format json (first, --no-cache)",
            label,
            [PARPLAN, "--no-cache", "overdue", "--plans", str(plans), "--format", "json", *as_of],
        )
        run(
            "overdue --format json (again)",
            label,
            [PARPLAN, "overdue", "--plans", str(plans), "--format", "json", *as_of],
        )
        run(
            "report --quarter III --format md",
            label,
            [PARPLAN, "report", "--plans", str(plans), "--quarter", "III", "--format", "md"],
        )
        # Each update must change the file: alternate the status of a one-off task.
        statuses = ["in_progress", "not_started"] * args.runs
        run_each(
            "update of one task",
            label,
            [
                [PARPLAN, "update", "NV-00001", "--plans", str(plans), "--status", status]
                for status in statuses[: args.runs]
            ],
        )

    print("| tasks | command | median (s) | best (s) | peak memory (MB) |")
    print("|---:|---|---:|---:|---:|")
    for size, label, median, best, peak in rows:
        print(f"| {size} | {label} | {median:.3f} | {best:.3f} | {peak:.0f} |")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
