"""Every relevant recorded response in ../shared/real-responses is parsed as its MANIFEST row says.

Relevant = the answers rnnbib's requests can get: arXiv Atom feeds, Crossref ``/works/{doi}``,
DataCite ``/dois/{doi}``, doi.org ``/ra/{prefix}`` and CSL-JSON negotiation (and its error
pages), GitHub ``/repos/...`` and CITATION.cff.  BibTeX / formatted-text negotiation bodies,
Crossref list queries and redirect bodies are answers to requests rnnbib never makes.
Expected outcome from the row: 404 -> not found; 400 -> error; an empty arXiv feed for a
nonexistent id -> not found (per id in a multi-id request); otherwise data.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from rnnbib.errors import ServiceError
from rnnbib.online.arxiv import ArxivFeed, match_entries, parse_feed
from rnnbib.online.crossref import parse_work, work_to_record
from rnnbib.online.datacite import attributes_to_record, parse_doi
from rnnbib.online.doi import csl_from_negotiation, lookup_from_response, parse_agency
from rnnbib.online.github import cff_authors, decode_cff
from rnnbib.online.github import lookup_from_response as github_lookup
from rnnbib.online.http import Fetched

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
RESPONSES = SHARED / "real-responses"
SERVICES = ("arxiv", "crossref", "datacite", "doi-negotiation", "github")


def manifest_rows() -> list[dict[str, str]]:
    """The MANIFEST rows of the services rnnbib talks to."""
    manifest = RESPONSES / "MANIFEST.md"
    if not manifest.exists():
        return []
    rows = []
    for line in manifest.read_text("utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        if len(cells) >= 8 and cells[0].split("/")[0] in SERVICES:
            rows.append({"file": cells[0], "request": cells[1], "status": cells[3], "ctype": cells[4],
                         "notes": cells[7]})
    return rows


def relevant(row: dict[str, str]) -> bool:
    """Is this an answer to a request rnnbib makes?"""
    url = row["request"].split()[1] if len(row["request"].split()) > 1 else ""
    path = urlsplit(url).path
    name = row["file"]
    if name.startswith("arxiv/"):
        return True
    if name.startswith("crossref/"):
        return bool(re.fullmatch(r"/works/10\.[^?]+", unquote(path))) and not path.endswith("/agency")
    if name.startswith("datacite/"):
        return "api.datacite.org/dois/" in url
    if name.startswith("doi-negotiation/"):
        return "/ra/" in url or name.endswith("csl-json.json") or row["status"].startswith(("400", "404"))
    return name.startswith("github/") and not row["status"].startswith("301")


def expected(row: dict[str, str]) -> str:
    """The outcome the row implies."""
    if row["status"].startswith("404"):
        return "not-found"
    if row["status"].startswith("400"):
        return "error"
    described = row["file"] + " " + row["notes"]
    if "multi-id" in described and ("nonexistent" in described or "does not exist" in described):
        return "data+not-found"  # one id found, the other not
    if "nonexistent" in row["notes"] or "nonexistent" in row["file"]:
        return "not-found"
    return "data"


ROWS = [r for r in manifest_rows() if relevant(r)]


def fetched(row: dict[str, str]) -> Fetched:
    status = int(row["status"][:3]) if row["status"][:3].isdigit() else 200
    ctype = row["ctype"] if "/" in row["ctype"] else ""
    url = row["request"].split()[1]
    return Fetched(url, status, {"Content-Type": ctype}, (RESPONSES / row["file"]).read_bytes(), False)


def arxiv_outcome(row: dict[str, str], body: bytes) -> str:
    try:
        feed: ArxivFeed = parse_feed(body)
    except ServiceError:
        return "error"
    if feed.errors:
        return "error"
    query = parse_qs(urlsplit(row["request"].split()[1]).query)
    ids = [i for i in ",".join(query.get("id_list", [""])).split(",") if i]
    if not ids:  # a search page: data when entries parsed with ids and titles
        complete = feed.entries and all(e.id and e.title and e.authors for e in feed.entries)
        return "data" if complete else "error"
    found = match_entries(ids, feed.entries)
    return "+".join(sorted({"data" if i in found and found[i].title else "not-found" for i in ids}))


def outcome(row: dict[str, str]) -> str:
    """What rnnbib makes of the recorded body: data, not-found or error."""
    name, answer = row["file"], fetched(row)
    if name.startswith("arxiv/"):
        return arxiv_outcome(row, answer.content)
    if name.startswith("github/"):
        if name.endswith(".cff"):
            cff = decode_cff(answer.content, "text/plain")
            return "data" if cff and cff.get("title") and cff_authors(cff) else "error"
        return _status(github_lookup(answer, "owner/repo"))
    if "/ra/" in answer.url:
        return "data" if parse_agency(answer.json()) else "not-found"
    convert: Any
    if name.startswith("crossref/"):
        convert = lambda data: work_to_record(parse_work(data))  # noqa: E731
    elif name.startswith("datacite/"):
        convert = lambda data: attributes_to_record(parse_doi(data))  # noqa: E731
    else:
        convert = csl_from_negotiation
    try:
        return _status(lookup_from_response(answer, "10.x/y", "service", convert))
    except ServiceError:
        return "error"


def _status(lookup: Any) -> str:
    if lookup.status == "resolved":
        record = lookup.record
        assert record.csl.get("title"), "a resolved record has a title"
        return "data"
    return "not-found" if lookup.status == "not-found" else "error"


@pytest.mark.skipif(not RESPONSES.exists(), reason="../shared/real-responses is absent")
def test_manifest_rows_found() -> None:
    assert len(ROWS) >= 40
    assert {r["file"].split("/")[0] for r in ROWS} == set(SERVICES)


@pytest.mark.skipif(not RESPONSES.exists(), reason="../shared/real-responses is absent")
@pytest.mark.parametrize("row", ROWS, ids=[r["file"] for r in ROWS])
def test_recorded_response(row: dict[str, str]) -> None:
    assert outcome(row) == expected(row)


@pytest.mark.skipif(not RESPONSES.exists(), reason="../shared/real-responses is absent")
def test_recorded_values() -> None:
    """Spot checks that the parsed data is the recorded data, not just present."""
    body = (RESPONSES / "arxiv" / "new-api_id_1706.03762_attention-is-all-you-need.xml").read_bytes()
    [entry] = parse_feed(body).entries
    assert (entry.id, entry.version, entry.primary_category) == ("1706.03762", "v7", "cs.CL")
    assert entry.authors[0] == "Ashish Vaswani" and len(entry.authors) == 8
    crossref = RESPONSES / "crossref" / "works_10.1038_s42256-024-00832-8_journal-article.json"
    work = parse_work(json.loads(crossref.read_text("utf-8")))
    csl = work_to_record(work).csl
    assert (csl["volume"], csl["issue"], csl["page"]) == ("6", "5", "525-535")
    assert csl["container-title"] == "Nature Machine Intelligence"
    ra_file = RESPONSES / "doi-negotiation" / "doi.org_ra_10.48550_datacite-arxiv-prefix.json"
    ra = json.loads(ra_file.read_text("utf-8"))
    assert parse_agency(ra) == "datacite"
