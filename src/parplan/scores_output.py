"""The scores as plain data (:func:`scores_payload`): the :class:`~parplan.scores.ScoreBoard` with
the numbers and, beside them, the words every view shows (cells, verdicts, sentences), made once
here. ``scores --format json`` prints it, the terminal view, the Markdown template
(``templates/scores.md.j2``) and the site's page ``chi-so.html`` read it.

Numbers are written the Vietnamese way (:func:`parplan.targets.format_number`); a maximum not
confirmed, and the points lost computed from it, carry "(chưa xác nhận)".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from parplan.dates import format_date
from parplan.formats import OutputFormat
from parplan.model import Measurement
from parplan.neutralise import terminal_text
from parplan.scores import (
    IndexBoard,
    IndicatorSeries,
    LinkedTask,
    ScoreBoard,
    ScoreRow,
    Trend,
    TrendPoint,
)
from parplan.status_listings import target_payload, to_json
from parplan.targets import format_number, format_quantity
from parplan.template_loader import office_templates
from parplan.template_rendering import render_template

__all__ = [
    "SCORES_OUTPUTS",
    "UNCONFIRMED",
    "UNCONFIRMED_NOTE",
    "scores_json",
    "scores_markdown",
    "scores_payload",
]

UNCONFIRMED = "chưa xác nhận"
UNCONFIRMED_NOTE = (
    "điểm tối đa chưa xác nhận theo văn bản quy định bộ chỉ số; điểm bị mất tính từ đó cũng "
    "chưa xác nhận"
)
POINTS = "điểm"


def _unit(row: ScoreRow) -> str:
    return row.unit or POINTS


def _difference_unit(unit: str) -> str:
    """The unit of points lost or gained: percentage points for a percentage."""
    return "điểm phần trăm" if unit == "%" else unit


def _marked(text: str, confirmed: bool) -> str:
    return text if confirmed else f"{text} ({UNCONFIRMED})"


def _signed(value: float) -> str:
    return f"+{format_number(value)}" if value > 0 else format_number(value)


def _rank(rank: int | None, of: int | None) -> str:
    if rank is None:
        return ""
    return f"{rank}/{of}" if of else str(rank)


def verdict_label(row: ScoreRow) -> str:
    """The verdict; at a maximum not confirmed, saying so."""
    if row.trend is Trend.MAXIMUM and row.maximum is not None and not row.maximum.confirmed:
        return f"đạt tối đa (điểm tối đa {UNCONFIRMED}) — duy trì"
    return row.trend.label


def _value_words(row: ScoreRow) -> str:
    """ "4,5/6 điểm, mất 1,5 điểm" or "80,5%"."""
    unit = _unit(row)
    if row.score is None:
        return "không ghi điểm"
    if row.maximum is None:
        return format_quantity(row.score, unit)
    text = f"{format_number(row.score)}/{format_quantity(row.maximum.value, unit)}"
    if not row.maximum.confirmed:
        text += f" (điểm tối đa {UNCONFIRMED})"
    if row.trend is Trend.MAXIMUM:
        return text + ", đạt tối đa"
    if row.lost is not None:
        lost = format_quantity(row.lost, _difference_unit(unit))
        text += f", mất {_marked(lost, row.maximum.confirmed)}"
    return text


def _change_words(row: ScoreRow, year: int) -> str | None:
    previous = row.previous
    if row.score is None:
        return None
    if previous is None:
        return f"chưa có kết quả năm {year - 1}"
    if previous.value is None or row.change is None:
        return f"kết quả năm {year - 1} không ghi điểm"
    if row.change == 0:
        return f"không đổi so với năm {year - 1}"
    moved = "tăng" if row.change > 0 else "giảm"
    amount = format_quantity(abs(row.change), _difference_unit(_unit(row)))
    return f"{moved} {amount} so với năm {year - 1} ({format_number(previous.value)})"


def _rank_words(row: ScoreRow, year: int) -> str | None:
    if row.result.rank is None:
        return None
    text = f"xếp thứ {_rank(row.result.rank, row.of)}"
    previous = row.previous
    if previous is not None and previous.rank is not None:
        moved = row.rank_change or 0
        how = f"tăng {moved} bậc" if moved > 0 else f"giảm {-moved} bậc" if moved else "giữ nguyên"
        text += f" (năm {year - 1}: {_rank(previous.rank, previous.of or row.of)}, {how})"
    return text


def _sentence(row: ScoreRow, year: int) -> str:
    """ "PAR 3.1 Kiểm soát TTHC năm 2022: 4,5/6 điểm, mất 1,5 điểm; giảm 1 điểm so với năm 2021
    (5,5)"; the total with its rank and source."""
    name = row.name if row.item is None else f"{row.ref} {row.name}"
    parts = [f"{name} — năm {year}: {_value_words(row)}"]
    parts += [words for words in (_change_words(row, year), _rank_words(row, year)) if words]
    if row.result.group:
        group = row.result.group
        parts.append(group if group.lower().startswith("nhóm") else f"nhóm {group}")
    if row.result.assessment == "self":
        parts.append("tự đánh giá")
    elif row.result.source:
        parts.append(f"nguồn: {row.result.source}")
    return "; ".join(parts)


