"""``parplan migrate``: format 1 plan files rewritten in format 2, every other byte kept.

Small cases are compared byte for byte; every shipped file (the plan, the fixtures, the readable
corpus files) is compared as data with what format 2 must hold, computed here on its own.
``tests/fixtures/format-1`` keeps the shipped plan and the minimal plan in format 1 for good, so
these tests still migrate real files once the repository's own files are at format 2.
"""

from __future__ import annotations

import copy
import os
import shutil
import stat
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from parplan import migration
from parplan.errors import ParplanError
from parplan.migration import UndatedDay, migrate_folder, migrate_text
from parplan.migration_progress import undated_day
from parplan.update_lock import check_unchanged, hold_lock
from parplan.yaml_problem import YamlProblem
from parplan.yaml_reader import decode_plan_text, parse_yaml

from .conftest import FIXTURES, ROOT, SHIPPED_PLANS, RunCli, git

FORMAT_1 = FIXTURES / "format-1"
CORPUS = ROOT / "tests" / "corpus"
PAR_NAME = "Chỉ số cải cách hành chính (PAR Index)"
SIPAS_NAME = "Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)"
U = UndatedDay(date(2022, 9, 20), "ngày ghi ở --undated-on")
"""The day of undated facts the tests give."""


def _migrated(text: str) -> str:
    result = migrate_text(text, name="tep.yaml", undated=U)
    assert result.problems == (), result.problems
    return result.text


# --- byte for byte --------------------------------------------------------------------------

COMMENTS_BEFORE = """\
# Phụ lục (thử)
tasks:
  # nhiệm vụ đầu
  - id: T-1
    title: Một   # tên
    par_field: 3  # lĩnh vực
    sipas_factor: 2  # yếu tố
    lead: HCTC
    to_confirm:
      - lead
      - par_field
      - sipas_factor  # suy ra
      - output
"""
COMMENTS_AFTER = """\
# Phụ lục (thử)
schema_version: 2
tasks:
  # nhiệm vụ đầu
  - id: T-1
    title: Một   # tên
    criteria: [PAR 3, SIPAS 2]  # lĩnh vực
    # yếu tố
    lead: HCTC
    to_confirm:
      - lead
      - criteria
      # suy ra
      - output
"""

FLOW_BEFORE = """\
tasks:
  - {id: T-1, sipas_factor: 2, par_field: 1, lead: HCTC, to_confirm: [sipas_factor, 'par_field']}
  - id: T-2
    sipas_factor: 4
    to_confirm: [lead, par_field, sipas_factor]
"""
FLOW_AFTER = """\
schema_version: 2
tasks:
  - {id: T-1, criteria: [PAR 1, SIPAS 2], lead: HCTC, to_confirm: [criteria]}
  - id: T-2
    criteria: [SIPAS 4]
    to_confirm: [lead, criteria]
"""

INDEXES_BEFORE = """\
# yaml-language-server: $schema=../parplan.schema.json

# Các lĩnh vực
par_fields:  # cấp tỉnh
  - code: 1
    name: Chỉ đạo, điều hành
    short_name: "Chỉ đạo"
    source: >-
      dòng một
      dòng hai

# SIPAS: chờ xác nhận
sipas_factors: [{code: 2, name: Thủ tục hành chính}]
"""
INDEXES_AFTER = """\
# yaml-language-server: $schema=../parplan.schema.json

# Các lĩnh vực
schema_version: 2
indexes:
  - code: PAR  # cấp tỉnh
    name: Chỉ số cải cách hành chính (PAR Index)
    items:
      - code: "1"
        name: Chỉ đạo, điều hành
        short_name: "Chỉ đạo"
        source: >-
          dòng một
          dòng hai

# SIPAS: chờ xác nhận
  - code: SIPAS
    name: Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)
    items: [{code: "2", name: Thủ tục hành chính}]
"""

