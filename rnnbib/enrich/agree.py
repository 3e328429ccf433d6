"""Whether two works that share an identifier describe the same item: titles and first authors.

A shared DOI or arXiv id is strong evidence, but files carry wrong identifiers
(a DOI pasted into the wrong entry, a proceedings DOI on every paper of a volume).
Two works disagree when both have a title of at least :data:`MIN_WORDS` words and the
titles differ beyond case, punctuation, markup, small edits and a missing subtitle,
or when both have a first author and the family names differ.  Missing data never
disagrees: a reading-list entry without authors merges with its .bib twin, and a
one- or two-word label (``char-rnn``, ``Slides``) is not a title to compare.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from ..model import Work
from .keys import fold_ascii

__all__ = ["MIN_WORDS", "disagreement"]

_WORD = re.compile(r"[a-z0-9]+")
_SIMILAR = 0.85  # difflib ratio of normalised titles above which two titles are the same
MIN_WORDS = 3


def _title_words(work: Work) -> list[str]:
    return _WORD.findall(fold_ascii(work.title))


def _titles_agree(a: list[str], b: list[str]) -> bool:
    if len(a) < MIN_WORDS or len(b) < MIN_WORDS:
        return True
    short, long = sorted((a, b), key=len)
    if long[:len(short)] == short:  # one title is the other without its subtitle
        return True
    return difflib.SequenceMatcher(None, " ".join(a), " ".join(b)).ratio() >= _SIMILAR


def _first_family(work: Work) -> str:
    names: Any = work.csl.get("author") or work.csl.get("editor") or []
    if not isinstance(names, list) or not names or not isinstance(names[0], dict):
        return ""
    name = names[0]
    text = str(name.get("family") or name.get("literal") or "")
    return "".join(_WORD.findall(fold_ascii(text)))


def _families_agree(a: str, b: str) -> bool:
    return not a or not b or a == b or a.endswith(b) or b.endswith(a)  # "vandermaaten" ~ "maaten"


def disagreement(a: Work, b: Work) -> str | None:
    """Why ``a`` and ``b`` are not the same item (``"titles differ"`` …), or None when they may be."""
    reasons = []
    if not _titles_agree(_title_words(a), _title_words(b)):
        reasons.append("titles")
    if not _families_agree(_first_family(a), _first_family(b)):
        reasons.append("first authors")
    return " and ".join(reasons) + " differ" if reasons else None
