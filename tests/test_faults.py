"""Network faults against the local server, through the real client code, at the API level.

Each fault is played by one service while the others answer normally.  Every case checks that
the run ends in bounded time, that every work is still there with exactly its list data, that
the failure is reported on the works the service was asked about (status ``failed`` and the
expected Problem kind), that the other services' works still resolved, and that no output
format carries anything from the local filesystem.
"""

from __future__ import annotations

import contextlib
import gzip
import itertools
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from httpserver import Reply, Services

import rnnbib
from rnnbib import Bibliography, Work
from rnnbib.writers import WRITERS

LIST = Path(__file__).resolve().parent / "data" / "http" / "faults" / "list.md"
ROUTES = {
    "arxiv": r"/arxiv/api/query",
    "ra": r"/doi/ra/(?P<prefix>.+)",
    "crossref": r"/crossref/works/(?P<doi>10\..+)",
    "datacite": r"/datacite/dois/(?P<doi>10\..+)",
    "github": r"/github/repos/(?P<owner>[^/]+)/(?P<repo>[^/]+)",
}
# The works of LIST each service is asked about (by list title).
ASKED = {
    "arxiv": {"LSTM: A Search Space Odyssey", "On the difficulty of training Recurrent Neural Networks"},
    "crossref": {"Deep learning"},
    "datacite": {"A dataset on Zenodo"},
    "ra": {"Deep learning", "A dataset on Zenodo"},
    "github": {"Stack RNN", "char-rnn"},
}
PREFIX = {"arxiv": "arxiv: ", "github": "github: "}  # the DOI services all report as "doi: "
FAST = {"timeout": (0.5, 0.5), "max_time": 2.0, "max_retries": 1, "backoff": 0.05, "retry_after_cap": 1.5}
ATOM = {"Content-Type": "application/atom+xml; charset=UTF-8"}
JSON = {"Content-Type": "application/json; charset=utf-8"}
HTML = {"Content-Type": "text/html; charset=utf-8"}
MAINTENANCE = ("<!DOCTYPE html>\n<html><head><title>Down for maintenance</title></head>\n"
               "<body><h1>We&rsquo;ll be back soon</h1><p>Scheduled maintenance.</p></body></html>\n")
FEED_START = '<feed xmlns="http://www.w3.org/2005/Atom">'
ENTRY = ("<entry><id>http://arxiv.org/abs/1503.04069v1</id><title>{title}</title>"
         "<author><name>{title}</name></author><summary>{title}</summary></entry>")


@dataclass
class Secret:
    """A local file whose content must never reach any output."""

    path: Path
    marker: str

    def leaks(self, text: str) -> list[str]:
        """The pieces of local data found in ``text``."""
        found = [self.marker] if self.marker in text else []
        passwd = Path("/etc/passwd")
        if passwd.is_file():
            first = passwd.read_text("utf-8", "replace").splitlines()[:1]
            found += [line for line in first if line and line in text]
        return found


@pytest.fixture
def secret(tmp_path: Path) -> Secret:
    marker = f"RNNBIB-SECRET-{uuid.uuid4().hex}"
    path = tmp_path / "secret.txt"
    path.write_text(f"{marker}\n", encoding="utf-8")
    return Secret(path, marker)


