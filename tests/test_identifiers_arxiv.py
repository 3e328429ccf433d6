"""arXiv identifiers: table-driven cases (the forms peers accept, ids seen in real reading lists).

Each row is (input, expected); expected is ``(id, version)`` or None.  Rows where peers disagree say
which side we took (the module docstring of rnnbib.identifiers.arxiv gives the reasons).
"""

from __future__ import annotations

import pytest

from rnnbib.identifiers import arxiv
from rnnbib.model import Identifier

Expected = tuple[str, str | None] | None

FROM_URL: list[tuple[str, Expected]] = [
    # manubot test_url_to_citekey
    ("https://arxiv.org/abs/1912.03529v1", ("1912.03529", "v1")),
    ("https://arxiv.org/pdf/1912.03529v1.pdf", ("1912.03529", "v1")),
    ("https://arxiv.org/ps/1912.03529v1", ("1912.03529", "v1")),
    ("https://arxiv.org/abs/math.GT/0309136", ("math/0309136", None)),  # manubot keeps math.GT; we drop it
    ("https://arxiv.org/abs/hep-th/9305059", ("hep-th/9305059", None)),
    ("https://arxiv.org/pdf/hep-th/9305059.pdf", ("hep-th/9305059", None)),
    ("https://arxiv.org/", None),
    ("https://arxiv.org/list/q-fin/recent", None),
    # jabref ArXivIdentifierTest
    ("http://arxiv.org/abs/1502.05795", ("1502.05795", None)),
    ("https://arxiv.org/abs/1502.05795", ("1502.05795", None)),
    ("http://arxiv.org/pdf/1502.05795", ("1502.05795", None)),
    ("http://arxiv.org/abs/1502.05795v1", ("1502.05795", "v1")),
    ("http://arxiv.org/pdf/hep-ex/0307015v1", ("hep-ex/0307015", "v1")),
    ("http://arxiv.org/abs/0706.0001v1", ("0706.0001", "v1")),
    ("https://arxiv.org/abs/0706.0001v1", ("0706.0001", "v1")),
    ("https://asdf.org/abs/0706.0001v1", None),
    ("https://thisisnouri", None),
    ("https://arxiv.org/html/2511.01348v2", ("2511.01348", "v2")),
    ("https://arxiv.org/html/2511.01348", ("2511.01348", None)),
    ("http://arxiv.org/html/1502.05795v1", ("1502.05795", "v1")),
    ("https://arxiv.org/html/2510.26275v2#bib", ("2510.26275", "v2")),
    # zotero-tr arXiv.org.js
    ("https://arxiv.org/abs/1107.4612", ("1107.4612", None)),
    ("https://arxiv.org/abs/astro-ph/0603274", ("astro-ph/0603274", None)),
    ("https://arxiv.org/pdf/1402.1516", ("1402.1516", None)),
    ("https://arxiv.org/abs/1810.04805v1", ("1810.04805", "v1")),
    ("https://arxiv.org/abs/1810.04805v2", ("1810.04805", "v2")),
    ("https://arxiv.org/abs/2305.16311#", ("2305.16311", None)),
    ("https://arxiv.org/list/astro-ph/new", None),
    ("https://arxiv.org/find/cs/1/au:+Hoffmann_M/0/1/0/all/0/1", None),
    ("https://arxiv.org/search/?query=lstm&searchtype=all", None),
    ("https://arxiv.org/search/advanced?terms-0-term=rnn", None),
    # papis ARXIV_TEST_URLS (link text pulled out of PDFs: trailing `>`)
    ("https://arxiv.org/abs/1110.3658>", ("1110.3658", None)),
    ("http://arxiv.org/abs/1110.3658>", ("1110.3658", None)),
    ("https://arxiv.com/abs/1110.3658>", ("1110.3658", None)),
    ("https://arxiv.org/1110.3658>", ("1110.3658", None)),
    ("https://arxiv.org/pdf/1110.3658.pdf", ("1110.3658", None)),
    ("http://arxiv.org/pdf/1110.3658.pdf", ("1110.3658", None)),
    ("https://arxiv.com/pdf/1110.3658.pdf", ("1110.3658", None)),
    ("http://arxiv.com/pdf/1110.3658.pdf", ("1110.3658", None)),
    ("arxiv.org/sdf", None),
    ("arxiv.com/!@#!@$!%!@%!$chemed.6b00559", None),
    # doi2bib3
    ("arxiv.org/abs/2502.01918", ("2502.01918", None)),
    ("www.arxiv.org/abs/2502.01918", ("2502.01918", None)),
    ("arxiv.org/pdf/2502.01918.pdf", ("2502.01918", None)),
    ("http://xxx.lanl.gov/abs/cond-mat/9903064", ("cond-mat/9903064", None)),
    ("http://xxx.lanl.gov/pdf/cond-mat/9903064.pdf", ("cond-mat/9903064", None)),
    ("https://doi.org/10.48550/arXiv.2501.54321", ("2501.54321", None)),
    # idutils puts the prefix into the URL
    ("http://arxiv.org/abs/arXiv:1310.2590", ("1310.2590", None)),
    # forms seen in real reading lists
    ("https://www.arxiv.org/abs/1703.00586", ("1703.00586", None)),
    ("http://arxiv.org/abs/cs/9605103", ("cs/9605103", None)),
    ("https://arxiv.org/html/1706.08675", ("1706.08675", None)),
    (
        "https://arxiv.org/pdf/1503.04069.pdf?utm_content=buffereddc5&utm_medium=social&utm_source=x",
        ("1503.04069", None),
    ),
    ("http://arxiv.org/pdf/1410.3916v10", ("1410.3916", "v10")),
    ("https://arxiv.org/abs/1603.049921", None),  # 6 digits after the dot: no such id
    ("https://arxiv.org/abs/1811.07391", ("1811.07391", None)),
    ("hmttps://arxiv.org/abs/1707.05414", ("1707.05414", None)),  # misspelled scheme repaired
    # link forms of reading lists and the documented forms
    ("http://arxiv.org/abs/1601.00595", ("1601.00595", None)),
    ("http://arxiv.org/abs/1411.4080", ("1411.4080", None)),
    ("https://arxiv.org/pdf/1907.09643.pdf", ("1907.09643", None)),
    ("http://arxiv.org/pdf/1505.00521v1", ("1505.00521", "v1")),
    ("http://arxiv.org/abs/1408.3750v1", ("1408.3750", "v1")),
    ("https://arxiv.org/list/cs.NE/recent", None),
    ("http://export.arxiv.org/abs/1406.6247", ("1406.6247", None)),
    ("https://arxiv.org/format/1406.6247v2", ("1406.6247", "v2")),
    ("HTTPS://ARXIV.ORG/ABS/1406.6247", ("1406.6247", None)),
    ("https://arxiv.org/abs/1406.6247/", ("1406.6247", None)),
    ("https://arxiv.org/pdf/1406.6247.pdf/", ("1406.6247", None)),
    ("//arxiv.org/abs/1406.6247", ("1406.6247", None)),
    ("https://ar5iv.labs.arxiv.org/html/1406.6247", ("1406.6247", None)),
    ("https://ar5iv.org/abs/1406.6247", ("1406.6247", None)),
    ("https://huggingface.co/papers/2305.16311", ("2305.16311", None)),
    ("https://www.arxiv-vanity.com/papers/1406.6247/", ("1406.6247", None)),
    ("http://www.arxiv-sanity.com/", None),
    ("https://github.com/someone/1406.6247", None),
    ("https://arxiv.org/abs/1406.6247v2v3", None),
    ("https://arxiv.org/abs/1413.0001", None),  # month 13
    # junk after the id, verbatim from the corpus
    ("http://arxiv.org/pdf/1112.6209.pdf&embed", ("1112.6209", None)),
    (
        "https://arxiv.org/pdf/1511.07289.pdf%5Cnhttp://arxiv.org/abs/1511.07289%5Cnhttp://arxiv.org/abs/1511.07289",
        ("1511.07289", None),
    ),
    ("https://arxiv.org/abs/1904.06373}", ("1904.06373", None)),
    ("https://arxiv.org/abs/1502.03044%20", ("1502.03044", None)),
]

