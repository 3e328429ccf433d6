"""The Markdown reading-list reader, built on mistune 3's AST.

Two families of entries are read:

* **Titled entries** (the seed's format): a paragraph that is only a bold title, followed by body
  blocks up to the next title, heading or rule — ``- label: value`` bullets, a lone ``[url](url)``
  line, an image, free text.  A title with nothing after it is reported as a skip, never dropped.
  Links inside the bold text are the work's links; ``**a b **`` (not bold in CommonMark) is a title
  too.  A title with links or without a letter is *weak*: only label bullets join it, any other
  list closes it.  Label bullets after a paragraph that is not a title never join the entry above
  silently: a one-line paragraph becomes the title of a new entry, anything else is reported.
* **One-line entries** of awesome lists: a list item, paragraph or table row in one of the shapes of
  :mod:`.md_shapes`, with at least one usable link.  Lines whose links are all anchors (``#toc``),
  badges or share buttons are navigation, not works; a line with no link is not a work.

The heading hierarchy gives each work its section path; YAML front matter becomes the list metadata
(a broken one is reported and read as Markdown).  Link targets decide over link text; labels and
targets together give each link its role (:mod:`.md_labels`); the Work itself is built by
:mod:`.md_build`.
"""

from __future__ import annotations

import datetime
import functools
import re
from typing import Any, NamedTuple

import yaml

from ..identifiers import PAPER_KINDS as _PAPER_KINDS
from ..identifiers import arxiv, detect
from ..model import Identifier, Location, Problem
from . import ReadResult, md_parallel
from .md_ast import Piece, Token, html_pieces, lines, parse_blocks, pieces, plain_text
from .md_build import PAPER_KINDS, ListEntry, build_work, identifiers_of
from .md_hints import venue_hint
from .md_labels import TEXT, MarkdownLabel, canonical_label, link_role, split_label, url_role
from .md_shapes import CELL, Shape, detect_shape, is_tag_text, is_url_text
from .md_titles import cut_title

__all__ = ["read_markdown", "usable_links"]

_FM_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")
_HOSTLIKE = re.compile(r"^(?:www\.|[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}(?::\d+)?/)")
_GLUED = re.compile(r"(?<=[A-Za-z0-9])https?://", re.IGNORECASE)
# Residue of broken link syntax inside a target: `url}(url`, `url](url`, `url（url`, raw or %-encoded.
_BROKEN_PAIR = re.compile(r"(?:[\]})]|%5D|%7D)(?:[(（]|%EF%BC%88)|[\]}]|%5D|%7D|（|%EF%BC%88", re.IGNORECASE)
_JUNK_TAIL = re.compile(r"(?:%5C[nrt]?|%0[AD]|%20|\\[nrt]?)+$", re.IGNORECASE)
_DOUBLE_SLASH = re.compile(r"^(https?://[^/?#]+)//+")
_INVISIBLE = ("%EF%BB%BF", "%E2%80%8B", "%C2%AD", "\ufeff", "\u200b", "\u00ad")
_JUNK_URL = re.compile(
    r"twitter\.com/(?:home|intent|share)|facebook\.com/shar|plus\.google\.com/share|linkedin\.com/share"
    r"|reddit\.com/submit|shields\.io|badge|travis-ci\.|gitter\.im|awesome\.re|star-history\.com",
    re.IGNORECASE,
)
# Anything `clean_link` might repair; a target without any of these is used as it is.
_SUSPECT = re.compile(r"%(?:EF|E2|C2|5D|7D)|[\ufeff\u200b\u00ad\]}（&\s]|[A-Za-z0-9]https?://", re.IGNORECASE)
_STARS = re.compile(r"(?::[a-z_]+:|[\s★☆⭐])*")
_LETTERS = re.compile(r"[^\W\d_]")
_NUMBERING = re.compile(r"\s*[\[(]?\s*\d{1,4}\s*[\])]?\s*[.:)]?\s*")
_LITERAL_BOLD = re.compile(r"(\*\*|__)[\s*_]*(?P<title>[^\s*_].*?)[\s*_]*", re.DOTALL)
_MAX_LOOSE_TITLE = 300


