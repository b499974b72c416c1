"""JUnit XML, so that CI systems show hybridlint's checks natively: a suite per rule, a test case per
object the rule applied to, a failure per finding (an inconclusive check is skipped, a rule that
could not run is an error)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from xml.etree import ElementTree

from linter.findings.model import Finding
from linter.report.coverage_view import STATUS_LABELS
from linter.run.coverage import SIDE_NAMES

if TYPE_CHECKING:
    from linter.run.results import Report

Key = tuple[str, str, str, str]  # kind, side, identity, server (as text: keys sort together)
# Characters XML 1.0 cannot carry at all; a hostile export may put them in an identity or a value.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _details(finding: Finding) -> str:
    parts = [finding.message]
    if finding.expected is not None or finding.actual is not None:
        parts += [f"expected: {finding.expected}", f"actual:   {finding.actual}"]
    if finding.remediation:
        if finding.shell_label():
            parts.append(f"run in:   {finding.shell_label()}")
        parts.append(f"fix:      {finding.remediation}")
    parts.append(f"source:   {finding.file}:{finding.line}")
    return _xml_text("\n".join(parts))


def _case(
    suite: ElementTree.Element, rule_id: str, key: Key, finding: Finding | None, suppressed_because: str | None = None
) -> str:
    kind, side, identity, server = key
    name = f"{kind} '{identity}' ({side}{', ' + server if server else ''})"
    case = ElementTree.SubElement(suite, "testcase", classname=f"hybridlint.{rule_id}", name=_xml_text(name))
    if finding is None:
        return "passed"
    case.set("file", _xml_text(finding.file))
    case.set("line", str(finding.line))
    if suppressed_because is not None:
        ElementTree.SubElement(case, "skipped", message=_xml_text(f"suppressed: {suppressed_because}"))
        return "skipped"
    if finding.outcome == "inconclusive":
        ElementTree.SubElement(case, "skipped", message=_xml_text(finding.message))
        return "skipped"
    tag = "error" if finding.outcome == "error" else "failure"
    element = ElementTree.SubElement(case, tag, message=_xml_text(finding.message), type=finding.severity)
    element.text = _details(finding)
    return tag


def _coverage_suite(root: ElementTree.Element, report: Report) -> tuple[int, int]:
    """A suite saying what was read: a case per side and per export the rules need (skipped when
    missing), one per file skipped; the readers' warnings as its system-err. (tests, skipped)."""
    coverage = report.coverage
    suite = ElementTree.SubElement(root, "testsuite", name="hybridlint.coverage")
    cases: list[tuple[str, str | None]] = [
        (f"side {side}", None if n else f"no {SIDE_NAMES[side]} object was read")
        for side, n in coverage.objects_per_side.items()
    ]
    cases += [
        (f"export {k.kind} ({k.side})", None if k.status != "missing" else "not in the snapshot, so not checked")
        for k in coverage.kinds
    ]
    cases += [(f"file {s.path}", f"skipped: {s.reason}") for s in coverage.skipped]
    for name, skip in cases:
        case = ElementTree.SubElement(suite, "testcase", classname="hybridlint.coverage", name=_xml_text(name))
        if skip is not None:
            ElementTree.SubElement(case, "skipped", message=_xml_text(skip))
    if coverage.warnings:
        ElementTree.SubElement(suite, "system-err").text = _xml_text("\n".join(map(str, coverage.warnings)))
    skipped = sum(1 for _, skip in cases if skip is not None)
    suite.set("tests", str(len(cases)))
    suite.set("failures", "0")
    suite.set("errors", "0")
    suite.set("skipped", str(skipped))
    return len(cases), skipped


def _key(finding: Finding) -> Key:
    return (finding.kind, finding.side, finding.identity, finding.server or "")


def render_report(report: Report) -> str:
    by_rule: dict[str, dict[Key, Finding | None]] = {rule.id: {} for rule in report.rules}
    for rule_id, obj in report.checked:
        by_rule.setdefault(rule_id, {})[(obj.kind, obj.side, obj.identity, obj.server or "")] = None
    for finding in report.findings:
        by_rule.setdefault(finding.rule_id, {})[_key(finding)] = finding
    reasons: dict[tuple[str, Key], str] = {}
    for finding, entry in report.suppressed:
        by_rule.setdefault(finding.rule_id, {})[_key(finding)] = finding
        reasons[(finding.rule_id, _key(finding))] = entry.reason
    root = ElementTree.Element("testsuites", name="hybridlint")
    totals = {"tests": 0, "failure": 0, "error": 0, "skipped": 0}
    titles = {rule.id: rule.title for rule in report.rules}
    statuses = {
        r.rule_id: f"{STATUS_LABELS[r.status]}{': ' + r.detail if r.detail else ''}" for r in report.coverage.rules
    }
    for rule_id in sorted(by_rule):
        cases = by_rule[rule_id]
        suite = ElementTree.SubElement(root, "testsuite", name=rule_id)
        counts = {"failure": 0, "error": 0, "skipped": 0, "passed": 0}
        for key in sorted(cases):
            counts[_case(suite, rule_id, key, cases[key], reasons.get((rule_id, key)))] += 1
        properties = ElementTree.Element("properties")
        ElementTree.SubElement(properties, "property", name="title", value=titles.get(rule_id, ""))
        if rule_id in statuses:
            ElementTree.SubElement(properties, "property", name="coverage", value=_xml_text(statuses[rule_id]))
        suite.insert(0, properties)
        suite.set("tests", str(len(cases)))
        suite.set("failures", str(counts["failure"]))
        suite.set("errors", str(counts["error"]))
        suite.set("skipped", str(counts["skipped"]))
        totals["tests"] += len(cases)
        for name in ("failure", "error", "skipped"):
            totals[name] += counts[name]
    skipped = _coverage_suite(root, report)
    totals["tests"] += skipped[0]
    totals["skipped"] += skipped[1]
    root.set("tests", str(totals["tests"]))
    root.set("failures", str(totals["failure"]))
    root.set("errors", str(totals["error"]))
    root.set("skipped", str(totals["skipped"]))
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="unicode") + "\n"
