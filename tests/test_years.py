"""The years side by side: ``parplan years``, ``status --year`` with two years in the folder, and
the site of several years with its year switcher.

The plans folder of these tests holds the 2022 plan of tests/fixtures/progress-2022, where the
office recorded on 20/12/2022 that D-CHUA-LAM is carried into 2023, and the 2023 plan of
tests/fixtures/years-2023 (D-CHUA-LAM carried from 2022, a unit new in 2023)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from .conftest import FIXTURES, RunCli

CARRIED = "      carried: {on: 20/12/2022, to_year: 2023, reason: Chờ hướng dẫn của Bộ Nội vụ}\n"
FIGURES = (
    "due", "done_on_time", "done_late", "overdue", "continuous", "percent_of_due",
    "percent_on_time", "carried",
)  # fmt: skip


def _two_years(root: Path) -> Path:
    plans = root / "plans"
    shutil.copytree(FIXTURES / "progress-2022", plans / "2022")
    shutil.copytree(FIXTURES / "years-2023", plans / "2023")
    progress = plans / "2022" / "tien-do.yaml"
    text = progress.read_text(encoding="utf-8")
    marker = "    output: Văn bản D\n"
    assert text.count(marker) == 1
    progress.write_text(text.replace(marker, f"{marker}    progress:\n{CARRIED}"), encoding="utf-8")
    return plans


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    return _two_years(tmp_path)


def _json(run_cli: RunCli, *args: str) -> Any:
    result = run_cli(*args)
    assert result.exit_code == 0, result
    return json.loads(result.stdout)


def _rate(part: int, whole: int) -> float | None:
    return (1000 * part // whole) / 10 if whole else None


def _expected(status: dict[str, Any], tally: dict[str, Any], carried: int) -> dict[str, Any]:
    """The figures of a year (or a unit) as ``status --format json`` gives them."""
    counts = tally["counts"]
    return {
        "due": tally["due"],
        "done_on_time": counts["done_on_time"],
        "done_late": counts["done_late"],
        "overdue": tally["overdue"],
        "continuous": tally["continuous"],
        "percent_of_due": tally["percent_of_due"],
        "percent_on_time": _rate(counts["done_on_time"], tally["due"]),
        "carried": carried,
    }


def _status_tally(status: dict[str, Any]) -> dict[str, Any]:
    """The whole plan's tally as status JSON states it (headline and counts)."""
    headline = status["headline"]
    counts = status["counts"]
    return {
        "due": headline["due"],
        "overdue": counts["overdue"],
        "continuous": headline["continuous"],
        "percent_of_due": headline["percent_of_due"],
        "counts": counts,
    }


@pytest.mark.parametrize(
    ("as_of", "shown", "carried_2022"),
    [
        ("2023-09-30", {2022: "2022-12-31", 2023: "2023-09-30"}, 1),
        ("2024-02-01", {2022: "2022-12-31", 2023: "2023-12-31"}, 1),
        ("2022-12-31", {2022: "2022-12-31"}, 1),
        ("2022-12-19", {2022: "2022-12-19"}, 0),  # carried on 20/12: not known yet
    ],
)
def test_each_year_is_its_own_status_as_of_its_day(
    run_cli: RunCli, plans: Path, as_of: str, shown: dict[int, str], carried_2022: int
) -> None:
    payload = _json(run_cli, "years", "--plans", str(plans), "--as-of", as_of, "--format", "json")
    assert {row["year"]: row["as_of"] for row in payload["years"]} == shown
    assert [entry["year"] for entry in payload["not_begun"]] == (
        [2023] if 2023 not in shown else []
    )
    carried = {2022: carried_2022, 2023: 0}
    for row in payload["years"]:
        status = _json(
            run_cli, "status", "--plans", str(plans), "--year", str(row["year"]),
            "--as-of", row["as_of"], "--format", "json",
        )  # fmt: skip
        assert (status["year"], status["as_of"]) == (row["year"], row["as_of"])
        expected = _expected(status, _status_tally(status), carried[row["year"]])
        assert {key: row[key] for key in FIGURES} == expected, row["year"]
        units = {
            unit["code"]: year
            for unit in payload["units"]
            for year in unit["years"]
            if year["year"] == row["year"]
        }
        assert set(units) == {department["code"] for department in status["departments"]}
        for department in status["departments"]:
            unit_carried = carried[row["year"]] if department["code"] == "KSTTHC" else 0
            unit_expected = _expected(status, department, unit_carried)
            assert {key: units[department["code"]][key] for key in FIGURES} == unit_expected


