"""``parplan scores`` and the site's scores page, on made-up test data
(``tests/fixtures/scores-2022``: two years of one index, a criterion falling with tasks aimed at
it, one at its maximum both years, one rising, one losing points with no task, maxima not
confirmed, a result published later than the others, a rank target, an indicator by quarter)."""

from __future__ import annotations

import json
import os
import re
import shutil
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from parplan.loading import load_plan
from parplan.scores import results_year, score_board

from .conftest import FIXTURES, ROOT, RunCli

SCORES = FIXTURES / "scores-2022"
GOLDEN = Path(__file__).parent / "golden" / "scores-2022.md"
PUBLISHED = "2023-05-01"
"""After the 2022 results (19/04/2023), before PAR 7.2's (01/06/2023)."""


def scores_json(run_cli: RunCli, plans: Path, as_of: str, *options: str) -> dict[str, Any]:
    result = run_cli(
        "scores", "--plans", str(plans), "--as-of", as_of, "--format", "json", *options
    )
    assert result.exit_code == 0, result
    payload: dict[str, Any] = json.loads(result.stdout)
    return payload


def rows(payload: dict[str, Any], index: str = "PAR") -> dict[str, dict[str, Any]]:
    board = next(board for board in payload["indexes"] if board["code"] == index)
    return {row["ref"]: row for row in board["rows"]}


def board_of(payload: dict[str, Any], index: str = "PAR") -> dict[str, Any]:
    found: dict[str, Any] = next(board for board in payload["indexes"] if board["code"] == index)
    return found


# --- What the scores say ---------------------------------------------------------------------------


def test_the_fall_is_named_with_the_tasks_aimed_at_it(run_cli: RunCli) -> None:
    payload = scores_json(run_cli, SCORES, PUBLISHED)
    assert (payload["year"], payload["previous_year"]) == (2022, 2021)
    found = rows(payload)
    fall = found["PAR 3.1"]
    assert (fall["score"], fall["maximum"], fall["lost"]) == (4.5, 6, 1.5)
    assert (fall["previous"], fall["change"], fall["verdict_label"]) == (5.5, -1, "giảm")
    # Tasks aimed at PAR 3.1.1 and PAR 3.1.2 are aimed at PAR 3.1 (and at the field PAR 3).
    assert [task["id"] for task in fall["tasks"]] == ["T-CONG-BO", "T-RA-SOAT"]
    assert [task["status_label"] for task in fall["tasks"]] == ["hoàn thành", "quá hạn"]
    assert [task["id"] for task in found["PAR 3.1.2"]["tasks"]] == ["T-RA-SOAT"]
    assert [task["id"] for task in found["PAR 3"]["tasks"]] == ["T-CONG-BO", "T-RA-SOAT"]
    assert fall["text"] == (
        "PAR 3.1 Kiểm soát thủ tục hành chính — năm 2022: 4,5/6 điểm, mất 1,5 điểm; giảm 1 điểm "
        "so với năm 2021 (5,5); nguồn: Quyết định thử số 20/QĐ-THU ngày 19/4/2023"
    )
    text = run_cli("scores", "--plans", str(SCORES), "--as-of", PUBLISHED, env={"COLUMNS": "160"})
    assert text.exit_code == 0, text
    line = next(line for line in text.stdout.splitlines() if line.lstrip().startswith("3.1 "))
    assert re.search(r"4,5\s+6\s+1,5\s+5,5\s+-1\s+giảm", line), line
    assert "T-RA-SOAT: Rà soát, đơn giản hóa thủ tục hành chính (quá hạn)" in text.stdout


def test_a_criterion_that_lost_points_with_no_task_is_a_finding(run_cli: RunCli) -> None:
    payload = scores_json(run_cli, SCORES, PUBLISHED)
    finding = (
        "PAR 3.2 Thực hiện cơ chế một cửa, một cửa liên thông: mất 0,5 điểm năm 2022; không có "
        "nhiệm vụ nào của Kế hoạch nhằm vào tiêu chí này"
    )
    assert board_of(payload)["findings"] == [finding]
    found = rows(payload)
    assert found["PAR 3.2"]["finding"] == finding and found["PAR 3.2"]["tasks"] == []
    # Rising is no excuse: PAR 3.2 rose and still lost points.
    assert found["PAR 3.2"]["verdict_label"] == "tăng"
    # Every other item that lost points has a task; items at their maximum need none.
    assert all(row["tasks"] for ref, row in found.items() if row["lost"] and ref != "PAR 3.2")
    text = run_cli("scores", "--plans", str(SCORES), "--as-of", PUBLISHED, env={"COLUMNS": "200"})
    assert finding in text.stdout


