"""Reading a big list in chunks cut at top-level headings: one after the other, or on several cores.

A chunk boundary is a line ``# Heading`` at column 0 after a blank line.  There every block of the
Markdown before it is closed (paragraphs, lists, quotes, tables and HTML blocks end at a blank line
or at a heading), a titled entry is closed (a heading closes it) and the section path restarts
(a level-1 heading pops every level), so reading the chunks in order gives exactly what one reading
of the whole text gives.  Documents where that could fail are read in one piece: fenced code and
HTML blocks that run across blank lines (``<pre>``, ``<script>``, comments ...), and link reference
definitions (a definition in one chunk can serve a link in another).

Chunks of about :data:`CHUNK_CHARS` keep the parsed tree of only one chunk alive at a time (less
memory, less work for the garbage collector).  Inputs of :data:`MIN_PARALLEL_CHARS` or more are read
by several processes when possible (see :func:`jobs`): the chunks are dealt out as contiguous runs,
the first run is read in this process and the others in forked workers, and the results come back
in document order.  ``RNNBIB_JOBS=1`` turns that off (``RNNBIB_JOBS=N`` caps the processes).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable
from typing import TypeVar

from ..parallel import fork_map, worker_count

__all__ = ["CHUNK_CHARS", "MIN_PARALLEL_CHARS", "jobs", "read_chunks", "split"]

T = TypeVar("T")

#: Target size of one chunk (about 800 entries in the seed's style).
CHUNK_CHARS = 250_000
#: Inputs smaller than this (about 3,000 entries in the seed's style) are read in this process.
MIN_PARALLEL_CHARS = 1_000_000

_BOUNDARY = re.compile(r"(?<=\n\n)#(?:[ \t][^\n]*)?(?=\n|\Z)")
_UNSAFE = re.compile(
    r"```|~~~|<(?:script|pre|style|textarea|[!?])"  # fences; HTML blocks that span blank lines
    r"|^[ \t>]*\[(?:[^\]\\\n]|\\.)+\]:",  # link reference definitions
    re.IGNORECASE | re.MULTILINE,
)

def jobs() -> int:
    """How many processes may read one input (see :func:`rnnbib.parallel.worker_count`)."""
    return worker_count()


def split(body: str, size: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """``(start, end)`` character ranges of chunks of about ``size`` characters (at least), cut at
    safe boundaries; one range for the whole text when it is small or cannot be cut safely."""
    whole = [(0, len(body))]
    if len(body) < 2 * size or _UNSAFE.search(body):
        return whole
    cuts = [0]
    for m in _BOUNDARY.finditer(body, size):
        if m.start() - cuts[-1] >= size and len(body) - m.start() >= size // 2:
            cuts.append(m.start())
    cuts.append(len(body))
    return list(itertools.pairwise(cuts))


Chunk = tuple[str, int, bool]  # text, first line, starts the document


def _chunks(body: str, ranges: list[tuple[int, int]]) -> list[Chunk]:
    chunks: list[Chunk] = []
    line = 1 + body.count("\n", 0, ranges[0][0])
    for start, end in ranges:
        text = body[start:end]
        chunks.append((text, line, start == 0))
        line += text.count("\n")
    return chunks


def _read_run(chunks: list[Chunk], reader: Callable[[str, int, bool], T]) -> list[T]:
    """Read chunks one after the other (only one parsed chunk is alive at a time)."""
    return [reader(text, line, first) for text, line, first in chunks]


def _deal(ranges: list[tuple[int, int]], parts: int) -> list[list[tuple[int, int]]]:
    """Contiguous runs of chunks, about equal in characters, at most ``parts`` of them."""
    total = ranges[-1][1] - ranges[0][0]
    runs: list[list[tuple[int, int]]] = [[]]
    for start, end in ranges:
        if runs[-1] and len(runs) < parts and start - ranges[0][0] >= total * len(runs) // parts:
            runs.append([])
        runs[-1].append((start, end))
    return runs


def read_chunks(body: str, reader: Callable[[str, int, bool], T]) -> list[T]:
    """``reader(chunk_text, first_line, document_start)`` over the chunks of ``body``, in document order.

    ``first_line`` is the 1-based line of the chunk in ``body``; ``document_start`` is True for the
    chunk that starts the document.
    """
    ranges = split(body)
    workers = jobs() if len(body) >= MIN_PARALLEL_CHARS and len(ranges) > 1 else 1
    if workers < 2:
        return _read_run(_chunks(body, ranges), reader)
    runs = [_chunks(body, run) for run in _deal(ranges, workers)]
    read_run = functools.partial(_read_run, reader=reader)
    return [result for run in fork_map(read_run, runs, len(runs)) for result in run]
