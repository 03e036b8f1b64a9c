"""The git repository a path is in, as seen on disk: the nearest folder above it holding ``.git``.

(:func:`parplan.plan_versions.git_toplevel` asks git itself for the top level, since ``diff`` runs
git there.)
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["is_repository_root", "repository_root"]


def is_repository_root(folder: Path) -> bool:
    """Whether ``folder`` is the top of a git repository: it holds ``.git`` (a folder, or the
    file of a worktree or submodule)."""
    return (folder / ".git").exists()


def repository_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` that is the top of a git repository, or None."""
    for folder in (start, *start.parents):
        if is_repository_root(folder):
            return folder
    return None
