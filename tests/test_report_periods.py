"""The shipped plan with a year of progress, reported on for several periods.

A copy of ``plans/2022`` gets its progress through the command line, as an office records it
(``parplan update … --on DAY``): work done on time, work done late, work overdue, an extension,
evidence, a continuous duty's result, and notes of every kind (one left unclassified, one
classified afterwards with ``--classify-note``, one corrected with ``--fix-note``) on tasks and
occurrences of the shipped plan. Then the reports of 6 tháng đầu năm (``--half 1``), quý III,
9 tháng (``--nine-months``) and the year (``--annual``) must:

- have the four sections of a periodic report, in order (I. Kết quả thực hiện; II. Tồn tại, hạn
  chế và nguyên nhân; III. Phương hướng, nhiệm vụ …; IV. Kiến nghị, đề xuất);
- put each note where its kind says (result: I; shortcoming, cause: II; proposal: IV), and an
  unclassified note in no section (a draft's page of things to confirm lists it);
- never disagree with themselves: the summary sentence's counts, the completion rate, the tallies
  by field and by unit and their totals, the appendix (its rows and its status column), the
  tables of section I.2, the late statements of II.1 and ``parplan status --as-of <cut-off>``.

Which notes go in which report, and the state of every occurrence at each cut-off, are worked out
by hand below from the facts recorded (:data:`NOTES`, :data:`EXPECTED_STATE`), not by parplan.
The report data (:func:`parplan.report.build_report`) is checked for every period; the rendered
Markdown (every period) and Word document (quý III) are read back and checked the same way.
"""

from __future__ import annotations

import io
import json
import math
import re
import shutil
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from parplan.cli import app
from parplan.loading import load_plan
from parplan.periods import Period, occurrence_key
from parplan.report import ReportData, build_report
from parplan.status import plan_status

from .conftest import SHIPPED_PLANS

# --- what is recorded ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordedNote:
    key: str
    """The work, as listings name it (``GP-D-KSTTHC@H1``)."""
    kind: str | None
    """The kind the note ends up with; None: unclassified."""
    on: str
    text: str


H1_NOTES = (
    RecordedNote(
        "GP-D-KSTTHC@H1", "shortcoming", "10/06/2022",
        "Số liệu thống kê thủ tục hành chính của các sở gửi chậm",
    ),
    RecordedNote(
        "GP-D-KSTTHC@H1", "cause", "10/06/2022", "Các sở chưa có đầu mối tổng hợp số liệu"
    ),
    RecordedNote(
        "GP-D-KSTTHC@H1", "proposal", "10/06/2022",
        "Đề nghị Sở Nội vụ ban hành mẫu báo cáo thống nhất",
    ),
    RecordedNote("GP-D-CCHC@H1", None, "12/06/2022", "Gọi điện nhắc các phòng gửi số liệu"),
    RecordedNote(
        "GP-D-CCHC@H1", "result", "13/06/2022", "Đã gửi đề cương báo cáo 6 tháng cho các phòng"
    ),
)  # fmt: skip
"""Notes dated in the 6-month window (15/12/2021–14/06/2022)."""

CLASSIFIED_LATER = RecordedNote(
    "GP-D-KSTTHC@Q2", "cause", "23/06/2022", "Các phòng gửi số liệu sau ngày chốt"
)
"""Recorded without a kind, then classified with ``--classify-note``."""

FIXED_WAS = "Đã rà soát 25 thủ tục hành chính, đề xuất đơn giản hóa 6 thủ tục"
"""A note recorded, then corrected with ``--fix-note``: no report may print it."""
FIXED_NOW = "Đã rà soát 25 thủ tục hành chính, đề xuất đơn giản hóa 7 thủ tục"
"""What the corrected note says (its kind kept: a result)."""

