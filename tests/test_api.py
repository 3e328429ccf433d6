"""The public Python API, as the README documents it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import rnnbib

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "rnn-and-lstm.md"


def test_exported_members_are_documented() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert rnnbib.__all__ == sorted(rnnbib.__all__)
    for name in rnnbib.__all__:
        assert hasattr(rnnbib, name), name
        if not name.startswith("_"):
            assert f"`{name}" in readme or f"rnnbib.{name}" in readme, f"{name} not in README"


def test_read_iterate_write(tmp_path: Path) -> None:
    bib = rnnbib.read(SEED)
    items = list(bib)
    assert len(items) == len(bib) > 100
    ids = [i["id"] for i in items]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]*", i) for i in ids), ids
    out = tmp_path / "refs.bib"
    assert bib.write(out) == "bibtex"
    assert out.read_text(encoding="utf-8").count("\n@") + 1 >= len(bib)
    assert "TY  - " in bib.to_string("ris")


def test_seed_merged_pair_and_sections() -> None:
    bib = rnnbib.read(SEED)
    works = [w for w in bib.works if any(i.kind == "arxiv" and i.value == "1406.6247" for i in w.identifiers)]
    assert len(works) == 1
    # both entries sit under "# Attention Models": one work, both sources, that section path
    assert works[0].sections == [("Attention Models",)]
    assert [loc.line for loc in works[0].sources] == [293, 300]


def test_seed_counts_add_up() -> None:
    bold_titles = sum(1 for line in SEED.read_text(encoding="utf-8").splitlines()
                      if re.fullmatch(r"\*\*[^*].*\*\*\s*", line))
    bib = rnnbib.read(SEED)
    merges = sum(1 for p in bib.problems if p.kind == "merge")
    skips = sum(1 for p in bib.problems if p.kind == "skip")
    assert bold_titles == 168
    assert len(bib) + merges + skips == bold_titles


def test_seed_arxiv_ids_each_in_exactly_one_work() -> None:
    text = SEED.read_text(encoding="utf-8")
    expected = {m.group(1) for m in re.finditer(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})", text)}
    assert len(expected) == 71
    bib = rnnbib.read(SEED)
    seen: dict[str, int] = {}
    for work in bib.works:
        for ident in {i.value for i in work.identifiers if i.kind == "arxiv"}:
            seen[ident] = seen.get(ident, 0) + 1
    assert set(seen) == expected
    assert all(n == 1 for n in seen.values())


def test_seed_every_github_repo_kept() -> None:
    text = SEED.read_text(encoding="utf-8")
    repos = {f"{o}/{r}".lower().removesuffix(".git")
             for o, r in re.findall(r"github\.com/+([\w.-]+)/([\w.-]+)", text)}
    bib = rnnbib.read(SEED)
    kept = {i.value.lower() for w in bib.works for i in w.identifiers if i.kind == "github"}
    links = " ".join(link.url for w in bib.works for link in w.links).lower()
    for repo in repos:
        assert repo in kept or repo in links, repo


def test_example_script_runs(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "examples" / "api_example.py")], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "api-example-out" / "refs.ris").exists()


def test_seed_outputs_parse_back_one_per_work() -> None:
    import json

    import bibtexparser
    import jsonschema
    import rispy

    bib = rnnbib.read(SEED)
    for flavour in ("bibtex", "biblatex"):
        library = bibtexparser.parse_string(bib.to_string(flavour))
        assert library.failed_blocks == []
        assert sorted(e.key for e in library.entries) == sorted(w.key for w in bib.works)
    ris = bib.to_string("ris")
    assert ris.count("TY  - ") == ris.count("ER  - ") == len(bib)
    assert len(rispy.loads(ris)) == len(bib)
    schema = json.loads((ROOT / "rnnbib" / "data" / "csl-data.json").read_text(encoding="utf-8"))
    items = json.loads(bib.to_string("csljson"))
    jsonschema.validate(items, schema)
    assert [i["id"] for i in items] == [w.key for w in bib.works]
