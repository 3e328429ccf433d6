"""The coupling to citeproc-py internals, checked against the installed citeproc-py.

``rnnbib.writers.csl_compat`` lists every internal name the CSL layer uses and the
upstream methods it re-implements; these tests fail when an upgrade removes a name,
changes a re-implemented method, or when the layer starts overriding a method the
list does not name.  The render state lives in objects rnnbib owns (``csl_elements.StyleState``, owned by the
renderer's parsed style), never in attributes of citeproc-py's or lxml's objects.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import re
from pathlib import Path
from typing import Any

import pytest

from rnnbib.writers import csl_compat, csl_elements
from rnnbib.writers.csl_engine import Renderer

ROOT = Path(__file__).resolve().parents[1]


def resolve(name: str) -> Any:
    obj: Any = csl_compat
    for part in name.split("."):
        obj = getattr(obj, part)
    return obj


def test_installed_citeproc_py_is_the_supported_version() -> None:
    assert csl_compat.supported(), f"citeproc-py {csl_compat.VERSION} is outside {csl_compat.SUPPORTED}"
    assert not csl_compat.supported("0.12.0") and not csl_compat.supported("0.10.9")


def test_pyproject_pins_the_supported_range() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    low, high = csl_compat.SUPPORTED
    pin = re.search(r'"citeproc-py([^"]*)"', text)
    assert pin is not None
    assert f">={low[0]}.{low[1]}" in pin.group(1) and f"<{high[0]}.{high[1]}" in pin.group(1), pin.group(0)


def test_every_listed_internal_name_exists() -> None:
    missing = []
    for name in csl_compat.INTERNALS:
        try:
            resolve(name)
        except AttributeError:
            missing.append(name)
    assert not missing


def test_rewritten_methods_are_unchanged_upstream() -> None:
    changed = {
        name: digest for name, digest in csl_compat.REWRITTEN.items()
        if hashlib.sha256(inspect.getsource(resolve(name)).encode()).hexdigest()[:16] != digest
    }
    assert not changed, f"upstream changed, review rnnbib's re-implementation of: {sorted(changed)}"


def _citeproc_owner(cls: type, name: str) -> str | None:
    """``model.Class.name`` of the citeproc-py class that defines what ``cls.name`` overrides."""
    for base in cls.__mro__[1:]:
        if base.__module__.startswith("citeproc") and name in vars(base):
            return f"model.{base.__name__}.{name}"
    return None


def test_every_override_is_listed() -> None:
    overridden = set()
    for cls in csl_elements._FAST_CLASSES.values():
        for klass in cls.__mro__:
            if klass.__module__ != csl_elements.__name__:
                continue
            for name, value in vars(klass).items():
                if callable(value) or isinstance(value, property):
                    owner = _citeproc_owner(cls, name)
                    if owner and not name.startswith("__"):
                        overridden.add(owner)
    unlisted = sorted(overridden - set(csl_compat.INTERNALS))
    assert not unlisted, f"overrides of citeproc-py methods missing from csl_compat.INTERNALS: {unlisted}"


def test_only_the_compat_module_imports_citeproc() -> None:
    offenders = [
        path.name for path in (ROOT / "rnnbib" / "writers").glob("csl_*.py")
        if path.name != "csl_compat.py"
        and re.search(r"^\s*(from|import) citeproc\b", path.read_text(encoding="utf-8"), re.M)
    ]
    assert not offenders


# Attributes citeproc-py itself sets on its elements (the style's formatter and locales, a locale's style,
# a layout's cites); any other attribute must be a memoized child lookup (``element.layout``: the child
# element of that tag, or None).
CITEPROC_ATTRIBUTES = {"formatter", "locales", "style", "cites"}
CSL = f"{{{csl_elements.CSL_NS}}}"


def _is_child_lookup(element: Any, name: str, value: Any) -> bool:
    return value is element.find(CSL + name.replace("_", "-")) if value is not None else not name.startswith("_")


def _foreign_attributes(element: Any) -> list[str]:
    return [name for name, value in vars(element).items()
            if name not in CITEPROC_ATTRIBUTES and not _is_child_lookup(element, name, value)]


@pytest.mark.parametrize("fast", [True, False])
def test_render_state_is_not_kept_on_library_objects(fast: bool) -> None:
    items = json.loads((ROOT / "tests" / "data" / "formatted" / "items.json").read_text(encoding="utf-8"))[:20]
    renderer = Renderer(from_environment=False)
    for style in ("apa", "ieee"):  # disambiguation and substitution; numbers and second-field-align
        for fmt in ("text", "html"):
            assert renderer.render(items, style, "en-US", fmt, fast)
    found = []
    for loaded in renderer.styles.values():
        root = loaded.style.root
        assert loaded.style.state.render is csl_elements.state_of(root.bibliography.layout)
        for tree in (root, *root.locales):
            found += [f"{tree.tag} {element.tag}: {name}" for element in tree.iter()
                      for name in _foreign_attributes(element)]
    assert found == []


def test_the_attribute_check_catches_state_on_an_element() -> None:
    renderer = Renderer(from_environment=False)
    renderer.render([{"id": "a", "type": "book", "title": "T"}], "apa", "en-US", "text")
    layout = next(iter(renderer.styles.values())).style.root.bibliography.layout
    assert _foreign_attributes(layout) == []
    layout.__dict__["sort_cache"] = {}
    assert _foreign_attributes(layout) == ["sort_cache"]


def test_no_rnn_attributes_in_the_csl_layer() -> None:
    offenders = [f"{path.name}:{n}" for path in sorted((ROOT / "rnnbib" / "writers").glob("csl_*.py"))
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "_rnn_" in line]
    assert offenders == []
