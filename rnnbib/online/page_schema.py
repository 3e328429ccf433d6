"""schema.org on web pages: JSON-LD blocks and microdata, read into CSL fields.

JSON-LD is parsed block by block with :mod:`json` (a broken block is skipped alone, the nodes
walked are capped); microdata comes from extruct.  The node describing the page is the first
creative work (not the site, the organisation or a person); ``@id`` references are followed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from .page_values import MAX_AUTHORS, clean, parse_date

MAX_JSONLD_CHARS = 1_000_000
MAX_JSONLD_NODES = 20_000
# schema.org types -> CSL types (only those that say more than "a web page").
SCHEMA_TYPES = {
    "blogposting": "post-weblog", "socialmediaposting": "post-weblog",
    "scholarlyarticle": "article-journal", "videoobject": "motion_picture", "report": "report",
    "thesis": "thesis", "presentationdigitaldocument": "speech",
}
PERSON_TYPES = frozenset({"person"})


def jsonld_nodes(tree: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object of every ``application/ld+json`` block (a broken block is skipped alone)."""
    budget = MAX_JSONLD_NODES
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        body = (script.text or "").strip()
        if not body or len(body) > MAX_JSONLD_CHARS:
            continue
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack and budget > 0:
            node = stack.pop(0)
            budget -= 1
            if isinstance(node, list):
                stack.extend(node)
            elif isinstance(node, dict):
                yield node
                stack.extend(v for k, v in node.items() if k == "@graph")


def microdata_nodes(html_text: str, url: str) -> list[dict[str, Any]]:
    """The microdata items of a page (extruct's uniform form); none when extruct cannot read them."""
    import extruct

    try:
        found = extruct.extract(html_text, base_url=url, syntaxes=["microdata"], uniform=True, errors="strict")
    except Exception:  # extruct lets any parser error through; a broken block is simply unused
        return []
    return [node for node in found.get("microdata", []) if isinstance(node, dict)]


def node_types(node: dict[str, Any]) -> set[str]:
    """The node's ``@type``s, lower case, without a schema.org prefix."""
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).rsplit("/", 1)[-1].lower() for k in kinds if isinstance(k, str)}


def main_node(nodes: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The node describing the page itself: a creative work, not the site or the organisation."""
    works = [n for n in nodes if node_types(n) - {"website", "organization", "person", "imageobject",
                                             "breadcrumblist", "searchaction", "listitem", "webpage"}]
    works = works or [n for n in nodes if "webpage" in node_types(n)]
    return works[0] if works else None


def schema_fields(nodes: list[dict[str, Any]]) -> dict[str, Any]:
    """CSL fields of the main node: title, people, date, container, publisher, language, type."""
    node = main_node(nodes)
    if node is None:
        return {}
    by_id = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}

    def deref(value: Any) -> Any:
        if isinstance(value, dict) and set(value) == {"@id"}:
            return by_id.get(value["@id"], value)
        return value

    authors = []
    raw_authors = node.get("author") or node.get("creator") or []
    for author in raw_authors if isinstance(raw_authors, list) else [raw_authors]:
        author = deref(author)
        if isinstance(author, dict):
            if not node_types(author) or node_types(author) & PERSON_TYPES:
                authors.append(author.get("name"))
        elif isinstance(author, str):
            authors.append(author)
    publisher = deref(node.get("publisher"))
    part_of = deref(node.get("isPartOf"))
    kinds = node_types(node)
    csl_type = next((SCHEMA_TYPES[k] for k in kinds if k in SCHEMA_TYPES), None)
    return {
        "title": clean(node.get("headline") or node.get("name")),
        "author": authors[:MAX_AUTHORS],
        "issued": parse_date(node.get("datePublished") or node.get("uploadDate") or node.get("dateCreated")),
        "container-title": clean(part_of.get("name")) if isinstance(part_of, dict) and
        not {"webpage"} & node_types(part_of) else "",
        "publisher": clean(publisher.get("name")) if isinstance(publisher, dict) and
        not node_types(publisher) & PERSON_TYPES else "",
        "language": clean(node.get("inLanguage"), 20),
        "type": csl_type,
    }
