"""Header sets -> `Message` snapshot objects, so that rules, suppressions, baselines and every
report format apply to evidence as they do to configuration.

A message file sits in the snapshot folder beside the exports (`.eml`, or header text saved as
`.txt`). Each header set in it (the message, the originals an NDR carries) is one object, at the
line where its block starts. Its side is the side whose Exchange stamped it last: a message read
from an Exchange Online mailbox is Exchange Online evidence.
"""

from __future__ import annotations

import re
from typing import Any

from linter.snapshot.messages.evidence import CROSS_TENANT, ORG, MessageEvidence, analyse
from linter.snapshot.messages.reader import read_header_sets
from linter.snapshot.messages.verdict import verdict
from linter.snapshot.model import EXCHANGE_ONLINE, ON_PREMISES, SnapshotObject, Source
from linter.values.received import unfold

MESSAGE_KIND = "Message"
_ATTRIBUTION = re.compile(r"(TenantId|Ip|Helo)=\[?([^;\]]*)\]?", re.IGNORECASE)


def message_objects(data: bytes, file: str) -> list[SnapshotObject]:
    objects = []
    for header_set in read_header_sets(data, file):
        evidence = analyse(header_set)
        properties = message_properties(evidence)
        properties["Identity"] = _identity(evidence, file)
        last_exchange = next((hop.role for hop in reversed(evidence.hops) if hop.role != "not-microsoft"), None)
        objects.append(
            SnapshotObject(
                kind=MESSAGE_KIND,
                side=EXCHANGE_ONLINE if last_exchange == "exchange-online" else ON_PREMISES,
                identity=properties["Identity"],
                properties=properties,
                source=Source(file, header_set.line),
                type_name="message/rfc822",
            )
        )
    return objects


def _identity(evidence: MessageEvidence, file: str) -> str:
    message_id = evidence.header_set.first("Message-ID")
    where = evidence.header_set.where
    if message_id:
        text = " ".join(unfold(message_id).split())
        return text if where == "message" else f"{text} ({where})"
    return f"{file}:{evidence.header_set.line}"


def message_properties(evidence: MessageEvidence) -> dict[str, Any]:
    header_set = evidence.header_set
    attribution = {
        match.group(1).lower(): match.group(2).strip()
        for match in _ATTRIBUTION.finditer(evidence.header(CROSS_TENANT + "OriginalAttributedTenantConnectingIp") or "")
    }
    onprem_host, online_host = _handover(evidence)
    return {
        "MessageId": _field(header_set.first("Message-ID")),
        "Subject": _field(header_set.first("Subject")),
        "Where": header_set.where,
        "Verdict": verdict(evidence),
        "CrossPremises": evidence.cross_premises,
        "AuthAs": evidence.auth_as,
        "Direction": evidence.direction,
        "ExternalOrigin": evidence.external_origin,
        "ThirdPartyHopInHybridPath": evidence.third_party_hop_in_hybrid_path,
        "ThirdPartyHops": [hop.received.by_host or "?" for hop in evidence.third_party_hops],
        "GatewayProducts": list(evidence.gateway_products),
        "OnPremisesHandoverHost": onprem_host,
        "ExchangeOnlineHandoverHost": online_host,
        "FromEntityHeader": evidence.header(CROSS_TENANT + "FromEntityHeader"),
        "CrossTenantAuthAs": evidence.header(CROSS_TENANT + "AuthAs"),
        "AuthSource": evidence.header(ORG + "AuthSource"),
        "MessageDirectionality": evidence.header(ORG + "MessageDirectionality"),
        "HeadersPromoted": evidence.header("X-CrossPremisesHeadersPromoted"),
        "HeadersFiltered": evidence.header("X-CrossPremisesHeadersFiltered"),
        "HeadersFilteredBySendConnector": evidence.header("X-CrossPremisesHeadersFilteredBySendConnector"),
        "AttributedConnectingIp": attribution.get("ip"),
        "AttributedHelo": attribution.get("helo"),
        "AttributedTenantId": attribution.get("tenantid"),
        "OriginatorOrg": evidence.header("X-OriginatorOrg"),
        "Hops": [
            {
                "Host": hop.received.by_host,
                "From": hop.received.from_host,
                "FromIp": hop.received.from_ip,
                "Time": hop.received.time.isoformat() if hop.received.time else None,
                "Tls": hop.received.tls,
                "Build": hop.received.build,
                "Role": hop.role,
                "Product": hop.product,
            }
            for hop in evidence.hops
        ],
    }


def _field(value: str | None) -> str | None:
    return " ".join(unfold(value).split()) if value is not None else None


def _handover(evidence: MessageEvidence) -> tuple[str | None, str | None]:
    """(on-premises host, Exchange Online host) of the first hand-over between the premises: the
    receiving hop's own name, and the sender as the receiving hop names it (the sender's last hop
    when a gateway stands between them)."""
    if evidence.handover is None:
        return None, None
    sending, receiving = evidence.handover
    sender = sending.received.by_host if evidence.third_party_hops else receiving.received.from_host
    receiver = receiving.received.by_host
    return (sender, receiver) if receiving.role == "exchange-online" else (receiver, sender)
