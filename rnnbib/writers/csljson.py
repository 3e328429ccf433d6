"""CSL-JSON writers: plain CSL 1.0.2 (``csljson``) and a Zotero-safe flavour (``zotero-csljson``).

``csljson`` writes ``work.to_csl()`` for each work, cleaned so the array
validates against the CSL-JSON schema (``rnnbib/data/csl-data.json``): no
empty values, names as objects, ``date-parts`` as ints, string variables as
strings, variables the schema does not know moved under ``custom``; bidi
controls, zero-width spaces and lone surrogates dropped from every string
(:func:`rnnbib.textclean.clean_text`; percent-encoded in ``URL``).  ``note``
and ``keyword`` are composed by :meth:`~rnnbib.model.Work.to_csl` in a
normalised form that :mod:`rnnbib.readers.csljson` takes apart again, so
write -> read -> write gives the same file.  Keys come
in a stable order (``id``, ``type``, ``title``, ``author``, ``issued``, then
the rest alphabetically); 2-space indent, UTF-8 kept, trailing newline.

``zotero-csljson`` is CSL-JSON for Zotero (``-t zotero``, Zotero RDF, keeps more:
see :mod:`rnnbib.writers.zotero_rdf`).  Zotero's ``CSL JSON.js``
import translator accepts a file only if *every* item's ``type`` is in its
list of CSL types; otherwise the whole file is rejected ("No suitable
translators found").  Older translators list exactly the CSL 1.0.1 types; the
newer one adds the CSL 1.0.2 types except ``software``.  This flavour uses
CSL 1.0.1 types only (:data:`ZOTERO_CSL_TYPES`), so it imports into both.
See :data:`ZOTERO_TYPE_MAP` for what the other types become.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib import resources
from typing import Any

from ..model import Work
from ..textclean import clean_text, clean_tree, clean_url
from . import WriteOptions

__all__ = [
    "ZOTERO_CSL_TYPES",
    "ZOTERO_TYPE_MAP",
    "ItemCleaner",
    "clean_item",
    "csl_schema",
    "to_zotero_item",
    "write_csljson",
    "write_zotero_csljson",
]

# The CSL 1.0.1 item types, as listed by Zotero's CSL JSON import translator (detectImport).
ZOTERO_CSL_TYPES: frozenset[str] = frozenset({
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book", "broadcast",
    "chapter", "dataset", "entry", "entry-dictionary", "entry-encyclopedia", "figure", "graphic", "interview",
    "legal_case", "legislation", "manuscript", "map", "motion_picture", "musical_score", "pamphlet",
    "paper-conference", "patent", "personal_communication", "post", "post-weblog", "report", "review",
    "review-book", "song", "speech", "thesis", "treaty", "webpage",
})  # fmt: skip

# CSL 1.0.2 types Zotero's import rejects -> the 1.0.1 type that keeps most of the item.
ZOTERO_TYPE_MAP: dict[str, str] = {
    # Zotero's own CSL mapping exported computerProgram as "book" before CSL had
    # "software"; a book keeps title, authors, date, publisher and URL (a web
    # page would drop the publisher, e.g. "GitHub").  The version goes to the note.
    "software": "book",
    "classic": "book",
    "collection": "book",
    "periodical": "book",
    "standard": "report",  # Zotero imports RIS STAND as a report as well
    "regulation": "legislation",
    "hearing": "bill",  # Zotero's 1.0.1-era mapping of its hearing type
    "event": "speech",
    "performance": "speech",
    # "document" is handled in to_zotero_item: webpage with a URL, else manuscript.
}

_LEADING_KEYS = ("id", "type", "title", "author", "issued")


def csl_schema() -> dict[str, Any]:
    """The CSL-JSON input schema (CSL 1.0.2) shipped as package data (read on each call)."""
    text = resources.files("rnnbib").joinpath("data/csl-data.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


class ItemCleaner:
    """Cleans CSL items against the schema, which it reads once: a write makes one."""

    def __init__(self) -> None:
        schema = csl_schema()
        self.properties: dict[str, Any] = schema["items"]["properties"]
        self.name_parts = frozenset(schema["definitions"]["name-variable"]["anyOf"][0]["properties"])
        self.types = frozenset(self.properties["type"]["enum"])

    def clean(self, item: dict[str, Any], fallback_id: str = "item") -> dict[str, Any]:
        """A CSL item made valid against the schema, keys in the stable order."""
        props = self.properties
        out: dict[str, Any] = {}
        custom: dict[str, Any] = dict(item.get("custom") or {})
        for key, value in item.items():
            if key == "custom":
                continue
            spec = props.get(key)
            if spec is None:
                if value not in (None, "", [], {}):
                    custom[key] = value
                continue
            cleaned = self._value(key, value, spec)
            if cleaned not in (None, "", [], {}):
                out[key] = cleaned
        if out.get("type") not in self.types:
            if "type" in out:
                custom.setdefault("original-type", out["type"])
            out["type"] = "document"
        if "id" not in out:
            out["id"] = fallback_id
        if custom:
            out["custom"] = clean_tree(custom)
        return _ordered(out)

    def _value(self, key: str, value: Any, spec: dict[str, Any]) -> Any:
        if spec.get("type") == "array" and key != "categories":
            names = [self._name(n) for n in (value if isinstance(value, list) else [value])]
            return [n for n in names if n] or None
        if key == "categories":
            return [t for t in map(_text, value) if t.strip()] if isinstance(value, list) else None
        if "$ref" in spec:
            return _clean_date(value)
        return _clean_scalar(clean_url(value) if key == "URL" and isinstance(value, str) else value, spec)

    def _name(self, name: Any) -> dict[str, Any] | None:
        if isinstance(name, str):
            text = _text(name)
            return {"literal": text} if text.strip() else None
        if not isinstance(name, dict):
            return None
        out = {k: (_text(v) if isinstance(v, str) else v) for k, v in name.items() if k in self.name_parts}
        out = {k: v for k, v in out.items() if v not in (None, "")}
        return out if any(k in out for k in ("family", "given", "literal")) else None


def _text(value: Any) -> str:
    """A string without bidi controls, zero-width spaces and lone surrogates (see :mod:`rnnbib.textclean`)."""
    return clean_text(str(value))


def _clean_date(date: Any) -> dict[str, Any] | None:
    if isinstance(date, int):
        return {"date-parts": [[date]]}
    if isinstance(date, str):
        text = _text(date)
        return {"raw": text} if text.strip() else None
    if not isinstance(date, dict):
        return None
    out: dict[str, Any] = {}
    for part_list in date.get("date-parts") or []:
        ints: list[int] = []
        for part in part_list if isinstance(part_list, list) else [part_list]:
            try:
                ints.append(int(part))
            except (TypeError, ValueError):
                break
        if ints:
            out.setdefault("date-parts", []).append(ints[:3])
    if "date-parts" in out:
        out["date-parts"] = out["date-parts"][:2]
    for key in ("season", "circa", "literal", "raw"):
        value = _text(date[key]) if isinstance(date.get(key), str) else date.get(key)
        if value not in (None, ""):
            out[key] = value
    return out or None


def _clean_scalar(value: Any, spec: dict[str, Any]) -> Any:
    if isinstance(value, list):  # Crossref-style ["Title"] lists
        value = next((v for v in value if v not in (None, "")), None)
    if value is None or isinstance(value, (dict, bool)):
        return None
    allowed = spec.get("type", "string")
    if isinstance(value, (int, float)) and "number" in allowed:
        return value
    text = _text(value)
    return text if text.strip() else None


def clean_item(item: dict[str, Any], fallback_id: str = "item") -> dict[str, Any]:
    """A CSL item made valid against the schema, keys in the stable order (:class:`ItemCleaner`)."""
    return ItemCleaner().clean(item, fallback_id)


def _ordered(item: dict[str, Any]) -> dict[str, Any]:
    head = [k for k in _LEADING_KEYS if k in item]
    rest = sorted((k for k in item if k not in _LEADING_KEYS), key=lambda k: (k.lower(), k))
    return {k: item[k] for k in [*head, *rest]}


def _dump(items: list[dict[str, Any]]) -> str:
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def _items(works: Sequence[Work]) -> list[dict[str, Any]]:
    cleaner = ItemCleaner()
    return [cleaner.clean(work.to_csl(), f"item{i + 1}") for i, work in enumerate(works)]


def write_csljson(works: Sequence[Work], options: WriteOptions) -> str:
    """A JSON array of CSL 1.0.2 items, one per work, valid against the CSL-JSON schema."""
    del options
    return _dump(_items(works))


_FOLDED_NAME_PARTS = ("non-dropping-particle", "dropping-particle", "suffix")


def _zotero_name(name: dict[str, Any]) -> dict[str, Any]:
    # Zotero's CSL import drops particles and suffixes; fold them into the parts it keeps.
    if "literal" in name or not any(k in name for k in _FOLDED_NAME_PARTS):
        return name
    family = " ".join(p for p in (name.get("non-dropping-particle"), name.get("family")) if p)
    given = " ".join(p for p in (name.get("given"), name.get("dropping-particle")) if p)
    if name.get("suffix"):
        given = f"{given}, {name['suffix']}" if given else str(name["suffix"])
    return {k: v for k, v in (("family", family), ("given", given)) if v}


def to_zotero_item(item: dict[str, Any]) -> dict[str, Any]:
    """A clean CSL item turned into one Zotero's CSL JSON import accepts and keeps best.

    A type outside :data:`ZOTERO_CSL_TYPES` is replaced (see :data:`ZOTERO_TYPE_MAP`)
    and recorded as a first note line ``type: software``: Zotero copies ``note``
    into the item's Extra field, and a leading ``type: <CSL type>`` line there is
    the documented way to give an item a CSL type for citations (citeproc-js reads
    such ``key: value`` lines from the start of the note), so citations made in
    Zotero still treat it as software and the information is not lost.  Then comes the
    note, with ``code: URL`` link lines written ``source code: URL`` (Zotero would read
    ``code`` as its own field), and last ``Citation Key: <id>`` (the citekey Zotero and
    Better BibTeX read from Extra).
    """
    out = dict(item)
    out.pop("custom", None)
    if "annote" in out:  # Zotero keeps annotations in Extra, which it fills from note
        out["note"] = out.pop("annote")
    hints: list[str] = []
    csl_type = out.get("type", "document")
    if csl_type not in ZOTERO_CSL_TYPES:
        if csl_type == "document":
            new_type = "webpage" if out.get("URL") else "manuscript"
        else:
            new_type = ZOTERO_TYPE_MAP.get(csl_type, "manuscript")
        out["type"] = new_type
        hints.append(f"type: {csl_type}")
        if csl_type == "software" and out.get("version"):
            hints.append(f"version: {out.pop('version')}")
    for key, value in list(out.items()):
        if isinstance(value, list) and value and isinstance(value[0], dict):
            out[key] = [_zotero_name(n) for n in value]
    # Zotero reads an Extra line "code: ..." as its legal "code" field (cited as the container title).
    lines = [f"source {line}" if line.startswith("code: ") else line
             for line in str(out.get("note", "")).split("\n") if line]
    if out.get("id"):
        lines.append(f"Citation Key: {out['id']}")
    if hints or lines:
        out["note"] = "\n".join([*hints, *lines])
    return _ordered(out)


def write_zotero_csljson(works: Sequence[Work], options: WriteOptions) -> str:
    """CSL-JSON for Zotero's CSL JSON import: CSL 1.0.1 types only, particles folded into names.

    Zotero's CSL JSON import keeps no tags and makes no child notes; ``-t zotero`` (Zotero RDF)
    keeps both.
    """
    del options
    return _dump([to_zotero_item(item) for item in _items(works)])
