"""Formatted output vs citeproc-js on the resolved test list: the seed resolved from the local server.

Same comparison as ``test_citeprocjs_formatted`` (same .csl file, same locale files, whitespace-only
normalisation), on the CSL-JSON that ``rnnbib convert -t csljson`` writes after resolution.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from figures import record
from test_citeprocjs_formatted import STYLES, THRESHOLD, citeproc_js, normalize

import rnnbib
from rnnbib.writers.csl_engine import render_bibliography

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "rnn-and-lstm.md"

pytestmark = pytest.mark.node


@pytest.fixture(scope="module")
def resolved_items(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    from httpserver import LocalServer, install_services

    server = LocalServer().start()
    try:
        services = install_services(server)
        options = {**services.options(), "cache_dir": tmp_path_factory.mktemp("cache"), "arxiv_delay": 0.01,
                   "backoff": 0.01, "quiet": True}
        bib = rnnbib.read(SEED)
        rnnbib.resolve(bib, **options)
    finally:
        server.stop()
    assert sum(w.status == "resolved" for w in bib.works) >= 71
    data: list[dict[str, Any]] = json.loads(bib.to_string("csljson"))
    return data


@pytest.mark.parametrize("fmt", ["text", "html"])
@pytest.mark.parametrize("style", STYLES)
def test_resolved_list_identical_to_citeproc_js(style: str, fmt: str, resolved_items: list[dict[str, Any]]) -> None:
    reference = citeproc_js(resolved_items, style, fmt, "en-US")
    ours = [(e.id, normalize(e.text, fmt)) for e in render_bibliography(resolved_items, style, "en-US", fmt)]
    same = sum(1 for a, b in zip(reference, ours, strict=False) if a == b)
    share = same / len(reference)
    record(f"citeproc-js resolved {style} {fmt}: {share:.0%} identical ({same}/{len(reference)})")
    assert len(ours) == len(reference)
    diffs = [f"  citeproc-js: {a[1]}\n  rnnbib:      {b[1]}" for a, b in zip(reference, ours, strict=False) if a != b]
    assert share >= THRESHOLD, "\n".join(diffs[:10])
