"""The province's báo cáo tổng hợp (md, html, docx) and site, read from the roll-up."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from parplan import loading
from parplan.docx_rollup import build_rollup_report_template
from parplan.errors import UsageProblem
from parplan.findings import Finding
from parplan.model_document import Signature
from parplan.model_province import Agency, PlanSource, Province
from parplan.model_settings import OfficeSettings, ReportSettings
from parplan.periods import Period
from parplan.rollup import AgencyOutcome, Rollup, roll_up
from parplan.rollup_report import (
    agency_row,
    at_cutoff,
    default_rollup_report_name,
    render_rollup_report,
    rollup_report_data,
)
from parplan.site_rollup import AGENCIES, build_province_site
from parplan.status import plan_status
from parplan.template_loader import templates_dir
from parplan.template_rendering import render_template

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
AS_OF = date(2022, 10, 1)
CUTOFF = date(2022, 9, 14)
"""The data cut-off of quý III 2022 under the default reporting rule."""
AGENCY_SPECS = [
    ("VP", "Văn phòng UBND tỉnh", "văn phòng", ROOT / "plans"),
    ("SNV", "Sở Nội vụ", "sở", FIXTURES / "progress-2022"),
    ("STTTT", "Sở Thông tin và Truyền thông", "sở", FIXTURES / "parts-2022"),
    ("UBND-VL", "UBND huyện Văn Lãng", "ủy ban nhân dân", FIXTURES / "scores-2022"),
]
FAILED_ERROR = "kế hoạch có 1 lỗi: plans/2022/ke-hoach.yaml:3:1: thiếu khóa tasks (nhiệm vụ)"


def _province(**settings: Any) -> Province:
    agencies = [
        Agency(code=code, name=name, kind=kind, plans=PlanSource(folder=str(folder)))
        for code, name, kind, folder in AGENCY_SPECS
    ]
    agencies.append(
        Agency(code="SXD", name="Sở Xây dựng", kind="sở", plans=PlanSource(git="https://x/sxd"))
    )
    return Province(name="Tỉnh Lạng Sơn", office="Sở Nội vụ", agencies=agencies, **settings)


@pytest.fixture(scope="module")
def outcomes() -> list[AgencyOutcome]:
    province = _province()
    made = [
        AgencyOutcome(agency, source=str(folder), plan=loading.load_plan(folder, as_of=AS_OF))
        for agency, (*_, folder) in zip(province.agencies, AGENCY_SPECS, strict=False)
    ]
    finding = Finding(
        Path("plans/2022/ke-hoach.yaml"), "schema", "thiếu khóa tasks (nhiệm vụ)", line=3
    )
    made.append(
        AgencyOutcome(
            province.agencies[-1],
            source="https://x/sxd@main:plans",
            error=FAILED_ERROR,
            findings=(finding,),
        )
    )
    return made


def _rollup(outcomes: list[AgencyOutcome], *, day: date = AS_OF, **settings: Any) -> Rollup:
    province = _province(**settings)
    return roll_up(province, [AgencyOutcome(a, o.source, o.plan, o.revision, o.error, o.findings)
                              for a, o in zip(province.agencies, outcomes, strict=True)], day)  # fmt: skip


SIGNED: dict[str, Any] = {
    "issuer": OfficeSettings(
        governing_body="UBND TỈNH LẠNG SƠN", name="Sở Nội vụ", code="SNV", place="Lạng Sơn",
        filing="VT, CCHC", confirmed=True,
    ),
    "report": ReportSettings(
        addressees=["Ủy ban nhân dân tỉnh"], distribution=["UBND tỉnh (b/c)"],
        signature=Signature(title="GIÁM ĐỐC", name="Nguyễn Văn A"), confirmed=True,
    ),
}  # fmt: skip


# --- the report's data ---------------------------------------------------------------------------


def test_every_row_is_the_agencys_figures_at_the_cutoff(outcomes: list[AgencyOutcome]) -> None:
    rollup = _rollup(outcomes)
    data = rollup_report_data(rollup, Period.Q3)
    at_cut = roll_up(rollup.province, [s.outcome for s in rollup.standings], CUTOFF)
    rows = {row.code: row for group in data.groups for row in group.rows}
    assert sorted(rows) == ["SNV", "STTTT", "UBND-VL", "VP"]
    for standing in at_cut.ranked:
        assert standing.figures is not None
        assert rows[standing.agency.code] == agency_row(
            standing.rank, standing.agency.code, standing.agency.name, standing.figures
        )
        # The agency's own status at the cut-off says the same.
        plan = standing.outcome.plan
        assert plan is not None
        tally = plan_status(plan, CUTOFF).tally
        row = rows[standing.agency.code]
        assert (row.due, row.overdue, row.continuous) == (
            tally.due,
            tally.overdue,
            tally.continuous,
        )
    assert data.totals == agency_row(None, "", "Tổng cộng", at_cut.totals)
    assert data.totals.due == sum(row.due for row in rows.values())
    assert data.window_end == "14/09/2022"


def test_a_rollup_of_another_day_is_made_again_on_the_cutoff(
    outcomes: list[AgencyOutcome],
) -> None:
    late = _rollup(outcomes)
    on_cutoff = _rollup(outcomes, day=CUTOFF)
    assert at_cutoff(on_cutoff, Period.Q3, 2022) is on_cutoff
    again = at_cutoff(late, Period.Q3, 2022)
    assert again.as_of == CUTOFF
    assert again.totals == on_cutoff.totals
    assert late.totals != on_cutoff.totals  # the fixtures move between the two days


def test_the_report_groups_kinds_lists_overdue_and_failed(outcomes: list[AgencyOutcome]) -> None:
    data = rollup_report_data(_rollup(outcomes), Period.Q3)
    assert [group.title for group in data.groups] == ["Sở", "UBND cấp huyện", "Văn phòng"]
    for group in data.groups:
        ranks = [row.rank or 0 for row in group.rows]
        assert ranks == sorted(ranks)
    at_cut = at_cutoff(_rollup(outcomes), Period.Q3, 2022)
    overdue = {work.agency: len(work.lines) for work in data.overdue}
    assert overdue == {s.agency.name: len(s.overdue_work) for s in at_cut.ranked if s.overdue_work}
    assert data.failed == [{"name": "Sở Xây dựng", "code": "SXD", "error": FAILED_ERROR}]
    assert data.complete == [
        s.agency.name for s in at_cut.ranked if s.figures and s.figures.percent_of_due == 100
    ]
    assert data.next_period_title == "quý IV năm 2022"
    assert sum(row.open for row in data.next_rows) == len(data.appendix_rows)
    assert data.rolled_up == 4 and data.agencies == 5


def test_a_draft_says_what_to_confirm_and_a_signed_report_does_not(
    outcomes: list[AgencyOutcome],
) -> None:
    draft = rollup_report_data(_rollup(outcomes), Period.Q3)
    assert draft.header.draft and draft.header.number_line == "Số: …/BC"
    assert any("khóa report" in item for item in draft.to_confirm)
    assert any("Sở Xây dựng (SXD) chưa tổng hợp được" in item for item in draft.to_confirm)
    signed = rollup_report_data(
        _rollup(outcomes, **SIGNED), Period.Q3, number="45", signed_on=date(2022, 9, 15)
    )
    assert not signed.header.draft and signed.to_confirm == []
    assert signed.header.number_line == "Số: 45/BC-SNV"
    assert signed.header.date_line == "Lạng Sơn, ngày 15 tháng 9 năm 2022"
    assert signed.header.governing_body == "UBND TỈNH LẠNG SƠN"
    assert signed.signature_lines == ["GIÁM ĐỐC"] and signed.signature_name == "Nguyễn Văn A"
    assert any("Sở Xây dựng" in warning for warning in signed.warnings)
    assert any("xếp hạng" in warning.lower() for warning in signed.warnings)


def test_signing_before_the_cutoff_is_refused_and_after_the_deadline_is_late(
    outcomes: list[AgencyOutcome],
) -> None:
    rollup = _rollup(outcomes, **SIGNED)
    with pytest.raises(UsageProblem, match="trước ngày chốt số liệu 14/09/2022"):
        rollup_report_data(rollup, Period.Q3, number="45", signed_on=date(2022, 9, 10))
    late = rollup_report_data(rollup, Period.Q3, number="45", signed_on=date(2022, 9, 30))
    assert any("báo cáo muộn" in warning for warning in late.warnings)


def test_default_name() -> None:
    assert default_rollup_report_name(Period.Q3, 2022, "docx") == (
        "bao-cao-tong-hop-quy-III-2022.docx"
    )


# --- rendered --------------------------------------------------------------------------------------


def test_markdown_says_the_figures_by_kind_and_the_failed(outcomes: list[AgencyOutcome]) -> None:
    rollup = _rollup(outcomes)
    text = render_rollup_report(rollup, Period.Q3, "md").decode("utf-8")
    data = rollup_report_data(rollup, Period.Q3)
    assert text.startswith("> **DỰ THẢO**")
    assert "#### 2.1. Sở" in text and "#### 2.2. UBND cấp huyện" in text
    for group in data.groups:
        for row in group.rows:
            line = (
                f"| {row.rank} | {row.name} | {row.due} | {row.done_on_time} | {row.done_late} | "
                f"{row.overdue} | {row.continuous} | {row.percent_of_due} | {row.percent_on_time} |"
            )
            assert line in text
    assert f"- Sở Xây dựng: {FAILED_ERROR}." in text
    assert data.completion_text in text
    assert "NỘI DUNG CẦN XÁC NHẬN TRƯỚC KHI KÝ" in text
    assert "thuộc tỉnh Lạng Sơn" in text
    signed = render_rollup_report(
        _rollup(outcomes, **SIGNED), Period.Q3, "md", number="45", signed_on=date(2022, 9, 15)
    ).decode("utf-8")
    assert "DỰ THẢO" not in signed and "CẦN XÁC NHẬN" not in signed
    assert "**GIÁM ĐỐC**" in signed and "Nguyễn Văn A" in signed


class _Cells(HTMLParser):
    """The cells of every ``<tr data-agency=…>`` row of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, list[str]] = {}
        self.current: str | None = None
        self.cell: list[str] | None = None
        self.links: list[str] = []
        self.lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang")
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        if tag == "tr" and values.get("data-agency"):
            self.current = values["data-agency"]
            self.rows[self.current or ""] = []
        if tag in ("td", "th") and self.current is not None:
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None and self.current is not None:
            self.rows[self.current].append("".join(self.cell).strip())
            self.cell = None
        if tag == "tr":
            self.current = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def _cells(html: str) -> _Cells:
    parser = _Cells()
    parser.feed(html)
    return parser


