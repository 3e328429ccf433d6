"""Write the check test set: ``testset.bib`` and ``expected.json`` (the make-up of every entry).

Real entries are written as people write them (LaTeX accents, abbreviated given names,
``and others``, journal abbreviations, preprints cited as preprints); each altered entry is a
real one with exactly one field changed; fabricated entries have realistic titles and real
researchers' names but no record anywhere.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

# key -> (entry type, fields).  Values are raw BibTeX text.
REAL: dict[str, tuple[str, dict[str, str]]] = {
    "hochreiter1997long": ("article", {"author": "Hochreiter, Sepp and Schmidhuber, J{\\\"u}rgen",
                                       "title": "Long Short-Term Memory", "journal": "Neural Computation",
                                       "volume": "9", "number": "8", "pages": "1735--1780", "year": "1997",
                                       "doi": "10.1162/neco.1997.9.8.1735"}),
    "lecun2015deep": ("article", {"author": "Y. LeCun and Y. Bengio and G. Hinton", "title": "Deep {L}earning",
                                  "journal": "Nature", "volume": "521", "number": "7553", "pages": "436--444",
                                  "year": "2015", "doi": "10.1038/nature14539"}),
    "he2016deep": ("inproceedings", {"author": "He, Kaiming and Zhang, Xiangyu and Ren, Shaoqing and Sun, Jian",
                                     "title": "Deep Residual Learning for Image Recognition",
                                     "booktitle": "Proceedings of the IEEE Conference on Computer Vision and "
                                                  "Pattern Recognition (CVPR)",
                                     "pages": "770--778", "year": "2016", "doi": "10.1109/CVPR.2016.90"}),
    "krizhevsky2017imagenet": ("article", {"author": "Krizhevsky, Alex and Sutskever, Ilya and Hinton, Geoffrey E.",
                                           "title": "{ImageNet} Classification with Deep Convolutional Neural "
                                                    "Networks",
                                           "journal": "Commun. ACM", "volume": "60", "number": "6",
                                           "pages": "84--90", "year": "2017", "doi": "10.1145/3065386"}),
    "mnih2015human": ("article", {"author": "Mnih, Volodymyr and Kavukcuoglu, Koray and Silver, David and others",
                                  "title": "Human-level control through deep reinforcement learning",
                                  "journal": "Nature", "volume": "518", "pages": "529--533", "year": "2015",
                                  "doi": "10.1038/nature14236"}),
    "silver2016mastering": ("article", {"author": "Silver, David and Huang, Aja and Maddison, Chris J. and others",
                                        "title": "Mastering the game of {Go} with deep neural networks and tree "
                                                 "search",
                                        "journal": "Nature", "volume": "529", "number": "7587",
                                        "pages": "484--489", "year": "2016"}),
    "rumelhart1986learning": ("article", {"author": "Rumelhart, David E. and Hinton, Geoffrey E. and Williams, "
                                                    "Ronald J.",
                                          "title": "Learning representations by back-propagating errors",
                                          "journal": "Nature", "volume": "323", "pages": "533--536",
                                          "year": "1986"}),
    "bengio1994learning": ("article", {"author": "Bengio, Yoshua and Simard, Patrice and Frasconi, Paolo",
                                       "title": "Learning long-term dependencies with gradient descent is "
                                                "difficult",
                                       "journal": "IEEE Transactions on Neural Networks", "volume": "5",
                                       "number": "2", "pages": "157--166", "year": "1994",
                                       "doi": "10.1109/72.279181"}),
    "elman1990finding": ("article", {"author": "Elman, Jeffrey L.", "title": "Finding Structure in Time",
                                     "journal": "Cognitive Science", "volume": "14", "number": "2",
                                     "pages": "179--211", "year": "1990"}),
    "greff2017lstm": ("article", {"author": "Greff, Klaus and Srivastava, Rupesh K. and Koutn{\\'\\i}k, Jan and "
                                            "Steunebrink, Bas R. and Schmidhuber, J{\\\"u}rgen",
                                  "title": "{LSTM}: A Search Space Odyssey",
                                  "journal": "IEEE Transactions on Neural Networks and Learning Systems",
                                  "volume": "28", "number": "10", "pages": "2222--2232", "year": "2017",
                                  "doi": "10.1109/TNNLS.2016.2582924"}),
    "gers2000learning": ("article", {"author": "Gers, Felix A. and Schmidhuber, J{\\\"u}rgen and Cummins, Fred",
                                     "title": "Learning to Forget: Continual Prediction with {LSTM}",
                                     "journal": "Neural Computation", "volume": "12", "number": "10",
                                     "pages": "2451--2471", "year": "2000"}),
    "schuster1997bidirectional": ("article", {"author": "Schuster, M. and Paliwal, K. K.",
                                              "title": "Bidirectional recurrent neural networks",
                                              "journal": "IEEE Trans. Signal Process.", "volume": "45",
                                              "number": "11", "pages": "2673--2681", "year": "1997",
                                              "doi": "10.1109/78.650093"}),
    "graves2013speech": ("inproceedings", {"author": "Graves, Alex and Mohamed, Abdel-rahman and Hinton, Geoffrey",
                                           "title": "Speech recognition with deep recurrent neural networks",
                                           "booktitle": "IEEE International Conference on Acoustics, Speech and "
                                                        "Signal Processing (ICASSP)",
                                           "pages": "6645--6649", "year": "2013"}),
    "cho2014learning": ("inproceedings", {"author": "Cho, Kyunghyun and van Merri{\\\"e}nboer, Bart and "
                                                    "G{\\\"u}l{\\c{c}}ehre, {\\c{C}}a{\\u{g}}lar and Bahdanau, "
                                                    "Dzmitry and Bougares, Fethi and Schwenk, Holger and Bengio, "
                                                    "Yoshua",
                                          "title": "Learning Phrase Representations using {RNN} Encoder--Decoder "
                                                   "for Statistical Machine Translation",
                                          "booktitle": "Proceedings of the 2014 Conference on Empirical Methods in "
                                                       "Natural Language Processing ({EMNLP})",
                                          "pages": "1724--1734", "year": "2014", "doi": "10.3115/v1/D14-1179",
                                          "eprint": "1406.1078", "archivePrefix": "arXiv"}),
    "papineni2002bleu": ("inproceedings", {"author": "Papineni, Kishore and Roukos, Salim and Ward, Todd and Zhu, "
                                                     "Wei-Jing",
                                           "title": "{BLEU}: a Method for Automatic Evaluation of Machine "
                                                    "Translation",
                                           "booktitle": "Proceedings of the 40th Annual Meeting of the Association "
                                                        "for Computational Linguistics",
                                           "pages": "311--318", "year": "2002", "doi": "10.3115/1073083.1073135"}),
    "szegedy2015going": ("inproceedings", {"author": "Szegedy, Christian and Liu, Wei and Jia, Yangqing and "
                                                     "Sermanet, Pierre and Reed, Scott and Anguelov, Dragomir and "
                                                     "Erhan, Dumitru and Vanhoucke, Vincent and Rabinovich, Andrew",
                                           "title": "Going Deeper with Convolutions", "booktitle": "CVPR",
                                           "pages": "1--9", "year": "2015"}),
    "vaswani2017attention": ("inproceedings", {"author": "Vaswani, Ashish and Shazeer, Noam and Parmar, Niki and "
                                                         "Uszkoreit, Jakob and Jones, Llion and Gomez, Aidan N. and "
                                                         "Kaiser, {\\L}ukasz and Polosukhin, Illia",
                                               "title": "Attention is All you Need",
                                               "booktitle": "Advances in Neural Information Processing Systems",
                                               "volume": "30", "year": "2017", "eprint": "1706.03762",
                                               "archivePrefix": "arXiv"}),
    "kingma2015adam": ("article", {"author": "Kingma, Diederik P. and Ba, Jimmy",
                                   "title": "Adam: A Method for Stochastic Optimization",
                                   "journal": "arXiv preprint arXiv:1412.6980", "year": "2015"}),
    "bahdanau2014neural": ("article", {"author": "Bahdanau, Dzmitry and Cho, Kyunghyun and Bengio, Yoshua",
                                       "title": "Neural Machine Translation by Jointly Learning to Align and "
                                                "Translate",
                                       "journal": "arXiv preprint arXiv:1409.0473", "year": "2014"}),
    "goodfellow2014generative": ("misc", {"author": "Goodfellow, Ian J. and Pouget-Abadie, Jean and Mirza, Mehdi "
                                                    "and Xu, Bing and Warde-Farley, David and Ozair, Sherjil and "
                                                    "Courville, Aaron and Bengio, Yoshua",
                                          "title": "Generative Adversarial Networks", "year": "2014",
                                          "eprint": "1406.2661", "archivePrefix": "arXiv",
                                          "primaryClass": "stat.ML"}),
    "devlin2019bert": ("inproceedings", {"author": "Devlin, Jacob and Chang, Ming-Wei and Lee, Kenton and "
                                                   "Toutanova, Kristina",
                                         "title": "{BERT}: Pre-training of Deep Bidirectional Transformers for "
                                                  "Language Understanding",
                                         "booktitle": "Proceedings of the 2019 Conference of the North American "
                                                      "Chapter of the Association for Computational Linguistics: "
                                                      "Human Language Technologies, Volume 1 (Long and Short "
                                                      "Papers)",
                                         "pages": "4171--4186", "year": "2019", "doi": "10.18653/v1/N19-1423",
                                         "eprint": "1810.04805", "archivePrefix": "arXiv"}),
    "devlin2018bert": ("article", {"author": "Devlin, J. and Chang, M.-W. and Lee, K. and Toutanova, K.",
                                   "title": "{BERT}: Pre-training of deep bidirectional transformers for language "
                                            "understanding",
                                   "journal": "arXiv preprint arXiv:1810.04805", "year": "2018"}),
    "ioffe2015batch": ("inproceedings", {"author": "Ioffe, Sergey and Szegedy, Christian",
                                         "title": "Batch Normalization: Accelerating Deep Network Training by "
                                                  "Reducing Internal Covariate Shift",
                                         "booktitle": "International Conference on Machine Learning (ICML)",
                                         "year": "2015", "eprint": "1502.03167", "archivePrefix": "arXiv"}),
    "hinton2006reducing": ("article", {"author": "Hinton, G. E. and Salakhutdinov, R. R.",
                                       "title": "Reducing the Dimensionality of Data with Neural Networks",
                                       "journal": "Science", "volume": "313", "number": "5786",
                                       "pages": "504--507", "year": "2006", "doi": "10.1126/science.1127647"}),
    "lecun1998gradient": ("article", {"author": "LeCun, Yann and Bottou, L{\\'e}on and Bengio, Yoshua and "
                                                "Haffner, Patrick",
                                      "title": "Gradient-based learning applied to document recognition",
                                      "journal": "Proceedings of the IEEE", "volume": "86", "number": "11",
                                      "pages": "2278--2324", "year": "1998"}),
    "girshick2014rich": ("inproceedings", {"author": "Girshick, Ross and Donahue, Jeff and Darrell, Trevor and "
                                                     "Malik, Jitendra",
                                           "title": "Rich Feature Hierarchies for Accurate Object Detection and "
                                                    "Semantic Segmentation",
                                           "booktitle": "2014 IEEE Conference on Computer Vision and Pattern "
                                                        "Recognition",
                                           "pages": "580--587", "year": "2014", "doi": "10.1109/CVPR.2014.81"}),
    "redmon2016you": ("inproceedings", {"author": "Redmon, Joseph and Divvala, Santosh and Girshick, Ross and "
                                                  "Farhadi, Ali",
                                        "title": "You Only Look Once: Unified, Real-Time Object Detection",
                                        "booktitle": "Proc. IEEE Conf. Computer Vision and Pattern Recognition",
                                        "pages": "779--788", "year": "2016"}),
    "karpathy2015deep": ("inproceedings", {"author": "Karpathy, Andrej and Li, Fei-Fei",
                                           "title": "Deep Visual-Semantic Alignments for Generating Image "
                                                    "Descriptions",
                                           "booktitle": "CVPR", "pages": "3128--3137", "year": "2015",
                                           "doi": "10.1109/CVPR.2015.7298932"}),
    "mikolov2010recurrent": ("inproceedings", {"author": "Mikolov, Tom{\\'a}{\\v{s}} and Karafi{\\'a}t, Martin and "
                                                         "Burget, Luk{\\'a}{\\v{s}} and {\\v{C}}ernock{\\'y}, Jan "
                                                         "and Khudanpur, Sanjeev",
                                               "title": "Recurrent neural network based language model",
                                               "booktitle": "Interspeech", "pages": "1045--1048",
                                               "year": "2010"}),
    "watkins1992q": ("article", {"author": "Watkins, Christopher J. C. H. and Dayan, Peter",
                                 "title": "{Q}-learning", "journal": "Machine Learning", "volume": "8",
                                 "number": "3", "pages": "279--292", "year": "1992",
                                 "doi": "10.1007/BF00992698"}),
    "pascanu2013difficulty": ("inproceedings", {"author": "Pascanu, Razvan and Mikolov, Tomas and Bengio, Yoshua",
                                                "title": "On the difficulty of training recurrent neural networks",
                                                "booktitle": "International Conference on Machine Learning",
                                                "pages": "1310--1318", "year": "2013", "eprint": "1211.5063",
                                                "archivePrefix": "arXiv"}),
    "oord2016pixel": ("article", {"author": "van den Oord, A{\\\"a}ron and Kalchbrenner, Nal and Kavukcuoglu, "
                                            "Koray",
                                  "title": "Pixel Recurrent Neural Networks",
                                  "journal": "arXiv preprint arXiv:1601.06759", "year": "2016"}),
    # No identifier and no DOI: found by Semantic Scholar and DBLP.
    "sutskever2014sequence": ("inproceedings", {"author": "Sutskever, Ilya and Vinyals, Oriol and Le, Quoc V.",
                                                "title": "Sequence to Sequence Learning with Neural Networks",
                                                "booktitle": "Advances in Neural Information Processing Systems 27",
                                                "pages": "3104--3112", "year": "2014"}),
    "kingma2014auto": ("inproceedings", {"author": "Kingma, Diederik P. and Welling, Max",
                                         "title": "Auto-Encoding Variational {Bayes}",
                                         "booktitle": "2nd International Conference on Learning Representations, "
                                                      "{ICLR} 2014", "year": "2014"}),
    "bahdanau2015neural": ("inproceedings", {"author": "Bahdanau, Dzmitry and Cho, Kyunghyun and Bengio, Yoshua",
                                             "title": "Neural Machine Translation by Jointly Learning to Align and "
                                                      "Translate",
                                             "booktitle": "3rd International Conference on Learning "
                                                          "Representations, {ICLR} 2015", "year": "2015"}),
    "srivastava2014dropout": ("article", {"author": "Srivastava, Nitish and Hinton, Geoffrey and Krizhevsky, Alex "
                                                    "and Sutskever, Ilya and Salakhutdinov, Ruslan",
                                          "title": "Dropout: A Simple Way to Prevent Neural Networks from "
                                                   "Overfitting",
                                          "journal": "Journal of Machine Learning Research", "volume": "15",
                                          "number": "56", "pages": "1929--1958", "year": "2014"}),
    "graves2014neural": ("article", {"author": "Graves, Alex and Wayne, Greg and Danihelka, Ivo",
                                     "title": "Neural {T}uring Machines", "journal": "CoRR",
                                     "volume": "abs/1410.5401", "year": "2014"}),
    "vaswani2017attention-nips": ("inproceedings", {"author": "Ashish Vaswani and Noam Shazeer and Niki Parmar and "
                                                              "Jakob Uszkoreit and Llion Jones and Aidan N. Gomez "
                                                              "and Lukasz Kaiser and Illia Polosukhin",
                                                    "title": "Attention is all you need",
                                                    "booktitle": "NIPS", "pages": "5998--6008", "year": "2017"}),
    "kingma2015adam-iclr": ("inproceedings", {"author": "Kingma, D. P. and Ba, J.",
                                              "title": "Adam: A Method for Stochastic Optimization",
                                              "booktitle": "ICLR", "year": "2015"}),
}

# (new key, real key, category, field changes, expected verdict, expected field)
ALTERED: list[tuple[str, str, str, dict[str, str | None], str, str]] = [
    ("hochreiter1998long", "hochreiter1997long", "year", {"year": "1998"}, "mismatch", "year"),
    ("he2015deep", "he2016deep", "year", {"year": "2015"}, "mismatch", "year"),
    ("rumelhart1987learning", "rumelhart1986learning", "year", {"year": "1987"}, "mismatch", "year"),
    ("schuster1996bidirectional", "schuster1997bidirectional", "year", {"year": "1996"}, "mismatch", "year"),
    ("graves2014speech", "graves2013speech", "year", {"year": "2014"}, "mismatch", "year"),
    ("vaswani2016attention", "vaswani2017attention", "year", {"year": "2016"}, "mismatch", "year"),
    ("lecun2015deep-order", "lecun2015deep", "swapped author",
     {"author": "Y. Bengio and Y. LeCun and G. Hinton"}, "mismatch", "authors"),
    ("greff2017lstm-order", "greff2017lstm", "swapped author",
     {"author": "Greff, Klaus and Koutn{\\'\\i}k, Jan and Srivastava, Rupesh K. and Steunebrink, Bas R. and "
                "Schmidhuber, J{\\\"u}rgen"}, "mismatch", "authors"),
    ("cho2014learning-order", "cho2014learning", "swapped author",
     {"author": "van Merri{\\\"e}nboer, Bart and Cho, Kyunghyun and G{\\\"u}l{\\c{c}}ehre, {\\c{C}}a{\\u{g}}lar "
                "and Bahdanau, Dzmitry and Bougares, Fethi and Schwenk, Holger and Bengio, Yoshua"},
     "mismatch", "authors"),
    ("goodfellow2014generative-order", "goodfellow2014generative", "swapped author",
     {"author": "Goodfellow, Ian J. and Mirza, Mehdi and Pouget-Abadie, Jean and Xu, Bing and Warde-Farley, "
                "David and Ozair, Sherjil and Courville, Aaron and Bengio, Yoshua"}, "mismatch", "authors"),
    ("gers2000learning-other", "gers2000learning", "swapped author",
     {"author": "Gers, Felix A. and Schmidhuber, J{\\\"u}rgen and Graves, Alex"}, "mismatch", "authors"),
    ("bengio1994learning-other", "bengio1994learning", "swapped author",
     {"author": "Bengio, Yoshua and Simard, Patrice and Hinton, Geoffrey"}, "mismatch", "authors"),
    ("he2016deep-missing", "he2016deep", "missing author",
     {"author": "He, Kaiming and Zhang, Xiangyu and Sun, Jian"}, "mismatch", "authors"),
    ("krizhevsky2017imagenet-missing", "krizhevsky2017imagenet", "missing author",
     {"author": "Krizhevsky, Alex and Hinton, Geoffrey E."}, "mismatch", "authors"),
    ("vaswani2017attention-missing", "vaswani2017attention", "missing author",
     {"author": "Vaswani, Ashish and Shazeer, Noam and Uszkoreit, Jakob and Jones, Llion and Gomez, Aidan N. and "
                "Kaiser, {\\L}ukasz and Polosukhin, Illia"}, "mismatch", "authors"),
    ("papineni2002bleu-missing", "papineni2002bleu", "missing author",
     {"author": "Papineni, Kishore and Roukos, Salim and Zhu, Wei-Jing"}, "mismatch", "authors"),
    ("redmon2016you-missing", "redmon2016you", "missing author",
     {"author": "Redmon, Joseph and Girshick, Ross and Farhadi, Ali"}, "mismatch", "authors"),
    ("he2016deep-venue", "he2016deep", "other venue",
     {"booktitle": "Proceedings of the IEEE International Conference on Computer Vision (ICCV)"},
     "mismatch", "venue"),
    ("sutskever2015sequence", "sutskever2014sequence", "year", {"year": "2015"}, "mismatch", "year"),
    ("kingma2014auto-order", "kingma2014auto", "swapped author", {"author": "Welling, Max and Kingma, Diederik P."},
     "mismatch", "authors"),
    ("srivastava2014dropout-missing", "srivastava2014dropout", "missing author",
     {"author": "Srivastava, Nitish and Hinton, Geoffrey and Sutskever, Ilya and Salakhutdinov, Ruslan"},
     "mismatch", "authors"),
    ("bahdanau2015neural-venue", "bahdanau2015neural", "other venue",
     {"booktitle": "International Conference on Machine Learning"}, "mismatch", "venue"),
    ("vaswani2017attention-venue", "vaswani2017attention", "other venue",
     {"booktitle": "International Conference on Learning Representations"}, "mismatch", "venue"),
    ("hochreiter1997long-venue", "hochreiter1997long", "other venue", {"journal": "Neural Networks"},
     "mismatch", "venue"),
    ("schuster1997bidirectional-venue", "schuster1997bidirectional", "other venue",
     {"journal": "IEEE Transactions on Neural Networks"}, "mismatch", "venue"),
    ("girshick2014rich-venue", "girshick2014rich", "other venue",
     {"booktitle": "European Conference on Computer Vision (ECCV)"}, "mismatch", "venue"),
    ("lecun1998gradient-venue", "lecun1998gradient", "other venue", {"journal": "Neural Computation"},
     "mismatch", "venue"),
    ("hochreiter1997long-doi", "hochreiter1997long", "DOI of another paper",
     {"doi": "10.1162/089976600300015015"}, "wrong-identifier", "doi"),
    ("hinton2006reducing-doi", "hinton2006reducing", "DOI of another paper", {"doi": "10.1038/nature14539"},
     "wrong-identifier", "doi"),
    ("he2016deep-doi", "he2016deep", "DOI of another paper", {"doi": "10.1109/CVPR.2016.91"},
     "wrong-identifier", "doi"),
    ("papineni2002bleu-doi", "papineni2002bleu", "DOI of another paper", {"doi": "10.3115/v1/D14-1179"},
     "wrong-identifier", "doi"),
    ("vaswani2017attention-arxiv", "vaswani2017attention", "arXiv id of another paper", {"eprint": "1409.0473"},
     "wrong-identifier", "arxiv"),
    ("kingma2015adam-arxiv", "kingma2015adam", "arXiv id of another paper",
     {"journal": "arXiv preprint arXiv:1412.3555"}, "wrong-identifier", "arxiv"),
    ("goodfellow2014generative-arxiv", "goodfellow2014generative", "arXiv id of another paper",
     {"eprint": "1406.1078"}, "wrong-identifier", "arxiv"),
    ("ioffe2015batch-arxiv", "ioffe2015batch", "arXiv id of another paper", {"eprint": "1502.03044"},
     "wrong-identifier", "arxiv"),
    ("hochreiter1997long-title", "hochreiter1997long", "title word changed", {"title": "Long Short-Term Attention"},
     "mismatch", "title"),
    ("he2016deep-title", "he2016deep", "title word changed",
     {"title": "Deep Residual Learning for Image Classification"}, "mismatch", "title"),
    ("rumelhart1986learning-title", "rumelhart1986learning", "title word changed",
     {"title": "Learning representations by back-propagating gradients"}, "mismatch", "title"),
    ("vaswani2017attention-title", "vaswani2017attention", "title word changed", {"title": "Attention is All you Want"},
     "mismatch", "title"),
    ("hinton2006reducing-title", "hinton2006reducing", "title word changed",
     {"title": "Reducing the Dimensionality of Data with Deep Networks"}, "mismatch", "title"),
    ("szegedy2015going-title", "szegedy2015going", "title word changed", {"title": "Going Wider with Convolutions"},
     "mismatch", "title"),
]

FABRICATED: dict[str, tuple[str, dict[str, str]]] = {
    "schmidhuber2016recurrent": ("inproceedings", {
        "author": "Schmidhuber, J{\\\"u}rgen and Graves, Alex",
        "title": "Recurrent Memory Consolidation Networks for Lifelong Sequence Learning",
        "booktitle": "Advances in Neural Information Processing Systems", "volume": "29", "year": "2016"}),
    "pascanu2014hierarchical": ("inproceedings", {
        "author": "Pascanu, Razvan and Bengio, Yoshua",
        "title": "Hierarchical Gradient Clipping for Stable Training of Deep Recurrent Networks",
        "booktitle": "International Conference on Machine Learning", "pages": "1012--1020", "year": "2014"}),
    "vaswani2019contrastive": ("inproceedings", {
        "author": "Vaswani, Ashish and Uszkoreit, Jakob and Shazeer, Noam",
        "title": "Contrastive Attention Transformers for Low-Resource Machine Translation",
        "booktitle": "Proceedings of the 57th Annual Meeting of the Association for Computational Linguistics",
        "pages": "2211--2220", "year": "2019"}),
    "he2018residual": ("inproceedings", {
        "author": "He, Kaiming and Girshick, Ross and Sun, Jian",
        "title": "Deep Residual Attention for Video Object Segmentation",
        "booktitle": "IEEE Conference on Computer Vision and Pattern Recognition", "pages": "4410--4419",
        "year": "2018"}),
    "kingma2019sparse": ("inproceedings", {
        "author": "Kingma, Diederik P. and Welling, Max",
        "title": "Sparse Variational Autoencoders for Disentangled Speech Representations",
        "booktitle": "International Conference on Learning Representations", "year": "2019"}),
    "graves2015neural": ("article", {
        "author": "Graves, Alex and Wayne, Greg and Danihelka, Ivo",
        "title": "Neural Turing Machines for Program Synthesis", "journal": "Neural Computation",
        "volume": "27", "number": "9", "pages": "1871--1903", "year": "2015"}),
    "lecun2017long": ("article", {
        "author": "LeCun, Yann and Bottou, L{\\'e}on",
        "title": "Long-Range Temporal Convolutions for Language Modeling", "journal": "Proceedings of the IEEE",
        "volume": "105", "number": "4", "pages": "712--731", "year": "2017"}),
    "graves2015self": ("article", {
        "author": "Graves, Alex and Hinton, Geoffrey",
        "title": "Self-Supervised Pretraining of Recurrent Networks for Handwriting Recognition",
        "journal": "IEEE Transactions on Pattern Analysis and Machine Intelligence", "volume": "37",
        "number": "6", "pages": "1204--1217", "year": "2015"}),
    "silver2018gated": ("article", {
        "author": "Silver, David and Hassabis, Demis",
        "title": "Gated Feedback Networks for Continuous Control", "journal": "Nature", "volume": "555",
        "pages": "101--105", "year": "2018"}),
    "schuster1999bidirectional": ("inproceedings", {
        "author": "Schuster, Mike and Paliwal, Kuldip K.",
        "title": "Bidirectional Memory Networks for Speech Recognition",
        "booktitle": "IEEE International Conference on Acoustics, Speech and Signal Processing",
        "pages": "1517--1520", "year": "1999"}),
    "karpathy2016learning": ("inproceedings", {
        "author": "Karpathy, Andrej and Fei-Fei, Li",
        "title": "Learning to Align Images and Sentences with Recurrent Attention", "booktitle": "CVPR",
        "pages": "2217--2225", "year": "2016"}),
    "kingma2016adaptive": ("inproceedings", {
        "author": "Kingma, Diederik P. and Ba, Jimmy",
        "title": "Adaptive Momentum Estimation for Non-Convex Stochastic Optimization",
        "booktitle": "International Conference on Learning Representations", "year": "2016"}),
    "srivastava2016dropout": ("article", {
        "author": "Srivastava, Nitish and Salakhutdinov, Ruslan",
        "title": "Dropout Ensembles for Uncertainty Estimation in Recurrent Networks",
        "journal": "Journal of Machine Learning Research", "volume": "17", "pages": "1--29", "year": "2016"}),
    "watkins1995scaling": ("article", {
        "author": "Watkins, Christopher J. C. H. and Dayan, Peter",
        "title": "Scaling Q-learning to Continuous Action Spaces with Neural Function Approximation",
        "journal": "Machine Learning", "volume": "19", "number": "2", "pages": "145--168", "year": "1995"}),
    "hinton2012deep": ("article", {
        "author": "Hinton, Geoffrey and Sutskever, Ilya",
        "title": "Deep Belief Networks for Temporal Sequence Prediction", "journal": "Neural Computation",
        "volume": "24", "number": "5", "pages": "1189--1212", "year": "2012", "doi": "10.1162/NECO_a_00277x"}),
}


def entry(key: str, kind: str, fields: dict[str, str]) -> str:
    """One BibTeX entry."""
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
    return f"@{kind}{{{key},\n{body}\n}}\n"


def build() -> tuple[str, dict[str, Any]]:
    """The .bib text and the expected make-up."""
    parts, expected = [], {}
    for key, (kind, fields) in REAL.items():
        parts.append(entry(key, kind, fields))
        expected[key] = {"category": "real", "verdict": "verified"}
    for key, base, category, changes, verdict, field in ALTERED:
        kind, fields = REAL[base]
        changed = {**fields}
        for name, value in changes.items():
            if value is None:
                changed.pop(name, None)
            else:
                changed[name] = value
        parts.append(entry(key, kind, changed))
        expected[key] = {"category": "altered", "alteration": category, "verdict": verdict, "field": field,
                         "of": base}
    for key, (kind, fields) in FABRICATED.items():
        parts.append(entry(key, kind, fields))
        expected[key] = {"category": "fabricated", "verdict": "wrong-identifier" if "doi" in fields
                         else "not-found"}
    header = "% rnnbib check test set: real, altered (one field each) and fabricated entries.\n\n"
    return header + "\n".join(parts), expected


def main() -> None:
    """Write testset.bib and expected.json."""
    text, expected = build()
    (HERE / "testset.bib").write_text(text, encoding="utf-8")
    (HERE / "expected.json").write_text(json.dumps(expected, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
