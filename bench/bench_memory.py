"""Peak memory (RSS) of ``rnnbib convert`` on big reading lists: 10k and 100k entries, and a 50 MB list.

Usage::

    python bench/bench_memory.py [--sizes 10000,100000] [--mb 50] [--to bibtex]

Each run is a fresh ``python -m rnnbib convert LIST -o OUT --offline`` subprocess; its peak RSS
comes from ``os.wait4`` (the kernel's ``ru_maxrss`` of that child alone).  Prints one line per run:
entries, input size, wall time, peak RSS.  No assertions (``tests/test_limits_memory.py`` has them).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

_PROSE = ("Recurrent networks with long short-term memory learn long-range dependencies; "
          "gated units & skip connections {help} at 100% of the cost, see arXiv and GitHub. ")


def make_list(entries: int, prose_bytes: int = 0) -> str:
    """A reading list of titled entries (arXiv, GitHub, intro bullets), each with ``prose_bytes`` of text."""
    prose = (_PROSE * (prose_bytes // len(_PROSE) + 1))[:prose_bytes] if prose_bytes else ""
    parts = ["---\ntitle: Benchmark list\n---\n"]
    for i in range(entries):
        if i % 1000 == 0:
            parts.append(f"# Section {i // 1000}\n\n## Subsection {i // 100}\n")
        arxiv = f"{10 + i % 14:02d}{1 + (i // 14) % 12:02d}.{i % 100000:05d}"
        parts.append(f"**Study {i} of LSTM & GRU Networks {{v{i % 7}}}**\n\n"
                     f"- intro: ICLR 2016 #{i}\n"
                     f"- arxiv: [https://arxiv.org/abs/{arxiv}](https://arxiv.org/abs/{arxiv})\n"
                     f"- github: https://github.com/owner{i}/repo{i}\n")
        if prose:
            parts.append(prose + "\n")
    return "\n".join(parts)


def make_list_of_size(megabytes: float) -> str:
    """A list of about ``megabytes`` MB: 20,000 entries padded with prose."""
    entries = 20_000
    base = len(make_list(100).encode()) / 100
    prose = max(0, int(megabytes * 1_000_000 / entries - base))
    return make_list(entries, prose)


@dataclass
class Run:
    """One measured run."""

    label: str
    input_bytes: int
    seconds: float
    peak_rss_mb: float
    returncode: int
    output_entries: int = 0  # lines starting with "@" (bibtex/biblatex) or "TY  -" (RIS)

    def line(self) -> str:
        """One printable line."""
        return (f"{self.label:>24}: input {self.input_bytes / 1e6:6.1f} MB, {self.seconds:6.1f} s, "
                f"peak RSS {self.peak_rss_mb:7.1f} MB, exit {self.returncode}")


def measure(label: str, text: str, fmt: str = "bibtex", folder: Path | None = None) -> Run:
    """Write ``text`` to a file and convert it in a fresh subprocess; peak RSS from ``os.wait4``."""
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        src = Path(tmp) / "list.md"
        src.write_text(text, encoding="utf-8")
        env = {**os.environ, "RNNBIB_OFFLINE": "1", "RNNBIB_CACHE_DIR": str(Path(tmp) / "cache")}
        cmd = [sys.executable, "-m", "rnnbib", "convert", str(src), "-t", fmt, "-o", str(Path(tmp) / "out"),
               "--offline", "-q"]
        start = time.monotonic()
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.monotonic() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        # ru_maxrss is in kilobytes on Linux (bytes on macOS)
        scale = 1 / 1024 if sys.platform != "darwin" else 1 / 1024 / 1024
        out = Path(tmp) / "out"
        entries = 0
        if out.exists():
            with out.open(encoding="utf-8") as fh:
                entries = sum(1 for line in fh if line.startswith(("@", "TY  -")))
        return Run(label, src.stat().st_size, seconds, usage.ru_maxrss * scale, proc.returncode, entries)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print one line per run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="entry counts (comma-separated)")
    parser.add_argument("--mb", type=float, default=50.0, help="size of the big-text list in MB (0: skip)")
    parser.add_argument("--to", default="bibtex", help="output format")
    args = parser.parse_args(argv)
    for size in (int(s) for s in args.sizes.split(",") if s):
        print(measure(f"{size} entries", make_list(size), args.to).line(), flush=True)
    if args.mb:
        print(measure(f"{args.mb:g} MB list", make_list_of_size(args.mb), args.to).line(), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
