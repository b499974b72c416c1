"""Reader for `Get-X | Format-List` text: the records become the same objects a JSON export gives.

Text carries no type names. The kind comes from `snapshot.yaml`, else from a file name that
follows the cmdlet (`Get-ReceiveConnector-fl.txt`), else from the record's `ObjectClass`, else
from its property set, as for JSON. Values are read as the JSON reader reads a string of the same
property, so `True`, `10 MB (10,485,760 bytes)` and `{[::]:25, 0.0.0.0:25}` become the same
typed values.

What the text cannot tell stays unknown, never a guess that could raise a false alarm:

- a list cut at `$FormatEnumerationLimit` (`{a, b, c...}`): more items exist than were written;
- a value cut at the console width (a line that fills the width and ends in `...`);
- a value with a documentation placeholder (`Mail.<domain>.com`).

Each is said once per file with the way to export it whole. Format-Table output is refused: its
columns are cut and it shows only a few properties.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

from linter.snapshot import encoding
from linter.snapshot.build import finish
from linter.snapshot.json_export.reader import FINGERPRINTS, kind_from_file_name, kind_from_properties, record_from_json
from linter.snapshot.model import KINDS, InvalidValue, Snapshot, SnapshotObject, Source, TruncatedValue
from linter.snapshot.property_types import property_types
from linter.snapshot.text_output.list_values import NotAList, parse_list
from linter.snapshot.text_output.normalizer import TextNormalizer
from linter.snapshot.text_output.records import RawProperty, RawRecord, TextLines, normalise, records
from linter.snapshot.text_output.sniff import is_format_table
from linter.support.errors import InputError

# The directory object classes of the kinds (NOTES.md 2); the last class names the object.
OBJECT_CLASSES = {
    "msexchsmtpinboundconnector": "InboundConnector",
    "msexchsmtpoutboundconnector": "OutboundConnector",
    "msexchcoexistencerelationship": "HybridConfiguration",
    "msexchaccepteddomain": "AcceptedDomain",
    "msexchdomaincontentconfig": "RemoteDomain",
    "msexchsmtpreceiveconnector": "ReceiveConnector",
    "msexchroutingsmtpconnector": "SendConnector",
}
# `<domain>`, `<server name>`: a documentation placeholder, not a value. `<I>`/`<S>` are parts of
# a certificate name and `<>` is the null sender.
_PLACEHOLDER = re.compile(r"<(?![IS]>)[A-Za-z][A-Za-z _-]*>")
_CUT_SCALAR = ("...", "\u2026")
TRUNCATED_LIST_FIX = "$FormatEnumerationLimit = -1 before Format-List"
TRUNCATED_LINE_FIX = "| Format-List | Out-String -Width 4096"


def read(
    item_display: str,
    item_relative: str,
    data: bytes,
    snapshot: Snapshot,
    stated: tuple[str | None, str | None, str | None] = (None, None, None),
) -> list[SnapshotObject]:
    """The file's objects; `stated` is what snapshot.yaml says of the file: (kind, side, server)."""
    stated_kind, stated_side, stated_server = stated
    text = normalise(encoding.to_utf8(data, item_display).decode("utf-8"))
    del data
    if is_format_table([line for _, line in text.lines if line][:3]):
        raise InputError(
            item_display,
            "Format-Table output: its columns are cut and show only a few properties; "
            "run the cmdlet again with | Format-List * (or Export-Clixml)",
        )
    found = records(text)
    if not found:
        raise InputError(item_display, "no Format-List output found: expected lines of 'Name : value'")
    warnings: list[tuple[str, str, Source]] = []
    normalizer = TextNormalizer(lambda code, message: None)
    objects = []
    cut_lists: set[str] = set()
    cut_lines: set[str] = set()
    for raw in found:
        source = Source(item_display, raw.line)
        kind = stated_kind or kind_from_file_name(item_relative) or _kind_of(raw)
        canonical = _canonical_names(kind)
        values: dict[str, Any] = {}
        for prop in raw.properties:
            name = canonical.get(prop.name.lower(), prop.name)
            if name in values:
                warnings.append(
                    ("duplicate-property", f"{name} appears twice in one record; the first is read", source)
                )
                continue
            values[name] = _value(prop, text, cut_lists, cut_lines)
        if _trimmed(raw):
            warnings.append(
                (
                    "trimmed",
                    "the names are padded wider than any name shown: lines were removed from this output",
                    source,
                )
            )
        normalizer.warn = _collect(warnings, source)
        record = record_from_json(values, source, normalizer, kind, None)
        record.type_name = f"Format-List {record.kind}"
        objects.append(finish(record, snapshot, stated_side, stated_server))
    if cut_lists:
        snapshot.warn(
            "truncated",
            f"lists cut at $FormatEnumerationLimit ({', '.join(sorted(cut_lists))}) are unknown, not short; "
            f"export again with {TRUNCATED_LIST_FIX}, or with Export-Clixml",
            Source(item_display, 1),
        )
    if cut_lines:
        snapshot.warn(
            "truncated",
            f"values cut at the console width ({', '.join(sorted(cut_lines))}) are unknown; "
            f"export again with {TRUNCATED_LINE_FIX}, or with Export-Clixml",
            Source(item_display, 1),
        )
    if text.dropped:
        shown = ", ".join(str(n) for n in text.dropped[:5]) + (" ..." if len(text.dropped) > 5 else "")
        warnings.append(
            (
                "not-format-list",
                f"{len(text.dropped)} line(s) that are neither properties nor wrapped values were left out "
                f"(lines {shown}: prompts, prose or warnings)",
                Source(item_display, text.dropped[0]),
            )
        )
    for code, message, at in warnings:
        snapshot.warn(code, message, at)
    return objects