def bomb() -> str:
    lines = ['<!ENTITY lol0 "lol">']
    lines += [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
    return f'<?xml version="1.0"?>\n<!DOCTYPE feed [\n{chr(10).join(lines)}\n]>\n' \
        f"{FEED_START}{ENTRY.format(title='&lol9;')}</feed>"


def xxe(secret: Secret, target: str | None = None) -> str:
    url = target or secret.path.as_uri()
    return f'<?xml version="1.0"?>\n<!DOCTYPE feed [<!ENTITY xxe SYSTEM "{url}">]>\n' \
        f"{FEED_START}{ENTRY.format(title='&xxe;')}</feed>"


def xxe_parameter(secret: Secret) -> str:
    url = secret.path.as_uri()
    return f'<?xml version="1.0"?>\n<!DOCTYPE feed [<!ENTITY % ext SYSTEM "{url}"> %ext;]>\n' \
        f"{FEED_START}{ENTRY.format(title='x')}</feed>"


def external_dtd(secret: Secret) -> str:
    return f'<?xml version="1.0"?>\n<!DOCTYPE feed SYSTEM "{secret.path.as_uri()}">\n' \
        f"{FEED_START}{ENTRY.format(title='x')}</feed>"


VALID_FEED = f'<?xml version="1.0"?>\n{FEED_START}{ENTRY.format(title="A title")}</feed>'


@dataclass
class Fault:
    """One service misbehaving one way, and how the run must report it."""

    service: str
    reply: Callable[[Secret], Reply | list[Reply]]
    kind: str
    options: dict[str, Any] = field(default_factory=dict)
    least_time: float = 0.0
    """The run must take at least this long (a Retry-After that is honoured)."""


FAULTS: dict[str, Fault] = {
    "reset": Fault("arxiv", lambda s: Reply(fault="reset"), "connection"),
    "slow-server": Fault("crossref", lambda s: Reply(200, "{}", JSON, delay=1.5), "timeout"),
    "trickling-body": Fault("github", lambda s: Reply(200, "{}" + " " * 400, JSON, 0.1, fault="trickle"),
                            "timeout", {"max_time": 0.8}),
    "429-retry-after": Fault("crossref", lambda s: Reply(429, "slow down", {"Retry-After": "1"}), "http-429",
                             least_time=1.0),
    "429-no-retry-after": Fault("datacite", lambda s: Reply(429, "slow down"), "http-429"),
    "500": Fault("arxiv", lambda s: Reply(500, "Internal Server Error"), "http-500"),
    "502": Fault("crossref", lambda s: Reply(502, "<html>Bad Gateway</html>", HTML),
                 "http-502"),
    "503": Fault("datacite", lambda s: Reply(503, MAINTENANCE, HTML), "http-503"),
    "504": Fault("github", lambda s: Reply(504, "Gateway Time-out"), "http-504"),
    "truncated-content-length": Fault("arxiv", lambda s: Reply(200, VALID_FEED, ATOM, fault="truncate"),
                                      "truncated"),
    "truncated-chunked": Fault("crossref", lambda s: Reply(200, '{"message": {"title": ["x' + "y" * 9000,
                                                           JSON, fault="cut"), "truncated"),
    "binary-atom": Fault("arxiv", lambda s: Reply(200, bytes(range(256)) * 8, ATOM), "malformed"),
    "binary-json": Fault("crossref", lambda s: Reply(200, bytes(range(256)) * 8, JSON), "malformed"),
    "text-as-json": Fault("github", lambda s: Reply(200, "neither XML nor JSON", JSON), "malformed"),
    "deeply-nested-json": Fault("datacite", lambda s: Reply(200, "[" * 200_000 + "]" * 200_000, JSON),
                                "malformed"),
    "bad-gzip": Fault("github", lambda s: Reply(200, b"not gzip at all" * 10,
                                                {**JSON, "Content-Encoding": "gzip"}), "malformed"),
    "maintenance-200-arxiv": Fault("arxiv", lambda s: Reply(200, MAINTENANCE, HTML),
                                   "malformed"),
    "maintenance-200-crossref": Fault("crossref", lambda s: Reply(200, MAINTENANCE, HTML), "malformed"),
    "maintenance-200-ra": Fault("ra", lambda s: Reply(200, MAINTENANCE, HTML),
                                "malformed"),
    "xml-bomb": Fault("arxiv", lambda s: Reply(200, bomb(), ATOM), "malformed"),
    "xxe-local-file": Fault("arxiv", lambda s: Reply(200, xxe(s), ATOM), "malformed"),
    "xxe-etc-passwd": Fault("arxiv", lambda s: Reply(200, xxe(s, "file:///etc/passwd"), ATOM), "malformed"),
    "xxe-parameter-entity": Fault("arxiv", lambda s: Reply(200, xxe_parameter(s), ATOM), "malformed"),
    "xxe-external-dtd": Fault("arxiv", lambda s: Reply(200, external_dtd(s), ATOM), "malformed"),
    "oversize-declared": Fault("crossref", lambda s: Reply(200, "{" + " " * 30_000 + "}", JSON), "too-large",
                               {"max_bytes": 20_000}),
    "oversize-chunked": Fault("github", lambda s: Reply(200, "{" + " " * 30_000 + "}", JSON, fault="chunked"),
                              "too-large", {"max_bytes": 20_000}),
    "oversize-gzip-bomb": Fault("datacite", lambda s: Reply(200, gzip.compress(b" " * 5_000_000),
                                                            {**JSON, "Content-Encoding": "gzip"}),
                                "too-large", {"max_bytes": 20_000}),
    "redirect-loop": Fault("crossref", lambda s: Reply(302, "", {"Location": "/crossref/works/10.1038/loop"}),
                           "redirect"),
    "redirect-file": Fault("github", lambda s: Reply(302, "", {"Location": s.path.as_uri()}), "redirect"),
    "redirect-etc-passwd": Fault("arxiv", lambda s: Reply(301, "", {"Location": "file:///etc/passwd"}),
                                 "redirect"),
    "redirect-ftp": Fault("datacite", lambda s: Reply(302, "", {"Location": "ftp://127.0.0.1/secret"}),
                          "redirect"),
    "redirect-gopher": Fault("crossref", lambda s: Reply(307, "", {"Location": "gopher://127.0.0.1:70/1"}),
                             "redirect"),
}


def listed(work: Work) -> str:
    """The title as the list wrote it (resolution may replace ``title``)."""
    return work.list_title or work.title


def offline_copy() -> dict[str, Work]:
    return {listed(w): w for w in rnnbib.read(LIST).works}


def list_data(work: Work) -> tuple[Any, ...]:
    return work.csl, work.identifiers, work.links, work.sections, work.sources


def outputs(bib: Bibliography) -> dict[str, str]:
    """Every output format and the report, as text."""
    import json

    texts = {fmt: bib.to_string(fmt) for fmt in WRITERS}
    texts["report"] = json.dumps(bib.report(), ensure_ascii=False)
    return texts


def check_outputs_clean(bib: Bibliography, secret: Secret) -> None:
    for fmt, text in outputs(bib).items():
        assert not secret.leaks(text), f"local data in the {fmt} output"


@pytest.fixture
def resolve_options(resolve_options: dict[str, Any]) -> dict[str, Any]:
    """The shared options, citing preprints: the list's LSTM preprint names its published DOI, and these
    tests count the requests each service gets (published versions are tested in test_canonical.py)."""
    return {**resolve_options, "keep_preprints": True}


def run_with_fault(services: Services, options: dict[str, Any], fault: Fault, secret: Secret,
                   ) -> tuple[Bibliography, float]:
    reply = fault.reply(secret)
    services.server.route(ROUTES[fault.service], reply)
    bib = rnnbib.read(LIST)
    started = time.monotonic()
    rnnbib.resolve(bib, **{**options, **FAST, **fault.options})
    return bib, time.monotonic() - started


@pytest.mark.parametrize("name", list(FAULTS))
def test_fault(name: str, services: Services, resolve_options: dict[str, Any], secret: Secret) -> None:
    fault = FAULTS[name]
    bib, elapsed = run_with_fault(services, resolve_options, fault, secret)
    assert fault.least_time <= elapsed < 10
    before = offline_copy()
    assert [listed(w) for w in bib.works] == list(before)  # every work, in order
    asked = ASKED[fault.service]
    for work in bib.works:
        if listed(work) in asked:
            assert work.status == "failed", work.title
            assert list_data(work) == list_data(before[work.title])  # exactly its list data
            assert [p.kind for p in work.problems] == [fault.kind], work.problems
            assert work.problems[0].message.startswith(PREFIX.get(fault.service, "doi: "))
        else:
            assert work.status == "resolved", (work.title, work.problems)
    check_outputs_clean(bib, secret)
    rows = {listed(w): row for w, row in zip(bib.works, bib.report()["works"], strict=True)}
    assert all(row["key"] == w.key for w, row in zip(bib.works, rows.values(), strict=True))
    assert {t for t, row in rows.items() if row["status"] == "failed"} == asked
    assert all(row["problems"][0]["kind"] == fault.kind for row in rows.values() if row["status"] == "failed")


def test_the_secret_file_is_readable(secret: Secret) -> None:
    """The XXE and file: redirect cases are meaningful: the file they point at exists and is readable."""
    assert secret.path.read_text("utf-8").strip() == secret.marker
    assert secret.leaks(f"...{secret.marker}...") == [secret.marker]


@pytest.mark.parametrize("name", ["maintenance-200-arxiv", "maintenance-200-crossref", "binary-json"])
def test_an_unusable_200_answer_is_not_cached(
    name: str, services: Services, resolve_options: dict[str, Any], secret: Secret
) -> None:
    fault = FAULTS[name]
    bib, _ = run_with_fault(services, resolve_options, fault, secret)
    assert {w.status for w in bib.works if listed(w) in ASKED[fault.service]} == {"failed"}
    # The service is back: the same cache must not answer with the maintenance page.
    from httpserver import install_services

    install_services(services.server)
    services.server.clear()
    again = rnnbib.read(LIST)
    rnnbib.resolve(again, **resolve_options)
    assert {w.status for w in again.works} == {"resolved"}
    prefix = {"arxiv": "/arxiv/", "crossref": "/crossref/"}[fault.service]
    assert len(services.server.made(prefix)) == 1  # asked again; everything else came from the cache
    # (once arXiv answers, its preprints join the published-version check: a new S2 batch, and DBLP)
    assert len([r for r in services.server.requests if not r.path.startswith(("/s2/", "/dblp/"))]) == 1


def test_a_retry_after_beyond_the_cap_waits_only_the_cap(
    services: Services, resolve_options: dict[str, Any], secret: Secret
) -> None:
    fault = Fault("arxiv", lambda s: Reply(503, "later", {"Retry-After": "86400"}), "http-503",
                  {"retry_after_cap": 0.3, "max_retries": 2})
    bib, elapsed = run_with_fault(services, resolve_options, fault, secret)
    assert 0.6 <= elapsed < 5
    assert len(services.server.made("/arxiv/")) == 3
    assert {w.problems[0].kind for w in bib.works if listed(w) in ASKED["arxiv"]} == {"http-503"}


def test_a_transient_fault_is_retried_and_then_resolves(
    services: Services, resolve_options: dict[str, Any], secret: Secret
) -> None:
    from httpserver import CrossrefFake

    good = CrossrefFake()
    replies = iter([Reply(fault="reset"), Reply(503, "busy"), Reply(200, VALID_FEED, JSON, fault="truncate")])

    def flaky(rec: Any, match: Any) -> Reply:
        return next(replies, None) or good(rec, match)

    services.server.route(ROUTES["crossref"], flaky)
    bib = rnnbib.read(LIST)
    rnnbib.resolve(bib, **{**resolve_options, **FAST, "max_retries": 3})
    assert {w.status for w in bib.works} == {"resolved"}
    assert len(services.server.made("/crossref/")) == 4


# -- the circuit breaker --------------------------------------------------------------------------------


def software_list(tmp_path: Path, repos: list[str]) -> Path:
    text = "# Code\n\n" + "".join(f"**{r}**\n\n- github: [https://github.com/{r}](https://github.com/{r})\n\n"
                                   for r in repos)
    path = tmp_path / "software.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_failing_service_is_given_up_after_the_threshold(
    services: Services, resolve_options: dict[str, Any], tmp_path: Path
) -> None:
    repos = [f"owner{n}/repo{n}" for n in range(8)]
    services.server.route(ROUTES["github"], Reply(503, "down"))
    bib = rnnbib.read(software_list(tmp_path, repos))
    rnnbib.resolve(bib, **{**resolve_options, **FAST, "breaker_threshold": 3})
    assert len(bib.works) == 8 and {w.status for w in bib.works} == {"failed"}
    kinds = [w.problems[0].kind for w in bib.works]
    assert kinds == ["http-503"] * 3 + ["unreachable"] * 5
    assert len(services.server.made("/github/")) == 3 * 2  # three lookups, each tried twice
    [warning] = [p for p in bib.problems if p.kind == "warning"]
    assert "GitHub" in warning.message and "unreachable" in warning.message
    assert "GitHub" in bib.report()["problems"][0]["message"]


