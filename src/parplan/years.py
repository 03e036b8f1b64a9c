"""The years side by side (``parplan years``, the site of several years): every plan a plans
folder holds, each as of a day of its own year, in one table per year and per unit.

Each year is seen as of the last day of its year, or as of the day asked for when that day falls
in it; a year that has not begun on that day is not shown (it is named apart). The figures of a
year are its own :func:`parplan.status.plan_status` on its day, read from its tally, never
counted again: work due, done on time, done late, overdue, continuous, the part of the work due
done and done on time. Beside them, the work carried into a later year's plan (``carried`` known by the
day). Units are matched across years by their code. A plan that does not validate is listed with
its findings and counts in nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from parplan.dates import format_date
from parplan.errors import PlanInvalid, UsageProblem
from parplan.findings import ValidationResult
from parplan.loading import validate_paths
from parplan.model import Plan, Unit
from parplan.occurrence_rows import carried_over
from parplan.plan_lookup import resolve_unit
from parplan.rollup import AgencyFigures, agency_figures
from parplan.status import PlanStatus, plan_status
from parplan.template_filters import format_percent
from parplan.template_loader import office_templates
from parplan.template_rendering import render_template
from parplan.text import vietnamese_sort_key
from parplan.tracking import Tally, TrackedOccurrence

__all__ = [
    "COLUMNS",
    "UnitYears",
    "YearFigures",
    "YearPlan",
    "YearRow",
    "YearsComparison",
    "compare_years",
    "invalid_plans",
    "year_day",
    "year_figures",
    "year_plans",
    "years_markdown",
    "years_payload",
]

COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("due", "Việc đến hạn", "Đến hạn"),
    ("done_on_time", "Hoàn thành đúng hạn", "Đúng hạn"),
    ("done_late", "Hoàn thành quá hạn", "Xong quá hạn"),
    ("overdue", "Quá hạn chưa hoàn thành", "Quá hạn"),
    ("continuous", "Thường xuyên", "Thường xuyên"),
    ("percent_of_due", "Tỷ lệ hoàn thành việc đến hạn", "% hoàn thành"),
    ("percent_on_time", "Tỷ lệ đúng hạn", "% đúng hạn"),
    ("carried", "Chuyển sang năm sau", "Chuyển năm sau"),
)
"""The comparison's columns after the year: key, header, and the short header of narrow tables
(the terminal)."""


@dataclass(frozen=True)
class YearPlan:
    """One plan a plans folder holds: its year and folder, and the plan or why there is none."""

    year: int
    folder: Path
    plan: Plan | None
    errors: ValidationResult | None = None
    """The findings of the plan's own files, when it does not validate."""


@dataclass(frozen=True)
class YearFigures:
    """One year's (or one unit's in a year) figures on the year's day: those of
    :func:`parplan.rollup.agency_figures` of a tally of :func:`parplan.status.plan_status` (the
    same figures the roll-up shows), and the work carried into a later year."""

    figures: AgencyFigures
    carried: int
    """Work carried into a later year's plan, as known on the day."""

    def value(self, key: str) -> int | float | None:
        """The figure of column ``key`` (one of :data:`COLUMNS`)."""
        if key == "carried":
            return self.carried
        found: int | float | None = getattr(self.figures, key)
        return found


def year_figures(counts: Tally, items: Iterable[TrackedOccurrence]) -> YearFigures:
    """The figures of a tally, and the work of ``items`` (the same work) carried by the day."""
    return YearFigures(
        agency_figures(counts), sum(1 for item in items if carried_over(item) is not None)
    )


@dataclass(frozen=True)
class YearRow:
    """A year of the comparison: its plan as of its day, or the findings that kept it out."""

    year: int
    folder: Path
    as_of: date
    status: PlanStatus | None
    figures: YearFigures | None
    units: tuple[tuple[Unit, YearFigures], ...] = ()
    errors: ValidationResult | None = None

    @property
    def plan(self) -> Plan | None:
        return self.status.plan if self.status is not None else None


@dataclass(frozen=True)
class UnitYears:
    """One unit (matched by code) across the years it leads work in."""

    code: str
    name: str
    years: tuple[tuple[int, YearFigures], ...]


@dataclass(frozen=True)
class YearsComparison:
    """Every year shown as of its day, the years not begun on ``as_of``, and the units."""

    as_of: date
    rows: list[YearRow]
    not_begun: list[YearPlan]
    department: str | None = None
    """The code of the one unit the comparison is about (``-d``), or None for every unit."""

    @property
    def ok(self) -> bool:
        """Every plan shown validated."""
        return all(row.errors is None for row in self.rows)

    @property
    def units(self) -> list[UnitYears]:
        """Each unit leading work in any year shown, by code; named as the latest year names it;
        in Vietnamese order of name."""
        found: dict[str, list[tuple[int, Unit, YearFigures]]] = {}
        for row in self.rows:
            for unit, figures in row.units:
                found.setdefault(unit.code, []).append((row.year, unit, figures))
        units = [
            UnitYears(code, seen[-1][1].name, tuple((year, figures) for year, _, figures in seen))
            for code, seen in found.items()
        ]
        return sorted(units, key=lambda unit: vietnamese_sort_key(unit.name))


