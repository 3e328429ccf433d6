"""citeproc-py style elements with rnnbib's fixes, and their memoizing (fast) variants.

citeproc-py builds a style as an lxml tree whose element classes come from an
``ElementNamespaceClassLookup``.  rnnbib parses styles and locales with its own
lookup (:func:`parse_style`), which maps each CSL tag to a *subclass* of
citeproc-py's class.  Nothing in citeproc-py is patched; a style parsed by
citeproc-py itself behaves as before.

Fixes (each makes the output match citeproc-js, the reference CSL processor):

- ``cs:group`` suppression follows the CSL rule with the variables actually
  *evaluated*: a ``cs:choose`` branch that was not taken does not count (APA
  printed "(Publication)" for a thesis without a number).
- ``cs:substitute`` suppresses every variable the substitute rendered for the rest
  of the entry (an author-less item printed its title twice).
- text-case ``title`` / ``capitalize-first`` / ``capitalize-all`` as citeproc-js
  (``csl_textcase``): ``arXiv:1308.0850`` stays lower case.
- ``cs:name initialize="false"`` keeps given names whole (Chicago, MLA);
  ``Abdel-rahman`` initialises to ``A.`` (not ``A.-. rahman .``).
- ``quotes="true"``: the closing quote carries a marker so the post-processing
  (``csl_fixes``) can move a following comma or period inside it (locale
  ``punctuation-in-quote``).
- ``disambiguate="true"`` conditions are false (citeproc-py treated them as true);
  disambiguation is done by ``csl_disambig``: a year suffix reaches the entry
  through the ``year-suffix`` variable, added names through :class:`RenderState`.
- the entry's first rendered name list is recorded for
  ``subsequent-author-substitute``; ``second-field-align`` splits the first field.
- a macro sort key renders all its names in sort order, nested macros included
  (citeproc-py lost the option in a ``cs:text macro``), without "and".
- number variables (ranges, plurals, ``is-numeric``, ``page-range-format``) follow
  citeproc-js (``csl_numbers``).
- a ``cs:names`` without ``cs:name`` anywhere inside ``cs:substitute`` inherits the
  substituted names' ``cs:name`` and ``cs:label``.
- names added by disambiguation stay within ``et-al-min - 2`` with ``et-al-use-last``.

The *fast* variants add memoization of lookups that are pure functions of the
(immutable) style tree: XPath searches, macros, terms and locale options.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from . import csl_numbers
from .csl_compat import (
    LANGUAGE_NAMES,
    LOCALES_PATH,
    PRIMARY_DIALECTS,
    MixedString,
    String,
    VariableError,
    join,
    model,
    plain,
)
from .csl_markup import ALL_MARKERS, DISPLAY
from .csl_names import FULL_GIVEN, JOINED
from .csl_textcase import CASES, DATA_CLOSE_QUOTE, DATA_OPEN_QUOTE, KEEP_CASE, STYLE_CLOSE_QUOTE, STYLE_OPEN_QUOTE

CSL_NS = "http://purl.org/net/xbiblio/csl"
# follows the first name list of an entry (when the style substitutes repeated authors), so the
# punctuation after it is kept apart: "Smith, J., et al." + "." stays "al.\ue020." until substituted
NAMES_END = "\ue020"
# follows the output of an element with a font or decoration: citeproc-js merges a doubled mark
# between siblings only when the first one is undecorated ("<i>Title</i>." + ". Online" keeps
# both periods); the enclosing element removes it, so its own suffix still merges
DECORATED_END = "\ue022"
_FONT_ATTRIBUTES = ("font-style", "font-variant", "font-weight", "text-decoration", "vertical-align")


def decorated(element: Any) -> bool:
    """Whether a style element sets a font or text decoration of its own."""
    return any(element.get(attribute, "normal") not in ("normal", "baseline", "none")
               for attribute in _FONT_ATTRIBUTES)


def without_decorated_end(string: Any) -> Any:
    """``string`` without a trailing :data:`DECORATED_END` (segments and their types kept)."""
    if isinstance(string, MixedString):
        if not string or not str(list.__getitem__(string, -1)).endswith(DECORATED_END):
            return string  # a MixedString's segments are strings: only the last one can end with it
        segments = list(string)
        last = without_decorated_end(segments.pop())
        return MixedString([*segments, last] if last != "" else segments)
    if not isinstance(string, str) or not string.endswith(DECORATED_END):
        return string
    return type(string)(string[:-1]) if isinstance(string, String) else str(string)[:-1]


@dataclass
class _Frame:
    called: bool = False
    rendered: bool = False


@dataclass
class RenderState:
    """Mutable per-entry rendering state (:attr:`StyleState.render`)."""

    frames: list[_Frame] = field(default_factory=lambda: [_Frame()])
    suppressed: set[str] = field(default_factory=set)
    recording: list[set[str]] = field(default_factory=list)
    first_names: Any = None
    name_texts: list[str] | None = None  # each shown name of the entry's first list, rendered alone
    name_keys: list[str] | None = None  # ... and their data (citeproc-js compares names, not initials)
    plain_order: bool = False  # render a name as not inverted (a later name of name-as-sort-order="first")
    mark_names: bool = False  # follow the entry's first names with NAMES_END (subsequent-author-substitute)
    names_use_first: int = 0  # names added by disambiguation (0 = style default)
    disambiguate: bool = False
    sorting: bool = False
    sort_options: dict[str, Any] | None = None  # name options of the macro sort key being rendered
    display: bool = False  # mark ``display`` blocks (a bibliography entry without second-field-align)
    inverted_before_last: bool = False  # delimiter-precedes-last="after-inverted-name"
    implicit_suffix: str = ""  # a year suffix the style does not print: after the first issued year
    date_variable: str = ""  # the date variable being rendered
    person_then_institution: bool = False  # the names being rendered: one person, then a literal name

    def reset(self) -> None:
        """Start a new entry (or citation, or sort key)."""
        self.frames = [_Frame()]
        self.suppressed = set()
        self.recording = []
        self.first_names = None
        self.name_texts = None
        self.name_keys = None
        self.mark_names = False

    def called(self) -> None:
        """A variable was evaluated."""
        self.frames[-1].called = True

    def rendered(self, variable: str) -> None:
        """A variable was evaluated and gave output."""
        frame = self.frames[-1]
        frame.called = frame.rendered = True
        for rec in self.recording:
            rec.add(variable)


class StyleState:
    """Everything rnnbib keeps while rendering with one parsed style and its locale files: the
    per-entry :class:`RenderState`, the renderer's facts (item content hashes, names added by
    disambiguation) and the caches of the fast path (sort keys, citations, and per-element memos keyed
    by the element).  Nothing is stored on citeproc-py's or lxml's objects: a parse gets element
    classes of its own (:attr:`lookup`) whose class attribute ``style_state`` is this object, so every
    element of the style and of its locales reaches it.  A ``csl_engine.ParsedStyle`` owns one."""

    def __init__(self, fast: bool) -> None:
        self.fast = fast
        self.render = RenderState()
        self.hashes: dict[str, str] = {}
        self.names: dict[str, int] = {}
        self.sort_cache: dict[tuple[int, str], Any] = {}
        self.cites: dict[tuple[str, str, int], str] = {}
        self.prints_suffix: bool | None = None
        self.memos: defaultdict[Any, dict[Any, Any]] = defaultdict(dict)
        templates = _FAST_CLASSES if fast else _FIXED_CLASSES
        default = _FAST_DEFAULT if fast else model.CitationStylesElement
        self.lookup = _lookup({tag: self._bind(cls) for tag, cls in templates.items()}, self._bind(default))

    def _bind(self, cls: type) -> type:
        return type(cls.__name__, (cls,), {"style_state": self, "__doc__": cls.__doc__, "__module__": __name__})

    def memo(self, element: Any) -> dict[Any, Any]:
        """The memo dict of one element (kept alive by the key)."""
        return self.memos[element]


def state_of(element: Any) -> RenderState:
    """The render state of the style an element belongs to (locale elements included)."""
    render: RenderState = element.style_state.render
    return render


def memo_of(element: Any) -> dict[Any, Any]:
    """The memo dict of an element, in its style's :class:`StyleState`."""
    memo: dict[Any, Any] = element.style_state.memos[element]
    return memo


