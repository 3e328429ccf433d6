"""DBLP: publication search (``/search/publ/api``) and venue records (``/rec/{key}.bib``).

:func:`parse_search` reads both the JSON and the XML flavour of a search answer (dblp's JSON
gives every number as a string, and one author -- or one hit -- as an object instead of a list);
:func:`parse_record` reads a ``.bib`` record into CSL.  :class:`DblpClient` sends the requests
through the run's :class:`~rnnbib.online.http.HttpClient` (cache, pacing, ``Retry-After``,
circuit breaker).

A CoRR record (venue ``CoRR``, type "Informal and Other Publications") is arXiv's copy, not a
publication: :attr:`DblpHit.is_informal` says so by venue and type, never by key -- dblp files
ICLR 2013-2016 papers under ``journals/corr/...`` keys with venue ICLR.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NoReturn
from urllib.parse import quote
from xml.etree.ElementTree import Element, ParseError

import bibtexparser
import defusedxml.ElementTree as SafeET
from bibtexparser.model import Entry
from defusedxml import DefusedXmlException

from ..errors import ServiceError
from .http import Fetched, HttpClient
from .text import squash

__all__ = ["DblpClient", "DblpHit", "DblpRecord", "parse_record", "parse_search", "search_query"]

# dblp's homonym suffix: "Xiaopeng Zhang 0009".
_HOMONYM = re.compile(r"\s+\d{4}$")
_KEY = re.compile(r"^[a-z]+(?:/[A-Za-z0-9_\-.]+)+$")
_QUERY_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
INFORMAL_TYPES = ("informal publications", "informal and other publications")
SEARCH_HITS = 10
"""Hits asked for per search (a title search rarely needs more)."""


@dataclass(frozen=True)
class DblpHit:
    """One search hit (``info`` of a ``hit``)."""

    key: str
    """The record key: ``conf/iclr/...``, ``journals/corr/BahdanauCB14`` ..."""
    title: str
    """Without dblp's trailing full stop."""
    authors: tuple[str, ...] = ()
    """Names without dblp's homonym numbers."""
    venue: str = ""
    """Short venue (``ICLR``, ``NeurIPS``, ``CoRR``, ``Trans. Assoc. Comput. Linguistics``)."""
    year: int | None = None
    type: str = ""
    """``Conference and Workshop Papers``, ``Journal Articles``, ``Informal and Other Publications`` ..."""
    volume: str = ""
    number: str = ""
    pages: str = ""
    doi: str = ""
    ee: tuple[str, ...] = ()
    """Electronic editions: DOI links, arXiv links, proceedings pages."""
    url: str = ""

    @property
    def is_informal(self) -> bool:
        """A CoRR (arXiv) record or another informal publication: never a published version."""
        return self.venue.strip().lower() == "corr" or self.type.strip().lower() in INFORMAL_TYPES

    @property
    def is_workshop(self) -> bool:
        """A workshop paper (by venue name); not an upgrade of the main conference."""
        return bool(re.search(r"(?i)\bworkshops?\b", self.venue))


