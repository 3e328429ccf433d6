"""Verdicts: is a written entry the work its records describe, and does it say what they say?

:func:`identify` tells whether a record is the work an entry describes (title and authors);
:func:`judge` turns the records found for an entry into a :class:`WorkCheck` with a verdict
(:data:`VERDICTS`), a confidence and the field comparisons.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..model import Work
from ..online.record import Record
from .compare import FieldCheck, Fields, compare, corrected_authors, record_fields
from .normalize import names_match, same_title, title_similarity

VERDICTS = ("verified", "mismatch", "wrong-identifier", "not-found", "unverifiable")
PROBLEM_VERDICTS = ("mismatch", "wrong-identifier", "not-found")
# Works no bibliographic authority knows: checked for nothing.
UNVERIFIABLE_TYPES = frozenset({"webpage", "software", "post-weblog", "post", "speech", "motion_picture",
                                "dataset", "interview", "personal_communication", "graphic", "song"})


@dataclass
class Found:
    """A record found for an entry, how it was found, and whether it is the same work."""

    record: Record
    via: str
    """``doi:10.1162/...``, ``arxiv:1706.03762`` or ``crossref search`` ..."""
    fields: Fields
    same: bool
    score: float
    """How well title and authors agree (0..1)."""

    @property
    def by_identifier(self) -> bool:
        """Found through an identifier the entry gives (not by a title search)."""
        return not self.via.endswith(" search")


@dataclass
class WorkCheck:
    """The outcome of checking one work."""

    work: Work
    verdict: str
    confidence: float
    fields: list[FieldCheck] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    """One line per problem (without the ``file:line key:`` prefix)."""
    sources: list[str] = field(default_factory=list)
    """How the records used were found (``doi:...``, ``arxiv:...``, ``crossref search``)."""
    corrections: dict[str, Any] = field(default_factory=dict)
    """Field -> the authority's value, for every contradicted field (``--fix`` uses them)."""
    fixes: list[dict[str, str]] = field(default_factory=list)
    """Changes ``--fix`` made (field, old, new)."""
    unanswered: list[str] = field(default_factory=list)
    """Services that could not be asked about this work (offline and not cached, down ...)."""

    @property
    def problem(self) -> bool:
        """A verdict that fails the check (exit code 1)."""
        return self.verdict in PROBLEM_VERDICTS

    def to_dict(self) -> dict[str, Any]:
        """The report row."""
        work = self.work
        return {
            "key": work.key, "bibtex_key": work.extra.get("bibtex_key"),
            "location": str(work.source) if work.source else None, "title": work.list_title or work.title,
            "verdict": self.verdict, "confidence": round(self.confidence, 2),
            "fields": [f.to_dict() for f in self.fields], "problems": list(self.messages),
            "sources": list(self.sources), "fixes": list(self.fixes), "unanswered": list(self.unanswered),
        }


def unverifiable(work: Work, written: Fields) -> bool:
    """Web pages, software, data ... and a ``@misc`` that is only a URL: no authority records them."""
    if work.type in UNVERIFIABLE_TYPES:
        return True
    return work.type == "document" and bool(work.csl.get("URL")) and not (written.doi or written.arxiv)


def author_overlap(written: Fields, found: Fields) -> float | None:
    """The share of written authors (first five) the record names; ``None`` without both lists."""
    mine = written.authors[:5]
    if not mine or not found.authors:
        return None
    return sum(any(names_match(a, b) for b in found.authors) for a in mine) / len(mine)


def identify(written: Fields, found: Fields, searched: bool = False) -> tuple[bool, float]:
    """Whether ``found`` describes the written work, and a score.

    The same title (up to case, markup, a subtitle) with at least one common author, or a
    similar title (one word changed) with most authors in common.  Look-alike titles by other
    people, and other titles by the same people, are other works.  A candidate of a title search
    (``searched``) needs a closer title: the entry did not name it.
    """
    if not written.title:
        return True, 1.0  # an identifier alone (an id list): nothing written to contradict
    similarity = 1.0 if same_title(written.title, found.title) else title_similarity(written.title, found.title)
    overlap = author_overlap(written, found)
    score = similarity if overlap is None else 0.6 * similarity + 0.4 * overlap
    if similarity >= 0.9 and (overlap is None or overlap > 0):
        return True, score
    if similarity >= (0.6 if searched else 0.5) and overlap is not None and overlap >= 0.5:
        return True, score
    return False, score


