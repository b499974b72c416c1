"""In-memory form of PowerShell serialized values (what `Import-Clixml` would give back).

Primitives map to Python types (`str`, `bool`, `int`, `float`, `Decimal`, `datetime`, `timedelta`,
`bytes`, `uuid.UUID`). Everything else is a `PSObject`. Values that must never be acted upon keep
their text only: script blocks are not run, XML documents are not parsed, secure strings are not
decrypted.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from typing import Any

DESERIALIZED_PREFIX = "Deserialized."


@dataclass(slots=True, eq=False)
class PSObject:
    """An `<Obj>`: type names, display string, adapted and extended properties, and an optional payload.

    `payload` holds the collection items of an `LST`/`IE`/`STK`/`QUE` (a list), the entries of a
    `DCT` (a list of key/value pairs, since keys need not be hashable), or the primitive inside an
    enum or extended primitive (`<Obj><ToString>Tls</ToString><I32>1</I32></Obj>`).
    """

    line: int
    type_names: tuple[str, ...] = ()
    to_string: str | None = None
    adapted: dict[str, Any] = field(default_factory=dict)
    extended: dict[str, Any] = field(default_factory=dict)
    container: str | None = None
    payload: Any = None

    @property
    def type_name(self) -> str:
        """Most-derived type name without the `Deserialized.` prefix ('' when none)."""
        if not self.type_names:
            return ""
        return strip_deserialized(self.type_names[0])

    @property
    def is_deserialized(self) -> bool:
        return bool(self.type_names) and self.type_names[0].startswith(DESERIALIZED_PREFIX)

    def has_type(self, name: str) -> bool:
        return any(strip_deserialized(t) == name for t in self.type_names)

    def get(self, name: str, default: Any = None) -> Any:
        # PowerShell resolves instance (extended) members before adapted ones.
        if name in self.extended:
            return self.extended[name]
        return self.adapted.get(name, default)

    def __contains__(self, name: object) -> bool:
        return name in self.extended or name in self.adapted

    def property_names(self) -> list[str]:
        names = list(self.adapted)
        names.extend(n for n in self.extended if n not in self.adapted)
        return names

    @property
    def items(self) -> list[Any] | None:
        return self.payload if self.container in ("LST", "IE", "STK", "QUE") else None


def strip_deserialized(type_name: str) -> str:
    # A re-exported import carries the prefix twice (Deserialized.Deserialized.X).
    while type_name.startswith(DESERIALIZED_PREFIX):
        type_name = type_name[len(DESERIALIZED_PREFIX) :]
    return type_name


@dataclass(slots=True, frozen=True)
class SerializationData:
    """A `SerializationData` blob (.NET BinaryFormatter), kept as base64 text and decoded on demand.

    Exchange attaches one to nearly every value; only certificates need what is inside, so
    decoding all of them would spend most of the reading time on bytes nobody looks at.
    """

    base64_text: str

    def decode(self) -> bytes:
        try:
            return base64.b64decode(self.base64_text, validate=False)
        except (binascii.Error, ValueError):
            return b""

    def __len__(self) -> int:
        return len(self.base64_text) * 3 // 4


@dataclass(slots=True, frozen=True)
class SecureStringValue:
    """An `<SS>` value: ciphertext protected by the exporting user's DPAPI key. Never decrypted."""

    ciphertext: str

    def __str__(self) -> str:
        return "<SecureString>"


@dataclass(slots=True, frozen=True)
class ScriptBlockValue:
    """An `<SBK>` value. Only its text is kept; nothing ever runs it."""

    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(slots=True, frozen=True)
class XmlDocumentValue:
    """An `<XD>` value. Kept as text and never parsed (it could carry entities)."""

    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(slots=True, frozen=True)
class VersionValue:
    """A `System.Version` (`<Version>1.2.3.4</Version>`)."""

    text: str

    @property
    def parts(self) -> tuple[int, ...]:
        return tuple(int(p) for p in self.text.split("."))

    def __str__(self) -> str:
        return self.text


@dataclass(slots=True, frozen=True)
class UriValue:
    """A `System.Uri`. Never fetched."""

    text: str

    def __str__(self) -> str:
        return self.text
