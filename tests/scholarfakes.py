"""Fakes of Semantic Scholar and DBLP for the local test server, answering in their real formats.

Fixtures (written for these tests, in the services' own shapes):

- ``tests/data/http/s2/*.json``: one Graph API paper object per file (``paperId``, ``externalIds``,
  ``title``, ``authors``, ``venue``, ``publicationVenue``, ``journal`` ...).
- ``tests/data/http/dblp/*.json``: one search-hit ``info`` object per file (strings for numbers;
  one author as an object, as dblp sends it), with the ``.bib`` record beside it (same name).

:class:`S2Fake` answers ``POST /graph/v1/paper/batch`` (``null`` slots for unknown ids, 400 over 500
ids) and ``GET /graph/v1/paper/search/match`` (404 ``Title match not found``).  :class:`DblpFake`
answers ``/search/publ/api`` (every query word must prefix a title word, as dblp does) and
``/rec/{key}.bib`` (404 for unknown keys).
"""

from __future__ import annotations

import json
import re
import unicodedata
import zlib
from pathlib import Path
from typing import Any

from httpserver import ATOM_ENTRY, DATA, LocalServer, Recorded, Reply

S2_DATA = DATA / "s2"
DBLP_DATA = DATA / "dblp"
JSON_TYPE = {"Content-Type": "application/json"}


def _words(text: str) -> list[str]:
    """Lower-case words, accents folded (dblp's index matches "Réseaux" and "Reseaux" alike)."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.findall(r"[^\W_]+", folded.lower())


def s2_ids(paper: dict[str, Any]) -> list[str]:
    """The batch ids a paper answers to (``ARXIV:``, ``DOI:``, ``ACL:``, ``DBLP:``, ``URL:`` ...)."""
    external = paper.get("externalIds") or {}
    ids = [paper["paperId"]]
    prefixes = {"ArXiv": "ARXIV", "DOI": "DOI", "ACL": "ACL", "DBLP": "DBLP", "CorpusId": "CorpusId"}
    ids += [f"{prefix}:{external[name]}" for name, prefix in prefixes.items() if external.get(name)]
    ids += [f"URL:{url}" for url in paper.get("_urls", [])] + list(paper.get("_ids", []))
    return [i.lower() for i in ids]


class S2Fake:
    """The Graph API batch and title-match endpoints over the fixture papers."""

    def __init__(self, folder: Path | None = S2_DATA, extra: list[dict[str, Any]] | None = None) -> None:
        self.papers = [json.loads(p.read_text("utf-8")) for p in sorted(folder.glob("*.json"))] if folder else []
        self.papers += extra or []
        self.by_id = {ident: paper for paper in self.papers for ident in s2_ids(paper)}

    @staticmethod
    def public(paper: dict[str, Any]) -> dict[str, Any]:
        """The paper as the API shows it (fixture-only keys, starting with ``_``, removed)."""
        return {k: v for k, v in paper.items() if not k.startswith("_")}

    def batch(self, rec: Recorded, match: re.Match[str]) -> Reply:
        """``{"ids": [...]}`` -> one slot per id, ``null`` for unknown ones."""
        try:
            ids = json.loads(rec.body.decode("utf-8"))["ids"]
        except (ValueError, KeyError, TypeError):
            return Reply.json({"error": "Unacceptable request body"}, status=400)
        if len(ids) > 500:
            return Reply.json({"error": "-ids must contain 1 to 500 ids"}, status=400)
        slots = [self.by_id.get(str(i).lower()) for i in ids]
        return Reply(200, json.dumps([self.public(p) if p else None for p in slots]), JSON_TYPE)

    def match(self, rec: Recorded, match: re.Match[str]) -> Reply:
        """The paper whose title has the same words as ``query``, with a ``matchScore``."""
        wanted = _words(rec.param("query") or "")
        for paper in self.papers:
            if _words(paper.get("title", "")) == wanted and not paper.get("_no_match"):
                return Reply(200, json.dumps({"data": [{**self.public(paper), "matchScore": 121.5}]}),
                             JSON_TYPE)
        return Reply(404, '{"error":"Title match not found"}', JSON_TYPE)


class DblpFake:
    """``/search/publ/api`` (JSON) and ``/rec/{key}.bib`` over the fixture records."""

    def __init__(self, folder: Path | None = DBLP_DATA, extra: list[dict[str, Any]] | None = None) -> None:
        """``extra``: compact hits (see :func:`dblp_info`), served with a record from :func:`dblp_bib`."""
        self.hits = [json.loads(p.read_text("utf-8")) for p in sorted(folder.glob("*.json"))] if folder else []
        texts = [p.read_text("utf-8") for p in sorted(folder.glob("*.bib"))] if folder else []
        for hit in extra or []:
            self.hits.append(dblp_info(hit))
            texts.append(dblp_bib(hit))
        self._words: list[list[str]] = []
        self.records: dict[str, str] = {}
        for text in texts:
            key = re.search(r"@\w+\{DBLP:([^,\s]+),", text)
            if key:
                self.records[key.group(1)] = text

    def search(self, rec: Recorded, match: re.Match[str]) -> Reply:
        """dblp's JSON search answer: counts as strings, hits whose title words start with the query's."""
        query = _words(rec.param("q") or "")
        size = int(rec.param("h") or 30)
        if len(self._words) != len(self.hits):
            self._words = [_words(info["title"]) for info in self.hits]
        found = [info for info, words in zip(self.hits, self._words, strict=True)
                 if query and all(any(w.startswith(q) for w in words) for q in query)]
        hits = [{"@score": "7", "@id": str(1000 + n), "info": info, "url": f"URL#{1000 + n}"}
                for n, info in enumerate(found[:size])]
        hits_obj: dict[str, Any] = {"@total": str(len(found)), "@computed": str(len(found)),
                                    "@sent": str(len(hits)), "@first": "0"}
        if hits:
            hits_obj["hit"] = hits
        result = {"result": {"query": " ".join(f"{q}*" for q in query),
                             "status": {"@code": "200", "text": "OK"},
                             "time": {"@unit": "msecs", "text": "3.21"}, "hits": hits_obj}}
        return Reply(200, json.dumps(result, indent=0), {"Content-Type": "application/json; charset=utf-8"})

    def record(self, rec: Recorded, match: re.Match[str]) -> Reply:
        """The ``.bib`` record, or dblp's 404 page."""
        text = self.records.get(match["key"])
        if text is None:
            return Reply(404, "<html><body>Error 404: not found</body></html>", {"Content-Type": "text/html"})
        return Reply(200, text, {"Content-Type": "application/x-bibtex; charset=utf-8"})


