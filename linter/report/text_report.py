"""Plain-text findings for a terminal or a log: grouped by severity, one block per finding."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from linter.rules.model import SEVERITIES, Finding

if TYPE_CHECKING:
    from linter.report.formats import Report


def render(findings: list[Finding], as_of: date, rule_count: int, object_count: int) -> str:
    lines: list[str] = []
    for severity in SEVERITIES:
        group = [f for f in findings if f.severity == severity]
        if not group:
            continue
        lines.append(f"{severity.upper()} ({len(group)})")
        for finding in group:
            where = f"{finding.kind} '{finding.identity}' ({finding.side})"
            lines.append(f"  {finding.rule_id}  {where}  {finding.file}:{finding.line}")
            lines.append(f"    {finding.message}")
            if finding.expected is not None or finding.actual is not None:
                lines.append(f"    expected: {finding.expected}")
                lines.append(f"    actual:   {finding.actual}")
            if finding.remediation:
                lines.append("    fix:      " + finding.remediation.replace("\n", "\n              "))
            lines.append("")
    counts = ", ".join(f"{sum(1 for f in findings if f.severity == s)} {s}" for s in SEVERITIES)
    lines.append(f"{len(findings)} finding(s): {counts}; {rule_count} rules on {object_count} objects "
                 f"as of {as_of.isoformat()}")
    return "\n".join(lines) + "\n"


def render_report(report: Report) -> str:
    text = render(report.findings, report.as_of, len(report.rules), report.object_count)
    if not report.suppressed:
        return text
    lines = ["", f"SUPPRESSED ({len(report.suppressed)}), not counted above"]
    for finding, entry in report.suppressed:
        lines.append(f"  {finding.rule_id}  {finding.kind} '{finding.identity}' ({finding.side})  "
                     f"{finding.file}:{finding.line}")
        until = f" until {entry.expires.isoformat()}" if entry.expires else ""
        lines.append(f"    reason: {entry.reason} (owner: {entry.owner or 'none named'}{until}; "
                     f"{entry.file}:{entry.line})")
    return text + "\n".join(lines) + "\n"
