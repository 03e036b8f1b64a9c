"""Plan files moved from format 1 (no ``schema_version``) to format 2, every other byte kept.

:func:`migrate_text` rewrites one file's text with the edits of :mod:`parplan.migration_splice`
(``schema_version: 2`` first; a task's ``par_field`` and ``sipas_factor`` become ``criteria``, in
its ``to_confirm`` too; ``par_fields`` and ``sipas_factors`` become ``indexes``; the signature's
``authority`` and ``head_title`` become ``on_behalf``) and of :mod:`parplan.migration_progress`
(progress written as dated facts, the undated ones dated with the day the migration is given or
finds: :func:`parplan.migration_progress.undated_day`), then reads the new text back: it must hold
the old data with exactly those changes (:func:`migrated_data`), or nothing changes. A file at
format 2 already is left as it is. A file with a problem (a node of a shape the migration does not
expect, a ``schema_version`` it does not know, a text it cannot read) is left as it was.

:func:`migrate_folder` migrates the plan files named or below the folders named, found as
``parplan validate`` finds them (:mod:`parplan.discovery`), and writes them as ``parplan update``
does (:mod:`parplan.editing`): under the plan folder's lock (:mod:`parplan.update_lock`), so it
never races an update; a file that is a symbolic link is never read nor written; the bytes are
read again right before the atomic write (:mod:`parplan.file_writing`) and an editor's change
made meanwhile is kept, not overwritten; a byte-order mark and the file's permissions are kept.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml.nodes import MappingNode

from parplan.discovery import nearest_plan_folder, plan_folder_above, yaml_files_below
from parplan.errors import UsageProblem
from parplan.file_writing import write_text_atomically
from parplan.findings import Finding
from parplan.migration_progress import (
    ProgressSplicer,
    UndatedDay,
    migrated_progress,
    undated_day,
)
from parplan.migration_splice import (
    BY_HAND,
    CRITERIA,
    INDEXES,
    SCHEMA_VERSION,
    Splicer,
    Unexpected,
    apply_edits,
)
from parplan.plan_files import read_source
from parplan.update_lock import EditRefused, check_unchanged, hold_lock, read_snapshot
from parplan.yaml_places import compose_plan
from parplan.yaml_problem import YamlProblem
from parplan.yaml_reader import decode_plan_text, parse_yaml

__all__ = [
    "LOCK_TIMEOUT_SECONDS",
    "SCHEMA_VERSION",
    "FileMigration",
    "MigrationResult",
    "UndatedDay",
    "migrate_folder",
    "migrate_text",
    "migrated_data",
]

LOCK_TIMEOUT_SECONDS = 10.0
"""How long a migration waits for a ``parplan update`` of the same plan, as an update waits."""


@dataclass(frozen=True)
class MigrationResult:
    """A file's text in format 2, what changed (in Vietnamese), and the problems that kept it
    from changing (then ``text`` is the old text and ``changes`` is empty)."""

    text: str
    changes: tuple[str, ...]
    changed: bool
    problems: tuple[Finding, ...] = ()


def migrated_data(data: dict[str, Any], undated: UndatedDay | None = None) -> dict[str, Any]:
    """What a format 1 file's data becomes in format 2 (the text is checked against it);
    ``undated`` is the day of the facts format 1 left undated."""
    new = copy.deepcopy({key: value for key, value in data.items() if key not in INDEXES})
    new["schema_version"] = SCHEMA_VERSION
    indexes = [
        {"code": INDEXES[section][0], "name": INDEXES[section][1], "items": [
            {**item, "code": str(item["code"])} for item in data[section]
        ]}
        for section in data
        if section in INDEXES
    ]  # fmt: skip
    if indexes:
        new["indexes"] = indexes
    for task in new.get("tasks") or []:
        criteria = [f"{index} {task.pop(key)}" for key, index in CRITERIA.items() if key in task]
        if criteria:
            task["criteria"] = criteria
        fields = task.get("to_confirm") or []
        found = [
            position
            for position, name in enumerate(fields)
            if isinstance(name, str) and name in CRITERIA
        ]
        if found:
            first = -1 if "criteria" in fields else found[0]
            task["to_confirm"] = [
                "criteria" if position == first else name
                for position, name in enumerate(fields)
                if position == first or position not in found
            ]
    signature = (new.get("plan") or {}).get("signature")
    if isinstance(signature, dict) and "authority" in signature:
        behalf = {"authority": signature.pop("authority"), "of": signature.pop("head_title", None)}
        signature["on_behalf"] = [behalf]
    migrated_progress(new.get("tasks"), undated)
    return new


def _findings(name: str, problems: list[Unexpected]) -> tuple[Finding, ...]:
    findings = []
    for problem in problems:
        mark = problem.node.start_mark if problem.node is not None else None
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        findings.append(
            Finding(Path(name), problem.rule, problem.message, line=line, column=column)
        )
    return tuple(findings)


def _version_problem(root: MappingNode, data: dict[str, Any]) -> Unexpected | None:
    """A ``schema_version`` the migration cannot start from (1, or none, is format 1)."""
    if "schema_version" not in data:
        return None
    version = data["schema_version"]
    node = next(value for key, value in root.value if key.value == "schema_version")
    if type(version) is not int or version < 1:
        return Unexpected(node, "schema_version phải là một số nguyên: 1 hoặc 2")
    if version > SCHEMA_VERSION:
        message = (
            f"tệp viết theo định dạng {version}, mới hơn định dạng {SCHEMA_VERSION} parplan biết"
        )
        return Unexpected(node, message, "format-version")
    return None


def migrate_text(
    text: str, *, name: str, undated: UndatedDay | Callable[[], UndatedDay] | None = None
) -> MigrationResult:
    """The text of a plan file (without its byte-order mark) rewritten in format 2; ``name`` is
    the file its problems name; ``undated`` the day (or how to find the day, asked only when a
    fact needs it) of the facts of progress format 1 left undated."""
    try:
        data = parse_yaml(text)
    except YamlProblem as error:
        found = Finding(Path(name), error.rule, error.message, line=error.line, column=error.column)
        return MigrationResult(text, (), False, (found,))
    root = compose_plan(text) if isinstance(data, dict) and data else None
    if not isinstance(data, dict) or not isinstance(root, MappingNode) or root.flow_style:
        what = (
            "tệp rỗng" if data is None else "tệp không phải ánh xạ 'khóa: giá trị' viết theo dòng"
        )
        problem = Unexpected(root, f"{what}: không có gì để chuyển")
        return MigrationResult(text, (), False, _findings(name, [problem]))
    if data.get("schema_version") == SCHEMA_VERSION and type(data["schema_version"]) is int:
        return MigrationResult(text, (), False)
    wrong = _version_problem(root, data)
    splicer = Splicer(text)
    progress = ProgressSplicer(splicer, undated)
    problems = [wrong] if wrong is not None else splicer.run(root) + progress.run(root)
    new_text = text
    if not problems:
        try:
            new_text = apply_edits(text, splicer.edits)
            if parse_yaml(new_text) != migrated_data(data, progress.undated):
                problems.append(Unexpected(None, f"văn bản mới không giữ đúng dữ liệu cũ{BY_HAND}"))
        except Unexpected as problem:
            problems.append(problem)
        except YamlProblem:
            problems.append(Unexpected(None, f"văn bản mới không đọc được{BY_HAND}"))
    if problems:
        return MigrationResult(text, (), False, _findings(name, problems))
    return MigrationResult(new_text, tuple(splicer.changes), new_text != text)


# --- files on disk ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FileMigration:
    """One plan file: what its migration changes (written, or to write with ``check``), or the
    problems that leave it as it is."""

    path: Path
    changes: tuple[str, ...] = ()
    problems: tuple[Finding, ...] = ()
    written: bool = False


def _plan_files(paths: Sequence[Path]) -> dict[Path, list[Path]]:
    """The YAML files named or below the folders named, by the plan folder that holds each (its
    own folder for a file of no plan): the folder whose lock ``parplan update`` takes."""
    missing = [path for path in paths if not path.exists() and not path.is_symlink()]
    if missing:
        raise UsageProblem(f"không tìm thấy đường dẫn: {', '.join(str(p) for p in missing)}")
    files: list[Path] = []
    for path in (path.absolute() for path in paths):
        found = yaml_files_below(path) if path.is_dir() and not path.is_symlink() else [path]
        files += [file for file in found if file not in files]
    plans = {file.parent for file in files if read_source(file).defines_plan}
    groups: dict[Path, list[Path]] = {}
    for file in files:
        folder = nearest_plan_folder(file, plans) or plan_folder_above(file) or file.parent
        groups.setdefault(folder, []).append(file)
    return groups


def migrate_folder(
    paths: Sequence[Path], *, check: bool = False, undated_on: date | None = None
) -> list[FileMigration]:
    """Migrate every plan file named or below the folders named; with ``check``, write nothing
    and say what would change. Facts of progress format 1 left undated take ``undated_on``, else
    the day of the file's last git commit, else its modification day (:func:`undated_day`).
    Files in the order of their paths."""
    results: list[FileMigration] = []
    for folder, files in sorted(_plan_files(paths).items()):
        if check:
            results += [_migrate_file(file, write=False, given=undated_on) for file in files]
            continue
        with hold_lock(folder, LOCK_TIMEOUT_SECONDS):
            results += [_migrate_file(file, write=True, given=undated_on) for file in files]
    return sorted(results, key=lambda result: result.path)


def _unreadable(path: Path, problem: YamlProblem) -> FileMigration:
    finding = Finding(path, problem.rule, problem.message, line=problem.line, column=problem.column)
    return FileMigration(path, problems=(finding,))


def _migrate_file(path: Path, *, write: bool, given: date | None) -> FileMigration:
    source = read_source(path)  # a link, a pipe or a file too large is refused unread
    if source.problem is not None:
        return _unreadable(path, source.problem)
    snapshot = read_snapshot(path)
    try:
        text = decode_plan_text(snapshot.data)
    except YamlProblem as problem:
        return _unreadable(path, problem)
    result = migrate_text(text, name=str(path), undated=lambda: undated_day(path, given))
    if result.problems or not result.changed or not write:
        return FileMigration(path, result.changes, result.problems)
    bom = "\ufeff" if snapshot.data.startswith(b"\xef\xbb\xbf") else ""
    try:
        check_unchanged(path, snapshot)  # right before the rename: an editor's save wins
    except EditRefused as refused:
        return FileMigration(path, problems=(Finding(path, "changed-meanwhile", refused.message),))
    write_text_atomically(path, bom + result.text)
    return FileMigration(path, result.changes, written=True)
