"""Every reading-list entry with a link is accounted for (issue 13): it makes a work, joins one, or
is reported with its line; table-cell titles carry no description and no numbering.

The entries with a link are found here from mistune's AST, independently of the reader's walk:
every table row, list item and paragraph (outside list items) whose own text holds a usable link.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

import rnnbib
from rnnbib.readers.markdown import read_markdown, usable_links
from rnnbib.readers.md_ast import parse_blocks, pieces

DATA = Path(__file__).parent / "data" / "lists"
# The third-party lists: ../shared/corpus next to the repository (RNNBIB_SHARED_DIR to point elsewhere).
SHARED = Path(os.environ.get("RNNBIB_SHARED_DIR") or Path(__file__).resolve().parents[1].parent / "shared")
CORPUS = SHARED / "corpus"


def _lists() -> list[Path]:
    own = sorted(DATA.glob("*.md"))
    shared = sorted(p for p in CORPUS.rglob("*.md") if p.name != "SOURCE.md") if CORPUS.is_dir() else []
    return own + shared


def _blocks(tokens: list[dict[str, Any]], in_item: bool = False) -> list[tuple[int, int, list[Any]]]:
    """``(first line, line count, inline pieces)`` of every row, list item and free paragraph."""
    out: list[tuple[int, int, list[Any]]] = []
    for tok in tokens:
        kind = tok["type"]
        if kind == "table":
            for part in tok.get("children", []):
                if part["type"] == "table_body":
                    for row in part.get("children", []):
                        cells = [p for cell in row.get("children", []) for p in pieces(cell.get("children", []))]
                        out.append((row.get("_line", 0), 0, cells))  # 0 lines: a table row
        elif kind == "list_item":
            heads = [c for c in tok.get("children", []) if c["type"] in ("paragraph", "block_text")]
            if heads:
                head = heads[0]
                out.append((head.get("_line", 0), 1 + _breaks(head), pieces(head["children"])))
            out.extend(_blocks([c for c in tok.get("children", []) if c["type"] != "paragraph"
                                and c["type"] != "block_text"], in_item=True))
        elif kind in ("paragraph", "block_text") and not in_item:
            out.append((tok.get("_line", 0), 1 + _breaks(tok), pieces(tok["children"])))
        elif tok.get("children") and kind not in ("paragraph", "block_text", "heading"):
            out.extend(_blocks(tok["children"], in_item))
    return out


def _breaks(tok: dict[str, Any]) -> int:
    return sum(1 for c in tok.get("children", []) if c["type"] in ("softbreak", "linebreak"))


def table_rows(path: Path) -> set[int]:
    """Lines of the table rows of a list."""
    return {first for first, n, _ in _blocks(parse_blocks(path.read_text(encoding="utf-8"))) if n == 0}


def account(path: Path) -> tuple[int, dict[str, int], list[tuple[int, str]]]:
    """(entries with a link, how they were accounted for, the ones not accounted for)."""
    text = path.read_text(encoding="utf-8")
    result = read_markdown(text, str(path))
    starts = {w.source.line for w in result.works if w.source}
    joined = {line for w in result.works for line in w.extra.get("entry_lines", [])} - starts
    reported = {p.location.line for p in result.problems if p.location}
    counts = {"works": 0, "joined": 0, "reported": 0}
    missing: list[tuple[int, str]] = []
    entries = 0
    for first, n, items in _blocks(parse_blocks(text)):
        if not usable_links(items):
            continue
        entries += 1
        span = set(range(first, first + max(n, 1)))
        for name, lines in (("works", starts), ("joined", joined), ("reported", reported)):
            if span & lines:
                counts[name] += 1
                break
        else:
            missing.append((first, text.splitlines()[first - 1][:120]))
    return entries, counts, missing


@pytest.mark.parametrize("path", _lists(), ids=lambda p: p.name)
def test_every_entry_with_a_link_is_accounted_for(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    entries, counts, missing = account(path)
    bib = rnnbib.read(path)
    merges = sum(1 for p in bib.problems if p.kind == "merge")
    with capsys.disabled():
        print(f"\n{path.name}: {entries} entries with a link = {counts['works']} works + {counts['joined']} "
              f"joined + {counts['reported']} reported; {len(missing)} unaccounted; "
              f"{len(bib.works)} works after {merges} merges")
    assert not missing, missing[:10]
    assert len(read_markdown(path.read_text(encoding="utf-8"), str(path)).works) == len(bib.works) + merges
    rows = table_rows(path)
    for work in bib.works:  # table-cell titles: no numbering, no description run into them
        if work.source and work.source.line in rows:
            assert not re.match(r"\s*[\[(]?\d{1,4}[\])]|\s*\d{1,4}\.\s", work.title), work.title
            assert "  " not in work.title and len(work.title) <= 200, work.title


def test_fixture_shapes() -> None:
    path = DATA / "fidelity-shapes.md"
    bib = rnnbib.read(path)
    by_title = {w.title: w for w in bib.works}
    assert by_title["Earth paper"].first_id("doi").value == "10.1016/j.epsl.2011.11.037"  # type: ignore[union-attr]
    assert by_title["Word vectors"].first_id("arxiv").value == "1310.2590"  # type: ignore[union-attr]
    assert by_title["Bad target"].first_id("arxiv").value == "1603.04992"  # type: ignore[union-attr]
    table_titles = [w.title for w in bib.works if w.source and 15 <= w.source.line <= 19]
    assert table_titles == ["Scaling Laws for Everything", "Another Paper: with colon", "Third Paper"]
    for title in table_titles:
        assert not re.match(r"\d", title) and "  " not in title
    assert "description: We study how loss scales" in " ".join(by_title["Scaling Laws for Everything"].notes)
    skip = next(p for p in bib.problems if p.kind == "skip")
    assert skip.location is not None and skip.location.line == 23 and "https://example.org/team" in skip.message
    assert "Our team" in by_title  # a link bullet is an entry of its own
    bare = by_title["Earth and planetary science"]  # `- …, doi: 10.1016/…` with no link at all
    assert bare.first_id("doi").value == "10.1016/j.epsl.2011.11.038"  # type: ignore[union-attr]


@pytest.mark.parametrize(("text", "title"), [
    ("1) Scaling Laws for Everything  We study how loss scales.", "Scaling Laws for Everything"),
    ("3. Third Paper - a description", "Third Paper"),
    ("Attention Is All You Need. We propose a new simple network architecture", "Attention Is All You Need"),
    ("Stacked denoising autoencoders: Learning useful representations in a deep network with a local "
     "denoising criterion", "Stacked denoising autoencoders: Learning useful representations in a deep network "
     "with a local denoising criterion"),
    ("Mixup: a method that trains a network on convex combinations of pairs of examples and labels.", "Mixup"),
    ("KIT + MIT + Univ. Toronto", "KIT + MIT + Univ. Toronto"),
    ("[12] GPT-4 Technical Report", "GPT-4 Technical Report"),
])
def test_titles_cut_from_numbering_and_descriptions(text: str, title: str) -> None:
    from rnnbib.readers.md_titles import cut_title

    assert cut_title(text)[0] == title
