"""URL clean-up and URL spotting shared by the identifier modules."""

from __future__ import annotations

import re
from collections.abc import Iterator

# Characters that sneak into copied links and are never part of one.
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060\u00ad"), None)
# A second scheme glued to a word character: `…/AB3DMOThttps://github.com/…`.  A scheme after `/` or `=`
# (web.archive.org/web/2016/https://…, ?url=https://…) is left alone.
_GLUED_SCHEME = re.compile(r"(?<=[A-Za-z0-9])https?://", re.IGNORECASE)
_TRAILING_PUNCT = ".,;:!'\"*"
_PAIRS = {")": "(", "]": "[", "}": "{", ">": "<"}

#: Optional scheme, tolerant of typos (`hmttps://`) and protocol-relative `//host`.
SCHEME = r"(?i:[a-z][a-z0-9+.\-]*:)?/*"

# A URL in free text: with a scheme, `www.`, or a host name with a letter TLD followed by `/`.
# Brackets and quotes end it (markdown `[url](url)`); an unbalanced `)` is trimmed afterwards.
URL_IN_TEXT = (
    r"(?<![\w@.\-/])(?i:[a-z][a-z0-9+.\-]*://|www\.|[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}(?::\d+)?/)"
    r"[^\s<>\"'`\[\]{}（）]+"
)
_URL_IN_TEXT = re.compile(URL_IN_TEXT)


def trim_trailing(s: str) -> str:
    """Drop sentence punctuation and unbalanced closing brackets from the end of ``s``."""
    while s:
        last = s[-1]
        if last in _TRAILING_PUNCT or (last in _PAIRS and s.count(last) > s.count(_PAIRS[last])):
            s = s[:-1]
        else:
            break
    return s


def comparable_url(url: str) -> str:
    """A link target made comparable: trimmed, invisible characters and ``&amp;`` removed,
    a glued second URL cut off, trailing punctuation dropped."""
    url = url.strip()
    if not url.isascii():
        url = url.translate(_INVISIBLE)
    if "&amp;" in url:
        url = url.replace("&amp;", "&")
    m = _GLUED_SCHEME.search(url, 1)
    if m is not None:
        url = url[: m.start()]
    return trim_trailing(url)


def cut_unbalanced(token: str) -> str:
    """``token`` up to its first unbalanced ``)`` (the end of a markdown ``[text](url)``)."""
    if ")" not in token:
        return token
    depth = 0
    for i, c in enumerate(token):
        if c == "(":
            depth += 1
        elif c == ")":
            if depth == 0:
                return token[:i]
            depth -= 1
    return token


def urls_in(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, url)`` for each URL-like token in free text."""
    for m in _URL_IN_TEXT.finditer(text):
        url = cut_unbalanced(m.group(0))
        yield m.start(), m.start() + len(url), url
