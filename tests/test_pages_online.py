"""The example list online with web pages: ``rnnbib convert`` through a local forward proxy.

Every page URL (http and https) goes through :class:`pageproxy.PageProxy`, which serves pages
written in the markup of their sites (tests/data/pages/); the identifier services, oEmbed and the
Wayback Machine are the local fakes.  One resolved run is shared by the tests of this module.
"""

from __future__ import annotations

import calendar
import json
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from figures import record
from httpserver import LocalServer, cli_env, install_services
from pageproxy import PAGES, PageAuthority, PageProxy, PageTable, install_pages, page_env

import rnnbib
from rnnbib.online.page_meta import extract

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "rnn-and-lstm.md"
FORMATS = {"refs.json": "csljson", "refs.bib": "bibtex", "refs-biblatex.bib": "biblatex", "refs.ris": "ris",
           "refs.txt": "text", "refs.html": "html", "refs.md": "markdown", "refs-zotero.json": "zotero"}


@dataclass
class Online:
    """The servers and a function running the CLI against them."""

    proxy: PageProxy
    services: LocalServer
    table: PageTable
    env: dict[str, str]
    folder: Path

    def run(self, *args: str, cache: str = "cache", **extra: str) -> subprocess.CompletedProcess[str]:
        env = {**self.env, "RNNBIB_CACHE_DIR": str(self.folder / cache), **extra}
        proc = subprocess.run([sys.executable, "-m", "rnnbib", "convert", str(SEED), "-q", *args], cwd=self.folder,
                              env=env, capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stderr
        return proc

    def clear(self) -> None:
        self.proxy.clear()
        self.services.requests.clear()


@pytest.fixture(scope="module")
def online(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Online]:
    folder = tmp_path_factory.mktemp("pages-online")
    services = LocalServer().start()
    table = PageTable.load()
    proxy = PageProxy(table, PageAuthority(folder)).start()
    try:
        fakes = install_services(services)
        install_pages(services, table)
        settings = {**fakes.env(), **page_env(proxy, services), "RNNBIB_ARXIV_DELAY": "0.01",
                    "RNNBIB_BACKOFF": "0.01"}
        yield Online(proxy, services, table, cli_env(settings), folder)
    finally:
        proxy.stop()
        services.stop()


@pytest.fixture(scope="module")
def first_run(online: Online) -> dict[str, Any]:
    """The cold run: CSL-JSON + report, and how many requests it made per URL."""
    online.run("-o", "refs.json", "--report", "report.json")
    requests = Counter(online.proxy.requests)
    online.clear()
    for name, fmt in FORMATS.items():  # every other format from the warm cache
        if name != "refs.json":
            online.run("-o", name, "-t", fmt)
    warm = len(online.proxy.requests) + len(online.proxy.tunnels) + len(online.services.requests)
    items = {item["URL"]: item for item in json.loads((online.folder / "refs.json").read_text("utf-8"))
             if item.get("URL")}
    report = json.loads((online.folder / "report.json").read_text("utf-8"))
    return {"requests": requests, "warm": warm, "items": items, "report": report}


def test_apa_for_exploring_lstms(online: Online, first_run: dict[str, Any]) -> None:
    text = (online.folder / "refs.txt").read_text("utf-8")
    line = next(line for line in text.splitlines() if "Exploring LSTMs" in line)
    assert line.startswith("Chen, E. (2017, May 30). Exploring LSTMs. Edwin Chen’s Blog. http://blog.echen.me/")


def test_authors_and_dates_where_the_page_gives_them(first_run: dict[str, Any]) -> None:
    listed = {str(w.csl.get("URL", "")).split("#")[0]: w.title for w in rnnbib.read(SEED).works}
    by_title = {i["title"]: i for i in first_run["items"].values()}
    giving, filled = [], []
    for url, reply in PageTable.load().pages.items():
        if reply.status != 200 or url not in listed:
            continue
        body = reply.body.decode("utf-8") if isinstance(reply.body, bytes) else reply.body
        meta = extract(body, url)
        if meta.value("author") and meta.value("issued"):
            giving.append(url)
            item = by_title[listed[url]]
            if item.get("author") and item.get("issued"):
                filled.append(url)
    share = len(filled) / len(giving)
    record(f"pages: authors and dates filled for {len(filled)}/{len(giving)} example pages that give them")
    assert len(giving) >= 8 and share >= 0.9, sorted(set(giving) - set(filled))


def test_provenance_per_field(first_run: dict[str, Any]) -> None:
    rows = {row["title"]: row for row in first_run["report"]["works"]}
    assert {"page:json-ld", "page:og", "list"} <= set(rows["Exploring LSTMs"]["sources"])
    assert "oembed" in rows["Build a Neural Network (LIVE)"]["sources"]
    assert "page:citation" in rows["Attention and Augmented Recurrent Neural Networks"]["sources"] or \
        "crossref" in rows["Attention and Augmented Recurrent Neural Networks"]["sources"]


def test_video_by_oembed(online: Online, first_run: dict[str, Any]) -> None:
    video = first_run["items"]["https://www.youtube.com/watch?v=KvoZU-ItDiE"]
    assert video["type"] == "motion_picture" and video["author"] == [{"literal": "Siraj Raval"}]
    assert video["publisher"] == "YouTube" and "accessed" in video
    year, month, day = video["accessed"]["date-parts"][0]
    text = (online.folder / "refs.txt").read_text("utf-8")
    line = next(line for line in text.splitlines() if "Build a Neural Network" in line)
    when = f"{calendar.month_name[month]} {day}, {year}"
    assert line.startswith("Siraj Raval. (n.d.). Build a Neural Network (LIVE) [Video]. YouTube.")
    assert line.endswith(f"Retrieved {when}, from https://www.youtube.com/watch?v=KvoZU-ItDiE")
    ris = (online.folder / "refs.ris").read_text("utf-8")
    assert "TY  - VIDEO\nID  - " in ris and "AU  - Siraj Raval" in ris
    biblatex = (online.folder / "refs-biblatex.bib").read_text("utf-8")
    assert "@online{" in biblatex.split("Build a Neural Network")[0].rsplit("\n\n", 1)[-1]


def test_dead_links_reported_and_archived_everywhere(online: Online, first_run: dict[str, Any]) -> None:
    dead = {row["title"]: p["message"] for row in first_run["report"]["works"] for p in row["problems"]
            if p["kind"] == "dead-link"}
    assert any("HTTP 404" in m for m in dead.values()) and any("HTTP 410" in m for m in dead.values())
    assert any("parked domain" in m for m in dead.values())
    for url, snap in online.table.snapshots.items():
        item = first_run["items"][url]
        assert (item["archive"], item["archive_location"]) == ("Internet Archive", snap["url"])
        for name in FORMATS:
            assert snap["url"] in (online.folder / name).read_text("utf-8"), name


def test_one_request_per_page_and_one_robots_per_host(first_run: dict[str, Any]) -> None:
    requests: Counter[str] = first_run["requests"]
    assert requests and max(requests.values()) == 1
    robots = Counter(urlsplit(u).netloc for u in requests if u.endswith("/robots.txt"))
    assert max(robots.values()) == 1
    pages = sum(n for u, n in requests.items() if not u.endswith("/robots.txt"))
    record(f"pages: cold run {pages} page requests + {sum(robots.values())} robots.txt, each URL once")


def test_warm_rerun_sends_nothing_and_writes_the_same(online: Online, first_run: dict[str, Any]) -> None:
    assert first_run["warm"] == 0
    before = (online.folder / "refs.json").read_bytes()
    online.clear()
    online.run("-o", "again.json")
    assert (online.folder / "again.json").read_bytes() == before
    assert online.proxy.requests == [] and online.proxy.tunnels == [] and online.services.requests == []
    online.run("-o", "offline.json", "--offline")  # the cache answers for the pages too
    assert (online.folder / "offline.json").read_bytes() == before


def test_no_pages_sends_nothing_to_the_web(online: Online, first_run: dict[str, Any]) -> None:
    online.clear()
    online.run("-o", "nopages.json", "--no-pages", cache="cache-nopages")
    assert online.proxy.requests == [] and not online.services.made("/wayback") and \
        not online.services.made("/youtube")
    items = json.loads((online.folder / "nopages.json").read_text("utf-8"))
    exploring = next(i for i in items if i["title"] == "Exploring LSTMs")
    assert "author" not in exploring and "accessed" not in exploring


def test_archived_reads_the_snapshot(online: Online, first_run: dict[str, Any]) -> None:
    online.run("-o", "archived.json", "--archived", "--report", "archived-report.json")
    items = {i["URL"]: i for i in json.loads((online.folder / "archived.json").read_text("utf-8")) if i.get("URL")}
    buduma = items["http://nikhilbuduma.com/2015/01/11/a-deep-dive-into-recurrent-neural-networks/"]
    assert buduma["author"] == [{"given": "Nikhil", "family": "Buduma"}]
    rows = {r["title"]: r for r in json.loads((online.folder / "archived-report.json").read_text("utf-8"))["works"]}
    assert "wayback:page:meta" in rows["A Deep Dive into Recurrent Neural Nets"]["sources"]
    assert (PAGES / "snapshot-buduma.html").exists()
