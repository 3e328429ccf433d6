"""Hypothesis generators for hostile input, and the hypothesis profiles of the property tests.

Profiles (chosen with ``HYPOTHESIS_PROFILE``, default ``rnnbib-fast``):

* ``rnnbib-fast``: the normal test run, ~100 examples per property, no deadline;
* ``rnnbib-ci``: the same with a fixed seed (reproducible CI logs);
* ``rnnbib-fuzz``: many examples, used by ``tests/fuzz/run_fuzz.py``.

Generators:

* :func:`hostile_text` - text made of LaTeX/BibTeX/RIS/HTML/Markdown specials, control
  characters, invisible characters, random Unicode and (optionally) very long runs;
* :func:`works` / :func:`work_lists` - in-memory :class:`~rnnbib.model.Work` objects whose
  every text field is hostile (for the writers);
* :func:`csl_items` - CSL-JSON items (for the CSL-JSON reader/writer round trip);
* :func:`reading_lists` - Markdown reading lists: front matter, nested headings, ``**Title**``
  entries with ``- label: value`` bullets (labels with typos and qualifiers), one-line entries,
  tables, links of every form (inline, bare, autolink, ``<a href>``, broken), Unicode,
  control characters and very long lines;
* :func:`bib_files` - ``.bib`` text, well formed or broken;
* :func:`id_lists` - identifier lists (``.txt``);
* :func:`binary_blobs` - bytes that are often not UTF-8 text at all.
"""

from __future__ import annotations

import os
import string
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from rnnbib.model import Identifier, Link, Location, Work

# -- profiles ------------------------------------------------------------------------------------

_COMMON: dict[str, Any] = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    "print_blob": True,
}
settings.register_profile("rnnbib-fast", max_examples=100, **_COMMON)
settings.register_profile("rnnbib-ci", max_examples=100, derandomize=True, **_COMMON)
settings.register_profile("rnnbib-fuzz", max_examples=10_000, database=None, **_COMMON)


def load_profile() -> None:
    """Load the profile named by ``HYPOTHESIS_PROFILE`` (default ``rnnbib-fast``)."""
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "rnnbib-fast"))


# -- text ----------------------------------------------------------------------------------------

LATEX_SPECIALS = list("}{@%&\\$#_~^")
CONTROL = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\x9f"]
WHITESPACE = ["\n", "\r", "\r\n", "\t", " ", "\xa0", "\u2028", "\u2029", "\u3000", "\u2009"]
INVISIBLE = ["\ufeff", "\u200b", "\u200e", "\u202e", "\u2066", "\u00ad", "\u2060"]
INJECTIONS = [
    "TY  - JOUR", "\nTY  - JOUR\n", "ER  - ", "\nER  - \n", "\nER  -", "AU  - Evil, Eve",
    "@misc{evil,", "\n@misc{evil, title={x}}\n", "}\n@article{x,", "% comment", "\\input{/etc/passwd}",
    "\\end{document}", "\\def\\x{y}", "$x^2$", "{{", "}}", "\\", "\\\\",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "&amp;", "&lt;b&gt;", "&#x3C;", "&nbsp;",
    "[link](http://evil.example/)", "![img](http://evil.example/x.png)", "<http://evil.example/>",
    "**bold**", "_em_", "`code`", "# Heading", "\n- item", "| a | b |", "[^1]", "]: http://x",
    "--", "---", "``", "''", "!`", "?`", "<<", ">>", ",,", "~~", "\"", "'", ",", " and ", "others",
    "LSTM", "RNNs", "TensorFlow", "iPhone", "A", "I",
]
UNICODE_SAMPLES = ["é", "ü", "ł", "ø", "ß", "ễ", "ǖ", "Ω", "中文", "日本語", "한국어", "ا", "ש", "😀", "𝔘", "ﬁ",
                   "e\u0301", "A\u030a", "\u0301", "’", "“", "—", "–", "…", "·", "°", "±", "×"]


_SINGLE = [c for c in (*LATEX_SPECIALS, *CONTROL, *WHITESPACE, *INVISIBLE, *UNICODE_SAMPLES) if len(c) == 1]
_CHARS = st.sampled_from(_SINGLE + list(string.ascii_letters + string.digits + " .,:;-()'\"/?!*[]<>|") * 2)
_TOKENS = st.sampled_from(INJECTIONS + [c for c in UNICODE_SAMPLES if len(c) > 1] + ["\r\n"])
_ANY_CHAR = st.characters(exclude_categories=["Cs"])


