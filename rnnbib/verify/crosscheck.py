"""``convert``'s cross-check: does the record an identifier gave describe the work the list names?

After resolution, a work whose title came from a record (arXiv, Crossref, DataCite, doi.org, or
the published version DBLP or Semantic Scholar named) is compared with the title the list gave
it: the same title (up to case, markup, a subtitle) passes; a similar one is a
``title-mismatch``; a different one means the identifier points at another paper
(``wrong-identifier``).  Either is reported on the work; the list's title stays in
``work.list_title`` and in the report, so a record never replaces it silently.
Repositories are not compared: a repository's name is not the title a list gives its software.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Problem, Work
from .normalize import same_title, title_similarity

NOT_PAPERS = ("list", "github")
"""Title provenances that are not a paper record: the list itself, a repository."""
SIMILAR = 0.5
"""Below this word-level similarity the titles name different papers."""


def cross_check(works: Iterable[Work]) -> None:
    """Add a :func:`title_problem` to every resolved work whose record's title is not the list's."""
    for work in works:
        problem = title_problem(work)
        if problem is not None and all((p.message, p.kind) != (problem.message, problem.kind)
                                       for p in work.problems):
            work.problems.append(problem)


def title_problem(work: Work) -> Problem | None:
    """The problem with the title a paper record gave ``work``, or ``None``."""
    source = work.provenance.get("title", "list")
    mine, theirs = work.list_title, work.title
    if source.startswith(NOT_PAPERS) or not mine or not theirs or same_title(mine, theirs):
        return None
    via = _identifier(work, source)
    if title_similarity(mine, theirs) < SIMILAR:
        return Problem(f"{via} is \"{theirs}\" ({source}), not \"{mine}\" as the list says: "
                       "the identifier points at another paper", work.source, "wrong-identifier")
    return Problem(f"title differs: the list says \"{mine}\", {via} ({source}) says \"{theirs}\"",
                   work.source, "title-mismatch")


def _identifier(work: Work, source: str) -> str:
    """The identifier the work was resolved by: its arXiv id (asked first), else its DOI."""
    arxiv, doi = work.first_id("arxiv"), work.first_id("doi")
    if arxiv is not None:
        return f"arXiv:{arxiv.value}"
    return f"doi:{doi.value}" if doi is not None else f"the {source} record"
