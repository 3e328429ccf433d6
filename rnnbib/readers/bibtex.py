"""BibTeX/BibLaTeX reader: a ``.bib`` file → Works.

The entries as written come from :mod:`.bib_source` (bibtexparser v2 blocks, ``@string``
and ``#`` resolved; a broken block is reported as an ``error`` at its ``file:line`` and the
good entries are kept; a repeated key is reported and both entries kept) and inherit
fields through ``crossref``/``xdata`` with biblatex's rules (:mod:`.bib_inherit`).  Each
entry becomes a CSL item: type mapped (:mod:`rnnbib.bibtypes`), LaTeX decoded to Unicode,
``subtitle`` joined as ``Title: Subtitle``, names split into family/given/particle with
``and others`` kept as ``{"literal": "others"}``, ``date``/``year`` → ``issued`` (ranges
too, :mod:`.bib_dates`), ``eprint`` → arXiv id or eprint URL, ``doi``, ``url``, ``series``,
``edition``, ``eventtitle``, ``keywords`` …; then a Work through
:func:`rnnbib.readers.csljson.work_from_csl`, so that ``note`` lines ``role: URL`` become
links again, as in the other readers (annotation lines ``role: URL`` in ``annote``/``annotation``,
which the writers use, or ``note``).  The entry's key is ``work.extra["bibtex_key"]``; the
entry as written and the LaTeX of its text fields are kept for the writers
(:mod:`rnnbib.writers.bib_asis`).  ``@xdata`` entries only give fields.
"""

from __future__ import annotations

import re
from typing import Any

from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names

from ..bibtypes import csl_type_of
from ..identifiers import arxiv
from ..identifiers import doi as doi_ids
from ..identifiers import github as github_ids
from ..latex import latex_to_unicode, normalize_text
from ..model import Problem, Work, set_extra
from . import ReadResult
from .bib_dates import bib_date
from .bib_inherit import inherited_fields
from .bib_source import RawEntry, read_entries
from .csljson import work_from_csl

__all__ = ["entry_to_csl", "entry_to_work", "read_bibtex", "snapshot"]

