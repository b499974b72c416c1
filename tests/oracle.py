"""psrpcore as the oracle for the CLIXML reader: a value-by-value comparison, used by the
differential tests (the real corpus, the samples, hand-made fixtures).
"""

from __future__ import annotations

import datetime
import math
import uuid
from decimal import Decimal
from typing import Any

from linter.snapshot.psobject import PSObject, SerializationData, strip_deserialized


def _props(theirs: Any, group: str) -> dict[str, Any]:
    return {p.name: p.get_value(theirs) for p in getattr(theirs.PSObject, group)}


def assert_same(ours: Any, theirs: Any, path: str, seen: set[int]) -> None:
    if ours is None or theirs is None:
        assert ours is None and theirs is None, path
        return
    if isinstance(ours, PSObject):
        if id(ours) in seen:  # a Ref already compared along this path
            return
        seen = seen | {id(ours)}
        meta = theirs.PSObject
        theirs_names = [strip_deserialized(t) for t in meta.type_names]
        assert [strip_deserialized(t) for t in ours.type_names] == theirs_names, f"{path}: type names"
        # _to_string is what the document said; the public property invents one for lists.
        assert ours.to_string == meta._to_string, f"{path}: ToString"
        for group, mine in (("adapted_properties", ours.adapted), ("extended_properties", ours.extended)):
            other = _props(theirs, group)
            assert sorted(mine) == sorted(other), f"{path}: {group} names"
            for name, value in mine.items():
                assert_same(value, other[name], f"{path}.{name}", seen)
        if ours.items is not None:
            # psrpcore keeps a QUE as a queue.Queue; drain it into a list to compare.
            other_items = [theirs.get() for _ in range(theirs.qsize())] if ours.container == "QUE" else list(theirs)
            assert len(ours.items) == len(other_items), f"{path}: item count"
            for index, (a, b) in enumerate(zip(ours.items, other_items, strict=True)):
                assert_same(a, b, f"{path}[{index}]", seen)
        elif ours.container == "DCT":
            assert len(ours.payload) == len(theirs), f"{path}: entry count"
            for key, value in ours.payload:
                assert_same(value, theirs[key], f"{path}[{key!r}]", seen)
        elif ours.payload is not None:
            assert_same(ours.payload, theirs, f"{path}<value>", seen)
        return
    if isinstance(ours, SerializationData):
        assert ours.decode() == bytes(theirs), path
    elif isinstance(ours, bool):
        assert ours is theirs, path
    elif isinstance(ours, float):
        assert (math.isnan(ours) and math.isnan(theirs)) or ours == float(theirs), path
    elif isinstance(ours, datetime.datetime):
        assert ours.isoformat() == datetime.datetime.isoformat(theirs), path
    elif isinstance(ours, datetime.timedelta):
        assert ours == datetime.timedelta(theirs.days, theirs.seconds, theirs.microseconds), path
    elif isinstance(ours, uuid.UUID):
        assert ours.int == theirs.int, path
    elif isinstance(ours, (int, str, bytes, Decimal)):
        assert type(ours)(theirs) == ours, f"{path}: {ours!r} != {theirs!r}"
    else:
        assert str(ours) == str(theirs), path
