"""Citekeys: readable, unique, deterministic, and pinned across runs by a lock file.

Key form (lowercase ASCII letters and digits only):

- ``{family}{year}{word}``: the first author's family name, the year issued,
  the first significant title word (``pascanu2012difficulty``).  The family name
  drops its particles (CSL ``non-dropping-particle``/``dropping-particle``, and
  in an unsplit family the leading lowercase words, BibTeX's "von" part), as
  JabRef's ``[auth]`` and Better BibTeX's ``auth`` do: "van der Maaten" gives
  ``maaten``.  A corporate (``literal``) author gives its first significant
  word ("Google DeepMind" gives ``google``).
- ``{word}{year}{word2}`` when there is no usable author: the first two
  significant title words around the year (``understanding2015lstm``).
- Parts that are missing are left out (no year: ``pascanudifficulty``).
- ``work-`` and 6 hex digits of a hash of the work's identity when neither the
  author nor the title has a Latin-script word (e.g. a CJK title).

Text is folded to ASCII: NFKD with combining marks dropped, plus the letters
NFKD leaves alone (ø→o, ł→l, ß→ss, æ→ae ...).  A significant word is one that
is not a stopword (:data:`STOPWORDS`: articles, prepositions, conjunctions,
question words and auxiliaries), has a letter and at least 2 characters;
hyphens split words ("Sequence-to-Sequence" gives ``sequence``).

Uniqueness: works with the same base key are ordered by a stable property
(their identity, then title, year, URL; input order only for works that are
indistinguishable), the first gets the base key and the others ``a``, ``b``
… ``z``, ``aa`` … in that order.  Reordering the input therefore never changes
a key, and adding a work changes only keys that share its base key, and only
when the new work sorts before them.  That last case (keys changing under
the user) is what the lock file is for: keys in the lock are
taken first, so a pinned work keeps its key whatever is added, and the new
work gets the next free suffix.

Lock file: a JSON object ``{identity: citekey}`` where identity is the work's
strongest identifier key (``arxiv:1406.6247``, ``doi:10.1/x`` lowercased,
``pmlr:…``, ``github:owner/repo`` for software) or ``title:<normalized
title>`` (``url:<URL>`` when there is no title).  Lookups try every identity
of a work, so a work that gains a DOI keeps its key.  Entries of works not in
the current run stay in the lock and their keys stay reserved, so a key is
never handed to a different work.  Order of precedence: lock keys, then keys
the input gave explicitly (``extra["bibtex_key"]``, ``extra["csl_id"]``: any key
BibTeX and biber accept, kept as is; a repeated one stays with its first entry) when
they are free, then generated keys.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .. import csldata
from ..errors import InputError
from ..fileio import atomic_write, read_text
from ..model import Work
from .merge import PAPER_KINDS, explicit_key, software_repo

__all__ = [
    "STOPWORDS",
    "KeyAllocator",
    "assign_keys",
    "base_key",
    "fold_ascii",
    "identities",
    "load_lock",
    "save_lock",
    "suffix",
    "work_identity",
]

_STOPWORD_TEXT = """
    a an the
    about above across after against along amid among around as at before behind below beneath beside
    besides between beyond by despite down during except for from in inside into like near of off on onto
    out over past per since than through throughout to toward towards under underneath unlike until up upon
    versus via vs with within without
    and but nor or so yet either neither both whether if then
    how what when where which who whom whose why
    is are was were be been being do does did can could should would will shall may might must
    it its this that these those there their our your we you they he she his her my me us them
    all any some no not only
    de del der des di die du el il la le les los un une von zu
"""
STOPWORDS: frozenset[str] = frozenset(_STOPWORD_TEXT.split())

# Letters that NFKD does not decompose into ASCII + marks.
_FOLD = str.maketrans({
    "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
    "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH", "ı": "i", "ħ": "h", "Ħ": "H", "ŋ": "ng",
    "ſ": "s", "‐": "-", "‑": "-", "–": "-", "—": "-",
})
_WORD = re.compile(r"[a-z0-9]+")
_TITLE_WORD = re.compile(r"\w+")
_LOCK_KEY = re.compile(r"^[^\s,{}()\"#%'=\\~]+$")


# -- text ----------------------------------------------------------------------
def fold_ascii(text: str) -> str:
    """Lowercase ASCII form of ``text``: marks dropped, ø→o, ß→ss …; other scripts vanish."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.translate(_FOLD).encode("ascii", "ignore").decode("ascii").lower()


def _words(text: str) -> list[str]:
    return _WORD.findall(fold_ascii(text).replace("'", "").replace("’", ""))