def hostile_text(min_size: int = 0, max_size: int = 24, long_runs: bool = False) -> st.SearchStrategy[str]:
    """Text of LaTeX/RIS/HTML/Markdown specials, control and invisible characters, injection tokens, any
    Unicode and (with ``long_runs``) runs of 10-100 kB.  ``max_size`` bounds the number of pieces."""
    piece = st.one_of(st.text(_CHARS, min_size=1, max_size=8), _TOKENS, st.text(_ANY_CHAR, min_size=1, max_size=3))
    options = [
        st.text(_CHARS, min_size=min_size, max_size=max_size),
        st.lists(piece, min_size=min_size, max_size=max(1, max_size // 3)).map("".join),
    ]
    if long_runs:
        options.append(st.builds(lambda c, n, t: c * n + t, st.sampled_from(["a", "%", "{", "}", "é", " ", "\n"]),
                                 st.integers(10_000, 100_000), st.text(_CHARS, min_size=min_size, max_size=4)))
    return st.one_of(options)


def words(max_size: int = 6) -> st.SearchStrategy[str]:
    """Plain-ish title words (letters, digits, a few punctuation marks and Unicode)."""
    word = st.one_of(st.text(string.ascii_letters, min_size=1, max_size=10), st.sampled_from(UNICODE_SAMPLES))
    return st.lists(word, min_size=1, max_size=max_size).map(" ".join)


# -- works ---------------------------------------------------------------------------------------

CSL_TYPES = ["article", "article-journal", "paper-conference", "software", "post-weblog", "webpage", "speech",
             "motion_picture", "thesis", "dataset", "report", "book", "chapter", "document", "bogus-type"]
ROLES = ["paper", "code", "web", "blog", "slides", "video", "data", "project", "other"]


def names() -> st.SearchStrategy[dict[str, str]]:
    """A CSL name: family/given (+ particle, suffix) or a literal."""
    personal = st.fixed_dictionaries(
        {"family": hostile_text(1, 4)},
        optional={"given": hostile_text(0, 4), "non-dropping-particle": st.sampled_from(["van", "de", "von der"]),
                  "suffix": st.sampled_from(["Jr.", "III"])},
    )
    literal = st.builds(lambda t: {"literal": t}, hostile_text(1, 4))
    return st.one_of(personal, literal)


def urls() -> st.SearchStrategy[str]:
    """URLs, mostly plausible, some hostile (spaces, braces, quotes, non-ASCII, newlines)."""
    plausible = st.sampled_from([
        "https://arxiv.org/abs/1406.6247", "http://arxiv.org/pdf/1506.00019v4.pdf",
        "https://doi.org/10.1162/neco.1997.9.8.1735", "https://github.com/karpathy/char-rnn",
        "http://karpathy.github.io/2015/05/21/rnn-effectiveness/", "https://example.org/a%20b?x=1&y=2#frag",
        "https://example.org/~user/_x_/^/", "https://example.org/{}", "https://example.org/a b",
        "https://例え.jp/パス", "javascript:alert(1)", "file:///etc/passwd",
    ])
    built = st.builds(lambda a, b: f"https://example.org/{a}{b}", hostile_text(0, 3), hostile_text(0, 2))
    return st.one_of(plausible, built)


def _date() -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(
        st.builds(lambda y: {"date-parts": [[y]]}, st.integers(1, 2100)),
        st.builds(lambda y, m: {"date-parts": [[y, m]]}, st.integers(1900, 2100), st.integers(1, 12)),
        st.builds(lambda y, m, d: {"date-parts": [[y, m, d]]}, st.integers(1900, 2100), st.integers(1, 12),
                  st.integers(1, 28)),
    )


def csl_data(long_runs: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    """CSL variables with hostile text (no ``id``/``note``/``keyword``, per the shared conventions)."""
    text = hostile_text(0, 12, long_runs)
    return st.fixed_dictionaries(
        {"type": st.sampled_from(CSL_TYPES), "title": hostile_text(0, 24, long_runs)},
        optional={
            "author": st.lists(names(), max_size=3),
            "editor": st.lists(names(), max_size=1),
            "issued": _date(),
            "accessed": _date(),
            "container-title": text,
            "event-title": text,
            "publisher": text,
            "page": st.one_of(text, st.sampled_from(["1--10", "3104–3112", "e123"])),
            "abstract": text,
            "genre": text,
            "DOI": st.one_of(st.sampled_from(["10.1162/neco.1997.9.8.1735", "10.1000/{x}%y#z"]), text),
            "URL": urls(),
            "number": st.one_of(st.sampled_from(["arXiv:1406.6247", "arXiv:hep-th/9901001"]), text),
            "volume": text,
        },
    )


def _identifiers() -> st.SearchStrategy[list[Identifier]]:
    one = st.one_of(
        st.builds(Identifier, st.just("arxiv"), st.sampled_from(["1406.6247", "hep-th/9901001", "2101.00001"]),
                  st.sampled_from([None, "v1", "v12"])),
        st.builds(Identifier, st.just("doi"), st.sampled_from(["10.1162/neco.1997.9.8.1735", "10.5555/a_b%c"])),
        st.builds(Identifier, st.just("github"), st.sampled_from(["karpathy/char-rnn", "o/r"])),
    )
    return st.lists(one, max_size=2)


def works(long_runs: bool = False) -> st.SearchStrategy[Work]:
    """A Work whose title, names, notes, keywords, sections, links and key are hostile."""
    link = st.builds(Link, urls(), st.sampled_from(ROLES), hostile_text(0, 3))
    return st.builds(
        Work,
        csl=csl_data(long_runs),
        identifiers=_identifiers(),
        links=st.lists(link, max_size=2, unique_by=lambda x: x.url),
        sections=st.lists(st.lists(hostile_text(1, 4), min_size=1, max_size=3).map(tuple), max_size=2),
        sources=st.just([Location("list.md", 1)]),
        notes=st.lists(hostile_text(0, 10, long_runs), max_size=2),
        keywords=st.lists(hostile_text(1, 4), max_size=2),
        key=st.one_of(st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=8), hostile_text(0, 4)),
        extra=st.fixed_dictionaries({}, optional={"arxiv_class": st.sampled_from(["cs.LG", "hep-th", "math.OC"])}),
    )


def work_lists(max_size: int = 4, long_runs: bool = False) -> st.SearchStrategy[list[Work]]:
    """Lists of hostile works (keys may repeat: writers must still write one entry per work)."""
    return st.lists(works(long_runs), min_size=1, max_size=max_size)


def _json_text() -> st.SearchStrategy[str]:
    # text that JSON can carry and UTF-8 can encode (no lone surrogates)
    return hostile_text(0, 12)


def csl_items() -> st.SearchStrategy[dict[str, Any]]:
    """A CSL-JSON item as a file would hold it: ``id``, ``note`` and ``keyword`` included."""
    return csl_data().flatmap(
        lambda csl: st.fixed_dictionaries(
            {"id": st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=10)},
            optional={"note": _json_text(), "keyword": _json_text()},
        ).map(lambda extra: {**csl, **extra})
    )


# -- reading lists -------------------------------------------------------------------------------

LABELS = [
    "arxiv", "arXiv", "arxiv(v2)", "arxvi", "paper", "papr", "paper(zh)", "pdf", "github", "gihtub", "github(official)",
    "code", "blog", "blog(zh)", "slides", "video", "youtube", "project page", "homepage", "website", "intro",
    "keywords", "notes", "review", "mirror", "demo", "Part 1(Introduction to RNNs)", "Part 2", "data", "dataset",
    "openreview", "thesis", "author", "authors", "gitxiv", "reddit", "", " ", "a" * 40, "label:with:colons",
]
LINK_TARGETS = [
    "https://arxiv.org/abs/1406.6247", "http://arxiv.org/abs/1506.00019v4", "https://arxiv.org/pdf/1512.03385.pdf",
    "arxiv.org/abs/1409.3215", "https://doi.org/10.1162/neco.1997.9.8.1735", "https://github.com/karpathy/char-rnn",
    "https://github.com/karpathy", "https://gist.github.com/karpathy/d4dee566867f8291f086",
    "http://proceedings.mlr.press/v37/xuc15.html", "https://openreview.net/forum?id=rJY0-Kcll",
    "https://papers.nips.cc/paper/5346-sequence-to-sequence", "http://example.org/a(b)c",
    "https://arxiv.org/abs/1406.6247https://github.com/o/r", "https://arxiv.org/abs/\ufeff1406.6247",
    "http://www.jianshu.com/p/9dc9f41f0b29", "www.example.org/x", "#anchor", "", "mailto:a@b.c", "javascript:alert(1)",
    "file:///etc/passwd", "https://example.org/<script>", "https://example.org/a b", "http://",
    "https://arxiv.org/abs/99999.99999", "https://doi.org/10.", "https://github.com/", "https://twitter.com/intent/x",
]


def _target() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(LINK_TARGETS), st.builds(lambda t: "https://x.org/" + t, hostile_text(0, 3)))


