"""The one fork-map helper and the worker-count rule."""

from __future__ import annotations

import multiprocessing
import os

import pytest

from rnnbib import parallel


def test_fork_map_keeps_order_and_runs_closures_in_workers() -> None:
    offset = 100  # a closure: it reaches the workers by fork, never pickled
    parts = [[1, 2], [3], [4, 5, 6], [7]]
    results = parallel.fork_map(lambda part: (os.getpid(), [x + offset for x in part]), parts, 3)
    assert [values for _, values in results] == [[101, 102], [103], [104, 105, 106], [107]]
    if "fork" in multiprocessing.get_all_start_methods():
        assert results[0][0] == os.getpid() and any(pid != os.getpid() for pid, _ in results[1:])


def test_fork_map_in_this_process_when_one_worker() -> None:
    results = parallel.fork_map(lambda part: (os.getpid(), part), ["a", "b"], 1)
    assert results == [(os.getpid(), "a"), (os.getpid(), "b")]


def test_jobs_setting_caps_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RNNBIB_JOBS", "1")
    assert parallel.worker_count() == 1
    monkeypatch.setenv("RNNBIB_JOBS", "zero")
    assert 1 <= parallel.worker_count(limit=2) <= 2
