"""A cache of the validated plan, so that repeated runs on unchanged files skip parsing.

Entries are JSON, never code: reading one can only give data, which is validated again before use
(:mod:`parplan.plan_cache` decides what an entry holds). An entry is the file
``parplan-<64 hex digits>.json``; its name is a hash of what was asked (parplan's version, the
versions of pydantic and holidays, the plans path and the year), and the entry itself lists every
file the loader read with a hash of its bytes, so an entry is used only while every one of those
files is unchanged.

The cache lives in the user's cache folder: ``$XDG_CACHE_HOME/parplan`` (only an absolute
``XDG_CACHE_HOME``: the XDG specification says relative ones are invalid) or ``~/.cache/parplan``
on Linux, ``~/Library/Caches/parplan`` on macOS, ``%LOCALAPPDATA%\\parplan\\Cache`` on Windows;
an absolute ``PARPLAN_CACHE_DIR`` overrides it. A relative ``PARPLAN_CACHE_DIR``, or no home
folder at all, means no cache. The folder is created owner-only (0700) and every entry is written
owner-only (0600) through a temporary file renamed into place. An entry is read only if it is a
regular file (never through a symbolic link, never blocking on a FIFO) owned by the user and not
writable by anyone else, in a folder owned by the user that only the user may open. Only files
named exactly like an entry are ever pruned. Every failure is passed over silently: parplan then
parses the files as if there were no cache.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
import stat
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

from parplan import __version__
from parplan.file_reading import READ_FLAGS, read_at_most

__all__ = [
    "KEEP",
    "cache_folder",
    "entry_key",
    "file_digest",
    "load_entry",
    "store_entry",
    "trusted_folder",
]

FORMAT = 3
KEEP = 16
"""Entries kept (plans and answers); those used least recently are removed when one is written."""
MAX_ENTRY_BYTES = 256 * 1024 * 1024
"""An entry larger than this is neither written nor read (a plan of 100,000 tasks is about
75 MB of JSON: still served from the cache)."""
_ENTRY = re.compile(r"parplan-([0-9a-f]{64})\.json")
_TEMPORARY = re.compile(r"\.parplan-[A-Za-z0-9_]+\.tmp")
_STALE_TEMPORARY_SECONDS = 24 * 3600
_POSIX = os.name == "posix"


def cache_folder() -> Path | None:
    """The cache folder, or None when there is none to use (relative setting, no home folder)."""
    override = os.environ.get("PARPLAN_CACHE_DIR")
    if override:
        path = Path(override)
        # A relative folder would land in whatever working copy parplan runs in: no cache.
        return path if path.is_absolute() else None
    try:
        if sys.platform == "win32":
            local = os.environ.get("LOCALAPPDATA", "")
            base = Path(local) if Path(local).is_absolute() else Path.home() / "AppData" / "Local"
            folder = base / "parplan" / "Cache"
        elif sys.platform == "darwin":
            folder = Path.home() / "Library" / "Caches" / "parplan"
        else:
            xdg = os.environ.get("XDG_CACHE_HOME", "")
            base = Path(xdg) if Path(xdg).is_absolute() else Path.home() / ".cache"
            folder = base / "parplan"
    except (RuntimeError, KeyError, OSError):  # no home folder and no passwd entry
        return None
    return folder if folder.is_absolute() else None


@functools.cache
def _library_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


def entry_key(*parts: str) -> str:
    """The name of the entry for a request: parplan's and its libraries' versions and ``parts``."""
    digest = hashlib.sha256()
    for part in (
        f"parplan {__version__} format {FORMAT}",
        f"pydantic {_library_version('pydantic')} holidays {_library_version('holidays')}",
        *parts,
    ):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    return digest.hexdigest()


def file_digest(path: Path, max_bytes: int) -> str | None:
    """The SHA-256 of a plan file's bytes, read as the loader reads it (never through a link);
    None when it is a link, not a regular file, larger than ``max_bytes`` or cannot be read.
    Never blocks on a FIFO, never raises."""
    try:
        handle = os.open(path, READ_FLAGS)
    except (OSError, ValueError):
        return None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode) or info.st_size > max_bytes:
            return None
        data = read_at_most(handle, max_bytes)
    except (OSError, ValueError):
        return None
    finally:
        os.close(handle)
    return hashlib.sha256(data).hexdigest() if data is not None else None


def _private(info: os.stat_result) -> bool:
    """Owned by the user and writable by no one else (always true where there are no owners)."""
    if not _POSIX:
        return True
    return info.st_uid == os.geteuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def trusted_folder(folder: Path) -> bool:
    """A folder of the user's own that no one else may write into, not a link (a cache folder
    of an earlier parplan, created 0755, is trusted: others could read it, never plant in it)."""
    try:
        info = folder.lstat()
    except (OSError, ValueError):
        return False
    return stat.S_ISDIR(info.st_mode) and _private(info)


def _entry_path(folder: Path, key: str) -> Path | None:
    name = f"parplan-{key}.json"
    return folder / name if _ENTRY.fullmatch(name) else None


def load_entry(key: str) -> bytes | None:
    """The bytes stored under ``key``, or None (no cache, missing, untrusted or unreadable)."""
    folder = cache_folder()
    if folder is None or not trusted_folder(folder):
        return None
    path = _entry_path(folder, key)
    if path is None:
        return None
    try:
        handle = os.open(path, READ_FLAGS)
    except (OSError, ValueError):  # missing, a symbolic link (ELOOP), unreadable
        return None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode) or not _private(info):
            return None
        if info.st_size > MAX_ENTRY_BYTES:
            return None
        data = read_at_most(handle, MAX_ENTRY_BYTES)
        if data is not None and os.utime in os.supports_fd:
            # Pruning keeps the newest entries: one in use is new again (a plan read every day
            # outlives the answers of past days).
            with contextlib.suppress(OSError):
                os.utime(handle)
        return data
    except (OSError, ValueError):
        return None
    finally:
        os.close(handle)


def discard_entry(key: str) -> None:
    """Remove the entry stored under ``key`` (one found unusable), if it is parplan's own."""
    folder = cache_folder()
    if folder is None or not trusted_folder(folder):
        return
    path = _entry_path(folder, key)
    if path is None:
        return
    with contextlib.suppress(OSError, ValueError):
        info = path.lstat()
        if stat.S_ISREG(info.st_mode) and _private(info):
            path.unlink()


