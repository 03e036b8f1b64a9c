"""The lines of the report's tables (task rows, tally rows, target rows), each written from the
status's figures: an occurrence's :func:`~parplan.occurrence_rows.occurrence_row`, a tally, a
target's evaluation."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from parplan.dates import format_date
from parplan.model import Plan
from parplan.occurrence_rows import OccurrenceRow, occurrence_row
from parplan.status import StatusClass, Tally, TrackedOccurrence
from parplan.targets import TargetEvaluation, Verdict, format_number

__all__ = [
    "TallyRow",
    "TargetRow",
    "TaskRow",
    "tally_row",
    "target_rows",
    "task_rows",
]


@dataclass(frozen=True)
class TallyRow:
    name: str
    total: int
    done_on_time: int
    done_late: int
    overdue: int
    in_progress: int
    not_due: int
    continuous: int
    reported: int = 0
    """Continuous duties with a result recorded by the cut-off (in ``continuous``)."""


def tally_row(name: str, tally: Tally) -> TallyRow:
    counts = tally.counts
    return TallyRow(
        name=name,
        total=tally.total,
        done_on_time=counts[StatusClass.DONE_ON_TIME],
        done_late=counts[StatusClass.DONE_LATE],
        overdue=counts[StatusClass.OVERDUE],
        in_progress=counts[StatusClass.IN_PROGRESS],
        not_due=counts[StatusClass.NOT_DUE],
        continuous=counts[StatusClass.CONTINUOUS],
        reported=tally.reported,
    )


@dataclass(frozen=True)
class TaskRow:
    number: int
    key: str
    title: str
    source: str
    par_field: str
    """The PAR Index fields ("1. Chỉ đạo, điều hành"), empty for work tied to none."""
    criteria: str
    """The indexes and criteria, with their names: "PAR 1.1.2 …; SIPAS 2 …"."""
    lead: str
    support: str
    continuous: bool
    """A continuous duty: no deadline to speak of, its status is "thường xuyên"."""
    deadline: str
    output: str
    status: str
    evidence: str
    notes: tuple[str, ...] = ()
    parent: str = ""
    """For a part of a task: "GP-B: <the task's title>", the task it belongs to (with its id: for
    the appendix's reference column and internal views)."""
    parent_title: str = ""
    """For a part of a task: the task's title alone (what the body of a document says)."""
    funding: str = ""
    """ "Ngân sách tỉnh: 150.000.000 đồng; …", empty when the plan writes none."""


@dataclass(frozen=True)
class TargetRow:
    """A target of the plan as it stood at the cut-off, from its evaluation in the status."""

    number: int
    target: str
    """The target as the plan writes it."""
    baseline: str
    """The result of the year before the plan's; "không có" when none is known, "không áp dụng"
    for a completion rate."""
    result: str
    """What was measured by the cut-off: "năm 2022: 88,5%", "75% (3/4 việc đến hạn …)"."""
    verdict: str
    """ "đạt", "chưa đạt", "chưa có kết quả" (with the reason when a result cannot be judged)."""
    verdict_value: str
    """met, not_met, unknown."""
    text: str
    """The whole sentence: target — result — verdict (baseline)."""


def _row(number: int, row: OccurrenceRow) -> TaskRow:
    """A line of the report's tables, written from the occurrence's :func:`occurrence_row`."""
    return TaskRow(
        number=number,
        key=row.key,
        title=row.title,
        source=row.source,
        par_field=row.par_field_label,
        criteria="; ".join(row.criteria_labels),
        lead=row.lead_label,
        support=row.support_label,
        deadline="Thường xuyên" if row.continuous else format_date(row.deadline),
        continuous=row.continuous,
        output=row.output,
        status=row.status_text,
        evidence="; ".join(row.evidence),
        notes=row.notes,
        parent=f"{row.parent_id}: {row.parent_title}" if row.parent_id else "",
        parent_title=row.parent_title or "",
        funding="; ".join(
            source if amount is None else f"{source}: {format_number(amount)} đồng"
            for source, amount in row.funding
        ),
    )


def _verdict(evaluation: TargetEvaluation) -> str:
    """The verdict as the report's table says it: a completion requirement met on the work due so
    far says so, lest the signer read it as the whole plan's."""
    if evaluation.target.measure == "completion_rate" and evaluation.verdict is Verdict.MET:
        return f"{evaluation.verdict_text} (đối với việc đến hạn)"
    return evaluation.verdict_text


def target_rows(evaluations: Iterable[TargetEvaluation]) -> list[TargetRow]:
    return [
        TargetRow(
            number=number,
            target=evaluation.target.text,
            baseline=evaluation.baseline_label,
            result=evaluation.result_text,
            verdict=_verdict(evaluation),
            verdict_value=evaluation.verdict.value,
            text=evaluation.text,
        )
        for number, evaluation in enumerate(evaluations, start=1)
    ]


def task_rows(plan: Plan, items: list[TrackedOccurrence]) -> list[TaskRow]:
    return [_row(number, occurrence_row(plan, item)) for number, item in enumerate(items, start=1)]
