"""A real HTTP server on 127.0.0.1 for resolution tests, and fakes of the services behind it.

:class:`LocalServer` is a standard-library ``ThreadingHTTPServer`` in a thread.  It records every
request (method, path, query, headers, body, arrival time) and answers from routes: a path
regex mapped to a :class:`Reply`, a list of replies (served in turn, the last one repeating) or
a function of the :class:`Recorded` request.  Replies can carry any status, headers
(``Retry-After``...), a delay and a transport fault (:data:`FAULTS`: reset, truncated or
chunked body, a body trickled out slowly).

:func:`install_services` mounts fakes of arXiv, Crossref, DataCite, doi.org, GitHub, Semantic
Scholar and DBLP under ``/arxiv/api/query``, ``/crossref``, ``/datacite``, ``/doi``, ``/github``,
``/s2`` and ``/dblp`` (:mod:`scholarfakes`), answering from the fixtures in ``tests/data/http/``
in the services' own formats.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qs, quote, unquote, urlsplit

from rnnbib.online.config import resolve_env_vars

_S = TypeVar("_S", bound="ServingThread")

DATA = Path(__file__).resolve().parent / "data" / "http"
# Environment variables that steer resolution: cleared around tests that set their own.
RESOLVE_ENV = resolve_env_vars()


@dataclass
class Recorded:
    """One request as the server saw it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    time: float

    @property
    def form(self) -> dict[str, list[str]]:
        """The body parsed as a form (POST)."""
        return parse_qs(self.body.decode("utf-8", "replace"), keep_blank_values=True)

    def param(self, name: str) -> str | None:
        """A query or form parameter (first value)."""
        values = self.query.get(name) or self.form.get(name)
        return values[0] if values else None

    def header(self, name: str) -> str | None:
        """A request header, case-insensitive."""
        for key, value in self.headers.items():
            if key.lower() == name.lower():
                return value
        return None


# Transport faults a Reply can play (the status and headers are those of the Reply):
#   reset     close the connection with a TCP RST before sending anything
#   truncate  declare Content-Length as twice the body, send the body, close the connection
#   chunked   send the body with Transfer-Encoding: chunked (no Content-Length)
#   cut       chunked, but close the connection after the first half of the body
#   trickle   send the body in 16-byte pieces, ``delay`` seconds apart (no delay before the headers)
FAULTS = ("", "reset", "truncate", "chunked", "cut", "trickle")


@dataclass
class Reply:
    """What the server answers."""

    status: int = 200
    body: bytes | str = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    fault: str = ""

    def __post_init__(self) -> None:
        if self.fault not in FAULTS:
            raise ValueError(f"unknown fault {self.fault!r}")

    @classmethod
    def json(cls, data: Any, status: int = 200, **headers: str) -> Reply:
        """A JSON reply."""
        return cls(status, json.dumps(data), {"Content-Type": "application/json; charset=utf-8", **headers})


Responder = Callable[[Recorded, re.Match[str]], Reply]
RouteTarget = Reply | list[Reply] | Responder


