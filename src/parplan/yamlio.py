"""Reading plan files: the fast C loader for data, line and column looked up only on error.

Read-only commands never pay for ruamel.yaml's round-trip mode. Plain data comes from the safe
loader over libyaml (``ruamel.yaml.clib``); when a problem needs a place, the file is composed again
into nodes, whose marks give exact lines and columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import BaseResolver, implicit_resolvers
from ruamel.yaml.tag import Tag

from parplan.text import nfc

__all__ = [
    "MAX_DEPTH",
    "YamlProblem",
    "compose_plan",
    "decode_plan_text",
    "locate",
    "locate_in",
    "nesting_problem",
    "parse_yaml",
]


_CORE = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ = f"{_CORE}str", f"{_CORE}map", f"{_CORE}seq"
_INT, _FLOAT, _BOOL, _NULL = f"{_CORE}int", f"{_CORE}float", f"{_CORE}bool", f"{_CORE}null"
_TIMESTAMP = f"{_CORE}timestamp"
# What a value must read as, untagged, to carry one of the scalar core tags (a whole number is a
# fine !!float).
_TAG_FITS = {
    _INT: (_INT,),
    _FLOAT: (_FLOAT, _INT),
    _BOOL: (_BOOL,),
    _NULL: (_NULL,),
    _TIMESTAMP: (_TIMESTAMP,),
}
_TAG_MEANS = {
    _INT: "số nguyên",
    _FLOAT: "số",
    _BOOL: "true hoặc false",
    _NULL: "null",
    _TIMESTAMP: "ngày",
    _STR: "chuỗi",
    _MAP: "ánh xạ 'khóa: giá trị'",
    _SEQ: "danh sách",
}


def _tag_name(tag: str) -> str:
    return f"!!{tag.removeprefix(_CORE)}" if tag.startswith(_CORE) else tag


def _shown(value: str) -> str:
    return f"{value[:40]}…" if len(value) > 40 else value


def _problem_at(node: Node, rule: str, message: str) -> YamlProblem:
    mark = node.start_mark
    return YamlProblem(rule, message, mark.line + 1, mark.column + 1)


class _PlanConstructor(SafeConstructor):
    """Safe constructor for plan files: text in NFC, dates left as text for the model to parse,
    and no aliases (``*name``): a plan file says everything once, and aliases are how a small
    file becomes billions of values.

    Plan files need no tags: a tag other than the plain core ones (``!!str``, ``!!int``,
    ``!!float``, ``!!bool``, ``!!null``, ``!!map``, ``!!seq``) is refused, and so is a core tag on
    a value that does not read as that type untagged (``!!int abc``). Keys are text or numbers,
    never collections. Every value that cannot be built becomes a :class:`YamlProblem` at its
    place, never an exception of Python's."""

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:
            mark = node.start_mark
            raise YamlProblem(
                "yaml-alias",
                "tệp dùng bí danh YAML (*tên) tới neo (&tên) ở dòng "
                f"{mark.line + 1}; tệp kế hoạch không dùng neo và bí danh: hãy viết đầy đủ",
                mark.line + 1,
                mark.column + 1,
            )
        tag = node.tag if type(node.tag) is str else str(getattr(node.tag, "value", node.tag))
        if tag == _MAP and type(node) is MappingNode:
            for key_node, _ in node.value:
                if type(key_node) is not ScalarNode:
                    raise _problem_at(
                        key_node,
                        "yaml-syntax",
                        "khóa phải là chữ hoặc số, không phải danh sách hay ánh xạ "
                        "('[...]: …', '{...}: …' hay '? ...')",
                    )
        elif not (tag == _STR and type(node) is ScalarNode) and not (
            tag == _SEQ and type(node) is SequenceNode
        ):
            self._check_tag(node, tag)
        try:
            return super().construct_object(node, deep)
        except (YamlProblem, MarkedYAMLError):
            raise
        except (ValueError, TypeError, ArithmeticError, LookupError, YAMLError) as error:
            value = _shown(str(node.value)) if type(node) is ScalarNode else ""
            reason = (
                "số có quá nhiều chữ số"
                if "integer string conversion" in str(error)
                else f"không đọc được như {_TAG_MEANS.get(tag, _tag_name(tag))}"
            )
            raise _problem_at(
                node, "yaml-value", f"giá trị '{value}' không đọc được: {reason}"
            ) from None

    def _check_tag(self, node: Any, tag: str) -> None:
        fits = _TAG_FITS.get(tag)
        kind = {ScalarNode: "scalar", SequenceNode: "seq", MappingNode: "map"}[type(node)]
        if fits is None and tag not in (_STR, _MAP, _SEQ):
            raise _problem_at(
                node,
                "yaml-tag",
                f"thẻ YAML '{_tag_name(tag)}' không được dùng trong tệp kế hoạch: hãy bỏ thẻ và "
                "viết giá trị thường",
            )
        wanted = {_STR: "scalar", _MAP: "map", _SEQ: "seq"}.get(tag, "scalar")
        if kind != wanted:
            raise _problem_at(
                node,
                "yaml-tag",
                f"thẻ {_tag_name(tag)} cần {_TAG_MEANS[tag]}, không phải "
                f"{ {'scalar': 'một giá trị đơn', 'seq': 'danh sách', 'map': 'ánh xạ'}[kind] }",
            )
        if fits is not None:
            untagged = self.resolver.resolve(ScalarNode, node.value, (True, False))
            untagged = untagged if type(untagged) is str else str(untagged.value)
            if untagged not in fits:
                raise _problem_at(
                    node,
                    "yaml-tag",
                    f"giá trị '{_shown(node.value)}' không hợp với thẻ {_tag_name(tag)} "
                    f"(cần {_TAG_MEANS[tag]}); tệp kế hoạch không cần thẻ: hãy bỏ thẻ",
                )

    def flatten_mapping(self, node: Any) -> Any:
        for key_node, _ in node.value:
            if key_node.tag == f"{_CORE}merge":
                raise _problem_at(
                    key_node,
                    "yaml-alias",
                    "khóa gộp '<<' không được dùng trong tệp kế hoạch: hãy viết đầy đủ",
                )
        return super().flatten_mapping(node)

    def construct_yaml_str(self, node: Any) -> Any:
        value = super().construct_yaml_str(node)
        return nfc(value) if isinstance(value, str) else value

    def construct_plain_text(self, node: Any) -> Any:
        return nfc(str(self.construct_scalar(node)))


