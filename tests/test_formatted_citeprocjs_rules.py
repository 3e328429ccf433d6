"""citeproc-js rules rnnbib reproduces over citeproc-py: sort keys from macros, number
variables and page ranges, quote-aware title case, names in substitutes, the subsequent
author dash, added names with et-al-use-last, the disambiguation short cut, cs:name fonts per
name, doubled marks after a decorated sibling and the global given-name rules.

Expected strings are citeproc-js 1.4.61 output for the same item, style and locale (checked
with tests/node/render_citeproc_js.js), each also following from the CSL 1.0.2 rule named.
"""

from __future__ import annotations

from typing import Any

import pytest

from rnnbib.writers import csl_numbers
from rnnbib.writers.csl_disambig import possible_collisions
from rnnbib.writers.csl_engine import render_bibliography
from rnnbib.writers.csl_textcase import KEEP_CASE, kept_case, mark_kept_case


def person(family: str, given: str) -> dict[str, str]:
    return {"family": family, "given": given}


def article(key: str, **fields: Any) -> dict[str, Any]:
    item: dict[str, Any] = {"id": key, "type": "article-journal", "title": "T", "container-title": "J",
                            "author": [person("Au", "Bea")], "issued": {"date-parts": [[2000]]}}
    item.update(fields)
    return item


def texts(items: list[dict[str, Any]], style: str) -> list[str]:
    return [e.text for e in render_bibliography(items, style, "en-US", "text")]


def test_macro_sort_key_puts_every_name_in_sort_order() -> None:
    # CSL 1.0.2 "Sorting": names from a macro key as if name-as-sort-order="all" - also through a
    # nested macro (Chicago's author-sort -> author-bib): "Bahdanau Curie" < "Bahdanau Noether"
    items = [article("noether", author=[person("Bahdanau", "Dzmitry"), person("Noether", "Emmy")],
                     issued={"date-parts": [[2016]]}),
             article("curie", author=[person("Bahdanau", "Dzmitry"), person("Curie", "Marie")],
                     issued={"date-parts": [[2015]]})]
    order = [e.id for e in render_bibliography(items, "chicago-author-date", "en-US", "text")]
    assert order == ["curie", "noether"]
    # without "and" in the key: two names sort before three names that continue alphabetically earlier
    items = [article("two", author=[person("Aa", "Ann"), person("Cc", "Cy")]),
             article("three", author=[person("Aa", "Ann"), person("Bb", "Bo"), person("Dd", "Di")])]
    assert [e.id for e in render_bibliography(items, "chicago-author-date")] == ["three", "two"]


@pytest.mark.parametrize(("fmt", "page", "expected"), [
    ("chicago-16", "1496-1504", "1496–504"),
    ("chicago-16", "101-108", "101–8"),
    ("chicago-16", "321-328", "321–28"),
    ("chicago-16", "12991-13001", "12991–3001"),
    ("chicago-15", "1496-1504", "1496–1504"),
    ("minimal-two", "1-10", "1–10"),  # citeproc-py: "1–0"
    ("minimal-two", "321-328", "321–28"),
    ("minimal", "321-328", "321–8"),
    ("expanded", "321-28", "321–328"),
    ("minimal", "S1-S10", "S1–10"),
    ("expanded", "S1-S10", "S1–S10"),
    (None, "20-10", "20–10"),
])
def test_page_ranges(fmt: str | None, page: str, expected: str) -> None:
    info = csl_numbers.parse(page, "page")
    assert info is not None
    assert csl_numbers.render(info, "page", fmt, "–", str) == expected


@pytest.mark.parametrize(("variable", "value", "text", "numeric", "plural"), [
    ("issue", "5-6", "5–6", True, True),
    ("issue", "5/6", "5/6", False, False),
    ("issue", "Suppl 2", "Suppl 2", False, False),
    ("issue", "3-4-5", "3-4–5", True, True),
    ("volume", "12 - 13", "12–13", True, True),
    ("volume", "A-B", "A-B", False, False),
    ("number", "2009-01", "2009–01", True, True),
    ("volume", "12", "12", True, False),
])
def test_number_variables(variable: str, value: str, text: str, numeric: bool, plural: bool) -> None:
    info = csl_numbers.parse(value, variable)
    assert info is not None and (info.numeric, info.plural) == (numeric, plural)
    assert csl_numbers.render(info, variable, None, "–", str) == text


def test_embedded_labels_are_left_to_citeproc_py() -> None:
    assert csl_numbers.parse("vol. 3", "volume") is None


