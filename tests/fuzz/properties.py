"""The properties checked by the property tests and by the long fuzz run (``run_fuzz.py``).

Each ``check_*`` function takes one generated example and raises ``AssertionError`` when the
property does not hold; the pytest modules and the fuzz script wrap them in ``@given``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

import bibtexparser
import rispy

from rnnbib.errors import RnnbibError
from rnnbib.model import Work
from rnnbib.readers import ReadResult
from rnnbib.writers import WriteOptions, get_writer

from .oracles import bibtex_normal, decode_latex, lint_bib, ris_normal, ris_records

Reader = Callable[[str, str], ReadResult]


def _note_line_starts_entry(works: Sequence[Work]) -> bool:
    """BUG (writers/bibtex.py): a note line after the first that starts with ``@name{`` begins a line
    of the ``note`` field, where bibtexparser v2 (and bib_lint.py) see a new entry."""
    return any(re.match(r"[@]\s*[A-Za-z]+\s*[{(]", bibtex_normal(line))
               for w in works for line in w.note_lines()[1:])


def _blank_note_line(works: Sequence[Work]) -> bool:
    """BUG (writers/csljson.py): a blank note line is written into CSL ``note`` (``"\\npaper: URL"``) and
    dropped when read back, so write -> read -> write changes ``note``."""
    return any(not line.strip() for w in works for line in w.note_lines())


# Known bugs (each has a strict-xfail test in tests/test_hostile_injection.py); the properties skip the
# examples that trigger them so that they keep looking for new ones.  Remove an entry once it is fixed.
KNOWN_BUGS: dict[str, Callable[[Sequence[Work]], bool]] = {
    "bibtex-note-line-starts-entry": _note_line_starts_entry,
    "csljson-blank-note-line": _blank_note_line,
}


def known_bug(works: Sequence[Work]) -> str | None:
    """The name of a known bug this example triggers, or None."""
    return next((name for name, hit in KNOWN_BUGS.items() if hit(works)), None)


def read_or_error(reader: Reader, text: str, name: str) -> ReadResult | None:
    """Run a reader; an error must be an :class:`RnnbibError` with a location naming the input."""
    try:
        result = reader(text, name)
    except RnnbibError as exc:
        assert exc.location, f"{type(exc).__name__} without a location: {exc}"
        assert name in exc.location, f"location {exc.location!r} does not name {name!r}"
        return None
    assert isinstance(result, ReadResult)
    for work in result.works:
        assert isinstance(work, Work)
        assert work.sources and all(loc.file == name for loc in work.sources), work.sources
        assert all(loc.line >= 1 for loc in work.sources), work.sources
    for problem in result.problems:
        assert problem.location is not None and problem.location.file == name, problem
    return result


def _write(fmt: str, works: Sequence[Work]) -> str:
    return get_writer(fmt)(list(works), WriteOptions())


def check_bibtex(works: Sequence[Work], fmt: str = "bibtex") -> str:
    """One entry per work, clean under the linter, and each title decodes to the work's title."""
    text = _write(fmt, works)
    if fmt == "bibtex":
        latin = sorted({c for c in text if "\u00c0" <= c <= "\u017f" and c.isalpha()})
        assert not latin, f"accented Latin letters left as UTF-8 in BibTeX output: {latin}"
    entries, errors = lint_bib(text)
    assert not errors, "\n".join(errors[:10])
    assert len(entries) == len(works), f"{len(entries)} entries for {len(works)} works"
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, library.failed_blocks
    assert len(library.entries) == len(works), f"bibtexparser: {len(library.entries)} entries, {len(works)} works"
    for work, entry in zip(works, library.entries, strict=True):
        title_field = entry.fields_dict.get("title")
        decoded = decode_latex(title_field.value) if title_field else ""
        expected = bibtex_normal(work.title)
        assert decoded == expected, f"title {work.title!r}: wrote {title_field and title_field.value!r}, " \
                                    f"decodes to {decoded!r}, expected {expected!r}"
    return text


def check_ris(works: Sequence[Work]) -> str:
    """Every line ``TAG  - value``; one record per work (own parser and rispy); titles kept."""
    text = _write("ris", works)
    records, problems = ris_records(text)
    assert not problems, "\n".join(problems[:10])
    assert len(records) == len(works), f"{len(records)} records for {len(works)} works"
    parsed = rispy.loads(text)
    assert len(parsed) == len(works), f"rispy: {len(parsed)} records for {len(works)} works"
    for work, record in zip(works, parsed, strict=True):
        expected = ris_normal(work.title)
        got = record.get("title") or record.get("primary_title") or ""
        assert got == expected, f"RIS title {got!r}, expected {expected!r}"
    return text


def _comparable(item: dict[str, Any]) -> dict[str, Any]:
    out = dict(item)
    out.pop("id", None)
    return out


def check_csljson(works: Sequence[Work]) -> None:
    """write_csljson -> read_csljson -> write_csljson gives the same CSL data, and titles survive."""
    from rnnbib.readers.csljson import read_csljson

    first = _write("csljson", works)
    items = json.loads(first)
    assert isinstance(items, list) and len(items) == len(works)
    result = read_csljson(first, "out.json")
    assert len(result.works) == len(works), f"{len(result.works)} works read back from {len(works)}"
    for work, again in zip(works, result.works, strict=True):
        again.key = work.key
    second = json.loads(_write("csljson", result.works))
    assert [_comparable(x) for x in second] == [_comparable(x) for x in items]
    for work, item in zip(works, items, strict=True):
        title = unicodedata.normalize("NFC", work.title)
        if title.strip():
            assert "title" in item, f"title {work.title!r} lost"


def check_all_writers(works: Sequence[Work]) -> None:
    """Every registered structured writer keeps one entry per work."""
    check_bibtex(works, "bibtex")
    check_bibtex(works, "biblatex")
    check_ris(works)
    check_csljson(works)


def prepare(works: list[Work]) -> list[Work]:
    """Merge and key works the way :func:`rnnbib.read` does (for works coming from a reader)."""
    from rnnbib.enrich.keys import assign_keys
    from rnnbib.enrich.merge import merge_works

    merged, _problems = merge_works(works)
    assign_keys(merged, {})
    return merged
