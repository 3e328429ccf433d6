"""rnnbib's files imported by Zotero's own translators (translation-server from ``../shared``).

For the example list, the same list resolved from the local fake services and a small list with
every field (``tests/data/zotero/rich.json``), every output format is posted to ``/import``;
:func:`zoteroutil.measure` counts what arrived (see there) and the tables are printed with the
run's figures (the README's Zotero table).  ``-t zotero`` (Zotero RDF) must keep everything and be
cited as rnnbib cites (>= 98% in APA and IEEE); RIS, BibTeX and BibLaTeX must keep their tags
and links, RIS the citekey; plain CSL-JSON is rejected, the ``zotero-csljson`` flavour accepted.
A table test imports one work of each CSL type with every field set.

Skipped without node/npm/curl or ``../shared/tools/zotero`` (failed under ``RNNBIB_REQUIRE_CLIENTS=1``).
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import citeproc
import pytest
from figures import record
from nodeutil import CITEPROC_JS, require_node, run_script
from zoteroutil import QUANTITIES, ZOTERO_TYPES, Measurement, group, measure, start_server, zotero_import

import rnnbib
from rnnbib.bibliography import Bibliography
from rnnbib.model import Link, Work
from rnnbib.writers.csl_engine import load_style, render_bibliography

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "rnn-and-lstm.md"
RICH = Path(__file__).resolve().parent / "data" / "zotero" / "rich.json"  # every field Zotero must keep
FORMATS = ("zotero", "ris", "biblatex", "bibtex", "zotero-csljson", "csljson")
ROUND_TRIP = 0.98

pytestmark = pytest.mark.zotero


@pytest.fixture(scope="session")
def zotero() -> Iterator[str]:
    """The URL of Zotero's translation-server, started once for the session."""
    require_node(CITEPROC_JS)
    with start_server() as url:
        yield url


def _normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def citeproc_js(items: list[dict[str, Any]], style: str) -> dict[str, str]:
    """``{id: text}`` of the items' bibliography rendered by citeproc-js."""
    args = ["--style", load_style(style).path, "--locales-dir", citeproc.LOCALES_PATH, "--locale", "en-US",
            "--format", "text"]
    proc = run_script("render_citeproc_js.js", args, json.dumps(items), packages=CITEPROC_JS, timeout=300)
    assert proc.returncode == 0, f"citeproc-js failed:\n{proc.stderr}"
    return {e["id"]: _normalize(e["text"]) for e in json.loads(proc.stdout)["entries"]}


def _resolved(tmp_path_factory: pytest.TempPathFactory) -> Bibliography:
    from httpserver import LocalServer, install_services

    server = LocalServer().start()
    try:
        options = {**install_services(server).options(), "cache_dir": tmp_path_factory.mktemp("cache"),
                   "arxiv_delay": 0.01, "backoff": 0.01, "quiet": True}
        bib = rnnbib.read(SEED)
        rnnbib.resolve(bib, **options)
    finally:
        server.stop()
    assert sum(w.status == "resolved" for w in bib.works) >= 71
    return bib


def _measure(zotero: str, name: str, bib: Bibliography) -> dict[str, Measurement]:
    ours: list[dict[str, Any]] = json.loads(bib.to_string("csljson"))
    reference = {style: {e.id: _normalize(e.text) for e in render_bibliography(ours, style, "en-US", "text")}
                 for style in ("apa", "ieee")}
    results = {fmt: measure(zotero, fmt, bib.works, bib.to_string(fmt), ours, reference, citeproc_js)
               for fmt in FORMATS}
    record(f"Zotero import, {name} ({len(bib.works)} works):")
    record("| file | " + " | ".join(QUANTITIES) + " |")
    record("|---" * (len(QUANTITIES) + 1) + "|")
    for result in results.values():
        record(result.row(QUANTITIES))
    return results


@pytest.fixture(scope="module", params=["example list", "resolved list"])
def measured(request: pytest.FixtureRequest, zotero: str,
             tmp_path_factory: pytest.TempPathFactory) -> dict[str, Measurement]:
    """Every format of the example list (as read, or resolved) measured through Zotero."""
    bib = rnnbib.read(SEED) if request.param == "example list" else _resolved(tmp_path_factory)
    return _measure(zotero, request.param, bib)


@pytest.fixture(scope="module")
def rich(zotero: str) -> dict[str, Measurement]:
    """Every format of the every-field list measured through Zotero."""
    return _measure(zotero, "every-field list", rnnbib.read(RICH))


def _defects(result: Measurement, name: str) -> str:
    return f"{result.fmt} {name}: {result.counts.get(name, 0)}/{result.works}\n    " + "\n    ".join(
        result.defects.get(name, [])[:10])


