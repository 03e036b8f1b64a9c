"""The one family of user-facing errors, caught once at the command line.

Exit codes (documented in README.md):
    0  success; the plan is valid
    1  the plan has problems (validation findings), or a command refused an invalid plan
    2  usage error: bad option or argument, path that does not exist, unknown year or unit
    3  internal error of parplan (a bug: please report it)
"""

from __future__ import annotations

from parplan.findings import ValidationResult

__all__ = [
    "EXIT_INTERNAL",
    "EXIT_OK",
    "EXIT_PROBLEMS",
    "EXIT_USAGE",
    "ParplanError",
    "PlanInvalid",
    "TemplateProblem",
    "UsageProblem",
]

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


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
