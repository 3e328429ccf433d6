"""Readers turn an input file into Works; a registry by name and file suffix.

A reader is a function ``read(text: str, name: str) -> ReadResult``: ``text``
is already decoded (LF line endings, no BOM) and ``name`` is the file name
used in locations.  Readers never touch the network.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..model import Problem, Work
from ..registry import load


@dataclass
class ReadResult:
    """What a reader found: works, problems (skips, broken blocks) and list metadata."""

    works: list[Work] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)


Reader = Callable[[str, str], ReadResult]

# name -> (module, function)
READERS: dict[str, tuple[str, str]] = {
    "markdown": ("rnnbib.readers.markdown", "read_markdown"),
    "bibtex": ("rnnbib.readers.bibtex", "read_bibtex"),
    "csljson": ("rnnbib.readers.csljson", "read_csljson"),
    "ids": ("rnnbib.readers.idlist", "read_idlist"),
}

SUFFIXES: dict[str, str] = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".bib": "bibtex",
    ".bibtex": "bibtex",
    ".json": "csljson",
    ".txt": "ids",
    ".ids": "ids",
}


def format_for(path: str | os.PathLike[str], fmt: str | None = None) -> str:
    """The reader name for a path (from ``fmt`` or the suffix)."""
    if fmt:
        if fmt not in READERS:
            raise UsageError(f"unknown input format {fmt!r} (known: {', '.join(sorted(READERS))})")
        return fmt
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        known = ", ".join(sorted(SUFFIXES))
        raise UsageError(f"cannot tell the input format from suffix {suffix or '(none)'!r} (known: {known})",
                         str(path))
    return SUFFIXES[suffix]


def get_reader(name: str) -> Reader:
    """The reader function registered under ``name``."""
    func: Reader = load(READERS, name, "input format")
    return func