Q3_NOTES = (
    RecordedNote(
        "GP-D-CCHC@Q2", "result", "15/06/2022",
        "Đã tổng hợp kết quả cải cách hành chính quý II của 8 phòng",
    ),
    RecordedNote(
        "GP-D-KSTTHC@Q2", "shortcoming", "23/06/2022",
        "Báo cáo kiểm soát thủ tục hành chính quý II gửi chậm 4 ngày làm việc",
    ),
    CLASSIFIED_LATER,
    RecordedNote(
        "GP-D-KSTTHC@H1", "proposal", "28/06/2022",
        "Đề nghị UBND tỉnh cho kéo dài thời hạn báo cáo 6 tháng",
    ),
    RecordedNote(
        "GP-A@Q3", "result", "10/08/2022",
        "Lãnh đạo Văn phòng chủ trì 2 cuộc họp về cải cách hành chính",
    ),
    RecordedNote(
        "GP-DD@Q3", "shortcoming", "25/08/2022",
        "Còn phản ánh về thái độ của công chức tiếp nhận hồ sơ",
    ),
    RecordedNote(
        "GP-DD@Q3", "cause", "25/08/2022",
        "Một số công chức mới chưa được tập huấn kỹ năng giao tiếp",
    ),
    RecordedNote("GP-B", "result", "05/09/2022", FIXED_NOW),
    RecordedNote(
        "GP-B", "proposal", "06/09/2022", "Đề nghị Sở Tư pháp hỗ trợ rà soát quy định liên quan"
    ),
    RecordedNote(
        "GP-B", None, "07/09/2022", "Nhắc phòng Kiểm soát thủ tục hành chính cập nhật danh mục"
    ),
)  # fmt: skip
"""Notes dated in the quý III window (15/06–14/09/2022)."""

LATE_NOTES = (
    RecordedNote(
        "GP-D-KSTTHC@Q3", "shortcoming", "20/09/2022",
        "Báo cáo kiểm soát thủ tục hành chính quý III chưa gửi do thay đổi nhân sự",
    ),
    RecordedNote("GP-D-KSTTHC@Q3", None, "21/09/2022", "Trao đổi nội bộ với phòng về nhân sự"),
    RecordedNote(
        "GP-E-MOTCUA@Q4", "result", "01/11/2022",
        "100% hồ sơ được tiếp nhận trên phần mềm một cửa điện tử",
    ),
    RecordedNote("GP-G@Q4", "proposal", "15/11/2022", "Đề nghị bố trí kinh phí cho chữ ký số"),
)  # fmt: skip
"""Notes dated after the quý III cut-off, before the year's (14/12/2022)."""

NOTES = H1_NOTES + Q3_NOTES + LATE_NOTES

KIND_WORDS = {"result": "kết quả", "shortcoming": "tồn tại", "cause": "nguyên nhân"}
"""Some kinds are given in Vietnamese words, as an office types them."""


def _note_update(note: RecordedNote) -> list[str]:
    if note is CLASSIFIED_LATER or note.kind is None:
        kind: list[str] = []
    else:
        kind = ["--note-kind", KIND_WORDS.get(note.kind, note.kind)]
    text = FIXED_WAS if note.text == FIXED_NOW else note.text
    return [note.key, "--note", text, *kind, "--on", note.on]


FACTS: tuple[tuple[str, ...], ...] = (
    ("GP-D-KSTTHC@H1", "--status", "đang thực hiện", "--on", "01/06/2022"),
    ("GP-D-KSTTHC@H1", "--new-deadline", "30/06/2022",
     "--reason", "Chờ số liệu thống kê thủ tục hành chính của các sở",
     "--document", "Công văn số 95/UBND-KSTT ngày 10/6/2022", "--on", "10/06/2022"),
    ("GP-D-CCHC@H1", "--status", "in_progress", "--on", "12/06/2022"),
    ("GP-D-CCHC@Q2", "--done-on", "15/06/2022",
     "--evidence", "Báo cáo số 101/BC-VP ngày 15/6/2022", "--on", "15/06/2022"),
    ("GP-D-KSTTHC@Q2", "--done-on", "22/06/2022",
     "--evidence", "Báo cáo số 12/BC-KSTT ngày 22/6/2022", "--on", "22/06/2022"),
    ("GP-D-KSTTHC@Q2", "--classify-note", CLASSIFIED_LATER.text, "nguyen-nhan",
     "--on", "24/06/2022"),
    ("GP-D-KSTTHC", "-o", "6 tháng", "--status", "hoàn thành",
     "--evidence", "Báo cáo số 15/BC-KSTT ngày 28/6/2022", "--on", "28/06/2022"),
    ("gp-b", "--status", "in_progress", "--on", "01/08/2022"),
    ("GP-B", "--evidence", "Công văn số 210/VP-KSTTHC ngày 5/8/2022", "--on", "05/08/2022"),
    ("GP-C@Q3", "--done-on", "31/08/2022",
     "--evidence", "Danh mục thủ tục hành chính cập nhật ngày 31/8/2022", "--on", "31/08/2022"),
    ("GP-D-CCHC@Q3", "--status", "in_progress", "--on", "01/09/2022"),
    ("GP-B", "--fix-note", FIXED_WAS, FIXED_NOW, "--on", "08/09/2022"),
    ("GP-D-CCHC@Q3", "--done-on", "16/09/2022",
     "--evidence", "Báo cáo số 120/BC-VP ngày 16/9/2022", "--on", "16/09/2022"),
)  # fmt: skip
"""Facts other than notes, each recorded after the notes dated on or before its day."""


