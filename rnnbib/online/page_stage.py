"""The web-page stage: page-type works get their metadata from their own page, video or archived copy.

Which works: those no identifier service resolved and whose URL is a web page (blog posts, web
pages, documents, slides), a YouTube/Vimeo video (oEmbed), or a proceedings landing page (PMLR,
NeurIPS ... built from the identifier).  Page metadata fills what is missing and never replaces
the list's title; a date refines the list's date only when it agrees with it.  A DOI or arXiv id
that the page declares as its own is looked up and used only when its record's title matches
the work's.  A dead link (404/410, unknown host, parked domain) keeps the work, is reported
``dead-link`` and gets the Internet Archive's closest snapshot as its archived copy.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from ..errors import ServiceError
from ..identifiers import proceedings
from ..model import Identifier, Link, Work, set_extra
from .arxiv import ArxivClient
from .doi import DoiClient
from .oembed import OEmbedClient, provider
from .outcome import add_problem, record_outcome
from .page_meta import PageMeta
from .pages import PageOutcome, PageReader, is_page_url
from .record import Lookup
from .stage import Plan, Run
from .wayback import ARCHIVE_NAME, Snapshot, WaybackClient, timestamp_of

FILLED = ("author", "issued", "container-title", "publisher", "language", "volume", "issue", "page")
REFINABLE_TYPES = frozenset({"webpage", "document", "post-weblog", "post", "article"})
SKIPPED_HOSTS = ("github.com", "gist.github.com", "arxiv.org", "doi.org", "dx.doi.org")
TITLE_MATCH = 0.7


def page_url(work: Work) -> str | None:
    """The page that describes ``work`` itself, or ``None`` when the work is not a page-type work."""
    if work.status == "resolved" or work.type == "software":
        return None
    if any(work.first_id(kind) for kind in ("arxiv", "doi", "gist")):
        return None
    for ident in work.identifiers:
        if ident.kind in proceedings.KINDS:
            landing = proceedings.canonical_url(ident)
            if landing:
                return landing
    url = str(work.csl.get("URL", "")).strip()
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    if not url or host in SKIPPED_HOSTS:
        return None
    return url if provider(url) or is_page_url(url) else None


def same_title(a: str, b: str) -> bool:
    """Two titles of the same work (word sets overlap by :data:`TITLE_MATCH`, or one holds the other)."""
    words_a, words_b = (set(re.findall(r"\w+", t.casefold())) for t in (a, b))
    if not words_a or not words_b:
        return False
    small, large = sorted((words_a, words_b), key=len)
    return len(words_a & words_b) / len(words_a | words_b) >= TITLE_MATCH or (len(small) >= 3 and small <= large)


class PageResolver:
    """The web-page stage: every page, video and dead link's snapshot read once (see the module docstring)."""

    name = "page"

    def plan(self, works: Sequence[Work], run: Run) -> Plan:
        """Page URL -> the works it describes (nothing with ``pages=False``)."""
        plan = Plan()
        if not run.config.pages:
            return plan
        for work in works:
            url = page_url(work)
            if url is not None and not run.claimed(work):
                plan.add(url, work)
        return plan

    def resolve(self, plan: Plan, run: Run) -> None:
        """Read every planned page and fold what it says into its works."""
        if not plan:
            return
        reading = _Reading(run)
        with run.progress.bar("Pages", len(plan), unit="page") as bar:
            for key, targets in plan.targets.items():
                reading.read(plan.spelling[key], [work for work, _ in targets])
                bar.update(1)
        reading.cross_check()


