"""The properties checked by the property tests and by the long fuzz run (``run_fuzz.py``).

Each ``check_*`` function takes one generated example and raises ``AssertionError`` when the
property does not hold; the pytest modules and the fuzz script wrap them in ``@given``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from html.parser import HTMLParser
from typing import Any
from urllib.parse import unquote

import bibtexparser
import mistune
import rispy

from rnnbib.errors import RnnbibError
from rnnbib.model import Work
from rnnbib.readers import ReadResult
from rnnbib.writers import WriteOptions, get_writer

from .oracles import bibtex_normal, decode_latex, lint_bib, ris_normal, ris_records, text_normal

Reader = Callable[[str, str], ReadResult]


# Known bugs (each has a strict-xfail test in tests/test_hostile_injection.py): name -> (the checks it
# breaks, predicate).  The properties skip the examples that trigger them so that they keep looking for
# new bugs.  Remove an entry once its bug is fixed.
KNOWN_BUGS: dict[str, tuple[tuple[str, ...], Callable[[Sequence[Work]], bool]]] = {}


def known_bug(works: Sequence[Work], check: str) -> str | None:
    """The name of a known bug that breaks ``check`` (bibtex, biblatex, ris, csljson) on this example."""
    return next((name for name, (checks, hit) in KNOWN_BUGS.items() if check in checks and hit(works)), None)


def read_or_error(reader: Reader, text: str, name: str, known: list[str] | None = None) -> ReadResult | None:
    """Run a reader; an error must be an :class:`RnnbibError` with a location naming the input.

    Known bugs met are appended to ``known`` (none of the readers' known bugs is open now).
    """
    try:
        result = reader(text, name)
    except RnnbibError as exc:
        assert exc.location, f"{type(exc).__name__} without a location: {exc}"
        assert name in exc.location, f"location {exc.location!r} does not name {name!r}"
        return None
    assert isinstance(result, ReadResult)
    for work in result.works:
        assert isinstance(work, Work)
        assert work.sources and all(loc.file == name for loc in work.sources), work.sources
        assert all(loc.line >= 1 for loc in work.sources), work.sources
    for problem in result.problems:
        assert problem.location is not None and problem.location.file == name, problem
    return result


def _write(fmt: str, works: Sequence[Work]) -> str:
    return get_writer(fmt)(list(works), WriteOptions())


def check_bibtex(works: Sequence[Work], fmt: str = "bibtex") -> str:
    """One entry per work, clean under the linter, and each title decodes to the work's title."""
    text = _write(fmt, works)
    if fmt == "bibtex":
        latin = sorted(set(re.findall("[\u00c0-\u00ff](?![\u0300-\u036f])", text)) - {"×", "÷"})
        assert not latin, f"Latin-1 letters (all in T1) left as UTF-8 in BibTeX output: {latin}"
    entries, errors = lint_bib(text)
    assert not errors, "\n".join(errors[:10])
    assert len(entries) == len(works), f"{len(entries)} entries for {len(works)} works"
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, library.failed_blocks
    assert len(library.entries) == len(works), f"bibtexparser: {len(library.entries)} entries, {len(works)} works"
    for work, entry in zip(works, library.entries, strict=True):
        title_field = entry.fields_dict.get("title")
        # strip(): an as-written title may keep edge ties (``~``) that the reader trims; whitespace runs
        # compared as one space: an as-written ``= {} 0`` decodes to two spaces, TeX typesets them as one
        decoded = " ".join(decode_latex(title_field.value).split()) if title_field else ""
        expected = " ".join(bibtex_normal(work.title).split())
        assert decoded == expected, f"title {work.title!r}: wrote {title_field and title_field.value!r}, " \
                                    f"decodes to {decoded!r}, expected {expected!r}"
    return text


def check_ris(works: Sequence[Work]) -> str:
    """Every line ``TAG  - value``; one record per work (own parser and rispy); titles kept."""
    text = _write("ris", works)
    records, problems = ris_records(text)
    assert not problems, "\n".join(problems[:10])
    assert len(records) == len(works), f"{len(records)} records for {len(works)} works"
    parsed = rispy.loads(text)
    assert len(parsed) == len(works), f"rispy: {len(parsed)} records for {len(works)} works"
    for work, record in zip(works, parsed, strict=True):
        expected = ris_normal(work.title)
        got = record.get("title") or record.get("primary_title") or ""
        assert got == expected, f"RIS title {got!r}, expected {expected!r}"
    return text


def _comparable(item: dict[str, Any]) -> dict[str, Any]:
    out = dict(item)
    out.pop("id", None)
    return out


def check_csljson(works: Sequence[Work]) -> None:
    """write_csljson -> read_csljson -> write_csljson gives the same CSL data, and titles survive.

    ``note`` and ``keyword`` are written in the normalised form documented in ``rnnbib/model.py``
    (``Work.note_lines``/``Work.all_keywords``: one stripped, non-empty line per note or link; keywords
    on one line without ``,``), and the works read back give exactly the same lines and keywords.
    """
    from rnnbib.readers.csljson import read_csljson

    first = _write("csljson", works)
    items = json.loads(first)
    assert isinstance(items, list) and len(items) == len(works)
    result = read_csljson(first, "out.json")
    assert len(result.works) == len(works), f"{len(result.works)} works read back from {len(works)}"
    for work, again in zip(works, result.works, strict=True):
        again.key = work.key
        lines, keywords = work.note_lines(), work.all_keywords()
        assert all(line and line == line.strip() and len(line.splitlines()) == 1 for line in lines), lines
        assert all(k and k == k.strip() and "," not in k and len(k.splitlines()) == 1 for k in keywords), keywords
        assert again.note_lines() == lines, f"note lines {lines!r} read back as {again.note_lines()!r}"
        assert again.all_keywords() == keywords, f"keywords {keywords!r} read back as {again.all_keywords()!r}"
    second = json.loads(_write("csljson", result.works))
    assert [_comparable(x) for x in second] == [_comparable(x) for x in items]
    for work, item in zip(works, items, strict=True):
        title = text_normal(work.title)
        if title.strip():
            assert "title" in item, f"title {work.title!r} lost"


def _bib_checks(fmt: str) -> Callable[[Sequence[Work]], None]:
    def run(works: Sequence[Work]) -> None:
        check_bibtex(works, fmt)
        check_bibtex_readback(works, fmt)

    return run


CHECKS: dict[str, Callable[[Sequence[Work]], object]] = {
    "bibtex": _bib_checks("bibtex"),
    "biblatex": _bib_checks("biblatex"),
    "ris": check_ris,
    "csljson": check_csljson,
}


def check_writers(works: Sequence[Work]) -> list[str]:
    """Run every writer check that no known bug breaks on ``works``; return the known bugs hit."""
    hit: list[str] = []
    for name, check in CHECKS.items():
        bug = known_bug(works, name)
        if bug:
            hit.append(bug)
        else:
            check(works)
    return hit


def check_reader_pipeline(reader: Reader, text: str, name: str) -> list[str]:
    """Read hostile input; errors carry locations; the works merge, get keys and pass the writer checks."""
    known: list[str] = []
    result = read_or_error(reader, text, name, known)
    if result is None or not result.works:
        return known
    return known + check_writers(prepare(result.works))


def prepare(works: list[Work]) -> list[Work]:
    """Merge and key works the way :func:`rnnbib.read` does (for works coming from a reader)."""
    from rnnbib.enrich.keys import assign_keys
    from rnnbib.enrich.merge import merge_works

    merged, _problems = merge_works(works)
    assign_keys(merged, {})
    return merged


# -- formatted output ------------------------------------------------------------------------------

HTML_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "div", "span", "a", "i", "b",
             "em", "strong", "sup", "sub", "br", "p", "ul", "li", "section"}


