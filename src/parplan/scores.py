"""Scores: what the plan exists to raise. The one computation of the ``scores`` views
(:func:`score_board`): each index's results of a year against their maxima, the points lost, the
change against the year before, the plan's tasks aimed at what lost points, and as findings what
lost points with no task aimed at it; with the plan's index targets and the indicators measured.

Rules:

- a result counts from the day it was known (:func:`parplan.targets.known_from`): a view as of an
  earlier day does not see it, and the year shown is the latest year (up to the plan's) with a
  result known by then: during the plan's year, the baseline the plan states; once the year's
  results are published, the year's;
- the maximum of a score is the one its result states (``max_value``, confirmed when the result is
  published), else its index's or item's ``max_points``; a maximum not confirmed (``max_confirmed``
  false) is shown marked "chưa xác nhận", and so are the points lost computed from it: never
  presented as official;
- a task is aimed at an item when one of its criteria is the item or an item below it ("PAR 3.1.2"
  is aimed at PAR 3.1 and PAR 3); an item that lost points with no task aimed at it is a finding;
- an item at its maximum is "đạt tối đa — duy trì", whatever the year before; otherwise the score
  is compared with the year before's as the plan states it ("tăng", "giảm", "không đổi", "chưa có
  kết quả năm trước");
- a measured indicator's value counts from the day it was imported (``source.imported_on``), or,
  written by hand, from the day after its period ends; of one period, the value imported last.

The rows, boards and trend points are shaped in :mod:`parplan.score_rows`. The words every view
shows (cells, verdicts, sentences) are made once, with the plain data of the board, by
:mod:`parplan.scores_output`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from parplan.errors import UsageProblem
from parplan.model import IndexItem, IndexResult, Measurement, Plan, PlanIndex, Task
from parplan.model_indexes import split_criterion
from parplan.score_rows import (
    IndexBoard,
    LinkedTask,
    Maximum,
    ScoreRow,
    Trend,
    TrendPoint,
    maximum_of,
)
from parplan.status import PartsRollup, PlanStatus, plan_status
from parplan.targets import (
    TargetEvaluation,
    known_from,
    known_results,
    measurement_known_from,
)

__all__ = [
    "IndexBoard",
    "IndicatorSeries",
    "LinkedTask",
    "Maximum",
    "ScoreBoard",
    "ScoreRow",
    "Trend",
    "TrendPoint",
    "resolve_index",
    "results_year",
    "score_board",
]


@dataclass(frozen=True)
class IndicatorSeries:
    """An indicator measured during the plan's year: each period's value known by the day."""

    ref: str
    item: IndexItem | None
    values: tuple[Measurement, ...]
    """One per period, in the order of the periods' ends (a month before the quarter it ends)."""

    @property
    def latest(self) -> Measurement:
        return self.values[-1]


@dataclass(frozen=True)
class ScoreBoard:
    """The scores of ``year`` as known on ``as_of``: what every ``scores`` view shows."""

    plan: Plan
    as_of: date
    year: int | None
    """The year of the results shown; None when no result is known by the day."""
    index_filter: PlanIndex | None
    boards: tuple[IndexBoard, ...]
    without_results: tuple[PlanIndex, ...]
    """The indexes (in view) with no result of the year known by the day."""
    targets: tuple[TargetEvaluation, ...]
    """The plan's targets on an index (value, rank, change of rank), evaluated on the day."""
    indicators: tuple[IndicatorSeries, ...]


def resolve_index(plan: Plan, code: str) -> PlanIndex:
    """The index ``--index`` names (its code, any case); a usage error listing the codes."""
    wanted = code.strip().casefold()
    found = next((index for index in plan.indexes if index.code.casefold() == wanted), None)
    if found is None:
        known = ", ".join(index.code for index in plan.indexes) or "chưa có chỉ số nào"
        raise UsageProblem(f"kế hoạch không có chỉ số '{code}'; các chỉ số có: {known}")
    return found


def _in_view(ref: str, index: PlanIndex | None) -> bool:
    return index is None or split_criterion(ref)[0] == index.code


def results_year(plan: Plan, as_of: date, index: PlanIndex | None = None) -> int | None:
    """The latest year, up to the plan's, with a result (of ``index``) known on ``as_of``."""
    years = [
        result.year
        for result in known_results(plan, as_of)
        if result.year <= plan.year and _in_view(result.index, index)
    ]
    return max(years, default=None)


def _latest(results: list[IndexResult], ref: str, year: int) -> IndexResult | None:
    """The result of ``ref`` for ``year`` known last (on the same day, the later in the plan)."""
    matching = [r for r in results if r.index == ref and r.year == year]
    return max(reversed(matching), key=known_from) if matching else None


