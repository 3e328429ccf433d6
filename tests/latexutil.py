"""Compile a .bib with real LaTeX tools and count what they report (test helper).

A Python counterpart of ``../shared/tools/clients/latex_check.sh``: a tiny document
``\\cite``s every key of the file and ``\\nocite{*}``, then

* ``compile_bibtex(bib, "plainnat")``: pdflatex, bibtex, pdflatex, pdflatex with natbib;
* ``compile_biblatex(bib)``: pdflatex, ``biber --validate-datamodel``, pdflatex, pdflatex
  with biblatex (``backend=biber``).

Counted as errors: LaTeX ``!``/``file:line:`` errors, bibtex error messages (or exit >= 2),
biber ``ERROR`` lines (or a non-zero exit), undefined citations, missing characters, no PDF.
Warnings: bibtex ``Warning--``, biber ``WARN``, other LaTeX warnings (over/underfull boxes
and undefined-citation echoes excluded).  Tests call :func:`require_tools` first: it skips
when a program is missing, or fails when ``RNNBIB_REQUIRE_CLIENTS=1``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from figures import require_clients

from rnnbib.model import Identifier, Link, Work

PREAMBLE = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage{lmodern}
\usepackage{url}
"""
_ENV = {"max_print_line": "10000", "error_line": "254", "half_error_line": "238"}
_KEY = re.compile(r"@\s*([A-Za-z]+)\s*[{(]\s*([^,\s{}()]+)\s*,")
_LATEX_ERROR = re.compile(r"^(! |[^ :]+:[0-9]+: )", re.M)
_UNDEFINED = re.compile(r"Citation [`']([^']*)' (?:on page [0-9]+ )?undefined")
_NOT_WARNINGS = re.compile(
    r"Citation [`'][^']*' (?:on page [0-9]+ )?undefined|There were undefined (?:references|citations)"
    r"|^(?:Over|Under)full|Biber reported the following issues"
)
_BIBTEX_ERROR = re.compile(
    r"---line [0-9]+ of file|^I was expecting|^I'm skipping|^Repeated entry|Illegal, "
    r"|^Sorry---you've exceeded|^I couldn't open",
    re.M,
)
_BIBTEX_ERROR_COUNT = re.compile(r"\(There (?:was|were) (\d+|one) error messages?\)")


@dataclass
class LatexRun:
    """What one build reported."""

    name: str
    tool_exit: int = 0
    tool_errors: list[str] = field(default_factory=list)
    tool_warnings: list[str] = field(default_factory=list)
    latex_errors: list[str] = field(default_factory=list)
    latex_warnings: list[str] = field(default_factory=list)
    undefined: list[str] = field(default_factory=list)
    missing_chars: list[str] = field(default_factory=list)
    text: str = ""  # the PDF as text (pdftotext), when available

    @property
    def errors(self) -> int:
        """Errors of every kind (the script's ``E``)."""
        return len(self.tool_errors) + len(self.latex_errors) + len(self.undefined) + len(self.missing_chars)

    @property
    def warnings(self) -> int:
        """bibtex/biber warnings plus LaTeX warnings (the script's ``W``)."""
        return len(self.tool_warnings) + len(self.latex_warnings)

    def summary(self) -> str:
        """One line like the script's, plus the offending lines."""
        head = (f"latex {self.name}: {self.errors} errors {self.warnings} warnings "
                f"(tool_exit={self.tool_exit} undefined={len(self.undefined)} "
                f"missing_chars={len(self.missing_chars)})")
        details = [*self.tool_errors, *self.latex_errors, *self.undefined, *self.missing_chars,
                   *self.tool_warnings, *self.latex_warnings]
        return "\n".join([head, *("  " + d for d in details[:30])])


def missing_tools(*names: str) -> list[str]:
    """The programs among ``names`` that are not on PATH."""
    return [n for n in names if shutil.which(n) is None]


def require_tools(*names: str) -> None:
    """Skip the test when a program is missing; fail instead under ``RNNBIB_REQUIRE_CLIENTS=1``."""
    missing = missing_tools(*names)
    if missing:
        message = f"missing programs: {', '.join(missing)}"
        if require_clients():
            pytest.fail(message + " (RNNBIB_REQUIRE_CLIENTS=1)")
        pytest.skip(message)


def cited_keys(bib: str) -> list[str]:
    """Entry keys of a .bib text (not @string/@preamble/@comment), unique, in order."""
    keys: dict[str, None] = {}
    for match in _KEY.finditer(bib):
        if match.group(1).lower() not in ("string", "preamble", "comment"):
            keys[match.group(2)] = None
    return list(keys)


