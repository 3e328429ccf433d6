"""The resolution run: each stage of :data:`~rnnbib.online.services.SERVICES` plans, asks, merges.

Order: arXiv (every id in as few requests as allowed; arXiv DOIs count as arXiv ids), then
Semantic Scholar + DBLP (published versions and proceedings papers: :mod:`.published`), then
DOIs (works without an arXiv id, and published versions), then GitHub (software works; papers'
code links too with ``github="all"``), then web pages (page-type works: :mod:`.page_stage`; off
with ``pages=False``).  Works found to be one (a preprint and its published
version listed apart) are merged at the end.  A failure never
loses a work: it keeps its list data, its status says what happened and a Problem says why.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..model import Problem, Work
from .config import ResolveConfig
from .http import HttpClient
from .progress import Progress
from .services import resolvers
from .stage import Run

if TYPE_CHECKING:
    from ..bibliography import Bibliography

UNRESOLVED = ("failed", "not-found")


@dataclass
class ResolveSummary:
    """What a run did: requests per service (network and cache), statuses, problems, warnings."""

    network: dict[str, int] = field(default_factory=dict)
    cached: dict[str, int] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    problems: list[tuple[Work, Problem]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    """Run-level problems not tied to one work: a corrupt cache set aside, a service given up on."""

    @property
    def ok(self) -> bool:
        """True when no work failed or was not found (``--strict`` exits 1 otherwise)."""
        return not any(self.statuses.get(s) for s in UNRESOLVED)


def resolve_bibliography(bib: Bibliography, **options: Any) -> Bibliography:
    """Resolve the works of ``bib`` in place and return it; options: :class:`ResolveConfig` fields.

    Run-level warnings (see :attr:`ResolveSummary.warnings`) are added to ``bib.problems``
    with kind ``warning``.
    """
    if bib.meta.get("date"):
        options.setdefault("list_date", str(bib.meta["date"]))
    summary = resolve_works(bib.works, ResolveConfig.from_options(**options))
    from ..enrich.merge import merge_works

    # A preprint and its published version listed apart are one work once resolution linked them.
    bib.works, merges = merge_works(bib.works)
    bib.problems.extend(merges)
    for message in summary.warnings:
        if all((p.message, p.kind) != (message, "warning") for p in bib.problems):
            bib.problems.append(Problem(message, None, "warning"))
    return bib


def resolve_works(works: Sequence[Work], config: ResolveConfig, http: HttpClient | None = None,
                  progress: Progress | None = None) -> ResolveSummary:
    """Resolve ``works`` in place with the services; returns the :class:`ResolveSummary`."""
    client = http or HttpClient(config)
    run = Run(config, client, progress or Progress(config.quiet))
    try:
        for stage in resolvers():
            stage.resolve(stage.plan(works, run), run)
    finally:
        if http is None:
            client.close()
    return ResolveSummary(
        network=dict(client.stats_network), cached=dict(client.stats_cached),
        statuses=dict(Counter(w.status for w in works)),
        problems=[(w, p) for w in works for p in w.problems if p.kind not in ("skip", "merge")],
        warnings=list(client.warnings),
    )


def unresolved(works: Sequence[Work]) -> list[Work]:
    """Works whose lookup failed or found nothing."""
    return [w for w in works if w.status in UNRESOLVED]
