"""A finding: what one rule concluded about one object. The leaf every later stage shares.

Severity, outcome and category are closed sets of words, typed as `Literal`s so that mypy catches
a misspelt one; the words themselves are what every report format and schema carries.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

# The side of the object a finding is about; "configuration" for findings about .hybridlint.yaml
# itself, "snapshot" for findings about the snapshot as a whole (what it lacks or mixes).
FindingSide = Literal["on-premises", "exchange-online", "configuration", "snapshot"]
Severity = Literal["error", "warning", "info"]
Outcome = Literal["fail", "inconclusive", "error"]  # error: the rule itself failed on this object
Category = Literal[
    "hcw-drift",
    "domain-type",
    "remote-domain",
    "stale-ip-ranges",
    "certificate",
    "transport-security",
    "third-party-gateway",
    "hybrid-configuration",
    "message-size",
    "transport-settings",
    "recipient-routing",
    "server-version",
    "message-evidence",
    "input",
]
# The part of the hybrid a rule judges, for the report's executive summary: one verdict per area.
Area = Literal[
    "mail-to-exchange-online",
    "mail-from-exchange-online",
    "certificates",
    "domains",
    "hybrid-setup",
]
AREA_TITLES: dict[str, str] = {
    "mail-to-exchange-online": "Mail from on-premises to Exchange Online",
    "mail-from-exchange-online": "Mail from Exchange Online to on-premises",
    "certificates": "Certificates and TLS",
    "domains": "Domains, remote domains and recipients",
    "hybrid-setup": "Hybrid configuration and the path between the sides",
}
FailOn = Literal["error", "warning", "info", "never"]
# Where a fix runs: on-premises in the Exchange Management Shell, or in Exchange Online PowerShell.
Shell = Literal["exchange-management-shell", "exchange-online-powershell"]
SHELL_NAMES: dict[str, str] = {
    "exchange-management-shell": "Exchange Management Shell",
    "exchange-online-powershell": "Exchange Online PowerShell",
}

SEVERITIES: tuple[Severity, ...] = get_args(Severity)
SEVERITY_RANK: dict[str, int] = {name: rank for rank, name in enumerate(SEVERITIES)}
CATEGORIES: tuple[Category, ...] = get_args(Category)
AREAS: tuple[Area, ...] = get_args(Area)


# The problem ends at the first colon or semicolon (what follows explains it), or at a full stop
# before the next sentence's capital; never inside a version (`15.2.1544.4`) or a name, and only
# after some words.
_FIRST_SENTENCE = re.compile(r"^(.{20,}?(?:[;:](?=\s)|\.(?=\s+[A-Z(])))", re.DOTALL)


def count_findings(findings: list[Finding]) -> dict[str, int]:
    """Findings per severity, in SEVERITIES order, then how many of them are inconclusive."""
    counts: dict[str, int] = dict.fromkeys(SEVERITIES, 0)
    for finding in findings:
        counts[finding.severity] += 1
    counts["inconclusive"] = sum(1 for f in findings if f.outcome == "inconclusive")
    return counts


def count_each_once(findings: list[Finding]) -> dict[str, int]:
    """Each finding counted once: the judged ones per severity, then the inconclusive ones apart
    (an inconclusive finding has severity info and would otherwise be counted twice)."""
    counts: dict[str, int] = dict.fromkeys(SEVERITIES, 0)
    for finding in findings:
        if finding.outcome != "inconclusive":
            counts[finding.severity] += 1
    counts["inconclusive"] = sum(1 for f in findings if f.outcome == "inconclusive")
    return counts


def fails(severities: list[Severity], fail_on: FailOn) -> bool:
    """Whether any of `severities` is at or above `fail_on` (a severity, or "never")."""
    return fail_on != "never" and any(SEVERITY_RANK[s] <= SEVERITY_RANK[fail_on] for s in severities)


Relation = Literal["explained-by", "explains"]


@dataclass(frozen=True, slots=True)
class RelatedFinding:
    """Another finding, named the way a reader finds it in the same report."""

    rule_id: str
    kind: str
    identity: str
    relation: Relation

    def __str__(self) -> str:
        verb = "explained by" if self.relation == "explained-by" else "explains"
        return f"{verb} {self.rule_id} on {self.kind} '{self.identity}'"

    def to_json(self) -> dict[str, str]:
        return {"rule_id": self.rule_id, "kind": self.kind, "identity": self.identity, "relation": self.relation}


@dataclass(slots=True, kw_only=True)
class Finding:
    rule_id: str
    title: str
    severity: Severity
    category: Category
    kind: str
    side: FindingSide
    identity: str
    server: str | None
    message: str
    expected: str | None
    actual: str | None
    remediation: str | None
    references: list[str]
    file: str
    line: int
    outcome: Outcome
    property_name: str | None = None
    missing: list[str] = field(default_factory=list)
    shell: Shell | None = None  # where `remediation` runs; None without one
    # Findings of the same lint this one is linked to: the configuration that explains evidence,
    # or the evidence a configuration finding explains. Never part of the fingerprint.
    related: list[RelatedFinding] = field(default_factory=list)
    related_omitted: int = 0  # related findings beyond the first RELATED_AT_MOST (findings/related.py)

    def related_lines(self) -> list[str]:
        """The related findings for people, and how many more there are (each is in the same report)."""
        lines = [str(related) for related in self.related]
        if self.related_omitted:
            lines.append(f"... and {self.related_omitted} more related finding(s), each listed in this report")
        return lines

    def shell_label(self) -> str | None:
        """Where the fix runs, for people: 'Exchange Management Shell (on EX01)', 'Exchange Online PowerShell'."""
        if self.shell is None:
            return None
        on = f" (on {self.server})" if self.server and self.shell == "exchange-management-shell" else ""
        return SHELL_NAMES[self.shell] + on

    @property
    def problem(self) -> str:
        """What is wrong, in one sentence: the message's first (the title names the check)."""
        match = _FIRST_SENTENCE.match(self.message)
        text = match.group(1).rstrip(":;") if match else self.message
        return text if len(text) <= 240 else text[:239].rstrip() + "\u2026"

    @property
    def fingerprint(self) -> str:
        """Stable across re-exports: rule, kind, side, identity and property; never line or order."""
        key = "\0".join((self.rule_id, self.kind, self.side, self.identity.casefold(), self.property_name or ""))
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]

    def sort_key(self) -> tuple[Any, ...]:
        return (
            SEVERITY_RANK[self.severity],
            self.rule_id,
            self.kind,
            self.side,
            self.identity.casefold(),
            self.file,
            self.line,
            self.message,
        )