def test_at_the_maximum_both_years_is_kept_and_rising_is_said(run_cli: RunCli) -> None:
    found = rows(scores_json(run_cli, SCORES, PUBLISHED))
    kept = found["PAR 1.1"]
    assert (kept["score"], kept["maximum"], kept["lost"], kept["change"]) == (4, 4, 0, 0)
    assert (kept["verdict"], kept["verdict_label"]) == ("maximum", "đạt tối đa — duy trì")
    assert kept["tasks"] == [] and kept["finding"] is None
    rising = found["PAR 1.2"]
    assert (rising["change"], rising["change_text"], rising["verdict_label"]) == (1, "+1", "tăng")
    assert [task["id"] for task in rising["tasks"]] == ["T-BAO-CAO"]
    assert found["PAR 7.1"]["verdict_label"] == "không đổi"


def test_a_maximum_not_confirmed_is_never_shown_as_official(run_cli: RunCli) -> None:
    payload = scores_json(run_cli, SCORES, PUBLISHED)
    field = rows(payload)["PAR 7"]
    assert (field["max_confirmed"], field["lost_confirmed"]) == (False, False)
    assert (field["maximum_text"], field["lost_text"]) == (
        "16 (chưa xác nhận)",
        "3 (chưa xác nhận)",
    )
    assert "13/16 điểm (điểm tối đa chưa xác nhận), mất 3 điểm (chưa xác nhận)" in field["text"]
    assert board_of(payload)["fields_by_lost"][0] == {
        "code": "7",
        "name": "Xây dựng và phát triển chính quyền điện tử, chính quyền số",
        "short_name": "Chính quyền điện tử, số",
        "lost": 3,
        "lost_confirmed": False,
        "lost_text": "3 (chưa xác nhận)",
    }
    markdown = run_cli("scores", "--plans", str(SCORES), "--as-of", PUBLISHED, "--format", "md")
    for line in markdown.stdout.splitlines():
        if line.startswith(("| 7 |", "| 7.1 |")):
            assert line.count("(chưa xác nhận)") == 2, line
    text = run_cli("scores", "--plans", str(SCORES), "--as-of", PUBLISHED, env={"COLUMNS": "160"})
    line = next(line for line in text.stdout.splitlines() if line.lstrip().startswith("7 "))
    assert re.search(r"13\s+16\*\s+3\*", line), line
    assert "* điểm tối đa chưa xác nhận" in text.stdout


def test_no_result_is_seen_before_it_was_known(run_cli: RunCli) -> None:
    before = rows(scores_json(run_cli, SCORES, PUBLISHED))
    assert "PAR 7.2" not in before  # its 2022 result is known from 01/06/2023
    after = rows(scores_json(run_cli, SCORES, "2023-06-01"))
    assert after["PAR 7.2"]["score"] == 7 and after["PAR 7.2"]["previous"] == 6
    # Before 19/04/2023 the year shown is the baseline, 2021, with nothing of 2022 in it.
    baseline = scores_json(run_cli, SCORES, "2023-04-18")
    assert baseline["year"] == 2021
    assert rows(baseline)["PAR 3.1"]["verdict_label"] == "chưa có kết quả năm trước"
    assert "năm 2022" not in json.dumps(baseline["indexes"], ensure_ascii=False)
    shown = [row for board in baseline["indexes"] for row in (board["total"], *board["rows"])]
    assert {row["known_on"] for row in shown} == {"2022-04-20"}
    # Before 20/04/2022 nothing at all.
    nothing = scores_json(run_cli, SCORES, "2022-04-19")
    assert nothing["year"] is None and nothing["indexes"] == []
    target = nothing["targets"][0]
    assert target["verdict_label"] == "chưa có kết quả" and target["baseline"] is None


@pytest.mark.parametrize("output_format", ["text", "json", "md"])
def test_without_any_result_one_sentence_and_exit_0(run_cli: RunCli, output_format: str) -> None:
    result = run_cli(
        "scores", "--plans", str(SCORES), "--as-of", "2022-03-01", "--format", output_format,
        env={"COLUMNS": "200"},
    )  # fmt: skip
    assert result.exit_code == 0, result
    sentence = "Chưa có kết quả chỉ số nào được biết đến ngày 01/03/2022 trong Kế hoạch thử"
    assert sentence in " ".join(result.stdout.split())
    assert result.stderr == ""


