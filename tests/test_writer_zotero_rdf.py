"""The Zotero RDF writer (``-t zotero``): well-formed XML with what Zotero's RDF import reads.

These tests read the XML back with an XML parser; ``test_zotero_import.py`` imports the same
files into Zotero itself.
"""

from __future__ import annotations

import re
from typing import Any

import defusedxml.ElementTree as ET
import pytest
from hypothesis import given, settings
from strategies import work_lists

from rnnbib.model import Link, Work
from rnnbib.textclean import clean_text
from rnnbib.writers import WriteOptions, format_for, get_writer
from rnnbib.writers.zotero_rdf import ZOTERO_ITEM_TYPES, write_zotero_rdf

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "z": "http://www.zotero.org/namespaces/export#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "bib": "http://purl.org/net/biblio#",
    "prism": "http://prismstandard.org/namespaces/1.2/basic/",
}
HOSTILE = [
    "Title </dc:title><z:itemType>book</z:itemType>",
    "]]> <![CDATA[ x ]]> <!-- c --> <!DOCTYPE x [<!ENTITY e 'x'>]> &e; &amp; &#0;",
    "nul\x00byte and esc\x1b[31m and bell\x07 \ufffe\uffff",
    "crlf\r\nline\rseparator\u2028para\u2029nel\x85",
    "lone surrogate \ud800 here",
    '"quotes" \'apos\' <script>alert(1)</script>',
]


def _parse(text: str) -> Any:
    return ET.fromstring(text.encode("utf-8"))


def _items(root: Any) -> list[Any]:
    return root.findall("rdf:Description", NS)


def _text(item: Any, path: str) -> str | None:
    node = item.find(path, NS)
    return None if node is None else node.text


def _work(**kwargs: Any) -> Work:
    csl = {"type": "article", "title": "Sequence to Sequence Learning"} | kwargs.pop("csl", {})
    return Work(csl=csl, key=kwargs.pop("key", "sutskever2014sequence"), **kwargs)


def test_registered_as_zotero_with_rdf_suffix() -> None:
    assert get_writer("zotero") is write_zotero_rdf
    assert format_for("refs.rdf") == "zotero"


def test_every_csl_type_names_its_zotero_item_type() -> None:
    works = [_work(csl={"type": t, "title": t}, key=f"k{n}") for n, t in enumerate(ZOTERO_ITEM_TYPES)]
    root = _parse(write_zotero_rdf(works, WriteOptions()))
    assert [_text(i, "z:itemType") for i in _items(root)] == list(ZOTERO_ITEM_TYPES.values())
    assert ZOTERO_ITEM_TYPES["software"] == "computerProgram"
    assert ZOTERO_ITEM_TYPES["motion_picture"] == "videoRecording"
    assert ZOTERO_ITEM_TYPES["document"] == "document"
    assert ZOTERO_ITEM_TYPES["article"] == "preprint"


def test_preprint_fields_tags_citekey_and_note() -> None:
    work = _work(
        csl={"author": [{"family": "Oord", "non-dropping-particle": "van den", "given": "Aäron"},
                        {"literal": "Google DeepMind"}],
             "issued": {"date-parts": [[2016, 9, 12]]}, "accessed": {"date-parts": [[2024, 1, 5]]},
             "number": "arXiv:1609.03499", "publisher": "arXiv", "DOI": "10.48550/arXiv.1609.03499",
             "URL": "https://arxiv.org/abs/1609.03499", "abstract": "A & B < C", "language": "en",
             "title-short": "WaveNet", "genre": "Preprint"},
        key="oord2016wavenet", keywords=["audio, speech"],
        sections=[("Generative Models, Audio", "WaveNet; PixelCNN")], notes=["intro: DeepMind"],
        links=[Link("https://github.com/a/b?x=1&y=~z", "code"), Link("https://arxiv.org/abs/1609.03499", "paper")],
    )
    root = _parse(write_zotero_rdf([work], WriteOptions()))
    (item,) = _items(root)
    assert _text(item, "z:itemType") == "preprint"
    people = [(_text(p, "foaf:surname"), _text(p, "foaf:givenName")) for p in item.iterfind(".//foaf:Person", NS)]
    assert people == [("van den Oord", "Aäron"), ("Google DeepMind", None)]
    assert _text(item, "dc:date") == "2016-09-12"
    assert _text(item, "dcterms:dateSubmitted") == "2024-01-05"
    assert _text(item, "prism:number") == "arXiv:1609.03499"
    assert _text(item, "dc:publisher/foaf:Organization/foaf:name") == "arXiv"
    identifiers = [i.text for i in item.findall("dc:identifier", NS) if i.text]
    assert identifiers == ["DOI 10.48550/arXiv.1609.03499"]
    assert _text(item, "dc:identifier/dcterms:URI/rdf:value") == "https://arxiv.org/abs/1609.03499"
    assert _text(item, "dcterms:abstract") == "A & B < C"
    assert [s.text for s in item.findall("dc:subject", NS)] == [
        "audio, speech", "Generative Models, Audio > WaveNet; PixelCNN"]
    assert _text(item, "dc:description") == "Citation Key: oord2016wavenet"
    ref = item.find("dcterms:isReferencedBy", NS).get(f"{{{NS['rdf']}}}resource")
    memo = root.find("bib:Memo", NS)
    assert memo.get(f"{{{NS['rdf']}}}about") == ref
    note = _text(memo, "rdf:value")
    assert note == ('<p>intro: DeepMind</p><p>code: <a href="https://github.com/a/b?x=1&amp;y=~z">'
                    "https://github.com/a/b?x=1&amp;y=~z</a></p>")
    assert "arxiv.org" not in note  # the work's own URL is not repeated as a link


