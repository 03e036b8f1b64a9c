"""``parplan document``: the plan document itself (the Kế hoạch), from the plan files.

The body of the shipped plan says the words of the plan as issued (the seed); the document is laid
out as Nghị định 30/2020/NĐ-CP asks (read back from Word: header, Nơi nhận, signature kept
together, landscape appendix, language), holds nothing internal, renders for every example plan
without sections it does not have, and is never written over an existing file without --force.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import unicodedata
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm

from parplan.docx_layout import LANDSCAPE_TEXT_WIDTH
from parplan.docx_plan import APPENDIX_COLUMNS, build_plan_template
from parplan.loading import load_plan
from parplan.model import PlanDocument
from parplan.plan_document import build_plan_document, render_plan_document
from parplan.plan_outline import body_sections, heading_number, section_order
from parplan.report_header import issuer_lines
from parplan.template_loader import templates_dir

from .conftest import FIXTURES, ROOT, SHIPPED_PLANS, RunCli

SEED = FIXTURES / "seed" / "000_18e4ac4c00a3c8af.txt"
"""The plan as issued (a copy of shared/seed, see tests/fixtures/seed/README.md)."""
GOLDEN = ROOT / "tests" / "golden"
EXAMPLES = sorted(path.parent for path in (ROOT / "examples").glob("*/ke-hoach.yaml"))
ALL_NEEDS = FIXTURES / "all-needs"


# --- Reading documents back as words ----------------------------------------------------------


def _words(text: str) -> list[str]:
    return unicodedata.normalize("NFC", text).split()


def _between(words: list[str], first: str, last: str) -> list[str]:
    """The words from the first run of ``first`` to the first run of ``last`` after it."""
    start_words, end_words = first.split(), last.split()

    def find(run: list[str], start: int) -> int:
        for index in range(start, len(words) - len(run) + 1):
            if words[index : index + len(run)] == run:
                return index
        raise AssertionError(f"không thấy '{' '.join(run)}'")

    start = find(start_words, 0)
    end = find(end_words, start)
    return words[start : end + len(end_words)]


def _markdown_words(markdown: str) -> list[str]:
    """The words a reader sees: escapes, emphasis and heading marks taken off."""
    text = re.sub(r"\\(.)", r"\1", markdown).replace("**", "").replace("*", "")
    return [word for word in _words(text) if not re.fullmatch(r"#+|>|\||-{3,}", word)]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0
        self._body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._body = self._body or tag == "body"
        self._skip += tag in ("style", "title", "script")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("style", "title", "script")
        if tag in ("p", "br", "td", "th", "h1", "li", "div"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._body and not self._skip:
            self.parts.append(data)


def _html_words(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return _words(" ".join(parser.parts))


def _docx_paragraphs(document: Any) -> list[str]:
    """Every paragraph of the body in document order, table cells included."""
    return [
        "".join(text.text or "" for text in paragraph.iter(qn("w:t")))
        for paragraph in document.element.body.iter(qn("w:p"))
    ]


def _render(plans: Path, output_format: str) -> bytes:
    plan = load_plan(plans, use_cache=False)
    return render_plan_document(plan, build_plan_document(plan), output_format)


def _docx(plans: Path) -> Any:
    return Document(io.BytesIO(_render(plans, "docx")))


@pytest.fixture
def signed_plan(shipped_plan_copy: Path) -> Path:
    """The shipped plan with its number and date known (as after signing)."""
    path = shipped_plan_copy / "2022" / "ke-hoach.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  number: null", "  number: 15/KH-VP").replace(
        "  issued_on: null", "  issued_on: 01/08/2022"
    )
    path.write_text(text, encoding="utf-8")
    return shipped_plan_copy


# --- The words of the plan as issued -----------------------------------------------------------


SEED_RANGE = ("KẾ HOẠCH", "Lê Thị Thanh Thủy")


def test_the_seed_copy_is_the_shared_one() -> None:
    shared = ROOT.parent.parent / "shared" / "seed" / SEED.name
    if not shared.is_file():
        shared = ROOT.parent / "shared" / "seed" / SEED.name
    if shared.is_file():
        assert shared.read_bytes() == SEED.read_bytes()
    assert _words(SEED.read_text(encoding="utf-8"))[:2] == ["KẾ", "HOẠCH"]


@pytest.mark.parametrize("output_format", ["md", "html", "docx"])
def test_the_body_says_the_words_of_the_plan_as_issued(output_format: str) -> None:
    """From "KẾ HOẠCH" to the signer's name, the rendered document has the seed's words in the
    seed's order, layout and markup aside: trích yếu, preamble, I–III, Nơi nhận, signature."""
    expected = _between(_words(SEED.read_text(encoding="utf-8")), *SEED_RANGE)
    content = _render(SHIPPED_PLANS, output_format)
    if output_format == "md":
        words = _markdown_words(content.decode("utf-8"))
    elif output_format == "html":
        words = _html_words(content.decode("utf-8"))
    else:
        document = Document(io.BytesIO(content))
        words = _words("\n".join(_docx_paragraphs(document)))
    assert _between(words, *SEED_RANGE) == expected


