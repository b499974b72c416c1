"""Findings as Markdown, for tickets and e-mails: a summary table, then one section per finding."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from linter.findings.model import SEVERITIES, Finding
from linter.report.area_view import checks_line, findings_line
from linter.report.coverage_view import coverage_lines
from linter.run.areas import area_summaries

if TYPE_CHECKING:
    from linter.run.results import Report


def _code(text: object) -> str:
    """Inline code that survives backticks in the value (Markdown's longer-fence rule)."""
    value = str(text).replace("\n", " ")
    fence = "`" * (max((len(run) for run in re.findall("`+", value)), default=0) + 1)
    padding = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{padding}{value}{padding}{fence}"


_SPECIAL = set("\\`*_[]<>|#~")


def _text(text: str) -> str:
    """Prose from findings, escaped: `<I>issuer<S>subject` or `*.contoso.com` must not become markup."""
    return "".join("\\" + char if char in _SPECIAL else char for char in text.replace("\n", " "))


def _finding(finding: Finding) -> list[str]:
    lines = [
        f"### {finding.rule_id}: {finding.kind} {_code(finding.identity)} ({finding.side})",
        "",
        _text(finding.message),
        "",
    ]
    if finding.expected is not None or finding.actual is not None:
        lines += [f"- Expected: {_code(finding.expected)}", f"- Actual: {_code(finding.actual)}"]
    lines += [f"- Source: {_code(f'{finding.file}:{finding.line}')}"]
    if finding.references:
        lines += [f"- Reference: <{finding.references[0]}>"]
    if finding.remediation:
        fence = "~~~~" if "```" in finding.remediation else "```"
        where = f" (run in {finding.shell_label()})" if finding.shell_label() else ""
        lines += ["", f"Fix{_text(where)}:", "", f"{fence}powershell", finding.remediation, fence]
        if finding.outcome == "fail":
            marked = f"`fingerprint: {finding.fingerprint}`"
            lines += ["", f"In the remediation script (`hybridlint fix`): the change marked {marked}."]
    return [*lines, ""]


def render_report(report: Report) -> str:
    findings = report.findings
    lines = [
        f"# hybridlint report ({report.as_of.isoformat()})",
        "",
        f"{len(report.rules)} rules on {report.object_count} objects.",
        "",
        "| severity | findings | of which inconclusive |",
        "|---|---|---|",
    ]
    for severity in SEVERITIES:
        group = [f for f in findings if f.severity == severity]
        lines.append(f"| {severity} | {len(group)} | {sum(1 for f in group if f.outcome == 'inconclusive')} |")
    lines.append("")
    areas = area_summaries(report)
    if areas:
        lines += ["## Verdict by area", "", "| area | verdict | findings | checks |", "|---|---|---|---|"]
        lines += [
            f"| {_text(a.title)} | {_text(a.verdict_text)} | {findings_line(a)} | {_text(checks_line(a))} |"
            for a in areas
        ]
        lines.append("")
    for severity in SEVERITIES:
        group = [f for f in findings if f.severity == severity]
        if group:
            lines += [f"## {severity.capitalize()} ({len(group)})", ""]
            for finding in group:
                lines += _finding(finding)
    if not findings:
        lines += ["No findings.", ""]
    if report.suppressed:
        lines += [
            f"## Suppressed ({len(report.suppressed)})",
            "",
            "| rule | object | reason | owner | expires |",
            "|---|---|---|---|---|",
        ]
        for finding, entry in report.suppressed:
            lines.append(
                f"| {finding.rule_id} | {_code(finding.identity)} | {_text(entry.reason)} | "
                f"{_text(entry.owner or '')} | {entry.expires.isoformat() if entry.expires else ''} |"
            )
        lines.append("")
    lines += _coverage(report)
    return "\n".join(lines)


def _coverage(report: Report) -> list[str]:
    coverage = report.coverage
    lines = ["## Coverage", "", *(f"- {_text(line.strip())}" for line in coverage_lines(coverage)), ""]
    if coverage.warnings:
        lines += [f"### Reader warnings ({len(coverage.warnings)})", ""]
        lines += [f"- {_code(str(w.source))} {_text(w.code)}: {_text(w.message)}" for w in coverage.warnings]
        lines.append("")
    return lines
