"""Builds the Word template ``templates/plan.docx`` of the plan document (``parplan document``).

Like the report's (:mod:`parplan.docx_templates`), the template is an ordinary .docx with Jinja
tags (docxtpl), made by code so that every tag sits whole in one run; ``make docx-templates``
regenerates it and a test checks the committed file is what this module builds. It sees
``plan_document`` (:class:`parplan.plan_document.PlanDocumentData` as plain data).

The layout is Nghị định 30/2020/NĐ-CP's (:mod:`parplan.docx_layout`: A4, margins 20/20/30/15 mm,
Times New Roman, page numbers from page 2), with what a signer checks on paper: "Số" and the date
on one line (a header table of two rows), the rule under the trích yếu a third of the line, Nơi
nhận and the signature in one row that never splits across pages, the draft's page of what
remains to confirm marked as not part of the document, and the Phụ lục on a landscape section
(margins top 30, bottom 20, left 30, right 20 mm; pages numbered from 1) whose table repeats its
header row on every page and never splits a row. The document's language is Vietnamese (vi-VN).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from parplan.docx_layout import (
    TEXT_WIDTH,
    add_loop_table,
    add_page_numbers,
    add_paragraph,
    add_rule,
    add_tag,
    base_document,
    set_widths,
)

__all__ = ["APPENDIX_COLUMNS", "APPENDIX_MARGINS", "APPENDIX_WIDTH", "build_plan_template", "main"]

LANGUAGE = "vi-VN"
APPENDIX_MARGINS = {"top": Mm(30), "bottom": Mm(20), "left": Mm(30), "right": Mm(20)}
"""The landscape appendix page (Nghị định 30's margins, the binding edge at least 30 mm)."""
APPENDIX_WIDTH = Mm(297 - 30 - 20)
APPENDIX_COLUMNS = [
    ("STT", "{{ row.number }}", Mm(12)),
    ("Nhiệm vụ", "{{ row.task }}{% if row.funding %}. Kinh phí: {{ row.funding }}{% endif %}", Mm(64)),
    ("Chỉ số, tiêu chí", "{{ row.criteria }}", Mm(34)),
    ("Chủ trì", "{{ row.lead }}", Mm(30)),
    ("Phối hợp", "{{ row.support }}", Mm(30)),
    ("Thời hạn", "{{ row.deadline }}", Mm(32)),
    ("Sản phẩm", "{{ row.output }}", Mm(45)),
]  # fmt: skip
"""The appendix table: heading, cell, width (247 mm, the landscape line)."""
CONFIRM_TITLE = "NỘI DUNG CẦN XÁC NHẬN TRƯỚC KHI KÝ"
CONFIRM_NOTE = (
    "(Trang này không thuộc văn bản: chỉ có ở bản dự thảo, bản có số và ngày ký không in trang "
    "này.)"
)


# --- Word details python-docx has no words for -------------------------------------------------


def _on(element: Any, tag: str, **attributes: str) -> Any:
    """``element``'s child ``tag`` (created), with ``attributes`` set (w: names)."""
    child = element.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        element.append(child)
    for name, value in attributes.items():
        child.set(qn(f"w:{name}"), value)
    return child


def set_language(document: Any) -> None:
    """Vietnamese as the language of every run (the style defaults) and of the document."""
    styles = document.styles.element
    defaults = _on(styles, "w:docDefaults")
    rpr_default = _on(defaults, "w:rPrDefault")
    properties = _on(rpr_default, "w:rPr")
    _on(properties, "w:lang", val=LANGUAGE, eastAsia=LANGUAGE)
    document.core_properties.language = LANGUAGE


def _row_property(row: Any, tag: str) -> None:
    """A row property without value (``w:cantSplit``, ``w:tblHeader``), in schema order."""
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement(tag)
    element.set(qn("w:val"), "true")
    order = ["w:cantSplit", "w:trHeight", "w:tblHeader"]
    later = [
        child for child in properties if child.tag in {qn(t) for t in order[order.index(tag) + 1 :]}
    ]
    if later:
        later[0].addprevious(element)
    else:
        properties.append(element)


def _no_cell_margins(table: Any) -> None:
    """Cells without side margins: the header's columns hold a long name (UBND HUYỆN TRÙNG
    KHÁNH) and the Quốc hiệu on one line each."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("w:left", "w:right"):
        margin = OxmlElement(side)
        margin.set(qn("w:w"), "0")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    properties = table._tbl.tblPr
    look = properties.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        properties.append(margins)


def _keep(paragraph: Any, *, with_next: bool = True) -> Any:
    paragraph.paragraph_format.keep_together = True
    paragraph.paragraph_format.keep_with_next = with_next
    return paragraph


def _runs(
    container: Any, runs: list[tuple[str, dict[str, Any]]], *, keep: bool = False, **layout: Any
) -> Any:
    """A paragraph of several runs (bold title, then plain text), each holding whole tags."""
    paragraph = add_paragraph(container, **layout)
    for text, style in runs:
        run = paragraph.add_run(text)
        run.font.size = Pt(style.get("size", 14))
        run.bold = style.get("bold", False)
        run.italic = style.get("italic", False)
    return _keep(paragraph) if keep else paragraph


def _empty_cell(cell: Any) -> Any:
    cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    return cell


# --- The document --------------------------------------------------------------------------------


def _header(body: Any) -> None:
    """The header of Nghị định 30 in two rows, so that "Số" and the date share a line."""
    table = body.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = [Mm(73), Mm(92)]
    set_widths(table, widths)
    _no_cell_margins(table)
    left, right = (_empty_cell(cell) for cell in table.rows[0].cells)
    add_tag(left, "{%p if d.header.governing_body %}")
    add_paragraph(left, "{{ d.header.governing_body }}", size=13, align="center", space_after=0)
    add_tag(left, "{%p endif %}")
    add_tag(left, "{%p for line in d.issuer_lines %}")
    add_paragraph(left, "{{ line }}", size=13, bold=True, align="center", space_after=0)
    add_tag(left, "{%p endfor %}")
    add_rule(left, Mm(24), widths[0])
    add_paragraph(
        right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True, align="center",
        space_after=0,
    )  # fmt: skip
    add_paragraph(
        right, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, align="center", space_after=0
    )
    add_rule(right, Mm(60), widths[1])
    number, day = (_empty_cell(cell) for cell in table.rows[1].cells)
    add_paragraph(number, "{{ d.header.number_line }}", size=13, align="center", space_after=0)
    add_paragraph(day, "{{ d.header.date_line }}", italic=True, align="center", space_after=0)


def _opening(body: Any) -> None:
    """The draft marker, the header, "KẾ HOẠCH", the trích yếu and its rule, the preamble."""
    add_tag(body, "{%p set d = plan_document %}")
    add_tag(body, "{%p if d.header.draft %}")
    _runs(
        body,
        [("DỰ THẢO", {"size": 13, "bold": True}), (" ({{ d.header.draft_note }})", {"size": 13})],
        align="left",
    )
    add_tag(body, "{%p endif %}")
    _header(body)
    add_paragraph(
        body, "{{ d.document_type }}", bold=True, align="center", space_before=18, space_after=0
    )
    add_paragraph(body, "{{ d.title }}", bold=True, align="center", space_after=0)
    add_rule(body, Mm(60), TEXT_WIDTH)
    add_paragraph(body, "", space_after=0)
    add_tag(body, "{%p for line in d.opening %}")
    add_paragraph(body, "{{ line }}", indent_first=True)
    add_tag(body, "{%p endfor %}")


HEADING = "{{ s.number }} {{ s.title }}{% if s.lead %}:{% endif %}"
LEAD = "{% if s.lead %} {{ s.lead }}{% endif %}"


def _sections(body: Any) -> None:
    """The body: each heading (bold, italic too below the second level; not justified, a long
    title wraps without stretched spaces), or a title with its run-in text (justified), its
    paragraphs, "- " items and points a), b) …; a clause without a title is its number and text."""
    add_tag(body, "{%p for s in d.sections %}")
    add_tag(body, "{%p if not s.title %}")
    add_paragraph(body, "{{ s.number }} {{ s.lead }}", indent_first=True)
    add_tag(body, "{%p elif s.lead %}")
    _runs(body, [(HEADING, {"bold": True}), (LEAD, {})], keep=True, indent_first=True)
    add_tag(body, "{%p elif s.level > 2 %}")
    _runs(
        body,
        [(HEADING, {"bold": True, "italic": True})],
        keep=True,
        indent_first=True,
        align="left",
    )
    add_tag(body, "{%p else %}")
    _runs(body, [(HEADING, {"bold": True})], keep=True, indent_first=True, align="left")
    add_tag(body, "{%p endif %}")
    for loop, text in (
        ("s.paragraphs", "{{ item }}"),
        ("s.bullets", "- {{ item }}"),
        ("s.points", "{{ item.letter }}) {{ item.text }}"),
    ):
        add_tag(body, f"{{%p for item in {loop} %}}")
        add_paragraph(body, text, indent_first=True)
        add_tag(body, "{%p endfor %}")
    add_tag(body, "{%p endfor %}")


def _closing(body: Any) -> None:
    """Nơi nhận and the signature: one row that never splits, every paragraph kept with the
    next; no "(chữ ký, dấu)", the space is for the signature and the seal."""
    add_paragraph(body, "", space_after=0)
    table = body.add_table(rows=1, cols=2)
    set_widths(table, [Mm(80), Mm(85)])
    _row_property(table.rows[0], "w:cantSplit")
    left, right = (_empty_cell(cell) for cell in table.rows[0].cells)
    _keep(
        add_paragraph(
            left, "{% if d.recipients %}Nơi nhận:{% endif %}", size=12, bold=True, italic=True,
            align="left", space_after=0,
        )
    )  # fmt: skip
    add_tag(left, "{%p for line in d.recipients %}")
    _keep(add_paragraph(left, "{{ line }}", size=11, align="left", space_after=0))
    add_tag(left, "{%p endfor %}")
    add_tag(right, "{%p for line in d.signature_lines %}")
    _keep(add_paragraph(right, "{{ line }}", bold=True, align="center", space_after=0))
    add_tag(right, "{%p endfor %}")
    add_tag(right, "{%p if d.signature_lines or d.signature_name %}")
    for _ in range(4):
        _keep(add_paragraph(right, "", space_after=0))
    add_tag(right, "{%p endif %}")
    _keep(
        add_paragraph(
            right, '{{ d.signature_name or "" }}', bold=True, align="center", space_after=0
        ),
        with_next=False,
    )


def _to_confirm(document: Any) -> None:
    """A draft's page of what remains to confirm, marked as not part of the document: a section of
    its own, without page numbers (taken out of a signed plan's document, being empty)."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.different_first_page_header_footer = False
    section.header.is_linked_to_previous = False
    body = document
    add_tag(body, "{%p if d.to_confirm %}")
    add_paragraph(body, CONFIRM_TITLE, bold=True, align="center", space_after=0)
    add_paragraph(body, CONFIRM_NOTE, size=13, italic=True, align="center")
    add_tag(body, "{%p for item in d.to_confirm %}")
    add_paragraph(body, "- {{ item }}", size=13, indent_first=True)
    add_tag(body, "{%p endfor %}")
    add_tag(body, "{%p endif %}")


def _appendix(document: Any) -> None:
    """The Phụ lục on a landscape section of its own, numbered from 1 (taken out of the document
    of a plan without targets or tasks, being empty)."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = APPENDIX_MARGINS["top"], APPENDIX_MARGINS["bottom"]
    section.left_margin, section.right_margin = APPENDIX_MARGINS["left"], APPENDIX_MARGINS["right"]
    add_page_numbers(section, restart=True)
    body = document
    add_tag(body, "{%p if d.appendix %}")
    add_paragraph(body, "Phụ lục", bold=True, align="center", space_after=0)
    add_paragraph(body, "{{ d.appendix_title }}", bold=True, align="center", space_after=0)
    add_paragraph(body, "{{ d.appendix_reference }}", italic=True, align="center")
    add_tag(body, "{%p if d.appendix_note %}")
    add_paragraph(body, "{{ d.appendix_note }}", size=12, italic=True, indent_first=True)
    add_tag(body, "{%p endif %}")
    add_tag(body, "{%p if d.targets %}")
    add_paragraph(body, "Chỉ tiêu:", size=13, bold=True, indent_first=True, space_after=0)
    add_tag(body, "{%p for target in d.targets %}")
    add_paragraph(body, "- {{ target }}", size=13, indent_first=True)
    add_tag(body, "{%p endfor %}")
    add_tag(body, "{%p endif %}")
    add_tag(body, "{%p if d.appendix_rows %}")
    add_loop_table(
        body,
        [heading for heading, _, _ in APPENDIX_COLUMNS],
        [cell for _, cell, _ in APPENDIX_COLUMNS],
        "d.appendix_rows",
        [width for _, _, width in APPENDIX_COLUMNS],
        size=12,
    )
    table = document.tables[-1]
    table.rows[2].cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _row_property(table.rows[0], "w:cantSplit")
    _row_property(table.rows[0], "w:tblHeader")
    _row_property(table.rows[2], "w:cantSplit")
    add_tag(body, "{%p endif %}")
    add_tag(body, "{%p endif %}")
    end = add_paragraph(body, "", space_after=0)
    end.paragraph_format.line_spacing = Pt(1)


def build_plan_template() -> Any:
    document = base_document()
    set_language(document)
    _opening(document)
    _sections(document)
    _closing(document)
    _to_confirm(document)
    _appendix(document)
    return document


def main(argv: list[str] | None = None) -> None:
    """Write ``plan.docx`` into a folder (default: the repository's templates/)."""
    from parplan.template_loader import templates_dir

    folder = Path((argv or sys.argv[1:] or [str(templates_dir())])[0])
    build_plan_template().save(folder / "plan.docx")


if __name__ == "__main__":
    main()
