"""DOIs: table-driven cases (text and URL forms, publisher URLs, DOIs seen in real reading lists).

Rows are (input, expected DOI value or None).  Where peers disagree the row says which side we took;
rnnbib.identifiers.doi's docstring gives the reasons.
"""

from __future__ import annotations

import pytest

from rnnbib.identifiers import doi

ELS = "10.1016/j.epsl.2011.11.037"
JMB = "10.1006/jmbi.1998.2354"

PARSE: list[tuple[str, str | None]] = [
    # idutils
    (ELS, ELS),
    (f"doi:{ELS}", ELS),
    (f"doi: {ELS}", ELS),
    (f"DOI:{ELS}", ELS),
    (f"http://dx.doi.org/{ELS}", ELS),
    (f"https://doi.org/{ELS}", ELS),
    (f"doi.org/{ELS}", ELS),
    ("10.1016/üникóδé-дôΐ", "10.1016/üникóδé-дôΐ"),
    ("10.1016/སྦ་བཞེད་", "10.1016/སྦ་བཞེད་"),
    (
        "10.1002/(SICI)1521-3978(199806)46:4/5<493::AID-PROP493>3.0.CO;2-P",
        "10.1002/(SICI)1521-3978(199806)46:4/5<493::AID-PROP493>3.0.CO;2-P",
    ),
    ("10.1000/123456", "10.1000/123456"),
    ("10.1038/issn.1476-4687", "10.1038/issn.1476-4687"),
    ("10.1000.10/123456", "10.1000.10/123456"),
    ("10.1000/", None),
    ("10.10O0/123456", None),
    ("10.1.NOTGOOD.0/123456", None),
    # manubot (manubot lower-cases; we keep the case as written and compare case-insensitively)
    ("DOI:10.5061/DRYad.q447c/1", "10.5061/DRYad.q447c/1"),
    ("10.5061/dryad.q447c/1", "10.5061/dryad.q447c/1"),
    ("doi:10.771/peerj.705", None),
    ("doi:7717/peerj.705", None),
    ("doi:b6vnmd", None),
    ("doi:10/b6vnmd", None),  # shortDOIs are not recognised (needs the network)
    ("https://doi.org/10.1097%2F00004032-200403000-00012", "10.1097/00004032-200403000-00012"),
    ("http://dx.doi.org/10.7554/eLife.46574", "10.7554/eLife.46574"),
    ("https://doi.org/10/b6vnmd#anchor", None),
    ("https://doi.org/b6vnmd", None),
    ("https://www.doi.org/", None),
    ("https://www.doi.org/factsheets/Identifier_Interoper.html", None),
    ("https://sci-hub.tw/10.1038/nature19057", "10.1038/nature19057"),
    # jabref DOITest (its 3-digit registrants 10.231/…, 10.123/… are rejected: Crossref needs 4-9 digits)
    (JMB, JMB),
    ("10.231/JIM.0b013e31820bab4c", None),
    ("10.1126/sciadv.1500214", "10.1126/sciadv.1500214"),
    (
        "10.1002/(SICI)1522-2594(199911)42:5<952::AID-MRM16>3.0.CO;2-S",
        "10.1002/(SICI)1522-2594(199911)42:5<952::AID-MRM16>3.0.CO;2-S",
    ),
    (f"  {JMB} ", JMB),
    (f"doi:{JMB}", JMB),
    (f"urn:{JMB}", JMB),
    (f"http://doi.org/urn:doi:{JMB}", JMB),
    ("urn:10.123/456", None),
    (f"http://doi.org/{JMB}", JMB),
    (f"https://doi.org/{JMB}", JMB),
    ("https://dx.doi.org/10.2307%2F1990888", "10.2307/1990888"),
    ("http://doi.acm.org/10.1145/1294928.1294933", "10.1145/1294928.1294933"),
    ("http://doi.acm.net/10.1145/1294928.1294933", "10.1145/1294928.1294933"),
    ("http://doi.acm.com/10.1145/1294928.1294933", "10.1145/1294928.1294933"),
    ("http://doi.acm.de/10.1145/1294928.1294933", "10.1145/1294928.1294933"),
    ("http://dx.doi.org/10.1007/978-3-642-15618-2_19", "10.1007/978-3-642-15618-2_19"),
    ("http://dx.doi.net/10.1007/978-3-642-15618-2_19", "10.1007/978-3-642-15618-2_19"),
    ("http://dx.doi.com/10.1007/978-3-642-15618-2_19", "10.1007/978-3-642-15618-2_19"),
    ("http://dx.doi.de/10.1007/978-3-642-15618-2_19", "10.1007/978-3-642-15618-2_19"),
    ("http://doi.ieeecomputersociety.org/10.1109/MIC.2012.43", "10.1109/MIC.2012.43"),
    # jabref removes all whitespace (`https : / / doi.org / 10 .1109 /V LHCC…`); we drop it only next to
    # `/ : .`, so a space between letters ends the string and the whole is rejected.
    ("https : / / doi.org / 10 .1109 /VLHCC.2004.20", "10.1109/VLHCC.2004.20"),
    ("https : / / doi.org / 10 .1109 /V LHCC.20 04.20", None),
    ("10.1007/978-3-030-02671-4\\_7", "10.1007/978-3-030-02671-4_7"),
    ("10.1007/\\978-3-03\\0-02671-4\\_7", "10.1007/978-3-030-02671-4_7"),
    ("10.1007/9{}78{-3{-03{0-0}}}26}{71-4}_7", "10.1007/978-3-030-02671-4_7"),
    (" \ufffd10.3218\n/384\x1b6-0\ufffd", "10.3218/3846-0"),
    ("http://doi.org/10.1006/rwei.1999%25.0001", "10.1006/rwei.1999%.0001"),
    ("http://doi.org/10.1006/rwei.1999%22.0001", '10.1006/rwei.1999".0001'),
    ("http://doi.org/10.1006/rwei.1999%23.0001", "10.1006/rwei.1999#.0001"),
    ("http://doi.org/10.1006/rwei.1999%3F.0001", "10.1006/rwei.1999?.0001"),
    (
        "https://doi.org/10.1175/1520-0493(2002)130%3C1913:EDAWPO%3E2.0.CO;2",
        "10.1175/1520-0493(2002)130<1913:EDAWPO>2.0.CO;2",
    ),
    ("12.1006/jmbi.1998.2354 end", None),
    ("10.1006jmbi.1998.2354 end", None),
    ("https://thisisnouri", None),
    (f"other stuff {JMB} end", None),
    (f"{JMB} end", None),
    ("_", None),
    ("\t_", None),
    ("___", None),
    ("10.1145 / 2594455", "10.1145/2594455"),
    ("https://doi.org/10.18726/2018%7B%5Ctextunderscore%7D3", "10.18726/2018_3"),
    # zotero-util cleanDOI
    ("10.1088/1748-9326/11/4/048002", "10.1088/1748-9326/11/4/048002"),
    ("https://doi.org/10.101/%E0%A4%A", None),  # bad escape and 3-digit registrant: nothing, no exception
    # commonmeta, bolognese, citation-js
    ("10.1371/JOURNAL.PONE.0042793", "10.1371/JOURNAL.PONE.0042793"),
    ("https://doi.org/10.5061/dryad.8515", "10.5061/dryad.8515"),
    ("10.5067/terra+aqua/ceres/cldtyphist_l3.004", "10.5067/terra+aqua/ceres/cldtyphist_l3.004"),
    ("https://doi.org/10.1371", None),
    ("https://doi.org/", None),
    ("https://handle.stage.datacite.org/10.5438/55e5-t5c0", "10.5438/55e5-t5c0"),
    ("https://doi.org/20.1371/journal.pone.0042793", None),
    ("http://dx.doi.org/10.1021/jacs.4c02637", "10.1021/jacs.4c02637"),
    ("10.5061/DRYAD.8515", "10.5061/DRYAD.8515"),
    ("http://dx.doi.org/10.5061/dryad.8515", "10.5061/dryad.8515"),
    ("10.1890/0012-9658(2006)87[2832:tiopma]2.0.co;2", "10.1890/0012-9658(2006)87[2832:tiopma]2.0.co;2"),
    ("https://doi.org/10.506X/dryad.8515", None),
    ("https://doi.org/10.506123/dryad.8515", "10.506123/dryad.8515"),  # bolognese rejects; Crossref: 4-9
    ("https://handle.net/10.5061/dryad.8515", None),
    ("https:/doi.org/10.5061/dryad.8515", "10.5061/dryad.8515"),
    ("10.1021/ja01577a030", "10.1021/ja01577a030"),
    ("10.1641/0006-3568(2002)052[0044:PTLBTR]2.0.CO;2", "10.1641/0006-3568(2002)052[0044:PTLBTR]2.0.CO;2"),
    (
        "10.1002/1520-6394(2000)12:3<118::AID-DA2>3.0.CO;2-G",
        "10.1002/1520-6394(2000)12:3<118::AID-DA2>3.0.CO;2-G",
    ),
    ("doi.org/10.1021/ja01577a030", "10.1021/ja01577a030"),
    ("dx.doi.org/10.1021/ja01577a030", "10.1021/ja01577a030"),
    # the arXiv DataCite DOI is a DOI here (rnnbib.identifiers.arxiv reads it as the arXiv id)
    ("10.48550/arXiv.1406.6247", "10.48550/arXiv.1406.6247"),
    (f"{ELS}.", ELS),
]

