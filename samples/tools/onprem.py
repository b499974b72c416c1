"""On-premises exports of the sample organisations, made from real CLIXML objects of the corpus.

Each function returns the records of one `Export-Clixml` file. The starting objects are the real
Exchange 2019 lab exports of microsoft/CSS-Exchange (MIT); `Org` says what to change.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import certificates
import clixml_edit as ce
from cryptography import x509
from lxml import etree

from linter.values.certificate import dotnet_name

CORPUS = Path(__file__).resolve().parents[2] / "tests" / "corpus" / "real" / "css-exchange"
E19 = CORPUS / "hc-E19"
RUNSPACE = "5f6c1a2e-8d3b-4c71-9e0a-2b7d4c6f8a13"
AD_DATA = "Microsoft.Exchange.Data.Directory"


@dataclass
class Org:
    """What one sample organisation looks like on-premises."""

    server: str = "EX01"
    domain: str = "contoso.com"
    tenant: str = "contoso"
    org_name: str = "Contoso"
    exchange_2010: bool = False
    # The build the server reports (major, minor, build, revision); None keeps the lab's Exchange 2019 build.
    build: tuple[int, int, int, int] | None = None
    # An Edge Transport server in the hybrid path (hybrid-facts.md 10.2): it sends to and receives
    # from Exchange Online; the Mailbox server keeps the certificate for IIS only.
    edge_server: str | None = None
    edge_capability: bool = True  # the Edge receive connector grants EOP AcceptCloudServicesMail
    edge_smtp: bool = True  # the hybrid certificate on the Edge is enabled for SMTP
    send_from_edge: bool = True  # the send connector's source servers are the Edge servers
    # A second tenant the same organisation is joined to (hybrid-facts.md 10.2): its coexistence
    # domain is accepted, and it has a send connector and a certificate of its own (MC1226222).
    second_tenant: str | None = None
    second_certificate: str = "hybrid-2010"  # mail.fabrikam.com, from the same public CA
    second_fqdn: str = "mail.fabrikam.com"
    send_connector_name: str = "Outbound to Office 365 - 6b0d2f7e-3c41-4a8e-9f52-1d7e0c3b9a64"
    smart_host: str = "mail.contoso.com"
    smart_hosts: list[str] = field(default_factory=list)  # [] = DNS routing, as the HCW sets it
    cloud_services_mail: bool = True
    connector_certificate: str = "hybrid-2026"  # whose issuer/subject the connectors name
    installed_certificates: list[str] = field(default_factory=lambda: ["hybrid-2026", "ex01-selfsigned", "auth"])
    hybrid_remote_domain_ok: bool = True
    stale_ranges: list[str] = field(default_factory=list)  # Exchange 2010 "Inbound from Office 365"
    relay_connector_name: str = "Relay - scan appliances"
    relay_ranges: list[str] = field(default_factory=list)  # [] = no hand-made relay connector
    relay_bindings: list[str] = field(default_factory=list)  # [] = the Default Frontend's (all addresses, port 25)

    @property
    def coexistence(self) -> str:
        return f"{self.tenant}.mail.onmicrosoft.com"

    @property
    def fqdn(self) -> str:
        return f"{self.server}.{self.domain}"

    @property
    def edge_fqdn(self) -> str:
        return f"{self.edge_server}.{self.domain}"

    @property
    def domain_dc(self) -> str:
        return ",DC=".join(self.domain.split("."))

    def renames(self, lab: list[tuple[str, str]]) -> list[tuple[str, str]]:
        return [(old, new.format(org=self)) for old, new in lab]


CONNECTOR_LAB = [
    ("WIN-CTD3L0RGEN4", "{org.server}"),
    ("DC=exlab,DC=dom", "DC={org.domain_dc}"),
    ("exlab.dom", "{org.domain}"),
    ("First Organization", "{org.org_name}"),
]
SOLO_LAB = [
    ("SOLO-E19A", "{org.server}"),
    ("Solo-DC1", "DC01"),
    ("DC=Solo,DC=com", "DC={org.domain_dc}"),
    ("SoloORG", "{org.org_name}"),
    ("Solo.com", "{org.domain}"),
]
LABS_365 = [
    ("ex-02", "{org.server}"),
    ("dc-01", "DC01"),
    ("DC=365labs,DC=net", "DC={org.domain_dc}"),
    ("365labs.net", "{org.domain}"),
    ("Exchange Labs", "{org.org_name}"),
]


def tls_name(org: Org, certificate: str | None = None) -> tuple[str, str]:
    cert = x509.load_der_x509_certificate(certificates.der(certificate or org.connector_certificate))
    return dotnet_name(cert.issuer), dotnet_name(cert.subject)


def _x509_identifier(org: Org, template: etree._Element, certificate: str | None = None) -> etree._Element:
    issuer, subject = tls_name(org, certificate)
    obj = ce.clone(template)
    obj.find(ce.Q + "ToString").text = f"<I>{issuer}<S>{subject}"
    ce.set_member(obj, "CertificateSubject", ce.text(subject))
    ce.set_member(obj, "CertificateIssuer", ce.text(issuer))
    ce.set_member(obj, "SubjectCommonName", ce.text(subject.split("=", 1)[1].split(",", 1)[0]))
    return obj


def _hybrid_template() -> etree._Element:
    hybrid = ce.records(ce.load(E19 / "GetHybridConfiguration.xml"))[0]
    return ce.member(hybrid, "TlsCertificateName")


def _smtp_domain(template: etree._Element, domain: str) -> etree._Element:
    obj = ce.clone(template)
    obj.find(ce.Q + "ToString").text = domain
    wildcard = domain.startswith("*.")
    bare = domain[2:] if wildcard else domain
    ce.set_member(obj, "Address", ce.text(domain))
    ce.set_member(obj, "IncludeSubDomains", ce.boolean(wildcard))
    ce.set_member(obj, "Domain", ce.text(bare))
    ce.set_member(obj, "SmtpDomain", ce.text(bare))
    ce.set_member(obj, "IsStar", ce.boolean(False))
    return obj


def _accepted_domain_template() -> etree._Element:
    return ce.member(ce.records(ce.load(E19 / "GetAcceptedDomain.xml"))[0], "DomainName")


def send_connectors(org: Org) -> list[etree._Element]:
    root = ce.load(E19 / "GetSendConnector.xml")
    connector = ce.records(root)[0]
    ce.rename(root, org.renames([*CONNECTOR_LAB, ("Mail to O365", org.send_connector_name)]))
    space = ce.member(connector, "AddressSpaces").find(ce.Q + "LST")[0]
    space.find(ce.Q + "ToString").text = f"smtp:{org.coexistence};1"
    for name, value in (
        ("Address", ce.text(org.coexistence)),
        ("Type", ce.text("smtp")),
        ("IncludeSubDomains", ce.boolean(False)),
        ("Domain", ce.text(org.coexistence)),
    ):
        ce.set_member(space, name, value)
    smart_hosts = ce.member(connector, "SmartHosts")
    template = smart_hosts.find(ce.Q + "LST")[0]
    # SourceIPAddress refers to the 0.0.0.0 placeholder inside the first smart host: keep a copy.
    ce.set_member(connector, "SourceIPAddress", ce.clone(ce.member(template, "Address")))
    smart_hosts.find(ce.Q + "LST").clear()
    for host in org.smart_hosts:
        item = ce.clone(template)
        item.find(ce.Q + "ToString").text = host
        ce.set_member(item, "Domain", ce.text(host))
        smart_hosts.find(ce.Q + "LST").append(item)
    ce.set_member(connector, "SmartHostsString", ce.text(",".join(org.smart_hosts)))
    ce.set_member(connector, "DNSRoutingEnabled", ce.boolean(not org.smart_hosts))
    ce.set_member(connector, "RequireTLS", ce.boolean(True))
    ce.set_member(connector, "TlsAuthLevel", ce.enum("Microsoft.Exchange.Data.TlsAuthLevel", "DomainValidation", 4))
    ce.set_member(connector, "TlsDomain", _smtp_domain(_accepted_domain_template(), "mail.protection.outlook.com"))
    fqdn = ce.records(ce.load(CORPUS / "hc-datacollection" / "GetSendConnectorConfiguredToRelayToM365.xml"))[0]
    fqdn_value = ce.clone(ce.member(fqdn, "Fqdn"))
    fqdn_value.find(ce.Q + "ToString").text = org.smart_host
    ce.set_member(fqdn_value, "Domain", ce.text(org.smart_host))
    ce.set_member(connector, "Fqdn", fqdn_value)
    if org.exchange_2010:
        for name in ("CloudServicesMailEnabled", "TlsCertificateName", "ConnectorType", "FrontendProxyEnabled"):
            ce.remove_member(connector, name)
    else:
        ce.set_member(connector, "CloudServicesMailEnabled", ce.boolean(org.cloud_services_mail))
        ce.set_member(connector, "TlsCertificateName", _x509_identifier(org, _hybrid_template()))
    if org.edge_server and org.send_from_edge:
        _point_at_edge(org, ce.member(connector, "SourceTransportServers"))
    ce.set_session(connector, org.fqdn.lower(), RUNSPACE)
    if not org.second_tenant:
        return [connector]
    return [connector, _second_tenant_connector(org, connector)]


def _second_tenant_connector(org: Org, connector: etree._Element) -> etree._Element:
    """The second tenant's send connector: a copy of the first for its coexistence domain, with
    the second tenant's certificate and the name that certificate covers."""
    second = ce.clone(connector)
    coexistence = f"{org.second_tenant}.mail.onmicrosoft.com"
    name = "Outbound to Office 365 - " + str(uuid.uuid5(uuid.NAMESPACE_DNS, coexistence))
    for node in second.iter(ce.Q + "S", ce.Q + "ToString"):
        if node.text:
            node.text = node.text.replace(org.send_connector_name, name).replace(org.coexistence, coexistence)
            node.text = node.text.replace(org.smart_host, org.second_fqdn) if node.text == org.smart_host else node.text
    old_guid = ce.member(connector, "Guid").text
    new_guid = str(uuid.uuid5(uuid.NAMESPACE_DNS, name))
    for node in second.iter(ce.Q + "G"):
        if node.text == old_guid:
            node.text = new_guid
    ce.set_member(second, "TlsCertificateName", _x509_identifier(org, _hybrid_template(), org.second_certificate))
    return second


