"""Proceedings identifiers: PMLR/JMLR, NeurIPS, CVF, ACL Anthology and OpenReview URL and id forms.

No peer test covers OpenReview, CVF, old jmlr.org/proceedings paths or numbered NeurIPS pages; those
rows are our own, with values reasoned from the URL shapes.  Rows are
(url, (kind, value) or None, (venue, year) or None).
"""

from __future__ import annotations

import pytest

from rnnbib.identifiers import proceedings
from rnnbib.model import Identifier

NIPS09 = "2387337ba1e0b0249ba90f55b2ba2521"
NIPS22 = "a98846e9d9cc01cfb87eb694d946ce6b"
NIPS20 = "cffb6e2288a630c2a787a64ccc67097c"

Row = tuple[str, tuple[str, str] | None, tuple[str, int | None] | None]

FROM_URL: list[Row] = [
    # zotero-tr ACLWeb.js
    ("https://www.aclanthology.org/Q18-1001/", ("acl", "Q18-1001"), ("TACL", 2018)),
    ("https://www.aclanthology.org/N18-1001/", ("acl", "N18-1001"), ("NAACL", 2018)),
    ("https://www.aclanthology.org/W19-0101/", ("acl", "W19-0101"), ("", 2019)),
    ("https://www.aclanthology.org/W04-0801/", ("acl", "W04-0801"), ("", 2004)),
    ("https://www.aclanthology.org/N12-2001/", ("acl", "N12-2001"), ("NAACL", 2012)),
    ("https://www.aclanthology.org/2020.lrec-1.2/", ("acl", "2020.lrec-1.2"), ("LREC", 2020)),
    ("https://www.aclanthology.org/T87-1010.bib", ("acl", "T87-1010"), ("", 1987)),
    ("https://www.aclanthology.org/events/acl-2018/", None, None),
    ("https://www.aclanthology.org/volumes/P18-1/", None, None),
    ("https://www.aclanthology.org/people/i/iryna-gurevych/", None, None),
    ("https://www.aclanthology.org/volumes/2020.lrec-1/", None, None),
    # the documented forms
    ("https://aclanthology.org/P16-1001", ("acl", "P16-1001"), ("ACL", 2016)),
    ("https://aclanthology.org/P16-1001.pdf", ("acl", "P16-1001"), ("ACL", 2016)),
    ("http://aclweb.org/anthology/P/P16/P16-1001.pdf", ("acl", "P16-1001"), ("ACL", 2016)),
    ("https://www.aclweb.org/anthology/P16-1001", ("acl", "P16-1001"), ("ACL", 2016)),
    ("http://aclweb.org/anthology/N/N16/N16-1030.pdf", ("acl", "N16-1030"), ("NAACL", 2016)),
    ("http://anthology.aclweb.org/D/D14/D14-1162.pdf", ("acl", "D14-1162"), ("EMNLP", 2014)),
    ("https://aclweb.org/anthology/C18-1107", ("acl", "C18-1107"), ("COLING", 2018)),
    ("https://aclanthology.org/N19-1423.pdf", ("acl", "N19-1423"), ("NAACL", 2019)),
    ("https://aclanthology.org/2021.emnlp-main.602", ("acl", "2021.emnlp-main.602"), ("EMNLP", 2021)),
    (
        "https://aclanthology.org/2021.findings-acl.1.pdf",
        ("acl", "2021.findings-acl.1"),
        ("Findings of ACL", 2021),
    ),
    ("https://aclanthology.org/2020.acl-main.1v2.pdf", ("acl", "2020.acl-main.1"), ("ACL", 2020)),
    ("http://www.aclweb.org/anthology/p16-1001", ("acl", "P16-1001"), ("ACL", 2016)),
    # zotero-tr Neural Information Processing Systems.js (volume = year - 1987; we give the year)
    (
        f"https://proceedings.neurips.cc/paper/2009/hash/{NIPS09}-Abstract.html",
        ("neurips", f"2009/{NIPS09}"),
        ("NeurIPS", 2009),
    ),
    (
        f"https://papers.nips.cc/paper_files/paper/2022/hash/{NIPS22}-Abstract.html",
        ("neurips", f"2022/{NIPS22}"),
        ("NeurIPS", 2022),
    ),
    (
        f"https://papers.neurips.cc/paper_files/paper/2022/hash/{NIPS22}-Abstract-Conference.html",
        ("neurips", f"2022/{NIPS22}"),
        ("NeurIPS", 2022),
    ),
    (
        f"https://proceedings.neurips.cc/paper_files/paper/2022/file/{NIPS22}-Paper-Conference.pdf",
        ("neurips", f"2022/{NIPS22}"),
        ("NeurIPS", 2022),
    ),
    ("https://proceedings.neurips.cc/paper/2009", None, None),
    ("https://proceedings.neurips.cc/papers/search?q=lstm", None, None),
    # forms seen in real reading lists
    (
        f"https://proceedings.neurips.cc//paper/2020/file/{NIPS20}-Paper.pdf",
        ("neurips", f"2020/{NIPS20}"),
        ("NeurIPS", 2020),
    ),
    (f"https://proceedings.neurips.cc/paper/2020/file/{NIPS20}-Supplemental.pdf", None, None),
    (
        "http://papers.nips.cc/paper/5854-spatial-transformer-networks.pdf",
        ("neurips", "5854-spatial-transformer-networks"),
        ("NeurIPS", None),
    ),
    (
        "http://papers.nips.cc/paper/5854-spatial-transformer-networks",
        ("neurips", "5854-spatial-transformer-networks"),
        ("NeurIPS", None),
    ),
    (
        "http://papers.nips.cc/paper/6385-matching-networks-for-one-shot-learning.pdf",
        ("neurips", "6385-matching-networks-for-one-shot-learning"),
        ("NeurIPS", None),
    ),
    ("http://papers.nips.cc/paper/by-source-2019-1275", None, None),
    ("https://nips.cc/Conferences/2016/Schedule", None, None),
    ("https://media.nips.cc/Conferences/2015/tutorialslides/Jeff-Oriol-NIPS-Tutorial-2015.pdf", None, None),
    # JMLR journal (zotero-tr Journal of Machine Learning Research.js)
    ("https://www.jmlr.org/papers/v3/antos02a.html", ("jmlr", "v3/antos02a"), ("JMLR", 2002)),
    ("https://www.jmlr.org/papers/v22/20-1380.html", ("jmlr", "v22/20-1380"), ("JMLR", 2021)),
    ("http://www.jmlr.org/papers/volume12/duchi11a/duchi11a.pdf", ("jmlr", "v12/duchi11a"), ("JMLR", 2011)),
    # PMLR
    ("http://proceedings.mlr.press/v137/frank20a.html", ("pmlr", "v137/frank20a"), ("PMLR", 2020)),
    ("https://proceedings.mlr.press/v130/lyle21a.html", ("pmlr", "v130/lyle21a"), ("AISTATS", 2021)),
    ("https://proceedings.mlr.press/v130/lyle21a/lyle21a.pdf", ("pmlr", "v130/lyle21a"), ("AISTATS", 2021)),
    ("http://jmlr.org/proceedings/papers/v37/jozefowicz15.pdf", ("pmlr", "v37/jozefowicz15"), ("ICML", 2015)),
    ("http://proceedings.mlr.press/v37/jozefowicz15.html", ("pmlr", "v37/jozefowicz15"), ("ICML", 2015)),
    ("http://jmlr.org/proceedings/papers/v37/xub15.pdf", ("pmlr", "v37/xub15"), ("ICML", 2015)),
    ("http://proceedings.mlr.press/v48/niepert16.pdf", ("pmlr", "v48/niepert16"), ("ICML", 2016)),
    ("http://proceedings.mlr.press/v48/niepert16-supp.pdf", None, None),
    ("http://proceedings.mlr.press/v48/", None, None),
    # CVF open access
    (
        "http://openaccess.thecvf.com/content_iccv_2015/html/He_Delving_Deep_into_ICCV_2015_paper.html",
        ("cvf", "ICCV_2015/He_Delving_Deep_into"),
        ("ICCV", 2015),
    ),
    (
        "http://openaccess.thecvf.com/content_iccv_2015/papers/He_Delving_Deep_into_ICCV_2015_paper.pdf",
        ("cvf", "ICCV_2015/He_Delving_Deep_into"),
        ("ICCV", 2015),
    ),
    (
        "http://openaccess.thecvf.com/content_cvpr_2018/papers/Zhang_ShuffleNet_An_Extremely_CVPR_2018_paper.pdf",
        ("cvf", "CVPR_2018/Zhang_ShuffleNet_An_Extremely"),
        ("CVPR", 2018),
    ),
    (
        "http://openaccess.thecvf.com/content_CVPR_2019/html/Tan_MnasNet_Platform-Aware_CVPR_2019_paper.html",
        ("cvf", "CVPR_2019/Tan_MnasNet_Platform-Aware"),
        ("CVPR", 2019),
    ),
    (
        "http://openaccess.thecvf.com/content_ICCV_2017/papers/He_Mask_R-CNN_ICCV_2017_paper.pdf",
        ("cvf", "ICCV_2017/He_Mask_R-CNN"),
        ("ICCV", 2017),
    ),
    (
        "www.cv-foundation.org/openaccess/content_cvpr_2016/papers/Gatys_Image_Style_Transfer_CVPR_2016_paper.pdf",
        ("cvf", "CVPR_2016/Gatys_Image_Style_Transfer"),
        ("CVPR", 2016),
    ),
    (
        "http://www.cv-foundation.org/openaccess/content_cvpr_2014/papers/"
        "Girshick_Rich_Feature_Hierarchies_2014_CVPR_paper.pdf",
        ("cvf", "CVPR_2014/Girshick_Rich_Feature_Hierarchies"),
        ("CVPR", 2014),
    ),
    (
        "http://openaccess.thecvf.com/content_cvpr_2017_workshops/w12/html/Kim_Deep_CVPR_2017_paper.html",
        ("cvf", "CVPRW_2017/Kim_Deep"),
        ("CVPR Workshops", 2017),
    ),
    (
        "https://openaccess.thecvf.com/content/CVPR2021/html/Chen_Exploring_CVPR_2021_paper.html",
        ("cvf", "CVPR_2021/Chen_Exploring"),
        ("CVPR", 2021),
    ),
    (
        "https://openaccess.thecvf.com/content/CVPR2021/papers/Chen_Exploring_CVPR_2021_paper.pdf",
        ("cvf", "CVPR_2021/Chen_Exploring"),
        ("CVPR", 2021),
    ),
    (
        "https://openaccess.thecvf.com/content/ICCV2021W/LPCV/html/Li_Tiny_ICCVW_2021_paper.html",
        ("cvf", "ICCVW_2021/Li_Tiny"),
        ("ICCV Workshops", 2021),
    ),
    (
        "http://openaccess.thecvf.com/content_cvpr_2016/supplemental/Gatys_Image_Style_2016_CVPR_supplemental.pdf",
        None,
        None,
    ),
    ("http://openaccess.thecvf.com/CVPR2017_workshops/CVPR2017_W17.py", None, None),
    ("http://openaccess.thecvf.com/ECCV2018.py", None, None),
    ("http://www.cv-foundation.org/openaccess/menu.py", None, None),
    # OpenReview
    ("https://openreview.net/forum?id=B1QRgziT-", ("openreview", "B1QRgziT-"), None),
    ("https://openreview.net/pdf?id=ry_WPG-A-", ("openreview", "ry_WPG-A-"), None),
    (
        "http://beta.openreview.net/forum?id=lx9l4r36gU2OVPy8Cv9g",
        ("openreview", "lx9l4r36gU2OVPy8Cv9g"),
        None,
    ),
    ("https://openreview.net/forum?id=rJeUPlrYvr", ("openreview", "rJeUPlrYvr"), None),
    ("https://openreview.net/pdf?id=Hynn8SHOx", ("openreview", "Hynn8SHOx"), None),
    ("https://openreview.net/forum?id=Hynn8SHOx&noteId=abc123", ("openreview", "Hynn8SHOx"), None),
    ("https://openreview.net/group?id=ICLR.cc/2017/conference", None, None),
    ("https://openreview.et/forum?id=rJeUPlrYvr", None, None),  # the typo'd link text, not the target
    # not proceedings identifiers
    ("https://www.ecva.net/papers/eccv_2020/papers_ECCV/papers/123690528.pdf", None, None),
    ("https://www.ijcai.org/proceedings/2018/0541.pdf", None, None),
    ("https://aaai.org/Papers/AAAI/2020GB/AAAI-LiuY.1833.pdf", None, None),
    ("https://github.com/someone/nips2016-acl-openreview", None, None),
]

