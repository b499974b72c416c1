"""Reader for `ConvertTo-Json` exports and ScubaGear `ProviderSettingsExport.json`.

A ConvertTo-Json file is one record (a bare object), several (an array), or nothing (`null`,
`[null]`). JSON has no type names, so the kind comes from `snapshot.yaml`, else from a file name
that follows the cmdlet (`Get-SendConnector.json`, `GetSendConnector.json`), else from the
record's property set (a fingerprint per kind). A ScubaGear export holds the Exchange Online side
under snake_case keys; everything else in it (Entra ID, Teams, ...) is ignored.
"""

from __future__ import annotations

import base64
import binascii
import re
from pathlib import PurePosixPath
from typing import Any

from linter.snapshot import encoding, kinds
from linter.snapshot.build import SESSION_MEMBERS, Record, finish
from linter.snapshot.json_export.scan import JsonText
from linter.snapshot.json_export.values import JsonNormalizer
from linter.snapshot.manifest import FileFacts
from linter.snapshot.model import EVIDENCE_KINDS, EXCHANGE_ONLINE, GENERIC_KIND, KINDS, Snapshot, SnapshotObject, Source
from linter.snapshot.property_types import property_types
from linter.snapshot.psobject import SerializationData
from linter.support.errors import InputError

SCUBAGEAR_KEYS = {
    "remote_domains": "RemoteDomain",
    "accepted_domains": "AcceptedDomain",
    "transport_config": "TransportConfig",
    "org_config": "OrganizationConfig",
    "inbound_connectors": "InboundConnector",
    "outbound_connectors": "OutboundConnector",
    "transport_rule": "TransportRule",
    "intra_org_connectors": "IntraOrganizationConnector",
    "org_relationships": "OrganizationRelationship",
}
_SCUBAGEAR_MARKERS = frozenset({"baseline_version", "module_version", "exo_successful_commands"})

# Property names that only one kind has; a record is of the kind whose set it matches best.
FINGERPRINTS: dict[str, frozenset[str]] = {
    "SendConnector": frozenset(
        {
            "AddressSpaces",
            "SmartHosts",
            "DNSRoutingEnabled",
            "SourceTransportServers",
            "IgnoreSTARTTLS",
            "SmartHostAuthMechanism",
        }
    ),
    "ReceiveConnector": frozenset(
        {
            "Bindings",
            "RemoteIPRanges",
            "PermissionGroups",
            "AuthMechanism",
            "TlsDomainCapabilities",
            "MaxInboundConnection",
        }
    ),
    "AcceptedDomain": frozenset(
        {"DomainName", "DomainType", "AddressBookEnabled", "MatchSubDomains", "PendingRemoval"}
    ),
    "RemoteDomain": frozenset(
        {
            "DomainName",
            "AllowedOOFType",
            "TNEFEnabled",
            "TrustedMailOutboundEnabled",
            "TargetDeliveryDomain",
            "AutoReplyEnabled",
        }
    ),
    "InboundConnector": frozenset(
        {
            "SenderDomains",
            "SenderIPAddresses",
            "RestrictDomainsToIPAddresses",
            "TlsSenderCertificateName",
            "TreatMessagesAsInternal",
            "EFSkipIPs",
        }
    ),
    "OutboundConnector": frozenset(
        {
            "RecipientDomains",
            "UseMXRecord",
            "RouteAllMessagesViaOnPremises",
            "TlsSettings",
            "IsTransportRuleScoped",
            "AllAcceptedDomains",
        }
    ),
    "HybridConfiguration": frozenset(
        {
            "OnPremisesSmartHost",
            "Features",
            "SendingTransportServers",
            "ReceivingTransportServers",
            "EdgeTransportServers",
        }
    ),
    "ExchangeCertificate": frozenset(
        {"Thumbprint", "CertificateDomains", "Services", "NotAfter", "RawData", "RootCAType"}
    ),
    "ExchangeServer": frozenset(
        {"AdminDisplayVersion", "ServerRole", "Edition", "IsHubTransportServer", "IsEdgeServer"}
    ),
    "TransportConfig": frozenset(
        {
            "MaxSendSize",
            "MaxReceiveSize",
            "TLSReceiveDomainSecureList",
            "InternalSMTPServers",
            "ExternalPostmasterAddress",
        }
    ),
    "OrganizationConfig": frozenset(
        {
            "HybridConfigurationStatus",
            "OAuth2ClientProfileEnabled",
            "DefaultPublicFolderMailbox",
            "MapiHttpEnabled",
            "IsDehydrated",
        }
    ),
    "TransportRule": frozenset({"Priority", "Conditions", "Actions", "RuleVersion", "Mode", "State"}),
    "OrganizationRelationship": frozenset(
        {"DomainNames", "FreeBusyAccessEnabled", "TargetAutodiscoverEpr", "TargetApplicationUri", "MailboxMoveEnabled"}
    ),
    "IntraOrganizationConnector": frozenset({"TargetAddressDomains", "DiscoveryEndpoint"}),
    "OnPremisesOrganization": frozenset(
        {"HybridDomains", "InboundConnector", "OutboundConnector", "OrganizationGuid", "OrganizationRelationship"}
    ),
    "TransportService": frozenset(
        {
            "MaxPerDomainOutboundConnections",
            "MessageRetryInterval",
            "TransientFailureRetryInterval",
            "MaxOutboundConnections",
            "ReceiveProtocolLogPath",
        }
    ),
    "RemoteMailbox": frozenset({"RemoteRoutingAddress", "RemoteRecipientType", "OnPremisesOrganizationalUnit"}),
    "EmailAddressPolicy": frozenset(
        {"EnabledEmailAddressTemplates", "EnabledPrimarySMTPAddressTemplate", "RecipientFilterApplied"}
    ),
}
_CMDLET = re.compile(r"get-?([a-z]+)", re.IGNORECASE)