def test_number_ranges_in_styles() -> None:
    item = article("r", volume="5-6", issue="5/6", page="1496-1504")
    assert texts([item], "modern-language-association") == [
        "Au, Bea. “T.” J, vols. 5–6, no. 5/6, 2000, pp. 1496–504."]
    assert texts([item], "apa") == ["Au, B. (2000). T. J, 5–6(5/6), 1496–1504."]
    assert texts([article("p", page="1-10")], "modern-language-association") == [
        "Au, Bea. “T.” J, 2000, pp. 1–10."]


@pytest.mark.parametrize(("title", "expected"), [
    ("a 'single' quoted word", "A “single” Quoted Word"),
    ("a \"double\" quoted word", "A “Double” Quoted Word"),
    ("\"lead\" and \"second\" quote", "“lead” and “Second” Quote"),
    ("a 'one' and 'two' singles", "A “one” and “Two” Singles"),
    ("a 'single' and \"double\" mix", "A “single” and ‘Double’ Mix"),
    ("'tis the season", "’tis the Season"),
    ("the dogs' dinner", "The Dogs’ Dinner"),
])
def test_title_case_after_quotes_as_citeproc_js(title: str, expected: str) -> None:
    # citeproc-js restores the first letter after a quote its case engine cannot pair
    # (a closing "'" followed by text is an apostrophe to it) and after an apostrophe
    item = {"id": "q", "type": "article-journal", "title": title, "author": [person("Au", "Bea")],
            "issued": {"date-parts": [[2000]]}}  # no container: Chicago prints the title unquoted
    [text] = texts([item], "chicago-author-date")
    assert text == f"Au, Bea. 2000. {expected}."


def test_kept_case_positions() -> None:
    text = "a 'one' and 'two'"
    assert kept_case(text) == [3]
    assert mark_kept_case(text, [3]) == f"a '{KEEP_CASE}one' and 'two'"
    assert kept_case("no quotes here") == []


def test_names_in_a_substitute_inherit_name_and_label() -> None:
    # CSL: a cs:names in cs:substitute without cs:name takes the substituted cs:names' name and
    # label - also inside a cs:choose (Chicago: editors of an author-less book)
    book = {"id": "ed", "type": "book", "title": "Edited volume", "publisher": "IEEE Press",
            "editor": [person("Kolen", "John F."), person("Kremer", "Stefan C.")],
            "issued": {"date-parts": [[2001]]}}
    assert texts([book], "chicago-author-date") == [
        "Kolen, John F., and Stefan C. Kremer, eds. 2001. Edited Volume. IEEE Press."]


def test_subsequent_author_dash_keeps_the_period_after_et_al() -> None:
    items = [article("one", author=[person("Smith", "John")], title="First"),
             article("many", author=[person("Smith", "John"), person("Doe", "Jane"), person("Roe", "Ray")],
                     title="Second")]
    assert texts(items, "modern-language-association") == [
        "Smith, John. “First.” J, 2000.",
        "———. “Second.” J, 2000.",
    ]


def test_added_names_respect_et_al_use_last() -> None:
    # APA: 21+ authors are "19 names, …, last"; disambiguation's added names never exceed
    # et-al-min - 2 in the bibliography (citeproc-js)
    authors = [person(f"Name{chr(97 + n)}", "A") for n in range(21)]
    items = [article("twenty", author=authors[:20], title="Twenty"),
             article("twentyone", author=authors, title="Twenty-one")]
    by_id = {e.id: e.text for e in render_bibliography(items, "apa")}
    assert "Names, A., … Nameu, A. (2000)" in by_id["twentyone"]
    assert "Names, A., & Namet, A. (2000)" in by_id["twenty"]


def test_added_names_stay_with_the_last_step_that_helped() -> None:
    # MLA citations "(Graves et al.)": two names tell the Jaitly paper apart; the two papers by
    # the same three authors stay ambiguous but keep the second name (citeproc-js)
    graves, mohamed, hinton, jaitly = (person("Graves", "Alex"), person("Mohamed", "Abdel-rahman"),
                                       person("Hinton", "Geoffrey"), person("Jaitly", "Navdeep"))
    items = [article("hybrid", author=[graves, jaitly, mohamed], title="Hybrid"),
             article("speech", author=[graves, mohamed, hinton], title="Speech"),
             article("speech2", author=[graves, mohamed, hinton], title="Speech two")]
    assert texts(items, "modern-language-association") == [
        "Graves, Alex, Navdeep Jaitly, et al. “Hybrid.” J, 2000.",
        "Graves, Alex, Abdel-rahman Mohamed, et al. “Speech.” J, 2000.",
        "———. “Speech Two.” J, 2000.",
    ]


