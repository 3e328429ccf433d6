"""Resolution settings: one :class:`ResolveConfig`, from API options and environment variables.

Explicit options win over the environment, the environment over the defaults::

    RNNBIB_CACHE_DIR      cache directory (default: the platform's user cache dir + /rnnbib)
    RNNBIB_OFFLINE=1      answer from the cache only, never the network
    RNNBIB_MAILTO         contact address for the User-Agent and Crossref's polite pool
    RNNBIB_ARXIV_URL      default https://export.arxiv.org/api/query (the full query endpoint)
    RNNBIB_CROSSREF_URL   default https://api.crossref.org           (+ /works/{doi})
    RNNBIB_DATACITE_URL   default https://api.datacite.org           (+ /dois/{doi})
    RNNBIB_DOI_URL        default https://doi.org                    (+ /ra/{prefix}, /{doi})
    RNNBIB_GITHUB_URL     default https://api.github.com             (+ /repos/{owner}/{repo})
    RNNBIB_YOUTUBE_URL    default https://www.youtube.com             (+ /oembed?url=...&format=json)
    RNNBIB_VIMEO_URL      default https://vimeo.com                   (+ /api/oembed.json?url=...)
    RNNBIB_WAYBACK_URL    default https://archive.org                 (+ /wayback/available?url=...)
    RNNBIB_PAGES=0        do not read web pages, videos and archived copies (``pages=False``)
    RNNBIB_PAGE_DELAY     seconds between two requests to one web host (default 1)
    RNNBIB_ARXIV_DELAY    seconds between arXiv requests (default 3, arXiv's terms of use)
    RNNBIB_TIMEOUT        seconds: ``READ`` or ``CONNECT,READ`` (default 10,60)
    RNNBIB_RETRIES        retries of a failed request (default 3)
    RNNBIB_BACKOFF        first retry delay in seconds, doubled on each retry (default 1)
    GITHUB_TOKEN          GitHub token (5000 requests/h instead of 60); never logged or cached
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import UsageError

DEFAULT_URLS = {
    "arxiv": "https://export.arxiv.org/api/query",
    "crossref": "https://api.crossref.org",
    "datacite": "https://api.datacite.org",
    "doi": "https://doi.org",
    "github": "https://api.github.com",
    "youtube": "https://www.youtube.com",
    "vimeo": "https://vimeo.com",
    "wayback": "https://archive.org",
}

DAY = 86400.0

# Cache lifetimes in seconds.  arXiv updates once a day; published records rarely change.
DEFAULT_EXPIRY = {
    "arxiv": 1 * DAY,
    "crossref": 90 * DAY,
    "datacite": 30 * DAY,
    "doi": 90 * DAY,
    "ra": 365 * DAY,
    "github": 7 * DAY,
    "page": 30 * DAY,
    "robots": 30 * DAY,
    "oembed": 30 * DAY,
    "wayback": 30 * DAY,
}

GITHUB_MODES = ("software", "all", "none")
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
    arxiv_url: str = DEFAULT_URLS["arxiv"]
    crossref_url: str = DEFAULT_URLS["crossref"]
    datacite_url: str = DEFAULT_URLS["datacite"]
    doi_url: str = DEFAULT_URLS["doi"]
    github_url: str = DEFAULT_URLS["github"]
    youtube_url: str = DEFAULT_URLS["youtube"]
    vimeo_url: str = DEFAULT_URLS["vimeo"]
    wayback_url: str = DEFAULT_URLS["wayback"]
    arxiv_delay: float = 3.0
    """Seconds between two arXiv requests (arXiv asks for 3)."""
    arxiv_batch: int = 500
    """Most ids in one arXiv request."""
    github: str = "software"
    """``software``: repos that are the work itself; ``all``: also papers' code links; ``none``."""
    github_token: str | None = None
    citation_cff: bool | None = None
    """Fetch CITATION.cff of software repos; ``None`` = only with a token (it costs a request per repo)."""
    prefer_published: bool = False
    pages: bool = True
    """Read metadata from the web pages of page-type works (blogs, web pages, videos, proceedings pages)."""
    archived: bool = False
    """For a dead link, also read the metadata from its Internet Archive snapshot."""
    list_date: str | None = None
    """The reading list's own date (its front matter): dead links get the snapshot closest to it."""
    page_delay: float = 1.0
    """Seconds between two requests to one web host."""
    page_max_bytes: int = 2 * 1024 * 1024
    """Largest web page read (a bigger one is not used)."""
    page_max_time: float = 30.0
    """Longest time one web page may take in all, in seconds."""
    """Cite the published version (the DOI an arXiv record names) instead of the preprint."""
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
    expiry: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_EXPIRY))
    """Cache lifetime in seconds per service (arxiv, crossref, datacite, doi, ra, github)."""

    def __post_init__(self) -> None:
        if self.github not in GITHUB_MODES:
            raise UsageError(f"unknown github mode {self.github!r} (known: {', '.join(GITHUB_MODES)})")
        for name in (f"{service}_url" for service in DEFAULT_URLS):
            url = getattr(self, name).rstrip("/")
            if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
                raise UsageError(f"{name} must be an http(s) URL, not {url!r}")
            setattr(self, name, url)
        if self.cache_dir is not None:
            self.cache_dir = Path(self.cache_dir)
        if self.arxiv_batch < 1 or self.arxiv_delay < 0 or self.page_delay < 0:
            raise UsageError("arxiv_batch must be >= 1, arxiv_delay and page_delay >= 0")
        if isinstance(self.timeout, (int, float)):
            self.timeout = (float(self.timeout), float(self.timeout))
        self.timeout = (float(self.timeout[0]), float(self.timeout[1]))
        if min(self.timeout) <= 0 or self.max_time <= 0:
            raise UsageError("timeouts must be positive numbers of seconds")
        if self.max_retries < 0 or self.backoff < 0 or self.breaker_threshold < 1:
            raise UsageError("max_retries and backoff must be >= 0 and breaker_threshold >= 1")

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
        unknown = sorted(set(options) - known)
        if unknown:
            raise UsageError(f"unknown resolve option(s): {', '.join(unknown)} "
                             f"(known: {', '.join(sorted(known))})")
        values: dict[str, Any] = _from_env(env)
        values.update({k: v for k, v in options.items() if v is not None})
        return cls(**values)


def _from_env(env: Mapping[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for service in DEFAULT_URLS:
        url = env.get(f"RNNBIB_{service.upper()}_URL", "").strip()
        if url:
            values[f"{service}_url"] = url
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
    numbers: list[tuple[str, str, Any]] = [
        ("RNNBIB_ARXIV_DELAY", "arxiv_delay", float), ("RNNBIB_PAGE_DELAY", "page_delay", float),
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
