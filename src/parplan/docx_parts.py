"""The parts of an administrative document of Nghị định 30/2020/NĐ-CP in Word, shared by the
periodic report's and the plan document's templates, in the layout of :mod:`parplan.docx_layout`.

Each part reads its data through template expressions: the header through a document header
(:class:`parplan.report_header.DocumentHeader`, e.g. ``r.header``). The parts: the draft marker;
the two-column header in two rows, so that "Số" and the place and date stand on one line as the
decree's layout shows them, the issuer on its lines (a long name broken before its administrative
unit); the document type and the trích yếu with their rule; Nơi nhận and the signature in one row
never split from each other nor from what precedes them; a draft's page of what to confirm, a
section of its own without page numbers that a signed document does not have; the appendix's
heading; the body's last paragraph.
"""

from __future__ import annotations

from typing import Any

from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Mm, Pt

from parplan.docx_layout import (
    LANDSCAPE_TEXT_WIDTH,
    TEXT_WIDTH,
    Run,
    add_paragraph,
    add_rule,
    add_runs,
    add_tag,
    keep_together,
    no_cell_margins,
    set_widths,
)

__all__ = [
    "CONFIRM_NOTE",
    "CONFIRM_TITLE",
    "HEADER_WIDTHS",
    "ISSUER_RULE_WIDTH",
    "MOTTO_WIDTH",
    "SUBJECT_RULE_WIDTH",
    "add_addressed_opening",
    "add_appendix_heading",
    "add_closing",
    "add_draft_marker",
    "add_header_table",
    "add_last_paragraph",
    "add_page_to_confirm",
    "add_title",
]

HEADER_WIDTHS = (Mm(73), Mm(92))
"""The header's columns, without cell margins: a left line holds 24 capitals of 13 pt (UBND HUYỆN
TRÙNG KHÁNH; :func:`parplan.report_header.issuer_lines` breaks a longer name), the right one the
Quốc hiệu."""
MOTTO_WIDTH = Mm(53)
"""The rule under the motto, as long as "Độc lập - Tự do - Hạnh phúc" set in Times New Roman 13 pt
bold (53.1 mm, measured with Liberation Serif, whose letters have the same widths)."""
ISSUER_RULE_WIDTH = Mm(22)
"""The rule under the issuing body's name: 1/3 to 1/2 of a name such as VĂN PHÒNG UBND TỈNH."""
SUBJECT_RULE_WIDTH = Mm(66)
"""The rule under the trích yếu: 2/5 of the line (Nghị định 30: from 1/3 to 1/2 of it)."""
APPENDIX_RULE_WIDTH = Mm(40)
CONFIRM_TITLE = "NỘI DUNG CẦN XÁC NHẬN TRƯỚC KHI KÝ"
CONFIRM_NOTE = (
    "(Trang này không thuộc văn bản: chỉ có ở bản dự thảo, bản có số và ngày ký không in trang "
    "này.)"
)
NOTHING_TO_CONFIRM = "Ngoài số và ngày ký, không còn nội dung nào cần xác nhận."


def _empty_cells(row: Any) -> list[Any]:
    """The row's cells without the empty paragraph python-docx puts in each."""
    cells = list(row.cells)
    for cell in cells:
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    return cells


def add_draft_marker(document: Any, header: str) -> None:
    """A draft's first line: "DỰ THẢO" (bold) and what it lacks ("chưa có số và chưa có ngày
    ký"); nothing in a signed document."""
    add_tag(document, f"{{%p if {header}.draft %}}")
    add_runs(
        document,
        [Run("DỰ THẢO", size=13, bold=True), Run(f" ({{{{ {header}.draft_note }}}})", size=13)],
        align="left",
    )
    add_tag(document, "{%p endif %}")


def add_header_table(document: Any, header: str) -> Any:
    """The two-column header of Nghị định 30 from the document header ``header``, in two rows so
    that "Số" and the place and date share a line. Left: the governing body (printed only when
    there is one: a body with none above it has the issuer alone), the issuing body on its lines
    (bold), a short rule; right: the national name, the motto with a rule as long as it. Below:
    the number, and the place and date (italic)."""
    table = document.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_widths(table, HEADER_WIDTHS)
    no_cell_margins(table)
    left, right = _empty_cells(table.rows[0])
    add_tag(left, f"{{%p if {header}.governing_body %}}")
    add_paragraph(
        left, f"{{{{ {header}.governing_body }}}}", size=13, align="center", space_after=0
    )
    add_tag(left, "{%p endif %}")
    add_tag(left, f"{{%p for line in {header}.issuer_lines %}}")
    add_paragraph(left, "{{ line }}", size=13, bold=True, align="center", space_after=0)
    add_tag(left, "{%p endfor %}")
    add_rule(left, ISSUER_RULE_WIDTH, HEADER_WIDTHS[0], space_after=6)
    add_paragraph(
        right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True, align="center",
        space_after=0,
    )  # fmt: skip
    add_paragraph(
        right, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, align="center", space_after=0
    )
    add_rule(right, MOTTO_WIDTH, HEADER_WIDTHS[1], space_after=6)
    number, day = _empty_cells(table.rows[1])
    add_paragraph(number, f"{{{{ {header}.number_line }}}}", size=13, align="center", space_after=0)
    add_paragraph(
        day, f"{{{{ {header}.date_line }}}}", size=14, italic=True, align="center", space_after=0
    )
    return table


