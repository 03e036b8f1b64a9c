"""The periodic report as its signer receives it: the Word file read back with python-docx, point
by point (Kính gửi, Nơi nhận, the closing kept on one page, no internal id in the body, the
landscape appendix, the language, the rules), the draft's separate page, and the HTML."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn

from parplan.loading import load_plan

from .conftest import FIXTURES, ROOT, SHIPPED_PLANS, RunCli

PROGRESS = FIXTURES / "progress-2022"
LANG_SON = ROOT / "examples" / "lang-son-2022"
SIGNED = ("--number", "45", "--date", "16/09/2022")
CONFIRM = "NỘI DUNG CẦN XÁC NHẬN TRƯỚC KHI KÝ"
SETTINGS = """schema_version: 2
office:
  governing_body: UBND TỈNH QUẢNG NGÃI
  name: Văn phòng
  place: Quảng Ngãi
  code: VP
  filing: VT, HCTC
  confirmed: true
report:
  addressees: [{addressees}]
  distribution: [UBND tỉnh (b/c), Sở Nội vụ, "CVP, các PCVP", "Các phòng, đơn vị thuộc VP"]
  confirmed: true
"""


def with_settings(tmp_path: Path, addressees: str = "UBND tỉnh, Sở Nội vụ") -> Path:
    """The progress fixture with the office and report settings of a plan folder."""
    folder = tmp_path / "progress"
    shutil.copytree(PROGRESS, folder)
    settings = SETTINGS.replace("{addressees}", addressees)
    (folder / "cai-dat.yaml").write_text(settings, encoding="utf-8")
    return folder


def report_docx(run_cli: RunCli, tmp_path: Path, plans: Path, *args: str) -> Any:
    target = tmp_path / "bao-cao.docx"
    result = run_cli(
        "report", "--quarter", "III", "--plans", str(plans), "-O", str(target), "--force", *args
    )
    assert result.exit_code == 0, result
    return Document(str(target))


def text_of(element: Any) -> str:
    return "".join(node.text or "" for node in element.iter(qn("w:t")))


def paragraphs_in(elements: list[Any]) -> list[Any]:
    """Every paragraph (w:p) in ``elements``, in document order, tables' cells included."""
    return [p for element in elements for p in element.iter(qn("w:p"))]


def split_at_appendix(document: Any) -> tuple[list[Any], list[Any]]:
    """The body's elements before the appendix (up to the paragraph closing the section before
    it: the report's, or a draft's page to confirm) and the appendix's (the last section)."""
    children = [
        child for child in document.element.body.iterchildren() if child.tag != qn("w:sectPr")
    ]
    for index in reversed(range(len(children))):
        child = children[index]
        if child.tag == qn("w:p") and child.xpath("./w:pPr/w:sectPr"):
            return children[: index + 1], children[index + 1 :]
    raise AssertionError("no section break before the appendix")


def body_texts(document: Any) -> list[str]:
    """The texts of the document's paragraphs before the appendix and before a draft's page."""
    texts = [text_of(p) for p in paragraphs_in(split_at_appendix(document)[0])]
    return texts[: texts.index(CONFIRM)] if CONFIRM in texts else texts


def plan_ids(plans: Path) -> set[str]:
    """Every id of the plan: its tasks', their parts' and their occurrences' (GP-A, GP-A@Q3)."""
    from parplan.status import plan_status

    plan = load_plan(plans)
    ids = {task.id for task in plan.work_items()}
    ids |= {item.occurrence.key for item in plan_status(plan, date(plan.year, 12, 31)).items}
    return ids


def named_ids(text: str, ids: set[str]) -> list[str]:
    """The ids ``text`` names, each as a word of its own."""
    return sorted(key for key in ids if re.search(rf"(?<![\w@-]){re.escape(key)}(?![\w@-])", text))


def closing_table(document: Any) -> Any:
    return next(t for t in document.tables if t.cell(0, 0).paragraphs[0].text == "Nơi nhận:")


# --- Kính gửi and Nơi nhận from the settings ---------------------------------------------------


