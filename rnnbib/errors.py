"""Errors raised by rnnbib.

Every error is an :class:`RnnbibError` and knows where it happened (a file and
line, or a URL), so the CLI can print one line and exit 2::

    RnnbibError
    ├── UsageError          bad option, unknown format or style
    ├── InputError          unreadable, binary or malformed input (file:line)
    └── ServiceError        a remote service failed (URL); never fatal for a run
"""

from __future__ import annotations


class RnnbibError(Exception):
    """Root of all rnnbib errors; ``location`` is ``file:line``, a file or a URL."""

    def __init__(self, message: str, location: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        if self.location:
            return f"{self.location}: {self.message}"
        return self.message


class UsageError(RnnbibError):
    """A bad option: unknown output format, style, locale, or conflicting arguments."""


class InputError(RnnbibError):
    """An input file that cannot be read: missing, binary, or malformed."""


class ServiceError(RnnbibError):
    """A remote service answered badly; ``kind`` says how (timeout, http-503, malformed ...)."""

    def __init__(self, message: str, location: str | None = None, kind: str = "error") -> None:
        super().__init__(message, location)
        self.kind = kind
