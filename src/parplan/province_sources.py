"""Every agency's plan, had from where the province file says and loaded in parallel.

:func:`gather` reads the province file (:mod:`parplan.province_loading`), then loads each agency's
plan in a pool of processes (the work is parsing and validating): a ``folder`` resolved from the
province file's folder, or a ``git`` repository checked out into the cache
(:mod:`parplan.province_git`). Each agency's plan is loaded like ``--plans`` loads one, the plan
cache making a second run fast. Whatever goes wrong with one agency (a missing folder or
repository, an invalid plan, a file over the size limit, a git error or timeout) becomes that
agency's one-line Vietnamese error, and never stops the others.

:func:`gather_summaries` does the same for ``rollup``, which needs no whole plan: where a plan is
loaded (a worker, or this process for a plan the cache holds) its status on the day is computed
and only its :class:`~parplan.rollup.AgencySummary` kept, so that the command's memory does not
grow with every agency's plan.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from parplan.cache import cache_folder
from parplan.errors import ParplanError, PlanInvalid
from parplan.findings import Finding
from parplan.forked import cores
from parplan.loading import load_plan, today
from parplan.model import Plan
from parplan.model_province import Agency, Province
from parplan.plan_cache import cached_plan, plan_cache_key
from parplan.province_git import SourceUnavailable, cached_checkout, checkout
from parplan.province_loading import is_local_git_path, load_province
from parplan.rollup import AgencyOutcome, summarize
from parplan.status import plan_status
from parplan.workdays import known_holidays, remember_holidays

__all__ = ["gather", "gather_summaries", "load_agency", "source_text"]

_CACHE_VARIABLE = "PARPLAN_CACHE_DIR"


@dataclass(frozen=True)
class _Job:
    """What a worker needs to load one agency's plan."""

    agency: Agency
    base: Path
    """The province file's folder: relative folders and repository paths start there."""
    as_of: date
    refresh: bool
    cache_root: Path | None
    """``<cache>/rollup``; None: no cache (a temporary folder for this run's clones, every plan
    parsed)."""
    summarized: bool = False
    """Hand back the plan's summary on ``as_of`` instead of the plan."""


def _summarized(job: _Job, outcome: AgencyOutcome) -> AgencyOutcome:
    """The outcome as the job asks for it: with its plan, or with the plan's summary instead."""
    if not job.summarized or outcome.plan is None:
        return outcome
    summary = summarize(plan_status(outcome.plan, job.as_of))
    return replace(outcome, plan=None, summary=summary)


def _git_url(agency: Agency, base: Path) -> str:
    url = agency.plans.git or ""
    if is_local_git_path(url) and not Path(url).is_absolute():
        return str(base / url)
    return url


def source_text(agency: Agency, base: Path) -> str:
    """Where an agency's plans are read: the folder, or ``URL@ref:path``."""
    if agency.plans.folder is not None:
        return str(base / agency.plans.folder)
    return f"{_git_url(agency, base)}@{agency.plans.ref or 'HEAD'}:{agency.plans.path}"


@contextmanager
def _plan_cache_in(folder: Path | None) -> Iterator[None]:
    """The plan cache of one agency in its own folder (each keeps its own newest entries), as
    long as parplan has a cache at all."""
    if folder is None or cache_folder() is None:
        yield
        return
    before = os.environ.get(_CACHE_VARIABLE)
    os.environ[_CACHE_VARIABLE] = str(folder)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(_CACHE_VARIABLE, None)
        else:
            os.environ[_CACHE_VARIABLE] = before


def _first_finding(finding: Finding) -> str:
    place = str(finding.file)
    if finding.line is not None:
        place += f":{finding.line}:{finding.column or 1}"
    return " ".join(f"{finding.message}: {place} [{finding.rule}]".split())


def _relative_findings(findings: Sequence[Finding], root: Path) -> tuple[Finding, ...]:
    shown: list[Finding] = []
    for finding in findings:
        try:
            shown.append(replace(finding, file=finding.file.relative_to(root)))
        except ValueError:
            shown.append(finding)
    return tuple(shown)


def _within(folder: Path, root: Path) -> Path:
    """``folder`` when it is inside ``root`` once links are followed (a repository's ``path``
    never leads out of it)."""
    resolved = folder.resolve()
    if not resolved.is_relative_to(root.resolve()):
        raise SourceUnavailable(f"thư mục kế hoạch '{folder.name}' trỏ ra ngoài kho git")
    return folder


