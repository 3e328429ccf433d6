"""The SQLite cache file: checked when a run opens it, set aside when corrupt, shared safely.

:func:`prepare_cache` runs before requests-cache opens the file.  Under an exclusive lock on a
``.lock`` file beside it (so two runs starting together do not both judge and rename), it

- runs ``PRAGMA quick_check``; a file SQLite calls corrupt or "not a database" is renamed to
  ``<name>.corrupt-<UTC timestamp>`` (with its ``-wal`` / ``-shm`` companions) and a fresh
  cache is built in its place;
- switches the database to write-ahead logging, so readers never wait for a writer and a
  killed run's last transaction is simply rolled back at the next open.

A cache that is merely busy or unwritable is not corrupt: it is left alone and the caller
falls back to an in-memory cache for the run.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory lock, the check still runs
    fcntl = None  # type: ignore[assignment]

BUSY_TIMEOUT = 30.0
"""Seconds a connection waits for another run's write to finish."""
# SQLite result codes that mean "this file is damaged", not "this file is busy".
SQLITE_CORRUPT, SQLITE_NOTADB = 11, 26
CORRUPT_WORDS = ("malformed", "not a database", "corrupt")
COMPANIONS = ("-wal", "-shm", "-journal")


@dataclass
class CacheState:
    """What :func:`prepare_cache` found: can the file be used, and what to tell the user."""

    usable: bool = True
    warnings: list[str] = field(default_factory=list)


def prepare_cache(path: Path) -> CacheState:
    """Check the cache at ``path`` (creating its folder), set a corrupt one aside, enable WAL."""
    state = CacheState()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return CacheState(False, [f"cannot create the cache folder {path.parent} ({exc.strerror or exc}); "
                                  "this run uses no persistent cache"])
    if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return CacheState(False, [f"the cache {path} is not writable; this run uses no persistent cache"])
    with _locked(path):
        problem = damage(path)
        if problem is not None:
            aside = set_aside(path)
            state.warnings.append(f"the cache {path} was unreadable ({problem}); moved it to {aside.name} "
                                  "and started a new one")
        try:
            _enable_wal(path)
        except sqlite3.Error as exc:
            state.usable = False
            state.warnings.append(f"cannot use the cache {path} ({exc}); this run uses no persistent cache")
    return state


def damage(path: Path) -> str | None:
    """Why the SQLite file at ``path`` is corrupt, or ``None`` (missing, empty, busy and healthy files)."""
    try:
        if path.stat().st_size == 0:
            return None
    except OSError:
        return None
    try:
        with contextlib.closing(sqlite3.connect(path, timeout=BUSY_TIMEOUT)) as con:
            rows = con.execute("PRAGMA quick_check").fetchall()
    except sqlite3.Error as exc:
        return str(exc) if is_corruption(exc) else None
    if rows and rows[0][0] != "ok":
        return str(rows[0][0])
    return None


def is_corruption(exc: sqlite3.Error) -> bool:
    """True when ``exc`` says the database file is damaged (not locked, busy or unwritable)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (SQLITE_CORRUPT, SQLITE_NOTADB)
    return any(word in str(exc).lower() for word in CORRUPT_WORDS)


def set_aside(path: Path) -> Path:
    """Rename ``path`` (and its WAL/SHM/journal files) to ``<name>.corrupt-<timestamp>``; returns it."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    os.replace(path, aside)
    for suffix in COMPANIONS:
        companion = path.with_name(path.name + suffix)
        with contextlib.suppress(FileNotFoundError):
            os.replace(companion, aside.with_name(aside.name + suffix))
    return aside


def _enable_wal(path: Path) -> None:
    with contextlib.closing(sqlite3.connect(path, timeout=BUSY_TIMEOUT)) as con:
        con.execute("PRAGMA journal_mode=WAL")


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive advisory lock on ``<path>.lock`` for the block (none where fcntl is missing)."""
    if fcntl is None:
        yield
        return
    try:
        handle = open(path.with_name(path.name + ".lock"), "a+b")  # noqa: SIM115 - held for the block
    except OSError:
        yield
        return
    with handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
