"""Finding plan files and plan folders on disk.

A plan folder is a folder with a YAML file that has a top-level ``plan:`` section (the plan
document). Every other YAML file below it (in subfolders too) belongs to that plan, unless a
deeper folder is a plan folder of its own. Walks below a folder are bounded; searches above a
file stop at the repository root or the current folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from parplan.errors import UsageProblem
from parplan.file_writing import SYSTEM_FOLDERS
from parplan.repository import is_repository_root

__all__ = [
    "MAX_DISCOVERY_DEPTH",
    "MAX_DISCOVERY_ENTRIES",
    "YAML_SUFFIXES",
    "linked_plans_folder",
    "nearest_plan_folder",
    "plan_folder_above",
    "search_range",
    "yaml_files_below",
]

YAML_SUFFIXES = (".yaml", ".yml")

MAX_DISCOVERY_DEPTH = 12
"""Folders deeper than this below the plans folder: plan folders are plans/<year>/…, a few levels."""
MAX_DISCOVERY_ENTRIES = 50_000
"""Entries (files and folders) visited below the plans folder, at most. A plan of 100,000 tasks
written by benchmarks/generate.py has about twenty; a plan repository with its evidence files
a few thousand. Beyond this the folder is not a plans folder (``--plans /``, ``--plans ~``)."""


def _too_large(folder: Path) -> UsageProblem:
    return UsageProblem(
        f"thư mục '{folder}' quá lớn để là thư mục kế hoạch (quá {MAX_DISCOVERY_ENTRIES:,} mục "
        f"hoặc sâu quá {MAX_DISCOVERY_DEPTH} cấp): chỉ rõ thư mục kế hoạch bằng --plans hoặc "
        "PARPLAN_PLANS".replace(",", ".")
    )


def yaml_files_below(folder: Path) -> list[Path]:
    """The YAML files below ``folder``, links to folders not followed, hidden entries skipped.

    The walk is bounded: a folder that is a filesystem root or a system folder (/proc, /sys, /dev),
    deeper than :data:`MAX_DISCOVERY_DEPTH` or with more than :data:`MAX_DISCOVERY_ENTRIES`
    entries is refused before any file is read."""
    if folder.is_symlink():
        raise linked_plans_folder(folder)
    try:
        real = folder.resolve()
    except (OSError, RuntimeError):
        real = folder.absolute()
    if real.parent == real or any(real.is_relative_to(system) for system in SYSTEM_FOLDERS):
        raise _too_large(folder)
    found: list[Path] = []
    visited = 0
    base_depth = len(Path(folder).parts)
    for directory, subfolders, names in os.walk(folder, followlinks=False):
        visited += len(subfolders) + len(names)
        if visited > MAX_DISCOVERY_ENTRIES:
            raise _too_large(folder)
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        if subfolders and len(Path(directory).parts) - base_depth >= MAX_DISCOVERY_DEPTH:
            raise _too_large(folder)
        # A linked folder is not walked, and not passed over in silence either: it is listed,
        # and reading it says it is a link (it may hold a year's plan, or point anywhere).
        linked = [name for name in subfolders if (Path(directory) / name).is_symlink()]
        subfolders[:] = [name for name in subfolders if name not in linked]
        found.extend(
            Path(directory) / name
            for name in sorted([*names, *linked])
            if (name.endswith(YAML_SUFFIXES) or name in linked) and not name.startswith(".")
        )
    return found


def linked_plans_folder(folder: Path) -> UsageProblem:
    """A plans folder that is a symbolic link: refused, as plan files that are links are. In a
    pull request it could point anywhere on the machine, or swap the folder ``diff`` compares."""
    return UsageProblem(
        f"thư mục kế hoạch '{folder}' là liên kết tượng trưng: parplan không đọc kế hoạch qua "
        "liên kết; chỉ định chính thư mục đó"
    )


def nearest_plan_folder(path: Path, plan_folders: set[Path]) -> Path | None:
    for folder in path.parents:
        if folder in plan_folders:
            return folder
    return None


def search_range(start: Path) -> list[Path]:
    """Folders in which a plan may hold ``start``: upwards to the repository root (.git) or the
    current folder, whichever comes first; just ``start`` when neither is above it."""
    chain = [start, *start.parents]
    cwd = Path.cwd()
    for index, folder in enumerate(chain):
        if is_repository_root(folder) or folder == cwd:
            return chain[: index + 1]
    return [start]


def plan_folder_above(path: Path) -> Path | None:
    """The plan folder a file or folder belongs to, looking upwards from it (from the folder
    holding it, when it is a link: a linked folder is never looked into)."""
    from parplan.plan_files import read_source  # the reader (and the model) only when searched

    start = path if path.is_dir() and not path.is_symlink() else path.parent
    for folder in search_range(start):
        try:
            candidates = sorted(p for p in folder.iterdir() if p.name.endswith(YAML_SUFFIXES))
        except OSError:
            return None
        if any(
            read_source(candidate).defines_plan for candidate in candidates if candidate.is_file()
        ):
            return folder
    return None
