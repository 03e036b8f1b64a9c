"""The ``parplan`` command line: a thin layer that turns options into calls of the core.

Every error reaches the user once, here: in Vietnamese, on standard error, with the exit code
documented in README.md and :mod:`parplan.errors`; never a Python traceback.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import gc
import os
import re
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Annotated, Any, NoReturn, ParamSpec, TypeVar

import typer
from typer.core import TyperCommand, TyperGroup

from parplan import __version__
from parplan.errors import EXIT_INTERNAL, EXIT_USAGE, ParplanError, PlanInvalid, UsageProblem

__all__ = ["app", "main"]

_CLICK_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"^No such option: (\S+)(?: Did you mean (.+)\?)?$", "không có tùy chọn {0}"),
        (r"^No such command '(.+?)'\.?(?: Did you mean (.+)\?)?$", "không có lệnh '{0}'"),
        (r"^Missing command\.?$", "thiếu lệnh; xem 'parplan --help'"),
        (r"^Missing option '(.+)'\.?.*$", "thiếu tùy chọn bắt buộc '{0}'"),
        (r"^Missing argument '(.+)'\.?$", "thiếu đối số '{0}'"),
        (r"^Option '(.+)' requires an argument\.?$", "tùy chọn '{0}' cần một giá trị"),
        (r"^Got unexpected extra arguments? \((.+)\)$", "thừa đối số: {0}"),
        (r"^Invalid value for '(.+?)': (.+)$", "giá trị không hợp lệ cho '{0}': {1}"),
        (r"^Option '(.+)' does not take a value\.?$", "tùy chọn '{0}' không nhận giá trị"),
    )
)


_VALUE_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (
            r"^'?(.*?)'? ?(?:is not a valid integer|Input should be a valid integer.*)$",
            "phải là số nguyên",
        ),
        (r"^Input should be a valid (\w+).*$", "giá trị không đúng kiểu"),
        (r"^.*int too large.*$", "số quá lớn"),
        (r"^(.+) is not in the range (.+)\.$", "{0} nằm ngoài khoảng {1}"),
        (r"^'(.+)' is not one of (.+)\.$", "'{0}' không thuộc {1}"),
    )
)


def _vietnamese_usage_message(message: str) -> str:
    for pattern, replacement in _CLICK_MESSAGES:
        match = pattern.match(message.strip())
        if match:
            groups = [group or "" for group in match.groups()]
            if pattern.pattern.startswith("^Invalid value"):
                groups[1] = _vietnamese_value_message(groups[1])
            text = replacement.format(*groups)
            if "Did you mean" in message and match.lastindex and match.group(match.lastindex):
                text += f"; bạn có muốn viết {match.group(match.lastindex)}?"
            return text
    return message


def _vietnamese_value_message(message: str) -> str:
    for pattern, replacement in _VALUE_MESSAGES:
        match = pattern.match(message.strip())
        if match:
            return replacement.format(*match.groups())
    return message


def _fail(message: str, code: int) -> NoReturn:
    from parplan.neutralise import terminal_text

    sys.stderr.write(f"parplan: lỗi: {terminal_text(message)}\n")
    sys.exit(code)


_Params = ParamSpec("_Params")
_Result = TypeVar("_Result")


def _guarded(run: Callable[_Params, _Result]) -> Callable[_Params, _Result]:
    """Under GitHub Actions, nothing parplan writes may read as a workflow command: standard
    output and error go through :func:`parplan.neutralise.guarded_streams` for the whole run."""

    @functools.wraps(run)
    def guarded(*args: _Params.args, **kwargs: _Params.kwargs) -> _Result:
        from parplan.neutralise import guarded_streams

        with guarded_streams():
            return run(*args, **kwargs)

    return guarded


# Words of the help screens that come from Typer in English.
_HELP_WORDS = {
    "Arguments": "Đối số",
    "Options": "Tùy chọn",
    "Commands": "Lệnh",
    "required": "bắt buộc",
    "(dynamic)": "(tùy lúc chạy)",
    "Aborted!": "Đã dừng.",
}
_HELP_PATTERNS = {
    "default: {default}": "mặc định: {default}",
    "env var: {var}": "biến môi trường: {var}",
}
_METAVARS = {
    "plans": "THƯ_MỤC", "out": "THƯ_MỤC", "year": "NĂM", "as_of": "NGÀY", "done_on": "NGÀY",
    "new_deadline": "NGÀY", "decided_on": "NGÀY", "signed_on": "NGÀY", "department": "ĐƠN_VỊ",
    "output_format": "DẠNG", "par_field": "SỐ", "within": "SỐ_NGÀY", "alarm_days": "SỐ_NGÀY",
    "output": "TỆP", "number": "SỐ", "evidence": "VĂN_BẢN", "document": "VĂN_BẢN", "note": "GHI_CHÚ",
    "reason": "LÝ_DO", "occurrence": "KỲ", "status_text": "TRẠNG_THÁI", "quarter": "QUÝ",
    "half": "NỬA_NĂM", "paths": "ĐƯỜNG_DẪN", "task": "MÃ_NHIỆM_VỤ", "base": "BẢN_GỐC",
    "head": "BẢN_MỚI",
}  # fmt: skip


def _vietnamese_gettext(message: str) -> str:
    return _HELP_WORDS.get(message) or _HELP_PATTERNS.get(message) or message


class _VietnameseHelp:
    """Help screens in Vietnamese: usage line, section titles, placeholders, the --help option."""

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = "In hướng dẫn này rồi thoát."
        return option

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = " ".join(self.collect_usage_pieces(ctx))  # type: ignore[attr-defined]
        pieces = pieces.replace("[OPTIONS]", "[TÙY_CHỌN]").replace("COMMAND [ARGS]...", "LỆNH …")
        formatter.write_usage(ctx.command_path, pieces, prefix="Cách dùng: ")

    def format_help(self, ctx: Any, formatter: Any) -> None:
        import typer.core

        typer.core._ = _vietnamese_gettext  # type: ignore[attr-defined]
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            if not getattr(param, "is_flag", False) and param.name in _METAVARS:
                param.metavar = _METAVARS[param.name]
                # Arguments would add Typer's type name (<str>) after the placeholder.
                param.display_type_rich = lambda ctx: ""
        super().format_help(ctx, formatter)  # type: ignore[misc]


class _ParplanCommand(_VietnameseHelp, TyperCommand):
    """A parplan command: Typer's, with Vietnamese help."""


