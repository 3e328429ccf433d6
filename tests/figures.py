"""Figures that tests measure (e.g. ``latex plainnat: 0 errors 0 warnings``), printed at the end of the run.

Tests call :func:`record`; ``conftest.py`` prints every recorded line in pytest's
terminal summary, so the CI log shows them even when all tests pass.
"""

from __future__ import annotations

FIGURES: list[str] = []


def record(line: str) -> None:
    """Remember one figure line for the end-of-run summary."""
    FIGURES.append(line)


def require_clients() -> bool:
    """True when missing external programs must fail tests instead of skipping them."""
    import os

    return os.environ.get("RNNBIB_REQUIRE_CLIENTS", "").strip() in ("1", "true", "yes")
