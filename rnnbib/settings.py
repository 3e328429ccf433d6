"""Process settings read from the environment (resolution settings: :mod:`rnnbib.online.config`).

This module and :mod:`rnnbib.online.config` are the only places that read ``os.environ``::

    RNNBIB_JOBS           most worker processes for a big list or a long formatted bibliography
                          (``1`` = never fork; unset = the idle CPUs)
    RNNBIB_PARALLEL_MIN   fewest formatted entries worth rendering in worker processes (default 300)
    RNNBIB_CACHE_DIR      directory of the caches (rendered CSL entries here; HTTP answers in
                          :mod:`rnnbib.online.config`)
"""

from __future__ import annotations

import os


def jobs() -> int | None:
    """``RNNBIB_JOBS`` as a positive number, else None (not set, or not a positive integer)."""
    setting = os.environ.get("RNNBIB_JOBS", "").strip()
    return int(setting) if setting.isdigit() and int(setting) > 0 else None


def parallel_min(default: int) -> int:
    """``RNNBIB_PARALLEL_MIN`` as an integer, else ``default``."""
    try:
        return int(os.environ.get("RNNBIB_PARALLEL_MIN", default))
    except ValueError:
        return default


def cache_dir() -> str | None:
    """``RNNBIB_CACHE_DIR`` if set and not empty."""
    return os.environ.get("RNNBIB_CACHE_DIR") or None
