"""The ``parplan`` group: runs a command and turns every error into a Vietnamese message and an
exit code (:data:`parplan.errors.EXIT_CODES`), never a Python traceback; the console entry point."""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any, NoReturn, ParamSpec, TypeVar

import typer
from typer.core import TyperCommand, TyperGroup

from parplan import __version__
from parplan.cli.options import SETTINGS
from parplan.cli.vietnamese import VietnameseHelp, usage_message
from parplan.errors import (
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    ParplanError,
    PlanInvalid,
)

__all__ = ["ParplanCommand", "app", "main", "say", "warn"]

INTERNAL_ERROR_HINT = "Đặt PARPLAN_DEBUG=1 để xem chi tiết và báo cho người bảo trì"


def say(message: str) -> None:
    """One line for the person at the terminal: plan text and paths in it shown escaped."""
    from parplan.neutralise import terminal_text

    sys.stdout.write(f"{terminal_text(message, keep_newlines=False)}\n")


def warn(message: str) -> None:
    """A warning on standard error, escaped as :func:`say` does."""
    from parplan.neutralise import terminal_text

    sys.stderr.write(f"parplan: cảnh báo: {terminal_text(message, keep_newlines=False)}\n")


def _fail(message: str, code: int) -> NoReturn:
    from parplan.neutralise import terminal_text

    sys.stderr.write(f"parplan: lỗi: {terminal_text(message)}\n")
    sys.exit(code)


def _stopped() -> NoReturn:
    sys.stderr.write("parplan: đã dừng.\n")
    sys.exit(EXIT_INTERRUPTED)


class _Interrupted(Exception):
    """Ctrl-C during a command, carried past Typer (which would turn it into a silent exit)."""


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


class ParplanCommand(VietnameseHelp, TyperCommand):
    """A parplan command: Typer's, with Vietnamese help."""


class _ParplanGroup(VietnameseHelp, TyperGroup):
    """Runs the commands and turns every error into a Vietnamese message and an exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise _Interrupted from None

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

        from parplan.standard_output import FAILURES, stdout_message

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
            _fail(usage_message(error.format_message(), getattr(error, "param", None)), EXIT_USAGE)
        except ClickException as error:
            _fail(error.format_message(), EXIT_USAGE)
        except (_Interrupted, KeyboardInterrupt):
            _stopped()
        except BrokenPipeError:
            sys.exit(0)
        except OSError:
            if not FAILURES or os.environ.get("PARPLAN_DEBUG"):
                raise
            _fail(stdout_message(FAILURES[0]), EXIT_USAGE)
        except Exception as error:  # the last line of defence: no traceback for users
            if os.environ.get("PARPLAN_DEBUG"):
                raise
            _fail(
                f"lỗi nội bộ của parplan ({type(error).__name__}: {error}). {INTERNAL_ERROR_HINT}",
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
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Đọc lại mọi tệp kế hoạch, không dùng bộ nhớ đệm (cũng: PARPLAN_NO_CACHE=1).",
        ),
    ] = False,
) -> None:
    """Theo dõi Kế hoạch nâng cao PAR Index và SIPAS của Văn phòng UBND tỉnh."""
    SETTINGS["cache"] = not no_cache


def main() -> None:
    """A run of the ``parplan`` console script (:func:`parplan.cli.main`, which registers the
    command it runs, then calls this).

    A run is short and keeps what it builds: the cycle collector is off (from
    :func:`parplan.cli.main` on), and the process ends without tearing down the plan object by
    object (output is flushed first).

    Standard output closed (``>&-``) refuses the run before it does anything; standard output full
    (``> /dev/full``) or failing is a message and exit 2; a reader that went away (``| head -c1``)
    is no error (exit 0). Ctrl-C is "đã dừng" and exit 130.
    """
    from parplan.standard_output import FAILURES, GuardedStdout, stdout_closed, stdout_message

    if sys.stderr is None:  # standard error closed (2>&-): messages go nowhere, codes stay true
        sys.stderr = Path(os.devnull).open("w", encoding="utf-8")  # noqa: SIM115 (the whole run)
    if stdout_closed():
        sys.stderr.write(f"parplan: lỗi: {stdout_message(OSError(errno.EBADF, 'closed'))}\n")
        sys.stderr.flush()
        os._exit(EXIT_USAGE)
    sys.stdout = GuardedStdout(sys.stdout)
    code = 0
    try:
        app()
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    except KeyboardInterrupt:  # before or after the command ran
        sys.stderr.write("parplan: đã dừng.\n")
        code = EXIT_INTERRUPTED
    if not FAILURES:
        with contextlib.suppress(OSError):
            sys.stdout.flush()
    if FAILURES and isinstance(FAILURES[0], BrokenPipeError):
        code = 0  # the reader went away (| head): what it wanted was written
    elif FAILURES and code == 0:
        sys.stderr.write(f"parplan: lỗi: {stdout_message(FAILURES[0])}\n")
        code = EXIT_USAGE
    with contextlib.suppress(OSError):
        sys.stderr.flush()
    os._exit(code)
