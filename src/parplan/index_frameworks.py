"""Index frameworks shipped with parplan: listed, read, and copied into a plan folder.

A framework is a plan file of its own in ``src/parplan/frameworks/`` (installed as package data):
``schema_version: 2`` and one entry of ``indexes`` (the PAR Index of provinces under 876/QĐ-BNV,
SIPAS 2022, the 766/QĐ-TTg service index, the template of a province's own index), every fact
with its source in the file's comments and fields, and what no source confirms marked
``confirmed: false`` / ``max_confirmed: false``. It is read as any plan file is
(:func:`parplan.plan_files.read_source`, :func:`parplan.sections.assemble`): a framework with a
problem is refused with the problem's line.

:func:`add_framework` (``parplan frameworks add``) writes it as ``chi-so-<id>.yaml`` into the plan
folder of a year, as a new file: under the plan folder's lock (the one ``parplan update`` takes),
never over a file that is there (unless ``force``), never when the plan already has an index of
that code, and only when the plan with the new file still validates.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from parplan import __version__
from parplan.errors import EXIT_PROBLEMS, OutputExists, ParplanError, PlanInvalid, UsageProblem
from parplan.findings import Finding, PendingFinding, ValidationResult
from parplan.model import IndexItem, PlanIndex
from parplan.plan_parts import PlanParts
from parplan.source_file import SourceFile
from parplan.yaml_places import resolve_findings

__all__ = [
    "FRAMEWORK_FOLDER",
    "AddedFramework",
    "Framework",
    "FrameworkRefused",
    "LevelCount",
    "add_framework",
    "framework_ids",
    "frameworks_json",
    "frameworks_text",
    "list_frameworks",
    "read_framework",
]

FRAMEWORK_FOLDER = Path(__file__).resolve().parent / "frameworks"
"""Where the shipped frameworks are (package data: pyproject.toml's ``package-data``)."""

_FRAMEWORK_KEYS = {"schema_version", "indexes"}


class FrameworkRefused(ParplanError):
    """``frameworks add`` would make the plan hold an index twice: nothing was written."""

    exit_code = EXIT_PROBLEMS


@dataclass(frozen=True, slots=True)
class LevelCount:
    """One level of a framework (lĩnh vực, tiêu chí …) and what the file has at that level."""

    name: str
    items: int
    """How many items the file lists at this level."""
    with_max: int
    """How many of them have a maximum (``max_points``)."""
    max_confirmed: int
    """How many of those maxima are confirmed (``max_confirmed: true``)."""


@dataclass(frozen=True, slots=True)
class Framework:
    """A shipped framework: its id (the file's name), its file and text, and its index."""

    id: str
    path: Path
    text: str
    index: PlanIndex

    @property
    def target_name(self) -> str:
        """The name of the file ``frameworks add`` writes into a plan folder."""
        return f"chi-so-{self.id.removeprefix('chi-so-')}.yaml"

    def levels(self) -> list[LevelCount]:
        """Each level the index names (and any deeper one its items reach), with its counts."""
        by_depth: dict[int, list[IndexItem]] = {}
        stack = [(item, 0) for item in self.index.items]
        while stack:
            item, depth = stack.pop()
            by_depth.setdefault(depth, []).append(item)
            stack.extend((child, depth + 1) for child in item.items)
        depth_count = max(len(self.index.levels), max(by_depth, default=-1) + 1)
        counts = []
        for depth in range(depth_count):
            items = by_depth.get(depth, [])
            name = (
                self.index.levels[depth] if depth < len(self.index.levels) else f"cấp {depth + 1}"
            )
            with_max = [item for item in items if item.max_points is not None]
            confirmed = sum(1 for item in with_max if item.max_confirmed)
            counts.append(LevelCount(name, len(items), len(with_max), confirmed))
        return counts


def framework_ids() -> list[str]:
    """The ids of the shipped frameworks (their file names without ``.yaml``), sorted."""
    return sorted(path.stem for path in FRAMEWORK_FOLDER.glob("*.yaml") if path.is_file())


def _unknown(framework_id: str, ids: list[str]) -> UsageProblem:
    from parplan.text import closest

    suggestion = closest(framework_id, ids, cutoff=0.4)
    hint = f"; bạn có muốn viết '{suggestion}'?" if suggestion else "; xem 'parplan frameworks'"
    return UsageProblem(
        f"không có bộ chỉ số '{framework_id}' (có: {', '.join(ids) or 'chưa có'}){hint}"
    )


def read_framework(framework_id: str) -> Framework:
    """The shipped framework ``framework_id``, read and validated as a plan file is; an unknown
    id is a :class:`UsageProblem` listing the ids, the closest first."""
    ids = framework_ids()
    if framework_id not in ids:
        raise _unknown(framework_id, ids)
    from parplan.plan_files import read_source
    from parplan.sections import assemble

    path = FRAMEWORK_FOLDER / f"{framework_id}.yaml"
    source = read_source(path)
    parts = assemble(FRAMEWORK_FOLDER, [source])
    # A framework is a plan file without the plan document: that one finding is expected.
    pending = [item for item in parts.findings if item.rule != "plan-missing"]
    if pending:
        result = ValidationResult(files=[path], findings=resolve_findings(pending, [source]))
        raise PlanInvalid(result, action=f"bộ chỉ số '{framework_id}' của parplan có lỗi")
    extra = sorted(str(key) for key in source.data if str(key) not in _FRAMEWORK_KEYS)
    if extra or len(parts.indexes) != 1:
        raise ParplanError(
            f"'{path}': một tệp bộ chỉ số chỉ có 'schema_version' và đúng một mục 'indexes' "
            f"(tệp có {len(parts.indexes)} chỉ số{', và ' + ', '.join(extra) if extra else ''})"
        )
    assert source.text is not None
    return Framework(framework_id, path, source.text, parts.indexes[0].value)


def list_frameworks() -> list[Framework]:
    """Every shipped framework, by id."""
    return [read_framework(framework_id) for framework_id in framework_ids()]


def _framework_data(framework: Framework) -> dict[str, Any]:
    index = framework.index
    return {
        "id": framework.id,
        "code": index.code,
        "name": index.name,
        "version": index.version,
        "basis": index.basis,
        "confirmed": index.confirmed,
        "source": index.source,
        "unit": index.unit,
        "max_points": index.max_points,
        "max_confirmed": index.max_confirmed,
        "ranked_of": index.ranked_of,
        "levels": [
            {
                "name": level.name,
                "items": level.items,
                "with_max": level.with_max,
                "max_confirmed": level.max_confirmed,
            }
            for level in framework.levels()
        ],
        "notes": list(index.notes),
        "file": framework.target_name,
    }


def frameworks_json(frameworks: list[Framework]) -> str:
    """The frameworks as JSON: one object each (what the text shows, as data)."""
    from parplan.neutralise import json_text

    data = [_framework_data(framework) for framework in frameworks]
    return json_text(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"


def _number(value: float) -> str:
    from parplan.targets import format_number

    return format_number(value)


def _maximum(framework: Framework) -> str:
    index = framework.index
    unit = index.unit or "điểm"
    if index.max_points is None:
        total = "tổng điểm tối đa: chưa ghi"
    else:
        state = "đã xác nhận" if index.max_confirmed else "CHƯA XÁC NHẬN"
        total = f"tổng điểm tối đa: {_number(index.max_points)} {unit} ({state})"
    levels = [
        f"{level.name} {level.with_max}/{level.items} mục có điểm tối đa"
        + (f" ({level.max_confirmed} đã xác nhận)" if level.with_max else "")
        for level in framework.levels()
        if level.items
    ]
    return "; ".join([total, *levels])


def _framework_lines(framework: Framework) -> list[str]:
    index = framework.index
    version = f", phiên bản {index.version}" if index.version else ""
    state = "" if index.confirmed else " (CHƯA XÁC NHẬN)"
    lines = [f"{framework.id}: {index.code} — {index.name}{version}{state}"]
    lines.append(f"  Căn cứ: {index.basis or 'chưa ghi (Văn phòng ghi văn bản quy định)'}")
    levels = " · ".join(f"{level.name} {level.items}" for level in framework.levels())
    lines.append(f"  Số mục trong tệp theo cấp: {levels or 'chưa có mục nào'}")
    lines.append(f"  Điểm: {_maximum(framework)}")
    if index.ranked_of is not None:
        lines.append(f"  Xếp hạng: từ 1 đến {index.ranked_of}")
    if index.notes:
        lines.append("  Nguồn nêu (so với số mục trong tệp):")
        lines.extend(f"    - {note}" for note in index.notes)
    lines.append(
        f"  Thêm vào kế hoạch: parplan frameworks add {framework.id} (ghi {framework.target_name})"
    )
    return lines


def frameworks_text(frameworks: list[Framework]) -> str:
    """The frameworks as lines for a person: id, index, basis, the items the file has at each
    level against what the sources say (the notes), the maxima and whether they are confirmed."""
    blocks = ["\n".join(_framework_lines(framework)) for framework in frameworks]
    return "\n\n".join(blocks) + "\n" if blocks else "Không có bộ chỉ số nào.\n"


@dataclass(frozen=True, slots=True)
class AddedFramework:
    """What ``frameworks add`` wrote: the file, the plan's year, and whether it replaced one."""

    path: Path
    year: int
    replaced: bool


def _copy_text(framework: Framework, day: str) -> str:
    """The framework's text as written into a plan folder, with where it came from on top."""
    return (
        f"# Sao chép ngày {day} từ bộ chỉ số '{framework.id}' của parplan {__version__} "
        f"('parplan frameworks add {framework.id}').\n"
        "# Văn phòng sửa, bổ sung tệp này theo văn bản quy định bộ chỉ số, ghi nguồn cho mỗi điều "
        "sửa;\n# điều chưa có nguồn giữ confirmed: false, max_confirmed: false.\n"
    ) + framework.text


def _index_elsewhere(parts: PlanParts, code: str, target: Path) -> Finding | None:
    """Where the plan already has an index of ``code``, other than in ``target``."""
    for located in parts.indexes:
        if located.value.code == code and located.file != target:
            pending = PendingFinding(located.file, "code-duplicate", "", (*located.path, "code"))
            return resolve_findings([pending], parts.files)[0]
    return None


def _refuse_duplicate(framework: Framework, found: Finding, target: Path) -> FrameworkRefused:
    code = framework.index.code
    return FrameworkRefused(
        f"kế hoạch đã có chỉ số {code} ở {found.file}:{found.line} ({found.path_text}): mỗi chỉ "
        f"số một lần; không ghi '{target.name}'. Sửa chỉ số đã có theo bộ chỉ số '{framework.id}' "
        "(xem 'parplan frameworks'), hoặc xóa nó rồi chạy lại lệnh (--force chỉ ghi đè tệp "
        f"{target.name})"
    )


def _validated_with(parts: PlanParts, target: Path, text: str) -> None:
    """Refuse the copy when the plan with the new file would not validate."""
    from parplan.sections import assemble
    from parplan.yaml_reader import parse_yaml

    sources = [source for source in parts.files if source.path != target]
    sources.append(SourceFile(target, text=text, data=parse_yaml(text)))
    checked = assemble(parts.folder, sources)
    result = ValidationResult(
        files=[source.path for source in sources],
        findings=resolve_findings(checked.findings, sources),
    )
    if not result.ok:
        raise PlanInvalid(result, action=f"không ghi '{target}': kế hoạch có tệp này sẽ có lỗi")


def add_framework(
    plans: Path, framework_id: str, year: int | None = None, *, force: bool = False
) -> AddedFramework:
    """Write the framework ``framework_id`` into the plan folder of ``year`` (chosen as every
    command chooses) as ``chi-so-<id>.yaml``, a new file, under the plan folder's lock."""
    from parplan.dates import format_date
    from parplan.editing import exclusive_update
    from parplan.file_writing import write_bytes_atomically
    from parplan.loading import load_plan_parts, today

    framework = read_framework(framework_id)
    folder = load_plan_parts(plans, year).folder
    with exclusive_update(folder):
        parts = load_plan_parts(plans, year)  # read again under the lock: what is there now
        target = parts.folder / framework.target_name
        exists = target.exists() or target.is_symlink()
        if exists and not force:
            raise OutputExists(target, "xóa hoặc đổi tên tệp đó nếu muốn chép lại")
        found = _index_elsewhere(parts, framework.index.code, target)
        if found is not None:
            raise _refuse_duplicate(framework, found, target)
        text = _copy_text(framework, format_date(today()))
        _validated_with(parts, target, text)
        write_bytes_atomically(target, text.encode("utf-8"), replace=exists)
    return AddedFramework(target, parts.documents[0].value.year, replaced=exists)
