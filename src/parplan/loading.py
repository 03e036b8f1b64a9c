"""Finding plan folders, reading their files and assembling one validated :class:`Plan` each.

A plan folder is a folder with a YAML file that has a top-level ``plan:`` section (the plan
document). Every other YAML file below it (in subfolders too) belongs to that plan, unless a
deeper folder is a plan folder of its own. A plans root may hold one plan or several (one
folder per year).
"""

from __future__ import annotations

import gc
import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError
from ruamel.yaml.nodes import Node

from parplan.errors import PlanInvalid, UsageProblem
from parplan.findings import Finding, ValidationResult, YamlPath
from parplan.model import (
    SECTIONS,
    CalendarSettings,
    Department,
    ParField,
    Plan,
    PlanDocument,
    ReportingSettings,
    SipasFactor,
    Target,
    Task,
)
from parplan.schema_errors import schema_problems
from parplan.text import closest
from parplan.yamlio import YamlProblem, compose_plan, decode_plan_text, locate_in, parse_yaml

__all__ = [
    "Located",
    "PlanParts",
    "load_plan",
    "load_plan_parts",
    "validate_paths",
]

YAML_SUFFIXES = (".yaml", ".yml")
T = TypeVar("T", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class Located(Generic[T]):
    """A validated item and where it stands: its file and its YAML path in that file."""

    value: T
    file: Path
    path: YamlPath


@dataclass(frozen=True, slots=True)
class PendingFinding:
    """A finding whose line and column are looked up only once every finding is known."""

    file: Path
    rule: str
    message: str
    path: YamlPath = ()
    at_key: bool = False
    line: int | None = None
    column: int | None = None


@dataclass
class SourceFile:
    path: Path
    text: str | None = None
    data: Any = None
    problem: YamlProblem | None = None
    bom: bool = False
    """The file starts with a UTF-8 byte-order mark (kept when parplan rewrites the file)."""

    @property
    def defines_plan(self) -> bool:
        return isinstance(self.data, dict) and "plan" in self.data


@dataclass
class PlanParts:
    """The validated pieces of one plan folder, each with its place, before they become a Plan."""

    folder: Path
    files: list[SourceFile] = field(default_factory=list)
    documents: list[Located[PlanDocument]] = field(default_factory=list)
    departments: list[Located[Department]] = field(default_factory=list)
    par_fields: list[Located[ParField]] = field(default_factory=list)
    sipas_factors: list[Located[SipasFactor]] = field(default_factory=list)
    reporting: list[Located[ReportingSettings]] = field(default_factory=list)
    calendars: list[Located[CalendarSettings]] = field(default_factory=list)
    targets: list[Located[Target]] = field(default_factory=list)
    tasks: list[Located[Task]] = field(default_factory=list)
    # Codes written in registry entries that failed validation: referring to them is not a
    # second error.
    unvalidated_codes: dict[str, set[str]] = field(default_factory=dict)
    findings: list[PendingFinding] = field(default_factory=list)
    complete: bool = True
    """False when some file or section could not be read: cross-file rules then say less."""

    def problem(
        self, file: Path, rule: str, message: str, path: YamlPath = (), *, at_key: bool = False
    ) -> None:
        self.findings.append(PendingFinding(file, rule, message, path, at_key))

    def plan(self) -> Plan:
        return Plan(
            folder=self.folder,
            document=self.documents[0].value,
            departments=tuple(item.value for item in self.departments),
            par_fields=tuple(item.value for item in self.par_fields),
            sipas_factors=tuple(item.value for item in self.sipas_factors),
            reporting=self.reporting[0].value if self.reporting else ReportingSettings(),
            calendar=self.calendars[0].value if self.calendars else CalendarSettings(),
            targets=tuple(item.value for item in self.targets),
            tasks=tuple(item.value for item in self.tasks),
        )


# --- Files -------------------------------------------------------------------------------------------


MAX_DISCOVERY_DEPTH = 12
"""Folders deeper than this below the plans folder: plan folders are plans/<year>/…, a few levels."""
MAX_DISCOVERY_ENTRIES = 50_000
"""Entries (files and folders) visited below the plans folder, at most. A plan of 100,000 tasks
written by benchmarks/generate.py has about twenty; a plan repository with its evidence files
a few thousand. Beyond this the folder is not a plans folder (``--plans /``, ``--plans ~``)."""
_SYSTEM_FOLDERS = frozenset(Path(name) for name in ("/proc", "/sys", "/dev"))


def _too_large(folder: Path) -> UsageProblem:
    return UsageProblem(
        f"thư mục '{folder}' quá lớn để là thư mục kế hoạch (quá {MAX_DISCOVERY_ENTRIES:,} mục "
        f"hoặc sâu quá {MAX_DISCOVERY_DEPTH} cấp): chỉ rõ thư mục kế hoạch bằng --plans hoặc "
        "PARPLAN_PLANS".replace(",", ".")
    )


def _yaml_files_below(folder: Path) -> list[Path]:
    """The YAML files below ``folder``, links to folders not followed, hidden entries skipped.

    The walk is bounded: a folder that is a filesystem root or a system folder (/proc, /sys, /dev),
    deeper than :data:`MAX_DISCOVERY_DEPTH` or with more than :data:`MAX_DISCOVERY_ENTRIES`
    entries is refused before any file is read."""
    try:
        real = folder.resolve()
    except (OSError, RuntimeError):
        real = folder.absolute()
    if real.parent == real or any(real.is_relative_to(system) for system in _SYSTEM_FOLDERS):
        raise _too_large(folder)
    found: list[Path] = []
    visited = 0
    base_depth = len(Path(folder).parts)
    for directory, subfolders, names in os.walk(folder, followlinks=False):
        visited += len(subfolders) + len(names)
        if visited > MAX_DISCOVERY_ENTRIES:
            raise _too_large(folder)
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        if subfolders and len(Path(directory).parts) - base_depth >= MAX_DISCOVERY_DEPTH:
            raise _too_large(folder)
        found.extend(
            Path(directory) / name
            for name in sorted(names)
            if name.endswith(YAML_SUFFIXES) and not name.startswith(".")
        )
    return found


MAX_FILE_BYTES = 10 * 1024 * 1024
"""A plan file larger than this is refused unread: real ones are far smaller."""


_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
"""A plan file is opened without following a link and without waiting on a pipe."""


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
                "tệp là liên kết tượng trưng: parplan không đọc tệp kế hoạch qua liên kết (nó có "
                "thể trỏ ra ngoài kho); hãy đặt chính tệp vào đây",
            )
            return source
        handle = os.open(path, _OPEN_FLAGS)
        with os.fdopen(handle, "rb") as stream:
            info = os.fstat(stream.fileno())
            if not stat.S_ISREG(info.st_mode):
                source.problem = YamlProblem(
                    "unreadable", "không phải tệp thường (thư mục, thiết bị hay ống dẫn): bỏ qua"
                )
                return source
            if info.st_size > MAX_FILE_BYTES:
                size = f"{info.st_size / 1024 / 1024:.1f}".replace(".", ",")
                source.problem = YamlProblem(
                    "file-too-large",
                    f"tệp quá lớn ({size} MB, tối đa {MAX_FILE_BYTES // 1024 // 1024} MB): "
                    "tệp kế hoạch thật nhỏ hơn nhiều; hãy tách ra",
                )
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


