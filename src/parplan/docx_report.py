"""Builds the Word template of the periodic report (``templates/report.docx``): the outline of a
periodic report as ``report.md.j2`` and ``report.html.j2`` say it (I. Kết quả thực hiện, II. Tồn
tại, hạn chế và nguyên nhân, III. Phương hướng, nhiệm vụ kỳ tới, IV. Kiến nghị, đề xuất; Nơi nhận
and the signature; a draft's page of what to confirm; the appendix), in the layout of Nghị định
30/2020/NĐ-CP of :mod:`parplan.docx_layout` with the parts the plan document has too
(:mod:`parplan.docx_parts`). :mod:`parplan.docx_templates` writes it to disk.

The body names no task by its id: only the appendix's last column does (a reference for the
office), and a draft's page of what to confirm.
"""

from __future__ import annotations

from typing import Any

from docx.shared import Mm, Pt

from parplan.docx_layout import (
    add_heading,
    add_loop_table,
    add_paragraph,
    add_tag,
    base_document,
    set_landscape,
)
from parplan.docx_parts import (
    add_addressed_opening,
    add_appendix_heading,
    add_closing,
    add_last_paragraph,
    add_page_to_confirm,
)

__all__ = ["build_report_template"]


TALLY_HEADERS = [
    "", "Số việc", "Đúng hạn", "Xong quá hạn", "Quá hạn chưa xong", "Đang làm", "Chưa đến hạn",
    "Thường xuyên",
]  # fmt: skip
TALLY_FIELDS = [
    "total", "done_on_time", "done_late", "overdue", "in_progress", "not_due", "continuous",
]  # fmt: skip
TALLY_WIDTHS = [Mm(50), Mm(14), Mm(14), Mm(16), Mm(17), Mm(16), Mm(18), Mm(20)]


def _body(document: Any, text: str, **style: Any) -> None:
    """A paragraph of the body: justified, its first line indented."""
    add_paragraph(document, text, indent_first=True, **style)


def _lines(document: Any, loop: str, line: str) -> None:
    """One paragraph per item of ``loop`` ("item in r.causes")."""
    add_tag(document, f"{{%p for {loop} %}}")
    _body(document, line)
    add_tag(document, "{%p endfor %}")


def _tally(document: Any, lead: str, first: str, rows: str) -> None:
    add_tag(document, f"{{%p if {rows} %}}")
    _body(document, lead, keep_with_next=True, space_before=6)
    add_loop_table(
        document,
        [first, *TALLY_HEADERS[1:]],
        ["{{ row.name }}", *[f"{{{{ row.{name} }}}}" for name in TALLY_FIELDS]],
        rows,
        TALLY_WIDTHS,
        total=["{{ r.totals.name }}", *[f"{{{{ r.totals.{name} }}}}" for name in TALLY_FIELDS]],
        numeric=len(TALLY_FIELDS),
    )
    add_tag(document, "{%p endif %}")


TASK_LINE = (
    "- {{ row.title }}{% if row.parent_title %} (phần việc của nhiệm vụ {{ row.parent_title }})"
    "{% endif %}; chủ trì: {{ row.lead }}{% if not row.continuous %}; hạn {{ row.deadline }}"
    "{% endif %}; {{ row.status }}."
)
"""A task in a sentence of the body: its title, never its id."""


def _task_list(document: Any, rows: str, empty: str) -> None:
    _lines(document, f"row in {rows}", TASK_LINE)
    add_tag(document, f"{{%p if not {rows} %}}")
    _body(document, empty)
    add_tag(document, "{%p endif %}")


# The report's sentences, written from its numbers and the plan's words (as in report.*.j2).
INTRODUCTION = (
    "Thực hiện {{ r.cited | join('; ') }}, {{ r.reporter }} báo cáo kết quả thực hiện "
    "{{ r.period_title }} (số liệu từ ngày {{ r.window_start }} đến ngày {{ r.window_end }}) "
    "như sau:"
)
SUMMARY = (
    "{% if r.due == 0 %}Đến ngày {{ r.window_end }}, chưa có việc nào đến hạn: "
    "{{ r.totals.in_progress }} việc đang thực hiện trong hạn, {{ r.totals.not_due }} việc chưa "
    "đến hạn; {{ r.year_text }}.{% else %}"
    "Đến ngày {{ r.window_end }}, có {{ r.due }} việc đến hạn hoặc đã hoàn thành, trong đó hoàn "
    "thành đúng hạn {{ r.totals.done_on_time }}, hoàn thành quá hạn {{ r.totals.done_late }}, "
    "quá hạn chưa hoàn thành {{ r.totals.overdue }}; {{ r.totals.in_progress }} việc đang thực "
    "hiện trong hạn, {{ r.totals.not_due }} việc chưa đến hạn. "
    "{% if r.completion_percent is not none %}Kết quả: {{ r.completion_text }}; "
    "{{ r.year_text }}.{% else %}Chưa có việc nào đến hạn nên chưa tính tỷ lệ hoàn thành; "
    "{{ r.year_text }}.{% endif %}{% endif %} {% if r.totals.continuous %}Ngoài ra có "
    "{{ r.continuous_text }}, không tính vào tỷ lệ hoàn thành.{% else %}Không có việc thường "
    "xuyên.{% endif %}"
)
SENTENCE_END = "{% if note.text[-1:] not in '.!?…' %}.{% endif %}"
"""A note ends as a sentence does: with a full stop, unless it has one."""
NOTE_LINE = "- {{ note.work }}: {{ note.text }}" + SENTENCE_END
NO_SHORTCOMING = (
    "{% if r.due == 0 %}Chưa có nhiệm vụ nào đến hạn trong kỳ; chưa phát sinh tồn tại, hạn chế."
    "{% else %}Các nhiệm vụ đến hạn trong kỳ đều hoàn thành đúng thời hạn; không có tồn tại, hạn "
    "chế.{% endif %}"
)
CLOSING_SENTENCE = (
    "Trên đây là báo cáo {{ r.title[:1] | lower ~ r.title[1:] }} của {{ r.reporter }}./."
)
"""The body's last sentence, kept with the closing: the signature never stands alone."""
NO_CAUSE = "Chưa xác định được nguyên nhân của các tồn tại, hạn chế nêu trên."
STATED = "r.late_statements or r.shortcomings or r.carried"
"""Whether section II.1 names any shortcoming."""


