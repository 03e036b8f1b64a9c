"""Rules on indexes, targets, results and measurements: codes unique and nested, references to
criteria that exist, targets that say what they measure, results given once, sourced and within
their maximum and ranking, measured values once per indicator and period.

The rule ids are listed, with every other rule, in the docstring of :mod:`parplan.rules`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from parplan.dates import format_date
from parplan.findings import YamlPath, format_yaml_path
from parplan.model_indexes import IndexItem, IndexResult, PlanIndex, Target, split_criterion
from parplan.model_measurements import Measurement
from parplan.plan_parts import Located, PlanParts

__all__ = ["check_criterion", "index_rules", "measurement_rules", "result_rules", "target_rules"]


def _items(
    items: list[IndexItem], path: YamlPath, parent: IndexItem | None
) -> Iterator[tuple[IndexItem, YamlPath, IndexItem | None]]:
    """Every item below ``items`` with its YAML path and the item it sits under."""
    for position, item in enumerate(items):
        where = (*path, "items", position)
        yield item, where, parent
        yield from _items(item.items, where, item)


def index_rules(parts: PlanParts) -> None:
    """The codes of one index are unique (``code-duplicate``) and a child's code continues its
    parent's (``criterion-nesting``: "1.2" under "1", not "2.1")."""
    for located in parts.indexes:
        index = located.value
        seen: dict[str, YamlPath] = {}
        for item, where, parent in _items(index.items, located.path, None):
            if item.code in seen:
                parts.problem(
                    located.file,
                    "code-duplicate",
                    f"mã '{item.code}' của chỉ số {index.code} bị trùng (đã có ở "
                    f"{format_yaml_path(seen[item.code])}): mỗi lĩnh vực, tiêu chí một mã; sửa "
                    "mã hoặc gộp hai mục",
                    (*where, "code"),
                )
            else:
                seen[item.code] = where
            if parent is not None and not item.code.startswith(parent.code + "."):
                parts.problem(
                    located.file,
                    "criterion-nesting",
                    f"mã '{item.code}' nằm dưới mục '{parent.code}' của chỉ số {index.code} nên "
                    f"phải bắt đầu bằng '{parent.code}.' (ví dụ {parent.code}.1): sửa mã hoặc "
                    "chuyển mục về đúng mục cha",
                    (*where, "code"),
                )


def check_criterion(parts: PlanParts, file: Path, where: YamlPath, ref: str) -> None:
    """``criterion-unknown``: ``ref`` names an index of ``indexes`` and, when that index lists
    its structure, one of its codes."""
    indexes = {item.value.code: item.value for item in parts.indexes}
    index_code, code = split_criterion(ref)
    index = indexes.get(index_code)
    if index is None:
        unvalidated = parts.unvalidated_codes.get("indexes", set())
        if index_code in unvalidated or not (parts.indexes or parts.complete):
            return  # the index is written but failed, or the section could not be read
        known = ", ".join(sorted(indexes)) or "chưa có"
        parts.problem(
            file,
            "criterion-unknown",
            f"chỉ số '{index_code}' không có trong phần 'indexes' (có: {known}); thêm chỉ số "
            "vào 'indexes' hoặc sửa mã",
            where,
        )
    elif code is not None and index.items and index.find(code) is None:
        # The codes beside it, or beside the deepest of its ancestors the index has ("PAR 9.9.9"
        # in an index of fields 1–8: the fields).
        parent = code.rpartition(".")[0]
        while parent and index.find(parent) is None:
            parent = parent.rpartition(".")[0]
        siblings = [item.code for item in index.walk() if item.code.rpartition(".")[0] == parent]
        parts.problem(
            file,
            "criterion-unknown",
            f"'{ref}': chỉ số {index_code} không có lĩnh vực, tiêu chí mã {code} "
            f"(có: {', '.join(siblings) or 'chưa có'}); sửa mã hoặc thêm tiêu chí vào 'indexes'",
            where,
        )


_MEASURED = {"value": "giá trị", "rank": "thứ hạng", "rank_change": "số bậc tăng"}


