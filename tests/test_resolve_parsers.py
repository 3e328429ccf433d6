"""The service parsers as pure functions over bodies (no HTTP): arXiv, Crossref, DataCite, doi.org, GitHub."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rnnbib.csldata import split_name
from rnnbib.errors import ServiceError
from rnnbib.online.arxiv import entry_to_record, match_entries, parse_feed
from rnnbib.online.crossref import parse_work, work_to_record
from rnnbib.online.datacite import attributes_to_record, parse_doi
from rnnbib.online.doi import csl_from_negotiation
from rnnbib.online.github import cff_authors, decode_cff, repo_to_record
from rnnbib.online.text import csl_date, strip_markup

HTTP = Path(__file__).resolve().parent / "data" / "http"

FEED_2026 = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
    b'xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">'
    b"<opensearch:totalResults>%d</opensearch:totalResults>\n%s</feed>"
)
FEED_CLASSIC = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n%s</feed>'
)


def feed(*names: str) -> bytes:
    """A feed of fixture entries (2026 header: it also declares the classic entries' namespaces)."""
    entries = b"".join((HTTP / "arxiv" / n).read_bytes() for n in names)
    return FEED_2026 % (len(names), entries)


# -- arXiv ----------------------------------------------------------------------------------------


def test_classic_entry_all_fields() -> None:
    parsed = parse_feed(FEED_CLASSIC % (HTTP / "arxiv" / "1503.04069.classic.xml").read_bytes())
    [entry] = parsed.entries
    assert (entry.id, entry.version) == ("1503.04069", "v2")
    assert entry.title == "LSTM: A Search Space Odyssey"
    assert entry.doi == "10.1109/TNNLS.2016.2582924"
    assert entry.primary_category == "cs.NE"
    assert entry.comment == "12 pages, 6 figures"
    # the journal_ref is wrapped over two lines in the fixture: whitespace is normalised
    assert entry.journal_ref.startswith(
        "IEEE Transactions on Neural Networks and Learning Systems ( Volume: 28"
    )
    assert entry.summary.startswith(
        "Several variants of the Long Short-Term Memory (LSTM) architecture for recurrent"
    )
    assert "\n" not in entry.summary
    record = entry_to_record(entry)
    assert record.csl["author"][2] == {"given": "Jan", "family": "Koutník"}
    assert record.csl["issued"] == {"date-parts": [[2015, 3, 13]]}
    assert record.csl["number"] == "arXiv:1503.04069"
    assert record.csl["publisher"] == "arXiv"
    assert record.csl["URL"] == "https://arxiv.org/abs/1503.04069"
    assert record.extra["arxiv_class"] == "cs.NE"
    assert record.extra["version"] == "v2"
    assert record.extra["updated"] == "2017-10-04"
    assert record.extra["published_doi"] == "10.1109/TNNLS.2016.2582924"
    assert "DOI" not in record.csl  # the preprint is cited; the published DOI is kept aside


def test_2026_entry_title_wrapped_and_particles() -> None:
    [entry] = parse_feed(feed("1601.06759.2026.xml")).entries
    assert entry.title == "Pixel Recurrent Neural Networks"
    record = entry_to_record(entry)
    assert record.csl["author"][0] == {"given": "Aäron", "non-dropping-particle": "van den", "family": "Oord"}
    assert record.extra["arxiv_class"] == "cs.CV"


def test_old_style_id_and_corporate_author() -> None:
    [entry] = parse_feed(FEED_CLASSIC % (HTTP / "arxiv" / "hep-th_9901001.classic.xml").read_bytes()).entries
    assert (entry.id, entry.version) == ("hep-th/9901001", "v1")
    record = entry_to_record(entry)
    assert record.csl["author"] == [
        {"given": "Maria", "non-dropping-particle": "de la", "family": "Cruz"},
        {"literal": "The Fixture Collaboration"},
    ]


def test_entries_matched_by_id_not_position() -> None:
    parsed = parse_feed(feed("1211.5063.2026.xml", "1503.04069.classic.xml"))
    found = match_entries(["1503.04069", "1211.5063v2", "1211.5063v1", "0000.00000"], parsed.entries)
    assert found["1503.04069"].title == "LSTM: A Search Space Odyssey"
    assert found["1211.5063v2"].id == "1211.5063"
    assert "1211.5063v1" not in found  # another version was asked for
    assert "0000.00000" not in found


def test_old_style_subject_class_is_matched() -> None:
    parsed = parse_feed(FEED_CLASSIC % (HTTP / "arxiv" / "hep-th_9901001.classic.xml").read_bytes())
    found = match_entries(["hep-th.QF/9901001", "hep-th/9901002"], parsed.entries)
    assert list(found) == ["hep-th.QF/9901001"]
    assert found["hep-th.QF/9901001"].id == "hep-th/9901001"


def test_error_entry_is_an_error_not_a_record() -> None:
    body = FEED_2026 % (
        1,
        b"<entry><id>https://arxiv.org/api/errors#incorrect_id_format_for_abc</id>"
        b"<title>Error</title><summary>incorrect id format for abc</summary></entry>",
    )
    parsed = parse_feed(body)
    assert parsed.entries == []
    assert parsed.errors == ["incorrect id format for abc"]


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body>arXiv is down for maintenance</body></html>",
        b"",
        b"<feed xmlns='http://www.w3.org/2005/Atom'><entry>",
        b'{"not": "xml"}',
    ],
)
def test_malformed_feeds(body: bytes) -> None:
    with pytest.raises(ServiceError) as info:
        parse_feed(body)
    assert info.value.kind == "malformed"