@pytest.mark.parametrize("output_format", ["md", "html"])
def test_golden_plan_document(output_format: str) -> None:
    golden = GOLDEN / f"plan-2022.{output_format}"
    rendered = _render(SHIPPED_PLANS, output_format).decode("utf-8")
    if os.environ.get("PARPLAN_UPDATE_GOLDEN"):
        golden.write_text(rendered, encoding="utf-8")
    assert rendered == golden.read_text(encoding="utf-8")


# --- Nothing internal -------------------------------------------------------------------------


def _task_ids(plans: Path) -> set[str]:
    plan = load_plan(plans, use_cache=False)
    return {item.id for item in plan.work_items()}


def _has_id(text: str, ids: set[str]) -> list[str]:
    return [
        task_id for task_id in ids if re.search(rf"(?<![\w-]){re.escape(task_id)}(?![\w-])", text)
    ]


@pytest.mark.parametrize("output_format", ["md", "html", "docx"])
def test_a_signed_document_holds_nothing_internal(signed_plan: Path, output_format: str) -> None:
    text = _text(_render(signed_plan, output_format), output_format)
    assert not _has_id(text, _task_ids(signed_plan))
    for internal in (".yaml", "to_confirm", "to\\_confirm", "DỰ THẢO", "XÁC NHẬN TRƯỚC KHI KÝ"):
        assert internal not in text, internal
    assert "(chữ ký, dấu)" not in text
    assert "Số: 15/KH-VP" in text
    assert "ngày 01 tháng 8 năm 2022" in text
    assert "(Kèm theo Kế hoạch số 15/KH-VP ngày 01/08/2022 của Văn phòng UBND tỉnh)" in text


APPENDIX_START = {"md": "**Phụ lục**", "html": '<p class="head">Phụ lục</p>', "docx": "\nPhụ lục\n"}
CONFIRM_TITLE = "NỘI DUNG CẦN XÁC NHẬN TRƯỚC KHI KÝ"


def _text(content: bytes, output_format: str) -> str:
    if output_format == "docx":
        return "\n".join(_docx_paragraphs(Document(io.BytesIO(content))))
    return content.decode("utf-8")


def _parts(text: str, output_format: str) -> tuple[str, str, str]:
    """A document's text before the draft's page, the page, and the appendix."""
    before, rest = text.split(CONFIRM_TITLE, 1) if CONFIRM_TITLE in text else (text, "")
    if APPENDIX_START[output_format] not in rest:
        before, _, appendix = before.partition(APPENDIX_START[output_format])
        return before, "", appendix
    page, appendix = rest.split(APPENDIX_START[output_format], 1)
    return before, page, appendix


@pytest.mark.parametrize("output_format", ["md", "html", "docx"])
def test_a_draft_keeps_what_to_confirm_on_a_page_of_its_own(output_format: str) -> None:
    """The draft's ids and notes are on the page marked as not part of the document; the body
    and the appendix have none, and the appendix says it is reconstructed."""
    text = _text(_render(SHIPPED_PLANS, output_format), output_format)
    before, page, appendix = _parts(text, output_format)
    ids = _task_ids(SHIPPED_PLANS)
    assert not _has_id(before, ids) and not _has_id(appendix, ids)
    assert "Trang này không thuộc văn bản" in page and _has_id(page, ids)
    assert "DỰ THẢO" in before and "Lê Thị Thanh Thủy" in before
    assert "dựng lại" in appendix and "không phải phụ lục gốc" in appendix
    assert "Báo cáo định kỳ về cải cách hành chính" in appendix
    for internal in (".yaml", "to_confirm", "to\\_confirm", "(chữ ký, dấu)"):
        assert internal not in before + appendix, internal


