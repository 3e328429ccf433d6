"""Canonical citations: the published version of preprints, and the venue data of proceedings papers.

One Semantic Scholar batch request (up to 500 ids) covers every arXiv id, proceedings id
(PMLR/JMLR and NeurIPS pages as ``URL:``, ACL Anthology as ``ACL:``, OpenReview, CVF) and DOI of
a run.  For a work S2 places at a venue, DBLP is searched once by title and the candidates go
through the precision guard (:mod:`.canonical`); the chosen record (``/rec/{key}.bib``, one
request) becomes the cited version, each field's provenance ``dblp:{key}``.  A published DOI
(named by arXiv, the list, or S2 next to the arXiv id) goes to Crossref/DataCite instead, through
the DOI stage.  With ``keep_preprints`` the preprint stays the cited version and the venue is
only reported.  Every outcome is recorded in ``work.extra["canonical"]`` (the report's
``canonical`` column).  This is the ``s2`` stage of :data:`~rnnbib.online.services.SERVICES`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..errors import ServiceError
from ..identifiers import arxiv as arxiv_ids
from ..identifiers import proceedings
from ..model import Identifier, Work, url_identity
from .canonical import Decision, Reference, family_name, judge, venue_hints
from .config import ResolveConfig
from .dblp import DblpClient, DblpHit, search_query
from .outcome import add_problem, apply_record
from .record import Record
from .semanticscholar import S2Paper, SemanticScholarClient
from .stage import Plan, Run

__all__ = ["CanonicalResolver", "finish_doi", "published_doi_wanted", "s2_id"]

_URL_KINDS = ("pmlr", "jmlr", "neurips", "openreview", "cvf")
PENDING = "pending"
"""The canonical status of a work whose published DOI the DOI stage is to look up."""


def arxiv_id_of(doi: str) -> str | None:
    """The arXiv id of one of arXiv's own DOIs, else ``None``."""
    found = arxiv_ids.from_doi(doi)
    return found.value if found is not None else None


def s2_id(work: Work) -> tuple[str, str] | None:
    """The Semantic Scholar id to ask about a work, and its role; ``None`` when it has none."""
    arxiv = work.first_id("arxiv")
    if arxiv is not None:
        return f"ARXIV:{arxiv.value}", "preprint"
    for ident in work.identifiers:
        if ident.kind == "acl":
            return f"ACL:{ident.value}", "proceedings"
        if ident.kind in _URL_KINDS:
            url = proceedings.canonical_url(ident) or _link_of(work, ident)
            if url:
                return f"URL:{url}", "proceedings"
    doi = work.first_id("doi")
    if doi is not None and not arxiv_id_of(doi.value):
        return f"DOI:{doi.value}", "doi"
    return None


def _link_of(work: Work, ident: Identifier) -> str:
    for url in [str(work.csl.get("URL") or ""), *(link.url for link in work.links)]:
        if url and proceedings.from_url(url) == ident:
            return url
    return ""


class CanonicalResolver:
    """The ``s2`` stage: one Semantic Scholar batch for the run, then DBLP for works placed at a venue."""

    name = "s2"

    def plan(self, works: Sequence[Work], run: Run) -> Plan:
        """Every work with an arXiv id, a proceedings page or a published DOI (role: which of these)."""
        plan = Plan()
        for work in works:
            found = s2_id(work)
            arxiv = run.outcome(work, "arxiv")
            # A preprint arXiv could not confirm keeps its list data (a wrong id, or a failed lookup).
            if found is not None and (arxiv is None or arxiv.status == "resolved"):
                plan.add(found[0], work, found[1])
        return plan

    def resolve(self, plan: Plan, run: Run) -> None:
        """Ask S2 in batches, then settle each work's published version."""
        if not plan:
            return
        ids = [plan.spelling[key] for key in plan.targets]
        s2 = SemanticScholarClient(run.http, run.config.url("s2"))
        with run.progress.bar("Semantic Scholar", len(ids)) as bar:
            try:
                papers = s2.batch(ids)
            except ServiceError as error:
                # Works keep their status: only the check for published versions is missing.
                if error.kind != "offline":
                    run.http.warn(f"Semantic Scholar: published versions not checked ({error.message})")
                papers = None
            bar.update(len(ids))
        dblp = DblpClient(run.http, run.config.url("dblp"))
        with run.progress.bar("DBLP", len(ids)) as bar:
            for key, targets in plan.targets.items():
                ident = plan.spelling[key]
                for work, role in targets:
                    if papers is None:
                        _without_s2(work, role, run.config)
                    else:
                        _settle(work, ident, role, papers.get(ident), dblp, run.config)
                bar.update(1)


