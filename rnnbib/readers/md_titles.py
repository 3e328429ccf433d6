"""Titles cut out of table cells and lines that also carry numbering and a description.

``1) Scaling Laws for Neural Language Models  We study empirical scaling laws …`` is the
title ``Scaling Laws for Neural Language Models``: the numbering goes, and the title ends
where the description starts — at two spaces, at `` - `` (or an en/em dash), at a colon
followed by a long sentence ending in a period (a subtitle has none), or at a new sentence
(``. `` and a capital) between a few words on each side (``Univ. Toronto`` stays).
"""

from __future__ import annotations

import re

__all__ = ["cut_title"]

_NUMBERING = re.compile(r"^\s*(?:[\[(]?\d{1,4}[\])]|\d{1,4}\.(?!\d))\s*")
_TWO_SPACES = re.compile(r"\S(\s{2,})\S")
_DASH = re.compile(r"\s+[-–—]\s+")
_COLON = re.compile(r":\s+")
_SENTENCE = re.compile(r"(?<=[a-z0-9)\]])\.\s+(?=[A-Z])")
_WORD = re.compile(r"\w+")
_LONG_DESCRIPTION = 12  # words after ": " (ending in a period) that make it a description, not a subtitle
_MIN_TITLE_WORDS = 2


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def cut_title(text: str) -> tuple[str, str]:
    """``(title, description)`` from a cell or line text; the description is ``""`` when none."""
    text = _NUMBERING.sub("", text.strip(), count=1)
    match = _TWO_SPACES.search(text)
    if match:
        return _done(text[:match.start(1)], text[match.end(1):])
    match = _DASH.search(text)
    if match and _words(text[:match.start()]) >= _MIN_TITLE_WORDS:
        return _done(text[:match.start()], text[match.end():])
    match = _SENTENCE.search(text)
    if match and _words(text[:match.start()]) >= 3 and _words(text[match.end():]) >= 3:
        return _done(text[:match.start()], text[match.end():])
    match = _COLON.search(text)
    rest = text[match.end():] if match else ""
    long_sentence = _words(rest) >= _LONG_DESCRIPTION and rest.rstrip().endswith(".")
    if match and long_sentence and _words(text[:match.start()]) >= 1:
        return _done(text[:match.start()], rest)  # a long sentence after the colon, not a subtitle
    return _done(text, "")


def _done(title: str, description: str) -> tuple[str, str]:
    return " ".join(title.split()).strip(" ,;:-–—"), " ".join(description.split())
