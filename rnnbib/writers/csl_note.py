"""Variables in the ``note`` field, read as citeproc-js reads them before rendering.

citeproc-js (and Zotero) take ``key: value`` lines at the start of ``note`` as item
variables: a line is consumed when its key (``[-_a-z]+`` or ``[A-Z]+``) is not
already set on the item - a date variable is parsed (``event-date: 2004-10-01/2004-10-14``),
a name variable is a literal or ``Family || Given``, ``type:`` sets the type, any other
key is set as given - and the lines left over stay the note.  Reading stops at the
first line after the first one that is not ``key: value``.
"""

from __future__ import annotations

import re
from typing import Any

_FIELD = re.compile(r"^([\-_a-z]+|[A-Z]+):\s*([^}]+)$")
DATE_VARIABLES = frozenset({
    "locator-date", "issued", "event-date", "accessed", "original-date", "publication-date", "available-date",
    "submitted",
})
NAME_VARIABLES = frozenset({
    "author", "chair", "collection-editor", "compiler", "composer", "container-author", "contributor",
    "curator", "director", "editor", "editor-translator", "editorial-director", "executive-producer", "guest",
    "host", "illustrator", "interviewer", "narrator", "organizer", "original-author", "performer", "producer",
    "recipient", "reviewed-author", "script-writer", "series-creator", "translator", "commenter",
})
_ISO_DATE = re.compile(r"^(-?\d{1,4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


def _date(value: str) -> dict[str, Any]:
    parts = []
    for piece in value.split("/")[:2]:
        match = _ISO_DATE.match(piece.strip())
        if match is None:
            return {"literal": value}
        parts.append([int(g) for g in match.groups() if g is not None])
    return {"date-parts": parts}


def _name(value: str) -> dict[str, str]:
    family, _, given = (part.strip() for part in value.partition("||"))
    return {"family": family, "given": given} if given else {"literal": family}


def read_note_fields(item: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``item`` with the variables of its ``note`` lines set and those lines removed
    (``item`` itself when its note has none)."""
    note = item.get("note")
    if not isinstance(note, str) or ":" not in note:
        return item
    result = dict(item)
    lines = note.split("\n")
    names: dict[str, list[dict[str, str]]] = {}
    for n, line in enumerate(lines):
        if not line.strip():
            continue
        match = _FIELD.match(line)
        if match is None:
            if n == 0:
                continue
            break
        key, value = match.group(1), match.group(2).strip()
        if key == "type":
            result["type"] = value
            lines[n] = ""
        elif key in DATE_VARIABLES:
            if key not in result:
                result[key] = _date(value)
                lines[n] = ""
        elif key not in (item if key in NAME_VARIABLES else result):
            if key in NAME_VARIABLES:
                names.setdefault(key, []).append(_name(value))
            else:
                result[key] = value
            lines[n] = ""
    result.update(names)
    remaining = "\n".join(lines).strip()
    if remaining:
        result["note"] = remaining
    else:
        result.pop("note")
    return result
