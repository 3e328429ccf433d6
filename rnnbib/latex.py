"""LaTeX text for ``.bib`` files: cleaning, escaping, Unicode to LaTeX, case protection, decoding.

Two flavours of output text:

* ``ascii_only=True`` (BibTeX): every LaTeX special is escaped and every non-ASCII
  character that has a lossless LaTeX form becomes a braced macro (``{\\"u}``,
  ``{\\L}``, stacked accents ``{\\~{\\^{e}}}``), so that 8-bit bibtex treats it as one
  "special character" (abbreviation, purification and case changes work) and
  pdflatex typesets it.  Characters with no such form (CJK, Vietnamese letters
  with a horn or hook, ...) are kept as UTF-8: pdflatex cannot typeset them
  ("Unicode character ... not set up"); use the biblatex output with biber and
  XeLaTeX/LuaLaTeX for those.
* ``ascii_only=False`` (biblatex/biber): LaTeX specials are escaped, UTF-8 is kept.

Before escaping, text is cleaned (:func:`normalize_text`): NFC-normalised, control
characters (NUL, C0/C1 controls, lone surrogates) and invisible format characters
(zero-width space, BOM, bidi controls) dropped, every run of whitespace (tabs,
newlines, ...) collapsed to one space.  :func:`latex_to_unicode` decodes what the
writers produce back to exactly the cleaned text.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections.abc import Callable
from urllib.parse import quote

from pylatexenc.latex2text import LatexNodes2Text, get_default_latex_context_db
from pylatexenc.latexencode import UnicodeToLatexEncoder
from pylatexenc.latexwalker import get_default_latex_context_db as get_default_latex_walker_context_db
from pylatexenc.macrospec import LatexContextDb

from .latex_macros import PARSE_SPECS, TEXT_SPECS, math_scripts
from .latex_table import is_safe
from .richtext import RICH, mark_rich_text

_DROP = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff"
    "\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
)
_SPACE = re.compile("[\t\n\x0b\x0c\r \x85\u2028\u2029]+")

# Escapes for the ten LaTeX specials.  Braces are never written as \{ \}:
# bibtex counts every brace, escaped or not, so only macros keep entries balanced.
_SPECIALS = {
    "\\": r"{\textbackslash}",
    "{": r"{\textbraceleft}",
    "}": r"{\textbraceright}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"{\textasciitilde}",
    "^": r"{\textasciicircum}",
}
# Pairs that the T1 fonts turn into one glyph (-- `` '' !` ?` << >> ,,) are split by an
# empty group, so the text prints and decodes as written.  \x00 marks the split (cleaned
# text never contains NUL).
_LIGATURE = re.compile(
    r"(?<=-)(?=-)|(?<=`)(?=`)|(?<=')(?=')|(?<=[!?])(?=`)|(?<=<)(?=<)|(?<=>)(?=>)|(?<=,)(?=,)"
)
# In ASCII text, what escaping changes: the specials, and (without ``ligatures``) the ligature pairs.
_PLAIN_SPECIALS = re.compile(r"[\\{}&%$#_~^]")
_PLAIN_ESCAPES = re.compile(r"[\\{}&%$#_~^]|--|``|''|[!?]`|<<|>>|,,")
_ASCII_TARGETS = re.compile(r"[\\{}&%$#_~^]|[A-Za-z]?[\u0300-\u036f]+|[^\x00-\x7f][\u0300-\u036f]*")
_UTF8_TARGETS = re.compile(r"[\\{}&%$#_~^]")

# Combining marks with a LaTeX accent command that pdflatex (T1) typesets.
_ACCENTS = {
    "\u0300": "`", "\u0301": "'", "\u0302": "^", "\u0303": "~", "\u0304": "=", "\u0306": "u",
    "\u0307": ".", "\u0308": '"', "\u030a": "r", "\u030b": "H", "\u030c": "v", "\u0323": "d",
    "\u0327": "c", "\u0328": "k", "\u0331": "b",
}

_ENCODER = UnicodeToLatexEncoder(
    non_ascii_only=True, replacement_latex_protection="braces-all", unknown_char_policy="keep"
)
logging.getLogger("pylatexenc.latexencode").setLevel(logging.ERROR)


def normalize_text(text: str) -> str:
    """NFC text without control or invisible format characters, whitespace runs collapsed, stripped."""
    if text.isascii() and text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text  # printable ASCII is NFC and has nothing to drop or collapse
    text = _DROP.sub("", unicodedata.normalize("NFC", text))
    return _SPACE.sub(" ", text).strip()


_ACCENTED_DOTLESS_I = re.compile(r"(\\[`'^\"~=.])\\i\}")


@functools.lru_cache(maxsize=8192)
def encode_char(cluster: str) -> str:
    """LaTeX for one non-ASCII character (plus its combining marks), or the cluster itself.

    A character from the verified table (:mod:`.latex_table`) gets pylatexenc's braced
    macro; otherwise an ASCII letter with accents becomes nested accent commands in one
    brace group (``ễ`` -> ``{\\~{\\^{e}}}``); anything else is returned unchanged.
    """
    if len(cluster) == 1 and is_safe(ord(cluster)):
        # pylatexenc writes í as {\'\i}, which biber reads back as a dotless i and a loose accent
        return _ACCENTED_DOTLESS_I.sub(r"\1i}", str(_ENCODER.unicode_to_latex(cluster)))
    decomposed = unicodedata.normalize("NFD", cluster)
    base, marks = decomposed[0], decomposed[1:]
    if marks and base.isascii() and base.isalpha() and all(m in _ACCENTS for m in marks):
        out = base
        for mark in marks:
            out = f"\\{_ACCENTS[mark]}{{{out}}}"
        out = "{" + out + "}"
        # nested accents that Unicode cannot compose do not decode back: keep those raw
        if latex_to_unicode(out) == unicodedata.normalize("NFC", cluster):
            return out
    return cluster


def _replace_ascii(match: re.Match[str]) -> str:
    s = match.group()
    return _SPECIALS.get(s) or encode_char(s)


def _replace_utf8(match: re.Match[str]) -> str:
    return _SPECIALS[match.group()]


def _escape_prepared(text: str, ascii_only: bool) -> str:
    """Escape text that is already cleaned and ligature-marked."""
    if ascii_only:
        return _ASCII_TARGETS.sub(_replace_ascii, text).replace("\x00", "{}")
    return _UTF8_TARGETS.sub(_replace_utf8, text).replace("\x00", "{}")


_RICH_LATEX = {
    "i": "\\textit{", "b": "\\textbf{", "sup": "\\textsuperscript{", "sub": "\\textsubscript{", "sc": "\\textsc{",
    "nodecor": "\\textnormal{",
}
_RICH_COMMANDS = {opening: _RICH_LATEX[kind] for kind, (opening, _) in RICH.items()}
_RICH_COMMANDS.update({closing: "}" for _, closing in RICH.values()})
_RICH_MARKER = re.compile(f"[{''.join(_RICH_COMMANDS)}]")


def _rich_text(text: str, encode: Callable[[str], str]) -> str | None:
    """``text`` with citeproc-js rich-text tags (``<i>``, ``<sub>`` ... well-formed pairs only)
    as LaTeX commands and the rest encoded by ``encode``; None when it has no such tags."""
    if "<" not in text:
        return None
    marked = mark_rich_text(text)
    if marked == text:
        return None
    def piece(part: str) -> str:
        core = part.strip()
        if not core:
            return " " if part else ""
        return (" " if part[0].isspace() else "") + encode(core) + (" " if part[-1].isspace() else "")

    out: list[str] = []
    pos = 0
    for match in _RICH_MARKER.finditer(marked):
        out.append(piece(marked[pos:match.start()]))
        out.append(_RICH_COMMANDS[match.group()])
        pos = match.end()
    out.append(piece(marked[pos:]))
    return "".join(out).strip()


def escape_latex(text: str, ascii_only: bool = True, ligatures: bool = False) -> str:
    """Clean ``text`` and turn it into LaTeX that prints it (see the module docstring).

    ``ligatures=True`` lets ``--`` (page ranges) print as a dash; by default such pairs are
    split with ``{}`` so the text prints and decodes exactly as written.  Rich text
    (``<i>…</i>``, ``<sub>``, ``<sup>``, ``<b>``, ``<sc>``) becomes ``\\textit{…}`` etc.
    """
    rich = _rich_text(text, lambda part: escape_latex(part, ascii_only, ligatures))
    if rich is not None:
        return rich
    text = normalize_text(text)
    if text.isascii() and not (_PLAIN_SPECIALS if ligatures else _PLAIN_ESCAPES).search(text):
        return text
    return _escape_prepared(text if ligatures else _LIGATURE.sub("\x00", text), ascii_only)


_WORD = re.compile(r"(?:[^\W_][\u0300-\u036f]*)+")
_PLURAL_ACRONYM = re.compile(r"([^\W\d_a-z]{2,})(s)")


def needs_case_protection(word: str, first: bool = False) -> bool:
    """Whether a title word must keep its case under a sentence-case style.

    Protected: words with a capital after their first character (``LSTM``, ``RNNs``,
    ``TensorFlow``, ``iPhone``, ``3D``) and single capitals other than ``A`` after the
    first word (``Part I``, ``Vitamin C``).  Ordinary capitalised words are not.
    """
    if any(c.isupper() for c in word[1:]):
        return True
    return len(word) == 1 and word.isupper() and not first and word != "A"


# ASCII words that :func:`needs_case_protection` protects: a capital after the first character, or a
# single capital other than ``A`` (the first word is checked by the caller).
_ASCII_PROTECTED = re.compile(
    r"(?<![A-Za-z0-9])(?:[A-Za-z0-9][a-z0-9]*[A-Z][A-Za-z0-9]*|[B-Z](?![A-Za-z0-9]))"
)
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")


def _protect_plain(text: str) -> str:
    """:func:`latex_title` of printable ASCII text that has nothing to escape."""
    match = _ASCII_PROTECTED.search(text)
    if match is None:
        return text
    first = _ASCII_WORD.search(text)
    first_start = first.start() if first is not None else -1
    out: list[str] = []
    pos = 0
    while match is not None:
        word = match.group()
        start = match.start()
        if len(word) > 1 or start != first_start:
            out.append(text[pos:start])
            if len(word) > 2 and word[-1] == "s" and word[:-1].isupper() and word[:-1].isalpha():
                out.append("{" + word[:-1] + "}s")
            else:
                out.append("{" + word + "}")
            pos = match.end()
        match = _ASCII_PROTECTED.search(text, match.end())
    out.append(text[pos:])
    return "".join(out)


def latex_title(text: str, ascii_only: bool = True) -> str:
    """A title as LaTeX: escaped, with acronyms and mixed-case words braced (``{LSTM}``, ``{RNN}s``),
    rich text as commands (``\\textit{Escherichia coli}``)."""
    rich = _rich_text(text, lambda part: latex_title(part, ascii_only))
    if rich is not None:
        return rich
    cleaned = normalize_text(text)
    if cleaned.isascii() and not _PLAIN_ESCAPES.search(cleaned):
        return _protect_plain(cleaned)
    prepared = _LIGATURE.sub("\x00", cleaned)
    out: list[str] = []
    pos = 0
    for n, match in enumerate(_WORD.finditer(prepared)):
        out.append(_escape_prepared(prepared[pos:match.start()], ascii_only))
        word = match.group()
        if needs_case_protection(word, first=n == 0):
            plural = _PLURAL_ACRONYM.fullmatch(word)
            if plural:
                out.append("{" + _escape_prepared(plural.group(1), ascii_only) + "}s")
            else:
                out.append("{" + _escape_prepared(word, ascii_only) + "}")
        else:
            out.append(_escape_prepared(word, ascii_only))
        pos = match.end()
    out.append(_escape_prepared(prepared[pos:], ascii_only))
    return "".join(out)


_AND = re.compile(r"(?i)(?:^|\s)and(?:\s|$)")
_LABEL_DELIMITERS = re.compile(r"[][()]")
_BRACED_MACRO = re.compile(r"\{(\\text(?:backslash|braceleft|braceright|asciitilde|asciicircum))\}")


def hide_label_delimiters(latex: str) -> str:
    """Brace ``[ ] ( )`` in LaTeX text that natbib styles copy into ``\\bibitem[Label(Year)]``.

    A bare ``]`` would end the label early (undefined citation); a bare ``(`` or ``)``
    would split it in the wrong place (wrong author-year text).  ``Smith]`` -> ``Smith{]}``.
    """
    return _LABEL_DELIMITERS.sub(lambda m: "{" + m.group() + "}", latex)


def _name_text(text: str, ascii_only: bool) -> str:
    """Escaped text of a name part.

    BibTeX (``ascii_only``): label delimiters braced (:func:`hide_label_delimiters`); the
    ``{\\textasciitilde}`` forms stay, bibtex takes such a group as one letter for initials.
    biber: ``\\textasciitilde{}`` instead, as biber builds broken initials
    (``familyi={}\\bibinitperiod}``) from a name word that starts with a brace group.
    """
    escaped = escape_latex(text, ascii_only)
    if ascii_only:
        return hide_label_delimiters(escaped)
    return _BRACED_MACRO.sub(r"\1{}", escaped)


def _name_part(text: str, ascii_only: bool) -> str:
    """One part of a name; braced when bibtex would split it (a comma or the word ``and``)."""
    escaped = _name_text(text, ascii_only)
    if "," in text or _AND.search(text):
        return "{" + escaped + "}"
    return escaped


def latex_name(name: dict[str, str], ascii_only: bool = True) -> str:
    """A CSL name as a BibTeX name: ``von Last, Jr, First``; literal names braced (``{Google DeepMind}``)."""
    family = normalize_text(str(name.get("family", "")))
    given = normalize_text(str(name.get("given", "")))
    literal = normalize_text(str(name.get("literal", "")))
    if not family:
        literal = literal or given
        return "{" + _name_text(literal, ascii_only) + "}" if literal else ""
    particle_keys = ("dropping-particle", "non-dropping-particle")
    particles = " ".join(p for p in (normalize_text(str(name.get(k, ""))) for k in particle_keys) if p)
    last = _name_part(family, ascii_only)
    if particles:
        last = _name_part(particles, ascii_only) + " " + last
    elif not given and " " in family:
        last = "{" + _name_text(family, ascii_only) + "}"
    suffix = normalize_text(str(name.get("suffix", "")))
    parts = [last]
    if suffix:
        parts.append(_name_part(suffix, ascii_only))
    if given or suffix:
        parts.append(_name_part(given, ascii_only))
    return ", ".join(parts)


def latex_names(names: list[dict[str, str]], ascii_only: bool = True) -> str:
    """Names joined with `` and `` (empty names skipped); the et-al marker ``{"literal": "others"}`` as ``others``."""
    return " and ".join(n for n in (
        "others" if x == ET_AL else latex_name(x, ascii_only) for x in names if isinstance(x, dict)) if n)


ET_AL: dict[str, str] = {"literal": "others"}  # BibTeX's ``and others``, as pandoc writes it in CSL


_URL_SAFE = "!#$%&'()*+,-./:;=?@[]_~|^`<>\""
_URL_UNSAFE = re.compile(r"[ {}\\]")  # the printable ASCII that quote() encodes with _URL_SAFE


def latex_url(url: str) -> str:
    """A URL (or DOI, eprint id) for a verbatim field: ASCII, no whitespace, no braces or backslashes.

    ``url``/``doi``/``eprint`` are read verbatim (url package, biber), so ``%`` ``#`` ``_``
    ``~`` stay as they are; spaces, braces, backslashes and non-ASCII characters are
    percent-encoded (the same URL for a browser), control characters dropped.
    """
    if url.isascii() and url.isprintable() and not _URL_UNSAFE.search(url):
        return url  # nothing to drop, strip or encode
    text = _DROP.sub("", unicodedata.normalize("NFC", url)).strip()
    return quote(text, safe=_URL_SAFE)


# -- decoding ------------------------------------------------------------------------------

def _decoder() -> LatexNodes2Text:
    db = get_default_latex_context_db()
    db.add_context_category("rnnbib", prepend=True, macros=TEXT_SPECS)
    return LatexNodes2Text(latex_context=db, math_mode="text", strict_latex_spaces=True)


def _parser_context() -> LatexContextDb:
    db = get_default_latex_walker_context_db()
    db.add_context_category("rnnbib", prepend=True, macros=PARSE_SPECS)
    return db


_DECODER = _decoder()
_PARSER_CONTEXT = _parser_context()
_NEEDS_DECODING = re.compile(r"[\\{}$~%]|--|``|''|[!?]`|<<|>>|,,")
_BARE_PERCENT = re.compile(r"(?<!\\)%")


# Fast path of the decoder for what the writers (and most .bib files) contain: escaped specials,
# braced text macros, braced single accents on a letter, protective braces.
_SIMPLE_REPL = {
    "textbraceleft": "{", "textbraceright": "}", "textbackslash": "\\", "textasciitilde": "~",
    "textasciicircum": "^", "textquoteright": "’", "textquoteleft": "‘", "textquotedblleft": "“",
    "textquotedblright": "”", "textendash": "–", "textemdash": "—", "L": "Ł", "l": "ł", "o": "ø", "O": "Ø",
    "ss": "ß", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å", "AA": "Å", "i": "ı", "DJ": "Đ",
    "dj": "đ",
}
_COMBINING = {accent: mark for mark, accent in _ACCENTS.items()}
_SIMPLE = re.compile(
    r"\\([&%$#_])"
    r"|\{\\(" + "|".join(sorted(_SIMPLE_REPL, key=len, reverse=True)) + r")\}"
    r"|\\(text(?:backslash|braceleft|braceright|asciitilde|asciicircum))\{\}"
    r"|\{\\(?:([`'^\"~=.])|([uvHcdbkr])(?=\{))\{?([A-Za-z]|\\i)\}?\}"
    r"|[{}]|~"
)
_NOT_SIMPLE = re.compile(r"[\\$]|--|``|''|[!?]`")


def _simple(match: re.Match[str]) -> str:
    escaped, macro, name_macro, symbol_accent, letter_accent, base = match.groups()
    if escaped:
        return escaped
    if macro or name_macro:
        return _SIMPLE_REPL[macro or name_macro]
    if base:
        mark = _COMBINING[symbol_accent or letter_accent]
        return unicodedata.normalize("NFC", ("i" if base == "\\i" else base) + mark)
    return "\xa0" if match.group() == "~" else ""


_DOTLESS_ACCENTED = re.compile("\u0131(?=[\u0300-\u036f])")


def latex_to_unicode(text: str) -> str:
    """Decode BibTeX field text to Unicode (pylatexenc latex2text) and clean it.

    Braces are dropped, macros and accents decoded.  A bare ``%`` (a broken .bib) is
    read as a percent sign, not as a comment.  Undecodable input is returned cleaned.
    Text with only escaped specials and braces takes a fast path with the same result.
    """
    if not _NEEDS_DECODING.search(text):
        return normalize_text(text)
    if not _NOT_SIMPLE.search(_SIMPLE.sub("\x00", text)):
        return normalize_text(_SIMPLE.sub(_simple, text))
    try:
        decoded = _DECODER.latex_to_text(_BARE_PERCENT.sub(r"\\%", math_scripts(text)),
                                         latex_context=_PARSER_CONTEXT)
    except Exception:  # latex2text raises assorted errors on malformed LaTeX
        decoded = text
    # ``{\'{\i}}`` (dblp's spelling of í) decodes to a dotless i with a combining accent
    return normalize_text(_DOTLESS_ACCENTED.sub("i", decoded))