def build_report_template() -> Any:
    """The periodic report: the outline of ``report.md.j2``, in the layout of Nghị định 30."""
    document = base_document()
    _report_opening(document)
    _report_summary(document)
    _report_fields(document)
    _report_shortcomings(document)
    _report_outlook(document)
    add_closing(
        document,
        recipients="r.distribution",
        signature_lines="r.signature_lines",
        signature='r.signature_name or "(chưa có họ tên người ký)"',
    )
    _report_appendix(document)
    return document


def _report_opening(body: Any) -> None:
    """Draft marker, header, document type and subject, Kính gửi, and the introduction."""
    add_addressed_opening(body)
    _body(body, INTRODUCTION)


def _report_summary(body: Any) -> None:
    """I.1 Đánh giá chung: the summary, the plan's requirement, its targets, the tallies."""
    add_heading(body, "I. KẾT QUẢ THỰC HIỆN")
    add_heading(body, "1. Đánh giá chung")
    _body(body, SUMMARY)
    add_tag(body, "{%p if r.target %}")
    _body(body, "Yêu cầu của Kế hoạch: {{ r.target }}")
    add_tag(body, "{%p endif %}")
    _targets(body)
    _tally(
        body,
        "Số việc theo lĩnh vực Chỉ số CCHC và tình trạng đến ngày {{ r.window_end }}:",
        "Lĩnh vực",
        "r.by_field",
    )
    _tally(
        body,
        "Số việc theo đơn vị chủ trì và tình trạng đến ngày {{ r.window_end }}:",
        "Đơn vị",
        "r.by_unit",
    )


def _targets(body: Any) -> None:
    """The plan's targets, each evaluated as of the cut-off, beside the baseline."""
    add_tag(body, "{%p if r.targets %}")
    _body(
        body,
        "Kết quả thực hiện các chỉ tiêu của Kế hoạch đến ngày {{ r.window_end }}, so với kết "
        "quả năm {{ r.baseline_year }}:",
        keep_with_next=True,
        space_before=6,
    )
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
    _body(body, "Kế hoạch không đặt chỉ tiêu nào.")
    add_tag(body, "{%p endif %}")


FIELD_TASK = (
    "{{ row.title }}{% if row.parent_title %} (phần việc của nhiệm vụ {{ row.parent_title }})"
    "{% endif %}"
)


def _report_fields(body: Any) -> None:
    """I.2 by PAR Index field (what was done, the notes of results, the table of its work) and
    I.3 the work tied to SIPAS."""
    add_heading(body, "2. Kết quả theo từng lĩnh vực Chỉ số CCHC")
    add_tag(body, "{%p for field in r.field_results %}")
    add_heading(body, "2.{{ loop.index }}. {{ field.title }}", italic=True)
    _lines(body, "line in field.done", "- {{ line }}")
    add_tag(body, "{%p if not field.done %}")
    _body(body, "Trong kỳ chưa có nhiệm vụ nào của lĩnh vực này hoàn thành.")
    add_tag(body, "{%p endif %}")
    _lines(body, "note in field.results", NOTE_LINE)
    add_loop_table(
        body,
        ["STT", "Nhiệm vụ", "Chủ trì", "Hạn", "Tình trạng"],
        [
            "{{ row.number }}",
            FIELD_TASK,
            "{{ row.lead }}",
            "{{ row.deadline }}",
            "{{ row.status }}",
        ],
        "field.rows",
        [Mm(12), Mm(60), Mm(40), Mm(25), Mm(28)],
    )
    add_tag(body, "{%p else %}")
    _body(
        body,
        "Trong kỳ chưa có nhiệm vụ nào của các lĩnh vực Chỉ số CCHC đến hạn, đang thực hiện "
        "hoặc có kết quả.",
    )
    add_tag(body, "{%p endfor %}")
    add_heading(body, "3. Công việc liên quan đến Chỉ số SIPAS")
    add_tag(body, "{%p for group in r.sipas %}")
    _body(body, "Yếu tố {{ group.factor }}:", keep_with_next=True)
    _lines(body, "row in group.rows", TASK_LINE)
    add_tag(body, "{%p else %}")
    _body(body, "Không có công việc nào gắn với yếu tố SIPAS trong kỳ.")
    add_tag(body, "{%p endfor %}")
    add_tag(body, "{%p if r.index_results %}")
    add_heading(body, "4. Kết quả các chỉ số")
    _lines(body, "line in r.index_results", "- {{ line }}")
    add_tag(body, "{%p endif %}")


