"""Citekeys and the lock file (rnnbib.enrich.keys)."""

from __future__ import annotations

import hashlib
import json
import random
import re
from pathlib import Path
from typing import Any

import pytest

from rnnbib.enrich.keys import (
    KeyAllocator,
    assign_keys,
    base_key,
    fold_ascii,
    load_lock,
    save_lock,
    suffix,
    work_identity,
)
from rnnbib.errors import InputError
from rnnbib.model import Identifier, Work


def work(title: str = "", authors: list[dict[str, Any]] | None = None, year: int | None = None,
         ids: list[Identifier] | None = None, **csl: Any) -> Work:
    """A work with CSL title/author/issued as readers and resolvers set them."""
    data: dict[str, Any] = {"title": title, **csl}
    if authors is not None:
        data["author"] = authors
    if year is not None:
        data["issued"] = {"date-parts": [[year]]}
    return Work(csl=data, identifiers=list(ids or []))


def arxiv(value: str) -> list[Identifier]:
    return [Identifier("arxiv", value)]


@pytest.mark.parametrize(("item", "expected"), [
    # the example
    (work("On the difficulty of training recurrent neural networks",
          [{"family": "Pascanu", "given": "Razvan"}, {"family": "Mikolov"}], 2012), "pascanu2012difficulty"),
    # stopwords: how, to
    (work("How to Construct Deep Recurrent Neural Networks", [{"family": "Pascanu"}], 2013),
     "pascanu2013construct"),
    (work("Long Short-Term Memory", [{"family": "Hochreiter"}, {"family": "Schmidhuber"}], 1997),
     "hochreiter1997long"),
    # hyphenated title word splits; leading article skipped
    (work("Sequence-to-Sequence Learning", [{"family": "Sutskever"}], 2014), "sutskever2014sequence"),
    (work("A Critical Review of Recurrent Neural Networks", [{"family": "Lipton"}], 2015),
     "lipton2015critical"),
    # particles: unsplit family (BibTeX von part) and CSL particle fields give the same key
    (work("Visualizing Data using t-SNE", [{"family": "van der Maaten", "given": "Laurens"}], 2008),
     "maaten2008visualizing"),
    (work("Visualizing Data using t-SNE",
          [{"family": "Maaten", "non-dropping-particle": "van der", "given": "Laurens"}], 2008),
     "maaten2008visualizing"),
    (work("Gradient flow", [{"family": "Humboldt", "dropping-particle": "von"}], 1801),
     "humboldt1801gradient"),
    # a capitalised prefix is part of the family name
    (work("Handwritten digits", [{"family": "Le Cun", "given": "Yann"}], 1990), "lecun1990handwritten"),
    # diacritics and letters NFKD keeps
    (work("Gated Feedback Recurrent Neural Networks", [{"family": "Gülçehre", "given": "Çağlar"}], 2015),
     "gulcehre2015gated"),
    (work("Über Lernen", [{"family": "Kaiser", "given": "Łukasz"}], 2016), "kaiser2016uber"),
    (work("Neural GPUs", [{"family": "Łukasiewicz"}], 2016), "lukasiewicz2016neural"),
    (work("Søren's Straße", [{"family": "Kierkegaard-Østergård"}], 2001), "kierkegaardostergard2001sorens"),
    (work("Ærø", [{"family": "Weiß"}], 2001), "weiss2001aero"),
    (work("Irish names", [{"family": "O'Brien"}], 2001), "obrien2001irish"),
    # corporate (literal) authors: first significant word
    (work("AlphaGo", [{"literal": "Google DeepMind"}], 2016), "google2016alphago"),
    (work("Theano: A Python framework", [{"literal": "The Theano Development Team"}], 2016),
     "theano2016theano"),
    # no author: first title word, year, second title word
    (work("Understanding LSTM Networks", year=2015), "understanding2015lstm"),
    (work("The Unreasonable Effectiveness of Recurrent Neural Networks", [], 2015),
     "unreasonable2015effectiveness"),
    (work("Tutorials"), "tutorials"),
    # no year
    (work("On the difficulty of training recurrent neural networks", [{"family": "Pascanu"}]),
     "pascanudifficulty"),
    # year from other date shapes
    (work("Deep", [{"family": "Smith"}], issued={"raw": "2019-05-01"}), "smith2019deep"),
    (work("Deep", [{"family": "Smith"}], issued={"date-parts": [["2020", "1"]]}), "smith2020deep"),
    # editors when there is no author
    (work("Handbook of Things", year=2001, editor=[{"family": "Editor"}]), "editor2001handbook"),
    # a title with only stopwords / short words still gives a word
    (work("On It", [{"family": "Doe"}], 2000), "doe2000on"),
    # CJK title with a Latin author: author and year
    (work("深度学习", [{"family": "Zhang"}], 2016), "zhang2016"),
])
def test_base_key(item: Work, expected: str) -> None:
    assert base_key(item) == expected


