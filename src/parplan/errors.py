"""The one family of user-facing errors, caught once at the command line, and the exit codes.

Exit codes (:data:`EXIT_CODES`; README.md's table lists the same codes with the same meanings,
a test keeps them in step).
"""

from __future__ import annotations

from pathlib import Path

from parplan.findings import ValidationResult

__all__ = [
    "EXIT_CODES",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_PROBLEMS",
    "EXIT_USAGE",
    "OutputExists",
    "ParplanError",
    "PlanInvalid",
    "TemplateProblem",
    "UsageProblem",
]

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130

EXIT_CODES: dict[int, str] = {
    EXIT_OK: "success; the plan is valid",
    EXIT_PROBLEMS: "the plan has problems, or an output file exists (--force)",
    EXIT_USAGE: "usage error",
    EXIT_INTERNAL: "internal error of parplan",
    EXIT_INTERRUPTED: "interrupted (Ctrl-C)",
}
"""Every exit code and the start of its meaning, as README.md's table says it."""


class ParplanError(Exception):
    """An error the user can act on; its message is Vietnamese and names the file or option."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageProblem(ParplanError):
    """Bad option, argument or path."""

    exit_code = EXIT_USAGE


class PlanInvalid(ParplanError):
    """The plan did not validate; the findings say where and why."""

    exit_code = EXIT_PROBLEMS

    def __init__(self, result: ValidationResult, action: str | None = None) -> None:
        count = len(result.errors)
        super().__init__(
            f"{action} ({count} lỗi ở trên)"
            if action
            else f"kế hoạch có {count} lỗi; chạy 'parplan validate' để xem chi tiết rồi sửa trước khi dùng"
        )
        self.result = result


class TemplateProblem(ParplanError):
    """A template could not be rendered: broken, hostile, over its budget or not readable. The
    message names the template file (and the line, where Jinja knows it)."""

    exit_code = EXIT_PROBLEMS


class OutputExists(ParplanError):
    """The output file exists and ``--force`` was not given: an edited draft is work, never
    overwritten silently. The file is left as it was."""

    exit_code = EXIT_PROBLEMS

    def __init__(self, path: Path, elsewhere: str = "chọn tên khác bằng --output") -> None:
        super().__init__(
            f"tệp '{path}' đã có (có thể là bản đã sửa): không ghi đè; thêm --force để ghi đè, "
            f"hoặc {elsewhere}"
        )
        self.path = path
