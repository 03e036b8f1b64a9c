"""The index frameworks shipped with parplan: installed as package data, each a plan file that
loads through the loader without a problem, every maximum and name confirmed only with a source;
`parplan frameworks` lists them and `parplan frameworks add` copies one into a plan folder as a new
file, under the update lock, refusing what would make the plan hold an index twice."""

from __future__ import annotations

import fnmatch
import json
import shutil
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from parplan.index_frameworks import (
    FRAMEWORK_FOLDER,
    framework_ids,
    frameworks_json,
    list_frameworks,
    read_framework,
)
from parplan.loading import validate_paths
from parplan.model import IndexItem, PlanIndex

from .conftest import FIXTURES, ROOT, RunCli

IDS = ["chi-so-cchc-cua-tinh-mau", "dvc-766", "par-tinh-876", "sipas-2022"]


def _plan_files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.yaml"))}


def test_the_four_frameworks_ship_as_package_data() -> None:
    assert framework_ids() == IDS
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["parplan"]
    package = FRAMEWORK_FOLDER.parent
    for path in FRAMEWORK_FOLDER.iterdir():
        relative = path.relative_to(package).as_posix()
        assert any(fnmatch.fnmatch(relative, pattern) for pattern in patterns), relative


@pytest.mark.parametrize("framework_id", IDS)
def test_each_framework_loads_through_the_loader_without_a_problem(
    tmp_path: Path, framework_id: str
) -> None:
    """In a plan folder with nothing but a plan document, the framework file is a valid plan file
    (schema, nesting, codes and every rule); read alone, it is found to have no plan document and
    nothing else."""
    folder = tmp_path / "plans" / "2022"
    folder.mkdir(parents=True)
    shutil.copy(FIXTURES / "minimal" / "ke-hoach.yaml", folder)
    shutil.copy(FRAMEWORK_FOLDER / f"{framework_id}.yaml", folder)
    result, parts = validate_paths([folder])
    assert result.findings == []
    assert [located.value.code for located in parts[0].indexes] == [
        read_framework(framework_id).index.code
    ]
    alone, _ = validate_paths([FRAMEWORK_FOLDER / f"{framework_id}.yaml"])
    assert [finding.rule for finding in alone.findings] == ["plan-missing"]


def _every(index: PlanIndex) -> list[IndexItem]:
    return list(index.walk())


@pytest.mark.parametrize("framework_id", IDS)
def test_nothing_unsourced_is_presented_as_confirmed(framework_id: str) -> None:
    """A confirmed name or maximum has its source; an unconfirmed one says so; a maximum never
    stands confirmed without a number."""
    index = read_framework(framework_id).index
    assert index.source
    assert index.notes, "the notes say what the sources give and what the office fills"
    every: list[PlanIndex | IndexItem] = [index, *_every(index)]
    for item in every:
        if item.confirmed or item.max_confirmed:
            assert item.source, item.code
        if item.max_confirmed:
            assert item.max_points is not None, item.code
    text = (FRAMEWORK_FOLDER / f"{framework_id}.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Bộ chỉ số của parplan:")
    assert "Nguồn" in text


def test_par_index_of_provinces_under_876() -> None:
    index = read_framework("par-tinh-876").index
    assert (index.code, index.version, index.ranked_of) == ("PAR", "2022", 63)
    assert "876/QĐ-BNV ngày 10/11/2022" in (index.basis or "")
    assert (index.max_points, index.max_confirmed) == (100, True)
    assert index.levels == ["lĩnh vực", "tiêu chí", "tiêu chí thành phần"]
    fields = index.items
    assert [field.code for field in fields] == [str(number) for number in range(1, 9)]
    # Names seen in Hà Nội's 2022 plan, not yet checked against 876; maxima under 876 unknown;
    # the 37 criteria's names are not in any source read: none invented.
    assert all(not field.confirmed and field.source for field in fields)
    assert all(field.max_points is None and not field.max_confirmed for field in fields)
    assert all(field.items == [] for field in fields)
    notes = " ".join(index.notes)
    for fact in ("thẩm định 68", "32", "22", "SIPAS 10", "37 tiêu chí", "102", "88"):
        assert fact in notes, fact


def test_dvc_766_groups_and_their_maxima() -> None:
    index = read_framework("dvc-766").index
    assert index.code == "DVC766"
    assert "766/QĐ-TTg ngày 23/6/2022" in (index.basis or "")
    groups = index.items
    assert [(group.name, group.max_points) for group in groups] == [
        ("Công khai, minh bạch", 18),
        ("Tiến độ, kết quả giải quyết", 20),
        ("Số hóa hồ sơ", 22),
        ("Cung cấp dịch vụ trực tuyến", 22),
        ("Mức độ hài lòng", 18),
    ]
    assert all(group.max_confirmed and group.confirmed for group in groups)
    assert sum(group.max_points or 0 for group in groups) == index.max_points == 100
    indicators = [item for item in _every(index) if item.formula]
    assert [item.short_name for item in indicators] == [
        "TTHC công bố đúng hạn",
        "PAKN xử lý đúng hạn",
    ]
    # Their formulae are sourced; which group they belong to is not.
    assert all(item.unit == "%" and not item.confirmed for item in indicators)


