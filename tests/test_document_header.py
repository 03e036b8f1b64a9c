"""The head and foot of the documents the office issues: the number and its symbol, the header
from the office settings, citations by number and date, Nơi nhận in the form of Nghị định 30."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from parplan.errors import UsageProblem
from parplan.loading import load_plan
from parplan.report_header import (
    cited_basis,
    cited_plan,
    distribution_lines,
    document_header,
    document_number,
    sentence_case,
)

from .conftest import SHIPPED_PLANS

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (None, "Số: …/BC-VP"),
        ("5", "Số: 05/BC-VP"),
        ("123", "Số: 123/BC-VP"),
        ("Số: 7", "Số: 07/BC-VP"),
        ("15/BC-VP", "Số: 15/BC-VP"),
        ("15/bc-vp", "Số: 15/BC-VP"),
        ("045", "Số: 45/BC-VP"),
        ("007/BC-VP", "Số: 07/BC-VP"),
    ],
)
def test_a_report_number(given: str | None, expected: str) -> None:
    assert document_number(given, "BC-VP") == expected


@pytest.mark.parametrize(
    "given", ["15/KH-VP", "15/QĐ-VP", "15/BC-UBND", "15/BC-VP-X", "0", "abc", "15/", "1 5"]
)
def test_a_number_of_another_type_or_shape_is_refused(given: str) -> None:
    with pytest.raises(UsageProblem) as raised:
        document_number(given, "BC-VP")
    assert "--number" in raised.value.message


def test_the_header_reads_the_office_settings() -> None:
    plan = load_plan(SHIPPED_PLANS)
    header = document_header(plan, "BC-VP", "45", date(2022, 9, 16), 2022)
    assert header.governing_body == "UBND TỈNH …"  # the plan does not name its province
    assert header.issuer == "VĂN PHÒNG"  # in full, under the governing body (office.name)
    assert header.number_line == "Số: 45/BC-VP"
    assert header.date_line == "…, ngày 16 tháng 9 năm 2022"
    assert not header.draft
    assert header.reference == "số 45/BC-VP"


def test_office_settings_name_the_province_and_place(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    shutil.copytree(SHIPPED_PLANS, folder)
    settings = folder / "2022" / "cai-dat.yaml"
    text = settings.read_text(encoding="utf-8")
    text = text.replace("governing_body: null", "governing_body: UBND tỉnh Quảng Ngãi")
    text = text.replace("place: null ", "place: Quảng Ngãi")
    settings.write_text(text, encoding="utf-8")
    header = document_header(load_plan(folder), "BC-VP", None, None, 2022)
    assert header.governing_body == "UBND TỈNH QUẢNG NGÃI"
    assert header.date_line == "Quảng Ngãi, ngày …… tháng …… năm 2022"
    assert header.draft and header.draft_note == "chưa có số và chưa có ngày ký"


def test_an_issuer_without_a_governing_body_heads_alone() -> None:
    plan = load_plan(EXAMPLES / "lang-son-2022")
    header = document_header(plan, "BC-UBND", None, None, 2022)
    assert header.governing_body is None
    assert header.issuer == "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN"
    assert header.date_line.startswith("Lạng Sơn, ngày")


def test_citations_by_number_and_date_where_known() -> None:
    shipped = load_plan(SHIPPED_PLANS)
    assert cited_basis(shipped) == ["Kế hoạch số 142/KH-UBND ngày 15/7/2022 của UBND tỉnh"]
    # The plan's own number and date are unknown: it is cited by its subject, without dots.
    assert cited_plan(shipped) == (
        "Kế hoạch của Văn phòng UBND tỉnh về nâng cao Chỉ số cải cách hành chính và Chỉ số hài "
        "lòng về sự phục vụ của cơ quan hành chính nhà nước năm 2022"
    )
    lang_son = load_plan(EXAMPLES / "lang-son-2022")
    assert cited_plan(lang_son).startswith(
        "Kế hoạch số 156/KH-UBND ngày 6/7/2022 của Ủy ban nhân dân tỉnh Lạng Sơn về triển khai "
        "các nhiệm vụ, giải pháp nâng cao chỉ số hài lòng về sự phục vụ hành chính (SIPAS)"
    )


def test_sentence_case() -> None:
    assert sentence_case("Nâng cao Chỉ số CCHC") == "nâng cao Chỉ số CCHC"
    assert (
        sentence_case("NÂNG CAO CHỈ SỐ (PAR INDEX) TỈNH LẠNG SƠN", ["Lạng Sơn"])
        == "nâng cao chỉ số (PAR INDEX) tỉnh Lạng Sơn"
    )
    assert sentence_case("") == ""


def test_distribution_in_the_form_of_decree_30() -> None:
    assert distribution_lines(["UBND tỉnh (b/c)", "Sở Nội vụ;", "CVP, các PCVP."], "VT, HCTC") == [
        "- UBND tỉnh (b/c);",
        "- Sở Nội vụ;",
        "- CVP, các PCVP;",
        "- Lưu: VT, HCTC.",
    ]
    assert distribution_lines([], None) == ["- Lưu: VT."]
