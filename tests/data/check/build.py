"""Write the check test set's service fixtures from ``papers.py`` (run from anywhere).

``crossref/<doi>.json``: ``/works/{doi}`` envelopes as Crossref sends them; ``arxiv/<id>.xml``:
Atom ``<entry>`` elements of the 2026 API format; ``s2/*.json``: Semantic Scholar paper objects;
``dblp/*.json``: DBLP search-hit ``info`` objects.  ``tests/test_check_set.py`` checks that the
committed files are what this writes.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from papers import ARXIV, CROSSREF, SCHOLAR  # noqa: E402


def _date(parts: list[int]) -> dict[str, Any]:
    return {"date-parts": [parts]}


def crossref_message(paper: dict[str, Any]) -> dict[str, Any]:
    """The ``message`` of ``/works/{doi}`` for one paper."""
    doi = paper["doi"]
    issued = paper["issued"]
    printed = paper.get("print")
    message: dict[str, Any] = {
        "indexed": {"date-parts": [[2026, 11, 2]], "date-time": "2026-11-02T08:12:44Z", "timestamp": 1793607164000},
        "reference-count": 0,
        "publisher": paper["publisher"],
        "issue": paper.get("issue"),
        "content-domain": {"domain": [], "crossmark-restriction": False},
        "short-container-title": [paper["short"]] if paper.get("short") else [],
        "published-print": _date(printed or issued) if paper["type"] == "journal-article" else None,
        "DOI": doi,
        "type": paper["type"],
        "created": {"date-parts": [[issued[0], issued[1] if len(issued) > 1 else 1, 1]]},
        "page": paper.get("page"),
        "source": "Crossref",
        "is-referenced-by-count": 1000,
        "title": [paper["title"]],
        "prefix": doi.split("/")[0],
        "volume": paper.get("volume"),
        "author": [{"given": given, "family": family, "sequence": "first" if n == 0 else "additional",
                    "affiliation": []} for n, (given, family) in enumerate(paper["authors"])],
        "member": "263",
        "published-online": _date(issued) if printed else None,
        "container-title": [paper["container"]],
        "subtitle": [paper["subtitle"]] if paper.get("subtitle") else [],
        "short-title": [],
        "issued": _date(issued),
        "references-count": 0,
        "URL": f"https://doi.org/{doi}",
        "ISSN": [paper["issn"]] if paper.get("issn") else None,
        "published": _date(issued),
    }
    if paper.get("event") or paper["type"] == "proceedings-article":
        message["event"] = {"name": paper.get("event") or paper["container"]}
    return {k: v for k, v in message.items() if v is not None}


def arxiv_entry(paper: dict[str, Any]) -> str:
    """One Atom ``<entry>`` (2026 format) for one arXiv paper."""
    ident, version = paper["id"], paper["version"]
    authors = "".join(f"    <author>\n      <name>{escape(a)}</name>\n    </author>\n" for a in paper["authors"])
    comment = f"    <arxiv:comment>{escape(paper['comment'])}</arxiv:comment>\n" if paper.get("comment") else ""
    return (
        "  <entry>\n"
        f"    <id>http://arxiv.org/abs/{ident}{version}</id>\n"
        f"    <title>{escape(paper['title'])}</title>\n"
        f"    <updated>{paper['updated']}</updated>\n"
        f'    <link href="https://arxiv.org/abs/{ident}{version}" rel="alternate" type="text/html"/>\n'
        f'    <link href="https://arxiv.org/pdf/{ident}{version}" rel="related" type="application/pdf" '
        'title="pdf"/>\n'
        f"    <summary>Abstract of {escape(paper['title'])}.</summary>\n"
        f'    <category term="{paper["category"]}" scheme="http://arxiv.org/schemas/atom"/>\n'
        f"    <published>{paper['published']}</published>\n"
        f"{comment}"
        f'    <arxiv:primary_category term="{paper["category"]}"/>\n'
        f"{authors}"
        "  </entry>\n"
    )


def s2_paper(paper: dict[str, Any]) -> dict[str, Any]:
    """A Semantic Scholar Graph API paper object."""
    s2 = paper["s2"]
    paper_id = hashlib.sha1(paper["title"].encode()).hexdigest()
    ids: dict[str, Any] = {"DBLP": paper["dblp"]["key"], "CorpusId": paper["corpus"]}
    if paper.get("arxiv"):
        ids["ArXiv"] = paper["arxiv"]
    venue = ({"id": hashlib.md5(s2["venue"].encode()).hexdigest(), "name": s2["venue"], "type": s2["type"]}
             if s2["type"] else None)
    return {"paperId": paper_id, "externalIds": ids,
            "url": f"https://www.semanticscholar.org/paper/{paper_id}", "title": paper["title"],
            "venue": s2["venue"], "publicationVenue": venue, "year": s2["year"],
            "publicationTypes": ["JournalArticle"] + (["Conference"] if s2["type"] == "conference" else []),
            "publicationDate": s2["date"], "journal": s2["journal"],
            "authors": [{"authorId": str(1000 + n), "name": name} for n, name in enumerate(paper["authors"])]}


def dblp_info(paper: dict[str, Any]) -> dict[str, Any]:
    """A DBLP search hit's ``info`` (numbers as strings, one author as an object)."""
    dblp = paper["dblp"]
    names = dblp.get("authors", paper["authors"])
    people = [{"@pid": f"{n}/{int(hashlib.md5(name.encode()).hexdigest()[:4], 16)}", "text": name}
              for n, name in enumerate(names)]
    info: dict[str, Any] = {"authors": {"author": people if len(people) > 1 else people[0]},
                            "title": paper["title"] + ".", "venue": dblp["venue"]}
    for name in ("volume", "number", "pages"):
        if dblp.get(name):
            info[name] = dblp[name]
    info.update({"year": dblp["year"], "type": dblp["type"], "access": "open", "key": dblp["key"],
                 "ee": f"https://arxiv.org/abs/{paper['arxiv']}" if paper.get("arxiv") else
                 f"https://jmlr.org/papers/v{dblp.get('volume', '')}/",
                 "url": f"https://dblp.org/rec/{dblp['key']}"})
    return info


def files() -> dict[Path, str]:
    """Every fixture file and its text."""
    out: dict[Path, str] = {}
    for paper in CROSSREF:
        envelope = {"status": "ok", "message-type": "work", "message-version": "1.0.0",
                    "message": crossref_message(paper)}
        name = paper["doi"].replace("/", "_") + ".json"
        out[HERE / "crossref" / name] = json.dumps(envelope, ensure_ascii=False) + "\n"
    for paper in ARXIV:
        out[HERE / "arxiv" / f"{paper['id'].replace('/', '_')}.xml"] = arxiv_entry(paper)
    for paper in SCHOLAR:
        name = paper["dblp"]["key"].rsplit("/", 1)[1]
        out[HERE / "s2" / f"{name}.json"] = json.dumps(s2_paper(paper), ensure_ascii=False) + "\n"
        out[HERE / "dblp" / f"{name}.json"] = json.dumps(dblp_info(paper), ensure_ascii=False) + "\n"
    return out


def main() -> None:
    """Write the fixtures."""
    for path, text in files().items():
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
