"""Conference-proceedings and journal-site identifiers read from URLs.

==========  ==================================================  =========================================
kind        URLs                                                value
==========  ==================================================  =========================================
pmlr        ``jmlr.org/proceedings/papers/vNN/KEY.pdf``,         ``vNN/KEY``
            ``proceedings.mlr.press/vNN/KEY(.html|.pdf)``,
            ``proceedings.mlr.press/vNN/KEY/KEY.pdf``
jmlr        ``jmlr.org/papers/vNN/KEY.html``,                     ``vNN/KEY``
            ``jmlr.org/papers/volumeNN/KEY/KEY.pdf``
neurips     ``papers.nips.cc/paper/NNNN-slug(.pdf)``             ``NNNN-slug``
            ``(papers|proceedings).(nips|neurips).cc/paper[_files/paper]/YEAR/(hash|file)/HASH-(Abstract|Paper)…``
                                                                ``YEAR/HASH``
cvf         ``openaccess.thecvf.com/content_iccv_2015/(html|papers)/NAME_ICCV_2015_paper.(html|pdf)``,
            ``…/content/CVPR2021/…``, ``cv-foundation.org/openaccess/…``  ``ICCV_2015/NAME`` (``CVPRW_…`` for
                                                                workshops); html and pdf agree
acl         ``aclanthology.org/P16-1001(.pdf)``, ``aclweb.org/anthology/(P/P16/)P16-1001(.pdf)``,
            ``anthology.aclweb.org/…``                          the anthology id (``P16-1001``,
                                                                ``2020.acl-main.1``)
openreview  ``openreview.net/(forum|pdf)?id=X``                  ``X``
==========  ==================================================  =========================================

Decisions: the NeurIPS hash value carries its year (``2020/cffb…``) so that the year and the canonical
URL can be derived from the identifier alone; the hash alone is the identity either way.  Supplementary
files, reviews and index pages are not papers and give no identifier.  ``jmlr`` (the JMLR journal) is a
kind of its own beside ``pmlr`` (its proceedings series).  Old ACL ids are upper-cased.
"""

from __future__ import annotations

import re

from ._common import SCHEME, comparable_url, urls_in
from .kinds import KINDS as TABLE
from .kinds import Identifier

__all__ = ["KINDS", "canonical_url", "csl_type", "find_all", "from_url", "parse", "venue_year"]

#: The kinds this module reads (their rows in :data:`rnnbib.identifiers.kinds.KINDS`).
KINDS: tuple[str, ...] = tuple(k.name for k in TABLE if k.module == "proceedings")

