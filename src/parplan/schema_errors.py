"""pydantic's validation errors as Vietnamese findings: a rule id, a message, the YAML path."""

from __future__ import annotations

import types
import typing
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from parplan.model_progress import DatedText, Extension, Progress
from parplan.periods import Period
from parplan.plan_values import PATTERN_NAMES
from parplan.text import closest

__all__ = ["STATUS_KEY", "SchemaProblem", "schema_problems"]

SchemaProblem = tuple[str, str, tuple[str | int, ...], bool]
"""(rule, message, yaml path, whether the place is the key rather than its value)."""


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types inside Optional, Annotated and unions."""
    origin = get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        found: list[Any] = []
        for arg in get_args(annotation):
            found.extend(_unwrap(arg))
        return found
    return [annotation]


def _model_at(root: type[BaseModel], path: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model class whose instance sits at ``path`` below ``root``, if the path leads to one."""
    current: list[Any] = [root]
    for part in path:
        following: list[Any] = []
        for candidate in current:
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                field = candidate.model_fields.get(str(part))
                if field is not None:
                    following.extend(_unwrap(field.annotation))
                continue
            origin = get_origin(candidate)
            args = get_args(candidate)
            if origin in (list, tuple) and isinstance(part, int) and args:
                following.extend(_unwrap(args[0]))
            elif origin is dict and len(args) == 2:
                following.extend(_unwrap(args[1]))
        current = following
    return next(
        (c for c in current if isinstance(c, type) and issubclass(c, BaseModel)),
        None,
    )


def _known_keys(root: type[BaseModel], path: tuple[str | int, ...]) -> list[str]:
    model = _model_at(root, path)
    return list(model.model_fields) if model is not None else []


def _show(value: Any) -> str:
    if value is None:
        return "giá trị rỗng"
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 60 else text[:57] + "…"


STATUS_KEY = (
    "không còn ghi 'status': hoàn thành là 'done_on: <ngày>', bắt đầu là 'started_on: <ngày>'"
    " (tiến độ ghi mỗi sự việc một ngày; chưa làm thì không ghi gì)"
)
"""The message of a ``status`` key in a progress record: format 2 records dated facts."""

_PERIODS = ", ".join(f"{period.value} ({period.label})" for period in Period)
_TYPE_NAMES = {
    "string_type": "chuỗi văn bản",
    "int_type": "số nguyên",
    "int_parsing": "số nguyên",
    "int_from_float": "số nguyên",
    "float_type": "số",
    "float_parsing": "số",
    "bool_type": "true hoặc false",
    "bool_parsing": "true hoặc false",
    "list_type": "danh sách (mỗi phần tử một dòng bắt đầu bằng '- ')",
    "tuple_type": "danh sách (mỗi phần tử một dòng bắt đầu bằng '- ')",
    "dict_type": "ánh xạ (các dòng 'khóa: giá trị')",
    "model_type": "ánh xạ (các dòng 'khóa: giá trị')",
    "model_attributes_type": "ánh xạ (các dòng 'khóa: giá trị')",
}
_PATTERNS = {
    "^[A-Za-zĐđ][A-Za-z0-9Đđ._-]*$": "mã đơn vị (chữ cái Latinh không dấu hoặc Đ ở đầu, rồi chữ, số, '.', '_', '-'; không dấu cách)",
    "^[A-Za-z0-9][A-Za-z0-9._-]*$": "mã nhiệm vụ (chữ, số, '.', '_', '-'; không dấu cách)",
    "^[a-zđ]$": "một chữ cái thường (a, b, …, đ, …)",
}