def install_scholar(server: LocalServer, s2: S2Fake | None = None, dblp: DblpFake | None = None,
                    ) -> tuple[S2Fake, DblpFake]:
    """Mount the Semantic Scholar fake under ``/s2`` and the DBLP fake under ``/dblp``."""
    s2 = s2 or S2Fake()
    dblp = dblp or DblpFake()
    server.route(r"/s2/graph/v1/paper/batch", s2.batch, method="POST")
    server.route(r"/s2/graph/v1/paper/search/match", s2.match)
    server.route(r"/dblp/search/publ/api", dblp.search)
    server.route(r"/dblp/rec/(?P<key>.+)\.bib", dblp.record)
    return s2, dblp


# -- rendering compact test cases in the services' formats ------------------------------------------

def _pid(name: str) -> str:
    return f"{zlib.crc32(name.encode()) % 1000}/{len(name)}"


def dblp_info(hit: dict[str, Any]) -> dict[str, Any]:
    """A dblp search-hit ``info`` object (numbers as strings; one author as an object)."""
    people = [{"@pid": _pid(a), "text": a} for a in hit["authors"]]
    info: dict[str, Any] = {}
    if people:
        info["authors"] = {"author": people[0] if len(people) == 1 else people}
    info.update({"title": hit["title"], "venue": hit["venue"]})
    for name in ("volume", "pages"):
        if hit.get(name):
            info[name] = str(hit[name])
    if hit.get("year"):
        info["year"] = str(hit["year"])
    info.update({"type": hit["type"], "access": "open", "key": hit["key"]})
    if hit.get("doi"):
        info["doi"] = hit["doi"]
    if hit.get("ee"):
        info["ee"] = hit["ee"][0] if len(hit["ee"]) == 1 else hit["ee"]
    info["url"] = f"https://dblp.org/rec/{hit['key']}"
    return info


