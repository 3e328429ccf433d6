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

__all__ = ["PAPER_KINDS", "detect", "detect_url"]

#: Kinds that identify a paper itself (as opposed to its code or web pages).
PAPER_KINDS: tuple[str, ...] = ("arxiv", "doi", *proceedings.KINDS)


def _drop_arxiv_dois(found: list[Identifier]) -> list[Identifier]:
    """Drop ``10.48550/arXiv.ID`` DOIs when the arXiv id they stand for is in the list."""
    arxiv_keys = {i.key for i in found if i.kind == "arxiv"}
    kept = []
    for ident in found:
        if ident.kind == "doi" and ident.value.startswith(arxiv.DATACITE_PREFIX + "/"):
            alias = arxiv.parse(ident.value)
            if alias is not None and alias.key in arxiv_keys:
                continue
        kept.append(ident)
    return kept


def detect_url(url: str) -> list[Identifier]:
    """Identifiers named by one URL (at most one per kind, strongest first).

    ``doi.org/10.48550/arXiv.ID`` gives the arXiv id only, not also a DOI.
    """
    found: list[Identifier] = []
    for module in (arxiv, doi, proceedings, github):
        ident = module.from_url(url)
        if ident is not None:
            found.append(ident)
    return _drop_arxiv_dois(found) if len(found) > 1 else found


def detect(text: str) -> list[Identifier]:
    """Identifiers in a URL or in free text (``arXiv:1234.5678``, ``doi:10.1/x``)."""
    text = text.strip()
    if text.lower().startswith(("http://", "https://", "www.")) and not any(c.isspace() for c in text):
        return detect_url(text)
    found: list[Identifier] = []
    for module in (arxiv, doi):
        found.extend(module.find_all(text))
    return _drop_arxiv_dois(found)
