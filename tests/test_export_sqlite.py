"""The SQLite export (``export --format sqlite``, ``export_sqlite.export_rollup``): its schema,
its figures against the status and the roll-up, the README's three queries run verbatim, and
the file rebuilt whole and atomically."""

from __future__ import annotations

import itertools
import json
import re
import sqlite3
import textwrap
import unicodedata
from collections.abc import Iterator
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from parplan import export_sqlite, export_sqlite_rows
from parplan.errors import UsageProblem
from parplan.export_sqlite import TABLES, export_plan, export_rollup
from parplan.export_sqlite_rows import quarter_ends
from parplan.loading import load_plan
from parplan.model_province import Agency, AgencyKind, PlanSource, Province
from parplan.occurrence_rows import occurrence_row
from parplan.rollup import AgencyOutcome, Rollup, roll_up
from parplan.status import StatusClass, Tally, plan_status
from parplan.targets import rate

from .conftest import FIXTURES, ROOT, SHIPPED_PLANS, RunCli

AS_OF = date(2022, 12, 20)
AGENCIES: list[tuple[str, str, AgencyKind, Path | None]] = [
    ("VP", "Văn phòng UBND tỉnh", "văn phòng", SHIPPED_PLANS),
    ("SNV", "Sở Nội vụ", "sở", FIXTURES / "progress-2022"),
    ("SCT", "Sở Công Thương", "sở", FIXTURES / "parts-2022"),
    ("UBND-VL", "UBND huyện Văn Lãng", "ủy ban nhân dân", FIXTURES / "scores-2022"),
    ("STP", "Sở Tư pháp", "sở", None),
]
"""The shipped plan and three fixtures as agencies, and one agency whose plan could not be had."""

README = (ROOT / "README.md").read_text(encoding="utf-8")
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATE_COLUMNS = {
    "as_of", "carried_from_deadline", "day", "deadline", "done_on", "imported_on", "issued_on",
    "known_on", "original_deadline", "started_on",
}  # fmt: skip


def _rollup() -> Rollup:
    outcomes = []
    for code, name, kind, folder in AGENCIES:
        source = PlanSource(folder=str(folder or "/khong-co"))
        agency = Agency(code=code, name=name, kind=kind, plans=source)
        if folder is None:
            error = "thư mục kế hoạch không tồn tại: /khong-co"
            outcomes.append(AgencyOutcome(agency, source="/khong-co", error=error))
        else:
            plan = load_plan(folder, 2022, use_cache=False)
            outcomes.append(AgencyOutcome(agency, source=str(folder), plan=plan))
    province = Province(name="Tỉnh Lạng Sơn", agencies=[outcome.agency for outcome in outcomes])
    return roll_up(province, outcomes, AS_OF)


@pytest.fixture(scope="module")
def rolled() -> Rollup:
    return _rollup()


@pytest.fixture(scope="module")
def database(
    rolled: Rollup, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[sqlite3.Connection]:
    path = tmp_path_factory.mktemp("export") / "tinh.db"
    export_rollup(rolled, path)
    with closing(sqlite3.connect(path)) as connection:
        yield connection


def _readme_queries() -> list[str]:
    section = README.split("### The SQLite export", 1)[1].split("\n## ", 1)[0]
    return [textwrap.dedent(query) for query in re.findall(r"```sql\n(.*?)```", section, re.S)]


def _rows(connection: sqlite3.Connection, sql: str) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in connection.execute(sql)]


# --- The schema ------------------------------------------------------------------------------------


def test_every_table_is_strict_with_a_primary_key_and_its_keys_hold(
    database: sqlite3.Connection,
) -> None:
    tables = dict(_rows(database, "SELECT name, sql FROM sqlite_schema WHERE type = 'table'"))
    assert set(tables) == set(TABLES)
    for name, sql in tables.items():
        assert str(sql).rstrip().endswith("STRICT"), name
        keys = [row for row in database.execute(f"PRAGMA table_info({name})") if row[5]]
        assert keys, f"{name} has no primary key"
    foreign = {
        name for name in tables if list(database.execute(f"PRAGMA foreign_key_list({name})"))
    }
    assert foreign == set(TABLES) - {"meta", "agencies"}
    assert _rows(database, "PRAGMA foreign_key_check") == []
    assert _rows(database, "PRAGMA integrity_check") == [("ok",)]
    assert _rows(database, "PRAGMA user_version") == [(export_sqlite.SCHEMA_VERSION,)]
    indexed = {
        row[0]
        for row in database.execute(
            "SELECT tbl_name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL"
        )
    }
    assert {"occurrences", "task_criteria", "tasks", "progress_facts"} <= indexed


