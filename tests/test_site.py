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
    assert f"Đã hoàn thành {headline['done_of_due']}/{headline['due']} việc đến hạn" in html
    for unit in status["departments"]:
        assert re.search(
            rf'don-vi/{unit["code"]}\.html">[^<]+</a></th>(<td class="num">\d+</td>){{6}}<td class="num">{unit["total"]}</td>',
            html,
        )


def test_site_is_accessible(site: Path) -> None:
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert '<html lang="vi">' in html
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