_PlanConstructor.add_constructor("tag:yaml.org,2002:str", _PlanConstructor.construct_yaml_str)
_PlanConstructor.add_constructor(
    "tag:yaml.org,2002:timestamp", _PlanConstructor.construct_plain_text
)


def _implicit_table() -> tuple[dict[str, list[tuple[Tag, Any]]], list[tuple[Tag, Any]]]:
    by_first: dict[str, list[tuple[Tag, Any]]] = {}
    any_first: list[tuple[Tag, Any]] = []
    for versions, tag, regexp, first in implicit_resolvers:
        if (1, 2) not in versions:
            continue
        if not first:
            any_first.append((Tag(suffix=tag), regexp))
            continue
        for character in first:
            by_first.setdefault(character, []).append((Tag(suffix=tag), regexp))
    return by_first, any_first


_BY_FIRST, _ANY_FIRST = _implicit_table()


class _PlanResolver(BaseResolver):
    """YAML 1.2 implicit typing without the per-node version lookup of ruamel's versioned
    resolver, which is most of the loading time of a large plan."""

    def __init__(self, version: Any = None, loader: Any = None, loadumper: Any = None) -> None:
        super().__init__(loader if loader is not None else loadumper)

    @property
    def processing_version(self) -> Any:
        return (1, 2)  # ruamel's constructors then read numbers as YAML 1.2, without warnings

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode:
            if implicit[0]:
                for tag, regexp in _BY_FIRST.get(value[:1], _ANY_FIRST):
                    if regexp.match(value):
                        return tag
            return self.DEFAULT_SCALAR_TAG
        if kind is SequenceNode:
            return self.DEFAULT_SEQUENCE_TAG
        return self.DEFAULT_MAPPING_TAG


