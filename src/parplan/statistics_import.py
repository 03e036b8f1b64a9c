"""``parplan import``: an exported statistics file read through one of the plan's ``imports``
mappings, and the measurements it gives recorded in the plan, in place.

The file is read and checked whole first (:mod:`parplan.statistics_table`,
:mod:`parplan.statistics_mapping`): a file that does not match its mapping records nothing. Then,
under the plan's lock, each measurement goes into the plan:

- a new indicator and period: added to the plan file that holds ``measurements:`` (the first
  one), else to a new ``so-lieu.yaml`` in the plan folder;
- an indicator and period the plan has already: the measurement is replaced where it is, its
  source then naming the new file (the import says which it replaced, and where the old one came
  from: another file, or written by hand) — the last import of a period is the one that counts;
- the same figures from the same file (same SHA-256, mapping and row): left as they are, so that
  importing a file twice changes nothing.

The plan is validated with the change before anything is written, and written as ``parplan
update`` writes (:mod:`parplan.section_edit`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from parplan.dates import format_date
from parplan.editing import exclusive_update
from parplan.errors import UsageProblem
from parplan.model_measurements import ImportMapping, Measurement
from parplan.plan_parts import PlanParts
from parplan.section_edit import FileChange, file_for_new_entries, write_changes
from parplan.statistics_mapping import ImportedFile, read_statistics
from parplan.statistics_table import StatisticsProblem, read_table
from parplan.text import closest
from parplan.update_lock import StaleRead

__all__ = ["NEW_FILE", "ImportReport", "import_statistics", "measurement_data"]

NEW_FILE = "so-lieu.yaml"
"""The file made in the plan folder when no plan file holds ``measurements:`` yet."""

HEADER = """Số liệu các chỉ tiêu đo được trong năm (measurements): mỗi số liệu một chỉ tiêu, một kỳ,
kèm nguồn (tệp đã nhập, mã SHA-256 của tệp, ngày nhập, cách đọc, dòng). Tệp do 'parplan import'
tạo; sửa tay được như mọi tệp kế hoạch."""


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import recorded."""

    imported: ImportedFile
    added: tuple[Measurement, ...]
    replaced: tuple[tuple[Measurement, Measurement], ...]
    """Each measurement replaced, and the one replacing it."""
    unchanged: tuple[Measurement, ...]
    files: tuple[Path, ...]
    """The plan files written (none when nothing changed)."""


def import_statistics(
    plans: Path, year: int | None, file: Path, mapping_id: str, on: date | None = None
) -> ImportReport:
    """Read ``file`` through the mapping ``mapping_id`` of the plan (``year``) and record its
    measurements as imported ``on`` (today when None)."""
    from parplan.loading import load_plan_parts

    today = date.today()
    on = on or today
    if on > today:
        raise UsageProblem(f"--on {format_date(on)} là ngày chưa tới: số liệu nhập ngày đã qua")
    parts = load_plan_parts(plans, year, as_of=on)
    mapping = _mapping(parts, mapping_id)
    plan_year = parts.documents[0].value.year
    table = read_table(file, mapping.sheet, mapping.header_row)
    imported = read_statistics(table, mapping, plan_year, on)
    if not imported.measurements:
        raise StatisticsProblem(
            f"tệp '{table.name}' không có số liệu nào theo cách đọc '{mapping.id}' (các dòng "
            f"sau dòng tiêu đề {mapping.header_row} trống): không ghi gì"
        )
    with exclusive_update(parts.folder):
        try:
            return _record(parts, imported)
        except StaleRead:
            return _record(load_plan_parts(plans, year, as_of=on), imported)


def _mapping(parts: PlanParts, mapping_id: str) -> ImportMapping:
    mappings = [located.value for located in parts.imports]
    if not mappings:
        raise UsageProblem(
            "kế hoạch chưa có cách đọc tệp số liệu nào: thêm phần 'imports' (xem README, mục "
            "'parplan import')"
        )
    for wanted in (mapping_id, mapping_id.casefold()):
        found = [item for item in mappings if wanted in (item.id, item.id.casefold())]
        if found:
            return found[0]
    ids = [item.id for item in mappings]
    near = closest(mapping_id, ids)
    hint = f"; gần nhất: '{near}'" if near else ""
    raise UsageProblem(
        f"không có cách đọc '{mapping_id}' trong phần imports; có: {', '.join(ids)}{hint}"
    )


def _record(parts: PlanParts, imported: ImportedFile) -> ImportReport:
    existing = {
        (located.value.indicator, located.value.period): located for located in parts.measurements
    }
    target = file_for_new_entries(parts, "measurements", NEW_FILE)
    changes: dict[Path, FileChange] = {}
    added: list[Measurement] = []
    replaced: list[tuple[Measurement, Measurement]] = []
    unchanged: list[Measurement] = []
    for new in imported.measurements:
        old = existing.get((new.indicator, new.period))
        if old is None:
            changes.setdefault(target, FileChange(target)).added.append(measurement_data(new))
            added.append(new)
        elif _same(old.value, new):
            unchanged.append(old.value)
        else:
            change = changes.setdefault(old.file, FileChange(old.file))
            index = old.path[-1]
            assert isinstance(index, int)
            change.replaced[index] = measurement_data(new)
            replaced.append((old.value, new))
    if changes:
        write_changes(parts, "measurements", list(changes.values()), HEADER)
    return ImportReport(
        imported, tuple(added), tuple(replaced), tuple(unchanged), tuple(sorted(changes))
    )


def _same(old: Measurement, new: Measurement) -> bool:
    """The same figures from the same file, mapping and row: nothing to record again."""
    if old.source is None or new.source is None:
        return False
    keep = {"imported_on"}
    return (old.value, old.numerator, old.denominator, old.unit) == (
        new.value,
        new.numerator,
        new.denominator,
        new.unit,
    ) and old.source.model_dump(exclude=keep) == new.source.model_dump(exclude=keep)


def _whole(value: float | None) -> float | None:
    """A whole number written as one (120, not 120.0)."""
    return int(value) if value is not None and value.is_integer() else value


def measurement_data(measurement: Measurement) -> dict[str, Any]:
    """A measurement as a plan file writes it, keys in the format's order, nothing empty."""
    data: dict[str, Any] = {
        "indicator": measurement.indicator,
        "period": measurement.period.value,
        "value": _whole(measurement.value),
        "numerator": _whole(measurement.numerator),
        "denominator": _whole(measurement.denominator),
        "unit": measurement.unit,
    }
    source = measurement.source
    if source is not None:
        data["source"] = {
            key: value
            for key, value in {
                "file": source.file,
                "sha256": source.sha256,
                "imported_on": format_date(source.imported_on),
                "mapping": source.mapping,
                "row": source.row,
            }.items()
            if value is not None
        }
    return {key: value for key, value in data.items() if value is not None}
