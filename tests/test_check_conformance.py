"""The Crossref search parser on real recorded work-list answers (``../shared/real-responses``), and the
identity rule on what Crossref really returns for a paper it does not hold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rnnbib.online.crossref import parse_work_list, work_to_record
from rnnbib.readers.bibtex import read_bibtex
from rnnbib.verify.compare import record_fields, written_fields
from rnnbib.verify.verdict import identify

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "real-responses" / "crossref"
LISTS = sorted(p for p in SHARED.glob("*.json") if "list" in p.name or "query" in p.name) if SHARED.is_dir() else []
pytestmark = pytest.mark.skipif(not LISTS, reason="../shared/real-responses is absent")


@pytest.mark.parametrize("path", LISTS, ids=lambda p: p.name)
def test_every_recorded_work_list_parses(path: Path) -> None:
    data = json.loads(path.read_text("utf-8"))
    if data.get("message-type") != "work-list":
        pytest.skip("not a work list")
    items = parse_work_list(data)
    assert len(items) == len(data["message"]["items"])
    records = [work_to_record(item) for item in items]
    assert all(r.source == "crossref" for r in records)
    assert sum(1 for r in records if r.csl.get("title")) >= len(records) - 1


def test_the_no_match_answer_is_an_empty_list() -> None:
    [path] = [p for p in LISTS if "no-match" in p.name]
    assert parse_work_list(json.loads(path.read_text("utf-8"))) == []


def test_crossrefs_answer_for_an_arxiv_only_paper_is_a_look_alike_not_the_paper() -> None:
    [path] = [p for p in LISTS if "Attention-is-All-you-Need" in p.name]
    [item] = parse_work_list(json.loads(path.read_text("utf-8")))
    found = record_fields(work_to_record(item))
    assert found.title == "Self-Attention with Relative Position Representations"  # shares Vaswani, Uszkoreit
    [work] = read_bibtex("@inproceedings{v, title = {Attention Is All You Need}, author = {Vaswani, Ashish and "
                         "Shazeer, Noam and Parmar, Niki and Uszkoreit, Jakob}, year = {2017}}", "t.bib").works
    same, _score = identify(written_fields(work), found, searched=True)
    assert not same


S2 = SHARED.parent / "semanticscholar"


@pytest.mark.skipif(not (S2 / "graph_v1_paper_search_match_Attention-is-All-you-Need.json").is_file(),
                    reason="../shared/real-responses/semanticscholar is absent")
def test_a_recorded_semantic_scholar_match_confirms_the_nips_citation() -> None:
    from rnnbib.online.semanticscholar import parse_match
    from rnnbib.verify.compare import compare
    from rnnbib.verify.scholar import s2_record

    data = json.loads((S2 / "graph_v1_paper_search_match_Attention-is-All-you-Need.json").read_text("utf-8"))
    paper = parse_match(data)
    assert paper is not None
    record = s2_record(paper)
    [work] = read_bibtex("@inproceedings{v, title = {Attention is All you Need}, author = {Vaswani, Ashish and "
                         "Shazeer, Noam and Parmar, Niki and Uszkoreit, Jakob and Jones, Llion and Gomez, Aidan N. "
                         "and Kaiser, {\\L}ukasz and Polosukhin, Illia}, booktitle = {NIPS}, pages = {5998--6008}, "
                         "year = {2017}}", "t.bib").works
    written = written_fields(work)
    found = record_fields(record)
    assert identify(written, found, searched=True)[0]
    checks = {c.field: c for c in compare(written, [(record, found)])}
    assert all(c.ok for c in checks.values()), checks
    assert {"title", "authors", "year", "venue", "pages"} <= set(checks)
    wrong_venue = read_bibtex("@inproceedings{v, title = {Attention is All you Need}, author = {Vaswani, Ashish}, "
                              "booktitle = {ICML}, year = {2017}}", "t.bib").works[0]
    assert not {c.field: c for c in compare(written_fields(wrong_venue), [(record, found)])}["venue"].ok
