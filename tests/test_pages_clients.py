"""The example list enriched from web pages still passes the real clients.

LaTeX (bibtex + natbib, biblatex + biber), pandoc ``--citeproc``, citation-js (reading our BibTeX
and RIS back) and citeproc-js (APA rendered the same as ours); the archived copy of a dead link is
printed by pandoc and citeproc-js.  The list is resolved once, in process, through the page proxy.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from figures import record
from httpserver import LocalServer, install_services
from latexutil import compile_biblatex, compile_bibtex, require_tools
from pageproxy import PageAuthority, PageProxy, PageTable, install_pages, page_env

import rnnbib
from rnnbib.online.config import resolve_env_vars

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "rnn-and-lstm.md"
pytestmark = pytest.mark.slow

SNAPSHOT = "http://web.archive.org/web/20151009002233/http://nikhilbuduma.com/"


@pytest.fixture(scope="module")
def enriched(tmp_path_factory: pytest.TempPathFactory) -> Iterator[rnnbib.Bibliography]:
    folder = tmp_path_factory.mktemp("pages-clients")
    services = LocalServer().start()
    table = PageTable.load()
    proxy = PageProxy(table, PageAuthority(folder)).start()
    saved = dict(os.environ)
    try:
        fakes = install_services(services)
        install_pages(services, table)
        for name in resolve_env_vars():
            os.environ.pop(name, None)
        os.environ.update(page_env(proxy, services))
        bib = rnnbib.read(SEED)
        rnnbib.resolve(bib, **{**fakes.options(), "pages": True, "cache_dir": folder / "cache",
                               "arxiv_delay": 0.01, "backoff": 0.01, "quiet": True})
        yield bib
    finally:
        os.environ.clear()
        os.environ.update(saved)
        proxy.stop()
        services.stop()


def test_enriched(enriched: rnnbib.Bibliography) -> None:
    from_pages = [w for w in enriched.works if any(s.startswith("page:") for s in w.provenance.values())]
    record(f"pages: {len(from_pages)} works completed from their pages")
    assert len(from_pages) >= 8


@pytest.mark.latex
@pytest.mark.parametrize("path", ["plainnat", "biber-biblatex"])
def test_latex_compiles(enriched: rnnbib.Bibliography, path: str) -> None:
    require_tools("pdflatex", "bibtex", "biber")
    run = compile_bibtex(enriched.to_string("bibtex"), path) if path == "plainnat" else \
        compile_biblatex(enriched.to_string("biblatex"))
    record(f"latex pages-enriched {path}: {run.errors} errors {len(run.tool_warnings)} tool warnings")
    assert run.errors == 0, run.summary()
    assert run.undefined == [] and run.missing_chars == []


@pytest.mark.pandoc
def test_pandoc_prints_the_archived_copy(enriched: rnnbib.Bibliography, tmp_path: Path) -> None:
    from test_pandoc import _pandoc

    from rnnbib.writers.csl_engine import load_style

    pandoc = _pandoc()
    refs = tmp_path / "refs.json"
    enriched.write(refs, "csljson")
    doc = tmp_path / "doc.md"
    doc.write_text("---\nnocite: '@*'\n---\n\n# References\n", encoding="utf-8")
    apa = load_style("apa").path
    proc = subprocess.run([pandoc, "--citeproc", "--bibliography", str(refs), "--csl", str(apa), "-t", "plain",
                           "--wrap=none", str(doc)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and proc.stderr.strip() == "", proc.stderr
    assert SNAPSHOT in proc.stdout
    chen = next(entry for entry in proc.stdout.split("\n\n") if "Exploring LSTMs" in entry)
    assert chen.startswith("Chen, E. (2017, May 30). Exploring LSTMs. Edwin Chen’s Blog.")


@pytest.mark.node
@pytest.mark.parametrize("fmt", ["bibtex", "ris"])
def test_citationjs_reads_it_back(enriched: rnnbib.Bibliography, fmt: str) -> None:
    from nodeutil import citationjs_parse, require_node

    require_node()
    items = citationjs_parse(enriched.to_string(fmt), fmt)
    assert len(items) == len(enriched.works)
    chen = next(i for i in items if i.get("title", "").startswith("Exploring"))
    assert chen["author"][0]["family"] == "Chen"


@pytest.mark.node
def test_citeproc_js_agrees(enriched: rnnbib.Bibliography) -> None:
    from test_citeprocjs_formatted import THRESHOLD, citeproc_js, normalize

    from rnnbib.writers.csl_engine import render_bibliography

    items = json.loads(enriched.to_string("csljson"))
    reference = citeproc_js(items, "apa", "text", "en-US")
    ours = [(e.id, normalize(e.text, "text")) for e in render_bibliography(items, "apa", "en-US", "text")]
    same = sum(1 for a, b in zip(reference, ours, strict=False) if a == b)
    record(f"citeproc-js pages-enriched apa text: {same}/{len(reference)} identical")
    assert len(ours) == len(reference) and same / len(reference) >= THRESHOLD
    assert any(SNAPSHOT in text for _, text in reference)
