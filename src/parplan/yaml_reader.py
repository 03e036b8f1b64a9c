"""Reading plan files: bytes decoded as UTF-8, text parsed into plain data by the fast C loader.

Read-only commands never pay for ruamel.yaml's round-trip mode. Plain data comes from the safe
loader over libyaml (``ruamel.yaml.clib``); when a problem needs a place, the file is composed again
into nodes, whose marks give exact lines and columns (:mod:`parplan.yaml_places`). The parser's
English problems become Vietnamese ones here.
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.error import MarkedYAMLError, YAMLError

from parplan.yaml_depth import MAX_DEPTH, TOO_DEEP_MESSAGE, nesting_problem
from parplan.yaml_dialect import plan_yaml
from parplan.yaml_events import NotPlain, plain_data
from parplan.yaml_places import first_key_line
from parplan.yaml_problem import YamlProblem

__all__ = ["decode_plan_text", "parse_yaml"]


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
    ("found unexpected end of", "tệp kết thúc khi một phần tử còn dang dở"),
    ("expected <block end>", "thụt lề không đúng"),
)  # fmt: skip


_TAB_MESSAGE = "lỗi cú pháp YAML: ký tự tab không được dùng để thụt lề; hãy dùng dấu cách"


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
                first_line = first_key_line(text, mapping.line, mapping.column, key.group(1))
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

    A plain file (almost every one) is built from the C parser's events
    (:func:`parplan.yaml_events.plain_data`); any other is read by the full reader, which says
    what is wrong and where. Before it, the nesting depth is measured on the text: the C
    composer crashes the process on tens of thousands of levels, and it never runs on a text
    nested deeper than :data:`MAX_DEPTH`."""
    try:
        return plain_data(text)
    except NotPlain:
        pass
    problem = nesting_problem(text)
    if problem is not None:
        raise problem
    data = _load(text)
    if _too_deep(data):
        raise YamlProblem("yaml-syntax", TOO_DEEP_MESSAGE)
    return data


def _load(text: str) -> Any:
    try:
        return plan_yaml().load(text)
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
