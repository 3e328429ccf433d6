"""Injection: hostile titles, names and notes cannot break out of their entry in any output format.

Each hostile value goes into the title, every name part, a note, a keyword, the container title and
the publisher of one work, between two plain works.  Checked for each value:

* BibTeX and BibLaTeX: one entry per work under an independent linter (balanced braces, no ``@``
  starting an entry, no ``%`` that comments out a line, no unescaped ``& # $ _ ^``, no TeX primitive),
  bibtexparser v2 reads three entries whose titles decode to the given titles, and rnnbib reads them
  back; the whole set compiles with pdflatex + bibtex and with biber (marker ``latex``);
* RIS: every line ``TAG  - value``, three records (own parser and rispy), titles kept;
* CSL-JSON: valid JSON, three items, the round trip keeps the data;
* HTML: no tag or attribute from the data, three ``csl-entry`` divs;
* Markdown: rendered by mistune, no tag or disguised link from the data.

The same values also go through the command line from a Markdown reading list.  Known bugs are the
``xfail(strict=True)`` tests at the end.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import bibtexparser
import pytest
from fuzz import properties as P
from fuzz.oracles import bibtex_normal, lint_bib, ris_records

from rnnbib.model import Identifier, Link, Location, Work
from rnnbib.writers import WriteOptions, get_writer

HOSTILE: dict[str, str] = {
    "braces": "}{ {{ }} } {x} @misc{evil, title={x}} }}}",
    "at-entry": "@article{evil,\n title = {pwned}}\n@comment{",
    "percent": "100% of % the rest %",
    "ampersand": "R&D & Q&A &",
    "backslash": "\\input{/etc/passwd} \\\\ \\end{document} \\def\\x{y} \\",
    "dollar": "$x^2$ and $ \\$",
    "hash-underscore": "#1 ## snake_case __init__ #",
    "tilde-caret": "~user ^caret~^ ~~",
    "newlines-tabs": "line1\nline2\r\nline3\rline4\tcol\x0bvt\x0cff\u2028ls\u2029ps\x85nel",
    "nul-controls": "a\x00b\x01c\x07d\x1be\x7ff\x9fg",
    "ris-tags": "x\nTY  - JOUR\nER  - \nTI  - evil\n",
    "ris-er-first": "ER  - ",
    "script": "<script>alert(1)</script><img src=x onerror=alert(1)><a href='javascript:x'>y</a>",
    "entities": "&amp; &lt;script&gt;alert(1)&lt;/script&gt; &#60;b&#62; &#x3C; &nbsp; &",
    "markdown-links": "[click](http://evil.example/) ![x](http://evil.example/x.png) <http://evil.example/> "
                      "[a][r]\n\n[r]: http://evil.example/ **b** _i_ `c` # h\n- item\n> q\n| t |",
    "bidi-invisible": "abc\u202edcba\u200b\ufeff\u2066x\u2069\u00ad",
    "unicode": "Schmidhuber J\u00fcrgen \u0141ukasz \u4e2d\u6587 \U0001F600 e\u0301 \ufb01",
    "long-100kB": "x" * 100_000,
    "long-specials": "{%}&$#_@\n" * 11_000,
}
_IDS = list(HOSTILE)
# The 100 kB of LaTeX specials takes tens of seconds to write and read back as BibTeX.
_HOSTILE_SLOW_LONG = [pytest.param(v, id=k, marks=pytest.mark.slow if k == "long-specials" else ())
                      for k, v in HOSTILE.items()]


def hostile_work(value: str) -> Work:
    """A work with ``value`` in every text field the writers print."""
    return Work(
        key="hostile",
        csl={
            "type": "article-journal",
            "title": value,
            "author": [{"family": value, "given": value}, {"literal": value}],
            "container-title": value,
            "publisher": value,
            "issued": {"date-parts": [[2015, 10]]},
            "URL": "https://arxiv.org/abs/1406.6247",
        },
        identifiers=[Identifier("arxiv", "1406.6247")],
        links=[Link("https://github.com/karpathy/char-rnn", "code", value)],
        sections=[(value,)],
        sources=[Location("list.md", 3)],
        notes=[value],
        keywords=[value],
    )


def plain_work(key: str, title: str) -> Work:
    """A harmless neighbour: it must come out unchanged next to the hostile work."""
    return Work(key=key, csl={"type": "article-journal", "title": title, "container-title": "Neural Computation",
                              "author": [{"family": "Hochreiter", "given": "Sepp"}],
                              "issued": {"date-parts": [[1997]]}})


def trio(value: str) -> list[Work]:
    return [plain_work("before", "Long Short-Term Memory"), hostile_work(value),
            plain_work("after", "Learning to Forget")]


def _write(fmt: str, works: list[Work]) -> str:
    return get_writer(fmt)(works, WriteOptions())


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
@pytest.mark.parametrize("value", _HOSTILE_SLOW_LONG)
def test_bibtex_stays_one_entry_per_work(value: str, fmt: str) -> None:
    works = trio(value)
    text = P.check_bibtex(works, fmt)
    entries, _ = lint_bib(text)
    assert [e.key for e in entries] == ["before", "hostile", "after"]
    assert entries[0].etype == entries[2].etype  # the neighbours are written alike
    P.check_bibtex_readback(works, fmt)


@pytest.mark.parametrize("value", HOSTILE.values(), ids=_IDS)
def test_ris_stays_one_record_per_work(value: str) -> None:
    text = P.check_ris(trio(value))
    records, _ = ris_records(text)
    assert [dict(r)["ID"] for r in records] == ["before", "hostile", "after"]
    assert all(r[0][0] == "TY" and r[-1] == ("ER", "") for r in records)


@pytest.mark.parametrize("value", HOSTILE.values(), ids=_IDS)
def test_csljson_keeps_three_items(value: str) -> None:
    works = trio(value)
    items = json.loads(_write("csljson", works))
    assert [i["id"] for i in items] == ["before", "hostile", "after"]
    assert items[1]["title"] == value or bibtex_normal(items[1]["title"]) == bibtex_normal(value)
    if P.known_bug(works, "csljson") is None:
        P.check_csljson(works)


@pytest.mark.parametrize("value", HOSTILE.values(), ids=_IDS)
def test_html_escapes(value: str) -> None:
    works = trio(value)
    P.check_html(works)
    text = _write("html", works)
    assert "<script" not in text.lower() and "<img" not in text.lower()


@pytest.mark.parametrize("value", HOSTILE.values(), ids=_IDS)
def test_markdown_escapes_link_syntax(value: str) -> None:
    works = trio(value)
    P.check_markdown(works)
    assert "](http://evil.example/)" not in _write("markdown", works).replace("\\]", "")


@pytest.mark.latex
def test_hostile_bib_compiles_with_pdflatex_bibtex_and_biber() -> None:
    """Every hostile value (except the 100 kB ones) in one .bib: no LaTeX, bibtex or biber error.

    Names are cut to 10 characters: natbib keeps the label in a bibtex entry string of at most 250
    characters and a longer one is cut mid-group (a bibtex limit, see docs/RELIABILITY.md); ``]`` in a
    name and a name word starting with ``~ ^ { } \\`` are known bugs (below).
    """
    latexutil = pytest.importorskip("latexutil")
    latexutil.require_tools("pdflatex", "bibtex", "biber")
    works: list[Work] = []
    for n, (name, value) in enumerate(HOSTILE.items()):
        if name.startswith("long"):
            continue
        work = hostile_work(value)
        work.key = f"hostile{n}"
        short = "X" + "".join(value[:10].split()).replace("]", "")  # a name word starting with a special: bug
        work.csl["author"] = [{"family": short, "given": short}, {"literal": short}]
        if name == "unicode":  # pdflatex cannot typeset CJK or emoji (documented in latex.py)
            work.csl["title"] = work.csl["container-title"] = work.csl["publisher"] = value[:25]
            work.csl["author"] = [{"family": "J\u00fcrgen", "given": "\u0141ukasz"}]
            work.notes = work.keywords = []
            work.sections = []
        works.append(work)
    works.append(plain_work("canary", "Canary Entry"))
    for fmt, compile_ in (("bibtex", latexutil.compile_bibtex), ("biblatex", latexutil.compile_biblatex)):
        run = compile_(_write(fmt, works))
        assert run.errors == 0, run.summary()
        assert not run.undefined, run.undefined


# -- the same values through the command line ------------------------------------------------------

def _reading_list() -> str:
    parts = ["# Hostile section {%} <script>\n"]
    for n, value in enumerate(HOSTILE.values()):
        # one line per title, no NUL (a NUL makes the file binary: tested below)
        value = value[:150].replace("\n", " ").replace("\r", " ").replace("*", "").replace("\x00", "")
        # links, HTML, emphasis in a bold title are a known bug (below)
        title = " ".join(re.sub(r"[<>\[\]_]|http", " ", value).split())
        parts.append(f"**Title {title} {n}**\n\n- intro: {value}\n- arxiv: [https://arxiv.org/abs/1406.{6200 + n}]"
                     f"(https://arxiv.org/abs/1406.{6200 + n})\n- github: https://github.com/o/r{n}\n")
    return "\n".join(parts)


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RNNBIB_OFFLINE": "1", "RNNBIB_CACHE_DIR": str(cwd / "cache")}
    return subprocess.run([sys.executable, "-m", "rnnbib", "convert", *args, "-q"], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_cli_hostile_list_every_format(tmp_path: Path) -> None:
    """A hostile reading list converted by the CLI: every work in every format, every format well formed."""
    src = tmp_path / "hostile.md"
    src.write_text(_reading_list(), encoding="utf-8")
    n = len(HOSTILE)
    out = {fmt: tmp_path / f"out.{fmt}" for fmt in ("bibtex", "biblatex", "ris", "csljson", "html", "markdown")}
    for fmt, path in out.items():
        proc = _cli(str(src), "-t", fmt, "-o", str(path), cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
    for fmt in ("bibtex", "biblatex"):
        text = out[fmt].read_text(encoding="utf-8")
        entries, errors = lint_bib(text)
        assert not errors, errors[:5]
        assert len(entries) == n
        assert len(bibtexparser.parse_string(text).entries) == n
    records, problems = ris_records(out["ris"].read_text(encoding="utf-8"))
    assert not problems and len(records) == n
    assert len(json.loads(out["csljson"].read_text(encoding="utf-8"))) == n
    html = out["html"].read_text(encoding="utf-8")
    assert "<script" not in html.lower() and html.count('class="csl-entry"') == n
    assert "[click](" not in out["markdown"].read_text(encoding="utf-8")  # the data's link text stays text


def test_cli_nul_in_list_is_a_clear_input_error(tmp_path: Path) -> None:
    src = tmp_path / "nul.md"
    src.write_bytes(b"**Title \x00 here**\n\n- arxiv: https://arxiv.org/abs/1406.6247\n")
    proc = _cli(str(src), "-o", str(tmp_path / "out.bib"), cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and str(src) in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "out.bib").exists()


# -- known bugs (strict xfail: they pass once fixed, and then this marker must go) ------------------

@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
def test_bug_note_line_starting_with_at(fmt: str) -> None:
    work = plain_work("k", "Title")
    work.notes = ["intro: ICLR 2016", "@misc{evil, title={x}}"]
    text = _write(fmt, [work, plain_work("after", "After")])
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks and len(library.entries) == 2


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
def test_bug_arxiv_class_not_escaped(fmt: str) -> None:
    work = plain_work("k", "Title")
    work.csl.update({"type": "article", "number": "arXiv:1406.6247"})
    work.identifiers = [Identifier("arxiv", "1406.6247")]
    work.extra["arxiv_class"] = "cs_LG%comment"
    entries, _ = lint_bib(_write(fmt, [work]))
    value = next(v for k, v in entries[0].fields.items() if k in ("primaryclass", "eprintclass"))
    assert "\\%" in value and "\\_" in value


@pytest.mark.parametrize("field", ["blank-note", "spaced-note", "comma-keyword", "u2028-note"])
def test_bug_csljson_round_trip_note_keyword(field: str) -> None:
    work = plain_work("k", "Title")
    work.links = [Link("https://github.com/o/r", "code")]
    if field == "blank-note":
        work.notes = [""]
    elif field == "spaced-note":
        work.notes = [" padded "]
    elif field == "comma-keyword":
        work.keywords = ["a,b"]
    else:
        work.notes = ["one\u2028two"]
    P.check_csljson([work])


def test_bug_csljson_round_trip_ftp_link() -> None:
    work = plain_work("k", "Title")
    work.links = [Link("https://github.com/o/r", "code"), Link("ftp://ftp.example.org/data.tgz", "data")]
    P.check_csljson([work])


def test_bug_markdown_javascript_link() -> None:
    work = plain_work("k", "Title")
    work.links = [Link("javascript:alert(1)", "code")]
    assert "javascript:" not in _write("markdown", [work])


@pytest.mark.parametrize("fmt", ["text", "html", "markdown"])
def test_bug_lone_surrogate_in_csljson_input(tmp_path: Path, fmt: str) -> None:
    src = tmp_path / "items.json"
    src.write_text('[{"id": "a", "type": "article", "title": "x\\ud800y", "author": [{"family": "\\udfff"}]}]',
                   encoding="ascii")
    proc = _cli(str(src), "-t", fmt, "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert "Traceback" not in proc.stderr, proc.stderr[-500:]
    assert proc.returncode in (0, 2)


@pytest.mark.latex
def test_bug_biber_name_starting_with_special() -> None:
    latexutil = pytest.importorskip("latexutil")
    latexutil.require_tools("pdflatex", "biber")
    work = plain_work("k", "Title")
    work.csl["author"] = [{"family": "~user", "given": "J"}]
    run = latexutil.compile_biblatex(_write("biblatex", [work]))
    assert run.errors == 0, run.summary()


@pytest.mark.latex
def test_bug_natbib_bracket_in_family_name() -> None:
    latexutil = pytest.importorskip("latexutil")
    latexutil.require_tools("pdflatex", "bibtex")
    work = plain_work("k", "Title")
    work.csl["author"] = [{"family": "Smith]", "given": "J"}]
    run = latexutil.compile_bibtex(_write("bibtex", [work]))
    assert run.errors == 0, run.summary()


@pytest.mark.parametrize("title", ["Title <a href='https://x.org/'>y</a>", "[click](http://x.org/) Title",
                                   "Title <http://x.org/> z", "Title <img src=x onerror=alert(1)> z", "{%}&$# @ 18"])
def test_bug_markdown_title_with_link_or_long_is_lost(title: str) -> None:
    from rnnbib.readers.markdown import read_markdown

    text = (f"**Previous Paper**\n\n- arxiv: https://arxiv.org/abs/1406.6247\n\n**{title}**\n\n"
            "- arxiv: https://arxiv.org/abs/1512.03385\n")
    result = read_markdown(text, "list.md")
    first = result.works[0]
    assert [str(i) for i in first.identifiers] == ["arxiv:1406.6247"]
    assert len(result.works) == 2 or result.problems


@pytest.mark.parametrize("url", ["https://example.org/a\\:b", "https://example.org/&lt;b&gt;"])
def test_bug_markdown_link_url_escaping(url: str) -> None:
    work = plain_work("k", "Title")
    work.links = [Link(url, "code")]
    P.check_markdown([work])


def test_bug_markdown_location_line_0() -> None:
    from rnnbib.readers.markdown import read_markdown

    text = "> **Quoted**\n> - paper: https://arxiv.org/abs/1406.6247\n- x\n# A"
    works = read_markdown(text, "list.md").works
    assert works and all(loc.line >= 1 for w in works for loc in w.sources)


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
@pytest.mark.parametrize("title", ["\\ ", "A\\\\\\ ", "x\\ "])
def test_bug_as_written_value_ending_in_backslash(fmt: str, title: str) -> None:
    """A .bib value whose as-written LaTeX ends in an unpaired ``\\`` must not escape the closing brace."""
    from rnnbib.readers.bibtex import read_bibtex

    text = f"@article{{before, title = {{Plain}}}}\n@article{{k,\n  title = {{{title}}}\n}}\n" \
           "@article{after, title = {Plain}}\n"
    works = P.prepare(read_bibtex(text, "refs.bib").works)
    assert [w.key for w in works] == ["before", "k", "after"]
    P.check_bibtex(works, fmt)
    P.check_bibtex_readback(works, fmt)


@pytest.mark.parametrize("control", ["\x1b", "\x00", "\x7f", "\x85"])
def test_bug_markdown_url_in_title_next_to_control_character(control: str) -> None:
    """A URL in a title followed by a control character stays an autolink CommonMark accepts."""
    works = trio(f"[link](http://evil.example/)[link](http://evil.example/){control}")
    P.check_markdown(works)


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
@pytest.mark.parametrize("title", ["\\\x1f0", "A\\\x00b", "\\\u200bz x", "0\\\xad", "\\\u00e9t\\\u00e9"])
def test_bug_as_written_value_with_a_control_character_after_a_backslash(fmt: str, title: str) -> None:
    """Dropping a control or invisible character after ``\\`` must not make a new macro (``\\0``)."""
    from rnnbib.readers.bibtex import read_bibtex

    text = f"@article{{k,\n  title = {{{title}}}\n}}\n@article{{after, title = {{Plain}}}}\n"
    works = P.prepare(read_bibtex(text, "refs.bib").works)
    P.check_bibtex(works, fmt)
    P.check_bibtex_readback(works, fmt)
