"""Standard output as parplan uses it: ``-`` names it, and a failing one is told apart.

A write to standard output can fail (a full disk, a reader that went away, a closed descriptor);
:class:`GuardedStdout` records why, so the command line reports that failure once, in Vietnamese,
and never mistakes it for another error of the operating system.
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path
from typing import Any

__all__ = [
    "FAILURES",
    "GuardedStdout",
    "is_stdout",
    "no_word_on_stdout",
    "stdout_closed",
    "stdout_message",
]

FAILURES: list[OSError] = []
"""Errors of writing to standard output, recorded by :class:`GuardedStdout`, first one first."""


def is_stdout(output: Path | None) -> bool:
    """``-`` as an output file means standard output, for every command."""
    return output is not None and str(output) == "-"


class GuardedStdout:
    """Standard output that records why a write or flush failed (full disk, closed pipe), so the
    failure is told apart from any other OSError and reported once, in Vietnamese."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return int(self._stream.write(text))
        except OSError as error:
            FAILURES.append(error)
            raise

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as error:
            FAILURES.append(error)
            raise

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def stdout_message(error: OSError) -> str:
    """What to tell the user about a failed write to standard output."""
    if error.errno == errno.EBADF:
        return "đầu ra chuẩn đã bị đóng: không in được kết quả (bỏ '>&-' hoặc chuyển vào một tệp)"
    reason = "hết chỗ trống trên đĩa" if error.errno == errno.ENOSPC else error.strerror
    return f"không ghi được ra đầu ra chuẩn: {reason}"


def stdout_closed() -> bool:
    """Standard output is closed (``>&-``): nothing could be printed."""
    try:
        os.fstat(1)
    except OSError:
        return True
    return sys.stdout is None


def no_word_on_stdout() -> Exception:
    """The refusal of a Word document asked for on standard output (it is a binary file)."""
    from parplan.errors import UsageProblem

    return UsageProblem("tệp Word không in ra màn hình được: dùng --output TỆP.docx")
