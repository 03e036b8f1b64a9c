"""One small bad plan per rule: the rule fires, at the right line, with a Vietnamese message."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from parplan import rules
from parplan.findings import Finding
from parplan.loading import validate_paths

CORPUS_CASES: list[dict[str, Any]] = YAML(typ="safe").load(
    (Path(__file__).parent / "corpus" / "expected.yaml").read_text(encoding="utf-8")
)


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
    ("phu-luc.yaml", "    output: Báo cáo", "    output: Báo cáo\n    occurrences:\n      Q7: {started_on: 01/08/2022}",
     "period-invalid", 19, "'Q7'"),
    ("phu-luc.yaml", "periods: [Q2, Q3]", "periods: [Q2, Q2]",
     "period-duplicate", 16, "quý II"),
    ("phu-luc.yaml", "    output: Báo cáo", "    output: Báo cáo\n    occurrences:\n      Q4: {started_on: 01/08/2022}",
     "period-invalid", 19, "không thuộc recurrence"),
    ("phu-luc.yaml", "    output: Sản phẩm", "    output: Sản phẩm\n    progress: {status: done, done_on: 01/08/2022}",
     "status-key", 10, "hoàn thành là 'done_on: <ngày>'"),
    ("phu-luc.yaml", "    output: Sản phẩm", "    output: Sản phẩm\n    progress: {started_on: 02/08/2022, done_on: 01/08/2022}",
     "started-after-done", 10, "sau ngày hoàn thành 01/08/2022"),
    ("phu-luc.yaml", "    output: Sản phẩm", "    output: Sản phẩm\n    progress: {done_on: 01/07/2022}",
     "done-before-issue", 10, "15/07/2022"),
    ("phu-luc.yaml", "    output: Sản phẩm", "    output: Sản phẩm\n    progress: {started_on: 31/12/2021}",
     "fact-before-year", 10, "ngày bắt đầu ghi ngày 31/12/2021"),
    ("phu-luc.yaml", "    output: Sản phẩm", "    output: Sản phẩm\n    progress: {notes: [{on: 30/12/2021, text: Chờ}]}",
     "fact-before-year", 10, "ghi chú ghi ngày 30/12/2021"),
    ("phu-luc.yaml", "    deadline: 31/12/2022\n", "",
     "schedule-missing", 2, "thường xuyên"),
    ("phu-luc.yaml", "    output: Báo cáo", "    output: Báo cáo\n    deadline: 30/09/2022",
     "schedule-conflict", 18, "recurrence"),
    ("phu-luc.yaml", "    output: Sản phẩm", "    output: Sản phẩm\n    progress:\n      extensions: [{deadline: 30/12/2022, reason: Sớm hơn, decided_on: 01/09/2022}]",
     "extension-not-later", 11, "không sau thời hạn đang áp dụng 31/12/2022 vào ngày quyết định gia hạn 01/09/2022"),
    ("phu-luc.yaml", "    deadline: 31/12/2022", "    deadline: Quý III\n    progress:\n      extensions: [{deadline: 30/09/2022, reason: Nhầm, decided_on: 01/09/2022}]",
     "extension-not-later", 10, "không sau thời hạn đang áp dụng 30/09/2022 (Quý III)"),
    ("phu-luc.yaml", "    output: Báo cáo", "    output: Báo cáo\n    occurrences:\n      Q2: {deadline: 20/06/2022, extensions: [{deadline: 18/06/2022, reason: Nhầm, decided_on: 01/06/2022}]}",
     "extension-not-later", 19, "đang áp dụng 20/06/2022 (thời hạn riêng của kỳ)"),
    ("phu-luc.yaml", "    deadline: 31/12/2022", "    deadline: 30/09/2022\n    progress:\n      extensions:\n        - {deadline: 30/11/2022, reason: A, decided_on: 01/09/2022}\n        - {deadline: 31/10/2022, reason: B, decided_on: 01/08/2022}",
     "extension-order", 12, "quyết định ngày 01/08/2022, trước lần ghi ngay trên nó (ngày 01/09/2022)"),
    ("phu-luc.yaml", "    output: Báo cáo", "    output: Báo cáo\n    progress: {started_on: 01/08/2022}",
     "progress-misplaced", 18, "occurrences"),
    ("phu-luc.yaml", "[PAR 3, SIPAS 2]", "[PAR 4, SIPAS 2]",
     "criterion-unknown", 13, "mã 4 (có: 1, 3)"),
    ("phu-luc.yaml", "[PAR 3, SIPAS 2]", "[PAR 9.9.9, SIPAS 2]",
     "criterion-unknown", 13, "mã 9.9.9 (có: 1, 3)"),
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


# Plan format 2: indexes, units, targets, results, parts, the document. Each edit of the minimal
# plan gives one finding, at this line and column (1-based).
# (file, old text, new text, rule, line, column, words the message must contain)
PART_T1 = "    output: Sản phẩm\n"
CASES_AT = [
    # indexes
    ("danh-muc.yaml", '{code: "3", name: Cải cách TTHC}',
     '{code: "3", name: Cải cách TTHC, items: [{code: "3.1", name: A}, {code: "3.1", name: B}]}',
     "code-duplicate", 9, 81, "mã '3.1' của chỉ số PAR bị trùng"),
    ("danh-muc.yaml", '{code: "3", name: Cải cách TTHC}',
     '{code: "3", name: Cải cách TTHC, items: [{code: "3.1", name: A}, {code: "1.2", name: B}]}',
     "criterion-nesting", 9, 81, "phải bắt đầu bằng '3.'"),
    ("danh-muc.yaml", '{code: "2", name: Thủ tục hành chính}',
     '{code: "2", name: Thủ tục hành chính, items: [{code: "2.1", name: A, items: [{code: "2.2.1", name: B}]}]}',
     "criterion-nesting", 13, 93, "nằm dưới mục '2.1' của chỉ số SIPAS"),
    # units
    ("danh-muc.yaml", "kind: phòng}\n  - {code: KSTTHC",
     "kind: phòng}\n  - {code: CAC-PHONG, name: Các phòng, kind: nhóm, members: [HCTC, KSTHC]}\n  - {code: KSTTHC",
     "unit-unknown", 3, 68, "'KSTHC'"),
    ("danh-muc.yaml", "kind: phòng}\n  - {code: KSTTHC",
     "kind: phòng, members: [KSTTHC]}\n  - {code: KSTTHC",
     "members-not-group", 2, 65, "bỏ 'members' hoặc ghi 'kind: nhóm'"),
    ("phu-luc.yaml", "lead: HCTC", "lead: [HCTC, HCTC]",
     "lead-duplicate", 6, 18, "'HCTC' được ghi hai lần"),
    ("phu-luc.yaml", "support: [HCTC]", "support: [HCTC, KSTTHC]",
     "lead-also-support", 15, 21, "'KSTTHC' vừa chủ trì vừa phối hợp"),
    # targets and results
    ("phu-luc.yaml", "schema_version: 2", "targets:\n  - {id: MT-1, text: Hoàn thành 100% nhiệm vụ, index: PAR, value: 100}\nschema_version: 2",
     "target-index", 19, 48, "bỏ 'index'"),
    ("phu-luc.yaml", "schema_version: 2", "targets:\n  - {id: MT-1, text: Trong nhóm 35 tỉnh, measure: rank, index: PAR, comparator: '<=', value: 0}\nschema_version: 2",
     "target-value", 19, 94, "thứ hạng là số nguyên từ 1 trở lên"),
    ("phu-luc.yaml", "schema_version: 2", "targets:\n  - {id: MT-1, text: Tăng bậc, measure: rank_change, index: SIPAS 4, value: 1}\nschema_version: 2",
     "criterion-unknown", 19, 61, "chỉ số SIPAS không có lĩnh vực, tiêu chí mã 4 (có: 2)"),
    ("phu-luc.yaml", "schema_version: 2", "targets:\n  - {id: T-2, text: Hoàn thành 100% nhiệm vụ, value: 100}\nschema_version: 2",
     "task-id-duplicate", 10, 9, "'T-2' bị trùng (đã có ở phu-luc.yaml, targets[0])"),
    ("phu-luc.yaml", "schema_version: 2", "targets:\n  - {id: MT-1, text: Đạt, source: B.II.1, value: 100}\nschema_version: 2",
     "source-clause-unknown", 19, 35, "'B.II.1'"),
    ("phu-luc.yaml", "schema_version: 2", "results:\n  - {index: SIPAS 2, year: 2021, value: 80, source: KH}\n  - {index: SIPAS 2, year: 2021, value: 81, source: KH}\nschema_version: 2",
     "result-duplicate", 20, 28, "mỗi chỉ số, mỗi năm một kết quả"),
    ("phu-luc.yaml", "schema_version: 2", "results:\n  - {index: PAR, year: 2022, rank: 70, of: 63, source: QĐ}\nschema_version: 2",
     "rank-out-of", 19, 36, "thứ hạng 70 lớn hơn tổng số được xếp hạng 63"),
    ("phu-luc.yaml", "schema_version: 2", "results:\n  - {index: PAR, year: 2022, value: 88, known_on: 2021-12-31, source: QĐ}\nschema_version: 2",
     "result-known-early", 19, 51, "sửa 'known_on'"),
    ("phu-luc.yaml", PART_T1, PART_T1 + "    parts:\n      - {id: T-1a, title: A, carried_from: {year: 2023, id: T-1a}}\n",
     "carried-from-year", 11, 51, "năm chuyển từ phải trước 2022"),
    ("phu-luc.yaml", "schema_version: 2", "results:\n  - {index: PCI, year: 2021, value: 65, source: KH}\nschema_version: 2",
     "criterion-unknown", 19, 13, "chỉ số 'PCI' không có"),
    ("phu-luc.yaml", "schema_version: 2", "results:\n  - {index: PAR, year: 2022, value: 70, max_value: 61.5, source: QĐ}\nschema_version: 2",
     "score-above-max", 19, 37, "70, lớn hơn điểm tối đa kết quả này ghi ('max_value') 61,5"),
    ("phu-luc.yaml", "schema_version: 2", "results:\n  - {index: PAR, year: 2021, value: 87.11}\nschema_version: 2",
     "result-source", 19, 5, "không ghi nguồn: ghi 'source'"),
    # measurements and import mappings
    ("phu-luc.yaml", "schema_version: 2", "measurements:\n  - {indicator: PAR 3, period: Q1, value: 90}\n  - {indicator: PAR 3, period: Q1, value: 91}\nschema_version: 2",
     "measurement-duplicate", 20, 32, "số liệu PAR 3 kỳ quý I đã có ở phu-luc.yaml, measurements[0]"),
    ("phu-luc.yaml", "schema_version: 2", "measurements:\n  - {indicator: PAR 9, period: Q1, value: 90}\nschema_version: 2",
     "criterion-unknown", 19, 17, "'PAR 9': chỉ số PAR không có lĩnh vực, tiêu chí mã 9 (có: 1, 3)"),
    ("phu-luc.yaml", "schema_version: 2", "imports:\n  - {id: QD766, period_column: Kỳ, columns: [{indicator: DVC766 1.1, value: Tỷ lệ}]}\nschema_version: 2",
     "criterion-unknown", 19, 58, "chỉ số 'DVC766' không có trong phần 'indexes' (có: PAR, SIPAS)"),
    ("phu-luc.yaml", "schema_version: 2", "imports:\n  - {id: QD766, period_column: Kỳ, columns: [{indicator: PAR 3, numerator: Đúng hạn}]}\nschema_version: 2",
     "mapping-column", 19, 58, "ghi 'value' (cột có sẵn giá trị) hoặc cả 'numerator' và 'denominator'"),
    # parts
    ("phu-luc.yaml", PART_T1, PART_T1 + "    parts:\n      - {id: T-1a, title: A, support: [KSTTHC, XYZ]}\n",
     "unit-unknown", 11, 48, "'XYZ'"),
    ("phu-luc.yaml", PART_T1, PART_T1 + "    parts:\n      - {id: T-1a, title: A, lead: KSTTHC, support: [KSTTHC]}\n",
     "lead-also-support", 11, 54, "'KSTTHC' vừa chủ trì vừa phối hợp"),
    ("phu-luc.yaml", PART_T1, PART_T1 + "    parts:\n      - {id: T-1a, title: A, lead: KSTTHC}\n      - {id: T-1, title: B}\n",
     "task-id-duplicate", 12, 14, "'T-1' bị trùng (đã có ở phu-luc.yaml, tasks[0])"),
    ("phu-luc.yaml", "    output: Báo cáo\n", "    output: Báo cáo\n    parts:\n      - {id: T-2a, title: A, deadline: Quý III}\n",
     "parts-conflict", 16, 5, "không ghi 'recurrence'"),
    ("phu-luc.yaml", PART_T1, PART_T1 + "    parts:\n      - {id: T-1a, title: A, deadline: 31/12/2021}\n",
     "deadline-outside-year", 11, 40, "31/12/2021 nằm ngoài năm kế hoạch 2022"),
    ("phu-luc.yaml", PART_T1, PART_T1 + "    parts:\n      - {id: T-1a, title: A, progress: {extensions: [{deadline: 30/11/2022, reason: Sớm hơn, decided_on: 01/11/2022}]}}\n",
     "extension-not-later", 11, 65, "không sau thời hạn đang áp dụng 31/12/2022"),
    ("phu-luc.yaml", PART_T1, PART_T1 + "    parts:\n      - {id: T-1a, title: A, progress: {started_on: 02/08/2022, done_on: 01/08/2022}}\n",
     "started-after-done", 11, 53, "ngày bắt đầu 02/08/2022 sau ngày hoàn thành 01/08/2022"),
    ("phu-luc.yaml", PART_T1, PART_T1 + "    parts:\n      - {id: T-1a, title: A, progress: {done_on: 01/07/2022}}\n",
     "done-before-issue", 11, 50, "15/07/2022"),
    ("phu-luc.yaml", PART_T1, PART_T1 + "    parts:\n      - {id: T-1a, title: A, progress: {evidence: [{on: 2021-12-31, text: X}]}}\n",
     "fact-before-year", 11, 57, "tài liệu kiểm chứng ghi ngày 31/12/2021"),
    ("phu-luc.yaml", "    deadline: 31/12/2022\n" + PART_T1, PART_T1 + "    parts:\n      - {id: T-1a, title: A}\n",
     "schedule-missing", 10, 9, "phần việc 'T-1a' chưa có thời hạn"),
    # the plan document
    ("ke-hoach.yaml", "  preamble: Mở đầu.\n", "  preamble: Mở đầu.\n  outline: [{ref: A}, {ref: B}, {ref: A, title: Lặp}]\n",
     "outline-duplicate", 9, 39, "mục 'A' đã có trong outline (outline[0])"),
    ("ke-hoach.yaml", "on_behalf: [{authority: KT., of: CHÁNH VĂN PHÒNG}]",
     "on_behalf: [{authority: KT., of: CHÁNH VĂN PHÒNG}, {authority: TM., of: VĂN PHÒNG}]",
     "signature-levels", 13, 39, "gặp 'KT.' rồi 'TM.'"),
    ("ke-hoach.yaml", "on_behalf: [{authority: KT., of: CHÁNH VĂN PHÒNG}]",
     "on_behalf: [{authority: TM., of: VĂN PHÒNG}, {authority: TL., of: CHÁNH VĂN PHÒNG}]",
     "signature-levels", 13, 72, "gặp 'TM.' rồi 'TL.'"),
    ("ke-hoach.yaml", "on_behalf: [{authority: KT., of: CHÁNH VĂN PHÒNG}]",
     "on_behalf: [{authority: TM.}, {authority: KT., of: CHÁNH VĂN PHÒNG}]",
     "signature-collective", 13, 39, "'of: ỦY BAN NHÂN DÂN'"),
]  # fmt: skip


@pytest.mark.parametrize(("file", "old", "new", "rule", "line", "column", "words"), CASES_AT)
def test_format_2_rule_fires_at_its_place(
    minimal_plan: Path,
    file: str,
    old: str,
    new: str,
    rule: str,
    line: int,
    column: int,
    words: str,
) -> None:
    _edit(minimal_plan, file, old, new)
    findings = _findings(minimal_plan)
    assert [(f.rule, f.file.name, f.line, f.column) for f in findings] == [
        (rule, file, line, column)
    ], findings
    assert words in findings[0].message


def test_a_task_may_cite_a_heading_only_the_outline_has(minimal_plan: Path) -> None:
    _edit(
        minimal_plan,
        "ke-hoach.yaml",
        "  preamble: Mở đầu.\n",
        "  preamble: Mở đầu.\n  outline: [{ref: B}, {ref: B.II}, {ref: B.II.1, title: Mục tiêu}]\n",
    )
    _edit(minimal_plan, "phu-luc.yaml", "source: II.2.a", "source: B.II.1")
    assert _findings(minimal_plan) == []
    _edit(minimal_plan, "phu-luc.yaml", "source: B.II.1", "source: B.II.2")
    findings = _findings(minimal_plan)
    assert [(f.rule, f.line, f.column) for f in findings] == [("source-clause-unknown", 4, 13)]
    assert "B.II.1" in findings[0].message  # the outline's refs are offered


@pytest.mark.parametrize(
    "levels",
    [
        "[{authority: TM., of: ỦY BAN NHÂN DÂN}, {authority: KT., of: CHỦ TỊCH}]",
        "[{authority: TL., of: CHỦ TỊCH}, {authority: KT., of: CHÁNH VĂN PHÒNG}]",
        "[{authority: TM., of: ỦY BAN NHÂN DÂN}]",
        "[]",
    ],
)
def test_signatures_nghi_dinh_30_allows(minimal_plan: Path, levels: str) -> None:
    _edit(
        minimal_plan,
        "ke-hoach.yaml",
        "on_behalf: [{authority: KT., of: CHÁNH VĂN PHÒNG}]",
        f"on_behalf: {levels}",
    )
    assert _findings(minimal_plan) == []


GROUP = "  - {code: CAC-PHONG, name: Các phòng, kind: nhóm, members: [HCTC, KSTTHC]}\n"
TASK_WITH_PARTS = """\
  - id: T-3
    title: Nhiệm vụ chia phần
    source: III.1
    lead: [HCTC, KSTTHC]
    support: [CAC-PHONG]
    deadline: tháng 11/2022
    output: Sản phẩm
    parts:
      - {id: T-3a, title: Phần a, lead: KSTTHC, deadline: Quý III}
      - id: T-3b
        title: Phần b
        support: []
        progress:
          started_on: 01/08/2022
          done_on: 01/12/2022
          evidence: [{on: 01/12/2022, text: Báo cáo số 1/BC}]
          notes: [{on: 20/09/2022, text: Chờ số liệu}]
          extensions:
            - {deadline: 10/12/2022, reason: Chờ số liệu, decided_on: 01/09/2022}
            - {deadline: 20/12/2022, reason: Chờ số liệu, decided_on: 25/10/2022}
          corrections: [{on: 02/12/2022, field: evidence, was: Báo cáo số 7/BC, now: Báo cáo số 1/BC}]
