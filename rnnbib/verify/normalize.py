"""Text forms for comparing what a bibliography says with what an authority says.

Everything here is pure: folding (accents, case, punctuation, leftover TeX braces), title
similarity, name keys, page ranges and venue names with their common abbreviations.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from typing import Any

from ..latex import latex_to_unicode

_TEX_MACRO = re.compile(r"\\[A-Za-z]+\s*|\\.")
_NON_WORD = re.compile(r"[^0-9a-z]+")
# Letters NFKD does not split into a base letter and a mark.
_SPECIAL = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "Æ": "AE",
                          "œ": "oe", "Œ": "OE", "đ": "d", "Đ": "D", "ı": "i", "&": " and "})


def fold(text: Any) -> str:
    """Lower-case ASCII words separated by single spaces: accents, TeX, punctuation and case gone."""
    text = str(text or "")
    if "\\" in text:
        text = _TEX_MACRO.sub("", latex_to_unicode(text))
    text = text.replace("{", "").replace("}", "").translate(_SPECIAL)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(_NON_WORD.sub(" ", text).split())


def words(text: Any) -> list[str]:
    """The folded words of ``text``."""
    return fold(text).split()


def title_similarity(a: str, b: str) -> float:
    """1.0 for the same title up to case, accents, markup and punctuation; word-level ratio otherwise."""
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 0.0
    if wa == wb:
        return 1.0
    return SequenceMatcher(None, wa, wb, autojunk=False).ratio()


def same_title(written: str, found: str) -> bool:
    """Equal after folding, or one is the other plus a subtitle (``Title: subtitle``)."""
    wa, wb = words(written), words(found)
    if wa == wb:
        return bool(wa)
    for short, full, raw in ((wa, wb, found), (wb, wa, written)):
        head = raw.split(":", 1)[0] if ":" in raw else ""
        if short and head and words(head) == short and len(full) > len(short):
            return True
    return False


def name_key(name: dict[str, Any]) -> str:
    """The last word of a person's folded family name (``van den Oord`` -> ``oord``)."""
    family = name.get("family") or name.get("literal") or ""
    parts = words(family)
    return parts[-1] if parts else ""


