"""Work shared out between processes forked from this one, results in order as if made here.

A site of 10,000 tasks is 10,000 pages, each rendered on its own: after the plan's status is
computed once, worker processes forked from the process that computed it (sharing its memory, so
nothing is computed or sent again) render the pages, and the pages come back in their order, the
same bytes a single process makes. Only on Linux, and only from a process with one thread (forking
a process with other threads may deadlock); elsewhere everything is made here.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

__all__ = ["can_fork", "cores", "default_jobs", "ordered_map"]

_T = TypeVar("_T")

_WORK: list[Callable[[int], Any]] = []
"""What the workers forked by :func:`ordered_map` make (they see it in the memory they share)."""


def can_fork() -> bool:
    """Whether work may be shared out between forked processes here."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


def cores() -> int:
    """The processors this process may run on (at least one): how many workers a pool has."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def default_jobs(count: int, parallel_from: int) -> int:
    """How many processes make ``count`` results: the machine's cores from ``parallel_from``
    results on (fewer are quicker made here than a worker is started)."""
    return cores() if count >= parallel_from else 1


def _call(index: int) -> Any:
    return _WORK[-1](index)


def ordered_map(
    make: Callable[[int], _T], count: int, jobs: int, *, alone_from: int | None = None
) -> Iterator[_T]:
    """``make(0)``, ``make(1)``, … ``make(count - 1)`` in that order, made by ``jobs`` processes
    forked from this one (here, when ``jobs`` is 1 or forking is not safe).

    Those from ``alone_from`` on are the heavy ones (a site's reports, each as large as the plan):
    each is handed to a worker on its own and before the rest, so that they are shared out
    between the workers instead of falling to one, and the light ones fill the time left. The
    light ones go in chunks, a window of them at a time, so that a slow worker never makes the
    others' results pile up here. An exception in a worker is raised here; the workers end when
    their results are taken or the caller stops."""
    heavy = range(count if alone_from is None else max(0, min(alone_from, count)), count)
    light = heavy.start
    if jobs <= 1 or count < 2 or not can_fork():
        for index in range(count):
            yield make(index)
        return
    import multiprocessing

    chunk = max(1, min(64, light // (8 * jobs)))
    window = chunk * jobs * 4
    _WORK.append(make)
    try:
        with multiprocessing.get_context("fork").Pool(min(jobs, count)) as pool:
            alone = [pool.apply_async(_call, (index,)) for index in heavy]
            for start in range(0, light, window):
                yield from pool.imap(_call, range(start, min(start + window, light)), chunk)
            for result in alone:
                yield result.get()
    finally:
        _WORK.pop()
