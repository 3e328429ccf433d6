"""The RIS writer: Zotero-compatible types and tags, one record per work, no injection."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import rispy
from hypothesis import given, settings
from hypothesis import strategies as st

from rnnbib.model import Link, Work
from rnnbib.writers import WriteOptions, get_writer
from rnnbib.writers.ris import clean_value, format_name, ris_record, write_ris

DATA = Path(__file__).parent / "data" / "ris"
LINE = re.compile(r"^[A-Z][A-Z0-9]  - (\S.*)?$")


def _ris(*works: Work) -> str:
    return write_ris(list(works), WriteOptions())


def _tags(work: Work) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for tag, value in ris_record(work):
        out.setdefault(tag, []).append(value)
    return out


def conference_work() -> Work:
    url = "https://papers.nips.cc/paper/5346-sequence-to-sequence-learning-with-neural-networks"
    return Work(
        key="sutskever2014sequence",
        csl={
            "type": "paper-conference",
            "title": "Sequence to Sequence Learning with Neural Networks",
            "author": [
                {"family": "Sutskever", "given": "Ilya"},
                {"family": "Vinyals", "given": "Oriol"},
                {"family": "Le", "given": "Quoc V."},
            ],
            "issued": {"date-parts": [[2014, 12]]},
            "container-title": "Advances in Neural Information Processing Systems 27",
            "event-title": "NIPS 2014",
            "event-place": "Montréal, Canada",
            "page": "3104–3112",
            "publisher": "Curran Associates, Inc.",
            "URL": url,
        },
        links=[Link(url, "paper"), Link("https://github.com/farizrahman4u/seq2seq", "code", "github")],
        notes=["intro: NIPS 2014"],
        keywords=["seq2seq"],
        sections=[("Papers", "Machine Translation")],
    )


def preprint_work() -> Work:
    return Work(
        key="oord2016wavenet",
        csl={
            "type": "article",
            "title": "WaveNet: A Generative Model for Raw Audio",
            "author": [
                {"family": "Oord", "given": "Aäron", "non-dropping-particle": "van den"},
                {"literal": "Google DeepMind"},
            ],
            "issued": {"date-parts": [[2016, 9, 12]]},
            "number": "arXiv:1609.03499",
            "publisher": "arXiv",
            "DOI": "10.48550/arXiv.1609.03499",
            "URL": "https://arxiv.org/abs/1609.03499",
            "accessed": {"date-parts": [["2024", "1", "5"]]},
            "abstract": "This paper introduces WaveNet,\na deep neural network "
            "for generating raw audio waveforms.",
        },
    )


def test_expected_records_written_by_hand() -> None:
    # tests/data/ris/expected.ris was written from the mapping rules (Zotero's RIS.js), not from output.
    assert _ris(conference_work(), preprint_work()) == (DATA / "expected.ris").read_text(encoding="utf-8")


def test_registered_as_ris() -> None:
    assert get_writer("ris") is write_ris


# CSL type -> RIS TY and what Zotero's RIS.js import makes of it.
TYPE_CASES = [
    ("article-journal", "JOUR"),  # journalArticle
    ("paper-conference", "CONF"),  # conferencePaper
    ("article", "RPRT"),  # report (no preprint type in RIS; GEN would be a journalArticle)
    ("report", "RPRT"),  # report
    ("software", "COMP"),  # computerProgram
    ("post-weblog", "BLOG"),  # blogPost
    ("webpage", "ELEC"),  # webpage
    ("thesis", "THES"),  # thesis
    ("book", "BOOK"),  # book
    ("chapter", "CHAP"),  # bookSection
    ("speech", "SLIDE"),  # presentation
    ("motion_picture", "VIDEO"),  # videoRecording
    ("dataset", "DATA"),  # dataset
]


@pytest.mark.parametrize(("csl_type", "ty"), TYPE_CASES)
def test_type_mapping(csl_type: str, ty: str) -> None:
    work = Work(csl={"type": csl_type, "title": "T"}, key="k")
    assert _tags(work)["TY"] == [ty]


def test_document_is_a_web_page_when_it_has_a_url_else_generic() -> None:
    assert _tags(Work(csl={"type": "document", "title": "T", "URL": "https://x.org"}))["TY"] == ["ELEC"]
    assert _tags(Work(csl={"type": "document", "title": "T"}))["TY"] == ["GEN"]
    assert _tags(Work(csl={"type": "no-such-type", "title": "T"}))["TY"] == ["GEN"]


def test_conference_puts_conference_name_in_t2_and_proceedings_in_c3() -> None:
    tags = _tags(conference_work())
    assert tags["T2"] == ["NIPS 2014"]
    assert tags["C3"] == ["Advances in Neural Information Processing Systems 27"]
    assert tags["C1"] == ["Montréal, Canada"]
    assert "CY" not in tags  # Zotero excludes CY for conference papers


def test_preprint_keeps_publisher_number_and_genre_for_zotero() -> None:
    tags = _tags(preprint_work())
    assert (tags["TY"], tags["PB"], tags["SN"], tags["M3"]) == (
        ["RPRT"],
        ["arXiv"],
        ["arXiv:1609.03499"],
        ["Preprint"],
    )


def test_given_genre_is_kept() -> None:
    work = Work(csl={"type": "thesis", "title": "T", "genre": "PhD thesis", "publisher": "TUM"})
    assert (_tags(work)["M3"], _tags(work)["PB"]) == (["PhD thesis"], ["TUM"])


def test_software_version_and_container_tags() -> None:
    soft = _tags(Work(csl={"type": "software", "title": "char-rnn", "version": "1.2", "publisher": "GitHub"}))
    assert (soft["TY"], soft["ET"], soft["PB"]) == (["COMP"], ["1.2"], ["GitHub"])
    journal = _tags(
        Work(
            csl={
                "type": "article-journal",
                "title": "T",
                "container-title": "Nature",
                "container-title-short": "Nat.",
                "volume": 521,
                "issue": "7553",
                "ISSN": "0028-0836",
            }
        )
    )
    assert (journal["T2"], journal["J2"], journal["VL"], journal["IS"], journal["SN"]) == (
        ["Nature"],
        ["Nat."],
        ["521"],
        ["7553"],
        ["0028-0836"],
    )
    blog = _tags(Work(csl={"type": "post-weblog", "title": "T", "container-title": "colah's blog"}))
    assert blog["T2"] == ["colah's blog"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ({"family": "Hochreiter", "given": "Sepp"}, "Hochreiter, Sepp"),
        ({"family": "Oord", "given": "Aäron", "non-dropping-particle": "van den"}, "van den Oord, Aäron"),
        ({"family": "Gogh", "given": "Vincent", "dropping-particle": "van"}, "Gogh, Vincent van"),
        ({"family": "King", "given": "Martin Luther", "suffix": "Jr."}, "King, Martin Luther, Jr."),
        ({"literal": "Google DeepMind"}, "Google DeepMind"),
        ({"family": "karpathy"}, "karpathy"),
    ],
)
def test_name_format(name: dict[str, str], expected: str) -> None:
    assert format_name(name) == expected


@pytest.mark.parametrize(
    ("issued", "py", "da"),
    [
        ({"date-parts": [[2014, 6]]}, "2014", "2014/06//"),
        ({"date-parts": [[2014, 6, 2]]}, "2014", "2014/06/02/"),
        ({"date-parts": [[2014]]}, "2014", "2014///"),
        ({"date-parts": [["1997", "11"]]}, "1997", "1997/11//"),
        ({"raw": "Spring 2003"}, "2003", "2003///"),
    ],
)
def test_dates(issued: dict[str, Any], py: str, da: str) -> None:
    tags = _tags(Work(csl={"type": "book", "title": "T", "issued": issued}))
    assert (tags["PY"], tags["DA"]) == ([py], [da])


def test_no_date_no_date_tags() -> None:
    tags = _tags(Work(csl={"type": "book", "title": "T", "issued": {"literal": "n.d."}}))
    assert "PY" not in tags and "DA" not in tags


@pytest.mark.parametrize(
    ("page", "sp", "ep"),
    [
        ("1735-1780", "1735", "1780"),
        ("1735–1780", "1735", "1780"),
        ("12--14", "12", "14"),
        ("e1003", "e1003", None),
    ],
)
def test_pages(page: str, sp: str, ep: str | None) -> None:
    tags = _tags(Work(csl={"type": "article-journal", "title": "T", "page": page}))
    assert tags["SP"] == [sp]
    assert tags.get("EP") == ([ep] if ep else None)


def test_keywords_per_keyword_and_section_and_notes_per_line() -> None:
    work = Work(
        csl={"type": "article", "title": "T", "URL": "https://arxiv.org/abs/1406.6247"},
        keywords=["attention", "RNN"],
        sections=[("Train RNN",), ("Attention", "Visual"), ("train rnn",)],
        notes=["intro: NIPS 2014", "two\nlines"],
        links=[
            Link("https://arxiv.org/abs/1406.6247", "paper"),
            Link("https://github.com/kevinzakka/ram", "code"),
            Link("http://example.org/blog", "blog"),
        ],
    )
    tags = _tags(work)
    assert tags["KW"] == ["attention", "RNN", "Train RNN", "Attention > Visual", "train rnn"]  # as written
    assert "M2" not in tags  # no citekey yet
    assert tags["N1"] == [
        "intro: NIPS 2014",
        "two lines",
        "code: https://github.com/kevinzakka/ram",
        "blog: http://example.org/blog",
    ]
    assert tags["UR"] == ["https://arxiv.org/abs/1406.6247"]


def test_empty_values_and_missing_key_are_left_out() -> None:
    tags = _tags(Work(csl={"type": "webpage", "title": "T", "container-title": " ", "publisher": ""}))
    assert set(tags) == {"TY", "TI", "ER"}
    assert _ris() == ""


HOSTILE = [
    "Title\nTY  - JOUR\nER  - \nTI  - injected",
    "ER  - at the start",
    "TY  - BOOK",
    "nul\x00byte and esc\x1b[31m and bell\x07",
    "crlf\r\nline\rseparator\u2028para\u2029nel\x85vt\x0bff\x0c",
    "tab\tseparated\t\tvalues",
    "} { @misc{x, % & \\ $ # _ ~ ^ <script>alert(1)</script> &amp; [link](http://x)",
    "lone surrogate \ud800 here",
]


def _check_structure(text: str, n: int) -> list[dict[str, Any]]:
    lines = text.split("\n")
    assert text.endswith("ER  - \n") or n == 0
    for line in lines[:-1]:
        assert line == "" or LINE.match(line), f"not a RIS line: {line!r}"
    assert sum(line.startswith("TY  - ") for line in lines) == n
    assert sum(line == "ER  - " for line in lines) == n
    records: list[dict[str, Any]] = rispy.loads(text)
    assert len(records) == n
    text.encode("utf-8")  # writable as UTF-8
    return records


def test_injection_keeps_one_record_per_work() -> None:
    works = [
        Work(
            csl={
                "type": "article-journal",
                "title": value,
                "author": [{"family": value, "given": value}],
                "container-title": value,
            },
            key=f"k{i}",
            notes=[value],
            keywords=[value],
        )
        for i, value in enumerate(HOSTILE)
    ]
    records = _check_structure(_ris(*works), len(works))
    for value, rec in zip(HOSTILE, records, strict=True):
        assert rec["title"] == clean_value(value)
        assert "\x00" not in rec["title"] and "\n" not in rec["title"]


def test_hundred_kilobyte_values() -> None:
    big = "x" * 50_000 + "\n" + "y" * 50_000
    work = Work(csl={"type": "article", "title": big, "abstract": big}, key="big", notes=[big])
    records = _check_structure(_ris(work, Work(csl={"type": "book", "title": "next"}, key="next")), 2)
    assert records[0]["abstract"] == "x" * 50_000 + " " + "y" * 50_000
    assert records[1]["title"] == "next"


def test_clean_value() -> None:
    assert clean_value("  a\n\n b\t c\x00d\x1f e ") == "a b cd e"  # NUL dropped, U+001F is whitespace
    assert clean_value(1997) == "1997"


text_values = st.text(alphabet=st.characters(codec="utf-8"), max_size=60) | st.text(max_size=30)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(text_values, text_values, text_values), min_size=1, max_size=4))
def test_property_one_record_per_work(values: list[tuple[str, str, str]]) -> None:
    works = [
        Work(
            csl={"type": "article-journal", "title": title, "author": [{"family": family}]},
            key=f"k{i}",
            notes=[note],
        )
        for i, (title, family, note) in enumerate(values)
    ]
    records = _check_structure(_ris(*works), len(works))
    for (title, _, _), rec in zip(values, records, strict=True):
        assert rec.get("title", "") == clean_value(title)


def test_tags_as_written_and_citekey_for_zotero_extra() -> None:
    work = Work(csl={"type": "article", "title": "T"}, key="mnih2014recurrent",
                keywords=["rnn, lstm"], sections=[("Models, and more", "Sub")])
    tags = _tags(work)
    assert tags["KW"] == ["rnn, lstm", "Models, and more > Sub"]  # one KW per tag, commas kept
    assert tags["M2"] == ["Citation Key: mnih2014recurrent"]  # Zotero: M2 -> Extra
