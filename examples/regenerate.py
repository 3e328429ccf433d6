"""Regenerate examples/output/ from examples/rnn-and-lstm.md, offline, with the README's command.

Run from the repository root:  python examples/regenerate.py
(``tests/test_examples.py`` checks that the committed files are what this produces.)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

LIST = "examples/rnn-and-lstm.md"
OUTPUTS = {  # file name -> extra arguments
    "refs.bib": [],
    "refs-biblatex.bib": ["-t", "biblatex"],
    "refs.ris": [],
    "refs.json": [],
    "refs-zotero.rdf": ["-t", "zotero"],
    "refs.txt": [],
    "refs-ieee.txt": ["--style", "ieee"],
    "refs.html": [],
    "refs.md": [],
}


def regenerate(root: Path, out: Path) -> list[Path]:
    """Write every example output into ``out``; returns the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, extra in OUTPUTS.items():
        target = out / name
        args = ["convert", LIST, "--offline", "-q", "-o", str(target), *extra]
        if name == "refs.bib":
            args += ["--report", str(out / "report.json")]
        subprocess.run([sys.executable, "-m", "rnnbib", *args], cwd=root, check=True,
                       env={"RNNBIB_OFFLINE": "1", "PATH": "/usr/bin:/bin"})
        written.append(target)
    return [*written, out / "report.json"]


if __name__ == "__main__":
    root = Path(__file__).resolve().parents[1]
    for path in regenerate(root, root / "examples" / "output"):
        print(path.relative_to(root))
