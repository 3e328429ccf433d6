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
from dataclasses import dataclass, field
from typing import Any

# Link roles.  "paper" links identify the work itself; the others are kept.
ROLES = ("paper", "code", "web", "blog", "slides", "video", "data", "project", "mirror", "other")


def _url_identity(url: str) -> str:
    """A URL without scheme, ``www.`` and trailing slash, lowercased host: http/https twins compare equal."""
    rest = url.strip().split("://", 1)[-1]
    host, _, path = rest.partition("/")
    host = host.lower().removeprefix("www.")
    return f"{host}/{path}".rstrip("/")


@dataclass(frozen=True)
class Identifier:
    """One identifier of a work.

    ``value`` is the canonical form: the unversioned arXiv id, the DOI in its
    registered case, ``owner/repo`` for GitHub, the proceedings id for
    PMLR/NeurIPS/CVF/ACL/OpenReview.  ``version`` keeps a given arXiv version.
    """

    kind: str
    value: str
    version: str | None = None

    @property
    def key(self) -> str:
        """Identity used for merging: case-insensitive where the scheme is."""
        if self.kind in ("doi", "github", "gist"):
            return f"{self.kind}:{self.value.lower()}"
        return f"{self.kind}:{self.value}"

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}{self.version or ''}"


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
    kind: str = "warning"  # skip | error | warning | merge | not-found | failed

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


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
    extra: dict[str, Any] = field(default_factory=dict)

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
        """Keywords from ``keywords:`` and the section paths, unique, in order."""
        seen: dict[str, None] = {}
        for kw in [*self.keywords, *self.section_labels()]:
            if kw and kw.lower() not in {k.lower() for k in seen}:
                seen[kw] = None
        return list(seen)

    def note_lines(self) -> list[str]:
        """The note: text notes, then one ``role: URL`` line per link other than the primary URL.

        This is the stable, parseable form in which links survive in formats
        that have no field for them (CSL ``note``, RIS ``N1``, BibTeX ``note``).
        """
        lines = list(self.notes)
        primary = _url_identity(str(self.csl.get("URL", "")))
        for link in self.links:
            if _url_identity(link.url) != primary:
                lines.append(f"{link.role}: {link.url}")
        return lines

    def to_csl(self) -> dict[str, Any]:
        """The CSL-JSON item (a deep copy): ``id`` = citekey, ``note`` and ``keyword`` composed.

        ``note`` = :meth:`note_lines` joined by newlines; ``keyword`` = :meth:`all_keywords`
        joined by ``", "`` (CSL has one keyword string).
        """
        item: dict[str, Any] = {"id": self.key} if self.key else {}
        item.update(copy.deepcopy(self.csl))
        if self.key:
            item["id"] = self.key
        lines = self.note_lines()
        if lines:
            item["note"] = "\n".join(lines)
        keywords = self.all_keywords()
        if keywords:
            item["keyword"] = ", ".join(keywords)
        return item
