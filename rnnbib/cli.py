"""The ``rnnbib`` command: thin argument parsing over the Python API.

Exit codes: 0 success; 1 ``--strict`` and something failed to resolve (``convert``), or an entry
that is ``mismatch``, ``wrong-identifier`` or ``not-found`` (``check``); 2 usage or input error
(one line on stderr, no traceback); 130 interrupted.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import NoReturn

from ._version import __version__
from .errors import RnnbibError, UsageError
from .online.config import GITHUB_MODES
from .readers import READERS
from .writers import STYLED, WRITERS

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

OUTPUT_FORMATS = tuple(WRITERS)
INPUT_FORMATS = tuple(READERS)


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"rnnbib: error: {message} (see rnnbib {self._sub_name()}--help)\n")

    def _sub_name(self) -> str:
        parts = self.prog.split()
        return f"{parts[-1]} " if len(parts) > 1 else ""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used to document the CLI)."""
    parser = _Parser(prog="rnnbib", description="Turn a Markdown paper reading list into a bibliography.")
    parser.add_argument("--version", action="version", version=f"rnnbib {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    conv = sub.add_parser(
        "convert", help="read lists/.bib/CSL-JSON/id lists, resolve, write one bibliography",
        description="Read inputs (.md reading lists, .bib, CSL-JSON .json, .txt identifier lists), merge "
        "duplicates, resolve metadata online (unless --offline) and write one bibliography.",
    )
    _add_inputs(conv)
    conv.add_argument("-o", "--output", metavar="OUT", help="output file (default: stdout)")
    conv.add_argument("-t", "--to", dest="format", metavar="FORMAT", choices=OUTPUT_FORMATS,
                      help=f"output format: {', '.join(OUTPUT_FORMATS)} (default: from the -o suffix, else bibtex)")
    conv.add_argument("--style", default="apa", help="CSL style name or .csl file (text/html/markdown; default apa)")
    conv.add_argument("--locale", default="en-US", help="CSL locale (default en-US)")
    _add_service_options(conv)
    conv.add_argument("--github", choices=GITHUB_MODES, default=GITHUB_MODES[0],
                      help="which GitHub repos to resolve: software-only works (default), all code links, none")
    conv.add_argument("--keep-preprints", action="store_true",
                      help="cite preprints as preprints (their published versions are still reported); by default "
                      "the published version found through arXiv, Semantic Scholar, DBLP and Crossref is cited")
    conv.add_argument("--prefer-published", action="store_true",
                      help="accepted for compatibility: citing the published version is now the default")
    conv.add_argument("--no-pages", dest="pages", action="store_const", const=False, default=None,
                      help="do not read blog posts, web pages and videos for their authors and dates")
    conv.add_argument("--archived", action="store_true",
                      help="for a dead link, also read the metadata from its Internet Archive snapshot")
    conv.add_argument("--strict", action="store_true", help="exit 1 when any work failed to resolve")
    conv.add_argument("--report", metavar="FILE", help="write a JSON report: one row per work plus a summary")
    conv.add_argument("--keys", metavar="FILE", help="citekey lock file (read, then updated) to pin keys across runs")
    conv.add_argument("-q", "--quiet", action="store_true", help="no progress or summary on stderr")
    _add_check(sub)
    return parser


def _add_inputs(command: argparse.ArgumentParser) -> None:
    """The input files and ``-f/--from`` (convert and check read the same inputs)."""
    command.add_argument("inputs", nargs="+", metavar="INPUT", help="input files (.md, .bib, .json, .txt)")
    command.add_argument("-f", "--from", dest="input_format", metavar="FORMAT", choices=INPUT_FORMATS,
                         help=f"input format: {', '.join(INPUT_FORMATS)} (default: from each suffix)")


def _add_service_options(command: argparse.ArgumentParser) -> None:
    """``--offline``, ``--refresh`` and ``--mailto`` (convert and check ask the same services)."""
    command.add_argument("--offline", action="store_true",
                         help="never use the network; answer from the cache only (also RNNBIB_OFFLINE=1)")
    command.add_argument("--refresh", action="store_true", help="ignore cached responses and ask the services again")
    command.add_argument("--mailto", metavar="ADDRESS",
                         help="contact address sent to the services (polite pools; also RNNBIB_MAILTO)")