class _Title(NamedTuple):
    """A bold title line: its text, and whether it is weak (links in it, or no letter)."""

    text: str
    weak: bool


def read_markdown(text: str, name: str) -> ReadResult:
    """Read a Markdown reading list (``text`` already LF, no BOM) into offline Works.

    ``name`` is used in every location.  Returns the works in list order, the problems (skipped
    bold titles, a broken front matter) and the list metadata from the front matter (``title``,
    ``date`` as ISO text ...).
    """
    result = ReadResult()
    body, meta, problem = _front_matter(text, name)
    result.meta.update(meta)
    if problem is not None:
        result.problems.append(problem)
    parts = md_parallel.read_chunks(body, functools.partial(_read_chunk, name, result.meta))
    for part in parts:
        result.works.extend(part.works)
        result.problems.extend(part.problems)
    result.meta = parts[0].meta
    return result


def _read_chunk(name: str, meta: dict[str, Any], text: str, first_line: int,
                document_start: bool) -> ReadResult:
    """Read one chunk of a list (see :mod:`.md_parallel`); only the first one sees the document title."""
    result = ReadResult(meta=dict(meta))
    _Reader(name, result).read(parse_blocks(text, first_line), document_start)
    return result


# -- front matter ----------------------------------------------------------------------------------

def _front_matter(text: str, name: str) -> tuple[str, dict[str, Any], Problem | None]:
    """Split YAML front matter off; its lines become blank so line numbers stay true."""
    if not text.startswith("---\n"):
        return text, {}, None
    end = _FM_END.search(text, 4)
    if end is None:
        return text, {}, None
    block = text[4:end.start()]
    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = 2 + mark.line if mark is not None else 1
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return text, {}, Problem(f"front matter is not valid YAML ({reason}); read as Markdown",
                                 Location(name, line), "error")
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return text, {}, Problem("front matter is not a YAML mapping; read as Markdown",
                                 Location(name, 1), "error")
    stop = end.end()
    body = "\n" * text.count("\n", 0, stop) + text[stop:]
    return body, {str(k): _meta_value(v) for k, v in data.items()}, None


def _meta_value(value: Any) -> Any:
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return [_meta_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _meta_value(v) for k, v in value.items()}
    return value


# -- links -------------------------------------------------------------------------------------------

def clean_link(url: str, text: str = "") -> str | None:
    """A usable absolute link target, repaired where the list mangled it, or None.

    Anchors and relative paths give None.  Repairs: invisible characters, a second URL glued on,
    ``{url}(url)``-style residue, a missing scheme (``www.x/…``, ``host.tld/path``), a scheme typo
    when the link text is a proper URL, ``//`` after the host.
    """
    if text != url and is_url_text(text) and _better_target(url, text):
        return clean_link(text.strip())
    if url.startswith(("http://", "https://")) and not _SUSPECT.search(url, 9) and url.find("//", 8) < 0:
        return url
    url = url.strip()
    for ch in _INVISIBLE:
        if ch in url:
            url = url.replace(ch, "")
    if not url or url.startswith("#"):
        return None
    m = _BROKEN_PAIR.search(url)
    if m and m.start() > 8:
        url = url[:m.start()]
    m = _GLUED.search(url, 8)
    if m:
        url = _JUNK_TAIL.sub("", url[:m.start()])
    if "&" in url and "?" not in url and "#" not in url:
        url = url[:url.index("&")]  # `…/1112.6209.pdf&embed`: a query without its `?`
    if not _SCHEME.match(url):
        if url.startswith("//"):
            url = "https:" + url
        elif _HOSTLIKE.match(url):
            url = "http://" + url
        elif is_url_text(text) and text.strip() != url:
            return clean_link(text.strip())
        else:
            return None
    scheme = url.split(":", 1)[0].lower()
    if scheme not in ("http", "https", "ftp"):
        if is_url_text(text) and text.strip().lower().startswith(("http", "www", "ftp")):
            return clean_link(text.strip())
        return None
    if "//" in url[8:]:
        url = _DOUBLE_SLASH.sub(r"\1/", url)
    return url