KEPT = ["imported", "types", "tags", "fields", "links", "citekey"]


@pytest.mark.parametrize("name", KEPT)
def test_zotero_rdf_keeps_everything(measured: dict[str, Measurement], name: str) -> None:
    result = measured["zotero"]
    assert result.accepted
    assert result.counts.get(name, 0) == result.works, _defects(result, name)


@pytest.mark.parametrize("name", KEPT)
def test_zotero_rdf_keeps_every_field(rich: dict[str, Measurement], name: str) -> None:
    result = rich["zotero"]
    assert result.accepted
    assert result.counts.get(name, 0) == result.works, _defects(result, name)


@pytest.mark.parametrize("style", ["apa", "ieee"])
def test_zotero_rdf_cited_as_rnnbib_cites(measured: dict[str, Measurement], style: str) -> None:
    result = measured["zotero"]
    assert result.share(style) >= ROUND_TRIP, _defects(result, style)


def test_plain_csljson_is_the_citeproc_flavour_zotero_csljson_imports(measured: dict[str, Measurement]) -> None:
    # The README says so: Zotero's CSL JSON import rejects a file with a CSL 1.0.2-only type (software).
    assert not measured["csljson"].accepted
    result = measured["zotero-csljson"]
    assert result.accepted
    assert result.counts["imported"] == result.counts["citekey"] == result.works


@pytest.mark.parametrize(("fmt", "name"), [
    *((fmt, name) for fmt in ("ris", "biblatex", "bibtex") for name in ("imported", "tags", "links")),
    ("ris", "citekey"),  # Zotero's BibTeX import drops the entry key (it has no field for it)
])
def test_other_formats_keep_tags_links_and_citekeys(measured: dict[str, Measurement], fmt: str,
                                                    name: str) -> None:
    result = measured[fmt]
    assert result.accepted
    assert result.counts.get(name, 0) == result.works, _defects(result, name)


def _typed_works() -> list[Work]:
    """One work of every CSL type, every field of :data:`zoteroutil.FIELDS` filled in."""
    works = []
    for n, csl_type in enumerate(sorted(ZOTERO_TYPES)):
        csl = {"type": csl_type, "title": f"A {csl_type} work, with a comma", "title-short": "A work",
               "author": [{"family": "Doe", "given": "Jane"}], "editor": [{"family": "Roe", "given": "Rick"}],
               "issued": {"date-parts": [[2016, 5, 3]]}, "accessed": {"date-parts": [[2024, 1, 2]]},
               "container-title": "The Container", "container-title-short": "Cont.", "volume": "9",
               "issue": "8", "page": "10-20", "publisher": "The Publisher", "DOI": f"10.1000/x{n}",
               "URL": f"https://example.org/{n}", "number": f"arXiv:1409.{3215 + n}", "abstract": "An abstract.",
               "language": "en"}
        works.append(Work(csl=csl, sections=[("Models, and more", "Sub; part")], keywords=["rnn, lstm"],
                          links=[Link(f"https://github.com/a/b{n}?x=1&y=~z", "code")], key=f"doe2016{n}"))
    return works


@pytest.mark.parametrize("name", KEPT)
def test_every_csl_type_arrives_as_its_zotero_type_with_every_field(zotero: str, name: str) -> None:
    works = _typed_works()
    bib = rnnbib.Bibliography(works)
    result = measure(zotero, "zotero", works, bib.to_string("zotero"), json.loads(bib.to_string("csljson")))
    assert result.accepted
    assert result.counts.get(name, 0) == result.works, _defects(result, name)


def test_report_rows_name_the_zotero_citekey_and_tags(zotero: str) -> None:
    bib = rnnbib.read(SEED)
    items = zotero_import(zotero, bib.to_string("zotero"))
    assert items is not None
    tops = group(items)
    rows = bib.report()["works"]
    assert len(rows) == len(tops) == len(bib.works)
    for row, item in zip(rows, tops, strict=True):
        assert row["key"] == item.citekey()
        assert set(row["sections"]) <= set(item.tags())


CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent")
@pytest.mark.parametrize("path", sorted(CORPUS.glob("*/*.md")) if CORPUS.is_dir() else [], ids=lambda p: p.stem[:40])
def test_corpus_lists_keep_everything_in_zotero(zotero: str, path: Path) -> None:
    bib = rnnbib.read(path)
    ours: list[dict[str, Any]] = json.loads(bib.to_string("csljson"))
    result = measure(zotero, "zotero", bib.works, bib.to_string("zotero"), ours)
    record(f"Zotero RDF, {path.name}: " + ", ".join(f"{n} {result.counts.get(n, 0)}/{result.works}" for n in KEPT))
    for name in KEPT:
        assert result.counts.get(name, 0) == result.works, _defects(result, name)