def _significant(words: Iterable[str]) -> list[str]:
    return [w for w in words if w not in STOPWORDS and len(w) >= 2 and not w.isdigit()]


def _normalized_title(text: str) -> str:
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return " ".join(_TITLE_WORD.findall(text.casefold()))


# -- key parts -------------------------------------------------------------------
def _family_part(work: Work) -> str:
    names = work.csl.get("author") or work.csl.get("editor") or []
    if not isinstance(names, list) or not names or not isinstance(names[0], dict):
        return ""
    name: dict[str, Any] = names[0]
    family = str(name.get("family") or "").strip()
    if family:
        parts = family.split()
        while len(parts) > 1 and parts[0][:1].islower():
            parts.pop(0)  # BibTeX's "von" part: leading lowercase words
        return "".join(_words(" ".join(parts)))
    literal = str(name.get("literal") or "").strip()
    if literal:
        words = _words(literal)
        significant = _significant(words)
        return (significant or words or [""])[0]
    return "".join(_words(str(name.get("given") or "")))


def _year_part(work: Work) -> str:
    issued = csldata.year(work)
    return str(issued) if issued is not None and 1000 <= issued <= 2999 else ""


def _title_words(work: Work) -> list[str]:
    words = _words(work.title or work.list_title)
    significant = _significant(words)
    if significant:
        return significant
    return [w for w in words if any(c.isalpha() for c in w)]


def base_key(work: Work) -> str:
    """The key a work gets before disambiguation (see the module docstring)."""
    family, year, words = _family_part(work), _year_part(work), _title_words(work)
    if family:
        return f"{family}{year}{words[0] if words else ''}"
    if words:
        return f"{words[0]}{year}{words[1] if len(words) > 1 else ''}"
    digest = hashlib.sha1(work_identity(work).encode("utf-8")).hexdigest()
    return f"work-{digest[:6]}"


# -- identity ------------------------------------------------------------------
def identities(work: Work) -> list[str]:
    """Every identity under which a work may be in the lock file, strongest first."""
    found: dict[str, None] = {}
    for kind in PAPER_KINDS:
        for ident in work.identifiers:
            if ident.kind == kind:
                found[ident.key] = None
    repo = software_repo(work)
    if repo is not None and not found:
        found[repo.key] = None
    title = _normalized_title(work.title or work.list_title)
    if title:
        found[f"title:{title}"] = None
    url = str(work.csl.get("URL") or "").strip()
    if url:
        found[f"url:{url}"] = None
    if not found:
        found["title:"] = None
    return list(found)


def work_identity(work: Work) -> str:
    """The identity a work is written under in the lock file (its strongest one)."""
    return identities(work)[0]


def _sort_key(work: Work, work_ids: list[str] | None = None) -> tuple[str, ...]:
    """A stable property to break ties between works: never the input position.

    ``work_ids`` is :func:`identities` of the work when the caller has it already.
    """
    authors = work.csl.get("author")
    first_author = json.dumps(authors[0], sort_keys=True, ensure_ascii=True) if authors else "null"
    identity = work_ids[0] if work_ids else work_identity(work)
    return (identity, _normalized_title(work.title or work.list_title), _year_part(work),
            str(work.csl.get("URL") or ""), first_author)


# -- suffixes --------------------------------------------------------------------
def suffix(n: int) -> str:
    """The ``n``-th disambiguation suffix: 0 → ``""``, 1 → ``a`` … 26 → ``z``, 27 → ``aa`` …"""
    letters = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        letters = chr(ord("a") + rem) + letters
    return letters


class KeyAllocator:
    """Hands out unique keys: ``base``, then ``base`` + ``a``, ``b`` … skipping taken ones.

    Each base remembers the next suffix to try, so allocating ``n`` keys of one
    base costs ``n`` plus the number of taken keys skipped: ``probes`` counts
    the candidates tried.
    """

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken: set[str] = set(taken)
        self.next_suffix: dict[str, int] = {}
        self.probes = 0

    def allocate(self, base: str) -> str:
        """The first free key of ``base``; it becomes taken."""
        n = self.next_suffix.get(base, 0)
        while True:
            self.probes += 1
            candidate = base + suffix(n)
            n += 1
            if candidate not in self.taken:
                self.next_suffix[base] = n
                self.taken.add(candidate)
                return candidate


# -- assignment ------------------------------------------------------------------
def _explicit_key(work: Work) -> str | None:
    return explicit_key(work) or None


