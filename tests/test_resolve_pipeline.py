"""Resolution end to end through the API, against the local fakes of the services."""

from __future__ import annotations

import itertools
import re
import time
from pathlib import Path
from typing import Any

import pytest
from httpserver import Reply, Services

import rnnbib
from rnnbib import Bibliography, Identifier, Link, Location, Work
from rnnbib.online.config import ResolveConfig
from rnnbib.online.pipeline import resolve_works, unresolved

SEED = Path(__file__).resolve().parents[1] / "examples" / "rnn-and-lstm.md"
ARXIV_ABS = re.compile(r"arxiv\.org/abs/(\d{4}\.\d{4,5}|[a-z-]+/\d{7})")


def work(
    kind: str,
    value: str,
    csl_type: str = "article",
    title: str = "Title as the list wrote it",
    version: str | None = None,
    line: int = 1,
) -> Work:
    """A work as a reader makes it: list title, one identifier, a source location."""
    csl: dict[str, Any] = {"type": csl_type, "title": title}
    if kind == "arxiv":
        csl.update(
            {"number": f"arXiv:{value}", "publisher": "arXiv", "URL": f"https://arxiv.org/abs/{value}"}
        )
    return Work(
        csl=csl,
        identifiers=[Identifier(kind, value, version)],
        sources=[Location("list.md", line)],
        provenance=dict.fromkeys(csl, "list"),
        list_title=title,
    )


def resolve(works: list[Work], options: dict[str, Any], **extra: Any) -> Bibliography:
    bib = Bibliography(works)
    assert rnnbib.resolve(bib, **{**options, **extra}) is bib
    return bib


def arxiv_requests(services: Services) -> list[Any]:
    return services.server.made("/arxiv/")


def seed_ids() -> list[str]:
    return list(dict.fromkeys(ARXIV_ABS.findall(SEED.read_text("utf-8"))))


# -- arXiv batching ---------------------------------------------------------------------------------


def test_seed_ids_cost_one_arxiv_request(services: Services, resolve_options: dict[str, Any]) -> None:
    ids = seed_ids()
    assert len(ids) == 71
    works = [work("arxiv", i, line=n) for n, i in enumerate(ids, 1)]
    resolve(works, resolve_options, keep_preprints=True)  # the arXiv data (published versions: test_canonical)
    [request] = arxiv_requests(services)
    assert request.param("max_results") == "71"
    assert sorted(request.param("id_list").split(",")) == sorted(ids)  # type: ignore[union-attr]
    assert all(w.status == "resolved" for w in works)
    pascanu = works[ids.index("1211.5063")]
    assert pascanu.title == "On the difficulty of training Recurrent Neural Networks"
    assert pascanu.list_title == "Title as the list wrote it"
    assert pascanu.csl["author"][1] == {"given": "Tomas", "family": "Mikolov"}
    assert pascanu.provenance["title"] == "arxiv"


def test_seed_read_by_the_reader_costs_one_arxiv_request(
    services: Services, resolve_options: dict[str, Any]
) -> None:
    try:
        bib = rnnbib.read(SEED)
    except (ImportError, NotImplementedError) as exc:  # the reader is being written in parallel
        pytest.skip(f"markdown reader not available: {exc}")
    rnnbib.resolve(bib, **resolve_options)
    [request] = arxiv_requests(services)
    assert request.param("max_results") is not None
    with_arxiv = [w for w in bib.works if w.first_id("arxiv")]
    assert with_arxiv and all(w.status == "resolved" for w in with_arxiv)


def test_five_thousand_ids_cost_ten_requests_by_post(
    services: Services, resolve_options: dict[str, Any]
) -> None:
    ids = [f"{1501 + n // 9000:04d}.{n % 9000 + 10000:05d}" for n in range(5000)]
    works = [work("arxiv", i) for i in ids]
    started = time.monotonic()
    resolve(works, resolve_options)
    requests = arxiv_requests(services)
    assert len(requests) == 10
    assert all(r.method == "POST" and r.param("max_results") == "500" for r in requests)
    assert sum(len((r.param("id_list") or "").split(",")) for r in requests) == 5000
    assert all(w.status == "resolved" for w in works)
    assert works[4321].title == f"Synthetic paper {ids[4321]}"
    assert time.monotonic() - started < 60