@pytest.mark.parametrize(
    ("addressees", "lines"),
    [
        ("UBND tỉnh", ["Kính gửi: UBND tỉnh."]),
        ("UBND tỉnh, Sở Nội vụ", ["Kính gửi:", "- UBND tỉnh;", "- Sở Nội vụ."]),
        ("", []),
    ],
)
def test_kinh_gui_is_the_settings_addressees(
    run_cli: RunCli, tmp_path: Path, addressees: str, lines: list[str]
) -> None:
    document = report_docx(run_cli, tmp_path, with_settings(tmp_path, addressees), *SIGNED)
    texts = [p.text for p in document.paragraphs]
    title = texts.index("Kết quả thực hiện Kế hoạch thử quý III năm 2022")
    opening = next(i for i, text in enumerate(texts) if text.startswith("Thực hiện "))
    between = [text for text in texts[title + 1 : opening] if text]
    assert between == lines
    assert [text for text in texts if text.startswith("Kính gửi")] == lines[:1]


def test_noi_nhan_is_the_settings_distribution_in_decree_30_form(
    run_cli: RunCli, tmp_path: Path
) -> None:
    document = report_docx(run_cli, tmp_path, with_settings(tmp_path), *SIGNED)
    lines = [p.text for p in closing_table(document).cell(0, 0).paragraphs]
    assert lines == [
        "Nơi nhận:",
        "- UBND tỉnh (b/c);",
        "- Sở Nội vụ;",
        "- CVP, các PCVP;",
        "- Các phòng, đơn vị thuộc VP;",
        "- Lưu: VT, HCTC.",
    ]
    label = closing_table(document).cell(0, 0).paragraphs[0].runs[0]
    assert label.bold and label.italic and label.font.size.pt == 12


def test_the_shipped_report_has_none_of_the_plans_own_recipients(
    run_cli: RunCli, tmp_path: Path
) -> None:
    plan = load_plan(SHIPPED_PLANS)
    document = report_docx(run_cli, tmp_path, SHIPPED_PLANS)
    lines = [p.text for p in closing_table(document).cell(0, 0).paragraphs]
    assert lines[1:] == [
        "- UBND tỉnh (b/c);", "- Sở Nội vụ;", "- CVP, các PCVP;",
        "- Các phòng, đơn vị thuộc VP;", "- Lưu: VT, HCTC.",
    ]  # fmt: skip
    whole = "\n".join(text_of(p) for p in document.element.body.iter(qn("w:p")))
    assert plan.document.recipients  # the plan document's own Nơi nhận
    for recipient in ("PCT.TT UBND tỉnh", "(B_3b)", "Lưu VT, HCTC."):
        assert any(recipient in line for line in plan.document.recipients)
        assert recipient not in whole


# --- The closing kept on one page -------------------------------------------------------------


