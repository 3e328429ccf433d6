"""The user's own LaTeX back in ``.bib`` outputs, for works read from a ``.bib`` file.

A .bib entry says more than its decoded CSL data: brace protection (``{B}ayesian``),
math (``$\\Delta\\Sigma$``), macros, ``crossref``/``xref``/``xdata`` structure,
fields CSL has no variable for.  The reader keeps the entry as written
(``extra["bib_entry"]``: type, own fields, the CSL item it gave) and the LaTeX of its
text variables (``extra["bib_raw"]``).  While a work still says what it said when read
(nothing merged in, nothing resolved), the BibLaTeX writer writes its entry as written
(:func:`entry_as_written`).  When some CSL variables changed (:func:`changed_variables`),
only the fields of those variables are replaced (:data:`VARIABLE_FIELDS`) and the rest
stays as written.  The BibTeX writer builds its fields from the CSL data and takes the
user's LaTeX for each text field whose value is unchanged (:func:`raw_latex`).
"""

from __future__ import annotations

import re
from typing import Any

from ..latex import encode_char, escape_latex, latex_to_unicode, latex_url, normalize_text
from ..latex_macros import MATH_SEGMENT
from ..model import Work

__all__ = ["changed_variables", "entry_as_written", "raw_latex", "safe_latex"]

# Fields rebuilt rather than copied: ``ids`` gets the aliases of merged entries added.
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
# Macros that read or write files or redefine things: a field holding one is never copied.
_DANGEROUS = frozenset({
    "input", "include", "openin", "openout", "write", "immediate", "read", "def", "edef", "gdef", "xdef", "let",
    "catcode", "csname", "newcommand", "renewcommand", "usepackage", "end", "begin", "documentclass", "special",
    "write18", "jobname", "par",
})  # fmt: skip
# Fields whose line breaks are kept (rnnbib's annotation lines are separated by ";" + newline).
_MULTILINE = frozenset({"annote", "annotation"})
_VERBATIM = frozenset({"url", "doi", "eprint", "file", "pdf", "urlraw", "verba", "verbb", "verbc"})
# Fields that hold entry keys (comma-separated): each must be a key bibtex and biber can read.
_KEY_LISTS = frozenset({"crossref", "xref", "xdata", "entryset", "related", "ids"})
_KEY = re.compile(r"[!-~]+")
_NOT_IN_KEY = re.compile(r"[,{}()\"#%'=\\~]")
_TYPE = re.compile(r"[a-z]+")
_FIELD_NAME = re.compile(r"[a-z][a-z0-9_\-:.+]*")
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")
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


# CSL variable -> the biblatex fields that say it (replaced together when the variable changes).
VARIABLE_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "subtitle", "titleaddon"), "author": ("author",), "editor": ("editor",),
    "translator": ("translator",),
    "container-title": ("journaltitle", "journal", "journalsubtitle", "booktitle", "booksubtitle",
                        "booktitleaddon", "organization"),
    "collection-title": ("series",), "event-title": ("eventtitle",), "issued": ("date", "year", "month", "day"),
    "accessed": ("urldate",), "volume": ("volume", "part"), "issue": ("number", "issue"), "number": ("number",),
    "page": ("pages",), "edition": ("edition",), "version": ("version",),
    "publisher": ("publisher", "institution", "school", "organization"), "publisher-place": ("location", "address"),
    "ISBN": ("isbn",), "ISSN": ("issn",), "abstract": ("abstract",), "DOI": ("doi",), "URL": ("url",),
    "note": ("note",), "annote": ("annote", "annotation"), "keyword": ("keywords",), "genre": ("type",),
}  # fmt: skip


def changed_variables(work: Work) -> set[str] | None:
    """The CSL variables whose value changed since the work was read from a .bib entry (None: not read so)."""
    entry = work.extra.get("bib_entry")
    if not isinstance(entry, dict):
        return None
    before, now = entry.get("csl", {}), _current(work)
    return {name for name in set(before) | set(now) if before.get(name) != now.get(name)}


def safe_latex(name: str, value: str) -> bool:
    """Whether a field value as written is LaTeX that compiles and cannot act on the system.

    Verbatim fields (``url``, ``doi`` …): no whitespace, brace or backslash.  Others:
    balanced braces, no unpaired ``\\`` at the end or before a non-ASCII character,
    ``$…$``/``\\(…\\)`` math, no unescaped ``% & #`` anywhere and no ``_ ^ $`` outside math,
    no macro that reads/writes files or redefines commands, no control characters, no line
    break outside ``annote``/``annotation``.
    """
    if _CONTROL.search(value) or ("\n" in value and name not in _MULTILINE):
        return False
    if name in _VERBATIM:
        return not re.search(r"[\s{}\\]", value)
    if name in _KEY_LISTS:
        keys = [k.strip() for k in value.split(",")]
        return all(_KEY.fullmatch(k) and not _NOT_IN_KEY.search(k) for k in keys)
    if not _balanced(value) or re.search(r"(?<!\\)[%&#]", value) or _BAD_ESCAPE.search(value):
        return False
    if re.search(r"(?<!\\)[$_^]", MATH_SEGMENT.sub("", value)):
        return False
    return not any(m in _DANGEROUS for m in _MACRO.findall(value))


# an unpaired backslash at the end would escape the field's closing brace; one before a character
# that is not printable ASCII makes a control symbol LaTeX does not define (and that changes meaning
# once the character is encoded: ``\\<SHY>`` -> ``\\{\\-}``)
_BAD_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\(?![\x20-\x7e])")