def test_meta_says_what_was_exported(database: sqlite3.Connection) -> None:
    meta = dict(_rows(database, "SELECT key, value FROM meta"))
    assert meta["as_of"] == "2022-12-20"
    assert meta["kind"] == "rollup"
    assert meta["province"] == "Tỉnh Lạng Sơn"
    assert meta["schema_version"] == str(export_sqlite.SCHEMA_VERSION)
    assert meta["parplan_version"]
    assert re.match(r"^\d{4}-\d{2}-\d{2}T", str(meta["exported_at"]))


def test_dates_are_iso_and_text_is_nfc(database: sqlite3.Connection) -> None:
    checked = 0
    for name in TABLES:
        columns = [row[1] for row in database.execute(f"PRAGMA table_info({name})")]
        for row in database.execute(f"SELECT * FROM {name}"):
            for column, value in zip(columns, row, strict=True):
                if isinstance(value, str):
                    assert unicodedata.is_normalized("NFC", value), (name, column)
                    checked += 1
                if value is not None and column in DATE_COLUMNS:
                    assert ISO_DAY.match(str(value)), (name, column, value)
    assert checked > 1000


# --- The figures -----------------------------------------------------------------------------------


def test_agencies_keep_their_order_source_and_error(
    database: sqlite3.Connection, rolled: Rollup
) -> None:
    rows = _rows(database, "SELECT code, name, kind, source, error FROM agencies ORDER BY rowid")
    assert [row[0] for row in rows] == [code for code, *_ in AGENCIES]
    failed = {row[0]: row[4] for row in rows if row[4] is not None}
    assert failed == {"STP": "thư mục kế hoạch không tồn tại: /khong-co"}
    assert _rows(database, "SELECT count(*) FROM plans WHERE agency = 'STP'") == [(0,)]


def test_standings_are_the_rollups_figures(database: sqlite3.Connection, rolled: Rollup) -> None:
    columns = [row[1] for row in database.execute("PRAGMA table_info(standings)")]
    stored = {
        row[0]: dict(zip(columns, row, strict=True))
        for row in database.execute("SELECT * FROM standings")
    }
    assert set(stored) == {s.agency.code for s in rolled.standings if s.figures is not None}
    for standing in rolled.standings:
        if standing.figures is None:
            continue
        row = stored[standing.agency.code]
        assert row["rank"] == standing.rank
        assert row["as_of"] == "2022-12-20"
        for name in columns[3:]:
            assert row[name] == getattr(standing.figures, name), (standing.agency.code, name)


def test_occurrences_are_the_status_rows(database: sqlite3.Connection, rolled: Rollup) -> None:
    for standing in rolled.standings:
        if standing.status is None:
            continue
        plan = standing.status.plan
        expected = [
            (row.key, row.status_class.value, row.days_overdue, row.days_late,
             row.deadline.isoformat() if row.deadline else None)
            for row in (occurrence_row(plan, item) for item in standing.status.items)
        ]  # fmt: skip
        stored = _rows(
            database,
            "SELECT key, status_class, days_overdue, days_late, deadline FROM occurrences "
            f"WHERE agency = '{standing.agency.code}' ORDER BY rowid",
        )
        assert stored == expected


def test_quarter_standings_are_the_status_of_each_quarters_end(
    database: sqlite3.Connection, rolled: Rollup
) -> None:
    for standing in rolled.standings:
        if standing.status is None:
            continue
        plan = standing.status.plan
        expected = []
        for quarter, day in quarter_ends(plan.year, AS_OF):
            counts = plan_status(plan, day).tally
            expected.append(
                (
                    quarter,
                    day.isoformat(),
                    counts.due,
                    counts.done,
                    counts.overdue,
                    counts.percent_of_due,
                )
            )
        stored = _rows(
            database,
            "SELECT quarter, as_of, due, done, overdue, percent_of_due FROM quarter_standings "
            f"WHERE agency = '{standing.agency.code}' ORDER BY quarter",
        )
        assert stored == expected
        assert [quarter for quarter, *_ in stored] == [1, 2, 3]  # Q4 ends after 20/12