def _day(text: str) -> date:
    day, month, year = (int(part) for part in text.split("/"))
    return date(year, month, day)


def _updates() -> list[list[str]]:
    """Every ``parplan update`` in the order of the days they record (a note before a fact of
    the same day, so that a classification or a correction finds its note)."""
    dated = [(_day(note.on), 0, _note_update(note)) for note in NOTES]
    dated += [(_day(fact[fact.index("--on") + 1]), 1, list(fact)) for fact in FACTS]
    return [args for _, _, args in sorted(dated, key=lambda entry: entry[:2])]


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the shipped plans folder with the progress recorded through the CLI."""
    folder = tmp_path_factory.mktemp("periods") / "plans"
    shutil.copytree(SHIPPED_PLANS, folder)
    runner = CliRunner()
    for args in _updates():
        result = runner.invoke(
            app, ["update", *args, "--plans", str(folder)], env={"PARPLAN_NO_CACHE": "1"}
        )
        assert result.exit_code == 0, (args, result.stdout, result.stderr)
    return folder


def _cli(plans: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [*args, "--plans", str(plans)], env={"PARPLAN_NO_CACHE": "1"})
    return result.exit_code, result.stdout, result.stderr


# --- the periods and what each report must say, worked out by hand ------------------------------


@dataclass(frozen=True)
class Case:
    period: Period
    options: tuple[str, ...]
    cut_off: date
    signed: str
    """A signing day after the cut-off, on or before the report's deadline (no warning)."""
    notes: tuple[RecordedNote, ...]
    """The notes the report sees: dated in its window, on work it answers for."""
    counts: dict[str, int]
    late_days: tuple[int, ...]
    """Days overdue, then days late, of the late statements (most first)."""


H1_COUNTS = {"done_on_time": 0, "done_late": 0, "overdue": 0, "in_progress": 2, "not_due": 9}
Q3_COUNTS = {"done_on_time": 2, "done_late": 1, "overdue": 1, "in_progress": 2, "not_due": 5}
Y_COUNTS = {"done_on_time": 3, "done_late": 1, "overdue": 2, "in_progress": 1, "not_due": 4}
CASES = {
    "H1": Case(Period.H1, ("--half", "1"), date(2022, 6, 14), "16/06/2022", H1_NOTES,
               H1_COUNTS, ()),
    "Q3": Case(Period.Q3, ("--quarter", "III"), date(2022, 9, 14), "16/09/2022", Q3_NOTES,
               Q3_COUNTS, (90, 6)),
    "M9": Case(Period.M9, ("--nine-months",), date(2022, 9, 14), "16/09/2022",
               H1_NOTES + Q3_NOTES, Q3_COUNTS, (90, 6)),
    "Y": Case(Period.Y, ("--annual",), date(2022, 12, 14), "16/12/2022", NOTES, Y_COUNTS,
              (181, 89, 6)),
}  # fmt: skip
"""Quý III and 9 tháng share their cut-off (14/09): the same figures, other notes. Every count
is of the 27 occurrences of the shipped plan: 11 with a deadline, 16 continuous (8 duties, each
in quý III and quý IV; one result recorded, GP-C@Q3 on 31/08)."""

