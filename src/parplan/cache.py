"""A cache of the validated plan, so that repeated runs on unchanged files skip parsing.

The key is a hash of parplan's version, the versions of the libraries whose results are stored
(pydantic, holidays), the plans folder's path, the year asked for, and the path and bytes of every
plan file: any change of any file gives another key, so a stale plan is never served. The cache
lives in the user's cache folder (``$XDG_CACHE_HOME/parplan`` or ``~/.cache/parplan`` on Linux,
``~/Library/Caches/parplan`` on macOS, ``%LOCALAPPDATA%\\parplan\\Cache`` on Windows;
``PARPLAN_CACHE_DIR`` overrides it). A cache that cannot be read, is corrupt or cannot be written
is passed over silently: parplan then parses the files as if there were no cache.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

from parplan import __version__

__all__ = ["cache_folder", "load_cached", "plan_files_key", "store"]

_FORMAT = 1
KEEP = 16
"""Entries kept; older ones are removed when a new one is written."""


def cache_folder() -> Path:
    override = os.environ.get("PARPLAN_CACHE_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "parplan" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "parplan"
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "parplan"


def _library_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


def plan_files_key(plans: Path, year: int | None, files: list[Path]) -> str | None:
    """The cache key of a plans folder read for ``year``: every file's path and bytes; None when
    a file is not one parplan would read whole (not a regular file, or too large)."""
    from parplan.loading import MAX_FILE_BYTES

    for file in files:
        try:
            info = file.stat()
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
            return None
    digest = hashlib.sha256()
    for part in (
        f"parplan {__version__} format {_FORMAT}",
        f"pydantic {_library_version('pydantic')} holidays {_library_version('holidays')}",
        str(plans.resolve()),
        str(year),
    ):
        digest.update(part.encode() + b"\0")
    for file in files:
        digest.update(str(file).encode() + b"\0")
        digest.update(file.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


@contextlib.contextmanager
def _without_gc() -> Iterator[None]:
    """Unpickling builds many objects that are all kept: the cycle collector only slows it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_cached(key: str) -> Any | None:
    """What was stored under ``key``, or None (missing, unreadable or corrupt)."""
    path = cache_folder() / f"{key}.pickle"
    try:
        with path.open("rb") as stream, _without_gc():
            entry = pickle.load(stream)
    except FileNotFoundError:
        return None
    except Exception:  # corrupt, truncated or from another version: parse instead
        with contextlib.suppress(OSError):
            path.unlink()
        return None
    if not isinstance(entry, dict) or entry.get("key") != key:
        return None
    return entry.get("value")


def store(key: str, value: Any) -> None:
    """Keep ``value`` under ``key``; any failure is ignored (the cache is an optimisation)."""
    folder = cache_folder()
    temporary: str | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            pickle.dump({"key": key, "value": value}, stream, protocol=pickle.HIGHEST_PROTOCOL)
        Path(temporary).replace(folder / f"{key}.pickle")
        entries = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP:]:
            old.unlink()
    except Exception:
        if temporary is not None:
            with contextlib.suppress(OSError):
                Path(temporary).unlink()