def _folder_to_write() -> Path | None:
    folder = cache_folder()
    if folder is None:
        return None
    try:
        if not folder.exists():
            folder.parent.mkdir(parents=True, exist_ok=True)
            folder.mkdir(mode=0o700)
            folder.chmod(0o700)  # whatever the umask
    except (OSError, ValueError):
        return None
    return folder if trusted_folder(folder) else None


def store_entry(key: str, data: bytes) -> None:
    """Keep ``data`` under ``key``; any failure is ignored (the cache is an optimisation)."""
    if len(data) > MAX_ENTRY_BYTES:
        return
    folder = _folder_to_write()
    if folder is None:
        return
    path = _entry_path(folder, key)
    if path is None:
        return
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".parplan-", suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            if _POSIX:
                os.fchmod(stream.fileno(), 0o600)
            stream.write(data)
        Path(temporary).replace(path)
        temporary = None
    except (OSError, ValueError):
        return
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                Path(temporary).unlink()
    _prune(folder)


def _prune(folder: Path) -> None:
    """Keep the newest :data:`KEEP` entries; only regular files named exactly like an entry (and
    parplan's own temporary files left by an interrupted run) are ever removed."""
    entries: list[tuple[float, str]] = []
    now = time.time()
    try:
        with os.scandir(folder) as listing:
            for item in listing:
                entry = _ENTRY.fullmatch(item.name)
                if not entry and not _TEMPORARY.fullmatch(item.name):
                    continue
                with contextlib.suppress(OSError):
                    info = item.stat(follow_symlinks=False)
                    if not stat.S_ISREG(info.st_mode) or not _private(info):
                        continue
                    if entry:
                        entries.append((info.st_mtime, item.name))
                    elif now - info.st_mtime > _STALE_TEMPORARY_SECONDS:
                        (folder / item.name).unlink()
    except OSError:
        return
    entries.sort(reverse=True)
    for _, name in entries[KEEP:]:
        with contextlib.suppress(OSError):
            (folder / name).unlink()
