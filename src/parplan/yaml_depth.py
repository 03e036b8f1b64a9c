"""The nesting depth of a YAML text, measured in one linear pass before any reader runs.

libyaml's composer recurses once per nested collection and overflows the C stack after some
tens of thousands of levels (a segmentation fault, no message); the pure-Python composer hits
RecursionError sooner. So the depth is measured first, on the text, in one linear pass. The
scan follows YAML's tokens closely enough to find brackets, block indicators, quotes, comments
and block scalars; where it cannot tell, it takes the reading that nests more, so it may
overcount an odd file but never undercounts one the reader would compose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parplan.yaml_problem import YamlProblem

__all__ = ["MAX_DEPTH", "TOO_DEEP_MESSAGE", "nesting_problem"]


MAX_DEPTH = 32
"""Plan files nest a few levels; deeper structures are refused before anything walks them."""

_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")  # libyaml's line breaks
_BLANK = " \t"
# Where a plain scalar ends: a value indicator, or a comment after a blank.
_BLOCK_PLAIN_END = re.compile(r":(?=[ \t]|$)|[ \t]#")
_FLOW_PLAIN_END = re.compile(r"[,\[\]{}:?]|[ \t]#")
_DOUBLE_QUOTED_END = re.compile(r'(?:[^"\\]|\\.)*"')
_SINGLE_QUOTED_END = re.compile(r"(?:[^']|'')*'")
_PROPERTY = re.compile(r"![^ \t]*|[&*][0-9A-Za-z_-]*")
_BLOCK_SCALAR_HEADER = re.compile(r"[|>]([0-9+-]*)")
TOO_DEEP_MESSAGE = (
    f"cấu trúc lồng nhau quá sâu (hơn {MAX_DEPTH} cấp): tệp kế hoạch không cần lồng nhiều cấp "
    "như vậy"
)


class _TooDeep(Exception):
    def __init__(self, line: int, column: int) -> None:
        self.line, self.column = line, column


@dataclass(slots=True)
class _Flow:
    """An open ``[`` or ``{``; ``pair`` when a ``key: value`` inside ``[...]`` opened a mapping."""

    bracket: str
    pair: bool = False


class _DepthScan:
    """One pass over the lines of a text, raising :class:`_TooDeep` where the depth passes
    :data:`MAX_DEPTH`."""

    def __init__(self) -> None:
        self.block: list[
            tuple[int, str]
        ] = []  # open block collections: (column, "map"|"seq"|"iseq")
        self.flow: list[_Flow] = []
        self.pairs = 0
        self.quote = ""  # the quote of a quoted scalar left open at the end of a line
        self.token_start = True  # in flow context: the next character may start a token
        self.plain_indent: int | None = (
            None  # a block plain scalar may continue on lines deeper than this
        )
        self.scalar_indent: int | None = None  # block scalar content: lines at least this deep
        self.scalar_minimum = 0
        self.scalar_blank = 0  # the most spaces of the blank lines that open a block scalar
        self.line = 0
        self.deepest = 0

    def depth(self) -> int:
        return len(self.block) + len(self.flow) + self.pairs

    def check(self, column: int) -> None:
        depth = self.depth()
        self.deepest = max(self.deepest, depth)
        if depth > MAX_DEPTH:
            raise _TooDeep(self.line, column + 1)

    # Block context ---------------------------------------------------------------------------

    def block_node(self, column: int, kind: str) -> None:
        """A block sequence entry ("seq") or mapping key ("map") at ``column``."""
        block = self.block
        top = block[-1] if block else (-1, "")
        if kind == "map" and top == (column, "iseq"):
            block.pop()
            top = block[-1] if block else (-1, "")
        if top[0] == column:
            if kind == "seq" and top[1] == "map":
                block.append((column, "iseq"))  # a sequence under a key, not indented
            elif kind == "map" and top[1] != "map":
                block.append((column, "map"))
        elif top[0] < column:
            block.append((column, kind))
        self.check(column)

    def parent_indent(self) -> int:
        return self.block[-1][0] if self.block else -1

    def scan_line(self, text: str) -> None:
        self.line += 1
        if self.scalar_indent is not None and self.in_block_scalar(text):
            return
        if self.line == 1 and text.startswith("\ufeff"):
            text = text[1:]  # the stream's byte-order mark: read as no column at all
        if text.startswith("\ufeff") and not self.quote:
            # libyaml skips a byte-order mark at the start of any other line outside a scalar,
            # as a blank of one column: what follows is structure and must be counted.
            text = " " + text[1:]
        if self.quote or self.flow:
            self.resume(text)
            return
        else:
            indent = len(text) - len(text.lstrip(" "))
            rest = text[indent:]
            if self.plain_indent is not None:
                if rest and indent > self.plain_indent and not _document_marker(text):
                    if rest.startswith("#") or re.search(r"[ \t]#", rest):
                        self.plain_indent = None
                    return  # more words of a plain scalar
                if rest.strip(_BLANK):
                    self.plain_indent = None
                else:
                    return
            if not rest or rest.startswith("#") or text.startswith("%"):
                return
            if _document_marker(text):
                self.block.clear()
                position = 3
            else:
                while self.block and self.block[-1][0] > indent:
                    self.block.pop()
                position = indent
        self.scan_block(text, position)

    def resume(self, text: str) -> None:
        """A line that starts inside a quoted scalar or a flow collection."""
        position = 0
        if self.quote:
            position = self.close_quote(text, 0)
            if position < 0:
                return
        if self.flow:
            position = self.scan_flow(text, position)
            if position < 0:
                return
        self.scan_block(text, position)

    def scan_block(self, text: str, position: int) -> None:
        """The rest of a line in block context, from a place where a token may start."""
        length = len(text)
        key_column = -1
        while True:
            while position < length and text[position] in _BLANK:
                position += 1
            if position >= length:
                return
            char = text[position]
            following = text[position + 1 : position + 2]
            if char == "#":
                return
            if char in "-?:" and following in ("", " ", "\t"):
                if char == "-":
                    self.block_node(position, "seq")
                elif char == "?":
                    self.block_node(position, "map")
                else:  # after an empty key with a tag or anchor, or the value of a '?' key
                    self.block_node(key_column if key_column >= 0 else position, "map")
                key_column = -1
                position += 1
                continue
            if key_column < 0:
                key_column = position
            if char in "!&*":
                position = self.skip_property(text, position)
                continue
            if char in "[{":
                # The collection may be the key of a mapping that starts before it: count that
                # mapping now, and forget it if no ':' follows.
                before = len(self.block)
                self.block_node(key_column, "map")
                self.open_flow(char, position)
                position = self.scan_flow(text, position + 1)
                if position < 0:
                    return
                after = self.after_node(text, position, -1)
                if after == position:
                    del self.block[before:]
                position, key_column = after, -1
                continue
            if char in "\"'":
                self.quote = char
                position = self.close_quote(text, position + 1)
                if position < 0:
                    return
                position = self.after_node(text, position, key_column)
                key_column = -1
                continue
            if char in "|>":
                header = _BLOCK_SCALAR_HEADER.match(text, position)
                assert header is not None
                self.start_block_scalar(header.group(1))
                return
            end = _BLOCK_PLAIN_END.search(text, position)
            if end is None:
                self.plain_indent = self.parent_indent()
                return
            if text[end.start()] != ":":
                return  # a comment ends the line
            self.block_node(key_column, "map")
            key_column = -1
            position = end.start() + 1

    def after_node(self, text: str, position: int, key_column: int) -> int:
        """After a quoted scalar or flow collection in block context: a ':' makes it a key."""
        while position < len(text) and text[position] in _BLANK:
            position += 1
        if text[position : position + 1] == ":":
            if key_column >= 0:
                self.block_node(key_column, "map")
            return position + 1
        return position

    def skip_property(self, text: str, position: int) -> int:
        """Past a tag (to the next blank: libyaml 0.1 reads '[', ']' and ',' as part of a tag,
        later versions refuse them next to one), an anchor or an alias (letters, digits, '-',
        '_')."""
        match = _PROPERTY.match(text, position)
        assert match is not None
        return max(match.end(), position + 1)

    def start_block_scalar(self, indicators: str) -> None:
        parent = self.parent_indent()
        self.scalar_minimum = max(parent + 1, 1)
        digits = "".join(ch for ch in indicators if ch.isdigit())
        if digits:
            self.scalar_minimum = max(self.scalar_minimum, max(parent, 0) + int(digits))
        self.scalar_indent = 0
        self.scalar_blank = 0

    def in_block_scalar(self, text: str) -> bool:
        """Whether this line is content of the block scalar above (text, not structure)."""
        assert self.scalar_indent is not None
        stripped = text.lstrip(" ")
        indent = len(text) - len(stripped)
        if self.scalar_indent == 0:  # content indentation not known yet
            if not stripped:
                self.scalar_blank = max(self.scalar_blank, indent)
                return True
            needed = max(self.scalar_minimum, self.scalar_blank)
            if indent >= needed:
                self.scalar_indent = indent
                return True
        elif not stripped or indent >= self.scalar_indent:
            return True
        self.scalar_indent = None
        return False

    # Quoted scalars --------------------------------------------------------------------------

    def close_quote(self, text: str, position: int) -> int:
        """Where the open quoted scalar ends on this line, or -1 when it goes on."""
        pattern = _DOUBLE_QUOTED_END if self.quote == '"' else _SINGLE_QUOTED_END
        match = pattern.match(text, position)
        if match is None:
            return -1
        self.quote = ""
        self.token_start = True
        return match.end()

    # Flow context ----------------------------------------------------------------------------

    def open_flow(self, bracket: str, column: int) -> None:
        # Inside [...], a collection may be the key of a one-pair mapping ('[[a]: b]') that
        # opens before it.
        self.open_pair(column)
        self.flow.append(_Flow(bracket))
        self.token_start = True
        self.check(column)

    def scan_flow(self, text: str, position: int) -> int:
        """The line inside flow collections; where block context resumes, or -1 at the end."""
        length = len(text)
        while position < length:
            char = text[position]
            if char in _BLANK:
                position += 1
                continue
            if self.token_start and char == "#":
                return -1
            if char in "[{":
                self.open_flow(char, position)
                position += 1
            elif char in "]}":
                if self.flow and self.flow.pop().pair:
                    self.pairs -= 1
                self.token_start = True  # a comment may follow at once
                position += 1
                if not self.flow:
                    return position
            elif char == ",":
                self.end_pair()
                self.token_start = True
                position += 1
            elif char in ":?":  # in flow context libyaml 0.1 reads both as indicators
                self.open_pair(position)
                self.token_start = True
                position += 1
            elif self.token_start and char in "\"'":
                self.quote = char
                position = self.close_quote(text, position + 1)
                if position < 0:
                    return -1
            elif self.token_start and char in "!&*":
                position = self.skip_property(text, position)
            else:
                self.token_start = False
                end = _FLOW_PLAIN_END.search(text, position)
                if end is None:
                    return -1
                position = end.start()
                if text[position] in _BLANK:  # a comment
                    return -1
        return -1

    def open_pair(self, column: int) -> None:
        top = self.flow[-1] if self.flow else None
        if top is not None and top.bracket == "[" and not top.pair:
            top.pair = True
            self.pairs += 1
            self.check(column)

    def end_pair(self) -> None:
        top = self.flow[-1] if self.flow else None
        if top is not None and top.pair:
            top.pair = False
            self.pairs -= 1


def _document_marker(line: str) -> bool:
    return line[:3] in ("---", "...") and line[3:4] in ("", " ", "\t")


def nesting_problem(text: str) -> YamlProblem | None:
    """The place where ``text`` nests more than :data:`MAX_DEPTH` collections, read before any
    YAML reader runs (one linear pass)."""
    scan = _DepthScan()
    try:
        for line in _LINE_BREAK.split(text):
            scan.scan_line(line)
    except _TooDeep as deep:
        return YamlProblem("yaml-syntax", TOO_DEEP_MESSAGE, deep.line, deep.column)
    return None