def assign_keys(works: list[Work], lock: dict[str, str]) -> dict[str, str]:
    """Set ``work.key`` on every work; return the new lock (``{identity: key}``).

    Precedence: the work's own lock entry (primary identities before secondary
    ones), then an explicit key from the input when free, then the generated
    key with the first free suffix.  Keys of lock entries for absent works
    stay reserved and those entries are kept in the returned lock.
    """
    all_ids = [identities(work) for work in works]
    order = sorted(range(len(works)), key=lambda i: _sort_key(works[i], all_ids[i]))
    ids = {i: all_ids[i] for i in order}
    explicit = {i: _explicit_key(works[i]) for i in order}
    chosen: dict[int, str] = {}
    claimed: set[str] = set()

    def claim(i: int, key: str | None) -> bool:
        if key and i not in chosen and key not in claimed:
            chosen[i] = key
            claimed.add(key)
            return True
        return False

    # 1. lock entries, by primary identity first, then by any other identity
    for depth in range(2):
        for i in order:
            if explicit[i] is None and i not in chosen:
                candidates = ids[i][:1] if depth == 0 else ids[i][1:]
                for identity in candidates:
                    if claim(i, lock.get(identity)):
                        break
    # 2. explicit keys from the input, in input order (a repeated key stays with its first entry, as
    #    bibtex and biber read it); a taken one falls back to the work's lock key
    for i in range(len(works)):
        if explicit[i] is not None and not claim(i, explicit[i]):
            for identity in ids[i]:
                if claim(i, lock.get(identity)):
                    break
    # 3. generated keys: bases first so a base key never becomes another work's suffixed key
    aliases = {a for work in works for a in work.extra.get("aliases", ())}
    allocator = KeyAllocator(claimed | set(lock.values()) | aliases)
    pending = [(base_key(works[i]), i) for i in order if i not in chosen]
    firsts: dict[str, int] = {}
    for base, i in pending:
        firsts.setdefault(base, i)
    for base in firsts:
        if base not in allocator.taken:
            chosen[firsts[base]] = allocator.allocate(base)
    for base, i in pending:
        if i not in chosen:
            chosen[i] = allocator.allocate(base)

    for i, work in enumerate(works):
        work.key = chosen[i]
    return _new_lock(lock, [(ids[i], chosen[i]) for i in order])


def _new_lock(old: dict[str, str], assigned: list[tuple[list[str], str]]) -> dict[str, str]:
    """The lock after a run: each work under its first identity no earlier work took, plus old
    entries whose keys no work holds now (works absent from this run keep their keys reserved)."""
    used = {key for _, key in assigned}
    new = {identity: key for identity, key in old.items() if key not in used}
    written: set[str] = set()
    for work_ids, key in assigned:
        for identity in work_ids:
            if identity not in written:
                written.add(identity)
                new[identity] = key
                break
    return new


# -- lock file -------------------------------------------------------------------
def load_lock(path: str) -> dict[str, str]:
    """Read a lock file; a missing or empty file is an empty lock.

    Raises :class:`InputError` with ``file:line`` for malformed JSON, a value
    that is not a usable citekey, or an identity listed twice.
    """
    if not Path(path).exists():
        return {}
    text = read_text(path)
    if not text.strip():
        return {}

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for name, value in items:
            if name in result:
                raise InputError(f"identity {name!r} is listed twice", f"{path}:{_line_of(text, name)}")
            result[name] = value
        return result

    try:
        data = json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed keys file: {exc.msg}", f"{path}:{exc.lineno}") from None
    if not isinstance(data, dict):
        raise InputError("keys file must be a JSON object {identity: citekey}", f"{path}:1")
    for name, value in data.items():
        if not isinstance(value, str) or not _LOCK_KEY.match(value):
            where = f"{path}:{_line_of(text, name)}"
            raise InputError(f"not a usable citekey for {name!r}: {value!r}", where)
    return data


def _line_of(text: str, name: str) -> int:
    pos = text.find(json.dumps(name))
    if pos < 0:
        pos = text.find(json.dumps(name, ensure_ascii=False))
    return text.count("\n", 0, pos) + 1 if pos >= 0 else 1


def save_lock(path: str, lock: dict[str, str]) -> None:
    """Write the lock file atomically: a JSON object sorted by identity, one entry a line."""
    text = json.dumps(dict(sorted(lock.items())), indent=2, ensure_ascii=False) + "\n"
    try:
        atomic_write(path, text)
    except OSError as exc:
        raise InputError(f"cannot write keys file: {exc.strerror or exc}", path) from None
