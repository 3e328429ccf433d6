"""Field-by-field comparison of a written entry with the records of the same work.

:func:`written_fields` reads what the user wrote from a :class:`~rnnbib.model.Work`;
:func:`record_fields` reads the same fields from a service :class:`~rnnbib.online.record.Record`;
:func:`compare` checks each field against every record of the work and returns one
:class:`FieldCheck` per field that could be compared.  Tolerated (not errors): case, accents,
TeX markup, punctuation, abbreviated or missing given names, ``and others``, a preprint cited
as a preprint, a year of either the preprint or the published version, abbreviated venue
names and page ranges.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .. import csldata
from ..identifiers import arxiv as arxiv_ids
from ..latex import ET_AL
from ..model import Work
from ..online.record import Record
from .normalize import (
    is_preprint_venue,
    names_match,
    page_range,
    same_title,
    title_similarity,
    venues_match,
)

FIELDS = ("title", "authors", "year", "venue", "volume", "pages", "doi", "arxiv")
_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")


@dataclass
class FieldCheck:
    """One compared field: what is written, what the authority says, and whether they agree."""

    field: str
    written: str
    found: str
    source: str
    """The service the ``found`` value comes from (``crossref``, ``arxiv`` ...)."""
    ok: bool
    note: str = ""
    """Why they disagree, when a short reason helps (``missing author Parmar``)."""

    def to_dict(self) -> dict[str, Any]:
        """The report form."""
        row = {"field": self.field, "written": self.written, "found": self.found, "source": self.source,
               "ok": self.ok}
        if self.note:
            row["note"] = self.note
        return row


@dataclass
class Fields:
    """The comparable fields of a written entry or of a record."""

    title: str = ""
    authors: list[dict[str, Any]] = field(default_factory=list)
    authors_truncated: bool = False
    """``and others`` / ``et al.``: only the listed authors are compared."""
    years: list[int] = field(default_factory=list)
    """The year written, or every year the record allows (preprint v1 .. last version, published)."""
    venues: list[str] = field(default_factory=list)
    preprint: bool = False
    """Cited as / recorded as a preprint (arXiv ...)."""
    volume: str = ""
    pages: str = ""
    doi: str = ""
    arxiv: str = ""
    year_uncertain: bool = False
    """The record's year may be the preprint's: it can confirm a year, not contradict one."""


def _year(csl: dict[str, Any]) -> int | None:
    try:
        return int(csl["issued"]["date-parts"][0][0])
    except (KeyError, IndexError, TypeError, ValueError):
        return None


def arxiv_id_of(doi: str) -> str:
    """The arXiv id of an arXiv DOI (``10.48550/arXiv.1706.03762``), else ``""``."""
    ident = arxiv_ids.from_doi(doi)
    return ident.value if ident is not None else ""


def work_arxiv_id(work: Work) -> str:
    """The work's arXiv id (unversioned: identifiers, ``number``, or an arXiv DOI); "" if none."""
    found = csldata.arxiv_id(work)
    if found:
        return found
    for doi in work.ids("doi"):
        found = arxiv_id_of(doi.value)
        if found:
            return found
    return ""


def work_doi(work: Work) -> str:
    """The work's first DOI that is not an arXiv DOI; "" if none."""
    for ident in work.ids("doi"):
        if not arxiv_id_of(ident.value):
            return ident.value
    return ""


def written_fields(work: Work) -> Fields:
    """What the entry says."""
    csl = work.csl
    year = _year(csl)
    venue = str(csl.get("container-title") or csl.get("event-title") or "")
    preprint = bool(is_preprint_venue(venue) or (work.type == "article" and work_arxiv_id(work)
                                                 and not venue))
    return Fields(
        title=work.list_title or work.title,
        authors=[a for a in csl.get("author", []) if isinstance(a, dict) and a != ET_AL],
        authors_truncated=bool(work.extra.get("authors_incomplete")) or ET_AL in csl.get("author", []),
        years=[year] if year else [],
        venues=[venue] if venue else [],
        preprint=preprint,
        volume=str(csl.get("volume") or ""),
        pages=str(csl.get("page") or ""),
        doi=work_doi(work),
        arxiv=work_arxiv_id(work),
    )


def record_fields(record: Record) -> Fields:
    """What an authority's record says (every year and venue name it allows)."""
    csl, extra = record.csl, record.extra
    years: list[int] = []
    first = _year(csl)
    if first:
        years.append(first)
    if record.source == "arxiv" and first:
        last = _YEAR.search(str(extra.get("updated", "")))
        if last:
            years.extend(range(first + 1, int(last.group()) + 1))
    for text in (extra.get("journal_ref", ""), *extra.get("years", [])):
        years.extend(int(y) for y in _YEAR.findall(str(text)))
    venues = [str(csl[k]) for k in ("container-title", "event-title", "container-title-short") if csl.get(k)]
    venues += [str(v) for v in extra.get("venues", []) if v]
    if extra.get("journal_ref"):
        venues.append(str(extra["journal_ref"]))
    number = str(csl.get("number") or "")
    arxiv = number.split(":", 1)[1] if number.lower().startswith("arxiv:") else str(extra.get("arxiv", ""))
    doi = str(csl.get("DOI") or "")
    if doi and arxiv_id_of(doi):
        arxiv, doi = arxiv or str(arxiv_id_of(doi)), ""
    return Fields(
        title=str(csl.get("title") or ""),
        authors=[a for a in csl.get("author", []) if isinstance(a, dict)],
        years=list(dict.fromkeys(years)),
        venues=venues,
        preprint=record.source == "arxiv" or (csl.get("type") == "article" and bool(arxiv)),
        volume=str(csl.get("volume") or ""),
        pages=str(csl.get("page") or ""),
        doi=doi or str(extra.get("published_doi") or ""),
        arxiv=arxiv,
        year_uncertain=bool(extra.get("year_uncertain")),
    )


