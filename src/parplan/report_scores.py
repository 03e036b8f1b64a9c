"""The periodic report's short "Kết quả các chỉ số" section: the index results that became known
in the period's data window, and the indicators measured (known by the cut-off) for periods that
end after the window opens, each as a sentence. Nothing when the period has neither.

Results and measured values are seen from the day they are known (:func:`parplan.targets.
known_from`, :func:`parplan.targets.measurement_known_from`), as every view sees them.
"""

from __future__ import annotations

import calendar
from datetime import date

from parplan.model import Measurement, Plan
from parplan.model_indexes import split_criterion
from parplan.targets import format_quantity, known_from, measurement_known_from, result_text

__all__ = ["index_results"]


def _index_name(plan: Plan, ref: str) -> str:
    """ "Chỉ số cải cách hành chính (PAR Index)", "lĩnh vực 3 Cải cách TTHC của PAR", or the
    reference itself when the plan does not name it."""
    code, item_code = split_criterion(ref)
    index = plan.index(code)
    if index is None:
        return ref
    if item_code is None:
        return index.name
    item = index.find(item_code)
    return f"{ref} {item.name}" if item is not None else ref


def _period_end(plan: Plan, measurement: Measurement) -> date:
    month = measurement.period.months[1]
    return date(plan.year, month, calendar.monthrange(plan.year, month)[1])


def index_results(plan: Plan, start: date, end: date) -> list[str]:
    """The sentences of the section for the window ``start``–``end`` (the cut-off)."""
    lines = [
        f"{_index_name(plan, result.index)} {result_text(result)}"
        + (f" (nguồn: {result.source})" if result.source else "")
        + "."
        for result in plan.results
        if start <= known_from(result) <= end
    ]
    latest: dict[tuple[str, str], Measurement] = {}
    for measurement in plan.measurements:
        known = measurement_known_from(plan, measurement)
        # known by the cut-off, of a period that ends after the window opens (the values of
        # earlier periods were the earlier reports')
        if known <= end and start <= _period_end(plan, measurement):
            key = (measurement.indicator, measurement.period.value)
            held = latest.get(key)
            if held is None or measurement_known_from(plan, held) <= known:
                latest[key] = measurement
    lines.extend(
        f"{_index_name(plan, measurement.indicator)}, {measurement.period.label} năm "
        f"{plan.year}: {format_quantity(measurement.value, measurement.unit)}"
        + (" (số liệu nhập từ tệp thống kê)." if measurement.source is not None else ".")
        for measurement in sorted(latest.values(), key=lambda m: (m.indicator, m.period.months))
    )
    return lines
