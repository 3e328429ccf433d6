"""The :class:`Bibliography` and the top-level :func:`read` entry point."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from .errors import UsageError
from .fileio import atomic_write, read_text
from .model import Problem, Work
from .readers import ReadResult, format_for, get_reader
from .writers import WriteOptions, get_writer
from .writers import format_for as writer_format_for

PathLike = str | os.PathLike[str]


class Bibliography:
    """An ordered list of Works with the problems found while building it.

    Iterating gives CSL-JSON items (dicts, ``id`` = citekey).
    """

    def __init__(self, works: Sequence[Work] = (), problems: Sequence[Problem] = (),
                 meta: dict[str, Any] | None = None, inputs: Sequence[str] = ()) -> None:
        self.works: list[Work] = list(works)
        self.problems: list[Problem] = list(problems)
        self.meta: dict[str, Any] = dict(meta or {})
        self.inputs: list[str] = list(inputs)
        self.keys_file: str | None = None

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for work in self.works:
            yield work.to_csl()

    def __len__(self) -> int:
        return len(self.works)

    def __getitem__(self, key: str) -> Work:
        for work in self.works:
            if work.key == key:
                return work
        raise KeyError(key)

    def assign_keys(self, keys_file: PathLike | None = None) -> None:
        """(Re)compute citekeys; ``keys_file`` is a lock file read first and written back."""
        from .enrich.keys import assign_keys, load_lock, save_lock

        if keys_file is not None:
            self.keys_file = str(keys_file)
        lock = load_lock(self.keys_file) if self.keys_file else {}
        new_lock = assign_keys(self.works, lock)
        if self.keys_file:
            save_lock(self.keys_file, new_lock)

    def to_string(self, fmt: str = "bibtex", *, style: str = "apa", locale: str = "en-US") -> str:
        """Render the bibliography in an output format (see :data:`rnnbib.writers.WRITERS`)."""
        writer = get_writer(fmt)
        return writer(self.works, WriteOptions(style=style, locale=locale, meta=self.meta))

    def write(self, path: PathLike, fmt: str | None = None, *, style: str = "apa",
              locale: str = "en-US") -> str:
        """Write to ``path`` atomically; the format comes from ``fmt`` or the suffix. Returns the format."""
        name = writer_format_for(path, fmt)
        atomic_write(path, self.to_string(name, style=style, locale=locale))
        return name

    def report(self) -> dict[str, Any]:
        """The run report: one row per work plus a summary (JSON-serialisable)."""
        from .report import build_report

        return build_report(self)


def read_one(path: PathLike, fmt: str | None = None) -> ReadResult:
    """Read one input file with the reader for its format (no merging, no keys)."""
    name = format_for(path, fmt)
    text = read_text(path)
    return get_reader(name)(text, str(path))


def read(*paths: PathLike, fmt: str | None = None, keys: PathLike | None = None,
         merge: bool = True) -> Bibliography:
    """Read reading lists (.md), .bib, CSL-JSON or identifier lists into one :class:`Bibliography`.

    Works that share an identifier are merged (each merge is reported) and
    citekeys are assigned (pinned by the lock file ``keys`` when given).
    Nothing here touches the network; see :func:`rnnbib.resolve`.
    """
    if not paths:
        raise UsageError("no input files")
    works: list[Work] = []
    problems: list[Problem] = []
    meta: dict[str, Any] = {}
    for path in paths:
        result = read_one(path, fmt)
        works.extend(result.works)
        problems.extend(result.problems)
        for k, v in result.meta.items():
            meta.setdefault(k, v)
    if merge:
        from .enrich.merge import merge_works

        works, merge_problems = merge_works(works)
        problems.extend(merge_problems)
    bib = Bibliography(works, problems, meta, [str(Path(p)) for p in paths])
    bib.assign_keys(keys)
    return bib
