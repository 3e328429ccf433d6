"""The example list upgraded online (local fakes) compiles cleanly, and no list annotation is printed."""

from __future__ import annotations

import re
from typing import Any

import pytest
from httpserver import Services
from latexutil import compile_biblatex, compile_bibtex, require_tools
from test_canonical_example import EXAMPLE

import rnnbib

pytestmark = [pytest.mark.latex, pytest.mark.slow]
# What the list itself says about a work: never part of a printed reference.
ANNOTATION = re.compile(r"\b(?:intro|paper|code|blog|slides|github|project|web|video|data|description):\s")


@pytest.fixture
def upgraded(services: Services, resolve_options: dict[str, Any]) -> rnnbib.Bibliography:
    require_tools("pdflatex", "bibtex", "biber")
    bib = rnnbib.read(EXAMPLE)
    rnnbib.resolve(bib, **resolve_options)
    bib.assign_keys()
    assert bib.report()["summary"]["canonical"]["upgraded"] >= 20
    return bib


def test_upgraded_bibtex_under_plainnat(upgraded: rnnbib.Bibliography) -> None:
    bib = upgraded.to_string("bibtex")
    assert "annote" in bib and "\n  note" not in bib
    run = compile_bibtex(bib, "plainnat")
    print(run.summary())
    assert run.errors == 0 and run.undefined == [] and run.missing_chars == []
    if run.text:
        assert not ANNOTATION.search(run.text), ANNOTATION.search(run.text)
        assert "International Conference on Learning Representations" in run.text


def test_upgraded_biblatex_under_biber(upgraded: rnnbib.Bibliography) -> None:
    bib = upgraded.to_string("biblatex")
    run = compile_biblatex(bib)
    print(run.summary())
    assert run.errors == 0 and run.undefined == [] and run.missing_chars == []
    undated = {w.key for w in upgraded.works if not w.csl.get("issued")}
    dates = re.compile(r"Entry '([^']+)' .*Missing mandatory field - one of 'date, year'")
    others = [w for w in run.tool_warnings if not (dates.search(w) and dates.search(w)[1] in undated)]
    assert others == [], others  # biber warns only about works no source dates
    if run.text:
        assert not ANNOTATION.search(run.text), ANNOTATION.search(run.text)
        assert "Advances in Neural Information Processing Systems 29" in re.sub(r"\s+", " ", run.text)
