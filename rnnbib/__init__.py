"""rnnbib: turn a Markdown paper reading list into a correct, verified bibliography.

>>> import rnnbib
>>> bib = rnnbib.read("examples/rnn-and-lstm.md")      # doctest: +SKIP
>>> bib.write("refs.bib")                               # doctest: +SKIP
>>> print(bib.to_string("ris"))                         # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

from ._version import __version__
from .bibliography import Bibliography, read
from .errors import InputError, RnnbibError, ServiceError, UsageError
from .model import Identifier, Link, Location, Problem, Work

__all__ = [
    "Bibliography",
    "Identifier",
    "InputError",
    "Link",
    "Location",
    "Problem",
    "RnnbibError",
    "ServiceError",
    "UsageError",
    "Work",
    "__version__",
    "read",
    "resolve",
]


def resolve(bib: Bibliography, **options: Any) -> Bibliography:
    """Complete the works of ``bib`` from arXiv, Crossref/DataCite and GitHub (in place; returns ``bib``).

    Options are those of :class:`rnnbib.online.config.ResolveConfig` (``offline``,
    ``refresh``, ``mailto``, ``cache_dir``, the service URLs ...).  Failures never
    lose a work: they are recorded in the work's status and the report.
    """
    from .online.pipeline import resolve_bibliography

    return resolve_bibliography(bib, **options)
