"""The plan document itself (the Kế hoạch), rendered from the plan files in the format of Nghị
định 30/2020/NĐ-CP: header, "KẾ HOẠCH" and its trích yếu, the opening, the body, Nơi nhận, the
signature, and the Phụ lục of targets and tasks on a landscape page.

The content is data (the plan's own words, as written); templates in ``templates/`` lay it out as
Markdown, HTML or Word. Nothing internal is in the document: no task ids, no file names, no
``to_confirm``; a draft (number or date unknown) carries what remains to confirm for a page of its
own (:func:`parplan.confirmation.document_to_confirm`), a signed one never.

The body (its sections in order, the outline merged with the structured fields) is
:mod:`parplan.plan_outline`; the header and its number :mod:`parplan.report_header`.
"""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass, field
from typing import Any

from parplan.confirmation import document_to_confirm
from parplan.dates import format_date
from parplan.model import CarriedFrom, Plan, PlanDocument, Task, TaskPart
from parplan.occurrence_rows import support_label
from parplan.periods import MONTHS, Period
from parplan.plan_outline import Section, body_sections
from parplan.report_header import DocumentHeader, document_header, office_code
from parplan.targets import format_number
from parplan.text import fold

__all__ = [
    "AppendixRow",
    "PlanDocumentData",
    "appendix_rows",
    "build_plan_document",
    "default_document_name",
    "plan_document_context",
    "plan_symbol",
    "render_plan_document",
]

APPENDIX_TITLE = "MỤC TIÊU, NHIỆM VỤ"


@dataclass(frozen=True)
class AppendixRow:
    """A line of the appendix table: a task, or a part of one (number "1.1")."""

    number: str
    part: bool
    task: str
    funding: str
    criteria: str
    lead: str
    support: str
    deadline: str
    """As written: the deadline phrase of the plan, "Thường xuyên", or the periods in words."""
    output: str


@dataclass(frozen=True)
class PlanDocumentData:
    """Everything a plan document template needs, as plain text."""

    header: DocumentHeader
    issuer_lines: list[str]
    """The header's issuer on its lines: "ỦY BAN NHÂN DÂN", "TỈNH THỪA THIÊN HUẾ"."""
    document_type: str
    """ "KẾ HOẠCH"."""
    title: str
    """The trích yếu as the plan writes it (without the document type when it repeats it)."""
    opening: list[str]
    """The preamble's paragraphs; "Căn cứ <citation>;" lines when there is none but a basis."""
    sections: list[Section]
    recipients: list[str]
    """Nơi nhận, "- " and each line as the plan writes it."""
    signature_lines: list[str]
    signature_name: str | None
    appendix: bool
    """Whether the document has a Phụ lục (the plan has targets or tasks)."""
    appendix_title: str
    appendix_reference: str
    """ "(Kèm theo Kế hoạch số …/KH-VP ngày … của Văn phòng UBND tỉnh)"."""
    appendix_note: str | None
    targets: list[str]
    appendix_rows: list[AppendixRow]
    to_confirm: list[str] = field(default_factory=list)
    """What remains to confirm before signing: a page of its own in a draft; empty when signed."""


def _opening(document: PlanDocument) -> list[str]:
    """The preamble's paragraphs as written; without one, the basis as "Căn cứ …;" lines."""
    if document.preamble:
        return [line.strip() for line in document.preamble.split("\n") if line.strip()]
    return [f"Căn cứ {basis.citation.rstrip(';.')};" for basis in document.basis]


def _title(document: PlanDocument) -> str:
    """The trích yếu as written, without a leading document type ("Kế hoạch Cải cách …" under
    "KẾ HOẠCH" reads "Cải cách …")."""
    title = document.title
    kind = document.document_type
    if fold(title).startswith(fold(kind) + " "):
        rest = title[len(kind) :].strip()
        return rest[:1].upper() + rest[1:]
    return title


# --- The appendix -------------------------------------------------------------------------------


def _periods_in_words(periods: list[Period], year: int) -> str:
    """The periods of a recurring task as a document says them: "Quý II, 6 tháng đầu năm, quý
    III, quý IV và năm 2022"; "Hằng tháng", "Hằng quý" for every month or quarter."""
    if sorted(periods) == sorted(MONTHS):
        return "Hằng tháng"
    if sorted(periods) == sorted([Period.Q1, Period.Q2, Period.Q3, Period.Q4]):
        return "Hằng quý"
    words = [f"năm {year}" if period is Period.Y else period.label for period in periods]
    text = ", ".join(words[:-1]) + " và " + words[-1] if len(words) > 1 else words[0]
    return text[:1].upper() + text[1:]


def _deadline_text(task: Task, year: int, part: TaskPart | None = None) -> str:
    """A task's (or a part's) deadline as the plan writes it: its phrase (a part's own, else its
    task's), "Thường xuyên", or the periods of a recurring task."""
    if task.continuous:
        return "Thường xuyên"
    for deadline in (part.deadline if part is not None else None, task.deadline):
        if deadline is not None:
            return deadline.written
    if task.recurrence is not None:
        return _periods_in_words(list(task.recurrence.periods), year)
    return ""


def _funding(task: Task) -> str:
    return "; ".join(
        line.source if line.amount is None else f"{line.source}: {format_number(line.amount)} đồng"
        for line in task.funding
    )


