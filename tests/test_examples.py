"""The committed example outputs are exactly what the README's command produces now."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_example_outputs_are_current(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("regenerate", ROOT / "examples" / "regenerate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    written = module.regenerate(ROOT, tmp_path)
    assert len(written) == len(module.OUTPUTS) + 1
    for path in written:
        committed = ROOT / "examples" / "output" / path.name
        new = path.read_text(encoding="utf-8")
        # the report names its output file; everything else must be byte-identical
        new = new.replace(str(tmp_path), "examples/output")
        assert committed.read_text(encoding="utf-8") == new, f"{path.name} is stale: run examples/regenerate.py"