def _collect(warnings: list[tuple[str, str, Source]], source: Source) -> Callable[[str, str], None]:
    return lambda code, message: warnings.append((code, message, source))


def _value(prop: RawProperty, text: TextLines, cut_lists: set[str], cut_lines: set[str]) -> Any:
    value = prop.value
    if value == "":
        return None  # `Name : ` is null, or an empty string: Format-List writes both alike
    if _PLACEHOLDER.search(value):
        return InvalidValue(value, "a documentation placeholder, not a value")
    if value.startswith("{") and value.endswith("}"):
        try:
            parsed = parse_list(value)
        except NotAList:
            return value
        if parsed.cut:
            cut_lists.add(prop.name)
            return TruncatedValue(value)
        return list(parsed.items)
    if value.endswith(_CUT_SCALAR) and prop.last_line_length >= text.width:
        cut_lines.add(prop.name)
        return TruncatedValue(value)
    return value


def _trimmed(raw: RawRecord) -> bool:
    """Names padded wider than any name shown (NOTES.md 3: `Get-OrganizationConfig-fl-2.txt`)."""
    longest = max(len(p.name) for p in raw.properties)
    return len(raw.properties) > 1 and raw.separator_column > longest + 1


def _kind_of(raw: RawRecord) -> str:
    for prop in raw.properties:
        if prop.name.lower() == "objectclass":
            classes = [c.strip().lower() for c in prop.value.strip("{}").split(",")]
            kind = OBJECT_CLASSES.get(classes[-1]) if classes else None
            if kind is not None:
                return kind
    canonical = _all_canonical_names()
    return kind_from_properties({canonical.get(p.name.lower(), p.name) for p in raw.properties})


def _canonical_names(kind: str) -> dict[str, str]:
    """Property names of a kind by their lower case: output may write `FQDN` for `Fqdn`."""
    return {name.lower(): name for name in property_types(kind)}


@cache
def _all_canonical_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for kind in KINDS:
        names.update({name.lower(): name for name in property_types(kind)})
    for prints in FINGERPRINTS.values():
        names.update({name.lower(): name for name in prints})
    return names
