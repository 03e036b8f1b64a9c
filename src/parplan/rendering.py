"""Documents from Jinja templates: the package's templates, overridden by an office's own.

Templates live in ``templates/`` (installed as ``parplan/templates``). An office overrides one by
putting a file of the same name in ``templates/`` inside its plan folder. Templates render in
Jinja's sandbox with undefined variables as errors; plan text is data and is escaped for the
output format (HTML autoescaping, the ``md`` filter for Markdown).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from parplan.errors import ParplanError

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment

__all__ = [
    "format_date",
    "format_percent",
    "md_escape",
    "render_docx",
    "render_template",
    "templates_dir",
]

_PACKAGE = Path(__file__).resolve().parent


def templates_dir() -> Path:
    """The package's own templates: ``parplan/templates`` once installed, the repository's
    top-level ``templates/`` when running from a checkout."""
    installed = _PACKAGE / "templates"
    return installed if installed.is_dir() else _PACKAGE.parent.parent / "templates"


def format_date(value: date | None, missing: str = "…") -> str:
    """dd/mm/yyyy, as Vietnamese documents write dates."""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}" if value is not None else missing


def format_percent(value: float) -> str:
    """42,9% or 100%: Vietnamese decimal comma, no decimals for whole numbers."""
    if value == int(value):
        return f"{int(value)}%"
    return f"{value:.1f}".replace(".", ",") + "%"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md_escape(value: object) -> str:
    """Plan text as literal Markdown: one line, special characters escaped, no HTML."""
    text = " ".join(str(value).split())
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return text.replace("<", "&lt;")


def _is_markup(name: str | None) -> bool:
    """HTML and XML templates (``report.html.j2``) are autoescaped; Markdown uses ``| md``."""
    stem = (name or "").removesuffix(".j2")
    return stem.endswith((".html", ".htm", ".xml"))


def _search_path(override_dir: Path | None) -> list[Path]:
    search = [override_dir] if override_dir is not None and override_dir.is_dir() else []
    return [*search, templates_dir()]


def _environment(search: list[Path]) -> SandboxedEnvironment:
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    environment = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader([str(folder) for folder in search]),
        autoescape=_is_markup,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["vn_date"] = format_date
    environment.filters["md"] = md_escape
    environment.filters["percent"] = format_percent
    return environment


def render_template(name: str, context: dict[str, Any], override_dir: Path | None = None) -> str:
    """Render template ``name`` with ``context``; a template in ``override_dir`` wins."""
    import jinja2

    search = _search_path(override_dir)
    environment = _environment(search)
    try:
        return environment.get_template(name).render(context)
    except jinja2.TemplateNotFound:
        raise ParplanError(
            f"không tìm thấy mẫu '{name}' trong {', '.join(str(folder) for folder in search)}"
        ) from None
    except jinja2.TemplateSyntaxError as error:
        raise ParplanError(
            f"mẫu {error.filename or name}:{error.lineno}: lỗi cú pháp Jinja: {error.message}"
        ) from None
    except jinja2.UndefinedError as error:
        raise ParplanError(f"mẫu '{name}' dùng biến không có: {error.message}") from None
    except jinja2.exceptions.SecurityError as error:
        raise ParplanError(f"mẫu '{name}' làm việc không được phép: {error}") from None


def render_docx(name: str, context: dict[str, Any], override_dir: Path | None = None) -> bytes:
    """Render the Word template ``name`` (docxtpl) in the sandbox, with plan text escaped."""
    import io

    import jinja2
    from docxtpl import DocxTemplate

    search = _search_path(override_dir)
    path = next((folder / name for folder in search if (folder / name).is_file()), None)
    if path is None:
        raise ParplanError(
            f"không tìm thấy mẫu '{name}' trong {', '.join(str(folder) for folder in search)}"
        )
    environment = _environment(search)
    try:
        document = DocxTemplate(str(path))
        document.render(context, jinja_env=environment, autoescape=True)
    except jinja2.TemplateSyntaxError as error:
        raise ParplanError(f"mẫu {path}: lỗi cú pháp Jinja: {error.message}") from None
    except jinja2.UndefinedError as error:
        raise ParplanError(f"mẫu {path} dùng biến không có: {error.message}") from None
    except jinja2.exceptions.SecurityError as error:
        raise ParplanError(f"mẫu {path} làm việc không được phép: {error}") from None
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
