"""The coupling to citeproc-py internals, checked against the installed citeproc-py.

``rnnbib.writers.csl_compat`` lists every internal name the CSL layer uses and the
upstream methods it re-implements; these tests fail when an upgrade removes a name,
changes a re-implemented method, or when the layer starts overriding a method the
list does not name.
"""

from __future__ import annotations

import hashlib
import inspect
import re
from pathlib import Path
from typing import Any

from rnnbib.writers import csl_compat, csl_elements

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
