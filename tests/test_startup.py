"""`rnnbib --help` must not import the heavy libraries (issue 6: start-up under 0.3 s).

Checked by inspecting ``sys.modules`` in a fresh interpreter, not by timing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("requests", "requests_cache", "citeproc", "bibtexparser", "mistune", "pylatexenc", "yaml",
         "rispy", "urllib3")

_SCRIPT = """
import contextlib, io, sys
{imports}
import rnnbib.cli
for argv in (["--help"], ["convert", "--help"], ["--version"]):
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            rnnbib.cli.main(argv)
        except SystemExit:
            pass
print(",".join(m for m in {heavy!r} if m in sys.modules))
"""


def _heavy_loaded(imports: str = "") -> list[str]:
    code = _SCRIPT.format(imports=imports, heavy=HEAVY)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    line = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else ""
    return [m for m in line.split(",") if m]


def test_help_imports_no_heavy_module() -> None:
    assert _heavy_loaded() == []


def test_the_check_sees_a_heavy_import() -> None:
    # the same probe reports the libraries once something imports the reader and the writer
    loaded = _heavy_loaded("import rnnbib.readers.markdown, rnnbib.writers.bibtex")
    assert "mistune" in loaded
    assert "bibtexparser" in loaded
    assert "pylatexenc" in loaded


def test_package_import_is_light() -> None:
    code = f"import sys, rnnbib; print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
