"""CSL-JSON reader: an array of CSL items (or one item, or ``{"items": [...]}``) → Works.

Each item keeps its CSL variables in ``work.csl``.  The variables rnnbib
composes itself (:meth:`~rnnbib.model.Work.to_csl`) are taken apart again, so
that writing the Works read from a file rnnbib wrote gives the same file:

- ``id`` goes to ``work.extra["csl_id"]`` and ``custom.ids`` (keys of merged entries, as rnnbib writes
  them) to ``work.extra["aliases"]``;
- ``annote`` (and ``note``, where older files and Zotero keep it): each line becomes
  one :func:`~rnnbib.textclean.one_line` line (empty ones dropped).  The trailing run
  of lines of the form ``role: URL`` (a role of
  :data:`~rnnbib.model.ROLES`, a URL with a scheme and no space, each URL once and
  none the item's own ``URL``) become links; the lines before it are notes, even
  one that looks like a link line, so the order of the lines is kept;
- ``keyword``: ``,``-separated entries; those containing `` > `` become section
  paths, the others keywords.

Lone surrogates (from JSON escapes such as ``\\ud800``; not encodable), bidi
controls and zero-width spaces are dropped from every string on reading
(:func:`~rnnbib.textclean.clean_text`; percent-encoded in ``URL``).
Identifiers come from ``DOI``, ``URL`` and an ``arXiv:…`` ``number``.

Malformed JSON is an :class:`~rnnbib.errors.InputError` at ``file:line``; an
array element that is not an object is reported as a problem and skipped.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..errors import InputError
from ..identifiers import CODE_KINDS, detect_url, from_csl
from ..model import ROLES, Link, Location, Problem, Work, url_identity
from ..textclean import clean_tree, one_line
from . import ReadResult

__all__ = ["read_csljson", "work_from_csl"]

_COMPOSED = ("id", "note", "annote", "keyword")
_LINK_LINE = re.compile(rf"(?P<role>{'|'.join(ROLES)}): (?P<url>[A-Za-z][A-Za-z0-9+.-]*:\S+)")
_ITEMS_KEY = re.compile(r'"items"\s*:\s*\[')
_JSON_KINDS = {"list": "array", "str": "string", "int": "number", "float": "number", "bool": "boolean",
               "NoneType": "null"}


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\n\r":
        pos += 1
    return pos


def _element_lines(text: str, start: int) -> list[int]:
    """The line of each element of the JSON array whose ``[`` is at ``start``."""
    decoder = json.JSONDecoder()
    lines: list[int] = []
    pos = _skip_ws(text, start + 1)
    if text[pos : pos + 1] == "]":
        return lines
    while True:
        lines.append(_line_of(text, pos))
        _, pos = decoder.raw_decode(text, pos)
        pos = _skip_ws(text, pos)
        if text[pos : pos + 1] != ",":
            return lines
        pos = _skip_ws(text, pos + 1)


def _items_with_lines(text: str, data: Any, name: str) -> list[tuple[Any, int]]:
    """The items of a parsed CSL-JSON document with the line each one starts on (0 if unknown)."""
    if isinstance(data, list):
        return list(zip(data, _element_lines(text, text.index("[")), strict=True))
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        items: list[Any] = data["items"]
        m = _ITEMS_KEY.search(text)
        try:
            lines = _element_lines(text, m.end() - 1) if m else []
        except ValueError:  # the first '"items": [' was inside a string
            lines = []
        if len(lines) != len(items):
            lines = [0] * len(items)
        return list(zip(items, lines, strict=True))
    if isinstance(data, dict):
        return [(data, _line_of(text, text.index("{")))]
    raise InputError("not CSL-JSON: expected an array of CSL items or one item object", name)


def _split_keywords(work: Work, keyword: Any) -> None:
    for kw in str(keyword).split(","):
        kw = one_line(kw)
        if not kw:
            continue
        if " > " in kw:
            work.sections.append(tuple(part.strip() for part in kw.split(" > ")))
        elif kw not in work.keywords:
            work.keywords.append(kw)


def _split_note(work: Work, note: Any, url: Any) -> None:
    lines = [line for line in map(one_line, str(note).splitlines()) if line]
    primary = url_identity(str(url or ""))
    links: list[Link] = []
    while lines:
        m = _LINK_LINE.fullmatch(lines[-1])
        # "%7E" is "~" (an unreserved character, RFC 3986): the BibTeX writers encode it in notes.
        link_url = re.sub("%7[Ee]", "~", m["url"]) if m else ""
        if not m or url_identity(link_url) == primary or any(x.url == link_url for x in links):
            break
        links.insert(0, Link(link_url, m["role"]))
        lines.pop()
    work.notes.extend(lines)
    work.links.extend(links)


def _add_identifiers(work: Work) -> None:
    for ident in from_csl(work.csl):
        work.add_identifier(ident)
    url = work.csl.get("URL")
    if isinstance(url, str) and url.strip():
        found = detect_url(url)
        role = "code" if found and found[0].kind in CODE_KINDS else "paper"
        if all(link.url != url for link in work.links):
            work.links.insert(0, Link(url, role))


def work_from_csl(item: dict[str, Any], location: Location, source: str = "csljson") -> Work:
    """One Work from one CSL item (``source`` names the provenance of its fields)."""
    work = Work(sources=[location])
    for key, value in item.items():
        if key not in _COMPOSED:
            work.set(key, value, source)
    if "type" not in work.csl:
        work.set("type", "document", source)
    if item.get("id") not in (None, ""):
        work.extra["csl_id"] = str(item["id"])
    custom = item.get("custom")
    aliases = custom.get("ids") if isinstance(custom, dict) else None
    if isinstance(aliases, list) and all(isinstance(a, str) for a in aliases) and aliases:
        work.extra["aliases"] = list(aliases)
    for name in ("annote", "note"):  # annotations; older files (and Zotero's) carry them in note
        if item.get(name):
            _split_note(work, item[name], item.get("URL"))
    if item.get("keyword"):
        _split_keywords(work, item["keyword"])
    _add_identifiers(work)
    work.list_title = work.title
    return work


def read_csljson(text: str, name: str) -> ReadResult:
    """Read a CSL-JSON file: one Work per item object; other array elements are reported and skipped."""
    try:
        data = clean_tree(json.loads(text), url_keys=("URL",))
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed JSON: {exc.msg} (column {exc.colno})", f"{name}:{exc.lineno}") from None
    except RecursionError:
        raise InputError("malformed JSON: nested too deeply", name) from None
    result = ReadResult()
    for index, (item, line) in enumerate(_items_with_lines(text, data, name)):
        location = Location(name, line)
        if not isinstance(item, dict):
            kind = _JSON_KINDS.get(type(item).__name__, "value")
            result.problems.append(
                Problem(f"item {index}: a JSON {kind}, not a CSL item object; skipped", location, "skip")
            )
            continue
        work = work_from_csl(item, location)
        if not work.title:
            work.problems.append(Problem(f"item {index}: no title", location, "warning"))
        result.works.append(work)
    return result