def test_every_arxiv_request_sets_max_results_even_split(
    services: Services, resolve_options: dict[str, Any]
) -> None:
    works = [work("arxiv", f"1601.{n:05d}") for n in range(30)]
    resolve(works, resolve_options, arxiv_batch=7)
    requests = arxiv_requests(services)
    assert len(requests) == 5
    assert all(r.param("max_results") == str(len((r.param("id_list") or "").split(","))) for r in requests)


def test_a_400_batch_is_split_and_retried(services: Services, resolve_options: dict[str, Any]) -> None:
    # "1601.0675" passes rnnbib's own check (4.4 digits are valid before 2015) but the fake rejects
    # it as arXiv would for a malformed id: the whole batch gets a 400 naming it.
    services.arxiv.missing.add("1211.5063")
    ids = ["1503.04069", "1601.06759", "1211.5063"]
    works = [work("arxiv", i) for i in ids] + [work("arxiv", "not-an-id!")]
    services.server.route("/arxiv/api/query", _reject_when_asked_for("1503.04069", services))
    resolve(works, resolve_options)
    lstm, pixel, pascanu, bad = works
    assert lstm.status == "failed" and lstm.problems[0].kind == "bad-id"
    assert "incorrect id format for 1503.04069" in lstm.problems[0].message
    assert pixel.status == "resolved" and pixel.title == "Pixel Recurrent Neural Networks"
    assert pascanu.status == "not-found" and pascanu.problems[0].kind == "not-found"
    assert pascanu.title == "Title as the list wrote it"  # the list's data stays
    assert bad.status == "failed" and bad.problems[0].kind == "bad-id"
    # the bad-format id was never sent; the 400 batch was retried without the id it named
    sent = [r.param("id_list") for r in arxiv_requests(services)]
    assert sent == ["1503.04069,1601.06759,1211.5063", "1601.06759,1211.5063"]


def _reject_when_asked_for(bad_id: str, services: Services) -> Any:
    error = (
        "<?xml version='1.0' encoding='UTF-8'?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"
        f"<entry><id>https://arxiv.org/api/errors#incorrect_id_format_for_{bad_id}</id><title>Error</title>"
        f"<summary>incorrect id format for {bad_id}</summary></entry></feed>"
    )

    def respond(rec: Any, match: Any) -> Reply:
        if bad_id in (rec.param("id_list") or "").split(","):
            return Reply(400, error, {"Content-Type": "application/atom+xml"})
        return services.arxiv(rec, match)

    return respond


def test_a_400_naming_no_id_halves_the_batch(services: Services, resolve_options: dict[str, Any]) -> None:
    def respond(rec: Any, match: Any) -> Reply:
        if "1601.00003" in (rec.param("id_list") or "").split(","):
            return Reply(400, "Bad Request", {"Content-Type": "text/plain"})
        return services.arxiv(rec, match)

    services.server.route("/arxiv/api/query", respond)
    works = [work("arxiv", f"1601.{n:05d}") for n in range(8)]
    resolve(works, resolve_options)
    assert [w.status for w in works] == ["resolved"] * 3 + ["failed"] + ["resolved"] * 4
    # 8 ids -> halves 0-3 / 4-7 -> 0-1 / 2-3 -> 2 / 3: seven requests, each with max_results
    assert len(arxiv_requests(services)) == 7


def test_versioned_id_and_missing_entries(services: Services, resolve_options: dict[str, Any]) -> None:
    services.arxiv.missing.add("1601.99999")
    works = [work("arxiv", "1211.5063", version="v2"), work("arxiv", "1601.99999")]
    resolve(works, resolve_options)
    assert arxiv_requests(services)[0].param("id_list") == "1211.5063v2,1601.99999"
    assert works[0].status == "resolved" and works[0].extra["version"] == "v2"
    assert works[1].status == "not-found"
    assert unresolved(works) == [works[1]]


