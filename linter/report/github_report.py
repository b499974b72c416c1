"""GitHub Actions workflow annotations: one `::error`/`::warning`/`::notice` line per finding, with
the file and line it was read from, so that a workflow that lints exports shows each finding on its
file. Inconclusive findings are notices; the summary line ends the output.

Values come from customer exports: every message and property is escaped as the workflow-command
format requires (`%`, CR and LF; in properties also `:` and `,`), so a value can never end the
annotation early or start another workflow command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from linter.findings.model import SEVERITY_RANK

if TYPE_CHECKING:
    from linter.run.results import Report

_LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render_report(report: Report) -> str:
    from linter.report.text_report import summary_line

    lines = []
    findings = sorted(report.findings, key=lambda f: (SEVERITY_RANK[f.severity], f.file, f.line, f.rule_id))
    for finding in findings:
        level = "notice" if finding.outcome == "inconclusive" else _LEVELS[finding.severity]
        title = f"{finding.rule_id} {finding.kind} {finding.identity}"
        properties = f"file={_property(finding.file)},line={finding.line},title={_property(title)}"
        lines.append(f"::{level} {properties}::{_data(finding.message)}")
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"
