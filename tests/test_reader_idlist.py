"""The identifier-list reader: one arXiv id, DOI or URL per line, with offline data."""

from __future__ import annotations

from typing import Any

import pytest

from rnnbib.model import Identifier, Location
from rnnbib.readers import get_reader
from rnnbib.readers.idlist import read_idlist


def test_registered() -> None:
    assert get_reader("ids") is read_idlist


ARXIV_CASES = [
    ("1406.6247", Identifier("arxiv", "1406.6247"), [[2014, 6]]),
    ("arXiv:1502.03167v3", Identifier("arxiv", "1502.03167", "v3"), [[2015, 2]]),
    ("ARXIV:1502.03167", Identifier("arxiv", "1502.03167"), [[2015, 2]]),
    ("https://arxiv.org/pdf/1409.3215v3.pdf", Identifier("arxiv", "1409.3215", "v3"), [[2014, 9]]),
    ("http://arxiv.org/abs/1506.02078", Identifier("arxiv", "1506.02078"), [[2015, 6]]),
    ("10.48550/arXiv.1706.03762", Identifier("arxiv", "1706.03762"), [[2017, 6]]),
    ("hep-th/9901001", Identifier("arxiv", "hep-th/9901001"), [[1999, 1]]),
]


@pytest.mark.parametrize(("line", "ident", "issued"), ARXIV_CASES)
def test_arxiv_lines(line: str, ident: Identifier, issued: list[list[int]]) -> None:
    result = read_idlist(line + "\n", "ids.txt")
    assert result.problems == []
    (work,) = result.works
    assert work.identifiers[0] == ident
    assert work.csl == {
        "type": "article",
        "number": f"arXiv:{ident.value}",
        "publisher": "arXiv",
        "URL": f"https://arxiv.org/abs/{ident.value}",
        "issued": {"date-parts": issued},
    }
    assert work.source == Location("ids.txt", 1)
    assert work.extra.get("version") == ident.version


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "10.1162/neco.1997.9.8.1735",
            {
                "type": "document",
                "DOI": "10.1162/neco.1997.9.8.1735",
                "URL": "https://doi.org/10.1162/neco.1997.9.8.1735",
            },
        ),
        (
            "doi:10.1038/nature14539",
            {"type": "document", "DOI": "10.1038/nature14539", "URL": "https://doi.org/10.1038/nature14539"},
        ),
        (
            "https://dx.doi.org/10.1038/nature14539",
            {
                "type": "document",
                "DOI": "10.1038/nature14539",
                "URL": "https://dx.doi.org/10.1038/nature14539",
            },
        ),
        (
            "https://github.com/karpathy/char-rnn",
            {"type": "software", "title": "karpathy/char-rnn", "URL": "https://github.com/karpathy/char-rnn"},
        ),
        (
            "https://proceedings.mlr.press/v37/jozefowicz15.html",
            {"type": "paper-conference", "URL": "https://proceedings.mlr.press/v37/jozefowicz15.html"},
        ),
        (
            "http://colah.github.io/posts/2015-08-Understanding-LSTMs/",
            {"type": "webpage", "URL": "http://colah.github.io/posts/2015-08-Understanding-LSTMs/"},
        ),
        ("www.deeplearningbook.org", {"type": "webpage", "URL": "https://www.deeplearningbook.org"}),
    ],
)
def test_other_lines(line: str, expected: dict[str, Any]) -> None:
    result = read_idlist(line, "ids.txt")
    assert result.problems == []
    assert result.works[0].csl == expected
    assert all(v == "list" for v in result.works[0].provenance.values())


def test_comments_blank_lines_and_bad_lines() -> None:
    text = (
        "# reading list\n\n1406.6247   # RAM\n   \nnot an identifier\n  # indented comment\n10.1/x\n"
        "https://github.com/karpathy/char-rnn\n"
    )
    result = read_idlist(text, "list.txt")
    assert [w.source.line for w in result.works if w.source] == [3, 8]
    assert [(p.location, p.kind) for p in result.problems] == [
        (Location("list.txt", 5), "error"),
        (Location("list.txt", 7), "error"),
    ]
    assert "not an identifier" in result.problems[0].message
    assert [i.kind for w in result.works for i in w.identifiers] == ["arxiv", "github"]


def test_links_keep_the_given_url() -> None:
    (work,) = read_idlist("https://arxiv.org/pdf/1409.3215v3.pdf\n", "ids.txt").works
    assert [(x.url, x.role) for x in work.links] == [("https://arxiv.org/pdf/1409.3215v3.pdf", "paper")]
    (repo,) = read_idlist("https://github.com/karpathy/char-rnn/tree/master/util\n", "ids.txt").works
    assert repo.links[0].role == "code" and repo.identifiers == [Identifier("github", "karpathy/char-rnn")]


def test_long_bad_line_is_shortened_in_the_message() -> None:
    result = read_idlist("x" * 500, "ids.txt")
    assert result.works == [] and len(result.problems[0].message) < 150


def test_empty_input() -> None:
    result = read_idlist("", "ids.txt")
    assert (result.works, result.problems) == ([], [])
