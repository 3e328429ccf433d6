"""Small pure cleanups shared by the service parsers: whitespace, markup, dates, names."""

from __future__ import annotations

import html
import re
from typing import Any

_BLOCK = re.compile(r"</?(?:jats:)?(?:p|sec|title|br|div|li|list|list-item|break)\b[^>]{0,200}>",
                    re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s[^<>]{0,500})?/?>")
_JATS_TITLE = re.compile(r"<jats:title>\s*(abstract|summary)\s*</jats:title>", re.IGNORECASE)
_CORPORATE = re.compile(r"\b(collaboration|team|group|consortium|project|committee|institute|university|"
                        r"laboratory|lab|inc|ltd|corporation|foundation|deepmind|research)\b\.?",
                        re.IGNORECASE)
PARTICLES = frozenset({"van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du", "la",
                       "le", "ter", "ten", "zu", "vom", "zum", "bin", "ibn", "al", "el", "y", "st.", "mac"})
SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def squash(text: Any) -> str:
    """Whitespace runs (newlines included) to one space, stripped."""
    return " ".join(str(text or "").split())


def strip_markup(text: Any) -> str:
    """Text without JATS/HTML tags and entities, whitespace normalised (``<i>x</i> &amp;`` -> ``x &``)."""
    text = _BLOCK.sub(" ", _JATS_TITLE.sub(" ", str(text or "")))
    return squash(html.unescape(_TAG.sub("", text)))


def date_parts(value: Any) -> dict[str, Any] | None:
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


def split_name(name: str) -> dict[str, str]:
    """A CSL name from one string: ``Aäron van den Oord`` -> ``Aäron`` / ``van den`` / ``Oord``.

    ``Family, Given`` is understood; corporate names (``ATLAS Collaboration``) become ``literal``.
    """
    name = squash(name)
    if not name:
        return {"literal": ""}
    if _CORPORATE.search(name):
        return {"literal": name}
    if "," in name:
        family, _, given = name.partition(",")
        given, suffix = _take_suffix(squash(given))
        return _with_particle(squash(family), given, suffix)
    words = name.split(" ")
    suffix = ""
    if len(words) > 2 and words[-1].lower().rstrip(",") in SUFFIXES:
        suffix = words.pop()
        words[-1] = words[-1].rstrip(",")
    if len(words) == 1:
        return {"family": words[0]}
    # The particle starts at the first lower-case particle word after the given names.
    for i in range(1, len(words) - 1):
        if words[i].lower() in PARTICLES and words[i][:1].islower():
            result = {"given": " ".join(words[:i]), "non-dropping-particle": " ".join(words[i:-1]),
                      "family": words[-1]}
            if all(w.lower() in PARTICLES for w in words[i:-1]):
                return _add_suffix(result, suffix)
            break
    return _add_suffix({"given": " ".join(words[:-1]), "family": words[-1]}, suffix)


def _take_suffix(given: str) -> tuple[str, str]:
    if "," in given:
        first, _, rest = given.partition(",")
        if rest.strip().lower() in SUFFIXES:
            return first.strip(), rest.strip()
    return given, ""


def _with_particle(family: str, given: str, suffix: str) -> dict[str, str]:
    words = family.split(" ")
    result: dict[str, str] = {"family": family}
    if len(words) > 1 and all(w.lower() in PARTICLES and w[:1].islower() for w in words[:-1]):
        result = {"non-dropping-particle": " ".join(words[:-1]), "family": words[-1]}
    if given:
        result = {"given": given, **result}
    return _add_suffix(result, suffix)


def _add_suffix(name: dict[str, str], suffix: str) -> dict[str, str]:
    if suffix:
        name["suffix"] = suffix
    return name
