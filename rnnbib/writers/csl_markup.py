"""Rich text in CSL field values and ``display`` blocks, carried through citeproc-py as markers.

CSL-JSON values may carry the markup citeproc-js understands: ``<i>``, ``<b>``,
``<sup>``, ``<sub>``, ``<sc>``, ``<span style="font-variant:small-caps;">`` and
``<span class="nodecor">`` (Crossref titles: species names in ``<i>``, formulas
with ``<sub>``).  :func:`mark_rich_text` turns each *well-formed pair* of them into
private-use markers before rendering (anything else, e.g. ``<script>``, an unclosed
``<i>`` or attributes, stays text and is escaped); the style's ``display`` attribute
(``block``, ``left-margin``, ``right-inline``, ``indent``) wraps its element's output
in markers too.  After rendering, :func:`render_markers` writes them as citeproc-js
does: HTML tags (``<i>`` inside italics flips to ``font-style:normal``), or nothing
in text output (a ``left-margin`` is followed by a space, a block by a space).
"""

from __future__ import annotations

import re

from ..richtext import RICH, mark_rich_text

__all__ = ["ALL_MARKERS", "DISPLAY", "RICH", "mark_rich_text", "move_suffix_into_display", "render_markers"]

DISPLAY = {
    "block": ("\ue040", "\ue041"),
    "left-margin": ("\ue042", "\ue043"),
    "right-inline": ("\ue044", "\ue045"),
    "indent": ("\ue046", "\ue047"),
}
ALL_MARKERS = "".join(a + b for a, b in (*RICH.values(), *DISPLAY.values()))


_CLOSE_OF = {close: kind for kind, (_, close) in RICH.items()}
_OPEN_OF = {open_: kind for kind, (open_, _) in RICH.items()}
_DISPLAY_OPEN = {open_: kind for kind, (open_, _) in DISPLAY.items()}
_DISPLAY_CLOSE = {close for _, close in DISPLAY.values()}
_HTML_TOKEN = re.compile(f"</?(?:i|em|b|sup|sub|span|div)\\b[^>]*>|[{ALL_MARKERS}]")
_TEXT_MARKERS = re.compile(f"[{ALL_MARKERS}]")

# the property a style's HTML tag sets: (property, value)
_HTML_PROPERTIES = {
    "i": ("italic", True), "em": ("italic", True), "b": ("bold", True),
}
_NORMAL = {
    "italic": '<span style="font-style:normal;">',
    "bold": '<span style="font-weight:normal;">',
    "sc": '<span style="font-variant:normal;">',
}


class _Context:
    """The open decorations while walking rendered HTML."""

    def __init__(self) -> None:
        self.stack: list[tuple[dict[str, bool], str]] = []  # (properties set, closing text we emit)

    def active(self, prop: str) -> bool:
        for props, _ in reversed(self.stack):
            if prop in props:
                return props[prop]
        return False

    def push(self, props: dict[str, bool], close: str) -> None:
        self.stack.append((props, close))

    def pop(self) -> str:
        return self.stack.pop()[1] if self.stack else ""


def _html_tag_properties(tag: str) -> dict[str, bool]:
    name = re.match(r"<(\w+)", tag)
    assert name is not None
    found = _HTML_PROPERTIES.get(name.group(1).lower())
    if found:
        return {found[0]: found[1]}
    if "small-caps" in tag:
        return {"sc": True}
    if "font-style:normal" in tag:
        return {"italic": False}
    if "font-weight:normal" in tag:
        return {"bold": False}
    if "font-variant:normal" in tag:
        return {"sc": False}
    return {}


def _open_rich(kind: str, context: _Context) -> str:
    if kind == "i":
        flip = context.active("italic")
        context.push({"italic": not flip}, "</span>" if flip else "</i>")
        return _NORMAL["italic"] if flip else "<i>"
    if kind == "b":
        flip = context.active("bold")
        context.push({"bold": not flip}, "</span>" if flip else "</b>")
        return _NORMAL["bold"] if flip else "<b>"
    if kind == "sc":
        flip = context.active("sc")
        context.push({"sc": not flip}, "</span>")
        return _NORMAL["sc"] if flip else '<span style="font-variant:small-caps;">'
    if kind == "nodecor":
        props = [p for p in ("italic", "bold", "sc") if context.active(p)]
        context.push(dict.fromkeys(props, False), "</span>" * len(props))
        return "".join(_NORMAL[p] for p in props)
    context.push({}, f"</{kind}>")
    return f"<{kind}>"


