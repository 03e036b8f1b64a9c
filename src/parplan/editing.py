"""Recording progress in a plan file, changing only the lines of one task or part of a task.

The work is named by its id: a task, a part of a task (``GP-B-1``: its progress goes under
``tasks[i].parts[j]``; the task itself rolls up from its parts and is refused), or an occurrence
(``GP-D-BC@T10``, or the id and ``--occurrence``). The task's lines (or the part's) are cut out
of the file, read with ruamel.yaml's round-trip mode (comments, key order, quoting and folding
kept), changed, written back with the same indentation and spliced into the file in place: every
other byte of the file stays as it was. The whole plan is validated with the new text before
anything is written, and the write is atomic.

Two updates of one plan never interleave: :func:`record_progress` holds the plan folder's OS lock
(``filelock``) from the check of what it read to the write, so a second ``parplan update`` waits,
then reads the first one's result again and applies its change on top. An editor does not take
that lock: the file's bytes are read again right before the rename, and a change made meanwhile
refuses the update and is kept. A plan file that is a symbolic link is never read
(:func:`parplan.plan_files.read_source`), so never written through. What an
update asks for is read from the options in :mod:`parplan.progress_change`.
"""

from __future__ import annotations

import io
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from parplan.errors import PlanInvalid, UsageProblem
from parplan.file_writing import write_text_atomically
from parplan.findings import ValidationResult, YamlPath
from parplan.model import Task
from parplan.periods import Period, occurrence_key, parse_period
from parplan.plan_parts import Located, PlanParts
from parplan.progress_carry import carry_checked, parts_refusal
from parplan.progress_change import ProgressChange, checked
from parplan.progress_record import Applied, apply_change, note_to_classify
from parplan.sections import assemble
from parplan.text import closest_matches
from parplan.update_checks import Edited, check_extensions, findings_on_disk
from parplan.update_lock import (
    EditRefused,
    StaleRead,
    check_unchanged,
    hold_lock,
    lock_path,
    snapshot_as_read,
)
from parplan.yaml_places import resolve_findings
from parplan.yaml_reader import parse_yaml
from parplan.yaml_splice import (
    dedent,
    indent,
    nfc_plain,
    plain,
    readable_by_round_trip,
    round_trip_yaml,
    set_scalar,
    smallest_edit,
    split_lines,
    task_region,
    with_lf,
)

__all__ = [
    "EditRefused",
    "UpdateResult",
    "exclusive_update",
    "lock_path",
    "record_progress",
    "round_trip_yaml",
    "update_task",
]

LOCK_TIMEOUT_SECONDS = 10.0
"""How long an update waits for another update of the same plan before giving up."""


def exclusive_update(plans: Path) -> AbstractContextManager[None]:
    """Hold the plan's lock across read, validation and write, waiting for it at most
    :data:`LOCK_TIMEOUT_SECONDS` (:func:`parplan.update_lock.hold_lock`)."""
    return hold_lock(plans, LOCK_TIMEOUT_SECONDS)


@dataclass(frozen=True)
class UpdateResult:
    file: Path
    changed: bool
    key: str
    removed_done_on: Any = None
    """The completion date taken away because the work was reopened, to tell the user."""
    carried_to: int | None = None
    """The year the work was carried into (``--carry-over``), to tell the user."""


@dataclass(frozen=True)
class _Work:
    """The work an update records progress on: a task, or one part of a task."""

    located: Located[Task]
    """The task, where it stands in its file."""
    item: Task
    """The task itself, or the part read as a task (what it does not say is the task's)."""
    part: int | None = None
    """The part's place in the task's ``parts``; None for the task itself."""

    @property
    def path(self) -> YamlPath:
        """Where the item stands in its file: ``tasks[i]`` or ``tasks[i].parts[j]``."""
        own: YamlPath = ("parts", self.part) if self.part is not None else ()
        return (*self.located.path, *own)


def _work_ids(parts: PlanParts) -> list[str]:
    """The id of every task and every part of a task, as listings show them."""
    return [
        work_id
        for located in parts.tasks
        for work_id in (located.value.id, *(part.id for part in located.value.parts))
    ]


def _named(parts: PlanParts, work_id: str) -> str:
    """The id ``work_id`` names: itself, or the one id it matches without regard to case
    ("gp-d-cchc" for GP-D-CCHC); several such ids are refused, listed."""
    ids = _work_ids(parts)
    if work_id in ids:
        return work_id
    same = list(dict.fromkeys(item for item in ids if item.casefold() == work_id.casefold()))
    if len(same) > 1:
        raise UsageProblem(
            f"'{work_id}' khớp {len(same)} mã khi không phân biệt chữ hoa, chữ thường: "
            f"{', '.join(same)}; ghi đúng mã"
        )
    return same[0] if same else work_id


