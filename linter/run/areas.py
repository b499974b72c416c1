"""The executive summary: one verdict per area of the hybrid, the checks behind it, what was read.

Each rule names its area (`area:` in its YAML). An area's verdict is its worst finding; without
one, it says whether the area was judged at all: a verdict of "no problem found" needs every check
of the area to have run on data that was there. A suppressed finding is listed as accepted, never
as passed, and the `input` findings about the snapshot belong to no area (the coverage shows them).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from linter.findings.model import AREA_TITLES, AREAS, Area, Finding, count_each_once
from linter.run.coverage import KindCoverage, RuleCoverage, sides_of

if TYPE_CHECKING:
    from linter.rules.model import Rule
    from linter.run.results import Report

Verdict = Literal["errors", "warnings", "not-checked", "incomplete", "advice", "accepted", "no-problem"]
CheckStatus = Literal["failed", "inconclusive", "accepted", "passed", "not-applicable", "could-not-run", "disabled"]

VERDICT_TEXT: dict[str, str] = {
    "errors": "Mail breaks or is treated as anonymous now",
    "warnings": "Mail breaks in some cases, or soon",
    "not-checked": "Not checked: no check of this area could run",
    "incomplete": "Incomplete: exports or values missing",
    "advice": "Works; advice only",
    "accepted": "No problem beyond the exceptions accepted",
    "no-problem": "No problem found",
}


@dataclass(frozen=True)
class AreaCheck:
    """One rule of an area and what it concluded on this snapshot."""

    rule_id: str
    title: str
    status: CheckStatus
    objects: int  # the objects it was applied to
    findings: int  # its findings with this status (failed, inconclusive or accepted)
    detail: str  # why it did not apply or could not run


@dataclass(frozen=True)
class AreaSummary:
    area: Area
    title: str
    verdict: Verdict
    counts: dict[str, int]  # findings per severity (failed ones) and inconclusive
    checks: list[AreaCheck]
    kinds: list[KindCoverage]  # the exports its checks need, as read

    @property
    def verdict_text(self) -> str:
        return VERDICT_TEXT[self.verdict]

    def checks_with(self, *statuses: CheckStatus) -> list[AreaCheck]:
        return [c for c in self.checks if c.status in statuses]


def area_summaries(report: Report) -> list[AreaSummary]:
    """One summary per area that has a rule in this run, in the order of AREAS."""
    by_rule: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_rule.setdefault(finding.rule_id, []).append(finding)
    accepted = Counter(finding.rule_id for finding, _ in report.suppressed)
    coverage = {r.rule_id: r for r in report.coverage.rules}
    summaries = []
    for area in AREAS:
        rules = [rule for rule in report.rules if rule.area == area]
        if not rules:
            continue
        checks = [_check(rule, coverage.get(rule.id), by_rule.get(rule.id, []), accepted[rule.id]) for rule in rules]
        findings = [f for rule in rules for f in by_rule.get(rule.id, [])]
        needed = {
            (kind, s)
            for rule in rules
            for kind, side in {(rule.kind, rule.side), *rule.reads}
            for s in sides_of(kind, side)
        }
        kinds = [k for k in report.coverage.kinds if (k.kind, k.side) in needed]
        verdict = _verdict(checks, findings, kinds)
        summaries.append(AreaSummary(area, AREA_TITLES[area], verdict, count_each_once(findings), checks, kinds))
    return summaries


def _check(rule: Rule, ran: RuleCoverage | None, found: list[Finding], accepted: int) -> AreaCheck:
    """What one rule concluded: its worst result first (a problem outweighs a gap, a gap a pass)."""
    failed = sum(1 for f in found if f.outcome != "inconclusive")
    inconclusive = len(found) - failed
    status: CheckStatus
    if ran is None or ran.status == "disabled":
        status, count = "disabled", 0
    elif failed:
        status, count = "failed", failed
    elif ran.status == "could-not-run":
        status, count = "could-not-run", inconclusive
    elif inconclusive:
        status, count = "inconclusive", inconclusive
    elif accepted:
        status, count = "accepted", accepted
    elif ran.status == "not-applicable":
        status, count = "not-applicable", 0
    else:
        status, count = "passed", 0
    detail = ran.detail if ran is not None else "not selected"
    return AreaCheck(rule.id, rule.title, status, ran.objects if ran else 0, count, detail)


def _verdict(checks: list[AreaCheck], findings: list[Finding], kinds: list[KindCoverage]) -> Verdict:
    failed = {f.severity for f in findings if f.outcome != "inconclusive"}
    if "error" in failed:
        return "errors"
    if "warning" in failed:
        return "warnings"
    if not any(c.status in ("failed", "inconclusive", "accepted", "passed") for c in checks):
        return "not-checked"
    # A check that failed on one object may still have been inconclusive on another.
    lacking = any(f.outcome == "inconclusive" for f in findings) or any(c.status == "could-not-run" for c in checks)
    if lacking or any(k.status == "missing" for k in kinds):
        return "incomplete"
    if failed:
        return "advice"
    # A suppressed finding is a problem someone accepted with a reason: never "no problem found".
    return "accepted" if any(c.status == "accepted" for c in checks) else "no-problem"
