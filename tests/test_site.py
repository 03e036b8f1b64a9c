"""The static site: pages exist, links resolve, numbers agree with status, accessible, plan text
literal."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .conftest import FIXTURES, RunCli

PROGRESS = FIXTURES / "progress-2022"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.counts: dict[str, str] = {}
        self._count: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("href", "src"):
            if values.get(name):
                self.links.append(str(values[name]))
        self._count = values.get("data-count")

    def handle_data(self, data: str) -> None:
        if self._count is not None and data.strip():
            self.counts[self._count] = data.strip()
            self._count = None


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from parplan.cli import app

    out = tmp_path_factory.mktemp("site") / "site"
    result = CliRunner().invoke(
        app, ["site", "--plans", str(PROGRESS), "--as-of", "2022-10-01", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


def test_site_pages_exist(site: Path) -> None:
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert "index.html" in pages
    assert {"don-vi/HCTC.html", "don-vi/KSTTHC.html"} <= set(pages)
    assert {f"nhiem-vu/{name}.html" for name in ("A-DUNG-HAN", "G-BAO-CAO", "I-GIA-HAN")} <= set(
        pages
    )
    # Reports of the periods whose data cut-off passed before 01/10/2022.
    assert [p for p in pages if p.startswith("bao-cao/")] == [
        "bao-cao/bao-cao-6-thang-dau-nam-2022.html", "bao-cao/bao-cao-9-thang-2022.html",
        "bao-cao/bao-cao-quy-I-2022.html", "bao-cao/bao-cao-quy-II-2022.html", "bao-cao/bao-cao-quy-III-2022.html",
    ]  # fmt: skip


def test_site_has_no_broken_internal_links(site: Path) -> None:
    checked = 0
    for page in site.rglob("*.html"):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            if re.match(r"^[a-z]+:", link) or link.startswith("#"):
                continue
            target = (page.parent / link.split("#")[0]).resolve()
            assert target.is_file(), f"{page.relative_to(site)} → {link}"
            checked += 1
    assert checked > 50


def test_site_numbers_agree_with_status_json(site: Path, run_cli: RunCli) -> None:
    status = json.loads(
        run_cli(
            "status", "--plans", str(PROGRESS), "--as-of", "2022-10-01", "--format", "json"
        ).stdout
    )
    parser = _Links()
    html = (site / "index.html").read_text(encoding="utf-8")
    parser.feed(html)
    assert {key: int(value) for key, value in parser.counts.items()} == status["counts"]
    headline = status["headline"]
    assert (
        f"hoàn thành {headline['done_of_due']}/{headline['due']} việc đến hạn đến ngày 01/10/2022"
        in html
    )
    for unit in status["departments"]:
        assert re.search(
            rf'don-vi/{unit["code"]}\.html">[^<]+</a></th>(<td class="num">\d+</td>){{6}}<td class="num">{unit["total"]}</td>',
            html,
        )


def test_site_is_accessible(site: Path) -> None:
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert '<html lang="vi-VN">' in html
        data_tables = html.count("<table") - html.count('role="presentation"')
        assert data_tables == html.count("<caption"), page
        assert "<script" not in html
    index = (site / "index.html").read_text(encoding="utf-8")
    assert index.count("<svg") == 3 and index.count("<title id=") == 3
    assert 'name="viewport"' in index


def test_site_renders_plan_text_literally(
    run_cli: RunCli, minimal_plan: Path, tmp_path: Path
) -> None:
    path = minimal_plan / "phu-luc.yaml"
    title = "<script>alert(1)</script> {{ 7 * 7 }} & <b>đậm</b>"
    path.write_text(
        path.read_text(encoding="utf-8").replace("title: Nhiệm vụ một lần", f"title: '{title}'"),
        encoding="utf-8",
    )
    out = tmp_path / "site"
    assert (
        run_cli(
            "site", "--plans", str(minimal_plan), "--as-of", "2023-01-10", "--out", str(out)
        ).exit_code
        == 0
    )
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script" not in html and "<b>đậm" not in html
    task = (out / "nhiem-vu" / "T-1.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7 * 7 }} &amp; &lt;b&gt;đậm&lt;/b&gt;" in task


# --- Format 2: targets, parts, several leads, funding --------------------------------------------


class _Cells(HTMLParser):
    """The text of each element carrying ``attribute``, by its value."""

    def __init__(self, attribute: str) -> None:
        super().__init__()
        self.attribute = attribute
        self.found: dict[str, str] = {}
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        value = dict(attrs).get(self.attribute)
        if value is not None:
            self._open = value
            self.found[value] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "p"):
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self.found[self._open] += data


def _found(page: Path, attribute: str) -> dict[str, str]:
    parser = _Cells(attribute)
    parser.feed(page.read_text(encoding="utf-8"))
    return {key: " ".join(text.split()) for key, text in parser.found.items()}


@pytest.mark.parametrize("as_of", ["2022-06-25", "2022-10-01", "2022-12-10", "2023-01-15"])
def test_site_targets_and_rollups_agree_with_status_json(
    run_cli: RunCli, tmp_path: Path, as_of: str
) -> None:
    from .test_status import targets_plan

    plans = targets_plan(tmp_path)
    out = tmp_path / "site"
    assert (
        run_cli("site", "--plans", str(plans), "--as-of", as_of, "--out", str(out)).exit_code == 0
    )
    status = json.loads(
        run_cli("status", "--plans", str(plans), "--as-of", as_of, "--format", "json").stdout
    )
    verdicts = _found(out / "index.html", "data-verdict")
    assert verdicts == {
        t["id"]: t["verdict_label"] + (f" ({t['reason']})" if t["reason"] else "")
        for t in status["targets"]
    }
    index = (out / "index.html").read_text(encoding="utf-8")
    rows = re.findall(
        r'<tr><th scope="row">([^<]*)</th><td>([^<]*)</td><td>([^<]*)</td>'
        r'<td class="verdict verdict-(\w+)" data-verdict="([^"]*)">',
        index,
    )
    assert [(verdict, key) for *_, verdict, key in rows] == [
        (t["verdict"], t["id"]) for t in status["targets"]
    ]
    for (target, baseline, result, _, _), expected in zip(rows, status["targets"], strict=True):
        assert target == expected["target"]
        assert f" — kết quả: {result}" in expected["text"]
        assert f"({baseline})" in expected["text"] or expected["baseline"] is None
    (rollup,) = status["rollups"]
    page = _found(out / "nhiem-vu" / "T-4.html", "data-rollup")["T-4"]
    assert page.startswith(
        f"Nhiệm vụ gồm {rollup['total']} phần việc: đã hoàn thành {rollup['done']}, "
        f"quá hạn {rollup['overdue']}. Tình trạng của nhiệm vụ: {rollup['status_label']}"
    )
    parser = _Links()
    parser.feed(index)
    assert {key: int(value) for key, value in parser.counts.items()} == status["counts"]


def test_site_task_pages_show_format_2_content(run_cli: RunCli, tmp_path: Path) -> None:
    from .test_status import targets_plan

    plans = targets_plan(tmp_path)
    out = tmp_path / "site"
    result = run_cli("site", "--plans", str(plans), "--as-of", "2022-10-01", "--out", str(out))
    assert result.exit_code == 0, result
    pages = {p.relative_to(out).as_posix() for p in out.rglob("*.html")}
    assert {"nhiem-vu/T-3.html", "nhiem-vu/T-4.html"} <= pages
    assert "nhiem-vu/T-4-1.html" not in pages  # parts are shown on their task's page
    both = (out / "nhiem-vu" / "T-3.html").read_text(encoding="utf-8")
    assert '<a href="../don-vi/HCTC.html">Phòng Hành chính - Tổ chức</a>; ' in both
    assert '<a href="../don-vi/KSTTHC.html">Phòng Kiểm soát thủ tục hành chính</a>' in both
    assert "PAR 1 Chỉ đạo, điều hành; SIPAS 2 Thủ tục hành chính" in both
    assert "Ngân sách tỉnh: 150.000.000 đồng; Nguồn chi thường xuyên" in both
    parts = (out / "nhiem-vu" / "T-4.html").read_text(encoding="utf-8")
    assert "<caption>Các phần việc của nhiệm vụ T-4</caption>" in parts
    assert "Tình trạng của nhiệm vụ: <strong>quá hạn</strong>" in parts
    assert "<td>Ngân sách tỉnh: 20.000.000 đồng</td>" in parts
    # Done on 05/10, after the day of the view: not shown as done.
    assert "Hoàn thành ngày 05/10/2022" not in parts and "Hoàn thành ngày 25/07/2022" in parts
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<a href="nhiem-vu/T-4.html">T-4-2</a>' in index  # an overdue part links to its task
    unit = (out / "don-vi" / "KSTTHC.html").read_text(encoding="utf-8")
    assert "nhiem-vu/T-3.html" in unit and "(phần việc của nhiệm vụ T-4)" in unit
    for page in out.rglob("*.html"):
        links = _Links()
        links.feed(page.read_text(encoding="utf-8"))
        for link in links.links:
            if not (re.match(r"^[a-z]+:", link) or link.startswith("#")):
                assert (page.parent / link.split("#")[0]).resolve().is_file(), (page, link)