# citeproc-js' HTML for display blocks, its line breaks included
_HTML_DISPLAY = {
    "block": ('\n\n    <div class="csl-block">', "</div>\n"),
    "left-margin": ('\n    <div class="csl-left-margin">', "</div>"),
    "right-inline": ('<div class="csl-right-inline">', "</div>\n  "),
    "indent": ('<div class="csl-indent">', "</div>\n  "),
}


def _html(text: str) -> str:
    context = _Context()
    open_kinds: list[str] = []

    def replace(m: re.Match[str]) -> str:
        token = m.group(0)
        if token in _OPEN_OF:
            return _open_rich(_OPEN_OF[token], context)
        if token in _CLOSE_OF:
            return context.pop()
        if token in _DISPLAY_OPEN:
            kind = _DISPLAY_OPEN[token]
            open_kinds.append(kind)
            return _HTML_DISPLAY[kind][0]
        if token in _DISPLAY_CLOSE:
            return _HTML_DISPLAY[open_kinds.pop()][1] if open_kinds else "</div>"
        if token.startswith("</"):
            context.pop()
        elif not token.endswith("/>"):
            context.push(_html_tag_properties(token), "")
        return token

    return _HTML_TOKEN.sub(replace, text)


_SPACE_BEFORE_LAST_CLOSE = re.compile(f"\\s+([{''.join(close for _, close in DISPLAY.values())}])$")
_DROP_EMPTY_DISPLAY = re.compile(
    "|".join(re.escape(a) + r"\s*" + re.escape(b) for a, b in DISPLAY.values())
)


_TRAILING_AFTER_DISPLAY = re.compile(
    f"([{''.join(close for _, close in DISPLAY.values())}])([^{ALL_MARKERS}]+)$"
)


_PUNCT_OPENING_BLOCK = re.compile(
    f"([{''.join(close for _, close in DISPLAY.values())}])([{''.join(o for o, _ in DISPLAY.values())}])([.,;:])"
)


def _punct_into_previous(m: re.Match[str]) -> str:
    closing, opening, mark = m.groups()
    doubled = m.string[:m.start()].endswith(mark)  # "N.d." + "." stays "N.d."
    return ("" if doubled else mark) + closing + opening


def _suffix_inside(m: re.Match[str]) -> str:
    closing, suffix = m.groups()
    text = m.string[:m.start()]
    if suffix[:1] in ".,;:!?" and text.endswith(suffix[:1]):
        suffix = suffix[1:]  # "Inc." + "." stays "Inc."
    return suffix + closing


def move_suffix_into_display(text: str) -> str:
    """Punctuation as citeproc-js places it around ``display`` blocks: text after the last
    block (the layout suffix) goes inside it (``<div class="csl-right-inline">… Here.</div>``),
    a mark opening a block ends the previous one (``1999.</div><div …> arXiv``)."""
    if not _TEXT_MARKERS.search(text):
        return text
    text = _PUNCT_OPENING_BLOCK.sub(_punct_into_previous, text)
    match = _TRAILING_AFTER_DISPLAY.search(text)
    if match is None:
        return text
    return text[:match.start()] + _suffix_inside(match)


def render_markers(text: str, fmt: str) -> str:
    """The markers of :func:`mark_rich_text` and ``display`` as HTML, or removed (text)."""
    if not _TEXT_MARKERS.search(text):
        return text
    text = _SPACE_BEFORE_LAST_CLOSE.sub(r"\1", _DROP_EMPTY_DISPLAY.sub("", text))
    if fmt == "html":
        return _html(text)
    text = text.replace(DISPLAY["left-margin"][1], " ").replace(DISPLAY["block"][1], " ")
    return _TEXT_MARKERS.sub("", text)


def strip_markers(text: str) -> str:
    """``text`` without any marker (sort keys)."""
    return _TEXT_MARKERS.sub("", text)
