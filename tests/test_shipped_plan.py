"""The plan the repository ships: valid, faithful to the text as issued, and honest about gaps."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from parplan.loading import load_plan, validate_paths
from parplan.model import Plan
from parplan.schema import SCHEMA_FILE_NAME, plan_file_schema_text
from parplan.yaml_reader import decode_plan_text, parse_yaml

from .conftest import SHIPPED_PLANS

PLAN_FILES = sorted(SHIPPED_PLANS.rglob("*.yaml"))
COMMITTED_SCHEMA = SHIPPED_PLANS / SCHEMA_FILE_NAME


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(SHIPPED_PLANS)


def test_shipped_plans_validate() -> None:
    result, parts = validate_paths([SHIPPED_PLANS])
    assert result.findings == []
    assert [p.documents[0].value.year for p in parts] == [2022]
    assert len(result.files) == len(PLAN_FILES) >= 4


def test_the_plan_document_is_transcribed(plan: Plan) -> None:
    document = plan.document
    assert document.year == 2022
    assert document.basis[0].number == "142/KH-UBND"
    assert document.basis[0].date is not None
    assert document.basis[0].date.isoformat() == "2022-07-15"
    assert document.theme is not None and document.theme.startswith("Tăng cường kỷ cương")
    assert [s.letter for s in document.solutions] == ["a", "b", "c", "d", "đ", "e", "g", "h"]
    assert document.solutions[5].text.startswith("Thường xuyên kiểm tra, đánh giá")
    assert len(document.purposes) == 2 and len(document.requirements) == 3
    assert document.requirements[0].startswith("Hoàn thành 100% nhiệm vụ")
    assert len(document.organization) == 2
    assert "phòng Hành chính - Tổ chức chủ trì" in document.organization[1]
    assert document.recipients[0] == "PCT.TT UBND tỉnh (b/c)"
    assert document.recipients[-1] == "Lưu VT, HCTC. (B_3b)."
    signature = document.signature
    assert signature is not None
    assert (signature.lines, signature.name) == (
        ["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"],
        "Lê Thị Thanh Thủy",
    )


def test_what_the_text_does_not_say_is_unknown(plan: Plan) -> None:
    assert plan.document.province is None
    assert plan.document.number is None
    assert plan.document.issued_on is None
    assert plan.document.appendix_note is not None
    assert "không phải phụ lục gốc" in plan.document.appendix_note
    appendix = (SHIPPED_PLANS / "2022" / "phu-luc.yaml").read_text(encoding="utf-8")
    assert "KHÔNG phải phụ lục gốc" in appendix.split("tasks:")[0]


def test_departments_named_by_the_plan_are_confirmed_the_others_are_not(plan: Plan) -> None:
    confirmed = {unit.code for unit in plan.departments if unit.confirmed}
    assert {"HCTC", "KSTTHC"} <= confirmed
    assert plan.unit("TH") is not None
    assert not plan.unit("TH").confirmed  # type: ignore[union-attr]
    assert {unit.kind for unit in plan.departments} >= {
        "phòng",
        "ban",
        "trung tâm",
        "lãnh đạo",
        "bên ngoài",
    }


def test_the_appendix_covers_every_commitment_of_the_plan(plan: Plan) -> None:
    sources = {task.source for task in plan.tasks}
    assert {f"II.2.{s.letter}" for s in plan.document.solutions} <= sources
    assert "III.2" in sources  # the monitoring duty of Phòng HCTC
    monitoring = [t for t in plan.tasks if t.source == "III.2"]
    assert monitoring[0].lead == ("HCTC",) and monitoring[0].continuous
    reports = [t for t in plan.tasks if t.source == "II.2.d"]
    assert len(reports) == 2  # CCHC and kiểm soát TTHC
    for report in reports:
        assert report.recurrence is not None
        assert {p.value for p in report.recurrence.periods} == {"Q2", "Q3", "Q4", "H1", "Y"}
    assert [(t.measure, t.value) for t in plan.targets] == [("completion_rate", 100)]
    assert {code for t in plan.tasks for code in t.par_fields} <= {f.code for f in plan.par_fields}
    sipas = plan.index("SIPAS")
    assert len(plan.par_fields) == 8 and sipas is not None and len(sipas.items) == 5


def test_the_shipped_plan_records_no_progress(plan: Plan) -> None:
    for task in plan.tasks:
        assert task.progress is None, task.id
        assert task.occurrences == {}, task.id


@pytest.mark.parametrize("path", PLAN_FILES, ids=lambda p: p.name)
def test_every_plan_file_names_the_committed_schema(path: Path) -> None:
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line.startswith("# yaml-language-server: $schema=")
    target = (path.parent / first_line.split("$schema=", 1)[1].strip()).resolve()
    assert target == COMMITTED_SCHEMA.resolve()


def test_committed_schema_is_what_parplan_schema_prints() -> None:
    assert COMMITTED_SCHEMA.read_text(encoding="utf-8") == plan_file_schema_text(), (
        "plans/parplan.schema.json is stale: run 'make schema'"
    )


@pytest.mark.parametrize("path", PLAN_FILES, ids=lambda p: p.name)
def test_every_plan_file_passes_the_schema(path: Path) -> None:
    schema = json.loads(COMMITTED_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    data = parse_yaml(decode_plan_text(path.read_bytes()))
    jsonschema.Draft202012Validator(schema).validate(data)


def test_the_schema_rejects_what_the_model_rejects() -> None:
    schema = json.loads(COMMITTED_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    assert not validator.is_valid({"tasks": [{"id": "X", "deadlin": "2022-01-01"}]})
    assert not validator.is_valid({"plan": {"year": "2022"}})
    assert validator.is_valid({"schema_version": 2, "tasks": []})
    assert not validator.is_valid({"tasks": []})  # format 1: no schema_version