def _better_target(url: str, text: str) -> bool:
    """Whether a link's text is a URL naming a paper identifier while its target names none
    (``[https://arxiv.org/abs/1603.04992](https://arxiv.org/abs/1603.049921)``)."""
    candidate = text.strip()
    if not candidate.lower().startswith(("http://", "https://")):
        return False
    found = [i for i in identifiers_of(candidate) if i.kind in PAPER_KINDS]
    return bool(found) and not any(i.kind in PAPER_KINDS for i in identifiers_of(url))


def usable_links(items: list[Piece]) -> list[str]:
    """The link targets of a line that can make or join a work: repaired, not anchors, badges or
    share buttons (what an entry is accounted for by)."""
    urls = (clean_link(p.url, p.text) for p in items if p.kind == "link" and not p.image_link)
    return [u for u in urls if u is not None and not _JUNK_URL.search(u)]


def _identifies_paper(url: str, target_role: str) -> bool:
    """Whether a link target names a paper identifier (code, video, slides and blog hosts never do)."""
    if target_role != "web" and target_role != "paper":
        return False
    return any(i.kind in PAPER_KINDS for i in identifiers_of(url))


# -- the walk ----------------------------------------------------------------------------------------

class _Reader:
    """Walks the block tokens once, in order, keeping the section path and the open titled entry."""

    def __init__(self, name: str, result: ReadResult) -> None:
        self.name = name
        self.result = result
        self.headings: list[tuple[int, str]] = []
        self.section: tuple[str, ...] = ()
        self.pending: ListEntry | None = None
        # A one-line paragraph after the open entry got its list or links, held until the next block
        # says whether it is the title of a new entry (label bullets follow) or part of the open one.
        self.held: tuple[list[Piece], int] | None = None

    def read(self, tokens: list[Token], document_start: bool = True) -> None:
        """Walk the tokens; ``document_start`` is False for a later chunk of a document (no title there)."""
        first = next((t for t in tokens if t["type"] != "blank_line"), None) if document_start else None
        if first is not None and first["type"] == "heading" and first["attrs"]["level"] == 1:
            title = plain_text(first["children"]).strip()
            if not self.result.meta.get("title"):
                self.result.meta["title"] = title
            if self.result.meta.get("title") == title:
                first["_doc_title"] = True
        self.blocks(tokens)
        self.close()

    # entries ------------------------------------------------------------------------------------
    def close(self) -> None:
        """Finish the open titled entry: a work, or a reported skip when nothing followed it."""
        entry, self.pending = self.pending, None
        if entry is None:
            return
        if self.held is not None:
            entry.lines.append(self.held[1])
            self.body_lines(self.held[0], entry)
            self.held = None
        self.finish_titled(entry)

    def finish_titled(self, entry: ListEntry) -> None:
        if entry.links or entry.has_body:
            self.result.works.append(build_work(entry, self.name))
        else:
            self.result.problems.append(Problem(
                f"bold title with no links and nothing after it, skipped: {entry.title!r}",
                Location(self.name, entry.line), "skip"))

    # blocks -------------------------------------------------------------------------------------
    def blocks(self, tokens: list[Token]) -> None:
        for tok in tokens:
            kind = tok["type"]
            if kind == "blank_line":
                continue
            if self.held is not None:
                self.release(tok)
            if kind == "heading":
                self.heading(tok)
            elif kind == "thematic_break":
                self.close()
            elif kind in ("paragraph", "block_text"):
                self.paragraph(tok)
            elif kind == "list":
                if self.pending is not None:
                    self.entry_list(tok, self.pending)
                if self.pending is not None:
                    self.body_blocks(tok["children"], self.pending)
                elif not self.label_list(tok):
                    for item in tok["children"]:
                        self.item(item)
            elif kind == "table":
                self.close()
                self.table(tok)
            elif kind == "block_quote":
                if self.pending is not None and not _opens_with_title(tok):
                    self.body_blocks(tok["children"], self.pending)
                else:
                    self.blocks(tok["children"])
            elif kind == "block_html":
                items = html_pieces(tok.get("raw", ""))
                if self.pending is not None:
                    self.body_lines(items, self.pending)
                else:
                    self.standalone(items, tok.get("_line", 0))
            elif self.pending is not None:
                self.pending.has_body = True

    def heading(self, tok: Token) -> None:
        self.close()
        if tok.get("_doc_title"):
            return
        level = tok["attrs"]["level"]
        text = " ".join(plain_text(tok["children"]).split())
        while self.headings and self.headings[-1][0] >= level:
            self.headings.pop()
        if text:
            self.headings.append((level, text))
        self.section = tuple(t for _, t in self.headings)

    def entry_list(self, tok: Token, entry: ListEntry) -> None:
        """Before a list is read into the open entry: a weak title takes only label bullets (any other
        list closes it); label bullets after a paragraph that is not a title are reported."""
        if not entry.weak and not entry.loose_line:
            entry.filled = True
            return
        labelled = _label_bullets(tok)
        if entry.weak and not labelled:
            self.close()
            return
        if entry.loose_line and labelled:
            line = tok.get("_line", 0) or entry.loose_line
            self.result.problems.append(Problem(
                f"label bullets follow a paragraph (line {entry.loose_line}) that is not a bold title; "
                f"read into the entry above, {entry.title!r} (line {entry.line})",
                Location(self.name, line), "warning"))
        entry.loose_line = 0
        entry.filled = True

    def release(self, tok: Token) -> None:
        """The held paragraph: the title of a new entry when label bullets follow it, else the open
        entry's body."""
        assert self.held is not None and self.pending is not None
        items, line = self.held
        self.held = None
        if tok["type"] == "list" and _label_bullets(tok):
            title = _loose_title(items)
            assert title is not None
            self.result.problems.append(Problem(
                f"label bullets follow a paragraph that is not a bold title; read as a new entry {title!r}",
                Location(self.name, line), "warning"))
            self.open(_Title(title, False), items, line)
        else:
            self.pending.loose_line = line
            self.pending.lines.append(line)
            self.body_lines(items, self.pending)

    def open(self, title: _Title, items: list[Piece], line: int) -> None:
        """Open a titled entry; links in the title line are its links."""
        self.close()
        entry = ListEntry(title.text, line, self.section, weak=title.weak)
        for p in items:
            if p.kind == "link" and not p.image_link:
                url = clean_link(p.url, p.text)
                if url is None or _JUNK_URL.search(url):
                    continue
                label = _tag_label(p.text)
                target = url_role(url)
                entry.add_link(url, link_role(label, target, _identifies_paper(url, target)),
                               p.text.strip() if label is not None else "", label.name if label else "")
        self.pending = entry

    def paragraph(self, tok: Token) -> None:
        first_line = tok.get("_line", 0)
        groups = _source_lines(tok["children"])
        split = [(offset, pieces(children)) for offset, children in groups] if len(groups) > 1 else []
        if not split or all(_title(items) is None for _, items in split):
            items = pieces(tok["children"])
            title = _title(items)
            if title is not None:
                self.open(title, items, first_line)
            elif self.pending is None:
                self.standalone(items, first_line)
            elif self.pending.filled and _loose_title(items) is not None:
                self.held = (items, first_line)
            else:
                if self.pending.filled:
                    self.pending.loose_line = first_line
                self.body_paragraph(items, self.pending, first_line)
            return
        # Bold title lines inside a paragraph (`**Title**` directly followed by `[url](url)`, or two
        # bold lines in a row): each bold line opens an entry, the other lines are bodies.
        leading: list[Piece] = []
        for offset, items in split:
            title = _title(items)
            if title is not None:
                if leading:
                    self.standalone(leading, first_line)
                    leading = []
                self.open(title, items, first_line + offset)
            elif self.pending is not None:
                self.body_paragraph(items, self.pending, first_line + offset)
            else:
                leading.extend([*items, Piece("break")])
        if leading:
            self.standalone(leading, first_line)

    def label_list(self, tok: Token) -> bool:
        """Label bullets with no bold title above them (right under a heading): one entry titled
        after the heading, reported.  False when the list is not made of label bullets."""
        if not self.section or not all(_label_item(item) for item in tok["children"]):
            return False
        line = tok.get("_line", 0)
        entry = ListEntry(self.section[-1], line, self.section)
        self.body_blocks(tok["children"], entry)
        self.result.problems.append(Problem(
            f"label bullets without a bold title; titled after the heading {self.section[-1]!r}",
            Location(self.name, line), "warning"))
        self.finish_titled(entry)
        return True

    def item(self, item: Token) -> None:
        """A list item outside a titled entry: a titled entry of its own, a one-line entry, or nothing."""
        children = [c for c in item.get("children", []) if c["type"] != "blank_line"]
        if not children:
            return
        head = children[0]
        entry: ListEntry | None = None
        rest = children
        if head["type"] in ("paragraph", "block_text"):
            items = pieces(head["children"])
            rest = children[1:]
            title = _title(items)
            if title is not None and not title.weak:  # a weak one is read as a one-line entry
                entry = ListEntry(title.text, head.get("_line", 0), self.section)
                self.body_blocks(rest, entry)
                self.finish_titled(entry)
                return
            entry = self.entry_from_line(items, head.get("_line", 0))
        for child in rest:
            kind = child["type"]
            if kind == "list":
                for sub in child["children"]:
                    if entry is None or not self.detail(sub, entry):
                        self.item(sub)
                    else:
                        entry.lines.append(sub.get("_line", 0))
            elif kind in ("paragraph", "block_text"):
                items = pieces(child["children"])
                if entry is not None:
                    entry.lines.append(child.get("_line", 0))
                    if not entry.authors and _all_italic(items):
                        entry.authors = _join_text(items)
                    else:
                        self.body_lines(items, entry, unlabeled_only=True)
                else:
                    entry = self.entry_from_line(items, child.get("_line", 0))
            elif kind in ("block_quote",):
                self.blocks(child["children"])
        if entry is not None:
            self.result.works.append(build_work(entry, self.name))
        elif head["type"] in ("paragraph", "block_text"):
            self.unread(pieces(head["children"]), head.get("_line", 0))

    def detail(self, sub: Token, entry: ListEntry) -> bool:
        """Fold a nested item without links into its parent entry (``* Google [[Paper](…)]`` over
        ``* Authors, *Title*, arXiv:ID / Venue``); False when the item has links of its own."""
        children = [c for c in sub.get("children", []) if c["type"] in ("paragraph", "block_text")]
        if not children:
            return False
        items = pieces(children[0]["children"])
        if any(p.kind == "link" and clean_link(p.url, p.text) for p in items):
            return False
        text = _join_text(items)
        if not text:
            return True
        shape = detect_shape(items, [])
        if shape is not None and entry.shape == "lead":
            entry.notes.append(entry.title)
            entry.title = shape.title
            entry.shape = "lead+detail"
            entry.authors = entry.authors or shape.authors
            entry.year = entry.year or shape.year
            entry.venue = entry.venue or shape.venue
            entry.hint = entry.hint or venue_hint(shape.venue)
        else:
            entry.notes.append(text)
        if "arxiv" in text.lower():
            entry.text_ids.extend(arxiv.find_all(text))
        return True

    def standalone(self, items: list[Piece], line: int, cell_title: tuple[str, str] | None = None) -> None:
        entry = self.entry_from_line(items, line, cell_title)
        if entry is not None:
            self.result.works.append(build_work(entry, self.name))
        else:
            self.unread(items, line)

    def unread(self, items: list[Piece], line: int) -> None:
        """Report a line with usable links that gave no entry (never a silent loss)."""
        urls = usable_links(items)
        if urls:
            shown = ", ".join(urls[:3]) + (" …" if len(urls) > 3 else "")
            self.result.problems.append(Problem(
                f"line with links but no title and no paper link, not read as a work: {shown}",
                Location(self.name, line), "skip"))

    def table(self, tok: Token) -> None:
        for part in tok.get("children", []):
            if part["type"] != "table_body":
                continue
            for row in part.get("children", []):
                items: list[Piece] = []
                cell_title: tuple[str, str] | None = None
                for cell in row.get("children", []):
                    cell_items = pieces(cell.get("children", []))
                    text = "".join(p.text for p in cell_items if p.kind == "text")  # two spaces kept
                    if cell_title is None and _LETTERS.search(text) and not any(
                            p.kind == "link" for p in cell_items):
                        cell_title = cut_title(text)
                    items.extend(cell_items)
                    items.append(Piece("break", CELL))
                self.standalone(items, row.get("_line", 0), cell_title)

    # one-line entries -----------------------------------------------------------------------------
    def entry_from_line(self, items: list[Piece], line: int,
                        cell_title: tuple[str, str] | None = None) -> ListEntry | None:
        """An entry from one line in an awesome-list shape, or None.

        ``cell_title`` is the (title, description) of a table row's first text cell: it titles
        the row when no shape gives a better title.
        """
        usable: list[int] = []
        urls: dict[int, str] = {}
        for i, p in enumerate(items):
            if p.kind == "link" and not p.image_link:
                url = clean_link(p.url, p.text)
                if url is not None and not _JUNK_URL.search(url):
                    usable.append(i)
                    urls[i] = url
        text = _join_text(items)
        text_ids = arxiv.find_all(text) if "arxiv" in text.lower() else []
        if "10." in text:  # a DOI written in the line's text or a link's text
            text_ids += [i for i in detect(text) if i.kind == "doi"]
        if not usable and not text_ids:
            return None
        shape = detect_shape(items, usable)
        if cell_title is not None and cell_title[0] and (shape is None or shape.kind == "lead"):
            shape = Shape("cell", cell_title[0], description=cell_title[1])
        if shape is None:
            if not text_ids and not any(_identifies_paper(u, url_role(u)) or url_role(u) == "paper"
                                        for u in urls.values()):
                return None
            shape = Shape("prose", _without_ids(_fallback_title(items, usable), text_ids))
            if not shape.title:
                return None
        if shape.kind != "cell" and (cell_title is not None or shape.kind in ("lead", "prose")):
            title, description = cut_title(shape.title)
            shape.title = title or shape.title
            shape.description = shape.description or description
        entry = ListEntry(shape.title, line, self.section, shape=shape.kind, authors=shape.authors,
                      year=shape.year, month=shape.month, venue=shape.venue)
        for i in usable:
            p = items[i]
            label = _tag_label(p.text)
            target = url_role(urls[i])
            entry.add_link(urls[i], link_role(label, target, _identifies_paper(urls[i], target)),
                           p.text.strip() if label is not None else "", label.name if label else "")
        if shape.description:
            entry.notes.append(f"description: {shape.description}")
        entry.text_ids.extend(text_ids)
        entry.hint = venue_hint(shape.venue) or venue_hint(shape.description)
        return entry

    # titled entry bodies ------------------------------------------------------------------------
    def body_blocks(self, tokens: list[Token], entry: ListEntry) -> None:
        for tok in tokens:
            kind = tok["type"]
            if kind == "blank_line":
                continue
            if tok.get("_line"):
                entry.lines.append(tok["_line"])
            if kind in ("paragraph", "block_text"):
                self.body_lines(pieces(tok["children"]), entry)
            elif kind in ("list", "list_item", "block_quote"):
                self.body_blocks(tok.get("children", []), entry)
            elif kind == "block_html":
                self.body_lines(html_pieces(tok.get("raw", "")), entry)
            else:
                entry.has_body = True

    def body_paragraph(self, items: list[Piece], entry: ListEntry, line: int = 0) -> None:
        """A paragraph (or line) of the open entry's body; one with links fills the entry."""
        if line:
            entry.lines.append(line)
        links = len(entry.links)
        self.body_lines(items, entry)
        if len(entry.links) > links:
            entry.filled = True

    def body_lines(self, items: list[Piece], entry: ListEntry, unlabeled_only: bool = False) -> None:
        for line in lines(items):
            self.body_line(line, entry, unlabeled_only)

    def body_line(self, line: list[Piece], entry: ListEntry, unlabeled_only: bool = False) -> None:
        """One line of a titled entry's body: ``label: value`` with links and/or text."""
        lead = [p.text for p in _leading_text(line)]
        label: MarkdownLabel | None = None
        value_parts: list[str] = []
        split = None if unlabeled_only else split_label("".join(lead))
        if split is not None:
            label, rest = split
            value_parts.append(rest)
            line = line[len(lead):]
        has_link = False
        for p in line:
            if p.kind == "text":
                value_parts.append(p.text)
            elif p.kind == "link":
                url = clean_link(p.url, p.text)
                if url is None:
                    if p.text and not is_url_text(p.text):
                        value_parts.append(p.text)
                    continue
                has_link = True
                link_label = label if label is not None and label.role != TEXT else None
                target = url_role(url)
                role = link_role(link_label, target, _identifies_paper(url, target))
                entry.add_link(url, role, label.written if label is not None else "",
                               label.name if label is not None else "")
        value = _clean_value("".join(value_parts))
        if has_link or value or label is not None or any(p.kind == "image" for p in line):
            entry.has_body = True
        if value and "arxiv" in value.lower():
            entry.text_ids.extend(arxiv.find_all(value))
        elif value and not has_link and label is not None and label.role == "paper":
            # `- doi: 10.1016/…`, `- arxiv: 1310.2590`: an identifier written as text
            entry.text_ids.extend(i for i in detect(value) if i.kind in _PAPER_KINDS)
        if not value:
            return
        if label is None:
            if not has_link and not _STARS.fullmatch(value):
                entry.notes.append(value)
            return
        if label.name == "intro":
            entry.notes.append(f"intro: {value}")
            if entry.hint is None:
                entry.hint = venue_hint(value)
        elif label.name == "keywords":
            entry.add_keywords(value)
        elif label.name == "author":
            entry.authors = f"{entry.authors}, {value}" if entry.authors else value
        elif not has_link or label.role == TEXT:
            entry.notes.append(f"{label.written}: {value}")


