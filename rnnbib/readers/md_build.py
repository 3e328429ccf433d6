"""From what the reader collected for one entry to an offline :class:`~rnnbib.model.Work`.

The type, URL and date follow the shared conventions: an arXiv id makes an ``article`` with
``number: "arXiv:ID"`` and ``publisher: "arXiv"``; a proceedings id a ``paper-conference`` (or
``article-journal`` for journals such as JMLR) with the venue as ``container-title``; a DOI an
``article-journal``; otherwise the first link's role decides (code → ``software``, blog →
``post-weblog``, slides → ``speech``, video → ``motion_picture``, data → ``dataset``, other web →
``webpage``).  Every field set here has provenance ``list``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..csldata import arxiv_fields
from ..identifiers import CODE_KINDS, PAPER_KINDS, detect_url, github, proceedings
from ..identifiers.doi import url as doi_url
from ..model import Identifier, Link, Location, Problem, Work
from .md_hints import VenueHint
from .md_labels import url_role
from .md_names import parse_authors

__all__ = ["PAPER_KINDS", "ListEntry", "build_work", "identifiers_of"]

#: Identifier kinds that name a paper (GitHub repositories and gists name code).
_ROLE_TYPES = {"code": "software", "blog": "post-weblog", "slides": "speech", "video": "motion_picture",
               "data": "dataset", "project": "webpage", "web": "webpage", "paper": "document"}
_GENRES = {"speech": "Slides", "motion_picture": "Video"}
_KEYWORD_SPLIT = re.compile(r"[,;，、](?![^()]*\))")


@lru_cache(maxsize=65536)
def identifiers_of(url: str) -> tuple[Identifier, ...]:
    """The identifiers a link target names (cached: lists repeat links)."""
    return tuple(detect_url(url))


@dataclass(slots=True)
class ListEntry:
    """The raw facts of one entry, in list order."""

    title: str
    line: int
    section: tuple[str, ...]
    shape: str = "seed"
    links: list[Link] = field(default_factory=list)
    link_labels: list[str] = field(default_factory=list)  # canonical label per link ("" if none)
    text_ids: list[Identifier] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    authors: str = ""
    year: int | None = None
    month: int | None = None
    venue: str = ""
    hint: VenueHint | None = None
    has_body: bool = False
    # Reading state of a titled entry: a weak title (links in it, or no letter) takes only label
    # bullets as its list; ``filled`` once a list or a paragraph with links was read into it;
    # ``loose_line`` the line of a paragraph read into it after that (label bullets after it are
    # reported).
    weak: bool = False
    filled: bool = False
    loose_line: int = 0
    lines: list[int] = field(default_factory=list)  # source lines of the blocks read into the entry

    def add_link(self, url: str, role: str, label: str, canonical: str) -> None:
        """Add one link (a repeated URL is kept once, with its first role)."""
        for link in self.links:
            if link.url == url:
                return
        self.links.append(Link(url, role, label))
        self.link_labels.append(canonical)

    def add_keywords(self, text: str) -> None:
        """Add the comma-separated keywords of a ``keywords:`` value."""
        for kw in _KEYWORD_SPLIT.split(text):
            kw = kw.strip(" .")
            if kw and kw not in self.keywords:
                self.keywords.append(kw)


def build_work(entry: ListEntry, name: str) -> Work:
    """The offline Work for one entry of file ``name``."""
    work = Work(list_title=entry.title)
    work.sources.append(Location(name, entry.line))
    work.extra["entry_lines"] = sorted({entry.line, *entry.lines})
    if entry.section:
        work.sections.append(entry.section)
    for link in entry.links:
        work.links.append(link)
    work.notes.extend(entry.notes)
    work.keywords.extend(entry.keywords)
    _set(work, "title", entry.title)

    arxiv_ids, others = _identify(work, entry)
    if entry.authors:
        authors, et_al = parse_authors(entry.authors)
        if authors:
            _set(work, "author", authors)
            if et_al:
                work.extra["authors_incomplete"] = True
    hint = str(entry.hint) if entry.hint else entry.venue
    if hint:
        work.extra["venue_hint"] = hint

    if arxiv_ids:
        _arxiv_fields(work, arxiv_ids)
    elif others:
        _paper_fields(work, others)
    else:
        _other_fields(work, entry)
    if "issued" not in work.csl:
        year = entry.year or (entry.hint.year if entry.hint else None)
        if year:
            _set(work, "issued", {"date-parts": [[year, entry.month] if entry.month else [year]]})
        elif work.csl.get("type") in _DATED_URL_TYPES:
            parts = url_date(str(work.csl.get("URL", "")))
            if parts:
                _set(work, "issued", {"date-parts": [parts]})
    return work


# Blogs put the publication date in the path: karpathy.github.io/2015/05/21/rnn-effectiveness/,
# colah.github.io/posts/2015-08-Understanding-LSTMs/ (Jekyll's YYYY-MM-DD-slug).
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](0[1-9]|1[0-2])(?:[/-](0[1-9]|[12]\d|3[01]))?[/-]")
_DATED_URL_TYPES = ("post-weblog", "webpage")


def url_date(url: str) -> list[int] | None:
    """``[year, month(, day)]`` from a ``/YYYY/MM(/DD)/`` path in a blog or web page URL."""
    match = _URL_DATE.search(url)
    if match is None:
        return None
    return [int(g) for g in match.groups() if g]


def _set(work: Work, name: str, value: Any) -> None:
    work.set(name, value, "list")


def _identify(work: Work, entry: ListEntry) -> tuple[list[Identifier], list[Identifier]]:
    """Attach identifiers: the first arXiv id (others noted), paper ids of paper links, and the
    GitHub repositories/gists of code links.  Returns (arXiv ids in order, other paper ids)."""
    arxiv_ids: list[Identifier] = []
    others: list[Identifier] = []
    code: list[Identifier] = []
    for link in entry.links:
        if link.role == "code":
            code.extend(i for i in identifiers_of(link.url) if i.kind in CODE_KINDS)
            continue
        if url_role(link.url) not in ("web", "paper"):
            continue
        for ident in identifiers_of(link.url):
            if ident.kind == "arxiv":
                if all(a.value != ident.value for a in arxiv_ids):
                    arxiv_ids.append(ident)
            elif ident.kind in PAPER_KINDS and link.role == "paper":
                others.append(ident)
    for ident in entry.text_ids:
        if ident.kind != "arxiv":
            others.append(ident)  # a DOI or proceedings id written as text
        elif all(a.value != ident.value for a in arxiv_ids):
            arxiv_ids.append(ident)
    if arxiv_ids:
        work.identifiers.insert(0, arxiv_ids[0])
        if len(arxiv_ids) > 1:
            rest = [a.value for a in arxiv_ids[1:]]
            work.extra["other_arxiv"] = rest
            work.problems.append(Problem(
                f"entry names several arXiv papers; {arxiv_ids[0].value} is its identity, "
                f"also linked: {', '.join(rest)}", work.sources[0], "warning"))
    seen_kinds: set[str] = set()
    for ident in others:
        if ident.kind not in seen_kinds:
            seen_kinds.add(ident.kind)
            work.identifiers.append(ident)
    seen = {i.key for i in code} if len(code) > 1 else set()
    for ident in code:
        if len(code) == 1:
            work.identifiers.append(ident)
        elif ident.key in seen:
            seen.discard(ident.key)
            work.identifiers.append(ident)
    return arxiv_ids, [i for i in work.identifiers if i.kind in PAPER_KINDS and i.kind != "arxiv"]


def _arxiv_fields(work: Work, arxiv_ids: list[Identifier]) -> None:
    ident = arxiv_ids[0]
    fields = arxiv_fields(ident)
    for name in ("type", "number", "publisher", "URL"):
        _set(work, name, fields[name])
    if ident.version:
        work.extra["version"] = ident.version
    if "issued" in fields:
        _set(work, "issued", fields["issued"])
    doi = work.first_id("doi")
    if doi is not None:
        _set(work, "DOI", doi.value)


def _paper_fields(work: Work, others: list[Identifier]) -> None:
    first = others[0]
    paper_links = work.links_by_role("paper")
    if first.kind == "doi":
        _set(work, "type", "article-journal")
        _set(work, "DOI", first.value)
    else:
        _set(work, "type", proceedings.csl_type(first) or "paper-conference")
        vy = proceedings.venue_year(first)
        if vy is not None:
            venue, year = vy
            if venue:
                _set(work, "container-title", venue)
            if year:
                _set(work, "issued", {"date-parts": [[year]]})
        doi = work.first_id("doi")
        if doi is not None:
            _set(work, "DOI", doi.value)
    if paper_links or work.links:
        _set(work, "URL", paper_links[0].url if paper_links else work.links[0].url)
    elif first.kind == "doi":
        _set(work, "URL", doi_url(first.value))  # the DOI was written as text, not as a link


def _other_fields(work: Work, entry: ListEntry) -> None:
    """Type and URL of a work without paper identifiers."""
    papers = [(link, label) for link, label in zip(entry.links, entry.link_labels, strict=True)
              if link.role == "paper"]
    if papers:
        link, label = papers[0]
        if label == "thesis":
            csl_type = "thesis"
            if "phd" in (entry.title + link.label).lower():
                _set(work, "genre", "PhD thesis")
        elif label in ("book", "ebook"):
            csl_type = "book"
        elif entry.hint is not None and entry.hint.venue_type == "conference":
            csl_type = "paper-conference"
        elif entry.hint is not None and entry.hint.venue_type == "journal":
            csl_type = "article-journal"
        else:
            csl_type = "document"
        _set(work, "type", csl_type)
        _set(work, "URL", link.url)
        return
    if not work.links:
        _set(work, "type", "document")
        return
    first = work.links[0]
    csl_type = _ROLE_TYPES.get(first.role, "webpage")
    _set(work, "type", csl_type)
    if csl_type in _GENRES:
        _set(work, "genre", _GENRES[csl_type])
    url = first.url
    if csl_type == "software":
        repo = next((i for i in identifiers_of(url) if i.kind == "github"), None)
        if repo is not None:
            url = github.repo_url(repo)
    _set(work, "URL", url)
