"""Reports: golden Markdown and HTML, the Word file read back, the NĐ 30 header, bad options."""

from __future__ import annotations

import io
import json
import os
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from parplan.docx_templates import build_checklist_template, build_report_template
from parplan.loading import load_plan
from parplan.periods import Period
from parplan.report import build_report, document_date_line, document_number, render_report
from parplan.template_rendering import templates_dir

from .conftest import FIXTURES, SHIPPED_PLANS, RunCli

PROGRESS = FIXTURES / "progress-2022"
GOLDEN = Path(__file__).parent / "golden"
SIGNED = ("--number", "45", "--date", "16/09/2022")


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("PARPLAN_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} changed: PARPLAN_UPDATE_GOLDEN=1 to accept"
    )


@pytest.mark.parametrize("output_format", ["md", "html"])
def test_golden_reports(run_cli: RunCli, output_format: str) -> None:
    result = run_cli(
        "report",
        "--quarter",
        "III",
        "--plans",
        str(PROGRESS),
        "--format",
        output_format,
        "--output",
        "-",
        *SIGNED,
    )
    assert result.exit_code == 0, result
    _golden(f"report-q3.{output_format}", result.stdout)


def test_report_content_for_the_period() -> None:
    plan = load_plan(PROGRESS)
    report = build_report(plan, Period.Q3, number="45", signed_on=date(2022, 9, 16))
    assert (report.window_start, report.window_end) == ("15/06/2022", "14/09/2022")
    assert report.header.number_line == "Số: 45/BC-VP"
    assert report.header.date_line == "…, ngày 16 tháng 9 năm 2022"
    assert not report.header.draft
    assert report.title == "Kết quả thực hiện Kế hoạch thử quý III năm 2022"
    totals = report.totals
    # The tables count every occurrence as it stood on 14/09: A, G@Q2 on time; B late; D overdue;
    # E continuous; C and I (extended to 31/10) in progress; F, G@Q3, G@Q4 and H (done only
    # after the cut-off, never said to be started) not yet due.
    assert (
        totals.total, totals.done_on_time, totals.done_late, totals.overdue,
        totals.in_progress, totals.not_due, totals.continuous,
    ) == (11, 2, 1, 1, 2, 4, 1)  # fmt: skip
    # The summary speaks of the work due by the cut-off (A, B, D, G@Q2) and, apart, the duty E.
    assert (report.due, report.completion_percent, report.target_percent) == (4, 75.0, 100.0)
    text = render_report(plan, report, "md").decode("utf-8")
    assert "Đến ngày 14/09/2022, có 4 việc đến hạn hoặc đã hoàn thành, trong đó" in text
    assert (
        "Kết quả: hoàn thành 3/4 việc đến hạn đến ngày 14/09/2022 (75%); cả năm 3/10 việc có "
        "thời hạn (30%). Ngoài ra có 1 việc thường xuyên (0 đã ghi kết quả đến ngày 14/09/2022), "
        "không tính vào tỷ lệ hoàn thành."
    ) in text
    assert "so với yêu cầu" not in text
    early = build_report(plan, Period.Q1)
    assert early.completion_percent is None
    assert (
        "Đến ngày 14/03/2022, chưa có việc nào đến hạn: 0 việc đang thực hiện trong hạn, 10 việc chưa đến hạn; cả năm 0/10 việc"
        in (render_report(plan, early, "md").decode("utf-8"))
    )
    assert [row.key for row in report.late_or_overdue] == ["D-CHUA-LAM", "B-QUA-HAN"]
    # Section I.2: by field, the work done in the period (A, B of field 1; G@Q2 of field 3).
    assert [(f.title, len(f.done), [r.key for r in f.rows]) for f in report.field_results] == [
        ("Lĩnh vực 1: Chỉ đạo, điều hành", 2, ["A-DUNG-HAN", "B-QUA-HAN", "E-THUONG-XUYEN", "I-GIA-HAN"]),
        ("Lĩnh vực 3: Cải cách TTHC", 1, ["C-DANG-LAM", "D-CHUA-LAM", "G-BAO-CAO@Q2"]),
    ]  # fmt: skip
    # Open at the cut-off and due by the end of quý IV, the overdue D first; not G@Q3, the
    # report of this quarter; the continuous duty E apart.
    assert [row.key for row in report.next_tasks] == [
        "D-CHUA-LAM",
        "C-DANG-LAM",
        "H-XONG-SAU-NGAY-XEM",
        "I-GIA-HAN",
        "G-BAO-CAO@Q4",
        "F-CHUA-DEN-HAN",
    ]
    assert [row.key for row in report.next_continuous] == ["E-THUONG-XUYEN"]
    assert (report.next_until, report.next_carried_over) == ("31/12/2022", [])
    assert report.next_period_title == "quý IV năm 2022"
    half = build_report(plan, Period.H1)
    assert (half.window_start, half.window_end) == ("15/12/2021", "14/06/2022")
    assert half.period_title == "6 tháng đầu năm 2022"
    assert build_report(plan, Period.Y).next_outside_plan


