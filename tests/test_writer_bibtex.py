"""BibTeX and BibLaTeX writers: types, fields, escaping, keys, round trip through bibtexparser."""

from __future__ import annotations

import re
import time

import bibtexparser
import pytest
from bibtexparser.model import Entry
from hypothesis import given, settings
from hypothesis import strategies as st
from latexutil import HOSTILE_TITLES, hostile_works

from rnnbib.latex import latex_to_unicode, normalize_text
from rnnbib.model import Identifier, Link, Work
from rnnbib.writers import WriteOptions, get_writer
from rnnbib.writers.bibtex import unique_keys, write_biblatex, write_bibtex

OPTIONS = WriteOptions()


def parse(text: str) -> list[Entry]:
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    return list(library.entries)


def fields(entry: Entry) -> dict[str, str]:
    return {f.key: f.value for f in entry.fields}


def by_key(text: str) -> dict[str, Entry]:
    return {e.key: e for e in parse(text)}


def test_registry_names_point_here() -> None:
    assert get_writer("bibtex") is write_bibtex
    assert get_writer("biblatex") is write_biblatex


def test_no_works_no_text() -> None:
    assert write_bibtex([], OPTIONS) == ""
    assert write_biblatex([], OPTIONS) == ""


@pytest.mark.parametrize("writer", [write_bibtex, write_biblatex])
def test_one_entry_per_work_in_input_order(writer) -> None:  # type: ignore[no-untyped-def]
    works = hostile_works()
    entries = parse(writer(works, OPTIONS))
    assert [e.key for e in entries] == [w.key for w in works]
    for entry, work in zip(entries, works, strict=True):
        assert latex_to_unicode(fields(entry)["title"]) == normalize_text(work.title)


def test_bibtex_types_and_fields() -> None:
    entries = by_key(write_bibtex(hostile_works(), OPTIONS))
    article = entries["hostile0"]
    assert article.entry_type == "article"
    f = fields(article)
    assert f["journal"] == r"Journal of {\textbraceleft}Odd{\textbraceright} \& 50\% Things"
    numbers = [f[k] for k in ("volume", "number", "pages", "year", "month")]
    assert numbers == ["1", "2", "10--20", "2020", "may"]
    assert f["author"] == (r"van Gogh, Vincent and Kaiser, {\L}ukasz and S{\o}ndergaard, {\c{C}}elik and "
                           r"M{\"u}ller, {\'E}mile and {Google DeepMind} and Smith \& Sons, A\_b")
    assert f["doi"] == "10.1000/xyz_123<>#%"
    assert f["url"] == "https://example.org/a_b/c%20d?x=1&y=~z#frag"
    assert f["keywords"] == r"RNN \& LSTM, Tips\_and\_tricks > 50\% off"
    notes = f["annote"].split(";\n    ")  # annote: no BibTeX style prints it
    assert notes == [r"intro: 50\% better \& faster {\textbraceleft}really{\textbraceright} "
                     r"{\textbackslash}o/ \#1",
                     r"code: https://github.com/a\_b/c-d\#readme\%7Ex"]

    preprint = fields(entries["mnih2014recurrent"])
    assert entries["mnih2014recurrent"].entry_type == "misc"
    assert preprint["eprint"] == "1406.6247"
    assert preprint["archivePrefix"] == "arXiv"
    assert preprint["primaryClass"] == "cs.LG"
    assert preprint["howpublished"] == "arXiv preprint arXiv:1406.6247"
    assert "publisher" not in preprint and "number" not in preprint and "journal" not in preprint

    conference = entries["graves2013speech"]
    assert conference.entry_type == "inproceedings"
    assert fields(conference)["booktitle"] == "ICASSP 2013"
    assert fields(conference)["publisher"] == "IEEE"
    assert fields(conference)["doi"] == "10.1109/ICASSP.2013.6638947"

    software = entries["karpathy2015charrnn"]
    assert software.entry_type == "misc"
    assert fields(software)["howpublished"] == "GitHub repository"
    assert fields(software)["url"] == "https://github.com/karpathy/char-rnn"

    blog = fields(entries["olah2015understanding"])
    assert entries["olah2015understanding"].entry_type == "misc"
    assert blog["howpublished"] == "Blog post, colah's blog"

    thesis = entries["sutskever2013training"]
    assert thesis.entry_type == "phdthesis"
    assert fields(thesis)["school"] == "University of Toronto"