def test_the_dated_history_is_every_fact(database: sqlite3.Connection) -> None:
    plan = load_plan(FIXTURES / "progress-2022", 2022, use_cache=False)
    facts = 0
    for task in plan.work_items():
        for _, progress, _ in task.progress_records(plan.year):
            facts += (progress.started_on is not None) + (progress.done_on is not None)
            facts += len(progress.evidence) + len(progress.notes) + len(progress.extensions)
            facts += len(progress.corrections) + (progress.carried is not None)
    stored = _rows(database, "SELECT count(*) FROM progress_facts WHERE agency = 'SNV'")
    assert stored == [(facts,)] and facts > 0
    extensions = [
        (f"{task.id}", item.decided_on.isoformat(), item.deadline.isoformat(), item.reason)
        for task in plan.work_items()
        for _, progress, _ in task.progress_records(plan.year)
        for item in progress.extensions
    ]
    assert extensions
    stored_extensions = _rows(
        database,
        "SELECT task_id, decided_on, deadline, reason FROM extensions WHERE agency = 'SNV' "
        "ORDER BY rowid",
    )
    assert stored_extensions == extensions


def test_parts_point_to_their_task(database: sqlite3.Connection) -> None:
    plan = load_plan(FIXTURES / "parts-2022", 2022, use_cache=False)
    expected = sorted((part.id, task.id) for task in plan.tasks for part in task.parts)
    stored = _rows(
        database,
        "SELECT id, parent_id FROM tasks WHERE agency = 'SCT' AND parent_id IS NOT NULL ORDER BY id",
    )
    assert stored == expected and expected


# --- The README's three queries, verbatim --------------------------------------------------------


def test_the_readme_has_three_queries() -> None:
    queries = _readme_queries()
    assert len(queries) == 3
    assert all(query.lstrip().startswith("SELECT") for query in queries)


def test_query_1_overdue_per_agency(database: sqlite3.Connection, rolled: Rollup) -> None:
    stored = _rows(database, _readme_queries()[0])
    expected = [
        (
            standing.agency.code,
            standing.agency.name,
            standing.figures.overdue,
            max((item.days_overdue for item in standing.overdue_work), default=None),
        )
        for standing in rolled.standings
        if standing.figures is not None
    ]
    expected.sort(key=lambda row: (-row[2], row[0]))
    assert stored == expected
    assert sum(row[2] for row in stored) == rolled.totals.overdue > 0


def test_query_2_lateness_per_par_field(database: sqlite3.Connection, rolled: Rollup) -> None:
    by_field: dict[str, Tally] = {}
    names: dict[str, str] = {}
    for standing in rolled.standings:
        if standing.status is None:
            continue
        for field, counts in standing.status.fields:
            total = by_field.setdefault(field.code, Tally())
            for status_class, count in counts.counts.items():
                total.counts[status_class] += count
            names.setdefault(field.code, field.label)
    expected = []
    for code, counts in by_field.items():
        late = counts.counts[StatusClass.DONE_LATE]
        expected.append(
            (
                code,
                names[code],
                counts.due,
                late,
                counts.overdue,
                rate(late + counts.overdue, counts.due),
            )
        )
    expected.sort(key=lambda row: (row[5] is None, -(row[5] or 0.0), row[0]))
    stored = _rows(database, _readme_queries()[1])
    assert stored == expected
    assert any(row[3] for row in stored) and any(row[4] for row in stored)


def test_query_3_completion_fell_quarter_on_quarter(
    database: sqlite3.Connection, rolled: Rollup
) -> None:
    expected = []
    for standing in sorted(rolled.standings, key=lambda s: s.agency.code):
        if standing.status is None:
            continue
        plan = standing.status.plan
        figures = [
            (quarter, plan_status(plan, day).tally.percent_of_due)
            for quarter, day in quarter_ends(plan.year, AS_OF)
        ]
        for (before, was), (after, now) in itertools.pairwise(figures):
            if was is not None and now is not None and now < was:
                agency = standing.agency
                expected.append((agency.code, agency.name, plan.year, before, was, after, now))
    stored = _rows(database, _readme_queries()[2])
    assert stored == expected
    assert {row[0] for row in stored} == {"SNV", "UBND-VL"}  # 100% → 60%, 50% → 33,3%


# --- One plan from the command line ----------------------------------------------------------------


