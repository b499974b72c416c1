"""The summary of a batch: one row per snapshot, as a text table, JSON and an HTML index."""

from __future__ import annotations

import json
from typing import Any

from linter.report.html_page import esc, page, table
from linter.report.inventory import text_table
from linter.run.results import SnapshotOutcome
from linter.support.userfiles import tool_header

COLUMNS = ("error", "warning", "info", "inconclusive", "suppressed", "objects")


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
                "reports": files.get(o.name, {}),
            }
            for o in outcomes
        ],
    }


def render_json(outcomes: list[SnapshotOutcome], files: dict[str, dict[str, str]]) -> str:
    return json.dumps(summary_json(outcomes, files), indent=2, ensure_ascii=False) + "\n"


def render_html(outcomes: list[SnapshotOutcome], files: dict[str, dict[str, str]]) -> str:
    rows = []
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
    headers = [("Snapshot", ""), *((c, "num") for c in COLUMNS), ("Result", "")]
    body = [
        "<header><h1>hybridlint batch summary</h1>",
        f'<p class="meta"><span>{len(outcomes)} snapshot(s)</span></p></header>',
        "<main>",
        table("snapshots", headers, rows, ""),
        "</main>",
    ]
    return page("hybridlint batch summary", "\n".join(body))
