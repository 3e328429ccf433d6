"""Semantic Scholar Graph API: papers by id in batches of up to 500, and title matches.

:func:`parse_paper`, :func:`parse_batch` and :func:`parse_match` are pure functions over the
JSON bodies; :class:`SemanticScholarClient` sends the requests through the run's
:class:`~rnnbib.online.http.HttpClient` (cache, pacing, retries, circuit breaker; the
``x-api-key`` header is added below the cache and never logged).

Ids are S2's prefixed forms: ``ARXIV:1409.0473``, ``DOI:10.1145/...``, ``ACL:D14-1179``,
``URL:https://proceedings.mlr.press/...``, ``DBLP:conf/...``, ``CorpusId:...`` or a paper id.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NoReturn

from ..errors import ServiceError
from .http import Fetched, HttpClient
from .text import squash

__all__ = ["BATCH_LIMIT", "FIELDS", "S2Paper", "SemanticScholarClient", "parse_batch", "parse_match",
           "parse_paper"]

BATCH_LIMIT = 500
"""Most ids the batch endpoint takes in one request."""
FIELDS = ("paperId,externalIds,title,authors,year,venue,publicationVenue,publicationTypes,"
          "publicationDate,journal,url")
"""The fields asked for: identity, authors, venue and journal data (no citation counts, no abstract)."""


@dataclass(frozen=True)
class S2Paper:
    """One paper as Semantic Scholar describes it."""

    paper_id: str
    title: str
    authors: tuple[str, ...] = ()
    """Display names, in order (``"Dzmitry Bahdanau"``)."""
    year: int | None = None
    """Often the preprint's year, not the venue's: never the published year on its own."""
    venue: str = ""
    """S2's venue string (``"International Conference on Learning Representations"``, ``"arXiv.org"``)."""
    venue_type: str = ""
    """``publicationVenue.type``: ``conference``, ``journal`` or empty."""
    publication_types: tuple[str, ...] = ()
    """``JournalArticle``, ``Conference``, ``Review`` ... (an arXiv-only paper is a "JournalArticle")."""
    publication_date: str = ""
    journal: str = ""
    """``journal.name`` (``"ArXiv"`` for a preprint)."""
    volume: str = ""
    pages: str = ""
    external_ids: Mapping[str, str] = field(default_factory=dict)
    """``ArXiv``, ``DOI``, ``DBLP``, ``ACL``, ``MAG``, ``CorpusId`` ... (all as strings)."""
    url: str = ""
    match_score: float | None = None
    """Only in title-match answers."""

    @property
    def arxiv_id(self) -> str:
        """The linked arXiv id, or ``""``."""
        return self.external_ids.get("ArXiv", "")

    @property
    def doi(self) -> str:
        """The DOI S2 knows (may be the arXiv DOI ``10.48550/arXiv...``), or ``""``."""
        return self.external_ids.get("DOI", "")

    @property
    def dblp_key(self) -> str:
        """The DBLP record key (``conf/iclr/...``, ``journals/corr/...``), or ``""``."""
        return self.external_ids.get("DBLP", "")

    @property
    def acl_id(self) -> str:
        """The ACL Anthology id, or ``""``."""
        return self.external_ids.get("ACL", "")

    @property
    def is_preprint_only(self) -> bool:
        """True when S2 places the paper on arXiv only (journal "ArXiv" or venue arXiv/CoRR, no other)."""
        venue = self.venue.lower().rstrip(".")
        journal = self.journal.lower()
        return venue in ("", "arxiv", "arxiv.org", "corr") and journal in ("", "arxiv", "corr")


def _text(value: Any) -> str:
    return squash(value) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else ""


