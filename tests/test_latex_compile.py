"""The .bib output in the real programs: pdflatex + bibtex (natbib) and pdflatex + biblatex + biber.

Skipped when pdflatex/bibtex/biber are missing; failing instead under RNNBIB_REQUIRE_CLIENTS=1.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from latexutil import compile_biblatex, compile_bibtex, hostile_works, require_tools

from rnnbib.latex import escape_latex
from rnnbib.latex_table import SAFE_RANGES
from rnnbib.model import Work
from rnnbib.writers import WriteOptions
from rnnbib.writers.bibtex import write_biblatex, write_bibtex

pytestmark = pytest.mark.latex
OPTIONS = WriteOptions()


@pytest.fixture(autouse=True)
def _tools() -> None:
    require_tools("pdflatex", "bibtex", "biber")


def flat(text: str) -> str:
    """PDF text with page numbers (a number alone before a form feed) dropped, line breaks and
    hyphenation undone, spaces collapsed."""
    text = re.sub(r"\n\s*\d+\s*\n*\f", "\n", text)
    return re.sub(r"\s+", " ", re.sub(r"-\n\s*", "", text))


@pytest.mark.parametrize("style", ["plainnat", "abbrvnat"])
def test_bibtex_flavour_under_natbib(style: str) -> None:
    works = hostile_works()
    run = compile_bibtex(write_bibtex(works, OPTIONS), style)
    print(run.summary())
    assert run.errors == 0
    assert run.tool_warnings == []
    assert run.undefined == [] and run.missing_chars == []
    if run.text:
        text = flat(run.text)
        # acronyms keep their case under the sentence-case title of natbib styles
        assert "LSTM and GRU: Training RNNs with TensorFlow on ImageNet" in text
        assert "Recurrent models of visual attention" in text
        assert "100% of $5 for #1 a_b ~ x^2 \\ back" in text
        assert "@misc{evil, title={injected}} and % a comment" in text
        assert "Unbalanced {brace and } closing } more } and { open" in text
        # ` and ' print as single quote glyphs, but no pair is joined into “ ” – — ¡ ¿ « »
        assert "Quotes ‘‘double’’ and ’single’ -- dashes --- and !‘ ?‘ << >>" in text
        if style == "abbrvnat":
            assert "V. van Gogh, Ł. Kaiser, Ç. Søndergaard, É. Müller" in text
        else:
            assert "Vincent van Gogh, Łukasz Kaiser, Çelik Søndergaard, Émile Müller" in text


def test_biblatex_flavour_under_biber_validates_cleanly() -> None:
    run = compile_biblatex(write_biblatex(hostile_works(), OPTIONS))
    print(run.summary())
    assert run.errors == 0
    assert run.tool_warnings == []  # biber --validate-datamodel: no unknown or missing fields
    assert run.undefined == [] and run.missing_chars == []
    if run.text:
        text = flat(run.text)
        assert "LSTM and GRU: Training RNNs with TensorFlow on ImageNet" in text
        assert "Vincent van Gogh et al." in text  # numeric: more than three names give et al.
        assert "Journal of {Odd} & 50% Things" in text
        assert "arXiv: 1406.6247 [cs.LG]" in text


def test_bibtex_flavour_also_works_with_biber() -> None:
    run = compile_biblatex(write_bibtex(hostile_works(), OPTIONS))
    print(run.summary())
    assert run.errors == 0


def test_every_encoded_character_compiles_in_both_styles() -> None:
    chars = [chr(cp) for start, end in SAFE_RANGES for cp in range(start, end + 1)]
    # Latin letters with (stacked) accents that go through the accent decomposition
    chars += [c for c in map(chr, range(0x1E00, 0x1F00)) if escape_latex(c).isascii()]
    chars += [c for c in map(chr, range(0x00C0, 0x0250)) if escape_latex(c).isascii()]
    chars = [c for c in dict.fromkeys(chars) if escape_latex(f"x{c}x").isascii()]
    assert len(chars) > 800
    works = [
        Work(key=f"chars{n}", csl={"type": "book", "title": " ".join(chars[n:n + 60]),
                                   "author": [{"family": "Test", "given": chars[n] + "x"}],
                                   "publisher": "P", "issued": {"date-parts": [[2000]]}})
        for n in range(0, len(chars), 60)
    ]
    for style in ("plainnat", "abbrvnat"):
        run = compile_bibtex(write_bibtex(works, OPTIONS), style)
        assert run.errors == 0, run.summary()


def test_characters_without_latex_form_are_reported_by_pdflatex() -> None:
    # Documented limitation: CJK and Vietnamese horn letters stay UTF-8; pdflatex cannot set them.
    work = Work(key="cjk", csl={"type": "book", "title": "王小明 ư", "publisher": "P",
                                "author": [{"family": "Nguyễn"}], "issued": {"date-parts": [[2000]]}})
    run = compile_bibtex(write_bibtex([work], OPTIONS), "plainnat")
    assert run.undefined == []
    assert run.latex_errors and all("Unicode character" in e for e in run.latex_errors)
    named = {unicodedata.name(c) for e in run.latex_errors for c in re.findall(r"character (.) \(U\+", e)}
    assert named <= {unicodedata.name(c) for c in "王小明ư"}