def _point_at_edge(org: Org, servers: etree._Element) -> None:
    """An ADObjectId list that named the Mailbox server, made to name the Edge server instead."""
    for node in servers.iter(ce.Q + "S", ce.Q + "ToString"):
        if node.text:
            node.text = re.sub(rf"\b{re.escape(org.server)}\b", org.edge_server or "", node.text)


def receive_connectors(org: Org) -> list[etree._Element]:
    root = ce.load(E19 / "GetReceiveConnector.xml")
    ce.rename(root, org.renames(CONNECTOR_LAB))
    connectors = ce.records(root)
    identifier = _hybrid_template()
    for connector in connectors:
        ce.set_session(connector, org.fqdn.lower(), RUNSPACE)
        name = ce.member(connector, "Name").text or ""
        if name.startswith("Default Frontend") and org.edge_server:
            ce.member(connector, "TlsDomainCapabilities").find(ce.Q + "LST").clear()
        elif name.startswith("Default Frontend"):
            capability = ce.member(connector, "TlsDomainCapabilities").find(ce.Q + "LST")[0]
            keyword = "AcceptOorgProtocol" if org.exchange_2010 else "AcceptCloudServicesMail"
            capability.find(ce.Q + "ToString").text = f"mail.protection.outlook.com:{keyword}"
            ce.set_member(capability, "Domain", ce.text("mail.protection.outlook.com"))
            ce.set_member(capability, "Capabilities", ce.text(keyword))
            ce.set_member(connector, "TlsCertificateName", _x509_identifier(org, identifier))
    if org.exchange_2010:
        connectors = [_inbound_from_office_365(org, connectors)]
    elif org.relay_ranges:
        connectors.append(_relay_connector(org, connectors))
    return connectors


