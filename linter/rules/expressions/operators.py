"""Comparison, membership and attribute access with the language's semantics.

Strings compare case-insensitively (Exchange names are). A list compared with a list is compared
as a set (multi-valued Exchange properties have no meaningful order). An Exchange value compared
with text is compared as that value (`TlsCertificateName == "<I>…<S>…"` compares the parsed names).
`Unknown` on either side gives `Unknown`.
"""

from __future__ import annotations

import operator
from datetime import date, datetime, timedelta
from typing import Any

from linter.rules.expressions.runtime import RuleRuntimeError, matches, per_list
from linter.rules.expressions.text import fold
from linter.rules.expressions.unknown import Unknown, merge
from linter.snapshot.model import SnapshotObject
from linter.values import ValueSyntaxError


def _key(value: Any) -> Any:
    if isinstance(value, (int, float, bool)) or value is None:
        return value
    return fold(str(value))


def equal(a: Any, b: Any) -> bool | Unknown:
    if isinstance(a, Unknown) or isinstance(b, Unknown):
        return merge(a, b)
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, list) and isinstance(b, list):
        if any(isinstance(v, Unknown) for v in a + b):
            return merge(*a, *b)
        return sorted(map(str, map(_key, a))) == sorted(map(str, map(_key, b)))
    if isinstance(a, str) and isinstance(b, str):
        return fold(a) == fold(b)
    if isinstance(a, str) != isinstance(b, str):
        typed, text = (b, a) if isinstance(a, str) else (a, b)
        parse = getattr(type(typed), "parse", None)
        if parse is not None:
            try:
                return bool(typed == parse(text))
            except (ValueSyntaxError, ValueError):
                return False
        return fold(str(typed)) == fold(text)
    if isinstance(a, SnapshotObject) or isinstance(b, SnapshotObject):
        return a is b
    return bool(a == b)


_ORDER = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


def compare(op: str, a: Any, b: Any) -> bool | Unknown:
    if op in ("==", "!="):
        result = equal(a, b)
        return result if isinstance(result, Unknown) or op == "==" else not result
    if isinstance(a, Unknown) or isinstance(b, Unknown):
        return merge(a, b)
    if a is None or b is None:
        raise RuleRuntimeError(f"cannot order a null value ({a!r} {op} {b!r})")
    if isinstance(a, str) and isinstance(b, str):
        a, b = fold(a), fold(b)
    if isinstance(a, datetime) and isinstance(b, date) and not isinstance(b, datetime):
        a = a.date()
    try:
        return bool(_ORDER[op](a, b))
    except TypeError:
        raise RuleRuntimeError(f"cannot compare {type(a).__name__} with {type(b).__name__} using {op}") from None


def _text_set(items: list[Any]) -> frozenset[str] | None:
    """The casefolded items of a list of plain strings; None when an item is anything else."""
    if len(items) < 8:
        return None
    texts: frozenset[str] | None = per_list(
        "texts",
        items,
        lambda values: frozenset(fold(v) for v in values) if all(type(v) is str for v in values) else None,
    )
    return texts


def contains(container: Any, item: Any) -> bool | Unknown:
    """`item in container` for lists (by equality), strings (substring) and mappings (key)."""
    if isinstance(container, Unknown) or isinstance(item, Unknown):
        return merge(container, item)
    if container is None:
        return False
    if isinstance(container, str):
        return fold(str(item)) in fold(container)
    if isinstance(container, dict):
        return fold(str(item)) in {fold(str(k)) for k in container}
    if isinstance(container, list):
        if isinstance(item, str):
            texts = _text_set(container)
            if texts is not None:
                return fold(item) in texts
        pending: list[Any] = []
        for element in container:
            result = equal(item, element)
            if isinstance(result, Unknown):
                pending.append(result)
            elif result:
                return True
        return merge(*pending) if pending else False
    raise RuleRuntimeError(f"'in' needs a list, a string or a mapping on its right, got {type(container).__name__}")


def regex_match(text: Any, pattern: Any) -> bool | Unknown:
    if isinstance(text, Unknown) or isinstance(pattern, Unknown):
        return merge(text, pattern)
    return matches(text, pattern)


def arithmetic(op: str, a: Any, b: Any) -> Any:
    if isinstance(a, Unknown) or isinstance(b, Unknown):
        return merge(a, b)
    try:
        if op == "+":
            return a + b
        if op == "-":
            difference = a - b
            return difference.days if isinstance(difference, timedelta) else difference
        if op == "*":
            return a * b
        return a / b
    except (TypeError, ZeroDivisionError) as exc:
        raise RuleRuntimeError(f"cannot compute {a!r} {op} {b!r}: {exc}") from None


# Attributes of Exchange values, by the name rules use: `space.domain`, `name.issuer.cn`, ...
_VALUE_ATTRIBUTES: dict[str, dict[str, Any]] = {
    "AddressSpace": {
        "type": lambda v: v.address_type,
        "address": lambda v: v.address,
        "cost": lambda v: v.cost,
        "domain": lambda v: str(v.domain) if v.is_smtp else None,
        "include_subdomains": lambda v: v.domain.include_subdomains if v.is_smtp else False,
        "is_smtp": lambda v: v.is_smtp,
    },
    "TlsCertificateName": {"issuer": lambda v: v.issuer, "subject": lambda v: v.subject, "text": str},
    "DistinguishedName": {
        "text": lambda v: v.text,
        "cn": lambda v: v.common_name,
        "common_name": lambda v: v.common_name,
    },
    "SmartHost": {"host": lambda v: v.host, "is_ip_address": lambda v: v.is_ip_address},
    "Binding": {
        "address": lambda v: str(v.address),
        "port": lambda v: v.port,
        "any_address": lambda v: v.is_any_address,
        "version": lambda v: v.address.version,
    },
    "IPRange": {
        "low": lambda v: str(v.low),
        "high": lambda v: str(v.high),
        "form": lambda v: v.form,
        "version": lambda v: v.version,
        "size": lambda v: v.size,
    },
    "DomainCapabilities": {
        "domain": lambda v: v.domain,
        "capabilities": lambda v: list(v.capabilities),
        "certificate": lambda v: v.certificate,
    },
    "ByteSize": {"bytes": lambda v: v.bytes, "unlimited": lambda v: v.is_unlimited},
    "ExchangeVersion": {
        "major": lambda v: v.major,
        "minor": lambda v: v.minor,
        "build": lambda v: v.build,
        "revision": lambda v: v.revision,
        "product": lambda v: v.product,
    },
}
VALUE_ATTRIBUTE_NAMES = {type_name: frozenset(names) for type_name, names in _VALUE_ATTRIBUTES.items()}


def value_attribute(value: Any, name: str) -> Any:
    if value is None:
        return None
    if isinstance(value, Unknown):
        return value
    if isinstance(value, dict):
        for key, item in value.items():
            if fold(str(key)) == fold(name):
                return item
        raise RuleRuntimeError(f"no key {name!r} in {sorted(value)}")
    getters = _VALUE_ATTRIBUTES.get(type(value).__name__)
    if getters is None or name.lower() not in getters:
        known = sorted(getters) if getters else []
        raise RuleRuntimeError(
            f"{type(value).__name__} has no attribute {name!r}" + (f" (it has {', '.join(known)})" if known else "")
        )
    return getters[name.lower()](value)
