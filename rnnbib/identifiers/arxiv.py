"""arXiv identifiers: new style ``YYMM.NNNN(N)``, old style ``archive(.SC)/YYMMNNN``, optional ``vN``.

Identity is the unversioned id; a given version is kept on :attr:`Identifier.version`.  The subject
class of an old-style id (``math.GT/0309136``) is dropped for identity, as arXiv's guidance for services
says and idutils does (manubot and JabRef keep it): ``math/0309136``.

Accepted forms: bare ids; ``arXiv:`` in any case (``arXiv: 1502.05795`` too); URLs on arxiv.org, any
subdomain of it (``www.``, ``export.``), ``arxiv.com`` and ``xxx.lanl.gov`` with ``/abs/``, ``/pdf/``
(``.pdf`` or not), ``/html/``, ``/format/``, ``/ps/`` or no path prefix; the mirrors ar5iv, alphaxiv,
arxiv-vanity and huggingface.co/papers; and the DataCite DOI ``10.48550/arXiv.ID``.

Validity: the month must exist; new-style ids start at 0704, have 4 digits after the dot up to 1412 and
5 from 1501, and a year no later than next year.  Peers disagree here: idutils accepts ``9912.12345``
and arxiv2bib ``1234.1234`` and ``0000.0000`` as syntax; we reject them, as no such paper can exist.
"""

from __future__ import annotations

import datetime
import re

from ._common import SCHEME, comparable_url
from .kinds import Identifier

__all__ = [
    "DATACITE_PREFIX",
    "abs_url",
    "datacite_doi",
    "find_all",
    "from_doi",
    "from_url",
    "is_valid",
    "labelled",
    "parse",
    "split",
    "year_month",
]

DATACITE_PREFIX = "10.48550"

# Archives that had old-style ids (and `stat`, which arxiv2bib's tests accept).
_ARCHIVES = (
    "acc-phys|adap-org|alg-geom|ao-sci|astro-ph|atom-ph|bayes-an|chao-dyn|chem-ph|cmp-lg|comp-gas|"
    "cond-mat|cs|dg-ga|funct-an|gr-qc|hep-ex|hep-lat|hep-ph|hep-th|math-ph|math|mtrl-th|nlin|nucl-ex|"
    "nucl-th|patt-sol|physics|plasm-ph|q-alg|q-bio|quant-ph|solv-int|stat|supr-con"
)
# Subject classes: `math.GT`, `cs.LG`, `physics.atom-ph`, `cond-mat.mes-hall`, `physics.optics`.
_CLASS = r"(?:[A-Z]{2}|[a-z]{2,5}-[a-z]{2,5}|optics|soft|other)"
_NEW = r"\d{4}\.\d{4,5}(?!\d)"
_OLD = rf"(?:{_ARCHIVES})(?:\.{_CLASS})?/\d{{7}}(?!\d)"
_VERSION = r"(?:v[1-9]\d*)?"
_ID = rf"(?:{_NEW}|{_OLD}){_VERSION}"
# A class written before a new-style id (`hep-th/1601.07616`) is dropped, as idutils does.
_CLASS_PREFIX = rf"(?:(?:[a-z]+(?:-[a-z]+)?)(?:\.{_CLASS})?/)?"

# Splits one matched id into its parts.
_PARTS = re.compile(
    rf"(?:(?P<yymm>\d{{4}})\.(?P<num>\d{{4,5}})|(?P<arch>{_ARCHIVES})(?:\.{_CLASS})?/(?P<old>\d{{7}}))"
    r"(?P<v>v[1-9]\d*)?"
)

_HOSTS = (
    r"(?i:(?:[a-z0-9\-]+\.)*arxiv\.(?:org|com)|xxx\.lanl\.gov)(?::\d+)?/+"
    r"(?i:(?:abs|pdf|html|format|ps|src|e-print)/+)?"
    r"|(?i:(?:www\.)?ar5iv\.org/+(?:abs|html)/+|(?:www\.)?alphaxiv\.org/+(?:abs|overview|pdf)/+"
    r"|(?:www\.)?arxiv-vanity\.com/+papers/+|(?:www\.)?huggingface\.co/+papers/+)"
)
_DOI_FORM = rf"{DATACITE_PREFIX}/+(?i:arxiv)\."

_URL = re.compile(
    rf"{SCHEME}(?:(?:{_HOSTS})(?i:arxiv:)?|(?i:(?:dx\.|www\.)?doi\.org)/+{_DOI_FORM})"
    rf"(?P<id>{_ID})(?i:\.pdf)?/?(?:[?#&%].*)?"
)
_PARSE = re.compile(
    rf"(?:(?i:arxiv)\s*:\s*{_CLASS_PREFIX}|(?i:doi:\s*)?{_DOI_FORM}|{_CLASS_PREFIX})"
    rf"(?P<id>{_ID})(?:\s*\[[^\]]*\])?(?:[?#].*)?"
)
_FIND = re.compile(
    rf"(?<![\w.\-])(?:{_HOSTS})(?i:arxiv:)?(?P<url>{_ID})(?![\w\-]|\.\d)"
    rf"|(?<![\w.\-])(?i:arxiv)\s*:\s*{_CLASS_PREFIX}(?P<pre>{_ID})(?![\w\-/]|\.\d)"
    rf"|(?<![\w.])(?:{_DOI_FORM})(?P<doi>{_ID})(?![\w\-/]|\.\d)"
    rf"|(?<![\w./:\-])(?P<bare>{_ID})(?![\w\-/]|\.\d)"
)
# `arXiv:ID`, `arXiv ID`, `arXiv preprint arXiv:ID` as .bib journal/note fields write it.
_LABELLED = re.compile(rf"(?i:arxiv)[:\s]*(?P<id>{_ID})")
_MAX_YY = (datetime.date.today().year + 1) % 100


