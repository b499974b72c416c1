"""SARIF 2.1.0 for code-scanning tools and pipelines (OASIS schema in ../shared/external/sarif/).

One run, the rules that ran in `tool.driver.rules`, one result per finding. A failed check is a
result of kind `fail` at the rule's level; an inconclusive check is kind `open` ("not enough
information to reach a conclusion"), which SARIF requires to carry level `none`. The export file
and line are the physical location, the Exchange object the logical one; the stable fingerprint is
the partial fingerprint, so that code-scanning services track a finding across re-exports.
"""

from __future__ import annotations

import json
from pathlib import PurePath, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from linter import __version__
from linter.findings.model import Finding
from linter.report.coverage_view import coverage_json
from linter.rules.model import Rule

if TYPE_CHECKING:
    from linter.findings.suppressions import Suppression
    from linter.run.results import Report

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FINGERPRINT_KEY = "hybridlint/v1"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def artifact_uri(file: str) -> str:
    """A file as SARIF wants it: a relative URI reference with '/' separators, or a file: URI."""
    windows = PureWindowsPath(file)
    path: PurePath = windows if windows.drive else PurePosixPath(file.replace("\\", "/"))
    if path.is_absolute():
        return path.as_uri()
    return quote(path.as_posix(), safe="/")


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    references = "\n".join(f"- {url}" for url in rule.references)
    return {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.id.split("-")),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": " ".join(rule.rationale.split())},
        "help": {
            "text": " ".join(rule.rationale.split()) + "\n\nReferences:\n" + references,
            "markdown": " ".join(rule.rationale.split()) + "\n\n**References**\n\n" + references,
        },
        **({"helpUri": rule.references[0]} if rule.references else {}),
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
        "properties": {
            "category": rule.category,
            "tags": sorted({*rule.tags, rule.category}),
            "exchangeVersions": list(rule.exchange_versions),
        },
    }


def _result(finding: Finding, rule_index: dict[str, int]) -> dict[str, Any]:
    result: dict[str, Any] = {"ruleId": finding.rule_id}
    if finding.rule_id in rule_index:
        result["ruleIndex"] = rule_index[finding.rule_id]
    if finding.outcome == "inconclusive":
        result.update(kind="open", level="none")
    else:
        result.update(kind="fail", level=_LEVELS[finding.severity])
    result["message"] = {"text": finding.message}
    location: dict[str, Any] = {}
    if finding.file:
        region = {"startLine": finding.line} if finding.line else {}
        location["physicalLocation"] = {
            "artifactLocation": {"uri": artifact_uri(finding.file)},
            **({"region": region} if region else {}),
        }
    location["logicalLocations"] = [
        {
            "name": finding.identity,
            "fullyQualifiedName": f"{finding.side}/{finding.kind}/{finding.identity}",
            "kind": "resource",
        }
    ]
    result["locations"] = [location]
    result["partialFingerprints"] = {FINGERPRINT_KEY: finding.fingerprint}
    properties: dict[str, Any] = {
        "category": finding.category,
        "outcome": finding.outcome,
        "object": {"kind": finding.kind, "side": finding.side, "identity": finding.identity, "server": finding.server},
    }
    for name, value in (
        ("property", finding.property_name),
        ("expected", finding.expected),
        ("actual", finding.actual),
        ("remediation", finding.remediation),
        ("shell", finding.shell),
    ):
        if value is not None:
            properties[name] = value
    if finding.missing:
        properties["missing"] = list(finding.missing)
    if finding.related:
        properties["related"] = [related.to_json() for related in finding.related]
        if finding.related_omitted:
            properties["related_omitted"] = finding.related_omitted
    result["properties"] = properties
    return result


def _suppressed_result(finding: Finding, entry: Suppression, rule_index: dict[str, int]) -> dict[str, Any]:
    result = _result(finding, rule_index)
    result["suppressions"] = [
        {"kind": "external", "status": "accepted", "justification": entry.reason, "properties": entry.to_json()}
    ]
    return result


def report_to_sarif(report: Report) -> dict[str, Any]:
    ordered = sorted(report.rules, key=lambda r: r.id)
    rule_index = {rule.id: index for index, rule in enumerate(ordered)}
    new = {"baselineState": "new"} if report.baseline is not None else {}
    results = [{**_result(finding, rule_index), **new} for finding in report.findings]
    results += [_suppressed_result(finding, entry, rule_index) for finding, entry in report.suppressed]
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "hybridlint",
                        "version": __version__,
                        "rules": [rule_descriptor(rule) for rule in ordered],
                    }
                },
                "invocations": [_invocation(report)],
                "columnKind": "unicodeCodePoints",
                "results": results,
                "properties": {"asOf": report.as_of.isoformat(), "coverage": coverage_json(report.coverage)},
            }
        ],
    }


def _notification(level: str, text: str, file: str, line: int | None) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(file)}}
    if line:
        location["region"] = {"startLine": line}
    return {"level": level, "message": {"text": text}, "locations": [{"physicalLocation": location}]}


def _invocation(report: Report) -> dict[str, Any]:
    """The run as SARIF tells it: the readers' warnings and the files skipped, as notifications."""
    notes = [
        _notification("warning", f"{w.code}: {w.message}", w.source.file, w.source.line)
        for w in report.coverage.warnings
    ]
    notes += [_notification("note", f"skipped: {s.reason}", s.path, None) for s in report.coverage.skipped]
    return {"executionSuccessful": True, "toolExecutionNotifications": notes}


def render_report(report: Report) -> str:
    return json.dumps(report_to_sarif(report), indent=2, ensure_ascii=False) + "\n"
