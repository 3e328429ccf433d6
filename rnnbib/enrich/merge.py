"""Merge works that are the same item: they share an identifier.

Identity comes from identifiers only, never from titles:

- the paper identifiers in :data:`PAPER_KINDS` (arXiv, any version; DOI, any
  case; PMLR, NeurIPS, CVF, ACL Anthology, OpenReview) always identify a work;
- a GitHub repository or gist identifies a work only when the work *is* that
  code (:func:`software_repo`): two papers whose code links point to the same
  repository stay two works, and a paper never merges with a bare repository
  entry.

Two works that share an identifier but disagree on their titles or first authors
(:func:`rnnbib.enrich.agree.disagreement`) are not merged: both stay and the
conflict is reported (kind ``"conflict"``) at both places.

Groups are found with a union-find over an identity index, so chains (A and B
share an arXiv id, B and C a DOI) become one work and the run is linear in the
number of works.  The first work of a group keeps its position and its CSL
fields; later works fill gaps only and give their sections, links, notes,
keywords, identifiers, sources and problems.  Keys the input gave the later works
(``bibtex_key``, ``csl_id``) become aliases of the first (``extra["aliases"]``,
BibLaTeX ``ids``).  Each merge is reported as a :class:`~rnnbib.model.Problem` of
kind ``"merge"`` at the later work's source, naming the key kept and the aliases.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Hashable, Iterable
from typing import Any
from urllib.parse import urlsplit

from ..identifiers import CODE_KINDS, PAPER_KINDS
from ..model import Identifier, Problem, Work, set_extra

__all__ = ["PAPER_KINDS", "explicit_key", "identity_keys", "merge_works", "software_repo"]

_CODE_HOSTS = ("github.com", "www.github.com", "gist.github.com")
# When two works disagree on status, the more informative one wins.
_STATUS_RANK = {"resolved": 3, "not-found": 2, "failed": 1, "offline": 0}


def software_repo(work: Work) -> Identifier | None:
    """The repository (or gist) a software-only work is, or None.

    A work is software-only when it has no paper identifier, has a GitHub or
    gist identifier, and is typed ``software`` or has a GitHub URL as its
    primary link.  Its identity is the repository of its primary URL when
    that is one of its identifiers, else its first repository; other
    repositories it links to are related code, not identity.
    """
    if any(i.kind in PAPER_KINDS for i in work.identifiers):
        return None
    repos = [i for i in work.identifiers if i.kind in CODE_KINDS]
    if not repos:
        return None
    url = str(work.csl.get("URL") or "")
    host = urlsplit(url).netloc.lower() if url else ""
    if work.type != "software" and host not in _CODE_HOSTS:
        return None
    path = urlsplit(url).path.lower().strip("/") if host in _CODE_HOSTS else ""
    for ident in repos:
        value = ident.value.lower()
        if path == value or path.startswith(value + "/") or path.endswith("/" + value):
            return ident
    return repos[0]


def identity_keys(work: Work) -> list[Identifier]:
    """The identifiers that make two works the same, strongest kind first, one per identity key."""
    found: dict[str, Identifier] = {}
    for kind in PAPER_KINDS:
        for ident in work.identifiers:
            if ident.kind == kind:
                found.setdefault(ident.key, ident)
    if not found:
        repo = software_repo(work)
        if repo is not None:
            found[repo.key] = repo
    return list(found.values())


class _UnionFind:
    """Disjoint sets over 0..n-1 whose representative is the smallest member."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]  # path halving
            i = parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = (ra, rb) if ra < rb else (rb, ra)
            self.parent[hi] = lo


def merge_works(works: list[Work]) -> tuple[list[Work], list[Problem]]:
    """Merge works that share an identifier; return the merged works (in order) and one problem per merge.

    The first work of each group is updated in place and keeps its position;
    the later works are folded into it and dropped from the result.
    """
    from .agree import disagreement  # agree -> keys -> merge: imported late

    n = len(works)
    sets = _UnionFind(n)
    owner: dict[str, int] = {}  # identity key -> first work holding it
    # For each work, one (other work, shared identifier) edge that ties it to its group.
    link: dict[int, tuple[int, Identifier]] = {}
    conflicts: list[Problem] = []
    for i, work in enumerate(works):
        for ident in identity_keys(work):
            j = owner.setdefault(ident.key, i)
            if j != i:
                why = disagreement(works[j], work)
                if why is not None:
                    conflicts.extend(_conflict(works, j, i, ident, why))
                    continue
                sets.union(i, j)
                link.setdefault(i, (j, ident))
                link.setdefault(j, (i, ident))

    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(sets.find(i), []).append(i)

    merged: list[Work] = []
    problems: list[Problem] = list(conflicts)
    for i, work in enumerate(works):
        members = groups.get(i)
        if members is None:  # not the first member of its group
            continue
        if len(members) > 1:
            _absorb(work, [works[m] for m in members[1:]])
            problems.extend(_merge_problem(works, i, m, link[m]) for m in members[1:])
        merged.append(work)
    return merged, problems


def _label(work: Work) -> str:
    title = work.title or work.list_title or "(untitled)"
    where = work.source
    return f"{title!r} ({where})" if where else repr(title)


def _merge_problem(works: list[Work], first: int, later: int, edge: tuple[int, Identifier]) -> Problem:
    partner, ident = edge
    shared = f"{ident.kind}:{ident.value}"
    message = f"merged duplicate {_label(works[later])} into {_label(works[first])}: same {shared}"
    if partner != first:
        message += f" as {_label(works[partner])}"
    kept, alias = explicit_key(works[first]), explicit_key(works[later])
    if alias and alias != kept:
        message += f"; key {alias!r} kept as an alias of {kept!r}"
    return Problem(message, works[later].source, kind="merge")


