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
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from parplan.dates import format_date
from parplan.errors import PlanInvalid, UsageProblem
from parplan.file_writing import write_text_atomically
from parplan.findings import ValidationResult, YamlPath
from parplan.model import Task, parse_plan_date
from parplan.periods import Period, occurrence_key, parse_period
from parplan.plan_parts import Located, PlanParts
from parplan.progress_change import ProgressChange, checked
from parplan.sections import assemble
from parplan.text import closest_matches, nfc
from parplan.update_lock import (
    EditRefused,
    StaleRead,
    changed_meanwhile,
    check_unchanged,
    hold_lock,
    lock_path,
    read_snapshot,
)
from parplan.yaml_places import resolve_findings
from parplan.yaml_problem import YamlProblem
from parplan.yaml_reader import decode_plan_text, parse_yaml
from parplan.yaml_splice import (
    dedent,
    indent,
    nfc_plain,
    plain,
    readable_by_round_trip,
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


def round_trip_yaml() -> Any:
    """ruamel.yaml in round-trip mode, set up as plan files are written."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1_000_000  # never re-wrap a line
    yaml.indent(mapping=2, sequence=4, offset=2)
    # Keep "null" written as such (ruamel writes an empty value by default).
    yaml.representer.add_representer(
        type(None),
        lambda representer, _: representer.represent_scalar("tag:yaml.org,2002:null", "null"),
    )
    return yaml


def _apply(progress: Any, change: ProgressChange) -> None:
    """Change a round-trip mapping of progress in place."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if change.status is not None:
        progress["status"] = change.status
        if change.status != "done" and "done_on" in progress and change.done_on is None:
            del progress["done_on"]
    if change.done_on is not None and _as_date(progress.get("done_on")) != change.done_on:
        progress["done_on"] = format_date(change.done_on)
    for key, value in (("evidence", change.evidence), ("notes", change.note)):
        if value is None:
            continue
        items = progress.get(key)
        if items is None:
            progress[key] = CommentedSeq([value])
        elif value not in [nfc(str(item)) for item in items]:
            items.append(value)
    extensions = progress.get("extensions") or []
    if extensions and change.new_deadline is not None:
        last = extensions[-1]
        if _as_date(last.get("deadline")) == change.new_deadline and (
            nfc(str(last.get("reason", ""))) == change.reason
        ):
            return  # the same extension, recorded already
    if change.new_deadline is not None:
        extension = CommentedMap()
        extension["deadline"] = format_date(change.new_deadline)
        extension["reason"] = change.reason
        if change.decided_on is not None:
            extension["decided_on"] = format_date(change.decided_on)
        if change.document is not None:
            extension["document"] = change.document
        extensions = progress.get("extensions")
        if extensions is None:
            progress["extensions"] = CommentedSeq([extension])
        else:
            extensions.append(extension)


def _as_date(value: Any) -> date | None:
    if value is None:
        return None
    try:
        return parse_plan_date(value if isinstance(value, date) else str(value))
    except ValueError:
        return None


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


def _choose(parts: PlanParts, work_id: str) -> _Work:
    """The task or part ``work_id`` names; a task with parts records progress in its parts."""
    for located in parts.tasks:
        task = located.value
        if task.id == work_id and task.parts:
            ids = [part.id for part in task.parts]
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

    parts = load_plan_parts(plans, year)
    with exclusive_update(parts.folder):
        try:
            return update_task(parts, task_id, occurrence, change)
        except StaleRead:
            return update_task(load_plan_parts(plans, year), task_id, occurrence, change)


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
    work = _choose(parts, task_id)
    located = work.located
    period = _period_for(work.item, occurrence)
    key = occurrence_key(work.item.id, period)
    source = next(s for s in parts.files if s.path == located.file)
    assert source.text is not None
    snapshot = read_snapshot(source.path)
    try:
        read_now = decode_plan_text(snapshot.data)
    except YamlProblem:
        read_now = None
    if read_now != source.text:
        raise changed_meanwhile(source.path, StaleRead)
    original = split_lines(source.text)  # each line with its own ending, kept byte for byte
    lines = [with_lf(line) for line in original]
    region = task_region(lines, "".join(lines), int(located.path[-1]), work.part)
    snippet = dedent(lines, region)

    yaml = round_trip_yaml()
    data = yaml.load(readable_by_round_trip(snippet))
    from ruamel.yaml.comments import CommentedMap

    if period is None:
        container = data
        target: tuple[str, ...] = ("progress",)
    else:
        if "occurrences" not in data or data["occurrences"] is None:
            data["occurrences"] = CommentedMap()
        container = data["occurrences"]
        target = ("occurrences", period.value)
    before = nfc_plain(plain(container.get(target[-1])))
    previous_done_on = before.get("done_on") if isinstance(before, dict) else None
    if container.get(target[-1]) is None:
        container[target[-1]] = CommentedMap()
    _apply(container[target[-1]], change)
    if nfc_plain(plain(container[target[-1]])) == before:
        return UpdateResult(located.file, changed=False, key=key)

    buffer = io.StringIO()
    yaml.dump(data, buffer)
    start, end, block = smallest_edit(snippet, buffer.getvalue(), target, plain(data))
    ending = original[region.start][len(lines[region.start]) - 1 :] or "\n"
    indented = indent("".join(block), region, first=start == 0)
    replacement = [line[:-1] + ending if line.endswith("\n") else line for line in indented]
    first, last = region.start + start, region.start + end
    new_text = "".join([*original[:first], *replacement, *original[last:]])
    if source.bom:
        new_text = "\ufeff" + new_text

    _validate_with(parts, source.path, new_text.removeprefix("\ufeff"), work)
    check_unchanged(source.path, snapshot)  # right before the rename: an editor's save wins
    write_text_atomically(source.path, new_text)
    removed = (
        previous_done_on
        if previous_done_on is not None and "done_on" not in container[target[-1]]
        else None
    )
    return UpdateResult(located.file, changed=True, key=key, removed_done_on=removed)


def _validate_with(parts: PlanParts, path: Path, new_text: str, work: _Work) -> None:
    """Refuse the change when the plan with the new text of ``path`` would not validate."""
    from parplan.plan_parts import SourceFile

    # The other files were read and parsed moments ago: only the edited one is new.
    sources = [
        SourceFile(path, text=new_text, data=parse_yaml(new_text))
        if source.path == path
        else source
        for source in parts.files
    ]
    checked = assemble(parts.folder, sources)
    if work.part is not None:
        _check_part_extensions(checked, path, work)
    findings = resolve_findings(checked.findings, sources)
    result = ValidationResult(files=[s.path for s in sources], findings=findings)
    if not result.ok:
        raise PlanInvalid(result, action="không ghi thay đổi: kế hoạch sau khi sửa sẽ có lỗi")


def _check_part_extensions(checked: PlanParts, path: Path, work: _Work) -> None:
    """Each extension of the part moves its deadline in force later (``extension-not-later``):
    the first is checked against the part's own deadline, or the task's when it has none, as
    resolved in the plan's year ("Quý III": 30/09). Said once when the plan's rules say it too."""
    located = next(
        (item for item in checked.tasks if item.file == path and item.path == work.located.path),
        None,
    )
    if located is None or not checked.documents or work.part is None:
        return
    part = located.value.as_parts()[work.part]
    in_force = part.deadline_on(checked.documents[0].value.year)
    shown = format_date(in_force) if in_force is not None else ""
    if part.deadline is not None and not part.deadline.is_date:
        shown += f" ({part.deadline.written})"
    said = {(finding.file, finding.rule, finding.path) for finding in checked.findings}
    extensions = part.progress.extensions if part.progress is not None else []
    for index, extension in enumerate(extensions):
        where = (*work.path, "progress", "extensions", index, "deadline")
        late_enough = in_force is None or extension.deadline > in_force
        if not late_enough and (path, "extension-not-later", where) not in said:
            checked.problem(
                path,
                "extension-not-later",
                f"gia hạn đến {format_date(extension.deadline)} không sau thời hạn đang áp dụng "
                f"{shown}: gia hạn phải dời thời hạn về sau",
                where,
            )
        in_force, shown = extension.deadline, format_date(extension.deadline)
