"""The CSL processor test suite (bibliography mode) through rnnbib's engine and plain citeproc-py.

Every bibliography-mode case of ``../shared/csl-test-suite`` (see ``cslsuite`` for how
a case is run and compared) is rendered by
``rnnbib.writers.csl_engine.render_bibliography`` in HTML.  The test prints
``CSL test suite (bibliography): N/199`` and fails below ``FLOOR`` (raise it when
the engine gets better, never lower it), or when a case that plain citeproc-py
(its documented usage, no rnnbib code) passes fails with rnnbib.
Skipped when the suite is absent.
"""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from cslsuite import SUITE, cases, run_case
from figures import record

from rnnbib.writers.csl_engine import render_bibliography

FLOOR = 184

pytestmark = pytest.mark.skipif(SUITE is None, reason="../shared/csl-test-suite is absent")


def rnnbib_html(items: list[dict[str, Any]], style: str, locale: str) -> list[str]:
    return [entry.text for entry in render_bibliography(items, style, locale, "html")]


def citeproc_py_html(items: list[dict[str, Any]], style: str, locale: str) -> list[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bib = CitationStylesBibliography(CitationStylesStyle(style, locale=locale, validate=False),
                                         CiteProcJSON(items), formatter.html)
        for item in items:
            bib.register(Citation([CitationItem(str(item["id"]))]))
        bib.sort()
        return [str(entry) for entry in bib.bibliography()]


def test_csl_suite_bibliography() -> None:
    all_cases = list(cases())
    ours = {case.name: run_case(case, rnnbib_html)[0] for case in all_cases}
    plain = {case.name: run_case(case, citeproc_py_html)[0] for case in all_cases}
    passed = sum(ours.values())
    record(f"CSL test suite (bibliography): {passed}/{len(all_cases)}")
    record(f"CSL test suite (bibliography), plain citeproc-py: {sum(plain.values())}/{len(all_cases)}")
    lost = sorted(name for name in ours if plain[name] and not ours[name])
    assert not lost, f"cases plain citeproc-py passes and rnnbib fails: {lost}"
    failed = sorted(name for name, ok in ours.items() if not ok)
    assert passed >= FLOOR, f"{passed}/{len(all_cases)} below the floor {FLOOR}; failing: {failed}"