def _load_from(job: _Job, folder: Path, root: Path, plan_cache: Path | None) -> AgencyOutcome:
    """The agency's plan of its year from ``folder`` (findings shown from ``root``)."""
    agency = job.agency
    source = source_text(agency, job.base)
    if not folder.is_dir():
        raise SourceUnavailable(f"không tìm thấy thư mục kế hoạch '{folder}'")
    try:
        with _plan_cache_in(plan_cache):
            plan = load_plan(
                folder, agency.year, as_of=job.as_of, use_cache=job.cache_root is not None
            )
    except PlanInvalid as invalid:
        findings = _relative_findings(invalid.result.sorted_findings(), root)
        first = _first_finding(findings[0]) if findings else ""
        error = f"kế hoạch có {len(findings)} lỗi: {first}" if first else invalid.message
        return AgencyOutcome(agency, source, error=error, findings=findings)
    return AgencyOutcome(agency, source, plan=plan)


def _folder_cache(job: _Job, folder: Path) -> Path | None:
    if job.cache_root is None:
        return None
    digest = hashlib.sha256(str(folder.absolute()).encode("utf-8", "surrogateescape"))
    return job.cache_root / f"folder-{digest.hexdigest()}"


def _cached(job: _Job, folder: Path, plan_cache: Path | None) -> Plan | None:
    """The plan :func:`load_plan` would give, when the plan cache holds it (the same key), or
    None: then a worker loads it (a key that ever differs from load_plan's only costs time)."""
    if plan_cache is None or not folder.is_dir():
        return None
    plans = folder.absolute()
    year = job.agency.year
    preferred = [] if year is not None else [job.as_of.year, today().year]
    with _plan_cache_in(plan_cache):
        found = cached_plan(plans, plan_cache_key(plans, year, *preferred))
    if found is None:
        return None
    plan, holidays = found
    remember_holidays(holidays)
    return plan


def _from_cache(job: _Job) -> AgencyOutcome | None:
    """An agency's plan read in this process from the caches alone (no git, no parsing), or
    None when something has to be fetched or parsed."""
    agency = job.agency
    if job.cache_root is None or job.refresh:
        return None
    source = source_text(agency, job.base)
    try:
        if agency.plans.folder is not None:
            folder = job.base / agency.plans.folder
            plan = _cached(job, folder, _folder_cache(job, folder))
            return AgencyOutcome(agency, source, plan=plan) if plan is not None else None
        url = _git_url(agency, job.base)
        with cached_checkout(job.cache_root, url, agency.plans.ref) as entry:
            if entry is None:
                return None
            folder = _within(entry.repository / agency.plans.path, entry.repository)
            plan = _cached(job, folder, entry.plan_cache)
        if plan is None:
            return None
        return AgencyOutcome(agency, source, plan=plan, revision=entry.revision)
    except Exception:  # whatever it is, the worker meets it again and reports it
        return None


def _held(job: _Job) -> AgencyOutcome | None:
    """:func:`_from_cache`'s outcome as the job asks for it (None: a worker loads it). A plan
    summarized here is let go at once: a plan and its status hold no reference cycles, so the
    collector, off in a command, is not needed to free them (and would cost more than the work)."""
    if not job.summarized:
        return _from_cache(job)
    try:
        outcome = _from_cache(job)
        return _summarized(job, outcome) if outcome is not None else None
    except Exception:  # whatever it is, the worker meets it again and reports it
        return None


def _load(job: _Job, clones: Path) -> AgencyOutcome:
    agency = job.agency
    if agency.plans.folder is not None:
        folder = job.base / agency.plans.folder
        return _load_from(job, folder, job.base, _folder_cache(job, folder))
    url = _git_url(agency, job.base)
    with checkout(clones, url, agency.plans.ref, refresh=job.refresh) as entry:
        folder = _within(entry.repository / agency.plans.path, entry.repository)
        if not folder.is_dir():
            raise SourceUnavailable(
                f"kho git {url} (nhánh/thẻ {agency.plans.ref or 'mặc định'}) không có thư mục "
                f"kế hoạch '{agency.plans.path}'"
            )
        plan_cache = entry.plan_cache if job.cache_root is not None else None
        outcome = _load_from(job, folder, entry.repository, plan_cache)
    return replace(outcome, revision=entry.revision)


@contextmanager
def _collecting() -> Iterator[None]:
    """The cycle collector on while a plan is parsed: a command switches it off for its short
    run (``parplan.cli.main``), but a roll-up parses one agency after another, and the garbage of
    each would stay (a worker forked from the command inherits the switch)."""
    was_enabled = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        if not was_enabled:
            gc.disable()


