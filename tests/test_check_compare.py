"""What ``rnnbib check`` tolerates and what it reports, field by field (pure functions, no network)."""

from __future__ import annotations

from typing import Any

import pytest

from rnnbib.online.record import Record
from rnnbib.readers.bibtex import read_bibtex
from rnnbib.verify.compare import compare, record_fields, written_fields
from rnnbib.verify.normalize import fold, page_range, same_title, venues_match
from rnnbib.verify.verdict import identify

CROSSREF = Record("crossref", {
    "type": "article-journal", "title": "Long Short-Term Memory", "container-title": "Neural Computation",
    "author": [{"given": "Sepp", "family": "Hochreiter"}, {"given": "Jürgen", "family": "Schmidhuber"}],
    "issued": {"date-parts": [[1997, 11, 1]]}, "volume": "9", "page": "1735-1780",
    "DOI": "10.1162/neco.1997.9.8.1735"})
ARXIV = Record("arxiv", {
    "type": "article", "title": "Adam: A Method for Stochastic Optimization", "number": "arXiv:1412.6980",
    "author": [{"given": "Diederik P.", "family": "Kingma"}, {"given": "Jimmy", "family": "Ba"}],
    "issued": {"date-parts": [[2014, 12, 22]]}}, {"updated": "2017-01-30"})


def checks(bib: str, *records: Record) -> dict[str, Any]:
    [work] = read_bibtex(bib, "t.bib").works
    written = written_fields(work)
    return {c.field: c for c in compare(written, [(r, record_fields(r)) for r in records])}


LSTM = ("@article{{k, author = {{{author}}}, title = {{{title}}}, journal = {{{journal}}}, year = {{{year}}},"
        " volume = {{9}}, pages = {{{pages}}}}}")


def lstm(**changes: str) -> str:
    fields = {"author": "Hochreiter, Sepp and Schmidhuber, J{\\\"u}rgen", "title": "Long Short-Term Memory",
              "journal": "Neural Computation", "year": "1997", "pages": "1735--1780", **changes}
    return LSTM.format(**fields)


@pytest.mark.parametrize("changes", [
    {},
    {"title": "{L}ong {S}hort-{T}erm {M}emory"},                       # TeX braces
    {"title": "long short-term memory"},                                # case
    {"title": "Long Short-Term Memory: a subtitle the record lacks"},   # subtitle
    {"author": "S. Hochreiter and J. Schmidhuber"},                     # abbreviated given names
    {"author": "Hochreiter, S. and Schmidhuber, Jurgen"},                # accent dropped
    {"author": "Hochreiter, Sepp and others"},                          # and others
    {"journal": "Neural Comput."},                                      # abbreviated venue
    {"pages": "1735-80"},                                               # abbreviated last page
])
def test_tolerated(changes: dict[str, str]) -> None:
    result = checks(lstm(**changes), CROSSREF)
    assert all(c.ok for c in result.values()), [(c.field, c.note) for c in result.values() if not c.ok]
    assert {"title", "authors", "year", "venue", "pages"} <= set(result)


@pytest.mark.parametrize(("changes", "field"), [
    ({"year": "1998"}, "year"),
    ({"year": "1996"}, "year"),
    ({"title": "Long Short-Term Attention"}, "title"),
    ({"author": "Schmidhuber, J{\\\"u}rgen and Hochreiter, Sepp"}, "authors"),
    ({"author": "Hochreiter, Sepp"}, "authors"),
    ({"author": "Hochreiter, Sepp and Graves, Alex"}, "authors"),
    ({"author": "Hochreiter, Sepp and Schmidhuber, J. and Graves, Alex"}, "authors"),
    ({"journal": "Neural Networks"}, "venue"),
    ({"journal": "IEEE Transactions on Neural Networks"}, "venue"),
    ({"pages": "1753--1780"}, "pages"),
])
def test_reported(changes: dict[str, str], field: str) -> None:
    result = checks(lstm(**changes), CROSSREF)
    assert not result[field].ok
    assert [c.field for c in result.values() if not c.ok] == [field]
    assert result[field].source == "crossref"


