"""Formatted bibliography: plain citeproc-py vs rnnbib's fast path, side by side (issues 6 b, 14).

    python bench/bench_formatted.py [--items 1000] [--styles apa,ieee,chicago-author-date]

For each style, on the same synthetic items with authors and again without any
(an offline reading list: author-less items all collide for disambiguation), in one run:

- plain: citeproc-py's documented usage - one CitationStylesBibliography, register
  every item, sort(), bibliography() - with a freshly parsed style;
- rnnbib plain path: the same usage with rnnbib's fixes (``fast=False``);
- fast (cold): rnnbib's fast path with a new :class:`Renderer` (empty caches);
- re-render (warm): the same renderer again on the unchanged list (entries from its cache).

Each time is the shortest of ``--repeat`` runs (default 3; shared machines are noisy).
Prints times, speed-ups over plain citeproc-py, whether the fast path's text is
identical to rnnbib's plain path, and how many entries differ from plain citeproc-py
(the fixes).  Never asserts.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
import warnings
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from rnnbib.writers.csl_engine import Renderer, render_bibliography

SYLLABLES = [
    "ka", "ro", "mi", "ta", "shi", "ne", "lo", "ve", "ber", "gan", "dor", "fel", "hau", "ken", "lin", "mor",
    "nak", "pet", "quin", "ras", "sol", "tor", "ul", "vin", "wes",
]
GIVEN = [
    "Alex", "Yoshua", "Geoffrey", "Ilya", "Kyunghyun", "Andrej", "Christopher", "Jürgen", "Sepp", "Yann",
    "Oriol", "Quoc", "Maria", "Li", "Wei",
]
WORDS = [
    "recurrent", "neural", "networks", "long", "short-term", "memory", "sequence", "learning", "attention",
    "translation", "gradient", "training", "deep", "models", "language", "speech", "generative",
    "convolutional", "transformers", "augmented", "policy",
]
TYPES = ["article-journal", "paper-conference", "article", "webpage", "software", "post-weblog", "thesis",
         "book"]


def synthetic_items(n: int, seed: int = 1) -> list[dict[str, Any]]:
    """Reading-list-like CSL items: 8 types, 1-5 authors from a large name pool, some shared years."""
    rnd = random.Random(seed)
    items = []
    for i in range(n):
        kind = TYPES[i % len(TYPES)]
        months = [rnd.randint(1, 12)] if rnd.random() < .5 else []
        item: dict[str, Any] = {
            "id": f"item{i}",
            "type": kind,
            "title": " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(3, 9))).capitalize(),
            "author": [
                {"family": "".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(2, 3))).capitalize(),
                 "given": rnd.choice(GIVEN)}
                for _ in range(rnd.randint(1, 5))
            ],
            "issued": {"date-parts": [[rnd.randint(1990, 2024), *months]]},
        }
        if kind == "article-journal":
            pages = f"{rnd.randint(1, 900)}-{rnd.randint(901, 2000)}"
            item.update({"container-title": "Neural Computation", "volume": str(rnd.randint(1, 40)),
                         "issue": str(rnd.randint(1, 12)), "page": pages, "DOI": f"10.1162/neco.{i}"})
        elif kind == "paper-conference":
            item.update({"container-title": "Proceedings of ICML", "publisher": "PMLR",
                         "page": f"{rnd.randint(1, 900)}-{rnd.randint(901, 2000)}"})
        elif kind == "article":
            arxiv = f"{1400 + i % 100}.{i:05d}"
            item.update({"publisher": "arXiv", "number": f"arXiv:{arxiv}",
                         "URL": f"https://arxiv.org/abs/{arxiv}"})
        else:
            item["URL"] = f"https://example.org/{i}"
        items.append(item)
    return items


def plain_citeproc_py(items: list[dict[str, Any]], style: str) -> dict[str, str]:
    """citeproc-py's documented usage; entries by id."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bib = CitationStylesBibliography(CitationStylesStyle(style, locale="en-US", validate=False),
                                         CiteProcJSON(items), formatter.plain)
        for item in items:
            bib.register(Citation([CitationItem(item["id"])]))
        bib.sort()
        ids = {item["id"].lower(): item["id"] for item in items}
        return {ids[key]: str(text) for key, text in zip(bib.keys, bib.bibliography(), strict=True)}


def timed(func: Any, repeat: int = 1) -> tuple[float, Any]:
    """The shortest of ``repeat`` runs (the least disturbed by other load) and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--styles", default="apa,ieee,chicago-author-date")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the shortest is shown")
    args = parser.parse_args()
    items = synthetic_items(args.items)
    print(f"# formatted text, {args.items} synthetic items, locale en-US")
    print(f"# {platform.python_implementation()} {platform.python_version()} on {platform.machine()}, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    header = (f"{'style':<22}{'authors':<9}{'plain':>9}{'fixed':>9}{'cold':>9}{'speed-up':>10}{'warm':>11}"
              f"{'speed-up':>10}  identical  differs-from-plain")
    print(header)
    without = [{k: v for k, v in item.items() if k != "author"} for item in items]
    for style in args.styles.split(","):
        for label, data in (("yes", items), ("no", without)):
            t_plain, plain = timed(lambda s=style, d=data: plain_citeproc_py(d, s), args.repeat)
            t_fixed, fixed = timed(lambda s=style, d=data: render_bibliography(d, s, fast=False))
            t_fast, fast = timed(lambda s=style, d=data: render_bibliography(
                d, s, renderer=Renderer(from_environment=False)), args.repeat)  # a new renderer: cold
            renderer = Renderer(from_environment=False)
            render_bibliography(data, style, renderer=renderer)
            t_again, again = timed(lambda s=style, d=data, r=renderer: render_bibliography(d, s, renderer=r),
                                   args.repeat)
            identical = "yes" if fast == fixed == again else "NO"
            differs = sum(1 for e in fast if " ".join(plain.get(e.id, "").split()) != " ".join(e.text.split()))
            print(f"{style:<22}{label:<9}{t_plain:>8.2f}s{t_fixed:>8.2f}s{t_fast:>8.2f}s{t_plain / t_fast:>9.1f}x"
                  f"{t_again:>10.3f}s{t_plain / t_again:>9.0f}x  {identical:<9}  {differs}/{len(fast)}")
    print("# plain: citeproc-py alone (register, sort, bibliography); fixed: rnnbib's plain path (fixes,")
    print("# no caches); cold: rnnbib's fast path, new renderer; warm: the same renderer, unchanged list;")
    print("# identical: cold == fixed == warm; differs-from-plain: entries the fixes change.")


if __name__ == "__main__":
    main()
