"""Every real CLIXML export ingests with the right kind, side and object count."""

from __future__ import annotations

import pytest
from testkit import CORPUS

from linter.snapshot.loader import load_snapshot

# file -> (kind, object count), from tests/corpus/real/MANIFEST.md. All are on-premises exports.
EXPECTED = {
    "css-exchange/hc-E15/GetExchangeCertificate.xml": ("ExchangeCertificate", 3),
    "css-exchange/hc-E15/GetExchangeServer.xml": ("ExchangeServer", 1),
    "css-exchange/hc-E15/GetOrganizationConfig.xml": ("OrganizationConfig", 1),
    "css-exchange/hc-E16/GetExchangeCertificate.xml": ("ExchangeCertificate", 3),
    "css-exchange/hc-E16/GetExchangeServer.xml": ("ExchangeServer", 1),
    "css-exchange/hc-E16/GetOrganizationConfig.xml": ("OrganizationConfig", 1),
    "css-exchange/hc-E19/GetAcceptedDomain.xml": ("AcceptedDomain", 3),
    "css-exchange/hc-E19/GetAcceptedDomain_Bad.xml": ("AcceptedDomain", 4),
    "css-exchange/hc-E19/GetAcceptedDomain_Problem.xml": ("AcceptedDomain", 4),
    "css-exchange/hc-E19/GetExchangeCertificate.xml": ("ExchangeCertificate", 3),
    "css-exchange/hc-E19/GetExchangeServer.xml": ("ExchangeServer", 1),
    "css-exchange/hc-E19/GetHybridConfiguration.xml": ("HybridConfiguration", 1),
    "css-exchange/hc-E19/GetInternalTransportCertificateFromServer.xml": ("ExchangeCertificate", 1),
    "css-exchange/hc-E19/GetOrganizationConfig.xml": ("OrganizationConfig", 1),
    "css-exchange/hc-E19/GetOrganizationConfig1.xml": ("OrganizationConfig", 1),
    "css-exchange/hc-E19/GetReceiveConnector.xml": ("ReceiveConnector", 5),
    "css-exchange/hc-E19/GetSendConnector.xml": ("SendConnector", 1),
    "css-exchange/hc-datacollection/GetExchangeCertificate.xml": ("ExchangeCertificate", 4),
    "css-exchange/hc-datacollection/GetExchangeCertificateBroken.xml": ("ExchangeCertificate", 5),
    "css-exchange/hc-datacollection/GetExchangeCertificateIncomplete.xml": ("ExchangeCertificate", 2),
    "css-exchange/hc-datacollection/GetExchangeCertificateMultipleMatches.xml": ("ExchangeCertificate", 5),
    "css-exchange/hc-datacollection/GetExchangeCertificateOnAzure.xml": ("ExchangeCertificate", 3),
    "css-exchange/hc-datacollection/GetExchangeCertificateWithoutAuth.xml": ("ExchangeCertificate", 3),
    "css-exchange/hc-datacollection/GetReceiveConnectorEmptyTlsCertificateName.xml": ("ReceiveConnector", 5),
    "css-exchange/hc-datacollection/GetSendConnectorConfiguredToRelayToM365.xml": ("SendConnector", 1),
    "css-exchange/monitor-authcert/GetExchangeCertifiateWithNewAuthConfigCert.xml": ("ExchangeCertificate", 6),
    "css-exchange/monitor-authcert/GetExchangeCertificate.xml": ("ExchangeCertificate", 8),
    "css-exchange/monitor-authcert/GetExchangeServer.xml": ("ExchangeServer", 2),
    "css-exchange/monitor-authcert/InvalidExchangeDefaultTransportCertificate.xml": ("ExchangeCertificate", 1),
    "css-exchange/monitor-authcert/NewExchangeCertificateDefaultTransport.xml": ("ExchangeCertificate", 1),
}


def test_the_table_covers_every_clixml_file() -> None:
    assert sorted(EXPECTED) == sorted(str(p.relative_to(CORPUS)) for p in CORPUS.glob("**/*.xml"))