def _choose(parts: PlanParts, work_id: str, *, carry: bool = False) -> _Work:
    """The task or part ``work_id`` names; a task with parts records progress in its parts
    (and is carried into a later year part by part)."""
    work_id = _named(parts, work_id)
    for located in parts.tasks:
        task = located.value
        if task.id == work_id and task.parts:
            ids = [part.id for part in task.parts]
            if carry:
                raise parts_refusal(task)
            raise UsageProblem(
                f"nhiệm vụ {task.id} gồm các phần việc {', '.join(ids)}: tiến độ ghi cho từng "
                f"phần việc, ví dụ 'parplan update {ids[0]} …'"
            )
        if task.id == work_id:
            return _Work(located, task)
        for number, part in enumerate(task.as_parts()):
            if part.id == work_id:
                return _Work(located, part, number)
    ids = [
        item.id
        for located in parts.tasks
        for item in (located.value.as_parts() or (located.value,))
    ]
    near = closest_matches(work_id.upper(), ids, n=5, cutoff=0.5)
    if near:
        raise UsageProblem(f"không có nhiệm vụ '{work_id}'. Các mã gần nhất: {', '.join(near)}")
    raise UsageProblem(f"không có nhiệm vụ '{work_id}'. Một số mã: {', '.join(ids[:10])}")


def _split_key(work_id: str, occurrence: str | None) -> tuple[str, str | None]:
    """``GP-D-BC@T10`` read as the task ``GP-D-BC`` and the period ``T10``, as listings name an
    occurrence; ``--occurrence`` may repeat the period, not name another."""
    if "@" not in work_id:
        return work_id, occurrence
    task_id, _, written = work_id.partition("@")
    if occurrence is not None and parse_period(occurrence) != parse_period(written):
        raise UsageProblem(
            f"'{work_id}' đã ghi kỳ {written}, --occurrence ghi kỳ '{occurrence}': chỉ ghi một kỳ"
        )
    return task_id, written


def _period_for(task: Task, occurrence: str | None) -> Period | None:
    periods = task.recurrence.periods if task.recurrence is not None else []
    if occurrence is None:
        if periods:
            listed = ", ".join(f"{p.value} ({p.label})" for p in periods)
            raise UsageProblem(
                f"nhiệm vụ {task.id} là nhiệm vụ định kỳ: chọn kỳ bằng --occurrence ({listed})"
            )
        return None
    period = parse_period(occurrence)
    if not periods:
        raise UsageProblem(f"nhiệm vụ {task.id} không định kỳ: bỏ --occurrence")
    if period is None or period not in periods:
        listed = ", ".join(f"{p.value} ({p.label})" for p in periods)
        raise UsageProblem(f"nhiệm vụ {task.id} không có kỳ '{occurrence}'; các kỳ: {listed}")
    return period


def record_progress(
    plans: Path, year: int | None, task_id: str, occurrence: str | None, change: ProgressChange
) -> UpdateResult:
    """Read the plan, then record ``change`` under the plan folder's lock.

    Updates of one plan take turns: the lock is held from the check of what was read to the
    rename of the new file. When another update wrote the file between this one's read and its
    lock, the plan is read again under the lock and the change applied on top; an editor's
    change in the meantime is never overwritten (:class:`EditRefused`)."""
    from parplan.loading import load_plan_parts

    change = checked(change)
    parts = load_plan_parts(plans, year, as_of=change.on)  # the plan of the day recorded
    with exclusive_update(parts.folder):
        try:
            return update_task(parts, task_id, occurrence, change)
        except StaleRead:
            again = load_plan_parts(plans, year, as_of=change.on)
            return update_task(again, task_id, occurrence, change)


def update_task(
    parts: PlanParts, task_id: str, occurrence: str | None, change: ProgressChange
) -> UpdateResult:
    """Record ``change`` on a task (or one occurrence) of a valid plan, in its file, in place."""
    from ruamel.yaml.error import YAMLError

    try:
        return _update_task(parts, task_id, occurrence, change)
    except YAMLError as error:
        # A layout the round-trip editor cannot take apart safely (it is stricter than the
        # reader): say so rather than guess.
        problem = str(getattr(error, "problem", "") or error).strip()
        raise UsageProblem(
            f"không sửa tự động được nhiệm vụ {task_id} ({problem}); hãy sửa tay tệp kế hoạch"
        ) from None


def _update_task(
    parts: PlanParts, task_id: str, occurrence: str | None, change: ProgressChange
) -> UpdateResult:
    change = checked(change)
    task_id, occurrence = _split_key(task_id, occurrence)
    work = _choose(parts, task_id, carry=change.carry_over)
    located = work.located
    period = _period_for(work.item, occurrence)
    key = occurrence_key(work.item.id, period)
    change = carry_checked(parts, work.item, period, change, key)
    source = next(s for s in parts.files if s.path == located.file)
    assert source.text is not None
    snapshot = snapshot_as_read(source.path, source.text)
    original = split_lines(source.text)  # each line with its own ending, kept byte for byte
    lines = [with_lf(line) for line in original]
    region = task_region(lines, "".join(lines), int(located.path[-1]), work.part)
    snippet = dedent(lines, region)
    edit = _edit_snippet(snippet, period, change, key)
    if edit is None:
        return UpdateResult(located.file, changed=False, key=key)
    start, end, block, applied = edit
    ending = original[region.start][len(lines[region.start]) - 1 :] or "\n"
    indented = indent("".join(block), region, first=start == 0)
    replacement = [line[:-1] + ending if line.endswith("\n") else line for line in indented]
    first, last = region.start + start, region.start + end
    new_text = "".join([*original[:first], *replacement, *original[last:]])
    if source.bom:
        new_text = "\ufeff" + new_text

    edited = Edited(source.path, first, last, len(replacement))
    _validate_with(parts, edited, new_text.removeprefix("\ufeff"), work, period)
    check_unchanged(source.path, snapshot)  # right before the rename: an editor's save wins
    write_text_atomically(source.path, new_text)
    return UpdateResult(
        located.file,
        changed=True,
        key=key,
        removed_done_on=applied.removed_done_on,
        carried_to=change.to_year if change.carry_over else None,
    )


