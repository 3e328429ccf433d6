"""Measuring what Zotero keeps of rnnbib's files, through Zotero's own translators.

``../shared/tools/zotero/start.sh`` starts Zotero's translation-server (the real RIS, BibTeX,
BibLaTeX, CSL JSON and Zotero RDF import translators behind File -> Import) on 127.0.0.1.
:func:`measure` posts one file to ``/import``, reads the Zotero items it answers with, has Zotero
export them again as CSL JSON (``/export?format=csljson``: how Zotero would cite them) and counts,
per work of the bibliography:

- ``imported``: a top-level item arrived for the work;
- ``types``: its Zotero item type is the one :data:`ZOTERO_TYPES` names for the work's CSL type;
- ``tags``: its tags equal the work's ``keywords:`` bullets plus its section paths, as written;
- ``fields``: every CSL field of :data:`FIELDS` the work has comes back from Zotero unchanged;
- ``links``: every link of the work (other than its URL) is in a child note of the item;
- ``citekey``: the item's Extra has ``Citation Key: <key>`` (or a ``citationKey`` field);
- ``apa`` / ``ieee``: Zotero's CSL JSON, rendered by citeproc-js, gives the text rnnbib formats.

Environment: ``ZOTERO_URL`` uses an already running server; otherwise :func:`start_server` runs
``start.sh`` (``RNNBIB_ZOTERO_START`` overrides its path, ``RNNBIB_ZOTERO_WORKDIR`` keeps its
build between runs).  Missing node/npm/shared skips the tests, or fails them under
``RNNBIB_REQUIRE_CLIENTS=1``.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from figures import require_clients

from rnnbib.identifiers import detect_url
from rnnbib.model import Work, url_identity

ROOT = Path(__file__).resolve().parents[1]
START = ROOT.parent / "shared" / "tools" / "zotero" / "start.sh"

# CSL type rnnbib writes -> the Zotero item type it must arrive as (Zotero's own CSL mapping).
ZOTERO_TYPES: dict[str, str] = {
    "article": "preprint",
    "article-journal": "journalArticle",
    "article-magazine": "magazineArticle",
    "article-newspaper": "newspaperArticle",
    "paper-conference": "conferencePaper",
    "software": "computerProgram",
    "post-weblog": "blogPost",
    "post": "forumPost",
    "webpage": "webpage",
    "document": "document",
    "motion_picture": "videoRecording",
    "speech": "presentation",
    "thesis": "thesis",
    "report": "report",
    "book": "book",
    "chapter": "bookSection",
    "dataset": "dataset",
    "manuscript": "manuscript",
    "patent": "patent",
    "entry-encyclopedia": "encyclopediaArticle",
    "entry-dictionary": "dictionaryEntry",
    "broadcast": "tvBroadcast",
    "song": "audioRecording",
    "graphic": "artwork",
    "map": "map",
    "interview": "interview",
    "personal_communication": "letter",
    "legal_case": "case",
    "legislation": "statute",
    "bill": "bill",
    "standard": "standard",
}

# CSL fields that must come back from Zotero unchanged (Zotero's CSL export names in brackets).
FIELDS = ("title", "author", "editor", "issued", "container-title", "title-short", "container-title-short",
          "volume", "issue", "page", "publisher", "DOI", "URL", "number", "abstract", "language", "accessed")
_EXPORT_ALIASES = {"journalAbbreviation": "container-title-short", "shortTitle": "title-short"}
_TAG = re.compile(r"<[^>]+>")
_CITEKEY = re.compile(r"^Citation Key:\s*(\S+)\s*$", re.MULTILINE)
_NOTE_VARIABLE = re.compile(r"^([A-Za-z][A-Za-z-]*):\s*(\S.*)$")


# -- the server --------------------------------------------------------------------------------
def _missing(reason: str) -> None:
    if require_clients():
        pytest.fail(f"{reason} (RNNBIB_REQUIRE_CLIENTS=1)")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def start_server() -> Iterator[str]:
    """Zotero's translation-server on 127.0.0.1 (its URL); ``ZOTERO_URL`` reuses a running one."""
    running = os.environ.get("ZOTERO_URL", "").strip()
    if running:
        yield running.rstrip("/")
        return
    start = Path(os.environ.get("RNNBIB_ZOTERO_START") or START)
    if not start.is_file():
        _missing(f"{start} is absent (Zotero's translation-server from ../shared)")
    if not all(shutil.which(tool) for tool in ("node", "npm", "curl")):
        _missing("node, npm and curl are needed for Zotero's translation-server (start.sh)")
    workdir = os.environ.get("RNNBIB_ZOTERO_WORKDIR") or tempfile.mkdtemp(prefix="rnnbib-zotero-")
    proc = subprocess.run(["bash", str(start), str(_free_port()), workdir], capture_output=True, text=True,
                          timeout=600, check=False)
    found = dict(re.findall(r"(ZOTERO_URL|ZOTERO_PID)=(\S+)", proc.stdout))
    if proc.returncode != 0 or "ZOTERO_URL" not in found:
        _missing(f"translation-server did not start: {proc.stderr.strip()[-300:]}")
    try:
        yield found["ZOTERO_URL"]
    finally:
        subprocess.run(["kill", found["ZOTERO_PID"]], check=False)


