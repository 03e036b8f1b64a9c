"""One small bad plan per rule: the rule fires, at the right line, with a Vietnamese message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from parplan.findings import Finding
from parplan.loading import validate_paths


def _edit(folder: Path, file: str, old: str, new: str) -> None:
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _findings(folder: Path) -> list[Finding]:
    result, _ = validate_paths([folder])
    return result.sorted_findings()


def test_minimal_plan_is_valid(minimal_plan: Path) -> None:
    assert _findings(minimal_plan) == []


# (file, old text, new text, rule, line, words the message must contain)
CASES = [
    ("phu-luc.yaml", "    deadline: 31/12/2022", "    deadlin: 31/12/2022",
     "unknown-key", 8, "bạn có muốn viết 'deadline'?"),
    ("phu-luc.yaml", "deadline: 31/12/2022", "deadline: 30/02/2022",
     "invalid-date", 8, "30/02/2022 không tồn tại"),
    ("phu-luc.yaml", "deadline: 31/12/2022", "deadline: 2022/12/31",
     "invalid-date", 8, "dd/mm/yyyy"),
    ("phu-luc.yaml", "lead: HCTC", "lead: HCTX",
     "unit-unknown", 6, "bạn có muốn viết 'HCTC'?"),
    ("phu-luc.yaml", "support: [HCTC]", "support: [HCTC, XYZ]",
     "unit-unknown", 15, "'XYZ'"),
    ("phu-luc.yaml", "id: T-2", "id: T-1",
     "task-id-duplicate", 10, "'T-1' bị trùng"),
    ("phu-luc.yaml", "deadline: 31/12/2022", "deadline: 31/01/2023",
     "deadline-outside-year", 8, "carried_over"),
    ("phu-luc.yaml", "periods: [Q2, Q3]", "periods: [Q2, Q5]",
     "period-invalid", 16, "'Q5'"),
    ("phu-luc.yaml", "    output: Báo cáo", "    output: Báo cáo\n    occurrences:\n      Q7: {status: in_progress}",
     "period-invalid", 19, "'Q7'"),
    ("phu-luc.yaml", "periods: [Q2, Q3]", "periods: [Q2, Q2]",
     "period-duplicate", 16, "quý II"),
    ("phu-luc.yaml", "    output: Báo cáo", "    output: Báo cáo\n    occurrences:\n      Q4: {status: in_progress}",
     "period-invalid", 19, "không thuộc recurrence"),
    ("phu-luc.yaml", "    output: Sản phẩm", "    output: Sản phẩm\n    progress: {status: done}",
     "done-without-date", 10, "done_on"),
    ("phu-luc.yaml", "    output: Sản phẩm", "    output: Sản phẩm\n    progress: {status: in_progress, done_on: 01/08/2022}",
     "date-without-done", 10, "status: done"),
    ("phu-luc.yaml", "    output: Sản phẩm", "    output: Sản phẩm\n    progress: {status: done, done_on: 01/07/2022}",
     "done-before-issue", 10, "15/07/2022"),
    ("phu-luc.yaml", "    deadline: 31/12/2022\n", "",
     "schedule-missing", 2, "thường xuyên"),
    ("phu-luc.yaml", "    output: Báo cáo", "    output: Báo cáo\n    deadline: 30/09/2022",
     "schedule-conflict", 18, "recurrence"),
    ("phu-luc.yaml", "    output: Sản phẩm", "    output: Sản phẩm\n    progress:\n      extensions: [{deadline: 30/12/2022, reason: Sớm hơn}]",
     "extension-not-later", 11, "không sau thời hạn đang áp dụng 31/12/2022"),
    ("phu-luc.yaml", "    output: Báo cáo", "    output: Báo cáo\n    progress: {status: in_progress}",
     "progress-misplaced", 18, "occurrences"),
    ("phu-luc.yaml", "[PAR 3, SIPAS 2]", "[PAR 4, SIPAS 2]",
     "criterion-unknown", 13, "mã 4 (có: 1, 3)"),
    ("phu-luc.yaml", "[PAR 3, SIPAS 2]", "[PAR 3, SIPAS 5]",
     "criterion-unknown", 13, "chỉ số SIPAS không có lĩnh vực, tiêu chí mã 5"),
    ("phu-luc.yaml", "[PAR 3, SIPAS 2]", "[PAR 3, PAPI]",
     "criterion-unknown", 13, "chỉ số 'PAPI' không có trong phần 'indexes' (có: PAR, SIPAS)"),
    ("phu-luc.yaml", "source: II.2.b", "source: II.2.c",
     "source-clause-unknown", 12, "'II.2.c'"),
    ("phu-luc.yaml", "source: II.2.b", "source: điểm b",
     "invalid-value", 12, "II.2.d"),
    ("phu-luc.yaml", "    output: Sản phẩm\n", "",
     "missing-key", 2, "'output'"),
    ("phu-luc.yaml", "criteria: [PAR 1]", "criteria: [lĩnh vực một]",
     "invalid-value", 5, "PAR 1.1.2"),
    ("phu-luc.yaml", "    lead: HCTC\n", "    lead: HCTC\n    lead: HCTC\n",
     "duplicate-key", 7, "lần đầu ở dòng 6"),
    ("phu-luc.yaml", "  - id: T-1\n", "  - id: T-1\n\t\n",
     "yaml-syntax", 3, "tab"),
    ("phu-luc.yaml", "    title: Báo cáo định kỳ", "    title: 'Báo cáo định kỳ",
     "yaml-syntax", 11, "dấu nháy"),
    ("phu-luc.yaml", "tasks:", "task:",
     "unknown-key", 1, "bạn có muốn viết 'tasks'?"),
    ("danh-muc.yaml", "kind: phòng}\n  - {code: KSTTHC", "kind: phong}\n  - {code: KSTTHC",
     "invalid-value", 2, "'phòng'"),
]  # fmt: skip


@pytest.mark.parametrize(("file", "old", "new", "rule", "line", "words"), CASES)
def test_rule_fires_at_its_line(
    minimal_plan: Path, file: str, old: str, new: str, rule: str, line: int, words: str
) -> None:
    _edit(minimal_plan, file, old, new)
    findings = _findings(minimal_plan)
    assert [(f.rule, f.file.name, f.line) for f in findings] == [(rule, file, line)], findings
    assert words in findings[0].message
    assert findings[0].column is not None


def test_solution_letters_follow_the_vietnamese_alphabet(minimal_plan: Path) -> None:
    _edit(
        minimal_plan,
        "ke-hoach.yaml",
        "{letter: b, text: Giải pháp b.}",
        "{letter: f, text: Giải pháp f.}",
    )
    findings = _findings(minimal_plan)
    assert [(f.rule, f.file.name, f.line) for f in findings] == [
        ("solution-letter", "ke-hoach.yaml", 11),
        # T-2 cites II.2.b, which no longer exists.
        ("source-clause-unknown", "phu-luc.yaml", 12),
    ]
    assert "không có f" in findings[0].message


def test_carried_over_task_may_have_a_deadline_next_year(minimal_plan: Path) -> None:
    _edit(
        minimal_plan,
        "phu-luc.yaml",
        "deadline: 31/12/2022",
        "deadline: 31/01/2023\n    carried_over: true",
    )
    assert _findings(minimal_plan) == []


def test_duplicate_department_code(minimal_plan: Path) -> None:
    _edit(
        minimal_plan,
        "danh-muc.yaml",
        "{code: KSTTHC, name: Phòng Kiểm soát",
        "{code: HCTC, name: Phòng Kiểm soát",
    )
    rules = {(f.rule, f.file.name, f.line) for f in _findings(minimal_plan)}
    assert ("code-duplicate", "danh-muc.yaml", 3) in rules


def test_plan_duplicate_and_settings_duplicate(minimal_plan: Path) -> None:
    shutil.copy(minimal_plan / "ke-hoach.yaml", minimal_plan / "ke-hoach-2.yaml")
    (minimal_plan / "cai-dat.yaml").write_text(
        "reporting: {}\nschema_version: 2\n", encoding="utf-8"
    )
    (minimal_plan / "cai-dat-2.yaml").write_text(
        "reporting: {}\nschema_version: 2\n", encoding="utf-8"
    )
    rules = {(f.rule, f.file.name, f.line) for f in _findings(minimal_plan)}
    assert rules == {
        ("plan-duplicate", "ke-hoach.yaml", 2),
        ("settings-duplicate", "cai-dat.yaml", 1),
    }


def test_two_plans_of_one_year(minimal_plan: Path) -> None:
    shutil.copytree(minimal_plan, minimal_plan.parent / "2022 - bản cũ")
    findings = _findings(minimal_plan.parent)
    assert sorted((f.rule, f.file.parent.name, f.line) for f in findings) == [
        ("plan-year-duplicate", "2022", 2),
        ("plan-year-duplicate", "2022 - bản cũ", 2),
    ]
    assert "có 2 kế hoạch năm 2022" in findings[0].message


def test_dates_outside_the_supported_years(minimal_plan: Path) -> None:
    _edit(
        minimal_plan,
        "phu-luc.yaml",
        "deadline: 31/12/2022",
        "deadline: 31/12/9999\n    carried_over: true",
    )
    findings = _findings(minimal_plan)
    assert [(f.rule, f.line) for f in findings] == [("invalid-date", 8)]
    assert "năm phải từ 2000 đến 2100" in findings[0].message


def test_folder_without_plan_document(minimal_plan: Path) -> None:
    (minimal_plan / "ke-hoach.yaml").unlink()
    findings = _findings(minimal_plan)
    assert [f.rule for f in findings] == ["plan-missing"]
    assert "plan:" in findings[0].message


def test_folder_without_yaml_files(tmp_path: Path) -> None:
    findings = _findings(tmp_path)
    assert [f.rule for f in findings] == ["plan-missing"]


@pytest.mark.parametrize(
    ("content", "rule", "words"),
    [
        (b"", "empty-file", "tệp rỗng"),
        (b"- a\n- b\n", "wrong-type", "không phải danh sách"),
        (b"42\n", "wrong-type", "một giá trị đơn"),
        ("tasks: []\n".encode("utf-16"), "encoding", "UTF-16"),
        (b"tasks:\n  - title: Ph\xf2ng\n", "encoding", "UTF-8"),
        (b"tasks: []\n---\ntasks: []\n", "yaml-syntax", "nhiều tài liệu"),
    ],
)
def test_files_that_are_not_plan_files(
    minimal_plan: Path, content: bytes, rule: str, words: str
) -> None:
    (minimal_plan / "x.yaml").write_bytes(content)
    findings = _findings(minimal_plan)
    assert [(f.rule, f.file.name) for f in findings] == [(rule, "x.yaml")], findings
    assert words in findings[0].message


def test_every_problem_of_every_file_in_one_run(minimal_plan: Path) -> None:
    _edit(minimal_plan, "phu-luc.yaml", "lead: HCTC", "lead: HCTX")
    _edit(minimal_plan, "phu-luc.yaml", "periods: [Q2, Q3]", "periods: [Q2, Q2]")
    _edit(minimal_plan, "ke-hoach.yaml", "year: 2022", "year: hai nghìn")
    (minimal_plan / "broken.yaml").write_text("tasks: [\n", encoding="utf-8")
    rules = sorted(f.rule for f in _findings(minimal_plan))
    # The plan document failed, so rules that need it (source clauses, dates) stay silent.
    assert rules == ["period-duplicate", "unit-unknown", "wrong-type", "yaml-syntax"]


def test_example_progress_is_valid(minimal_plan: Path) -> None:
    shutil.copy(
        Path(__file__).parent / "fixtures" / "example-progress" / "tien-do.yaml", minimal_plan
    )
    # The quý II report fell due before the plan was issued (after 15/7/2022), so its completion
    # on 16/6/2022 is not "before the plan".
    assert _findings(minimal_plan) == []
