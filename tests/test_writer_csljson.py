"""The CSL-JSON writers: schema-valid CSL 1.0.2, and the Zotero-safe flavour (CSL 1.0.1 types only)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from rnnbib.model import Link, Work
from rnnbib.writers import WriteOptions, get_writer
from rnnbib.writers.csljson import clean_item, write_csljson, write_zotero_csljson

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "rnnbib" / "data" / "csl-data.json"
SCHEMA = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft7Validator(SCHEMA)

# The CSL 1.0.1 types: the list in Zotero's "CSL JSON.js" import translator (detectImport) that
# accepts a file only when every item's type is in it.  CSL 1.0.2 added classic, collection,
# document, event, hearing, performance, periodical, regulation, software and standard.
CSL_101_TYPES = {
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book", "broadcast",
    "chapter", "dataset", "entry", "entry-dictionary", "entry-encyclopedia", "figure", "graphic", "interview",
    "legal_case", "legislation", "manuscript", "map", "motion_picture", "musical_score", "pamphlet",
    "paper-conference", "patent", "personal_communication", "post", "post-weblog", "report", "review",
    "review-book", "song", "speech", "thesis", "treaty", "webpage",
}  # fmt: skip
CSL_102_NEW_TYPES = {
    "classic",
    "collection",
    "document",
    "event",
    "hearing",
    "performance",
    "periodical",
    "regulation",
    "software",
    "standard",
}


def _json(works: list[Work], fmt: str = "csljson") -> list[dict[str, Any]]:
    text = get_writer(fmt)(works, WriteOptions())
    data: list[dict[str, Any]] = json.loads(text)
    return data


def _errors(items: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(items)]


def sample_works() -> list[Work]:
    return [
        Work(
            key="mnih2014recurrent",
            csl={
                "type": "article",
                "title": "Recurrent Models of Visual Attention",
                "author": [{"family": "Mnih", "given": "Volodymyr"}, {"family": "Heess", "given": "Nicolas"}],
                "issued": {"date-parts": [[2014, 6]]},
                "number": "arXiv:1406.6247",
                "publisher": "arXiv",
                "URL": "https://arxiv.org/abs/1406.6247",
            },
            links=[
                Link("https://arxiv.org/abs/1406.6247", "paper"),
                Link("https://github.com/kevinzakka/ram", "code"),
            ],
            notes=["intro: NIPS 2014"],
            keywords=["attention"],
            sections=[("Attention", "Visual")],
        ),
        Work(
            key="karpathy2015charrnn",
            csl={
                "type": "software",
                "title": "char-rnn",
                "author": [{"literal": "Andrej Karpathy"}],
                "issued": {"date-parts": [[2015]]},
                "URL": "https://github.com/karpathy/char-rnn",
                "version": "1.0",
            },
        ),
        Work(
            key="oord2016pixel",
            csl={
                "type": "paper-conference",
                "title": "Pixel Recurrent Neural Networks",
                "author": [
                    {"family": "Oord", "given": "Aäron", "non-dropping-particle": "van den"},
                    {"family": "King", "given": "Martin Luther", "suffix": "Jr."},
                ],
                "issued": {"date-parts": [["2016", "6", "19"]]},
                "container-title": "Proceedings of ICML",
                "event-title": "ICML 2016",
                "page": "1747-1756",
                "volume": 48,
            },
        ),
        Work(
            key="hostile",
            csl={
                "type": "webpage",
                "title": "50% {RNN}s & <script>\n\x00 \ud800",
                "container-title": "",
                "publisher": None,
                "author": ["Corporate Name", {"family": ""}, {"given": "Only"}],
                "accessed": {"date-parts": [[2024, "x", 3]]},
                "issued": {"date-parts": [["n.d."]]},
                "abstract": "ü" * 100_000,
            },
        ),
    ]


def test_schema_file_is_csl_102() -> None:
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    types = set(SCHEMA["items"]["properties"]["type"]["enum"])
    assert types == CSL_101_TYPES | CSL_102_NEW_TYPES
    assert {"event-title", "author", "issued", "DOI"} <= set(SCHEMA["items"]["properties"])
    assert _errors([{"id": "x", "type": "no-such-type"}])  # the schema really rejects things
    assert _errors([{"id": "x", "type": "book", "issued": {"date-parts": [[2020, 1, 2, 3]]}}])
    assert _errors([{"id": "x", "type": "book", "author": [{"surname": "X"}]}])


def test_output_validates_against_schema() -> None:
    items = _json(sample_works())
    assert _errors(items) == []
    assert [i["id"] for i in items] == [
        "mnih2014recurrent",
        "karpathy2015charrnn",
        "oord2016pixel",
        "hostile",
    ]


def test_registered() -> None:
    assert get_writer("csljson") is write_csljson
    assert get_writer("zotero") is write_zotero_csljson


def test_format_indent_utf8_trailing_newline() -> None:
    text = write_csljson(sample_works()[2:3], WriteOptions())
    assert text.startswith('[\n  {\n    "id": "oord2016pixel",\n    "type": "paper-conference",\n')
    assert "Aäron" in text and text.endswith("}\n]\n")
    assert write_csljson([], WriteOptions()) == "[]\n"


def test_key_order() -> None:
    item = _json(sample_works()[:1])[0]
    assert list(item) == [
        "id",
        "type",
        "title",
        "author",
        "issued",
        "annote",
        "keyword",
        "number",
        "publisher",
        "URL",
    ]


def test_composed_note_and_keyword() -> None:
    item = _json(sample_works()[:1])[0]
    assert item["annote"] == "intro: NIPS 2014\ncode: https://github.com/kevinzakka/ram" and "note" not in item
    assert item["keyword"] == "attention, Attention > Visual"


def test_cleaning() -> None:
    hostile = _json(sample_works())[3]
    assert "container-title" not in hostile and "publisher" not in hostile  # no empty values
    assert hostile["author"] == [{"literal": "Corporate Name"}, {"given": "Only"}]
    assert hostile["accessed"] == {"date-parts": [[2024]]}  # parts up to the first bad one
    assert "issued" not in hostile
    assert hostile["title"] == "50% {RNN}s & <script>\n\x00 "  # data kept; JSON escapes it; surrogate gone
    pixel = _json(sample_works())[2]
    assert pixel["issued"] == {"date-parts": [[2016, 6, 19]]}
    assert pixel["volume"] == 48


def test_clean_item_moves_unknown_keys_to_custom_and_fixes_type() -> None:
    item = clean_item(
        {
            "title": ["First", "Second"],
            "type": "preprint",
            "stars": 5,
            "flag": True,
            "edition": 2,
            "version": 3,
            "categories": ["a", ""],
        },
        "fallback",
    )
    assert item == {
        "id": "fallback",
        "type": "document",
        "title": "First",
        "categories": ["a"],
        "custom": {"original-type": "preprint", "stars": 5, "flag": True},
        "edition": 2,
        "version": "3",
    }
    assert _errors([item]) == []


# ---- Zotero flavour ---------------------------------------------------------------------------


def test_zotero_uses_only_csl_101_types_for_every_csl_type() -> None:
    works = [
        Work(key=f"k{i}", csl={"type": t, "title": t, "URL": "https://example.org/x"})
        for i, t in enumerate(sorted(SCHEMA["items"]["properties"]["type"]["enum"]))
    ]
    items = _json(works, "zotero")
    assert len(items) == len(works)
    assert {i["type"] for i in items} <= CSL_101_TYPES
    assert _errors(items) == []
    for work, item in zip(works, items, strict=True):
        if work.type in CSL_101_TYPES:
            assert item["type"] == work.type and "note" not in item
        else:  # the lost CSL 1.0.2 type is kept as the first line of the note (Zotero: Extra)
            assert item["note"].split("\n")[0] == f"type: {work.type}"


def test_zotero_software_becomes_book_with_type_and_version_hints() -> None:
    item = _json(sample_works()[1:2], "zotero")[0]
    assert item["type"] == "book"
    assert item["note"] == "type: software\nversion: 1.0"
    assert "version" not in item
    assert (item["title"], item["URL"], item["author"]) == (
        "char-rnn",
        "https://github.com/karpathy/char-rnn",
        [{"literal": "Andrej Karpathy"}],
    )


def test_zotero_hint_goes_before_existing_note() -> None:
    work = Work(key="k", csl={"type": "software", "title": "t"}, notes=["intro: a tool"])
    assert _json([work], "zotero")[0]["note"] == "type: software\nintro: a tool"


def test_zotero_document_type() -> None:
    with_url = Work(key="a", csl={"type": "document", "title": "t", "URL": "https://example.org"})
    without = Work(key="b", csl={"type": "document", "title": "t"})
    assert [i["type"] for i in _json([with_url, without], "zotero")] == ["webpage", "manuscript"]


def test_zotero_folds_particles_and_suffixes_into_names() -> None:
    item = _json(sample_works()[2:3], "zotero")[0]
    # Zotero's CSL import keeps only family/given (it drops "van den"), so fold them in.
    assert item["author"] == [
        {"family": "van den Oord", "given": "Aäron"},
        {"family": "King", "given": "Martin Luther, Jr."},
    ]
    assert item["type"] == "paper-conference" and "note" not in item


def test_zotero_keeps_preprint_fields_and_drops_custom() -> None:
    work = Work(
        key="k",
        csl={"type": "article", "title": "t", "number": "arXiv:1406.6247", "publisher": "arXiv", "stars": 10},
    )
    item = _json([work], "zotero")[0]
    assert item == {
        "id": "k",
        "type": "article",
        "title": "t",
        "number": "arXiv:1406.6247",
        "publisher": "arXiv",
    }


@pytest.mark.parametrize("fmt", ["csljson", "zotero"])
def test_no_works(fmt: str) -> None:
    assert get_writer(fmt)([], WriteOptions()) == "[]\n"
