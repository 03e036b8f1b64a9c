"""The head and foot of an administrative document (Nghị định 30/2020/NĐ-CP) that the office
issues from a plan folder: the two-column header (governing body, the issuing body's name in full,
"Số: 05/BC-VP", place and date), the citation of documents by number and date, and Nơi nhận.

Who issues is the folder's ``office`` settings, falling back on the plan's issuer: the same
header heads the periodic reports and the plan document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from parplan.dates import format_date
from parplan.errors import UsageProblem
from parplan.model import Plan, ReferencedDocument

__all__ = [
    "DocumentHeader",
    "cited_basis",
    "cited_plan",
    "distribution_lines",
    "document_date_line",
    "document_header",
    "document_number",
    "draft_note",
    "issuer_lines",
    "office_code",
    "sentence_case",
]

HEADER_LINE = 24
"""The characters of a line of the header's left column (13 pt capitals)."""
UNIT_WORDS = ("TỈNH", "THÀNH PHỐ", "HUYỆN", "QUẬN", "THỊ XÃ", "THỊ TRẤN", "XÃ", "PHƯỜNG")
_NUMBER = re.compile(r"^(?P<number>\d+)(?:/(?P<symbol>[^\s/]+))?$")


def document_number(number: str | None, symbol: str) -> str:
    """ "Số: 05/BC-VP", or the draft "Số: …/BC-VP" without a number (numbers < 10 get a 0,
    written zeros are dropped: 045 is 45).

    ``symbol`` is the document's symbol (ký hiệu), "BC-VP"; a number written whole ("15/BC-VP")
    must carry that symbol (another document type, another office's or one the settings do not
    give is refused), and 0 is no number."""
    if number is None:
        return f"Số: …/{symbol}"
    text = number.strip().removeprefix("Số:").strip()
    match = _NUMBER.match(text)
    if match is None:
        raise UsageProblem(
            f"--number '{number}': số văn bản là một số (45) hoặc số và ký hiệu (45/{symbol})"
        )
    value = int(match["number"])
    if value == 0:
        raise UsageProblem(f"--number '{number}': số văn bản bắt đầu từ 1")
    digits = f"{value:02d}"
    given = match["symbol"]
    if given is not None and given.upper() != symbol.upper():
        kind = (
            "loại văn bản khác"
            if given.split("-")[0].upper() != symbol.split("-", maxsplit=1)[0]
            else ("cơ quan khác, hoặc khác cài đặt")
        )
        raise UsageProblem(
            f"--number '{number}': ký hiệu '{given}' là của {kind}; văn bản này có ký hiệu "
            f"{symbol} (ví dụ {digits}/{symbol})"
        )
    return f"Số: {digits}/{symbol}"


def document_date_line(place: str | None, day: date | None, year: int) -> str:
    """ "…, ngày 05 tháng 01 năm 2023": days < 10 and months 1, 2 take a leading zero (NĐ 30);
    the draft form leaves the day and month dotted."""
    where = place or "…"
    if day is None:
        return f"{where}, ngày …… tháng …… năm {year}"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{where}, ngày {day.day:02d} tháng {month} năm {day.year}"


def issuer_lines(name: str) -> list[str]:
    """The issuing body's name in the header: a name too long for a line breaks before its
    administrative unit ("ỦY BAN NHÂN DÂN" / "TỈNH THỪA THIÊN HUẾ"), as Nghị định 30's samples
    set it, never inside the unit's own name."""
    if len(name) <= HEADER_LINE:
        return [name]
    starts = [
        match.start()
        for word in UNIT_WORDS
        if (match := re.search(rf"(?<=\s){re.escape(word)}(?=\s)", name)) is not None
    ]
    if not starts:
        return [name]
    first = min(starts)
    return [name[:first].strip(), name[first:].strip()]


@dataclass(frozen=True)
class DocumentHeader:
    governing_body: str | None
    """The first line of the left column in capitals (UBND TỈNH …); None when the issuing body
    has none above it (an Ủy ban nhân dân tỉnh)."""
    issuer: str
    """The issuing body's name in full, in capitals, as the header prints it."""
    issuer_lines: list[str]
    """The issuer on the header's lines (:func:`issuer_lines`)."""
    number_line: str
    date_line: str
    draft: bool
    draft_note: str = ""
    """What the draft still lacks, in words: "chưa có số", "chưa có ngày ký" or both."""
    issuer_name: str = ""
    """The issuing body as sentences name it ("Văn phòng UBND tỉnh")."""
    signed_on: str = ""
    """The signing day, dd/mm/yyyy; "…" in a draft."""

    @property
    def reference(self) -> str:
        """How other text cites the document: "số 45/BC-VP", "số …/BC-VP"."""
        return "số " + self.number_line.removeprefix("Số: ")