def _report_shortcomings(body: Any) -> None:
    """II. Tồn tại, hạn chế (stated from the figures, then the notes, then the work carried into
    a later year) and their causes."""
    add_heading(body, "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN")
    add_heading(body, "1. Tồn tại, hạn chế")
    _lines(body, "line in r.late_statements", "- {{ line }}")
    _lines(body, "note in r.shortcomings", NOTE_LINE)
    add_tag(body, "{%p for group in r.carried %}")
    _body(body, "Nhiệm vụ chưa hoàn thành, chuyển sang năm {{ group.year }}:", keep_with_next=True)
    _lines(body, "line in group.lines", "- {{ line }}")
    add_tag(body, "{%p endfor %}")
    add_tag(body, f"{{%p if not ({STATED}) %}}")
    _body(body, NO_SHORTCOMING)
    add_tag(body, "{%p endif %}")
    add_heading(body, "2. Nguyên nhân")
    _lines(body, "note in r.causes", NOTE_LINE)
    add_tag(body, f"{{%p if not r.causes and ({STATED}) %}}")
    _body(body, NO_CAUSE)
    add_tag(body, "{%p elif not r.causes %}")
    _body(body, "Không có.")
    add_tag(body, "{%p endif %}")


def _report_outlook(body: Any) -> None:
    """III. Phương hướng, nhiệm vụ kỳ tới and IV. Kiến nghị, đề xuất."""
    add_heading(body, "III. PHƯƠNG HƯỚNG, NHIỆM VỤ {{ r.next_period_title | upper }}")
    add_tag(body, "{%p if r.next_outside_plan %}")
    _body(body, "Kỳ tới thuộc năm {{ r.next_year }}, ngoài Kế hoạch năm nay.")
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
    add_heading(body, "IV. KIẾN NGHỊ, ĐỀ XUẤT")
    add_tag(body, "{%p for note in r.proposals %}")
    _body(body, "- {{ note.text }}" + SENTENCE_END)
    add_tag(body, "{%p endfor %}")
    add_tag(body, "{%p if not r.proposals %}")
    _body(body, "Không có kiến nghị, đề xuất.")
    add_tag(body, "{%p endif %}")
    # The closing sentence is kept with the closing (whose first paragraph is kept with the
    # table): the signature never stands on a page of its own, and a long section IV is not
    # pushed whole onto the next page.
    _body(body, CLOSING_SENTENCE, keep_with_next=True)


APPENDIX_TASK = (
    "{{ row.title }}{% if row.parent_title %} (phần việc của nhiệm vụ {{ row.parent_title }})"
    "{% endif %}{% if row.funding %}. Kinh phí: {{ row.funding }}{% endif %}"
)
APPENDIX_WIDTHS = [12, 41, 14, 28, 26, 22, 22, 23, 22, 16, 21]  # mm, 247 in all


def _report_appendix(document: Any) -> None:
    """A draft's page of what to confirm, then the appendix on a landscape page: every task of
    the plan, where it stands, and its id (the only place the report names one)."""
    set_landscape(add_page_to_confirm(document, draft="r.header.draft", items="r.to_confirm"))
    add_appendix_heading(
        document, title="r.appendix_title", reference="r.appendix_reference", note="r.appendix_note"
    )
    table = add_loop_table(
        document,
        ["STT", "Nhiệm vụ", "Mục KH", "Chỉ số, tiêu chí", "Chủ trì", "Phối hợp", "Hạn", "Sản phẩm", "Tình trạng", "Kiểm chứng", "Mã (tham chiếu)"],
        [
            "{{ row.number }}", APPENDIX_TASK, "{{ row.source }}", "{{ row.criteria }}",
            "{{ row.lead }}", "{{ row.support }}", "{{ row.deadline }}", "{{ row.output }}",
            "{{ row.status }}", "{{ row.evidence }}", "{{ row.key }}",
        ],
        "r.appendix_rows",
        [Mm(width) for width in APPENDIX_WIDTHS],
        size=11,
    )  # fmt: skip
    table.rows[2].cells[-1].paragraphs[0].runs[0].font.size = Pt(10)  # an id on one line
    add_last_paragraph(document)
