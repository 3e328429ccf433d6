"""DOIs: route by registration agency, then Crossref REST, DataCite REST or doi.org negotiation.

``/ra/{prefix}`` answers once per prefix (cached on disk and in memory).  arXiv's own DOIs
(``10.48550/arXiv.ID``) are not looked up here: the arXiv stage takes them as arXiv ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from ..errors import ServiceError
from ..model import Identifier, Work
from .config import ResolveConfig
from .crossref import TYPES as CROSSREF_TYPES
from .crossref import parse_work, work_to_record
from .datacite import attributes_to_record, parse_doi
from .http import Fetched, HttpClient
from .published import finish_doi, published_doi_wanted
from .record import Lookup, Record
from .stage import Plan, Run, resolve_each
from .text import squash, strip_markup

CSL_JSON = "application/vnd.citationstyles.csl+json"
CSL_VARIABLES = frozenset({
    "type", "title", "author", "editor", "issued", "container-title", "container-title-short",
    "collection-title", "volume", "issue", "page", "number", "publisher", "publisher-place", "DOI", "URL",
    "ISSN", "ISBN", "abstract", "event-title", "version", "genre", "language", "edition",
})


def parse_agency(rows: Any) -> str | None:
    """The agency in a ``/ra/{prefix}`` answer, lower case; ``None`` for "DOI does not exist"."""
    if isinstance(rows, list) and rows and isinstance(rows[0], dict) and rows[0].get("RA"):
        return squash(rows[0]["RA"]).lower()
    return None


def csl_from_negotiation(data: Any) -> Record:
    """A CSL-JSON answer of doi.org content negotiation, trimmed to CSL variables, markup stripped."""
    if not isinstance(data, dict):
        raise ValueError("CSL-JSON answer is not an object")
    csl = {k: v for k, v in data.items() if k in CSL_VARIABLES and v not in (None, "", [])}
    for key in ("title", "container-title", "collection-title", "abstract", "event-title"):
        value = csl.get(key)
        if isinstance(value, list):
            value = value[0] if value else ""
        if key in csl:
            csl[key] = strip_markup(value)
    for key in ("ISSN", "ISBN"):
        if isinstance(csl.get(key), list):
            csl[key] = squash(csl[key][0]) if csl[key] else ""
    for role in ("author", "editor"):
        if role in csl:
            csl[role] = [_name(p) for p in csl[role] if isinstance(p, dict) and _name(p)]
    if not csl.get("title"):
        raise ValueError("CSL-JSON answer without a title")
    # Crossref's negotiation sends its own type names (journal-article) where CSL has others.
    csl["type"] = CROSSREF_TYPES.get(str(csl.get("type")), str(csl.get("type") or "document"))
    return Record("doi.org", {k: v for k, v in csl.items() if v not in (None, "", [])})


class DoiClient:
    """DOI lookups; one request per DOI plus one per new prefix."""

    def __init__(self, http: HttpClient, config: ResolveConfig) -> None:
        self.http = http
        self.config = config
        self._agencies: dict[str, str | None] = {}

    def agency(self, prefix: str) -> str | None:
        """The registration agency of a prefix, lower case (``crossref``, ``datacite``, ``medra`` ...)."""
        if prefix not in self._agencies:
            fetched = self.http.get("ra", f"{self.config.url('ra')}/ra/{quote(prefix, safe='')}")
            agency: str | None = None
            if fetched.status == 200:
                agency = parse_agency(self._json(fetched))
            elif fetched.status not in (400, 404):
                raise ServiceError(f"HTTP {fetched.status}", fetched.url, kind=f"http-{fetched.status}")
            self._agencies[prefix] = agency
        return self._agencies[prefix]

    def lookup(self, doi: str) -> Lookup:
        """Resolve one DOI through its agency's service."""
        prefix = doi.split("/", 1)[0]
        try:
            agency = self.agency(prefix)
            if agency is None:
                return Lookup.not_found(f"doi.org knows no registration agency for {doi}")
            if agency == "crossref":
                return self._crossref(doi)
            if agency == "datacite":
                return self._datacite(doi)
            return self._negotiate(doi)
        except ServiceError as exc:
            return Lookup.from_error(exc)

    def _crossref(self, doi: str) -> Lookup:
        params = {"mailto": self.config.mailto} if self.config.mailto else None
        fetched = self.http.get("crossref", f"{self.config.url('crossref')}/works/{_path(doi)}", params=params,
                                headers={"Accept": "application/json"})
        return self._judge(fetched, doi, "Crossref", lambda data: work_to_record(parse_work(data)))

    def _datacite(self, doi: str) -> Lookup:
        fetched = self.http.get("datacite", f"{self.config.url('datacite')}/dois/{_path(doi)}",
                                headers={"Accept": "application/vnd.api+json"})
        return self._judge(fetched, doi, "DataCite", lambda data: attributes_to_record(parse_doi(data)))

    def _negotiate(self, doi: str) -> Lookup:
        fetched = self.http.get("doi", f"{self.config.url('doi')}/{_path(doi)}", headers={"Accept": CSL_JSON})
        return self._judge(fetched, doi, "doi.org", csl_from_negotiation)

    def _judge(self, fetched: Fetched, doi: str, service: str, convert: Any) -> Lookup:
        """:func:`lookup_from_response`; an unusable body is dropped from the cache."""
        try:
            return lookup_from_response(fetched, doi, service, convert)
        except ServiceError:
            self.http.discard(fetched)
            raise

    def _json(self, fetched: Fetched) -> Any:
        try:
            return fetched.json()
        except ServiceError:
            self.http.discard(fetched)
            raise


