"""One self-contained HTML file a consultant can send to a customer.

Summary by area and severity, a filterable findings table with expected/actual/fix per finding,
the suppressed findings apart, and the snapshot inventory: what was read, from which file, and
the warnings reading it raised.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from linter.findings.model import CATEGORIES, SEVERITIES, SEVERITY_RANK, Finding, count_each_once
from linter.report.html_coverage import coverage_section
from linter.report.html_page import cards, esc, filters, finding_details, meta, page, table
from linter.report.html_summary import executive_summary
from linter.run.areas import area_summaries

if TYPE_CHECKING:
    from linter.findings.suppressions import Suppression
    from linter.run.results import Report
    from linter.snapshot.model import Snapshot


def _object_cell(finding: Finding) -> str:
    return (
        f'{esc(finding.kind)} <b>{esc(finding.identity)}</b><br><span class="muted">{esc(finding.side)}'
        f"{' on ' + esc(finding.server) if finding.server else ''}</span>"
    )


def finding_row(finding: Finding, extra_cells: str = "") -> str:
    rank = SEVERITY_RANK[finding.severity]
    outcome = "" if finding.outcome == "fail" else f' <span class="muted">({esc(finding.outcome)})</span>'
    return (
        f'<tr class="row" data-severity="{esc(finding.severity)}" data-category="{esc(finding.category)}" '
        f'data-side="{esc(finding.side)}" data-outcome="{esc(finding.outcome)}">'
        f'<td data-value="{rank}"><span class="badge {esc(finding.severity)}">{esc(finding.severity)}</span></td>'
        f'<td class="mono rule">{esc(finding.rule_id)}</td><td>{esc(finding.category)}</td>'
        f"<td>{_object_cell(finding)}</td>"
        f'<td><details class="finding"><summary>{esc(finding.problem)}{outcome}'
        f'<br><span class="muted check">{esc(finding.title)}</span></summary>'
        f"{finding_details(finding)}</details></td>{extra_cells}</tr>"
    )


def _present(values: Sequence[str], order: Sequence[str]) -> list[str]:
    seen = set(values)
    return [v for v in order if v in seen] + sorted(seen - set(order))


def findings_table(
    table_id: str,
    findings: list[Finding],
    empty: str,
    extra_headers: tuple[str, ...] = (),
    extra_cells: list[str] | None = None,
) -> str:
    if not findings:
        return '<p class="empty">None.</p>'
    categories = _present([f.category for f in findings], CATEGORIES)
    selects: dict[str, tuple[str, list[str]]] = {
        "severity": ("Severity", _present([f.severity for f in findings], SEVERITIES)),
        "category": ("Area", categories),
        "side": ("Side", sorted({f.side for f in findings})),
        "outcome": ("Outcome", sorted({f.outcome for f in findings})),
    }
    headers = [("Severity", ""), ("Rule", ""), ("Area", ""), ("Object", ""), ("Finding", "")]
    headers += [(label, "") for label in extra_headers]
    cells = extra_cells or [""] * len(findings)
    rows = [finding_row(f, extra) for f, extra in zip(findings, cells, strict=True)]
    shape = "rows findings-table" + (" with-suppression" if extra_headers else "")
    return filters(table_id, selects, "Filter: rule, object, value, text of the fix ...") + table(
        table_id, headers, rows, empty, shape
    )


def _filter_link(count: int, category: str, severity: str = "") -> str:
    """A count that filters the findings table when clicked; plain text until the script shows the button."""
    severity_attribute = f' data-severity="{severity}"' if severity else ""
    return (
        f'<span class="plain">{count}</span><button type="button" class="link" data-target="findings" '
        f'data-category="{esc(category)}"{severity_attribute} hidden>{count}</button>'
    )


def _summary(findings: list[Finding]) -> list[str]:
    counts: Counter[tuple[str, str]] = Counter((f.category, f.severity) for f in findings)
    categories = _present([f.category for f in findings], CATEGORIES)
    head = "".join(f'<th class="num">{esc(s)}</th>' for s in SEVERITIES)
    lines = ['<table class="matrix"><thead><tr><th>Area</th>' + head + '<th class="num">total</th></tr></thead><tbody>']
    for category in categories:
        cells = []
        for severity in SEVERITIES:
            n = counts[(category, severity)]
            cells.append(
                f'<td class="num">{_filter_link(n, category, severity)}</td>' if n else '<td class="num muted">0</td>'
            )
        total = sum(counts[(category, s)] for s in SEVERITIES)
        lines.append(
            f'<tr><th scope="row">{esc(category)}</th>{"".join(cells)}'
            f'<td class="num">{_filter_link(total, category)}</td></tr>'
        )
    lines.append("</tbody></table>")
    return lines


def _cards(report: Report) -> str:
    # Each finding once: a severity card counts the findings judged, the inconclusive card the rest.
    counted = count_each_once(report.findings)
    counts: list[tuple[str, int, str]] = [(s, counted[s], s) for s in SEVERITIES]
    counts.append(("inconclusive", counted["inconclusive"], "info"))
    counts.append(("suppressed", len(report.suppressed), ""))
    return cards(counts)


def suppressed_table(table_id: str, pairs: list[tuple[Finding, Suppression]]) -> str:
    """Findings a suppression accepted, each with its reason, owner, expiry and the entry that accepted it."""
    cells = [
        f"<td>{esc(entry.reason)}</td><td>{esc(entry.owner or '')}</td>"
        f"<td>{esc(entry.expires.isoformat() if entry.expires else '')}</td>"
        f'<td class="mono">{esc(entry.file)}:{entry.line}</td>'
        for _, entry in pairs
    ]
    return findings_table(
        table_id,
        [f for f, _ in pairs],
        "No suppressed finding matches the filter.",
        ("Reason", "Owner", "Expires", "Entry"),
        cells,
    )


def _suppressed(report: Report) -> list[str]:
    return [
        f'<h2 id="suppressed-findings">Suppressed findings ({len(report.suppressed)})</h2>',
        '<p class="muted">Accepted in the suppressions file with a reason; not counted above.</p>',
        suppressed_table("suppressed", report.suppressed),
    ]


def inventory(snapshot: Snapshot) -> list[str]:
    """What was read: the manifest, each file with its kinds, the warnings, every object."""
    lines = ['<h2 id="inventory">Snapshot inventory</h2>']
    manifest = snapshot.manifest
    if manifest is not None:
        versions = ", ".join(f"{server} {version}" for server, version in sorted(manifest.exchange_versions.items()))
        lines.append(
            '<dl class="kv">'
            + "".join(
                f"<dt>{esc(label)}</dt><dd>{esc(value)}</dd>"
                for label, value in (
                    ("Organisation", manifest.organization),
                    ("Exported", manifest.export_date),
                    ("Exchange versions", versions),
                    ("Manifest", manifest.source),
                )
                if value
            )
            + "</dl>"
        )
    file_rows = [
        f'<tr class="row"><td class="mono">{esc(f.path)}</td><td>{esc(f.format)}</td><td>{esc(f.encoding)}</td>'
        f"<td>{esc(', '.join(sorted(f.sides)) or '-')}</td>"
        f"<td>{esc(', '.join(f'{k} x{n}' for k, n in sorted(f.kinds.items())) or '-')}</td>"
        f'<td class="num">{f.object_count}</td></tr>'
        for f in snapshot.files
    ]
    lines += [
        f"<h3>Files read ({len(snapshot.files)})</h3>",
        table(
            "files",
            [("File", ""), ("Format", ""), ("Encoding", ""), ("Side", ""), ("Kinds", ""), ("Objects", "num")],
            file_rows,
            "No file.",
        ),
    ]
    warning_rows = [
        f'<tr class="row"><td class="mono">{esc(w.code)}</td><td>{esc(w.message)}</td>'
        f'<td class="mono">{esc(w.source)}</td></tr>'
        for w in snapshot.warnings
    ]
    lines.append(f"<h3>Warnings while reading ({len(snapshot.warnings)})</h3>")
    lines.append(
        table("warnings", [("Code", ""), ("Warning", ""), ("Source", "")], warning_rows, "")
        if warning_rows
        else '<p class="empty">None: every file was read in full.</p>'
    )
    object_rows = [
        f'<tr class="row" data-side="{esc(o.side)}" data-kind="{esc(o.kind)}"><td>{esc(o.kind)}</td>'
        f"<td>{esc(o.side)}</td><td>{esc(o.identity)}</td><td>{esc(o.server or '')}</td>"
        f'<td class="mono">{esc(o.source)}</td></tr>'
        for o in snapshot.objects
    ]
    selects: dict[str, tuple[str, list[str]]] = {
        "kind": ("Kind", sorted({o.kind for o in snapshot.objects})),
        "side": ("Side", sorted({o.side for o in snapshot.objects})),
    }
    lines += [
        f"<details><summary>Objects read ({len(snapshot.objects)})</summary>",
        filters("objects", selects, "Filter: identity, server, file ..."),
        table(
            "objects",
            [("Kind", ""), ("Side", ""), ("Identity", ""), ("Server", ""), ("Source", "")],
            object_rows,
            "No object matches the filter.",
            "rows objects-table",
        ),
        "</details>",
    ]
    return lines


def _title(report: Report) -> str:
    manifest = report.snapshot.manifest if report.snapshot is not None else None
    organization = manifest.organization if manifest is not None and manifest.organization else None
    return f"hybridlint report: {organization}" if organization else "hybridlint report"


def _header_and_notices(report: Report) -> tuple[str, list[str]]:
    """The facts under the title, and a notice when the EOP dataset is stale."""
    from linter.report.json_report import ruleset

    eop = report.eop_dataset
    files = f" from {len(report.snapshot.files)} file(s)" if report.snapshot is not None else ""
    facts = meta(
        [
            f"as of {report.as_of.isoformat()}",
            f"{report.object_count} objects{files}",
            f"{len(report.rules)} rules (rule set {ruleset(report.rules)['version']})",
            f"EOP ranges ({eop.instance}) as of {eop.as_of}{' (stale)' if eop.stale else ''}"
            if eop.instance
            else "no EOP ranges used",
        ]
    )
    notices = [
        '<p class="notice">The Exchange Online Protection address ranges these checks compare with are '
        f"{eop.age_days} days old (as of {esc(eop.as_of or '')}). Microsoft changes them from time to time: "
        "import the current list (hybridlint eop-ranges import) before relying on the stale-range findings.</p>"
    ]
    return facts, notices if eop.stale else []


def render_report(report: Report) -> str:
    findings = report.findings
    facts, notices = _header_and_notices(report)
    body = [
        "<header>",
        f"<h1>{esc(_title(report))}</h1>",
        facts,
        "</header>",
        "<main>",
        '<h2 id="summary">Summary</h2>',
        _cards(report),
        *notices,
        *executive_summary(area_summaries(report)),
    ]
    if report.baseline is not None:
        known = report.baseline
        body.append(
            f'<p class="notice">Baseline {esc(known.file)}: only findings it does not list are shown. '
            f"{esc(known.known)} known, {esc(known.fixed)} fixed since.</p>"
        )
    if findings:
        body += ['<h2 id="by-category">Findings by category and severity</h2>', *_summary(findings)]
    else:
        body.append('<p class="notice ok">No findings.</p>')
    body += [
        f'<h2 id="findings-section">Findings ({len(findings)})</h2>',
        findings_table("findings", findings, "No finding matches the filter."),
    ]
    if report.suppressed:
        body += _suppressed(report)
    body += coverage_section(report.coverage)
    if report.snapshot is not None:
        body += inventory(report.snapshot)
    body.append("</main>")
    return page(_title(report), "\n".join(body))