def _run(args: list[str], cwd: Path) -> int:
    env = {**os.environ, **_ENV}
    try:
        done = subprocess.run(args, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, timeout=180, check=False)
    except subprocess.TimeoutExpired:
        return 124
    return done.returncode


def _latex(job: str, cwd: Path) -> None:
    _run(["pdflatex", "-interaction=nonstopmode", "-no-shell-escape", "-file-line-error", job], cwd)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


def _scan_log(run: LatexRun, cwd: Path, job: str) -> None:
    log = _read(cwd / f"{job}.log")
    lines = log.splitlines()
    run.latex_errors = [line for line in lines if _LATEX_ERROR.match(line)]
    run.undefined = sorted(set(_UNDEFINED.findall(log)))
    run.missing_chars = [line for line in lines if line.startswith("Missing character: ")]
    run.latex_warnings = [line for line in lines if "Warning" in line and not _NOT_WARNINGS.search(line)]
    pdf = cwd / f"{job}.pdf"
    if not pdf.exists() or pdf.stat().st_size == 0:
        run.latex_errors.append("no PDF produced by pdflatex")
    elif shutil.which("pdftotext"):
        _run(["pdftotext", "-layout", pdf.name, f"{job}.txt"], cwd)
        run.text = _read(cwd / f"{job}.txt")


def _document(bib: str, head: str, tail: str) -> str:
    cites = "".join(f"\\cite{{{k}}}\n" for k in cited_keys(bib))
    body = f"\\begin{{document}}\n{cites}\\nocite{{*}}\n{tail}\\end{{document}}\n"
    return f"{PREAMBLE}{head}\\tracinglostchars=2\n{body}"


def compile_bibtex(bib: str, style: str = "plainnat", keep: Path | None = None) -> LatexRun:
    """pdflatex + bibtex (natbib, ``style``.bst) over ``bib``; see the module docstring."""
    with tempfile.TemporaryDirectory(prefix="rnnbib-latex-") as tmp:
        cwd = Path(keep or tmp)
        cwd.mkdir(parents=True, exist_ok=True)
        (cwd / "refs.bib").write_text(bib, encoding="utf-8")
        job = f"a_{style}"
        tail = f"\\bibliographystyle{{{style}}}\n\\bibliography{{refs}}\n"
        tex = _document(bib, "\\usepackage[numbers]{natbib}\n", tail)
        (cwd / f"{job}.tex").write_text(tex, encoding="utf-8")
        run = LatexRun(name=style)
        _latex(job, cwd)
        run.tool_exit = _run(["bibtex", job], cwd)
        _latex(job, cwd)
        _latex(job, cwd)
        blg = _read(cwd / f"{job}.blg")
        run.tool_warnings = [line for line in blg.splitlines() if line.startswith("Warning--")]
        run.tool_errors = [line for line in blg.splitlines() if _BIBTEX_ERROR.search(line)]
        counted = _BIBTEX_ERROR_COUNT.findall(blg)
        n = int(counted[-1].replace("one", "1")) if counted else 0
        while len(run.tool_errors) < n:
            run.tool_errors.append("bibtex error (counted in .blg)")
        if not run.tool_errors and run.tool_exit >= 2:
            run.tool_errors.append(f"bibtex exit code {run.tool_exit}")
        _scan_log(run, cwd, job)
        return run


def compile_biblatex(bib: str, style: str = "numeric", keep: Path | None = None) -> LatexRun:
    """pdflatex + biblatex + ``biber --validate-datamodel`` over ``bib``; see the module docstring."""
    with tempfile.TemporaryDirectory(prefix="rnnbib-latex-") as tmp:
        cwd = Path(keep or tmp)
        cwd.mkdir(parents=True, exist_ok=True)
        (cwd / "refs.bib").write_text(bib, encoding="utf-8")
        job = "b_biber"
        head = f"\\usepackage[backend=biber,style={style}]{{biblatex}}\n\\addbibresource{{refs.bib}}\n"
        (cwd / f"{job}.tex").write_text(_document(bib, head, "\\printbibliography\n"), encoding="utf-8")
        run = LatexRun(name=f"biber ({style})")
        _latex(job, cwd)
        run.tool_exit = _run(["biber", "--validate-datamodel", job], cwd)
        _latex(job, cwd)
        _latex(job, cwd)
        blg = _read(cwd / f"{job}.blg")
        run.tool_warnings = [line for line in blg.splitlines() if "WARN - " in line]
        run.tool_errors = [line for line in blg.splitlines() if "ERROR - " in line]
        if not blg:
            run.tool_errors.append(f"biber wrote no .blg (exit {run.tool_exit})")
        elif not run.tool_errors and run.tool_exit != 0:
            run.tool_errors.append(f"biber exit code {run.tool_exit}")
        _scan_log(run, cwd, job)
        return run


