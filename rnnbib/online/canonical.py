"""The precision guard: is a DBLP record the published version of a work?  (pure functions)

A candidate is accepted only on unambiguous evidence:

- an identifier link: the record's electronic editions (``ee``) name the work's arXiv id or
  proceedings page, its DOI is the work's (or the DOI Semantic Scholar links to the arXiv id),
  or its key is the DBLP key Semantic Scholar links to the arXiv id -- evidence ``arxiv-link``,
  ``doi-link``, ``proceedings-link``, ``s2-dblp-link``;
- or, without one, the same normalized title AND the same first-author family name AND a
  year within [preprint year, preprint year + 3] -- evidence ``title+author``.

Never accepted: a CoRR record or another informal publication (judged by venue and type,
not key), a workshop paper (not the main conference; also every main-conference candidate
when the list itself says "workshop").  A venue hint from the list ("ICLR 2016") that agrees
is added as evidence (``venue-hint``) but is never enough alone.  Two accepted candidates at
different venues are a conflict: the preprint is kept and the report says why.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..model import url_identity
from .dblp import DblpHit

__all__ = ["Candidate", "Decision", "ListVenue", "Reference", "family_name", "judge", "normalize_title",
           "venue_hints"]

YEARS_AFTER = 3
"""A published version may appear up to this many years after the preprint."""

# Venue spellings that name the same series (dblp short names and list hints).
_VENUE_ALIASES = {"nips": "neurips", "neurips": "neurips", "advances in neural information processing systems":
                  "neurips", "icassp": "icassp", "interspeech": "interspeech",
                  "trans. assoc. comput. linguistics": "tacl", "tacl": "tacl", "acl (1)": "acl", "acl (2)": "acl",
                  "emnlp (1)": "emnlp", "naacl-hlt": "naacl", "naacl-hlt (1)": "naacl", "hlt-naacl": "naacl"}


@dataclass(frozen=True)
class ListVenue:
    """A venue the list itself names (``intro: ICLR 2016``; parsed by :func:`~rnnbib.readers.md_hints.venue_hint`),
    and whether that text says it was a workshop."""

    venue: str
    year: int
    workshop: bool = False

    def __str__(self) -> str:
        return f"{self.venue} {self.year}{' Workshop' if self.workshop else ''}"


@dataclass(frozen=True)
class Reference:
    """What is known of the work itself: the preprint (or the proceedings paper) to match against."""

    titles: tuple[str, ...]
    """The work's titles: the preprint's record and Semantic Scholar's record of the same id."""
    first_authors: tuple[str, ...] = ()
    """Normalized family names of the first author in those records (empty when unknown)."""
    year: int | None = None
    arxiv_id: str = ""
    dois: frozenset[str] = frozenset()
    """Lower-case DOIs linked to the work (its own, Semantic Scholar's); never arXiv's."""
    dblp_key: str = ""
    """The DBLP key Semantic Scholar links to the work."""
    pages: tuple[str, ...] = ()
    """URL identities of the work's proceedings pages (``proceedings.mlr.press/v37/x15``)."""
    proceedings: frozenset[str] = frozenset()
    """Keys of the work's proceedings identifiers (``pmlr:v37/jozefowicz15``)."""
    hints: tuple[ListVenue, ...] = ()


@dataclass
class Candidate:
    """One DBLP record considered, with the verdict."""

    hit: DblpHit
    evidence: list[str] = field(default_factory=list)
    reason: str = ""
    """Why it was rejected; empty when accepted."""

    @property
    def accepted(self) -> bool:
        """True when the candidate passed the guard."""
        return not self.reason

    def row(self) -> dict[str, Any]:
        """The candidate as a report entry."""
        row: dict[str, Any] = {"candidate": f"dblp:{self.hit.key}", "venue": self.hit.venue, "year": self.hit.year}
        if self.reason:
            row["reason"] = self.reason
        else:
            row["evidence"] = list(self.evidence)
        return row


@dataclass
class Decision:
    """The outcome of judging every candidate of one work."""

    chosen: Candidate | None
    candidates: list[Candidate]
    conflict: str = ""
    """Non-empty when several candidates passed but disagree: the preprint is kept."""

    @property
    def rejected(self) -> list[Candidate]:
        """Every candidate not chosen, each with its reason."""
        return [c for c in self.candidates if c is not self.chosen]


def normalize_title(title: str) -> str:
    """Lower-case letters and digits only, accents folded, LaTeX braces and punctuation dropped."""
    text = unicodedata.normalize("NFKD", title)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "", text)