def _link_markup() -> st.SearchStrategy[str]:
    """One link in any of the forms lists use (and some broken ones)."""
    t = _target()
    txt = hostile_text(0, 3)
    return st.one_of(
        st.builds(lambda u: f"[{u}]({u})", t),
        st.builds(lambda a, u: f"[{a}]({u})", txt, t),
        st.builds(lambda u: u, t),
        st.builds(lambda u: f"<{u}>", t),
        st.builds(lambda a, u: f'<a href="{u}">{a}</a>', txt, t),
        st.builds(lambda a, u: f"[[{a}]]({u})", txt, t),
        st.builds(lambda u: f"[{u}]{{{u}}}", t),  # broken: braces instead of parentheses
        st.builds(lambda u: f"[{u}]（{u}）", t),  # broken: full-width parentheses
        st.builds(lambda u: f"[]({u})", t),
        st.builds(lambda u: f"![]({u})", t),
        st.builds(lambda a, u: f"[{a}][ref]\n\n[ref]: {u}", txt, t),
    )


def _bullet() -> st.SearchStrategy[str]:
    label = st.one_of(st.sampled_from(LABELS), hostile_text(0, 3))
    value = st.one_of(_link_markup(), hostile_text(0, 8),
                      st.lists(_link_markup(), min_size=2, max_size=3).map(" ".join))
    marker = st.sampled_from(["- ", "* ", "+ ", "1. ", "  - ", "    - ", "-"])
    return st.builds(lambda m, lab, v: f"{m}{lab}: {v}", marker, label, value)