PARSE: list[tuple[str, Expected]] = [
    # idutils
    ("arXiv:1310.2590", ("1310.2590", None)),
    ("arxiv:1310.2590", ("1310.2590", None)),
    ("1310.2590", ("1310.2590", None)),
    ("math.GT/0309136", ("math/0309136", None)),
    ("arxiv:math.GT/0309136v2", ("math/0309136", "v2")),
    ("hep-th/9901001v27", ("hep-th/9901001", "v27")),
    ("9912.12345v2", None),  # idutils accepts; a new-style id cannot be from 2099 or 1999
    ("arXiv:hep-th/1601.07616", ("1601.07616", None)),
    ("hep-th/1601.07616", ("1601.07616", None)),
    ("2016arXiv161002026S", None),  # an ADS bibcode
    ("", None),
    ("a" * 19, None),
    # manubot
    ("arXiv:1407.3561v1", ("1407.3561", "v1")),
    ("1407.3561v1", ("1407.3561", "v1")),
    ("arxiv:1407.3561", ("1407.3561", None)),
    ("arxiv:hep-th/9305059", ("hep-th/9305059", None)),
    ("arxiv:hep-th/9305059v2", ("hep-th/9305059", "v2")),
    ("arxiv:math.GT/0309136v1", ("math/0309136", "v1")),
    ("arxiv:YYMM.number", None),
    ("arxiv:cond-mat/0703470v2", ("cond-mat/0703470", "v2")),
    # jabref
    ("0710.0994", ("0710.0994", None)),
    ("arXiv:0710.0994", ("0710.0994", None)),
    ("0706.0001v1 [q-bio.CB]", ("0706.0001", "v1")),
    ("arXiv:0706.0001v1 [q-bio.CB]", ("0706.0001", "v1")),
    ("arXiv:math.GT/0309136", ("math/0309136", None)),  # jabref keeps the class; we drop it
    ("2017/1118", None),
    ("0706.0001v1", ("0706.0001", "v1")),
    ("arXiv:0706.0001v1", ("0706.0001", "v1")),
    ("  0706.0001v1 ", ("0706.0001", "v1")),
    ("other stuff 0706.0001v1 end", None),
    # jabref accepts astro-ph.GT/1234567 and math/1234567 as syntax; month 34 does not exist
    ("astro-ph.GT/1234567", None),
    ("math/1234567", None),
    ("astro-ph.GA/0601234", ("astro-ph/0601234", None)),
    ("astro-ph.GA/0901234", None),  # 2009: after old-style ids ended
    # arxiv2bib: new style; 1234.1234 is syntax only (month 34), we reject it
    ("1234.1234", None),
    ("1501.03505", ("1501.03505", None)),
    ("123456789", None),
    ("1234.1234v", None),
    # arxiv2bib old style, with a real month: subject classes with `-` pass, unknown ones do not.
    # (arxiv2bib writes the number as 0000000; month 00 does not exist, so that exact form is rejected.)
    ("physics/0000000", None),
    ("physics/9901001", ("physics/9901001", None)),
    ("stat/0701001", ("stat/0701001", None)),
    ("hep-ph/9901001", ("hep-ph/9901001", None)),
    ("physics.foo/9901001", None),
    ("physics.atom-ph/9901001", ("physics/9901001", None)),
    ("math.CO/9901001", ("math/9901001", None)),
    ("physics.acc-ph/9901001v2", ("physics/9901001", "v2")),
    # arxiv.py / papis (existence needs the API; the syntax is what we check)
    ("0000.0000", None),
    ("1707.08567", ("1707.08567", None)),
    ("quant-ph/0201082v1", ("quant-ph/0201082", "v1")),
    ("2104.12255v1", ("2104.12255", "v1")),
    ("0808.05394", None),  # 5 digits in 2008
    ("1206.6272v3", ("1206.6272", "v3")),
    ("blahv2", None),
    ("abc", None),
    ("arXiv:1701.08223v2?234", ("1701.08223", "v2")),
    # the DataCite DOI and eprint fields
    ("10.48550/arXiv.2106.12345", ("2106.12345", None)),
    ("10.48550/arxiv.2106.12345", ("2106.12345", None)),
    ("doi:10.48550/arXiv.1402.1516", ("1402.1516", None)),
    ("https://doi.org/10.48550/arXiv.math/0211159", ("math/0211159", None)),
    ("arXiv: 1502.05795", ("1502.05795", None)),
    ("arXiv:1503.05173", ("1503.05173", None)),
    ("arXiv:", None),
    ("arXiv:junkData", None),  # jabref keeps junk as the eprint; we return nothing
    ("other:12345", None),
    ("2506.05614", ("2506.05614", None)),
    # spec: any case of the prefix, validity limits
    ("ARXIV:1406.6247", ("1406.6247", None)),
    ("ArXiv:1406.6247v2", ("1406.6247", "v2")),
    ("arXiv:1511.6420", None),  # corpus (awesome-rnn): a 2015 id needs 5 digits
    ("0704.0001", ("0704.0001", None)),  # the first new-style id
    ("0703.0001", None),
    ("hep-th/0704001", None),  # old style ended in March 2007
    ("1412.12345", None),
    ("1501.1234", None),
    ("1406.6247v0", None),
    ("https://arxiv.org/abs/1406.6247v2", ("1406.6247", "v2")),
]

