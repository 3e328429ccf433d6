"""Bullet labels of reading lists (``- github(Tensorflow): url``) and the role of each link.

A label is split into its name and qualifier, lower-cased, and mapped to a canonical label through a
table of known labels, with misspellings (``gihtub``, ``arixv``, ``atuhor``, ``inro``) corrected by
edit distance against the frequent labels (distance ≤ 2 catches every typo seen in real lists; short
labels get ≤ 1 and labels of three letters or fewer must match exactly).

Roles follow the shared conventions: ``paper`` (the link identifies the work), ``code``, ``blog``,
``project``, ``slides``, ``video``, ``data``, ``web``.  :func:`link_role` settles a label against the
link target: the target decides when it is a paper identifier or when the label disagrees with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["MarkdownLabel", "canonical_label", "link_role", "split_label", "url_role"]

TEXT = "text"  # labels whose value is text: intro, keywords, author ...

# canonical label -> role (or TEXT)
_ROLES: dict[str, str] = {
    # paper
    "arxiv": "paper", "paper": "paper", "pdf": "paper", "thesis": "paper", "openreview": "paper",
    "nips-page": "paper", "paper page": "paper", "preprint": "paper", "publication": "paper",
    "journal": "paper", "book": "paper", "ebook": "paper", "report": "paper", "tech report": "paper",
    "techreport": "paper", "ieee": "paper", "acm": "paper", "springer": "paper", "doi": "paper",
    "html": "paper", "abstract": "paper", "proceedings": "paper",
    # code
    "github": "code", "gitlab": "code", "bitbucket": "code", "code": "code", "gist": "code",
    "code+data": "code", "source code": "code", "source": "code", "software": "code",
    "implementation": "code", "caffe-pr": "code", "ipn": "code", "notebook": "code", "model": "code",
    "models": "code", "tensorflow": "code", "pytorch": "code", "caffe": "code", "keras": "code",
    "torch": "code", "mxnet": "code", "chainer": "code", "theano": "code", "matlab": "code",
    "github-wiki": "web",
    # blog
    "blog": "blog", "blogs": "blog", "post": "blog", "blog post": "blog", "zhihu": "blog",
    "medium": "blog", "csdn": "blog", "jianshu": "blog",
    # project
    "project page": "project", "project": "project", "projects": "project", "homepage": "project",
    "home page": "project", "website": "project", "web": "project", "page": "project",
    "course page": "project", "course": "project", "author page": "web", "author-page": "web",
    # slides
    "slides": "slides", "slide": "slides", "poster": "slides", "ppt": "slides", "lecture": "slides",
    # video
    "video": "video", "videos": "video", "youtube": "video", "youku": "video", "bilibili": "video",
    "vimeo": "video", "talk": "video", "talks": "video", "video talks": "video", "video talk": "video",
    "video lecture": "video", "video lectures": "video", "lecture video": "video", "spotlight": "video",
    # data
    "data": "data", "dataset": "data", "datasets": "data", "download": "data", "benchmark": "data",
    # web
    "notes": "web", "note": "web", "review": "web", "reviews": "web", "reddit": "web", "gitxiv": "web",
    "demo": "web", "mirror": "web", "summary": "web", "comments": "web", "comment": "web",
    "discussion": "web", "ref": "web", "resources": "web", "tutorial": "web", "tutorials": "web",
    "wiki": "web", "quora": "web", "twitter": "web", "tweet": "web", "kaggle": "web", "examples": "web",
    "syllabus": "web", "docs": "web", "doc": "web", "api": "web", "leaderboard": "web",
    "results": "web", "supp": "web", "supplementary": "web", "supplemental": "web", "lectures": "web",
    "translation": "web", "github issue": "web", "dropbox": "web", "weibo": "web", "hacker news": "web",
    "news": "web", "press": "web", "article": "web", "interview": "web", "podcast": "web",
    # text
    "intro": TEXT, "keywords": TEXT, "keyword": TEXT, "key word": TEXT, "key words": TEXT,
    "author": TEXT, "authors": TEXT, "instructor": TEXT, "instructors": TEXT, "affiliation": TEXT,
    "venue": TEXT, "conference": TEXT, "year": TEXT, "tldr": TEXT, "tl;dr": TEXT,
}
_ALIASES = {"keyword": "keywords", "key word": "keywords", "key words": "keywords", "authors": "author",
            "projects": "project page", "project": "project page", "home page": "homepage",
            "author-page": "author page", "slide": "slides", "blogs": "blog", "reviews": "review",
            "note": "notes", "instructors": "instructor"}
# Frequent labels that misspellings are corrected towards, most frequent first.
_TYPO_TARGETS = ("arxiv", "intro", "github", "blog", "paper", "project page", "keywords", "homepage",
                 "slides", "youtube", "code", "notes", "mirror", "demo", "video", "author", "reddit",
                 "bitbucket", "review", "gitxiv", "dataset", "website", "gitlab", "openreview", "thesis")
_PART = re.compile(r"part\s*(?:\d+|[ivx]+)", re.IGNORECASE)
_LABEL_NAME = re.compile(r"[A-Za-z][A-Za-z0-9 +\-_/.&;]{0,39}")
_QUOTES = "\"'“”‘’「」"


@dataclass(frozen=True, slots=True)
class MarkdownLabel:
    """A parsed label: ``written`` as in the list (qualifier included), ``name`` the canonical label,
    ``qualifier`` (``Tensorflow``, ``zh``, ``official, PyTorch``) and ``role`` (a link role, ``text``,
    or ``""`` for an unknown label)."""

    written: str
    name: str
    qualifier: str
    role: str


def _distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment edit distance (a transposition counts 1), cut off above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


@lru_cache(maxsize=4096)
def canonical_label(name: str) -> tuple[str, str]:
    """``(canonical label, role)`` of a label name (no qualifier); role ``""`` when unknown."""
    key = " ".join(name.lower().replace("_", " ").split())
    if key in _ROLES:
        return _ALIASES.get(key, key), _ROLES[key]
    if _PART.fullmatch(key):
        return key, "web"
    limit = 0 if len(key) <= 3 else 1 if len(key) <= 5 else 2
    best, best_d = "", limit + 1
    for target in _TYPO_TARGETS:
        d = _distance(key, target, limit)
        if d < best_d:
            best, best_d = target, d
    if best:
        return best, _ROLES[best]
    return key, ""


def split_label(text: str) -> tuple[MarkdownLabel, str] | None:
    """Split ``label(qualifier): value`` at the first colon outside brackets and quotes.

    Returns the label and the rest of the text, or None when the text does not start with a label
    (no colon, or what precedes it is not a short label name).
    """
    if ":" not in text and "：" not in text:
        return None
    depth = 0
    quote = ""
    for i, ch in enumerate(text):
        if quote:
            if ch == quote or (quote == "“" and ch == "”"):
                quote = ""
            continue
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch in "\"“" and depth > 0:
            quote = ch
        elif (ch == ":" or ch == "：") and depth <= 0:
            label = _parse_label(text[:i])
            return None if label is None else (label, text[i + 1:])
        elif i > 80:
            return None
    return None


@lru_cache(maxsize=4096)
def _parse_label(written: str) -> MarkdownLabel | None:
    written = written.strip().lstrip("-*+ ").strip()
    name, qualifier = written, ""
    paren = written.find("(")
    if paren < 0:
        paren = written.find("（")
    if paren > 0:
        name = written[:paren].strip()
        qualifier = written[paren + 1:].strip().rstrip(")）").strip().strip(_QUOTES).strip()
    if not _LABEL_NAME.fullmatch(name) or len(name.split()) > 4:
        return None
    canonical, role = canonical_label(name)
    return MarkdownLabel(written, canonical, qualifier, role)


# -- roles from link targets ----------------------------------------------------------------------

_CODE_HOSTS = ("gist.github.com", "gitlab.com", "bitbucket.org", "sourceforge.net", "code.google.com",
               "gitee.com", "colab.research.google.com", "nbviewer.jupyter.org", "nbviewer.org", "pypi.org",
               "github.com")
_VIDEO_HOSTS = ("youtube.com", "youtu.be", "vimeo.com", "bilibili.com", "youku.com", "videolectures.net",
                "techtalks.tv", "v.qq.com", "slideslive.com")
_SLIDES_HOSTS = ("slideshare.net", "speakerdeck.com", "slides.com")
_BLOG_HOSTS = ("medium.com", "blogspot.com", "wordpress.com", "jianshu.com", "zhuanlan.zhihu.com",
               "blog.csdn.net", "cnblogs.com", "towardsdatascience.com", "substack.com", "distill.pub",
               "tumblr.com", "hackernoon.com", "ghost.io", "blogspot.jp")
_DATA_HOSTS = ("kaggle.com/datasets", "zenodo.org", "figshare.com")


_HOST_ROLES = ({h: "code" for h in _CODE_HOSTS} | {h: "video" for h in _VIDEO_HOSTS}
               | {h: "slides" for h in _SLIDES_HOSTS} | {h: "blog" for h in _BLOG_HOSTS})
_HOST_PATH = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://(?:[^/?#@]*@)?(?P<host>[^/?#:]*)[^/?#]*(?P<path>[^?#]*)")


def _host_role(host: str) -> str:
    """The role of a host or of the nearest parent domain listed (``x.medium.com`` → blog)."""
    while True:
        role = _HOST_ROLES.get(host)
        if role is not None:
            return role
        dot = host.find(".")
        if dot < 0:
            return ""
        host = host[dot + 1:]


@lru_cache(maxsize=65536)
def url_role(url: str) -> str:
    """The role a link target suggests on its own (identifiers aside): code, video, slides, blog,
    paper (a PDF), or web."""
    m = _HOST_PATH.match(url)
    if m is None:
        return "web"
    host = m.group("host").lower()
    path = m.group("path").lower()
    role = _host_role(host)
    if role == "code" and path.endswith(".pdf"):
        return "paper"  # a paper kept in a repository (`github.com/…/blob/main/paper.pdf`)
    if role:
        return role
    if path.endswith((".ppt", ".pptx", ".key")):
        return "slides"
    if host.startswith("blog.") or ".blogspot." in host or "/blog/" in path or path.startswith("/blog"):
        return "blog"
    if path.endswith((".pdf", ".ps", ".ps.gz", ".djvu")):
        return "paper"
    return "web"


def link_role(label: MarkdownLabel | None, target_role: str, identifies_paper: bool) -> str:
    """The role of one link from its label and its target.

    ``target_role`` is :func:`url_role` of the target and ``identifies_paper`` whether the target
    names a paper identifier (arXiv, DOI, proceedings).  A paper identifier makes a paper link
    whatever the label says; a paper label on a code/video/slides/blog host follows the host; an
    ``arxiv`` label on some other web page is a web link; an unlabelled or unknown-label link is
    classified by its target alone.
    """
    if identifies_paper:
        return "paper"
    role = label.role if label is not None else ""
    if not role or role == TEXT:
        return target_role
    if role == "paper":
        if target_role in ("code", "video", "slides", "blog"):
            return target_role
        if label is not None and label.name == "arxiv" and target_role == "web":
            return "web"
        return "paper"
    return role
