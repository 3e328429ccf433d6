"""Identifiers found in links and text: one module per kind.

- :mod:`.arxiv`        arXiv ids (new and old style, URLs, ``arXiv:`` text, ``10.48550`` DOIs)
- :mod:`.doi`          DOIs (text, resolver URLs, publisher URLs that embed one)
- :mod:`.github`       GitHub repositories and gists
- :mod:`.proceedings`  PMLR/JMLR, NeurIPS, CVF, ACL Anthology, OpenReview

:func:`detect` runs them all over a URL or a piece of text.
"""

from __future__ import annotations

from ..model import Identifier
from . import arxiv, doi, github, proceedings

__all__ = ["detect", "detect_url"]


def detect_url(url: str) -> list[Identifier]:
    """Identifiers named by one URL (at most one per kind, strongest first)."""
    found: list[Identifier] = []
    for module in (arxiv, doi, proceedings, github):
        ident = module.from_url(url)
        if ident is not None:
            found.append(ident)
    return found


def detect(text: str) -> list[Identifier]:
    """Identifiers in a URL or in free text (``arXiv:1234.5678``, ``doi:10.1/x``)."""
    text = text.strip()
    if text.lower().startswith(("http://", "https://", "www.")):
        return detect_url(text)
    found: list[Identifier] = []
    for module in (arxiv, doi):
        found.extend(module.find_all(text))
    return found