def test_sipas_2022_aspects_and_factors() -> None:
    index = read_framework("sipas-2022").index
    assert (index.code, index.unit, index.levels) == ("SIPAS", "%", ["khía cạnh", "yếu tố"])
    aspects = index.items
    assert [len(aspect.items) for aspect in aspects] == [4, 5, 0]
    assert all(aspect.confirmed for aspect in aspects)
    assert all(factor.confirmed for factor in aspects[0].items)
    assert not any(factor.confirmed for factor in aspects[1].items)  # 2640's five: candidates
    assert index.max_points is None and index.basis is None  # the 2022 decision is unknown


def test_the_province_template_is_empty_and_says_how_to_fill_it() -> None:
    framework = read_framework("chi-so-cchc-cua-tinh-mau")
    index = framework.index
    assert (index.code, index.items, index.confirmed, index.basis) == ("CCHC-TINH", [], False, None)
    assert "3463/QĐ-UBND" in framework.text and "Văn phòng điền" in framework.text
    assert framework.target_name == "chi-so-cchc-cua-tinh-mau.yaml"


# --- parplan frameworks ----------------------------------------------------------------------


def test_the_list_shows_counts_in_the_file_beside_what_the_sources_say(run_cli: RunCli) -> None:
    result = run_cli("frameworks")
    assert result.exit_code == 0, result
    for framework_id in IDS:
        assert f"parplan frameworks add {framework_id}" in result.stdout
    par = result.stdout.split("par-tinh-876: PAR", 1)[1].split("\n\n", 1)[0]
    assert "lĩnh vực 8 · tiêu chí 0 · tiêu chí thành phần 0" in par
    assert "37 tiêu chí" in par and "102" in par and "88" in par
    assert "tổng điểm tối đa: 100 điểm (đã xác nhận); lĩnh vực 0/8 mục có điểm tối đa" in par
    dvc = result.stdout.split("dvc-766: DVC766", 1)[1].split("\n\n", 1)[0]
    assert "nhóm chỉ số thành phần 5/5 mục có điểm tối đa (5 đã xác nhận)" in dvc


def test_the_list_as_json(run_cli: RunCli) -> None:
    result = run_cli("frameworks", "--format", "json")
    assert result.exit_code == 0, result
    data = json.loads(result.stdout)
    assert result.stdout == frameworks_json(list_frameworks())
    assert [item["id"] for item in data] == IDS
    par = data[IDS.index("par-tinh-876")]
    assert [(level["name"], level["items"]) for level in par["levels"]] == [
        ("lĩnh vực", 8),
        ("tiêu chí", 0),
        ("tiêu chí thành phần", 0),
    ]
    assert (par["max_points"], par["max_confirmed"], par["ranked_of"]) == (100, True, 63)
    assert par["file"] == "chi-so-par-tinh-876.yaml"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["frameworks", "add", "par-tinh-867"], "bạn có muốn viết 'par-tinh-876'?"),
        (["frameworks", "add", "pci"], "(có: chi-so-cchc-cua-tinh-mau, dvc-766, par-tinh-876"),
        (["frameworks", "add"], "thiếu mã bộ chỉ số"),
        (["frameworks", "them", "dvc-766"], "không hiểu 'them'"),
        (["frameworks", "--year", "2022"], "chỉ dùng với 'parplan frameworks add MÃ'"),
        (["frameworks", "add", "dvc-766", "--format", "json"], "--format chỉ dùng khi liệt kê"),
    ],
)
def test_wrong_use_exits_2_in_vietnamese(
    run_cli: RunCli, minimal_plan: Path, args: list[str], words: str
) -> None:
    before = _plan_files(minimal_plan)
    result = run_cli(*args, "--plans", str(minimal_plan.parent))
    assert result.exit_code == 2, result
    assert words in result.stderr
    assert _plan_files(minimal_plan) == before


def test_add_writes_a_new_file_the_plan_validates_with(run_cli: RunCli, minimal_plan: Path) -> None:
    before = _plan_files(minimal_plan)
    result = run_cli("frameworks", "add", "dvc-766", "--plans", str(minimal_plan.parent))
    assert result.exit_code == 0, result
    written = minimal_plan / "chi-so-dvc-766.yaml"
    assert f"Đã ghi {written}" in result.stdout
    assert "năm 2022" in result.stdout
    text = written.read_text(encoding="utf-8")
    assert text.startswith("# Sao chép ngày ")
    assert "'dvc-766' của parplan" in text
    assert text.endswith(read_framework("dvc-766").text)
    # The other files are untouched, and the plan with the new file is valid.
    assert {name: data for name, data in _plan_files(minimal_plan).items() if name in before} == (
        before
    )
    assert validate_paths([minimal_plan])[0].findings == []
    # A second copy would overwrite the office's corrections: refused, the file kept.
    written.write_text(text + "# sửa của Văn phòng\n", encoding="utf-8")
    edited = written.read_bytes()
    again = run_cli("frameworks", "add", "dvc-766", "--plans", str(minimal_plan.parent))
    assert again.exit_code == 1, again
    assert "đã có" in again.stderr and "--force" in again.stderr
    assert written.read_bytes() == edited
    forced = run_cli("frameworks", "add", "dvc-766", "--force", "--plans", str(minimal_plan.parent))
    assert forced.exit_code == 0, forced
    assert "Đã ghi đè" in forced.stdout
    assert written.read_text(encoding="utf-8") == text


