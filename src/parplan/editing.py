"""Recording progress in a plan file, changing only the lines of one task.

The task's lines are cut out of the file, read with ruamel.yaml's round-trip mode (comments, key
order, quoting and folding kept), changed, written back with the same indentation and spliced into
the file in place: every other byte of the file stays as it was. The whole plan is validated with
the new text before anything is written, and the write is atomic.

Two updates of one plan never interleave: :func:`record_progress` holds the plan folder's OS lock
(``filelock``) from the check of what it read to the write, so a second ``parplan update`` waits,
then reads the first one's result again and applies its change on top. An editor does not take
that lock: the file's bytes are read again right before the
rename, and a change made meanwhile refuses the update and is kept. A plan file that is a symbolic
link is never read (:func:`parplan.loading.read_source`), so never written through.
"""

from __future__ import annotations

import difflib
import hashlib
import io
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from parplan.errors import EXIT_PROBLEMS, ParplanError, PlanInvalid, UsageProblem
from parplan.findings import ValidationResult
from parplan.model import Task, parse_plan_date
from parplan.output import write_text_atomically
from parplan.periods import Period, parse_period
from parplan.plan_parts import Located, PlanParts
from parplan.sections import assemble
from parplan.text import fold, nfc
from parplan.yaml_places import resolve_findings
from parplan.yaml_problem import YamlProblem
from parplan.yaml_reader import decode_plan_text, parse_yaml

__all__ = [
    "EditRefused",
    "ProgressChange",
    "UpdateResult",
    "exclusive_update",
    "lock_path",
    "parse_status",
    "record_progress",
    "round_trip_yaml",
    "update_task",
]

LOCK_TIMEOUT_SECONDS = 10.0
"""How long an update waits for another update of the same plan before giving up."""


class EditRefused(ParplanError):
    """The update was refused to keep someone else's work: another update holds the plan, or the
    file changed between parplan's read and its write. Exit 1: nothing was written."""

    exit_code = EXIT_PROBLEMS


def _lock_folders() -> Iterator[Path]:
    """Where lock files may live: the user's cache folder, else the temporary folder."""
    from parplan.cache import cache_folder

    folder = cache_folder()
    if folder is not None:
        yield folder / "locks"
    user = getattr(os, "getuid", lambda: "user")()
    yield Path(tempfile.gettempdir()) / f"parplan-locks-{user}"


def lock_path(plans: Path) -> Path:
    """The lock file of the plan folder ``plans``: named by a hash of its real path."""
    try:
        real = plans.resolve()
    except (OSError, RuntimeError):
        real = plans.absolute()
    name = hashlib.sha256(os.fsencode(real)).hexdigest()[:32] + ".lock"
    for folder in _lock_folders():
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError:
            continue
        if os.access(folder, os.W_OK):
            return folder / name
    raise UsageProblem("không tạo được tệp khóa: không có thư mục nào ghi được (bộ nhớ đệm, tạm)")


@contextmanager
def exclusive_update(plans: Path) -> Iterator[None]:
    """Hold the plan's lock across read, validation and write; wait for it a bounded time."""
    from filelock import FileLock, Timeout

    path = lock_path(plans)
    lock = FileLock(path, timeout=LOCK_TIMEOUT_SECONDS)
    try:
        lock.acquire()
    except Timeout:
        seconds = f"{LOCK_TIMEOUT_SECONDS:g}".replace(".", ",")
        raise EditRefused(
            f"kế hoạch '{plans}' đang được sửa bởi một lần chạy 'parplan update' khác; đã chờ "
            f"{seconds} giây: thử lại sau"
        ) from None
    except OSError as error:
        raise UsageProblem(f"không tạo được tệp khóa '{path}': {error.strerror}") from None
    try:
        yield
    finally:
        lock.release()


@dataclass(frozen=True, slots=True)
class FileSnapshot:
    """A plan file's bytes and identity at one moment."""

    data: bytes
    size: int
    mtime_ns: int
    inode: int


def read_snapshot(path: Path) -> FileSnapshot:
    try:
        with path.open("rb") as stream:
            info = os.fstat(stream.fileno())
            data = stream.read()
    except OSError as error:
        raise UsageProblem(f"không đọc được '{path}': {error.strerror}") from None
    return FileSnapshot(data, info.st_size, info.st_mtime_ns, info.st_ino)


