"""mistune 3 block tokens with source lines, and inline content flattened into pieces.

mistune's AST carries no positions.  :func:`parse_blocks` adds them: a hook that runs after block
parsing, while every block still holds its raw Markdown, walks the tree in document order and finds
each block's first line in the source, searching forward from the previous block's first line and
preferring a match that only container marks (``>``, list markers, ``#``) precede on its line.
Because every block is visited in order, a repeated line is matched at the right occurrence.  Each
block token then has ``_line`` (1-based; a block that cannot be found gets the line of the block
before it); a list, list item, table or row gets the line of its first child.

mistune 3.4 misplaces a block quote ended by a block that swallows the next one (``> q`` then
``- item`` then ``# heading`` gives list, quote, heading); the block quote rule is wrapped so the
quote stays in document order.

:func:`pieces` flattens a block's inline children into :class:`Piece` objects (text with its
bold/italic state, links with their target and visible text, images, line breaks), reading raw
``<a href>``/``<img src>``/``<br>`` HTML too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import mistune

Token = dict[str, Any]

__all__ = ["Piece", "Token", "html_pieces", "lines", "parse_blocks", "pieces", "plain_text"]


@dataclass(slots=True)
class Piece:
    """One inline item: ``kind`` is ``text``, ``link``, ``image`` or ``break``.

    ``text`` is the visible text (a link's text, an image's alt text); ``url`` the target of a link
    or image; ``strong``/``em`` whether the piece sits inside bold/italic markup; ``image_link`` marks
    a link whose visible content is only an image (a badge or thumbnail).
    """

    kind: str
    text: str = ""
    url: str = ""
    strong: bool = False
    em: bool = False
    image_link: bool = False
    html: bool = False


@lru_cache(maxsize=1)
def _markdown() -> mistune.Markdown:
    md = mistune.create_markdown(renderer=None, plugins=["table", "url", "strikethrough"])
    md.block.register("block_quote", None, _parse_block_quote)
    md.before_render_hooks.append(_locate_hook)
    return md


def _parse_block_quote(block: mistune.BlockParser, m: re.Match[str], state: mistune.BlockState) -> int:
    """mistune's block quote rule, with the quote inserted where it started.

    mistune puts the quote before the last token when the block that ends it (a list, a rule ...)
    was parsed first; that block may have added several tokens.
    """
    index = len(state.tokens)
    end = mistune.BlockParser.parse_block_quote(block, m, state)
    tokens = state.tokens
    for i in range(len(tokens) - 1, max(index - 1, 0) - 1, -1):
        tok = tokens[i]
        if tok["type"] == "block_quote" and "_placed" not in tok:
            tok["_placed"] = True
            if i != index:
                tokens.insert(index, tokens.pop(i))
            break
    return end


def parse_blocks(text: str, first_line: int = 1) -> list[Token]:
    """Parse Markdown into mistune's block tokens, each with ``_line`` where it could be located.

    ``first_line`` is the line number of the text's first line (a chunk of a bigger file).
    """
    md = _markdown()
    state = md.block.state_cls()
    state.env["rnnbib_first_line"] = first_line
    tokens, _state = md.parse(text, state)
    assert isinstance(tokens, list)
    return tokens


# What may precede a block's first line on its source line: indentation, quote marks, list markers, `#`s.
_MARKS = " \t>*+-#.)0123456789"
_MAX_TRIES = 8


class _Locator:
    """Finds block first lines in the source, moving forward only; counts lines incrementally."""

    def __init__(self, src: str, first_line: int = 1) -> None:
        self.src = src
        self.pos = 0
        self.line = first_line

    def find(self, raw: str, anchored: bool = True) -> int:
        """The line of the first line of ``raw``, or 0 when it is not found.

        ``anchored``: prefer an occurrence that only container marks precede on its line (the first
        line of a block never follows other text; table cells do).
        """
        first = _first_line(raw)
        if not first:
            return 0
        src = self.src
        found = src.find(first, self.pos)
        if found < 0:
            return 0
        if anchored and src[src.rfind("\n", 0, found) + 1:found].strip(_MARKS):
            hit = found
            for _ in range(_MAX_TRIES):
                hit = src.find(first, hit + 1)
                if hit < 0:
                    break
                if not src[src.rfind("\n", 0, hit) + 1:hit].strip(_MARKS):
                    found = hit
                    break
        self.line += src.count("\n", self.pos, found)
        self.pos = found + len(first)
        return self.line


def _first_line(raw: str) -> str:
    for line in raw.split("\n", 8):
        line = line.strip()
        if line:
            # mistune expands leading tabs and strips container markers; the rest of the line is verbatim.
            return line
    return ""


def _locate_hook(md: mistune.Markdown, state: mistune.BlockState) -> None:
    _locate(state.tokens, _Locator(state.src, state.env.get("rnnbib_first_line", 1)))


def _locate(tokens: list[Token], loc: _Locator) -> int:
    """Set ``_line`` on each token; return the first line found (0 if none)."""
    first = 0
    for tok in tokens:
        line = 0
        raw = tok.get("text")
        if raw is None:
            raw = tok.get("raw")
        if isinstance(raw, str):
            line = loc.find(raw, tok["type"] != "table_cell")
            if line and tok["type"] == "block_code" and tok.get("style") == "fenced":
                blank = len(raw) - len(raw.lstrip(" \t\n"))
                line -= 1 + raw.count("\n", 0, blank)  # back to the opening fence
            elif not line:
                line = loc.line  # not found (should not happen): the line of the block before
        children = tok.get("children")
        if isinstance(children, list) and children and isinstance(children[0], dict):
            child_line = _locate(children, loc)
            line = line or child_line
        if line:
            tok["_line"] = line
            first = first or line
    return first


# -- inline ----------------------------------------------------------------------------------------

_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_SRC = re.compile(r"""\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_ALT = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)\b[^>]*>|<!--.*?-->", re.DOTALL)
_BREAK_TAGS = frozenset(("br", "p", "div", "li", "tr", "td", "th", "table", "ul", "ol", "hr"))


