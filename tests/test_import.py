"""``parplan import`` and ``parplan result``: statistics files in the layout of a one-stop system's
"báo cáo theo QĐ 766" (constructed: see tests/fixtures/import-766/README.md), made here as CSV and
XLSX, read into the plan's measurements with their provenance; files that do not match refused
with their row or column named and every plan file left byte for byte; results recorded and
changed in place; parallel imports losing nothing."""

from __future__ import annotations

import codecs
import hashlib
import io
import shutil
import subprocess
import sys
import unicodedata
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from parplan.periods import Period
from parplan.section_edit import edited_text
from parplan.statistics_mapping import number_in, period_in

from .conftest import FIXTURES, RunCli

PLAN = FIXTURES / "import-766"
SHEET = "Báo cáo 766"
HEADER = (
    "Kỳ báo cáo",
    "Tổng số TTHC công bố",
    "Số TTHC công bố đúng hạn",
    "Tổng số hồ sơ",
    "Số hồ sơ đúng hạn",
    "Tỷ lệ số hóa hồ sơ (%)",
)
QUARTERS: list[tuple[Any, ...]] = [
    ("Quý I/2022", 12, 11, 1250, 1190, 45.5),
    ("Quý II/2022", 10, 10, 1400, 1330, 52.25),
    ("Tổng cộng", 22, 21, 2650, 2520, None),
]
ON = ("--on", "10/07/2022")
MAPPING = ("--mapping", "mot-cua-766")


def _plan(tmp_path: Path) -> Path:
    plan = tmp_path / "plans" / "2022"
    shutil.copytree(PLAN, plan)
    return plan


def _table(rows: list[tuple[Any, ...]], header: tuple[str, ...] = HEADER) -> list[tuple[Any, ...]]:
    """A title in rows 1–2, the column names in row 3, then the rows."""
    return [("BÁO CÁO THEO QUYẾT ĐỊNH 766/QĐ-TTg",), ("Tỉnh Thử nghiệm",), header, *rows]


def _csv_text(rows: list[tuple[Any, ...]]) -> str:
    def cell(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, float):
            return f"{value}".replace(".", ",")
        if isinstance(value, int):
            return f"{value:,}".replace(",", ".")  # 1.250: thousands as the export writes them
        return str(value)

    return "".join(";".join(cell(value) for value in row) + "\r\n" for row in rows)


def _csv(path: Path, rows: list[tuple[Any, ...]]) -> Path:
    path.write_bytes(codecs.BOM_UTF8 + _csv_text(_table(rows)).encode("utf-8"))
    return path


def _xlsx(path: Path, rows: list[tuple[Any, ...]], sheet: str = SHEET) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    guide = book.active
    assert guide is not None
    guide.title = "Hướng dẫn"  # the sheet the mapping names is not the first
    guide.append(("Trang này không có số liệu",))
    data = book.create_sheet(sheet)
    for row in _table(rows):
        data.append(list(row))
    book.save(path)
    return path


MAKERS = {"csv": _csv, "xlsx": _xlsx}


def _files(plan: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(plan.iterdir())}


