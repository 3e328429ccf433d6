"""Folding lookups into Works: fields with provenance, status, problems."""

from __future__ import annotations

from ..model import Problem, Work, set_extra
from .record import Lookup, Record

# Preprint-only CSL fields dropped when a published record replaces the preprint.
PREPRINT_FIELDS = ("number", "publisher", "genre")


def apply_record(work: Work, record: Record, *, replace_preprint: bool = False) -> None:
    """Set the record's fields on ``work`` (provenance = the record's source); the list title is kept."""
    if not work.list_title:
        work.list_title = work.title
    if replace_preprint:
        for name in PREPRINT_FIELDS:
            if name not in record.csl and work.provenance.get(name, "list") in ("list", "arxiv"):
                work.csl.pop(name, None)
                work.provenance.pop(name, None)
    for name, value in record.csl.items():
        if value not in (None, "", [], {}):
            work.set(name, value, record.source)
    for name, value in record.extra.items():
        set_extra(work.extra, name, value)
        work.provenance[f"extra.{name}"] = record.source
    for ident in record.identifiers:
        if all(i.key != ident.key for i in work.identifiers):
            old = work.first_id(ident.kind)
            if old is not None and ident.kind == "github":
                add_problem(work, f"github: repository {old.value} is now {ident.value}", "warning")
            work.add_identifier(ident)


def record_outcome(work: Work, lookup: Lookup, service: str, *, primary: bool = True,
                   replace_preprint: bool = False) -> None:
    """Apply a lookup: merge its record, or note the problem; the primary lookup sets the status."""
    if lookup.status == "resolved" and lookup.record is not None:
        apply_record(work, lookup.record, replace_preprint=replace_preprint)
        if primary:
            work.status = "resolved"
        return
    add_problem(work, f"{service}: {lookup.message}", lookup.kind or lookup.status)
    if primary:
        work.status = lookup.status


def add_problem(work: Work, message: str, kind: str) -> None:
    """Add a problem to the work unless the same one is there (re-runs stay clean)."""
    if all((p.message, p.kind) != (message, kind) for p in work.problems):
        work.problems.append(Problem(message, work.source, kind))
