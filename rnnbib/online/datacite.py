"""DataCite REST ``/dois/{doi}`` (JSON:API) -> CSL, a pure conversion."""

from __future__ import annotations

from typing import Any

from ..csldata import split_name
from .record import Record
from .text import csl_date, squash, strip_markup

# resourceTypeGeneral -> CSL type, used when ``types.citeproc`` is missing.
GENERAL_TYPES = {
    "Preprint": "article",
    "JournalArticle": "article-journal",
    "ConferencePaper": "paper-conference",
    "ConferenceProceeding": "book",
    "Book": "book",
    "BookChapter": "chapter",
    "Dataset": "dataset",
    "Software": "software",
    "Report": "report",
    "Dissertation": "thesis",
    "Text": "document",
}


def creator(person: Any) -> dict[str, str] | None:
    """A DataCite creator -> a CSL name (organisations -> ``literal``)."""
    if not isinstance(person, dict):
        return None
    if person.get("nameType") == "Organizational":
        return {"literal": squash(person.get("name"))}
    family, given = squash(person.get("familyName")), squash(person.get("givenName"))
    if family:
        return {"given": given, "family": family} if given else {"family": family}
    name = squash(person.get("name"))
    return split_name(name) if name else None


def attributes_to_record(attrs: dict[str, Any]) -> Record:
    """The CSL record of a DataCite DOI's ``data.attributes``."""
    types: dict[str, Any] = attrs["types"] if isinstance(attrs.get("types"), dict) else {}
    # resourceTypeGeneral is finer than DataCite's citeproc mapping (software -> "article" there).
    general = squash(types.get("resourceTypeGeneral"))
    csl_type = GENERAL_TYPES.get(general, "") or squash(types.get("citeproc"))
    csl: dict[str, Any] = {"type": csl_type or "document"}
    titles = [t.get("title") for t in attrs.get("titles") or []
              if isinstance(t, dict) and not t.get("titleType")]
    publisher = attrs.get("publisher")
    if isinstance(publisher, dict):  # newer API versions send {"name": ...}
        publisher = publisher.get("name")
    container: dict[str, Any] = attrs["container"] if isinstance(attrs.get("container"), dict) else {}
    abstracts = [d.get("description") for d in attrs.get("descriptions") or []
                 if isinstance(d, dict) and d.get("descriptionType") == "Abstract"]
    fields = {
        "title": strip_markup(titles[0]) if titles else "",
        "publisher": squash(publisher),
        "container-title": squash(container.get("title")),
        "volume": squash(container.get("volume")),
        "issue": squash(container.get("issue")),
        "DOI": squash(attrs.get("doi")),
        "URL": f"https://doi.org/{squash(attrs.get('doi'))}" if attrs.get("doi") else "",
        "abstract": strip_markup(abstracts[0]) if abstracts else "",
        "version": squash(attrs.get("version")),
    }
    csl.update({k: v for k, v in fields.items() if v})
    authors = [n for n in (creator(p) for p in attrs.get("creators") or []) if n]
    if authors:
        csl["author"] = authors
    issued = _issued(attrs)
    if issued:
        csl["issued"] = issued
    extra: dict[str, Any] = {}
    rights = [r.get("rightsIdentifier") or r.get("rights") for r in attrs.get("rightsList") or []
              if isinstance(r, dict)]
    if rights and rights[0]:
        extra["license"] = squash(rights[0])
    if attrs.get("url"):
        extra["landing_page"] = squash(attrs["url"])
    return Record("datacite", csl, extra)


def _issued(attrs: dict[str, Any]) -> dict[str, Any] | None:
    for date in attrs.get("dates") or []:
        if isinstance(date, dict) and date.get("dateType") == "Issued":
            parts = csl_date(str(date.get("date", "")))
            if parts:
                return parts
    year = attrs.get("publicationYear")
    return csl_date(int(str(year))) if str(year or "").isdigit() else None


def parse_doi(data: Any) -> dict[str, Any]:
    """``data.attributes`` of a ``/dois/{doi}`` document; ``ValueError`` if it is not one."""
    if not isinstance(data, dict) or not isinstance(data.get("data"), dict):
        raise ValueError("not a DataCite JSON:API document")
    attrs = data["data"].get("attributes")
    if not isinstance(attrs, dict) or not attrs.get("doi"):
        raise ValueError("DataCite document without attributes.doi")
    return attrs
