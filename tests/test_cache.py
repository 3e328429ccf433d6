"""The SQLite response cache under damage, contention and SIGKILL."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from httpserver import Recorded, Reply, Services

import rnnbib
from rnnbib import Bibliography

LIST = Path(__file__).resolve().parent / "data" / "http" / "faults" / "list.md"
SEED = Path(__file__).resolve().parents[1] / "examples" / "rnn-and-lstm.md"
CACHE_NAME = "http-cache.sqlite"
SQLITE_HEADER = b"SQLite format 3\x00"


def resolved(options: dict[str, Any], path: Path = LIST) -> Bibliography:
    bib = rnnbib.read(path)
    rnnbib.resolve(bib, **options)
    return bib


def warnings(bib: Bibliography) -> list[str]:
    return [p.message for p in bib.problems if p.kind == "warning"]


def integrity(path: Path) -> tuple[str, int]:
    """``PRAGMA integrity_check`` and the number of cached responses."""
    with contextlib.closing(sqlite3.connect(path)) as con:
        check = con.execute("PRAGMA integrity_check").fetchone()[0]
        count = con.execute("SELECT count(*) FROM responses").fetchone()[0]
    return check, count


def aside_files(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob(f"{CACHE_NAME}.corrupt-*"))


# -- (a) a corrupt cache file -------------------------------------------------------------------------


def random_bytes(cache: Path) -> None:
    cache.write_bytes(os.urandom(20_000))


def truncated(cache: Path) -> None:
    data = cache.read_bytes()
    assert data.startswith(SQLITE_HEADER) and len(data) > 3 * 4096
    cache.write_bytes(data[: len(data) // 2])


def garbage_after_header(cache: Path) -> None:
    data = cache.read_bytes()
    cache.write_bytes(data[:100] + os.urandom(len(data) - 100))


@pytest.mark.parametrize("damage", [random_bytes, truncated, garbage_after_header])
def test_a_corrupt_cache_is_set_aside_and_rebuilt(
    damage: Any, services: Services, resolve_options: dict[str, Any]
) -> None:
    cache_dir: Path = resolve_options["cache_dir"]
    cache = cache_dir / CACHE_NAME
    first = resolved(resolve_options)  # a real cache to damage
    assert {w.status for w in first.works} == {"resolved"} and not warnings(first)
    damage(cache)
    broken = cache.read_bytes()
    services.server.clear()

    bib = resolved(resolve_options)
    assert {w.status for w in bib.works} == {"resolved"}
    [warning] = warnings(bib)
    [aside] = aside_files(cache_dir)
    assert aside.read_bytes() == broken  # kept for inspection, untouched
    assert aside.name in warning and "unreadable" in warning
    assert any(p["kind"] == "warning" for p in bib.report()["problems"])
    assert integrity(cache) == ("ok", len(services.server.requests))  # rebuilt from this run's answers

    services.server.clear()
    again = resolved(resolve_options)  # the new cache is healthy and used
    assert {w.status for w in again.works} == {"resolved"} and not warnings(again)
    assert services.server.requests == []
    assert aside_files(cache_dir) == [aside]


def test_an_empty_cache_file_is_not_corrupt(services: Services, resolve_options: dict[str, Any]) -> None:
    cache_dir: Path = resolve_options["cache_dir"]
    cache_dir.mkdir(parents=True)
    (cache_dir / CACHE_NAME).write_bytes(b"")
    bib = resolved(resolve_options)
    assert {w.status for w in bib.works} == {"resolved"} and not warnings(bib)
    assert not aside_files(cache_dir)


def test_a_busy_cache_is_not_corrupt(services: Services, resolve_options: dict[str, Any]) -> None:
    """Another run holding the write lock makes this one wait, not rename the file."""
    cache_dir: Path = resolve_options["cache_dir"]
    resolved(resolve_options)
    other = sqlite3.connect(cache_dir / CACHE_NAME, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("DELETE FROM responses WHERE 0")
    release = threading.Timer(1.0, lambda: other.execute("COMMIT"))
    release.start()
    try:
        bib = resolved({**resolve_options, "refresh": True})  # every answer is written again
    finally:
        release.join()
        other.close()
    assert {w.status for w in bib.works} == {"resolved"} and not warnings(bib)
    assert not aside_files(cache_dir)


def convert(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "rnnbib", "convert", *args], cwd=cwd, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def finish(proc: subprocess.Popen[str], timeout: float = 120) -> tuple[int, str]:
    _, err = proc.communicate(timeout=timeout)
    return proc.returncode, err


def test_cli_warns_about_a_corrupt_cache(services: Services, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    (cache_dir / CACHE_NAME).write_bytes(b"this is not a database" * 100)
    env = services.process_env(cache_dir)
    code, err = finish(convert([str(LIST), "-o", "refs.json", "--report", "report.json"], env, tmp_path))
    assert code == 0, err
    [aside] = aside_files(cache_dir)
    assert "warning" in err and aside.name in err
    report = json.loads((tmp_path / "report.json").read_text("utf-8"))
    assert [p["kind"] for p in report["problems"] if aside.name in p["message"]] == ["warning"]
    assert {row["status"] for row in report["works"]} == {"resolved"}


# -- (b) two runs at once on one cache ----------------------------------------------------------------


def slow_github(services: Services, delay: float) -> None:
    """Make every GitHub answer take ``delay`` seconds (the runs overlap for longer)."""

    def answer(rec: Recorded, match: Any) -> Reply:
        time.sleep(delay)
        return services.github.repo(rec, match)

    services.server.route(r"/github/repos/(?P<owner>[^/]+)/(?P<repo>[^/]+)", answer)


@pytest.mark.slow  # separate processes, timed kills
def test_two_runs_at_once_share_one_cache(services: Services, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    env = services.process_env(cache_dir)
    slow_github(services, 0.05)
    for round_args in ([], ["--refresh"]):  # a cold cache, then both rewriting every entry
        runs = [convert([str(SEED), "-o", f"out{n}.json", "-q", *round_args], env, tmp_path) for n in (1, 2)]
        results = [finish(run) for run in runs]
        assert [code for code, _ in results] == [0, 0], results
        assert all(err == "" for _, err in results)
        first = (tmp_path / "out1.json").read_text("utf-8")
        assert (tmp_path / "out2.json").read_text("utf-8") == first
        assert len(json.loads(first)) == len(rnnbib.read(SEED).works)
    check, count = integrity(cache_dir / CACHE_NAME)
    assert check == "ok" and count > 20
    assert not aside_files(cache_dir)
    services.server.clear()
    code, err = finish(convert([str(SEED), "-o", "offline.json", "--offline", "-q"], env, tmp_path))
    assert code == 0, err
    assert (tmp_path / "offline.json").read_text("utf-8") == first  # every answer is in the cache
    assert services.server.requests == []


# -- (c) SIGKILL during resolution --------------------------------------------------------------------


@contextlib.contextmanager
def running(args: list[str], env: dict[str, str], cwd: Path) -> Iterator[subprocess.Popen[str]]:
    proc = convert(args, env, cwd)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=30)


def wait_for(condition: Any, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.01)


@pytest.mark.slow  # separate processes, timed kills
def test_sigkill_during_resolution_leaves_output_and_cache_usable(services: Services, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    env = services.process_env(cache_dir)
    args = [str(SEED), "-o", "refs.json", "-q"]
    code, err = finish(convert(args, env, tmp_path))
    assert code == 0, err
    previous = (tmp_path / "refs.json").read_bytes()
    slow_github(services, 0.1)
    for answered in (1, 4, 9, 15):  # killed at different points, each while rewriting the cache
        services.server.clear()
        with running([*args, "--refresh"], env, tmp_path) as proc:
            wait_for(lambda n=answered: len(services.server.made("/github/")) >= n)
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        assert (tmp_path / "refs.json").read_bytes() == previous  # the previous output, intact
    services.server.route(r"/github/repos/(?P<owner>[^/]+)/(?P<repo>[^/]+)", services.github.repo)
    services.server.clear()
    code, err = finish(convert([*args, "--report", "report.json"], env, tmp_path))
    assert code == 0 and err == "", err
    assert (tmp_path / "refs.json").read_bytes() == previous  # complete, and the same answers
    assert not aside_files(cache_dir)
    assert integrity(cache_dir / CACHE_NAME)[0] == "ok"
    report = json.loads((tmp_path / "report.json").read_text("utf-8"))
    assert not [p for p in report["problems"] if p["kind"] == "warning"]