PARSE: list[tuple[str, tuple[str, str] | None]] = [
    # acl-anthology ids_test: paper ids parse, volume and collection ids do not
    *[
        (i, ("acl", i))
        for i in (
            "P18-1007",
            "W18-2008",
            "W18-2000",
            "W18-6310",
            "D19-1000",
            "D19-5702",
            "C69-1234",
            "C68-1234",
            "2022.acl-main.0",
            "2022.acl-main.1",
            "2023.mwe-1.5",
        )
    ],
    *[(i, None) for i in ("P18-1", "W18-63", "2022.acl-main", "P18", "2022.acl", "W99-1", "1971.fake-entry")],
    ("acl:p16-1001", ("acl", "P16-1001")),
    ("openreview:B1QRgziT-", ("openreview", "B1QRgziT-")),
    ("pmlr:v37/jozefowicz15", ("pmlr", "v37/jozefowicz15")),
    ("pmlr:37", None),
    (f"neurips:2020/{NIPS20}", ("neurips", f"2020/{NIPS20}")),
    ("cvf:ICCV_2015/He_Delving_Deep_into", ("cvf", "ICCV_2015/He_Delving_Deep_into")),
    ("https://openreview.net/forum?id=B1QRgziT-", ("openreview", "B1QRgziT-")),
    ("", None),
]


