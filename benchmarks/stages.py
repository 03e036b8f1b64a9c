"""Where the time of a cold run goes: start-up, imports, parsing, validation, computation and
rendering, as shares, for ``status``, ``site`` and ``report`` on generated plans.

    python benchmarks/stages.py [--sizes 1000 10000]

(Not ``profile.py``: a script of that name beside it would stand for the standard library's
``profile`` module, which ``cProfile`` imports.)

- start-up: the interpreter alone (``python -c pass``, best of three);
- imports: importing what the command uses (the command line and the modules it loads on
  demand), in a new interpreter, less its start-up (best of three);
- the rest is the command run in this process with ``--no-cache`` (everything already imported):
  its wall time (best of two), shared out between parsing, validation, computation and rendering
  in proportion to the CPU time ``cProfile`` finds in each function, grouped by its module. The
  site renders its pages, and a large plan's files are parsed, in this one process here (the
  profile would not see forked workers), so each total is that of one process.

Prints one Markdown table. The profile's own overhead weighs more on code that makes many small
calls, so the shares within a run are approximate.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gc
import io
import pstats
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate  # noqa: E402

STAGES = ("start-up", "imports", "parsing", "validation", "computation", "rendering")

# What each stage is, by the module (or the file) a function's own time is spent in; the first
# prefix that matches wins, anything else is computation.
_BY_MODULE = (
    (("ruamel", "_ruamel", "parplan/yaml_", "parplan/plan_files", "parplan/discovery"), "parsing"),
    (
        (
            "pydantic",
            "parplan/sections",
            "parplan/rules",
            "parplan/schema_errors",
            "parplan/model",
            "parplan/loading",
            "parplan/plan_values",
            "parplan/deadlines",
            "parplan/findings",
            "parplan/plan_parts",
        ),
        "validation",
    ),
    (
        (
            "jinja2",
            "markupsafe",
            "parplan/template_",
            "parplan/website",
            "parplan/file_",
            "parplan/site_",
            "parplan/checklists",
            "parplan/status_listings",
            "<template>",
            "json",
            "posix",
            "'write'",
        ),
        "rendering",
    ),
)

# What each command imports, on demand included (the modules are imported before the profile):
# the group and the command's module, Typer's option conversion (pydantic), the models and rules,
# and what the command itself needs; and the Vietnam calendar each of them loads.
_LOADED = ["parplan.cli.group", "typer._adapters", "parplan.loading", "parplan.sections"]
_IMPORTS = {
    "validate": [*_LOADED, "parplan.cli.commands_plan", "parplan.findings_output"],
    "status": [*_LOADED, "parplan.cli.commands_views", "parplan.status", "parplan.status_listings"],
    "report": [*_LOADED, "parplan.cli.commands_documents", "parplan.report", "jinja2.sandbox"],
    "site": [
        *_LOADED,
        "parplan.cli.commands_documents",
        "parplan.website",
        "parplan.scores",
        "jinja2.sandbox",
    ],
}
_CALENDAR = "from parplan.workdays import vietnam_calendar; vietnam_calendar()"


def _stage(filename: str, function: str) -> str:
    where = filename.replace("\\", "/")
    where = where.split("site-packages/", 1)[-1].split("/src/", 1)[-1]
    for prefixes, stage in _BY_MODULE:
        if where.startswith(prefixes) or (
            where == "~" and any(prefix.split("/")[-1] in function for prefix in prefixes)
        ):  # a built-in: by the object or module its name gives
            return stage
    return "computation"


def _best_subprocess(code: str, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        best = min(best, time.perf_counter() - started)
    return best


def _run(argv: Sequence[str]) -> None:
    from parplan.cli import app

    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
        app(list(argv), standalone_mode=False)


def profile(command: str, argv: Sequence[str]) -> dict[str, float]:
    """Seconds spent in each stage by one cold run of ``argv``."""
    startup = _best_subprocess("pass")
    imports = _best_subprocess(
        "; ".join([*(f"import {name}" for name in _IMPORTS[command]), _CALENDAR])
    )
    for name in _IMPORTS[command]:
        __import__(name)
    from parplan.workdays import vietnam_calendar

    vietnam_calendar()  # as _CALENDAR above
    import parplan.plan_files
    import parplan.website

    # One process: the profile sees every page and every file parsed.
    parplan.website.PARALLEL_FROM = sys.maxsize
    parplan.plan_files.PARALLEL_FROM_BYTES = sys.maxsize
    gc.disable()  # as the command line runs
    wall = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        _run(argv)
        wall = min(wall, time.perf_counter() - started)
    profiler = cProfile.Profile(time.process_time)
    profiler.runcall(_run, argv)
    gc.enable()
    stats = pstats.Stats(profiler)
    spent = dict.fromkeys(STAGES, 0.0)
    for (filename, _, function), row in stats.stats.items():  # type: ignore[attr-defined]
        spent[_stage(filename, function)] += row[2]  # the function's own time
    total = sum(spent.values()) or 1.0
    shares = {stage: wall * spent[stage] / total for stage in STAGES[2:]}
    return {"start-up": startup, "imports": max(imports - startup, 0.0), **shares}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="parplan-profile-"))
    print("| tasks | command | total (s) | " + " | ".join(STAGES) + " |")
    print("|---:|---|---:|" + "---:|" * len(STAGES))
    for size in args.sizes:
        plans = work / f"plans-{size}"
        generate(size, plans)
        p, as_of = str(plans), ["--as-of", "2022-10-01"]
        commands = {
            "validate": ["validate", p],
            "status": ["--no-cache", "status", "--plans", p, "--format", "json", *as_of],
            "site": ["--no-cache", "site", "--plans", p, "--out", str(work / f"site-{size}"), *as_of],
            "report": ["--no-cache", "report", "--plans", p, "--quarter", "III", "--format", "md",
                       "--output", "-"],
        }  # fmt: skip
        for command, command_argv in commands.items():
            seconds = profile(command, command_argv)
            total = sum(seconds.values())
            shares = " | ".join(f"{100 * seconds[stage] / total:.0f}%" for stage in STAGES)
            print(f"| {size:,} | {command} | {total:.2f} | {shares} |".replace(",", "."))
    return 0


if __name__ == "__main__":
    sys.exit(main())
