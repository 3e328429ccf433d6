"""Synthetic reading lists in the seed's style, for the benchmarks.

The seed (examples/rnn-and-lstm.md) is cut into its titled entries (a ``**Title**`` line and
the body up to the next title, heading or rule).  A synthetic list of ``n`` entries cycles
through those entry shapes, keeping every label, author and intro line, with:

- a unique title made of words from the seed's titles (acronyms such as LSTM included);
- a unique, valid arXiv id for every arXiv link (``YYMM.NNNNN``, 2015-2023);
- a unique GitHub owner/repo and gist id for every code link;
- a unique path for every other URL (same host as in the seed);
- a ``#`` heading every 200 entries and a ``##`` heading every 25, as the seed has sections.

The same ``n`` always gives the same text (a fixed random seed).
"""

from __future__ import annotations

import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "rnn-and-lstm.md"

_TITLE = re.compile(r"^\*\*(.+)\*\*\s*$")
_URL = re.compile(r"https?://[^\s)\]]+")
_ARXIV = re.compile(r"^(https?://(?:www\.)?arxiv\.org/(?:abs|pdf)/)\d{4}\.\d{4,5}(v\d+)?(\.pdf)?$")
_GITHUB = re.compile(r"^(https?://github\.com/)([^/]+)/([^/#?]+)(.*)$")
_GIST = re.compile(r"^(https?://gist\.github\.com/)(?:[^/]+/)?[0-9a-f]+(.*)$")
_HOST = re.compile(r"^(https?://[^/?#]+)(.*)$")


def seed_entries(seed: Path = SEED) -> list[list[str]]:
    """The seed's titled entries, each as its lines (title first, trailing blank lines dropped)."""
    text = seed.read_text(encoding="utf-8")
    if text.startswith("---\n"):
        text = text[text.index("\n---\n", 4) + 5:]
    entries: list[list[str]] = []
    current: list[str] | None = None
    for line in text.split("\n"):
        if _TITLE.match(line):
            current = [line]
            entries.append(current)
        elif line.startswith("#") or line.strip() in ("- - -", "---", "***"):
            current = None
        elif current is not None:
            current.append(line)
    for entry in entries:
        while entry and not entry[-1].strip():
            entry.pop()
    return entries


def _title_words(entries: list[list[str]]) -> list[str]:
    words: list[str] = []
    for entry in entries:
        m = _TITLE.match(entry[0])
        assert m is not None
        words.extend(w.strip(",.:()") for w in m.group(1).split())
    return sorted({w for w in words if w and w.isascii() and not w.startswith("(")})


class _Maker:
    """Hands out unique replacement values."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.arxiv = 0
        self.repo = 0
        self.page = 0
        self.titles: set[str] = set()

    def arxiv_id(self) -> str:
        n = self.arxiv
        self.arxiv += 1
        month = n % 108  # 2015-01 .. 2023-12
        return f"{15 + month // 12:02d}{month % 12 + 1:02d}.{n // 108 + 1:05d}"

    def url(self, url: str) -> str:
        m = _ARXIV.match(url)
        if m:
            return f"{m.group(1)}{self.arxiv_id()}{m.group(2) or ''}{m.group(3) or ''}"
        self.repo += 1
        m = _GIST.match(url)
        if m:
            return f"{m.group(1)}{self.repo:032x}{m.group(2)}"
        m = _GITHUB.match(url)
        if m:
            return f"{m.group(1)}{m.group(2)}{self.repo}/{m.group(3)}-{self.repo}{m.group(4)}"
        self.page += 1
        m = _HOST.match(url)
        assert m is not None
        return f"{m.group(1)}/p{self.page}{m.group(2) or '/'}"

    def title(self, words: list[str], template: str) -> str:
        while True:
            size = self.rng.randint(3, 10)
            picked = self.rng.sample(words, size)
            title = " ".join(picked)
            title = title[0].upper() + title[1:]
            if ":" in template and self.rng.random() < 0.5:
                title = f"{picked[0]}: {' '.join(self.rng.sample(words, size))}"
            if title not in self.titles:
                self.titles.add(title)
                return title


def synthetic_list(n: int, seed: Path = SEED) -> str:
    """A Markdown reading list of ``n`` titled entries in the seed's style (see the module docstring)."""
    entries = seed_entries(seed)
    words = _title_words(entries)
    maker = _Maker(random.Random(n))
    out = [f"---\ntitle: Synthetic reading list ({n} entries)\ndate: 2024-01-01\n---\n"]
    for i in range(n):
        if i % 200 == 0:
            out.append(f"# Part {i // 200 + 1}\n")
        if i % 25 == 0:
            out.append(f"## Topic {i // 25 + 1}\n")
        template = entries[i % len(entries)]
        title_match = _TITLE.match(template[0])
        assert title_match is not None
        lines = [f"**{maker.title(words, title_match.group(1))}**"]
        for line in template[1:]:
            mapping: dict[str, str] = {}
            for url in _URL.findall(line):
                if url not in mapping:
                    mapping[url] = maker.url(url)
            lines.append(_URL.sub(lambda m: mapping[m.group(0)], line))  # noqa: B023 (used at once)
        out.append("\n".join(lines) + "\n")
    return "\n".join(out)


if __name__ == "__main__":  # pragma: no cover
    import sys

    sys.stdout.write(synthetic_list(int(sys.argv[1]) if len(sys.argv) > 1 else 100))
