"""Number variables (pages, volume, issue ...) as citeproc-js renders them.

citeproc-py left "5-6" in ``issue``/``volume``/``number`` with a hyphen (citeproc-js: an
en dash), called it non-numeric (MLA: "5-6" instead of "vols. 5–6"), counted "5/6"
as plural, and its page ranges differ: ``minimal-two`` gave "1–0" for "1-10",
``chicago-16`` was treated as ``chicago-15`` ("1496–1504"; citeproc-js: "1496–504"),
and a repeated prefix stayed ("S1–S10"; citeproc-js: "S1–10").

This module follows citeproc-js 1.4 (``processNumber`` and ``PageRangeMangler``) for
values without embedded labels ("vol. 3", "pp. 5-7" are left to citeproc-py): a value
is split at joiners (``-``, ``–``, ``, ``, ``; ``, ``&``, ``and``); it is numeric when
its first part is a number (after an optional letter prefix such as "S" or "e"); a
collapsible run of two numbers joined by a hyphen is a range (page ranges formatted
by the style's ``page-range-format``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

EN_DASH = "\u2013"
RANGE_VARIABLES = frozenset({
    "page", "chapter-number", "collection-number", "edition", "issue", "number", "number-of-pages",
    "number-of-volumes", "volume",
})
_DELIMITED = frozenset({"issue", "volume", "edition", "number"})  # hyphen -> range delimiter

_JOINER = r"\s*&\s*|,\s+and\s+|\s+and\s+|;\s+|,\s+|\s*\\*[-\u2013]+\s*"
_JOINER_MATCH = re.compile(f"({_JOINER})")
_AND = re.compile(r"^\s*&\s*$")
_LABEL = re.compile(
    r"(?:^| )(?:[a-z]{1,4}|subpara|subch|amend|bibliog|annot|illus|princ|intro|sched|subdiv|subsec)(?:\.| )"
)
_PARTICLE = re.compile(r"^([0-9]*[a-zA-Z]+0*)?([0-9]+(?:[a-zA-Z]*|[-,a-zA-Z]+))$")
_MASTER = re.compile(r"^(?:[0-9]+|[ixv]+)([-,:a-zA-Z]*|-[-0-9]+)$")
_ROMAN = re.compile(r"^[ivxlcmIVXLCM]+$")
_PLAIN = re.compile(r"^([0-9]+|[ivxlcmIVXLCM]+)$")
_LEADING_INT = re.compile(r"^\s*[+-]?\d+")
_MANGLED = re.compile(r"^((?:[0-9]*[a-zA-Z]+0*))?([0-9]+[a-z]*)(\s*[^0-9]+\s*)([-,a-zA-Z]?0*)([0-9]+[a-z]*)$")


def _int(text: str) -> int | None:
    """JavaScript's parseInt: the leading integer, or None (NaN)."""
    m = _LEADING_INT.match(text)
    return int(m.group(0)) if m else None


@dataclass
class Part:
    """One number of a value: an optional letter prefix, the number, what joins it to the next."""

    particle: str
    value: str
    joiner: str
    collapsible: bool = False


@dataclass
class NumberInfo:
    """A parsed number variable."""

    parts: list[Part]
    numeric: bool
    plural: bool


def parse(value: str, variable: str) -> NumberInfo | None:
    """citeproc-js' reading of a number variable; None for values with embedded labels."""
    text = value.strip()
    if not text or "\\" in text or _LABEL.search(text):
        return None
    if variable == "page":
        text = text.replace(EN_DASH, "-")
    pieces = _JOINER_MATCH.split(text)
    parts: list[Part] = []
    for k in range(0, len(pieces), 2):
        joiner = pieces[k + 1] if k + 1 < len(pieces) else ""
        if _AND.match(joiner):
            before, after = pieces[k], pieces[k + 2]
            joiner = "&" if re.search(r"[a-zA-Z]$", before) and re.match(r"^[a-zA-Z]", after) else " & "
        m = _PARTICLE.match(pieces[k])
        particle, number = (m.group(1) or "", m.group(2)) if m else ("", pieces[k])
        parts.append(Part(particle, number, re.sub(r"\s*-\s*", "-", joiner, count=1)))
    master = parts[0].value
    numeric = bool(master) and _MASTER.match(master) is not None
    collapsible = _int(master) is not None or _ROMAN.match(master) is not None
    for part in parts:
        part.collapsible = collapsible
    plural = len(parts) > 1 and collapsible
    if variable.startswith("number-of-") and numeric and (_int(value) or 0) > 1:
        plural = True
    return NumberInfo(parts, numeric, plural)