FROM_URL: list[tuple[str, str | None]] = [
    # zotero-tr Nature Publishing Group.js: safe slugs only
    *[
        (f"https://www.nature.com/articles/{s}", f"10.1038/{s}")
        for s in (
            "nature10669",
            "nature10728",
            "nature08497",
            "nature11968",
            "nature11899",
            "nature09944",
            "481237a",
            "ng1901",
            "nsmb.1371",
            "nprot.2006.52",
            "ncomms7186",
            "s41563-020-00871-7",
            "s41586-021-03972-8",
            "s41586-023-05742-0",
            "s41534-024-00839-4",
            "s42005-022-00998-w",
            "s41598-024-54821-3",
            "s41591-018-0316-z",
        )
    ],
    ("https://www.nature.com/articles/onc2011282", None),  # the DOI is 10.1038/onc.2011.282: not derivable
    ("https://www.nature.com/articles/sdata201618", None),  # 10.1038/sdata.2016.18
    # Springer Link
    ("https://link.springer.com/chapter/10.1007/978-3-540-88682-2_1", "10.1007/978-3-540-88682-2_1"),
    ("https://link.springer.com/article/10.1007/s10040-009-0439-x", "10.1007/s10040-009-0439-x"),
    (
        "https://link.springer.com/referenceworkentry/10.1007/978-0-387-79061-9_5173",
        "10.1007/978-0-387-79061-9_5173",
    ),
    ("https://link.springer.com/protocol/10.1007/978-1-60761-839-3_22", "10.1007/978-1-60761-839-3_22"),
    ("https://link.springer.com/chapter/10.1007/0-387-24250-3_4", "10.1007/0-387-24250-3_4"),
    ("https://link.springer.com/book/10.1007/978-3-540-88682-2", None),  # a book page (spec: article|chapter)
    # ACM Digital Library
    ("https://dl.acm.org/doi/abs/10.1145/1596655.1596682", "10.1145/1596655.1596682"),
    ("https://dl.acm.org/doi/abs/10.1023/A:1008286901817", "10.1023/A:1008286901817"),
    ("https://dl.acm.org/doi/10.5555/1717186", None),
    ("https://dl.acm.org/doi/abs/10.5555/3336323.C5474411", None),
    ("https://dl.acm.org/doi/book/10.5555/1087674", None),
    # no DOI in the URL: a look-up is needed
    ("https://ieeexplore.ieee.org/document/4607247?tp=&arnumber=4607247", None),
    ("https://www.sciencedirect.com/science/article/pii/S0896627311004430#bib5", None),
    ("https://www.ncbi.nlm.nih.gov/pubmed/31233491", None),
    # Wiley, DOI.js, commonmeta
    (
        "https://analyticalsciencejournals.onlinelibrary.wiley.com/doi/full/10.1002/pmic.201100327#citedBy",
        "10.1002/pmic.201100327",
    ),
    (
        "https://analyticalsciencejournals.onlinelibrary.wiley.com/doi/abs/10.1002/pmic.201100327"
        "#references-section",
        "10.1002/pmic.201100327",
    ),
    (
        "https://onlinelibrary.wiley.com/doi/abs/10.1002/(SICI)1521-3773(20000103)39:1%3C165::AID-ANIE165%3E3.0.CO;2-B",
        "10.1002/(SICI)1521-3773(20000103)39:1<165::AID-ANIE165>3.0.CO;2-B",
    ),
    ("https://agupubs.onlinelibrary.wiley.com/doi/10.1029/2020JC016068", "10.1029/2020JC016068"),
    ("https://wires.onlinelibrary.wiley.com/doi/10.1002/wcc.70008", "10.1002/wcc.70008"),
    ("https://onlinelibrary.wiley.com/doi/full/10.7448/IAS.15.5.18440", "10.7448/IAS.15.5.18440"),
    ("https://dataverse.harvard.edu/dataset.xhtml?persistentId=doi:10.7910/DVN/BEJTMI", "10.7910/DVN/BEJTMI"),
    ("https://anatomypubs.onlinelibrary.wiley.com/doi/10.1002/ar.24923", "10.1002/ar.24923"),
    (
        "https://onlinelibrary.wiley.com/doi/pdf/10.1111/j.1469-185x.2011.00190.x?casa_token=abc",
        "10.1111/j.1469-185x.2011.00190.x",
    ),
    (
        "https://onlinelibrary.wiley.com/doi/10.1111/j.1469-185x.2010.00137.x/epdf",
        "10.1111/j.1469-185x.2010.00137.x",
    ),
    # PLOS
    (
        "https://www.plosone.org/article/fetchobject.action?uri=info%3adoi%2f10.1371%2fjournal.pone.0072187"
        "&representation=pdf",
        "10.1371/journal.pone.0072187",
    ),
    (
        "http://journals.plos.org/plosbiology/article?id=10.1371/journal.pbio.1001090",
        "10.1371/journal.pbio.1001090",
    ),
    # bioRxiv (manubot)
    ("https://www.biorxiv.org/content/10.1101/087619v3", "10.1101/087619"),
    ("https://www.biorxiv.org/content/10.1101/087619v3.full", "10.1101/087619"),
    ("https://www.biorxiv.org/content/early/2017/08/31/087619.full.pdf", "10.1101/087619"),
    ("https://www.biorxiv.org/content/10.1101/2019.12.11.872580v1", "10.1101/2019.12.11.872580"),
    (
        "https://www.biorxiv.org/content/10.1101/2019.12.11.872580v1.full.pdf+html",
        "10.1101/2019.12.11.872580",
    ),
    ("https://www.biorxiv.org/content/10.1101/2019.12.11.872580v1.full.pdf", "10.1101/2019.12.11.872580"),
    ("https://www.biorxiv.org/about-biorxiv", None),
    # forms seen in real reading lists
    ("https://www.nature.com/articles/nature20101.epdf", "10.1038/nature20101"),
    ("https://www.nature.com/articles/s41587-023-01905-6.pdf", "10.1038/s41587-023-01905-6"),
    (
        "https://link.springer.com/content/pdf/10.1007%2F978-3-319-46448-0_8.pdf",
        "10.1007/978-3-319-46448-0_8",
    ),
    ("http://link.springer.com/article/10.1007%2Fs13721-016-0129-2", "10.1007/s13721-016-0129-2"),
    ("https://sci-hub.tw/10.1109/CVPRW.2017.186", "10.1109/CVPRW.2017.186"),
    ("https://sci-hub.se/10.1109/ICPR.2018.8546200#", "10.1109/ICPR.2018.8546200"),
    ("https://scihub.wikicn.top/10.1109/ICME46284.2020.9102898", "10.1109/ICME46284.2020.9102898"),
    (
        "http://www.readcube.com/articles/10.1038/nature14236?shared_access_token=Lo_2hFdW4MuqEcF3",
        "10.1038/nature14236",
    ),
    ("http://www.mitpressjournals.org/doi/pdfplus/10.1162/neco.1997.9.8.1735", "10.1162/neco.1997.9.8.1735"),
    ("http://delivery.acm.org/10.1145/3230000/3220078/p2847-zugner.pdf?ip=10.1.2.3&id=3220078", None),
    ("http://citeseerx.ist.psu.edu/viewdoc/summary?doi=10.1.1.89.5727", None),
    ("http://citeseerx.ist.psu.edu/viewdoc/download?doi=10.1.1.89.5727&rep=rep1&type=pdf", None),
    ("http://www.biorxiv.org/content/early/2016/12/21/092890", "10.1101/092890"),
    ("http://ieeexplore.ieee.org/stamp/stamp.jsp?arnumber=6754138", None),
    ("http://ieeexplore.ieee.org/abstract/document/7801947/", None),
    ("http://dl.acm.org/citation.cfm?id=2925968", None),
    ("http://www.sciencedirect.com/science/article/pii/S0893608003001709", None),
    # URLs that embed something DOI-like
    ("http://dx.doi.org/10.1186/s13059-017-1189-z", "10.1186/s13059-017-1189-z"),
    ("https://doi.org/10.1016/j.aiopen.2021.01.001", "10.1016/j.aiopen.2021.01.001"),
    ("http://www.nature.com/nature/journal/v323/n6088/pdf/323533a0.pdf", "10.1038/323533a0"),
    (
        "http://www.morganclaypool.com/doi/abs/10.2200/S00332ED1V01Y201103AIM011",
        "10.2200/S00332ED1V01Y201103AIM011",
    ),
    ("https://pubs.acs.org/doi/10.1021/ci000001a", "10.1021/ci000001a"),
    ("https://www.biorxiv.org/content/10.1101/2023.01.11.523679v1", "10.1101/2023.01.11.523679"),
    (
        "http://bmcbioinformatics.biomedcentral.com/articles/10.1186/s12859-016-1334-9",
        "10.1186/s12859-016-1334-9",
    ),
    ("http://link.springer.com/book/10.1007/978-0-387-31439-6", None),
    ("http://science.sciencemag.org/content/349/6245.toc", None),
    ("https://academic.oup.com/bioinformatics/article/37/15/2112/6128680", None),
    ("http://dl.acm.org/authorize.cfm?key=N14731", None),
    ("https://www.scitepress.org/Link.aspx?doi=10.5220/0010404301780189", "10.5220/0010404301780189"),
    ("https://github.com/some/repo", None),
    ("https://www.example.org/files/10.1234/paper.pdf", None),  # an arbitrary path is not a safe form
]