def dblp_bib(hit: dict[str, Any]) -> str:
    """The ``/rec/{key}.bib`` record of a hit, laid out as dblp writes it."""
    journal = hit.get("journal")
    fields = [("author", " and\n                  ".join(hit["authors"]))] if hit["authors"] else []
    fields.append(("title", hit["title"].rstrip(".")))
    if journal:
        fields += [("journal", journal), ("volume", hit.get("volume", ""))]
    else:
        fields.append(("booktitle", hit.get("booktitle", hit["venue"])))
    fields += [("pages", hit.get("pages", "").replace("-", "--")), ("year", str(hit.get("year") or ""))]
    if hit.get("doi"):
        fields.append(("doi", hit["doi"]))
    if hit.get("ee"):
        fields.append(("url", hit["ee"][0]))
    if hit.get("venue") == "CoRR":
        fields += [("eprinttype", "arXiv"), ("eprint", hit["ee"][0].rsplit("/", 1)[-1])]
    fields += [("biburl", f"https://dblp.org/rec/{hit['key']}.bib"),
               ("bibsource", "dblp computer science bibliography, https://dblp.org")]
    body = ",\n".join(f"  {name:<12} = {{{value}}}" for name, value in fields if value)
    kind = "article" if journal else "inproceedings"
    return f"@{kind}{{DBLP:{hit['key']},\n{body}\n}}\n"


def s2_paper(case: dict[str, Any]) -> dict[str, Any] | None:
    """The Graph API paper object of a case's Semantic Scholar description (``None``: S2 does not know it)."""
    spec = case.get("s2")
    if spec is None:
        return None
    arxiv = spec.get("arxiv", case["arxiv"])
    authors = spec.get("authors", case["authors"])
    external: dict[str, Any] = {"ArXiv": arxiv, "CorpusId": 100000 + zlib.crc32(arxiv.encode()) % 100000}
    if spec.get("dblp"):
        external["DBLP"] = spec["dblp"]
    venue_id = f"venue-{zlib.crc32(spec['venue'].encode()) % 10000}"
    venue = {"id": venue_id, "name": spec["venue"], "type": spec["vtype"]} if spec.get("vtype") else None
    paper: dict[str, Any] = {
        "paperId": f"{zlib.crc32(case['id'].encode()):040x}", "externalIds": external,
        "url": "https://www.semanticscholar.org/paper/x", "title": spec.get("title", case["title"]),
        "venue": spec["venue"], "publicationVenue": venue, "year": case["year"],
        "publicationTypes": ["JournalArticle"] + (["Conference"] if spec.get("vtype") == "conference" else []),
        "publicationDate": f"{case['year']}-01-15",
        "journal": {"name": spec["journal"]} if spec.get("journal") else {},
        "authors": [{"authorId": str(n), "name": a} for n, a in enumerate(authors)],
    }
    if arxiv != case["arxiv"]:
        paper["_ids"] = [f"ARXIV:{case['arxiv']}"]  # S2 answers the id with another paper
    return paper




def arxiv_entry(arxiv_id: str, title: str, authors: list[str], year: int) -> tuple[str, str]:
    """An arXiv Atom ``<entry>`` (2026 format) for :attr:`httpserver.ArxivFake.entries`."""
    from xml.sax.saxutils import escape

    people = "".join(f"    <author>\n      <name>{escape(a)}</name>\n    </author>\n" for a in authors)
    month = arxiv_id[2:4] if arxiv_id[2:4].isdigit() and 1 <= int(arxiv_id[2:4]) <= 12 else "01"
    return "2026", ATOM_ENTRY.format(id=arxiv_id, version="v1", title=escape(title), year=year, month=month,
                                     authors=people)