def test_fields_without_a_zotero_field_go_to_extra_as_csl_variables() -> None:
    work = _work(csl={"type": "post-weblog", "container-title": "colah's blog", "publisher": "GitHub",
                      "DOI": "10.1/x", "volume": "3", "page": "1-2", "container-title-short": "colah",
                      "medium": "HTML", "genre": "Tutorial"},
                 key="k", links=[Link("https://github.com/colah/x", "code")])
    (item,) = _items(_parse(write_zotero_rdf([work], WriteOptions())))
    assert _text(item, "z:itemType") == "blogPost"
    assert _text(item, "dcterms:isPartOf/z:Blog/dc:title") == "colah's blog"
    assert item.find("dc:publisher", NS) is None and item.find("bib:pages", NS) is None
    assert _text(item, "z:type") == "Tutorial"
    extra = (_text(item, "dc:description") or "").splitlines()
    assert extra == ["Citation Key: k", "container-title-short: colah", "volume: 3",
                     "publisher: GitHub", "page: 1-2", "DOI: 10.1/x", "medium: HTML"]
    assert not any(line.startswith("code:") for line in extra)


def test_journal_article_container_abbreviation_volume_issue() -> None:
    work = _work(csl={"type": "article-journal", "container-title": "Neural Computation",
                      "container-title-short": "Neural Comput.", "volume": "9", "issue": "8",
                      "page": "1735-1780", "ISSN": "0899-7667", "DOI": "10.1162/neco.1997.9.8.1735"})
    (item,) = _items(_parse(write_zotero_rdf([work], WriteOptions())))
    journal = item.find("dcterms:isPartOf/bib:Journal", NS)
    assert [(c.tag.split("}")[1], c.text) for c in journal] == [
        ("title", "Neural Computation"), ("alternative", "Neural Comput."), ("volume", "9"), ("number", "8"),
        ("identifier", "ISSN 0899-7667")]
    assert _text(item, "bib:pages") == "1735-1780"


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_stay_inside_their_element(value: str) -> None:
    works = [_work(csl={"title": value, "author": [{"family": value, "given": value}], "abstract": value},
                   key=f"k{n}", notes=[value], keywords=[value], sections=[(value,)],
                   links=[Link(f"https://x.org/{n}?q={value[:3]}", "code")]) for n in range(2)]
    root = _parse(write_zotero_rdf(works, WriteOptions()))
    items = _items(root)
    assert [_text(i, "z:itemType") for i in items] == ["preprint", "preprint"]
    for item in items:
        title = _text(item, "dc:title") or ""
        kept = "".join(" " if ch.isspace() else ch for ch in clean_text(value)
                       if ch.isspace() or not re.match(r"[\x00-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]", ch))
        assert title.split() == kept.split()
        assert len(item.findall("dc:title", NS)) == 1


def _printable(text: str | None) -> str:
    """The visible characters of a text (the writer drops control characters, XML folds spaces)."""
    return "".join(ch for ch in text or "" if ch.isprintable() and not ch.isspace())


@settings(max_examples=30, deadline=None)
@given(work_lists())
def test_any_works_give_well_formed_xml(works: list[Work]) -> None:
    for n, work in enumerate(works):
        work.key = f"k{n}"
    root = _parse(write_zotero_rdf(works, WriteOptions()))
    items = _items(root)
    assert len(items) == len(works)
    for work, item in zip(works, items, strict=True):
        extra = _text(item, "dc:description") or ""
        assert extra.splitlines()[0] == f"Citation Key: {work.key}"
        subjects = [s.text for s in item.findall("dc:subject", NS)]
        assert all(subjects)
        visible = [_printable(t) for t in work.tags()]
        assert [t for t in visible if t] == [v for v in map(_printable, subjects) if v]
    for memo in root.findall("bib:Memo", NS):
        assert (_text(memo, "rdf:value") or "").startswith("<p>")
