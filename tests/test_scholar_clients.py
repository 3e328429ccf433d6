"""Semantic Scholar and DBLP clients over real HTTP against the local fakes, and the recorded bodies."""

from __future__ import annotations

import itertools
import json
import logging
import sqlite3
from pathlib import Path

import pytest
from httpserver import LocalServer, Reply
from scholarfakes import install_scholar

from rnnbib.errors import ServiceError
from rnnbib.online.config import ResolveConfig
from rnnbib.online.dblp import DblpClient, parse_record, parse_search, search_query
from rnnbib.online.http import HttpClient
from rnnbib.online.semanticscholar import SemanticScholarClient, parse_batch, parse_match, parse_paper

# ../shared beside the checkout (a git worktree one level deeper looks one level further up).
ROOT = Path(__file__).resolve().parents[1]
SHARED = next((p / "shared" / "real-responses" for p in (ROOT.parent, ROOT.parent.parent)
               if (p / "shared" / "real-responses").is_dir()), ROOT.parent / "shared" / "real-responses")


def make_http(server: LocalServer, tmp_path: Path, **options: object) -> HttpClient:
    settings: dict[str, object] = {"cache_dir": tmp_path / "cache", "backoff": 0.01, "s2_delay": 0,
                                   "dblp_delay": 0, "s2_url": f"{server.url}/s2", "dblp_url": f"{server.url}/dblp"}
    settings.update(options)
    return HttpClient(ResolveConfig.from_options(env={}, **settings))


def s2_client(server: LocalServer, http: HttpClient) -> SemanticScholarClient:
    return SemanticScholarClient(http, http.config.url("s2"))


# -- the recorded bodies ---------------------------------------------------------------------------

def _shared(folder: str) -> list[Path]:
    path = SHARED / folder
    if not path.is_dir():
        pytest.skip(f"{path} is missing")
    return sorted(path.iterdir())


def test_every_recorded_semantic_scholar_body_parses() -> None:
    kinds = set()
    for path in _shared("semanticscholar"):
        data = json.loads(path.read_text("utf-8"))
        if isinstance(data, list):
            slots = parse_batch(data, len(data))
            assert slots[0] is None and all(s is not None and s.title for s in slots[1:]), path.name
            kinds.add("batch")
        elif "search_match" in path.name:
            best = parse_match(data)
            assert (best is None) == ("no-match" in path.name), path.name
            kinds.add("match")
        elif "error" in data:
            assert isinstance(data["error"], str) and data["error"]
            kinds.add("error")
        elif "data" in data:
            papers = [parse_paper(p) for p in data["data"]]
            assert data["total"] >= len(papers) > 0 and all(p.paper_id and p.title for p in papers)
            kinds.add("search")
        else:
            paper = parse_paper(data)
            assert paper.paper_id and paper.title
            kinds.add("paper")
    assert kinds == {"batch", "match", "error", "search", "paper"}


def test_recorded_semantic_scholar_details() -> None:
    folder = _shared("semanticscholar")
    by_name = {p.name: json.loads(p.read_text("utf-8")) for p in folder}
    arxiv_doi = parse_paper(by_name["graph_v1_paper_DOI_10.48550_arxiv.2312.07559_arxiv-doi.json"])
    assert arxiv_doi.is_preprint_only and arxiv_doi.arxiv_id == "2312.07559"
    assert arxiv_doi.journal == "ArXiv" and "JournalArticle" in arxiv_doi.publication_types
    nature = parse_paper(by_name["graph_v1_paper_DOI_10.1038_s42256-024-00832-8.json"])
    assert not nature.is_preprint_only and nature.doi == "10.1038/s42256-024-00832-8"
    assert nature.external_ids["CorpusId"] == "258059792"  # a number in the JSON, a string here
    match = parse_match(by_name["graph_v1_paper_search_match_Attention-is-All-you-Need.json"])
    assert match is not None and match.match_score and match.match_score > 100
    assert match.dblp_key == "journals/corr/VaswaniSPUJGKP17"