def _pair(ident: Identifier | None) -> tuple[str, str] | None:
    return None if ident is None else (ident.kind, ident.value)


@pytest.mark.parametrize(("url", "expected", "venue"), FROM_URL)
def test_from_url(url: str, expected: tuple[str, str] | None, venue: tuple[str, int | None] | None) -> None:
    ident = proceedings.from_url(url)
    assert _pair(ident) == expected
    if ident is not None:
        assert proceedings.venue_year(ident) == venue


@pytest.mark.parametrize(("text", "expected"), PARSE)
def test_parse(text: str, expected: tuple[str, str] | None) -> None:
    assert _pair(proceedings.parse(text)) == expected


@pytest.mark.parametrize(
    ("anthology_id", "year"),
    # acl-anthology infer_year
    [
        ("P18-1007", 2018),
        ("C69-1234", 1969),
        ("C68-1234", 1968),
        ("2022.acl-main.1", 2022),
        ("W99-1001", 1999),
    ],
)
def test_acl_years(anthology_id: str, year: int) -> None:
    vy = proceedings.venue_year(Identifier("acl", anthology_id))
    assert vy is not None and vy[1] == year


def test_find_all() -> None:
    text = (
        "1. **Learning Convolutional Neural Networks for Graphs.** ICML 2016. "
        "[paper](http://proceedings.mlr.press/v48/niepert16.pdf) and [openreview](https://openreview.net/pdf?id=ry_WPG-A-)"
        " - paper: [http://jmlr.org/proceedings/papers/v37/jozefowicz15.pdf]"
        "(http://jmlr.org/proceedings/papers/v37/jozefowicz15.pdf)"
    )
    assert [_pair(i) for i in proceedings.find_all(text)] == [
        ("pmlr", "v48/niepert16"),
        ("openreview", "ry_WPG-A-"),
        ("pmlr", "v37/jozefowicz15"),
    ]
    assert proceedings.find_all("ICML 2016, no links") == []