class _ParplanGroup(_VietnameseHelp, TyperGroup):
    """Runs the commands and turns every error into a Vietnamese message and an exit code."""

    @_guarded
    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        from typer._click.exceptions import ClickException, UsageError

        try:
            result = super().main(
                args,
                prog_name or "parplan",
                complete_var,
                standalone_mode=False,
                windows_expand_args=windows_expand_args,
                **extra,
            )
        except PlanInvalid as error:
            from parplan.findings_output import render_text

            sys.stderr.write(render_text(error.result, Path.cwd()))
            _fail(error.message, error.exit_code)
        except ParplanError as error:
            _fail(error.message, error.exit_code)
        except UsageError as error:
            _fail(_vietnamese_usage_message(error.format_message()), EXIT_USAGE)
        except typer.Exit as error:
            sys.exit(error.exit_code)
        except (typer.Abort, KeyboardInterrupt):
            sys.stderr.write("parplan: đã dừng.\n")
            sys.exit(130)
        except ClickException as error:
            _fail(error.format_message(), EXIT_USAGE)
        except BrokenPipeError:
            sys.exit(0)
        except OSError:
            if not _STDOUT_FAILURES or os.environ.get("PARPLAN_DEBUG"):
                raise
            _fail(_stdout_message(_STDOUT_FAILURES[0]), EXIT_USAGE)
        except Exception as error:  # the last line of defence: no traceback for users
            if os.environ.get("PARPLAN_DEBUG"):
                raise
            _fail(
                f"lỗi nội bộ của parplan ({type(error).__name__}: {error}). "
                "Đặt PARPLAN_DEBUG=1 để xem chi tiết và báo cho người bảo trì",
                EXIT_INTERNAL,
            )
        sys.exit(result if isinstance(result, int) else 0)


app = typer.Typer(
    cls=_ParplanGroup,
    name="parplan",
    help=(
        "Theo dõi Kế hoạch nâng cao Chỉ số cải cách hành chính (PAR Index) và Chỉ số hài lòng "
        "(SIPAS) của Văn phòng UBND tỉnh: kiểm tra kế hoạch, xem tình hình, việc quá hạn, danh "
        "sách việc từng đơn vị, lập báo cáo định kỳ, ghi tiến độ, lịch nhắc hạn và trang web. "
        "Mã thoát: 0 thành công, 1 kế hoạch có lỗi, 2 dùng sai lệnh, 3 lỗi nội bộ."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)

PlansOption = Annotated[
    Path,
    typer.Option(
        "--plans",
        envvar="PARPLAN_PLANS",
        help="Thư mục kế hoạch (mặc định: plans/ trong thư mục hiện tại, hoặc biến PARPLAN_PLANS).",
        show_default=False,
    ),
]
YearOption = Annotated[
    int | None,
    typer.Option(
        "--year", help="Năm kế hoạch, khi thư mục có kế hoạch của nhiều năm.", show_default=False
    ),
]


AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Ngày xem tình hình, YYYY-MM-DD hoặc dd/mm/yyyy (mặc định: hôm nay).",
        show_default=False,
    ),
]
DepartmentOption = Annotated[
    str | None,
    typer.Option(
        "--department",
        "-d",
        help="Đơn vị: mã hoặc tên, không phân biệt hoa thường và dấu (hctc, 'Hành chính - Tổ chức').",
        show_default=False,
    ),
]


