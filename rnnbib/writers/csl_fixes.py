"""String-level fixes around citeproc-py, so formatted output matches citeproc-js.

Before rendering (:func:`prepare_item`), in the data:

- citeproc-js' rich-text tags (``<i>`` ... ``<sc>``) become markers (``csl_markup``);
  any other ``& < >`` become private-use placeholders, so citeproc-py's case transforms cannot
  mistake data for markup and HTML output can escape them (citeproc-py left ``&`` and
  ``<script>`` raw in HTML);
- a straight apostrophe inside a word becomes ``’`` (``colah's`` -> ``colah’s``), a pair
  of straight single quotes ``‘…’``, as citeproc-js writes them;
- double quotes (straight or curly) become markers, resolved after rendering.

After rendering (:func:`finish`):

- locale ``punctuation-in-quote`` (en-US): a comma or period after a closing quote the
  style added moves inside it (``“Memory”,`` -> ``“Memory,”``);
- a period or colon after ``?`` or ``!`` is dropped (``Why RNNs?.`` -> ``Why RNNs?``);
- rich-text and ``display`` markers become HTML tags, or go (text);
- data double quotes become the locale's quotes, flipped to the inner quotes inside
  quotes the style added (``“The ‘echo state’ approach”``);
- HTML only: a mark doubled across a closing tag is dropped (``<i>et al.</i>.``);
- the placeholders become ``&``/``<``/``>`` in text and ``&#38;``/``&#60;``/``&#62;``
  in HTML (citeproc-js' entities).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .csl_elements import DECORATED_END
from .csl_markup import mark_rich_text, move_suffix_into_display, render_markers
from .csl_names import JOINED, parse_names
from .csl_textcase import (
    DATA_CLOSE_QUOTE,
    DATA_OPEN_QUOTE,
    KEEP_CASE,
    MARKERS,
    STYLE_CLOSE_QUOTE,
    STYLE_OPEN_QUOTE,
    kept_case,
    mark_kept_case,
)

AMP, LT, GT = "\ue001", "\ue002", "\ue003"
_NOCASE = re.compile(r'(<span class="nocase">.*?</span>)', re.IGNORECASE | re.DOTALL)
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
_SINGLE_PAIR = re.compile(r"(?<![\w'])'([^'\s](?:[^']*[^'\s])?)'(?![\w'])")
_DOUBLE_PAIR = re.compile(r'"([^"]+)"|“([^“”]+)”')
_RAW_FIELDS = frozenset({"id", "type", "URL", "DOI", "ISBN", "ISSN", "PMID", "PMCID", "language"})
# CSL-JSON names of short forms (Zotero, citeproc-js) -> the CSL variable citeproc-py reads
_ALIASES = {"journalAbbreviation": "container-title-short", "shortTitle": "title-short"}
_TEXT_OUT = {AMP: "&", LT: "<", GT: ">"}
_HTML_OUT = {AMP: "&#38;", LT: "&#60;", GT: "&#62;"}
_PLACEHOLDERS = re.compile(f"[{AMP}{LT}{GT}]")
_QUOTE_PUNCT = re.compile(
    f"([.,]?)((?:[”’»]{STYLE_CLOSE_QUOTE}|{DATA_CLOSE_QUOTE}|[”’](?=[”’]?{DATA_CLOSE_QUOTE}))+)([.,])"
)
_AFTER_SEMICOLON = re.compile(r";[.:]")  # citeproc-js: a semicolon absorbs a following . or :
_STOP_AFTER_MARK = re.compile(f"([?!])((?:[”’»{MARKERS}]|</(?:i|b|em|sup|sub|span)>)*)[.:]")
_DOUBLED = re.compile(r"([.,;:!?])((?:</(?:i|b|em|sup|sub|span)>)+)\1")
_QUOTE_MARKERS = re.compile(f"[{MARKERS}]")


@dataclass(frozen=True)
class Quotes:
    """A locale's quotation marks."""

    open: str = "“"
    close: str = "”"
    open_inner: str = "‘"
    close_inner: str = "’"


def _protect(text: str) -> str:
    return text.replace("&", AMP).replace("<", LT).replace(">", GT)


def protect_text(text: str) -> str:
    """``& < >`` as placeholders (rendered ``&#38;`` ... in HTML, as themselves in text)."""
    return _protect(text)


def _as_markers(m: re.Match[str]) -> str:
    return DATA_OPEN_QUOTE + next(g for g in m.groups() if g is not None) + DATA_CLOSE_QUOTE


