"""Offline ``.md -> .bib`` speed against its floor (prints figures; asserts nothing).

For each size (synthetic lists in the seed's style, see ``bench/synth.py``), side by side in one
process, alternating, best of ``--repeat`` runs each:

- **rnnbib**: ``rnnbib.read(path).to_string("bibtex")`` — read the file, parse, walk, merge,
  assign citekeys, escape and write (the public API, as ``rnnbib convert --offline`` runs it);
- **floor**: read the file, parse it with mistune configured exactly as rnnbib configures it
  (``renderer=None``, plugins ``table``, ``url``, ``strikethrough``), then build a bibtexparser
  ``Library`` with as many entries as rnnbib wrote, carrying the same fields and values (prepared
  beforehand, so bibtexparser escapes nothing), and ``bibtexparser.write_string`` it with the
  same format and unparse stack.

The ratio rnnbib/floor is the figure of issue 6 (target: <= 1.3x at 10k entries).  A breakdown of
rnnbib's time by stage (one extra run) follows.

    python bench/bench_convert.py [--sizes 1000,10000,100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import bibtexparser  # noqa: E402
import mistune  # noqa: E402
from bibtexparser.library import Library  # noqa: E402
from bibtexparser.middlewares import default_unparse_stack  # noqa: E402
from bibtexparser.model import Block, Entry, Field  # noqa: E402
from bibtexparser.writer import BibtexFormat  # noqa: E402
from synth import synthetic_list  # noqa: E402

import rnnbib  # noqa: E402

EntryData = list[tuple[str, str, list[tuple[str, str, str | None]]]]


def rnnbib_convert(path: Path) -> str:
    """The measured rnnbib run."""
    return rnnbib.read(path).to_string("bibtex")


def floor_entries(path: Path) -> EntryData:
    """What rnnbib writes for ``path``, as plain (type, key, [(field, value, enclosing)]) data:
    the entries of rnnbib's BibTeX writer, taken before bibtexparser writes them."""
    from rnnbib.writers.bibtex import _entry, unique_keys

    works = rnnbib.read(path).works
    data: EntryData = []
    for work, key in zip(works, unique_keys(works), strict=True):
        entry = _entry(work, key, False)
        data.append((entry.entry_type, entry.key, [(f.key, f.value, f.enclosing) for f in entry.fields]))
    return data


def floor_convert(path: Path, data: EntryData) -> str:
    """The floor: mistune's AST parse of the file, and bibtexparser's write of the same entries."""
    md = mistune.create_markdown(renderer=None, plugins=["table", "url", "strikethrough"])
    md.parse(path.read_text(encoding="utf-8"))
    entries: list[Block] = [
        Entry(etype, key, [Field(name, value, enclosing=enc) for name, value, enc in fields])
        for etype, key, fields in data
    ]
    fmt = BibtexFormat()
    fmt.indent = "  "
    fmt.block_separator = "\n"
    fmt.trailing_comma = True
    stack = default_unparse_stack(allow_inplace_modification=True)
    text: str = bibtexparser.write_string(Library(entries), unparse_stack=stack, bibtex_format=fmt)
    return text


def timed(func: Callable[[], Any]) -> float:
    gc.collect()
    started = time.perf_counter()
    func()
    return time.perf_counter() - started


def worker(side: str, path: Path, data_file: Path | None) -> None:
    """One measured run in this fresh process (imports done and warmed on the seed first): prints
    its seconds and memory as JSON.

    A fresh process per run keeps rnnbib's per-string caches (URL roles, identifiers) cold, as in a
    real ``rnnbib convert``.
    """
    seed = ROOT / "examples" / "rnn-and-lstm.md"
    if side == "stages":
        rnnbib_convert(seed)
        print(json.dumps(stages(path)))
        return
    if side == "rnnbib":
        rnnbib_convert(seed)
        run: Callable[[], Any] = lambda: rnnbib_convert(path)  # noqa: E731
    else:
        assert data_file is not None
        data: EntryData = pickle.loads(data_file.read_bytes())
        floor_convert(seed, data[:50])
        run = lambda: floor_convert(path, data)  # noqa: E731
    before = _status_bytes("VmRSS")
    seconds = timed(run)
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    print(json.dumps({"seconds": seconds, "before": before, "peak": _status_bytes("VmHWM"),
                      "children": children}))


def _status_bytes(name: str) -> int:
    """A size from /proc/self/status (``VmHWM``: peak RSS of this process image, reset by exec,
    unlike ``ru_maxrss`` which Linux carries over from the parent)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(name + ":"):
            return int(line.split()[1]) * 1024
    return 0


def run_worker(side: str, path: Path, data_file: Path, jobs: str | None = None) -> Any:
    """Run :func:`worker` in a fresh interpreter (``jobs`` sets ``RNNBIB_JOBS``); its JSON answer."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", side, str(path), str(data_file)]
    env = dict(os.environ)
    if jobs is not None:
        env["RNNBIB_JOBS"] = jobs
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
    return json.loads(out.strip().splitlines()[-1])


