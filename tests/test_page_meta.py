"""Page metadata extraction (:mod:`rnnbib.online.page_meta`) on pages written in the markup of real sites."""

from __future__ import annotations

from pathlib import Path

import pytest

from rnnbib.online.page_meta import PageMeta, extract
from rnnbib.online.page_values import looks_like_person, parse_date

PAGES = Path(__file__).resolve().parent / "data" / "pages"


def page(name: str, url: str) -> PageMeta:
    return extract((PAGES / name).read_text("utf-8"), url)


def authors(meta: PageMeta) -> list[str]:
    return [f"{a.get('given', '')} {a['family']}".strip() for a in meta.value("author") or []]


def source(meta: PageMeta, name: str) -> str:
    return meta.fields[name][1]


def test_jekyll_seo_tag_json_ld() -> None:
    meta = page("jekyll-echen.html", "http://blog.echen.me/2017/05/30/exploring-lstms/")
    assert authors(meta) == ["Edwin Chen"] and source(meta, "author") == "page:json-ld"
    assert meta.value("issued") == {"date-parts": [[2017, 5, 30]]}
    assert meta.value("container-title") == "Edwin Chen’s Blog" and source(meta, "container-title") == "page:og"
    assert meta.value("type") == "post-weblog"
    assert meta.value("language") == "en-US"


def test_wordpress_yoast_graph_resolves_author_reference() -> None:
    meta = page("wordpress-wildml.html",
                "http://www.wildml.com/2015/09/recurrent-neural-networks-tutorial-part-1-introduction-to-rnns/")
    assert authors(meta) == ["Denny Britz"]
    assert meta.value("issued") == {"date-parts": [[2015, 9, 17]]}
    assert meta.value("title") == "Recurrent Neural Networks Tutorial, Part 1 – Introduction to RNNs"
    assert meta.value("container-title") == "WildML"


def test_medium_person_not_publisher() -> None:
    meta = page("medium-hallstrom.html", "https://medium.com/@erikhallstrm/hello-world-rnn-83cd7105b767")
    assert authors(meta) == ["Erik Hallström"]
    assert meta.value("issued") == {"date-parts": [[2016, 11, 10]]}
    assert meta.value("container-title") == "Medium"
    assert meta.value("type") is None  # Medium calls every post a NewsArticle: no type is read from it


def test_blogger_microdata() -> None:
    meta = page("blogger-notes.html", "http://rnn-notes.blogspot.com/2016/03/gated-recurrent-units.html")
    assert authors(meta) == ["Maria Gonzalez"] and source(meta, "author") == "page:microdata"
    assert meta.value("issued") == {"date-parts": [[2016, 3, 15]]}


def test_distill_highwire_tags_and_declared_doi() -> None:
    meta = page("distill-augmented-rnns.html", "http://distill.pub/2016/augmented-rnns/")
    assert authors(meta) == ["Chris Olah", "Shan Carter"] and source(meta, "author") == "page:citation"
    assert meta.value("issued") == {"date-parts": [[2016, 9, 8]]}
    assert (meta.value("container-title"), meta.value("volume"), meta.value("issue")) == ("Distill", "1", "9")
    assert [(str(i), s) for i, s in meta.identifiers] == [("doi:10.23915/distill.00001", "page:citation")]


@pytest.mark.parametrize(("name", "url", "kind", "pages"), [
    ("pmlr-jozefowicz15.html", "https://proceedings.mlr.press/v37/jozefowicz15.html", "paper-conference", "2342-2350"),
    ("neurips-5346.html", "http://papers.nips.cc/paper/5346-sequence-to-sequence-learning-with-neural-networks",
     "article-journal", "3104-3112"),
])
def test_proceedings_pages(name: str, url: str, kind: str, pages: str) -> None:
    meta = page(name, url)
    assert len(authors(meta)) == 3 and authors(meta)[0] in ("Rafal Jozefowicz", "Ilya Sutskever")
    assert meta.value("type") == kind and meta.value("page") == pages
    assert meta.value("issued")["date-parts"][0][0] in (2014, 2015)


def test_title_and_meta_author_only() -> None:
    meta = page("title-author-colah.html", "http://colah.github.io/posts/2015-08-Understanding-LSTMs/")
    assert authors(meta) == ["Christopher Olah"] and source(meta, "author") == "page:meta"
    assert meta.value("title") == "Understanding LSTM Networks"