def _measurements(plan: Path) -> dict[tuple[str, str], dict[str, Any]]:
    data = YAML(typ="safe").load((plan / "so-lieu.yaml").read_text(encoding="utf-8"))
    return {(item["indicator"], item["period"]): item for item in data["measurements"]}


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_export_imports_with_its_provenance(run_cli: RunCli, tmp_path: Path, kind: str) -> None:
    plan = _plan(tmp_path)
    before = _files(plan)
    made = MAKERS[kind](tmp_path / f"bao-cao-766.{kind}", QUARTERS)
    result = run_cli("import", str(made), *MAPPING, "--plans", str(plan), *ON)
    assert result.exit_code == 0, result
    assert "bỏ qua dòng 6: dòng tổng cộng ('Tổng cộng')" in result.stdout
    assert "Thay số liệu DVC766 2.1 quý I: 90 (ghi tay) → 95,2" in result.stdout
    assert "5 số liệu mới, 1 thay số liệu đã có, 0 không đổi" in result.stdout
    measured = _measurements(plan)
    assert set(measured) == {
        (indicator, period)
        for indicator in ("DVC766 1.1", "DVC766 2.1", "DVC766 3.1")
        for period in ("Q1", "Q2")
    }
    on_time = measured["DVC766 2.1", "Q1"]
    source = {
        "file": made.name,
        "sha256": hashlib.sha256(made.read_bytes()).hexdigest(),
        "imported_on": "10/07/2022",
        "mapping": "mot-cua-766",
        "row": 4,
    }
    assert on_time == {
        "indicator": "DVC766 2.1",
        "period": "Q1",
        "value": 95.2,
        "numerator": 1190,
        "denominator": 1250,
        "unit": "%",
        "source": source,
    }
    assert measured["DVC766 1.1", "Q1"]["value"] == 91.67  # 11 / 12, to two decimals
    assert measured["DVC766 1.1", "Q2"]["value"] == 100
    assert measured["DVC766 3.1", "Q2"] == {
        "indicator": "DVC766 3.1",
        "period": "Q2",
        "value": 52.25,
        "unit": "%",
        "source": {**source, "row": 5},
    }
    text = (plan / "so-lieu.yaml").read_text(encoding="utf-8")
    for kept in (
        "# Số liệu các chỉ tiêu đo được (dữ liệu thử).\n",
        "  # Ghi tay trước khi có tệp xuất: thay bằng số liệu nhập từ tệp khi có.\n",
        "  # ước tính\n",
        "\n# Hết.\n",
    ):
        assert kept.strip().removeprefix("# ") in text, kept
    assert text.endswith("\n# Hết.\n")
    after = _files(plan)
    assert {name for name in after if after[name] != before[name]} == {"so-lieu.yaml"}
    assert run_cli("validate", str(plan)).exit_code == 0
    again = run_cli("import", str(made), *MAPPING, "--plans", str(plan), "--on", "11/07/2022")
    assert again.exit_code == 0, again
    assert "Không có gì thay đổi: 6 số liệu đã có" in again.stdout
    assert _files(plan) == after


def test_a_rate_shown_as_a_percentage_in_excel_reads_as_the_percentage(
    run_cli: RunCli, tmp_path: Path
) -> None:
    """Excel holds 52,25% as 0,5225 with a % format: the plan's value is 52.25."""
    from openpyxl import load_workbook

    made = _xlsx(tmp_path / "phan-tram.xlsx", [("Quý II/2022", 10, 10, 1400, 1330, 0.5225)])
    book = load_workbook(made)
    book[SHEET]["F4"].number_format = "0.00%"
    book.save(made)
    plan = _plan(tmp_path)
    assert run_cli("import", str(made), *MAPPING, "--plans", str(plan), *ON).exit_code == 0
    assert _measurements(plan)["DVC766 3.1", "Q2"]["value"] == 52.25


