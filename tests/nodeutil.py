"""Locating node and the npm clients (citation-js, citeproc-js) for the ``node`` tests.

The npm packages are pinned in ``tests/node/package.json`` (+ ``package-lock.json``)
and installed into a folder outside git's view::

    mkdir -p .clients && cp tests/node/package.json tests/node/package-lock.json .clients/
    (cd .clients && npm ci)                      # -> .clients/node_modules

``RNNBIB_NODE_MODULES`` points at another ``node_modules`` folder instead.  The
scripts in ``tests/node/`` find the packages through ``NODE_PATH``.  When node or
a package is missing the tests are skipped - or fail, when
``RNNBIB_REQUIRE_CLIENTS=1`` (CI).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from figures import require_clients

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = Path(__file__).resolve().parent / "node"
INSTALL_HINT = (
    "install with: mkdir -p .clients && cp tests/node/package.json tests/node/package-lock.json .clients/ "
    "&& (cd .clients && npm ci)   (or set RNNBIB_NODE_MODULES to a node_modules folder)"
)
CITATION_JS = (
    "@citation-js/core",
    "@citation-js/plugin-ris",
    "@citation-js/plugin-bibtex",
    "@citation-js/plugin-csl",
)
CITEPROC_JS = ("citeproc",)


def node_modules() -> Path:
    """The node_modules folder the tests use (it may not exist)."""
    env = os.environ.get("RNNBIB_NODE_MODULES", "").strip()
    return Path(env) if env else ROOT / ".clients" / "node_modules"


def _missing(reason: str) -> None:
    if require_clients():
        pytest.fail(f"{reason} (RNNBIB_REQUIRE_CLIENTS=1); {INSTALL_HINT}")
    pytest.skip(f"{reason}; {INSTALL_HINT}")


def require_node(packages: tuple[str, ...] = CITATION_JS) -> tuple[str, Path]:
    """``(node executable, node_modules)``; skips (or fails under RNNBIB_REQUIRE_CLIENTS=1) when missing."""
    node = shutil.which("node")
    if node is None:
        _missing("node is not installed")
    modules = node_modules()
    absent = [p for p in packages if not (modules / p / "package.json").is_file()]
    if absent:
        _missing(f"npm packages missing in {modules}: {', '.join(absent)}")
    assert node is not None
    return node, modules


def run_script(
    script: str, args: list[str], stdin: str, packages: tuple[str, ...] = CITATION_JS, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run ``tests/node/<script>`` with ``stdin`` as input; NODE_PATH points at the packages."""
    node, modules = require_node(packages)
    env = dict(os.environ, NODE_PATH=str(modules))
    return subprocess.run(
        [node, str(SCRIPTS / script), *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=timeout,
        check=False,
    )


def citationjs_parse(text: str, fmt: str) -> list[dict[str, Any]]:
    """CSL items citation-js reads from RIS (``fmt="ris"``) or BibTeX/BibLaTeX (``fmt="bibtex"``) text."""
    proc = run_script("parse_citationjs.js", ["-", "--from", fmt], text)
    assert proc.returncode == 0, f"citation-js failed to parse the {fmt} text:\n{proc.stderr}"
    items: list[dict[str, Any]] = json.loads(proc.stdout)
    return items