def edge_receive_connectors(org: Org) -> list[etree._Element]:
    """Get-ReceiveConnector run on the Edge server: its default internal receive connector, which
    the HCW gives the hybrid capability and certificate. Made from the Default Frontend shape (the
    corpus has no Edge export), renamed to the Edge and its connector."""
    root = ce.load(E19 / "GetReceiveConnector.xml")
    ce.rename(root, org.renames(CONNECTOR_LAB))
    edge_name = f"Default internal receive connector {org.edge_server}"
    connector = _copy_of_frontend(ce.records(root), edge_name)
    for node in connector.iter(ce.Q + "S", ce.Q + "ToString"):
        if node.text:
            node.text = re.sub(rf"\b{re.escape(org.server)}\b", org.edge_server or "", node.text)
    capabilities = ce.member(connector, "TlsDomainCapabilities").find(ce.Q + "LST")
    capability = capabilities[0]
    capability.find(ce.Q + "ToString").text = "mail.protection.outlook.com:AcceptCloudServicesMail"
    ce.set_member(capability, "Domain", ce.text("mail.protection.outlook.com"))
    ce.set_member(capability, "Capabilities", ce.text("AcceptCloudServicesMail"))
    if not org.edge_capability:
        capabilities.clear()
    ce.set_member(connector, "TlsCertificateName", _x509_identifier(org, _hybrid_template()))
    ce.set_session(connector, org.edge_fqdn.lower(), RUNSPACE)
    return [connector]


