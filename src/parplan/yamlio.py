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

from parplan.text import nfc

__all__ = ["YamlProblem", "decode_plan_text", "locate", "parse_yaml"]


class _PlanConstructor(SafeConstructor):
    """Safe constructor for plan files: text in NFC, dates left as text for the model to parse."""

    def construct_yaml_str(self, node: Any) -> Any:
        value = super().construct_yaml_str(node)
        return nfc(value) if isinstance(value, str) else value

    def construct_plain_text(self, node: Any) -> Any:
        return nfc(str(self.construct_scalar(node)))


_PlanConstructor.add_constructor("tag:yaml.org,2002:str", _PlanConstructor.construct_yaml_str)
_PlanConstructor.add_constructor(
    "tag:yaml.org,2002:timestamp", _PlanConstructor.construct_plain_text
)


def _yaml() -> YAML:
    yaml = YAML(typ="safe", pure=False)
    yaml.Constructor = _PlanConstructor
    return yaml


@dataclass(frozen=True, slots=True)
class YamlProblem(Exception):
    """A file that is not readable YAML text, with its 1-based place and a Vietnamese message."""

    rule: str
    message: str
    line: int | None = None
    column: int | None = None


_LEGACY_HINTS = (
    # Bytes typical of legacy Vietnamese encodings, to tell the user what the file probably is.
    ("Windows-1258 (CP1258)", re.compile(rb"[\xc3\xe3\xd5\xf5\xd2\xf2\xde\xfe][a-zA-Z ]")),
    ("TCVN3 (ABC)", re.compile(rb"[\xb5\xb8\xb6\xb7\xb9\xa8\xbb\xbe\xbc\xbd\xc6\xa9\xc7\xca]")),
)


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
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        guess = next((name for name, pattern in _LEGACY_HINTS if pattern.search(raw)), None)
        hint = f"; có vẻ là bảng mã {guess}" if guess else ""
        raise YamlProblem(
            "encoding",
            f"tệp không phải văn bản UTF-8{hint}. Hãy chuyển sang Unicode UTF-8 "
            "(ví dụ bằng Unikey: Công cụ chuyển mã) rồi lưu lại",
            line,
            column,
        ) from None
    if "\x00" in text:
        raise YamlProblem("encoding", "tệp chứa ký tự NUL: đây không phải tệp văn bản", 1, 1)
    return text.removeprefix("\ufeff")


# English problems of the YAML parser, and what to tell a Vietnamese user instead.
_SYNTAX_MESSAGES: tuple[tuple[str, str], ...] = (
    ("found duplicate key", ""),  # handled separately
    ("tab character", "ký tự tab không được dùng để thụt lề trong YAML; hãy dùng dấu cách"),
    ("while scanning a quoted scalar", "chuỗi mở bằng dấu nháy nhưng chưa được đóng"),
    ("found unexpected end of stream", "tệp kết thúc khi một phần tử còn dang dở"),
    ("but found another document", "tệp có nhiều tài liệu YAML (ngăn bởi ---); mỗi tệp chỉ có một"),
    ("mapping values are not allowed here",
     "không được có 'khóa: giá trị' ở đây: kiểm tra thụt lề, hoặc đặt giá trị có dấu ': ' "
     "trong dấu nháy kép"),
    ("did not find expected key", "thụt lề không đúng, hoặc thiếu dấu ':' sau khóa"),
    ("could not find expected ':'", "thiếu dấu ':' sau khóa"),
    ("did not find expected ',' or ']'", "danh sách [...] thiếu dấu ',' hoặc dấu ']'"),
    ("did not find expected ',' or '}'", "ánh xạ {...} thiếu dấu ',' hoặc dấu '}'"),
    ("did not find expected '-' indicator",
     "thụt lề không đều: các phần tử của danh sách phải thẳng hàng, bắt đầu bằng '- '"),
    ("block sequence entries are not allowed",
     "không được bắt đầu danh sách '- ' ở đây: kiểm tra thụt lề"),
    ("found undefined alias", "bí danh (alias) chưa được định nghĩa"),
    ("found unknown escape character", "ký tự thoát (\\) không hợp lệ trong chuỗi nháy kép"),
    ("control characters are not allowed", "tệp chứa ký tự điều khiển không được phép"),
    ("found character", "có ký tự không thể bắt đầu một phần tử YAML (ví dụ @ hoặc `)"),
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


def parse_yaml(text: str) -> Any:
    """Plain data of one plan file (mappings, lists, text in NFC, numbers, booleans, None)."""
    try:
        return _yaml().load(text)
    except MarkedYAMLError as error:
        raise _syntax_problem(error, text) from None
    except YAMLError as error:
        raise YamlProblem("yaml-syntax", f"lỗi cú pháp YAML ({error})") from None


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
