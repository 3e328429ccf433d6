"""``convert``'s cross-check: does the record an identifier gave describe the work the list names?

A list title that matches the record's (up to case, markup, a subtitle) passes; a similar one is a
``title-mismatch``; a different one means the identifier points at another paper
(``wrong-identifier``).  Either is reported on the work; the list's title stays in
``work.list_title`` and in the report, so a record never replaces it silently.
"""

from __future__ import annotations

from ..model import Problem, Work
from ..online.record import Record
from .normalize import same_title, title_similarity

PAPER_SOURCES = frozenset({"arxiv", "crossref", "datacite", "doi.org"})
SIMILAR = 0.5
"""Below this word-level similarity the titles name different papers."""


def check_title(work: Work, record: Record) -> None:
    """Add the :func:`title_problem` of ``record`` (the primary record of ``work``) to the work.

    Papers only: a repository's name is not the title a list gives its software.
    """
    if not work.list_title:
        work.list_title = work.title
    if record.source not in PAPER_SOURCES:
        return
    problem = title_problem(work, record, _identifier(work, record))
    if problem is not None and all((p.message, p.kind) != (problem.message, problem.kind) for p in work.problems):
        work.problems.append(problem)


def _identifier(work: Work, record: Record) -> str:
    """The identifier the record was found by (``arXiv:1706.03762``, ``doi:10...``)."""
    kind = "arxiv" if record.source == "arxiv" else "doi"
    ident = work.first_id(kind)
    if ident is None:
        return f"the {record.source} record"
    return f"arXiv:{ident.value}" if kind == "arxiv" else f"{kind}:{ident.value}"


def title_problem(work: Work, record: Record, via: str) -> Problem | None:
    """The problem with ``record`` as the record of ``work`` (found through ``via``), or ``None``."""
    mine, theirs = work.list_title, str(record.csl.get("title") or "")
    if not mine or not theirs or same_title(mine, theirs):
        return None
    if title_similarity(mine, theirs) < SIMILAR:
        return Problem(f"{via} is \"{theirs}\" ({record.source}), not \"{mine}\" as the list says: "
                       "the identifier points at another paper", work.source, "wrong-identifier")
    return Problem(f"title differs: the list says \"{mine}\", {via} ({record.source}) says \"{theirs}\"",
                   work.source, "title-mismatch")