def _post(url: str, body: bytes, content_type: str) -> tuple[int, str]:
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8", "replace")


def zotero_import(server: str, text: str) -> list[dict[str, Any]] | None:
    """The Zotero items File -> Import makes of ``text``; None when Zotero rejects the file."""
    status, body = _post(f"{server}/import", text.encode("utf-8"), "text/plain")
    if status != 200:
        return None
    items: list[dict[str, Any]] = json.loads(body)
    return items


def zotero_export(server: str, items: list[dict[str, Any]], fmt: str = "csljson") -> str:
    """Zotero's export of its items in format ``fmt``."""
    status, body = _post(f"{server}/export?format={fmt}", json.dumps(items).encode("utf-8"), "application/json")
    assert status == 200, f"Zotero export {fmt} failed: {status} {body[:300]}"
    return body


# -- comparing ---------------------------------------------------------------------------------
@dataclass
class Imported:
    """One top-level Zotero item with the text of its child notes."""

    item: dict[str, Any]
    notes: list[str] = field(default_factory=list)

    def citekey(self) -> str:
        """The citation key Zotero keeps (``citationKey`` field or ``Citation Key:`` Extra line)."""
        if self.item.get("citationKey"):
            return str(self.item["citationKey"])
        match = _CITEKEY.search(str(self.item.get("extra", "")))
        return match.group(1) if match else ""

    def tags(self) -> list[str]:
        """The item's tags."""
        return sorted(str(t.get("tag", "")) for t in self.item.get("tags", []))

    def note_text(self) -> str:
        """Every child note as plain text (tags removed, entities decoded)."""
        return "\n".join(html.unescape(_TAG.sub(" ", note)) for note in self.notes)


def group(items: list[dict[str, Any]]) -> list[Imported]:
    """Top-level items in import order, each with its child notes."""
    tops = [Imported(item) for item in items if item.get("itemType") not in ("note", "attachment")]
    by_key = {i.item.get("key"): i for i in tops}
    for item in items:
        if item.get("itemType") == "note" and item.get("parentItem") in by_key:
            by_key[item["parentItem"]].notes.append(str(item.get("note", "")))
    return tops


def expected_tags(work: Work) -> list[str]:
    """The work's ``keywords:`` bullets and section paths, as written (the tags it must get)."""
    return sorted({*(" ".join(k.split()) for k in work.keywords), *work.section_labels()} - {""})


def _norm_date(value: Any) -> list[int] | None:
    if not isinstance(value, dict) or not value.get("date-parts"):
        return None
    try:
        return [int(p) for p in value["date-parts"][0]]
    except (TypeError, ValueError):
        return None


def _norm_names(value: Any) -> list[tuple[str, str]]:
    out = []
    for name in value or []:
        if name.get("literal"):
            out.append((str(name["literal"]), ""))
        else:
            family = " ".join(str(p) for p in (name.get("non-dropping-particle"), name.get("family")) if p)
            given = " ".join(str(p) for p in (name.get("given"), name.get("dropping-particle")) if p)
            out.append((family, given))
    return out


def _norm(key: str, value: Any) -> Any:
    if key in ("issued", "accessed"):
        return _norm_date(value)
    if key in ("author", "editor"):
        return _norm_names(value)
    text = " ".join(str(value).split())
    return text.replace("\u2013", "-") if key == "page" else text


def _note_variables(note: str) -> dict[str, Any]:
    """CSL variables given as ``name: value`` lines of an exported ``note`` (Zotero's Extra).

    citeproc-js reads these lines as variables when Zotero cites the item: names as
    ``Family || Given``, dates as ``YYYY-MM-DD``.
    """
    found: dict[str, Any] = {}
    for line in note.splitlines():
        match = _NOTE_VARIABLE.match(line)
        if not match:
            continue
        name, value = match.group(1), match.group(2).strip()
        if name in ("author", "editor", "translator", "director"):
            family, _, given = value.partition("||")
            found.setdefault(name, []).append({"family": family.strip(), "given": given.strip()})
        elif name in ("issued", "accessed"):
            found[name] = {"date-parts": [[int(p) for p in value.split("-")]]}
        else:
            found.setdefault(name, value)
    return found


def field_losses(ours: dict[str, Any], theirs: dict[str, Any]) -> list[str]:
    """The :data:`FIELDS` of ``ours`` (rnnbib's CSL item) that Zotero's CSL export lacks or changed.

    A variable the item type has no field for may come back as a ``name: value`` line of the
    note (Zotero's Extra), which citeproc-js reads.  A video's authors are its directors in
    Zotero (``videoRecording`` and ``tvBroadcast`` have no author role).
    """
    theirs = {_EXPORT_ALIASES.get(k, k): v for k, v in theirs.items()}
    for key, value in _note_variables(str(theirs.get("note", ""))).items():
        theirs.setdefault(key, value)
    if ours.get("type") in ("motion_picture", "broadcast") and "author" not in theirs and "director" in theirs:
        theirs["author"] = theirs["director"]
    return [key for key in FIELDS if key in ours and _norm(key, ours[key]) != _norm(key, theirs.get(key))]


