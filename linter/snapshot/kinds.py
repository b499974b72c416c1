"""Which kind of Exchange object a record is, and which side of the hybrid it comes from."""

from __future__ import annotations

from collections.abc import Iterable

from linter.snapshot.model import EXCHANGE_ONLINE, GENERIC_KIND, ON_PREMISES, Side
from linter.snapshot.psobject import strip_deserialized

# Short .NET type name (last dotted part) -> kind. The first name of an object's type chain that
# is listed wins, so a derived type not listed still finds its listed base type.
TYPE_KINDS = {
    "SmtpSendConnectorConfig": "SendConnector",
    "SendConnector": "SendConnector",
    "ReceiveConnector": "ReceiveConnector",
    "AcceptedDomain": "AcceptedDomain",
    "DomainContentConfig": "RemoteDomain",  # what Get-RemoteDomain returns
    "RemoteDomain": "RemoteDomain",
    "TenantInboundConnector": "InboundConnector",
    "InboundConnector": "InboundConnector",
    "TenantOutboundConnector": "OutboundConnector",
    "OutboundConnector": "OutboundConnector",
    "HybridConfiguration": "HybridConfiguration",
    "ExchangeCertificate": "ExchangeCertificate",
    # A bare X509Certificate2 (HealthChecker's internal transport certificate) is still a
    # certificate of the server; it only lacks Exchange's own fields.
    "X509Certificate2": "ExchangeCertificate",
    "ExchangeServer": "ExchangeServer",
    "TransportConfigContainer": "TransportConfig",
    "TransportConfig": "TransportConfig",
    "OrganizationConfig": "OrganizationConfig",
    "TransportRule": "TransportRule",
    "OrganizationRelationship": "OrganizationRelationship",
    "IntraOrganizationConnector": "IntraOrganizationConnector",
    "OnPremisesOrganization": "OnPremisesOrganization",
    "TransportService": "TransportService",
    "TransportServer": "TransportService",  # Exchange 2010's Get-TransportServer
    "RemoteMailbox": "RemoteMailbox",
    "EmailAddressPolicy": "EmailAddressPolicy",
}

# Kinds whose cmdlet exists on one side only.
ONLY_ON_PREMISES = frozenset(
    {
        "SendConnector",
        "ReceiveConnector",
        "HybridConfiguration",
        "ExchangeCertificate",
        "ExchangeServer",
        "TransportService",
        "RemoteMailbox",
        "EmailAddressPolicy",
    }
)
ONLY_EXCHANGE_ONLINE = frozenset({"InboundConnector", "OutboundConnector", "OnPremisesOrganization"})

# Text that only Exchange Online objects carry (tenant DNs, datacenter host names, EXO endpoints).
_ONLINE_MARKERS = (
    "microsoft exchange hosted organizations",
    ".prod.outlook.com",
    ".outlook.com/",
    "outlook.office365.com",
    "outlook.office.de",
    "partner.outlook.cn",
    # A tenant's configuration container (CN=Configuration,CN=<tenant>,CN=ConfigurationUnits,...):
    # on-premises configuration sits under CN=Services,CN=Configuration,DC=<forest>.
    "cn=configurationunits,",
)
EVIDENCE_PROPERTIES = ("DistinguishedName", "OrganizationId", "OriginatingServer", "PSComputerName", "Identity")


def kind_of_type_names(type_names: Iterable[str]) -> str:
    for name in type_names:
        short = strip_deserialized(name).split("[", 1)[0].replace("+", ".").rsplit(".", 1)[-1]
        kind = TYPE_KINDS.get(short)
        if kind is not None:
            return kind
    return GENERIC_KIND


def implied_side(kind: str) -> str | None:
    """The side a kind can only be on, or None for kinds both sides have."""
    if kind in ONLY_ON_PREMISES:
        return ON_PREMISES
    if kind in ONLY_EXCHANGE_ONLINE:
        return EXCHANGE_ONLINE
    return None


def detect_side(kind: str, values: dict[str, str]) -> Side:
    """The side of an object of `kind`; `values` holds the text of the evidence properties present."""
    if kind in ONLY_ON_PREMISES:
        return ON_PREMISES
    if kind in ONLY_EXCHANGE_ONLINE:
        return EXCHANGE_ONLINE
    for name in EVIDENCE_PROPERTIES:
        text = values.get(name, "").lower()
        if any(marker in text for marker in _ONLINE_MARKERS):
            return EXCHANGE_ONLINE
    # Property sets do not tell the sides apart (2019 has IsCoexistenceDomain too); names do: an
    # on-premises configuration partition, or a session to a named server. With neither, and no
    # Exchange Online marker, the object is taken as on-premises.
    return ON_PREMISES
