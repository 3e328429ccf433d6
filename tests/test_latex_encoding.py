"""Unicode → LaTeX, escaping, case protection, names, URLs and decoding (rnnbib.latex)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rnnbib.latex import (
    encode_char,
    escape_latex,
    latex_name,
    latex_names,
    latex_title,
    latex_to_unicode,
    latex_url,
    needs_case_protection,
    normalize_text,
)
from rnnbib.latex_table import SAFE_RANGES, is_safe


def brace_depths_ok(latex: str) -> bool:
    """Braces balanced the way bibtex counts them (every brace, escaped or not)."""
    depth = 0
    for c in latex:
        depth += c == "{"
        depth -= c == "}"
        if depth < 0:
            return False
    return depth == 0


@pytest.mark.parametrize(("text", "expected"), [
    ("a & b", r"a \& b"),
    ("50%", r"50\%"),
    ("$5", r"\$5"),
    ("#1", r"\#1"),
    ("a_b", r"a\_b"),
    ("{x}", r"{\textbraceleft}x{\textbraceright}"),
    ("~", r"{\textasciitilde}"),
    ("x^2", r"x{\textasciicircum}2"),
    ("a\\b", r"a{\textbackslash}b"),
    ("@misc{", r"@misc{\textbraceleft}"),
])
def test_every_special_is_escaped(text: str, expected: str) -> None:
    assert escape_latex(text) == expected
    assert escape_latex(text, ascii_only=False) == expected


@pytest.mark.parametrize(("char", "expected"), [
    ("ü", r'{\"u}'),
    ("é", r"{\'e}"),
    ("ç", r"{\c{c}}"),
    ("ø", r"{\o}"),
    ("Ł", r"{\L}"),
    ("ł", r"{\l}"),
    ("ß", r"{\ss}"),
    ("ű", r"{\H{u}}"),      # pylatexenc writes \'{u} (wrong accent): the table leaves it out
    ("ễ", r"{\~{\^{e}}}"),  # stacked accents: one brace group that bibtex treats as one character
    ("ệ", r"{\^{\d{e}}}"),
    ("ǖ", r'{\={\"{u}}}'),
])
def test_unicode_becomes_one_braced_special_character(char: str, expected: str) -> None:
    assert encode_char(char) == expected
    assert latex_to_unicode(expected) == char


def test_braced_macro_does_not_eat_the_following_letter() -> None:
    assert escape_latex("Łukasz Kaiser") == r"{\L}ukasz Kaiser"
    assert escape_latex("Jiří Hajič") == r"Ji{\v{r}}{\'i} Haji{\v{c}}"  # {\'i}, not {\'\i}: biber decodes that badly
    assert latex_to_unicode(escape_latex("Jiří Hajič")) == "Jiří Hajič"


@pytest.mark.parametrize("text", ["王小明", "ơ ư", "Trần Hưng Đạo: ở", "🙂", "\U000f0000"])
def test_characters_without_a_latex_form_stay_utf8(text: str) -> None:
    # documented: pdflatex cannot typeset these; biber + XeLaTeX/LuaLaTeX can
    out = escape_latex(text)
    for char in "王小明ơư🙂\U000f0000ở":
        if char in text:
            assert char in out or char in "ở"
    assert latex_to_unicode(out) == normalize_text(text)


def test_utf8_flavour_keeps_unicode() -> None:
    assert escape_latex("Jürgen Łukasz 王 & co", ascii_only=False) == r"Jürgen Łukasz 王 \& co"


def test_clean_text_drops_controls_and_collapses_whitespace() -> None:
    assert normalize_text(" a\tb\n\nc\x00d\x07e\u200bf\ufeff \r\n") == "a b cdef"
    assert normalize_text("e\u0301") == "é"  # NFC
    assert normalize_text("a\u00a0b") == "a\u00a0b"  # a no-break space is data, kept


def test_tex_ligatures_are_split_so_text_prints_as_written() -> None:
    assert escape_latex("a--b ``q'' !` ?` << >> ,,") == "a-{}-b `{}`q'{}' !{}` ?{}` <{}< >{}> ,{},"
    assert latex_to_unicode(escape_latex("a--b ``q''")) == "a--b ``q''"
    assert escape_latex("1--2", ligatures=True) == "1--2"


@pytest.mark.parametrize(("title", "expected"), [
    ("LSTM: A Search Space Odyssey", "{LSTM}: A Search Space Odyssey"),
    ("Training RNNs with TensorFlow", "Training {RNN}s with {TensorFlow}"),
    ("BERT: Pre-training of Deep Bidirectional Transformers",
     "{BERT}: Pre-training of Deep Bidirectional Transformers"),
    ("Part I of the iPhone 3D story", "Part {I} of the {iPhone} {3D} story"),
    ("A Clockwork RNN", "A Clockwork {RNN}"),
    ("Sequence to Sequence Learning with Neural Nets", "Sequence to Sequence Learning with Neural Nets"),
    ("ÜBER Müller", r'{{\"U}BER} M{\"u}ller'),
    ("GPT-2 & word2vec", r"{GPT}-2 \& word2vec"),
])
def test_title_protects_acronyms_and_mixed_case_only(title: str, expected: str) -> None:
    assert latex_title(title) == expected
    assert latex_to_unicode(latex_title(title)) == title


def test_case_protection_rule() -> None:
    assert needs_case_protection("LSTM") and needs_case_protection("TensorFlow")
    assert not needs_case_protection("Learning") and not needs_case_protection("learning")
    assert needs_case_protection("I") and not needs_case_protection("I", first=True)
    assert not needs_case_protection("A")


@pytest.mark.parametrize(("name", "ascii_out", "utf8_out"), [
    ({"family": "Gogh", "given": "Vincent", "non-dropping-particle": "van"}, "van Gogh, Vincent",
     "van Gogh, Vincent"),
    ({"family": "Kaiser", "given": "Łukasz"}, r"Kaiser, {\L}ukasz", "Kaiser, Łukasz"),
    ({"literal": "Google DeepMind"}, "{Google DeepMind}", "{Google DeepMind}"),
    ({"family": "Smith and Sons"}, "{Smith and Sons}", "{Smith and Sons}"),
    ({"family": "Barnes", "given": "Noble and Co"}, "Barnes, {Noble and Co}", "Barnes, {Noble and Co}"),
    ({"family": "Le Cun"}, "{Le Cun}", "{Le Cun}"),
    ({"family": "King", "given": "Martin Luther", "suffix": "Jr."}, "King, Jr., Martin Luther",
     "King, Jr., Martin Luther"),
    ({"family": "Søndergaard", "given": "Çelik"}, r"S{\o}ndergaard, {\c{C}}elik", "Søndergaard, Çelik"),
    ({"family": "Doe, Esq", "given": "J"}, "{Doe, Esq}, J", "{Doe, Esq}, J"),
    ({"given": "Madonna"}, "{Madonna}", "{Madonna}"),
])
def test_names(name: dict[str, str], ascii_out: str, utf8_out: str) -> None:
    assert latex_name(name) == ascii_out
    assert latex_name(name, ascii_only=False) == utf8_out


def test_names_joined_with_and_skipping_empty() -> None:
    names = [{"family": "A", "given": "B"}, {}, {"literal": "C"}]
    assert latex_names(names) == "A, B and {C}"


def test_url_keeps_verbatim_characters_and_encodes_the_rest() -> None:
    url = "https://x.org/a_b/c%20d?q=1&r=~s#frag"
    assert latex_url(url) == url
    assert latex_url("https://x.org/a b/{c}\\d/ü\x00") == "https://x.org/a%20b/%7Bc%7D%5Cd/%C3%BC"


def test_decoder_reads_other_peoples_latex() -> None:
    assert latex_to_unicode(r"G{\"o}del's {T}heorem -- a \emph{proof}") == "Gödel's Theorem – a proof"
    assert latex_to_unicode(r"\url{https://a.b/c_d}") == "https://a.b/c_d"
    assert latex_to_unicode("50% off") == "50% off"  # a bare % is a percent sign, not a comment
    assert latex_to_unicode("{unbalanced") == "unbalanced"


def test_table_ranges_are_sorted_and_disjoint() -> None:
    previous = -1
    for start, end in SAFE_RANGES:
        assert previous < start <= end
        previous = end
    assert is_safe(ord("ü")) and not is_safe(ord("ű")) and not is_safe(ord("王"))


def test_every_table_character_decodes_back() -> None:
    for start, end in SAFE_RANGES:
        for cp in range(start, end + 1):
            expected = normalize_text(f"x{chr(cp)}x")
            assert latex_to_unicode(escape_latex(f"x{chr(cp)}x")) == expected, hex(cp)


SPECIALS = "&%$#_{}~^\\@\"'`-!?<>,"
CONTROLS = "\x00\x01\x07\x08\t\n\r\x0b\x0c\x1b\x7f\x85\u2028\u2029\ufeff\u200b"
text_strategy = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs",)),
        st.sampled_from(list(SPECIALS + CONTROLS)),
        st.sampled_from(list("üéŁłøçßễệűǖ王ơ")),
    ),
    max_size=60,
)


@settings(max_examples=400, deadline=None)
@given(text_strategy)
def test_property_title_round_trip_and_balance(text: str) -> None:
    for ascii_only in (True, False):
        latex = latex_title(text, ascii_only=ascii_only)
        assert brace_depths_ok(latex)
        assert "\n" not in latex and "\x00" not in latex
        # no unescaped % (comment), # or & left
        assert not re.search(r"(?<!\\)[%#&]", latex)
        assert latex_to_unicode(latex) == normalize_text(text)
        if ascii_only and all(c.isascii() or is_safe(ord(c)) for c in normalize_text(text)):
            assert latex.isascii()
