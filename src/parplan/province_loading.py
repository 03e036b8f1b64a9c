"""Reading a province file (``tinh.yaml``): read bounded and parsed like a plan file, validated
into :class:`~parplan.model_province.ProvinceFile`, every problem a finding with its line and
column.

Besides the model's own checks, two rules hold across the file:

| rule             | what it checks                                                            |
|------------------|---------------------------------------------------------------------------|
| agency-duplicate | each agency has its own code, and its own name (compared without case or  |
|                  | diacritics)                                                               |
| province-source  | a ``git`` source is an https, ssh, git or file URL, or a path (never an   |
|                  | option-looking ``-…`` value, never a ``transport::`` address such as      |
|                  | ``ext::``), and holds no password (git's credential helper keeps those)   |

A ``folder`` that does not exist is not a problem of the file: it is that agency's error when
the province is rolled up, and the others are rolled up all the same.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from parplan.errors import PlanInvalid, UsageProblem
from parplan.findings import Finding, PendingFinding, ValidationResult
from parplan.model_province import Province, ProvinceFile
from parplan.plan_files import read_source
from parplan.schema_errors import schema_problems
from parplan.source_file import SourceFile
from parplan.text import fold
from parplan.yaml_places import resolve_findings

__all__ = [
    "ALLOWED_SCHEMES",
    "git_source_problem",
    "is_local_git_path",
    "load_province",
    "validate_province",
]

ALLOWED_SCHEMES = ("https", "ssh", "git", "file")
"""The URL schemes a ``git`` source may use (a path on this machine needs none)."""
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_SCP_LIKE = re.compile(r"^[A-Za-z0-9._~-]+@[A-Za-z0-9.-]+:(?!//)")
"""``git@host:owner/repo.git``: ssh written the short way."""
_TRANSPORT = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*::")
"""``ext::…``, ``fd::…``: git's remote helpers, which run commands."""
_PASSWORD = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://[^/@]*:[^/@]*@")


def is_local_git_path(value: str) -> bool:
    """A ``git`` source that names a repository on this machine (not a URL, not ``user@host:``)."""
    return not (_SCHEME.match(value) or _SCP_LIKE.match(value) or _TRANSPORT.match(value))


def git_source_problem(value: str) -> str | None:
    """Why a ``git`` source is refused (Vietnamese), or None: parplan passes it to git after
    ``--``, and refuses what could make git run a command or store a password."""
    if value.startswith("-"):
        return (
            f"'{value}' bắt đầu bằng '-': git sẽ hiểu là một tùy chọn; hãy ghi địa chỉ kho "
            "(https://…, ssh://…, git@máy:kho.git) hoặc đường dẫn kho"
        )
    if any(ord(char) < 32 for char in value):
        return "địa chỉ kho git có ký tự điều khiển"
    if _TRANSPORT.match(value):
        return (
            f"'{value}' dùng trình trợ giúp truyền tải của git ('…::'), có thể chạy lệnh: "
            f"parplan chỉ nhận {', '.join(ALLOWED_SCHEMES)} hoặc đường dẫn kho"
        )
    scheme = _SCHEME.match(value)
    if scheme and scheme.group(1).lower() not in ALLOWED_SCHEMES:
        return (
            f"giao thức '{scheme.group(1)}' không được dùng: parplan chỉ nhận "
            f"{', '.join(ALLOWED_SCHEMES)} hoặc đường dẫn kho"
        )
    if _PASSWORD.match(value):
        return (
            "địa chỉ kho có mật khẩu (người_dùng:mật_khẩu@): không ghi mật khẩu vào tệp tỉnh; "
            "hãy dùng trình lưu thông tin đăng nhập của git (git credential helper)"
        )
    return None


def _agencies(data: Any) -> list[tuple[int, dict[Any, Any]]]:
    """The agencies of a province file as written, each a mapping, with its index: the rules run
    on them even when some other part of the file does not validate."""
    province = data.get("province") if isinstance(data, dict) else None
    agencies = province.get("agencies") if isinstance(province, dict) else None
    if not isinstance(agencies, list):
        return []
    return [(index, item) for index, item in enumerate(agencies) if isinstance(item, dict)]


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _rule_findings(data: Any, file: Path) -> list[PendingFinding]:
    """The rules across the agencies: one code and one name each, git sources git may be given."""
    findings: list[PendingFinding] = []
    codes: dict[str, tuple[int, str]] = {}
    names: dict[str, tuple[int, str]] = {}
    for index, agency in _agencies(data):
        base: tuple[str | int, ...] = ("province", "agencies", index)
        code, name = _text(agency.get("code")), _text(agency.get("name"))
        if code is not None:
            first, first_name = codes.setdefault(code.casefold(), (index, name or code))
            if first != index:
                findings.append(
                    PendingFinding(
                        file,
                        "agency-duplicate",
                        f"mã cơ quan '{code}' đã dùng cho cơ quan thứ {first + 1} "
                        f"({first_name}); mỗi cơ quan một mã",
                        (*base, "code"),
                    )
                )
        if name is not None:
            same, same_code = names.setdefault(fold(name), (index, code or name))
            if same != index:
                findings.append(
                    PendingFinding(
                        file,
                        "agency-duplicate",
                        f"tên cơ quan '{name}' trùng với cơ quan thứ {same + 1} ({same_code})",
                        (*base, "name"),
                    )
                )
        findings.extend(_source_findings(agency.get("plans"), file, base))
    return findings


def _source_findings(plans: Any, file: Path, base: tuple[str | int, ...]) -> list[PendingFinding]:
    git = plans.get("git") if isinstance(plans, dict) else None
    if not isinstance(git, str):
        return []
    problem = git_source_problem(git)
    if problem is None:
        return []
    return [PendingFinding(file, "province-source", problem, (*base, "plans", "git"))]


def _read_problem(source: SourceFile) -> PendingFinding | None:
    if source.problem is not None:
        problem = source.problem
        return PendingFinding(
            source.path, problem.rule, problem.message, line=problem.line, column=problem.column
        )
    if source.data is None:
        return PendingFinding(source.path, "empty-file", "tệp tỉnh rỗng")
    return None


def validate_province(path: Path) -> tuple[Province | None, ValidationResult]:
    """The province a file describes (None when it has errors) and every finding, located."""
    if not path.is_file() and not path.is_symlink():
        raise UsageProblem(f"không tìm thấy tệp tỉnh '{path}'")
    source = read_source(path)
    pending: list[PendingFinding] = []
    province: Province | None = None
    problem = _read_problem(source)
    if problem is not None:
        pending.append(problem)
    else:
        data: Any = source.data
        try:
            province = ProvinceFile.model_validate(data).province
        except ValidationError as error:
            for rule, message, loc, at_key in schema_problems(error, ProvinceFile, ()):
                pending.append(PendingFinding(path, rule, message, loc, at_key))
        pending.extend(_rule_findings(data, path))
    findings: list[Finding] = resolve_findings(pending, [source])
    result = ValidationResult(files=[path], findings=findings)
    return (province if result.ok else None), result


def load_province(path: Path) -> Province:
    """The province of a valid file; :class:`PlanInvalid` (exit 1) with the findings otherwise."""
    province, result = validate_province(path)
    if province is None:
        raise PlanInvalid(result, f"tệp tỉnh '{path}' có lỗi")
    return province