@dataclass
class DblpRecord:
    """A ``/rec/{key}.bib`` record."""

    key: str
    entry_type: str
    fields: dict[str, str] = field(default_factory=dict)
    """Raw BibTeX fields, lower-case names (``booktitle``, ``journal``, ``publisher``, ``eprint`` ...)."""
    csl: dict[str, Any] = field(default_factory=dict)
    """The record as CSL (type, title, author, editor, container-title, volume, page, DOI, issued ...)."""

    @property
    def is_informal(self) -> bool:
        """A CoRR record (``journal = {CoRR}``): arXiv's copy, not a publication."""
        return self.fields.get("journal", "").strip().strip("{}").lower() == "corr"


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _text(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("text", "")
    return squash(value) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else ""


def _year(text: str) -> int | None:
    return int(text) if text.isdigit() and len(text) == 4 else None


def _key_from_url(url: str) -> str:
    match = re.search(r"/rec/(?:bib\d?/|xml/)?(.+?)(?:\.(?:bib|xml|html))?$", url)
    return match.group(1) if match else ""


def _hit(info: dict[str, Any]) -> DblpHit | None:
    url = _text(info.get("url"))
    key = _text(info.get("key")) or _key_from_url(url)
    title = _text(info.get("title")).rstrip(".")
    if not key or not title:
        return None
    authors = info.get("authors")
    people = _as_list(authors.get("author")) if isinstance(authors, dict) else []
    return DblpHit(
        key=key, title=title,
        authors=tuple(_HOMONYM.sub("", _text(a)) for a in people if _text(a)),
        venue=", ".join(_text(v) for v in _as_list(info.get("venue")) if _text(v)),
        year=_year(_text(info.get("year"))),
        type=_text(info.get("type")),
        volume=_text(info.get("volume")), number=_text(info.get("number")), pages=_text(info.get("pages")),
        doi=_text(info.get("doi")),
        ee=tuple(_text(e) for e in _as_list(info.get("ee")) if _text(e)),
        url=url,
    )


def _search_json(data: Any) -> list[DblpHit]:
    result = data.get("result") if isinstance(data, dict) else None
    if not isinstance(result, dict) or not isinstance(result.get("hits"), dict):
        raise ValueError("not a dblp search answer (no result.hits)")
    hits = [_hit(h["info"]) for h in _as_list(result["hits"].get("hit"))
            if isinstance(h, dict) and isinstance(h.get("info"), dict)]
    return [h for h in hits if h is not None]


def _element_info(node: Element) -> dict[str, Any]:
    info: dict[str, Any] = {}
    for child in node:
        if child.tag == "authors":
            info["authors"] = {"author": [squash("".join(a.itertext())) for a in child.findall("author")]}
        else:
            text = squash("".join(child.itertext()))
            info[child.tag] = [*_as_list(info[child.tag]), text] if child.tag in info else text
    return info


def _search_xml(content: bytes) -> list[DblpHit]:
    try:
        root = SafeET.fromstring(content, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise ValueError(f"refused unsafe XML ({type(exc).__name__})") from None
    except ParseError as exc:
        raise ValueError(f"not XML: {exc}") from None
    if root.tag != "result" or root.find("hits") is None:
        raise ValueError("not a dblp search answer (no <result><hits>)")
    hits = [_hit(_element_info(info)) for info in root.iterfind("hits/hit/info")]
    return [h for h in hits if h is not None]


def parse_search(content: bytes) -> list[DblpHit]:
    """The hits of a search answer, JSON or XML; ``ValueError`` if it is neither."""
    text = content.lstrip()
    if text.startswith(b"<"):
        return _search_xml(text)
    try:
        data = json.loads(text.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ValueError(f"not JSON: {exc}") from None
    return _search_json(data)


def parse_record(text: str, key: str = "") -> DblpRecord:
    """A ``.bib`` record (the entry keyed ``DBLP:{key}``, else the first); ``ValueError`` if none."""
    from ..readers.bibtex import entry_to_csl

    entries: Iterable[Entry] = bibtexparser.parse_string(text).entries
    chosen = None
    for entry in entries:
        if chosen is None or entry.key == f"DBLP:{key}":
            chosen = entry
    if chosen is None:
        raise ValueError("no BibTeX entry in the dblp record")
    fields = {f.key.lower(): f.value if isinstance(f.value, str) else str(f.value) for f in chosen.fields}
    csl, _ = entry_to_csl(chosen.entry_type, fields)
    record_key = chosen.key[len("DBLP:"):] if chosen.key.startswith("DBLP:") else (key or chosen.key)
    return DblpRecord(record_key, chosen.entry_type.lower(), fields, csl)


def search_query(title: str) -> str:
    """A dblp query for a title: its words only, accents folded (dblp treats punctuation as operators)."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", title) if not unicodedata.combining(c))
    return " ".join(_QUERY_WORD.findall(folded.lower()))


class DblpClient:
    """Search (:meth:`search`) and records (:meth:`record`); failures raise :class:`ServiceError`."""

    def __init__(self, http: HttpClient, base_url: str) -> None:
        self.http = http
        self.base_url = base_url.rstrip("/")

    def search(self, query: str, hits: int = SEARCH_HITS) -> list[DblpHit]:
        """Hits for ``query`` (pass :func:`search_query` of a title); ``[]`` when nothing matches."""
        words = squash(query)
        if not words:
            return []
        fetched = self.http.get("dblp", f"{self.base_url}/search/publ/api",
                                params={"q": words, "format": "json", "h": str(hits)})
        self._check(fetched)
        try:
            return parse_search(fetched.content)
        except ValueError as exc:
            self._malformed(fetched, exc)

    def record(self, key: str) -> DblpRecord | None:
        """The ``.bib`` record of ``key`` (``conf/iclr/...``); ``None`` when dblp has no such record."""
        if not _KEY.match(key):
            raise ServiceError(f"not a dblp key: {key!r}", self.base_url, kind="bad-id")
        fetched = self.http.get("dblp", f"{self.base_url}/rec/{quote(key, safe='/')}.bib")
        if fetched.status in (404, 410):
            return None
        self._check(fetched)
        try:
            return parse_record(fetched.content.decode("utf-8", "replace"), key)
        except ValueError as exc:
            self._malformed(fetched, exc)

    def _check(self, fetched: Fetched) -> None:
        if fetched.status != 200:
            raise ServiceError(f"DBLP answered HTTP {fetched.status}", fetched.url, kind=f"http-{fetched.status}")

    def _malformed(self, fetched: Fetched, exc: Exception) -> NoReturn:
        self.http.discard(fetched)
        raise ServiceError(f"unexpected DBLP answer: {exc}", fetched.url, kind="malformed") from None