class StaleRead(EditRefused):
    """The file is no longer what the plan was read from: read again (under the lock) or refuse."""


def _changed_meanwhile(path: Path, kind: type[EditRefused] = EditRefused) -> EditRefused:
    return kind(
        f"'{path}' đã bị sửa (trong trình soạn thảo hoặc bởi người khác) trong lúc parplan ghi "
        "tiến độ: không ghi gì, tệp giữ nguyên thay đổi đó; chạy lại lệnh để ghi lên bản mới"
    )


def check_unchanged(path: Path, snapshot: FileSnapshot) -> None:
    """Refuse (exit 1) when ``path`` is no longer what was read: another editor changed it."""
    try:
        now = read_snapshot(path)
    except UsageProblem:
        raise _changed_meanwhile(path) from None
    if now != snapshot:
        raise _changed_meanwhile(path)


_STATUS_WORDS = {  # folded: no case, no diacritics, "_" read as a space
    "not started": "not_started",
    "chua thuc hien": "not_started",
    "chua bat dau": "not_started",
    "in progress": "in_progress",
    "dang thuc hien": "in_progress",
    "dang lam": "in_progress",
    "done": "done",
    "hoan thanh": "done",
    "da hoan thanh": "done",
    "xong": "done",
}


def parse_status(text: str) -> str:
    """A status code from a code or its Vietnamese words ("hoàn thành", "đang thực hiện")."""
    code = _STATUS_WORDS.get(fold(text))
    if code is None:
        raise UsageProblem(
            f"trạng thái '{text}' không hợp lệ; dùng: not_started (chưa thực hiện), "
            "in_progress (đang thực hiện), done (hoàn thành)"
        )
    return code


@dataclass(frozen=True)
class ProgressChange:
    """What ``parplan update`` was asked to record."""

    status: str | None = None
    done_on: date | None = None
    evidence: str | None = None
    note: str | None = None
    new_deadline: date | None = None
    reason: str | None = None
    decided_on: date | None = None
    document: str | None = None

    def is_empty(self) -> bool:
        return all(
            value is None
            for value in (self.status, self.done_on, self.evidence, self.note, self.new_deadline)
        )


def _normalised(change: ProgressChange) -> ProgressChange:
    """Text as plan files keep it: NFC, without surrounding white space."""
    from dataclasses import replace

    def clean(value: str | None) -> str | None:
        return nfc(value).strip() if value is not None else None

    return replace(
        change,
        evidence=clean(change.evidence),
        note=clean(change.note),
        reason=clean(change.reason),
        document=clean(change.document),
    )


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


