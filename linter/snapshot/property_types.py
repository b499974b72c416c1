"""The Exchange type of each known property, read from the kind schemas (one source of truth).

JSON exports carry no type names, so `AddressSpaces` arrives as strings (Exchange Online) or as
objects (on-premises ConvertTo-Json) and `AuthMechanism` as a name or a number. The schema of each
kind already says what every known property is (`$ref: values.schema.json#/$defs/addressSpaces`,
`x-enum: AuthMechanisms`); the JSON reader asks this module instead of keeping a second table.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from linter.snapshot.model import KINDS
from linter.support.resources import load_schema


@dataclass(frozen=True, slots=True)
class PropertyType:
    value_type: str  # a $defs name of values.schema.json: "ipRanges", "flags", "text", ...
    enum: str | None = None  # the .NET enum for "enum"/"flags" (and lists of enum values)


@cache
def property_types(kind: str) -> dict[str, PropertyType]:
    if kind not in KINDS:
        return {}
    schema = load_schema(f"kinds/{kind}.schema.json")
    types: dict[str, PropertyType] = {}
    for name, spec in schema.get("properties", {}).items():
        reference = str(spec.get("$ref", ""))
        if "#/$defs/" in reference:
            types[name] = PropertyType(reference.rsplit("/", 1)[-1], spec.get("x-enum"))
    return types