@pytest.mark.parametrize("relative", sorted(EXPECTED))
def test_file_ingests(relative: str) -> None:
    kind, count = EXPECTED[relative]
    snapshot = load_snapshot([str(CORPUS / relative)])
    assert [o.kind for o in snapshot.objects] == [kind] * count
    assert {o.side for o in snapshot.objects} == {"on-premises"}
    assert all(o.source.file.endswith(relative) and o.source.line > 0 for o in snapshot.objects)
    assert all(o.identity and not o.identity.startswith("(") for o in snapshot.objects)
    assert not [w for w in snapshot.warnings if w.code in ("unknown-type", "invalid-value", "duplicate")]


def test_hybrid_objects_normalise_to_exchange_values() -> None:
    send = load_snapshot([str(CORPUS / "css-exchange/hc-E19/GetSendConnector.xml")]).objects[0]
    assert [str(a) for a in send.get("AddressSpaces")] == ["SMTP:*;1"]
    assert [str(h) for h in send.get("SmartHosts")] == ["microsoft-com.mail.protection.outlook.com"]
    assert str(send.get("TlsCertificateName")) == "<I>CN=localhost<S>CN=localhost"
    assert send.get("CloudServicesMailEnabled") is True and send.get("Fqdn") is None
    assert send.get("MaxMessageSize").bytes == 36_700_160  # an Unlimited<ByteQuantifiedSize> holding a value
    assert send.get("SourceTransportServers") == ["WIN-CTD3L0RGEN4"]
    relay = load_snapshot([str(CORPUS / "css-exchange/hc-datacollection/GetSendConnectorConfiguredToRelayToM365.xml")])
    relay_send = relay.objects[0]
    assert relay_send.get("TlsAuthLevel") == "CertificateValidation" and relay_send.get("RequireTLS") is True
    assert relay_send.get("Fqdn") == "mail.contoso.com"
    assert [str(h) for h in relay_send.get("SmartHosts")] == ["thistenantdoesntexists-com.mail.protection.outlook.com"]

    receive = load_snapshot([str(CORPUS / "css-exchange/hc-E19/GetReceiveConnector.xml")]).objects
    frontend = next(o for o in receive if o.identity.endswith("Default Frontend WIN-CTD3L0RGEN4"))
    assert frontend.server == "WIN-CTD3L0RGEN4"
    assert [str(b) for b in frontend.get("Bindings")] == ["[::]:25", "0.0.0.0:25"]
    assert [str(r) for r in frontend.get("RemoteIPRanges")] == [
        "::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
        "0.0.0.0-255.255.255.255",
    ]
    assert [str(c) for c in frontend.get("TlsDomainCapabilities")] == ["fabrikam.com:AcceptCloudServicesMail"]
    assert frontend.get("AuthMechanism") == ["Tls", "Integrated", "BasicAuth", "BasicAuthRequireTLS", "ExchangeServer"]
    assert frontend.get("PermissionGroups") == ["AnonymousUsers", "ExchangeServers", "ExchangeLegacyServers"]
    assert frontend.get("MaxMessageSize").bytes == 37_748_736

    hybrid = load_snapshot([str(CORPUS / "css-exchange/hc-E19/GetHybridConfiguration.xml")]).objects[0]
    tls = hybrid.get("TlsCertificateName")
    assert tls.issuer.attribute("O") is not None and "," in tls.issuer.text
    assert "Photos" in hybrid.get("Features") and len(hybrid.get("Features")) == 8
    assert hybrid.get("ExternalIPAddresses") == []

    domains = load_snapshot([str(CORPUS / "css-exchange/hc-E19/GetAcceptedDomain_Bad.xml")]).objects
    bad = next(o for o in domains if o.identity == "Bad Accepted Domain")
    assert (bad.get("DomainName"), bad.get("DomainType")) == ("*", "ExternalRelay")


def test_empty_tls_certificate_name_is_null_not_missing() -> None:
    path = CORPUS / "css-exchange/hc-datacollection/GetReceiveConnectorEmptyTlsCertificateName.xml"
    frontend = next(o for o in load_snapshot([str(path)]).objects if "Default Frontend" in o.identity)
    assert "TlsCertificateName" in frontend.properties and frontend.get("TlsCertificateName") is None
    assert frontend.get("TlsDomainCapabilities")
