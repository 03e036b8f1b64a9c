"""What remains to confirm before a document the office renders can be signed: the facts the
plan files say are unknown or inferred (``to_confirm``, ``confirmed: false``), and, for a periodic
report, the notes of the period not yet classified.

A draft prints these on a page of its own, marked as not part of the document; a signed version
never carries them (the body of a document that is sent holds nothing internal).
"""

from __future__ import annotations

from collections.abc import Iterable

from parplan.model import Plan
from parplan.report_notes import NoteLine

__all__ = ["document_to_confirm", "report_to_confirm"]

DOCUMENT_FIELDS = {
    "title": "trích yếu của Kế hoạch",
    "issuer": "cơ quan ban hành",
    "province": "tên tỉnh",
    "number": "số, ký hiệu của Kế hoạch",
    "issued_on": "ngày ban hành Kế hoạch",
    "basis": "căn cứ ban hành",
    "preamble": "đoạn mở đầu",
    "theme": "chủ đề cải cách hành chính của năm",
    "outline": "các đề mục của văn bản",
    "purposes": "mục đích",
    "requirements": "yêu cầu",
    "objectives": "mục tiêu, nhiệm vụ",
    "solutions": "giải pháp",
    "organization": "tổ chức thực hiện",
    "recipients": "nơi nhận",
    "signature": "người ký",
}
TASK_FIELDS = {
    "title": "tên nhiệm vụ",
    "source": "mục của Kế hoạch",
    "criteria": "chỉ số, tiêu chí",
    "lead": "đơn vị chủ trì",
    "support": "đơn vị phối hợp",
    "deadline": "thời hạn",
    "recurrence": "các kỳ thực hiện",
    "output": "sản phẩm",
    "funding": "kinh phí",
    "parts": "các phần việc",
}


def _plan_facts(plan: Plan) -> list[str]:
    document = plan.document
    items = []
    unknown = [
        label
        for name, label in DOCUMENT_FIELDS.items()
        if name in document.to_confirm
        or (name == "number" and document.number is None)
        or (name == "issued_on" and document.issued_on is None)
    ]
    if unknown:
        items.append(f"Kế hoạch: chưa có hoặc chưa xác nhận {', '.join(unknown)}.")
    signature = document.signature
    if signature is None or signature.name is None:
        items.append("Kế hoạch: chưa có họ tên người ký.")
    return items


def _office_facts(plan: Plan) -> list[str]:
    office = plan.office
    items = []
    missing = [
        label
        for label, value in (
            ("dòng cơ quan chủ quản", office.governing_body),
            ("tên cơ quan ban hành viết đầy đủ", office.name),
            ("địa danh", office.place or plan.document.province),
            ("dòng lưu của Nơi nhận", office.filing),
        )
        if not value
    ]
    if missing:
        items.append(
            f"Cơ quan ban hành (cài đặt office): chưa ghi {', '.join(missing)}; văn bản dùng "
            "thông tin của Kế hoạch hoặc để trống (…)."
        )
    if not office.confirmed:
        items.append("Cơ quan ban hành (cài đặt office): thông tin chưa được xác nhận.")
    return items


def _task_facts(plan: Plan) -> list[str]:
    items = []
    for task in plan.work_items():
        if task.to_confirm:
            fields = ", ".join(TASK_FIELDS[name] for name in task.to_confirm)
            items.append(f"Nhiệm vụ {task.id} ({task.title}): chưa xác nhận {fields}.")
    return items


def document_to_confirm(plan: Plan) -> list[str]:
    """What the plan document still lacks or infers, one sentence each."""
    items = _plan_facts(plan) + _office_facts(plan)
    if plan.document.appendix_note:
        items.append(f"Phụ lục: {plan.document.appendix_note}")
    return items + _task_facts(plan)


def report_to_confirm(plan: Plan, unclassified: Iterable[NoteLine]) -> list[str]:
    """What a periodic report's draft still lacks or infers, one sentence each."""
    settings = plan.report
    items = _office_facts(plan)
    if not settings.addressees:
        items.append("Báo cáo (cài đặt report): chưa ghi nơi gửi (Kính gửi).")
    if not settings.distribution:
        items.append("Báo cáo (cài đặt report): chưa ghi Nơi nhận.")
    signature = settings.signature or plan.document.signature
    if settings.signature is None:
        items.append("Báo cáo (cài đặt report): chưa ghi người ký; dùng người ký của Kế hoạch.")
    if signature is None or signature.name is None:
        items.append("Báo cáo: chưa có họ tên người ký.")
    if not settings.confirmed:
        items.append("Báo cáo (cài đặt report): thông tin chưa được xác nhận.")
    if not plan.reporting.confirmed:
        items.append(
            "Quy định chốt số liệu và thời hạn gửi báo cáo (cài đặt reporting) chưa được xác nhận."
        )
    if plan.document.number is None or plan.document.issued_on is None:
        items.append(
            "Kế hoạch chưa có số hoặc ngày ban hành: báo cáo dẫn Kế hoạch theo tên, không theo số."
        )
    items.extend(
        f"Ghi chú chưa phân loại nên không in vào báo cáo: {line.work} ({line.key}), ngày "
        f"{line.on}: “{line.text}”. Phân loại bằng lệnh 'parplan update {line.key} "
        "--classify-note', với nội dung ghi chú và loại (result, shortcoming, cause, proposal)."
        for line in unclassified
    )
    return items