def test_xml_bomb_and_external_entities_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/1234.5678v1</id>'
        "<title>&x;</title></entry></feed>"
    ).encode()
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>&lol3;</title></feed>'
    )
    for body in (xxe, laughs):
        with pytest.raises(ServiceError) as info:
            parse_feed(body)
        assert info.value.kind == "malformed"
        assert "TOP-SECRET" not in str(info.value)


# -- names, dates, markup -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Yoshua Bengio", {"given": "Yoshua", "family": "Bengio"}),
        ("Francisco J Valero-Cuevas", {"given": "Francisco J", "family": "Valero-Cuevas"}),
        ("Ludwig von Beethoven", {"given": "Ludwig", "non-dropping-particle": "von", "family": "Beethoven"}),
        (
            "Laurens van der Maaten",
            {"given": "Laurens", "non-dropping-particle": "van der", "family": "Maaten"},
        ),
        (
            "van der Maaten, Laurens",
            {"given": "Laurens", "non-dropping-particle": "van der", "family": "Maaten"},
        ),
        ("Martin Luther King Jr.", {"given": "Martin Luther", "family": "King", "suffix": "Jr."}),
        ("Smith, John, Jr.", {"given": "John", "family": "Smith", "suffix": "Jr."}),
        ("Grisha", {"family": "Grisha"}),
        ("Google DeepMind", {"literal": "Google DeepMind"}),
        ("  Alan   M.\n Turing ", {"given": "Alan M.", "family": "Turing"}),
    ],
)
def test_split_name(name: str, expected: dict[str, str]) -> None:
    assert split_name(name) == expected


def test_csl_date_with_nulls_and_bad_parts() -> None:
    assert csl_date({"date-parts": [[2016, 6, None]]}) == {"date-parts": [[2016, 6]]}
    assert csl_date({"date-parts": [[None]]}) is None
    assert csl_date("2017-06-12T17:57:34Z") == {"date-parts": [[2017, 6, 12]]}
    assert csl_date("2017-13-01") == {"date-parts": [[2017]]}
    assert csl_date(None) is None


def test_strip_markup() -> None:
    assert strip_markup("Deep <i>learning</i>") == "Deep learning"
    assert (
        strip_markup("<jats:title>Abstract</jats:title><jats:p>One.</jats:p><jats:p>Two &amp; three</jats:p>")
        == "One. Two & three"
    )
    assert strip_markup("a < b and c > d") == "a < b and c > d"


# -- Crossref, DataCite, negotiation ----------------------------------------------------------------


def crossref(name: str) -> dict[str, object]:
    return parse_work(json.loads((HTTP / "crossref" / name).read_text("utf-8")))


def test_crossref_journal_article() -> None:
    csl = work_to_record(crossref("10.1109_tnnls.2016.2582924.json")).csl
    assert csl["type"] == "article-journal"
    assert csl["title"] == "LSTM: A Search Space Odyssey"
    assert csl["container-title"] == "IEEE Transactions on Neural Networks and Learning Systems"
    assert csl["container-title-short"] == "IEEE Trans. Neural Netw. Learning Syst."
    assert (csl["volume"], csl["issue"], csl["page"]) == ("28", "10", "2222-2232")
    assert csl["issued"] == {"date-parts": [[2017, 10]]}
    assert csl["DOI"] == "10.1109/TNNLS.2016.2582924"
    assert csl["ISSN"] == "2162-237X"
    assert csl["abstract"].startswith("Several variants") and "<" not in csl["abstract"]
    assert csl["author"][0] == {"given": "Klaus", "family": "Greff"}


