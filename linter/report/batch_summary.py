"""The summary of a batch: one row per snapshot, as a text table, JSON and an HTML index."""

from __future__ import annotations

import json
from typing import Any

from linter.findings.model import AREAS
from linter.report.area_view import VERDICT_CSS
from linter.report.html_page import esc, page, table
from linter.report.inventory import text_table
from linter.run.results import SnapshotOutcome
from linter.support.userfiles import tool_header

COLUMNS = ("error", "warning", "info", "inconclusive", "suppressed", "objects")
# The executive summary's verdicts, short enough for a column per area.
_VERDICT_WORDS = {
    "errors": "errors",
    "warnings": "warnings",
    "not-checked": "not checked",
    "incomplete": "incomplete",
    "advice": "advice",
    "accepted": "accepted",
    "no-problem": "no problem",
}
_AREA_HEADINGS = {
    "mail-to-exchange-online": "To Exchange Online",
    "mail-from-exchange-online": "From Exchange Online",
    "certificates": "Certificates",
    "domains": "Domains",
    "hybrid-setup": "Hybrid setup",
}


def _status(outcome: SnapshotOutcome) -> str:
    if outcome.error is not None:
        return "unreadable"
    worst = outcome.worst()
    return "clean" if worst is None else f"{worst}s" if worst != "info" else "info only"


def render_text(outcomes: list[SnapshotOutcome]) -> str:
    headers = ["snapshot", *COLUMNS, "result"]
    rows = [
        [
            o.path,
            *(str(o.counts.get(c, "")) if o.error is None else "-" for c in COLUMNS),
            _status(o) if o.error is None else o.error,
        ]
        for o in outcomes
    ]
    totals = [sum(o.counts.get(c, 0) for o in outcomes) for c in COLUMNS]
    unreadable = sum(1 for o in outcomes if o.error is not None)
    footer = (
        f"{len(outcomes)} snapshot(s): "
        + ", ".join(f"{n} {c}" for n, c in zip(totals, COLUMNS, strict=True))
        + (f"; {unreadable} unreadable" if unreadable else "")
    )
    right = frozenset(range(1, len(COLUMNS) + 1))
    return "\n".join([*text_table(headers, rows, right), footer]) + "\n"


def summary_json(outcomes: list[SnapshotOutcome], files: dict[str, dict[str, str]]) -> dict[str, Any]:
    """`files`: per snapshot name, format -> the report file written (relative to the output folder)."""
    return {
        "tool": tool_header(),
        "snapshots": [
            {
                "path": o.path,
                "name": o.name,
                "status": _status(o),
                "error": o.error,
                "counts": {c: o.counts[c] for c in COLUMNS} if o.error is None else None,
                "areas": dict(o.verdicts) if o.error is None else None,
                "reports": files.get(o.name, {}),
            }
            for o in outcomes
        ],
    }


def render_json(outcomes: list[SnapshotOutcome], files: dict[str, dict[str, str]]) -> str:
    return json.dumps(summary_json(outcomes, files), indent=2, ensure_ascii=False) + "\n"


def render_html(outcomes: list[SnapshotOutcome], files: dict[str, dict[str, str]]) -> str:
    rows, verdict_rows = [], []
    for o in outcomes:
        link = files.get(o.name, {}).get("html")
        name = f'<a href="{esc(link)}">{esc(o.path)}</a>' if link else esc(o.path)
        numbers = "".join(
            f'<td class="num">{o.counts.get(c, 0)}</td>' if o.error is None else '<td class="num">-</td>'
            for c in COLUMNS
        )
        status = esc(o.error) if o.error is not None else esc(_status(o))
        worst = o.worst() or "ok"
        rows.append(
            f'<tr class="row"><td>{name}</td>{numbers}<td><span class="badge {esc(worst)}">{status}</span></td></tr>'
        )
        verdicts = "".join(_verdict_cell(o.verdicts.get(area)) for area in AREAS)
        verdict_rows.append(f'<tr class="row"><td>{name}</td>{verdicts}</tr>')
    headers = [("Snapshot", ""), *((c, "num") for c in COLUMNS), ("Result", "")]
    verdict_headers = [("Snapshot", ""), *((_AREA_HEADINGS[area], "") for area in AREAS)]
    body = [
        "<header><h1>hybridlint batch summary</h1>",
        f'<p class="meta"><span>{len(outcomes)} snapshot(s)</span></p></header>',
        "<main>",
        table("snapshots", headers, rows, ""),
        '<h2 id="verdicts-by-area">Verdict by area</h2>',
        '<p class="muted">Each report\'s executive summary, side by side: "no problem" only where every check of '
        "the area ran on exports that were there.</p>",
        table("verdicts", verdict_headers, verdict_rows, ""),
        "</main>",
    ]
    return page("hybridlint batch summary", "\n".join(body))


def _verdict_cell(verdict: str | None) -> str:
    if verdict is None:
        return "<td>-</td>"
    rank = list(_VERDICT_WORDS).index(verdict)  # sorting puts the worst verdict first
    label = _VERDICT_WORDS[verdict]
    return f'<td data-value="{rank}"><span class="verdict {VERDICT_CSS[verdict]}">{esc(label)}</span></td>'
