"""The .bib reader: entries → Works, broken blocks reported with their line, writer round trip."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from latexutil import hostile_works

from rnnbib.latex import normalize_text
from rnnbib.model import Identifier, Link, Location
from rnnbib.readers import get_reader
from rnnbib.readers.bibtex import read_bibtex
from rnnbib.writers import WriteOptions
from rnnbib.writers.bibtex import write_biblatex, write_bibtex

DATA = Path(__file__).parent / "data" / "bibtex"


def read_mixed():  # type: ignore[no-untyped-def]
    return read_bibtex((DATA / "mixed.bib").read_text(encoding="utf-8"), "mixed.bib")


def test_registry() -> None:
    assert get_reader("bibtex") is read_bibtex


def test_broken_entry_reported_with_its_line_and_good_ones_kept() -> None:
    result = read_mixed()
    assert [p.kind for p in result.problems] == ["error"]
    assert result.problems[0].location == Location("mixed.bib", 24)
    assert "closing" in result.problems[0].message
    keys = [w.extra["bibtex_key"] for w in result.works]
    assert keys == ["hochreiter1997long", "graves2013generating", "kaiser2016neural",
                    "olah2015understanding", "sutskever2013training", "karpathy2015charrnn"]
    assert [w.source for w in result.works] == [Location("mixed.bib", n) for n in (4, 17, 29, 41, 50, 58)]


def test_classic_article_with_string_macro_and_doi_url() -> None:
    work = read_mixed().works[0]
    assert work.type == "article-journal"
    assert work.csl["title"] == "Long Short-Term Memory"
    assert work.csl["author"] == [{"family": "Hochreiter", "given": "Sepp"},
                                  {"family": "Schmidhuber", "given": "Jürgen"}]
    assert work.csl["container-title"] == "Neural Computation"
    assert (work.csl["volume"], work.csl["issue"], work.csl["page"]) == ("9", "8", "1735-1780")
    assert work.csl["issued"] == {"date-parts": [[1997, 11]]}
    assert work.csl["DOI"] == "10.1162/neco.1997.9.8.1735"
    assert work.identifiers == [Identifier("doi", "10.1162/neco.1997.9.8.1735")]
    assert work.provenance["title"] == "bibtex"


def test_google_scholar_arxiv_journal_is_a_preprint() -> None:
    work = read_mixed().works[1]
    assert work.type == "article"
    assert work.csl["number"] == "arXiv:1308.0850"
    assert work.csl["publisher"] == "arXiv"
    assert "container-title" not in work.csl
    assert work.identifiers == [Identifier("arxiv", "1308.0850")]
    assert work.csl["URL"] == "https://arxiv.org/abs/1308.0850"


def test_eprint_names_note_keywords() -> None:
    work = read_mixed().works[2]
    assert work.type == "article"
    assert work.identifiers[0] == Identifier("arxiv", "1511.08228", "v3")
    assert work.extra["arxiv_class"] == "cs.LG"
    assert work.csl["title"] == "Neural GPUs Learn Algorithms"
    assert work.csl["author"] == [
        {"family": "Kaiser", "given": "Łukasz"},
        {"family": "Sutskever", "given": "Ilya"},
        {"family": "Berg", "given": "Jan", "non-dropping-particle": "van der"},
        {"literal": "Google DeepMind"},
        {"literal": "others"},  # ``and others``: the et-al marker is kept
    ]
    assert work.notes == ["intro: ICLR 2016"]
    assert Link("https://github.com/tensorflow/models/tree/master/neural_gpu", "code") in work.links
    assert work.keywords == ["algorithms"]
    assert work.sections == [("Recurrent nets", "GPUs")]


def test_biblatex_online_and_thesis() -> None:
    works = read_mixed().works
    blog, thesis, software = works[3], works[4], works[5]
    assert blog.type == "webpage"
    assert blog.csl["issued"] == {"date-parts": [[2015, 8, 27]]}
    assert blog.csl["accessed"] == {"date-parts": [[2024, 1, 15]]}
    assert blog.csl["container-title"] == "colah's blog"
    assert thesis.type == "thesis"
    assert (thesis.csl["genre"], thesis.csl["publisher"]) == ("PhD thesis", "University of Toronto")
    assert software.type == "software"
    assert software.csl["URL"] == "https://github.com/karpathy/char-rnn"
    assert software.identifiers == [Identifier("github", "karpathy/char-rnn")]


def test_repeated_key_keeps_both_and_warns() -> None:
    text = "@misc{a, title={One}}\n@misc{a, title={Two}}\n"
    result = read_bibtex(text, "d.bib")
    assert [w.title for w in result.works] == ["One", "Two"]
    assert [(p.kind, p.location) for p in result.problems] == [("warning", Location("d.bib", 2))]


def test_month_and_date_forms() -> None:
    text = """@misc{a, title={A}, year={2016}, month={March}}
@misc{b, title={B}, year={2016}, month={3}, day={9}}
@misc{c, title={C}, year={2016}, month=dec}
@misc{d, title={D}, date={2016-04/2016-05}}
@misc{e, title={E}, year={circa 1999?}}
"""
    dates = [w.csl.get("issued") for w in read_bibtex(text, "m.bib").works]
    parts = [[[2016, 3]], [[2016, 3, 9]], [[2016, 12]], [[2016, 4], [2016, 5]], [[1999]]]
    assert dates == [{"date-parts": p} for p in parts]


def test_empty_and_comment_only_files() -> None:
    assert read_bibtex("", "e.bib").works == []
    result = read_bibtex("% just a comment\n@comment{nothing here}\n", "e.bib")
    assert result.works == [] and result.problems == []


def test_entry_without_title_is_kept_with_a_warning() -> None:
    result = read_bibtex("@misc{x, author={A, B}}", "t.bib")
    assert len(result.works) == 1
    assert result.works[0].problems[0].kind == "warning"


def test_writer_round_trip_both_flavours() -> None:
    works = hostile_works()
    for writer in (write_bibtex, write_biblatex):
        result = read_bibtex(writer(works, WriteOptions()), "rt.bib")
        assert result.problems == []
        assert len(result.works) == len(works)
        for back, work in zip(result.works, works, strict=True):
            assert back.extra["bibtex_key"] == work.key
            assert back.title == normalize_text(work.title)
            blog_as_online = writer is write_biblatex and work.type == "post-weblog"
            assert back.type == ("webpage" if blog_as_online else work.type)
            for field in ("container-title", "DOI", "URL", "volume", "issue", "publisher"):
                assert back.csl.get(field) == work.csl.get(field), (work.key, field)
            assert back.csl.get("author") == [
                {k: normalize_text(v) for k, v in name.items()} for name in work.csl.get("author", [])
            ]
            assert [str(i) for i in back.identifiers if i.kind == "arxiv"] == \
                   [i.key for i in work.identifiers if i.kind == "arxiv"]
            assert back.notes == [normalize_text(n) for n in work.notes]
            assert {(x.url, x.role) for x in back.links} >= {(x.url, x.role) for x in work.links}
            assert back.keywords == work.keywords
            assert back.sections == work.sections
            assert back.extra.get("arxiv_class") == work.extra.get("arxiv_class")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("@{}=,\"#%\\ \nabc0123misc")), max_size=200))
def test_property_any_text_reads_without_exception(text: str) -> None:
    result = read_bibtex(text, "fuzz.bib")
    for problem in result.problems:
        assert problem.location is not None and problem.location.file == "fuzz.bib"
