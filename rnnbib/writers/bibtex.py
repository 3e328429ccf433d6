"""BibTeX and BibLaTeX writers, through bibtexparser v2's model and writer.

``bibtex``: classic types and fields for bibtex + natbib styles, ASCII only
(Unicode becomes LaTeX macros, see :mod:`.latex`); arXiv preprints are ``@misc``
with ``eprint``/``archivePrefix``/``primaryClass`` and a natbib-friendly
``howpublished``.  ``biblatex``: biblatex types and fields (``@online``,
``@software``, ``journaltitle``, ``date``, ``eprinttype``, ``urldate`` ...), UTF-8
kept for biber, only fields that biber's data model allows for the type.

Both: one entry per work, in input order, keyed by ``work.key``; titles protect
acronyms and mixed-case words; ``annote`` -- a field no style prints (biblatex reads it as its
``annotation``; Zotero's BibTeX import makes it a child note, it ignores ``annotation``) -- carries
the list's annotations, :meth:`Work.note_lines` joined by
``;`` + newline (the reader splits them back), a line's leading ``@`` braced;
``url``/``doi``/``eprint`` are verbatim fields (see :func:`.latex.latex_url`), the
arXiv class (``primaryClass``/``eprintclass``) is escaped text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.middlewares import default_unparse_stack
from bibtexparser.model import Entry, Field
from bibtexparser.writer import BibtexFormat

from ..bibtypes import from_csl
from ..csldata import arxiv_id, date_parts, date_range, is_preprint
from ..identifiers import github as github_ids
from ..latex import (
    escape_latex,
    hide_label_delimiters,
    latex_names,
    latex_title,
    latex_to_unicode,
    latex_url,
    normalize_text,
)
from ..model import ROLES, Work
from . import WriteOptions
from .bib_asis import changed_variables, entry_as_written, raw_latex

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
NOTE_SEPARATOR = ";\n    "
_MASTERS = re.compile(r"(?i)\bmaster|\bm\.?\s?sc\b|\bm\.?a\b|\bm\.?s\b|diplom")
_KEY_UNSAFE = re.compile(r"[^!-~]|[,{}()\"#%'=\\~]")  # what bibtex, biber and \cite cannot take in a key

_MISC_KIND = {
    "software": "Software",
    "webpage": "Web page",
    "post-weblog": "Blog post",
    "post": "Online post",
    "speech": "Slides",
    "motion_picture": "Video",
    "dataset": "Dataset",
}

# biblatex fields allowed per type, beyond those valid everywhere (_BIBLATEX_COMMON).
_BIBLATEX_COMMON = {
    "author", "title", "date", "doi", "url", "urldate", "eprint", "eprinttype", "eprintclass",
    "annote", "keywords", "abstract", "shorttitle", "ids", "crossref", "xref", "entryset", "related", "entrysubtype",
}
_BIBLATEX_FIELDS = {
    "article": {"journaltitle", "shortjournal", "volume", "number", "pages", "issn", "editor", "version"},
    "inproceedings": {"booktitle", "eventtitle", "publisher", "location", "pages", "volume", "number",
                      "series", "editor", "organization", "isbn"},
    "incollection": {"booktitle", "publisher", "location", "pages", "editor", "isbn", "volume", "series",
                     "edition"},
    "inbook": {"booktitle", "publisher", "location", "pages", "editor", "isbn", "volume", "series",
               "edition"},
    "book": {"publisher", "location", "edition", "isbn", "volume", "series", "editor", "number"},
    "thesis": {"type", "institution", "location", "pages"},
    "report": {"type", "institution", "number", "location", "pages", "version"},
    "online": {"organization", "version", "editor"},
    "software": {"organization", "version", "howpublished", "location", "editor"},
    "dataset": {"publisher", "version", "location", "number", "type", "edition", "editor"},
    "misc": {"howpublished", "organization", "version", "location", "type", "editor"},
    "inreference": {"booktitle", "publisher", "location", "pages", "editor", "isbn", "volume", "series",
                    "edition"},
    "booklet": {"howpublished", "location", "type", "pages"},
    "patent": {"number", "location", "type", "version"},
    "unpublished": {"howpublished", "location", "type"},
    "periodical": {"editor", "volume", "number", "issn", "series"},
}
# Types without their own list: the fields every biblatex type may have beyond the common ones.
_BIBLATEX_OTHER = {"editor", "publisher", "location", "volume", "number", "version", "pages", "series",
                   "edition", "isbn", "organization", "type", "howpublished"}


def write_bibtex(works: Sequence[Work], options: WriteOptions) -> str:
    """The works as a BibTeX file for bibtex + natbib (ASCII, LaTeX macros for Unicode)."""
    return _write(works, biblatex=False)


def write_biblatex(works: Sequence[Work], options: WriteOptions) -> str:
    """The works as a BibLaTeX file for biber (UTF-8, biblatex types and fields)."""
    return _write(works, biblatex=True)


def _write(works: Sequence[Work], biblatex: bool) -> str:
    keys = unique_keys(works)
    entries = [_entry(work, key, biblatex) for work, key in zip(works, keys, strict=True)]
    if not entries:
        return ""
    fmt = BibtexFormat()
    fmt.indent = "  "
    fmt.block_separator = "\n"
    fmt.trailing_comma = True
    stack = default_unparse_stack(allow_inplace_modification=True)
    text: str = bibtexparser.write_string(Library(list(entries)), unparse_stack=stack, bibtex_format=fmt)
    return text


def _aliases(work: Work) -> list[str]:
    """The keys of entries merged into the work that can be written as keys (BibLaTeX ``ids``)."""
    return [a for a in work.extra.get("aliases", []) if a and not _KEY_UNSAFE.search(a)]


def unique_keys(works: Sequence[Work]) -> list[str]:
    """The citekeys to write: ``work.key`` made safe for bibtex/biber and unique ignoring case.

    Keys from the key engine and valid keys from the input pass unchanged; characters
    bibtex cannot take in a key become ``_``, a missing key becomes ``itemN``, a repeat gets ``-2``, ``-3`` ...
    """
    seen: set[str] = set()
    out: list[str] = []
    for n, work in enumerate(works, 1):
        base = _KEY_UNSAFE.sub("_", work.key) or f"item{n}"
        key, i = base, 1
        while key.lower() in seen:
            i += 1
            key = f"{base}-{i}"
        seen.add(key.lower())
        out.append(key)
    return out


# -- shared data extraction ------------------------------------------------------------------

def doi_of(work: Work) -> str | None:
    """The DOI: CSL ``DOI`` or the first doi identifier."""
    doi = work.csl.get("DOI")
    if doi:
        return str(doi)
    ident = work.first_id("doi")
    return ident.value if ident else None


def _text(value: Any) -> str:
    return normalize_text(str(value)) if value is not None else ""


def _pages(value: Any) -> str:
    return re.sub(r"\s*[-‐‑‒–—]+\s*", "--", _text(value))


def _is_github(work: Work) -> bool:
    return bool(work.first_id("github")) or github_ids.from_url(str(work.csl.get("URL", ""))) is not None


def _howpublished_kind(work: Work) -> str:
    """What a @misc work is, for howpublished."""
    genre = _text(work.csl.get("genre"))
    if genre:
        return genre
    if work.type == "software" and _is_github(work):
        return "GitHub repository"
    return _MISC_KIND.get(work.type, "")


def _tilde_free(line: str) -> str:
    """A ``role: URL`` note line with ``~`` in the URL as ``%7E`` (the same URL, RFC 3986).

    In a note the URL is LaTeX text, and no LaTeX form of ``~`` survives Zotero's BibTeX
    import (``{\\textasciitilde}`` stays literal, ``\\~{}`` becomes U+223C).
    """
    role, sep, url = line.partition(": ")
    if sep and role in ROLES and url.startswith(("http://", "https://")) and " " not in url:
        return f"{role}: {url.replace('~', '%7E')}"
    return line


def _note(work: Work, ascii_only: bool) -> str:
    """The ``annote`` field: escaped note lines joined by :data:`NOTE_SEPARATOR`.

    A line that starts with ``@`` gets it as ``{@}``: bibtexparser (and so rnnbib's reader)
    starts a new entry at an ``@name{`` at the start of a line, even inside a field.
    """
    lines = (escape_latex(_tilde_free(line), ascii_only=ascii_only) for line in map(_text, work.note_lines()) if line)
    return NOTE_SEPARATOR.join("{@}" + line[1:] if line.startswith("@") else line for line in lines)


# -- bibtex ----------------------------------------------------------------------------------

def _bibtex_type(work: Work) -> str:
    csl_type = work.type
    container = work.csl.get("container-title") or work.csl.get("event-title")
    if csl_type == "article-journal":
        return "article" if work.csl.get("container-title") else "misc"
    if csl_type == "paper-conference":
        return "inproceedings" if container else "misc"
    if csl_type == "chapter":
        return "incollection" if work.csl.get("container-title") else "misc"
    if csl_type == "book":
        return "book"
    if csl_type == "thesis":
        return "mastersthesis" if _MASTERS.search(_text(work.csl.get("genre"))) else "phdthesis"
    if csl_type == "report":
        return "techreport"
    return "misc"


def _bibtex_fields(work: Work) -> tuple[str, list[Field]]:
    csl = work.csl
    etype = _bibtex_type(work)
    fields: list[Field] = []

    def add(name: str, value: str) -> None:
        if value:
            fields.append(Field(name, value))

    def esc(name: str) -> str:
        value = csl.get(name)
        return "" if value is None else escape_latex(_text(value))

    def text(name: str) -> str:
        return raw_latex(work, name, ascii_only=True) or esc(name)

    add("ids", ", ".join(_aliases(work)))
    add("author", latex_names(csl.get("author") or []))
    add("editor", latex_names(csl.get("editor") or []))
    add("title", raw_latex(work, "title", ascii_only=True) or latex_title(_text(csl.get("title"))))
    container = text("container-title")
    if etype == "article":
        add("journal", container)
    elif etype in ("inproceedings", "incollection"):
        add("booktitle", container or text("event-title"))
    date, end = date_range(csl.get("issued"))
    if date:
        add("year", f"{date[0]}--{end[0]}" if end and end[0] != date[0] else f"{date[0]}")
        if len(date) > 1 and not end:
            fields.append(Field("month", MONTHS[date[1] - 1], enclosing="no-enclosing"))
        if len(date) > 2:
            add("day", f"{date[2]}")  # not read by the bibtex styles; Zotero and rnnbib's reader keep it
    preprint = is_preprint(work)
    arxiv = arxiv_id(work)
    add("volume", esc("volume"))
    if etype == "article":
        add("number", esc("issue"))
    elif etype == "techreport":
        add("number", esc("number"))
    add("pages", escape_latex(_pages(csl.get("page")), ligatures=True))
    add("edition", esc("edition"))
    if etype in ("book", "incollection", "inproceedings"):
        add("series", text("collection-title"))
        if not csl.get("volume"):
            add("number", esc("collection-number"))
    if etype == "phdthesis" or etype == "mastersthesis":
        add("school", text("publisher"))
    elif etype == "techreport":
        add("institution", text("publisher"))
    elif not preprint and etype not in ("misc", "article"):  # @misc: howpublished; @article has none
        add("publisher", text("publisher"))
    add("address", esc("publisher-place"))
    add("isbn", esc("ISBN"))
    if etype == "misc":
        if arxiv:
            add("howpublished", f"arXiv preprint arXiv:{escape_latex(arxiv)}")
        else:
            label = escape_latex(_howpublished_kind(work))
            add("howpublished", ", ".join(x for x in (label, container, esc("publisher")) if x))
    if arxiv:
        add("eprint", latex_url(arxiv))
        add("archivePrefix", "arXiv")
        add("primaryClass", escape_latex(_text(work.extra.get("arxiv_class"))))  # typeset by some styles
    doi = doi_of(work)
    add("doi", latex_url(doi) if doi else "")
    add("url", latex_url(_text(csl.get("URL"))))
    add("annote", _note(work, ascii_only=True))
    add("keywords", ", ".join(escape_latex(k) for k in work.all_keywords() if _text(k)))
    add("abstract", esc("abstract"))
    if not csl.get("author") and not csl.get("editor"):
        # natbib styles sort and label an entry without names by its ``key`` field
        add("key", hide_label_delimiters(esc("title")))  # natbib copies it into \bibitem[...]
    return etype, fields


# -- biblatex --------------------------------------------------------------------------------

def _biblatex_type(work: Work) -> str:
    csl = work.csl
    csl_type = work.type
    entry = work.extra.get("bib_entry")
    read_as = str(entry.get("type", "")) if isinstance(entry, dict) else ""
    crossref = isinstance(entry, dict) and bool(entry.get("fields", {}).get("crossref"))
    if csl_type == "article-journal" and not read_as:
        return "article" if csl.get("container-title") else "misc"
    if csl_type == "paper-conference" and not crossref and not (
            csl.get("container-title") or csl.get("event-title")):
        return "misc"
    if csl_type == "chapter" and not read_as:
        if not csl.get("container-title"):
            return "misc"
        return "incollection" if csl.get("editor") else "inbook"
    if not read_as and csl_type == "motion_picture":
        return "online"  # biblatex's @video is an unsupported type (a @misc) in its standard styles
    if not read_as and csl_type == "speech":
        return "misc"  # slides of a reading list: @misc with howpublished, as styles print it
    if csl_type in ("thesis", "report") and not csl.get("publisher") and not read_as:
        return "misc"  # biber requires the institution of a @thesis/@report
    return from_csl(csl_type, read_as)


def _iso(parts: list[int]) -> str:
    return "-".join([f"{parts[0]:04d}", *(f"{p:02d}" for p in parts[1:])])


def _biblatex_fields(work: Work) -> tuple[str, list[Field]]:
    csl = work.csl
    etype = _biblatex_type(work)
    values: dict[str, str] = {}

    def put(name: str, value: str) -> None:
        if value and name not in values:
            values[name] = value

    def esc(name: str) -> str:
        return escape_latex(_text(csl.get(name)), ascii_only=False)

    def text(name: str) -> str:
        return raw_latex(work, name, ascii_only=False) or esc(name)

    entry = work.extra.get("bib_entry")
    written = entry.get("fields", {}) if isinstance(entry, dict) else {}
    put("ids", ", ".join(_aliases(work)))
    for name in ("crossref", "xref", "entryset", "related"):  # structure the CSL data cannot say: other keys
        refs = [r.strip() for r in _text(written.get(name, "")).split(",") if r.strip()]
        put(name, ", ".join(refs) if refs and not any(_KEY_UNSAFE.search(r) for r in refs) else "")
    put("entrysubtype", escape_latex(latex_to_unicode(str(written.get("entrysubtype", ""))), ascii_only=False))
    put("author", latex_names(csl.get("author") or [], ascii_only=False))
    put("editor", latex_names(csl.get("editor") or [], ascii_only=False))
    put("title", raw_latex(work, "title", ascii_only=False) or latex_title(_text(csl.get("title")), ascii_only=False))
    container = text("container-title")
    put("shorttitle", latex_title(_text(csl.get("title-short")), ascii_only=False))
    if etype == "article":
        put("journaltitle", container)
        put("shortjournal", esc("container-title-short"))
    elif etype in ("inproceedings", "incollection", "inbook", "inreference"):
        put("booktitle", container or text("event-title"))
        put("eventtitle", text("event-title") if container else "")
    elif etype in ("online", "software", "misc"):
        put("organization", container)
    put("series", text("collection-title"))
    date, end = date_range(csl.get("issued"))
    put("date", _iso(date) + (f"/{_iso(end)}" if end else "") if date else "")
    accessed = date_parts(csl.get("accessed"))
    put("urldate", _iso(accessed) if len(accessed) == 3 else "")
    put("volume", esc("volume"))
    put("number", esc("issue") if etype == "article" else esc("number"))
    put("pages", escape_latex(_pages(csl.get("page")), ascii_only=False, ligatures=True))
    put("edition", esc("edition"))
    put("version", esc("version"))
    if etype == "thesis":
        put("type", "mathesis" if _MASTERS.search(_text(csl.get("genre"))) else "phdthesis")
    elif etype == "report":
        put("type", esc("genre") or "techreport")
    elif etype == "misc" and not arxiv_id(work):
        put("howpublished", escape_latex(_howpublished_kind(work), ascii_only=False))
    if etype in ("thesis", "report"):
        put("institution", text("publisher"))
    elif not is_preprint(work):
        put("publisher", text("publisher"))
    put("location", esc("publisher-place"))
    put("isbn", esc("ISBN"))
    put("issn", esc("ISSN"))
    arxiv = arxiv_id(work)
    if arxiv:
        put("eprint", latex_url(arxiv))
        put("eprinttype", "arxiv")
        put("eprintclass", escape_latex(_text(work.extra.get("arxiv_class")), ascii_only=False))  # literal
    put("eprint", latex_url(_text(written.get("eprint", ""))))  # jstor, hdl, pubmed … as written
    for name in ("eprinttype", "eprintclass"):
        put(name, escape_latex(latex_to_unicode(str(written.get(name, ""))), ascii_only=False))
    doi = doi_of(work)
    put("doi", latex_url(doi) if doi else "")
    put("url", latex_url(_text(csl.get("URL"))))
    put("annote", _note(work, ascii_only=False))
    put("keywords", ", ".join(escape_latex(k, ascii_only=False) for k in work.all_keywords() if _text(k)))
    put("abstract", esc("abstract"))
    allowed = _BIBLATEX_COMMON | _BIBLATEX_FIELDS.get(etype, _BIBLATEX_OTHER)
    return etype, [Field(name, value) for name, value in values.items() if name in allowed]


def _entry(work: Work, key: str, biblatex: bool) -> Entry:
    if not biblatex:
        etype, fields = _bibtex_fields(work)
        return Entry(etype, key, fields)
    etype, fields = _biblatex_fields(work)
    changed = changed_variables(work)
    if changed is None or "type" in changed:
        return Entry(etype, key, fields)
    generated = {f.key: str(f.value) for f in fields}
    etype, written = entry_as_written(work, _aliases(work), generated, changed, etype)
    return Entry(etype, key, [Field(n, v) if braced else Field(n, v, enclosing="no-enclosing")
                              for n, v, braced in written])

