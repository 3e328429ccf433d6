"""The HTML check report: valid HTML (html5lib, strict), hostile text escaped, every work's row in
the DOM of a real browser engine (headless Chromium, ``-m browser``)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import html5lib
import pytest
from checkfakes import CHECK_DATA, check_options, install_check_services
from figures import record, require_clients
from httpserver import LocalServer

import rnnbib

HOSTILE = [
    '</td></tr></table><script>alert("x")</script>',
    "<img src=x onerror=alert(1)> & <b>bold</b> \"quoted\" 'single'",
    "<!-- comment --> <![CDATA[ cdata ]]> <style>body{display:none}</style>",
    "Title with \u202e bidi override and <a href='javascript:alert(1)'>link</a>",
]


@pytest.fixture(scope="module")
def report_html(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Any]:
    tmp = tmp_path_factory.mktemp("html")
    bib = tmp / "refs.bib"
    hostile = "".join(f"@article{{hostile{n},\n  title = {{{t}}},\n  author = {{Evil, Eve}},\n  year = {{2020}}\n}}\n"
                      for n, t in enumerate(HOSTILE))
    entries = (CHECK_DATA / "testset.bib").read_text("utf-8").split("\n@")
    sample = "\n@".join(entries[:12] + [e for e in entries if e.startswith(("article{hochreiter1998long",
                                                                           "article{graves2015self"))])
    bib.write_text(sample + "\n" + hostile, encoding="utf-8")
    server = LocalServer().start()
    try:
        options = check_options(install_check_services(server))
        result = rnnbib.check(bib, cache_dir=tmp / "cache", quiet=True, **options)
    finally:
        server.stop()
    return result.html(), result


def test_html_is_valid_for_html5lib(report_html: tuple[str, Any]) -> None:
    page, _ = report_html
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    document = parser.parse(page)
    assert parser.errors == []
    assert document.find(".//table[@class='works']") is not None


def test_every_work_has_a_row_and_hostile_titles_stay_text(report_html: tuple[str, Any]) -> None:
    page, result = report_html
    document = html5lib.parse(page, namespaceHTMLElements=False)
    rows = document.findall(".//tr")
    works = [r for r in rows if (r.get("class") or "").startswith("work ")]
    assert len(works) == len(result.checks)
    assert [r.get("data-key") for r in works] == [c.work.extra["bibtex_key"] for c in result.checks]
    assert document.findall(".//script") == [] and document.findall(".//img") == []
    assert [e for e in document.iter() if any(k.startswith("on") for k in e.attrib)] == []
    assert len(document.findall(".//style")) == 1  # only the report's own
    text = "".join(document.itertext())
    for title in HOSTILE[:2]:
        assert title in text
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page.split("<body>")[0]


def test_row_shows_verdict_and_field_diff(report_html: tuple[str, Any]) -> None:
    page, _ = report_html
    document = html5lib.parse(page, namespaceHTMLElements=False)
    [row] = [r for r in document.findall(".//tr") if (r.get("data-key") or "") == "hochreiter1998long"]
    cells = ["".join(td.itertext()) for td in row.findall("./td")]
    assert cells[3] == "mismatch"
    diff = [["".join(td.itertext()) for td in tr.findall("./td")] for tr in row.findall(".//table/tbody/tr")]
    assert ["year", "1998", "1997", "crossref"] in [d[:4] for d in diff]


@pytest.mark.browser
def test_headless_chromium_loads_it_and_finds_every_row(report_html: tuple[str, Any], tmp_path: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        if require_clients():
            pytest.fail("chromium is not installed")
        pytest.skip("chromium is not installed")
    page, result = report_html
    path = tmp_path / "report.html"
    path.write_text(page, encoding="utf-8")
    done = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                           f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", path.as_uri()],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    dom = html5lib.parse(done.stdout, namespaceHTMLElements=False)
    rows = [r for r in dom.findall(".//tr") if (r.get("class") or "").startswith("work ")]
    assert [r.get("id") for r in rows] == [f"work-{n}" for n in range(1, len(result.checks) + 1)]
    assert dom.findall(".//script") == []
    verdicts = re.findall(r'class="verdict">([a-z-]+)<', done.stdout)
    assert verdicts == [c.verdict for c in result.checks]
    record(f"check HTML report: headless Chromium rendered {len(rows)} work rows, 0 scripts")