FIND_ALL: list[tuple[str, list[tuple[str, str | None]]]] = [
    (
        "  * Kaiming He, Xiangyu Zhang, Shaoqing Ren, Jian Sun, "
        "Deep Residual Learning for Image Recognition, arXiv:1512.03385.",
        [("1512.03385", None)],
    ),
    ("arXiv preprint arXiv:1207.0580 (2012)", [("1207.0580", None)]),
    (
        "Ethan Caballero, *Skip-Thought Memory Networks*, arXiv:1511.6420 [[Paper](https://pdfs.semanticscholar.org/"
        "6b9f/0d695df0ce01d005eb5aa69386cb5fbac62a.pdf)]",
        [],
    ),
    ("/URI(https://arxiv.org/abs/1305.2291v2)>>", [("1305.2291", "v2")]),
    ("https://arxiv.org/html/2503.08641v1#bib.bib5", [("2503.08641", "v1")]),
    ("[https://arxiv.org/abs/1811.073910](https://arxiv.org/abs/1811.07391)", [("1811.07391", None)]),
    ("[https://arxiv.org/abs/1603.04992](https://arxiv.org/abs/1603.049921)", [("1603.04992", None)]),
    ("{https://arxiv.org/abs/1803.01164}(https://arxiv.org/abs/1803.01164)", [("1803.01164", None)]),
    ("[https://arxiv.org/abs/1707.05414](hmttps://arxiv.org/abs/1707.05414)", [("1707.05414", None)]),
    ("- arxiv: [https://arxiv.org/abs/1807.11164]（https://arxiv.org/abs/1807.11164", [("1807.11164", None)]),
    (
        "- arxiv: [https://arxiv.org/abs/1604.01850v1](https://arxiv.org/abs/1604.01850v2)",
        [("1604.01850", "v1"), ("1604.01850", "v2")],
    ),
    ("see 1406.6247 and hep-th/9901001 too", [("1406.6247", None), ("hep-th/9901001", None)]),
    ("note: arXiv: 1502.05795 [math]", [("1502.05795", None)]),
    ("doi:10.48550/arXiv.2106.12345", [("2106.12345", None)]),
    ("released 2016.10.01 at 10:30, version 3.1415 of 1503.0406", []),
    ("https://openreview.net/pdf/1503.04069 and repo-1406.6247", []),
    ("2016arXiv161002026S", []),
    ("https://github.com/karpathy/char-rnn", []),
]


