"""Limits: a 100,000-entry list and a 50 MB list convert in bounded memory (peak RSS of the CLI process).

The lists come from ``bench/bench_memory.py`` (which prints the same figures without asserting).
Measured on the reference machine: 10k entries ~120 MB, 100k entries ~830 MB, 50 MB list ~390 MB;
the bound asserted here is 2 GB.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from figures import record

LIMIT_MB = 2048
BENCH = Path(__file__).resolve().parents[1] / "bench" / "bench_memory.py"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_memory", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_memory"] = module
    spec.loader.exec_module(module)
    return module


def test_small_list_measures_sane_figures() -> None:
    """The measuring harness itself: 200 entries in, 200 entries out, a plausible RSS."""
    bench = _bench()
    run = bench.measure("200 entries", bench.make_list(200))
    assert run.returncode == 0
    assert run.output_entries == 200
    assert 10 < run.peak_rss_mb < LIMIT_MB


@pytest.mark.slow
def test_100k_entries_bounded_memory() -> None:
    bench = _bench()
    run = bench.measure("100000 entries", bench.make_list(100_000))
    record(f"limits: {run.line().strip()}")
    assert run.returncode == 0
    assert run.output_entries == 100_000
    assert run.peak_rss_mb < LIMIT_MB


@pytest.mark.slow
def test_50mb_list_bounded_memory() -> None:
    bench = _bench()
    text = bench.make_list_of_size(50)
    assert len(text.encode()) >= 50_000_000
    run = bench.measure("50 MB list", text)
    record(f"limits: {run.line().strip()}")
    assert run.returncode == 0
    assert run.output_entries == 20_000
    assert run.peak_rss_mb < LIMIT_MB
