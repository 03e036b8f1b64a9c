"""What ``parplan update`` checks in the plan as it would be after its change, and how it tells a
refusal.

:func:`check_extensions`: each extension of the work updated must be later than the deadline in
force on the day it was decided (``extension-not-later``): the last extension decided on or before
that day, else the original deadline — the task's or part's own ("Quý III": 30/09), an
occurrence's own, or, for a period's report, its real deadline (the data cut-off plus the working
days the plan allows, :func:`parplan.schedule.period_deadline`). The message names that deadline,
as written too when it is a phrase.

:func:`findings_on_disk`: a refused update's findings named by the lines of the files on disk; a
finding inside the lines the update would have written has no line on disk, so it names the
place in the file as it would be after the change and says so.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from parplan.dates import format_date
from parplan.findings import Finding, PendingFinding, YamlPath
from parplan.model import Plan, Progress, Task
from parplan.periods import Period
from parplan.plan_parts import PlanParts
from parplan.rules_progress import in_force_when_decided
from parplan.schedule import period_deadline, work_calendar

__all__ = ["AFTER_CHANGE", "Edited", "InForce", "check_extensions", "findings_on_disk"]

AFTER_CHANGE = "trong tệp sau khi sửa"
"""How a refusal says a place is in the file as the update would have written it."""

RULE = "extension-not-later"


@dataclass(frozen=True, slots=True)
class InForce:
    """A deadline in force, and how to say what it is."""

    deadline: date | None
    said: str = ""
    """What the day is, beside it: the deadline as written, or whose it is."""

    def shown(self) -> str:
        day = format_date(self.deadline)
        return f"{day} ({self.said})" if self.said else day


def _original(plan: Plan, item: Task, period: Period | None, record: Progress | None) -> InForce:
    """The deadline of the work before any extension, and how it is written or made."""
    if period is None:
        deadline = item.deadline_on(plan.year)
        written = item.deadline.written if item.deadline and not item.deadline.is_date else ""
        return InForce(deadline, written)
    own = getattr(record, "deadline", None)
    if own is not None:
        return InForce(own, f"thời hạn riêng của {period.label}")
    cut_off = plan.reporting.window_rule.window(period, plan.year)[1]
    days = plan.reporting.submit_within_working_days
    return InForce(
        period_deadline(plan, period, work_calendar(plan)),
        f"hạn báo cáo {period.label}: {days} ngày làm việc sau ngày chốt số liệu "
        f"{format_date(cut_off)}",
    )


def _in_force_when_decided(original: InForce, progress: Progress, index: int) -> InForce:
    """The deadline in force on the day the ``index``-th extension was decided, worked out as
    ``validate`` works it out (:func:`parplan.rules_progress.in_force_when_decided`), said in the
    words of an update's refusal."""
    deadline, previous = in_force_when_decided(original.deadline, progress.extensions, index)
    if previous is None:
        return original
    decided = progress.extensions[previous].decided_on
    return InForce(deadline, f"gia hạn quyết định ngày {format_date(decided)}")


def check_extensions(
    checked: PlanParts, file: Path, task_path: YamlPath, part: int | None, period: Period | None
) -> None:
    """Add an ``extension-not-later`` finding to ``checked`` for each extension of the work
    updated (the task at ``task_path``, its ``part``-th part, or its occurrence of ``period``)
    that is not later than the deadline in force on the day it was decided; said once, in these
    words, where the plan's own rules say it too."""
    task = next(
        (
            located.value
            for located in checked.tasks
            if located.file == file and located.path == task_path
        ),
        None,
    )
    if task is None or not checked.documents:
        return
    item = task.as_parts()[part] if part is not None else task
    item_path = (*task_path, "parts", part) if part is not None else task_path
    record: Progress | None
    if period is None:
        record, where = item.progress, (*item_path, "progress")
    else:
        record, where = item.occurrences.get(period), (*item_path, "occurrences", period.value)
    if record is None or not record.extensions:
        return
    original = _original(checked.plan(), item, period, record)
    for index, extension in enumerate(record.extensions):
        in_force = _in_force_when_decided(original, record, index)
        if in_force.deadline is None or extension.deadline > in_force.deadline:
            continue
        path = (*where, "extensions", index, "deadline")
        checked.findings = [
            pending
            for pending in checked.findings
            if (pending.file, pending.rule, pending.path) != (file, RULE, path)
        ]
        checked.findings.append(
            PendingFinding(
                file,
                RULE,
                f"gia hạn đến {format_date(extension.deadline)} (quyết định ngày "
                f"{format_date(extension.decided_on)}) không sau thời hạn đang áp dụng ngày đó "
                f"{in_force.shown()}: gia hạn phải dời thời hạn về sau",
                path,
            )
        )


@dataclass(frozen=True, slots=True)
class Edited:
    """The lines an update would have replaced: lines ``first:last`` of the file on disk (0-based)
    by ``written`` lines."""

    file: Path
    first: int
    last: int
    written: int


def findings_on_disk(findings: list[Finding], edited: Edited) -> list[Finding]:
    """The findings of a plan checked with an edited file, named by the lines on disk: those
    after the edit moved back by its length, those in it said to be in the file after the
    change (the line there given in the message, none in the place)."""
    shift = edited.written - (edited.last - edited.first)
    shown = []
    for finding in findings:
        if finding.file != edited.file or finding.line is None or finding.line <= edited.first:
            shown.append(finding)
        elif finding.line > edited.first + edited.written:
            shown.append(replace(finding, line=finding.line - shift))
        else:
            place = f"dòng {finding.line}, cột {finding.column or 1}"
            message = f"{finding.message} ({AFTER_CHANGE}: {place})"
            shown.append(replace(finding, line=None, column=None, message=message))
    return shown
