"""Documents from Jinja templates: the package's templates, overridden by an office's own.

Templates live in ``templates/`` (installed as ``parplan/templates``). An office overrides one by
putting a file of the same name in ``templates/`` inside its plan folder. Plan text is data and is
escaped for the output format (HTML autoescaping, the ``md`` filter for Markdown).

An office template is code written by someone other than the person running parplan (a CI job
runs whatever the plan repository holds), so rendering is confined:

- templates see data only (:mod:`parplan.template_data`): :func:`template_data` turns the context into plain values (text,
  numbers, dates, lists and mappings of them) and refuses anything else, so no object with methods
  that reach the system (a ``Path``, the plan model) is ever handed to a template;
- templates run in Jinja's immutable sandbox, without ``lipsum``, with a bounded ``range``, and
  under a budget of work, time, size of any value made and size of output (the ``MAX_*`` constants
  below);
- template files are read only from inside their search folder, never through a symbolic link that
  leaves it, only when they are regular files of bounded size, and only as UTF-8;
- every failure of a template, whatever raised it, becomes a :class:`TemplateProblem` (exit 1)
  whose Vietnamese message names the template file and, where Jinja knows it, the line.

This module is the way in: :func:`render_template`, :class:`DocumentRenderer` (many documents
from the same templates) and :func:`render_docx`. The pieces live
apart: the limits in :mod:`parplan.template_limits`, the budget in :mod:`parplan.template_budget`,
the sandbox in :mod:`parplan.template_sandbox`, the confined reading in
:mod:`parplan.template_loader`, the plain data in :mod:`parplan.template_data` and the filters
``vn_date``, ``percent``, ``md`` in :mod:`parplan.template_filters` (``format_date`` and the others
are also importable from here).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from parplan.errors import TemplateProblem
from parplan.template_budget import Budget, data_size
from parplan.template_data import plan_data, progress_data, task_data, template_data, unit_data
from parplan.template_filters import format_date, format_percent, md_escape
from parplan.template_limits import (
    MAX_DOCX_BYTES,
    MAX_DOCX_UNPACKED_BYTES,
    MAX_FORMAT_WIDTH,
    MAX_INT_BITS,
    MAX_OPERATIONS,
    MAX_OUTPUT_CHARS,
    MAX_RANGE_ITEMS,
    MAX_RENDER_SECONDS,
    MAX_SEQUENCE_ITEMS,
    MAX_TEMPLATE_BYTES,
    MAX_VALUE_CHARS,
)
from parplan.template_loader import check_docx_parts, docx_source, search_path, templates_dir
from parplan.template_sandbox import environment as sandboxed_environment

if TYPE_CHECKING:
    import jinja2


__all__ = [
    "MAX_DOCX_BYTES",
    "MAX_DOCX_UNPACKED_BYTES",
    "MAX_FORMAT_WIDTH",
    "MAX_INT_BITS",
    "MAX_OPERATIONS",
    "MAX_OUTPUT_CHARS",
    "MAX_RANGE_ITEMS",
    "MAX_RENDER_SECONDS",
    "MAX_SEQUENCE_ITEMS",
    "MAX_TEMPLATE_BYTES",
    "MAX_VALUE_CHARS",
    "DocumentRenderer",
    "TemplateProblem",
    "format_date",
    "format_percent",
    "md_escape",
    "plan_data",
    "progress_data",
    "render_docx",
    "render_template",
    "task_data",
    "template_data",
    "templates_dir",
    "unit_data",
]


def _where(error: BaseException, fallback: str, names: Iterable[str]) -> tuple[str, int | None]:
    """The template file and line an error was raised in: Jinja's own for a syntax error, else
    the innermost template frame of Jinja's rewritten traceback (``<template>``, a template made
    from a string such as a Word part, stands for ``fallback``)."""
    import jinja2

    if isinstance(error, jinja2.TemplateSyntaxError):
        name = error.filename if error.filename and error.filename != "<template>" else fallback
        return name, error.lineno
    known = {*names, "<template>"}
    place, line = fallback, None
    traceback: TracebackType | None = error.__traceback__
    while traceback is not None:
        filename = traceback.tb_frame.f_code.co_filename
        if filename in known:
            place = fallback if filename == "<template>" else filename
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return place, line


def _problem(error: Exception, fallback: str, names: Iterable[str]) -> TemplateProblem:
    """Any failure of a template as a Vietnamese message naming the file (and line)."""
    import jinja2

    place, line = _where(error, fallback, names)
    at = f"mẫu {place}" + (f", dòng {line}" if line else "")
    if isinstance(error, TemplateProblem):  # refused by the loader: say which template asked
        return TemplateProblem(f"{at}: {error.message}") if line else error
    if isinstance(error, jinja2.TemplateSyntaxError):
        return TemplateProblem(f"{at}: lỗi cú pháp Jinja: {error.message}")
    if isinstance(error, jinja2.TemplateNotFound):
        return TemplateProblem(f"{at}: không tìm thấy mẫu '{error.name}'")
    if isinstance(error, jinja2.UndefinedError):
        return TemplateProblem(f"{at}: dùng biến không có: {error.message}")
    if isinstance(error, jinja2.exceptions.SecurityError):
        return TemplateProblem(f"{at}: làm việc không được phép: {error}")
    if isinstance(error, ZeroDivisionError):
        return TemplateProblem(f"{at}: chia cho 0")
    if isinstance(error, RecursionError):
        return TemplateProblem(f"{at}: gọi lồng nhau quá sâu (đệ quy không dừng?)")
    if isinstance(error, MemoryError):
        return TemplateProblem(f"{at}: dùng quá nhiều bộ nhớ")
    return TemplateProblem(f"{at}: lỗi khi điền mẫu ({type(error).__name__}: {error})")


def _loaded_names(environment: jinja2.Environment) -> list[str]:
    cache = environment.cache or {}
    return [template.filename for template in cache.values() if template.filename]


def render_template(name: str, context: dict[str, Any], override_dir: Path | None = None) -> str:
    """Render template ``name`` with ``context`` (plain data: :func:`template_data`); a template
    in ``override_dir`` wins. Every failure is a :class:`TemplateProblem`."""
    return DocumentRenderer(override_dir).render(name, context)


class DocumentRenderer:
    """Renders many documents from the same templates (a site's thousands of pages):
    each template read and compiled once, in one sandbox per search path, and each document
    rendered on a budget of its own (the sandbox's budget restarted before it, its limits grown
    with the size of the document's data), as :func:`render_template` renders one.

    ``shared`` is context every document sees (a site's ``plan``): made plain data once, here,
    rather than once per document; a document's own context wins over it."""

    def __init__(self, override_dir: Path | None = None, shared: dict[str, Any] | None = None):
        self.override_dir = override_dir
        self.shared: dict[str, Any] = template_data(shared) if shared else {}
        self.shared_size = data_size(self.shared)
        self._sandboxes: dict[tuple[Path, ...], tuple[jinja2.Environment, Budget]] = {}

    def render(self, name: str, context: dict[str, Any]) -> str:
        """Template ``name`` with the shared context and ``context``. Every failure is a
        :class:`TemplateProblem`."""
        import jinja2

        own = template_data(context)
        data = {**self.shared, **own}
        search = search_path(self.override_dir, name)
        found = self._sandboxes.get(tuple(search))
        if found is None:
            budget = Budget()
            found = self._sandboxes[tuple(search)] = (
                sandboxed_environment(search, budget),
                budget,
            )
        environment, budget = found
        budget.restart(self.shared_size + data_size(own))
        try:
            return environment.get_template(name).render(data)
        except jinja2.TemplateNotFound as error:
            if error.name == name:
                raise TemplateProblem(
                    f"không tìm thấy mẫu '{name}' trong "
                    f"{', '.join(str(folder) for folder in search)}"
                ) from None
            raise _problem(error, name, _loaded_names(environment)) from None
        except Exception as error:  # a template fault, whatever raised it (the boundary)
            raise _problem(error, name, _loaded_names(environment)) from None


def render_docx(name: str, context: dict[str, Any], override_dir: Path | None = None) -> bytes:
    """Render the Word template ``name`` (docxtpl) in the same sandbox, with the same plain data,
    plan text escaped. Every failure, of Jinja or of reading the Word file, is a
    :class:`TemplateProblem`."""
    from docxtpl import DocxTemplate

    data = template_data(context)
    search = search_path(override_dir, name)
    path, source = docx_source(search, name)
    environment = sandboxed_environment(search, Budget(data_size(data)))  # the clock runs
    try:
        document = DocxTemplate(io.BytesIO(source))
        document.init_docx()
        check_docx_parts(document.docx, path)
        document.render(data, jinja_env=environment, autoescape=True)
        buffer = io.BytesIO()
        document.save(buffer)
    except Exception as error:  # a template fault, whatever raised it (the boundary)
        raise _problem(error, str(path), _loaded_names(environment)) from None
    return buffer.getvalue()
