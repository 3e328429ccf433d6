"""The fast path of the formatted writers gives exactly the plain path's output.

Plain path: citeproc-py's documented usage (fresh style, one bibliography, register,
sort, bibliography()) with rnnbib's fixes.  Fast path: reused style, memoized
lookups, lazy sort, cached sort keys, citations and entries.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from rnnbib.writers import csl_engine
from rnnbib.writers.csl_engine import Renderer, lazy_sort, render_bibliography

DATA = Path(__file__).resolve().parent / "data" / "formatted"
ITEMS: list[dict[str, Any]] = json.loads((DATA / "items.json").read_text(encoding="utf-8"))
STYLES = ["apa", "ieee", "chicago-author-date", "harvard-cite-them-right", "nature",
          "modern-language-association"]


def synthetic(n: int, seed: int = 7) -> list[dict[str, Any]]:
    """Items with deliberate collisions: shared authors and years, author-less, same titles."""
    rnd = random.Random(seed)
    families = ["Graves", "Bengio", "Łukasiewicz", "van Merriënboer", "Cho", "O'Neil"]
    out = []
    for i in range(n):
        kind = ["article-journal", "article", "paper-conference", "webpage", "software", "thesis"][i % 6]
        item: dict[str, Any] = {
            "id": f"s{i}",
            "type": kind,
            "title": rnd.choice(["On RNNs", "Deep & wide: <b>nets</b>", "Why \"LSTM\"?", "A study of GRUs"]),
            "issued": {"date-parts": [[rnd.choice([2013, 2014]), rnd.randint(1, 12)]]},
        }
        if i % 5:
            item["author"] = [
                {"family": rnd.choice(families), "given": rnd.choice(["Alex", "Yoshua", "Kyunghyun"])}
                for _ in range(rnd.randint(1, 4))
            ]
        if kind == "article":
            item.update(publisher="arXiv", number=f"arXiv:1406.{1000 + i}")
        if kind == "article-journal":
            item.update({"container-title": "Neural Computation", "volume": str(i % 9 + 1), "page": "1-10"})
        out.append(item)
    return out


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("fmt", ["text", "html"])
def test_fast_equals_plain_on_the_test_list(style: str, fmt: str) -> None:
    plain = render_bibliography(ITEMS, style, "en-US", fmt, fast=False)
    renderer = Renderer(from_environment=False)
    fast = render_bibliography(ITEMS, style, "en-US", fmt, fast=True, renderer=renderer)
    assert fast == plain
    assert render_bibliography(ITEMS, style, "en-US", fmt, fast=True, renderer=renderer) == plain  # cached


@pytest.mark.parametrize("style", ["apa", "modern-language-association", "ieee"])
def test_fast_equals_plain_with_many_collisions(style: str) -> None:
    items = synthetic(90)
    assert render_bibliography(items, style, fast=True) == render_bibliography(items, style, fast=False)


def test_rerender_uses_the_cache_and_reflects_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    items = synthetic(30)
    renderer = Renderer(from_environment=False)
    calls = []
    original = csl_engine._FastRenderer._render_entry

    def counting(self: Any, layout: Any, cite: Any) -> Any:
        calls.append(cite.key)
        return original(self, layout, cite)

    monkeypatch.setattr(csl_engine._FastRenderer, "_render_entry", counting)
    first = render_bibliography(items, "apa", renderer=renderer)
    assert len(calls) == 30
    calls.clear()
    assert render_bibliography(items, "apa", renderer=renderer) == first
    assert calls == []
    # a new renderer (a new writer run) keeps nothing
    render_bibliography(items, "apa")
    assert len(calls) == 30
    calls.clear()
    # a changed item is rendered again; the others keep their cached entries
    changed = [dict(item) for item in items]
    changed[3]["title"] = "A brand new title"
    out = render_bibliography(changed, "apa", renderer=renderer)
    assert len(calls) == 1
    assert "A brand new title" in next(e.text for e in out if e.id == "s3")
    # the same items in another format or style are other entries
    calls.clear()
    render_bibliography(items, "apa", fmt="html", renderer=renderer)
    assert len(calls) == 30


def test_disk_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    items = synthetic(12)
    first = render_bibliography(items, "chicago-author-date", renderer=Renderer(str(tmp_path)))
    assert (tmp_path / "formatted-entries.sqlite").is_file()
    calls = []
    monkeypatch.setattr(csl_engine._FastRenderer, "_render_entry", lambda *a: calls.append(a))
    # a new renderer (as in a new process): nothing in memory, every entry from the disk
    assert render_bibliography(items, "chicago-author-date", renderer=Renderer(str(tmp_path))) == first
    assert calls == []


def test_year_suffix_changes_when_a_neighbour_appears() -> None:
    one = {"id": "a", "type": "book", "title": "Alpha", "author": [{"family": "Graves", "given": "A"}],
           "issued": {"date-parts": [[2013]]}}
    two = {**one, "id": "b", "title": "Beta"}
    renderer = Renderer(from_environment=False)
    assert render_bibliography([one], "apa", renderer=renderer)[0].text.startswith("Graves, A. (2013). Alpha")
    both = render_bibliography([one, two], "apa", renderer=renderer)
    assert [e.text[:20] for e in both] == ["Graves, A. (2013a). ", "Graves, A. (2013b). "]
    assert render_bibliography([one], "apa", renderer=renderer)[0].text.startswith("Graves, A. (2013). Alpha")


class _Key:
    """A stand-in sort key element: values from a table, ascending or descending."""

    def __init__(self, values: dict[str, Any], descending: bool = False) -> None:
        self.values, self.descending = values, descending

    def get(self, name: str, default: str) -> str:
        return "descending" if self.descending else default

    def sort_keys(self, items: list[Any], context: Any) -> list[Any]:
        return [self.values[i] for i in items]


def test_lazy_sort_matches_a_full_multi_key_sort() -> None:
    rnd = random.Random(3)
    ids = [f"i{n}" for n in range(200)]
    first = _Key({i: rnd.choice(["b", "A", "a", None, "c"]) for i in ids})
    second = _Key({i: rnd.choice([3, 1, 2, None]) for i in ids}, descending=True)
    third = _Key({i: rnd.choice(["x", "y"]) for i in ids})
    keys = [first, second, third]

    def full(a: str, b: str) -> int:
        for key in keys:
            result = csl_engine._compare(key.values[a], key.values[b], key.descending)
            if result:
                return result
        return 0

    from functools import cmp_to_key

    assert lazy_sort(ids, keys, None) == sorted(ids, key=cmp_to_key(full))


_FORKED_SCRIPT = """
import json, sys
sys.path.insert(0, sys.argv[2])
from test_formatted_fast import synthetic
from rnnbib.writers import csl_parallel
from rnnbib.writers.csl_engine import render_bibliography
items = synthetic(400, seed=11)
workers = csl_parallel.workers_for(len(items))
plain = render_bibliography(items, sys.argv[1], "en-US", "text", fast=False)
forked = render_bibliography(items, sys.argv[1], "en-US", "text", fast=True)
print(json.dumps({"workers": workers, "same": forked == plain, "n": len(forked)}))
"""


@pytest.mark.slow  # a fresh interpreter forks workers per style
@pytest.mark.parametrize("style", ["apa", "ieee", "chicago-author-date"])
def test_forked_workers_give_the_plain_output(style: str) -> None:
    # In a fresh interpreter (no other threads, so forking is allowed): a list long enough for the
    # worker processes, with many author/year collisions (year suffixes, added names).
    import os
    import subprocess
    import sys

    env = {**os.environ, "RNNBIB_JOBS": "2", "RNNBIB_PARALLEL_MIN": "50"}
    tests = str(Path(__file__).resolve().parent)
    proc = subprocess.run([sys.executable, "-c", _FORKED_SCRIPT, style, tests], capture_output=True, text=True,
                          env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result == {"workers": 2, "same": True, "n": 400}