_THESIS_GENRE = {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis", "mathesis": "Master's thesis"}
# howpublished values the writer uses for @misc kinds -> CSL type
_HOWPUBLISHED_TYPES = {
    "github repository": "software", "software": "software", "web page": "webpage",
    "blog post": "post-weblog", "online post": "post", "slides": "speech", "video": "motion_picture",
    "dataset": "dataset",
}
_NOTE_SPLIT = re.compile(r";[ \t]*\n\s*")
_URL_MACRO = re.compile(r"\\url\{([^{}]*)\}")
_VERBATIM_ESCAPE = re.compile(r"\\([_%#&~$])")
# eprinttype -> URL of the eprint (as biblatex's links and pandoc's reader make them)
_EPRINT_URLS = {
    "jstor": "https://www.jstor.org/stable/{}", "pubmed": "https://www.ncbi.nlm.nih.gov/pubmed/{}",
    "googlebooks": "https://books.google.com?id={}", "hdl": "https://hdl.handle.net/{}",
}
_ENDS_IN_PUNCTUATION = re.compile(r"[.?!:;]$")
# Types whose organization biblatex prints in the publisher block (web pages and software put it as the site).
_WEB_TYPES = ("webpage", "software", "post-weblog", "post", "document", "speech", "motion_picture")


def read_bibtex(text: str, name: str) -> ReadResult:
    """Read a ``.bib`` file: one Work per entry (``@xdata`` entries only give fields); broken blocks reported."""
    entries, problems = read_entries(text, name)
    full, own = inherited_fields(entries)
    result = ReadResult(problems=problems)
    for i, entry in enumerate(entries):
        if entry.type == "xdata":
            continue
        work = entry_to_work(entry, full[i], own[i])
        result.problems.extend(entry.problems)
        if not work.title:
            work.problems.append(Problem(f"entry {entry.key!r} has no title", entry.location, "warning"))
        result.works.append(work)
    return result


def entry_to_work(entry: RawEntry, fields: dict[str, str], own: dict[str, str]) -> Work:
    """One Work from one entry: ``fields`` after inheritance, ``own`` as written (``xdata`` inlined).

    ``extra["bibtex_key"]`` is the key; ``extra["bib_entry"]`` keeps the entry as written
    (type, own fields, the CSL item it gave) and ``extra["bib_raw"]`` the LaTeX of text
    fields, for writers that give the user's LaTeX back while the data is unchanged.
    """
    item, extra = entry_to_csl(entry.type, fields)
    work = work_from_csl(item, entry.location, source="bibtex")
    for ident in extra.pop("identifiers", []):  # the versioned arXiv id replaces the one from ``number``
        work.identifiers = [i for i in work.identifiers if i.key != ident.key]
        work.identifiers.insert(0, ident)
    for name, value in extra.items():
        set_extra(work.extra, name, value)
    work.extra["bibtex_key"] = entry.key
    work.extra["bib_entry"] = {"type": entry.type, "fields": dict(own), "csl": snapshot(work)}
    return work


def snapshot(work: Work) -> dict[str, Any]:
    """What a work says, to tell whether it changed since it was read (the CSL item without its id)."""
    item = work.to_csl()
    item.pop("id", None)
    return item


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
        if not raw:
            continue
        if raw.lower() == "others":
            out.append({"literal": "others"})  # BibTeX's et-al marker, as pandoc writes it
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


def _truncated(value: str) -> bool:
    """Whether a name list ends with ``and others``."""
    names = [n.strip() for n in split_multiple_persons_names(value)] if value.strip() else []
    return bool(names) and names[-1].lower() == "others"


def _balanced_group(text: str) -> bool:
    """Whether ``text`` is one brace group (the first brace closes at the end)."""
    depth = 0
    for i, c in enumerate(text):
        depth += c == "{"
        depth -= c == "}"
        if depth == 0:
            return i == len(text) - 1
    return False


def _arxiv(fields: dict[str, str]) -> tuple[str, str | None] | None:
    """``(id, version)`` from eprint + archivePrefix/eprinttype, or ``arXiv:ID`` in journal/howpublished."""
    prefix = (fields.get("archiveprefix") or fields.get("eprinttype") or "").strip().lower()
    found = []
    if fields.get("eprint") and prefix in ("arxiv", ""):
        found.append(arxiv.parse(_verbatim(fields["eprint"])))
    found += [arxiv.labelled(fields.get(name, "")) for name in ("journal", "journaltitle", "howpublished", "note",
                                                               "annote", "annotation")]
    ident = next((i for i in found if i is not None), None)
    return (ident.value, ident.version) if ident is not None else None


def _howpublished_kind(fields: dict[str, str]) -> tuple[str, str]:
    """A writer-style ``howpublished`` (``Blog post, colah's blog``) as (known kind, rest), or empty."""
    text = latex_to_unicode(fields.get("howpublished", ""))
    label, _, rest = text.partition(", ")
    return (label.lower(), rest) if label.lower() in _HOWPUBLISHED_TYPES else ("", "")


def _csl_type(entry_type: str, fields: dict[str, str], arxiv_id: str | None, url: str) -> str:
    csl_type = csl_type_of(entry_type, fields.get("entrysubtype", ""))
    journal = fields.get("journal") or fields.get("journaltitle") or ""
    if arxiv_id and entry_type in ("article", "misc", "unpublished") and (
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




def _join_title(main: str, sub: str) -> str:
    """``Title: Subtitle`` as biblatex prints them (no colon after a title ending in punctuation)."""
    if not sub:
        return main
    if not main:
        return sub
    return f"{main} {sub}" if _ENDS_IN_PUNCTUATION.search(main) else f"{main}: {sub}"


def _raw_title(fields: dict[str, str], main: str, sub: str) -> str:
    title, subtitle = fields.get(main, "").strip(), fields.get(sub, "").strip()
    if not subtitle:
        return title
    joined = _join_title(latex_to_unicode(title), latex_to_unicode(subtitle))
    return joined.replace(latex_to_unicode(title), title, 1).replace(latex_to_unicode(subtitle), subtitle)


def _titled(fields: dict[str, str], prefix: str) -> tuple[str, str]:
    """(decoded ``{prefix}title`` + ``{prefix}subtitle`` [+ ``. titleaddon``], LaTeX of title + subtitle)."""
    title = _join_title(_text(fields, prefix + "title"), _text(fields, prefix + "subtitle"))
    addon = _text(fields, prefix + "titleaddon")
    if addon and title:
        title = f"{title} {addon}" if _ENDS_IN_PUNCTUATION.search(title) else f"{title}. {addon}"
    raw = _raw_title(fields, prefix + "title", prefix + "subtitle") if not addon else ""
    return title, raw


def _container(fields: dict[str, str], csl_type: str) -> tuple[str, str]:
    """The container title (journal, multi-volume work, book, proceedings) with its subtitle, and its LaTeX."""
    if csl_type in ("book", "periodical"):
        return ("", "") if csl_type == "book" else _titled(fields, "")
    if csl_type.startswith("article"):
        name = "journaltitle" if fields.get("journaltitle", "").strip() else "journal"
        if fields.get(name, "").strip():
            text = _join_title(_text(fields, name), _text(fields, "journalsubtitle"))
            return text, _raw_title(fields, name, "journalsubtitle")
    for prefix in ("main", "book"):
        if fields.get(prefix + "title", "").strip():
            return _titled(fields, prefix)
    for name in ("journaltitle", "journal"):
        if fields.get(name, "").strip():
            return _text(fields, name), fields[name].strip()
    return "", ""


def _list(fields: dict[str, str], *names: str) -> str:
    """A biblatex literal list (``publisher = {A and B}``) as ``A; B``: the first of ``names`` given."""
    for name in names:
        if fields.get(name, "").strip():
            return "; ".join(latex_to_unicode(x) for x in split_multiple_persons_names(fields[name]) if x.strip())
    return ""


def _eprint_url(fields: dict[str, str]) -> str:
    kind = (fields.get("eprinttype") or fields.get("archiveprefix") or "").strip().lower()
    ident = _verbatim(fields.get("eprint", ""))
    template = _EPRINT_URLS.get(kind)
    return template.format(ident) if template and ident else ""


def entry_to_csl(entry_type: str, fields: dict[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """A CSL item (with ``note``/``keyword`` composed) and extras from one entry's raw fields.

    Extras: ``identifiers`` (a versioned arXiv id), ``arxiv_class``, ``bib_raw``
    (``{CSL variable: the LaTeX it was decoded from}`` for text variables).
    """
    entry_type = entry_type.lower()
    url = _verbatim(fields.get("url", ""))
    if not url:
        match = _URL_MACRO.search(fields.get("howpublished", ""))
        url = _verbatim(match.group(1)) if match else ""
    found = _arxiv(fields)
    arxiv_id, arxiv_version = found if found else (None, None)
    csl_type = _csl_type(entry_type, fields, arxiv_id, url)
    item: dict[str, Any] = {"type": csl_type}
    raw: dict[str, str] = {}
    extra: dict[str, Any] = {"bib_raw": raw}

    def put(name: str, value: Any, latex: str = "") -> None:
        if value and name not in item:
            item[name] = value
            if latex:
                raw[name] = latex

    title, title_raw = _titled(fields, "")
    main, main_raw = _titled(fields, "main")
    issue_title, issue_raw = _titled(fields, "issue")
    if main and csl_type == "book":
        put("title", main, main_raw)  # a volume of a multi-volume work: the work's title, then the volume's
        put("volume-title", title, title_raw)
    elif issue_title and csl_type == "periodical":
        put("title", issue_title, issue_raw)  # an issue of a periodical: the issue's title in the journal
    else:
        put("title", title, title_raw)
    if main and csl_type == "chapter":
        put("volume-title", _titled(fields, "book")[0])
    put("author", _names(fields.get("author", "")))
    if _truncated(fields.get("author", "")):
        extra["authors_incomplete"] = True  # "and others": the list is not the whole author list
    put("editor", _names(fields.get("editor", "")))
    put("translator", _names(fields.get("translator", "")))
    if csl_type != "article":
        put("container-title", *_container(fields, csl_type))
    put("event-title", _text(fields, "eventtitle"), fields.get("eventtitle", "").strip())
    put("event-place", _text(fields, "venue"))
    put("collection-title", _text(fields, "series"), fields.get("series", "").strip())
    put("volume", ".".join(x for x in (_text(fields, "volume"), _text(fields, "part")) if x))
    number = _text(fields, "number")
    if csl_type.startswith("article-") or csl_type == "periodical":
        put("issue", _text(fields, "issue") or number)
    elif fields.get("series", "").strip() and csl_type in ("book", "chapter", "paper-conference"):
        put("collection-number", number)
    else:
        put("number", number)
    put("page", re.sub(r"\s*[-–—]+\s*", "-", _text(fields, "pages")))
    put("edition", _text(fields, "edition"))
    put("version", _text(fields, "version"))
    organization = _list(fields, "organization")
    if csl_type in _WEB_TYPES:
        put("container-title", organization)
        organization = ""
    publisher = _list(fields, "publisher", "school", "institution")
    publisher_raw = next((fields[n].strip() for n in ("publisher", "school", "institution")
                          if fields.get(n, "").strip()), "")
    put("publisher", "; ".join(x for x in (organization, publisher) if x),
        publisher_raw if not organization else "")
    put("publisher-place", _list(fields, "address", "location"))
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
    put("issued", bib_date({k: _text(fields, k) for k in ("date", "year", "month", "day")}))
    put("accessed", bib_date({k: _text(fields, "url" + k) for k in ("date", "year", "month", "day")}))
    put("event-date", bib_date({"date": _text(fields, "eventdate")}))
    doi = doi_ids.strip_resolver(_verbatim(fields.get("doi", "")))
    put("DOI", doi)
    if arxiv_id:
        if csl_type == "article":
            item["number"] = f"arXiv:{arxiv_id}"
            item["publisher"] = "arXiv"
        url = url or arxiv.abs_url(arxiv_id + (arxiv_version or ""))
        ident = arxiv.parse(arxiv_id + (arxiv_version or ""))
        extra["identifiers"] = [ident] if ident else []
    put("URL", url or _eprint_url(fields))
    arxiv_class = latex_to_unicode(fields.get("primaryclass", "") or fields.get("eprintclass", "")).strip()
    if arxiv_class:
        extra["arxiv_class"] = arxiv_class
    for target, names in (("annote", ("annote", "annotation")), ("note", ("note",))):
        note = next((fields[n] for n in names if fields.get(n, "").strip()), "")
        put(target, "\n".join(latex_to_unicode(line) for line in _NOTE_SPLIT.split(note) if line.strip()))
    keywords = [latex_to_unicode(k) for k in re.split(r"[,;]", fields.get("keywords", ""))]
    put("keyword", ", ".join(k for k in keywords if k))
    return item, extra
