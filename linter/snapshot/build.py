"""Records -> `SnapshotObject`s: kind, side, identity, server, properties, source.

Both readers end here: the CLIXML reader with deserialized PowerShell objects, the JSON reader
with JSON objects. Identity and server rules are the same for both, so one export of an
organisation read as CLIXML and as JSON gives the same objects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from linter.snapshot import kinds
from linter.snapshot.certificates import certificate_properties
from linter.snapshot.model import GENERIC_KIND, Side, Snapshot, SnapshotObject, Source, is_side
from linter.snapshot.normalize import Normalizer
from linter.snapshot.psobject import PSObject, SerializationData

# Members PowerShell remoting adds to every record; they describe the session, not the object.
SESSION_MEMBERS = frozenset({"PSComputerName", "RunspaceId", "PSShowComputerName", "SerializationData"})


@dataclass(slots=True)
class Record:
    """What a reader knows of one exported object before it becomes a snapshot object."""

    kind: str
    properties: dict[str, Any]
    source: Source
    evidence: dict[str, str]  # text of the properties that tell the side (DistinguishedName, ...)
    type_name: str = ""
    display: str | None = None  # ToString, where the format has one
    session_server: str | None = None  # PSComputerName: the server the export session talked to
    side: str | None = None  # set by the format itself (ScubaGear is Exchange Online only)
    certificate_der: bytes | None = None  # RawData of a certificate
    certificate_blob: SerializationData | None = None  # its Exchange fields, where exported


def record_from_psobject(obj: PSObject, source: Source, normalizer: Normalizer, kind: str | None) -> Record:
    kind = kind or kinds.kind_of_type_names(obj.type_names)
    properties: dict[str, Any] = {}
    for name in obj.property_names():
        value = obj.get(name)
        if name in SESSION_MEMBERS or isinstance(value, SerializationData):
            continue
        properties[name] = normalizer.value(value)
    evidence = {n: str(obj.get(n)) for n in kinds.EVIDENCE_PROPERTIES if obj.get(n) is not None}
    session = obj.get("PSComputerName")
    record = Record(
        kind, properties, source, evidence, obj.type_name, obj.to_string, session if isinstance(session, str) else None
    )
    if kind == "ExchangeCertificate":
        der, blob = obj.get("RawData"), obj.extended.get("SerializationData")
        record.certificate_der = der if isinstance(der, bytes) else None
        record.certificate_blob = blob if isinstance(blob, SerializationData) else None
    return record


def finish(
    record: Record, snapshot: Snapshot, side_override: str | None, server_override: str | None
) -> SnapshotObject:
    """Apply the rules every format shares and warn about what could not be recognised."""
    kind, properties = record.kind, record.properties
    if kind == "ExchangeCertificate":
        properties, problems = certificate_properties(record.certificate_der, record.certificate_blob, properties)
        for problem in problems:
            snapshot.warn("certificate-detail", problem, record.source)
    if kind == GENERIC_KIND:
        snapshot.warn(
            "unknown-type",
            f"{record.type_name or 'an object of unknown type'} is not an object hybridlint knows; "
            "kept as a generic object",
            record.source,
        )
    side: Side
    if is_side(side_override):
        side = side_override
    elif is_side(record.side):
        side = record.side
    else:
        side = kinds.detect_side(kind, record.evidence)
    identity = _identity(kind, properties, record.display, record.session_server)
    if kind == "ReceiveConnector" and "Identity" in properties and "\\" not in str(properties["Identity"]):
        properties["Identity"] = identity  # written as its properties, the Identity lost SERVER\Name
    server = server_override or _server(kind, properties, identity, record.session_server)
    return SnapshotObject(
        kind=kind,
        side=side,
        identity=identity,
        properties=properties,
        source=record.source,
        type_name=record.type_name,
        server=server,
    )


def _text(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("Name")
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None


def _identity(kind: str, properties: dict[str, Any], display: str | None, session_server: str | None) -> str:
    if kind == "ExchangeCertificate":
        # Exchange's own Identity is SERVER-FQDN\THUMBPRINT; rebuilt from the session's server
        # when the export lost it, so that one certificate read from two files is one object.
        identity = _text(properties.get("Identity"))
        if identity and "\\" in identity:
            return identity
        thumbprint = _text(properties.get("Thumbprint")) or identity or "(unknown certificate)"
        return f"{session_server}\\{thumbprint}" if session_server else thumbprint
    identity = _text(properties.get("Identity"))
    name = _text(properties.get("Name"))
    if kind == "ReceiveConnector" and (identity is None or "\\" not in identity):
        # An Identity written as its properties (ConvertTo-Json) loses the SERVER\Name form; a
        # CSV reshaped by a script may keep only the Name and the DistinguishedName.
        server = _text(properties.get("Server")) or _server_in_dn(properties.get("DistinguishedName"))
        if server and (name or identity):
            return f"{server}\\{name or identity}"
    return identity or name or _text(display) or "(no identity)"


_CONNECTOR_DN = re.compile(r"^CN=[^,]+,CN=SMTP Receive Connectors,CN=Protocols,CN=([^,]+),CN=Servers,", re.IGNORECASE)


def _server_in_dn(value: Any) -> str | None:
    """The server of a receive connector's DN: `CN=name,CN=SMTP Receive Connectors,CN=Protocols,CN=EX01,...`."""
    match = _CONNECTOR_DN.match(str(value)) if value is not None else None
    return match.group(1) if match else None


def _server(kind: str, properties: dict[str, Any], identity: str, session_server: str | None) -> str | None:
    if kind == "ReceiveConnector":
        server = _text(properties.get("Server"))
        if server:
            return server
        return identity.split("\\", 1)[0] if "\\" in identity else None
    if kind in ("ExchangeServer", "TransportService"):  # one object per server, named after it
        return _text(properties.get("Name")) or identity
    if kind == "ExchangeCertificate":
        if "\\" in identity:
            return identity.split("\\", 1)[0]
        return session_server
    return None