APART_BEFORE = """\
sipas_factors:
- {code: 1, name: S}
departments: []
# về PAR
par_fields:
  - {code: 2, name: P}
"""
APART_AFTER = """\
schema_version: 2
indexes:
- code: SIPAS
  name: Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)
  items:
  - {code: "1", name: S}
# về PAR
- code: PAR
  name: Chỉ số cải cách hành chính (PAR Index)
  items:
    - {code: "2", name: P}
departments: []
"""

SIGNATURE_BEFORE = """\
plan:
  year: 2022
  signature:
    authority: TM.   # thay mặt
    head_title: ỦY BAN NHÂN DÂN, TỈNH
    title: CHỦ TỊCH
"""
SIGNATURE_AFTER = """\
schema_version: 2
plan:
  year: 2022
  signature:
    on_behalf: [{authority: TM., of: "ỦY BAN NHÂN DÂN, TỈNH"}]   # thay mặt
    title: CHỦ TỊCH
"""

ONLY_DEPARTMENTS_BEFORE = """\
# Danh mục đơn vị

departments:
  - {code: HCTC, name: Phòng Hành chính - Tổ chức, kind: phòng}
"""
ONLY_DEPARTMENTS_AFTER = """\
# Danh mục đơn vị

schema_version: 2

departments:
  - {code: HCTC, name: Phòng Hành chính - Tổ chức, kind: phòng}
"""

CASES = {
    "comments": (COMMENTS_BEFORE, COMMENTS_AFTER),
    "flow-and-block": (FLOW_BEFORE, FLOW_AFTER),
    "indexes": (INDEXES_BEFORE, INDEXES_AFTER),
    "indexes-apart": (APART_BEFORE, APART_AFTER),
    "signature": (SIGNATURE_BEFORE, SIGNATURE_AFTER),
    "only-departments": (ONLY_DEPARTMENTS_BEFORE, ONLY_DEPARTMENTS_AFTER),
    "signature-flow": (
        "plan: {signature: {authority: 'KT.', head_title: CHÁNH VĂN PHÒNG, title: X, name: Y}}\n",
        "schema_version: 2\n"
        "plan: {signature: {on_behalf: [{authority: 'KT.', of: CHÁNH VĂN PHÒNG}], title: X, "
        "name: Y}}\n",
    ),
    "authority-alone": (
        "plan:\n  signature:\n    title: X\n    authority: KT.\n",
        "schema_version: 2\nplan:\n  signature:\n    title: X\n"
        "    on_behalf: [{authority: KT., of: null}]\n",
    ),
    "schema-version-1": (
        "# c\ntasks: []\nschema_version: 1\n",
        "# c\ntasks: []\nschema_version: 2\n",
    ),
}


