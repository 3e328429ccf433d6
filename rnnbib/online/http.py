"""The one HTTP layer: a requests Session with an SQLite cache, pacing, retries and limits.

:class:`HttpClient` is built once per run from a :class:`~rnnbib.online.config.ResolveConfig`
and injected into every service client; nothing here is global.

- requests-cache (SQLite, JSON serializer) in the cache directory; an expiry per service;
  ``refresh`` bypasses the cache, ``offline`` answers from it only (stale entries included).
- Pacing per service happens in the transport adapter, below the cache: cache hits never wait.
- Retries with exponential backoff on connection errors, timeouts and 429/500/502/503/504,
  honouring ``Retry-After`` up to a cap.
- A circuit breaker per service: a service that cannot be reached (connection refused, unknown
  host) or fails ``breaker_threshold`` lookups in a row is not asked again this run; its other
  lookups are answered from the cache or fail at once with kind ``unreachable``.
- A response size cap, a total time limit per response (a server trickling bytes cannot hold a
  run), http(s) only (a redirect elsewhere is refused), a redirect limit.
- The cache file is checked on open (:mod:`.cache`): a corrupt one is set aside and rebuilt, and
  a cache that fails mid-run is replaced by an in-memory one; both are reported as warnings.
- A 200 answer whose body turns out unusable is dropped from the cache (:meth:`HttpClient.discard`),
  so a maintenance page is not served again for the cache lifetime.
- The GitHub token and the Semantic Scholar key are added in the adapter on a copy of the
  request, so neither the cache nor the logs ever see them.
"""

from __future__ import annotations

import contextlib
import contextvars
import email.utils
import http.client
import json
import logging
import re
import socket
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
import requests_cache
import urllib3.exceptions as u3
from requests.adapters import HTTPAdapter
from requests_cache.backends import BaseCache

from .._version import __version__
from ..errors import ServiceError
from .cache import prepare_cache
from .config import ResolveConfig
from .services import NEVER_CACHED, spec

log = logging.getLogger(__name__)

PROJECT_URL = "https://github.com/rnnbib/rnnbib"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# Statuses worth caching: answers, and definitive "no such thing" / "bad request" answers.
CACHED_STATUSES = (200, 400, 404, 410)
JSON_TYPES = ("application/json", "application/vnd.citationstyles.csl+json", "application/vnd.api+json",
              "text/json", "application/vnd.github")

# Failure kinds worth retrying, and those that count towards a service's circuit breaker.
TRANSIENT_KINDS = frozenset({"timeout", "connection", "truncated"})
BREAKER_KINDS = TRANSIENT_KINDS | {"unreachable"} | {f"http-{s}" for s in RETRY_STATUSES}
READ_CHUNK = 65536

_current_service: contextvars.ContextVar[str] = contextvars.ContextVar("rnnbib_service", default="")


@dataclass(frozen=True)
class Limits:
    """Limits of one request tighter than the run's (web pages: a smaller body, less time, HTML only)."""

    max_bytes: int | None = None
    max_time: float | None = None
    types: tuple[str, ...] = ()
    """Media types whose body is read; any other answer is kept with an empty body."""


NO_LIMITS = Limits()
_current_limits: contextvars.ContextVar[Limits] = contextvars.ContextVar("rnnbib_limits", default=NO_LIMITS)


def host_key(service: str, url: str) -> str:
    """The pacing and breaker key of a request: the service, or ``host:<name>`` for a per-host service."""
    if spec(service).per_host:
        return f"host:{(urlsplit(url).hostname or '').lower()}"
    return service


class ResponseTooLarge(requests.RequestException):
    """The body exceeded the size cap."""


class ResponseTooSlow(requests.exceptions.Timeout):
    """The whole response took longer than ``max_time``."""