def _date_problem(error: ValueError) -> str:
    message = getattr(error, "message", None)
    return str(message()) if callable(message) else str(error)


def _as_of(text: str | None) -> date:
    if text is None:
        return date.today()
    from parplan.model import parse_plan_date

    try:
        return parse_plan_date(text)
    except ValueError as error:
        raise UsageProblem(f"ngày không hợp lệ cho '--as-of': {_date_problem(error)}") from None


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"parplan {__version__}\n")
        raise typer.Exit(0)


_SETTINGS = {"cache": True}


def _use_cache() -> bool:
    return _SETTINGS["cache"] and os.environ.get("PARPLAN_NO_CACHE", "") in ("", "0")


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="In phiên bản rồi thoát."),
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Đọc lại mọi tệp kế hoạch, không dùng bộ nhớ đệm (cũng: PARPLAN_NO_CACHE=1).",
        ),
    ] = False,
) -> None:
    """Theo dõi Kế hoạch nâng cao PAR Index và SIPAS của Văn phòng UBND tỉnh."""
    _SETTINGS["cache"] = not no_cache


def _choice(option: str, value: str, allowed: Sequence[str]) -> str:
    if value not in allowed:
        raise UsageProblem(
            f"giá trị không hợp lệ cho '{option}': '{value}'; chọn một trong: {', '.join(allowed)}"
        )
    return value


@app.command(cls=_ParplanCommand)
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Tệp hoặc thư mục cần kiểm tra (mặc định: thư mục --plans).", show_default=False
        ),
    ] = None,
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="Dạng kết quả: text, json, github (chú thích trên GitHub; tự chọn khi "
            "GITHUB_ACTIONS được đặt).",
            show_default=False,
        ),
    ] = None,
    plans: PlansOption = Path("plans"),
) -> None:
    """Kiểm tra tệp kế hoạch: báo mọi lỗi của mọi tệp, kèm dòng, cột và quy tắc.

    Mã thoát: 0 hợp lệ, 1 có lỗi, 2 dùng sai lệnh (tùy chọn sai, đường dẫn không tồn tại).
    """
    from parplan.findings_output import render_findings
    from parplan.loading import validate_paths

    if output_format is None:
        under_actions = os.environ.get("GITHUB_ACTIONS", "").lower() not in ("", "false", "0")
        output_format = "github" if under_actions else "text"
    _choice("--format", output_format, ("text", "json", "github"))
    result, _ = validate_paths(list(paths) if paths else [plans])
    sys.stdout.write(render_findings(result, output_format, Path.cwd()))
    raise typer.Exit(0 if result.ok else 1)


@app.command(cls=_ParplanCommand)
def schema(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Ghi vào tệp thay vì in ra ('-': in ra).", show_default=False
        ),
    ] = None,
) -> None:
    """In JSON Schema của tệp kế hoạch (bản trong plans/parplan.schema.json được giữ khớp)."""
    from parplan.output import write_output_file
    from parplan.schema import plan_file_schema_text

    text = plan_file_schema_text()
    if output is None or _is_stdout(output):
        sys.stdout.write(text)
    else:
        if output.suffix.lower() in (".yaml", ".yml"):
            raise UsageProblem(
                f"không ghi JSON Schema vào tệp YAML '{output}': đó có thể là tệp kế hoạch"
            )
        write_output_file(output, text.encode("utf-8"))


@app.command(cls=_ParplanCommand)
def export(
    plans: PlansOption = Path("plans"),
    year: YearOption = None,
    output_format: Annotated[
        str, typer.Option("--format", help="Dạng xuất: json.", show_default=False)
    ] = "json",
) -> None:
    """Xuất kế hoạch đã kiểm tra, đã chuẩn hóa, dạng JSON: giao diện cho các công cụ khác."""
    from parplan.export import plan_json
    from parplan.loading import load_plan

    _choice("--format", output_format, ("json",))
    plan = load_plan(plans, year, use_cache=_use_cache())
    sys.stdout.write(plan_json(plan))


