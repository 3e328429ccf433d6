"""The resolution run: plan lookups per service over all works, batch them, merge the answers.

Order: arXiv (every id in as few requests as allowed; arXiv DOIs count as arXiv ids), then
DOIs (works without an arXiv id, and published versions with ``prefer_published``), then
GitHub (software works; papers' code links too with ``github="all"``), then web pages
(page-type works: :mod:`.page_stage`; off with ``pages=False``).  A failure never
loses a work: it keeps its list data, its status says what happened and a Problem says why.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..model import Identifier, Problem, Work
from .arxiv import ArxivClient
from .config import ResolveConfig
from .doi import DoiClient, arxiv_id_of
from .github import GitHubClient, repo_of_url
from .http import HttpClient
from .merge import record_outcome
from .page_stage import PageStage
from .progress import Progress
from .record import Lookup

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


@dataclass
class _Plan:
    arxiv: dict[str, list[Work]] = field(default_factory=lambda: defaultdict(list))
    doi: dict[str, list[tuple[Work, str]]] = field(default_factory=lambda: defaultdict(list))
    github: dict[str, list[tuple[Work, str]]] = field(default_factory=lambda: defaultdict(list))
    spelling: dict[str, str] = field(default_factory=dict)  # lower-case DOI/repo -> first spelling

    def add(self, table: dict[str, list[tuple[Work, str]]], value: str, work: Work, role: str) -> None:
        key = value.lower()
        self.spelling.setdefault(key, value)
        if (work, role) not in table[key]:
            table[key].append((work, role))


def resolve_bibliography(bib: Bibliography, **options: Any) -> Bibliography:
    """Resolve the works of ``bib`` in place and return it; options: :class:`ResolveConfig` fields.

    Run-level warnings (see :attr:`ResolveSummary.warnings`) are added to ``bib.problems``
    with kind ``warning``.
    """
    if bib.meta.get("date"):
        options.setdefault("list_date", str(bib.meta["date"]))
    summary = resolve_works(bib.works, ResolveConfig.from_options(**options))
    for message in summary.warnings:
        if all((p.message, p.kind) != (message, "warning") for p in bib.problems):
            bib.problems.append(Problem(message, None, "warning"))
    return bib


def resolve_works(works: Sequence[Work], config: ResolveConfig, http: HttpClient | None = None,
                  progress: Progress | None = None) -> ResolveSummary:
    """Resolve ``works`` in place with the services; returns the :class:`ResolveSummary`."""
    client = http or HttpClient(config)
    progress = progress or Progress(config.quiet)
    try:
        plan = _plan(works, config)
        _run_arxiv(plan, client, config, progress)
        _run_dois(plan, client, config, progress)
        _run_github(plan, client, config, progress)
        if config.pages:
            pages = PageStage(client, config, progress)
            pages.resolve(pages.plan(works))
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


def _plan(works: Sequence[Work], config: ResolveConfig) -> _Plan:
    plan = _Plan()
    for work in works:
        arxiv = work.first_id("arxiv")
        doi = work.first_id("doi")
        if arxiv is None and doi is not None and arxiv_id_of(doi.value):
            arxiv = Identifier("arxiv", str(arxiv_id_of(doi.value)))
            work.add_identifier(arxiv)
        repo = work.first_id("github")
        if arxiv is not None:
            plan.arxiv[arxiv.value + (arxiv.version or "")].append(work)
        elif doi is not None:
            plan.add(plan.doi, doi.value, work, "primary")
        elif repo is not None and work.type == "software" and config.github != "none":
            plan.add(plan.github, repo.value, work, "primary")
            continue
        if config.github == "all":
            for code in _code_repos(work):
                plan.add(plan.github, code, work, "code")
    return plan


def _code_repos(work: Work) -> list[str]:
    repos = [i.value for i in work.ids("github")]
    repos += [r for r in (repo_of_url(link.url) for link in work.links_by_role("code")) if r]
    return list(dict.fromkeys(repos))


def _run_arxiv(plan: _Plan, client: HttpClient, config: ResolveConfig, progress: Progress) -> None:
    if not plan.arxiv:
        return
    arxiv = ArxivClient(client, config.arxiv_url, config.arxiv_batch)
    with progress.bar("arXiv", len(plan.arxiv)) as bar:
        lookups = arxiv.lookup(list(plan.arxiv), on_batch=bar.update)
    for ident, works in plan.arxiv.items():
        lookup = lookups[ident]
        for work in works:
            record_outcome(work, lookup, "arxiv")
            if config.prefer_published and lookup.record is not None:
                published = lookup.record.extra.get("published_doi") or _listed_doi(work)
                if published:
                    plan.add(plan.doi, published, work, "published")


def _listed_doi(work: Work) -> str | None:
    for ident in work.ids("doi"):
        if not arxiv_id_of(ident.value):
            return ident.value
    return None


def _run_dois(plan: _Plan, client: HttpClient, config: ResolveConfig, progress: Progress) -> None:
    if not plan.doi:
        return
    dois = DoiClient(client, config)
    with progress.bar("DOI", len(plan.doi)) as bar:
        for key, targets in plan.doi.items():
            doi = plan.spelling[key]
            lookup = dois.lookup(doi)
            service = lookup.record.source if lookup.record else "doi"
            for work, role in targets:
                published = role == "published"
                record_outcome(work, lookup, service, primary=not published, replace_preprint=published)
                if lookup.status == "resolved" and published:
                    work.add_identifier(Identifier("doi", doi))
            bar.update(1)


def _run_github(plan: _Plan, client: HttpClient, config: ResolveConfig, progress: Progress) -> None:
    if not plan.github:
        return
    cff = config.citation_cff if config.citation_cff is not None else bool(config.github_token)
    github = GitHubClient(client, config.github_url, citation_cff=cff)
    with progress.bar("GitHub", len(plan.github), unit="repo") as bar:
        for key, targets in plan.github.items():
            lookup = github.lookup(plan.spelling[key])
            for work, role in targets:
                if role == "primary":
                    record_outcome(work, lookup, "github")
                else:
                    _add_code_info(work, plan.spelling[key], lookup)
            bar.update(1)


def _add_code_info(work: Work, repo: str, lookup: Lookup) -> None:
    """A paper's code repository: kept in ``extra["code_repositories"]``, the work's fields untouched."""
    if lookup.record is None:
        record_outcome(work, lookup, "github", primary=False)
        return
    extra = lookup.record.extra
    info = {"repository": extra.get("repository", repo), "stars": extra.get("stars"),
            "license": extra.get("license"), "description": lookup.record.csl.get("abstract")}
    repos: list[dict[str, Any]] = work.extra.setdefault("code_repositories", [])
    if all(r.get("repository") != info["repository"] for r in repos):
        repos.append({k: v for k, v in info.items() if v not in (None, "")})
        work.provenance["extra.code_repositories"] = "github"
