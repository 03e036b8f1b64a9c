"""What the speed work (issue 19) must not change: each document still renders on a budget of its
own when templates are compiled once for many, pages written as a batch are the pages written one
by one, a failed batch leaves nothing half-done. No test here asserts a time: the benchmark
(``benchmarks/run.py``) is the measure."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from jinja2.exceptions import SecurityError

from parplan.errors import TemplateProblem, UsageProblem
from parplan.file_batches import write_many
from parplan.file_writing import OutputFolder
from parplan.forked import can_fork, ordered_map, started
from parplan.loading import load_plan
from parplan.template_budget import Budget, bounded_join, data_size
from parplan.template_limits import (
    MAX_OPERATIONS,
    MAX_OUTPUT_CHARS,
    MAX_RANGE_ITEMS,
    MAX_RENDER_SECONDS,
    MAX_VALUE_CHARS,
    PER_VALUE_OPERATIONS,
    PER_VALUE_SECONDS,
)
from parplan.template_rendering import DocumentRenderer, render_template
from parplan.website import build_site

from .conftest import FIXTURES, RunCli

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate  # noqa: E402

HALF = MAX_RANGE_ITEMS // 2 + 1


def test_documents_rendered_by_one_renderer_each_have_their_own_budget(tmp_path: Path) -> None:
    (tmp_path / "half.md.j2").write_text(
        f"{{{{ range({HALF}) | length }}}} {{{{ plan }}}}\n", encoding="utf-8"
    )
    (tmp_path / "twice.md.j2").write_text(
        f"{{{{ range({HALF}) | length }}}}{{{{ range({HALF}) | length }}}}\n", encoding="utf-8"
    )
    renderer = DocumentRenderer(tmp_path, {"plan": "kế hoạch"})
    # More than the budget of one document in all, within it for each: every one renders.
    for _ in range(3):
        assert renderer.render("half.md.j2", {}) == f"{HALF} kế hoạch\n"
    assert render_template("half.md.j2", {"plan": "kế hoạch"}, tmp_path) == f"{HALF} kế hoạch\n"
    # One document over it is still refused, and the next one renders again.
    with pytest.raises(TemplateProblem, match="range"):
        renderer.render("twice.md.j2", {})
    assert renderer.render("half.md.j2", {"plan": "trang"}) == f"{HALF} trang\n"


def test_a_batch_writes_what_single_writes_write(tmp_path: Path) -> None:
    pages = [(f"nhiem-vu/NV-{n:03d}.html", f"<p>{n}</p>".encode()) for n in range(50)]
    pages += [("index.html", b"index"), ("don-vi/HCTC.html", b"unit")]
    one, many = tmp_path / "one", tmp_path / "many"
    single = OutputFolder(one, create=True)
    written_one = [single.write(relative, data) for relative, data in pages]
    (many / "nhiem-vu").mkdir(parents=True)
    (many / "nhiem-vu" / "NV-000.html").write_bytes(b"old")
    (many / "nhiem-vu" / "NV-000.html").chmod(0o640)
    written_many = write_many(OutputFolder(many), iter(pages))
    assert [path.relative_to(many) for path in written_many] == [
        path.relative_to(one) for path in written_one
    ]
    files = sorted(path.relative_to(many) for path in many.rglob("*") if path.is_file())
    assert files == sorted(path.relative_to(one) for path in one.rglob("*") if path.is_file())
    for relative, data in pages:
        assert (many / relative).read_bytes() == data
    assert (many / "nhiem-vu" / "NV-000.html").stat().st_mode & 0o777 == 0o640


def test_a_failed_batch_removes_its_temporary_files_and_keeps_the_old_ones(
    tmp_path: Path,
) -> None:
    out = tmp_path / "site"
    (out / "don-vi" / "HCTC.html").mkdir(parents=True)  # a folder where a page goes
    (out / "index.html").write_bytes(b"old")

    def pages() -> list[tuple[str, bytes]]:
        return [("index.html", b"new"), ("a.html", b"a"), ("don-vi/HCTC.html", b"unit")]

    with pytest.raises(UsageProblem, match="thư mục"):
        write_many(OutputFolder(out), pages())
    assert (out / "index.html").read_bytes() == b"old"
    assert not (out / "a.html").exists()
    leftovers = [name for _, _, names in os.walk(out) for name in names if name.endswith(".tmp")]
    assert leftovers == []


def test_a_batch_never_writes_through_a_linked_subfolder(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "site"
    out.mkdir()
    (out / "nhiem-vu").symlink_to(elsewhere)
    with pytest.raises(UsageProblem, match="liên kết"):
        write_many(OutputFolder(out), [("index.html", b"i"), ("nhiem-vu/NV-1.html", b"t")])
    assert list(elsewhere.iterdir()) == []
    assert not (out / "index.html").exists()


def test_a_documents_budget_grows_with_its_data_and_only_with_it() -> None:
    values = 100_000
    assert data_size({"rows": [{"a": 1, "b": "x"}] * 3, "n": None}) == 1 + 1 + 3 * 3 + 1
    small, large = Budget(), Budget(values)
    with pytest.raises(SecurityError, match="bước tính"):
        small.tick(MAX_OPERATIONS + 1)
    large.tick(MAX_OPERATIONS + 1)  # work in proportion to the data is allowed
    with pytest.raises(SecurityError, match="bước tính"):
        large.tick(PER_VALUE_OPERATIONS * values)  # and no more
    large.restart(values)
    assert large.operations == 0
    assert large.seconds == MAX_RENDER_SECONDS + PER_VALUE_SECONDS * values
    with pytest.raises(SecurityError, match="ký tự"):
        bounded_join(["x" * (MAX_OUTPUT_CHARS // 2)] * 3, Budget())
    assert len(bounded_join(["x" * (MAX_OUTPUT_CHARS // 2)] * 3, Budget(values))) > MAX_OUTPUT_CHARS
    macro_output = "x" * (MAX_VALUE_CHARS + 1)  # a report macro's list of 100,000 tasks
    with pytest.raises(SecurityError, match="chuỗi dài quá"):
        Budget().text(macro_output)
    Budget(values).text(macro_output)


def test_the_benchmark_runs_in_its_quick_mode() -> None:
    """``benchmarks/run.py --quick`` measures every command on a small plan and prints both
    tables (its figures are not checked: no test asserts a time)."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--sizes", "50", "--runs", "1",
         "--quick"],
        capture_output=True, text=True, check=False, timeout=900,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    for row in ("| 50 | validate |", "| 50 | site, into a new folder (first) |",
                "| 50 | checklist --all --format md (first) |", "| 50 | export (first, --no-cache) |",
                "| 50 | update of one task |", "| ratio (best times) | tasks | value |"):  # fmt: skip
        assert row in done.stdout, done.stdout
    assert "Machine: " in done.stdout and " cores " in done.stdout


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize("plans", ["generated", "fixture"])
def test_a_site_built_by_several_processes_is_the_site_built_by_one(
    plans: str, tmp_path: Path
) -> None:
    if plans == "generated":
        folder = tmp_path / "plans"
        generate(120, folder)
    else:
        folder = FIXTURES / "progress-2022"
    plan = load_plan(folder)
    day = date(2022, 12, 20)
    serial = build_site(plan, day, tmp_path / "serial", jobs=1)
    parallel = build_site(plan, day, tmp_path / "parallel", jobs=2)
    assert [path.relative_to(tmp_path / "parallel") for path in parallel] == [
        path.relative_to(tmp_path / "serial") for path in serial
    ]
    one, many = _files(tmp_path / "serial"), _files(tmp_path / "parallel")
    assert len(one) == len(serial) > 10
    assert many == one


