"""Render chunks of a long bibliography in forked worker processes.

Forked workers inherit the parsed style, the items and every cache of the parent,
so nothing but the results travels between processes.  Used only where ``fork``
exists (Linux), for at least :data:`MIN_ITEMS` items, with one worker per idle CPU
(:func:`rnnbib.parallel.worker_count`: ``RNNBIB_JOBS`` caps them, ``1`` = never fork);
``RNNBIB_PARALLEL_MIN`` sets the minimum number of items.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from typing import Any

from .. import settings
from ..parallel import worker_count

MIN_ITEMS = 300
_JOB: dict[str, Callable[[list[int]], list[Any]]] = {}


def workers_for(count: int) -> int:
    """How many workers to use for ``count`` items (1 = render in this process)."""
    minimum = settings.parallel_min(MIN_ITEMS)
    if count < minimum:
        return 1
    return max(1, min(worker_count(), count))


def _run(chunk: list[int]) -> list[Any]:
    return _JOB["func"](chunk)


def parallel_map(func: Callable[[list[int]], list[Any]], indices: Sequence[int], workers: int) -> list[Any]:
    """``func`` over ``indices`` in ``workers`` forked processes; results in index order."""
    indices = list(indices)
    if workers <= 1 or len(indices) < 2:
        return func(indices)
    parts = workers * 2
    size = -(-len(indices) // parts)
    chunks = [indices[i:i + size] for i in range(0, len(indices), size)]
    _JOB["func"] = func
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = pool.map(_run, chunks)
    finally:
        _JOB.clear()
    return [value for chunk in results for value in chunk]