def kind_from_file_name(name: str) -> str | None:
    match = _CMDLET.search(PurePosixPath(name).stem)
    if match is None:
        return None
    wanted = match.group(1).lower()
    return next((kind for kind in KINDS if kind.lower() == wanted and kind not in EVIDENCE_KINDS), None)


def kind_from_properties(names: set[str]) -> str:
    scored = sorted(((len(names & prints) / len(prints), kind) for kind, prints in FINGERPRINTS.items()), reverse=True)
    best_score, best = scored[0]
    if best_score < 0.5 or (len(scored) > 1 and scored[1][0] == best_score):
        return GENERIC_KIND
    return best


def read(
    item_display: str, item_relative: str, data: bytes, snapshot: Snapshot, facts: FileFacts
) -> list[SnapshotObject]:
    text = encoding.to_utf8(data, item_display).decode("utf-8")
    del data  # the caller passes the file's bytes on: they need not outlive their decoded text
    document = JsonText(text, item_display)
    first, offset = document.first()
    if not first:
        raise InputError(item_display, "empty file: expected a JSON export")
    file_warnings: list[tuple[str, str, Source]] = []
    normalizer = JsonNormalizer(lambda code, message: None)
    records: list[Record] = []

    def add(value: Any, at: int, kind_hint: str | None, side: str | None) -> None:
        line, _ = document.position(at)
        source = Source(item_display, line)
        if value is None:
            return
        if not isinstance(value, dict):
            file_warnings.append(
                ("not-a-record", f"a {type(value).__name__} where a record was expected; skipped", source)
            )
            return
        normalizer.warn = lambda code, message: file_warnings.append((code, message, source))
        try:
            records.append(record_from_json(value, source, normalizer, facts.kind or kind_hint, side))
        except RecursionError:  # the walks are depth-capped; this is the last line of defence
            raise document.error(at, "refused: a record nested deeper than any export") from None

    if first == "[":
        _, end = document.decode(offset)  # the whole document first: errors name their position
        document.check_end(end)
        hint = kind_from_file_name(item_relative)
        for at, value in document.items(offset):
            add(value, at, hint, None)
    elif first == "{":
        value, end = document.decode(offset)
        document.check_end(end)
        if isinstance(value, dict) and _SCUBAGEAR_MARKERS & set(value):
            for key, start, _ in document.members(offset):
                kind = SCUBAGEAR_KEYS.get(key)
                if kind is None:
                    continue
                snapshot.exported.add((kind, EXCHANGE_ONLINE))
                if document.text[start] == "[":
                    for at, item in document.items(start):
                        add(item, at, kind, EXCHANGE_ONLINE)
                else:
                    add(document.decode(start)[0], start, kind, EXCHANGE_ONLINE)
        else:
            add(value, offset, kind_from_file_name(item_relative), None)
    elif text.strip() == "null":
        return []
    else:
        raise InputError(
            item_display, "not a JSON export: expected an object or an array of objects", *document.position(offset)
        )
    if normalizer.truncated:
        snapshot.warn(
            "truncated",
            f"{normalizer.truncated} value(s) of {', '.join(sorted(normalizer.truncated_names))} were cut short "
            "by ConvertTo-Json's -Depth (default 2): they are unknown, not empty; "
            "re-export with ConvertTo-Json -Depth 10",
            Source(item_display, 1),
        )
    for code, message, source in file_warnings:
        snapshot.warn(code, message, source)
    return [finish(record, snapshot, facts.side, facts.server) for record in records]


def record_from_json(
    value: dict[str, Any], source: Source, normalizer: JsonNormalizer, kind: str | None, side: str | None
) -> Record:
    kind = kind or kind_from_properties(set(value))
    types = property_types(kind)
    properties: dict[str, Any] = {}
    for name, raw in value.items():
        if name in SESSION_MEMBERS:
            continue
        properties[name] = normalizer.property(name, raw, types.get(name))
    evidence = {name: _evidence_text(value[name]) for name in kinds.EVIDENCE_PROPERTIES if value.get(name) is not None}
    session = value.get("PSComputerName")
    # `side` is set for a ScubaGear export, which holds Exchange Online only.
    record = Record(
        kind,
        properties,
        source,
        evidence,
        f"JSON {kind}" if kind != GENERIC_KIND else "",
        None,
        session if isinstance(session, str) else None,
        side,
    )
    if kind == "ExchangeCertificate":
        record.certificate_der = _bytes(value.get("RawData"))
        properties.pop("RawData", None)
        blob = value.get("SerializationData")
        if isinstance(blob, str):
            record.certificate_blob = SerializationData(blob)
    return record


def _evidence_text(value: Any) -> str:
    if isinstance(value, dict):
        return " ".join(str(v) for v in value.values() if isinstance(v, str))
    return str(value)


def _bytes(value: Any) -> bytes | None:
    """RawData as ConvertTo-Json writes a byte[]: an array of numbers (or base64 text)."""
    if isinstance(value, list) and all(isinstance(b, int) and 0 <= b < 256 for b in value):
        return bytes(value)
    if isinstance(value, str):
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            return None
    return None
