"""Crossref REST ``/works/{doi}`` JSON -> CSL (a pure conversion; the fetching is in :mod:`.doi`)."""

from __future__ import annotations

from typing import Any

from .record import Record
from .text import csl_date, squash, strip_markup

# Crossref work types -> CSL types (Crossref's /types list; unknown -> document).
TYPES = {
    "journal-article": "article-journal",
    "proceedings-article": "paper-conference",
    "posted-content": "article",
    "book-chapter": "chapter",
    "book-section": "chapter",
    "book-part": "chapter",
    "book": "book",
    "edited-book": "book",
    "monograph": "book",
    "reference-book": "book",
    "book-set": "book",
    "book-series": "book",
    "proceedings": "book",
    "reference-entry": "entry-encyclopedia",
    "report": "report",
    "report-series": "report",
    "dissertation": "thesis",
    "dataset": "dataset",
    "standard": "standard",
    "peer-review": "review",
    "journal-issue": "periodical",
    "journal": "periodical",
    "component": "document",
    "other": "document",
}
DATE_FIELDS = ("issued", "published", "published-print", "published-online", "created")


def first(value: Any) -> str:
    """The first string of a Crossref array (``title``, ``container-title``) with markup stripped."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), "")
    return strip_markup(value) if isinstance(value, str) else ""


def names(people: Any) -> list[dict[str, str]]:
    """Crossref contributors -> CSL names (``name`` only -> ``literal``)."""
    result: list[dict[str, str]] = []
    for person in people if isinstance(people, list) else []:
        if not isinstance(person, dict):
            continue
        name = {k: squash(person[k]) for k in ("given", "family", "suffix") if isinstance(person.get(k), str)}
        if name.get("family"):
            result.append(name)
        elif isinstance(person.get("name"), str):
            result.append({"literal": squash(person["name"])})
    return result


def work_to_record(message: dict[str, Any], source: str = "crossref") -> Record:
    """The CSL record of a Crossref work (the ``message`` of a ``/works/{doi}`` answer)."""
    csl: dict[str, Any] = {"type": TYPES.get(str(message.get("type")), "document")}
    fields = {
        "title": first(message.get("title")),
        "container-title": first(message.get("container-title")),
        "container-title-short": first(message.get("short-container-title")),
        "collection-title": first(message.get("series-title") or message.get("group-title")),
        "volume": squash(message.get("volume")),
        "issue": squash(message.get("issue")),
        "page": squash(message.get("page")) or squash(message.get("article-number")),
        "publisher": squash(message.get("publisher")),
        "publisher-place": squash(message.get("publisher-location")),
        "DOI": squash(message.get("DOI")),
        "URL": squash(message.get("URL")),
        "ISSN": first(message.get("ISSN")),
        "ISBN": first(message.get("ISBN")),
        "abstract": strip_markup(message.get("abstract")),
        "language": squash(message.get("language")),
    }
    if not fields["title"] and message.get("subtitle"):
        fields["title"] = first(message.get("subtitle"))
    event = message.get("event")
    if isinstance(event, dict) and isinstance(event.get("name"), str):
        fields["event-title"] = squash(event["name"])
    csl.update({k: v for k, v in fields.items() if v})
    for role in ("author", "editor"):
        people = names(message.get(role))
        if people:
            csl[role] = people
    for key in DATE_FIELDS:
        issued = csl_date(message.get(key))
        if issued:
            csl["issued"] = issued
            break
    extra: dict[str, Any] = {}
    if message.get("article-number"):
        extra["article_number"] = squash(message["article-number"])
    if message.get("subtype"):
        extra["subtype"] = squash(message["subtype"])
    years = sorted({parts["date-parts"][0][0] for parts in (csl_date(message.get(k)) for k in DATE_FIELDS[:4])
                    if parts})
    if len(years) > 1:
        extra["years"] = years  # online-first and print years differ: both are right
    return Record(source, csl, extra)


def parse_work(data: Any) -> dict[str, Any]:
    """The ``message`` of a ``/works/{doi}`` envelope; ``ValueError`` if it is not one."""
    if not isinstance(data, dict) or data.get("status") != "ok" or not isinstance(data.get("message"), dict):
        raise ValueError("not a Crossref work envelope")
    if data.get("message-type") not in (None, "work"):
        raise ValueError(f"unexpected message-type {data.get('message-type')!r}")
    return data["message"]


def parse_work_list(data: Any) -> list[dict[str, Any]]:
    """The items of a ``/works?query...`` envelope (``message-type: work-list``); ``ValueError`` if not one."""
    if not isinstance(data, dict) or data.get("status") != "ok" or not isinstance(data.get("message"), dict):
        raise ValueError("not a Crossref work-list envelope")
    if data.get("message-type") not in (None, "work-list"):
        raise ValueError(f"unexpected message-type {data.get('message-type')!r}")
    items = data["message"].get("items", [])
    if not isinstance(items, list):
        raise ValueError("work-list items is not an array")
    return [item for item in items if isinstance(item, dict)]
