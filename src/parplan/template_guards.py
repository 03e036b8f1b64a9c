"""Every filter and test a template can use, on the document's budget.

Each one goes through :func:`guard`: one step of the budget and a look at the clock on every call,
its input and arguments checked before the call where one call could run long or allocate much
(a width, an indent, a text given to a slow filter, a nested value about to be turned into text),
its result checked against :mod:`parplan.template_limits` after it, and a lazy result (``map``,
``select``, ``batch``…) spending one step per item.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator, Mapping
from typing import Any, cast

from parplan.template_budget import Budget, check_percent_format, check_width
from parplan.template_limits import (
    MAX_NESTING,
    MAX_SEQUENCE_ITEMS,
    MAX_TEXT_FILTER_CHARS,
    MAX_VALUE_CHARS,
    MAX_WRAP_STRING_CHARS,
)

__all__ = ["check_nesting", "guard", "guard_table", "rendered_size"]

Check = Callable[[Mapping[str, Any], Budget], None]


def rendered_size(
    value: object, budget: Budget, limit: int = MAX_VALUE_CHARS, indent: int = 0
) -> int:
    """About how many characters ``str(value)`` (or JSON with ``indent``) makes, refused past
    ``limit`` before anything is made; a nested value is walked, a list shared many times counted
    each time, at most ``MAX_SEQUENCE_ITEMS`` items in all."""
    if isinstance(value, str):
        size = len(value)
    elif not isinstance(value, list | tuple | dict | set | frozenset) and not _is_namespace(value):
        return 24
    else:
        size = _walk(value, budget, limit, indent)
    if size > limit:
        budget.refuse(f"giá trị thành chuỗi dài quá {limit:,} ký tự")
    return size


@functools.cache
def _namespace_type() -> type:
    from jinja2.utils import Namespace

    return Namespace


def _is_namespace(value: object) -> bool:
    """Jinja's ``namespace`` (or the sandbox's guarded one)."""
    return isinstance(value, _namespace_type())


def _walk(value: object, budget: Budget, limit: int, indent: int) -> int:
    size, items = 0, 0
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        items += 1
        size += 4 + indent * depth
        if items > MAX_SEQUENCE_ITEMS or size > limit:
            budget.refuse(f"giá trị lồng nhau quá lớn (quá {limit:,} ký tự khi thành chuỗi)")
        if _is_namespace(item):
            item = cast(Any, item)._Namespace__attrs
        if isinstance(item, dict):
            stack.extend((part, depth + 1) for pair in item.items() for part in pair)
        elif isinstance(item, list | tuple | set | frozenset):
            stack.extend((part, depth + 1) for part in item)
        elif isinstance(item, str | bytes):
            size += len(item)
        else:
            size += 24
    return size


def check_nesting(value: object, budget: Budget) -> None:
    """``value`` nested at most ``MAX_NESTING`` deep (lists, tuples, sets, mappings, namespaces),
    walked at most that deep, a step of the budget per item seen."""
    level: list[object] = [value]
    for _ in range(MAX_NESTING + 1):
        inner: list[object] = []
        for found in level:
            item = cast(Any, found)._Namespace__attrs if _is_namespace(found) else found
            if isinstance(item, dict):
                inner.extend(part for pair in item.items() for part in pair)
            elif isinstance(item, list | tuple | set | frozenset):
                inner.extend(item)
        if not inner:
            return
        budget.tick(len(inner))
        level = inner
    budget.refuse(f"giá trị lồng nhau sâu quá {MAX_NESTING} tầng")


def _text_length(value: object) -> int:
    return len(value) if isinstance(value, str) else 24


def _slow_text(budget: Budget, value: object) -> int:
    size = rendered_size(value, budget)
    if size > MAX_TEXT_FILTER_CHARS:
        budget.refuse(f"chuỗi đưa vào bộ lọc dài quá {MAX_TEXT_FILTER_CHARS:,} ký tự")
    return size


def _wordwrap(arguments: Mapping[str, Any], budget: Budget) -> None:
    size = _slow_text(budget, arguments["s"])
    width, wrapstring = arguments["width"], arguments["wrapstring"] or "\n"
    if not isinstance(width, int) or width < 1:
        budget.refuse("wordwrap cần độ rộng từ 1 trở lên")
    check_width(width, budget)
    if _text_length(wrapstring) > MAX_WRAP_STRING_CHARS:
        budget.refuse(f"chuỗi ngắt dòng của wordwrap dài quá {MAX_WRAP_STRING_CHARS} ký tự")
    if size * (1 + _text_length(wrapstring)) > MAX_VALUE_CHARS:
        budget.refuse(f"wordwrap có thể tạo chuỗi dài quá {MAX_VALUE_CHARS:,} ký tự")


def _truncate(arguments: Mapping[str, Any], budget: Budget) -> None:
    length, end, leeway = arguments["length"], arguments["end"], arguments["leeway"]
    if not isinstance(length, int) or length < _text_length(end):
        budget.refuse(f"truncate cần độ dài ít nhất bằng phần đuôi '{end}' (nhận {length!r})")
    if leeway is not None and (not isinstance(leeway, int) or leeway < 0):
        budget.refuse(f"truncate cần leeway không âm (nhận {leeway!r})")


def _tojson(arguments: Mapping[str, Any], budget: Budget) -> None:
    indent = arguments["indent"]
    steps = len(indent) if isinstance(indent, str) else indent or 0
    if not isinstance(steps, int) or steps < 0:
        budget.refuse("tojson cần indent không âm")
    check_width(steps, budget)
    rendered_size(arguments["value"], budget, indent=steps + 2)


def _urlize(arguments: Mapping[str, Any], budget: Budget) -> None:
    text = arguments["value"]
    size = _slow_text(budget, text)
    limit = arguments["trim_url_limit"]
    if limit is not None and (not isinstance(limit, int) or limit < 0):
        budget.refuse("urlize cần trim_url_limit không âm")
    check_width(limit, budget)
    extra = sum(_text_length(arguments[name] or "") for name in ("target", "rel"))
    marks = sum(str(text).count(mark) for mark in ".@:") + 1
    if size * 3 + marks * (extra + 64) > MAX_VALUE_CHARS:
        budget.refuse(f"urlize có thể tạo chuỗi dài quá {MAX_VALUE_CHARS:,} ký tự")


def _format(arguments: Mapping[str, Any], budget: Budget) -> None:
    check_percent_format(str(arguments["value"]), budget)
    for value in (*arguments["args"], *arguments["kwargs"].values()):
        rendered_size(value, budget)


def _slow(argument: str) -> Check:
    def check(arguments: Mapping[str, Any], budget: Budget) -> None:
        _slow_text(budget, arguments[argument])

    return check


def _pprint(arguments: Mapping[str, Any], budget: Budget) -> None:
    rendered_size(arguments["value"], budget, limit=MAX_TEXT_FILTER_CHARS)


CHECKS: dict[str, Check] = {
    "wordwrap": _wordwrap,
    "truncate": _truncate,
    "tojson": _tojson,
    "urlize": _urlize,
    "format": _format,
    "pprint": _pprint,
    "title": _slow("s"),
    "wordcount": _slow("s"),
    "striptags": _slow("value"),
}
"""Checks of the arguments of the filters where one call could run long or allocate much."""

_STRINGIFYING = {
    "string", "e", "escape", "forceescape", "safe", "upper", "lower", "capitalize", "trim",
    "urlencode", "center", "indent", "replace", "xmlattr", "md", "filesizeformat", "int", "float",
}  # fmt: skip
"""Filters that turn their input into text: a nested input is measured before."""

_ITERATING = {
    "list", "sort", "unique", "reverse", "groupby", "dictsort", "map", "select", "reject",
    "selectattr", "rejectattr", "batch", "slice", "min", "max", "sum", "random", "join", "items",
}  # fmt: skip
"""Filters that go through their input item by item: a text has one item per character."""

_UNGUARDED = {"_parplan_steps"}
"""The loop step counter spends its own steps."""


def guard_table(table: dict[str, Any], budget: Budget) -> None:
    """Every filter (or test) of ``table`` through :func:`guard`."""
    for name, function in list(table.items()):
        if name not in _UNGUARDED:
            table[name] = guard(name, function, budget)


def guard(name: str, function: Callable[..., Any], budget: Budget) -> Callable[..., Any]:
    """``function`` spending a step and looking at the clock on every call, its input and
    arguments checked first, its result checked after (a lazy result spends a step per item)."""
    check = CHECKS.get(name)
    signature = inspect.signature(function) if check is not None else None
    first = 1 if hasattr(function, "jinja_pass_arg") else 0
    stringifying, iterating = name in _STRINGIFYING, name in _ITERATING

    @functools.wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        budget.tick()
        budget.clock()
        value = args[first] if len(args) > first else None
        if stringifying and not isinstance(value, str | int | float):
            rendered_size(value, budget)
        elif iterating and isinstance(value, str) and len(value) > MAX_SEQUENCE_ITEMS:
            budget.refuse(f"danh sách dài quá {MAX_SEQUENCE_ITEMS:,} phần tử")
        if signature is not None and check is not None:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            check(bound.arguments, budget)
        return bounded_result(function(*args, **kwargs), budget)

    return guarded


def bounded_result(result: Any, budget: Budget) -> Any:
    """A result within the value budget; a lazy one spending a step per item."""
    if isinstance(result, str):
        if len(result) > MAX_VALUE_CHARS:
            budget.refuse(f"chuỗi dài quá {MAX_VALUE_CHARS:,} ký tự")
        budget.produce(len(result))
    elif isinstance(result, Iterator):
        return _ticking(result, budget)
    else:
        budget.text(result)
    return result


def _ticking(items: Iterator[Any], budget: Budget) -> Iterator[Any]:
    for item in items:
        budget.tick()
        yield item
