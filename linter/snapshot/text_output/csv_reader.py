"""Reader for `Export-Csv` files: each row becomes the object a JSON export of it gives.

Windows PowerShell 5.1 writes a first line `#TYPE <type name>` unless told not to
(`-NoTypeInformation`, PowerShell 7's default); the type name gives the kind
(`Deserialized.Microsoft.Exchange.Data.Directory.SystemConfiguration.ReceiveConnector`, or
`Selected.<type>` after Select-Object). Without it the kind comes from `snapshot.yaml`, the file
name, or the columns, as for JSON. Then a header line of property names and a row per object,
every field quoted; `-UseCulture` on European systems writes `;` between fields (NOTES.md 8 of
the text corpus, NOTES.md 6 of the real corpus).

Export-Csv writes each value's ToString(). For a list that is its type name
(`Microsoft.Exchange.Data.MultiValuedProperty`1[...]`, `System.Object[]`): the items were not
exported, so the value is unknown, never the type name read as data, and a warning says how to
export it. A script that joined a list with `;` before exporting (the real sample does) gave the
items: lists of addresses, bindings, hosts and names are split on it; address spaces, whose cost
follows a `;`, are not.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from linter.snapshot import encoding, kinds
from linter.snapshot.build import finish
from linter.snapshot.json_export.reader import kind_from_file_name, kind_from_properties, record_from_json
from linter.snapshot.model import GENERIC_KIND, Snapshot, SnapshotObject, Source
from linter.snapshot.property_types import property_types
from linter.snapshot.text_output.normalizer import TextNormalizer
from linter.support.errors import InputError

MAX_FIELD_BYTES = 16 * 1024**2  # one value; the csv module's default of 128 KiB cuts long DN lists
_TYPE_LINE = re.compile(r"^#TYPE\s+(\S.*?)\s*$")
_SPLIT_ON_SEMICOLON = frozenset({"ipRanges", "bindings", "smartHosts", "textList", "domainCapabilitiesList"})
LIST_FIX = "Export-Clixml, or join the lists first (Select-Object @{n='X'; e={$_.X -join ';'}})"


def looks_like_export_csv(head: str) -> bool:
    """`#TYPE` first, or a quoted header line of property names (Export-Csv quotes every field)."""
    first = head.lstrip("\ufeff").split("\n", 1)[0].strip()
    return bool(_TYPE_LINE.match(first)) or bool(re.match(r'^"[A-Za-z_][\w]*"(?:[,;]"[A-Za-z_][\w]*")+$', first))


def read(
    item_display: str,
    item_relative: str,
    data: bytes,
    snapshot: Snapshot,
    stated: tuple[str | None, str | None, str | None] = (None, None, None),
) -> list[SnapshotObject]:
    """The file's objects; `stated` is what snapshot.yaml says of the file: (kind, side, server)."""
    stated_kind, stated_side, stated_server = stated
    text = encoding.to_utf8(data, item_display).decode("utf-8")
    del data
    lines = text.split("\n", 2)
    type_kind = None
    first_line = 1
    match = _TYPE_LINE.match(lines[0].lstrip("\ufeff").strip())
    if match is not None:
        type_name = match.group(1)
        type_kind = kinds.kind_of_type_names([type_name.removeprefix("Selected.")])
        type_kind = None if type_kind == GENERIC_KIND else type_kind
        text = text.split("\n", 1)[1] if "\n" in text else ""
        first_line = 2
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count('";"') > header.count('","') else ","
    csv.field_size_limit(MAX_FIELD_BYTES)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        names = next(reader, None)
        if not names:
            raise InputError(item_display, "empty CSV: expected Export-Csv output with a header line")
        kind = stated_kind or type_kind or kind_from_file_name(item_relative) or kind_from_properties(set(names))
        types = property_types(kind)
        objects: list[SnapshotObject] = []
        warnings: list[tuple[str, str, Source]] = []
        normalizer = TextNormalizer(lambda code, message: None)
        for row in reader:
            line = first_line + reader.line_num - 1
            if not any(field.strip() for field in row):
                continue
            if len(row) != len(names):
                raise InputError(item_display, f"a row of {len(row)} fields under a header of {len(names)}", line, 1)
            source = Source(item_display, line)
            values: dict[str, Any] = {}
            for name, field in zip(names, row, strict=True):
                spec = types.get(name)
                values[name] = _field(field, spec.value_type if spec else None)
            normalizer.warn = _collect(warnings, source)
            record = record_from_json(values, source, normalizer, kind, None)
            record.type_name = f"CSV {record.kind}"
            objects.append(finish(record, snapshot, stated_side, stated_server))
    except csv.Error as error:
        raise InputError(item_display, f"not a readable CSV: {error}", first_line + reader.line_num - 1, 1) from None
    if normalizer.truncated:
        snapshot.warn(
            "truncated",
            f"{', '.join(sorted(normalizer.truncated_names))} were exported as their type name, not their items "
            f"(Export-Csv writes a list's ToString()): unknown, not empty; export again with {LIST_FIX}",
            Source(item_display, first_line),
        )
    for code, message, at in warnings:
        snapshot.warn(code, message, at)
    return objects


def _field(field: str, value_type: str | None) -> Any:
    if field == "":
        return None  # `,,` ($null) and `""` (an empty string) both mean no value
    if value_type in _SPLIT_ON_SEMICOLON and ";" in field:
        return [item.strip() for item in field.split(";") if item.strip()]
    return field


def _collect(warnings: list[tuple[str, str, Source]], source: Source) -> Any:
    return lambda code, message: warnings.append((code, message, source))
