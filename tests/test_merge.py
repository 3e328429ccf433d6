"""Merging works that share an identifier (rnnbib.enrich.merge)."""

from __future__ import annotations

import pytest

from rnnbib.enrich.merge import identity_keys, merge_works, software_repo
from rnnbib.model import Identifier, Link, Location, Problem, Work

SEED = "rnn-and-lstm.md"


def paper(title: str, *ids: Identifier, line: int = 1, section: str = "S", **csl: object) -> Work:
    """A paper as the reader builds it (arXiv → article)."""
    return Work(csl={"title": title, "type": "article", **csl}, identifiers=list(ids),
                sections=[(section,)], sources=[Location(SEED, line)], list_title=title)


def repo(title: str, owner_repo: str, line: int = 1, url: str | None = None) -> Work:
    """A GitHub-only entry (→ software)."""
    url = url or f"https://github.com/{owner_repo}"
    return Work(csl={"title": title, "type": "software", "URL": url},
                identifiers=[Identifier("github", owner_repo)], links=[Link(url, "code", "github")],
                sections=[("Code",)], sources=[Location(SEED, line)], list_title=title)


def test_seed_visual_attention_pair_is_one_work() -> None:
    # examples/rnn-and-lstm.md lines 293 and 300, both under "# Attention Models".
    first = paper("Recurrent Models of Visual Attention", Identifier("arxiv", "1406.6247"), line=293,
                  section="Attention Models", URL="https://arxiv.org/abs/1406.6247", number="arXiv:1406.6247")
    first.notes = ["intro: Google DeepMind. NIPS 2014"]
    first.identifiers.append(Identifier("github", "Element-Research/rnn"))
    first.links = [
        Link("http://arxiv.org/abs/1406.6247", "paper", "arxiv"),
        Link("https://github.com/deepmind/mnist-cluttered", "data", "data"),
        Link("https://github.com/Element-Research/rnn/blob/master/examples/recurrent-visual-attention.lua",
             "code", "github"),
    ]
    second = paper("Recurrent Model of Visual Attention", Identifier("arxiv", "1406.6247"), line=300,
                   section="Attention Models", URL="https://arxiv.org/abs/1406.6247")
    second.notes = ["intro: Google DeepMind"]
    second.identifiers.append(Identifier("github", "element-research/rnn"))
    second.links = [
        Link("http://arxiv.org/abs/1406.6247", "paper", "paper"),
        Link("http://gitxiv.com/posts/ZEobCXSh23DE8a8mo/recurrent-models-of-visual-attention", "web",
             "gitxiv"),
        Link("http://torch.ch/blog/2015/09/21/rmva.html", "blog", "blog"),
        Link("https://github.com/Element-Research/rnn/blob/master/scripts/evaluate-rva.lua", "code",
             "github"),
    ]
    between = paper("Some other paper", Identifier("arxiv", "1502.03044"), line=297)

    works, problems = merge_works([first, between, second])

    assert works == [first, between]
    assert first.title == "Recurrent Models of Visual Attention"  # the first occurrence's fields win
    assert first.sections == [("Attention Models",)]  # same section path, kept once
    assert [x.url for x in first.links] == [
        "http://arxiv.org/abs/1406.6247",
        "https://github.com/deepmind/mnist-cluttered",
        "https://github.com/Element-Research/rnn/blob/master/examples/recurrent-visual-attention.lua",
        "http://gitxiv.com/posts/ZEobCXSh23DE8a8mo/recurrent-models-of-visual-attention",
        "http://torch.ch/blog/2015/09/21/rmva.html",
        "https://github.com/Element-Research/rnn/blob/master/scripts/evaluate-rva.lua",
    ]
    assert first.notes == ["intro: Google DeepMind. NIPS 2014", "intro: Google DeepMind"]
    assert [i.key for i in first.identifiers] == ["arxiv:1406.6247", "github:element-research/rnn"]
    assert first.sources == [Location(SEED, 293), Location(SEED, 300)]
    assert first.merged_from == [Location(SEED, 300)]
    assert len(problems) == 1
    problem = problems[0]
    assert problem.kind == "merge"
    assert problem.location == Location(SEED, 300)
    assert "Recurrent Model of Visual Attention" in problem.message
    assert "Recurrent Models of Visual Attention" in problem.message
    assert f"{SEED}:293" in problem.message and "arxiv:1406.6247" in problem.message


