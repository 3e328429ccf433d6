"""Checking works against the authorities: identifiers first, then title searches.

1. Every arXiv id of the run in batched arXiv requests; every DOI through its agency
   (Crossref, DataCite, doi.org) -- one request per DOI.
2. Title searches for works with no identifier, whose identifier points at another paper or at
   nothing, or whose written venue/year only a published record can confirm: Semantic Scholar's
   records of their arXiv ids (one batch), Crossref ``query.bibliographic``, then -- unless
   Crossref found the work -- Semantic Scholar's title match and DBLP's search.
3. :func:`~rnnbib.verify.verdict.judge` per work.

At most one request per service per work; everything goes through the run's cached
:class:`~rnnbib.online.http.HttpClient`, so ``offline`` checks against the cache only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..errors import ServiceError
from ..model import Work
from ..online.arxiv import ArxivClient
from ..online.config import ResolveConfig
from ..online.crossref_search import CrossrefSearch
from ..online.doi import DoiClient
from ..online.http import HttpClient
from ..online.progress import Progress
from ..online.record import Lookup, Record
from .compare import Fields, written_fields
from .scholar import ScholarSearches
from .verdict import Found, WorkCheck, judge, make_found, unverifiable

Searcher = Callable[[str, Sequence[str], "int | None"], list[Record]]
"""A title search: (title, author family names, year) -> candidate records, best first."""


@dataclass
class _Entry:
    work: Work
    written: Fields
    by_id: list[Found] = field(default_factory=list)
    missing_ids: list[str] = field(default_factory=list)
    searched: list[Found] = field(default_factory=list)
    unanswered: list[str] = field(default_factory=list)


def searchers(http: HttpClient, config: ResolveConfig) -> list[tuple[str, Searcher]]:
    """The title searches of a run, in the order they are asked."""
    crossref = CrossrefSearch(http, config)
    scholar = ScholarSearches(http, config)
    return [("crossref", crossref.search), ("semanticscholar", scholar.semanticscholar),
            ("dblp", scholar.dblp_search)]


def check_works(works: Sequence[Work], config: ResolveConfig, http: HttpClient | None = None) -> list[WorkCheck]:
    """Check every work; one :class:`WorkCheck` per work, in order."""
    client = http or HttpClient(config)
    progress = Progress(config.quiet)
    try:
        entries = [_Entry(w, written_fields(w)) for w in works]
        checkable = [e for e in entries if not unverifiable(e.work, e.written)]
        _by_arxiv(checkable, client, config)
        _by_doi(checkable, client, config)
        todo = [e for e in checkable if _needs_search(e)]
        _scholar_by_arxiv(todo, ScholarSearches(client, config))
        searches = searchers(client, config)
        with progress.bar("title search", len(todo) * len(searches), unit="search") as bar:
            for name, search in searches:
                for entry in todo:
                    # Crossref's record is the published one: the other searches add nothing to it.
                    done = {f.record.source for f in entry.searched}
                    if "crossref" not in {f.record.source for f in entry.searched if f.same} and name not in done:
                        _search(entry, name, search)
                    bar.update(1)
        return [judge(e.work, e.written, e.by_id, e.missing_ids, e.searched, e.unanswered) for e in entries]
    finally:
        if http is None:
            client.close()


def _by_arxiv(entries: Sequence[_Entry], http: HttpClient, config: ResolveConfig) -> None:
    wanted = [e for e in entries if e.written.arxiv]
    if not wanted:
        return
    lookups = ArxivClient(http, config.url("arxiv"), config.arxiv_batch).lookup([e.written.arxiv for e in wanted])
    for entry in wanted:
        _add(entry, lookups[entry.written.arxiv], f"arxiv:{entry.written.arxiv}", "arXiv")


def _by_doi(entries: Sequence[_Entry], http: HttpClient, config: ResolveConfig) -> None:
    dois = DoiClient(http, config)
    answers: dict[str, Lookup] = {}
    for entry in entries:
        doi = entry.written.doi
        if doi:
            if doi.lower() not in answers:
                answers[doi.lower()] = dois.lookup(doi)
            _add(entry, answers[doi.lower()], f"doi:{doi}", "doi.org")


def _add(entry: _Entry, lookup: Lookup, via: str, service: str) -> None:
    if lookup.status == "resolved" and lookup.record is not None:
        entry.by_id.append(make_found(entry.written, lookup.record, via))
    elif lookup.status == "not-found" or lookup.kind == "bad-id":
        entry.missing_ids.append(via)
    else:
        entry.unanswered.append(f"{service} ({lookup.kind or lookup.status})")


def _scholar_by_arxiv(entries: Sequence[_Entry], scholar: ScholarSearches) -> None:
    """Semantic Scholar's records of the works' arXiv ids, in one batch (they name the published venue)."""
    wanted = [e for e in entries if e.written.arxiv]
    if not wanted:
        return
    try:
        records = scholar.by_arxiv([e.written.arxiv for e in wanted])
    except ServiceError:
        return  # the title match asks again, one work at a time
    for entry in wanted:
        record = records.get(entry.written.arxiv)
        if record is not None:
            found = make_found(entry.written, record, "semanticscholar search")
            if found.same:
                entry.searched.append(found)


def _needs_search(entry: _Entry) -> bool:
    """No identifier record to judge by, a wrong one, or a venue/year only the published record has."""
    if not entry.written.title:
        return False
    same = [f for f in entry.by_id if f.same]
    if not same or len(same) < len(entry.by_id) or entry.missing_ids:
        return True
    published = [f for f in same if not f.fields.preprint]
    if published:
        return False
    written = entry.written
    years = {y for f in same for y in f.fields.years}
    return bool((written.venues and not written.preprint) or (written.years and written.years[0] not in years))


def _search(entry: _Entry, name: str, search: Searcher) -> None:
    written = entry.written
    families = [str(a.get("family") or a.get("literal") or "") for a in written.authors]
    try:
        records = search(written.title, families, written.years[0] if written.years else None)
    except ServiceError as exc:
        entry.unanswered.append(f"{name} ({exc.kind})")
        return
    candidates = [make_found(written, r, f"{name} search") for r in records]
    if candidates:
        entry.searched.append(max(candidates, key=lambda f: (f.same, f.score)))
    else:
        entry.searched.append(make_found(written, Record(name), f"{name} search"))