def test_possible_collisions() -> None:
    items = [article("a", author=[person("Graves", "Alex")]),
             article("b", author=[person("Graves", "Anna")]),
             article("c", author=[person("Graves", "Alex")], issued={"date-parts": [[2001]]}),
             article("d", author=[{"family": "Gogh", "non-dropping-particle": "van"}]),
             article("e", author=[{"family": "van Gogh"}]),
             {"id": "f", "type": "book", "editor": [person("Graves", "Alex")], "issued": {"date-parts": [[2001]]}},
             article("g", author=[person("Unique", "U")])]
    assert possible_collisions(items) == {"a", "b", "c", "d", "e", "f"}
    assert possible_collisions(items, by_year=False) == {"a", "b", "c", "d", "e", "f"}
    assert possible_collisions(items[:3] + items[6:]) == {"a", "b"}


def _style(tmp_path: Any, layout: str, citation: str = "", macros: str = "", sort: str = "") -> str:
    path = tmp_path / "rule.csl"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">'
        "<info><title>rule</title><id>rule</id><updated>2020-01-01T00:00:00+00:00</updated></info>"
        f'{macros}<citation {citation}><layout><names variable="author"><name form="short"/></names>'
        '<date variable="issued" prefix=" "><date-part name="year"/></date></layout></citation>'
        f"<bibliography>{sort}<layout>{layout}</layout></bibliography></style>", encoding="utf-8")
    return str(path)


def html(items: list[dict[str, Any]], style: str) -> list[str]:
    return [e.text for e in render_bibliography(items, style, "en-US", "html")]


def test_name_fonts_go_on_each_name_and_on_the_list_with_et_al(tmp_path: Any) -> None:
    # citeproc-js decorates every name with the cs:name fonts; "et al." joins a list decorated again
    style = _style(tmp_path, '<names variable="author"><name font-variant="small-caps" delimiter=" ; " '
                             'et-al-min="4" et-al-use-first="2"/></names>')
    sc = '<span style="font-variant:small-caps;">{}</span>'
    two = article("two", author=[person("Au", "Bea"), {"literal": "Team"}])
    four = article("four", author=[person(f"N{n}", "G") for n in range(4)])
    assert html([two], style) == [sc.format("Bea Au") + " ; " + sc.format("Team")]
    assert html([four], style) == [sc.format(sc.format("G N0") + " ; " + sc.format("G N1") + " ; et al.")]
    assert texts([four], style) == ["G N0 ; G N1 ; et al."]


@pytest.mark.parametrize(("font", "expected"), [
    ('font-style="italic"', "<i>T</i>.. Online"),  # the decorated title keeps the next prefix's period
    ("", "T. Online"),
])
def test_doubled_mark_after_a_decorated_sibling_is_kept(tmp_path: Any, font: str, expected: str) -> None:
    macros = (f'<macro name="title"><choose><if variable="URL"><text variable="title" {font} suffix="."/></if>'
              '</choose><choose><if variable="URL"><text value="Online" prefix=". "/></if></choose></macro>')
    style = _style(tmp_path, '<group suffix="."><text macro="title"/></group>', macros=macros)
    item = article("a", URL="https://example.org/")
    assert html([item], style) == [expected + "."]
    plain = _style(tmp_path, f'<text variable="title" {font} suffix="."/><text value="Z" suffix="."/>')
    assert texts([item], plain) == ["T.Z."]


@pytest.mark.parametrize(("rule", "expanded"), [
    ("primary-name", True), ("all-names", True), ("primary-name-with-initials", False), ("by-cite", False),
])
def test_global_given_name_rule_shows_full_given_names_in_the_bibliography(
        tmp_path: Any, rule: str, expanded: bool) -> None:
    # "Report, Ria" and "Report, Rob" share family and initial: the global rules show them in full,
    # everywhere (sort order too: "Ria" < "Rob" although Rob's entry is older)
    citation = f'disambiguate-add-givenname="true" givenname-disambiguation-rule="{rule}"'
    names = '<names variable="author"><name name-as-sort-order="all" initialize-with=". "/></names>'
    style = _style(tmp_path, '<text macro="names"/><date variable="issued" prefix=" "><date-part name="year"/>'
                             "</date>", citation=citation, macros=f'<macro name="names">{names}</macro>',
                   sort='<sort><key macro="names"/></sort>')
    items = [article("rob", author=[person("Report", "Rob")], issued={"date-parts": [[2009]]}),
             article("ria", author=[person("Report", "Ria")], issued={"date-parts": [[2010]]}),
             article("one", author=[person("Other", "Ola")], issued={"date-parts": [[2010]]})]
    wanted = ["Other, O. 2010", "Report, Ria 2010", "Report, Rob 2009"] if expanded else \
        ["Other, O. 2010", "Report, R. 2009", "Report, R. 2010"]
    assert texts(items, style) == wanted