def make_found(written: Fields, record: Record, via: str) -> Found:
    """A :class:`Found` for a record and the entry's fields."""
    fields = record_fields(record)
    same, score = identify(written, fields, searched=via.endswith(" search"))
    return Found(record, via, fields, same, score)


def judge(work: Work, written: Fields, by_id: Sequence[Found], missing_ids: Sequence[str],
          searched: Sequence[Found], unanswered: Sequence[str]) -> WorkCheck:
    """The verdict for one work.

    ``by_id``: records of the identifiers it gives; ``missing_ids``: identifiers no service
    knows; ``searched``: the best candidate of each title search; ``unanswered``: services that
    could not be asked (offline, down).
    """
    if unverifiable(work, written) or not (written.title or by_id or missing_ids):
        return WorkCheck(work, "unverifiable", 1.0, messages=[f"{work.type}: no authority to ask"])
    # Published records first: they carry venue, volume and pages; preprints add their years.
    same = sorted((f for f in by_id if f.same), key=lambda f: f.fields.preprint)
    same += sorted((f for f in searched if f.same), key=lambda f: -f.score)
    wrong = [f for f in by_id if not f.same]
    result = WorkCheck(work, "verified", 0.0, sources=[f.via for f in same], unanswered=list(unanswered))
    if wrong or missing_ids:
        return _wrong_identifier(result, wrong, missing_ids, same)
    if not same:
        if unanswered:
            result.verdict, result.confidence = "unverifiable", 0.0
            result.messages.append(f"not checked: no answer from {', '.join(unanswered)}")
            return result
        result.verdict = "not-found"
        asked = sorted({f.via.removesuffix(" search") for f in searched}) or ["no title search"]
        best = max((f.score for f in searched), default=0.0)
        result.confidence = round(min(0.95, 0.7 + 0.25 * (1 - best)), 2)
        result.messages.append(f"not found ({', '.join(asked)}): no record with this title and these "
                               "authors; possibly fabricated")
        return result
    result.fields = compare(written, [(f.record, f.fields) for f in same])
    bad = [c for c in result.fields if not c.ok]
    if bad:
        result.verdict = "mismatch"
        result.confidence = round(min(0.99, max(f.score for f in same) * (1.0 if same[0].by_identifier else 0.9)),
                                  2)
        for check in bad:
            result.messages.append(_mismatch_line(check))
            result.corrections[check.field] = _correction(check.field, same, check, written.authors)
    else:
        result.confidence = round(min(1.0, max(f.score for f in same) * (1.0 if same[0].by_identifier else 0.95)),
                                  2)
    return result


def _wrong_identifier(result: WorkCheck, wrong: Sequence[Found], missing_ids: Sequence[str],
                      same: Sequence[Found]) -> WorkCheck:
    result.verdict = "wrong-identifier"
    result.confidence = round(max([1 - f.score for f in wrong] + ([0.9] if missing_ids else [])), 2)
    right = same[0].fields if same else None
    for found in wrong:
        kind, _, value = found.via.partition(":")
        correct = (right.doi if kind == "doi" else right.arxiv) if right else ""
        line = f"{kind} {value} is \"{found.fields.title}\" ({found.record.source}), not this work"
        if correct:
            line += f"; this work is {kind} {correct} ({same[0].record.source})"
            result.corrections[kind] = correct
        result.messages.append(line)
        result.fields.append(FieldCheck(kind, value, correct or found.fields.title, found.record.source, False,
                                        "points at another paper"))
    for ident in missing_ids:
        kind, _, value = ident.partition(":")
        result.messages.append(f"{kind} {value} does not exist")
        result.fields.append(FieldCheck(kind, value, "", kind, False, "not found"))
    return result


def _mismatch_line(check: FieldCheck) -> str:
    line = f"{check.field} {check.written} ≠ {check.found} ({check.source})"
    return f"{line}: {check.note}" if check.note and check.field == "authors" else line


def _correction(name: str, same: Sequence[Found], check: FieldCheck,
                written_authors: Sequence[dict[str, Any]]) -> Any:
    """The value ``--fix`` writes: from the first record that has the field."""
    for found in same:
        if found.record.source != check.source:
            continue
        csl = found.record.csl
        if name == "authors":
            return corrected_authors(written_authors, found.fields.authors)
        if name == "year":
            return found.fields.years[0] if found.fields.years else None
        if name == "venue":
            return found.fields.venues[0] if found.fields.venues else None
        return {"title": csl.get("title"), "volume": csl.get("volume"), "pages": csl.get("page")}.get(name)
    return None