def _conflict(works: list[Work], first: int, later: int, ident: Identifier, why: str) -> list[Problem]:
    message = (f"not merged: {_label(works[later])} and {_label(works[first])} share "
               f"{ident.kind}:{ident.value} but their {why}; both kept")
    problem = Problem(message, works[later].source, kind="conflict")
    works[first].problems.append(Problem(message, works[first].source, kind="conflict"))
    works[later].problems.append(problem)
    return [problem]


# Keys taken from input as they are: anything BibTeX, biber and pdflatex's \cite accept as a key (DBLP's
# ``:`` and ``/``, all-digit keys): printable ASCII without whitespace and none of ``,{}()"#%'=\~``.
_KEY = re.compile(r"[!-~]+")
_NOT_IN_KEY = re.compile(r"[,{}()\"#%'=\\~]")


def explicit_key(work: Work) -> str:
    """The key the input gave a work (.bib key or CSL-JSON id) when it is a valid citekey, or ``""``."""
    for name in ("bibtex_key", "csl_id"):
        value = work.extra.get(name)
        if not isinstance(value, str):
            continue
        value = value.strip()
        if _KEY.fullmatch(value) and not _NOT_IN_KEY.search(value) and "://" not in value:
            return value
    return ""


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


class _UniqueList:
    """Appends to a list only items not seen yet (by a key), in constant time per item."""

    def __init__(self, target: list[Any], key: Callable[[Any], Hashable] = lambda x: x) -> None:
        self.target = target
        self.key = key
        self.seen = {key(x) for x in target}

    def extend(self, items: Iterable[Any]) -> None:
        for item in items:
            k = self.key(item)
            if k not in self.seen:
                self.seen.add(k)
                self.target.append(item)


def _absorb(work: Work, others: list[Work]) -> None:
    """Fold ``others`` into ``work``: ``work``'s values win, the others fill gaps and add their lists."""
    identifiers: dict[str, int] = {}
    for pos, ident in enumerate(work.identifiers):
        identifiers.setdefault(ident.key, pos)
    links = _UniqueList(work.links, lambda link: link.url)
    sections = _UniqueList(work.sections)
    notes = _UniqueList(work.notes)
    keywords = _UniqueList(work.keywords, str.lower)
    sources = _UniqueList(work.sources)
    merged_from = _UniqueList(work.merged_from)
    preprint = work.type == "article"
    own_keys = {"bibtex_key", "csl_id"} if explicit_key(work) else set()
    for other in others:
        theirs = other.csl if preprint or other.type != "article" else _without_preprint_marks(other.csl)
        _fill(work.csl, theirs, work.provenance, other.provenance)
        for name, value in other.extra.items():
            if name in _ENTRY_EXTRAS or name in own_keys:
                continue
            if _empty(work.extra.get(name)) and not _empty(value):
                set_extra(work.extra, name, copy.deepcopy(value))
        for name, source in other.provenance.items():
            work.provenance.setdefault(name, source)
        for ident in other.identifiers:
            _add_identifier(work, identifiers, ident)
        links.extend(other.links)
        sections.extend(other.sections)
        notes.extend(other.notes)
        keywords.extend(other.keywords)
        sources.extend(other.sources)
        merged_from.extend([*other.sources, *other.merged_from])
        work.problems.extend(other.problems)
        if not work.list_title:
            work.list_title = other.list_title
        if not work.key:
            work.key = other.key
        if _STATUS_RANK.get(other.status, 0) > _STATUS_RANK.get(work.status, 0):
            work.status = other.status
    kept = explicit_key(work)
    aliases = _UniqueList(work.extra.setdefault("aliases", []))
    for other in others:
        aliases.extend(k for k in (explicit_key(other), *other.extra.get("aliases", [])) if k and k != kept)
    if not work.extra["aliases"]:
        del work.extra["aliases"]


# What a .bib entry said as written: it belongs to that entry only.
_ENTRY_EXTRAS = frozenset({"bib_entry", "bib_raw", "aliases"})


def _without_preprint_marks(csl: dict[str, Any]) -> dict[str, Any]:
    """A preprint's CSL without ``number`` ``arXiv:…`` and ``publisher`` arXiv, which only a preprint has."""
    out = dict(csl)
    if str(out.get("number", "")).lower().startswith("arxiv:"):
        del out["number"]
    if str(out.get("publisher", "")).lower() == "arxiv":
        del out["publisher"]
    return out


def _fill(mine: dict[str, Any], theirs: dict[str, Any], my_prov: dict[str, str] | None = None,
          their_prov: dict[str, str] | None = None) -> None:
    """Copy the values of ``theirs`` that ``mine`` lacks (with their provenance)."""
    for name, value in theirs.items():
        if _empty(mine.get(name)) and not _empty(value):
            mine[name] = copy.deepcopy(value)
            if my_prov is not None and their_prov is not None and name in their_prov:
                my_prov[name] = their_prov[name]


def _add_identifier(work: Work, index: dict[str, int], ident: Identifier) -> None:
    """Add an identifier; a given version fills the gap of the same unversioned identifier."""
    pos = index.get(ident.key)
    if pos is None:
        index[ident.key] = len(work.identifiers)
        work.identifiers.append(ident)
        return
    mine = work.identifiers[pos]
    if mine.version is None and ident.version is not None:
        work.identifiers[pos] = Identifier(mine.kind, mine.value, ident.version)
