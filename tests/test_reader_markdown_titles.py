"""Bold titles the reader once missed, label bullets after a paragraph that is not a title, and
block quotes: an entry's identifiers never land silently in the work above it, and every work has a
real source line."""

from __future__ import annotations

import pytest

from rnnbib.model import Work
from rnnbib.readers import ReadResult
from rnnbib.readers.markdown import read_markdown
from rnnbib.readers.md_ast import parse_blocks

A = "https://arxiv.org/abs/1406.6247"
B = "https://arxiv.org/abs/1512.03385"
CODE = "https://github.com/owner/repo"


def _read(text: str) -> ReadResult:
    result = read_markdown(text, "list.md")
    for work in result.works:
        assert work.sources and all(loc.line >= 1 for loc in work.sources), work.sources
    return result


def _ids(work: Work) -> list[str]:
    return [str(i) for i in work.identifiers]


def _urls(work: Work) -> list[str]:
    return [link.url for link in work.links]


# -- bold titles with links, images, no letter, broken markup -------------------------------------------

@pytest.mark.parametrize(("written", "title", "title_links"), [
    ("**Title <a href='https://x.org/'>y</a>**", "Title y", ["https://x.org/"]),
    ("**[click](http://x.org/) Title**", "click Title", ["http://x.org/"]),
    ("**Title <http://x.org/> z**", "Title z", ["http://x.org/"]),  # the URL text is not title text
    ("**Title <img src=x onerror=alert(1)> z**", "Title z", []),
    ("**{%}&$# @ 18**", "{%}&$# @ 18", []),
    ("**a b **", "a b", []),  # not bold in CommonMark (space before the closing **)
    ("__a b __", "a b", []),
    ("** Spaced title**", "Spaced title", []),
    ("**Unclosed bold title", "Unclosed bold title", []),
    ("**Title [pdf](https://example.org/t.pdf)**", "Title", ["https://example.org/t.pdf"]),
])
def test_bold_title_lines_are_titles(written: str, title: str, title_links: list[str]) -> None:
    text = f"**Previous Paper**\n\n- arxiv: {A}\n\n{written}\n\n- arxiv: {B}\n- github: {CODE}\n"
    result = _read(text)
    assert [w.list_title for w in result.works] == ["Previous Paper", title]
    first, second = result.works
    assert _ids(first) == ["arxiv:1406.6247"] and _urls(first) == [A]
    assert _ids(second) == ["arxiv:1512.03385", "github:owner/repo"]
    assert _urls(second) == [*title_links, B, CODE]
    assert second.sources[0].line == 5
    assert not result.problems


def test_a_title_made_of_links_keeps_them_and_stands_alone() -> None:
    result = _read("**[Title](https://example.org/t)** **[pdf](https://example.org/t.pdf)**\n")
    assert [w.list_title for w in result.works] == ["Title"]
    work = result.works[0]
    assert _urls(work) == ["https://example.org/t", "https://example.org/t.pdf"]
    assert [link.label for link in work.links] == ["", "pdf"]


def test_a_weak_title_takes_label_bullets_only() -> None:
    # `**[Survey](url)**` over a list of one-line entries is not their title: they stay works of their own.
    text = (f"**[Survey](https://example.org/s)**\n\n- [Deep Residual Learning]({A}) - a description\n"
            f"- [Visual Attention]({B}) - another one\n")
    result = _read(text)
    assert [w.list_title for w in result.works] == ["Survey", "Deep Residual Learning", "Visual Attention"]
    assert [_urls(w) for w in result.works] == [["https://example.org/s"], [A], [B]]
    assert [w.sources[0].line for w in result.works] == [1, 3, 4]


def test_a_letterless_title_closes_the_entry_above() -> None:
    text = f"**Previous Paper**\n\n- arxiv: {A}\n\n**{{%}}**\n\n- [Visual Attention]({B}) - a description\n"
    result = _read(text)
    assert [w.list_title for w in result.works] == ["Previous Paper", "Visual Attention"]
    assert _urls(result.works[0]) == [A]
    # The letterless title itself had nothing after it: a reported skip, as for any bold title.
    assert [(p.kind, p.location.line if p.location else 0) for p in result.problems] == [("skip", 5)]


@pytest.mark.parametrize("number", ["**2015**", "**[3]**", "**12.**"])
def test_a_bold_number_is_not_a_title(number: str) -> None:
    result = _read(f"# Papers\n\n{number}\n\n- [Deep Residual Learning]({A}) - a description\n")
    assert [w.list_title for w in result.works] == ["Deep Residual Learning"]
    assert not result.problems


# -- label bullets after a paragraph that is not a title ------------------------------------------------