def test_biblatex_types_and_fields() -> None:
    entries = by_key(write_biblatex(hostile_works(), OPTIONS))
    article = fields(entries["hostile0"])
    assert entries["hostile0"].entry_type == "article"
    assert article["journaltitle"] == r"Journal of {\textbraceleft}Odd{\textbraceright} \& 50\% Things"
    assert article["date"] == "2020-05-17"
    assert article["number"] == "2"
    assert article["author"].startswith("van Gogh, Vincent and Kaiser, Łukasz and Søndergaard, Çelik")
    assert "journal" not in article and "year" not in article and "publisher" not in article

    preprint = fields(entries["mnih2014recurrent"])
    assert entries["mnih2014recurrent"].entry_type == "misc"
    assert [preprint[k] for k in ("eprint", "eprinttype", "eprintclass")] == ["1406.6247", "arxiv", "cs.LG"]
    assert preprint["date"] == "2014-06-24"
    assert "archivePrefix" not in preprint and "howpublished" not in preprint and "publisher" not in preprint

    assert entries["karpathy2015charrnn"].entry_type == "software"
    blog = entries["olah2015understanding"]
    assert blog.entry_type == "online"
    assert fields(blog)["urldate"] == "2024-01-15"
    assert fields(blog)["organization"] == "colah's blog"
    thesis = entries["sutskever2013training"]
    assert thesis.entry_type == "thesis"
    assert (fields(thesis)["type"], fields(thesis)["institution"]) == ("phdthesis", "University of Toronto")
    assert entries["graves2013speech"].entry_type == "inproceedings"


@pytest.mark.parametrize(("csl", "bibtex_type", "biblatex_type"), [
    ({"type": "article-journal"}, "misc", "misc"),  # no journal: @article would lack a mandatory field
    ({"type": "chapter", "container-title": "Book"}, "incollection", "inbook"),
    ({"type": "chapter", "container-title": "B", "editor": [{"family": "E"}]}, "incollection",
     "incollection"),
    ({"type": "book"}, "book", "book"),
    ({"type": "report", "publisher": "Lab"}, "techreport", "report"),
    ({"type": "report"}, "techreport", "misc"),  # biber requires a @report's institution
    ({"type": "thesis", "genre": "Master's thesis", "publisher": "U"}, "mastersthesis", "thesis"),
    ({"type": "thesis", "genre": "Master's thesis"}, "mastersthesis", "misc"),
    ({"type": "webpage"}, "misc", "online"),
    ({"type": "dataset"}, "misc", "dataset"),
    ({"type": "speech", "genre": "Slides"}, "misc", "misc"),
    ({"type": "motion_picture"}, "misc", "online"),  # biblatex: @video is unsupported in the standard styles
    ({"type": "document"}, "misc", "misc"),
])
def test_type_mapping(csl: dict[str, object], bibtex_type: str, biblatex_type: str) -> None:
    work = Work(key="k", csl={"title": "T", **csl})
    assert parse(write_bibtex([work], OPTIONS))[0].entry_type == bibtex_type
    assert parse(write_biblatex([work], OPTIONS))[0].entry_type == biblatex_type


def test_published_paper_with_arxiv_id_keeps_its_type_and_gets_eprint() -> None:
    work = Work(key="k", csl={"type": "article-journal", "title": "T", "container-title": "Nature"},
                identifiers=[Identifier("arxiv", "1234.56789")])
    entry = parse(write_bibtex([work], OPTIONS))[0]
    assert entry.entry_type == "article"
    assert fields(entry)["eprint"] == "1234.56789"
    assert fields(entry)["journal"] == "Nature"


def test_key_field_for_entries_without_names_in_bibtex_only() -> None:
    work = Work(key="k", csl={"type": "software", "title": "char-rnn & co"})
    assert fields(parse(write_bibtex([work], OPTIONS))[0])["key"] == r"char-rnn \& co"
    assert "key" not in fields(parse(write_biblatex([work], OPTIONS))[0])