def test_a_success_resets_the_count(
    services: Services, resolve_options: dict[str, Any], tmp_path: Path
) -> None:
    repos = ["a/one", "a/two", "facebook/Stack-RNN", "a/three", "a/four"]
    from httpserver import GitHubFake

    fake = GitHubFake(f"{services.server.url}/github")

    def some_down(rec: Any, match: Any) -> Reply:
        return fake.repo(rec, match) if match["owner"] == "facebook" else Reply(502, "bad gateway")

    services.server.route(ROUTES["github"], some_down)
    bib = rnnbib.read(software_list(tmp_path, repos))
    rnnbib.resolve(bib, **{**resolve_options, **FAST, "breaker_threshold": 3})
    assert [w.status for w in bib.works] == ["failed", "failed", "resolved", "failed", "failed"]
    assert not [p for p in bib.problems if p.kind == "warning"]


def test_a_service_given_up_still_answers_from_the_cache(
    services: Services, resolve_options: dict[str, Any], tmp_path: Path
) -> None:
    options = {**resolve_options, **FAST, "breaker_threshold": 1, "expiry": {"github": 1}}
    first = rnnbib.read(software_list(tmp_path, ["facebook/Stack-RNN"]))
    rnnbib.resolve(first, **options)
    assert first.works[0].status == "resolved"
    time.sleep(1.1)  # the cached answer is now stale, so only a cache-only lookup will use it
    services.server.route(r"/github/repos/nobody/gone", Reply(fault="reset"))
    services.server.clear()
    second = rnnbib.read(software_list(tmp_path, ["nobody/gone", "facebook/Stack-RNN"]))
    rnnbib.resolve(second, **options)
    gone, stack = second.works
    assert (gone.status, gone.problems[0].kind) == ("failed", "connection")
    assert stack.status == "resolved" and stack.title == "Stack-RNN"
    assert [r.path for r in services.server.requests] == ["/github/repos/nobody/gone"] * 2


