"""``rnnbib check`` on its test set (tests/data/check): recall, false flags, reports, --fix, requests.

The set (see ``tests/data/check/testset.py``): real entries written as people write them, altered
copies with exactly one field changed, and fabricated entries with realistic titles and real
researchers' names.  The services are fakes on a local HTTP server serving records in their real
formats (``tests/checkfakes.py``).
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import bibtexparser
import pytest
from checkfakes import CHECK_DATA, install_check_services
from figures import record
from httpserver import LocalServer, cli_env

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow  # two runs over the whole set (~40 s): `pytest -m slow tests/test_check_set.py`
PROBLEMS = ("mismatch", "wrong-identifier", "not-found")
EXPECTED: dict[str, dict[str, Any]] = json.loads((CHECK_DATA / "expected.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One online run over the whole set (JSON and HTML reports, --fix), then an offline re-run."""
    tmp = tmp_path_factory.mktemp("check")
    server = LocalServer().start()
    try:
        env = cli_env({**install_check_services(server), "RNNBIB_CACHE_DIR": str(tmp / "cache"),
                       "RNNBIB_ARXIV_DELAY": "0", "PYTHONPATH": str(ROOT)})
        bib = tmp / "refs.bib"
        bib.write_text((CHECK_DATA / "testset.bib").read_text("utf-8"), encoding="utf-8")
        online = subprocess.run([sys.executable, "-m", "rnnbib", "check", "refs.bib", "--report", "report.json",
                                 "--fix", "fixed.bib"], env=env, cwd=tmp, capture_output=True, text=True,
                                timeout=300)
        requests = list(server.requests)
        server.clear()
        offline = subprocess.run([sys.executable, "-m", "rnnbib", "check", "refs.bib", "--offline", "-q",
                                  "--report", "offline.json"], env=env, cwd=tmp, capture_output=True, text=True,
                                 timeout=300)
        offline_requests = list(server.requests)
    finally:
        server.stop()
    return {"online": online, "offline": offline, "requests": requests, "offline_requests": offline_requests,
            "report": json.loads((tmp / "report.json").read_text("utf-8")),
            "offline_report": json.loads((tmp / "offline.json").read_text("utf-8")),
            "input": bib.read_text("utf-8"), "fixed": (tmp / "fixed.bib").read_text("utf-8")}


