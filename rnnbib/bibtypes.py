"""BibTeX/BibLaTeX entry types and CSL item types, both ways (one table for the reader and the writers).

:data:`TO_CSL` follows pandoc's biblatex reader (citeproc's ``BibTeX.hs``) for every
type of the biblatex manual (§2.1) and the BibTeX aliases, except where CSL 1.0.2 has
a closer type (``software``, ``standard``, ``periodical``, ``performance``) and
``@misc``/``@set``, which are CSL ``document``.  :func:`from_csl` goes back: the
entry type a work was read with, when it still maps to the work's CSL type, else the
usual biblatex type of that CSL type.
"""

from __future__ import annotations

__all__ = ["BIBTEX_TYPES", "TO_CSL", "csl_type_of", "from_csl"]

TO_CSL: dict[str, str] = {
    "article": "article-journal", "periodical": "periodical", "suppperiodical": "article-journal",
    "book": "book", "mvbook": "book", "bookinbook": "chapter", "inbook": "chapter", "suppbook": "chapter",
    "booklet": "pamphlet", "collection": "book", "mvcollection": "book", "incollection": "chapter",
    "suppcollection": "chapter", "reference": "book", "mvreference": "book",
    "inreference": "entry-encyclopedia", "proceedings": "book", "mvproceedings": "book",
    "inproceedings": "paper-conference", "conference": "paper-conference", "manual": "book",
    "report": "report", "techreport": "report", "thesis": "thesis", "phdthesis": "thesis",
    "mastersthesis": "thesis", "online": "webpage", "electronic": "webpage", "www": "webpage",
    "webpage": "webpage", "patent": "patent", "software": "software", "dataset": "dataset",
    "unpublished": "manuscript", "artwork": "graphic", "image": "graphic", "audio": "song",
    "music": "song", "movie": "motion_picture", "video": "motion_picture", "jurisdiction": "legal_case",
    "legislation": "legislation", "legal": "treaty", "letter": "personal_communication",
    "performance": "performance", "review": "review", "standard": "standard", "misc": "document",
    "set": "document", "bibnote": "document",
}  # fmt: skip

# Classic BibTeX types (what bibtex styles such as plainnat know).
BIBTEX_TYPES: frozenset[str] = frozenset({
    "article", "book", "booklet", "inbook", "incollection", "inproceedings", "conference", "manual",
    "mastersthesis", "misc", "phdthesis", "proceedings", "techreport", "unpublished",
})

# CSL type -> biblatex type, for works that were not read from a .bib entry.
_FROM_CSL: dict[str, str] = {
    "article-journal": "article", "article-magazine": "article", "article-newspaper": "article",
    "periodical": "periodical", "book": "book", "chapter": "incollection", "pamphlet": "booklet",
    "entry-encyclopedia": "inreference", "entry-dictionary": "inreference", "paper-conference": "inproceedings",
    "report": "report", "thesis": "thesis", "webpage": "online", "post-weblog": "online", "post": "online",
    "patent": "patent", "software": "software", "dataset": "dataset", "manuscript": "unpublished",
    "graphic": "artwork", "song": "audio", "motion_picture": "movie", "legal_case": "jurisdiction",
    "legislation": "legislation", "treaty": "legal", "personal_communication": "letter",
    "performance": "performance", "review": "review", "standard": "standard",
}  # fmt: skip


def csl_type_of(entry_type: str, entrysubtype: str = "") -> str:
    """The CSL type of a (lowercase) entry type; ``@article`` with ``entrysubtype`` magazine/newspaper too."""
    if entry_type == "article" and entrysubtype.strip().lower() in ("magazine", "newspaper"):
        return "article-" + entrysubtype.strip().lower()
    return TO_CSL.get(entry_type, "document")


def from_csl(csl_type: str, read_as: str = "") -> str:
    """The biblatex type to write for a CSL type: ``read_as`` (the type the entry had) when it maps to it."""
    read_as = read_as.lower()
    if read_as and TO_CSL.get(read_as) == csl_type:
        return read_as
    if read_as == "article" and csl_type.startswith("article-"):
        return read_as
    return _FROM_CSL.get(csl_type, "misc")
