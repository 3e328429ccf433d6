"""The identifier kinds, in one table, and :class:`Identifier` itself.

Every consumer reads this table: detection in links and text (:func:`rnnbib.identifiers.detect`),
the bare values an identifier list accepts (:func:`rnnbib.identifiers.parse`), which kinds name a
paper (:data:`PAPER_KINDS`) and which name code (:data:`CODE_KINDS`), and identity
(:attr:`Identifier.key`: case-insensitive where the scheme is).  A new kind is one module of
``rnnbib/identifiers/`` (``from_url``, ``parse``, ``find_all``) and one :class:`Kind` row here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    """One identifier kind."""

    name: str
    """The kind as :attr:`Identifier.kind` spells it."""
    module: str
    """The module of ``rnnbib.identifiers`` that reads it (one module may read several kinds)."""
    paper: bool
    """It names a paper itself (else code: a repository, a gist)."""
    caseless: bool
    """Identity ignores case (DOIs, GitHub names)."""
    in_text: bool = False
    """Found in free text too (``arXiv:1406.6247``, ``doi:10.1/x``), not only in URLs."""
    bare: bool = True
    """An identifier-list line may hold it without a URL (``1406.6247``, ``github:owner/repo``)."""


# Row order is strength order: a URL naming several kinds lists the earlier first.
KINDS: tuple[Kind, ...] = (
    Kind("arxiv", "arxiv", paper=True, caseless=False, in_text=True),
    Kind("doi", "doi", paper=True, caseless=True, in_text=True),
    Kind("pmlr", "proceedings", paper=True, caseless=False, bare=False),
    Kind("jmlr", "proceedings", paper=True, caseless=False, bare=False),
    Kind("neurips", "proceedings", paper=True, caseless=False, bare=False),
    Kind("cvf", "proceedings", paper=True, caseless=False, bare=False),
    Kind("acl", "proceedings", paper=True, caseless=False, bare=False),
    Kind("openreview", "proceedings", paper=True, caseless=False, bare=False),
    Kind("github", "github", paper=False, caseless=True),
    Kind("gist", "github", paper=False, caseless=True),
)

BY_NAME: dict[str, Kind] = {k.name: k for k in KINDS}

#: Kinds that identify a paper itself (as opposed to its code or web pages), strongest first.
PAPER_KINDS: tuple[str, ...] = tuple(k.name for k in KINDS if k.paper)
#: Kinds that identify code (a software-only work is its repository).
CODE_KINDS: tuple[str, ...] = tuple(k.name for k in KINDS if not k.paper)
_CASELESS = frozenset(k.name for k in KINDS if k.caseless)


@dataclass(frozen=True)
class Identifier:
    """One identifier of a work.

    ``value`` is the canonical form: the unversioned arXiv id, the DOI in its
    registered case, ``owner/repo`` for GitHub, the proceedings id for
    PMLR/NeurIPS/CVF/ACL/OpenReview.  ``version`` keeps a given arXiv version.
    """

    kind: str
    value: str
    version: str | None = None

    @property
    def key(self) -> str:
        """Identity used for merging: case-insensitive where the scheme is."""
        if self.kind in _CASELESS:
            return f"{self.kind}:{self.value.lower()}"
        return f"{self.kind}:{self.value}"

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}{self.version or ''}"
