"""Writing files safely: a temporary file in the same folder, then an atomic rename."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from parplan.errors import UsageProblem

__all__ = ["write_bytes_atomically", "write_text_atomically"]


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a reader sees the old file or the new, never half.

    The new file keeps the old one's permissions. A folder that does not exist or cannot be
    written is a :class:`UsageProblem` naming the path.
    """
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise UsageProblem(f"thư mục '{folder}' không tồn tại, không ghi được '{path}'")
    if path.is_dir():
        raise UsageProblem(f"'{path}' là một thư mục, không ghi đè được")
    mode = _mode_for(path)
    try:
        handle, temporary_name = tempfile.mkstemp(
            dir=folder, prefix=f".{path.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise UsageProblem(f"không ghi được vào thư mục '{folder}': {error.strerror}") from None
    temporary = Path(temporary_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        temporary.chmod(mode)
        temporary.replace(path)
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise UsageProblem(f"không ghi được '{path}': {error.strerror}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def write_text_atomically(path: Path, text: str) -> None:
    write_bytes_atomically(path, text.encode("utf-8"))
