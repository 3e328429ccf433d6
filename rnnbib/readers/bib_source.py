"""The entries of a ``.bib`` file as written: type, key, raw field values, line.

bibtexparser splits the file into blocks; this module resolves what BibTeX resolves
before any style sees a value: ``@string`` macros (defined earlier in the file,
names case-insensitive) and ``#`` concatenation of braced, quoted, numeric and macro
parts.  Values stay LaTeX (outer braces or quotes removed), so writers can give back
exactly what the user wrote.  Month macros (``jan`` …) and unknown macros stay as
their name; an unknown one is reported.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import bibtexparser
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    MiddlewareErrorBlock,
    ParsingFailedBlock,
    String,
)

from ..model import Location, Problem

__all__ = ["RawEntry", "parse_value", "read_entries"]

logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

_MONTHS = frozenset(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))


@dataclass
class RawEntry:
    """One entry: lowercase type, key as written, ``{lowercase field: raw LaTeX value}`` in file order."""

    type: str
    key: str
    fields: dict[str, str]
    location: Location
    problems: list[Problem] = field(default_factory=list)


def _parts(value: str) -> list[tuple[str, str]]:
    """Split a raw value at top-level ``#``: ``(kind, text)`` with kind ``text`` (unwrapped) or ``macro``."""
    parts: list[tuple[str, str]] = []
    i, n = 0, len(value)
    while i < n:
        c = value[i]
        if c.isspace() or c == "#":
            i += 1
        elif c in "{\"":
            close = "}" if c == "{" else '"'
            depth, j = 0, i + 1
            while j < n and not (value[j] == close and depth == 0):
                if value[j] == "{":
                    depth += 1
                elif value[j] == "}" and depth:
                    depth -= 1
                elif value[j] == "\\":
                    j += 1
                j += 1
            parts.append(("text", value[i + 1:j]))
            i = j + 1
        else:
            j = i
            while j < n and not value[j].isspace() and value[j] != "#":
                j += 1
            word = value[i:j]
            parts.append(("text" if word.isdigit() else "macro", word))
            i = j
    return parts


def parse_value(value: str, strings: dict[str, str]) -> tuple[str, list[str]]:
    """The LaTeX text of a raw field value and the names of undefined macros in it."""
    out: list[str] = []
    unknown: list[str] = []
    for kind, text in _parts(value.strip()):
        if kind == "macro":
            name = text.lower()
            if name in strings:
                text = strings[name]
            elif name not in _MONTHS:
                unknown.append(text)
        out.append(text)
    return "".join(out), unknown


def read_entries(text: str, name: str) -> tuple[list[RawEntry], list[Problem]]:
    """Entries in file order and the problems of blocks that are not entries (broken blocks)."""
    library = bibtexparser.parse_string(text, parse_stack=[])
    strings: dict[str, str] = {}
    entries: list[RawEntry] = []
    problems: list[Problem] = []
    for block in library.blocks:
        location = Location(name, (block.start_line or 0) + 1)
        notes: list[Problem] = []
        if isinstance(block, String):
            strings[str(block.key).lower()] = parse_value(str(block.value), strings)[0]
            continue
        if isinstance(block, DuplicateBlockKeyBlock):
            entry = block.ignore_error_block
            notes.append(Problem(f"repeated BibTeX key {block.key!r}; both entries kept", location, "warning"))
        elif isinstance(block, MiddlewareErrorBlock | DuplicateFieldKeyBlock):
            entry = block.ignore_error_block
            notes.append(Problem(f"BibTeX entry read partly: {_first_line(block.error)}", location, "warning"))
        elif isinstance(block, ParsingFailedBlock):
            problems.append(Problem(f"broken BibTeX block skipped: {_first_line(block.error)}", location, "error"))
            continue
        else:
            entry = block
        if not isinstance(entry, Entry):
            continue
        fields: dict[str, str] = {}
        for f in entry.fields:
            value, unknown = parse_value(str(f.value), strings)
            fields.setdefault(f.key.lower(), value)
            notes.extend(Problem(f"undefined @string macro {u!r} in field {f.key!r} kept as text", location,
                                 "warning") for u in unknown)
        entries.append(RawEntry(entry.entry_type.lower(), str(entry.key), fields, location, notes))
    return entries, problems


def _first_line(error: Exception) -> str:
    text = str(getattr(error, "abort_reason", "") or error)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return " ".join(lines[:2])[:300] if lines else type(error).__name__