# --- Word, read back ---------------------------------------------------------------------------


def test_word_header_title_and_body_headings() -> None:
    document = _docx(SHIPPED_PLANS)
    header = document.tables[0]
    assert [[cell.text for cell in row.cells] for row in header.rows] == [
        ["UBND TỈNH …\nVĂN PHÒNG\n", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"],
        ["Số: …/KH-VP", "…, ngày …… tháng …… năm 2022"],
    ]  # fmt: skip
    issuer = header.rows[0].cells[0].paragraphs[1]
    assert issuer.runs[0].bold and issuer.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert header.rows[1].cells[1].paragraphs[0].runs[0].italic
    paragraphs = document.paragraphs
    texts = [paragraph.text for paragraph in paragraphs]
    kind = paragraphs[texts.index("KẾ HOẠCH")]
    assert kind.runs[0].bold and kind.alignment == WD_ALIGN_PARAGRAPH.CENTER
    title = paragraphs[texts.index("KẾ HOẠCH") + 1]
    assert title.text.startswith("Nâng cao Chỉ số cải cách hành chính") and title.runs[0].bold
    rule = paragraphs[texts.index("KẾ HOẠCH") + 2]
    width = Mm(165) - rule.paragraph_format.left_indent - rule.paragraph_format.right_indent
    assert Mm(165) / 3 <= width <= Mm(165) / 2
    headings = [
        "I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "2. Yêu cầu", "II. MỤC TIÊU, NHIỆM VỤ VÀ GIẢI PHÁP",
        "1. Mục tiêu, nhiệm vụ (có phụ lục kèm theo)", "2. Giải pháp:", "III. TỔ CHỨC THỰC HIỆN",
    ]  # fmt: skip
    found = [
        paragraph.runs[0].text
        for paragraph in paragraphs
        if paragraph.runs and paragraph.runs[0].bold and paragraph.runs[0].text in headings
    ]
    assert found == headings
    solutions = next(p for p in paragraphs if p.text.startswith("2. Giải pháp:"))
    assert not solutions.runs[1].bold and solutions.runs[1].text.startswith(" Nhằm nâng cao")
    assert solutions.paragraph_format.keep_with_next
    assert (
        "1. Các phòng, đơn vị thuộc Văn phòng UBND tỉnh"
        in texts[texts.index("III. TỔ CHỨC THỰC HIỆN") + 1]
    )


def test_word_closing_is_the_plans_own_and_kept_together() -> None:
    document = _docx(SHIPPED_PLANS)
    closing = next(
        table for table in document.tables if table.cell(0, 0).text.startswith("Nơi nhận")
    )
    recipients, signature = closing.rows[0].cells
    assert [p.text for p in recipients.paragraphs] == [
        "Nơi nhận:", "- PCT.TT UBND tỉnh (b/c)", "- CVP, các PCVP;", "- Các phòng, đơn vị thuộc VP;",
        "- Lưu VT, HCTC. (B_3b).",
    ]  # fmt: skip
    label = recipients.paragraphs[0].runs[0]
    assert label.bold and label.italic and label.font.size.pt == 12
    assert recipients.paragraphs[1].runs[0].font.size.pt == 11
    lines = [p.text for p in signature.paragraphs]
    assert lines[:2] == ["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"]
    assert lines[-1] == "Lê Thị Thanh Thủy" and set(lines[2:-1]) == {""} and len(lines) >= 6
    assert len(closing.rows) == 1
    assert closing.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None
    for cell in (recipients, signature):
        assert all(p.paragraph_format.keep_with_next for p in cell.paragraphs[:-1])
    assert all(
        p.paragraph_format.keep_together for p in recipients.paragraphs + signature.paragraphs
    )


def _mm(*lengths: Any) -> tuple[float, ...]:
    """Lengths in millimetres, to the tenth (Word stores twips)."""
    return tuple(round(length.mm, 1) for length in lengths)


def test_word_appendix_is_landscape_with_its_margins_and_a_repeating_header() -> None:
    document = _docx(SHIPPED_PLANS)
    assert len(document.sections) == 3  # the document, the draft's page, the appendix
    main, appendix = document.sections[0], document.sections[-1]
    assert main.orientation == WD_ORIENT.PORTRAIT
    assert _mm(main.page_width, main.page_height) == (210, 297)
    assert _mm(main.top_margin, main.bottom_margin, main.left_margin, main.right_margin) == (
        20, 20, 30, 15,
    )  # fmt: skip
    assert appendix.orientation == WD_ORIENT.LANDSCAPE
    assert _mm(appendix.page_width, appendix.page_height) == (297, 210)
    margins = (
        appendix.top_margin,
        appendix.bottom_margin,
        appendix.left_margin,
        appendix.right_margin,
    )
    assert _mm(*margins) == (30, 20, 30, 20)
    assert appendix._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    assert sum(width for *_, width in APPENDIX_COLUMNS) == LANDSCAPE_TEXT_WIDTH
    table = document.tables[-1]
    assert [cell.text for cell in table.rows[0].cells] == [
        "STT", "Nhiệm vụ", "Chỉ số, tiêu chí", "Chủ trì", "Phối hợp", "Thời hạn", "Sản phẩm",
    ]  # fmt: skip
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    assert len(rows) == 11 and [row[0] for row in rows] == [str(n) for n in range(1, 12)]
    assert rows[0][5] == "Thường xuyên" and rows[1][5] == "31/12/2022"
    assert rows[3][5] == "Quý II, 6 tháng đầu năm, quý III, quý IV và năm 2022"
    assert rows[2][4] == "Các phòng, đơn vị, Đơn vị quản trị và điều hành VNPT"
    texts = [paragraph.text for paragraph in document.paragraphs]
    start = texts.index("Phụ lục")
    assert texts[start + 1 : start + 3] == [
        "MỤC TIÊU, NHIỆM VỤ", "(Kèm theo Kế hoạch số …/KH-VP ngày … của Văn phòng UBND tỉnh)",
    ]  # fmt: skip
    rule = document.paragraphs[start + 3]  # under the heading, as the report's appendix has
    assert texts[start + 3] == "" and rule._p.xpath("./w:pPr/w:pBdr/w:bottom")
    assert "dựng lại" in texts[start + 4]
    assert texts[start + 5 : start + 7] == [
        "Chỉ tiêu:", "- Hoàn thành 100% nhiệm vụ giao tại Kế hoạch CCHC của Văn phòng UBND tỉnh năm 2022.",
    ]  # fmt: skip


def test_word_document_is_vietnamese() -> None:
    document = _docx(SHIPPED_PLANS)
    language = document.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}"
    )
    assert language.get(qn("w:val")) == "vi-VN"
    assert document.core_properties.language == "vi-VN"
    html = _render(SHIPPED_PLANS, "html").decode("utf-8")
    assert '<html lang="vi-VN">' in html