def _balanced(text: str) -> bool:
    """Whether every brace closes, counting escaped ones too (bibtex does)."""
    depth = 0
    for c in text:
        depth += (c == "{") - (c == "}")
        if depth < 0:
            return False
    return depth == 0


# biblatex markup -> what plain LaTeX (bibtex styles) has: (opening, closing) around the argument.
_BIBLATEX_MARKUP = {
    "mkbibquote": ("``", "''"), "enquote": ("``", "''"), "mkbibemph": ("\\emph{", "}"),
    "mkbibitalic": ("\\textit{", "}"), "mkbibbold": ("\\textbf{", "}"), "mkbibacro": ("\\textsc{", "}"),
    "mkbibsuperscript": ("\\textsuperscript{", "}"), "mkbibparens": ("(", ")"), "mkbibbrackets": ("[", "]"),
}
_BIBLATEX_SYMBOLS = {"hyphen": "-", "adddot": ".", "addcomma": ",", "addcolon": ":", "addspace": " ",
                     "nopunct": "", "bibrangedash": "--"}
_MARKUP = re.compile(r"\\(" + "|".join(_BIBLATEX_MARKUP) + r")\s*\{")
_SYMBOL = re.compile(r"\\(" + "|".join(_BIBLATEX_SYMBOLS) + r")(?![A-Za-z])\s*(?:\{\})?")


def _for_bibtex(latex: str) -> str:
    """biblatex's markup macros rewritten in plain LaTeX (``\\mkbibquote{x}`` -> ````x''``)."""
    latex = _SYMBOL.sub(lambda m: _BIBLATEX_SYMBOLS[m.group(1)], latex)
    while (match := _MARKUP.search(latex)) is not None:
        depth, end = 1, match.end()
        while end < len(latex) and depth:
            depth += (latex[end] == "{") - (latex[end] == "}")
            end += 1
        if depth:
            return latex
        opening, closing = _BIBLATEX_MARKUP[match.group(1)]
        latex = latex[:match.start()] + opening + latex[match.end():end - 1] + closing + latex[end:]
    return latex


def _normalized(raw: str) -> str | None:
    """:func:`normalize_text` of a value as written, or None when dropping its control or
    invisible characters changes what it says (``\\<US>0`` would become the macro ``\\0``)."""
    text = normalize_text(raw)
    if text == raw or normalize_text(latex_to_unicode(text)) == normalize_text(latex_to_unicode(raw)):
        return text
    return None


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
    latex = _normalized(str(raw[variable]))
    if not latex or not safe_latex(variable, latex):
        return None
    if ascii_only:
        latex = _for_bibtex(latex)
        outside_math = MATH_SEGMENT.sub("", latex)
        if any(m not in _BIBTEX_SAFE_MACROS for m in _MACRO.findall(outside_math)):
            return None
        latex = _NON_ASCII.sub(lambda m: encode_char(m.group()), latex)
        if not latex.isascii():
            return None
    return latex


def entry_as_written(work: Work, aliases: list[str], generated: dict[str, str] | None = None,
                     changed: set[str] | frozenset[str] = frozenset(),
                     generated_type: str = "misc") -> tuple[str, list[tuple[str, str, bool]]]:
    """The entry type and ``(field, LaTeX, braced)`` triples as the user wrote them, ``ids`` with the aliases.

    The fields of the ``changed`` CSL variables are dropped and their ``generated``
    fields (from the CSL data) added.  A value that is not :func:`safe_latex` is replaced
    by its generated field, or re-escaped from its decoded text.  Whitespace runs become
    one space (except in ``note``); month macros (``month = jan``) stay macros
    (``braced`` false).
    """
    entry = work.extra["bib_entry"]
    generated = generated or {}
    replaced = {f for var in changed for f in VARIABLE_FIELDS.get(var, ())}
    fields: list[tuple[str, str, bool]] = []
    for name, raw in entry["fields"].items():
        if name in _NOT_COPIED or name in replaced or not _FIELD_NAME.fullmatch(name):
            continue  # a name bibtex cannot read back (`e#printtype` from a broken file) is dropped
        lines = str(raw).split("\n") if name in _MULTILINE else [str(raw)]
        kept = [_normalized(line) for line in lines]  # no control or invisible characters
        value = "\n".join(k if k is not None else normalize_text(line) for k, line in zip(kept, lines, strict=True))
        if name == "month" and value.lower() in _MONTHS:
            fields.append((name, value.lower(), False))
            continue
        if None in kept or not safe_latex(name, value):
            if name in _KEY_LISTS:
                continue  # keys that cannot be written as keys: the relation is lost, not the entry
            value = generated.get(name) or (latex_url(value) if name in _VERBATIM
                                            else escape_latex(latex_to_unicode(str(raw)), ascii_only=False))
        fields.append((name, value, True))
    names = {f[0] for f in fields}
    fields += [(name, value, True) for name, value in generated.items()
               if name in replaced and value and name not in names]
    ids = [k.strip() for k in str(entry["fields"].get("ids", "")).split(",") if k.strip()]
    ids = [k for k in ids if _KEY.fullmatch(k) and not _NOT_IN_KEY.search(k)]
    ids += [a for a in aliases if a not in ids]
    if ids:
        fields.insert(0, ("ids", ", ".join(ids), True))
    written_type = str(entry["type"])
    return (written_type if _TYPE.fullmatch(written_type) else generated_type), fields


_MONTHS = frozenset(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))
