"""Metadata a web page declares about itself, read from its HTML (no network here).

Sources, strongest first: Highwire Press ``citation_*`` tags (``page:citation``), JSON-LD
schema.org (``page:json-ld``), microdata (``page:microdata``), Dublin Core (``page:dc``),
OpenGraph and ``article:*`` (``page:og``), then plain ``<meta name=author>``, ``<title>``, a
``By X`` byline and a personal site whose own name is a person's (``page:meta``), and last the
date heuristics of htmldate (``page:htmldate``).  Each field is taken from the first source
that gives a usable value; every value is cleaned of markup and scripts and length-capped.
Authors are people only: organisations and the site's own name are never authors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from ..identifiers import arxiv as arxiv_ids
from ..identifiers import doi as doi_ids
from ..model import Identifier
from .page_schema import jsonld_nodes, main_node, microdata_nodes, node_types, schema_fields
from .page_values import MAX_AUTHORS, MAX_NAME, clean, looks_like_person, parse_date, person
from .text import squash

_BYLINE = re.compile(r"^(?:(?:posted|written|published)\s+)?by[:\s]+(?P<name>.+)$", re.IGNORECASE)
_SITE_SUFFIX = re.compile(r"(?:['’]s)?\s+(?:personal\s+)?(?:blog|homepage|home\s+page|website|web\s+site|"
                          r"page|notes)$", re.IGNORECASE)
_TITLE_SEPARATORS = re.compile(r"\s+(?:\||–|—|--?|·|::|»)\s+")
_SITE_CLASSES = ("site-title", "site-name", "blog-title", "navbar-brand", "site-branding", "logo")
_PARKED = re.compile(r"this domain (?:name )?(?:is|may be) for sale|buy this domain|domain is parked|"
                     r"parked free|sedoparking|parkingcrew|bodis\.com|hugedomains\.com|afternic\.com|"
                     r"domain has expired", re.IGNORECASE)
_REFRESH = re.compile(r"^\s*\d*\s*[;,]?\s*(?:url\s*=\s*)?['\"]?(?P<url>[^'\"\s]+)", re.IGNORECASE)

SOURCES = ("page:citation", "page:json-ld", "page:microdata", "page:dc", "page:og", "page:meta", "page:htmldate")


@dataclass
class PageMeta:
    """What one page says about itself."""

    fields: dict[str, tuple[Any, str]] = field(default_factory=dict)
    """CSL variable -> (value, provenance)."""
    identifiers: list[tuple[Identifier, str]] = field(default_factory=list)
    """DOIs / arXiv ids the page declares as its own, with where they were read."""
    refresh: str | None = None
    """The target of a ``<meta http-equiv=refresh>``, absolute."""
    parked: bool = False
    """The page is a parked-domain / domain-for-sale page."""

    def value(self, name: str) -> Any:
        """A field's value, or ``None``."""
        return self.fields[name][0] if name in self.fields else None


def extract(html_text: str, url: str) -> PageMeta:
    """Everything ``html_text`` (the page at ``url``) declares about itself."""
    import lxml.html

    meta = PageMeta()
    try:
        tree = lxml.html.document_fromstring(html_text or "<html></html>")
    except (ValueError, lxml.etree.ParserError):
        return meta
    heads = _meta_tags(tree)
    meta.refresh = _refresh(heads, url)
    text = _visible_text(tree)
    title = clean(tree.findtext(".//title") or "")
    meta.parked = bool(_PARKED.search(title) or _PARKED.search(text[:20000]))
    jsonld = list(jsonld_nodes(tree))
    sites = _site_names(tree, heads, jsonld)
    candidates = [
        ("page:citation", _citation(heads)),
        ("page:json-ld", schema_fields(jsonld)),
        ("page:microdata", schema_fields(microdata_nodes(html_text, url))),
        ("page:dc", _dublin_core(heads)),
        ("page:og", _opengraph(heads)),
        ("page:meta", _plain(tree, heads, title, sites, url)),
    ]
    not_names = [*sites, *(str(c.get("publisher", "")) for _, c in candidates), urlsplit(url).hostname or ""]
    not_names = [n for n in not_names if not _named_after(n, url)]
    for source, values in candidates:
        for name, value in values.items():
            if name in meta.fields or value in (None, "", [], {}):
                continue
            if name == "author":
                value = _people(value, not_names)
                if not value:
                    continue
            meta.fields[name] = (value, source)
    if "issued" not in meta.fields:
        found = _htmldate(tree)
        if found:
            meta.fields["issued"] = (found, "page:htmldate")
    meta.identifiers = _declared(heads, jsonld, tree, url)
    return meta