EXPECTED_STATE = {
    date(2022, 6, 14): {
        "GP-D-KSTTHC@H1": "in_progress", "GP-D-CCHC@H1": "in_progress",
        "GP-D-CCHC@Q2": "not_due", "GP-D-KSTTHC@Q2": "not_due", "GP-B": "not_due",
    },
    date(2022, 9, 14): {
        "GP-D-CCHC@Q2": "done_on_time", "GP-D-KSTTHC@Q2": "done_late",
        "GP-D-KSTTHC@H1": "done_on_time", "GP-D-CCHC@H1": "overdue",
        "GP-D-CCHC@Q3": "in_progress", "GP-D-KSTTHC@Q3": "not_due", "GP-B": "in_progress",
    },
    date(2022, 12, 14): {
        "GP-D-CCHC@Q3": "done_on_time", "GP-D-KSTTHC@Q3": "overdue", "GP-D-CCHC@H1": "overdue",
        "GP-D-KSTTHC@Q4": "not_due", "GP-D-CCHC@Y": "not_due", "GP-B": "in_progress",
    },
}  # fmt: skip
"""The state of the work the facts are about, at each cut-off: the extension moves
GP-D-KSTTHC@H1's deadline from 16/06 to 30/06, so done on 28/06 it is on time."""

SECTIONS = (
    "I. KẾT QUẢ THỰC HIỆN",
    "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
    "III. PHƯƠNG HƯỚNG, NHIỆM VỤ",
    "IV. KIẾN NGHỊ, ĐỀ XUẤT",
)
SECTION_OF_KIND = {"result": 0, "shortcoming": 1, "cause": 1, "proposal": 3}
CLASS_LABELS = {
    "done_on_time": "hoàn thành đúng hạn",
    "done_late": "hoàn thành quá hạn",
    "overdue": "quá hạn chưa hoàn thành",
    "in_progress": "đang thực hiện trong hạn",
    "not_due": "chưa đến hạn",
    "continuous": "thường xuyên",
}


def _texts(notes: tuple[RecordedNote, ...], kind: str | None) -> list[str]:
    return sorted(note.text for note in notes if note.kind == kind)


@pytest.fixture(scope="module")
def reports(plans: Path) -> dict[str, ReportData]:
    plan = load_plan(plans, 2022, use_cache=False)
    return {
        name: build_report(plan, case.period, number="15/BC-VP", signed_on=_day(case.signed))
        for name, case in CASES.items()
    }


# --- the facts recorded are the ones the cases are worked out from -----------------------------


CASES_BY_DAY = {case.cut_off: case for case in CASES.values()}


@pytest.mark.parametrize("day", sorted(EXPECTED_STATE), ids=str)
def test_the_progress_recorded_is_the_one_worked_out(plans: Path, day: date) -> None:
    states = {
        item.occurrence.key: item.status_class.value
        for item in plan_status(load_plan(plans, 2022, use_cache=False), day).items
    }
    assert {key: states[key] for key in EXPECTED_STATE[day]} == EXPECTED_STATE[day]
    code, out, err = _cli(plans, "status", "--as-of", day.isoformat(), "--format", "json")
    assert code == 0, err
    counts = json.loads(out)["counts"]
    assert counts == {**CASES_BY_DAY[day].counts, "continuous": 16}


def test_the_plan_with_its_progress_validates_and_keeps_its_corrections(plans: Path) -> None:
    code, out, err = _cli(plans, "validate")
    assert code == 0, (out, err)
    plan = load_plan(plans, 2022, use_cache=False)
    records = {
        occurrence_key(task.id, period): progress
        for task in plan.tasks
        for period, progress, _ in task.progress_records(2022)
    }
    fixed = records["GP-B"].corrections
    assert [(item.field, item.was, item.now) for item in fixed] == [
        ("notes", FIXED_WAS, FIXED_NOW)  # the history keeps the mistyped text
    ]
    classified = records[CLASSIFIED_LATER.key]
    assert [(note.text, note.kind) for note in classified.notes][-1] == (
        CLASSIFIED_LATER.text,
        "cause",
    )
    assert classified.corrections == []  # a classification is no correction
    recorded = [
        (key, note.on.strftime("%d/%m/%Y"), note.text, note.kind)
        for key, progress in records.items()
        for note in progress.notes
    ]
    assert sorted(recorded) == sorted((n.key, n.on, n.text, n.kind) for n in NOTES)