# -- test data: works built by hand (no reader involved) ----------------------------------------

HOSTILE_TITLES = [
    r"Costs & benefits: 100% of $5 for #1 a_b ~ x^2 \ back",
    "Unbalanced {brace and } closing } more } and { open",
    "@misc{evil, title={injected}} and % a comment",
    "LSTM and GRU: Training RNNs with TensorFlow on ImageNet",
    "Quotes ``double'' and 'single' -- dashes --- and !` ?` << >>",
    "Tabs\tand\nnewlines\r\nand NUL\x00 and bell\x07 inside",
]


def hostile_works() -> list[Work]:
    """Works with hostile titles, names, notes and links, plus one of each main type."""
    names = [
        {"family": "Gogh", "given": "Vincent", "non-dropping-particle": "van"},
        {"family": "Kaiser", "given": "Łukasz"},
        {"family": "Søndergaard", "given": "Çelik"},
        {"family": "Müller", "given": "Émile"},
        {"literal": "Google DeepMind"},
        {"family": "Smith & Sons", "given": "A_b"},
    ]
    works: list[Work] = []
    for n, title in enumerate(HOSTILE_TITLES):
        work = Work(key=f"hostile{n}", csl={
            "type": "article-journal", "title": title, "author": names,
            "container-title": "Journal of {Odd} & 50% Things", "volume": "1", "issue": "2",
            "page": "10-20", "issued": {"date-parts": [[2020, 5, 17]]},
            "DOI": "10.1000/xyz_123<>#%", "URL": "https://example.org/a_b/c%20d?x=1&y=~z#frag",
        })
        work.notes.append("intro: 50% better & faster {really} \\o/ #1")
        work.links.append(Link("https://github.com/a_b/c-d#readme~x", "code", "github"))
        work.keywords.append("RNN & LSTM")
        work.sections.append(("Tips_and_tricks", "50% off"))
        works.append(work)
    preprint = Work(key="mnih2014recurrent", csl={
        "type": "article", "title": "Recurrent Models of Visual Attention",
        "author": [{"family": "Mnih", "given": "Volodymyr"}, {"family": "Heess", "given": "Nicolas"}],
        "number": "arXiv:1406.6247", "publisher": "arXiv", "issued": {"date-parts": [[2014, 6, 24]]},
        "URL": "https://arxiv.org/abs/1406.6247",
    }, identifiers=[Identifier("arxiv", "1406.6247", "v1")], extra={"arxiv_class": "cs.LG"})
    conference = Work(key="graves2013speech", csl={
        "type": "paper-conference", "title": "Speech Recognition with Deep Recurrent Neural Networks",
        "author": [{"family": "Graves", "given": "Alex"}], "container-title": "ICASSP 2013",
        "publisher": "IEEE", "page": "6645-6649", "issued": {"date-parts": [[2013]]},
        "DOI": "10.1109/ICASSP.2013.6638947",
    })
    software = Work(key="karpathy2015charrnn", csl={
        "type": "software", "title": "char-rnn", "author": [{"family": "Karpathy", "given": "Andrej"}],
        "URL": "https://github.com/karpathy/char-rnn", "issued": {"date-parts": [[2015]]},
    }, identifiers=[Identifier("github", "karpathy/char-rnn")])
    blog = Work(key="olah2015understanding", csl={
        "type": "post-weblog", "title": "Understanding LSTM Networks",
        "author": [{"family": "Olah", "given": "Christopher"}], "container-title": "colah's blog",
        "URL": "https://colah.github.io/posts/2015-08-Understanding-LSTMs/",
        "issued": {"date-parts": [[2015, 8, 27]]}, "accessed": {"date-parts": [[2024, 1, 15]]},
    })
    thesis = Work(key="sutskever2013training", csl={
        "type": "thesis", "title": "Training Recurrent Neural Networks", "genre": "PhD thesis",
        "author": [{"family": "Sutskever", "given": "Ilya"}], "publisher": "University of Toronto",
        "issued": {"date-parts": [[2013]]},
    })
    return [*works, preprint, conference, software, blog, thesis]