def _carried_from(origin: CarriedFrom | None) -> str:
    """ " (chuyển từ Kế hoạch năm 2022, hạn cũ 31/08/2022; lý do: …)" for carried work."""
    if origin is None:
        return ""
    said = f"chuyển từ Kế hoạch năm {origin.year}"
    if origin.deadline is not None:
        said += f", hạn cũ {format_date(origin.deadline)}"
    if origin.reason:
        said += f"; lý do: {origin.reason}"
    return f" ({said})"


def _row(
    plan: Plan,
    number: str,
    work: Task,
    deadline: str,
    *,
    part: bool,
    origin: CarriedFrom | None = None,
) -> AppendixRow:
    """A line of the appendix: ``work`` is a task, or a part as a task of its own (what the part
    does not say is its task's); carried work says where it came from (``origin``)."""
    units = [plan.unit(code) for code in work.lead]
    return AppendixRow(
        number=number,
        part=part,
        task=work.title + _carried_from(origin),
        funding=_funding(work),
        criteria="; ".join(plan.criterion_label(ref) for ref in work.criteria),
        lead="; ".join(
            unit.name if unit is not None else code
            for code, unit in zip(work.lead, units, strict=True)
        ),
        support=support_label(plan, tuple(work.support)),
        deadline=deadline,
        output=work.output,
    )


def appendix_rows(plan: Plan) -> list[AppendixRow]:
    """Every task of the plan in its order, its parts as rows 1.1, 1.2 under it."""
    rows = []
    for number, task in enumerate(plan.tasks, start=1):
        deadline = _deadline_text(task, plan.year)
        rows.append(_row(plan, str(number), task, deadline, part=False, origin=task.carried_from))
        rows.extend(
            _row(
                plan,
                f"{number}.{index}",
                work,
                _deadline_text(task, plan.year, part),
                part=True,
                origin=part.carried_from,
            )
            for index, (part, work) in enumerate(zip(task.parts, task.as_parts(), strict=True), 1)
        )
    return rows


# --- The whole document -------------------------------------------------------------------------


def plan_symbol(plan: Plan) -> str:
    """The plan's symbol (ký hiệu): KH- and the office's abbreviation (KH-VP)."""
    code = office_code(plan)
    return f"KH-{code}" if code else "KH"


def build_plan_document(plan: Plan) -> PlanDocumentData:
    """The plan document's content: the plan's own words, as written."""
    document = plan.document
    header = document_header(
        plan, plan_symbol(plan), document.number, document.issued_on, plan.year
    )
    signature = document.signature
    rows = appendix_rows(plan)
    targets = [target.text for target in plan.targets]
    return PlanDocumentData(
        header=header,
        issuer_lines=header.issuer_lines,
        document_type=document.document_type.upper(),
        title=_title(document),
        opening=_opening(document),
        sections=body_sections(document),
        recipients=[f"- {line}" for line in document.recipients],
        signature_lines=signature.lines if signature is not None else [],
        signature_name=signature.name if signature is not None else None,
        appendix=bool(rows or targets),
        appendix_title=APPENDIX_TITLE,
        appendix_reference=(
            f"(Kèm theo {document.document_type} {header.reference} ngày {header.signed_on} của "
            f"{document.issuer.name})"
        ),
        appendix_note=document.appendix_note,
        targets=targets,
        appendix_rows=rows,
        to_confirm=document_to_confirm(plan) if header.draft else [],
    )


def default_document_name(year: int, output_format: str) -> str:
    """ "ke-hoach-2022.docx" and the like."""
    return f"ke-hoach-{year}.{output_format}"


def plan_document_context(data: PlanDocumentData) -> dict[str, Any]:
    """What plan templates see as ``plan_document``: plain data, the header's ``reference``
    spelled out."""
    plain = asdict(data)
    plain["header"]["reference"] = data.header.reference
    return plain


def render_plan_document(plan: Plan, data: PlanDocumentData, output_format: str) -> bytes:
    """The plan document as a .docx, a standalone HTML page or Markdown, from ``templates/``
    (an office's own ``templates/plan.*`` in its plan folder win)."""
    from parplan.template_loader import office_templates
    from parplan.template_rendering import render_docx, render_template

    override = office_templates(plan.folder)
    context = {"plan_document": plan_document_context(data)}
    if output_format == "docx":
        return _drop_empty_sections(render_docx("plan.docx", context, override))
    return render_template(f"plan.{output_format}.j2", context, override).encode("utf-8")


def _drop_empty_sections(content: bytes) -> bytes:
    """The sections of a rendered Word document that hold nothing are taken out, each of which
    would print a blank page: the template's draft page (a section of its own, without page
    numbers) in a signed plan, the landscape appendix of a plan without targets or tasks."""
    from docx import Document
    from docx.oxml.ns import qn

    document = Document(io.BytesIO(content))
    body = document.element.body
    final = body.find(qn("w:sectPr"))
    breaks = f"{qn('w:pPr')}/{qn('w:sectPr')}"
    sections: list[list[Any]] = [[]]
    for element in body.iterchildren():
        if element is not final:
            sections[-1].append(element)
            if element.tag == qn("w:p") and element.find(breaks) is not None:
                sections.append([])

    def empty(elements: list[Any]) -> bool:
        return not any(
            element.tag == qn("w:tbl") or "".join(element.itertext()).strip()
            for element in elements
        )

    kept = [section for section in sections if not empty(section)]
    if final is None or not kept or len(kept) == len(sections):
        return content
    for section in sections:
        if empty(section):
            for element in section:
                body.remove(element)
    if empty(sections[-1]):  # the last section kept gives the document its last properties
        properties = kept[-1][-1].find(breaks)
        properties.getparent().remove(properties)
        body.replace(final, properties)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
