"""The CSL processor test suite's bibliography-mode cases, run through a renderer.

A case file (``processor-tests/humans/*.txt``) has sections between
``>>==== NAME ====>>`` and ``<<==== NAME ====<<``.  A bibliography case cites the
items of its CITATION-ITEMS / CITATIONS (the last version of each ``citationID``) in
order of first citation (all of INPUT
when it has neither), renders them with its CSL in its style's ``default-locale``
(``en-US`` when unset) and compares with RESULT, citeproc-js' HTML.

Comparison: each line of both sides is stripped and blank lines dropped, lines
joined without separator (the indentation of citeproc-js' ``<div>`` nesting is not
content); whitespace before ``</div>`` at the end of a ``csl-left-margin`` is
dropped (``1. `` vs ``1.``).  Entities and tags are compared as they are.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# ../shared from the main checkout; ../../shared from a worktree under a sibling folder
SUITE_DIRS = [base / "shared" / "csl-test-suite" / "processor-tests" / "humans" for base in ROOT.parents[:2]]
SUITE = next((d for d in SUITE_DIRS if d.is_dir()), None)

_SECTION = re.compile(r">>=+ ([A-Z-]+) =+>>\n(.*?)\n<<=+ \1 =+<<", re.DOTALL)

Renderer = Callable[[list[dict[str, Any]], str, str], list[str]]
"""(items, style path, locale) -> the inner HTML of each entry, in bibliography order."""


@dataclass
class Case:
    """One bibliography-mode case."""

    name: str
    result: str
    csl: str
    items: list[dict[str, Any]]
    locale: str


def _cited_ids(sections: dict[str, str]) -> list[str] | None:
    groups: list[list[dict[str, Any]]] = []
    if "CITATION-ITEMS" in sections:
        groups = json.loads(sections["CITATION-ITEMS"])
    elif "CITATIONS" in sections:
        # a citation sent again under the same citationID replaces the earlier one
        latest: dict[str, list[dict[str, Any]]] = {}
        for citation in json.loads(sections["CITATIONS"]):
            latest[citation[0]["citationID"]] = citation[0]["citationItems"]
        groups = list(latest.values())
    else:
        return None
    ids: list[str] = []
    for group in groups:
        for cite in group:
            if str(cite["id"]) not in ids:
                ids.append(str(cite["id"]))
    return ids


def load_case(path: Path) -> Case | None:
    """The case in ``path``, or None when it is not in bibliography mode."""
    sections = {m.group(1): m.group(2) for m in _SECTION.finditer(path.read_text(encoding="utf-8"))}
    if sections.get("MODE", "").strip() != "bibliography":
        return None
    items: list[dict[str, Any]] = json.loads(sections["INPUT"])
    ids = _cited_ids(sections)
    if ids is not None:
        by_id = {str(item["id"]): item for item in items}
        items = [by_id[i] for i in ids if i in by_id]
    locale = re.search(r'<style\b[^>]*\bdefault-locale="([^"]+)"', sections["CSL"])
    return Case(path.stem, sections["RESULT"], sections["CSL"], items, locale.group(1) if locale else "en-US")


def cases() -> Iterator[Case]:
    """Every bibliography-mode case of the suite (none when the suite is absent)."""
    if SUITE is None:
        return
    for path in sorted(SUITE.glob("*.txt")):
        case = load_case(path)
        if case is not None:
            yield case


def normalize(html: str) -> str:
    """The comparison form of a bibliography's HTML (see the module docstring)."""
    joined = "".join(line.strip() for line in html.splitlines() if line.strip())
    return re.sub(r'(<div class="csl-left-margin">[^<]*?)\s+</div>', r"\1</div>", joined)


def bibliography_html(entries: list[str]) -> str:
    """citeproc-js' wrapping of entries' inner HTML."""
    body = "".join(f'<div class="csl-entry">{entry}</div>' for entry in entries)
    return f'<div class="csl-bib-body">{body}</div>'


def run_case(case: Case, render: Renderer) -> tuple[bool, str]:
    """Whether ``render`` passes the case, and its normalized output (or the error)."""
    with tempfile.NamedTemporaryFile("w", suffix=".csl", encoding="utf-8", delete=False) as f:
        f.write(case.csl)
    try:
        got = normalize(bibliography_html(render(case.items, f.name, case.locale)))
    except Exception as exc:  # a crash is a failed case
        return False, f"{type(exc).__name__}: {exc}"
    finally:
        Path(f.name).unlink()
    return got == normalize(case.result), got
