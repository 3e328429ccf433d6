""".bib fidelity measured with real programs: pandoc's reading of the same file, and biber's rendering.

Inputs: biblatex's own ``biblatex-examples.bib`` (``kpsewhich``; texlive-bibtex-extra) and
rnnbib's fixture ``tests/data/bibtex/fidelity.bib``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bibfidelity import FIELDS, agreement, aliases, pandoc_csl, rendered_entries, same_rendering
from figures import require_clients
from latexutil import compile_biblatex, require_tools

import rnnbib

FIXTURE = Path(__file__).parent / "data" / "bibtex" / "fidelity.bib"
_KEY = re.compile(r"^@(\w+)\s*\{\s*([^,\s{}=]+)\s*,", re.M)


def _inputs() -> list[Path]:
    paths = [FIXTURE]
    found = shutil.which("kpsewhich") and subprocess.run(
        ["kpsewhich", "biblatex-examples.bib"], capture_output=True, text=True, check=False).stdout.strip()
    if found:
        paths.insert(0, Path(found))
    elif require_clients():
        pytest.fail("biblatex-examples.bib not found (texlive-bibtex-extra) and RNNBIB_REQUIRE_CLIENTS=1")
    return paths


def _original_keys(path: Path) -> list[str]:
    return [k for t, k in _KEY.findall(path.read_text(encoding="utf-8")) if t.lower() not in ("string", "xdata")]


@pytest.mark.pandoc
def test_csl_agrees_with_pandoc_field_by_field(capsys: pytest.CaptureFixture[str]) -> None:
    if shutil.which("pandoc") is None:
        if require_clients():
            pytest.fail("pandoc is required (RNNBIB_REQUIRE_CLIENTS=1)")
        pytest.skip("pandoc not installed")
    totals = {f: [0, 0] for f in FIELDS}
    for path in _inputs():
        bib = rnnbib.read(path)
        ours = json.loads(bib.to_string("csljson"))
        theirs = pandoc_csl(path)
        assert theirs is not None
        for field, (agree, total, bad) in agreement(ours, theirs).items():
            totals[field][0] += agree
            totals[field][1] += total
            with capsys.disabled():
                print(f"{path.name:28} {field:16} {agree:4}/{total:<4} differ: {bad[:5]}")
        outputs = {fmt: bib.to_string(fmt) for fmt in ("csljson", "bibtex", "biblatex")}
        merged = aliases(ours)
        for key in _original_keys(path):  # every key the user wrote, as a key or an alias, in every output
            for fmt, text in outputs.items():
                assert key in text, (path.name, fmt, key)
            assert any(w.key == key for w in bib.works) or key in merged, key
    with capsys.disabled():
        print("\nagreement with pandoc: " + ", ".join(f"{f} {a / t:.1%}" for f, (a, t) in totals.items() if t))
    low = {f: a / t for f, (a, t) in totals.items() if t and a / t < 0.98}
    assert not low, low


def _warnings(lines: list[str]) -> set[str]:
    """biber/LaTeX warnings without biber's run-specific prefix and hashed entry names."""
    out = set()
    for line in lines:
        line = re.sub(r"^\[\d+\] ", "", line)
        out.add(re.sub(r"Entry '[0-9a-f]{32}' \(\)", "Entry <hash>", line))
    return out


@pytest.mark.latex
@pytest.mark.slow
def test_biblatex_rewrite_renders_like_the_original(capsys: pytest.CaptureFixture[str]) -> None:
    require_tools("pdflatex", "biber", "pdftotext")
    same_total = entries_total = 0
    for path in _inputs():
        original = path.read_text(encoding="utf-8")
        rewrite = rnnbib.read(path).to_string("biblatex")
        before, after = compile_biblatex(original), compile_biblatex(rewrite)
        assert after.errors <= before.errors, after.summary()
        new = _warnings(after.tool_warnings + after.latex_warnings) - _warnings(
            before.tool_warnings + before.latex_warnings)
        assert not new, new
        entries = rendered_entries(before.text)
        same, differ = same_rendering(entries, rendered_entries(after.text))
        with capsys.disabled():
            print(f"\n{path.name}: {same}/{len(entries)} entries render the same; differ: {differ[:3]}")
        assert entries
        same_total += same
        entries_total += len(entries)
    assert same_total / entries_total >= 0.95  # the ones that differ are merged duplicates


@pytest.mark.node
@pytest.mark.parametrize("style", ["apa", "ieee", "chicago-author-date"])
def test_et_al_marker_renders_as_citeproc_js_does(style: str) -> None:
    from test_citeprocjs_formatted import citeproc_js

    from rnnbib.writers.csl_engine import render_bibliography

    items = [x for x in json.loads(rnnbib.read(FIXTURE).to_string("csljson"))
             if {"literal": "others"} in x.get("author", [])]
    items.append({"id": "two", "type": "book", "title": "A Book", "issued": {"date-parts": [[2001]]},
                  "author": [{"family": "Roe", "given": "Rich"}, {"literal": "others"}]})
    reference = citeproc_js(items, style, "text", "en-US")
    ours = [(e.id, " ".join(e.text.split())) for e in render_bibliography(items, style, "en-US", "text")]
    assert ours == reference