class ServingThread:
    """A ``ThreadingHTTPServer`` on a free 127.0.0.1 port, served from a daemon thread."""

    httpd: ThreadingHTTPServer

    def _serve(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def start(self: _S) -> _S:
        """Start serving in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self.httpd.shutdown()
        self.httpd.server_close()


class LocalServer(ServingThread):
    """A threaded HTTP server on 127.0.0.1 with recorded requests and programmable routes."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self._routes: list[tuple[str, re.Pattern[str], Any]] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                query = parse_qs(parts.query, keep_blank_values=True)
                rec = Recorded(self.command, unquote(parts.path), query, dict(self.headers.items()), body,
                               time.monotonic())
                with server._lock:
                    server.requests.append(rec)
                reply = server._dispatch(rec)
                if reply.delay and reply.fault != "trickle":
                    time.sleep(reply.delay)
                data = reply.body.encode("utf-8") if isinstance(reply.body, str) else reply.body
                try:
                    if reply.fault == "reset":
                        self._reset()
                        return
                    self.send_response(reply.status)
                    for key, value in reply.headers.items():
                        self.send_header(key, value)
                    self._send_body(reply, data)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True

            def _reset(self) -> None:
                self.close_connection = True
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()

            def _send_body(self, reply: Reply, data: bytes) -> None:
                chunked = reply.fault in ("chunked", "cut")
                if chunked:
                    self.send_header("Transfer-Encoding", "chunked")
                elif "Content-Length" not in reply.headers:
                    declared = 2 * len(data) if reply.fault == "truncate" else len(data)
                    self.send_header("Content-Length", str(declared))
                self.end_headers()
                if self.command == "HEAD":
                    return
                if reply.fault == "cut":
                    data = data[: len(data) // 2]
                if chunked:
                    for start in range(0, len(data), 4096):
                        piece = data[start:start + 4096]
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                    if reply.fault == "chunked":
                        self.wfile.write(b"0\r\n\r\n")
                elif reply.fault == "trickle":
                    for start in range(0, len(data), 16):
                        self.wfile.write(data[start:start + 16])
                        self.wfile.flush()
                        time.sleep(reply.delay)
                else:
                    self.wfile.write(data)
                if reply.fault in ("truncate", "cut"):
                    self.wfile.flush()
                    self.close_connection = True

            do_GET = do_POST = do_HEAD = _handle

        self._serve(Handler)

    def route(self, pattern: str, target: RouteTarget, method: str = "*") -> None:
        """Answer paths matching ``pattern`` (a full-match regex); later routes win."""
        if isinstance(target, list):
            target = _Sequence(target)
        self._routes.insert(0, (method, re.compile(pattern), target))

    def _dispatch(self, rec: Recorded) -> Reply:
        for method, pattern, target in list(self._routes):
            match = pattern.fullmatch(rec.path)
            if match and method in ("*", rec.method):
                return target if isinstance(target, Reply) else target(rec, match)
        return Reply(404, "no route", {"Content-Type": "text/plain"})

    def made(self, prefix: str = "", method: str | None = None) -> list[Recorded]:
        """Recorded requests whose path starts with ``prefix``."""
        with self._lock:
            return [r for r in self.requests if r.path.startswith(prefix) and method in (None, r.method)]

    def clear(self) -> None:
        """Forget the recorded requests."""
        with self._lock:
            self.requests.clear()


class _Sequence:
    """Replies served in turn; the last one repeats."""

    def __init__(self, replies: list[Reply]) -> None:
        self.replies = list(replies)
        self.lock = threading.Lock()

    def __call__(self, rec: Recorded, match: re.Match[str]) -> Reply:
        with self.lock:
            return self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]


# -- arXiv ------------------------------------------------------------------------------

ARXIV_ID = re.compile(r"(\d{4}\.\d{4,5}|[a-z][a-z-]*(\.[A-Z]{2})?/\d{7})(v\d+)?")

FEED_2026 = """<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" \
xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/api/fake</id>
  <title>arXiv Query: search_query=&amp;id_list={ids}&amp;start={start}&amp;max_results={max}</title>
  <updated>2026-05-01T00:00:00Z</updated>
  <opensearch:itemsPerPage>{max}</opensearch:itemsPerPage>
  <opensearch:totalResults>{total}</opensearch:totalResults>
  <opensearch:startIndex>{start}</opensearch:startIndex>
{entries}</feed>
"""

FEED_CLASSIC = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?id_list%3D{ids}" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: search_query=&amp;id_list={ids}&amp;start={start}&amp;max_results={max}\
</title>
  <id>http://arxiv.org/api/fake</id>
  <updated>2019-01-04T00:00:00-05:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{total}</opensearch:totalResults>
  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{start}</opensearch:startIndex>
  <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{max}</opensearch:itemsPerPage>
{entries}</feed>
"""

ERROR_ENTRY = """  <entry>
    <id>https://arxiv.org/api/errors#incorrect_id_format_for_{id}</id>
    <title>Error</title>
    <updated>2026-05-01T00:00:00Z</updated>
    <summary>incorrect id format for {id}</summary>
    <author>
      <name>arXiv api core</name>
    </author>
  </entry>
"""

# an arXiv Atom <entry> (2026 format); the synthetic papers are titled "Synthetic paper <id>"
ATOM_ENTRY = """  <entry>
    <id>http://arxiv.org/abs/{id}{version}</id>
    <title>{title}</title>
    <updated>{year}-{month}-02T10:00:00Z</updated>
    <link href="https://arxiv.org/abs/{id}{version}" rel="alternate" type="text/html"/>
    <summary>Abstract of {id}.</summary>
    <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
    <published>{year}-{month}-01T09:00:00Z</published>
    <arxiv:primary_category term="cs.LG"/>
{authors}  </entry>
"""

# Synthetic entries get two authors picked by the id, so a resolved list looks like a real one
# (varied names, diacritics, particles) instead of one author with hundreds of papers a year.
SYNTHETIC_NAMES = (
    "Ada Lovelace", "Alan M. Turing", "Grace Hopper", "Łukasz Kaiser", "Jürgen Schmidhuber",
    "Vincent van Gogh", "Søren Kierkegaard", "François Chollet", "Yoshua Bengio", "Geoffrey E. Hinton",
    "Ilya Sutskever", "Oriol Vinyals", "Quoc V. Le", "Alex Graves", "Razvan Pascanu", "Tomáš Mikolov",
    "Kyunghyun Cho", "Dzmitry Bahdanau", "Sepp Hochreiter", "Wojciech Zaremba", "Andrej Karpathy",
    "Li Fei-Fei", "Ludwig von Mises", "Çağlar Gülçehre", "José M. F. Moura", "Marie Curie",
    "Emmy Noether", "Katherine Johnson", "Rosalind Franklin", "Hedy Lamarr", "Niels Bohr",
)


def synthetic_authors(arxiv_id: str) -> str:
    """Two ``<author>`` elements chosen deterministically from the id."""
    digest = hashlib.sha256(arxiv_id.encode()).digest()
    first, second = digest[0] % len(SYNTHETIC_NAMES), digest[1] % len(SYNTHETIC_NAMES)
    if second == first:
        second = (first + 1) % len(SYNTHETIC_NAMES)
    return "".join(f"    <author>\n      <name>{SYNTHETIC_NAMES[i]}</name>\n    </author>\n"
                   for i in (first, second))


class ArxivFake:
    """The arXiv query API: ``id_list`` by GET or POST, ``max_results`` (default 10!), 400 on bad ids.

    Entries come from ``tests/data/http/arxiv/*.xml`` (one ``<entry>`` per file, named by id with
    ``/`` as ``_``; ``*.classic.xml`` in the classic format, ``*.2026.xml`` in the 2026 one); other
    well-formed ids get a synthetic entry unless listed in ``missing``.
    """

    def __init__(self, missing: Iterable[str] = (), synthetic: bool = True, style: str = "auto") -> None:
        self.missing = set(missing)
        self.synthetic = synthetic
        self.style = style
        self.entries: dict[str, tuple[str, str]] = {}
        for path in sorted((DATA / "arxiv").glob("*.xml")):
            ident, fmt = path.name.rsplit(".", 2)[0], path.name.rsplit(".", 2)[1]
            self.entries[ident.replace("_", "/")] = (fmt, path.read_text("utf-8"))

    def __call__(self, rec: Recorded, match: re.Match[str]) -> Reply:
        ids = [i.strip() for i in (rec.param("id_list") or "").split(",") if i.strip()]
        start = int(rec.param("start") or 0)
        max_results = int(rec.param("max_results") or 10)
        bad = [i for i in ids if not ARXIV_ID.fullmatch(i)]
        if bad:
            body = FEED_2026.format(ids="", start=0, max=1, total=1, entries=ERROR_ENTRY.format(id=bad[0]))
            return Reply(400, body, {"Content-Type": "application/atom+xml; charset=UTF-8"})
        found = [entry for entry in (self._entry(i) for i in ids) if entry is not None]
        page = found[start:start + max_results]
        classic = self.style == "classic" or (self.style == "auto" and page and
                                               all(fmt == "classic" for fmt, _ in page))
        template = FEED_CLASSIC if classic else FEED_2026
        body = template.format(ids=",".join(ids[:3]), start=start, max=max_results, total=len(found),
                               entries="".join(text for _, text in page))
        return Reply(200, body, {"Content-Type": "application/atom+xml; charset=UTF-8"})

    def _entry(self, ident: str) -> tuple[str, str] | None:
        base = re.sub(r"v\d+$", "", ident)
        if base in self.missing or ident in self.missing:
            return None
        if ident in self.entries:
            return self.entries[ident]
        if base in self.entries and base == ident:
            return self.entries[base]
        if not self.synthetic:
            return None
        version = ident[len(base):] or "v1"
        digits = re.sub(r"\D", "", base)
        year = 2000 + int(digits[:2]) if "." in base else 1900 + int(digits[:2])
        return "2026", ATOM_ENTRY.format(id=base, version=version, title=f"Synthetic paper {base}", year=year,
                                         month=digits[2:4], authors=synthetic_authors(base))


# -- Crossref, DataCite, doi.org ------------------------------------------------------------

NOT_FOUND_TEXT = Reply(404, "Resource not found.", {"Content-Type": "text/plain"})


def _index_json(folder: Path, key: Callable[[Any], str]) -> dict[str, Any]:
    return {key(data).lower(): data for data in
            (json.loads(p.read_text("utf-8")) for p in sorted(folder.glob("*.json")))}


class CrossrefFake:
    """``/works/{doi}``: the fixture's JSON, or 404 ``Resource not found.`` as text/plain."""

    def __init__(self) -> None:
        self.works = _index_json(DATA / "crossref", lambda d: d["message"]["DOI"])

    def __call__(self, rec: Recorded, match: re.Match[str]) -> Reply:
        data = self.works.get(match["doi"].lower())
        if data is None:
            return NOT_FOUND_TEXT
        reply = Reply.json(data)
        reply.headers.update({"X-Rate-Limit-Limit": "10", "X-Rate-Limit-Interval": "1s"})
        return reply


class DataCiteFake:
    """``/dois/{doi}``: the fixture's JSON:API document, or a 404 error document."""

    def __init__(self) -> None:
        self.dois = _index_json(DATA / "datacite", lambda d: d["data"]["attributes"]["doi"])

    def __call__(self, rec: Recorded, match: re.Match[str]) -> Reply:
        data = self.dois.get(match["doi"].lower())
        if data is None:
            error = {"status": "404", "title": "The resource you are looking for doesn't exist."}
            return Reply.json({"errors": [error]}, status=404)
        return Reply(200, json.dumps(data), {"Content-Type": "application/vnd.api+json; charset=utf-8"})


class DoiOrgFake:
    """``/ra/{prefix}`` (registration agency) and ``/{doi}`` content negotiation (CSL-JSON)."""

    def __init__(self, agencies: dict[str, str]) -> None:
        self.agencies = agencies
        self.csl = _index_json(DATA / "doi", lambda d: d["DOI"])

    def ra(self, rec: Recorded, match: re.Match[str]) -> Reply:
        """The agency of each prefix (comma-separated list allowed)."""
        rows = []
        for prefix in match["prefix"].split(","):
            agency = self.agencies.get(prefix.split("/")[0])
            rows.append({"DOI": prefix, "RA": agency} if agency
                        else {"DOI": prefix, "status": "DOI does not exist"})
        return Reply(200, json.dumps(rows, indent=2), {"Content-Type": "application/json;charset=UTF-8"})

    def negotiate(self, rec: Recorded, match: re.Match[str]) -> Reply:
        """CSL-JSON when asked for it and known; the HTML 'DOI Not Found' page otherwise."""
        data = self.csl.get(match["doi"].lower())
        accept = rec.header("Accept") or ""
        if data is None or "citationstyles.csl+json" not in accept:
            page = "<html><head><title>Error: DOI Not Found</title></head><body>DOI Not Found</body></html>"
            return Reply(404, page, {"Content-Type": "text/html;charset=utf-8"})
        return Reply(200, json.dumps(data), {"Content-Type": "application/vnd.citationstyles.csl+json"})


# -- GitHub ---------------------------------------------------------------------------------

GITHUB_404 = {"message": "Not Found", "documentation_url": "https://docs.github.com/rest/repos/repos#get-a-repository",
              "status": "404"}


class GitHubFake:
    """``/repos/{owner}/{repo}``, ``/repositories/{id}``, ``.../contents/CITATION.cff``; renames get 301."""

    def __init__(self, base: str, renamed: dict[str, str] | None = None) -> None:
        self.base = base
        self.repos = _index_json(DATA / "github", lambda d: d["full_name"])
        self.by_id = {str(d["id"]): d for d in self.repos.values()}
        self.renamed = {k.lower(): v for k, v in (renamed or {}).items()}
        self.cff = {p.name[: -len(".cff")].replace("__", "/").lower(): p.read_bytes()
                    for p in sorted((DATA / "github").glob("*.cff"))}

    def _headers(self) -> dict[str, str]:
        return {"Content-Type": "application/json; charset=utf-8", "X-RateLimit-Limit": "60",
                "X-RateLimit-Remaining": "59"}

    def repo(self, rec: Recorded, match: re.Match[str]) -> Reply:
        """A repository, or a 301 to ``/repositories/{id}`` for a renamed one."""
        name = f"{match['owner']}/{match['repo']}".lower()
        if name in self.renamed:
            target = self.repos[self.renamed[name].lower()]
            location = f"{self.base}/repositories/{target['id']}"
            return Reply(301, json.dumps({"message": "Moved Permanently", "url": location,
                                          "documentation_url": "https://docs.github.com/v3/#http-redirects"}),
                         {**self._headers(), "Location": location})
        data = self.repos.get(name)
        if data is None:
            return Reply(404, json.dumps(GITHUB_404), self._headers())
        return Reply(200, json.dumps(data), self._headers())

    def repository(self, rec: Recorded, match: re.Match[str]) -> Reply:
        """A repository by numeric id (where renames redirect)."""
        data = self.by_id.get(match["id"])
        return Reply(200 if data else 404, json.dumps(data or GITHUB_404), self._headers())

    def contents(self, rec: Recorded, match: re.Match[str]) -> Reply:
        """CITATION.cff as the contents API sends it (base64 in JSON)."""
        name = f"{match['owner']}/{match['repo']}".lower()
        raw = self.cff.get(name)
        if raw is None:
            return Reply(404, json.dumps(GITHUB_404), self._headers())
        encoded = base64.encodebytes(raw).decode("ascii")
        data = {"type": "file", "encoding": "base64", "size": len(raw), "name": "CITATION.cff",
                "path": "CITATION.cff", "content": encoded}
        return Reply(200, json.dumps(data), self._headers())


AGENCIES = {"10.48550": "DataCite", "10.5281": "DataCite", "10.1109": "Crossref", "10.1038": "Crossref",
            "10.7554": "Crossref", "10.1145": "Crossref", "10.3280": "mEDRA", "10.23915": "Crossref"}


@dataclass
class Services:
    """The fakes mounted on a server, and the environment that points rnnbib at them."""

    server: LocalServer
    arxiv: ArxivFake
    github: GitHubFake

    def env(self) -> dict[str, str]:
        """``RNNBIB_*_URL`` values for this server; web pages off (``tests/test_pages_*`` turn them on)."""
        url = self.server.url
        return {"RNNBIB_ARXIV_URL": f"{url}/arxiv/api/query", "RNNBIB_CROSSREF_URL": f"{url}/crossref",
                "RNNBIB_DATACITE_URL": f"{url}/datacite", "RNNBIB_DOI_URL": f"{url}/doi",
                "RNNBIB_GITHUB_URL": f"{url}/github", "RNNBIB_S2_URL": f"{url}/s2",
                "RNNBIB_DBLP_URL": f"{url}/dblp", "RNNBIB_PAGES": "0"}

    def options(self) -> dict[str, Any]:
        """The same as API options."""
        urls = {f"{k[len('RNNBIB_'):].lower()}": v for k, v in self.env().items() if k.endswith("_URL")}
        return {**urls, "pages": False}

    def process_env(self, cache_dir: Path, **extra: str) -> dict[str, str]:
        """An environment for ``python -m rnnbib``: this server, ``cache_dir``, fast pacing, ``extra``."""
        return cli_env({**self.env(), "RNNBIB_CACHE_DIR": str(cache_dir), "RNNBIB_ARXIV_DELAY": "0.05",
                        "RNNBIB_S2_DELAY": "0", "RNNBIB_DBLP_DELAY": "0", **extra})


def cli_env(settings: dict[str, str]) -> dict[str, str]:
    """``os.environ`` without any ``RNNBIB_*`` resolution variable, plus ``settings``."""
    import os

    return {**{k: v for k, v in os.environ.items() if k not in RESOLVE_ENV}, **settings}


def install_services(server: LocalServer, *, missing: Iterable[str] = (),
                     renamed: dict[str, str] | None = None) -> Services:
    """Mount the fakes of every service on ``server``."""
    arxiv = ArxivFake(missing)
    github = GitHubFake(f"{server.url}/github", renamed or {"old-owner/old-name": "rnnbib-test/renamed-tool"})
    doi = DoiOrgFake(AGENCIES)
    server.route(r"/arxiv/api/query", arxiv)
    server.route(r"/crossref/works/(?P<doi>10\..+)", CrossrefFake())
    server.route(r"/datacite/dois/(?P<doi>10\..+)", DataCiteFake())
    server.route(r"/doi/(?P<doi>10\..+/.+)", doi.negotiate)
    server.route(r"/doi/ra/(?P<prefix>.+)", doi.ra)
    server.route(r"/github/repos/(?P<owner>[^/]+)/(?P<repo>[^/]+)", github.repo)
    server.route(r"/github/repositories/(?P<id>\d+)", github.repository)
    server.route(r"/github/repos/(?P<owner>[^/]+)/(?P<repo>[^/]+)/contents/CITATION\.cff", github.contents)
    from scholarfakes import install_scholar

    install_scholar(server)
    return Services(server, arxiv, github)


def quote_doi(doi: str) -> str:
    """A DOI as it appears in a request path."""
    return quote(doi, safe="/")