def test_arxiv_requests_are_spaced(services: Services, resolve_options: dict[str, Any]) -> None:
    works = [work("arxiv", f"1601.{n:05d}") for n in range(6)]
    resolve(works, resolve_options, arxiv_batch=2, arxiv_delay=0.5)
    times = [r.time for r in arxiv_requests(services)]
    assert len(times) == 3
    assert all(b - a >= 0.5 for a, b in itertools.pairwise(times))


def test_arxiv_requests_are_three_seconds_apart_by_default(services: Services,
                                                          resolve_options: dict[str, Any]) -> None:
    options = {k: v for k, v in resolve_options.items() if k != "arxiv_delay"}  # arXiv's own 3 s
    works = [work("arxiv", f"1602.{n:05d}") for n in range(2)]
    resolve(works, options, arxiv_batch=1)
    times = [r.time for r in arxiv_requests(services)]
    assert len(times) == 2
    assert times[1] - times[0] >= 3.0
    assert all(w.status == "resolved" for w in works)


def test_default_arxiv_delay_is_three_seconds() -> None:
    assert ResolveConfig.from_options(env={}).delay("arxiv") == 3.0
    assert ResolveConfig.from_options(env={"RNNBIB_ARXIV_DELAY": "0.5"}).delay("arxiv") == 0.5
    assert ResolveConfig.from_options(env={}, arxiv_delay=0.2).delay("arxiv") == 0.2


# -- cache and offline ----------------------------------------------------------------------------


def mixed_works() -> list[Work]:
    return [
        work("arxiv", "1503.04069"),
        work("arxiv", "hep-th/9901001"),
        work("doi", "10.1038/nature14539"),
        work("doi", "10.5281/zenodo.1184077"),
        work("github", "karpathy/char-rnn", "software"),
    ]


def test_rerun_sends_no_request_and_offline_keeps_the_metadata(
    services: Services, resolve_options: dict[str, Any]
) -> None:
    first = mixed_works()
    resolve(first, resolve_options)
    assert all(w.status == "resolved" for w in first)
    count = len(services.server.requests)
    assert count > 0

    second = mixed_works()
    resolve(second, resolve_options)
    assert len(services.server.requests) == count
    assert [w.to_csl() for w in second] == [w.to_csl() for w in first]

    third = mixed_works()
    resolve(third, resolve_options, offline=True)
    assert len(services.server.requests) == count
    assert [w.to_csl() for w in third] == [w.to_csl() for w in first]
    assert [w.status for w in third] == ["resolved"] * 5


def test_offline_without_cache_keeps_list_data(services: Services, resolve_options: dict[str, Any]) -> None:
    works = mixed_works()
    resolve(works, resolve_options, offline=True)
    assert services.server.requests == []
    assert all(w.status == "offline" for w in works)
    assert all(w.problems and w.problems[0].kind == "offline" for w in works)
    assert works[0].title == "Title as the list wrote it"


def test_refresh_asks_again(services: Services, resolve_options: dict[str, Any]) -> None:
    resolve(mixed_works(), resolve_options)
    count = len(services.server.requests)
    resolve(mixed_works(), resolve_options, refresh=True)
    assert len(services.server.requests) == 2 * count


