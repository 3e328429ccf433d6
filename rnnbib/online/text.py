"""Small pure cleanups shared by the service parsers: whitespace, markup, dates (names: :mod:`rnnbib.csldata`)."""

from __future__ import annotations

import html
import re
from typing import Any

_BLOCK = re.compile(r"</?(?:jats:)?(?:p|sec|title|br|div|li|list|list-item|break)\b[^>]{0,200}>",
                    re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s[^<>]{0,500})?/?>")
_JATS_TITLE = re.compile(r"<jats:title>\s*(abstract|summary)\s*</jats:title>", re.IGNORECASE)


def squash(text: Any) -> str:
    """Whitespace runs (newlines included) to one space, stripped."""
    return " ".join(str(text or "").split())


def strip_markup(text: Any) -> str:
    """Text without JATS/HTML tags and entities, whitespace normalised (``<i>x</i> &amp;`` -> ``x &``)."""
    text = _BLOCK.sub(" ", _JATS_TITLE.sub(" ", str(text or "")))
    return squash(html.unescape(_TAG.sub("", text)))


def csl_date(value: Any) -> dict[str, Any] | None:
    """CSL ``{"date-parts": [[Y, M, D]]}`` from an ISO date string or Crossref/CSL date-parts with nulls."""
    parts: list[Any]
    if isinstance(value, dict):
        raw = value.get("date-parts") or [[]]
        parts = list(raw[0] or []) if raw else []
    elif isinstance(value, str):
        parts = re.findall(r"\d+", value.split("T")[0])[:3]
    elif isinstance(value, int):
        parts = [value]
    else:
        return None
    clean: list[int] = []
    for part in parts:
        try:
            number = int(part)
        except (TypeError, ValueError):
            break
        clean.append(number)
    if not clean or not 1000 <= clean[0] <= 2999:
        return None
    if len(clean) > 1 and not 1 <= clean[1] <= 12:
        clean = clean[:1]
    if len(clean) > 2 and not 1 <= clean[2] <= 31:
        clean = clean[:2]
    return {"date-parts": [clean[:3]]}