FIND_ALL: list[tuple[str, list[str]]] = [
    # jabref findInText
    (f"other stuff {JMB} end", [JMB]),
    ("… 170(1): 77–87. doi:10.1007/s10549-018-4743-9. ", ["10.1007/s10549-018-4743-9"]),
    ("… 170(1): 77–87. doi:10.1007/s10549-018-4743-9, and", ["10.1007/s10549-018-4743-9"]),
    ("… 170(1): 77–87. doi:10.1007/s10549-018-4743-9; and", ["10.1007/s10549-018-4743-9"]),
    ("bla doi:10.1007/s10549-018-4743-9.1234 with . in doi", ["10.1007/s10549-018-4743-9.1234"]),
    ("https://www.scitepress.org/Link.aspx?doi=10.5220/0010404301780189", ["10.5220/0010404301780189"]),
    # jabref leaves this one percent-encoded; we decode, as for every URL form
    (
        "https://doi.org/10.1175/1520-0493(2002)130%3C1913:EDAWPO%3E2.0.CO;2",
        ["10.1175/1520-0493(2002)130<1913:EDAWPO>2.0.CO;2"],
    ),
    (f"other stuff \ufffd{JMB}", [JMB]),
    (f"other stuff {JMB}\ufffd", [JMB]),
    ("text without 28282 a doi", []),
    ("It's 10:30 o'clock", []),
    ("...archive number 10/XYZ/123...", []),
    ("some website poi.org/ab123 end", []),
    # zotero-util cleanDOI
    ("Foo bar 10.1088/1748-9326/11/4/048002. Foo bar", ["10.1088/1748-9326/11/4/048002"]),
    ("Foo bar (10.1088/1748-9326/11/4/048002) foo bar", ["10.1088/1748-9326/11/4/048002"]),
    ("Foo bar [10.1088/1748-9326/11/4/048002] foo bar", ["10.1088/1748-9326/11/4/048002"]),
    (
        "Foo bar 10.1002/1096-9128(200005)12:6%3C375::AID-CPE480%3E3.0.CO;2-M. Foo bar",
        ["10.1002/1096-9128(200005)12:6<375::AID-CPE480>3.0.CO;2-M"],
    ),
    (
        "Foo bar https://doi.org/10.1002/1096-9128(200005)12:6%3C375::AID-CPE480%3E3.0.CO;2-M. Foo bar",
        ["10.1002/1096-9128(200005)12:6<375::AID-CPE480>3.0.CO;2-M"],
    ),
    # citation-js
    ("10.1021/ja01577a030 10.1021/ci025584y", ["10.1021/ja01577a030", "10.1021/ci025584y"]),
    ("10.1021/ja01577a030\n10.1021/ci025584y", ["10.1021/ja01577a030", "10.1021/ci025584y"]),
    # markdown links and the delivery.acm.org trap
    (
        "1. **Graph Neural Networks: A Review of Methods and Applications.** AI Open 2020. "
        "[paper](https://doi.org/10.1016/j.aiopen.2021.01.001)",
        ["10.1016/j.aiopen.2021.01.001"],
    ),
    (
        "1. **Adversarial Attacks on Neural Networks for Graph Data.** KDD 2018. "
        "[paper](http://delivery.acm.org/10.1145/3230000/3220078/p2847-zugner.pdf?ip=10.1.2.3)",
        [],
    ),
    ("[paper](http://citeseerx.ist.psu.edu/viewdoc/summary?doi=10.1.1.89.5727)", []),
    ("[[pdf]](https://doi.org/10.1038/nature14539):star::star:", ["10.1038/nature14539"]),
    ("(doi:10.1038/nature14539):star:", ["10.1038/nature14539"]),
    ("DOI: 10.1162/neco.1997.9.8.1735 and doi:10.1162/NECO.1997.9.8.1735", ["10.1162/neco.1997.9.8.1735"]),
]


