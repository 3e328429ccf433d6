"""The data model: a :class:`Work` is one bibliography item.

A Work holds CSL-JSON data under real CSL variable names (``title``, ``author``,
``issued``, ``container-title``, ``DOI``, ``URL``, ``number``, ``publisher``,
``type`` ...), the identifiers found for it, its other links by role, the
section paths of the list it sits under, where it was read from, and
provenance (which source gave which field).  Writers are pure functions of
Works; the CSL ``id`` of a work is its citekey.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any, TypedDict
from urllib.parse import quote

from .identifiers.kinds import Identifier
from .textclean import clean_url, one_line

__all__ = ["EXTRA_KEYS", "ROLES", "Identifier", "Link", "Location", "Problem", "Work", "WorkExtra", "url_identity"]

_WHITESPACE = re.compile(r"\s")

# Link roles.  "paper" links identify the work itself; the others are kept.
ROLES = ("paper", "code", "web", "blog", "slides", "video", "data", "project", "mirror", "archive", "other")


def url_identity(url: str) -> str:
    """A URL without scheme, ``www.`` and trailing slash, lowercased host: http/https twins compare equal."""
    rest = url.strip().split("://", 1)[-1]
    host, _, path = rest.partition("/")
    host = host.lower().removeprefix("www.")
    return f"{host}/{path}".rstrip("/")


def _note_url(url: str) -> str:
    """A URL as a note line writes it: invisible characters and whitespace percent-encoded."""
    return _WHITESPACE.sub(lambda m: quote(m.group()), clean_url(url).strip())


@dataclass
class Link:
    """A link of a work: its URL, role and the label the list gave it."""

    url: str
    role: str = "other"
    label: str = ""


@dataclass(frozen=True)
class Location:
    """Where a work (or a problem) was read: a file and a 1-based line."""

    file: str
    line: int = 0

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass
class Problem:
    """A reported problem: skipped entry, broken block, failed lookup, merge."""

    message: str
    location: Location | None = None
    kind: str = "warning"  # skip | error | warning | merge | conflict | not-found | failed

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


class WorkExtra(TypedDict, total=False):
    """What a work holds beyond CSL variables (``Work.extra``): every key rnnbib sets, with its type."""

    # from the readers
    version: str
    """The arXiv version the list or the record names (``v2``)."""
    other_arxiv: list[str]
    """Further arXiv ids an entry links to (its identity is the first)."""
    authors_incomplete: bool
    """The list's author line ended in ``et al.`` (a .bib author list in ``and others``)."""
    venue_hint: str
    """Venue and year the list wrote (``ICLR 2016``)."""
    bibtex_key: str
    """The key of the .bib entry the work was read from."""
    csl_id: str
    """The ``id`` of the CSL-JSON item the work was read from."""
    arxiv_class: str
    """The primary arXiv category (``cs.LG``)."""
    bib_entry: dict[str, Any]
    """The .bib entry as written: ``type``, own ``fields`` (raw LaTeX), ``csl`` (what it said when read)."""
    bib_raw: dict[str, str]
    """The LaTeX each CSL text variable of a .bib entry was decoded from."""
    entry_lines: list[int]
    """Source lines of the list blocks read into the work's entry."""
    # from merging
    aliases: list[str]
    """Keys of the input entries merged into this work (BibLaTeX ``ids``)."""
    # from the services
    updated: str
    comment: str
    journal_ref: str
    published_doi: str
    """The DOI of the published version an arXiv record names."""
    license: str
    stars: int
    repository: str
    """``owner/repo`` of a GitHub record (the new name of a renamed repository)."""
    homepage: str
    article_number: str
    subtype: str
    years: list[int]
    """Every year a Crossref record gives when they differ (published online, in print)."""
    landing_page: str
    code_repositories: list[dict[str, Any]]
    """Papers' code repositories resolved with ``github="all"`` (repository, stars, license, description)."""
    canonical: dict[str, Any]
    """The published-version check (:mod:`rnnbib.online.published`): status (``upgraded``,
    ``kept-preprint``, ``preprint`` ...), evidence, venue, source, rejected candidates."""

    channel_url: str
    """The video channel's page an oEmbed answer names."""


#: Every key of :class:`WorkExtra`.
EXTRA_KEYS: frozenset[str] = frozenset(WorkExtra.__annotations__)


def set_extra(extra: WorkExtra, name: str, value: Any) -> None:
    """``extra[name] = value`` for a key known only at run time; an unknown key is a bug (``KeyError``)."""
    if name not in EXTRA_KEYS:
        raise KeyError(f"not a WorkExtra key: {name!r}")
    extra[name] = value  # type: ignore[literal-required]