def load_agency(job: _Job) -> AgencyOutcome:
    """One agency's outcome: its plan, or its error; never raises for the agency's sake."""
    source = source_text(job.agency, job.base)
    with ExitStack() as stack:
        stack.enter_context(_collecting())
        clones = job.cache_root
        if clones is None:
            clones = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="parplan-")))
        try:
            return _summarized(job, _load(job, clones))
        except ParplanError as error:
            message = " ".join(error.message.split())
        except Exception as error:  # one agency's failure of any kind is that agency's error
            message = f"lỗi khi đọc kế hoạch: {type(error).__name__}: {error}"
    return AgencyOutcome(job.agency, source, error=message)


def _in_worker(job: _Job) -> tuple[AgencyOutcome, dict[int, dict[date, str]]]:
    """A worker's outcome, with the public holidays its plan needed: the roll-up computes every
    status with a plan in the parent, which then need not ask the holidays package again."""
    outcome = load_agency(job)
    return outcome, known_holidays() if outcome.plan is not None else {}


def _context() -> multiprocessing.context.BaseContext:
    """Fork where it is safe (Linux, one thread): the workers start with parplan imported."""
    if sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _run(jobs: list[_Job], workers: int) -> list[AgencyOutcome]:
    """Every agency's outcome in order: those the caches hold read here, the rest by workers."""
    held = [_held(job) for job in jobs]
    rest = [job for job, outcome in zip(jobs, held, strict=True) if outcome is None]
    loaded = iter(_in_pool(rest, workers))
    return [outcome if outcome is not None else next(loaded) for outcome in held]


def _in_pool(jobs: list[_Job], workers: int) -> list[AgencyOutcome]:
    if min(workers, len(jobs)) <= 1:
        return [load_agency(job) for job in jobs]
    outcomes: list[AgencyOutcome] = []
    with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
        futures: list[Future[tuple[AgencyOutcome, dict[int, dict[date, str]]]]] = [
            pool.submit(_in_worker, job) for job in jobs
        ]
        for job, future in zip(jobs, futures, strict=True):
            try:
                outcome, holidays = future.result()
                remember_holidays(holidays)
                outcomes.append(outcome)
            except Exception as error:  # the worker died (memory, a signal)
                outcomes.append(
                    AgencyOutcome(
                        job.agency,
                        source_text(job.agency, job.base),
                        error=f"tiến trình đọc kế hoạch dừng bất thường: {type(error).__name__}",
                    )
                )
    return outcomes


def _gathered(
    province_file: Path,
    *,
    as_of: date | None,
    refresh: bool,
    jobs: int | None,
    use_cache: bool,
    summarized: bool,
) -> tuple[Province, list[AgencyOutcome]]:
    province = load_province(province_file)
    base = province_file.absolute().parent
    root = cache_folder() if use_cache else None
    day = as_of or today()
    work = [
        _Job(agency, base, day, refresh, root / "rollup" if root is not None else None, summarized)
        for agency in province.agencies
    ]
    workers = min(jobs or cores(), len(work))
    return province, _run(work, workers)


def gather(
    province_file: Path,
    *,
    as_of: date | None,
    refresh: bool,
    jobs: int | None,
    use_cache: bool = True,
) -> tuple[Province, list[AgencyOutcome]]:
    """The province of ``province_file`` and every agency's outcome, in the file's order.

    The province file's errors raise :class:`~parplan.errors.PlanInvalid` (exit 1); an agency's
    never do. ``as_of`` chooses each agency's year when the file does not (today when None);
    ``refresh`` fetches every git source again; ``jobs`` processes load them (one per processor
    when None); without ``use_cache`` (``--no-cache``) repositories are cloned into a temporary
    folder and every plan is parsed."""
    return _gathered(
        province_file,
        as_of=as_of,
        refresh=refresh,
        jobs=jobs,
        use_cache=use_cache,
        summarized=False,
    )


def gather_summaries(
    province_file: Path,
    *,
    as_of: date | None,
    refresh: bool,
    jobs: int | None,
    use_cache: bool = True,
) -> tuple[Province, list[AgencyOutcome]]:
    """:func:`gather`, each plan replaced by its summary on ``as_of`` (today when None) where it
    was loaded: what :func:`parplan.rollup.roll_up` needs on that day, without any plan."""
    return _gathered(
        province_file, as_of=as_of, refresh=refresh, jobs=jobs, use_cache=use_cache, summarized=True
    )