def test_crossref_proceedings_with_null_day() -> None:
    csl = work_to_record(crossref("10.1109_cvpr.2016.90.json")).csl
    assert csl["type"] == "paper-conference"
    assert csl["issued"] == {"date-parts": [[2016, 6]]}
    assert csl["event-title"] == "2016 IEEE Conference on Computer Vision and Pattern Recognition (CVPR)"
    assert csl["container-title"] == csl["event-title"]


def test_crossref_article_number_markup_and_literal_author() -> None:
    record = work_to_record(crossref("10.7554_elife.99999.json"))
    assert record.csl["page"] == "e99999"
    assert record.extra["article_number"] == "e99999"
    assert record.csl["issued"] == {"date-parts": [[2023, 4, 1]]}  # issued is [[null]]: published-online used
    assert record.csl["abstract"] == "We test markup & entities."
    assert record.csl["author"][1] == {"literal": "The Fixture Consortium"}


def test_crossref_html_in_title() -> None:
    assert work_to_record(crossref("10.1038_nature14539.json")).csl["title"] == "Deep learning"


@pytest.mark.parametrize(
    "data",
    [
        {"status": "failed", "message": []},
        [],
        {"status": "ok", "message": "x"},
        {"status": "ok", "message-type": "work-list", "message": {}},
    ],
)
def test_crossref_envelope_checked(data: object) -> None:
    with pytest.raises(ValueError):
        parse_work(data)


def test_datacite_software() -> None:
    attrs = parse_doi(json.loads((HTTP / "datacite" / "10.5281_zenodo.1184077.json").read_text("utf-8")))
    record = attributes_to_record(attrs)
    assert record.csl["type"] == "software"  # resourceTypeGeneral wins over citeproc "article"
    assert record.csl["author"] == [
        {"given": "Robert", "family": "Haines"},
        {"literal": "The Ruby Citation File Format Developers"},
    ]
    assert record.csl["issued"] == {"date-parts": [[2018, 2, 22]]}
    assert record.csl["abstract"] == "A Ruby library for the Citation File Format."
    assert record.csl["version"] == "0.4.0"
    assert record.extra["license"] == "apache-2.0"


def test_negotiated_csl_is_cleaned() -> None:
    data = json.loads((HTTP / "doi" / "10.3280_fixture.2015.001.json").read_text("utf-8"))
    data["type"] = "journal-article"  # Crossref's negotiation sends its own type names
    record = csl_from_negotiation(data)
    assert record.source == "doi.org"
    assert record.csl["type"] == "article-journal"
    assert record.csl["title"] == "Un articolo di prova & fixture"
    assert record.csl["author"][1] == {"family": "Bianchi", "given": "Luca"}
    assert "reference" not in record.csl


# -- GitHub ---------------------------------------------------------------------------------------


def test_repo_record_without_cff() -> None:
    repo = json.loads((HTTP / "github" / "karpathy__char-rnn.json").read_text("utf-8"))
    record = repo_to_record(repo)
    assert record.csl == {
        "type": "software",
        "title": "char-rnn",
        "author": [{"literal": "karpathy"}],
        "publisher": "GitHub",
        "URL": "https://github.com/karpathy/char-rnn",
        "issued": {"date-parts": [[2015]]},
        "abstract": "Multi-layer Recurrent Neural Networks (LSTM, GRU, RNN) for character-level language "
        "models in Torch",
    }
    assert record.extra["license"] == "MIT"
    assert record.extra["stars"] == 11700


def test_repo_record_with_cff() -> None:
    repo = json.loads((HTTP / "github" / "rnnbib-test__cff-tool.json").read_text("utf-8"))
    cff = decode_cff((HTTP / "github" / "rnnbib-test__cff-tool.cff").read_bytes(), "text/plain")
    assert cff is not None
    record = repo_to_record(repo, cff)
    assert record.csl["title"] == "CFF Tool: a fixture"
    assert record.csl["author"] == [
        {"given": "Aäron", "non-dropping-particle": "van den", "family": "Oord"},
        {"given": "Jane", "family": "Smith", "suffix": "Jr."},
        {"literal": "The CFF Tool Team"},
    ]
    assert record.csl["issued"] == {"date-parts": [[2021, 3, 4]]}
    assert record.csl["version"] == "2.1.0"
    assert record.extra["license"] == "MIT"


def test_cff_decoding() -> None:
    assert decode_cff(b"title: [unclosed", "text/plain") is None
    assert decode_cff(b"- just\n- a list\n", "text/plain") is None
    assert decode_cff(b'{"encoding": "base64", "content": "dGl0bGU6IFgK"}', "application/json") == {
        "title": "X"
    }
    assert cff_authors({"authors": [{"family-names": "PyTorch Team"}, "junk"]}) == [
        {"literal": "PyTorch Team"}
    ]
