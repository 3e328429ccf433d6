"""``rnnbib.resolve``'s title cross-check on resolved works (no network: works as the stages leave them)."""

from __future__ import annotations

import pytest

from rnnbib.model import Identifier, Location, Work
from rnnbib.verify.crosscheck import cross_check


def resolved(list_title: str, title: str, source: str, ident: Identifier) -> Work:
    return Work(csl={"type": "article", "title": title}, identifiers=[ident], sources=[Location("list.md", 3)],
                provenance={"title": source}, list_title=list_title, status="resolved")


ARXIV = Identifier("arxiv", "1409.0473")
DOI = Identifier("doi", "10.1162/neco.1997.9.8.1735")


@pytest.mark.parametrize(("source", "ident"), [("arxiv", ARXIV), ("crossref", DOI), ("dblp:conf/iclr/BahdanauCB14",
                                                                                      ARXIV)])
def test_another_paper_is_a_wrong_identifier(source: str, ident: Identifier) -> None:
    work = resolved("Attention Is All You Need", "Neural Machine Translation by Jointly Learning to Align and "
                    "Translate", source, ident)
    cross_check([work])
    cross_check([work])  # a second run adds nothing
    [problem] = work.problems
    assert problem.kind == "wrong-identifier" and str(problem.location) == "list.md:3"
    assert problem.message.startswith(f"{'arXiv:1409.0473' if ident is ARXIV else 'doi:' + DOI.value} is ")
    assert work.list_title == "Attention Is All You Need"


def test_other_wording_is_a_title_mismatch_and_tolerated_differences_are_nothing() -> None:
    similar = resolved("Long Short-Term Memory Networks", "Long Short-Term Memory", "crossref", DOI)
    same = resolved("long short-term memory: a subtitle", "{L}ong {S}hort-{T}erm {M}emory", "crossref", DOI)
    cross_check([similar, same])
    assert [p.kind for p in similar.problems] == ["title-mismatch"] and same.problems == []


def test_unresolved_works_and_repositories_are_not_compared() -> None:
    listed = resolved("Attention Is All You Need", "Something else", "list", ARXIV)
    repo = resolved("A character-level language model", "char-rnn", "github", Identifier("github", "karpathy/char-rnn"))
    cross_check([listed, repo])
    assert listed.problems == [] and repo.problems == []
