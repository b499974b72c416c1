"""Deserialized PowerShell values -> normalised snapshot values.

Exchange value objects become the typed values of `linter.values` (chosen by their .NET type,
never by guessing from text); enums become names, flag enums lists of names; collections lists;
other objects their ToString (the canonical scalar) or, without one, a mapping of their
properties. `SerializationData` blobs are left in `raw` only.

References make the deserialized values a graph, not a tree. Each object is normalised once and
shared; a cycle becomes the marker string `<cycle>`; and the size the value would have written
out as a tree is counted, so that a few hundred bytes of nested `Ref`s cannot expand into
billions of values (the reference form of the billion-laughs attack).
"""

from __future__ import annotations

import base64
import functools
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from linter.snapshot.model import InvalidValue
from linter.snapshot.psobject import PSObject, SerializationData, strip_deserialized
from linter.values import ValueSyntaxError
from linter.values.address_space import AddressSpace
from linter.values.binding import Binding
from linter.values.capabilities import DomainCapabilities
from linter.values.enums import flag_names, is_flag_enum, short_type_name
from linter.values.ip import IPRange
from linter.values.size import ByteSize
from linter.values.smart_host import SmartHost
from linter.values.timespan import parse_timespan
from linter.values.version import ExchangeVersion
from linter.values.x500 import TlsCertificateName

MAX_EXPANDED_VALUES = 2_000_000
CYCLE = "<cycle>"


def _unlimited(obj: PSObject) -> Any:
    if obj.get("IsUnlimited") is True or (obj.to_string or "").lower() == "unlimited":
        return ByteSize(None) if "ByteQuantifiedSize" in obj.type_names[0] else "Unlimited"
    inner = obj.get("Value")
    if "ByteQuantifiedSize" in obj.type_names[0]:
        text = inner.to_string if isinstance(inner, PSObject) else inner
        return ByteSize.parse(str(text if text is not None else obj.to_string))
    if isinstance(inner, (int, float)) and not isinstance(inner, bool):
        return inner
    return obj.to_string


def _ip_range_text(obj: PSObject) -> str:
    return str(obj.get("Expression") or obj.to_string)


def _display_text(obj: PSObject) -> str:
    return obj.to_string or ""


# Short .NET type name -> (the text the value is parsed from, its parser). These values are a
# function of that one text, so a document parses each distinct text once: HCW writes the same
# EOP ranges, bindings and certificate names on every server's connectors.
_PARSED_TYPES: dict[str, tuple[Callable[[PSObject], str], Callable[[str], Any]]] = {
    "IPRange": (_ip_range_text, IPRange.parse),
    "AddressSpace": (_display_text, AddressSpace.parse),
    "SmtpX509Identifier": (_display_text, TlsCertificateName.parse),
    "SmartHost": (_display_text, SmartHost.parse),
    "IPBinding": (_display_text, Binding.parse),
    "ByteQuantifiedSize": (_display_text, ByteSize.parse),
    "SmtpReceiveDomainCapabilities": (_display_text, DomainCapabilities.parse),
    "ServerVersion": (_display_text, ExchangeVersion.parse),
    "EnhancedTimeSpan": (_display_text, parse_timespan),
}
# Short .NET type name -> builder of the typed value from the whole object.
_BUILT_TYPES: dict[str, Callable[[PSObject], Any]] = {
    "Unlimited`1": _unlimited,
    # An AD reference reads as the object's name: its ToString is sometimes the name and sometimes
    # a canonical path, and JSON exports keep only the properties.
    "ADObjectId": lambda o: o.get("Name") if isinstance(o.get("Name"), str) else o.to_string,
}
_TEXT_TYPES = frozenset(
    {
        "SmtpDomain",
        "SmtpDomainWithSubdomains",
        "AutoDiscoverSmtpDomain",
        "Fqdn",
        "IPAddress",
        "IPEndPoint",
        "ExchangeObjectVersion",
        "SmtpAddress",
        "SmtpProxyAddress",
        "OrganizationId",
        "LocalLongFullPath",
        "CustomNetworkAddress",
    }
)


