"""Author lists as reading lists write them, turned into CSL names.

Handles ``A. Author, B. Author and C. Author``, Oxford commas, ``&``, ``et al.`` (dropped and
reported), a first author written ``Family, Given`` (``Bengio, Yoshua, Ian J. Goodfellow, and Aaron
Courville``), particles (``Aaron van den Oord`` → non-dropping-particle ``van den``) and suffixes
(``Jr.``).  A single word stays a family name; parts that cannot be names (digits, very long) are
skipped.
"""

from __future__ import annotations

import re
from typing import Any

from ..csldata import PARTICLES, SUFFIXES, split_name

__all__ = ["parse_authors", "parse_name"]

_PART_ORDER = ("family", "given", "non-dropping-particle", "suffix", "literal")

_ET_AL = re.compile(r",?\s*(?:\bet\.?\s*al\b\.?|\band\s+others\b|\betc\.?)\s*", re.IGNORECASE)
_SEPARATORS = re.compile(r"\s*(?:;|，|、|\s&\s|\band\b|,)\s*", re.IGNORECASE)
_AND = re.compile(r"\s*(?:;|\s&\s|\band\b)\s*", re.IGNORECASE)
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\ufeff"), None)


def parse_authors(text: str) -> tuple[list[dict[str, Any]], bool]:
    """CSL names from an author list, and whether it ended in ``et al.``."""
    text = _strip_end(" ".join(text.translate(_INVISIBLE).split()))
    et_al = bool(_ET_AL.search(text))
    if et_al:
        text = _strip_end(_ET_AL.sub(" ", text))
    chunks = [c.strip() for c in _AND.split(text) if c.strip()]
    if len(chunks) >= 2 and all(_is_family_given(c) for c in chunks):
        return [parse_name(c) for c in chunks], et_al
    parts = [p.strip() for p in _SEPARATORS.split(text) if p.strip()]
    names: list[dict[str, Any]] = []
    i = 0
    # `Family, Given, Given Family, …`: only the first author is inverted.
    if len(parts) >= 2 and text[len(parts[0]):].lstrip().startswith(",") \
            and _is_family_given(f"{parts[0]}, {parts[1]}") \
            and (len(parts) == 2 or " " in parts[2] or any(ch == "." for ch in parts[1])):
        names.append(_family_first(parts[0], parts[1]))
        i = 2
    for part in parts[i:]:
        if any(ch.isdigit() for ch in part) or len(part.split()) > 6:
            continue
        names.append(parse_name(part))
    return names, et_al


def _strip_end(text: str) -> str:
    """Drop trailing punctuation, keeping the dot of a final initial (``Geoffrey E.``) or ``Jr.``."""
    text = text.strip(" ,;:")
    while text.endswith("."):
        last = text.rsplit(None, 1)[-1]
        if (len(last) == 2 and last[0].isalpha()) or last.lower() in SUFFIXES:
            break
        text = text[:-1].rstrip(" ,;:")
    return text.lstrip(" ,;:.")


def _is_family_given(chunk: str) -> bool:
    """``Family, Given`` with a one-word family name and given names after the comma."""
    family, comma, given = chunk.partition(",")
    family = family.strip()
    return bool(comma) and "," not in given and bool(family) and " " not in family \
        and "." not in family and _looks_given(given.strip())


def _looks_given(part: str) -> bool:
    """Given names written after a family name: one or two words or initials, the first capitalised."""
    words = part.split()
    return 1 <= len(words) <= 3 and words[0][:1].isupper() and (
        len(words) == 1 or all(w[:1].isupper() or w.lower() in PARTICLES for w in words))


def _family_first(family: str, given: str) -> dict[str, Any]:
    words = given.split()
    particle: list[str] = []
    while len(words) > 1 and words[-1].lower() in PARTICLES:
        particle.insert(0, words.pop())
    name: dict[str, Any] = {"family": family, "given": " ".join(words)}
    if particle:
        name["non-dropping-particle"] = " ".join(particle)
    return name


def parse_name(text: str) -> dict[str, Any]:
    """One CSL name from ``Given [particle] Family [suffix]`` (or ``Family, Given``), family first."""
    name = split_name(text)
    return {k: name[k] for k in _PART_ORDER if k in name}