@app.command(cls=_ParplanCommand)
def status(
    plans: PlansOption = Path("plans"),
    year: YearOption = None,
    as_of: AsOfOption = None,
    department: DepartmentOption = None,
    par_field: Annotated[
        int | None,
        typer.Option("--field", help="Chỉ lĩnh vực Chỉ số CCHC số N.", show_default=False),
    ] = None,
    within: Annotated[int, typer.Option("--within", help="Cửa sổ 'sắp đến hạn', số ngày.")] = 14,
    working_days: Annotated[
        bool,
        typer.Option(
            "--working-days",
            help="Đếm cửa sổ 'sắp đến hạn' theo ngày làm việc (trừ thứ Bảy, Chủ nhật, lễ, Tết).",
        ),
    ] = False,
    output_format: Annotated[
        str, typer.Option("--format", help="Dạng: terminal, json.", show_default=False)
    ] = "terminal",
) -> None:
    """Tình hình thực hiện: tỷ lệ hoàn thành so với yêu cầu, theo đơn vị, theo lĩnh vực, việc quá
    hạn và việc sắp đến hạn."""
    from parplan.loading import load_plan
    from parplan.status import plan_status

    _choice("--format", output_format, ("terminal", "json"))
    day = _as_of(as_of)
    plan = load_plan(plans, year, use_cache=_use_cache())
    result = plan_status(
        plan,
        day,
        within=within,
        working_days=working_days,
        department=department,
        par_field=par_field,
    )
    if output_format == "json":
        from parplan.listings import status_payload, to_json

        sys.stdout.write(to_json(status_payload(result)))
        return
    from parplan.cli.terminal import print_view, status_view

    print_view(status_view(result))


@app.command(cls=_ParplanCommand)
def overdue(
    plans: PlansOption = Path("plans"),
    year: YearOption = None,
    as_of: AsOfOption = None,
    department: DepartmentOption = None,
    output_format: Annotated[
        str, typer.Option("--format", help="Dạng: table, json, csv.", show_default=False)
    ] = "table",
) -> None:
    """Việc quá hạn chưa hoàn thành, quá hạn lâu nhất trước."""
    from parplan.loading import load_plan
    from parplan.status import plan_status

    _choice("--format", output_format, ("table", "json", "csv"))
    day = _as_of(as_of)
    result = plan_status(load_plan(plans, year, use_cache=_use_cache()), day, department=department)
    if output_format == "table":
        from parplan.cli.terminal import overdue_view, print_view

        print_view(overdue_view(result))
        return
    from parplan.listings import overdue_csv, overdue_payload, to_json

    sys.stdout.write(
        to_json(overdue_payload(result)) if output_format == "json" else overdue_csv(result)
    )


@app.command(cls=_ParplanCommand)
def checklist(
    plans: PlansOption = Path("plans"),
    year: YearOption = None,
    as_of: AsOfOption = None,
    department: DepartmentOption = None,
    every_unit: Annotated[
        bool, typer.Option("--all", help="Mọi đơn vị, mỗi đơn vị một tệp trong --out.")
    ] = False,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Thư mục ghi các tệp khi dùng --all.", show_default=False),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-O",
            help="Ghi danh sách của một đơn vị vào tệp này ('-': in ra).",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        str,
        typer.Option("--format", help="Dạng: terminal, md, html, docx, json.", show_default=False),
    ] = "terminal",
) -> None:
    """Việc của một đơn vị: việc chủ trì và, riêng, việc phối hợp, kèm hạn, sản phẩm, nguồn,
    tình trạng. Dạng md dùng ô đánh dấu (- [ ] / - [x]) để dán vào issue, wiki; html, docx để in."""
    from parplan.listings import CHECKLIST_FORMATS, checklist_document
    from parplan.loading import load_plan
    from parplan.output import OutputFolder, plan_folders
    from parplan.status import department_checklist, resolve_unit

    _choice("--format", output_format, ("terminal", *CHECKLIST_FORMATS))
    if every_unit == (department is not None):
        raise UsageProblem("chọn một đơn vị bằng --department, hoặc mọi đơn vị bằng --all")
    if every_unit and out is None:
        raise UsageProblem("--all cần --out THƯ_MỤC để ghi mỗi đơn vị một tệp")
    if out is not None and not every_unit:
        raise UsageProblem("--out chỉ dùng cùng --all")
    if output is not None and every_unit:
        raise UsageProblem("--output ghi một đơn vị; với --all hãy dùng --out THƯ_MỤC")
    if output_format == "docx" and not every_unit and (output is None or _is_stdout(output)):
        raise UsageProblem("tệp Word không in ra màn hình được: dùng --output TỆP.docx")
    day = _as_of(as_of)
    plan = load_plan(plans, year, use_cache=_use_cache())
    if every_unit:
        assert out is not None
        folder = OutputFolder(out, plan_folders(plans, plan.folder), "--out")
        extension = "md" if output_format == "terminal" else output_format
        from parplan.schedule import expand

        occurrences = expand(plan)
        for unit in plan.departments:
            unit_checklist = department_checklist(plan, unit, day, occurrences)
            document = checklist_document(plan, unit_checklist, extension)
            folder.write(f"{unit.code}.{extension}", document)
        sys.stdout.write(f"Đã ghi {len(plan.departments)} tệp vào {out}.\n")
        return
    assert department is not None
    unit_checklist = department_checklist(plan, resolve_unit(plan, department), day)
    if output is not None:
        extension = "md" if output_format == "terminal" else output_format
        document = checklist_document(plan, unit_checklist, extension)
        if _is_stdout(output):
            sys.stdout.write(document.decode("utf-8"))
            return
        _write_document(output, document, plans, plan.folder)
        sys.stdout.write(f"Đã ghi danh sách việc của {unit_checklist.unit.name} vào {output}.\n")
        return
    if output_format == "terminal":
        from parplan.cli.terminal import checklist_view, print_view

        print_view(checklist_view(unit_checklist))
        return
    sys.stdout.write(checklist_document(plan, unit_checklist, output_format).decode("utf-8"))


