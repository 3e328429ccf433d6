"""CSL-JSON fed to real pandoc: ``pandoc --citeproc`` renders every item with no warning."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from figures import record, require_clients

import rnnbib

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "rnn-and-lstm.md"

pytestmark = pytest.mark.pandoc


def _pandoc() -> str:
    exe = shutil.which("pandoc")
    if exe is None:
        if require_clients():
            pytest.fail("pandoc is required (RNNBIB_REQUIRE_CLIENTS=1) but not installed")
        pytest.skip("pandoc not installed")
    return exe


@pytest.mark.parametrize("fmt", ["csljson", "zotero-csljson"])
def test_pandoc_citeproc_renders_seed_without_warnings(tmp_path: Path, fmt: str) -> None:
    pandoc = _pandoc()
    bib = rnnbib.read(SEED)
    refs = tmp_path / "refs.json"
    bib.write(refs, fmt)
    doc = tmp_path / "doc.md"
    doc.write_text("---\nnocite: '@*'\n---\n\n# References\n", encoding="utf-8")
    proc = subprocess.run(
        [pandoc, "--citeproc", "--bibliography", str(refs), "-t", "plain", str(doc)],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    warnings = [line for line in proc.stderr.splitlines() if line.strip()]
    record(f"pandoc --citeproc {fmt}: {len(bib)} items, {len(warnings)} warnings")
    assert warnings == []
    # every work's title appears in the rendered bibliography (pandoc may re-case titles; compare loosely)
    def norm(text: str) -> str:  # pandoc typesets straight quotes as curly ones
        return " ".join(text.replace("\u2019", "'").split()).lower()

    rendered = norm(proc.stdout)
    missing = [w.title for w in bib.works if norm(w.title)[:40] not in rendered]
    assert missing == []
