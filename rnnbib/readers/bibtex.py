"""BibTeX/BibLaTeX reader: a ``.bib`` file → Works (bibtexparser v2).

A block bibtexparser cannot parse is reported as an ``error`` problem at its
``file:line`` and the good entries are kept; a repeated key is reported and both
entries are kept (the key engine makes keys unique).  Each entry becomes a CSL item
(type mapped, LaTeX decoded to Unicode, names split into family/given/particle,
``year``/``month``/``date`` → ``issued``, ``eprint`` → arXiv id, ``doi``, ``url``,
``keywords``) and then a Work through :func:`rnnbib.readers.csljson.work_from_csl`,
so that ``note`` lines ``role: URL`` become links again, as in the other readers.
The entry's key is kept as ``work.extra["bibtex_key"]``.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import bibtexparser
from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, MiddlewareErrorBlock, ParsingFailedBlock

from ..identifiers import arxiv
from ..identifiers import doi as doi_ids
from ..identifiers import github as github_ids
from ..latex import latex_to_unicode, normalize_text
from ..model import Location, Problem, Work, set_extra
from . import ReadResult
from .csljson import work_from_csl

__all__ = ["entry_to_csl", "read_bibtex"]

# Broken blocks are reported as Problems; keep bibtexparser's own log lines off stderr.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

_TYPES = {
    "article": "article-journal", "inproceedings": "paper-conference", "conference": "paper-conference",
    "incollection": "chapter", "inbook": "chapter", "book": "book", "mvbook": "book", "collection": "book",
    "proceedings": "book", "manual": "book", "phdthesis": "thesis", "mastersthesis": "thesis",
    "thesis": "thesis", "techreport": "report", "report": "report", "online": "webpage",
    "electronic": "webpage", "www": "webpage", "webpage": "webpage", "software": "software",
    "dataset": "dataset", "unpublished": "manuscript", "patent": "patent", "booklet": "pamphlet",
    "misc": "document",
}
_THESIS_GENRE = {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis", "mathesis": "Master's thesis"}
# howpublished values the writer uses for @misc kinds -> CSL type
_HOWPUBLISHED_TYPES = {
    "github repository": "software", "software": "software", "web page": "webpage",
    "blog post": "post-weblog", "online post": "post", "slides": "speech", "video": "motion_picture",
    "dataset": "dataset",
}
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_NOTE_SPLIT = re.compile(r";[ \t]*\n\s*")
_URL_MACRO = re.compile(r"\\url\{([^{}]*)\}")
_VERBATIM_ESCAPE = re.compile(r"\\([_%#&~$])")


def read_bibtex(text: str, name: str) -> ReadResult:
    """Read a ``.bib`` file: one Work per entry; broken blocks reported with their line."""
    library = bibtexparser.parse_string(text)
    result = ReadResult()
    for block in library.blocks:
        location = Location(name, (block.start_line or 0) + 1)
        if isinstance(block, DuplicateBlockKeyBlock):
            entry = block.ignore_error_block
            result.problems.append(Problem(f"repeated BibTeX key {block.key!r}; both entries kept",
                                           location, "warning"))
        elif isinstance(block, MiddlewareErrorBlock) and isinstance(block.ignore_error_block, Entry):
            entry = block.ignore_error_block
            result.problems.append(Problem(f"BibTeX entry read partly: {_first_line(block.error)}",
                                           location, "warning"))
        elif isinstance(block, ParsingFailedBlock):
            result.problems.append(Problem(f"broken BibTeX block skipped: {_first_line(block.error)}",
                                           location, "error"))
            continue
        elif isinstance(block, Entry):
            entry = block
        else:
            continue
        if not isinstance(entry, Entry):
            continue
        work = entry_to_work(entry, location)
        if not work.title:
            work.problems.append(Problem(f"entry {entry.key!r} has no title", location, "warning"))
        result.works.append(work)
    return result


def _first_line(error: Exception) -> str:
    text = str(getattr(error, "abort_reason", "") or error)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return " ".join(lines[:2])[:300] if lines else type(error).__name__


def entry_to_work(entry: Entry, location: Location) -> Work:
    """One Work from one parsed entry (``extra["bibtex_key"]`` = the entry key)."""
    fields = {f.key.lower(): _raw(f.value) for f in entry.fields}
    item, extra = entry_to_csl(entry.entry_type, fields)
    work = work_from_csl(item, location, source="bibtex")
    for ident in extra.pop("identifiers", []):  # the versioned arXiv id replaces the one from ``number``
        work.identifiers = [i for i in work.identifiers if i.key != ident.key]
        work.identifiers.insert(0, ident)
    for name, value in extra.items():
        set_extra(work.extra, name, value)
    work.extra["bibtex_key"] = entry.key
    return work


def _raw(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


def _text(fields: dict[str, str], *names: str) -> str:
    for name in names:
        if fields.get(name, "").strip():
            return latex_to_unicode(fields[name])
    return ""


def _verbatim(value: str) -> str:
    value = _URL_MACRO.sub(r"\1", value.strip())
    return normalize_text(_VERBATIM_ESCAPE.sub(r"\1", value)).strip("{}")


def _names(value: str) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for raw in split_multiple_persons_names(value):
        raw = raw.strip()
        if not raw or raw.lower() == "others":
            continue
        if raw.startswith("{") and raw.endswith("}") and _balanced_group(raw):
            out.append({"literal": latex_to_unicode(raw[1:-1])})
            continue
        parts = parse_single_name_into_parts(raw, strict=False)
        name = {
            "family": latex_to_unicode(" ".join(parts.last)),
            "given": latex_to_unicode(" ".join(parts.first)),
            "non-dropping-particle": latex_to_unicode(" ".join(parts.von)),
            "suffix": latex_to_unicode(" ".join(parts.jr)),
        }
        name = {k: v for k, v in name.items() if v}
        if "family" not in name:
            literal = latex_to_unicode(raw)
            name = {"literal": literal} if literal else {}
        if name:
            out.append(name)
    return out


def _balanced_group(text: str) -> bool:
    """Whether ``text`` is one brace group (the first brace closes at the end)."""
    depth = 0
    for i, c in enumerate(text):
        depth += c == "{"
        depth -= c == "}"
        if depth == 0:
            return i == len(text) - 1
    return False


def _date(fields: dict[str, str], prefix: str = "") -> list[int]:
    iso = re.match(r"\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", fields.get(prefix + "date", ""))
    if iso:
        return [int(p) for p in iso.groups() if p]
    year = re.search(r"\d{4}", fields.get(prefix + "year", ""))
    if not year:
        return []
    parts = [int(year.group())]
    month = fields.get(prefix + "month", "").strip().lower()
    number = _MONTHS.get(month[:3]) if month[:3].isalpha() else int(month) if month.isdigit() else None
    if number and 1 <= number <= 12:
        parts.append(number)
        day = fields.get(prefix + "day", "").strip()
        if day.isdigit() and 1 <= int(day) <= 31:
            parts.append(int(day))
    return parts


def _arxiv(fields: dict[str, str]) -> tuple[str, str | None] | None:
    """``(id, version)`` from eprint + archivePrefix/eprinttype, or ``arXiv:ID`` in journal/howpublished."""
    prefix = (fields.get("archiveprefix") or fields.get("eprinttype") or "").strip().lower()
    found = []
    if fields.get("eprint") and prefix in ("arxiv", ""):
        found.append(arxiv.parse(_verbatim(fields["eprint"])))
    found += [arxiv.labelled(fields.get(name, "")) for name in ("journal", "journaltitle", "howpublished", "note")]
    ident = next((i for i in found if i is not None), None)
    return (ident.value, ident.version) if ident is not None else None


def _howpublished_kind(fields: dict[str, str]) -> tuple[str, str]:
    """A writer-style ``howpublished`` (``Blog post, colah's blog``) as (known kind, rest), or empty."""
    text = latex_to_unicode(fields.get("howpublished", ""))
    label, _, rest = text.partition(", ")
    return (label.lower(), rest) if label.lower() in _HOWPUBLISHED_TYPES else ("", "")


def _csl_type(entry_type: str, fields: dict[str, str], arxiv_id: str | None, url: str) -> str:
    csl_type = _TYPES.get(entry_type, "document")
    journal = fields.get("journal") or fields.get("journaltitle") or ""
    if arxiv_id and entry_type in ("article", "misc", "online", "unpublished") and (
        not journal.strip() or arxiv.labelled(journal)
    ):
        return "article"
    if csl_type == "document":
        label = _howpublished_kind(fields)[0]
        if label:
            return _HOWPUBLISHED_TYPES[label]
        if url and github_ids.from_url(url) is not None:
            return "software"
    return csl_type


def entry_to_csl(entry_type: str, fields: dict[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """A CSL item (with ``note``/``keyword`` composed) and extras from one entry's raw fields."""
    entry_type = entry_type.lower()
    url = _verbatim(fields.get("url", ""))
    if not url:
        match = _URL_MACRO.search(fields.get("howpublished", ""))
        url = _verbatim(match.group(1)) if match else ""
    found = _arxiv(fields)
    arxiv_id, arxiv_version = found if found else (None, None)
    csl_type = _csl_type(entry_type, fields, arxiv_id, url)
    item: dict[str, Any] = {"type": csl_type}
    extra: dict[str, Any] = {}

    def put(name: str, value: Any) -> None:
        if value:
            item[name] = value

    put("title", _text(fields, "title"))
    put("author", _names(fields.get("author", "")))
    put("editor", _names(fields.get("editor", "")))
    if csl_type != "article":
        put("container-title", _text(fields, "journal", "journaltitle", "booktitle"))
    put("event-title", _text(fields, "eventtitle"))
    put("collection-title", _text(fields, "series"))
    put("volume", _text(fields, "volume"))
    number = _text(fields, "number")
    if csl_type == "article-journal":
        put("issue", _text(fields, "issue") or number)
    else:
        put("number", number)
    put("page", re.sub(r"\s*[-–—]+\s*", "-", _text(fields, "pages")))
    put("edition", _text(fields, "edition"))
    put("version", _text(fields, "version"))
    organization = _text(fields, "organization")
    if csl_type in ("webpage", "software", "post-weblog", "post", "document", "speech", "motion_picture"):
        put("container-title", organization)
        organization = ""
    put("publisher", _text(fields, "publisher", "school", "institution") or organization)
    put("publisher-place", _text(fields, "address", "location"))
    put("ISBN", _text(fields, "isbn"))
    put("ISSN", _text(fields, "issn"))
    put("abstract", _text(fields, "abstract"))
    put("language", _text(fields, "language", "langid"))
    genre = _THESIS_GENRE.get(entry_type) or _THESIS_GENRE.get(fields.get("type", "").strip().lower())
    howpublished = _text(fields, "howpublished")
    label, label_container = _howpublished_kind(fields)
    put("container-title", label_container)
    is_url = _URL_MACRO.search(fields.get("howpublished", ""))
    if not genre and howpublished and not label and not found and not is_url:
        genre = howpublished
    put("genre", genre or (_text(fields, "type") if entry_type in ("techreport", "report") else ""))
    issued = _date(fields)
    put("issued", {"date-parts": [issued]} if issued else None)
    accessed = _date(fields, "url")
    put("accessed", {"date-parts": [accessed]} if accessed else None)
    doi = doi_ids.strip_resolver(_verbatim(fields.get("doi", "")))
    put("DOI", doi)
    if arxiv_id:
        if csl_type == "article":
            item["number"] = f"arXiv:{arxiv_id}"
            item["publisher"] = "arXiv"
            url = url or arxiv.abs_url(arxiv_id)
        ident = arxiv.parse(arxiv_id + (arxiv_version or ""))
        extra["identifiers"] = [ident] if ident else []
    put("URL", url)
    arxiv_class = latex_to_unicode(fields.get("primaryclass", "") or fields.get("eprintclass", "")).strip()
    if arxiv_class:
        extra["arxiv_class"] = arxiv_class
    note = fields.get("note", "")
    put("note", "\n".join(latex_to_unicode(line) for line in _NOTE_SPLIT.split(note) if line.strip()))
    keywords = [latex_to_unicode(k) for k in re.split(r"[,;]", fields.get("keywords", ""))]
    put("keyword", ", ".join(k for k in keywords if k))
    return item, extra
