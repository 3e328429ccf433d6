"""Chunked and parallel reading of big lists (rnnbib.readers.md_parallel) gives what one reading gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from rnnbib.readers import md_parallel
from rnnbib.readers.markdown import read_markdown
from rnnbib.readers.md_parallel import split

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "rnn-and-lstm.md"

# Every construct next to a boundary: a list, a quote, a table and an HTML block just before a
# `# ` heading, an entry whose body is cut off by the heading, a label list under a heading, a bold
# title with a link, label bullets after a paragraph that is not a title, a quoted entry and a lazy
# list item that mistune reorders.
TRICKY = """---
title: Tricky
---

# Doc title heading

**First entry**

- arxiv: [http://arxiv.org/abs/1406.6247](http://arxiv.org/abs/1406.6247)
- intro: NIPS 2014

# Part A

**Entry with a quote**

> - github: [https://github.com/a/b](https://github.com/a/b)

| Title | Link |
|---|---|
| A table paper | [pdf](http://example.org/a.pdf) |

# Part B

<img src="/x.png" />

**Bold title with nothing after it**

# Part C

- blog: [http://example.org/post](http://example.org/post)
- notes: free text

## Sub

* Authors, *An Italic Title Here*, arXiv:1511.06279 [[Paper](https://arxiv.org/abs/1511.06279)]

# Part E

**Title with [a link](https://example.org/l)**

- arxiv: [http://arxiv.org/abs/1512.03385](http://arxiv.org/abs/1512.03385)

Not a bold title

- github: [https://github.com/e/f](https://github.com/e/f)

> **Quoted entry**
> - paper: https://arxiv.org/abs/1409.0473
- lazy item
# Part E2

# Part D

**Last entry**
[https://github.com/c/d](https://github.com/c/d)
"""


def _same(a: object, b: object) -> None:
    assert a.works == b.works  # type: ignore[attr-defined]
    assert a.problems == b.problems  # type: ignore[attr-defined]
    assert a.meta == b.meta  # type: ignore[attr-defined]


@pytest.fixture
def whole(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    def read(text: str, name: str):  # type: ignore[no-untyped-def]
        monkeypatch.setattr(md_parallel, "CHUNK_CHARS", 10**12)
        result = read_markdown(text, name)
        monkeypatch.undo()
        return result
    return read


@pytest.mark.parametrize("size", [1, 40, 300, 3000])
@pytest.mark.parametrize("parallel", [False, True])
def test_chunks_read_like_the_whole(monkeypatch: pytest.MonkeyPatch, whole, size: int,  # type: ignore[no-untyped-def]
                                    parallel: bool) -> None:
    seed = SEED.read_text(encoding="utf-8")
    expected = {"tricky.md": whole(TRICKY, "tricky.md"), "seed.md": whole(seed, "seed.md")}
    monkeypatch.setattr(md_parallel, "CHUNK_CHARS", size)
    monkeypatch.setattr(md_parallel, "MIN_PARALLEL_CHARS", 0 if parallel else 10**12)
    monkeypatch.setattr(md_parallel, "jobs", lambda: 3)
    for name, text in (("tricky.md", TRICKY), ("seed.md", seed)):
        if size < len(text) // 2:
            assert len(split(text, size)) > 1
        _same(read_markdown(text, name), expected[name])


def test_line_numbers_survive_chunking(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(md_parallel, "CHUNK_CHARS", 1)
    result = read_markdown(TRICKY, "t.md")
    lines = TRICKY.split("\n")
    titled = [w for w in result.works if f"**{w.list_title}**" in TRICKY]
    assert [w.list_title for w in titled] == ["First entry", "Entry with a quote", "Quoted entry", "Last entry"]
    for work in titled:
        assert lines[work.sources[0].line - 1].removeprefix("> ") == f"**{work.list_title}**"
    others = {w.list_title: w.sources[0].line for w in result.works if w not in titled}
    assert lines[others["Title with a link"] - 1].startswith("**Title with [a link]")
    assert lines[others["Not a bold title"] - 1] == "Not a bold title"


def test_boundaries_are_top_level_headings_after_a_blank_line() -> None:
    text = "intro\n\n# A\ntext\n# B not after blank\n\n## C\n\n# D\n\nend\n"
    starts = [text[a:b].split("\n", 1)[0] for a, b in split(text, 1)]
    assert starts == ["intro", "# A", "# D"]


@pytest.mark.parametrize("unsafe", [
    "```\ncode\n\n# not a heading\n```\n",
    "<!-- comment\n\n# inside\n-->\n",
    "<pre>\n\n# inside\n</pre>\n",
    "[ref]: http://example.org\n",
])
def test_unsafe_documents_are_read_whole(unsafe: str) -> None:
    text = "# A\n\ntext\n\n" + unsafe + "\n# B\n\nmore\n\n# C\n\nend\n"
    assert split(text, 1) == [(0, len(text))]


def test_small_input_is_one_chunk() -> None:
    text = "# A\n\ntext\n\n# B\n\nmore\n"
    assert split(text) == [(0, len(text))]


def test_jobs_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RNNBIB_JOBS", "1")
    assert md_parallel.jobs() == 1
