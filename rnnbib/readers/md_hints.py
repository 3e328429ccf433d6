"""Venue and year hints in free text (``intro: Google DeepMind. ICLR 2016 Best Paper``).

Only a known venue acronym next to a year counts (``ICLR 2016``, ``NIPS, 2016``, ``CVPR2017``,
``AAAI-17``, ``ICLR'17``); a bare year in prose is not a hint.  Each venue knows whether it is a
conference or a journal, which decides the CSL type of works known only by a PDF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["VenueHint", "venue_hint", "year_of"]

_CONFERENCES = (
    "CVPR", "ICCV", "ECCV", "NIPS", "NeurIPS", "ICML", "ICLR", "AAAI", "IJCAI", "BMVC", "WACV", "ACCV",
    "ACL", "EMNLP", "NAACL", "COLING", "EACL", "CoNLL", "INTERSPEECH", "Interspeech", "ICASSP", "KDD",
    "SIGKDD", "WWW", "SIGIR", "CIKM", "WSDM", "RecSys", "SIGGRAPH Asia", "SIGGRAPH", "ACM MM", "ACMMM",
    "MICCAI", "ICRA", "IROS", "RSS", "CoRL", "ICIP", "ICPR", "ICDAR", "ICME", "UAI", "AISTATS", "COLT",
    "ISMIR", "3DV", "ICDM", "SDM", "ACM Multimedia", "IJCNN", "ICONIP", "ECML", "ECML-PKDD", "NAACL-HLT",
    "ISBI", "ICMI", "ICCVW", "CVPRW", "ECCVW", "ICLRW", "AAMAS", "HRI", "CHI", "UIST", "ICDE",
    "VLDB", "SIGMOD", "OSDI", "SOSP", "MLSys", "SysML", "ISCA", "HPCA",
)
_JOURNALS = (
    "TPAMI", "PAMI", "T-PAMI", "IJCV", "TIP", "TNNLS", "TMM", "TCSVT", "TOG", "JMLR", "TACL", "Nature",
    "Science", "PLOS ONE", "PLoS ONE", "Neural Computation", "Neurocomputing", "Proceedings of the IEEE",
    "Nature Communications",
    "Nature Methods", "Bioinformatics", "arXiv",
)
_VENUE_TYPE = {v: "conference" for v in _CONFERENCES} | {v: "journal" for v in _JOURNALS}
_VENUE_TYPE["arXiv"] = "preprint"
_VENUES = sorted(_VENUE_TYPE, key=len, reverse=True)
_ALT = "|".join(re.escape(v) for v in _VENUES)
# Venue, then a 4-digit year (after space, comma, hyphen or nothing) or a 2-digit year after - or '.
_HINT = re.compile(
    rf"(?<![A-Za-z])(?P<venue>{_ALT})(?![A-Za-z])\)?"
    r"(?:[\s,]*\(?\s*(?P<y4>(?:19|20)\d\d)(?!\d)|\s*[-'’](?P<y2>\d\d)(?!\d)|-(?P<y4b>(?:19|20)\d\d)(?!\d))"
)
_YEAR = re.compile(r"(?<!\d)(?<!\d\.)(?:19[5-9]\d|20\d\d)(?!\d|\.\d)")


@dataclass(frozen=True, slots=True)
class VenueHint:
    """A venue and year found in text: ``venue`` as a short name (``ICLR``), ``year``,
    ``venue_type`` (``conference``, ``journal`` or ``preprint``)."""

    venue: str
    year: int
    venue_type: str

    def __str__(self) -> str:
        return f"{self.venue} {self.year}"


def venue_hint(text: str) -> VenueHint | None:
    """The first venue-with-year in ``text``, or None."""
    if not text:
        return None
    m = _HINT.search(text)
    if m is None:
        return None
    venue = m.group("venue")
    if m.group("y2"):
        year = 2000 + int(m.group("y2"))
        if year > 2099:
            return None
    else:
        year = int(m.group("y4") or m.group("y4b"))
    return VenueHint(venue, year, _VENUE_TYPE[venue])


def year_of(text: str) -> int | None:
    """The last plausible year (1950–2099) in ``text``, or None — for citation tails such as
    ``Nature 521.7553 (2015): 436-444``."""
    found = _YEAR.findall(text)
    return int(found[-1]) if found else None
