"""The JSON report of `hybridlint lint` (schemas/report.schema.json)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from linter import __version__
from linter.findings.model import Finding, count_findings
from linter.report.area_view import areas_json
from linter.report.coverage_view import coverage_json
from linter.rules.model import Rule
from linter.run.areas import area_summaries
from linter.support.userfiles import tool_header

if TYPE_CHECKING:
    from linter.run.results import Report


def finding_to_json(finding: Finding) -> dict[str, Any]:
    return {
        "rule_id": finding.rule_id,
        "title": finding.title,
        "severity": finding.severity,
        "category": finding.category,
        "outcome": finding.outcome,
        "object": {"kind": finding.kind, "side": finding.side, "identity": finding.identity, "server": finding.server},
        "property": finding.property_name,
        "message": finding.message,
        "expected": finding.expected,
        "actual": finding.actual,
        "remediation": finding.remediation,
        "shell": finding.shell,
        "references": finding.references,
        "missing": finding.missing,
        "related": [related.to_json() for related in finding.related],
        **({"related_omitted": finding.related_omitted} if finding.related_omitted else {}),
        "source": {"file": finding.file, "line": finding.line},
        "fingerprint": finding.fingerprint,
    }


def report_to_json(report: Report) -> dict[str, Any]:
    findings, as_of, eop = report.findings, report.as_of, report.eop_dataset
    document: dict[str, Any] = {
        "tool": tool_header(),
        "as_of": as_of.isoformat(),
        "eop_dataset": {"instance": eop.instance, "as_of": eop.as_of, "origin": eop.origin, "stale": eop.stale},
        "summary": {
            "rules": len(report.rules),
            "objects": report.object_count,
            "findings": len(findings),
            **count_findings(findings),
        },
        "findings": [finding_to_json(f) for f in findings],
        "ruleset": ruleset(report.rules),
        "coverage": coverage_json(report.coverage),
        "areas": areas_json(area_summaries(report)),
    }
    if report.snapshot is not None:
        from linter.snapshot.serialize import snapshot_to_json

        document["snapshot"] = {k: v for k, v in snapshot_to_json(report.snapshot).items() if k != "objects"}
    if report.baseline is not None:
        document["baseline"] = asdict(report.baseline)
    if report.suppressed:
        document["suppressed"] = [
            {"finding": finding_to_json(finding), "suppression": entry.to_json()}
            for finding, entry in report.suppressed
        ]
    return document


def ruleset(rules: list[Rule]) -> dict[str, Any]:
    """Which rules ran: their number, a digest of their definitions (changes when any rule does) and a version."""
    digest = hashlib.sha256()
    for rule in sorted(rules, key=lambda r: r.id):
        digest.update(json.dumps([rule.id, rule.raw], sort_keys=True, default=str, ensure_ascii=False).encode())
    return {"count": len(rules), "digest": digest.hexdigest(), "version": f"{__version__}+{digest.hexdigest()[:12]}"}


def render_report(report: Report) -> str:
    return json.dumps(report_to_json(report), indent=2, ensure_ascii=False) + "\n"
