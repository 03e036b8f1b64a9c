"""Validating the sections of plan files into :class:`~parplan.plan_parts.PlanParts`.

Each top-level section of a file (``plan``, ``departments``, ``tasks``, …) is validated against
its model item by item; what fails becomes findings at its place, what passes is kept with its
place. :func:`assemble` does this for every file of one plan folder and runs the rules across them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from parplan.findings import PendingFinding, YamlPath
from parplan.model import (
    SCHEMA_VERSION,
    SECTIONS,
    CalendarSettings,
    ImportMapping,
    IndexResult,
    Measurement,
    OfficeSettings,
    PlanDocument,
    PlanIndex,
    ReportingSettings,
    ReportSettings,
    Target,
    Task,
    Unit,
)
from parplan.plan_parts import Located, PlanParts
from parplan.rules import check_plan
from parplan.schema_errors import schema_problems
from parplan.source_file import SourceFile
from parplan.text import closest

__all__ = ["add_file", "assemble"]

T = TypeVar("T", bound=BaseModel)


_LIST_SECTIONS: dict[str, type[BaseModel]] = {
    "departments": Unit,
    "indexes": PlanIndex,
    "targets": Target,
    "results": IndexResult,
    "measurements": Measurement,
    "imports": ImportMapping,
    "tasks": Task,
}
_SINGLE_SECTIONS: dict[str, type[BaseModel]] = {
    "plan": PlanDocument,
    "reporting": ReportingSettings,
    "calendar": CalendarSettings,
    "office": OfficeSettings,
    "report": ReportSettings,
}
_SINGLE_BUCKETS = {
    "plan": "documents",
    "reporting": "reporting",
    "calendar": "calendars",
    "office": "offices",
    "report": "reports",
}
_REGISTRY_CODE_KEYS = {"departments": "code", "indexes": "code"}


def _validate_item(
    parts: PlanParts, source: SourceFile, model: type[T], data: Any, path: YamlPath
) -> T | None:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        for rule, message, loc, at_key in schema_problems(error, model, path):
            parts.problem(source.path, rule, message, loc, at_key=at_key)
        parts.complete = False
        return None


def _add_sections(parts: PlanParts, source: SourceFile) -> None:
    """The top-level sections of a file that was read, each validated against its model."""
    data = source.data
    if data is None:
        parts.problem(source.path, "empty-file", "tệp rỗng: không có phần nào của kế hoạch")
        return
    if not isinstance(data, dict):
        kind = "danh sách" if isinstance(data, list) else "một giá trị đơn"
        parts.problem(
            source.path,
            "wrong-type",
            f"tệp kế hoạch phải là các phần 'khóa: giá trị' ({', '.join(SECTIONS)}), "
            f"không phải {kind}",
        )
        parts.complete = False
        return
    if not _readable_version(parts, source, data):
        parts.complete = False
        return
    for key, value in data.items():
        name = str(key)
        if name == "schema_version":
            continue
        if name in _LIST_SECTIONS:
            _add_list_section(parts, source, name, value)
        elif name in _SINGLE_SECTIONS:
            _add_single_section(parts, source, name, value)
        else:
            _unknown_section(parts, source, name)


def _readable_version(parts: PlanParts, source: SourceFile, data: dict[Any, Any]) -> bool:
    """Whether the file is written in the format this parplan reads (``schema_version: 2``);
    a file of format 1 (no ``schema_version``) is told how to rewrite it."""
    if "schema_version" not in data:
        parts.problem(
            source.path,
            "format-outdated",
            "tệp viết theo định dạng cũ (phiên bản 1, chưa có 'schema_version'): chạy "
            f"'parplan migrate {source.path.parent}' để chuyển sang định dạng {SCHEMA_VERSION} "
            "(giữ nguyên chú thích và các dòng không đổi)",
        )
        return False
    version = data["schema_version"]
    if version == SCHEMA_VERSION and type(version) is int:
        return True
    if type(version) is int and version > SCHEMA_VERSION:
        message = (
            f"tệp viết theo định dạng phiên bản {version}, mới hơn định dạng {SCHEMA_VERSION} mà "
            "bản parplan này đọc được: cập nhật parplan"
        )
    elif type(version) is int and version == 1:
        message = (
            f"định dạng phiên bản 1: chạy 'parplan migrate {source.path.parent}' để chuyển sang "
            f"định dạng {SCHEMA_VERSION}"
        )
    else:
        message = f"schema_version phải là {SCHEMA_VERSION} (phiên bản định dạng tệp kế hoạch)"
    parts.problem(source.path, "format-version", message, ("schema_version",))
    return False


def _add_list_section(parts: PlanParts, source: SourceFile, name: str, value: Any) -> None:
    """The items of a list section (``tasks``, ``departments``, …), each validated alone."""
    model = _LIST_SECTIONS[name]
    if not isinstance(value, list):
        parts.problem(
            source.path,
            "wrong-type",
            f"phần '{name}' phải là danh sách (mỗi phần tử bắt đầu bằng '- ')",
            (name,),
        )
        parts.complete = False
        return
    bucket: list[Any] = getattr(parts, name)
    for index, item in enumerate(value):
        validated = _validate_item(parts, source, model, item, (name, index))
        if validated is not None:
            bucket.append(Located(validated, source.path, (name, index)))
        elif name in _REGISTRY_CODE_KEYS and isinstance(item, dict):
            code = item.get(_REGISTRY_CODE_KEYS[name])
            if code is not None:
                parts.unvalidated_codes.setdefault(name, set()).add(str(code))


def _add_single_section(parts: PlanParts, source: SourceFile, name: str, value: Any) -> None:
    """A section that is one mapping (``plan``, ``reporting``, ``calendar``, ``office``,
    ``report``)."""
    validated = _validate_item(parts, source, _SINGLE_SECTIONS[name], value, (name,))
    if validated is not None:
        bucket: list[Any] = getattr(parts, _SINGLE_BUCKETS[name])
        bucket.append(Located(validated, source.path, (name,)))


def _unknown_section(parts: PlanParts, source: SourceFile, name: str) -> None:
    suggestion = closest(name, SECTIONS)
    hint = (
        f"; bạn có muốn viết '{suggestion}'?"
        if suggestion
        else f"; các phần hợp lệ: {', '.join(SECTIONS)}"
    )
    parts.problem(
        source.path,
        "unknown-key",
        f"phần '{name}' không có trong mẫu tệp kế hoạch{hint}",
        (name,),
        at_key=True,
    )


def assemble(folder: Path, sources: Sequence[SourceFile]) -> PlanParts:
    """Validate every file of one plan folder and run the rules across them."""
    parts = PlanParts(folder=folder, files=list(sources))
    for source in sources:
        add_file(parts, source)
    check_plan(parts)
    return parts


def add_file(parts: PlanParts, source: SourceFile) -> None:
    """The sections of a file that could be read, or the reason it could not."""
    if source.problem is None:
        _add_sections(parts, source)
        return
    problem = source.problem
    parts.findings.append(
        PendingFinding(
            source.path, problem.rule, problem.message, line=problem.line, column=problem.column
        )
    )
    parts.complete = False
