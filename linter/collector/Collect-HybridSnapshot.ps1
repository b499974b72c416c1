<#
.SYNOPSIS
    Collects the Exchange hybrid mail-flow configuration that hybridlint reads. It only reads.

.DESCRIPTION
    Run it once in the Exchange Management Shell (-OnPremises) and once in Exchange Online
    PowerShell (-ExchangeOnline), or both from one session where the Exchange Online cmdlets were
    imported with a prefix (Connect-ExchangeOnline -Prefix EXO; then -ExchangeOnlinePrefix EXO).

    What it reads: the Get- cmdlets listed in $OnPremisesExports and $ExchangeOnlineExports below,
    the certificates of every Exchange server (Get-ExchangeCertificate, with RawData: the public
    certificate, never a private key), and, with -ProtocolLogDays, the SMTP protocol logs of the
    last days from each transport server's log folders; with -IncludeDatacenterIPs, the tenant's
    own list of EOP addresses (Get-HybridMailflowDatacenterIPs, for hybridlint eop-ranges import).

    What it writes: a folder (and a zip of it) in the layout hybridlint reads: onprem\Get-*.xml
    (Export-Clixml), exo\Get-*.json (ConvertTo-Json) or exo\Get-*.xml (-ExchangeOnlineFormat
    Clixml), logs\<server>\*.LOG, and snapshot.yaml naming the organisation, the date, the
    Exchange builds, the PowerShell edition and module versions, and every cmdlet that failed.

    It changes nothing in Exchange or Exchange Online: it runs Get- cmdlets only. It never reads
    mailbox content or secrets. A cmdlet that fails (a missing permission, a cmdlet this version
    does not have) is reported and recorded in snapshot.yaml, and the rest carries on.

    Permissions: View-Only Organization Management on-premises (Get-ExchangeCertificate needs a
    role with it, such as Organization Management, to read other servers), and the View-Only
    Configuration role (for example Global Reader) in Exchange Online. Reading protocol logs needs
    read access to the servers' administrative shares (\\SERVER\C$).

.EXAMPLE
    .\Collect-HybridSnapshot.ps1 -OnPremises
    In the Exchange Management Shell.

.EXAMPLE
    .\Collect-HybridSnapshot.ps1 -ExchangeOnline -OutputFolder .\contoso-snapshot
    In Exchange Online PowerShell, after Connect-ExchangeOnline; the same -OutputFolder as the
    on-premises run gathers both sides in one snapshot.

.NOTES
    Written by hybridlint collector __HYBRIDLINT_VERSION__. hybridlint lint FOLDER-or-ZIP reads the result.
#>
[CmdletBinding()]
param(
    [switch] $OnPremises,
    [switch] $ExchangeOnline,
    [string] $ExchangeOnlinePrefix = '',
    [string] $OutputFolder = '',
    [ValidateSet('Json', 'Clixml')]
    [string] $ExchangeOnlineFormat = 'Json',
    [ValidateRange(0, 30)]
    [int] $ProtocolLogDays = 0,
    [switch] $IncludeDatacenterIPs,
    [switch] $NoZip
)

# No Set-StrictMode: Exchange 2010 objects lack properties later versions have, and a property
# read that fails must not end the collection.
$ErrorActionPreference = 'Stop'
$CollectorVersion = '__HYBRIDLINT_VERSION__'