def target_rules(parts: PlanParts, located: Located[Target]) -> None:
    """A target names what it measures (``target-index``), its level is one the measure can
    take (``target-value``), and its clause exists (``source-clause-unknown``)."""
    target = located.value
    path = located.path
    if target.measure in _MEASURED and target.index is None:
        parts.problem(
            located.file,
            "target-index",
            f"chỉ tiêu đo {_MEASURED[target.measure]} ('measure: {target.measure}') phải ghi chỉ "
            "số được đo ở 'index', ví dụ 'index: PAR' hoặc 'index: SIPAS'",
            (*path, "measure"),
        )
    if target.measure == "completion_rate" and target.index is not None:
        parts.problem(
            located.file,
            "target-index",
            "chỉ tiêu tỷ lệ hoàn thành nhiệm vụ ('measure: completion_rate', mặc định) không đo "
            "chỉ số nào: bỏ 'index', hoặc ghi 'measure: value', 'rank' hay 'rank_change'",
            (*path, "index"),
            at_key=True,
        )
    if target.index is not None:
        check_criterion(parts, located.file, (*path, "index"), target.index)
    problem = _value_problem(target)
    if problem:
        parts.problem(located.file, "target-value", problem, (*path, "value"))
    if parts.documents and target.source is not None:
        clauses = parts.documents[0].value.clauses()
        if target.source not in clauses:
            parts.problem(
                located.file,
                "source-clause-unknown",
                f"mục '{target.source}' không có trong văn bản kế hoạch; các mục có: "
                f"{', '.join(sorted(clauses)) or 'chưa có'} (thêm mục vào 'plan.outline' "
                "hoặc sửa 'source')",
                (*path, "source"),
            )


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value).replace(".", ",")


def _value_problem(target: Target) -> str | None:
    value = target.value
    if target.measure == "completion_rate" and not 0 <= value <= 100:
        return f"tỷ lệ hoàn thành là phần trăm, từ 0 đến 100; gặp {_number(value)}"
    if target.measure == "rank" and (value < 1 or value != int(value)):
        return (
            f"thứ hạng là số nguyên từ 1 trở lên (hạng 1 là cao nhất), gặp {_number(value)}; "
            "'trong nhóm 35 tỉnh dẫn đầu' là 'comparator: \"<=\"', 'value: 35'"
        )
    if target.measure == "rank_change" and value != int(value):
        return f"số bậc tăng là số nguyên (tăng 2 bậc: 2; giảm 1 bậc: -1), gặp {_number(value)}"
    return None


def result_rules(parts: PlanParts) -> None:
    """Results name a criterion that exists, are given once per index and year
    (``result-duplicate``), a rank within its total and the number the index ranks
    (``rank-out-of``), a value not above its maximum (``score-above-max``), a source when
    published (``result-source``), and are not known before their year begins
    (``result-known-early``); then the measurements and import mappings
    (:func:`measurement_rules`)."""
    indexes = {item.value.code: item.value for item in parts.indexes}
    seen: dict[tuple[str, int], Located[IndexResult]] = {}
    for located in parts.results:
        result = located.value
        path = located.path
        check_criterion(parts, located.file, (*path, "index"), result.index)
        key = (result.index, result.year)
        if key in seen:
            first = seen[key]
            parts.problem(
                located.file,
                "result-duplicate",
                f"kết quả {result.index} năm {result.year} đã có ở {first.file.name}, "
                f"{format_yaml_path(first.path)}: mỗi chỉ số, mỗi năm một kết quả; gộp hai mục "
                "hoặc sửa 'year'",
                (*path, "year"),
            )
        else:
            seen[key] = located
        index = indexes.get(split_criterion(result.index)[0])
        _rank_rule(parts, located, index)
        _maximum_rule(parts, located, index)
        if result.assessment == "published" and result.source is None:
            parts.problem(
                located.file,
                "result-source",
                f"kết quả {result.index} năm {result.year} là kết quả được công bố "
                "('assessment: published', mặc định) nhưng không ghi nguồn: ghi 'source' (số, "
                "ngày văn bản công bố, hoặc đoạn của kế hoạch nêu nó), hoặc 'assessment: self' "
                "nếu là kết quả tự đánh giá",
                path,
            )
        start = date(result.year, 1, 1)
        if result.known_on is not None and result.known_on < start:
            parts.problem(
                located.file,
                "result-known-early",
                f"kết quả năm {result.year} không thể có từ ngày "
                f"{format_date(result.known_on)}, trước khi năm {result.year} bắt đầu: sửa "
                "'known_on' (ngày công bố kết quả) hoặc 'year' (năm của kết quả)",
                (*path, "known_on"),
            )
    measurement_rules(parts)


