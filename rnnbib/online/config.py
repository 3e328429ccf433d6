"""Resolution settings: one :class:`ResolveConfig`, from API options and environment variables.

Explicit options win over the environment, the environment over the defaults::

    RNNBIB_CACHE_DIR      cache directory (default: the platform's user cache dir + /rnnbib)
    RNNBIB_OFFLINE=1      answer from the cache only, never the network
    RNNBIB_MAILTO         contact address for the User-Agent and Crossref's polite pool
    RNNBIB_<NAME>_URL     base URL of a service (:data:`~rnnbib.online.services.SERVICES`):
                          ARXIV https://export.arxiv.org/api/query (the full query endpoint),
                          CROSSREF https://api.crossref.org (+ /works/{doi}),
                          DATACITE https://api.datacite.org (+ /dois/{doi}),
                          DOI https://doi.org (+ /ra/{prefix}, /{doi}),
                          GITHUB https://api.github.com (+ /repos/{owner}/{repo})
    RNNBIB_<NAME>_DELAY   seconds between two requests to a service (RNNBIB_ARXIV_DELAY: default 3,
                          arXiv's terms of use)
    RNNBIB_PAGES=0        do not read web pages, videos and archived copies (``pages=False``)
    RNNBIB_TIMEOUT        seconds: ``READ`` or ``CONNECT,READ`` (default 10,60)
    RNNBIB_RETRIES        retries of a failed request (default 3)
    RNNBIB_BACKOFF        first retry delay in seconds, doubled on each retry (default 1)
    GITHUB_TOKEN          GitHub token (5000 requests/h instead of 60); never logged or cached
    S2_API_KEY            Semantic Scholar API key, sent as ``x-api-key``; never logged or cached
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import UsageError
from . import services

GITHUB_MODES = ("software", "all", "none")


def resolve_env_vars() -> tuple[str, ...]:
    """Every environment variable that steers resolution."""
    return ("RNNBIB_CACHE_DIR", "RNNBIB_OFFLINE", "RNNBIB_MAILTO",
            *(s.url_env for s in services.with_urls()), *(s.delay_env for s in services.SERVICES),
            "RNNBIB_TIMEOUT", "RNNBIB_RETRIES", "RNNBIB_BACKOFF", "GITHUB_TOKEN", "S2_API_KEY", "RNNBIB_PAGES")
TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")


@dataclass
class ResolveConfig:
    """Every setting of a resolution run (see the module docstring for the environment variables)."""

    offline: bool = False
    """Answer from the cache only; a work not in the cache keeps its list data (status ``offline``)."""
    refresh: bool = False
    """Bypass the cache: ask the services again and store the new answers."""
    mailto: str | None = None
    """Contact address: in the User-Agent and as Crossref's ``mailto`` (polite pool)."""
    cache_dir: Path | None = None
    """Where the SQLite cache lives; ``None`` = the user cache directory."""
    urls: dict[str, str] = field(default_factory=dict)
    """Base URL per service, over the defaults in :data:`~rnnbib.online.services.SERVICES`
    (options ``<name>_url``)."""
    delays: dict[str, float] = field(default_factory=dict)
    """Seconds between two network requests per service, set by the user (options ``<name>_delay``);
    the others follow their :class:`~rnnbib.online.services.ServiceSpec` (polite pool with a mailto)."""
    arxiv_batch: int = 500
    """Most ids in one arXiv request."""
    github: str = "software"
    """``software``: repos that are the work itself; ``all``: also papers' code links; ``none``."""
    github_token: str | None = None
    citation_cff: bool | None = None
    """Fetch CITATION.cff of software repos; ``None`` = only with a token (it costs a request per repo)."""
    keep_preprints: bool = False
    """Cite preprints as preprints; their published versions are still looked up and reported."""
    s2_api_key: str | None = None
    """Semantic Scholar API key (``x-api-key``); never logged or cached."""
    pages: bool = True
    """Read metadata from the web pages of page-type works (blogs, web pages, videos, proceedings pages)."""
    archived: bool = False
    """For a dead link, also read the metadata from its Internet Archive snapshot."""
    list_date: str | None = None
    """The reading list's own date (its front matter): dead links get the snapshot closest to it."""
    page_max_bytes: int = 2 * 1024 * 1024
    """Largest web page read (a bigger one is not used)."""
    page_max_time: float = 30.0
    """Longest time one web page may take in all, in seconds."""
    quiet: bool = False
    """No progress bars (they also stay off when stderr is not a terminal)."""
    timeout: tuple[float, float] = (10.0, 60.0)
    """Connect and read timeouts in seconds."""
    max_retries: int = 3
    backoff: float = 1.0
    """First retry delay in seconds, doubled on each retry."""
    retry_after_cap: float = 120.0
    """Longest ``Retry-After`` honoured, in seconds."""
    max_bytes: int = 50 * 1024 * 1024
    """Largest response body accepted."""
    max_time: float = 300.0
    """Longest time one response may take in all (headers and body), in seconds."""
    max_redirects: int = 5
    breaker_threshold: int = 3
    """Failed lookups in a row after which a service is not asked again this run (an unreachable
    host -- connection refused, unknown name -- counts as enough at once)."""
    expiry: dict[str, float] = field(default_factory=dict)
    """Cache lifetime in seconds per service, over the defaults in :data:`~rnnbib.online.services.SERVICES`."""

    def __post_init__(self) -> None:
        if self.github not in GITHUB_MODES:
            raise UsageError(f"unknown github mode {self.github!r} (known: {', '.join(GITHUB_MODES)})")
        self.urls = {**{s.name: s.url for s in services.with_urls()}, **self.urls}
        for name, url in self.urls.items():
            url = url.rstrip("/")
            if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
                raise UsageError(f"{name}_url must be an http(s) URL, not {url!r}")
            self.urls[name] = url
        self.delays = {name: float(seconds) for name, seconds in self.delays.items()}
        self.expiry = {**{s.name: s.expiry for s in services.SERVICES}, **self.expiry}
        if self.cache_dir is not None:
            self.cache_dir = Path(self.cache_dir)
        if self.arxiv_batch < 1 or min(self.delays.values(), default=0) < 0:
            raise UsageError("arxiv_batch must be >= 1 and delays >= 0")
        if isinstance(self.timeout, (int, float)):
            self.timeout = (float(self.timeout), float(self.timeout))
        self.timeout = (float(self.timeout[0]), float(self.timeout[1]))
        if min(self.timeout) <= 0 or self.max_time <= 0:
            raise UsageError("timeouts must be positive numbers of seconds")
        if self.max_retries < 0 or self.backoff < 0 or self.breaker_threshold < 1:
            raise UsageError("max_retries and backoff must be >= 0 and breaker_threshold >= 1")

    def url(self, service: str) -> str:
        """The base URL of ``service`` (or of the service it shares its URL with)."""
        return self.urls[services.spec(service).url_of or service]

    def delay(self, service: str) -> float:
        """Seconds between two network requests to ``service``."""
        if service in self.delays:
            return self.delays[service]
        row = services.spec(service)
        return row.polite_interval if self.mailto and row.polite_interval is not None else row.interval

    @property
    def cache_path(self) -> Path:
        """The SQLite cache file."""
        if self.cache_dir is not None:
            return self.cache_dir / "http-cache.sqlite"
        import platformdirs

        return Path(platformdirs.user_cache_dir("rnnbib")) / "http-cache.sqlite"

    @classmethod
    def from_options(cls, env: Mapping[str, str] | None = None, **options: Any) -> ResolveConfig:
        """Build a config: ``options`` (``None`` values ignored) over the environment over defaults."""
        env = os.environ if env is None else env
        known = {f.name for f in fields(cls)}
        if "prefer_published" in options:
            raise UsageError("the option prefer_published was removed: the published version is now cited "
                             "by default (keep_preprints=True cites preprints)")
        per_service = {f"{s.name}_{what}": (s.name, what) for s in services.SERVICES for what in ("url", "delay")}
        unknown = sorted(set(options) - known - set(per_service))
        if unknown:
            raise UsageError(f"unknown resolve option(s): {', '.join(unknown)} "
                             f"(known: {', '.join(sorted(known | set(per_service)))})")
        values: dict[str, Any] = _from_env(env)
        for key, value in options.items():
            if value is None:
                continue
            if key in per_service:
                name, what = per_service[key]
                values.setdefault(f"{what}s", {})[name] = value
            elif key in ("urls", "delays", "expiry"):
                values[key] = {**values.get(key, {}), **value}
            else:
                values[key] = value
        return cls(**values)


