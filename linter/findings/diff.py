"""What changed between two snapshots of the same organisation: objects and findings.

Objects are matched by kind, side, identity and server (case-insensitive) and compared on their
normalised values, so a re-export with other RefIds, another property order or another format
(CLIXML against JSON) is not a change. A value one export does not carry, or carries cut short
or unreadable, is not compared: it cannot show a change. Multi-valued properties compare as sets.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from linter.findings.model import Finding
from linter.findings.suppressions import Suppression
from linter.snapshot.model import InvalidValue, Snapshot, SnapshotObject, TruncatedValue
from linter.snapshot.serialize import jsonable

# Bookkeeping that every re-export or every change touches; never a configuration change itself.
VOLATILE = frozenset(
    {
        "whenchanged",
        "whenchangedutc",
        "originatingserver",
        "objectstate",
        "isvalid",
        "pscomputername",
        "runspaceid",
        "psshowcomputername",
    }
)

Key = tuple[str, str, str, str]
_ABSENT = object()  # a property one export does not have


@dataclass(frozen=True)
class PropertyChange:
    name: str
    before: Any
    after: Any


@dataclass
class ObjectChange:
    obj: SnapshotObject
    changes: list[PropertyChange] = field(default_factory=list)


@dataclass
class SnapshotDiff:
    added: list[SnapshotObject]
    removed: list[SnapshotObject]
    changed: list[ObjectChange]
    introduced: list[Finding]
    resolved: list[Finding]
    # Introduced by the change but accepted in the suppressions file: listed apart, never failing the run.
    suppressed: list[tuple[Finding, Suppression]] = field(default_factory=list)


def _key(obj: SnapshotObject) -> Key:
    return (obj.kind, obj.side, obj.identity.casefold(), (obj.server or "").casefold())


def _comparable(value: Any) -> bool:
    if isinstance(value, (TruncatedValue, InvalidValue)):
        return False
    if isinstance(value, list):
        return all(_comparable(item) for item in value)
    return True


def _canonical(value: Any) -> Any:
    data = jsonable(value)
    if isinstance(data, list):
        return sorted(data, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
    return data


_PRIMITIVES = (str, int, float, bool)


def _shape(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, _PRIMITIVES):
        return type(value).__name__
    if isinstance(value, list):
        return "list" if all(v is None or isinstance(v, _PRIMITIVES) for v in value) else "other"
    return "other"


def _same_shape(old: Any, new: Any) -> bool:
    """Whether two values of a property the snapshot does not type can be compared at all.

    Untyped values keep the exporter's spelling: CLIXML gives a display string where ConvertTo-Json
    gives an object or an enum number. Only values written the same way are compared.
    """
    a, b = _shape(old), _shape(new)
    return "other" not in (a, b) and (a == b or "null" in (a, b))


def compare_objects(before: SnapshotObject, after: SnapshotObject) -> list[PropertyChange]:
    from linter.snapshot.property_types import property_types

    typed = {name.casefold() for name in property_types(after.kind)}
    changes = []
    names = {name.casefold(): name for name in before.properties} | {n.casefold(): n for n in after.properties}
    for folded in sorted(names):
        if folded in VOLATILE:
            continue
        old = next((v for k, v in before.properties.items() if k.casefold() == folded), _ABSENT)
        new = next((v for k, v in after.properties.items() if k.casefold() == folded), _ABSENT)
        if old is _ABSENT or new is _ABSENT or not _comparable(old) or not _comparable(new):
            continue
        if folded not in typed and not _same_shape(old, new):
            continue
        if _canonical(old) != _canonical(new):
            changes.append(PropertyChange(names[folded], jsonable(old), jsonable(new)))
    return changes


def diff_snapshots(
    before: Snapshot,
    after: Snapshot,
    findings_before: list[Finding],
    findings_after: list[Finding],
    suppressed_after: list[tuple[Finding, Suppression]] | None = None,
) -> SnapshotDiff:
    """What changed. `findings_before` are all of BEFORE's findings, suppressed ones included;
    `findings_after` are AFTER's active findings and `suppressed_after` those its suppressions accept."""
    old = {_key(o): o for o in before.objects}
    new = {_key(o): o for o in after.objects}
    changed = []
    for key in sorted(old.keys() & new.keys()):
        changes = compare_objects(old[key], new[key])
        if changes:
            changed.append(ObjectChange(new[key], changes))
    accepted = suppressed_after or []
    old_prints = {f.fingerprint for f in findings_before}
    new_prints = {f.fingerprint for f in findings_after} | {f.fingerprint for f, _ in accepted}
    return SnapshotDiff(
        added=[new[key] for key in sorted(new.keys() - old.keys())],
        removed=[old[key] for key in sorted(old.keys() - new.keys())],
        changed=changed,
        introduced=[f for f in findings_after if f.fingerprint not in old_prints],
        resolved=[f for f in findings_before if f.fingerprint not in new_prints],
        suppressed=[(f, entry) for f, entry in accepted if f.fingerprint not in old_prints],
    )
