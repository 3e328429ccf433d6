"""The HTML check report: one self-contained page (inline CSS, no scripts, no remote assets).

Every work is one ``<tr class="work" id="work-N">`` with its verdict, confidence and a
side-by-side diff of the compared fields (written | found | source).  Every text from the
bibliography or a service is escaped.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from .verdict import VERDICTS

if TYPE_CHECKING:
    from . import CheckResult

STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid #ccc;padding:.3em .5em;vertical-align:top;text-align:left}
th{background:#f3f3f3}
.verdict{font-weight:bold;white-space:nowrap}
.verified .verdict{color:#1a7f37}.unverifiable .verdict{color:#666}
.mismatch .verdict,.wrong-identifier .verdict,.not-found .verdict{color:#b3261e}
table.diff{margin:.3em 0;font-size:13px}
tr.bad td{background:#fdecea}
.where{color:#666;font-size:12px}
"""


def _e(text: object) -> str:
    return escape(str(text if text is not None else ""), quote=True)


def _diff(item_fields: list[dict[str, object]]) -> str:
    if not item_fields:
        return ""
    rows = "".join(
        f'<tr class="{"ok" if f.get("ok") else "bad"}"><td>{_e(f["field"])}</td><td>{_e(f["written"])}</td>'
        f'<td>{_e(f["found"])}</td><td>{_e(f["source"])}</td>'
        f'<td>{"✓" if f.get("ok") else "✗ " + _e(f.get("note", ""))}</td></tr>'
        for f in item_fields)
    return ('<table class="diff"><thead><tr><th>field</th><th>written</th><th>found</th><th>source</th>'
            f"<th></th></tr></thead><tbody>{rows}</tbody></table>")


def render(result: CheckResult) -> str:
    """The whole page."""
    report = result.report()
    counts = report["summary"]["verdicts"]
    summary = ", ".join(f"{counts[v]} {v}" for v in VERDICTS if counts.get(v))
    rows = []
    for n, row in enumerate(report["works"], 1):
        problems = "".join(f"<li>{_e(p)}</li>" for p in row["problems"])
        fixes = "".join(f"<li>fixed {_e(f['field'])}: {_e(f['old'])} → {_e(f['new'])}</li>" for f in row["fixes"])
        notes = f"<ul>{problems}{fixes}</ul>" if problems or fixes else ""
        rows.append(
            f'<tr class="work {_e(row["verdict"])}" id="work-{n}" data-key="{_e(row["bibtex_key"] or row["key"])}">'
            f'<td>{n}</td><td><b>{_e(row["bibtex_key"] or row["key"])}</b>'
            f'<div class="where">{_e(row["location"])}</div></td>'
            f'<td>{_e(row["title"])}{notes}{_diff(row["fields"])}</td>'
            f'<td class="verdict">{_e(row["verdict"])}</td><td>{row["confidence"]:.2f}</td>'
            f'<td>{_e(", ".join(row["sources"]))}</td></tr>')
    inputs = ", ".join(report["summary"]["inputs"])
    warnings = "".join(f"<li>{_e(w)}</li>" for w in report["summary"]["warnings"])
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>rnnbib check: {_e(inputs)}</title><style>{STYLE}</style></head><body>"
        f"<h1>Bibliography check</h1><p>{_e(inputs)}: {len(rows)} works ({_e(summary)})</p>"
        + (f"<ul class=\"warnings\">{warnings}</ul>" if warnings else "")
        + '<table class="works"><thead><tr><th>#</th><th>key</th><th>title and fields</th><th>verdict</th>'
        "<th>confidence</th><th>records</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></body></html>\n"
    )
