"""The province roll-up: the province file read and validated, each agency's plan had from a folder
or a git repository (cached, no network when warm), loaded in parallel, failures kept apart, and
every figure the agency's own ``status``."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from parplan.errors import PlanInvalid
from parplan.province_loading import git_source_problem, is_local_git_path, validate_province
from parplan.province_sources import gather, gather_summaries
from parplan.rollup import AgencyOutcome, roll_up
from parplan.rollup_output import overdue_across, rollup_json, rollup_markdown, rollup_payload

from .conftest import FIXTURES, SHIPPED_PLANS, RunCli, git

AS_OF = "2022-09-30"
DAY = date(2022, 9, 30)
PLANS = {
    "SNV": SHIPPED_PLANS,
    "SCT": FIXTURES / "progress-2022",
    "STP": FIXTURES / "parts-2022",
    "SKHDT": FIXTURES / "scores-2022",
}
NAMES = {
    "SNV": "Sở Nội vụ",
    "SCT": "Sở Công Thương",
    "STP": "Sở Tư pháp",
    "SKHDT": "Sở Kế hoạch và Đầu tư",
}


def _province(folder: Path, sources: dict[str, str], extra: str = "") -> Path:
    """A province file in ``folder`` whose agencies have the given ``plans`` values."""
    lines = ["schema_version: 1", "province:", "  name: Tỉnh Thử", "  agencies:"]
    for code, source in sources.items():
        lines += [
            f"    - code: {code}",
            f"      name: {NAMES.get(code, 'Cơ quan ' + code)}",
            "      kind: sở",
            f"      plans: {source}",
        ]
    path = folder / "tinh.yaml"
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path


def _as_folders(tmp_path: Path) -> Path:
    sources = {}
    for code, plans in PLANS.items():
        shutil.copytree(plans, tmp_path / "agencies" / code / "plans")
        sources[code] = f"{{folder: agencies/{code}/plans}}"
    return _province(tmp_path, sources)


def _repository(folder: Path, plans: Path) -> str:
    """A git repository at ``folder`` holding ``plans`` as ``plans/``; its commit."""
    folder.mkdir(parents=True)
    git(folder, "init", "-q", "-b", "main")
    shutil.copytree(plans, folder / "plans")
    git(folder, "add", "-A")
    git(folder, "commit", "-qm", "kế hoạch")
    return git(folder, "rev-parse", "HEAD")


def _as_repositories(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    sources, commits = {}, {}
    for code, plans in PLANS.items():
        commits[code] = _repository(tmp_path / "repos" / code, plans)
        sources[code] = f"{{git: repos/{code}, ref: main, path: plans}}"
    return _province(tmp_path, sources), commits


def _rollup_json(run_cli: RunCli, province: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    result = run_cli("rollup", str(province), "--as-of", AS_OF, "--format", "json", *extra)
    assert result.stdout, result
    return result.exit_code, json.loads(result.stdout)


def _by_code(payload: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {agency["code"]: agency for agency in payload["agencies"]}


def _status(run_cli: RunCli, plans: Path) -> dict[str, Any]:
    result = run_cli("status", "--plans", str(plans), "--as-of", AS_OF, "--format", "json")
    assert result.exit_code == 0, result
    loaded: dict[str, Any] = json.loads(result.stdout)
    return loaded


def test_each_agency_is_its_own_status(run_cli: RunCli, tmp_path: Path) -> None:
    """Every agency's figures are its own ``status --format json`` on the day; the totals are
    their sums; ranks follow the completion figure."""
    province = _as_folders(tmp_path)
    code, payload = _rollup_json(run_cli, province)
    assert code == 0, payload
    agencies = _by_code(payload)
    assert sorted(agencies) == sorted(PLANS)
    for name, plans in PLANS.items():
        status = _status(run_cli, plans)
        figures = agencies[name]["figures"]
        assert figures["due"] == status["headline"]["due"], name
        assert figures["done"] == status["headline"]["done_of_due"], name
        assert figures["percent_of_due"] == status["headline"]["percent_of_due"], name
        assert figures["continuous"] == status["headline"]["continuous"], name
        for status_class in ("done_on_time", "done_late", "overdue", "not_due", "in_progress"):
            assert figures[status_class] == status["counts"][status_class], (name, status_class)
        assert [item["key"] for item in agencies[name]["overdue"]] == [
            item["key"] for item in status["overdue"]
        ]
        assert agencies[name]["year"] == status["year"] == 2022
    for key in ("due", "done_on_time", "done_late", "overdue", "continuous"):
        assert payload["totals"][key] == sum(a["figures"][key] for a in agencies.values()), key
    ranked = [a for a in payload["agencies"] if a["figures"]["percent_of_due"] is not None]
    rates = [agency["figures"]["percent_of_due"] for agency in ranked]
    assert rates == sorted(rates, reverse=True)
    assert payload["agencies"][0]["rank"] == 1


def test_git_repositories_give_the_same_figures_and_their_commits(
    run_cli: RunCli, tmp_path: Path
) -> None:
    folders = tmp_path / "folders"
    folders.mkdir()
    _, by_folder = _rollup_json(run_cli, _as_folders(folders))
    province, commits = _as_repositories(tmp_path)
    code, by_git = _rollup_json(run_cli, province)
    assert code == 0, by_git
    for name, agency in _by_code(by_git).items():
        assert agency["revision"] == commits[name]
        assert agency["source"].endswith(f"repos/{name}@main:plans")
        assert agency["figures"] == _by_code(by_folder)[name]["figures"]
    assert by_git["totals"] == by_folder["totals"]


def test_parallel_and_serial_give_the_same_outcomes(tmp_path: Path) -> None:
    province, _ = _as_repositories(tmp_path)
    serial = gather(province, as_of=DAY, refresh=False, jobs=1, use_cache=False)
    parallel = gather(province, as_of=DAY, refresh=False, jobs=2, use_cache=False)
    assert serial[0] == parallel[0]

    def read(outcome: AgencyOutcome) -> tuple[object, ...]:
        # Without a cache each run clones into a temporary folder of its own.
        plan = outcome.plan.model_copy(update={"folder": None}) if outcome.plan else None
        return (outcome.agency, plan, outcome.revision, outcome.error)

    assert [read(o) for o in serial[1]] == [read(o) for o in parallel[1]]
    assert all(outcome.plan is not None for outcome in serial[1])
    assert rollup_payload(roll_up(serial[0], serial[1], DAY)) == rollup_payload(
        roll_up(parallel[0], parallel[1], DAY)
    )


def test_a_warm_run_needs_no_network_and_refresh_does(run_cli: RunCli, tmp_path: Path) -> None:
    """A ``file://`` repository rolled up once is used from the cache after it is gone; with
    ``--refresh`` the agency fails with git's reason, and the others do not."""
    commit = _repository(tmp_path / "remote", PLANS["SCT"])
    shutil.copytree(PLANS["STP"], tmp_path / "stp")
    url = (tmp_path / "remote").as_uri()
    province = _province(tmp_path, {"SCT": f'{{git: "{url}", ref: main}}', "STP": "{folder: stp}"})
    code, cold = _rollup_json(run_cli, province)
    assert code == 0, cold
    shutil.rmtree(tmp_path / "remote")
    code, warm = _rollup_json(run_cli, province)
    assert code == 0, warm
    assert warm == cold
    assert _by_code(warm)["SCT"]["revision"] == commit
    code, refreshed = _rollup_json(run_cli, province, "--refresh")
    assert code == 1
    failed = _by_code(refreshed)["SCT"]
    assert failed["error"].startswith(f"không tải được kho git {url}: ")
    assert "figures" not in failed
    assert _by_code(refreshed)["STP"]["figures"] == _by_code(cold)["STP"]["figures"]


