"""Invisible characters that text output must not carry, and single-line text.

:func:`clean_text` drops, from any text a writer prints (and from CSL-JSON input):

- the bidi embedding, override and isolate controls U+202A–U+202E and U+2066–U+2069:
  an unterminated U+202E makes the rest of a line (the next fields, the next entry)
  display reversed;
- the zero-width space U+200B, the word joiner U+2060 and the BOM / zero-width
  no-break space U+FEFF: invisible, they only hide differences between strings;
- lone surrogates (U+D800–U+DFFF, which JSON ``\\ud800`` escapes can produce): they
  cannot be encoded as UTF-8.

Kept: ZWJ U+200D and ZWNJ U+200C (needed by Indic and Arabic scripts and emoji
sequences), the left-to-right / right-to-left marks U+200E/U+200F (single strong
characters that cannot reverse a run) and the soft hyphen U+00AD.  The BibTeX writers
drop a wider set (see :mod:`rnnbib.latex`).

:func:`clean_url` keeps a URL pointing at the same resource: the same invisible
characters are percent-encoded instead (``%E2%80%AE``), lone surrogates dropped.

:func:`one_line` is the form of a note line or a keyword: cleaned, every whitespace run
(line breaks of all kinds included: CR, LF, VT, FF, U+0085, U+2028 …) one space, stripped.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any
from urllib.parse import quote

__all__ = ["INVISIBLE", "clean_text", "clean_tree", "clean_url", "one_line"]

INVISIBLE = re.compile("[\u200b\u202a-\u202e\u2060\u2066-\u2069\ufeff\ud800-\udfff]")
_WHITESPACE = re.compile(r"\s+")
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """``text`` without bidi controls, zero-width spaces, BOMs and lone surrogates."""
    return text if text.isascii() else INVISIBLE.sub("", text)


def clean_url(url: str) -> str:
    """``url`` with bidi controls, zero-width spaces and BOMs percent-encoded, lone surrogates dropped."""
    if url.isascii():
        return url
    return INVISIBLE.sub(lambda m: quote(m.group(), safe=""), _SURROGATE.sub("", url))


def one_line(text: str) -> str:
    """Cleaned text on one line: whitespace runs (line breaks included) become one space; stripped."""
    return _WHITESPACE.sub(" ", clean_text(text)).strip()


def clean_tree(value: Any, url_keys: Collection[str] = ()) -> Any:
    """A copy of a JSON-like value (dicts, lists, strings) with :func:`clean_text` applied to every string,
    :func:`clean_url` to a string under one of ``url_keys``."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {
            clean_tree(k): clean_url(v) if k in url_keys and isinstance(v, str) else clean_tree(v, url_keys)
            for k, v in value.items()
        }
    if isinstance(value, (list, tuple)):
        return [clean_tree(v, url_keys) for v in value]
    return value