def _copy_of_frontend(connectors: list[etree._Element], new_name: str) -> etree._Element:
    frontend = next(c for c in connectors if (ce.member(c, "Name").text or "").startswith("Default Frontend"))
    connector = ce.clone(frontend)
    old_name = ce.member(connector, "Name").text or ""
    for node in connector.iter(ce.Q + "S", ce.Q + "ToString"):
        if node.text and old_name in node.text:
            node.text = node.text.replace(old_name, new_name)
    return connector


def _set_ranges(connector: etree._Element, texts: list[str]) -> None:
    """RemoteIPRanges as Exchange serialises IPRange objects, from 'low-high' texts."""
    ranges = ce.member(connector, "RemoteIPRanges")
    template = ranges.find(ce.Q + "LST")[1]
    ranges.find(ce.Q + "LST").clear()
    for text in texts:
        low, high = text.split("-")
        item = ce.clone(template)
        item.find(ce.Q + "ToString").text = text
        ce.set_member(item, "Expression", ce.text(text))
        ce.set_member(item, "LowerBound", ce.text(low))
        ce.set_member(item, "UpperBound", ce.text(high))
        # Exchange writes the range's size in IPv6 notation, for IPv4 ranges too.
        size = int(ipaddress.ip_address(high)) - int(ipaddress.ip_address(low)) + 1
        ce.set_member(item, "Size", ce.text(str(ipaddress.IPv6Address(size))))
        ranges.find(ce.Q + "LST").append(item)


