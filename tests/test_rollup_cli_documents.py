"""``--rollup`` of ``report``, ``site`` and ``export --format sqlite``, from the command line, on a
province file of folders with one agency missing: each document is written, names the agency
that failed, and the command ends with exit 1; the SQLite export of the roll-up answers the
README's three queries with the figures of ``rollup --format json`` (query 3 against the JSON of
each quarter's end)."""

from __future__ import annotations

import itertools
import json
import re
import shutil
import sqlite3
import textwrap
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from .conftest import FIXTURES, ROOT, SHIPPED_PLANS, RunCli

AGENCIES = [
    ("VP", "Văn phòng UBND tỉnh", "văn phòng", SHIPPED_PLANS),
    ("SNV", "Sở Nội vụ", "sở", FIXTURES / "progress-2022"),
    ("SCT", "Sở Công Thương", "sở", FIXTURES / "parts-2022"),
    ("UBND-VL", "UBND huyện Văn Lãng", "ủy ban nhân dân", FIXTURES / "scores-2022"),
]
AS_OF = "2022-12-20"
QUARTER_ENDS = ["2022-03-31", "2022-06-30", "2022-09-30"]
"""The quarters ended by AS_OF: those the export's quarter_standings hold."""


@pytest.fixture
def province(tmp_path: Path) -> Path:
    """tinh.yaml beside a copy of each agency's plans, and one agency whose folder is missing."""
    lines = ["schema_version: 1", "province:", "  name: Tỉnh Lạng Sơn", "  agencies:"]
    for code, name, kind, folder in AGENCIES:
        shutil.copytree(folder, tmp_path / "co-quan" / code / "plans")
        lines += [
            f"    - code: {code}",
            f"      name: {name}",
            f"      kind: {kind}",
            f"      plans: {{folder: co-quan/{code}/plans}}",
            "      year: 2022",
        ]
    lines += [
        "    - code: STP",
        "      name: Sở Tư pháp",
        "      kind: sở",
        "      plans: {folder: co-quan/STP/plans}",
    ]
    path = tmp_path / "tinh.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _json(run_cli: RunCli, province: Path, day: str) -> dict[str, Any]:
    result = run_cli("rollup", str(province), "--as-of", day, "--format", "json")
    assert result.exit_code == 1, result
    payload: dict[str, Any] = json.loads(result.stdout)
    return payload


def _queries() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### The SQLite export", 1)[1].split("\n## ", 1)[0]
    return [textwrap.dedent(query) for query in re.findall(r"```sql\n(.*?)```", section, re.S)]


def test_export_of_the_rollup_answers_the_readme_as_rollup_json_does(
    run_cli: RunCli, province: Path, tmp_path: Path
) -> None:
    database = tmp_path / "tinh.db"
    result = run_cli(
        "export", "--format", "sqlite", "--rollup", str(province), "--output", str(database),
        "--as-of", AS_OF,
    )  # fmt: skip
    assert result.exit_code == 1, result
    assert "STP" in result.stderr
    payload = _json(run_cli, province, AS_OF)
    rolled = {agency["code"]: agency for agency in payload["agencies"] if "figures" in agency}
    queries = _queries()
    with closing(sqlite3.connect(database)) as connection:
        overdue = {row[0]: row[2] for row in connection.execute(queries[0])}
        by_field = list(connection.execute(queries[1]))
        fell = list(connection.execute(queries[2]))
        ranks = dict(connection.execute("SELECT agency, rank FROM standings"))
    # 1: overdue per agency, as the roll-up counts it.
    assert overdue == {code: agency["figures"]["overdue"] for code, agency in rolled.items()}
    assert sum(overdue.values()) == payload["totals"]["overdue"] > 0
    assert ranks == {code: agency["rank"] for code, agency in rolled.items()}
    # 2: the overdue work per PAR field is the roll-up's overdue work of that field.
    fields: dict[str, int] = {}
    for agency in rolled.values():
        for item in agency["overdue"]:
            for field in item["par_fields"]:
                fields[field] = fields.get(field, 0) + 1
    assert {row[0]: row[4] for row in by_field if row[4]} == fields
    # 3: the agencies whose completion fell, as the roll-ups of each quarter's end say.
    quarters = [_json(run_cli, province, day) for day in QUARTER_ENDS]
    expected = []
    for code in sorted(rolled):
        figures = [
            next(a for a in quarter["agencies"] if a["code"] == code)["figures"]["percent_of_due"]
            for quarter in quarters
        ]
        for (before, was), (after, now) in itertools.pairwise(enumerate(figures, start=1)):
            if was is not None and now is not None and now < was:
                expected.append((code, before, was, after, now))
    assert [(row[0], row[3], row[4], row[5], row[6]) for row in fell] == expected
    assert expected  # the fixtures do fall somewhere: the query is tested on a real answer


def test_report_of_the_rollup_is_the_province_summary(
    run_cli: RunCli, province: Path, tmp_path: Path
) -> None:
    result = run_cli(
        "report", "--rollup", str(province), "--quarter", "III", "--year", "2022", "--format", "md"
    )
    assert result.exit_code == 1, result
    text = result.stdout
    assert "quý III năm 2022" in text
    for _code, name, _kind, _folder in AGENCIES:
        assert name in text
    assert "Sở Tư pháp" in text  # listed among the agencies not rolled up
    # A document going to the province names no folder of the machine that made it.
    assert str(tmp_path) not in text
    assert "không tìm thấy thư mục kế hoạch" in text
    docx = tmp_path / "tong-hop.docx"
    written = run_cli(
        "report", "--rollup", str(province), "--quarter", "III", "--year", "2022",
        "--output", str(docx),
    )  # fmt: skip
    assert written.exit_code == 1 and docx.stat().st_size > 0
    again = run_cli(
        "report", "--rollup", str(province), "--quarter", "III", "--year", "2022",
        "--output", str(docx),
    )  # fmt: skip
    assert again.exit_code == 1 and "--force" in again.stderr  # an edited draft is kept


def test_site_of_the_rollup_has_a_page_per_agency(
    run_cli: RunCli, province: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    result = run_cli("site", "--rollup", str(province), "--out", str(out), "--as-of", AS_OF)
    assert result.exit_code == 1, result
    index = (out / "index.html").read_text(encoding="utf-8")
    for code, name, _kind, _folder in AGENCIES:
        assert name in index
        assert (out / "co-quan" / f"{code}.html").is_file()
        assert (out / "co-quan" / code / "index.html").is_file()
    assert "Sở Tư pháp" in index
    pages = [index, *((out / "co-quan" / f"{code}.html").read_text(encoding="utf-8")
                      for code in ("VP", "STP"))]  # fmt: skip
    assert not any(str(tmp_path) in page for page in pages)  # no folder of this machine
    assert "thư mục co-quan/VP/plans" in pages[1]


def test_rollup_is_only_for_sqlite_export(run_cli: RunCli, province: Path) -> None:
    result = run_cli("export", "--rollup", str(province))
    assert result.exit_code == 2
    assert "--format sqlite" in result.stderr