# --- the report data: sections and figures --------------------------------------------------------


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_note_is_in_the_section_its_kind_names(
    plans: Path, reports: dict[str, ReportData], name: str
) -> None:
    case, data = CASES[name], reports[name]
    results = sorted(note.text for field in data.field_results for note in field.results)
    assert results == _texts(case.notes, "result")
    assert sorted(note.text for note in data.shortcomings) == _texts(case.notes, "shortcoming")
    assert sorted(note.text for note in data.causes) == _texts(case.notes, "cause")
    assert sorted(note.text for note in data.proposals) == _texts(case.notes, "proposal")
    # A result under the field of the work it is about.
    for field in data.field_results:
        code = field.title.removeprefix("Lĩnh vực ").split(":")[0]
        for note in field.results:
            recorded = next(item for item in NOTES if item.text == note.text)
            assert note.key == recorded.key
            assert any(row.key == note.key for row in field.rows), (field.title, note.key)
            assert code in {"1", "3"}
    # A signed report has no page of things to confirm; its draft lists the unclassified notes.
    assert data.to_confirm == []
    draft = build_report(load_plan(plans, 2022, use_cache=False), case.period)
    internal = _texts(case.notes, None)
    listed = [item for item in draft.to_confirm if item.startswith("Ghi chú chưa phân loại")]
    assert sorted(item.split("“", 1)[1].split("”", 1)[0] for item in listed) == internal
    every = [note.text for note in (*data.shortcomings, *data.causes, *data.proposals)]
    assert not set(internal) & set(every + results)
    assert FIXED_WAS not in every + results


def _percent(done: int, due: int) -> float | None:
    """Done of due in percent, rounded down to one decimal (never 100 while one is open)."""
    return None if due == 0 else math.floor(done * 1000 / due) / 10


def _shown(percent: float) -> str:
    return f"{percent:g}".replace(".", ",") + "%"


@pytest.mark.parametrize("name", sorted(CASES))
def test_no_two_figures_of_a_report_disagree(
    plans: Path, reports: dict[str, ReportData], name: str
) -> None:
    case, data = CASES[name], reports[name]
    totals = data.totals
    counts = {key: getattr(totals, key) for key in case.counts}
    assert counts == case.counts
    assert totals.continuous == 16 and totals.total == 27
    done = totals.done_on_time + totals.done_late
    due = done + totals.overdue
    # The summary: due work, the rate and the words that say them.
    assert data.due == due
    assert data.completion_percent == _percent(done, due)
    day = case.cut_off.strftime("%d/%m/%Y")
    if due:
        rate = _shown(_percent(done, due) or 0.0)
        assert (
            data.completion_text == f"hoàn thành {done}/{due} việc đến hạn đến ngày {day} ({rate})"
        )
    with_deadline = totals.total - totals.continuous
    year_rate = _shown(_percent(done, with_deadline) or 0.0)
    assert data.year_text == f"cả năm {done}/{with_deadline} việc có thời hạn ({year_rate})"
    reported = 1 if case.cut_off >= date(2022, 8, 31) else 0
    assert totals.reported == reported
    assert data.continuous_text == (
        f"16 việc thường xuyên ({reported} đã ghi kết quả đến ngày {day})"
    )
    # The tallies: by field and by unit each add up to the totals (each task of the shipped
    # plan has one PAR field and one lead).
    fields = ("total", "done_on_time", "done_late", "overdue", "in_progress", "not_due",
              "continuous", "reported")  # fmt: skip
    for rows in (data.by_field, data.by_unit):
        assert {key: sum(getattr(row, key) for row in rows) for key in fields} == {
            key: getattr(totals, key) for key in fields
        }
    # The appendix: one row per occurrence, its status column says the same counts.
    assert len(data.appendix_rows) == totals.total
    assert _classes(row.status for row in data.appendix_rows) == _all_counts(totals)
    # Section I.2's tables hold all the work done, late, overdue or under way, and none that
    # is not due and not started.
    in_fields = _classes(row.status for field in data.field_results for row in field.rows)
    for key in ("done_on_time", "done_late", "overdue", "in_progress"):
        assert in_fields[key] == getattr(totals, key), key
    assert in_fields["not_due"] == 0
    # II.1's statements: one per overdue or late work, with its days.
    assert len(data.late_statements) == totals.overdue + totals.done_late
    said = [int(re.findall(r"(\d+) ngày\.$", line)[0]) for line in data.late_statements]
    assert tuple(said) == case.late_days
    # And status, as of the cut-off, says the same.
    code, out, err = _cli(plans, "status", "--as-of", case.cut_off.isoformat(), "--format", "json")
    assert code == 0, err
    status = json.loads(out)
    assert status["counts"] == _all_counts(totals)
    headline = status["headline"]
    assert (headline["due"], headline["done_of_due"]) == (due, done)
    assert headline["percent_of_due"] == data.completion_percent
    assert (headline["continuous"], headline["reported"]) == (16, reported)
    if due:
        assert headline["text"] == f"{data.completion_text}; {data.year_text}"
    by_field = {f"{row['code']}. {row['name']}": row["counts"] for row in status["par_fields"]}
    assert by_field == {row.name: _all_counts(row) for row in data.by_field}
    by_unit = {row["name"]: row["counts"] for row in status["departments"]}
    assert by_unit == {row.name: _all_counts(row) for row in data.by_unit}


