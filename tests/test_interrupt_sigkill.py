"""SIGKILL during a run: the output file is the previous content or the complete new one, never partial.

A 10,000-entry reading list makes a run last a few seconds.  The CLI (``python -m rnnbib convert
big.md -o out.bib``, offline) is killed with SIGKILL

* as soon as its temporary file ``.out.bib.*.tmp`` appears (so the kill lands while the output is
  being written), and
* at random moments of the run;

after each kill ``out.bib`` must be byte-for-byte the previous content or the complete output of an
undisturbed run.  Temporary files may remain after SIGKILL (nothing can remove them), but never
under the output's name; a later run must succeed, write the complete output and leave every other
file in the folder alone.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from figures import record

ENTRIES = 10_000
PREVIOUS = "% previous bibliography: must survive an interrupted run\n@misc{old, title = {Old}}\n"


def big_list(n: int) -> str:
    """A reading list of ``n`` titled entries with arXiv/GitHub links, specials in every title."""
    parts = ["---\ntitle: Big list\n---\n"]
    for i in range(n):
        if i % 500 == 0:
            parts.append(f"# Section {i // 500}\n")
        arxiv = f"1{i % 9 + 1}0{(i // 9) % 10}.{i:05d}"
        parts.append(f"**Recurrent Network Study {i}: LSTM & GRU {{variants}} at 100%**\n\n"
                     f"- arxiv: [https://arxiv.org/abs/{arxiv}](https://arxiv.org/abs/{arxiv})\n"
                     f"- github: https://github.com/owner{i}/repo{i}\n- intro: ICLR 2016 #{i}\n")
    return "\n".join(parts)


def _command(src: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "rnnbib", "convert", str(src), "-o", str(out), "-q"]


def _env(tmp: Path) -> dict[str, str]:
    return {**os.environ, "RNNBIB_OFFLINE": "1", "RNNBIB_CACHE_DIR": str(tmp / "cache")}


def _temps(folder: Path, out: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.startswith(f".{out.name}.") and p.name.endswith(".tmp")]


def _kill_when(proc: subprocess.Popen[bytes], folder: Path, out: Path, at: float | None,
               old: set[Path]) -> bool:
    """SIGKILL ``proc`` at time ``at`` (seconds) or, when None, as soon as a new temp file appears.

    Returns whether a temporary output file existed at the moment of the kill.
    """
    start = time.monotonic()
    while proc.poll() is None:
        busy = bool(set(_temps(folder, out)) - old)
        if (at is None and busy) or (at is not None and time.monotonic() - start >= at):
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return busy
        time.sleep(0.0005 if at is None else 0.005)
    return False


@pytest.mark.slow
def test_sigkill_leaves_previous_or_complete_output(tmp_path: Path) -> None:
    src = tmp_path / "big.md"
    src.write_text(big_list(ENTRIES), encoding="utf-8")
    out = tmp_path / "out.bib"
    ref = tmp_path / "reference.bib"
    keep = {tmp_path / "notes.txt": "user file\n", tmp_path / ".out.bib.user.tmp": "looks like ours, is not\n"}
    for path, text in keep.items():
        path.write_text(text, encoding="utf-8")

    started = time.monotonic()
    done = subprocess.run(_command(src, ref), env=_env(tmp_path), capture_output=True, timeout=300)
    duration = time.monotonic() - started
    assert done.returncode == 0, done.stderr.decode()
    complete = ref.read_bytes()
    assert complete.count(b"\n@") + complete.startswith(b"@") == ENTRIES

    rng = random.Random(5)
    moments: list[float | None] = [None, None, None] + [rng.uniform(0.2, 1.0) * duration for _ in range(3)]
    outcomes: list[str] = []
    mid_write = 0
    for at in moments:
        out.write_text(PREVIOUS, encoding="utf-8")
        before = set(_temps(tmp_path, out))
        proc = subprocess.Popen(_command(src, out), env=_env(tmp_path), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        busy = _kill_when(proc, tmp_path, out, at, before)
        data = out.read_bytes()
        assert data in (PREVIOUS.encode(), complete), f"partial output after SIGKILL at {at}: {len(data)} bytes"
        outcomes.append("previous" if data == PREVIOUS.encode() else "complete")
        left = set(_temps(tmp_path, out)) - before
        if busy and left:
            mid_write += 1
            assert all(p.stat().st_size <= len(complete) for p in left)

    assert mid_write >= 1, "no kill landed while the output was being written"
    final = subprocess.run(_command(src, out), env=_env(tmp_path), capture_output=True, timeout=300)
    assert final.returncode == 0, final.stderr.decode()
    assert out.read_bytes() == complete
    for path, text in keep.items():
        assert path.read_text(encoding="utf-8") == text, f"{path.name} was touched"
    record(f"sigkill: {len(moments)} kills of a {ENTRIES}-entry run ({duration:.1f} s), {mid_write} during "
           f"writing; output afterwards: {', '.join(outcomes)}; never partial")
