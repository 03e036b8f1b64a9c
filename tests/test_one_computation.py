"""One computation, every view: on the shipped plan, the progress fixtures, the all-needs plan and
a generated plan with random dated progress, for 40 days spread over the year (and a day after
it), every figure that status JSON, overdue JSON, checklist JSON, the site's front page and the
reports (their sentences and their tables, read back from the Markdown) show equals the one
computation's (:func:`parplan.status.plan_status`), and the one computation equals what the
rules say, worked out here from the plan's dated facts (:func:`expected`).
"""

from __future__ import annotations

import json
import random
import re
import shutil
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parplan.checklists import checklist_document, unit_checklist
from parplan.dates import format_date
from parplan.loading import load_plan
from parplan.model import Plan
from parplan.periods import Period, next_period
from parplan.report import build_report, render_report
from parplan.schedule import Occurrence, expand
from parplan.status import PlanStatus, plan_status
from parplan.status_listings import overdue_payload, status_payload, to_json
from parplan.website import index_page

from .conftest import FIXTURES, ROOT, SHIPPED_PLANS, RunCli

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate

CLASSES = ("done_on_time", "done_late", "in_progress", "overdue", "continuous", "not_due")
OPEN = ("overdue", "in_progress", "not_due")
DONE = ("done_on_time", "done_late")


def _days() -> list[date]:
    """31 days twelve days apart from 01/01, the cut-offs and the days around them, a few
    seeded random days, and a day of the next year."""
    spread = [date(2022, 1, 1) + timedelta(days=12 * step) for step in range(31)]
    around = [date(2022, 6, 14), date(2022, 6, 16), date(2022, 9, 14), date(2022, 9, 16)]
    around += [date(2022, 12, 14), date(2022, 12, 31), date(2023, 1, 15)]
    chance = random.Random(13)
    extra = [date(2022, 1, 1) + timedelta(days=chance.randint(0, 364)) for _ in range(4)]
    return sorted(set(spread + around + extra))


DAYS = _days()
assert len(DAYS) >= 30
PERIODS = [Period.Q1, Period.Q2, Period.H1, Period.Q3, Period.M9, Period.Q4, Period.Y, Period.T10]


