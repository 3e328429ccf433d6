"""Lint and types: ruff and mypy pass on the package (skipped when the tools are not installed)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str) -> list[str]:
    if shutil.which(name) is None:
        pytest.skip(f"{name} not installed")
    return [name]


def test_ruff_clean() -> None:
    proc = subprocess.run([*_tool("ruff"), "check", "rnnbib", "tests", "bench", "examples"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_clean() -> None:
    _tool("mypy")
    proc = subprocess.run([sys.executable, "-m", "mypy", "rnnbib"], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