def _rank_rule(parts: PlanParts, located: Located[IndexResult], index: PlanIndex | None) -> None:
    """``rank-out-of``: a rank not above ``of``, nor above the number the index ranks
    (``ranked_of``, 63 provinces); ``of`` not above that number either. One finding a result."""
    result = located.value
    path = located.path
    ranked_of = index.ranked_of if index is not None else None
    where = f"chỉ số {split_criterion(result.index)[0]} xếp hạng {ranked_of} đơn vị ('ranked_of')"
    if result.rank is not None and result.of is not None and result.rank > result.of:
        parts.problem(
            located.file,
            "rank-out-of",
            f"thứ hạng {result.rank} lớn hơn tổng số được xếp hạng {result.of} ('of'): sửa "
            "'rank' hoặc 'of'",
            (*path, "rank"),
        )
    elif ranked_of is not None and result.of is not None and result.of > ranked_of:
        parts.problem(
            located.file,
            "rank-out-of",
            f"tổng số được xếp hạng {result.of} ('of') lớn hơn số đơn vị được xếp hạng: {where}; "
            "sửa 'of' hoặc 'ranked_of'",
            (*path, "of"),
        )
    elif ranked_of is not None and result.rank is not None and result.rank > ranked_of:
        parts.problem(
            located.file,
            "rank-out-of",
            f"thứ hạng {result.rank} nằm ngoài khoảng 1 đến {ranked_of}: {where}; sửa 'rank'",
            (*path, "rank"),
        )


def _maximum_rule(parts: PlanParts, located: Located[IndexResult], index: PlanIndex | None) -> None:
    """``score-above-max``: a value not above the maximum the result states (``max_value``), or
    else the maximum of its index or item (``max_points``)."""
    result = located.value
    if result.value is None:
        return
    code = split_criterion(result.index)[1]
    if result.max_value is not None:
        maximum, said = result.max_value, "điểm tối đa kết quả này ghi ('max_value')"
    else:
        item = index if index is None or code is None else index.find(code)
        if item is None or item.max_points is None:
            return
        maximum = item.max_points
        state = "" if item.max_confirmed else ", chưa xác nhận"
        said = f"điểm tối đa của {result.index} trong 'indexes' ('max_points'{state})"
    if result.value > maximum:
        parts.problem(
            located.file,
            "score-above-max",
            f"kết quả {result.index} năm {result.year} là {_number(result.value)}, lớn hơn "
            f"{said} {_number(maximum)}: sửa 'value' hoặc điểm tối đa",
            (*located.path, "value"),
        )


def measurement_rules(parts: PlanParts) -> None:
    """Measurements name an indicator that exists (``criterion-unknown``) and give one value per
    indicator and period (``measurement-duplicate``); the columns of import mappings name
    indicators that exist (``criterion-unknown``) and read a value one way: a value column, or a
    numerator and a denominator (``mapping-column``)."""
    seen: dict[tuple[str, str], Located[Measurement]] = {}
    for located in parts.measurements:
        measurement = located.value
        check_criterion(parts, located.file, (*located.path, "indicator"), measurement.indicator)
        key = (measurement.indicator, measurement.period.value)
        if key in seen:
            first = seen[key]
            parts.problem(
                located.file,
                "measurement-duplicate",
                f"số liệu {measurement.indicator} kỳ {measurement.period.label} đã có ở "
                f"{first.file.name}, {format_yaml_path(first.path)}: mỗi chỉ tiêu, mỗi kỳ một "
                "giá trị; bỏ một mục hoặc sửa 'period'",
                (*located.path, "period"),
            )
        else:
            seen[key] = located
    for mapping in parts.imports:
        for position, column in enumerate(mapping.value.columns):
            where = (*mapping.path, "columns", position)
            check_criterion(parts, mapping.file, (*where, "indicator"), column.indicator)
            by_value = column.value is not None
            by_ratio = column.numerator is not None and column.denominator is not None
            partial = (column.numerator is None) != (column.denominator is None)
            if by_value == by_ratio or partial:
                parts.problem(
                    mapping.file,
                    "mapping-column",
                    f"cột của chỉ tiêu {column.indicator}: ghi 'value' (cột có sẵn giá trị) hoặc "
                    "cả 'numerator' và 'denominator' (tử số, mẫu số), không ghi cả hai cách",
                    (*where, "indicator"),
                )
