"""Documents from Jinja templates: the package's templates, overridden by an office's own.

Templates live in ``templates/`` (installed as ``parplan/templates``). An office overrides one by
putting a file of the same name in ``templates/`` inside its plan folder. Plan text is data and is
escaped for the output format (HTML autoescaping, the ``md`` filter for Markdown).

An office template is code written by someone other than the person running parplan (a CI job
runs whatever the plan repository holds), so rendering is confined:

- templates see data only: :func:`template_data` turns the context into plain values (text,
  numbers, dates, lists and mappings of them) and refuses anything else, so no object with methods
  that reach the system (a ``Path``, the plan model) is ever handed to a template;
- templates run in Jinja's immutable sandbox, without ``lipsum``, with a bounded ``range``, and
  under a budget of work, time, size of any value made and size of output (the ``MAX_*`` constants
  below);
- template files are read only from inside their search folder, never through a symbolic link that
  leaves it, only when they are regular files of bounded size, and only as UTF-8;
- every failure of a template, whatever raised it, becomes a :class:`TemplateProblem` (exit 1)
  whose Vietnamese message names the template file and, where Jinja knows it, the line.
"""

from __future__ import annotations

import io
import os
import re
import stat
import string
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from parplan.errors import TemplateProblem

if TYPE_CHECKING:
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment
    from pydantic import BaseModel

    from parplan.model import Department, Plan, Progress, Task

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

MAX_RENDER_SECONDS = 10.0
"""Wall-clock time one document may take to render (checked at every step of the template)."""
MAX_OPERATIONS = 2_000_000
"""Steps one document may take: attribute and item look-ups, calls, operators, loop turns."""
MAX_OUTPUT_CHARS = 50_000_000
"""Characters one document may produce (also the bound of any text a template assembles)."""
MAX_VALUE_CHARS = 10_000_000
"""Characters of one text value a template makes (``'a' * n``, ``s.center(n)``, ``s ~ s``)."""
MAX_SEQUENCE_ITEMS = 1_000_000
"""Items of one list a template makes (``[x] * n``, ``a + b``)."""
MAX_RANGE_ITEMS = 10_000
"""Items ``range`` may produce in one document, all calls together."""
MAX_INT_BITS = 100_000
"""Size of an integer a template may compute (``10 ** 10 ** 10`` is refused)."""
MAX_FORMAT_WIDTH = 10_000
"""Widths and precisions in format strings (``'%10000000000d'``) and padding filters."""
MAX_TEMPLATE_BYTES = 1_000_000
"""Size of a text template file."""
MAX_DOCX_BYTES = 20_000_000
"""Size of a Word template file."""
MAX_DOCX_UNPACKED_BYTES = 100_000_000
"""Size of a Word template's parts once unpacked (a zip bomb is refused before it is opened)."""

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


# --- Data only ---------------------------------------------------------------------------------

_SCALARS = (str, int, float, bool, type(None), date, datetime)


def template_data(value: object) -> Any:
    """``value`` as plain data for a template: ``str``, ``int``, ``float``, ``bool``, ``None``,
    ``date``, ``datetime`` and lists, tuples and ``str``-keyed dicts of them (copied).

    Anything else (a ``Path``, a pydantic model, a dataclass, an enum, a subclass of ``str``, a
    function) raises ``TypeError``: context builders convert their objects explicitly, so nothing
    that can reach the file system or the process is ever handed to a template by mistake.
    """
    return _plain(value, "context", set())


def _plain(value: object, where: str, seen: set[int]) -> Any:
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind in (list, tuple, dict):
        if id(value) in seen:
            raise TypeError(f"{where}: dữ liệu cho mẫu tự chứa chính nó")
        seen.add(id(value))
        try:
            if isinstance(value, dict):
                result: dict[str, Any] = {}
                for key, item in value.items():
                    if type(key) is not str:
                        raise TypeError(f"{where}: khóa {key!r} không phải chuỗi")
                    result[key] = _plain(item, f"{where}.{key}", seen)
                return result
            assert isinstance(value, list | tuple)
            items = [_plain(item, f"{where}[{index}]", seen) for index, item in enumerate(value)]
            return items if kind is list else tuple(items)
        finally:
            seen.discard(id(value))
    raise TypeError(
        f"{where}: mẫu chỉ nhận dữ liệu thuần (chuỗi, số, ngày, danh sách, từ điển), "
        f"không nhận {kind.__module__}.{kind.__qualname__}"
    )


