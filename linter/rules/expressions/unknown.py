"""The value of what an export does not tell: three-valued logic for rule expressions.

A property missing from the export (an older Exchange version, a `Select-Object` subset), cut
short by `ConvertTo-Json`, or present but unreadable is `Unknown`, not `null`. Every operation on
`Unknown` gives `Unknown`, except where the answer does not depend on it (Kleene logic:
`false and ?` is false, `true or ?` is true). A check that ends `Unknown` is inconclusive: the
finding says which values were missing instead of claiming a failure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MISSING = "missing"  # not in the export
TRUNCATED = "truncated"  # cut short by the exporter
UNREADABLE = "unreadable"  # present, but not a valid value of its type
MIXED = "mixed"
# Not a gap in the export: what a fix says instead of a command when the snapshot shows there is
# nothing safe to run (no connector to change: re-run the wizard). Written with `no_fix(...)`.
NO_FIX = "no-fix"


@dataclass(frozen=True, slots=True)
class Unknown:
    """Why a value is unknown: reasons such as "SendConnector 'X': Fqdn is not in the export"."""

    reasons: tuple[str, ...]
    cause: str = MISSING

    def __bool__(self) -> bool:
        raise TypeError("an unknown value has no truth value; use the three-valued operators")


def unknown(reason: str, cause: str = MISSING) -> Unknown:
    return Unknown((reason,), cause)


def merge(*values: Any) -> Unknown:
    """One Unknown holding the reasons of every unknown among `values`."""
    reasons: dict[str, None] = {}
    causes = set()
    for value in values:
        if isinstance(value, Unknown):
            reasons.update(dict.fromkeys(value.reasons))
            causes.add(value.cause)
    return Unknown(tuple(reasons), causes.pop() if len(causes) == 1 else MIXED)


def truth(value: Any) -> bool | Unknown:
    """A value as a condition: Unknown stays unknown; null, false, 0, '' and [] are false."""
    if isinstance(value, Unknown):
        return value
    return bool(value)
