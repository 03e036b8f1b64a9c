"""Builds the Word templates ``templates/report.docx`` and ``templates/checklist.docx``.

The templates are ordinary .docx files with Jinja tags (docxtpl): an office can open them in
Word, change fonts or wording, and put its copy in ``templates/`` of its plan folder. They are
made by this module rather than by hand so that every tag sits whole in one run (Word splits
text it edits into runs, which breaks tags) and every row loop in a row of its own. Regenerate
with ``make docx-templates``; a test checks the committed files are what this module builds.

This module holds what each document says and in which order; the layout of Nghị định
30/2020/NĐ-CP they share (page, fonts, header, rules, grid tables) is :mod:`parplan.docx_layout`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.shared import Mm

from parplan.docx_layout import (
    TEXT_WIDTH,
    add_header_table,
    add_heading,
    add_loop_table,
    add_page_numbers,
    add_paragraph,
    add_rule,
    add_tag,
    base_document,
    set_widths,
)

__all__ = ["build_checklist_template", "build_report_template", "main"]


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
    add_tag(document, f"{{%p if {rows} %}}")
    add_loop_table(
        document,
        [first, *TALLY_HEADERS[1:]],
        ["{{ row.name }}", *[f"{{{{ row.{name} }}}}" for name in TALLY_FIELDS]],
        rows,
        TALLY_WIDTHS,
        total=["{{ r.totals.name }}", *[f"{{{{ r.totals.{name} }}}}" for name in TALLY_FIELDS]],
        numeric=len(TALLY_FIELDS),
    )
    add_tag(document, "{%p else %}")
    add_paragraph(document, "Không có việc nào trong kỳ.", indent_first=True)
    add_tag(document, "{%p endif %}")


TASK_LINE = (
    "{{ loop.index }}. {{ row.title }} ({{ row.key }}{% if row.parent %}, phần việc của nhiệm vụ "
    "{{ row.parent }}{% endif %}), chủ trì: {{ row.lead }}; {% if row.continuous %}thường xuyên"
    "{% else %}hạn {{ row.deadline }}; {{ row.status }}{% endif %}."
)


def _task_list(document: Any, rows: str, empty: str) -> None:
    add_tag(document, f"{{%p if {rows} %}}")
    add_tag(document, f"{{%p for row in {rows} %}}")
    add_paragraph(document, TASK_LINE, indent_first=True)
    add_tag(document, "{%p endfor %}")
    add_tag(document, "{%p else %}")
    add_paragraph(document, empty, indent_first=True)
    add_tag(document, "{%p endif %}")


def _draft_marker(document: Any) -> None:
    add_tag(document, "{%p if r.header.draft %}")
    add_paragraph(document, "DỰ THẢO", size=13, bold=True, align="left")
    add_tag(document, "{%p endif %}")


# The report's sentences, written from its numbers and the plan's words (as in report.*.j2).
INTRODUCTION = (
    "Thực hiện Kế hoạch số {{ r.plan_number }} ngày {{ r.plan_date }} của {{ r.plan_issuer }} về "
    "{{ r.plan_title[:1] | lower ~ r.plan_title[1:] }}, {{ r.plan_issuer }} báo cáo kết quả thực "
    "hiện {{ r.period_title }} (số liệu từ ngày {{ r.window_start }} đến ngày {{ r.window_end }}) "
    "như sau:"
)
SUMMARY = (
    "Đến ngày {{ r.window_end }}, có {{ r.due }} việc đến hạn hoặc đã hoàn thành, trong đó hoàn "
    "thành đúng hạn {{ r.totals.done_on_time }}, hoàn thành quá hạn {{ r.totals.done_late }}, "
    "quá hạn chưa hoàn thành {{ r.totals.overdue }}; {{ r.totals.in_progress }} việc đang thực "
    "hiện trong hạn, {{ r.totals.not_due }} việc chưa đến hạn. "
    "{% if r.completion_percent is not none %}Kết quả: {{ r.completion_text }}; "
    "{{ r.year_text }}.{% else %}Chưa có việc nào đến hạn nên chưa tính tỷ lệ hoàn thành; "
    "{{ r.year_text }}.{% endif %} {% if r.totals.continuous %}Ngoài ra có "
    "{{ r.continuous_text }}, không tính vào tỷ lệ hoàn thành.{% else %}Không có việc thường "
    "xuyên.{% endif %}"
)


def build_report_template() -> Any:
    document = base_document()
    _report_opening(document)
    _report_results(document)
    _report_work(document)
    _report_outlook(document)
    _closing(document)
    _report_appendix(document)
    return document


def _report_opening(body: Any) -> None:
    """Draft marker, header, document type and subject, and the introduction."""
    add_tag(body, "{%p set r = report %}")
    _draft_marker(body)
    add_header_table(
        body,
        [
            ("{{ r.header.governing_body }}", {"size": 13}),
            ("{{ r.header.issuer }}", {"size": 13, "bold": True}),
            ("{{ r.header.number_line }}", {"size": 13}),
        ],
        "{{ r.header.date_line }}",
    )
    add_paragraph(
        body, "{{ r.document_type }}", bold=True, align="center", space_before=12, space_after=0
    )
    add_paragraph(body, "{{ r.title }}", bold=True, align="center", space_after=0)
    add_rule(body, Mm(50), TEXT_WIDTH)
    add_paragraph(body, INTRODUCTION, indent_first=True)


def _report_results(body: Any) -> None:
    """I. Kết quả thực hiện: the summary and the tallies by field and by unit."""
    add_heading(body, "I. KẾT QUẢ THỰC HIỆN")
    add_heading(body, "1. Tình hình chung")
    add_paragraph(body, SUMMARY, indent_first=True)
    add_paragraph(body, "Yêu cầu của Kế hoạch: {{ r.target }}", indent_first=True)
    add_heading(body, "2. Kết quả thực hiện các chỉ tiêu")
    _targets(body)
    add_heading(body, "3. Kết quả theo lĩnh vực Chỉ số CCHC")
    _tally(body, "Lĩnh vực", "r.by_field")
    add_heading(body, "4. Kết quả theo đơn vị chủ trì")
    _tally(body, "Đơn vị", "r.by_unit")


def _targets(body: Any) -> None:
    """The plan's targets, each evaluated as of the cut-off, beside the baseline."""
    add_tag(body, "{%p if r.targets %}")
    add_loop_table(
        body,
        [
            "STT",
            "Chỉ tiêu",
            "Kết quả năm {{ r.baseline_year }}",
            "Kết quả đến ngày {{ r.window_end }}",
            "Đánh giá",
        ],
        [
            "{{ row.number }}",
            "{{ row.target }}",
            "{{ row.baseline }}",
            "{{ row.result }}",
            "{{ row.verdict }}",
        ],
        "r.targets",
        [Mm(12), Mm(55), Mm(35), Mm(38), Mm(25)],
    )
    add_tag(body, "{%p else %}")
    add_paragraph(body, "Kế hoạch không đặt chỉ tiêu nào.", indent_first=True)
    add_tag(body, "{%p endif %}")