def _dump(model: BaseModel) -> dict[str, Any]:
    """A plan model's fields as plain data (the model's own types are all plain)."""
    return template_data(model.model_dump(mode="python"))  # type: ignore[no-any-return]


def unit_data(unit: Department) -> dict[str, Any]:
    """A unit (phòng, ban, …) as templates see it: code, name, kind, aliases, confirmed, source."""
    return _dump(unit)


def plan_data(plan: Plan) -> dict[str, Any]:
    """What templates see as ``plan``: the year, the plan document (with ``display_name``) and
    the registries (departments, par_fields, sipas_factors); tasks are passed where needed."""
    document = _dump(plan.document)
    document["display_name"] = plan.document.display_name
    return {
        "year": plan.year,
        "document": document,
        "departments": [unit_data(unit) for unit in plan.departments],
        "par_fields": [_dump(item) for item in plan.par_fields],
        "sipas_factors": [_dump(item) for item in plan.sipas_factors],
    }


def progress_data(progress: Progress) -> dict[str, Any]:
    """Progress of a task or occurrence: status, done_on, evidence, notes, extensions."""
    return _dump(progress)


def task_data(task: Task) -> dict[str, Any]:
    """A task's own fields; ``recurrence.periods`` are ``{"code": "Q1", "label": "quý I"}``."""
    recurrence = None
    if task.recurrence is not None:
        recurrence = {
            "periods": [{"code": str(p.value), "label": p.label} for p in task.recurrence.periods]
        }
    return {
        "id": task.id,
        "title": task.title,
        "source": task.source,
        "par_field": task.par_field,
        "sipas_factor": task.sipas_factor,
        "lead": task.lead,
        "support": list(task.support),
        "deadline": task.deadline,
        "recurrence": recurrence,
        "continuous": task.continuous,
        "carried_over": task.carried_over,
        "output": task.output,
        "to_confirm": list(task.to_confirm),
    }


# --- Budget --------------------------------------------------------------------------------------


def _security_error() -> type[Exception]:
    from jinja2.exceptions import SecurityError

    return SecurityError


class _Budget:
    """The work one document may still do; every hook of the sandbox spends from it."""

    def __init__(self) -> None:
        self.deadline = time.monotonic() + MAX_RENDER_SECONDS
        self.operations = 0
        self.range_items = 0
        self._next_clock = 0

    def refuse(self, what: str) -> None:
        raise _security_error()(f"vượt giới hạn an toàn: {what}")

    def tick(self, count: int = 1) -> None:
        self.operations += count
        if self.operations > MAX_OPERATIONS:
            self.refuse(f"quá {MAX_OPERATIONS:,} bước tính (vòng lặp, đệ quy không dừng?)")
        if self.operations >= self._next_clock:
            self._next_clock = self.operations + 256
            if time.monotonic() > self.deadline:
                self.refuse(f"chạy quá {MAX_RENDER_SECONDS:g} giây")

    def text(self, value: object, limit: int = MAX_VALUE_CHARS) -> None:
        if isinstance(value, str | bytes | bytearray) and len(value) > limit:
            self.refuse(f"chuỗi dài quá {limit:,} ký tự")
        if isinstance(value, list | tuple) and len(value) > MAX_SEQUENCE_ITEMS:
            self.refuse(f"danh sách dài quá {MAX_SEQUENCE_ITEMS:,} phần tử")


def _length(value: object) -> int:
    return len(value) if isinstance(value, str | bytes | bytearray | list | tuple) else 0


def _width(value: object, budget: _Budget) -> None:
    if isinstance(value, int) and value > MAX_FORMAT_WIDTH:
        budget.refuse(f"độ rộng {value} lớn hơn {MAX_FORMAT_WIDTH:,}")


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _check_percent_format(text: str, budget: _Budget) -> None:
    """``'%10d' % x``: widths and precisions bounded, ``*`` (width from the arguments) refused."""
    for match in _PERCENT_SPEC.finditer(text):
        for part in match.groups():
            if part == "*":
                budget.refuse("độ rộng '*' trong chuỗi định dạng")
            if part is not None:
                _width(int(part), budget)


def _check_brace_format(text: str, budget: _Budget) -> None:
    """``'{:>10}'.format(x)``: widths bounded, widths taken from the arguments refused."""
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError:
        return  # str.format raises the same error, reported as a template fault
    for _, _, spec, _ in fields:
        if spec and "{" in spec:
            budget.refuse("độ rộng lấy từ tham số trong chuỗi định dạng")
        for number in re.findall(r"\d+", spec or ""):
            _width(int(number), budget)