@pytest.fixture(scope="module", params=["shipped", "progress", "all-needs", "generated"])
def plan(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Plan:
    folders = {
        "shipped": SHIPPED_PLANS,
        "progress": FIXTURES / "progress-2022",
        "all-needs": FIXTURES / "all-needs",
    }
    if request.param == "generated":
        folder = tmp_path_factory.mktemp("generated") / "plans"
        generate(160, folder, seed=13)
        folders["generated"] = folder
    return load_plan(folders[request.param], use_cache=False)


# --- What the rules say, worked out from the dated facts ----------------------------------------


@dataclass(frozen=True)
class Expected:
    """One occurrence on one day, as the rules say."""

    occurrence: Occurrence
    cls: str
    deadline: date | None
    reported: bool
    days_overdue: int

    @property
    def key(self) -> str:
        return self.occurrence.key


def expected(plan: Plan, day: date) -> list[Expected]:
    """Every occurrence as of ``day``: the facts dated by then, the deadline in force then (the
    last extension decided by then), a continuous duty never due."""
    found = []
    for occurrence in expand(plan):
        progress = occurrence.progress
        done_on = progress.done_on if progress.done_on and progress.done_on <= day else None
        decided = [item for item in progress.extensions if item.decided_on <= day]
        deadline = decided[-1].deadline if decided else occurrence.original_deadline
        overdue = 0
        if occurrence.task.continuous or deadline is None:
            found.append(Expected(occurrence, "continuous", deadline, done_on is not None, 0))
            continue
        if done_on is not None:
            cls = "done_on_time" if done_on <= deadline else "done_late"
        elif day > deadline:
            cls, overdue = "overdue", (day - deadline).days
        else:
            started = (progress.started_on is not None and progress.started_on <= day) or any(
                item.on <= day for item in progress.evidence
            )
            cls = "in_progress" if started else "not_due"
        found.append(Expected(occurrence, cls, deadline, False, overdue))
    return found


def floor_rate(part: int, whole: int) -> float | None:
    return (1000 * part // whole) / 10 if whole else None


@dataclass(frozen=True)
class Figures:
    """A tally as the rules say: counts by class, continuous duties recorded, due, rates."""

    counts: dict[str, int]
    reported: int

    @classmethod
    def of(cls, items: list[Expected]) -> Figures:
        counts = Counter(item.cls for item in items)
        return cls(
            {name: counts[name] for name in CLASSES}, sum(1 for item in items if item.reported)
        )

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done(self) -> int:
        return self.counts["done_on_time"] + self.counts["done_late"]

    @property
    def due(self) -> int:
        return self.done + self.counts["overdue"]

    @property
    def timed(self) -> int:
        return self.total - self.counts["continuous"]


def by_unit(items: list[Expected]) -> dict[str, Figures]:
    codes = {code for item in items for code in item.occurrence.task.lead}
    return {
        code: Figures.of([i for i in items if code in i.occurrence.task.lead]) for code in codes
    }


def by_field(items: list[Expected]) -> dict[str, Figures]:
    codes = {code for item in items for code in item.occurrence.task.par_fields}
    return {
        code: Figures.of([i for i in items if code in i.occurrence.task.par_fields])
        for code in codes
    }


def percent_text(value: float | None) -> str:
    if value is None:
        return ""
    return f"{int(value)}%" if value == int(value) else f"{value:.1f}".replace(".", ",") + "%"


# --- The one computation equals the rules ------------------------------------------------------


def check_status(status: PlanStatus, wanted: list[Expected]) -> None:
    assert [item.occurrence.key for item in status.items] == [e.key for e in wanted]
    for item, rule in zip(status.items, wanted, strict=True):
        assert (item.status_class.value, item.deadline, item.reported) == (
            rule.cls,
            rule.deadline,
            rule.reported,
        ), rule.key
        assert item.days_overdue == rule.days_overdue, rule.key
        assert not (item.occurrence.continuous and item.status_class.done)
    figures = Figures.of(wanted)
    tally = status.tally
    assert {c.value: n for c, n in tally.counts.items()} == figures.counts
    assert (tally.reported, tally.due, tally.with_deadline) == (
        figures.reported,
        figures.due,
        figures.timed,
    )
    headline = status.headline
    assert (headline.due, headline.done_of_due, headline.total, headline.done) == (
        figures.due,
        figures.done,
        figures.timed,
        figures.done,
    )
    assert (headline.continuous, headline.reported) == (
        figures.counts["continuous"],
        figures.reported,
    )
    assert headline.percent_of_due == floor_rate(figures.done, figures.due)
    assert headline.percent_of_total == floor_rate(figures.done, figures.timed)
    if headline.percent_of_due == 100.0:
        assert figures.counts["overdue"] == 0
    if figures.counts["overdue"]:
        assert headline.verdict.value == "not_met"
    units = by_unit(wanted)
    assert {u.code: {c.value: n for c, n in t.counts.items()} for u, t in status.units} == {
        code: f.counts for code, f in units.items() if code in {u.code for u, _ in status.units}
    }
    fields = by_field(wanted)
    assert {f.code: {c.value: n for c, n in t.counts.items()} for f, t in status.fields} == {
        code: f.counts for code, f in fields.items()
    }


def check_status_json(status: PlanStatus, payload: dict[str, Any]) -> None:
    tally, headline = status.tally, status.headline
    assert payload["counts"] == {c.value: n for c, n in tally.counts.items()}
    shown = payload["headline"]
    assert (shown["due"], shown["done_of_due"], shown["total"], shown["done"]) == (
        headline.due,
        headline.done_of_due,
        headline.total,
        headline.done,
    )
    assert (shown["percent_of_due"], shown["percent_of_total"]) == (
        headline.percent_of_due,
        headline.percent_of_total,
    )
    assert (shown["continuous"], shown["reported"], shown["verdict"]) == (
        headline.continuous,
        headline.reported,
        headline.verdict.value,
    )
    for key, rows in (("departments", status.units), ("par_fields", status.fields)):
        assert [
            (row["code"], row["total"], row["done"], row["overdue"], row["continuous"])
            for row in payload[key]
        ] == [(m.code, t.total, t.done, t.overdue, t.continuous) for m, t in rows]
        for row, (_, counted) in zip(payload[key], rows, strict=True):
            assert row["percent_of_year"] == counted.percent_of_year
            assert row["percent_of_due"] == counted.percent_of_due
            assert row["reported"] == counted.reported
    assert [(r["key"], r["days_overdue"]) for r in payload["overdue"]] == [
        (item.occurrence.key, item.days_overdue) for item in status.overdue
    ]
    assert [r["key"] for r in payload["due_soon"]["items"]] == [
        item.occurrence.key for item in status.due_soon
    ]
    for row in payload["overdue"] + payload["due_soon"]["items"]:
        assert row["class"] in OPEN
    completion = [t for t in payload["targets"] if t["measure"] == "completion_rate"]
    for target in completion:
        if target["verdict"] == "met":
            assert headline.open_due == 0 and headline.due > 0


def check_overdue(
    status: PlanStatus, wanted: list[Expected], payload: list[dict[str, Any]]
) -> None:
    late = sorted(
        (e for e in wanted if e.cls == "overdue"), key=lambda e: -e.days_overdue
    )  # stable: plan order on ties
    assert [(row["key"], row["days_overdue"]) for row in payload] == [
        (e.key, e.days_overdue) for e in late
    ]
    for row, rule in zip(payload, late, strict=True):
        assert row["due"] == (rule.deadline.isoformat() if rule.deadline else None)
    assert len(payload) == status.tally.overdue


def check_checklists(status: PlanStatus, wanted: list[Expected]) -> None:
    plan = status.plan
    rules = {e.key: e for e in wanted}
    for unit in plan.departments:
        payload = json.loads(checklist_document(plan, unit_checklist(status, unit), "json"))
        leads = [row["key"] for row in payload["leads"]]
        assert sorted(leads) == sorted(e.key for e in wanted if unit.code in e.occurrence.task.lead)
        for row in payload["leads"] + payload["supports"]:
            rule = rules[row["key"]]
            assert (row["class"], row["reported"]) == (rule.cls, rule.reported), row["key"]
            assert row["due"] == (rule.deadline.isoformat() if rule.deadline else None)


# --- The site's front page ----------------------------------------------------------------------


def _text(html: str, marker: str) -> str:
    found = re.search(rf'data-headline="{marker}">([^<]*)<', html)
    assert found is not None, marker
    return found.group(1)


def _table_rows(html: str, section: str) -> list[list[int]]:
    part = html[html.index(f'aria-labelledby="{section}"') :]
    part = part[: part.index("</section>")]
    body = part[part.index("<tbody>") : part.index("</tbody>")]
    return [
        [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', row)]
        for row in body.split("</tr>")
        if "<td" in row
    ]


ORDER = ("done_on_time", "done_late", "in_progress", "not_due", "continuous", "overdue")


def check_site(status: PlanStatus, figures: Figures) -> None:
    html = index_page(status)
    day = format_date(status.as_of)
    if figures.due:
        assert _text(html, "due") == (
            f"Kết quả: hoàn thành {figures.done}/{figures.due} việc đến hạn đến ngày {day} "
            f"({percent_text(floor_rate(figures.done, figures.due))})"
        )
    else:
        assert _text(html, "due") == f"Kết quả: chưa có việc nào đến hạn đến ngày {day}"
    if figures.timed:
        assert _text(html, "year") == (
            f"cả năm {figures.done}/{figures.timed} việc có thời hạn "
            f"({percent_text(floor_rate(figures.done, figures.timed))})"
        )
    assert _text(html, "continuous") == (
        f"{figures.counts['continuous']} việc thường xuyên ({figures.reported} đã ghi kết quả "
        f"đến ngày {day})"
    )
    verdict = _text(html, "verdict")
    assert ("Đạt yêu cầu" in verdict) == (figures.due > 0 and figures.counts["overdue"] == 0)
    cards = {c: int(n) for c, n in re.findall(r'data-count="(\w+)">(\d+)<', html)}
    assert cards == figures.counts
    assert re.findall(r'data-reported="continuous">(\d+)<', html) == [str(figures.reported)]
    unit_rows = _table_rows(html, "h-units")
    assert unit_rows == [[t.counts[c] for c in _classes()] + [t.total] for _, t in status.units]
    field_rows = _table_rows(html, "h-fields")
    assert field_rows == [[t.counts[c] for c in _classes()] + [t.total] for _, t in status.fields]
    assert f"(trên {figures.timed} việc có thời hạn cả năm)" in html
    if status.as_of.year == status.plan.year:
        month = status.as_of.month
        due = re.findall(rf'data-burnup-due="{month}">(\d+)<', html)
        done = re.findall(rf'data-burnup-done="{month}">(\d+)<', html)
        assert (due, done) == ([str(figures.due)], [str(figures.done)])


def _classes() -> list[Any]:
    from parplan.status import StatusClass

    return [StatusClass(value) for value in ORDER]


# --- Reports read back ---------------------------------------------------------------------------


def _cells(line: str) -> list[str]:
    return [cell.strip().strip("*").strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]]


def _section(text: str, start: str, end: str) -> str:
    part = text[text.index(start) :]
    return part[: part.index(end)]


def _tally_table(text: str, start: str, end: str) -> list[list[int]]:
    part = _section(text, start, end)
    lines = [line for line in part.splitlines() if line.startswith("|")][2:]
    return [[int(n) for n in _cells(line)[1:]] for line in lines]


def _row_numbers(figures: Figures) -> list[int]:
    counts = figures.counts
    return [figures.total] + [
        counts[c]
        for c in ("done_on_time", "done_late", "overdue", "in_progress", "not_due", "continuous")
    ]


def _expected_focus(
    plan: Plan, period: Period, cutoff: date, wanted: list[Expected]
) -> tuple[list[str], list[str], list[str]]:
    """Open at the cut-off and due by the end of the next period (or of the year), not the
    report's own occurrences (its period's, and other non-monthly periods' cut off on the same
    day) unless overdue; the continuous duties of the next period; open work due after the year."""
    rule = plan.reporting.window_rule
    following, year = next_period(period, plan.year)
    outside = year != plan.year
    last = 12 if outside else following.months[1]
    until = (date(plan.year, last, 28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)

    def own(e: Expected) -> bool:
        p = e.occurrence.period
        if p is None or e.cls == "overdue":
            return False
        same_cutoff = rule.window(p, plan.year)[1] == cutoff
        return p == period or (same_cutoff and not p.is_month and not period.is_month)

    open_work = [
        (e, e.deadline) for e in wanted if e.cls in OPEN and not own(e) and e.deadline is not None
    ]
    due = [e for e, deadline in sorted(open_work, key=lambda pair: pair[1]) if deadline <= until]
    after = date(plan.year, 12, 31)
    later = [e for e, deadline in sorted(open_work, key=lambda pair: pair[1]) if deadline > after]
    continuous = [
        e
        for e in wanted
        if e.cls == "continuous"
        and (
            e.occurrence.period is None
            or (
                e.occurrence.period.months[0] <= following.months[1]
                and following.months[0] <= e.occurrence.period.months[1]
            )
        )
    ]
    if outside:
        return [e.key for e in due], [], [e.key for e in later]
    return [e.key for e in due], [e.key for e in continuous], []


def check_report(plan: Plan, period: Period) -> None:
    rule = plan.reporting.window_rule
    start, cutoff = rule.window(period, plan.year)
    status = plan_status(plan, cutoff)
    wanted = expected(plan, cutoff)
    check_status(status, wanted)
    figures = Figures.of(wanted)
    text = render_report(plan, build_report(plan, period), "md").decode("utf-8")
    day = format_date(cutoff)
    found = re.search(
        r"Đến ngày (\S+), có (\d+) việc đến hạn hoặc đã hoàn thành, trong đó hoàn thành đúng hạn "
        r"(\d+), hoàn thành quá hạn (\d+), quá hạn chưa hoàn thành (\d+); (\d+) việc đang thực "
        r"hiện trong hạn, (\d+) việc chưa đến hạn\.",
        text,
    )
    counts = figures.counts
    if figures.due:
        assert found is not None
        assert found.groups() == (
            day, str(figures.due), str(counts["done_on_time"]), str(counts["done_late"]),
            str(counts["overdue"]), str(counts["in_progress"]), str(counts["not_due"]),
        )  # fmt: skip
    else:  # nothing due yet: the summary says so, with the work under way and not due
        assert found is None
        assert (
            f"Đến ngày {day}, chưa có việc nào đến hạn: {counts['in_progress']} việc đang thực "
            f"hiện trong hạn, {counts['not_due']} việc chưa đến hạn;"
        ) in text
    year_text = (
        f"cả năm {figures.done}/{figures.timed} việc có thời hạn "
        f"({percent_text(floor_rate(figures.done, figures.timed))})"
        if figures.timed
        else "cả năm chưa có việc nào có thời hạn"
    )
    if figures.due:
        assert (
            f"Kết quả: hoàn thành {figures.done}/{figures.due} việc đến hạn đến ngày {day} "
            f"({percent_text(floor_rate(figures.done, figures.due))}); {year_text}."
        ) in text
    else:
        assert (
            f"Đến ngày {day}, chưa có việc nào đến hạn: {counts['in_progress']} việc đang thực "
            f"hiện trong hạn, {counts['not_due']} việc chưa đến hạn; {year_text}."
        ) in text
    if counts["continuous"]:
        assert (
            f"Ngoài ra có {counts['continuous']} việc thường xuyên ({figures.reported} đã ghi kết "
            f"quả đến ngày {day}), không tính vào tỷ lệ hoàn thành."
        ) in text
    else:
        assert "Không có việc thường xuyên." in text
    assert "so với yêu cầu" not in text
    # The tables: by field and by unit, each with its totals row, the same numbers.
    fields = _tally_table(text, "Số việc theo lĩnh vực", "Số việc theo đơn vị")
    units = _tally_table(text, "Số việc theo đơn vị", "### 2.")
    total = _row_numbers(figures)
    assert fields[-1] == units[-1] == total
    assert fields[:-1] == [_row_numbers(f) for f in _ordered(status.fields, by_field(wanted))]
    assert units[:-1] == [_row_numbers(f) for f in _ordered(status.units, by_unit(wanted))]
    # The targets table: the completion rate's verdict never "đạt" with work due open.
    targets = _section(text, "### 1. Đánh giá chung", "Số việc theo lĩnh vực")
    for line in targets.splitlines():
        if line.startswith("|") and "việc đến hạn" in line:
            verdict = _cells(line)[-1]
            assert (verdict == "đạt (đối với việc đến hạn)") == (
                figures.due > 0 and counts["overdue"] == 0
            )
    check_report_lists(plan, text, period, (start, cutoff), status, wanted)


def _appendix_rows(text: str) -> dict[str, list[str]]:
    """The appendix read back: each row's cells by the id in its last column."""
    lines = [
        line for line in text[text.index("## Phụ lục") :].splitlines() if line.startswith("| ")
    ]
    rows = [_cells(line) for line in lines[1:]]
    return {cells[-1].strip("`"): cells for cells in rows}


def _task_line(cells: list[str]) -> str:
    """A task as a list of the body says it, written from its appendix row (no id)."""
    title = cells[1].split(". Kinh phí: ")[0]
    if cells[6] == "Thường xuyên":
        return f"- {title}; chủ trì: {cells[4]}; {cells[8]}."
    return f"- {title}; chủ trì: {cells[4]}; hạn {cells[6]}; {cells[8]}."


def check_report_lists(
    plan: Plan,
    text: str,
    period: Period,
    window: tuple[date, date],
    status: PlanStatus,
    wanted: list[Expected],
) -> None:
    """The report's lists read back: done by field, the late and overdue work of II.1, the
    appendix (one row per occurrence, its id only in the last column) and the next period's
    focus (the work of the appendix, by its title)."""
    start, cutoff = window
    counts = Figures.of(wanted).counts
    by_field_done: Counter[str] = Counter()
    for e in wanted:
        done_on = e.occurrence.progress.done_on
        if e.cls in DONE and done_on is not None and start <= done_on <= cutoff:
            for code in e.occurrence.task.par_fields or ["khác"]:
                by_field_done[f"{code}:{format_date(done_on)}"] += 1
    said: Counter[str] = Counter()
    results = _section(text, "### 2. Kết quả theo từng lĩnh vực", "### 3. Công việc")
    for block in results.split("\n#### 2.")[1:]:
        heading = block.splitlines()[0]
        field = re.match(r"\d+\. (?:Lĩnh vực (\S+): |Nhiệm vụ khác)", heading)
        assert field is not None, heading
        for day in re.findall(r"^- .*: hoàn thành ngày (\d\d/\d\d/\d{4})", block, re.MULTILINE):
            said[f"{field[1] or 'khác'}:{day}"] += 1
    assert said == by_field_done
    shortcomings = _section(text, "### 1. Tồn tại, hạn chế", "### 2. Nguyên nhân")
    overdue = re.findall(r"chưa hoàn thành, quá hạn (\d+) ngày\.$", shortcomings, re.MULTILINE)
    late = re.findall(r"hoàn thành chậm (\d+) ngày\.$", shortcomings, re.MULTILINE)
    assert sorted(int(days) for days in overdue) == sorted(
        e.days_overdue for e in wanted if e.cls == "overdue"
    )
    assert len(late) == counts["done_late"]
    appendix = _appendix_rows(text)
    assert list(appendix) == [item.occurrence.key for item in status.items]
    body = text[: text.index("## Phụ lục")]
    for item in status.items:
        cells = appendix[item.occurrence.key]
        never_due = item.occurrence.continuous  # no deadline to speak of
        assert cells[6] == ("Thường xuyên" if never_due else format_date(item.deadline))
        assert cells[8] == item.status_text
        assert f"`{item.occurrence.key}`" not in body
    # The next period's focus.
    opened, continuous, later = _expected_focus(plan, period, cutoff, wanted)
    focus = text[text.index("## III.") : text.index("## IV.")]
    first = _section(focus, "### 1.", "### 2.")
    second = focus[focus.index("### 2.") :]
    lines = [line for line in first.splitlines() if line.startswith("- ")]
    assert lines == [_task_line(appendix[key]) for key in opened]
    outside = next_period(period, plan.year)[1] != plan.year
    lines = [line for line in second.splitlines() if line.startswith("- ")]
    assert lines == [_task_line(appendix[key]) for key in (later if outside else continuous)]


def _ordered(rows: list[Any], figures: dict[str, Figures]) -> list[Figures]:
    return [figures[model.code] for model, _ in rows]


# --- The property ---------------------------------------------------------------------------------


def test_every_view_shows_the_one_computation_on_every_day(plan: Plan) -> None:
    for day in DAYS:
        status = plan_status(plan, day)
        wanted = expected(plan, day)
        check_status(status, wanted)
        check_status_json(status, json.loads(to_json(status_payload(status))))
        check_overdue(status, wanted, json.loads(to_json(overdue_payload(status))))
        check_checklists(status, wanted)
        check_site(status, Figures.of(wanted))


def test_every_report_says_what_its_tables_say(plan: Plan) -> None:
    for period in PERIODS:
        check_report(plan, period)


def test_the_commands_print_what_the_views_are_made_of(plan: Plan, run_cli: RunCli) -> None:
    folder = plan.folder
    assert folder is not None
    plans = ("--plans", str(folder.parent if folder.name == "2022" else folder))
    for day in (date(2022, 3, 20), date(2022, 10, 1)):
        status = plan_status(plan, day)
        as_of = ("--as-of", day.isoformat())
        shown = run_cli("status", *plans, *as_of, "--format", "json")
        assert shown.exit_code == 0, shown
        assert json.loads(shown.stdout) == json.loads(to_json(status_payload(status)))
        late = run_cli("overdue", *plans, *as_of, "--format", "json")
        assert json.loads(late.stdout) == json.loads(to_json(overdue_payload(status)))


# --- Random plans with random dated facts (hypothesis) -------------------------------------------

FLOOR = date(2022, 7, 15)  # the minimal plan's basis: nothing is done before it


def _on(offset: int) -> date:
    return min(FLOOR + timedelta(days=offset), date(2022, 12, 31))


@st.composite
def _facts(draw: st.DrawFn, deadline: date | None) -> str:
    """A progress record as dated facts: maybe a start, evidence, a note, a completion, an
    extension decided before the deadline it moves later."""
    start = draw(st.integers(0, 160))
    facts: list[str] = []
    if draw(st.booleans()):
        facts.append(f"started_on: {format_date(_on(start))}")
    if draw(st.booleans()):
        on = format_date(_on(start + draw(st.integers(0, 30))))
        facts.append(f"evidence: [{{on: {on}, text: Văn bản số {start}}}]")
    if draw(st.booleans()):
        on = format_date(_on(start + draw(st.integers(0, 30))))
        facts.append(f"notes: [{{on: {on}, text: Ghi chú {start}}}]")
    if draw(st.booleans()):
        facts.append(f"done_on: {format_date(_on(start + draw(st.integers(0, 60))))}")
    if deadline is not None and deadline < date(2022, 12, 20) and draw(st.booleans()):
        decided = max(min(_on(draw(st.integers(0, 160))), deadline), FLOOR)
        later = deadline + timedelta(days=draw(st.integers(1, 10)))
        facts.append(
            f"extensions: [{{deadline: {format_date(later)}, reason: Chờ, "
            f"decided_on: {format_date(decided)}}}]"
        )
    return "{" + ", ".join(facts) + "}"


@st.composite
def _task(draw: st.DrawFn, number: int) -> str:
    lead = draw(st.sampled_from(["HCTC", "KSTTHC"]))
    field = draw(st.sampled_from(["PAR 1", "PAR 3"]))
    head = (
        f"  - id: R-{number}\n    title: Việc thử {number}\n    source: II.2.a\n"
        f"    criteria: [{field}]\n    lead: {lead}\n    output: Sản phẩm\n"
    )
    kind = draw(st.sampled_from(["once", "continuous", "recurring", "continuous-recurring"]))
    if kind == "once":
        deadline = _on(draw(st.integers(5, 165)))
        return (
            head
            + f"    deadline: {format_date(deadline)}\n    progress: {draw(_facts(deadline))}\n"
        )
    if kind == "continuous":
        return head + f"    continuous: true\n    progress: {draw(_facts(None))}\n"
    lines = head + "    recurrence: {periods: [Q3, Q4]}\n"
    if kind == "continuous-recurring":
        lines += "    continuous: true\n"
    return lines + f"    occurrences:\n      Q3: {draw(_facts(None))}\n"


@st.composite
def _plan_text(draw: st.DrawFn) -> str:
    count = draw(st.integers(1, 6))
    return "".join(draw(_task(number)) for number in range(1, count + 1))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    tasks=_plan_text(),
    offsets=st.lists(st.integers(-200, 200), min_size=3, max_size=3),
)
def test_random_dated_facts_every_view_shows_the_one_computation(
    tasks: str, offsets: list[int]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        plans = Path(folder) / "plans" / "2022"
        shutil.copytree(FIXTURES / "minimal", plans)
        path = plans / "phu-luc.yaml"
        text = path.read_text(encoding="utf-8").replace("schema_version: 2\n", "")
        path.write_text("schema_version: 2\n" + text + tasks, encoding="utf-8")
        plan = load_plan(plans.parent, use_cache=False)
        for offset in offsets:
            day = date(2022, 9, 30) + timedelta(days=offset)
            status = plan_status(plan, day)
            wanted = expected(plan, day)
            check_status(status, wanted)
            check_status_json(status, json.loads(to_json(status_payload(status))))
            check_overdue(status, wanted, json.loads(to_json(overdue_payload(status))))
            check_checklists(status, wanted)
            check_site(status, Figures.of(wanted))
        check_report(plan, Period.Q3)