def _optional_date(option: str, text: str | None) -> date | None:
    if text is None:
        return None
    from parplan.model import parse_plan_date

    try:
        return parse_plan_date(text)
    except ValueError as error:
        raise UsageProblem(f"ngày không hợp lệ cho '{option}': {_date_problem(error)}") from None


@app.command(cls=_ParplanCommand)
def update(
    task: Annotated[str, typer.Argument(help="Mã nhiệm vụ, ví dụ GP-D-CCHC.", show_default=False)],
    plans: PlansOption = Path("plans"),
    year: YearOption = None,
    occurrence: Annotated[
        str | None,
        typer.Option(
            "--occurrence",
            "-o",
            help="Kỳ của nhiệm vụ định kỳ: Q3, 'quý III', H1, Y…",
            show_default=False,
        ),
    ] = None,
    status_text: Annotated[
        str | None,
        typer.Option(
            "--status",
            "-s",
            help="not_started/in_progress/done, hoặc 'chưa thực hiện', 'đang thực hiện', 'hoàn thành'.",
            show_default=False,
        ),
    ] = None,
    done_on: Annotated[
        str | None,
        typer.Option(
            "--done-on", help="Ngày hoàn thành, dd/mm/yyyy hoặc YYYY-MM-DD.", show_default=False
        ),
    ] = None,
    evidence: Annotated[
        str | None,
        typer.Option(
            "--evidence", help="Tài liệu kiểm chứng, ví dụ số văn bản.", show_default=False
        ),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option("--note", help="Ghi chú: tồn tại, hạn chế, khó khăn.", show_default=False),
    ] = None,
    new_deadline: Annotated[
        str | None,
        typer.Option(
            "--new-deadline", help="Gia hạn đến ngày này (cần --reason).", show_default=False
        ),
    ] = None,
    reason: Annotated[
        str | None, typer.Option("--reason", help="Lý do gia hạn.", show_default=False)
    ] = None,
    decided_on: Annotated[
        str | None,
        typer.Option("--decided-on", help="Ngày cho phép gia hạn.", show_default=False),
    ] = None,
    document: Annotated[
        str | None,
        typer.Option("--document", help="Văn bản cho phép gia hạn.", show_default=False),
    ] = None,
) -> None:
    """Ghi tiến độ của một nhiệm vụ (hoặc một kỳ) vào tệp kế hoạch, chỉ sửa các dòng của nhiệm vụ
    đó; kiểm tra cả kế hoạch trước khi ghi, ghi an toàn (không bao giờ để lại tệp ghi dở)."""
    from parplan.editing import ProgressChange, parse_status, record_progress

    change = ProgressChange(
        status=parse_status(status_text) if status_text is not None else None,
        done_on=_optional_date("--done-on", done_on),
        evidence=evidence,
        note=note,
        new_deadline=_optional_date("--new-deadline", new_deadline),
        reason=reason,
        decided_on=_optional_date("--decided-on", decided_on),
        document=document,
    )
    if reason is not None and new_deadline is None:
        raise UsageProblem("--reason đi cùng --new-deadline")
    if change.done_on is not None and change.done_on > date.today():
        raise UsageProblem(
            f"ngày hoàn thành {change.done_on:%d/%m/%Y} sau hôm nay: chỉ ghi việc đã xong"
        )
    result = record_progress(plans, year, task, occurrence, change)
    shown = (
        result.file.relative_to(Path.cwd())
        if result.file.is_relative_to(Path.cwd())
        else result.file
    )
    if result.changed:
        sys.stdout.write(f"Đã ghi tiến độ của {result.key} vào {shown}.\n")
        if result.removed_done_on is not None:
            sys.stdout.write(
                f"Lưu ý: đã bỏ ngày hoàn thành {result.removed_done_on} vì việc được mở lại.\n"
            )
    else:
        sys.stdout.write(f"Không có gì thay đổi: {result.key} đã như vậy; {shown} giữ nguyên.\n")