# -- small helpers ---------------------------------------------------------------------------------

def _leading_text(items: list[Piece]) -> list[Piece]:
    """The text pieces before the first link, image or break."""
    out: list[Piece] = []
    for p in items:
        if p.kind != "text":
            break
        out.append(p)
    return out


def _source_lines(children: list[Token]) -> list[tuple[int, list[Token]]]:
    """Inline children split at line breaks outside markup, each with its line offset in the block."""
    groups: list[tuple[int, list[Token]]] = []
    current: list[Token] = []
    offset = start = 0
    for tok in children:
        if tok["type"] in ("softbreak", "linebreak"):
            groups.append((start, current))
            offset += 1
            start, current = offset, []
        else:
            offset += _inner_breaks(tok)
            current.append(tok)
    groups.append((start, current))
    return [(o, g) for o, g in groups if g]


def _inner_breaks(tok: Token) -> int:
    children = tok.get("children")
    if not isinstance(children, list):
        return 0
    return sum(1 if c["type"] in ("softbreak", "linebreak") else _inner_breaks(c) for c in children)


def _title(items: list[Piece]) -> _Title | None:
    """The title when a paragraph (or one line of it) is a bold title, else None.

    Bold: every piece is bold (text, links, images) apart from blank text and line breaks; the title
    is the text with the link texts that are not URLs or tags (``[pdf]``).  Literal: the text is
    wrapped in ``**…**`` or ``__…__`` that CommonMark does not take as bold (``**a b **``).  A bare
    number (``**2015**``, ``**[3]**``) is not a title.
    """
    text: list[str] = []
    shown: list[str] = []  # with every link text, for a title made only of links
    links = False
    for p in items:
        if p.kind == "break":
            text.append(" ")
        elif p.kind == "text" and (p.strong or not p.text.strip()):
            text.append(p.text)
        elif p.kind == "link" and p.strong:
            links = True
            if is_url_text(p.text) or is_tag_text(p.text):
                shown.append(p.text)
            else:
                text.append(p.text)
        elif p.kind != "image" or not p.strong:
            return _literal_title(items)
    title = " ".join("".join(text).split()) or " ".join(" ".join(shown).split())
    if not title or _NUMBERING.fullmatch(title):
        return None
    return _Title(title, links or not _LETTERS.search(title))