def test_section_paths_of_both_entries_are_kept() -> None:
    a = paper("A", Identifier("arxiv", "1406.6247", "v1"), line=10, section="Attention Models")
    b = paper("B", Identifier("arxiv", "1406.6247", "v2"), line=20, section="Papers")
    works, problems = merge_works([a, b])
    assert works == [a]
    assert a.sections == [("Attention Models",), ("Papers",)]
    assert len(problems) == 1


@pytest.mark.parametrize(("first", "second", "merged"), [
    (Identifier("arxiv", "1406.6247"), Identifier("arxiv", "1406.6247", "v3"), True),
    (Identifier("arxiv", "1406.6247", "v1"), Identifier("arxiv", "1406.6247", "v2"), True),
    (Identifier("arxiv", "1406.6247"), Identifier("arxiv", "1406.6248"), False),
    (Identifier("doi", "10.1162/neco.1997.9.8.1735"), Identifier("doi", "10.1162/NECO.1997.9.8.1735"), True),
    (Identifier("doi", "10.1000/a"), Identifier("doi", "10.1000/b"), False),
    (Identifier("pmlr", "v28/pascanu13"), Identifier("pmlr", "v28/pascanu13"), True),
    (Identifier("neurips", "5346"), Identifier("neurips", "5346"), True),
    (Identifier("cvf", "Donahue_Long-Term_Recurrent_2015_CVPR"),
     Identifier("cvf", "Donahue_Long-Term_Recurrent_2015_CVPR"), True),
    (Identifier("acl", "D14-1179"), Identifier("acl", "D14-1179"), True),
    (Identifier("openreview", "rJY0-Kcll"), Identifier("openreview", "rJY0-Kcll"), True),
    (Identifier("arxiv", "1406.6247"), Identifier("doi", "10.48550/arXiv.1406.6248"), False),
])
def test_identifier_kinds_that_merge(first: Identifier, second: Identifier, merged: bool) -> None:
    works, problems = merge_works([paper("one", first, line=1), paper("two", second, line=2)])
    assert len(works) == (1 if merged else 2)
    assert [p.kind for p in problems] == (["merge"] if merged else [])


def test_doi_case_kept_from_first_and_version_fills_gap() -> None:
    a = paper("A", Identifier("doi", "10.1162/neco.1997.9.8.1735"), Identifier("arxiv", "1406.6247"), line=1)
    b = paper("B", Identifier("doi", "10.1162/NECO.1997.9.8.1735"), Identifier("arxiv", "1406.6247", "v2"),
              line=2)
    works, _ = merge_works([a, b])
    assert works == [a]
    assert [str(i) for i in a.identifiers] == ["doi:10.1162/neco.1997.9.8.1735", "arxiv:1406.6247v2"]


def test_transitive_merge_reports_each_later_work() -> None:
    # A~C by arXiv, B~C by DOI: B is tied to the group only through C.
    a = paper("A", Identifier("arxiv", "1409.0473"), line=1)
    b = paper("B", Identifier("doi", "10.1000/xyz"), line=2)
    other = paper("Other", Identifier("arxiv", "1409.3215"), line=3)
    c = paper("C", Identifier("arxiv", "1409.0473"), Identifier("doi", "10.1000/XYZ"), line=4)
    works, problems = merge_works([a, b, other, c])
    assert works == [a, other]
    assert {i.key for i in a.identifiers} == {"arxiv:1409.0473", "doi:10.1000/xyz"}
    assert a.merged_from == [Location(SEED, 2), Location(SEED, 4)]
    assert [p.location for p in problems] == [Location(SEED, 2), Location(SEED, 4)]
    assert "'B'" in problems[0].message and "'A'" in problems[0].message
    assert "doi:10.1000/xyz" in problems[0].message.lower() and "'C'" in problems[0].message
    assert "arxiv:1409.0473" in problems[1].message


