"""Serving a :class:`~parplan.model.Plan` from the cache: what an entry holds and when it is used.

An entry keeps a valid plan, the public holidays its deadlines need, and a manifest of every
folder listing and file the load depended on (with the SHA-256 of each file); it is used only
while all of them are unchanged. The bytes are stored by :mod:`parplan.cache`.
"""

from __future__ import annotations

import gc
from datetime import date
from pathlib import Path

from parplan import cache
from parplan.model import Plan
from parplan.plan_manifest import ManifestEntry, plan_manifest

__all__ = ["cached_plan", "plan_cache_key", "store_plan"]


def plan_cache_key(plans: Path, year: int | None, *preferred: int) -> str:
    """The cache entry of the plan loaded from ``plans`` for ``year`` (or, without one, for the
    ``preferred`` years the choice looks at first), run from this folder."""
    return cache.entry_key("plan", str(plans), str(year), *map(str, preferred), str(Path.cwd()))


class _CacheEntry(ManifestEntry):
    """What the plan cache keeps of a plan (besides the manifest of its load): the plan, the
    public holidays its deadlines need, and ``folder``, the plan's folder, one of the walked
    folders."""

    folder: str
    holidays: dict[int, dict[date, str]]
    plan: Plan


def cached_plan(plans: Path, key: str) -> tuple[Plan, dict[int, dict[date, str]]] | None:
    """The plan kept under ``key`` with its holidays, if every file it was read from is
    unchanged; an entry that is not a valid one of parplan's is ignored and removed."""
    raw = cache.load_entry(key)
    if raw is None:
        return None
    enabled = gc.isenabled()
    gc.disable()  # validation builds many objects that are all kept: the collector only slows it
    try:
        entry = _CacheEntry.model_validate_json(raw)
    except ValueError:  # not JSON, or not the shape of an entry
        cache.discard_entry(key)
        return None
    finally:
        if enabled:
            gc.enable()
    walked = entry.walked()
    if entry.format != cache.FORMAT or entry.key != key or Path(entry.folder) not in walked:
        cache.discard_entry(key)
        return None
    if not entry.is_current(plan_manifest(plans, walked)):
        return None
    # The folder is one this run has just listed for this plans path, not a path taken on trust.
    return entry.plan.model_copy(update={"folder": Path(entry.folder)}), entry.holidays


def store_plan(plans: Path, key: str, plan: Plan, roots: list[Path]) -> None:
    """Keep ``plan`` under ``key`` with its holidays and the manifest of ``plans`` and ``roots``
    (the folder of every plan read); nothing is kept when some file cannot be hashed."""
    from parplan.schedule import expand
    from parplan.workdays import known_holidays

    manifest = plan_manifest(plans, roots)
    if manifest is None or plan.folder is None:
        return
    expand(plan)  # the holidays its deadlines need, computed once and stored with it
    entry = _CacheEntry(
        format=cache.FORMAT,
        key=key,
        folder=str(plan.folder),
        walks=manifest.walks,
        scans=manifest.scans,
        digests=manifest.digests,
        holidays=known_holidays(),
        plan=plan,
    )
    cache.store_entry(key, entry.model_dump_json().encode())