def _pair(ident: Identifier | None) -> Expected:
    if ident is None:
        return None
    assert ident.kind == "arxiv"
    return ident.value, ident.version


@pytest.mark.parametrize(("url", "expected"), FROM_URL)
def test_from_url(url: str, expected: Expected) -> None:
    assert _pair(arxiv.from_url(url)) == expected


@pytest.mark.parametrize(("text", "expected"), PARSE)
def test_parse(text: str, expected: Expected) -> None:
    assert _pair(arxiv.parse(text)) == expected


@pytest.mark.parametrize(("url", "expected"), [row for row in FROM_URL if row[0].startswith("http")])
def test_parse_accepts_urls(url: str, expected: Expected) -> None:
    assert _pair(arxiv.parse(url)) == expected


@pytest.mark.parametrize(("text", "expected"), FIND_ALL)
def test_find_all(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert [_pair(i) for i in arxiv.find_all(text)] == expected


@pytest.mark.parametrize(
    ("arxiv_id", "expected"),
    [
        ("1406.6247", (2014, 6)),
        ("1406.6247v2", (2014, 6)),
        ("1501.00001", (2015, 1)),
        ("0704.0001", (2007, 4)),
        ("hep-th/9901001", (1999, 1)),
        ("math.GT/0309136", (2003, 9)),
        ("cs/9605103", (1996, 5)),
        ("1413.0001", None),
        ("nonsense", None),
    ],
)
def test_year_month(arxiv_id: str, expected: tuple[int, int] | None) -> None:
    assert arxiv.year_month(arxiv_id) == expected


@pytest.mark.parametrize(
    ("arxiv_id", "expected"),
    [
        ("1406.6247", True),
        ("1406.6247v2", True),
        ("hep-th/9901001v27", True),
        ("math.GT/0309136", True),
        ("1234.1234v", False),
        ("arXiv:1406.6247", False),
        ("1503.0406", False),
        ("14066247", False),
    ],
)
def test_is_valid(arxiv_id: str, expected: bool) -> None:
    assert arxiv.is_valid(arxiv_id) is expected


def test_urls_and_dois() -> None:
    assert arxiv.abs_url("1406.6247") == "https://arxiv.org/abs/1406.6247"
    assert arxiv.abs_url("hep-th/9901001v2") == "https://arxiv.org/abs/hep-th/9901001v2"
    # zotero-tr: DOI 10.48550/arXiv.1810.04805 for any version; 10.48550/arXiv.math/0211159 for old style
    assert arxiv.datacite_doi("1810.04805v2") == "10.48550/arXiv.1810.04805"
    assert arxiv.datacite_doi("math/0211159") == "10.48550/arXiv.math/0211159"
    assert arxiv.parse(arxiv.datacite_doi("1406.6247")) == Identifier("arxiv", "1406.6247")


def test_identity_ignores_version() -> None:
    a, b = arxiv.parse("1406.6247v1"), arxiv.from_url("http://arxiv.org/abs/1406.6247v3")
    assert a is not None and b is not None
    assert a.key == b.key == "arxiv:1406.6247"
    assert (a.version, b.version) == ("v1", "v3")


def test_arxiv_dois_give_arxiv_ids() -> None:
    assert arxiv.from_doi("10.48550/arXiv.1706.03762") == Identifier("arxiv", "1706.03762")
    assert arxiv.from_doi("10.48550/ARXIV.hep-th/9901001") == Identifier("arxiv", "hep-th/9901001")
    assert arxiv.from_doi("10.1038/nature14539") is None
    assert arxiv.from_doi("1706.03762") is None  # not a DOI
    assert arxiv.split("math.GT/0309136v2") == ("math/0309136", "v2")
    assert arxiv.split("9912.12345") is None
