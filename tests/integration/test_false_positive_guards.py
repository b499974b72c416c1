"""Whole-pack guards: configurations that are right, or exports that say too little, raise no alarm.

Each case lints with every built-in rule at once, so a new rule that misreads one of these
situations fails here even when its own cases pass.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from testkit import AS_OF_DATE as AS_OF
from testkit import CORPUS, SAMPLES

from linter.findings.model import Finding
from linter.rules.engine import lint
from linter.rules.loader import load_rules
from linter.rules.model import Position, RuleTest
from linter.rules.testing import build_snapshot
from linter.snapshot.clixml import reader as clixml
from linter.snapshot.loader import load_snapshot
from linter.support.resources import builtin_rules_dir

psjson = pytest.importorskip("psjson")

RULES = load_rules([builtin_rules_dir()])
ALARMS = ("warning", "error")
CERTIFICATE = {
    "Issuer": "CN=Fabrikam TLS RSA CA 2024, O=Fabrikam Trust Services, C=US",
    "Subject": "CN=mail.contoso.com",
}
TLS_NAME = f"<I>{CERTIFICATE['Issuer']}<S>{CERTIFICATE['Subject']}"


def lint_dict(snapshot: dict[str, list[dict[str, Any]]], versions: dict[str, str] | None = None) -> list[Finding]:
    test = RuleTest("guard", snapshot, [], None, Position("guard", 1, 1), exchange_versions=versions or {})
    return lint(build_snapshot(test), RULES, AS_OF)


def alarms(findings: list[Finding]) -> list[str]:
    return [f"{f.rule_id} {f.identity}: {f.message}" for f in findings if f.severity in ALARMS]


def lint_folder(folder: Path) -> list[Finding]:
    return lint(load_snapshot([folder]), RULES, AS_OF)


@pytest.mark.parametrize("folder", ["hc-E15", "hc-E16", "hc-datacollection", "monitor-authcert"])
def test_no_hybrid_configured_means_no_finding_at_all(folder: str) -> None:
    # Real exports of organisations without a HybridConfiguration: not even an inconclusive note.
    assert lint_folder(CORPUS / "css-exchange" / folder) == []


def edge_based_hybrid() -> dict[str, list[dict[str, Any]]]:
    """Hybrid through an Edge server, as the HCW leaves it: the certificate and connectors live on EDGE01."""
    return {
        "HybridConfiguration": [
            {
                "Identity": "Hybrid Configuration",
                "Domains": ["contoso.com"],
                "OnPremisesSmartHost": "mail.contoso.com",
                "TlsCertificateName": TLS_NAME,
                "EdgeTransportServers": ["EDGE01"],
                "SendingTransportServers": [],
                "ReceivingTransportServers": [],
                "ServiceInstance": 0,
                "Features": [
                    "FreeBusy",
                    "MoveMailbox",
                    "Mailtips",
                    "MessageTracking",
                    "OwaRedirection",
                    "OnlineArchive",
                    "SecureMail",
                    "Photos",
                ],
            }
        ],
        "SendConnector": [
            {
                "Identity": "Outbound to Office 365 - 6b0d2f7e",
                "AddressSpaces": ["smtp:contoso.mail.onmicrosoft.com;1"],
                "SmartHosts": [],
                "DNSRoutingEnabled": True,
                "SourceTransportServers": ["EDGE01"],
                "Enabled": True,
                "RequireTLS": True,
                "IgnoreSTARTTLS": False,
                "TlsAuthLevel": "DomainValidation",
                "TlsDomain": "mail.protection.outlook.com",
                "TlsCertificateName": TLS_NAME,
                "Fqdn": "mail.contoso.com",
                "CloudServicesMailEnabled": True,
                "MaxMessageSize": "35 MB (36,700,160 bytes)",
            }
        ],
        "ReceiveConnector": [
            {
                "Identity": "EDGE01\\Default internal receive connector EDGE01",
                "Name": "Default internal receive connector EDGE01",
                "Server": "EDGE01",
                "Enabled": True,
                "Bindings": ["0.0.0.0:25", "[::]:25"],
                "RemoteIPRanges": ["0.0.0.0-255.255.255.255", "::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"],
                "AuthMechanism": "Tls, ExchangeServer",
                "TlsCertificateName": TLS_NAME,
                "RequireTLS": False,
                "TlsDomainCapabilities": ["mail.protection.outlook.com:AcceptCloudServicesMail"],
                "Fqdn": "mail.contoso.com",
            }
        ],
        "ExchangeCertificate": [
            {
                "Identity": "EDGE01.contoso.com\\3B1F0C9A",
                "Thumbprint": "3B1F0C9A",
                **CERTIFICATE,
                "_server": "EDGE01",
                "CertificateDomains": ["mail.contoso.com"],
                "Services": "SMTP",
                "Status": "Valid",
                "HasPrivateKey": True,
                "IsSelfSigned": False,
                "RootCAType": "ThirdParty",
                "NotAfter": "2027-09-30T00:00:00Z",
            }
        ],
        "AcceptedDomain": [
            {
                "Identity": "contoso.com",
                "DomainName": "contoso.com",
                "DomainType": "Authoritative",
                "_side": "on-premises",
            },
            {
                "Identity": "contoso.mail.onmicrosoft.com",
                "DomainName": "contoso.mail.onmicrosoft.com",
                "DomainType": "Authoritative",
                "_side": "on-premises",
            },
        ],
        "RemoteDomain": [
            {
                "Identity": "Hybrid Domain - contoso.mail.onmicrosoft.com",
                "DomainName": "contoso.mail.onmicrosoft.com",
                "TargetDeliveryDomain": True,
                "AllowedOOFType": "InternalLegacy",
                "TNEFEnabled": True,
            },
            {
                "Identity": "Hybrid Domain - contoso.onmicrosoft.com",
                "DomainName": "contoso.onmicrosoft.com",
                "TrustedMailInboundEnabled": True,
                "AllowedOOFType": "InternalLegacy",
                "TNEFEnabled": True,
            },
        ],
    }


def test_edge_based_hybrid_raises_no_alarm() -> None:
    findings = lint_dict(edge_based_hybrid(), {"EX01": "15.2.986.5", "EDGE01": "15.2.986.5"})
    assert alarms(findings) == []
    assert [f.rule_id for f in findings] == []  # and every check could be decided


def test_edge_based_hybrid_without_the_edge_exports_is_inconclusive_not_failed() -> None:
    # The Edge server's certificates and receive connectors are often not in the export.
    snapshot = {
        kind: objects
        for kind, objects in edge_based_hybrid().items()
        if kind not in ("ExchangeCertificate", "ReceiveConnector")
    }
    snapshot["ReceiveConnector"] = [
        {
            "Identity": "EX01\\Default Frontend EX01",
            "Server": "EX01",
            "Bindings": ["0.0.0.0:25"],
            "RemoteIPRanges": ["0.0.0.0-255.255.255.255"],
        }
    ]
    findings = lint_dict(snapshot)
    assert alarms(findings) == []


def test_tls_domain_only_matters_with_domain_validation() -> None:
    snapshot = edge_based_hybrid()
    snapshot["SendConnector"][0].update({"TlsAuthLevel": "CertificateValidation", "TlsDomain": None})
    assert alarms(lint_dict(snapshot)) == []
    snapshot["SendConnector"][0].update({"TlsAuthLevel": "DomainValidation", "TlsDomain": None})
    assert [f.rule_id for f in lint_dict(snapshot) if f.severity in ALARMS] == ["HYB-SEND-004"]


def test_exchange_2010_objects_without_2013_properties_are_not_inconclusive() -> None:
    # The 2010 sample's connectors lack CloudServicesMailEnabled, TransportRole, TlsCertificateName and
    # the other 2013+ members: rules for those versions skip them instead of calling them unknown.
    findings = lint_folder(SAMPLES / "exchange2010-hybrid")
    assert [f.rule_id for f in findings if f.outcome == "inconclusive"] == []
    assert {f.rule_id for f in findings} == {
        "HYB-RECV-010",
        "HYB-RECV-011",
        "HYB-REMOTE-003",
        "HYB-REMOTE-004",
        "HYB-REMOTE-005",
        "HYB-VERSION-001",  # Exchange 2010 left support on 2020-10-13
    }


def _truncated_copy(sample: Path, target: Path, depth: int) -> Path:
    """The sample with every on-premises file re-exported as `ConvertTo-Json -Depth <depth>`."""
    shutil.copytree(sample, target)
    for xml in sorted((target / "onprem").glob("*.xml")):
        records = [top.value for top in clixml.read(xml.read_bytes(), str(xml))]
        data = psjson.convert(records if len(records) > 1 else records[0], depth=depth, edition=5)
        xml.with_suffix(".json").write_text(psjson.dumps(data, 5), encoding="utf-8")
        xml.unlink()
    return target


@pytest.mark.parametrize("depth", [1, 2])
@pytest.mark.parametrize("sample", ["exchange-se-healthy", "exchange-se-broken", "exchange2010-hybrid"])
def test_values_truncated_by_the_export_never_add_an_alarm(tmp_path: Path, sample: str, depth: int) -> None:
    full = {(f.rule_id, f.identity) for f in lint_folder(SAMPLES / sample) if f.severity in ALARMS}
    truncated = lint_folder(_truncated_copy(SAMPLES / sample, tmp_path / sample, depth))
    assert {(f.rule_id, f.identity) for f in truncated if f.severity in ALARMS} <= full
    if depth == 1 and sample != "exchange2010-hybrid":
        # Piped connectors are cut at depth 1 (a single object's values are written as their display
        # strings, which read back whole): some checks cannot be decided.
        assert any(f.outcome == "inconclusive" for f in truncated)
