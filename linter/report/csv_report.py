"""An action plan as CSV: one row per finding, most urgent first, with the fix command to run."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from linter.findings.model import SEVERITY_RANK

if TYPE_CHECKING:
    from linter.run.results import Report

COLUMNS = (
    "priority",
    "severity",
    "outcome",
    "rule",
    "kind",
    "side",
    "identity",
    "server",
    "problem",
    "expected",
    "actual",
    "fix",
    "run in",
    "reference",
    "file",
    "line",
    "fingerprint",
    "suppressed",
)
# Identities and values come from customer exports: a cell that a spreadsheet would run as a formula
# is written with a leading apostrophe (the OWASP advice against CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def render_report(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    ordered = sorted(report.findings, key=lambda f: (SEVERITY_RANK[f.severity], f.outcome != "fail", f.sort_key()))
    rows = [(finding, "") for finding in ordered] + [
        (finding, f"suppressed: {entry.reason}") for finding, entry in report.suppressed
    ]
    for finding, suppressed in rows:
        writer.writerow(
            _cell(value)
            for value in (
                SEVERITY_RANK[finding.severity] + 1,
                finding.severity,
                finding.outcome,
                finding.rule_id,
                finding.kind,
                finding.side,
                finding.identity,
                finding.server,
                finding.message,
                finding.expected,
                finding.actual,
                finding.remediation,
                finding.shell_label(),
                finding.references[0] if finding.references else "",
                finding.file,
                finding.line,
                finding.fingerprint,
                suppressed,
            )
        )
    # A byte-order mark first: Excel opens a CSV without one in the ANSI code page and garbles
    # every non-ASCII identity.
    return "\ufeff" + buffer.getvalue()