NAME_PARTS = ("family", "given", "literal", "suffix", "non-dropping-particle", "dropping-particle")


def _name(person: dict[str, Any]) -> dict[str, str]:
    return {k: squash(person[k]) for k in NAME_PARTS if isinstance(person.get(k), str) and person[k].strip()}


def _path(doi: str) -> str:
    return quote(doi, safe="/")


def lookup_from_response(fetched: Fetched, doi: str, service: str, convert: Any) -> Lookup:
    """Judge a service's answer: 404/410 not found, other non-200 failed, else ``convert(json)``.

    A body that is not JSON, or JSON ``convert`` rejects, raises a ``malformed`` :class:`ServiceError`.
    """
    if fetched.status in (404, 410):
        return Lookup.not_found(f"{service} does not know {doi}")
    if fetched.status != 200:
        return Lookup("failed", kind=f"http-{fetched.status}",
                      message=f"{service} answered HTTP {fetched.status}")
    data = fetched.json()
    try:
        record: Record = convert(data)
    except (ValueError, TypeError, KeyError) as exc:
        raise ServiceError(f"unexpected {service} answer: {exc}", fetched.url, kind="malformed") from None
    return Lookup.ok(record)


class DoiResolver:
    """The DOI stage: works no earlier stage looked up, and the published versions the S2 stage found."""

    name = "doi"

    def plan(self, works: Sequence[Work], run: Run) -> Plan:
        """Unclaimed works with a DOI first, then the published DOIs of resolved preprints."""
        plan = Plan()
        for work in works:
            doi = work.first_id("doi")
            if doi is not None and not run.claimed(work):
                plan.add(doi.value, work)
        for work in works:
            published = published_doi_wanted(work)
            if published:
                plan.add(published, work, "published")
        return plan

    def resolve(self, plan: Plan, run: Run) -> None:
        """One lookup per DOI through its agency's service."""
        if not plan:
            return
        client = DoiClient(run.http, run.config)

        def apply(work: Work, role: str, doi: str, lookup: Lookup) -> None:
            service = lookup.record.source if lookup.record else "doi"
            published = role == "published"
            run.record(work, lookup, service, stage=self.name, primary=not published,
                       replace_preprint=published)
            if published:
                finish_doi(work, doi, lookup.status == "resolved", lookup.message)
            if lookup.status == "resolved" and published:
                work.add_identifier(Identifier("doi", doi))

        resolve_each(plan, run, "DOI", client.lookup, apply)

