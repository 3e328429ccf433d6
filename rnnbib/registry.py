"""Name → function registries for readers and writers, imported lazily on first use."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

from .errors import UsageError


def load(table: Mapping[str, tuple[str, str]], name: str, what: str) -> Any:
    """The function registered under ``name`` (``(module, function)`` in ``table``).

    An unknown name raises :class:`UsageError` listing the known ones; ``what`` says which kind
    ("input format", "output format").
    """
    if name not in table:
        raise UsageError(f"unknown {what} {name!r} (known: {', '.join(sorted(table))})")
    module, func = table[name]
    return getattr(importlib.import_module(module), func)
