"""`hybridlint diff --format html`: a pre-change audit to attach to a change request.

Findings the change introduces come first (they decide whether it may go ahead), then those it
resolves, then the objects added, removed and changed with each property before and after.
"""

from __future__ import annotations

from datetime import date

from linter.findings.diff import SnapshotDiff
from linter.findings.model import SEVERITIES, count_findings
from linter.report.diff_text import short_value
from linter.report.html_page import cards, esc, filters, meta, page, table
from linter.report.html_report import findings_table, suppressed_table
from linter.snapshot.model import SnapshotObject


def _object_cells(obj: SnapshotObject) -> str:
    return (
        f"<td>{esc(obj.kind)}</td><td><b>{esc(obj.identity)}</b></td><td>{esc(obj.side)}</td>"
        f"<td>{esc(obj.server or '')}</td>"
    )


def _objects_table(result: SnapshotDiff) -> str:
    rows = []
    for change, objects in (("added", result.added), ("removed", result.removed)):
        rows += [
            f'<tr class="row" data-change="{change}" data-kind="{esc(o.kind)}" data-side="{esc(o.side)}">'
            f'<td><span class="badge {change}">{change}</span></td>{_object_cells(o)}'
            f'<td class="mono">{esc(o.source)}</td></tr>'
            for o in objects
        ]
    for changed in result.changed:
        obj = changed.obj
        properties = "".join(
            f'<tr><td class="mono">{esc(p.name)}</td><td class="mono actual">{esc(short_value(p.before))}</td>'
            f'<td class="mono expected">{esc(short_value(p.after))}</td></tr>'
            for p in changed.changes
        )
        rows.append(
            f'<tr class="row" data-change="changed" data-kind="{esc(obj.kind)}" data-side="{esc(obj.side)}">'
            f'<td><span class="badge info">changed</span></td>{_object_cells(obj)}'
            f'<td class="mono">{esc(obj.source)}<details><summary>{len(changed.changes)} '
            f"propert{'y' if len(changed.changes) == 1 else 'ies'}</summary><table><thead><tr>"
            f"<th>Property</th><th>Before</th><th>After</th></tr></thead><tbody>{properties}"
            "</tbody></table></details></td></tr>"
        )
    every = [*result.added, *result.removed, *(c.obj for c in result.changed)]
    present = (("added", result.added), ("removed", result.removed), ("changed", result.changed))
    selects: dict[str, tuple[str, list[str]]] = {
        "change": ("Change", [name for name, items in present if items]),
        "kind": ("Kind", sorted({o.kind for o in every})),
        "side": ("Side", sorted({o.side for o in every})),
    }
    return filters("changes", selects, "Filter: identity, property, value ...") + table(
        "changes",
        [("Change", ""), ("Kind", ""), ("Identity", ""), ("Side", ""), ("Server", ""), ("Source and properties", "")],
        rows,
        "No object matches the filter.",
        "rows changes-table",
    )


def render_diff(result: SnapshotDiff, before: str, after: str, as_of: date) -> str:
    introduced = {s: n for s, n in count_findings(result.introduced).items() if s in SEVERITIES}
    counts = [
        (
            f"introduced ({', '.join(f'{n} {s}' for s, n in introduced.items() if n) or 'none'})",
            len(result.introduced),
            "error" if introduced["error"] else "warning" if result.introduced else "ok",
        ),
        ("resolved", len(result.resolved), "ok"),
        ("objects added", len(result.added), ""),
        ("objects removed", len(result.removed), ""),
        ("objects changed", len(result.changed), ""),
    ]
    body = [
        "<header>",
        "<h1>hybridlint change audit</h1>",
        meta([f"before: {before}", f"after: {after}", f"as of {as_of.isoformat()}"]),
        "</header>",
        "<main>",
        '<h2 id="summary">Summary</h2>',
        cards(counts),
    ]
    if not (
        result.added or result.removed or result.changed or result.introduced or result.resolved or result.suppressed
    ):
        body.append('<p class="notice ok">No change: the two snapshots hold the same configuration.</p>')
    body += [
        f'<h2 id="introduced-section">Findings introduced ({len(result.introduced)})</h2>',
        findings_table("introduced", result.introduced, "No introduced finding matches the filter."),
        *(
            [
                f'<h2 id="suppressed-section">Introduced but suppressed ({len(result.suppressed)})</h2>',
                '<p class="muted">Accepted in the suppressions file with a reason; they do not fail the run.</p>',
                suppressed_table("suppressed", result.suppressed),
            ]
            if result.suppressed
            else []
        ),
        f'<h2 id="resolved-section">Findings resolved ({len(result.resolved)})</h2>',
        findings_table("resolved", result.resolved, "No resolved finding matches the filter."),
        f'<h2 id="objects-section">Objects ({len(result.added)} added, {len(result.removed)} removed, '
        f"{len(result.changed)} changed)</h2>",
        _objects_table(result),
        "</main>",
    ]
    return page(f"hybridlint change audit: {before} -> {after}", "\n".join(body))
