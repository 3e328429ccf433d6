"""Render chunks of a long bibliography in forked worker processes.

Forked workers inherit the parsed style, the items and every cache of the parent,
so nothing but the results travels between processes: each worker is a forked
``Process`` whose target (a closure over the renderer) is never pickled, and sends
its chunk's results back through its own pipe.  Used only where ``fork`` exists
(Linux), for at least :data:`MIN_ITEMS` items, with one worker per idle CPU
(:func:`rnnbib.parallel.worker_count`: ``RNNBIB_JOBS`` caps them, ``1`` = never fork);
``RNNBIB_PARALLEL_MIN`` sets the minimum number of items.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any

from ..parallel import worker_count

MIN_ITEMS = 300


def workers_for(count: int) -> int:
    """How many workers to use for ``count`` items (1 = render in this process)."""
    try:
        minimum = int(os.environ.get("RNNBIB_PARALLEL_MIN", MIN_ITEMS))
    except ValueError:
        minimum = MIN_ITEMS
    if count < minimum:
        return 1
    return max(1, min(worker_count(), count))


def _child(func: Callable[[list[int]], list[Any]], chunk: list[int], conn: Connection) -> None:
    try:
        conn.send((True, func(chunk)))
    except BaseException as exc:  # reported to the parent, which raises it
        conn.send((False, repr(exc)))
    finally:
        conn.close()


def parallel_map(func: Callable[[list[int]], list[Any]], indices: Sequence[int], workers: int) -> list[Any]:
    """``func`` over ``indices`` in ``workers`` forked processes; results in index order."""
    indices = list(indices)
    if workers <= 1 or len(indices) < 2:
        return func(indices)
    size = -(-len(indices) // workers)
    chunks = [indices[i:i + size] for i in range(0, len(indices), size)]
    context = multiprocessing.get_context("fork")
    running = []
    for chunk in chunks:
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_child, args=(func, chunk, sender), daemon=True)
        process.start()
        sender.close()
        running.append((process, receiver))
    results: list[Any] = []
    try:
        for _process, receiver in running:
            ok, value = receiver.recv()
            if not ok:
                raise RuntimeError(f"a rendering worker failed: {value}")
            results.extend(value)
    finally:
        for process, receiver in running:
            receiver.close()
            process.join()
    return results