def test_html_rows_are_the_figures(outcomes: list[AgencyOutcome]) -> None:
    rollup = _rollup(outcomes)
    html = render_rollup_report(rollup, Period.Q3, "html").decode("utf-8")
    data = rollup_report_data(rollup, Period.Q3)
    parsed = _cells(html)
    assert parsed.lang == "vi-VN"
    for group in data.groups:
        for row in group.rows:
            assert parsed.rows[row.code] == [
                str(row.rank), row.name, str(row.due), str(row.done_on_time),
                str(row.done_late), str(row.overdue), str(row.continuous), row.percent_of_due,
                row.percent_on_time,
            ]  # fmt: skip
    assert "Sở Xây dựng: " + escape(FAILED_ERROR) in html


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts.extend(" | ".join(cell.text for cell in row.cells) for row in table.rows)
    return "\n".join(parts)


def test_word_report_holds_the_figures_and_no_tags(outcomes: list[AgencyOutcome]) -> None:
    rollup = _rollup(outcomes)
    data = rollup_report_data(rollup, Period.Q3)
    text = _docx_text(render_rollup_report(rollup, Period.Q3, "docx"))
    assert "{{" not in text and "{%" not in text
    assert "BÁO CÁO" in text and data.title in text
    for group in data.groups:
        assert group.title in text
        for row in group.rows:
            assert (
                f"{row.rank} | {row.name} | {row.due} | {row.done_on_time} | {row.done_late} | "
                f"{row.overdue} | {row.continuous} | {row.percent_of_due} | {row.percent_on_time}"
            ) in text
    assert f"- Sở Xây dựng: {FAILED_ERROR}." in text
    assert "NỘI DUNG CẦN XÁC NHẬN TRƯỚC KHI KÝ" in text
    for line in data.appendix_rows[:3]:
        assert line.title in text
    signed = _docx_text(
        render_rollup_report(
            _rollup(outcomes, **SIGNED), Period.Q3, "docx", number="45",
            signed_on=date(2022, 9, 15),
        )
    )  # fmt: skip
    assert "CẦN XÁC NHẬN" not in signed and "DỰ THẢO" not in signed
    assert "Số: 45/BC-SNV" in signed and "Nguyễn Văn A" in signed


