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

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from ..csldata import split_name
from ..identifiers import arxiv as arxiv_ids
from ..identifiers import doi as doi_ids
from ..model import Identifier
from .text import csl_date, squash, strip_markup

MAX_VALUE = 500
MAX_NAME = 80
MAX_AUTHORS = 50
MAX_JSONLD_CHARS = 1_000_000
MAX_JSONLD_NODES = 20_000

_SCRIPT_BLOCK = re.compile(r"<(script|style)\b[^>]*>.*?(</\1\s*>|$)", re.IGNORECASE | re.DOTALL)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BYLINE = re.compile(r"^(?:(?:posted|written|published)\s+)?by[:\s]+(?P<name>.+)$", re.IGNORECASE)
_NAME_WORD = re.compile(r"^(?:[A-ZÀ-ÞĀ-Ž][a-zß-ÿā-ž'’-]+|[A-Z]\.)$")
_PARTICLE = frozenset({"van", "von", "der", "den", "de", "del", "di", "da", "le", "la", "du"})
_NOT_NAMES = frozenset({
    "admin", "administrator", "editor", "editors", "staff", "guest", "unknown", "anonymous", "team", "blog",
    "home", "homepage", "deep", "learning", "machine", "neural", "network", "networks", "data", "science",
    "research", "lab", "news", "tutorial", "tutorials", "the", "of", "and", "ai", "notes", "posts", "about",
    "medium", "wordpress", "blogger", "github", "pages", "welcome", "page", "site", "website", "journal",
})
_ORG_WORDS = frozenset({"staff", "team", "editors", "editorial", "admin", "administrator", "news", "blog",
                        "magazine", "press", "media", "official", "webmaster", "contributors"})
_SITE_SUFFIX = re.compile(r"(?:['’]s)?\s+(?:personal\s+)?(?:blog|homepage|home\s+page|website|web\s+site|"
                          r"page|notes)$", re.IGNORECASE)
_TITLE_SEPARATORS = re.compile(r"\s+(?:\||–|—|--?|·|::|»)\s+")
_SITE_CLASSES = ("site-title", "site-name", "blog-title", "navbar-brand", "site-branding", "logo")
_PARKED = re.compile(r"this domain (?:name )?(?:is|may be) for sale|buy this domain|domain is parked|"
                     r"parked free|sedoparking|parkingcrew|bodis\.com|hugedomains\.com|afternic\.com|"
                     r"domain has expired", re.IGNORECASE)
_REFRESH = re.compile(r"^\s*\d*\s*[;,]?\s*(?:url\s*=\s*)?['\"]?(?P<url>[^'\"\s]+)", re.IGNORECASE)

# schema.org types -> CSL types (only those that say more than "a web page").
SCHEMA_TYPES = {
    "blogposting": "post-weblog", "socialmediaposting": "post-weblog",
    "scholarlyarticle": "article-journal", "videoobject": "motion_picture", "report": "report",
    "thesis": "thesis", "presentationdigitaldocument": "speech",
}
PERSON_TYPES = frozenset({"person"})
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


def clean(value: Any, limit: int = MAX_VALUE) -> str:
    """A metadata value as plain one-line text: scripts/styles dropped, tags and entities removed, capped."""
    if isinstance(value, (list, tuple)):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name") or ""
    if not isinstance(value, (str, int, float)):
        return ""
    text = _SCRIPT_BLOCK.sub(" ", str(value)[: limit * 20])
    text = _CONTROL.sub("", strip_markup(text))
    return text if len(text) <= limit else ""


def parse_date(value: Any) -> dict[str, Any] | None:
    """CSL date-parts from ``2017-05-30T..``, ``2016/09/08``, ``2014``, ``May 30, 2017`` ...; else ``None``."""
    text = clean(value, 100)
    if not text:
        return None
    if re.match(r"^\d{4}(?:[-/.]\d{1,2}){0,2}(?:[T ].*)?$", text):
        return csl_date(text)
    for fmt in ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%A, %B %d, %Y", "%B %Y", "%b %Y"):
        try:
            parsed = datetime.strptime(text, fmt)
        except ValueError:
            continue
        parts = [parsed.year, parsed.month] + ([parsed.day] if "%d" in fmt else [])
        return {"date-parts": [parts]}
    return None