@app.command(cls=_ParplanCommand)
def diff(
    base: Annotated[
        str | None,
        typer.Argument(
            help="Bản gốc: phiên bản git, hoặc một thư mục kế hoạch (mặc định: điểm rẽ nhánh với main).",
            show_default=False,
        ),
    ] = None,
    head: Annotated[
        str | None,
        typer.Argument(
            help="Bản mới: phiên bản git hoặc thư mục (mặc định: các tệp hiện tại).",
            show_default=False,
        ),
    ] = None,
    plans: PlansOption = Path("plans"),
    year: YearOption = None,
    output_format: Annotated[
        str, typer.Option("--format", help="Dạng: text, md (bình luận pull request), json.")
    ] = "text",
) -> None:
    """So sánh hai phiên bản kế hoạch theo nội dung: nhiệm vụ thêm, bỏ; trạng thái, ngày hoàn
    thành, kiểm chứng; thời hạn dời (gia hạn phải có lý do); đơn vị chủ trì; nội dung.

    Mã thoát: 0, hoặc 1 khi có thay đổi sai quy tắc (dời thời hạn không ghi gia hạn)."""
    from parplan.loading import load_plan
    from parplan.model import Plan
    from parplan.plandiff import (
        compare_plans,
        default_base,
        plan_at_revision,
        render_changes,
        repository_root,
    )

    _choice("--format", output_format, ("text", "md", "json"))
    warnings: list[str] = []

    def read_revision(folder: Path, wanted: int | None) -> Plan:
        """A plan extracted from git: a file the reader cannot take is a finding, not a crash."""
        try:
            return load_plan(folder, wanted, use_cache=False)
        except ParplanError:
            raise
        except (ValueError, TypeError, ArithmeticError, RecursionError, LookupError) as error:
            from parplan.findings import Finding, ValidationResult
            from parplan.plan_files import read_source

            culprits = []
            for file in sorted(folder.rglob("*.y*ml")):
                try:
                    read_source(file)
                except Exception:  # the file that crashes the reader
                    culprits.append(file)
            findings = [
                Finding(
                    Path(plans.name) / file.relative_to(folder),
                    "unreadable",
                    f"tệp ở phiên bản được so sánh làm bộ đọc YAML lỗi ({error}): không đọc được",
                )
                for file in culprits or [folder]
            ]
            raise PlanInvalid(ValidationResult(files=culprits, findings=findings)) from None

    def load_side(folder: Path | None, wanted: int | None) -> Plan | None:
        if folder is None or not folder.exists():
            return None
        try:
            return read_revision(folder, wanted)
        except UsageProblem:
            return None  # that version has no plan of this year

    if base is not None and Path(base).is_dir():
        head_folder = Path(head) if head is not None else plans
        if not head_folder.is_dir():
            raise UsageProblem(f"'{head_folder}' không phải thư mục kế hoạch")
        new = load_plan(head_folder, year, use_cache=False)
        old = load_side(Path(base), new.year)
        base_name, head_name = base, str(head_folder)
    else:
        repository = repository_root(plans)
        base_revision = base or default_base(repository)
        if head is not None:
            with plan_at_revision(repository, plans, head, warnings) as folder:
                if folder is None:
                    raise UsageProblem(f"phiên bản '{head}' không có thư mục '{plans}'")
                found = folder
                new = _warned(warnings, lambda: read_revision(found, year))
        else:
            new = load_plan(plans, year, use_cache=False)
        with plan_at_revision(repository, plans, base_revision, warnings) as folder:
            old = _warned(warnings, lambda: load_side(folder, new.year))
        base_name = base or f"{base_revision[:10]} (điểm rẽ nhánh)"
        head_name = head or "bản đang sửa"
    _warned(warnings, lambda: None)
    changes = compare_plans(old, new)
    sys.stdout.write(render_changes(changes, output_format, base_name, head_name))
    raise typer.Exit(1 if any(change.severity == "error" for change in changes) else 0)