def test_export_sqlite_of_one_plan_is_its_status(run_cli: RunCli, tmp_path: Path) -> None:
    output = tmp_path / "ke-hoach.db"
    plans = str(FIXTURES / "progress-2022")
    result = run_cli("export", "--plans", plans, "--format", "sqlite", "--output", str(output),
                     "--as-of", "2022-09-30")  # fmt: skip
    assert result.exit_code == 0, result
    headline = json.loads(
        run_cli("status", "--plans", plans, "--as-of", "2022-09-30", "--format", "json").stdout
    )
    with closing(sqlite3.connect(output)) as connection:
        row = connection.execute(
            "SELECT due, done_on_time + done_late, overdue, percent_of_due, rank FROM standings"
        ).fetchone()
        agency = connection.execute("SELECT code, name, kind FROM agencies").fetchone()
        meta = dict(connection.execute("SELECT key, value FROM meta"))
    summary = headline["headline"]
    assert row == (
        summary["due"],
        summary["done_of_due"],
        headline["counts"]["overdue"],
        summary["percent_of_due"],
        None,
    )
    assert agency == ("VP", "Văn phòng UBND tỉnh", None)
    assert meta["kind"] == "plan" and meta["year"] == "2022" and meta["as_of"] == "2022-09-30"


@pytest.mark.parametrize("output", [None, "-"])
def test_sqlite_needs_an_output_file(run_cli: RunCli, output: str | None) -> None:
    args = ["export", "--plans", str(SHIPPED_PLANS), "--format", "sqlite"]
    result = run_cli(*args, *(["--output", output] if output else []))
    assert result.exit_code == 2
    assert "--format sqlite cần --output" in result.stderr


def test_never_into_a_plan_folder(run_cli: RunCli, shipped_plan_copy: Path) -> None:
    output = shipped_plan_copy / "2022" / "x.db"
    result = run_cli(
        "export", "--plans", str(shipped_plan_copy), "--format", "sqlite", "-O", str(output)
    )
    assert result.exit_code == 2
    assert "thư mục kế hoạch" in result.stderr
    assert not output.exists()


def test_json_to_a_file_is_the_printed_json(run_cli: RunCli, tmp_path: Path) -> None:
    printed = run_cli("export", "--plans", str(SHIPPED_PLANS)).stdout
    assert (
        run_cli("export", "--plans", str(SHIPPED_PLANS), "-O", str(tmp_path / "k.json")).exit_code
        == 0
    )
    assert (tmp_path / "k.json").read_text(encoding="utf-8") == printed


# --- Whole and atomic ------------------------------------------------------------------------------


def test_a_failed_export_leaves_the_old_file(
    tmp_path: Path, rolled: Rollup, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "tinh.db"
    export_rollup(rolled, output)
    before = output.read_bytes()
    calls = 0
    real = export_sqlite_rows.agency_tables

    def failing(agency: export_sqlite_rows.ExportedAgency) -> dict[str, list[tuple[object, ...]]]:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise RuntimeError("hỏng giữa chừng")
        return real(agency)

    monkeypatch.setattr(export_sqlite, "agency_tables", failing)
    with pytest.raises(RuntimeError):
        export_rollup(rolled, output)
    assert output.read_bytes() == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["tinh.db"]


def test_the_export_is_rebuilt_whole(tmp_path: Path) -> None:
    output = tmp_path / "ke-hoach.db"
    output.write_bytes(b"not a database at all" * 100)
    plan = load_plan(SHIPPED_PLANS, None, use_cache=False)
    export_plan(plan, date(2022, 6, 30), output)
    export_plan(plan, date(2022, 9, 30), output)
    with closing(sqlite3.connect(output)) as connection:
        assert connection.execute("SELECT count(*) FROM plans").fetchone() == (1,)
        assert connection.execute("SELECT as_of FROM standings").fetchone() == ("2022-09-30",)
        assert connection.execute("SELECT count(*) FROM quarter_standings").fetchone() == (3,)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["ke-hoach.db"]


def test_a_link_at_the_output_is_replaced_not_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("giữ nguyên", encoding="utf-8")
    output = tmp_path / "ke-hoach.db"
    output.symlink_to(elsewhere)
    export_plan(load_plan(SHIPPED_PLANS, None, use_cache=False), AS_OF, output)
    assert not output.is_symlink()
    assert elsewhere.read_text(encoding="utf-8") == "giữ nguyên"
    with closing(sqlite3.connect(output)) as connection:
        assert connection.execute("SELECT count(*) FROM tasks").fetchone()[0] > 0


@pytest.mark.parametrize("name", ["ke-hoach.yaml", "folder"])
def test_refuses_a_yaml_file_or_a_folder(tmp_path: Path, name: str) -> None:
    (tmp_path / "folder").mkdir()
    with pytest.raises(UsageProblem):
        export_plan(load_plan(SHIPPED_PLANS, None, use_cache=False), AS_OF, tmp_path / name)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["folder"]
