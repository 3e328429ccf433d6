"""The one HTTP layer: a requests Session with an SQLite cache, pacing, retries and limits.

:class:`HttpClient` is built once per run from a :class:`~rnnbib.online.config.ResolveConfig`
and injected into every service client; nothing here is global.

- requests-cache (SQLite, JSON serializer) in the cache directory; an expiry per service;
  ``refresh`` bypasses the cache, ``offline`` answers from it only (stale entries included).
- Pacing per service happens in the transport adapter, below the cache: cache hits never wait.
- Retries with exponential backoff on connection errors, timeouts and 429/500/502/503/504,
  honouring ``Retry-After`` up to a cap.
- A response size cap, http(s) only (a redirect elsewhere is refused), a redirect limit.
- The GitHub token is added in the adapter on a copy of the request, so neither the cache nor
  the logs ever see it.
"""

from __future__ import annotations

import contextvars
import email.utils
import json
import logging
import threading
import time
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import requests
import requests_cache
from requests.adapters import HTTPAdapter

from ..errors import ServiceError
from .config import ResolveConfig

log = logging.getLogger(__name__)

PROJECT_URL = "https://github.com/rnnbib/rnnbib"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# Statuses worth caching: answers, and definitive "no such thing" / "bad request" answers.
CACHED_STATUSES = (200, 400, 404, 410)
JSON_TYPES = ("application/json", "application/vnd.citationstyles.csl+json", "application/vnd.api+json",
              "text/json", "application/vnd.github")

_current_service: contextvars.ContextVar[str] = contextvars.ContextVar("rnnbib_service", default="")


class ResponseTooLarge(requests.RequestException):
    """The body exceeded the size cap."""


@dataclass
class Pacer:
    """Spacing between the network requests of one service (cache hits never count)."""

    interval: float = 0.0
    adaptive: bool = False
    """Read Crossref's ``X-Rate-Limit-Limit`` / ``X-Rate-Limit-Interval`` and slow down to match."""
    last_end: float = -1e9
    exhausted: bool = False
    """GitHub said ``X-RateLimit-Remaining: 0``: no more requests this run."""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def wait(self) -> None:
        """Sleep until the next request may go."""
        delay = self.last_end + self.interval - time.monotonic()
        if delay > 0:
            time.sleep(delay)

    def done(self, headers: Mapping[str, str] | None) -> None:
        """Note the end of a request and what its headers say about the limits."""
        self.last_end = time.monotonic()
        if headers is None:
            return
        if headers.get("X-RateLimit-Remaining") == "0":
            self.exhausted = True
        if self.adaptive:
            limit = _number(headers.get("X-Rate-Limit-Limit"))
            window = _number((headers.get("X-Rate-Limit-Interval") or "").rstrip("s"))
            if limit and window:
                self.interval = max(self.interval, window / limit)


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None


