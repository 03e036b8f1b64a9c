"""``parplan diff`` at revisions a pull request shapes: a huge blob, a huge tree, and findings
named by their path in the repository, never by the temporary folder."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from tests.conftest import SHIPPED_PLANS, RunCli, git

PARPLAN = Path(sys.executable).parent / "parplan"
_MAX_RSS = (
    "import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
    "sys.exit(code)"
)


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """The shipped plan on main, a branch 'pr' checked out."""
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copytree(SHIPPED_PLANS, repo / "plans")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "plan")
    git(repo, "checkout", "-q", "-b", "pr")
    return repo


def _no_temporary_path(text: str) -> None:
    assert "parplan-diff-" not in text, text
    assert "lỗi nội bộ" not in text, text
    assert "Traceback" not in text, text


def test_a_blob_over_the_size_limit_is_a_finding_not_extracted(repository: Path) -> None:
    """The attack of a blob of zeros (1.5 GB in the finding, 10 MB + 1 byte here): git never
    hands it over, the finding names it as the repository does, memory stays modest."""
    from parplan.plan_files import MAX_FILE_BYTES

    blob = git(repository, "hash-object", "-w", "--stdin", given=bytes(MAX_FILE_BYTES + 1))
    git(repository, "update-index", "--add", "--cacheinfo", f"100644,{blob},plans/2022/zz-big.yaml")
    git(repository, "commit", "-q", "-m", "big")
    for base, head, side in (("main", "pr", "pr"), ("pr", "main", "pr")):
        result = subprocess.run(
            [sys.executable, "-c", _MAX_RSS, str(PARPLAN), "diff", base, head, "--plans", "plans"],
            cwd=repository,
            capture_output=True,
            text=True,
            check=False,
        )
        *said, peak = result.stderr.strip().splitlines()
        text = "\n".join(said)
        assert result.returncode == 1, result
        assert f"{side}:plans/2022/zz-big.yaml" in text
        assert "quá lớn (10,0 MB" in text
        _no_temporary_path(text)
        assert int(peak) < 200 * 1024, f"peak {peak} KiB"  # well below the blob's ten-fold


def test_a_revision_with_too_many_entries_is_refused_before_extracting(
    run_cli: RunCli, repository: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parplan import discovery

    monkeypatch.setattr(discovery, "MAX_DISCOVERY_ENTRIES", 200)
    for index in range(300):
        (repository / "plans" / f"tep-{index}.txt").write_text("", encoding="utf-8")
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "-m", "many")
    for index in range(300):
        (repository / "plans" / f"tep-{index}.txt").unlink()
    extracted: list[str] = []
    monkeypatch.setattr(
        tarfile.TarFile, "extract", lambda _tar, member, *_, **__: extracted.append(str(member))
    )
    result = run_cli("diff", "main", "pr", "--plans", "plans", cwd=repository)
    assert result.exit_code == 2, result
    assert "'pr'" in result.stderr
    assert "'plans'" in result.stderr
    assert "quá 200 mục" in result.stderr
    _no_temporary_path(str(result))
    assert extracted == []


def test_a_finding_at_a_revision_names_the_file_in_the_repository(
    run_cli: RunCli, repository: Path
) -> None:
    bad = repository / "plans" / "2022" / "hong.yaml"
    bad.write_text("tasks: [\n", encoding="utf-8")
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "-m", "bad")
    bad.unlink()
    for base, head in (("main", "pr"), ("pr", "main")):
        result = run_cli("diff", base, head, "--plans", "plans", cwd=repository)
        assert result.exit_code == 1, result
        assert "pr:plans/2022/hong.yaml" in result.stderr
        _no_temporary_path(str(result))


def test_many_paths_to_one_large_blob_are_refused_by_their_total(
    run_cli: RunCli, repository: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Git stores one blob once; a tree may name it thousands of times. The plan files of a
    revision are bounded added up, and files that are not plan files are not extracted."""
    from parplan import revision_archive

    monkeypatch.setattr(revision_archive, "MAX_REVISION_BYTES", 3 * 1024 * 1024)
    blob = git(repository, "hash-object", "-w", "--stdin", given=b"# x\n" * (256 * 1024))
    for index in range(4):
        git(
            repository,
            "update-index",
            "--add",
            "--cacheinfo",
            f"100644,{blob},plans/2022/b{index}.yaml",
        )
    for index in range(20):
        git(
            repository,
            "update-index",
            "--add",
            "--cacheinfo",
            f"100644,{blob},plans/2022/b{index}.pdf",
        )
    git(repository, "commit", "-q", "-m", "one blob, many paths")
    result = run_cli("diff", "main", "pr", "--plans", "plans", cwd=repository)
    assert result.exit_code == 2, result
    assert "3 MB cộng lại" in result.stderr
    _no_temporary_path(str(result))
