"""Citation disambiguation for the bibliography, as citeproc-js does it (citeproc-py has none).

Two items are ambiguous when their in-text citations, each cited alone, render the
same ("Graves, 2013").  Following the style's ``cs:citation`` options, in order:

1. ``disambiguate-add-names``: names hidden by et-al are added one at a time; an
   item whose citation becomes unique keeps that many names - citeproc-js also
   shows them in the bibliography (MLA: "Graves, Alex, Greg Wayne, et al.").
2. ``disambiguate-add-givenname``: items whose names differ in given names
   (initials for the ``*-with-initials`` rules; the first name only for the
   ``primary-name*`` rules) are told apart by the citation, not by a suffix.
3. ``disambiguate-add-year-suffix``: the items still ambiguous get "a", "b", ... in
   bibliography order; the entry shows it through the ``year-suffix`` variable.

The global given-name rules (``all-names``, ``primary-name``) tell persons apart across
the whole list, whether their citations collide or not: a person whose family name is
shared with another person with the same initials is shown with the full given name,
in the bibliography too (:func:`mark_full_given_names`; citeproc-js: "Report, Ria." and
"Report, Rob." rather than "Report, R." twice).

Pure logic: citations are rendered by a callback, so callers can cache them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any

from .csl_compat import NAMES
from .csl_names import FULL_GIVEN

NAME_VARIABLES = tuple(NAMES)


@dataclass(frozen=True)
class Options:
    """The disambiguation options of a style's ``cs:citation``."""

    add_names: bool = False
    add_givenname: bool = False
    add_year_suffix: bool = False
    givenname_rule: str = "by-cite"
    et_al_min: int = 0  # the citation's et-al settings: which names a citation shows
    et_al_use_first: int = 1

    @property
    def active(self) -> bool:
        """Whether the style disambiguates at all."""
        return self.add_names or self.add_givenname or self.add_year_suffix

    @classmethod
    def of(cls, citation: Any) -> Options:
        """Read the options from a ``cs:citation`` element (or None)."""
        if citation is None:
            return cls()

        def flag(name: str) -> bool:
            return str(citation.get(name, "false")).lower() == "true"

        return cls(
            add_names=flag("disambiguate-add-names"),
            add_givenname=flag("disambiguate-add-givenname"),
            add_year_suffix=flag("disambiguate-add-year-suffix"),
            givenname_rule=citation.get("givenname-disambiguation-rule", "by-cite"),
            et_al_min=int(citation.get("et-al-min") or citation.getroottree().getroot().get("et-al-min") or 0),
            et_al_use_first=int(citation.get("et-al-use-first")
                                or citation.getroottree().getroot().get("et-al-use-first") or 1),
        )

    def shown(self, count: int, added: int = 0) -> int:
        """How many of ``count`` names a citation shows (``added`` by disambiguation)."""
        if self.et_al_min and count >= self.et_al_min:
            return min(count, max(self.et_al_use_first, added))
        return count


@dataclass
class Disambiguation:
    """What disambiguation gives one item: a year suffix and/or a number of names to show."""

    year_suffix: str = ""
    names: int = 0


