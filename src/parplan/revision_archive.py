"""A plans folder at a git revision, listed with sizes before anything of it is extracted.

``git ls-tree`` is read as a stream and stops at :data:`parplan.discovery.MAX_DISCOVERY_ENTRIES`
entries; a blob larger than :data:`parplan.plan_files.MAX_FILE_BYTES` is left out of ``git
archive`` (git never reads it) and becomes a ``file-too-large`` finding under its path in the
repository. The archive itself is streamed into the temporary folder, never held in memory.
"""

from __future__ import annotations

import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from parplan import discovery, plan_files
from parplan.errors import UsageProblem
from parplan.findings import Finding

__all__ = [
    "MAX_LEFT_OUT",
    "MAX_REVISION_BYTES",
    "TreeEntry",
    "extract_revision",
    "list_tree",
    "too_large_findings",
]

MAX_REVISION_BYTES = 200 * 1024 * 1024
"""The plan files of one revision, added up, at most: far above any real plan (a plan of 100,000
tasks is about 50 MB), far below a tree that points thousands of paths at one large blob."""
MAX_LEFT_OUT = 100
"""Blobs over the size limit a revision may hold (each left out of the archive by name)."""

_CHUNK = 64 * 1024


@dataclass(frozen=True, slots=True)
class TreeEntry:
    """One line of ``git ls-tree -r -t -l``: mode, type, size (None for a tree) and path."""

    mode: str
    kind: str
    size: int | None
    path: str

    @property
    def too_large(self) -> bool:
        return self.kind == "blob" and self.size is not None and self.size > _limit()


def _limit() -> int:
    return plan_files.MAX_FILE_BYTES


def _git_process(repository: Path, errors: IO[bytes], *args: str) -> subprocess.Popen[bytes]:
    try:
        return subprocess.Popen(
            ["git", *args], cwd=repository, stdout=subprocess.PIPE, stderr=errors
        )
    except FileNotFoundError:
        raise UsageProblem("không tìm thấy lệnh git") from None
    except OSError as error:
        raise UsageProblem(f"không chạy được git: {error.strerror}") from None


def _finish(process: subprocess.Popen[bytes], errors: IO[bytes], what: str) -> None:
    """Wait for git; a failure is a usage problem saying the last line git wrote."""
    if process.stdout is not None:
        process.stdout.close()
    if process.wait() == 0:
        return
    errors.seek(0)
    said = errors.read(_CHUNK).decode("utf-8", errors="replace").strip().splitlines()
    detail = f": {said[-1]}" if said else f" (mã {process.returncode})"
    raise UsageProblem(f"git không {what}{detail}")


def _records(stream: IO[bytes]) -> Iterator[bytes]:
    """The NUL-ended records of ``stream``, read a chunk at a time."""
    rest = b""
    while chunk := stream.read(_CHUNK):
        *done, rest = (rest + chunk).split(b"\0")
        yield from done
    if rest:
        yield rest


def _entry(record: bytes) -> TreeEntry:
    header, _, path = record.partition(b"\t")
    mode, kind, _, size = header.decode("ascii", errors="replace").split(maxsplit=3)
    return TreeEntry(mode, kind, int(size) if size.strip().isdigit() else None, path.decode())


def list_tree(repository: Path, commit: str, relative: str, revision: str) -> list[TreeEntry]:
    """Every entry (files, folders, links) below ``relative`` at ``commit``, with blob sizes;
    a usage problem naming ``revision`` and the folder when there are more than
    :data:`parplan.discovery.MAX_DISCOVERY_ENTRIES` (git is stopped there)."""
    limit = discovery.MAX_DISCOVERY_ENTRIES
    entries: list[TreeEntry] = []
    with tempfile.TemporaryFile() as errors:
        process = _git_process(
            repository, errors, "ls-tree", "-r", "-t", "-l", "-z", commit, "--", relative
        )
        assert process.stdout is not None
        for record in _records(process.stdout):
            entries.append(_entry(record))
            if len(entries) > limit:
                process.kill()
                process.stdout.close()
                process.wait()
                raise UsageProblem(
                    f"ở phiên bản '{revision}', thư mục kế hoạch '{relative}' quá lớn để là thư "
                    f"mục kế hoạch (quá {limit:,} mục): parplan không so sánh phiên bản này".replace(
                        ",", "."
                    )
                )
        _finish(process, errors, f"liệt kê được thư mục '{relative}' ở phiên bản '{revision}'")
    return entries


