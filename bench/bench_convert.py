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
from bibtexparser.model import Entry, Field  # noqa: E402
from bibtexparser.writer import BibtexFormat  # noqa: E402
from synth import synthetic_list  # noqa: E402

import rnnbib  # noqa: E402

EntryData = list[tuple[str, str, list[tuple[str, str, str | None]]]]


def rnnbib_convert(path: Path) -> str:
    """The measured rnnbib run."""
    return rnnbib.read(path).to_string("bibtex")


def floor_entries(path: Path) -> EntryData:
    """What rnnbib writes for ``path``, as plain (type, key, [(field, value, enclosing)]) data."""
    text = rnnbib.read(path).to_string("bibtex")
    library = bibtexparser.parse_string(text)
    data: EntryData = []
    for entry in library.entries:
        fields = [(f.key, f.value, "no-enclosing" if f.key == "month" else None) for f in entry.fields]
        data.append((entry.entry_type, entry.key, fields))
    return data


def floor_convert(path: Path, data: EntryData) -> str:
    """The floor: mistune's AST parse of the file, and bibtexparser's write of the same entries."""
    md = mistune.create_markdown(renderer=None, plugins=["table", "url", "strikethrough"])
    md.parse(path.read_text(encoding="utf-8"))
    entries = [Entry(etype, key, [Field(name, value, enclosing=enclosing) for name, value, enclosing in fields])
               for etype, key, fields in data]
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
    """One measured run in this fresh process (imports done and warmed on the seed first): prints seconds.

    A fresh process per run keeps rnnbib's per-string caches (URL roles, identifiers) cold, as in a
    real ``rnnbib convert``.
    """
    seed = ROOT / "examples" / "rnn-and-lstm.md"
    if side == "stages":
        rnnbib_convert(seed)
        print(json.dumps(stages(path)))
    elif side == "rnnbib":
        rnnbib_convert(seed)
        print(json.dumps(timed(lambda: rnnbib_convert(path))))
    else:
        assert data_file is not None
        data: EntryData = pickle.loads(data_file.read_bytes())
        floor_convert(seed, data[:50])
        print(json.dumps(timed(lambda: floor_convert(path, data))))


def run_worker(side: str, path: Path, data_file: Path) -> Any:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", side, str(path), str(data_file)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="entry counts, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side per size (best is kept)")
    parser.add_argument("--repeat-large", type=int, default=1, help="runs per side for sizes above 20k")
    parser.add_argument("--worker", nargs=3, metavar=("SIDE", "PATH", "DATA"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        side, path, data_file = args.worker
        worker(side, Path(path), Path(data_file))
        return
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    print(f"# offline .md -> .bib vs floor (mistune {mistune.__version__} parse + bibtexparser "
          f"{bibtexparser.__version__ if hasattr(bibtexparser, '__version__') else '2'} write); "
          f"best of N, seconds; cpus={os.cpu_count()}")
    rows: list[tuple[int, int, int, float, float]] = []
    breakdowns: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="rnnbib-bench-") as tmp:
        for size in sizes:
            path = Path(tmp, f"list-{size}.md")
            path.write_text(synthetic_list(size), encoding="utf-8")
            data = floor_entries(path)
            data_file = Path(tmp, f"floor-{size}.pickle")
            data_file.write_bytes(pickle.dumps(data))
            repeat = args.repeat if size <= 20000 else args.repeat_large
            best_rnnbib = best_floor = float("inf")
            for _ in range(repeat):
                best_floor = min(best_floor, run_worker("floor", path, data_file))
                best_rnnbib = min(best_rnnbib, run_worker("rnnbib", path, data_file))
            rows.append((size, len(data), path.stat().st_size, best_rnnbib, best_floor))
            print(f"{size:>7} entries ({len(data)} works, {path.stat().st_size / 1e6:5.1f} MB): "
                  f"rnnbib {best_rnnbib:7.3f} s  floor {best_floor:7.3f} s  ratio {best_rnnbib / best_floor:5.2f}x",
                  flush=True)
            if size <= 20000:
                breakdowns[size] = run_worker("stages", path, data_file)
    print()
    print("| entries | works written | input | rnnbib (s) | floor (s) | ratio | rnnbib entries/s |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for size, works, nbytes, t_rnnbib, t_floor in rows:
        print(f"| {size:,} | {works:,} | {nbytes / 1e6:.1f} MB | {t_rnnbib:.3f} | {t_floor:.3f} | "
              f"{t_rnnbib / t_floor:.2f}x | {size / t_rnnbib:,.0f} |")
    for size, parts in breakdowns.items():
        print()
        print(f"rnnbib stages at {size:,} entries (one run, s):")
        for name, seconds in parts.items():
            print(f"  {name:<38} {seconds:7.3f}")


if __name__ == "__main__":
    main()
