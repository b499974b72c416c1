"""What `ConvertTo-Json` writes for an object, reproduced from its CLIXML form.

The corpus has no on-premises JSON export, so the tests and the samples build JSON from real
CLIXML objects by applying ConvertTo-Json's documented behaviour:

- `-Depth` (default 2) counts nesting from the record (0); a property value is at depth 1, an item
  of a collection one deeper than the collection. A non-primitive value deeper than `-Depth` is
  written as its `ToString()`: the display string for Exchange values that have one
  (`mail.contoso.com`, `0.0.0.0-255.255.255.255`), the .NET type name for collections
  (`System.Object[]`, ``Microsoft.Exchange.Data.MultiValuedProperty`1[...]``) and `@{...}` for
  PowerShell custom objects. Primitives (strings, numbers, booleans, dates, GUIDs, enums) are
  never cut.
- Enums are written as their numbers (both editions, unless PowerShell 7's `-EnumsAsStrings`).
- Dates: Windows PowerShell 5.1 writes `"\\/Date(ms)\\/"` (UTC milliseconds); PowerShell 7 writes
  ISO 8601 with the offset.
- Windows PowerShell 5.1 escapes `<`, `>`, `'` and `&` as `\\u003c`, `\\u003e`, `\\u0027`,
  `\\u0026` and lays the document out with `"key":  value` and indentation aligned on the opening
  bracket (as in the real ScubaGear exports); PowerShell 7 uses two spaces per level and
  `"key": value`.
- Byte arrays are arrays of numbers; a `SerializationData` blob is not a property of the live
  object and is not written.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from linter.snapshot.psobject import PSObject, SerializationData

_GENERIC_ARGUMENT = re.compile(r"\[\[([^,\]]+)[^\]]*\]\]")


def dotnet_type_string(type_name: str) -> str:
    """`Type.ToString()` of a CLIXML type name: generic arguments without their assembly."""
    return _GENERIC_ARGUMENT.sub(lambda m: f"[{m.group(1)}]", type_name.replace("Deserialized.", ""))


def convert(value: Any, depth: int = 2, edition: int = 5, current: int = 0) -> Any:
    """The JSON data ConvertTo-Json -Depth `depth` produces for a deserialized value."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return _date(value, edition)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes):
        return list(value) if current <= depth else "System.Byte[]"
    if isinstance(value, list):  # the pipeline's objects, collected into one array
        return [convert(item, depth, edition, current + 1) for item in value]
    if isinstance(value, timedelta):
        return _timespan(value) if current <= depth else _timespan_text(value)
    if not isinstance(value, PSObject):
        return str(value)
    if value.has_type("System.Enum"):
        return value.payload
    if value.payload is not None and value.container is None:
        return convert(value.payload, depth, edition, current)
    if current > depth:
        if value.to_string is not None:
            return value.to_string
        if value.has_type("System.Management.Automation.PSCustomObject"):
            return "@{" + "; ".join(f"{k}={v}" for k, v in value.extended.items()) + "}"
        return dotnet_type_string(value.type_names[0]) if value.type_names else "System.Object"
    if value.items is not None:
        return [convert(item, depth, edition, current + 1) for item in value.items]
    if value.container == "DCT":
        return {str(k): convert(v, depth, edition, current + 1) for k, v in value.payload}
    return {
        name: convert(value.get(name), depth, edition, current + 1)
        for name in value.property_names()
        if not isinstance(value.get(name), SerializationData)
    }


def _date(value: datetime, edition: int) -> str:
    if edition >= 7:
        return value.isoformat()
    utc = value if value.tzinfo is None else value.astimezone(timezone.utc).replace(tzinfo=None)
    milliseconds = int((utc - datetime(1970, 1, 1)).total_seconds() * 1000)
    return f"/Date({milliseconds})/"


def _timespan(value: timedelta) -> dict[str, Any]:
    ticks = int(value.total_seconds() * 10_000_000)
    total = value.total_seconds()
    return {
        "Ticks": ticks,
        "Days": value.days,
        "Hours": value.seconds // 3600,
        "Milliseconds": value.microseconds // 1000,
        "Minutes": value.seconds // 60 % 60,
        "Seconds": value.seconds % 60,
        "TotalDays": total / 86400,
        "TotalHours": total / 3600,
        "TotalMilliseconds": total * 1000,
        "TotalMinutes": total / 60,
        "TotalSeconds": total,
    }


def _timespan_text(value: timedelta) -> str:
    from linter.snapshot.serialize import format_timespan

    return format_timespan(value)


def dumps(data: Any, edition: int = 5) -> str:
    """The text ConvertTo-Json writes for `data` (CRLF line ends, as on Windows)."""
    text = _dumps_51(data, 0) if edition < 7 else json.dumps(data, indent=2, ensure_ascii=False)
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def _string_51(value: str) -> str:
    if re.fullmatch(r"/Date\(-?\d+\)/", value):
        return '"\\' + value[:-1] + '\\/"'
    text = json.dumps(value, ensure_ascii=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("'", "\\u0027"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    return text


def _dumps_51(value: Any, column: int) -> str:
    """Windows PowerShell 5.1 layout: nested lines start 4 columns right of the opening bracket."""
    if isinstance(value, dict):
        if not value:
            return "{\n\n" + " " * column + "}"
        inner = column + 4
        lines = []
        for key, item in value.items():
            head = " " * inner + json.dumps(key) + ":  "
            lines.append(head + _dumps_51(item, len(head)))
        return "{\n" + ",\n".join(lines) + "\n" + " " * column + "}"
    if isinstance(value, list):
        if not value:
            return "[\n\n" + " " * column + "]"
        inner = column + 4
        return "[\n" + ",\n".join(" " * inner + _dumps_51(item, inner) for item in value) + "\n" + " " * column + "]"
    if isinstance(value, str):
        return _string_51(value)
    return json.dumps(value)
