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
    "check",
    "read",
    "resolve",
]


def resolve(bib: Bibliography, **options: Any) -> Bibliography:
    """Complete the works of ``bib`` from arXiv, Crossref/DataCite and GitHub (in place; returns ``bib``).

    Options are those of :class:`rnnbib.online.config.ResolveConfig` (``offline``,
    ``refresh``, ``mailto``, ``cache_dir``, the service URLs ...).  Failures never
    lose a work: they are recorded in the work's status and the report.  A record whose
    title is not the list's is reported on the work (:mod:`rnnbib.verify.crosscheck`).
    """
    from .online.pipeline import resolve_bibliography
    from .verify.crosscheck import cross_check

    resolve_bibliography(bib, **options)
    cross_check(bib.works)
    return bib


def check(*paths: Any, **options: Any) -> Any:
    """Verify the entries of ``paths`` against arXiv, Crossref/DataCite and the title searches.

    Returns a :class:`rnnbib.verify.CheckResult` (``checks``: one verdict per entry, ``report()``,
    ``html()``, ``exit_code``).  Options: ``fmt`` and those of :func:`resolve`.
    """
    from .verify import check as run_check

    return run_check(*paths, **options)