def _object(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def parse_paper(data: Any) -> S2Paper:
    """One paper object; ``ValueError`` when it has no ``paperId``."""
    if not isinstance(data, dict) or not isinstance(data.get("paperId"), str) or not data["paperId"]:
        raise ValueError("not a Semantic Scholar paper (no paperId)")
    authors = tuple(_text(a.get("name")) for a in data.get("authors") or []
                    if isinstance(a, dict) and _text(a.get("name")))
    ids, journal, venue = _object(data, "externalIds"), _object(data, "journal"), _object(data, "publicationVenue")
    year = data.get("year")
    types: list[Any] = data["publicationTypes"] if isinstance(data.get("publicationTypes"), list) else []
    score = data.get("matchScore")
    return S2Paper(
        paper_id=data["paperId"],
        title=_text(data.get("title")),
        authors=authors,
        year=year if isinstance(year, int) and not isinstance(year, bool) else None,
        venue=_text(data.get("venue")) or _text(venue.get("name")),
        venue_type=_text(venue.get("type")).lower(),
        publication_types=tuple(_text(t) for t in types if _text(t)),
        publication_date=_text(data.get("publicationDate")),
        journal=_text(journal.get("name")),
        volume=_text(journal.get("volume")),
        pages=_text(journal.get("pages")),
        external_ids={str(k): _text(v) for k, v in ids.items() if _text(v)},
        url=_text(data.get("url")),
        match_score=float(score) if isinstance(score, (int, float)) and not isinstance(score, bool) else None,
    )


def parse_batch(data: Any, count: int | None = None) -> list[S2Paper | None]:
    """A batch answer: one slot per requested id, ``None`` for unknown ids (``ValueError`` otherwise)."""
    if not isinstance(data, list):
        raise ValueError("a batch answer is a JSON array")
    if count is not None and len(data) != count:
        raise ValueError(f"{len(data)} slots for {count} ids")
    return [None if slot is None else parse_paper(slot) for slot in data]


def parse_match(data: Any) -> S2Paper | None:
    """A ``search/match`` answer: the best match, or ``None`` (``{"error": "Title match not found"}``)."""
    if isinstance(data, dict) and "error" in data and "data" not in data:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("data"), list):
        raise ValueError("a title-match answer is an object with a data array")
    return parse_paper(data["data"][0]) if data["data"] else None


class SemanticScholarClient:
    """Papers by id (:meth:`batch`) and by title (:meth:`match`); failures raise :class:`ServiceError`."""

    def __init__(self, http: HttpClient, base_url: str, batch_size: int = BATCH_LIMIT) -> None:
        self.http = http
        self.base_url = base_url.rstrip("/")
        self.batch_size = max(1, min(batch_size, BATCH_LIMIT))

    def batch(self, ids: Sequence[str]) -> dict[str, S2Paper | None]:
        """Look ``ids`` up, ``batch_size`` a request; every id maps to its paper or ``None`` (unknown).

        Ids are de-duplicated and sorted, so the same set of ids is the same cached request.
        """
        unique = sorted(dict.fromkeys(i for i in ids if i))
        found: dict[str, S2Paper | None] = {}
        for start in range(0, len(unique), self.batch_size):
            chunk = unique[start:start + self.batch_size]
            fetched = self.http.post("s2", f"{self.base_url}/graph/v1/paper/batch", params={"fields": FIELDS},
                                     json_body={"ids": chunk})
            data = self._json(fetched, allow_404=False)
            try:
                found.update(zip(chunk, parse_batch(data, len(chunk)), strict=True))
            except ValueError as exc:
                self._malformed(fetched, exc)
        return found

    def match(self, title: str) -> S2Paper | None:
        """The paper whose title best matches ``title``, or ``None``; the caller judges the match."""
        query = squash(title)
        if not query:
            return None
        fetched = self.http.get("s2", f"{self.base_url}/graph/v1/paper/search/match",
                                params={"query": query, "fields": FIELDS})
        data = self._json(fetched, allow_404=True)
        try:
            return parse_match(data)
        except ValueError as exc:
            self._malformed(fetched, exc)

    def _json(self, fetched: Fetched, allow_404: bool) -> Any:
        if fetched.status == 404 and allow_404:
            return {"error": "not found"}
        if fetched.status != 200:
            message = _error_message(fetched)
            raise ServiceError(f"Semantic Scholar answered HTTP {fetched.status}{message}", fetched.url,
                               kind=f"http-{fetched.status}")
        return fetched.json()

    def _malformed(self, fetched: Fetched, exc: Exception) -> NoReturn:
        self.http.discard(fetched)
        raise ServiceError(f"unexpected Semantic Scholar answer: {exc}", fetched.url, kind="malformed") from None


def _error_message(fetched: Fetched) -> str:
    try:
        data = json.loads(fetched.content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return ""
    error = data.get("error") if isinstance(data, dict) else None
    return f" ({squash(error)[:200]})" if isinstance(error, str) else ""