PROGRESS_BEFORE = """\
tasks:
  - id: T-1
    deadline: 30/09/2022
    progress:
      status: done   # xong
      done_on: 16/09/2022
      evidence:
        - Báo cáo số 123/BC-VP ngày 16/9/2022
        - "Công văn: số 5"
      notes: [Chậm, 'có dấu, phẩy']
      extensions:
        - deadline: 30/09/2022
          reason: Chờ số liệu
        # lần sau
        - {deadline: 15/10/2022, reason: Chờ ý kiến, decided_on: 25/09/2022}
  - id: T-2
    recurrence: {periods: [Q2, Q3, Q4]}
    occurrences:
      Q2: {status: done, done_on: 2022-06-16, evidence: [Báo cáo số 5]}
      Q3:
        status: in_progress  # đang làm
        extensions: [{deadline: 30/09/2022, reason: X}]
      Q4:
        status: not_started
  - id: T-3
    progress: {status: not_started, notes: [Chưa có kinh phí]}
  - id: T-4
    progress:
      notes:
        - >-
          dòng một
          dòng hai
      status: in_progress
"""
PROGRESS_AFTER = """\
schema_version: 2
tasks:
  - id: T-1
    deadline: 30/09/2022
    progress:
      # xong
      done_on: 16/09/2022
      evidence:
        - {on: 16/09/2022, text: Báo cáo số 123/BC-VP ngày 16/9/2022}
        - {on: 16/09/2022, text: "Công văn: số 5"}
      notes: [{on: 20/09/2022, text: Chậm}, {on: 20/09/2022, text: 'có dấu, phẩy'}]
      extensions:
        - deadline: 30/09/2022
          reason: Chờ số liệu
          decided_on: 20/09/2022
        # lần sau
        - {deadline: 15/10/2022, reason: Chờ ý kiến, decided_on: 25/09/2022}
  - id: T-2
    recurrence: {periods: [Q2, Q3, Q4]}
    occurrences:
      Q2: {done_on: 2022-06-16, evidence: [{on: 2022-06-16, text: Báo cáo số 5}]}
      Q3:
        started_on: 20/09/2022  # đang làm
        extensions: [{deadline: 30/09/2022, reason: X, decided_on: 20/09/2022}]
      Q4: {}
  - id: T-3
    progress: {notes: [{on: 20/09/2022, text: Chưa có kinh phí}]}
  - id: T-4
    progress:
      notes:
        - {on: 20/09/2022, text: "dòng một dòng hai"}
      started_on: 20/09/2022
"""
CASES["progress"] = (PROGRESS_BEFORE, PROGRESS_AFTER)
CASES["progress-done-only"] = (
    "tasks:\n  - id: T-1\n    progress: {status: done, done_on: 01/08/2022, evidence: [CV 1]}\n",
    "schema_version: 2\ntasks:\n  - id: T-1\n    progress: {done_on: 01/08/2022, evidence: "
    "[{on: 01/08/2022, text: CV 1}]}\n",
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_small_files_byte_for_byte(case: str) -> None:
    before, after = CASES[case]
    result = migrate_text(before, name="tep.yaml", undated=U)
    assert result.problems == ()
    assert result.text == after
    assert result.changed
    assert result.changes
    assert parse_yaml(result.text) == format_2(parse_yaml(before), U.day)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_migrating_twice_changes_nothing_the_second_time(case: str) -> None:
    once = _migrated(CASES[case][0])
    again = migrate_text(once, name="tep.yaml", undated=U)
    assert (again.text, again.changed, again.changes, again.problems) == (once, False, (), ())


def test_crlf_line_endings_are_kept_everywhere() -> None:
    before = FLOW_BEFORE.replace("\n", "\r\n")
    assert _migrated(before) == FLOW_AFTER.replace("\n", "\r\n")
    indexes = _migrated(INDEXES_BEFORE.replace("\n", "\r\n"))
    assert indexes == INDEXES_AFTER.replace("\n", "\r\n")
    progress = _migrated(PROGRESS_BEFORE.replace("\n", "\r\n"))
    assert progress == PROGRESS_AFTER.replace("\n", "\r\n")


def test_the_changes_are_told_in_vietnamese() -> None:
    result = migrate_text(COMMENTS_BEFORE, name="tep.yaml")
    assert result.changes == (
        "thêm schema_version: 2",
        "par_field, sipas_factor → criteria ở 1 nhiệm vụ",
        "to_confirm: par_field, sipas_factor → criteria ở 1 nhiệm vụ",
    )


UNEXPECTED = {
    "quoted-par-field": ('tasks:\n  - id: T-1\n    par_field: "3"\n', "migrate-unexpected", 3, 16),
    "word-par-field": ("tasks:\n  - id: T-1\n    par_field: ba\n", "migrate-unexpected", 3, 16),
    "par-field-on-its-dash": (
        "tasks:\n  - sipas_factor: 2\n    par_field: 1\n",
        "migrate-unexpected",
        2,
        5,
    ),
    "tasks-not-a-list": ("tasks:\n  id: T-1\n", "migrate-unexpected", 2, 3),
    "code-not-a-number": ("par_fields:\n  - {code: a, name: X}\n", "migrate-unexpected", 2, 12),
    "head-title-alone": ("plan:\n  signature: {head_title: X}\n", "migrate-unexpected", 2, 15),
    "too-new": ("schema_version: 3\ntasks: []\n", "format-version", 1, 17),
    "version-as-text": ('schema_version: "2"\ntasks: []\n', "migrate-unexpected", 1, 17),
    "not-yaml": ("tasks: [\n", "yaml-syntax", None, None),
    "empty": ("# chỉ có chú thích\n", "migrate-unexpected", 1, 1),
    "a-list": ("- id: T-1\n", "migrate-unexpected", 1, 1),
    "done-without-day": (
        "tasks:\n  - id: T-1\n    progress:\n      status: done\n",
        "migrate-unexpected",
        4,
        15,
    ),
    "day-without-done": (
        "tasks:\n  - id: T-1\n    progress: {status: in_progress, done_on: 01/08/2022}\n",
        "migrate-unexpected",
        3,
        46,
    ),
    "day-without-status": (
        "tasks:\n  - id: T-1\n    progress: {done_on: 01/08/2022}\n",
        "migrate-unexpected",
        3,
        25,
    ),
    "evidence-never-started": (
        "tasks:\n  - id: T-1\n    progress: {evidence: [CV 1]}\n",
        "migrate-unexpected",
        3,
        15,
    ),
    "status-unknown": (
        "tasks:\n  - id: T-1\n    progress: {status: xong}\n",
        "migrate-unexpected",
        3,
        24,
    ),
    "evidence-not-text": (
        "tasks:\n  - id: T-1\n    progress: {status: in_progress, evidence: [{a: 1}]}\n",
        "migrate-unexpected",
        3,
        48,
    ),
    "decided-on-empty": (
        "tasks:\n  - id: T-1\n    progress:\n      extensions:\n"
        "        - {deadline: 01/10/2022, reason: X, decided_on: }\n",
        "migrate-unexpected",
        5,
        45,
    ),
}


@pytest.mark.parametrize("case", UNEXPECTED, ids=str)
def test_what_it_does_not_expect_is_left_alone_and_reported(case: str) -> None:
    text, rule, line, column = UNEXPECTED[case]
    result = migrate_text(text, name="plans/2022/tep.yaml", undated=U)
    assert (result.text, result.changed, result.changes) == (text, False, ())
    assert [(p.rule, str(p.file)) for p in result.problems][:1] == [(rule, "plans/2022/tep.yaml")]
    if line is not None:
        assert (result.problems[0].line, result.problems[0].column) == (line, column)


def test_a_file_at_format_2_is_unchanged() -> None:
    text = "schema_version: 2\ntasks:\n  - par_field: 3\n"
    result = migrate_text(text, name="tep.yaml")
    assert (result.text, result.changed, result.changes, result.problems) == (text, False, (), ())


# --- data: every shipped file ---------------------------------------------------------------


def format_2(data: dict[str, Any], undated: date | None = None) -> dict[str, Any]:
    """What format 2 holds for a format 1 file's data, written apart from the migration; facts
    of progress format 1 left undated are dated ``undated``."""
    new: dict[str, Any] = {"schema_version": 2}
    indexes = []
    for key, value in data.items():
        if key == "par_fields":
            indexes.append({"code": "PAR", "name": PAR_NAME, "items": _coded(value)})
        elif key == "sipas_factors":
            indexes.append({"code": "SIPAS", "name": SIPAS_NAME, "items": _coded(value)})
        elif key != "schema_version":
            new[key] = copy.deepcopy(value)
    if indexes:
        new["indexes"] = indexes
    for task in new.get("tasks") or []:
        criteria = []
        if "par_field" in task:
            criteria.append(f"PAR {task.pop('par_field')}")
        if "sipas_factor" in task:
            criteria.append(f"SIPAS {task.pop('sipas_factor')}")
        if criteria:
            task["criteria"] = criteria
        if "to_confirm" in task:
            fields: list[str] = []
            for written in task["to_confirm"]:
                field = "criteria" if written in ("par_field", "sipas_factor") else written
                if field != "criteria" or field not in fields:
                    fields.append(field)
            task["to_confirm"] = fields
    signature = new.get("plan", {}).get("signature")
    if signature and "authority" in signature:
        of = signature.pop("head_title", None)
        signature["on_behalf"] = [{"authority": signature.pop("authority"), "of": of}]
    for task in new.get("tasks") or []:
        records = [task.get("progress"), *(task.get("occurrences") or {}).values()]
        for record in records:
            if record is not None:
                _dated(record, undated.strftime("%d/%m/%Y") if undated else None)
    return new


def _dated(record: dict[str, Any], day: str | None) -> None:
    """A progress record of format 1 as the dated facts of format 2."""
    status = record.pop("status", "not_started")
    if status == "in_progress":
        record["started_on"] = day
    if "evidence" in record:
        on = record["done_on"] if status == "done" else day
        record["evidence"] = [{"on": on, "text": text} for text in record["evidence"]]
    if "notes" in record:
        record["notes"] = [{"on": day, "text": text} for text in record["notes"]]
    for extension in record.get("extensions", []):
        extension.setdefault("decided_on", day)


def _coded(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**item, "code": str(item["code"])} for item in items]


