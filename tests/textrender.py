"""Render deserialized CLIXML objects as Windows PowerShell's Format-List writes them, for the
differential tests of the text reader: the same objects read from CLIXML and from their
Format-List text must give the same values.

Format-List writes each property's ToString(): a collection as `{item, item}` (every item, with
`$FormatEnumerationLimit = -1`), a boolean as `True`/`False`, an Exchange value as the ToString
the CLIXML carries. Names are padded to the longest, `Name : value`, and lines are cut at the host
width minus one (119 for a 120-column host), continuation lines indented to the value column.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from linter.snapshot.psobject import PSObject

WIDTH = 119


def value_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, datetime):
        return f"{value.day:02d}.{value.month:02d}.{value.year:04d} {value:%H:%M:%S}"  # pl-PL, as the real EXO files
    if isinstance(value, PSObject):
        if value.items is not None:
            return "{" + ", ".join(value_text(item) for item in value.items) + "}"
        if value.to_string is not None:
            return value.to_string
        if value.payload is not None:
            return value_text(value.payload)
        return ""
    if isinstance(value, list):
        return "{" + ", ".join(value_text(item) for item in value) + "}"
    return str(value)


def format_list(objects: list[PSObject]) -> str:
    lines = ["", ""]
    for obj in objects:
        names = obj.property_names()
        width = max(len(name) for name in names)
        for name in names:
            first = f"{name.ljust(width)} : {value_text(obj.get(name))}"
            indent = " " * (width + 3)
            lines.append(first[:WIDTH])
            rest = first[WIDTH:]
            while rest:
                lines.append(indent + rest[: WIDTH - len(indent)])
                rest = rest[WIDTH - len(indent) :]
        lines.append("")
    return "\r\n".join([*lines, "", ""])


def export_csv(objects: list[PSObject], type_line: bool = True) -> str:
    """Windows PowerShell 5.1's Export-Csv: `#TYPE`, a quoted header, every value's ToString()
    quoted; a collection is written as its type name, `$null` as an empty unquoted field."""
    names: list[str] = []
    for obj in objects:
        names.extend(n for n in obj.property_names() if n not in names)
    lines = [f"#TYPE {objects[0].type_names[0]}"] if type_line and objects and objects[0].type_names else []
    lines.append(",".join(f'"{name}"' for name in names))
    for obj in objects:
        fields = []
        for name in names:
            value = obj.get(name)
            if value is None:
                fields.append("")
                continue
            if isinstance(value, PSObject) and value.items is not None:
                text = value.type_names[0].removeprefix("Deserialized.") if value.type_names else "System.Object[]"
            else:
                text = value_text(value)
            fields.append('"' + text.replace('"', '""') + '"')
        lines.append(",".join(fields))
    return "\r\n".join(lines) + "\r\n"
