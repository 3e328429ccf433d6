"""Fetching one web page politely: robots.txt, HTML only, a size and time cap, dead links found.

A page is asked once (``page`` service, cached 30 days) after its host's robots.txt (the same
service: once per host, also cached, paced with the host's pages).  Both go through the run's
:class:`~rnnbib.online.http.HttpClient` and so through requests' proxy support (``HTTP_PROXY``/
``HTTPS_PROXY``/``NO_PROXY``), its per-host pacing, retries and limits.  What comes back is a :class:`PageOutcome`:

- ``ok``: the page's metadata (:mod:`.page_meta`) and the date it was fetched;
- ``dead``: 404/410, an unknown host, a parked domain (``kind`` says which);
- ``failed``: a timeout, an error status, a redirect or meta-refresh loop ...;
- ``skipped``: not http(s), not HTML, or robots.txt says no.
"""

from __future__ import annotations

import email.utils
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ..errors import ServiceError
from .config import ResolveConfig
from .http import Fetched, HttpClient, Limits
from .page_meta import PageMeta, extract

HTML_TYPES = ("text/html", "application/xhtml+xml")
ACCEPT = "text/html,application/xhtml+xml;q=0.9"
ROBOTS_MAX_BYTES = 512 * 1024
MAX_REFRESH = 2
MAX_CRAWL_DELAY = 10.0
AGENT = "rnnbib"
DEAD_STATUSES = (404, 410)
# Documents that are not web pages, recognised by the URL alone (no request is spent on them).
NOT_HTML_SUFFIX = re.compile(r"\.(?:pdf|ps|djvu|gz|zip|tar|tgz|bz2|png|jpe?g|gif|svg|mp4|webm|pptx?|key|docx?|"
                             r"xlsx?|odp|csv|ipynb|py|txt)$", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?([A-Za-z0-9_.:-]{1,40})", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]{1,40})", re.IGNORECASE)


@dataclass
class PageOutcome:
    """What reading one page gave."""

    status: str
    """``ok``, ``dead``, ``failed``, ``skipped`` or ``offline`` (not in the cache)."""
    url: str
    """The page finally read (after redirects and meta refreshes)."""
    kind: str = ""
    """Why it is dead/failed/skipped: ``http-404``, ``dns``, ``parked``, ``timeout``, ``not-html``, ``robots`` ..."""
    message: str = ""
    meta: PageMeta | None = None
    accessed: dict[str, Any] | None = None
    """CSL date the page was fetched (from the cached response, so re-runs agree)."""


def is_page_url(url: str) -> bool:
    """An http(s) URL that may be a web page (not a PDF, image, archive ... by its suffix)."""
    parts = urlsplit(url.strip())
    return parts.scheme in ("http", "https") and bool(parts.hostname) and not NOT_HTML_SUFFIX.search(parts.path)