def test_an_unknown_index_is_a_usage_error_naming_the_codes(run_cli: RunCli) -> None:
    result = run_cli("scores", "--plans", str(SCORES), "--index", "PAPI", "--as-of", PUBLISHED)
    assert result.exit_code == 2, result
    assert "kế hoạch không có chỉ số 'PAPI'; các chỉ số có: PAR, SIPAS, DVC766" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_one_index(run_cli: RunCli) -> None:
    payload = scores_json(run_cli, SCORES, PUBLISHED, "--index", "sipas")
    assert payload["index"] == "SIPAS"
    assert [board["code"] for board in payload["indexes"]] == ["SIPAS"]
    sipas = board_of(payload, "SIPAS")
    total = sipas["total"]
    # No maximum: no points lost, the change in percentage points, the rank lost.
    assert (total["maximum"], total["lost"], total["lost_text"]) == (None, None, "—")
    assert (total["change"], total["rank_text"], total["rank_change"]) == (-1.3, "31/63", -3)
    assert total["text"].startswith(
        "Chỉ số hài lòng về sự phục vụ hành chính (SIPAS) — năm 2022: 81,2%; giảm 1,3 điểm phần "
        "trăm so với năm 2021 (82,5); xếp thứ 31/63 (năm 2021: 28/63, giảm 3 bậc)"
    )
    assert payload["targets"] == [] and payload["indicators"] == []
    assert payload["without_results"] == []


def test_the_rank_target_and_the_trend(run_cli: RunCli) -> None:
    payload = scores_json(run_cli, SCORES, PUBLISHED)
    (target,) = payload["targets"]
    assert (target["id"], target["verdict"], target["measured"]) == ("CT-HANG", "met", 25)
    total = board_of(payload)["total"]
    assert (total["rank_text"], total["rank_change"], total["lost"]) == ("25/63", 5, 13.1)
    assert [(p["year"], p["value"], p["rank"]) for p in board_of(payload)["trend"]] == [
        (2021, 85.2, 30),
        (2022, 86.9, 25),
    ]
    assert [missing["code"] for missing in payload["without_results"]] == ["DVC766"]


def test_indicators_by_period_as_known_on_the_day(run_cli: RunCli) -> None:
    def periods(as_of: str) -> list[tuple[str, str, str]]:
        (indicator,) = scores_json(run_cli, SCORES, as_of)["indicators"]
        assert indicator["label"] == "DVC766 2.1 Tỷ lệ hồ sơ giải quyết đúng hạn"
        return [(v["period"], v["value_text"], v["source_text"]) for v in indicator["values"]]

    assert periods("2022-07-04") == [
        ("Q1", "95,5%", "tệp bao-cao-766-quy-1.csv, nhập ngày 05/04/2022, dòng 3")
    ]
    assert [period for period, *_ in periods("2022-09-30")] == ["Q1", "Q2"]
    assert periods("2022-10-01")[-1] == ("Q3", "96%", "ghi tay")


def test_the_tasks_aimed_at_an_item_are_its_own_or_below_it(tmp_path: Path) -> None:
    """A task aimed at the field (PAR 3) is not aimed at PAR 3.2: the finding stays; one aimed
    at PAR 3.2 takes it away."""
    plans = tmp_path / "plans"
    shutil.copytree(SCORES, plans)
    tasks = plans / "phu-luc.yaml"
    text = tasks.read_text(encoding="utf-8")
    tasks.write_text(text.replace("criteria: [PAR 7.1, PAR 7.2]", "criteria: [PAR 3]"), "utf-8")
    board = score_board(load_plan(plans, use_cache=False), None, date(2023, 5, 1))
    par = board.boards[0]
    assert [row.ref for row in par.findings] == ["PAR 3.2", "PAR 7", "PAR 7.1"]
    aimed = text.replace("criteria: [PAR 7.1, PAR 7.2]", "criteria: [PAR 7.1, PAR 7.2, PAR 3.2]")
    tasks.write_text(aimed, "utf-8")
    board = score_board(load_plan(plans, use_cache=False), None, date(2023, 5, 1))
    assert board.boards[0].findings == []
    found = {row.ref: row for row in board.boards[0].rows}
    assert [linked.task.id for linked in found["PAR 3.2"].tasks] == ["T-DVC"]
    assert [linked.task.id for linked in found["PAR 3"].tasks] == [
        "T-CONG-BO",
        "T-RA-SOAT",
        "T-DVC",
    ]


