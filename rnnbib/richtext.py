"""Rich text inside field values: the well-formed pairs of citeproc-js' markup tags.

CSL-JSON values may carry ``<i>``, ``<b>``, ``<sup>``, ``<sub>``, ``<sc>``,
``<span style="font-variant:small-caps;">`` and ``<span class="nodecor">`` (Crossref
titles: species names in ``<i>``, formulas with ``<sub>``).  :func:`mark_rich_text`
turns each well-formed pair into private-use markers (:data:`RICH`); anything else
(``<script>``, an unclosed ``<i>``, crossed pairs, attributes) stays text.  The
formatted writers render the markers as HTML or drop them, the LaTeX codec writes
``\\textit{}`` and friends.
"""

from __future__ import annotations

import re

# rich-text markers: (open, close) per kind
RICH = {
    "i": ("\ue030", "\ue031"),
    "b": ("\ue032", "\ue033"),
    "sup": ("\ue034", "\ue035"),
    "sub": ("\ue036", "\ue037"),
    "sc": ("\ue038", "\ue039"),
    "nodecor": ("\ue03a", "\ue03b"),
}

_OPEN_TAGS = {
    "<i>": "i", "<b>": "b", "<sup>": "sup", "<sub>": "sub", "<sc>": "sc",
}
_SPAN_OPEN = re.compile(
    r'<span\s+(?:style="\s*font-variant\s*:\s*small-caps\s*;?\s*"|class="nodecor")\s*>', re.IGNORECASE
)
_NOCASE_OPEN = re.compile(r'<span\s+class="nocase"\s*>', re.IGNORECASE)
_TAG = re.compile(r'</?(?:i|b|sup|sub|sc)>|</span>|<span\b[^>]*>', re.IGNORECASE)


def _open_kind(tag: str) -> str | None:
    low = tag.lower()
    if low in _OPEN_TAGS:
        return _OPEN_TAGS[low]
    if _SPAN_OPEN.fullmatch(tag):
        return "nodecor" if "nodecor" in low else "sc"
    if _NOCASE_OPEN.fullmatch(tag):
        return "nocase"  # read by citeproc-py itself; only paired here
    return None


def mark_rich_text(text: str) -> str:
    """``text`` with each well-formed pair of citeproc-js rich-text tags as markers."""
    if "<" not in text:
        return text
    tags = list(_TAG.finditer(text))
    replace: dict[int, tuple[int, str]] = {}  # tag start -> (end, marker)
    stack: list[tuple[str, re.Match[str]]] = []
    for match in tags:
        tag = match.group(0)
        if tag.startswith("</"):
            name = tag[2:-1].lower()
            wanted = ("sc", "nodecor", "nocase") if name == "span" else (name,)
            if stack and stack[-1][0] in wanted:
                kind, opening = stack.pop()
                if kind == "nocase":
                    continue
                replace[opening.start()] = (opening.end(), RICH[kind][0])
                replace[match.start()] = (match.end(), RICH[kind][1])
            else:
                stack.clear()  # a stray closing tag: the unmatched openings stay text
            continue
        opened = _open_kind(tag)
        if opened is not None:
            stack.append((opened, match))
    if not replace:
        return text
    out, position = [], 0
    for start in sorted(replace):
        end, marker = replace[start]
        out.append(text[position:start])
        out.append(marker)
        position = end
    out.append(text[position:])
    return "".join(out)


