"""Independent checks of writer output: a .bib linter, a RIS line checker and a LaTeX title decoder.

Written for the tests, separately from the writers (they do not import rnnbib's own decoders):

* :func:`lint_bib` - a small static linter in the spirit of ``shared/tools/clients/bib_lint.py``:
  entries scanned the way bibtex scans them (every brace counts, escaped or not), nothing but
  whitespace between entries, no stray ``@``, unescaped ``%`` ``&`` ``#`` ``$`` ``_`` ``^`` in
  typeset fields, no dangerous TeX primitives, verbatim fields without braces/backslash/spaces;
* :func:`ris_problems` - every line ``TAG  - value`` (or blank between records), ``TY`` first and
  ``ER`` last in each record;
* :func:`decode_latex` - pylatexenc latex2text with the textcomp symbols it does not know;
* :func:`bibtex_normal` / :func:`ris_normal` - the normalisation each writer documents.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

VERBATIM_FIELDS = {"url", "doi", "eprint", "file", "urldate", "pdf"}
KEY_FIELDS = {"crossref", "xref", "xdata", "entryset", "related", "ids"}
# TeX primitives/macros that read or write files or redefine things: never allowed in a .bib written by us.
DANGEROUS_MACROS = {"input", "include", "openin", "openout", "write", "immediate", "read", "def", "edef", "gdef",
                    "xdef", "let", "catcode", "csname", "newcommand", "renewcommand", "usepackage", "end",
                    "begin", "documentclass", "special", "write18", "jobname", "par"}
_ENTRY_HEAD = re.compile(r"@([A-Za-z]+)\s*\{([^,\s{}()\"#%'=]+),")
_FIELD_HEAD = re.compile(r"\s*([A-Za-z][A-Za-z0-9_\-:.+]*)\s*=\s*")
_BARE_VALUE = re.compile(r"[A-Za-z0-9_\-]+")
_MACRO = re.compile(r"\\([A-Za-z]+|.)")
_MATH_SEGMENT = re.compile(r"(?<!\\)\$(?:[^$\\]|\\.)*\$|\\\(.*?\\\)")
_INNER_ENTRY = re.compile(r"\n[ \t]*@[A-Za-z]*\s*[{(]")


@dataclass
class BibEntry:
    """One entry as the linter read it: type, key and raw field values (outer braces removed)."""

    etype: str
    key: str
    fields: dict[str, str] = field(default_factory=dict)
    line: int = 0


def _line(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _braced(text: str, start: int) -> int:
    """End (exclusive) of the brace group opening at ``start``; -1 when it never closes.

    Every brace counts, escaped or not: bibtex does not know ``\\{``.
    """
    depth = 0
    for i in range(start, len(text)):
        c = text[i]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
    return -1


def parse_bib(text: str) -> tuple[list[BibEntry], list[str]]:
    """Split ``text`` into entries the way bibtex would; return the entries and the errors found."""
    entries: list[BibEntry] = []
    errors: list[str] = []
    pos = 0
    n = len(text)
    while True:
        while pos < n and text[pos] in " \n":
            pos += 1
        if pos >= n:
            break
        if text[pos] != "@":
            errors.append(f"line {_line(text, pos)}: text between entries: {text[pos:pos + 30]!r}")
            nxt = text.find("\n@", pos)
            pos = n if nxt < 0 else nxt + 1
            continue
        head = _ENTRY_HEAD.match(text, pos)
        if not head:
            errors.append(f"line {_line(text, pos)}: '@' that does not start a well-formed entry")
            pos += 1
            continue
        entry = BibEntry(head.group(1).lower(), head.group(2), line=_line(text, pos))
        end = _braced(text, head.start(2) - 1)
        if end < 0:
            errors.append(f"line {entry.line}: entry {entry.key!r}: unbalanced braces, never closed")
            break
        body = text[head.end():end - 1]
        for inner in _INNER_ENTRY.finditer(body):
            errors.append(f"entry {entry.key!r}: a line inside the entry starts like an entry: "
                          f"{inner.group().strip()!r} (bibtexparser, bib_lint.py and others split here)")
        errors += _read_fields(body, entry)
        entries.append(entry)
        pos = end
    return entries, errors


def _read_fields(body: str, entry: BibEntry) -> list[str]:
    errors: list[str] = []
    i = 0
    while True:
        m = _FIELD_HEAD.match(body, i)
        if not m:
            if body[i:].strip():
                errors.append(f"entry {entry.key!r}: cannot read fields at {body[i:i + 40]!r}")
            return errors
        name = m.group(1).lower()
        j = m.end()
        if j < len(body) and body[j] == "{":
            end = _braced(body, j)
            if end < 0:
                errors.append(f"entry {entry.key!r} field {name}: unbalanced braces")
                return errors
            value = body[j + 1:end - 1]
        else:
            bare = _BARE_VALUE.match(body, j)
            if not bare:
                errors.append(f"entry {entry.key!r} field {name}: value neither braced nor bare: "
                              f"{body[j:j + 30]!r}")
                return errors
            end, value = bare.end(), bare.group()
        if name in entry.fields:
            errors.append(f"entry {entry.key!r}: field {name} twice")
        entry.fields[name] = value
        k = end
        while k < len(body) and body[k] in " \n":
            k += 1
        if k < len(body) and body[k] != ",":
            errors.append(f"entry {entry.key!r} field {name}: junk after the value: {body[k:k + 30]!r}")
            return errors
        i = k + 1


def _value_problems(name: str, value: str) -> list[str]:
    out: list[str] = []
    if re.search(r"[\x00-\x09\x0b-\x1f\x7f]", value):
        out.append(f"field {name}: control character")
    if "\n" in value and name not in ("annote", "annotation"):
        out.append(f"field {name}: line break")
    if name in KEY_FIELDS:  # entry keys (crossref, ids, entryset …) kept from a .bib input (issue 13)
        if any(not re.fullmatch(r"[^\s,{}()\"#%'=\\~]+", k.strip()) for k in value.split(",")):
            out.append(f"field {name}: not a list of keys: {value[:60]!r}")
        return out
    if name in VERBATIM_FIELDS:
        if re.search(r"[\s{}\\]", value):
            out.append(f"field {name}: whitespace, brace or backslash in a verbatim field: {value[:60]!r}")
        return out
    outside_math = _MATH_SEGMENT.sub("", value)  # math from a .bib input is kept as math (issue 13)
    for ch in "%&#$_^":
        if re.search(r"(?<!\\)" + re.escape(ch), value if ch in "%&#" else outside_math):
            out.append(f"field {name}: unescaped {ch!r} in {value[:60]!r}")
    for macro in _MACRO.findall(value):
        if macro in DANGEROUS_MACROS:
            out.append(f"field {name}: dangerous macro \\{macro}")
    depth = 0
    for c in value:
        depth += {"{": 1, "}": -1}.get(c, 0)
        if depth < 0:
            out.append(f"field {name}: '}}' closes the field early")
            break
    return out


def lint_bib(text: str) -> tuple[list[BibEntry], list[str]]:
    """Entries and every lint error of a .bib written by rnnbib (empty list = clean)."""
    entries, errors = parse_bib(text)
    keys: dict[str, str] = {}
    for entry in entries:
        low = entry.key.lower()
        if low in keys:
            errors.append(f"duplicate key {entry.key!r} (bibtex ignores case)")
        keys[low] = entry.key
        for name, value in entry.fields.items():
            errors += [f"entry {entry.key!r} {p}" for p in _value_problems(name, value)]
    return entries, errors


# -- RIS ----------------------------------------------------------------------------------------

RIS_LINE = re.compile(r"^([A-Z][A-Z0-9])  - (.*)$")


def ris_records(text: str) -> tuple[list[list[tuple[str, str]]], list[str]]:
    """RIS records as (tag, value) lists, plus every structural problem."""
    records: list[list[tuple[str, str]]] = []
    problems: list[str] = []
    current: list[tuple[str, str]] | None = None
    for n, line in enumerate(text.split("\n"), 1):
        if line == "":
            continue
        m = RIS_LINE.match(line)
        if not m:
            problems.append(f"line {n}: not 'TAG  - value': {line[:60]!r}")
            continue
        tag, value = m.groups()
        if value != value.strip() or re.search(r"[\x00-\x1f\x7f\x85\u2028\u2029]", value):
            problems.append(f"line {n}: value with edge space or control character: {value[:60]!r}")
        if tag == "TY":
            if current is not None:
                problems.append(f"line {n}: TY inside an open record")
            current = []
        elif current is None:
            problems.append(f"line {n}: {tag} outside a record")
            continue
        current.append((tag, value))
        if tag == "ER":
            records.append(current)
            current = None
    if current is not None:
        problems.append("last record has no ER")
    return records, problems


# -- normalisation and decoding ------------------------------------------------------------------

# latex.py documents: NFC; control characters (C0/C1, lone surrogates, U+FFFE/F) and invisible
# format characters (ZWSP, LRM/RLM, bidi embeddings/isolates, WJ, BOM) dropped; whitespace runs
# (tab, LF, VT, FF, CR, space, NEL, LS, PS) collapsed to one space; stripped.
_BIBTEX_DROP = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff"
    "\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
)
_BIBTEX_SPACE = re.compile("[\t\n\x0b\x0c\r \x85\u2028\u2029]+")


def bibtex_normal(text: str) -> str:
    """A title as the BibTeX writer documents it keeps it (see ``rnnbib/latex.py``)."""
    text = _BIBTEX_DROP.sub("", unicodedata.normalize("NFC", text))
    # NFC again: dropping a control character can bring a base letter and its combining mark together
    return unicodedata.normalize("NFC", _BIBTEX_SPACE.sub(" ", text).strip())


def text_normal(text: str) -> str:
    """Text as the RIS, CSL-JSON and formatted writers print it (``rnnbib/textclean.py``): bidi controls
    (U+202A-U+202E, U+2066-U+2069), U+200B, U+2060, U+FEFF and lone surrogates dropped."""
    return re.sub("[\u200b\u202a-\u202e\u2060\u2066-\u2069\ufeff\ud800-\udfff]", "", text)


def ris_normal(text: str) -> str:
    """A value as the RIS writer documents it: :func:`text_normal`, whitespace runs -> one space, Cc/Cs
    dropped, stripped."""
    text = text_normal(text)
    kept = "".join(" " if c.isspace() else c for c in text
                   if c.isspace() or unicodedata.category(c) not in ("Cc", "Cs"))
    return re.sub(r"\s+", " ", kept).strip()


def _decoder() -> LatexNodes2Text:
    db = get_default_latex_context_db()
    symbols = {"textbraceleft": "{", "textbraceright": "}", "textasciicircum": "^", "textasciitilde": "~",
               "textbackslash": "\\", "textperiodcentered": "·", "textunderscore": "_", "textbar": "|",
               "textless": "<", "textgreater": ">", "textquotesingle": "'",
               "TeX": "TeX", "LaTeX": "LaTeX", "LaTeXe": "LaTeX2e", "BibTeX": "BibTeX"}  # logos: kept from .bib input
    db.add_context_category("rnnbib-tests", prepend=True,
                            macros=[MacroTextSpec(k, simplify_repl=v) for k, v in symbols.items()]
                            # a .bib's \url{...} is kept as written and prints as its argument, not <...>
                            + [MacroTextSpec("url", simplify_repl="%s")])
    return LatexNodes2Text(latex_context=db, math_mode="verbatim", strict_latex_spaces=True)


_DECODER = _decoder()


def decode_latex(value: str) -> str:
    """Field text decoded to Unicode: macros and accents decoded, protective braces removed, NFC."""
    return unicodedata.normalize("NFC", _DECODER.latex_to_text(value))
