"""GitHub repositories and gists: URL forms, GitHub's own pages, forms seen in real reading lists."""

from __future__ import annotations

import pytest

from rnnbib.identifiers import github
from rnnbib.model import Identifier

Expected = tuple[str, str] | None  # (kind, value)

FROM_URL: list[tuple[str, Expected]] = [
    # zotero-tr GitHub.js
    ("https://github.com/zotero/zotero/", ("github", "zotero/zotero")),
    ("https://github.com/datacite/schema", ("github", "datacite/schema")),
    ("https://github.com/mittagessen/kraken", ("github", "mittagessen/kraken")),
    ("https://github.com/aurimasv/z2csl", ("github", "aurimasv/z2csl")),
    ("https://github.com/zotero/translators/blob/master/GitHub.js", ("github", "zotero/translators")),
    (
        "https://github.com/citation-file-format/citation-file-format/blob/main/README.md",
        ("github", "citation-file-format/citation-file-format"),
    ),
    ("https://github.com/search?q=lstm&type=repositories", None),
    # forms seen in real reading lists
    ("https://github.com//vyraun/Megalodon", ("github", "vyraun/Megalodon")),
    ("https://github.com/VinF/deer/", ("github", "VinF/deer")),
    (
        "https://github.com/xinshuoweng/AB3DMOThttps://github.com/xinshuoweng/AB3DMOT",
        ("github", "xinshuoweng/AB3DMOT"),
    ),
    (
        "https://github.com/KimSoybean/ScratchDethttps://github.com/KimSoybean/ScratchDet",
        ("github", "KimSoybean/ScratchDet"),
    ),
    ("https://github.com/karpathy/neuraltalk\ufeff", ("github", "karpathy/neuraltalk")),
    # GitHub pages that are not repositories
    ("https://github.com/fumin/pencil", ("github", "fumin/pencil")),
    ("http://aliensunmin.github.io/project/at-a-glance/highlight_teaser.png", None),
    ("https://greenelab.github.io/manubot-rootstock/", None),  # manubot: stays a URL
    (
        "https://github.com/layumi/University1652-Baseline/blob/master/docs/index_files/Data.jpg",
        ("github", "layumi/University1652-Baseline"),
    ),
    ("https://github.com/tensorflow/models/tree/master/im2txt", ("github", "tensorflow/models")),
    ("https://raw.githubusercontent.com/Newmu/stylize/master/resources/iggy.gif", None),  # an embedded file
    ("https://github.com/eduardolundgren/tracking.js/", ("github", "eduardolundgren/tracking.js")),
    ("https://github.com/activitynet", None),  # an organisation page, not a repository
    ("https://gist.github.com/GilLevi/54aee1b8b0397721aa4b", ("gist", "54aee1b8b0397721aa4b")),
    ("https://github.com/NervanaSystems/maxas/wiki/SGEMM", ("github", "NervanaSystems/maxas")),
    ("https://github.com/BVLC/caffe/pull/2033", ("github", "BVLC/caffe")),
    ("https://github.com/sanghoon/pva-faster-rcnn/issues/5", ("github", "sanghoon/pva-faster-rcnn")),
    ("https://github.com/karpathy/char-rnn#tips-and-tricks", ("github", "karpathy/char-rnn")),
    ("https://github.com/kjw0612/awesome-deep-vision/pulls", ("github", "kjw0612/awesome-deep-vision")),
    (
        "https://github.com/sanghoon/pva-faster-rcnn/commit/39570aab8c6513f0e76e5ab5dba8dfbf63e9c68c/",
        ("github", "sanghoon/pva-faster-rcnn"),
    ),
    (
        "https://github.com/brohrer/public-hosting/raw/master/How_CNNs_work.pdf",
        ("github", "brohrer/public-hosting"),
    ),
    ("https://github.com/hahnyuan/video_labeler", ("github", "hahnyuan/video_labeler")),
    (
        "https://github.com/junrushao1994/fast-neural-style.tf",
        ("github", "junrushao1994/fast-neural-style.tf"),
    ),
    # spec: releases, www., .git, no scheme, trailing punctuation, reserved first segments
    ("https://github.com/tensorflow/tensorflow/releases/tag/v2.0.0", ("github", "tensorflow/tensorflow")),
    ("https://www.github.com/torch/nn", ("github", "torch/nn")),
    ("https://github.com/torch/nn.git", ("github", "torch/nn")),
    ("git://github.com/torch/nn.git", ("github", "torch/nn")),
    ("github.com/torch/nn", ("github", "torch/nn")),
    ("http://github.com/torch/nn", ("github", "torch/nn")),
    ("https://github.com/torch/nn.", ("github", "torch/nn")),
    ("https://github.com/torch/nn),", ("github", "torch/nn")),
    ("https://github.com/torch/nn?tab=readme-ov-file", ("github", "torch/nn")),
    ("https://github.com/topics/recurrent-neural-networks", None),
    ("https://github.com/orgs/tensorflow/repositories", None),
    ("https://github.com/features/actions", None),
    ("https://github.com/collections/machine-learning", None),
    ("https://github.com/marketplace/actions/checkout", None),
    ("https://github.com/sponsors/karpathy", None),
    ("https://github.com/trending/python", None),
    ("https://github.com/users/karpathy/projects/1", None),
    ("https://github.com/settings/profile", None),
    ("https://github.com/", None),
    ("https://gist.github.com/54aee1b8b0397721aa4b", ("gist", "54aee1b8b0397721aa4b")),
    (
        "https://gist.github.com/karpathy/d4dee566867f8291f086#file-min-char-rnn-py",
        ("gist", "d4dee566867f8291f086"),
    ),
    (
        "https://gist.githubusercontent.com/karpathy/d4dee566867f8291f086/raw/min-char-rnn.py",
        ("gist", "d4dee566867f8291f086"),
    ),
    ("https://gist.github.com/GilLevi", None),
    ("https://gitlab.com/flimmerkiste/NewralNet", None),
    ("https://bitbucket.org/yukikoyama/selph/", None),
    ("https://github.community/t/some-topic", None),
    ("https://notgithub.com/a/b", None),
    ("https://api.github.com/repos/torch/nn", None),
    ("https://cloud.githubusercontent.com/assets/8370623/17981496/fa648b32.jpg", None),
]

