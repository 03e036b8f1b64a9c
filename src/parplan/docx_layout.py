"""The layout of Nghị định 30/2020/NĐ-CP in Word, for building templates with python-docx.

A4 portrait, margins top and bottom 20 mm, left 30 mm, right 15 mm; a landscape section (an
appendix) with the binding edge of 30 mm whichever way it is bound: top 30 mm, bottom 20 mm, left
30 mm, right 20 mm; Times New Roman; the document's language Vietnamese (vi-VN); the two-column
header with its rules (under the issuing body a short one, under the motto one as long as the
motto); page numbers centred at the top from page 2; paragraphs, headings, short rules and grid
tables whose docxtpl tags ({%p …%}, {%tr …%}) each sit whole in one run; grid tables whose header
row repeats on every page and whose rows never split; the closing (Nơi nhận and the signature)
kept on one page.
"""

from __future__ import annotations

from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

__all__ = [
    "FONT",
    "LANDSCAPE_TEXT_WIDTH",
    "LANGUAGE",
    "MOTTO_WIDTH",
    "SUBJECT_RULE_WIDTH",
    "TEXT_WIDTH",
    "add_closing_table",
    "add_header_table",
    "add_heading",
    "add_landscape_section",
    "add_loop_table",
    "add_page_numbers",
    "add_paragraph",
    "add_rule",
    "add_tag",
    "base_document",
    "keep_row_whole",
    "keep_together",
    "repeat_header_row",
    "set_cell_text",
    "set_language",
    "set_widths",
]

FONT = "Times New Roman"
LANGUAGE = "vi-VN"
TEXT_WIDTH = Mm(165)  # 210 - 30 - 15
LANDSCAPE_TEXT_WIDTH = Mm(247)  # 297 - 30 - 20
SUBJECT_RULE_WIDTH = Mm(66)
"""The rule under the trích yếu: 2/5 of the line (Nghị định 30: from 1/3 to 1/2 of it)."""
MOTTO_WIDTH = Mm(53)
"""The rule under the motto, as long as "Độc lập - Tự do - Hạnh phúc" set in Times New Roman 13 pt
bold (53.1 mm, measured with Liberation Serif, whose letters have the same widths)."""
ISSUER_RULE_WIDTH = Mm(22)
"""The rule under the issuing body's name: 1/3 to 1/2 of a name such as VĂN PHÒNG UBND TỈNH."""
HEADER_WIDTHS = (Mm(62), Mm(103))


def base_document() -> Any:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    set_language(document, LANGUAGE)
    add_page_numbers(section)
    for paragraph in list(document.paragraphs):  # start from an empty body
        paragraph._p.getparent().remove(paragraph._p)
    return document


def set_language(document: Any, language: str) -> None:
    """The document's language: in the defaults of its text (``w:lang`` of the document defaults,
    so spelling and hyphenation are Vietnamese), in the theme's fonts and in its core properties;
    the properties python-docx leaves (its name as author) are cleared."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    if run_defaults is None:
        raise ValueError("the base document has no run defaults")
    properties = run_defaults.find(qn("w:rPr"))
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        properties.append(lang)
    for attribute in ("w:val", "w:eastAsia"):
        lang.set(qn(attribute), language)
    theme = document.settings.element.find(qn("w:themeFontLang"))
    if theme is not None:
        for attribute in ("w:val", "w:eastAsia"):
            theme.set(qn(attribute), language)
    core = document.core_properties
    core.language = language
    core.author = ""
    core.comments = ""


def add_page_numbers(section: Any, restart: bool = False) -> None:
    """Page number centred in the top margin, not on the section's first page."""
    section.different_first_page_header_footer = True
    section.header.is_linked_to_previous = False
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "26")
    properties.append(size)
    run.append(properties)
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    if restart:
        numbering = OxmlElement("w:pgNumType")
        numbering.set(qn("w:start"), "1")
        section._sectPr.append(numbering)


def add_paragraph(
    container: Any,
    text: str = "",
    *,
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    align: str = "justify",
    indent_first: bool = False,
    indent_left: Any = None,
    space_after: float = 6,
    space_before: float = 0,
    page_break_before: bool = False,
    keep_with_next: bool = False,
) -> Any:
    paragraph = container.add_paragraph()
    paragraph.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }[align]
    layout = paragraph.paragraph_format
    layout.space_after = Pt(space_after)
    layout.space_before = Pt(space_before)
    if indent_first:
        layout.first_line_indent = Mm(10)
    if indent_left is not None:
        layout.left_indent = indent_left
    if page_break_before:
        layout.page_break_before = True
    if keep_with_next:
        layout.keep_with_next = True
    if text:
        run = paragraph.add_run(text)
        run.font.size = Pt(size)
        run.bold = bold
        run.italic = italic
    return paragraph


def add_tag(container: Any, tag: str) -> None:
    """A paragraph holding only a docxtpl paragraph tag ({%p … %}); it disappears on render."""
    add_paragraph(container, tag, space_after=0)


def add_rule(container: Any, width: Any, available: Any, *, space_after: float = 4) -> Any:
    """A short horizontal line, centred: an empty paragraph's bottom border, narrowed by indents
    to ``width`` of the ``available`` width."""
    paragraph = container.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(space_after)
    paragraph.paragraph_format.space_before = Pt(0)
    side = int((available - width) / 2)
    paragraph.paragraph_format.left_indent = side
    paragraph.paragraph_format.right_indent = side
    paragraph.paragraph_format.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)
    return paragraph


