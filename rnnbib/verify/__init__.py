"""``rnnbib check``: verify a bibliography against the authorities.

>>> import rnnbib
>>> result = rnnbib.check("refs.bib", offline=True)    # doctest: +SKIP
>>> result.exit_code, [c.verdict for c in result.checks]  # doctest: +SKIP

Each work gets a verdict (``verified``, ``mismatch``, ``wrong-identifier``, ``not-found``,
``unverifiable``), a confidence and its field comparisons; see :mod:`.verdict`.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..bibliography import Bibliography, read
from ..online.config import ResolveConfig
from .verdict import PROBLEM_VERDICTS, VERDICTS, WorkCheck

__all__ = ["CheckResult", "WorkCheck", "check", "check_bibliography"]

PathLike = str | os.PathLike[str]


@dataclass
class CheckResult:
    """Every work's :class:`WorkCheck`, the bibliography checked and run-level problems."""

    bibliography: Bibliography
    checks: list[WorkCheck]
    warnings: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 when every work is verified or unverifiable, 1 otherwise."""
        return 1 if any(c.problem for c in self.checks) else 0

    def strict_exit_code(self) -> int:
        """:attr:`exit_code`, and 1 when a work could not be checked because a service did not answer."""
        unchecked = any(c.verdict == "unverifiable" and c.unanswered for c in self.checks)
        return 1 if self.exit_code or unchecked else 0

    def counts(self) -> dict[str, int]:
        """Works per verdict (every verdict listed)."""
        found = Counter(c.verdict for c in self.checks)
        return {v: found.get(v, 0) for v in VERDICTS}

    def problem_lines(self) -> list[str]:
        """``refs.bib:120 key: year 2018 ≠ 2017 (crossref)``: one line per problem."""
        lines: list[str] = []
        for item in self.checks:
            if item.verdict not in PROBLEM_VERDICTS:
                continue
            where = f"{item.work.source} " if item.work.source else ""
            key = item.work.extra.get("bibtex_key") or item.work.key
            lines.extend(f"{where}{key}: {message}" for message in item.messages)
        return lines

    def report(self) -> dict[str, Any]:
        """The JSON report: a summary and one row per work."""
        return {"summary": {"inputs": self.bibliography.inputs, "works": len(self.checks),
                            "verdicts": self.counts(), "exit_code": self.exit_code,
                            "warnings": list(self.warnings)},
                "works": [c.to_dict() for c in self.checks]}

    def html(self) -> str:
        """The self-contained HTML report."""
        from .html import render

        return render(self)


def check_bibliography(bib: Bibliography, **options: Any) -> CheckResult:
    """Check the works of ``bib``; options are :class:`~rnnbib.online.config.ResolveConfig` fields."""
    from ..online.http import HttpClient
    from .run import check_works

    config = ResolveConfig.from_options(**options)
    http = HttpClient(config)
    try:
        checks = check_works(bib.works, config, http)
    finally:
        http.close()
    return CheckResult(bib, checks, list(http.warnings))


def check(*paths: PathLike, fmt: str | None = None, **options: Any) -> CheckResult:
    """Read ``paths`` (any input format) without merging and check every entry."""
    bib = read(*paths, fmt=fmt, merge=False)
    return check_bibliography(bib, **options)