@dataclass
class Work:
    """One bibliography item: CSL data plus identifiers, links, sections, source, provenance."""

    csl: dict[str, Any] = field(default_factory=dict)
    identifiers: list[Identifier] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    sections: list[tuple[str, ...]] = field(default_factory=list)
    sources: list[Location] = field(default_factory=list)
    provenance: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    merged_from: list[Location] = field(default_factory=list)  # sources of works merged into this one
    status: str = "offline"  # offline | resolved | not-found | failed
    list_title: str = ""
    key: str = ""
    notes: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    extra: WorkExtra = field(default_factory=lambda: WorkExtra())

    # -- convenience ---------------------------------------------------------
    @property
    def title(self) -> str:
        """The work's title (CSL ``title``)."""
        return str(self.csl.get("title", ""))

    @property
    def type(self) -> str:
        """The CSL type."""
        return str(self.csl.get("type", "document"))

    @property
    def source(self) -> Location | None:
        """The first place the work was read from."""
        return self.sources[0] if self.sources else None

    def ids(self, kind: str) -> list[Identifier]:
        """Identifiers of one kind, in order of appearance."""
        return [i for i in self.identifiers if i.kind == kind]

    def first_id(self, kind: str) -> Identifier | None:
        """The first identifier of a kind, or None."""
        for i in self.identifiers:
            if i.kind == kind:
                return i
        return None

    def add_identifier(self, ident: Identifier) -> None:
        """Add an identifier unless one with the same identity is there."""
        if all(i.key != ident.key for i in self.identifiers):
            self.identifiers.append(ident)

    def add_link(self, link: Link) -> None:
        """Add a link unless the same URL is there."""
        if all(x.url != link.url for x in self.links):
            self.links.append(link)

    def set(self, field_name: str, value: Any, source: str) -> None:
        """Set a CSL field and record which source gave it."""
        self.csl[field_name] = value
        self.provenance[field_name] = source

    def links_by_role(self, *roles: str) -> list[Link]:
        """Links with one of the given roles."""
        return [x for x in self.links if x.role in roles]

    def section_labels(self) -> list[str]:
        """Each section path joined with `` > `` (e.g. ``Train RNN > Tips``)."""
        return [" > ".join(path) for path in self.sections if path]

    def all_keywords(self) -> list[str]:
        """Keywords from ``keywords:`` and the section paths: normalised, unique, in a stable order.

        Each entry is :func:`~rnnbib.textclean.one_line` text with ``,`` replaced by ``;``
        (CSL ``keyword`` and BibTeX ``keywords`` are comma-separated lists); empty entries
        and case-insensitive repeats are dropped.  Entries without `` > `` come first, then
        those with it (section paths): CSL-JSON reads an entry with `` > `` back as a
        section path, so this order survives write -> read -> write.
        """
        seen: dict[str, str] = {}
        for kw in [*self.keywords, *self.section_labels()]:
            kw = one_line(kw).replace(",", ";")
            if kw and kw.lower() not in seen:
                seen[kw.lower()] = kw
        entries = list(seen.values())
        return [k for k in entries if " > " not in k] + [k for k in entries if " > " in k]

    def tags(self) -> list[str]:
        """The work's tags: ``keywords:`` bullets then section paths, exactly as written (one line each).

        Unlike :meth:`all_keywords`, a comma or semicolon inside a name is kept and only exact
        repeats are dropped: formats with one tag per element (Zotero RDF ``dc:subject``, RIS
        ``KW``) carry each tag whole.
        """
        tags = (one_line(tag) for tag in [*self.keywords, *self.section_labels()])
        return list(dict.fromkeys(tag for tag in tags if tag))

    def note_lines(self) -> list[str]:
        """The note: text notes, then one ``role: URL`` line per link other than the primary URL.

        This is the stable, parseable form in which links survive in formats
        that have no field for them (CSL ``note``, RIS ``N1``, BibTeX ``note``).
        Each note is one line (:func:`~rnnbib.textclean.one_line`; empty notes are
        dropped); a link line has a role from :data:`ROLES` (``other`` for any other)
        and the URL with invisible characters (:func:`~rnnbib.textclean.clean_url`) and whitespace
        percent-encoded.
        """
        lines = [line for line in (one_line(note) for note in self.notes) if line]
        primary = url_identity(_note_url(str(self.csl.get("URL", ""))))
        for link in self.links:
            url = _note_url(link.url)
            if url and url_identity(url) != primary and not self._repeats_identifier(link):
                lines.append(f"{link.role if link.role in ROLES else 'other'}: {url}")
        return lines

    def _repeats_identifier(self, link: Link) -> bool:
        """A ``paper`` link that only names an identifier the work already has (its arXiv PDF ...)."""
        if link.role != "paper":
            return False
        from .identifiers import detect_url, from_csl

        found = detect_url(link.url)
        own = {i.key for i in [*self.identifiers, *from_csl(self.csl)]}
        return bool(found) and all(i.key in own for i in found)

    def to_csl(self) -> dict[str, Any]:
        """The CSL-JSON item (a deep copy): ``id`` = citekey, ``annote`` and ``keyword`` composed.

        ``annote`` = :meth:`note_lines` joined by newlines (the list's own annotations: CSL styles
        never print ``annote``, unlike ``note``); ``keyword`` = :meth:`all_keywords`
        joined by ``", "`` (CSL has one keyword string); the keys of works merged into this
        one (``extra["aliases"]``) under ``custom.ids``.  Both are normalised so that
        :func:`rnnbib.readers.csljson.read_csljson` takes them apart into the same lines.
        """
        item: dict[str, Any] = {"id": self.key} if self.key else {}
        item.update(copy.deepcopy(self.csl))
        if self.key:
            item["id"] = self.key
        lines = self.note_lines()
        if lines:
            item["annote"] = "\n".join(lines)
        keywords = self.all_keywords()
        if keywords:
            item["keyword"] = ", ".join(keywords)
        aliases = self.extra.get("aliases")
        if aliases:
            item["custom"] = {**item.get("custom", {}), "ids": list(aliases)}
        return item
