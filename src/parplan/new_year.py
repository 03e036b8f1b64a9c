"""The next year's plan from this one (``parplan new-year``): a draft folder of new files.

:func:`draft_new_year` turns the old plan, as read (:class:`~parplan.plan_parts.PlanParts`), into
the new plan's files: one new file per old file, same names, same sections, in the house style
(:mod:`parplan.new_year_yaml`). The document, targets and calendar change as
:mod:`parplan.new_year_sections` says, the tasks as :mod:`parplan.new_year_tasks` says (as of a
day: open timed work carried, done work left, recurring and continuous work copied); units,
indexes, settings and every result (results carry their year: last year's are history) are
copied as written; measurements are the old year's facts and are not. :func:`write_new_year`
writes the folder whole or not at all: built in a hidden sibling, validated, renamed into place;
an existing folder is never written into.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from parplan.dates import format_date
from parplan.errors import EXIT_PROBLEMS, OutputExists, ParplanError, UsageProblem
from parplan.file_writing import OutputFolder
from parplan.model import Plan
from parplan.new_year_sections import (
    calendar_comment,
    new_calendar,
    new_document,
    new_target,
)
from parplan.new_year_tasks import TaskRoll, roll_tasks
from parplan.new_year_yaml import comment_lines, plan_file_text
from parplan.plan_parts import PlanParts
from parplan.source_file import SourceFile
from parplan.status import PlanStatus, plan_status
from parplan.workdays import WorkCalendar

__all__ = [
    "FolderExists",
    "NewPlanInvalid",
    "NewYearDraft",
    "YearHeld",
    "draft_new_year",
    "new_year_folder",
    "refuse_target",
    "write_new_year",
]

_SCHEMA_LINE = "# yaml-language-server:"


class FolderExists(OutputExists):
    """The new year's folder exists (even empty): it is never written into."""

    def __init__(self, path: Path, why: str = "đã có") -> None:
        ParplanError.__init__(
            self,
            f"thư mục '{path}' {why}: parplan new-year không ghi vào thư mục đã có, không ghi đè; "
            "xóa hoặc đổi tên thư mục đó, hoặc chọn nơi khác bằng --output",
        )
        self.path = path


class YearHeld(ParplanError):
    """The plans folder already holds a plan of the new year (in another folder)."""

    exit_code = EXIT_PROBLEMS


class NewPlanInvalid(RuntimeError):
    """The plan new-year made does not validate: a bug of parplan, nothing was written."""


@dataclass
class NewYearDraft:
    """The new year's plan as files, and what became of the old one's content."""

    old_year: int
    year: int
    as_of: date
    files: dict[str, str] = field(default_factory=dict)
    """Each new file's text, by its path relative to the plan folder (``/``-separated)."""
    tasks: TaskRoll = field(default_factory=TaskRoll)
    holidays: list[tuple[date, str]] = field(default_factory=list)
    """The public holidays of the new year the schedule will use."""
    to_confirm: list[str] = field(default_factory=list)
    """What parplan inferred, one line each: where, and which fields."""


def _head(source: SourceFile, old: int, new: int, as_of: date) -> list[str]:
    """The new file's first lines: the schema line if the old file has one, what the draft is,
    then the old file's own leading comments."""
    lines = (source.text or "").split("\n")
    head: list[str] = []
    if lines and lines[0].startswith(_SCHEMA_LINE):
        head.append(lines[0])
        lines = lines[1:]
    head += comment_lines(
        f"Bản dự thảo kế hoạch năm {new}, lập bằng `parplan new-year {new}` từ kế hoạch năm "
        f"{old} ngày {format_date(as_of)}; những gì được suy ra ghi trong to_confirm, chờ Văn "
        "phòng xác nhận."
    )
    own = _leading_comments(lines)
    while own and own[0].strip() == "#":
        own = own[1:]
    if own:
        head += ["#", *own]
    return head


def _leading_comments(lines: list[str]) -> list[str]:
    own: list[str] = []
    for line in lines:
        if not line.startswith("#"):
            break
        own.append(line.rstrip())
    return own


def _section_comments(text: str | None) -> dict[str, list[str]]:
    """The comment lines right above each top-level key of a file (not the file's own head)."""
    lines = (text or "").split("\n")
    head = len(_leading_comments(lines[1:] if lines and lines[0].startswith("#") else lines)) + 1
    found: dict[str, list[str]] = {}
    for number, line in enumerate(lines):
        if not line or line[0] in " #-" or ":" not in line:
            continue
        above: list[str] = []
        back = number - 1
        while back >= head and lines[back].startswith("#"):
            above.insert(0, lines[back].rstrip())
            back -= 1
        found[line.split(":", 1)[0].strip("'\"")] = above
    return found