def _report_work(body: Any) -> None:
    """I.4–6: work done in the period, work tied to SIPAS, work late or overdue."""
    add_heading(
        body, "5. Việc hoàn thành trong kỳ (từ {{ r.window_start }} đến {{ r.window_end }})"
    )
    _task_list(body, "r.done_in_period", "Không có việc nào được ghi nhận hoàn thành trong kỳ.")
    add_heading(body, "6. Công việc liên quan đến Chỉ số SIPAS")
    add_tag(body, "{%p if r.sipas %}")
    add_tag(body, "{%p for group in r.sipas %}")
    add_paragraph(body, "Yếu tố {{ group.factor }}:", indent_first=True)
    add_tag(body, "{%p for row in group.rows %}")
    add_paragraph(body, TASK_LINE, indent_first=True)
    add_tag(body, "{%p endfor %}")
    add_tag(body, "{%p endfor %}")
    add_tag(body, "{%p else %}")
    add_paragraph(body, "Không có công việc nào gắn với yếu tố SIPAS trong kỳ.", indent_first=True)
    add_tag(body, "{%p endif %}")
    add_heading(body, "7. Việc hoàn thành quá hạn, quá hạn chưa hoàn thành")
    add_tag(body, "{%p if r.late_or_overdue %}")
    add_loop_table(
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
    add_tag(body, "{%p else %}")
    add_paragraph(
        body, "Không có việc hoàn thành quá hạn hay quá hạn chưa hoàn thành.", indent_first=True
    )
    add_tag(body, "{%p endif %}")


def _report_outlook(body: Any) -> None:
    """II. Tồn tại, hạn chế and III. Nhiệm vụ trọng tâm kỳ tới."""
    add_heading(body, "II. TỒN TẠI, HẠN CHẾ")
    add_tag(body, "{%p if r.shortcomings %}")
    add_tag(body, "{%p for item in r.shortcomings %}")
    add_paragraph(body, "- {{ item }}", indent_first=True)
    add_tag(body, "{%p endfor %}")
    add_tag(body, "{%p else %}")
    add_paragraph(body, "Không có tồn tại, hạn chế nào được ghi nhận trong kỳ.", indent_first=True)
    add_tag(body, "{%p endif %}")
    add_heading(body, "III. NHIỆM VỤ TRỌNG TÂM {{ r.next_period_title | upper }}")
    add_tag(body, "{%p if r.next_outside_plan %}")
    add_paragraph(
        body, "Kỳ tới thuộc năm {{ r.next_year }}, ngoài Kế hoạch năm nay.", indent_first=True
    )
    add_heading(body, "1. Việc còn lại của Kế hoạch, hạn đến ngày {{ r.next_until }}")
    _task_list(
        body, "r.next_tasks", "Không còn việc nào chưa hoàn thành đến ngày {{ r.window_end }}."
    )
    add_heading(body, "2. Việc chuyển sang năm {{ r.next_year }}")
    _task_list(body, "r.next_carried_over", "Không có việc chuyển sang năm {{ r.next_year }}.")
    add_tag(body, "{%p else %}")
    add_heading(
        body,
        "1. Việc chưa hoàn thành đến ngày {{ r.window_end }}, hạn đến ngày {{ r.next_until }} "
        "(kể cả việc quá hạn)",
    )
    _task_list(
        body,
        "r.next_tasks",
        "Không có việc nào chưa hoàn thành có hạn đến ngày {{ r.next_until }}.",
    )
    add_heading(body, "2. Việc thường xuyên {{ r.next_period_title }}")
    _task_list(body, "r.next_continuous", "Không có việc thường xuyên trong kỳ tới.")
    add_tag(body, "{%p endif %}")


APPENDIX_TASK = (
    "{{ row.title }}{% if row.parent %} (phần việc của nhiệm vụ {{ row.parent }})"
    "{% endif %}{% if row.funding %}. Kinh phí: {{ row.funding }}{% endif %}"
)


def _report_appendix(document: Any) -> None:
    """The appendix on a landscape page: every task of the plan and where it stands."""
    body = document
    appendix = document.add_section(WD_SECTION.NEW_PAGE)
    appendix.orientation = WD_ORIENT.LANDSCAPE
    appendix.page_width, appendix.page_height = Mm(297), Mm(210)
    appendix.top_margin, appendix.bottom_margin = Mm(20), Mm(15)
    appendix.left_margin, appendix.right_margin = Mm(20), Mm(20)
    add_page_numbers(appendix, restart=True)
    add_paragraph(body, "Phụ lục", bold=True, align="center", space_after=0)
    add_paragraph(body, "{{ r.appendix_title }}", bold=True, align="center", space_after=0)
    add_paragraph(body, "(Kèm theo Báo cáo {{ r.header.reference }})", italic=True, align="center")
    add_tag(body, "{%p if r.appendix_note %}")
    add_paragraph(body, "{{ r.appendix_note }}", size=12, italic=True, align="center")
    add_tag(body, "{%p endif %}")
    add_loop_table(
        body,
        ["STT", "Nhiệm vụ", "Nguồn", "Chỉ số, tiêu chí", "Chủ trì", "Phối hợp", "Hạn", "Sản phẩm", "Tình trạng", "Kiểm chứng"],
        [
            "{{ row.number }}", APPENDIX_TASK, "{{ row.source }}", "{{ row.criteria }}",
            "{{ row.lead }}", "{{ row.support }}", "{{ row.deadline }}", "{{ row.output }}",
            "{{ row.status }}", "{{ row.evidence }}",
        ],
        "r.appendix_rows",
        [Mm(12), Mm(50), Mm(16), Mm(29), Mm(28), Mm(24), Mm(22), Mm(37), Mm(22), Mm(17)],
        size=11,
    )  # fmt: skip


def _closing(body: Any) -> None:
    table = body.add_table(rows=1, cols=2)
    set_widths(table, [Mm(80), Mm(85)])
    left, right = table.rows[0].cells
    for cell in (left, right):
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    add_paragraph(
        left,
        "Nơi nhận:",
        size=12,
        bold=True,
        italic=True,
        align="left",
        space_after=0,
        space_before=12,
    )
    add_tag(left, "{%p for recipient in r.recipients %}")
    add_paragraph(left, "- {{ recipient }}", size=11, align="left", space_after=0)
    add_tag(left, "{%p endfor %}")
    add_tag(right, "{%p for line in r.signature_lines %}")
    add_paragraph(right, "{{ line }}", bold=True, align="center", space_after=0, space_before=0)
    add_tag(right, "{%p endfor %}")
    for _ in range(4):
        add_paragraph(right, "", space_after=0)
    add_paragraph(
        right,
        '{{ r.signature_name or "(chưa có họ tên người ký)" }}',
        bold=True,
        align="center",
        space_after=0,
    )


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


if __name__ == "__main__":
    main()
