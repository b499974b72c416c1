"""Protocol-log sessions -> `SmtpSession` snapshot objects.

Sessions that show the same thing (same log, connector, remote network, EHLO name, offer, TLS
outcome, certificate and replies) are one object with a count, first and last time: a day of
Exchange Online delivering to one connector is a handful of objects, not ten thousand, and memory
follows what differs, not how much was logged. The remote network is the sender's /24 (IPv4) or
/64 (IPv6): Exchange Online Protection connects from thousands of addresses, and what a rule asks
of them (are they Exchange Online's?) holds for the network as a whole. Each object points at
the line of its first session.
"""

from __future__ import annotations

import hashlib
import ipaddress
from collections.abc import Iterable
from typing import Any

from linter.snapshot.model import ON_PREMISES, SnapshotObject, Source
from linter.snapshot.protocol_logs.reader import RawSession, read_sessions
from linter.snapshot.protocol_logs.sessions import SessionFacts, analyse

SESSION_KIND = "SmtpSession"


def session_objects(lines: Iterable[bytes], file: str, warn: list[tuple[int, str]]) -> list[SnapshotObject]:
    groups: dict[tuple[Any, ...], SnapshotObject] = {}
    for session in read_sessions(lines, file, warn):
        facts = analyse(session)
        key = _signature(facts)
        found = groups.get(key)
        first_time = session.events[0].time if session.events else ""
        if found is None:
            groups[key] = _object(facts, session, file, key, first_time)
            continue
        add_seen(found.properties, 1, first_time, first_time, session.dropped_events > 0)
    return sorted(groups.values(), key=lambda o: (o.source.line, o.identity))


def merge_sessions(kept: SnapshotObject, more: SnapshotObject) -> None:
    """Add a later file's group of the same sessions or agent entries (same identity) to the one
    read first: a week of hourly logs is one object per thing seen, not one per hour. The first
    file's line stays."""
    more_seen = more.properties
    count = more_seen.get("Sessions", more_seen.get("Entries", 0))
    add_seen(kept.properties, count, more_seen["FirstSeen"], more_seen["LastSeen"], more_seen.get("Truncated", False))


def add_seen(group: dict[str, Any], count: int, first: str, last: str, truncated: bool = False) -> None:
    """Count `count` more rows or sessions seen from `first` to `last` into a group's properties
    (`Sessions` for protocol-log sessions, `Entries` for agent-log rows)."""
    group["Sessions" if "Sessions" in group else "Entries"] += count
    group["FirstSeen"] = min(group["FirstSeen"], first)
    group["LastSeen"] = max(group["LastSeen"], last)
    if "Truncated" in group:
        group["Truncated"] = group["Truncated"] or truncated


def _signature(facts: SessionFacts) -> tuple[Any, ...]:
    # The chain status joined the signature later: it is appended only when logged, so that the
    # identities (and the baselines that hold them) of sessions without one stay as they were.
    chain = (facts.chain_status,) if facts.chain_status is not None else ()
    return (
        facts.log_type,
        facts.connector,
        remote_network(facts.remote_ip),
        (facts.ehlo or "").lower(),
        facts.offered,
        facts.starttls_used,
        facts.tls_protocol,
        facts.tls_error,
        facts.certificate_thumbprint,
        facts.domain_capabilities,
        facts.domain_capabilities_status,
        facts.replies,
        facts.enhanced_codes,
        *chain,
    )


def _object(facts: SessionFacts, session: RawSession, file: str, key: tuple[Any, ...], time: str) -> SnapshotObject:
    arrow = "<-" if facts.log_type == "SmtpReceive" else "->"
    digest = hashlib.sha256(repr(key).encode("utf-8")).hexdigest()[:8]
    network = remote_network(facts.remote_ip)
    identity = f"{facts.log_type} {facts.connector} {arrow} {network or facts.remote_ip or '?'} #{digest}"
    server = facts.connector.split("\\", 1)[0] if facts.log_type == "SmtpReceive" and "\\" in facts.connector else None
    properties: dict[str, Any] = {
        "Identity": identity,
        "LogType": facts.log_type,
        "ConnectorId": facts.connector,
        "Server": server,
        "RemoteIp": facts.remote_ip,
        "RemoteNetwork": network,
        "LocalEndpoint": facts.local_endpoint or None,
        "Ehlo": facts.ehlo,
        "Banner": facts.banner,
        "Offered": list(facts.offered),
        "StartTlsOffered": facts.starttls_offered,
        "StartTlsMasked": facts.starttls_masked,
        "StartTlsUsed": facts.starttls_used,
        "TlsProtocol": facts.tls_protocol,
        "TlsError": facts.tls_error,
        "CertificateSubject": facts.certificate_subject,
        "CertificateThumbprint": facts.certificate_thumbprint,
        "TlsDomainCapabilities": facts.domain_capabilities,
        "TlsDomainStatus": facts.domain_capabilities_status,
        "TlsChainStatus": facts.chain_status,
        "Replies": list(facts.replies),
        "EnhancedCodes": list(facts.enhanced_codes),
        "ErrorTexts": list(facts.texts),
        "Sessions": 1,
        "FirstSeen": time,
        "LastSeen": time,
        "SessionId": session.session_id,
        "Truncated": session.dropped_events > 0,
    }
    return SnapshotObject(
        kind=SESSION_KIND,
        side=ON_PREMISES,
        identity=identity,
        properties=properties,
        source=Source(file, session.line),
        type_name=facts.log_type,
        server=server,
    )


def remote_network(address: str | None) -> str | None:
    """The /24 (IPv4) or /64 (IPv6) of an address; None when it is not one (a redacted log's `x.x.x.x`)."""
    if not address:
        return None
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return None
    return str(ipaddress.ip_network(f"{ip}/{24 if ip.version == 4 else 64}", strict=False))