# --- Sections ----------------------------------------------------------------------------------------

_LIST_SECTIONS: dict[str, type[BaseModel]] = {
    "departments": Department,
    "par_fields": ParField,
    "sipas_factors": SipasFactor,
    "targets": Target,
    "tasks": Task,
}
_SINGLE_SECTIONS: dict[str, type[BaseModel]] = {
    "plan": PlanDocument,
    "reporting": ReportingSettings,
    "calendar": CalendarSettings,
}
_SINGLE_BUCKETS = {"plan": "documents", "reporting": "reporting", "calendar": "calendars"}
_REGISTRY_CODE_KEYS = {"departments": "code", "par_fields": "code", "sipas_factors": "code"}


def _validate_item(
    parts: PlanParts, source: SourceFile, model: type[T], data: Any, path: YamlPath
) -> T | None:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        for rule, message, loc, at_key in schema_problems(error, model, path):
            parts.problem(source.path, rule, message, loc, at_key=at_key)
        parts.complete = False
        return None


def _add_sections(parts: PlanParts, source: SourceFile) -> None:
    data = source.data
    if data is None:
        parts.problem(source.path, "empty-file", "tệp rỗng: không có phần nào của kế hoạch")
        return
    if not isinstance(data, dict):
        kind = "danh sách" if isinstance(data, list) else "một giá trị đơn"
        parts.problem(
            source.path,
            "wrong-type",
            f"tệp kế hoạch phải là các phần 'khóa: giá trị' ({', '.join(SECTIONS)}), "
            f"không phải {kind}",
        )
        parts.complete = False
        return
    for key, value in data.items():
        name = str(key)
        if name in _LIST_SECTIONS:
            model = _LIST_SECTIONS[name]
            if not isinstance(value, list):
                parts.problem(
                    source.path,
                    "wrong-type",
                    f"phần '{name}' phải là danh sách (mỗi phần tử bắt đầu bằng '- ')",
                    (name,),
                )
                parts.complete = False
                continue
            bucket: list[Any] = getattr(parts, name)
            for index, item in enumerate(value):
                validated = _validate_item(parts, source, model, item, (name, index))
                if validated is not None:
                    bucket.append(Located(validated, source.path, (name, index)))
                elif name in _REGISTRY_CODE_KEYS and isinstance(item, dict):
                    code = item.get(_REGISTRY_CODE_KEYS[name])
                    if code is not None:
                        parts.unvalidated_codes.setdefault(name, set()).add(str(code))
        elif name in _SINGLE_SECTIONS:
            model = _SINGLE_SECTIONS[name]
            validated_single = _validate_item(parts, source, model, value, (name,))
            if validated_single is not None:
                single_bucket: list[Any] = getattr(parts, _SINGLE_BUCKETS[name])
                single_bucket.append(Located(validated_single, source.path, (name,)))
        else:
            suggestion = closest(name, SECTIONS)
            hint = (
                f"; bạn có muốn viết '{suggestion}'?"
                if suggestion
                else f"; các phần hợp lệ: {', '.join(SECTIONS)}"
            )
            parts.problem(
                source.path,
                "unknown-key",
                f"phần '{name}' không có trong mẫu tệp kế hoạch{hint}",
                (name,),
                at_key=True,
            )


