"""Identifiers found in links and text: the only place identifier syntax lives.

- :mod:`.kinds`        the table of kinds (:data:`~.kinds.KINDS`) and :class:`~.kinds.Identifier`
- :mod:`.arxiv`        arXiv ids (new and old style, URLs, ``arXiv:`` text, ``10.48550`` DOIs)
- :mod:`.doi`          DOIs (text, resolver URLs, publisher URLs that embed one)
- :mod:`.github`       GitHub repositories and gists
- :mod:`.proceedings`  PMLR/JMLR, NeurIPS, CVF, ACL Anthology, OpenReview

:func:`detect` runs the modules of the table over a URL or a piece of text; :func:`parse` reads
one bare identifier (a line of an identifier list).
"""

from __future__ import annotations

import importlib
from types import ModuleType

from . import arxiv, doi, github, proceedings
from .kinds import CODE_KINDS, KINDS, PAPER_KINDS, Identifier

__all__ = ["CODE_KINDS", "KINDS", "PAPER_KINDS", "Identifier", "arxiv", "detect", "detect_url", "doi", "from_csl",
           "github", "parse", "proceedings"]

#: The module of each family named in the table (``Kind.module``).
_MODULES: dict[str, ModuleType] = {name: importlib.import_module(f"{__name__}.{name}")
                                   for name in dict.fromkeys(k.module for k in KINDS)}


def _modules(*, in_text: bool = False, bare: bool = False) -> tuple[ModuleType, ...]:
    """The modules of the table's kinds (each once, in table order), filtered by a column."""
    names = [k.module for k in KINDS if (not in_text or k.in_text) and (not bare or k.bare)]
    return tuple(_MODULES[name] for name in dict.fromkeys(names))


_URL_MODULES = _modules()
_TEXT_MODULES = _modules(in_text=True)
_BARE_MODULES = _modules(bare=True)


def _drop_arxiv_dois(found: list[Identifier]) -> list[Identifier]:
    """Drop ``10.48550/arXiv.ID`` DOIs when the arXiv id they stand for is in the list."""
    arxiv_keys = {i.key for i in found if i.kind == "arxiv"}
    kept = []
    for ident in found:
        if ident.kind == "doi":
            alias = arxiv.from_doi(ident.value)
            if alias is not None and alias.key in arxiv_keys:
                continue
        kept.append(ident)
    return kept


def detect_url(url: str) -> list[Identifier]:
    """Identifiers named by one URL (at most one per module, strongest first).

    ``doi.org/10.48550/arXiv.ID`` gives the arXiv id only, not also a DOI.
    """
    found: list[Identifier] = []
    for module in _URL_MODULES:
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
    for module in _TEXT_MODULES:
        found.extend(module.find_all(text))
    return _drop_arxiv_dois(found)


def is_url(text: str) -> bool:
    """Whether ``text`` is written as a web link (``http(s)://`` or ``www.``)."""
    return text.strip().lower().startswith(("http://", "https://", "www."))


def parse(text: str) -> Identifier | None:
    """One bare identifier (``1406.6247v2``, ``arXiv:…``, ``doi:10.1/x``, ``github:owner/repo``), or None.

    Kinds whose table row allows bare values are tried in table order.
    """
    for module in _BARE_MODULES:
        ident = module.parse(text)
        if ident is not None:
            return ident
    return None


def from_csl(csl: dict[str, object]) -> list[Identifier]:
    """The identifiers a CSL item names: its ``DOI``, an ``arXiv:ID`` ``number`` and its ``URL``."""
    found: list[Identifier] = []
    value = csl.get("DOI")
    if isinstance(value, str) and (ident := doi.parse(value)) is not None:
        found.append(ident)
    value = csl.get("number")
    if isinstance(value, str) and value.lower().startswith("arxiv:") and (ident := arxiv.parse(value)) is not None:
        found.append(ident)
    value = csl.get("URL")
    if isinstance(value, str) and value.strip():
        found.extend(detect_url(value))
    return found
