"""Plain-text findings for logs, pipes and files: grouped by severity, then by object.

Each object is named once with the export file and line it came from; under it, each finding
with its message, expected against actual, and the fix. rich_text shows the same on a terminal.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from linter.findings.model import SEVERITIES, Finding, count_findings
from linter.report.area_view import area_lines
from linter.report.coverage_view import coverage_lines
from linter.run.areas import area_summaries
from linter.support.text import one_line, printable

if TYPE_CHECKING:
    from linter.run.results import Report


def object_label(finding: Finding) -> str:
    server = f" on {finding.server}" if finding.server else ""
    return one_line(f"{finding.kind} '{finding.identity}' ({finding.side}{server})")


def by_severity_and_object(findings: list[Finding]) -> Iterator[tuple[str, list[list[Finding]]]]:
    """(severity, findings per object) in report order: objects in the order their first finding comes."""
    for severity in SEVERITIES:
        groups: dict[tuple[str, str, str, str, str], list[Finding]] = {}
        for finding in findings:
            if finding.severity == severity:
                key = (finding.kind, finding.side, finding.identity.casefold(), finding.server or "", finding.file)
                groups.setdefault(key, []).append(finding)
        if groups:
            yield severity, list(groups.values())


def _finding(finding: Finding) -> list[str]:
    outcome = "" if finding.outcome == "fail" else f" [{finding.outcome}]"
    lines = [f"    {finding.rule_id}{outcome}  {one_line(finding.message)}"]
    if finding.expected is not None or finding.actual is not None:
        lines += [
            f"      expected: {one_line(str(finding.expected))}",
            f"      actual:   {one_line(str(finding.actual))}",
        ]
    if finding.missing:
        lines.append(f"      not in the export: {one_line(', '.join(finding.missing))}")
    lines.extend(f"      related:  {one_line(related)}" for related in finding.related_lines())
    if finding.remediation:
        if finding.shell_label():
            lines.append(f"      run in:   {finding.shell_label()}")
        lines.append("      fix:      " + printable(finding.remediation).replace("\n", "\n                "))
    return lines


def summary_line(report: Report) -> str:
    findings = report.findings
    counted = count_findings(findings)
    counts = ", ".join(f"{counted[s]} {s}" for s in SEVERITIES)
    return (
        f"{len(findings)} finding(s): {counts}; {len(report.rules)} rules on {report.object_count} "
        f"objects as of {report.as_of.isoformat()}"
    )


def render_report(report: Report) -> str:
    lines: list[str] = []
    for severity, objects in by_severity_and_object(report.findings):
        lines.append(f"{severity.upper()} ({sum(len(group) for group in objects)})")
        for group in objects:
            first = group[0]
            lines.append(f"  {object_label(first)}  {one_line(first.file)}:{first.line}")
            for finding in group:
                lines += _finding(finding)
            lines.append("")
    lines.append(summary_line(report))
    lines += ["", "VERDICT BY AREA", *(f"  {line}" for _, line in area_lines(area_summaries(report)))]
    lines += ["", "COVERAGE", *(f"  {one_line(line)}" for line in coverage_lines(report.coverage))]
    if report.coverage.warnings:
        lines.append("  (the reader warnings: on stderr with lint --verbose, and in every other format)")
    if report.suppressed:
        lines += ["", f"SUPPRESSED ({len(report.suppressed)}), not counted above"]
    for finding, entry in report.suppressed:
        lines.append(f"  {finding.rule_id}  {object_label(finding)}  {one_line(finding.file)}:{finding.line}")
        until = f" until {entry.expires.isoformat()}" if entry.expires else ""
        lines.append(
            one_line(
                f"    reason: {entry.reason} (owner: {entry.owner or 'none named'}{until}; {entry.file}:{entry.line})"
            )
        )
    # A last pass for what the lines above do not name (coverage lines carry file names too).
    return printable("\n".join(lines)) + "\n"
