"""The CSL-JSON reader: items to Works, identifiers, composed fields taken apart, errors located."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fuzz.oracles import text_normal
from hypothesis import given, settings
from hypothesis import strategies as st

from rnnbib.errors import InputError
from rnnbib.model import Identifier, Link, Location, Work
from rnnbib.readers import get_reader
from rnnbib.readers.csljson import read_csljson
from rnnbib.writers import WriteOptions
from rnnbib.writers.csljson import write_csljson

DATA = Path(__file__).parent / "data" / "csljson"


def _read_file(name: str):  # type: ignore[no-untyped-def]
    path = DATA / name
    return read_csljson(path.read_text(encoding="utf-8"), str(path))


def test_registered() -> None:
    assert get_reader("csljson") is read_csljson


def test_items_file() -> None:
    result = _read_file("items.json")
    name = str(DATA / "items.json")
    assert [w.title for w in result.works] == [
        "Long Short-Term Memory",
        "Recurrent Models of Visual Attention",
        "char-rnn",
        "",
    ]
    assert [w.source for w in result.works] == [
        Location(name, 2),
        Location(name, 16),
        Location(name, 21),
        Location(name, 22),
    ]
    assert [(p.message, p.location, p.kind) for p in result.problems] == [
        ("item 1: a JSON string, not a CSL item object; skipped", Location(name, 15), "skip"),
        ("item 3: a JSON number, not a CSL item object; skipped", Location(name, 20), "skip"),
    ]
    lstm, ram, charrnn, page = result.works
    assert lstm.identifiers == [Identifier("doi", "10.1162/neco.1997.9.8.1735")]
    assert lstm.csl["author"][1] == {"family": "Schmidhuber", "given": "Jürgen"}
    assert lstm.extra["csl_id"] == "hochreiter1997long"
    assert "id" not in lstm.csl and lstm.provenance["title"] == "csljson"
    assert ram.identifiers == [Identifier("arxiv", "1406.6247", "v1")]
    assert charrnn.identifiers == [Identifier("github", "karpathy/char-rnn")]
    assert charrnn.extra["csl_id"] == "7"
    assert page.type == "webpage" and page.problems and page.problems[0].message == "item 5: no title"
    assert result.works[0].status == "offline"


def test_note_and_keyword_are_taken_apart() -> None:
    ram = _read_file("items.json").works[1]
    assert "note" not in ram.csl and "keyword" not in ram.csl
    assert ram.notes == ["intro: NIPS 2014"]
    assert [(x.url, x.role) for x in ram.links] == [
        ("https://arxiv.org/abs/1406.6247", "paper"),
        ("https://github.com/kevinzakka/recurrent-visual-attention", "code"),
        ("http://torch.ch/blog/2015/09/21/rmva.html", "blog"),
    ]
    assert ram.keywords == ["attention", "Train RNN"]
    assert ram.sections == [("Attention", "Visual")]


def test_single_object_and_items_wrapper() -> None:
    one = read_csljson('\n\n{"id": "x", "type": "book", "title": "One"}\n', "one.json")
    assert [(w.title, w.source) for w in one.works] == [("One", Location("one.json", 3))]
    wrapped = read_csljson(
        '{"items": [\n{"id": "a", "type": "book", "title": "A"},\n"bad",\n'
        '{"id": "b", "type": "book", "title": "B"}]}',
        "w.json",
    )
    assert [(w.title, w.source.line if w.source else None) for w in wrapped.works] == [("A", 2), ("B", 4)]
    assert wrapped.problems[0].location == Location("w.json", 3)
    assert read_csljson("[]", "empty.json").works == []


def test_malformed_json_names_file_and_line() -> None:
    with pytest.raises(InputError) as err:
        _read_file("malformed.json")
    assert err.value.location == f"{DATA / 'malformed.json'}:5"
    assert "malformed JSON" in err.value.message


@pytest.mark.parametrize("text", ['"just a string"', "42", "null", "true"])
def test_not_csl_json(text: str) -> None:
    with pytest.raises(InputError) as err:
        read_csljson(text, "x.json")
    assert err.value.location == "x.json"


def test_deep_nesting_is_an_input_error() -> None:
    with pytest.raises(InputError):
        read_csljson("[" * 100_000 + "]" * 100_000, "deep.json")


def test_round_trip_of_rnnbib_output() -> None:
    url = "https://arxiv.org/abs/1406.6247"
    work = Work(
        key="mnih2014recurrent",
        csl={
            "type": "article",
            "title": "Recurrent Models of Visual Attention",
            "URL": url,
            "author": [{"family": "Mnih", "given": "Volodymyr"}],
            "issued": {"date-parts": [[2014, 6]]},
            "number": "arXiv:1406.6247",
            "publisher": "arXiv",
        },
        links=[Link(url, "paper"), Link("https://github.com/kevinzakka/ram", "code")],
        notes=["intro: NIPS 2014", "note with: colon"],
        keywords=["attention"],
        sections=[("Attention",), ("Train RNN", "Tips")],
    )
    back = read_csljson(write_csljson([work], WriteOptions()), "rt.json").works[0]
    assert back.csl == work.csl
    assert (back.notes, back.keywords) == (work.notes, work.keywords)
    # keyword = "attention, Train RNN > Tips": the one-level section "Attention" equals a keyword
    # (case-insensitively) and is written once; a multi-level path comes back as a section.
    assert back.sections == [("Train RNN", "Tips")]
    assert [(x.url, x.role) for x in back.links] == [(x.url, x.role) for x in work.links]
    assert back.extra["csl_id"] == "mnih2014recurrent"
    assert back.identifiers == [Identifier("arxiv", "1406.6247")]


safe_text = st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=40)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(safe_text, st.integers(1000, 2100), safe_text), min_size=0, max_size=5))
def test_property_csljson_round_trip(values: list[tuple[str, int, str]]) -> None:
    works = [
        Work(
            key=f"k{i}",
            csl={"type": "book", "title": title, "issued": {"date-parts": [[year]]}, "publisher": publisher},
        )
        for i, (title, year, publisher) in enumerate(values)
    ]
    text = write_csljson(works, WriteOptions())
    json.loads(text)
    back = read_csljson(text, "p.json")
    assert back.problems == []
    assert len(back.works) == len(works)
    for work, got in zip(works, back.works, strict=True):
        # strings as the writer prints them: bidi controls, zero-width spaces, BOMs dropped; blank ones left out
        cleaned = {k: text_normal(v) if isinstance(v, str) else v for k, v in work.csl.items()}
        expected = {k: v for k, v in cleaned.items() if not (isinstance(v, str) and not v.strip())}
        assert got.csl == expected
