"""Shared pytest fixtures: a real local HTTP server with fakes of the services rnnbib talks to."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from httpserver import RESOLVE_ENV, LocalServer, Services, install_services

#: Markers of tests that drive an external program; such a test is also ``slow`` (run by ``pytest -m slow``).
EXTERNAL_PROGRAMS = ("latex", "pandoc", "node", "browser", "zotero")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests of external programs ``slow`` before ``-m`` selects (the default run leaves them out)."""
    for item in items:
        if any(item.get_closest_marker(name) for name in EXTERNAL_PROGRAMS):
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def local_server() -> Iterator[LocalServer]:
    """A started :class:`LocalServer` on 127.0.0.1 with no routes."""
    server = LocalServer().start()
    yield server
    server.stop()


@pytest.fixture
def services(local_server: LocalServer, monkeypatch: pytest.MonkeyPatch) -> Services:
    """Fakes of arXiv, Crossref, DataCite, doi.org and GitHub on the local server (clean RNNBIB_* env)."""
    for name in RESOLVE_ENV:
        monkeypatch.delenv(name, raising=False)
    return install_services(local_server)


@pytest.fixture
def resolve_options(services: Services, tmp_path: Path) -> dict[str, Any]:
    """Options for :func:`rnnbib.resolve` pointing at the fakes, with a fresh cache and fast pacing."""
    return {
        **services.options(),
        "cache_dir": tmp_path / "cache",
        "arxiv_delay": 0.05,
        "s2_delay": 0,
        "dblp_delay": 0,
        "backoff": 0.05,
        "quiet": True,
    }


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: two workers per CPU (at most 8) for the default run, since many of its tests wait on
    timed network faults rather than compute; none when the slow tests are selected (they start shared
    programs such as Zotero's translation-server, and time themselves)."""
    markexpr = str(config.getoption("markexpr", "") or "")
    if "slow" in markexpr.replace("not slow", ""):
        return 0
    return min(8, 2 * (os.cpu_count() or 1))


_FIGURE = "rnnbib-figure"
_COLLECTED: list[str] = []


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: Any) -> Iterator[None]:
    """Carry the figures recorded during this phase in its report (reports reach the main process
    from pytest-xdist workers, module globals do not)."""
    from figures import FIGURES

    outcome = yield
    if FIGURES:
        report = outcome.get_result()  # type: ignore[attr-defined]
        report.user_properties = [*report.user_properties, *((_FIGURE, line) for line in FIGURES)]
        FIGURES.clear()


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Collect the figures of every report, in the process that prints the summary."""
    _COLLECTED.extend(str(value) for name, value in report.user_properties if name == _FIGURE)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Print the figures tests recorded (``figures.record``), so the CI log shows them."""
    from figures import FIGURES

    lines = [*_COLLECTED, *FIGURES]  # FIGURES: recorded outside a test phase (session teardown)
    if lines:
        terminalreporter.section("rnnbib figures")
        for line in lines:
            terminalreporter.write_line(line)