PARSE: list[tuple[str, Expected]] = [
    ("github:karpathy/char-rnn", ("github", "karpathy/char-rnn")),
    ("GitHub:karpathy/char-rnn.git", ("github", "karpathy/char-rnn")),
    ("gh:torch/nn", ("github", "torch/nn")),
    ("gist:54aee1b8b0397721aa4b", ("gist", "54aee1b8b0397721aa4b")),
    ("github:topics/rnn", None),
    ("karpathy/char-rnn", None),  # a bare owner/repo is too ambiguous to be read as GitHub
    ("  https://github.com/karpathy/char-rnn  ", ("github", "karpathy/char-rnn")),
    ("", None),
]

FIND_ALL: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "- github: [https://github.com/fumin/pencil](https://github.com/fumin/pencil)",
        [("github", "fumin/pencil")],
    ),
    (
        "- Dataset and Baseline Code: https://github.com/layumi/University1652-Baseline",
        [("github", "layumi/University1652-Baseline")],
    ),
    (" * [NeuralTalk](https://github.com/karpathy/neuraltalk\ufeff) -", [("github", "karpathy/neuraltalk")]),
    (
        "- gtihub(Tensorflow): [https://github.com/junrushao1994/fast-neural-style.tf] "
        "(https://github.com/junrushao1994/fast-neural-style.tf)",
        [("github", "junrushao1994/fast-neural-style.tf")],
    ),
    (
        "- github(MXNet): [https://github.com/TuSimple/TuSimple-DUC]https://github.com/TuSimple/TuSimple-DUC",
        [("github", "TuSimple/TuSimple-DUC")],
    ),
    (
        "see github.com/torch/nn and https://github.com/Torch/NN and https://gist.github.com/GilLevi/54aee1b8b0397721aa4b",
        [("github", "torch/nn"), ("gist", "54aee1b8b0397721aa4b")],
    ),
    ("![](http://aliensunmin.github.io/project/at-a-glance/highlight_teaser.png)", []),
    ("no links here", []),
    # awesome-list star ratings glued to the link
    ("[[code]](https://github.com/karpathy/char-rnn):star::star::star:", [("github", "karpathy/char-rnn")]),
    ("see (https://github.com/torch/nn)", [("github", "torch/nn")]),
]


def _pair(ident: Identifier | None) -> Expected:
    return None if ident is None else (ident.kind, ident.value)


@pytest.mark.parametrize(("url", "expected"), FROM_URL)
def test_from_url(url: str, expected: Expected) -> None:
    assert _pair(github.from_url(url)) == expected


@pytest.mark.parametrize(("url", "expected"), FROM_URL)
def test_parse_accepts_urls(url: str, expected: Expected) -> None:
    assert _pair(github.parse(url)) == expected


@pytest.mark.parametrize(("text", "expected"), PARSE)
def test_parse(text: str, expected: Expected) -> None:
    assert _pair(github.parse(text)) == expected


@pytest.mark.parametrize(("text", "expected"), FIND_ALL)
def test_find_all(text: str, expected: list[tuple[str, str]]) -> None:
    assert [_pair(i) for i in github.find_all(text)] == expected


def test_identity_is_case_insensitive() -> None:
    a = github.from_url("https://github.com/Karpathy/Char-RNN")
    b = github.from_url("https://github.com//karpathy/char-rnn/tree/master")
    assert a is not None and b is not None
    assert a.value == "Karpathy/Char-RNN"  # as written
    assert a.key == b.key == "github:karpathy/char-rnn"


def test_repo_url() -> None:
    assert github.repo_url(Identifier("github", "torch/nn")) == "https://github.com/torch/nn"
    assert (
        github.repo_url(Identifier("gist", "54aee1b8b0397721aa4b"))
        == "https://gist.github.com/54aee1b8b0397721aa4b"
    )
