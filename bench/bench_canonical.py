"""Benchmark the published-version check (Semantic Scholar + DBLP) against the local fakes (prints figures).

Runs the real client code against tests/httpserver.py + tests/scholarfakes.py on 127.0.0.1:

1. the example list (examples/rnn-and-lstm.md), cold, then warm (from the cache);
2. ``--ids`` synthetic arXiv ids; Semantic Scholar knows every one and places one in ``--placed-every``
   at a conference that DBLP has a record of.

Pacing is 0 against the local server (``--s2-delay`` / ``--dblp-delay`` to change); the time the real
services' pacing would add (S2 1 s, DBLP 1 s between requests) is printed next to it as
requests x delay, since running it would take that long.

    python bench/bench_canonical.py [--ids 5000] [--placed-every 5]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from httpserver import LocalServer, Services, install_services  # noqa: E402
from scholarfakes import DblpFake, S2Fake, install_scholar, s2_paper  # noqa: E402

import rnnbib  # noqa: E402
from rnnbib import Identifier, Work  # noqa: E402
from rnnbib.online.config import ResolveConfig  # noqa: E402
from rnnbib.online.pipeline import resolve_works  # noqa: E402

SEED = ROOT / "examples" / "rnn-and-lstm.md"
REAL_DELAY = {"s2": 1.0, "dblp": 1.0}


def run(label: str, works: list[Work], services: Services, cache: Path, args: argparse.Namespace) -> None:
    config = ResolveConfig.from_options(env={}, **services.options(), cache_dir=cache, arxiv_delay=0,
                                        s2_delay=args.s2_delay, dblp_delay=args.dblp_delay, quiet=True)
    before = len(services.server.requests)
    started = time.monotonic()
    summary = resolve_works(works, config)
    elapsed = time.monotonic() - started
    made = services.server.requests[before:]
    counts = {name: sum(1 for r in made if r.path.startswith(f"/{name}/")) for name in ("s2", "dblp")}
    paced = sum(counts[name] * REAL_DELAY[name] for name in counts)
    states: dict[str, int] = {}
    for work in works:
        state = work.extra.get("canonical", {}).get("status", "-")
        states[state] = states.get(state, 0) + 1
    print(f"{label:<28} {len(works):>6} works  s2 {counts['s2']:>3}  dblp {counts['dblp']:>5}  "
          f"all {len(made):>5} requests  {elapsed:7.2f} s  (+{paced:,.0f} s at the real pacing)  "
          f"{dict(sorted(states.items()))}  network {dict(sorted(summary.network.items()))}")


def synthetic(count: int, placed_every: int) -> tuple[list[Work], list[dict[str, Any]], list[dict[str, Any]]]:
    works, papers, hits = [], [], []
    for n in range(count):
        ident = f"{15 + n // 108000:02d}{n // 9000 % 12 + 1:02d}.{n % 9000 + 10000:05d}"
        title = f"Synthetic Study Number {n} of Recurrent Models"
        authors = [f"Author{n} Family{n}"]
        works.append(Work(csl={"type": "article", "title": title}, identifiers=[Identifier("arxiv", ident)]))
        placed = n % placed_every == 0
        case = {"id": f"S{n}", "arxiv": ident, "title": title, "authors": authors, "year": 2015,
                "s2": {"venue": "International Conference on Machine Learning" if placed else "arXiv.org",
                       "vtype": "conference" if placed else "", "journal": "" if placed else "ArXiv"}}
        papers.append(s2_paper(case) or {})
        if placed:
            hits.append({"key": f"conf/icml/Family{n}16", "title": title + ".", "authors": authors,
                         "venue": "ICML", "year": 2016, "ee": [f"https://arxiv.org/abs/{ident}"],
                         "type": "Conference and Workshop Papers", "booktitle": "Proceedings of ICML 2016",
                         "pages": "1-9"})
    return works, papers, hits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ids", type=int, default=5000)
    parser.add_argument("--placed-every", type=int, default=5)
    parser.add_argument("--s2-delay", type=float, default=0.0)
    parser.add_argument("--dblp-delay", type=float, default=0.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        server = LocalServer().start()
        try:
            services = install_services(server)
            run("example list, cold", list(rnnbib.read(SEED).works), services, Path(tmp) / "seed", args)
            run("example list, warm", list(rnnbib.read(SEED).works), services, Path(tmp) / "seed", args)
            works, papers, hits = synthetic(args.ids, args.placed_every)
            install_scholar(server, s2=S2Fake(folder=None, extra=papers), dblp=DblpFake(folder=None, extra=hits))
            run(f"{args.ids} synthetic ids, cold", works, services, Path(tmp) / "ids", args)
            again = synthetic(args.ids, args.placed_every)[0]
            run(f"{args.ids} synthetic ids, warm", again, services, Path(tmp) / "ids", args)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