# -- fixes ----------------------------------------------------------------------------------


class _Displayed:
    """``display`` wraps the element's output, affixes included, in csl_markup markers;
    an explicit ``vertical-align="baseline"`` is kept (citeproc-js: ``<span style="baseline">``);
    a decorated element's output ends in :data:`DECORATED_END`."""

    def vertical_align(self, text: Any) -> Any:
        if self.get("vertical-align") == "baseline":  # type: ignore[attr-defined]
            baseline = getattr(self.get_formatter(), "Baseline", None)  # type: ignore[attr-defined]
            return baseline(text) if baseline is not None else text
        return super().vertical_align(text)  # type: ignore[misc]

    def format(self, string: Any) -> Any:
        return super().format(without_decorated_end(string))  # type: ignore[misc]

    def _decorated(self) -> bool:
        memo = memo_of(self)
        try:
            return bool(memo["decorated"])
        except KeyError:
            memo["decorated"] = decorated(self)
            return bool(memo["decorated"])

    def wrap(self, string: Any) -> Any:
        out = super().wrap(without_decorated_end(string))  # type: ignore[misc]
        display = self.get("display")  # type: ignore[attr-defined]
        if out is not None and display in DISPLAY and state_of(self).display:
            opening, closing = DISPLAY[display]
            out = opening + out + closing
        if out is not None and out != "" and self._decorated() and not state_of(self).sorting:
            out = out + DECORATED_END
        return out


class _Cased:
    """text-case as citeproc-js for title / capitalize-first / capitalize-all."""

    def case(self, text: Any, language: str | None = None) -> Any:
        mode = self.get("text-case")  # type: ignore[attr-defined]
        if mode in CASES:
            if mode == "title" and language not in (None, "en"):
                return text
            return CASES[mode](text)
        return super().case(text, language)  # type: ignore[misc]


_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class _LocaleTerms:
    """Terms looked up without falling back to other languages (ordinals) match the
    output language by prefix: citeproc-py compared "de-DE" with "de" and fell back to
    English ("12th Februar" instead of "12. Februar")."""

    def get_term(self, name: str, form: Any = None, fallback_locale: bool = True,
                 zero_padded: bool = False) -> Any:
        root = self.get_root()  # type: ignore[attr-defined]
        if fallback_locale or isinstance(root, model.Locale):
            return super().get_term(name, form, fallback_locale, zero_padded)  # type: ignore[misc]
        language = str(root.get("default-locale", "en-US")).split("-")[0]
        for locale in root.locales:
            if str(locale.get(_XML_LANG, language)).split("-")[0] != language:
                continue
            try:
                return locale.get_term(name, form, zero_padded=zero_padded)
            except IndexError:
                continue
        return None


class Style(model.Style):
    """The style root; loads locale files with rnnbib's element classes."""

    def set_locale_list(self, output_locale: str, validate: bool = True) -> None:
        """citeproc-py's locale search order, parsing system locales with our lookup."""
        self.locales: list[Any] = []
        added: set[str] = set()

        def in_style(lang: str | None) -> None:
            expr = f'./cs:locale[@xml:lang="{lang}"]' if lang else "./cs:locale[not(@xml:lang)]"
            found = self.xpath(expr, namespaces=self.nsmap)
            if found:
                self.locales.append(found[0])

        def system(lang: str) -> None:
            if lang not in added:
                path = os.path.join(LOCALES_PATH, f"locales-{lang}.xml")
                self.locales.append(parse_xml(path, self.style_state).getroot())
                added.add(lang)

        language = output_locale.split("-")[0]
        in_style(output_locale)
        in_style(language)
        in_style(None)
        if output_locale in LANGUAGE_NAMES:
            system(output_locale)
        if language in PRIMARY_DIALECTS:
            system(PRIMARY_DIALECTS[language])
        system("en-US")
        for locale in self.locales:
            locale.style = self


class Layout(model.Layout):
    """Resets the render state per entry; renders one entry with its first field split off."""

    @property
    def repressed(self) -> dict[str, Any]:
        """citeproc-py's own suppression dict; assigning it starts a new entry."""
        repressed: dict[str, Any] = memo_of(self)["repressed"]
        return repressed

    @repressed.setter
    def repressed(self, value: dict[str, Any]) -> None:
        memo_of(self)["repressed"] = value
        state_of(self).reset()

    def render_citation(self, citation: Any, callback: Any) -> Any:
        """citeproc-py's citation rendering; a citation of one cite is not sorted (citeproc-py
        computed every sort key of the citation to order that one cite)."""
        cites = citation.cites
        if len(cites) != 1 or cites[0].is_bad():
            return super().render_citation(citation, callback)
        item = cites[0]
        self.repressed = {}
        out = []
        try:
            output = self.render_children(item)
            if output is not None:
                out.append(item.get("prefix", "") + output + item.get("suffix", ""))
                self.getparent().cites.append(item)
        except VariableError:
            pass
        return self.format(self.wrap(self.join(out)))

    def render_bibliography(self, citation_items: list[Any]) -> list[Any]:
        """One :class:`RenderedEntry` per item (citeproc-py drops empty ones)."""
        return [self.render_entry(item) for item in citation_items]

    def render_entry(self, item: Any) -> RenderedEntry:
        """Render one bibliography entry."""
        self.repressed = {}
        state = state_of(self)
        root = self.get_root()
        state.names_use_first = self.style_state.names.get(item.key, 0)
        state.mark_names = root.bibliography.get("subsequent-author-substitute") is not None
        split = self.getparent().get("second-field-align") is not None
        state.display = not split
        if not _prints_year_suffix(root, self.style_state):
            state.implicit_suffix = item.reference.get("year_suffix") or ""
        outputs: list[Any] = []
        try:
            for child in self.iterchildren():
                try:
                    text = child.render(item)
                except VariableError:
                    continue
                if text is not None:
                    outputs.append(text)
        finally:
            state.names_use_first = 0
            state.display = False
            state.implicit_suffix = ""
        names, names_key = state.first_names or (None, None)
        if split and len(outputs) == 1:  # citeproc-js: the first field alone, without the layout affixes
            return RenderedEntry("", str(without_decorated_end(outputs[0])), names, names_key, state.name_texts,
                                 state.name_keys)
        if split and len(outputs) > 1:
            right = self.format(self.wrap(without_decorated_end(join(outputs[1:]))))
            return RenderedEntry("" if right is None else str(right), str(outputs[0]), names, names_key,
                                 state.name_texts, state.name_keys)
        text = self.format(self.wrap(without_decorated_end(join(outputs)))) if outputs else None
        return RenderedEntry("" if text is None else str(text), None, names, names_key, state.name_texts,
                             state.name_keys)


