"""The services registry: one row plus one resolver class make a new service, end to end over HTTP."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from httpserver import RESOLVE_ENV, LocalServer, Recorded, Reply

from rnnbib.model import Location, Work
from rnnbib.online import services
from rnnbib.online.config import ResolveConfig, resolve_env_vars
from rnnbib.online.http import HttpClient
from rnnbib.online.pipeline import resolve_works
from rnnbib.online.record import Lookup, Record
from rnnbib.online.services import DAY, ServiceSpec
from rnnbib.online.stage import Plan, Run, resolve_each


class TitleEchoResolver:
    """A toy stage: works no earlier stage claimed are looked up by title at ``/lookup?q=``."""

    name = "echo"

    def plan(self, works: Sequence[Work], run: Run) -> Plan:
        plan = Plan()
        for work in works:
            if not run.claimed(work) and work.title:
                plan.add(work.title, work)
        return plan

    def resolve(self, plan: Plan, run: Run) -> None:
        def lookup(title: str) -> Lookup:
            fetched = run.http.get(self.name, f"{run.config.url(self.name)}/lookup", params={"q": title})
            return Lookup.ok(Record(self.name, {"publisher": fetched.json()["publisher"]}))

        def apply(work: Work, role: str, title: str, found: Lookup) -> None:
            run.record(work, found, self.name, stage=self.name)

        resolve_each(plan, run, "Echo", lookup, apply)


ECHO = ServiceSpec("echo", "Echo", "https://echo.invalid", 2 * DAY, interval=0.3,
                   resolver=f"{__name__}:TitleEchoResolver")


@pytest.fixture
def with_echo(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in RESOLVE_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(services, "SERVICES", (*services.SERVICES, ECHO))


def _answer(rec: Recorded, match: re.Match[str]) -> Reply:
    return Reply(200, json.dumps({"publisher": f"echo of {rec.param('q')}"}),
                 {"Content-Type": "application/json"})


def test_one_row_gives_url_delay_expiry_and_a_stage(with_echo: None, local_server: LocalServer,
                                                   tmp_path: Path) -> None:
    local_server.route(r"/echo/lookup", _answer)
    env = {"RNNBIB_ECHO_URL": f"{local_server.url}/echo", "RNNBIB_CACHE_DIR": str(tmp_path)}
    config = ResolveConfig.from_options(env=env, quiet=True)
    assert "RNNBIB_ECHO_URL" in resolve_env_vars() and "RNNBIB_ECHO_DELAY" in resolve_env_vars()
    assert config.url("echo") == f"{local_server.url}/echo"
    assert config.delay("echo") == 0.3 and config.expiry["echo"] == 2 * DAY
    works = [Work(csl={"type": "webpage", "title": f"Page {n}"}, sources=[Location("l.md", n)])
             for n in range(3)]
    summary = resolve_works(works, config)
    assert [w.csl["publisher"] for w in works] == ["echo of Page 0", "echo of Page 1", "echo of Page 2"]
    assert [w.provenance["publisher"] for w in works] == ["echo"] * 3
    assert summary.network == {"echo": 3} and summary.statuses == {"resolved": 3}
    times = [r.time for r in local_server.requests]
    assert all(b - a >= 0.25 for a, b in itertools.pairwise(times))  # the row's pacing
    again = [Work(csl={"type": "webpage", "title": "Page 1"})]
    assert resolve_works(again, config).cached == {"echo": 1}  # the row's cache lifetime


def test_option_and_environment_override_the_row(with_echo: None, tmp_path: Path) -> None:
    env = {"RNNBIB_ECHO_URL": "http://127.0.0.1:9/e", "RNNBIB_ECHO_DELAY": "0.01"}
    config = ResolveConfig.from_options(env=env, echo_url="http://127.0.0.1:8/x", cache_dir=tmp_path)
    assert config.url("echo") == "http://127.0.0.1:8/x" and config.delay("echo") == 0.01
    assert HttpClient(config).pacer("echo").interval == 0.01


def test_rows_are_complete() -> None:
    names = [s.name for s in services.SERVICES]
    assert len(names) == len(set(names))
    for row in services.SERVICES:
        assert row.url or row.per_host or services.spec(row.url_of).url, row.name  # per host: any page's URL
        assert row.expiry > 0 and row.interval >= 0 and row.label
    stages = [stage.name for stage in services.resolvers()]
    assert stages == ["arxiv", "s2", "doi", "github", "page"]
    assert ResolveConfig.from_options(env={}, mailto="a@b.org").delay("crossref") == 0.1
    assert ResolveConfig.from_options(env={}).delay("crossref") == 0.2
