"""The layout of Nghị định 30/2020/NĐ-CP in Word, for building templates with python-docx.

A4 portrait, margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman; the
two-column header; page numbers centred at the top from page 2; paragraphs, headings, short rules
and grid tables whose docxtpl tags ({%p …%}, {%tr …%}) each sit whole in one run.
"""

from __future__ import annotations

from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

__all__ = [
    "FONT",
    "TEXT_WIDTH",
    "add_header_table",
    "add_heading",
    "add_loop_table",
    "add_page_numbers",
    "add_paragraph",
    "add_rule",
    "add_tag",
    "base_document",
    "set_cell_text",
    "set_widths",
]

FONT = "Times New Roman"
TEXT_WIDTH = Mm(165)  # 210 - 30 - 15


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
    add_page_numbers(section)
    for paragraph in list(document.paragraphs):  # start from an empty body
        paragraph._p.getparent().remove(paragraph._p)
    return document


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
    space_after: float = 6,
    space_before: float = 0,
) -> Any:
    paragraph = container.add_paragraph()
    paragraph.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }[align]
    paragraph.paragraph_format.space_after = Pt(space_after)
    paragraph.paragraph_format.space_before = Pt(space_before)
    if indent_first:
        paragraph.paragraph_format.first_line_indent = Mm(10)
    if text:
        run = paragraph.add_run(text)
        run.font.size = Pt(size)
        run.bold = bold
        run.italic = italic
    return paragraph


def add_tag(container: Any, tag: str) -> None:
    """A paragraph holding only a docxtpl paragraph tag ({%p … %}); it disappears on render."""
    add_paragraph(container, tag, space_after=0)


def add_rule(container: Any, width: Any, available: Any) -> None:
    """A short horizontal line, centred: an empty paragraph's bottom border, narrowed by indents."""
    paragraph = container.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(4)
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
) -> None:
    """A grid table: header row, a docxtpl row loop ({%tr for … %}), optionally a total row."""
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
    set_widths(table, widths)


def add_heading(document: Any, text: str) -> None:
    add_paragraph(document, text, bold=True, space_before=6)


def add_header_table(document: Any, left: list[tuple[str, dict[str, Any]]], date_line: str) -> None:
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = [Mm(62), Mm(103)]
    set_widths(table, widths)
    left_cell, right_cell = table.rows[0].cells
    for cell in (left_cell, right_cell):
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    for index, (text, style) in enumerate(left):
        add_paragraph(left_cell, text, align="center", space_after=0, **style)
        if index == 1:
            add_rule(left_cell, Mm(22), widths[0])
    add_paragraph(
        right_cell,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        size=12,
        bold=True,
        align="center",
        space_after=0,
    )
    add_paragraph(
        right_cell, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, align="center", space_after=0
    )
    add_rule(right_cell, Mm(58), widths[1])
    add_paragraph(right_cell, date_line, size=14, italic=True, align="center", space_after=0)
