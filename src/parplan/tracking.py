"""Each occurrence's status class on one day, from the facts known that day and the deadline in
force that day, and the tallies of them: the pieces :func:`parplan.status.plan_status` is made of.

Classes as Vietnamese offices count them: hoàn thành đúng hạn, hoàn thành quá hạn, đang thực hiện
trong hạn, quá hạn chưa hoàn thành, thường xuyên and chưa đến hạn. A continuous duty (thường
xuyên), or each period's occurrence of one, is never due, never overdue and never in a completion
rate, neither numerator nor denominator, even when a result is recorded for it: it stays in its
own class, ``reported`` once a result is recorded by the day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import partial

from parplan.dates import format_date
from parplan.model import Progress
from parplan.schedule import Occurrence
from parplan.targets import rate

__all__ = ["StatusClass", "Tally", "TrackedOccurrence", "tally", "track"]


class StatusClass(StrEnum):
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    IN_PROGRESS = "in_progress"
    OVERDUE = "overdue"
    CONTINUOUS = "continuous"
    NOT_DUE = "not_due"

    @property
    def label(self) -> str:
        return _CLASS_LABELS[self]

    @property
    def short(self) -> str:
        """The class in two or three words, for charts and narrow columns: "Quá hạn"."""
        return _CLASS_SHORT[self]

    @property
    def done(self) -> bool:
        return self in (StatusClass.DONE_ON_TIME, StatusClass.DONE_LATE)


_CLASS_LABELS = {
    StatusClass.DONE_ON_TIME: "hoàn thành đúng hạn",
    StatusClass.DONE_LATE: "hoàn thành quá hạn",
    StatusClass.IN_PROGRESS: "đang thực hiện trong hạn",
    StatusClass.OVERDUE: "quá hạn chưa hoàn thành",
    StatusClass.CONTINUOUS: "thường xuyên",
    StatusClass.NOT_DUE: "chưa đến hạn",
}
_CLASS_SHORT = {
    StatusClass.DONE_ON_TIME: "Đúng hạn",
    StatusClass.DONE_LATE: "Xong quá hạn",
    StatusClass.IN_PROGRESS: "Đang làm",
    StatusClass.NOT_DUE: "Chưa đến hạn",
    StatusClass.CONTINUOUS: "Thường xuyên",
    StatusClass.OVERDUE: "Quá hạn",
}


@dataclass(frozen=True, slots=True)
class TrackedOccurrence:
    """An occurrence and what it is on the day of the view."""

    occurrence: Occurrence
    status_class: StatusClass
    days_overdue: int = 0
    """Calendar days past the deadline, for work not done."""
    days_late: int = 0
    """Calendar days the work was finished after its deadline."""
    deadline: date | None = None
    """The deadline in force on the day of the view (extensions count from the day decided)."""
    known: Progress | None = None
    """What was recorded by the day of the view (facts dated on or before it)."""
    reported: bool = False
    """A continuous duty with a result recorded (done) by the day of the view: still continuous,
    never done, never in a rate."""

    @property
    def progress(self) -> Progress:
        """The facts known on the day of the view."""
        return self.known if self.known is not None else self.occurrence.progress

    @property
    def status_text(self) -> str:
        """The class in words, with the days late: "quá hạn chưa hoàn thành (14 ngày)"."""
        if self.days_overdue:
            return f"{self.status_class.label} ({self.days_overdue} ngày)"
        if self.days_late:
            return f"{self.status_class.label} ({self.days_late} ngày)"
        if self.reported and self.progress.done_on is not None:
            recorded = format_date(self.progress.done_on)
            return f"{self.status_class.label}, đã ghi kết quả ngày {recorded}"
        return self.status_class.label

    @property
    def title(self) -> str:
        task = self.occurrence.task
        period = self.occurrence.period
        return f"{task.title} ({period.label})" if period is not None else task.title


def track(occurrence: Occurrence, as_of: date) -> TrackedOccurrence:
    """Classify one occurrence as of ``as_of``, from the facts dated on or before it and the
    deadline in force that day."""
    known = occurrence.progress.as_of(as_of)
    deadline = occurrence.deadline_on(as_of)
    seen = partial(TrackedOccurrence, occurrence, deadline=deadline, known=known)
    done_on = known.done_on
    if occurrence.continuous or deadline is None:
        return seen(StatusClass.CONTINUOUS, reported=done_on is not None)
    if done_on is not None:
        if done_on <= deadline:
            return seen(StatusClass.DONE_ON_TIME)
        return seen(StatusClass.DONE_LATE, days_late=(done_on - deadline).days)
    if as_of > deadline:
        return seen(StatusClass.OVERDUE, days_overdue=(as_of - deadline).days)
    started = known.started_by(as_of)
    return seen(StatusClass.IN_PROGRESS if started else StatusClass.NOT_DUE)


@dataclass
class Tally:
    """Counts of occurrences per status class, and of continuous duties with a result recorded.

    The figures every view shows: work due (deadline passed, or done) and done of it, the year's
    work with a deadline, and apart the continuous duties, which are in no rate."""

    counts: dict[StatusClass, int] = field(default_factory=lambda: dict.fromkeys(StatusClass, 0))
    reported: int = 0
    """Continuous duties with a result recorded by the day of the view."""

    def add(self, item: TrackedOccurrence) -> None:
        self.counts[item.status_class] += 1
        if item.reported:
            self.reported += 1

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done(self) -> int:
        return self.counts[StatusClass.DONE_ON_TIME] + self.counts[StatusClass.DONE_LATE]

    @property
    def overdue(self) -> int:
        return self.counts[StatusClass.OVERDUE]

    @property
    def continuous(self) -> int:
        return self.counts[StatusClass.CONTINUOUS]

    @property
    def with_deadline(self) -> int:
        """Work with a deadline (done, late, running or not due): all but continuous duties."""
        return self.total - self.continuous

    @property
    def due(self) -> int:
        """Work with a deadline due by the day (deadline passed) or done."""
        return self.done + self.overdue

    @property
    def percent_of_due(self) -> float | None:
        """Done of the work due, in percent rounded down; None while nothing is due."""
        return rate(self.done, self.due)

    @property
    def percent_on_time(self) -> float | None:
        """Done on time of the work due, in percent rounded down; None while nothing is due."""
        return rate(self.counts[StatusClass.DONE_ON_TIME], self.due)

    @property
    def percent_of_year(self) -> float | None:
        """Done of the year's work with a deadline, in percent rounded down; None without any
        (only continuous duties)."""
        return rate(self.done, self.with_deadline)

    @property
    def done_share(self) -> float | None:
        """:attr:`percent_of_year` as a share, 0..1 (1 only when all of it is done)."""
        percent = self.percent_of_year
        return None if percent is None else percent / 100


def tally(items: Iterable[TrackedOccurrence]) -> Tally:
    result = Tally()
    for item in items:
        result.add(item)
    return result
