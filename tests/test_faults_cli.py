"""Network faults through the command line: several at once, and no network at all."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import bibtexparser
import pytest
from httpserver import Reply, Services, cli_env
from test_faults import ATOM, HTML, MAINTENANCE, ROUTES, SEED, Secret, closed_port_url, xxe

import rnnbib

LIST = Path(__file__).resolve().parent / "data" / "http" / "faults" / "list.md"
FAST_ENV = {"RNNBIB_TIMEOUT": "1", "RNNBIB_RETRIES": "1", "RNNBIB_BACKOFF": "0.05"}
EXPECTED = {  # list title -> (status, problem kind) under the faults of test_several_faults_at_once
    "LSTM: A Search Space Odyssey": "malformed",
    "On the difficulty of training Recurrent Neural Networks": "malformed",
    "Deep learning": "http-503",
    "A dataset on Zenodo": "malformed",
    "Stack RNN": "connection",
    "char-rnn": "redirect",
}
# The formatted outputs (text/html/markdown) are checked for leaks at the API level, in test_faults.
FORMATS = {"bibtex": "refs.bib", "ris": "refs.ris", "csljson": "refs.json"}


@pytest.fixture
def secret(tmp_path: Path) -> Secret:
    import uuid

    marker = f"RNNBIB-SECRET-{uuid.uuid4().hex}"
    path = tmp_path / "secret.txt"
    path.write_text(marker + "\n", encoding="utf-8")
    return Secret(path, marker)


def convert(args: list[str], env: dict[str, str], cwd: Path, timeout: float = 120,
            ) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "rnnbib", "convert", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=timeout)
    return proc, time.monotonic() - started


def test_several_faults_at_once(services: Services, tmp_path: Path, secret: Secret) -> None:
    server = services.server
    server.route(ROUTES["arxiv"], Reply(200, xxe(secret), ATOM))
    server.route(ROUTES["crossref"], Reply(503, "Service Unavailable"))
    server.route(ROUTES["datacite"], Reply(200, MAINTENANCE, HTML))
    server.route(r"/github/repos/facebook/Stack-RNN", Reply(fault="reset"))
    server.route(r"/github/repos/karpathy/char-rnn", Reply(302, "", {"Location": secret.path.as_uri()}))
    env = services.process_env(tmp_path / "cache", **FAST_ENV)
    for fmt, name in FORMATS.items():
        proc, elapsed = convert([str(LIST), "-o", name, "-t", fmt, "--report", f"{fmt}.report.json"], env,
                                tmp_path)
        assert proc.returncode == 0, proc.stderr
        assert elapsed < 30
        text = (tmp_path / name).read_text("utf-8")
        report = (tmp_path / f"{fmt}.report.json").read_text("utf-8")
        for output in (text, report, proc.stdout, proc.stderr):
            assert not secret.leaks(output)
        rows = json.loads(report)["works"]
        assert len(rows) == 6
        seen = {row["title"]: (row["status"], [p["kind"] for p in row["problems"]]) for row in rows}
        assert seen == {title: ("failed", [kind]) for title, kind in EXPECTED.items()}
        for title in EXPECTED:  # every work is in the output, under the title the list gave it
            assert title in text, (fmt, title)
    library = bibtexparser.parse_string((tmp_path / "refs.bib").read_text("utf-8"))
    assert len(library.entries) == 6 and not library.failed_blocks
    assert len(json.loads((tmp_path / "refs.json").read_text("utf-8"))) == 6
    strict, _ = convert([str(LIST), "-o", "strict.bib", "--strict", "-q"], env, tmp_path)
    assert strict.returncode == 1


def test_no_network_the_seed_finishes_in_seconds(tmp_path: Path) -> None:
    """Every service refuses connections; the default retry policy; the CLI exits 0 with every work."""
    base = closed_port_url()
    env = cli_env({"RNNBIB_ARXIV_URL": f"{base}/arxiv/api/query", "RNNBIB_CROSSREF_URL": f"{base}/crossref",
                   "RNNBIB_DATACITE_URL": f"{base}/datacite", "RNNBIB_DOI_URL": f"{base}/doi",
                   "RNNBIB_GITHUB_URL": f"{base}/github", "RNNBIB_CACHE_DIR": str(tmp_path / "cache"),
                   "RNNBIB_PAGES": "0"})
    proc, elapsed = convert([str(SEED), "-o", "refs.json", "--report", "report.json"], env, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert elapsed < 15
    expected = rnnbib.read(SEED)
    items: list[dict[str, Any]] = json.loads((tmp_path / "refs.json").read_text("utf-8"))
    assert [item["id"] for item in items] == [w.key for w in expected.works]
    offline = {w.key: w.to_csl() for w in expected.works}
    assert all(item == offline[item["id"]] for item in items)  # exactly the list's data
    report = json.loads((tmp_path / "report.json").read_text("utf-8"))
    failed = [row for row in report["works"] if row["status"] == "failed"]
    assert len(failed) >= 70
    assert {p["kind"] for row in failed for p in row["problems"]} == {"unreachable"}
    assert any(p["kind"] == "warning" for p in report["problems"])
    assert "unreachable" in proc.stderr  # the run says the services were given up on