def family_name(name: dict[str, Any]) -> str:
    """``van Merriënboer``: the family name with its particle, or the literal name."""
    family = str(name.get("family") or "")
    if not family:
        return str(name.get("literal") or "?")
    particle = str(name.get("non-dropping-particle") or name.get("dropping-particle") or "")
    return f"{particle} {family}" if particle else family


def family_list(names: Sequence[dict[str, Any]]) -> str:
    """``Vaswani, Shazeer, Parmar`` (families with particles, or literal names)."""
    return ", ".join(family_name(n) for n in names)


def corrected_authors(written: Sequence[dict[str, Any]], found: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The record's author list, in its order, keeping the written spelling of every author it names."""
    out = []
    for person in found:
        mine = next((a for a in written if names_match(a, person)), None)
        out.append(dict(mine) if mine is not None else dict(person))
    return out


def compare_authors(written: Fields, found: Fields) -> tuple[bool, str]:
    """Whether the author lists agree (count, family names, order), and why not."""
    mine, theirs = written.authors, found.authors
    if written.authors_truncated:
        theirs = theirs[: len(mine)]
        if len(mine) > len(found.authors):
            return False, f"{len(mine)} authors written, {len(found.authors)} found"
    if len(mine) == len(theirs) and all(names_match(a, b) for a, b in zip(mine, theirs, strict=True)):
        return True, ""
    missing = [b for b in theirs if not any(names_match(a, b) for a in mine)]
    extra = [a for a in mine if not any(names_match(a, b) for b in theirs)]
    notes = []
    if missing:
        notes.append(f"missing {family_list(missing)}")
    if extra:
        notes.append(f"not in the record: {family_list(extra)}")
    if not notes:
        notes.append("other order" if len(mine) == len(theirs) else "repeated names")
    if len(mine) != len(theirs):
        notes.insert(0, f"{len(mine)} written, {len(theirs)} found")
    return False, "; ".join(notes)


def arxiv_base(ident: str) -> str:
    """An arXiv id without its version."""
    parsed = arxiv_ids.parse(ident)
    return parsed.value if parsed else ident


def compare(written: Fields, records: Sequence[tuple[Record, Fields]]) -> list[FieldCheck]:
    """Check each written field against the records of the same work (the first is the primary one).

    A field agrees when any record agrees (a work may be recorded as preprint and as published
    paper); a disagreement is reported against the first record that has the field.
    """
    checks: list[FieldCheck] = []

    def check(name: str, written_text: str, agree: Any, value: Any) -> None:
        having = [(r, f) for r, f in records if value(f)]
        if not written_text or not having:
            return
        results = [agree(f) for _, f in having]
        agreeing = [pair for pair, res in zip(having, results, strict=True) if _agrees(res)]
        if agreeing:
            record, fields = agreeing[0]
            checks.append(FieldCheck(name, written_text, str(value(fields)), record.source, True))
            return
        if all(res is None for res in results):
            return
        index = next(i for i, res in enumerate(results) if res is not None)
        record, fields = having[index]
        note = results[index][1] if isinstance(results[index], tuple) else ""
        checks.append(FieldCheck(name, written_text, str(value(fields)), record.source, False, note))

    check("title", written.title, lambda f: same_title(written.title, f.title) or
          (False, f"similarity {title_similarity(written.title, f.title):.2f}"), lambda f: f.title)
    check("authors", family_list(written.authors) + (", and others" if written.authors_truncated else ""),
          lambda f: compare_authors(written, f), lambda f: family_list(f.authors))
    if written.years:
        year = written.years[0]
        check("year", str(year), lambda f: True if year in f.years else None if f.year_uncertain else False,
              lambda f: f.years[0] if f.years else "")
    if written.venues and not written.preprint:
        venue = written.venues[0]
        check("venue", venue, lambda f: _venue_agrees(venue, f), lambda f: f.venues[0] if f.venues else "")
    check("volume", written.volume, lambda f: f.volume.strip().lower() == written.volume.strip().lower(),
          lambda f: f.volume)
    check("pages", written.pages, lambda f: _pages_agree(written.pages, f.pages), lambda f: f.pages)
    return checks


def _agrees(result: Any) -> bool:
    """``True`` or ``(True, note)``."""
    return result is True or (isinstance(result, tuple) and bool(result[0]))


def _venue_agrees(venue: str, found: Fields) -> bool | None:
    verdicts = [venues_match(venue, v) for v in found.venues]
    if any(v is True for v in verdicts):
        return True
    return False if any(v is False for v in verdicts) else None


def _pages_agree(written: str, found: str) -> bool:
    mine, theirs = page_range(written), page_range(found)
    if mine[0] != theirs[0]:
        return False
    return not mine[1] or not theirs[1] or mine[1] == theirs[1]