def office_code(plan: Plan) -> str | None:
    """The office's abbreviation in document symbols (VP in BC-VP)."""
    return plan.office.code or plan.document.issuer.code


def _governing_body(plan: Plan) -> str | None:
    if plan.office.governing_body:
        return plan.office.governing_body.upper()
    governing = plan.document.issuer.governing_body
    if governing is None:
        return None
    province = plan.document.province
    return f"{governing} {province or '…'}".upper()


def document_header(
    plan: Plan, symbol: str, number: str | None, signed_on: date | None, year: int
) -> DocumentHeader:
    """The two-column header of Nghị định 30 for a document of ``symbol`` (BC-VP, KH-VP): who
    issues it (the ``office`` settings, else the plan's issuer), its number and date, draft or
    not."""
    office = plan.office
    issuer = (office.name or plan.document.issuer.name).upper()
    return DocumentHeader(
        governing_body=_governing_body(plan),
        issuer=issuer,
        issuer_lines=issuer_lines(issuer),
        number_line=document_number(number, symbol),
        date_line=document_date_line(
            office.place or plan.document.province, signed_on, signed_on.year if signed_on else year
        ),
        draft=number is None or signed_on is None,
        draft_note=draft_note(number, signed_on),
        issuer_name=plan.document.issuer.name,
        signed_on=format_date(signed_on) if signed_on else "…",
    )


def draft_note(number: str | None, signed_on: date | None) -> str:
    """Why a document is a draft: "chưa có số và chưa có ngày ký" ("" when it is neither)."""
    return " và ".join(
        missing
        for missing, absent in (
            ("chưa có số", number is None),
            ("chưa có ngày ký", signed_on is None),
        )
        if absent
    )


def sentence_case(title: str, keep: Iterable[str] = ()) -> str:
    """A title as it reads inside a sentence: its first letter small ("Nâng cao …" → "nâng cao
    …"); a title written in capitals is set in small letters but for what stands in brackets
    (SIPAS, PAR INDEX) and the names in ``keep`` (the province)."""
    if not title:
        return title
    letters = [char for char in title if char.isalpha()]
    if letters and all(char.isupper() for char in letters):
        text = title.lower()
        for bracketed in re.findall(r"\([^)]*\)", title):
            text = text.replace(bracketed.lower(), bracketed)
        for name in keep:
            text = re.sub(re.escape(name.lower()), name, text)
        return text
    return title[:1].lower() + title[1:]


def _cited(number: str | None, day: date | None, issuer: str | None, kind: str) -> str:
    """ "Kế hoạch số 142/KH-UBND ngày 15/7/2022 của UBND tỉnh": what is known of it."""
    text = kind
    if number:
        text += f" số {number}"
    if day is not None:
        text += f" ngày {day.day}/{day.month}/{day.year}"
    if issuer:
        text += f" của {issuer}"
    return text


def cited_plan(plan: Plan) -> str:
    """The plan as a report cites it: by number and date where known, always by its subject."""
    document = plan.document
    subject = sentence_case(document.title, [document.province] if document.province else [])
    if subject.lower().startswith(document.document_type.lower()):
        subject = subject[len(document.document_type) :].strip()
    cited = _cited(
        document.number, document.issued_on, document.issuer.name, document.document_type
    )
    return f"{cited} về {subject}"


def _basis_kind(basis: ReferencedDocument) -> str:
    """The kind of a basis document, the words before "số" in its citation (Kế hoạch, Quyết
    định); "văn bản" when the citation does not start so."""
    head = basis.citation.split(" số ")[0].strip()
    return head if 0 < len(head) <= 30 else "văn bản"


def cited_basis(plan: Plan) -> list[str]:
    """The plan's basis documents cited by number and date ("Kế hoạch số 142/KH-UBND ngày
    15/7/2022 của UBND tỉnh"); a basis without a number is cited as written."""
    return [
        _cited(basis.number, basis.date, basis.issuer, _basis_kind(basis))
        if basis.number
        else basis.citation
        for basis in plan.document.basis
    ]


def distribution_lines(recipients: Iterable[str], filing: str | None) -> list[str]:
    """Nơi nhận in the form of Nghị định 30: "- UBND tỉnh (b/c);" for each, and last "- Lưu:
    VT, HCTC."."""
    lines = [f"- {recipient.strip().rstrip(';.').strip()};" for recipient in recipients]
    lines.append(f"- Lưu: {(filing or 'VT').strip().rstrip('.')}.")
    return lines
