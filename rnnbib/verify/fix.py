"""``--fix``: the same .bib text with only the contradicted fields rewritten.

Each field value is replaced in place (its ``{...}``, ``"..."`` or bare form); every other
byte of the file -- keys, other fields, comments, layout -- stays as it was.  Each change is
recorded in the work's :attr:`~rnnbib.verify.verdict.WorkCheck.fixes`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import bibtexparser
from bibtexparser.model import Entry, Field

from ..errors import UsageError
from ..latex import escape_latex, latex_names, latex_title
from .compare import work_arxiv_id
from .verdict import WorkCheck

# Checked field -> the BibTeX fields that carry it, in the order they are looked for.
BIB_FIELDS = {
    "title": ("title",), "authors": ("author",), "year": ("year", "date"), "venue": ("journal", "booktitle",
                                                                                   "journaltitle"),
    "volume": ("volume",), "pages": ("pages",), "doi": ("doi",), "arxiv": ("eprint",),
}


def _bib_value(name: str, value: Any) -> str | None:
    """The BibTeX text of an authority's value."""
    if value in (None, "", []):
        return None
    if name == "title":
        return latex_title(str(value))
    if name == "authors":
        return latex_names(value) if isinstance(value, list) else None
    if name == "venue":
        return escape_latex(str(value))
    if name == "pages":
        return re.sub(r"\s*[-–—]+\s*", "--", str(value))
    return str(value)


def _value_span(text: str, start: int) -> tuple[int, int] | None:
    """The span of the value that starts at or after ``start`` (after ``=``)."""
    i = start
    while i < len(text) and text[i] in " \t\r\n":
        i += 1
    if i >= len(text):
        return None
    if text[i] in "{\"":
        close = "}" if text[i] == "{" else '"'
        depth, j = 0, i
        while j < len(text):
            c = text[j]
            if c == "\\":
                j += 2
                continue
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                if close == "}" and depth == 0:
                    return i, j + 1
            elif c == '"' and close == '"' and j > i and depth == 0:
                return i, j + 1
            j += 1
        return None
    match = re.compile(r"[^,}\s]+").match(text, i)
    return (i, match.end()) if match else None


def _line_offsets(text: str) -> list[int]:
    offsets = [0]
    for match in re.finditer("\n", text):
        offsets.append(match.end())
    return offsets


def fix_bibtex(text: str, checks: Sequence[WorkCheck]) -> str:
    """``text`` with the contradicted fields of the checked works replaced by the authorities' values."""
    library = bibtexparser.parse_string(text)
    entries: dict[str, Entry] = {e.key: e for e in library.entries}
    offsets = _line_offsets(text)
    edits: list[tuple[int, int, str]] = []
    for item in checks:
        key = item.work.extra.get("bibtex_key")
        entry = entries.get(str(key)) if key else None
        if entry is None or not item.corrections:
            continue
        present = {f.key.lower(): f for f in entry.fields}
        for name, value in item.corrections.items():
            new = _bib_value(name, value)
            field = next((present[f] for f in BIB_FIELDS.get(name, ()) if f in present), None)
            if new is not None and field is None and name == "arxiv":
                field = _arxiv_text_field(present, work_arxiv_id(item.work))
            if new is None or field is None or field.start_line is None:
                continue
            edit = _edit(text, offsets, field.key, field.start_line, new)
            if edit is None:
                continue
            old = text[edit[0]:edit[1]]
            if field.key.lower() == "date":
                edit = (edit[0], edit[1], "{" + re.sub(r"^\{?\d{4}", new, old.strip("{}\"")) + "}")
            elif name == "arxiv" and field.key.lower() != "eprint":
                edit = (edit[0], edit[1], old.replace(work_arxiv_id(item.work), new))
            edits.append(edit)
            item.fixes.append({"field": field.key, "old": old, "new": edit[2]})
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _arxiv_text_field(fields: dict[str, Field], old_id: str) -> Field | None:
    """The field that carries the arXiv id in its text (``journal = {arXiv preprint arXiv:ID}``)."""
    for name in ("journal", "journaltitle", "howpublished", "note", "url"):
        field = fields.get(name)
        if field is not None and old_id and old_id in str(field.value):
            return field
    return None


def _edit(text: str, offsets: list[int], name: str, line: int, new: str) -> tuple[int, int, str] | None:
    if line >= len(offsets):
        return None
    pattern = re.compile(rf"(?i)\b{re.escape(name)}\s*=")
    match = pattern.search(text, offsets[line])
    if match is None:
        return None
    span = _value_span(text, match.end())
    if span is None:
        return None
    return span[0], span[1], "{" + new + "}"


def check_fixable(paths: Sequence[str]) -> str:
    """The one .bib input ``--fix`` rewrites; a usage error otherwise."""
    bibs = [p for p in paths if str(p).lower().endswith(".bib")]
    if len(paths) != 1 or len(bibs) != 1:
        raise UsageError("--fix needs exactly one .bib input")
    return bibs[0]