def _only_an_identifier(work: Work, url: str) -> bool:
    """A link that names nothing but identifiers the work carries anyway (its arXiv abstract page ...)."""
    found = detect_url(url)
    own = {i.key for i in work.identifiers}
    return bool(found) and all(i.key in own for i in found)


def links_lost(work: Work, imported: Imported) -> list[str]:
    """The work's extra links that no child note of the item carries.

    Not counted: the work's own URL, and ``paper`` links that only repeat one of its identifiers
    (they arrive as the identifier: the arXiv number, the DOI).
    """
    def tilde(text: str) -> str:  # "%7E" and "~" are the same URL (RFC 3986 unreserved character)
        return re.sub("%7[Ee]", "~", text)

    text = tilde(imported.note_text())
    primary = url_identity(str(work.csl.get("URL", "")))
    extra = [link.url for link in work.links if url_identity(link.url) != primary
             and not (link.role == "paper" and _only_an_identifier(work, link.url))]
    return [url for url in extra if tilde(url) not in text]


# -- the measurement ---------------------------------------------------------------------------
@dataclass
class Measurement:
    """What Zotero kept of one file: counts over the works, and the first defects of each kind."""

    fmt: str
    works: int
    accepted: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    defects: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, ok: bool, defect: str = "") -> None:
        """Count one work for ``name`` (ok or not), keeping a description of the defect."""
        self.counts[name] = self.counts.get(name, 0) + int(ok)
        if not ok:
            self.defects.setdefault(name, []).append(defect)

    def share(self, name: str) -> float:
        """The share of works that passed ``name``."""
        return self.counts.get(name, 0) / self.works if self.works else 1.0

    def row(self, names: Sequence[str]) -> str:
        """A Markdown table row: the format, then ``n/N`` per measured quantity."""
        if not self.accepted:
            return f"| `{self.fmt}` | rejected | " + " | ".join("" for _ in names[1:]) + " |"
        return f"| `{self.fmt}` | " + " | ".join(f"{self.counts.get(n, 0)}/{self.works}" for n in names) + " |"


Render = Callable[[list[dict[str, Any]], str], dict[str, str]]  # (CSL items, style) -> {id: text}
QUANTITIES = ("imported", "types", "tags", "fields", "links", "citekey", "apa", "ieee")


def measure(server: str, fmt: str, works: Sequence[Work], text: str, ours: list[dict[str, Any]],
            reference: dict[str, dict[str, str]] | None = None, render: Render | None = None) -> Measurement:
    """Import ``text`` (``works`` written as ``fmt``) into Zotero and count what it kept.

    ``ours`` is rnnbib's CSL-JSON of the works (same order).  ``reference`` maps a style to
    rnnbib's own formatted entries ``{key: text}``; ``render(items, style)`` renders CSL items
    with citeproc-js the same way, and is run on Zotero's CSL export of the imported items
    (the round trip is skipped when either is None).
    """
    result = Measurement(fmt, len(works))
    raw = zotero_import(server, text)
    if raw is None:
        return result
    result.accepted = True
    imported = group(raw)
    exported_tops: list[dict[str, Any]] = json.loads(zotero_export(server, [i.item for i in imported]))
    if len(imported) != len(works):
        for work in works:
            result.add("imported", False, work.key)
        return result
    for work, item, csl, theirs in zip(works, imported, ours, exported_tops, strict=True):
        label = work.key
        result.add("imported", theirs.get("title") == csl.get("title"), f"{label}: {theirs.get('title')!r}")
        want = ZOTERO_TYPES.get(work.type, "?")
        result.add("types", item.item["itemType"] == want, f"{label}: {work.type} -> {item.item['itemType']}")
        tags = expected_tags(work)
        result.add("tags", item.tags() == tags, f"{label}: {tags} -> {item.tags()}")
        lost = field_losses(csl, theirs)
        result.add("fields", not lost, f"{label}: " + ", ".join(
            f"{k}: {csl.get(k)!r} -> {({_EXPORT_ALIASES.get(a, a): v for a, v in theirs.items()}).get(k)!r}"
            for k in lost))
        missing = links_lost(work, item)
        result.add("links", not missing, f"{label}: {missing}")
        result.add("citekey", item.citekey() == work.key, f"{label}: {item.citekey()!r}")
    if render is not None and reference is not None:
        theirs_items = [dict(e, id=w.key) for e, w in zip(exported_tops, works, strict=True)]
        for style in ("apa", "ieee"):
            got = render(theirs_items, style)
            for work in works:
                a, b = reference[style].get(work.key, ""), got.get(work.key, "")
                result.add(style, a == b, f"{work.key}:\n      rnnbib: {a}\n      zotero: {b}")
    return result
