"""The plan document (văn bản kế hoạch) as data: issuer, basis, outline, body, signature.

Every plan of this kind is expressed: an issuer of any level, the document's own numbering
(``outline``), a signature of one or two levels of authority (TM. … / KT. …), and fields the
document leaves out are optional, with ``to_confirm`` saying what is missing.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from parplan.plan_values import ClauseRef, PlanDate, Text
from parplan.text import fold

__all__ = [
    "Authority",
    "IssuingBody",
    "OnBehalf",
    "OutlineHeading",
    "PlanDocument",
    "ReferencedDocument",
    "Signature",
    "Solution",
    "StrictModel",
]


class StrictModel(BaseModel):
    """Base of every plan model: unknown keys are errors, instances are immutable. The docstring
    under a field is its description in the plan files' schema (:mod:`parplan.schema`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class IssuingBody(StrictModel):
    governing_body: Text | None = None
    """Cơ quan chủ quản, in trên dòng đầu góc trái (ví dụ UBND TỈNH …); null nếu không có."""
    name: Text
    """Tên cơ quan ban hành (Văn phòng UBND tỉnh, UBND tỉnh Lạng Sơn, Sở Công Thương …)."""
    code: Text | None = None
    """Chữ viết tắt của cơ quan trong ký hiệu văn bản (Số: …/BC-VP); null nếu chưa biết."""


class ReferencedDocument(StrictModel):
    citation: Text
    """Trích dẫn nguyên văn như trong kế hoạch."""
    number: Text | None = None
    """Số, ký hiệu (142/KH-UBND)."""
    date: PlanDate | None = None
    """Ngày ban hành."""
    issuer: Text | None = None
    """Cơ quan ban hành."""


class Solution(StrictModel):
    letter: Annotated[str, StringConstraints(pattern=r"^[a-zđ]$")]
    """Chữ cái của điểm theo thứ tự tiếng Việt: a, b, c, d, đ, e, g, h, i, k (không có f, j)."""
    text: Text
    """Toàn văn của giải pháp."""


class OutlineHeading(StrictModel):
    ref: ClauseRef
    """Số, chữ của mục như văn bản đánh: A, B.II, II.3.1, 1.1."""
    title: Text | None = None
    """Tên mục, nguyên văn."""


Authority = Literal["KT.", "TM.", "TL.", "TUQ.", "Q."]


class OnBehalf(StrictModel):
    authority: Authority
    """TM. (thay mặt tập thể), KT. (ký thay người đứng đầu), TL. (thừa lệnh), TUQ. (thừa ủy
    quyền), Q. (quyền)."""
    of: Text | None = None
    """Tập thể hoặc chức vụ được ký thay, in hoa: ỦY BAN NHÂN DÂN, CHỦ TỊCH, CHÁNH VĂN PHÒNG."""


class Signature(StrictModel):
    on_behalf: Annotated[list[OnBehalf], Field(max_length=2)] = []
    """Quyền hạn ký, từ ngoài vào trong: [TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH]; rỗng khi người đứng
    đầu tự ký."""
    title: Text | None = None
    """Chức vụ của người ký (PHÓ CHỦ TỊCH, PHÓ CHÁNH VĂN PHÒNG); null nếu chưa biết."""
    name: Text | None = None
    """Họ và tên người ký; null nếu chưa biết."""

    @property
    def lines(self) -> list[str]:
        """The signature block's capital lines: "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ
        TỊCH"."""
        lines = [
            f"{level.authority} {level.of}" if level.of else level.authority
            for level in self.on_behalf
        ]
        if self.title:
            lines.append(self.title)
        return lines


PlanDocumentField = Literal[
    "title", "issuer", "province", "number", "issued_on", "basis", "preamble", "theme", "outline",
    "purposes", "requirements", "objectives", "solutions", "organization", "recipients",
    "signature",
]  # fmt: skip


class PlanDocument(StrictModel):
    year: Annotated[int, Field(ge=2000, le=2100)]
    """Năm kế hoạch."""
    document_type: Text = "Kế hoạch"
    """Tên loại văn bản."""
    title: Text
    """Trích yếu nội dung."""
    issuer: IssuingBody
    province: Text | None = None
    """Tên tỉnh; null khi văn bản gốc không ghi."""
    number: Text | None = None
    """Số, ký hiệu của kế hoạch; null khi văn bản gốc không ghi."""
    issued_on: PlanDate | None = None
    """Ngày ban hành kế hoạch; null khi văn bản gốc không ghi."""
    basis: list[ReferencedDocument] = []
    """Căn cứ ban hành."""
    preamble: Text | None = None
    """Đoạn mở đầu, nguyên văn; null khi không có hoặc chưa có."""
    theme: Text | None = None
    """Chủ đề CCHC của năm."""
    outline: list[OutlineHeading] = []
    """Các mục của văn bản như văn bản đánh số (A., B.; I., II.; 1.1), theo thứ tự."""
    purposes: list[Text] = []
    """I.1. Mục đích."""
    requirements: list[Text] = []
    """I.2. Yêu cầu."""
    objectives: Text | None = None
    """II.1. Mục tiêu, nhiệm vụ."""
    solutions_intro: Text | None = None
    """II.2. Câu dẫn của mục Giải pháp."""
    solutions: list[Solution] = []
    """II.2. Các giải pháp a), b), …"""
    organization: list[Text] = []
    """III. Tổ chức thực hiện: các khoản 1, 2, …"""
    recipients: list[Text] = []
    """Nơi nhận, mỗi dòng một mục."""
    signature: Signature | None = None
    """Người ký; null khi chưa biết."""
    appendix_note: Text | None = None
    """Phụ lục nhiệm vụ trong thư mục này được lập thế nào (ví dụ: dựng lại, không phải bản gốc)."""
    to_confirm: list[PlanDocumentField] = []
    """Những gì văn bản gốc không ghi hoặc chưa có, chờ bổ sung."""

    @property
    def display_name(self) -> str:
        """ "Kế hoạch Nâng cao …", without saying "Kế hoạch" twice when the title starts with it."""
        if fold(self.title).startswith(fold(self.document_type)):
            return self.title
        return f"{self.document_type} {self.title}"

    def earliest_issue_date(self) -> date | None:
        """When the plan was issued or, when the text does not say, the date it cannot have been
        issued before: that of its newest basis document."""
        if self.issued_on is not None:
            return self.issued_on
        basis_dates = [doc.date for doc in self.basis if doc.date is not None]
        return max(basis_dates) if basis_dates else None

    def clauses(self) -> set[str]:
        """The clause references tasks may cite: the outline's headings, and those the
        structured parts imply (I.1, I.2, II.1, II.2, II.2.a … III.n) when the plan has them."""
        refs = {heading.ref for heading in self.outline}
        if self.purposes or self.requirements:
            refs.update({"I", "I.1", "I.2"})
        if self.objectives or self.solutions or self.solutions_intro:
            refs.update({"II", "II.1", "II.2"})
        refs.update(f"II.2.{solution.letter}" for solution in self.solutions)
        if self.organization:
            refs.add("III")
        refs.update(f"III.{number}" for number in range(1, len(self.organization) + 1))
        return refs
