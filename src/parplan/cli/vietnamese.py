"""The Vietnamese face of the command line: help words, and Click's English messages in Vietnamese.

Everything the clerk reads that does not come from parplan's own messages is translated here, and
only here: the section titles and notes of help screens (through the ``gettext`` hook of
``typer.core``) and the usage errors of the vendored Click (``typer._click``). Both are private
to Typer, so pyproject.toml pins the Typer range these translations are tested with.
"""

from __future__ import annotations

import re
from typing import Any

from parplan.formats import ALIASES

__all__ = ["VietnameseHelp", "usage_message"]

HELP_WORDS = {
    "Arguments": "Đối số",
    "Options": "Tùy chọn",
    "Commands": "Lệnh",
    "required": "bắt buộc",
    "default: {default}": "mặc định: {default}",
    "env var: {var}": "biến môi trường: {var}",
}
"""Words of the help screens that come from Typer in English."""

HELP_OPTION = "In hướng dẫn này rồi thoát."

RANGE_NOUNS = {"--within": "số ngày", "--alarm-days": "số ngày làm việc"}
"""What a number option counts, for the message of a number out of its declared range."""

_USAGE_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"^No such option: (\S+)(?: Did you mean (.+)\?)?$", "không có tùy chọn {0}"),
        (r"^No such command '(.+?)'\.?(?: Did you mean (.+)\?)?$", "không có lệnh '{0}'"),
        (r"^Missing command\.?$", "thiếu lệnh; xem 'parplan --help'"),
        (r"^Missing option '(.+)'\.?.*$", "thiếu tùy chọn bắt buộc '{0}'"),
        (r"^Missing argument '(.+)'\.?$", "thiếu đối số '{0}'"),
        (r"^Option '(.+)' requires an argument\.?$", "tùy chọn '{0}' cần một giá trị"),
        (r"^Got unexpected extra arguments? \((.+)\)$", "thừa đối số: {0}"),
        (r"^Option '(.+)' does not take a value\.?$", "tùy chọn '{0}' không nhận giá trị"),
    )
)
_INVALID_VALUE = re.compile(r"^Invalid value for '(.+?)': (.+)$", re.DOTALL)
_NOT_AN_INTEGER = re.compile(
    r"^'?(.*?)'? ?(?:is not a valid integer|Input should be a valid integer.*)$"
)
_OUT_OF_RANGE = re.compile(r"^Input should be (?:greater|less) than or equal to -?\d+$")
_NOT_A_CHOICE = re.compile(r"^(?:Value error, )?'(.*)' is not one of (.+)\.$")


def usage_message(message: str, param: Any = None) -> str:
    """Click's usage error ``message`` (about ``param``, when it names one) in Vietnamese;
    unchanged when no translation fits."""
    message = message.strip()
    invalid = _INVALID_VALUE.match(message)
    if invalid:
        return _value_message(invalid.group(1), invalid.group(2).strip(), param)
    for pattern, replacement in _USAGE_MESSAGES:
        match = pattern.match(message)
        if match:
            text = replacement.format(*(group or "" for group in match.groups()))
            if match.lastindex == 2 and match.group(2):
                text += f"; bạn có muốn viết {match.group(2)}?"
            return text
    return message


def _value_message(option: str, problem: str, param: Any) -> str:
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    if _OUT_OF_RANGE.match(problem) and low is not None and high is not None:
        return f"{option} phải là {RANGE_NOUNS.get(option, 'số')} từ {low} đến {high}"
    if _NOT_AN_INTEGER.match(problem):
        return f"giá trị không hợp lệ cho '{option}': phải là số nguyên"
    choice = _NOT_A_CHOICE.match(problem)
    if choice:
        names = [name.strip("'") for name in choice.group(2).split(", ")]
        listed = ", ".join(name for name in names if name not in ALIASES)
        return f"giá trị không hợp lệ cho '{option}': '{choice.group(1)}'; chọn một trong: {listed}"
    return f"giá trị không hợp lệ cho '{option}': {problem}"


def _gettext(message: str) -> str:
    return HELP_WORDS.get(message, message)


class VietnameseHelp:
    """Help screens in Vietnamese: usage line, section titles, placeholders, the --help option.

    Placeholders (NGÀY, THƯ_MỤC…) are declared with each option and argument (``metavar``)."""

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_OPTION
        return option

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = " ".join(self.collect_usage_pieces(ctx))  # type: ignore[attr-defined]
        pieces = pieces.replace("[OPTIONS]", "[TÙY_CHỌN]").replace("COMMAND [ARGS]...", "LỆNH …")
        formatter.write_usage(ctx.command_path, pieces, prefix="Cách dùng: ")

    def format_help(self, ctx: Any, formatter: Any) -> None:
        import typer.core

        typer.core._ = _gettext  # type: ignore[attr-defined]
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            if param.param_type_name == "argument" and param.metavar is not None:
                # An argument shows its placeholder as its name; not a second time as its type.
                param.display_type_rich = lambda ctx: ""
            if getattr(param, "min", None) is not None and getattr(param, "max", None) is not None:
                words = f"từ {param.min} đến {param.max}"
                param._get_number_range_help_str = lambda words=words: words
        super().format_help(ctx, formatter)  # type: ignore[misc]
