"""The data templates see: plain values only, and the plan's objects converted to them.

:func:`template_data` turns a context into plain values (text, numbers, dates, lists and mappings
of them) and refuses anything else, so no object with methods that reach the system (a ``Path``,
the plan model) is ever handed to a template; the builders below convert the plan, its units,
tasks and progress explicitly.
"""

from __future__ import annotations

import copy
import dataclasses
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel

    from parplan.model import Plan, Progress, Task, Unit

__all__ = [
    "plan_data",
    "progress_data",
    "record_data",
    "task_data",
    "template_data",
    "unit_data",
]

_SCALARS = (str, int, float, bool, type(None), date, datetime)


def template_data(value: object) -> Any:
    """``value`` as plain data for a template: ``str``, ``int``, ``float``, ``bool``, ``None``,
    ``date``, ``datetime`` and lists, tuples and ``str``-keyed dicts of them (copied).

    Anything else (a ``Path``, a pydantic model, a dataclass, an enum, a subclass of ``str``, a
    function) raises ``TypeError``: context builders convert their objects explicitly, so nothing
    that can reach the file system or the process is ever handed to a template by mistake.
    """
    try:
        return _plain(value, set())
    except TypeError:
        pass
    _refuse(value, "context", set())  # the same walk, naming where the value is
    raise AssertionError("unreachable: _refuse raises what _plain met")


def _plain(value: object, seen: set[int]) -> Any:
    """``value`` copied as plain data; ``TypeError`` (without its place, which
    :func:`_refuse` finds) at the first value that is not."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is dict or kind is list or kind is tuple:
        if id(value) in seen:
            raise TypeError
        seen.add(id(value))
        try:
            if kind is dict:
                result: dict[str, Any] = {}
                for key, item in value.items():  # type: ignore[attr-defined]
                    if type(key) is not str:
                        raise TypeError
                    result[key] = _plain(item, seen)
                return result
            items = [_plain(item, seen) for item in value]  # type: ignore[attr-defined]
            return items if kind is list else tuple(items)
        finally:
            seen.discard(id(value))
    raise TypeError


def _refuse(value: object, where: str, seen: set[int]) -> None:
    """Raise the ``TypeError`` of the first value below ``value`` (at ``where``) that is not
    plain data, saying where it is."""
    kind = type(value)
    if kind in _SCALARS:
        return
    if kind in (list, tuple, dict):
        if id(value) in seen:
            raise TypeError(f"{where}: dữ liệu cho mẫu tự chứa chính nó")
        seen.add(id(value))
        try:
            if isinstance(value, dict):
                for key, item in value.items():
                    if type(key) is not str:
                        raise TypeError(f"{where}: khóa {key!r} không phải chuỗi")
                    _refuse(item, f"{where}.{key}", seen)
                return
            assert isinstance(value, list | tuple)
            for index, item in enumerate(value):
                _refuse(item, f"{where}[{index}]", seen)
            return
        finally:
            seen.discard(id(value))
    raise TypeError(
        f"{where}: mẫu chỉ nhận dữ liệu thuần (chuỗi, số, ngày, danh sách, từ điển), "
        f"không nhận {kind.__module__}.{kind.__qualname__}"
    )


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def record_data(value: Any) -> Any:
    """A document's record (a dataclass such as a report's data) as dicts of its fields, as
    ``dataclasses.asdict`` makes it but without its deep copy of every leaf (a report of 10,000
    tasks has hundreds of thousands): lists, tuples and dicts rebuilt, text, numbers and dates
    kept as they are (nothing changes them), anything else copied as ``asdict`` copies it."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is list or kind is tuple:
        items = [record_data(item) for item in value]
        return items if kind is list else tuple(items)
    if kind is dict:
        return {key: record_data(item) for key, item in value.items()}
    names = _FIELD_NAMES.get(kind)
    if names is None:
        if not dataclasses.is_dataclass(value):
            return copy.deepcopy(value)
        names = _FIELD_NAMES[kind] = tuple(item.name for item in dataclasses.fields(value))
    return {name: record_data(getattr(value, name)) for name in names}


def _dump(model: BaseModel) -> dict[str, Any]:
    """A plan model's fields as plain data (the model's own types are all plain)."""
    return template_data(model.model_dump(mode="python"))  # type: ignore[no-any-return]


def unit_data(unit: Unit) -> dict[str, Any]:
    """A unit (phòng, ban, …) as templates see it: code, name, kind, aliases, confirmed, source."""
    return _dump(unit)


def plan_data(plan: Plan) -> dict[str, Any]:
    """What templates see as ``plan``: the year, the plan document (with ``display_name``) and
    the registries (departments, indexes, the PAR fields); tasks are passed where needed."""
    document = _dump(plan.document)
    document["display_name"] = plan.document.display_name
    return {
        "year": plan.year,
        "document": document,
        "departments": [unit_data(unit) for unit in plan.departments],
        "indexes": [_dump(index) for index in plan.indexes],
        "par_fields": [_dump(item) for item in plan.par_fields],
        "targets": [_dump(target) for target in plan.targets],
        "results": [_dump(result) for result in plan.results],
    }


def progress_data(progress: Progress) -> dict[str, Any]:
    """Progress of a task or occurrence: status, done_on, evidence, notes, extensions."""
    return _dump(progress)


def task_data(task: Task) -> dict[str, Any]:
    """A task's own fields; ``recurrence.periods`` are ``{"code": "Q1", "label": "quý I"}``."""
    recurrence = None
    if task.recurrence is not None:
        recurrence = {
            "periods": [{"code": str(p.value), "label": p.label} for p in task.recurrence.periods]
        }
    return {
        "id": task.id,
        "title": task.title,
        "source": task.source,
        "criteria": list(task.criteria),
        "par_fields": list(task.par_fields),
        "lead": list(task.lead),
        "support": list(task.support),
        "deadline": task.deadline.written if task.deadline is not None else None,
        "funding": [_dump(line) for line in task.funding],
        "parts": [part.id for part in task.parts],
        "recurrence": recurrence,
        "continuous": task.continuous,
        "carried_over": task.carried_over,
        "output": task.output,
        "to_confirm": list(task.to_confirm),
    }
