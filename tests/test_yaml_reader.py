"""The YAML reader: tags, complex keys and deep nesting end in a finding at their place, the depth
scan never counts less than the reader would nest, and findings are placed composing each file
once."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent

from parplan import plan_files, yaml_depth, yaml_places
from parplan.loading import validate_paths
from parplan.yaml_depth import MAX_DEPTH, nesting_problem
from parplan.yaml_problem import YamlProblem
from parplan.yaml_reader import parse_yaml

from .conftest import FIXTURES
from .test_yaml_suite import suite_cases

CORPUS = Path(__file__).parent / "corpus"

REFUSED = [
    ("a: !!int abc", "yaml-tag", 1, 4),
    ('a: !!float ""', "yaml-tag", 1, 4),
    ("a: !!bool maybe", "yaml-tag", 1, 4),
    ("a: !!int 0x1G", "yaml-tag", 1, 4),
    ("%TAG !e! tag:yaml.org,2002:\n---\na: !e!int abc", "yaml-tag", 3, 4),
    ("a: !<tag:yaml.org,2002:int> abc", "yaml-tag", 1, 4),
    ("a: !!binary aGVsbG8=", "yaml-tag", 1, 4),
    ("a: !!python/object/apply:os.system [ls]", "yaml-tag", 1, 4),
    ("a: !x foo", "yaml-tag", 1, 4),
    ("a: !!set {b, c}", "yaml-tag", 1, 4),
    ("a: !!omap [b: 1]", "yaml-tag", 1, 4),
    ("a: !!pairs [b: 1]", "yaml-tag", 1, 4),
    ("a: !!timestamp garbage", "yaml-tag", 1, 4),
    ("a: !!null x", "yaml-tag", 1, 4),
    ("a: !!str [1]", "yaml-tag", 1, 4),
    ("a: !!map x", "yaml-tag", 1, 4),
    ("a: !!seq {b: c}", "yaml-tag", 1, 4),
    ("? !!int abc\n: b", "yaml-tag", 1, 3),
    ("!!int abc", "yaml-tag", 1, 1),
    ("a: !!int " + "9" * 10_000, "yaml-value", 1, 4),
    ("a: " + "9" * 10_000, "yaml-value", 1, 4),
    ("[[a]]: b", "yaml-syntax", 1, 1),
    ("? [a]\n: b", "yaml-syntax", 1, 3),
    ("x:\n  {a: b}: c", "yaml-syntax", 2, 3),
    ("- [[a]: b]", "yaml-syntax", 1, 4),
    ("<<: {a: 1}", "yaml-alias", 1, 1),
    ("a: " + "[" * 50_000 + "]" * 50_000, "yaml-syntax", 1, 19),
    ("a: " + "{" * 50_000 + "}" * 50_000, "yaml-syntax", 1, 34),
    ("- " * 50_000 + "x", "yaml-syntax", 1, 65),
    ("? " * 50_000 + "x", "yaml-syntax", 1, 65),
    ("".join(" " * i + "k:\n" for i in range(100)), "yaml-syntax", 33, 33),
]


@pytest.mark.parametrize(("text", "rule", "line", "column"), REFUSED, ids=lambda v: str(v)[:30])
def test_refused_with_rule_and_place(text: str, rule: str, line: int, column: int) -> None:
    with pytest.raises(YamlProblem) as caught:
        parse_yaml(text)
    assert (caught.value.rule, caught.value.line, caught.value.column) == (rule, line, column)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a: !!int 12", 12),
        ('a: !!int "12"', 12),
        ("a: !!float 1", 1.0),
        ("a: !!str 12", "12"),
        ("a: !!bool true", True),
        ("a: !!null null", None),
        ("a: 1e5", 100000.0),
        ("a: 012", 12),
        ("a: .nan", "nan"),
    ],
)
def test_plain_core_tags_that_fit_are_read(text: str, value: object) -> None:
    read = parse_yaml(text)["a"]
    assert (str(read) if value == "nan" else read) == value


def test_nesting_up_to_the_limit_is_read() -> None:
    text = "a:\n" + "".join("  " * depth + "- \n" for depth in range(1, 20)) + "  " * 20 + "x\n"
    assert nesting_problem(text) is None
    nested: list[object] = []
    for _ in range(14):
        nested = [nested]
    assert parse_yaml("a: " + "[" * 15 + "]" * 15) == {"a": nested}


def _reader_depth(text: str) -> int:
    """The deepest nesting libyaml reaches on ``text`` (before its first error, if any)."""
    depth = deepest = 0
    try:
        for event in YAML(typ="safe", pure=False).parse(text):
            if isinstance(event, CollectionStartEvent):
                depth += 1
                deepest = max(deepest, depth)
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    except Exception:  # only the depth reached before the error counts
        pass
    return deepest


def _scan_depth(text: str) -> int:
    scan = yaml_depth._DepthScan()
    try:
        for line in yaml_depth._LINE_BREAK.split(text):
            scan.scan_line(line)
    except yaml_depth._TooDeep:
        return MAX_DEPTH + 1
    return scan.deepest


def _samples() -> list[str]:
    texts = [case.yaml for case in suite_cases()]
    for path in [*CORPUS.glob("*.yaml"), *FIXTURES.rglob("*.yaml")]:
        raw = path.read_bytes()
        if len(raw) < 50_000:
            texts.append(raw.decode("utf-8", errors="replace"))
    return texts


def test_the_depth_scan_never_counts_less_than_the_reader_nests() -> None:
    # libyaml's events (iterative, never crashing) give the real depth; the scan of the text
    # must be at least that, on real files, on the YAML test suite and on mutations of both
    # with the characters that matter to YAML's structure.
    texts = _samples()
    pieces = [*"[]{},:?-#\"'|>!&* \n\tab\r\u2028%\\", "---", "\n- ", "\n  ", ": ", "|2", '\n"']
    pieces += ["\ufeff", "\n\ufeff", "\n\ufeff- ", "\n\ufeff["]  # libyaml skips a BOM at column 0
    rng = random.Random(18)
    mutated = []
    for _ in range(6000):
        chars = list(rng.choice(texts)[:400])
        for _ in range(rng.randint(1, 6)):
            where = rng.randint(0, len(chars))
            chars.insert(where, "".join(rng.choice(pieces) for _ in range(rng.randint(1, 4))))
        mutated.append("".join(chars))
    boms = [f"# plan\n\ufeff{'- ' * 40}a\n", f"a: 1\n\ufeff{'[' * 40}\n", f"\ufeff{'{' * 40}\n"]
    under = [
        text
        for text in texts + mutated + boms
        if min(_scan_depth(text), MAX_DEPTH + 1) < min(_reader_depth(text), MAX_DEPTH + 1)
    ]
    assert under == []


# --- Placing findings: each file composed once ------------------------------------------------


def _count_composes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = yaml_places.compose_plan

    def counting(text: str) -> object:
        calls.append(len(text))
        return real(text)

    monkeypatch.setattr(yaml_places, "compose_plan", counting)
    return calls


def test_six_thousand_findings_compose_the_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "plans" / "2022"
    shutil.copytree(FIXTURES / "minimal", folder)
    lines = (
        ["tasks:\n"]
        + [
            f"  - id: N-{number}\n    title: Việc {number}\n    source: II.2.a\n"
            f"    criteria: [PAR 1]\n    lead: HCTC\n    deadline: 31/12/2022\n"
            f"    output: Sản phẩm\n    ghi_chu: thừa\n"
            for number in range(1, 6001)
        ]
        + ["schema_version: 2\n"]
    )
    (folder / "nhieu.yaml").write_text("".join(lines), encoding="utf-8")
    calls = _count_composes(monkeypatch)
    result, _ = validate_paths([folder])
    found = [f for f in result.findings if f.file.name == "nhieu.yaml"]
    assert len(found) == 6000
    assert {f.rule for f in found} == {"unknown-key"}
    by_task = {f.yaml_path[1]: (f.line, f.column) for f in found}
    for index in (0, 1, 2999, 5999):
        assert by_task[index] == (2 + 8 * index + 7, 5)  # the key 'ghi_chu' of each task
    assert len(calls) == 1


def test_fifty_findings_in_a_ten_megabyte_file_compose_it_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "plans" / "2022"
    shutil.copytree(FIXTURES / "minimal", folder)
    filler = "Nội dung " + "x" * 9_900
    lines = ["tasks:\n"]
    for number in range(1, 1001):
        extra = "    ghi_chu: thừa\n" if number % 20 == 0 else ""
        lines.append(
            f"  - id: N-{number}\n    title: Việc {number}\n    source: II.2.a\n"
            f"    criteria: [PAR 1]\n    lead: HCTC\n    deadline: 31/12/2022\n"
            f"    output: {filler}\n{extra}"
        )
    text = "".join(lines) + "schema_version: 2\n"
    assert 9_500_000 < len(text.encode("utf-8")) < plan_files.MAX_FILE_BYTES
    (folder / "lon.yaml").write_text(text, encoding="utf-8")
    calls = _count_composes(monkeypatch)
    result, _ = validate_paths([folder])
    found = sorted(
        (f for f in result.findings if f.file.name == "lon.yaml"), key=lambda f: f.line or 0
    )
    assert len(found) == 50
    text_lines = text.splitlines()
    for finding in found:
        assert finding.line is not None
        assert text_lines[finding.line - 1] == "    ghi_chu: thừa"
        assert finding.column == 5
    assert len(calls) == 1