def _section(text: str, start: str, end: str) -> list[str]:
    """The lines of the Markdown between the heading ``start`` and the heading ``end``."""
    return text.split(f"\n{start}\n", 1)[1].split(f"\n{end}", 1)[0].strip().splitlines()


def test_each_note_is_said_in_the_section_its_kind_names() -> None:
    """The fixture's notes of quý III: results in I.2 under their field, shortcomings in II.1
    after what the figures state, causes in II.2, proposals in IV; the note without a kind in no
    section, on the draft's page only."""
    plan = load_plan(PROGRESS)
    signed = render_report(
        plan, build_report(plan, Period.Q3, number="45", signed_on=date(2022, 9, 16)), "md"
    ).decode("utf-8")
    assert _section(signed, "#### 2.1. Lĩnh vực 1: Chỉ đạo, điều hành", "|")[-1] == (
        "- Xong trước hạn: Các phòng đã triển khai theo Công văn số 01/VP-HCTC."
    )
    assert _section(signed, "#### 2.2. Lĩnh vực 3: Cải cách TTHC", "|")[-1] == (
        "- Báo cáo định kỳ (quý II): Báo cáo quý II gửi UBND tỉnh và Sở Nội vụ đúng hạn."
    )
    assert _section(signed, "### 1. Tồn tại, hạn chế", "### 2. Nguyên nhân") == [
        "- Chưa làm, đã quá hạn; chủ trì: Phòng Kiểm soát thủ tục hành chính; hạn 31/08/2022; "
        "chưa hoàn thành, quá hạn 14 ngày.",
        "- Xong sau hạn; chủ trì: Phòng Hành chính - Tổ chức; hạn 30/06/2022; hoàn thành chậm "
        "10 ngày.",
        "- Đang làm, sắp đến hạn: Chờ ý kiến các phòng.",
        "- Được gia hạn: Có nguy cơ không hoàn thành đúng hạn 31/08/2022.",
    ]
    assert _section(signed, "### 2. Nguyên nhân", "## III.") == [
        "- Xong sau hạn: Các phòng gửi ý kiến góp ý chậm.",
        "- Được gia hạn: Chưa có hướng dẫn của Bộ Nội vụ.",
    ]
    assert _section(signed, "## IV. KIẾN NGHỊ, ĐỀ XUẤT", "Trên đây là báo cáo") == [
        "- Đề nghị Sở Nội vụ ban hành mẫu báo cáo thống nhất.",
        "- Đề nghị Sở Nội vụ sớm có hướng dẫn để hoàn thành nhiệm vụ.",
    ]
    assert (
        "Trên đây là báo cáo kết quả thực hiện Kế hoạch thử quý III năm 2022 của Văn phòng UBND "
        "tỉnh./."
    ) in signed.splitlines()
    internal = "Đã nhắc phòng Kiểm soát thủ tục hành chính qua điện thoại"
    assert internal not in signed and "NỘI DUNG CẦN XÁC NHẬN" not in signed
    draft = render_report(plan, build_report(plan, Period.Q3), "md").decode("utf-8")
    body, page = draft.split("## NỘI DUNG CẦN XÁC NHẬN TRƯỚC KHI KÝ", 1)
    assert internal not in body
    assert (
        "- Ghi chú chưa phân loại nên không in vào báo cáo: Được gia hạn (I-GIA-HAN), ngày "
        f"01/07/2022: “{internal}”. Phân loại bằng lệnh 'parplan update I-GIA-HAN "
        "--classify-note', với nội dung ghi chú và loại (result, shortcoming, cause, proposal)."
    ) in page.splitlines()


