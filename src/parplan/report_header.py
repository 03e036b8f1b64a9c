"""The head of an administrative document (Nghị định 30/2020/NĐ-CP): the two-column header with
the issuing body, the number ("Số: 05/BC-VP") and the place and date line, draft or signed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from parplan.model import Plan

__all__ = ["DocumentHeader", "document_date_line", "document_header", "document_number"]


def document_number(number: str | None, type_code: str, agency_code: str | None) -> str:
    """ "Số: 05/BC-VP", or the draft "Số: …/BC-VP" without a number (numbers < 10 get a 0)."""
    suffix = f"{type_code}-{agency_code}" if agency_code else type_code
    if number is None:
        return f"Số: …/{suffix}"
    text = number.strip().removeprefix("Số:").strip()
    if "/" in text:  # a full number and symbol, as the office wrote it: "15/BC-VP"
        return f"Số: {text}"
    if text.isdigit() and len(text) == 1:
        text = f"0{text}"
    return f"Số: {text}/{suffix}"


def document_date_line(place: str | None, day: date | None, year: int) -> str:
    """ "…, ngày 05 tháng 01 năm 2023": days < 10 and months 1, 2 take a leading zero (NĐ 30);
    the draft form leaves the day and month dotted."""
    where = place or "…"
    if day is None:
        return f"{where}, ngày …… tháng …… năm {year}"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{where}, ngày {day.day:02d} tháng {month} năm {day.year}"


@dataclass(frozen=True)
class DocumentHeader:
    governing_body: str
    issuer: str
    number_line: str
    date_line: str
    draft: bool
    draft_note: str = ""
    """What the draft still lacks, in words: "chưa có số", "chưa có ngày ký" or both."""

    @property
    def reference(self) -> str:
        """How other text cites the document: "số 45/BC-VP", "số …/BC-VP"."""
        return "số " + self.number_line.removeprefix("Số: ")


def document_header(plan: Plan, number: str | None, signed_on: date | None) -> DocumentHeader:
    """The two-column header of Nghị định 30: who issues it, its number and date, draft or not."""
    document = plan.document
    governing = document.issuer.governing_body or "UBND tỉnh"
    province = document.province
    return DocumentHeader(
        governing_body=(f"{governing} {province}" if province else f"{governing} …").upper(),
        issuer=document.issuer.name.upper(),
        number_line=document_number(number, "BC", document.issuer.code),
        date_line=document_date_line(
            province, signed_on, signed_on.year if signed_on else plan.year
        ),
        draft=number is None or signed_on is None,
        draft_note=" và ".join(
            missing
            for missing, absent in (
                ("chưa có số", number is None),
                ("chưa có ngày ký", signed_on is None),
            )
            if absent
        ),
    )
