"""Builds the Word template ``templates/plan.docx`` of the plan document (``parplan document``).

Like the report's (:mod:`parplan.docx_templates`), the template is an ordinary .docx with Jinja
tags (docxtpl), made by code so that every tag sits whole in one run; ``make docx-templates``
regenerates it and a test checks the committed file is what this module builds. It sees
``plan_document`` (:class:`parplan.plan_document.PlanDocumentData` as plain data).

The layout and the parts of the document are those the periodic report has too
(:mod:`parplan.docx_layout`, :mod:`parplan.docx_parts`: the header with "Số" and the date on one
line, the title, the closing that never splits, the draft's page, the landscape appendix); this
module holds what is the plan document's own: its body (the outline's headings, with their
run-in text, paragraphs, items and points) and its appendix (the targets, the table of tasks).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from docx.shared import Mm

from parplan.docx_layout import (
    add_heading,
    add_loop_table,
    add_paragraph,
    add_tag,
    base_document,
    set_landscape,
)
from parplan.docx_parts import (
    add_appendix_heading,
    add_closing,
    add_draft_marker,
    add_header_table,
    add_last_paragraph,
    add_page_to_confirm,
    add_title,
)

__all__ = ["APPENDIX_COLUMNS", "build_plan_template", "main"]

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


def _opening(body: Any) -> None:
    """The draft marker, the header, "KẾ HOẠCH" and the trích yếu, the preamble."""
    add_tag(body, "{%p set d = plan_document %}")
    add_draft_marker(body, "d.header")
    add_header_table(body, "d.header")
    add_title(body, "d.document_type", "d.title")
    add_tag(body, "{%p for line in d.opening %}")
    add_paragraph(body, "{{ line }}", indent_first=True)
    add_tag(body, "{%p endfor %}")


HEADING = "{{ s.number }} {{ s.title }}{% if s.lead %}:{% endif %}"
LEAD = "{% if s.lead %} {{ s.lead }}{% endif %}"


def _sections(body: Any) -> None:
    """The body: each heading (:func:`parplan.docx_layout.add_heading`; italic too below the
    second level), or a title with its run-in text, its paragraphs, "- " items and points a),
    b) …; a clause without a title is its number and text."""
    add_tag(body, "{%p for s in d.sections %}")
    add_tag(body, "{%p if not s.title %}")
    add_paragraph(body, "{{ s.number }} {{ s.lead }}", indent_first=True)
    add_tag(body, "{%p elif s.lead %}")
    add_heading(body, HEADING, lead=LEAD)
    add_tag(body, "{%p elif s.level > 2 %}")
    add_heading(body, HEADING, italic=True)
    add_tag(body, "{%p else %}")
    add_heading(body, HEADING)
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


def _appendix(document: Any) -> None:
    """The draft's page of what to confirm, then the Phụ lục on a landscape section of its own,
    numbered from 1 (taken out of the document of a plan without targets or tasks, being
    empty): its targets and the table of its tasks."""
    set_landscape(add_page_to_confirm(document, draft="d.header.draft", items="d.to_confirm"))
    add_tag(document, "{%p if d.appendix %}")
    add_appendix_heading(
        document, title="d.appendix_title", reference="d.appendix_reference", note="d.appendix_note"
    )
    add_tag(document, "{%p if d.targets %}")
    add_paragraph(document, "Chỉ tiêu:", size=13, bold=True, indent_first=True, space_after=0)
    add_tag(document, "{%p for target in d.targets %}")
    add_paragraph(document, "- {{ target }}", size=13, indent_first=True)
    add_tag(document, "{%p endfor %}")
    add_tag(document, "{%p endif %}")
    add_tag(document, "{%p if d.appendix_rows %}")
    add_loop_table(
        document,
        [heading for heading, _, _ in APPENDIX_COLUMNS],
        [cell for _, cell, _ in APPENDIX_COLUMNS],
        "d.appendix_rows",
        [width for _, _, width in APPENDIX_COLUMNS],
        size=12,
    )
    add_tag(document, "{%p endif %}")
    add_tag(document, "{%p endif %}")
    add_last_paragraph(document)


def build_plan_template() -> Any:
    document = base_document()
    _opening(document)
    _sections(document)
    add_closing(
        document,
        recipients="d.recipients",
        signature_lines="d.signature_lines",
        signature='d.signature_name or ""',
    )
    _appendix(document)
    return document


def main(argv: list[str] | None = None) -> None:
    """Write ``plan.docx`` into a folder (default: the repository's templates/)."""
    from parplan.template_loader import templates_dir

    folder = Path((argv or sys.argv[1:] or [str(templates_dir())])[0])
    build_plan_template().save(folder / "plan.docx")


if __name__ == "__main__":
    main()
