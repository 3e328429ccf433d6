""".bib in, .bib out without loss (issue 13): what the user wrote survives in every output."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rnnbib
from rnnbib.bibtypes import TO_CSL, from_csl
from rnnbib.enrich.merge import merge_works
from rnnbib.latex import latex_to_unicode
from rnnbib.readers.bibtex import read_bibtex

FIXTURE = Path(__file__).parent / "data" / "bibtex" / "fidelity.bib"
OUTPUTS = ("csljson", "bibtex", "biblatex", "ris")


@pytest.fixture(scope="module")
def bib() -> rnnbib.Bibliography:
    return rnnbib.read(FIXTURE)


def _entry(text: str, key: str) -> str:
    match = re.search(r"^@\w+\{" + re.escape(key) + r",\n.*?^\}", text, re.M | re.S)
    assert match, f"no entry {key!r}"
    return match.group()


def test_strings_and_concatenation_resolved(bib: rnnbib.Bibliography) -> None:
    assert bib["ds-modulators"].csl["container-title"] == "Journal of Geophysical Research (Space Physics)"
    assert bib["icml2015"].title == "Proceedings of the International Conference on Machine Learning"


def test_subtitle_joined_as_biblatex_prints_it(bib: rnnbib.Bibliography) -> None:
    assert bib["1102917"].title == ("The Trouble with Login: On Usability and Computer Security in "
                                    "Ubiquitous Computing")
    biblatex = _entry(bib.to_string("biblatex"), "1102917")
    assert "subtitle = {On Usability" in biblatex


def test_and_others_is_an_et_al_marker_everywhere(bib: rnnbib.Bibliography) -> None:
    work = bib["1102917"]
    assert work.csl["author"][-1] == {"literal": "others"}
    assert "author = {Bardram, Jakob E. and others}" in _entry(bib.to_string("bibtex"), "1102917")
    assert "and others}" in _entry(bib.to_string("biblatex"), "1102917")
    item = next(x for x in json.loads(bib.to_string("csljson")) if x["id"] == "1102917")
    assert item["author"][-1] == {"literal": "others"}


def test_crossref_inherits_with_biblatex_rules_and_stays_in_biblatex(bib: rnnbib.Bibliography) -> None:
    work = bib["ioffe15"]
    assert work.csl["container-title"] == "Proceedings of the International Conference on Machine Learning"
    assert work.csl["editor"][0]["family"] == "Bach"
    assert (work.csl["publisher"], work.csl["volume"], work.csl["issued"]) == ("PMLR", "37",
                                                                               {"date-parts": [[2015]]})
    assert work.csl["collection-title"] == "Proceedings of Machine Learning Research"
    biblatex = _entry(bib.to_string("biblatex"), "ioffe15")
    assert "crossref = {icml2015}" in biblatex and "publisher" not in biblatex  # biber inherits it
    bibtex = _entry(bib.to_string("bibtex"), "ioffe15")
    assert "booktitle = {Proceedings of the International Conference on Machine Learning}" in bibtex


def test_xdata_inlined_xref_inherits_nothing(bib: rnnbib.Bibliography) -> None:
    assert (bib["fourth"].csl["publisher"], bib["fourth"].csl["publisher-place"]) == ("ACM", "New York, NY")
    assert all(w.extra["bibtex_key"] != "acm" for w in bib.works)  # @xdata only gives fields
    biblatex = bib.to_string("biblatex")
    assert "xdata" not in biblatex and "publisher = {ACM}" in _entry(biblatex, "fourth")
    assert "publisher" not in bib["xref-child"].csl
    assert "xref = {knuth:tex}" in _entry(biblatex, "xref-child")


def test_date_range(bib: rnnbib.Bibliography) -> None:
    assert bib["ds-modulators"].csl["issued"] == {"date-parts": [[1996, 3], [1997, 4]]}
    assert "date = {1996-03/1997-04}" in _entry(bib.to_string("biblatex"), "ds-modulators")
    assert "year = {1996--1997}" in _entry(bib.to_string("bibtex"), "ds-modulators")


def test_series_edition_eventtitle_eprint(bib: rnnbib.Bibliography) -> None:
    knuth = bib["knuth:tex"]
    assert (knuth.csl["collection-title"], knuth.csl["edition"]) == ("Computers & Typesetting", "2")
    assert "series = {Computers \\& Typesetting}" in _entry(bib.to_string("bibtex"), "knuth:tex")
    assert bib["fourth"].csl["event-title"] == "CIKM 2019"
    jstor = bib["jstor-item"]
    assert jstor.csl["URL"] == "https://www.jstor.org/stable/2307123"
    assert "eprinttype = {jstor}" in _entry(bib.to_string("biblatex"), "jstor-item")


def test_macros_decoded_and_math_kept_as_math_in_latex(bib: rnnbib.Bibliography) -> None:
    assert bib["knuth:tex"].title == "TeX: The Program"
    assert bib["fourth"].title == "Ranking the 4th way with “quoted” self-attention"
    assert bib["fourth"].csl["author"][0] == {"family": "García", "given": "María"}
    assert bib["ds-modulators"].title == "A Bayesian view of ΔΣ modulators on the Riemann sphere"
    for fmt in ("bibtex", "biblatex"):
        text = bib.to_string(fmt)
        assert "title = {A {B}ayesian view of $\\Delta\\Sigma$ modulators on the {Riemann} sphere}" in text
        assert "4\\({}^{\\mbox{th}}\\)" in _entry(text, "fourth")
        assert "{\\TeX}: The Program" in _entry(text, "knuth:tex")
    assert "``quoted''" in _entry(bib.to_string("bibtex"), "fourth")  # no biblatex macro for bibtex styles


def test_changed_work_keeps_the_fields_as_written_but_the_changed_ones() -> None:
    bib = rnnbib.read(FIXTURE)
    work = bib["ds-modulators"]
    work.set("DOI", "10.1000/new", "crossref")
    work.set("volume", "102", "crossref")
    entry = _entry(bib.to_string("biblatex"), "ds-modulators")
    assert "$\\Delta\\Sigma$" in entry and "date = {1996-03/1997-04}" in entry
    assert "volume = {102}" in entry and "doi = {10.1000/new}" in entry and "{101}" not in entry


def test_keys_are_the_users_in_every_output(bib: rnnbib.Bibliography) -> None:
    keys = re.findall(r"^@(\w+)\{([^,\s{}=]+),", FIXTURE.read_text(encoding="utf-8"), re.M)
    originals = [k for t, k in keys if t.lower() not in ("string", "xdata")]
    assert "1102917" in originals
    assert {w.key for w in bib.works} | {"lstm-copy"} == set(originals)
    for fmt in OUTPUTS:
        text = bib.to_string(fmt)
        expected = [k for k in originals if fmt != "ris" or k != "lstm-copy"]  # RIS has one ID, no aliases
        missing = [k for k in expected if k not in text]
        assert not missing, (fmt, missing)


def test_merge_keeps_surviving_key_and_lists_the_other_as_alias(bib: rnnbib.Bibliography) -> None:
    work = bib["lstm-preprint"]
    assert work.extra["aliases"] == ["lstm-copy"]
    assert "ids = {lstm-copy}" in _entry(bib.to_string("biblatex"), "lstm-preprint")
    item = next(x for x in json.loads(bib.to_string("csljson")) if x["id"] == "lstm-preprint")
    assert item["custom"]["ids"] == ["lstm-copy"]
    merge = next(p for p in bib.problems if p.kind == "merge")
    assert "'lstm-copy' kept as an alias of 'lstm-preprint'" in merge.message
    row = next(r for r in bib.report()["works"] if r["key"] == "lstm-preprint")
    assert row["merged_from"] == [f"{FIXTURE}:110"] and row["aliases"] == ["lstm-copy"]


def test_shared_doi_with_different_titles_and_authors_is_not_merged(bib: rnnbib.Bibliography) -> None:
    assert bib["shared-doi-a"].title == "Deep Learning for Rocks"
    assert bib["shared-doi-b"].title == "A Completely Different Paper on Oceans"
    conflict = next(p for p in bib.problems if p.kind == "conflict")
    assert str(conflict.location) == f"{FIXTURE}:94" and "titles and first authors differ" in conflict.message
    assert any(p.kind == "conflict" for p in bib["shared-doi-a"].problems)


def test_report_locates_each_entry_at_its_type_line(bib: rnnbib.Bibliography) -> None:
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    for row in bib.report()["works"]:
        line = int(row["source"].rsplit(":", 1)[1])
        assert re.match(r"@\w+\{" + re.escape(row["key"]) + ",", lines[line - 1]), row


def test_patent_is_a_patent_both_ways(bib: rnnbib.Bibliography) -> None:
    assert bib["widget-patent"].type == "patent"
    assert _entry(bib.to_string("biblatex"), "widget-patent").startswith("@patent{")


@pytest.mark.parametrize("entry_type", sorted(TO_CSL))
def test_every_entry_type_maps_to_csl_and_back(entry_type: str) -> None:
    result = read_bibtex(f"@{entry_type}{{k, title = {{T}}, author = {{A, B}}, year = 2000}}\n", "t.bib")
    work = result.works[0]
    assert work.type == TO_CSL[entry_type]
    assert from_csl(work.type, entry_type) == entry_type


@pytest.mark.parametrize(("latex", "text"), [
    ("{\\TeX}: The Program", "TeX: The Program"),
    ("methodology\\hyphen independent", "methodology-independent"),
    ("\\mkbibquote{Intention} und", "“Intention” und"),
    ("{\\'\\i}ndice", "índice"),
    ("\\texttt{x} and \\mkbibemph{y}", "x and y"),
    ("a\\noopsort{b}c", "ac"),
    ("\\LaTeXe\\ and \\BibTeX", "LaTeX2e and BibTeX"),
    ("Bayes\\slash Markov", "Bayes/Markov"),
    ("H$_2$O at 20$^\\circ$C, $O(n^2)$", "H₂O at 20°C, O(n²)"),
    ("\\pounds 5, \\S 3, see \\cite{x}", "£5, §3, see"),
])
def test_macro_table(latex: str, text: str) -> None:
    assert latex_to_unicode(latex) == text


def test_undefined_string_macro_is_reported_and_kept() -> None:
    result = read_bibtex("@article{k, title = {T}, journal = nosuchmacro, year = 2000}\n", "u.bib")
    assert result.works[0].csl["container-title"] == "nosuchmacro"
    assert any("undefined @string macro 'nosuchmacro'" in p.message and str(p.location) == "u.bib:1"
               for p in result.problems)


def test_crossref_cycle_and_missing_parent_reported() -> None:
    text = ("@inproceedings{a, title = {A}, crossref = {b}}\n@proceedings{b, title = {B}, crossref = {a}}\n"
            "@inproceedings{c, title = {C}, crossref = {nowhere}}\n")
    result = read_bibtex(text, "c.bib")
    assert result.works[0].csl["container-title"] == "B"
    messages = [p.message for p in result.problems]
    assert any("cycle" in m for m in messages) and any("'nowhere'" in m for m in messages)


def test_repeated_key_stays_with_its_first_entry(tmp_path: Path) -> None:
    path = tmp_path / "dup.bib"
    path.write_text("@misc{zz9, title = {The Second Title Here}, year = 2001}\n"
                    "@misc{k1, title = {The First One}, author = {Aaa, A.}, year = 2005}\n"
                    "@misc{k1, title = {Another}, author = {Zzz, Z.}}\n", encoding="utf-8")
    bib = rnnbib.read(path)
    assert [w.key for w in bib.works][:2] == ["zz9", "k1"] and bib.works[2].key != "k1"
    assert any("repeated BibTeX key 'k1'" in p.message and str(p.location) == f"{path}:3" for p in bib.problems)


def test_aliases_survive_csljson_to_biblatex(bib: rnnbib.Bibliography, tmp_path: Path) -> None:
    path = tmp_path / "refs.json"
    path.write_text(bib.to_string("csljson"), encoding="utf-8")
    again = rnnbib.read(path)
    assert "ids = {lstm-copy}" in _entry(again.to_string("biblatex"), "lstm-preprint")
    assert {w.key for w in again.works} == {w.key for w in bib.works}


@settings(max_examples=60, deadline=None)
@given(edits=st.lists(st.tuples(st.floats(0, 1), st.sampled_from(list('{}"#@,=\\$%&_^~ \n')),
                                st.sampled_from(["delete", "insert", "replace"])), min_size=1, max_size=12))
def test_damaged_bib_gives_clean_bib_outputs(edits: list[tuple[float, str, str]]) -> None:
    """A .bib damaged anywhere: read without crashing, and both .bib outputs still pass the linter."""
    from fuzz.oracles import lint_bib

    chars = list(FIXTURE.read_text(encoding="utf-8"))
    for where, char, op in edits:
        i = min(int(where * len(chars)), len(chars) - 1)
        if op == "delete":
            del chars[i]
        elif op == "insert":
            chars.insert(i, char)
        else:
            chars[i] = char
    result = read_bibtex("".join(chars), "damaged.bib")
    works, _ = merge_works(result.works)
    bib = rnnbib.Bibliography(works, result.problems)
    bib.assign_keys()
    for fmt in ("bibtex", "biblatex"):
        _, errors = lint_bib(bib.to_string(fmt))
        assert not errors, (fmt, errors[:3])
