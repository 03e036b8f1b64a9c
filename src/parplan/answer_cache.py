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

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Literal

from parplan import cache
from parplan.plan_manifest import ManifestEntry, plan_manifest

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


class _AnswerEntry(ManifestEntry):
    """What the cache keeps of an answer, besides the manifest of the files it was computed
    from."""

    kind: Literal["answer"]
    answer: str


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
    if plan_manifest(plans, [plans]) == before:  # no file changed while it was computed
        entry = _AnswerEntry(
            format=cache.FORMAT,
            kind=_KIND,
            key=key,
            walks=before.walks,
            scans=before.scans,
            digests=before.digests,
            answer=answer,
        )
        cache.store_entry(key, entry.model_dump_json().encode())
    return answer


def _kept_answer(plans: Path, key: str) -> str | None:
    """The answer kept under ``key``, if its entry is one of parplan's answers and every file it
    was computed from is unchanged; a malformed entry is removed."""
    raw = cache.load_entry(key)
    if raw is None:
        return None
    try:
        entry = _AnswerEntry.model_validate_json(raw)
    except ValueError:  # not JSON, or not the shape of an answer
        cache.discard_entry(key)
        return None
    if entry.format != cache.FORMAT or entry.key != key:
        cache.discard_entry(key)
        return None
    return entry.answer if entry.is_current(plan_manifest(plans, [plans])) else None
