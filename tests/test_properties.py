"""Properties over many inputs (hypothesis): the validator never crashes and places every problem
on a line of the file; YAML written by parplan reads back as the same model; an edit changes no
byte outside its task."""

from __future__ import annotations

import io
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parplan.editing import round_trip_yaml, update_task
from parplan.loading import load_plan_parts, validate_paths
from parplan.model import Task
from parplan.progress_change import ProgressChange
from parplan.text import nfc
from parplan.yaml_reader import parse_yaml

from .conftest import FIXTURES, SHIPPED_PLANS

PLAN_TEXT = {
    path.name: path.read_text(encoding="utf-8") for path in (FIXTURES / "minimal").iterdir()
}
NASTY = list(":-[]{}'\"\t&*#|>!%@`,?\\\n ") + list("ạảấầẩẫậắằẳẵặđĐơưỡ") + ["\u0301", "\u00a0", "\r"]

mutation = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, 200)),
    st.tuples(st.just("duplicate"), st.integers(0, 200)),
    st.tuples(st.just("swap"), st.integers(0, 200), st.integers(0, 200)),
    st.tuples(st.just("insert"), st.integers(0, 5000), st.text(alphabet=st.sampled_from(NASTY + list("abc123")), min_size=1, max_size=6)),
    st.tuples(st.just("indent"), st.integers(0, 200), st.integers(-3, 3)),
)  # fmt: skip


def _mutate(text: str, steps: list[tuple[Any, ...]]) -> str:
    lines = text.splitlines(keepends=True)
    for step in steps:
        if not lines:
            break
        kind = step[0]
        if kind == "delete":
            del lines[step[1] % len(lines)]
        elif kind == "duplicate":
            index = step[1] % len(lines)
            lines.insert(index, lines[index])
        elif kind == "swap":
            a, b = step[1] % len(lines), step[2] % len(lines)
            lines[a], lines[b] = lines[b], lines[a]
        elif kind == "insert":
            joined = "".join(lines)
            position = step[1] % (len(joined) + 1)
            lines = (joined[:position] + step[2] + joined[position:]).splitlines(keepends=True)
        elif kind == "indent":
            index = step[1] % len(lines)
            shift = step[2]
            line = lines[index]
            lines[index] = (
                " " * shift + line
                if shift > 0
                else line[min(-shift, len(line) - len(line.lstrip(" "))) :]
            )
    return "".join(lines)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(file=st.sampled_from(sorted(PLAN_TEXT)), steps=st.lists(mutation, min_size=1, max_size=4))
def test_mutated_plans_never_crash_the_validator(file: str, steps: list[tuple[Any, ...]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        plan = Path(folder) / "2022"
        plan.mkdir()
        for name, text in PLAN_TEXT.items():
            (plan / name).write_text(text, encoding="utf-8", newline="")
        mutated = _mutate(PLAN_TEXT[file], steps)
        (plan / file).write_text(mutated, encoding="utf-8", newline="")
        result, _ = validate_paths([plan])
        for finding in result.findings:
            assert finding.message and finding.rule
            if finding.line is not None:
                count = max(1, len(finding.file.read_text(encoding="utf-8").splitlines()))
                assert 1 <= finding.line <= count, (finding, mutated)
                assert finding.column is not None and finding.column >= 1


plan_text = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc"), blacklist_characters="\x85\u2028\u2029\ufeff"
    ),
    min_size=1,
    max_size=40,
).filter(lambda text: text.strip() != "")


@settings(max_examples=150, deadline=None)
@given(
    title=plan_text,
    output=plan_text,
    evidence=st.lists(plan_text, max_size=3),
    deadline=st.dates(min_value=date(2022, 1, 1), max_value=date(2022, 12, 31)),
    facts=st.sampled_from([(), ("started_on",), ("done_on",), ("started_on", "done_on")]),
)
def test_load_dump_load_gives_the_same_model(
    title: str, output: str, evidence: list[str], deadline: date, facts: tuple[str, ...]
) -> None:
    day = deadline.strftime("%d/%m/%Y")
    progress: dict[str, Any] = dict.fromkeys(facts, day)
    progress["evidence"] = [{"on": day, "text": text} for text in evidence]
    data = {
        "id": "T-1", "title": title, "source": "II.2.a", "criteria": ["PAR 1"], "lead": "HCTC",
        "deadline": day, "output": output, "progress": progress,
    }  # fmt: skip
    first = Task.model_validate(parse_yaml(_dump({"tasks": [data]}))["tasks"][0])
    again = Task.model_validate(
        parse_yaml(_dump({"tasks": [first.model_dump(mode="json")]}))["tasks"][0]
    )
    assert again == first
    assert first.title == nfc(title).strip()
    assert first.progress is not None
    assert [item.text for item in first.progress.evidence] == [
        nfc(item).strip() for item in evidence
    ]
    assert all(item.on == deadline for item in first.progress.evidence)
    assert (first.progress.started_on, first.progress.done_on) == tuple(
        deadline if key in facts else None for key in ("started_on", "done_on")
    )


def _dump(data: Any) -> str:
    buffer = io.StringIO()
    round_trip_yaml().dump(data, buffer)
    return buffer.getvalue()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    index=st.integers(0, 10),
    note=plan_text,
    status=st.sampled_from(["not_started", "in_progress"]),
)
def test_an_edit_changes_no_byte_outside_its_task(index: int, note: str, status: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        plans = Path(folder) / "plans"
        shutil.copytree(SHIPPED_PLANS, plans)
        appendix = plans / "2022" / "phu-luc.yaml"
        before = appendix.read_text(encoding="utf-8")
        parts = load_plan_parts(plans)
        task = parts.tasks[index % len(parts.tasks)].value
        period = task.recurrence.periods[0].value if task.recurrence else None
        update_task(parts, task.id, period, ProgressChange(status=status, note=note))
        after = appendix.read_text(encoding="utf-8")
        old_lines, new_lines = before.splitlines(), after.splitlines()
        start = old_lines.index(f"  - id: {task.id}")
        following = [
            i for i, line in enumerate(old_lines) if line.startswith("  - id: ") and i > start
        ]
        end = following[0] if following else len(old_lines)
        added = len(new_lines) - len(old_lines)
        assert new_lines[:start] == old_lines[:start]
        assert new_lines[end + added :] == old_lines[end:]
        for other in (plans / "2022").iterdir():
            if other.name != "phu-luc.yaml":
                assert other.read_bytes() == (SHIPPED_PLANS / "2022" / other.name).read_bytes()
        reread = load_plan_parts(plans)
        changed = next(t.value for t in reread.tasks if t.value.id == task.id)
        record = (
            changed.occurrences[task.recurrence.periods[0]] if task.recurrence else changed.progress
        )
        assert record is not None and record.status == status
        assert nfc(note).strip() in [item.text for item in record.notes]
