"""Property tests of the writers on hostile Works (hypothesis; see tests/strategies.py).

For every generated list of works: BibTeX/BibLaTeX give one entry per work, lint clean, and each
title re-parsed by bibtexparser v2 and decoded by pylatexenc equals the work's title (after the
documented normalisation); the .bib reads back through rnnbib's reader; RIS gives one record per
work (own parser and rispy); CSL-JSON round-trips; HTML and Markdown let no markup or link through
from the data.  Examples that trigger a known bug (``fuzz.properties.KNOWN_BUGS``, each with a strict
xfail test in test_hostile_injection.py) are skipped so the properties keep finding new ones.
"""

from __future__ import annotations

import pytest
from fuzz import properties as P
from hypothesis import assume, given, settings
from strategies import load_profile, work_lists, works

from rnnbib.model import Work

load_profile()


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
@given(works=work_lists())
def test_bibtex_one_entry_per_work_and_titles_decode(fmt: str, works: list[Work]) -> None:
    assume(P.known_bug(works, fmt) is None)
    P.check_bibtex(works, fmt)
    P.check_bibtex_readback(works, fmt)


@given(works=work_lists())
def test_ris_one_record_per_work(works: list[Work]) -> None:
    P.check_ris(works)


@given(works=work_lists())
def test_csljson_round_trip(works: list[Work]) -> None:
    assume(P.known_bug(works, "csljson") is None)
    P.check_csljson(works)


@settings(max_examples=30)
@given(works=work_lists(max_size=3))
def test_html_escapes_everything(works: list[Work]) -> None:
    P.check_html(works)


@settings(max_examples=30)
@given(works=work_lists(max_size=3))
def test_markdown_escapes_link_syntax_and_html(works: list[Work]) -> None:
    assume(P.known_bug(works, "markdown") is None)
    P.check_markdown(works)


@pytest.mark.slow
@settings(max_examples=8)
@given(work=works(long_runs=True))
def test_long_values(work: Work) -> None:
    """10-100 kB values (runs of one character) in titles, notes and other fields."""
    P.check_writers([work])