def _all_counts(row: Any) -> dict[str, int]:
    return {key: getattr(row, key) for key in CLASS_LABELS}


def _classes(statuses: Any) -> dict[str, int]:
    """How many of the status texts say each class ("hoàn thành quá hạn (6 ngày)": done late)."""
    found: Counter[str] = Counter()
    for status in statuses:
        matches = [key for key, label in CLASS_LABELS.items() if status.startswith(label)]
        assert len(matches) == 1, status
        found[matches[0]] += 1
    return {key: found[key] for key in CLASS_LABELS}


# --- the rendered documents ------------------------------------------------------------------------


def _sections(text: str) -> list[str]:
    """The text of sections I–IV (IV up to Nơi nhận), each heading found once, in order."""
    starts = []
    for heading in SECTIONS:
        found = [m.start() for m in re.finditer(rf"(?m)^[#*\s]*{re.escape(heading)}", text)]
        assert len(found) == 1, (heading, found)
        starts.append(found[0])
    assert starts == sorted(starts), "the sections are not in order I, II, III, IV"
    end = text.index("Nơi nhận", starts[-1])
    bounds = [*starts, end]
    return [text[bounds[number] : bounds[number + 1]] for number in range(4)]


def _check_placement(text: str, case: Case) -> None:
    sections = _sections(text)
    for note in case.notes:
        if note.kind is None:
            assert note.text not in text, f"an unclassified note is printed: {note.text}"
            continue
        where = [number for number, part in enumerate(sections) if note.text in part]
        assert where == [SECTION_OF_KIND[note.kind]], (note.kind, note.text, where)
    for note in NOTES:
        if note not in case.notes:
            assert note.text not in text, f"a note of another window is printed: {note.text}"
    assert FIXED_WAS not in text


def _report_md(plans: Path, case: Case, *more: str) -> str:
    code, out, err = _cli(plans, "report", *case.options, "--format", "md", *more)
    assert code == 0, err
    return out


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_markdown_report_has_its_four_sections_and_each_note_in_its_own(
    plans: Path, name: str
) -> None:
    case = CASES[name]
    text = _report_md(plans, case, "--number", "15/BC-VP", "--date", case.signed)
    _check_placement(text, case)
    # A draft prints its unclassified notes on the page to confirm, after the body, only.
    draft = _report_md(plans, case)
    page = draft.index("NỘI DUNG CẦN XÁC NHẬN TRƯỚC KHI KÝ")
    for text_of_note in _texts(case.notes, None):
        assert draft.count(text_of_note) == 1 and draft.index(text_of_note) > page
    _check_placement(draft[:page] + draft[draft.index("Phụ lục", page) :], case)


def _tables(text: str) -> list[list[list[str]]]:
    """Every Markdown table: its rows (the header first, the rule left out), cells stripped of
    bold marks."""
    tables: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            cells = [cell.strip().strip("*").strip() for cell in line.strip().strip("|").split("|")]
            if not all(set(cell) <= set(":-") for cell in cells):
                current.append(cells)
        elif current:
            tables.append(current)
            current = []
    return tables