def _readable(path: Path) -> str | None:
    try:
        text = decode_plan_text(path.read_bytes())
        return text if isinstance(parse_yaml(text), dict) else None
    except YamlProblem:
        return None


SHIPPED = sorted(
    path
    for path in [
        *FORMAT_1.rglob("*.yaml"),
        *SHIPPED_PLANS.rglob("*.yaml"),
        *(path for path in FIXTURES.rglob("*.yaml") if FORMAT_1 not in path.parents),
        *(path for path in CORPUS.glob("*.yaml") if path.name != "expected.yaml"),
    ]
    if _readable(path) is not None  # the others' problem comes before any format
)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.relative_to(ROOT).as_posix())
def test_every_shipped_file_keeps_its_data(path: Path) -> None:
    text = _readable(path)
    assert text is not None
    result = migrate_text(text, name=str(path), undated=U)
    if result.problems:  # only corpus files, whose defect is what the migration cannot take
        assert path.parent == CORPUS, result.problems
        assert result.text == text
        return
    data = parse_yaml(text)
    if "schema_version" in data:
        assert not result.changed
        return
    assert result.changed
    assert parse_yaml(result.text) == format_2(data, U.day)
    assert migrate_text(result.text, name=str(path)).text == result.text
    kept = [line for line in text.splitlines() if line.lstrip().startswith("#")]
    assert [line for line in kept if line.strip() not in result.text] == []


