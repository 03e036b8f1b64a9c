"""The layout of Nghị định 30/2020/NĐ-CP in Word, for building templates with python-docx.

A4 portrait, margins top and bottom 20 mm, left 30 mm, right 15 mm; a landscape section (an
appendix) with the binding edge of 30 mm whichever way it is bound: top 30 mm, bottom 20 mm, left
30 mm, right 20 mm; Times New Roman; the document's language Vietnamese (vi-VN); page numbers
centred at the top from a section's second page; paragraphs of one or several runs, headings,
short rules and grid tables whose docxtpl tags ({%p …%}, {%tr …%}) each sit whole in one run;
grid tables whose header row repeats on every page and whose rows never split. The parts of a
document built from these (header, title, closing, a draft's page, the appendix's heading) are
:mod:`parplan.docx_parts`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypedDict, Unpack

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
    "TEXT_WIDTH",
    "Layout",
    "Run",
    "add_heading",
    "add_landscape_section",
    "add_loop_table",
    "add_page_numbers",
    "add_paragraph",
    "add_rule",
    "add_runs",
    "add_tag",
    "base_document",
    "keep_row_whole",
    "keep_together",
    "no_cell_margins",
    "repeat_header_row",
    "set_cell_text",
    "set_landscape",
    "set_language",
    "set_widths",
]

FONT = "Times New Roman"
LANGUAGE = "vi-VN"
TEXT_WIDTH = Mm(165)  # 210 - 30 - 15
LANDSCAPE_TEXT_WIDTH = Mm(247)  # 297 - 30 - 20
ROW_PROPERTIES = (
    "w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter",
    "w:cantSplit", "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden",
)  # fmt: skip
"""The children of a row's ``w:trPr`` in the order of the schema (ECMA-376), which Word writes."""
ALIGNMENTS = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


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


@dataclass(frozen=True)
class Run:
    """A run of a paragraph: its text (docxtpl tags whole in it), size in points and style."""

    text: str
    size: float = 14
    bold: bool = False
    italic: bool = False


class Layout(TypedDict, total=False):
    """How a paragraph is laid out: alignment ("left", "center", "right", "justify"; justified
    by default), first-line indent of 1 cm (Nghị định 30), left indent, spacing in points, a page
    break before it, kept on the page of the next paragraph, its lines kept on one page."""

    align: str
    indent_first: bool
    indent_left: Any
    space_after: float
    space_before: float
    page_break_before: bool
    keep_with_next: bool
    keep_lines: bool


def add_runs(container: Any, runs: Sequence[Run], **layout: Unpack[Layout]) -> Any:
    """A paragraph of ``runs`` (a bold title, then plain text) laid out as ``layout`` says."""
    paragraph = container.add_paragraph()
    paragraph.alignment = ALIGNMENTS[layout.get("align", "justify")]
    form = paragraph.paragraph_format
    form.space_after = Pt(layout.get("space_after", 6))
    form.space_before = Pt(layout.get("space_before", 0))
    if layout.get("indent_first"):
        form.first_line_indent = Mm(10)
    if layout.get("indent_left") is not None:
        form.left_indent = layout["indent_left"]
    if layout.get("page_break_before"):
        form.page_break_before = True
    if layout.get("keep_with_next"):
        form.keep_with_next = True
    if layout.get("keep_lines"):
        form.keep_together = True
    for part in runs:
        run = paragraph.add_run(part.text)
        run.font.size = Pt(part.size)
        run.bold = part.bold
        run.italic = part.italic
    return paragraph


def add_paragraph(
    container: Any,
    text: str = "",
    *,
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    **layout: Unpack[Layout],
) -> Any:
    """A paragraph of one run (none when ``text`` is empty)."""
    runs = [Run(text, size, bold, italic)] if text else []
    return add_runs(container, runs, **layout)


def add_tag(container: Any, tag: str) -> None:
    """A paragraph holding only a docxtpl paragraph tag ({%p … %}); it disappears on render."""
    add_paragraph(container, tag, space_after=0)


def add_heading(container: Any, text: str, *, italic: bool = False, lead: str | None = None) -> Any:
    """A heading of the document's outline, bold (italic too below the second level), its first
    line indented as every line that starts a paragraph (Nghị định 30), kept whole on the page
    of what follows it. A heading alone is not justified (a long title wraps without stretched
    spaces); one with its run-in text (``lead``, plain) is, as the body."""
    runs = [Run(text, bold=True, italic=italic)] + ([Run(lead)] if lead is not None else [])
    return add_runs(
        container,
        runs,
        align="justify" if lead is not None else "left",
        indent_first=True,
        space_before=6,
        keep_with_next=True,
        keep_lines=True,
    )


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
    paragraph.alignment = ALIGNMENTS[align]
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold


def set_widths(table: Any, widths: Sequence[Any]) -> None:
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid, which LibreOffice follows
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def no_cell_margins(table: Any) -> None:
    """Cells without side margins (``w:tblCellMar``): a column holds its longest line (UBND
    HUYỆN TRÙNG KHÁNH, the Quốc hiệu) whole."""
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


def _row_property(row: Any, name: str) -> None:
    """Switch on a row property (``w:cantSplit``, ``w:tblHeader``) in the row's ``w:trPr``:
    once, in the schema's order."""
    properties = row._tr.get_or_add_trPr()
    if properties.find(qn(name)) is None:
        later = ROW_PROPERTIES[ROW_PROPERTIES.index(name) + 1 :]
        properties.insert_element_before(OxmlElement(name), *later)


def keep_row_whole(row: Any) -> None:
    """The row is never split across two pages (``w:cantSplit``)."""
    _row_property(row, "w:cantSplit")


def repeat_header_row(row: Any) -> None:
    """The row is repeated at the top of every page the table runs onto (``w:tblHeader``)."""
    _row_property(row, "w:tblHeader")


def keep_together(table: Any) -> None:
    """A table never split across pages: its rows whole (``w:cantSplit``), every paragraph in it
    whole and kept with the next (so the table stays with what follows it in Word)."""
    for row in table.rows:
        keep_row_whole(row)
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True
                paragraph.paragraph_format.keep_together = True


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
    optionally a total row; no row splits across pages. The ``numeric`` last columns are aligned
    right, an "STT" column centred."""
    rows = 4 + (1 if total else 0)
    table = document.add_table(rows=rows, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        set_cell_text(cell, header, size=size, bold=True, align="center")
    set_cell_text(table.rows[1].cells[0], f"{{%tr for row in {loop} %}}", size=size)
    for index, (cell, text) in enumerate(zip(table.rows[2].cells, cells, strict=True)):
        align = "right" if index >= len(cells) - numeric else "left"
        set_cell_text(cell, text, size=size, align="center" if headers[index] == "STT" else align)
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


def add_landscape_section(document: Any) -> Any:
    """A new section on a new landscape A4 page: :func:`set_landscape`."""
    return set_landscape(document.add_section(WD_SECTION.NEW_PAGE))


def set_landscape(section: Any) -> Any:
    """``section`` on landscape A4 pages, with the binding edge of 30 mm whichever way the page
    is bound (top 30, bottom 20, left 30, right 20 mm), its own page numbers from 1 (not printed
    on its first page)."""
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(30), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(20)
    section.header_distance = Mm(15)
    add_page_numbers(section, restart=True)
    return section