_END = r"/?(?:[?#].*)?"
_PMLR_OLD = re.compile(
    rf"{SCHEME}(?i:(?:www\.)?jmlr\.(?:org|csail\.mit\.edu))/+proceedings/+papers/+"
    rf"v(?P<vol>\d+)/+(?P<key>[A-Za-z0-9_\-]+?)(?i:\.pdf|\.html)?{_END}",
    re.DOTALL,
)
_PMLR = re.compile(
    rf"{SCHEME}(?i:proceedings\.mlr\.press)/+v(?P<vol>\d+)/+(?P<key>[A-Za-z0-9_\-]+?)"
    rf"(?:(?i:\.pdf|\.html)|/(?P=key)\.pdf)?{_END}",
    re.DOTALL,
)
_JMLR = re.compile(
    rf"{SCHEME}(?i:(?:www\.)?jmlr\.(?:org|csail\.mit\.edu))/+papers/+(?:v|volume)(?P<vol>\d+)/+"
    rf"(?P<key>[A-Za-z0-9_\-]+?)(?:(?i:\.pdf|\.html)|/(?P=key)\.pdf)?{_END}",
    re.DOTALL,
)
_NIPS_HOST = r"(?i:(?:papers|proceedings)\.(?:nips|neurips)\.cc)"
_NIPS_NUM = re.compile(
    rf"{SCHEME}{_NIPS_HOST}/+paper/+(?P<num>\d+)-(?P<slug>[a-z0-9\-]+?)(?i:\.pdf)?{_END}", re.DOTALL
)
_NIPS_HASH = re.compile(
    rf"{SCHEME}{_NIPS_HOST}/+paper(?:_files/+paper)?/+(?P<year>\d{{4}})/+(?:hash|file)/+"
    r"(?P<hash>[0-9a-f]{32})-(?:Abstract|Paper)(?:-[A-Za-z_]+)?\.(?:html|pdf)(?:[?#].*)?",
    re.DOTALL,
)
_CVF = re.compile(
    rf"{SCHEME}(?i:openaccess\.thecvf\.com|(?:www\.)?cv-foundation\.org/+openaccess)/+"
    r"content[_/](?P<seg>[A-Za-z]+_?\d{4}(?:_workshops|W)?)/+(?:[^/?#]+/+)*?(?:html|papers)/+"
    r"(?:[^/?#]+/+)*?(?P<name>[^/?#]+?)_paper\.(?:html|pdf)(?:[?#].*)?",
    re.DOTALL,
)
_CVF_SEG = re.compile(r"(?P<conf>[A-Za-z]+?)(?P<w>W)?_?(?P<year>\d{4})(?P<ws>_workshops|W)?", re.IGNORECASE)
_ACL_ID = r"(?i:[a-z]\d{2}-\d{4})|\d{4}\.[a-z0-9]+(?:-[a-z0-9]+)*\.\d+"
_ACL = re.compile(
    rf"{SCHEME}(?i:(?:www\.)?aclanthology\.(?:org|info)|(?:www\.)?aclweb\.org/+anthology(?:-new)?"
    rf"|anthology\.aclweb\.org)/+(?i:papers/+)?(?i:[a-z]/+[a-z]\d{{2}}/+)?(?P<id>{_ACL_ID})(?:v\d+)?"
    rf"(?i:\.pdf|\.bib|\.xml)?(?:/(?i:[a-z]\d{{2}}-\d{{4}}))?{_END}",
    re.DOTALL,
)
_ACL_BARE = re.compile(rf"(?P<id>{_ACL_ID})")
_OPENREVIEW = re.compile(
    rf"{SCHEME}(?i:(?:[a-z0-9\-]+\.)?openreview\.net)/+(?:forum|pdf|attachment|revisions)/?\?"
    r"(?:[^#]*&)?id=(?P<id>[A-Za-z0-9_\-]+)(?:[&#].*)?",
    re.DOTALL,
)
_PREFIXED = re.compile(r"(?P<kind>pmlr|jmlr|neurips|cvf|acl|openreview):(?P<value>\S+)", re.IGNORECASE)
_VALUE = {
    "pmlr": re.compile(r"v\d+/[A-Za-z0-9_\-]+"),
    "jmlr": re.compile(r"v\d+/[A-Za-z0-9_\-]+"),
    "neurips": re.compile(r"\d{4}/[0-9a-f]{32}|\d+-[a-z0-9\-]+"),
    "cvf": re.compile(r"[A-Z]+_\d{4}/[^/\s]+"),
    "acl": re.compile(_ACL_ID),
    "openreview": re.compile(r"[A-Za-z0-9_\-]+"),
}
_HOST_HINTS = ("mlr", "nips", "neurips", "thecvf", "cv-foundation", "acl", "openreview")


def _pmlr(m: re.Match[str], kind: str) -> Identifier | None:
    key = m.group("key")
    if "supp" in key.lower():
        return None
    return Identifier(kind, f"v{int(m.group('vol'))}/{key}")


def _cvf(m: re.Match[str]) -> Identifier | None:
    seg = _CVF_SEG.fullmatch(m.group("seg"))
    if seg is None:
        return None
    conf, year = seg.group("conf").upper(), seg.group("year")
    workshop = "W" if seg.group("w") or seg.group("ws") else ""
    name = m.group("name")
    # The file name repeats the venue: `_ICCV_2015`, `_CVPRW_2019`, or `_2014_CVPR` (2013-2014).
    for suffix in (
        f"_{conf}{workshop}_{year}",
        f"_{conf}_{year}",
        f"_{year}_{conf}{workshop}",
        f"_{year}_{conf}",
    ):
        if name.upper().endswith(suffix):
            name = name[: -len(suffix)]
            break
    return Identifier("cvf", f"{conf}{workshop}_{year}/{name}") if name else None