def _edit_snippet(
    snippet: str, period: Period | None, change: ProgressChange, key: str
) -> tuple[int, int, list[str], Applied] | None:
    """The lines of the task's (part's) text to replace, and by what, to record ``change`` in
    its progress or its occurrence's; None when the record holds it already. A kind given to a
    note recorded already is written into the text first (every other byte kept), then the rest
    of the change through the round-trip editor."""
    classified = _classified(snippet, period, change, key)
    rest = replace(change, classify_note=None)
    edit = _round_trip_edit(classified, period, rest, key) if not rest.is_empty() else None
    applied = Applied()
    new = classified
    if edit is not None:
        start, end, block, applied = edit
        lines = classified.splitlines(keepends=True)
        new = "".join([*lines[:start], *block, *lines[end:]])
    if new == snippet:
        return None
    old_lines, new_lines = snippet.splitlines(keepends=True), new.splitlines(keepends=True)
    shorter = min(len(old_lines), len(new_lines))
    start = 0
    while start < shorter and old_lines[start] == new_lines[start]:
        start += 1
    kept = 0
    while kept < shorter - start and old_lines[-1 - kept] == new_lines[-1 - kept]:
        kept += 1
    return start, len(old_lines) - kept, new_lines[start : len(new_lines) - kept], applied


def _classified(snippet: str, period: Period | None, change: ProgressChange, key: str) -> str:
    """The task's text with the kind ``--classify-note`` gives written into the note's mapping,
    every other byte kept; the text itself when there is none to give, or the note has it."""
    classify = change.classify_note
    if classify is None:
        return snippet
    where: tuple[str, ...] = ("progress",) if period is None else ("occurrences", period.value)
    record: Any = parse_yaml(snippet)
    for step in where:
        record = record.get(step) if isinstance(record, dict) else None
    position = note_to_classify(record if isinstance(record, dict) else {}, classify, key)
    if position is None:
        return snippet
    return set_scalar(snippet, (*where, "notes", position), "kind", classify.kind, "text")


def _round_trip_edit(
    snippet: str, period: Period | None, change: ProgressChange, key: str
) -> tuple[int, int, list[str], Applied] | None:
    """The edit of ``snippet`` that records ``change`` through ruamel.yaml's round-trip mode:
    only the progress entry changed is written back; None when the record holds it already."""
    from ruamel.yaml.comments import CommentedMap

    yaml = round_trip_yaml()
    data = yaml.load(readable_by_round_trip(snippet))
    if period is None:
        container = data
        target: tuple[str, ...] = ("progress",)
    else:
        if "occurrences" not in data or data["occurrences"] is None:
            data["occurrences"] = CommentedMap()
        container = data["occurrences"]
        target = ("occurrences", period.value)
    before = nfc_plain(plain(container.get(target[-1])))
    if container.get(target[-1]) is None:
        container[target[-1]] = CommentedMap()
    applied = apply_change(container[target[-1]], change, key)
    if nfc_plain(plain(container[target[-1]])) == before:
        return None
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    start, end, block = smallest_edit(snippet, buffer.getvalue(), target, plain(data))
    return start, end, block, applied


def _validate_with(
    parts: PlanParts, edited: Edited, new_text: str, work: _Work, period: Period | None
) -> None:
    """Refuse the change when the plan with the new text of the edited file would not validate,
    or when an extension of the work is not later than the deadline in force on its day. The
    findings name the lines on disk, or say they are in the file as it would be after the
    change (:func:`parplan.update_checks.findings_on_disk`)."""
    from parplan.source_file import SourceFile

    path = edited.file
    # The other files were read and parsed moments ago: only the edited one is new.
    sources = [
        SourceFile(path, text=new_text, data=parse_yaml(new_text))
        if source.path == path
        else source
        for source in parts.files
    ]
    checked = assemble(parts.folder, sources)
    check_extensions(checked, path, work.located.path, work.part, period)
    findings = findings_on_disk(resolve_findings(checked.findings, sources), edited)
    result = ValidationResult(files=[s.path for s in sources], findings=findings)
    if not result.ok:
        raise PlanInvalid(result, action="không ghi thay đổi: kế hoạch sau khi sửa sẽ có lỗi")
