"""citation-js (an independent RIS/BibTeX parser, npm @citation-js/*) reads rnnbib's RIS and BibTeX.

Per work, the type, title, authors, year, DOI, URL and container must survive
the trip CSL -> rnnbib writer -> citation-js -> CSL.  Needs node and the pinned
npm packages (see tests/nodeutil.py); skipped without them, failing instead
when RNNBIB_REQUIRE_CLIENTS=1.
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from typing import Any

import pytest
from figures import record
from nodeutil import citationjs_parse

from rnnbib.model import Link, Work
from rnnbib.writers import WriteOptions, get_writer
from rnnbib.writers.ris import clean_value, write_ris

pytestmark = pytest.mark.node


def _work(key: str, **csl: Any) -> Work:
    csl = {k.replace("_", "-") if k not in ("DOI", "URL") else k: v for k, v in csl.items()}
    return Work(csl=csl, key=key)


def _name(family: str, given: str = "", **extra: str) -> dict[str, str]:
    name = {"family": family, **extra}
    if given:
        name["given"] = given
    return name


def sample_works() -> list[Work]:
    """One hand-built work per CSL type rnnbib writes, with hostile and non-ASCII values."""
    works = [
        _work(
            "hochreiter1997long",
            type="article-journal",
            title="Long Short-Term Memory",
            author=[_name("Hochreiter", "Sepp"), _name("Schmidhuber", "Jürgen")],
            issued={"date-parts": [[1997, 11, 15]]},
            container_title="Neural Computation",
            volume="9",
            issue="8",
            page="1735-1780",
            DOI="10.1162/neco.1997.9.8.1735",
            URL="https://doi.org/10.1162/neco.1997.9.8.1735",
        ),
        _work(
            "sutskever2014sequence",
            type="paper-conference",
            title="Sequence to Sequence Learning with Neural Networks",
            author=[_name("Sutskever", "Ilya"), _name("Vinyals", "Oriol"), _name("Le", "Quoc V.")],
            issued={"date-parts": [[2014]]},
            container_title="Advances in Neural Information Processing Systems 27",
            event_title="NIPS 2014",
            page="3104-3112",
            URL="https://papers.nips.cc/paper/5346-sequence-to-sequence-learning",
        ),
        _work(
            "oord2016wavenet",
            type="article",
            title="WaveNet: A Generative Model for Raw Audio",
            author=[
                _name("Oord", "Aäron", **{"non-dropping-particle": "van den"}),
                _name("Dieleman", "Sander"),
                {"literal": "Google DeepMind"},
            ],
            issued={"date-parts": [[2016, 9]]},
            number="arXiv:1609.03499",
            publisher="arXiv",
            DOI="10.48550/arXiv.1609.03499",
            URL="https://arxiv.org/abs/1609.03499",
        ),
        _work(
            "karpathy2015charrnn",
            type="software",
            title="char-rnn",
            author=[_name("Karpathy", "Andrej")],
            issued={"date-parts": [[2015]]},
            publisher="GitHub",
            URL="https://github.com/karpathy/char-rnn",
        ),
        _work(
            "olah2015understanding",
            type="post-weblog",
            title="Understanding LSTM Networks",
            author=[_name("Olah", "Christopher")],
            issued={"date-parts": [[2015, 8, 27]]},
            container_title="colah's blog",
            URL="https://colah.github.io/posts/2015-08-Understanding-LSTMs/",
        ),
        _work(
            "cs231n",
            type="webpage",
            title="CS231n: Convolutional Neural Networks for Visual Recognition",
            issued={"date-parts": [[2016]]},
            container_title="Stanford University",
            URL="http://cs231n.stanford.edu/",
        ),
        _work(
            "graves2008supervised",
            type="thesis",
            title="Supervised Sequence Labelling with Recurrent Neural Networks",
            author=[_name("Graves", "Alex")],
            issued={"date-parts": [[2008]]},
            publisher="Technische Universität München",
            genre="PhD thesis",
        ),
        _work(
            "goodfellow2016deep",
            type="book",
            title="Deep Learning",
            author=[_name("Goodfellow", "Ian"), _name("Bengio", "Yoshua"), _name("Courville", "Aaron")],
            issued={"date-parts": [[2016]]},
            publisher="MIT Press",
            URL="https://www.deeplearningbook.org/",
        ),
        _work(
            "lipton2015chapter",
            type="chapter",
            title="Recurrent Networks: A Critical Review",
            author=[_name("Lipton", "Zachary C.")],
            editor=[_name("Doe", "Jane")],
            issued={"date-parts": [[2015]]},
            container_title="Handbook of Sequence Models",
            publisher="Springer",
            page="1-38",
        ),
        _work(
            "hinton2013slides",
            type="speech",
            title="Lecture 10: Recurrent Neural Networks",
            author=[_name("Hinton", "Geoffrey")],
            issued={"date-parts": [[2013]]},
            genre="Slides",
            event_title="CSC321",
            URL="http://www.cs.toronto.edu/~hinton/csc2535/notes/lec10.pdf",
        ),
        _work(
            "karpathy2016video",
            type="motion_picture",
            title="CS231n Lecture 10 - Recurrent Neural Networks",
            author=[_name("Karpathy", "Andrej")],
            issued={"date-parts": [[2016, 2, 17]]},
            genre="Video",
            URL="https://www.youtube.com/watch?v=yCC09vCHzF8",
        ),
        _work(
            "ptb1993",
            type="dataset",
            title="Penn Treebank",
            author=[_name("Marcus", "Mitchell P.")],
            issued={"date-parts": [[1993]]},
            publisher="Linguistic Data Consortium",
            URL="https://catalog.ldc.upenn.edu/LDC99T42",
        ),
        _work(
            "jaeger2001echo",
            type="report",
            title="The “echo state” approach to analysing and training RNNs",
            author=[_name("Jaeger", "Herbert")],
            issued={"date-parts": [[2001]]},
            publisher="GMD",
            number="148",
            URL="https://example.org/jaeger2001.pdf",
        ),
        _work(
            "hostile2020",
            type="article-journal",
            title="50% of {RNNs} & <b>LSTMs</b>\nTY  - JOUR\r\nER  - $x_1$ # ~ ^ \\ @misc",
            author=[_name("Kaiser", "Łukasz"), _name("Çelik", "Søren")],
            issued={"date-parts": [[2020, 1]]},
            container_title="Journal of {Hostile} Input",
            DOI="10.1234/hostile.2020.1",
            URL="https://example.org/hostile?a=1&b=2",
        ),
    ]
    works[0].notes = ["intro: the LSTM paper"]
    works[0].sections = [("Papers", "Classic")]
    works[2].links = [Link("https://github.com/ibab/tensorflow-wavenet", "code", "github")]
    return works


# citation-js' reading of each RIS type rnnbib writes, where it differs from the CSL type written:
# an arXiv preprint is written as RPRT (see rnnbib.writers.ris), and citation-js reads RIS SLIDE as
# an audio-visual item (Zotero reads it as a presentation, the reason rnnbib uses it).
RIS_TYPE_AS_READ = {"article": "report", "speech": "motion_picture"}
# citation-js reads T2 of an ELEC (web page) record as collection-title; Zotero as the website title.
RIS_CONTAINER_AS_READ = {"webpage": "collection-title"}


def _norm(text: Any) -> str:
    text = re.sub(r"<[^>]+>", "", str(text))  # citation-js marks protected words as <span class="nocase">
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def _names(names: Any) -> list[str]:
    out = []
    for n in names or []:
        if "literal" in n:
            out.append(_norm(n["literal"]))
            continue
        family = " ".join(p for p in (n.get("non-dropping-particle"), n.get("family")) if p)
        given = " ".join(p for p in (n.get("given"), n.get("dropping-particle")) if p)
        out.append(_norm(f"{family}, {given}" if given else family))
    return out


def _year(item: dict[str, Any]) -> int | None:
    parts = (item.get("issued") or {}).get("date-parts") or [[None]]
    return int(parts[0][0]) if parts[0] and parts[0][0] is not None else None


def _compare(work: Work, got: dict[str, Any], *, container_key: str, expected_type: str | None) -> list[str]:
    csl = work.csl
    diffs = []
    checks: list[tuple[str, Any, Any]] = [
        ("title", clean_value(csl["title"]), _norm(got.get("title", ""))),
        ("author", _names(csl.get("author")), _names(got.get("author"))),
        ("year", _year(csl), _year(got)),
        ("DOI", csl.get("DOI"), got.get("DOI")),
        ("URL", csl.get("URL"), got.get("URL")),
    ]
    if expected_type is not None:
        checks.append(("type", expected_type, got.get("type")))
    if csl.get("container-title"):
        checks.append(("container", csl["container-title"], got.get(container_key)))
    for name, want, have in checks:
        if want != have and not (name == "title" and _norm(want) == have):
            diffs.append(f"{work.key} {name}: wrote {want!r}, citation-js read {have!r}")
    return diffs


def _by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {str(item.get("id")): item for item in items}


def test_citationjs_reads_rnnbib_ris() -> None:
    works = sample_works()
    items = _by_id(citationjs_parse(write_ris(works, WriteOptions()), "ris"))
    assert sorted(items) == sorted(w.key for w in works)
    diffs: list[str] = []
    for work in works:
        diffs += _compare(
            work,
            items[work.key],
            container_key=RIS_CONTAINER_AS_READ.get(work.type, "container-title"),
            expected_type=RIS_TYPE_AS_READ.get(work.type, work.type),
        )
    record(
        f"citation-js ris: {len(works) - len({d.split()[0] for d in diffs})}/{len(works)} works keep "
        "type, title, authors, year, DOI, URL, container"
    )
    assert not diffs, "\n".join(diffs)


def test_citationjs_reads_conference_event_and_preprint_fields_from_ris() -> None:
    works = sample_works()
    items = _by_id(citationjs_parse(write_ris(works, WriteOptions()), "ris"))
    conf = items["sutskever2014sequence"]
    assert conf.get("event-title", conf.get("event")) == "NIPS 2014"
    assert conf["container-title"] == "Advances in Neural Information Processing Systems 27"
    preprint = items["oord2016wavenet"]
    assert (preprint["publisher"], preprint["number"], preprint["genre"]) == (
        "arXiv",
        "arXiv:1609.03499",
        "Preprint",
    )
    assert items["karpathy2015charrnn"]["publisher"] == "GitHub"


# BibTeX types the issue fixes (article-journal -> @article, paper-conference -> @inproceedings,
# book, chapter, thesis); the other types are @misc in BibTeX and are checked on the biblatex side.
BIBTEX_TYPED = {"article-journal", "paper-conference", "book", "chapter", "thesis"}
BIBLATEX_TYPED = BIBTEX_TYPED | {"software", "webpage", "dataset"}


@pytest.mark.parametrize("flavour", ["bibtex", "biblatex"])
def test_citationjs_reads_rnnbib_bibtex(flavour: str) -> None:
    if importlib.util.find_spec("rnnbib.writers.bibtex") is None:
        pytest.skip("rnnbib.writers.bibtex is not written yet")
    works = sample_works()
    text = get_writer(flavour)(works, WriteOptions())
    items = _by_id(citationjs_parse(text, "bibtex"))
    assert sorted(items) == sorted(w.key for w in works)
    typed = BIBTEX_TYPED if flavour == "bibtex" else BIBLATEX_TYPED
    diffs: list[str] = []
    for work in works:
        container = (
            "container-title" if work.type in ("article-journal", "paper-conference", "chapter") else ""
        )
        if not container:
            work = Work(csl={k: v for k, v in work.csl.items() if k != "container-title"}, key=work.key)
        diffs += _compare(
            work,
            items[work.key],
            container_key=container or "container-title",
            expected_type=work.type if work.type in typed else None,
        )
    record(
        f"citation-js {flavour}: {len(works) - len({d.split()[0] for d in diffs})}/{len(works)} works keep "
        "title, authors, year, DOI, URL (+ type, container where BibTeX has them)"
    )
    assert not diffs, "\n".join(diffs)