def _check_binop(operator: str, left: object, right: object, budget: _Budget) -> None:
    if operator == "*":
        for sequence, times in ((left, right), (right, left)):
            if isinstance(times, int) and isinstance(sequence, str | bytes | list | tuple):
                limit = MAX_VALUE_CHARS if isinstance(sequence, str | bytes) else MAX_SEQUENCE_ITEMS
                if len(sequence) * max(times, 0) > limit:
                    budget.refuse(f"phép nhân tạo dãy dài quá {limit:,}")
        if (
            isinstance(left, int)
            and isinstance(right, int)
            and left.bit_length() + right.bit_length() > MAX_INT_BITS
        ):
            budget.refuse(f"số nguyên lớn quá {MAX_INT_BITS:,} bit")
    elif operator == "+":
        if isinstance(left, str | bytes | list | tuple) and isinstance(right, type(left)):
            total = _length(left) + _length(right)
            limit = MAX_VALUE_CHARS if isinstance(left, str | bytes) else MAX_SEQUENCE_ITEMS
            if total > limit:
                budget.refuse(f"phép cộng tạo dãy dài quá {limit:,}")
    elif operator == "**":
        if (
            isinstance(left, int)
            and isinstance(right, int)
            and right > 0
            and abs(left) > 1
            and left.bit_length() * right > MAX_INT_BITS
        ):
            budget.refuse(f"lũy thừa lớn quá {MAX_INT_BITS:,} bit")
    elif operator == "%" and isinstance(left, str):
        _check_percent_format(left, budget)


_PADDING = {"center", "ljust", "rjust", "zfill"}
_FORMATS = {"format", "format_map"}


def _check_method(
    method: object, args: tuple[Any, ...], kwargs: dict[str, Any], budget: _Budget
) -> tuple[Any, ...]:
    """Bound the text methods that can allocate far more than their input; returns ``args``
    (a generator given to ``join`` is read here, item by item, within the budget)."""
    owner = getattr(method, "__self__", None)
    if not isinstance(owner, str | bytes | bytearray):
        return args
    name = getattr(method, "__name__", "")
    if name in _PADDING and args:
        if isinstance(args[0], int) and args[0] > MAX_VALUE_CHARS:
            budget.refuse(f"chuỗi dài quá {MAX_VALUE_CHARS:,} ký tự")
    elif name == "expandtabs":
        size = args[0] if args else kwargs.get("tabsize", 8)
        tabs = owner.count("\t") if isinstance(owner, str) else owner.count(b"\t")
        if isinstance(size, int) and len(owner) + tabs * size > MAX_VALUE_CHARS:
            budget.refuse(f"chuỗi dài quá {MAX_VALUE_CHARS:,} ký tự")
    elif name == "replace" and len(args) >= 2:
        old, new = args[0], args[1]
        if isinstance(old, str | bytes) and isinstance(new, str | bytes):
            count = len(owner) + 1 if not old else owner.count(old)  # type: ignore[arg-type]
            limit = (
                args[2] if len(args) > 2 and isinstance(args[2], int) and args[2] >= 0 else count
            )
            if len(owner) + min(count, limit) * max(len(new) - len(old), 0) > MAX_VALUE_CHARS:
                budget.refuse(f"chuỗi dài quá {MAX_VALUE_CHARS:,} ký tự")
    elif name == "join" and args:
        items = _bounded_items(args[0], budget)
        total = sum(_length(item) for item in items) + len(owner) * max(len(items) - 1, 0)
        if total > MAX_VALUE_CHARS:
            budget.refuse(f"chuỗi dài quá {MAX_VALUE_CHARS:,} ký tự")
        return (items, *args[1:])
    elif name in _FORMATS and isinstance(owner, str):
        _check_brace_format(owner, budget)
    return args


def _bounded_items(iterable: object, budget: _Budget) -> list[Any]:
    items: list[Any] = []
    for item in iterable:  # type: ignore[attr-defined]
        budget.tick()
        items.append(item)
        if len(items) > MAX_SEQUENCE_ITEMS:
            budget.refuse(f"danh sách dài quá {MAX_SEQUENCE_ITEMS:,} phần tử")
    return items


