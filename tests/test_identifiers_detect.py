"""rnnbib.identifiers.detect / detect_url, and the identifier modules over the shared reading-list corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rnnbib.identifiers import arxiv, detect, detect_url, doi, github
from rnnbib.model import Identifier

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = sorted((SHARED / "corpus").rglob("*.md")) if (SHARED / "corpus").is_dir() else []


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://doi.org/10.48550/arXiv.1406.6247", [Identifier("arxiv", "1406.6247")]),
        ("https://arxiv.org/abs/1406.6247v2", [Identifier("arxiv", "1406.6247", "v2")]),
        ("https://doi.org/10.1162/neco.1997.9.8.1735", [Identifier("doi", "10.1162/neco.1997.9.8.1735")]),
        ("https://github.com/karpathy/char-rnn", [Identifier("github", "karpathy/char-rnn")]),
        ("http://jmlr.org/proceedings/papers/v37/jozefowicz15.pdf", [Identifier("pmlr", "v37/jozefowicz15")]),
        ("https://openreview.net/forum?id=B1QRgziT-", [Identifier("openreview", "B1QRgziT-")]),
        ("http://colah.github.io/posts/2015-08-Understanding-LSTMs/", []),
        # an `arxiv:` bullet pointing to GitHub (seen in real lists): the URL decides
        ("https://github.com//vyraun/Megalodon", [Identifier("github", "vyraun/Megalodon")]),
        ("", []),
    ],
)
def test_detect_url(url: str, expected: list[Identifier]) -> None:
    assert detect_url(url) == expected
    assert detect(url) == expected


def test_detect_text() -> None:
    text = "ICLR 2016. arXiv:1511.06732, also doi:10.48550/arXiv.1511.06732 and DOI 10.1038/nature14539."
    assert detect(text) == [Identifier("arxiv", "1511.06732"), Identifier("doi", "10.1038/nature14539")]


# An independent count: arXiv abs/pdf links with a new-style id (no validation, no host variants).
_ARXIV_LINK = re.compile(r"https?://(?:www\.)?arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})(?![\d])")
_GITHUB_LINK = re.compile(r"https?://github\.com/+([A-Za-z0-9-]+)/([A-Za-z0-9_.-]+)")


@pytest.mark.skipif(not CORPUS, reason="../shared/corpus is absent")
@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_corpus(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    found = {i.value for i in arxiv.find_all(text)}
    linked = set(_ARXIV_LINK.findall(text))
    # every well-formed arXiv link is found; nothing is found that the text does not contain
    assert {i for i in linked if arxiv.is_valid(i)} <= found
    assert all(value in text for value in found)
    for m in _ARXIV_LINK.finditer(text):
        ident = arxiv.from_url(re.split(r"[\s)\]}]", text[m.start() : m.end() + 12])[0])
        if arxiv.is_valid(m.group(1)):
            assert ident is not None and ident.value == m.group(1)
    for m in _GITHUB_LINK.finditer(text):
        owner, repo = m.group(1), m.group(2).removesuffix(".git").rstrip(".")
        ident = github.from_url(m.group(0))
        if owner.lower() in github.RESERVED or not repo:
            assert ident is None or ident.kind == "github"
        else:
            assert ident is not None and ident.key == f"github:{owner}/{repo}".lower()
    # URLs that look like DOIs but are not safe DOI forms never give a DOI
    for ident in doi.find_all(text):
        assert not ident.value.startswith(("10.1.1.", "10.1145/3230000"))
