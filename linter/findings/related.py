"""Links evidence findings to the configuration findings that explain them, both ways.

A rule over evidence (a message that crossed premises as anonymous) names, in `explained_by`, the
rules whose findings are its likely causes (a send connector without CloudServicesMailEnabled).
After a lint, each of its findings lists the findings of those rules in the same snapshot, and
each of those lists it back, so a reader of either sees the other. A snapshot is one
organisation, so every finding of an explaining rule in it is a candidate cause.

Each finding lists at most RELATED_AT_MOST others and counts the rest (`related_omitted`): every
one of them is in the same report anyway, and a full list would grow with causes times effects
(a thousand sessions explained by a hundred connector findings would be 200,000 entries).
"""

from __future__ import annotations

from collections.abc import Iterable

from linter.findings.model import Finding, RelatedFinding, Relation

RELATED_AT_MOST = 25


def link_related(findings: list[Finding], explained_by: dict[str, Iterable[str]]) -> None:
    """Fill `related` on `findings` in place; `explained_by` maps a rule id to its explaining rule ids."""
    by_rule: dict[str, list[Finding]] = {}
    for finding in findings:
        by_rule.setdefault(finding.rule_id, []).append(finding)
    # Every effect of one rule has the same causes, and every cause of one rule the same effects:
    # each list is built and sorted once per rule, not once per finding.
    causes_of: dict[str, list[RelatedFinding]] = {}
    effects_of: dict[str, list[RelatedFinding]] = {}
    for rule_id, cause_ids in explained_by.items():
        effects = by_rule.get(rule_id, [])
        if not effects:
            continue
        for cause_id in dict.fromkeys(cause_ids):
            causes = by_rule.get(cause_id, [])
            if not causes:
                continue
            causes_of.setdefault(rule_id, []).extend(_named(f, "explained-by") for f in causes)
            effects_of.setdefault(cause_id, []).extend(_named(f, "explains") for f in effects)
    for groups in (causes_of, effects_of):
        for rule_id, related in groups.items():
            related.sort(key=lambda r: (r.relation, r.rule_id, r.kind, r.identity.casefold()))
            for finding in by_rule[rule_id]:
                finding.related.extend(related[:RELATED_AT_MOST])
                finding.related_omitted += max(0, len(related) - RELATED_AT_MOST)


def _named(finding: Finding, relation: Relation) -> RelatedFinding:
    return RelatedFinding(finding.rule_id, finding.kind, finding.identity, relation)