def add_title(document: Any, kind: str, title: str) -> None:
    """The document type ("BÁO CÁO", in capitals) and the trích yếu, bold and centred, with a
    rule under them (``kind``, ``title``: template expressions)."""
    add_paragraph(
        document, f"{{{{ {kind} }}}}", bold=True, align="center", space_before=18, space_after=0
    )
    add_paragraph(document, f"{{{{ {title} }}}}", bold=True, align="center", space_after=0)
    add_rule(document, SUBJECT_RULE_WIDTH, TEXT_WIDTH, space_after=12)


def add_closing(document: Any, *, recipients: str, signature_lines: str, signature: str) -> Any:
    """Nơi nhận (``recipients``: the lines, "- …;") left and the signature right: its lines
    (``signature_lines``, "KT. CHÁNH VĂN PHÒNG" …) in capitals, space to sign and seal, the
    name (``signature``: an expression of the name's line); one row never split across pages,
    kept with what precedes it through an empty paragraph (a signature never stands alone on a
    page when the last paragraph of the body is kept with the next)."""
    add_paragraph(document, "", space_after=0, keep_with_next=True)
    table = document.add_table(rows=1, cols=2)
    set_widths(table, [Mm(80), Mm(85)])
    left, right = _empty_cells(table.rows[0])
    add_paragraph(
        left, f"{{% if {recipients} %}}Nơi nhận:{{% endif %}}", size=12, bold=True, italic=True,
        align="left", space_after=0,
    )  # fmt: skip
    add_tag(left, f"{{%p for line in {recipients} %}}")
    add_paragraph(left, "{{ line }}", size=11, align="left", space_after=0)
    add_tag(left, "{%p endfor %}")
    add_tag(right, f"{{%p for line in {signature_lines} %}}")
    add_paragraph(right, "{{ line }}", bold=True, align="center", space_after=0)
    add_tag(right, "{%p endfor %}")
    add_tag(right, f"{{%p if {signature_lines} or ({signature}) %}}")
    for _ in range(4):
        add_paragraph(right, "", space_after=0)
    add_tag(right, "{%p endif %}")
    add_paragraph(right, f"{{{{ {signature} }}}}", bold=True, align="center", space_after=0)
    keep_together(table)
    return table


def add_page_to_confirm(document: Any, *, draft: str, items: str) -> Any:
    """A draft's page of what remains to confirm before signing (``items``, one sentence each),
    marked as not part of the document: a section of its own, without page numbers, held whole
    in ``{%p if <draft> %}`` with the paragraph that closes it, so that a signed document has
    neither the page nor its section. Returns the section that follows (a new page), for the
    caller to lay out."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.different_first_page_header_footer = False
    section.header.is_linked_to_previous = False  # an empty header: no page number
    add_tag(document, f"{{%p if {draft} %}}")
    add_paragraph(document, CONFIRM_TITLE, bold=True, align="center", space_after=6)
    add_paragraph(document, CONFIRM_NOTE, size=13, italic=True, align="center", space_after=12)
    add_tag(document, f"{{%p for item in {items} %}}")
    add_paragraph(document, "- {{ item }}", size=13, indent_first=True)
    add_tag(document, "{%p else %}")
    add_paragraph(document, NOTHING_TO_CONFIRM, size=13, indent_first=True)
    add_tag(document, "{%p endfor %}")
    following = document.add_section(WD_SECTION.NEW_PAGE)
    add_tag(document, "{%p endif %}")
    return following


def add_appendix_heading(document: Any, *, title: str, reference: str, note: str) -> None:
    """The appendix's heading on a landscape page: "Phụ lục", its title and "(Kèm theo …)"
    centred, a short rule; then its note (a paragraph, when there is one)."""
    add_paragraph(document, "Phụ lục", bold=True, align="center", space_after=0)
    add_paragraph(document, f"{{{{ {title} }}}}", bold=True, align="center", space_after=0)
    add_paragraph(document, f"{{{{ {reference} }}}}", italic=True, align="center", space_after=0)
    add_rule(document, APPENDIX_RULE_WIDTH, LANDSCAPE_TEXT_WIDTH, space_after=6)
    add_tag(document, f"{{%p if {note} %}}")
    add_paragraph(document, f"{{{{ {note} }}}}", size=12, italic=True, indent_first=True)
    add_tag(document, "{%p endif %}")


def add_last_paragraph(document: Any) -> None:
    """The body's last paragraph, one point high: Word wants a paragraph after a final table,
    and one of a full line could carry onto a blank page."""
    end = add_paragraph(document, "", space_after=0)
    end.paragraph_format.line_spacing = Pt(1)


def add_addressed_opening(body: Any) -> None:
    """A report's opening, read from ``report`` as ``r``: the draft marker, the header, the
    document type and subject, then Kính gửi (one addressee on a centred line, several as a
    list)."""
    add_tag(body, "{%p set r = report %}")
    add_draft_marker(body, "r.header")
    add_header_table(body, "r.header")
    add_title(body, "r.document_type", "r.title")
    add_tag(body, "{%p if r.addressees | length == 1 %}")
    add_paragraph(body, "Kính gửi: {{ r.addressees[0] }}.", align="center", space_after=12)
    add_tag(body, "{%p elif r.addressees %}")
    add_paragraph(body, "Kính gửi:", align="left", indent_left=Mm(40), space_after=0)
    add_tag(body, "{%p for addressee in r.addressees %}")
    add_paragraph(
        body,
        "- {{ addressee }}{{ '.' if loop.last else ';' }}",
        align="left",
        indent_left=Mm(55),
        space_after=0,
    )
    add_tag(body, "{%p endfor %}")
    add_paragraph(body, "", space_after=6)
    add_tag(body, "{%p endif %}")