def line_of(key: str) -> int:
    """The line of an entry in the test set."""
    lines = (CHECK_DATA / "testset.bib").read_text("utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith("@") and line.endswith(f"{{{key},"))


def rows(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {row["bibtex_key"]: row for row in report["works"]}


def test_the_set_is_large_enough_and_mixed() -> None:
    kinds = Counter(e["category"] for e in EXPECTED.values())
    assert sum(kinds.values()) >= 60
    assert kinds["real"] >= 20 and kinds["altered"] >= 20 and kinds["fabricated"] >= 10
    alterations = Counter(e["alteration"] for e in EXPECTED.values() if e["category"] == "altered")
    assert set(alterations) == {"year", "swapped author", "missing author", "other venue", "DOI of another paper",
                                "arXiv id of another paper", "title word changed"}


def test_recall_and_false_flags(checked: dict[str, Any]) -> None:
    assert checked["online"].returncode == 1, checked["online"].stderr
    found = rows(checked["report"])
    assert set(found) == set(EXPECTED)
    bad = [k for k, e in EXPECTED.items() if e["category"] != "real"]
    flagged = [k for k in bad if found[k]["verdict"] in PROBLEMS]
    false_flags = [k for k, e in EXPECTED.items() if e["category"] == "real" and found[k]["verdict"] in PROBLEMS]
    right_kind = [k for k in bad if found[k]["verdict"] == EXPECTED[k]["verdict"]]
    recall = len(flagged) / len(bad)
    record(f"check test set: {len(EXPECTED)} entries; recall on altered+fabricated {len(flagged)}/{len(bad)} "
           f"= {recall:.1%}; right verdict {len(right_kind)}/{len(bad)}; false flags on real entries "
           f"{len(false_flags)}/{len(EXPECTED) - len(bad)}")
    assert recall >= 0.95, sorted(set(bad) - set(flagged))
    assert false_flags == []
    assert all(found[k]["verdict"] == "verified" for k, e in EXPECTED.items() if e["category"] == "real")


def test_each_alteration_is_reported_on_its_field(checked: dict[str, Any]) -> None:
    found = rows(checked["report"])
    for key, expected in EXPECTED.items():
        if expected["category"] != "altered":
            continue
        failing = {f["field"] for f in found[key]["fields"] if not f["ok"]}
        assert expected["field"] in failing, (key, found[key])
        assert found[key]["verdict"] == expected["verdict"], key


def test_stderr_has_one_line_per_problem_with_file_line_and_key(checked: dict[str, Any]) -> None:
    lines = checked["online"].stderr.splitlines()
    assert f"refs.bib:{line_of('hochreiter1998long')} hochreiter1998long: year 1998 ≠ 1997 (crossref)" in lines
    found = rows(checked["report"])
    problems = sum(len(r["problems"]) for r in found.values() if r["verdict"] in PROBLEMS)
    assert len([line for line in lines if line.startswith("refs.bib:")]) == problems
    for key, row in found.items():
        if row["verdict"] in PROBLEMS:
            assert any(line.startswith(f"{row['location']} {key}: ") for line in lines), key


def test_report_rows_carry_written_found_and_source(checked: dict[str, Any]) -> None:
    report = checked["report"]
    assert report["summary"]["works"] == len(EXPECTED)
    assert report["summary"]["exit_code"] == 1
    row = rows(report)["he2015deep"]
    assert row["verdict"] == "mismatch" and 0 < row["confidence"] <= 1
    [year] = [f for f in row["fields"] if f["field"] == "year"]
    assert (year["written"], year["found"], year["source"], year["ok"]) == ("2015", "2016", "crossref", False)
    assert row["location"] == f"refs.bib:{line_of('he2015deep')}"


def test_fix_changes_only_reported_fields(checked: dict[str, Any]) -> None:
    original = {e.key: e for e in bibtexparser.parse_string(checked["input"]).entries}
    fixed_lib = bibtexparser.parse_string(checked["fixed"])
    assert not fixed_lib.failed_blocks
    fixed = {e.key: e for e in fixed_lib.entries}
    assert list(fixed) == list(original)
    found = rows(checked["report"])
    changed_total = 0
    for key, entry in original.items():
        before = {f.key: f.value for f in entry.fields}
        after = {f.key: f.value for f in fixed[key].fields}
        assert set(before) == set(after), key
        changed = {name for name in before if before[name] != after[name]}
        reported = {fix["field"] for fix in found[key]["fixes"]}
        assert changed == reported, key
        if changed:
            assert found[key]["verdict"] in PROBLEMS
        changed_total += len(changed)
    assert fixed["hochreiter1998long"].fields_dict["year"].value == "1997"
    assert fixed["hochreiter1997long-doi"].fields_dict["doi"].value == "10.1162/neco.1997.9.8.1735"
    assert "Ren, Shaoqing" in fixed["he2016deep-missing"].fields_dict["author"].value
    # the real entries are untouched, byte for byte
    assert all(not found[k]["fixes"] for k, e in EXPECTED.items() if e["category"] == "real")
    record(f"check --fix on the test set: {changed_total} fields corrected, every other field kept")


def test_a_fixed_file_checks_clean_where_the_fix_was_possible(checked: dict[str, Any], tmp_path: Path) -> None:
    server = LocalServer().start()
    try:
        env = cli_env({**install_check_services(server), "RNNBIB_CACHE_DIR": str(tmp_path / "cache"),
                       "RNNBIB_ARXIV_DELAY": "0", "PYTHONPATH": str(ROOT)})
        (tmp_path / "fixed.bib").write_text(checked["fixed"], encoding="utf-8")
        result = subprocess.run([sys.executable, "-m", "rnnbib", "check", "fixed.bib", "-q", "--report", "r.json"],
                                env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    finally:
        server.stop()
    after = rows(json.loads((tmp_path / "r.json").read_text("utf-8")))
    before = rows(checked["report"])
    fixed = [k for k, row in before.items() if row["fixes"]]
    assert fixed
    for key in fixed:
        assert after[key]["verdict"] == "verified", (key, after[key]["problems"])
    assert result.returncode == 1  # fabricated entries and wrong arXiv ids remain


def test_requests_at_most_one_per_source_per_work_and_offline_uses_the_cache(checked: dict[str, Any]) -> None:
    requests = checked["requests"]
    arxiv = [r for r in requests if r.path.startswith("/arxiv/")]
    assert len(arxiv) == 1  # every arXiv id of the run in one batch
    searches = [r for r in requests if r.path == "/crossref/works"]
    lookups = [r for r in requests if r.path.startswith("/crossref/works/")]
    assert len(searches) <= len(EXPECTED)
    assert len({r.param("query.bibliographic") for r in searches}) == len(searches)
    assert len({r.path for r in lookups}) == len(lookups)
    assert all(r.param("rows") == "5" for r in searches)
    s2 = [r for r in requests if r.path.startswith("/s2/")]
    s2_batches = [r for r in s2 if r.path.endswith("/paper/batch")]
    dblp = [r for r in requests if r.path.startswith("/dblp/")]
    assert len(s2_batches) == 1  # the arXiv ids of works needing a published record, in one request
    assert len({r.param("query") for r in s2 if r not in s2_batches}) == len(s2) - 1 <= len(searches)
    assert len({r.param("q") for r in dblp}) == len(dblp) <= len(searches)
    record(f"check test set requests: arXiv {len(arxiv)}, Crossref lookups {len(lookups)}, Crossref searches "
           f"{len(searches)}, Semantic Scholar {len(s2)} (1 batch), DBLP {len(dblp)} for {len(EXPECTED)} entries")
    assert checked["offline_requests"] == []
    assert checked["offline"].returncode == 1 and checked["offline"].stderr == ""
    online = {k: (r["verdict"], r["fields"]) for k, r in rows(checked["report"]).items()}
    offline = {k: (r["verdict"], r["fields"]) for k, r in rows(checked["offline_report"]).items()}
    assert offline == online


def test_committed_fixtures_are_what_the_builders_write() -> None:
    sys.path.insert(0, str(CHECK_DATA))
    try:
        # by name: an installed package called "build" would otherwise change how the imports sort
        build = importlib.import_module("build")
        testset = importlib.import_module("testset")
    finally:
        sys.path.remove(str(CHECK_DATA))
    for path, text in build.files().items():
        assert path.read_text("utf-8") == text, path
    text, expected = testset.build()
    assert (CHECK_DATA / "testset.bib").read_text("utf-8") == text
    assert expected == EXPECTED