# What each side exports: the kind hybridlint reads, the file, and the Get- cmdlet with its
# arguments. Only Get- cmdlets: hybridlint's tests read these tables and refuse any other verb.
$OnPremisesExports = @(
    @{ Kind = 'SendConnector'; File = 'Get-SendConnector.xml'; Noun = 'SendConnector'; Arguments = @{} }
    @{ Kind = 'ReceiveConnector'; File = 'Get-ReceiveConnector.xml'; Noun = 'ReceiveConnector'; Arguments = @{} }
    @{ Kind = 'AcceptedDomain'; File = 'Get-AcceptedDomain.xml'; Noun = 'AcceptedDomain'; Arguments = @{} }
    @{ Kind = 'RemoteDomain'; File = 'Get-RemoteDomain.xml'; Noun = 'RemoteDomain'; Arguments = @{} }
    @{ Kind = 'HybridConfiguration'; File = 'Get-HybridConfiguration.xml'; Noun = 'HybridConfiguration'; Arguments = @{} }
    @{ Kind = 'ExchangeServer'; File = 'Get-ExchangeServer.xml'; Noun = 'ExchangeServer'; Arguments = @{} }
    @{ Kind = 'TransportService'; File = 'Get-TransportService.xml'; Noun = 'TransportService'; Arguments = @{} }
    @{ Kind = 'TransportConfig'; File = 'Get-TransportConfig.xml'; Noun = 'TransportConfig'; Arguments = @{} }
    @{ Kind = 'OrganizationConfig'; File = 'Get-OrganizationConfig.xml'; Noun = 'OrganizationConfig'; Arguments = @{} }
    @{ Kind = 'EmailAddressPolicy'; File = 'Get-EmailAddressPolicy.xml'; Noun = 'EmailAddressPolicy'; Arguments = @{} }
    @{ Kind = 'OrganizationRelationship'; File = 'Get-OrganizationRelationship.xml'; Noun = 'OrganizationRelationship'; Arguments = @{} }
    @{ Kind = 'IntraOrganizationConnector'; File = 'Get-IntraOrganizationConnector.xml'; Noun = 'IntraOrganizationConnector'; Arguments = @{} }
    # Remote mailboxes: only the properties the rules read (routing, addresses), not the whole
    # recipient, which would carry personal data the checks do not need.
    @{ Kind = 'RemoteMailbox'; File = 'Get-RemoteMailbox.xml'; Noun = 'RemoteMailbox'; Arguments = @{ ResultSize = 'Unlimited' }
        Select = @('Identity', 'Name', 'RemoteRoutingAddress', 'EmailAddresses', 'EmailAddressPolicyEnabled', 'RecipientTypeDetails') }
)
$ExchangeOnlineExports = @(
    @{ Kind = 'InboundConnector'; File = 'Get-InboundConnector'; Noun = 'InboundConnector'; Arguments = @{} }
    @{ Kind = 'OutboundConnector'; File = 'Get-OutboundConnector'; Noun = 'OutboundConnector'; Arguments = @{ IncludeTestModeConnectors = $true } }
    @{ Kind = 'AcceptedDomain'; File = 'Get-AcceptedDomain'; Noun = 'AcceptedDomain'; Arguments = @{} }
    @{ Kind = 'RemoteDomain'; File = 'Get-RemoteDomain'; Noun = 'RemoteDomain'; Arguments = @{} }
    @{ Kind = 'OnPremisesOrganization'; File = 'Get-OnPremisesOrganization'; Noun = 'OnPremisesOrganization'; Arguments = @{} }
    @{ Kind = 'TransportConfig'; File = 'Get-TransportConfig'; Noun = 'TransportConfig'; Arguments = @{} }
    @{ Kind = 'OrganizationConfig'; File = 'Get-OrganizationConfig'; Noun = 'OrganizationConfig'; Arguments = @{} }
    @{ Kind = 'OrganizationRelationship'; File = 'Get-OrganizationRelationship'; Noun = 'OrganizationRelationship'; Arguments = @{} }
    @{ Kind = 'IntraOrganizationConnector'; File = 'Get-IntraOrganizationConnector'; Noun = 'IntraOrganizationConnector'; Arguments = @{} }
)
# ConvertTo-Json cuts values nested deeper than -Depth (2 by default); Exchange Online objects
# nest four levels at most, so 20 cuts nothing.
$JsonDepth = 20

$failures = [System.Collections.Generic.List[object]]::new()
$files = [ordered]@{}

function Write-Step {
    param([string] $Activity, [string] $Status, [int] $Percent)
    Write-Progress -Activity $Activity -Status $Status -PercentComplete $Percent
    Write-Host ('  ' + $Status)
}

