"""One remediation script for a lint (`hybridlint fix`): safe by default, grouped by the shell it
runs in, ordered, each change guarded, and a log of what it did.

- Without `-Apply` every change runs with `$WhatIfPreference` on: Exchange says what it would do
  and nothing changes. With `-Apply` each change still asks (ConfirmImpact High) unless
  `-Confirm:$false`.
- A part per shell: the Exchange Management Shell part runs only where `Get-ExchangeServer` exists,
  the Exchange Online part only where `Get-InboundConnector` does (`-ConnectExchangeOnline`
  connects first). Within a part, changes run in `remediation_plan.KIND_ORDER`.
- Before each change `Invoke-HybridFix` reads the object again: it skips the change when the object
  is already as the change would make it, and when it is no longer as exported (changed since the
  export: re-export and lint again). A second run therefore changes nothing.
- Each change is preceded by the rule, the object, expected and actual, and the fingerprint;
  manual steps are comments in their place; inconclusive findings are listed to collect first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from linter import __version__
from linter.findings.model import Finding
from linter.report.remediation_plan import PlannedChange, plan
from linter.rules.expressions.text import ps_quoted_text
from linter.rules.model import Rule
from linter.run.results import Report
from linter.snapshot.model import Snapshot

_CONTROL = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029]")
SHELLS = (
    ("exchange-management-shell", "OnPremises", "Exchange Management Shell", "Get-ExchangeServer"),
    ("exchange-online-powershell", "ExchangeOnline", "Exchange Online PowerShell", "Get-InboundConnector"),
)

_HELPERS = r"""
$script:Results = [System.Collections.Generic.List[object]]::new()
if (-not $LogPath) {
    $LogPath = Join-Path -Path $PSScriptRoot -ChildPath ('remediate-' + (Get-Date -Format 'yyyyMMdd-HHmmss') + '.log')
}

function Write-FixResult {
    param([string] $Rule, [string] $Fingerprint, [string] $Target, [string] $Status, [string] $Reason)
    $line = (Get-Date -Format 's') + ' ' + $Status + ' ' + $Rule + ' ' + $Fingerprint + ' ' + $Target + ': ' + $Reason
    $script:Results.Add([pscustomobject]@{ Rule = $Rule; Target = $Target; Status = $Status; Reason = $Reason })
    Add-Content -Path $LogPath -Value $line -WhatIf:$false -Confirm:$false
    Write-Host ('  ' + $Status + ': ' + $Rule + ' ' + $Target + ' - ' + $Reason)
}

function ConvertTo-Comparable {
    # The value as text, split at commas, upper-cased and sorted: hybridlint writes the exported
    # values the same way, so that a flag enum, a list and a size compare alike.
    param($Value)
    $items = [System.Collections.Generic.List[string]]::new()
    foreach ($item in @($Value)) {
        if ($null -eq $item) { continue }
        $whole = [string]$item
        if ($whole -match '\(([0-9][0-9,. ]*) bytes\)$') {
            $items.Add(($Matches[1] -replace '[^0-9]', ''))
            continue
        }
        if ($whole -match '^([0-9]+)(B|KB|MB|GB|TB)$') {
            # A size as a fix writes it (50MB): its byte count, as Exchange shows the live value.
            $factor = @{ B = 1; KB = 1024; MB = 1048576; GB = 1073741824; TB = 1099511627776 }[$Matches[2]]
            $items.Add(([decimal]$Matches[1] * $factor).ToString([Globalization.CultureInfo]::InvariantCulture))
            continue
        }
        foreach ($part in ($whole -split ',\s*')) {
            if ($part.Trim()) { $items.Add($part.Trim().ToUpperInvariant()) }
        }
    }
    $sorted = $items.ToArray()
    [Array]::Sort($sorted, [StringComparer]::Ordinal)
    return ($sorted -join "`n")
}

function Test-Intended {
    # Whether the object is already as the change would make it.
    param($Object, [hashtable] $After)
    if ($After.Count -eq 0) { return $false }
    foreach ($name in $After.Keys) {
        $want = $After[$name]
        $have = @((ConvertTo-Comparable -Value $Object.$name) -split "`n" | Where-Object { $_ })
        $items = @((ConvertTo-Comparable -Value $want.Items) -split "`n" | Where-Object { $_ })
        if ($want.Mode -eq 'Equals') {
            $wanted = ConvertTo-Comparable -Value $want.Items
            if ((ConvertTo-Comparable -Value $Object.$name) -cne $wanted) { return $false }
        }
        elseif ($want.Mode -eq 'Contains') {
            foreach ($item in $items) { if ($have -notcontains $item) { return $false } }
        }
        else {
            foreach ($item in $items) { if ($have -contains $item) { return $false } }
        }
    }
    return $true
}

