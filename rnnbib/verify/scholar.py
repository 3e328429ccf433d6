"""Semantic Scholar title match and DBLP search as title searches for ``rnnbib check``.

The clients (:mod:`rnnbib.online.semanticscholar`, :mod:`rnnbib.online.dblp`) fetch; this module
turns their answers into :class:`~rnnbib.online.record.Record` candidates (sources
``semanticscholar`` and ``dblp``) that :mod:`.verdict` compares like any other record.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..csldata import split_name
from ..online.config import ResolveConfig
from ..online.dblp import DblpClient, DblpHit, search_query
from ..online.http import HttpClient
from ..online.record import Record
from ..online.semanticscholar import S2Paper, SemanticScholarClient
from .normalize import is_preprint_venue

DBLP_HITS = 5


def _common(title: str, authors: Sequence[str], year: int | None) -> dict[str, Any]:
    csl: dict[str, Any] = {"title": title, "author": [split_name(a) for a in authors if a.strip()]}
    if year:
        csl["issued"] = {"date-parts": [[year]]}
    return csl


def s2_record(paper: S2Paper) -> Record:
    """A Semantic Scholar paper as a record; an arXiv-only paper is a preprint (no venue).

    S2's year is often the preprint's: with an arXiv id it may confirm a year but not
    contradict one (``extra["year_uncertain"]``).
    """
    csl = _common(paper.title, paper.authors, paper.year)
    extra: dict[str, Any] = {}
    if paper.arxiv_id:
        extra["arxiv"] = paper.arxiv_id
        extra["year_uncertain"] = True
    if paper.is_preprint_only:
        csl["type"] = "article"
        if paper.arxiv_id:
            csl["number"] = f"arXiv:{paper.arxiv_id}"
    else:
        csl["type"] = "article-journal" if paper.venue_type == "journal" else "paper-conference"
        journal = "" if is_preprint_venue(paper.journal) else paper.journal
        venues = [v for v in (journal, paper.venue) if v and not is_preprint_venue(v)]
        if venues:
            csl["container-title"] = venues[0]
            extra["venues"] = venues[1:]
        if journal and paper.volume:
            csl["volume"] = paper.volume
        if paper.pages:
            csl["page"] = paper.pages
    if paper.doi:
        csl["DOI"] = paper.doi
    return Record("semanticscholar", csl, extra)


def dblp_record(hit: DblpHit) -> Record:
    """A DBLP search hit as a record; CoRR and other informal entries are preprints."""
    csl = _common(hit.title, hit.authors, hit.year)
    if hit.is_informal:
        csl["type"] = "article"
    else:
        csl["type"] = "article-journal" if "journal" in hit.type.lower() else "paper-conference"
        if hit.venue:
            csl["container-title"] = hit.venue
        if hit.volume:
            csl["volume"] = hit.volume
        if hit.pages:
            csl["page"] = hit.pages
    if hit.doi:
        csl["DOI"] = hit.doi
    return Record("dblp", csl)


class ScholarSearches:
    """The two title searches of a run, sharing its HTTP client."""

    def __init__(self, http: HttpClient, config: ResolveConfig) -> None:
        self.s2 = SemanticScholarClient(http, config.url("s2"))
        self.dblp = DblpClient(http, config.url("dblp"))

    def by_arxiv(self, ids: Sequence[str]) -> dict[str, Record]:
        """S2's records of arXiv ids, every id of the run in one batch request (unknown ids left out)."""
        found = self.s2.batch([f"ARXIV:{i}" for i in ids])
        return {key.split(":", 1)[1]: s2_record(paper) for key, paper in found.items() if paper is not None}

    def semanticscholar(self, title: str, authors: Sequence[str] = (), year: int | None = None) -> list[Record]:
        """S2's best title match (one request); the caller judges it."""
        paper = self.s2.match(title)
        return [s2_record(paper)] if paper is not None else []

    def dblp_search(self, title: str, authors: Sequence[str] = (), year: int | None = None) -> list[Record]:
        """DBLP's hits for the title's words (one request)."""
        return [dblp_record(hit) for hit in self.dblp.search(search_query(title), hits=DBLP_HITS)]