def _lost_text(row: ScoreRow) -> str:
    if row.lost is None or row.maximum is None:
        return "—"
    return _marked(format_number(row.lost), row.maximum.confirmed)


def _task(linked: LinkedTask) -> dict[str, Any]:
    task = linked.task
    label = linked.state.label if linked.state is not None else ""
    return {
        "id": task.id,
        "title": task.title,
        "lead": list(task.lead),
        "status": linked.state.value if linked.state is not None else None,
        "status_label": label,
        "text": f"{task.id}: {task.title}" + (f" ({label})" if label else ""),
    }


def _finding(row: ScoreRow, year: int) -> str | None:
    if not row.finding or row.lost is None or row.maximum is None:
        return None
    lost = format_quantity(row.lost, _difference_unit(_unit(row)))
    return (
        f"{row.ref} {row.name}: mất {_marked(lost, row.maximum.confirmed)} năm {year}; không "
        f"có nhiệm vụ nào của Kế hoạch nhằm vào {row.level_name} này"
    )


def _row(row: ScoreRow, year: int) -> dict[str, Any]:
    maximum = row.maximum
    previous = row.previous
    result = row.result
    confirmed = maximum.confirmed if maximum is not None else None
    return {
        "ref": row.ref,
        "code": row.item.code if row.item is not None else None,
        "name": row.name,
        "short_name": row.item.label if row.item is not None else row.index.name,
        "level": row.level,
        "level_name": row.level_name,
        "unit": _unit(row),
        "score": row.score,
        "maximum": maximum.value if maximum is not None else None,
        "max_confirmed": confirmed,
        "max_stated_by": maximum.stated_by if maximum is not None else None,
        "lost": row.lost,
        "lost_confirmed": confirmed if row.lost is not None else None,
        "previous": previous.value if previous is not None else None,
        "change": row.change,
        "rank": result.rank,
        "of": row.of,
        "previous_rank": previous.rank if previous is not None else None,
        "rank_change": row.rank_change,
        "group": result.group,
        "assessment": result.assessment,
        "source": result.source,
        "known_on": result.known_on.isoformat() if result.known_on else None,
        "verdict": row.trend.value,
        "verdict_label": verdict_label(row),
        "score_text": format_number(row.score) if row.score is not None else "—",
        "maximum_text": _marked(format_number(maximum.value), maximum.confirmed)
        if maximum is not None
        else "chưa biết",
        "lost_text": _lost_text(row),
        "previous_text": format_number(previous.value)
        if previous is not None and previous.value is not None
        else "—",
        "change_text": _signed(row.change) if row.change is not None else "—",
        "rank_text": _rank(result.rank, row.of),
        "tasks": [_task(linked) for linked in row.tasks],
        "finding": _finding(row, year),
        "text": _sentence(row, year),
    }


def _board(board: IndexBoard, year: int) -> dict[str, Any]:
    index = board.index
    return {
        "code": index.code,
        "name": index.name,
        "basis": index.basis,
        "version": index.version,
        "unit": index.unit or POINTS,
        "levels": list(index.levels),
        "total": _row(board.total, year) if board.total is not None else None,
        "rows": [_row(row, year) for row in board.rows],
        "fields_by_lost": [
            {
                "code": row.item.code if row.item is not None else None,
                "name": row.name,
                "short_name": row.item.label if row.item is not None else row.name,
                "lost": row.lost,
                "lost_confirmed": row.maximum.confirmed if row.maximum is not None else None,
                "lost_text": _lost_text(row),
            }
            for row in board.fields_by_lost
        ],
        "findings": [_finding(row, year) for row in board.findings],
        "trend": [
            {
                "year": point.year,
                "value": point.result.value,
                "maximum": point.maximum.value if point.maximum is not None else None,
                "max_confirmed": point.maximum.confirmed if point.maximum is not None else None,
                "lost": point.lost,
                "rank": point.result.rank,
                "of": point.result.of or (index.ranked_of if point.result.rank else None),
                "value_text": format_number(point.result.value)
                if point.result.value is not None
                else "—",
                "text": _trend_text(board, point),
            }
            for point in board.trend
        ],
    }


