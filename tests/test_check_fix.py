"""``--fix`` rewrites only the contradicted fields, in any BibTeX value form, keeping every other byte."""

from __future__ import annotations

import bibtexparser

from rnnbib.readers.bibtex import read_bibtex
from rnnbib.verify.fix import fix_bibtex
from rnnbib.verify.verdict import WorkCheck

TEXT = """% a comment that stays
@string{nc = "Neural Computation"}

@article{lstm,
  author  = "Hochreiter, Sepp and Schmidhuber, J{\\"u}rgen",
  title   = {Long Short-Term {Attention}},
  journal = nc,
  year    = 1998, pages = "1735--1780",
  note    = {year = 1998 in a note is not the year field}
}

@inproceedings{other,
  title = {Untouched},
  year = {2001}
}
"""


def checks_with(corrections: dict[str, object]) -> list[WorkCheck]:
    works = read_bibtex(TEXT, "refs.bib").works
    return [WorkCheck(works[0], "mismatch", 0.9, corrections=dict(corrections)), WorkCheck(works[1], "verified", 1.0)]


def test_bare_quoted_and_braced_values_are_replaced_in_place() -> None:
    checks = checks_with({"year": 1997, "title": "Long Short-Term Memory",
                          "authors": [{"family": "Hochreiter", "given": "Sepp"},
                                      {"family": "Schmidhuber", "given": "Jürgen"},
                                      {"family": "Cummins", "given": "Fred"}]})
    fixed = fix_bibtex(TEXT, checks)
    assert "  year    = {1997}, pages = \"1735--1780\"," in fixed
    assert "  title   = {Long Short-Term Memory}," in fixed
    assert 'author  = {Hochreiter, Sepp and Schmidhuber, J{\\"u}rgen and Cummins, Fred}' in fixed
    assert "year = 1998 in a note" in fixed and "% a comment that stays" in fixed
    before, after = TEXT.splitlines(), fixed.splitlines()
    assert len(before) == len(after)
    assert [n for n, (a, b) in enumerate(zip(before, after, strict=True)) if a != b] == [4, 5, 7]
    assert {f["field"] for f in checks[0].fixes} == {"year", "title", "author"}
    assert checks[1].fixes == []
    library = bibtexparser.parse_string(fixed)
    assert not library.failed_blocks
    assert library.entries[0].fields_dict["year"].value == "1997"
    assert library.entries[1].fields_dict["year"].value == "2001"


def test_a_macro_venue_is_replaced_by_the_records_name_and_nothing_without_a_field_is_added() -> None:
    checks = checks_with({"venue": "Neural Computation", "doi": "10.1162/neco.1997.9.8.1735"})
    fixed = fix_bibtex(TEXT, checks)
    assert "  journal = {Neural Computation}," in fixed
    assert "doi" not in fixed  # only fields the entry has are corrected
    assert [f["old"] for f in checks[0].fixes] == ["nc"]


def test_nothing_to_fix_leaves_the_text_identical() -> None:
    assert fix_bibtex(TEXT, checks_with({})) == TEXT