def test_units_are_matched_across_years_by_code(run_cli: RunCli, plans: Path) -> None:
    payload = _json(
        run_cli, "years", "--plans", str(plans), "--as-of", "2023-09-30", "--format", "json"
    )
    by_code = {unit["code"]: [year["year"] for year in unit["years"]] for unit in payload["units"]}
    assert by_code == {"HCTC": [2022, 2023], "KSTTHC": [2022, 2023], "TTPVHCC": [2023]}
    assert [unit["name"] for unit in payload["units"]] == [
        "Phòng Hành chính - Tổ chức",
        "Phòng Kiểm soát thủ tục hành chính",
        "Trung tâm Phục vụ hành chính công",
    ]


def test_one_unit_across_the_years(run_cli: RunCli, plans: Path) -> None:
    payload = _json(
        run_cli, "years", "--plans", str(plans), "--as-of", "2023-09-30", "-d", "kstthc",
        "--format", "json",
    )  # fmt: skip
    assert payload["department"] == "KSTTHC"
    assert [unit["code"] for unit in payload["units"]] == ["KSTTHC"]
    for row in payload["years"]:
        status = _json(
            run_cli, "status", "--plans", str(plans), "--year", str(row["year"]),
            "--as-of", row["as_of"], "-d", "KSTTHC", "--format", "json",
        )  # fmt: skip
        carried = 1 if row["year"] == 2022 else 0
        assert {key: row[key] for key in FIGURES} == _expected(
            status, _status_tally(status), carried
        )
    # A unit only 2023 has: 2022 has no work of it.
    payload = _json(
        run_cli, "years", "--plans", str(plans), "--as-of", "2023-09-30", "-d", "TTPVHCC",
        "--format", "json",
    )  # fmt: skip
    assert [(row["year"], row["due"]) for row in payload["years"]] == [(2022, 0), (2023, 1)]
    result = run_cli("years", "--plans", str(plans), "-d", "KHONGCO")
    assert result.exit_code == 2
    assert "không có đơn vị 'KHONGCO'" in result.stderr


def test_text_and_markdown_show_the_same_figures(run_cli: RunCli, plans: Path) -> None:
    args = ("years", "--plans", str(plans), "--as-of", "2023-09-30")
    payload = _json(run_cli, *args, "--format", "json")
    text = run_cli(*args, env={"COLUMNS": "120"})
    assert text.exit_code == 0, text
    markdown = run_cli(*args, "--format", "md")
    assert markdown.exit_code == 0, markdown
    assert "Trung tâm Phục vụ hành chính công (TTPVHCC)" in text.stdout
    assert "tính đến ngày 30/09/2023" in text.stdout
    for row in payload["years"]:
        cells = [row["texts"][key] for key in FIGURES]
        line = f"| {row['year']} | {row['as_of_text']} | " + " | ".join(cells) + " |"
        assert line in markdown.stdout
        text_line = next(
            line for line in text.stdout.splitlines() if line.strip().startswith(str(row["year"]))
        )
        assert text_line.split()[2:] == cells, text_line
    assert payload["years"][0]["texts"]["percent_of_due"] == "44,4%"
    assert "| Trung tâm Phục vụ hành chính công (TTPVHCC) | 2023 |" in markdown.stdout


def test_a_year_not_begun_is_named_not_counted(run_cli: RunCli, plans: Path) -> None:
    args = ("years", "--plans", str(plans), "--as-of", "2022-09-30")
    text = run_cli(*args)
    assert text.exit_code == 0, text
    assert "Năm 2023 chưa bắt đầu vào ngày 30/09/2022: chưa tính." in text.stdout
    markdown = run_cli(*args, "--format", "md").stdout
    assert "| 2022 | 30/09/2022 |" in markdown and "| 2023 |" not in markdown


