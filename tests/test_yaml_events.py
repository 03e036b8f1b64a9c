"""Plain plan files read from the C parser's events (:mod:`parplan.yaml_events`): whatever that
reader accepts, the full reader reads the same, value for value and type for type; whatever it
does not, the full reader reads as before; and real plan files take the quick way."""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

import pytest

from parplan import yaml_reader
from parplan.yaml_events import NotPlain, plain_data
from parplan.yaml_problem import YamlProblem
from parplan.yaml_reader import decode_plan_text, parse_yaml

from .test_yaml_reader import REFUSED, _samples

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate  # noqa: E402


def _outcome(text: str) -> tuple[Any, ...]:
    try:
        return ("data", repr(parse_yaml(text)))
    except YamlProblem as problem:
        return ("problem", problem.rule, str(problem), problem.line, problem.column)


def _full_outcome(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, ...]:
    def never(text: str) -> Any:
        raise NotPlain

    with monkeypatch.context() as patched:
        patched.setattr(yaml_reader, "plain_data", never)
        return _outcome(text)


def _is_plain(text: str) -> bool:
    try:
        plain_data(text)
    except NotPlain:
        return False
    return True


def _mutations(texts: list[str], count: int) -> list[str]:
    pieces = [*"[]{},:?-#\"'|>!&* \n\tab\r%\\<", "---", "\n- ", "\n  ", ": ", "|2", "~", "1.5"]
    pieces += ["\ufeff", "&a ", "*a", "!!int ", "<<: ", "%YAML 1.1\n---\n", "\n...\n", "0x1F"]
    rng = random.Random(19)
    mutated = []
    for _ in range(count):
        chars = list(rng.choice(texts)[:400])
        for _ in range(rng.randint(1, 4)):
            where = rng.randint(0, len(chars))
            chars.insert(where, "".join(rng.choice(pieces) for _ in range(rng.randint(1, 3))))
        mutated.append("".join(chars))
    return mutated


def test_what_the_quick_reader_accepts_the_full_reader_reads_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On real files, on the YAML test suite and on mutations of both with what matters to
    YAML's structure and types: the same data (compared by repr, so 1, 1.0 and True differ,
    and the order of keys counts), or the same problem at the same place."""
    texts = _samples()
    texts += _mutations(texts, 4000)
    plain = 0
    different = []
    for text in texts:
        plain += _is_plain(text)
        if _outcome(text) != _full_outcome(text, monkeypatch):
            different.append(text)
    assert different == []
    assert plain > 800  # the quick way was taken, and often (about 1,000 of 4,500)


@pytest.mark.parametrize(
    "text",
    [
        "a: !!str 1",
        "a: &x 1\nb: *x",
        "a: *x",
        "<<: {b: 1}",
        "? [a]\n: b",
        "{a: 1}: b",
        "a: 1\na: 2",
        "%YAML 1.1\n---\na: yes",
        "a: 1\n---\nb: 2",
        "a: " + "[" * 16 + "]" * 16,
        "a: [1",
        "a: " + "9" * 10_000,
        "a:\tb: c",
    ],
    ids=lambda text: text[:20],
)
def test_anything_but_plain_data_goes_to_the_full_reader(text: str) -> None:
    with pytest.raises(NotPlain):
        plain_data(text)


@pytest.mark.parametrize(("text", "rule", "line", "column"), REFUSED, ids=lambda v: str(v)[:30])
def test_what_the_full_reader_refuses_the_quick_one_does_not_accept(
    text: str, rule: str, line: int, column: int
) -> None:
    assert not _is_plain(text)


def _nested(shape: str, depth: int) -> str:
    """A text nesting ``depth`` collections in one of several ways."""
    if shape == "flow lists":
        return "a: " + "[" * (depth - 1) + "]" * (depth - 1)
    if shape == "flow lists with a value":
        return "a:\n  b: " + "[" * (depth - 2) + "x" + "]" * (depth - 2)
    if shape == "flow maps":
        return "{a: " * depth + "x" + "}" * depth
    if shape == "mixed flow":
        inner = "x"
        for level in range(depth - 1):
            inner = f"[{inner}]" if level % 2 else f"{{k: {inner}}}"
        return f"a: {inner}"
    if shape == "block maps":
        return "".join("  " * level + f"k{level}:\n" for level in range(depth)) + "  " * depth + "x"
    if shape == "block lists":
        return "- " * depth + "x"
    return "".join("  " * level + "- k:\n" for level in range(depth // 2)) + "  " * depth + "- x"


@pytest.mark.parametrize(
    "shape",
    [
        "flow lists",
        "flow lists with a value",
        "flow maps",
        "mixed flow",
        "block maps",
        "block lists",
        "block lists of maps",
    ],
)
def test_at_every_depth_both_readers_agree(shape: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Up to half the limit the quick reader reads; deeper, the full reader decides (its scan of
    the text may count a collection inside [...] twice), so that both agree at every depth."""
    for depth in range(1, 41):
        text = _nested(shape, depth)
        assert _outcome(text) == _full_outcome(text, monkeypatch), (shape, depth)
    assert _is_plain(_nested(shape, 8))


def test_nesting_up_to_half_the_limit_is_plain() -> None:
    nested: list[Any] = []
    for _ in range(14):
        nested = [nested]
    text = "a: " + "[" * 15 + "]" * 15  # a mapping and 15 lists: 16 collections
    assert plain_data(text) == parse_yaml(text) == {"a": nested}
    with pytest.raises(NotPlain):
        plain_data("a: " + "[" * 16 + "]" * 16)


def test_every_shipped_and_generated_plan_file_takes_the_quick_way(tmp_path: Path) -> None:
    generate(300, tmp_path / "plans")
    files = [*(ROOT / "plans").rglob("*.yaml"), *(tmp_path / "plans").rglob("*.yaml")]
    files += [*(ROOT / "examples").rglob("*.yaml")]
    assert len(files) > 20
    slow = [path for path in files if not _is_plain(decode_plan_text(path.read_bytes()))]
    assert slow == []