def test_offline_from_environment(
    services: Services, resolve_options: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RNNBIB_OFFLINE", "1")
    options = {k: v for k, v in resolve_options.items() if k != "offline"}
    resolve(mixed_works(), options)
    assert services.server.requests == []


# -- DOIs -----------------------------------------------------------------------------------------


def test_doi_routing_by_registration_agency(services: Services, resolve_options: dict[str, Any]) -> None:
    works = [
        work("doi", "10.1038/nature14539"),
        work("doi", "10.5281/zenodo.1184077"),
        work("doi", "10.3280/FIXTURE.2015.001"),
        work("doi", "10.1109/CVPR.2016.90"),
        work("doi", "10.1109/TNNLS.2016.2582924"),
    ]
    resolve(works, resolve_options, mailto="me@example.org")
    paths = [r.path for r in services.server.requests]
    assert paths.count("/doi/ra/10.1109") == 1  # one agency lookup per prefix
    assert len([p for p in paths if p.startswith("/doi/ra/")]) == 4
    assert "/crossref/works/10.1038/nature14539" in paths
    assert "/datacite/dois/10.5281/zenodo.1184077" in paths
    assert "/doi/10.3280/FIXTURE.2015.001" in paths
    assert paths.count("/s2/graph/v1/paper/batch") == 1  # DOIs are checked for an arXiv twin in one batch
    assert len(paths) == 4 + 5 + 1
    nature, zenodo, medra, cvpr, tnnls = works
    assert [w.provenance["title"] for w in works] == [
        "crossref",
        "datacite",
        "doi.org",
        "crossref",
        "crossref",
    ]
    assert nature.csl["container-title"] == "Nature"
    assert (nature.csl["volume"], nature.csl["issue"], nature.csl["page"]) == ("521", "7553", "436-444")
    assert nature.csl["author"][0] == {"given": "Yann", "family": "LeCun"}
    assert zenodo.type == "software" and zenodo.csl["publisher"] == "Zenodo"
    assert medra.csl["container-title"] == "Rivista di Prova"
    assert cvpr.type == "paper-conference"
    assert tnnls.csl["issued"] == {"date-parts": [[2017, 10]]}
    crossref_calls = services.server.made("/crossref/")
    assert all(r.param("mailto") == "me@example.org" for r in crossref_calls)
    assert all("mailto:me@example.org" in (r.header("User-Agent") or "") for r in services.server.requests)


def test_arxiv_doi_is_resolved_as_arxiv(services: Services, resolve_options: dict[str, Any]) -> None:
    works = [work("doi", "10.48550/arXiv.1601.06759")]
    resolve(works, resolve_options)
    assert [r.path for r in services.server.requests] == ["/arxiv/api/query", "/s2/graph/v1/paper/batch"]
    assert works[0].title == "Pixel Recurrent Neural Networks"
    assert works[0].first_id("arxiv") == Identifier("arxiv", "1601.06759")


def test_unknown_doi_and_unknown_prefix(services: Services, resolve_options: dict[str, Any]) -> None:
    works = [work("doi", "10.1038/does-not-exist"), work("doi", "10.99999/nothing")]
    resolve(works, resolve_options)
    assert [w.status for w in works] == ["not-found", "not-found"]
    assert all(w.title == "Title as the list wrote it" for w in works)
    assert "10.1038/does-not-exist" in works[0].problems[0].message


def test_wrong_content_type_is_a_failure(services: Services, resolve_options: dict[str, Any]) -> None:
    services.server.route(
        r"/crossref/works/.*",
        Reply(200, "<html><body>Service maintenance</body></html>", {"Content-Type": "text/html"}),
    )
    works = [work("doi", "10.1038/nature14539"), work("arxiv", "1211.5063")]
    resolve(works, resolve_options)
    assert works[0].status == "failed"
    assert works[0].problems[0].kind == "malformed"
    assert "text/html" in works[0].problems[0].message
    assert works[0].title == "Title as the list wrote it"
    assert works[1].status == "resolved"  # the run goes on


def test_server_errors_are_reported_with_their_kind(
    services: Services, resolve_options: dict[str, Any]
) -> None:
    services.server.route(r"/datacite/dois/.*", Reply(503, "down"))
    works = [work("doi", "10.5281/zenodo.1184077")]
    resolve(works, resolve_options, max_retries=1)
    assert works[0].status == "failed"
    assert works[0].problems[0].kind == "http-503"


def test_published_doi_is_cited_unless_keep_preprints(services: Services, resolve_options: dict[str, Any]) -> None:
    preprint = [work("arxiv", "1503.04069")]
    resolve(preprint, resolve_options, keep_preprints=True)
    assert preprint[0].type == "article" and preprint[0].csl["number"] == "arXiv:1503.04069"
    assert preprint[0].extra["published_doi"] == "10.1109/TNNLS.2016.2582924"
    assert preprint[0].extra["canonical"] == {"status": "kept-preprint", "evidence": ["arxiv-doi"],
                                              "venue": "doi:10.1109/TNNLS.2016.2582924"}
    assert not services.server.made("/crossref/")

    published = [work("arxiv", "1503.04069")]
    resolve(published, resolve_options)
    lstm = published[0]
    assert lstm.extra["canonical"]["status"] == "upgraded"
    assert lstm.type == "article-journal"
    assert lstm.csl["container-title"] == "IEEE Transactions on Neural Networks and Learning Systems"
    assert lstm.csl["DOI"] == "10.1109/TNNLS.2016.2582924"
    assert "number" not in lstm.csl  # "arXiv:ID" is not the number of a journal article
    assert lstm.csl["publisher"] == "Institute of Electrical and Electronics Engineers (IEEE)"
    assert lstm.first_id("arxiv") is not None and lstm.extra["arxiv_class"] == "cs.NE"  # eprint fields kept
    assert lstm.first_id("doi") == Identifier("doi", "10.1109/TNNLS.2016.2582924")
    assert lstm.provenance["title"] == "crossref" and lstm.provenance["extra.arxiv_class"] == "arxiv"


# -- GitHub ---------------------------------------------------------------------------------------


def test_software_repo_and_renamed_repo(services: Services, resolve_options: dict[str, Any]) -> None:
    works = [
        work("github", "karpathy/char-rnn", "software"),
        work("github", "old-owner/old-name", "software"),
        work("github", "nobody/nothing", "software"),
    ]
    resolve(works, resolve_options)
    char_rnn, renamed, missing = works
    assert char_rnn.status == "resolved" and char_rnn.csl["author"] == [{"literal": "karpathy"}]
    assert char_rnn.extra["license"] == "MIT"
    assert renamed.status == "resolved"
    assert renamed.csl["URL"] == "https://github.com/rnnbib-test/renamed-tool"
    assert Identifier("github", "rnnbib-test/renamed-tool") in renamed.identifiers
    assert "now rnnbib-test/renamed-tool" in renamed.problems[0].message
    assert missing.status == "not-found"
    # one request per repo (two for the renamed one: the 301 and its target), no CITATION.cff without a token
    assert len(services.server.made("/github/")) == 4
    assert not [r for r in services.server.requests if "CITATION" in r.path]


def test_citation_cff_with_a_token(services: Services, resolve_options: dict[str, Any]) -> None:
    works = [work("github", "rnnbib-test/cff-tool", "software")]
    resolve(works, resolve_options, github_token="ghp_fixture")
    assert works[0].title == "CFF Tool: a fixture"
    assert works[0].csl["author"][0] == {
        "given": "Aäron",
        "non-dropping-particle": "van den",
        "family": "Oord",
    }
    assert all(r.header("Authorization") == "Bearer ghp_fixture" for r in services.server.made("/github/"))


def test_code_links_of_papers_only_with_github_all(
    services: Services, resolve_options: dict[str, Any]
) -> None:
    def paper() -> Work:
        w = work("arxiv", "1211.5063")
        w.links.append(Link("https://github.com/karpathy/char-rnn", "code", "github"))
        return w

    default = [paper()]
    resolve(default, resolve_options)
    assert not services.server.made("/github/")
    assert "code_repositories" not in default[0].extra

    everything = [paper()]
    resolve(everything, resolve_options, github="all")
    assert len(services.server.made("/github/")) == 1
    assert everything[0].type != "software"  # the paper stays a paper
    assert everything[0].extra["code_repositories"][0]["repository"] == "karpathy/char-rnn"


def test_unknown_option_is_a_usage_error(resolve_options: dict[str, Any]) -> None:
    with pytest.raises(rnnbib.UsageError):
        resolve([], resolve_options, no_such_option=True)


def test_summary_counts(services: Services, resolve_options: dict[str, Any]) -> None:
    config = ResolveConfig.from_options(**resolve_options)
    works = [*mixed_works(), work("doi", "10.1038/does-not-exist")]
    summary = resolve_works(works, config)
    assert summary.network["arxiv"] == 1
    assert summary.statuses == {"resolved": 5, "not-found": 1}
    assert not summary.ok
    again = resolve_works(mixed_works(), config)
    assert again.network == {"s2": 1} and again.ok  # another set of ids is another batch
    once_more = resolve_works(mixed_works(), config)
    assert once_more.network == {} and once_more.ok
