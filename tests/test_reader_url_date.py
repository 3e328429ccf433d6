"""Blog and web page dates read from their URL path when the list gives none."""

from __future__ import annotations

import pytest

from rnnbib.readers.markdown import read_markdown
from rnnbib.readers.md_build import url_date

CASES = [
    ("http://karpathy.github.io/2015/05/21/rnn-effectiveness/", [2015, 5, 21]),
    ("http://www.wildml.com/2015/09/recurrent-neural-networks-tutorial-part-1/", [2015, 9]),
    ("http://colah.github.io/posts/2015-08-Understanding-LSTMs/", [2015, 8]),
    ("https://handong1587.github.io/deep_learning/2015/10/09/rnn-and-lstm.html", [2015, 10, 9]),
    ("https://example.org/2015/13/01/not-a-month/", None),
    ("https://example.org/1815/05/old/", None),
    ("https://example.org/posts/12015/05/", None),
    ("https://example.org/a-2015/", None),
]


@pytest.mark.parametrize(("url", "expected"), CASES)
def test_url_date(url: str, expected: list[int] | None) -> None:
    assert url_date(url) == expected


def test_blog_gets_date_from_url_but_papers_do_not() -> None:
    text = (
        "**The Unreasonable Effectiveness of Recurrent Neural Networks**\n\n"
        "- blog: [http://karpathy.github.io/2015/05/21/rnn-effectiveness/](http://karpathy.github.io/2015/05/21/rnn-effectiveness/)\n\n"
        "**A paper with a dated PDF path**\n\n"
        "- paper: [http://example.org/2016/01/paper.pdf](http://example.org/2016/01/paper.pdf)\n\n"
        "**Dated by its intro**\n\n"
        "- blog: [http://example.org/2015/05/post/](http://example.org/2015/05/post/)\n"
        "- intro: NIPS 2016\n"
    )
    works = read_markdown(text, "list.md").works
    assert works[0].csl["issued"] == {"date-parts": [[2015, 5, 21]]}
    assert works[0].provenance["issued"] == "list"
    assert "issued" not in works[1].csl or works[1].csl["issued"] != {"date-parts": [[2016, 1]]}
    assert works[2].csl["issued"] == {"date-parts": [[2016]]}