def _add_check(sub: argparse._SubParsersAction) -> None:
    check = sub.add_parser(
        "check", help="verify entries against arXiv, Crossref/DataCite and title searches",
        description="Check every entry of the inputs against the authorities: identifiers first, then a "
        "title search. Verdicts: verified, mismatch, wrong-identifier, not-found, unverifiable. Exit 0 when "
        "every entry is verified or unverifiable, 1 otherwise, 2 on a usage or input error.",
    )
    _add_inputs(check)
    check.add_argument("--report", metavar="FILE",
                       help="write the report: FILE.html a page with every entry and its field diff, else JSON")
    check.add_argument("--fix", metavar="OUT", help="write the .bib input with the contradicted fields corrected")
    check.add_argument("--strict", action="store_true",
                       help="also exit 1 when an entry could not be checked (a service did not answer)")
    _add_service_options(check)
    check.add_argument("-q", "--quiet", action="store_true", help="no problem lines or summary on stderr")


def _convert(args: argparse.Namespace) -> int:
    from .bibliography import read
    from .fileio import atomic_write
    from .report import human_summary
    from .writers import format_for, get_writer

    if args.keep_preprints and args.prefer_published:
        raise UsageError("--keep-preprints and --prefer-published contradict each other")
    fmt = format_for(args.output, args.format)
    get_writer(fmt)  # an unknown format fails before any work is done
    if fmt in STYLED:
        from .writers.formatted import check_style

        check_style(args.style, args.locale)
    bib = read(*args.inputs, fmt=args.input_format, keys=args.keys)
    from . import resolve  # the function (the package is rnnbib.online)

    resolve(bib, offline=args.offline or None,  # None: RNNBIB_OFFLINE decides
            refresh=args.refresh, mailto=args.mailto, github=args.github,
            keep_preprints=args.keep_preprints or None, quiet=args.quiet, pages=args.pages,
            archived=args.archived or None)
    bib.assign_keys(args.keys)
    text = bib.to_string(fmt, style=args.style, locale=args.locale)
    if args.output:
        atomic_write(args.output, text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    if args.report:
        atomic_write(args.report, json.dumps(bib.report(), indent=2, ensure_ascii=False) + "\n")
    if not args.quiet:
        for problem in bib.problems:
            if problem.kind in ("skip", "error", "warning"):
                print(f"rnnbib: {problem.kind}: {problem}", file=sys.stderr)
        for work in bib.works:
            for problem in work.problems:
                if problem.kind in ("wrong-identifier", "title-mismatch"):
                    print(f"rnnbib: {problem.kind}: {problem}", file=sys.stderr)
        where = args.output or "stdout"
        print(f"rnnbib: {human_summary(bib)} -> {where} ({fmt})", file=sys.stderr)
    failed = any(w.status in ("failed", "not-found") for w in bib.works)
    return EXIT_FAILED if args.strict and failed else EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from .fileio import atomic_write, read_text
    from .verify import check
    from .verify.fix import check_fixable, fix_bibtex

    fix_input = check_fixable(args.inputs) if args.fix else None
    result = check(*args.inputs, fmt=args.input_format, offline=args.offline or None, refresh=args.refresh,
                   mailto=args.mailto, quiet=args.quiet)
    if fix_input is not None:
        atomic_write(args.fix, fix_bibtex(read_text(fix_input), result.checks))
    if args.report:
        html = str(args.report).lower().endswith((".html", ".htm"))
        atomic_write(args.report, result.html() if html else
                     json.dumps(result.report(), indent=2, ensure_ascii=False) + "\n")
    if not args.quiet:
        for problem in result.bibliography.problems:
            if problem.kind in ("skip", "error"):
                print(f"rnnbib: {problem.kind}: {problem}", file=sys.stderr)
        for line in result.problem_lines():
            print(line, file=sys.stderr)
        for warning in result.warnings:
            print(f"rnnbib: warning: {warning}", file=sys.stderr)
        counts = ", ".join(f"{n} {v}" for v, n in result.counts().items() if n)
        print(f"rnnbib: checked {len(result.checks)} works ({counts or 'none'})", file=sys.stderr)
    input_errors = any(p.kind == "error" for p in result.bibliography.problems)
    if input_errors:
        return EXIT_USAGE
    code = result.strict_exit_code() if args.strict else result.exit_code
    return EXIT_FAILED if code else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return _check(args) if args.command == "check" else _convert(args)
    except RnnbibError as exc:
        print(f"rnnbib: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("rnnbib: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
