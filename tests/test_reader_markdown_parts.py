"""Helpers of the Markdown reader: labels, venue hints, author names, block lines, shapes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rnnbib.readers.markdown import read_markdown
from rnnbib.readers.md_ast import parse_blocks, pieces
from rnnbib.readers.md_hints import venue_hint, year_of
from rnnbib.readers.md_labels import canonical_label, link_role, split_label, url_role
from rnnbib.readers.md_names import parse_authors
from rnnbib.readers.md_shapes import detect_shape, is_tag_text

# Label misspellings seen in real reading lists, with the label each means.
TYPOS = [
    ("gihtub", "github"), ("arixv", "arxiv"), ("gtihub", "github"), ("homapage", "homepage"),
    ("bitbuckt", "bitbucket"), ("inro", "intro"), ("arixiv", "arxiv"), ("arcxiv", "arxiv"),
    ("homrepage", "homepage"), ("intr", "intro"), ("sliedes", "slides"), ("inrtro", "intro"),
    ("sldies", "slides"), ("homepge", "homepage"), ("intri", "intro"), ("webiste", "website"),
    ("keykwords", "keywords"), ("ariv", "arxiv"), ("githb", "github"), ("arxov", "arxiv"),
    ("iintro", "intro"), ("hmepage", "homepage"), ("keywrods", "keywords"), ("sildes", "slides"),
    ("keyworkds", "keywords"), ("atuhor", "author"), ("githun", "github"), ("arxxiv", "arxiv"),
    ("giihub", "github"), ("porject page", "project page"), ("gitub", "github"),
    ("preject page", "project page"), ("arxuv", "arxiv"), ("axrxiv", "arxiv"),
]


@pytest.mark.parametrize(("typo", "meant"), TYPOS)
def test_label_typos_are_corrected(typo: str, meant: str) -> None:
    assert canonical_label(typo)[0] == meant


@pytest.mark.parametrize(("label", "expected"), [
    ("page", ("page", "project")), ("post", ("post", "blog")), ("model", ("model", "code")),
    ("Keyword", ("keywords", "text")), ("Authors", ("author", "text")),
    ("projects", ("project page", "project")),
    ("Part II", ("part ii", "web")), ("resources", ("resources", "web")), ("zh", ("zh", "")),
    ("Dataset and Baseline Code", ("dataset and baseline code", "")),
])
def test_label_whitelist_and_unknown(label: str, expected: tuple[str, str]) -> None:
    assert canonical_label(label) == expected


@pytest.mark.parametrize(("text", "name", "qualifier", "rest"), [
    ("github(Tensorflow): ", "github", "Tensorflow", " "),
    ("blog(zh)：", "blog", "zh", ""),
    ('notes("Deep Learning for Beginners"): ', "notes", "Deep Learning for Beginners", " "),
    ("Part 3(Understanding the Backpropagation Through Time (BPTT) algorithm): ", "part 3",
     "Understanding the Backpropagation Through Time (BPTT) algorithm", " "),
    ("gtihub(official, PyTorch): x", "github", "official, PyTorch", " x"),
    ("-arxiv: ", "arxiv", "", " "),
    ("intro: ICLR 2016: oral", "intro", "", " ICLR 2016: oral"),
])
def test_split_label(text: str, name: str, qualifier: str, rest: str) -> None:
    split = split_label(text)
    assert split is not None
    label, value = split
    assert (label.name, label.qualifier, value) == (name, qualifier, rest)


@pytest.mark.parametrize("text", ["no colon here", "This is a long sentence that happens to end: here",
                                  "see [the paper](x): now", ""])
def test_split_label_rejects_prose(text: str) -> None:
    assert split_label(text) is None


@pytest.mark.parametrize(("url", "role"), [
    ("https://github.com/a/b", "code"), ("https://gist.github.com/a/1", "code"),
    ("https://gitlab.com/a/b", "code"), ("https://www.youtube.com/watch?v=1", "video"),
    ("https://youtu.be/x", "video"), ("https://www.slideshare.net/x", "slides"),
    ("http://x.org/talk.pptx", "slides"), ("https://medium.com/@a/b", "blog"),
    ("http://t-satoshi.blogspot.jp/2015/x.html", "blog"), ("http://x.edu/paper.pdf", "paper"),
    ("http://karpathy.github.io/2015/x/", "web"), ("https://pan.baidu.com/s/1", "web"),
])
def test_url_role(url: str, role: str) -> None:
    assert url_role(url) == role


def test_link_role_settles_label_against_target() -> None:
    arxiv_label = split_label("arxiv: ")
    github_label = split_label("github: ")
    slides_label = split_label("slides: ")
    assert arxiv_label and github_label and slides_label
    assert link_role(arxiv_label[0], "code", False) == "code"  # arxiv: -> github.com
    assert link_role(arxiv_label[0], "web", False) == "web"  # arxiv: -> some project page
    assert link_role(github_label[0], "web", True) == "paper"  # github: -> arxiv.org
    assert link_role(slides_label[0], "paper", False) == "slides"  # slides: -> a .pdf
    assert link_role(None, "video", False) == "video"


@pytest.mark.parametrize(("text", "expected"), [
    ("Google DeepMind. ICLR 2016 Best Paper", "ICLR 2016"),
    ("Selected for an oral presentation at NIPS, 2016. University of Zurich", "NIPS 2016"),
    ("EMNLP 2015. Facebook AI Research", "EMNLP 2015"), ("Nature 2016", "Nature 2016"),
    ("ICML 2015", "ICML 2015"), ("ECCV2016 2nd Workshop", "ECCV 2016"), ("AAAI-17 Student", "AAAI 2017"),
    ("IEEE Transactions on Image Processing (TIP), 2016", "TIP 2016"), ("arXiv 2015", "arXiv 2015"),
    ("SIGGRAPH Asia 2014. CUHK", "SIGGRAPH Asia 2014"),
])
def test_venue_hints(text: str, expected: str) -> None:
    assert str(venue_hint(text)) == expected


@pytest.mark.parametrize("text", ["Google Brain", "Winner of MSCOCO image captioning challenge, 2015",
                                  "UC Berkeley & UCLA & Google", "NACL 2016", "TPAMI"])
def test_no_venue_hint(text: str) -> None:
    assert venue_hint(text) is None


def test_hint_venue_type_and_year_of() -> None:
    hint = venue_hint("Nature 2016")
    assert hint is not None and hint.venue_type == "journal"
    assert year_of("Nature 521.7553 (2015): 436-444.") == 2015
    assert year_of("arXiv preprint arXiv:2012.04268 (2020).") == 2020
    assert year_of("AI Open 2020.") == 2020
    assert year_of("no year") is None


@pytest.mark.parametrize(("text", "families", "et_al"), [
    ("Razvan Pascanu, Tomas Mikolov, Yoshua Bengio", ["Pascanu", "Mikolov", "Bengio"], False),
    ("Derek Hoiem, Yodsawalai Chodpathumwan, and Qieyun Dai", ["Hoiem", "Chodpathumwan", "Dai"], False),
    ("G. Hinton et al.", ["Hinton"], True),
    ("M. Zeiler and R. Fergus", ["Zeiler", "Fergus"], False),
    ("Bengio, Yoshua, Ian J. Goodfellow, and Aaron Courville.", ["Bengio", "Goodfellow", "Courville"], False),
    ("Ulyanov, Dmitry and Lebedev, Vadim, et al.", ["Ulyanov", "Lebedev"], True),
    ("Wu, Schuster, Chen, Le, et al.", ["Wu", "Schuster", "Chen", "Le"], True),
    ("A & B Cole", ["A", "Cole"], False),
])
def test_authors(text: str, families: list[str], et_al: bool) -> None:
    names, got_et_al = parse_authors(text)
    assert [n["family"] for n in names] == families
    assert got_et_al is et_al


def test_name_parts() -> None:
    names, _ = parse_authors("Aaron van den Oord, Martin Luther King Jr., Hinton, Geoffrey E.")
    assert names[0] == {"family": "Oord", "given": "Aaron", "non-dropping-particle": "van den"}
    assert names[1] == {"family": "King", "given": "Martin Luther", "suffix": "Jr."}
    first, _ = parse_authors("Hinton, Geoffrey E., et al.")
    assert first == [{"family": "Hinton", "given": "Geoffrey E."}]
    oord, _ = parse_authors("Oord, Aaron van den, Nal Kalchbrenner")
    assert oord[0] == {"family": "Oord", "given": "Aaron", "non-dropping-particle": "van den"}


def test_block_lines_are_located() -> None:
    text = ("# H\n\nintro para\n\n- item one\n  continued\n- item two\n  - nested item\n\n"
            "| a | b |\n|---|---|\n| x | y |\n| x | z |\n\n> quoted\n\n```\n**fenced**\n```\n\n**after**\n")
    tokens = [t for t in parse_blocks(text) if t["type"] != "blank_line"]
    kinds = [(t["type"], t.get("_line")) for t in tokens]
    assert kinds == [("heading", 1), ("paragraph", 3), ("list", 5), ("table", 10), ("block_quote", 15),
                     ("block_code", 17), ("paragraph", 21)]
    items = tokens[2]["children"]
    assert [i["_line"] for i in items] == [5, 7]
    nested = items[1]["children"][1]["children"][0]
    assert nested["_line"] == 8
    rows = tokens[3]["children"][1]["children"]
    assert [r["_line"] for r in rows] == [12, 13]  # identical first cells: the search moves forward


def test_fenced_code_starts_at_its_fence() -> None:
    (_, _, code) = parse_blocks("x\n\n```\n\nfoo\n```\n")[:3]
    assert (code["type"], code["_line"]) == ("block_code", 3)


def test_repeated_lines_map_to_their_own_occurrence() -> None:
    text = "**Same**\n\n[http://a.org](http://a.org)\n\n**Same**\n\n[http://a.org](http://a.org)\n"
    lines = [t["_line"] for t in parse_blocks(text) if t["type"] == "paragraph"]
    assert lines == [1, 3, 5, 7]


def test_inline_pieces_read_html_links_and_images() -> None:
    (para,) = [t for t in parse_blocks('see <a href="https://x.org/a?b=1&amp;c=2">the <b>page</b></a> '
                                       '<img src="/i.png" alt="pic"> [![b](https://img/b.svg)](https://y.org)\n')]
    items = [p for p in pieces(para["children"]) if p.kind != "text" or p.text.strip()]
    assert [(p.kind, p.text, p.url) for p in items][1:3] == [("link", "the page", "https://x.org/a?b=1&c=2"),
                                                            ("image", "pic", "/i.png")]
    assert items[-1].kind == "link" and items[-1].image_link


def test_tag_texts() -> None:
    for tag in ("pdf", "[Paper]", "Code", "Paper-arXiv", "Supplementary", "html", "Tweet"):
        assert is_tag_text(tag), tag
    for title in ("Deep Learning", "TinyZero", "Neural Turing Machines"):
        assert not is_tag_text(title), title


def test_shape_without_links_is_none_unless_asked() -> None:
    (para,) = parse_blocks("Plain words with no link at all\n")
    assert detect_shape(pieces(para["children"]), []) is None


_MD_ALPHABET = "ab *_[]()!<>#-:|`\n\t1.)h/ttps\"'（：{}"


@given(st.text(alphabet=_MD_ALPHABET, max_size=300))
@settings(max_examples=300, deadline=None)
def test_reader_never_raises(text: str) -> None:
    result = read_markdown(text, "fuzz.md")
    for work in result.works:
        assert work.source is not None and work.title