def test_a_maximum_the_result_states(tmp_path: Path) -> None:
    """A published result's own maximum is confirmed; a self-assessment's is not (unless the
    index confirms the same), and the row says "tự đánh giá"."""
    plans = tmp_path / "plans"
    shutil.copytree(SCORES, plans)
    results = plans / "ket-qua.yaml"
    text = results.read_text(encoding="utf-8")
    text = text.replace(
        "{index: PAR 7.1, year: 2022, value: 6,", "{index: PAR 7.1, year: 2022, value: 6, max_value: 7.5,"
    ).replace(
        "{index: PAR 3.2, year: 2022, value: 8.5,", "{index: PAR 3.2, year: 2022, value: 8.5, max_value: 8.5, assessment: self,"
    )  # fmt: skip
    results.write_text(text, encoding="utf-8")
    plan = load_plan(plans, use_cache=False)
    assert results_year(plan, date(2023, 5, 1)) == 2022
    board = score_board(plan, None, date(2023, 5, 1))
    found = {row.ref: row for row in board.boards[0].rows}
    published = found["PAR 7.1"]
    assert published.maximum is not None and published.maximum.stated_by == "result"
    assert (published.maximum.value, published.maximum.confirmed, published.lost) == (
        7.5,
        True,
        1.5,
    )
    own = found["PAR 3.2"]
    assert own.maximum is not None and not own.maximum.confirmed
    assert own.trend.value == "maximum" and not own.finding
    from parplan.scores_output import scores_payload

    row = next(r for r in scores_payload(board)["indexes"][0]["rows"] if r["ref"] == "PAR 3.2")
    assert row["verdict_label"] == "đạt tối đa (điểm tối đa chưa xác nhận) — duy trì"
    assert row["text"].endswith("đạt tối đa; tăng 0,5 điểm so với năm 2021 (8); tự đánh giá")


def test_markdown_golden(run_cli: RunCli) -> None:
    result = run_cli("scores", "--plans", str(SCORES), "--as-of", PUBLISHED, "--format", "md")
    assert result.exit_code == 0, result
    if os.environ.get("PARPLAN_UPDATE_GOLDEN"):
        GOLDEN.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == GOLDEN.read_text(encoding="utf-8"), (
        "scores-2022.md changed: PARPLAN_UPDATE_GOLDEN=1 to accept"
    )


def test_scores_run_over_every_plan_folder(run_cli: RunCli) -> None:
    from .test_format import FOLDERS

    for folder in FOLDERS:
        for output_format in ("text", "json", "md"):
            result = run_cli(
                "scores", "--plans", str(folder.path), "--as-of", "2024-06-30",
                "--format", output_format,
            )  # fmt: skip
            assert result.exit_code == 0, (folder.name, output_format, result)
            assert result.stdout.strip()
    lang_son = scores_json(run_cli, ROOT / "examples" / "lang-son-2022", "2022-12-31")
    assert lang_son["year"] == 2021
    assert board_of(lang_son)["total"]["text"].startswith(
        "Chỉ số cải cách hành chính (PAR INDEX) — năm 2021: 87,11%"
    )


# --- The site's scores page --------------------------------------------------------------------------


class _Page(HTMLParser):
    """The scores page's data attribute, the cells of its rows, its links."""

    def __init__(self) -> None:
        super().__init__()
        self.data: str | None = None
        self.cells: dict[str, dict[str, str]] = {}
        self.links: list[str] = []
        self._row: str | None = None
        self._cell: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id") == "du-lieu-chi-so":
            self.data = values["data-scores"]
        if values.get("href"):
            self.links.append(str(values["href"]))
        row, cell = values.get("data-row"), values.get("data-cell")
        if tag == "tr" and row:
            self._row = row
            self.cells[row] = {}
        if tag == "td" and self._row is not None and cell:
            self._cell = cell
            self.cells[self._row][cell] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._cell = None
        if tag == "tr":
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._row is not None and self._cell is not None:
            self.cells[self._row][self._cell] += data


def _site(run_cli: RunCli, plans: Path, out: Path, as_of: str) -> _Page:
    """The site of ``plans`` (a copy given an office report template of its own: the reports are
    not this test's subject), its scores page read."""
    templates = plans / "templates"
    templates.mkdir(exist_ok=True)
    (templates / "report.html.j2").write_text(
        '<!DOCTYPE html>\n<html lang="vi"><body><p>Báo cáo</p></body></html>\n', encoding="utf-8"
    )
    result = run_cli("site", "--plans", str(plans), "--as-of", as_of, "--out", str(out))
    assert result.exit_code == 0, result
    page = _Page()
    html = (out / "chi-so.html").read_text(encoding="utf-8")
    page.feed(html)
    assert "<script" not in html
    assert html.count("<table") == html.count("<caption")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="chi-so.html"' in index
    return page