def test_every_recorded_dblp_body_parses() -> None:
    seen = set()
    for path in _shared("dblp"):
        if path.suffix == ".bib":
            record = parse_record(path.read_text("utf-8"), "journals/cacm/Lamport15")
            assert record.key == "journals/cacm/Lamport15" and record.csl["type"] == "article-journal"
            assert record.csl["container-title"] == "Commun. ACM" and record.csl["page"] == "38-41"
            assert not record.is_informal
            seen.add("bib")
        else:
            hits = parse_search(path.read_bytes())
            assert hits and all(h.key and h.title and not h.title.endswith(".") for h in hits)
            seen.add(path.suffix)
            if path.suffix == ".xml":
                corr = [h for h in hits if h.venue == "CoRR"]
                assert corr and all(h.is_informal for h in corr)
                assert all(not h.is_informal for h in hits if h.type == "Journal Articles")
            else:
                assert hits[0].year == 2021 and hits[0].authors[0] == "Xiaopeng Zhang"  # homonym number gone
    assert seen == {"bib", ".xml", ".json"}


# -- Semantic Scholar over HTTP --------------------------------------------------------------------

def test_batch_one_request_with_null_slots(local_server: LocalServer, tmp_path: Path) -> None:
    install_scholar(local_server)
    http = make_http(local_server, tmp_path)
    found = s2_client(local_server, http).batch(["ARXIV:1706.03762", "ARXIV:1409.0473", "ARXIV:2999.00001",
                                                 "ARXIV:1409.0473"])
    assert len(local_server.made("/s2")) == 1
    request = local_server.made("/s2")[0]
    assert request.method == "POST" and "externalIds" in (request.param("fields") or "")
    assert json.loads(request.body) == {"ids": ["ARXIV:1409.0473", "ARXIV:1706.03762", "ARXIV:2999.00001"]}
    assert found["ARXIV:2999.00001"] is None
    bahdanau = found["ARXIV:1409.0473"]
    assert bahdanau is not None and bahdanau.dblp_key == "journals/corr/BahdanauCB14"
    assert bahdanau.venue_type == "conference" and bahdanau.authors[0] == "Dzmitry Bahdanau"
    http.close()
    warm = make_http(local_server, tmp_path)
    again = s2_client(local_server, warm).batch(["ARXIV:2999.00001", "ARXIV:1706.03762", "ARXIV:1409.0473"])
    assert again == {k: v for k, v in found.items()} and len(local_server.made("/s2")) == 1
    assert warm.stats_network.get("s2", 0) == 0
    warm.close()


def test_batch_splits_at_500_ids(local_server: LocalServer, tmp_path: Path) -> None:
    install_scholar(local_server)
    http = make_http(local_server, tmp_path)
    ids = [f"ARXIV:2101.{n:05d}" for n in range(1, 1202)]
    found = s2_client(local_server, http).batch(ids)
    sizes = [len(json.loads(r.body)["ids"]) for r in local_server.made("/s2")]
    assert sizes == [500, 500, 201] and len(found) == 1201 and not any(found.values())
    http.close()