def _without_s2(work: Work, role: str, config: ResolveConfig) -> None:
    """Semantic Scholar could not be asked: only a DOI arXiv or the list names can still be cited."""
    if role == "preprint":
        doi = _published_doi(work, None)
        if doi is not None:
            _cite_doi(work, *doi, config)


def _settle(work: Work, ident: str, role: str, paper: S2Paper | None, dblp: DblpClient,
            config: ResolveConfig) -> None:
    if role == "doi":
        if paper is not None and paper.arxiv_id:
            work.add_identifier(Identifier("arxiv", paper.arxiv_id))
            _note(work, "linked", evidence=["s2-doi-link"], preprint=f"arXiv:{paper.arxiv_id}")
        return
    if role == "proceedings":
        if paper is None:
            _note(work, "not-in-s2")
            return
        if paper.arxiv_id:
            work.add_identifier(Identifier("arxiv", paper.arxiv_id))
        _complete_proceedings(work, paper, dblp)
        return
    _settle_preprint(work, ident.split(":", 1)[1], paper, dblp, config)


def _settle_preprint(work: Work, arxiv_id: str, paper: S2Paper | None, dblp: DblpClient,
                     config: ResolveConfig) -> None:
    if paper is not None and paper.arxiv_id != arxiv_id:
        _note(work, "preprint", rejected=[{"candidate": f"s2:{paper.paper_id}",
                                           "reason": f"Semantic Scholar linked arXiv:{paper.arxiv_id or '-'}"}])
        return
    doi = _published_doi(work, paper)
    if doi is not None:
        _cite_doi(work, *doi, config)
        return
    ref = _reference(work, arxiv_id, paper)
    if paper is None and not ref.hints:
        _note(work, "not-in-s2")
        return
    if paper is not None and paper.is_preprint_only and not ref.hints:
        _note(work, "preprint")
        return
    decision = _search(work, paper, ref, dblp)
    if decision is None:
        return
    _apply_decision(work, decision, paper, dblp, config)


def _cite_doi(work: Work, doi: str, evidence: str, config: ResolveConfig) -> None:
    """A published DOI known without DBLP: the DOI stage looks it up (unless preprints are kept)."""
    work.extra["published_doi"] = doi
    if config.keep_preprints:
        _note(work, "kept-preprint", evidence=[evidence], venue=f"doi:{doi}")
    else:
        _note(work, PENDING, evidence=[evidence], venue=f"doi:{doi}", doi=doi)


def _published_doi(work: Work, paper: S2Paper | None) -> tuple[str, str] | None:
    """A DOI of the published version known without DBLP: arXiv's, the list's, or S2's next to the id."""
    named = work.extra.get("published_doi")
    if isinstance(named, str) and named:
        return named, "arxiv-doi"
    for ident in work.ids("doi"):
        if not arxiv_id_of(ident.value):
            return ident.value, "listed-doi"
    if paper is not None and paper.doi and not arxiv_id_of(paper.doi) and not paper.is_preprint_only:
        return paper.doi, "arxiv-link"
    return None


def _reference(work: Work, arxiv_id: str, paper: S2Paper | None) -> Reference:
    authors = work.csl.get("author") or []
    first = authors[0] if authors and isinstance(authors[0], dict) else {}
    families = [family_name(first.get("family") or first.get("literal") or "")] if first else []
    titles = [work.title]
    if paper is not None:  # S2's record of the same arXiv id describes the same preprint
        titles.append(paper.title)
        families += [family_name(paper.authors[0])] if paper.authors else []
    issued = (work.csl.get("issued") or {}).get("date-parts") or [[]]
    year = issued[0][0] if issued and issued[0] and isinstance(issued[0][0], int) else None
    if year is None and paper is not None:
        year = paper.year
    dois = frozenset(d for d in ([paper.doi.lower()] if paper and paper.doi else []) if not arxiv_id_of(d))
    return Reference(titles=tuple(t for t in titles if t), first_authors=tuple(f for f in families if f),
                     year=year, arxiv_id=arxiv_id, dois=dois, dblp_key=paper.dblp_key if paper else "",
                     hints=venue_hints([*work.notes, work.list_title, str(work.extra.get("venue_hint", ""))]))


def _search(work: Work, paper: S2Paper | None, ref: Reference, dblp: DblpClient) -> Decision | None:
    title = paper.title if paper is not None and paper.title else ref.titles[0] if ref.titles else ""
    try:
        hits = dblp.search(search_query(title))
    except ServiceError as error:
        if error.kind != "offline":
            add_problem(work, f"dblp: {error}", error.kind)
        return None
    return judge(hits, ref)


