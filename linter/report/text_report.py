"""Plain-text findings for a terminal or a log: grouped by severity, one block per finding."""

from __future__ import annotations

from typing import TYPE_CHECKING

from linter.rules.model import SEVERITIES, Finding

if TYPE_CHECKING:
    from linter.report.formats import Report


def _finding(finding: Finding) -> list[str]:
    where = f"{finding.kind} '{finding.identity}' ({finding.side})"
    lines = [f"  {finding.rule_id}  {where}  {finding.file}:{finding.line}", f"    {finding.message}"]
    if finding.expected is not None or finding.actual is not None:
        lines += [f"    expected: {finding.expected}", f"    actual:   {finding.actual}"]
    if finding.remediation:
        lines.append("    fix:      " + finding.remediation.replace("\n", "\n              "))
    return [*lines, ""]


def render_report(report: Report) -> str:
    findings = report.findings
    lines: list[str] = []
    for severity in SEVERITIES:
        group = [f for f in findings if f.severity == severity]
        if group:
            lines.append(f"{severity.upper()} ({len(group)})")
            for finding in group:
                lines += _finding(finding)
    counts = ", ".join(f"{sum(1 for f in findings if f.severity == s)} {s}" for s in SEVERITIES)
    lines.append(f"{len(findings)} finding(s): {counts}; {len(report.rules)} rules on {report.object_count} "
                 f"objects as of {report.as_of.isoformat()}")
    if report.suppressed:
        lines += ["", f"SUPPRESSED ({len(report.suppressed)}), not counted above"]
    for finding, entry in report.suppressed:
        lines.append(f"  {finding.rule_id}  {finding.kind} '{finding.identity}' ({finding.side})  "
                     f"{finding.file}:{finding.line}")
        until = f" until {entry.expires.isoformat()}" if entry.expires else ""
        lines.append(f"    reason: {entry.reason} (owner: {entry.owner or 'none named'}{until}; "
                     f"{entry.file}:{entry.line})")
    return "\n".join(lines) + "\n"