def _yaml() -> YAML:
    yaml = YAML(typ="safe", pure=False)
    yaml.Constructor = _PlanConstructor
    yaml.Resolver = _PlanResolver
    return yaml


@dataclass(frozen=True, slots=True)
class YamlProblem(Exception):
    """A file that is not readable YAML text, with its 1-based place and a Vietnamese message."""

    rule: str
    message: str
    line: int | None = None
    column: int | None = None


# Bytes of TCVN3 (ABC) that stand for Vietnamese letters with marks: à á ả ã ạ ă â đ ê ô ơ ư, the
# upper-case forms and the toned vowels (for instance "Hµnh chÝnh" is "Hành chính" in TCVN3).
_TCVN3_LETTERS = frozenset(range(0xA1, 0xB0)) | frozenset(range(0xB5, 0xFF))
_CP1258_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


def _legacy_encoding(raw: bytes) -> str | None:
    """The legacy Vietnamese encoding a non-UTF-8 file most likely uses, if it looks like one."""
    as_cp1258 = raw.decode("cp1258", errors="replace")
    if any(ch in _CP1258_TONES for ch in as_cp1258):
        return "Windows-1258 (CP1258)"
    if sum(1 for byte in raw if byte in _TCVN3_LETTERS) >= 1:
        return "TCVN3 (ABC)"
    return None