def _apply_decision(work: Work, decision: Decision, paper: S2Paper | None, dblp: DblpClient,
                    config: ResolveConfig) -> None:
    rejected = [c.row() for c in decision.rejected]
    if decision.chosen is None:
        if decision.conflict:
            _note(work, "conflict", rejected=rejected, reason=decision.conflict)
        elif paper is not None and not paper.is_preprint_only:
            _note(work, "unconfirmed", rejected=rejected, venue=f"s2:{paper.venue}",
                  reason="Semantic Scholar names a venue, but no DBLP record passed the precision rule")
        else:
            _note(work, "preprint", rejected=rejected)
        return
    hit = decision.chosen.hit
    venue = f"{hit.venue} {hit.year or ''}".strip()
    if config.keep_preprints:
        _note(work, "kept-preprint", evidence=decision.chosen.evidence, venue=venue, source=f"dblp:{hit.key}",
              rejected=rejected)
        return
    if not _apply_record(work, hit, dblp):
        return
    doi = hit.doi if hit.doi and not arxiv_id_of(hit.doi) else ""
    _note(work, "upgraded", evidence=decision.chosen.evidence, venue=venue, source=f"dblp:{hit.key}",
          rejected=rejected, doi=doi)  # the DOI stage completes it from Crossref/DataCite


def _apply_record(work: Work, hit: DblpHit, dblp: DblpClient) -> bool:
    """Fetch the chosen record and make it the cited version; False (and a problem) when it fails."""
    try:
        record = dblp.record(hit.key)
    except ServiceError as error:
        if error.kind != "offline":
            add_problem(work, f"dblp: {error}", error.kind)
        return False
    if record is None or record.is_informal:
        add_problem(work, f"dblp: no venue record for {hit.key}", "not-found")
        return False
    csl = dict(record.csl)
    if "arxiv.org/" in str(csl.get("URL", "")):
        csl.pop("URL")  # the arXiv page stays the work's URL; the venue has no page of its own here
    apply_record(work, Record(f"dblp:{record.key}", csl), replace_preprint=True)
    if csl.get("DOI"):
        work.add_identifier(Identifier("doi", str(csl["DOI"])))
    return True


def _complete_proceedings(work: Work, paper: S2Paper, dblp: DblpClient) -> None:
    """A proceedings page: authors, year, booktitle and pages from the DBLP record it links."""
    pages = tuple(url_identity(u) for u in [str(work.csl.get("URL") or ""), *(x.url for x in work.links)] if u)
    authors = paper.authors
    ref = Reference(titles=tuple(t for t in (paper.title, work.title) if t),
                    first_authors=(family_name(authors[0]),) if authors else (),
                    year=paper.year, arxiv_id=paper.arxiv_id, dblp_key=paper.dblp_key, pages=pages,
                    proceedings=frozenset(i.key for i in work.identifiers if i.kind in proceedings.KINDS),
                    dois=frozenset([paper.doi.lower()] if paper.doi and not arxiv_id_of(paper.doi) else []))
    try:
        hits = dblp.search(search_query(ref.titles[0] if ref.titles else ""))
    except ServiceError as error:
        if error.kind != "offline":
            add_problem(work, f"dblp: {error}", error.kind)
        return
    decision = judge(hits, ref)
    rejected = [c.row() for c in decision.rejected]
    if decision.chosen is None:
        _note(work, "conflict" if decision.conflict else "unconfirmed", rejected=rejected,
              reason=decision.conflict or "no DBLP record passed the precision rule")
        return
    hit = decision.chosen.hit
    if _apply_record(work, hit, dblp):
        work.status = "resolved"
        _note(work, "completed", evidence=decision.chosen.evidence, venue=f"{hit.venue} {hit.year or ''}".strip(),
              source=f"dblp:{hit.key}", rejected=rejected)


def _note(work: Work, status: str, **details: Any) -> None:
    """Record the canonical outcome (``work.extra["canonical"]``; the report's ``canonical`` column)."""
    entry: dict[str, Any] = {"status": status}
    entry.update({k: v for k, v in details.items() if v})
    work.extra["canonical"] = entry


def published_doi_wanted(work: Work) -> str | None:
    """The published DOI this stage asks the DOI stage to look up for ``work``, if any."""
    entry = work.extra.get("canonical")
    if isinstance(entry, dict) and isinstance(entry.get("doi"), str) and entry["doi"]:
        return str(entry["doi"])
    return None


def finish_doi(work: Work, doi: str, resolved: bool, message: str = "") -> None:
    """The DOI stage's answer for a published version this stage asked for."""
    entry = work.extra.get("canonical")
    if not isinstance(entry, dict) or entry.get("status") != PENDING:
        return
    if resolved:
        entry.update({"status": "upgraded", "source": f"crossref:{doi}"})
    else:
        entry.update({"status": "preprint", "reason": f"the published DOI {doi} did not resolve: {message}"})