def test_chain_in_reverse_order_keeps_first_position() -> None:
    x = paper("X", Identifier("doi", "10.1/x"), line=1)
    y = paper("Y", Identifier("doi", "10.1/y"), line=2)
    xy = paper("XY", Identifier("doi", "10.1/x"), Identifier("doi", "10.1/y"), line=3)
    works, problems = merge_works([y, x, xy])
    assert works == [y]
    assert y.title == "Y" and len(problems) == 2


def test_papers_sharing_a_code_repo_are_not_merged() -> None:
    code_link = Identifier("github", "karpathy/char-rnn")
    a = paper("Paper one", Identifier("arxiv", "1506.02078"), code_link, line=1)
    b = paper("Paper two", Identifier("arxiv", "1503.04069"), code_link, line=2)
    code = repo("char-rnn", "karpathy/char-rnn", line=3)
    works, problems = merge_works([a, b, code])
    assert works == [a, b, code]
    assert problems == []


def test_paper_without_paper_id_but_with_code_link_is_not_software() -> None:
    blog_a = Work(csl={"title": "A blog", "type": "post-weblog", "URL": "http://blog.example/a"},
                  identifiers=[Identifier("github", "o/r")], sources=[Location(SEED, 1)])
    blog_b = Work(csl={"title": "B blog", "type": "post-weblog", "URL": "http://blog.example/b"},
                  identifiers=[Identifier("github", "o/r")], sources=[Location(SEED, 2)])
    assert software_repo(blog_a) is None
    works, problems = merge_works([blog_a, blog_b])
    assert len(works) == 2 and problems == []


def test_software_only_duplicates_merge_case_insensitively() -> None:
    a = repo("char-rnn", "karpathy/char-rnn", line=5)
    b = repo("Char RNN (Torch)", "Karpathy/Char-RNN", line=50,
             url="https://github.com/Karpathy/Char-RNN/tree/master")
    c = repo("gist", "abc123", line=60)
    works, problems = merge_works([a, b, c])
    assert works == [a, c]
    assert a.sections == [("Code",)]
    assert a.merged_from == [Location(SEED, 50)]
    assert len(problems) == 1 and "github:Karpathy/Char-RNN" in problems[0].message


def test_software_identity_is_its_own_repo_not_related_ones() -> None:
    # A repo entry that also links a port: the port is related code, not its identity.
    main = repo("tf-seq2seq", "google/seq2seq", line=1)
    main.identifiers.append(Identifier("github", "someone/port"))
    port = repo("port", "someone/port", line=2)
    assert software_repo(main) == Identifier("github", "google/seq2seq")
    works, _ = merge_works([main, port])
    assert len(works) == 2


def test_bare_repo_with_github_url_counts_as_software() -> None:
    # e.g. from a .bib @misc whose url is the repository
    work = Work(csl={"title": "x", "type": "document", "URL": "https://github.com/o/r"},
                identifiers=[Identifier("github", "o/r")])
    assert software_repo(work) == Identifier("github", "o/r")
    assert [i.key for i in identity_keys(work)] == ["github:o/r"]


def test_first_fields_win_and_later_fill_gaps_with_provenance() -> None:
    a = paper("First title", Identifier("arxiv", "1308.0850"), line=1,
              issued={"date-parts": [[2013]]}, abstract="")
    a.provenance = {"title": "list", "issued": "list"}
    a.keywords = ["LSTM"]
    a.extra = {"venue_hint": "ICML 2013"}
    b = paper("Second title", Identifier("arxiv", "1308.0850"), line=2,
              issued={"date-parts": [[2014]]}, abstract="Abstract text.", author=[{"family": "Graves"}])
    b.provenance = {"title": "arxiv", "issued": "arxiv", "abstract": "arxiv", "author": "arxiv"}
    b.keywords = ["lstm", "handwriting"]
    b.extra = {"venue_hint": "other", "arxiv_class": "cs.NE"}
    b.problems = [Problem("title differs", Location(SEED, 2))]
    b.status = "resolved"
    works, _ = merge_works([a, b])
    assert works == [a]
    assert a.csl["title"] == "First title" and a.csl["issued"] == {"date-parts": [[2013]]}
    assert a.csl["abstract"] == "Abstract text." and a.csl["author"] == [{"family": "Graves"}]
    assert a.provenance == {"title": "list", "issued": "list", "abstract": "arxiv", "author": "arxiv"}
    assert a.keywords == ["LSTM", "handwriting"]
    assert a.extra == {"venue_hint": "ICML 2013", "arxiv_class": "cs.NE"}
    assert a.problems == b.problems
    assert a.list_title == "First title"
    assert a.status == "resolved"
    b.csl["author"][0]["family"] = "changed"
    assert a.csl["author"] == [{"family": "Graves"}]  # copied, not shared