def test_a_plan_that_does_not_validate_is_listed_with_its_error(
    run_cli: RunCli, plans: Path
) -> None:
    shutil.copytree(FIXTURES / "minimal", plans / "2021")
    document = plans / "2021" / "ke-hoach.yaml"
    document.write_text(
        document.read_text(encoding="utf-8").replace("year: 2022", "year: 2021"), encoding="utf-8"
    )  # its deadlines stay in 2022: deadline-outside-year
    result = run_cli("years", "--plans", str(plans), "--as-of", "2023-09-30", "--format", "json")
    assert result.exit_code == 1, result
    payload = json.loads(result.stdout)
    rows = {row["year"]: row for row in payload["years"]}
    assert sorted(rows) == [2021, 2022, 2023]
    assert rows[2021]["ok"] is False and "due" not in rows[2021]
    assert "[deadline-outside-year]" in rows[2021]["error_text"]
    assert rows[2022]["ok"] and rows[2022]["due"] == 9
    assert "phu-luc.yaml" in result.stderr and "[deadline-outside-year]" in result.stderr
    assert "kế hoạch năm 2021" in result.stderr and "không tính vào bảng so sánh" in result.stderr
    text = run_cli("years", "--plans", str(plans), "--as-of", "2023-09-30", env={"COLUMNS": "200"})
    assert text.exit_code == 1
    assert "Năm 2021" in text.stdout and "kế hoạch có 1 lỗi, không tính" in text.stdout


def test_two_plans_of_one_year_are_both_listed_with_their_error(
    run_cli: RunCli, plans: Path
) -> None:
    shutil.copytree(plans / "2023", plans / "2023-ban-sao")
    result = run_cli("years", "--plans", str(plans), "--as-of", "2023-09-30", "--format", "json")
    assert result.exit_code == 1, result
    rows = json.loads(result.stdout)["years"]
    assert [(row["year"], row["ok"]) for row in rows] == [
        (2022, True), (2023, False), (2023, False),
    ]  # fmt: skip
    assert all("[plan-year-duplicate]" in row["error_text"] for row in rows[1:])