def assemble(folder: Path, sources: Sequence[SourceFile]) -> PlanParts:
    """Validate every file of one plan folder and run the rules across them."""
    from parplan.rules import check_plan

    parts = PlanParts(folder=folder, files=list(sources))
    for source in sources:
        _add_file(parts, source)
    check_plan(parts)
    return parts


def _add_file(parts: PlanParts, source: SourceFile) -> None:
    """The sections of a file that could be read, or the reason it could not."""
    if source.problem is None:
        _add_sections(parts, source)
        return
    problem = source.problem
    parts.findings.append(
        PendingFinding(
            source.path, problem.rule, problem.message, line=problem.line, column=problem.column
        )
    )
    parts.complete = False


# --- Places ------------------------------------------------------------------------------------------


def resolve_findings(
    pending: Iterable[PendingFinding], sources: Iterable[SourceFile]
) -> list[Finding]:
    """Give every finding its line and column, composing each file at most once."""
    texts = {source.path: source.text for source in sources if source.text is not None}
    roots: dict[Path, Node | None] = {}  # each file composed once, however many findings it has
    findings: list[Finding] = []
    for item in pending:
        line, column = item.line, item.column
        text = texts.get(item.file)
        if line is not None and text is not None:
            # A problem at the very end of a file is shown on its last line.
            last = max(1, len(text.splitlines()))
            if line > last:
                line, column = last, max(1, len(text.splitlines()[-1]) + 1 if text.strip() else 1)
        if line is None and text is not None and item.file.is_file():
            line, column = (1, 1)
            try:
                if item.file not in roots:
                    roots[item.file] = None  # a file that cannot be composed is not tried again
                    roots[item.file] = compose_plan(text)
                line, column = locate_in(roots[item.file], item.path, at_key=item.at_key)
            except Exception:  # a place is a courtesy: never let it hide the finding
                line, column = 1, 1
        findings.append(
            Finding(
                file=item.file,
                rule=item.rule,
                message=item.message,
                yaml_path=item.path,
                line=line,
                column=column,
            )
        )
    return findings