def stages(path: Path) -> dict[str, float]:
    """One rnnbib run split by stage (same calls as rnnbib.read + to_string)."""
    from rnnbib.enrich.keys import assign_keys
    from rnnbib.enrich.merge import merge_works
    from rnnbib.fileio import read_text
    from rnnbib.readers.markdown import read_markdown
    from rnnbib.readers.md_ast import parse_blocks
    from rnnbib.writers import WriteOptions
    from rnnbib.writers.bibtex import write_bibtex

    out: dict[str, float] = {}
    gc.collect()
    t0 = time.perf_counter()
    text = read_text(path)
    t1 = time.perf_counter()
    result = read_markdown(text, str(path))
    t2 = time.perf_counter()
    works, _ = merge_works(result.works)
    t3 = time.perf_counter()
    assign_keys(works, {})
    t4 = time.perf_counter()
    write_bibtex(works, WriteOptions())
    t5 = time.perf_counter()
    gc.collect()
    t6 = time.perf_counter()
    parse_blocks(text)
    t7 = time.perf_counter()
    out["read file"] = t1 - t0
    out["markdown reader (total)"] = t2 - t1
    out["  of which mistune parse + line hook"] = t7 - t6
    out["merge"] = t3 - t2
    out["citekeys"] = t4 - t3
    out["bibtex writer"] = t5 - t4
    return out


def _mb(n: float) -> str:
    return f"{n / 2**20:,.0f} MB"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="entry counts, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side per size (best is kept)")
    parser.add_argument("--repeat-large", type=int, default=1, help="runs per side for sizes above 20k")
    parser.add_argument("--memory-sizes", default="10000,100000", help="entry counts for peak RSS (e)")
    parser.add_argument("--worker", nargs=3, metavar=("SIDE", "PATH", "DATA"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        side, path, data_file = args.worker
        worker(side, Path(path), Path(data_file))
        return
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    memory_sizes = [int(s) for s in args.memory_sizes.split(",") if s.strip()]
    cores = min(2, os.cpu_count() or 1)

    print(f"### (a) offline .md -> .bib vs floor (mistune {mistune.__version__} parse + bibtexparser write), "
          f"best of {args.repeat} (1 above 20k), fresh process per run, cpus={os.cpu_count()}")
    print()
    print("`1 proc` = RNNBIB_JOBS=1 (one process); "
          f"`{cores} procs` = RNNBIB_JOBS={cores} (inputs of 1 MB or more are read by {cores} processes).")
    print()
    rows: list[tuple[int, int, int, float, float, float]] = []
    memory: list[tuple[int, dict[str, int], dict[str, int], dict[str, int]]] = []
    breakdowns: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="rnnbib-bench-") as tmp:
        for size in sorted(set(sizes) | set(memory_sizes)):
            path = Path(tmp, f"list-{size}.md")
            path.write_text(synthetic_list(size), encoding="utf-8")
            data = floor_entries(path)
            data_file = Path(tmp, f"floor-{size}.pickle")
            data_file.write_bytes(pickle.dumps(data))
            repeat = args.repeat if size <= 20000 else args.repeat_large
            best = {"floor": float("inf"), "1": float("inf"), str(cores): float("inf")}
            peaks: dict[str, dict[str, int]] = {}
            for _ in range(repeat if size in sizes else 1):
                for side, jobs in (("floor", None), ("rnnbib", "1"), ("rnnbib", str(cores))):
                    answer = run_worker(side, path, data_file, jobs)
                    best[jobs or "floor"] = min(best[jobs or "floor"], answer["seconds"])
                    peaks.setdefault(jobs or "floor", answer)
            if size in sizes:
                many = best[str(cores)]
                rows.append((size, len(data), path.stat().st_size, best["1"], many, best["floor"]))
                print(f"  {size:>7} entries: floor {best['floor']:.3f} s, rnnbib 1 proc {best['1']:.3f} s, "
                      f"{cores} procs {many:.3f} s", file=sys.stderr, flush=True)
                if size <= 20000:
                    breakdowns[size] = run_worker("stages", path, data_file, "1")
            if size in memory_sizes:
                memory.append((size, peaks["floor"], peaks["1"], peaks[str(cores)]))
            path.unlink()
            data_file.unlink()
    print(f"| entries | works | input | floor (s) | rnnbib 1 proc (s) | ratio 1 proc "
          f"| rnnbib {cores} procs (s) | ratio {cores} procs |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size, works, nbytes, one, many, floor in rows:
        print(f"| {size:,} | {works:,} | {nbytes / 1e6:.1f} MB | {floor:.3f} | {one:.3f} "
              f"| {one / floor:.2f}x | {many:.3f} | {many / floor:.2f}x |")
    for size, parts in breakdowns.items():
        print()
        print(f"rnnbib stages at {size:,} entries, 1 proc (one run, s; the reader includes mistune's parse):")
        print()
        for name, seconds in parts.items():
            print(f"    {name:<38} {seconds:7.3f}")
    if memory:
        print()
        print("### (e) peak memory (max RSS) of one offline .md -> .bib run, fresh process")
        print()
        print("Peak RSS (VmHWM) of the measuring process in the runs above, interpreter and imports "
              "included (baseline shown; the floor's peak also holds its prepared entries); with "
              f"{cores} procs the forked worker's own peak (ru_maxrss, counting pages it shares with its "
              "parent) is listed apart.")
        print()
        print(f"| entries | baseline after imports | floor peak | rnnbib 1 proc peak "
              f"| rnnbib {cores} procs peak | of which worker peak |")
        print("|---:|---:|---:|---:|---:|---:|")
        for size, floor_m, one_m, many_m in memory:
            print(f"| {size:,} | {_mb(one_m['before'])} | {_mb(floor_m['peak'])} | {_mb(one_m['peak'])} "
                  f"| {_mb(many_m['peak'])} | {_mb(many_m['children'])} |")


if __name__ == "__main__":
    main()
