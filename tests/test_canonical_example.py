"""The example reading list online against the local fakes: one S2 batch, venues cited, warm runs silent."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from httpserver import DATA, Services

import rnnbib
from rnnbib import Bibliography
from rnnbib.online.canonical import venue_hints
from rnnbib.online.dblp import parse_record

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "rnn-and-lstm.md"


def venue_fixtures() -> dict[str, tuple[str, dict[str, Any]]]:
    """S2 id -> (DBLP key, CSL of the DBLP record) for every S2 fixture that names a DBLP venue record."""
    found = {}
    for path in sorted((DATA / "s2").glob("*.json")):
        paper = json.loads(path.read_text("utf-8"))
        key = paper["externalIds"].get("DBLP", "")
        bib = next((p for p in (DATA / "dblp").glob("*.bib") if f"{{DBLP:{key}," in p.read_text("utf-8")), None)
        if bib is None:
            continue
        record = parse_record(bib.read_text("utf-8"), key)
        ident = f"ARXIV:{paper['externalIds']['ArXiv']}" if "ArXiv" in paper["externalIds"] else \
            f"URL:{paper['_urls'][0]}"
        found[ident] = (key, record.csl)
    return found


def resolved(options: dict[str, Any], **extra: Any) -> Bibliography:
    bib = rnnbib.read(EXAMPLE)
    rnnbib.resolve(bib, **options, **extra)
    bib.assign_keys()
    return bib


def ident_of(work: rnnbib.Work) -> str:
    from rnnbib.online.published import s2_id

    found = s2_id(work)
    return found[0] if found else ""


@pytest.mark.slow
def test_example_list_online(services: Services, resolve_options: dict[str, Any]) -> None:
    bib = resolved(resolve_options)
    batches = services.server.made("/s2/graph/v1/paper/batch")
    assert len(batches) == 1
    ids = json.loads(batches[0].body)["ids"]
    assert len([i for i in ids if i.startswith("ARXIV:")]) == 71 and len(ids) == 75
    works = {ident_of(w): w for w in bib.works if ident_of(w)}
    fixtures = {i: f for i, f in venue_fixtures().items() if i in works}  # some fixtures serve other tests
    assert len(fixtures) >= 25
    cited = 0
    for ident, (key, csl) in fixtures.items():
        work = works[ident]
        state = work.extra["canonical"]
        if "Workshop" in str(csl.get("container-title")):
            assert state["status"] == "unconfirmed" and work.type == "article", ident
            assert "workshop" in state["rejected"][0]["reason"]
            continue
        assert state["status"] in ("upgraded", "completed"), (ident, state)
        assert state["source"] == f"dblp:{key}"
        assert work.type == "paper-conference" and work.csl["container-title"] == csl["container-title"]
        assert work.csl["issued"] == csl["issued"] and work.provenance["container-title"] == f"dblp:{key}"
        cited += 1
    pmlr = works["URL:https://proceedings.mlr.press/v37/jozefowicz15.html"]  # the list links jmlr.org's old PDF
    assert pmlr.extra["canonical"]["evidence"][0] == "proceedings-link" and pmlr.csl["page"] == "2342-2350"
    lstm = works["ARXIV:1503.04069"]
    assert lstm.extra["canonical"]["status"] == "upgraded" and lstm.type == "article-journal"
    summary = bib.report()["summary"]["canonical"]
    assert summary["upgraded"] + summary.get("completed", 0) == cited + 1
    searches = services.server.made("/dblp/search")
    records = services.server.made("/dblp/rec")
    placed = [w for w in bib.works if w.extra.get("canonical", {}).get("status") in
              ("upgraded", "completed", "unconfirmed", "conflict")
              and not w.extra["canonical"].get("source", "").startswith("crossref:")]  # the DOI route
    hinted = [w for w in bib.works if w.extra.get("canonical", {}).get("status") == "preprint"
              and venue_hints(w.notes)]  # S2 does not know them, the list names a venue: DBLP is asked
    assert len(searches) == len(placed) + len(hinted) and len(records) == cited
    first = {fmt: bib.to_string(fmt) for fmt in ("bibtex", "biblatex", "csljson")}
    # warm: the same answers from the cache, not one request
    services.server.clear()
    again = resolved(resolve_options)
    assert services.server.requests == []
    assert {fmt: again.to_string(fmt) for fmt in first} == first


@pytest.mark.slow
def test_example_list_keep_preprints(services: Services, resolve_options: dict[str, Any]) -> None:
    bib = resolved(resolve_options, keep_preprints=True)
    assert len([w for w in bib.works if w.first_id("arxiv")]) >= 71
    assert all(w.type == "article" for w in bib.works if w.first_id("arxiv"))
    kept = [w for w in bib.works if w.extra.get("canonical", {}).get("status") == "kept-preprint"]
    assert len(kept) >= 25 and all(w.extra["canonical"].get("venue") for w in kept)
    # only the proceedings papers (not preprints) still get their venue record
    assert {r.path for r in services.server.made("/dblp/rec")} == {
        "/dblp/rec/conf/icml/JozefowiczZS15.bib", "/dblp/rec/conf/icml/DiamosSCCCEEHS16.bib"}
    assert not services.server.made("/crossref/works/10.1109/TNNLS")  # the LSTM preprint's journal version
