"""Work shared out between processes forked from this one, results in order as if made here.

A site of 10,000 tasks is 10,000 pages, each rendered on its own: after the plan's status is
computed once, worker processes forked from the process that computed it (sharing its memory, so
nothing is computed or sent again) render the pages, and the pages come back in their order, the
same bytes a single process makes. Only on Linux, and only from a process with one thread (forking
a process with other threads may deadlock); elsewhere everything is made here.

:func:`started` hands work to forked processes and returns at once, so that this process does
something else meanwhile (a cold ``validate`` imports the models while its files are parsed).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Generic, TypeVar

__all__ = ["Started", "can_fork", "cores", "default_jobs", "ordered_map", "started"]

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


@dataclass
class _Worker:
    """A process forked by :class:`Started`: what it makes, and the pipe it sends them by."""

    pid: int
    pipe: int
    """The end this process reads; -1 once closed."""
    indices: list[int]
    running: bool = True
    """Not yet reaped."""

    def received(self) -> list[Any] | None:
        """Its results once it has ended, or None when it did not send all of them."""
        pipe, self.pipe = self.pipe, -1
        with os.fdopen(pipe, "rb") as stream:  # closed here, whatever happens
            payload = stream.read()
        try:
            _, status = os.waitpid(self.pid, 0)
            ended_well = os.waitstatus_to_exitcode(status) == 0
        except ChildProcessError:  # SIGCHLD ignored (by whoever started us): reaped already;
            ended_well = True  # the payload says whether it finished (whole, or not read)
        self.running = False
        if not ended_well:
            return None
        try:
            values = pickle.loads(payload)  # sent by a process forked from this one
        except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
            return None
        return values if isinstance(values, list) and len(values) == len(self.indices) else None

    def stop(self) -> None:
        """Its pipe closed and, if it still runs, the process killed and reaped."""
        if self.pipe >= 0:
            os.close(self.pipe)
            self.pipe = -1
        if self.running:
            self.running = False
            with contextlib.suppress(ProcessLookupError, ChildProcessError):
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)


class Started(Generic[_T]):
    """Results under way in processes forked by :func:`started`; :meth:`results` gives them.

    Use it as a context manager: leaving it before :meth:`results` (an exception meanwhile)
    stops and reaps the workers."""

    def __init__(self, make: Callable[[int], _T], count: int) -> None:
        self._make = make
        self._count = count
        self._workers: list[_Worker] = []

    def __enter__(self) -> Started[_T]:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        for worker in self._workers:
            worker.stop()

    def fork(self, groups: Sequence[list[int]]) -> None:
        """One worker per group of indices; each sends back its results, pickled, and ends.
        Where the system refuses a process or a pipe, the rest are made here."""
        for indices in groups:
            try:
                reading, writing = os.pipe()
            except OSError:
                return
            try:
                pid = os.fork()
            except OSError:
                os.close(reading)
                os.close(writing)
                return
            if pid == 0:  # the worker: never back into the caller's code
                try:
                    os.close(reading)
                    _send(writing, self._make, indices)
                finally:
                    os._exit(1)
            os.close(writing)
            self._workers.append(_Worker(pid, reading, indices))

    @property
    def under_way(self) -> bool:
        """Whether workers are making the results (else they are made when asked for)."""
        return bool(self._workers)

    def results(self) -> list[_T]:
        """``make(0)``, … ``make(count - 1)`` in order. What a worker could not send (it failed
        or was killed) is made here, so that its exception, if any, is raised here."""
        made: dict[int, _T] = {}
        for worker in self._workers:
            values = worker.received()
            if values is None:
                values = [self._make(index) for index in worker.indices]
            made.update(zip(worker.indices, values, strict=True))
        return [made[index] if index in made else self._make(index) for index in range(self._count)]


def _send(writing: int, make: Callable[[int], Any], indices: list[int]) -> None:
    code = 1
    try:
        payload = pickle.dumps([make(index) for index in indices], pickle.HIGHEST_PROTOCOL)
        with os.fdopen(writing, "wb") as stream:
            stream.write(payload)
        code = 0
    finally:
        os._exit(code)  # no clean-up of the parent's state (buffers, atexit) in the worker


def started(
    make: Callable[[int], _T], count: int, jobs: int, weights: Sequence[int] = ()
) -> Started[_T]:
    """``make(0)``, … ``make(count - 1)`` begun by ``jobs`` processes forked from this one, the
    indices shared out by ``weights`` (the heaviest first, each to the least loaded worker);
    :meth:`Started.results` gives them. With one job, or where forking is not safe, they are
    made here when the results are asked for."""
    work = Started(make, count)
    if jobs <= 1 or count < 2 or not can_fork():
        return work
    jobs = min(jobs, count)
    groups: list[list[int]] = [[] for _ in range(jobs)]
    loads = [0] * jobs
    for index in sorted(range(count), key=lambda i: -(weights[i] if i < len(weights) else 1)):
        lightest = loads.index(min(loads))
        groups[lightest].append(index)
        loads[lightest] += weights[index] if index < len(weights) else 1
    work.fork(groups)
    return work
