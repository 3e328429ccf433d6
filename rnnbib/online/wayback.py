"""The Internet Archive's Wayback Machine availability API: the closest snapshot of a URL.

``{wayback}/wayback/available?url=<url>&timestamp=<YYYYMMDD>`` answers
``{"archived_snapshots": {"closest": {"available": true, "url": ..., "timestamp": ..., "status": "200"}}}``
(an empty ``archived_snapshots`` when nothing is archived).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..errors import ServiceError
from .config import ResolveConfig
from .http import HttpClient

ARCHIVE_NAME = "Internet Archive"
_SNAPSHOT = re.compile(r"^(?P<head>https?://[^/]+/web/)(?P<stamp>\d{4,14})(?:[a-z]{2}_)?/(?P<url>.+)$")


@dataclass(frozen=True)
class Snapshot:
    """An archived copy: its URL and 14-digit timestamp."""

    url: str
    timestamp: str

    @property
    def raw_url(self) -> str:
        """The snapshot as the site served it, without the archive's banner (the ``id_`` form)."""
        match = _SNAPSHOT.match(self.url)
        return f"{match['head']}{match['stamp']}id_/{match['url']}" if match else self.url


def timestamp_of(date: Any) -> str | None:
    """``YYYYMMDD`` (or shorter) from a CSL date or an ISO date string."""
    if isinstance(date, dict):
        parts = (date.get("date-parts") or [[]])[0] or []
    else:
        parts = [int(p) for p in re.findall(r"\d+", str(date or ""))[:3]]
    if not parts or not 1000 <= int(parts[0]) <= 2999:
        return None
    return "".join(f"{int(p):02d}" if i else str(int(p)) for i, p in enumerate(parts[:3]))


def parse_available(data: Any) -> Snapshot | None:
    """The closest snapshot in an availability answer, or ``None``."""
    if not isinstance(data, dict):
        raise ValueError("not a Wayback availability answer")
    closest = (data.get("archived_snapshots") or {}).get("closest") if isinstance(
        data.get("archived_snapshots"), dict) else None
    if not isinstance(closest, dict) or not closest.get("available") or not isinstance(closest.get("url"), str):
        return None
    if str(closest.get("status", "200")) not in ("200", "203"):
        return None
    url = closest["url"].strip()
    if not _SNAPSHOT.match(url):
        return None
    return Snapshot(url, str(closest.get("timestamp") or _SNAPSHOT.match(url)["stamp"]))  # type: ignore[index]


class WaybackClient:
    """Availability look-ups (one request per URL, cached 30 days)."""

    def __init__(self, http: HttpClient, config: ResolveConfig) -> None:
        self.http = http
        self.endpoint = f"{config.url('wayback')}/wayback/available"

    def closest(self, url: str, timestamp: str | None) -> Snapshot | None:
        """The snapshot closest to ``timestamp``; ``None`` when none exists or the API answered badly.

        Raises :class:`ServiceError` (kind ``unreachable``, ``timeout`` ...) when the archive
        cannot be reached at all.
        """
        params = {"url": url, **({"timestamp": timestamp} if timestamp else {})}
        fetched = self.http.get("wayback", self.endpoint, params=params)
        if fetched.status != 200:
            return None
        try:
            return parse_available(fetched.json())
        except (ValueError, ServiceError):
            self.http.discard(fetched)
            return None
