"""Rules on one task, or one part of a task read as a task: its units, criteria and clause, its
kind of schedule (the dates of its schedule and progress: :mod:`parplan.rules_progress`).

The rule ids are listed, with every other rule, in the docstring of :mod:`parplan.rules`.
"""

from __future__ import annotations

from pathlib import Path

from parplan.findings import YamlPath
from parplan.model import ALL_UNITS, CarriedFrom, Task
from parplan.periods import Period
from parplan.plan_parts import Located, PlanParts
from parplan.rules_indexes import check_criterion
from parplan.text import closest

__all__ = ["carried_from_rules", "known_units", "reference_rules", "schedule_rules", "unit_rules"]


def known_units(parts: PlanParts) -> set[str] | None:
    """The codes of the unit registry, or None when it could not be read (nothing to check
    against)."""
    units = {item.value.code for item in parts.departments}
    units |= parts.unvalidated_codes.get("departments", set())
    return units if parts.departments or parts.complete else None


def unknown_unit(parts: PlanParts, file: Path, where: YamlPath, code: str) -> None:
    """``unit-unknown`` for ``code`` when the registry does not have it."""
    units = known_units(parts)
    if units is None or code in units:
        return
    suggestion = closest(code, units)
    hint = f"; bạn có muốn viết '{suggestion}'?" if suggestion else ""
    parts.problem(
        file,
        "unit-unknown",
        f"đơn vị '{code}' không có trong danh mục đơn vị (departments){hint}",
        where,
    )


def _lead_path(lead: tuple[str, ...], position: int) -> YamlPath:
    return ("lead",) if len(lead) == 1 else ("lead", position)


def unit_rules(
    parts: PlanParts,
    located: Located[Task],
    *,
    own_lead: bool = True,
    own_support: bool = True,
) -> None:
    """The units of a task exist (``unit-unknown``), each lead is listed once
    (``lead-duplicate``), and no unit both leads and supports (``lead-also-support``).

    ``own_lead`` / ``own_support``: whether the item writes the field itself (a part that does
    not inherits the task's, which is checked with the task)."""
    task = located.value
    file, path = located.file, located.path
    seen: set[str] = set()
    for position, code in enumerate(task.lead if own_lead else ()):
        where = path + _lead_path(task.lead, position)
        unknown_unit(parts, file, where, code)
        if code in seen:
            parts.problem(
                file,
                "lead-duplicate",
                f"đơn vị '{code}' được ghi hai lần trong danh sách đơn vị chủ trì: bỏ lần sau",
                where,
            )
        seen.add(code)
    for position, code in enumerate(task.support):
        if own_support and code != ALL_UNITS:
            unknown_unit(parts, file, (*path, "support", position), code)
        if code in task.lead and (own_lead or own_support):
            where = (
                (*path, "support", position)
                if own_support
                else path + _lead_path(task.lead, task.lead.index(code))
            )
            parts.problem(
                file,
                "lead-also-support",
                f"đơn vị '{code}' vừa chủ trì vừa phối hợp: bỏ '{code}' khỏi 'support' (đơn vị "
                "chủ trì đã chịu trách nhiệm cả nhiệm vụ)",
                where,
            )


def reference_rules(parts: PlanParts, located: Located[Task]) -> None:
    """A task's units, criteria and clause exist."""
    task = located.value
    unit_rules(parts, located)
    for position, ref in enumerate(task.criteria):
        check_criterion(parts, located.file, (*located.path, "criteria", position), ref)
    if parts.documents:
        clauses = parts.documents[0].value.clauses()
        if task.source not in clauses:
            parts.problem(
                located.file,
                "source-clause-unknown",
                f"mục '{task.source}' không có trong văn bản kế hoạch; các mục có: "
                f"{', '.join(sorted(clauses)) or 'chưa có'} (thêm mục vào 'plan.outline' "
                "hoặc sửa 'source')",
                (*located.path, "source"),
            )


def carried_from_rules(parts: PlanParts, located: Located[Task]) -> None:
    """``carried-from-year``: work carried from an earlier plan names a year before the plan's."""
    if not parts.documents:
        return
    year = parts.documents[0].value.year
    task = located.value
    origins: list[tuple[CarriedFrom | None, YamlPath]] = [
        (task.carried_from, ("carried_from", "year"))
    ]
    origins += [
        (part.carried_from, ("parts", index, "carried_from", "year"))
        for index, part in enumerate(task.parts)
    ]
    for origin, where in origins:
        if origin is not None and origin.year >= year:
            parts.problem(
                located.file,
                "carried-from-year",
                f"việc chuyển từ năm {origin.year} sang kế hoạch năm {year}: năm chuyển từ phải "
                f"trước {year}; sửa 'carried_from.year'",
                (*located.path, *where),
            )


def schedule_rules(parts: PlanParts, located: Located[Task]) -> None:
    """A task has one kind of schedule, periods listed once, progress where its schedule puts
    it. A task with parts is scheduled by its parts (see :mod:`parplan.rules_parts`)."""
    task = located.value
    path = located.path
    if task.deadline is None and task.recurrence is None and not task.continuous and not task.parts:
        parts.problem(
            located.file,
            "schedule-missing",
            "nhiệm vụ cần 'deadline' (một lần), 'recurrence' (định kỳ) hoặc 'continuous: true' "
            "(thường xuyên)",
            path,
        )
    if task.deadline is not None and (task.recurrence is not None or task.continuous):
        other = "recurrence" if task.recurrence is not None else "continuous"
        parts.problem(
            located.file,
            "schedule-conflict",
            f"nhiệm vụ có 'deadline' thì không có '{other}': thời hạn của nhiệm vụ định kỳ, "
            "thường xuyên tính theo từng kỳ",
            (*path, "deadline"),
            at_key=True,
        )
    periods = task.recurrence.periods if task.recurrence is not None else []
    seen: set[Period] = set()
    for index, period in enumerate(periods):
        if period in seen:
            parts.problem(
                located.file,
                "period-duplicate",
                f"kỳ '{period.value}' ({period.label}) được ghi hai lần",
                (*path, "recurrence", "periods", index),
            )
        seen.add(period)
    for period in task.occurrences:
        if period not in seen:
            wanted = ", ".join(p.value for p in periods) if periods else "không có kỳ nào"
            parts.problem(
                located.file,
                "period-invalid",
                f"kỳ '{period.value}' ({period.label}) không thuộc recurrence của nhiệm vụ "
                f"({wanted})",
                (*path, "occurrences", period.value),
                at_key=True,
            )
    if task.recurrence is not None and task.progress is not None and not task.parts:
        parts.problem(
            located.file,
            "progress-misplaced",
            "nhiệm vụ định kỳ ghi tiến độ theo từng kỳ trong 'occurrences', không ghi 'progress'",
            (*path, "progress"),
            at_key=True,
        )