# --- Grouping files into plans -----------------------------------------------------------------------


def _nearest_plan_folder(path: Path, plan_folders: set[Path]) -> Path | None:
    for folder in path.parents:
        if folder in plan_folders:
            return folder
    return None


def _search_range(start: Path) -> list[Path]:
    """Folders in which a plan may hold ``start``: upwards to the repository root (.git) or the
    current folder, whichever comes first; just ``start`` when neither is above it."""
    chain = [start, *start.parents]
    cwd = Path.cwd()
    for index, folder in enumerate(chain):
        if (folder / ".git").exists() or folder == cwd:
            return chain[: index + 1]
    return [start]


def _plan_folder_above(path: Path) -> Path | None:
    """The plan folder a file or folder belongs to, looking upwards from it."""
    for folder in _search_range(path if path.is_dir() else path.parent):
        try:
            candidates = sorted(p for p in folder.iterdir() if p.name.endswith(YAML_SUFFIXES))
        except OSError:
            return None
        if any(
            read_source(candidate).defines_plan for candidate in candidates if candidate.is_file()
        ):
            return folder
    return None


@dataclass
class _Group:
    folder: Path
    sources: dict[Path, SourceFile] = field(default_factory=dict)


def validate_paths(paths: Sequence[Path]) -> tuple[ValidationResult, list[PlanParts]]:
    """Validate files and folders as a linter does; a file is checked with the plan it belongs to."""
    missing = [path for path in paths if not path.exists()]
    if missing:
        raise UsageProblem(f"không tìm thấy đường dẫn: {', '.join(str(p) for p in missing)}")
    paths = [path.absolute() for path in paths]
    sources: dict[Path, SourceFile] = {}
    orphan_folders: list[Path] = []
    for path in paths:
        if path.is_dir():
            files = _yaml_files_below(path)
            if not files:
                orphan_folders.append(path)
            for file in files:
                sources.setdefault(file, read_source(file))
        else:
            sources.setdefault(path, read_source(path))
    plan_folders = {source.path.parent for source in sources.values() if source.defines_plan}
    groups: dict[Path, _Group] = {}
    standalone: list[SourceFile] = []
    for source in sources.values():
        folder = _nearest_plan_folder(source.path, plan_folders) or _plan_folder_above(source.path)
        if folder is None:
            standalone.append(source)
            continue
        group = groups.setdefault(folder, _Group(folder))
        group.sources[source.path] = source
    # A file named alone is checked together with the rest of its plan.
    for group in groups.values():
        for file in _yaml_files_below(group.folder):
            owner = _nearest_plan_folder(file, plan_folders | set(groups))
            if owner == group.folder and file not in group.sources:
                group.sources[file] = sources.get(file) or read_source(file)
    result = ValidationResult()
    all_parts: list[PlanParts] = []
    for folder in sorted(groups):
        group_sources = [group_source for _, group_source in sorted(groups[folder].sources.items())]
        all_parts.append(assemble(folder, group_sources))
    _one_plan_a_year(all_parts)
    for parts in all_parts:
        result.files.extend(source.path for source in parts.files)
        result.findings.extend(resolve_findings(parts.findings, parts.files))
    if standalone:
        parts = PlanParts(folder=standalone[0].path.parent, files=standalone)
        for source in standalone:
            _add_file(parts, source)
            result.files.append(source.path)
        result.findings.extend(resolve_findings(parts.findings, standalone))
        if not groups:
            for folder in sorted({source.path.parent for source in standalone}):
                result.findings.append(_no_plan(folder))
    for folder in orphan_folders:
        result.findings.append(
            Finding(folder, "plan-missing", "thư mục không có tệp kế hoạch nào (.yaml, .yml)")
        )
    return result, all_parts


