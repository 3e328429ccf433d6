"""CSL ``text-case`` transforms that behave like citeproc-js.

citeproc-py splits words on whitespace only and capitalises any all-lowercase
word, so it writes ``Char-rnn`` (citeproc-js: ``Char-Rnn``) and ``ArXiv:1308.0850``
for ``capitalize-first`` (citeproc-js leaves a word that already contains a capital
alone: ``arXiv:1308.0850``).  These functions follow citeproc-js 1.4's
``CSL.Output.Formatters`` (title, capitalize-first, capitalize-all): a string is cut
at punctuation, brackets, quotes and markup tags; each piece is split into words on
spaces; a word is only changed when it is entirely lowercase; title case skips
the stop words of citeproc-js (``CSL.SKIP_WORDS``) except for the first word, a
word after ``: ? !`` and the last word.

Input and output are citeproc-py strings: ``NoCase`` pieces (from
``<span class="nocase">``) are kept as they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import Any

from .csl_compat import MixedString, NoCase, String
from .csl_markup import ALL_MARKERS

# citeproc-js CSL.SKIP_WORDS (single words only: multi-word entries never match one word)
SKIP_WORDS = frozenset(
    [
        "about", "above", "across", "afore", "after", "against", "al", "along", "alongside", "amid",
        "amidst", "among", "amongst", "anenst", "apropos", "apud", "around", "as", "aside", "astride", "at",
        "athwart", "atop", "barring", "before", "behind", "below", "beneath", "beside", "besides",
        "between", "beyond", "but", "by", "circa", "despite", "down", "during", "et", "except", "for",
        "forenenst", "from", "given", "in", "inside", "into", "lest", "like", "modulo", "near", "next",
        "notwithstanding", "of", "off", "on", "onto", "out", "over", "per", "plus", "pro", "qua", "sans",
        "since", "than", "through", "throughout", "thruout", "till", "to", "toward", "towards", "under",
        "underneath", "until", "unto", "up", "upon", "versus", "vs", "v", "via", "vis-à-vis", "with",
        "within", "without", "or", "yet", "so", "and", "nor", "a", "an", "the", "de", "d'", "von", "van",
        "c", "ca",
    ]
)

# Private-use markers rnnbib puts around quotes (resolved by csl_fixes after rendering):
STYLE_OPEN_QUOTE = "\ue011"  # follows an opening quote a style adds
STYLE_CLOSE_QUOTE = "\ue010"  # follows a closing quote a style adds
DATA_OPEN_QUOTE = "\ue012"  # a double quote in the data (straight or curly), opening
DATA_CLOSE_QUOTE = "\ue013"  # ... closing
MARKERS = STYLE_OPEN_QUOTE + STYLE_CLOSE_QUOTE + DATA_OPEN_QUOTE + DATA_CLOSE_QUOTE
KEEP_CASE = "\ue014"  # precedes a character citeproc-js' case engine leaves as it is (removed after rendering)

# Pieces between which words are cased (citeproc-js tagDoppel); markup tags are atoms.
_SPLIT = re.compile(r"(‘|’|“|”| \"| '|\"|'|[-–—/.,;?!:" + MARKERS + ALL_MARKERS + r"]|\[|\]|\(|\)|<[^>]+>)")
_SPACES = re.compile(r"([\u00a0 \u2000-\u200b\u205f\u3000]+)")
_GREEK = re.compile(r"^[\u0370-\u03ff]$")

Segments = list[tuple[str, bool]]  # (text, nocase)


def _capitalise(word: str) -> str:
    stripped = word.lstrip()
    lead = word[: len(word) - len(stripped)]
    if not stripped or (_GREEK.match(stripped[0]) and len(stripped) == 1):
        return word
    return lead + stripped[0].upper() + stripped[1:]


class _Words:
    """Word positions of a text: (segment index, piece index, word index) -> word."""

    def __init__(self, segments: Segments) -> None:
        # per segment: list of pieces; a piece is (is_tag, [tokens]) where tokens alternate word/space
        self.nocase = [nc for _, nc in segments]
        self.pieces: list[list[tuple[bool, list[str]]]] = []
        for text, _ in segments:
            pieces: list[tuple[bool, list[str]]] = []
            for k, part in enumerate(_SPLIT.split(text)):
                if not part:
                    continue
                pieces.append((k % 2 == 1, [part] if k % 2 == 1 else _SPACES.split(part)))
            self.pieces.append(pieces)

    def join(self) -> list[str]:
        return ["".join("".join(tokens) for _, tokens in pieces) for pieces in self.pieces]


def _transform(segments: Segments, mode: str) -> Segments:
    words = _Words(segments)
    is_first = True
    after_punct = False
    last: tuple[list[str], int] | None = None
    done = False
    for s, pieces in enumerate(words.pieces):
        for is_tag, tokens in pieces:
            if is_tag:
                if re.search(r"[!?:]$", tokens[0]):
                    after_punct = True
                continue
            if words.nocase[s]:
                if "".join(tokens).strip():
                    last = None
                    is_first = False
                continue
            for j in range(0, len(tokens), 2):
                word = tokens[j]
                if not word or done:
                    continue
                lower = word.lower()
                if mode == "capitalize-first":
                    if word == lower:
                        tokens[j] = _capitalise(word)
                    done = True
                    continue
                if mode == "capitalize-all":
                    if word == lower:
                        tokens[j] = _capitalise(word)
                    continue
                capitalize = (len(word) > 1 and lower not in SKIP_WORDS) or is_first or after_punct
                if capitalize and word == lower:
                    tokens[j] = _capitalise(word)
                after_punct = False
                is_first = False
                last = (tokens, j)
    if mode == "title" and last is not None:
        tokens, j = last
        if len(tokens[j]) > 1 and tokens[j].lower() in SKIP_WORDS:
            tokens[j] = _capitalise(tokens[j])
    return list(zip(words.join(), words.nocase, strict=True))


# citeproc-js' tagDoppel on the raw field (CSL.Output.Formatters), for its quote state machine
_DOPPEL = re.compile(
    r"‘|’|“|”| \"| '|\"|'|[-–—/.,;?!:]|\[|\]|\(|\)|<span style=\"font-variant: small-caps;\">"
    r"|<span class=\"no(?:case|decor)\">|</span>|</?(?:i|sc|b|sub|sup)>"
)
_QUOTE_PARAMS = {' "': (" '", '"'), " '": (' "', "'"), "‘": ("‘", "’"), "“": ("“", "”")}
_QUOTE_TAGS = frozenset({"‘", "’", "“", "”", '"', "'", ' "', " '"})


def kept_case(text: str) -> list[int]:
    """Positions of the characters citeproc-js' title/capitalize engine leaves as they are:
    after a quote it cannot pair ("a 'one' and 'two'" -> "A 'one' and 'Two'"; a leading
    ``"`` is a closing quote to it: "“lead” and “Second”") and after an apostrophe."""
    if "'" not in text and '"' not in text and "‘" not in text and "“" not in text:
        return []
    matches = list(_DOPPEL.finditer(text))
    tags = [m.group(0) for m in matches]
    starts = [m.end() for m in matches]  # where the string after each tag starts
    ends = [m.start() for m in matches[1:]] + [len(text)]
    positions: set[int] = set()
    for i, tag in enumerate(tags):
        if tag == "'" and ends[i] > starts[i]:  # an apostrophe: text, not a tag (Doppeler.split) -
            tags[i] = ""  # and the word it starts is not capitalised ("'lead'" stays)
            positions.add(starts[i])
    state: list[tuple[str, str, int | None]] = []
    kept: set[int] = set()
    for i, tag in enumerate(tags):
        if tag not in _QUOTE_TAGS:
            continue
        if tag in _QUOTE_PARAMS:
            opener, closer = _QUOTE_PARAMS[tag]
            if not state or tag == state[-1][0]:
                state.append((opener, closer, i))
            else:
                previous = state.pop()[2]
                state.append((opener, closer, None))
                if previous is not None:
                    kept.add(previous)
        elif state and tag == state[-1][1]:
            state.pop()
        else:
            kept.add(i)
    kept.update(pos for _, _, pos in state if pos is not None)
    positions.update(starts[i] for i in kept if starts[i] < ends[i])
    return sorted(at for at in positions if at < len(text) and not text[at].isspace())


def mark_kept_case(text: str, positions: list[int]) -> str:
    """``text`` with :data:`KEEP_CASE` before the characters at ``positions``."""
    out, last = [], 0
    for at in positions:
        out += [text[last:at], KEEP_CASE]
        last = at
    return "".join(out) + text[last:]


def _segments(text: Any) -> Segments:
    if isinstance(text, MixedString):
        return [(str(s), isinstance(s, NoCase)) for s in text]
    return [(str(text), isinstance(text, NoCase))]


def _rebuild(original: Any, segments: Segments) -> Any:
    if isinstance(original, MixedString):
        return MixedString([NoCase(t) if nc else String(t) for t, nc in segments])
    text, nocase = segments[0]
    if nocase:
        return NoCase(text)
    return String(text) if isinstance(original, String) else text


def apply_case(text: Any, mode: str) -> Any:
    """``text`` (str, String, NoCase or MixedString) in ``title``, ``capitalize-first``
    or ``capitalize-all`` case the way citeproc-js writes it."""
    if not isinstance(text, str | MixedString) or not str(text):
        return text
    return _rebuild(text, _transform(_segments(text), mode))


def title_case(text: str) -> str:
    """A plain string in citeproc-js title case (for tests and callers outside citeproc-py)."""
    return str(apply_case(text, "title"))


CASES: dict[str, Callable[[Any], Any]] = {
    mode: partial(apply_case, mode=mode) for mode in ("title", "capitalize-first", "capitalize-all")
}
