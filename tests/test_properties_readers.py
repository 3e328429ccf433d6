"""Property tests of the readers on hostile input (hypothesis; see tests/strategies.py).

No uncaught exception: a reader returns works or raises an :class:`~rnnbib.errors.RnnbibError` whose
``location`` names the input; every work and problem carries its location; the works then merge,
get citekeys and pass every writer property (``fuzz.properties.check_writers``).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from fuzz import properties as P
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import bib_files, binary_blobs, csl_items, hostile_text, id_lists, load_profile, reading_lists

import rnnbib
from rnnbib.errors import RnnbibError
from rnnbib.readers import get_reader

load_profile()


@given(text=reading_lists())
def test_markdown_reader(text: str) -> None:
    P.check_reader_pipeline(get_reader("markdown"), text, "list.md")


@settings(max_examples=10)
@given(text=reading_lists(long_runs=True))
def test_markdown_reader_long_lines(text: str) -> None:
    P.check_reader_pipeline(get_reader("markdown"), text, "list.md")


@given(text=bib_files())
def test_bibtex_reader(text: str) -> None:
    P.check_reader_pipeline(get_reader("bibtex"), text, "refs.bib")


@given(text=id_lists())
def test_idlist_reader(text: str) -> None:
    P.check_reader_pipeline(get_reader("ids"), text, "ids.txt")


@given(items=st.lists(csl_items(), max_size=4), wrap=st.sampled_from(["array", "items", "one"]))
def test_csljson_reader_items(items: list[dict[str, Any]], wrap: str) -> None:
    doc: Any = {"array": items, "items": {"items": items}, "one": items[0] if items else {}}[wrap]
    P.check_reader_pipeline(get_reader("csljson"), json.dumps(doc, ensure_ascii=False, indent=1), "items.json")


@given(text=st.one_of(hostile_text(0, 30), st.sampled_from(['[{"title": 1}]', "[1, null, []]", '{"items": 3}',
                                                             "[", '[{"author": "x"}]', '[{"issued": "2015"}]'])))
def test_csljson_reader_malformed(text: str) -> None:
    P.check_reader_pipeline(get_reader("csljson"), text, "items.json")


@given(data=binary_blobs(), suffix=st.sampled_from([".md", ".bib", ".json", ".txt"]))
def test_read_any_bytes(data: bytes, suffix: str) -> None:
    """rnnbib.read on arbitrary bytes: a Bibliography, or an RnnbibError naming the file."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        try:
            bib = rnnbib.read(path)
        except RnnbibError as exc:
            assert exc.location and str(path) in exc.location, exc
            return
        P.check_writers(bib.works)
