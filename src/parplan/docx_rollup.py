"""Builds the Word template of the province's báo cáo tổng hợp (``templates/rollup-report.docx``):
the outline of ``rollup-report.md.j2`` and ``rollup-report.html.j2`` (I. Kết quả thực hiện, II.
Tồn tại, hạn chế, III. Phương hướng, nhiệm vụ kỳ tới; Nơi nhận and the signature; a draft's page
of what to confirm; the appendix of next period's work), in the layout of Nghị định 30/2020/NĐ-CP
with the parts the periodic report shares (:mod:`parplan.docx_parts`). ``make docx-templates``
writes it (:mod:`parplan.docx_templates`).
"""

from __future__ import annotations

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
    add_addressed_opening,
    add_appendix_heading,
    add_closing,
    add_last_paragraph,
    add_page_to_confirm,
)

__all__ = ["build_rollup_report_template"]

INTRODUCTION = (
    "{{ r.reporter }} tổng hợp kết quả thực hiện Kế hoạch nâng cao Chỉ số cải cách hành chính "
    "(PAR Index) và Chỉ số hài lòng về sự phục vụ của cơ quan hành chính nhà nước (SIPAS) "
    "{{ r.period_title }} của {{ r.agencies }} cơ quan, đơn vị thuộc {{ r.province_in_text }} (số liệu từ ngày {{ r.window_start }} đến ngày "
    "{{ r.window_end }}) như sau:"
)
SUMMARY = (
    "Đến ngày {{ r.window_end }}, đã tổng hợp được kế hoạch của {{ r.rolled_up }}/{{ r.agencies }}"
    " cơ quan, đơn vị. {% if r.totals.due %}Các cơ quan, đơn vị có {{ r.totals.due }} việc đến "
    "hạn hoặc đã hoàn thành, trong đó hoàn thành đúng hạn {{ r.totals.done_on_time }}, hoàn "
    "thành quá hạn {{ r.totals.done_late }}, quá hạn chưa hoàn thành {{ r.totals.overdue }}. Kết "
    "quả chung: {{ r.completion_text }}; tỷ lệ hoàn thành đúng hạn {{ r.totals.percent_on_time }}."
    "{% else %}Chưa có việc nào đến hạn nên chưa tính tỷ lệ hoàn thành.{% endif %}"
    "{% if r.totals.continuous %} Ngoài ra có {{ r.totals.continuous }} việc thường xuyên, không "
    "tính vào tỷ lệ hoàn thành.{% endif %}"
)
AGENCY_HEADERS = [
    "Hạng", "Cơ quan", "Việc đến hạn", "Đúng hạn", "Xong quá hạn", "Quá hạn chưa xong",
    "Thường xuyên", "Tỷ lệ hoàn thành việc đến hạn", "Tỷ lệ đúng hạn",
]  # fmt: skip
AGENCY_FIELDS = [
    "due", "done_on_time", "done_late", "overdue", "continuous", "percent_of_due",
    "percent_on_time",
]  # fmt: skip
AGENCY_WIDTHS = [Mm(13), Mm(40), *[Mm(16)] * 7]  # 165 mm: the text's width
WORK_LINE = (
    "- {{ line.title }}; chủ trì: {{ line.lead }}; hạn {{ line.deadline }}; {{ line.status }}."
)
CLOSING_SENTENCE = (
    "Trên đây là báo cáo {{ r.title[:1] | lower ~ r.title[1:] }} của {{ r.reporter }}./."
)
APPENDIX_WIDTHS = [12, 45, 85, 45, 25, 35]  # mm, 247 in all


def _body(document: Any, text: str, **style: Any) -> None:
    add_paragraph(document, text, indent_first=True, **style)


def build_rollup_report_template() -> Any:
    """The báo cáo tổng hợp: the outline of ``rollup-report.md.j2``, in the layout of NĐ 30."""
    document = base_document()
    _opening(document)
    _results(document)
    _shortcomings(document)
    _outlook(document)
    add_closing(
        document,
        recipients="r.distribution",
        signature_lines="r.signature_lines",
        signature='r.signature_name or "(chưa có họ tên người ký)"',
    )
    _appendix(document)
    return document


def _opening(body: Any) -> None:
    add_addressed_opening(body)
    _body(body, INTRODUCTION)