@pytest.mark.parametrize(("text", "expected"), PARSE)
def test_parse(text: str, expected: str | None) -> None:
    ident = doi.parse(text)
    assert (ident.value if ident else None) == expected
    if ident is not None:
        assert ident.kind == "doi" and ident.version is None


@pytest.mark.parametrize(("url", "expected"), FROM_URL)
def test_from_url(url: str, expected: str | None) -> None:
    ident = doi.from_url(url)
    assert (ident.value if ident else None) == expected


@pytest.mark.parametrize(("url", "expected"), FROM_URL)
def test_parse_accepts_publisher_urls(url: str, expected: str | None) -> None:
    ident = doi.parse(url)
    assert (ident.value if ident else None) == expected


@pytest.mark.parametrize(("text", "expected"), FIND_ALL)
def test_find_all(text: str, expected: list[str]) -> None:
    assert [i.value for i in doi.find_all(text)] == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # jabref: equal whatever the case and the resolver
        ("10.1109/cloud.2017.89", "10.1109/CLOUD.2017.89", True),
        ("10.1109/cloud.2017.89", "https://doi.org/10.1109/cloud.2017.89", True),
        ("doi:10.5061/DRYAD.8515", "http://dx.doi.org/10.5061/dryad.8515", True),
        ("10.1109/cloud.2017.89", "10.1109/cloud.2017.9", False),
    ],
)
def test_same(a: str, b: str, expected: bool) -> None:
    assert doi.same(a, b) is expected


def test_identity_is_case_insensitive_but_case_is_kept() -> None:
    a, b = doi.parse("10.5061/DRYAD.8515"), doi.parse("https://doi.org/10.5061/dryad.8515")
    assert a is not None and b is not None
    assert a.value == "10.5061/DRYAD.8515" and b.value == "10.5061/dryad.8515"
    assert a.key == b.key


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://doi.org/10.1097%2F00004032-200403000-00012", "10.1097/00004032-200403000-00012"),
        ("doi:10.1000/xyz).", "10.1000/xyz"),
        ("  urn:doi:10.1000/xyz ", "10.1000/xyz"),
        ("info:doi/10.1371/journal.pone.0072187", "10.1371/journal.pone.0072187"),
        ("10.1000/(abc)", "10.1000/(abc)"),  # balanced brackets stay
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert doi.normalize(text) == expected


def test_url_and_validity() -> None:
    assert doi.url("doi:10.1021/ja01577a030") == "https://doi.org/10.1021/ja01577a030"
    assert doi.is_valid("10.1000/1") and not doi.is_valid("10.1.1.89.5727")