def test_a_later_export_replaces_the_periods_it_holds(run_cli: RunCli, tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    first = _csv(tmp_path / "quy-1.csv", QUARTERS[:1])
    assert run_cli("import", str(first), *MAPPING, "--plans", str(plan), *ON).exit_code == 0
    corrected = _csv(tmp_path / "quy-1-sua.csv", [("Quý 1", 12, 12, 1250, 1200, 46.0)])
    result = run_cli("import", str(corrected), *MAPPING, "--plans", str(plan), *ON)
    assert result.exit_code == 0, result
    assert "Thay số liệu DVC766 2.1 quý I: 95,2 (từ tệp 'quy-1.csv') → 96" in result.stdout
    measured = _measurements(plan)
    assert len(measured) == 3
    assert measured["DVC766 2.1", "Q1"]["source"]["file"] == "quy-1-sua.csv"
    assert measured["DVC766 1.1", "Q1"]["value"] == 100


def _refused(run_cli: RunCli, plan: Path, made: Path, *expected: str) -> None:
    before = _files(plan)
    result = run_cli("import", str(made), *MAPPING, "--plans", str(plan), *ON)
    assert result.exit_code == 1, result
    message = " ".join(result.stderr.split())
    assert f"tệp '{made.name}'" in message
    for part in expected:
        assert part in message, (part, result.stderr)
    assert _files(plan) == before  # every plan file byte for byte


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_renamed_column_is_named_with_what_the_header_holds(
    run_cli: RunCli, tmp_path: Path, kind: str
) -> None:
    header = tuple("Số HS đúng hạn" if name == "Số hồ sơ đúng hạn" else name for name in HEADER)
    made = tmp_path / f"doi-ten.{kind}"
    if kind == "csv":
        made.write_text(_csv_text(_table(QUARTERS, header)), encoding="utf-8")
    else:
        _xlsx(made, [header, *QUARTERS])  # the renamed header in row 3
        from openpyxl import load_workbook

        book = load_workbook(made)
        book[SHEET].delete_rows(3)  # the original header row goes: row 3 is the renamed one
        book.save(made)
    _refused(
        run_cli,
        _plan(tmp_path),
        made,
        "dòng tiêu đề 3: không có cột 'Số hồ sơ đúng hạn'",
        "'Tổng số hồ sơ'; 'Số HS đúng hạn';",
        "gần nhất: 'Số HS đúng hạn'",
    )


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_text_in_a_number_column_is_named_by_row_and_column(
    run_cli: RunCli, tmp_path: Path, kind: str
) -> None:
    rows = [QUARTERS[0], ("Quý II/2022", 10, 10, "mười bốn trăm", 1330, 52.25)]
    made = MAKERS[kind](tmp_path / f"chu.{kind}", rows)
    _refused(
        run_cli,
        _plan(tmp_path),
        made,
        "không khớp cách đọc 'mot-cua-766' (1 lỗi), không ghi số liệu nào",
        "dòng 5, cột 'Tổng số hồ sơ' (D): 'mười bốn trăm' không phải số",
    )


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_duplicated_period_names_both_rows(run_cli: RunCli, tmp_path: Path, kind: str) -> None:
    rows = [*QUARTERS[:2], ("Quý 1 năm 2022", 12, 12, 1250, 1200, 46.0)]
    made = MAKERS[kind](tmp_path / f"trung.{kind}", rows)
    _refused(
        run_cli,
        _plan(tmp_path),
        made,
        "dòng 4 và dòng 6 cùng ghi kỳ Q1 (quý I): mỗi kỳ một dòng",
    )


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (("Quý II/2022", 0, 0, 1400, 1330, 52.25), "dòng 5, cột 'Tổng số TTHC công bố' (B): mẫu số bằng 0"),
        ((None, 10, 10, 1400, 1330, 52.25), "dòng 5, cột 'Kỳ báo cáo' (A): ô kỳ trống"),
        (("Quý V", 10, 10, 1400, 1330, 52.25), "dòng 5, cột 'Kỳ báo cáo' (A): không đọc được kỳ 'Quý V'"),
        (("Quý II/2021", 10, 10, 1400, 1330, 52.25), "thuộc năm 2021, không phải năm 2022 của kế hoạch"),
        (("Quý II/2022", 10, 11, 1400, 1330, 52.25), "dòng 5, cột 'Tổng số TTHC công bố' (B): tử số 11"),
        (("Quý II/2022", 10, 10, 1400, None, 52.25), "dòng 5, cột 'Số hồ sơ đúng hạn' (E): ô trống"),
    ],
)  # fmt: skip
def test_other_mismatches_are_refused(
    run_cli: RunCli, tmp_path: Path, row: tuple[Any, ...], expected: str
) -> None:
    made = _csv(tmp_path / "sai.csv", [QUARTERS[0], row])
    _refused(run_cli, _plan(tmp_path), made, expected)


def test_a_missing_sheet_is_named_with_the_sheets_there(run_cli: RunCli, tmp_path: Path) -> None:
    made = _xlsx(tmp_path / "trang.xlsx", QUARTERS, sheet="Bao cao 776")
    _refused(
        run_cli,
        _plan(tmp_path),
        made,
        "không có trang tính 'Báo cáo 766'; các trang tính: 'Hướng dẫn', 'Bao cao 776'",
        "gần nhất: 'Bao cao 776'",
    )


def test_an_unknown_mapping_or_a_day_to_come_is_a_usage_error(
    run_cli: RunCli, tmp_path: Path
) -> None:
    plan = _plan(tmp_path)
    before = _files(plan)
    made = _csv(tmp_path / "a.csv", QUARTERS)
    result = run_cli("import", str(made), "--mapping", "mot-cua", "--plans", str(plan))
    assert result.exit_code == 2, result
    assert "không có cách đọc 'mot-cua' trong phần imports; có: mot-cua-766" in result.stderr
    future = run_cli("import", str(made), *MAPPING, "--plans", str(plan), "--on", "2099-12-31")
    assert future.exit_code == 2
    assert "là ngày chưa tới" in future.stderr
    assert _files(plan) == before


