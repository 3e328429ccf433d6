"""Start-up time of ``rnnbib --help`` (prints figures; asserts nothing).

Side by side, each run ``--runs`` times (median and best wall time):

- ``python -c pass``: the interpreter alone (the floor any Python CLI pays);
- ``python -m rnnbib --help``;
- ``rnnbib --help``: the installed console script, when it is on PATH (a pyenv shim adds its own
  shell start-up, shown separately);

then the heaviest imports of ``import rnnbib.cli`` from ``python -X importtime`` and which heavy
libraries (requests, requests_cache, citeproc, bibtexparser, mistune, pylatexenc, yaml) the
``--help`` path loaded (target: none; test: tests/test_startup.py).

    python bench/bench_startup.py [--runs 20]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("requests", "requests_cache", "citeproc", "bibtexparser", "mistune", "pylatexenc", "yaml")


def wall(cmd: list[str], runs: int) -> tuple[float, float]:
    """(median, best) wall seconds of ``cmd`` over ``runs`` runs (one untimed warm-up first)."""
    subprocess.run(cmd, cwd=ROOT, capture_output=True, check=True)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times), min(times)


def import_times(top: int) -> list[tuple[int, str]]:
    """The ``top`` largest cumulative import times (microseconds, module) of ``import rnnbib.cli``."""
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", "import rnnbib.cli"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stderr
    rows: list[tuple[int, str]] = []
    for line in out.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].rstrip()))
    return sorted(rows, reverse=True)[:top]


def heavy_after_help() -> list[str]:
    code = (
        "import contextlib, io, sys, rnnbib.cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n        rnnbib.cli.main(['--help'])\n    except SystemExit:\n        pass\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return [m for m in out.stdout.strip().split(",") if m]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args(argv)

    commands: list[tuple[str, list[str]]] = [
        ("python -c pass (interpreter alone)", [sys.executable, "-c", "pass"]),
        ("python -m rnnbib --help", [sys.executable, "-m", "rnnbib", "--help"]),
    ]
    script = shutil.which("rnnbib")
    if script:
        commands.append(("rnnbib --help (console script)", [script, "--help"]))
        real = Path(sys.executable).parent / "rnnbib"
        if real.exists() and real.resolve() != Path(script).resolve():
            commands.append(("rnnbib --help (script, no pyenv shim)", [str(real), "--help"]))
    print(f"Start-up, {args.runs} runs each (seconds), cpus={os.cpu_count()}, target < 0.3 s:")
    print()
    print("| command | median (s) | best (s) |")
    print("|---|---:|---:|")
    for label, cmd in commands:
        median, best = wall(cmd, args.runs)
        print(f"| `{label}` | {median:.3f} | {best:.3f} |", flush=True)
    print()
    loaded = heavy_after_help()
    print(f"heavy modules imported by `--help`: {', '.join(loaded) if loaded else 'none'}")
    print()
    print("largest cumulative imports of `import rnnbib.cli` (python -X importtime, one run):")
    for micros, module in import_times(8):
        print(f"  {micros / 1000:7.1f} ms  {module.strip()}")


if __name__ == "__main__":
    main()
