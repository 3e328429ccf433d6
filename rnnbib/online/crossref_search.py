"""Crossref bibliographic search: ``GET /works?query.bibliographic=...&rows=N`` -> candidate records.

Crossref always answers with its best-scoring works, look-alikes included: deciding whether a
candidate is the work asked about is the caller's job (:mod:`rnnbib.verify`).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import ServiceError
from .config import ResolveConfig
from .crossref import parse_work_list, work_to_record
from .http import HttpClient
from .record import Record

ROWS = 5


class CrossrefSearch:
    """Bibliographic search through the run's :class:`HttpClient` (cache, pacing, retries)."""

    def __init__(self, http: HttpClient, config: ResolveConfig, rows: int = ROWS) -> None:
        self.http = http
        self.config = config
        self.rows = rows

    def search(self, title: str, authors: Sequence[str] = (), year: int | None = None) -> list[Record]:
        """Up to ``rows`` candidate records for a title (+ author family names, year), best first.

        Raises :class:`~rnnbib.errors.ServiceError` when Crossref cannot answer.
        """
        query = " ".join([title, *authors[:3], str(year or "")]).strip()
        params = {"query.bibliographic": query, "rows": str(self.rows)}
        if self.config.mailto:
            params["mailto"] = self.config.mailto
        fetched = self.http.get("crossref", f"{self.config.url('crossref')}/works", params=params,
                                headers={"Accept": "application/json"})
        if fetched.status != 200:
            raise ServiceError(f"Crossref search answered HTTP {fetched.status}", fetched.url,
                               kind=f"http-{fetched.status}")
        try:
            items = parse_work_list(fetched.json())
        except (ValueError, ServiceError) as exc:
            self.http.discard(fetched)
            raise ServiceError(f"unexpected Crossref search answer: {exc}", fetched.url, kind="malformed") \
                from None
        return [work_to_record(item) for item in items]