@dataclass
class Breaker:
    """Failed lookups of one service in a row; once open, the service is not asked again this run."""

    threshold: int
    failures: int = 0
    reason: str = ""
    """Why it opened; empty while closed."""

    @property
    def open(self) -> bool:
        """True once the service is considered down for the run."""
        return bool(self.reason)

    def success(self) -> None:
        """The service answered (any status that is not a failure)."""
        self.failures = 0

    def failure(self, kind: str, message: str) -> bool:
        """Count a failed lookup; True when this failure opened the breaker."""
        if self.open or kind not in BREAKER_KINDS:
            return False
        self.failures += 1
        if kind == "unreachable" or self.failures >= self.threshold:
            self.reason = message if kind == "unreachable" else f"{self.failures} failed lookups in a row, " \
                f"the last: {message}"
            return True
        return False


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
    cache_key: str = ""
    """The key of the cached copy ("" when the response was not cached)."""

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
        except RecursionError:
            raise ServiceError("invalid JSON: nested too deeply", self.url, kind="malformed") from None


class PacedAdapter(HTTPAdapter):
    """The transport below the cache: paces per service, counts, caps sizes, adds the token."""

    def __init__(self, client: HttpClient) -> None:
        super().__init__()
        self.client = client

    def send(self, request: requests.PreparedRequest, stream: bool = False, timeout: Any = None,
             verify: Any = True, cert: Any = None, proxies: Any = None) -> requests.Response:
        """Send one request on the network (never reached by cache hits)."""
        service = _current_service.get()
        pacer = self.client.pacer(host_key(service, request.url or ""), service)
        if pacer.exhausted:
            raise ServiceError("rate limit exhausted for this run", request.url, kind="rate-limited")
        outgoing = self.client.authorize(request)
        with pacer.lock:
            pacer.wait()
            self.client.stats_network[service] += 1
            self.client.log_request(service, request)
            response: requests.Response | None = None
            started = time.monotonic()
            reached = True
            try:
                response = super().send(outgoing, stream=True, timeout=timeout, verify=verify,
                                        cert=cert, proxies=proxies)
                response.request = request  # the copy that carried the token is forgotten
                self._read_capped(response, started)
            except requests.ConnectionError as exc:
                reached = _classify(exc)[0] != "unreachable"  # nothing was sent: no pause owed
                raise
            finally:
                if reached:
                    pacer.done(response.headers if response is not None else None)
        return response

    def _read_capped(self, response: requests.Response, started: float) -> None:
        """Read the body within the size cap and the deadline (``read1``: a trickle cannot stall it)."""
        limits = _current_limits.get()
        cap = limits.max_bytes or self.client.config.max_bytes
        max_time = limits.max_time or self.client.config.max_time
        deadline = started + max_time
        ctype = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if limits.types and ctype not in limits.types:
            response.close()
            response._content = b""
            response._content_consumed = True  # type: ignore[attr-defined]
            return
        declared = _number(response.headers.get("Content-Length"))
        if declared is not None and declared > cap:
            response.close()
            raise ResponseTooLarge(f"response of {int(declared)} bytes exceeds the cap of {cap}")
        chunks: list[bytes] = []
        size = 0
        while True:
            if time.monotonic() > deadline:
                response.close()
                raise ResponseTooSlow(f"response took longer than {max_time:g} s")
            chunk = _read1(response)
            if not chunk:
                break
            size += len(chunk)
            if size > cap:
                response.close()
                raise ResponseTooLarge(f"response exceeds the cap of {cap} bytes")
            chunks.append(chunk)
        response._content = b"".join(chunks)
        response._content_consumed = True  # type: ignore[attr-defined]


def _read1(response: requests.Response) -> bytes:
    """What the body has ready (at most :data:`READ_CHUNK` bytes, decoded); urllib3 errors as requests'."""
    try:
        return bytes(response.raw.read1(READ_CHUNK, decode_content=True) or b"")
    except u3.ReadTimeoutError as exc:
        raise requests.exceptions.ReadTimeout(exc) from exc
    except u3.DecodeError as exc:
        raise requests.exceptions.ContentDecodingError(exc) from exc
    except (u3.HTTPError, http.client.HTTPException, OSError) as exc:
        raise requests.exceptions.ChunkedEncodingError(exc) from exc