def test_the_format_1_plan_is_really_migrated() -> None:
    """The frozen copy of the shipped plan exercises every change at least once."""
    changes = [
        change
        for path in sorted((FORMAT_1 / "plans-2022").glob("*.yaml"))
        for change in migrate_text(path.read_text(encoding="utf-8"), name=path.name).changes
    ]
    assert "par_fields → indexes (PAR, 8 mục)" in changes
    assert "sipas_factors → indexes (SIPAS, 5 mục)" in changes
    assert "signature: authority, head_title → on_behalf" in changes
    assert "par_field, sipas_factor → criteria ở 11 nhiệm vụ" in changes
    assert changes.count("thêm schema_version: 2") == 5


# --- files and the command ------------------------------------------------------------------


@pytest.fixture
def old_plan(tmp_path: Path) -> Path:
    """A copy of the shipped plan in format 1, under plans/2022 of a working folder."""
    folder = tmp_path / "plans" / "2022"
    shutil.copytree(FORMAT_1 / "plans-2022", folder)
    return folder


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


def test_check_writes_nothing_and_exits_1(old_plan: Path, run_cli: RunCli) -> None:
    before = _snapshot(old_plan)
    result = run_cli("migrate", "--check", cwd=old_plan.parent.parent)
    assert result.exit_code == 1, result
    assert _snapshot(old_plan) == before
    lines = result.stdout.splitlines()
    assert lines[1] == (
        "cần chuyển plans/2022/chi-so.yaml sang định dạng 2: thêm schema_version: 2; "
        "par_fields → indexes (PAR, 8 mục); sipas_factors → indexes (SIPAS, 5 mục)"
    )
    assert len(lines) == 6 and lines[-1].startswith("Có 5 tệp cần chuyển")