def test_no_plans_folder_is_a_usage_error(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("years", "--plans", str(tmp_path / "khong-co"))
    assert result.exit_code == 2
    assert "không tìm thấy thư mục kế hoạch" in result.stderr


def test_status_year_with_two_years_in_the_folder(run_cli: RunCli, plans: Path) -> None:
    late = ("--plans", str(plans), "--as-of", "2023-03-01", "--format", "json")
    assert _json(run_cli, "status", *late)["year"] == 2023
    last_year = _json(run_cli, "status", "--year", "2022", *late)
    assert (last_year["year"], last_year["as_of"]) == (2022, "2023-03-01")
    assert [item["id"] for item in last_year["overdue"]][:1] == ["D-CHUA-LAM"]
    this_year = _json(run_cli, "status", "--year", "2023", *late)
    assert all(item["id"] != "A-DUNG-HAN" for item in this_year["overdue"])
    missing = run_cli("status", "--year", "2021", *late)
    assert missing.exit_code == 2
    assert "không có kế hoạch năm 2021" in missing.stderr and "2022, 2023" in missing.stderr


# --- The site of several years -------------------------------------------------------------

SWITCHER = re.compile(r'<nav class="years" aria-label="Năm kế hoạch">(.*?)</nav>', re.S)
HREF = re.compile(r'<a href="([^"]+)"( aria-current="page")?')


def _switcher(page: Path) -> list[tuple[str, bool]]:
    found = SWITCHER.findall(page.read_text(encoding="utf-8"))
    assert len(found) == 1, page
    return [(href, bool(current)) for href, current in HREF.findall(found[0])]


def _site(run_cli: RunCli, plans: Path, out: Path, *args: str, code: int = 0) -> str:
    result = run_cli("site", "--plans", str(plans), "--out", str(out), *args)
    assert result.exit_code == code, result
    return result.stdout


def test_the_site_has_every_year_and_a_switcher_on_every_page(
    run_cli: RunCli, plans: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    said = _site(run_cli, plans, out, "--as-of", "2023-09-30")
    assert "các năm 2022, 2023" in said
    pages = sorted(out.rglob("*.html"))
    by_year = {
        year: {
            p.relative_to(out / str(year)).as_posix()
            for p in pages
            if p.is_relative_to(out / str(year))
        }
        for year in (2022, 2023)
    }
    assert {"index.html", "chi-so.html", "don-vi/HCTC.html", "nhiem-vu/D-CHUA-LAM.html"} <= (
        by_year[2022] & by_year[2023]
    )
    assert "don-vi/TTPVHCC.html" in by_year[2023] - by_year[2022]
    site_pages = [p for p in pages if "bao-cao" not in p.parts]  # the reports are documents
    assert len(site_pages) > 20
    for page in site_pages:
        html = page.read_text(encoding="utf-8")
        assert '<html lang="vi-VN">' in html, page
        links = _switcher(page)
        for href, _ in links:
            assert (page.parent / href).resolve().is_file(), (page, href)
        if page == out / "index.html":
            continue
        year = int(page.relative_to(out).parts[0])
        relative = page.relative_to(out / str(year)).as_posix()
        current = [href for href, is_current in links if is_current]
        assert len(current) == 1 and (page.parent / current[0]).resolve() == page.resolve()
        for other in (2022, 2023):
            (href,) = [h for h, _ in links if f"../{other}/" in h]
            target = relative if relative in by_year[other] else "index.html"
            assert (page.parent / href).resolve() == (out / str(other) / target).resolve()
        assert any((page.parent / h).resolve() == out / "index.html" for h, _ in links)
    # each year as of its own day
    assert "Tình hình tính đến ngày 31/12/2022" in (out / "2022" / "index.html").read_text("utf-8")
    assert "Tình hình tính đến ngày 30/09/2023" in (out / "2023" / "index.html").read_text("utf-8")


def test_the_front_page_sets_the_years_side_by_side(
    run_cli: RunCli, plans: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    _site(run_cli, plans, out, "--as-of", "2023-09-30")
    payload = _json(
        run_cli, "years", "--plans", str(plans), "--as-of", "2023-09-30", "--format", "json"
    )
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "Kết quả thực hiện Kế hoạch qua các năm" in html
    assert 'href="2023/index.html"><strong>Kế hoạch năm 2023</strong>' in html  # the current year
    for row in payload["years"]:
        found = re.search(rf'<tr data-year="{row["year"]}">(.*?)</tr>', html, re.S)
        assert found is not None
        cells = re.findall(r'<td class="num[^"]*">([^<]*)</td>', found.group(1))
        assert cells == [row["texts"][key] for key in FIGURES]
    for href in re.findall(r'href="([^"]+)"', html):
        assert (out / href).is_file(), href


def test_a_year_not_begun_gets_no_pages(run_cli: RunCli, plans: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    said = _site(run_cli, plans, out, "--as-of", "2022-12-20")
    assert "Năm 2023 chưa bắt đầu vào ngày 20/12/2022: chưa có trang." in said
    assert (out / "2022" / "index.html").is_file() and not (out / "2023").exists()
    assert "Kế hoạch năm 2023 chưa bắt đầu vào ngày 20/12/2022" in (out / "index.html").read_text(
        encoding="utf-8"
    )
    assert [href for href, _ in _switcher(out / "2022" / "don-vi" / "HCTC.html")] == [
        "../../2022/don-vi/HCTC.html",
        "../../index.html",
    ]


def test_a_year_that_does_not_validate_is_named_on_the_front_page(
    run_cli: RunCli, plans: Path, tmp_path: Path
) -> None:
    broken = plans / "2022" / "tien-do.yaml"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("lead: HCTC", "lead: KHONGCO", 1), "utf-8"
    )
    out = tmp_path / "site"
    _site(run_cli, plans, out, "--as-of", "2023-09-30", code=1)
    assert not (out / "2022").exists() and (out / "2023" / "index.html").is_file()
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "[unit-unknown]" in html


def test_one_year_or_year_option_keeps_the_site_of_one_year(
    run_cli: RunCli, plans: Path, tmp_path: Path
) -> None:
    out = tmp_path / "one"
    _site(run_cli, plans, out, "--as-of", "2023-09-30", "--year", "2022")
    assert (out / "index.html").is_file() and not (out / "2022").exists()
    assert "Năm kế hoạch" not in (out / "index.html").read_text(encoding="utf-8")
    shutil.rmtree(plans / "2023")
    out = tmp_path / "single"
    _site(run_cli, plans, out, "--as-of", "2022-09-30")
    assert sorted(p.name for p in out.iterdir()) == [
        "bao-cao", "chi-so.html", "don-vi", "index.html", "nhiem-vu",
    ]  # fmt: skip
    assert 'aria-label="Năm kế hoạch"' not in (out / "nhiem-vu" / "A-DUNG-HAN.html").read_text(
        encoding="utf-8"
    )
