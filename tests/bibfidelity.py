"""Field-by-field agreement of rnnbib's CSL-JSON with pandoc's (``pandoc -f biblatex -t csljson``).

Values are compared after the normalisation that makes two renderings of the same
data equal: HTML markup (pandoc's ``<i>``, ``<span class="nocase">``) and LaTeX left
in pandoc's strings (``\\Delta``) decoded, Unicode NFKC, case folded (pandoc turns
English titles into sentence case), quotes/dashes unified, whitespace dropped.  rnnbib's
CSL form of an arXiv preprint (type ``article``, ``number`` ``arXiv:ID``, publisher
``arXiv``, as Zotero writes preprints) adds a publisher the .bib did not have: that
marker is not counted as a publisher.  An entry counts
for a field when either side has the field; it agrees when both normalise equal.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

from rnnbib.latex import latex_to_unicode

FIELDS = ("title", "author", "issued", "container-title", "volume", "issue", "page", "publisher", "DOI", "URL")
_TAG = re.compile(r"<[^>]+>")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "‐": "-", "\xa0": " "})


def pandoc_csl(path: Path) -> list[dict[str, Any]] | None:
    """pandoc's CSL-JSON of a .bib file, or None without pandoc."""
    exe = shutil.which("pandoc")
    if exe is None:
        return None
    out = subprocess.run([exe, "-f", "biblatex", "-t", "csljson", str(path)], capture_output=True,
                         text=True, timeout=120, check=True)
    data: list[dict[str, Any]] = json.loads(out.stdout)
    return data


def _text(value: Any) -> str:
    text = html.unescape(_TAG.sub("", str(value)))
    if "\\" in text:
        text = latex_to_unicode(text)
    text = unicodedata.normalize("NFKC", text.replace("ı\u0301", "í")).translate(_QUOTES)
    return "".join(re.sub(r"[{}$]", "", text).split()).casefold().rstrip(".")  # pandoc drops spaces after math


def _names(value: Any) -> list[str]:
    out = []
    for name in value or []:
        if "literal" in name:
            out.append(_text(name["literal"]))
        else:
            parts = (name.get("dropping-particle"), name.get("non-dropping-particle"), name.get("family"),
                     name.get("given"))
            out.append(_text(" ".join(str(p) for p in parts if p)))
    return out


def normalise(name: str, value: Any) -> Any:
    """The comparable form of a CSL value."""
    if value in (None, "", [], {}):
        return None
    if name == "author":
        return _names(value)
    if name == "issued":
        if isinstance(value, dict) and "date-parts" in value:
            return [[int(p) for p in part] for part in value["date-parts"]]
        return _text(value.get("literal", "") if isinstance(value, dict) else value)
    if name == "page":
        return re.sub(r"\s*-+\s*", "-", _text(value))
    if name == "DOI":
        return str(value).lower()
    if name == "URL":
        return str(value).rstrip("/")
    return _text(value)


def agreement(ours: list[dict[str, Any]], theirs: list[dict[str, Any]]) -> dict[str, tuple[int, int, list[str]]]:
    """Per field: (agreeing entries, entries where either side has the field, disagreeing keys).

    Entries merged into another (their key is an alias, ``custom.ids``) are not compared:
    the merged item is a different record; :func:`all_keys` checks that their keys survive.
    """
    mine = {str(x["id"]): x for x in ours}
    out: dict[str, tuple[int, int, list[str]]] = {}
    for field in FIELDS:
        agree, total, bad = 0, 0, []
        for item in theirs:
            if str(item["id"]) not in mine and str(item["id"]) in aliases(ours):
                continue
            other = _without_preprint_marker(mine.get(str(item["id"]), {}))
            a, b = normalise(field, other.get(field)), normalise(field, item.get(field))
            if a is None and b is None:
                continue
            total += 1
            if a == b:
                agree += 1
            else:
                bad.append(str(item["id"]))
        out[field] = (agree, total, bad)
    return out


def aliases(ours: list[dict[str, Any]]) -> set[str]:
    """The keys of entries merged into others (``custom.ids``)."""
    return {str(a) for item in ours for a in (item.get("custom") or {}).get("ids", [])}


_ITEM = re.compile(r"^\s*\[(\d+)\]\s+(.*)$")
_PAGE_NUMBER = re.compile(r"^\s*\d+\s*$")


def rendered_entries(text: str) -> list[str]:
    """The bibliography entries of a pdftotext rendering (numeric style), labels and line breaks removed."""
    body = text.split("References", 1)[-1]
    entries: list[str] = []
    for line in body.splitlines():
        match = _ITEM.match(line)
        if match:
            entries.append(match.group(2).strip())
        elif entries and line.strip() and not _PAGE_NUMBER.match(line) and "\f" not in line:
            entries[-1] += " " + line.strip()
    return [re.sub(r"(\w)- (\w)", r"\1\2", " ".join(e.split())) for e in entries]


def same_rendering(original: list[str], rewrite: list[str]) -> tuple[int, list[str]]:
    """How many original entries the rewrite renders identically, and the ones it does not."""
    pool = set(rewrite)
    missing = [e for e in original if e not in pool]
    return len(original) - len(missing), missing


def _without_preprint_marker(item: dict[str, Any]) -> dict[str, Any]:
    if item.get("type") == "article" and str(item.get("number", "")).startswith("arXiv:") \
            and item.get("publisher") == "arXiv":
        return {k: v for k, v in item.items() if k != "publisher"}
    return item