def test_refresh_reads_the_new_commit(run_cli: RunCli, tmp_path: Path) -> None:
    first = _repository(tmp_path / "repo", PLANS["SCT"])
    province = _province(tmp_path, {"SCT": "{git: repo, ref: main}"})
    assert _by_code(_rollup_json(run_cli, province)[1])["SCT"]["revision"] == first
    progress = tmp_path / "repo" / "plans" / "tien-do.yaml"
    progress.write_text(progress.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    git(tmp_path / "repo", "commit", "-qam", "tiến độ")
    second = git(tmp_path / "repo", "rev-parse", "HEAD")
    assert _by_code(_rollup_json(run_cli, province)[1])["SCT"]["revision"] == first
    code, payload = _rollup_json(run_cli, province, "--refresh")
    assert code == 0, payload
    assert _by_code(payload)["SCT"]["revision"] == second


def test_three_broken_agencies_never_stop_the_others(run_cli: RunCli, tmp_path: Path) -> None:
    """A missing repository, an invalid plan and a file of 20 MB: listed with their errors, the
    others rolled up as they are alone, exit 1."""
    _repository(tmp_path / "repos" / "SCT", PLANS["SCT"])
    _repository(tmp_path / "repos" / "STP", PLANS["STP"])
    invalid = tmp_path / "invalid"
    shutil.copytree(PLANS["SKHDT"], invalid)
    (invalid / "loi.yaml").write_text(
        "schema_version: 2\ntasks:\n  - {id: LOI-1, title: Việc lỗi, lead: KHONGCO, "
        "deadline: 30/09/2022, source: II.1, output: Báo cáo}\n",
        encoding="utf-8",
    )
    large = tmp_path / "large"
    shutil.copytree(PLANS["SNV"], large / "plans")
    (large / "plans" / "2022" / "lon.yaml").write_bytes(b"# " + b"x" * (20 * 1024 * 1024) + b"\n")
    git(large, "init", "-q", "-b", "main")
    git(large, "add", "-A")
    git(large, "commit", "-qm", "tệp lớn")
    sources = {
        "SCT": "{git: repos/SCT, ref: main}",
        "STP": "{git: repos/STP, ref: main}",
        "THIEU": "{git: repos/THIEU, ref: main}",
        "LOI": "{folder: invalid}",
        "LON": "{git: large}",
    }
    code, payload = _rollup_json(run_cli, _province(tmp_path, sources))
    assert code == 1
    agencies = _by_code(payload)
    assert "không tải được kho git" in agencies["THIEU"]["error"]
    assert agencies["LOI"]["error"].startswith("kế hoạch có 1 lỗi: ")
    assert "[unit-unknown]" in agencies["LOI"]["error"]
    assert "loi.yaml:3:" in agencies["LOI"]["error"]
    assert agencies["LOI"]["findings"][0]["rule"] == "unit-unknown"
    assert "tệp quá lớn" in agencies["LON"]["error"]
    assert "plans/2022/lon.yaml" in agencies["LON"]["error"]
    assert payload["totals"]["failed"] == 3
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copytree(tmp_path / "repos", alone / "repos")
    _, good = _rollup_json(run_cli, _province(alone, {k: sources[k] for k in ("SCT", "STP")}))
    for name in ("SCT", "STP"):
        assert agencies[name]["figures"] == _by_code(good)[name]["figures"]
    assert payload["totals"]["due"] == good["totals"]["due"]
    text = run_cli("rollup", str(tmp_path / "tinh.yaml"), "--as-of", AS_OF)
    assert text.exit_code == 1
    assert "Cơ quan không tổng hợp được" in text.stdout
    assert "3 cơ quan không tổng hợp được: THIEU, LOI, LON" in text.stderr


def test_a_missing_folder_is_the_agencys_error(run_cli: RunCli, tmp_path: Path) -> None:
    shutil.copytree(PLANS["SCT"], tmp_path / "sct")
    province = _province(tmp_path, {"SCT": "{folder: sct}", "STP": "{folder: khong-co}"})
    code, payload = _rollup_json(run_cli, province)
    assert code == 1
    assert _by_code(payload)["STP"]["error"].startswith("không tìm thấy thư mục kế hoạch")
    assert _by_code(payload)["SCT"]["rank"] == 1
    _repository(tmp_path / "repo", PLANS["SCT"])
    province = _province(tmp_path, {"SCT": "{git: repo, ref: main, path: ke-hoach}"})
    code, payload = _rollup_json(run_cli, province)
    assert code == 1
    error = _by_code(payload)["SCT"]["error"]
    assert error.endswith("(nhánh/thẻ main) không có thư mục kế hoạch 'ke-hoach'"), error


PROVINCE_PROBLEMS = """\
schema_version: 1
province:
  name: Tỉnh Thử
  agencies:
    - {code: A, name: Sở Nội vụ, kind: sở, plans: {folder: a}}
    - {code: A, name: Sở Tư pháp, kind: sở, plans: {folder: b}}
    - {code: C, name: SỞ NỘI VỤ, kind: sở, plans: {folder: c}}
    - {code: D, name: Sở D, kind: sở, plans: {git: "-uploadpack=touch /tmp/x"}}
    - {code: E, name: Sở E, kind: sở, plans: {git: "ext::sh -c touch% /tmp/x"}}
    - {code: F, name: Sở F, kind: sở, plans: {git: "https://u:mat-khau@example.org/f.git"}}
    - {code: G, name: Sở G, kind: sở, plans: {git: "http://example.org/g.git"}}
    - {code: H, name: Sở H, kind: phòng, plans: {folder: h}}
    - {code: I, name: Sở I, kind: sở, plans: {folder: i, git: i}}
"""


def test_a_province_file_with_errors_is_refused_with_places(
    run_cli: RunCli, tmp_path: Path
) -> None:
    path = tmp_path / "tinh.yaml"
    path.write_text(PROVINCE_PROBLEMS, encoding="utf-8")
    _, result = validate_province(path)
    found = {(f.line, f.rule) for f in result.findings}
    assert found == {
        (6, "agency-duplicate"),
        (7, "agency-duplicate"),
        (8, "province-source"),
        (9, "province-source"),
        (10, "province-source"),
        (11, "province-source"),
        (12, "invalid-value"),
        (13, "schema"),
    }, result.findings
    password = next(f for f in result.findings if f.line == 10)
    assert "credential helper" in password.message
    with pytest.raises(PlanInvalid):
        gather(path, as_of=DAY, refresh=False, jobs=1)
    cli = run_cli("rollup", str(path), "--as-of", AS_OF)
    assert cli.exit_code == 1
    assert "tinh.yaml:6:" in cli.stderr
    assert "[agency-duplicate]" in cli.stderr


@pytest.mark.parametrize(
    ("value", "refused"),
    [
        ("https://git.example.gov.vn/snv/ke-hoach.git", False),
        ("ssh://git@example.org/snv.git", False),
        ("git@example.org:snv/ke-hoach.git", False),
        ("git://example.org/snv.git", False),
        ("file:///srv/git/snv.git", False),
        ("../snv", False),
        ("/srv/git/snv", False),
        ("-oProxyCommand=touch x", True),
        ("--upload-pack=touch x", True),
        ("ext::sh -c touch% x", True),
        ("fd::17", True),
        ("https://user:secret@example.org/x.git", True),
        ("http://example.org/x.git", True),
        ("ftp://example.org/x.git", True),
        ("https://example.org/x\n.git", True),
    ],
)
def test_what_may_be_given_to_git(value: str, refused: bool) -> None:
    assert (git_source_problem(value) is not None) is refused


def test_local_paths_are_told_from_urls() -> None:
    assert is_local_git_path("../snv")
    assert is_local_git_path("/srv/git/snv")
    assert not is_local_git_path("git@example.org:snv.git")
    assert not is_local_git_path("https://example.org/snv.git")


def test_markdown_and_text_show_the_ranking_overdue_and_failures(
    run_cli: RunCli, tmp_path: Path
) -> None:
    shutil.copytree(PLANS["SCT"], tmp_path / "sct")
    shutil.copytree(PLANS["SNV"], tmp_path / "snv")
    province = _province(
        tmp_path, {"SCT": "{folder: sct}", "SNV": "{folder: snv}", "X": "{folder: khong-co}"}
    )
    outcome_province, outcomes = gather(province, as_of=DAY, refresh=False, jobs=1)
    rolled = roll_up(outcome_province, outcomes, DAY)
    payload = rollup_payload(rolled)
    markdown = rollup_markdown(rolled)
    assert "| 1 | SCT | Sở Công Thương | Sở | 5 | 2 | 1 | 2 | 1 | 60% | 40% |" in markdown
    assert "**Toàn tỉnh**" in markdown
    overdue = overdue_across(payload)
    days = [item["days_overdue"] for item in overdue]
    assert days == sorted(days, reverse=True)
    assert len(overdue) == sum(len(a.get("overdue", [])) for a in payload["agencies"])
    for item in overdue:
        assert f"| {item['agency']} | {item['key']} |" in markdown
    assert "- **X** (Cơ quan X" in markdown
    text = run_cli("rollup", str(province), "--as-of", AS_OF, env={"COLUMNS": "160"})
    assert text.exit_code == 1
    assert "Toàn tỉnh" in text.stdout
    assert "Sở Công Thương" in text.stdout
    assert "không tìm thấy thư mục kế hoạch" in text.stdout
    written = tmp_path / "out" / "tong-hop.md"
    written.parent.mkdir()
    cli = run_cli("rollup", str(province), "--as-of", AS_OF, "--format", "md", "-O", str(written))
    assert cli.exit_code == 1
    assert written.read_text(encoding="utf-8") == markdown


def test_an_agencys_year_is_its_own(run_cli: RunCli, tmp_path: Path) -> None:
    shutil.copytree(PLANS["SCT"], tmp_path / "sct")
    province = _province(tmp_path, {"SCT": "{folder: sct}\n      year: 2023"})
    code, payload = _rollup_json(run_cli, province)
    assert code == 1
    assert "không có kế hoạch năm 2023" in _by_code(payload)["SCT"]["error"]


def test_plans_are_parsed_with_the_cycle_collector_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command switches the collector off for its short run; a roll-up parses agency after
    agency (in workers forked from it), and without the collector each one's garbage would stay
    until the run ends: 2,000 agencies grew each worker past a gigabyte."""
    import gc

    from parplan import province_sources
    from parplan.loading import load_plan

    shutil.copytree(PLANS["SCT"], tmp_path / "sct")
    province = _province(tmp_path, {"SCT": "{folder: sct}"})
    seen: list[bool] = []

    def watched(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return load_plan(*args, **kwargs)

    monkeypatch.setattr(province_sources, "load_plan", watched)
    gc.disable()
    try:
        _, outcomes = gather(province, as_of=DAY, refresh=False, jobs=1)
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert seen == [True]
    assert outcomes[0].plan is not None


def _mixed(tmp_path: Path) -> Path:
    """The fixtures as folders, one as a git repository, a missing folder and an invalid plan."""
    sources = {}
    for code, plans in PLANS.items():
        shutil.copytree(plans, tmp_path / "agencies" / code)
        sources[code] = f"{{folder: agencies/{code}}}"
    _repository(tmp_path / "repos" / "SCTG", PLANS["SCT"])
    sources["SCTG"] = "{git: repos/SCTG, ref: main, path: plans}"
    sources["THIEU"] = "{folder: khong-co}"
    invalid = tmp_path / "invalid"
    shutil.copytree(PLANS["STP"], invalid)
    (invalid / "loi.yaml").write_text(
        "schema_version: 2\ntasks:\n  - {id: LOI-1, title: Việc lỗi, lead: KHONGCO, "
        "deadline: 30/09/2022, source: II.1, output: Báo cáo}\n",
        encoding="utf-8",
    )
    sources["LOI"] = "{folder: invalid}"
    return _province(tmp_path, sources)


@pytest.mark.parametrize("jobs", [1, 2])
def test_rollup_from_summaries_is_the_rollup_of_whole_plans(
    run_cli: RunCli, tmp_path: Path, jobs: int
) -> None:
    """``rollup`` keeps only each agency's summary, made where its plan was loaded (a worker
    when cold, this process from the plan cache when warm): its JSON is, byte for byte, the
    roll-up of the whole plans the report, the site and the export read."""
    province = _mixed(tmp_path)
    whole = gather(province, as_of=DAY, refresh=False, jobs=jobs, use_cache=False)
    assert [outcome.summary for outcome in whole[1]] == [None] * 7
    expected = rollup_json(roll_up(*whole, DAY))
    assert json.loads(expected)["totals"]["failed"] == 2
    for run in ("cold", "warm"):
        result = run_cli(
            "rollup", str(province), "--as-of", AS_OF, "--format", "json", "--jobs", str(jobs)
        )
        assert result.exit_code == 1, (run, result)
        assert result.stdout == expected, run
        _, outcomes = gather_summaries(province, as_of=DAY, refresh=False, jobs=jobs)
        assert [outcome.plan for outcome in outcomes] == [None] * 7
        summarized = [outcome.agency.code for outcome in outcomes if outcome.summary]
        assert summarized == [*PLANS, "SCTG"]
        rolled = roll_up(whole[0], outcomes, DAY)
        assert all(standing.status is None for standing in rolled.standings)
        assert rollup_json(rolled) == expected


def test_summaries_are_read_on_the_day_asked(tmp_path: Path) -> None:
    """A summary is the status on the day given to :func:`gather_summaries`: another day gives
    other figures, and the same figures as the whole plan on that day."""
    province = _as_folders(tmp_path)
    early = date(2022, 3, 31)
    _, outcomes = gather_summaries(province, as_of=early, refresh=False, jobs=1)
    whole = gather(province, as_of=early, refresh=False, jobs=1)
    assert rollup_payload(roll_up(whole[0], outcomes, early)) == rollup_payload(
        roll_up(*whole, early)
    )
    _, late = gather_summaries(province, as_of=DAY, refresh=False, jobs=1)
    assert [o.summary for o in outcomes] != [o.summary for o in late]


def test_rollup_keeps_no_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each plan summarized in this process (loaded with one job, or read from the plan cache
    when warm) is freed as soon as it is summarized, without the cycle collector."""
    import gc
    import weakref

    from parplan import province_sources
    from parplan.model import Plan
    from parplan.status import plan_status

    province = _as_folders(tmp_path)
    summarized: list[weakref.ref[Plan]] = []

    def watched(plan: Plan, as_of: date) -> Any:
        summarized.append(weakref.ref(plan))
        return plan_status(plan, as_of)

    monkeypatch.setattr(province_sources, "plan_status", watched)
    gc.collect()
    gc.disable()
    try:
        for run in ("cold", "warm"):
            summarized.clear()
            _, outcomes = gather_summaries(province, as_of=DAY, refresh=False, jobs=1)
            assert len(summarized) == len(PLANS), run
            assert [ref() for ref in summarized] == [None] * len(PLANS), run
            assert all(outcome.summary is not None for outcome in outcomes)
    finally:
        gc.enable()
