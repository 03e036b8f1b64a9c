"""One score of a year against its maximum and the year before (:class:`ScoreRow`), an index's
scores of a year (:class:`IndexBoard`) and its total over the years (:class:`TrendPoint`): the
shapes :func:`parplan.scores.score_board` computes, with the rules they follow (see
:mod:`parplan.scores`)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from parplan.model import IndexItem, IndexResult, PlanIndex, Task
from parplan.status import RollupState

__all__ = [
    "DEFAULT_LEVEL",
    "IndexBoard",
    "LinkedTask",
    "Maximum",
    "ScoreRow",
    "Trend",
    "TrendPoint",
    "maximum_of",
]

DEFAULT_LEVEL = "tiêu chí"
"""What an item is called when its index does not name its levels."""


class Trend(StrEnum):
    """A score against its maximum and against the year before."""

    MAXIMUM = "maximum"
    RISING = "rising"
    FALLING = "falling"
    UNCHANGED = "unchanged"
    NO_PREVIOUS = "no_previous"
    NO_SCORE = "no_score"

    @property
    def label(self) -> str:
        return _TREND_LABELS[self]


_TREND_LABELS = {
    Trend.MAXIMUM: "đạt tối đa — duy trì",
    Trend.RISING: "tăng",
    Trend.FALLING: "giảm",
    Trend.UNCHANGED: "không đổi",
    Trend.NO_PREVIOUS: "chưa có kết quả năm trước",
    Trend.NO_SCORE: "không ghi điểm",
}


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, abs_tol=1e-9)


def _points(value: float) -> float:
    """A difference of scores without the noise of binary fractions (5,5 − 4,5 is 1, not
    0,9999…)."""
    return round(value, 6) + 0.0


@dataclass(frozen=True)
class Maximum:
    """The maximum of a score, where it comes from, and whether it is confirmed."""

    value: float
    confirmed: bool
    stated_by: str
    """``result``: the publication's own (``max_value``); ``framework``: the index's data."""


def maximum_of(result: IndexResult, owner: IndexItem | PlanIndex) -> Maximum | None:
    if result.max_value is not None:
        confirmed = result.assessment == "published" or (
            owner.max_confirmed
            and owner.max_points is not None
            and _close(owner.max_points, result.max_value)
        )
        return Maximum(result.max_value, confirmed, "result")
    if owner.max_points is not None:
        return Maximum(owner.max_points, owner.max_confirmed, "framework")
    return None


@dataclass(frozen=True)
class LinkedTask:
    """A task of the plan aimed at an item, and where it stands on the day of the view."""

    task: Task
    state: RollupState | None
    """Rolled up from its occurrences (or parts) on the day; None when it has none."""


@dataclass(frozen=True)
class ScoreRow:
    """One score of a year: an index's total (``item`` None) or one of its items."""

    index: PlanIndex
    item: IndexItem | None
    level: int
    """0: the index's total; 1: lĩnh vực; 2: tiêu chí; 3: tiêu chí thành phần."""
    result: IndexResult
    previous: IndexResult | None
    """The result of the year before, as the plan states it, known by the day."""
    maximum: Maximum | None
    tasks: tuple[LinkedTask, ...] = ()

    @property
    def ref(self) -> str:
        return self.result.index

    @property
    def name(self) -> str:
        return self.index.name if self.item is None else self.item.name

    @property
    def level_name(self) -> str:
        if self.item is None:
            return "chỉ số"
        levels = self.index.levels
        return levels[self.level - 1] if self.level <= len(levels) else DEFAULT_LEVEL

    @property
    def unit(self) -> str | None:
        """The unit the score is in; None: điểm."""
        owner_unit = self.index.unit if self.item is None else self.item.unit or self.index.unit
        return self.result.unit or owner_unit

    @property
    def score(self) -> float | None:
        return self.result.value

    @property
    def lost(self) -> float | None:
        """Maximum − score, when both are known (never below 0)."""
        if self.score is None or self.maximum is None:
            return None
        return max(0.0, _points(self.maximum.value - self.score))

    @property
    def lost_points(self) -> bool:
        return self.lost is not None and not _close(self.lost, 0)

    @property
    def change(self) -> float | None:
        """Score − the year before's, when both are known."""
        if self.score is None or self.previous is None or self.previous.value is None:
            return None
        return _points(self.score - self.previous.value)

    @property
    def of(self) -> int | None:
        """What the rank is out of: the result's ``of``, else the index's ``ranked_of``."""
        if self.result.rank is None:
            return None
        return self.result.of or (self.index.ranked_of if self.item is None else None)

    @property
    def rank_change(self) -> int | None:
        """Places gained since the year before (positive: up)."""
        previous = self.previous.rank if self.previous is not None else None
        if previous is None or self.result.rank is None:
            return None
        return previous - self.result.rank

    @property
    def trend(self) -> Trend:
        if self.score is None:
            return Trend.NO_SCORE
        if self.maximum is not None and (
            _close(self.score, self.maximum.value) or self.score > self.maximum.value
        ):
            return Trend.MAXIMUM
        change = self.change
        if change is None:
            return Trend.NO_PREVIOUS
        if _close(change, 0):
            return Trend.UNCHANGED
        return Trend.RISING if change > 0 else Trend.FALLING

    @property
    def finding(self) -> bool:
        """An item that lost points with no task of the plan aimed at it."""
        return self.item is not None and self.lost_points and not self.tasks


@dataclass(frozen=True)
class TrendPoint:
    """An index's total of one year, as the plan's results hold it."""

    year: int
    result: IndexResult
    maximum: Maximum | None

    @property
    def lost(self) -> float | None:
        if self.result.value is None or self.maximum is None:
            return None
        return max(0.0, _points(self.maximum.value - self.result.value))


@dataclass(frozen=True)
class IndexBoard:
    """One index's scores of the year."""

    index: PlanIndex
    total: ScoreRow | None
    rows: tuple[ScoreRow, ...]
    """The items with a result, in the index's order (a field before its criteria)."""
    trend: tuple[TrendPoint, ...]
    """The index's total of every year the plan's results hold, known by the day, oldest first."""

    @property
    def findings(self) -> list[ScoreRow]:
        return [row for row in self.rows if row.finding]

    @property
    def fields_by_lost(self) -> list[ScoreRow]:
        """The first-level items whose points lost are known, most lost first (ties: the
        index's order)."""
        fields = [row for row in self.rows if row.level == 1 and row.lost is not None]
        return sorted(fields, key=lambda row: -(row.lost or 0.0))