def test_ordered_map_keeps_the_order_and_raises_a_workers_error() -> None:
    if sys.platform.startswith("linux"):
        assert can_fork()  # the processes are forked here: the test is of them
    assert list(ordered_map(lambda n: n * n, 200, 2)) == [n * n for n in range(200)]
    here = os.getpid()

    def heavy_first(n: int) -> tuple[int, int, float]:
        time.sleep(0.2 if n >= 196 else 0.001)
        return n, os.getpid(), time.monotonic()

    made = list(ordered_map(heavy_first, 200, 2, alone_from=196))
    assert [n for n, _, _ in made] == list(range(200))
    assert here not in {pid for _, pid, _ in made}
    # The four heavy ones were made by both workers, and before most of the light ones.
    assert len({pid for n, pid, _ in made if n >= 196}) == 2
    first_heavy_done = min(at for n, _, at in made if n >= 196)
    assert sum(at > first_heavy_done for n, _, at in made if n < 196) > 150

    def failing(n: int) -> int:
        if n == 150:
            raise TemplateProblem(f"mẫu hỏng ở trang {n}")
        return n

    with pytest.raises(TemplateProblem, match="trang 150"):
        list(ordered_map(failing, 200, 2))


def test_a_key_of_plain_data_reads_as_the_sandbox_reads_it() -> None:
    from parplan.template_sandbox import environment

    template = environment([]).from_string(
        "{{ d.title }}|{{ d.items is callable }}|{{ d.missing is defined }}|{{ d['items'] }}"
    )
    # A key, unless a dict has an attribute of that name (then the attribute, as Jinja gives it).
    assert template.render(d={"title": "A", "items": "x"}) == "A|True|False|x"


def test_plan_files_parsed_by_workers_are_read_as_here(
    run_cli: RunCli, minimal_plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The files of a large plan are parsed by forked workers: every finding (a file that is not
    YAML, one nested too deep, a link not followed) and its place are those of one process."""
    from parplan import plan_files

    (minimal_plan / "hong.yaml").write_text("tasks: [\n  - id: X\n", encoding="utf-8")
    (minimal_plan / "sau.yaml").write_text("tasks: " + "[" * 40 + "]" * 40 + "\n", "utf-8")
    (minimal_plan / "lien-ket.yaml").symlink_to(minimal_plan / "phu-luc.yaml")
    here = run_cli("validate", str(minimal_plan), "--format", "json")
    jobs: list[int] = []

    def counted(make: Any, count: int, jobs_: int, weights: Any = ()) -> Any:
        jobs.append(jobs_)
        return started(make, count, jobs_, weights)

    monkeypatch.setattr(plan_files, "PARALLEL_FROM_BYTES", 1)
    monkeypatch.setattr(plan_files, "started", counted)
    forked = run_cli("validate", str(minimal_plan), "--format", "json")
    assert (jobs and jobs[0] > 1) or not can_fork()
    assert (forked.exit_code, forked.stdout) == (here.exit_code, here.stdout)
    assert here.exit_code == 1 and {"yaml-syntax", "symlink"} <= {
        finding["rule"] for finding in json.loads(here.stdout)["findings"]
    }