def _set_bindings(connector: etree._Element, texts: list[str]) -> None:
    """Bindings as Exchange serialises IPEndPoint objects, from 'address:port' texts (IPv4)."""
    bindings = ce.member(connector, "Bindings").find(ce.Q + "LST")
    template = next(item for item in bindings if ":" not in (item.find(ce.Q + "ToString").text or "").rsplit(":", 1)[0])
    bindings.clear()
    for text in texts:
        address, port = text.rsplit(":", 1)
        item = ce.clone(template)
        item.find(ce.Q + "ToString").text = text
        ce.set_member(item, "Port", ce.int32(int(port)))
        inner = ce.member(item, "Address")
        inner.find(ce.Q + "ToString").text = address
        for node in inner.iter(ce.Q + "I64"):
            if node.get("N") == "Address":  # IPAddress.Address: the four bytes read little-endian
                node.text = str(int.from_bytes(ipaddress.IPv4Address(address).packed, "little"))
        for node in inner.iter(ce.Q + "S"):
            if node.get("N") == "IPAddressToString":
                node.text = address
        bindings.append(item)


def _relay_connector(org: Org, connectors: list[etree._Element]) -> etree._Element:
    """A hand-made relay connector: a Default Frontend copy without the hybrid capability or certificate."""
    connector = _copy_of_frontend(connectors, org.relay_connector_name)
    old_guid = ce.member(connector, "Guid").text
    new_guid = str(uuid.uuid5(uuid.NAMESPACE_DNS, f"{org.relay_connector_name}.{org.fqdn}"))
    for node in connector.iter(ce.Q + "G"):
        if node.text == old_guid:
            node.text = new_guid
    _set_ranges(connector, org.relay_ranges)
    if org.relay_bindings:
        _set_bindings(connector, org.relay_bindings)
    ce.member(connector, "TlsDomainCapabilities").find(ce.Q + "LST").clear()
    ce.set_member(connector, "TlsCertificateName", ce.text(None))
    return connector


def _inbound_from_office_365(org: Org, connectors: list[etree._Element]) -> etree._Element:
    """Exchange 2010's HCW connector, made from the Default Frontend shape without the 2013+ members."""
    connector = _copy_of_frontend(connectors, "Inbound from Office 365")
    _set_ranges(connector, org.stale_ranges)
    ce.set_member(connector, "RequireTLS", ce.boolean(True))
    for name in (
        "TlsCertificateName",
        "TransportRole",
        "SmtpUtf8Enabled",
        "ServiceDiscoveryFqdn",
        "AdvertiseClientSettings",
        "ExtendedProtectionPolicy",
        "RejectReservedTopLevelRecipientDomains",
        "RejectReservedSecondLevelRecipientDomains",
        "RejectSingleLabelRecipientDomains",
        "AcceptConsumerMail",
        "BareLinefeedRejectionEnabled",
    ):
        ce.remove_member(connector, name)
    bindings = ce.member(connector, "Bindings").find(ce.Q + "LST")
    bindings.remove(bindings[0])  # 2010 binds IPv4 only here
    for node in connector.iter(ce.Q + "T"):
        node.text = (node.text or "").replace("Version=15.0.0.0", "Version=14.0.0.0")
    return connector


def edge_certificate_records(org: Org) -> list[etree._Element]:
    """The same command run on the Edge server: the hybrid certificate, enabled for SMTP."""
    return certificate_records(org, org.edge_fqdn, [org.connector_certificate], edge=True)


