"""The answers of ``status`` and ``overdue`` in a data format, kept for the next identical question.

``parplan status --format json`` asked again, on the same day, of unchanged files, with the same
options, gives the same text: the office's scripts and dashboards ask it many times a day. An
answer is kept in the cache (:mod:`parplan.cache`: JSON, owner-only, read only when trusted) with
the manifest of the files it was computed from (:func:`parplan.plan_manifest.plan_manifest`), and
given again only while every one of them is unchanged. Its key holds everything else the answer
depends on: parplan's and its libraries' versions (the holidays), the plans path, ``--year``, the
day of the view, this year (which plan is chosen), the command and its options, and the current
folder. Reading an answer imports neither the reader nor the model: that is what makes it quick.

An answer is kept only when the files did not change while it was computed, and only for a plan
folder below the plans path (the common layout), whose listing covers every file read.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from parplan import cache
from parplan.plan_manifest import Manifest, plan_manifest

__all__ = ["answered"]

_KIND = "answer"


def answer_key(
    plans: Path, year: int | None, day: date, this_year: int, query: Sequence[str]
) -> str:
    """The cache entry of one question: see the module's description."""
    return cache.entry_key(
        _KIND,
        str(plans),
        str(year),
        day.isoformat(),
        str(this_year),
        *query,
        str(Path.cwd()),
    )


def answered(
    plans: Path,
    year: int | None,
    day: date,
    *,
    this_year: int,
    query: Sequence[str],
    compute: Callable[[], tuple[str, Path | None]],
) -> str:
    """The answer to ``query`` on ``day``: the one kept, while its files are unchanged; else
    ``compute()`` (the answer and the folder of the plan it read), kept for the next time."""
    plans = plans.absolute()
    key = answer_key(plans, year, day, this_year, query)
    kept = _kept_answer(plans, key)
    if kept is not None:
        return kept
    before = plan_manifest(plans, [plans]) if plans.is_dir() else None
    answer, folder = compute()
    if before is None or folder is None or not folder.absolute().is_relative_to(plans):
        return answer
    after = plan_manifest(plans, [plans])
    if after is not None and _plain(after) == _plain(before):
        entry = {"format": cache.FORMAT, "kind": _KIND, "key": key, **_plain(after)}
        entry["answer"] = answer
        cache.store_entry(key, json.dumps(entry, ensure_ascii=False).encode("utf-8"))
    return answer


def _plain(manifest: Manifest) -> dict[str, Any]:
    """The manifest as JSON reads it back (lists, not tuples)."""
    return {
        "walks": [[root, list(files)] for root, files in manifest.walks],
        "scans": [[folder, list(names)] for folder, names in manifest.scans],
        "digests": dict(manifest.digests),
    }


def _kept_answer(plans: Path, key: str) -> str | None:
    """The answer kept under ``key``, if its entry is one of parplan's answers and every file it
    was computed from is unchanged; a malformed entry is removed."""
    raw = cache.load_entry(key)
    if raw is None:
        return None
    try:
        entry = json.loads(raw)
    except ValueError:
        cache.discard_entry(key)
        return None
    if not _well_formed(entry, key):
        cache.discard_entry(key)
        return None
    current = plan_manifest(plans, [plans])
    if current is None or _plain(current) != {name: entry[name] for name in _MANIFEST}:
        return None
    answer: str = entry["answer"]
    return answer


_MANIFEST = ("walks", "scans", "digests")


def _well_formed(entry: object, key: str) -> bool:
    """Whether ``entry`` has the exact shape of an answer kept under ``key``."""
    if not isinstance(entry, dict) or set(entry) != {"format", "kind", "key", *_MANIFEST, "answer"}:
        return False
    if (entry["format"], entry["kind"], entry["key"]) != (cache.FORMAT, _KIND, key):
        return False
    listings = [*entry["walks"], *entry["scans"]] if _lists(entry) else None
    return (
        listings is not None
        and all(_listing(item) for item in listings)
        and isinstance(entry["digests"], dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in entry["digests"].items())
        and isinstance(entry["answer"], str)
    )


def _lists(entry: dict[str, Any]) -> bool:
    return isinstance(entry["walks"], list) and isinstance(entry["scans"], list)


def _listing(item: object) -> bool:
    """``[folder, [name, …]]``."""
    return (
        isinstance(item, list)
        and len(item) == 2
        and isinstance(item[0], str)
        and isinstance(item[1], list)
        and all(isinstance(name, str) for name in item[1])
    )
