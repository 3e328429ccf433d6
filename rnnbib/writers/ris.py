"""RIS writer: one ``TY`` … ``ER`` record per work, with types and tags Zotero reads back.

The type and tag choices follow Zotero's own import translator (``RIS.js``,
zotero/translators), because Zotero is where most RIS files end up:

- ``TY`` per CSL type from :data:`RIS_TYPES`.  Zotero has no RIS type for a
  preprint: ``GEN`` is re-imported as a *journal article* and ``UNPB`` is not
  mapped at all (also a journal article).  An arXiv preprint is written as
  ``RPRT`` (report): Zotero then keeps ``PB`` as the institution ("arXiv"),
  ``SN`` as the report number ("arXiv:1406.6247") and ``M3`` as the report
  type ("Preprint"), so the CSL it exports again carries ``publisher``,
  ``number`` and ``genre``; a manuscript (``MANSCPT``) would lose publisher and
  number, a web page (``ELEC``) all three.  citation-js reads ``RPRT`` the same way.
- ``CONF``: ``T2`` is the conference name and ``C3`` the proceedings title (Zotero
  reads ``T2`` as ``conferenceName`` for conference papers), ``C1`` the place.
- ``KW`` once per keyword and per section path (Zotero tags); ``N1`` once per
  note line (Zotero notes), links in the ``role: URL`` form of
  :meth:`~rnnbib.model.Work.note_lines`.

Injection safety: every line is ``TAG  - value``.  Values never contain a line
break (all whitespace runs, including CR, LF, U+2028/9 and U+0085, become one
space) or a control character, so no value can start a line of its own, let
alone a ``TY``/``ER`` line.  Bidi controls and zero-width spaces are dropped too
(:func:`rnnbib.textclean.clean_text`; percent-encoded in ``UR``), so no value
displays reversed.  Lines are written by hand: ``rispy.dumps`` puts a
``1.``, ``2.`` … header line before each record (not ``TAG  - value``) and maps
tags through its own field names; rispy is used by the tests to read the
output back instead.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from ..csldata import date_parts, is_preprint
from ..model import Work
from ..textclean import clean_text, clean_url
from . import WriteOptions

__all__ = ["RIS_TYPES", "clean_value", "format_name", "ris_record", "ris_type", "write_ris"]

# CSL type -> RIS TY, chosen by what Zotero's RIS.js imports (comment = Zotero item type).
RIS_TYPES: dict[str, str] = {
    "article-journal": "JOUR",  # journalArticle
    "paper-conference": "CONF",  # conferencePaper
    "article": "RPRT",  # report: keeps publisher/number/genre of a preprint (see module doc)
    "report": "RPRT",  # report
    "software": "COMP",  # computerProgram
    "post-weblog": "BLOG",  # blogPost
    "post": "ELEC",  # webpage (ICOMM would become an email)
    "webpage": "ELEC",  # webpage
    "thesis": "THES",  # thesis
    "book": "BOOK",  # book
    "chapter": "CHAP",  # bookSection
    "speech": "SLIDE",  # presentation
    "motion_picture": "VIDEO",  # videoRecording
    "dataset": "DATA",  # dataset (Zotero >= 6.0.24; older Zotero: document)
    "manuscript": "MANSCPT",  # manuscript
    "article-magazine": "MGZN",  # magazineArticle
    "article-newspaper": "NEWS",  # newspaperArticle
    "entry-encyclopedia": "ENCYC",  # encyclopediaArticle
    "entry-dictionary": "DICT",  # dictionaryEntry
    "patent": "PAT",  # patent
    "bill": "BILL",  # bill
    "legal_case": "CASE",  # case
    "legislation": "STAT",  # statute
    "map": "MAP",  # map
    "graphic": "ART",  # artwork
    "song": "SOUND",  # audioRecording
    "broadcast": "MPCT",  # film
    "interview": "PCOMM",  # letter (Zotero's own choice for interviews)
    "personal_communication": "PCOMM",  # letter
    "hearing": "HEAR",  # hearing
    "standard": "RPRT",  # report (STAND is imported as a report too)
}
# ``document`` and unknown types: ELEC (web page) when the work has a URL, else
# GEN - which Zotero imports as a journal article, but RIS has nothing better.
_FALLBACK_WITH_URL = "ELEC"
_FALLBACK = "GEN"

_WHITESPACE = re.compile(r"\s+")
_PAGE_RANGE = re.compile(r"^\s*([^-\u2013\u2014\s]+)\s*(?:-+|\u2013|\u2014)\s*(\S+)\s*$")


def clean_value(value: Any) -> str:
    """One RIS value: a single line with no control or invisible characters, whitespace runs folded to one space."""
    text = clean_text(str(value))
    # Whitespace (incl. CR, LF, U+0085, U+2028/9) becomes a space; other control
    # characters (Cc, e.g. NUL, ESC) and lone surrogates (Cs, not encodable) go.
    text = "".join(
        " " if ch.isspace() else ch
        for ch in text
        if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cs")
    )
    return _WHITESPACE.sub(" ", text).strip()


def format_name(name: Any) -> str:
    """A CSL name as RIS wants it: ``Family, Given`` (particle before the family name, suffix last)."""
    if isinstance(name, str):
        return name
    if not isinstance(name, dict):
        return ""
    if name.get("literal"):
        return str(name["literal"])
    family = " ".join(str(p) for p in (name.get("non-dropping-particle"), name.get("family")) if p)
    given = " ".join(str(p) for p in (name.get("given"), name.get("dropping-particle")) if p)
    parts = [p for p in (family, given) if p]
    if name.get("suffix") and parts:
        parts.append(str(name["suffix"]))
    return ", ".join(parts)


def _ris_date(parts: list[int]) -> str:
    """``YYYY/MM/DD/`` with empty month or day when unknown (the RIS ``DA`` form)."""
    year, month, day = [*parts, 0, 0, 0][:3]
    return f"{year:04d}/{f'{month:02d}' if month else ''}/{f'{day:02d}' if month and day else ''}/"


def ris_type(work: Work) -> str:
    """The RIS ``TY`` for a work."""
    if work.type in RIS_TYPES:
        return RIS_TYPES[work.type]
    return _FALLBACK_WITH_URL if work.csl.get("URL") else _FALLBACK


def ris_record(work: Work) -> list[tuple[str, str]]:
    """The (tag, value) pairs of one record, ``TY`` first and ``ER`` last; empty values left out."""
    csl = work.csl
    ty = ris_type(work)
    pairs: list[tuple[str, Any]] = [("TY", ty), ("ID", work.key), ("TI", csl.get("title"))]
    pairs += [("AU", format_name(n)) for n in csl.get("author") or []]
    editor_tag = "A3" if ty == "BOOK" else "A2"
    pairs += [(editor_tag, format_name(n)) for n in csl.get("editor") or []]
    pairs += [("A4", format_name(n)) for n in csl.get("translator") or []]

    issued = date_parts(csl.get("issued"))
    if issued:
        # DA even for a bare year: citation-js reads a conference paper's PY as the event date.
        pairs += [("PY", f"{issued[0]:04d}"), ("DA", _ris_date(issued))]

    container = csl.get("container-title")
    event = csl.get("event-title") or csl.get("event")
    place = csl.get("event-place") or csl.get("publisher-place")
    if ty == "CONF":
        pairs += [("T2", event), ("C3", container), ("C1", place)]
    elif ty == "SLIDE":
        pairs += [("T2", event), ("CY", place)]
    elif ty in ("RPRT", "BOOK", "COMP", "DATA", "THES", "VIDEO"):
        pairs += [("T2", csl.get("collection-title")), ("CY", csl.get("publisher-place"))]
    else:
        pairs += [("T2", container), ("CY", csl.get("publisher-place"))]
    pairs.append(("J2", csl.get("container-title-short")))

    pairs += [("VL", csl.get("volume")), ("IS", csl.get("issue"))]
    page = csl.get("page")
    if page:
        match = _PAGE_RANGE.match(str(page))
        pairs += [("SP", match.group(1)), ("EP", match.group(2))] if match else [("SP", page)]

    pairs.append(("PB", csl.get("publisher")))
    if ty == "RPRT":
        pairs.append(("SN", csl.get("number")))
    else:
        pairs.append(("SN", csl.get("ISSN") if ty in ("JOUR", "MGZN", "NEWS") else csl.get("ISBN")))
    genre = csl.get("genre")
    if not genre and ty == "RPRT" and is_preprint(work):
        genre = "Preprint"
    if ty in ("RPRT", "THES", "ELEC", "BLOG", "SLIDE", "MANSCPT", "MAP", "ART"):
        pairs.append(("M3", genre))
    edition = csl.get("version") if ty in ("COMP", "DATA") else csl.get("edition")
    pairs.append(("ET", edition))

    url = csl.get("URL")
    pairs += [("DO", csl.get("DOI")), ("UR", clean_url(url) if isinstance(url, str) else url)]
    accessed = date_parts(csl.get("accessed"))
    if accessed:
        pairs.append(("Y2", _ris_date(accessed)))
    pairs += [("LA", csl.get("language")), ("AB", csl.get("abstract"))]
    pairs += [("KW", kw) for kw in work.all_keywords()]
    pairs += [("N1", line) for line in work.note_lines()]

    record: list[tuple[str, str]] = []
    for tag, value in pairs:
        text = clean_value(value) if value is not None else ""
        if text:
            record.append((tag, text))
    record.append(("ER", ""))
    return record


def write_ris(works: Sequence[Work], options: WriteOptions) -> str:
    """All works as RIS records separated by a blank line (LF line endings, UTF-8 text)."""
    del options  # RIS has no style or locale
    records = ["\n".join(f"{tag}  - {value}" for tag, value in ris_record(work)) + "\n" for work in works]
    return "\n".join(records)