def family_name(name: str) -> str:
    """The normalized family name of a display name (``"Noam M. Shazeer"`` -> ``"shazeer"``)."""
    from ..csldata import split_name

    parts = split_name(name)
    return normalize_title(parts.get("family") or parts.get("literal", ""))


def venue_hints(texts: Iterable[str]) -> tuple[ListVenue, ...]:
    """The venue each text names (``"ICLR 2016"``, ``"NIPS'16"``, ``"ICLR 2017 Workshop"``), in order."""
    from ..readers.md_hints import venue_hint

    hints: list[ListVenue] = []
    for text in texts:
        found = venue_hint(text)
        if found is not None and found.venue_type != "preprint":
            hint = ListVenue(found.venue, found.year, "workshop" in text.lower())
            if hint not in hints:
                hints.append(hint)
    return tuple(hints)


def venue_series(venue: str) -> str:
    """A venue reduced to its series for comparing hints (``NIPS`` == ``NeurIPS``)."""
    key = venue.strip().lower()
    return _VENUE_ALIASES.get(key, re.sub(r"\s*\(\d\)$", "", key))


def _links(hit: DblpHit, ref: Reference) -> list[str]:
    from ..identifiers import detect_url

    evidence = []
    named = [ident for url in hit.ee for ident in detect_url(url)]
    if ref.arxiv_id and any(i.kind == "arxiv" and i.value == ref.arxiv_id for i in named):
        evidence.append("arxiv-link")
    dois = {hit.doi.lower()} | {i.value.lower() for i in named if i.kind == "doi"}
    if ref.dois & (dois - {""}):
        evidence.append("doi-link")
    editions = {url_identity(url).lower() for url in hit.ee}
    if any(i.key in ref.proceedings for i in named) or any(page.lower() in editions for page in ref.pages):
        evidence.append("proceedings-link")
    if ref.dblp_key and hit.key == ref.dblp_key:
        evidence.append("s2-dblp-link")
    return evidence


def _title_author(hit: DblpHit, ref: Reference) -> str:
    """Why the title+author rule fails, or ``""`` when it holds."""
    if normalize_title(hit.title) not in {normalize_title(t) for t in ref.titles if t}:
        return "title differs"
    if not any(ref.first_authors) or not hit.authors:
        return "same title, but the first author is unknown"
    if family_name(hit.authors[0]) not in ref.first_authors:
        return f"same title, but the first author differs ({hit.authors[0]})"
    if ref.year is None or hit.year is None:
        return "same title and first author, but no year to check"
    if not ref.year <= hit.year <= ref.year + YEARS_AFTER:
        return f"same title and first author, but {hit.year} is outside {ref.year}-{ref.year + YEARS_AFTER}"
    return ""


def _judge_one(hit: DblpHit, ref: Reference) -> Candidate:
    candidate = Candidate(hit)
    if hit.is_informal:
        candidate.reason = f"{hit.venue or hit.type}: an informal (arXiv) record, not a publication"
        return candidate
    if hit.is_workshop:
        candidate.reason = f"{hit.venue}: a workshop paper, not the conference"
        return candidate
    candidate.evidence = _links(hit, ref)
    if not candidate.evidence:
        failure = _title_author(hit, ref)
        if failure:
            candidate.reason = failure
            return candidate
        candidate.evidence.append("title+author")
    if any(h.workshop for h in ref.hints):
        candidate.reason = "the list names a workshop version, this is the main track"
        return candidate
    series = venue_series(hit.venue)
    if any(venue_series(h.venue) == series and h.year == hit.year for h in ref.hints):
        candidate.evidence.append("venue-hint")
    return candidate


def judge(hits: Sequence[DblpHit], ref: Reference) -> Decision:
    """Judge every hit against the work; choose one only when the evidence is unambiguous."""
    candidates = [_judge_one(hit, ref) for hit in hits]
    accepted = [c for c in candidates if c.accepted]
    linked = [c for c in accepted if c.evidence and c.evidence[0] != "title+author"]
    pool = linked or accepted
    if linked:
        for other in accepted:
            if other not in linked:
                other.reason = "only a title match while another record is linked by identifier"
    venues = {(venue_series(c.hit.venue), c.hit.year) for c in pool}
    if len(venues) > 1:
        listed = "; ".join(f"dblp:{c.hit.key} ({c.hit.venue} {c.hit.year})" for c in pool)
        for c in pool:
            c.reason = "conflicting candidates"
        return Decision(None, candidates, f"conflicting candidates: {listed}")
    if not pool:
        return Decision(None, candidates)
    chosen = pool[0]
    for other in pool[1:]:
        other.reason = f"a second record of the same venue (dblp:{chosen.hit.key} chosen)"
    return Decision(chosen, candidates)
