"""The typed snapshot: what was read, from where, and what could not be read cleanly."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final, Literal, TypeGuard, get_args

Side = Literal["on-premises", "exchange-online"]
ON_PREMISES: Final = "on-premises"
EXCHANGE_ONLINE: Final = "exchange-online"
SIDES: tuple[Side, ...] = get_args(Side)


def is_side(text: object) -> TypeGuard[Side]:
    return text in SIDES


KINDS = (
    "SendConnector",
    "ReceiveConnector",
    "AcceptedDomain",
    "RemoteDomain",
    "InboundConnector",
    "OutboundConnector",
    "HybridConfiguration",
    "ExchangeCertificate",
    "ExchangeServer",
    "TransportConfig",
    "OrganizationConfig",
    "TransportRule",
    "OrganizationRelationship",
    "IntraOrganizationConnector",
    "OnPremisesOrganization",
    "TransportService",
    "RemoteMailbox",
    "EmailAddressPolicy",
    "Message",
    "SmtpSession",
    "AgentLogEntry",
)
GENERIC_KIND = "Generic"
# Kinds read from evidence (message headers, protocol logs), not from configuration exports: they do not make a
# side of the hybrid present, and a snapshot need not hold any.
EVIDENCE_KINDS = frozenset({"Message", "SmtpSession", "AgentLogEntry"})


@dataclass(frozen=True, slots=True)
class Source:
    """Where an object or a warning comes from: the export file and the line of its element."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line}


@dataclass(frozen=True, slots=True)
class InvalidValue:
    """A value present in the export that does not parse as its Exchange type.

    Kept (not dropped, not guessed) so that a rule can report it as malformed, while checks that
    need the parsed value treat it as inconclusive.
    """

    text: str
    reason: str

    def __str__(self) -> str:
        return self.text

    def to_json(self) -> dict[str, Any]:
        return {"invalid": self.text, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class TruncatedValue:
    """A value the exporter cut short (ConvertTo-Json past `-Depth`): present, but unknown."""

    text: str

    def __str__(self) -> str:
        return self.text

    def to_json(self) -> dict[str, Any]:
        return {"truncated": self.text}


@dataclass(slots=True)
class SnapshotObject:
    kind: str
    side: Side
    identity: str
    properties: dict[str, Any]
    source: Source
    type_name: str = ""
    server: str | None = None

    def get(self, name: str, default: Any = None) -> Any:
        return self.properties.get(name, default)


@dataclass(frozen=True, slots=True)
class SnapshotWarning:
    code: str
    message: str
    source: Source

    def __str__(self) -> str:
        return f"{self.source}: {self.code}: {self.message}"


@dataclass(slots=True)
class FileInventory:
    """What one input file held."""

    path: str
    format: str
    encoding: str
    object_count: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    sides: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class Manifest:
    """The optional `snapshot.yaml` beside the exports."""

    organization: str | None = None
    export_date: str | None = None
    exchange_versions: dict[str, str] = field(default_factory=dict)
    cloud: str | None = None  # worldwide, gcc, gcc-high, dod or 21vianet, when the admin says so
    sides: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    servers: dict[str, str] = field(default_factory=dict)
    source: str | None = None


@dataclass(frozen=True, slots=True)
class SkippedFile:
    """A file found under an input folder or in a zip that was not read, and why."""

    path: str
    reason: str


@dataclass(slots=True)
class Snapshot:
    objects: list[SnapshotObject] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)  # files found but not read, with the reason
    # Objects read again (same kind, side and identity) with other values, and so dropped: the
    # first is kept. Two organisations' snapshots mixed together show here.
    conflicting: list[SnapshotObject] = field(default_factory=list)
    warnings: list[SnapshotWarning] = field(default_factory=list)
    files: list[FileInventory] = field(default_factory=list)
    manifest: Manifest | None = None
    # (kind, side) of every export read, also those that held no object; side None when unknown.
    exported: set[tuple[str, str | None]] = field(default_factory=set)

    def warn(self, code: str, message: str, source: Source) -> None:
        self.warnings.append(SnapshotWarning(code, message, source))