@pytest.mark.parametrize("as_of", ["2022-03-01", "2023-04-18", PUBLISHED, "2023-06-01"])
def test_the_site_page_shows_what_scores_json_prints(
    run_cli: RunCli, tmp_path: Path, as_of: str
) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(SCORES, plans)
    page = _site(run_cli, plans, tmp_path / "site", as_of)
    payload = scores_json(run_cli, plans, as_of)
    assert page.data is not None and json.loads(page.data) == payload
    shown = {
        ref: row
        for board in payload["indexes"]
        for ref, row in rows(payload, board["code"]).items()
    }
    assert set(page.cells) == set(shown)
    for ref, cells in page.cells.items():
        row = shown[ref]
        assert cells["score"] == row["score_text"] and cells["maximum"] == row["maximum_text"]
        assert cells["lost"] == row["lost_text"] and cells["change"] == row["change_text"]
        assert cells["verdict"] == row["verdict_label"]
        tasks = ", ".join(f"{t['id']} ({t['status_label']})" for t in row["tasks"])
        assert cells["tasks"] == (tasks or ("không có nhiệm vụ" if row["finding"] else ""))
    for link in page.links:
        if not re.match(r"^[a-z]+:", link):
            assert (tmp_path / "site" / link).is_file(), link
    html = (tmp_path / "site" / "chi-so.html").read_text(encoding="utf-8")
    charts = sum(
        bool(board["fields_by_lost"]) + bool(board["trend"]) for board in payload["indexes"]
    )
    assert html.count("<svg") == charts


def test_the_site_page_keeps_plan_text_literal(run_cli: RunCli, tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(SCORES, plans)
    names = plans / "danh-muc.yaml"
    hostile = '</div><script>alert(1)</script> {{ 7 * 7 }} & \\"q\\"'
    names.write_text(
        names.read_text(encoding="utf-8").replace(
            '"Thực hiện cơ chế một cửa, một cửa liên thông"', f'"{hostile}"'
        ),
        encoding="utf-8",
    )
    page = _site(run_cli, plans, tmp_path / "site", PUBLISHED)
    payload = scores_json(run_cli, plans, PUBLISHED)
    assert page.data is not None and json.loads(page.data) == payload
    assert rows(payload)["PAR 3.2"]["name"] == '</div><script>alert(1)</script> {{ 7 * 7 }} & "q"'
    html = (tmp_path / "site" / "chi-so.html").read_text(encoding="utf-8")
    assert "&lt;/div&gt;&lt;script&gt;alert(1)&lt;/script&gt; {{ 7 * 7 }} &amp;" in html


# --- Plan text and office templates --------------------------------------------------------------


def test_plan_text_is_harmless_in_the_terminal_and_in_markdown(
    run_cli: RunCli, tmp_path: Path
) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(SCORES, plans)
    names = plans / "danh-muc.yaml"
    names.write_text(
        names.read_text(encoding="utf-8").replace(
            '"Thực hiện cơ chế một cửa, một cửa liên thông"',
            '"Một cửa \\e[31m[bold]đỏ[/bold] | *x* <b>"',
        ),
        encoding="utf-8",
    )
    text = run_cli("scores", "--plans", str(plans), "--as-of", PUBLISHED, env={"COLUMNS": "200"})
    assert text.exit_code == 0, text
    assert "\x1b" not in text.stdout and "[bold]đỏ[/bold]" in text.stdout
    markdown = run_cli("scores", "--plans", str(plans), "--as-of", PUBLISHED, "--format", "md")
    assert markdown.exit_code == 0, markdown
    assert "\x1b" not in markdown.stdout
    row = next(line for line in markdown.stdout.splitlines() if line.startswith("| 3.2 |"))
    assert len(re.split(r"(?<!\\)\|", row)) == 11  # the name's "|" escaped: nine cells still
    assert "<b>" not in markdown.stdout


def test_a_hostile_office_template_is_refused(run_cli: RunCli, tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(SCORES, plans)
    (plans / "templates").mkdir()
    (plans / "templates" / "scores.md.j2").write_text(
        "{{ scores.__class__.__init__.__globals__ }}\n", encoding="utf-8"
    )
    result = run_cli("scores", "--plans", str(plans), "--as-of", PUBLISHED, "--format", "md")
    assert result.exit_code == 1, result
    assert "mẫu" in result.stderr and "scores.md.j2" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    (plans / "templates" / "scores.md.j2").write_text(
        "# {{ scores.plan }}: {{ scores.indexes | length }} chỉ số\n", encoding="utf-8"
    )
    result = run_cli("scores", "--plans", str(plans), "--as-of", PUBLISHED, "--format", "md")
    assert result.stdout == "# Kế hoạch thử: 2 chỉ số\n"