def test_author_notes_say_what_is_missing_or_out_of_order() -> None:
    assert "missing Schmidhuber" in checks(lstm(author="Hochreiter, Sepp"), CROSSREF)["authors"].note
    swapped = checks(lstm(author="Schmidhuber, J. and Hochreiter, S."), CROSSREF)["authors"]
    assert swapped.note == "other order"


def test_a_preprint_cited_as_preprint_and_a_year_of_any_version() -> None:
    for year in ("2014", "2015", "2017"):  # v1 in 2014, last version in 2017
        bib = ("@article{k, author = {Kingma, Diederik P. and Ba, Jimmy}, title = {Adam: A Method for Stochastic "
               f"Optimization}}, journal = {{arXiv preprint arXiv:1412.6980}}, year = {{{year}}}}}")
        result = checks(bib, ARXIV)
        assert all(c.ok for c in result.values()), year
        assert "venue" not in result
    bib = ("@article{k, author = {Kingma, Diederik P. and Ba, Jimmy}, title = {Adam: A Method for Stochastic "
           "Optimization}, journal = {arXiv preprint arXiv:1412.6980}, year = {2013}}")
    assert not checks(bib, ARXIV)["year"].ok


def test_a_published_venue_is_not_contradicted_by_a_preprint_record() -> None:
    bib = ("@inproceedings{k, author = {Kingma, Diederik P. and Ba, Jimmy}, title = {Adam: A Method for Stochastic "
           "Optimization}, booktitle = {ICLR}, year = {2015}, eprint = {1412.6980}}")
    result = checks(bib, ARXIV)
    assert "venue" not in result and all(c.ok for c in result.values())


def test_print_and_online_years_both_count() -> None:
    record = Record("crossref", {**CROSSREF.csl, "issued": {"date-parts": [[1997, 7]]}}, {"years": [1997, 1998]})
    assert checks(lstm(year="1998"), record)["year"].ok
    assert not checks(lstm(year="1999"), record)["year"].ok


def test_identity_separates_look_alikes_from_altered_titles() -> None:
    [work] = read_bibtex(lstm(title="Long Short-Term Attention"), "t.bib").works
    written = written_fields(work)
    assert identify(written, record_fields(CROSSREF))[0]  # same people, one word changed
    other = Record("crossref", {"title": "Learning to Forget: Continual Prediction with LSTM",
                                "author": [{"family": "Gers"}, {"family": "Schmidhuber"}, {"family": "Cummins"}]})
    assert not identify(written, record_fields(other))[0]
    namesake = Record("crossref", {"title": "Long Short-Term Memory", "author": [{"family": "Somebody"}]})
    assert not identify(written, record_fields(namesake))[0]


def test_normal_forms() -> None:
    assert fold("Koutn{\\'\\i}k — Łukasz & Gülçehre") == "koutnik lukasz and gulcehre"
    assert same_title("BLEU: a Method for Automatic Evaluation", "BLEU")
    assert not same_title("Deep Learning", "Deep Thinking")
    assert page_range("1735--80") == ("1735", "1780")
    assert venues_match("NIPS", "Advances in Neural Information Processing Systems 30") is True
    assert venues_match("Proc. IEEE Conf. Computer Vision and Pattern Recognition",
                        "2016 IEEE Conference on Computer Vision and Pattern Recognition (CVPR)") is True
    assert venues_match("ICCV", "2016 IEEE Conference on Computer Vision and Pattern Recognition (CVPR)") is False
    assert venues_match("IEEE Trans. Signal Process.", "IEEE Transactions on Signal Processing") is True
    assert venues_match("Journal of Machine Learning Research", "J. Mach. Learn. Res.") is True
    assert venues_match("Neural Networks", "Neural Computation") is False
