"""The Markdown reading-list reader: seed acceptance, entry shapes, link quirks, corpus sweep."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from rnnbib.fileio import decode_text
from rnnbib.model import Work
from rnnbib.readers import ReadResult
from rnnbib.readers.markdown import clean_link, read_markdown

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "markdown"
SEED = ROOT / "examples" / "rnn-and-lstm.md"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = sorted((SHARED / "corpus").glob("*/*.md")) if (SHARED / "corpus").is_dir() else []


def _read(path: Path) -> ReadResult:
    return read_markdown(decode_text(path.read_bytes(), path.name), path.name)


@pytest.fixture(scope="module")
def seed() -> ReadResult:
    return _read(SEED)


@pytest.fixture(scope="module")
def handong() -> ReadResult:
    return _read(DATA / "handong-style.md")


@pytest.fixture(scope="module")
def awesome() -> ReadResult:
    return _read(DATA / "awesome-shapes.md")


def _by_title(result: ReadResult, title: str) -> Work:
    found = [w for w in result.works if w.title == title]
    assert len(found) == 1, f"{title!r}: {len(found)} works"
    return found[0]


def _arxiv(work: Work) -> str | None:
    ident = work.first_id("arxiv")
    return ident.value if ident else None


# -- the seed (the user's own list) ---------------------------------------------------------------

def test_seed_every_bold_title_is_a_work_or_a_reported_skip(seed: ReadResult) -> None:
    text = SEED.read_text(encoding="utf-8")
    bold_titles = re.findall(r"(?m)^\*\*[^*\n]+\*\*[ \t]*$", text)
    assert len(bold_titles) == 168
    skips = [p for p in seed.problems if p.kind == "skip"]
    assert len(seed.works) + len(skips) == len(bold_titles)
    assert [str(p.location) for p in skips] == ["rnn-and-lstm.md:778"]


def test_seed_each_arxiv_id_is_in_exactly_one_work(seed: ReadResult) -> None:
    text = SEED.read_text(encoding="utf-8")
    expected = set(re.findall(r"arxiv\.org/abs/(\d{4}\.\d{4,5})", text))
    assert len(expected) == 71
    counts = Counter(_arxiv(w) for w in seed.works if _arxiv(w))
    assert set(counts) == expected
    # The two "Recurrent Model(s) of Visual Attention" entries are one paper; merging joins them later.
    assert {i: n for i, n in counts.items() if n != 1} == {"1406.6247": 2}


def test_seed_keeps_every_github_link(seed: ReadResult) -> None:
    text = SEED.read_text(encoding="utf-8")
    linked = {re.sub(r"github\.com//+", "github.com/", u)
              for u in re.findall(r"\]\((https?://(?:gist\.)?github\.com/[^)\s]+)\)", text)}
    kept = {link.url for w in seed.works for link in w.links}
    assert linked and linked <= kept


def test_seed_source_lines_point_at_the_titles(seed: ReadResult) -> None:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    for work in seed.works:
        assert work.source is not None
        assert lines[work.source.line - 1] == f"**{work.list_title}**"


def test_seed_front_matter_and_sections(seed: ReadResult) -> None:
    assert seed.meta["title"] == "RNN and LSTM"
    assert seed.meta["date"] == "2015-10-09"
    work = _by_title(seed, "Using the RNN API in TensorFlow (2/7)")
    assert work.sections == [("Tutorials", "How to build a Recurrent Neural Network in TensorFlow")]
    assert _by_title(seed, "Learning to Execute").sections == [("Learn To Execute Programs",)]
    # "1) Plain Tanh Recurrent Nerual Networks" has no link: not a work.
    assert not [w for w in seed.works if "Plain Tanh" in w.title]


def test_seed_arxiv_paper(seed: ReadResult) -> None:
    work = _by_title(seed, "On the difficulty of training Recurrent Neural Networks")
    assert work.type == "article"
    assert work.csl["number"] == "arXiv:1211.5063"
    assert work.csl["publisher"] == "arXiv"
    assert work.csl["URL"] == "https://arxiv.org/abs/1211.5063"
    assert work.csl["issued"] == {"date-parts": [[2012, 11]]}
    assert work.csl["author"] == [{"family": "Pascanu", "given": "Razvan"},
                                  {"family": "Mikolov", "given": "Tomas"},
                                  {"family": "Bengio", "given": "Yoshua"}]
    assert [(link.role, link.label) for link in work.links] == [("paper", "arxiv"), ("video", "video talks")]
    assert work.provenance["title"] == work.provenance["URL"] == "list"
    assert work.status == "offline"


def test_seed_intro_hint_and_note(seed: ReadResult) -> None:
    work = _by_title(seed, "Sequence Level Training with Recurrent Neural Networks")
    assert work.notes == ["intro: ICLR 2016"]
    assert work.extra["venue_hint"] == "ICLR 2016"
    phased = _by_title(
        seed, "Phased LSTM: Accelerating Recurrent Network Training for Long or Event-based Sequences")
    assert phased.extra["venue_hint"] == "NIPS 2016"


def test_seed_label_typo_thesis(seed: ReadResult) -> None:
    work = _by_title(seed, "Training Recurrent Neural Networks (PhD thesis)")
    assert work.type == "thesis"
    assert work.csl["author"] == [{"family": "Sutskever", "given": "Ilya"}]  # from `atuhor:`


def test_seed_link_targets_decide(seed: ReadResult) -> None:
    npi = _by_title(seed, "Neural Programmer-Interpreters")
    project = [link for link in npi.links if link.role == "project"]
    assert [link.url for link in project] == ["http://www-personal.umich.edu/~reedscot/iclr_project.html"]
    dglstm = _by_title(seed, "Depth-Gated LSTM")
    dglstm_links = [(x.role, x.url) for x in dglstm.links]
    assert ("code", "https://github.com/kaishengyao/cnn/tree/master/cnn") in dglstm_links
    rrn = _by_title(seed, "Recurrent Relational Networks for Complex Relational Reasoning")
    assert "https://github.com/rasmusbergpalm/recurrent-relational-networks" in [x.url for x in rrn.links]
    assert rrn.first_id("github") is not None


def test_seed_lazy_continuation_lines(seed: ReadResult) -> None:
    dilated = _by_title(seed, "Dilated Recurrent Neural Networks")
    dilated_links = [(x.role, x.url) for x in dilated.links]
    assert ("code", "https://github.com/zalandoresearch/pt-dilate-rnn") in dilated_links
    assert dilated.keywords == ["DilatedRNN"]
    dnc = _by_title(seed, "Hybrid computing using a neural network with dynamic external memory")
    assert dnc.keywords == ["Differentiable Neural Computer (DNC)"]
    assert dnc.type == "article-journal"
    assert dnc.csl["DOI"] == "10.1038/nature20101"
    assert dnc.csl["issued"] == {"date-parts": [[2016]]}  # from "intro: Nature 2016"


def test_seed_non_paper_types(seed: ReadResult) -> None:
    assert _by_title(seed, "Understanding LSTM Networks").type == "post-weblog"
    assert _by_title(seed, "A Beginner’s Guide to Recurrent Networks and LSTMs").type == "webpage"
    video = _by_title(seed, "Build a Neural Network (LIVE)")
    assert (video.type, video.csl["genre"]) == ("motion_picture", "Video")
    software = _by_title(seed, "torch-rnn: Efficient, reusable RNNs and LSTMs for torch")
    assert software.type == "software"
    assert software.csl["URL"] == "https://github.com/jcjohnson/torch-rnn"
    tutorial = _by_title(seed, "Recurrent Neural Networks Tutorial")
    assert [x.role for x in tutorial.links] == ["web"] * 4
    assert tutorial.links[0].label == "Part 1(Introduction to RNNs)"


def test_seed_proceedings_and_openreview(seed: ReadResult) -> None:
    pmlr = _by_title(seed, "An Empirical Exploration of Recurrent Network Architectures")
    assert pmlr.type == "paper-conference"
    assert str(pmlr.identifiers[0]) == "pmlr:v37/jozefowicz15"
    assert pmlr.csl["issued"] == {"date-parts": [[2015]]}
    rl = _by_title(seed, "Tuning Recurrent Neural Networks with Reinforcement Learning (RL Tuner)")
    assert rl.first_id("openreview") is not None
    assert rl.csl["URL"] == "http://openreview.net/pdf?id=BJ8fyHceg"


def test_crlf_and_bom_give_the_same_works() -> None:
    raw = SEED.read_bytes().replace(b"\r\n", b"\n")
    lf = read_markdown(decode_text(raw, "l.md"), "l.md")
    crlf = read_markdown(decode_text(b"\xef\xbb\xbf" + raw.replace(b"\n", b"\r\n"), "l.md"), "l.md")

    def summary(result: ReadResult) -> list[object]:
        return [(w.to_csl(), w.sources, w.links, w.identifiers, w.sections) for w in result.works]

    assert summary(lf) == summary(crlf)
    assert lf.meta == crlf.meta
    assert [str(p) for p in lf.problems] == [str(p) for p in crlf.problems]


# -- label-bullet quirks ------------------------------------------------------------------------------

def test_everything_entry(handong: ReadResult) -> None:
    work = _by_title(handong, "A Paper With Everything")
    assert work.source is not None and work.source.line == 13
    assert work.sections == [("Basics",)]
    assert work.csl["author"][2] == {"family": "Turing", "given": "Alan M."}
    assert work.keywords == ["memory", "attention (soft, hard)"]
    assert work.extra["venue_hint"] == "ICLR 2016"
    assert work.extra["version"] == "v2"
    assert work.csl["number"] == "arXiv:1511.06279"  # unversioned
    roles = {link.label: (link.role, link.url) for link in work.links}
    assert roles["arixv"] == ("paper", "http://arxiv.org/abs/1511.06279v2")
    assert roles["gihtub(Tensorflow)"] == ("code", "https://github.com/someone/npi")
    assert roles["project page"] == ("project", "http://www-personal.umich.edu/~x/p.html")
    assert roles["blog(zh)"][0] == "blog"  # full-width colon
    assert roles["sldies"][0] == "slides"
    assert roles["Part 1(Introduction)"][0] == "web"
    assert roles["youtube"][0] == "video"
    assert str(work.first_id("github")) == "github:someone/npi"


def test_titles_with_and_without_bodies(handong: ReadResult) -> None:
    skips = [p for p in handong.problems if p.kind == "skip"]
    assert len(skips) == 2 and "Title With Nothing After It" in skips[0].message
    assert skips[0].location is not None and skips[0].location.line == 40
    kept = _by_title(handong, "Title Followed By Text Only")
    assert kept.links == [] and kept.type == "document"
    assert kept.notes == ["intro: NIPS 2016 workshop on something"]  # `inro:` typo
    assert kept.csl["issued"] == {"date-parts": [[2016]]}
    lone = _by_title(handong, "Lone Link Entry")
    assert (lone.type, lone.csl["URL"]) == ("webpage", "http://colah.github.io/posts/lstm/")
    assert lone.sections == [("Basics", "Nested Section")]
    image = _by_title(handong, "Image Then Bullets")
    assert image.type == "software" and image.csl["URL"] == "https://github.com/owner/repo"
    assert [x.url for x in image.links] == ["https://github.com/owner/repo/blob/master/README.md"]


def test_label_disagreeing_with_target(handong: ReadResult) -> None:
    work = _by_title(handong, "Arxiv Label Pointing To GitHub")
    assert [(x.role, x.label) for x in work.links] == [("code", "arxiv")]
    assert work.type == "software" and work.first_id("arxiv") is None


def test_malformed_links(handong: ReadResult) -> None:
    curly = _by_title(handong, "Curly Brace Link")
    assert _arxiv(curly) == "1904.06373"
    assert "https://github.com/a/glued" in [x.url for x in curly.links]  # glued URL cut, ` -github:` line
    typo = _by_title(handong, "Scheme Typo And Missing Scheme")
    assert _arxiv(typo) == "1707.05414"
    assert "http://www.aaai.org/ocs/paper/8137" in [x.url for x in typo.links]


def test_several_arxiv_ids_keep_the_first(handong: ReadResult) -> None:
    work = _by_title(handong, "Two Papers In One Entry")
    assert [str(i) for i in work.ids("arxiv")] == ["arxiv:1602.01234"]
    assert work.extra["other_arxiv"] == ["1703.05678"]
    assert len(work.links) == 2
    assert any("several arXiv" in p.message for p in work.problems)


def test_old_style_id_and_html_link(handong: ReadResult) -> None:
    work = _by_title(handong, "Old Style Identifier")
    assert str(work.identifiers[0]) == "arxiv:hep-th/9901001v3"
    assert work.csl["issued"] == {"date-parts": [[1999, 1]]}
    assert ("web", "https://example.org/summary") in [(x.role, x.url) for x in work.links]


def test_types_from_labels_and_hints(handong: ReadResult) -> None:
    assert _by_title(handong, "A Thesis").type == "thesis"
    proc = _by_title(handong, "Proceedings Paper")
    assert (proc.type, proc.csl.get("container-title")) == ("paper-conference", "ICML")
    journal = _by_title(handong, "Journal Paper")
    assert journal.csl["DOI"] == "10.1038/nature20101"
    slides = _by_title(handong, "Slides Only")
    assert (slides.type, slides.csl["genre"]) == ("speech", "Slides")


def test_bold_lines_inside_one_paragraph(handong: ReadResult) -> None:
    glued = _by_title(handong, "Title Glued To Its Link")
    assert glued.source is not None and glued.source.line == 96
    assert [x.url for x in glued.links] == ["http://example.org/glued"]
    real = _by_title(handong, "The Real Title Line")
    assert real.source is not None and real.source.line == 99 and _arxiv(real) == "1602.05678"
    skipped = [p for p in handong.problems if "An Alternative Title Line" in p.message]
    assert [(p.kind, p.location.line if p.location else 0) for p in skipped] == [("skip", 98)]


def test_label_bullets_without_a_title_take_the_heading(handong: ReadResult) -> None:
    work = _by_title(handong, "Bullets Without A Title")
    assert work.sections == [("Tight Layout", "Bullets Without A Title")]
    assert [x.role for x in work.links] == ["blog", "code"]
    assert any(p.kind == "warning" and "without a bold title" in p.message for p in handong.problems)


def test_numbered_lines_without_links_are_not_works(handong: ReadResult) -> None:
    assert not [w for w in handong.works if "Tanh" in w.title or "GRU" in w.title]
    assert handong.meta == {"layout": "post", "title": "Quirks of a label-bullet reading list",
                            "date": "2016-03-01"}


# -- awesome-list shapes ---------------------------------------------------------------------------------

def test_awesome_document_title_and_navigation(awesome: ReadResult) -> None:
    assert awesome.meta == {"title": "Awesome Example Papers"}
    titles = [w.title for w in awesome.works]
    for junk in ("Papers", "Tools", "Share on Twitter", "Some One", "Code Block Title"):
        assert junk not in titles
    assert not any(w.sections and w.sections[0][0] == "Awesome Example Papers" for w in awesome.works)


def test_bold_title_year_authors(awesome: ReadResult) -> None:
    work = _by_title(awesome, "Distilling the knowledge in a neural network")
    assert work.csl["author"] == [{"family": "Hinton", "given": "G."}]
    assert work.extra["authors_incomplete"] is True
    assert work.sections == [("Papers", "Bold Titles")]
    two = _by_title(awesome, "Visualizing and understanding convolutional networks")
    assert [a["family"] for a in two.csl["author"]] == ["Zeiler", "Fergus"]


def test_ordered_bold_title_with_author_line(awesome: ReadResult) -> None:
    work = _by_title(awesome, "Graph Neural Networks: A Review of Methods and Applications")
    assert work.csl["DOI"] == "10.1016/j.aiopen.2021.01.001"
    assert [a["family"] for a in work.csl["author"]] == ["Zhou", "Cui", "Liu"]
    assert work.csl["issued"] == {"date-parts": [[2020]]}
    assert work.extra["venue_hint"] == "AI Open 2020"


def test_numbered_reference_shape(awesome: ReadResult) -> None:
    alexnet = _by_title(awesome, "Imagenet classification with deep convolutional neural networks")
    assert [a["family"] for a in alexnet.csl["author"]] == ["Krizhevsky", "Sutskever", "Hinton"]
    assert alexnet.csl["issued"] == {"date-parts": [[2012]]}
    assert alexnet.first_id("neurips") is not None
    rfcn = _by_title(awesome, "R-FCN: Object Detection via Region-based Fully Convolutional Networks")
    assert rfcn.source is not None and rfcn.source.line == 26
    assert _arxiv(rfcn) == "1605.06409"


def test_dated_bold_title(awesome: ReadResult) -> None:
    work = _by_title(awesome, "A Dated Biology Paper")
    assert work.csl["issued"] == {"date-parts": [[2019, 5]]}
    assert [(x.role, x.label) for x in work.links] == [("paper", "Paper"), ("code", "Code")]


def test_italic_title_and_nested_details(awesome: ReadResult) -> None:
    ntm = _by_title(awesome, "Neural Turing Machines")
    assert [a["family"] for a in ntm.csl["author"]] == ["Graves", "Wayne", "Danihelka"]
    assert {x.role for x in ntm.links} == {"paper", "code"}
    seq = _by_title(awesome, "Sequence to Sequence Learning with Neural Networks")
    assert _arxiv(seq) == "1409.3215"  # from the nested `arXiv:1409.3215` text
    assert seq.notes == ["Google"]
    assert seq.extra["venue_hint"] == "NIPS 2014"


def test_link_title_shapes(awesome: ReadResult) -> None:
    tiny = _by_title(awesome, "TinyZero")
    assert tiny.type == "software"
    assert tiny.notes == ["description: Clean, minimal reproduction of a model"]
    book = _by_title(awesome, "Deep Learning")
    assert [a["family"] for a in book.csl["author"]] == ["Bengio", "Goodfellow", "Courville"]
    lead = _by_title(awesome, "Microsoft (PReLu/Weight Initialization)")
    assert _arxiv(lead) == "1502.01852"


def test_table_rows(awesome: ReadResult) -> None:
    attention = _by_title(awesome, "Attention Is All You Need")
    assert attention.source is not None and attention.source.line == 49
    assert [(x.role, x.label) for x in attention.links] == [("paper", "Paper"), ("web", "Tweet")]
    assert _by_title(awesome, "Another Titled Paper").source.line == 50  # type: ignore[union-attr]
    assert len(awesome.works) == 13


# -- small pieces ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("url", "text", "expected"), [
    ("https://github.com//owner/repo", "", "https://github.com/owner/repo"),
    ("#section", "", None),
    ("/assets/x.png", "", None),
    ("Multi-Source Neural Translation", "Multi-Source Neural Translation", None),
    ("www.aaai.org/ocs/x", "", "http://www.aaai.org/ocs/x"),
    ("research.google.com/pubs/archive/41104.pdf", "", "http://research.google.com/pubs/archive/41104.pdf"),
    ("hmttps://arxiv.org/abs/1707.05414", "https://arxiv.org/abs/1707.05414", "https://arxiv.org/abs/1707.05414"),
    ("https://github.com/a/bhttps://github.com/a/b", "", "https://github.com/a/b"),
    ("https://github.com/karpathy/neuraltalk%EF%BB%BF", "", "https://github.com/karpathy/neuraltalk"),
    ("http://arxiv.org/pdf/1112.6209.pdf&embed", "", "http://arxiv.org/pdf/1112.6209.pdf"),
])
def test_clean_link(url: str, text: str, expected: str | None) -> None:
    assert clean_link(url, text) == expected


def test_broken_front_matter_is_reported_not_fatal() -> None:
    text = "---\ntitle: [unclosed\n---\n\n**A Title**\n\n- arxiv: [x](https://arxiv.org/abs/1406.6247)\n"
    result = read_markdown(text, "broken.md")
    assert [p.kind for p in result.problems] == ["error"]
    assert str(result.problems[0].location).startswith("broken.md:")
    assert [(w.title, w.source.line if w.source else 0) for w in result.works] == [("A Title", 5)]


def test_front_matter_keeps_line_numbers() -> None:
    text = "---\ntitle: T\n---\n# H\n\n**Entry**\n\n[https://a.org/x](https://a.org/x)\n"
    result = read_markdown(text, "f.md")
    assert result.meta == {"title": "T"}
    assert result.works[0].source is not None and result.works[0].source.line == 6
    assert result.works[0].sections == [("H",)]


# -- the corpus -------------------------------------------------------------------------------------------

_ARXIV_LINK = re.compile(
    r"(?i)arxiv\.org/+(?:abs|pdf|html|format)/+(?P<id>\d{4}\.\d{4,5}|[a-z\-]+(?:\.[a-z]{2})?/\d{7})(?!\d)")
_ARXIV_TEXT = re.compile(r"(?i)(?<![\w/.])arxiv:\s*(?P<id>\d{4}\.\d{4,5})(?!\d)")


def _valid_new_style(arxiv_id: str) -> bool:
    if "/" in arxiv_id:
        return True
    yymm, number = arxiv_id.split(".")
    if not 1 <= int(yymm[2:]) <= 12 or yymm < "0704":
        return False
    return len(number) == (4 if yymm <= "1412" else 5)


def _independent_arxiv_ids(text: str) -> set[str]:
    """arXiv ids linked (abs/pdf/html/format URLs) or cited as `arXiv:ID`, outside fenced code."""
    found: set[str] = set()
    fenced = False
    for line in text.split("\n"):
        if line.strip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced:
            continue
        for pattern in (_ARXIV_LINK, _ARXIV_TEXT):
            for m in pattern.finditer(line):
                if _valid_new_style(m.group("id")):
                    found.add(re.sub(r"\.[A-Za-z]{2}/", "/", m.group("id")))
    return found


@pytest.mark.skipif(not CORPUS, reason="../shared/corpus is absent")
@pytest.mark.parametrize("path", [p for p in CORPUS if p.parent.name == "handong"], ids=lambda p: p.name)
def test_corpus_every_bold_title_line_is_a_work_or_a_skip(path: Path) -> None:
    result = _read(path)
    lines = path.read_text(encoding="utf-8").split("\n")
    bold = {i for i, line in enumerate(lines, 1) if re.fullmatch(r"\*\*[^*]+\*\*[ \t]*", line)}
    located = {w.source.line for w in result.works if w.source}
    located |= {p.location.line for p in result.problems if p.kind == "skip" and p.location}
    assert bold <= located
    assert len(bold) == len([w for w in result.works if w.source and w.source.line in bold]) + len(
        [p for p in result.problems if p.kind == "skip"])


@pytest.mark.skipif(not CORPUS, reason="../shared/corpus is absent")
@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_corpus_arxiv_ids_match_an_independent_count(path: Path) -> None:
    result = _read(path)
    found: set[str] = set()
    for work in result.works:
        found.update(i.value for i in work.ids("arxiv"))
        found.update(work.extra.get("other_arxiv", []))
        assert work.title and work.source is not None and work.source.line > 0
    assert found == _independent_arxiv_ids(path.read_text(encoding="utf-8"))


@pytest.mark.skipif(not CORPUS, reason="../shared/corpus is absent")
@pytest.mark.parametrize("path", [p for p in CORPUS if p.parent.name == "handong"], ids=lambda p: p.name)
def test_corpus_every_line_opening_bold_is_a_work_or_reported(path: Path) -> None:
    # Broken bold markup included (`**Title` never closed): its bullets must not join the entry above.
    result = _read(path)
    located = {w.source.line for w in result.works if w.source}
    located |= {p.location.line for p in result.problems if p.location}
    lines = path.read_text(encoding="utf-8").split("\n")
    assert not [(i, line) for i, line in enumerate(lines, 1) if line.startswith("**") and i not in located]
