"""The long fuzz run: the property tests' properties with many examples, within a time budget.

Usage::

    python tests/fuzz/run_fuzz.py --examples 100000 --budget-seconds 480 [--jobs 2] [--seed N] [--require]

Worker processes (``--jobs``, default: the number of CPUs, at most 4) take turns over the properties
of ``tests/fuzz/properties.py`` in chunks of hypothesis runs (fresh random seed each, no example
database) until together they have run ``--examples`` examples or the budget is spent.  Prints the
examples run per property, the examples that hit a known bug (skipped), every failure with its
falsifying example, and exits 1 on any failure; with ``--require``, also exits 3 when the budget ran
out before ``--examples`` examples.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from contextlib import redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TESTS = Path(__file__).resolve().parents[1]
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))
if str(TESTS.parent) not in sys.path:
    sys.path.insert(0, str(TESTS.parent))

import logging  # noqa: E402

import strategies as S  # noqa: E402
from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from fuzz import properties as P  # noqa: E402

logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)


@dataclass
class Tally:
    """What a worker (or the whole run) did."""

    examples: Counter[str] = field(default_factory=Counter)
    known: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        """Fold another tally into this one."""
        self.examples.update(other.examples)
        self.known.update(other.known)
        self.failures += other.failures


def _writers(tally: Tally, works: list[Any]) -> None:
    for bug in P.check_writers(works):
        tally.known[bug] += 1


def _formatted(tally: Tally, works: list[Any]) -> None:
    P.check_html(works)
    bug = P.known_bug(works, "markdown")
    if bug:
        tally.known[bug] += 1
    else:
        P.check_markdown(works)


def _reader(kind: str, name: str) -> Callable[[Tally, str], None]:
    from rnnbib.readers import get_reader

    reader = get_reader(kind)

    def run(tally: Tally, text: str) -> None:
        for bug in P.check_reader_pipeline(reader, text, name):
            tally.known[bug] += 1

    return run


def _bytes(tally: Tally, data: bytes) -> None:
    import rnnbib
    from rnnbib.errors import RnnbibError

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "input.md"
        path.write_bytes(data)
        try:
            bib = rnnbib.read(path)
        except RnnbibError as exc:
            assert exc.location and str(path) in exc.location, exc
            return
        _writers(tally, bib.works)


def _csljson_text(items: list[dict[str, Any]]) -> str:
    return json.dumps(items, ensure_ascii=False)


# name -> (strategy, check, weight: share of the examples)
PROPERTIES: dict[str, tuple[st.SearchStrategy[Any], Callable[[Tally, Any], None], int]] = {
    "writers(works)": (S.work_lists(max_size=2), _writers, 30),
    "markdown reader": (S.reading_lists(), _reader("markdown", "list.md"), 30),
    "bibtex reader": (S.bib_files(), _reader("bibtex", "refs.bib"), 15),
    "idlist reader": (S.id_lists(), _reader("ids", "ids.txt"), 8),
    "csljson reader": (st.lists(S.csl_items(), max_size=3).map(_csljson_text), _reader("csljson", "items.json"), 8),
    "any bytes -> read": (S.binary_blobs(), _bytes, 5),
    "html/markdown output": (S.work_lists(max_size=2), _formatted, 4),
}


def _chunk(name: str, size: int, run_seed: int, tally: Tally) -> None:
    strategy, check, _weight = PROPERTIES[name]

    @seed(run_seed)
    @settings(max_examples=size, database=None, deadline=None, derandomize=False,
              phases=(Phase.generate, Phase.shrink), suppress_health_check=list(HealthCheck),
              report_multiple_bugs=False)
    @given(strategy)
    def prop(example: Any) -> None:
        tally.examples[name] += 1
        check(tally, example)

    out = io.StringIO()
    try:
        with redirect_stdout(out):
            prop()
    except Exception as exc:  # a property failed: keep hypothesis' report, go on with the others
        report = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        tally.failures.append(f"[{name}] seed={run_seed}\n{report}\n{out.getvalue().strip()}")


def worker(target: int, deadline: float, worker_seed: int) -> Tally:
    """Run chunks of every property, by weight, until ``target`` examples or the deadline."""
    rng = random.Random(worker_seed)
    tally = Tally()
    names = list(PROPERTIES)
    weights = [PROPERTIES[n][2] for n in names]
    while sum(tally.examples.values()) < target and time.time() < deadline:
        name = rng.choices(names, weights)[0]
        size = min(200, max(10, target - sum(tally.examples.values())))
        failures = len(tally.failures)
        _chunk(name, size, rng.randrange(2**32), tally)
        if len(tally.failures) > failures:
            weights[names.index(name)] = 0  # one report per property is enough
            if not any(weights):
                break
    return tally


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, run the workers, print the figures; exit 1 on failure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=100_000, help="examples to run in total")
    parser.add_argument("--budget-seconds", type=float, default=600.0, help="stop after this many seconds")
    parser.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1), help="worker processes")
    parser.add_argument("--seed", type=int, default=None, help="seed of the run (default: random)")
    parser.add_argument("--require", action="store_true", help="exit 3 when fewer than --examples ran")
    args = parser.parse_args(argv)
    run_seed = args.seed if args.seed is not None else random.randrange(2**32)
    start = time.time()
    deadline = start + args.budget_seconds
    share = -(-args.examples // args.jobs)
    total = Tally()
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(worker, share, deadline, run_seed + i) for i in range(args.jobs)]
        for future in futures:
            total.add(future.result())
    elapsed = time.time() - start
    ran = sum(total.examples.values())
    print(f"fuzz: seed {run_seed}, {args.jobs} workers, {elapsed:.0f} s")
    for name in PROPERTIES:
        print(f"  {name:<22} {total.examples[name]:>8} examples")
    for bug, count in sorted(total.known.items()):
        print(f"  known bug {bug}: hit by {count} examples (check skipped)")
    print(f"fuzz: examples run: {ran}; failures: {len(total.failures)}")
    for failure in total.failures:
        print("-" * 78 + "\n" + failure)
    if total.failures:
        return 1
    if ran < args.examples:
        print(f"fuzz: budget of {args.budget_seconds:g} s spent after {ran} of {args.examples} examples")
        return 3 if args.require else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