def _walk(items: list[IndexItem], level: int = 1) -> Iterator[tuple[IndexItem, int]]:
    for item in items:
        yield item, level
        yield from _walk(item.items, level + 1)


def _aimed_at(task: Task, index: PlanIndex, item: IndexItem) -> bool:
    for ref in task.criteria:
        index_code, code = split_criterion(ref)
        if index_code != index.code or code is None:
            continue
        if code == item.code or code.startswith(item.code + "."):
            return True
    return False


def _linked(status: PlanStatus, index: PlanIndex, item: IndexItem) -> tuple[LinkedTask, ...]:
    linked = []
    for task in status.plan.tasks:
        if not _aimed_at(task, index, item):
            continue
        work = tuple(
            tracked
            for tracked in status.items
            if tracked.occurrence.task.id == task.id
            or (tracked.occurrence.parent is not None and tracked.occurrence.parent.id == task.id)
        )
        linked.append(LinkedTask(task, PartsRollup(task, work).state if work else None))
    return tuple(linked)


def _index_board(
    index: PlanIndex, year: int, known: list[IndexResult], status: PlanStatus
) -> IndexBoard | None:
    total_result = _latest(known, index.code, year)
    total = None
    if total_result is not None:
        previous = _latest(known, index.code, year - 1)
        total = ScoreRow(index, None, 0, total_result, previous, maximum_of(total_result, index))
    rows = []
    for item, level in _walk(index.items):
        ref = f"{index.code} {item.code}"
        result = _latest(known, ref, year)
        if result is None:
            continue
        previous = _latest(known, ref, year - 1)
        maximum = maximum_of(result, item)
        row = ScoreRow(index, item, level, result, previous, maximum)
        if row.lost_points:
            row = ScoreRow(
                index, item, level, result, previous, maximum, _linked(status, index, item)
            )
        rows.append(row)
    if total is None and not rows:
        return None
    years = sorted({r.year for r in known if r.index == index.code and r.year <= year})
    trend = []
    for each in years:
        found = _latest(known, index.code, each)
        if found is not None:
            trend.append(TrendPoint(each, found, maximum_of(found, index)))
    return IndexBoard(index, total, tuple(rows), tuple(trend))


def _indicators(plan: Plan, as_of: date, index: PlanIndex | None) -> list[IndicatorSeries]:
    by_ref: dict[str, dict[str, Measurement]] = {}
    for measurement in plan.measurements:
        if measurement_known_from(plan, measurement) <= as_of and _in_view(
            measurement.indicator, index
        ):
            # one value a period: the one imported last (on the same day, the later in the plan)
            periods = by_ref.setdefault(measurement.indicator, {})
            held = periods.get(measurement.period)
            if held is None or measurement_known_from(plan, held) <= measurement_known_from(
                plan, measurement
            ):
                periods[measurement.period] = measurement
    series = []
    for ref, periods in by_ref.items():
        index_code, code = split_criterion(ref)
        owner = plan.index(index_code)
        item = owner.find(code) if owner is not None and code is not None else None
        ordered = sorted(
            periods.values(),
            key=lambda m: (m.period.months[1], m.period.months[1] - m.period.months[0]),
        )
        series.append(IndicatorSeries(ref, item, tuple(ordered)))
    return series


def score_board(plan: Plan, year: int | None, as_of: date, index: str | None = None) -> ScoreBoard:
    """The scores of ``year`` (None: :func:`results_year`) known on ``as_of``, of every index of
    the plan or of ``index`` (its code: a usage error when the plan has no such index)."""
    chosen = resolve_index(plan, index) if index is not None else None
    if year is None:
        year = results_year(plan, as_of, chosen)
    status = plan_status(plan, as_of)
    known = known_results(plan, as_of)
    in_view = [chosen] if chosen is not None else list(plan.indexes)
    boards = []
    without = []
    for each in in_view:
        board = _index_board(each, year, known, status) if year is not None else None
        if board is None:
            without.append(each)
        else:
            boards.append(board)
    targets = tuple(
        evaluation
        for evaluation in status.targets
        if evaluation.target.index is not None and _in_view(evaluation.target.index, chosen)
    )
    return ScoreBoard(
        plan=plan,
        as_of=as_of,
        year=year,
        index_filter=chosen,
        boards=tuple(boards),
        without_results=tuple(without),
        targets=targets,
        indicators=tuple(_indicators(plan, as_of, chosen)),
    )