def test_a_zip_bomb_is_refused_unread(run_cli: RunCli, tmp_path: Path) -> None:
    made = _xlsx(tmp_path / "bom.xlsx", QUARTERS)
    with zipfile.ZipFile(made, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", bytes(70 * 1024 * 1024))  # 70 MB of zeros
    assert made.stat().st_size < 1024 * 1024
    _refused(run_cli, _plan(tmp_path), made, "khi giải nén lớn 70 MB (tối đa 64 MB): không đọc")


def test_an_xlsx_with_a_dtd_is_refused(run_cli: RunCli, tmp_path: Path) -> None:
    made = _xlsx(tmp_path / "dtd.xlsx", QUARTERS)
    laughs = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><sst/>'
    with zipfile.ZipFile(made, "a") as archive:
        archive.writestr("xl/extra.xml", laughs)
    _refused(run_cli, _plan(tmp_path), made, "phần 'xl/extra.xml' khai báo DTD")


def test_too_many_rows_are_refused(run_cli: RunCli, tmp_path: Path) -> None:
    made = tmp_path / "dai.csv"
    made.write_text(_csv_text(_table([("Tháng 1", 1, 1, 1, 1, 1.0)] * 10_000)), encoding="utf-8")
    _refused(run_cli, _plan(tmp_path), made, "có hơn 10.000 dòng")


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: a letter with its tone as a letter and a
    combining tone mark where the code page has no precomposed letter."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out += (base + "".join(c for c in parts if c in tones)).encode("cp1258")
    return out


@pytest.mark.parametrize(
    "encode",
    [_cp1258, lambda text: text.encode("utf-16"), lambda text: text.encode("utf-16-le")],
    ids=["windows-1258", "utf-16", "utf-16-no-bom"],
)
def test_other_encodings_of_a_csv_read(run_cli: RunCli, tmp_path: Path, encode: Any) -> None:
    plan = _plan(tmp_path)
    made = tmp_path / "ma.csv"
    made.write_bytes(encode(_csv_text(_table(QUARTERS[:1]))))
    result = run_cli("import", str(made), *MAPPING, "--plans", str(plan), *ON)
    assert result.exit_code == 0, result
    assert _measurements(plan)["DVC766 1.1", "Q1"]["value"] == 91.67


def test_an_import_makes_so_lieu_yaml_when_no_file_holds_measurements(
    run_cli: RunCli, tmp_path: Path
) -> None:
    plan = _plan(tmp_path)
    (plan / "so-lieu.yaml").unlink()
    made = _csv(tmp_path / "a.csv", QUARTERS)
    result = run_cli("import", str(made), *MAPPING, "--plans", str(plan), *ON)
    assert result.exit_code == 0, result
    text = (plan / "so-lieu.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Số liệu các chỉ tiêu đo được trong năm")
    assert "schema_version: 2\n\nmeasurements:\n  - indicator: DVC766 1.1\n" in text
    assert len(_measurements(plan)) == 6
    assert run_cli("validate", str(plan)).exit_code == 0


@pytest.mark.parametrize(
    ("cell", "period"),
    [
        ("Quý 1", Period.Q1), ("Q1", Period.Q1), ("Quý I", Period.Q1), ("Quý I/2022", Period.Q1),
        ("Tháng 3", Period.T3), ("T3", Period.T3), ("03/2022", Period.T3), ("2022-03", Period.T3),
        ("Tháng 3 năm 2022", Period.T3), (date(2022, 3, 1), Period.T3), ("6 tháng", Period.H1),
        ("6 tháng đầu năm 2022", Period.H1), ("9 tháng", Period.M9), ("Năm", Period.Y),
        ("Năm 2022", Period.Y), ("Từ 01/07/2022 đến 30/09/2022", Period.Q3),
    ],
)  # fmt: skip
def test_periods_as_exports_write_them(cell: Any, period: Period) -> None:
    assert period_in(cell, 2022) == (period, "")


@pytest.mark.parametrize(
    ("cell", "problem"),
    [
        ("3", "không rõ là kỳ nào"), (3, "không rõ là kỳ nào"), ("Quý 1/2021", "thuộc năm 2021"),
        ("31/03/2022", "là một ngày"), ("Từ 01/01/2022 đến 15/03/2022", "không phải một kỳ báo cáo"),
        ("13/2022", "không có tháng 13"),
    ],
)  # fmt: skip
def test_periods_that_do_not_read(cell: Any, problem: str) -> None:
    found, message = period_in(cell, 2022)
    assert found is None
    assert problem in message


@pytest.mark.parametrize(
    ("cell", "decimal", "number"),
    [
        ("1.234,5", ",", 1234.5), ("95,5%", ",", 95.5), ("1 250", ",", 1250), ("1,234.5", ".", 1234.5),
        (12, ",", 12), (None, ",", None),
    ],
)  # fmt: skip
def test_numbers_read_with_the_mapping_s_decimal_sign(
    cell: Any, decimal: str, number: float | None
) -> None:
    assert number_in(cell, decimal) == (number, None)


def test_a_number_with_the_other_decimal_sign_says_so() -> None:
    assert number_in("95.5", ",")[1] == (
        "'95.5' không phải số (cách đọc dùng dấu thập phân ','; số này viết dấu '.'?)"
    )
    assert number_in("-3", ",")[1] is not None


ENTRY = {"indicator": "DVC766 2.1", "period": "Q3", "value": 97.5}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "schema_version: 2\r\nmeasurements: []  # chưa có\r\n",
            "schema_version: 2\r\nmeasurements:  # chưa có\r\n  - indicator: DVC766 2.1\r\n"
            "    period: Q3\r\n    value: 97.5\r\n",
        ),
        (
            "schema_version: 2\nimports: []",
            "schema_version: 2\nimports: []\n\nmeasurements:\n  - indicator: DVC766 2.1\n"
            "    period: Q3\n    value: 97.5\n",
        ),
        (
            "measurements:\n- indicator: DVC766 1.1\n  period: Q1\n  value: 90\n# sau\nschema_version: 2\n",
            "measurements:\n- indicator: DVC766 1.1\n  period: Q1\n  value: 90\n- indicator: DVC766 2.1\n"
            "  period: Q3\n  value: 97.5\n# sau\nschema_version: 2\n",
        ),
    ],
    ids=["empty-flow-crlf", "no-section-no-final-newline", "after-the-last-entry"],
)
def test_entries_are_added_where_the_section_is(text: str, expected: str) -> None:
    assert edited_text(text, "measurements", {}, [ENTRY])[0] == expected


