"""Render chunks of a long bibliography in forked worker processes.

Forked workers inherit the parsed style, the items and every cache of the parent,
so nothing but the chunks and the results travels between processes (the renderer's
closure reaches them by ``fork``; :func:`rnnbib.parallel.fork_map`).  Used only where ``fork`` exists
(Linux), for at least :data:`MIN_ITEMS` items, with one worker per idle CPU
(:func:`rnnbib.parallel.worker_count`: ``RNNBIB_JOBS`` caps them, ``1`` = never fork);
``RNNBIB_PARALLEL_MIN`` sets the minimum number of items.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from .. import settings
from ..parallel import fork_map, worker_count

MIN_ITEMS = 300


def workers_for(count: int) -> int:
    """How many workers to use for ``count`` items (1 = render in this process)."""
    minimum = settings.parallel_min(MIN_ITEMS)
    if count < minimum:
        return 1
    return max(1, min(worker_count(), count))


def parallel_map(func: Callable[[list[int]], list[Any]], indices: Sequence[int], workers: int) -> list[Any]:
    """``func`` over ``indices`` in chunks over ``workers`` processes (:func:`rnnbib.parallel.fork_map`:
    ``func`` reaches the workers by ``fork``, never pickled); results in index order."""
    indices = list(indices)
    if workers <= 1 or len(indices) < 2:
        return func(indices)
    size = -(-len(indices) // workers)
    chunks = [indices[i:i + size] for i in range(0, len(indices), size)]
    return [value for chunk in fork_map(func, chunks, workers) for value in chunk]
