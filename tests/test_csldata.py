"""Reading CSL data from a Work: one rule for dates, arXiv ids and preprints, used by every writer."""

from __future__ import annotations

from typing import Any

import pytest

from rnnbib.csldata import arxiv_fields, arxiv_id, date_parts, is_preprint, split_name, year
from rnnbib.model import Identifier, Work
from rnnbib.writers import WriteOptions
from rnnbib.writers.bibtex import write_biblatex, write_bibtex
from rnnbib.writers.ris import ris_record


@pytest.mark.parametrize(("date", "parts"), [
    ({"date-parts": [[2015, 6, 3]]}, [2015, 6, 3]),
    ({"date-parts": ((2015, 6),)}, [2015, 6]),  # tuples, as Python callers build them
    ({"date-parts": [["2015", "06"]]}, [2015, 6]),
    ({"date-parts": [[2015, 13]]}, [2015]),  # no month 13
    ({"date-parts": [[2015, 2, 32]]}, [2015, 2]),
    ({"date-parts": [[2015, None]]}, [2015]),
    ({"raw": "Spring 2016"}, [2016]),
    ({"literal": "n.d."}, []),
    (None, []),
])
def test_date_parts(date: Any, parts: list[int]) -> None:
    assert date_parts(date) == parts


def _work(**csl: Any) -> Work:
    return Work(key="k", csl={"type": "article-journal", "title": "T", **csl})


@pytest.mark.parametrize("issued", [{"date-parts": [[2015, 13]]}, {"date-parts": ((2015, 7),)}])
def test_every_writer_reads_the_date_alike(issued: dict[str, Any]) -> None:
    work = _work(issued=issued)
    expected = date_parts(issued)
    assert year(work) == 2015
    ris = dict(ris_record(work))
    assert ris["PY"] == "2015"
    assert ris["DA"] == "2015/" + (f"{expected[1]:02d}" if len(expected) > 1 else "") + "//"
    bib = write_bibtex([work], WriteOptions())
    assert "year = {2015}" in bib
    assert ("month = jul" in bib) == (len(expected) > 1)
    assert ("date = {2015-07}" in write_biblatex([work], WriteOptions())) == (len(expected) > 1)


def test_arxiv_id_and_preprint() -> None:
    listed = Work(csl={"type": "article", "number": "arXiv:1406.6247v2"})
    assert arxiv_id(listed) == "1406.6247" and is_preprint(listed)
    assert arxiv_id(Work(csl={"type": "article", "number": "arXiv:not-an-id"})) is None
    published = Work(csl={"type": "article-journal"}, identifiers=[Identifier("arxiv", "1406.6247")])
    assert arxiv_id(published) == "1406.6247" and not is_preprint(published)


def test_arxiv_fields() -> None:
    assert arxiv_fields(Identifier("arxiv", "hep-th/9901001")) == {
        "type": "article", "number": "arXiv:hep-th/9901001", "publisher": "arXiv",
        "URL": "https://arxiv.org/abs/hep-th/9901001", "issued": {"date-parts": [[1999, 1]]}}


def test_split_name() -> None:
    assert split_name("Aäron van den Oord") == {"given": "Aäron", "non-dropping-particle": "van den",
                                                "family": "Oord"}
    assert split_name("ATLAS Collaboration") == {"literal": "ATLAS Collaboration"}