def _page_numbered(section: Any) -> bool:
    return any(
        "PAGE" in (field.get(qn("w:instr")) or "")
        for field in section.header._element.iter(qn("w:fldSimple"))
    )


def test_the_draft_page_is_a_section_of_its_own_and_a_signed_plan_has_none(
    signed_plan: Path,
) -> None:
    """The draft's page starts a page, carries no page number (it is not a page of the
    document) and leaves the document's numbering alone; a signed plan has no such section."""
    draft = _docx(SHIPPED_PLANS)
    main, page, appendix = draft.sections
    assert page.start_type == WD_SECTION.NEW_PAGE and not page.different_first_page_header_footer
    assert not _page_numbered(page) and _page_numbered(main) and _page_numbered(appendix)
    assert page.orientation == WD_ORIENT.PORTRAIT
    texts = [paragraph.text for paragraph in draft.paragraphs]
    title = texts.index(CONFIRM_TITLE)
    assert texts[title + 1].startswith("(Trang này không thuộc văn bản")
    assert draft.paragraphs[0].text == "DỰ THẢO (chưa có số và chưa có ngày ký)"
    signed = _docx(signed_plan)
    assert "XÁC NHẬN" not in "\n".join(_docx_paragraphs(signed))
    assert "DỰ THẢO" not in "\n".join(_docx_paragraphs(signed))
    assert [section.orientation for section in signed.sections] == [
        WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE,
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        ("ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ", ["ỦY BAN NHÂN DÂN", "TỈNH THỪA THIÊN HUẾ"]),
        ("VĂN PHÒNG UBND TỈNH QUẢNG NGÃI", ["VĂN PHÒNG UBND", "TỈNH QUẢNG NGÃI"]),
        ("UBND HUYỆN TRÙNG KHÁNH", ["UBND HUYỆN TRÙNG KHÁNH"]),
        ("VĂN PHÒNG", ["VĂN PHÒNG"]),
        ("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", ["TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"]),
    ],
)
def test_a_long_issuer_breaks_before_its_administrative_unit(name: str, lines: list[str]) -> None:
    assert issuer_lines(name) == lines