def test_committed_word_template_is_what_the_builder_makes() -> None:
    buffer = io.BytesIO()
    build_rollup_report_template().save(buffer)
    built = zipfile.ZipFile(buffer)
    committed = zipfile.ZipFile(templates_dir() / "rollup-report.docx")
    assert sorted(built.namelist()) == sorted(committed.namelist())
    for part in built.namelist():
        if part.endswith(".xml") and not part.startswith("docProps/"):
            assert built.read(part) == committed.read(part), (
                f"rollup-report.docx:{part} is stale: run 'make docx-templates'"
            )


def test_a_changed_template_is_compiled_again(tmp_path: Path) -> None:
    """Compiled templates are kept between renders, by their source: an office's edited
    template is read and compiled again."""
    (tmp_path / "t.md.j2").write_text("một {{ x }}", encoding="utf-8")
    assert render_template("t.md.j2", {"x": 1}, tmp_path) == "một 1"
    assert render_template("t.md.j2", {"x": 2}, tmp_path) == "một 2"
    (tmp_path / "t.md.j2").write_text("hai {{ x }}", encoding="utf-8")
    assert render_template("t.md.j2", {"x": 3}, tmp_path) == "hai 3"


# --- the site --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(outcomes: list[AgencyOutcome], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tinh") / "site"
    build_province_site(_rollup(outcomes), out, jobs=2)
    return out