def _date_text(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def _apply(progress: Any, change: ProgressChange) -> None:
    """Change a round-trip mapping of progress in place."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if change.status is not None:
        progress["status"] = change.status
        if change.status != "done" and "done_on" in progress and change.done_on is None:
            del progress["done_on"]
    if change.done_on is not None and _as_date(progress.get("done_on")) != change.done_on:
        progress["done_on"] = _date_text(change.done_on)
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
        extension["deadline"] = _date_text(change.new_deadline)
        extension["reason"] = change.reason
        if change.decided_on is not None:
            extension["decided_on"] = _date_text(change.decided_on)
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


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@dataclass
class _Region:
    start: int
    end: int
    column: int
    first_prefix: str


def _content_end_line(node: Any) -> int:
    """The line after the last line holding content of ``node`` (text of a scalar, closing
    bracket of a flow collection), whatever comments or blank lines follow it. Block scalars
    end where their text ends, so a line starting with '#' inside one is text, not a comment."""
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

    if isinstance(node, ScalarNode) or getattr(node, "flow_style", False):
        mark = node.end_mark
        return int(mark.line) + (1 if mark.column else 0)
    children: list[Any] = []
    if isinstance(node, MappingNode):
        children = [child for pair in node.value for child in pair]
    elif isinstance(node, SequenceNode):
        children = list(node.value)
    if not children:
        return int(node.start_mark.line) + 1
    return max(_content_end_line(child) for child in children)


def _task_region(lines: list[str], text: str, index: int) -> _Region:
    """Lines ``start:end`` of the ``index``-th item of ``tasks``: from its dash to its last line
    of content (comments and blank lines after it stay outside)."""
    from ruamel.yaml import YAML

    root = YAML(typ="safe", pure=False).compose(text)
    tasks = next(value for key, value in root.value if key.value == "tasks")
    if getattr(tasks, "flow_style", False):
        raise UsageProblem(
            "danh sách 'tasks' viết dạng [...]: parplan chỉ sửa tự động danh sách viết theo dòng "
            "('- id: …'); hãy sửa tay"
        )
    item = tasks.value[index]
    start = item.start_mark.line
    end = max(start + 1, min(_content_end_line(item), len(lines)))
    column = item.start_mark.column
    return _Region(start, end, column, lines[start][:column])


def _dedent(lines: list[str], region: _Region) -> str:
    out = []
    for number in range(region.start, region.end):
        line = lines[number]
        if number == region.start:
            out.append(line[region.column :])
        elif not line.strip():
            out.append("\n")
        elif line[: region.column].strip():
            raise UsageProblem(
                f"dòng {number + 1} thụt lề ít hơn nội dung của nhiệm vụ; sửa tay tệp này"
            )
        else:
            out.append(line[region.column :])
    return "".join(out)


def _indent(snippet: str, region: _Region, first: bool = True) -> list[str]:
    out = []
    for number, line in enumerate(snippet.splitlines(keepends=True)):
        if number == 0 and first:
            out.append(region.first_prefix + line)
        elif line.strip():
            out.append(" " * region.column + line)
        else:
            out.append(line)
    return out


def _choose(parts: PlanParts, task_id: str) -> Located[Task]:
    found = [located for located in parts.tasks if located.value.id == task_id]
    if found:
        return found[0]
    ids = [located.value.id for located in parts.tasks]
    near = difflib.get_close_matches(task_id.upper(), ids, n=5, cutoff=0.5)
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
    if change.is_empty():
        raise UsageProblem(
            "không có gì để ghi: dùng --status, --done-on, --evidence, --note hoặc --new-deadline"
        )
    if change.new_deadline is not None and not change.reason:
        raise UsageProblem("gia hạn (--new-deadline) cần lý do: --reason")
    change = _normalised(change)
    for option, value in (
        ("--evidence", change.evidence),
        ("--note", change.note),
        ("--reason", change.reason),
    ):
        if value is not None and not value:
            raise UsageProblem(f"{option} không được để trống")
    located = _choose(parts, task_id)
    task = located.value
    period = _period_for(task, occurrence)
    key = f"{task.id}@{period.value}" if period is not None else task.id
    source = next(s for s in parts.files if s.path == located.file)
    assert source.text is not None
    snapshot = read_snapshot(source.path)
    try:
        read_now = decode_plan_text(snapshot.data)
    except YamlProblem:
        read_now = None
    if read_now != source.text:
        raise _changed_meanwhile(source.path, StaleRead)
    original = _split_lines(source.text)  # each line with its own ending, kept byte for byte
    lines = [_with_lf(line) for line in original]
    index = int(located.path[-1])
    region = _task_region(lines, "".join(lines), index)
    snippet = _dedent(lines, region)

    yaml = round_trip_yaml()
    data = yaml.load(_readable_by_round_trip(snippet))
    from ruamel.yaml.comments import CommentedMap

    if period is None:
        container = data
        target: tuple[str, ...] = ("progress",)
    else:
        if "occurrences" not in data or data["occurrences"] is None:
            data["occurrences"] = CommentedMap()
        container = data["occurrences"]
        target = ("occurrences", period.value)
    before = _nfc_plain(_plain(container.get(target[-1])))
    previous_done_on = before.get("done_on") if isinstance(before, dict) else None
    if container.get(target[-1]) is None:
        container[target[-1]] = CommentedMap()
    _apply(container[target[-1]], change)
    if _nfc_plain(_plain(container[target[-1]])) == before:
        return UpdateResult(located.file, changed=False, key=key)

    buffer = io.StringIO()
    yaml.dump(data, buffer)
    start, end, block = _smallest_edit(snippet, buffer.getvalue(), target, _plain(data))
    ending = original[region.start][len(lines[region.start]) - 1 :] or "\n"
    indented = _indent("".join(block), region, first=start == 0)
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


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _split_lines(text: str) -> list[str]:
    """Lines as YAML counts them (ended by CRLF, CR or LF), each with its own ending."""
    return _LINE.findall(text)


def _with_lf(line: str) -> str:
    stripped = line.rstrip("\r\n")
    return stripped + "\n" if stripped != line else line


def _before_blank_lines(lines: list[str], start: int, end: int) -> int:
    """``end`` moved back over blank lines, not before ``start + 1``."""
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return end


def _entry(mapping: Any, key: str, limit: int) -> tuple[Any, int, int, int] | None:
    """The value node of ``key`` in a block mapping, the lines its entry spans, and the column
    of the key."""
    from ruamel.yaml.nodes import MappingNode

    if not isinstance(mapping, MappingNode):
        return None
    pairs = mapping.value
    for position, (key_node, value_node) in enumerate(pairs):
        if str(key_node.value) == key:
            end = pairs[position + 1][0].start_mark.line if position + 1 < len(pairs) else limit
            return value_node, key_node.start_mark.line, end, int(key_node.start_mark.column)
    return None


Edit = tuple[int, int, list[str]]
"""Lines ``start:end`` of the old task text replaced by these lines."""


_TAB_BEFORE_COMMENT = re.compile(r"(?<=\S)[ \t]*\t[ \t]*(?=#)")


def _readable_by_round_trip(snippet: str) -> str:
    """The task text with tabs before end-of-line comments made spaces: libyaml takes them,
    ruamel's round-trip reader does not. Used only when nothing but comment spacing changes."""
    spaced = _TAB_BEFORE_COMMENT.sub(lambda match: " " * len(match.group()), snippet)
    if spaced != snippet and parse_yaml(spaced) == parse_yaml(snippet):
        return spaced
    return snippet


def _splice(old: str, new: str, target: tuple[str, ...]) -> Edit:
    """The smallest edit of the old task text that takes the entry at ``target`` (or at its
    nearest existing parent) from the new text: every other line stays as it was. An entry runs
    from its key to the next key of its mapping, its own comments included (the new text carries
    them again)."""
    from ruamel.yaml import YAML

    composer = YAML(typ="safe", pure=False)
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    old_root, new_root = composer.compose(old), composer.compose(new)
    if getattr(old_root, "flow_style", False):
        return 0, len(old_lines), new_lines  # a task written on one line is its smallest unit
    old_limit, new_limit = len(old_lines), len(new_lines)
    old_node, new_node = old_root, new_root
    for depth, key in enumerate(target):
        old_entry = _entry(old_node, key, old_limit)
        new_entry = _entry(new_node, key, new_limit)
        assert new_entry is not None
        new_value, new_start, new_end, new_column = new_entry
        new_end = _before_blank_lines(new_lines, new_start, new_end)
        if old_entry is None:
            # A new entry: add it after the last line of content of its mapping.
            insert_at = min(_content_end_line(old_node), old_limit)
            block = new_lines[new_start:new_end]
            if depth > 0:
                block = _shift(block, _child_column(old_node) - _child_column(new_node))
            return insert_at, insert_at, block
        old_value, old_start, old_end, old_column = old_entry
        last = depth == len(target) - 1
        if last or getattr(old_value, "flow_style", False):
            old_end = _before_blank_lines(old_lines, old_start, old_end)
            return old_start, old_end, _shift(new_lines[new_start:new_end], old_column - new_column)
        old_node, new_node = old_value, new_value
        old_limit, new_limit = old_end, new_end
    return 0, len(old_lines), new_lines


def _smallest_edit(old: str, new: str, target: tuple[str, ...], intended: Any) -> Edit:
    """The old text changed at ``target`` only, checked to read back as the intended data (a
    block scalar that keeps its trailing blank lines, say, needs them left where they are);
    the whole re-written task if no smaller edit reads back right."""
    old_lines = old.splitlines(keepends=True)
    start, end, block = _splice(old, new, target)
    candidate = "".join([*old_lines[:start], *block, *old_lines[end:]])
    try:
        if _plain(parse_yaml(candidate)) == _nfc_plain(intended):
            return start, end, block
    except YamlProblem:
        pass
    return 0, len(old_lines), new.splitlines(keepends=True)


def _nfc_plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {nfc(str(k)): _nfc_plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_nfc_plain(v) for v in value]
    return nfc(value) if isinstance(value, str) else value


def _child_column(mapping: Any) -> int:
    return int(mapping.value[0][0].start_mark.column) if mapping.value else 0


def _shift(block: list[str], delta: int) -> list[str]:
    if delta > 0:
        return [" " * delta + line if line.strip() else line for line in block]
    if delta < 0:
        return [line[-delta:] if line[:-delta].strip() == "" else line for line in block]
    return block


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