class _Html(HTMLParser):
    """Collects tags, attributes and link targets of an HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.entries = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        if tag == "div" and ("class", "csl-entry") in attrs:
            self.entries += 1


def _own_urls(works: Sequence[Work]) -> set[str]:
    urls: set[str] = set()
    for work in works:
        urls.update(str(v) for v in (work.csl.get("URL"), work.csl.get("DOI")) if v)
        urls.update(link.url for link in work.links)
    return urls


def _unsafe_links(anchors: list[tuple[str, str]], own: set[str]) -> list[str]:
    """Links that are not one of the works' own URLs and whose text is not the URL itself."""
    bad = []
    for href, text in anchors:
        if href.lower().startswith(("javascript:", "data:", "vbscript:", "file:")):
            bad.append(href)
        elif unquote(text).strip() != unquote(href).strip() and not any(
                unquote(href) in unquote(url) or unquote(url) in unquote(href) for url in own):
            bad.append(f"[{text}]({href})")
    return bad


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.anchors: list[tuple[str, str]] = []
        self.tags: list[str] = []
        self._href: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "a":
            self._href, self._text = dict(attrs).get("href") or "", ""

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.anchors.append((self._href, self._text))
            self._href = None


def check_html(works: Sequence[Work]) -> None:
    """HTML: one ``csl-entry`` per work, only the writer's own tags, no event handlers or script URLs."""
    text = _write("html", works)
    parser = _Html()
    parser.feed(text)
    parser.close()
    assert parser.entries == len(works), f"{parser.entries} csl-entry divs for {len(works)} works"
    for tag, attrs in parser.tags:
        assert tag in HTML_TAGS, f"unexpected tag <{tag}> in HTML output"
        for name, value in attrs:
            assert not name.lower().startswith("on"), f"event handler attribute {name}={value!r}"
            if name in ("href", "src"):
                assert str(value).lower().startswith(("http://", "https://", "ftp://", "#")), f"{name}={value!r}"
    anchors = _Anchors()
    anchors.feed(text)
    bad = _unsafe_links(anchors.anchors, _own_urls(works))
    assert not bad, f"links the data injected: {bad[:5]}"


