"""DOIs: ``10.NNNN(.NNNN)*/suffix`` from text, resolver URLs and publisher URLs that embed one.

The value keeps the case it was written in (the registered case, for output); identity is
case-insensitive (:attr:`Identifier.key`, :func:`same`).

Decisions where peers disagree:

- Registrant code: 4 to 9 digits, optionally subdivided (``10.1000.10/…``), as Crossref recommends.
  Three digits (JabRef's ``10.123/456`` test value) are rejected; six (bolognese rejects
  ``10.506123/…``) are accepted.
- ShortDOIs (``10/b6vnmd``, ``doi.org/b6vnmd``) are not recognised: they need a network look-up and
  Crossref cannot be asked about them.  The link stays a plain URL.
- The DataCite arXiv DOI ``10.48550/arXiv.ID`` is returned here as kind ``doi``;
  :mod:`.arxiv` reads it as the arXiv id and :func:`rnnbib.identifiers.detect_url` prefers that.

Publisher URLs are mapped only in forms known to hold the DOI verbatim: resolvers (doi.org,
dx.doi.org, doi.acm.org …), ``/doi/(abs|full|pdf|…)/`` paths (ACM, Wiley, ACS, MIT Press …),
link.springer.com article/chapter/content pages, PLOS and other ``?id=``/``?doi=`` query values,
bioRxiv/medRxiv, BioMed Central ``/articles/10.…``, sci-hub mirrors, ReadCube, and nature.com
article slugs of the safe shapes.
Never DOIs: ``delivery.acm.org/10.1145/3230000/…`` (a folder number), CiteSeerX ``?doi=10.1.1.x``,
ACM's unregistered ``10.5555`` items, and nature.com slugs with the dots removed
(``onc2011282`` is ``10.1038/onc.2011.282``, so such slugs are left alone).
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from ._common import SCHEME, URL_IN_TEXT, comparable_url, cut_unbalanced, trim_trailing
from .kinds import Identifier

__all__ = ["find_all", "from_url", "is_valid", "normalize", "parse", "same", "strip_resolver", "url"]

_VALID = re.compile(r"10\.\d{4,9}(?:\.\d+)*/\S+")
_CONTROL = dict.fromkeys(
    [*(c for c in range(0x20) if chr(c) not in "\t\n\r\f\v"), 0x7F, 0xFFFD, 0xFEFF, 0x200B, 0x00AD], None
)
# Whitespace next to `/`, `:` or `.` (`10.1145 / 2594455`, `doi: 10.1/x`); other whitespace ends a DOI.
_SPACE = re.compile(r"\s*([/:.])\s*")
_LATEX_UNDERSCORE = re.compile(r"\{?\\textunderscore\}?")
_RESOLVER = (
    r"(?:(?:dx\.|www\.)?doi\.(?:org|net|com|de)|doi\.acm\.(?:org|net|com|de)"
    r"|doi\.ieeecomputersociety\.org|handle\.stage\.datacite\.org)"
)
_RESOLVER_HOST = re.compile(_RESOLVER)
_PREFIX = re.compile(
    rf"^(?P<resolver>{SCHEME}{_RESOLVER}(?::\d+)?/+)?(?:urn:doi:|urn:|doi:|info:doi/)?", re.IGNORECASE
)
_SPLIT = re.compile(rf"{SCHEME}(?P<host>[^/?#]*)(?P<path>[^?#]*)(?:\?(?P<query>[^#]*))?(?:#.*)?", re.DOTALL)
_DOI_PATH = re.compile(
    r"/doi/+(?:(?:abs|full|pdf|pdfplus|epdf|epub|book|fulltext|reader|suppl|figure|ref|citedby|abstract)/+)?"
    r"(?P<doi>10\..+?)(?:/(?:epdf|full|abstract|pdf|epub))?/?$",
    re.IGNORECASE,
)
_SPRINGER = re.compile(
    r"/(?:article|chapter|referenceworkentry|protocol|content/pdf)/+(?P<doi>10\..+?)(?:\.pdf)?/?$"
)
_RXIV = re.compile(
    r"/content/+(?:(?P<doi>10\.1101/[\d.]+?)(?:v\d+)?|early/\d{4}/\d\d/\d\d/(?P<old>\d{6}))"
    r"(?:\.full(?:\.pdf)?(?:\+html)?|\.abstract|\.article-info|\.supplementary-material)?/?$"
)
_QUERY = re.compile(r"(?:^|&)(?:doi|id|persistentId|uri)=(?P<v>[^&]+)", re.IGNORECASE)
_MIRROR_PATH = re.compile(r"/+(?:articles/+)?(?P<doi>10\..+)$")
_NATURE = re.compile(
    r"/(?:articles|[a-z]+/journal/v\d+/n\d+/(?:full|pdf|abs))/+(?P<slug>[^/]+?)(?:\.e?pdf|\.html)?/?$"
)
# nature.com slugs that are the DOI suffix verbatim (see the module docstring for the unsafe shape).
_NATURE_SAFE = re.compile(
    r"s\d{5}-\d{3}-\d{4,5}-[0-9a-z]"  # s41586-021-03972-8, s41591-018-0316-z
    r"|[a-z]+\.[0-9a-z.\-]+"  # nsmb.1371, nprot.2006.52 (dots written)
    r"|\d{6}[a-z]\d?"  # 481237a, 323533a0
    r"|(?:nature|ncomms|srep|ng|nm|nn|nbt|ncb|nmeth|nsmb|ni|nphys|nmat|nnano|nphoton|nchem|ngeo"
    r"|nclimate|nrd|nrg|nrm|nrn|nri|nrc|nrmicro)\d{3,5}"  # nature14539, ng1901, ncomms7186
)
_FIND = re.compile(
    rf"(?P<url>{URL_IN_TEXT})"
    r"|(?<![\w./\-])(?:(?i:doi)\s*:\s*)?(?P<doi>10\.\d{4,9}(?:\.\d+)*/[^\s\"'{}]+)"
)


def _decode(s: str) -> str:
    if "%" not in s:
        return s
    try:
        return unquote(s, errors="strict")
    except UnicodeDecodeError:
        return s


_RESOLVER_PREFIX = re.compile(r"(?i)^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)")


def strip_resolver(text: str) -> str:
    """``text`` without a leading ``https://doi.org/``, ``http://dx.doi.org/`` or ``doi:`` (nothing else changed)."""
    return _RESOLVER_PREFIX.sub("", text)


