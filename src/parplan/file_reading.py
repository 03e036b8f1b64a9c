"""Opening a file to read it as parplan does everywhere: never through a symbolic link, never
waiting on a pipe, and never more than a bound.

Plan files, cache entries and templates come from people and folders parplan does not trust; each
reader opens them with :data:`READ_FLAGS` and checks with ``fstat`` that it holds a regular file.
"""

from __future__ import annotations

import os

__all__ = ["MAX_FILE_BYTES", "READ_FLAGS", "read_at_most"]

MAX_FILE_BYTES = 10 * 1024 * 1024
"""A plan file larger than this is refused unread: real ones are far smaller."""

READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
"""Read only; a link is an error (ELOOP), a FIFO does not block, not inherited by children."""


def read_at_most(handle: int, limit: int) -> bytes | None:
    """The bytes of the open file ``handle``, at most ``limit``; None when there are more."""
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = os.read(handle, min(1 << 20, limit + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            return None
