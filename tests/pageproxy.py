"""A local forward proxy serving the web-page fixtures, and fakes of oEmbed and the Wayback Machine.

rnnbib reaches web pages through requests' proxy support, so tests point ``HTTP_PROXY`` and
``HTTPS_PROXY`` at :class:`PageProxy`: a forward proxy on 127.0.0.1 that answers proxied
``http://`` requests itself and ``CONNECT`` tunnels for ``https://`` with TLS certificates of a
throw-away test authority (``REQUESTS_CA_BUNDLE`` names it), so both schemes are served from
``tests/data/pages/pages.json`` (a page fixture, a status, a content type).  A URL not in the table
gets a small page that names only its title (most pages say little).  ``robots.txt`` answers come
from the same table (404 when not listed).  The service fakes (``/youtube/oembed``,
``/vimeo/api/oembed.json``, ``/wayback/available``) are mounted on the services server, which
``NO_PROXY`` keeps off the proxy.
"""

from __future__ import annotations

import datetime
import html
import json
import re
import ssl
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from httpserver import LocalServer, Recorded, Reply, ServingThread

PAGES = Path(__file__).resolve().parent / "data" / "pages"
HTML = "text/html; charset=utf-8"


def _key(url: str) -> str:
    """A URL without its fragment, host lower case."""
    parts = urlsplit(url)
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.scheme}://{(parts.netloc or '').lower()}{parts.path or '/'}{query}"


@dataclass
class PageTable:
    """The fixtures: URL -> reply, robots.txt per host, Wayback snapshots, oEmbed answers."""

    pages: dict[str, Reply] = field(default_factory=dict)
    robots: dict[str, str] = field(default_factory=dict)
    snapshots: dict[str, dict[str, Any]] = field(default_factory=dict)
    oembed: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> PageTable:
        """Read ``tests/data/pages/pages.json`` and the files it names."""
        data = json.loads((PAGES / "pages.json").read_text("utf-8"))
        table = cls(robots=data.get("robots", {}), snapshots=data.get("wayback", {}),
                    oembed=data.get("oembed", {}))
        for row in data["pages"]:
            body = (PAGES / row["file"]).read_bytes() if row.get("file") else b"Not Found"
            headers = {"Content-Type": row.get("content_type", HTML if row.get("file") else "text/plain")}
            table.pages[_key(row["url"])] = Reply(row.get("status", 200), body, headers)
        return table

    def add(self, url: str, reply: Reply) -> None:
        """Serve ``reply`` for ``url`` (tests of single pages)."""
        self.pages[_key(url)] = reply

    def page(self, url: str) -> Reply:
        """The answer for an absolute URL (``robots.txt`` from :attr:`robots`)."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.path == "/robots.txt":
            text = self.robots.get(host)
            return Reply(200, text, {"Content-Type": "text/plain"}) if text is not None else \
                Reply(404, "Not Found", {"Content-Type": "text/plain"})
        reply = self.pages.get(_key(url))
        if reply is not None:
            return reply
        title = html.escape(parts.path.strip("/").rsplit("/", 1)[-1] or host)
        return Reply(200, f"<!DOCTYPE html><html><head><title>{title}</title></head><body><p>{title}</p></body></html>",
                     {"Content-Type": HTML})

    def wayback(self, rec: Recorded, match: re.Match[str]) -> Reply:
        """``/wayback/available?url=&timestamp=`` in the Wayback Machine's format."""
        url = rec.param("url") or ""
        found = self.snapshots.get(url)
        snapshots = {"closest": {"status": "200", "available": True, **found}} if found else {}
        body = {"url": url, "archived_snapshots": snapshots}
        if rec.param("timestamp"):
            body["timestamp"] = rec.param("timestamp")
        return Reply.json(body)

    def video(self, rec: Recorded, match: re.Match[str]) -> Reply:
        """oEmbed: the answer for ``url``, or the 404 the providers give for an unknown video."""
        found = self.oembed.get(rec.param("url") or "")
        return Reply.json(found) if found else Reply(404, "Not Found", {"Content-Type": "text/html"})


