"""The primitive elements of Export-Clixml (MS-PSRP 2.2.5.1): each tag's text turned into its value.

`_xHHHH_` escapes, dates and durations as .NET writes them, booleans, bytes, decimals, chars,
ranged integers, GUIDs, URIs, versions, XML documents, script blocks and secure strings.
"""

from __future__ import annotations

import base64
import re
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Any

from linter.snapshot.psobject import (
    ScriptBlockValue,
    SecureStringValue,
    UriValue,
    VersionValue,
    XmlDocumentValue,
)

_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescape(text: str) -> str:
    """Decode CLIXML `_xHHHH_` escapes (control characters, surrogate halves, a literal `_x`)."""
    if "_x" not in text:
        return text
    decoded = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    # Characters outside the BMP arrive as two escaped UTF-16 halves; join them.
    return decoded.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


_DT = re.compile(
    r"^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,7}))?(Z|[+-]\d\d:\d\d)?$",
)
_TS = re.compile(
    r"^(-)?P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:\.(\d{1,7}))?S)?)?$",
)


def parse_datetime(text: str) -> datetime:
    """A `DT` value. .NET keeps 100 ns ticks; Python keeps microseconds, so the 7th digit is dropped."""
    match = _DT.match(text.strip())
    if match is None:
        raise ValueError(f"invalid DateTime {text!r}")
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    tz: timezone | None = None
    if zone == "Z":
        tz = timezone.utc
    elif zone:
        sign = -1 if zone[0] == "-" else 1
        tz = timezone(sign * timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6])))
    return datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), micro, tzinfo=tz)


def parse_duration(text: str) -> timedelta:
    """A `TS` value (xs:duration as .NET writes it, e.g. `PT9.0269026S`, `P1DT2H`)."""
    match = _TS.match(text.strip())
    if match is None or text.strip() in ("P", "-P", "PT", "-PT"):
        raise ValueError(f"invalid TimeSpan {text!r}")
    negative, days, hours, minutes, seconds, fraction = match.groups()
    value = timedelta(
        days=int(days or 0),
        hours=int(hours or 0),
        minutes=int(minutes or 0),
        seconds=int(seconds or 0),
        microseconds=int((fraction or "0")[:6].ljust(6, "0")),
    )
    return -value if negative else value


def _boolean(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered == "true":
        return True
    if lowered == "false":
        return False
    raise ValueError(f"invalid Boolean {text!r}")


def _bytes(text: str) -> bytes:
    return base64.b64decode(text, validate=False)


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(f"invalid Decimal {text!r}") from None


def _char(text: str) -> str:
    return chr(int(text))


def _ranged_int(low: int, high: int) -> Callable[[str], int]:
    def convert(text: str) -> int:
        value = int(text)
        if not low <= value <= high:
            raise ValueError(f"{value} is out of range")
        return value

    return convert


# Text-only elements: tag -> converter of the element's text.
SCALARS: dict[str, Callable[[str], Any]] = {
    "S": unescape,
    "B": _boolean,
    "I32": _ranged_int(-(2**31), 2**31 - 1),
    "I64": _ranged_int(-(2**63), 2**63 - 1),
    "U32": _ranged_int(0, 2**32 - 1),
    "U64": _ranged_int(0, 2**64 - 1),
    "I16": _ranged_int(-(2**15), 2**15 - 1),
    "U16": _ranged_int(0, 2**16 - 1),
    "By": _ranged_int(0, 255),
    "U8": _ranged_int(0, 255),
    "SB": _ranged_int(-128, 127),
    "Db": float,
    "Sg": float,
    "D": _decimal,
    "C": _char,
    "DT": parse_datetime,
    "TS": parse_duration,
    "G": uuid.UUID,
    "BA": _bytes,
    "URI": lambda text: UriValue(unescape(text)),
    "Version": VersionValue,
    "XD": lambda text: XmlDocumentValue(unescape(text)),
    "SBK": lambda text: ScriptBlockValue(unescape(text)),
    "SS": SecureStringValue,
}
