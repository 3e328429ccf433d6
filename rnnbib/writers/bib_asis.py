"""The user's own LaTeX back in ``.bib`` outputs, for works read from a ``.bib`` file.

A .bib entry says more than its decoded CSL data: brace protection (``{B}ayesian``),
math (``$\\Delta\\Sigma$``), macros, ``crossref``/``xref``/``xdata`` structure,
fields CSL has no variable for.  The reader keeps the entry as written
(``extra["bib_entry"]``: type, own fields, the CSL item it gave) and the LaTeX of its
text variables (``extra["bib_raw"]``).  While a work still says what it said when read
(nothing merged in, nothing resolved), the BibLaTeX writer writes its entry as written
(:func:`entry_as_written`); otherwise each text field whose value is unchanged is
written from the user's LaTeX (:func:`raw_latex`).
"""

from __future__ import annotations

import re
from typing import Any

from ..model import Work
from .latex import encode_char

__all__ = ["entry_as_written", "raw_latex", "unchanged"]

# Fields that bibtex styles cannot take verbatim from a biblatex file, or that name other keys.
_NOT_COPIED = frozenset({"ids"})
# Macros a bibtex-flavour file may carry outside math: accents, special letters, logos, font commands.
_BIBTEX_SAFE_MACROS = frozenset({
    "i", "j", "l", "L", "o", "O", "ss", "ae", "AE", "oe", "OE", "aa", "AA", "u", "v", "H", "c", "d", "b", "k",
    "r", "t", "TeX", "LaTeX", "LaTeXe", "emph", "textit", "textbf", "textsc", "texttt", "textsf", "textrm",
    "textup", "textsuperscript", "textsubscript", "mbox", "url", "textendash", "textemdash", "textquoteright",
    "textquoteleft", "ldots", "dots", "relax", "textregistered", "texttrademark", "textcopyright", "S",
    "textbackslash", "textasciitilde", "textasciicircum", "textbraceleft", "textbraceright", "slash",
})  # fmt: skip
_MACRO = re.compile(r"\\([A-Za-z]+)")
_MATH = re.compile(r"\$[^$]*\$|\\\(.*?\\\)")
_NON_ASCII = re.compile(r"[^\x00-\x7f][\u0300-\u036f]*")


def _current(work: Work) -> dict[str, Any]:
    item = work.to_csl()
    item.pop("id", None)
    custom = dict(item.get("custom") or {})
    custom.pop("ids", None)
    if custom:
        item["custom"] = custom
    else:
        item.pop("custom", None)
    return item


def unchanged(work: Work) -> bool:
    """Whether the work was read from a .bib entry and still says exactly what it said then."""
    entry = work.extra.get("bib_entry")
    return isinstance(entry, dict) and entry.get("csl") == _current(work)


def _balanced(text: str) -> bool:
    depth = 0
    for c in re.sub(r"\\[{}]", "", text):
        depth += (c == "{") - (c == "}")
        if depth < 0:
            return False
    return depth == 0


def raw_latex(work: Work, variable: str, ascii_only: bool) -> str | None:
    """The user's LaTeX for a CSL text variable whose value has not changed since reading, or None.

    For the bibtex flavour (``ascii_only``) only LaTeX that bibtex styles typeset: no
    biblatex-only macros outside math, non-ASCII characters as LaTeX macros.
    """
    raw = work.extra.get("bib_raw")
    entry = work.extra.get("bib_entry")
    if not isinstance(raw, dict) or not isinstance(entry, dict) or variable not in raw:
        return None
    if entry.get("csl", {}).get(variable) != work.csl.get(variable):
        return None
    latex = str(raw[variable]).strip()
    if not latex or not _balanced(latex):
        return None
    if ascii_only:
        outside_math = _MATH.sub("", latex)
        if any(m not in _BIBTEX_SAFE_MACROS for m in _MACRO.findall(outside_math)):
            return None
        latex = _NON_ASCII.sub(lambda m: encode_char(m.group()), latex)
        if not latex.isascii():
            return None
    return " ".join(latex.split())


def entry_as_written(work: Work, aliases: list[str]) -> tuple[str, list[tuple[str, str, bool]]]:
    """The entry type and ``(field, LaTeX, braced)`` triples as the user wrote them, ``ids`` with the aliases.

    Month macros (``month = jan``) stay macros (``braced`` false).
    """
    entry = work.extra["bib_entry"]
    fields = [(name, str(value), not (name == "month" and str(value).lower() in _MONTHS))
              for name, value in entry["fields"].items() if name not in _NOT_COPIED]
    ids = [k.strip() for k in str(entry["fields"].get("ids", "")).split(",") if k.strip()]
    ids += [a for a in aliases if a not in ids]
    if ids:
        fields.insert(0, ("ids", ", ".join(ids), True))
    return str(entry["type"]), fields


_MONTHS = frozenset(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))
