"""Exchange Online exports of the sample organisations, made from real ScubaGear records (CC0).

Each record keeps the key set and order of a real Exchange Online record of
tests/corpus/real/scubagear/sample-reports (EXO V3 module through Windows PowerShell 5.1) and
takes the values the HCW writes (hybrid-facts.md 1.4 to 1.6). The outbound connector has no real
record in the corpus; it reuses the inbound connector's directory members and the properties that
Get-OutboundConnector documents.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

SCUBAGEAR = Path(__file__).resolve().parents[2] / "tests" / "corpus" / "real" / "scubagear" / "sample-reports"
REAL_TENANT = "tqhjy"


def _real() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SCUBAGEAR / "ProviderSettingsExport.json").read_text(encoding="utf-8-sig"))
    return data


def _retarget(record: dict[str, Any], tenant: str, name: str) -> dict[str, Any]:
    """The record moved to `tenant` and renamed to `name` in every directory member."""
    result = copy.deepcopy(record)
    old_name = result["Name"]
    for key, value in result.items():
        if isinstance(value, str):
            value = value.replace(f"CN={old_name},", f"CN={name},") if key == "DistinguishedName" else value
            result[key] = value.replace(REAL_TENANT, tenant)
    for key in ("Name", "Identity", "Id"):
        result[key] = name
    return result


def accepted_domains(tenant: str, domain: str) -> list[dict[str, Any]]:
    real = _real()["accepted_domains"]
    initial, coexistence = real[0], real[1]
    custom = next(r for r in real if r["Name"] == "example.com")
    records = []
    for template, name in (
        (custom, domain),
        (initial, f"{tenant}.onmicrosoft.com"),
        (coexistence, f"{tenant}.mail.onmicrosoft.com"),
    ):
        record = _retarget(template, tenant, name)
        record["DomainName"] = name
        records.append(record)
    records[0]["Default"] = True
    records[1]["Default"] = False
    return records


def remote_domains(tenant: str) -> list[dict[str, Any]]:
    return [_retarget(_real()["remote_domains"][0], tenant, "Default")]


def inbound_connector(tenant: str, guid: str, certificate_name: str) -> list[dict[str, Any]]:
    record = _retarget(_real()["inbound_connectors"][0], tenant, f"Inbound from {guid}")
    record.update(
        ConnectorType="OnPremises",
        ConnectorSource="HybridWizard",
        SenderDomains=["smtp:*;1"],
        SenderIPAddresses=[],
        RequireTls=True,
        RestrictDomainsToCertificate=False,
        CloudServicesMailEnabled=True,
        TreatMessagesAsInternal=False,
        TlsSenderCertificateName=certificate_name,
        Comment="",
    )
    return [record]


def outbound_connector(
    tenant: str, guid: str, smart_host: str, tls_domain: str, recipient_domains: list[str]
) -> list[dict[str, Any]]:
    base = _retarget(_real()["inbound_connectors"][0], tenant, f"Outbound to {guid}")
    directory = {k: v for k, v in base.items() if k in DIRECTORY_MEMBERS}
    directory["ObjectCategory"] = directory["ObjectCategory"].replace("Inbound", "Outbound")
    directory["ObjectClass"] = ["top", "msExchSMTPOutboundConnector"]
    record = {
        "Enabled": True,
        "UseMXRecord": False,
        "Comment": "",
        "ConnectorType": "OnPremises",
        "ConnectorSource": "HybridWizard",
        "RecipientDomains": recipient_domains,
        "SmartHosts": [smart_host],
        "TlsDomain": tls_domain,
        "TlsSettings": "DomainValidation",
        "IsTransportRuleScoped": False,
        "RouteAllMessagesViaOnPremises": False,
        "CloudServicesMailEnabled": True,
        "AllAcceptedDomains": False,
        "SenderRewritingEnabled": False,
        "TestMode": False,
        "LinkForModifiedConnector": "00000000-0000-0000-0000-000000000000",
        "ValidationRecipients": [],
        "IsValidated": False,
        "LastValidationTimestamp": None,
        **directory,
    }
    return [record]


def organization_config(tenant: str) -> list[dict[str, Any]]:
    """ScubaGear's Get-OrganizationConfig record (a Select-Object subset of 14 properties), moved to
    `tenant`, with the Identity and DistinguishedName every full export has and RejectDirectSend as
    tenants show it since 2025 (off by default; hybrid-facts.md 10.4)."""
    record = copy.deepcopy(_real()["org_config"][0])
    record = {k: v.replace(REAL_TENANT, tenant) if isinstance(v, str) else v for k, v in record.items()}
    record["Name"] = record["Identity"] = f"{tenant}.onmicrosoft.com"
    # The tenant's configuration container, as the real inbound connector's DN names it.
    connector_dn = _retarget(_real()["inbound_connectors"][0], tenant, "x")["DistinguishedName"]
    record["DistinguishedName"] = "CN=Configuration," + connector_dn.split(",CN=Configuration,", 1)[1]
    record["RejectDirectSend"] = False
    return [record]


def on_premises_organization(tenant: str, guid: str, org_name: str, domains: list[str]) -> list[dict[str, Any]]:
    """Get-OnPremisesOrganization as the HCW leaves it (New-OnPremisesOrganization, hybrid-facts.md
    1.5); no real record exists in the corpus, so the directory members are the inbound
    connector's, under the On-Premises Organizations container."""
    base = _retarget(_real()["inbound_connectors"][0], tenant, guid)
    directory = {k: v for k, v in base.items() if k in DIRECTORY_MEMBERS}
    directory["DistinguishedName"] = directory["DistinguishedName"].replace(
        "CN=Transport Settings", "CN=On-Premises Organizations"
    )
    directory["ObjectCategory"] = directory["ObjectCategory"].replace(
        "ms-Exch-SMTP-Inbound-Connector", "ms-Exch-On-Premises-Organization"
    )
    directory["ObjectClass"] = ["top", "msExchOnPremisesOrganization"]
    record = {
        "HybridDomains": domains,
        "InboundConnector": f"Inbound from {guid}",
        "OutboundConnector": f"Outbound to {guid}",
        "OrganizationRelationship": f"O365 to On-premises - {guid}",
        "OrganizationName": org_name,
        "OrganizationGuid": guid,
        "Comment": None,
        **directory,
    }
    return [record]


DIRECTORY_MEMBERS = (
    "AdminDisplayName",
    "ExchangeVersion",
    "Name",
    "DistinguishedName",
    "Identity",
    "ObjectCategory",
    "ObjectClass",
    "WhenChanged",
    "WhenCreated",
    "WhenChangedUTC",
    "WhenCreatedUTC",
    "ExchangeObjectId",
    "OrganizationalUnitRoot",
    "OrganizationId",
    "Id",
    "Guid",
    "OriginatingServer",
    "IsValid",
    "ObjectState",
)
