"""Run the test cases that every rule carries: a small snapshot in YAML and the findings expected.

Test objects go through the same normalisation as a ConvertTo-Json export (they are written the
way JSON would show them), so a test exercises the reader's value types as well as the rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from linter.findings.model import Finding
from linter.rules.engine import lint
from linter.rules.model import Rule, RuleTest
from linter.snapshot.build import finish
from linter.snapshot.json_export.reader import record_from_json
from linter.snapshot.json_export.values import JsonNormalizer
from linter.snapshot.model import SIDES, Manifest, Snapshot, Source

DEFAULT_AS_OF = date(2026, 1, 1)


@dataclass
class TestResult:
    rule: Rule
    test: RuleTest
    problems: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # what the rule found in the test's snapshot

    @property
    def passed(self) -> bool:
        return not self.problems


def build_snapshot(test: RuleTest) -> Snapshot:
    snapshot = Snapshot(manifest=Manifest(exchange_versions=dict(test.exchange_versions), cloud=test.cloud))
    normalizer = JsonNormalizer(lambda code, message: None)
    for kind, objects in test.snapshot.items():
        snapshot.exported.add((kind, None))  # a kind listed in a test was exported, even if empty
        for number, raw in enumerate(objects):
            values = dict(raw)
            side = values.pop("_side", None)
            server = values.pop("_server", None)
            if side is not None and side not in SIDES:
                raise ValueError(f"_side must be one of {', '.join(SIDES)}")
            source = Source(test.position.file, test.object_positions.get((kind, number), test.position.line))
            normalizer.warn = _warner(snapshot, source)
            record = record_from_json(values, source, normalizer, kind, side)
            snapshot.objects.append(finish(record, snapshot, side, server))
    return snapshot


def _warner(snapshot: Snapshot, source: Source) -> Callable[[str, str], None]:
    return lambda code, message: snapshot.warn(code, message, source)


def run_test(rule: Rule, test: RuleTest) -> TestResult:
    result = TestResult(rule, test)
    try:
        snapshot = build_snapshot(test)
    except ValueError as exc:
        result.problems.append(f"the test snapshot is not valid: {exc}")
        return result
    as_of = date.fromisoformat(test.as_of) if test.as_of else DEFAULT_AS_OF
    findings = [f for f in lint(snapshot, [rule], as_of) if f.rule_id == rule.id]
    result.findings = findings
    remaining = list(findings)
    for expected in test.expect:
        outcome = expected.get("outcome", "fail")
        match = next(
            (
                f
                for f in remaining
                if f.identity.casefold() == str(expected["identity"]).casefold() and f.outcome == outcome
            ),
            None,
        )
        if match is None:
            result.problems.append(
                f"expected a {outcome} finding for '{expected['identity']}'; got {_describe(findings)}"
            )
            continue
        remaining.remove(match)
        for key, said in (("message_contains", match.message), ("remediation_contains", match.remediation or "")):
            wanted = expected.get(key)
            if wanted and str(wanted).casefold() not in said.casefold():
                field = key.split("_")[0]
                result.problems.append(
                    f"the finding's {field} for '{expected['identity']}' is {said!r}, which does not contain {wanted!r}"
                )
    for finding in remaining:
        result.problems.append(f"unexpected {finding.outcome} finding for '{finding.identity}': {finding.message}")
    return result


def _describe(findings: list[Any]) -> str:
    if not findings:
        return "no finding"
    return "; ".join(f"{f.outcome} for '{f.identity}'" for f in findings)


def run_tests(rules: list[Rule]) -> list[TestResult]:
    from linter.rules.loader import locate_tests

    for rule in rules:
        locate_tests(rule)
    return [run_test(rule, test) for rule in rules for test in rule.tests]
