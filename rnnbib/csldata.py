"""Reading the CSL data of a :class:`~rnnbib.model.Work`: one home for dates, arXiv ids, preprints, names.

Readers, writers and the citekey builder ask here rather than each parsing ``issued`` or ``number``
their own way:

- :func:`date_parts` / :func:`year`: ``[year, month, day]`` from a CSL date (lists or tuples; a month
  outside 1–12 or a day outside 1–31 is dropped with what follows it; ``raw``/``literal`` give the year);
- :func:`arxiv_id` and :func:`is_preprint`: the arXiv id of a work and whether it is cited as a preprint;
- :func:`arxiv_fields`: the CSL fields an arXiv id gives offline (``article``, ``number: arXiv:ID``,
  ``publisher: arXiv``, the abstract page, the year and month read from the id);
- :func:`split_name`: one CSL name from one string.
"""

from __future__ import annotations

import re
from typing import Any

from .identifiers import arxiv as arxiv_ids
from .model import Identifier, Work

__all__ = ["arxiv_fields", "arxiv_id", "date_parts", "date_range", "is_preprint", "split_name", "year"]

_YEAR = re.compile(r"\b(\d{4})\b")
_CORPORATE = re.compile(r"\b(collaboration|team|group|consortium|project|committee|institute|university|"
                        r"laboratory|lab|inc|ltd|corporation|foundation|deepmind|research)\b\.?",
                        re.IGNORECASE)
PARTICLES = frozenset({"van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du", "la",
                       "le", "ter", "ten", "zu", "vom", "zum", "bin", "ibn", "al", "el", "y", "st.", "mac",
                       "af", "op"})
SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def date_parts(value: Any) -> list[int]:
    """``[year]``, ``[year, month]`` or ``[year, month, day]`` from a CSL date, or ``[]``."""
    if isinstance(value, dict):
        parts = value.get("date-parts")
        if isinstance(parts, list | tuple) and parts and isinstance(parts[0], list | tuple):
            out: list[int] = []
            for p in parts[0][:3]:
                try:
                    out.append(int(p))
                except (TypeError, ValueError):
                    break
            if len(out) >= 2 and not 1 <= out[1] <= 12:
                out = out[:1]
            if len(out) == 3 and not 1 <= out[2] <= 31:
                out = out[:2]
            return out
        value = value.get("raw") or value.get("literal") or ""
    match = _YEAR.search(str(value or ""))
    return [int(match.group(1))] if match else []


def date_range(value: Any) -> tuple[list[int], list[int]]:
    """The start and end (``[]`` when not a range) of a CSL date: ``date-parts`` with two parts."""
    start = date_parts(value)
    if start and isinstance(value, dict):
        parts = value.get("date-parts")
        if isinstance(parts, list) and len(parts) > 1 and isinstance(parts[1], list):
            end = date_parts({"date-parts": [parts[1]]})
            if end and end != start:
                return start, end
    return start, []


def year(work: Work) -> int | None:
    """The year the work was issued, or None."""
    parts = date_parts(work.csl.get("issued"))
    return parts[0] if parts else None


def arxiv_id(work: Work) -> str | None:
    """The work's arXiv id (unversioned), from its identifiers or a CSL ``number`` ``arXiv:ID``."""
    ident = work.first_id("arxiv")
    if ident is not None:
        return ident.value
    number = str(work.csl.get("number", "")).strip()
    if not number.lower().startswith("arxiv:"):
        return None
    found = arxiv_ids.parse(number)
    return found.value if found is not None else None


def is_preprint(work: Work) -> bool:
    """Cited as a preprint: a CSL ``article`` (Zotero's preprint) with an arXiv id."""
    return work.type == "article" and arxiv_id(work) is not None


def arxiv_fields(ident: Identifier) -> dict[str, Any]:
    """The CSL fields an arXiv id gives without a lookup."""
    fields: dict[str, Any] = {"type": "article", "number": f"arXiv:{ident.value}", "publisher": "arXiv",
                              "URL": arxiv_ids.abs_url(ident.value)}
    ym = arxiv_ids.year_month(ident.value)
    if ym is not None:
        fields["issued"] = {"date-parts": [[ym[0], ym[1]]]}
    return fields


def split_name(name: str) -> dict[str, str]:
    """A CSL name from one string: ``Aäron van den Oord`` -> ``Aäron`` / ``van den`` / ``Oord``.

    ``Family, Given`` is understood; corporate names (``ATLAS Collaboration``) become ``literal``.
    """
    name = " ".join(name.split())
    if not name:
        return {"literal": ""}
    if _CORPORATE.search(name):
        return {"literal": name}
    if "," in name:
        family, _, given = name.partition(",")
        given, suffix = _take_suffix(" ".join(given.split()))
        return _with_particle(family.strip(), given, suffix)
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
