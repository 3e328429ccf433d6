"""Field inheritance between ``.bib`` entries with biblatex's default rules (manual, appendix B).

``crossref`` copies every field of the parent that the child lacks, except the
fields that are never inherited (``ids``, ``crossref``, ``label`` …); the title
fields of a parent change name by type (``@proceedings`` → ``@inproceedings``:
``title`` → ``booktitle``; ``@mvbook`` → ``@book``: ``title`` → ``maintitle`` …)
and short/sort titles are not inherited there.  ``xdata`` copies every field of the
listed ``@xdata`` entries (no renaming).  ``xref`` inherits nothing.  Chains are
followed; a cycle or a missing parent is reported.
"""

from __future__ import annotations

from ..model import Problem
from .bib_source import RawEntry

__all__ = ["NEVER_INHERITED", "inherited_fields"]

NEVER_INHERITED: frozenset[str] = frozenset({
    "ids", "crossref", "xref", "xdata", "entryset", "entrysubtype", "execute", "label", "options", "presort",
    "related", "relatedoptions", "relatedstring", "relatedtype", "shorthand", "shorthandintro", "sortkey",
})  # fmt: skip

_SHORT = {"shorttitle": None, "sorttitle": None, "indextitle": None, "indexsorttitle": None}


def _titles(prefix: str) -> dict[str, str | None]:
    return {"title": prefix + "title", "subtitle": prefix + "subtitle", "titleaddon": prefix + "titleaddon",
            **_SHORT}


# (parent types, child types, {parent field: child field or None = not inherited})
_RULES: list[tuple[frozenset[str], frozenset[str], dict[str, str | None]]] = [
    (frozenset({"mvbook"}), frozenset({"book", "inbook", "bookinbook", "suppbook"}), _titles("main")),
    (frozenset({"mvcollection", "mvreference"}),
     frozenset({"collection", "reference", "incollection", "inreference", "suppcollection"}), _titles("main")),
    (frozenset({"mvproceedings"}), frozenset({"proceedings", "inproceedings"}), _titles("main")),
    (frozenset({"book"}), frozenset({"inbook", "bookinbook", "suppbook"}), _titles("book")),
    (frozenset({"collection", "reference"}), frozenset({"incollection", "inreference", "suppcollection"}),
     _titles("book")),
    (frozenset({"proceedings"}), frozenset({"inproceedings"}), _titles("book")),
    (frozenset({"periodical"}), frozenset({"article", "suppperiodical"}), _titles("journal")),
]
_AUTHOR_AS_BOOKAUTHOR = (frozenset({"mvbook", "book"}), frozenset({"inbook", "bookinbook", "suppbook"}))


def _mapping(parent: str, child: str) -> dict[str, str | None]:
    for parents, children, rule in _RULES:
        if parent in parents and child in children:
            return rule
    return {}


def _from_parent(parent: RawEntry, parent_fields: dict[str, str], child_type: str) -> dict[str, str]:
    """The fields a child of ``child_type`` gets from a parent, in the parent's field order."""
    rule = _mapping(parent.type, child_type)
    out: dict[str, str] = {}
    for name, value in parent_fields.items():
        if name in NEVER_INHERITED:
            continue
        target = rule.get(name, name) if name in rule else name
        if target is not None:
            out.setdefault(target, value)
        if name == "author" and parent.type in _AUTHOR_AS_BOOKAUTHOR[0] and child_type in _AUTHOR_AS_BOOKAUTHOR[1]:
            out.setdefault("bookauthor", value)
    return out


def inherited_fields(entries: list[RawEntry]) -> tuple[dict[int, dict[str, str]], dict[int, dict[str, str]]]:
    """For each entry index: (all fields after inheritance, own fields with ``xdata`` inlined).

    Missing parents and cycles are added to the child's ``problems``.
    """
    by_key = {e.key.lower(): i for i, e in reversed(list(enumerate(entries)))}
    full: dict[int, dict[str, str]] = {}
    own: dict[int, dict[str, str]] = {}

    def with_xdata(i: int, seen: frozenset[int]) -> dict[str, str]:
        if i in own:
            return own[i]
        entry = entries[i]
        fields = {k: v for k, v in entry.fields.items() if k != "xdata"}
        for ref in _keys(entry.fields.get("xdata", "")):
            j = by_key.get(ref.lower())
            if j is None or j in seen:
                _report(entry, "xdata", ref, j is None)
                continue
            for name, value in with_xdata(j, seen | {j}).items():
                if name not in NEVER_INHERITED:
                    fields.setdefault(name, value)
        own[i] = fields
        return fields

    def resolve(i: int, seen: frozenset[int]) -> dict[str, str]:
        if i in full:
            return full[i]
        entry = entries[i]
        fields = dict(with_xdata(i, frozenset({i})))
        ref = entry.fields.get("crossref", "").strip()
        if ref:
            j = by_key.get(ref.lower())
            if j is None or j in seen:
                _report(entry, "crossref", ref, j is None)
            else:
                for name, value in _from_parent(entries[j], resolve(j, seen | {j}), entry.type).items():
                    fields.setdefault(name, value)
        full[i] = fields
        return fields

    for i in range(len(entries)):
        resolve(i, frozenset({i}))
    return full, own


def _keys(value: str) -> list[str]:
    return [k.strip() for k in value.split(",") if k.strip()]


def _report(entry: RawEntry, name: str, ref: str, missing: bool) -> None:
    why = "no entry has that key" if missing else "the references form a cycle"
    entry.problems.append(Problem(f"{name} {ref!r} of {entry.key!r} not inherited: {why}", entry.location,
                                  "warning"))