def _literal_title(items: list[Piece]) -> _Title | None:
    """A line written ``**Title **`` or ``**Title`` (not bold in CommonMark) as a title; a closed one
    may hold links."""
    first = items[0]
    if first.kind != "text" or first.text.lstrip()[:2] not in ("**", "__"):
        return None
    if any(p.kind in ("break", "image") for p in items):
        return None
    text = "".join(p.text for p in items if p.kind in ("text", "link")).strip()
    m = _LITERAL_BOLD.fullmatch(text)
    if m is None:
        return None
    title = " ".join(m.group("title").split())
    links = any(p.kind == "link" for p in items)
    if m.group(1) in title or _NUMBERING.fullmatch(title) or (links and not text.endswith(m.group(1))):
        return None
    return _Title(title, links or not _LETTERS.search(title))


def _loose_title(items: list[Piece]) -> str | None:
    """The text of a one-line paragraph that could be a title not marked as one (``*Title*``, a plain
    line, ``[Title](url)``), or None: line breaks, images, no two letters, a ``label:`` line, too long."""
    text: list[str] = []
    for p in items:
        if p.kind == "text":
            text.append(p.text)
        elif p.kind == "link":
            if not p.image_link and not is_url_text(p.text):
                text.append(p.text)
        else:
            return None
    title = " ".join("".join(text).split()).strip(" *_:")
    if len(title) > _MAX_LOOSE_TITLE or len(_LETTERS.findall(title[:40])) < 2:
        return None
    split = split_label(title)
    return None if split is not None and split[0].role else title