def test_api_key_is_sent_but_never_cached_or_logged(local_server: LocalServer, tmp_path: Path,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    install_scholar(local_server)
    secret = "s2-secret-key-0123456789"
    http = make_http(local_server, tmp_path, s2_api_key=secret)
    with caplog.at_level(logging.DEBUG):
        s2_client(local_server, http).batch(["ARXIV:1409.0473"])
        s2_client(local_server, http).match("Attention is all you need")
    assert all(r.header("x-api-key") == secret for r in local_server.made("/s2"))
    assert secret not in caplog.text
    http.close()
    raw = b"".join(p.read_bytes() for p in (tmp_path / "cache").iterdir() if p.is_file())
    assert secret.encode() not in raw
    with sqlite3.connect(tmp_path / "cache" / "http-cache.sqlite") as con:
        assert con.execute("select count(*) from responses").fetchone()[0] == 2
    other = make_http(local_server, tmp_path / "2")
    DblpClient(other, other.config.url("dblp")).search("attention")
    assert local_server.made("/dblp")[0].header("x-api-key") is None
    other.close()


def test_without_key_requests_are_paced_and_429_backs_off(local_server: LocalServer, tmp_path: Path) -> None:
    s2, _ = install_scholar(local_server)
    calls = {"n": 0}

    def busy_then_match(rec, match):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 1:
            return Reply(429, '{"message": "Too Many Requests"}', {"Retry-After": "1",
                                                                   "Content-Type": "application/json"})
        return s2.match(rec, match)

    local_server.route(r"/s2/graph/v1/paper/search/match", busy_then_match)
    http = make_http(local_server, tmp_path, s2_delay=0.3)
    client = s2_client(local_server, http)
    assert client.match("Attention is All you Need") is not None
    assert client.match("no such title at all") is None
    times = [r.time for r in local_server.made("/s2")]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert len(times) == 3 and gaps[0] >= 1.0 and gaps[1] >= 0.3
    http.close()


def test_s2_failures_raise_service_errors(local_server: LocalServer, tmp_path: Path) -> None:
    local_server.route(r"/s2/graph/v1/paper/batch", Reply.json({"error": "Unrecognized or unsupported fields"},
                                                               status=400))
    local_server.route(r"/s2/graph/v1/paper/search/match", Reply(200, "[1, 2]", {"Content-Type": "application/json"}))
    http = make_http(local_server, tmp_path)
    client = s2_client(local_server, http)
    with pytest.raises(ServiceError) as bad:
        client.batch(["ARXIV:1409.0473"])
    assert bad.value.kind == "http-400" and "Unrecognized" in str(bad.value)
    with pytest.raises(ServiceError) as odd:
        client.match("anything")
    assert odd.value.kind == "malformed"
    local_server.route(r"/s2/graph/v1/paper/batch", Reply.json([None]))
    with pytest.raises(ServiceError) as short:
        client.batch(["ARXIV:1409.0473", "ARXIV:1706.03762"])
    assert short.value.kind == "malformed"
    http.close()


# -- DBLP over HTTP --------------------------------------------------------------------------------

def test_dblp_search_and_record(local_server: LocalServer, tmp_path: Path) -> None:
    install_scholar(local_server)
    http = make_http(local_server, tmp_path)
    dblp = DblpClient(http, http.config.url("dblp"))
    hits = dblp.search(search_query("Attention Is All You Need!"))
    request = local_server.made("/dblp")[0]
    assert request.param("format") == "json" and request.param("q") == "attention is all you need"
    assert {h.key for h in hits} == {"conf/nips/VaswaniSPUJGKP17", "journals/corr/VaswaniSPUJGKP17"}
    corr = next(h for h in hits if h.venue == "CoRR")
    nips = next(h for h in hits if h.venue == "NIPS")
    assert corr.is_informal and not nips.is_informal and nips.year == 2017 and nips.pages == "5998-6008"
    single = dblp.search("long short term memory single")
    assert single[0].authors == ("Sepp Hochreiter",) and single[0].doi == "10.1162/NECO.1997.9.8.1735"
    assert dblp.search("zzzz nothing matches") == []
    iclr = dblp.record("journals/corr/BahdanauCB14")
    assert iclr is not None and not iclr.is_informal and iclr.csl["type"] == "paper-conference"
    assert iclr.csl["container-title"].startswith("3rd International Conference on Learning Representations, ICLR 2015")
    assert iclr.csl["issued"] == {"date-parts": [[2015]]} and iclr.csl["editor"][1]["family"] == "LeCun"
    corr_record = dblp.record("journals/corr/VaswaniSPUJGKP17")
    assert corr_record is not None and corr_record.is_informal
    assert dblp.record("conf/nowhere/Missing99") is None
    with pytest.raises(ServiceError):
        dblp.record("../../etc/passwd")
    http.close()


def test_dblp_malformed_and_busy(local_server: LocalServer, tmp_path: Path) -> None:
    install_scholar(local_server)
    local_server.route(r"/dblp/search/publ/api", [Reply(429, "busy", {"Retry-After": "1"}),
                                                  Reply(200, '{"result": {}}', {"Content-Type": "application/json"})])
    http = make_http(local_server, tmp_path)
    with pytest.raises(ServiceError) as bad:
        DblpClient(http, http.config.url("dblp")).search("anything")
    assert bad.value.kind == "malformed" and len(local_server.made("/dblp")) == 2
    http.close()


def test_config_reads_the_environment() -> None:
    env = {"RNNBIB_S2_URL": "http://127.0.0.1:9/s2/", "RNNBIB_DBLP_URL": "http://127.0.0.1:9/dblp",
           "RNNBIB_S2_DELAY": "0.5", "RNNBIB_DBLP_DELAY": "2", "S2_API_KEY": " k "}
    config = ResolveConfig.from_options(env=env)
    assert (config.url("s2"), config.url("dblp")) == ("http://127.0.0.1:9/s2", "http://127.0.0.1:9/dblp")
    assert (config.delay("s2"), config.delay("dblp"), config.s2_api_key) == (0.5, 2.0, "k")
    defaults = ResolveConfig.from_options(env={})
    assert defaults.url("s2") == "https://api.semanticscholar.org" and defaults.url("dblp") == "https://dblp.org"
    assert defaults.delay("s2") >= 1 and defaults.delay("dblp") >= 1
    assert defaults.expiry["s2"] == 7 * 86400 and defaults.expiry["dblp"] == 90 * 86400
