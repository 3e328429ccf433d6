"""String-level fixes around citeproc-py, so formatted output matches citeproc-js.

Before rendering (:func:`prepare_item`): the characters ``& < >`` of the data become
private-use placeholders, so citeproc-py's case transforms cannot mistake data for
markup and the HTML output can escape them (citeproc-py left ``&`` and ``<script>``
raw in HTML); a straight apostrophe inside a word becomes ``’`` as citeproc-js
writes it (``colah's`` -> ``colah’s``).

After rendering (:func:`finish`): with the locale option ``punctuation-in-quote``
(en-US) a comma or period after a closing quote moves inside it
(``“Memory”,`` -> ``“Memory,”``); the placeholders become ``&``/``<``/``>`` in text
and ``&#38;``/``&#60;``/``&#62;`` in HTML (citeproc-js' entities).
"""

from __future__ import annotations

import re
from typing import Any

from .csl_elements import QUOTE_MARK

AMP, LT, GT = "\ue001", "\ue002", "\ue003"
_NOCASE = re.compile(r'(<span class="nocase">.*?</span>)', re.IGNORECASE | re.DOTALL)
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
_RAW_FIELDS = frozenset({"id", "type", "URL", "DOI", "ISBN", "ISSN", "PMID", "PMCID", "language"})
_TEXT_OUT = {AMP: "&", LT: "<", GT: ">"}
_HTML_OUT = {AMP: "&#38;", LT: "&#60;", GT: "&#62;"}
_PLACEHOLDERS = re.compile(f"[{AMP}{LT}{GT}]")
_QUOTE_PUNCT = re.compile(f"([”’»]){QUOTE_MARK}([.,])")


def _protect(text: str) -> str:
    return text.replace("&", AMP).replace("<", LT).replace(">", GT)


def protect_markup(text: str, apostrophes: bool = True) -> str:
    """Placeholders for ``& < >`` outside ``<span class="nocase">`` (which citeproc-py reads)."""
    parts = _NOCASE.split(text)
    out = []
    for k, part in enumerate(parts):
        if k % 2:
            inner = part[len('<span class="nocase">'):-len("</span>")]
            out.append('<span class="nocase">' + _protect(inner) + "</span>")
        else:
            out.append(_protect(part))
    result = "".join(out)
    return _APOSTROPHE.sub("’", result) if apostrophes else result


def _prepare_value(value: Any, apostrophes: bool) -> Any:
    if isinstance(value, str):
        return protect_markup(value, apostrophes)
    if isinstance(value, list):
        return [_prepare_value(v, apostrophes) for v in value]
    if isinstance(value, dict):
        return {k: v if k == "date-parts" else _prepare_value(v, apostrophes) for k, v in value.items()}
    return value


def prepare_item(item: dict[str, Any]) -> dict[str, Any]:
    """A copy of a CSL-JSON item ready for citeproc-py (placeholders, typographic apostrophes)."""
    return {
        key: value if key in ("id", "type") else _prepare_value(value, key not in _RAW_FIELDS)
        for key, value in item.items()
    }


def punctuation_in_quote(text: str, enabled: bool) -> str:
    """Move ``,`` and ``.`` inside a closing quote the style added (when the locale asks)."""
    if enabled:
        text = _QUOTE_PUNCT.sub(r"\2\1", text)
    return text.replace(QUOTE_MARK, "")


def unprotect(text: str, fmt: str) -> str:
    """Placeholders back to characters (text) or to citeproc-js' entities (html)."""
    table = _HTML_OUT if fmt == "html" else _TEXT_OUT
    return _PLACEHOLDERS.sub(lambda m: table[m.group(0)], text)


_DOUBLED = re.compile(r"([.,;:!?])((?:</(?:i|b|em|sup|sub|span)>)+)\1")


def collapse_punctuation(html: str) -> str:
    """``<i>et al.</i>.`` -> ``<i>et al.</i>``: citeproc-py drops a doubled mark only when
    nothing stands between the two (as in text output); citeproc-js also across tags."""
    return _DOUBLED.sub(r"\1\2", html)


def finish(text: str, fmt: str, piq: bool) -> str:
    """All post-rendering fixes of one rendered string."""
    text = punctuation_in_quote(text, piq)
    if fmt == "html":
        text = collapse_punctuation(text)
    return unprotect(text, fmt)
