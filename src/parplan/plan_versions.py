"""The two sides of ``parplan diff``: plans read from folders or from git revisions.

A side is a plans folder, or the plans folder as it was at a git revision (extracted with ``git
archive`` to a temporary folder, regular files only). :func:`diff_sides` resolves both sides the
way ``parplan diff BASE HEAD`` names them; a file of an old revision that the reader cannot take is
a finding of that file, never a crash.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from parplan.errors import ParplanError, PlanInvalid, UsageProblem
from parplan.findings import Finding, ValidationResult
from parplan.model import Plan

__all__ = [
    "DiffSides",
    "RevisionFolder",
    "default_base",
    "diff_sides",
    "git_toplevel",
    "plan_at_revision",
]


def _git(repository: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    if not repository.is_dir():
        raise UsageProblem(f"không tìm thấy thư mục '{repository}'")
    try:
        return subprocess.run(["git", *args], cwd=repository, capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageProblem("không tìm thấy lệnh git") from None
    except OSError as error:
        raise UsageProblem(f"không chạy được git: {error.strerror}") from None


def git_toplevel(path: Path) -> Path:
    """The top level of the git work tree ``path`` is in, as git reports it (for ``git archive``);
    a usage problem when it is in none."""
    result = _git(path if path.is_dir() else path.parent, "rev-parse", "--show-toplevel")
    if result.returncode != 0:
        raise UsageProblem(
            f"'{path}' không nằm trong một kho git: hãy chỉ rõ hai thư mục kế hoạch để so sánh"
        )
    return Path(result.stdout.decode().strip())


def default_base(repository: Path) -> str:
    """The merge base of HEAD with the main branch (origin/main, main, origin/master, master)."""
    for branch in ("origin/main", "main", "origin/master", "master"):
        if _git(repository, "rev-parse", "--verify", "--quiet", branch).returncode == 0:
            base = _git(repository, "merge-base", "HEAD", branch)
            if base.returncode == 0:
                return base.stdout.decode().strip()
    raise UsageProblem("không tìm thấy nhánh chính (main, master): chỉ rõ phiên bản gốc BASE")


@dataclass(frozen=True, slots=True)
class RevisionFolder:
    """The plans folder of one side: extracted below ``root`` from ``revision`` (None for a folder
    on disk), with the findings of the files left out of it (too large to extract)."""

    root: Path
    relative: str = "."
    revision: str | None = None
    left_out: tuple[Finding, ...] = ()

    @property
    def folder(self) -> Path:
        return self.root / self.relative

    def named(self, path: Path) -> Path:
        """``path`` of the temporary folder as the repository names it: ``REVISION:path``."""
        if self.revision is None:
            return path
        for root in (self.root, self.root.resolve()):
            if path.is_relative_to(root):
                return Path(f"{self.revision}:{path.relative_to(root).as_posix()}")
        return path


@contextmanager
def plan_at_revision(
    repository: Path, plans: Path, revision: str, warnings: list[str] | None = None
) -> Iterator[RevisionFolder | None]:
    """The plans folder as it was at ``revision``, extracted to a temporary folder (None when the
    folder did not exist then).

    The tree is listed with sizes first (:func:`parplan.revision_archive.list_tree`): too many
    entries is a :class:`UsageProblem`, a blob over the size limit is not extracted but a finding.
    Only regular files and folders are extracted: a symbolic link at that revision (absolute,
    leaving the repository, a loop) is not a plan file and is skipped with a warning appended to
    ``warnings``, as is any member the tar reader refuses; nothing is ever written outside the
    temporary folder. A git failure is a :class:`UsageProblem` saying what git said."""
    from parplan.revision_archive import extract_revision, list_tree, too_large_findings

    resolved = _git(repository, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    if resolved.returncode:
        raise UsageProblem(f"'{revision}' không phải thư mục hay phiên bản git nào")
    commit = resolved.stdout.decode().strip()  # one commit for listing and archive alike
    relative = _relative_to(repository, plans)
    if relative != "." and _git(repository, "cat-file", "-e", f"{commit}:{relative}").returncode:
        with tempfile.TemporaryDirectory(prefix="parplan-diff-"):
            yield None  # the folder did not exist at that revision
        return
    if relative != "." and _is_link_at(repository, commit, relative):
        raise UsageProblem(
            f"ở phiên bản '{revision}', thư mục kế hoạch '{relative}' là liên kết tượng trưng: "
            "parplan không so sánh kế hoạch qua liên kết (liên kết có thể đổi thư mục được so sánh)"
        )
    entries = list_tree(repository, commit, relative, revision)
    left_out = too_large_findings(entries, revision)
    with tempfile.TemporaryDirectory(prefix="parplan-diff-") as folder:
        target = Path(folder)
        skipped = [entry.path for entry in entries if entry.too_large]
        left_out += extract_revision(
            repository,
            commit,
            relative,
            skipped,
            target=target,
            revision=revision,
            warnings=warnings if warnings is not None else [],
        )
        yield RevisionFolder(target, relative, revision, tuple(left_out))


def _relative_to(repository: Path, plans: Path) -> str:
    """``plans`` as a path inside the repository, its last part not followed if it is a link (the
    link itself is what a revision holds, and what must be refused)."""
    absolute = Path(os.path.abspath(plans))  # noqa: PTH100 (resolve() would follow the link)
    if absolute.name:
        absolute = absolute.parent.resolve() / absolute.name
    try:
        return absolute.relative_to(repository.resolve()).as_posix() or "."
    except ValueError:
        raise UsageProblem(
            f"thư mục kế hoạch '{plans}' không nằm trong kho git '{repository}'"
        ) from None


def _is_link_at(repository: Path, revision: str, relative: str) -> bool:
    """Whether ``relative`` is a symbolic link (git mode 120000) at ``revision``."""
    listing = _git(repository, "ls-tree", revision, "--", relative)
    return listing.returncode == 0 and listing.stdout.startswith(b"120000 ")


# --- The two sides -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DiffSides:
    """What ``parplan diff`` compares: the old plan (None when that side has no plan of the new
    one's year) and the new one, with the names the output gives them."""

    old: Plan | None
    new: Plan
    base_name: str
    head_name: str


def read_revision(side: RevisionFolder, wanted: int | None) -> Plan:
    """A plan extracted from git: a file the reader cannot take is a finding, not a crash; a file
    left out (too large) is a finding too, and every finding names the file as the repository
    does (``REVISION:plans/…``), never by the temporary folder."""
    try:
        plan = _load_named(side, wanted)
    except ParplanError as error:
        if not side.left_out:
            raise
        found = error.result.findings if isinstance(error, PlanInvalid) else []
        raise PlanInvalid(_result([*side.left_out, *found])) from None
    if side.left_out:
        raise PlanInvalid(_result(list(side.left_out)))
    return plan


def _result(findings: list[Finding]) -> ValidationResult:
    return ValidationResult(files=sorted({finding.file for finding in findings}), findings=findings)


def _load_named(side: RevisionFolder, wanted: int | None) -> Plan:
    from parplan.loading import load_plan

    try:
        return load_plan(side.folder, wanted, use_cache=False)
    except PlanInvalid as error:
        findings = [dataclasses.replace(f, file=side.named(f.file)) for f in error.result.findings]
        result = ValidationResult([side.named(file) for file in error.result.files], findings)
        raise PlanInvalid(result) from None
    except ParplanError:
        raise
    except (ValueError, TypeError, ArithmeticError, RecursionError, LookupError) as error:
        from parplan.plan_files import read_source

        culprits = []
        for file in sorted(side.folder.rglob("*.y*ml")):
            try:
                read_source(file)
            except Exception:  # the file that crashes the reader
                culprits.append(file)
        findings = [
            Finding(
                side.named(file),
                "unreadable",
                f"tệp ở phiên bản được so sánh làm bộ đọc YAML lỗi ({error}): không đọc được",
            )
            for file in culprits or [side.folder]
        ]
        raise PlanInvalid(_result(findings)) from None


def _load_side(side: RevisionFolder | None, wanted: int | None) -> Plan | None:
    if side is None or not side.folder.exists():
        return None
    try:
        return read_revision(side, wanted)
    except UsageProblem:
        return None  # that version has no plan of this year


_T = TypeVar("_T")


def _warned(warnings: list[str], warn: Callable[[str], None], action: Callable[[], _T]) -> _T:
    """Run ``action``, then hand on (once) the warnings gathered so far, even when it fails."""
    try:
        return action()
    finally:
        for warning in warnings:
            warn(warning)
        warnings.clear()


def diff_sides(
    base: str | None,
    head: str | None,
    plans: Path,
    year: int | None,
    warn: Callable[[str], None],
) -> DiffSides:
    """The sides of ``parplan diff BASE HEAD``: two plan folders when BASE is a folder; else git
    revisions of ``plans`` (BASE by default the merge base with the main branch, HEAD by default
    the files as they are). Warnings (links skipped in an archive) go to ``warn``."""
    from parplan.loading import load_plan

    if base is not None and Path(base).is_dir():
        head_folder = Path(head) if head is not None else plans
        if not head_folder.is_dir():
            raise UsageProblem(f"'{head_folder}' không phải thư mục kế hoạch")
        new = load_plan(head_folder, year, use_cache=False)
        old = _load_side(RevisionFolder(Path(base)), new.year)
        return DiffSides(old, new, base, str(head_folder))
    warnings: list[str] = []
    repository = git_toplevel(plans)
    base_revision = base or default_base(repository)
    if head is not None:
        with plan_at_revision(repository, plans, head, warnings) as side:
            if side is None:
                raise UsageProblem(f"phiên bản '{head}' không có thư mục '{plans}'")
            found = side
            new = _warned(warnings, warn, lambda: read_revision(found, year))
    else:
        new = load_plan(plans, year, use_cache=False)
    with plan_at_revision(repository, plans, base_revision, warnings) as base_side:
        old = _warned(warnings, warn, lambda: _load_side(base_side, new.year))
    _warned(warnings, warn, lambda: None)
    base_name = base or f"{base_revision[:10]} (điểm rẽ nhánh)"
    return DiffSides(old, new, base_name, head or "bản đang sửa")
