"""Builds the Word templates ``templates/report.docx``, ``templates/checklist.docx`` and
``templates/rollup-report.docx`` (:mod:`parplan.docx_rollup`).

The templates are ordinary .docx files with Jinja tags (docxtpl): an office can open them in
Word, change fonts or wording, and put its copy in ``templates/`` of its plan folder. They are
made by this module rather than by hand so that every tag sits whole in one run (Word splits
text it edits into runs, which breaks tags) and every row loop in a row of its own. Regenerate
with ``make docx-templates``; a test checks the committed files are what this module builds.

This module holds what the checklist says and in which order, and writes both templates; the
report's is built by :mod:`parplan.docx_report`; the layout of Nghị định 30/2020/NĐ-CP they share
(page, fonts, language, header, rules, grid tables) is :mod:`parplan.docx_layout`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from docx.shared import Mm

from parplan.docx_layout import add_heading, add_loop_table, add_paragraph, add_tag, base_document
from parplan.docx_report import build_report_template
from parplan.docx_rollup import build_rollup_report_template

__all__ = ["build_checklist_template", "build_report_template", "main"]


CHECKLIST_TASK = (
    "{{ row.title }}{% if row.parent %} (phần việc của nhiệm vụ {{ row.parent }}){% endif %}"
    "{% if row.criteria %}. Chỉ số, tiêu chí: {{ row.criteria }}{% endif %}"
)


def build_checklist_template() -> Any:
    document = base_document()
    add_paragraph(
        document,
        "DANH SÁCH VIỆC: {{ unit.name | upper }} ({{ unit.code }})",
        bold=True,
        align="center",
        space_after=0,
    )
    add_paragraph(
        document,
        "{{ plan.document.display_name }}",
        size=13,
        italic=True,
        align="center",
        space_after=0,
    )
    add_paragraph(
        document,
        "Tình hình tính đến ngày {{ as_of | vn_date }}",
        size=13,
        italic=True,
        align="center",
    )
    for heading, rows in (("Chủ trì", "leads"), ("Phối hợp", "supports")):
        add_heading(document, f"{heading} ({{{{ {rows} | length }}}})")
        add_tag(document, f"{{%p if {rows} %}}")
        add_loop_table(
            document,
            ["", "Mã", "Nhiệm vụ", "Hạn", "Tình trạng", "Sản phẩm", "Nguồn"],
            [
                "{{ '☑' if row.ticked else '☐' }}", "{{ row.key }}", CHECKLIST_TASK,
                "{{ row.deadline | vn_date('Thường xuyên') }}", "{{ row.status_text }}",
                "{{ row.output }}", "{{ row.source }}",
            ],
            rows,
            [Mm(8), Mm(27), Mm(50), Mm(20), Mm(22), Mm(26), Mm(12)],
            size=11,
        )  # fmt: skip
        add_tag(document, "{%p else %}")
        add_paragraph(document, "Không có việc nào.", indent_first=True)
        add_tag(document, "{%p endif %}")
    return document


def main(argv: list[str] | None = None) -> None:
    """Write the templates into a folder (default: the repository's templates/)."""
    from parplan.template_loader import templates_dir

    folder = Path((argv or sys.argv[1:] or [str(templates_dir())])[0])
    build_report_template().save(folder / "report.docx")
    build_checklist_template().save(folder / "checklist.docx")
    build_rollup_report_template().save(folder / "rollup-report.docx")


if __name__ == "__main__":
    main()