def test_add_refuses_an_index_the_plan_has_naming_its_file_and_line(
    run_cli: RunCli, minimal_plan: Path
) -> None:
    """The minimal plan has its own PAR (danh-muc.yaml, line 5): the framework is not added
    beside it, not even with --force (which only replaces chi-so-par-tinh-876.yaml)."""
    before = _plan_files(minimal_plan)
    for extra in ([], ["--force"]):
        result = run_cli(
            "frameworks", "add", "par-tinh-876", *extra, "--plans", str(minimal_plan.parent)
        )
        assert result.exit_code == 1, result
        assert f"kế hoạch đã có chỉ số PAR ở {minimal_plan / 'danh-muc.yaml'}:5" in result.stderr
        assert "indexes[0].code" in result.stderr
        assert _plan_files(minimal_plan) == before


def test_add_chooses_the_year_as_every_command_does(run_cli: RunCli, minimal_plan: Path) -> None:
    later = minimal_plan.parent / "2023"
    shutil.copytree(minimal_plan, later)
    plan = later / "ke-hoach.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("year: 2022", "year: 2023"), encoding="utf-8"
    )
    for task in ("phu-luc.yaml",):
        (later / task).unlink()
    assert validate_paths([minimal_plan.parent])[0].findings == []
    result = run_cli(
        "frameworks", "add", "sipas-2022", "--year", "2023", "--plans", str(minimal_plan.parent)
    )
    # The 2023 plan has its own SIPAS: refused there, and nothing written in 2022 either.
    assert result.exit_code == 1, result
    assert str(later / "danh-muc.yaml") in result.stderr
    result = run_cli(
        "frameworks", "add", "dvc-766", "--year", "2023", "--plans", str(minimal_plan.parent)
    )
    assert result.exit_code == 0, result
    assert (later / "chi-so-dvc-766.yaml").is_file()
    assert not (minimal_plan / "chi-so-dvc-766.yaml").exists()
    missing = run_cli("frameworks", "add", "dvc-766", "--year", "2030", "--plans", str(later))
    assert missing.exit_code == 2, missing


def test_add_is_refused_when_the_plan_would_not_validate(
    run_cli: RunCli, minimal_plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plan is validated with the new file before anything is written: even past the check
    of the index code, the duplicate is found and nothing is written."""
    from parplan import index_frameworks

    monkeypatch.setattr(index_frameworks, "_index_elsewhere", lambda *args: None)
    before = _plan_files(minimal_plan)
    result = run_cli("frameworks", "add", "par-tinh-876", "--plans", str(minimal_plan.parent))
    assert result.exit_code == 1, result
    assert "code-duplicate" in result.stderr
    assert "kế hoạch có tệp này sẽ có lỗi" in result.stderr
    assert _plan_files(minimal_plan) == before


def test_add_waits_for_the_update_lock(
    run_cli: RunCli, minimal_plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from filelock import FileLock

    from parplan import editing

    monkeypatch.setattr(editing, "LOCK_TIMEOUT_SECONDS", 0.2)
    with FileLock(editing.lock_path(minimal_plan)):
        result = run_cli("frameworks", "add", "dvc-766", "--plans", str(minimal_plan.parent))
    assert result.exit_code == 1, result
    assert "đang được sửa" in result.stderr
    assert not (minimal_plan / "chi-so-dvc-766.yaml").exists()


def test_a_file_written_before_the_lock_is_never_overwritten(
    run_cli: RunCli, minimal_plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another writer creates the file between the first read and the lock: the plan is read
    again under the lock, and the file is kept."""
    from parplan import editing

    real_lock = editing.exclusive_update
    theirs = b"schema_version: 2\nindexes: []\n"

    @contextmanager
    def someone_first(folder: Path) -> Iterator[None]:
        (folder / "chi-so-dvc-766.yaml").write_bytes(theirs)
        with real_lock(folder):
            yield

    monkeypatch.setattr(editing, "exclusive_update", someone_first)
    result = run_cli("frameworks", "add", "dvc-766", "--plans", str(minimal_plan.parent))
    assert result.exit_code == 1, result
    assert (minimal_plan / "chi-so-dvc-766.yaml").read_bytes() == theirs


def test_readme_documents_the_command_and_the_frameworks() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "parplan frameworks add ID [--year Y] [--force]" in readme
    section = readme.split("## Index frameworks (bộ chỉ số)", 1)[1].split("\n## ", 1)[0]
    for framework_id in IDS:
        assert f"`{framework_id}`" in section