@pytest.mark.parametrize(
    ("stated", "causes", "expected", "on_the_page"),
    [
        (True, False, "Chưa xác định được nguyên nhân của các tồn tại, hạn chế nêu trên.", True),
        (False, False, "Không có.", False),
        (True, True, "- Được gia hạn: Chưa có hướng dẫn của Bộ Nội vụ.", False),
    ],
)
def test_the_causes_say_what_is_known_of_them(
    tmp_path: Path, stated: bool, causes: bool, expected: str, on_the_page: bool
) -> None:
    """II.2 without a cause: "Không có." when II.1 names nothing, else that the causes are not
    yet known, which a draft's page also says."""
    folder = tmp_path / "progress"
    shutil.copytree(PROGRESS, folder)
    path = folder / "tien-do.yaml"
    text = path.read_text(encoding="utf-8")
    if not causes:
        text = text.replace("kind: cause", "kind: result")
    if not stated:  # nothing late or overdue, no shortcoming noted
        text = text.replace("kind: shortcoming", "kind: result")
        text = text.replace("done_on: 10/07/2022", "done_on: 20/06/2022")
        text = text.replace(
            "deadline: 31/08/2022\n    output: Văn bản D",
            "deadline: 31/12/2022\n    output: Văn bản D",
        )
    path.write_text(text, encoding="utf-8")
    plan = load_plan(folder)
    report = build_report(plan, Period.Q3)
    assert bool(report.late_statements or report.shortcomings) is stated
    markdown = render_report(plan, report, "md").decode("utf-8")
    assert _section(markdown, "### 2. Nguyên nhân", "## III.")[-1] == expected
    page = [item for item in report.to_confirm if item.startswith("Mục II.2 (Nguyên nhân)")]
    assert bool(page) is on_the_page
    if not stated:
        assert _section(markdown, "### 1. Tồn tại, hạn chế", "### 2. Nguyên nhân") == [
            "Các nhiệm vụ đến hạn trong kỳ đều hoàn thành đúng thời hạn; không có tồn tại, hạn chế."
        ]


def test_document_number_and_date_follow_decree_30() -> None:
    assert document_number(None, "BC-VP") == "Số: …/BC-VP"
    assert document_number("5", "BC-VP") == "Số: 05/BC-VP"
    assert document_number("123", "BC-VP") == "Số: 123/BC-VP"
    assert document_date_line(None, None, 2022) == "…, ngày …… tháng …… năm 2022"
    assert (
        document_date_line("Hà Giang", date(2023, 1, 5), 2023)
        == "Hà Giang, ngày 05 tháng 01 năm 2023"
    )
    assert (
        document_date_line("Hà Giang", date(2022, 12, 9), 2022)
        == "Hà Giang, ngày 09 tháng 12 năm 2022"
    )


def _docx(run_cli: RunCli, tmp_path: Path, *args: str) -> object:
    target = tmp_path / "bao-cao.docx"
    result = run_cli(
        "report", "--quarter", "3", "--plans", str(PROGRESS), "--output", str(target), *args
    )
    assert result.exit_code == 0, result
    assert "Đã ghi báo cáo quý III năm 2022" in result.stdout
    return Document(str(target))


