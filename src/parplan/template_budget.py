"""The budget one document renders under, and the checks that spend from it.

Every hook of the sandbox (:mod:`parplan.template_sandbox`) counts a step here and checks what it
is about to make (a text, a list, a number, a format width) against :mod:`parplan.template_limits`
before it is made; ``range`` is counted across the whole document.
"""

from __future__ import annotations

import re
import string
import time
from collections.abc import Iterable, Iterator
from typing import Any

from parplan.template_limits import (
    MAX_FORMAT_WIDTH,
    MAX_INT_BITS,
    MAX_OPERATIONS,
    MAX_OUTPUT_CHARS,
    MAX_PRODUCED_CHARS,
    MAX_RANGE_ITEMS,
    MAX_RENDER_SECONDS,
    MAX_SEQUENCE_ITEMS,
    MAX_VALUE_CHARS,
    PER_VALUE_CHARS,
    PER_VALUE_OPERATIONS,
    PER_VALUE_SECONDS,
)

__all__ = [
    "FORMAT_METHODS",
    "BoundedRange",
    "Budget",
    "bounded_items",
    "bounded_join",
    "check_binop",
    "check_brace_format",
    "check_method",
    "check_percent_format",
    "check_width",
    "data_size",
    "length",
    "percent_specs",
]


def _security_error() -> type[Exception]:
    from jinja2.exceptions import SecurityError

    return SecurityError


_CLOCK_EVERY = 16
"""Steps between two looks at the clock (``time.monotonic`` is cheap)."""


class Budget:
    """The work one document may still do; every hook of the sandbox spends from it."""

    deadline: float
    operations: int
    range_items: int
    produced: int

    def __init__(self, values: int = 0) -> None:
        self.restart(values)

    def restart(self, values: int = 0) -> None:
        """The whole budget again, the clock running from now, for a document given ``values``
        values of data (:func:`data_size`): the limits of work, time and output grow with the
        data, by ``PER_VALUE_*`` per value, so a plan's size never makes its documents fail. A
        sandbox that renders many documents (a site's pages) restarts its budget before each."""
        self.seconds = MAX_RENDER_SECONDS + PER_VALUE_SECONDS * values
        self.max_operations = MAX_OPERATIONS + PER_VALUE_OPERATIONS * values
        self.max_output = MAX_OUTPUT_CHARS + PER_VALUE_CHARS * values
        self.max_value = MAX_VALUE_CHARS + PER_VALUE_CHARS * values  # a macro's or a block's text
        self.max_produced = MAX_PRODUCED_CHARS + PER_VALUE_CHARS * values
        self.deadline = time.monotonic() + self.seconds
        self.operations = 0
        self.range_items = 0
        self.produced = 0
        self._next_clock = 0

    def refuse(self, what: str) -> None:
        raise _security_error()(f"vượt giới hạn an toàn: {what}")

    def tick(self, count: int = 1) -> None:
        self.operations += count
        if self.operations > self.max_operations:
            self.refuse(f"quá {self.max_operations:,} bước tính (vòng lặp, đệ quy không dừng?)")
        if self.operations >= self._next_clock:
            self._next_clock = self.operations + _CLOCK_EVERY
            self.clock()

    def clock(self) -> None:
        """Refused once the time is up (every filter and test call looks, not only every few
        steps)."""
        if time.monotonic() > self.deadline:
            self.refuse(f"chạy quá {self.seconds:g} giây")

    def produce(self, size: int) -> None:
        """``size`` more characters made; refused once the document has made
        ``MAX_PRODUCED_CHARS`` in all."""
        self.produced += size
        if self.produced > self.max_produced:
            self.refuse(f"tạo tổng cộng quá {self.max_produced:,} ký tự trong một văn bản")

    def text(self, value: object, limit: int | None = None) -> None:
        """A value just made: a text within ``limit`` (by default the document's ``max_value``:
        ``MAX_VALUE_CHARS``, more for more data) and counted, a list within
        ``MAX_SEQUENCE_ITEMS``."""
        limit = self.max_value if limit is None else limit
        if isinstance(value, str | bytes | bytearray):
            if len(value) > limit:
                self.refuse(f"chuỗi dài quá {limit:,} ký tự")
            self.produce(len(value))
        if isinstance(value, list | tuple | dict | set) and len(value) > MAX_SEQUENCE_ITEMS:
            self.refuse(f"danh sách dài quá {MAX_SEQUENCE_ITEMS:,} phần tử")


def data_size(value: object) -> int:
    """How many values plain data holds: every text, number, date, list and mapping in it."""
    size = 0
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        size += 1
        if type(item) is dict:
            stack.extend(item.values())
        elif type(item) is list or type(item) is tuple:
            stack.extend(item)
    return size


def length(value: object) -> int:
    return len(value) if isinstance(value, str | bytes | bytearray | list | tuple) else 0


def check_width(value: object, budget: Budget) -> None:
    if isinstance(value, int) and value > MAX_FORMAT_WIDTH:
        budget.refuse(f"độ rộng {value} lớn hơn {MAX_FORMAT_WIDTH:,}")