function Write-Failure {
    param([string] $Side, [string] $Cmdlet, [System.Management.Automation.ErrorRecord] $ErrorRecord)
    $reason = $ErrorRecord.Exception.Message -replace '\s+', ' '
    if ($ErrorRecord.Exception -is [System.Management.Automation.CommandNotFoundException]) {
        $reason = 'not available in this session or version: ' + $reason
    }
    $failures.Add([ordered]@{ side = $Side; cmdlet = $Cmdlet; error = $reason })
    Write-Warning ($Cmdlet + ' failed (' + $Side + '), the other exports go on: ' + $reason)
}

function Get-CmdletResult {
    # Runs Get-<prefix><Noun> with its arguments: the verb is always Get.
    param([string] $Noun, [hashtable] $Arguments, [string] $Prefix)
    $name = 'Get-' + $Prefix + $Noun
    $command = Get-Command -Name $name -CommandType @('Cmdlet', 'Function') -ErrorAction Stop
    $result = & $command @Arguments
    return , @($result)
}

function Export-OnPremises {
    param([string] $Folder)
    $target = Join-Path -Path $Folder -ChildPath 'onprem'
    New-Item -ItemType Directory -Path $target -Force | Out-Null
    $total = $OnPremisesExports.Count + 1
    $number = 0
    foreach ($export in $OnPremisesExports) {
        $number++
        $cmdlet = 'Get-' + $export.Noun
        Write-Step -Activity 'hybridlint collector: on-premises' -Status $cmdlet -Percent (100 * $number / $total)
        try {
            $objects = Get-CmdletResult -Noun $export.Noun -Arguments $export.Arguments -Prefix ''
            if ($export.ContainsKey('Select')) {
                $objects = @($objects | Select-Object -Property $export.Select)
            }
            # Down the pipeline, so that each object is one top-level object of the file
            # (-InputObject would write the array as one).
            $objects | Export-Clixml -Path (Join-Path -Path $target -ChildPath $export.File) -Depth 5
            $files['onprem/' + $export.File] = [ordered]@{ side = 'on-premises'; kind = $export.Kind }
        }
        catch {
            Write-Failure -Side 'on-premises' -Cmdlet $cmdlet -ErrorRecord $_
        }
    }
    Write-Step -Activity 'hybridlint collector: on-premises' -Status 'Get-ExchangeCertificate, per server' -Percent 100
    $servers = @()
    try {
        $servers = @(Get-ExchangeServer | Where-Object { $_.IsHubTransportServer -or $_.IsFrontendTransportServer -or $_.IsEdgeServer -or $_.IsMailboxServer })
    }
    catch {
        Write-Failure -Side 'on-premises' -Cmdlet 'Get-ExchangeServer' -ErrorRecord $_
    }
    $versions = [ordered]@{}
    foreach ($server in $servers) {
        $versions[[string]$server.Name] = [string]$server.AdminDisplayVersion
        $file = 'Get-ExchangeCertificate-' + $server.Name + '.xml'
        try {
            # The certificate as Exchange sees it (Services, Status) and its public RawData.
            Get-ExchangeCertificate -Server $server.Name |
                Export-Clixml -Path (Join-Path -Path $target -ChildPath $file) -Depth 5
            $files['onprem/' + $file] = [ordered]@{ side = 'on-premises'; kind = 'ExchangeCertificate'; server = [string]$server.Name }
        }
        catch {
            # An Edge server is not reachable from the organisation: run the collector on it too.
            Write-Failure -Side 'on-premises' -Cmdlet ('Get-ExchangeCertificate -Server ' + $server.Name) -ErrorRecord $_
        }
    }
    if ($ProtocolLogDays -gt 0) {
        Copy-ProtocolLogs -Folder $Folder -Servers $servers
    }
    return $versions
}

