"""Videos by oEmbed: YouTube (``{youtube}/oembed``) and Vimeo (``{vimeo}/api/oembed.json``).

The answer names the title, the channel (the author, as one literal name: channels are often
not people's names) and the provider; Vimeo also gives the upload date.  The work becomes a
``motion_picture``, accessed on the day of the (cached) answer.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from ..errors import ServiceError
from .config import ResolveConfig
from .http import HttpClient
from .page_values import clean, parse_date
from .pages import fetched_date
from .record import Lookup, Record

_YOUTUBE = re.compile(r"^(?:www\.|m\.)?(?:youtube\.com|youtu\.be)$", re.IGNORECASE)
_VIMEO = re.compile(r"^(?:www\.|player\.)?vimeo\.com$", re.IGNORECASE)


def provider(url: str) -> str | None:
    """``youtube`` or ``vimeo`` for a video URL of theirs, else ``None``."""
    parts = urlsplit(url.strip())
    host = parts.hostname or ""
    if _YOUTUBE.match(host) and (parts.path.startswith(("/watch", "/embed/", "/shorts/", "/live/"))
                                 or host.endswith("youtu.be")):
        return "youtube"
    if _VIMEO.match(host) and re.search(r"/\d+", parts.path):
        return "vimeo"
    return None


def answer_to_record(data: Any) -> Record:
    """A ``motion_picture`` record from an oEmbed JSON answer."""
    if not isinstance(data, dict) or not clean(data.get("title")):
        raise ValueError("not an oEmbed answer")
    csl: dict[str, Any] = {"type": "motion_picture", "title": clean(data.get("title"))}
    channel = clean(data.get("author_name"), 200)
    if channel:
        csl["author"] = [{"literal": channel}]
    if clean(data.get("provider_name"), 100):
        csl["publisher"] = clean(data.get("provider_name"), 100)
    issued = parse_date(data.get("upload_date"))
    if issued:
        csl["issued"] = issued
    extra = {"channel_url": clean(data.get("author_url"), 300)}
    return Record("oembed", csl, {k: v for k, v in extra.items() if v})


class OEmbedClient:
    """One oEmbed request per video URL."""

    def __init__(self, http: HttpClient, config: ResolveConfig) -> None:
        self.http = http
        self.endpoints = {"youtube": (f"{config.url('youtube')}/oembed", {"format": "json"}),
                          "vimeo": (f"{config.url('vimeo')}/api/oembed.json", {})}

    def lookup(self, url: str) -> Lookup:
        """Ask the video's provider about ``url``."""
        name = provider(url)
        if name is None:
            return Lookup.not_found("not a YouTube or Vimeo video URL")
        endpoint, params = self.endpoints[name]
        try:
            fetched = self.http.get(name, endpoint, params={"url": url, **params})
            if fetched.status in (401, 403, 404):  # private, removed or never existed
                return Lookup.not_found(f"{name}: the video is gone or private (HTTP {fetched.status})")
            if fetched.status != 200:
                return Lookup("failed", kind=f"http-{fetched.status}", message=f"HTTP {fetched.status}")
            try:
                record = answer_to_record(fetched.json())
                accessed = fetched_date(fetched)
                if accessed:
                    record.csl["accessed"] = accessed
                return Lookup.ok(record)
            except (ValueError, ServiceError) as exc:
                self.http.discard(fetched)
                return Lookup("failed", kind="malformed", message=f"unexpected oEmbed answer: {exc}")
        except ServiceError as exc:
            return Lookup.from_error(exc)