def _place_of(before: str) -> tuple[int, int]:
    """1-based line and column of the character that follows ``before``."""
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def decode_plan_text(raw: bytes) -> str:
    """Decode a plan file, which must be UTF-8; say which encoding it looks like otherwise."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlProblem(
            "encoding",
            "tệp được lưu dạng UTF-16; hãy lưu lại dạng UTF-8 (trong trình soạn thảo: "
            "Save with Encoding → UTF-8)",
            1,
            1,
        )
    if b"\x00" in raw:
        line, column = _place_of(raw[: raw.index(b"\x00")].decode("utf-8", errors="replace"))
        raise YamlProblem(
            "encoding", "tệp chứa byte NUL: đây không phải tệp văn bản YAML", line, column
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _place_of(raw[: error.start].decode("utf-8", errors="replace"))
        guess = _legacy_encoding(raw)
        hint = f"; có vẻ là bảng mã {guess}" if guess else ""
        raise YamlProblem(
            "encoding",
            f"tệp không phải văn bản UTF-8{hint}. Hãy chuyển sang Unicode UTF-8 "
            "(ví dụ bằng Unikey: Công cụ chuyển mã) rồi lưu lại",
            line,
            column,
        ) from None
    return text.removeprefix("\ufeff")


# English problems of the YAML parser, and what to tell a Vietnamese user instead.
_SYNTAX_MESSAGES: tuple[tuple[str, str], ...] = (
    ("found duplicate key", ""),  # handled separately
    ("tab character", "ký tự tab không được dùng để thụt lề trong YAML; hãy dùng dấu cách"),
    ("while scanning a quoted scalar", "chuỗi mở bằng dấu nháy nhưng chưa được đóng"),
    ("found unexpected end of stream", "tệp kết thúc khi một phần tử còn dang dở"),
    ("but found another document", "tệp có nhiều tài liệu YAML (ngăn bởi ---); mỗi tệp chỉ có một"),
    ("mapping values are not allowed",
     "không được có 'khóa: giá trị' ở đây: kiểm tra thụt lề, hoặc đặt giá trị có dấu ': ' "
     "trong dấu nháy kép"),
    ("did not find expected key", "thụt lề không đúng, hoặc thiếu dấu ':' sau khóa"),
    ("could not find expected ':'", "thiếu dấu ':' sau khóa"),
    ("did not find expected ',' or ']'", "danh sách [...] thiếu dấu ',' hoặc dấu ']'"),
    ("did not find expected ',' or '}'", "ánh xạ {...} thiếu dấu ',' hoặc dấu '}'"),
    ("did not find expected '-' indicator",
     "thụt lề không đều: các dòng cùng cấp phải thẳng hàng (phần tử danh sách bắt đầu bằng '- ')"),
    ("block sequence entries are not allowed",
     "không được bắt đầu danh sách '- ' ở đây: kiểm tra thụt lề"),
    ("found undefined alias", "bí danh (alias) chưa được định nghĩa"),
    ("found unknown escape character", "ký tự thoát (\\) không hợp lệ trong chuỗi nháy kép"),
    ("control characters are not allowed", "tệp chứa ký tự điều khiển không được phép"),
    ("found character", "có ký tự không thể bắt đầu một phần tử YAML (ví dụ @ hoặc `)"),
    ("found unexpected ':'",
     "dấu ':' không đúng chỗ: trong {...} hoặc [...], giá trị có dấu ':' phải đặt trong dấu nháy"),
    ("did not find expected node content", "thiếu giá trị ở đây (phần tử bị bỏ dở)"),
    ("could not determine a constructor", "thẻ YAML (!tên) không được dùng trong tệp kế hoạch"),
    ("failed to decode base64", "thẻ YAML (!!binary) không được dùng trong tệp kế hoạch"),
    ("found unhashable key", "khóa phải là chữ hoặc số; không dùng khóa phức tạp ('? ...')"),
    ("found unexpected end of", "tệp kết thúc khi một phần tử còn dang dở"),
    ("expected <block end>", "thụt lề không đúng"),
)  # fmt: skip


_TAB_MESSAGE = "lỗi cú pháp YAML: ký tự tab không được dùng để thụt lề; hãy dùng dấu cách"


def _first_key_line(text: str, mapping_line: int, mapping_column: int, key: str) -> int | None:
    """1-based line of the first ``key`` of the mapping that starts at the given 0-based place."""
    stack: list[Node] = [_yaml().compose(text)]
    while stack:
        node = stack.pop()
        if isinstance(node, MappingNode):
            mark = node.start_mark
            if (mark.line, mark.column) == (mapping_line, mapping_column):
                for key_node, _ in node.value:
                    if _key_text(key_node) == key:
                        return int(key_node.start_mark.line) + 1
            stack.extend(child for pair in node.value for child in pair)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    return None


def _syntax_problem(error: MarkedYAMLError, text: str) -> YamlProblem:
    mark = error.problem_mark or error.context_mark
    if "while scanning a quoted scalar" in (error.context or "") and error.context_mark:
        mark = error.context_mark  # where the unclosed quote opens, not the end of the file
    line = mark.line + 1 if mark is not None else None
    column = mark.column + 1 if mark is not None else None
    problem = f"{error.context or ''} {error.problem or ''}"
    if mark is not None:
        lines = text.splitlines()
        if mark.line < len(lines) and lines[mark.line][mark.column : mark.column + 1] == "\t":
            return YamlProblem("yaml-syntax", _TAB_MESSAGE, line, column)
    if "found duplicate key" in problem:
        key = re.search(r'duplicate key "(.*?)"', problem)
        first_line = None
        if key and error.context_mark is not None:
            mapping = error.context_mark
            try:
                first_line = _first_key_line(text, mapping.line, mapping.column, key.group(1))
            except YAMLError:
                first_line = None
        where = f" (lần đầu ở dòng {first_line})" if first_line else ""
        name = f"'{key.group(1)}' " if key else ""
        return YamlProblem("duplicate-key", f"khóa {name}bị lặp lại{where}", line, column)
    for needle, message in _SYNTAX_MESSAGES:
        if needle in problem and message:
            return YamlProblem("yaml-syntax", f"lỗi cú pháp YAML: {message}", line, column)
    return YamlProblem(
        "yaml-syntax", f"lỗi cú pháp YAML ({(error.problem or '').strip()})", line, column
    )


def _too_deep(data: Any) -> bool:
    """Whether more than :data:`MAX_DEPTH` collections nest (a second guard behind the scan of
    the text, which already refuses them with their place)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                return True
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)
    return False