@dataclass
class Fetched:
    """A response body with what is needed to judge it."""

    url: str
    status: int
    headers: Mapping[str, str]
    content: bytes
    from_cache: bool

    @property
    def content_type(self) -> str:
        """The media type, lower case, without parameters."""
        return self.headers.get("Content-Type", "").split(";")[0].strip().lower()

    def json(self) -> Any:
        """The body as JSON; a non-JSON content type or body is a ``malformed`` failure."""
        ctype = self.content_type
        if ctype and not ctype.startswith(JSON_TYPES) and not ctype.endswith("+json"):
            raise ServiceError(f"expected JSON, got {ctype}", self.url, kind="malformed")
        try:
            return json.loads(self.content.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise ServiceError(f"invalid JSON: {exc}", self.url, kind="malformed") from None


class PacedAdapter(HTTPAdapter):
    """The transport below the cache: paces per service, counts, caps sizes, adds the token."""

    def __init__(self, client: HttpClient) -> None:
        super().__init__()
        self.client = client

    def send(self, request: requests.PreparedRequest, stream: bool = False, timeout: Any = None,
             verify: Any = True, cert: Any = None, proxies: Any = None) -> requests.Response:
        """Send one request on the network (never reached by cache hits)."""
        service = _current_service.get()
        pacer = self.client.pacer(service)
        if pacer.exhausted:
            raise ServiceError("rate limit exhausted for this run", request.url, kind="rate-limited")
        outgoing = self.client.authorize(request)
        with pacer.lock:
            pacer.wait()
            self.client.stats_network[service] += 1
            self.client.log_request(service, request)
            response: requests.Response | None = None
            try:
                response = super().send(outgoing, stream=True, timeout=timeout, verify=verify,
                                        cert=cert, proxies=proxies)
                response.request = request  # the copy that carried the token is forgotten
                self._read_capped(response)
            finally:
                pacer.done(response.headers if response is not None else None)
        return response

    def _read_capped(self, response: requests.Response) -> None:
        cap = self.client.config.max_bytes
        declared = _number(response.headers.get("Content-Length"))
        if declared is not None and declared > cap:
            response.close()
            raise ResponseTooLarge(f"response of {int(declared)} bytes exceeds the cap of {cap}")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_content(65536):
            size += len(chunk)
            if size > cap:
                response.close()
                raise ResponseTooLarge(f"response exceeds the cap of {cap} bytes")
            chunks.append(chunk)
        response._content = b"".join(chunks)
        response._content_consumed = True  # type: ignore[attr-defined]


class HttpClient:
    """The session of a run: cache, pacing per service, retries, limits, counters."""

    def __init__(self, config: ResolveConfig) -> None:
        self.config = config
        self.stats_network: Counter[str] = Counter()
        self.stats_cached: Counter[str] = Counter()
        self._pacers: dict[str, Pacer] = {}
        # Offline with no cache yet: nothing to read, and nothing should be created.
        in_memory = config.offline and not config.cache_path.exists()
        if not in_memory:
            config.cache_path.parent.mkdir(parents=True, exist_ok=True)
        self.session = requests_cache.CachedSession(
            str(config.cache_path),
            backend="memory" if in_memory else "sqlite",
            serializer="json",
            expire_after=config.expiry.get("doi", -1),
            allowable_codes=CACHED_STATUSES,
            allowable_methods=("GET", "HEAD", "POST"),
            ignored_parameters=("Authorization", "mailto", "User-Agent"),
            match_headers=["Accept"],
            stale_if_error=True,
        )
        self.session.max_redirects = config.max_redirects
        adapter = PacedAdapter(self)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers["User-Agent"] = user_agent(config.mailto)

    # -- configuration ------------------------------------------------------
    def pacer(self, service: str) -> Pacer:
        """The pacer of a service, made on first use."""
        if service not in self._pacers:
            self._pacers[service] = Pacer(**_pacing(service, self.config))
        return self._pacers[service]

    def authorize(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        """A copy of ``request`` with the GitHub token when it goes to the GitHub API."""
        token = self.config.github_token
        if not token or not (request.url or "").startswith(self.config.github_url + "/"):
            return request
        copy = request.copy()
        copy.headers["Authorization"] = f"Bearer {token}"
        return copy

    def log_request(self, service: str, request: requests.PreparedRequest) -> None:
        """Debug-log a network request (headers are never logged)."""
        log.debug("%s %s %s", service, request.method, request.url)

    def close(self) -> None:
        """Close the session and the cache database."""
        self.session.close()

    # -- requests -----------------------------------------------------------
    def get(self, service: str, url: str, *, params: Mapping[str, str] | None = None,
            headers: Mapping[str, str] | None = None) -> Fetched:
        """GET with cache, pacing and retries; errors are raised as :class:`ServiceError`."""
        return self.request(service, "GET", url, params=params, headers=headers)

    def post(self, service: str, url: str, *, data: Mapping[str, str],
             headers: Mapping[str, str] | None = None) -> Fetched:
        """POST a form (cached like a GET: the body is part of the cache key)."""
        return self.request(service, "POST", url, data=data, headers=headers)

    def request(self, service: str, method: str, url: str, *, params: Mapping[str, str] | None = None,
                data: Mapping[str, str] | None = None, headers: Mapping[str, str] | None = None,
                ) -> Fetched:
        """One logical request: retried on transient failures, answered from the cache when allowed."""
        if urlsplit(url).scheme not in ("http", "https"):
            raise ServiceError("only http(s) URLs are fetched", url, kind="bad-url")
        attempt = 0
        while True:
            try:
                response = self._send(service, method, url, params, data, headers)
            except ServiceError:
                raise
            except requests.RequestException as exc:
                kind, message = _classify(exc)
                if kind not in ("timeout", "connection") or attempt >= self.config.max_retries:
                    raise ServiceError(message, url, kind=kind) from None
                self._sleep(self.config.backoff * 2 ** attempt)
                attempt += 1
                continue
            if response.status_code in RETRY_STATUSES and not getattr(response, "from_cache", False):
                if attempt >= self.config.max_retries:
                    raise ServiceError(f"HTTP {response.status_code} after {attempt + 1} attempts",
                                       response.url, kind=f"http-{response.status_code}")
                self._sleep(self._retry_delay(response, attempt))
                attempt += 1
                continue
            return Fetched(response.url, response.status_code, response.headers, response.content,
                           bool(getattr(response, "from_cache", False)))

    def _send(self, service: str, method: str, url: str, params: Mapping[str, str] | None,
              data: Mapping[str, str] | None, headers: Mapping[str, str] | None) -> requests.Response:
        token = _current_service.set(service)
        try:
            response = self.session.request(
                method, url, params=params, data=data, headers=dict(headers or {}),
                timeout=self.config.timeout, expire_after=self.config.expiry.get(service, -1),
                only_if_cached=self.config.offline,
                force_refresh=self.config.refresh and not self.config.offline,
            )
        finally:
            _current_service.reset(token)
        if self.config.offline and response.status_code == 504:  # requests-cache's "not cached" answer
            raise ServiceError("offline and not in the cache", url, kind="offline")
        if getattr(response, "from_cache", False):
            self.stats_cached[service] += 1
        return response

    def _retry_delay(self, response: requests.Response, attempt: int) -> float:
        delay = self.config.backoff * 2 ** attempt
        after = retry_after_seconds(response.headers.get("Retry-After"))
        if after is not None:
            delay = max(delay, after)
        return min(delay, self.config.retry_after_cap)

    def _sleep(self, seconds: float) -> None:
        time.sleep(max(0.0, seconds))

    @contextmanager
    def as_service(self, service: str) -> Iterator[None]:
        """Attribute requests made in the block to ``service`` (used by tests and tools)."""
        token = _current_service.set(service)
        try:
            yield
        finally:
            _current_service.reset(token)


def user_agent(mailto: str | None) -> str:
    """``rnnbib/<version> (+<project URL>; mailto:<address>)``."""
    from .. import __version__

    contact = f"; mailto:{mailto}" if mailto else ""
    return f"rnnbib/{__version__} (+{PROJECT_URL}{contact})"


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _pacing(service: str, config: ResolveConfig) -> dict[str, Any]:
    # FIELD-NOTES §3: arXiv one request per 3 s on one connection; Crossref public pool 5/s,
    # polite pool 10/s; DataCite 1000 per 5 min; GitHub is limited per hour (watched via headers).
    if service == "arxiv":
        return {"interval": config.arxiv_delay}
    if service in ("crossref", "doi", "ra"):
        return {"interval": 0.1 if config.mailto else 0.2, "adaptive": True}
    if service == "datacite":
        return {"interval": 0.3}
    return {"interval": 0.0}


def _classify(exc: requests.RequestException) -> tuple[str, str]:
    """An error kind and message for a requests exception."""
    if isinstance(exc, requests.Timeout):
        return "timeout", "timed out"
    if isinstance(exc, ResponseTooLarge):
        return "too-large", str(exc)
    if isinstance(exc, requests.TooManyRedirects):
        return "redirect", "too many redirects"
    if isinstance(exc, (requests.exceptions.InvalidSchema, requests.exceptions.MissingSchema,
                        requests.exceptions.InvalidURL)):
        return "redirect", f"refused a redirect to a non-http(s) URL: {exc}"
    if isinstance(exc, (requests.ConnectionError, requests.exceptions.ChunkedEncodingError,
                        requests.exceptions.ContentDecodingError)):
        return "connection", f"connection failed: {type(exc).__name__}"
    return "error", f"{type(exc).__name__}: {exc}"
