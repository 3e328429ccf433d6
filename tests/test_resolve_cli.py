"""Resolution through the command line (``python -m rnnbib convert``) against the local fakes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from httpserver import RESOLVE_ENV, Services

LIST = """# Papers

**LSTM: A Search Space Odyssey**

- arxiv: [http://arxiv.org/abs/1503.04069](http://arxiv.org/abs/1503.04069)

**On the difficulty of training Recurrent Neural Networks**

- arxiv: [http://arxiv.org/abs/1211.5063](http://arxiv.org/abs/1211.5063)
- github: [https://github.com/karpathy/char-rnn](https://github.com/karpathy/char-rnn)

**Deep learning**

- paper: [https://doi.org/10.1038/nature14539](https://doi.org/10.1038/nature14539)

# Code

**Stack RNN**

- github: [https://github.com/facebook/Stack-RNN](https://github.com/facebook/Stack-RNN)
"""

MISSING = """
**A paper arXiv does not have**

- arxiv: [http://arxiv.org/abs/1601.99999](http://arxiv.org/abs/1601.99999)
"""


@pytest.fixture
def workdir(services: Services, tmp_path: Path) -> Path:
    (tmp_path / "list.md").write_text(LIST, encoding="utf-8")
    (tmp_path / "missing.md").write_text(LIST + MISSING, encoding="utf-8")
    return tmp_path


def run(services: Services, workdir: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in RESOLVE_ENV}
    settings = {"RNNBIB_CACHE_DIR": str(workdir / "cache"), "RNNBIB_ARXIV_DELAY": "0.05", "RNNBIB_S2_DELAY": "0",
                "RNNBIB_DBLP_DELAY": "0"}
    full_env = {**base, **services.env(), **settings, **env}
    return subprocess.run([sys.executable, "-m", "rnnbib", "convert", *args], capture_output=True, text=True,
                          cwd=workdir, env=full_env, timeout=300)


def items(path: Path) -> dict[str, dict[str, Any]]:
    return {item["title"]: item for item in json.loads(path.read_text("utf-8"))}


def test_convert_resolves_with_few_polite_requests(services: Services, workdir: Path) -> None:
    proc = run(services, workdir, "list.md", "-o", "refs.json", "--mailto", "me@example.org",
               "--report", "report.json")
    assert proc.returncode == 0, proc.stderr
    arxiv = services.server.made("/arxiv/")
    assert len(arxiv) == 1 and arxiv[0].param("max_results") == "2"
    assert not services.server.made("/github/repos/karpathy")  # a paper's code link is not resolved
    assert all("mailto:me@example.org" in (r.header("User-Agent") or "") for r in services.server.requests)
    refs = items(workdir / "refs.json")
    lstm = refs["LSTM: A Search Space Odyssey"]  # arXiv names the published DOI: cited in the journal
    assert lstm["author"][0] == {"family": "Greff", "given": "Klaus"}
    assert lstm["type"] == "article-journal" and lstm["DOI"] == "10.1109/TNNLS.2016.2582924"
    nature = refs["Deep learning"]
    assert (nature["container-title"], nature["volume"], nature["page"]) == ("Nature", "521", "436-444")
    assert refs["Stack-RNN"]["type"] == "software"
    report = json.loads((workdir / "report.json").read_text("utf-8"))
    rows = {row["title"]: row for row in report["works"]}
    assert rows["Deep learning"]["status"] == "resolved"
    assert "crossref" in rows["Deep learning"]["sources"]
    assert "arxiv" in rows["LSTM: A Search Space Odyssey"]["sources"]
    assert rows["LSTM: A Search Space Odyssey"]["canonical"]["status"] == "upgraded"


def test_rerun_and_offline_send_nothing_and_write_the_same(services: Services, workdir: Path) -> None:
    assert run(services, workdir, "list.md", "-o", "first.bib").returncode == 0
    count = len(services.server.requests)
    assert run(services, workdir, "list.md", "-o", "second.bib").returncode == 0
    assert run(services, workdir, "list.md", "-o", "offline.bib", "--offline").returncode == 0
    assert run(services, workdir, "list.md", "-o", "env.bib", RNNBIB_OFFLINE="1").returncode == 0
    assert len(services.server.requests) == count
    first = (workdir / "first.bib").read_bytes()
    assert b"Greff" in first
    assert (workdir / "second.bib").read_bytes() == first
    assert (workdir / "offline.bib").read_bytes() == first
    assert (workdir / "env.bib").read_bytes() == first
    assert run(services, workdir, "list.md", "-o", "fresh.bib", "--refresh").returncode == 0
    assert len(services.server.requests) == 2 * count


def test_strict_exit_code(services: Services, workdir: Path) -> None:
    services.arxiv.missing.add("1601.99999")
    relaxed = run(services, workdir, "missing.md", "-o", "refs.json", "--report", "report.json", "-q")
    assert relaxed.returncode == 0, relaxed.stderr
    assert relaxed.stderr == ""
    rows = json.loads((workdir / "report.json").read_text("utf-8"))["works"]
    [missing] = [r for r in rows if r["title"] == "A paper arXiv does not have"]
    assert missing["status"] == "not-found"
    assert missing["problems"][0]["kind"] == "not-found"
    strict = run(services, workdir, "missing.md", "-o", "refs.json", "--strict", "-q")
    assert strict.returncode == 1


def test_prefer_published_and_github_all(services: Services, workdir: Path) -> None:
    proc = run(services, workdir, "list.md", "-o", "refs.json", "--prefer-published", "--github", "all")
    assert proc.returncode == 0, proc.stderr
    lstm = items(workdir / "refs.json")["LSTM: A Search Space Odyssey"]
    assert lstm["type"] == "article-journal"
    assert lstm["container-title"] == "IEEE Transactions on Neural Networks and Learning Systems"
    assert services.server.made("/github/repos/karpathy/char-rnn")


def test_service_down_keeps_every_work(services: Services, workdir: Path) -> None:
    from httpserver import Reply

    services.server.route("/arxiv/api/query", Reply(503, "maintenance"))
    proc = run(services, workdir, "list.md", "-o", "refs.json", "--report", "report.json")
    assert proc.returncode == 0, proc.stderr
    refs = items(workdir / "refs.json")
    assert "LSTM: A Search Space Odyssey" in refs  # the list's title and data remain
    rows = json.loads((workdir / "report.json").read_text("utf-8"))["works"]
    failed = [r for r in rows if r["status"] == "failed"]
    assert len(failed) == 2 and all(r["problems"][0]["kind"] == "http-503" for r in failed)


def test_keep_preprints(services: Services, workdir: Path) -> None:
    proc = run(services, workdir, "list.md", "-o", "refs.json", "--keep-preprints", "--report", "report.json")
    assert proc.returncode == 0, proc.stderr
    lstm = items(workdir / "refs.json")["LSTM: A Search Space Odyssey"]
    assert lstm["type"] == "article" and lstm["number"] == "arXiv:1503.04069"
    rows = {row["title"]: row for row in json.loads((workdir / "report.json").read_text("utf-8"))["works"]}
    assert rows["LSTM: A Search Space Odyssey"]["canonical"]["status"] == "kept-preprint"
    both = run(services, workdir, "list.md", "--keep-preprints", "--prefer-published")
    assert both.returncode == 2 and "contradict" in both.stderr and len(both.stderr.splitlines()) == 1