# -- the sources ------------------------------------------------------------------------------------

def _meta_tags(tree: Any) -> list[tuple[str, str]]:
    """(lower-case name or property, content) of every ``<meta>``, in document order."""
    tags = []
    for element in tree.iter("meta"):
        key = element.get("name") or element.get("property") or element.get("itemprop") or ""
        equiv = element.get("http-equiv")
        if equiv:
            key = f"http-equiv:{equiv}"
        content = element.get("content")
        if key and content is not None:
            tags.append((key.strip().lower(), content))
    return tags


def _first(heads: list[tuple[str, str]], *names: str) -> str:
    for name in names:
        for key, content in heads:
            if key == name and clean(content):
                return clean(content)
    return ""


def _all(heads: list[tuple[str, str]], name: str) -> list[str]:
    return [c for c in (clean(v, MAX_NAME) for k, v in heads if k == name) if c]


def _citation(heads: list[tuple[str, str]]) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": _first(heads, "citation_title"),
        "author": _all(heads, "citation_author")[:MAX_AUTHORS],
        "issued": parse_date(_first(heads, "citation_publication_date", "citation_date",
                                    "citation_online_date", "citation_year")),
        "container-title": _first(heads, "citation_conference_title", "citation_journal_title",
                                  "citation_inbook_title"),
        "publisher": _first(heads, "citation_publisher", "citation_technical_report_institution",
                            "citation_dissertation_institution"),
        "volume": _first(heads, "citation_volume"),
        "issue": _first(heads, "citation_issue"),
        "language": _first(heads, "citation_language"),
    }
    first, last = _first(heads, "citation_firstpage"), _first(heads, "citation_lastpage")
    if first:
        values["page"] = f"{first}-{last}" if last and last != first else first
    if _first(heads, "citation_conference_title"):
        values["type"] = "paper-conference"
    elif _first(heads, "citation_journal_title"):
        values["type"] = "article-journal"
    elif _first(heads, "citation_technical_report_institution"):
        values["type"] = "report"
    elif _first(heads, "citation_dissertation_institution"):
        values["type"] = "thesis"
    return values


def _dublin_core(heads: list[tuple[str, str]]) -> dict[str, Any]:
    return {
        "title": _first(heads, "dc.title", "dcterms.title"),
        "author": [*_all(heads, "dc.creator"), *_all(heads, "dcterms.creator")][:MAX_AUTHORS],
        "issued": parse_date(_first(heads, "dcterms.issued", "dc.date.issued", "dc.date", "dcterms.date")),
        "publisher": _first(heads, "dc.publisher", "dcterms.publisher"),
        "language": _first(heads, "dc.language", "dcterms.language"),
    }


def _opengraph(heads: list[tuple[str, str]]) -> dict[str, Any]:
    og_type = _first(heads, "og:type").lower()
    values: dict[str, Any] = {
        "title": _first(heads, "og:title"),
        "author": [a for a in _all(heads, "article:author") if not a.lower().startswith("http")],
        "issued": parse_date(_first(heads, "article:published_time", "og:published_time",
                                    "video:release_date")),
        "container-title": _first(heads, "og:site_name"),
        "language": _first(heads, "og:locale").replace("_", "-"),
    }
    if og_type.startswith("video"):
        values["type"] = "motion_picture"
    return values


def _plain(tree: Any, heads: list[tuple[str, str]], title: str, sites: list[str], url: str) -> dict[str, Any]:
    author = _all(heads, "author") or _byline(tree) or _personal_site(sites, title, url)
    lang = clean(tree.get("lang") or tree.get("xml:lang"), 20)
    segments = _TITLE_SEPARATORS.split(title)
    return {
        "title": segments[0] if len(segments) > 1 else title,
        "author": author,
        "issued": parse_date(_first(heads, "date", "pubdate", "publish-date", "publication_date",
                                    "sailthru.date", "parsely-pub-date")),
        "language": lang,
    }


def _site_names(tree: Any, heads: list[tuple[str, str]], jsonld: list[dict[str, Any]]) -> list[str]:
    names = [_first(heads, "og:site_name"), _first(heads, "application-name")]
    for element in tree.iter("a", "div", "span", "p", "h1"):
        classes = (element.get("class") or "").split()
        if any(c in _SITE_CLASSES for c in classes) and len(element) < 4:
            names.append(clean(element.text_content(), 100))
    for node in jsonld:
        if node_types(node) & {"website", "organization", "blog"}:
            names.append(clean(node.get("name")))
    return [n for n in dict.fromkeys(names) if n]


