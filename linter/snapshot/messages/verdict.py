"""The verdict on one message in a consultant's words: internal, anonymous or not cross-premises,
and the likely causes, each with the sources that say so."""

from __future__ import annotations

from dataclasses import dataclass

from linter.snapshot.messages.evidence import CROSS_TENANT, MessageEvidence

# Where each cause is documented (hybrid-facts.md and the evidence corpus's NOTES.md).
FACTS_5 = "hybrid-facts.md 5.1 and 5.3 (organisation headers; anonymous patterns)"
NOTES_1 = "evidence NOTES.md 1 (header fields that decide internal or not)"
NOTES_2 = "evidence NOTES.md 2 (the Received chain; third-party gateways)"
KB3212872 = "KB3212872 (X-CrossPremisesHeadersFilteredBySendConnector, CloudServicesMailEnabled)"
FACTS_1_2 = "hybrid-facts.md 1.2 (HCW's receive connector: TlsDomainCapabilities, AuthMechanism)"


@dataclass(frozen=True, slots=True)
class Cause:
    text: str
    references: tuple[str, ...]


def verdict(evidence: MessageEvidence) -> str:
    """`internal`, `anonymous`, `partner`, `unknown` (cross-premises, no AuthAs to read) or
    `not cross-premises`."""
    if not evidence.cross_premises:
        return "not cross-premises"
    return (evidence.auth_as or "unknown").lower()


def likely_causes(evidence: MessageEvidence) -> list[Cause]:
    causes: list[Cause] = []
    if evidence.third_party_hop_in_hybrid_path:
        names = ", ".join(
            f"{hop.received.by_host or '?'}" + (f" ({hop.product})" if hop.product else "")
            for hop in evidence.third_party_hops
        )
        named = f"; its headers name {', '.join(evidence.gateway_products)}" if evidence.gateway_products else ""
        causes.append(
            Cause(
                f"a non-Microsoft hop between on-premises Exchange and Exchange Online: {names}{named}. It sends "
                "the message on itself, so the other premises sees the gateway, not the organisation",
                (NOTES_2, FACTS_5),
            )
        )
    if not evidence.cross_premises or evidence.auth_as != "Anonymous":
        return causes
    if evidence.external_origin:
        causes.append(
            Cause(
                "expected: the message came from the internet, and internet mail relayed across premises keeps "
                "AuthAs Anonymous even when hybrid mail flow is healthy",
                (FACTS_5, NOTES_1),
            )
        )
        return causes
    if evidence.direction == "onprem-to-cloud":
        causes.extend(_onprem_to_cloud(evidence))
    elif evidence.direction == "cloud-to-onprem":
        causes.append(
            Cause(
                "the on-premises receive connector did not take the Exchange Online session as the organisation's "
                "own: check its TlsDomainCapabilities (the cloud's TLS name with AcceptCloudServicesMail), its "
                "AuthMechanism and the certificate Exchange Online presented",
                (FACTS_1_2, FACTS_5),
            )
        )
    return causes


def _onprem_to_cloud(evidence: MessageEvidence) -> list[Cause]:
    if evidence.header("X-CrossPremisesHeadersFilteredBySendConnector"):
        return [
            Cause(
                "the on-premises send connector removed the cross-premises headers: CloudServicesMailEnabled is "
                "not $true on the connector that sent the message to Exchange Online",
                (KB3212872, FACTS_5),
            )
        ]
    entity = (evidence.header(CROSS_TENANT + "FromEntityHeader") or "").lower()
    if entity == "internet":
        return [
            Cause(
                "Exchange Online did not attribute the message to the tenant's OnPremises inbound connector: the "
                "certificate the on-premises server presented (TlsSenderCertificateName) or its address "
                "(SenderIPAddresses) does not match the connector",
                (FACTS_5, NOTES_1),
            )
        ]
    if entity == "hybridonprem" and not evidence.header("X-CrossPremisesHeadersPromoted"):
        return [
            Cause(
                "attributed to the OnPremises inbound connector, but the cross-premises headers were not promoted: "
                "the session was not trusted as the organisation's own (check CloudServicesMailEnabled on the send "
                "connector and the inbound connector's certificate name)",
                (NOTES_1, FACTS_5),
            )
        ]
    return []