def test_migrate_writes_one_line_a_file_then_has_nothing_to_do(
    old_plan: Path, run_cli: RunCli
) -> None:
    result = run_cli("migrate", "plans", cwd=old_plan.parent.parent)
    assert result.exit_code == 0, result
    assert result.stdout.splitlines()[-1] == (
        "đã chuyển plans/2022/phu-luc.yaml sang định dạng 2: thêm schema_version: 2; "
        "par_field, sipas_factor → criteria ở 11 nhiệm vụ; "
        "to_confirm: par_field, sipas_factor → criteria ở 11 nhiệm vụ"
    )
    assert len(result.stdout.splitlines()) == 5
    for path in old_plan.glob("*.yaml"):
        original = (FORMAT_1 / "plans-2022" / path.name).read_text(encoding="utf-8")
        assert path.read_text(encoding="utf-8") == _migrated(original)
    after = _snapshot(old_plan)
    for args in (("migrate", "plans"), ("migrate", "--check", "plans")):
        again = run_cli(*args, cwd=old_plan.parent.parent)
        assert again.exit_code == 0, again
        assert again.stdout == "Không có tệp nào cần chuyển: 5 tệp đã ở định dạng 2.\n"
    assert _snapshot(old_plan) == after


def test_a_file_it_cannot_migrate_is_reported_and_the_others_migrate(
    old_plan: Path, run_cli: RunCli
) -> None:
    bad = old_plan / "them.yaml"
    bad.write_text("tasks:\n  - id: T-9\n    par_field: ba\n", encoding="utf-8")
    result = run_cli("migrate", "--plans", str(old_plan), cwd=old_plan.parent.parent)
    assert result.exit_code == 1, result
    assert "plans/2022/them.yaml:3:16: lỗi [migrate-unexpected]" in result.stderr
    assert bad.read_text(encoding="utf-8") == "tasks:\n  - id: T-9\n    par_field: ba\n"
    assert result.stdout.count("đã chuyển ") == 5