def _expand(begin: str, end: str) -> str:
    if len(end) < len(begin):
        end = begin[: len(begin) - len(end)] + end
    return end


def _minimize(begin: str, end: str, minchars: int) -> str:
    if len(begin) != len(end):
        return end
    kept = list(end)
    for b, e in zip(begin, end, strict=True):
        if b == e and len(kept) > minchars:
            kept.pop(0)
        else:
            break
    return "".join(kept)


def _chicago15(begin: int, end: int) -> int | None:
    if begin > 100 and begin % 100 and begin // 100 == end // 100:
        return end % 100
    if begin >= 10000:
        return end % 1000
    return None


def _chicago16(begin: int, end: int) -> int | None:
    if begin > 100 and begin % 100:
        for power in range(2, len(str(end))):
            divisor = 10 ** power
            if begin // divisor == end // divisor:
                return end % divisor
    return None


def page_range(first: tuple[str, str], last: tuple[str, str], fmt: str | None, delimiter: str) -> str:
    """A two-number page range as citeproc-js' PageRangeMangler writes it.

    ``first``/``last`` are (prefix, number); ``fmt`` the style's page-range-format.
    """
    (p1, b), (p2, original) = first, last
    if (p2 and p1 != p2) or not b.isdigit() or not original.isdigit():
        return f"{p1}{b}{delimiter}{p2}{original}"
    e = _expand(b, original)
    if not int(b) < int(e):
        return f"{p1}{b}{delimiter}{p2}{original}"
    shown = e
    if fmt == "minimal":
        shown = _minimize(b, e, 0)
    elif fmt == "minimal-two":
        shown = _minimize(b, e, 2)
    elif fmt in ("chicago", "chicago-15", "chicago-16"):
        cut = (_chicago16 if fmt == "chicago-16" else _chicago15)(int(b), int(e))
        shown = e if cut is None else str(cut)
    if fmt in (None, "expanded"):
        return f"{p1}{b}{delimiter}{p1}{shown}"
    return f"{p1}{b}{delimiter}{shown}"


def _mangle(parts: list[Part], i: int, variable: str, page_format: str | None, delimiter: str) -> None:
    left, right = parts[i - 1], parts[i]
    if left.particle != right.particle or left.joiner != "-":
        return
    if page_format is None and (_int(left.value) or 0) > (_int(right.value) or 0):
        left.joiner = _fix_delimiter(variable, left.joiner, True, delimiter)
        return
    if variable == "page" and _int(left.value) is not None and _int(right.value) is not None:
        text = page_range((left.particle, left.value), (right.particle, right.value), page_format, delimiter)
    else:
        if _PLAIN.match(left.value) and _PLAIN.match(right.value):
            left.joiner = delimiter
        text = left.value + left.joiner + right.value
    m = _MANGLED.match(text)
    if m:
        left.particle, left.value = m.group(1) or "", m.group(2)
        left.joiner = _fix_delimiter(variable, m.group(3), True, delimiter)
        right.particle, right.value = m.group(4) or "", m.group(5)


def _fix_delimiter(variable: str, joiner: str, numeric: bool, delimiter: str) -> str:
    if joiner == "-" and numeric and (variable in _DELIMITED or variable in ("page", "collection-number")):
        return delimiter
    return joiner


def _fix_ranges(parts: list[Part], variable: str, page_format: str | None, delimiter: str,
                numeric: bool) -> None:
    count = 0
    for i, part in enumerate(parts):
        if not part.collapsible:
            count = 0
            part.joiner = _fix_delimiter(variable, part.joiner, numeric, delimiter)
        elif count and part.joiner == "-":
            count = 1
        elif count:
            count += 1
            if count == 2:
                _mangle(parts, i, variable, page_format, delimiter)
                count = 0
        else:
            count = 1


def render(info: NumberInfo, variable: str, page_format: str | None, delimiter: str,
           format_number: Callable[[str], str]) -> str:
    """The value as citeproc-js writes it (each number through ``format_number``)."""
    parts = [Part(p.particle, p.value, p.joiner, p.collapsible) for p in info.parts]
    if variable in RANGE_VARIABLES:
        _fix_ranges(parts, variable, page_format, delimiter, info.numeric)
    return "".join(p.particle + str(format_number(p.value)) + p.joiner for p in parts)