class _Drafter:
    def __init__(self, parts: PlanParts, status: PlanStatus, year: int) -> None:
        self.parts = parts
        self.status = status
        self.plan: Plan = status.plan
        self.old = self.plan.year
        self.year = year
        self.draft = NewYearDraft(self.old, year, status.as_of)
        raw = {
            (item.file, int(item.path[1])): position for position, item in enumerate(parts.tasks)
        }
        self.task_positions = raw
        by_position = {
            position: self._raw(file, "tasks", index) for (file, index), position in raw.items()
        }
        self.draft.tasks = roll_tasks(status, by_position, year)
        self.calendar_home = self._calendar_home()

    def _calendar_home(self) -> Path | None:
        """The file the new calendar goes into when the old plan has none (that of the reporting
        rule, else the document's): the new year's calendar is always left to confirm."""
        if any("calendar" in source.data for source in self.parts.files):
            return None
        homes = self.parts.reporting or self.parts.documents
        return homes[0].file

    def _raw(self, file: Path, section: str, index: int) -> Mapping[str, Any]:
        source = next(source for source in self.parts.files if source.path == file)
        value: Mapping[str, Any] = source.data[section][index]
        return value

    def _name(self, source: SourceFile) -> str:
        return PurePosixPath(*source.path.relative_to(self.parts.folder).parts).as_posix()

    def appendix_note(self) -> str:
        """How the new appendix was made (the old year's note spoke of the old appendix, an
        original not at hand say, and says nothing true of this one)."""
        roll = self.draft.tasks
        note = (
            f"Phụ lục lập bằng parplan new-year từ phụ lục năm {self.old}: các nhiệm vụ định kỳ, "
            f"thường xuyên được giữ lại (tính cho cả năm {self.year}); "
            f"{len(roll.carried)} nhiệm vụ chưa hoàn thành đến ngày {format_date(self.status.as_of)} "
            f"được chuyển sang, với thời hạn mới; nhiệm vụ đã hoàn thành không chép lại. Thời hạn "
            "mới, kỳ thực hiện và các nội dung được suy ra chờ Văn phòng xác nhận; đây không phải "
            "phụ lục đã ban hành."
        )
        return note

    def section(self, source: SourceFile, name: str, value: Any) -> tuple[Any, list[str]]:
        """A section of the new file, and its comment lines (None for the old ones)."""
        if name == "plan":
            document, confirm = new_document(value, self.year, self.appendix_note())
            self.draft.to_confirm.append(
                f"{self._name(source)}: văn bản kế hoạch: {', '.join(confirm)}"
            )
            return document, []
        if name == "calendar":
            comment = calendar_comment(self.plan.calendar, self.old, self.year)
            return new_calendar(value), comment_lines(comment)
        if name == "measurements":
            comment = (
                f"Số liệu đo được năm {self.old} là của năm đó: không chép sang năm {self.year}."
            )
            return [], comment_lines(comment)
        if name == "targets":
            return [self._target(source, index, raw) for index, raw in enumerate(value)], []
        if name == "tasks":
            return self._tasks(source, len(value)), []
        return value, []

    def _target(self, source: SourceFile, index: int, raw: Mapping[str, Any]) -> dict[str, Any]:
        target = next(
            item.value
            for item in self.parts.targets
            if item.file == source.path and item.path[1] == index
        )
        rolled = new_target(raw, target, self.status, self.year)
        fields = ", ".join(rolled["to_confirm"])
        self.draft.to_confirm.append(f"{self._name(source)}: chỉ tiêu {target.id}: {fields}")
        return rolled

    def _tasks(self, source: SourceFile, count: int) -> list[dict[str, Any]]:
        positions = [self.task_positions[(source.path, index)] for index in range(count)]
        return [self.draft.tasks.tasks[p] for p in positions if p in self.draft.tasks.tasks]

    def file_text(self, source: SourceFile) -> str:
        comments = _section_comments(source.text)
        sections = []
        for name, value in source.data.items():
            if name == "schema_version":
                continue
            new_value, own = self.section(source, name, value)
            sections.append((name, new_value, own or comments.get(name, [])))
        if source.path == self.calendar_home:
            comment = calendar_comment(self.plan.calendar, self.old, self.year)
            sections.append(("calendar", new_calendar(None), comment_lines(comment)))
        return plan_file_text(_head(source, self.old, self.year, self.status.as_of), sections)

    def build(self) -> NewYearDraft:
        for source in self.parts.files:
            self.draft.files[self._name(source)] = self.file_text(source)
        for task_id, fields in self.draft.tasks.to_confirm:
            self.draft.to_confirm.append(f"nhiệm vụ {task_id}: {', '.join(fields)}")
        self.draft.to_confirm.append(
            f"lịch làm việc năm {self.year}: ngày nghỉ riêng, ngày làm bù của Văn phòng "
            "(calendar, confirmed: false)"
        )
        holidays = WorkCalendar().public_holidays(self.year)
        self.draft.holidays = sorted(holidays.items())
        return self.draft