def test_docx_reads_back_with_the_decree_30_layout(run_cli: RunCli, tmp_path: Path) -> None:
    document = _docx(run_cli, tmp_path, *SIGNED)
    section = document.sections[0]  # type: ignore[attr-defined]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [
        round(m.mm)
        for m in (
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
    ] == [20, 20, 30, 15]
    assert section.different_first_page_header_footer  # no page number on page 1
    assert 'instr="PAGE"' in section.header._element.xml
    header = document.tables[0]  # type: ignore[attr-defined]
    left = [p.text for p in header.cell(0, 0).paragraphs if p.text]
    right = [p.text for p in header.cell(0, 1).paragraphs if p.text]
    # No office settings and an issuer with no governing body: the issuer alone; below it the
    # number, on the line of the place and date.
    assert left == ["VĂN PHÒNG UBND TỈNH"]
    assert right == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert [cell.text for cell in header.rows[1].cells] == [
        "Số: 45/BC-VP",
        "…, ngày 16 tháng 9 năm 2022",
    ]
    assert header.cell(1, 1).paragraphs[0].runs[0].italic
    texts = [p.text for p in document.paragraphs]  # type: ignore[attr-defined]
    assert not [text for text in texts if text.startswith("DỰ THẢO")]
    assert texts[texts.index("BÁO CÁO") + 1] == "Kết quả thực hiện Kế hoạch thử quý III năm 2022"
    headings = [
        "I. KẾT QUẢ THỰC HIỆN", "1. Đánh giá chung", "2. Kết quả theo từng lĩnh vực Chỉ số CCHC",
        "2.1. Lĩnh vực 1: Chỉ đạo, điều hành", "2.2. Lĩnh vực 3: Cải cách TTHC",
        "3. Công việc liên quan đến Chỉ số SIPAS", "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
        "1. Tồn tại, hạn chế", "2. Nguyên nhân", "III. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ IV NĂM 2022",
        "IV. KIẾN NGHỊ, ĐỀ XUẤT",
    ]  # fmt: skip
    assert [text for text in texts if text in headings] == headings  # the outline, in order
    fields = document.tables[1]  # type: ignore[attr-defined]
    assert [c.text for c in fields.rows[0].cells][:2] == ["Lĩnh vực", "Số việc"]
    totals = ["Tổng cộng", "11", "2", "1", "1", "2", "4", "1"]
    assert [c.text for c in fields.rows[-1].cells] == totals
    first_field = document.tables[3]  # type: ignore[attr-defined]
    assert [c.text for c in first_field.rows[0].cells] == [
        "STT", "Nhiệm vụ", "Chủ trì", "Hạn", "Tình trạng",
    ]  # fmt: skip
    assert [c.text for c in first_field.rows[2].cells] == [
        "2", "Xong sau hạn", "Phòng Hành chính - Tổ chức", "30/06/2022",
        "hoàn thành quá hạn (10 ngày)",
    ]  # fmt: skip
    closing = next(t for t in document.tables if t.cell(0, 0).paragraphs[0].text == "Nơi nhận:")  # type: ignore[attr-defined]
    # No report settings: Nơi nhận is the filing line alone ("Lưu: VT.").
    assert [p.text for p in closing.cell(0, 0).paragraphs] == ["Nơi nhận:", "- Lưu: VT."]
    signature = [p.text for p in closing.cell(0, 1).paragraphs if p.text]
    assert signature == ["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "Lê Thị Thanh Thủy"]
    appendix = document.sections[1]  # type: ignore[attr-defined]
    assert appendix.page_width > appendix.page_height  # landscape
    rows = document.tables[-1].rows  # type: ignore[attr-defined]
    assert rows[0].cells[1].text == "Nhiệm vụ" and len(rows) == 1 + 11
    xml = document.element.xml  # type: ignore[attr-defined]
    assert "{{" not in xml and "{%" not in xml


def test_shipped_plan_report_has_recipients_and_draft_marks(
    run_cli: RunCli, tmp_path: Path
) -> None:
    target = tmp_path / "q3.docx"
    result = run_cli(
        "report", "--quarter", "III", "--plans", str(SHIPPED_PLANS), "--output", str(target)
    )
    assert result.exit_code == 0, result
    document = Document(str(target))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "DỰ THẢO (chưa có số và chưa có ngày ký)"
    header = document.tables[0]
    assert [p.text for p in header.cell(0, 0).paragraphs if p.text] == ["UBND TỈNH …", "VĂN PHÒNG"]
    assert [cell.text for cell in header.rows[1].cells] == [
        "Số: …/BC-VP", "…, ngày …… tháng …… năm 2022",
    ]  # fmt: skip
    kinh_gui = texts.index("Kính gửi:")
    assert texts[kinh_gui + 1 : kinh_gui + 3] == ["- UBND tỉnh;", "- Sở Nội vụ."]
    closing = next(t for t in document.tables if t.cell(0, 0).paragraphs[0].text == "Nơi nhận:")
    assert [p.text for p in closing.cell(0, 0).paragraphs][1:] == [
        "- UBND tỉnh (b/c);", "- Sở Nội vụ;", "- CVP, các PCVP;", "- Các phòng, đơn vị thuộc VP;",
        "- Lưu: VT, HCTC.",
    ]  # fmt: skip


@pytest.mark.parametrize("period", [Period.Q3, Period.H1, Period.M9, Period.Y])
def test_the_shipped_plans_reports_have_all_four_sections(period: Period) -> None:
    plan = load_plan(SHIPPED_PLANS)
    text = render_report(plan, build_report(plan, period), "md").decode("utf-8")
    sections = [line for line in text.splitlines() if line.startswith("## ")]
    assert [line.split(" ", 2)[1] for line in sections[:4]] == ["I.", "II.", "III.", "IV."]
    assert sections[1:2] == ["## II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN"]
    assert sections[3:4] == ["## IV. KIẾN NGHỊ, ĐỀ XUẤT"]


def test_plan_text_is_data_in_every_format(
    run_cli: RunCli, minimal_plan: Path, tmp_path: Path
) -> None:
    path = minimal_plan / "phu-luc.yaml"
    title = "Tiêu đề {{ 7 * 7 }} <script>alert(1)</script> | a & b"
    path.write_text(
        path.read_text(encoding="utf-8").replace("title: Nhiệm vụ một lần", f"title: '{title}'"),
        encoding="utf-8",
    )
    args = ("report", "--annual", "--plans", str(minimal_plan))
    html = run_cli(*args, "--format", "html", "--output", "-").stdout
    assert "Tiêu đề {{ 7 * 7 }} &lt;script&gt;alert(1)&lt;/script&gt; | a &amp; b" in html
    assert "<script>" not in html
    markdown = run_cli(*args, "--format", "md").stdout
    assert "Tiêu đề {{ 7 \\* 7 }} &lt;script>alert(1)&lt;/script> \\| a & b" in markdown
    target = tmp_path / "r.docx"
    assert run_cli(*args, "--output", str(target)).exit_code == 0
    cells = [
        cell.text
        for table in Document(str(target)).tables
        for row in table.rows
        for cell in row.cells
    ]
    assert f"{title} " not in cells and any(cell == title for cell in cells)


def test_office_template_runs_in_the_sandbox(run_cli: RunCli, minimal_plan: Path) -> None:
    (minimal_plan / "templates").mkdir()
    (minimal_plan / "templates" / "report.md.j2").write_text(
        "{{ report.__class__.__init__.__globals__ }}\n", encoding="utf-8"
    )
    result = run_cli("report", "--annual", "--plans", str(minimal_plan), "--format", "md")
    assert result.exit_code == 1  # a template fault: TemplateProblem
    assert "không được phép" in result.stderr or "biến không có" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--quarter", "V"), "quý 'V' không có"),
        (("--quarter", "5"), "quý '5' không có"),
        (("--quarter", "III", "--annual"), "chỉ chọn một kỳ báo cáo"),
        ((), "chọn kỳ báo cáo"),
        (("--half", "3"), "nửa năm '3' không có"),
        (("--annual", "--year", "2021"), "không có kế hoạch năm 2021"),
        (("--annual", "--format", "pdf"), "chọn một trong: docx, html, md"),
        (("--annual", "--date", "31/02/2022"), "ngày không hợp lệ cho '--date'"),
        (("--annual", "--output", "-"), "tệp Word không in ra màn hình"),
        (
            ("--annual", "--output", "/no/such/folder/r.docx"),
            "thư mục '/no/such/folder' không tồn tại",
        ),
    ],
)
def test_bad_report_options_exit_2(run_cli: RunCli, args: tuple[str, ...], message: str) -> None:
    result = run_cli("report", *args, "--plans", str(PROGRESS))
    assert result.exit_code == 2, result
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_report_never_overwrites_a_plan_file(run_cli: RunCli, minimal_plan: Path) -> None:
    before = (minimal_plan / "phu-luc.yaml").read_bytes()
    for target in (minimal_plan / "phu-luc.yaml", minimal_plan / "bao-cao.docx"):
        result = run_cli(
            "report", "--annual", "--plans", str(minimal_plan), "--output", str(target)
        )
        assert result.exit_code == 2, result
    assert (minimal_plan / "phu-luc.yaml").read_bytes() == before
    assert not (minimal_plan / "bao-cao.docx").exists()