function Invoke-HybridFix {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param(
        [string] $Rule, [string] $Fingerprint, [string] $Target, [string] $Action,
        [scriptblock] $Read, [hashtable] $Before = @{}, [hashtable] $After = @{},
        [ValidateSet('Present', 'Absent')] [string] $Expect = 'Present',
        [scriptblock] $Change
    )
    $current = $null
    try { $current = & $Read } catch { $current = $null }
    if ($Expect -eq 'Absent') {
        if ($null -ne $current) {
            $reason = 'it exists already (created since the export, or by an earlier run)'
            Write-FixResult $Rule $Fingerprint $Target 'skipped' $reason
            return
        }
    }
    else {
        if ($null -eq $current) {
            $reason = 'not found: changed since the export; export again and lint'
            Write-FixResult $Rule $Fingerprint $Target 'skipped' $reason
            return
        }
        if (Test-Intended -Object $current -After $After) {
            Write-FixResult $Rule $Fingerprint $Target 'skipped' 'already right'
            return
        }
        foreach ($name in $Before.Keys) {
            if ((ConvertTo-Comparable -Value $current.$name) -cne (@($Before[$name]) -join "`n")) {
                $reason = $name + ' is no longer as exported: export again and lint'
                Write-FixResult $Rule $Fingerprint $Target 'skipped' $reason
                return
            }
        }
    }
    if ($PSCmdlet.ShouldProcess($Target, $Action)) {
        try {
            & $Change
            Write-FixResult $Rule $Fingerprint $Target 'changed' $Action
        }
        catch {
            Write-FixResult $Rule $Fingerprint $Target 'failed' ($_.Exception.Message -replace '\s+', ' ')
        }
    }
    elseif ($WhatIfPreference) {
        # Dry run: Exchange itself says what the change would do, and does nothing.
        try { & $Change } catch { Write-Warning ($Rule + ': ' + $_.Exception.Message) }
        Write-FixResult $Rule $Fingerprint $Target 'would change' $Action
    }
}