def _acl(anthology_id: str) -> Identifier:
    return Identifier("acl", anthology_id.upper() if anthology_id[0].isalpha() else anthology_id)


def from_url(url: str) -> Identifier | None:
    """The proceedings identifier a URL names (kinds in :data:`KINDS`), or None."""
    low = url.lower()
    if not any(h in low for h in _HOST_HINTS):
        return None
    url = comparable_url(url)
    if "openreview" in low:
        m = _OPENREVIEW.fullmatch(url)
        if m is not None:
            return Identifier("openreview", m.group("id"))
    if "mlr" in low:
        for pattern, kind in ((_PMLR, "pmlr"), (_PMLR_OLD, "pmlr"), (_JMLR, "jmlr")):
            m = pattern.fullmatch(url)
            if m is not None:
                return _pmlr(m, kind)
    if "nips" in low or "neurips" in low:
        m = _NIPS_HASH.fullmatch(url)
        if m is not None:
            return Identifier("neurips", f"{m.group('year')}/{m.group('hash')}")
        m = _NIPS_NUM.fullmatch(url)
        if m is not None:
            return Identifier("neurips", f"{m.group('num')}-{m.group('slug')}")
    if "thecvf" in low or "cv-foundation" in low:
        m = _CVF.fullmatch(url)
        if m is not None:
            return _cvf(m)
    if "acl" in low:
        m = _ACL.fullmatch(url)
        if m is not None:
            return _acl(m.group("id"))
    return None


def parse(s: str) -> Identifier | None:
    """One identifier from ``kind:value`` (``acl:P16-1001``, ``openreview:B1QRgziT-``), a bare ACL
    Anthology id, or a URL."""
    s = s.strip()
    m = _PREFIXED.fullmatch(s)
    if m is not None:
        kind, value = m.group("kind").lower(), m.group("value")
        if not _VALUE[kind].fullmatch(value):
            return None
        return _acl(value) if kind == "acl" else Identifier(kind, value)
    m = _ACL_BARE.fullmatch(s)
    if m is not None:
        return _acl(m.group("id"))
    return from_url(s)


def find_all(text: str) -> list[Identifier]:
    """Proceedings identifiers named by the URLs in free text, each once."""
    found: list[Identifier] = []
    for _, _, url in urls_in(text):
        ident = from_url(url)
        if ident is not None and ident not in found:
            found.append(ident)
    return found


# PMLR volumes of the series most cited in ML reading lists.
_PMLR_VOLUMES: dict[int, tuple[str, int]] = {
    28: ("ICML", 2013),
    32: ("ICML", 2014),
    37: ("ICML", 2015),
    48: ("ICML", 2016),
    70: ("ICML", 2017),
    80: ("ICML", 2018),
    97: ("ICML", 2019),
    119: ("ICML", 2020),
    139: ("ICML", 2021),
    162: ("ICML", 2022),
    202: ("ICML", 2023),
    235: ("ICML", 2024),
    9: ("AISTATS", 2010),
    15: ("AISTATS", 2011),
    22: ("AISTATS", 2012),
    31: ("AISTATS", 2013),
    33: ("AISTATS", 2014),
    38: ("AISTATS", 2015),
    51: ("AISTATS", 2016),
    54: ("AISTATS", 2017),
    84: ("AISTATS", 2018),
    89: ("AISTATS", 2019),
    108: ("AISTATS", 2020),
    130: ("AISTATS", 2021),
    151: ("AISTATS", 2022),
    206: ("AISTATS", 2023),
    238: ("AISTATS", 2024),
}
# Old-style ACL Anthology letters (the letter names the venue series).
_ACL_LETTERS = {
    "A": "ANLP",
    "C": "COLING",
    "D": "EMNLP",
    "E": "EACL",
    "H": "HLT",
    "I": "IJCNLP",
    "J": "CL",
    "K": "CoNLL",
    "L": "LREC",
    "N": "NAACL",
    "P": "ACL",
    "Q": "TACL",
    "R": "RANLP",
    "S": "SemEval",
    "Y": "PACLIC",
}
_ACL_SLUGS = {
    "acl": "ACL",
    "emnlp": "EMNLP",
    "naacl": "NAACL",
    "eacl": "EACL",
    "aacl": "AACL",
    "coling": "COLING",
    "conll": "CoNLL",
    "tacl": "TACL",
    "cl": "CL",
    "lrec": "LREC",
    "semeval": "SemEval",
    "ijcnlp": "IJCNLP",
}
_JOURNALS = {"CL", "TACL", "JMLR"}
_KEY_YEAR = re.compile(r"[A-Za-z]+(\d{2})[a-z]?")