def _opens_with_title(tok: Token) -> bool:
    """Whether a block quote starts with a bold title (a quoted entry, not a quote in an entry)."""
    head = next((c for c in tok.get("children", []) if c["type"] != "blank_line"), None)
    if head is None or head["type"] != "paragraph":
        return False
    groups = _source_lines(head["children"])
    return bool(groups) and _title(pieces(groups[0][1])) is not None


def _label_item(item: Token) -> bool:
    """Whether a list item starts with a known ``label:`` (``- arxiv: …``)."""
    head = next((c for c in item.get("children", []) if c["type"] != "blank_line"), None)
    if head is None or head["type"] not in ("paragraph", "block_text"):
        return False
    lead = "".join(p.text for p in _leading_text(pieces(head["children"])))
    split = split_label(lead)
    return split is not None and bool(split[0].role)


def _label_bullets(tok: Token) -> bool:
    """Whether a list is label bullets (its first item starts with a known label)."""
    children = tok.get("children") or []
    return bool(children) and _label_item(children[0])


def _all_italic(items: list[Piece]) -> bool:
    texts = [p for p in items if p.kind == "text" and p.text.strip()]
    return bool(texts) and all(p.em for p in texts) and all(p.kind != "link" for p in items)


def _join_text(items: list[Piece]) -> str:
    return " ".join("".join(" " if p.kind == "break" else p.text for p in items
                            if p.kind in ("text", "break")).split())


