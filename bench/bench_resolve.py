"""Benchmark resolution against a local server with injected latency (prints figures; asserts nothing).

Two runs, each against fresh fakes of arXiv, Crossref, DataCite, doi.org and GitHub
(tests/httpserver.py) with ``--latency`` seconds added to every answer:

1. the seed list (examples/rnn-and-lstm.md, read by rnnbib's reader), then again from the cache;
2. a synthetic list of ``--ids`` arXiv ids.

arXiv pacing is the real 3 s unless ``--arxiv-delay`` says otherwise.  The naive client
(one request per id, as manubot and Zotero do) is not run: its time is extrapolated as
requests x (arXiv delay + latency), since running it would take hours.

    python bench/bench_resolve.py [--ids 5000] [--latency 0.2] [--arxiv-delay 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from httpserver import LocalServer, Reply, Services, install_services  # noqa: E402

import rnnbib  # noqa: E402
from rnnbib import Identifier, Work  # noqa: E402
from rnnbib.online.config import ResolveConfig  # noqa: E402
from rnnbib.online.pipeline import ResolveSummary, resolve_works  # noqa: E402

SEED = ROOT / "examples" / "rnn-and-lstm.md"


def add_latency(server: LocalServer, latency: float) -> None:
    """Wrap every route so that its answers come ``latency`` seconds late."""
    wrapped = []
    for method, pattern, target in server._routes:
        def late(rec: Any, match: Any, target: Any = target) -> Reply:
            reply = target if isinstance(target, Reply) else target(rec, match)
            return replace(reply, delay=reply.delay + latency)
        wrapped.append((method, pattern, late))
    server._routes = wrapped


def run(label: str, works: list[Work], services: Services, cache: Path,
        args: argparse.Namespace) -> ResolveSummary:
    config = ResolveConfig.from_options(env={}, **services.options(), cache_dir=cache,
                                        arxiv_delay=args.arxiv_delay, quiet=True)
    before = len(services.server.requests)
    started = time.monotonic()
    summary = resolve_works(works, config)
    elapsed = time.monotonic() - started
    sent = len(services.server.requests) - before
    per_service = ", ".join(f"{k} {v}" for k, v in sorted(summary.network.items())) or "none"
    statuses = ", ".join(f"{v} {k}" for k, v in sorted(summary.statuses.items()))
    print(f"{label:<32} {len(works):>6} works  {sent:>5} requests ({per_service})  {elapsed:8.2f} s"
          f"  [{statuses}]")
    return summary


def naive(label: str, ids: int, args: argparse.Namespace) -> None:
    seconds = ids * (args.arxiv_delay + args.latency)
    print(f"{label:<32} {ids:>6} ids    {ids:>5} requests (arxiv {ids})  {seconds:8.0f} s  "
          f"[extrapolated: {ids} x ({args.arxiv_delay:g} s delay + {args.latency:g} s latency), not run]")


def seed_works() -> list[Work]:
    return list(rnnbib.read(SEED).works)


def synthetic_works(count: int) -> list[Work]:
    ids = [f"{15 + n // 108000:02d}{n // 9000 % 12 + 1:02d}.{n % 9000 + 10000:05d}" for n in range(count)]
    return [Work(csl={"type": "article", "title": f"Paper {i}"}, identifiers=[Identifier("arxiv", i)])
            for i in ids]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ids", type=int, default=5000, help="synthetic arXiv ids (default 5000)")
    parser.add_argument("--latency", type=float, default=0.2, help="seconds added to each answer (0.2)")
    parser.add_argument("--arxiv-delay", type=float, default=3.0, help="seconds between arXiv requests (3)")
    args = parser.parse_args()
    print(f"latency {args.latency:g} s per answer, arXiv delay {args.arxiv_delay:g} s\n")
    with tempfile.TemporaryDirectory() as tmp:
        runs = (("seed", seed_works), (f"synthetic {args.ids}", lambda: synthetic_works(args.ids)))
        for label, make in runs:
            server = LocalServer().start()
            try:
                services = install_services(server)
                add_latency(server, args.latency)
                cache = Path(tmp) / label.replace(" ", "-")
                works = make()
                run(f"{label}: rnnbib", works, services, cache, args)
                run(f"{label}: rnnbib, cached", make(), services, cache, args)
                arxiv_ids = sum(1 for w in works if w.first_id("arxiv"))
                naive(f"{label}: naive (per id)", arxiv_ids, args)
            finally:
                server.stop()
            print()


if __name__ == "__main__":
    main()
