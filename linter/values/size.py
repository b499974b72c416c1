"""Byte sizes as Exchange prints them: `35 MB (36,700,160 bytes)`, `256 KB (262,144 bytes)`, `Unlimited`.

The byte count in parentheses is authoritative; its thousands separator follows the exporting
machine's locale (`,` `.` space, no-break space, apostrophe), so every non-digit is dropped.
Without parentheses the unit is applied (binary multiples, as Exchange's ByteQuantifiedSize).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from linter.values import ValueSyntaxError

_UNITS = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3, "TB": 1024**4}
_WITH_BYTES = re.compile(r"\((?P<count>[\d.,'\u00a0\u202f ]+)\s*bytes?\)\s*$", re.IGNORECASE)
_WITH_UNIT = re.compile(r"^(?P<number>\d+(?:[.,]\d+)?)\s*(?P<unit>B|KB|MB|GB|TB|bytes?)?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ByteSize:
    """A size in bytes, or unlimited (`bytes is None`)."""

    bytes: int | None

    @classmethod
    def parse(cls, text: str) -> ByteSize:
        value = text.strip()
        if value.lower() == "unlimited":
            return cls(None)
        counted = _WITH_BYTES.search(value)
        if counted is not None:
            digits = re.sub(r"\D", "", counted["count"])
            if digits:
                return cls(int(digits))
        plain = _WITH_UNIT.match(value)
        if plain is None:
            raise ValueSyntaxError(f"not a byte size: {text!r}")
        unit = (plain["unit"] or "B").upper()
        factor = 1 if unit.startswith("BYTE") else _UNITS[unit]
        return cls(int(float(plain["number"].replace(",", ".")) * factor))

    @property
    def is_unlimited(self) -> bool:
        return self.bytes is None

    def __str__(self) -> str:
        return "Unlimited" if self.bytes is None else f"{self.bytes} bytes"

    def to_json(self) -> int | str:
        return "Unlimited" if self.bytes is None else self.bytes
