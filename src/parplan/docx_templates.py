"""Builds the Word templates ``templates/report.docx`` and ``templates/checklist.docx``.

The templates are ordinary .docx files with Jinja tags (docxtpl): an office can open them in
Word, change fonts or wording, and put its copy in ``templates/`` of its plan folder. They are
made by this module rather than by hand so that every tag sits whole in one run (Word splits
text it edits into runs, which breaks tags) and every row loop in a row of its own. Regenerate
with ``make docx-templates``; a test checks the committed files are what this module builds.

Layout of Nghị định 30/2020/NĐ-CP: A4 portrait, margins top and bottom 20 mm, left 30 mm, right
15 mm; Times New Roman; the two-column header; page numbers centred at the top from page 2.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

__all__ = ["build_checklist_template", "build_report_template", "main"]

FONT = "Times New Roman"
TEXT_WIDTH = Mm(165)  # 210 - 30 - 15


def _base_document() -> Any:
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
    _page_numbers(section)
    for paragraph in list(document.paragraphs):  # start from an empty body
        paragraph._p.getparent().remove(paragraph._p)
    return document


def _page_numbers(section: Any, restart: bool = False) -> None:
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


def _paragraph(
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


def _tag(container: Any, tag: str) -> None:
    """A paragraph holding only a docxtpl paragraph tag ({%p … %}); it disappears on render."""
    _paragraph(container, tag, space_after=0)


def _rule(container: Any, width: Any, available: Any) -> None:
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


def _cell_text(
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


def _widths(table: Any, widths: list[Any]) -> None:
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid, which LibreOffice follows
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _loop_table(
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
        _cell_text(cell, header, size=size, bold=True, align="center")
    _cell_text(table.rows[1].cells[0], f"{{%tr for row in {loop} %}}", size=size)
    for index, (cell, text) in enumerate(zip(table.rows[2].cells, cells, strict=True)):
        _cell_text(
            cell, text, size=size, align="right" if index >= len(cells) - numeric else "left"
        )
    _cell_text(table.rows[3].cells[0], "{%tr endfor %}", size=size)
    if total:
        for cell, text in zip(table.rows[4].cells, total, strict=True):
            _cell_text(
                cell, text, size=size, bold=True, align="left" if text == total[0] else "right"
            )
    _widths(table, widths)


TALLY_HEADERS = [
    "",
    "Số việc",
    "Đúng hạn",
    "Xong quá hạn",
    "Quá hạn chưa xong",
    "Đang làm",
    "Chưa đến hạn",
    "Thường xuyên",
]
TALLY_FIELDS = [
    "total",
    "done_on_time",
    "done_late",
    "overdue",
    "in_progress",
    "not_due",
    "continuous",
]
TALLY_WIDTHS = [Mm(45), Mm(15), Mm(15), Mm(17), Mm(17), Mm(17), Mm(19), Mm(20)]


def _tally(document: Any, first: str, rows: str) -> None:
    _tag(document, f"{{%p if {rows} %}}")
    _loop_table(
        document,
        [first, *TALLY_HEADERS[1:]],
        ["{{ row.name }}", *[f"{{{{ row.{name} }}}}" for name in TALLY_FIELDS]],
        rows,
        TALLY_WIDTHS,
        total=["{{ r.totals.name }}", *[f"{{{{ r.totals.{name} }}}}" for name in TALLY_FIELDS]],
        numeric=len(TALLY_FIELDS),
    )
    _tag(document, "{%p else %}")
    _paragraph(document, "Không có việc nào trong kỳ.", indent_first=True)
    _tag(document, "{%p endif %}")


def _task_list(document: Any, rows: str, empty: str) -> None:
    _tag(document, f"{{%p if {rows} %}}")
    _tag(document, f"{{%p for row in {rows} %}}")
    _paragraph(
        document,
        "{{ loop.index }}. {{ row.title }} ({{ row.key }}), chủ trì: {{ row.lead }}; hạn {{ row.deadline }}; {{ row.status }}.",
        indent_first=True,
    )
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p else %}")
    _paragraph(document, empty, indent_first=True)
    _tag(document, "{%p endif %}")


def _heading(document: Any, text: str) -> None:
    _paragraph(document, text, bold=True, space_before=6)


def _header_table(document: Any, left: list[tuple[str, dict[str, Any]]], date_line: str) -> None:
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = [Mm(62), Mm(103)]
    _widths(table, widths)
    left_cell, right_cell = table.rows[0].cells
    for cell in (left_cell, right_cell):
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    for index, (text, style) in enumerate(left):
        _paragraph(left_cell, text, align="center", space_after=0, **style)
        if index == 1:
            _rule(left_cell, Mm(22), widths[0])
    _paragraph(
        right_cell,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        size=12,
        bold=True,
        align="center",
        space_after=0,
    )
    _paragraph(
        right_cell, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, align="center", space_after=0
    )
    _rule(right_cell, Mm(58), widths[1])
    _paragraph(right_cell, date_line, size=14, italic=True, align="center", space_after=0)


def _draft_marker(document: Any) -> None:
    _tag(document, "{%p if r.header.draft %}")
    _paragraph(document, "DỰ THẢO", size=13, bold=True, align="left")
    _tag(document, "{%p endif %}")


# The report's sentences, written from its numbers and the plan's words (as in report.*.j2).
INTRODUCTION = (
    "Thực hiện Kế hoạch số {{ r.plan_number }} ngày {{ r.plan_date }} của {{ r.plan_issuer }} về "
    "{{ r.plan_title[:1] | lower ~ r.plan_title[1:] }}, {{ r.plan_issuer }} báo cáo kết quả thực "
    "hiện {{ r.period_title }} (số liệu từ ngày {{ r.window_start }} đến ngày {{ r.window_end }}) "
    "như sau:"
)
SUMMARY = (
    "Đến ngày {{ r.window_end }}, có {{ r.due }} việc đến hạn hoặc đã hoàn thành, trong đó hoàn "
    "thành đúng hạn {{ r.due_counts.done_on_time }}, hoàn thành quá hạn "
    "{{ r.due_counts.done_late }}, quá hạn chưa hoàn thành {{ r.due_counts.overdue }}; "
    "{{ r.due_counts.continuous }} việc thường xuyên đang thực hiện. "
    "{% if r.completion_percent is not none %}Tỷ lệ hoàn thành {{ r.completion_percent | percent }} "
    "so với yêu cầu {{ r.target_percent | percent }}.{% else %}Chưa có việc nào đến hạn nên chưa "
    "tính tỷ lệ hoàn thành.{% endif %}"
)


def build_report_template() -> Any:
    document = _base_document()
    body = document
    _tag(body, "{%p set r = report %}")
    _draft_marker(body)
    _header_table(
        body,
        [
            ("{{ r.header.governing_body }}", {"size": 13}),
            ("{{ r.header.issuer }}", {"size": 13, "bold": True}),
            ("{{ r.header.number_line }}", {"size": 13}),
        ],
        "{{ r.header.date_line }}",
    )
    _paragraph(
        body, "{{ r.document_type }}", bold=True, align="center", space_before=12, space_after=0
    )
    _paragraph(body, "{{ r.title }}", bold=True, align="center", space_after=0)
    _rule(body, Mm(50), TEXT_WIDTH)
    _paragraph(body, INTRODUCTION, indent_first=True)

    _heading(body, "I. KẾT QUẢ THỰC HIỆN")
    _heading(body, "1. Tình hình chung")
    _paragraph(body, SUMMARY, indent_first=True)
    _paragraph(body, "Yêu cầu của Kế hoạch: {{ r.target }}", indent_first=True)
    _heading(body, "2. Kết quả theo lĩnh vực Chỉ số CCHC")
    _tally(body, "Lĩnh vực", "r.by_field")
    _heading(body, "3. Kết quả theo đơn vị chủ trì")
    _tally(body, "Đơn vị", "r.by_unit")
    _heading(body, "4. Việc hoàn thành trong kỳ (từ {{ r.window_start }} đến {{ r.window_end }})")
    _task_list(body, "r.done_in_period", "Không có việc nào được ghi nhận hoàn thành trong kỳ.")
    _heading(body, "5. Công việc liên quan đến Chỉ số SIPAS")
    _tag(body, "{%p if r.sipas %}")
    _tag(body, "{%p for group in r.sipas %}")
    _paragraph(body, "Yếu tố {{ group.factor }}:", indent_first=True)
    _tag(body, "{%p for row in group.rows %}")
    _paragraph(
        body,
        "{{ loop.index }}. {{ row.title }} ({{ row.key }}), chủ trì: {{ row.lead }}; hạn {{ row.deadline }}; {{ row.status }}.",
        indent_first=True,
    )
    _tag(body, "{%p endfor %}")
    _tag(body, "{%p endfor %}")
    _tag(body, "{%p else %}")
    _paragraph(body, "Không có công việc nào gắn với yếu tố SIPAS trong kỳ.", indent_first=True)
    _tag(body, "{%p endif %}")
    _heading(body, "6. Việc hoàn thành quá hạn, quá hạn chưa hoàn thành")
    _tag(body, "{%p if r.late_or_overdue %}")
    _loop_table(
        body,
        ["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Hạn", "Tình trạng"],
        [
            "{{ row.number }}",
            "{{ row.title }}",
            "{{ row.lead }}",
            "{{ row.deadline }}",
            "{{ row.status }}",
        ],
        "r.late_or_overdue",
        [Mm(12), Mm(63), Mm(35), Mm(25), Mm(30)],
    )
    _tag(body, "{%p else %}")
    _paragraph(
        body, "Không có việc hoàn thành quá hạn hay quá hạn chưa hoàn thành.", indent_first=True
    )
    _tag(body, "{%p endif %}")

    _heading(body, "II. TỒN TẠI, HẠN CHẾ")
    _tag(body, "{%p if r.shortcomings %}")
    _tag(body, "{%p for item in r.shortcomings %}")
    _paragraph(body, "- {{ item }}", indent_first=True)
    _tag(body, "{%p endfor %}")
    _tag(body, "{%p else %}")
    _paragraph(body, "Không có tồn tại, hạn chế nào được ghi nhận trong kỳ.", indent_first=True)
    _tag(body, "{%p endif %}")
    _heading(body, "III. NHIỆM VỤ TRỌNG TÂM {{ r.next_period_title | upper }}")
    _tag(body, "{%p if r.next_outside_plan %}")
    _paragraph(body, "Kỳ tới thuộc năm sau, ngoài Kế hoạch năm nay.", indent_first=True)
    _tag(body, "{%p else %}")
    _task_list(body, "r.next_tasks", "Không có việc nào đến hạn trong kỳ tới.")
    _tag(body, "{%p endif %}")

    _closing(body)

    appendix = document.add_section(WD_SECTION.NEW_PAGE)
    appendix.orientation = WD_ORIENT.LANDSCAPE
    appendix.page_width, appendix.page_height = Mm(297), Mm(210)
    appendix.top_margin, appendix.bottom_margin = Mm(20), Mm(15)
    appendix.left_margin, appendix.right_margin = Mm(20), Mm(20)
    _page_numbers(appendix, restart=True)
    _paragraph(body, "Phụ lục", bold=True, align="center", space_after=0)
    _paragraph(body, "{{ r.appendix_title }}", bold=True, align="center", space_after=0)
    _paragraph(body, "(Kèm theo Báo cáo {{ r.header.reference }})", italic=True, align="center")
    _tag(body, "{%p if r.appendix_note %}")
    _paragraph(body, "{{ r.appendix_note }}", size=12, italic=True, align="center")
    _tag(body, "{%p endif %}")
    _loop_table(
        body,
        ["STT", "Nhiệm vụ", "Nguồn", "Lĩnh vực", "Chủ trì", "Phối hợp", "Hạn", "Sản phẩm", "Tình trạng", "Kiểm chứng"],
        [
            "{{ row.number }}", "{{ row.title }}", "{{ row.source }}", "{{ row.par_field }}",
            "{{ row.lead }}", "{{ row.support }}", "{{ row.deadline }}", "{{ row.output }}",
            "{{ row.status }}", "{{ row.evidence }}",
        ],
        "r.appendix_rows",
        [Mm(12), Mm(55), Mm(16), Mm(24), Mm(28), Mm(24), Mm(22), Mm(37), Mm(22), Mm(17)],
        size=11,
    )  # fmt: skip
    return document


def _closing(body: Any) -> None:
    table = body.add_table(rows=1, cols=2)
    _widths(table, [Mm(80), Mm(85)])
    left, right = table.rows[0].cells
    for cell in (left, right):
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    _paragraph(
        left,
        "Nơi nhận:",
        size=12,
        bold=True,
        italic=True,
        align="left",
        space_after=0,
        space_before=12,
    )
    _tag(left, "{%p for recipient in r.recipients %}")
    _paragraph(left, "- {{ recipient }}", size=11, align="left", space_after=0)
    _tag(left, "{%p endfor %}")
    _tag(right, "{%p if r.signature_authority %}")
    _paragraph(
        right,
        "{{ r.signature_authority }} {{ r.signature_head_title }}",
        bold=True,
        align="center",
        space_after=0,
        space_before=12,
    )
    _tag(right, "{%p endif %}")
    _paragraph(right, "{{ r.signature_title }}", bold=True, align="center", space_after=0)
    for _ in range(4):
        _paragraph(right, "", space_after=0)
    _paragraph(right, "{{ r.signature_name }}", bold=True, align="center", space_after=0)


def build_checklist_template() -> Any:
    document = _base_document()
    _paragraph(
        document,
        "DANH SÁCH VIỆC: {{ unit.name | upper }} ({{ unit.code }})",
        bold=True,
        align="center",
        space_after=0,
    )
    _paragraph(
        document,
        "{{ plan.document.display_name }}",
        size=13,
        italic=True,
        align="center",
        space_after=0,
    )
    _paragraph(
        document,
        "Tình hình tính đến ngày {{ as_of | vn_date }}",
        size=13,
        italic=True,
        align="center",
    )
    for heading, rows in (("Chủ trì", "leads"), ("Phối hợp", "supports")):
        _heading(document, f"{heading} ({{{{ {rows} | length }}}})")
        _tag(document, f"{{%p if {rows} %}}")
        _loop_table(
            document,
            ["", "Mã", "Nhiệm vụ", "Hạn", "Tình trạng", "Sản phẩm", "Nguồn"],
            [
                "{{ '☑' if row.done else '☐' }}", "{{ row.key }}", "{{ row.title }}",
                "{{ row.deadline | vn_date('Thường xuyên') }}", "{{ row.status_text }}",
                "{{ row.output }}", "{{ row.source }}",
            ],
            rows,
            [Mm(8), Mm(27), Mm(50), Mm(20), Mm(22), Mm(26), Mm(12)],
            size=11,
        )  # fmt: skip
        _tag(document, "{%p else %}")
        _paragraph(document, "Không có việc nào.", indent_first=True)
        _tag(document, "{%p endif %}")
    return document


def main(argv: list[str] | None = None) -> None:
    """Write the templates into a folder (default: the repository's templates/)."""
    from parplan.rendering import templates_dir

    folder = Path((argv or sys.argv[1:] or [str(templates_dir())])[0])
    build_report_template().save(folder / "report.docx")
    build_checklist_template().save(folder / "checklist.docx")


if __name__ == "__main__":
    main()