def _prints_year_suffix(root: Any, style_state: StyleState) -> bool:
    """Whether the style renders the ``year-suffix`` variable (else citeproc-js appends the
    suffix to the first issued year of the entry)."""
    if style_state.prints_suffix is None:
        style_state.prints_suffix = bool(root.xpath('.//cs:text[@variable="year-suffix"]',
                                                    namespaces={"cs": CSL_NS}))
    return style_state.prints_suffix


@dataclass
class RenderedEntry:
    """A rendered entry: its body, the split-off first field (second-field-align), and
    the first rendered name list with its comparison key (subsequent-author-substitute)."""

    body: str
    left: str | None
    names: str | None
    names_key: str | None
    name_texts: list[str] | None = None  # subsequent-author-substitute-rule *-each, partial-first
    name_keys: list[str] | None = None


class Group(_Displayed, model.Group):
    """Suppressed when it evaluated variables and none of them gave output (as citeproc-js)."""

    def process(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
        state = state_of(self)
        frame = _Frame()
        state.frames.append(frame)
        output = []
        delimiter = self.get("delimiter", "")
        try:
            for child in self.iterchildren():
                try:
                    if isinstance(child, model.Choose):
                        text = child.render(item, context=context, delimiter=delimiter, **kwargs)
                    else:
                        text = child.render(item, context=context, **kwargs)
                except VariableError:
                    continue
                if text is not None:
                    output.append(text)
        finally:
            state.frames.pop()
        # citeproc-js: a group that renders counts as a rendered variable for its parent; a
        # suppressed one hands its "variable attempted" flag up (assigning, as citeproc-js does)
        parent = state.frames[-1]
        if output and (frame.rendered or not frame.called):
            parent.rendered = True
            return self.join([without_decorated_end(o) for o in output] if delimiter else output)
        parent.called = frame.called
        raise VariableError


class Macro(model.Macro):
    """A macro call is a group (citeproc-js expands ``cs:text macro`` into one): a macro
    that rendered only terms counts as a rendered variable for the enclosing group
    ("n.d." keeps its group); one whose variables all came out empty is suppressed."""

    def render(self, item: Any, context: Any = None, sort_options: Any = None) -> Any:
        state = state_of(self)
        frame = _Frame()
        state.frames.append(frame)
        try:
            output = super().render(item, context=context, sort_options=sort_options)
        finally:
            state.frames.pop()
        parent = state.frames[-1]
        if output and (frame.rendered or not frame.called):
            parent.rendered = True
            return output
        parent.called = frame.called
        return None


class _Numbers:
    """Number variables (ranges, prefixes, page-range-format) as citeproc-js renders them."""

    def _process(self, value: Any, variable: str) -> Any:
        if variable in csl_numbers.RANGE_VARIABLES:
            info = csl_numbers.parse(str(value), variable)
            if info is not None:
                root = self.get_root()  # type: ignore[attr-defined]
                text = csl_numbers.render(info, variable, root.get_option("page-range-format"),
                                          _range_delimiter(self), self.format_number)  # type: ignore[attr-defined]
                return String(text)
        return super()._process(value, variable)  # type: ignore[misc]


def _range_delimiter(element: Any) -> str:
    try:
        term = element.get_single_term(name="page-range-delimiter")
    except (IndexError, KeyError):
        term = None
    return str(term) if term else csl_numbers.EN_DASH


def number_info(item: Any, variable: str) -> csl_numbers.NumberInfo | None:
    """citeproc-js' reading of a number variable of an item (None: absent or left to citeproc-py)."""
    if variable not in csl_numbers.RANGE_VARIABLES:
        return None
    value = item.reference.get(variable.replace("-", "_"))
    return None if value is None else csl_numbers.parse(str(value), variable)


_URL_PATH = re.compile(r"(.*\.[^/]+)/.*")


def short_url(url: str) -> str:
    """``form="short"`` of a URL as citeproc-js writes it: no path; no scheme before ``www.``."""
    url = _URL_PATH.sub(r"\1", url, count=1)
    return re.sub(r"https?://", "", url, count=1) if "//www." in url else url


class Text(_Displayed, _Numbers, _Cased, model.Text):
    """Variable bookkeeping, substitution suppression, quote marker."""

    def _variable(self, item: Any, context: Any) -> Any:
        variable = self.get("variable")
        if variable in self.generated_variables:
            return super()._variable(item, context)
        state = state_of(self)
        state.called()
        if variable in state.suppressed:
            return None
        text = super()._variable(item, context)
        if text and variable == "URL" and self.get("form") == "short":
            text = String(short_url(str(text)))
        if text and variable in csl_numbers.RANGE_VARIABLES and variable != "page":
            text = self._process(text, variable)  # citeproc-py renders these raw in cs:text
        if text:
            state.rendered(variable)
        return text

    def quote(self, string: Any) -> Any:
        """Quotes followed by markers, for csl_fixes (punctuation-in-quote, nested quotes).

        Sort keys get no quotes (citeproc-js), or quoted titles would sort after "Z".
        """
        if self.get("quotes", "false").lower() == "true" and not state_of(self).sorting:
            open_quote = self.get_single_term(name="open-quote")
            close_quote = self.get_single_term(name="close-quote")
            return open_quote + STYLE_OPEN_QUOTE + string + close_quote + STYLE_CLOSE_QUOTE
        return string


class Number(_Displayed, _Numbers, _LocaleTerms, _Cased, model.Number):
    """Variable bookkeeping and substitution suppression."""

    def process(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
        variable = self.get("variable")
        state = state_of(self)
        state.called()
        if variable in state.suppressed:
            raise VariableError
        text = super().process(item, context=context, **kwargs)
        if text:
            state.rendered(variable)
        return text


class Date(_Displayed, _LocaleTerms, model.Date):
    """Variable bookkeeping and substitution suppression for style dates."""

    def process(self, item: Any, variable: Any = None, show_parts: Any = None, context: Any = None,
                **kwargs: Any) -> Any:
        name = variable or self.get("variable")
        state = state_of(self)
        outer, state.date_variable = state.date_variable, name
        try:
            return self._process(item, variable, show_parts, context, **kwargs)
        finally:
            state.date_variable = outer

    def _process(self, item: Any, variable: Any = None, show_parts: Any = None, context: Any = None,
                 **kwargs: Any) -> Any:
        if self.is_locale_date():
            return super().process(item, variable, show_parts, context, **kwargs)
        name = variable or self.get("variable")
        state = state_of(self)
        state.called()
        if name in state.suppressed:
            raise VariableError
        text = self._sort_key(item, name) if state.sorting else \
            super().process(item, variable, show_parts, context, **kwargs)
        # citeproc-js counts a date that exists as rendered even when the date parts the
        # style asks for are missing (a month-day date of a year-only item)
        if text or item.reference.get(name.replace("-", "_")):
            state.rendered(name)
        return text


    def _sort_key(self, item: Any, name: str) -> str | None:
        """A date in a sort key as citeproc-js writes it: zero-padded year, month and day
        (the parts the element shows), so "2008" sorts before "2013-06" (citeproc-py
        compared the rendered "2013June" with "2008" as text)."""
        value = item.reference.get(name.replace("-", "_"))
        if not value:
            return None
        if isinstance(value, model.DateRange):
            value = value.begin
        if not hasattr(value, "year"):  # a literal date
            return str(getattr(value, "text", value))
        parts = self.get("date-parts", "year-month-day").split("-") if "form" in self.attrib else [
            p.get("name") for p in self.iterchildren(f"{{{CSL_NS}}}date-part")]
        key = f"{int(value.year) + 10000:05d}"
        for part in ("month", "day"):
            try:
                number = getattr(value, part) if part in parts else 0
                key += f"{int(number or 0):02d}"
            except (AttributeError, VariableError, TypeError, ValueError):
                key += "00"
        return key

    def _date_join(self, context: Any) -> Any:
        """The element whose delimiter joins date parts: a localized date's own (citeproc-py
        took the style's ``cs:date``, which has none: "2January1999")."""
        if self.is_locale_date() and context is not None and context.get("delimiter") is None:
            return self
        return context if self.is_locale_date() else self

    def render_single_date(self, date: Any, show_parts: Any = None, context: Any = None) -> Any:
        parts = self.parts(date, show_parts, context) if context != self else self.parts(date, show_parts)
        return self._date_join(context).join(parts) if parts else None

    def _range_delimiter(self, name: str, context: Any) -> str:
        """The ``range-delimiter`` of the largest differing date part (default an en dash)."""
        for element in (context, self):
            if element is None:
                continue
            for part in element.iterchildren(f"{{{CSL_NS}}}date-part"):
                if part.get("name") == name and part.get("range-delimiter") is not None:
                    return str(part.get("range-delimiter"))
        return csl_numbers.EN_DASH

    def render_date_range(self, date_range: Any, show_parts: Any = None, context: Any = None) -> Any:
        if date_range.end.is_nil():
            return super().render_date_range(date_range, show_parts, context)
        show_parts = list(show_parts)
        same_parts: list[str] = []
        begin, end = date_range.begin, date_range.end
        for name in ("year", "month", "day"):
            if name not in show_parts:
                continue
            try:
                equal = getattr(begin, name) == getattr(end, name)
            except (AttributeError, VariableError):
                equal = False
            if not equal:
                break
            show_parts.remove(name)
            same_parts.append(name)
        if not show_parts:
            return self.render_single_date(begin, same_parts, context)
        largest = next(n for n in ("year", "month", "day") if n in show_parts)
        diff_begin = self.render_single_date(begin, show_parts, context)
        diff_end = self.render_single_date(end, show_parts, context)
        if not diff_begin:
            return None
        diff = diff_begin.rstrip() + self._range_delimiter(largest, context) + (diff_end or "")
        same = self.render_single_date(end, same_parts, context) if same_parts else None
        return self._date_join(context).join([diff, same.rstrip()]) if same else diff


class Names(_Displayed, model.Names):
    """Variable bookkeeping, substitution suppression, first name list of the entry."""

    def process(self, item: Any, names_context: Any = None, context: Any = None, **kwargs: Any) -> Any:
        state = state_of(self)
        roles = self.get("variable", "").split()
        state.called()
        present = [r for r in roles if r.replace("-", "_") in item.reference]
        if present and all(r in state.suppressed for r in present):
            raise VariableError
        if names_context is None:
            names_context = self._inherited_context()
        text = super().process(item, names_context=names_context, context=context, **kwargs)
        if text and present:
            for role in present:
                state.rendered(role)
        return text

    def _inherited_context(self) -> Any:
        """A ``cs:names`` without ``cs:name`` anywhere in a ``cs:substitute`` (also inside a
        ``cs:choose``) takes name, et-al and label from the ``cs:names`` substituted for."""
        memo = memo_of(self)
        try:
            return memo["context"]
        except KeyError:
            context = None
            if self.find(f"{{{CSL_NS}}}name") is None:
                for substitute in self.iterancestors(f"{{{CSL_NS}}}substitute"):
                    context = substitute.getparent()
                    break
            memo["context"] = context
            return context

    def markup(self, text: Any) -> Any:
        """citeproc-py's markup, remembering the entry's first rendered name list."""
        out = super().markup(text)
        state = state_of(self)
        if out and state.mark_names and state.first_names is None:
            out = out + NAMES_END
            state.first_names = (str(out), self._names_key(str(out)))
        return out

    def _names_key(self, text: str) -> str:
        """The names shown, without the et-al term and "and" (citeproc-js compares the
        name lists: "Smith, John" equals "Smith, John, et al.")."""
        key = text.replace(NAMES_END, "")
        et_al = str(self.get_single_term("et-al"))
        if et_al and et_al in key:
            key = key.replace(et_al, "").rstrip(" ,.;")
        for word in {str(self.get_single_term("and")), "&"}:
            key = re.sub(rf",?\s+{re.escape(word)}\s+", ", ", key)
        return key


@contextmanager
def _swapped(reference: Any, variable: str, value: Any) -> Iterator[None]:
    """``reference[variable]`` is ``value`` inside the block (a citeproc-py reference is a dict)."""
    saved = reference[variable]
    dict.__setitem__(reference, variable, value)
    try:
        yield
    finally:
        dict.__setitem__(reference, variable, saved)


def _demoted(name: Any) -> Any:
    """A name with its non-dropping particle after the family ("Wolf de"), for a sort key."""
    particle = name.get("non-dropping-particle")
    if not particle or "family" not in name:
        return name
    fields = {k: v for k, v in name.items() if k != "non-dropping-particle"}
    fields["family"] = f"{name['family']} {particle}"
    return type(name)(**fields)


class Name(model.Name):
    """``initialize="false"``, lowercase hyphen parts, names added by disambiguation; one person and
    an institution (``{"literal": "others"}``, BibTeX's et-al marker, too) joined as citeproc-js does."""

    def et_al(self) -> Any:
        """The et-al term; none in sort keys (citeproc-js sorts "Smith, J., et al." as "Smith, J.")."""
        if state_of(self).sorting:
            return ""
        return super().et_al()

    def get_option(self, name: str, context: Any = None, sort_options: Any = None) -> Any:
        if name == "initialize-with" and self.get("initialize", "true").lower() == "false":
            return None
        state = state_of(self)
        if name == "name-as-sort-order" and state.plain_order:
            return None
        if state.sort_options is not None:
            # citeproc-py passes a macro key's options to the names of that macro only, not
            # through a nested text macro; citeproc-js joins sort-key names without "and"
            if name == "and":
                return None
            sort_options = state.sort_options
        value = super().get_option(name, context, sort_options)
        if name == "et-al-min" and value and sort_options is None and not self._use_first_given(context):
            return 0  # citeproc-js: et-al-min without any et-al-use-first truncates nothing
        if value == "after-inverted-name" and name in ("delimiter-precedes-last", "delimiter-precedes-et-al"):
            return "always" if state.inverted_before_last else "never"
        if name == "delimiter-precedes-last" and value == "always" and state.person_then_institution:
            return "contextual"  # citeproc-js: "Smith, J. & Google DeepMind", no delimiter before "&"
        if name == "demote-non-dropping-particle" and sort_options is not None and value == "sort-only":
            return "display-and-sort"  # citeproc-py never demoted for sort-only
        extra = state.names_use_first
        if extra and sort_options is None and name in ("et-al-use-first", "et-al-min") and value:
            # citeproc-js: never more than et-al-min - 2 names with et-al-use-last (APA's "… Last")
            if super().get_option("et-al-use-last", context, sort_options):
                minimum = super().get_option("et-al-min", context, sort_options)
                if name == "et-al-use-first":
                    return max(value, min(extra, minimum - 2))
                return value
            return max(value, extra) if name == "et-al-use-first" else max(value, extra + 1)
        return value

    def _use_first_given(self, context: Any) -> bool:
        """Whether ``et-al-use-first`` is set on the name, its citation/bibliography or the style."""
        if self.get("et-al-use-first") is not None:
            return True
        element = context if context is not None else self
        parent = element.xpath_search("./ancestor::*[self::cs:citation or self::cs:bibliography][1]")
        return any(e.get("et-al-use-first") is not None for e in (*parent, self.get_root()))

    def process(self, item: Any, variable: Any, context: Any = None, sort_options: Any = None,
                **kwargs: Any) -> Any:
        state = state_of(self)
        names = item.reference.get(variable, [])
        state.person_then_institution = len(names) == 2 and "literal" in names[1] and "literal" not in names[0]
        minimum = self.get_option("et-al-min", context, sort_options)
        if minimum and len(names) >= minimum and not self.get_option("et-al-use-first", context, sort_options):
            return None  # citeproc-js: et-al-use-first="0" shows no names
        state.inverted_before_last = self._inverted_before_last(item, variable, context, sort_options)
        rule = str(self.get_root().bibliography.get("subsequent-author-substitute-rule", "complete-all"))
        if state.mark_names and state.name_texts is None and names and not state.sorting \
                and rule != "complete-all":
            state.name_texts, state.name_keys = self._each_name(item, variable, context, sort_options)
        if state.sorting and names and self._demotes_short(context, sort_options):
            # citeproc-js sorts a short name by its family without the particle ("de Wolf" under W)
            demoted = [_demoted(n) for n in names]
            with _swapped(item.reference, variable, demoted):
                return self._names(item, variable, context, sort_options)
        return self._names(item, variable, context, sort_options)

    def markup(self, text: Any) -> Any:
        """citeproc-py's markup, without the decorations that :meth:`_names` put on each person."""
        if not text:
            return None
        return self.wrap(text) if decorated(self) and not state_of(self).sorting else super().markup(text)

    def _names(self, item: Any, variable: Any, context: Any, sort_options: Any) -> Any:
        """citeproc-py's name list, each name decorated as citeproc-js does: the ``cs:name``
        fonts go on every name; with "et al." the decorated names and the term are
        decorated once more as a whole."""
        def option(name: str) -> Any:
            return self.get_option(name, context, sort_options)

        decorate = decorated(self) and not state_of(self).sorting
        form, order, separator = option("form"), option("name-as-sort-order"), option("sort-separator")
        initialize_with, demote = option("initialize-with"), option("demote-non-dropping-particle")
        delimiter = option("delimiter")
        minimum, first, use_last = option("et-al-min"), option("et-al-use-first"), option("et-al-use-last")
        parts = self.findall("cs:name-part", self.nsmap)

        def formatted_parts(given: Any, family: Any) -> tuple[Any, Any]:
            for part in parts:
                given, family = part.format_part(given, family)
            return given, family

        names = item.reference.get(variable, [])
        if form == "count":
            return min(len(names), first) if first is not None else len(names)
        truncate = len(names) > 1 and minimum and len(names) >= minimum
        with_last = use_last and first <= minimum - 2
        if truncate:
            names = [*names[:first], names[-1]] if with_last else names[:first]
        output = []
        for index, name in enumerate(names):
            given, family, dropping, particle, suffix = name.parts()
            full = given is not None and str(given).startswith(FULL_GIVEN)
            if full:
                given = type(given)(str(given)[1:]) if isinstance(given, String) else str(given)[1:]
            if given is not None and initialize_with is not None and not full:
                given = self.initialize(given, initialize_with, context)
            if form == "long" and (order == "all" or (order == "first" and index == 0)):
                if demote in ("never", "sort-only"):
                    family = " ".join(n for n in (particle, family) if n)
                    given = " ".join(n for n in (given, dropping) if n)
                else:
                    given = " ".join(n for n in (given, dropping, particle) if n)
                given, family = formatted_parts(given, family)
                text = separator.join(n for n in (family, given, suffix) if n)
            elif form == "long":
                family = " ".join(n for n in (dropping, particle, family) if n)
                given, family = formatted_parts(given, family)
                text = " ".join(n for n in (given, family, suffix) if n)
            else:
                given, family = formatted_parts(given, " ".join(n for n in (particle, family) if n))
                text = family
            output.append(self.format(text) if decorate and text else text)
        return self._joined(output, truncate, with_last, delimiter, context, sort_options, decorate)

    def _joined(self, output: list[Any], truncate: Any, with_last: Any, delimiter: Any, context: Any,
                sort_options: Any, decorate: bool) -> Any:
        """The rendered names joined with the delimiters, "and" and "et al." of the style."""
        and_ = self.get_option("and", context, sort_options)
        et_al = self.et_al()
        if truncate and et_al:
            if with_last:
                output[-1] = self.unicode_character("horizontal ellipsis") + " " + output[-1]
                return self.join(output, delimiter)
            before = self.get_option("delimiter-precedes-et-al", context, sort_options)
            if before == "always" or (before == "contextual" and len(output) >= 2):
                text = self.join([*output, et_al], delimiter)
            else:
                text = self.join(output, delimiter) + " " + et_al
            return self.format(text) if decorate else text
        if and_ is not None and len(output) > 1:
            and_term = self.get_single_term(name="and") if and_ == "text" else self.preformat("&")
            text = self.join(output[:-1], ", ")
            last = self.get_option("delimiter-precedes-last", context, sort_options)
            if last == "always" or (last == "contextual" and len(output) > 2):
                text = self.join([text, ""], ", ")
            else:
                text += " "
            return text + f"{and_term} " + output[-1]
        return self.join(output, delimiter)

    def _each_name(self, item: Any, variable: Any, context: Any, sort_options: Any) -> tuple[list[str], list[str]]:
        """Each shown name rendered alone as it appears in the list, and its data."""
        state = state_of(self)
        names = item.reference.get(variable, [])
        shown = len(names)
        minimum = super().get_option("et-al-min", context, sort_options)
        if minimum and len(names) >= minimum:
            shown = min(shown, super().get_option("et-al-use-first", context, sort_options))
        order = super().get_option("name-as-sort-order", context, sort_options)
        texts = []
        for index, name in enumerate(names[:shown]):
            state.plain_order = order == "first" and index > 0
            try:
                with _swapped(item.reference, variable, [name]):
                    texts.append(str(self._names(item, variable, context, sort_options)))
            finally:
                state.plain_order = False
        return texts, [repr(sorted(name.items())) for name in names[:shown]]

    def _demotes_short(self, context: Any, sort_options: Any) -> bool:
        form = super().get_option("form", context, sort_options)
        demote = str(self.get_root().get("demote-non-dropping-particle", "display-and-sort")).lower()
        return bool(form == "short" and demote in ("sort-only", "display-and-sort"))

    def _inverted_before_last(self, item: Any, variable: Any, context: Any, sort_options: Any) -> bool:
        """Whether the name before "and" / "et al." is shown inverted (family first); a
        literal (organisation) name never is."""
        names = item.reference.get(variable, [])
        if len(names) < 2:
            return False
        order = super().get_option("name-as-sort-order", context, sort_options)
        minimum = super().get_option("et-al-min", context, sort_options)
        shown = len(names)
        if minimum and len(names) >= minimum:
            shown = min(shown, super().get_option("et-al-use-first", context, sort_options) + 1)
        index = shown - 2
        personal = names[index].get("family") is not None or names[index].get("given") is not None
        return personal and (order == "all" or (order == "first" and index == 0))

    def initialize(self, given: str, mark: str, context: Any) -> str:
        """citeproc-py's initials, but a lowercase part after a hyphen is dropped (citeproc-js)."""
        if self.get_option("initialize-with-hyphen", context) and "-" in given:
            head, *rest = given.split("-")
            kept = [head] + [p for p in rest if p[:1].isupper()]
            given = "-".join(kept)
        result: str = super().initialize(given, mark, context)
        return result


class Name_Part(_Cased, model.Name_Part):
    """text-case as citeproc-js."""


class Label(_Displayed, _Cased, model.Label):
    """text-case as citeproc-js; plural as citeproc-js counts numbers ("5/6" is one, "5-6" two)."""

    def _is_plural(self, item: Any) -> bool:
        info = number_info(item, self.get("variable", ""))
        if info is not None:
            return info.plural
        return bool(super()._is_plural(item))


class Date_Part(_LocaleTerms, _Cased, model.Date_Part):
    """text-case as citeproc-js; the implicit year suffix after the entry's first issued year."""

    def process(self, date: Any, context: Any = None) -> Any:
        text = super().process(date, context)
        state = state_of(self)
        if state.implicit_suffix and text and self.get("name") == "year" and state.date_variable == "issued":
            text = str(text) + state.implicit_suffix
            state.implicit_suffix = ""
        return text


def sort_fold(key: Any) -> Any:
    """A sort key that compares as citeproc-js' collation does (``localeCompare`` with
    sensitivity "base", ignorePunctuation, numeric): accents and letters such as Ł, Ø, Æ
    fold to base letters (citeproc-py compares code points: "Łukasiewicz" sorted after
    "Zaremba"), punctuation is ignored, digit runs compare as numbers."""
    if key is None or isinstance(key, int):
        return key
    text = unicodedata.normalize("NFKD", str(key).translate(_FOLD))
    text = "".join(c for c in text if not (unicodedata.combining(c) or unicodedata.category(c)[0] == "P"))
    if text.strip().isdigit():
        return text  # citeproc-py compares an all-digit key as a number
    return _DIGITS.sub(lambda m: m.group(0).zfill(12), text)


_DIGITS = re.compile(r"\d+")


_FOLD = str.maketrans({"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe",
                       "ß": "ss", "Đ": "D", "đ": "d", "Þ": "Th", "þ": "th", "ı": "i",
                       DATA_OPEN_QUOTE: '"', DATA_CLOSE_QUOTE: '"',
                       STYLE_OPEN_QUOTE: "", STYLE_CLOSE_QUOTE: "", KEEP_CASE: "", NAMES_END: "", JOINED: "",
                       **dict.fromkeys(ALL_MARKERS, "")})


class Key(model.Key):
    """Sort keys as plain text without quotes, accents folded (as citeproc-js collates).

    A macro key renders every name of the macro - nested macros included - in sort
    order ("Bahdanau, Dzmitry, Curie, Marie"), joined without "and", with the key's
    ``names-min``/``names-use-first`` (else the bibliography's et-al settings, as
    citeproc-js inherits them; else the name's own).
    """

    def sort_keys(self, items: Any, context: Any) -> list[Any]:
        state = state_of(self)
        root = self.get_root()
        formatter = root.formatter
        state.sorting, root.formatter = True, plain  # keys without markup, whatever the output format
        state.sort_options = self.name_options() if "macro" in self.attrib else None
        try:
            keys = super().sort_keys(items, context)
        finally:
            state.sorting, root.formatter = False, formatter
            state.sort_options = None
        return [sort_fold(k) for k in keys]

    def _format_name(self, item: Any, variable: str) -> Any:
        """A name variable key: citeproc-py's key of the names that an et-al truncation keeps
        (the key's ``names-min``/``names-use-first``, else the bibliography's et-al settings;
        citeproc-js), so lists equal up to "et al." tie and keep their order."""
        names = item.reference.get(variable)
        options = self.name_options()
        minimum, first = int(options.get("et-al-min") or 0), int(options.get("et-al-use-first") or 1)
        if names is None or not minimum or len(names) < minimum:
            return super()._format_name(item, variable)
        with _swapped(item.reference, variable, names[:first]):
            return super()._format_name(item, variable)

    def name_options(self) -> dict[str, Any]:
        """The name options a macro key imposes (CSL 1.0.2 "Sorting")."""
        options: dict[str, Any] = {"name-as-sort-order": "all"}
        inherited = (self.getparent().getparent(), self.get_root())  # cs:bibliography/cs:citation, cs:style
        for option in ("names-min", "names-use-first", "names-use-last"):
            name = option.replace("names", "et-al")
            value = self.get(option)
            for element in inherited:
                if value is None:
                    value = element.get(name)
            if value is not None:
                options[name] = value
        return options


class Substitute(model.Substitute):
    """Suppress every variable the chosen substitute rendered, for the rest of the entry."""

    def render(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
        state = state_of(self)
        for child in self.getchildren():
            state.recording.append(set())
            try:
                if isinstance(child, model.Names) and child.name is None:
                    names = self.xpath_search("./parent::cs:names[1]")[0]
                    text = child.render(item, names_context=names, context=context, **kwargs)
                else:
                    text = child.render(item, context=context, **kwargs)
            except VariableError:
                continue
            finally:
                rendered = state.recording.pop()
            if text:
                state.suppressed |= rendered
                for rec in state.recording:
                    rec |= rendered
                return text
        return None


class _Branch:
    """A ``cs:if``/``cs:else-if``/``cs:else`` whose children a group's delimiter joins:
    citeproc-js merges the delimiter's mark with the suffix before it, decorated or not."""

    def render_children(self, item: Any, delimiter: str = "", **kwargs: Any) -> Any:
        if not delimiter:
            return super().render_children(item, delimiter=delimiter, **kwargs)  # type: ignore[misc]
        output = []
        for child in self.iterchildren():  # type: ignore[attr-defined]
            try:
                if isinstance(child, model.Choose):
                    text = child.render(item, delimiter=delimiter, **kwargs)
                else:
                    text = child.render(item, **kwargs)
            except VariableError:
                continue
            if text is not None:
                output.append(without_decorated_end(text))
        return join(output, delimiter) if output else None


class If(_Branch, model.If):
    """``disambiguate="true"`` is a real condition (false unless disambiguation asks for it);
    ``is-numeric`` as citeproc-js ("5-6" and "S1" are numeric)."""

    def _is_numeric(self, item: Any) -> list[bool]:
        results = []
        for variable in self.get("is-numeric").split():
            info = number_info(item, variable)
            if info is not None:
                results.append(info.numeric)
            else:
                results.extend(self._is_numeric_one(item, variable))
        return results

    def _is_numeric_one(self, item: Any, variable: str) -> list[bool]:
        key = variable.replace("-", "_")
        return [key in item.reference and self.re_numeric.match(str(item.reference[key])) is not None]

    def render(self, item: Any, context: Any = None, delimiter: str = "", **kwargs: Any) -> Any:
        if "disambiguate" in self.attrib:
            wanted = self.get("disambiguate") == "true"
            if wanted != state_of(self).disambiguate and self.get("match", "all") == "all":
                raise model.ConditionFailed
        return super().render(item, context=context, delimiter=delimiter, **kwargs)


class Else_If(If):
    """Same as :class:`If`."""


class Else(_Branch, model.Else):
    """A branch joined as :class:`_Branch` says."""


FIXED: dict[str, type] = {
    cls.__name__.replace("_", "-").lower(): cls
    for cls in (Style, Layout, Group, Macro, Text, Number, Date, Names, Name, Name_Part, Label, Date_Part,
                Key, Substitute, If, Else_If, Else)
}


# -- memoization ----------------------------------------------------------------------------


class _Memo:
    """Caches for lookups that only depend on the style tree (which is never changed)."""

    def __getattr__(self, name: str) -> Any:
        # citeproc-py's ``element.layout``-style child lookups (a ``find`` per access)
        if name.startswith("__"):
            raise AttributeError(name)
        value = super().__getattr__(name)  # type: ignore[misc]
        self.__dict__[name] = value
        return value

    def get_root(self) -> Any:
        memo = self.style_state.memos[self]
        try:
            return memo["root"]
        except KeyError:
            root = memo["root"] = super().get_root()  # type: ignore[misc]
            return root

    def xpath_search(self, expression: str) -> Any:
        memo, key = memo_of(self), ("xpath", expression)
        try:
            return memo[key]
        except KeyError:
            result = memo[key] = super().xpath_search(expression)  # type: ignore[misc]
            return result

    def get_macro(self, name: str) -> Any:
        memo, key = memo_of(self.get_root()), ("macro", name)
        try:
            return memo[key]
        except KeyError:
            result = memo[key] = super().get_macro(name)  # type: ignore[misc]
            return result

    def get_term(self, name: str, form: Any = None, fallback_locale: bool = True,
                 zero_padded: bool = False) -> Any:
        memo, key = memo_of(self.get_root()), ("term", name, form, fallback_locale, zero_padded)
        try:
            return memo[key]
        except KeyError:
            result = memo[key] = super().get_term(name, form, fallback_locale, zero_padded)  # type: ignore[misc]
            return result

    def get_locale_option(self, name: str) -> Any:
        memo, key = memo_of(self.get_root()), ("locale-option", name)
        try:
            return memo[key]
        except KeyError:
            result = memo[key] = super().get_locale_option(name)  # type: ignore[misc]
            return result

    def get_layout(self) -> Any:
        memo = memo_of(self)
        try:
            return memo["layout"]
        except KeyError:
            result = memo["layout"] = super().get_layout()  # type: ignore[misc]
            return result

    def calls_variable(self) -> bool:
        memo = memo_of(self)
        try:
            result: bool = memo["calls"]
        except KeyError:
            result = memo["calls"] = super().calls_variable()  # type: ignore[misc]
        return result


class _MemoKey:
    def sort_keys(self, items: Any, context: Any) -> list[Any]:
        if self.get("variable") == "citation-number":  # type: ignore[attr-defined]
            return super().sort_keys(items, context)  # type: ignore[misc]
        style_state: StyleState = self.style_state  # type: ignore[attr-defined]
        cache = style_state.sort_cache
        if len(cache) > 500_000:
            cache.clear()
        hashes = style_state.hashes
        ident = id(self)
        missing = [it for it in items if (ident, hashes[it.key]) not in cache]
        if missing:
            for it, key in zip(missing, super().sort_keys(missing, context), strict=True):  # type: ignore[misc]
                cache[(ident, hashes[it.key])] = key
        return [cache[(ident, hashes[it.key])] for it in items]


_FORMATTING = ("font-style", "font-variant", "font-weight", "text-decoration", "vertical-align")


class _MemoFormatting:
    """Skip citeproc-py's formatting steps an element does not ask for (no attribute = no-op)."""

    def _has_any(self, names: tuple[str, ...]) -> bool:
        memo = self.style_state.memos[self]  # type: ignore[attr-defined]
        try:
            result: bool = memo[names]
        except KeyError:
            attrib = self.attrib  # type: ignore[attr-defined]
            result = memo[names] = any(n in attrib for n in names)
        return result

    def format(self, string: Any) -> Any:
        if self._has_any(_FORMATTING):
            return super().format(string)  # type: ignore[misc]
        return str(string) if isinstance(string, int | float) else string

    def wrap(self, string: Any) -> Any:
        if self._has_any(("prefix", "suffix", "display")):
            return super().wrap(string)  # type: ignore[misc]
        return string

    def strip_periods(self, string: Any) -> Any:
        if self._has_any(("strip-periods",)):
            return super().strip_periods(string)  # type: ignore[misc]
        return string

    def case(self, text: Any, language: str | None = None) -> Any:
        if self._has_any(("text-case",)):
            return super().case(text, language)  # type: ignore[misc]
        return text

    def quote(self, string: Any) -> Any:
        if self._has_any(("quotes",)):
            return super().quote(string)  # type: ignore[misc]
        return string


class _MemoText:
    def process(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
        # citeproc-py's Text.process without raising VariableError for a missing `language`
        if context is None:
            context = self
        language = item.reference.get("language")
        if language is None:
            language = self.get_root().get("default-locale", "en")  # type: ignore[attr-defined]
        attrib = self.attrib  # type: ignore[attr-defined]
        if "variable" in attrib:
            text = self._variable(item, context)  # type: ignore[attr-defined]
        elif "macro" in attrib:
            text = self.get_macro(attrib["macro"]).render(item, context)  # type: ignore[attr-defined]
        elif "term" in attrib:
            text = self._term(item)  # type: ignore[attr-defined]
        elif "value" in attrib:
            text = String(self.preformat(attrib["value"]))  # type: ignore[attr-defined]
        return text, language[:2]


class _MemoIf:
    def _type(self, item: Any) -> list[bool]:
        memo, key = self.style_state.memos[self], ("type", item.reference.type)  # type: ignore[attr-defined]
        try:
            result: list[bool] = memo[key]
        except KeyError:
            types = [t.lower() for t in self.get("type").split()]  # type: ignore[attr-defined]
            result = memo[key] = [t == key[1] for t in types]
        return result

    def _variable(self, item: Any) -> list[bool]:
        memo = self.style_state.memos[self]  # type: ignore[attr-defined]
        variables = memo.get("variables")
        if variables is None:
            variables = memo["variables"] = [
                v.replace("-", "_") for v in self.get("variable").split()  # type: ignore[attr-defined]
            ]
        reference = item.reference
        return [("locator" in item) if v == "locator" else (v in reference) for v in variables]


# options whose value may depend on the names being rendered
_PER_LIST_OPTIONS = ("delimiter-precedes-last", "delimiter-precedes-et-al", "name-as-sort-order")


class _MemoName:
    def get_option(self, name: str, context: Any = None, sort_options: Any = None) -> Any:
        state = state_of(self)
        if sort_options is not None or state.sort_options is not None or name in _PER_LIST_OPTIONS:
            return super().get_option(name, context, sort_options)  # type: ignore[misc]
        memo, key = memo_of(self), ("option", name, id(context), state.names_use_first)
        try:
            return memo[key]
        except KeyError:
            value = memo[key] = super().get_option(name, context, sort_options)  # type: ignore[misc]
            return value


class _MemoDate:
    def is_locale_date(self) -> bool:
        memo = memo_of(self)
        try:
            result: bool = memo["locale-date"]
        except KeyError:
            result = memo["locale-date"] = super().is_locale_date()  # type: ignore[misc]
        return result


class _MemoLocale:
    def get_term(self, name: str, form: Any = None, zero_padded: bool = False) -> Any:
        memo, key = memo_of(self), ("own-term", name, form, zero_padded)
        try:
            result = memo[key]
        except KeyError:
            try:
                result = model.Locale.get_term(self, name, form, zero_padded)
            except IndexError:
                result = None
            memo[key] = result
        if result is None:
            raise IndexError
        return result

    def get_option(self, name: str) -> Any:
        memo, key = memo_of(self), ("own-option", name)
        try:
            result = memo[key]
        except KeyError:
            try:
                result = model.Locale.get_option(self, name)
            except IndexError:
                result = IndexError
            memo[key] = result
        if result is IndexError:
            raise IndexError
        return result


def _citeproc_classes() -> dict[str, type]:
    return {
        cls.__name__.replace("_", "-").lower(): cls
        for cls in model.CitationStylesElement.__subclasses__()
    }


def _fast_classes() -> dict[str, type]:
    classes: dict[str, type] = {}
    for tag, base in {**_citeproc_classes(), **FIXED}.items():
        mixins: tuple[type, ...] = (_Memo,)
        if issubclass(base, model.Date):
            mixins = (_MemoDate, _Memo)
        elif issubclass(base, model.Key):
            mixins = (_MemoKey, _Memo)
        elif issubclass(base, model.Text):
            mixins = (_MemoText, _Memo)
        elif issubclass(base, model.If):
            mixins = (_MemoIf, _Memo)
        elif issubclass(base, model.Name):
            mixins = (_MemoName, _Memo)
        elif issubclass(base, model.Locale):
            mixins = (_MemoLocale, _Memo)
        if issubclass(base, model.Formatted | model.Affixed):
            mixins = (_MemoFormatting, *mixins)
        classes[tag] = type(base.__name__, (*mixins, base), {"__doc__": base.__doc__})
    return classes


def _lookup(classes: dict[str, type], default: type) -> etree.ElementNamespaceClassLookup:
    lookup = etree.ElementNamespaceClassLookup()
    namespace = lookup.get_namespace(CSL_NS)
    namespace[None] = default
    namespace.update(classes)
    return lookup


_FIXED_CLASSES = {**_citeproc_classes(), **FIXED}
_FAST_CLASSES = _fast_classes()
_FAST_DEFAULT = type("CitationStylesElement", (_Memo, model.CitationStylesElement), {})


def parse_xml(source: Any, style_state: StyleState) -> Any:
    """Parse a style or locale file into a tree of rnnbib's element classes, bound to ``style_state``."""
    parser = etree.XMLParser(remove_comments=True, encoding="UTF-8", no_network=True)
    parser.set_element_class_lookup(style_state.lookup)
    return etree.parse(source, parser)


def iter_elements(root: Any) -> Iterator[Any]:
    """Every element of a tree (keeping the proxies alive keeps their caches)."""
    return root.iter()