SUMMARY = re.compile(
    r"có (\d+) việc đến hạn hoặc đã hoàn thành, trong đó hoàn thành đúng hạn (\d+), hoàn thành "
    r"quá hạn (\d+), quá hạn chưa hoàn thành (\d+); (\d+) việc đang thực hiện trong hạn, (\d+) "
    r"việc chưa đến hạn"
)
TALLY_COLUMNS = ("total", "done_on_time", "done_late", "overdue", "in_progress", "not_due",
                 "continuous")  # fmt: skip


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_markdown_reports_figures_agree(
    plans: Path, reports: dict[str, ReportData], name: str
) -> None:
    case, data = CASES[name], reports[name]
    text = _report_md(plans, case, "--number", "15/BC-VP", "--date", case.signed)
    first = _sections(text)[0]
    counts = case.counts
    due = counts["done_on_time"] + counts["done_late"] + counts["overdue"]
    if due:
        (summary,) = SUMMARY.findall(first)
        assert [int(number) for number in summary] == [
            due, counts["done_on_time"], counts["done_late"], counts["overdue"],
            counts["in_progress"], counts["not_due"],
        ]  # fmt: skip
    else:  # nothing due yet: the summary says so, with what is under way and what is not due
        assert not SUMMARY.findall(first)
        assert (
            f"chưa có việc nào đến hạn: {counts['in_progress']} việc đang thực hiện trong hạn, "
            f"{counts['not_due']} việc chưa đến hạn"
        ) in first
    if data.due:
        assert data.completion_text in first
    assert data.year_text in first and data.continuous_text in first
    expected = [sum(counts.values()) + 16, counts["done_on_time"], counts["done_late"],
                counts["overdue"], counts["in_progress"], counts["not_due"], 16]  # fmt: skip
    tables = _tables(text)
    tallies = [table for table in tables if table[0][0] in ("Lĩnh vực", "Đơn vị")]
    assert len(tallies) == 2
    for table in tallies:
        assert table[0][1:8] == ["Số việc", "Đúng hạn", "Xong quá hạn", "Quá hạn chưa xong",
                                 "Đang làm trong hạn", "Chưa đến hạn", "Thường xuyên"]  # fmt: skip
        *rows, total = table[1:]
        assert total[0] == "Tổng cộng"
        assert [int(cell) for cell in total[1:8]] == expected
        assert [sum(int(row[column]) for row in rows) for column in range(1, 8)] == expected
    (appendix,) = [table for table in tables if table[0][-1] == "Mã (tham chiếu)"]
    status_column = appendix[0].index("Tình trạng")
    assert len(appendix) - 1 == sum(counts.values()) + 16
    assert _classes(row[status_column] for row in appendix[1:]) == {**counts, "continuous": 16}
    field_tables = [table for table in tables if table[0] == ["STT", "Nhiệm vụ", "Chủ trì", "Hạn",
                                                              "Tình trạng"]]  # fmt: skip
    assert len(field_tables) == len(data.field_results)
    in_fields = _classes(row[4] for table in field_tables for row in table[1:])
    for key in ("done_on_time", "done_late", "overdue", "in_progress"):
        assert in_fields[key] == counts[key], key
    assert in_fields["not_due"] == 0
    second = _sections(text)[1]
    late = re.findall(r"(?:quá hạn|hoàn thành chậm) (\d+) ngày\.", second)
    assert tuple(int(days) for days in late) == case.late_days


def _docx_text(content: bytes) -> str:
    """The text of a Word document, paragraph by paragraph in the order of the body (tables'
    paragraphs included where the tables stand)."""
    from docx import Document

    document = Document(io.BytesIO(content))
    namespace = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    return "\n".join(
        "".join(node.text or "" for node in paragraph.iter(f"{namespace}t"))
        for paragraph in document.element.body.iter(f"{namespace}p")
    )


def test_the_word_report_of_quarter_iii_has_its_four_sections_and_each_note_in_its_own(
    plans: Path, tmp_path: Path, reports: dict[str, ReportData]
) -> None:
    case, data = CASES["Q3"], reports["Q3"]
    output = tmp_path / "bao-cao.docx"
    code, _, err = _cli(
        plans, "report", *case.options, "--format", "docx", "--number", "15/BC-VP",
        "--date", case.signed, "--output", str(output),
    )  # fmt: skip
    assert code == 0, err
    text = _docx_text(output.read_bytes())
    _check_placement(text, case)
    first = _sections(text)[0]
    assert data.completion_text in first and data.continuous_text in first
    assert "Số: 15/BC-VP" in text