def certificate_records(
    org: Org, fqdn: str | None = None, names: list[str] | None = None, edge: bool = False
) -> list[etree._Element]:
    """`Get-ExchangeCertificate | Select-Object ...` run in the Exchange Management Shell.

    Select-Object copies the properties into a custom object, so Services and Status are plain
    enum values instead of being hidden in a SerializationData blob.
    """
    records = []
    for name in org.installed_certificates if names is None else names:
        raw = certificates.der(name)
        cert = x509.load_der_x509_certificate(raw)
        thumbprint = hashlib.sha1(raw).hexdigest().upper()
        services, number = (
            ("None", 0)
            if edge and not org.edge_smtp
            else ("SMTP", 16)
            if edge or name == "auth"
            else ("IMAP, POP, IIS, SMTP", 27)
            if name.endswith("selfsigned")
            else ("IIS", 8)
            if org.edge_server  # the Mailbox server of an Edge topology: the certificate serves IIS only
            else ("IIS, SMTP", 24)
        )
        obj = ce.element("Obj")
        obj.set("RefId", "new")
        obj.append(
            ce.type_names(
                [
                    "Selected.Microsoft.Exchange.Management.SystemConfigurationTasks.ExchangeCertificate",
                    "System.Management.Automation.PSCustomObject",
                    "System.Object",
                ]
            )
        )
        members = ce.element("MS")
        fields: list[tuple[str, etree._Element]] = [
            ("Identity", ce.text(f"{fqdn or org.fqdn}\\{thumbprint}")),
            ("Thumbprint", ce.text(thumbprint)),
            ("Subject", ce.text(dotnet_name(cert.subject))),
            ("Issuer", ce.text(dotnet_name(cert.issuer))),
            ("NotBefore", _date(cert.not_valid_before_utc)),
            ("NotAfter", _date(cert.not_valid_after_utc)),
            (
                "Services",
                ce.enum("Microsoft.Exchange.Management.SystemConfigurationTasks.AllowedServices", services, number),
            ),
            ("Status", ce.enum("Microsoft.Exchange.Management.SystemConfigurationTasks.CertificateStatus", "Valid", 1)),
            ("HasPrivateKey", ce.boolean(True)),
            ("IsSelfSigned", ce.boolean(cert.issuer == cert.subject)),
            ("RawData", ce.element("BA", text=base64.b64encode(raw).decode())),
        ]
        for field_name, value in fields:
            value.set("N", field_name)
            members.append(value)
        obj.append(members)
        records.append(obj)
    return records


