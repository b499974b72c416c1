"""JSON values (ConvertTo-Json, ScubaGear) -> the same normalised values as the CLIXML reader gives.

The JSON shapes differ by exporter: Exchange Online writes enums as names, sizes as display
strings and address spaces as `smtp:domain;cost`; on-premises `ConvertTo-Json` writes enums as
numbers and Exchange values as objects of their properties; Windows PowerShell 5.1 writes dates
as `/Date(ms)/`, PowerShell 7 as ISO 8601, and values fetched through the Exchange Online REST
module arrive as locale strings (`10/17/2022 9:24:27 AM`). Each known property is converted by
the type its kind schema gives it (`property_types.py`); unknown properties keep their JSON
value, with dates recognised and depth-truncated values marked.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

from linter.snapshot.clixml.primitives import parse_datetime
from linter.snapshot.model import InvalidValue, TruncatedValue
from linter.snapshot.property_types import PropertyType
from linter.values import ValueSyntaxError
from linter.values.address_space import AddressSpace
from linter.values.binding import Binding
from linter.values.capabilities import DomainCapabilities
from linter.values.enums import enum_name, flag_names, flag_names_of
from linter.values.ip import IPRange
from linter.values.size import ByteSize
from linter.values.smart_host import SmartHost
from linter.values.timespan import parse_timespan
from linter.values.version import ExchangeVersion
from linter.values.x500 import DistinguishedName, TlsCertificateName

Warn = Callable[[str, str], None]  # (code, message)

_MS_DATE = re.compile(r"^/Date\((-?\d+)([+-]\d{4})?\)/$")
_ISO_DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")
_LOCALE_DATE = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4}) (\d{1,2}):(\d\d)(?::(\d\d))?(?: ?([AaPp][Mm]))?$")
# What ConvertTo-Json writes for an object deeper than -Depth: its ToString(), which for types
# without their own is the type name (System.Object[], a generic MultiValuedProperty`1[...]), and
# for PowerShell custom objects and hashtables @{...}.
_TRUNCATED = re.compile(r"^(?:(?:Deserialized\.)?(?:System|Microsoft)\.[\w.+`]+(?:\[.*\])?|@\{.*\})$", re.DOTALL)


# ConvertTo-Json writes at most 100 levels (-Depth 100); deeper is not an export.
MAX_VALUE_DEPTH = 100


def _shown(value: Any) -> str:
    """A value for a message, without walking into it (a deeply nested one would overflow repr)."""
    if isinstance(value, dict):
        return f"an object of {len(value)} member(s)"
    if isinstance(value, list):
        return f"a list of {len(value)} item(s)"
    return str(value)[:200]


def is_truncation_marker(value: Any) -> bool:
    if not isinstance(value, str) or not _TRUNCATED.match(value):
        return False
    return value.startswith("@{") or " " not in value.split("[", 1)[0]


def parse_json_date(text: str, warn: Warn, name: str) -> datetime | InvalidValue | None:
    """A date in any of the four JSON spellings; None when `text` is not a date at all."""
    match = _MS_DATE.match(text)
    if match:
        digits = match.group(1)
        if len(digits.lstrip("-")) > 15:  # beyond year 30000: no export has such a date
            return InvalidValue(text[:40], "date out of range")
        try:
            return datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(milliseconds=int(digits))
        except (OverflowError, ValueError):
            return InvalidValue(text, "date out of range")
    if _ISO_DATE.match(text):
        try:
            return parse_datetime(text.replace(" ", "T", 1))
        except ValueError:
            return None
    match = _LOCALE_DATE.match(text)
    if match is None:
        return None
    first, second, year, hour, minute, second_of_minute, meridiem = match.groups()
    a, b = int(first), int(second)
    if a <= 12 and b <= 12 and a != b:
        warn("ambiguous-date", f"{name}: {text!r} reads as month/day or day/month; left unread")
        return InvalidValue(text, "ambiguous date: day and month order unknown")
    month, day = (a, b) if a <= 12 else (b, a)
    hours = int(hour) % 12 + (12 if meridiem and meridiem.lower() == "pm" else 0) if meridiem else int(hour)
    try:
        return datetime(int(year), month, day, hours, int(minute), int(second_of_minute or 0))
    except ValueError:
        return InvalidValue(text, "not a date")


def _scalar(value: Any) -> Any:
    """The display value of an object written as its properties (ADObjectId, SmtpDomain, ...)."""
    if isinstance(value, dict):
        if "IncludeSubDomains" in value and isinstance(value.get("Address"), str):
            return value["Address"]  # SmtpDomainWithSubdomains: Address keeps the "*." that Domain drops
        for key in ("Domain", "Name", "Expression", "IPAddressToString", "Address", "DistinguishedName"):
            inner = value.get(key)
            if isinstance(inner, (str, int)) and not isinstance(inner, bool):
                return inner
    return value


def _ip_range(item: Any) -> IPRange:
    if isinstance(item, dict):
        expression = item.get("Expression")
        if isinstance(expression, str):
            return IPRange.parse(expression)
        low, high = _scalar(item.get("LowerBound")), _scalar(item.get("UpperBound"))
        return IPRange.parse(f"{low}-{high}" if low != high else str(low))
    return IPRange.parse(_text_of(item))


def _address_space(item: Any) -> AddressSpace:
    if isinstance(item, dict):
        kind, address, cost = item.get("Type") or "SMTP", item.get("Address") or item.get("Domain"), item.get("Cost")
        return AddressSpace.parse(f"{kind}:{address};{cost if cost is not None else 1}")
    return AddressSpace.parse(_text_of(item))


def _smart_host(item: Any) -> SmartHost:
    if isinstance(item, dict):
        if item.get("IsIPAddress") is True:
            return SmartHost.parse(f"[{_text_of(item.get('Address'))}]")
        return SmartHost.parse(_text_of(item.get("Domain") or _scalar(item)))
    return SmartHost.parse(_text_of(item))


def _text_of(value: Any) -> str:
    """The text of a value that should be one; a container is refused, never printed whole."""
    scalar = _scalar(value)
    if isinstance(scalar, (dict, list)):
        raise ValueSyntaxError(f"{_shown(scalar)} where a name belongs")
    return str(scalar)


def _binding(item: Any) -> Binding:
    if isinstance(item, dict) and "Port" in item:
        address = str(_scalar(item.get("Address")))
        return Binding.parse(f"[{address}]:{item['Port']}" if ":" in address else f"{address}:{item['Port']}")
    return Binding.parse(_text_of(item))


def _tls_name(item: Any) -> TlsCertificateName:
    if isinstance(item, dict) and "CertificateSubject" in item:
        return TlsCertificateName(
            DistinguishedName.parse(str(item.get("CertificateIssuer") or "")),
            DistinguishedName.parse(str(item["CertificateSubject"])),
        )
    return TlsCertificateName.parse(_text_of(item))


def _capabilities(item: Any) -> DomainCapabilities:
    if isinstance(item, dict) and "Domain" in item:
        capabilities = item.get("Capabilities")
        return DomainCapabilities.parse(f"{item['Domain']}:{capabilities}")
    return DomainCapabilities.parse(_text_of(item))


def _byte_size(item: Any) -> ByteSize:
    if isinstance(item, dict):
        if item.get("IsUnlimited") is True:
            return ByteSize(None)
        if not item or ("Value" in item and item["Value"] in ({}, None)):
            # ByteQuantifiedSize has no public properties: ConvertTo-Json writes it as {}.
            raise ValueSyntaxError("the export wrote the size as an empty object; its value is unknown")
        return _byte_size(item.get("Value"))
    if isinstance(item, int) and not isinstance(item, bool):
        return ByteSize(item)
    return ByteSize.parse(_text_of(item))


_ITEM_PARSERS: dict[str, Callable[[Any], Any]] = {
    "ipRanges": _ip_range,
    "addressSpaces": _address_space,
    "smartHosts": _smart_host,
    "bindings": _binding,
    "domainCapabilitiesList": _capabilities,
}


def _timespan(item: Any) -> timedelta:
    if isinstance(item, dict) and isinstance(item.get("Ticks"), int):
        return timedelta(microseconds=item["Ticks"] // 10)
    return parse_timespan(_text_of(item))


def _unlimited_integer(item: Any) -> int | str:
    """Unlimited<int>: ConvertTo-Json writes {IsUnlimited, Value}; Format-List and CSV the text."""
    if isinstance(item, dict):
        if item.get("IsUnlimited") is True:
            return "Unlimited"
        item = item.get("Value")
    if isinstance(item, int) and not isinstance(item, bool):
        return item
    text = _text_of(item).strip()
    if text.lower() == "unlimited":
        return "Unlimited"
    if text.isdigit():
        return int(text)
    raise ValueSyntaxError(f"not a number or Unlimited: {item!r}")


_SINGLE_PARSERS: dict[str, Callable[[Any], Any]] = {
    "tlsCertificateName": _tls_name,
    "byteSize": _byte_size,
    "serverVersion": ExchangeVersion.parse,
    "timeSpan": _timespan,
    "unlimitedInteger": _unlimited_integer,
}


class JsonNormalizer:
    """Normalises the properties of JSON records; `warn` receives (code, message) per problem."""

    def __init__(self, warn: Warn) -> None:
        self.warn = warn
        self.truncated = 0
        self.truncated_names: set[str] = set()

    def _truncated(self, name: str) -> None:
        self.truncated += 1
        self.truncated_names.add(name.split(".", 1)[0])

    def property(self, name: str, value: Any, spec: PropertyType | None) -> Any:
        if value is None:
            return None
        if is_truncation_marker(value):
            self._truncated(name)
            return TruncatedValue(value)
        if spec is None:
            return self.untyped(name, value)
        try:
            return self._typed(name, value, spec)
        except (ValueSyntaxError, ValueError, TypeError) as exc:
            self.warn("invalid-value", f"{name}: {exc}")
            return InvalidValue(value if isinstance(value, str) else _shown(value), str(exc))

    def _typed(self, name: str, value: Any, spec: PropertyType) -> Any:
        kind = spec.value_type
        if kind in _ITEM_PARSERS:
            items = value if isinstance(value, list) else [value]
            return [self._item(name, item, _ITEM_PARSERS[kind]) for item in items]
        if kind in _SINGLE_PARSERS:
            return _SINGLE_PARSERS[kind](value)
        if kind == "enum":
            return self._enum(name, value, spec.enum)
        if kind == "flags":
            return self._flags(name, value, spec.enum)
        if kind == "dateTime":
            date = parse_json_date(str(value), self.warn, name) if isinstance(value, str) else None
            if date is None:
                raise ValueSyntaxError(f"not a date: {value!r}")
            return date
        if kind == "boolean":
            if isinstance(value, str) and value.lower() in ("true", "false"):
                return value.lower() == "true"
            if not isinstance(value, bool):
                raise ValueSyntaxError(f"not a boolean: {value!r}")
            return value
        if kind == "integer":
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueSyntaxError(f"not an integer: {value!r}")
            return value
        if kind == "textList":
            items = value if isinstance(value, list) else [value]
            return [self._list_text(name, item, spec.enum) for item in items]
        if kind == "thumbprint":
            return str(value).upper()
        scalar = _scalar(value)
        return self.untyped(name, scalar) if not isinstance(scalar, str) else scalar

    def _item(self, name: str, item: Any, parse: Callable[[Any], Any]) -> Any:
        if is_truncation_marker(item):
            self._truncated(name)
            return TruncatedValue(item)
        try:
            return parse(item)
        except (ValueSyntaxError, ValueError, TypeError) as exc:
            self.warn("invalid-value", f"{name}: {exc}")
            return InvalidValue(_shown(item), str(exc))

    def _list_text(self, name: str, item: Any, enum: str | None) -> Any:
        if is_truncation_marker(item):
            self._truncated(name)
            return TruncatedValue(item)
        if enum and isinstance(item, int) and not isinstance(item, bool):
            return self._enum(name, item, enum)
        scalar = _scalar(item)
        return scalar if isinstance(scalar, str) else self.untyped(name, scalar)

    def _enum(self, name: str, value: Any, enum: str | None) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            label = enum_name(enum, value) if enum else None
            if label is None:
                # Kept as written but unreadable: a rule comparing names must not take it for "other".
                reason = f"number {value} of {enum or 'an enum'} has no known name"
                self.warn("unknown-enum", f"{name}: {reason}")
                return InvalidValue(str(value), reason)
            return label
        if isinstance(value, dict):  # an enum written as its properties ({value__: n} in PowerShell)
            inner = value.get("value__", _scalar(value))
            if isinstance(inner, (dict, list)):
                reason = f"{enum or 'an enum'} written as an object without a value"
                self.warn("invalid-value", f"{name}: {reason}")
                return InvalidValue(_shown(value), reason)
            return self._enum(name, inner, enum)
        if isinstance(value, list):
            return InvalidValue(_shown(value), f"a list where one {enum or 'enum'} value belongs")
        return str(value)

    def _flags(self, name: str, value: Any, enum: str | None) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            names = flag_names_of(enum, value) if enum else None
            if names is None:
                reason = f"number {value} of {enum or 'a flag enum'} has bits with no known name"
                self.warn("unknown-enum", f"{name}: {reason}")
                return InvalidValue(str(value), reason)
            return names
        if isinstance(value, list):
            return [str(v) for v in value]
        return flag_names(str(value))

    def untyped(self, name: str, value: Any, depth: int = 0) -> Any:
        if depth > MAX_VALUE_DEPTH:
            self.warn("invalid-value", f"{name}: nested deeper than {MAX_VALUE_DEPTH} levels; left unread")
            return InvalidValue(_shown(value), f"nested deeper than {MAX_VALUE_DEPTH} levels")
        if isinstance(value, str):
            if value.startswith(("/Date(", "\\/Date(")) or _ISO_DATE.match(value) or _LOCALE_DATE.match(value):
                date = parse_json_date(value.replace("\\/", "/"), self.warn, name)
                return value if date is None else date
            if is_truncation_marker(value):
                self._truncated(name)
                return TruncatedValue(value)
            return value
        if isinstance(value, list):
            return [self.untyped(name, v, depth + 1) for v in value]
        if isinstance(value, dict):
            return {k: self.untyped(f"{name}.{k}", v, depth + 1) for k, v in value.items()}
        return value