def test_cjk_title_without_author_gets_identity_hash_key() -> None:
    item = work("循环神经网络简介", year=2016, ids=arxiv("1601.00001"))
    expected = "work-" + hashlib.sha1(b"arxiv:1601.00001").hexdigest()[:6]
    assert base_key(item) == expected
    other_author = work("循环神经网络简介", [{"family": "李"}], 2016, ids=arxiv("1601.00001"))
    assert base_key(other_author) == expected


def test_keys_are_ascii_and_bibtex_safe() -> None:
    items = [work("Ünïcödé — “quoted” & {braced} %", [{"family": "Ñúñez"}], 2001), work("", [], None)]
    for item in items:
        assert re.fullmatch(r"[a-z0-9-]+", base_key(item))


@pytest.mark.parametrize(("text", "expected"), [
    ("Gülçehre", "gulcehre"), ("Łukasz", "lukasz"), ("Ørsted", "orsted"), ("Straße", "strasse"),
    ("Œuvre", "oeuvre"), ("ﬁnite", "finite"), ("李", ""),
])
def test_fold_ascii(text: str, expected: str) -> None:
    assert fold_ascii(text) == expected


@pytest.mark.parametrize(("n", "expected"), [(0, ""), (1, "a"), (2, "b"), (26, "z"), (27, "aa"), (28, "ab"),
                                            (52, "az"), (53, "ba"), (702, "zz"), (703, "aaa")])
def test_suffix(n: int, expected: str) -> None:
    assert suffix(n) == expected


def chen_works() -> list[Work]:
    """Three works with the same base key chen2014deep and one other."""
    return [
        work("Deep Learning for X", [{"family": "Chen"}], 2014, ids=arxiv("1409.0002")),
        work("Deep Nets", [{"family": "Chen"}], 2014, ids=[Identifier("doi", "10.1000/Chen")]),
        work("Deep Learning for Y", [{"family": "Chen"}], 2014, ids=arxiv("1409.0001")),
        work("Other", [{"family": "Graves"}], 2013, ids=arxiv("1308.0850")),
    ]


def keys_by_identity(works: list[Work]) -> dict[str, str]:
    return {work_identity(w): w.key for w in works}


def test_collisions_break_on_identity_not_input_order() -> None:
    works = chen_works()
    assign_keys(works, {})
    # arxiv:1409.0001 < arxiv:1409.0002 < doi:10.1000/chen
    assert [w.key for w in works] == ["chen2014deepa", "chen2014deepb", "chen2014deep", "graves2013other"]
    for seed in range(5):
        shuffled = chen_works()
        random.Random(seed).shuffle(shuffled)
        assign_keys(shuffled, {})
        assert keys_by_identity(shuffled) == keys_by_identity(works)


def test_inserting_unrelated_work_keeps_keys() -> None:
    works = chen_works()
    assign_keys(works, {})
    before = keys_by_identity(works)
    more = [*chen_works()[:2], work("Deep Other", [{"family": "Chen"}], 2015, ids=arxiv("1501.00001")),
            *chen_works()[2:]]
    assign_keys(more, {})
    after = keys_by_identity(more)
    assert {k: after[k] for k in before} == before
    assert after["arxiv:1501.00001"] == "chen2015deep"


def test_new_colliding_work_shifts_suffixes_without_lock_but_not_with_it() -> None:
    works = chen_works()
    lock = assign_keys(works, {})
    newcomer = work("Deep Early", [{"family": "Chen"}], 2014, ids=arxiv("1401.00001"))
    # without the lock the newcomer sorts first and takes the base key (the documented trade-off)
    unlocked = [*chen_works(), newcomer]
    assign_keys(unlocked, {})
    assert unlocked[-1].key == "chen2014deep"
    # with the lock every existing key stays and the newcomer gets the next free suffix
    locked = [*chen_works(), work("Deep Early", [{"family": "Chen"}], 2014, ids=arxiv("1401.00001"))]
    new_lock = assign_keys(locked, lock)
    assert [w.key for w in locked[:4]] == [w.key for w in works]
    assert locked[-1].key == "chen2014deepc"
    assert new_lock["arxiv:1401.00001"] == "chen2014deepc"


def test_lock_survives_title_change_and_new_identifier() -> None:
    original = work("Deep", [{"family": "Chen"}], 2014, ids=arxiv("1409.0001"))
    lock = assign_keys([original], {})
    assert lock == {"arxiv:1409.0001": "chen2014deep"}
    # resolution changed the title and year and added a DOI: the arXiv id still finds the lock entry
    changed = work("A Completely New Title", [{"family": "Chen"}], 2015,
                   ids=[Identifier("doi", "10.1/x"), Identifier("arxiv", "1409.0001")])
    assign_keys([changed], lock)
    assert changed.key == "chen2014deep"


def test_lock_matches_secondary_identity() -> None:
    blog = work("Understanding LSTM Networks", year=2015, URL="http://colah.github.io/posts/2015-08-Understanding-LSTMs/")
    lock = {"url:http://colah.github.io/posts/2015-08-Understanding-LSTMs/": "colah2015lstm"}
    new_lock = assign_keys([blog], lock)
    assert blog.key == "colah2015lstm"
    assert new_lock == {"title:understanding lstm networks": "colah2015lstm"}


