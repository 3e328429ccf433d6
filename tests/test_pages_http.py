"""Reading web pages over real HTTP (a local server): robots.txt, limits, hostile pages, dead links, DOIs."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from httpserver import LocalServer, Reply, Services

from rnnbib.model import Work
from rnnbib.online.config import ResolveConfig
from rnnbib.online.http import HttpClient
from rnnbib.online.page_stage import PageResolver
from rnnbib.online.pages import PageOutcome, PageReader
from rnnbib.online.progress import Progress
from rnnbib.online.stage import Run

PAGES = Path(__file__).resolve().parent / "data" / "pages"
HTML = {"Content-Type": "text/html; charset=utf-8"}
PROXY_ENV = ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy")


@pytest.fixture
def server(services: Services, monkeypatch: pytest.MonkeyPatch) -> LocalServer:
    """The services server, reached directly (no proxy)."""
    for name in PROXY_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    return services.server


def make_config(tmp_path: Path, server: LocalServer, **options: Any) -> ResolveConfig:
    url = server.url
    settings: dict[str, Any] = {
        "cache_dir": tmp_path / "cache", "page_delay": 0, "max_retries": 0, "backoff": 0, "quiet": True,
        "arxiv_url": f"{url}/arxiv/api/query", "crossref_url": f"{url}/crossref", "doi_url": f"{url}/doi",
        "datacite_url": f"{url}/datacite", "wayback_url": url, **options}
    return ResolveConfig.from_options(env={}, **settings)


@pytest.fixture
def reader(tmp_path: Path, server: LocalServer) -> Iterator[PageReader]:
    client = HttpClient(make_config(tmp_path, server, page_max_bytes=20_000, page_max_time=1.0))
    yield PageReader(client, client.config)
    client.close()


def html_page(title: str, extra: str = "") -> str:
    return f"<!DOCTYPE html><html><head><title>{title}</title>{extra}</head><body><p>{title}</p></body></html>"


def read(reader: PageReader, server: LocalServer, path: str) -> PageOutcome:
    return reader.read(f"{server.url}{path}")


def test_robots_once_per_host_and_one_request_per_page(reader: PageReader, server: LocalServer,
                                                       tmp_path: Path) -> None:
    server.route(r"/robots\.txt", Reply(200, "User-agent: *\nDisallow: /private/\n", {"Content-Type": "text/plain"}))
    server.route(r"/p/(one|two)", Reply(200, html_page("A page", '<meta name="author" content="Ann Lee">'), HTML))
    server.route(r"/private/x", Reply(200, html_page("Secret"), HTML))
    assert read(reader, server, "/p/one").status == "ok"
    assert read(reader, server, "/p/two").meta.value("author") == [{"given": "Ann", "family": "Lee"}]
    blocked = read(reader, server, "/private/x")
    assert (blocked.status, blocked.kind) == ("skipped", "robots")
    assert [r.path for r in server.requests] == ["/robots.txt", "/p/one", "/p/two"]
    server.clear()
    warm = HttpClient(reader.config)
    try:
        again = PageReader(warm, warm.config).read(f"{server.url}/p/one")
    finally:
        warm.close()
    assert again.status == "ok" and again.accessed is not None and server.requests == []


def test_robots_server_error_means_do_not_fetch(reader: PageReader, server: LocalServer) -> None:
    server.route(r"/robots\.txt", Reply(503, "down", {"Content-Type": "text/plain"}))
    server.route(r"/p", Reply(200, html_page("P"), HTML))
    assert read(reader, server, "/p").kind == "robots"
    assert not server.made("/p")


def test_not_html_is_skipped_without_reading_it(reader: PageReader, server: LocalServer) -> None:
    server.route(r"/doc", Reply(200, b"%PDF-1.4 " + b"x" * 100_000, {"Content-Type": "application/pdf"}))
    outcome = read(reader, server, "/doc")
    assert (outcome.status, outcome.kind) == ("skipped", "not-html")  # bigger than the cap, yet no failure


@pytest.mark.parametrize("body", [b"%PDF-1.5\n%binary", b"<html>\x00\x00\x00</html>"])
def test_lying_content_type(reader: PageReader, server: LocalServer, body: bytes) -> None:
    server.route(r"/lie", Reply(200, body, HTML))
    assert read(reader, server, "/lie").kind == "not-html"


@pytest.mark.parametrize(("body", "ctype"), [
    ("<title>J\u00fcrgen Schmidhuber</title>".encode("latin-1"), "text/html; charset=utf-8"),
    ("<title>J\u00fcrgen Schmidhuber</title>".encode(), "text/html; charset=iso-8859-1"),
    ("<title>J\u00fcrgen Schmidhuber</title>".encode(), "text/html; charset=no-such-charset"),
    (b'<meta charset="windows-1252"><title>J\xfcrgen Schmidhuber</title>', "text/html"),
])
def test_wrong_or_lying_charset(reader: PageReader, server: LocalServer, body: bytes, ctype: str) -> None:
    server.route(r"/c", Reply(200, body, {"Content-Type": ctype}))
    assert read(reader, server, "/c").meta.value("title") == "J\u00fcrgen Schmidhuber"


def test_huge_body(reader: PageReader, server: LocalServer) -> None:
    server.route(r"/huge", Reply(200, html_page("x" * 50_000), HTML))
    server.route(r"/huge-chunked", Reply(200, html_page("x" * 50_000), HTML, fault="chunked"))
    assert [read(reader, server, p).kind for p in ("/huge", "/huge-chunked")] == ["too-large", "too-large"]


def test_slow_drip(reader: PageReader, server: LocalServer) -> None:
    server.route(r"/drip", Reply(200, html_page("slow" * 200), HTML, delay=0.05, fault="trickle"))
    outcome = read(reader, server, "/drip")
    assert (outcome.status, outcome.kind) == ("failed", "timeout")


def test_meta_refresh_followed_and_loops_refused(reader: PageReader, server: LocalServer) -> None:
    refresh = '<meta http-equiv="refresh" content="0; url={}">'
    server.route(r"/old", Reply(200, html_page("Moved", refresh.format("/new")), HTML))
    server.route(r"/new", Reply(200, html_page("New", '<meta name="author" content="Ann Lee">'), HTML))
    server.route(r"/a", Reply(200, html_page("A", refresh.format("/b")), HTML))
    server.route(r"/b", Reply(200, html_page("B", refresh.format("/a")), HTML))
    moved = read(reader, server, "/old")
    assert moved.status == "ok" and moved.url.endswith("/new") and moved.meta.value("author")
    loop = read(reader, server, "/a")
    assert (loop.status, loop.kind, loop.message) == ("failed", "redirect", "meta-refresh loop")


def test_redirect_loop(reader: PageReader, server: LocalServer) -> None:
    server.route(r"/x", Reply(302, "", {"Location": "/y"}))
    server.route(r"/y", Reply(302, "", {"Location": "/x"}))
    outcome = read(reader, server, "/x")
    assert (outcome.status, outcome.kind) == ("failed", "redirect")


@pytest.mark.parametrize("status", [404, 410])
def test_gone_pages_are_dead(reader: PageReader, server: LocalServer, status: int) -> None:
    server.route(r"/gone", Reply(status, "gone", {"Content-Type": "text/html"}))
    outcome = read(reader, server, "/gone")
    assert (outcome.status, outcome.kind, outcome.message) == ("dead", f"http-{status}", f"HTTP {status}")


def test_unknown_host_is_dead(reader: PageReader) -> None:
    outcome = reader.read("http://no-such-host.invalid/post")
    assert (outcome.status, outcome.kind) == ("dead", "dns")


def test_parked_domain_is_dead(reader: PageReader, server: LocalServer) -> None:
    server.route(r"/parked", Reply(200, (PAGES / "parked.html").read_bytes(), HTML))
    assert read(reader, server, "/parked").kind == "parked"


def run_stage(tmp_path: Path, server: LocalServer, works: list[Work], **options: Any) -> None:
    client = HttpClient(make_config(tmp_path, server, **options))
    try:
        run = Run(client.config, client, Progress(quiet=True))
        stage = PageResolver()
        stage.resolve(stage.plan(works, run), run)
    finally:
        client.close()


def test_declared_doi_is_cross_checked(tmp_path: Path, server: LocalServer) -> None:
    distill = (PAGES / "distill-augmented-rnns.html").read_bytes()
    liar = html_page("Ten tricks for LSTMs", '<meta name="citation_doi" content="10.1038/nature14539">'
                     '<meta name="citation_title" content="Ten tricks for LSTMs">')
    server.route(r"/distill/", Reply(200, distill, HTML))
    server.route(r"/liar", Reply(200, liar, HTML))
    own = Work(csl={"title": "Attention and Augmented Recurrent Neural Networks", "type": "post-weblog",
                    "URL": f"{server.url}/distill/"})
    other = Work(csl={"title": "Ten tricks for LSTMs", "type": "post-weblog", "URL": f"{server.url}/liar"})
    run_stage(tmp_path, server, [own, other])
    assert [str(i) for i in own.identifiers] == ["doi:10.23915/distill.00001"]
    assert own.status == "resolved" and own.provenance["author"] == "crossref"
    assert own.csl["type"] == "article-journal" and own.csl["container-title"] == "Distill"
    assert other.identifiers == [] and other.csl.get("DOI") is None
    assert [p.kind for p in other.problems] == ["conflict"] and "Deep learning" in other.problems[0].message


def test_dead_link_gets_the_closest_snapshot(tmp_path: Path, server: LocalServer) -> None:
    snapshot = "http://web.archive.org/web/20151009002233/http://old.example/post"
    server.route(r"/post", Reply(404, "gone", {"Content-Type": "text/html"}))
    server.route(r"/wayback/available", lambda rec, m: Reply.json(
        {"url": rec.param("url"), "archived_snapshots": {"closest": {
            "status": "200", "available": True, "url": snapshot, "timestamp": rec.param("timestamp")}}}))
    work = Work(csl={"title": "Old post", "type": "post-weblog", "URL": f"{server.url}/post"})
    run_stage(tmp_path, server, [work], list_date="2015-10-09")
    assert server.made("/wayback/")[0].param("timestamp") == "20151009"
    assert work.status == "not-found" and [p.kind for p in work.problems] == ["dead-link"]
    assert "HTTP 404" in work.problems[0].message and snapshot in work.problems[0].message
    assert (work.csl["archive"], work.csl["archive_location"]) == ("Internet Archive", snapshot)
    assert work.provenance["archive_location"] == "wayback"
    assert [(link.role, link.url) for link in work.links] == [("archive", snapshot)]


def test_list_title_stays_and_provenance_per_field(tmp_path: Path, server: LocalServer) -> None:
    server.route(r"/2017/05/30/exploring-lstms/", Reply(200, (PAGES / "jekyll-echen.html").read_bytes(), HTML))
    work = Work(csl={"title": "Exploring LSTMs (list spelling)", "type": "webpage",
                     "URL": f"{server.url}/2017/05/30/exploring-lstms/", "issued": {"date-parts": [[2017, 5]]}},
                provenance={"title": "list", "type": "list", "URL": "list", "issued": "list"})
    run_stage(tmp_path, server, [work])
    assert work.title == "Exploring LSTMs (list spelling)" and work.provenance["title"] == "list"
    assert work.csl["issued"] == {"date-parts": [[2017, 5, 30]]}  # refines the list's month
    assert (work.provenance["author"], work.provenance["container-title"]) == ("page:json-ld", "page:og")
    assert work.type == "post-weblog" and work.provenance["type"] == "page:json-ld"
    assert work.provenance["accessed"] == "page" and work.csl["accessed"]["date-parts"][0][0] >= 2026


def test_page_date_that_disagrees_with_the_list_is_not_used(tmp_path: Path, server: LocalServer) -> None:
    server.route(r"/p", Reply(200, html_page("P", '<meta property="article:published_time" content="2019-01-02">'),
                              HTML))
    work = Work(csl={"title": "P", "type": "webpage", "URL": f"{server.url}/p", "issued": {"date-parts": [[2016]]}})
    run_stage(tmp_path, server, [work])
    assert work.csl["issued"] == {"date-parts": [[2016]]}


def test_network_down_is_not_a_dead_link(tmp_path: Path, server: LocalServer) -> None:
    from test_faults import closed_port_url

    work = Work(csl={"title": "Post", "type": "post-weblog", "URL": "http://no-such-host.invalid/post"})
    run_stage(tmp_path, server, [work], wayback_url=closed_port_url())
    assert work.status == "failed" and [p.kind for p in work.problems] == ["unreachable"]
    assert "archive" not in work.csl


def test_pages_of_one_host_are_paced(tmp_path: Path, server: LocalServer) -> None:
    server.route(r"/p/\d", Reply(200, html_page("P"), HTML))
    client = HttpClient(make_config(tmp_path, server, page_delay=0.3))
    try:
        reader = PageReader(client, client.config)
        for n in range(3):
            assert reader.read(f"{server.url}/p/{n}").status == "ok"
    finally:
        client.close()
    times = [r.time for r in server.requests]
    assert [r.path for r in server.requests] == ["/robots.txt", "/p/0", "/p/1", "/p/2"]
    assert all(b - a >= 0.25 for a, b in itertools.pairwise(times))


def test_vimeo_and_youtube_by_oembed(tmp_path: Path, server: LocalServer) -> None:
    import json

    answers = json.loads((PAGES / "pages.json").read_text("utf-8"))["oembed"]
    server.route(r"/vimeo/api/oembed\.json", lambda rec, m: Reply.json(answers[rec.param("url")]))
    server.route(r"/youtube/oembed", Reply(404, "Not Found", {"Content-Type": "text/html"}))
    talk = Work(csl={"title": "", "type": "webpage", "URL": "https://vimeo.com/76979871"})
    gone = Work(csl={"title": "A removed video", "type": "webpage", "URL": "https://www.youtube.com/watch?v=gone"})
    run_stage(tmp_path, server, [talk, gone], youtube_url=f"{server.url}/youtube", vimeo_url=f"{server.url}/vimeo")
    assert talk.type == "motion_picture" and talk.title == answers["https://vimeo.com/76979871"]["title"]
    assert talk.csl["author"] == [{"literal": "Test Channel"}]
    assert talk.csl["issued"] == {"date-parts": [[2013, 10, 17]]}
    assert talk.provenance["author"] == "oembed" and talk.csl["accessed"]
    assert server.made("/youtube/oembed")[0].param("format") == "json"
    assert gone.status == "not-found" and [p.kind for p in gone.problems] == ["dead-link"]


def test_pages_go_through_the_proxy(tmp_path: Path, server: LocalServer, monkeypatch: pytest.MonkeyPatch) -> None:
    from pageproxy import PageAuthority, PageProxy, PageTable, page_env

    proxy = PageProxy(PageTable.load(), PageAuthority(tmp_path)).start()
    try:
        for name, value in page_env(proxy, server).items():
            monkeypatch.setenv(name, value)
        client = HttpClient(make_config(tmp_path, server))
        try:
            reader = PageReader(client, client.config)
            medium = reader.read("https://medium.com/@erikhallstrm/hello-world-rnn-83cd7105b767#.2vozogqf7")
            echen = reader.read("http://blog.echen.me/2017/05/30/exploring-lstms/")
        finally:
            client.close()
    finally:
        proxy.stop()
    assert medium.meta.value("author") == [{"given": "Erik", "family": "Hallström"}]
    assert echen.meta.value("author") == [{"given": "Edwin", "family": "Chen"}]
    assert set(proxy.tunnels) == {"medium.com"} and proxy.requests == [
        "https://medium.com/robots.txt", "https://medium.com/@erikhallstrm/hello-world-rnn-83cd7105b767",
        "http://blog.echen.me/robots.txt", "http://blog.echen.me/2017/05/30/exploring-lstms/"]
    assert server.requests == []  # the services server (NO_PROXY) saw none of it