class HttpClient:
    """The session of a run: cache, pacing per service, retries, limits, counters."""

    def __init__(self, config: ResolveConfig) -> None:
        self.config = config
        self.stats_network: Counter[str] = Counter()
        self.stats_cached: Counter[str] = Counter()
        self.warnings: list[str] = []
        """Run-level problems: a cache set aside or abandoned, a service given up on."""
        self._pacers: dict[str, Pacer] = {}
        self._breakers: dict[str, Breaker] = {}
        path = config.cache_path
        # Offline with no cache yet: nothing to read, and nothing should be created.
        in_memory = config.offline and not path.exists()
        if not in_memory:
            state = prepare_cache(path)
            for message in state.warnings:
                self.warn(message)
            in_memory = not state.usable or (config.offline and not path.exists())
        self.session = self._session(path, in_memory)
        self.session.max_redirects = config.max_redirects
        adapter = PacedAdapter(self)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers["User-Agent"] = user_agent(config.mailto)

    def _session(self, path: Path, in_memory: bool) -> requests_cache.CachedSession:
        settings: dict[str, Any] = {
            "serializer": "json",
            "expire_after": self._expiry("doi"),
            "allowable_codes": CACHED_STATUSES,
            "allowable_methods": ("GET", "HEAD", "POST"),
            "ignored_parameters": ("Authorization", "mailto", "User-Agent"),
            "match_headers": ["Accept"],
            "stale_if_error": True,
        }
        if not in_memory:
            try:
                return requests_cache.CachedSession(str(path), backend="sqlite", wal=True,
                                                    busy_timeout=30000, **settings)
            except sqlite3.Error as exc:
                self.warn(f"cannot open the cache {path} ({exc}); this run uses no persistent cache")
        return requests_cache.CachedSession(str(path), backend="memory", **settings)

    def _expiry(self, service: str) -> float:
        """requests-cache's ``expire_after`` for a service (its cache policy)."""
        seconds = self.config.expiry.get(service, NEVER_CACHED)
        return requests_cache.DO_NOT_CACHE if seconds == NEVER_CACHED else seconds

    def warn(self, message: str) -> None:
        """Record a run-level warning (and log it: without logging set up it goes to stderr)."""
        if message not in self.warnings:
            self.warnings.append(message)
            log.warning("rnnbib: warning: %s", message)

    # -- configuration ------------------------------------------------------
    def pacer(self, key: str, service: str | None = None) -> Pacer:
        """The pacer of a service (or of one web host, ``host:<name>``, paced as ``service``), made on first use."""
        if key not in self._pacers:
            row = service or key
            self._pacers[key] = Pacer(self.config.delay(row), adaptive=spec(row).adaptive)
        return self._pacers[key]

    def breaker(self, service: str) -> Breaker:
        """The circuit breaker of a service, made on first use."""
        if service not in self._breakers:
            self._breakers[service] = Breaker(self.config.breaker_threshold)
        return self._breakers[service]

    def authorize(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        """A copy of ``request`` with the GitHub token or the Semantic Scholar key for their APIs."""
        url = request.url or ""
        token, key = self.config.github_token, self.config.s2_api_key
        if token and url.startswith(self.config.url("github") + "/"):
            copy = request.copy()
            copy.headers["Authorization"] = f"Bearer {token}"
            return copy
        if key and url.startswith(self.config.url("s2") + "/"):
            copy = request.copy()
            copy.headers["x-api-key"] = key
            return copy
        return request

    def log_request(self, service: str, request: requests.PreparedRequest) -> None:
        """Debug-log a network request (headers are never logged)."""
        log.debug("%s %s %s", service, request.method, request.url)

    def close(self) -> None:
        """Close the session and the cache database."""
        try:
            self.session.close()
        except sqlite3.Error as exc:
            self.warn(f"closing the cache failed ({exc})")

    def discard(self, fetched: Fetched) -> None:
        """Drop a cached response whose body proved unusable (it is not served again)."""
        if fetched.cache_key:
            try:
                self.session.cache.delete(fetched.cache_key)
            except sqlite3.Error as exc:
                self._abandon_cache(exc)

    # -- requests -----------------------------------------------------------
    def get(self, service: str, url: str, *, params: Mapping[str, str] | None = None,
            headers: Mapping[str, str] | None = None, limits: Limits | None = None) -> Fetched:
        """GET with cache, pacing and retries; errors are raised as :class:`ServiceError`."""
        token = _current_limits.set(limits or NO_LIMITS)
        try:
            return self.request(service, "GET", url, params=params, headers=headers)
        finally:
            _current_limits.reset(token)

    def post(self, service: str, url: str, *, data: Mapping[str, str] | None = None, json_body: Any = None,
             params: Mapping[str, str] | None = None, headers: Mapping[str, str] | None = None) -> Fetched:
        """POST a form or a JSON body (cached like a GET: the body is part of the cache key)."""
        return self.request(service, "POST", url, params=params, data=data, json_body=json_body, headers=headers)

    def request(self, service: str, method: str, url: str, *, params: Mapping[str, str] | None = None,
                data: Mapping[str, str] | None = None, headers: Mapping[str, str] | None = None,
                json_body: Any = None) -> Fetched:
        """One logical request: retried on transient failures, answered from the cache when allowed."""
        if urlsplit(url).scheme not in ("http", "https"):
            raise ServiceError("only http(s) URLs are fetched", url, kind="bad-url")
        key = host_key(service, url)
        breaker = self.breaker(key)
        if breaker.open and not self.config.offline:
            response = self._send(service, method, url, params, data, headers, json_body, cache_only=True)
            return _fetched(response)
        attempt = 0
        while True:
            try:
                response = self._send(service, method, url, params, data, headers, json_body)
            except ServiceError:
                raise
            except requests.RequestException as exc:
                kind, message = _classify(exc)
                # A refused connection or unknown host is tried once more, not with the full backoff.
                retries = min(self.config.max_retries, 0 if spec(service).per_host else 1) \
                    if kind == "unreachable" else self.config.max_retries
                if kind not in TRANSIENT_KINDS | {"unreachable"} or attempt >= retries:
                    self._failed(key, kind, message)
                    raise ServiceError(message, url, kind=kind) from None
                self._sleep(self.config.backoff * 2 ** attempt)
                attempt += 1
                continue
            if response.status_code in RETRY_STATUSES and not getattr(response, "from_cache", False):
                if attempt >= self.config.max_retries:
                    message = f"HTTP {response.status_code} after {attempt + 1} attempts"
                    self._failed(key, f"http-{response.status_code}", message)
                    raise ServiceError(message, response.url, kind=f"http-{response.status_code}")
                self._sleep(self._retry_delay(response, attempt))
                attempt += 1
                continue
            breaker.success()
            return _fetched(response)

    def _failed(self, service: str, kind: str, message: str) -> None:
        # A web host given up on is no news for the run: its page's own problem says why.
        if self.breaker(service).failure(kind, message) and not service.startswith("host:"):
            name = spec(service).label
            self.warn(f"{name}: given up for this run ({self.breaker(service).reason}); its other lookups "
                      "are answered from the cache or fail with kind 'unreachable'")

    def _send(self, service: str, method: str, url: str, params: Mapping[str, str] | None,
              data: Mapping[str, str] | None, headers: Mapping[str, str] | None, json_body: Any = None,
              cache_only: bool = False) -> requests.Response:
        cache_only = cache_only or self.config.offline
        token = _current_service.set(service)
        try:
            response = self._cached_request(
                method, url, params=params, data=data, json=json_body, headers=dict(headers or {}),
                timeout=self.config.timeout, expire_after=self._expiry(service),
                only_if_cached=cache_only, force_refresh=self.config.refresh and not cache_only,
            )
        finally:
            _current_service.reset(token)
        from_cache = bool(getattr(response, "from_cache", False))
        # requests-cache's "not cached" answer (a real 504 is never cached: see CACHED_STATUSES)
        if cache_only and response.status_code == 504:
            if self.config.offline:
                raise ServiceError("offline and not in the cache", url, kind="offline")
            reason = self.breaker(host_key(service, url)).reason
            raise ServiceError(f"{service} is unreachable this run ({reason}); not asked again", url,
                               kind="unreachable")
        if from_cache:
            self.stats_cached[service] += 1
        return response

    def _cached_request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        """``session.request``; if the cache database fails, carry on with an in-memory cache."""
        try:
            return self.session.request(method, url, **kwargs)
        except sqlite3.Error as exc:
            self._abandon_cache(exc)
            return self.session.request(method, url, **kwargs)

    def _abandon_cache(self, exc: sqlite3.Error) -> None:
        self.warn(f"the cache {self.config.cache_path} failed during the run ({exc}); "
                  "the rest of the run uses no persistent cache")
        settings = self.session.settings
        with contextlib.suppress(sqlite3.Error):
            self.session.cache.close()
        self.session.cache = BaseCache()
        self.session.settings = settings

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


def _fetched(response: requests.Response) -> Fetched:
    return Fetched(response.url, response.status_code, response.headers, response.content,
                   bool(getattr(response, "from_cache", False)), getattr(response, "cache_key", None) or "")


def user_agent(mailto: str | None) -> str:
    """``rnnbib/<version> (+<project URL>; mailto:<address>)``."""
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


_SCHEME = re.compile(r"'([A-Za-z][A-Za-z0-9+.-]{0,20}):")


def _classify(exc: requests.RequestException) -> tuple[str, str]:
    """An error kind and message for a requests exception (messages never echo a server's URL)."""
    causes = _causes(exc)

    def caused_by(*types: type[BaseException]) -> bool:
        return any(isinstance(cause, types) for cause in causes)

    if isinstance(exc, ResponseTooLarge):
        return "too-large", str(exc)
    if isinstance(exc, ResponseTooSlow):
        return "timeout", str(exc)
    if isinstance(exc, requests.TooManyRedirects):
        return "redirect", "too many redirects"
    if isinstance(exc, (requests.exceptions.InvalidSchema, requests.exceptions.MissingSchema,
                        requests.exceptions.InvalidURL)):
        scheme = _SCHEME.search(str(exc))
        where = f" ({scheme[1].lower()}:)" if scheme else ""
        return "redirect", f"refused a redirect to a non-http(s) URL{where}"
    if caused_by(u3.NameResolutionError, socket.gaierror):
        return "unreachable", "host name not resolved"
    if caused_by(u3.NewConnectionError, ConnectionRefusedError):
        return "unreachable", "connection refused"
    if isinstance(exc, requests.Timeout) or caused_by(u3.TimeoutError, TimeoutError):
        return "timeout", "timed out"
    if caused_by(ConnectionResetError, ConnectionAbortedError, BrokenPipeError):
        return "connection", "connection reset"
    if isinstance(exc, requests.exceptions.ChunkedEncodingError) or caused_by(http.client.IncompleteRead):
        return "truncated", "connection closed before the whole response arrived"
    if isinstance(exc, requests.exceptions.ContentDecodingError):
        return "malformed", "the body could not be decoded (Content-Encoding)"
    if isinstance(exc, requests.ConnectionError):
        return "connection", f"connection failed: {type(exc).__name__}"
    return "error", f"{type(exc).__name__}: {exc}"


def _causes(exc: BaseException) -> list[BaseException]:
    """``exc`` and what it wraps (args, ``reason``, ``__cause__``, ``__context__``), breadth first."""
    seen: list[BaseException] = []
    queue = [exc]
    while queue and len(seen) < 16:
        current = queue.pop(0)
        if any(current is s for s in seen):
            continue
        seen.append(current)
        linked = [*current.args, getattr(current, "reason", None), current.__cause__, current.__context__]
        queue.extend(x for x in linked if isinstance(x, BaseException))
    return seen