def _one(error: ErrorDetails, root: type[BaseModel]) -> SchemaProblem:
    kind = error["type"]
    loc = tuple(error["loc"])
    given = error.get("input")
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    if kind == "extra_forbidden":
        key = str(loc[-1])
        model = _model_at(root, loc[:-1])
        if key == "status" and model is not None and issubclass(model, Progress):
            return "status-key", STATUS_KEY, loc, True
        known = _known_keys(root, loc[:-1])
        suggestion = closest(key, known)
        hint = f"; bạn có muốn viết '{suggestion}'?" if suggestion else ""
        if not suggestion and known:
            hint = f"; các khóa hợp lệ: {', '.join(known)}"
        return "unknown-key", f"khóa '{key}' không có trong mẫu tệp kế hoạch{hint}", loc, True
    if kind == "missing":
        hint = ""
        if loc[-1] == "decided_on" and _model_at(root, loc[:-1]) is Extension:
            hint = ": ngày quyết định gia hạn (thời hạn mới áp dụng từ ngày đó)"
        return "missing-key", f"thiếu khóa bắt buộc '{loc[-1]}'{hint}", loc, False
    if "[key]" in loc:
        position = loc.index("[key]")
        key_loc = loc[:position]
        if len(key_loc) >= 2 and key_loc[-2] == "occurrences":
            message = f"kỳ {_show(key_loc[-1])} không hợp lệ; các kỳ: {_PERIODS}"
            return "period-invalid", message, key_loc, True
        return "invalid-value", f"khóa {_show(key_loc[-1])} không hợp lệ", key_loc, True
    if kind == "model_type" and isinstance(given, str) and _model_at(root, loc) is DatedText:
        return (
            "wrong-type",
            f"mỗi mục ghi kèm ngày của nó, gặp {_show(given)}: viết "
            "{on: <ngày>, text: …}, ví dụ {on: 16/09/2022, text: Báo cáo số 123/BC-VP}, với "
            "ngày của văn bản, của sự việc",
            loc,
            False,
        )
    if kind in _TYPE_NAMES:
        return "wrong-type", f"phải là {_TYPE_NAMES[kind]}, gặp {_show(given)}", loc, False
    if kind == "enum" and "'Q1'" in str(ctx.get("expected", "")):
        return "period-invalid", f"kỳ {_show(given)} không hợp lệ; các kỳ: {_PERIODS}", loc, False
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", "")).replace(" or ", ", ")
        return (
            "invalid-value",
            f"giá trị {_show(given)} không hợp lệ; chấp nhận: {expected}",
            loc,
            False,
        )
    if kind == "string_too_short":
        return "empty-value", "không được để trống", loc, False
    if kind == "too_short":
        return "empty-value", f"cần ít nhất {ctx.get('min_length')} phần tử", loc, False
    if kind == "string_too_long":
        return "invalid-value", f"dài quá {ctx.get('max_length')} ký tự", loc, False
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern"))
        wanted = _PATTERNS.get(pattern) or PATTERN_NAMES.get(pattern) or f"mẫu {pattern}"
        return "invalid-value", f"{_show(given)} không đúng dạng {wanted}", loc, False
    if kind in ("greater_than_equal", "greater_than"):
        return (
            "invalid-value",
            f"{_show(given)} phải từ {ctx.get('ge', ctx.get('gt'))} trở lên",
            loc,
            False,
        )
    if kind in ("less_than_equal", "less_than"):
        return (
            "invalid-value",
            f"{_show(given)} phải không quá {ctx.get('le', ctx.get('lt'))}",
            loc,
            False,
        )
    if not kind.isidentifier() or "-" in kind:
        # Our own PydanticCustomError types are rule ids with Vietnamese messages.
        return kind, error["msg"], loc, False
    return "schema", f"{error['msg']} (giá trị {_show(given)})", loc, False


def schema_problems(
    error: ValidationError, root: type[BaseModel], prefix: tuple[str | int, ...] = ()
) -> list[SchemaProblem]:
    """Every error of a pydantic validation of ``root``, its path prefixed with ``prefix``."""
    problems: list[SchemaProblem] = []
    for detail in error.errors(include_url=False):
        rule, message, loc, at_key = _one(detail, root)
        problems.append((rule, message, prefix + loc, at_key))
    return problems