def _result(run_cli: RunCli, plan: Path, *options: str) -> Any:
    return run_cli("result", *options, "--plans", str(plan))


def test_result_changes_a_result_in_place(run_cli: RunCli, tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    path = plan / "ket-qua.yaml"
    before = path.read_text(encoding="utf-8").splitlines(keepends=True)
    done = _result(run_cli, plan, "DVC766", "--year", "2022", "--value", "80,25", "--self")
    assert done.exit_code == 0, done
    assert "Đã sửa kết quả DVC766 năm 2022 trong" in done.stdout
    assert "giá trị: 78,5 → 80,25." in done.stdout
    after = path.read_text(encoding="utf-8").splitlines(keepends=True)
    changed = [number for number, line in enumerate(before) if after[number] != line]
    assert len(after) == len(before)
    assert [after[number] for number in changed] == ["    value: 80.25 # điểm tự chấm\n"]
    same = _result(run_cli, plan, "dvc766", "--year", "2022", "--value", "80.25", "--self")
    assert "Không có gì thay đổi" in same.stdout
    assert path.read_text(encoding="utf-8").splitlines(keepends=True) == after
    published = _result(
        run_cli,
        plan,
        "DVC766",
        "--year",
        "2022",
        "--source",
        "Cổng DVCQG",
        "--known-on",
        "10/01/2023",
    )
    assert published.exit_code == 0, published
    assert "cách đánh giá: tự đánh giá → công bố" in published.stdout
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))["results"]
    assert data == [
        {
            "index": "DVC766",
            "year": 2022,
            "value": 80.25,
            "assessment": "published",
            "known_on": "10/01/2023",
            "source": "Cổng DVCQG",
        }
    ]