function Copy-ProtocolLogs {
    # The SMTP protocol logs of the last -ProtocolLogDays days, read from each server's
    # administrative share into logs\<server>\. Protocol logging must already be on for the
    # hybrid connectors (ProtocolLoggingLevel Verbose); this only reads what is there.
    param([string] $Folder, [object[]] $Servers)
    $since = (Get-Date).AddDays(-$ProtocolLogDays)
    foreach ($server in $Servers) {
        $paths = @()
        # Exchange 2013 and later: the transport and front-end services; 2010: the transport server.
        foreach ($noun in @('TransportService', 'FrontendTransportService', 'TransportServer')) {
            if (-not (Get-Command -Name ('Get-' + $noun) -ErrorAction SilentlyContinue)) { continue }
            try {
                $service = Get-CmdletResult -Noun $noun -Arguments @{ Identity = [string]$server.Name } -Prefix ''
                foreach ($item in $service) { $paths += @($item.ReceiveProtocolLogPath, $item.SendProtocolLogPath) }
            }
            catch {
                Write-Failure -Side 'on-premises' -Cmdlet ('Get-' + $noun + ' -Identity ' + $server.Name) -ErrorRecord $_
            }
        }
        $target = Join-Path -Path (Join-Path -Path $Folder -ChildPath 'logs') -ChildPath $server.Name
        New-Item -ItemType Directory -Path $target -Force | Out-Null
        foreach ($path in @($paths | Where-Object { $_ })) {
            $share = '\\' + $server.Fqdn + '\' + ([string]$path).Replace(':', '$')
            try {
                Get-ChildItem -Path $share -Filter '*.LOG' -File |
                    Where-Object { $_.LastWriteTime -ge $since } |
                    Copy-Item -Destination $target
            }
            catch {
                Write-Failure -Side 'on-premises' -Cmdlet ('protocol logs of ' + $server.Name + ' in ' + $share) -ErrorRecord $_
            }
        }
    }
}

function Export-ExchangeOnline {
    param([string] $Folder)
    $target = Join-Path -Path $Folder -ChildPath 'exo'
    New-Item -ItemType Directory -Path $target -Force | Out-Null
    $number = 0
    foreach ($export in $ExchangeOnlineExports) {
        $number++
        $cmdlet = 'Get-' + $ExchangeOnlinePrefix + $export.Noun
        Write-Step -Activity 'hybridlint collector: Exchange Online' -Status $cmdlet -Percent (100 * $number / $ExchangeOnlineExports.Count)
        try {
            $objects = Get-CmdletResult -Noun $export.Noun -Arguments $export.Arguments -Prefix $ExchangeOnlinePrefix
            if ($ExchangeOnlineFormat -eq 'Clixml') {
                $file = $export.File + '.xml'
                $objects | Export-Clixml -Path (Join-Path -Path $target -ChildPath $file) -Depth 5
            }
            else {
                # -InputObject keeps an empty or one-object result an array: `[]`, never nothing.
                $file = $export.File + '.json'
                ConvertTo-Json -InputObject $objects -Depth $JsonDepth |
                    Out-File -FilePath (Join-Path -Path $target -ChildPath $file) -Encoding utf8
            }
            $files['exo/' + $file] = [ordered]@{ side = 'exchange-online'; kind = $export.Kind }
        }
        catch {
            Write-Failure -Side 'exchange-online' -Cmdlet $cmdlet -ErrorRecord $_
        }
    }
    if ($IncludeDatacenterIPs) {
        # The tenant's own list of EOP addresses, for 'hybridlint eop-ranges import'. The cmdlet is
        # deprecated: where it is gone, the failure is recorded like any other.
        $cmdlet = 'Get-' + $ExchangeOnlinePrefix + 'HybridMailflowDatacenterIPs'
        try {
            $objects = Get-CmdletResult -Noun 'HybridMailflowDatacenterIPs' -Arguments @{} -Prefix $ExchangeOnlinePrefix
            $objects | Export-Clixml -Path (Join-Path -Path $target -ChildPath 'Get-HybridMailflowDatacenterIPs.xml') -Depth 5
        }
        catch {
            Write-Failure -Side 'exchange-online' -Cmdlet $cmdlet -ErrorRecord $_
        }
    }
}