@pytest.mark.parametrize(("name", "url", "who"), [
    ("personal-apaszke.html", "http://apaszke.github.io/lstm-explained.html", "Adam Paszke"),
    ("jekyll-karpathy.html", "http://karpathy.github.io/2015/05/21/rnn-effectiveness/", "Andrej Karpathy"),
    ("byline-smerity.html", "http://smerity.com/articles/2016/orthogonal_init.html", "Stephen Merity"),
])
def test_personal_site_and_byline(name: str, url: str, who: str) -> None:
    assert authors(page(name, url)) == [who]


def test_personal_site_needs_the_name_in_the_url() -> None:
    text = (PAGES / "personal-apaszke.html").read_text("utf-8")
    assert extract(text, "http://example.org/lstm-explained.html").value("author") is None


def test_site_name_is_never_an_author() -> None:
    html = ('<html><head><title>Post</title><meta property="og:site_name" content="Deep Learning News">'
            '<meta name="author" content="Deep Learning News"></head><body></body></html>')
    assert extract(html, "http://dlnews.example/post").value("author") is None
    html = html.replace('content="Deep Learning News">\n', "").replace(
        '<meta name="author" content="Deep Learning News">', '<meta name="author" content="WildML Staff">')
    assert extract(html, "http://dlnews.example/post").value("author") is None


def test_parked_domain() -> None:
    assert page("parked.html", "http://jiwonkim.org/awesome-rnn/").parked
    assert not page("jekyll-echen.html", "http://blog.echen.me/").parked


def test_script_and_markup_in_values_are_dropped() -> None:
    html = ('<html><head><title>T</title>'
            '<meta name="citation_title" content="&lt;script&gt;alert(1)&lt;/script&gt;Real &lt;b&gt;Title&lt;/b&gt;">'
            '<meta name="citation_author" content="&lt;img src=x onerror=alert(1)&gt;Doe, Jane">'
            '<meta name="citation_author" content="javascript:alert(1)">'
            '</head><body></body></html>')
    meta = extract(html, "http://x.example/p")
    assert meta.value("title") == "Real Title"
    assert meta.value("author") == [{"given": "Jane", "family": "Doe"}]


def test_broken_json_ld_does_not_hide_the_others() -> None:
    html = ('<html><head><script type="application/ld+json">{"@type": "BlogPosting", "author": </script>'
            '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "BlogPosting",'
            ' "author": {"@type": "Person", "name": "Ann Lee"}, "datePublished": "2016-02-03"}</script>'
            '<script type="application/ld+json">[[[[[[[[[[[[[[[[[[[[[[[[[[</script>'
            '</head><body></body></html>')
    meta = extract(html, "http://x.example/p")
    assert meta.value("author") == [{"given": "Ann", "family": "Lee"}]
    assert meta.value("issued") == {"date-parts": [[2016, 2, 3]]}


def test_organisation_authors_are_not_people() -> None:
    html = ('<html><head><script type="application/ld+json">{"@type": "Article", "headline": "H",'
            ' "author": [{"@type": "Organization", "name": "Acme Research"}, {"@type": "Person", "name": "Bo Chen"}]}'
            '</script></head><body></body></html>')
    assert extract(html, "http://x.example/p").value("author") == [{"given": "Bo", "family": "Chen"}]


def test_meta_refresh_target() -> None:
    html = '<html><head><meta http-equiv="refresh" content="0; url=/new-place/"></head><body></body></html>'
    assert extract(html, "http://x.example/old/").refresh == "http://x.example/new-place/"
    html = '<html><head><meta http-equiv="refresh" content="0; url=javascript:alert(1)"></head></html>'
    assert extract(html, "http://x.example/old/").refresh is None


@pytest.mark.parametrize(("text", "parts"), [
    ("2017-05-30T00:00:00+00:00", [2017, 5, 30]), ("2016/09/08", [2016, 9, 8]), ("2014", [2014]),
    ("May 30, 2017", [2017, 5, 30]), ("March 2016", [2016, 3]),
])
def test_parse_date(text: str, parts: list[int]) -> None:
    assert parse_date(text) == {"date-parts": [parts]}


@pytest.mark.parametrize(("text", "ok"), [
    ("Adam Paszke", True), ("Quoc V. Le", True), ("Vincent van Gogh", True), ("Deep Learning", False),
    ("Machine Learning Mastery", False), ("Edwin", False), ("the blog of someone", False),
])
def test_looks_like_person(text: str, ok: bool) -> None:
    assert looks_like_person(text) is ok