class _BoundedRange:
    """``range`` for templates: at most ``MAX_RANGE_ITEMS`` items in one document."""

    def __init__(self, budget: _Budget) -> None:
        self._budget = budget

    def __call__(self, *args: int) -> range:
        numbers = range(*args)
        try:
            size = len(numbers)
        except OverflowError:
            size = MAX_RANGE_ITEMS + 1
        self._budget.range_items += size
        if self._budget.range_items > MAX_RANGE_ITEMS:
            self._budget.refuse(f"range() quá {MAX_RANGE_ITEMS:,} số trong một văn bản")
        return numbers


# --- Files ---------------------------------------------------------------------------------------


def _read_confined(folder: Path, name: str, limit: int) -> tuple[Path, bytes] | None:
    """The bytes of ``folder/name``, or None when there is no such file.

    Refused (TemplateProblem): a name or symbolic link leading out of the folder's real path, a
    file that is not regular (a FIFO would block), a file larger than ``limit``."""
    shown = folder / name
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or ".." in parts or any(":" in part for part in parts[:1]):
        raise TemplateProblem(f"mẫu '{name}' nằm ngoài thư mục mẫu {folder}: không đọc")
    candidate = folder.joinpath(*[part for part in parts if part not in ("", ".")])
    if not os.path.lexists(candidate):
        return None
    root = folder.resolve()
    real = candidate.resolve()
    if not real.is_relative_to(root):
        raise TemplateProblem(
            f"mẫu {shown} là liên kết tới {real}, ngoài thư mục mẫu {folder}: không đọc"
        )
    try:
        descriptor = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError as error:
        raise TemplateProblem(f"mẫu {shown}: không mở được ({error.strerror})") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise TemplateProblem(f"mẫu {shown} không phải tệp thường: không đọc")
        if info.st_size > limit:
            raise TemplateProblem(f"mẫu {shown} lớn quá {limit:,} byte: không đọc")
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            data = stream.read(limit + 1)
    finally:
        os.close(descriptor)
    if len(data) > limit:
        raise TemplateProblem(f"mẫu {shown} lớn quá {limit:,} byte: không đọc")
    return shown, data


def _template_loader(search: list[Path]) -> jinja2.BaseLoader:
    import jinja2

    class ConfinedLoader(jinja2.BaseLoader):
        """Templates from the search folders only, read by :func:`_read_confined`, as UTF-8."""

        def get_source(
            self, environment: jinja2.Environment, template: str
        ) -> tuple[str, str, Callable[[], bool]]:
            for folder in search:
                found = _read_confined(folder, template, MAX_TEMPLATE_BYTES)
                if found is None:
                    continue
                path, data = found
                try:
                    text = data.decode("utf-8")
                except UnicodeDecodeError as error:
                    raise TemplateProblem(
                        f"mẫu {path}: không phải văn bản UTF-8 (byte {error.start}); "
                        "lưu lại tệp với mã hóa UTF-8"
                    ) from None
                return text, str(path), lambda: True
            raise jinja2.TemplateNotFound(template)

    return ConfinedLoader()


def _is_markup(name: str | None) -> bool:
    """HTML and XML templates (``report.html.j2``) are autoescaped; Markdown uses ``| md``."""
    stem = (name or "").removesuffix(".j2")
    return stem.endswith((".html", ".htm", ".xml"))


def _search_path(override_dir: Path | None, name: str) -> list[Path]:
    """The office's folder (when it exists and does not lead out of the plan folder), then the
    package's."""
    search = []
    if override_dir is not None and os.path.lexists(override_dir):
        if not override_dir.resolve().is_relative_to(override_dir.parent.resolve()):
            raise TemplateProblem(
                f"mẫu {name}: thư mục mẫu {override_dir} là liên kết ra ngoài thư mục kế hoạch: "
                "không đọc"
            )
        if override_dir.is_dir():
            search.append(override_dir)
    return [*search, templates_dir()]


# --- The sandbox ---------------------------------------------------------------------------------


