"""Progress bars on stderr, one per service; silent when stderr is not a terminal or when quiet."""

from __future__ import annotations

import sys
from typing import TextIO

from tqdm import tqdm


class Progress:
    """Makes one bar per service (``arXiv``, ``DOI``, ``GitHub``) on ``stream`` (stderr)."""

    def __init__(self, quiet: bool = False, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = not quiet and bool(isatty and isatty())

    def bar(self, service: str, total: int, unit: str = "id") -> tqdm:
        """A bar for ``total`` items of one service (a disabled bar when quiet)."""
        return tqdm(total=total, desc=service, unit=unit, file=self.stream, leave=False,
                    disable=not self.enabled or total == 0, dynamic_ncols=True)
