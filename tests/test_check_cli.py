"""``rnnbib check`` on the command line: exit codes, input formats, bad input, offline, and ``convert``'s
cross-check of list titles against the records."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from checkfakes import CHECK_DATA, install_check_services
from httpserver import LocalServer, cli_env

ROOT = Path(__file__).resolve().parent.parent
GOOD = """@article{lstm,
  author = {Hochreiter, Sepp and Schmidhuber, J{\\"u}rgen},
  title = {Long Short-Term Memory},
  journal = {Neural Computation}, volume = {9}, pages = {1735--1780}, year = {1997},
  doi = {10.1162/neco.1997.9.8.1735}
}

@misc{tool,
  title = {char-rnn},
  howpublished = {GitHub repository},
  url = {https://github.com/karpathy/char-rnn},
  year = {2015}
}

@misc{blog,
  author = {Olah, Christopher},
  title = {Understanding {LSTM} Networks},
  howpublished = {\\url{https://colah.github.io/posts/2015-08-Understanding-LSTMs/}},
  year = {2015}
}
"""
BROKEN = GOOD + """
@article{broken,
  title = {Unclosed
  year = 1990

@article{elman,
  author = {Elman, Jeffrey L.},
  title = {Finding Structure in Time},
  journal = {Cognitive Science}, year = {1990}
}
"""


@pytest.fixture
def env(tmp_path: Path) -> Iterator[dict[str, str]]:
    server = LocalServer().start()
    try:
        yield cli_env({**install_check_services(server), "RNNBIB_CACHE_DIR": str(tmp_path / "cache"),
                       "PYTHONPATH": str(ROOT)})
    finally:
        server.stop()


def rnnbib(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "rnnbib", *args], env=env, cwd=cwd, capture_output=True,
                          text=True, timeout=300)


def verdicts(path: Path) -> dict[str, str]:
    return {row["bibtex_key"] or row["key"]: row["verdict"] for row in json.loads(path.read_text("utf-8"))["works"]}


def test_exit_0_when_everything_is_verified_or_unverifiable(env: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text(GOOD, encoding="utf-8")
    done = rnnbib(["check", "refs.bib", "--report", "r.json"], env, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == ["rnnbib: checked 3 works (1 verified, 2 unverifiable)"]
    assert verdicts(tmp_path / "r.json") == {"lstm": "verified", "tool": "unverifiable", "blog": "unverifiable"}


def test_bad_input_is_reported_with_its_line_and_the_rest_is_checked(env: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text(BROKEN, encoding="utf-8")
    done = rnnbib(["check", "refs.bib", "--report", "r.json"], env, tmp_path)
    assert done.returncode == 2
    errors = [line for line in done.stderr.splitlines() if line.startswith("rnnbib: error:")]
    assert len(errors) == 1 and "refs.bib:22" in errors[0]
    assert "Traceback" not in done.stderr
    found = verdicts(tmp_path / "r.json")
    assert found["lstm"] == "verified" and found["elman"] == "verified"


def test_usage_errors_exit_2(env: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "list.md").write_text("**Long Short-Term Memory**\n\n- paper: https://doi.org/10.1162/neco.1997."
                                      "9.8.1735\n", encoding="utf-8")
    done = rnnbib(["check", "list.md", "--fix", "out.bib"], env, tmp_path)
    assert done.returncode == 2 and done.stderr.strip() == "rnnbib: error: --fix needs exactly one .bib input"
    assert not (tmp_path / "out.bib").exists()
    done = rnnbib(["check"], env, tmp_path)
    assert done.returncode == 2 and "the following arguments are required" in done.stderr
    done = rnnbib(["check", "missing.bib"], env, tmp_path)
    assert done.returncode == 2 and done.stderr.startswith("rnnbib: error:") and "missing.bib" in done.stderr


def test_reading_lists_and_csl_json_are_checked_too(env: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "list.md").write_text(
        "# Papers\n\n**Attention Is All You Need**\n\n- arxiv: https://arxiv.org/abs/1706.03762\n\n"
        "**Deep Residual Learning for Image Recognition**\n\n- paper: https://doi.org/10.1109/CVPR.2016.91\n",
        encoding="utf-8")
    items = [{"id": "a", "type": "article-journal", "title": "Deep learning", "DOI": "10.1038/nature14539",
              "author": [{"family": "LeCun", "given": "Yann"}, {"family": "Bengio", "given": "Yoshua"},
                         {"family": "Hinton", "given": "Geoffrey"}], "issued": {"date-parts": [[2014]]}}]
    (tmp_path / "items.json").write_text(json.dumps(items), encoding="utf-8")
    done = rnnbib(["check", "list.md", "items.json", "--report", "r.json"], env, tmp_path)
    assert done.returncode == 1
    rows = {row["title"]: row for row in json.loads((tmp_path / "r.json").read_text("utf-8"))["works"]}
    assert rows["Attention Is All You Need"]["verdict"] == "verified"
    resnet = rows["Deep Residual Learning for Image Recognition"]
    assert resnet["verdict"] == "wrong-identifier" and resnet["location"] == "list.md:7"
    assert rows["Deep learning"]["verdict"] == "mismatch"
    lines = done.stderr.splitlines()
    assert any(line.startswith("list.md:7 ") and "doi 10.1109/CVPR.2016.91 is \"You Only Look Once" in line
               for line in lines)
    assert any(line.startswith("items.json:") and "year 2014 ≠ 2015 (crossref)" in line for line in lines)


def test_an_identifier_list_is_verified_by_its_records(env: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "ids.txt").write_text("arXiv:1706.03762\n10.1038/nature14539\n10.1234/does-not-exist\n",
                                      encoding="utf-8")
    done = rnnbib(["check", "ids.txt", "--report", "r.json"], env, tmp_path)
    rows = json.loads((tmp_path / "r.json").read_text("utf-8"))["works"]
    assert [row["verdict"] for row in rows] == ["verified", "verified", "wrong-identifier"]
    assert done.returncode == 1 and "ids.txt:3 " in done.stderr and "does not exist" in done.stderr


def test_offline_with_an_empty_cache_checks_nothing(env: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text(GOOD, encoding="utf-8")
    done = rnnbib(["check", "refs.bib", "--offline", "--report", "r.json"], env, tmp_path)
    assert done.returncode == 0
    assert set(verdicts(tmp_path / "r.json").values()) == {"unverifiable"}
    strict = rnnbib(["check", "refs.bib", "--offline", "--strict", "-q"], env, tmp_path)
    assert strict.returncode == 1 and strict.stderr == ""


def test_convert_reports_an_arxiv_link_that_points_at_another_paper(env: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "list.md").write_text(
        "# Attention\n\n**Attention Is All You Need**\n\n- arxiv: https://arxiv.org/abs/1409.0473\n\n"
        "**Adam: A Method for Stochastic Optimization**\n\n- arxiv: https://arxiv.org/abs/1412.6980\n\n"
        "**Attention is all you need (NIPS version)**\n\n- arxiv: https://arxiv.org/abs/1706.03762\n",
        encoding="utf-8")
    done = rnnbib(["convert", "list.md", "-o", "refs.bib", "--report", "r.json"], env, tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    [wrong] = [line for line in lines if line.startswith("rnnbib: wrong-identifier:")]
    assert wrong.startswith("rnnbib: wrong-identifier: list.md:3: arXiv:1409.0473 is \"Neural Machine Translation")
    assert "not \"Attention Is All You Need\" as the list says" in wrong
    [similar] = [line for line in lines if line.startswith("rnnbib: title-mismatch:")]
    assert "list.md:11" in similar
    report: dict[str, Any] = json.loads((tmp_path / "r.json").read_text("utf-8"))
    titles = ("wrong-identifier", "title-mismatch")
    kinds = {row["source"]: [p["kind"] for p in row["problems"] if p["kind"] in titles] for row in report["works"]}
    assert kinds == {"list.md:3": ["wrong-identifier"], "list.md:7": [], "list.md:11": ["title-mismatch"]}


def test_fixtures_folder_exists() -> None:
    assert (CHECK_DATA / "testset.bib").is_file()


def test_a_service_that_is_down_never_makes_an_entry_not_found(tmp_path: Path) -> None:
    from httpserver import Reply

    server = LocalServer().start()
    try:
        env = cli_env({**install_check_services(server), "RNNBIB_CACHE_DIR": str(tmp_path / "cache"),
                       "RNNBIB_RETRIES": "1", "RNNBIB_BACKOFF": "0.01", "PYTHONPATH": str(ROOT)})
        server.route(r"/crossref/works", Reply(503, "<html>maintenance</html>", {"Content-Type": "text/html"}))
        (tmp_path / "refs.bib").write_text(
            "@article{elman, author = {Elman, Jeffrey L.}, title = {Finding Structure in Time},"
            " journal = {Cognitive Science}, year = {1990}}\n"
            "@article{fake, author = {Silver, David and Hassabis, Demis}, title = {Gated Feedback Networks for "
            "Continuous Control}, journal = {Nature}, year = {2018}}\n", encoding="utf-8")
        done = rnnbib(["check", "refs.bib", "--report", "r.json"], env, tmp_path)
        strict = rnnbib(["check", "refs.bib", "--strict", "-q"], env, tmp_path)
    finally:
        server.stop()
    assert done.returncode == 0, done.stderr
    rows = {r["bibtex_key"]: r for r in json.loads((tmp_path / "r.json").read_text("utf-8"))["works"]}
    assert {k: r["verdict"] for k, r in rows.items()} == {"elman": "unverifiable", "fake": "unverifiable"}
    assert all(r["unanswered"] == ["crossref (http-503)"] for r in rows.values())
    assert strict.returncode == 1
