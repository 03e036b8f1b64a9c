"""Rules across the fields and files of one plan. Each rule has an id that findings carry.

| rule                       | what it checks                                                      |
|----------------------------|---------------------------------------------------------------------|
| plan-missing               | the folder has exactly one plan document (``plan:``) …             |
| plan-duplicate             | … and not two                                                       |
| settings-duplicate         | at most one ``reporting`` and one ``calendar`` section              |
| solution-letter            | solutions are lettered a, b, c, d, đ, e, g, h, … in order, once     |
| solution-count             | … and there are no more than the 23 letters a) to y) can name       |
| code-duplicate             | department and index codes are unique                               |
| task-id-duplicate          | task and target ids are unique across every file                    |
| unit-unknown               | every unit referenced exists in the department registry             |
| criterion-unknown          | a task's criteria name indexes (and codes) that ``indexes`` has      |
| source-clause-unknown      | a task's source clause exists in the plan document                  |
| schedule-missing           | a task has a deadline, a recurrence, or is continuous               |
| schedule-conflict          | … and not a deadline together with a recurrence or continuity       |
| period-duplicate           | a recurrence lists each period once                                 |
| period-invalid             | progress per period only for periods of the task's recurrence       |
| progress-misplaced         | a recurring task records progress per period, not as a whole        |
| deadline-outside-year      | deadlines fall in the plan's year unless the task is carried over   |
| extension-not-later        | each extension moves the deadline in force later                     |
| done-without-date          | a completed task or occurrence has a completion date                |
| date-without-done          | a completion date only on completed work                            |
| done-before-issue          | completion is not before the plan was issued                        |
| plan-year-duplicate        | (loading) one plan folder a year in a plans folder                   |
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from parplan.dates import format_date
from parplan.findings import format_yaml_path
from parplan.model import ALL_UNITS, PlanDocument, Progress, Task
from parplan.model_indexes import split_criterion
from parplan.periods import DataWindowRule, Period
from parplan.plan_parts import Located, PlanParts
from parplan.text import closest

__all__ = ["VIETNAMESE_LETTERS", "check_plan"]

VIETNAMESE_LETTERS = "abcdđeghiklmnopqrstuvxy"


def _document_rules(parts: PlanParts) -> None:
    if not parts.documents:
        if parts.complete:
            parts.problem(
                parts.folder,
                "plan-missing",
                "thư mục kế hoạch không có văn bản kế hoạch (phần 'plan:' trong một tệp)",
            )
        return
    first = parts.documents[0]
    for extra in parts.documents[1:]:
        parts.problem(
            extra.file,
            "plan-duplicate",
            f"thư mục đã có văn bản kế hoạch ở {first.file.name}; mỗi thư mục chỉ có một",
            extra.path,
            at_key=True,
        )
    for name, located_items in (("reporting", parts.reporting), ("calendar", parts.calendars)):
        for item in located_items[1:]:
            parts.problem(
                item.file,
                "settings-duplicate",
                f"phần '{name}' đã có ở {located_items[0].file.name}; mỗi kế hoạch chỉ có một",
                item.path,
                at_key=True,
            )
    letters = [solution.letter for solution in first.value.solutions]
    if len(letters) > len(VIETNAMESE_LETTERS):
        parts.problem(
            first.file,
            "solution-count",
            f"kế hoạch có {len(letters)} giải pháp nhưng chỉ đánh điểm được "
            f"{len(VIETNAMESE_LETTERS)} giải pháp, từ a) đến y); gộp bớt hoặc chia thành mục "
            f"con (giải pháp thứ {len(VIETNAMESE_LETTERS) + 1} trở đi không có chữ cái)",
            (*first.path, "solutions", len(VIETNAMESE_LETTERS)),
        )
    expected = VIETNAMESE_LETTERS[: len(letters)]
    for index, (letter, wanted) in enumerate(zip(letters, expected, strict=False)):
        if letter != wanted:
            parts.problem(
                first.file,
                "solution-letter",
                f"giải pháp thứ {index + 1} phải là điểm '{wanted})' theo thứ tự chữ cái tiếng Việt "
                f"(a, b, c, d, đ, e, g, h, …; không có f, j, w, z), gặp '{letter})'",
                (*first.path, "solutions", index, "letter"),
            )


def _unique(
    parts: PlanParts, items: Iterable[Located[Any]], key: str, rule: str, what: str
) -> None:
    seen: dict[str, Located[Any]] = {}
    for item in items:
        code = str(getattr(item.value, key))
        if code in seen:
            first = seen[code]
            parts.problem(
                item.file,
                rule,
                f"{what} '{code}' bị trùng (đã có ở {first.file.name}, "
                f"{format_yaml_path(first.path)})",
                (*item.path, key),
            )
        else:
            seen[code] = item


def _registry_rules(parts: PlanParts) -> None:
    _unique(parts, parts.departments, "code", "code-duplicate", "mã đơn vị")
    _unique(parts, parts.indexes, "code", "code-duplicate", "mã chỉ số")
    _unique(parts, [*parts.targets, *parts.tasks], "id", "task-id-duplicate", "mã nhiệm vụ")


def _reference_rules(parts: PlanParts, located: Located[Task]) -> None:
    task = located.value
    units = {item.value.code for item in parts.departments}
    units |= parts.unvalidated_codes.get("departments", set())
    referenced: list[tuple[str, tuple[str | int, ...]]] = [
        (code, ("lead",) if len(task.lead) == 1 else ("lead", index))
        for index, code in enumerate(task.lead)
    ]
    referenced += [
        (code, ("support", index)) for index, code in enumerate(task.support) if code != ALL_UNITS
    ]
    for code, where in referenced:
        if code not in units and (parts.departments or parts.complete):
            suggestion = closest(code, units)
            hint = f"; bạn có muốn viết '{suggestion}'?" if suggestion else ""
            parts.problem(
                located.file,
                "unit-unknown",
                f"đơn vị '{code}' không có trong danh mục đơn vị (departments){hint}",
                located.path + where,
            )
    _criteria_rules(parts, located)
    if parts.documents:
        clauses = parts.documents[0].value.clauses()
        if task.source not in clauses:
            parts.problem(
                located.file,
                "source-clause-unknown",
                f"mục '{task.source}' không có trong văn bản kế hoạch; các mục có: "
                f"{', '.join(sorted(clauses))}",
                (*located.path, "source"),
            )


def _schedule_rules(parts: PlanParts, located: Located[Task]) -> None:
    task = located.value
    path = located.path
    if task.deadline is None and task.recurrence is None and not task.continuous:
        parts.problem(
            located.file,
            "schedule-missing",
            "nhiệm vụ cần 'deadline' (một lần), 'recurrence' (định kỳ) hoặc 'continuous: true' "
            "(thường xuyên)",
            path,
        )
    if task.deadline is not None and (task.recurrence is not None or task.continuous):
        other = "recurrence" if task.recurrence is not None else "continuous"
        parts.problem(
            located.file,
            "schedule-conflict",
            f"nhiệm vụ có 'deadline' thì không có '{other}': thời hạn của nhiệm vụ định kỳ, "
            "thường xuyên tính theo từng kỳ",
            (*path, "deadline"),
            at_key=True,
        )
    periods = task.recurrence.periods if task.recurrence is not None else []
    seen: set[Period] = set()
    for index, period in enumerate(periods):
        if period in seen:
            parts.problem(
                located.file,
                "period-duplicate",
                f"kỳ '{period.value}' ({period.label}) được ghi hai lần",
                (*path, "recurrence", "periods", index),
            )
        seen.add(period)
    for period in task.occurrences:
        if period not in seen:
            wanted = ", ".join(p.value for p in periods) if periods else "không có kỳ nào"
            parts.problem(
                located.file,
                "period-invalid",
                f"kỳ '{period.value}' ({period.label}) không thuộc recurrence của nhiệm vụ "
                f"({wanted})",
                (*path, "occurrences", period.value),
                at_key=True,
            )
    if task.recurrence is not None and task.progress is not None:
        parts.problem(
            located.file,
            "progress-misplaced",
            "nhiệm vụ định kỳ ghi tiến độ theo từng kỳ trong 'occurrences', không ghi 'progress'",
            (*path, "progress"),
            at_key=True,
        )


def _criteria_rules(parts: PlanParts, located: Located[Task]) -> None:
    """Each criterion names an index of ``indexes`` and, when that index lists its structure, a
    code of it."""
    indexes = {item.value.code: item.value for item in parts.indexes}
    unvalidated = parts.unvalidated_codes.get("indexes", set())
    for position, ref in enumerate(located.value.criteria):
        index_code, code = split_criterion(ref)
        index = indexes.get(index_code)
        where = (*located.path, "criteria", position)
        if index is None:
            if index_code in unvalidated or not (parts.indexes or parts.complete):
                continue
            known = ", ".join(sorted(indexes)) or "chưa có"
            parts.problem(
                located.file,
                "criterion-unknown",
                f"chỉ số '{index_code}' không có trong phần 'indexes' (có: {known})",
                where,
            )
        elif code is not None and index.items and index.find(code) is None:
            parent = code.rpartition(".")[0]
            siblings = [
                item.code for item in index.walk() if item.code.rpartition(".")[0] == parent
            ]
            parts.problem(
                located.file,
                "criterion-unknown",
                f"'{ref}': chỉ số {index_code} không có lĩnh vực, tiêu chí mã {code} "
                f"(có: {', '.join(siblings) or 'chưa có'})",
                where,
            )


def _progress_records(
    task: Task, year: int
) -> list[tuple[tuple[str, ...], Progress, date | None, Period | None]]:
    """Each progress record with its YAML path inside the task."""
    return [
        (
            ("occurrences", period.value) if period is not None else ("progress",),
            progress,
            deadline,
            period,
        )
        for period, progress, deadline in task.progress_records(year)
    ]


def _date_rules(parts: PlanParts, located: Located[Task]) -> None:
    if not parts.documents:
        return
    plan = parts.documents[0].value
    rule = parts.reporting[0].value.window_rule if parts.reporting else DataWindowRule()
    _extension_rules(parts, located, plan.year, rule)
    _deadline_year_rules(parts, located, plan.year)
    _completion_rules(parts, located, plan, rule)


def _deadline_year_rules(parts: PlanParts, located: Located[Task], year: int) -> None:
    """Every deadline of a task (its own, its periods', its extensions') falls in the plan's
    year, unless the task is carried over."""
    task = located.value
    deadlines: list[tuple[date, tuple[str | int, ...]]] = []
    if task.deadline is not None:
        deadlines.append((task.deadline.resolve(year), ("deadline",)))
    for where, progress, own_deadline, _ in _progress_records(task, year):
        if own_deadline is not None and where != ("progress",):
            deadlines.append((own_deadline, (*where, "deadline")))
        deadlines += [
            (extension.deadline, (*where, "extensions", index, "deadline"))
            for index, extension in enumerate(progress.extensions)
        ]
    if not task.carried_over:
        for deadline, deadline_path in deadlines:
            if deadline.year != year:
                parts.problem(
                    located.file,
                    "deadline-outside-year",
                    f"thời hạn {format_date(deadline)} nằm ngoài năm kế hoạch {year}; nếu đây là "
                    "nhiệm vụ chuyển tiếp, ghi 'carried_over: true'",
                    located.path + deadline_path,
                )


def _extension_rules(
    parts: PlanParts, located: Located[Task], year: int, rule: DataWindowRule
) -> None:
    """Each extension moves the deadline in force later."""
    task = located.value
    for where, progress, own_deadline, period in _progress_records(task, year):
        in_force = own_deadline
        if in_force is None and period is not None:
            in_force = rule.window(period, year)[1]  # the data cut-off: its deadline is later
        for index, extension in enumerate(progress.extensions):
            if in_force is not None and extension.deadline <= in_force:
                parts.problem(
                    located.file,
                    "extension-not-later",
                    f"gia hạn đến {format_date(extension.deadline)} không sau thời hạn đang áp dụng "
                    f"{format_date(in_force)}: gia hạn phải dời thời hạn về sau",
                    (*located.path, *where, "extensions", index, "deadline"),
                )
            in_force = extension.deadline


def _completion_rules(
    parts: PlanParts, located: Located[Task], plan: PlanDocument, rule: DataWindowRule
) -> None:
    """Completed work has a date, a date only on completed work, and not before the plan."""
    task = located.value
    year = plan.year
    issued = plan.earliest_issue_date()
    for where, progress, own_deadline, period in _progress_records(task, year):
        path: tuple[str | int, ...] = located.path + where
        if progress.status == "done" and progress.done_on is None:
            parts.problem(
                located.file,
                "done-without-date",
                "đã ghi 'status: done' thì phải có ngày hoàn thành 'done_on'",
                (*path, "status"),
            )
        if progress.status != "done" and progress.done_on is not None:
            parts.problem(
                located.file,
                "date-without-done",
                f"có ngày hoàn thành nhưng trạng thái là '{progress.status}'; "
                "ghi 'status: done' hoặc bỏ 'done_on'",
                (*path, "done_on"),
            )
        if progress.done_on is None or issued is None:
            continue
        # Work that fell due before the plan was issued (the quý II report of a plan issued in
        # July) may have been done before it too, but not before the plan's year.
        due = own_deadline or (rule.window(period, year)[1] if period is not None else None)
        floor = issued if due is None or due >= issued else date(year, 1, 1)
        if progress.done_on < floor:
            said = (
                "ban hành"
                if plan.issued_on is not None
                else "ban hành (sớm nhất là ngày của căn cứ)"
            )
            parts.problem(
                located.file,
                "done-before-issue",
                f"ngày hoàn thành {format_date(progress.done_on)} trước ngày kế hoạch được {said} "
                f"{format_date(floor)}",
                (*path, "done_on"),
            )


def check_plan(parts: PlanParts) -> None:
    """Run every rule over one plan folder; problems are added to ``parts.findings``."""
    _document_rules(parts)
    _registry_rules(parts)
    for located in parts.tasks:
        _reference_rules(parts, located)
        _schedule_rules(parts, located)
        _date_rules(parts, located)
    for target in parts.targets:
        source = target.value.source
        if (
            parts.documents
            and source is not None
            and source not in parts.documents[0].value.clauses()
        ):
            parts.problem(
                target.file,
                "source-clause-unknown",
                f"mục '{target.value.source}' không có trong văn bản kế hoạch",
                (*target.path, "source"),
            )