_T = TypeVar("_T")


def _warned(warnings: list[str], action: Callable[[], _T]) -> _T:
    """Run ``action``, then print (once) the warnings gathered so far, even when it fails."""
    try:
        return action()
    finally:
        for warning in warnings:
            sys.stderr.write(f"parplan: cảnh báo: {warning}\n")
        warnings.clear()


def _is_stdout(output: Path | None) -> bool:
    """``-`` as an output file means standard output, for every command."""
    return output is not None and str(output) == "-"


def _write_document(
    output: Path, content: bytes, plans: Path, plan_folder: Path | None, option: str = "--output"
) -> None:
    """Write a document, never into a plan folder nor through a symbolic link (parplan.output)."""
    from parplan.output import plan_folders, write_output_file

    write_output_file(output, content, plan_folders(plans, plan_folder), option)


@app.command(cls=_ParplanCommand)
def report(
    quarter: Annotated[
        str | None,
        typer.Option("--quarter", "-q", help="Quý: I, II, III, IV (hoặc 1–4).", show_default=False),
    ] = None,
    half: Annotated[
        str | None,
        typer.Option("--half", help="6 tháng: 1 (đầu năm) hoặc 2 (cuối năm).", show_default=False),
    ] = None,
    nine_months: Annotated[bool, typer.Option("--nine-months", help="Báo cáo 9 tháng.")] = False,
    annual: Annotated[bool, typer.Option("--annual", help="Báo cáo năm.")] = False,
    plans: PlansOption = Path("plans"),
    year: YearOption = None,
    output_format: Annotated[
        str, typer.Option("--format", help="Dạng: docx (Word), html, md.", show_default=False)
    ] = "docx",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-O",
            help="Tệp kết quả; '-' in ra màn hình (html, md). Mặc định: docx, html ghi "
            "bao-cao-<kỳ>-<năm>.<đuôi> trong thư mục hiện tại; md in ra màn hình.",
            show_default=False,
        ),
    ] = None,
    number: Annotated[
        str | None,
        typer.Option(
            "--number", help="Số của báo cáo (không có: bản dự thảo).", show_default=False
        ),
    ] = None,
    signed_on: Annotated[
        str | None,
        typer.Option(
            "--date", help="Ngày ký, dd/mm/yyyy (không có: bản dự thảo).", show_default=False
        ),
    ] = None,
) -> None:
    """Báo cáo định kỳ theo thể thức Nghị định 30/2020/NĐ-CP, số liệu theo kỳ chốt số liệu của
    kế hoạch: Word để sửa và ký, HTML để in, Markdown để đọc trong pull request."""
    from parplan.loading import load_plan
    from parplan.periods import Period
    from parplan.report import (
        REPORT_FORMATS,
        build_report,
        default_report_name,
        parse_half,
        parse_quarter,
        render_report,
    )

    chosen = [
        name
        for name, given in (
            ("--quarter", quarter is not None),
            ("--half", half is not None),
            ("--nine-months", nine_months),
            ("--annual", annual),
        )
        if given
    ]
    if not chosen:
        raise UsageProblem("chọn kỳ báo cáo: --quarter, --half, --nine-months hoặc --annual")
    if len(chosen) > 1:
        raise UsageProblem(f"chỉ chọn một kỳ báo cáo, không cùng lúc {' và '.join(chosen)}")
    _choice("--format", output_format, REPORT_FORMATS)
    if quarter is not None:
        period = parse_quarter(quarter)
    elif half is not None:
        period = parse_half(half)
    else:
        period = Period.M9 if nine_months else Period.Y
    day = _optional_date("--date", signed_on)
    plan = load_plan(plans, year, use_cache=_use_cache())
    data = build_report(plan, period, number=number, signed_on=day)
    content = render_report(plan, data, output_format)
    if (output is None and output_format == "md") or _is_stdout(output):
        if output_format == "docx":
            raise UsageProblem("tệp Word không in ra màn hình được: chọn --output TỆP.docx")
        sys.stdout.write(content.decode("utf-8"))
        return
    target = output or Path(default_report_name(period, plan.year, output_format))
    _write_document(target, content, plans, plan.folder)
    state = "bản dự thảo" if data.header.draft else data.header.number_line
    sys.stdout.write(f"Đã ghi báo cáo {data.period_title} ({state}) vào {target}.\n")