def test_default_output_name(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli(
        "report", "--half", "1", "--plans", str(PROGRESS), "--format", "html", cwd=tmp_path
    )
    assert result.exit_code == 0, result
    assert (tmp_path / "bao-cao-6-thang-dau-nam-2022.html").is_file()


def test_checklists_render_to_docx_and_html(run_cli: RunCli, tmp_path: Path) -> None:
    for output_format in ("docx", "html"):
        result = run_cli(
            "checklist", "--plans", str(PROGRESS), "--all", "--out", str(tmp_path), "--format", output_format,
            "--as-of", "2022-09-30",
        )  # fmt: skip
        assert result.exit_code == 0, result
    document = Document(str(tmp_path / "HCTC.docx"))
    assert document.paragraphs[0].text == "DANH SÁCH VIỆC: PHÒNG HÀNH CHÍNH - TỔ CHỨC (HCTC)"
    leads = document.tables[0]
    assert [c.text for c in leads.rows[1].cells][:3] == [
        "☑",
        "G-BAO-CAO@Q2",
        "Báo cáo định kỳ (quý II). Chỉ số, tiêu chí: PAR 3 Cải cách TTHC",
    ]
    html = (tmp_path / "KSTTHC.html").read_text(encoding="utf-8")
    assert (
        "<td>D-CHUA-LAM</td>" in html
        and 'class="overdue">quá hạn chưa hoàn thành (30 ngày)' in html
    )


@pytest.mark.parametrize(
    ("name", "builder"),
    [("report.docx", build_report_template), ("checklist.docx", build_checklist_template)],
)
def test_committed_word_templates_are_what_the_builder_makes(name: str, builder: object) -> None:
    buffer = io.BytesIO()
    builder().save(buffer)  # type: ignore[operator]
    built = zipfile.ZipFile(buffer)
    committed = zipfile.ZipFile(templates_dir() / name)
    assert sorted(built.namelist()) == sorted(committed.namelist())
    for part in built.namelist():
        if part.endswith(".xml") and not part.startswith("docProps/"):
            assert built.read(part) == committed.read(part), (
                f"{name}:{part} is stale: run 'make docx-templates'"
            )


@pytest.mark.parametrize(
    ("option", "text", "expected"),
    [
        ("--quarter", "III", "quý III năm 2022"),
        ("--quarter", "Q3", "quý III năm 2022"),
        ("--quarter", "quý III", "quý III năm 2022"),
        ("--half", "1", "6 tháng đầu năm 2022"),
        ("--half", "H1", "6 tháng đầu năm 2022"),
    ],
)
def test_report_periods_are_read_as_update_reads_them(
    run_cli: RunCli, option: str, text: str, expected: str
) -> None:
    result = run_cli("report", option, text, "--plans", str(SHIPPED_PLANS), "--format", "md")
    assert result.exit_code == 0, result
    assert expected.lower() in result.stdout.lower()


# --- Format 2: targets, parts, several leads, funding, months -----------------------------------


@pytest.mark.parametrize(
    ("option", "cutoff"),
    [(("--quarter", "III"), "2022-09-14"), (("--annual",), "2022-12-14"), (("--month", "9"), "2022-09-14")],
)  # fmt: skip
def test_report_targets_are_the_status_at_the_cutoff(
    run_cli: RunCli, tmp_path: Path, option: tuple[str, ...], cutoff: str
) -> None:
    from .test_status import targets_plan

    plans = targets_plan(tmp_path)
    status = json.loads(
        run_cli("status", "--plans", str(plans), "--as-of", cutoff, "--format", "json").stdout
    )
    plan = load_plan(plans)
    period = {"--quarter": Period.Q3, "--annual": Period.Y, "--month": Period.T9}[option[0]]
    report = build_report(plan, period)
    assert report.window_end == date.fromisoformat(cutoff).strftime("%d/%m/%Y")
    assert [(row.verdict_value, row.text) for row in report.targets] == [
        (target["verdict"], target["text"]) for target in status["targets"]
    ]
    headline = status["headline"]
    assert (report.due, report.completion_percent) == (headline["due"], headline["percent_of_due"])
    markdown = run_cli("report", *option, "--plans", str(plans), "--format", "md").stdout
    section = markdown.split("### 1. Đánh giá chung", 1)[1].split("### 2.", 1)[0]
    for row in report.targets:
        assert (
            f"| {row.number} | {row.target} | {row.baseline} | {row.result} | {row.verdict} |"
            in (section.replace("\\|", "|"))
        )


def test_report_targets_section_and_appendix_in_every_format(
    run_cli: RunCli, tmp_path: Path
) -> None:
    from .test_status import targets_plan

    plans = targets_plan(tmp_path)
    report = build_report(load_plan(plans), Period.Y)
    rows = {row.target: (row.baseline, row.result, row.verdict) for row in report.targets}
    assert rows["SIPAS tăng tối thiểu 2 bậc"] == (
        "năm 2021: 80,5%, xếp thứ 31/63", "năm 2022: xếp thứ 28/63 (tăng 3 bậc)", "đạt",
    )  # fmt: skip
    assert rows["PAR Index đạt từ 85% trở lên"] == (
        "năm 2021: 87,11%, xếp thứ 23/63, nhóm B", "chưa có kết quả", "chưa có kết quả",
    )  # fmt: skip
    assert rows["Hoàn thành 100% nhiệm vụ."] == (
        "không áp dụng", "80% (4/5 việc đến hạn đến ngày 14/12/2022)", "chưa đạt",
    )  # fmt: skip
    appendix = {row.key: row for row in report.appendix_rows}
    assert appendix["T-3"].lead == "Phòng Hành chính - Tổ chức; Phòng Kiểm soát thủ tục hành chính"
    assert appendix["T-3"].criteria == "PAR 1 Chỉ đạo, điều hành; SIPAS 2 Thủ tục hành chính"
    assert appendix["T-3"].funding == "Ngân sách tỉnh: 150.000.000 đồng; Nguồn chi thường xuyên"
    assert appendix["T-4-2"].parent == "T-4: Nhiệm vụ có hai phần việc"
    assert appendix["T-1"].parent == "" and appendix["T-1"].funding == ""
    html = run_cli(
        "report", "--annual", "--plans", str(plans), "--format", "html", "-O", "-"
    ).stdout
    assert '<th scope="col">Chỉ số, tiêu chí</th>' in html
    assert (
        '<td class="text">năm 2022: xếp thứ 28/63 (tăng 3 bậc)</td><td class="text">đạt</td>'
        in html
    )
    assert "Phần việc thứ hai (phần việc của nhiệm vụ Nhiệm vụ có hai phần việc)" in html
    assert "T-4: Nhiệm vụ có hai phần việc" not in html  # the body names no id; the appendix
    assert '<td class="text">T-4-2</td></tr>' in html  # names it in its last column
    assert "Kinh phí: Ngân sách tỉnh: 150.000.000 đồng; Nguồn chi thường xuyên" in html
    target = tmp_path / "nam.docx"
    assert run_cli("report", "--annual", "--plans", str(plans), "-O", str(target)).exit_code == 0
    document = Document(str(target))
    tables = [
        [[cell.text for cell in row.cells] for row in table.rows] for table in document.tables
    ]
    targets_table = next(t for t in tables if t[0][:2] == ["STT", "Chỉ tiêu"])
    assert targets_table[0][2:4] == ["Kết quả năm 2021", "Kết quả đến ngày 14/12/2022"]
    assert targets_table[4] == [
        "4", "SIPAS tăng tối thiểu 2 bậc", "năm 2021: 80,5%, xếp thứ 31/63",
        "năm 2022: xếp thứ 28/63 (tăng 3 bậc)", "đạt",
    ]  # fmt: skip
    appendix_table = tables[-1]
    assert appendix_table[0][3] == "Chỉ số, tiêu chí"
    part = next(row for row in appendix_table if row[1].startswith("Phần việc thứ hai"))
    assert part[1] == (
        "Phần việc thứ hai (phần việc của nhiệm vụ Nhiệm vụ có hai phần việc). "
        "Kinh phí: Ngân sách tỉnh: 20.000.000 đồng"
    )
    assert (part[3], part[-1]) == ("PAR 3 Cải cách TTHC", "T-4-2")


def test_month_reports(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli(
        "report", "--month", "T9", "--plans", str(PROGRESS), "--format", "html", cwd=tmp_path
    )
    assert result.exit_code == 0, result
    html = (tmp_path / "bao-cao-thang-9-2022.html").read_text(encoding="utf-8")
    assert "Kết quả thực hiện Kế hoạch thử tháng 9 năm 2022" in html
    assert "(số liệu từ ngày 15/08/2022 đến ngày 14/09/2022)" in html
    assert "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THÁNG 10 NĂM 2022" in html
    december = build_report(load_plan(PROGRESS), Period.T12)
    assert december.next_outside_plan and december.next_period_title == "tháng 1 năm 2023"
    for text in ("3", "03", "T3", "tháng 3", "Tháng 03"):
        markdown = run_cli("report", "--month", text, "--plans", str(PROGRESS), "--format", "md")
        assert "tháng 3 năm 2022" in markdown.stdout, text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--month", "13"), "tháng '13' không có"),
        (("--month", "0"), "tháng '0' không có"),
        (("--month", "quý III"), "tháng 'quý III' không có"),
        (("--month", "3", "--quarter", "I"), "không cùng lúc --month và --quarter"),
    ],
)
def test_bad_month_options_exit_2(run_cli: RunCli, args: tuple[str, ...], message: str) -> None:
    result = run_cli("report", *args, "--plans", str(PROGRESS), "--format", "md")
    assert result.exit_code == 2, result
    assert message in result.stderr