def test_site_index_ranks_every_agency_with_its_figures(
    outcomes: list[AgencyOutcome], site: Path
) -> None:
    rollup = _rollup(outcomes)
    html = (site / "index.html").read_text(encoding="utf-8")
    parsed = _cells(html)
    assert parsed.lang == "vi-VN"
    assert list(parsed.rows) == [s.agency.code for s in rollup.ranked]
    for standing in rollup.ranked:
        figures = standing.figures
        assert figures is not None
        cells = parsed.rows[standing.agency.code]
        assert cells[0] == str(standing.rank) and cells[1] == standing.agency.name
        assert cells[3:8] == [
            str(figures.due), str(figures.done_on_time), str(figures.done_late),
            str(figures.overdue), str(figures.continuous),
        ]  # fmt: skip
    assert f'data-total="due">{rollup.totals.due}<' in html
    assert f'data-total="overdue">{rollup.totals.overdue}<' in html
    assert "<svg" in html and 'id="chart-agencies-title"' in html
    assert 'data-failed="SXD"' in html and escape(FAILED_ERROR) in html


def test_site_has_a_page_per_agency_linking_to_its_own_site(
    outcomes: list[AgencyOutcome], site: Path
) -> None:
    rollup = _rollup(outcomes)
    for standing in rollup.standings:
        page = site / AGENCIES / f"{standing.agency.code}.html"
        html = page.read_text(encoding="utf-8")
        parsed = _cells(html)
        assert parsed.lang == "vi-VN"
        for link in parsed.links:
            assert (page.parent / link).resolve().is_file(), f"{page.name}: {link}"
        if standing.status is None:
            assert escape(FAILED_ERROR) in html and "[schema]" in html
            assert not (site / AGENCIES / standing.agency.code).exists()
            continue
        assert f"{standing.agency.code}/index.html" in parsed.links
        assert html.count("data-overdue=") == len(standing.overdue_work)
        figures = standing.figures
        assert figures is not None
        assert f'data-figure="overdue">{figures.overdue}<' in html
        own = (site / AGENCIES / standing.agency.code / "index.html").read_text(encoding="utf-8")
        assert 'lang="vi-VN"' in own


def test_site_is_never_written_into_a_plan_folder(
    outcomes: list[AgencyOutcome], tmp_path: Path
) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    for path in (FIXTURES / "progress-2022").rglob("*"):
        target = folder / path.relative_to(FIXTURES / "progress-2022")
        if path.is_dir():
            target.mkdir(exist_ok=True)
        else:
            target.write_bytes(path.read_bytes())
    province = Province(
        name="Tỉnh Lạng Sơn",
        agencies=[Agency(code="SNV", name="Sở Nội vụ", kind="sở", plans=PlanSource(folder="x"))],
    )
    plan = loading.load_plan(folder, as_of=AS_OF)
    rollup = roll_up(province, [AgencyOutcome(province.agencies[0], str(folder), plan)], AS_OF)
    with pytest.raises(UsageProblem):
        build_province_site(rollup, folder / "site", jobs=1)
    assert not (folder / "site").exists()


def test_the_readmes_province_settings_are_a_valid_province_file() -> None:
    from ruamel.yaml import YAML

    from parplan.model_province import ProvinceFile

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The province's report and site\n", 1)[1].split("\n## ", 1)[0]
    found = re.search(r"```yaml\n(schema_version: 1\n.*?)```", section, re.DOTALL)
    assert found is not None
    text = found.group(1).replace(
        "  agencies: [...]",
        "  agencies:\n    - {code: SNV, name: Sở Nội vụ, kind: sở, plans: {folder: snv}}",
    )
    province = ProvinceFile.model_validate(YAML(typ="safe").load(text)).province
    rollup = roll_up(province, [AgencyOutcome(province.agencies[0], "snv")], CUTOFF)
    data = rollup_report_data(rollup, Period.Q3, number="45", signed_on=date(2022, 9, 15))
    assert data.header.number_line == "Số: 45/BC-SNV"
    assert data.signature_lines == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert data.distribution[-1] == "- Lưu: VT, CCHC."
