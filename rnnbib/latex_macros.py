"""Macros that pylatexenc's default tables do not decode, as .bib files use them.

pylatexenc's latex2text knows the LaTeX text macros and accents; .bib files also use
the TeX logos, biblatex's markup and punctuation commands (``\\mkbibquote``,
``\\hyphen``, ``\\adddot``), font switches it does not list (``\\texttt``,
``\\mbox``) and BibTeX sorting hacks (``\\noopsort``).  :data:`PARSE_SPECS` tells the
parser how many arguments each takes; :data:`TEXT_SPECS` what text each becomes.
"""

from __future__ import annotations

import re

from pylatexenc.latex2text import MacroTextSpec
from pylatexenc.macrospec import MacroSpec

__all__ = ["MATH_SEGMENT", "PARSE_SPECS", "TEXT_SPECS", "math_scripts"]

# macro -> replacement text, for macros without arguments
_SYMBOLS = {
    "TeX": "TeX", "LaTeX": "LaTeX", "LaTeXe": "LaTeX2e", "BibTeX": "BibTeX", "XeTeX": "XeTeX",
    "XeLaTeX": "XeLaTeX", "LuaTeX": "LuaTeX", "LuaLaTeX": "LuaLaTeX", "ConTeXt": "ConTeXt", "AmS": "AmS",
    "hyphen": "-", "slash": "/", "textslash": "/", "textbraceleft": "{", "textbraceright": "}",
    "textasciicircum": "^", "textbar": "|", "textless": "<", "textgreater": ">", "textunderscore": "_",
    "textperiodcentered": "·", "textquotesingle": "'", "textquotedbl": '"', "adddot": ".", "addperiod": ".",
    "addcomma": ",", "addcolon": ":", "addsemicolon": ";", "addspace": " ", "addnbspace": "\xa0",
    "addthinspace": "\u2009", "addabbrvspace": " ", "addslash": "/", "nopunct": "", "unspace": "",
    "isdot": "", "protect": "", "relax": "", "break": "", "newblock": " ", "pno": "p.", "ppno": "pp.",
    "psq": " sq.", "psqq": " sqq.", "bibrangedash": "–", "textnumero": "№", "mbox": "", "hbox": "",
    "pounds": "£", "textsterling": "£", "euro": "€", "copyright": "©", "S": "§", "P": "¶", "textcelsius": "℃",
}  # fmt: skip
# macro -> replacement with its one argument as %(1)s
_ONE_ARG = {
    "mkbibquote": "“%(1)s”", "enquote": "“%(1)s”", "mkbibemph": "%(1)s", "mkbibitalic": "%(1)s",
    "mkbibbold": "%(1)s", "mkbibacro": "%(1)s", "textsc": "%(1)s", "texttt": "%(1)s", "textsf": "%(1)s",
    "textrm": "%(1)s", "textup": "%(1)s", "textmd": "%(1)s", "textnormal": "%(1)s", "textsl": "%(1)s",
    "mbox": "%(1)s", "hbox": "%(1)s", "textsuperscript": "%(1)s", "textsubscript": "%(1)s",
    "mkbibsuperscript": "%(1)s", "mkbibsubscript": "%(1)s", "autocap": "%(1)s", "arabic": "%(1)s",
    "bibstring": "%(1)s", "path": "%(1)s", "nolinkurl": "%(1)s", "noopsort": "", "nocite": "",
    "mkbibparens": "(%(1)s)", "mkbibbrackets": "[%(1)s]", "nth": "%(1)s", "mkbibordinal": "%(1)s",
    "ensuremath": "%(1)s", "url": "%(1)s", "doi": "%(1)s", "eprint": "%(1)s", "cite": "", "citep": "",
    "citet": "", "footnote": "",
}  # fmt: skip

PARSE_SPECS: list[MacroSpec] = (
    [MacroSpec(name, "{") for name in _ONE_ARG if name not in _SYMBOLS]
    + [MacroSpec(name, "") for name in _SYMBOLS if name not in _ONE_ARG]
    + [MacroSpec("mbox", "{"), MacroSpec("hbox", "{"), MacroSpec("href", "{{")]
)
TEXT_SPECS: list[MacroTextSpec] = (
    [MacroTextSpec(name, simplify_repl=text) for name, text in _ONE_ARG.items()]
    + [MacroTextSpec(name, simplify_repl=text) for name, text in _SYMBOLS.items() if name not in _ONE_ARG]
    + [MacroTextSpec("href", simplify_repl="%(2)s")]
)


_SUPERSCRIPTS = str.maketrans("0123456789+-=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ")
_SUBSCRIPTS = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
_SCRIPT = re.compile(r"([_^])\s*(?:\{((?:[^{}]|\{[^{}]*\})*)\}|(\\[A-Za-z]+|[^\s{}\\]))")
#: Inline math: ``$…$`` (not ``\\$``) or ``\\(…\\)``.
MATH_SEGMENT = re.compile(r"(?<!\\)\$(?:[^$\\]|\\.)*\$|\\\(.*?\\\)")


def _script(match: re.Match[str]) -> str:
    mark, group, single = match.groups()
    body = group if group is not None else single
    if body.strip() in ("\\circ", "{\\circ}"):
        return "°" if mark == "^" else body
    table = _SUPERSCRIPTS if mark == "^" else _SUBSCRIPTS
    if body and all(c in "0123456789+-=()" or (c == "n" and mark == "^") for c in body):
        return body.translate(table)
    return body  # H$_{\\rm eff}$, 4$^{\\mbox{th}}$: the script as plain text


def math_scripts(text: str) -> str:
    """Sub- and superscripts inside math as Unicode where it has them (``H$_2$O`` → ``H$₂$O``,
    ``$^\\circ$`` → ``$°$``), else as plain text; the rest of the math is left to the decoder."""
    if "$" not in text and "\\(" not in text:
        return text
    return MATH_SEGMENT.sub(lambda m: _SCRIPT.sub(_script, m.group()), text)