def _titled_entry() -> st.SearchStrategy[str]:
    title = st.one_of(words(), hostile_text(0, 10))
    body = st.lists(st.one_of(_bullet(), _link_markup()), max_size=5).map("\n".join)
    sep = st.sampled_from(["\n\n", "\n", "\n\n\n"])
    return st.builds(lambda t, s, b: f"**{t}**{s}{b}", title, sep, body)


def _one_line_entry() -> st.SearchStrategy[str]:
    title = st.one_of(words(), hostile_text(0, 6))
    forms = st.sampled_from([
        "- [{t}]({u}) - {d}", "* {t} [[Paper]]({u}) [[Code]]({u})", "1. **{t}.** Venue 2015. [paper]({u})",
        "- **{t}** (2015), A. Author et al. [[pdf]]({u})", "| 2015 | {d} | [{t}]({u}) |",
        "**[1]** Author. \"**{t}**.\" NIPS (2014). [[pdf]]({u}) :star::star:", "{t} {u}",
    ])
    return st.builds(lambda f, t, u, d: f.format(t=t, u=u, d=d), forms, title, _target(), hostile_text(0, 4))


def _heading() -> st.SearchStrategy[str]:
    return st.builds(lambda n, t: "#" * n + " " + t, st.integers(1, 7), st.one_of(words(3), hostile_text(0, 4)))


def _misc_block() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(["---", "***", "```\n**Not a title**\n- paper: https://arxiv.org/abs/1406.6247\n```",
                         "<div>\n**x**\n</div>", "<table><tr><td><a href='https://arxiv.org/abs/1406.6247'>x</a>"
                         "</td></tr></table>", "> **Quoted**\n> - paper: https://arxiv.org/abs/1406.6247",
                         "| a | b |\n|---|---|\n| [x](https://arxiv.org/abs/1406.6247) | y |", "<!-- comment",
                         "```", "<br>", "1) Plain Tanh Recurrent Nerual Networks", "**", "****", "** **"]),
        hostile_text(0, 30),
    )


def _front_matter() -> st.SearchStrategy[str]:
    return st.one_of(
        st.just(""),
        st.builds(lambda t: f"---\nlayout: post\ntitle: {t}\ndate: 2015-10-09\n---\n", words(3)),
        st.builds(lambda t: f"---\n{t}\n---\n", hostile_text(0, 8)),
        st.just("---\ntitle: [unclosed\n---\n"),
        st.just("---\n- a list\n---\n"),
        st.just("---\nno end\n"),
    )