class Normalizer:
    """Normalises the values of one document; shares results between references to one object."""

    def __init__(self, on_invalid: Callable[[PSObject, str, str], None] | None = None) -> None:
        # Keyed by id(); the object is kept alongside so that its id cannot be reused meanwhile.
        self._done: dict[int, tuple[PSObject, Any, int]] = {}
        self._active: set[int] = set()
        self._on_invalid = on_invalid
        # (type, text) -> parsed value, or the reason it does not parse. The values are frozen.
        self._parsed: dict[tuple[str, str], Any] = {}

    def value(self, raw: Any) -> Any:
        normalised, size = self._value(raw)
        if size > MAX_EXPANDED_VALUES:
            raise ValueError(f"references expand to more than {MAX_EXPANDED_VALUES:,} values (a reference bomb?)")
        return normalised

    def _value(self, raw: Any) -> tuple[Any, int]:
        if raw is None or isinstance(raw, (str, bool, int, float, datetime, timedelta)):
            return raw, 1
        if isinstance(raw, PSObject):
            key = id(raw)
            if key in self._done:
                _, done, size = self._done[key]
                return done, size
            if key in self._active:
                return CYCLE, 1
            self._active.add(key)
            try:
                result = self._object(raw)
            finally:
                self._active.discard(key)
            self._done[key] = (raw, *result)
            return result
        if isinstance(raw, Decimal):
            return (int(raw) if raw == raw.to_integral_value() else float(raw)), 1
        if isinstance(raw, uuid.UUID):
            return str(raw), 1
        if isinstance(raw, bytes):
            return base64.b64encode(raw).decode("ascii"), 1
        if isinstance(raw, SerializationData):
            return None, 1
        return str(raw), 1

    def _object(self, obj: PSObject) -> tuple[Any, int]:
        items = obj.items
        if items is not None:
            return self._sequence(items)
        if obj.container == "DCT":
            mapping: dict[str, Any] = {}
            total = 1
            for key, item in obj.payload:
                mapping[str(key)], size = self._value(item)
                total += size
            return mapping, total
        short, is_enum = _type_facts(obj.type_names)
        if is_enum:
            text = obj.to_string if obj.to_string is not None else str(obj.payload)
            if is_flag_enum(short):
                return flag_names(text), 1
            return text, 1
        parsed_type = _PARSED_TYPES.get(short)
        if parsed_type is not None:
            text_of, parse = parsed_type
            key = (short, text_of(obj))
            parsed = self._parsed.get(key)
            if parsed is None:
                try:
                    parsed = parse(key[1])
                except ValueSyntaxError as exc:
                    parsed = _Unparsable(str(exc))
                self._parsed[key] = parsed
            if isinstance(parsed, _Unparsable):
                return self._invalid(obj, short, parsed.reason), 1
            return parsed, 1
        builder = _BUILT_TYPES.get(short)
        if builder is not None:
            try:
                return builder(obj), 1
            except ValueSyntaxError as exc:
                return self._invalid(obj, short, str(exc)), 1
        if obj.payload is not None and obj.container is None:
            return self._value(obj.payload)  # extended primitive
        if short in _TEXT_TYPES and obj.to_string is not None:
            return obj.to_string, 1
        names = obj.property_names()
        if obj.to_string is not None and (short in _TEXT_TYPES or not names or _is_value_object(obj)):
            return obj.to_string, 1
        mapping = {}
        total = 1
        for name in names:
            raw_member = obj.get(name)
            if isinstance(raw_member, SerializationData):
                continue
            mapping[name], size = self._value(raw_member)
            total += size
        return mapping, total

    def _invalid(self, obj: PSObject, short: str, reason: str) -> InvalidValue:
        if self._on_invalid is not None:
            self._on_invalid(obj, short, reason)  # once per occurrence: each is its own warning
        return InvalidValue(obj.to_string or "", reason)

    def _sequence(self, items: list[Any]) -> tuple[list[Any], int]:
        result = []
        total = 1
        for item in items:
            value, size = self._value(item)
            result.append(value)
            total += size
            if total > MAX_EXPANDED_VALUES:
                break
        return result, total


@dataclass(frozen=True, slots=True)
class _Unparsable:
    reason: str


@functools.cache
def _type_facts(type_names: tuple[str, ...]) -> tuple[str, bool]:
    """(short type name, is an enum) of a type-name list.

    Cached because a document names a handful of types thousands of times (TNRef shares the
    tuple), and stripping every name for every value was a fifth of the normalising time.
    """
    short = short_type_name(type_names[0]) if type_names else ""
    return short, any(strip_deserialized(name) == "System.Enum" for name in type_names)


def _is_value_object(obj: PSObject) -> bool:
    """A nested value (not a record) whose ToString is the meaningful form.

    Records carry an identity (`Identity`/`DistinguishedName`/`Guid`); values such as
    `ServerVersion` or `PublicFolderInformation` do not and read best as their display string.
    """
    return not any(name in obj for name in ("Identity", "DistinguishedName", "Guid", "ObjectGuid"))
