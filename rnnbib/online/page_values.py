"""Metadata values from web pages made safe: plain text, dates, people's names.

Every value a page offers passes through here: scripts and styles dropped, tags and entities
removed, control characters dropped, lengths capped; dates parsed only from the forms pages use;
a name becomes an author only when it is a person's (no organisations, site names, "Staff").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from ..csldata import split_name
from .text import csl_date, squash, strip_markup

MAX_VALUE = 500
MAX_AUTHORS = 50
MAX_NAME = 80
_SCRIPT_BLOCK = re.compile(r"<(script|style)\b[^>]*>.*?(</\1\s*>|$)", re.IGNORECASE | re.DOTALL)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NAME_WORD = re.compile(r"^(?:[A-ZÀ-ÞĀ-Ž][a-zß-ÿā-ž'’-]+|[A-Z]\.)$")
_PARTICLE = frozenset({"van", "von", "der", "den", "de", "del", "di", "da", "le", "la", "du"})
_NOT_NAMES = frozenset({
    "admin", "administrator", "editor", "editors", "staff", "guest", "unknown", "anonymous", "team", "blog",
    "home", "homepage", "deep", "learning", "machine", "neural", "network", "networks", "data", "science",
    "research", "lab", "news", "tutorial", "tutorials", "the", "of", "and", "ai", "notes", "posts", "about",
    "medium", "wordpress", "blogger", "github", "pages", "welcome", "page", "site", "website", "journal",
})
_ORG_WORDS = frozenset({"staff", "team", "editors", "editorial", "admin", "administrator", "news", "blog",
                        "magazine", "press", "media", "official", "webmaster", "contributors"})


def clean(value: Any, limit: int = MAX_VALUE) -> str:
    """A metadata value as plain one-line text: scripts/styles dropped, tags and entities removed, capped."""
    if isinstance(value, (list, tuple)):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name") or ""
    if not isinstance(value, (str, int, float)):
        return ""
    text = _SCRIPT_BLOCK.sub(" ", str(value)[: limit * 20])
    text = _CONTROL.sub("", strip_markup(text))
    return text if len(text) <= limit else ""


def parse_date(value: Any) -> dict[str, Any] | None:
    """CSL date-parts from ``2017-05-30T..``, ``2016/09/08``, ``2014``, ``May 30, 2017`` ...; else ``None``."""
    text = clean(value, 100)
    if not text:
        return None
    if re.match(r"^\d{4}(?:[-/.]\d{1,2}){0,2}(?:[T ].*)?$", text):
        return csl_date(text)
    for fmt in ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%A, %B %d, %Y", "%B %Y", "%b %Y"):
        try:
            parsed = datetime.strptime(text, fmt)
        except ValueError:
            continue
        parts = [parsed.year, parsed.month] + ([parsed.day] if "%d" in fmt else [])
        return {"date-parts": [parts]}
    return None


def person(value: Any, not_names: Iterable[str] = ()) -> dict[str, str] | None:
    """A CSL name for a person's name, or ``None`` for an organisation, a site name or junk."""
    text = clean(value, MAX_NAME)
    text = re.sub(r"^(?:by|posted by|written by)\s+", "", text, flags=re.IGNORECASE).strip(" ,;|")
    if not text or any(c.isdigit() for c in text) or re.search(r"[@<>{}=/\\]|https?:|www\.", text):
        return None
    folded = text.casefold()
    if folded in {squash(n).casefold() for n in not_names if n} or folded in _NOT_NAMES:
        return None
    if len(text.split()) > 6 or any(w.casefold().strip(".,") in _ORG_WORDS for w in text.split()):
        return None
    name = split_name(text)
    return None if "literal" in name else name


def looks_like_person(text: str) -> bool:
    """Two to four capitalised words (initials and lower-case particles allowed), none a common noun."""
    words = text.split()
    if not 2 <= len(words) <= 4:
        return False
    return all((_NAME_WORD.match(w) or w in _PARTICLE) and w.casefold() not in _NOT_NAMES for w in words) \
        and words[-1] not in _PARTICLE
