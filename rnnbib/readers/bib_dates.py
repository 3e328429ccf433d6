"""Dates of ``.bib`` entries as CSL dates: biblatex ``date`` (ISO 8601 / EDTF level 1) and BibTeX ``year``.

``date = {2001-03/2002-04}`` → ``{"date-parts": [[2001, 3], [2002, 4]]}`` (a range);
``1988/`` and ``1988/..`` are open ranges (only the start is kept);
``1999~`` / ``1999?`` / ``1999%`` set ``circa``; ``19XX`` keeps ``literal``.
``year = {2000--2001}`` (or ``2000/2001``) is a range too; ``month`` (name, macro or
number) and ``day`` refine a single year.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["bib_date"]

_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_ISO = re.compile(r"(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:T[\d:]+Z?)?([?~%]?)")
_YEAR_RANGE = re.compile(r"\s*(\d{4})\s*(?:--?|–|—|/)\s*(\d{4})\s*")


def _iso_part(text: str) -> tuple[list[int], bool] | None:
    match = _ISO.fullmatch(text.strip())
    if not match:
        return None
    parts = [int(p) for p in match.groups()[:3] if p]
    if len(parts) > 1 and not 1 <= parts[1] <= 12:
        parts = parts[:1]  # seasons (21-24) and bad months: the year stays
    if len(parts) > 2 and not 1 <= parts[2] <= 31:
        parts = parts[:2]
    return parts, bool(match.group(4))


def _from_date(value: str) -> dict[str, Any] | None:
    value = value.strip()
    if not value:
        return None
    if re.fullmatch(r"\d{2}[\dX]X|\d{3}X", value):
        return {"literal": value}
    start, sep, end = value.partition("/")
    first = _iso_part(start)
    if first is None:
        return None
    parts = [first[0]]
    circa = first[1]
    if sep:
        last = _iso_part(end) if end.strip() not in ("", "..") else None
        if last is not None:
            parts.append(last[0])
            circa = circa or last[1]
    date: dict[str, Any] = {"date-parts": parts}
    if circa:
        date["circa"] = True
    return date


def bib_date(fields: dict[str, str], prefix: str = "") -> dict[str, Any] | None:
    """The CSL date of ``{prefix}date``, else of ``{prefix}year``/``month``/``day``; None when absent.

    ``fields`` are decoded text values.
    """
    date = _from_date(fields.get(prefix + "date", ""))
    if date is not None:
        return date
    year_text = fields.get(prefix + "year", "") or fields.get(prefix + "date", "")
    span = _YEAR_RANGE.fullmatch(year_text)
    if span:
        return {"date-parts": [[int(span.group(1))], [int(span.group(2))]]}
    year = re.search(r"\d{4}", year_text)
    if not year:
        return None
    parts = [int(year.group())]
    month = fields.get(prefix + "month", "").strip().lower()
    number = _MONTHS.get(month[:3]) if month[:3].isalpha() else int(month) if month.isdigit() else None
    if number and 1 <= number <= 12:
        parts.append(number)
        day = fields.get(prefix + "day", "").strip()
        if day.isdigit() and 1 <= int(day) <= 31:
            parts.append(int(day))
    return {"date-parts": [parts]}
