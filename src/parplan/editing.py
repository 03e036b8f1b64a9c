"""Recording progress in a plan file, changing only the lines of one task.

The task's lines are cut out of the file, read with ruamel.yaml's round-trip mode (comments, key
order, quoting and folding kept), changed, written back with the same indentation and spliced into
the file in place: every other byte of the file stays as it was. The whole plan is validated with
the new text before anything is written, and the write is atomic.

Two updates of one plan never interleave: :func:`record_progress` holds the plan folder's OS lock
(``filelock``) from the check of what it read to the write, so a second ``parplan update`` waits,
then reads the first one's result again and applies its change on top. An editor does not take
that lock: the file's bytes are read again right before the rename, and a change made meanwhile refuses the update and is kept. A plan file that is a symbolic
link is never read (:func:`parplan.plan_files.read_source`), so never written through. What an
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
from parplan.findings import ValidationResult
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


def _choose(parts: PlanParts, task_id: str) -> Located[Task]:
    found = [located for located in parts.tasks if located.value.id == task_id]
    if found:
        return found[0]
    ids = [located.value.id for located in parts.tasks]
    near = closest_matches(task_id.upper(), ids, n=5, cutoff=0.5)
    if near:
        raise UsageProblem(f"không có nhiệm vụ '{task_id}'. Các mã gần nhất: {', '.join(near)}")
    raise UsageProblem(f"không có nhiệm vụ '{task_id}'. Một số mã: {', '.join(ids[:10])}")


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
    located = _choose(parts, task_id)
    task = located.value
    period = _period_for(task, occurrence)
    key = occurrence_key(task.id, period)
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
    index = int(located.path[-1])
    region = task_region(lines, "".join(lines), index)
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

    _validate_with(parts, source.path, new_text.removeprefix("\ufeff"))
    check_unchanged(source.path, snapshot)  # right before the rename: an editor's save wins
    write_text_atomically(source.path, new_text)
    removed = (
        previous_done_on
        if previous_done_on is not None and "done_on" not in container[target[-1]]
        else None
    )
    return UpdateResult(located.file, changed=True, key=key, removed_done_on=removed)


def _validate_with(parts: PlanParts, path: Path, new_text: str) -> None:
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
    findings = resolve_findings(checked.findings, sources)
    result = ValidationResult(files=[s.path for s in sources], findings=findings)
    if not result.ok:
        raise PlanInvalid(result, action="không ghi thay đổi: kế hoạch sau khi sửa sẽ có lỗi")
