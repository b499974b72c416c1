"""What a lint could and could not judge, so that no run looks clean when it checked nothing.

`measure` takes the snapshot, the rules and what the engine did and reports four things. These
are the files read and the files skipped with the reason. They are the objects read per side, and
each kind the rules need, per side, as read, exported empty or missing. They are each rule's
status: ran, did not apply, or could not run for missing data. They are the readers' warnings.

`input_findings` turns the gaps that would make a report misleading into findings in category
`input` at severity warning, so they fail the default `--fail-on`:

- HYB-INPUT-001: a whole side of the hybrid is missing. The finding gives the export commands
  that would complete the snapshot.
- HYB-INPUT-002: no object that any rule can use was recognised.
- HYB-INPUT-003: objects of two organisations are mixed in one snapshot.

These are findings about the input, not about Exchange. Like the suppression file's own findings
(HYB-CONFIG-*), they are built here rather than written as YAML rules: no Exchange object carries
them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Literal

from linter.datasets.clouds import clouds
from linter.findings.model import Finding, FindingSide, Shell
from linter.rules.model import Rule
from linter.snapshot import kinds
from linter.snapshot.model import (
    EVIDENCE_KINDS,
    EXCHANGE_ONLINE,
    ON_PREMISES,
    SIDES,
    Side,
    SkippedFile,
    Snapshot,
    SnapshotObject,
    SnapshotWarning,
)

RuleStatus = Literal["ran", "not-applicable", "could-not-run", "disabled"]
KindStatus = Literal["read", "exported-empty", "missing"]

SIDE_NAMES = {ON_PREMISES: "on-premises", EXCHANGE_ONLINE: "Exchange Online"}
_EXPORT_REFERENCES = [
    "https://learn.microsoft.com/powershell/module/microsoft.powershell.utility/export-clixml",
    "https://learn.microsoft.com/powershell/module/microsoft.powershell.utility/convertto-json",
]


@dataclass(frozen=True)
class KindCoverage:
    kind: str
    side: Side
    status: KindStatus
    objects: int
    rules: int  # how many rules check or look up objects of this kind on this side


@dataclass(frozen=True)
class RuleCoverage:
    rule_id: str
    status: RuleStatus
    objects: int  # the objects it applied to
    detail: str  # why it did not apply, or the data it lacked; empty when it ran
    sides: tuple[Side, ...]  # the sides whose objects it checks


@dataclass(frozen=True)
class Coverage:
    files_read: int
    skipped: list[SkippedFile]
    objects_per_side: dict[str, int]  # every side, 0 when none of its objects was read
    kinds: list[KindCoverage]
    rules: list[RuleCoverage]
    warnings: list[SnapshotWarning]

    def rules_with(self, status: RuleStatus) -> list[RuleCoverage]:
        return [r for r in self.rules if r.status == status]

    def missing_sides(self) -> list[Side]:
        return [side for side in SIDES if not self.objects_per_side.get(side)]


def sides_of(kind: str, side: str | None) -> tuple[Side, ...]:
    """The sides meant by `kind` on `side`: that side, the only side the kind exists on, or both."""
    side = side or kinds.implied_side(kind)
    if side == ON_PREMISES:
        return (ON_PREMISES,)
    if side == EXCHANGE_ONLINE:
        return (EXCHANGE_ONLINE,)
    return SIDES


def rule_sides(rule: Rule) -> tuple[Side, ...]:
    """The sides whose objects a rule checks."""
    return sides_of(rule.kind, rule.side)


def measure(
    snapshot: Snapshot,
    rules: list[Rule],
    disabled: frozenset[str],
    checked: list[tuple[str, SnapshotObject]],
    findings: list[Finding],
) -> Coverage:
    # Evidence (message headers) is not a side's configuration: a message read from an Exchange
    # Online mailbox does not make up for a missing Exchange Online export.
    per_side = Counter(obj.side for obj in snapshot.objects if obj.kind not in EVIDENCE_KINDS)
    per_kind = Counter((obj.kind, obj.side) for obj in snapshot.objects)
    needed: Counter[tuple[str, Side]] = Counter()
    for rule in rules:
        if not _is_disabled(rule, disabled):
            # Its own kind, and the kinds it looks up by name (a rule on send connectors that
            # looks for the certificate they name needs the certificates too).
            for kind, side in {(rule.kind, rule.side), *rule.reads}:
                needed.update((kind, s) for s in sides_of(kind, side))
    # Evidence is optional: a snapshot without messages or logs lacks nothing, so an evidence kind
    # is listed only on a side where some was read (its rules still show as not applicable).
    kind_rows = [
        KindCoverage(kind, side, _kind_status(snapshot, kind, side, per_kind[(kind, side)]), per_kind[(kind, side)], n)
        for (kind, side), n in sorted(needed.items())
        if kind not in EVIDENCE_KINDS or per_kind[(kind, side)]
    ]
    applied = Counter(rule_id for rule_id, _ in checked)
    inconclusive: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.outcome == "inconclusive":
            inconclusive.setdefault(finding.rule_id, []).append(finding)
    rule_rows = [_rule_coverage(rule, disabled, applied[rule.id], inconclusive.get(rule.id, [])) for rule in rules]
    return Coverage(
        files_read=len(snapshot.files),
        skipped=list(snapshot.skipped),
        objects_per_side={side: per_side.get(side, 0) for side in SIDES},
        kinds=kind_rows,
        rules=sorted(rule_rows, key=lambda r: r.rule_id),
        warnings=list(snapshot.warnings),
    )


def _is_disabled(rule: Rule, disabled: frozenset[str]) -> bool:
    return rule.id in disabled or bool(disabled.intersection(rule.aliases))


def _kind_status(snapshot: Snapshot, kind: str, side: Side, count: int) -> KindStatus:
    if count:
        return "read"
    if (kind, side) in snapshot.exported or (kind, None) in snapshot.exported:
        return "exported-empty"
    return "missing"


def _rule_coverage(rule: Rule, disabled: frozenset[str], applied: int, inconclusive: list[Finding]) -> RuleCoverage:
    sides = rule_sides(rule)
    if _is_disabled(rule, disabled):
        return RuleCoverage(rule.id, "disabled", 0, "disabled with --disable", sides)
    if applied == 0:
        where = " or ".join(SIDE_NAMES[s] for s in sides)
        return RuleCoverage(rule.id, "not-applicable", 0, f"no {where} {rule.kind} it applies to", sides)
    if len(inconclusive) == applied:
        lacked = sorted({reason for f in inconclusive for reason in f.missing})
        return RuleCoverage(rule.id, "could-not-run", applied, "; ".join(lacked), sides)
    return RuleCoverage(rule.id, "ran", applied, "", sides)


def input_findings(snapshot: Snapshot, coverage: Coverage, paths: list[str]) -> list[Finding]:
    """The `input` warnings for a snapshot that cannot be reviewed as a whole (see the module doc)."""
    where = paths[0] if paths else ""
    usable = {(k.kind, k.side) for k in coverage.kinds if k.status == "read"}
    found: list[Finding] = []
    if not usable:
        read = ", ".join(f"{kind} x{n}" for kind, n in sorted(Counter(o.kind for o in snapshot.objects).items()))
        found.append(
            _input_finding(
                "HYB-INPUT-002",
                "The snapshot holds nothing the rules can check",
                "snapshot",
                "the snapshot",
                where,
                f"No object of a kind any rule checks was recognised ({read or 'no objects'}): nothing in this "
                "snapshot was judged, so an empty list of findings would mean nothing. Export the connectors and "
                "domains of both sides with Export-Clixml (on-premises) or ConvertTo-Json -Depth 10 "
                "(Exchange Online).",
                _export_commands(coverage, SIDES),
            )
        )
        return found
    for side in coverage.missing_sides():
        other = SIDE_NAMES[EXCHANGE_ONLINE if side == ON_PREMISES else ON_PREMISES]
        blind = [r for r in coverage.rules_with("not-applicable") if side in r.sides]
        found.append(
            _input_finding(
                "HYB-INPUT-001",
                f"The {SIDE_NAMES[side]} side of the hybrid is missing from the snapshot",
                side,
                f"{SIDE_NAMES[side]} exports",
                where,
                f"Only {other} objects were read: no {SIDE_NAMES[side]} object is in the snapshot, so the "
                f"{len(blind)} rules that check the {SIDE_NAMES[side]} side did not run and mail flow between the "
                "two sides was not judged. Export that side too and lint both together.",
                _export_commands(coverage, (side,)),
            )
        )
    mixed = _organisations(snapshot)
    if mixed:
        found.append(
            _input_finding(
                "HYB-INPUT-003",
                "The snapshot mixes objects of more than one organisation",
                "snapshot",
                "the snapshot",
                where,
                f"{mixed}. Rules that compare the two sides would compare one organisation's objects with "
                "another's. Lint each organisation on its own (one folder each, 'hybridlint lint --batch'); if "
                "this is one organisation connected to two tenants, accept this finding in .hybridlint.yaml.",
                None,
            )
        )
    return found


def _organisations(snapshot: Snapshot) -> str:
    """What shows that more than one organisation is in the snapshot, or the empty string."""
    manifests = [w for w in snapshot.warnings if w.code == "manifest"]
    if manifests:
        return "More than one snapshot.yaml was read"
    hybrids = [
        o for o in snapshot.objects + snapshot.conflicting if o.kind == "HybridConfiguration" and o.side == ON_PREMISES
    ]
    if len(hybrids) > 1:
        return f"{len(hybrids)} on-premises HybridConfiguration objects were read (an organisation has one)"
    # Each tenant's export marks its own coexistence domain. On-premises accepted domains are not
    # counted: one organisation joined to two tenants accepts both coexistence domains, which is a
    # correct topology (hybrid-facts.md 10.2), not two organisations.
    tenants: set[str] = set()
    for obj in snapshot.objects:
        if obj.kind != "AcceptedDomain" or obj.side != EXCHANGE_ONLINE:
            continue
        if obj.get("IsCoexistenceDomain") is not True:
            continue
        name = str(obj.get("DomainName") or "")
        tenants.update(
            f"{tenant}.{cloud.coexistence_suffix}" for cloud in clouds() if (tenant := cloud.tenant_of(name))
        )
    if len(tenants) > 1:
        return f"Exchange Online exports of {len(tenants)} tenants were read ({', '.join(sorted(tenants))})"
    return ""


def _export_commands(coverage: Coverage, sides: tuple[Side, ...]) -> str:
    """The PowerShell that exports the kinds the rules need on `sides`, one block per shell."""
    blocks = []
    for side in sides:
        wanted = sorted({k.kind for k in coverage.kinds if k.side == side and k.status == "missing"})
        if not wanted:
            continue
        if side == ON_PREMISES:
            lines = ["# In the Exchange Management Shell (on-premises):"]
            lines += [_onprem_export(kind) for kind in wanted]
        else:
            lines = ["# In Exchange Online PowerShell (after Connect-ExchangeOnline):"]
            lines += [f"Get-{kind} | ConvertTo-Json -Depth 10 | Out-File Get-{kind}.json" for kind in wanted]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _onprem_export(kind: str) -> str:
    if kind == "ExchangeCertificate":  # Get-ExchangeCertificate lists one server's certificates
        return (
            "Get-ExchangeServer | ForEach-Object { Get-ExchangeCertificate -Server $_.Name } "
            "| Export-Clixml Get-ExchangeCertificate.xml"
        )
    return f"Get-{kind} | Export-Clixml Get-{kind}.xml"


def _input_finding(
    rule_id: str, title: str, side: FindingSide, identity: str, file: str, message: str, remediation: str | None
) -> Finding:
    # The export commands of one side run in that side's shell; of both sides, in two (no one shell).
    shell: Shell | None = None
    if remediation and side == ON_PREMISES:
        shell = "exchange-management-shell"
    elif remediation and side == EXCHANGE_ONLINE:
        shell = "exchange-online-powershell"
    return Finding(
        rule_id=rule_id,
        title=title,
        severity="warning",
        category="input",
        kind="Snapshot",
        side=side,
        identity=identity,
        server=None,
        message=message,
        expected=None,
        actual=None,
        remediation=remediation or None,
        references=list(_EXPORT_REFERENCES),
        file=file,
        line=1,
        outcome="fail",
        shell=shell,
    )