def _one_plan_a_year(all_parts: list[PlanParts]) -> None:
    """Two plan folders of one year (a copy left beside the original) make every command
    ambiguous: each of them is an error."""
    by_year: dict[int, list[PlanParts]] = {}
    for parts in all_parts:
        if parts.documents:
            by_year.setdefault(parts.documents[0].value.year, []).append(parts)
    for year, same in by_year.items():
        if len(same) < 2:
            continue
        folders = ", ".join(f"'{parts.folder}'" for parts in same)
        for parts in same:
            document = parts.documents[0]
            parts.problem(
                document.file,
                "plan-year-duplicate",
                f"có {len(same)} kế hoạch năm {year}: {folders}; mỗi năm chỉ một kế hoạch "
                "(xóa hoặc chuyển bản sao ra ngoài thư mục kế hoạch)",
                document.path,
                at_key=True,
            )


def _no_plan(folder: Path) -> Finding:
    return Finding(
        folder,
        "plan-missing",
        "không có tệp nào chứa văn bản kế hoạch (phần 'plan:'), nên các tệp ở đây không "
        "thuộc kế hoạch nào",
    )


def load_plan(plans: Path, year: int | None = None, *, use_cache: bool = True) -> Plan:
    """The one plan a command works on: the folder's only plan, the plan of ``year``, or else the
    plan of the latest year. Raises :class:`PlanInvalid` when it does not validate.

    A valid plan is kept in the cache (:mod:`parplan.cache`) with the public holidays its
    deadlines need, so the next run on unchanged files neither parses nor computes them."""
    if not plans.exists():
        raise UsageProblem(
            f"không tìm thấy thư mục kế hoạch '{plans}' (chỉ định bằng --plans hoặc PARPLAN_PLANS)"
        )
    if not use_cache:
        return load_plan_parts(plans, year).plan()
    from parplan import cache
    from parplan.workdays import remember_holidays

    plans = plans.absolute()
    key = cache.entry_key("plan", str(plans), str(year), str(Path.cwd()))
    cached = _cached_plan(plans, key)
    if cached is not None:
        plan, holidays = cached
        remember_holidays(holidays)
        return plan
    parts, folders = _chosen_parts(plans, year)
    plan = parts.plan()
    _store_plan(plans, key, plan, [parts.folder, *folders])
    return plan


# --- The plan cache's entries ------------------------------------------------------------------------