def _byline(tree: Any) -> list[str]:
    for element in tree.iter("p", "span", "div", "address", "a"):
        text = squash(element.text_content()) if len(element) < 8 else ""
        if not text or len(text) > 60:
            continue
        match = _BYLINE.match(text)
        if match:
            name = re.split(r"\s+(?:on|in|at)\s+|[|,·•–—]", match["name"])[0].strip()
            if looks_like_person(name):
                return [name]
    return []


def _personal_site(sites: list[str], title: str, url: str) -> list[str]:
    """A site named after a person ("Adam Paszke", "Andrej Karpathy blog") whose name is in its URL."""
    candidates = [*sites, *_TITLE_SEPARATORS.split(title)]
    for candidate in candidates:
        name = _SITE_SUFFIX.sub("", squash(candidate)).strip()
        if _named_after(name, url):
            return [name]
    return []


def _named_after(name: str, url: str) -> bool:
    """``name`` is a person's name whose family name is in ``url`` (a personal site)."""
    parts = urlsplit(url)
    where = re.sub(r"[^a-z]", "", _fold(f"{parts.hostname or ''}{parts.path}"))
    return looks_like_person(name) and re.sub(r"[^a-z]", "", _fold(name.split()[-1])) in where


def _fold(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _people(names: Any, not_names: list[str]) -> list[dict[str, str]]:
    people = []
    for raw in names if isinstance(names, list) else [names]:
        name = person(raw, not_names)
        if name is not None and name not in people:
            people.append(name)
    return people[:MAX_AUTHORS]


# -- identifiers, refresh, text, dates -------------------------------------------------------------

def _declared(heads: list[tuple[str, str]], jsonld: list[dict[str, Any]], tree: Any,
              url: str) -> list[tuple[Identifier, str]]:
    found: list[tuple[Identifier, str]] = []

    def add(ident: Identifier | None, source: str) -> None:
        if ident is not None and all(i.key != ident.key for i, _ in found):
            found.append((ident, source))

    for key, content in heads:
        value = clean(content, 300)
        if key in ("citation_doi", "prism.doi", "dc.identifier", "dcterms.identifier", "bepress_citation_doi"):
            source = "page:citation" if key.startswith(("citation", "bepress", "prism")) else "page:dc"
            add(doi_ids.parse(value) or doi_ids.from_url(value), source)
        elif key == "citation_arxiv_id":
            add(arxiv_ids.parse(value), "page:citation")
    main = main_node(jsonld)
    if main is not None:
        for value in _strings(main.get("identifier")) + _strings(main.get("sameAs")):
            add(doi_ids.from_url(value) or doi_ids.parse(value) or arxiv_ids.from_url(value), "page:json-ld")
    for link in tree.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            href = urljoin(url, link.get("href"))
            add(arxiv_ids.from_url(href) or doi_ids.from_url(href), "page:meta")
    return found


def _strings(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    out = []
    for item in values:
        if isinstance(item, dict):
            item = item.get("value") or item.get("@id") or item.get("url")
        if isinstance(item, str) and len(item) < 300:
            out.append(item.strip())
    return out


def _refresh(heads: list[tuple[str, str]], url: str) -> str | None:
    content = _first(heads, "http-equiv:refresh")
    match = _REFRESH.match(content) if content else None
    if not match or not re.search(r"url\s*=|;", content, re.IGNORECASE):
        return None
    target = urljoin(url, match["url"])
    return target if urlsplit(target).scheme in ("http", "https") else None


def _visible_text(tree: Any) -> str:
    body = tree.find(".//body")
    if body is None:
        return ""
    parts: list[str] = []
    for element in body.iter():
        if element.tag in ("script", "style", "noscript") or not isinstance(element.tag, str):
            continue
        parts.extend(t for t in (element.text, element.tail) if t)
        if len(parts) > 5000:
            break
    return squash(" ".join(parts))


def _htmldate(tree: Any) -> dict[str, Any] | None:
    import logging

    from htmldate import find_date

    logging.getLogger("htmldate").setLevel(logging.ERROR)
    try:
        found = find_date(tree, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # htmldate's heuristics raise on odd input; no date is the right answer then
        return None
    return parse_date(found) if found else None