def _split(arxiv_id: str) -> tuple[str, str | None, tuple[int, int]] | None:
    """``(unversioned id, version, (year, month))`` of a valid bare id, else None."""
    m = _PARTS.fullmatch(arxiv_id)
    if m is None:
        return None
    yymm = m.group("yymm")
    if yymm is not None:
        yy, mm = int(yymm[:2]), int(yymm[2:])
        if not 1 <= mm <= 12 or yymm < "0704" or yy > _MAX_YY:
            return None
        if len(m.group("num")) != (4 if yymm <= "1412" else 5):
            return None
        return f"{yymm}.{m.group('num')}", m.group("v"), (2000 + yy, mm)
    old = m.group("old")
    yy, mm = int(old[:2]), int(old[2:4])
    # Old-style ids ran from 9108 to 0703.
    if not 1 <= mm <= 12 or not (yy >= 91 or (yy, mm) <= (7, 3)):
        return None
    return f"{m.group('arch')}/{old}", m.group("v"), (1900 + yy if yy >= 91 else 2000 + yy, mm)


def _ident(arxiv_id: str) -> Identifier | None:
    parts = _split(arxiv_id)
    return None if parts is None else Identifier("arxiv", parts[0], parts[1])


def is_valid(arxiv_id: str) -> bool:
    """Whether ``arxiv_id`` is a valid bare arXiv id (new or old style, optional ``vN``)."""
    return _split(arxiv_id.strip()) is not None


def split(arxiv_id: str) -> tuple[str, str | None] | None:
    """``(unversioned id, version or None)`` of a valid bare id (old-style class dropped), else None.

    ``math.GT/0309136v2`` -> ``("math/0309136", "v2")``.
    """
    parts = _split(arxiv_id.strip())
    return None if parts is None else (parts[0], parts[1])


def year_month(arxiv_id: str) -> tuple[int, int] | None:
    """Submission year and month read from an id.

    ``1406.6247`` → (2014, 6), ``hep-th/9901001`` → (1999, 1); None for an invalid id.
    """
    parts = _split(arxiv_id.strip())
    return None if parts is None else parts[2]


def abs_url(arxiv_id: str) -> str:
    """The abstract page of an id, e.g. ``https://arxiv.org/abs/1406.6247`` (a given version is kept)."""
    return f"https://arxiv.org/abs/{arxiv_id.strip()}"


def datacite_doi(arxiv_id: str) -> str:
    """The DOI arXiv registers with DataCite for an id: ``10.48550/arXiv.1406.6247``."""
    parts = _split(arxiv_id.strip())
    return f"{DATACITE_PREFIX}/arXiv.{parts[0] if parts else arxiv_id.strip()}"


def from_doi(doi: str) -> Identifier | None:
    """The arXiv id of one of arXiv's own DOIs (``10.48550/arXiv.1706.03762``), else None."""
    doi = doi.strip()
    if not doi.startswith(DATACITE_PREFIX + "/"):
        return None
    return parse(doi)


def from_url(url: str) -> Identifier | None:
    """The arXiv id a URL names (abs/pdf/html/format pages, mirrors, ``doi.org/10.48550/arXiv.ID``)."""
    low = url.lower()
    if "arxiv" not in low and "lanl.gov" not in low and "ar5iv" not in low and "huggingface" not in low:
        return None
    m = _URL.fullmatch(comparable_url(url))
    return None if m is None else _ident(m.group("id"))


def parse(s: str) -> Identifier | None:
    """One arXiv id from a bare string: ``1406.6247v2``, ``arXiv:1406.6247``, a URL or the DataCite DOI.

    ``0706.0001v1 [q-bio.CB]`` is accepted (the class is dropped); text around an id is not —
    :func:`find_all` searches text.
    """
    s = comparable_url(s)
    m = _PARSE.fullmatch(s)
    if m is not None:
        return _ident(m.group("id"))
    return from_url(s)


def labelled(text: str) -> Identifier | None:
    """The first id written after the word arXiv (``arXiv:1406.6247``, ``arXiv 1406.6247v2``), if valid."""
    m = _LABELLED.search(text)
    return None if m is None else _ident(m.group("id"))


def find_all(text: str) -> list[Identifier]:
    """arXiv ids in free text: URLs, ``arXiv:ID``, ``10.48550/arXiv.ID`` and bare ids that are valid.

    A bare id counts only standing alone (not inside another URL or number); a malformed id such as
    ``arXiv:1511.6420`` (a 2015 id needs 5 digits) is not reported.  Each id/version pair appears once.
    """
    found: list[Identifier] = []
    for m in _FIND.finditer(text):
        ident = _ident(m.group(m.lastgroup or "bare"))
        if ident is not None and ident not in found:
            found.append(ident)
    return found