def normalize(doi: str) -> str:
    """A DOI string cleaned; the case is kept.

    Resolver and ``doi:``/``urn:doi:`` prefixes are removed, the rest percent-decoded; whitespace around
    ``/ : .``, control characters and LaTeX escapes (``\\_``, ``{\\textunderscore}``) are removed;
    trailing punctuation and unbalanced brackets are dropped.
    """
    s = _SPACE.sub(r"\1", doi.translate(_CONTROL).strip())
    m = _PREFIX.match(s)
    if m is not None and m.end():
        s = s[m.end() :]
        if m.group("resolver"):  # a URL: the query and fragment are not part of the DOI
            s = re.split(r"[?#]", s, maxsplit=1)[0]
    s = _decode(s)
    if "\\" in s or "{" in s:
        s = _LATEX_UNDERSCORE.sub("_", s).replace("\\", "").replace("{", "").replace("}", "")
    return trim_trailing(s)


def is_valid(doi: str) -> bool:
    """Whether ``doi`` (already normalized) has the DOI syntax ``10.NNNN(.N)*/suffix``."""
    return _VALID.fullmatch(doi) is not None


def same(a: str, b: str) -> bool:
    """Whether two DOI strings (in any accepted form) name the same DOI, ignoring case."""
    return normalize(a).lower() == normalize(b).lower()


def url(doi: str) -> str:
    """The resolver URL of a DOI: ``https://doi.org/…``."""
    return f"https://doi.org/{normalize(doi)}"


def _make(candidate: str | None) -> Identifier | None:
    if not candidate:
        return None
    doi = normalize(candidate)
    return Identifier("doi", doi) if is_valid(doi) else None


def _from_parts(host: str, path: str, query: str) -> Identifier | None:
    host = host.lower().split(":")[0]
    if host.startswith("www."):
        host = host[4:]
    if host == "delivery.acm.org" or host.endswith("citeseerx.ist.psu.edu"):
        return None
    if _RESOLVER_HOST.fullmatch(host):
        return _make(path.lstrip("/"))
    m = _DOI_PATH.search(path)
    if m is not None:
        ident = _make(m.group("doi"))
        return None if ident is None or ident.value.startswith("10.5555/") else ident
    if host == "link.springer.com":
        m = _SPRINGER.match(_decode(path))
        return _make(m.group("doi")) if m else None
    if host.endswith(("biorxiv.org", "medrxiv.org")):
        m = _RXIV.match(path)
        if m is None:
            return None
        return _make(m.group("doi") or f"10.1101/{m.group('old')}")
    if host.endswith("nature.com"):
        m = _NATURE.match(path)
        if m is not None and _NATURE_SAFE.fullmatch(m.group("slug")):
            return _make(f"10.1038/{m.group('slug')}")
        return None
    if "sci-hub" in host or "scihub" in host or host.endswith(("readcube.com", "biomedcentral.com")):
        m = _MIRROR_PATH.match(path)
        return _make(m.group("doi")) if m else None
    if query:
        for q in _QUERY.finditer(query):
            value = _decode(q.group("v"))
            value = re.sub(r"^(?:info:doi/|doi:)", "", value, flags=re.IGNORECASE)
            ident = _make(value)
            if ident is not None:
                return ident
    return None


def from_url(link: str) -> Identifier | None:
    """The DOI a URL names: resolver URLs and the publisher URL forms listed in the module docstring."""
    low = link.lower()
    if "10." not in low and "nature.com" not in low and "rxiv.org" not in low:
        return None
    m = _SPLIT.fullmatch(comparable_url(link))
    if m is None:
        return None
    return _from_parts(m.group("host"), m.group("path"), m.group("query") or "")


def parse(s: str) -> Identifier | None:
    """One DOI from a bare string: ``10.1/x``, ``doi:10.1/x``, ``urn:doi:…``, a resolver or publisher URL."""
    ident = _make(s)
    return ident if ident is not None else from_url(s)


def find_all(text: str) -> list[Identifier]:
    """DOIs in free text: ``doi:10.1/x``, bare ``10.1234/abc`` and URLs that embed one.

    A URL is judged as a whole by :func:`from_url`, so a ``10.…`` inside a URL that is not a safe
    DOI form (``delivery.acm.org/10.1145/…``) is not reported.  Sentence punctuation and unbalanced
    brackets after a DOI are dropped.  Each DOI (ignoring case) appears once.
    """
    found: list[Identifier] = []
    for m in _FIND.finditer(text):
        bare = m.group("doi")
        ident = _make(cut_unbalanced(bare)) if bare else from_url(cut_unbalanced(m.group("url")))
        if ident is not None and all(ident.key != f.key for f in found):
            found.append(ident)
    return found