def reading_lists(long_runs: bool = False) -> st.SearchStrategy[str]:
    """A Markdown reading list: front matter, then headings, entries and other blocks in any order."""
    block = st.one_of(_heading(), _titled_entry(), _one_line_entry(), _misc_block())
    if long_runs:
        block = st.one_of(block, hostile_text(1, 2, long_runs=True))
    sep = st.sampled_from(["\n\n", "\n"])
    return st.builds(lambda fm, blocks, s: fm + s.join(blocks), _front_matter(), st.lists(block, max_size=12), sep)


# -- other input formats -------------------------------------------------------------------------

def _bib_value() -> st.SearchStrategy[str]:
    return st.one_of(
        st.builds(lambda t: "{" + t + "}", hostile_text(0, 6)),
        st.builds(lambda t: '"' + t + '"', hostile_text(0, 6)),
        st.sampled_from(["2015", "jan", "{Long {Short-Term} Memory}", '{\\"u}ber', "{\\LaTeX}", "a # b", "{", "}",
                         "{Hochreiter, Sepp and Schmidhuber, J{\\\"u}rgen}", "{\\url{http://x}}"]),
    )


def _bib_entry() -> st.SearchStrategy[str]:
    field = st.builds(lambda n, v: f"  {n} = {v}", st.sampled_from(
        ["title", "author", "year", "month", "journal", "booktitle", "doi", "url", "eprint", "archivePrefix",
         "note", "pages", "keywords", "abstract", "editor", "x-custom", "TITLE", "title"]), _bib_value())
    etype = st.sampled_from(["article", "inproceedings", "misc", "online", "book", "phdthesis", "software",
                             "STRING", "comment", "preamble", "Article", "bogus", ""])
    key = st.one_of(st.sampled_from(["hochreiter1997", "a", "", "k,y", "dup", "DUP"]), hostile_text(0, 3))
    close = st.sampled_from(["\n}", "}", "\n", ")", ",\n}"])
    return st.builds(lambda t, k, fs, c: f"@{t}{{{k},\n" + ",\n".join(fs) + c, etype, key,
                     st.lists(field, max_size=6), close)


def bib_files() -> st.SearchStrategy[str]:
    """``.bib`` text: entries (some broken), comments, junk between entries."""
    block = st.one_of(_bib_entry(), _bib_entry(), hostile_text(0, 8), st.sampled_from(
        ["% a comment with @misc{x,", "@string{acl = {ACL}}", "@comment{x}", "@preamble{\"\\newcommand{\\x}{y}\"}",
         "@", "@{", "}"]))
    return st.lists(block, max_size=8).map("\n\n".join)


def id_lists() -> st.SearchStrategy[str]:
    """Identifier lists: ids, DOIs, URLs, comments and junk, one per line."""
    line = st.one_of(
        st.sampled_from(["1406.6247", "arXiv:1406.6247v2", "hep-th/9901001", "10.1162/neco.1997.9.8.1735",
                         "doi:10.1000/xyz", "https://github.com/karpathy/char-rnn", "# comment", "",
                         "https://arxiv.org/abs/1406.6247 # c", "www.example.org", "10.", "arXiv:", "github.com/"]),
        st.sampled_from(LINK_TARGETS),
        hostile_text(0, 6),
    )
    return st.lists(line, max_size=10).map("\n".join)


def binary_blobs() -> st.SearchStrategy[bytes]:
    """Bytes: random binary, UTF-8 with a stray invalid byte, UTF-16, a BOM, NULs late in the file."""
    return st.one_of(
        st.binary(max_size=200),
        st.builds(lambda t, b, u: t.encode("utf-8", "replace") + b + u.encode("utf-8", "replace"),
                  reading_lists(), st.sampled_from([b"\xff", b"\xc3", b"\x80", b"\xed\xa0\x80", b"\xfe\xff", b""]),
                  hostile_text(0, 3)),
        st.builds(lambda t: t.encode("utf-16"), words(5)),
        st.builds(lambda t: b"\xef\xbb\xbf" + t.encode("utf-8", "replace"), reading_lists()),
        st.builds(lambda t: t.encode("utf-8", "replace") + b"\x00" * 3, reading_lists()),
    )