def too_large_findings(entries: list[TreeEntry], revision: str) -> list[Finding]:
    """A ``file-too-large`` finding for each blob over the limit, named ``REVISION:path``; a usage
    problem when there are more than :data:`MAX_LEFT_OUT` of them."""
    large = [entry for entry in entries if entry.too_large]
    if len(large) > MAX_LEFT_OUT:
        raise UsageProblem(
            f"ở phiên bản '{revision}' có {len(large)} tệp quá lớn (hơn "
            f"{_limit() // 1024 // 1024} MB), như '{large[0].path}': parplan không so sánh "
            "phiên bản này"
        )
    return [
        Finding(Path(f"{revision}:{entry.path}"), "file-too-large", _said(entry.size or 0))
        for entry in large
    ]


def _said(size: int) -> str:
    return plan_files.too_large_text(size) + " (không lấy ra từ git)"


def extract_revision(
    repository: Path,
    commit: str,
    relative: str,
    left_out: list[str],
    *,
    target: Path,
    revision: str,
    warnings: list[str],
) -> list[Finding]:
    """Stream ``git archive`` of ``relative`` at ``commit`` (``left_out`` excluded) into
    ``target``, regular files and folders only; the findings of any member still over the size
    limit (skipped unread)."""
    excluded = [f":(exclude,literal){path}" for path in left_out]
    with tempfile.TemporaryFile() as errors:
        process = _git_process(
            repository, errors, "archive", "--format=tar", commit, "--", relative, *excluded
        )
        assert process.stdout is not None
        what = f"lấy được thư mục '{relative}' ở phiên bản '{revision}'"
        try:
            found = _extract_plain(process.stdout, target, revision, warnings)
            while process.stdout.read(_CHUNK):  # the padding after the end of the archive
                pass
        except UsageProblem:
            process.stdout.close()  # git stops at its next write
            if process.wait() > 0:
                _finish(process, errors, what)  # what git said is the better message
            raise
        except BaseException:
            process.kill()
            process.stdout.close()
            process.wait()
            raise
        _finish(process, errors, what)
    return found


def _extract_plain(
    stream: IO[bytes], target: Path, revision: str, warnings: list[str]
) -> list[Finding]:
    """Extract the regular files and folders of a tar stream below ``target``; skip the rest."""
    found: list[Finding] = []
    total = 0
    try:
        with tarfile.open(fileobj=stream, mode="r|") as tar:
            for member in tar:
                if member.isfile() and not member.name.endswith(discovery.YAML_SUFFIXES):
                    continue  # evidence, templates: a diff compares plan files only
                total += member.size if member.isfile() else 0
                if total > MAX_REVISION_BYTES:
                    raise UsageProblem(
                        f"các tệp kế hoạch ở phiên bản '{revision}' lớn quá "
                        f"{MAX_REVISION_BYTES // 1024 // 1024} MB cộng lại: parplan không so sánh "
                        "phiên bản này"
                    )
                if member.issym() or member.islnk():
                    warnings.append(
                        f"bỏ qua '{member.name}' ở phiên bản {revision}: đó là liên kết tượng "
                        f"trưng (đến '{member.linkname}'), không phải tệp kế hoạch"
                    )
                    continue
                if not (member.isfile() or member.isdir()):
                    continue
                if member.isfile() and member.size > _limit():
                    found.append(
                        Finding(
                            Path(f"{revision}:{member.name}"), "file-too-large", _said(member.size)
                        )
                    )
                    continue
                try:
                    tar.extract(member, target, filter="data")
                except (tarfile.TarError, OSError) as error:
                    warnings.append(
                        f"bỏ qua '{member.name}' ở phiên bản {revision}: không giải nén được "
                        f"({error})"
                    )
    except tarfile.TarError as error:
        raise UsageProblem(
            f"git trả về bản lưu không đọc được ở phiên bản '{revision}': {error}"
        ) from None
    return found