def test_result_adds_a_result_after_the_others(run_cli: RunCli, tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    path = plan / "ket-qua.yaml"
    before = path.read_text(encoding="utf-8")
    done = _result(
        run_cli, plan, "DVC766 2", "--year", "2022", "--value", "15,5", "--max", "20", "--self"
    )
    assert done.exit_code == 0, done
    assert "Đã thêm kết quả DVC766 2 năm 2022 vào" in done.stdout
    added = (
        "  - index: DVC766 2\n    year: 2022\n    value: 15.5\n    max_value: 20\n"
        "    assessment: self\n    source: tự đánh giá\n"
    )
    head, tail = before.split("\n\n# Cuối tệp.")
    assert path.read_text(encoding="utf-8") == head + "\n" + added + "\n# Cuối tệp." + tail
    assert run_cli("validate", str(plan)).exit_code == 0


def test_result_makes_ket_qua_yaml_when_no_file_holds_results(
    run_cli: RunCli, tmp_path: Path
) -> None:
    plan = _plan(tmp_path)
    (plan / "ket-qua.yaml").unlink()
    done = _result(run_cli, plan, "DVC766", "--year", "2022", "--value", "81", "--self")
    assert done.exit_code == 0, done
    data = YAML(typ="safe").load((plan / "ket-qua.yaml").read_text(encoding="utf-8"))
    assert data["results"] == [
        {
            "index": "DVC766",
            "year": 2022,
            "value": 81,
            "assessment": "self",
            "source": "tự đánh giá",
        }
    ]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (("DVC766", "--year", "2022", "--rank", "70", "--of", "63"), "[rank-out-of]"),
        (("XYZ", "--year", "2022", "--value", "1", "--self"), "[criterion-unknown]"),
        (("DVC766 9", "--year", "2022", "--value", "1", "--self"), "[criterion-unknown]"),
    ],
)
def test_result_refuses_what_would_make_the_plan_invalid(
    run_cli: RunCli, tmp_path: Path, options: tuple[str, ...], expected: str
) -> None:
    plan = _plan(tmp_path)
    before = _files(plan)
    refused = _result(run_cli, plan, *options)
    assert refused.exit_code == 1, refused
    assert expected in refused.stdout + refused.stderr
    assert "không ghi thay đổi: kế hoạch sau khi sửa sẽ có lỗi" in refused.stderr
    assert _files(plan) == before


