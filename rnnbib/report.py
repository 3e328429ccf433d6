"""The run report: one row per work plus a summary, as JSON-serialisable data."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from .model import Problem, Work

if TYPE_CHECKING:
    from .bibliography import Bibliography


def _problem(p: Problem) -> dict[str, Any]:
    return {"kind": p.kind, "message": p.message, "location": str(p.location) if p.location else None}


def work_row(work: Work) -> dict[str, Any]:
    """The report row of one work."""
    return {
        "key": work.key,
        "title": work.title,
        "type": work.type,
        "source": str(work.source) if work.source else None,
        "sections": work.section_labels(),
        "identifiers": [str(i) for i in work.identifiers],
        "status": work.status,
        "sources": sorted(set(work.provenance.values())),
        "merged_from": [str(loc) for loc in work.merged_from],
        "aliases": list(work.extra.get("aliases", [])),
        "problems": [_problem(p) for p in work.problems],
        **({"canonical": work.extra["canonical"]} if isinstance(work.extra.get("canonical"), dict) else {}),
    }


def build_report(bib: Bibliography) -> dict[str, Any]:
    """Rows for every work, problems not tied to a work, and a summary of counts."""
    rows = [work_row(w) for w in bib.works]
    kinds = Counter(p.kind for p in bib.problems)
    status = Counter(w.status for w in bib.works)
    types = Counter(w.type for w in bib.works)
    summary = {
        "inputs": bib.inputs,
        "works": len(bib.works),
        "merges": kinds.get("merge", 0),
        "conflicts": kinds.get("conflict", 0),
        "skipped": kinds.get("skip", 0),
        "errors": kinds.get("error", 0),
        "status": dict(sorted(status.items())),
        "types": dict(sorted(types.items())),
    }
    canonical = Counter(w.extra["canonical"]["status"] for w in bib.works
                        if isinstance(w.extra.get("canonical"), dict))
    if canonical:
        summary["canonical"] = dict(sorted(canonical.items()))
    return {"summary": summary, "works": rows, "problems": [_problem(p) for p in bib.problems]}


def human_summary(bib: Bibliography) -> str:
    """A one-line summary for stderr."""
    rep = build_report(bib)["summary"]
    status = ", ".join(f"{n} {s}" for s, n in rep["status"].items())
    return (f"{rep['works']} works ({status}); {rep['merges']} merged, {rep['skipped']} skipped, "
            f"{rep['errors']} input errors")