def test_a_linked_plan_file_is_refused_unread(
    old_plan: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    secret = tmp_path / "bi-mat.yaml"
    secret.write_text("tasks:\n  - id: BI_MAT_1\n    par_field: 1\n", encoding="utf-8")
    (old_plan / "x.yaml").symlink_to(secret)
    for args in (("migrate", str(old_plan)), ("migrate", str(old_plan / "x.yaml"))):
        result = run_cli(*args)
        assert result.exit_code == 1, result
        assert "[symlink]" in result.stderr
        assert "BI_MAT" not in result.stdout + result.stderr
    assert (old_plan / "x.yaml").is_symlink()
    assert secret.read_text(encoding="utf-8") == "tasks:\n  - id: BI_MAT_1\n    par_field: 1\n"


def test_a_missing_path_is_a_usage_error(tmp_path: Path, run_cli: RunCli) -> None:
    result = run_cli("migrate", str(tmp_path / "khong-co"))
    assert result.exit_code == 2, result


def test_byte_order_mark_and_permissions_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "phu-luc.yaml"
    path.write_bytes("\ufefftasks:\n  - id: T-1\n    par_field: 1\n".encode())
    path.chmod(0o640)
    [result] = migrate_folder([path])
    assert result.written
    assert path.read_bytes() == (
        "\ufeffschema_version: 2\ntasks:\n  - id: T-1\n    criteria: [PAR 1]\n".encode()
    )
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_it_waits_for_an_update_of_the_same_plan(
    old_plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(migration, "LOCK_TIMEOUT_SECONDS", 0.2)
    before = _snapshot(old_plan)
    with hold_lock(old_plan, 1), pytest.raises(ParplanError, match="parplan update"):
        migrate_folder([old_plan / "phu-luc.yaml"])
    assert _snapshot(old_plan) == before


def test_an_editors_change_meanwhile_is_kept(
    old_plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = old_plan / "cai-dat.yaml"

    def editor_saves_first(checked: Path, snapshot: Any) -> None:
        checked.write_text("# sửa trong trình soạn thảo\n", encoding="utf-8")
        check_unchanged(checked, snapshot)

    monkeypatch.setattr("parplan.migration.check_unchanged", editor_saves_first)
    [result] = migrate_folder([path])
    assert not result.written
    assert [problem.rule for problem in result.problems] == ["changed-meanwhile"]
    assert path.read_text(encoding="utf-8") == "# sửa trong trình soạn thảo\n"


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_nothing_is_written_with_check(old_plan: Path) -> None:
    before = {path: path.stat().st_mtime_ns for path in old_plan.iterdir()}
    results = migrate_folder([old_plan], check=True)
    assert [result.path.name for result in results if result.changes] == sorted(
        path.name for path in old_plan.glob("*.yaml")
    )
    assert not any(result.written for result in results)
    assert {path: path.stat().st_mtime_ns for path in old_plan.iterdir()} == before


# --- progress: dated facts ------------------------------------------------------------------


def test_progress_changes_are_told_with_the_day_used_and_why() -> None:
    result = migrate_text(PROGRESS_BEFORE, name="tep.yaml", undated=U)
    assert result.changes[-1] == (
        "tiến độ ghi thành sự việc có ngày ở 6 bản ghi; sự việc không ghi ngày lấy ngày "
        "20/09/2022 (ngày ghi ở --undated-on)"
    )


def test_the_day_is_asked_for_only_when_a_fact_needs_it() -> None:
    asked: list[bool] = []

    def day() -> UndatedDay:
        asked.append(True)
        return U

    done_only = CASES["progress-done-only"][0]
    result = migrate_text(done_only, name="tep.yaml", undated=day)
    assert (result.problems, asked) == ((), [])
    assert result.changes[-1] == "tiến độ ghi thành sự việc có ngày ở 1 bản ghi"
    assert migrate_text(PROGRESS_BEFORE, name="tep.yaml", undated=day).problems == ()
    assert asked == [True]  # once for the file, however many facts need it
    without = migrate_text(PROGRESS_BEFORE, name="tep.yaml")
    assert [problem.rule for problem in without.problems][:1] == ["migrate-unexpected"]
    assert "cần một ngày cho các sự việc không ghi ngày" in without.problems[0].message
    assert without.text == PROGRESS_BEFORE


@pytest.mark.parametrize("name", ["progress-2022", "example-progress"])
def test_the_format_1_progress_fixtures_become_the_format_2_ones(name: str) -> None:
    """Written by hand, the format 2 fixtures dated every undated fact 01/07/2022: the migration
    with that day gives exactly their data."""
    old = (FORMAT_1 / name / "tien-do.yaml").read_text(encoding="utf-8")
    july = UndatedDay(date(2022, 7, 1), "ngày ghi ở --undated-on")
    result = migrate_text(old, name="tien-do.yaml", undated=july)
    assert result.problems == ()
    new = (FIXTURES / name / "tien-do.yaml").read_text(encoding="utf-8")
    assert parse_yaml(result.text) == without_note_kinds(parse_yaml(new))


def without_note_kinds(data: Any) -> Any:
    """Format 2 data as format 1 could say it: the notes' kinds (format 2 only; the office gives
    them after migrating) set aside, everything else as it is."""
    if isinstance(data, dict):
        return {
            key: [{k: v for k, v in note.items() if k != "kind"} for note in value]
            if key == "notes"
            else without_note_kinds(value)
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [without_note_kinds(item) for item in data]
    return data


def test_the_day_of_undated_facts_is_the_option_else_the_last_commit_else_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "phu-luc.yaml"
    path.write_text("tasks: []\n", encoding="utf-8")
    moment = time.mktime((2022, 8, 3, 12, 0, 0, 0, 0, -1))
    os.utime(path, (moment, moment))
    modified = undated_day(path)
    assert modified.day == date(2022, 8, 3)
    assert "ngày sửa tệp lần cuối" in modified.reason  # not in a repository
    given = undated_day(path, date(2022, 9, 1))
    assert (given.day, given.reason) == (date(2022, 9, 1), "ngày ghi ở --undated-on")
    git(tmp_path, "init", "-q")
    assert "ngày sửa tệp lần cuối" in undated_day(path).reason  # untracked
    monkeypatch.setenv("GIT_AUTHOR_DATE", "2022-09-20T10:00:00+07:00")
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2022-10-05T10:00:00+07:00")
    git(tmp_path, "add", "phu-luc.yaml")
    git(tmp_path, "commit", "-q", "-m", "kế hoạch")
    committed = undated_day(path)
    assert committed == UndatedDay(
        date(2022, 9, 20), "ngày của lần commit cuối cùng của tệp trong git"
    )
    path.write_text("tasks: []\n# sửa chưa commit\n", encoding="utf-8")
    os.utime(path, (moment, moment))
    assert undated_day(path).day == date(2022, 8, 3)  # changed since: the commit is not it


def _old_plan_with_progress(tmp_path: Path) -> Path:
    folder = tmp_path / "plans" / "2022"
    shutil.copytree(FORMAT_1 / "minimal", folder)
    shutil.copy(FORMAT_1 / "progress-2022" / "tien-do.yaml", folder)
    return folder


def test_migrate_dates_progress_with_the_day_given(tmp_path: Path, run_cli: RunCli) -> None:
    folder = _old_plan_with_progress(tmp_path)
    result = run_cli("migrate", "--undated-on", "01/07/2022", cwd=tmp_path)
    assert result.exit_code == 0, result
    assert (
        "đã chuyển plans/2022/tien-do.yaml sang định dạng 2: thêm schema_version: 2; "
        "par_field, sipas_factor → criteria ở 9 nhiệm vụ; tiến độ ghi thành sự việc có ngày ở 6 "
        "bản ghi; sự việc không ghi ngày lấy ngày 01/07/2022 (ngày ghi ở --undated-on)"
    ) in result.stdout.splitlines()
    migrated = parse_yaml((folder / "tien-do.yaml").read_text(encoding="utf-8"))
    written = (FIXTURES / "progress-2022" / "tien-do.yaml").read_text(encoding="utf-8")
    assert migrated == without_note_kinds(parse_yaml(written))
    valid = run_cli("validate", str(folder))
    assert valid.exit_code == 0, valid


def test_migrate_says_it_took_the_files_day_outside_git(tmp_path: Path, run_cli: RunCli) -> None:
    folder = _old_plan_with_progress(tmp_path)
    moment = time.mktime((2022, 9, 30, 9, 0, 0, 0, 0, -1))
    os.utime(folder / "tien-do.yaml", (moment, moment))
    result = run_cli("migrate", "--check", cwd=tmp_path)
    assert result.exit_code == 1, result
    said = [line for line in result.stdout.splitlines() if "tien-do.yaml" in line]
    assert said == [
        "cần chuyển plans/2022/tien-do.yaml sang định dạng 2: thêm schema_version: 2; "
        "par_field, sipas_factor → criteria ở 9 nhiệm vụ; tiến độ ghi thành sự việc có ngày ở 6 "
        "bản ghi; sự việc không ghi ngày lấy ngày 30/09/2022 (ngày sửa tệp lần cuối, vì tệp "
        "không nằm trong git hoặc có thay đổi chưa commit)"
    ]


def test_a_day_that_does_not_read_is_a_usage_error(tmp_path: Path, run_cli: RunCli) -> None:
    _old_plan_with_progress(tmp_path)
    result = run_cli("migrate", "--undated-on", "hôm qua", cwd=tmp_path)
    assert result.exit_code == 2, result
    assert "ngày không hợp lệ cho '--undated-on'" in result.stderr