def test_result_options_that_say_nothing_or_contradict(run_cli: RunCli, tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    nothing = _result(run_cli, plan, "DVC766", "--year", "2022")
    assert nothing.exit_code == 2
    assert "không có gì để ghi" in nothing.stderr
    both = _result(run_cli, plan, "DVC766", "--year", "2022", "--self", "--source", "QĐ 1")
    assert both.exit_code == 2
    assert "không đi cùng nhau" in both.stderr


PARPLAN = Path(sys.executable).parent / "parplan"


def test_parallel_imports_lose_nothing(tmp_path: Path) -> None:
    """Two imports of two files at the same moment into a plan without a measurements file (both
    would make it): each waits for the other, and both files' figures are there."""
    rows = {
        "quy-3": [("Quý III/2022", 12, 11, 1250, 1190, 45.5)],
        "quy-4": [("Quý IV/2022", 10, 10, 1400, 1330, 52.25)],
    }
    for repeat in range(2):
        plan = _plan(tmp_path / f"run-{repeat}")
        (plan / "so-lieu.yaml").unlink()
        made = [_csv(tmp_path / f"{name}-{repeat}.csv", held) for name, held in rows.items()]
        processes = [
            subprocess.Popen(
                [str(PARPLAN), "import", str(path), *MAPPING, "--plans", str(plan), "--on", "2022-12-20"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for path in made
        ]  # fmt: skip
        for process in processes:
            out, err = process.communicate(timeout=120)
            assert process.returncode == 0, (repeat, out.decode(), err.decode())
        measured = _measurements(plan)
        assert sorted(period for _, period in measured) == ["Q3", "Q3", "Q3", "Q4", "Q4", "Q4"]
        assert {item["source"]["file"] for item in measured.values()} == {p.name for p in made}


def test_the_import_reads_the_bytes_it_hashes(tmp_path: Path) -> None:
    """The SHA-256 is of the file's bytes, whatever they decode to."""
    from parplan.statistics_table import read_table

    made = _csv(tmp_path / "a.csv", QUARTERS)
    table = read_table(made, None, 3)
    assert table.sha256 == hashlib.sha256(made.read_bytes()).hexdigest()
    assert table.encoding == "UTF-8"
    assert table.rows[2] == HEADER
    assert io.BytesIO(made.read_bytes()).read(3) == codecs.BOM_UTF8


@pytest.mark.parametrize(
    ("columns", "problem"),
    [
        (
            [{"indicator": "DVC766 2.1", "value": "A"}, {"indicator": "DVC766 2.1", "value": "B"}],
            "cách đọc 'm' ghi chỉ tiêu DVC766 2.1 hơn một lần",
        ),
        (
            [{"indicator": "DVC766 2.1", "numerator": "A"}],
            "chỉ tiêu DVC766 2.1: ghi 'value' (cột có sẵn giá trị) hoặc cả 'numerator' và",
        ),
    ],
)
def test_a_mapping_that_cannot_be_read_is_refused(
    columns: list[dict[str, str]], problem: str
) -> None:
    from parplan.model_measurements import ImportMapping
    from parplan.statistics_mapping import read_statistics
    from parplan.statistics_table import StatisticsProblem, Table

    mapping = ImportMapping.model_validate({"id": "m", "period_column": "Kỳ", "columns": columns})
    table = Table("a.csv", "0" * 64, "csv", (("Kỳ", "A", "B"), ("Quý I", 1, 2)))
    with pytest.raises(StatisticsProblem) as refused:
        read_statistics(table, mapping, 2022, date(2022, 7, 1))
    assert problem in refused.value.message


def test_a_target_on_an_indicator_is_judged_on_what_was_measured(
    run_cli: RunCli, tmp_path: Path
) -> None:
    """A value target on an indicator (tỷ lệ hồ sơ đúng hạn ≥ 95%) has no year's result during
    the year: it is judged on the value measured last, from the day it was imported, and says
    on which period; before any value it is not judged."""
    import json

    plan = _plan(tmp_path)
    (plan / "chi-tieu.yaml").write_text(
        "schema_version: 2\ntargets:\n  - id: MT-DUNG-HAN\n    text: Tỷ lệ hồ sơ giải quyết đúng "
        "hạn đạt từ 95% trở lên.\n    measure: value\n    index: DVC766 2.1\n    value: 95\n"
        "    unit: '%'\n",
        encoding="utf-8",
    )
    (plan / "so-lieu.yaml").unlink()  # the hand-written quý I value out: only the export counts

    def verdict(day: str) -> dict[str, Any]:
        result = run_cli("status", "--plans", str(plan), "--as-of", day, "--format", "json")
        assert result.exit_code == 0, result
        targets = json.loads(result.stdout)["targets"]
        return next(t for t in targets if t["id"] == "MT-DUNG-HAN")

    assert verdict("2022-07-09")["verdict"] == "unknown"
    made = _csv(tmp_path / "bao-cao-766.csv", QUARTERS)
    assert run_cli("import", str(made), *MAPPING, "--plans", str(plan), *ON).exit_code == 0
    assert verdict("2022-07-09")["verdict"] == "unknown"  # imported on 10/07: not known before
    judged = verdict("2022-07-10")
    assert judged["verdict"] == "met"  # quý II: 1330/1400 = 95%
    assert "quý II năm 2022: 95% (số liệu đo được)" in json.dumps(judged, ensure_ascii=False)


def test_the_report_says_the_indicators_measured_for_its_period(
    run_cli: RunCli, tmp_path: Path
) -> None:
    """The periodic report's "Kết quả các chỉ số": the values known by its cut-off for periods
    that end after its window opens (quý II's in the quý III report), none in a report made
    before they were imported."""
    plan = _plan(tmp_path)
    made = _csv(tmp_path / "bao-cao-766.csv", QUARTERS)
    assert run_cli("import", str(made), *MAPPING, "--plans", str(plan), *ON).exit_code == 0

    def report(*period: str) -> str:
        result = run_cli("report", *period, "--plans", str(plan), "--format", "md", "-O", "-")
        assert result.exit_code == 0, result
        return result.stdout

    third = report("--quarter", "III")
    section = third.split("### 4. Kết quả các chỉ số", 1)[1].split("## II.", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("- ")]
    assert any(
        line.startswith("- DVC766 2.1 ") and "quý II năm 2022: 95%" in line for line in lines
    ), lines
    assert not any("quý I năm" in line for line in lines)  # the quý I values: earlier reports'
    assert "Kết quả các chỉ số" not in report("--half", "1")  # cut off 14/06, imported 10/07
