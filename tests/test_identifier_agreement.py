"""One table of identifier cases through every consumer of identifier syntax: they all agree.

Detection (:func:`rnnbib.identifiers.detect`), the identifier-list reader, the Markdown reader and
the online resolution planning must find the same identifiers for the same link or text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rnnbib.identifiers import detect
from rnnbib.model import Identifier, Work
from rnnbib.online import services
from rnnbib.online.config import ResolveConfig
from rnnbib.online.progress import Progress
from rnnbib.online.stage import Run
from rnnbib.readers.idlist import read_idlist
from rnnbib.readers.markdown import read_markdown

A = Identifier
CASES: list[tuple[str, list[Identifier]]] = [
    ("https://arxiv.org/abs/1406.6247v2", [A("arxiv", "1406.6247", "v2")]),
    ("https://arxiv.org/pdf/1406.6247.pdf", [A("arxiv", "1406.6247")]),
    ("http://export.arxiv.org/abs/hep-th/9901001", [A("arxiv", "hep-th/9901001")]),
    ("https://arxiv.org/abs/math.GT/0309136v1", [A("arxiv", "math/0309136", "v1")]),
    ("https://doi.org/10.48550/arXiv.1706.03762", [A("arxiv", "1706.03762")]),
    ("https://doi.org/10.1162/neco.1997.9.8.1735", [A("doi", "10.1162/neco.1997.9.8.1735")]),
    ("https://dl.acm.org/doi/10.1145/3065386", [A("doi", "10.1145/3065386")]),
    ("https://github.com/karpathy/char-rnn", [A("github", "karpathy/char-rnn")]),
    ("https://github.com/facebook/Stack-RNN.git", [A("github", "facebook/Stack-RNN")]),
    ("https://github.com/topics/rnn", []),  # GitHub's own page, not a repository
    ("https://karpathy.github.io/2015/05/21/rnn-effectiveness/", []),
    ("https://openreview.net/forum?id=B1QRgziT-", [A("openreview", "B1QRgziT-")]),
    ("arXiv:1406.6247", [A("arxiv", "1406.6247")]),
    ("arXiv:hep-th/9901001v2", [A("arxiv", "hep-th/9901001", "v2")]),
    ("9912.12345", []),  # December 1999 had old-style ids only
    ("arXiv:1511.6420", []),  # a 2015 id has five digits
    ("doi:10.1162/neco.1997.9.8.1735", [A("doi", "10.1162/neco.1997.9.8.1735")]),
]
URL_CASES = [(text, expected) for text, expected in CASES if text.startswith("http")]
TEXT_CASES = [(text, expected) for text, expected in CASES if not text.startswith("http")]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_detection(text: str, expected: list[Identifier]) -> None:
    assert detect(text) == expected


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_identifier_list_reader(text: str, expected: list[Identifier]) -> None:
    result = read_idlist(f"{text}\n", "ids.txt")
    assert [i for w in result.works for i in w.identifiers] == expected
    if not expected and not text.startswith("http"):
        assert [p.kind for p in result.problems] == ["error"]  # a bare non-identifier is reported


def _markdown_ids(text: str) -> list[Identifier]:
    label = "paper" if text.startswith("http") else "intro"
    result = read_markdown(f"# Section\n\n**A title**\n\n- {label}: {text}\n", "list.md")
    assert len(result.works) == 1
    return result.works[0].identifiers


@pytest.mark.parametrize(("text", "expected"), URL_CASES)
def test_markdown_reader_links(text: str, expected: list[Identifier]) -> None:
    assert _markdown_ids(text) == expected


@pytest.mark.parametrize(("text", "expected"), [c for c in TEXT_CASES if not c[0].startswith("doi")])
def test_markdown_reader_text(text: str, expected: list[Identifier]) -> None:
    assert _markdown_ids(text) == expected  # arXiv ids written in a bullet's text


def _planned(works: list[Work], tmp_path: Path) -> list[tuple[str, str]]:
    """(stage, key) of every lookup the stages would make, with ``github="all"``."""
    config = ResolveConfig.from_options(env={}, offline=True, github="all", cache_dir=tmp_path)
    run = Run(config, None, Progress(quiet=True))  # type: ignore[arg-type]  # planning sends nothing
    # the s2 stage asks again about the ids the others planned (its planning: test_canonical.py); the page
    # stage reads the pages of works no identifier names (tests/test_pages_online.py)
    return [(stage.name, key) for stage in services.resolvers() if stage.name not in ("s2", "page")
            for key in stage.plan(works, run).targets]


def _lookup_key(ident: Identifier) -> tuple[str, str] | None:
    stage = {"arxiv": "arxiv", "doi": "doi", "github": "github"}.get(ident.kind)
    return (stage, (ident.value + (ident.version or "")).lower()) if stage else None


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_online_planning(text: str, expected: list[Identifier], tmp_path: Path) -> None:
    works = read_idlist(f"{text}\n", "ids.txt").works
    if text.startswith("http"):
        works += read_markdown(f"**A title**\n\n- paper: {text}\n", "list.md").works
    wanted = {key for key in map(_lookup_key, expected) if key}
    assert set(_planned(works, tmp_path)) == wanted