def _environment(search: list[Path]) -> ImmutableSandboxedEnvironment:
    import jinja2
    from jinja2 import filters, nodes
    from jinja2.compiler import CodeGenerator, Frame
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    budget = _Budget()

    class BoundedCodeGenerator(CodeGenerator):
        def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
            """``a ~ b``: the text made is checked against ``MAX_VALUE_CHARS``."""
            self.write("environment.bounded_value(")
            super().visit_Concat(node, frame)
            self.write(")")

    class BoundedTemplate(jinja2.Template):
        def render(self, *args: Any, **kwargs: Any) -> str:
            """Rendered through ``generate``, stopping at ``MAX_OUTPUT_CHARS``."""
            return _bounded_join(self.generate(*args, **kwargs), budget)

    class HardenedEnvironment(ImmutableSandboxedEnvironment):
        code_generator_class = BoundedCodeGenerator
        template_class = BoundedTemplate
        intercepted_binops = frozenset({"*", "**", "+", "%"})

        def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
            """Every ``{% for %}`` loop turn spends one step of the budget."""
            tree = super()._parse(source, name, filename)
            for loop in tree.find_all(nodes.For):
                loop.iter = nodes.Filter(
                    loop.iter, "_parplan_steps", [], [], None, None, lineno=loop.lineno
                )
            return tree

        def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
            """``'{:>n}'.format``: widths checked when the method is looked up."""
            owner = getattr(value, "__self__", None)
            if isinstance(owner, str) and getattr(value, "__name__", "") in _FORMATS:
                _check_brace_format(owner, budget)
            return super().wrap_str_format(value)

        def bounded_value(self, value: Any) -> Any:
            budget.tick()
            budget.text(value)
            return value

        def getattr(self, obj: Any, attribute: str) -> Any:
            budget.tick()
            return super().getattr(obj, attribute)

        def getitem(self, obj: Any, argument: Any) -> Any:
            budget.tick()
            return super().getitem(obj, argument)

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            budget.tick()
            _check_binop(operator, left, right, budget)
            return super().call_binop(context, operator, left, right)

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
            budget.tick()
            args = _check_method(__obj, args, kwargs, budget)
            result = super().call(__context, __obj, *args, **kwargs)
            budget.text(result)
            return result

    environment = HardenedEnvironment(
        loader=_template_loader(search),
        autoescape=_is_markup,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.concat = lambda pieces: _bounded_join(pieces, budget)  # type: ignore[method-assign]
    environment.globals.pop("lipsum", None)
    environment.globals["range"] = _BoundedRange(budget)
    _bounded_filters(environment.filters, budget, filters)
    environment.filters["vn_date"] = format_date
    environment.filters["md"] = md_escape
    environment.filters["percent"] = format_percent
    return environment


def _bounded_join(pieces: Iterable[str], budget: _Budget) -> str:
    """``"".join`` of a document or of a block's output, refused past ``MAX_OUTPUT_CHARS``."""
    collected: list[str] = []
    size = 0
    for piece in pieces:
        size += len(piece)
        if size > MAX_OUTPUT_CHARS:
            budget.refuse(f"văn bản dài quá {MAX_OUTPUT_CHARS:,} ký tự")
        collected.append(piece)
    return "".join(collected)


def _bounded_filters(table: dict[str, Callable[..., Any]], budget: _Budget, filters: Any) -> None:
    """The filters that could allocate far more than their input, with bounds; and the step
    counter of loops."""
    from jinja2 import pass_environment, pass_eval_context
    from jinja2.nodes import EvalContext

    def steps(iterable: Iterable[Any]) -> Iterator[Any]:
        for item in iterable:
            budget.tick()
            yield item

    def center(value: str, width: int = 80) -> str:
        _width(width, budget)
        return filters.do_center(value, width)  # type: ignore[no-any-return]

    def indent(value: str, width: int | str = 4, first: bool = False, blank: bool = False) -> str:
        _width(width if isinstance(width, int) else len(width), budget)
        lines = str(value).count("\n") + 1
        if (
            len(str(value)) + lines * (width if isinstance(width, int) else len(width))
            > MAX_VALUE_CHARS
        ):
            budget.refuse(f"chuỗi dài quá {MAX_VALUE_CHARS:,} ký tự")
        return filters.do_indent(value, width, first, blank)  # type: ignore[no-any-return]

    def format_(value: str, *args: Any, **kwargs: Any) -> str:
        _check_percent_format(str(value), budget)
        return filters.do_format(value, *args, **kwargs)  # type: ignore[no-any-return]

    @pass_eval_context
    def join(
        context: EvalContext, value: Iterable[Any], d: str = "", attribute: str | int | None = None
    ) -> str:
        if attribute is not None:
            value = map(filters.make_attrgetter(context.environment, attribute), value)
        items = _bounded_items(value, budget)
        total = sum(_length(item) or 20 for item in items) + len(d) * len(items)
        if total > MAX_VALUE_CHARS:
            budget.refuse(f"chuỗi dài quá {MAX_VALUE_CHARS:,} ký tự")
        return filters.do_join(context, items, d)  # type: ignore[no-any-return]

    @pass_eval_context
    def replace(
        context: EvalContext, value: str, old: str, new: str, count: int | None = None
    ) -> str:
        text = str(value)
        found = len(text) + 1 if not old else text.count(str(old))
        if count is not None:
            found = min(found, count)
        if len(text) + found * max(len(str(new)) - len(str(old)), 0) > MAX_VALUE_CHARS:
            budget.refuse(f"chuỗi dài quá {MAX_VALUE_CHARS:,} ký tự")
        return filters.do_replace(context, value, old, new, count)  # type: ignore[no-any-return]

    def batch(value: Iterable[Any], linecount: int, fill_with: Any = None) -> Iterator[list[Any]]:
        if fill_with is not None and linecount > MAX_SEQUENCE_ITEMS:
            budget.refuse(f"danh sách dài quá {MAX_SEQUENCE_ITEMS:,} phần tử")
        return filters.do_batch(value, linecount, fill_with)  # type: ignore[no-any-return]

    def slice_(value: Iterable[Any], slices: int, fill_with: Any = None) -> Iterator[list[Any]]:
        if slices > MAX_RANGE_ITEMS:
            budget.refuse(f"chia quá {MAX_RANGE_ITEMS:,} phần")
        return filters.do_slice(value, slices, fill_with)  # type: ignore[no-any-return]

    @pass_environment
    def sum_(
        environment: jinja2.Environment,
        iterable: Iterable[Any],
        attribute: str | int | None = None,
        start: Any = 0,
    ) -> Any:
        if type(start) not in (int, float):
            budget.refuse("sum chỉ cộng số")
        return filters.do_sum(environment, iterable, attribute, start)

    table.update(
        {
            "_parplan_steps": steps,
            "center": center,
            "indent": indent,
            "format": format_,
            "join": join,
            "replace": replace,
            "batch": batch,
            "slice": slice_,
            "sum": sum_,
        }
    )


# --- Rendering -----------------------------------------------------------------------------------


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
    import jinja2

    data = template_data(context)
    search = _search_path(override_dir, name)
    environment = _environment(search)
    try:
        return environment.get_template(name).render(data)
    except jinja2.TemplateNotFound as error:
        if error.name == name:
            raise TemplateProblem(
                f"không tìm thấy mẫu '{name}' trong {', '.join(str(folder) for folder in search)}"
            ) from None
        raise _problem(error, name, _loaded_names(environment)) from None
    except Exception as error:  # a template fault, whatever raised it (the boundary)
        raise _problem(error, name, _loaded_names(environment)) from None


def _docx_source(search: list[Path], name: str) -> tuple[Path, bytes]:
    """The Word template's bytes, read confined, after checking it is a zip of bounded size."""
    for folder in search:
        found = _read_confined(folder, name, MAX_DOCX_BYTES)
        if found is None:
            continue
        path, data = found
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                members = archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise TemplateProblem(f"mẫu {path}: không phải tệp Word (.docx) đọc được") from None
        if sum(member.file_size for member in members) > MAX_DOCX_UNPACKED_BYTES:
            raise TemplateProblem(
                f"mẫu {path}: giải nén ra quá {MAX_DOCX_UNPACKED_BYTES:,} byte: không đọc"
            )
        if "word/document.xml" not in {member.filename for member in members}:
            raise TemplateProblem(f"mẫu {path}: thiếu word/document.xml, không phải tệp Word")
        return path, data
    raise TemplateProblem(
        f"không tìm thấy mẫu '{name}' trong {', '.join(str(folder) for folder in search)}"
    )


def render_docx(name: str, context: dict[str, Any], override_dir: Path | None = None) -> bytes:
    """Render the Word template ``name`` (docxtpl) in the same sandbox, with the same plain data,
    plan text escaped. Every failure, of Jinja or of reading the Word file, is a
    :class:`TemplateProblem`."""
    from docxtpl import DocxTemplate

    data = template_data(context)
    search = _search_path(override_dir, name)
    path, source = _docx_source(search, name)
    environment = _environment(search)
    try:
        document = DocxTemplate(io.BytesIO(source))
        document.render(data, jinja_env=environment, autoescape=True)
        buffer = io.BytesIO()
        document.save(buffer)
    except Exception as error:  # a template fault, whatever raised it (the boundary)
        raise _problem(error, str(path), _loaded_names(environment)) from None
    return buffer.getvalue()
