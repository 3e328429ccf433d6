"""Markdown from citeproc-style HTML entries (citeproc-py has no Markdown formatter).

:func:`html_to_markdown` turns one entry's inner HTML into one Markdown line:
``<i>``/``<em>`` -> ``*…*``, ``<b>`` -> ``**…**``, ``<sup>``/``<sub>`` kept as inline
HTML, other markup dropped; every Markdown special character of the text is
backslash-escaped (a title ``[x](y)`` stays text, ``<script>`` stays text) and URLs
become autolinks ``<https://…>``.  :func:`escape` and :func:`link` are the same
rules for text rnnbib writes itself (headings, link lists).

Link destinations (:func:`destination`) are percent-encoded where Markdown would
read them differently: whitespace, controls, invisible characters
(:func:`rnnbib.textclean.clean_url`), ``\\`` (a backslash escape), ``( ) < >``
and the characters URLs may not hold raw (``" ^ ` { | }``) become ``%XX``, and an
``&`` that starts an entity reference (``&lt;``, ``&#60;``) becomes ``%26``, so a
CommonMark renderer gives back the URL itself (percent-encoded where it had to be).
:func:`is_web_url` tells which URLs may become links at all.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import quote

from ..textclean import clean_url

# ASCII punctuation that can start Markdown syntax inside a line (CommonMark + GFM)
_SPECIAL = re.compile(r"([\\`*_\[\]<>&~|!{}])")
_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)])")
# what a CommonMark autolink may hold: no whitespace, no ASCII control, no ``<``/``>``
_URL = re.compile(r"https?://[^\s<>\"\x00-\x1f\x7f-\x9f]+")
_URL_TRAILING = ".,;:)"
_WEB_SCHEMES = ("http://", "https://", "ftp://", "mailto:")
_UNSAFE_IN_DESTINATION = re.compile(r'[\s\x00-\x1f\x7f-\x9f"<>\\^`{|}()]')
_ENTITY_START = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_EMPHASIS = {"i": "*", "em": "*", "b": "**", "strong": "**"}
_KEEP = {"sup", "sub"}


def escape(text: str) -> str:
    """Text safe inside a Markdown paragraph, list item or heading (no markup survives)."""
    return _SPECIAL.sub(r"\\\1", text)


def escape_line_start(text: str) -> str:
    """Escape a leading ``#``, ``>``, ``-``, ``+``, ``=`` or ``1.`` that would start a block."""
    return _LINE_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], text, count=1)


def _text_with_urls(text: str) -> str:
    out = []
    pos = 0
    for match in _URL.finditer(text):
        url = match.group(0)
        trimmed = url.rstrip(_URL_TRAILING)
        end = match.start() + len(trimmed)
        out.append(escape(text[pos:match.start()]))
        out.append(f"<{_ENTITY_START.sub('%26', trimmed)}>")
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


class _Converter(HTMLParser):
    """Collects Markdown; emphasis markers hug their text (``<i> x</i>`` -> `` *x*``)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[str] = []
        self.pending: list[str] = []  # opening markers waiting for their first character

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack.append(tag)
        if tag in _EMPHASIS:
            self.pending.append(_EMPHASIS[tag])
        elif tag in _KEEP:
            self.parts.append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.stack:
            return
        while self.stack and self.stack.pop() != tag:
            pass
        if tag in _EMPHASIS:
            if self.pending:  # nothing inside: no markers at all
                self.pending.pop()
                return
            last = self.parts[-1] if self.parts else ""
            stripped = last.rstrip()
            if self.parts:
                self.parts[-1] = stripped
            self.parts.append(_EMPHASIS[tag] + last[len(stripped):])
        elif tag in _KEEP:
            self.parts.append(f"</{tag}>")
        elif tag == "div":
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if self.pending:
            stripped = data.lstrip()
            if not stripped:
                self.parts.append(data)
                return
            self.parts.append(data[: len(data) - len(stripped)] + "".join(self.pending))
            self.pending.clear()
            data = stripped
        self.parts.append(_text_with_urls(data))


def html_to_markdown(html: str) -> str:
    """One Markdown line from an entry's inner HTML (citeproc-js markup)."""
    converter = _Converter()
    converter.feed(html)
    converter.close()
    text = re.sub(r"\s+", " ", "".join(converter.parts)).strip()
    return escape_line_start(text)


def is_web_url(url: str) -> bool:
    """True for an ``http``, ``https``, ``ftp`` or ``mailto`` URL (the only ones written as links)."""
    return url.strip().lower().startswith(_WEB_SCHEMES)


def destination(url: str) -> str:
    """A link destination that Markdown reads as ``url`` (see the module docstring)."""
    target = _UNSAFE_IN_DESTINATION.sub(lambda m: quote(m.group(), safe=""), clean_url(url).strip())
    return _ENTITY_START.sub("%26", target)


def link(label: str, url: str) -> str:
    """A Markdown link ``[label](url)``: the label escaped, the URL as a :func:`destination`."""
    return f"[{escape(label)}]({destination(url)})"
