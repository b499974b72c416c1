"""The coverage of a lint as every format shows it: a JSON document (JSON report, SARIF run
properties) and short lines for people (text, rich text, Markdown, HTML).

A report that says nothing about what it could not judge looks clean when it is not. So every
format states the files read and skipped, which sides and kinds are present, and which rules ran,
did not apply or could not run.
"""

from __future__ import annotations

from typing import Any

from linter.run.coverage import SIDE_NAMES, Coverage, RuleCoverage, RuleStatus

LISTED_AT_MOST = 10  # ids or files named in a line for people; the JSON lists them all
STATUS_LABELS: dict[RuleStatus, str] = {
    "ran": "ran",
    "not-applicable": "did not apply",
    "could-not-run": "could not run (data missing)",
    "disabled": "disabled",
}


def coverage_json(coverage: Coverage) -> dict[str, Any]:
    def rows(status: str) -> list[dict[str, Any]]:
        return [
            {"rule_id": r.rule_id, "objects": r.objects, "detail": r.detail}
            for r in coverage.rules
            if r.status == status
        ]

    return {
        "files_read": coverage.files_read,
        "files_skipped": [{"path": s.path, "reason": s.reason} for s in coverage.skipped],
        "sides": {side: {"present": n > 0, "objects": n} for side, n in coverage.objects_per_side.items()},
        "kinds": [
            {"kind": k.kind, "side": k.side, "status": k.status, "objects": k.objects, "rules": k.rules}
            for k in coverage.kinds
        ],
        "rules": {
            "ran": rows("ran"),
            "not_applicable": rows("not-applicable"),
            "could_not_run": rows("could-not-run"),
            "disabled": rows("disabled"),
        },
        "reader_warnings": len(coverage.warnings),
    }


def _names(items: list[str]) -> str:
    shown = ", ".join(items[:LISTED_AT_MOST])
    return shown + (f" and {len(items) - LISTED_AT_MOST} more" if len(items) > LISTED_AT_MOST else "")


def sides_line(coverage: Coverage) -> str:
    parts = [
        f"{SIDE_NAMES[side]} {n} object(s)" if n else f"{SIDE_NAMES[side]} MISSING"
        for side, n in coverage.objects_per_side.items()
    ]
    return f"Read {coverage.files_read} file(s): " + ", ".join(parts)


def missing_kinds_line(coverage: Coverage) -> str | None:
    missing = [f"{k.kind} ({SIDE_NAMES[k.side]})" for k in coverage.kinds if k.status == "missing"]
    return f"Not in the snapshot, so not checked: {_names(missing)}" if missing else None


def rules_line(coverage: Coverage) -> str:
    counts = [(label, len(coverage.rules_with(status))) for status, label in STATUS_LABELS.items()]
    return "Rules: " + ", ".join(f"{n} {label}" for label, n in counts if n or label == "ran")


def could_not_run_lines(coverage: Coverage) -> list[str]:
    return [_rule_line(r) for r in coverage.rules_with("could-not-run")]


def _rule_line(rule: RuleCoverage) -> str:
    return f"{rule.rule_id}: {rule.detail}"


def skipped_line(coverage: Coverage) -> str | None:
    if not coverage.skipped:
        return None
    names = [f"{s.path} ({s.reason})" for s in coverage.skipped]
    return f"Skipped {len(names)} file(s): {_names(names)}"


def coverage_lines(coverage: Coverage) -> list[str]:
    """The coverage in a few lines, for the text and Markdown reports."""
    lines = [sides_line(coverage)]
    for line in (skipped_line(coverage), missing_kinds_line(coverage)):
        if line:
            lines.append(line)
    lines.append(rules_line(coverage))
    lines += [f"  could not run: {line}" for line in could_not_run_lines(coverage)]
    if coverage.warnings:
        lines.append(
            f"Reader warnings: {len(coverage.warnings)} (lint --verbose lists them; every other format carries them)"
        )
    return lines
