"""The parts of the province's báo cáo tổng hợp that come from the province file rather than
from the figures: the header of Nghị định 30 (who issues it: ``province.issuer``, falling back on
``province.office``; its number's symbol: ``province.report``), how the province ranks in words,
what a draft still lacks (a page of its own, never in a signed report), and the check of the
signing day against the province's reporting rule.
"""

from __future__ import annotations

import re
from datetime import date

from parplan.dates import format_date
from parplan.errors import UsageProblem
from parplan.model_province import Agency, Province
from parplan.periods import Period, period_title
from parplan.report_header import (
    DocumentHeader,
    document_date_line,
    document_number,
    draft_note,
    issuer_lines,
)
from parplan.rollup import Rollup
from parplan.schedule import report_deadline
from parplan.workdays import WorkCalendar

__all__ = [
    "RANKING_WORDS",
    "check_signing",
    "province_header",
    "public_error",
    "public_source",
    "rollup_to_confirm",
]

RANKING_WORDS = {
    "percent_of_due": "tỷ lệ hoàn thành việc đến hạn (cao trước)",
    "on_time": "tỷ lệ hoàn thành đúng hạn của việc đến hạn (cao trước)",
    "overdue": "số việc quá hạn chưa hoàn thành (ít trước)",
}


def _issuer_name(province: Province) -> str:
    return province.issuer.name or province.office or "…"


def _place(province: Province) -> str | None:
    """The place on the date line: the issuer's ``place``, else the province's name without
    "Tỉnh" / "Thành phố"."""
    if province.issuer.place:
        return province.issuer.place
    return re.sub(r"^(tỉnh|thành phố)\s+", "", province.name, flags=re.IGNORECASE) or None


def _symbol(province: Province) -> str:
    if province.report.number_suffix:
        return province.report.number_suffix
    return f"BC-{province.issuer.code}" if province.issuer.code else "BC"


def province_header(
    province: Province, number: str | None, signed_on: date | None, year: int
) -> DocumentHeader:
    issuer = _issuer_name(province).upper()
    return DocumentHeader(
        governing_body=province.issuer.governing_body.upper()
        if province.issuer.governing_body
        else None,
        issuer=issuer,
        issuer_lines=issuer_lines(issuer),
        number_line=document_number(number, _symbol(province)),
        date_line=document_date_line(
            _place(province), signed_on, signed_on.year if signed_on else year
        ),
        draft=number is None or signed_on is None,
        draft_note=draft_note(number, signed_on),
        issuer_name=province.office or province.issuer.name or "…",
        signed_on=format_date(signed_on) if signed_on else "…",
    )


def rollup_to_confirm(rollup: Rollup) -> list[str]:
    """What a draft still lacks or infers, one sentence each."""
    province = rollup.province
    issuer, report = province.issuer, province.report
    items = []
    missing = [
        label
        for label, value in (
            ("dòng cơ quan chủ quản", issuer.governing_body),
            ("tên cơ quan ban hành viết đầy đủ", issuer.name),
            ("địa danh", issuer.place),
            ("dòng lưu của Nơi nhận", issuer.filing),
        )
        if not value
    ]
    if missing:
        items.append(
            f"Cơ quan ban hành (khóa issuer của tệp tỉnh): chưa ghi {', '.join(missing)}; báo cáo "
            "dùng tên cơ quan theo dõi, tên tỉnh hoặc để trống (…)."
        )
    if not issuer.confirmed:
        items.append("Cơ quan ban hành (khóa issuer của tệp tỉnh): thông tin chưa được xác nhận.")
    if not report.addressees:
        items.append("Báo cáo (khóa report của tệp tỉnh): chưa ghi nơi gửi (Kính gửi).")
    if not report.distribution:
        items.append("Báo cáo (khóa report của tệp tỉnh): chưa ghi Nơi nhận.")
    if report.signature is None or report.signature.name is None:
        items.append("Báo cáo (khóa report của tệp tỉnh): chưa có người ký hoặc họ tên người ký.")
    if not report.confirmed:
        items.append("Báo cáo (khóa report của tệp tỉnh): thông tin chưa được xác nhận.")
    if not province.reporting.confirmed:
        items.append("Quy định chốt số liệu của tỉnh (khóa reporting) chưa được xác nhận.")
    if not province.ranking.confirmed:
        items.append(
            f"Cách xếp hạng (khóa ranking): xếp theo {RANKING_WORDS[province.ranking.by]}, "
            "chưa được xác nhận."
        )
    items.extend(
        f"Cơ quan {s.agency.name} ({s.agency.code}) chưa tổng hợp được: {s.outcome.error}."
        for s in rollup.failed
    )
    return items


def check_signing(
    province: Province, period: Period, year: int, signed_on: date | None
) -> list[str]:
    """A report is signed after its cut-off; signed after its deadline it is late."""
    if signed_on is None:
        return []
    end = province.reporting.window_rule.window(period, year)[1]
    title = period_title(period, year)
    if signed_on < end:
        raise UsageProblem(
            f"ngày ký {format_date(signed_on)} trước ngày chốt số liệu {format_date(end)} của kỳ "
            f"{title}: báo cáo chỉ ký được sau khi chốt số liệu"
        )
    due = report_deadline(province.reporting, period, year, WorkCalendar())
    if signed_on > due:
        return [
            f"báo cáo tổng hợp {title} ký ngày {format_date(signed_on)}, sau hạn gửi "
            f"{format_date(due)}: báo cáo muộn"
        ]
    return []


_QUOTED_PATH = re.compile(r"\s*'(?:/|[A-Za-z]:\\)[^']*'")
_BARE_PATH = re.compile(r"(?<![\w:/])/(?:[^\s/:]+/)+[^\s:]*")


def public_error(error: str | None) -> str:
    """Why an agency was not rolled up, as a document going to the province says it: without the
    folders of the machine that made the roll-up ("không tìm thấy thư mục kế hoạch '/srv/…'"
    → "không tìm thấy thư mục kế hoạch"); ``parplan rollup`` says where."""
    if not error:
        return "không có kế hoạch"
    return _BARE_PATH.sub("…", _QUOTED_PATH.sub("", error)).strip()


def public_source(agency: Agency, revision: str | None) -> str:
    """Where an agency's plan was read, as the province file writes it (a git address with its
    branch and folder, or the folder as written, never the machine's own path)."""
    source = agency.plans
    if source.git is not None:
        ref = f"@{source.ref}" if source.ref else ""
        said = f"{source.git}{ref}:{source.path}"
        return f"{said}, phiên bản {revision[:12]}" if revision else said
    return f"thư mục {source.folder}"
