"""Rich text in field values (Crossref titles: ``<i>`` species names, ``<sub>`` formulas).

Formatted output renders it as citeproc-js does (text: the words; HTML: the tags);
BibTeX/BibLaTeX turn it into ``\\textit{}``/``\\textsubscript{}``... (and compile);
RIS keeps the tags as Zotero reads them.  Markup that is not a well-formed pair of
those tags stays text (escaped in HTML).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from latexutil import compile_bibtex, require_tools
from test_citeprocjs_formatted import STYLES, citeproc_js, normalize

import rnnbib
from rnnbib.writers import WriteOptions
from rnnbib.writers.bibtex import write_biblatex, write_bibtex
from rnnbib.writers.csl_engine import render_bibliography

TITLE = "Growth of <i>Escherichia coli</i> in D<sub>2</sub>O at 10<sup>3</sup> K"
ITEM: dict[str, Any] = {
    "id": "coli2020", "type": "article-journal", "title": TITLE,
    "author": [{"family": "Doe", "given": "Jane"}], "issued": {"date-parts": [[2020, 5]]},
    "container-title": "Journal of <i>Bacteriology</i>", "volume": "12", "page": "1-9",
    "DOI": "10.1000/coli.2020",
}
HOSTILE: dict[str, Any] = {
    "id": "evil", "type": "article-journal", "title": "<script>alert(1)</script> and <i>open <b>crossed</i></b>",
    "author": [{"family": "Roe", "given": "Rick"}], "issued": {"date-parts": [[2021]]},
}


def test_html_and_text_rendering() -> None:
    html = render_bibliography([ITEM], "apa", fmt="html")[0].text
    assert "<i>Escherichia coli</i>" in html and "D<sub>2</sub>O" in html and "10<sup>3</sup>" in html
    text = render_bibliography([ITEM], "apa", fmt="text")[0].text
    assert "Growth of Escherichia coli in D2O at 103 K" in text and "<" not in text


def test_italics_inside_an_italic_field_flip_to_roman() -> None:
    html = render_bibliography([ITEM], "apa", fmt="html")[0].text
    # APA sets the journal in italics; the data's own <i> turns back to roman, as citeproc-js does
    assert '<i>Journal of <span style="font-style:normal;">Bacteriology</span></i>' in html


def test_hostile_markup_stays_escaped() -> None:
    html = render_bibliography([HOSTILE], "apa", fmt="html")[0].text
    assert "<script>" not in html and "&#60;script&#62;" in html
    assert "<b>" not in html  # crossed pairs are not markup
    unclosed = render_bibliography([{**HOSTILE, "title": "An <i>unclosed tag"}], "apa", fmt="html")[0].text
    assert "&#60;i&#62;unclosed" in unclosed


@pytest.mark.node
@pytest.mark.parametrize("fmt", ["text", "html"])
@pytest.mark.parametrize("style", STYLES)
def test_as_citeproc_js_renders_it(style: str, fmt: str) -> None:
    script = {**HOSTILE, "title": "<script>alert(1)</script> & more"}
    reference = citeproc_js([ITEM, script], style, fmt, "en-US")
    ours = [(e.id, normalize(e.text, fmt)) for e in render_bibliography([ITEM, script], style, "en-US", fmt)]
    assert ours == reference



def test_bibtex_commands_and_ris_tags(tmp_path: Any) -> None:
    path = tmp_path / "items.json"
    path.write_text(json.dumps([ITEM, HOSTILE]), encoding="utf-8")
    bib = rnnbib.read(path)
    bibtex = bib.to_string("bibtex")
    assert r"\textit{Escherichia coli}" in bibtex and r"\textsubscript{2}" in bibtex
    assert r"\textsuperscript{3}" in bibtex
    assert r"\textit{Escherichia coli}" in bib.to_string("biblatex")
    ris = bib.to_string("ris")
    assert f"TI  - {TITLE}" in ris


@pytest.mark.latex
def test_bibtex_with_rich_text_compiles(tmp_path: Any) -> None:
    require_tools("pdflatex", "bibtex")
    path = tmp_path / "items.json"
    path.write_text(json.dumps([ITEM]), encoding="utf-8")
    works = rnnbib.read(path).works
    run = compile_bibtex(write_bibtex(works, WriteOptions()), "plainnat")
    print(run.summary())
    assert run.errors == 0 and run.missing_chars == []
    if run.text:
        assert "Escherichia coli" in " ".join(run.text.split())
    assert write_biblatex(works, WriteOptions())