def names_match(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """The same person: family names agree (given names may be abbreviated or missing).

    Names written given-last (``Fei-Fei, Li`` for Li Fei-Fei) match too: CJK names are
    often recorded either way round.
    """
    ka, kb = name_key(a), name_key(b)
    if ka and ka == kb:
        return True
    fa, fb = fold(a.get("family") or a.get("literal")), fold(b.get("family") or b.get("literal"))
    ga, gb = fold(a.get("given")), fold(b.get("given"))
    if fa and fb and (fa.replace(" ", "") == fb.replace(" ", "")):
        return True
    return bool(fa and ga and fb and gb and fa == gb and ga == fb)


def page_range(text: Any) -> tuple[str, str]:
    """``(first, last)`` of a page range; an abbreviated last page is expanded (``1735-80``)."""
    parts = [p for p in re.split(r"\s*(?:-+|–|—|\u2212)\s*", str(text or "").strip()) if p]
    if not parts:
        return ("", "")
    first, last = parts[0], parts[-1] if len(parts) > 1 else ""
    if first.isdigit() and last.isdigit() and len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    return (first.lower(), last.lower())


# Venues by acronym: the words their full names contain (folded), and other spellings.
VENUES: dict[str, tuple[str, ...]] = {
    "neurips": ("neurips", "nips", "neural information processing systems"),
    "icml": ("icml", "international conference on machine learning"),
    "iclr": ("iclr", "international conference on learning representations"),
    "cvpr": ("cvpr", "computer vision and pattern recognition"),
    "iccv": ("iccv", "international conference on computer vision"),
    "eccv": ("eccv", "european conference on computer vision"),
    "acl": ("acl", "annual meeting of the association for computational linguistics",
            "meeting on association for computational linguistics", "meeting of the association for "
            "computational linguistics"),
    "emnlp": ("emnlp", "empirical methods in natural language processing"),
    "naacl": ("naacl", "north american chapter of the association for computational linguistics"),
    "icassp": ("icassp", "acoustics speech and signal processing"),
    "interspeech": ("interspeech",),
    "aaai": ("aaai", "aaai conference on artificial intelligence"),
    "ijcai": ("ijcai", "international joint conference on artificial intelligence"),
    "jmlr": ("jmlr", "journal of machine learning research"),
    "tpami": ("tpami", "pami", "pattern analysis and machine intelligence"),
    "tnnls": ("tnnls", "transactions on neural networks and learning systems"),
    "tnn": ("transactions on neural networks",),
    "tsp": ("transactions on signal processing",),
    "neco": ("neural computation", "neural comput"),
    "cacm": ("cacm", "communications of the acm", "commun acm"),
    "pieee": ("proceedings of the ieee", "proc ieee"),
    "mlj": ("machine learning",),
    "nature": ("nature",),
    "science": ("science",),
    "cogsci": ("cognitive science", "cogn sci"),
}
PREPRINT_WORDS = ("arxiv", "corr", "preprint", "biorxiv", "openreview", "ssrn")
_STOP = frozenset({"of", "the", "on", "in", "and", "for", "proceedings", "proc", "conference", "international",
                   "annual", "ieee", "acm", "journal", "j", "cvf", "workshop", "volume", "vol", "part"})


def is_preprint_venue(text: Any) -> bool:
    """A venue that says "preprint" (arXiv, CoRR ...)."""
    folded = fold(text)
    return any(re.search(rf"\b{w}\b", folded) for w in PREPRINT_WORDS)


def venue_acronyms(text: Any) -> set[str]:
    """The known venues a venue name names (most specific spelling wins, ``nips`` -> ``neurips``)."""
    folded = f" {fold(re.sub(r'(?i)[0-9]{4}|[0-9]+(st|nd|rd|th)', ' ', str(text or '')))} "
    found: set[str] = set()
    for acronym, spellings in VENUES.items():
        if any(f" {s} " in folded for s in spellings):
            found.add(acronym)
    # "Transactions on Neural Networks" is part of "... Neural Networks and Learning Systems";
    # "Machine Learning" is part of many venue names: keep the longer, more specific ones.
    if "tnnls" in found:
        found.discard("tnn")
    if len(found) > 1:
        found.discard("mlj")
    if found - {"nature", "science"}:
        found -= {"nature", "science"}
    return found


def _content_words(text: Any) -> list[str]:
    return [w for w in words(re.sub(r"[0-9]{4}", " ", str(text or ""))) if w not in _STOP and not w.isdigit()]


def venues_match(written: Any, found: Any) -> bool | None:
    """Whether two venue names name the same venue; ``None`` when it cannot be told.

    Known venues compare by acronym; otherwise the written words must be the found ones or
    their abbreviations (``IEEE Trans. Neural Netw.``), in order.
    """
    wa, fa = venue_acronyms(written), venue_acronyms(found)
    if wa and fa:
        return bool(wa & fa)
    ww, fw = _content_words(written), _content_words(found)
    if not ww or not fw:
        return None
    if ww == fw or _abbreviates(ww, fw) or _abbreviates(fw, ww):
        return True
    if wa or fa or not set(ww) & set(fw):
        return False
    return True if SequenceMatcher(None, ww, fw, autojunk=False).ratio() >= 0.8 else None


def _abbreviates(short: list[str], full: list[str]) -> bool:
    """Every word of ``short`` starts a word of ``full``, in order, and all of ``full`` is used."""
    i = 0
    for word in short:
        while i < len(full) and not full[i].startswith(word):
            i += 1
        if i == len(full):
            return False
        i += 1
    return len(short) == len(full)
