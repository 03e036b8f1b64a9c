"""The plan's targets (chỉ tiêu) evaluated on a day, against the results known by then.

Every kind of target is evaluated here, once, and :func:`parplan.status.plan_status` puts the
evaluations on the status every view reads:

- ``completion_rate`` ("Hoàn thành 100% nhiệm vụ") is measured on the status headline: the work
  due by the day of the view (deadline passed, or done), continuous duties not counted; the rate
  is the part of that work done, rounded down (99,9% while anything is left, :func:`rate`). With
  nothing due yet there is no rate; while any work due by the day is still open the target is not
  met, whatever the rate;
- ``value`` (the index's value or a criterion's, "PAR Index đạt từ 85% trở lên"), ``rank``
  ("trong nhóm 35 tỉnh dẫn đầu": rank ``<=`` 35) and ``rank_change`` ("tăng tối thiểu 1 bậc":
  baseline rank − measured rank, positive is up, both ranks needed) are measured on the plan
  year's result of the target's index.

When a result counts as known: from its ``known_on`` day; a result without ``known_on`` from the
day after its year ends (the result of 2022 from 01/01/2023). A view before that day does not see
it: the target has no result yet ("chưa có kết quả"). The same rule applies to the baseline (the
result of the year before the plan's, as the plan states it), so no view shows a figure before
it was known. When several results of one index and year are known, the one known last counts
(a later publication corrects an earlier one; on the same day, the later in the plan).
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from parplan.dates import format_date
from parplan.model import IndexResult, Measurement, Plan, Target
from parplan.template_filters import format_percent

__all__ = [
    "Headline",
    "TargetEvaluation",
    "Verdict",
    "compare",
    "evaluate_targets",
    "format_number",
    "format_quantity",
    "known_from",
    "known_results",
    "rate",
    "result_text",
]


class Verdict(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        """ "đạt", "chưa đạt", "chưa có kết quả"."""
        return _VERDICT_LABELS[self]


_VERDICT_LABELS = {
    Verdict.MET: "đạt",
    Verdict.NOT_MET: "chưa đạt",
    Verdict.UNKNOWN: "chưa có kết quả",
}


def rate(part: int, whole: int) -> float | None:
    """``part`` of ``whole`` in percent, rounded down to one decimal: 99,9% while anything is
    left, 100% only when all of it is done; None of nothing."""
    return (1000 * part // whole) / 10 if whole > 0 else None


@dataclass(frozen=True)
class Headline:
    """The plan's requirement (100% of tasks done) against where it stands on ``as_of``: what a
    ``completion_rate`` target is measured on. Every figure comes from the status's tally.

    Continuous duties (thường xuyên) are never due and never in a rate, neither numerator nor
    denominator, even when a result is recorded for them: they are counted apart
    (``continuous``, ``reported``)."""

    as_of: date
    target_percent: float
    target_text: str | None
    due: int
    """Work with a deadline due by the day of the view (deadline passed) or done."""
    done_of_due: int
    total: int
    """Work with a deadline, the whole year (continuous duties not counted)."""
    done: int
    continuous: int = 0
    """Continuous duties (each period's occurrence of one counts once)."""
    reported: int = 0
    """Continuous duties with a result recorded by the day of the view."""
    target_comparator: str = ">="

    @property
    def percent_of_due(self) -> float | None:
        """Done of the work due, rounded down (:func:`rate`); None while nothing is due."""
        return rate(self.done_of_due, self.due)

    @property
    def percent_of_total(self) -> float | None:
        """Done of the year's work with a deadline, rounded down; None without any."""
        return rate(self.done, self.total)

    @property
    def open_due(self) -> int:
        """Work due by the day and not done (overdue)."""
        return self.due - self.done_of_due

    @property
    def verdict(self) -> Verdict:
        """The plan's requirement on the day (:meth:`verdict_for` its percentage)."""
        return self.verdict_for(self.target_percent, self.target_comparator)

    def verdict_for(self, percent: float, comparator: str = ">=") -> Verdict:
        """A required completion rate on the day: unknown while nothing is due, never met while
        work due by the day is open, else the rate against ``percent``."""
        measured = self.percent_of_due
        if measured is None:
            return Verdict.UNKNOWN
        if self.open_due or not compare(measured, comparator, percent):
            return Verdict.NOT_MET
        return Verdict.MET

    @property
    def due_text(self) -> str:
        """ "hoàn thành 3/5 việc đến hạn đến ngày 30/09/2022 (60%)"."""
        day = format_date(self.as_of)
        if self.percent_of_due is None:
            return f"chưa có việc nào đến hạn đến ngày {day}"
        percent = format_percent(self.percent_of_due)
        return f"hoàn thành {self.done_of_due}/{self.due} việc đến hạn đến ngày {day} ({percent})"

    @property
    def year_text(self) -> str:
        """ "cả năm 3/11 việc có thời hạn (27,2%)"."""
        if self.percent_of_total is None:
            return "cả năm chưa có việc nào có thời hạn"
        percent = format_percent(self.percent_of_total)
        return f"cả năm {self.done}/{self.total} việc có thời hạn ({percent})"

    @property
    def continuous_text(self) -> str:
        """ "16 việc thường xuyên (1 đã ghi kết quả đến ngày 30/09/2022)"."""
        day = format_date(self.as_of)
        return (
            f"{self.continuous} việc thường xuyên ({self.reported} đã ghi kết quả đến ngày {day})"
        )


def format_number(value: float) -> str:
    """87,11 / 85 / 1.234,5 / -2: Vietnamese decimal comma and thousands dot, at most two
    decimals, none for whole numbers."""
    rounded = round(value, 2) + 0.0  # no "-0"
    whole = rounded == int(rounded)
    text = f"{rounded:,.0f}" if whole else f"{rounded:,.2f}".rstrip("0")
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def format_quantity(value: float, unit: str | None) -> str:
    """A value with its unit as the plan writes it: "87,11%", "85 điểm", "3"."""
    if unit is None:
        return format_number(value)
    return f"{format_number(value)}{'' if unit == '%' else ' '}{unit}"


def compare(measured: float, comparator: str, value: float) -> bool:
    """``measured`` against the target's ``value`` with its comparator; equal up to rounding."""
    equal = math.isclose(measured, value, abs_tol=1e-9)
    if comparator == "=":
        return equal
    if comparator == ">=":
        return equal or measured > value
    if comparator == "<=":
        return equal or measured < value
    if comparator == ">":
        return not equal and measured > value
    return not equal and measured < value


def known_from(result: IndexResult) -> date:
    """The first day a result counts as known: its ``known_on``, else the day after its year."""
    return result.known_on or date(result.year + 1, 1, 1)


def known_results(plan: Plan, as_of: date) -> list[IndexResult]:
    """The plan's results known on or before ``as_of``, in the plan's order."""
    return [result for result in plan.results if known_from(result) <= as_of]


def measurement_known_from(plan: Plan, measurement: Measurement) -> date:
    """The first day a measured value counts as known: the day it was imported, else (written
    by hand) the day after its period ends."""
    if measurement.source is not None:
        return measurement.source.imported_on
    month = measurement.period.months[1]
    return date(plan.year, month, calendar.monthrange(plan.year, month)[1]) + timedelta(days=1)


def latest_measurement(plan: Plan, indicator: str, as_of: date) -> Measurement | None:
    """The value of ``indicator`` measured last by ``as_of``: of the period that ends latest (the
    longer period on a tie: 9 tháng over quý III), the one known last."""
    known = [
        m
        for m in plan.measurements
        if m.indicator == indicator and measurement_known_from(plan, m) <= as_of
    ]
    return max(
        known,
        key=lambda m: (
            m.period.months[1],
            m.period.months[1] - m.period.months[0],
            measurement_known_from(plan, m),
        ),
        default=None,
    )


def _latest(results: Iterable[IndexResult], index: str, year: int) -> IndexResult | None:
    """The result of ``index`` for ``year`` known last (on the same day, the later one)."""
    matching = [r for r in results if r.index == index and r.year == year]
    return max(reversed(matching), key=known_from) if matching else None


def result_text(result: IndexResult) -> str:
    """ "năm 2021: 87,11%, xếp thứ 23/63, nhóm B"."""
    parts = []
    if result.value is not None:
        parts.append(format_quantity(result.value, result.unit))
    if result.rank is not None:
        parts.append(f"xếp thứ {result.rank}" + (f"/{result.of}" if result.of else ""))
    if result.group is not None:
        parts.append(
            result.group if result.group.lower().startswith("nhóm") else f"nhóm {result.group}"
        )
    return f"năm {result.year}: " + (", ".join(parts) or "không ghi giá trị")


@dataclass(frozen=True)
class TargetEvaluation:
    """One target of the plan, where it stands on the day of the view."""

    target: Target
    as_of: date
    baseline: IndexResult | None
    """The result of the year before the plan's, known by the day (None for completion_rate)."""
    result: IndexResult | None
    """The plan year's result known by the day (None for completion_rate)."""
    headline: Headline | None
    """What a completion_rate target is measured on (None for the other measures)."""
    measured: float | None
    """The quantity compared with the target's value: the value, the rank, the change of rank
    (positive: up) or the completion rate in percent; None when it cannot be known yet."""
    verdict: Verdict
    reason: str | None = None
    """Why a result that exists cannot be judged ("kết quả năm 2022 không ghi thứ hạng"), or on
    what a measured value judges it ("theo số liệu đo được quý I năm 2022")."""
    measurement: Measurement | None = None
    """The value measured during the year a value target is judged on while the year's result
    is not known (an indicator imported from the one-stop system)."""

    @property
    def result_text(self) -> str:
        """What was measured, in words: "năm 2022: 88,5%, xếp thứ 20/63", "60% (3/5 việc đến hạn
        đến ngày 30/09/2022)", or "chưa có kết quả"."""
        day = format_date(self.as_of)
        if self.headline is not None:
            if self.measured is None:
                return f"chưa có việc nào đến hạn đến ngày {day}"
            work = f"{self.headline.done_of_due}/{self.headline.due} việc đến hạn đến ngày {day}"
            return f"{format_percent(self.measured)} ({work})"
        if self.result is None and self.measurement is not None:
            measured = self.measurement
            return (
                f"{measured.period.label} năm {self.as_of.year}: "
                f"{format_quantity(measured.value, measured.unit)} (số liệu đo được)"
            )
        if self.result is None:
            return "chưa có kết quả"
        text = result_text(self.result)
        if self.target.measure == "rank_change" and self.measured is not None:
            change = int(self.measured)
            moved = f"tăng {change} bậc" if change > 0 else f"giảm {-change} bậc"
            text += f" ({moved})" if change else " (giữ nguyên thứ hạng)"
        return text

    @property
    def baseline_text(self) -> str | None:
        """ "năm 2021: 87,11%, xếp thứ 23/63", None without a baseline."""
        return result_text(self.baseline) if self.baseline is not None else None

    @property
    def baseline_label(self) -> str:
        """The baseline for a table cell: its text, "không áp dụng" for a completion rate,
        "không có" when the plan gives none (or it is not known yet)."""
        if self.baseline is not None:
            return result_text(self.baseline)
        return "không áp dụng" if self.target.measure == "completion_rate" else "không có"

    @property
    def verdict_text(self) -> str:
        """The verdict, with the reason when a result exists but cannot be judged."""
        if self.reason is not None:
            return f"{self.verdict.label} ({self.reason})"
        return self.verdict.label

    @property
    def text(self) -> str:
        """ "PAR Index đạt từ 85% trở lên — kết quả: chưa có kết quả (năm 2021: 87,11%, xếp thứ
        23/63)"; with a result: "… — kết quả: năm 2022: 88,5% — đạt (năm 2021: …)"."""
        text = f"{self.target.text.rstrip('.')} — kết quả: {self.result_text}"
        if self.verdict is not Verdict.UNKNOWN:
            text += f" — {self.verdict.label}"
        elif self.reason is not None:
            text += f" — chưa đánh giá được: {self.reason}"
        if self.baseline_text is not None:
            text += f" ({self.baseline_text})"
        return text


def _completion(target: Target, as_of: date, headline: Headline) -> TargetEvaluation:
    """A completion rate, judged by the headline's one rule (:meth:`Headline.verdict_for`)."""
    verdict = headline.verdict_for(target.value, target.comparator)
    return TargetEvaluation(target, as_of, None, None, headline, headline.percent_of_due, verdict)


def _measured(
    target: Target, baseline: IndexResult | None, result: IndexResult
) -> tuple[float | None, str | None]:
    """The quantity a value, rank or rank_change target compares, or why there is none."""
    year = result.year
    if target.measure == "value":
        return (
            result.value,
            None if result.value is not None else f"kết quả năm {year} không ghi giá trị",
        )
    if result.rank is None:
        return None, f"kết quả năm {year} không ghi thứ hạng"
    if target.measure == "rank":
        return float(result.rank), None
    if baseline is None or baseline.rank is None:
        return None, f"chưa có thứ hạng năm {year - 1} để so sánh"
    return float(baseline.rank - result.rank), None


def _on_measurement(
    target: Target, plan: Plan, as_of: date, baseline: IndexResult | None
) -> TargetEvaluation:
    """A value target whose year's result is not known, judged on the indicator's value measured
    last (the verdict says on which period); without one, not judged yet."""
    assert target.index is not None
    measured = latest_measurement(plan, target.index, as_of)
    if measured is None:
        return TargetEvaluation(target, as_of, baseline, None, None, None, Verdict.UNKNOWN)
    met = compare(measured.value, target.comparator, target.value)
    return TargetEvaluation(
        target,
        as_of,
        baseline,
        None,
        None,
        measured.value,
        Verdict.MET if met else Verdict.NOT_MET,
        f"theo số liệu đo được {measured.period.label} năm {plan.year}",
        measured,
    )


def evaluate(target: Target, plan: Plan, as_of: date, headline: Headline) -> TargetEvaluation:
    """One target as of ``as_of``."""
    if target.measure == "completion_rate":
        return _completion(target, as_of, headline)
    if target.index is None:
        missing = "chỉ tiêu không ghi chỉ số được đo"
        return TargetEvaluation(target, as_of, None, None, None, None, Verdict.UNKNOWN, missing)
    known = known_results(plan, as_of)
    baseline = _latest(known, target.index, plan.year - 1)
    result = _latest(known, target.index, plan.year)
    if result is None and target.measure == "value":
        return _on_measurement(target, plan, as_of, baseline)
    if result is None:
        return TargetEvaluation(target, as_of, baseline, None, None, None, Verdict.UNKNOWN)
    measured, reason = _measured(target, baseline, result)
    if measured is None:
        verdict = Verdict.UNKNOWN
    else:
        met = compare(measured, target.comparator, target.value)
        verdict = Verdict.MET if met else Verdict.NOT_MET
    return TargetEvaluation(target, as_of, baseline, result, None, measured, verdict, reason)


def evaluate_targets(plan: Plan, as_of: date, headline: Headline) -> list[TargetEvaluation]:
    """Every target of the plan, in the plan's order, as of ``as_of``; ``headline`` is the
    status's (what completion_rate targets are measured on)."""
    return [evaluate(target, plan, as_of, headline) for target in plan.targets]
