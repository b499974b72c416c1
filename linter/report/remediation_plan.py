"""A lint's findings -> the changes of one remediation script: what each changes, where it runs,
in which order, and what the object must look like for the change to go ahead.

The fixes stay the rules' own remediation text; the rule's `fix:` says which command of it changes
which object and properties. From the finding's rendered remediation this reads the object the
command names (`-Identity`, `-Name`, `-Thumbprint`/`-Server`) and the values it sets; from the
snapshot, the values the object had when it was exported. The script compares both with what it
reads before each change (`remediation_script.py`).

Values are compared as PowerShell's `[string]` of them, split at commas, upper-cased and sorted,
the same here and in the script (`ConvertTo-Comparable`): a flag enum (`Tls, Integrated`) and a
list compare alike, and a size compares by its byte count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from linter.findings.model import Finding
from linter.rules.expressions.text import SINGLE_QUOTES, ps_quoted_text, unsafe_in_powershell
from linter.rules.model import Rule
from linter.snapshot.model import KINDS, Snapshot, SnapshotObject
from linter.snapshot.serialize import format_timespan
from linter.values.size import ByteSize

# Where a change runs in its part: what others name comes first (certificates before the
# connectors that name them, domains before the connectors that route to them, receive side before
# send side), the organisation-wide settings last.
KIND_ORDER = (
    "ExchangeCertificate",
    "AcceptedDomain",
    "RemoteDomain",
    "ReceiveConnector",
    "TransportService",
    "SendConnector",
    "InboundConnector",
    "OutboundConnector",
    "HybridConfiguration",
    "OnPremisesOrganization",
    "EmailAddressPolicy",
    "RemoteMailbox",
    "OrganizationConfig",
)
# One object per organisation: Set-HybridConfiguration and the like take no -Identity.
SINGLETONS = frozenset({"HybridConfiguration", "TransportConfig", "OrganizationConfig"})
_QUOTED = r"'((?:[^']|'')*)'"
# A value written in the command: a boolean or $null, quoted strings (a list when joined by commas),
# or a bareword (an enum name, a number). A variable or an expression is not known in advance.
_LITERAL = re.compile(
    r"\$true|\$false|\$null|" + _QUOTED + r"(?:\s*,\s*" + _QUOTED + r")*|[^\s'\"$@(){},;]+(?=\s|$)", re.I
)
_CHANGE_SET = re.compile(r"@\{\s*(Add|Remove)\s*=\s*((?:" + _QUOTED + r"\s*,?\s*)+)\}", re.I)
# A size as Exchange shows it (`50 MB (52,428,800 bytes)`) or as a fix writes it (`50MB`, ps_size).
_SIZE = re.compile(r"\([0-9][0-9,. ]*bytes\)$|^[0-9]+(?:B|KB|MB|GB|TB)$", re.IGNORECASE)


@dataclass(slots=True)
class PlannedChange:
    finding: Finding
    action: str  # set, new, remove, manual
    shell: str  # exchange-management-shell or exchange-online-powershell
    kind: str  # the kind of the object the command changes
    lines: list[str]  # the remediation, as the rule wrote it for this finding
    cmdlet: str | None = None
    target: str | None = None  # the identity (or name) of the object the command changes
    read: str | None = None  # PowerShell that reads that object again
    before: dict[str, list[str]] = field(default_factory=dict)  # property -> comparable items at the export
    after: dict[str, tuple[str, list[str]]] = field(
        default_factory=dict
    )  # property -> (Equals|Contains|Excludes, items)
    depends: list[str] = field(default_factory=list)  # why it must run after earlier changes

    @property
    def order(self) -> tuple[int, str, str, str]:
        rank = KIND_ORDER.index(self.kind) if self.kind in KIND_ORDER else len(KIND_ORDER)
        return (rank, self.finding.rule_id, self.target or self.finding.identity, self.finding.fingerprint)


def plan(findings: list[Finding], rules: list[Rule], snapshot: Snapshot | None) -> list[PlannedChange]:
    """The changes of the failing findings with a remediation, in the order they must run."""
    by_id = {rule.id: rule for rule in rules}
    changes = [
        _planned(finding, by_id.get(finding.rule_id), snapshot)
        for finding in findings
        if finding.outcome == "fail" and finding.remediation
    ]
    # Per shell, then in KIND_ORDER. Every on-premises command names its object's server (a
    # receive connector's SERVER\Name, -Server), so one Exchange Management Shell runs them all.
    changes.sort(key=lambda change: (change.shell, change.order))
    certificates = {c.finding.fingerprint for c in changes if c.kind == "ExchangeCertificate" and c.action != "manual"}
    for change in changes:
        if certificates and "TlsCertificateName" in change.after:
            change.depends.append("the certificate changes above: the name it sets must find an installed certificate")
    return changes


def _planned(finding: Finding, rule: Rule | None, snapshot: Snapshot | None) -> PlannedChange:
    lines = (finding.remediation or "").splitlines()
    shell = finding.shell or "exchange-management-shell"
    spec = rule.fix if rule is not None else None
    manual = PlannedChange(finding, "manual", shell, finding.kind, lines)
    if spec is None or spec.action == "manual" or spec.cmdlet is None:
        return manual
    command = next((line for line in lines if line.strip().startswith(spec.cmdlet + " ")), None)
    if command is None:  # the rule wrote advice instead (no_fix): nothing to run
        return manual
    kind = spec.cmdlet.split("-", 1)[1]
    change = PlannedChange(finding, spec.action, shell, kind if kind in KINDS else finding.kind, lines, spec.cmdlet)
    if kind == "ExchangeCertificate":
        thumbprint, server = _argument(command, "Thumbprint"), _argument(command, "Server")
        if thumbprint is None:
            return manual
        change.target = f"{server}\\{thumbprint}" if server else thumbprint
        change.read = f"Get-ExchangeCertificate -Thumbprint {_quote(thumbprint)}" + (
            f" -Server {_quote(server)}" if server else ""
        )
    elif kind in SINGLETONS and _argument(command, "Identity") is None:
        change.target = finding.identity  # one per organisation: the cmdlet takes no -Identity
        change.read = f"Get-{kind}"
    else:
        target = _argument(command, "Name" if spec.action == "new" else "Identity")
        if target is None:
            return manual
        change.target = target
        change.read = f"Get-{kind} -Identity {_quote(target)}"
    if spec.action == "set":
        exported = _exported(snapshot, change.kind, change.target)
        for name in spec.properties:
            if exported is not None and name in exported.properties:
                change.before[name] = comparable(exported.properties[name])
            intended = _intended(command, name)
            if intended is not None:
                change.after[name] = intended
    values = [change.target or "", *(i for items in change.before.values() for i in items)]
    values += [i for _, items in change.after.values() for i in items]
    if any(unsafe_in_powershell(v) for v in values):
        return manual  # a line break in a value would end the script's string or comment
    return change


def _argument(command: str, name: str) -> str | None:
    match = re.search(r"(?:^|\s)-" + name + r"\s+" + _QUOTED, command, re.IGNORECASE)
    return _unquoted(match.group(1)) if match else None


def _intended(command: str, name: str) -> tuple[str, list[str]] | None:
    """What the command sets a property to: a literal (Equals), or @{Add=...}/@{Remove=...}."""
    at = re.search(r"(?:^|\s)-" + name + r"\s+", command, re.IGNORECASE)
    if at is None:
        return None
    rest = command[at.end() :]
    change_set = _CHANGE_SET.match(rest)
    if change_set is not None:
        items = [_unquoted(m) for m in re.findall(_QUOTED, change_set.group(2))]
        return ("Contains" if change_set.group(1).lower() == "add" else "Excludes", items)
    literal = _LITERAL.match(rest)
    if literal is None:
        return None  # a variable or an expression: not known before the script runs
    text = literal.group(0)
    lowered = text.lower()
    if lowered in ("$true", "$false"):
        return ("Equals", [text[1:].capitalize()])
    if lowered == "$null":
        return ("Equals", [])
    quoted = re.findall(_QUOTED, text)
    return ("Equals", [_unquoted(q) for q in quoted] if quoted else [text])


def _exported(snapshot: Snapshot | None, kind: str, target: str) -> SnapshotObject | None:
    if snapshot is None:
        return None
    wanted = target.casefold()
    for obj in snapshot.objects:
        if obj.kind == kind and obj.identity.casefold() == wanted:
            return obj
    return None


def comparable(value: Any) -> list[str]:
    """A value's items as the script's ConvertTo-Comparable writes the live one's (joined by a line break there)."""
    items: list[str] = []
    for item in value if isinstance(value, (list, tuple)) else [value]:
        if item is None:
            continue
        if isinstance(item, ByteSize):
            items.append("UNLIMITED" if item.bytes is None else str(item.bytes))
            continue
        if isinstance(item, bool):
            text = "True" if item else "False"
        elif isinstance(item, timedelta):
            text = format_timespan(item)
        else:
            text = str(item)
        if _SIZE.search(text):
            items.append(str(ByteSize.parse(text).bytes))
            continue
        items.extend(part.strip().upper() for part in re.split(r",\s*", text) if part.strip())
    return sorted(items)


def _quote(text: str) -> str:
    return "'" + ps_quoted_text(text) + "'"


def _unquoted(text: str) -> str:
    """The value of a single-quoted PowerShell string's content: each doubled quote of any kind once."""
    for quote in SINGLE_QUOTES:
        text = text.replace(quote + quote, quote)
    return text
