"""arXiv: every id of a run in as few Atom API requests as allowed, matched back by ``<id>``.

:func:`parse_feed` is a pure function over the response bytes (both the classic and the 2026
Atom formats, namespace-aware, through defusedxml: DTDs and entities are refused).
:class:`ArxivClient` batches ids (``id_list`` + ``max_results``, POST for long lists, at most
``arxiv_batch`` per request), splits a batch the API answers 400 for, and reports ids with no
entry as not found.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from ..csldata import split_name
from ..errors import ServiceError
from ..identifiers import arxiv as arxiv_ids
from ..model import Work
from .http import HttpClient
from .record import Lookup, Record
from .stage import Plan, Run
from .text import csl_date, squash

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"

_BAD_ID = re.compile(r"incorrect id format for (?P<id>\S+)")
GET_LIMIT = 1500  # longer query strings go by POST


@dataclass
class ArxivEntry:
    """One ``<entry>`` of an Atom feed."""

    id: str
    """Unversioned id (``1706.03762``, ``hep-th/9901001``)."""
    version: str | None
    title: str
    authors: list[str]
    summary: str = ""
    published: str = ""
    updated: str = ""
    comment: str = ""
    journal_ref: str = ""
    doi: str = ""
    primary_category: str = ""
    categories: list[str] = field(default_factory=list)


@dataclass
class ArxivFeed:
    """A parsed feed: entries, the messages of error entries, and ``totalResults``."""

    entries: list[ArxivEntry]
    errors: list[str]
    total: int | None


def parse_feed(content: bytes, url: str = "arXiv") -> ArxivFeed:
    """Parse an arXiv Atom feed; anything that is not one is a ``malformed`` :class:`ServiceError`."""
    try:
        root = SafeET.fromstring(content, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise ServiceError(f"refused unsafe XML ({type(exc).__name__})", url, kind="malformed") from None
    except (ParseError, ValueError) as exc:
        raise ServiceError(f"not XML: {exc}", url, kind="malformed") from None
    if root.tag != f"{ATOM}feed":
        raise ServiceError(f"not an Atom feed (root {root.tag!r})", url, kind="malformed")
    entries: list[ArxivEntry] = []
    errors: list[str] = []
    for node in root.findall(f"{ATOM}entry"):
        ident = _text(node, f"{ATOM}id")
        if "/api/errors" in ident or _text(node, f"{ATOM}title") == "Error":
            errors.append(_text(node, f"{ATOM}summary") or ident)
            continue
        entry = _entry(node, ident)
        if entry is not None:
            entries.append(entry)
    total = _text(root, f"{OPENSEARCH}totalResults")
    return ArxivFeed(entries, errors, int(total) if total.isdigit() else None)


def _text(node: Element, tag: str) -> str:
    found = node.find(tag)
    return squash(found.text) if found is not None and found.text else ""


def _entry(node: Element, ident: str) -> ArxivEntry | None:
    found = arxiv_ids.from_url(ident)
    title = _text(node, f"{ATOM}title")
    if found is None or not title:
        return None
    primary = node.find(f"{ARXIV}primary_category")
    return ArxivEntry(
        id=found.value,
        version=found.version,
        title=title,
        authors=[squash(a.findtext(f"{ATOM}name")) for a in node.findall(f"{ATOM}author")
                 if squash(a.findtext(f"{ATOM}name"))],
        summary=_text(node, f"{ATOM}summary"),
        published=_text(node, f"{ATOM}published"),
        updated=_text(node, f"{ATOM}updated"),
        comment=_text(node, f"{ARXIV}comment"),
        journal_ref=_text(node, f"{ARXIV}journal_ref"),
        doi=_text(node, f"{ARXIV}doi"),
        primary_category=primary.get("term", "") if primary is not None else "",
        categories=[c.get("term", "") for c in node.findall(f"{ATOM}category") if c.get("term")],
    )


def entry_to_record(entry: ArxivEntry) -> Record:
    """The CSL record of an entry: an ``article`` with ``number: arXiv:ID`` and ``publisher: arXiv``."""
    csl: dict[str, Any] = {
        "type": "article",
        "title": entry.title,
        "author": [split_name(a) for a in entry.authors],
        "number": f"arXiv:{entry.id}",
        "publisher": "arXiv",
        "URL": f"https://arxiv.org/abs/{entry.id}",
    }
    issued = csl_date(entry.published)
    if issued:
        csl["issued"] = issued
    if entry.summary:
        csl["abstract"] = entry.summary
    extra: dict[str, Any] = {"arxiv_class": entry.primary_category or (entry.categories or [""])[0],
                             "version": entry.version, "updated": entry.updated[:10],
                             "comment": entry.comment, "journal_ref": entry.journal_ref,
                             "published_doi": entry.doi}
    return Record("arxiv", csl, {k: v for k, v in extra.items() if v})


def match_entries(requested: Iterable[str], entries: Sequence[ArxivEntry]) -> dict[str, ArxivEntry]:
    """Pair requested ids (versioned or not) with entries by their ``<id>``, never by position."""
    exact: dict[str, ArxivEntry] = {}
    latest: dict[str, ArxivEntry] = {}
    for entry in entries:
        exact[f"{entry.id}{entry.version or ''}"] = entry
        current = latest.get(entry.id)
        if current is None or _vnum(entry.version) > _vnum(current.version):
            latest[entry.id] = entry
    found: dict[str, ArxivEntry] = {}
    for ident in requested:
        parts = arxiv_ids.split(ident)
        if parts is None:
            continue
        base, version = parts
        hit = exact.get(base + version) if version else latest.get(base)
        if hit is not None:
            found[ident] = hit
    return found


def _vnum(version: str | None) -> int:
    return int(version[1:]) if version else 0


class ArxivClient:
    """Batched lookups against the arXiv query API (``base_url`` is the full query endpoint)."""

    def __init__(self, http: HttpClient, base_url: str, batch_size: int = 500) -> None:
        self.http = http
        self.base_url = base_url
        self.batch_size = batch_size

    def lookup(self, ids: Sequence[str], on_batch: Callable[[int], None] | None = None) -> dict[str, Lookup]:
        """Look every id up; the result has one :class:`Lookup` per distinct id."""
        results: dict[str, Lookup] = {}
        valid: list[str] = []
        for ident in dict.fromkeys(ids):
            if arxiv_ids.split(ident) is not None:
                valid.append(ident)
            else:
                results[ident] = Lookup("failed", kind="bad-id", message=f"not an arXiv id: {ident!r}")
        for start in range(0, len(valid), self.batch_size):
            batch = valid[start:start + self.batch_size]
            results.update(self._batch(batch))
            if on_batch:
                on_batch(len(batch))
        return results

    def _batch(self, ids: list[str]) -> dict[str, Lookup]:
        try:
            status, feed = self._query(ids)
        except ServiceError as exc:
            return {i: Lookup.from_error(exc) for i in ids}
        if status == 400:
            return self._split(ids, feed)
        if status != 200:
            failure = Lookup("failed", kind=f"http-{status}", message=f"arXiv answered HTTP {status}")
            return dict.fromkeys(ids, failure)
        if feed.total is not None and feed.total > len(feed.entries) and len(ids) > 1:
            # The server cut the page short: ask for halves rather than call ids missing.
            half = len(ids) // 2
            return {**self._batch(ids[:half]), **self._batch(ids[half:])}
        found = match_entries(ids, feed.entries)
        return {i: Lookup.ok(entry_to_record(found[i])) if i in found
                else Lookup.not_found(f"arXiv has no entry for {i}") for i in ids}

    def _split(self, ids: list[str], feed: ArxivFeed) -> dict[str, Lookup]:
        """A 400 for a batch: drop the ids the error names, else halve; retry the rest."""
        named = {m["id"] for e in feed.errors for m in _BAD_ID.finditer(e)}
        bad = [i for i in ids if i in named]
        message = "; ".join(feed.errors) or "arXiv answered HTTP 400"
        if not bad and len(ids) == 1:
            bad = ids
        results = {i: Lookup("failed", kind="bad-id", message=message) for i in bad}
        rest = [i for i in ids if i not in bad]
        if rest and bad:
            results.update(self._batch(rest))
        elif rest:
            half = len(rest) // 2
            results.update(self._batch(rest[:half]))
            results.update(self._batch(rest[half:]))
        return results

    def _query(self, ids: list[str]) -> tuple[int, ArxivFeed]:
        params = {"id_list": ",".join(ids), "start": "0", "max_results": str(len(ids))}
        if len(urlencode(params)) <= GET_LIMIT:
            fetched = self.http.get("arxiv", self.base_url, params=params)
        else:
            fetched = self.http.post("arxiv", self.base_url, data=params)
        if fetched.status == 400:
            try:
                return 400, parse_feed(fetched.content, fetched.url)
            except ServiceError:
                return 400, ArxivFeed([], [], None)
        if fetched.status != 200:
            return fetched.status, ArxivFeed([], [], None)
        try:
            return 200, parse_feed(fetched.content, fetched.url)
        except ServiceError:
            self.http.discard(fetched)  # a maintenance page must not be served from the cache later
            raise


class ArxivResolver:
    """The arXiv stage: every work with an arXiv id (or one of arXiv's own DOIs), batched."""

    name = "arxiv"

    def plan(self, works: Sequence[Work], run: Run) -> Plan:
        """One lookup per arXiv id (and version); an arXiv DOI adds the arXiv id to its work."""
        plan = Plan()
        for work in works:
            ident = work.first_id("arxiv")
            doi = work.first_id("doi")
            if ident is None and doi is not None:
                ident = arxiv_ids.from_doi(doi.value)
                if ident is not None:
                    work.add_identifier(ident)
            if ident is not None:
                plan.add(ident.value + (ident.version or ""), work)
        return plan

    def resolve(self, plan: Plan, run: Run) -> None:
        """Ask arXiv for every planned id in as few requests as allowed."""
        if not plan:
            return
        client = ArxivClient(run.http, run.config.url(self.name), run.config.arxiv_batch)
        with run.progress.bar("arXiv", len(plan)) as bar:
            lookups = client.lookup(list(plan.spelling.values()), on_batch=bar.update)
        for key, targets in plan.targets.items():
            for work, _role in targets:
                run.record(work, lookups[plan.spelling[key]], "arxiv", stage=self.name)
