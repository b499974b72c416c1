"""Values as text, and text compared as Exchange compares names: the one place for both.

`as_text` is what a `{placeholder}`, `text()`, `expected:` and `actual:` show: PowerShell's `$true`,
`$false` and `$null` (a consultant pastes them into a shell), lists comma-joined, dates in ISO
form, an object by its identity. `fold` is the one case-insensitive key: `==`, `in`, `find()`, the
set functions and indexes all compare through it, so `"STRASSE"` matches `"Straße"` everywhere.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from linter.rules.expressions.unknown import Unknown
from linter.snapshot.model import SnapshotObject
from linter.snapshot.serialize import format_timespan

LISTED_AT_MOST = 25


def fold(text: str) -> str:
    """The case-insensitive key of a name (Exchange compares names without regard to case)."""
    return text.casefold()


def plain(value: Any) -> str:
    """`value` as the argument of a string function: null is the empty string."""
    return "" if value is None else str(value)


def as_text(value: Any) -> str:
    """A value as a consultant reads it: PowerShell's $true/$false and $null, lists comma-joined."""
    if isinstance(value, Unknown):
        return "(unknown: " + "; ".join(value.reasons) + ")"
    if value is None:
        return "$null"
    if value is True:
        return "$true"
    if value is False:
        return "$false"
    if isinstance(value, SnapshotObject):
        return value.identity
    if isinstance(value, list):
        return ", ".join(as_text(v) for v in value) if value else "(none)"
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return format_timespan(value)  # 00:10:00, as Exchange writes it
    return str(value)


def join_for_people(items: Any, separator: str) -> str:
    """Items for a message: the first LISTED_AT_MOST, then how many more.

    A finding about one of N look-alike objects that listed all the others would make a report
    grow with N squared; ps_list() is the complete list, for fixes.
    """
    values = [plain(item) for item in (items or [])]
    if len(values) <= LISTED_AT_MOST:
        return separator.join(values)
    return separator.join(values[:LISTED_AT_MOST]) + f"{separator}... and {len(values) - LISTED_AT_MOST} more"


class PowerShellCode(str):
    """Text already written as PowerShell; a remediation inserts it without doubling its quotes."""


# PowerShell ends a single-quoted string at any of these, not only at the ASCII quote; doubling
# each one keeps it inside the string.
SINGLE_QUOTES = ("'", "\u2018", "\u2019", "\u201a", "\u201b")
# A line break (or another control character) in a value would end a comment line of a fix and
# start a command: no Exchange name holds one, so such a value gets no fix at all.
_UNSAFE_IN_POWERSHELL = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029]")


def unsafe_in_powershell(text: str) -> bool:
    return _UNSAFE_IN_POWERSHELL.search(text) is not None


def ps_quoted_text(text: str) -> str:
    """`text` for inside a single-quoted PowerShell string: every kind of single quote doubled."""
    for quote in SINGLE_QUOTES:
        text = text.replace(quote, quote + quote)
    return text


def ps_list(items: Any) -> PowerShellCode:
    """A PowerShell list of single-quoted strings, each value's quotes doubled: 'a','b'."""
    values = items if isinstance(items, list) else [items]
    return PowerShellCode(",".join("'" + ps_quoted_text(plain(v)) + "'" for v in values))