class PageAuthority:
    """A certificate authority for one test run: a CA file for clients and a TLS context per host."""

    def __init__(self, folder: Path) -> None:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID

        self._x509, self._hashes, self._serialization, self._oid = x509, hashes, serialization, NameOID
        self.folder = folder
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.leaf_key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "rnnbib test authority")])
        now = datetime.datetime.now(datetime.timezone.utc)
        public = self.key.public_key()
        self.cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(public)
                     .serial_number(x509.random_serial_number())
                     .not_valid_before(now - datetime.timedelta(days=1))
                     .not_valid_after(now + datetime.timedelta(days=2))
                     .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                     .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False),
                                    critical=True)
                     .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
                     .sign(self.key, hashes.SHA256()))
        self.bundle = folder / "test-ca.pem"
        self.bundle.write_bytes(self.cert.public_bytes(serialization.Encoding.PEM))
        self._contexts: dict[str, ssl.SSLContext] = {}
        self._lock = threading.Lock()

    def context(self, host: str) -> ssl.SSLContext:
        """A server TLS context with a certificate for ``host``."""
        x509, hashes, serialization = self._x509, self._hashes, self._serialization
        with self._lock:
            if host in self._contexts:
                return self._contexts[host]
            now = datetime.datetime.now(datetime.timezone.utc)
            public = self.leaf_key.public_key()
            cert = (x509.CertificateBuilder()
                    .subject_name(x509.Name([x509.NameAttribute(self._oid.COMMON_NAME, host)]))
                    .issuer_name(self.cert.subject).public_key(public).serial_number(x509.random_serial_number())
                    .not_valid_before(now - datetime.timedelta(days=1))
                    .not_valid_after(now + datetime.timedelta(days=2))
                    .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
                    .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                    .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]),
                                   critical=False)
                    .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
                    .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()),
                                   critical=False)
                    .sign(self.key, hashes.SHA256()))
            safe = re.sub(r"[^A-Za-z0-9.-]", "_", host)
            certfile, keyfile = self.folder / f"{safe}.crt", self.folder / f"{safe}.key"
            certfile.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
            keyfile.write_bytes(self.leaf_key.private_bytes(serialization.Encoding.PEM,
                                                            serialization.PrivateFormat.PKCS8,
                                                            serialization.NoEncryption()))
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(certfile, keyfile)
            self._contexts[host] = context
            return context


class PageProxy(ServingThread):
    """A forward proxy on 127.0.0.1 answering from a :class:`PageTable`; records every URL asked."""

    def __init__(self, table: PageTable, authority: PageAuthority) -> None:
        self.table = table
        self.authority = authority
        self.requests: list[str] = []
        self.tunnels: list[str] = []
        self._lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            tunnel_host = ""

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_CONNECT(self) -> None:
                host = self.path.rsplit(":", 1)[0]
                with proxy._lock:
                    proxy.tunnels.append(host)
                self.send_response(200, "Connection established")
                self.end_headers()
                self.wfile.flush()
                try:
                    tls = proxy.authority.context(host).wrap_socket(self.connection, server_side=True)
                except (ssl.SSLError, OSError):
                    self.close_connection = True
                    return
                self.connection = tls
                self.rfile = tls.makefile("rb")
                self.wfile = tls.makefile("wb")
                self.tunnel_host = host
                self.close_connection = False  # a CONNECT in HTTP/1.0 would otherwise end the tunnel

            def do_GET(self) -> None:
                url = f"https://{self.tunnel_host}{self.path}" if self.tunnel_host else self.path
                with proxy._lock:
                    proxy.requests.append(url)
                reply = proxy.table.page(url)
                body = reply.body.encode("utf-8") if isinstance(reply.body, str) else reply.body
                self.send_response(reply.status)
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            do_HEAD = do_GET

        self._serve(Handler)

    def clear(self) -> None:
        """Forget the recorded requests."""
        with self._lock:
            self.requests.clear()
            self.tunnels.clear()


def install_pages(services: LocalServer, table: PageTable) -> None:
    """Mount the oEmbed and Wayback fakes of ``table`` on the services server."""
    services.route(r"/wayback/available", table.wayback)
    services.route(r"/youtube/oembed", table.video)
    services.route(r"/vimeo/api/oembed\.json", table.video)


def page_env(proxy: PageProxy, services: LocalServer) -> dict[str, str]:
    """Environment for rnnbib: pages on, through ``proxy`` (its CA trusted); services direct; no pacing."""
    return {"HTTP_PROXY": proxy.url, "http_proxy": proxy.url, "HTTPS_PROXY": proxy.url, "https_proxy": proxy.url,
            "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost", "RNNBIB_PAGES": "1",
            "REQUESTS_CA_BUNDLE": str(proxy.authority.bundle), "RNNBIB_PAGE_DELAY": "0",
            "RNNBIB_YOUTUBE_URL": f"{services.url}/youtube", "RNNBIB_VIMEO_URL": f"{services.url}/vimeo",
            "RNNBIB_WAYBACK_URL": services.url}