def _trend_text(board: IndexBoard, point: TrendPoint) -> str:
    """ "năm 2021: 85,2/100 điểm, xếp thứ 30/63"."""
    result = point.result
    unit = result.unit or board.index.unit or POINTS
    text = f"năm {point.year}: "
    if result.value is None:
        text += "không ghi điểm"
    elif point.maximum is None:
        text += format_quantity(result.value, unit)
    else:
        maximum = format_quantity(point.maximum.value, unit)
        text += f"{format_number(result.value)}/{maximum}"
        if not point.maximum.confirmed:
            text += f" (điểm tối đa {UNCONFIRMED})"
    if result.rank is not None:
        text += f", xếp thứ {_rank(result.rank, result.of or board.index.ranked_of)}"
    return text


def _measurement(measurement: Measurement) -> dict[str, Any]:
    source = measurement.source
    source_text = "ghi tay"
    if source is not None:
        source_text = f"tệp {source.file}, nhập ngày {format_date(source.imported_on)}"
        if source.row is not None:
            source_text += f", dòng {source.row}"
    return {
        "period": measurement.period.value,
        "period_label": measurement.period.label,
        "value": measurement.value,
        "value_text": format_quantity(measurement.value, measurement.unit),
        "numerator": measurement.numerator,
        "denominator": measurement.denominator,
        "unit": measurement.unit,
        "source": source.model_dump(mode="json") if source is not None else None,
        "source_text": source_text,
    }


def _indicator(board: ScoreBoard, series: IndicatorSeries) -> dict[str, Any]:
    item = series.item
    values = [_measurement(measurement) for measurement in series.values]
    return {
        "indicator": series.ref,
        "label": board.plan.criterion_label(series.ref),
        "unit": item.unit if item is not None else None,
        "formula": item.formula if item is not None else None,
        "values": values,
        "latest": values[-1],
    }


def _message(board: ScoreBoard) -> str | None:
    """The sentence shown when no index has a result of the year known by the day."""
    if board.boards:
        return None
    which = f"của chỉ số {board.index_filter.code} " if board.index_filter is not None else ""
    return (
        f"Chưa có kết quả chỉ số nào {which}được biết đến ngày {format_date(board.as_of)} trong "
        f"{board.plan.document.display_name}: kết quả ghi ở phần 'results' của kế hoạch, mỗi "
        "kết quả có từ ngày 'known_on' (không ghi: từ ngày đầu năm sau năm của kết quả)."
    )


def scores_payload(board: ScoreBoard) -> dict[str, Any]:
    """The ScoreBoard as plain data: what ``scores --format json`` prints and the site's scores
    page embeds."""
    year = board.year
    return {
        "as_of": board.as_of.isoformat(),
        "as_of_text": format_date(board.as_of),
        "plan": board.plan.document.display_name,
        "plan_year": board.plan.year,
        "year": year,
        "previous_year": year - 1 if year is not None else None,
        "index": board.index_filter.code if board.index_filter is not None else None,
        "message": _message(board),
        "indexes": [_board(each, year) for each in board.boards] if year is not None else [],
        "without_results": [
            {
                "code": index.code,
                "name": index.name,
                "text": f"{index.code}: chưa có kết quả năm {year} được biết đến ngày "
                f"{format_date(board.as_of)}",
            }
            for index in board.without_results
            if year is not None
        ],
        "targets": [target_payload(evaluation) for evaluation in board.targets],
        "indicators": [_indicator(board, series) for series in board.indicators],
    }


def scores_json(board: ScoreBoard) -> str:
    return to_json(scores_payload(board))


def scores_markdown(board: ScoreBoard) -> str:
    """The scores in Markdown, from ``templates/scores.md.j2`` (an office's own wins); control
    and bidi characters of plan text shown as escapes, as in the terminal."""
    context = {"scores": scores_payload(board)}
    document = render_template("scores.md.j2", context, office_templates(board.plan.folder))
    return terminal_text(document)


SCORES_OUTPUTS: dict[OutputFormat, Callable[[ScoreBoard], str]] = {
    OutputFormat.JSON: scores_json,
    OutputFormat.MD: scores_markdown,
}
"""The file forms of ``scores``, by format (the terminal view is the CLI's)."""