@app.command(cls=_ParplanCommand)
def calendar(
    plans: PlansOption = Path("plans"),
    year: YearOption = None,
    department: DepartmentOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-O", help="Tệp .ics (mặc định: in ra màn hình).", show_default=False
        ),
    ] = None,
    alarm_days: Annotated[
        int,
        typer.Option(
            "--alarm-days", help="Nhắc trước hạn bao nhiêu ngày làm việc (0: không nhắc)."
        ),
    ] = 3,
    as_of: AsOfOption = None,
) -> None:
    """Lịch iCalendar (.ics) của mọi thời hạn, mỗi kỳ một sự kiện cả ngày, có nhắc trước hạn;
    nhập vào Outlook, Google Calendar, lịch điện thoại. Nhập lại thì cập nhật, không nhân đôi."""
    from parplan.calendar_feed import calendar_feed
    from parplan.loading import load_plan
    from parplan.status import resolve_unit

    if not 0 <= alarm_days <= 60:
        raise UsageProblem("--alarm-days phải là số ngày làm việc từ 0 đến 60")
    plan = load_plan(plans, year, use_cache=_use_cache())
    unit = resolve_unit(plan, department) if department is not None else None
    content = calendar_feed(plan, unit=unit, alarm_working_days=alarm_days, as_of=_as_of(as_of))
    if output is None or _is_stdout(output):
        sys.stdout.write(content.decode("utf-8"))
        return
    _write_document(output, content, plans, plan.folder)
    sys.stdout.write(f"Đã ghi lịch vào {output}.\n")


@app.command(cls=_ParplanCommand)
def site(
    out: Annotated[
        Path, typer.Option("--out", help="Thư mục ghi site (tạo nếu chưa có).", show_default=False)
    ],
    plans: PlansOption = Path("plans"),
    year: YearOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Site HTML tĩnh bằng tiếng Việt: trang tổng quan có biểu đồ, trang từng đơn vị, từng nhiệm
    vụ, và các báo cáo đã chốt số liệu. Mở trực tiếp bằng trình duyệt hoặc đăng từ CI."""
    from parplan.loading import load_plan
    from parplan.output import OutputFolder, plan_folders
    from parplan.website import build_site

    day = _as_of(as_of)
    plan = load_plan(plans, year, use_cache=_use_cache())
    folder = OutputFolder(out, plan_folders(plans, plan.folder), "--out", create=True)
    written = build_site(plan, day, folder)
    sys.stdout.write(f"Đã ghi {len(written)} trang vào {out}; mở {out / 'index.html'}.\n")


_STDOUT_FAILURES: list[OSError] = []
"""Errors of writing to standard output, recorded by :class:`_GuardedStdout`."""


class _GuardedStdout:
    """Standard output that records why a write or flush failed (full disk, closed pipe), so the
    failure is told apart from any other OSError and reported once, in Vietnamese."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return int(self._stream.write(text))
        except OSError as error:
            _STDOUT_FAILURES.append(error)
            raise

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as error:
            _STDOUT_FAILURES.append(error)
            raise

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _stdout_message(error: OSError) -> str:
    if error.errno == errno.EBADF:
        return "đầu ra chuẩn đã bị đóng: không in được kết quả (bỏ '>&-' hoặc chuyển vào một tệp)"
    reason = "hết chỗ trống trên đĩa" if error.errno == errno.ENOSPC else error.strerror
    return f"không ghi được ra đầu ra chuẩn: {reason}"


def _stdout_closed() -> bool:
    try:
        os.fstat(1)
    except OSError:
        return True
    return sys.stdout is None


def main() -> None:
    """Entry point of the ``parplan`` console script.

    A run is short and keeps what it builds: the cycle collector is switched off, and the process
    ends without tearing down the plan object by object (output is flushed first).

    Standard output closed (``>&-``) refuses the run before it does anything; standard output full
    (``> /dev/full``) or failing is a message and exit 2; a reader that went away (``| head -c1``)
    is no error (exit 0).
    """
    gc.disable()
    if _stdout_closed():
        sys.stderr.write(f"parplan: lỗi: {_stdout_message(OSError(errno.EBADF, 'closed'))}\n")
        sys.stderr.flush()
        os._exit(EXIT_USAGE)
    sys.stdout = _GuardedStdout(sys.stdout)
    code = 0
    try:
        app()
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    if not _STDOUT_FAILURES:
        with contextlib.suppress(OSError):
            sys.stdout.flush()
    if _STDOUT_FAILURES and isinstance(_STDOUT_FAILURES[0], BrokenPipeError):
        code = 0  # the reader went away (| head): what it wanted was written
    elif _STDOUT_FAILURES and code == 0:
        sys.stderr.write(f"parplan: lỗi: {_stdout_message(_STDOUT_FAILURES[0])}\n")
        code = EXIT_USAGE
    with contextlib.suppress(OSError):
        sys.stderr.flush()
    os._exit(code)
