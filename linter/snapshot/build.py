"""Deserialized records -> `SnapshotObject`s: kind, side, identity, server, properties, source."""

from __future__ import annotations

from typing import Any

from linter.snapshot import kinds
from linter.snapshot.certificates import certificate_properties
from linter.snapshot.model import GENERIC_KIND, SIDES, Snapshot, SnapshotObject, Source
from linter.snapshot.normalize import Normalizer
from linter.snapshot.psobject import PSObject, SerializationData

# Members PowerShell remoting adds to every record; they describe the session, not the object.
_SESSION_MEMBERS = frozenset({"PSComputerName", "RunspaceId", "PSShowComputerName", "SerializationData"})


def record_from_psobject(
    obj: PSObject,
    source: Source,
    normalizer: Normalizer,
    snapshot: Snapshot,
    side_override: str | None = None,
    kind_override: str | None = None,
) -> SnapshotObject:
    kind = kind_override or kinds.kind_of_type_names(obj.type_names)
    properties: dict[str, Any] = {}
    for name in obj.property_names():
        if name in _SESSION_MEMBERS:
            continue
        value = obj.get(name)
        if isinstance(value, SerializationData):
            continue
        properties[name] = normalizer.value(value)
    if kind == "ExchangeCertificate":
        properties, problems = certificate_properties(obj, properties)
        for problem in problems:
            snapshot.warn("certificate-detail", problem, source)
    if kind == GENERIC_KIND:
        snapshot.warn(
            "unknown-type",
            f"type {obj.type_name or '(none)'} is not an object hybridlint knows; kept as a generic object",
            source,
        )
    evidence = {name: str(obj.get(name)) for name in kinds.EVIDENCE_PROPERTIES if obj.get(name) is not None}
    if side_override in SIDES:
        side, reason = side_override, "set in snapshot.yaml"
    else:
        side, reason = kinds.detect_side(kind, evidence)
    identity = _identity(kind, obj, properties)
    return SnapshotObject(
        kind=kind,
        side=side,
        identity=identity,
        properties=properties,
        source=source,
        type_name=obj.type_name,
        server=_server(kind, obj, properties, identity),
        raw=obj,
        side_reason=reason,
    )


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None


def _identity(kind: str, obj: PSObject, properties: dict[str, Any]) -> str:
    if kind == "ExchangeCertificate":
        # Exchange's own Identity is SERVER-FQDN\THUMBPRINT; rebuilt from the session's server
        # when the export lost it, so that one certificate read from two files is one object.
        identity = _text(properties.get("Identity"))
        if identity:
            return identity
        thumbprint = _text(properties.get("Thumbprint")) or "(unknown certificate)"
        server = _text(obj.get("PSComputerName"))
        return f"{server}\\{thumbprint}" if server else thumbprint
    for name in ("Identity", "Name"):
        text = _text(properties.get(name))
        if text:
            return text
    return _text(obj.to_string) or "(no identity)"


def _server(kind: str, obj: PSObject, properties: dict[str, Any], identity: str) -> str | None:
    if kind == "ReceiveConnector":
        server = _text(properties.get("Server"))
        if server:
            return server
        return identity.split("\\", 1)[0] if "\\" in identity else None
    if kind == "ExchangeServer":
        return _text(properties.get("Name")) or identity
    if kind == "ExchangeCertificate":
        if "\\" in identity:
            return identity.split("\\", 1)[0]
        return _text(obj.get("PSComputerName"))
    return None