def test_lock_keys_of_absent_works_stay_reserved() -> None:
    lock = {"arxiv:1409.0009": "chen2014deep"}
    works = [work("Deep", [{"family": "Chen"}], 2014, ids=arxiv("1409.0001"))]
    new_lock = assign_keys(works, lock)
    assert works[0].key == "chen2014deepa"
    assert new_lock == {"arxiv:1409.0009": "chen2014deep", "arxiv:1409.0001": "chen2014deepa"}


def test_explicit_keys_kept_when_unique() -> None:
    a = work("Deep", [{"family": "Chen"}], 2014, ids=arxiv("1409.0001"))
    a.extra["bibtex_key"] = "DBLP:journals/corr/Chen14"
    b = work("Deep", [{"family": "Chen"}], 2014, ids=arxiv("1409.0002"))
    b.extra["csl_id"] = "DBLP:journals/corr/Chen14"  # same explicit key: the first in stable order keeps it
    c = work("Zotero item", [{"family": "Doe"}], 2001, ids=arxiv("1409.0003"))
    c.extra["csl_id"] = "http://zotero.org/users/1/items/ABCD"  # not a citekey
    d = work("Numbered", [{"family": "Roe"}], 2001, ids=arxiv("1409.0004"))
    d.extra["csl_id"] = "12"  # a valid key, kept as the user's (issue 13)
    e = work("Taken", [{"family": "Poe"}], 2001, ids=arxiv("1409.0005"))
    e.extra["bibtex_key"] = "pinned"  # a key the lock gives to another present work
    f = work("Pinned", [{"family": "Moe"}], 2001, ids=arxiv("1409.0006"))
    assign_keys([a, b, c, d, e, f], {"arxiv:1409.0006": "pinned"})
    assert [x.key for x in (a, b, c, d, e, f)] == [
        "DBLP:journals/corr/Chen14", "chen2014deep", "doe2001zotero", "12", "poe2001taken",
        "pinned"]


def test_keys_unique_and_deterministic_over_many_collisions() -> None:
    works = [work("Same Title", [{"family": "Same"}], 2020, ids=arxiv(f"2001.{k:05d}"))
             for k in range(20_000)]
    # a work whose base key equals the 26th suffixed key of the big group: the base key wins
    works.append(work("", [{"family": "Same2020samez"}], ids=[Identifier("doi", "10.1/z")]))
    assign_keys(works, {})
    keys = [w.key for w in works]
    assert len(set(keys)) == len(keys)
    assert keys[0] == "same2020same" and keys[1] == "same2020samea" and keys[25] == "same2020samey"
    assert keys[26] == "same2020sameaa" and keys[-1] == "same2020samez"
    assert keys[-2] == "same2020same" + suffix(20_000)
    again = list(reversed(works))
    assign_keys(again, {})
    assert [w.key for w in works] == keys


def test_allocator_is_linear() -> None:
    allocator = KeyAllocator(taken={"x2020ya", "x2020yb"})
    keys = [allocator.allocate("x2020y") for _ in range(20_000)]
    assert len(set(keys)) == 20_000 and keys[:3] == ["x2020y", "x2020yc", "x2020yd"]
    assert allocator.probes == 20_000 + 2  # each candidate tried once; the two taken ones skipped once


# -- lock file -------------------------------------------------------------------
def test_lock_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    works = chen_works()
    lock = assign_keys(works, load_lock(str(path)))  # missing file = empty lock
    save_lock(str(path), lock)
    text = path.read_text(encoding="utf-8")
    assert text.endswith("\n") and json.loads(text) == lock
    assert list(json.loads(text)) == sorted(lock)
    assert load_lock(str(path)) == lock
    again = chen_works()
    random.Random(1).shuffle(again)
    assert assign_keys(again, load_lock(str(path))) == lock
    assert keys_by_identity(again) == keys_by_identity(works)


def test_lock_keeps_unicode_identities(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    save_lock(str(path), {"title:循环神经网络": "work-abcdef"})
    assert load_lock(str(path)) == {"title:循环神经网络": "work-abcdef"}


def test_empty_lock_file_is_empty_lock(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    path.write_text("\n", encoding="utf-8")
    assert load_lock(str(path)) == {}


@pytest.mark.parametrize(("text", "line", "words"), [
    ('{\n  "arxiv:1": "a",\n  "arxiv:2" "b"\n}\n', 3, "malformed"),
    ('[\n  "a"\n]\n', 1, "JSON object"),
    ('{\n  "arxiv:1": "a",\n  "arxiv:2": 3\n}\n', 3, "citekey"),
    ('{\n  "arxiv:1": "a",\n  "arxiv:2": "has space"\n}\n', 3, "citekey"),
    ('{\n  "arxiv:1": "a",\n  "arxiv:1": "b"\n}\n', 2, "twice"),
])
def test_corrupt_lock_is_input_error_with_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    path = tmp_path / "keys.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_lock(str(path))
    assert info.value.location == f"{path}:{line}"
    assert words in info.value.message


def test_unwritable_lock_is_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        save_lock(str(tmp_path / "missing-dir" / "keys.json"), {"a": "b"})