# -- the network is down ----------------------------------------------------------------------------------


def closed_port_url() -> str:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def urls(base: str) -> dict[str, Any]:
    return {"arxiv_url": f"{base}/arxiv/api/query", "crossref_url": f"{base}/crossref",
            "datacite_url": f"{base}/datacite", "doi_url": f"{base}/doi", "github_url": f"{base}/github",
            "pages": False}


SEED = Path(__file__).resolve().parents[1] / "examples" / "rnn-and-lstm.md"


def check_network_down(bib: Bibliography, elapsed: float) -> None:
    before = {w.key: w for w in rnnbib.read(SEED).works}
    assert [w.key for w in bib.works] == list(before)
    looked_up = [w for w in bib.works if w.status != "offline"]
    assert len(looked_up) >= 70  # the arXiv papers, the DOI and the software repositories
    for work in looked_up:
        assert work.status == "failed"
        assert [p.kind for p in work.problems] == ["unreachable"]
        assert list_data(work) == list_data(before[work.key])
    assert [p for p in bib.problems if p.kind == "warning"]
    assert elapsed < 8


def test_network_down_fails_fast(tmp_path: Path) -> None:
    """Every service refuses connections: the seed resolves in seconds, with the default retry policy."""
    bib = rnnbib.read(SEED)
    started = time.monotonic()
    rnnbib.resolve(bib, **urls(closed_port_url()), cache_dir=tmp_path / "cache", quiet=True)
    check_network_down(bib, time.monotonic() - started)


