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

__all__ = ["YamlProblem", "decode_plan_text", "locate", "parse_yaml"]


class _PlanConstructor(SafeConstructor):
    """Safe constructor for plan files: text in NFC, dates left as text for the model to parse,
    and no aliases (``*name``): a plan file says everything once, and aliases are how a small
    file becomes billions of values."""

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
        return super().construct_object(node, deep)

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


MAX_DEPTH = 32
"""Plan files nest a few levels; deeper structures are refused before anything walks them."""


def _too_deep(data: Any) -> bool:
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        if isinstance(value, dict):
            if any(isinstance(key, tuple | list | dict) for key in value):
                raise YamlProblem(
                    "yaml-syntax",
                    "khóa phải là chữ hoặc số; không dùng khóa phức tạp ('? [...]' hay '? {...}')",
                )
            stack.extend((child, depth + 1) for child in value.values())
        elif isinstance(value, list):
            stack.extend((child, depth + 1) for child in value)
    return False


def parse_yaml(text: str) -> Any:
    """Plain data of one plan file (mappings, lists, text in NFC, numbers, booleans, None)."""
    data = _load(text)
    if _too_deep(data):
        raise YamlProblem(
            "yaml-syntax",
            f"cấu trúc lồng nhau quá sâu (hơn {MAX_DEPTH} cấp): tệp kế hoạch không cần như vậy",
        )
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


def locate(text: str, path: tuple[str | int, ...], *, at_key: bool = False) -> tuple[int, int]:
    """1-based line and column of the node at ``path`` in a file that parsed without error.

    When the path leaves the file (a missing key), the place of its deepest existing parent is
    given. With ``at_key`` the key of the last mapping entry is located instead of its value.
    """
    node: Node | None = _yaml().compose(text)
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