@pytest.mark.parametrize(
    ("ident", "csl_type"),
    [
        (Identifier("acl", "Q18-1001"), "article-journal"),
        (Identifier("acl", "P16-1001"), "paper-conference"),
        (Identifier("jmlr", "v12/duchi11a"), "article-journal"),
        (Identifier("pmlr", "v37/jozefowicz15"), "paper-conference"),
        (Identifier("cvf", "ICCV_2015/He_Delving_Deep_into"), "paper-conference"),
        (Identifier("neurips", "5854-spatial-transformer-networks"), "paper-conference"),
        (Identifier("openreview", "B1QRgziT-"), None),
        (Identifier("arxiv", "1406.6247"), None),
    ],
)
def test_csl_type(ident: Identifier, csl_type: str | None) -> None:
    assert proceedings.csl_type(ident) == csl_type


def test_canonical_urls_read_back() -> None:
    for ident in (
        Identifier("pmlr", "v37/jozefowicz15"),
        Identifier("jmlr", "v12/duchi11a"),
        Identifier("neurips", f"2020/{NIPS20}"),
        Identifier("neurips", "5854-spatial-transformer-networks"),
        Identifier("acl", "P16-1001"),
        Identifier("openreview", "B1QRgziT-"),
    ):
        url = proceedings.canonical_url(ident)
        assert url is not None and proceedings.from_url(url) == ident
    assert proceedings.canonical_url(Identifier("cvf", "ICCV_2015/He_Delving_Deep_into")) is None
