"""Identifier-list reader: one arXiv id, DOI or URL per line → one Work per line.

Blank lines and lines starting with ``#`` are skipped; `` # …`` after an entry
is a comment too.  Each Work gets what the identifier itself tells, offline:

- arXiv (``1406.6247``, ``arXiv:1406.6247v2``, an arxiv.org URL, ``10.48550/arXiv.…``):
  CSL ``article`` with ``number: "arXiv:ID"``, ``publisher: "arXiv"``, the abs
  page as ``URL`` and ``issued`` year/month read from the id;
- DOI (``10.1162/neco.1997.9.8.1735``, ``doi:…``, a doi.org URL): ``DOI``, its
  doi.org ``URL``, type ``document`` until resolved;
- GitHub repository: ``software``, titled ``owner/repo``;
- proceedings URL (PMLR, NeurIPS, CVF, ACL, OpenReview): ``paper-conference``;
- any other http(s) URL: ``webpage``.

A line that is none of these is reported as an error at ``file:line``; the
other lines are kept.
"""

from __future__ import annotations

import re

from ..csldata import arxiv_fields
from ..identifiers import CODE_KINDS, detect_url, doi, github, is_url, parse, proceedings
from ..model import Identifier, Link, Location, Problem, Work
from . import ReadResult

__all__ = ["read_idlist", "work_from_identifier"]

_COMMENT = re.compile(r"\s#.*$")
_SOURCE = "list"


def _parse_line(entry: str) -> tuple[list[Identifier], str | None]:
    """The identifiers an entry names and its URL (None for a bare id)."""
    if is_url(entry):
        url = entry if entry.lower().startswith("http") else f"https://{entry}"
        return detect_url(url), url
    ident = parse(entry)
    return ([ident] if ident is not None else []), None


def work_from_identifier(idents: list[Identifier], url: str | None, location: Location) -> Work:
    """A Work holding what the identifiers (and the URL the line gave) tell without a lookup."""
    work = Work(sources=[location])
    for ident in idents:
        work.add_identifier(ident)
    first = idents[0] if idents else None
    if first is not None and first.kind == "arxiv":
        for name, value in arxiv_fields(first).items():
            work.set(name, value, _SOURCE)
        if first.version:
            work.extra["version"] = first.version
    elif first is not None and first.kind == "doi":
        work.set("type", "document", _SOURCE)
        work.set("DOI", first.value, _SOURCE)
        work.set("URL", url or doi.url(first.value), _SOURCE)
    elif first is not None and first.kind in CODE_KINDS:
        work.set("type", "software", _SOURCE)
        work.set("title", first.value, _SOURCE)
        work.set("URL", url or github.repo_url(first), _SOURCE)
    elif first is not None and first.kind in proceedings.KINDS:
        work.set("type", proceedings.csl_type(first) or "paper-conference", _SOURCE)
    else:
        work.set("type", "webpage", _SOURCE)
    if url and "URL" not in work.csl:
        work.set("URL", url, _SOURCE)
    if url:
        role = "code" if first is not None and first.kind in CODE_KINDS else "paper"
        work.add_link(Link(url, role))
    work.list_title = work.title
    return work


def read_idlist(text: str, name: str) -> ReadResult:
    """Read an identifier list: one Work per arXiv id, DOI or URL line; bad lines reported."""
    result = ReadResult()
    for number, raw in enumerate(text.splitlines(), start=1):
        entry = _COMMENT.sub("", raw).strip()
        if not entry or entry.startswith("#"):
            continue
        location = Location(name, number)
        idents, url = _parse_line(entry)
        if not idents and url is None:
            shown = entry if len(entry) <= 80 else entry[:77] + "..."
            result.problems.append(
                Problem(f"not an arXiv id, DOI or URL: {shown!r}", location, "error")
            )
            continue
        result.works.append(work_from_identifier(idents, url, location))
    return result
