"""Forked worker processes: how many a big job may use, and the one helper that maps over them.

``RNNBIB_JOBS=N`` caps the processes (``1`` = never fork).  Unset, only idle CPUs are used
(CPUs this process may run on minus the load average of other work): forking onto a busy machine makes a run
slower, not faster.  Without ``fork``, or when other threads run (forking them is unsafe), 1.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

from . import settings

T = TypeVar("T")
R = TypeVar("R")

_task: Callable[[Any], Any] | None = None
"""The function a forked worker runs; set only inside the workers (by :func:`_install`)."""


def worker_count(limit: int = 4) -> int:
    """The number of processes to use, at least 1 and at most ``limit``."""
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    setting = settings.jobs()
    if setting is not None:
        wanted = min(cpus, setting)
    else:
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
        # this very process is (about) one unit of the load average: it must not count as "busy"
        wanted = int(cpus - max(0.0, load - 1.0) + 0.5)
    return max(1, min(wanted, limit))


def _install(task: Callable[[Any], Any]) -> None:
    global _task
    _task = task


def _call(part: Any) -> Any:
    assert _task is not None
    return _task(part)


def fork_map(func: Callable[[T], R], parts: Sequence[T], workers: int) -> list[R]:
    """``[func(p) for p in parts]``, with ``parts[1:]`` in up to ``workers - 1`` forked processes.

    This process works on ``parts[0]`` meanwhile.  ``func`` reaches the workers by ``fork`` (never
    pickled: it may close over anything); each part and each result is pickled.  Results come in
    the order of ``parts``.  With ``workers < 2``, one part, or no ``fork``, everything runs here.
    """
    parts = list(parts)
    if workers < 2 or len(parts) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [func(p) for p in parts]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(workers - 1, len(parts) - 1), mp_context=context,
                             initializer=_install, initargs=(func,)) as pool:
        futures = [pool.submit(_call, p) for p in parts[1:]]
        results = [func(parts[0])]
        results.extend(future.result() for future in futures)
    return results