def parse_yaml(text: str) -> Any:
    """Plain data of one plan file (mappings, lists, text in NFC, numbers, booleans, None).

    The nesting depth is measured on the text first: the C reader crashes the process on tens of
    thousands of levels, and no reader runs on a text nested deeper than :data:`MAX_DEPTH`."""
    problem = nesting_problem(text)
    if problem is not None:
        raise problem
    data = _load(text)
    if _too_deep(data):
        raise YamlProblem("yaml-syntax", _DEEP_MESSAGE)
    return data


def _load(text: str) -> Any:
    try:
        return _yaml().load(text)
    except MarkedYAMLError as error:
        raise _syntax_problem(error, text) from None
    except YAMLError as error:
        position = getattr(error, "position", None)
        if isinstance(position, int):  # a character the reader refuses (control characters)
            # libyaml counts bytes of the UTF-8 text.
            before = text.encode("utf-8")[:position].decode("utf-8", errors="ignore")
            line, column = _place_of(before)
            character = text[len(before)] if len(before) < len(text) else ""
            code = f" (mã U+{ord(character):04X})" if character else ""
            raise YamlProblem(
                "yaml-syntax", f"tệp chứa ký tự điều khiển không được phép{code}", line, column
            ) from None
        raise YamlProblem("yaml-syntax", f"lỗi cú pháp YAML ({error})") from None
    except RecursionError:
        raise YamlProblem(
            "yaml-syntax",
            "cấu trúc lồng nhau quá sâu: tệp kế hoạch không cần lồng nhiều cấp như vậy",
        ) from None


def _key_text(node: Node) -> str | None:
    if isinstance(node, ScalarNode):
        return nfc(str(node.value))
    return None


def compose_plan(text: str) -> Node | None:
    """The node tree of a file that parsed without error (its marks give lines and columns)."""
    node: Node | None = _yaml().compose(text)
    return node


def locate_in(
    root: Node | None, path: tuple[str | int, ...], *, at_key: bool = False
) -> tuple[int, int]:
    """1-based line and column of the node at ``path`` under ``root`` (see :func:`locate`)."""
    node = root
    if node is None:
        return 1, 1
    for depth, part in enumerate(path):
        last = depth == len(path) - 1
        child: Node | None = None
        if isinstance(node, MappingNode) and not isinstance(part, int):
            for key_node, value_node in node.value:
                if _key_text(key_node) == str(part):
                    child = key_node if (last and at_key) else value_node
                    break
        elif isinstance(node, SequenceNode) and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
        if child is None:
            break
        node = child
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


def locate(text: str, path: tuple[str | int, ...], *, at_key: bool = False) -> tuple[int, int]:
    """1-based line and column of the node at ``path`` in a file that parsed without error.

    When the path leaves the file (a missing key), the place of its deepest existing parent is
    given. With ``at_key`` the key of the last mapping entry is located instead of its value.
    This composes the file: to place many findings, compose once with :func:`compose_plan` and
    call :func:`locate_in`."""
    return locate_in(compose_plan(text), path, at_key=at_key)


# --- Nesting depth, measured on the text before any reader runs ---------------------------------

# libyaml's composer recurses once per nested collection and overflows the C stack after some
# tens of thousands of levels (a segmentation fault, no message); the pure-Python composer hits
# RecursionError sooner. So the depth is measured first, on the text, in one linear pass. The
# scan follows YAML's tokens closely enough to find brackets, block indicators, quotes, comments
# and block scalars; where it cannot tell, it takes the reading that nests more, so it may
# overcount an odd file but never undercounts one the reader would compose.

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
_DEEP_MESSAGE = (
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
        return YamlProblem("yaml-syntax", _DEEP_MESSAGE, deep.line, deep.column)
    return None
