"""Values of text output (Format-List, Export-Csv) -> the values a JSON export of them gives.

Text has no types: every value is the string PowerShell's ToString() wrote. The JSON normaliser
already reads most of those strings (enum names, `True`, sizes with their byte count, locale
dates); this one adds what only text needs.
"""

from __future__ import annotations

import re
from typing import Any

from linter.snapshot.json_export.values import JsonNormalizer
from linter.snapshot.model import InvalidValue, TruncatedValue
from linter.snapshot.property_types import PropertyType
from linter.values.size import ByteSize

_NUMBER = re.compile(r"^-?(?:0|[1-9][0-9]{0,17})$")
_SIZE = re.compile(r"^[0-9][0-9.,]* (?:B|KB|MB|GB|TB) \([0-9][0-9,.\u00a0 ]* bytes\)$")
# An AD reference (ADObjectId) is written as its canonical name, `contoso.com/Configuration/Schema/
# ms-Exch-Accepted-Domain`; CLIXML and JSON readers keep its Name, the last part.
_CANONICAL_NAME = re.compile(r"^[A-Za-z0-9.-]+/Configuration/(?:[^/]+/)*([^/]+)$")
_NOT_REFERENCES = frozenset({"OrganizationId", "Identity", "Id", "DistinguishedName"})


class TextNormalizer(JsonNormalizer):
    """The JSON normaliser, for values that are all text."""

    def property(self, name: str, value: Any, spec: PropertyType | None) -> Any:
        if isinstance(value, (TruncatedValue, InvalidValue)):
            if isinstance(value, TruncatedValue):
                self._truncated(name)
            return value
        if isinstance(value, str) and (spec is None or spec.value_type == "text"):
            reference = _CANONICAL_NAME.match(value)
            if reference is not None and name.split(".", 1)[0] not in _NOT_REFERENCES:
                return reference.group(1)
        if spec is not None and isinstance(value, str):
            if spec.value_type == "integer" and _NUMBER.match(value.strip()):
                return int(value)
            if spec.value_type == "byteSize" and value.strip().isdigit():
                # PowerShell writes a size with its unit and byte count (`36 MB (37,748,736
                # bytes)`); a bare number is a script's, in a unit the file does not say.
                reason = "a size without its unit (a script's value, not what PowerShell writes)"
                self.warn("invalid-value", f"{name}: {reason}")
                return InvalidValue(value, reason)
        return super().property(name, value, spec)

    def untyped(self, name: str, value: Any, depth: int = 0) -> Any:
        # `True` is the boolean PowerShell wrote, digits the number (a leading zero keeps it text,
        # as for an identifier).
        if isinstance(value, str):
            if value in ("True", "False"):
                return value == "True"
            if _NUMBER.match(value):
                return int(value)
            if _SIZE.match(value):
                return ByteSize.parse(value)
        return super().untyped(name, value, depth)
