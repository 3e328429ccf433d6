"""Fakes of the authorities ``rnnbib check`` asks, serving the check test set's fixtures.

``tests/data/check/crossref/*.json`` (``/works/{doi}`` envelopes), ``arxiv/*.xml`` (Atom
entries), ``s2/*.json`` (Semantic Scholar papers) and ``dblp/*.json`` (DBLP hits) are the records;
Semantic Scholar and DBLP are the fakes of ``tests/scholarfakes.py`` over these folders.  The
Crossref search fake answers ``/works?query.bibliographic=...&rows=N``
like Crossref does: a ``work-list`` of the best-scoring works by word overlap, look-alikes
included, never an empty page while any word matches.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

from httpserver import ArxivFake, CrossrefFake, DoiOrgFake, LocalServer, Recorded, Reply
from scholarfakes import DblpFake, S2Fake, install_scholar

CHECK_DATA = Path(__file__).resolve().parent / "data" / "check"
_WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKD", text)
    return _WORD.findall("".join(c for c in text if not unicodedata.combining(c)).lower())


class CheckArxivFake(ArxivFake):
    """The arXiv API over the check set's entries only (unknown ids: no entry)."""

    def __init__(self) -> None:
        super().__init__(synthetic=False)
        self.entries = {p.name[: -len(".xml")].replace("_", "/"): ("2026", p.read_text("utf-8"))
                        for p in sorted((CHECK_DATA / "arxiv").glob("*.xml"))}


class CheckCrossrefFake(CrossrefFake):
    """``/works/{doi}`` and ``/works?query.bibliographic=`` over the check set's Crossref records."""

    def __init__(self) -> None:
        self.works = {json.loads(p.read_text("utf-8"))["message"]["DOI"].lower(): json.loads(p.read_text("utf-8"))
                      for p in sorted((CHECK_DATA / "crossref").glob("*.json"))}

    def search(self, rec: Recorded, match: re.Match[str]) -> Reply:
        """The best ``rows`` works for the query's words (title words count double)."""
        query = set(_words(rec.param("query.bibliographic") or ""))
        rows = int(rec.param("rows") or 20)
        scored: list[tuple[float, str, dict[str, Any]]] = []
        for doi, envelope in self.works.items():
            item = envelope["message"]
            title = set(_words(" ".join(item.get("title", []))))
            people = {w for a in item.get("author", []) for w in _words(a.get("family", ""))}
            score = 2.0 * len(query & title) + len(query & people)
            if score:
                scored.append((score, doi, item))
        scored.sort(key=lambda s: (-s[0], s[1]))
        items = [{**item, "score": round(score * 7.31, 4)} for score, _, item in scored[:rows]]
        body = {"status": "ok", "message-type": "work-list", "message-version": "1.0.0",
                "message": {"facets": {}, "total-results": len(scored), "items": items, "items-per-page": rows,
                            "query": {"start-index": 0, "search-terms": rec.param("query.bibliographic")}}}
        return Reply.json(body, **{"X-Rate-Limit-Limit": "50", "X-Rate-Limit-Interval": "1s"})


def install_check_services(server: LocalServer) -> dict[str, str]:
    """Mount the fakes; returns the ``RNNBIB_*_URL`` environment pointing at them."""
    crossref = CheckCrossrefFake()
    doi = DoiOrgFake({prefix: "Crossref" for prefix in {d.split("/")[0] for d in crossref.works}})
    server.route(r"/arxiv/api/query", CheckArxivFake())
    server.route(r"/crossref/works", crossref.search)
    server.route(r"/crossref/works/(?P<doi>10\..+)", crossref)
    server.route(r"/doi/(?P<doi>10\..+/.+)", doi.negotiate)
    server.route(r"/doi/ra/(?P<prefix>.+)", doi.ra)
    install_scholar(server, S2Fake(CHECK_DATA / "s2"), DblpFake(CHECK_DATA / "dblp"))
    url = server.url
    return {"RNNBIB_ARXIV_URL": f"{url}/arxiv/api/query", "RNNBIB_CROSSREF_URL": f"{url}/crossref",
            "RNNBIB_DATACITE_URL": f"{url}/datacite", "RNNBIB_DOI_URL": f"{url}/doi",
            "RNNBIB_GITHUB_URL": f"{url}/github", "RNNBIB_S2_URL": f"{url}/s2", "RNNBIB_DBLP_URL": f"{url}/dblp",
            "RNNBIB_S2_DELAY": "0", "RNNBIB_DBLP_DELAY": "0", "RNNBIB_ARXIV_DELAY": "0"}


def check_options(env: dict[str, str]) -> dict[str, Any]:
    """The same settings as API options (``crossref_url``, ``s2_delay`` ...)."""
    options: dict[str, Any] = {}
    for name, value in env.items():
        key = name[len("RNNBIB_"):].lower()
        options[key] = float(value) if key.endswith("_delay") else value
    return options
