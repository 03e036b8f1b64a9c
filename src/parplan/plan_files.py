"""Reading one plan file: its bytes, safely opened and bounded, decoded and parsed into data."""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path

from parplan.file_reading import MAX_FILE_BYTES, READ_FLAGS
from parplan.forked import Started, default_jobs, started
from parplan.source_file import SourceFile
from parplan.yaml_problem import YamlProblem
from parplan.yaml_reader import decode_plan_text, parse_yaml

__all__ = [
    "MAX_FILE_BYTES",
    "read_source",
    "reading_sources",
    "too_large_text",
]


PARALLEL_FROM_BYTES = 128 * 1024
"""From this many bytes of plan files on (a plan of some 200 tasks), the files are parsed by as
many processes as the machine has cores: below it, a worker and the data it sends back cost about
what parsing here takes (cold validate of 300 tasks, 177 KB: 0.236 s forked, 0.247 s here; of 100
tasks, 75 KB: 0.229 s forked, 0.222 s here)."""
PER_WORKER_BYTES = 64 * 1024
"""At most one worker per this many bytes of plan files: on a machine of many cores a small
plan is not spread over more workers than it has work for (each is forked by this process,
before it goes on)."""


def too_large_text(size: int) -> str:
    """What a ``file-too-large`` finding says of a file of ``size`` bytes."""
    megabytes = f"{size / 1024 / 1024:.1f}".replace(".", ",")
    return (
        f"tệp quá lớn ({megabytes} MB, tối đa {MAX_FILE_BYTES // 1024 // 1024} MB): "
        "tệp kế hoạch thật nhỏ hơn nhiều; hãy tách ra"
    )


def read_source(path: Path) -> SourceFile:
    """One plan file's text and data, or the problem that kept it from being read.

    A symbolic link is never followed: a plan file is the file itself, and a link committed in a
    pull request could point at any file of the machine (a key, a CI job's environment) and bring
    its lines into messages. Pipes, devices and folders are passed over unread."""
    source = SourceFile(path)
    try:
        if path.is_symlink():
            source.problem = YamlProblem(
                "symlink",
                "là liên kết tượng trưng: parplan không đọc kế hoạch qua liên kết (nó có thể trỏ "
                "ra ngoài kho); hãy đặt chính tệp hoặc thư mục vào đây",
            )
            return source
        handle = os.open(path, READ_FLAGS)
        with os.fdopen(handle, "rb") as stream:
            info = os.fstat(stream.fileno())
            if not stat.S_ISREG(info.st_mode):
                source.problem = YamlProblem(
                    "unreadable", "không phải tệp thường (thư mục, thiết bị hay ống dẫn): bỏ qua"
                )
                return source
            if info.st_size > MAX_FILE_BYTES:
                source.problem = YamlProblem("file-too-large", too_large_text(info.st_size))
                return source
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        source.problem = YamlProblem(
            "unreadable", f"không đọc được tệp: {error.strerror or type(error).__name__}"
        )
        return source
    if len(raw) > MAX_FILE_BYTES:  # it grew after fstat
        source.problem = YamlProblem(
            "file-too-large",
            f"tệp quá lớn (hơn {MAX_FILE_BYTES // 1024 // 1024} MB): tệp kế hoạch thật nhỏ hơn "
            "nhiều; hãy tách ra",
        )
        return source
    source.bom = raw.startswith(b"\xef\xbb\xbf")
    try:
        source.text = decode_plan_text(raw)
        source.data = parse_yaml(source.text)
    except YamlProblem as problem:
        source.problem = problem
    return source


def reading_sources(paths: Sequence[Path]) -> Started[SourceFile]:
    """:func:`read_source` of each path begun: a large plan's files are parsed by processes
    forked from this one, as many as the machine has cores, the files shared out between them
    by size (parsing is most of a cold run's time at 10,000 tasks), while this process goes on;
    ``results()`` gives each file as this process would read it, in the order of ``paths``."""
    sizes = [_size(path) for path in paths]
    total = sum(sizes)
    jobs = default_jobs(total, PARALLEL_FROM_BYTES) if len(paths) > 1 else 1
    jobs = min(jobs, max(2, total // PER_WORKER_BYTES))
    return started(lambda index: read_source(paths[index]), len(paths), jobs, sizes)


def _size(path: Path) -> int:
    """The size of a regular file not reached through a link, or 0 (it is read, and refused, by
    :func:`read_source`)."""
    try:
        info = path.lstat()
    except OSError:
        return 0
    return info.st_size if stat.S_ISREG(info.st_mode) else 0