class _CacheEntry(BaseModel):
    """What the plan cache keeps of a plan: JSON data, validated again whenever it is read.

    ``walks`` are the folders the loader listed with :func:`_yaml_files_below` and what it found,
    ``scans`` the folders it may have looked into for a plan document above a file, and
    ``digests`` the SHA-256 of every file in either: the entry is used only while all of them
    are unchanged. ``folder`` is the plan's folder, one of the walked folders."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: int
    key: str
    folder: str
    walks: list[tuple[str, list[str]]]
    scans: list[tuple[str, list[str]]]
    digests: dict[str, str]
    holidays: dict[int, dict[date, str]]
    plan: Plan


@dataclass
class _Manifest:
    walks: list[tuple[str, list[str]]]
    scans: list[tuple[str, list[str]]]
    digests: dict[str, str]


def _manifest(plans: Path, roots: Iterable[Path]) -> _Manifest | None:
    """Every folder listing and every file whose bytes a load of ``plans`` depends on: the files
    below ``plans`` and below each plan folder ``roots`` (listed by the loader's own
    :func:`_yaml_files_below`), and the YAML files of every folder the loader may search upwards
    for a plan document (the loader's own :func:`_search_range`). None when any of them cannot be
    read as the loader reads files: then the cache is not used."""
    from parplan import cache

    walks: list[tuple[str, list[str]]] = []
    files: list[Path] = []
    parents: set[Path] = set()
    if not plans.is_dir():
        walks.append((str(plans), [str(plans)]))
        files.append(plans)
        parents.add(plans.parent)
    for root in dict.fromkeys([plans, *roots]):
        if not root.is_dir():
            continue
        below = _yaml_files_below(root)
        walks.append((str(root), [str(file) for file in below]))
        files.extend(below)
        parents.add(root)
        parents.update(file.parent for file in below)
    scans: list[tuple[str, list[str]]] = []
    for folder in sorted({above for parent in parents for above in _search_range(parent)}):
        try:
            names = sorted(
                item.name
                for item in folder.iterdir()
                if item.name.endswith(YAML_SUFFIXES) and item.is_file()
            )
        except OSError:
            return None
        scans.append((str(folder), names))
        files.extend(folder / name for name in names)
    digests: dict[str, str] = {}
    for file in files:
        if str(file) not in digests:
            digest = cache.file_digest(file, MAX_FILE_BYTES)
            if digest is None:
                return None
            digests[str(file)] = digest
    return _Manifest(walks, scans, digests)


def _cached_plan(plans: Path, key: str) -> tuple[Plan, dict[int, dict[date, str]]] | None:
    """The plan kept under ``key`` with its holidays, if every file it was read from is
    unchanged; an entry that is not a valid one of parplan's is ignored and removed."""
    from parplan import cache

    raw = cache.load_entry(key)
    if raw is None:
        return None
    enabled = gc.isenabled()
    gc.disable()  # validation builds many objects that are all kept: the collector only slows it
    try:
        entry = _CacheEntry.model_validate_json(raw)
    except ValueError:  # not JSON, or not the shape of an entry
        cache.discard_entry(key)
        return None
    finally:
        if enabled:
            gc.enable()
    walked = [Path(root) for root, _ in entry.walks]
    if entry.format != cache.FORMAT or entry.key != key or Path(entry.folder) not in walked:
        cache.discard_entry(key)
        return None
    current = _manifest(plans, walked)
    if current is None or (current.walks, current.scans, current.digests) != (
        entry.walks,
        entry.scans,
        entry.digests,
    ):
        return None
    # The folder is one this run has just listed for this plans path, not a path taken on trust.
    return entry.plan.model_copy(update={"folder": Path(entry.folder)}), entry.holidays


def _store_plan(plans: Path, key: str, plan: Plan, roots: list[Path]) -> None:
    from parplan import cache
    from parplan.schedule import expand
    from parplan.workdays import known_holidays

    manifest = _manifest(plans, roots)
    if manifest is None or plan.folder is None:
        return
    expand(plan)  # the holidays its deadlines need, computed once and stored with it
    entry = _CacheEntry(
        format=cache.FORMAT,
        key=key,
        folder=str(plan.folder),
        walks=manifest.walks,
        scans=manifest.scans,
        digests=manifest.digests,
        holidays=known_holidays(),
        plan=plan,
    )
    cache.store_entry(key, entry.model_dump_json().encode())


def load_plan_parts(plans: Path, year: int | None = None) -> PlanParts:
    """Like :func:`load_plan`, keeping where every piece of the plan stands."""
    return _chosen_parts(plans, year)[0]


def _chosen_parts(plans: Path, year: int | None) -> tuple[PlanParts, list[Path]]:
    """The parts of the plan :func:`load_plan` works on, and the folder of every plan read."""
    if not plans.exists():
        raise UsageProblem(
            f"không tìm thấy thư mục kế hoạch '{plans}' (chỉ định bằng --plans hoặc PARPLAN_PLANS)"
        )
    result, all_parts = validate_paths([plans])
    candidates = [parts for parts in all_parts if parts.documents]
    if not candidates:
        raise PlanInvalid(result)
    if year is not None:
        chosen = [parts for parts in candidates if parts.documents[0].value.year == year]
        if not chosen:
            years = ", ".join(sorted(str(p.documents[0].value.year) for p in candidates))
            raise UsageProblem(f"không có kế hoạch năm {year} trong '{plans}'; có: {years}")
    else:
        chosen = sorted(candidates, key=lambda parts: parts.documents[0].value.year)[-1:]
    parts = chosen[0]
    files = {source.path for source in parts.files}
    own = ValidationResult(
        files=sorted(files),
        findings=[finding for finding in result.findings if finding.file in files],
    )
    if not own.ok:
        raise PlanInvalid(own)
    return parts, [other.folder for other in all_parts]
