"""The sandbox templates run in: Jinja's immutable sandbox, hardened and on a budget.

Templates run without ``lipsum``, with a bounded ``range``, with the filters that could allocate
far more than their input bounded, and every look-up, call, operator and loop turn spends from the
document's :class:`~parplan.template_budget.Budget`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from parplan.template_budget import (
    FORMAT_METHODS,
    BoundedRange,
    Budget,
    bounded_items,
    bounded_join,
    check_binop,
    check_brace_format,
    check_method,
    check_percent_format,
    check_width,
)
from parplan.template_filters import format_date, format_percent, md_escape
from parplan.template_guards import check_nesting, guard_table, rendered_size
from parplan.template_limits import MAX_RANGE_ITEMS, MAX_SEQUENCE_ITEMS, MAX_VALUE_CHARS
from parplan.template_loader import confined_loader

if TYPE_CHECKING:
    import jinja2
    from jinja2.compiler import CodeGenerator
    from jinja2.sandbox import ImmutableSandboxedEnvironment

__all__ = ["environment"]


def _is_markup(name: str | None) -> bool:
    """HTML and XML templates (``report.html.j2``) are autoescaped; Markdown uses ``| md``."""
    stem = (name or "").removesuffix(".j2")
    return stem.endswith((".html", ".htm", ".xml"))


_COMPILED: list[jinja2.BytecodeCache] = []
"""The compiled code of the templates rendered in this process (one cache, made on first use)."""
MAX_COMPILED = 256


def _compiled_templates() -> jinja2.BytecodeCache:
    """Compiled templates kept in memory, by template and the checksum of its source: a site of
    hundreds of pages compiles each template once, not once a page. Only the compiled code is
    kept (every render still has its fresh environment and budget); a changed source is compiled
    again."""
    if not _COMPILED:
        import jinja2

        class InMemory(jinja2.BytecodeCache):
            def __init__(self) -> None:
                self.store: dict[str, bytes] = {}

            def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
                if bucket.key in self.store:
                    bucket.bytecode_from_string(self.store[bucket.key])

            def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
                if len(self.store) >= MAX_COMPILED:
                    self.store.clear()
                self.store[bucket.key] = bucket.bytecode_to_string()

        _COMPILED.append(InMemory())
    return _COMPILED[0]


def environment(search: list[Path], budget: Budget | None = None) -> ImmutableSandboxedEnvironment:
    """A fresh sandbox reading templates from ``search``, spending from ``budget`` (a fresh one
    when none is given). Every hook spends from that one budget object: a caller that renders
    several documents in one sandbox (its templates compiled once) restarts the budget
    (:meth:`Budget.restart`) before each document."""
    import jinja2
    from jinja2 import filters

    budget = Budget() if budget is None else budget
    sandbox = _hardened_environment_class(budget)(
        loader=confined_loader(search),
        bytecode_cache=_compiled_templates(),
        autoescape=_is_markup,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=lambda value: _finalized(value, budget),
    )
    sandbox.concat = lambda pieces: bounded_join(pieces, budget)  # type: ignore[method-assign]
    sandbox.globals.pop("lipsum", None)
    sandbox.globals["range"] = BoundedRange(budget)
    sandbox.globals["namespace"] = _guarded_namespace_class(budget)
    _bounded_filters(sandbox.filters, budget, filters)
    sandbox.filters["vn_date"] = format_date
    sandbox.filters["md"] = md_escape
    sandbox.filters["percent"] = format_percent
    guard_table(sandbox.filters, budget)
    guard_table(sandbox.tests, budget)
    return sandbox


_DICT_ATTRIBUTES = frozenset(dir(dict))
"""The attributes of every plain dict (``items``, ``keys``, …): ``row.items`` is the method."""
_NOT_A_KEY = object()


def _dict_key(obj: Any, attribute: str) -> Any:
    """``obj.attribute`` in a template when ``obj`` is a plain dict with that key and no attribute
    of that name: what the sandbox gives, without raising and catching an ``AttributeError``
    first (most of what templates read is a key of their data); else ``_NOT_A_KEY``."""
    if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
        return obj.get(attribute, _NOT_A_KEY)
    return _NOT_A_KEY


def _finalized(value: Any, budget: Budget) -> Any:
    """``{{ value }}``: a nested value is measured before it is turned into text."""
    if not isinstance(value, str):
        rendered_size(value, budget)
    return value


def _guarded_namespace_class(budget: Budget) -> type[Any]:
    """Jinja's ``namespace`` refusing a value nested deeper than ``MAX_NESTING`` (given to it or
    stored with ``{% set ns.x = value %}``)."""
    from jinja2.utils import Namespace

    class GuardedNamespace(Namespace):
        def __init__(*args: Any, **kwargs: Any) -> None:
            Namespace.__init__(*args, **kwargs)
            check_nesting(args[0], budget)

        def __setitem__(self, name: str, value: Any) -> None:
            check_nesting(value, budget)
            Namespace.__setitem__(self, name, value)

    return GuardedNamespace


def _bounded_code_generator_class() -> type[CodeGenerator]:
    """Jinja's code generator with ``a ~ b`` measured before and after the join, and the text of
    ``{% set x %}...{% endset %}`` bounded as a value."""
    from jinja2 import nodes
    from jinja2.compiler import CodeGenerator, Frame

    class BoundedCodeGenerator(CodeGenerator):
        def visit_AssignBlock(self, node: nodes.AssignBlock, frame: Frame) -> None:
            """Jinja's own, the block's text joined by ``environment.value_concat`` (refused past
            ``MAX_VALUE_CHARS``) rather than ``concat`` (the output's bound)."""
            self.push_assign_tracking()
            block_frame = frame.inner()
            block_frame.require_output_check = False
            block_frame.symbols.analyze_node(node)
            self.enter_frame(block_frame)
            self.buffer(block_frame)
            self.blockvisit(node.body, block_frame)
            self.newline(node)
            self.visit(node.target, frame)
            self.write(" = (Markup if context.eval_ctx.autoescape else identity)(")
            if node.filter is not None:
                self.visit_Filter(node.filter, block_frame)
            else:
                self.write(f"environment.value_concat({block_frame.buffer})")
            self.write(")")
            self.pop_assign_tracking(frame)
            self.leave_frame(block_frame)

        def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
            """``a ~ b``: the pieces are measured before they are joined, the text made is
            checked against ``MAX_VALUE_CHARS``."""
            if frame.eval_ctx.volatile:
                join = "(markup_join if context.eval_ctx.volatile else str_join)"
            else:
                join = "markup_join" if frame.eval_ctx.autoescape else "str_join"
            self.write(f"environment.bounded_value({join}(environment.bounded_pieces((")
            for piece in node.nodes:
                self.visit(piece, frame)
                self.write(", ")
            self.write("))))")

    return BoundedCodeGenerator


def _loop_turns_counted(tree: jinja2.nodes.Template) -> jinja2.nodes.Template:
    """Every ``{% for %}`` of ``tree`` iterating through the step counter."""
    from jinja2 import nodes

    for loop in tree.find_all(nodes.For):
        loop.iter = nodes.Filter(
            loop.iter, "_parplan_steps", [], [], None, None, lineno=loop.lineno
        )
    return tree


def _measured_pieces(pieces: tuple[Any, ...], budget: Budget) -> tuple[Any, ...]:
    """The pieces of ``a ~ b``, refused when they would make more than ``MAX_VALUE_CHARS``."""
    size = sum(
        len(piece) if isinstance(piece, str) else rendered_size(piece, budget) for piece in pieces
    )
    if size > budget.max_value:
        budget.refuse(f"chuỗi dài quá {budget.max_value:,} ký tự")
    return pieces


def _hardened_environment_class(budget: Budget) -> type[ImmutableSandboxedEnvironment]:
    """Jinja's immutable sandbox with every look-up, call, operator, concatenation and loop turn
    spending from ``budget``, and the output bounded."""
    import jinja2
    from jinja2 import nodes
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class BoundedTemplate(jinja2.Template):
        def render(self, *args: Any, **kwargs: Any) -> str:
            """Rendered through ``generate``, stopping at the budget's ``max_output``."""
            return bounded_join(self.generate(*args, **kwargs), budget)

    class HardenedEnvironment(ImmutableSandboxedEnvironment):
        code_generator_class = _bounded_code_generator_class()
        template_class = BoundedTemplate
        intercepted_binops = frozenset({"*", "**", "+", "%"})

        def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
            """Every ``{% for %}`` loop turn spends one step of the budget; the clock is looked
            at before and after parsing (a Word part is cleaned up by docxtpl before)."""
            budget.clock()
            tree = super()._parse(source, name, filename)
            budget.clock()
            return _loop_turns_counted(tree)

        def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
            """``'{:>n}'.format``: widths checked when the method is looked up."""
            owner = getattr(value, "__self__", None)
            if isinstance(owner, str) and getattr(value, "__name__", "") in FORMAT_METHODS:
                check_brace_format(owner, budget)
            return super().wrap_str_format(value)

        def bounded_pieces(self, pieces: tuple[Any, ...]) -> tuple[Any, ...]:
            return _measured_pieces(pieces, budget)

        def value_concat(self, pieces: Iterable[str]) -> str:
            return bounded_join(pieces, budget, budget.max_value)

        def compile(self, *args: Any, **kwargs: Any) -> Any:
            """Compiled only while the clock runs, and looked at once compiled."""
            budget.clock()
            code = super().compile(*args, **kwargs)
            budget.clock()
            return code

        def bounded_value(self, value: Any) -> Any:
            budget.tick()
            budget.text(value)
            return value

        def getattr(self, obj: Any, attribute: str) -> Any:
            budget.tick()
            value = _dict_key(obj, attribute)
            return super().getattr(obj, attribute) if value is _NOT_A_KEY else value

        def getitem(self, obj: Any, argument: Any) -> Any:
            budget.tick()
            return super().getitem(obj, argument)

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            budget.tick()
            check_binop(operator, left, right, budget)
            if operator == "%" and isinstance(left, str):
                rendered_size(right, budget)
            result = super().call_binop(context, operator, left, right)
            budget.text(result)
            return result

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
            budget.tick()
            args = check_method(__obj, args, kwargs, budget)
            if getattr(__obj, "__name__", "") in FORMAT_METHODS:
                for value in (*args, *kwargs.values()):
                    rendered_size(value, budget)
            result = super().call(__context, __obj, *args, **kwargs)
            budget.text(result)
            return result

    return HardenedEnvironment


def _bounded_filters(table: dict[str, Callable[..., Any]], budget: Budget, filters: Any) -> None:
    """The filters that could allocate far more than their input, with bounds; and the step
    counter of loops."""
    table.update(_bounded_text_filters(budget, filters))
    table.update(_bounded_sequence_filters(budget, filters))


def _bounded_text_filters(budget: Budget, filters: Any) -> dict[str, Callable[..., Any]]:
    """``center``, ``indent``, ``format``, ``join``, ``replace``: text they make stays within
    ``MAX_VALUE_CHARS`` and widths within ``MAX_FORMAT_WIDTH``."""
    from jinja2 import pass_eval_context
    from jinja2.nodes import EvalContext

    def center(value: str, width: int = 80) -> str:
        check_width(width, budget)
        return filters.do_center(value, width)  # type: ignore[no-any-return]

    def indent(value: str, width: int | str = 4, first: bool = False, blank: bool = False) -> str:
        check_width(width if isinstance(width, int) else len(width), budget)
        lines = str(value).count("\n") + 1
        if (
            len(str(value)) + lines * (width if isinstance(width, int) else len(width))
            > MAX_VALUE_CHARS
        ):
            budget.refuse(f"chuỗi dài quá {MAX_VALUE_CHARS:,} ký tự")
        return filters.do_indent(value, width, first, blank)  # type: ignore[no-any-return]

    def format_(value: str, *args: Any, **kwargs: Any) -> str:
        check_percent_format(str(value), budget)
        return filters.do_format(value, *args, **kwargs)  # type: ignore[no-any-return]

    @pass_eval_context
    def join(
        context: EvalContext, value: Iterable[Any], d: str = "", attribute: str | int | None = None
    ) -> str:
        if attribute is not None:
            value = map(filters.make_attrgetter(context.environment, attribute), value)
        items = bounded_items(value, budget)
        total = sum(rendered_size(item, budget) for item in items) + len(d) * len(items)
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

    return {
        "center": center,
        "indent": indent,
        "format": format_,
        "join": join,
        "replace": replace,
    }


def _bounded_sequence_filters(budget: Budget, filters: Any) -> dict[str, Callable[..., Any]]:
    """The loop step counter, and ``batch``, ``slice``, ``sum`` bounded."""
    from jinja2 import pass_environment

    def steps(iterable: Iterable[Any]) -> Iterator[Any]:
        for item in iterable:
            budget.tick()
            yield item

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

    return {"_parplan_steps": steps, "batch": batch, "slice": slice_, "sum": sum_}