def _two_digit_year(yy: str) -> int:
    return 1900 + int(yy) if int(yy) >= 60 else 2000 + int(yy)


def venue_year(ident: Identifier) -> tuple[str, int | None] | None:
    """The venue and year an identifier implies, e.g. ``("ICCV", 2015)``, ``("ACL", 2016)``,
    ``("ICML", 2015)``, ``("NeurIPS", 2016)``; the venue is ``""`` when only the year is known
    (ACL workshops), the year None when only the venue is.  None for other kinds and OpenReview."""
    kind, value = ident.kind, ident.value
    if kind in ("pmlr", "jmlr"):
        vol_text, key = value.split("/", 1)
        vol = int(vol_text[1:])
        m = _KEY_YEAR.fullmatch(key)
        key_year = _two_digit_year(m.group(1)) if m else None
        if kind == "jmlr":
            return "JMLR", key_year or 1999 + vol
        venue, year = _PMLR_VOLUMES.get(vol, ("PMLR", key_year))
        return venue, year
    if kind == "neurips":
        head = value.split("/", 1)[0]
        return "NeurIPS", int(head) if "/" in value else None
    if kind == "cvf":
        m = re.match(r"([A-Z]+?)(W?)_(\d{4})/", value)
        if m is None:
            return None
        return m.group(1) + (" Workshops" if m.group(2) else ""), int(m.group(3))
    if kind == "acl":
        if value[0].isalpha():
            return _ACL_LETTERS.get(value[0], ""), _two_digit_year(value[1:3])
        year_text, rest = value.split(".", 1)
        collection = rest.split(".", 1)[0]
        slug, _, volume = collection.partition("-")
        if slug == "findings" and volume:
            return f"Findings of {_ACL_SLUGS.get(volume, volume.upper())}", int(year_text)
        return _ACL_SLUGS.get(slug, slug.upper()), int(year_text)
    return None


def csl_type(ident: Identifier) -> str | None:
    """``article-journal`` for journal ids (JMLR, TACL, CL), ``paper-conference`` for other proceedings,
    None for OpenReview (the venue is unknown offline) and other kinds."""
    if ident.kind not in KINDS or ident.kind == "openreview":
        return None
    vy = venue_year(ident)
    return "article-journal" if vy is not None and vy[0] in _JOURNALS else "paper-conference"


def canonical_url(ident: Identifier) -> str | None:
    """The landing page of an identifier when it can be built from the value alone."""
    kind, value = ident.kind, ident.value
    if kind == "pmlr":
        return f"https://proceedings.mlr.press/{value}.html"
    if kind == "jmlr":
        return f"https://jmlr.org/papers/{value}.html"
    if kind == "neurips":
        if "/" in value:
            year, digest = value.split("/", 1)
            return f"https://proceedings.neurips.cc/paper/{year}/hash/{digest}-Abstract.html"
        return f"https://papers.nips.cc/paper/{value}"
    if kind == "acl":
        return f"https://aclanthology.org/{value}"
    if kind == "openreview":
        return f"https://openreview.net/forum?id={value}"
    return None
