"""Bad input gets a clear Vietnamese answer at the right place, a documented exit code, never a
traceback, a hang or a lost file."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from parplan.findings import Finding
from parplan.loading import validate_paths

from .conftest import FIXTURES, RunCli

CORPUS = Path(__file__).parent / "corpus"
CASES: list[dict[str, Any]] = YAML(typ="safe").load(
    (CORPUS / "expected.yaml").read_text(encoding="utf-8")
)
BAD = [case for case in CASES if case["rule"] is not None]


def _plan_with(tmp_path: Path, appendix: Path) -> Path:
    folder = tmp_path / "plans" / "2022"
    shutil.copytree(FIXTURES / "minimal", folder)
    shutil.copyfile(appendix, folder / "phu-luc.yaml")
    return folder


def _findings(folder: Path) -> list[Finding]:
    result, _ = validate_paths([folder])
    return result.sorted_findings()


def test_the_corpus_is_large_and_every_file_is_listed() -> None:
    assert len(BAD) >= 40
    listed = {case["file"] for case in CASES}
    assert listed == {p.name for p in CORPUS.glob("*.yaml")} - {"expected.yaml"}


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["file"])
def test_corpus_file_gets_its_message_at_its_place(tmp_path: Path, case: dict[str, Any]) -> None:
    folder = _plan_with(tmp_path, CORPUS / case["file"])
    findings = _findings(folder)
    if case["rule"] is None:
        assert findings == []
        return
    assert [(f.rule, f.file.name, f.line, f.column) for f in findings] == [
        (case["rule"], "phu-luc.yaml", case["line"], case["column"])
    ], findings
    assert case["says"] in findings[0].message
    lines = (folder / "phu-luc.yaml").read_bytes().splitlines() or [b""]
    assert 1 <= case["line"] <= len(lines)


def test_decomposed_unicode_is_accepted_and_normalised(run_cli: RunCli, tmp_path: Path) -> None:
    folder = _plan_with(tmp_path, CORPUS / "decomposed-unicode.yaml")
    payload = json.loads(run_cli("export", "--plans", str(folder)).stdout)
    assert payload["tasks"][0]["title"] == "Nhiệm vụ một lần"


# --- Files that are not files, or too much of one ------------------------------------------------


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    folder = tmp_path / "plans" / "2022"
    shutil.copytree(FIXTURES / "minimal", folder)
    return folder


def test_a_file_of_tens_of_megabytes_is_refused_unread(
    plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with (plan / "lon.yaml").open("w", encoding="utf-8") as stream:
        line = "# " + "x" * 98 + "\n"
        stream.write(line * 300_000)  # 30 MB
    opened: list[str] = []
    real_open = Path.open

    def spying_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        opened.append(self.name)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", spying_open)
    findings = _findings(plan)
    assert "lon.yaml" not in opened  # refused from its size alone, never read
    assert [(f.rule, f.file.name) for f in findings] == [("file-too-large", "lon.yaml")]
    assert "quá lớn (28,9 MB" in findings[0].message


def test_named_pipes_devices_and_folders_named_yaml_do_not_hang(plan: Path) -> None:
    os.mkfifo(plan / "ong.yaml")
    (plan / "thu-muc.yaml").mkdir()
    (plan / "thiet-bi.yaml").symlink_to("/dev/zero")
    findings = _findings(plan)
    assert [(f.rule, f.file.name) for f in findings] == [
        ("unreadable", "ong.yaml"),
        ("symlink", "thiet-bi.yaml"),
    ]


def test_broken_symlink_and_symlink_loop(plan: Path) -> None:
    (plan / "mat.yaml").symlink_to(plan / "khong-co.yaml")
    (plan / "vong").symlink_to(plan, target_is_directory=True)
    (plan / "con").mkdir()
    (plan / "con" / "vong-lai").symlink_to(plan.parent, target_is_directory=True)
    findings = _findings(plan)
    assert sorted((f.rule, f.file.name) for f in findings) == [
        ("symlink", "mat.yaml"),
        ("symlink", "vong"),
        ("symlink", "vong-lai"),
    ]


def test_a_plan_file_linked_to_a_file_outside_is_never_read(
    plan: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    """A pull request commits plans/2022/x.yaml -> a secret: no line of it reaches any output."""
    secret = tmp_path / "secret.yaml"
    secret.write_text("BI_MAT_123: khóa\ntasks: BI_MAT_456\n", encoding="utf-8")
    (plan / "x.yaml").symlink_to(secret)
    for args in (
        ("validate", str(plan)),
        ("validate", "--format", "json", str(plan)),
        ("status", "--plans", str(plan)),
        ("export", "--plans", str(plan)),
    ):
        result = run_cli(*args)
        assert result.exit_code == 1, result
        assert "BI_MAT" not in result.stdout + result.stderr, result
        assert "symlink" in result.stdout + result.stderr, result


def test_an_unreadable_file(plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # CI runs as root, for whom no permission bit stops a read: make the open fail instead.
    real_open = os.open

    def refusing_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if Path(path).name == "phu-luc.yaml":
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    findings = _findings(plan)
    assert [(f.rule, f.file.name) for f in findings] == [("unreadable", "phu-luc.yaml")]
    assert "Permission denied" in findings[0].message


def test_a_plan_folder_with_no_plan(tmp_path: Path, run_cli: RunCli) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "ghi-chu.yaml").write_text("tasks: []\n", encoding="utf-8")
    result = run_cli("validate", str(folder))
    assert result.exit_code == 1
    assert "[plan-missing]" in result.stdout
    result = run_cli("status", "--plans", str(folder))
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr


# --- Every command over every bad input ------------------------------------------------------------


def _commands(folder: Path, good: Path) -> Iterator[tuple[str, ...]]:
    plans = ("--plans", str(folder))
    yield ("validate", str(folder))
    yield ("status", *plans, "--as-of", "2022-10-01")
    yield ("overdue", *plans, "--format", "json")
    yield ("checklist", *plans, "-d", "hctc", "--format", "md")
    yield ("report", *plans, "--annual", "--format", "md")
    yield ("export", *plans)
    yield ("update", "T-1", "-s", "in_progress", *plans)
    yield ("diff", str(good), str(folder))


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["file"])
def test_every_command_over_the_corpus(
    run_cli: RunCli, tmp_path: Path, case: dict[str, Any]
) -> None:
    folder = _plan_with(tmp_path, CORPUS / case["file"])
    good = tmp_path / "good"
    shutil.copytree(FIXTURES / "minimal", good)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    for command in _commands(folder, good):
        result = run_cli(*command)
        output = result.stdout + result.stderr
        assert "Traceback" not in output, (command, result)
        if case["rule"] is None:
            assert result.exit_code == 0, (command, result)
        else:
            assert result.exit_code == 1, (command, result)
            assert "lỗi" in output
    if case["rule"] is not None:  # nothing was written into a bad plan
        assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


BAD_ARGUMENTS = [
    (("status", "--bogus"), "không có tùy chọn --bogus"),
    (("status", "--as-of", "hôm qua"), "ngày không hợp lệ cho '--as-of'"),
    (("status", "--within", "-3"), "--within phải là số ngày từ 0 đến 366"),
    (("status", "--within", "99999999999999999999"), "--within phải là số ngày từ 0 đến 366"),
    (("status", "--as-of", "9999-12-30"), "năm phải từ 2000 đến 2100"),
    (("statu",), "không có lệnh 'statu'; bạn có muốn viết 'status'?"),
    (("calendar", "--alarm-days", "100000"), "--alarm-days phải là số ngày làm việc từ 0 đến 60"),
    (
        ("calendar", "--alarm-days", "x"),
        "giá trị không hợp lệ cho '--alarm-days': phải là số nguyên",
    ),
    (("status", "--within", "nhiều"), "giá trị không hợp lệ cho '--within'"),
    (("status", "--field", "99"), "không có lĩnh vực PAR Index 99"),
    (("status", "-d", "phòng ma"), "không có đơn vị 'phòng ma'"),
    (("overdue", "-d", "xyz"), "không có đơn vị 'xyz'"),
    (("overdue", "--as-of", "2022-13-01"), "ngày không hợp lệ cho '--as-of'"),
    (("checklist", "-d", "xyz"), "không có đơn vị 'xyz'"),
    (("checklist", "--all", "--out", "/dev/null/x"), "không tồn tại"),
    (("report", "--quarter", "VI"), "quý 'VI' không có"),
    (("report", "--annual", "--output", "/dev/null/bao-cao.docx"), "không tồn tại"),
    (("report", "--annual", "--output", "/khong/co/thu/muc/bao-cao.docx"), "không tồn tại"),
    (("update", "T-9", "-s", "done"), "không có nhiệm vụ 'T-9'"),
    (("update", "T-1", "--done-on", "32/01/2022"), "ngày không hợp lệ cho '--done-on'"),
    (("update",), "thiếu đối số"),
    (("validate", "/khong/co"), "không tìm thấy đường dẫn"),
    (("export", "--year", "abc"), "giá trị không hợp lệ cho '--year'"),
    (("schema", "--output", "/khong/co/thu/muc/s.json"), "không tồn tại"),
    (("schema", "--output", "plans/2022/phu-luc.yaml"), "không ghi JSON Schema vào tệp YAML"),
    (("diff", "--format", "xml"), "chọn một trong: text, md, json"),
]


@pytest.mark.parametrize(
    ("args", "message"),
    BAD_ARGUMENTS,
    ids=lambda value: " ".join(value) if isinstance(value, tuple) else "",
)
def test_bad_arguments_exit_2_with_a_message(
    run_cli: RunCli, plan: Path, args: tuple[str, ...], message: str
) -> None:
    extra = () if args[0] in ("schema", "validate", "statu") else ("--plans", str(plan))
    result = run_cli(*args, *extra)
    assert result.exit_code == 2, result
    assert message in result.stderr, result
    assert result.stderr.startswith("parplan: lỗi: ")
    assert "Traceback" not in result.stderr + result.stdout


def test_a_missing_plans_folder_for_every_command(run_cli: RunCli, tmp_path: Path) -> None:
    for command in (
        ("status",),
        ("overdue",),
        ("checklist", "-d", "x"),
        ("report", "--annual"),
        ("export",),
        ("update", "T-1", "-s", "done"),
    ):
        result = run_cli(*command, cwd=tmp_path)
        assert result.exit_code == 2, (command, result)
        assert "không tìm thấy thư mục kế hoạch 'plans'" in result.stderr


# --- Nothing lost ------------------------------------------------------------------------------


def test_an_interrupted_report_leaves_the_old_file(
    run_cli: RunCli, plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "bao-cao.md"
    target.write_text("bản cũ\n", encoding="utf-8")

    def killed(descriptor: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", killed)
    result = run_cli(
        "report", "--annual", "--format", "md", "--plans", str(plan), "--output", str(target)
    )
    assert result.exit_code == 130
    assert target.read_text(encoding="utf-8") == "bản cũ\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bao-cao.md", "plans"]


def test_checklists_replace_a_symlink_instead_of_following_it(
    run_cli: RunCli, plan: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "ngoai.md"
    outside.write_text("không được ghi đè\n", encoding="utf-8")
    out = tmp_path / "danh-sach"
    out.mkdir()
    (out / "HCTC.md").symlink_to(outside)
    result = run_cli("checklist", "--all", "--out", str(out), "--plans", str(plan), "--force")
    assert result.exit_code == 0, result
    assert outside.read_text(encoding="utf-8") == "không được ghi đè\n"
    assert not (out / "HCTC.md").is_symlink()


def test_billion_laughs_is_refused_with_bounded_memory(tmp_path: Path) -> None:
    import tracemalloc

    folder = _plan_with(tmp_path, CORPUS / "billion-laughs.yaml")
    tracemalloc.start()
    try:
        findings = _findings(folder)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [f.rule for f in findings] == ["yaml-alias"]
    assert peak < 20 * 1024 * 1024  # 9⁹ "lol"s would need gigabytes