def _from_env(env: Mapping[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for service in services.SERVICES:
        url = env.get(service.url_env, "").strip()
        if url and service.url:
            values.setdefault("urls", {})[service.name] = url
        delay = env.get(service.delay_env, "").strip()
        if delay:
            try:
                values.setdefault("delays", {})[service.name] = float(delay)
            except ValueError:
                raise UsageError(f"{service.delay_env} must be a number, not {delay!r}") from None
    if env.get("RNNBIB_CACHE_DIR", "").strip():
        values["cache_dir"] = Path(env["RNNBIB_CACHE_DIR"].strip())
    if env.get("RNNBIB_OFFLINE", "").strip().lower() in TRUE_WORDS:
        values["offline"] = True
    if env.get("RNNBIB_MAILTO", "").strip():
        values["mailto"] = env["RNNBIB_MAILTO"].strip()
    if env.get("RNNBIB_PAGES", "").strip().lower() in FALSE_WORDS:
        values["pages"] = False
    if env.get("GITHUB_TOKEN", "").strip():
        values["github_token"] = env["GITHUB_TOKEN"].strip()
    if env.get("S2_API_KEY", "").strip():
        values["s2_api_key"] = env["S2_API_KEY"].strip()
    numbers: list[tuple[str, str, Any]] = [
        ("RNNBIB_TIMEOUT", "timeout", _timeout),
        ("RNNBIB_RETRIES", "max_retries", int), ("RNNBIB_BACKOFF", "backoff", float)]
    for name, key, parse in numbers:
        text = env.get(name, "").strip()
        if text:
            try:
                values[key] = parse(text)
            except ValueError:
                raise UsageError(f"{name} must be a number, not {text!r}") from None
    return values


def _timeout(text: str) -> tuple[float, float]:
    """``"5"`` -> (5, 5); ``"3,30"`` -> (3, 30)."""
    parts = [float(p) for p in text.split(",")]
    if len(parts) not in (1, 2):
        raise ValueError(text)
    return (parts[0], parts[-1])
