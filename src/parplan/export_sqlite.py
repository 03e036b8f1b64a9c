"""A plan, or a province's roll-up, as one SQLite database (``parplan export --format sqlite``).

Tables for agencies, plans, units, tasks (parts too, with ``parent_id``), the criteria each task
serves (with its PAR field), each occurrence's state on the day of the export, the dated progress
history, results and measured indicators, each agency's standing on the day and at the end of each
quarter of its year: ``STRICT`` tables, every one with a primary key, its foreign keys declared and
indexes on the columns analysts filter and join on, so that Datasette, DuckDB or any SQL client
reads it (views ``par_fields``, ``task_par_fields``, ``extensions`` for the common joins). Dates
are ISO text (``YYYY-MM-DD``), percentages REAL, text NFC. Every figure is read from
:func:`parplan.status.plan_status` and :mod:`parplan.rollup` (:mod:`parplan.export_sqlite_rows`).

The file is rebuilt whole: the database is built in memory (journal off, one transaction) and
written as every document is (:func:`parplan.file_writing.write_output_file`: a temporary file
next to the output renamed over it, never through a link, never in a plan folder). A failure
leaves the old file as it was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from parplan import __version__
from parplan.errors import UsageProblem
from parplan.export_sqlite_rows import ExportedAgency, Row, agency_tables, iso
from parplan.file_writing import write_output_file
from parplan.model import Plan
from parplan.rollup import Rollup
from parplan.status import plan_status

__all__ = ["SCHEMA_VERSION", "TABLES", "export_plan", "export_rollup"]

SCHEMA_VERSION = 1
"""The layout of the database (``meta.schema_version`` and ``PRAGMA user_version``)."""

_PLAN = "FOREIGN KEY (agency, year) REFERENCES plans (agency, year)"
_TASK = "FOREIGN KEY (agency, year, task_id) REFERENCES tasks (agency, year, id)"

TABLES: dict[str, tuple[str, ...]] = {
    "meta": ("key TEXT NOT NULL PRIMARY KEY", "value TEXT"),
    "agencies": (
        "code TEXT NOT NULL PRIMARY KEY", "name TEXT NOT NULL", "kind TEXT", "source TEXT",
        "revision TEXT", "error TEXT",
    ),
    "agency_findings": (
        "agency TEXT NOT NULL REFERENCES agencies (code)", "seq INTEGER NOT NULL", "file TEXT",
        "line INTEGER", "col INTEGER", "rule TEXT NOT NULL", "message TEXT NOT NULL",
        "severity TEXT NOT NULL", "PRIMARY KEY (agency, seq)",
    ),
    "plans": (
        "agency TEXT NOT NULL REFERENCES agencies (code)", "year INTEGER NOT NULL",
        "document_type TEXT", "title TEXT NOT NULL", "number TEXT", "issued_on TEXT",
        "issuer TEXT", "as_of TEXT NOT NULL", "PRIMARY KEY (agency, year)",
    ),
    "units": (
        "agency TEXT NOT NULL", "year INTEGER NOT NULL", "code TEXT NOT NULL",
        "name TEXT NOT NULL", "kind TEXT NOT NULL", "confirmed INTEGER NOT NULL",
        "members TEXT NOT NULL", "PRIMARY KEY (agency, year, code)", _PLAN,
    ),
    "indexes": (
        "agency TEXT NOT NULL", "year INTEGER NOT NULL", "code TEXT NOT NULL",
        "name TEXT NOT NULL", "basis TEXT", "version TEXT", "max_points REAL",
        "max_confirmed INTEGER NOT NULL", "unit TEXT", "ranked_of INTEGER",
        "confirmed INTEGER NOT NULL", "PRIMARY KEY (agency, year, code)", _PLAN,
    ),
    "index_items": (
        "agency TEXT NOT NULL", "year INTEGER NOT NULL", "index_code TEXT NOT NULL",
        "code TEXT NOT NULL", "parent_code TEXT", "level INTEGER NOT NULL",
        "position INTEGER NOT NULL", "name TEXT NOT NULL", "short_name TEXT", "max_points REAL",
        "max_confirmed INTEGER NOT NULL", "unit TEXT", "confirmed INTEGER NOT NULL",
        "PRIMARY KEY (agency, year, index_code, code)",
        "FOREIGN KEY (agency, year, index_code) REFERENCES indexes (agency, year, code)",
    ),
    "tasks": (
        "agency TEXT NOT NULL", "year INTEGER NOT NULL", "id TEXT NOT NULL", "parent_id TEXT",
        "position INTEGER NOT NULL", "title TEXT NOT NULL", "source TEXT NOT NULL",
        "lead TEXT NOT NULL", "leads TEXT NOT NULL", "supports TEXT NOT NULL",
        "kind TEXT NOT NULL CHECK (kind IN ('once', 'recurring', 'continuous'))",
        "deadline_written TEXT", "deadline TEXT", "output TEXT NOT NULL",
        "carried_over INTEGER NOT NULL", "carried_from_year INTEGER", "carried_from_id TEXT",
        "carried_from_deadline TEXT", "to_confirm TEXT NOT NULL",
        "PRIMARY KEY (agency, year, id)", _PLAN,
        "FOREIGN KEY (agency, year, parent_id) REFERENCES tasks (agency, year, id)",
    ),
    "task_criteria": (
        "agency TEXT NOT NULL", "year INTEGER NOT NULL", "task_id TEXT NOT NULL",
        "criterion TEXT NOT NULL", "index_code TEXT NOT NULL", "code TEXT", "par_field TEXT",
        "par_field_name TEXT", "PRIMARY KEY (agency, year, task_id, criterion)", _TASK,
    ),
    "occurrences": (
        "agency TEXT NOT NULL", "year INTEGER NOT NULL", "key TEXT NOT NULL",
        "task_id TEXT NOT NULL", "period TEXT", "title TEXT NOT NULL", "lead TEXT NOT NULL",
        "deadline TEXT", "original_deadline TEXT", "status_class TEXT NOT NULL",
        "status_label TEXT NOT NULL", "days_overdue INTEGER NOT NULL",
        "days_late INTEGER NOT NULL", "progress_status TEXT NOT NULL", "started_on TEXT",
        "done_on TEXT", "continuous INTEGER NOT NULL", "reported INTEGER NOT NULL",
        "PRIMARY KEY (agency, year, key)", _TASK,
    ),
    "progress_facts": (
        "agency TEXT NOT NULL", "year INTEGER NOT NULL", "key TEXT NOT NULL",
        "task_id TEXT NOT NULL", "period TEXT", "seq INTEGER NOT NULL",
        "kind TEXT NOT NULL CHECK (kind IN ('started', 'done', 'evidence', 'note', "
        "'extension', 'correction', 'carried'))",
        "day TEXT NOT NULL", "text TEXT", "deadline TEXT", "reason TEXT", "document TEXT",
        "note_kind TEXT", "field TEXT", "was TEXT", "now TEXT", "to_year INTEGER",
        "PRIMARY KEY (agency, year, key, seq)", _TASK,
    ),
    "results": (
        "agency TEXT NOT NULL", "year INTEGER NOT NULL", "position INTEGER NOT NULL",
        "criterion TEXT NOT NULL", "index_code TEXT NOT NULL", "code TEXT",
        "result_year INTEGER NOT NULL", "value REAL", "unit TEXT", "rank INTEGER",
        "ranked_of INTEGER", "group_name TEXT", "max_value REAL", "assessment TEXT NOT NULL",
        "known_on TEXT", "source TEXT", "PRIMARY KEY (agency, year, position)", _PLAN,
    ),
    "indicators": (
        "agency TEXT NOT NULL", "year INTEGER NOT NULL", "position INTEGER NOT NULL",
        "indicator TEXT NOT NULL", "index_code TEXT NOT NULL", "code TEXT",
        "period TEXT NOT NULL", "value REAL NOT NULL", "numerator REAL", "denominator REAL",
        "unit TEXT", "source_file TEXT", "source_sha256 TEXT", "imported_on TEXT",
        "mapping TEXT", "source_row INTEGER", "PRIMARY KEY (agency, year, position)", _PLAN,
    ),
    "standings": (
        "agency TEXT NOT NULL PRIMARY KEY REFERENCES agencies (code)", "as_of TEXT NOT NULL",
        "rank INTEGER", "due INTEGER NOT NULL", "done_on_time INTEGER NOT NULL",
        "done_late INTEGER NOT NULL", "overdue INTEGER NOT NULL", "in_progress INTEGER NOT NULL",
        "not_due INTEGER NOT NULL", "continuous INTEGER NOT NULL", "reported INTEGER NOT NULL",
        "with_deadline INTEGER NOT NULL", "percent_of_due REAL", "percent_on_time REAL",
        "percent_of_year REAL",
    ),
    "quarter_standings": (
        "agency TEXT NOT NULL", "year INTEGER NOT NULL",
        "quarter INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4)", "as_of TEXT NOT NULL",
        "due INTEGER NOT NULL", "done INTEGER NOT NULL", "done_on_time INTEGER NOT NULL",
        "done_late INTEGER NOT NULL", "overdue INTEGER NOT NULL", "continuous INTEGER NOT NULL",
        "percent_of_due REAL", "percent_on_time REAL", "PRIMARY KEY (agency, year, quarter)",
        _PLAN,
    ),
}  # fmt: skip
"""Every table in the order it is filled (parents before children), with its columns and
constraints."""

_INDEXES = (
    "CREATE INDEX tasks_lead ON tasks (agency, year, lead)",
    "CREATE INDEX tasks_parent ON tasks (agency, year, parent_id)",
    "CREATE INDEX task_criteria_par_field ON task_criteria (par_field)",
    "CREATE INDEX task_criteria_index ON task_criteria (index_code, code)",
    "CREATE INDEX occurrences_status ON occurrences (status_class, agency)",
    "CREATE INDEX occurrences_task ON occurrences (agency, year, task_id)",
    "CREATE INDEX occurrences_deadline ON occurrences (deadline)",
    "CREATE INDEX progress_facts_task ON progress_facts (agency, year, task_id)",
    "CREATE INDEX progress_facts_kind ON progress_facts (kind, day)",
    "CREATE INDEX results_criterion ON results (index_code, result_year)",
    "CREATE INDEX indicators_indicator ON indicators (indicator, period)",
    "CREATE INDEX quarter_standings_quarter ON quarter_standings (year, quarter)",
)
_VIEWS = (
    "CREATE VIEW par_fields AS SELECT agency, year, code, name, short_name, max_points "
    "FROM index_items WHERE index_code = 'PAR' AND level = 1",
    "CREATE VIEW task_par_fields AS SELECT DISTINCT agency, year, task_id, par_field, "
    "par_field_name FROM task_criteria WHERE par_field IS NOT NULL",
    "CREATE VIEW extensions AS SELECT agency, year, key, task_id, period, seq, "
    "day AS decided_on, deadline, reason, document FROM progress_facts "
    "WHERE kind = 'extension'",
)

_MIN_SQLITE = (3, 37, 0)
"""STRICT tables need SQLite 3.37."""


def schema_statements() -> list[str]:
    """The statements that make the empty database: tables, indexes, views."""
    tables = [
        f"CREATE TABLE {name} (\n  " + ",\n  ".join(columns) + "\n) STRICT"
        for name, columns in TABLES.items()
    ]
    return [*tables, *_INDEXES, *_VIEWS]


def _column_count(name: str) -> int:
    return sum(
        1
        for column in TABLES[name]
        if not column.startswith(("PRIMARY KEY", "FOREIGN KEY", "CHECK"))
    )


def _meta(kind: str, as_of: date, extra: Iterable[tuple[str, str | None]]) -> list[Row]:
    exported_at = datetime.now(UTC).isoformat(timespec="seconds")
    return [
        ("parplan_version", __version__),
        ("schema_version", str(SCHEMA_VERSION)),
        ("exported_at", exported_at),
        ("as_of", iso(as_of)),
        ("kind", kind),
        *extra,
    ]


def _fill(
    connection: sqlite3.Connection, meta: list[Row], agencies: Sequence[ExportedAgency]
) -> None:
    """Create the schema and every row, in one transaction."""
    connection.execute("PRAGMA journal_mode = OFF")
    connection.execute("PRAGMA synchronous = OFF")
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    connection.execute("BEGIN")
    for statement in schema_statements():
        connection.execute(statement)
    inserts = {
        name: f"INSERT INTO {name} VALUES ({', '.join('?' * _column_count(name))})"
        for name in TABLES
    }
    connection.executemany(inserts["meta"], meta)
    for agency in agencies:
        for name, rows in agency_tables(agency).items():
            if rows:
                connection.executemany(inserts[name], rows)
    connection.execute("COMMIT")


def _write_database(
    output: Path, build: Callable[[sqlite3.Connection], None], protected: Iterable[Path]
) -> None:
    """Build the database in memory and write it whole to ``output`` as every document is
    written (:func:`parplan.file_writing.write_output_file`: atomically, never through a link,
    never into a plan folder); a failure leaves ``output`` as it was."""
    if sqlite3.sqlite_version_info < _MIN_SQLITE:
        raise UsageProblem(
            f"SQLite {sqlite3.sqlite_version} quá cũ: cần SQLite 3.37 trở lên để xuất bảng STRICT"
        )
    connection = sqlite3.connect(":memory:", isolation_level=None)
    try:
        build(connection)
        data = connection.serialize()
    except sqlite3.Error as error:
        raise UsageProblem(f"không ghi được '{output}': {error}") from None
    finally:
        connection.close()
    write_output_file(output, data, protected)


def export_plan(plan: Plan, as_of: date, output: Path, protected: Iterable[Path] = ()) -> None:
    """One plan as of ``as_of`` into the database ``output``: the plan's issuer is its one
    agency (code: the issuer's abbreviation, else its name), unranked."""
    status = plan_status(plan, as_of)
    issuer = plan.document.issuer
    agency = ExportedAgency(
        code=issuer.code or issuer.name,
        name=issuer.name,
        kind=None,
        source=str(plan.folder) if plan.folder is not None else None,
        status=status,
    )
    meta = _meta("plan", as_of, [("year", str(plan.year))])
    _write_database(output, lambda connection: _fill(connection, meta, [agency]), protected)


def export_rollup(rollup: Rollup, output: Path, protected: Iterable[Path] = ()) -> None:
    """A province's roll-up into the database ``output``: every agency in the province file's
    order, with its plan, its figures and rank as :func:`parplan.rollup.roll_up` made them; an
    agency without a plan with its error and findings."""
    agencies = []
    for standing in rollup.standings:
        outcome = standing.outcome
        agencies.append(
            ExportedAgency(
                code=outcome.agency.code,
                name=outcome.agency.name,
                kind=outcome.agency.kind,
                source=outcome.source,
                revision=outcome.revision,
                error=outcome.error,
                findings=tuple(
                    (str(f.file), f.line, f.column, f.rule, f.message, f.severity)
                    for f in outcome.findings
                ),
                status=standing.status,
                figures=standing.figures,
                rank=standing.rank,
            )
        )
    province = rollup.province
    meta = _meta(
        "rollup",
        rollup.as_of,
        [
            ("province", province.name),
            ("office", province.office),
            ("ranking", province.ranking.by),
        ],
    )
    _write_database(output, lambda connection: _fill(connection, meta, agencies), protected)
