"""What a service lookup gives back: a :class:`Record` (CSL data + extras) inside a :class:`Lookup`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import ServiceError
from ..model import Identifier


@dataclass
class Record:
    """Metadata from one service, ready to merge into a Work."""

    source: str
    """The service: ``arxiv``, ``crossref``, ``datacite``, ``doi.org`` or ``github``."""
    csl: dict[str, Any] = field(default_factory=dict)
    """Real CSL-JSON variables only."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Non-CSL data (``arxiv_class``, ``version``, ``updated``, ``journal_ref``, ``license`` ...)."""
    identifiers: list[Identifier] = field(default_factory=list)
    """Identifiers the record names (a renamed repository's new name ...)."""


@dataclass
class Lookup:
    """The outcome of looking one identifier up."""

    status: str
    """``resolved``, ``not-found``, ``failed`` or ``offline``."""
    record: Record | None = None
    kind: str = ""
    """For failures: ``timeout``, ``http-503``, ``malformed``, ``not-found``, ``offline`` ..."""
    message: str = ""

    @classmethod
    def ok(cls, record: Record) -> Lookup:
        """A resolved lookup."""
        return cls("resolved", record)

    @classmethod
    def not_found(cls, message: str) -> Lookup:
        """The service does not know the identifier."""
        return cls("not-found", None, "not-found", message)

    @classmethod
    def from_error(cls, error: ServiceError) -> Lookup:
        """A failed lookup (``offline`` when the cache could not answer in offline mode)."""
        status = "offline" if error.kind == "offline" else "failed"
        return cls(status, None, error.kind, str(error))