def percent_specs(text: str) -> Iterator[tuple[str, str]]:
    """The width and precision of every ``%`` conversion of ``text`` ('' when absent, '*' when
    taken from the arguments), read as Python's ``%`` reads them: a mapping key ``%(...)`` with
    balanced parentheses, flags, width, ``.precision``, a length modifier, the conversion."""
    end = len(text)
    at = text.find("%")
    while at >= 0:
        at += 1
        if at < end and text[at] == "(":
            depth, at = 1, at + 1
            while at < end and depth:
                depth += {"(": 1, ")": -1}.get(text[at], 0)
                at += 1
        while at < end and text[at] in "#0- +":
            at += 1
        width, at = _spec_number(text, at)
        precision = ""
        if at < end and text[at] == ".":
            precision, at = _spec_number(text, at + 1)
        while at < end and text[at] in "hlL":
            at += 1
        yield width, precision
        at = text.find("%", at + 1)


def _spec_number(text: str, at: int) -> tuple[str, int]:
    if text.startswith("*", at):
        return "*", at + 1
    start = at
    while at < len(text) and text[at].isascii() and text[at].isdigit():
        at += 1
    return text[start:at], at


def check_percent_format(text: str, budget: Budget) -> None:
    """``'%10d' % x``: widths and precisions bounded one by one and all together, ``*`` (width
    from the arguments) refused."""
    total = len(text)
    for spec in percent_specs(text):
        for part in spec:
            if part == "*":
                budget.refuse("độ rộng '*' trong chuỗi định dạng")
            if part:
                check_width(int(part), budget)
                total += int(part)
        if total > MAX_VALUE_CHARS:
            budget.refuse(f"chuỗi định dạng tạo chuỗi dài quá {MAX_VALUE_CHARS:,} ký tự")


def check_brace_format(text: str, budget: Budget) -> None:
    """``'{:>10}'.format(x)``: widths bounded, widths taken from the arguments refused."""
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError:
        return  # str.format raises the same error, reported as a template fault
    total = len(text)
    for _, _, spec, _ in fields:
        if spec and "{" in spec:
            budget.refuse("độ rộng lấy từ tham số trong chuỗi định dạng")
        for number in re.findall(r"\d+", spec or ""):
            check_width(int(number), budget)
            total += int(number)
    if total > MAX_VALUE_CHARS:
        budget.refuse(f"chuỗi định dạng tạo chuỗi dài quá {MAX_VALUE_CHARS:,} ký tự")


def check_binop(operator: str, left: object, right: object, budget: Budget) -> None:
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
            total = length(left) + length(right)
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
        check_percent_format(left, budget)


_PADDING = {"center", "ljust", "rjust", "zfill"}
FORMAT_METHODS = {"format", "format_map"}


def check_method(
    method: object, args: tuple[Any, ...], kwargs: dict[str, Any], budget: Budget
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
        items = bounded_items(args[0], budget)
        total = sum(length(item) for item in items) + len(owner) * max(len(items) - 1, 0)
        if total > MAX_VALUE_CHARS:
            budget.refuse(f"chuỗi dài quá {MAX_VALUE_CHARS:,} ký tự")
        return (items, *args[1:])
    elif name in FORMAT_METHODS and isinstance(owner, str):
        check_brace_format(owner, budget)
    elif name in _SPLITTING and isinstance(owner, str):
        _check_split(owner, name, args, kwargs, budget)
    return args


_SPLITTING = {"split", "rsplit", "splitlines"}


def _check_split(
    owner: str, name: str, args: tuple[Any, ...], kwargs: dict[str, Any], budget: Budget
) -> None:
    """``s.split()``, ``s.splitlines()``: the pieces counted before the list is made."""
    if name == "splitlines":
        pieces = owner.count("\n") + owner.count("\r") + 1
    else:
        sep = args[0] if args else kwargs.get("sep")
        most = args[1] if len(args) > 1 else kwargs.get("maxsplit", -1)
        if isinstance(sep, str) and sep:
            pieces = owner.count(sep) + 1
        else:
            pieces = sum(owner.count(space) for space in " \t\n\r\x0b\x0c") + 1
        if isinstance(most, int) and most >= 0:
            pieces = min(pieces, most + 1)
    if pieces > MAX_SEQUENCE_ITEMS:
        budget.refuse(f"danh sách dài quá {MAX_SEQUENCE_ITEMS:,} phần tử")


def bounded_items(iterable: object, budget: Budget) -> list[Any]:
    items: list[Any] = []
    for item in iterable:  # type: ignore[attr-defined]
        budget.tick()
        items.append(item)
        if len(items) > MAX_SEQUENCE_ITEMS:
            budget.refuse(f"danh sách dài quá {MAX_SEQUENCE_ITEMS:,} phần tử")
    return items


class BoundedRange:
    """``range`` for templates: at most ``MAX_RANGE_ITEMS`` items in one document."""

    def __init__(self, budget: Budget) -> None:
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


def bounded_join(pieces: Iterable[str], budget: Budget, limit: int | None = None) -> str:
    """``"".join`` of a document or of a block's output, refused past ``limit`` (the document's
    ``budget.max_output``: ``MAX_OUTPUT_CHARS`` and more for more data; ``MAX_VALUE_CHARS`` for
    ``{% set x %}...{% endset %}``), every piece counted in the characters the document makes."""
    limit = budget.max_output if limit is None else limit
    collected: list[str] = []
    size = 0
    for piece in pieces:
        size += len(piece)
        if size > limit:
            budget.refuse(f"văn bản dài quá {limit:,} ký tự")
        budget.produce(len(piece))
        collected.append(piece)
    return "".join(collected)