def year_plans(plans: Path) -> list[YearPlan]:
    """Every plan ``plans`` holds, by year (two plans of one year both listed, each with its
    ``plan-year-duplicate`` finding); validated once, all together. :class:`PlanInvalid` when
    the folder holds no plan at all, :class:`UsageProblem` when it does not exist."""
    if not plans.exists():
        raise UsageProblem(
            f"không tìm thấy thư mục kế hoạch '{plans}' (chỉ định bằng --plans hoặc PARPLAN_PLANS)"
        )
    result, all_parts = validate_paths([plans])
    held: list[YearPlan] = []
    for parts in all_parts:
        if not parts.documents:
            continue
        files = {source.path for source in parts.files}
        own = ValidationResult(
            files=sorted(files),
            findings=[finding for finding in result.findings if finding.file in files],
        )
        year = parts.documents[0].value.year
        if own.ok:
            held.append(YearPlan(year, parts.folder, parts.plan()))
        else:
            held.append(YearPlan(year, parts.folder, None, own))
    if not held:
        raise PlanInvalid(result)
    return sorted(held, key=lambda entry: (entry.year, str(entry.folder)))


def year_day(year: int, as_of: date) -> date:
    """The day a year is seen as of: ``as_of`` in its own year, else the year's last day."""
    return as_of if as_of.year == year else date(year, 12, 31)


def _unit_code(held: Sequence[YearPlan], department: str) -> str:
    """The code of the unit ``department`` names, in the latest plan that has it."""
    problem: UsageProblem | None = None
    for entry in reversed(held):
        if entry.plan is None:
            continue
        try:
            return resolve_unit(entry.plan, department).code
        except UsageProblem as error:
            problem = problem or error
    raise problem or UsageProblem(f"không có đơn vị '{department}'")


def _row(entry: YearPlan, as_of: date, department: str | None) -> YearRow:
    day = year_day(entry.year, as_of)
    if entry.plan is None:
        return YearRow(entry.year, entry.folder, day, None, None, errors=entry.errors)
    status = plan_status(entry.plan, day)
    units = tuple(
        (
            unit,
            year_figures(counts, (i for i in status.items if unit.code in i.occurrence.task.lead)),
        )
        for unit, counts in status.units
        if department is None or unit.code == department
    )
    if department is None:
        figures = year_figures(status.tally, status.items)
    else:
        figures = next(
            (found for unit, found in units if unit.code == department),
            year_figures(Tally(), ()),
        )
    return YearRow(entry.year, entry.folder, day, status, figures, units)


def compare_years(
    held: Sequence[YearPlan], as_of: date, department: str | None = None
) -> YearsComparison:
    """The years of ``held`` side by side as of ``as_of`` (each year as of its own day, see
    :func:`year_day`); with ``department`` (a code or name, as ``-d`` takes it) the figures of
    the work that unit leads."""
    code = _unit_code(held, department) if department is not None else None
    begun = [entry for entry in held if entry.year <= as_of.year]
    return YearsComparison(
        as_of=as_of,
        rows=[_row(entry, as_of, code) for entry in begun],
        not_begun=[entry for entry in held if entry.year > as_of.year],
        department=code,
    )


def _figures_payload(figures: YearFigures) -> dict[str, Any]:
    values = {key: figures.value(key) for key, _, _ in COLUMNS}
    texts = {
        key: (
            "—"
            if value is None
            else format_percent(value)
            if key.startswith("percent")
            else str(value)
        )
        for key, value in values.items()
    }
    return {**values, "texts": texts}


def years_payload(comparison: YearsComparison) -> dict[str, Any]:
    """The comparison as plain data (``years --format json``), which every view reads: numbers,
    and beside them ``texts``, each figure as the views write it ("87,5%", "—" for no rate)."""
    return {
        "as_of": comparison.as_of.isoformat(),
        "as_of_text": format_date(comparison.as_of),
        "department": comparison.department,
        "columns": [{"key": key, "label": label, "short": short} for key, label, short in COLUMNS],
        "years": [
            {
                "year": row.year,
                "folder": str(row.folder),
                "as_of": row.as_of.isoformat(),
                "as_of_text": format_date(row.as_of),
                "ok": row.errors is None,
                "errors": None if row.errors is None else len(row.errors.errors),
                "error_text": None if row.errors is None else _error_text(row.errors),
                **(_figures_payload(row.figures) if row.figures is not None else {}),
            }
            for row in comparison.rows
        ],
        "not_begun": [
            {"year": entry.year, "folder": str(entry.folder)} for entry in comparison.not_begun
        ],
        "units": [
            {
                "code": unit.code,
                "name": unit.name,
                "years": [
                    {"year": year, **_figures_payload(figures)} for year, figures in unit.years
                ],
            }
            for unit in comparison.units
        ],
    }


def _error_text(errors: ValidationResult) -> str:
    """A plan left out, in one line: how many errors, and the first."""
    first = errors.errors[0] if errors.errors else None
    where = f"; lỗi đầu tiên: [{first.rule}] {first.message}" if first is not None else ""
    return f"kế hoạch có {len(errors.errors)} lỗi, không tính (chạy 'parplan validate'){where}"


def invalid_plans(comparison: YearsComparison) -> PlanInvalid | None:
    """The plans left out of ``comparison`` as one error, their findings together; None when
    every plan shown validated."""
    left_out = [row for row in comparison.rows if row.errors is not None]
    if not left_out:
        return None
    merged = ValidationResult()
    for row in left_out:
        if row.errors is not None:
            merged.files.extend(row.errors.files)
            merged.findings.extend(row.errors.findings)
    years = ", ".join(f"{row.year} ('{row.folder}')" for row in left_out)
    return PlanInvalid(merged, f"kế hoạch năm {years} không hợp lệ, không tính vào bảng so sánh")


def years_markdown(comparison: YearsComparison, override: Path | None = None) -> str:
    """The comparison in Markdown (``templates/years.md.j2``)."""
    latest = next((row.plan for row in reversed(comparison.rows) if row.plan is not None), None)
    folder = override or office_templates(latest.folder if latest is not None else None)
    return render_template("years.md.j2", {"years": years_payload(comparison)}, folder)
