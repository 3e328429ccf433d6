"""The HTTP layer against a real local server: headers, retries, Retry-After, limits, cache, pacing, token."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import pytest
from httpserver import LocalServer, Reply

from rnnbib.errors import ServiceError
from rnnbib.online.config import ResolveConfig
from rnnbib.online.http import HttpClient, retry_after_seconds

OK = Reply(200, '{"ok": true}', {"Content-Type": "application/json"})


def make_client(server: LocalServer, tmp_path: Path, **options: object) -> HttpClient:
    settings: dict[str, object] = {
        "cache_dir": tmp_path / "cache",
        "backoff": 0.01,
        "github_url": f"{server.url}/gh",
    }
    settings.update(options)
    return HttpClient(ResolveConfig.from_options(env={}, **settings))


def gaps(server: LocalServer, prefix: str = "") -> list[float]:
    times = [r.time for r in server.made(prefix)]
    return [b - a for a, b in itertools.pairwise(times)]


def test_user_agent_and_mailto(local_server: LocalServer, tmp_path: Path) -> None:
    local_server.route("/a", OK)
    client = make_client(local_server, tmp_path, mailto="someone@example.org")
    client.get("crossref", f"{local_server.url}/a")
    agent = local_server.requests[0].header("User-Agent") or ""
    assert agent.startswith("rnnbib/")
    assert "(+https://github.com/rnnbib/rnnbib; mailto:someone@example.org)" in agent
    client.close()
    plain = make_client(local_server, tmp_path / "2")
    plain.get("crossref", f"{local_server.url}/a")
    assert "mailto" not in (local_server.requests[1].header("User-Agent") or "")
    plain.close()


def test_retry_after_is_honoured(local_server: LocalServer, tmp_path: Path) -> None:
    local_server.route("/busy", [Reply(429, "slow down", {"Retry-After": "1"}), OK])
    client = make_client(local_server, tmp_path)
    fetched = client.get("crossref", f"{local_server.url}/busy")
    assert fetched.status == 200
    assert len(local_server.requests) == 2
    assert gaps(local_server)[0] >= 1.0
    client.close()


def test_retry_after_is_capped(local_server: LocalServer, tmp_path: Path) -> None:
    local_server.route("/busy", [Reply(503, "", {"Retry-After": "3600"}), OK])
    client = make_client(local_server, tmp_path, retry_after_cap=0.2)
    started = time.monotonic()
    assert client.get("crossref", f"{local_server.url}/busy").status == 200
    assert time.monotonic() - started < 5
    client.close()


def test_retries_give_up_with_the_status_as_kind(local_server: LocalServer, tmp_path: Path) -> None:
    local_server.route("/down", Reply(503, "maintenance"))
    client = make_client(local_server, tmp_path, max_retries=2)
    with pytest.raises(ServiceError) as info:
        client.get("crossref", f"{local_server.url}/down")
    assert info.value.kind == "http-503"
    assert len(local_server.requests) == 3
    # exponential backoff: the second gap is about twice the first
    first, second = gaps(local_server)
    assert first >= 0.01 and second >= 0.02
    client.close()


def test_timeout(local_server: LocalServer, tmp_path: Path) -> None:
    local_server.route("/slow", Reply(200, "late", delay=1.5))
    client = make_client(local_server, tmp_path, timeout=(0.5, 0.3), max_retries=1)
    started = time.monotonic()
    with pytest.raises(ServiceError) as info:
        client.get("crossref", f"{local_server.url}/slow")
    assert info.value.kind == "timeout"
    assert len(local_server.requests) == 2
    assert time.monotonic() - started < 3
    client.close()


def test_response_size_cap(local_server: LocalServer, tmp_path: Path) -> None:
    local_server.route("/big", Reply(200, b"x" * 5000))
    client = make_client(local_server, tmp_path, max_bytes=1000)
    with pytest.raises(ServiceError) as info:
        client.get("crossref", f"{local_server.url}/big")
    assert info.value.kind == "too-large"
    client.close()


@pytest.mark.parametrize("location", ["file:///etc/passwd", "ftp://example.org/x"])
def test_redirect_to_another_scheme_is_refused(
    local_server: LocalServer, tmp_path: Path, location: str
) -> None:
    local_server.route("/jump", Reply(302, "", {"Location": location}))
    client = make_client(local_server, tmp_path)
    with pytest.raises(ServiceError) as info:
        client.get("crossref", f"{local_server.url}/jump")
    assert info.value.kind == "redirect"
    client.close()


def test_redirect_loop_is_bounded(local_server: LocalServer, tmp_path: Path) -> None:
    local_server.route("/loop", Reply(302, "", {"Location": "/loop"}))
    client = make_client(local_server, tmp_path, max_redirects=4)
    with pytest.raises(ServiceError) as info:
        client.get("crossref", f"{local_server.url}/loop")
    assert info.value.kind == "redirect"
    assert len(local_server.requests) == 5
    client.close()


def test_only_http_urls(local_server: LocalServer, tmp_path: Path) -> None:
    client = make_client(local_server, tmp_path)
    with pytest.raises(ServiceError) as info:
        client.get("crossref", "file:///etc/passwd")
    assert info.value.kind == "bad-url"
    client.close()


def test_cache_refresh_and_offline(local_server: LocalServer, tmp_path: Path) -> None:
    local_server.route("/doc", OK)
    local_server.route("/gone", Reply(404, "Resource not found.", {"Content-Type": "text/plain"}))
    url = f"{local_server.url}/doc"
    client = make_client(local_server, tmp_path)
    first = client.get("crossref", url)
    again = client.get("crossref", url)
    assert (first.from_cache, again.from_cache) == (False, True)
    assert again.content == first.content
    assert client.get("crossref", f"{local_server.url}/gone").status == 404
    assert client.get("crossref", f"{local_server.url}/gone").from_cache  # "not found" is an answer too
    assert len(local_server.requests) == 2
    client.close()

    refreshing = make_client(local_server, tmp_path, refresh=True)
    assert not refreshing.get("crossref", url).from_cache
    assert len(local_server.requests) == 3
    refreshing.close()

    offline = make_client(local_server, tmp_path, offline=True)
    assert offline.get("crossref", url).content == first.content
    with pytest.raises(ServiceError) as info:
        offline.get("crossref", f"{local_server.url}/never-fetched")
    assert info.value.kind == "offline"
    assert len(local_server.requests) == 3
    offline.close()


def test_offline_serves_expired_entries(local_server: LocalServer, tmp_path: Path) -> None:
    local_server.route("/doc", OK)
    client = make_client(local_server, tmp_path, expiry={"crossref": 1})
    client.get("crossref", f"{local_server.url}/doc")
    client.close()
    time.sleep(1.2)
    offline = make_client(local_server, tmp_path, offline=True, expiry={"crossref": 1})
    assert offline.get("crossref", f"{local_server.url}/doc").status == 200
    assert len(local_server.requests) == 1
    offline.close()


def test_pacing_per_service_and_cache_hits_do_not_wait(local_server: LocalServer, tmp_path: Path) -> None:
    local_server.route("/q/.*", OK)
    client = make_client(local_server, tmp_path, arxiv_delay=0.4)
    for i in range(3):
        client.get("arxiv", f"{local_server.url}/q/{i}")
    assert all(gap >= 0.4 for gap in gaps(local_server))
    started = time.monotonic()
    for i in range(3):
        assert client.get("arxiv", f"{local_server.url}/q/{i}").from_cache
    assert time.monotonic() - started < 0.4
    assert client.stats_network["arxiv"] == 3 and client.stats_cached["arxiv"] == 3
    client.close()


def test_crossref_rate_limit_headers_slow_down(local_server: LocalServer, tmp_path: Path) -> None:
    local_server.route("/w", Reply(200, "{}", {"X-Rate-Limit-Limit": "2", "X-Rate-Limit-Interval": "1s"}))
    client = make_client(local_server, tmp_path)
    client.get("crossref", f"{local_server.url}/w")
    assert client.pacer("crossref").interval == pytest.approx(0.5)
    client.close()


def test_github_limit_exhausted_stops_requests(local_server: LocalServer, tmp_path: Path) -> None:
    local_server.route("/gh/.*", Reply(200, "{}", {"X-RateLimit-Remaining": "0"}))
    client = make_client(local_server, tmp_path)
    client.get("github", f"{local_server.url}/gh/repos/a/b")
    with pytest.raises(ServiceError) as info:
        client.get("github", f"{local_server.url}/gh/repos/c/d")
    assert info.value.kind == "rate-limited"
    assert len(local_server.requests) == 1
    client.close()


def test_github_token_sent_to_github_only_and_never_cached(local_server: LocalServer, tmp_path: Path) -> None:
    token = "ghp_SECRETTOKEN1234567890"
    local_server.route("/gh/old", Reply(301, "{}", {"Location": "/gh/new"}))
    local_server.route("/gh/new", OK)
    local_server.route("/other", OK)
    client = make_client(local_server, tmp_path, github_token=token)
    client.get("github", f"{local_server.url}/gh/old")
    client.get("crossref", f"{local_server.url}/other")
    client.close()
    sent = {r.path: r.header("Authorization") for r in local_server.requests}
    assert sent == {"/gh/old": f"Bearer {token}", "/gh/new": f"Bearer {token}", "/other": None}
    database = (tmp_path / "cache" / "http-cache.sqlite").read_bytes()
    assert b"/gh/new" in database  # the answer was cached...
    assert token.encode() not in database  # ...but never the token
    assert b"SECRETTOKEN" not in database


def test_retry_after_parsing() -> None:
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds(None) is None
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
