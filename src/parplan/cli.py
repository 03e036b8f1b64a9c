"""The ``parplan`` command line: a thin layer that turns options into calls of the core.

Every error reaches the user once, here: in Vietnamese, on standard error, with the exit code
documented in README.md and :mod:`parplan.errors`; never a Python traceback.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from parplan import __version__
from parplan.errors import EXIT_INTERNAL, EXIT_USAGE, ParplanError, PlanInvalid, UsageProblem

__all__ = ["app", "main"]

_CLICK_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"^No such option: (\S+)(?: Did you mean (.+)\?)?$", "không có tùy chọn {0}"),
        (r"^No such command '(.+)'\.?$", "không có lệnh '{0}'; xem 'parplan --help'"),
        (r"^Missing command\.?$", "thiếu lệnh; xem 'parplan --help'"),
        (r"^Missing option '(.+)'\.?.*$", "thiếu tùy chọn bắt buộc '{0}'"),
        (r"^Missing argument '(.+)'\.?$", "thiếu đối số '{0}'"),
        (r"^Option '(.+)' requires an argument\.?$", "tùy chọn '{0}' cần một giá trị"),
        (r"^Got unexpected extra arguments? \((.+)\)$", "thừa đối số: {0}"),
        (r"^Invalid value for '(.+?)': (.+)$", "giá trị không hợp lệ cho '{0}': {1}"),
        (r"^Option '(.+)' does not take a value\.?$", "tùy chọn '{0}' không nhận giá trị"),
    )
)


def _vietnamese_usage_message(message: str) -> str:
    for pattern, replacement in _CLICK_MESSAGES:
        match = pattern.match(message.strip())
        if match:
            text = replacement.format(*match.groups())
            if "Did you mean" in message and match.lastindex and match.group(match.lastindex):
                text += f"; bạn có muốn viết {match.group(match.lastindex)}?"
            return text
    return message


def _fail(message: str, code: int) -> NoReturn:
    sys.stderr.write(f"parplan: lỗi: {message}\n")
    sys.exit(code)


class _ParplanGroup(TyperGroup):
    """Runs the commands and turns every error into a Vietnamese message and an exit code."""

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
            from parplan.reporters import render_text

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
        "(SIPAS) của Văn phòng UBND tỉnh: kiểm tra tệp kế hoạch, xuất dữ liệu."
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


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"parplan {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="In phiên bản rồi thoát."),
    ] = False,
) -> None:
    """Theo dõi Kế hoạch nâng cao PAR Index và SIPAS của Văn phòng UBND tỉnh."""


def _choice(option: str, value: str, allowed: Sequence[str]) -> str:
    if value not in allowed:
        raise UsageProblem(
            f"giá trị không hợp lệ cho '{option}': '{value}'; chọn một trong: {', '.join(allowed)}"
        )
    return value


@app.command()
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
    from parplan.loading import validate_paths
    from parplan.reporters import render_findings

    if output_format is None:
        under_actions = os.environ.get("GITHUB_ACTIONS", "").lower() not in ("", "false", "0")
        output_format = "github" if under_actions else "text"
    _choice("--format", output_format, ("text", "json", "github"))
    result, _ = validate_paths(list(paths) if paths else [plans])
    sys.stdout.write(render_findings(result, output_format, Path.cwd()))
    raise typer.Exit(0 if result.ok else 1)


@app.command()
def schema(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Ghi vào tệp thay vì in ra.", show_default=False),
    ] = None,
) -> None:
    """In JSON Schema của tệp kế hoạch (bản trong plans/parplan.schema.json được giữ khớp)."""
    from parplan.output import write_text_atomically
    from parplan.schema import plan_file_schema_text

    text = plan_file_schema_text()
    if output is None:
        sys.stdout.write(text)
    else:
        write_text_atomically(output, text)


@app.command()
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
    plan = load_plan(plans, year)
    sys.stdout.write(plan_json(plan))


def main() -> None:
    """Entry point of the ``parplan`` console script."""
    app()
