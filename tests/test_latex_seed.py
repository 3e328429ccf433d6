"""The seed list (offline) and a resolved list compile in all four LaTeX paths.

Paths: bibtex flavour under natbib with plainnat and abbrvnat; biblatex flavour under biber
(``--validate-datamodel``); bibtex flavour under biber. Figures go to the CI log.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from figures import record
from latexutil import LatexRun, compile_biblatex, compile_bibtex, require_tools

import rnnbib

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "rnn-and-lstm.md"

pytestmark = pytest.mark.latex

PATHS = ("plainnat", "abbrvnat", "biber-biblatex", "biber-bibtex")


@pytest.fixture(autouse=True)
def _tools() -> None:
    require_tools("pdflatex", "bibtex", "biber")


def build(bib: rnnbib.Bibliography, path: str) -> LatexRun:
    if path in ("plainnat", "abbrvnat"):
        return compile_bibtex(bib.to_string("bibtex"), path)
    flavour = "biblatex" if path == "biber-biblatex" else "bibtex"
    return compile_biblatex(bib.to_string(flavour))


@pytest.mark.parametrize("path", PATHS)
def test_seed_offline_compiles(path: str) -> None:
    bib = rnnbib.read(SEED)
    run = build(bib, path)
    record(f"latex seed offline {path}: {run.errors} errors {len(run.tool_warnings)} tool warnings "
           f"({len(bib)} entries)")
    assert run.errors == 0, run.summary()
    assert run.undefined == [] and run.missing_chars == []


@pytest.mark.parametrize("path", PATHS)
def test_resolved_list_compiles_without_warnings(path: str, resolve_options: dict[str, Any]) -> None:
    bib = rnnbib.read(SEED)
    rnnbib.resolve(bib, **resolve_options)
    resolved = [w for w in bib.works if w.status == "resolved"]
    assert len(resolved) >= 71
    bib.works = resolved  # the works the services answered for: full metadata
    bib.assign_keys()
    run = build(bib, path)
    record(f"latex resolved {path}: {run.errors} errors {len(run.tool_warnings)} tool warnings "
           f"({len(bib)} entries)")
    assert run.errors == 0, run.summary()
    assert run.tool_warnings == [], run.summary()