def _tag_label(text: str) -> MarkdownLabel | None:
    """The label a tag-like link text (``[pdf]``, ``Code``) stands for, or None."""
    if not text or is_url_text(text) or not is_tag_text(text):
        return None
    written = text.strip().strip("[]() ")
    name, role = canonical_label(written)
    return MarkdownLabel(written, name, "", role) if role else None


def _clean_value(text: str) -> str:
    value = " ".join(text.split()).strip(" ,;")
    # A stray bracket left from broken link syntax (``intro: [University of …``).
    if value.startswith("[") and "]" not in value:
        value = value[1:].lstrip()
    if value.endswith("]") and "[" not in value:
        value = value[:-1].rstrip()
    return value


def _without_ids(title: str, ids: list[Identifier]) -> str:
    """A prose title without the identifiers written in it and their label (``…, doi: 10.1/x``)."""
    for ident in ids:
        pos = title.lower().find(ident.value.lower())
        if pos > 0:
            head = title[:pos].rstrip(" :")
            words = head.split()
            if words and canonical_label(words[-1].strip(",;(["))[1] == "paper":
                head = head[:len(head) - len(words[-1])]
            title = (head.rstrip(" ,;([") + " " + title[pos + len(ident.value):].lstrip(" ,;)]")).strip()
    return title


def _fallback_title(items: list[Piece], usable: list[int]) -> str:
    for i in usable:
        text = items[i].text
        if text and not is_url_text(text) and not is_tag_text(text) and _LETTERS.search(text):
            return " ".join(text.split())
    text = _join_text(items)
    return text[:200].rstrip(" ,.;:-[(")
