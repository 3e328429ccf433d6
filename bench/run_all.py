"""Run every benchmark of bench/ and write bench/RESULTS.md (machine, date, commands, figures).

    python bench/run_all.py [--quick] [--output bench/RESULTS.md]

Each script runs in its own process, one after the other, and its standard output goes into
RESULTS.md under its heading with the exact command.  A script that is missing or fails is
reported as such (its section says "pending" or shows the error) and the others still run.
``--quick`` uses small sizes (a smoke run, a few seconds; not for the record).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shlex
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"

# (section title, script, full arguments, quick arguments, prints Markdown)
BENCHES: list[tuple[str, str, list[str], list[str], bool]] = [
    ("Offline conversion: (a) speed vs floor, (e) peak memory", "bench_convert.py", [],
     ["--sizes", "300,3000", "--repeat", "1", "--memory-sizes", "3000"], True),
    ("(b) formatted bibliography vs plain citeproc-py", "bench_formatted.py", [],
     ["--items", "100", "--styles", "apa"], False),
    ("(c) resolution against a local server with latency", "bench_resolve.py", [],
     ["--ids", "200", "--arxiv-delay", "0.2", "--latency", "0.01"], False),
    ("(d) `rnnbib --help` start-up", "bench_startup.py", [], ["--runs", "3"], True),
    ("(e) peak memory of `rnnbib convert` (CLI, hostile-input sizes)", "bench_memory.py", [],
     ["--sizes", "1000", "--mb", "1"], False),
]


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError:
        return ""


def machine() -> list[str]:
    """Lines describing the machine: CPUs, CPU model, RAM, Python, load, library versions."""
    cpu = next((line.split(":", 1)[1].strip() for line in _read("/proc/cpuinfo").splitlines()
                if line.startswith("model name")), platform.processor() or "unknown")
    mem = next((line.split(":", 1)[1].strip() for line in _read("/proc/meminfo").splitlines()
                if line.startswith("MemTotal")), "unknown")
    if mem.endswith(" kB") and mem[:-3].strip().isdigit():
        mem = f"{int(mem[:-3]) / 2**20:.1f} GiB"
    try:
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = "unknown"
    versions = []
    for name in ("mistune", "bibtexparser", "citeproc", "requests", "pylatexenc"):
        try:
            from importlib.metadata import version

            dist = {"citeproc": "citeproc-py"}.get(name, name)
            versions.append(f"{dist} {version(dist)}")
        except Exception:  # a missing distribution is just not listed
            continue
    return [
        f"- CPUs (nproc): {os.cpu_count()}; model: {cpu}",
        f"- RAM: {mem}",
        f"- Python: {platform.python_implementation()} {platform.python_version()} on {platform.platform()}",
        f"- load average when the run started (1/5/15 min): {load} (the machine is shared)",
        f"- libraries: {', '.join(versions)}",
    ]


def run(script: str, args: list[str]) -> tuple[str, str, float, int]:
    """(command shown, output, seconds, exit code) of one bench script."""
    cmd = [sys.executable, str(BENCH / script), *args]
    shown = " ".join(["python", f"bench/{script}", *map(shlex.quote, args)])
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    output = proc.stdout.rstrip()
    if proc.returncode != 0:
        tail = "\n".join(proc.stderr.rstrip().splitlines()[-15:])
        output += f"\n\nFAILED (exit {proc.returncode}):\n\n```\n{tail}\n```"
    return shown, output, elapsed, proc.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run, not for the record")
    parser.add_argument("--output", default=str(BENCH / "RESULTS.md"))
    parser.add_argument("--only", help="comma-separated script names to run (default: all)")
    args = parser.parse_args(argv)

    started = datetime.datetime.now().astimezone()
    lines = [
        "# Benchmark results (issue 6)",
        "",
        f"Run on {started:%Y-%m-%d %H:%M %Z} with `python bench/run_all.py{' --quick' if args.quick else ''}`"
        " (every figure below comes from this one run, each comparison side by side in one script run).",
        "",
        "## Machine",
        "",
        *machine(),
    ]
    wanted = set(args.only.split(",")) if args.only else None
    total = 0.0
    for title, script, full, quick, markdown in BENCHES:
        if wanted is not None and script not in wanted:
            continue
        lines += ["", f"## {title}", ""]
        if not (BENCH / script).exists():
            lines.append(f"pending: `bench/{script}` is not there yet.")
            print(f"{script}: pending (missing)", file=sys.stderr)
            continue
        print(f"{script}: running ...", file=sys.stderr, flush=True)
        shown, output, elapsed, code = run(script, quick if args.quick else full)
        total += elapsed
        print(f"{script}: {'ok' if code == 0 else f'failed ({code})'} in {elapsed:.0f} s", file=sys.stderr)
        lines += [f"Command: `{shown}` ({elapsed:.0f} s)", ""]
        lines += [output] if markdown else ["```", output, "```"]
    lines += ["", f"Total benchmark time: {total:.0f} s.", ""]
    Path(args.output).write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
