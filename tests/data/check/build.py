"""Write the check test set's service fixtures from ``papers.py`` (run from anywhere).

``crossref/<doi>.json``: ``/works/{doi}`` envelopes as Crossref sends them; ``arxiv/<id>.xml``:
Atom ``<entry>`` elements of the 2026 API format.  ``tests/test_check_set.py`` checks that the
committed files are what this writes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from papers import ARXIV, CROSSREF  # noqa: E402


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
    return out


def main() -> None:
    """Write the fixtures."""
    for path, text in files().items():
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
