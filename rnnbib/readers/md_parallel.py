"""Reading a big list on several cores: chunks cut at top-level headings, read side by side.

A chunk boundary is a line ``# Heading`` at column 0 after a blank line.  There every block of the
Markdown before it is closed (paragraphs, lists, quotes, tables and HTML blocks end at a blank line
or at a heading), a titled entry is closed (a heading closes it) and the section path restarts
(a level-1 heading pops every level), so reading the chunks one by one gives exactly what one
reading of the whole text gives.  Documents where that could fail are read in one piece: fenced
code and HTML blocks that run across blank lines (``<pre>``, ``<script>``, comments ...), and link
reference definitions (a definition in one chunk can serve a link in another).

Each chunk is prefixed with as many newlines as precede it, so line numbers stay those of the file.
The first chunk is read in this process, the others in forked workers; the results come back in
document order.  Parallel reading is used only for big inputs, on a platform with ``fork``, from a
process with no other threads, and when more than one CPU is available; ``RNNBIB_JOBS=1`` turns it
off (``RNNBIB_JOBS=N`` caps the processes).
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import re
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

__all__ = ["MIN_CHARS", "jobs", "read_chunks", "split"]

#: Inputs smaller than this (about 3,000 entries in the seed's style) are read in one piece.
MIN_CHARS = 1_000_000

_BOUNDARY = re.compile(r"(?<=\n\n)#(?:[ \t][^\n]*)?(?=\n|\Z)")
_UNSAFE = re.compile(
    r"```|~~~|<(?:script|pre|style|textarea|[!?])"  # fences; HTML blocks that span blank lines
    r"|^[ \t>]*\[(?:[^\]\\\n]|\\.)+\]:",  # link reference definitions
    re.IGNORECASE | re.MULTILINE,
)

T = TypeVar("T")


def jobs() -> int:
    """How many processes may read one input (1 when parallel reading is not possible)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    setting = os.environ.get("RNNBIB_JOBS", "").strip()
    if setting.isdigit() and int(setting) > 0:
        cpus = min(cpus, int(setting))
    if cpus < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return cpus if threading.active_count() == 1 else 1


def split(body: str, parts: int) -> list[tuple[int, int]]:
    """``(start, end)`` character ranges of up to ``parts`` chunks of about equal size, cut at safe
    boundaries; one range for the whole text when it cannot be cut safely."""
    whole = [(0, len(body))]
    if parts < 2 or _UNSAFE.search(body):
        return whole
    starts = [m.start() for m in _BOUNDARY.finditer(body)]
    cuts: list[int] = []
    for k in range(1, parts):
        goal = len(body) * k // parts
        best = min(starts, key=lambda s: abs(s - goal), default=None)
        if best is not None and best > (cuts[-1] if cuts else 0):
            cuts.append(best)
    bounds = [0, *cuts, len(body)]
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a] or whole


def _chunk_text(body: str, start: int, end: int) -> str:
    return "\n" * body.count("\n", 0, start) + body[start:end]


_worker_reader: Callable[[str, bool], Any] | None = None


def _run(text: str) -> Any:
    assert _worker_reader is not None
    return _worker_reader(text, False)


def read_chunks(body: str, reader: Callable[[str, bool], T], workers: int) -> list[T]:
    """``reader(chunk_text, first)`` over the chunks of ``body``, in document order.

    ``first`` is True for the chunk that starts the document.  With one chunk, or ``workers`` < 2,
    everything runs here.
    """
    ranges = split(body, workers)
    if len(ranges) == 1:
        return [reader(body, True)]
    global _worker_reader
    _worker_reader = reader  # inherited by the forked workers
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=len(ranges) - 1, mp_context=context) as pool:
        futures = [pool.submit(_run, _chunk_text(body, a, b)) for a, b in ranges[1:]]
        first = reader(_chunk_text(body, *ranges[0]), True)
        return [first, *(f.result() for f in futures)]
