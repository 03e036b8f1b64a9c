"""Loading plans: files and folders grouped into plans and validated, and the plan of a year.

:func:`validate_paths` checks files and folders as a linter does, each file with the plan folder
it belongs to (:mod:`parplan.discovery`). :func:`load_plan` gives the one plan a command works on:
a plans root may hold one plan or several (one folder per year), and every command chooses among
them by one rule (:func:`choose_year`); a valid plan is served from the cache while its files are
unchanged (:mod:`parplan.plan_cache`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from parplan.discovery import nearest_plan_folder, plan_folder_above, yaml_files_below
from parplan.errors import PlanInvalid, UsageProblem
from parplan.findings import Finding, ValidationResult
from parplan.plan_files import read_source, reading_sources
from parplan.source_file import SourceFile
from parplan.yaml_places import resolve_findings

if TYPE_CHECKING:  # imported by validate_paths while the files are parsed
    from parplan.model import Plan
    from parplan.plan_parts import PlanParts

__all__ = ["choose_year", "load_plan", "load_plan_parts", "today", "validate_paths"]


@dataclass
class _Group:
    folder: Path
    sources: dict[Path, SourceFile] = field(default_factory=dict)


def validate_paths(paths: Sequence[Path]) -> tuple[ValidationResult, list[PlanParts]]:
    """Validate files and folders as a linter does; a file is checked with the plan it belongs to."""
    missing = [path for path in paths if not path.exists()]
    if missing:
        raise UsageProblem(f"không tìm thấy đường dẫn: {', '.join(str(p) for p in missing)}")
    named, orphan_folders = _named([path.absolute() for path in paths])
    with reading_sources(named) as reading:
        # A large plan's files are parsed by forked processes meanwhile: the models and the
        # rules that check them, a cold run's largest costs after parsing, are imported now;
        # and, while the workers parse, the holiday calendar the rules count working days with
        # (otherwise the rules load it if they need it).
        from parplan.sections import assemble

        if reading.under_way:
            from parplan.workdays import vietnam_calendar

            with contextlib.suppress(ImportError):  # if it cannot be, the rules needing it say so
                vietnam_calendar()

        sources = dict(zip(named, reading.results(), strict=True))
    groups, standalone = _group_into_plans(sources)
    result = ValidationResult()
    all_parts = [
        assemble(folder, [source for _, source in sorted(groups[folder].sources.items())])
        for folder in sorted(groups)
    ]
    _one_plan_a_year(all_parts)
    for parts in all_parts:
        result.files.extend(source.path for source in parts.files)
        result.findings.extend(resolve_findings(parts.findings, parts.files))
    if standalone:
        _add_standalone(result, standalone, in_a_plan=bool(groups))
    for folder in orphan_folders:
        result.findings.append(
            Finding(folder, "plan-missing", "thư mục không có tệp kế hoạch nào (.yaml, .yml)")
        )
    return result, all_parts


def _named(paths: Sequence[Path]) -> tuple[list[Path], list[Path]]:
    """Every YAML file named or below a folder named; and the folders named without one."""
    named: dict[Path, None] = {}
    orphan_folders: list[Path] = []
    for path in paths:
        if path.is_dir():
            files = yaml_files_below(path)
            if not files:
                orphan_folders.append(path)
            named.update(dict.fromkeys(files))
        else:
            named[path] = None
    return list(named), orphan_folders


def _group_into_plans(
    sources: dict[Path, SourceFile],
) -> tuple[dict[Path, _Group], list[SourceFile]]:
    """The files of each plan folder (with the rest of its plan, read now), and the files that
    belong to no plan."""
    plan_folders = {source.path.parent for source in sources.values() if source.defines_plan}
    groups: dict[Path, _Group] = {}
    standalone: list[SourceFile] = []
    for source in sources.values():
        folder = nearest_plan_folder(source.path, plan_folders) or plan_folder_above(source.path)
        if folder is None:
            standalone.append(source)
            continue
        group = groups.setdefault(folder, _Group(folder))
        group.sources[source.path] = source
    # A file named alone is checked together with the rest of its plan.
    for group in groups.values():
        for file in yaml_files_below(group.folder):
            owner = nearest_plan_folder(file, plan_folders | set(groups))
            if owner == group.folder and file not in group.sources:
                group.sources[file] = sources.get(file) or read_source(file)
    return groups, standalone


def _add_standalone(
    result: ValidationResult, standalone: list[SourceFile], *, in_a_plan: bool
) -> None:
    """Files of no plan: each checked alone; when no plan was found at all, their folders are
    said to have none."""
    from parplan.plan_parts import PlanParts
    from parplan.sections import add_file

    parts = PlanParts(folder=standalone[0].path.parent, files=standalone)
    for source in standalone:
        add_file(parts, source)
        result.files.append(source.path)
    result.findings.extend(resolve_findings(parts.findings, standalone))
    if not in_a_plan:
        for folder in sorted({source.path.parent for source in standalone}):
            result.findings.append(_no_plan(folder))


def _one_plan_a_year(all_parts: list[PlanParts]) -> None:
    """Two plan folders of one year (a copy left beside the original) make every command
    ambiguous: each of them is an error."""
    by_year: dict[int, list[PlanParts]] = {}
    for parts in all_parts:
        if parts.documents:
            by_year.setdefault(parts.documents[0].value.year, []).append(parts)
    for year, same in by_year.items():
        if len(same) < 2:
            continue
        folders = ", ".join(f"'{parts.folder}'" for parts in same)
        for parts in same:
            document = parts.documents[0]
            parts.problem(
                document.file,
                "plan-year-duplicate",
                f"có {len(same)} kế hoạch năm {year}: {folders}; mỗi năm chỉ một kế hoạch "
                "(xóa hoặc chuyển bản sao ra ngoài thư mục kế hoạch)",
                document.path,
                at_key=True,
            )


def _no_plan(folder: Path) -> Finding:
    return Finding(
        folder,
        "plan-missing",
        "không có tệp nào chứa văn bản kế hoạch (phần 'plan:'), nên các tệp ở đây không "
        "thuộc kế hoạch nào",
    )


def today() -> date:
    """The day a command runs (one place, so that tests can fix it)."""
    return date.today()


def choose_year(
    years: Iterable[int], year: int | None, as_of: date | None, on: date | None = None
) -> int | None:
    """The plan year a command works on, among the ``years`` a plans folder holds, by the one
    rule of every command: ``--year``; else the year of ``as_of`` (``--as-of``, or the day an
    update records) when a plan of that year exists; else the year of today (``on``, today when
    not given) when a plan covers it; else the latest. None when ``year`` is not among them
    (the caller says which there are) or there are none."""
    held = sorted(set(years))
    if year is not None:
        return year if year in held else None
    for day in (as_of, on or today()):
        if day is not None and day.year in held:
            return day.year
    return held[-1] if held else None


def load_plan(
    plans: Path, year: int | None = None, *, as_of: date | None = None, use_cache: bool = True
) -> Plan:
    """The one plan a command works on, chosen by :func:`choose_year` (``year``: ``--year``,
    ``as_of``: ``--as-of``). Raises :class:`PlanInvalid` when it does not validate.

    A valid plan is kept in the cache (:mod:`parplan.cache`) with the public holidays its
    deadlines need, so the next run on unchanged files neither parses nor computes them."""
    if not plans.exists():
        raise UsageProblem(
            f"không tìm thấy thư mục kế hoạch '{plans}' (chỉ định bằng --plans hoặc PARPLAN_PLANS)"
        )
    if not use_cache:
        return load_plan_parts(plans, year, as_of=as_of).plan()
    from parplan.plan_cache import cached_plan, plan_cache_key, store_plan
    from parplan.workdays import remember_holidays

    plans = plans.absolute()
    # The files decide which years there are (the entry is used only while they are unchanged),
    # the days asked for which of them is chosen.
    preferred = [] if year is not None else [d.year for d in (as_of, today()) if d is not None]
    key = plan_cache_key(plans, year, *preferred)
    cached = cached_plan(plans, key)
    if cached is not None:
        plan, holidays = cached
        remember_holidays(holidays)
        return plan
    parts, folders = _chosen_parts(plans, year, as_of)
    plan = parts.plan()
    store_plan(plans, key, plan, [parts.folder, *folders])
    return plan


def load_plan_parts(
    plans: Path, year: int | None = None, *, as_of: date | None = None
) -> PlanParts:
    """Like :func:`load_plan`, keeping where every piece of the plan stands."""
    return _chosen_parts(plans, year, as_of)[0]


def _chosen_parts(
    plans: Path, year: int | None, as_of: date | None
) -> tuple[PlanParts, list[Path]]:
    """The parts of the plan :func:`load_plan` works on, and the folder of every plan read."""
    if not plans.exists():
        raise UsageProblem(
            f"không tìm thấy thư mục kế hoạch '{plans}' (chỉ định bằng --plans hoặc PARPLAN_PLANS)"
        )
    result, all_parts = validate_paths([plans])
    candidates = [parts for parts in all_parts if parts.documents]
    if not candidates:
        raise PlanInvalid(result)
    years = [parts.documents[0].value.year for parts in candidates]
    chosen_year = choose_year(years, year, as_of)
    if chosen_year is None:
        listed = ", ".join(str(held) for held in sorted(set(years)))
        raise UsageProblem(f"không có kế hoạch năm {year} trong '{plans}'; có: {listed}")
    # Two plans of one year are both refused (plan-year-duplicate): the first is as good.
    parts = next(parts for parts in candidates if parts.documents[0].value.year == chosen_year)
    files = {source.path for source in parts.files}
    own = ValidationResult(
        files=sorted(files),
        findings=[finding for finding in result.findings if finding.file in files],
    )
    if not own.ok:
        raise PlanInvalid(own)
    return parts, [other.folder for other in all_parts]