def draft_new_year(parts: PlanParts, year: int, as_of: date) -> NewYearDraft:
    """The plan of ``year`` from the valid old plan ``parts``, its work classified as of
    ``as_of`` (a day of the old year)."""
    plan = parts.plan()
    if year <= plan.year:
        raise UsageProblem(f"năm mới {year} phải sau năm của kế hoạch cũ ({plan.year})")
    if as_of.year != plan.year:
        raise UsageProblem(
            f"--as-of {format_date(as_of)} phải là một ngày của năm {plan.year} (năm kế hoạch cũ)"
        )
    return _Drafter(parts, plan_status(plan, as_of), year).build()


def new_year_folder(old_folder: Path, plans: Path, old_year: int, year: int) -> Path:
    """Where the new year's plan goes by default: beside the old plan's folder when that is named
    by its year (``plans/2022`` → ``plans/2023``), else ``<plans>/<year>``; never inside the old
    plan's folder (a plans folder that is itself the plan needs ``--output``)."""
    if old_folder.name == str(old_year):
        return old_folder.parent / str(year)
    if plans.resolve() == old_folder.resolve():
        raise UsageProblem(
            f"thư mục '{plans}' chính là kế hoạch năm {old_year}: không ghi kế hoạch năm {year} "
            f"vào trong đó; chuyển kế hoạch vào '{plans / str(old_year)}' (mỗi năm một thư mục) "
            "hoặc chọn nơi ghi bằng --output"
        )
    return plans / str(year)


def _refuse(target: Path, old_folder: Path) -> Path:
    """The real folder ``target`` will be made in; refused when ``target`` exists (even empty),
    when its folder does not, or when it lies inside the old plan's folder."""
    if os.path.lexists(target):
        empty = target.is_dir() and not target.is_symlink() and not any(target.iterdir())
        raise FolderExists(target, "đã có (dù trống)" if empty else "đã có")
    parent = target.parent if str(target.parent) else Path()
    try:
        real_parent = parent.resolve(strict=True)
    except (OSError, RuntimeError):
        raise UsageProblem(f"thư mục '{parent}' không tồn tại") from None
    if not real_parent.is_dir():
        raise UsageProblem(f"'{parent}' không phải thư mục")
    if real_parent.is_relative_to(old_folder.resolve()):
        raise UsageProblem(
            f"không ghi kế hoạch mới vào trong thư mục kế hoạch cũ '{old_folder}': chọn nơi "
            "khác bằng --output"
        )
    return real_parent


def _check(temporary: Path) -> None:
    """The new folder as written must validate; if not, parplan made a wrong plan."""
    from parplan.findings_output import render_text
    from parplan.loading import validate_paths

    result, _ = validate_paths([temporary])
    if not result.ok:
        raise NewPlanInvalid(
            "kế hoạch mới do parplan new-year lập không hợp lệ (lỗi của parplan, chưa ghi gì): "
            + render_text(result, temporary).strip().replace("\n", "; ")
        )


def write_new_year(draft: NewYearDraft, target: Path, old_folder: Path) -> list[Path]:
    """Write the draft's files as the new folder ``target``, whole or not at all: built in a
    hidden folder beside it, validated, renamed into place. ``target`` is claimed first (made
    empty, which fails if another run made it), then replaced by the finished folder."""
    real_parent = _refuse(target, old_folder)
    temporary = real_parent / f".{target.name}.new-year-{secrets.token_hex(4)}.tmp"
    try:
        temporary.mkdir()
    except OSError as error:
        raise UsageProblem(
            f"không tạo được thư mục trong '{target.parent}': {error.strerror}"
        ) from None
    claimed = False
    try:
        folder = OutputFolder(temporary, (), "--output")
        for name, text in sorted(draft.files.items()):
            folder.write(name, text.encode("utf-8"), replace=False)
        _check(temporary)
        try:
            (real_parent / target.name).mkdir()
        except FileExistsError:
            raise FolderExists(target) from None
        claimed = True
        temporary.rename(real_parent / target.name)
    except BaseException as error:
        shutil.rmtree(temporary, ignore_errors=True)
        if claimed:
            with contextlib.suppress(OSError):
                (real_parent / target.name).rmdir()
        if isinstance(error, OSError):
            raise FolderExists(target, f"không ghi được ({error.strerror})") from None
        raise
    return [target.joinpath(*PurePosixPath(name).parts) for name in sorted(draft.files)]


def refuse_target(target: Path, old_folder: Path, plans: Path, year: int) -> None:
    """Refused before anything is made: ``target`` exists (:class:`FolderExists`), lies inside
    the old plan's folder, or the plans folder holds a plan of ``year`` already, in any folder:
    a second one would make every command ambiguous (``plan-year-duplicate``)."""
    from parplan.loading import validate_paths

    _refuse(target, old_folder)

    _, all_parts = validate_paths([plans])
    held = [
        parts.folder
        for parts in all_parts
        if parts.documents and parts.documents[0].value.year == year
    ]
    if held:
        raise YearHeld(
            f"'{held[0]}' đã có kế hoạch năm {year}: mỗi năm chỉ một kế hoạch; parplan new-year "
            "không lập thêm (xóa hoặc chuyển kế hoạch đó ra ngoài thư mục kế hoạch nếu muốn lập lại)"
        )
