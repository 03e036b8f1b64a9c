"""The results of a periodic report by PAR Index field (kết quả theo từng lĩnh vực) and the work
tied to each SIPAS factor: for each, what was done in the period (the work completed and the
notes recorded as results) and the table of its work."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from parplan.dates import format_date
from parplan.model import Plan, Task
from parplan.model_indexes import PAR, SIPAS, split_criterion
from parplan.report_notes import NoteLine
from parplan.report_rows import TaskRow, task_rows
from parplan.status import TrackedOccurrence

__all__ = ["FieldResult", "SipasGroup", "field_results", "serves", "sipas_groups"]

OTHER_WORK = "Nhiệm vụ khác"
"""The heading of the work tied to no PAR Index field."""


@dataclass(frozen=True)
class FieldResult:
    """One PAR Index field's part of section I."""

    title: str
    """ "Lĩnh vực 1: Chỉ đạo, điều hành", or "Nhiệm vụ khác"."""
    done: list[str]
    """The work of the field completed in the period, one sentence each."""
    results: list[NoteLine]
    """The notes recorded as results on the field's work in the period."""
    rows: list[TaskRow]
    """The field's work the period answers for, as a table."""


@dataclass(frozen=True)
class SipasGroup:
    factor: str
    rows: list[TaskRow]


def serves(task: Task, index: str, code: str) -> bool:
    """Whether ``task`` serves item ``code`` of ``index`` (or a criterion below it)."""
    for ref in task.criteria:
        ref_index, ref_code = split_criterion(ref)
        if ref_index == index and ref_code is not None and f"{ref_code}.".startswith(f"{code}."):
            return True
    return False


def _done_sentence(plan: Plan, row: TaskRow, done_on: date | None) -> str:
    """ "Title: hoàn thành ngày dd/mm/yyyy (evidence)."; a continuous duty "đã thực hiện, ghi
    kết quả ngày …"."""
    when = f" ngày {format_date(done_on)}" if done_on is not None else ""
    evidence = f" ({row.evidence})" if row.evidence else ""
    if row.continuous:
        return f"{row.title}: đã thực hiện, ghi kết quả{when}{evidence}."
    return f"{row.title}: hoàn thành{when}{evidence}."


def _section(
    plan: Plan,
    title: str,
    scope: list[TrackedOccurrence],
    done: list[TrackedOccurrence],
    notes: list[NoteLine],
) -> FieldResult:
    keys = {item.occurrence.key for item in scope}
    done_rows = task_rows(plan, done)
    return FieldResult(
        title=title,
        done=[
            _done_sentence(plan, row, item.progress.done_on)
            for row, item in zip(done_rows, done, strict=True)
        ],
        results=[note for note in notes if note.key in keys],
        rows=task_rows(plan, scope),
    )


def field_results(
    plan: Plan,
    scope: list[TrackedOccurrence],
    done: list[TrackedOccurrence],
    results: list[NoteLine],
) -> list[FieldResult]:
    """Section I by field: each PAR field with work in ``scope`` (the work the period answers
    for), in the plan's order, then the work tied to no field; ``done`` is the work completed in
    the period, ``results`` the notes recorded as results in it."""
    sections = []
    claimed: set[str] = set()
    for field in plan.par_fields:
        mine = [item for item in scope if serves(item.occurrence.task, PAR, field.code)]
        if not mine:
            continue
        claimed.update(item.occurrence.key for item in mine)
        mine_done = [item for item in done if serves(item.occurrence.task, PAR, field.code)]
        sections.append(
            _section(plan, f"Lĩnh vực {field.code}: {field.name}", mine, mine_done, results)
        )
    rest = [item for item in scope if item.occurrence.key not in claimed]
    if rest:
        rest_keys = {item.occurrence.key for item in rest}
        rest_done = [item for item in done if item.occurrence.key in rest_keys]
        sections.append(_section(plan, OTHER_WORK, rest, rest_done, results))
    return sections


def sipas_groups(plan: Plan, scope: list[TrackedOccurrence]) -> list[SipasGroup]:
    """The work of the period (due, done, continuous of the period, or under way at the cut-off)
    tied to each SIPAS factor, in the order of the plan; factors without work left out."""
    groups = []
    sipas = plan.index(SIPAS)
    for factor in sipas.items if sipas is not None else []:
        related = [item for item in scope if serves(item.occurrence.task, SIPAS, factor.code)]
        if related:
            groups.append(SipasGroup(f"{factor.code}. {factor.name}", task_rows(plan, related)))
    return groups
