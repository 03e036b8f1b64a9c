"""One ``parplan update`` of a plan at a time, and a plan file's bytes checked before a write.

:func:`hold_lock` holds the plan folder's OS lock (``filelock``, released by the OS when
the process dies) from the check of what an update read to its write; :func:`check_unchanged`
refuses the write when an editor changed the file meanwhile.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from parplan.errors import EXIT_PROBLEMS, ParplanError, UsageProblem

__all__ = [
    "EditRefused",
    "FileSnapshot",
    "StaleRead",
    "changed_meanwhile",
    "check_unchanged",
    "hold_lock",
    "lock_path",
    "read_snapshot",
]


POLL_SECONDS = 0.01
"""How often a waiting update tries the lock again: the next one starts soon after a release."""


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
    temporary = Path(tempfile.gettempdir())
    yield temporary / f"parplan-locks-{user}"
    # Another user may have made that folder first (it is then not trusted): every process of
    # this user walks the same names in the same order, so they still meet in one folder.
    for number in range(1, 16):
        yield temporary / f"parplan-locks-{user}-{number}"


def _safe_for_locks(folder: Path) -> bool:
    """Nobody else can plant a lock file (a link to a file of the user's) in ``folder`` or swap
    the folder itself: it is the user's, closed to writers, in a parent that is the user's too
    or has the sticky bit (as /tmp has)."""
    from parplan.cache import trusted_folder

    if not trusted_folder(folder) or not os.access(folder, os.W_OK):
        return False
    try:
        parent = folder.parent.stat()
    except OSError:
        return False
    return trusted_folder(folder.parent) or bool(parent.st_mode & stat.S_ISVTX)


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
        if _safe_for_locks(folder):
            return folder / name
    raise UsageProblem("không tạo được tệp khóa: không có thư mục nào ghi được (bộ nhớ đệm, tạm)")


@contextmanager
def hold_lock(plans: Path, timeout: float) -> Iterator[None]:
    """Hold the plan's lock across read, validation and write; wait for it ``timeout`` seconds."""
    from filelock import FileLock, Timeout

    path = lock_path(plans)
    lock = FileLock(path, timeout=timeout)
    try:
        lock.acquire(poll_interval=POLL_SECONDS)
    except Timeout:
        seconds = f"{timeout:g}".replace(".", ",")
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


def changed_meanwhile(path: Path, kind: type[EditRefused] = EditRefused) -> EditRefused:
    return kind(
        f"'{path}' đã bị sửa (trong trình soạn thảo hoặc bởi người khác) trong lúc parplan ghi "
        "tiến độ: không ghi gì, tệp giữ nguyên thay đổi đó; chạy lại lệnh để ghi lên bản mới"
    )


def snapshot_as_read(path: Path, text: str) -> FileSnapshot:
    """The file as it is now, which must still be ``text``, what the plan was read from (else
    :class:`StaleRead`: read again under the lock, or refuse)."""
    from parplan.yaml_problem import YamlProblem
    from parplan.yaml_reader import decode_plan_text

    snapshot = read_snapshot(path)
    try:
        now: str | None = decode_plan_text(snapshot.data)
    except YamlProblem:
        now = None
    if now != text:
        raise changed_meanwhile(path, StaleRead)
    return snapshot


def check_unchanged(path: Path, snapshot: FileSnapshot) -> None:
    """Refuse (exit 1) when ``path`` is no longer what was read: another editor changed it."""
    try:
        now = read_snapshot(path)
    except UsageProblem:
        raise changed_meanwhile(path) from None
    if now != snapshot:
        raise changed_meanwhile(path)