def test_the_closing_is_one_row_that_never_splits(run_cli: RunCli, tmp_path: Path) -> None:
    document = report_docx(run_cli, tmp_path, with_settings(tmp_path), *SIGNED)
    table = closing_table(document)
    assert len(table.rows) == 1 and len(table.columns) == 2
    assert table.rows[0]._tr.xpath("./w:trPr/w:cantSplit")
    paragraphs = [p for cell in table.rows[0].cells for p in cell.paragraphs]
    assert paragraphs and all(p.paragraph_format.keep_with_next for p in paragraphs)
    signature = [p.text for p in table.cell(0, 1).paragraphs if p.text]
    assert signature == ["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "Lê Thị Thanh Thủy"]
    # The body's closing sentence goes with it: the signature never stands alone on a page, and
    # a long section IV is not pushed whole onto the next page (only its end travels).
    children = list(document.element.body.iterchildren())
    before = children[: children.index(table._tbl)]
    heading = next(i for i, e in enumerate(before) if text_of(e) == "IV. KIẾN NGHỊ, ĐỀ XUẤT")
    section_iv = before[heading:]
    assert [text_of(e) for e in section_iv] == [
        "IV. KIẾN NGHỊ, ĐỀ XUẤT",
        "- Đề nghị Sở Nội vụ ban hành mẫu báo cáo thống nhất.",
        "- Đề nghị Sở Nội vụ sớm có hướng dẫn để hoàn thành nhiệm vụ.",
        "Trên đây là báo cáo kết quả thực hiện Kế hoạch thử quý III năm 2022 của Văn phòng UBND "
        "tỉnh./.",
        "",
    ]
    assert [bool(e.xpath("./w:pPr/w:keepNext")) for e in section_iv[1:]] == [
        False,
        False,
        True,
        True,
    ]


# --- Nothing internal in the body -------------------------------------------------------------


@pytest.mark.parametrize("plans", [PROGRESS, SHIPPED_PLANS], ids=["progress", "shipped"])
@pytest.mark.parametrize("signed", [True, False], ids=["signed", "draft"])
def test_ids_are_only_in_the_appendixs_last_column(
    run_cli: RunCli, tmp_path: Path, plans: Path, signed: bool
) -> None:
    document = report_docx(run_cli, tmp_path, plans, *(SIGNED if signed else ()))
    ids = plan_ids(plans)
    assert {"GP-A", "GP-A@Q3"} <= ids or {"A-DUNG-HAN", "G-BAO-CAO@Q2"} <= ids
    body = "\n".join(body_texts(document))
    assert "Đánh giá chung" in body and "Nơi nhận:" in body
    assert named_ids(body, ids) == []
    assert ".yaml" not in body and "to_confirm" not in body
    appendix = document.tables[-1]
    assert appendix.rows[0].cells[-1].text == "Mã (tham chiếu)"
    rows = appendix.rows[1:]
    assert {row.cells[-1].text for row in rows} <= ids
    assert len(rows) == len({row.cells[-1].text for row in rows})
    for row in rows:
        for cell in row.cells[:-1]:
            assert named_ids(cell.text, ids) == [], cell.text


# --- The appendix -----------------------------------------------------------------------------


def test_the_appendix_is_landscape_with_decree_30_margins_and_whole_rows(
    run_cli: RunCli, tmp_path: Path
) -> None:
    document = report_docx(run_cli, tmp_path, PROGRESS, *SIGNED)
    portrait, appendix = document.sections
    assert (round(portrait.page_width.mm), round(portrait.page_height.mm)) == (210, 297)
    assert (round(appendix.page_width.mm), round(appendix.page_height.mm)) == (297, 210)
    margins = [appendix.top_margin, appendix.bottom_margin, appendix.left_margin, appendix.right_margin]  # fmt: skip
    assert [round(margin.mm) for margin in margins] == [30, 20, 30, 20]
    texts = [text_of(p) for p in paragraphs_in(split_at_appendix(document)[1])]
    assert texts[:3] == [
        "Phụ lục",
        "TÌNH HÌNH THỰC HIỆN NHIỆM VỤ ĐẾN NGÀY 14/09/2022",
        "(Kèm theo Báo cáo số 45/BC-VP ngày 16/09/2022 của Văn phòng UBND tỉnh)",
    ]
    table = document.tables[-1]
    assert [cell.text for cell in table.rows[0].cells] == [
        "STT", "Nhiệm vụ", "Mục KH", "Chỉ số, tiêu chí", "Chủ trì", "Phối hợp", "Hạn",
        "Sản phẩm", "Tình trạng", "Kiểm chứng", "Mã (tham chiếu)",
    ]  # fmt: skip
    assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")
    assert len(table.rows) == 1 + 11
    assert all(row._tr.xpath("./w:trPr/w:cantSplit") for row in table.rows)


# --- Language, rules, header -----------------------------------------------------------------


def test_the_document_is_in_vietnamese(run_cli: RunCli, tmp_path: Path) -> None:
    document = report_docx(run_cli, tmp_path, PROGRESS, *SIGNED)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:val")) == "vi-VN"
    assert document.core_properties.language == "vi-VN"
    assert document.core_properties.author != "python-docx"


def _rule_width(paragraph: Any, width: int) -> int:
    layout = paragraph.paragraph_format
    assert paragraph._p.xpath("./w:pPr/w:pBdr/w:bottom"), "not a rule"
    return int(width - (layout.left_indent or 0) - (layout.right_indent or 0))


def test_the_rules_of_the_header_and_the_subject(run_cli: RunCli, tmp_path: Path) -> None:
    document = report_docx(run_cli, tmp_path, with_settings(tmp_path), *SIGNED)
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    paragraphs = document.paragraphs
    title = [p.text for p in paragraphs].index("Kết quả thực hiện Kế hoạch thử quý III năm 2022")
    rule = _rule_width(paragraphs[title + 1], text_width)
    assert text_width / 3 <= rule <= text_width / 2
    header = document.tables[0]
    left = [(p.text, p.runs[0].bold) for p in header.cell(0, 0).paragraphs if p.text]
    assert left == [("UBND TỈNH QUẢNG NGÃI", False), ("VĂN PHÒNG", True)]
    right = header.cell(0, 1).paragraphs
    assert [p.text for p in right if p.text] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    # "Số" and the place and date on one line: the header's second row.
    assert [cell.text for cell in header.rows[1].cells] == [
        "Số: 45/BC-VP",
        "Quảng Ngãi, ngày 16 tháng 9 năm 2022",
    ]
    motto = next(index for index, p in enumerate(right) if p.text.startswith("Độc lập"))
    motto_rule = _rule_width(right[motto + 1], header.columns[1].width)
    # As long as the motto in Times New Roman 13 pt bold (53.1 mm), within half a millimetre.
    assert abs(motto_rule / 36000 - 53.1) < 0.5
    assert right[motto].runs[0].font.size.pt == 13


def test_a_body_with_no_governing_body_has_the_issuer_alone(
    run_cli: RunCli, tmp_path: Path
) -> None:
    assert load_plan(LANG_SON).document.issuer.governing_body is None
    document = report_docx(run_cli, tmp_path, LANG_SON, "--number", "7", "--date", "20/09/2022")
    header = document.tables[0]
    left = [(p.text, p.runs[0].bold) for p in header.cell(0, 0).paragraphs if p.text]
    # A name too long for a line of the column breaks before its administrative unit.
    assert left == [("ỦY BAN NHÂN DÂN", True), ("TỈNH LẠNG SƠN", True)]
    assert header.cell(1, 0).text == "Số: 07/BC-UBND"


# --- A draft's page of what to confirm --------------------------------------------------------


def test_a_signed_report_has_no_page_to_confirm(run_cli: RunCli, tmp_path: Path) -> None:
    document = report_docx(run_cli, tmp_path, PROGRESS, *SIGNED)
    whole = [text_of(p) for p in document.element.body.iter(qn("w:p"))]
    assert CONFIRM not in whole and not [text for text in whole if text.startswith("DỰ THẢO")]
    assert not [text for text in whole if "chưa phân loại" in text or "cài đặt" in text]
    assert len(document.sections) == 2  # the report's and the appendix's: no section for the page


def test_a_draft_has_its_page_to_confirm_on_a_page_of_its_own(
    run_cli: RunCli, tmp_path: Path
) -> None:
    document = report_docx(run_cli, tmp_path, PROGRESS)
    paragraphs = paragraphs_in(split_at_appendix(document)[0])
    texts = [text_of(p) for p in paragraphs]
    assert texts[0] == "DỰ THẢO (chưa có số và chưa có ngày ký)"
    at = texts.index(CONFIRM)
    # A section of its own (from a new page) without page numbers: not one of the report's pages.
    assert paragraphs[at - 1].xpath("./w:pPr/w:sectPr")
    assert len(document.sections) == 3
    page = document.sections[1]
    assert not page.different_first_page_header_footer
    assert 'instr="PAGE"' not in page.header._element.xml
    assert 'instr="PAGE"' in document.sections[0].header._element.xml
    assert texts[at + 1] == (
        "(Trang này không thuộc văn bản: chỉ có ở bản dự thảo, bản có số và ngày ký không in "
        "trang này.)"
    )
    items = [text for text in texts[at + 2 :] if text]
    assert items[-1].startswith("- Ghi chú chưa phân loại")
    assert "Đã nhắc phòng Kiểm soát thủ tục hành chính qua điện thoại" in items[-1]
    assert "I-GIA-HAN" in items[-1]  # the office's own page may name the work by its id
    assert texts.index("Nơi nhận:") < at  # after the closing, before the appendix
    # The appendix's reference of a draft leaves the number and the day to fill.
    appendix = [text_of(p) for p in paragraphs_in(split_at_appendix(document)[1])]
    assert appendix[2] == "(Kèm theo Báo cáo số …/BC-VP ngày … của Văn phòng UBND tỉnh)"


# --- HTML ---------------------------------------------------------------------------------------


def _html(run_cli: RunCli, plans: Path, *args: str) -> str:
    result = run_cli(
        "report", "--quarter", "III", "--plans", str(plans), "--format", "html", "-O", "-", *args
    )
    assert result.exit_code == 0, result
    return result.stdout


def _css_rule(html: str, selector: str) -> str:
    match = re.search(rf"^\s*{re.escape(selector)} \{{(?P<body>[^}}]*)\}}", html, re.MULTILINE)
    assert match is not None, selector
    return match["body"]


def test_the_html_report_prints_as_the_word_one(run_cli: RunCli, tmp_path: Path) -> None:
    html = _html(run_cli, with_settings(tmp_path), *SIGNED)
    assert '<html lang="vi-VN">' in html
    assert "(chữ ký, dấu)" not in html and "chữ ký" not in html
    # The motto's rule is its own bottom border: as long as the text, whatever the font.
    assert '<span class="motto">Độc lập - Tự do - Hạnh phúc</span>' in html
    motto = _css_rule(html, ".header .motto")
    assert "display: inline-block" in motto and "border-bottom: 1px solid" in motto
    assert "break-inside: avoid" in _css_rule(html, ".closing")
    assert "break-inside: avoid" in _css_rule(html, "table.grid tr")
    assert "size: A4 landscape; margin: 30mm 20mm 20mm 30mm" in _css_rule(html, "@page appendix")
    appendix = html.split('<section class="appendix">', 1)[1]
    assert '<thead><tr><th scope="col">STT</th>' in appendix
    assert "(Kèm theo Báo cáo số 45/BC-VP ngày 16/09/2022 của Văn phòng UBND tỉnh)" in appendix
    body = html.split('<section class="appendix">', 1)[0]
    assert '<p class="to">' not in body and "<li>- Sở Nội vụ.</li>" in body
    assert CONFIRM not in html
    ids = plan_ids(PROGRESS)
    assert named_ids(body, ids) == []
    assert [key for key in ids if f'<td class="text">{key}</td>' in appendix] != []
    draft = _html(run_cli, PROGRESS)
    confirm = draft.split('<section class="confirm">', 1)[1].split("</section>", 1)[0]
    assert f"<h2>{CONFIRM}</h2>" in confirm and "I-GIA-HAN" in confirm
    assert "break-before: page" in _css_rule(draft, ".confirm")


# --- Every plan shipped renders --------------------------------------------------------------


def _formats() -> Iterator[tuple[str, Path]]:
    for plans in (SHIPPED_PLANS, LANG_SON):
        for output_format in ("docx", "html", "md"):
            yield output_format, plans


@pytest.mark.parametrize(("output_format", "plans"), list(_formats()))
def test_the_shipped_plan_and_examples_render(
    run_cli: RunCli, tmp_path: Path, output_format: str, plans: Path
) -> None:
    target = tmp_path / f"bao-cao.{output_format}"
    for signed in ((), ("--number", "9", "--date", "20/09/2022")):
        result = run_cli(
            "report", "--quarter", "III", "--plans", str(plans), "--format", output_format,
            "-O", str(target), "--force", *signed,
        )  # fmt: skip
        assert result.exit_code == 0, result
        assert target.stat().st_size > 0
