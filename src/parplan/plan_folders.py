"""Plan folders, which no document is ever written into: the ``--plans`` folder and the plan's
own, and any folder holding a YAML file with a top-level ``plan:`` section."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from parplan.errors import UsageProblem

__all__ = ["YAML_SUFFIXES", "plan_folders", "refuse_plan_folder"]

YAML_SUFFIXES = (".yaml", ".yml")
_PLAN_KEY = re.compile(rb"^(?:\xef\xbb\xbf)?[\"']?plan[\"']?[ \t]*:", re.MULTILINE)
_PLAN_HEAD_BYTES = 1024 * 1024


def plan_folders(*folders: Path | None) -> list[Path]:
    """The real paths of the given plan folders (a plan file stands for its folder); the ones
    that do not exist are left out."""
    found: list[Path] = []
    for folder in folders:
        if folder is None:
            continue
        try:
            real = folder.resolve(strict=True)
        except (OSError, RuntimeError):
            continue
        found.append(real if real.is_dir() else real.parent)
    return found


def _holds_a_plan(folder: Path) -> bool:
    """The folder holds a YAML file with a top-level ``plan:`` section: it is a plan folder."""
    try:
        with os.scandir(folder) as entries:
            candidates = [
                entry.path
                for entry in entries
                if entry.name.lower().endswith(YAML_SUFFIXES)
                and not entry.name.startswith(".")
                and entry.is_file()
            ]
    except OSError:
        return False
    for candidate in candidates:
        try:
            with Path(candidate).open("rb") as stream:
                head = stream.read(_PLAN_HEAD_BYTES)
        except OSError:
            continue
        if _PLAN_KEY.search(head):
            return True
    return False


def refuse_plan_folder(real: Path, protected: Iterable[Path], shown: Path, option: str) -> None:
    """Refuse a real folder inside a protected plan folder or inside any plan folder."""
    inside = next((folder for folder in protected if real.is_relative_to(folder)), None)
    if inside is None:
        inside = next((folder for folder in (real, *real.parents) if _holds_a_plan(folder)), None)
    if inside is not None:
        raise UsageProblem(
            f"không ghi tài liệu vào thư mục kế hoạch '{inside}' ('{shown}' nằm trong đó): "
            f"chọn nơi khác bằng {option}"
        )