def _date(value: datetime) -> etree._Element:
    # Certificate dates are local times; Export-Clixml writes them with the offset (server on UTC).
    return ce.element("DT", text=value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+00:00"))


def accepted_domains(org: Org) -> list[etree._Element]:
    root = ce.load(E19 / "GetAcceptedDomain.xml")
    ce.rename(root, org.renames(SOLO_LAB))
    primary, second = ce.records(root)[:2]
    # The lab's second domain becomes the coexistence domain the HCW adds (Authoritative).
    for node in second.iter(ce.Q + "S", ce.Q + "ToString"):
        if node.text:
            node.text = node.text.replace("*.contoso.local", org.coexistence).replace("Contoso Wild", org.coexistence)
    ce.set_member(second, "DomainName", _smtp_domain(_accepted_domain_template(), org.coexistence))
    ce.set_member(
        second, "DomainType", ce.enum(f"{AD_DATA}.SystemConfiguration.AcceptedDomainType", "Authoritative", 0)
    )
    records = [primary, second]
    if org.second_tenant:
        third = ce.clone(second)
        coexistence = f"{org.second_tenant}.mail.onmicrosoft.com"
        for node in third.iter(ce.Q + "S", ce.Q + "ToString"):
            if node.text:
                node.text = node.text.replace(org.coexistence, coexistence)
        old_guid = ce.member(second, "Guid").text
        for node in third.iter(ce.Q + "G"):
            if node.text == old_guid:
                node.text = str(uuid.uuid5(uuid.NAMESPACE_DNS, coexistence))
        records.append(third)
    for record in records:
        ce.set_session(record, org.fqdn.lower(), RUNSPACE)
    return records


def remote_domains(org: Org) -> list[etree._Element]:
    """Get-RemoteDomain: the corpus has none on-premises, so each record is an accepted-domain
    record (same AD object layout) given the members of DomainContentConfig, with the values the
    HCW and Exchange setup write (hybrid-facts.md 1.7)."""
    template = accepted_domains(org)[0]
    wanted = [
        ("Default", "*", {}),
        (f"Hybrid Domain - {org.coexistence}", org.coexistence, {"TargetDeliveryDomain": org.hybrid_remote_domain_ok}),
        (
            f"Hybrid Domain - {org.tenant}.onmicrosoft.com",
            f"{org.tenant}.onmicrosoft.com",
            {"TrustedMailInboundEnabled": True},
        ),
    ]
    if org.second_tenant:
        second = f"{org.second_tenant}.mail.onmicrosoft.com"
        wanted.append((f"Hybrid Domain - {second}", second, {"TargetDeliveryDomain": True}))
    records = []
    for name, domain, settings in wanted:
        record = ce.clone(template)
        record.find(ce.Q + "TN")[0].text = f"{AD_DATA}.SystemConfiguration.DomainContentConfig"
        for node in record.iter(ce.Q + "S", ce.Q + "ToString"):
            if node.text:
                node.text = node.text.replace(
                    "CN=Accepted Domains,CN=Transport Settings", "CN=Internet Message Formats,CN=Global Settings"
                ).replace("ms-Exch-Accepted-Domain", "ms-Exch-Domain-Content-Config")
        for node in record.iter(ce.Q + "S", ce.Q + "ToString"):
            if node.text == org.domain or node.text == f"CN={org.domain}":
                node.text = node.text.replace(org.domain, name)
            elif (node.text or "").startswith(f"CN={org.domain},"):
                node.text = (node.text or "").replace(org.domain, name, 1)
        props = record.find(ce.Q + "Props")
        for member_name in (
            "DomainType",
            "Default",
            "AddressBookEnabled",
            "MatchSubDomains",
            "DomainName",
            "CatchAllRecipientID",
            "AuthenticationType",
            "LiveIdInstanceType",
            "PendingRemoval",
            "PendingCompletion",
            "FederatedOrganizationLink",
            "MailFlowPartner",
            "OutboundOnly",
            "PendingFederatedAccountNamespace",
            "PendingFederatedDomain",
            "IsCoexistenceDomain",
            "PerimeterDuplicateDetected",
            "IsDefaultFederatedDomain",
            "EnableNego2Authentication",
            "InitialDomain",
            "ExternallyManaged",
            "RawAuthenticationType",
            "EmailOnly",
        ):
            ce.remove_member(record, member_name)
        members = [
            ("DomainName", _smtp_domain(_accepted_domain_template(), domain)),
            ("IsInternal", ce.boolean(False)),
            ("TargetDeliveryDomain", ce.boolean(bool(settings.get("TargetDeliveryDomain", False)))),
            ("AllowedOOFType", ce.enum(f"{AD_DATA}.SystemConfiguration.AllowedOOFType", "External", 0)),
            ("AutoReplyEnabled", ce.boolean(True)),
            ("AutoForwardEnabled", ce.boolean(True)),
            ("DeliveryReportEnabled", ce.boolean(True)),
            ("NDREnabled", ce.boolean(True)),
            ("MeetingForwardNotificationEnabled", ce.boolean(False)),
            ("DisplaySenderName", ce.boolean(True)),
            ("TNEFEnabled", ce.element("Nil")),
            ("TrustedMailOutboundEnabled", ce.boolean(False)),
            ("TrustedMailInboundEnabled", ce.boolean(bool(settings.get("TrustedMailInboundEnabled", False)))),
            ("UseSimpleDisplayName", ce.boolean(False)),
            ("NDRDiagnosticInfoEnabled", ce.boolean(True)),
            ("CharacterSet", ce.text("iso-8859-1")),
            ("NonMimeCharacterSet", ce.text("iso-8859-1")),
        ]
        for position, (member_name, value) in enumerate(members):
            value.set("N", member_name)
            props.insert(position, value)
        records.append(record)
    return records


def hybrid_configuration(org: Org) -> list[etree._Element]:
    root = ce.load(E19 / "GetHybridConfiguration.xml")
    ce.rename(root, org.renames(LABS_365))
    hybrid = ce.records(root)[0]
    domain = ce.member(hybrid, "Domains").find(ce.Q + "LST")[0]
    domain.find(ce.Q + "ToString").text = org.domain
    ce.set_member(domain, "Domain", ce.text(org.domain))
    smart_host = ce.member(hybrid, "OnPremisesSmartHost")
    smart_host.find(ce.Q + "ToString").text = org.smart_host
    ce.set_member(smart_host, "Domain", ce.text(org.smart_host))
    if org.exchange_2010:
        for name in (
            "TlsCertificateName",
            "SendingTransportServers",
            "ReceivingTransportServers",
            "EdgeTransportServers",
        ):
            ce.remove_member(hybrid, name)
        thumbprint = hashlib.sha1(certificates.der(org.connector_certificate)).hexdigest().upper()
        ce.set_member(hybrid, "SecureMailCertificateThumbprint", ce.text(thumbprint))
        servers = ce.clone(
            ce.member(ce.records(ce.load(E19 / "GetHybridConfiguration.xml"))[0], "SendingTransportServers")
        )
        for node in servers.iter(ce.Q + "S", ce.Q + "ToString"):
            node.text = (node.text or "").replace("ex-02", org.server).replace("Exchange Labs", org.org_name)
        ce.set_member(hybrid, "TransportServers", servers)
    else:
        ce.set_member(hybrid, "TlsCertificateName", _x509_identifier(org, _hybrid_template()))
    if org.edge_server:
        # The HCW's Edge topology: EdgeTransportServers set, sending and receiving servers empty.
        sending = ce.member(hybrid, "SendingTransportServers").find(ce.Q + "LST")
        edge = ce.member(hybrid, "EdgeTransportServers").find(ce.Q + "LST")
        edge.append(ce.clone(sending[0]))
        _point_at_edge(org, ce.member(hybrid, "EdgeTransportServers"))
        sending.clear()
        ce.member(hybrid, "ReceivingTransportServers").find(ce.Q + "LST").clear()
    ce.set_session(hybrid, org.fqdn.lower(), RUNSPACE)
    return [hybrid]


def exchange_servers(org: Org) -> list[etree._Element]:
    root = ce.load(E19 / "GetExchangeServer.xml")
    ce.rename(root, org.renames(SOLO_LAB))
    server = ce.records(root)[0]
    build = (14, 3, 123, 4) if org.exchange_2010 else org.build
    if build is not None:
        version = ce.member(server, "AdminDisplayVersion")
        version.find(ce.Q + "ToString").text = f"Version {build[0]}.{build[1]} (Build {build[2]}.{build[3]})"
        for name, number in zip(("Major", "Minor", "Build", "Revision"), build, strict=True):
            ce.set_member(version, name, ce.int32(number))
    if org.exchange_2010:
        role = ce.member(server, "ServerRole")
        role.find(ce.Q + "ToString").text = "Mailbox, ClientAccess, HubTransport"
        role.find(ce.Q + "I32").text = str(2 + 4 + 32)
    ce.set_session(server, org.fqdn.lower(), RUNSPACE)
    if not org.edge_server:
        return [server]
    # A subscribed Edge server is listed by Get-ExchangeServer with the Edge role.
    edge = ce.clone(server)
    for node in edge.iter(ce.Q + "S", ce.Q + "ToString"):
        if node.text:
            node.text = re.sub(rf"\b{re.escape(org.server)}\b", org.edge_server, node.text)
    edge_guid = str(uuid.uuid5(uuid.NAMESPACE_DNS, org.edge_fqdn))
    old_guid = ce.member(server, "Guid").text
    for node in edge.iter(ce.Q + "G"):
        if node.text == old_guid:
            node.text = edge_guid
    role = ce.member(edge, "ServerRole")
    role.find(ce.Q + "ToString").text = "Edge"
    role.find(ce.Q + "I32").text = "64"
    return [server, edge]