def decode_html(body: bytes, content_type: str) -> str:
    """The page as text: BOM, then valid UTF-8, then the declared charsets, then Windows-1252."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if body.startswith(bom):
            return body[len(bom):].decode(codec, "replace")
    declared = [m[1] for m in (_HEADER_CHARSET.search(content_type),) if m]
    declared += [m.decode("ascii", "ignore") for m in _META_CHARSET.findall(body[:4096])[:1]]
    for codec in ("utf-8", *declared):
        try:
            return body.decode(codec)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("cp1252", "replace")


def looks_binary(body: bytes) -> bool:
    """A body that is not text whatever its Content-Type says (a PDF, an image, NUL bytes)."""
    head = body[:1024]
    return head.startswith((b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8", b"PK\x03\x04")) or b"\x00" in head


def fetched_date(fetched: Fetched) -> dict[str, Any] | None:
    """The day the response was made, from its ``Date`` header (stored with the cached copy)."""
    try:
        when = email.utils.parsedate_to_datetime(fetched.headers.get("Date", ""))
    except (TypeError, ValueError):
        return None
    return {"date-parts": [[when.year, when.month, when.day]]}


class PageReader:
    """Reads pages for one run; remembers each host's robots.txt."""

    def __init__(self, http: HttpClient, config: ResolveConfig) -> None:
        self.http = http
        self.config = config
        self.limits = Limits(config.page_max_bytes, config.page_max_time, HTML_TYPES)
        self._robots: dict[str, Any] = {}

    def read(self, url: str) -> PageOutcome:
        """Read ``url``, following meta refreshes of pages that say nothing else (loops refused)."""
        seen = {url}
        outcome = self._read_one(url)
        for _ in range(MAX_REFRESH):
            meta = outcome.meta
            if outcome.status != "ok" or meta is None or not meta.refresh or _says_something(meta):
                return outcome
            if meta.refresh in seen:
                return PageOutcome("failed", outcome.url, "redirect", "meta-refresh loop")
            seen.add(meta.refresh)
            outcome = self._read_one(meta.refresh)
        if outcome.status == "ok" and outcome.meta is not None and outcome.meta.refresh \
                and not _says_something(outcome.meta):
            return PageOutcome("failed", outcome.url, "redirect", f"more than {MAX_REFRESH} meta refreshes")
        return outcome

    def _read_one(self, url: str) -> PageOutcome:
        if not is_page_url(url):
            return PageOutcome("skipped", url, "not-html", "not an http(s) web page")
        robots = self._robots_for(url)
        if isinstance(robots, PageOutcome):
            return robots
        if robots is not None and not robots.can_fetch(url, AGENT):
            return PageOutcome("skipped", url, "robots", "robots.txt asks robots not to fetch it")
        try:
            fetched = self.http.get("page", url, headers={"Accept": ACCEPT}, limits=self.limits)
        except ServiceError as exc:
            return _from_error(exc, url)
        if fetched.status in DEAD_STATUSES:
            return PageOutcome("dead", fetched.url, f"http-{fetched.status}", f"HTTP {fetched.status}")
        if fetched.status != 200:
            return PageOutcome("failed", fetched.url, f"http-{fetched.status}", f"HTTP {fetched.status}")
        if fetched.content_type not in HTML_TYPES or looks_binary(fetched.content):
            what = fetched.content_type or "no Content-Type"
            return PageOutcome("skipped", fetched.url, "not-html", f"not an HTML page ({what})")
        meta = extract(decode_html(fetched.content, fetched.headers.get("Content-Type", "")), fetched.url)
        if meta.parked:
            return PageOutcome("dead", fetched.url, "parked", "a parked domain (the site is gone)")
        return PageOutcome("ok", fetched.url, meta=meta, accessed=fetched_date(fetched))

    def _robots_for(self, url: str) -> Any:
        """The host's parsed robots.txt, ``None`` (no rules), or a dead outcome (unknown host)."""
        parts = urlsplit(url)
        host = parts.netloc.lower()  # one robots.txt per host: an http and an https page share it
        if host not in self._robots:
            self._robots[host] = self._fetch_robots(f"{parts.scheme}://{host}", url)
        return self._robots[host]

    def _fetch_robots(self, origin: str, url: str) -> Any:
        from protego import Protego

        try:
            fetched = self.http.get("page", f"{origin}/robots.txt",
                                    limits=Limits(ROBOTS_MAX_BYTES, self.config.page_max_time))
        except ServiceError as exc:
            if exc.kind in ("offline", "unreachable"):
                return _from_error(exc, url)
            if exc.kind.startswith("http-5"):  # RFC 9309: an unreachable robots.txt means "do not crawl"
                return Protego.parse("User-agent: *\nDisallow: /\n")
            return None
        if fetched.status != 200 or looks_binary(fetched.content):
            return None  # RFC 9309: an unavailable (4xx) robots.txt allows everything
        robots = Protego.parse(fetched.content.decode("utf-8", "replace"))
        delay = robots.crawl_delay(AGENT)
        if delay:
            host = urlsplit(origin).hostname or ""
            pacer = self.http.pacer(f"host:{host}")
            pacer.interval = max(pacer.interval, min(float(delay), MAX_CRAWL_DELAY))
        return robots


def _from_error(exc: ServiceError, url: str) -> PageOutcome:
    """An unknown host is a dead link; offline (not cached) is ``offline``; the rest failed."""
    if exc.kind == "unreachable" and "not resolved" in exc.message:
        return PageOutcome("dead", url, "dns", "host name not resolved")
    status = "offline" if exc.kind == "offline" else "failed"
    return PageOutcome(status, url, exc.kind or "error", exc.message.split(" (", 1)[0])


def _says_something(meta: PageMeta) -> bool:
    return any(name in meta.fields for name in ("author", "issued", "container-title"))