if (-not $OnPremises -and -not $ExchangeOnline) {
    throw 'Say which side to collect: -OnPremises (in the Exchange Management Shell), -ExchangeOnline (after Connect-ExchangeOnline), or both.'
}
if (-not $OutputFolder) {
    $OutputFolder = Join-Path -Path (Get-Location) -ChildPath ('hybridlint-snapshot-' + (Get-Date -Format 'yyyyMMdd-HHmmss'))
}
New-Item -ItemType Directory -Path $OutputFolder -Force | Out-Null
Write-Host ('hybridlint collector ' + $CollectorVersion + ': writing to ' + $OutputFolder)

$manifestPath = Join-Path -Path $OutputFolder -ChildPath 'snapshot.yaml'
$organization = ''
$versions = [ordered]@{}
if ($OnPremises) {
    Write-Host 'On-premises (Exchange Management Shell):'
    $versions = Export-OnPremises -Folder $OutputFolder
    try { $organization = [string](Get-OrganizationConfig).Name } catch { Write-Failure -Side 'on-premises' -Cmdlet 'Get-OrganizationConfig' -ErrorRecord $_ }
}
if ($ExchangeOnline) {
    Write-Host 'Exchange Online:'
    Export-ExchangeOnline -Folder $OutputFolder
}

$modules = [ordered]@{}
foreach ($module in @(Get-Module | Where-Object { $_.Name -like 'ExchangeOnlineManagement*' -or $_.Name -like 'tmp_*' })) {
    $modules[[string]$module.Name] = [string]$module.Version
}
$sides = @()
if ($OnPremises) { $sides += 'on-premises' }
if ($ExchangeOnline) { $sides += 'exchange-online' }
$manifest = [ordered]@{
    organization = $organization
    export_date = (Get-Date -Format 'yyyy-MM-dd')
    exchange_versions = $versions
    files = $files
    collector = [ordered]@{
        version = $CollectorVersion
        sides = $sides
        powershell_edition = [string]$PSVersionTable.PSEdition
        powershell_version = [string]$PSVersionTable.PSVersion
        modules = $modules
        failed = @($failures)
    }
}
if (Test-Path -Path $manifestPath) {
    # The other side's run wrote it first: keep what it found and add this side's.
    $earlier = Get-Content -Path $manifestPath -Raw | ConvertFrom-Json
    foreach ($entry in $earlier.files.PSObject.Properties) {
        if (-not $manifest.files.Contains($entry.Name)) { $manifest.files[$entry.Name] = $entry.Value }
    }
    foreach ($entry in $earlier.exchange_versions.PSObject.Properties) {
        if (-not $manifest.exchange_versions.Contains($entry.Name)) { $manifest.exchange_versions[$entry.Name] = $entry.Value }
    }
    if (-not $manifest.organization) { $manifest.organization = [string]$earlier.organization }
    $manifest.collector.sides = @($earlier.collector.sides) + $sides | Select-Object -Unique
    $manifest.collector.failed = @($earlier.collector.failed) + @($failures)
}
# snapshot.yaml is written as JSON, which YAML reads as it is.
ConvertTo-Json -InputObject $manifest -Depth 6 | Out-File -FilePath $manifestPath -Encoding utf8

Write-Progress -Activity 'hybridlint collector' -Completed
if (-not $NoZip) {
    $zip = $OutputFolder.TrimEnd('\', '/') + '.zip'
    Compress-Archive -Path (Join-Path -Path $OutputFolder -ChildPath '*') -DestinationPath $zip -Force
    Write-Host ('Done: ' + $zip + ' (send this file).')
}
else {
    Write-Host ('Done: ' + $OutputFolder)
}
if ($failures.Count -gt 0) {
    Write-Warning ([string]$failures.Count + ' cmdlet(s) failed; snapshot.yaml lists them, and hybridlint reports what they would have shown as not exported.')
}
