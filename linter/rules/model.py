"""Rules as loaded from YAML, and the findings they produce."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from linter.rules.scope import Compiled

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}
CATEGORIES = ("hcw-drift", "domain-type", "remote-domain", "stale-ip-ranges", "certificate", "transport-security",
              "third-party-gateway", "hybrid-configuration", "message-size", "input")
VERSIONS = ("2010", "2013", "2016", "2019", "SE", "EXO")


def count_findings(findings: list[Finding]) -> dict[str, int]:
    """Findings per severity, in SEVERITIES order, then how many of them are inconclusive."""
    counts = dict.fromkeys(SEVERITIES, 0)
    for finding in findings:
        counts[finding.severity] += 1
    counts["inconclusive"] = sum(1 for f in findings if f.outcome == "inconclusive")
    return counts


def fails(severities: list[str], fail_on: str) -> bool:
    """Whether any of `severities` is at or above `fail_on` (a severity, or "never")."""
    return fail_on != "never" and any(SEVERITY_RANK[s] <= SEVERITY_RANK[fail_on] for s in severities)


@dataclass(frozen=True, slots=True)
class Position:
    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(slots=True)
class Template:
    """A message or remediation with `{expression}` placeholders, compiled once."""

    parts: list[str | Compiled]
    powershell: bool = False  # values go inside PowerShell single quotes: double each quote


@dataclass(slots=True)
class RuleTest:
    name: str
    snapshot: dict[str, list[dict[str, Any]]]
    expect: list[dict[str, Any]]
    as_of: str | None
    position: Position
    object_positions: dict[tuple[str, int], int] = field(default_factory=dict)
    exchange_versions: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Rule:
    id: str
    title: str
    severity: str
    category: str
    kind: str
    side: str | None
    check: Compiled
    message: Template
    remediation: Template
    rationale: str
    references: list[str]
    status: str
    source: Position
    when: Compiled | None = None
    expected: Compiled | None = None
    actual: Compiled | None = None
    property_name: str | None = None
    exchange_versions: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    tests: list[RuleTest] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict, repr=False)
    definitions: dict[str, Compiled] = field(default_factory=dict, repr=False)  # `let:`, in order


@dataclass(slots=True)
class Finding:
    rule_id: str
    title: str
    severity: str
    category: str
    kind: str
    side: str
    identity: str
    server: str | None
    message: str
    expected: str | None
    actual: str | None
    remediation: str | None
    references: list[str]
    file: str
    line: int
    outcome: str  # "fail", "inconclusive" or "error"
    property_name: str | None = None
    missing: list[str] = field(default_factory=list)

    @property
    def fingerprint(self) -> str:
        """Stable across re-exports: rule, kind, side, identity and property; never line or order."""
        key = "\0".join((self.rule_id, self.kind, self.side, self.identity.casefold(), self.property_name or ""))
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]

    def sort_key(self) -> tuple[Any, ...]:
        return (SEVERITY_RANK[self.severity], self.rule_id, self.kind, self.side, self.identity.casefold(),
                self.file, self.line, self.message)