"""
TARGETS_AND_RESULTS = """\
targets:
  - {id: MT-HT, text: Hoàn thành 100% nhiệm vụ, value: 100}
  - {id: MT-PAR, text: PAR Index từ 85% trở lên, measure: value, index: PAR, value: 85}
  - {id: MT-HANG, text: Trong nhóm 35, measure: rank, index: PAR, comparator: "<=", value: 35}
  - {id: MT-TANG, text: SIPAS tăng 1 bậc, measure: rank_change, index: SIPAS 2, value: 1}
results:
  - {index: PAR, year: 2021, value: 87.11, rank: 23, of: 63, known_on: 06/07/2022, source: KH}
  - {index: PAR, year: 2022, value: 88.5, rank: 20, of: 63, known_on: 2023-05-01, source: QĐ}
  - {index: PAR 3, year: 2021, value: 9.5, source: KH}
"""


def test_a_plan_using_every_part_of_format_2_is_valid(minimal_plan: Path) -> None:
    _edit(minimal_plan, "danh-muc.yaml", "indexes:\n", GROUP + "indexes:\n")
    _edit(
        minimal_plan, "phu-luc.yaml", "schema_version: 2", TARGETS_AND_RESULTS + "schema_version: 2"
    )
    _edit(
        minimal_plan,
        "phu-luc.yaml",
        "    output: Báo cáo\n",
        "    output: Báo cáo\n" + TASK_WITH_PARTS,
    )
    _edit(
        minimal_plan,
        "ke-hoach.yaml",
        "on_behalf: [{authority: KT., of: CHÁNH VĂN PHÒNG}]",
        "on_behalf: [{authority: TL., of: CHỦ TỊCH}, {authority: KT., of: CHÁNH VĂN PHÒNG}]",
    )
    assert _findings(minimal_plan) == []


def test_what_a_part_inherits_is_reported_once_with_its_task(minimal_plan: Path) -> None:
    _edit(minimal_plan, "phu-luc.yaml", "lead: HCTC", "lead: HCTX")
    _edit(minimal_plan, "phu-luc.yaml", "deadline: 31/12/2022", "deadline: 31/01/2023")
    _edit(
        minimal_plan,
        "phu-luc.yaml",
        PART_T1,
        PART_T1 + "    parts:\n      - {id: T-1a, title: A}\n",
    )
    findings = _findings(minimal_plan)
    assert [(f.rule, f.path_text) for f in findings] == [
        ("unit-unknown", "tasks[0].lead"),
        ("deadline-outside-year", "tasks[0].deadline"),
    ]


def test_a_part_of_a_carried_over_or_continuous_task(minimal_plan: Path) -> None:
    _edit(
        minimal_plan,
        "phu-luc.yaml",
        "    deadline: 31/12/2022\n" + PART_T1,
        "    continuous: true\n    carried_over: true\n" + PART_T1 + "    parts:\n"
        "      - {id: T-1a, title: A}\n      - {id: T-1b, title: B, deadline: 31/03/2023}\n",
    )
    assert _findings(minimal_plan) == []


def _rule_ids_in(path: Path) -> set[str]:
    """The rule ids a rules module reports: string arguments of its ``problem`` and ``_unique``
    calls."""
    ids: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name in ("problem", "_unique"):
                ids |= {
                    arg.value
                    for arg in node.args
                    if isinstance(arg, ast.Constant)
                    and isinstance(arg.value, str)
                    and re.fullmatch(r"[a-z]+(-[a-z]+)+", arg.value)
                }
    return ids


def test_every_rule_is_documented_and_tested() -> None:
    source = Path(rules.__file__).parent
    ids: set[str] = set()
    for module in source.glob("rules*.py"):
        ids |= _rule_ids_in(module)
    assert len(ids) >= 30, ids
    docstring = rules.__doc__ or ""
    readme = (source.parent.parent / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("### Rules") :]
    tested = (
        {case[3] for case in CASES}
        | {case[3] for case in CASES_AT}
        | {case["rule"] for case in CORPUS_CASES}
    )
    for rule in sorted(ids):
        assert f"| {rule} " in docstring, f"{rule} is not in the docstring of rules.py"
        assert f"`{rule}`" in table, f"{rule} is not in the README's rules table"
    untested = ids - tested - ONLY_TESTED_ALONE
    assert not untested, untested


# Rules that need more than one edit, tested by their own functions above.
ONLY_TESTED_ALONE = {
    "plan-missing",
    "plan-duplicate",
    "settings-duplicate",
    "solution-letter",
    "solution-count",
}


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


@pytest.mark.parametrize("section", ["office", "report"])
def test_office_and_report_settings_once_per_plan(minimal_plan: Path, section: str) -> None:
    for name in ("cai-dat.yaml", "cai-dat-2.yaml"):
        (minimal_plan / name).write_text(
            f"schema_version: 2\n{section}:\n  confirmed: false\n", encoding="utf-8"
        )
    found = {(f.rule, f.file.name, f.line) for f in _findings(minimal_plan)}
    assert found == {("settings-duplicate", "cai-dat.yaml", 2)}


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        # The report's symbol is of a report (BC-…), never another document type's.
        ("report:\n  number_suffix: KH-VP\n", 4, "ký hiệu báo cáo"),
        ("report:\n  addressees: UBND tỉnh\n", 4, "danh sách"),
        ("office:\n  nam: Văn phòng\n", 4, "name"),
        ("report:\n  signature: {on_behalf: [{authority: KT}]}\n", 4, "KT."),
    ],
)
def test_bad_office_and_report_settings_are_located(
    minimal_plan: Path, text: str, line: int, words: str
) -> None:
    (minimal_plan / "cai-dat.yaml").write_text(f"schema_version: 2\n\n{text}", encoding="utf-8")
    findings = _findings(minimal_plan)
    assert [(f.file.name, f.line) for f in findings] == [("cai-dat.yaml", line)], findings
    assert words in findings[0].message


def test_a_note_kind_is_one_of_four(minimal_plan: Path) -> None:
    _edit(
        minimal_plan,
        "phu-luc.yaml",
        "deadline: 31/12/2022",
        "deadline: 31/12/2022\n    progress:\n      notes:\n"
        "        - {on: 01/07/2022, kind: result, text: Đã rà soát 45 TTHC}\n"
        "        - {on: 02/07/2022, kind: khó khăn, text: Thiếu người}",
    )
    findings = _findings(minimal_plan)
    assert [(f.rule, f.file.name) for f in findings] == [("invalid-value", "phu-luc.yaml")]
    assert "shortcoming" in findings[0].message
    where = (minimal_plan / "phu-luc.yaml").read_text(encoding="utf-8").splitlines()
    line = findings[0].line
    assert line is not None and "khó khăn" in where[line - 1]


# The maxima and the number ranked come from the index (or the result itself): one edit of the
# index, one of the results. (index edit, result, rule or None, line, column, words)
PAR_NAME = "    name: Chỉ số cải cách hành chính (PAR Index)\n"
PAR_3 = '{code: "3", name: Cải cách TTHC}'
INDEX_CASES = [
    (PAR_NAME, PAR_NAME + "    max_points: 100\n", "{index: PAR, year: 2021, value: 100.5, source: QĐ}",
     "score-above-max", 19, 37, "100,5, lớn hơn điểm tối đa của PAR trong 'indexes' ('max_points', chưa xác nhận) 100"),
    (PAR_3, PAR_3[:-1] + ", max_points: 14.5, max_confirmed: true}", "{index: PAR 3, year: 2021, value: 15, source: QĐ}",
     "score-above-max", 19, 39, "15, lớn hơn điểm tối đa của PAR 3 trong 'indexes' ('max_points') 14,5"),
    # The maximum the publication states wins over the index's: 54,2/61,5 of a 100-point index.
    (PAR_NAME, PAR_NAME + "    max_points: 100\n", "{index: PAR, year: 2022, value: 54.2, max_value: 61.5, source: QĐ}",
     None, 0, 0, ""),
    (PAR_NAME, PAR_NAME + "    max_points: 100\n", "{index: PAR, year: 2022, value: 62, max_value: 61.5, source: QĐ}",
     "score-above-max", 19, 37, "62, lớn hơn điểm tối đa kết quả này ghi ('max_value') 61,5"),
    (PAR_3, PAR_3[:-1] + ", max_points: 14.5}", "{index: PAR 3, year: 2021, value: 14.5, source: QĐ}",
     None, 0, 0, ""),
    (PAR_NAME, PAR_NAME + "    ranked_of: 63\n", "{index: PAR, year: 2021, rank: 64, source: QĐ}",
     "rank-out-of", 19, 36, "thứ hạng 64 nằm ngoài khoảng 1 đến 63: chỉ số PAR xếp hạng 63 đơn vị"),
    (PAR_NAME, PAR_NAME + "    ranked_of: 63\n", "{index: PAR 3, year: 2021, rank: 20, of: 64, source: QĐ}",
     "rank-out-of", 19, 46, "tổng số được xếp hạng 64 ('of') lớn hơn số đơn vị được xếp hạng"),
    (PAR_NAME, PAR_NAME + "    ranked_of: 63\n", "{index: PAR, year: 2021, rank: 63, of: 63, source: QĐ}",
     None, 0, 0, ""),
    # A self-assessed result need not name a source; a published one must.
    (PAR_NAME, PAR_NAME, "{index: PAR, year: 2022, value: 88, assessment: self}", None, 0, 0, ""),
    (PAR_NAME, PAR_NAME, "{index: PAR, year: 2022, value: 88, assessment: published}",
     "result-source", 19, 5, "kết quả PAR năm 2022 là kết quả được công bố"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "result", "rule", "line", "column", "words"), INDEX_CASES)
def test_maxima_and_ranking_of_an_index(
    minimal_plan: Path,
    old: str,
    new: str,
    result: str,
    rule: str | None,
    line: int,
    column: int,
    words: str,
) -> None:
    _edit(minimal_plan, "danh-muc.yaml", old, new)
    _edit(
        minimal_plan,
        "phu-luc.yaml",
        "schema_version: 2",
        f"results:\n  - {result}\nschema_version: 2",
    )
    findings = _findings(minimal_plan)
    if rule is None:
        assert findings == []
        return
    assert [(f.rule, f.file.name, f.line, f.column) for f in findings] == [
        (rule, "phu-luc.yaml", line, column)
    ], findings
    assert words in findings[0].message


def test_measurements_and_mappings_of_known_indicators_are_valid(minimal_plan: Path) -> None:
    _edit(
        minimal_plan,
        "phu-luc.yaml",
        "schema_version: 2",
        "measurements:\n"
        "  - {indicator: PAR 3, period: Q1, value: 90}\n"
        "  - {indicator: PAR 3, period: Q2, value: 91}\n"
        "  - {indicator: SIPAS 2, period: Q1, value: 91}\n"
        "imports:\n"
        "  - {id: QD766, period_column: Kỳ, columns: [{indicator: PAR 3, value: Tỷ lệ}]}\n"
        "schema_version: 2",
    )
    assert _findings(minimal_plan) == []