def test_committed_word_template_is_what_the_builder_makes() -> None:
    buffer = io.BytesIO()
    build_plan_template().save(buffer)
    built = zipfile.ZipFile(buffer)
    committed = zipfile.ZipFile(templates_dir() / "plan.docx")
    assert sorted(built.namelist()) == sorted(committed.namelist())
    for part in built.namelist():
        if part.endswith(".xml") and not part.startswith("docProps/"):
            assert built.read(part) == committed.read(part), (
                f"plan.docx:{part} is stale: run 'make docx-templates'"
            )


# --- Every plan, no invented section -------------------------------------------------------------

EXPECTED_HEADINGS = {
    "dien-bien-so-cong-thuong-2022": ["I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "2. Yêu cầu"],
    "huyen-trung-khanh-2023": ["I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích"],
    "lang-son-2022": [],
    "thua-thien-hue-2023": [
        "A. KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH (CHỈ SỐ PAR INDEX) CỦA TỈNH NĂM 2022"
    ],
    "all-needs": [
        "A. KẾT QUẢ CÁC CHỈ SỐ NĂM 2021", "B. MỤC TIÊU, NHIỆM VỤ VÀ GIẢI PHÁP", "I. MỤC TIÊU",
        "1. Mục tiêu chung", "2. Chỉ tiêu cụ thể", "II. NHIỆM VỤ, GIẢI PHÁP",
        "1. Công tác chỉ đạo, điều hành cải cách hành chính",
        "2. Cải cách thủ tục hành chính, nâng cao sự hài lòng của người dân",
        "3. Chính quyền điện tử, chính quyền số", "4. Nâng cao Chỉ số PAPI và Chỉ số PCI",
        "C. TỔ CHỨC THỰC HIỆN",
    ],
}  # fmt: skip
"""What each plan's body has: its outline's headings, and the usual ones only for what it says."""


@pytest.mark.parametrize("folder", [*EXAMPLES, ALL_NEEDS], ids=lambda path: path.name)
def test_every_plan_renders_in_every_format_without_invented_sections(
    run_cli: RunCli, tmp_path: Path, folder: Path
) -> None:
    plan = load_plan(folder, use_cache=False)
    data = build_plan_document(plan)
    assert [f"{s.number} {s.title}" for s in data.sections] == EXPECTED_HEADINGS[folder.name]
    markdown = run_cli("document", "--plans", str(folder), "--format", "md")
    assert markdown.exit_code == 0, markdown
    headings = re.findall(r"^#{2,6} (.*)$", markdown.stdout, re.MULTILINE)
    assert headings == EXPECTED_HEADINGS[folder.name]
    for output_format in ("html", "docx"):
        target = tmp_path / f"ke-hoach.{output_format}"
        result = run_cli(
            "document", "--plans", str(folder), "--format", output_format, "-O", str(target)
        )
        assert result.exit_code == 0, result
        assert target.stat().st_size > 0
    document = Document(str(tmp_path / "ke-hoach.docx"))
    texts = {
        "md": markdown.stdout,
        "html": (tmp_path / "ke-hoach.html").read_text(encoding="utf-8"),
        "docx": "\n".join(_docx_paragraphs(document)) + "\n",
    }
    for output_format, text in texts.items():
        before, _, appendix = _parts(text, output_format)
        assert (APPENDIX_START[output_format] in text) is bool(plan.tasks or plan.targets)
        assert ("Nơi nhận:" in before) is bool(plan.document.recipients), output_format
        assert ("STT" in appendix) is bool(plan.tasks), output_format
        assert not _has_id(before + appendix, _task_ids(folder)), output_format
        if plan.document.signature is None:
            assert "CHÁNH" not in before and "CHỦ TỊCH" not in before
    draft = data.header.draft
    assert len(document.sections) == 1 + draft + bool(plan.tasks or plan.targets)


def test_a_plans_headings_follow_the_outline_and_fill_the_usual_ones() -> None:
    document = PlanDocument.model_validate(
        {
            "year": 2022,
            "title": "Thử nghiệm",
            "issuer": {"name": "Sở Thử nghiệm"},
            "outline": [
                {"ref": "I", "title": "MỤC ĐÍCH"},
                {"ref": "I.3", "title": "Phạm vi"},
                {"ref": "II.1", "title": "Mục tiêu"},
                {"ref": "II.3", "title": "Nhiệm vụ khác"},
                {"ref": "II.3.1", "title": "Một việc"},
                {"ref": "III.2", "title": "Trách nhiệm của các sở"},
            ],
            "purposes": ["Một mục đích."],
            "requirements": ["Một yêu cầu."],
            "objectives": "Nâng cao Chỉ số.",
            "solutions_intro": "Các giải pháp:",
            "solutions": [{"letter": "a", "text": "Một giải pháp."}],
            "organization": ["Các phòng thực hiện.", "Các sở phối hợp."],
        }
    )
    sections = body_sections(document)
    assert [(s.number, s.title, s.lead) for s in sections] == [
        ("I.", "MỤC ĐÍCH", ""), ("1.", "Mục đích", ""), ("2.", "Yêu cầu", ""),
        ("3.", "Phạm vi", ""), ("II.", "MỤC TIÊU, NHIỆM VỤ VÀ GIẢI PHÁP", ""),
        ("1.", "Mục tiêu", ""), ("2.", "Giải pháp", "Các giải pháp:"), ("3.", "Nhiệm vụ khác", ""),
        ("3.1.", "Một việc", ""), ("III.", "TỔ CHỨC THỰC HIỆN", ""),
        ("1.", "", "Các phòng thực hiện."), ("2.", "Trách nhiệm của các sở", ""),
    ]  # fmt: skip
    assert sections[5].paragraphs == ["Nâng cao Chỉ số."]
    assert sections[11].paragraphs == ["Các sở phối hợp."]
    assert sections[1].bullets == ["Một mục đích."] and sections[6].points[0].letter == "a"


@pytest.mark.parametrize(
    ("outline", "structured", "order"),
    [
        ([], ["I", "I.1", "II"], ["I", "I.1", "II"]),
        (["A", "B"], ["I", "I.1"], ["I", "I.1", "A", "B"]),
        (["I", "I.2"], ["I", "I.1", "I.2", "II"], ["I", "I.1", "I.2", "II"]),
        (["II", "II.3", "II.3.1"], ["I", "I.1", "II", "II.1", "II.2", "III"],
         ["I", "I.1", "II", "II.1", "II.2", "II.3", "II.3.1", "III"]),
        (["I", "I.1", "I.3", "IV"], ["I", "I.1", "I.2", "II"], ["I", "I.1", "I.2", "I.3", "II", "IV"]),
    ],
)  # fmt: skip
def test_section_order(outline: list[str], structured: list[str], order: list[str]) -> None:
    assert section_order(outline, structured) == order


@pytest.mark.parametrize(
    ("ref", "number"),
    [("II", "II."), ("II.2", "2."), ("II.3.1", "3.1."), ("B.II", "II."), ("A", "A."),
     ("II.2.đ", "đ)"), ("1.1", "1.1.")],
)  # fmt: skip
def test_heading_numbers(ref: str, number: str) -> None:
    assert heading_number(ref) == number


# --- The command -------------------------------------------------------------------------------


def test_default_outputs_and_standard_output(run_cli: RunCli, tmp_path: Path) -> None:
    plans = str(SHIPPED_PLANS)
    for output_format in ("docx", "html"):
        result = run_cli("document", "--plans", plans, "--format", output_format, cwd=tmp_path)
        assert result.exit_code == 0, result
        assert f"ke-hoach-2022.{output_format}" in result.stdout and "bản dự thảo" in result.stdout
        assert (tmp_path / f"ke-hoach-2022.{output_format}").stat().st_size > 0
    markdown = run_cli("document", "--plans", plans, "--format", "md", cwd=tmp_path)
    assert markdown.exit_code == 0 and markdown.stdout.startswith("> **DỰ THẢO**")
    assert not (tmp_path / "ke-hoach-2022.md").exists()
    for output_format, start in (("md", "> **DỰ THẢO**"), ("html", "<!DOCTYPE html>")):
        result = run_cli("document", "--plans", plans, "--format", output_format, "-O", "-")
        assert result.exit_code == 0 and result.stdout.startswith(start), result
    word = run_cli("document", "--plans", plans, "--output", "-")
    assert word.exit_code == 2 and "tệp Word không in ra màn hình được" in word.stderr
    assert word.stdout == ""


def test_an_existing_file_needs_force(run_cli: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "ke-hoach.html"
    target.write_text("bản đã sửa", encoding="utf-8")
    args = ("document", "--plans", str(SHIPPED_PLANS), "--format", "html", "-O", str(target))
    refused = run_cli(*args)
    assert refused.exit_code == 1 and "--force" in refused.stderr, refused
    assert target.read_text(encoding="utf-8") == "bản đã sửa"
    forced = run_cli(*args, "--force")
    assert forced.exit_code == 0, forced
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    (tmp_path / "ke-hoach-2022.docx").write_bytes(b"sua")
    default = run_cli("document", "--plans", str(SHIPPED_PLANS), cwd=tmp_path)
    assert default.exit_code == 1 and (tmp_path / "ke-hoach-2022.docx").read_bytes() == b"sua"


def test_bad_options_and_plans_exit_with_their_codes(run_cli: RunCli, tmp_path: Path) -> None:
    wrong = run_cli("document", "--plans", str(SHIPPED_PLANS), "--format", "pdf")
    assert wrong.exit_code == 2 and "pdf" in wrong.stderr
    year = run_cli("document", "--plans", str(SHIPPED_PLANS), "--year", "2030", "--format", "md")
    assert year.exit_code == 2, year
    broken = tmp_path / "plans"
    shutil.copytree(SHIPPED_PLANS, broken)
    path = broken / "2022" / "phu-luc.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("lead: HCTC", "lead: HCTX", 1), encoding="utf-8"
    )
    invalid = run_cli("document", "--plans", str(broken), "--format", "md")
    assert invalid.exit_code == 1 and "unit-unknown" in invalid.stderr, invalid
    into_plans = run_cli(
        "document", "--plans", str(SHIPPED_PLANS), "-O", str(SHIPPED_PLANS / "2022" / "kh.docx")
    )
    assert into_plans.exit_code == 2, into_plans


def test_plan_text_is_data_in_every_format(shipped_plan_copy: Path, tmp_path: Path) -> None:
    path = shipped_plan_copy / "2022" / "ke-hoach.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "    - CVP, các PCVP;", "    - '<b>CVP</b> | *các* {{ PCVP }};'"
    )
    path.write_text(text, encoding="utf-8")
    html = _render(shipped_plan_copy, "html").decode("utf-8")
    assert "&lt;b&gt;CVP&lt;/b&gt; | *các* {{ PCVP }};" in html
    markdown = _render(shipped_plan_copy, "md").decode("utf-8")
    assert "- &lt;b>CVP&lt;/b> \\| \\*các\\* {{ PCVP }};" in markdown
    paragraphs = _docx_paragraphs(_docx(shipped_plan_copy))
    assert "- <b>CVP</b> | *các* {{ PCVP }};" in paragraphs


def test_an_office_template_wins(shipped_plan_copy: Path, run_cli: RunCli) -> None:
    folder = shipped_plan_copy / "2022" / "templates"
    folder.mkdir()
    (folder / "plan.md.j2").write_text(
        "{{ plan_document.document_type }}: {{ plan_document.title }}\n", encoding="utf-8"
    )
    result = run_cli("document", "--plans", str(shipped_plan_copy), "--format", "md")
    assert result.exit_code == 0, result
    assert result.stdout.startswith("KẾ HOẠCH: Nâng cao Chỉ số cải cách hành chính")
    (folder / "plan.md.j2").write_text("{{ plan_document.__class__ }}\n", encoding="utf-8")
    refused = run_cli("document", "--plans", str(shipped_plan_copy), "--format", "md")
    assert refused.exit_code == 1 and "plan.md.j2" in refused.stderr, refused
