"""Rules across the fields and files of one plan. Each rule has an id that findings carry.

The rules live here (the document, the registries, ids) and beside this module, by subject:
:mod:`parplan.rules_tasks` (a task), :mod:`parplan.rules_progress` (the dates of its schedule
and progress), :mod:`parplan.rules_parts` (the parts of a task),
:mod:`parplan.rules_indexes` (indexes, targets, results, measurements); :func:`check_plan` runs
them all.

| rule                       | what it checks                                                      |
|----------------------------|---------------------------------------------------------------------|
| plan-missing               | the folder has exactly one plan document (``plan:``) …             |
| plan-duplicate             | … and not two                                                       |
| settings-duplicate         | at most one ``reporting``, ``calendar``, ``office`` and ``report``  |
|                            | section                                                             |
| solution-letter            | solutions are lettered a, b, c, d, đ, e, g, h, … in order, once     |
| solution-count             | … and there are no more than the 23 letters a) to y) can name       |
| outline-duplicate          | each heading of ``plan.outline`` has its own ref                    |
| signature-levels           | two levels of signing authority are TM. (the collective) or TL.     |
|                            | (by order), then KT. (Điều 13, Nghị định 30/2020/NĐ-CP)             |
| signature-collective       | a TM. level names the collective (``of: ỦY BAN NHÂN DÂN``)          |
| code-duplicate             | department and index codes are unique, and codes inside one index   |
| criterion-nesting          | an index item's code starts with its parent's ("1.2" under "1")     |
| members-not-group          | only a unit of kind ``nhóm`` lists ``members``                      |
| task-id-duplicate          | task, part and target ids are unique across every file              |
| unit-unknown               | every unit referenced (leads, support, group members) exists        |
| lead-duplicate             | a task lists each lead unit once                                    |
| lead-also-support          | no unit both leads and supports one task (or part)                  |
| criterion-unknown          | criteria of tasks, the index of targets and results, the indicator  |
|                            | of measurements and of import mappings' columns name indexes (and   |
|                            | codes) that ``indexes`` has                                         |
| source-clause-unknown      | a task's or target's source clause exists in the plan document      |
|                            | (the outline's refs and those the structured fields imply)          |
| schedule-missing           | a task has a deadline, a recurrence, or is continuous; a part has a |
|                            | deadline, its own or its task's, unless the task is continuous      |
| schedule-conflict          | … and not a deadline together with a recurrence or continuity       |
| parts-conflict             | a task with parts has no progress, recurrence, occurrences of its   |
|                            | own                                                                 |
| period-duplicate           | a recurrence lists each period once                                 |
| period-invalid             | progress per period only for periods of the task's recurrence       |
| progress-misplaced         | a recurring task records progress per period, not as a whole        |
| deadline-outside-year      | deadlines of tasks and parts fall in the plan's year unless the     |
|                            | task is carried over                                                |
| carried-from-year          | work carried from an earlier plan (``carried_from``) names a year   |
|                            | before the plan's                                                   |
| extension-not-later        | each extension moves later the deadline in force on the day it was  |
|                            | decided (the original, a period's report deadline, or the last      |
|                            | extension decided by then)                                          |
| extension-order            | extensions are listed in the order they were decided               |
| started-after-done         | work is not started (``started_on``) after it was done              |
| done-before-issue          | completion is not before the plan was issued                        |
| fact-before-year           | no fact of progress (start, evidence, note, extension, correction,  |
|                            | carry) is dated before the plan's year, unless the task is carried  |
|                            | over                                                                |
| target-index               | a target of measure value, rank, rank_change names its ``index``;   |
|                            | one of completion_rate does not                                     |
| target-value               | a completion rate is 0–100, a rank a whole number from 1, a rank    |
|                            | change a whole number                                               |
| result-duplicate           | one result per index (or criterion) and year                        |
| rank-out-of                | a result's rank is not more than the number ranked (``of``) nor the |
|                            | number its index ranks (``ranked_of``: 63); ``of`` not more than    |
|                            | ``ranked_of``                                                       |
| score-above-max            | a result's value is not above its maximum: the result's own         |
|                            | ``max_value``, else the ``max_points`` of its index or item         |
| result-source              | a published result (``assessment: published``, the default) names   |
|                            | its ``source`` (a self-assessed one need not)                       |
| measurement-duplicate      | one measured value per indicator and period                         |
| mapping-column             | an import mapping's column reads a value one way: ``value``, or     |
|                            | ``numerator`` and ``denominator``                                   |
| result-known-early         | a result is not known (``known_on``) before its year begins          |
| carried-kind               | work carried into a later year (``progress.carried``) is timed     |
|                            | work: not a period of a recurring task, not a continuous duty       |
| carried-year               | … carried into a year after the plan's (``carried.to_year``)        |
| carried-done               | … and not done on or before the day it was carried; done later, it  |
|                            | is done and the carry no longer applies                             |
| plan-year-duplicate        | (loading) one plan folder a year in a plans folder                   |

Checked while reading (:mod:`parplan.sections`, the models, :mod:`parplan.deadlines`):
``format-outdated`` (a file of format 1, no ``schema_version``), ``format-version``
(``schema_version`` other than 2), ``invalid-deadline`` (a deadline phrase no rule reads:
"Quý V", "tháng 13", "thường xuyên"), ``invalid-date``, and the schema's ``unknown-key``,
``missing-key``, ``wrong-type``, ``invalid-value`` (a negative funding amount, for one),
``empty-value``, and ``status-key`` (a ``status`` in a progress record: format 2 records
``done_on`` and ``started_on``, each fact with its day).

The province file (``tinh.yaml``, :mod:`parplan.province_loading`) has two rules of its own:
``agency-duplicate`` (one code and one name an agency) and ``province-source`` (a git source git
may be given: no option-looking value, no ``ext::``, no password).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from parplan.findings import YamlPath, format_yaml_path
from parplan.model import PlanDocument
from parplan.plan_parts import Located, PlanParts
from parplan.plan_values import GROUP_KIND
from parplan.rules_indexes import index_rules, result_rules, target_rules
from parplan.rules_parts import part_rules
from parplan.rules_progress import date_rules
from parplan.rules_tasks import (
    carried_from_rules,
    reference_rules,
    schedule_rules,
    unknown_unit,
)

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
    settings = (
        ("reporting", parts.reporting),
        ("calendar", parts.calendars),
        ("office", parts.offices),
        ("report", parts.reports),
    )
    for name, located_items in settings:
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
                f"{format_yaml_path(first.path)}): mỗi mã chỉ dùng một lần, đặt mã khác",
                (*item.path, key),
            )
        else:
            seen[code] = item


def _outline_rules(parts: PlanParts, located: Located[PlanDocument]) -> None:
    """Each heading of the outline has its own ref (``outline-duplicate``)."""
    seen: dict[str, int] = {}
    for position, heading in enumerate(located.value.outline):
        if heading.ref in seen:
            parts.problem(
                located.file,
                "outline-duplicate",
                f"mục '{heading.ref}' đã có trong outline (outline[{seen[heading.ref]}]): mỗi "
                "mục của văn bản ghi một lần; bỏ dòng lặp hoặc sửa số mục",
                (*located.path, "outline", position, "ref"),
            )
        else:
            seen[heading.ref] = position


_TWO_LEVELS = (("TM.", "KT."), ("TL.", "KT."))
"""The two-level signatures of Điều 13, Nghị định 30/2020/NĐ-CP: the deputy signs for the head
who signs for the collective (TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH), or for the head of a unit
who signs by order (TL. CHỦ TỊCH / KT. CHÁNH VĂN PHÒNG: "người được ký thừa lệnh được giao lại
cho cấp phó ký thay")."""


def _signature_rules(parts: PlanParts, located: Located[PlanDocument]) -> None:
    """Two levels of authority are TM. (or TL.) then KT. (``signature-levels``); a TM. level
    names its collective (``signature-collective``)."""
    signature = located.value.signature
    if signature is None:
        return
    path: YamlPath = (*located.path, "signature", "on_behalf")
    levels = tuple(level.authority for level in signature.on_behalf)
    if len(levels) == 2 and levels not in _TWO_LEVELS:
        wrong = 0 if levels[0] not in ("TM.", "TL.") else 1
        parts.problem(
            located.file,
            "signature-levels",
            "hai cấp ký phải là 'TM.' (thay mặt tập thể) rồi 'KT.' (ký thay người đứng đầu), "
            "như 'TM. ỦY BAN NHÂN DÂN' / 'KT. CHỦ TỊCH', hoặc 'TL.' rồi 'KT.' (cấp phó ký thay "
            "người ký thừa lệnh), như 'TL. CHỦ TỊCH' / 'KT. CHÁNH VĂN PHÒNG' (Điều 13 Nghị định "
            f"30/2020/NĐ-CP); gặp '{levels[0]}' rồi '{levels[1]}': sửa cấp ký hoặc chỉ ghi một cấp",
            (*path, wrong, "authority"),
        )
    for position, level in enumerate(signature.on_behalf):
        if level.authority == "TM." and not level.of:
            parts.problem(
                located.file,
                "signature-collective",
                "'TM.' (thay mặt) phải ghi tập thể được thay mặt ở 'of', ví dụ "
                "'of: ỦY BAN NHÂN DÂN'",
                (*path, position, "authority"),
            )


def _unit_registry_rules(parts: PlanParts) -> None:
    """Only a group lists members (``members-not-group``), and its members exist
    (``unit-unknown``)."""
    for located in parts.departments:
        unit = located.value
        if unit.members and unit.kind != GROUP_KIND:
            parts.problem(
                located.file,
                "members-not-group",
                f"đơn vị '{unit.code}' loại '{unit.kind}' không có 'members': chỉ một nhóm "
                f"('kind: {GROUP_KIND}', như 'các sở, ban, ngành') mới kể các đơn vị thuộc nó; "
                f"bỏ 'members' hoặc ghi 'kind: {GROUP_KIND}'",
                (*located.path, "members"),
                at_key=True,
            )
        for position, code in enumerate(unit.members):
            unknown_unit(parts, located.file, (*located.path, "members", position), code)


def _registry_rules(parts: PlanParts) -> None:
    _unique(parts, parts.departments, "code", "code-duplicate", "mã đơn vị")
    _unique(parts, parts.indexes, "code", "code-duplicate", "mã chỉ số")
    ids: list[Located[Any]] = [*parts.targets]
    for task in parts.tasks:
        ids.append(task)
        ids += [
            Located(part, task.file, (*task.path, "parts", position))
            for position, part in enumerate(task.value.parts)
        ]
    _unique(parts, ids, "id", "task-id-duplicate", "mã nhiệm vụ")
    _unit_registry_rules(parts)
    index_rules(parts)


def check_plan(parts: PlanParts) -> None:
    """Run every rule over one plan folder; problems are added to ``parts.findings``."""
    _document_rules(parts)
    for document in parts.documents[:1]:
        _outline_rules(parts, document)
        _signature_rules(parts, document)
    _registry_rules(parts)
    for located in parts.tasks:
        reference_rules(parts, located)
        carried_from_rules(parts, located)
        schedule_rules(parts, located)
        date_rules(parts, located)
        part_rules(parts, located)
    for target in parts.targets:
        target_rules(parts, target)
    result_rules(parts)
