"""Where things stand in a plan file: composing it into nodes once and locating YAML paths.

Reading gives plain data without places (:mod:`parplan.yaml_reader`); only when a finding needs
a line and column is the file composed again, once, and the path of each finding looked up.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from parplan.findings import Finding, PendingFinding
from parplan.source_file import SourceFile
from parplan.text import nfc
from parplan.yaml_dialect import plan_yaml

__all__ = ["compose_plan", "first_key_line", "locate_in", "resolve_findings"]


def _key_text(node: Node) -> str | None:
    if isinstance(node, ScalarNode):
        return nfc(str(node.value))
    return None


def compose_plan(text: str) -> Node | None:
    """The node tree of a file that parsed without error (its marks give lines and columns)."""
    node: Node | None = plan_yaml().compose(text)
    return node


def locate_in(
    root: Node | None, path: tuple[str | int, ...], *, at_key: bool = False
) -> tuple[int, int]:
    """1-based line and column of the node at ``path`` under ``root`` (from :func:`compose_plan`).

    When the path leaves the file (a missing key), the place of its deepest existing parent is
    given. With ``at_key`` the key of the last mapping entry is located instead of its value."""
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


def first_key_line(text: str, mapping_line: int, mapping_column: int, key: str) -> int | None:
    """1-based line of the first ``key`` of the mapping that starts at the given 0-based place."""
    stack: list[Node] = [plan_yaml().compose(text)]
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


def resolve_findings(
    pending: Iterable[PendingFinding], sources: Iterable[SourceFile]
) -> list[Finding]:
    """Give every finding its line and column, composing each file at most once."""
    texts = {source.path: source.text for source in sources if source.text is not None}
    roots: dict[Path, Node | None] = {}  # each file composed once, however many findings it has
    findings: list[Finding] = []
    for item in pending:
        line, column = item.line, item.column
        text = texts.get(item.file)
        if line is not None and text is not None:
            # A problem at the very end of a file is shown on its last line.
            last = max(1, len(text.splitlines()))
            if line > last:
                line, column = last, max(1, len(text.splitlines()[-1]) + 1 if text.strip() else 1)
        if line is None and text is not None and item.file.is_file():
            line, column = (1, 1)
            try:
                if item.file not in roots:
                    roots[item.file] = None  # a file that cannot be composed is not tried again
                    roots[item.file] = compose_plan(text)
                line, column = locate_in(roots[item.file], item.path, at_key=item.at_key)
            except Exception:  # a place is a courtesy: never let it hide the finding
                line, column = 1, 1
        findings.append(
            Finding(
                file=item.file,
                rule=item.rule,
                message=item.message,
                yaml_path=item.path,
                line=line,
                column=column,
            )
        )
    return findings