class _Reading:
    """The clients of one stage run, and the identifiers pages declared (checked at the end)."""

    def __init__(self, run: Run) -> None:
        self.run = run
        self.reader = PageReader(run.http, run.config)
        self.videos = OEmbedClient(run.http, run.config)
        self.wayback = WaybackClient(run.http, run.config)
        self.declared: list[tuple[Work, Identifier, str, str]] = []
        """(work, identifier, where the page declared it, the page's own title)."""

    def read(self, url: str, works: list[Work]) -> None:
        """Read one page (or video) and apply it to the works it describes."""
        if provider(url):
            lookup = self.videos.lookup(url)
            for work in works:
                _apply_video(work, lookup)
        else:
            self._page(url, works)

    def _page(self, url: str, works: list[Work]) -> None:
        outcome = self.reader.read(url)
        snapshot: Snapshot | None = None
        archived: PageOutcome | None = None
        config = self.run.config
        if outcome.status == "dead":
            stamp = timestamp_of(config.list_date) or timestamp_of(works[0].csl.get("issued"))
            try:
                snapshot = self.wayback.closest(url, stamp)
            except ServiceError as exc:
                if outcome.kind == "dns" and exc.kind in ("unreachable", "offline"):
                    # neither the site nor the archive answers: the network is down, not the site
                    outcome = PageOutcome("failed", url, "unreachable", outcome.message)
            if snapshot is not None and config.archived:
                archived = self.reader.read(snapshot.raw_url)
        for work in works:
            self._apply(work, url, outcome)
            if outcome.status == "dead":
                _apply_dead(work, outcome, snapshot)
                if archived is not None and archived.status == "ok" and archived.meta is not None:
                    _apply_meta(work, archived.meta, prefix="wayback:")

    def _apply(self, work: Work, url: str, outcome: PageOutcome) -> None:
        if outcome.status == "ok" and outcome.meta is not None:
            _apply_meta(work, outcome.meta)
            if outcome.accessed:
                work.set("accessed", outcome.accessed, "page")
            work.status = "resolved"
            page_title = str(outcome.meta.value("title") or "")
            for ident, source in outcome.meta.identifiers:
                if all(i.key != ident.key for i in work.identifiers):
                    self.declared.append((work, ident, source, page_title))
        elif outcome.status == "failed":
            add_problem(work, f"page: {url}: {outcome.message}", outcome.kind or "failed")
            work.status = "failed"
        elif outcome.status == "offline":
            add_problem(work, f"page: {url}: {outcome.message}", "offline")
        elif outcome.kind == "robots":
            add_problem(work, f"page: {url}: {outcome.message}", "robots")

    def cross_check(self) -> None:
        """Use a declared DOI/arXiv id only when its record is the same work (same title)."""
        arxiv_ids = list(dict.fromkeys(i.value for _, i, _, _ in self.declared if i.kind == "arxiv"))
        config = self.run.config
        arxiv = ArxivClient(self.run.http, config.url("arxiv"), config.arxiv_batch).lookup(arxiv_ids) \
            if arxiv_ids else {}
        dois = DoiClient(self.run.http, config)
        answers: dict[str, Lookup] = {}
        for work, ident, source, page_title in self.declared:
            if ident.kind == "arxiv":
                lookup = arxiv.get(ident.value) or Lookup.not_found("no answer")
            else:
                lookup = answers.get(ident.key) or dois.lookup(ident.value)
                answers[ident.key] = lookup
            name = f"{'DOI' if ident.kind == 'doi' else 'arXiv id'} {ident.value}"
            if lookup.status != "resolved" or lookup.record is None:
                add_problem(work, f"page: declares {name} ({source}), which could not be checked: "
                            f"{lookup.message}", lookup.kind or lookup.status)
                continue
            found = str(lookup.record.csl.get("title", ""))
            titles = [t for t in (work.list_title or work.title, page_title) if t]
            if not any(same_title(found, t) for t in titles):
                add_problem(work, f"page: declares {name} ({source}), but that is “{found}”, another work; "
                            "not used", "conflict")
                continue
            work.add_identifier(ident)
            record_outcome(work, lookup, lookup.record.source)


def _fill(work: Work, name: str, value: Any, source: str) -> None:
    """Set a field the work lacks (a date also when it refines the list's date)."""
    current = work.csl.get(name)
    if name == "type":
        if work.provenance.get("type", "list") == "list" and work.type in REFINABLE_TYPES and value != work.type:
            work.set("type", value, source)
        return
    if name == "issued" and current:
        old = (current.get("date-parts") or [[]])[0] if isinstance(current, dict) else []
        new = value["date-parts"][0]
        if not (len(new) > len(old) and new[: len(old)] == old):
            return
    elif current not in (None, "", [], {}):
        return
    work.set(name, value, source)


def _apply_meta(work: Work, meta: PageMeta, prefix: str = "") -> None:
    if not work.list_title:
        work.list_title = work.title
    for name, (value, source) in meta.fields.items():
        if name in FILLED or name == "type" or (name == "title" and not work.title):
            _fill(work, name, value, prefix + source if prefix else source)


def _apply_video(work: Work, lookup: Lookup) -> None:
    if lookup.status != "resolved" or lookup.record is None:
        kind = "dead-link" if lookup.status == "not-found" else (lookup.kind or lookup.status)
        record_outcome(work, Lookup(lookup.status, None, kind, lookup.message), "oembed")
        return
    if not work.list_title:
        work.list_title = work.title
    for name, value in lookup.record.csl.items():
        if name == "title" and work.title:
            continue
        if name == "type":
            work.set("type", value, "oembed")
        else:
            _fill(work, name, value, "oembed")
    for name, value in lookup.record.extra.items():
        set_extra(work.extra, name, value)
        work.provenance[f"extra.{name}"] = "oembed"
    work.status = "resolved"


def _apply_dead(work: Work, outcome: PageOutcome, snapshot: Snapshot | None) -> None:
    archived = f"; archived copy: {snapshot.url}" if snapshot else "; no archived copy found"
    add_problem(work, f"page: dead link {outcome.url} ({outcome.message}){archived}", "dead-link")
    work.status = "not-found"
    if snapshot is not None:
        work.set("archive", ARCHIVE_NAME, "wayback")
        work.set("archive_location", snapshot.url, "wayback")
        work.add_link(Link(snapshot.url, "archive", ARCHIVE_NAME))
