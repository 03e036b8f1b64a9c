"""The YAML plan files are written in: what the reader may build and how plain values are typed.

The safe constructor refuses tags, aliases, merge keys and collection keys at their place; the
resolver types plain values as YAML 1.2 does, without ruamel's per-node version lookup.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import BaseResolver, implicit_resolvers
from ruamel.yaml.tag import Tag

from parplan.text import nfc
from parplan.yaml_problem import YamlProblem

__all__ = ["implicit_tag", "plan_yaml"]


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


def _implicit_table() -> tuple[dict[str, list[tuple[str, Any]]], list[tuple[str, Any]]]:
    by_first: dict[str, list[tuple[str, Any]]] = {}
    any_first: list[tuple[str, Any]] = []
    for versions, tag, regexp, first in implicit_resolvers:
        if (1, 2) not in versions:
            continue
        if not first:
            any_first.append((tag, regexp))
            continue
        for character in first:
            by_first.setdefault(character, []).append((tag, regexp))
    return by_first, any_first


_BY_FIRST, _ANY_FIRST = _implicit_table()
_TAGS = {tag: Tag(suffix=tag) for versions, tag, _, _ in implicit_resolvers if (1, 2) in versions}
"""Each implicit tag as the object ruamel's nodes carry, made once."""


def implicit_tag(value: str) -> str:
    """The tag YAML 1.2 gives an untagged plain scalar (``tag:yaml.org,2002:int`` for ``12``)."""
    for tag, regexp in _BY_FIRST.get(value[:1], _ANY_FIRST):
        if regexp.match(value):
            return tag
    return _STR


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
                return _TAGS.get(implicit_tag(value), self.DEFAULT_SCALAR_TAG)
            return self.DEFAULT_SCALAR_TAG
        if kind is SequenceNode:
            return self.DEFAULT_SEQUENCE_TAG
        return self.DEFAULT_MAPPING_TAG


def plan_yaml() -> YAML:
    """A reader of plan files: the C loader with the plan constructor and resolver."""
    yaml = YAML(typ="safe", pure=False)
    yaml.Constructor = _PlanConstructor
    yaml.Resolver = _PlanResolver
    return yaml