def test_works_without_identifiers_never_merge() -> None:
    a = Work(csl={"title": "Same"}, sources=[Location(SEED, 1)])
    b = Work(csl={"title": "Same"}, sources=[Location(SEED, 2)])
    works, problems = merge_works([a, b])
    assert works == [a, b] and problems == []


def test_merged_from_accumulates_earlier_merges() -> None:
    a = paper("A", Identifier("arxiv", "1000.0001"), line=1)
    b = paper("B", Identifier("arxiv", "1000.0001"), line=2)
    b.merged_from = [Location("other.md", 9)]
    works, _ = merge_works([a, b])
    assert works[0].merged_from == [Location(SEED, 2), Location("other.md", 9)]


def test_large_input_merges_in_one_pass() -> None:
    # 100k works: pairs sharing an arXiv id, a long DOI chain, and one big software group.
    works: list[Work] = []
    for k in range(30_000):
        ident = Identifier("arxiv", f"15{k // 10000:02d}.{k % 10000:05d}")
        works.append(paper(f"p{k}", ident, line=2 * k))
        works.append(paper(f"q{k}", Identifier("arxiv", ident.value, "v2"), line=2 * k + 1))
    for k in range(20_000):
        works.append(paper(f"c{k}", Identifier("doi", f"10.1/{k}"), Identifier("doi", f"10.1/{k + 1}")))
    for k in range(20_000):
        works.append(repo(f"r{k}", "big/repo", line=k))
    merged, problems = merge_works(works)
    assert len(merged) == 30_000 + 1 + 1
    assert len(problems) == 30_000 + 19_999 + 19_999
    assert len(merged[30_000].identifiers) == 20_001
    assert len(merged[-1].sources) == 20_000


def _by(title: str, family: str, line: int) -> Work:
    return paper(title, Identifier("doi", "10.1000/same"), line=line, author=[{"family": family, "given": "A."}])


@pytest.mark.parametrize(("first", "second", "merged"), [
    (_by("Long Short-Term Memory", "Hochreiter", 1), _by("{Long short-term memory}", "Hochreiter", 2), True),
    (_by("The Trouble with Login", "Bardram", 1),
     _by("The Trouble with Login: On Usability and Computer Security", "Bardram", 2), True),
    (_by("Visualizing Data using t-SNE", "van der Maaten", 1), _by("Visualizing data using t-SNE", "Maaten", 2),
     True),
    (_by("Deep Learning for Rocks", "Alpha", 1), _by("A Completely Different Paper on Oceans", "Zeta", 2), False),
    (_by("Deep Learning for Rocks", "Alpha", 1), _by("Deep Learning for Rocks", "Zeta", 2), False),
    (_by("Deep Learning for Rocks", "Alpha", 1), _by("Oceans and Their Tides Today", "Alpha", 2), False),
    (_by("char-rnn", "Karpathy", 1), _by("The Unreasonable Effectiveness of RNNs", "Karpathy", 2), True),
])
def test_sharing_an_identifier_merges_only_when_titles_and_first_authors_agree(
        first: Work, second: Work, merged: bool) -> None:
    works, problems = merge_works([first, second])
    assert len(works) == (1 if merged else 2)
    assert [p.kind for p in problems] == (["merge"] if merged else ["conflict"])
    if not merged:
        assert problems[0].location == Location(SEED, 2)
        assert first.problems[-1].kind == "conflict" and second.problems[-1].kind == "conflict"
