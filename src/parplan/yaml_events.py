"""Plain plan files read straight from libyaml's events, without composing nodes.

Almost every plan file is mappings, lists and untagged scalars. For those, the events of the C
parser (``ruamel.yaml.clib``) are built into data here, in one loop with a stack of its own:
no node tree, no constructor dispatch per node, and no separate pass over the text to measure
the depth first (libyaml's parser keeps its own stack and does not recurse; the depth is counted
here as the events come). A scalar that is not text is built by the plan constructor itself
(:mod:`parplan.yaml_dialect`), so every value is what the full reader makes.

Anything else (a tag, an anchor or alias, a merge key, a collection as a key, a repeated key, a
``%YAML`` directive, more than one document, nesting deeper than half :data:`MAX_DEPTH`, a value that
cannot be built, or any error of the parser) is :class:`NotPlain`: :func:`parplan.yaml_reader.parse_yaml` then reads the file
with the full reader, which says what is wrong and where, as it always has.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import (
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from ruamel.yaml.nodes import ScalarNode

from parplan.text import nfc
from parplan.yaml_depth import MAX_DEPTH
from parplan.yaml_dialect import implicit_tag, plan_yaml
from parplan.yaml_problem import YamlProblem

try:
    from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]  # (untyped C module)
except ImportError:  # no C extension (PyPy): the full reader reads every file
    CParser = None

__all__ = ["NotPlain", "plain_data"]

_PLAIN_DEPTH = MAX_DEPTH // 2
"""The deepest nesting read here. The full reader's scan of the text counts a collection inside
``[...]`` twice (it may be the key of a one-pair mapping there), so it refuses some files whose
nesting is between this and :data:`MAX_DEPTH`: those are left to it, and both readers agree on
every file. Plan files nest a few levels."""
_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_OPENING = (MappingStartEvent, SequenceStartEvent)
_CLOSING = (MappingEndEvent, SequenceEndEvent)
_PASSED = (StreamStartEvent, DocumentEndEvent)


class NotPlain(Exception):
    """The file needs the full reader (see the module's description)."""


class _Builder:
    """The data of one document, built from its events."""

    def __init__(self) -> None:
        self._constructor: Any = None

    def scalar(self, event: Any) -> Any:
        if event.anchor is not None or event.tag is not None:
            raise NotPlain
        value = event.value
        if not event.implicit[0]:  # quoted or a block scalar: text
            return nfc(value)
        tag = implicit_tag(value)
        if tag == _STR:
            return nfc(value)
        if tag == _MERGE:
            raise NotPlain
        if self._constructor is None:
            self._constructor = plan_yaml().constructor
        node = ScalarNode(tag, value, event.start_mark, event.end_mark)
        return self._constructor.construct_object(node)


def plain_data(text: str) -> Any:
    """The data of a plain plan file (see the module's description); :class:`NotPlain` when the
    full reader must read it."""
    if CParser is None:
        raise NotPlain
    parser = CParser(text)
    builder = _Builder()
    # Open collections: a list, or a mapping with the key waiting for its value (a one-item
    # list, so that "no key yet" and a key that is None differ).
    stack: list[tuple[list[Any] | dict[Any, Any], list[Any]]] = []
    root: Any = None
    documents = 0
    try:
        while True:
            event = parser.get_event()
            kind = type(event)
            if kind is ScalarEvent:
                value = builder.scalar(event)
            elif kind in _OPENING:
                if event.anchor is not None or event.tag is not None or len(stack) >= _PLAIN_DEPTH:
                    raise NotPlain
                value = {} if kind is MappingStartEvent else []
                _add(stack, value)
                stack.append((value, []))
                continue
            elif kind in _CLOSING:
                value = stack.pop()[0]
                if stack:
                    continue
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1 or event.version is not None or event.tags:
                    raise NotPlain
                continue
            elif kind in _PASSED:
                continue
            elif kind is StreamEndEvent:
                return root
            else:  # an alias (AliasEvent), or an event this reader does not know
                raise NotPlain
            if stack:
                _add(stack, value)
            else:
                root = value
    except (YAMLError, YamlProblem):  # the full reader says what, and where first
        raise NotPlain from None


def _add(stack: list[tuple[list[Any] | dict[Any, Any], list[Any]]], value: Any) -> None:
    """``value`` into the innermost open collection: an item of a list, or a key or value of a
    mapping."""
    if not stack:
        return
    collection, key = stack[-1]
    if isinstance(collection, list):
        collection.append(value)
    elif not key:
        if isinstance(value, list | dict):  # a collection as a key
            raise NotPlain
        if value in collection:  # a repeated key
            raise NotPlain
        key.append(value)
    else:
        collection[key.pop()] = value