function Test-Shell {
    param([string] $Probe, [string] $Name)
    if (Get-Command -Name $Probe -ErrorAction SilentlyContinue) { return $true }
    Write-Warning ('Not in ' + $Name + ' (' + $Probe + ' is not available): this part is left out.')
    return $false
}
"""


def render_script(report: Report, source: str = "") -> str:
    """The remediation script of a lint."""
    baselined = report.baseline.known if report.baseline else 0
    return script_for(
        report.findings,
        report.rules,
        report.snapshot,
        Header(source, report.as_of.isoformat(), report.object_count, len(report.suppressed), baselined),
    )


@dataclass(frozen=True)
class Header:
    source: str
    as_of: str
    objects: int
    suppressed: int = 0
    baselined: int = 0


def script_for(findings: list[Finding], rules: list[Rule], snapshot: Snapshot | None, header: Header) -> str:
    """The script for these findings (the failing ones with a remediation, and the inconclusive ones)."""
    changes = plan(findings, rules, snapshot)
    inconclusive = [f for f in findings if f.outcome == "inconclusive"]
    out: list[str] = []
    out += _header(header, changes, inconclusive)
    out.append(_HELPERS.strip("\n"))
    out.append("")
    for shell, switch, label, probe in SHELLS:
        out += _part([c for c in changes if c.shell == shell], switch, label, probe)
    out += _collect_first(inconclusive)
    out += [
        "Write-Host ('Done. ' + $script:Results.Count + ' change(s) considered; log: ' + $LogPath)",
        "foreach ($group in ($script:Results | Group-Object -Property Status)) {",
        "    Write-Host ('  ' + $group.Name + ': ' + $group.Count)",
        "}",
        "",
    ]
    return "\n".join(out)


def _header(header: Header, changes: list[PlannedChange], inconclusive: list[Finding]) -> list[str]:
    scripted = sum(1 for c in changes if c.action != "manual")
    manual = len(changes) - scripted
    return [
        "<#",
        ".SYNOPSIS",
        f"    Remediation of the hybrid mail-flow findings of {_comment(header.source) or 'a snapshot'},",
        f"    written by hybridlint {__version__}.",
        "",
        ".DESCRIPTION",
        f"    Written {header.as_of} from a lint of {header.objects} object(s):",
        f"    {scripted} change(s) to run, {manual} manual step(s) as comments,",
        f"    {len(inconclusive)} inconclusive finding(s) to collect first (at the end),",
        f"    {header.suppressed} suppressed and {header.baselined} baselined finding(s) left out.",
        "",
        "    Safe by default: without -Apply nothing changes; every change runs with -WhatIf and says",
        "    what it would do. With -Apply each change asks first, unless -Confirm:$false.",
        "    Before each change the object is read again; the change is skipped when the object is",
        "    already right, or no longer as exported (then export again and lint).",
        "    What was changed, skipped and failed is written to -LogPath (a log next to the script).",
        "",
        ".EXAMPLE",
        "    .\\remediate.ps1 -OnPremises",
        "    In the Exchange Management Shell: what the on-premises changes would do.",
        "",
        ".EXAMPLE",
        "    .\\remediate.ps1 -ExchangeOnline -ConnectExchangeOnline -Apply",
        "    Connects to Exchange Online and makes its changes, asking before each.",
        "#>",
        "[CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]",
        "param(",
        "    [switch] $OnPremises,",
        "    [switch] $ExchangeOnline,",
        "    [switch] $ConnectExchangeOnline,",
        "    [switch] $Apply,",
        "    [string] $LogPath = ''",
        ")",
        "",
        "$ErrorActionPreference = 'Stop'",
        "if (-not $OnPremises -and -not $ExchangeOnline) {",
        "    throw 'Say which part to run: -OnPremises (in the Exchange Management Shell) or -ExchangeOnline.'",
        "}",
        "if (-not $Apply) { $WhatIfPreference = $true }",
    ]


def _part(changes: list[PlannedChange], switch: str, label: str, probe: str) -> list[str]:
    out = [f"# {'=' * 96}", f"# {label}: {len(changes)} change(s)", f"# {'=' * 96}"]
    connect = (
        ["    if ($ConnectExchangeOnline) { Connect-ExchangeOnline -ShowBanner:$false -WhatIf:$false }"]
        if switch == "ExchangeOnline"
        else []
    )
    out += [f"if (${switch}) {{", *connect, f"  if (Test-Shell -Probe '{probe}' -Name '{label}') {{"]
    if not changes:
        out.append("    Write-Host 'Nothing to change here.'")
    for change in changes:
        out += ["", *_change(change)]
    out += ["  }", "}", ""]
    return out


def _change(change: PlannedChange) -> list[str]:
    finding = change.finding
    indent = "    "
    out = [
        f"{indent}# {finding.rule_id} ({finding.severity}) {finding.kind} '{_comment(finding.identity)}': "
        f"{_comment(finding.title)}",
        f"{indent}#   expected: {_comment(finding.expected or '-')}",
        f"{indent}#   actual:   {_comment(finding.actual or '-')}",
        f"{indent}#   fingerprint: {finding.fingerprint}",
    ]
    if finding.server:
        out.append(f"{indent}#   server: {finding.server}")
    out += [f"{indent}#   runs after {reason}" for reason in change.depends]
    if change.action == "manual":
        out.append(f"{indent}#   A manual step: read it, and run it by hand when it applies.")
        out += [f"{indent}#   {_comment(line)}" if line.strip() else f"{indent}#" for line in change.lines]
        return out
    action = f"{change.cmdlet} ({', '.join(change.after) or change.action})"
    out += [
        f"{indent}$fix = @{{",
        f"{indent}    Rule = '{finding.rule_id}'",
        f"{indent}    Fingerprint = '{finding.fingerprint}'",
        f"{indent}    Target = {_quote(change.target or finding.identity)}",
        f"{indent}    Action = {_quote(action)}",
        f"{indent}    Expect = '{'Absent' if change.action == 'new' else 'Present'}'",
        f"{indent}    Read = {{ {change.read} }}",
        f"{indent}    Before = @{{",
        *[
            f"{indent}        {_quote(name)} = @({', '.join(_quote(item) for item in items)})"
            for name, items in change.before.items()
        ],
        f"{indent}    }}",
        f"{indent}    After = @{{",
        *[
            f"{indent}        {_quote(name)} = @{{ Mode = '{mode}'; Items = @({', '.join(_quote(i) for i in items)}) }}"
            for name, (mode, items) in change.after.items()
        ],
        f"{indent}    }}",
        f"{indent}    Change = {{",
        *[f"{indent}        {line}" if line.strip() else "" for line in change.lines],
        f"{indent}    }}",
        f"{indent}}}",
        f"{indent}Invoke-HybridFix @fix",
    ]
    return out


def _collect_first(inconclusive: list[Finding]) -> list[str]:
    if not inconclusive:
        return []
    out = [f"# {'=' * 96}", "# Collect first: the export did not tell, so these were not judged", f"# {'=' * 96}"]
    for finding in sorted(inconclusive, key=lambda f: (f.rule_id, f.identity)):
        out.append(f"#   {finding.rule_id} {finding.kind} '{_comment(finding.identity)}': {_comment(finding.message)}")
    out.append("")
    return out


def _comment(text: str) -> str:
    # A comment ends at a line break (of any kind: control characters become spaces); `#>` would
    # end the help block it may sit in.
    return " ".join(_CONTROL.sub(" ", text).split()).replace("#>", "# >")


def _quote(text: str) -> str:
    return "'" + ps_quoted_text(text) + "'"
