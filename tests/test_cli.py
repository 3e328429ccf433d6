"""The command line, run as a subprocess as a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "rnn-and-lstm.md"


def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "RNNBIB_OFFLINE": "1", **(env or {})}
    return subprocess.run([sys.executable, "-m", "rnnbib", *args], capture_output=True, text=True,
                          cwd=cwd, env=full_env, timeout=300)


def assert_one_line_error(proc: subprocess.CompletedProcess[str], needle: str) -> None:
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert needle in lines[0]


@pytest.mark.parametrize("suffix", [".bib", ".ris", ".json", ".txt", ".html", ".md"])
def test_convert_seed_every_suffix(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"refs{suffix}"
    proc = run("convert", str(SEED), "--offline", "-o", str(out), "-q")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    text = out.read_text(encoding="utf-8")
    assert "Recurrent Neural Networks" in text or "Recurrent neural networks" in text


def test_biblatex_flavour(tmp_path: Path) -> None:
    out = tmp_path / "refs.bib"
    proc = run("convert", str(SEED), "--offline", "-t", "biblatex", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    text = out.read_text(encoding="utf-8")
    assert "eprinttype" in text and "archivePrefix" not in text


def test_stdout_default_bibtex_and_summary() -> None:
    proc = run("convert", str(SEED), "--offline")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.lstrip().startswith("@")
    assert "works" in proc.stderr.splitlines()[-1]


def test_python_dash_m_and_console_script_agree(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "rnnbib", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("rnnbib ")


def test_report_rows(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    proc = run("convert", str(SEED), "--offline", "-o", str(tmp_path / "r.bib"), "--report", str(report), "-q")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(report.read_text(encoding="utf-8"))
    rows = data["works"]
    assert data["summary"]["works"] == len(rows) > 100
    for row in rows:
        assert set(row) >= {"key", "title", "source", "identifiers", "status", "merged_from", "problems"}
        assert row["source"].startswith(str(SEED)) and int(row["source"].rsplit(":", 1)[1]) > 0
    assert data["summary"]["merges"] >= 1


def test_missing_input_exit_2(tmp_path: Path) -> None:
    assert_one_line_error(run("convert", str(tmp_path / "nope.md")), "nope.md")


def test_unknown_format_exit_2(tmp_path: Path) -> None:
    assert_one_line_error(run("convert", str(SEED), "-o", str(tmp_path / "x.docx")), "suffix")


def test_unknown_style_exit_2_output_untouched(tmp_path: Path) -> None:
    out = tmp_path / "refs.txt"
    out.write_text("previous\n", encoding="utf-8")
    proc = run("convert", str(SEED), "-o", str(out), "--style", "no-such-style-xyz")
    assert_one_line_error(proc, "no-such-style-xyz")
    assert out.read_text(encoding="utf-8") == "previous\n"


def test_binary_input_exit_2_output_untouched(tmp_path: Path) -> None:
    binary = tmp_path / "list.md"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    out = tmp_path / "refs.bib"
    out.write_text("previous\n", encoding="utf-8")
    assert_one_line_error(run("convert", str(binary), "-o", str(out)), "binary")
    assert out.read_text(encoding="utf-8") == "previous\n"


def test_broken_bib_entry_reported_good_ones_kept(tmp_path: Path) -> None:
    src = tmp_path / "in.bib"
    src.write_text(
        "@article{good1,\n  title = {First Good Paper},\n  author = {Doe, Jane},\n  year = {2020},\n"
        "  journal = {J}\n}\n\n"
        "@article{broken,\n  title = {Broken {Paper},\n  year = 2020\n\n"
        "@misc{good2,\n  title = {Second Good Paper},\n  year = {2021}\n}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.json"
    proc = run("convert", str(src), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    items = json.loads(out.read_text(encoding="utf-8"))
    titles = {i["title"] for i in items}
    assert "First Good Paper" in titles
    assert f"{src}:8" in proc.stderr  # the broken entry's line


def test_crlf_same_output(tmp_path: Path) -> None:
    crlf = tmp_path / "crlf.md"
    crlf.write_bytes(SEED.read_bytes().replace(b"\n", b"\r\n"))
    lf = tmp_path / "lf.md"
    lf.write_bytes(SEED.read_bytes())
    a = run("convert", str(lf), "-t", "csljson", "-q")
    b = run("convert", str(crlf), "-t", "csljson", "-q")
    assert a.returncode == b.returncode == 0
    assert a.stdout.replace("lf.md", "X") == b.stdout.replace("crlf.md", "X")


def test_no_command_prints_help() -> None:
    proc = run()
    assert proc.returncode == 2 and "convert" in proc.stderr
