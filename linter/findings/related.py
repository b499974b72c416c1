"""Links evidence findings to the configuration findings that explain them, both ways.

A rule over evidence (a message that crossed premises as anonymous) names, in `explained_by`, the
rules whose findings are its likely causes (a send connector without CloudServicesMailEnabled).
After a lint, each of its findings lists the findings of those rules in the same snapshot, and
each of those lists it back, so a reader of either sees the other. A snapshot is one
organisation, so every finding of an explaining rule in it is a candidate cause.
"""

from __future__ import annotations

from collections.abc import Iterable

from linter.findings.model import Finding, RelatedFinding


def link_related(findings: list[Finding], explained_by: dict[str, Iterable[str]]) -> None:
    """Fill `related` on `findings` in place; `explained_by` maps a rule id to its explaining rule ids."""
    by_rule: dict[str, list[Finding]] = {}
    for finding in findings:
        by_rule.setdefault(finding.rule_id, []).append(finding)
    for rule_id, causes in explained_by.items():
        for effect in by_rule.get(rule_id, []):
            for cause_id in causes:
                for cause in by_rule.get(cause_id, []):
                    effect.related.append(RelatedFinding(cause.rule_id, cause.kind, cause.identity, "explained-by"))
                    cause.related.append(RelatedFinding(effect.rule_id, effect.kind, effect.identity, "explains"))
    for finding in findings:
        finding.related.sort(key=lambda r: (r.relation, r.rule_id, r.kind, r.identity.casefold()))