def person(value: Any, not_names: Iterable[str] = ()) -> dict[str, str] | None:
    """A CSL name for a person's name, or ``None`` for an organisation, a site name or junk."""
    text = clean(value, MAX_NAME)
    text = re.sub(r"^(?:by|posted by|written by)\s+", "", text, flags=re.IGNORECASE).strip(" ,;|")
    if not text or any(c.isdigit() for c in text) or re.search(r"[@<>{}=/\\]|https?:|www\.", text):
        return None
    folded = text.casefold()
    if folded in {squash(n).casefold() for n in not_names if n} or folded in _NOT_NAMES:
        return None
    if len(text.split()) > 6 or any(w.casefold().strip(".,") in _ORG_WORDS for w in text.split()):
        return None
    name = split_name(text)
    return None if "literal" in name else name


def looks_like_person(text: str) -> bool:
    """Two to four capitalised words (initials and lower-case particles allowed), none a common noun."""
    words = text.split()
    if not 2 <= len(words) <= 4:
        return False
    return all((_NAME_WORD.match(w) or w in _PARTICLE) and w.casefold() not in _NOT_NAMES for w in words) \
        and words[-1] not in _PARTICLE


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
    jsonld = list(_jsonld_nodes(tree))
    sites = _site_names(tree, heads, jsonld)
    candidates = [
        ("page:citation", _citation(heads)),
        ("page:json-ld", _schema(jsonld, url)),
        ("page:microdata", _schema(_extruct(html_text, url, "microdata"), url)),
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
        if _types(node) & {"website", "organization", "blog"}:
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


# -- JSON-LD and microdata --------------------------------------------------------------------------

def _jsonld_nodes(tree: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object of every ``application/ld+json`` block (a broken block is skipped alone)."""
    budget = MAX_JSONLD_NODES
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        body = (script.text or "").strip()
        if not body or len(body) > MAX_JSONLD_CHARS:
            continue
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack and budget > 0:
            node = stack.pop(0)
            budget -= 1
            if isinstance(node, list):
                stack.extend(node)
            elif isinstance(node, dict):
                yield node
                stack.extend(v for k, v in node.items() if k == "@graph")


def _extruct(html_text: str, url: str, syntax: str) -> list[dict[str, Any]]:
    import extruct

    try:
        found = extruct.extract(html_text, base_url=url, syntaxes=[syntax], uniform=True, errors="strict")
    except Exception:  # extruct lets any parser error through; a broken block is simply unused
        return []
    return [node for node in found.get(syntax, []) if isinstance(node, dict)]


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).rsplit("/", 1)[-1].lower() for k in kinds if isinstance(k, str)}


def _main_node(nodes: list[dict[str, Any]], url: str) -> dict[str, Any] | None:
    """The node describing the page itself: a creative work, not the site or the organisation."""
    works = [n for n in nodes if _types(n) - {"website", "organization", "person", "imageobject",
                                             "breadcrumblist", "searchaction", "listitem", "webpage"}]
    works = works or [n for n in nodes if "webpage" in _types(n)]
    return works[0] if works else None


def _schema(nodes: list[dict[str, Any]], url: str) -> dict[str, Any]:
    node = _main_node(nodes, url)
    if node is None:
        return {}
    by_id = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}

    def deref(value: Any) -> Any:
        if isinstance(value, dict) and set(value) == {"@id"}:
            return by_id.get(value["@id"], value)
        return value

    authors = []
    raw_authors = node.get("author") or node.get("creator") or []
    for author in raw_authors if isinstance(raw_authors, list) else [raw_authors]:
        author = deref(author)
        if isinstance(author, dict):
            if not _types(author) or _types(author) & PERSON_TYPES:
                authors.append(author.get("name"))
        elif isinstance(author, str):
            authors.append(author)
    publisher = deref(node.get("publisher"))
    part_of = deref(node.get("isPartOf"))
    kinds = _types(node)
    csl_type = next((SCHEMA_TYPES[k] for k in kinds if k in SCHEMA_TYPES), None)
    return {
        "title": clean(node.get("headline") or node.get("name")),
        "author": authors[:MAX_AUTHORS],
        "issued": parse_date(node.get("datePublished") or node.get("uploadDate") or node.get("dateCreated")),
        "container-title": clean(part_of.get("name")) if isinstance(part_of, dict) and
        not {"webpage"} & _types(part_of) else "",
        "publisher": clean(publisher.get("name")) if isinstance(publisher, dict) and
        not _types(publisher) & PERSON_TYPES else "",
        "language": clean(node.get("inLanguage"), 20),
        "type": csl_type,
    }


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
    main = _main_node(jsonld, url)
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