def test_unique_keys_sanitised() -> None:
    works = [Work(key="a b,c{d}"), Work(key=""), Work(key="Dup"), Work(key="dup"), Work(key="ok2020x")]
    assert unique_keys(works) == ["a_b_c_d_", "item2", "Dup", "dup-2", "ok2020x"]


def test_hostile_output_stays_structurally_sound() -> None:
    big = "x } { @article{y, " * 6000  # about 100 kB
    work = Work(key="big", csl={"type": "document", "title": big, "abstract": big,
                                "author": [{"family": "}@{", "given": "%\n\x00"}]})
    work.notes.append("note }\n@misc{evil,\n% comment")
    for writer in (write_bibtex, write_biblatex):
        text = writer([work, *hostile_works()], OPTIONS)
        entries = parse(text)
        assert len(entries) == 1 + len(hostile_works())
        assert latex_to_unicode(fields(entries[0])["title"]) == normalize_text(big)
        # the only lines starting with @ are entry heads; no bare % or # in text fields
        heads = [line for line in text.splitlines() if line.lstrip().startswith("@")]
        assert len(heads) == len(entries)
        for entry in entries:
            for name, value in fields(entry).items():
                depth = 0
                for c in value:
                    depth += c == "{"
                    depth -= c == "}"
                    assert depth >= 0
                assert depth == 0
                if name not in ("url", "doi", "eprint"):
                    assert not re.search(r"(?<!\\)[%#&]", value), (name, value[:80])


def test_bibtex_flavour_is_ascii_for_latin_text() -> None:
    text = write_bibtex(hostile_works(), OPTIONS)
    assert text.isascii()


def test_characters_without_latex_form_are_kept_raw() -> None:
    work = Work(key="k", csl={"type": "book", "title": "王小明 and Việt ở", "author": [{"family": "王"}]})
    title = fields(parse(write_bibtex([work], OPTIONS))[0])["title"]
    assert "王小明" in title and "ở" in title and r"{\^{\d{e}}}" in title


def test_links_and_notes_in_annotation_field_survive_parsing() -> None:
    work = Work(key="k", csl={"type": "webpage", "title": "T", "URL": "https://a.org/"})
    work.links.append(Link("https://a.org/", "paper"))
    work.links.append(Link("https://b.org/x_y%20z", "slides"))
    work.notes.append("intro: NIPS 2016")
    note = fields(parse(write_bibtex([work], OPTIONS))[0])["annote"]
    lines = [latex_to_unicode(x) for x in re.split(r";\s*\n\s*", note)]
    assert lines == ["intro: NIPS 2016", "slides: https://b.org/x_y%20z"]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80), st.text(max_size=30), st.text(max_size=40))
def test_property_any_title_round_trips(title: str, family: str, note: str) -> None:
    work = Work(key="k1", csl={"type": "article-journal", "title": title, "author": [{"family": family}],
                               "container-title": note})
    work.notes.append(note)
    other = Work(key="k2", csl={"type": "document", "title": "after"})
    for writer in (write_bibtex, write_biblatex):
        entries = parse(writer([work, other], OPTIONS))
        assert [e.key for e in entries] == ["k1", "k2"]
        f = fields(entries[0])
        assert latex_to_unicode(f.get("title", "")) == normalize_text(title)
        assert latex_to_unicode(fields(entries[1])["title"]) == "after"


def test_hostile_titles_round_trip() -> None:
    for n, title in enumerate(HOSTILE_TITLES):
        work = Work(key=f"k{n}", csl={"type": "document", "title": title})
        entry = parse(write_bibtex([work], OPTIONS))[0]
        assert latex_to_unicode(fields(entry)["title"]) == normalize_text(title)


@pytest.mark.slow
def test_ten_thousand_entries_are_written_quickly() -> None:
    works = []
    for n in range(10_000):
        work = hostile_works()[n % 11]
        work.key = f"k{n}"
        works.append(work)
    start = time.perf_counter()
    text = write_bibtex(works, OPTIONS)
    elapsed = time.perf_counter() - start
    assert len(parse(text)) == 10_000
    assert elapsed < 30, elapsed