def suffix_letters(index: int) -> str:
    """0 -> "a", 25 -> "z", 26 -> "aa", 27 -> "ab" (citeproc-js' year suffixes)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(ord("a") + rem) + letters
    return letters


def _names(reference: Any) -> list[Any]:
    for variable in NAME_VARIABLES:
        names = reference.get(variable)
        if names:
            return list(names)
    return []


def _given_key(reference: Any, rule: str, shown: int) -> tuple[str, ...]:
    """The given names (or initials) a citation could add: of the names it shows only."""
    names = _names(reference)[:shown]
    if rule.startswith("primary-name"):
        names = names[:1]
    initials = rule.endswith("with-initials")
    key = []
    for name in names:
        given = str(name.get("given") or "")
        key.append("".join(part[:1] for part in given.replace("-", " ").split()) if initials else given)
    return tuple(key)


def _partition(keys: Sequence[str], text: Callable[[str], Any]) -> list[list[str]]:
    groups: dict[Any, list[str]] = {}
    for key in keys:
        groups.setdefault(text(key), []).append(key)
    return list(groups.values())


_NON_WORD = re.compile(r"\W+")
_YEAR = re.compile(r"\d{4}")


def _first_families(item: dict[str, Any]) -> list[str]:
    """The author's first family name (with particle); without an author, the first
    family of every name variable the style might substitute, and ``""``."""
    found = []
    for variable in ("author", *(v.replace("_", "-") for v in NAME_VARIABLES if v != "author")):
        names = item.get(variable)
        if names and isinstance(names, list) and isinstance(names[0], dict):
            name = names[0]
            text = name.get("literal") or " ".join(
                str(name.get(part) or "") for part in ("non-dropping-particle", "family"))
            found.append(_NON_WORD.sub("", str(text).lower()))
            if variable == "author":
                return found
    return [*found, ""]


def _year(item: dict[str, Any]) -> str:
    issued = item.get("issued")
    if isinstance(issued, dict):
        parts = issued.get("date-parts")
        if parts and parts[0] and parts[0][0] not in (None, ""):
            return str(parts[0][0]).strip()
        found = _YEAR.search(str(issued.get("raw") or issued.get("literal") or ""))
        return found.group(0) if found else ""
    return ""


def possible_collisions(items: Sequence[dict[str, Any]], by_year: bool = True) -> set[str]:
    """The ids of CSL items whose citations may equal another item's: those sharing the
    first name's family (with its particle) - and the year, ``by_year`` - with another item.

    A necessary condition for equal citations in styles whose citation shows the first
    name (and the issued year); other items need no citation rendered for disambiguation.
    """
    groups: dict[tuple[str, str], list[str]] = {}
    for item in items:
        year = _year(item) if by_year else ""
        for family in _first_families(item):
            groups.setdefault((family, year), []).append(str(item["id"]))
    return {key for group in groups.values() if len(group) > 1 for key in group}


def disambiguate(
    keys: Sequence[str],
    references: dict[str, Any],
    options: Options,
    cite: Callable[[str, int], str],
    candidates: Collection[str] | None = None,
) -> dict[str, Disambiguation]:
    """Year suffixes and added names for ``keys`` (in bibliography order).

    ``cite(key, names)`` renders the item's citation alone, showing at least
    ``names`` names (0 = the style's own et-al settings).  ``candidates`` (optional)
    are the only keys whose citations can be equal to another's (the rest are unique
    without rendering them).
    """
    result: dict[str, Disambiguation] = {}
    if not options.active:
        return result
    if candidates is not None:
        keys = [k for k in keys if k in candidates]
    for group in _partition(keys, lambda k: cite(k, 0)):
        if len(group) < 2:
            continue
        pending = [group]
        if options.add_names:
            pending = _add_names(group, references, cite, result)
        if options.add_givenname:
            pending = [
                sub
                for g in pending
                for sub in _partition(g, lambda k: _given_key(
                    references[k], options.givenname_rule,
                    options.shown(len(_names(references[k])), result.get(k, Disambiguation()).names)))
            ]
        if options.add_year_suffix:
            for g in pending:
                if len(g) > 1:
                    for index, key in enumerate(g):
                        result.setdefault(key, Disambiguation()).year_suffix = suffix_letters(index)
    return result


def _add_names(
    group: list[str], references: dict[str, Any], cite: Callable[[str, int], str],
    result: dict[str, Disambiguation],
) -> list[list[str]]:
    """Add names until citations differ; return the groups still ambiguous.

    As citeproc-js: a step that splits a group is kept by all its items; items still
    ambiguous after the last name keep the names of the last step that helped.
    """
    most = max(len(_names(references[k])) for k in group)
    pending: list[list[str]] = []

    def spin(keys: list[str], start: int, base: int) -> None:
        for count in range(start, most + 1):
            texts = {k: cite(k, count) for k in keys}
            subs = _partition(keys, texts.__getitem__)
            if len(subs) > 1:
                for sub in subs:
                    if len(sub) == 1:
                        result.setdefault(sub[0], Disambiguation()).names = count
                    else:
                        spin(sub, count + 1, count)
                return
        if base:
            for key in keys:
                result.setdefault(key, Disambiguation()).names = base
        pending.append(keys)

    spin(list(group), 1, 0)
    position = {k: n for n, k in enumerate(group)}
    return sorted(pending, key=lambda keys: position[keys[0]])


def _initials(given: str) -> str:
    return "".join(part[:1] for part in given.replace("-", " ").split())


def _cited_names(item: dict[str, Any], options: Options) -> tuple[str, list[dict[str, Any]]]:
    """The name variable an item's citation shows and the names of it that it shows."""
    for variable in (v.replace("_", "-") for v in NAME_VARIABLES):
        names = item.get(variable)
        if names and isinstance(names, list) and all(isinstance(n, dict) for n in names):
            shown = 1 if options.givenname_rule == "primary-name" else options.shown(len(names))
            return variable, names[:shown]
    return "", []


def mark_full_given_names(items: list[dict[str, Any]], options: Options) -> list[dict[str, Any]]:
    """``items`` with :data:`FULL_GIVEN` before the given names a global rule shows in full.

    With ``disambiguate-add-givenname`` and the ``all-names`` or ``primary-name`` rule,
    among the persons a citation shows, one who shares the family name (and particle)
    with another person of the same initials gets the full given name (citeproc-js'
    name registry, level 2); items without such a person are returned unchanged.
    """
    if not options.add_givenname or options.givenname_rule not in ("all-names", "primary-name"):
        return items
    persons: dict[str, dict[str, set[str]]] = {}  # family -> initials -> given names
    for item in items:
        for name in _cited_names(item, options)[1]:
            given, family = name.get("given"), name.get("family")
            if isinstance(given, str) and given and isinstance(family, str) and family:
                family_key = f"{name.get('non-dropping-particle') or ''} {family}".strip()
                persons.setdefault(family_key, {}).setdefault(_initials(given), set()).add(given)
    out = []
    for item in items:
        variable, cited = _cited_names(item, options)
        full = [
            n for n, name in enumerate(cited)
            if isinstance(name.get("given"), str) and isinstance(name.get("family"), str) and len(
                persons.get(f"{name.get('non-dropping-particle') or ''} {name['family']}".strip(), {})
                .get(_initials(name["given"]), ())) > 1
        ]
        if not full:
            out.append(item)
            continue
        names = [dict(name, given=FULL_GIVEN + name["given"]) if n in full else name
                 for n, name in enumerate(item[variable])]
        out.append({**item, variable: names})
    return out