def _attr(pattern: re.Pattern[str], tag: str) -> str:
    m = pattern.search(tag)
    if m is None:
        return ""
    return next(g for g in m.groups() if g is not None)


def pieces(children: list[Token]) -> list[Piece]:
    """The inline children of a block as a flat list of pieces, in order."""
    out: list[Piece] = []
    if _flatten(children, False, False, out):
        return _close_html_links(out)
    return out


def _flatten(children: list[Token], strong: bool, em: bool, out: list[Piece]) -> bool:
    """Append the pieces of ``children`` to ``out``; True when raw HTML was among them."""
    html = False
    for tok in children:
        kind = tok["type"]
        if kind == "text" or kind == "codespan":
            out.append(Piece("text", tok["raw"], strong=strong, em=em))
        elif kind == "link":
            children_ = tok.get("children", [])
            if len(children_) == 1 and children_[0]["type"] == "text":
                out.append(Piece("link", children_[0]["raw"], tok["attrs"].get("url", ""), strong, em))
                continue
            inner: list[Piece] = []
            _flatten(children_, strong, em, inner)
            text = "".join(p.text for p in inner if p.kind == "text")
            only_images = bool(inner) and all(p.kind == "image" or not p.text.strip() for p in inner) \
                and any(p.kind == "image" for p in inner)
            out.append(Piece("link", text, tok["attrs"].get("url", ""), strong, em, only_images))
        elif kind == "image":
            alt = plain_text(tok.get("children", []))
            out.append(Piece("image", alt, tok["attrs"].get("url", ""), strong, em))
        elif kind == "strong":
            html = _flatten(tok["children"], True, em, out) or html
        elif kind == "emphasis":
            html = _flatten(tok["children"], strong, True, out) or html
        elif kind in ("softbreak", "linebreak"):
            out.append(Piece("break"))
        elif kind == "inline_html":
            out.extend(html_pieces(tok["raw"], strong, em))
            html = True
        elif "children" in tok:
            html = _flatten(tok["children"], strong, em, out) or html
        elif "raw" in tok:
            out.append(Piece("text", tok["raw"], strong=strong, em=em))
    return html


def html_pieces(raw: str, strong: bool = False, em: bool = False) -> list[Piece]:
    """Pieces of raw HTML: ``<a href>`` opens a link (closed by ``</a>``), ``<img src>`` is an image,
    block tags and ``<br>`` are breaks, text between tags is text, comments vanish."""
    out: list[Piece] = []
    pos = 0
    for m in _TAG.finditer(raw):
        if m.start() > pos:
            out.append(Piece("text", _unescape(raw[pos:m.start()]), strong=strong, em=em))
        pos = m.end()
        name = (m.group(2) or "").lower()
        closing = m.group(1) == "/"
        if name == "a":
            if closing:
                out.append(Piece("break", "</a>"))
            else:
                out.append(Piece("link", "", _unescape(_attr(_HREF, m.group(0))), strong, em, html=True))
        elif name == "img" and not closing:
            src = _unescape(_attr(_SRC, m.group(0)))
            out.append(Piece("image", _attr(_ALT, m.group(0)), src, strong, em))
        elif name in _BREAK_TAGS:
            out.append(Piece("break"))
    if pos < len(raw):
        out.append(Piece("text", _unescape(raw[pos:]), strong=strong, em=em))
    return out


def _unescape(s: str) -> str:
    return mistune.util.unescape(s) if "&" in s else s


def _close_html_links(out: list[Piece]) -> list[Piece]:
    """Fold the text and images between an ``<a href>`` piece and its ``</a>`` marker into the link."""
    if not any(p.kind == "break" and p.text == "</a>" for p in out):
        return out
    result: list[Piece] = []
    open_link: Piece | None = None
    for p in out:
        if p.kind == "break" and p.text == "</a>":
            open_link = None
            continue
        if open_link is not None and p.kind in ("text", "image"):
            if p.kind == "text":
                open_link.text += p.text
            elif not open_link.text.strip():
                open_link.image_link = True
            continue
        if p.kind == "link" and p.html:
            open_link = p
        result.append(p)
    return result


def lines(items: list[Piece]) -> Iterator[list[Piece]]:
    """Split pieces at line breaks."""
    current: list[Piece] = []
    for p in items:
        if p.kind == "break":
            if current:
                yield current
            current = []
        else:
            current.append(p)
    if current:
        yield current


def plain_text(children: list[Token]) -> str:
    """The visible text of inline children: markup dropped, link text kept, images and HTML tags dropped."""
    parts: list[str] = []
    _plain(children, parts)
    return "".join(parts)


def _plain(children: list[Token], parts: list[str]) -> None:
    for tok in children:
        kind = tok["type"]
        if kind in ("text", "codespan"):
            parts.append(tok["raw"])
        elif kind in ("softbreak", "linebreak"):
            parts.append(" ")
        elif kind == "inline_html":
            parts.append(_unescape(_TAG.sub("", tok["raw"])))
        elif kind != "image" and "children" in tok:
            _plain(tok["children"], parts)
