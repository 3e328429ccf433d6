"""Invisible characters, note/keyword normalisation and link destinations across the text writers.

- bidi controls (U+202A-U+202E, U+2066-U+2069), U+200B, U+2060, U+FEFF and lone surrogates are
  dropped by the RIS, CSL-JSON, text, HTML and Markdown writers; ZWJ/ZWNJ, LRM/RLM and the soft
  hyphen are kept;
- ``Work.note_lines``/``Work.all_keywords`` are normalised so CSL-JSON write -> read -> write is exact;
- Markdown link destinations read back (by mistune, a CommonMark parser) as the URL itself, and only
  http(s)/ftp/mailto links are written as links.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from urllib.parse import unquote

import mistune
import pytest

from rnnbib.model import Link, Work
from rnnbib.readers.csljson import read_csljson
from rnnbib.textclean import clean_text, clean_tree, clean_url, one_line
from rnnbib.writers import WriteOptions, get_writer
from rnnbib.writers.csl_engine import render_bibliography
from rnnbib.writers.csl_markdown import destination, link

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
KEPT = "\u200d\u200c\u200e\u200f\u00ad"  # ZWJ, ZWNJ, LRM, RLM, soft hyphen


def _write(fmt: str, works: list[Work]) -> str:
    return get_writer(fmt)(works, WriteOptions())


def test_clean_text_drops_bidi_zero_width_and_surrogates() -> None:
    assert clean_text(f"a{BIDI}b\u200bc\u2060d\ufeffe\ud800f\udfff") == "abcdef"
    assert clean_text(f"x{KEPT}y") == f"x{KEPT}y"
    assert clean_text("\U0001f469\u200d\U0001f4bb") == "\U0001f469\u200d\U0001f4bb"  # emoji ZWJ sequence
    assert clean_tree({"a\u202e": ["b\u2066", {"c": "\ud800d"}], "n": 3}) == {"a": ["b", {"c": "d"}], "n": 3}


def test_clean_url_percent_encodes_invisible_characters() -> None:
    assert clean_url("https://x.org/a\u202eb\u200bc\ud800d") == "https://x.org/a%E2%80%AEb%E2%80%8Bcd"
    assert clean_url("https://x.org/\u00e9\u200d") == "https://x.org/\u00e9\u200d"  # other non-ASCII kept


@pytest.mark.parametrize("fmt", ["ris", "csljson", "text", "html", "markdown"])
def test_url_with_bidi_control_keeps_pointing_at_the_same_resource(fmt: str) -> None:
    url = "https://example.org/a\u202eb"
    work = Work(key="k", csl={"type": "webpage", "title": "T", "URL": url, "issued": {"date-parts": [[2015]]}},
                links=[Link(url, "paper"), Link("https://example.org/c\u2066d", "code")])
    text = _write(fmt, [work])
    assert "\u202e" not in text and "\u2066" not in text
    assert "https://example.org/a%E2%80%AEb" in text
    if fmt in ("ris", "csljson", "markdown"):  # the note line / link list
        assert "https://example.org/c%E2%81%A6d" in text


@pytest.mark.parametrize("text, expected", [
    ("  padded  ", "padded"), ("", ""), (" \t\n ", ""), ("one\u2028two", "one two"), ("a\r\nb\x85c", "a b c"),
    ("v\x0bt\x0cf", "v t f"), ("x \u202e", "x"), ("a  \u200b  b", "a b"),
])
def test_one_line(text: str, expected: str) -> None:
    assert one_line(text) == expected


def _bidi_work() -> Work:
    value = f"Left{BIDI}Right\u200b{KEPT}"
    return Work(
        key="k",
        csl={"type": "article-journal", "title": value, "author": [{"family": value, "given": "J"}],
             "container-title": value, "issued": {"date-parts": [[2015]]}},
        notes=[value], keywords=[value], sections=[(value,)],
    )


@pytest.mark.parametrize("fmt", ["ris", "csljson", "zotero", "text", "html", "markdown"])
def test_bidi_controls_dropped_in_text_writers(fmt: str) -> None:
    text = _write(fmt, [_bidi_work()])
    assert not set(BIDI + "\u200b\ufeff\u2060") & set(text), fmt
    assert "LeftRight" in text
    if fmt in ("ris", "csljson", "zotero"):  # the formatted styles may not print every field
        assert KEPT in text.replace("\\u", "")  # ZWJ/ZWNJ/LRM/RLM/soft hyphen kept (JSON writes them raw)


def test_lone_surrogates_from_json_input_are_dropped() -> None:
    text = '[{"id": "a", "type": "article", "title": "x\\ud800y", "author": [{"family": "\\udfffZ"}],' \
           ' "note": "intro: \\ud83d"}]'
    work = read_csljson(text, "in.json").works[0]
    assert work.title == "xy" and work.csl["author"] == [{"family": "Z"}] and work.notes == ["intro:"]
    linked = read_csljson('{"type": "webpage", "title": "T", "URL": "https://x.org/\\u202e"}', "u.json").works[0]
    assert linked.csl["URL"] == "https://x.org/%E2%80%AE"
    for fmt in ("text", "html", "markdown", "csljson", "ris"):
        _write(fmt, [work]).encode("utf-8")


def test_render_bibliography_hash_accepts_lone_surrogates() -> None:
    entries = render_bibliography([{"id": "a", "type": "book", "title": "x\ud800y"}], "apa", "en-US", "text")
    assert len(entries) == 1


# -- CSL-JSON: note and keyword normalisation --------------------------------------------------------

def _round_trip(work: Work) -> tuple[dict[str, object], Work, dict[str, object]]:
    first = _write("csljson", [work])
    again = read_csljson(first, "out.json").works[0]
    again.key = work.key
    return json.loads(first)[0], again, json.loads(_write("csljson", [again]))[0]


def test_note_lines_are_one_stripped_line_each() -> None:
    work = Work(key="k", csl={"type": "book", "title": "T"},
                notes=["", "  padded ", "one\u2028two", "a\n\nb", "\u202e"],
                links=[Link("https://github.com/o/r", "code"), Link("https://x.org/a b\nc", "odd-role"),
                       Link("  ", "web")])
    assert work.note_lines() == ["padded", "one two", "a b", "code: https://github.com/o/r",
                                 "other: https://x.org/a%20b%0Ac"]
    item, again, second = _round_trip(work)
    assert item["annote"] == "\n".join(work.note_lines()) and second == item
    assert again.notes == ["padded", "one two", "a b"]
    assert [(x.url, x.role) for x in again.links] == [("https://github.com/o/r", "code"),
                                                      ("https://x.org/a%20b%0Ac", "other")]


def test_keywords_commas_and_section_paths() -> None:
    work = Work(key="k", csl={"type": "book", "title": "T"},
                keywords=["a,b", "x > y", " spaced\tout ", "", "A;B"],
                sections=[("Train RNN", "Tips"), ("Flat",), ("Sec, with comma",)])
    # ',' -> ';' (then "A;B" repeats "a;b"); entries with ' > ' (section paths) last
    assert work.all_keywords() == ["a;b", "spaced out", "Flat", "Sec; with comma", "x > y", "Train RNN > Tips"]
    item, again, second = _round_trip(work)
    assert item["keyword"] == "a;b, spaced out, Flat, Sec; with comma, x > y, Train RNN > Tips"
    assert second == item
    assert again.keywords == ["a;b", "spaced out", "Flat", "Sec; with comma"]
    assert again.sections == [("x", "y"), ("Train RNN", "Tips")]


def test_links_of_any_scheme_and_link_like_notes_keep_their_place() -> None:
    work = Work(key="k", csl={"type": "book", "title": "T", "URL": "https://arxiv.org/abs/1406.6247"},
                notes=["code: https://looks.like/a-link", "intro: ICLR 2016"],
                links=[Link("https://arxiv.org/abs/1406.6247", "paper"), Link("ftp://ftp.example.org/d.tgz", "data"),
                       Link("mailto:a@b.org", "web")])
    item, again, second = _round_trip(work)
    assert item["annote"].splitlines() == ["code: https://looks.like/a-link", "intro: ICLR 2016",
                                         "data: ftp://ftp.example.org/d.tgz", "web: mailto:a@b.org"]
    assert second == item
    assert again.notes == ["code: https://looks.like/a-link", "intro: ICLR 2016"]  # not at the end: a note
    assert [x.url for x in again.links] == ["https://arxiv.org/abs/1406.6247", "ftp://ftp.example.org/d.tgz",
                                            "mailto:a@b.org"]


def test_note_line_naming_the_primary_url_stays_a_note() -> None:
    work = Work(key="k", csl={"type": "book", "title": "T", "URL": "https://arxiv.org/abs/1406.6247"},
                notes=["paper: http://arxiv.org/abs/1406.6247"])
    _, again, second = _round_trip(work)
    assert again.notes == ["paper: http://arxiv.org/abs/1406.6247"]
    assert second["annote"] == "paper: http://arxiv.org/abs/1406.6247"


# -- Markdown links ------------------------------------------------------------------------------------

class _Hrefs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href") or "")


def _hrefs(markdown: str) -> list[str]:
    parser = _Hrefs()
    parser.feed(str(mistune.create_markdown(escape=False)(markdown)))
    return parser.hrefs


NASTY_URLS = [
    "https://example.org/a\\:b", "https://example.org/&lt;b&gt;", "https://example.org/&#60;x&#x3C;",
    "https://example.org/a?x=1&y=2", "https://example.org/wiki/A_(b)", "https://example.org/a)b(",
    "https://example.org/a b", "https://example.org/<script>", "https://example.org/`x` *y* _z_",
    "https://example.org/{a}|b^\"c\"", "https://example.org/\\", "https://example.org/a\\)b",
    "https://例え.jp/パス", "ftp://ftp.example.org/data.tgz", "mailto:a@b.org",
]


@pytest.mark.parametrize("url", NASTY_URLS)
def test_link_destination_reads_back_as_the_url(url: str) -> None:
    (href,) = _hrefs(f"- x · {link('code', url)} · y")
    assert unquote(href) == unquote(url)
    assert "%" not in destination("https://example.org/plain/path?q=1&r=2#f")


@pytest.mark.parametrize("url", NASTY_URLS[:4])
def test_markdown_writer_links_read_back(url: str) -> None:
    work = Work(key="k", csl={"type": "book", "title": "T", "issued": {"date-parts": [[2015]]}},
                links=[Link(url, "code")])
    assert [unquote(h) for h in _hrefs(_write("markdown", [work]))] == [unquote(url)]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:x", "data:text/html,x",
                                 "vbscript:x", "file:///etc/passwd", "relative/path"])
def test_markdown_writer_skips_non_web_links(url: str) -> None:
    work = Work(key="k", csl={"type": "book", "title": "T"},
                links=[Link(url, "code"), Link("https://github.com/o/r", "code")])
    text = _write("markdown", [work])
    assert url.strip() not in text and _hrefs(text) == ["https://github.com/o/r"]


@pytest.mark.parametrize("url", ["https://example.org/&lt;b&gt;/x", "https://example.org/a\\:b/x",
                                 "https://example.org/&#60;/x"])
def test_markdown_citation_url_autolink_reads_back(url: str) -> None:
    work = Work(key="k", csl={"type": "webpage", "title": "T", "URL": url, "issued": {"date-parts": [[2015]]}})
    assert [unquote(h) for h in _hrefs(_write("markdown", [work]))] == [unquote(url)]
