"""An agency's git repository, cloned shallow into the user's cache folder and reused.

Each source (the URL as written, and its branch or tag) has an entry
``<cache>/rollup/<sha256 of url and ref>/``: ``repo/`` the shallow clone, ``revision`` the commit
read, and ``plan-cache/`` the plan cache of that agency (its own, so that forty agencies do not
push each other's plans out of the cache). A warm entry is used without any network; ``--refresh``
clones again into a new folder and swaps it in, leaving the old one when that fails. An OS lock
per entry keeps two roll-ups at once from corrupting it.

parplan never stores credentials: the URL is used as written (the province file refuses one with a
password) and git's own credential handling applies; git never prompts
(``GIT_TERMINAL_PROMPT=0``), runs under a timeout, is given the URL after ``--``, and may use only
the https, ssh, git and file protocols (``protocol.allow``; ``ext::`` is never allowed).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from parplan.errors import ParplanError, UsageProblem
from parplan.province_loading import ALLOWED_SCHEMES, git_source_problem

__all__ = [
    "GIT_TIMEOUT_SECONDS",
    "LOCK_TIMEOUT_SECONDS",
    "GitEntry",
    "SourceUnavailable",
    "cached_checkout",
    "checkout",
    "entry_folder",
]

GIT_TIMEOUT_SECONDS = 120.0
"""How long one git command may take before the agency is given up."""
LOCK_TIMEOUT_SECONDS = 300.0
"""How long a roll-up waits for another one that holds the same entry."""
_ERROR_CHARS = 300


class SourceUnavailable(ParplanError):
    """An agency's plans could not be had (the repository, the folder); its message is the
    agency's one-line error."""


@dataclass(frozen=True)
class GitEntry:
    """The checked-out repository of a source and the commit read."""

    repository: Path
    revision: str
    plan_cache: Path


def entry_folder(cache_root: Path, url: str, ref: str | None) -> Path:
    """The entry of a source in the roll-up's cache: a hash of the URL and the ref."""
    digest = hashlib.sha256(f"{url}\0{ref or ''}".encode("utf-8", "surrogateescape"))
    return cache_root / digest.hexdigest()


def _git_command(*args: str) -> list[str]:
    allowed = [f"protocol.{scheme}.allow=always" for scheme in ALLOWED_SCHEMES]
    options = [item for setting in ["protocol.allow=never", *allowed] for item in ("-c", setting)]
    return ["git", *options, *args]


def _environment() -> dict[str, str]:
    environment = dict(os.environ)
    environment["GIT_TERMINAL_PROMPT"] = "0"
    environment.setdefault("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")
    environment["GIT_ALLOW_PROTOCOL"] = ":".join(ALLOWED_SCHEMES)
    return environment


def _last_line(stderr: bytes) -> str:
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines()]
    lines = [line for line in lines if line and not line.startswith(("warning:", "hint:"))]
    # git's first complaint says why ("repository not found"); the lines after it, what to try.
    first = next((line for line in lines if line.startswith(("fatal:", "error:"))), None)
    text = first or (lines[0] if lines else "git không nói lý do")
    text = text.removeprefix("fatal: ").removeprefix("error: ")
    text = "".join(char if char.isprintable() else " " for char in text)
    return text[:_ERROR_CHARS]


def _run_git(url: str, *args: str, cwd: Path | None = None) -> str:
    """Run git; its output, or :class:`SourceUnavailable` naming the URL and git's reason."""
    try:
        done = subprocess.run(
            _git_command(*args),
            cwd=cwd,
            capture_output=True,
            check=False,
            timeout=GIT_TIMEOUT_SECONDS,
            env=_environment(),
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        raise SourceUnavailable(
            f"không tải được kho git {url}: quá {GIT_TIMEOUT_SECONDS:.0f} giây"
        ) from None
    except FileNotFoundError:
        raise SourceUnavailable("không tìm thấy lệnh git (cần cài git)") from None
    except OSError as error:
        raise SourceUnavailable(f"không chạy được git: {error.strerror}") from None
    if done.returncode != 0:
        raise SourceUnavailable(f"không tải được kho git {url}: {_last_line(done.stderr)}")
    return done.stdout.decode("utf-8", "replace").strip()


def _clone(url: str, ref: str | None, target: Path) -> str:
    """A shallow clone of ``url`` at ``ref`` into ``target``; the commit checked out."""
    branch = ["--branch", ref] if ref is not None else []
    _run_git(
        url,
        "clone", "--quiet", "--depth", "1", *branch, "--single-branch", "--no-tags",
        "--", url, str(target),
    )  # fmt: skip
    return _run_git(url, "rev-parse", "--verify", "HEAD^{commit}", cwd=target)


@contextmanager
def _locked(entry: Path) -> Iterator[None]:
    lock = FileLock(str(entry.with_name(entry.name + ".lock")))
    try:
        lock.acquire(timeout=LOCK_TIMEOUT_SECONDS)
    except Timeout:
        raise SourceUnavailable(
            f"kho đang được một lần tổng hợp khác dùng (chờ quá {LOCK_TIMEOUT_SECONDS:.0f} giây)"
        ) from None
    try:
        yield
    finally:
        lock.release()


def _read_revision(entry: Path) -> str | None:
    try:
        text = (entry / "revision").read_text(encoding="ascii").strip()
    except (OSError, ValueError):
        return None
    repository = entry / "repo"
    if len(text) < 40 or not all(c in "0123456789abcdef" for c in text):
        return None
    return text if repository.is_dir() and not repository.is_symlink() else None


def _fresh_entry(url: str, ref: str | None, entry: Path) -> str:
    """Clone again beside the entry and swap the new clone in; the old one stays on failure."""
    staging = Path(tempfile.mkdtemp(prefix=".clone-", dir=entry))
    try:
        revision = _clone(url, ref, staging / "repo")
        # Without its revision an entry is cloned again: an interrupted swap is never used.
        (entry / "revision").unlink(missing_ok=True)
        old = entry / "repo"
        if old.exists():
            trash = staging / "old"
            old.rename(trash)
        (staging / "repo").rename(old)
        (entry / "revision").write_text(revision + "\n", encoding="ascii")
        return revision
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@contextmanager
def checkout(cache_root: Path, url: str, ref: str | None, *, refresh: bool) -> Iterator[GitEntry]:
    """The repository of a source, from the cache (cloned when missing, cloned again with
    ``refresh``), held under the entry's lock while the caller reads it."""
    problem = git_source_problem(url)
    if problem is not None:  # the province file refuses these already: never give them to git
        raise UsageProblem(problem)
    cache_root.mkdir(parents=True, exist_ok=True, mode=0o700)
    entry = entry_folder(cache_root, url, ref)
    with _locked(entry):
        entry.mkdir(exist_ok=True, mode=0o700)
        revision = None if refresh else _read_revision(entry)
        if revision is None:
            try:
                revision = _fresh_entry(url, ref, entry)
            except SourceUnavailable:
                with contextlib.suppress(OSError):
                    entry.rmdir()  # only when nothing was ever cloned there
                raise
        yield GitEntry(entry / "repo", revision, entry / "plan-cache")


@contextmanager
def cached_checkout(cache_root: Path, url: str, ref: str | None) -> Iterator[GitEntry | None]:
    """The repository of a source as the cache holds it, under its lock, without any git
    command; None when the cache has none."""
    entry = entry_folder(cache_root, url, ref)
    if not entry.is_dir() or entry.is_symlink():
        yield None
        return
    with _locked(entry):
        revision = _read_revision(entry)
        yield GitEntry(entry / "repo", revision, entry / "plan-cache") if revision else None