def check_markdown(works: Sequence[Work]) -> None:
    """Markdown rendered by mistune (raw HTML allowed): no tag or disguised link comes from the data."""
    text = _write("markdown", works)
    rendered = str(mistune.create_markdown(escape=False)(text))
    assert "#harmful-link" not in rendered, "a javascript:/data: link in Markdown output (mistune disarmed it)"
    anchors = _Anchors()
    anchors.feed(rendered)
    tags = set(anchors.tags) - {"p", "a", "em", "strong", "sup", "sub", "ul", "ol", "li", "h1", "h2", "h3", "h4",
                                "h5", "h6", "code", "pre", "blockquote", "hr", "br"}
    assert not tags, f"HTML tags from the data survived in Markdown output: {sorted(tags)}"
    bad = _unsafe_links(anchors.anchors, _own_urls(works))
    assert not bad, f"links the data injected: {bad[:5]}"


def check_bibtex_readback(works: Sequence[Work], fmt: str = "bibtex") -> None:
    """rnnbib's own .bib reader reads the written file back: one work per entry, no error, same titles."""
    from rnnbib.readers.bibtex import read_bibtex

    text = _write(fmt, works)
    result = read_bibtex(text, "out.bib")
    errors = [p for p in result.problems if p.kind in ("error", "skip")]
    assert not errors, [str(p) for p in errors[:5]]
    assert len(result.works) == len(works), f"read back {len(result.works)} works from {len(works)}"
    for work, again in zip(works, result.works, strict=True):
        assert again.title == bibtex_normal(work.title), f"title {work.title!r} read back as {again.title!r}"
