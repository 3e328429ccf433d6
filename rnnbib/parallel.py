"""How many worker processes a big job may fork: one rule for the reader and the CSL renderer.

``RNNBIB_JOBS=N`` caps the processes (``1`` = never fork).  Unset, only idle CPUs are used
(CPUs this process may run on minus the load average of other work): forking onto a busy machine makes a run
slower, not faster.  Without ``fork``, or when other threads run (forking them is unsafe), 1.
"""

from __future__ import annotations

import multiprocessing
import os
import threading


def worker_count(limit: int = 4) -> int:
    """The number of processes to use, at least 1 and at most ``limit``."""
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    setting = os.environ.get("RNNBIB_JOBS", "").strip()
    if setting.isdigit() and int(setting) > 0:
        wanted = min(cpus, int(setting))
    else:
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
        # this very process is (about) one unit of the load average: it must not count as "busy"
        wanted = int(cpus - max(0.0, load - 1.0) + 0.5)
    return max(1, min(wanted, limit))
