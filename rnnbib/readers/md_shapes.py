"""One-line entry shapes of awesome lists, read from inline pieces.

=================================================================  ===========  =========================
shape                                                              title from   also gives
=================================================================  ===========  =========================
``- **Title** (2015), A. Author et al. [[pdf]](url)``              bold         year, authors
``1. **Title.** Venue 2020. [paper](url)``                         bold         venue, year
``**[N]** Authors. "**Title**." Venue (2015). [[pdf]](url)``       bold         authors, venue, year
``**(2019-05) Title** [[label](url)]``                             bold         year, month
``* Authors, *Title*, venue [[Paper](url)] [[Code](url)]``         italic       authors, venue, year
``- [Title](url) - description`` / ``1. [Title](url) by A (2015)``  link text    description, authors, year
``* Name [[Paper]](url) [[Code]](url)``                            lead text    —
=================================================================  ===========  =========================

A table row is read the same way with its cells as lines.  The link-text and lead-text shapes need
a usable link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .md_ast import Piece
from .md_hints import year_of
from .md_labels import canonical_label

__all__ = ["CELL", "Shape", "detect_shape", "is_tag_text", "is_url_text"]

#: The text of the break piece put between table cells (a bold run never spans cells).
CELL = "cell"


@dataclass(slots=True)
class Shape:
    """What an entry line says about its work besides links."""

    kind: str
    title: str
    title_url: str = ""
    authors: str = ""
    year: int | None = None
    month: int | None = None
    venue: str = ""
    description: str = ""


_NUMBER = re.compile(r"\s*[\[(]?\s*\d{1,4}\s*[\])]?\s*[.:)]?\s*")
_NOTE = re.compile(r"\s*[(（].*[)）]\s*")
_DATE_PREFIX = re.compile(r"\s*[(\[]\s*((?:19|20)\d\d)(?:[-/.](\d{1,2}))?\s*[)\]]\s*")
_YEAR_LEAD = re.compile(r"\s*[(（]\s*((?:19|20)\d\d)\s*[)）]\s*[,.]?\s*(.*)", re.DOTALL)
_LEAD_NUMBER = re.compile(r"\s*(?:\d{1,4}[.)]|[-*+•●])?\s*")
_BY = re.compile(r"^\s*[-–—,]?\s*by\s+(.*?)(?:\s*[(（]|\s+[:\-–—]\s|\s*:|$)(?P<rest>.*)$",
                 re.IGNORECASE | re.DOTALL)
_LETTERS = re.compile(r"[^\W\d_]{2}")
_QUOTED = re.compile(r"[\"“]([^\"“”]{4,400})[\"”]")
# `Title (2016), A. Author et al.` without markup (terryum's appendix).
_TITLE_YEAR_AUTHORS = re.compile(r"(?P<title>.+?)\s*[(（](?P<year>(?:19|20)\d\d)[)）]\s*,?\s*(?P<authors>.*)")
_QUOTES = " \"'“”‘’«»「」"
_TAG_SPLIT = re.compile(r"[\s\-_/:()]+")
_TAGS = frozenset(("pdf", "paper", "code", "html", "web", "link", "url", "arxiv", "github", "project",
                   "video", "slides", "blog", "dataset", "data", "tweet", "website", "demo", "abs",
                   "doi", "bib", "bibtex", "poster", "supp", "supplementary", "talk", "homepage",
                   "model", "models", "notes", "openreview", "official", "unofficial", "pytorch",
                   "tensorflow", "caffe", "keras", "torch", "mxnet", "matlab", "jax", "zhihu",
                   "media", "press", "news", "colab", "huggingface", "hf", "api", "docs", "book"))


def is_url_text(text: str) -> bool:
    """Whether link text is itself a URL (a self-link ``[url](url)``)."""
    t = text.strip().lower()
    return t.startswith(("http://", "https://", "www.", "ftp://")) or "://" in t


def is_tag_text(text: str) -> bool:
    """Whether link text is a tag such as ``pdf``, ``[Paper]``, ``Code`` rather than a title."""
    t = text.strip().strip("[]() ").strip().lower()
    if not t:
        return True
    if t in _TAGS:
        return True
    words = _TAG_SPLIT.split(t)
    if len(words) <= 3 and (words[0] in _TAGS or _is_label(words[0])):
        return True  # `Paper-arXiv`, `Paper-ICML`, `code (official)`
    return len(t.split()) <= 2 and _is_label(t) and len(t) <= 16


def _is_label(text: str) -> bool:
    return canonical_label(text)[1] not in ("", "text")


def _text(items: list[Piece]) -> str:
    return "".join(" " if p.kind == "break" else p.text for p in items if p.kind in ("text", "break"))


def _title_like(text: str) -> bool:
    return bool(_LETTERS.search(text)) and not is_url_text(text) and not is_tag_text(text)


def detect_shape(items: list[Piece], usable: list[int]) -> Shape | None:
    """The shape of one entry line.

    ``items`` are the line's pieces and ``usable`` the indexes of its links with a usable target
    (not an anchor, badge or empty).  Without usable links only the bold and italic shapes apply
    (the caller allows that when the text names an arXiv id).  Returns None when no shape fits.
    """
    anchor = usable[0] if usable else len(items)
    # Bold, italic or quoted titles come with tag links (`[pdf]`, `[Code]`); prose that emphasises
    # a phrase and then links to named things is not an entry.
    tags_only = not any(_title_like(items[i].text) for i in usable)
    shape = _bold(items, anchor, tags_only)
    if shape is None and tags_only:
        shape = _italic(items, anchor) or _quoted(items, anchor)
    if shape is None and usable:
        shape = _link_title(items, usable) or _lead_text(items, usable)
    return shape


def _runs(items: list[Piece], flag: str) -> list[tuple[int, int]]:
    """Maximal ranges ``[start, end)`` of text/link pieces with ``flag`` (strong or em) set."""
    runs: list[tuple[int, int]] = []
    start = -1
    for i, p in enumerate(items):
        on = p.kind in ("text", "link") and getattr(p, flag) and (flag != "em" or not p.strong)
        if on and start < 0:
            start = i
        elif not on and start >= 0:
            if (p.kind == "text" and not p.text.strip()) or (p.kind == "break" and p.text != CELL):
                continue
            runs.append((start, i))
            start = -1
    if start >= 0:
        runs.append((start, len(items)))
    return runs


def _run_text(items: list[Piece], start: int, end: int) -> str:
    return "".join(" " if p.kind == "break" else p.text for p in items[start:end])


def _tail(items: list[Piece], end: int) -> str:
    """Text after position ``end`` up to the next link."""
    out: list[str] = []
    for p in items[end:]:
        if p.kind == "link":
            break
        if p.kind == "text":
            out.append(p.text)
        elif p.kind == "break":
            out.append(" ")
    return "".join(out)


def _clean_title(title: str) -> str:
    title = " ".join(title.split()).strip(_QUOTES)
    if title.endswith(".") and not title.endswith(".."):
        title = title[:-1].rstrip()
    return title.strip(_QUOTES).rstrip(" ,:;")


def _bold(items: list[Piece], anchor: int, tags_only: bool) -> Shape | None:
    for start, end in _runs(items, "strong"):
        text = _run_text(items, start, end)
        if _NUMBER.fullmatch(text) or _NOTE.fullmatch(text) or not _LETTERS.search(text):
            continue
        if not tags_only and all(items[i].kind != "link" for i in range(start, end)):
            return None
        if start > anchor and all(items[i].kind != "link" for i in range(start, end)):
            return None  # a bold note after the links, not a title
        shape = Shape("bold", "")
        m = _DATE_PREFIX.match(text)
        if m:
            shape.year = int(m.group(1))
            shape.month = int(m.group(2)) if m.group(2) and 1 <= int(m.group(2)) <= 12 else None
            text = text[m.end():]
        shape.title = _clean_title(text)
        link = next((items[i] for i in range(start, end) if items[i].kind == "link"), None)
        if link is not None:
            shape.title_url = link.url
        pre = _NUMBER.sub("", _text(_strip_runs(items[:start])), count=1) if start else ""
        pre = pre.strip(_QUOTES + ",.-–—:")
        tail = _tail(items, end)
        if tail.lstrip()[:1] in ("-", "–", "—", ":"):
            description = " ".join(tail.split()).strip(" -–—:,.")
            if _LETTERS.search(description):
                shape.description = description
        elif _LETTERS.search(pre):
            shape.authors = pre
            _venue(shape, tail)
        else:
            m2 = _YEAR_LEAD.match(tail)
            if m2:
                shape.year = shape.year or int(m2.group(1))
                shape.authors = m2.group(2).strip(" ,.;[")
            else:
                _venue(shape, tail)
        return shape if shape.title else None
    return None


def _strip_runs(items: list[Piece]) -> list[Piece]:
    """Drop leading bold numbers such as ``**[8]**`` from the pieces before a title."""
    return [p for p in items if not (p.strong and _NUMBER.fullmatch(p.text))]


def _venue(shape: Shape, tail: str) -> None:
    venue = " ".join(tail.split()).strip(_QUOTES + ",.:;[(-–—")
    if _LETTERS.search(venue):
        shape.venue = venue
    year = year_of(tail)
    if year and not shape.year:
        shape.year = year


def _italic(items: list[Piece], anchor: int) -> Shape | None:
    for start, end in _runs(items, "em"):
        if start > anchor:
            return None
        text = _run_text(items, start, end)
        if len(text.split()) < 2 or not _LETTERS.search(text):
            continue
        shape = Shape("italic", _clean_title(text))
        shape.authors = _text(items[:start]).strip(_QUOTES + ",.-–—:")
        _venue(shape, _tail(items, end))
        return shape if shape.title else None
    return None


def _quoted(items: list[Piece], anchor: int) -> Shape | None:
    """``Authors, "Title", venue`` — a quoted title of two words or more before the first link."""
    text = _text(items[:anchor])
    m = _QUOTED.search(text)
    if m is None:
        return None
    title = _clean_title(m.group(1))
    if len(title.split()) < 2:
        return None
    authors = _NUMBER.sub("", text[:m.start()], count=1).strip(_QUOTES + ",.-–—:")
    shape = Shape("quoted", title, authors=authors)
    _venue(shape, text[m.end():])
    return shape


def _line_start(items: list[Piece], index: int) -> bool:
    """Whether only numbering or bullet marks precede ``items[index]`` on its line."""
    before: list[str] = []
    for p in reversed(items[:index]):
        if p.kind == "break":
            break
        if p.kind != "text":
            return False
        before.append(p.text)
    return _LEAD_NUMBER.fullmatch("".join(reversed(before))) is not None


def _link_title(items: list[Piece], usable: list[int]) -> Shape | None:
    for i in usable:
        link = items[i]
        if not _line_start(items, i):
            continue
        if not _title_like(link.text):
            continue
        shape = Shape("link", _clean_title(link.text), title_url=link.url)
        tail = _tail(items, i + 1)
        shape.year = year_of(tail)
        by = _BY.match(tail)
        if by:
            shape.authors = by.group(1).strip(" ,.")
            tail = by.group("rest")
        description = " ".join(tail.split()).strip(" -–—:,.()0123456789/")
        if _LETTERS.search(description):
            shape.description = description
        return shape if shape.title else None
    return None


def _lead_text(items: list[Piece], usable: list[int]) -> Shape | None:
    first = usable[0]
    if any(items[i].kind == "link" and _title_like(items[i].text) for i in usable):
        return None
    start = 0
    for k in range(first - 1, -1, -1):
        if items[k].kind == "break":
            start = k + 1
            break
    lead = _LEAD_NUMBER.sub("", _text(items[start:first]), count=1)
    lead = " ".join(lead.split()).rstrip(" [(:-–—,").strip(_QUOTES)
    if not _LETTERS.search(lead) or len(lead) > 300:
        return None
    m = _TITLE_YEAR_AUTHORS.fullmatch(lead)
    if m and _LETTERS.search(m.group("title")):
        return Shape("lead", _clean_title(m.group("title")), authors=m.group("authors").strip(" ,."),
                     year=int(m.group("year")))
    return Shape("lead", lead)