@pytest.mark.parametrize(("written", "title", "links"), [
    ("*Next Paper*", "Next Paper", []),
    ("Next Paper", "Next Paper", []),
    ("[Next Paper](https://example.org/next)", "Next Paper", ["https://example.org/next"]),
])
def test_a_one_line_paragraph_before_label_bullets_is_a_new_entry(written: str, title: str,
                                                                  links: list[str]) -> None:
    text = f"**Previous Paper**\n\n- arxiv: {A}\n\n{written}\n\n- arxiv: {B}\n- github: {CODE}\n"
    result = _read(text)
    assert [w.list_title for w in result.works] == ["Previous Paper", title]
    assert _urls(result.works[0]) == [A]
    assert _urls(result.works[1]) == [*links, B, CODE]
    assert result.works[1].sources[0].line == 5
    assert [(p.kind, p.location.line if p.location else 0) for p in result.problems] == [("warning", 5)]
    assert repr(title) in result.problems[0].message


@pytest.mark.parametrize("written", [
    "![figure](https://example.org/f.png)",  # no text to take as a title
    f"[{B}]({B})",  # a lone URL line: body of the entry above
    "A remark that goes on\nover two lines.",
])
def test_label_bullets_after_other_paragraphs_are_reported(written: str) -> None:
    text = f"**Previous Paper**\n\n- arxiv: {A}\n\n{written}\n\n- github: {CODE}\n"
    result = _read(text)
    assert [w.list_title for w in result.works] == ["Previous Paper"]
    bullet_line = text.split("\n").index(f"- github: {CODE}") + 1
    assert [(p.kind, p.location.line if p.location else 0) for p in result.problems] == [
        ("warning", bullet_line)]
    assert "(line 5)" in result.problems[0].message and "'Previous Paper'" in result.problems[0].message


@pytest.mark.parametrize("text", [
    f"**Title**\n\nA short description.\n\n- arxiv: {A}\n",  # description, then bullets
    f"**Title**\n\n![figure](https://example.org/f.png)\n\n- arxiv: {A}\n",
    f"**Title**\n\n- arxiv: {A}\n\nA remark after the bullets.\n",
    f"**Title**\n\n- arxiv: {A}\n\nA remark.\n\n# Next section\n\n- [Visual Attention]({B}) - text\n",
])
def test_ordinary_bodies_are_not_reported(text: str) -> None:
    result = _read(text)
    assert result.works[0].list_title == "Title" and _urls(result.works[0])[-1] == A
    assert not result.problems


def test_a_held_paragraph_followed_by_a_heading_stays_in_the_entry() -> None:
    result = _read(f"**Title**\n\n- arxiv: {A}\n\nClosing remark\n\n# Next\n")
    assert len(result.works) == 1
    assert result.works[0].notes == ["Closing remark"]
    assert not result.problems


# -- block quotes and lines -------------------------------------------------------------------------------

def test_quoted_entry_before_a_lazy_item_and_a_heading() -> None:
    result = _read(f"> **Quoted**\n> - paper: {A}\n- x\n# A")
    assert [(w.list_title, w.sources[0].line) for w in result.works] == [("Quoted", 1)]
    assert _ids(result.works[0]) == ["arxiv:1406.6247"]


def test_block_quote_stays_in_document_order() -> None:
    # mistune 3.4 alone gives list, block_quote, heading here.
    tokens = [t for t in parse_blocks(f"> **Quoted**\n> - paper: {A}\n- x\n# A") if t["type"] != "blank_line"]
    assert [(t["type"], t["_line"]) for t in tokens] == [("block_quote", 1), ("list", 3), ("heading", 4)]
    nested = [t for t in parse_blocks("> > **T**\n> > - a\n- x\n# H") if t["type"] != "blank_line"]
    assert [t["type"] for t in nested] == ["block_quote", "list", "heading"]


@pytest.mark.parametrize("quoted", [f"> **Quoted Paper**\n> - arxiv: {B}\n", f"> **Quoted Paper**\n> [{B}]({B})\n"])
def test_quoted_entries_after_an_entry(quoted: str) -> None:
    result = _read(f"**Previous Paper**\n- arxiv: {A}\n\n{quoted}")
    assert [(w.list_title, w.sources[0].line, _urls(w)) for w in result.works] == [
        ("Previous Paper", 1, [A]), ("Quoted Paper", 4, [B])]


def test_a_quote_inside_an_entry_is_its_body() -> None:
    result = _read(f"**Title**\n\n> An abstract, quoted.\n\n- arxiv: {A}\n")
    assert [(w.list_title, w.notes, _urls(w)) for w in result.works] == [("Title", ["An abstract, quoted."], [A])]


def test_a_block_is_not_located_inside_the_text_before_it() -> None:
    # "x" occurs in the paragraph's second line; the list item is on line 4.
    tokens = parse_blocks("Some text\nabout x\n\n- x\n")
    assert [(t["type"], t.get("_line")) for t in tokens if t["type"] != "blank_line"] == [
        ("paragraph", 1), ("list", 4)]
    # Table cells on one line are still found one after the other.
    table = parse_blocks("| a | a |\n|---|---|\n| b | b |\n")[0]
    rows = [row for part in table["children"] for row in part["children"]
            if part["type"] == "table_body"]
    assert [row["_line"] for row in rows] == [3]