def set_cell_text(
    cell: Any, text: str, *, size: float = 12, bold: bool = False, align: str = "left"
) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.alignment = (
        WD_ALIGN_PARAGRAPH.CENTER
        if align == "center"
        else (WD_ALIGN_PARAGRAPH.RIGHT if align == "right" else WD_ALIGN_PARAGRAPH.LEFT)
    )
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold


def set_widths(table: Any, widths: list[Any]) -> None:
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid, which LibreOffice follows
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _row_property(row: Any, name: str) -> None:
    """Switch on a row property (``w:cantSplit``, ``w:tblHeader``) in the row's ``w:trPr``."""
    properties = row._tr.get_or_add_trPr()
    if properties.find(qn(name)) is None:
        properties.append(OxmlElement(name))


def keep_row_whole(row: Any) -> None:
    """The row is never split across two pages (``w:cantSplit``)."""
    _row_property(row, "w:cantSplit")


def repeat_header_row(row: Any) -> None:
    """The row is repeated at the top of every page the table runs onto (``w:tblHeader``)."""
    _row_property(row, "w:tblHeader")


def add_loop_table(
    document: Any,
    headers: list[str],
    cells: list[str],
    loop: str,
    widths: list[Any],
    *,
    total: list[str] | None = None,
    size: float = 12,
    numeric: int = 0,
) -> Any:
    """A grid table: header row (repeated on every page), a docxtpl row loop ({%tr for … %}),
    optionally a total row; no row splits across pages."""
    rows = 4 + (1 if total else 0)
    table = document.add_table(rows=rows, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        set_cell_text(cell, header, size=size, bold=True, align="center")
    set_cell_text(table.rows[1].cells[0], f"{{%tr for row in {loop} %}}", size=size)
    for index, (cell, text) in enumerate(zip(table.rows[2].cells, cells, strict=True)):
        set_cell_text(
            cell, text, size=size, align="right" if index >= len(cells) - numeric else "left"
        )
    set_cell_text(table.rows[3].cells[0], "{%tr endfor %}", size=size)
    if total:
        for cell, text in zip(table.rows[4].cells, total, strict=True):
            set_cell_text(
                cell, text, size=size, bold=True, align="left" if text == total[0] else "right"
            )
    repeat_header_row(table.rows[0])
    for row in table.rows:
        keep_row_whole(row)
    set_widths(table, widths)
    return table


def add_heading(document: Any, text: str, *, italic: bool = False) -> Any:
    """A heading of the document's outline, kept on the page of what follows it."""
    return add_paragraph(
        document, text, bold=True, italic=italic, space_before=6, keep_with_next=True
    )


def _empty_cells(table: Any) -> list[Any]:
    cells = list(table.rows[0].cells)
    for cell in cells:
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    return cells


def add_header_table(
    document: Any, *, governing_body: str, issuer: str, number_line: str, date_line: str
) -> Any:
    """The two-column header of Nghị định 30, from template expressions: left the governing body
    (printed only when the expression has a value: a body with none above it has the issuer
    alone), the issuing body (bold), a short rule, the number; right the national name, the motto
    with a rule as long as it, the place and date (italic)."""
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_widths(table, list(HEADER_WIDTHS))
    left, right = _empty_cells(table)
    add_tag(left, f"{{%p if {governing_body} %}}")
    add_paragraph(left, f"{{{{ {governing_body} }}}}", size=13, align="center", space_after=0)
    add_tag(left, "{%p endif %}")
    add_paragraph(left, f"{{{{ {issuer} }}}}", size=13, bold=True, align="center", space_after=0)
    add_rule(left, ISSUER_RULE_WIDTH, HEADER_WIDTHS[0], space_after=6)
    add_paragraph(left, f"{{{{ {number_line} }}}}", size=13, align="center", space_after=0)
    add_paragraph(
        right,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        size=12,
        bold=True,
        align="center",
        space_after=0,
    )
    add_paragraph(
        right, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, align="center", space_after=0
    )
    add_rule(right, MOTTO_WIDTH, HEADER_WIDTHS[1], space_after=6)
    add_paragraph(
        right, f"{{{{ {date_line} }}}}", size=14, italic=True, align="center", space_after=0
    )
    return table


def add_closing_table(document: Any) -> tuple[Any, Any, Any]:
    """The closing of a document: one row, Nơi nhận left and the signature right; the caller
    fills the cells, then :func:`keep_together` keeps it on one page."""
    table = document.add_table(rows=1, cols=2)
    set_widths(table, [Mm(80), Mm(85)])
    left, right = _empty_cells(table)
    return table, left, right


def keep_together(table: Any) -> None:
    """A table never split across pages: its rows whole (``w:cantSplit``) and every paragraph in
    it kept with the next (so the table stays with what follows it in Word)."""
    for row in table.rows:
        keep_row_whole(row)
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def add_landscape_section(document: Any) -> Any:
    """A new section on a new landscape A4 page, with the binding edge of 30 mm whichever way
    the page is bound (top 30, bottom 20, left 30, right 20 mm), its own page numbers from 1 (not
    printed on its first page)."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(30), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(20)
    section.header_distance = Mm(15)
    add_page_numbers(section, restart=True)
    return section