def _results(body: Any) -> None:
    """I. the totals in words, the agencies that did all their work due, the table of every
    agency by kind, the totals."""
    add_heading(body, "I. KẾT QUẢ THỰC HIỆN")
    add_heading(body, "1. Đánh giá chung")
    _body(body, SUMMARY)
    add_tag(body, "{%p if r.complete %}")
    _body(
        body,
        "Các cơ quan, đơn vị hoàn thành 100% việc đến hạn ({{ r.complete | length }}): "
        "{{ r.complete | join(', ') }}.",
    )
    add_tag(body, "{%p elif r.totals.due %}")
    _body(body, "Chưa có cơ quan, đơn vị nào hoàn thành 100% việc đến hạn.")
    add_tag(body, "{%p endif %}")
    add_tag(body, "{%p if r.nothing_due %}")
    _body(body, "Chưa có việc đến hạn: {{ r.nothing_due | join(', ') }}.")
    add_tag(body, "{%p endif %}")
    add_heading(body, "2. Kết quả của từng cơ quan, đơn vị")
    _body(
        body,
        "Xếp hạng theo {{ r.ranking }}{% if r.ranking_basis %} ({{ r.ranking_basis }})"
        "{% endif %}; các cơ quan cùng kết quả cùng hạng.",
    )
    add_tag(body, "{%p for group in r.groups %}")
    add_heading(body, "2.{{ loop.index }}. {{ group.title }}", italic=True)
    add_loop_table(
        body,
        AGENCY_HEADERS,
        ["{{ row.rank }}", "{{ row.name }}", *[f"{{{{ row.{name} }}}}" for name in AGENCY_FIELDS]],
        "group.rows",
        AGENCY_WIDTHS,
        size=10,
        numeric=len(AGENCY_FIELDS),
    )
    add_tag(body, "{%p else %}")
    _body(body, "Chưa tổng hợp được kế hoạch của cơ quan, đơn vị nào.")
    add_tag(body, "{%p endfor %}")
    _body(
        body,
        "Tổng cộng: việc đến hạn {{ r.totals.due }}; đúng hạn {{ r.totals.done_on_time }}; xong "
        "quá hạn {{ r.totals.done_late }}; quá hạn chưa xong {{ r.totals.overdue }}; thường xuyên "
        "{{ r.totals.continuous }}; tỷ lệ hoàn thành việc đến hạn {{ r.totals.percent_of_due }}; "
        "tỷ lệ đúng hạn {{ r.totals.percent_on_time }}.",
        space_before=6,
    )


def _shortcomings(body: Any) -> None:
    """II. every agency's overdue work, then the agencies not rolled up and why."""
    add_heading(body, "II. TỒN TẠI, HẠN CHẾ")
    add_heading(body, "1. Việc quá hạn chưa hoàn thành")
    add_tag(body, "{%p for work in r.overdue %}")
    _body(
        body,
        "{{ work.agency }} ({{ work.lines | length }} việc):",
        italic=True,
        keep_with_next=True,
    )
    add_tag(body, "{%p for line in work.lines %}")
    _body(body, WORK_LINE)
    add_tag(body, "{%p endfor %}")
    add_tag(body, "{%p else %}")
    _body(body, "Đến ngày {{ r.window_end }}, không có việc nào quá hạn chưa hoàn thành.")
    add_tag(body, "{%p endfor %}")
    add_heading(body, "2. Cơ quan, đơn vị chưa tổng hợp được")
    add_tag(body, "{%p for agency in r.failed %}")
    _body(body, "- {{ agency.name }}: {{ agency.error }}.")
    add_tag(body, "{%p else %}")
    _body(body, "Đã tổng hợp được kế hoạch của tất cả các cơ quan, đơn vị.")
    add_tag(body, "{%p endfor %}")


def _outlook(body: Any) -> None:
    """III. what each agency has to do next period (the lines: the appendix)."""
    add_heading(body, "III. PHƯƠNG HƯỚNG, NHIỆM VỤ {{ r.next_period_title | upper }}")
    add_tag(body, "{%p if r.next_rows %}")
    _body(
        body,
        "Việc chưa hoàn thành đến ngày {{ r.window_end }} có hạn đến ngày {{ r.next_until }} "
        "(kể cả việc quá hạn), chi tiết tại Phụ lục:",
        keep_with_next=True,
    )
    add_loop_table(
        body,
        ["Cơ quan", "Việc phải hoàn thành", "Trong đó quá hạn", "Thường xuyên"],
        ["{{ row.agency }}", "{{ row.open }}", "{{ row.overdue }}", "{{ row.continuous }}"],
        "r.next_rows",
        [Mm(75), Mm(32), Mm(30), Mm(28)],
        numeric=3,
    )
    add_tag(body, "{%p else %}")
    _body(body, "Không có.")
    add_tag(body, "{%p endif %}")
    _body(body, CLOSING_SENTENCE, keep_with_next=True, space_before=6)


def _appendix(document: Any) -> None:
    """A draft's page of what to confirm, then the appendix on a landscape page."""
    set_landscape(add_page_to_confirm(document, draft="r.header.draft", items="r.to_confirm"))
    add_appendix_heading(
        document, title="r.appendix_title", reference="r.appendix_reference", note="none"
    )
    add_loop_table(
        document,
        ["STT", "Cơ quan", "Nhiệm vụ", "Chủ trì", "Hạn", "Tình trạng"],
        [
            "{{ loop.index }}", "{{ row.agency }}", "{{ row.title }}", "{{ row.lead }}",
            "{{ row.deadline }}", "{{ row.status }}",
        ],
        "r.appendix_rows",
        [Mm(width) for width in APPENDIX_WIDTHS],
        size=11,
    )  # fmt: skip
    add_last_paragraph(document)
