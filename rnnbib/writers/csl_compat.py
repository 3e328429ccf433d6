"""Everything rnnbib's CSL layer takes from citeproc-py beyond its documented usage.

The layer (``csl_*`` modules) subclasses citeproc-py's style element classes and
calls some of their internal methods.  This module is the one list of those
couplings, checked by ``tests/test_csl_compat.py`` against the installed
citeproc-py:

- :data:`SUPPORTED` - the citeproc-py versions the code follows (also pinned in
  ``pyproject.toml``);
- :data:`INTERNALS` - internal names rnnbib reads, calls or overrides (each must exist);
- :data:`REWRITTEN` - upstream methods whose *behaviour* rnnbib re-implements in an
  override instead of calling them (their source's SHA-256 at the version followed:
  when upstream changes one, the override has to be looked at again).

The ``csl_*`` modules import citeproc-py through this module only.
"""

from __future__ import annotations

import citeproc
from citeproc import (
    LANGUAGE_NAMES,
    LOCALES_PATH,
    NAMES,
    PRIMARY_DIALECTS,
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    model,
)
from citeproc.formatter import plain
from citeproc.formatter.html import TagWrapper
from citeproc.source import Reference, VariableError
from citeproc.source.json import CiteProcJSON
from citeproc.string import SEAM_PUNCTUATION, MixedString, NoCase, String, join

__all__ = [
    "LANGUAGE_NAMES", "LOCALES_PATH", "NAMES", "PRIMARY_DIALECTS", "SEAM_PUNCTUATION", "Citation", "CitationItem",
    "CitationStylesBibliography", "CitationStylesStyle", "CiteProcJSON", "MixedString", "NoCase", "Reference",
    "String", "TagWrapper", "VariableError", "join", "model", "plain",
]

VERSION = citeproc.__version__
SUPPORTED = ((0, 11), (0, 12))  # >= 0.11, < 0.12

INTERNALS = (
    # element classes rnnbib subclasses (lookup by tag name: ``cs:date-part`` -> Date_Part)
    "model.CitationStylesElement", "model.Style", "model.Layout", "model.Group", "model.Macro", "model.Text",
    "model.Number", "model.Date", "model.Date_Part", "model.Names", "model.Name", "model.Name_Part",
    "model.Label", "model.Key", "model.Substitute", "model.If", "model.Else_If", "model.Else", "model.Choose",
    "model.Locale",
    "model.Formatted", "model.Affixed", "model.ConditionFailed", "model.DateRange", "model.LiteralDate",
    # methods overridden or called
    "model.CitationStylesElement.get_root", "model.CitationStylesElement.xpath_search",
    "model.CitationStylesElement.get_macro", "model.CitationStylesElement.get_term",
    "model.CitationStylesElement.get_single_term", "model.CitationStylesElement.get_locale_option",
    "model.CitationStylesElement.get_layout", "model.CitationStylesElement.get_formatter",
    "model.CitationStylesElement.preformat", "model.CitationStylesElement.unicode_character",
    "model.Style.set_locale_list", "model.Style.get_option",
    "model.Layout.render_citation", "model.Layout.render_bibliography", "model.Layout.render_children",
    "model.Group.process", "model.Group.calls_variable", "model.Macro.render", "model.Parent.calls_variable",
    "model.Parent.render_children",
    "model.Date.calls_variable", "model.Label.calls_variable", "model.Names.calls_variable",
    "model.Number.calls_variable",
    "model.Text.process", "model.Text._variable", "model.Text._term", "model.Text.generated_variables",
    "model.Text.calls_variable", "model.Number.process", "model.If.re_numeric",
    "model.FormatNumber._process", "model.FormatNumber.format_number",
    "model.Date.process", "model.Date.is_locale_date", "model.Date.render_single_date",
    "model.Date.render_date_range", "model.Date.parts", "model.Date.get_date", "model.Date_Part.process",
    "model.Names.process", "model.Names.markup", "model.Name.process", "model.Name.markup", "model.Name.get_option",
    "model.Name.et_al", "model.Name.initialize", "model.Label._is_plural",
    "model.Key.sort_keys", "model.Key._format_name", "model.Substitute.render", "model.If.render",
    "model.If._is_numeric", "model.If._type", "model.If._variable", "model.Locale.get_term",
    "model.Locale.get_option", "model.Formatted.format", "model.Formatted.vertical_align", "model.Affixed.wrap",
    "model.Quoted.quote",
    "model.StrippedPeriods.strip_periods", "model.TextCased.case",
    "model.CitationStylesElement._default_options",
)

# upstream method -> the first 16 hex digits of the SHA-256 of its source (citeproc-py 0.11.1),
# for the overrides that re-implement it rather than extend it
REWRITTEN = {
    "model.Text.process": "f5df50a9abda2755",  # _MemoText.process: no VariableError for a missing language
    "model.Layout.render_citation": "f70ee91bd230401c",  # Layout.render_citation: one cite, no sort
    "model.Layout.render_bibliography": "332a2c723174cf88",  # keeps empty entries (dropped later)
    "model.Style.set_locale_list": "fadbd7ee18fbbeee",  # same search order, rnnbib's element classes
    "model.Sort.sort": "3fc375149ee75b09",  # csl_engine.lazy_sort / _compare: its comparison, lazily
    "model.Group.process": "dbb7ce4a15dbfea5",  # Group.process: citeproc-js' suppression rule
    "model.Date.render_date_range": "603f3ff40a488755",  # range-delimiter, localized delimiters
    "model.Date.render_single_date": "218a5f33113bc70c",
    "model.Substitute.render": "32332cf4b31c2c1a",  # suppression of substituted variables
    "model.Name.process": "c059ec904b217629",  # Name._names: cs:name fonts on each name (citeproc-js)
    "model.Parent.render_children": "fa0e49bd16e7e35b",  # _Branch: delimiter joins drop DECORATED_END
}


def supported(version: str = VERSION) -> bool:
    """Whether a citeproc-py version is in :data:`SUPPORTED`."""
    numbers = tuple(int(part) for part in version.split(".")[:2] if part.isdigit())
    low, high = SUPPORTED
    return low <= numbers < high
