"""A list of Exchange Online Protection addresses exported from a tenant, read for `eop-ranges import`.

The 2010-era Hybrid Configuration Wizard set the hybrid receive connector's RemoteIPRanges from
`Get-HybridMailflowDatacenterIPs`, an Exchange Online cmdlet that lists "the IP addresses of the
EOP data centers that support hybrid deployments" (hybrid-facts.md 2.5). The cmdlet is deprecated
and the shape of its output object is not documented, so this reader does not depend on it: it
takes every value of the file (CLIXML, ConvertTo-Json, or Format-List / Format-Table text) that is
an IP address or range, and nothing else.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from linter.snapshot import encoding
from linter.snapshot.json_export.values import is_truncation_marker
from linter.snapshot.psobject import PSObject
from linter.support.errors import InputError
from linter.values import ValueSyntaxError
from linter.values.ip import IPRange

MAX_RANGES = 10_000  # the worldwide EOP set has about 20 ranges
# Candidates in text: IPv4 or IPv6 addresses, with a prefix length or a `-` range.
_CUT_LIST = re.compile(r"(?:\.\.\.|\u2026)\s*\}")
_CANDIDATE = re.compile(r"[0-9A-Fa-f:.]*[.:][0-9A-Fa-f:.]+(?:/\d{1,3}|-[0-9A-Fa-f:.]+)?")


def read_range_list(data: bytes, file: str) -> tuple[list[IPRange], list[str]]:
    """Every public address or range in the file, once each, in order, and the values that were
    addresses but not public ones (private, loopback, the whole address space), which no EOP list
    holds and which are left out. InputError when there is no public one."""
    text = encoding.to_utf8(data, file).decode("utf-8").lstrip("\ufeff")
    start = text.lstrip()
    if start.startswith(("<Objs", "<?xml", "#< CLIXML")):
        from linter.snapshot.clixml.reader import read

        values: Iterator[str] = _strings([v.value for v in read(data, file)])
    elif start[:1] in ("[", "{"):
        try:
            strings = list(_strings(json.loads(start)))
        except (ValueError, RecursionError) as error:
            raise InputError(file, f"not readable JSON: {error}") from None
        if any(is_truncation_marker(value) for value in strings):
            raise InputError(file, "refused: ConvertTo-Json cut the list short (-Depth); export it with -Depth 10")
        values = iter(strings)
    else:
        if _CUT_LIST.search(text):
            raise InputError(
                file, "refused: the list was cut at $FormatEnumerationLimit ('...}'); export it with Export-Clixml"
            )
        values = (match.group(0) for match in _CANDIDATE.finditer(text))
    found: dict[str, IPRange] = {}
    left_out: list[str] = []
    for value in values:
        try:
            parsed = IPRange.parse(value.strip().strip("{},[]"))
        except (ValueSyntaxError, ValueError):
            continue
        if not _public(parsed):
            left_out.extend([str(parsed)] if str(parsed) not in left_out else [])
            continue
        found.setdefault(str(parsed), parsed)
        if len(found) > MAX_RANGES:
            raise InputError(file, f"refused: more than {MAX_RANGES:,} ranges (EOP publishes a few dozen)")
    if not found:
        raise InputError(
            file, "no public IP address or range found: expected the output of Get-HybridMailflowDatacenterIPs"
        )
    return list(found.values()), left_out


def _public(candidate: IPRange) -> bool:
    """Both ends global unicast, and narrower than a /8 (IPv4) or a /16 (IPv6): EOP's are /14 at most."""
    low, high = candidate.low, candidate.high
    if not (low.is_global and high.is_global) or low.is_multicast or high.is_multicast:
        return False
    span = int(high) - int(low) + 1
    return span <= (2**24 if low.version == 4 else 2**112)


def _strings(value: Any, depth: int = 0) -> Iterator[str]:
    if depth > 50:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, IPRange):
        yield str(value)
    elif isinstance(value, PSObject):
        if value.to_string:
            yield value.to_string
        yield from _strings(value.payload, depth + 1)
        for item in list(value.adapted.values()) + list(value.extended.values()):
            yield from _strings(item, depth + 1)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item, depth + 1)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item, depth + 1)
