"""The online services, listed once: URL, environment variable, pacing, cache lifetime, resolver.

Every HTTP request names its service (``http.get("crossref", url)``); this table says how the
HTTP layer treats it.  A service with a ``resolver`` is also a resolution stage: the pipeline
loads that class (see :class:`rnnbib.online.stage.Resolver`) and runs the stages in table order.
Services without one are endpoints another stage calls (Crossref, DataCite and doi.org's
agency look-up are all asked by the ``doi`` stage).

Adding a service: write its module (parsing + a ``Resolver``) and add one :class:`ServiceSpec`
row here; ``RNNBIB_<NAME>_URL`` and ``RNNBIB_<NAME>_DELAY`` then work without further code.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .stage import Resolver

DAY = 86400.0
NEVER_CACHED = 0.0
"""An ``expiry`` that keeps a service's answers out of the cache."""


@dataclass(frozen=True)
class ServiceSpec:
    """One online service as the HTTP layer and the pipeline see it."""

    name: str
    """Short name used in requests, options (``<name>_url``) and environment variables."""
    label: str
    """The name shown to people (warnings, progress bars)."""
    url: str
    """Default base URL; ``""`` when the service uses the URL of ``url_of``."""
    expiry: float
    """Cache policy: seconds an answer stays fresh (:data:`NEVER_CACHED`: not stored)."""
    interval: float = 0.0
    """Seconds between two network requests (cache hits never wait)."""
    polite_interval: float | None = None
    """The interval when the user gave a ``mailto`` (a polite pool), if different."""
    adaptive: bool = False
    """Slow down to what ``X-Rate-Limit-Limit`` / ``X-Rate-Limit-Interval`` headers say."""
    url_of: str = ""
    """Another service whose base URL this one shares (doi.org's ``/ra/`` look-up)."""
    resolver: str = ""
    """``module:Class`` of the resolution stage this service runs, ``""`` for an endpoint only."""
    per_host: bool = False
    """Asked at any host (web pages): paced and given up on per host (``host:<name>``), not as one service."""

    @property
    def url_env(self) -> str:
        """The environment variable overriding :attr:`url`."""
        return f"RNNBIB_{self.name.upper()}_URL"

    @property
    def delay_env(self) -> str:
        """The environment variable overriding :attr:`interval`."""
        return f"RNNBIB_{self.name.upper()}_DELAY"


# Published limits: arXiv one request every 3 s on one connection; Crossref's public pool 5
# requests/s and its polite pool (with a mailto) 10/s; DataCite 1000 per 5 minutes; GitHub is
# limited per hour, which the HTTP layer reads from its headers.
SERVICES: tuple[ServiceSpec, ...] = (
    ServiceSpec("arxiv", "arXiv", "https://export.arxiv.org/api/query", 1 * DAY, interval=3.0,
                resolver="rnnbib.online.arxiv:ArxivResolver"),
    # Semantic Scholar's shared pool (no key) allows about 1 request/s; dblp asks for 1 s or more between
    # requests.  An S2 batch also says "not published yet": rechecked after a week; dblp is asked only
    # about works found published, kept 90 days.
    ServiceSpec("s2", "Semantic Scholar", "https://api.semanticscholar.org", 7 * DAY, interval=1.0,
                resolver="rnnbib.online.published:CanonicalResolver"),
    ServiceSpec("dblp", "DBLP", "https://dblp.org", 90 * DAY, interval=1.0),
    ServiceSpec("doi", "doi.org", "https://doi.org", 90 * DAY, interval=0.2, polite_interval=0.1,
                adaptive=True, resolver="rnnbib.online.doi:DoiResolver"),
    ServiceSpec("ra", "doi.org", "", 365 * DAY, interval=0.2, polite_interval=0.1, adaptive=True,
                url_of="doi"),
    ServiceSpec("crossref", "Crossref", "https://api.crossref.org", 90 * DAY, interval=0.2,
                polite_interval=0.1, adaptive=True),
    ServiceSpec("datacite", "DataCite", "https://api.datacite.org", 30 * DAY, interval=0.3),
    ServiceSpec("github", "GitHub", "https://api.github.com", 7 * DAY,
                resolver="rnnbib.online.github:GitHubResolver"),
    # Web pages and their hosts' robots.txt: one request per second per host (Crawl-delay can ask for more).
    ServiceSpec("page", "web pages", "", 30 * DAY, interval=1.0, per_host=True,
                resolver="rnnbib.online.page_stage:PageResolver"),
    ServiceSpec("youtube", "YouTube oEmbed", "https://www.youtube.com", 30 * DAY),
    ServiceSpec("vimeo", "Vimeo oEmbed", "https://vimeo.com", 30 * DAY),
    ServiceSpec("wayback", "Wayback Machine", "https://archive.org", 30 * DAY),
)



def spec(name: str) -> ServiceSpec:
    """The row of ``name``; an unknown name gets a row with no pacing that is never cached."""
    return next((s for s in SERVICES if s.name == name), None) or ServiceSpec(name, name, "", NEVER_CACHED)


def with_urls() -> list[ServiceSpec]:
    """Services that have a base URL of their own (each has a ``<name>_url`` option)."""
    return [s for s in SERVICES if s.url]


def resolvers() -> list[Resolver]:
    """A fresh resolver of every stage, in resolution order."""
    stages: list[Resolver] = []
    for service in SERVICES:
        if service.resolver:
            module, _, name = service.resolver.partition(":")
            stages.append(getattr(importlib.import_module(module), name)())
    return stages
