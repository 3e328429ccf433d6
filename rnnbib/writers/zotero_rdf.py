"""Zotero RDF writer (``-t zotero``, ``.rdf``): the file to import into Zotero, losing nothing.

Zotero RDF is Zotero's own exchange format, read by its ``Zotero RDF.js`` import translator
(File -> Import).  Unlike RIS, BibTeX or CSL JSON it names the Zotero item type directly
(``z:itemType``), so every CSL type arrives as its Zotero type (:data:`ZOTERO_ITEM_TYPES`:
preprint, computer program, video recording, document, presentation ...), and it carries:

- creators in the item type's primary role (programmer, director, presenter ...), editors and
  translators where the item type has those roles (elsewhere ``editor: Family || Given`` lines
  in Extra); a name without a given part becomes a one-field name;
- the full date, container title and its abbreviation, volume, issue, pages, publisher and
  place, DOI, URL, the arXiv number (``archiveID``) and repository, abstract, language,
  accessed date, short title, genre, edition/version, conference name;
- one tag per ``keywords:`` bullet and per section path, exactly as written (a comma or a
  semicolon inside stays in the one tag);
- one child note per work: the list's ``intro:`` text and every other link (code, blog, slides,
  video ...) as a clickable ``role: URL`` line;
- Extra: ``Citation Key: <citekey>`` (the form Zotero and Better BibTeX read; Zotero's CSL
  export gives it back as the item ``id``), then CSL variables the item type has no field for,
  as ``csl-variable: value`` lines (never a Zotero field name such as ``code``).

Every value is XML-escaped; characters XML 1.0 cannot carry are dropped.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from ..csldata import date_parts
from ..model import Work, url_identity
from ..textclean import clean_text, clean_url, one_line
from . import WriteOptions

__all__ = ["ZOTERO_ITEM_TYPES", "write_zotero_rdf", "zotero_item_type"]

# CSL type -> Zotero item type (the pairs of Zotero's own CSL mapping).
ZOTERO_ITEM_TYPES: dict[str, str] = {
    "article": "preprint",
    "article-journal": "journalArticle",
    "article-magazine": "magazineArticle",
    "article-newspaper": "newspaperArticle",
    "paper-conference": "conferencePaper",
    "software": "computerProgram",
    "post-weblog": "blogPost",
    "post": "forumPost",
    "webpage": "webpage",
    "document": "document",
    "motion_picture": "videoRecording",
    "broadcast": "tvBroadcast",
    "speech": "presentation",
    "thesis": "thesis",
    "report": "report",
    "book": "book",
    "chapter": "bookSection",
    "dataset": "dataset",
    "manuscript": "manuscript",
    "patent": "patent",
    "entry-encyclopedia": "encyclopediaArticle",
    "entry-dictionary": "dictionaryEntry",
    "song": "audioRecording",
    "graphic": "artwork",
    "map": "map",
    "interview": "interview",
    "personal_communication": "letter",
    "legal_case": "case",
    "legislation": "statute",
    "bill": "bill",
    "hearing": "hearing",
    "standard": "standard",
    "review": "journalArticle",
    "review-book": "journalArticle",
    "pamphlet": "manuscript",
    "figure": "artwork",
    "musical_score": "audioRecording",
    "performance": "presentation",
    "event": "presentation",
}

# Zotero item type -> the RDF element of its primary creators (default bib:authors).
_PRIMARY_CREATORS: dict[str, str] = {
    "computerProgram": "z:programmers",
    "videoRecording": "z:directors",
    "tvBroadcast": "z:directors",
    "presentation": "z:presenters",
    "audioRecording": "z:performers",
    "artwork": "z:artists",
    "interview": "z:interviewees",
    "map": "z:cartographers",
    "patent": "z:inventors",
    "bill": "z:sponsors",
}

# Item types whose container title Zotero keeps, and the RDF class of that container.
_CONTAINERS: dict[str, str] = {
    "journalArticle": "bib:Journal",
    "magazineArticle": "bib:Periodical",
    "newspaperArticle": "bib:Newspaper",
    "conferencePaper": "bib:Journal",
    "blogPost": "z:Blog",
    "webpage": "z:Website",
    "forumPost": "z:Forum",
    "bookSection": "bib:Book",
    "encyclopediaArticle": "bib:Book",
    "dictionaryEntry": "bib:Book",
}
_ISSUE_IN_CONTAINER = {"journalArticle", "magazineArticle"}
# Which item types have a field for a CSL variable (Zotero's schema); elsewhere it goes to Extra.
_PUBLISHER = {"audioRecording", "book", "bookSection", "computerProgram", "conferencePaper", "dataset",
              "dictionaryEntry", "document", "encyclopediaArticle", "hearing", "map", "preprint", "report",
              "standard", "thesis", "tvBroadcast", "videoRecording"}
_PLACE = _PUBLISHER - {"document"} | {"manuscript", "newspaperArticle", "patent", "presentation"}
_DOI = {"conferencePaper", "dataset", "journalArticle", "preprint", "standard"}
_NUMBER = {"bill", "case", "dataset", "hearing", "patent", "preprint", "report", "standard", "statute",
           "tvBroadcast"}
_GENRE = {"blogPost", "dataset", "forumPost", "letter", "manuscript", "map", "preprint", "presentation", "report",
          "standard", "thesis", "webpage"}
_VOLUME = {"audioRecording", "bill", "book", "bookSection", "case", "conferencePaper", "dictionaryEntry",
           "encyclopediaArticle", "videoRecording"}
_PAGES = {"bill", "bookSection", "case", "conferencePaper", "dictionaryEntry", "encyclopediaArticle", "hearing",
          "journalArticle", "magazineArticle", "newspaperArticle", "patent", "report", "statute"}
_ISBN = {"audioRecording", "book", "bookSection", "computerProgram", "conferencePaper", "dictionaryEntry",
         "encyclopediaArticle", "map", "videoRecording"}
_EDITION = {"book", "bookSection", "dictionaryEntry", "encyclopediaArticle", "map", "newspaperArticle"}
_VERSION = {"computerProgram", "dataset", "standard"}
_SERIES = {"book", "bookSection", "conferencePaper", "dictionaryEntry", "encyclopediaArticle", "journalArticle",
           "preprint"}
_EDITORS = {"book", "bookSection", "conferencePaper", "dictionaryEntry", "document", "encyclopediaArticle",
            "journalArticle", "preprint"}
_NO_TRANSLATORS = {"artwork", "audioRecording", "bill", "blogPost", "case", "computerProgram", "dataset",
                   "forumPost", "hearing", "letter", "map", "patent", "presentation", "standard", "statute",
                   "thesis", "tvBroadcast", "videoRecording"}
_NO_LANGUAGE = {"computerProgram"}
# CSL variables written by the code below; any other string variable goes to Extra.
_WRITTEN = {"id", "type", "title", "title-short", "author", "editor", "translator", "issued", "accessed",
            "container-title", "container-title-short", "volume", "issue", "page", "publisher", "publisher-place",
            "event-place", "DOI", "URL", "number", "genre", "abstract", "language", "version", "edition", "ISBN",
            "ISSN", "event-title", "event", "collection-title", "note", "keyword", "categories", "custom"}

_NAMESPACES = (
    ('rdf', "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("z", "http://www.zotero.org/namespaces/export#"),
    ("dc", "http://purl.org/dc/elements/1.1/"),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
    ("bib", "http://purl.org/net/biblio#"),
    ("prism", "http://prismstandard.org/namespaces/1.2/basic/"),
    ("vcard", "http://nwalsh.com/rdf/vCard#"),
)


def zotero_item_type(csl_type: str) -> str:
    """The Zotero item type a work of this CSL type is written as (``document`` when unknown)."""
    return ZOTERO_ITEM_TYPES.get(csl_type, "document")


def _xml_text(value: Any) -> str:
    """Text safe in XML 1.0: cleaned, characters XML cannot carry dropped, then escaped."""
    text = clean_text(str(value))
    text = "".join(ch if ch in "\t\n" or not ch.isspace() else " " for ch in text
                   if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cs"))
    return escape(text.replace("\ufffe", "").replace("\uffff", ""))


def _element(tag: str, value: Any, indent: str) -> list[str]:
    text = _xml_text(value).strip() if value not in (None, "") else ""
    return [f"{indent}<{tag}>{text}</{tag}>"] if text else []


def _date(value: Any) -> str:
    """A CSL date as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (``""`` when it has no year)."""
    parts = date_parts(value)
    return "-".join([f"{parts[0]:04d}", *(f"{n:02d}" for n in parts[1:])]) if parts else ""


def _name_parts(name: Any) -> tuple[str, str]:
    """``(family, given)`` of a CSL name; Zotero has no particle or suffix fields, so they are folded in.

    A literal (institutional) name is the family part with no given part: a one-field name in Zotero.
    """
    if isinstance(name, str):
        return name, ""
    if not isinstance(name, dict):
        return "", ""
    if name.get("literal"):
        return str(name["literal"]), ""
    family = " ".join(str(p) for p in (name.get("non-dropping-particle"), name.get("family")) if p)
    given = " ".join(str(p) for p in (name.get("given"), name.get("dropping-particle")) if p)
    if name.get("suffix"):
        given = f"{given}, {name['suffix']}" if given else str(name["suffix"])
    return (family, given) if family else (given, "")


def _person(name: Any, indent: str) -> list[str]:
    family, given = _name_parts(name)
    if not family:
        return []
    inner = f"<foaf:surname>{_xml_text(family)}</foaf:surname>"
    if given:
        inner += f"<foaf:givenName>{_xml_text(given)}</foaf:givenName>"
    return [f"{indent}<rdf:li><foaf:Person>{inner}</foaf:Person></rdf:li>"]


def _extra_name(name: Any) -> str:
    """A name as an Extra line value: ``Family || Given`` (or the one-field name)."""
    family, given = _name_parts(name)
    return f"{family} || {given}" if given else family


def _creators(tag: str, names: Any, indent: str) -> list[str]:
    people = [line for name in (names or []) for line in _person(name, indent + "    ")]
    if not people:
        return []
    return [f"{indent}<{tag}>", f"{indent}  <rdf:Seq>", *people, f"{indent}  </rdf:Seq>", f"{indent}</{tag}>"]


def _note_html(work: Work) -> str:
    """The child note: each ``intro:`` text, then each link other than the URL as ``role: <a>URL</a>``."""
    paragraphs = [escape(one_line(clean_text(n))) for n in work.notes if one_line(n)]
    primary = url_identity(clean_url(str(work.csl.get("URL", ""))))
    for link in work.links:
        url = clean_url(link.url).strip()
        if url and url_identity(url) != primary:
            paragraphs.append(f"{escape(link.role)}: <a href={quoteattr(url)}>{escape(url)}</a>")
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def _extra(work: Work, variables: Iterable[tuple[str, Any]]) -> str:
    """Extra: the ``Citation Key:`` line, then ``csl-variable: value`` lines for what has no field."""
    lines = [f"Citation Key: {work.key}"] if work.key else []
    for key, value in variables:
        text = one_line(clean_text(str(value)))
        if text:
            lines.append(f"{key}: {text}")
    return "\n".join(lines)


Extra = list[tuple[str, Any]]  # (CSL variable, value) pairs the item type has no field for


def _container(csl: dict[str, Any], item_type: str, ind: str, extra: Extra) -> list[str]:
    """``dcterms:isPartOf``: the journal/proceedings/blog/website/book, its abbreviation, volume, issue."""
    inner = ind + "    "
    container = _element("dc:title", csl.get("container-title"), inner)
    if item_type == "journalArticle":
        container += _element("dcterms:alternative", csl.get("container-title-short"), inner)
    elif csl.get("container-title-short"):
        extra.append(("container-title-short", csl["container-title-short"]))
    if item_type in _ISSUE_IN_CONTAINER:
        container += [*_element("prism:volume", csl.get("volume"), inner),
                      *_element("prism:number", csl.get("issue"), inner),
                      *_element("dc:identifier", f"ISSN {csl['ISSN']}" if csl.get("ISSN") else "", inner)]
    lines: list[str] = []
    container_class = _CONTAINERS.get(item_type)
    if container_class and container:
        lines += [f"{ind}<dcterms:isPartOf>", f"{ind}  <{container_class}>", *container,
                  f"{ind}  </{container_class}>", f"{ind}</dcterms:isPartOf>"]
    elif csl.get("container-title"):
        extra.append(("container-title", csl["container-title"]))
    if csl.get("collection-title"):
        if item_type in _SERIES:
            lines.append(f"{ind}<dcterms:isPartOf><bib:Series><dc:title>{_xml_text(csl['collection-title'])}"
                         "</dc:title></bib:Series></dcterms:isPartOf>")
        else:
            extra.append(("collection-title", csl["collection-title"]))
    return lines


def _publisher(csl: dict[str, Any], item_type: str, ind: str, extra: Extra) -> list[str]:
    """``dc:publisher``: the publisher (institution, company, repository ...) and its place."""
    name = csl.get("publisher") if item_type in _PUBLISHER else None
    place = csl.get("publisher-place") or csl.get("event-place")
    place_kept = place if item_type in _PLACE else None
    if csl.get("publisher") and not name:
        extra.append(("publisher", csl["publisher"]))
    if place and not place_kept:
        extra.append(("publisher-place", place))
    inner = []
    if name:
        inner.append(f"<foaf:name>{_xml_text(name)}</foaf:name>")
    if place_kept:
        inner.append(f"<vcard:adr><vcard:Address><vcard:locality>{_xml_text(place_kept)}</vcard:locality>"
                     "</vcard:Address></vcard:adr>")
    return [f"{ind}<dc:publisher><foaf:Organization>{''.join(inner)}</foaf:Organization></dc:publisher>"] \
        if inner else []


def _item(work: Work, number: int) -> list[str]:
    """The RDF of one work (its description, then its child note)."""
    csl = work.csl
    item_type = zotero_item_type(work.type)
    note_about = f"#item_{number}_note"
    ind = "    "
    lines = [f'  <rdf:Description rdf:about="#item_{number}">', f"{ind}<z:itemType>{item_type}</z:itemType>"]
    extra: Extra = []

    def field(tag: str, key: str, allowed: bool, value: Any = None) -> None:
        value = csl.get(key) if value is None else value
        if value in (None, ""):
            return
        if allowed:
            lines.extend(_element(tag, value, ind))
        else:
            extra.append((key, value))

    lines += _container(csl, item_type, ind, extra)
    if item_type not in _ISSUE_IN_CONTAINER:
        field("prism:volume", "volume", item_type in _VOLUME)
        field("prism:number", "issue", False)
    lines += _publisher(csl, item_type, ind, extra)
    lines += _creators(_PRIMARY_CREATORS.get(item_type, "bib:authors"), csl.get("author"), ind)
    for role, tag, allowed in (("editor", "bib:editors", item_type in _EDITORS),
                               ("translator", "z:translators", item_type not in _NO_TRANSLATORS)):
        if allowed:
            lines += _creators(tag, csl.get(role), ind)
        else:
            extra += [(role, name) for name in map(_extra_name, csl.get(role) or []) if name]
    lines += [line for tag in work.tags() for line in _element("dc:subject", tag, ind)]
    lines += _element("dc:title", csl.get("title"), ind)
    lines += _element("z:shortTitle", csl.get("title-short"), ind)
    lines += _element("dcterms:abstract", csl.get("abstract"), ind)
    field("z:type", "genre", item_type in _GENRE)
    event = csl.get("event-title") or csl.get("event")
    if event and item_type == "conferencePaper":
        lines.append(f"{ind}<bib:presentedAt><bib:Conference><dc:title>{_xml_text(event)}</dc:title>"
                     "</bib:Conference></bib:presentedAt>")
    elif event:
        field("z:meetingName", "event-title", item_type == "presentation", event)
    field("prism:number", "number", item_type in _NUMBER)
    field("bib:pages", "page", item_type in _PAGES)
    field("prism:edition", "version", item_type in _VERSION)
    field("prism:edition", "edition", item_type in _EDITION)
    lines += _element("dc:date", _date(csl.get("issued")), ind)
    for key, allowed in (("DOI", item_type in _DOI), ("ISBN", item_type in _ISBN)):
        field("dc:identifier", key, allowed, f"{key} {csl[key]}" if allowed and csl.get(key) else None)
    if csl.get("ISSN") and item_type not in _ISSUE_IN_CONTAINER:
        extra.append(("ISSN", csl["ISSN"]))
    url = clean_url(str(csl["URL"])).strip() if csl.get("URL") else ""
    if url:
        lines.append(f"{ind}<dc:identifier><dcterms:URI><rdf:value>{_xml_text(url)}</rdf:value>"
                     "</dcterms:URI></dc:identifier>")
    lines += _element("dcterms:dateSubmitted", _date(csl.get("accessed")), ind)
    field("z:language", "language", item_type not in _NO_LANGUAGE)
    extra += [(k, v) for k, v in csl.items()
              if k not in _WRITTEN and isinstance(v, (str, int, float)) and not isinstance(v, bool)]
    lines += _element("dc:description", _extra(work, extra), ind)
    note = _note_html(work)
    if note:
        lines.append(f'{ind}<dcterms:isReferencedBy rdf:resource="{note_about}"/>')
    lines.append("  </rdf:Description>")
    if note:
        lines += [f'  <bib:Memo rdf:about="{note_about}">', f"{ind}<rdf:value>{_xml_text(note)}</rdf:value>",
                  "  </bib:Memo>"]
    return lines


def write_zotero_rdf(works: Sequence[Work], options: WriteOptions) -> str:
    """All works as one Zotero RDF document (UTF-8 XML, LF line endings)."""
    del options
    head = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<rdf:RDF"]
    head += [f' xmlns:{prefix}="{uri}"' for prefix, uri in _NAMESPACES]
    head[-1] += ">"
    body = [line for number, work in enumerate(works, 1) for line in _item(work, number)]
    return "\n".join([*head, *body, "</rdf:RDF>"]) + "\n"