def test_unknown_host_fails_fast(tmp_path: Path) -> None:
    import socket

    started = time.monotonic()
    with contextlib.suppress(OSError):
        socket.getaddrinfo("rnnbib-test.invalid", 80)
    if time.monotonic() - started > 1:
        pytest.skip("this machine's resolver is slow to refuse names")
    bib = rnnbib.read(SEED)
    started = time.monotonic()
    rnnbib.resolve(bib, **urls("http://rnnbib-test.invalid"), cache_dir=tmp_path / "cache", quiet=True)
    check_network_down(bib, time.monotonic() - started)
    assert all("host name not resolved" in w.problems[0].message for w in bib.works if w.problems)


def yaml_bomb(levels: int = 6) -> str:
    """A CITATION.cff whose aliases expand to 9**levels strings (a YAML "billion laughs")."""
    names = [chr(ord("a") + n) for n in range(levels + 1)]
    lines = [f'{names[0]}: &{names[0]} ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]" for prev, name in itertools.pairwise(names)]
    lines += ["cff-version: 1.2.0", f"title: *{names[-1]}", f"abstract: *{names[-1]}"]
    return "\n".join(lines) + "\n"


def test_a_yaml_bomb_in_citation_cff_is_ignored(services: Services, resolve_options: dict[str, Any]) -> None:
    import base64

    import yaml

    bomb_text = yaml_bomb()
    assert len(str(yaml.safe_load(bomb_text)["title"])) > 3_000_000  # what a naive reader would build
    content = base64.encodebytes(bomb_text.encode()).decode("ascii")
    services.server.route(r"/github/repos/facebook/Stack-RNN/contents/CITATION\.cff",
                          Reply.json({"type": "file", "encoding": "base64", "content": content}))
    bib = resolved_list(resolve_options, citation_cff=True)
    stack = next(w for w in bib.works if listed(w) == "Stack RNN")
    assert stack.status == "resolved"
    assert stack.title == "Stack-RNN"  # from the repository, not from the bomb
    assert len(stack.csl.get("abstract", "")) < 1000
    assert services.server.made("/github/repos/facebook/Stack-RNN/contents/")


def resolved_list(options: dict[str, Any], **extra: Any) -> Bibliography:
    bib = rnnbib.read(LIST)
    rnnbib.resolve(bib, **{**options, **extra})
    return bib