def _typography(text: str) -> str:
    # citeproc-js: the first kind of quotes in a field is its outer kind, rendered with the
    # locale's quotes for the nesting depth; the other kind stays single quotes
    text = _APOSTROPHE.sub("’", text)
    double, single = _DOUBLE_PAIR.search(text), _SINGLE_PAIR.search(text)
    if single and (not double or single.start() < double.start()):
        text = _SINGLE_PAIR.sub(_as_markers, text)
        return _DOUBLE_PAIR.sub(lambda m: "‘" + next(g for g in m.groups() if g is not None) + "’",
                                text).replace("'", "’")
    text = _SINGLE_PAIR.sub(r"‘\1’", text)
    return _DOUBLE_PAIR.sub(_as_markers, text).replace("'", "’")


def protect_markup(text: str, typography: bool = True) -> str:
    """Placeholders for ``& < >`` outside ``<span class="nocase">`` (which citeproc-py reads),
    and (``typography``) citeproc-js' apostrophes and quotes."""
    text = mark_rich_text(text)
    parts = _NOCASE.split(text)
    if len(parts) == 1:
        return _typography(_protect(text)) if typography else _protect(text)
    out = []
    for k, part in enumerate(parts):
        if k % 2:
            inner = _protect(part[len('<span class="nocase">'):-len("</span>")])
            out.append('<span class="nocase">' + (_typography(inner) if typography else inner) + "</span>")
        else:
            out.append(_typography(_protect(part)) if typography else _protect(part))
    return "".join(out)


def _prepare_value(value: Any, typography: bool) -> Any:
    if isinstance(value, str):
        return protect_markup(value, typography)
    if isinstance(value, list):
        return [_prepare_value(v, typography) for v in value]
    if isinstance(value, dict):
        return {k: v if k == "date-parts" else _prepare_value(v, typography) for k, v in value.items()}
    return value


def prepare_item(item: dict[str, Any]) -> dict[str, Any]:
    """A copy of a CSL-JSON item ready for citeproc-py (placeholders, typography)."""
    prepared = {
        key: value if key in ("id", "type") else _prepare_value(parse_names(value), key not in _RAW_FIELDS)
        for key, value in item.items()
    }
    for alias, variable in _ALIASES.items():
        if alias in prepared and variable not in prepared:
            prepared[variable] = prepared[alias]
    prepared.setdefault("type", "")  # citeproc-js renders an item without a type; it matches no type condition
    for key, value in item.items():
        if isinstance(value, str) and key not in _RAW_FIELDS and key != "type":
            positions = kept_case(value)
            if positions and len(prepared[key]) == len(value):  # the typography keeps positions
                prepared[key] = mark_kept_case(prepared[key], positions)
    return prepared


def punctuation_in_quote(text: str, enabled: bool) -> str:
    """Move ``,`` and ``.`` inside a closing quote the style added (when the locale asks)."""
    if not enabled:
        return text
    # a mark that is already there is not doubled ("dot.." -> "dot.")
    def move(m: re.Match[str]) -> str:
        before, quote, after = m.groups()
        return before + (after if after != before else "") + quote

    return _QUOTE_PUNCT.sub(move, text)


def resolve_quotes(text: str, quotes: Quotes) -> str:
    """Data quotes -> the locale's outer or inner quotes by nesting depth; markers removed."""
    depth = 0

    def replace(m: re.Match[str]) -> str:
        nonlocal depth
        mark = m.group(0)
        if mark == STYLE_OPEN_QUOTE:
            depth += 1
            return ""
        if mark == STYLE_CLOSE_QUOTE:
            depth = max(depth - 1, 0)
            return ""
        if mark == DATA_OPEN_QUOTE:
            depth += 1
            return quotes.open if depth % 2 else quotes.open_inner
        depth = max(depth - 1, 0)
        return quotes.close if depth % 2 == 0 else quotes.close_inner

    return _QUOTE_MARKERS.sub(replace, text)


def collapse_punctuation(html: str) -> str:
    """``<i>et al.</i>.`` -> ``<i>et al.</i>``: citeproc-py drops a doubled mark only when
    nothing stands between the two (as in text output); citeproc-js also across tags."""
    return _DOUBLED.sub(r"\1\2", html)


def unprotect(text: str, fmt: str) -> str:
    """Placeholders back to characters (text) or to citeproc-js' entities (html)."""
    table = _HTML_OUT if fmt == "html" else _TEXT_OUT
    return _PLACEHOLDERS.sub(lambda m: table[m.group(0)], text)


def finish(text: str, fmt: str, piq: bool, quotes: Quotes = Quotes()) -> str:
    """All post-rendering fixes of one rendered string."""
    text = text.replace(KEEP_CASE, "").replace(JOINED + " ", "").replace(JOINED, "").replace(DECORATED_END, "")
    text = move_suffix_into_display(text)
    text = render_markers(punctuation_in_quote(text, piq), fmt)
    text = _AFTER_SEMICOLON.sub(";", _STOP_AFTER_MARK.sub(r"\1\2", text))
    text = resolve_quotes(text, quotes)
    if fmt == "html":
        text = collapse_punctuation(text)
    return unprotect(text, fmt)
