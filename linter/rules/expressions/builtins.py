"""Built-in functions of the rule language (the reference is docs/rules.md).

Each function takes evaluated arguments. Unless it is listed in `SEES_UNKNOWN`, an `Unknown`
argument makes the result `Unknown` before the function runs, so no function has to handle it.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from linter.rules.expressions.context import EvaluationContext, server_key
from linter.rules.expressions.unknown import MISSING, TRUNCATED, UNREADABLE, Unknown
from linter.snapshot.model import SnapshotObject
from linter.values import ValueSyntaxError
from linter.values.domain import is_subdomain_of, tls_name_matches
from linter.values.ip import IPRange
from linter.values.x500 import TlsCertificateName

Builtin = Callable[..., Any]
MAX_PATTERN = 1000


class RuleRuntimeError(Exception):
    """A rule asked for something impossible (wrong argument type, bad pattern): reported, never raised."""


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def as_text(value: Any) -> str:
    """A value as a consultant reads it in PowerShell: $null, $true and $false, not None/True/False."""
    if value is None:
        return "$null"
    if isinstance(value, bool):
        return "$true" if value else "$false"
    return str(value)


LISTED_AT_MOST = 25


def join_for_people(items: Any, separator: str) -> str:
    """Items for a message: the first LISTED_AT_MOST, then how many more.

    A finding about one of N look-alike objects that listed all the others would make a report
    grow with N squared; ps_list() is the complete list, for fixes.
    """
    values = [_text(item) for item in (items or [])]
    if len(values) <= LISTED_AT_MOST:
        return separator.join(values)
    return separator.join(values[:LISTED_AT_MOST]) + f"{separator}... and {len(values) - LISTED_AT_MOST} more"


class PowerShellCode(str):
    """Text already written as PowerShell; a remediation inserts it without doubling its quotes."""


def ps_list(items: Any) -> PowerShellCode:
    """A PowerShell list of single-quoted strings, each value's quotes doubled: 'a','b'."""
    values = items if isinstance(items, list) else [items]
    return PowerShellCode(",".join("'" + _text(v).replace("'", "''") + "'" for v in values))


@lru_cache(maxsize=256)
def compiled_pattern(pattern: str) -> Any:
    """A case-insensitive RE2 pattern: linear-time matching whatever the input (no backtracking)."""
    import re2

    if len(pattern) > MAX_PATTERN:
        raise RuleRuntimeError(f"regular expression longer than {MAX_PATTERN} characters")
    options = re2.Options()
    options.case_sensitive = False
    options.max_mem = 8 << 20
    try:
        return re2.compile(pattern, options)
    except re2.error as exc:
        raise RuleRuntimeError(f"invalid regular expression {pattern!r}: {exc}") from None


def matches(text: Any, pattern: Any) -> bool:
    if isinstance(text, list):
        return any(matches(item, pattern) for item in text)
    return compiled_pattern(_text(pattern)).search(_text(text)) is not None


def _as_ranges(value: Any) -> list[IPRange]:
    items = value if isinstance(value, list) else [value]
    ranges = []
    for item in items:
        if isinstance(item, IPRange):
            ranges.append(item)
        elif item is not None:
            try:
                ranges.append(IPRange.parse(str(item)))
            except ValueSyntaxError as exc:
                raise RuleRuntimeError(str(exc)) from None
    return ranges


def ranges_cover(ranges: Any, target: Any) -> bool:
    """Whether the union of `ranges` contains every address of every range in `target`."""
    pool = _as_ranges(ranges)
    return all(_covered(t, pool) for t in _as_ranges(target))


def _covered(target: IPRange, pool: list[IPRange]) -> bool:
    low, high = int(target.low), int(target.high)
    for candidate in sorted((r for r in pool if r.version == target.version), key=lambda r: int(r.low)):
        if int(candidate.low) > low:
            return False
        if int(candidate.high) >= low:
            low = int(candidate.high) + 1
            if low > high:
                return True
    return low > high


def ranges_missing(actual: Any, expected: Any) -> list[IPRange]:
    """Ranges of `expected` that `actual` does not fully cover."""
    pool = _as_ranges(actual)
    return [r for r in _as_ranges(expected) if not _covered(r, pool)]


def ranges_extra(actual: Any, allowed: Any) -> list[IPRange]:
    """Ranges of `actual` that are not inside `allowed`."""
    pool = _as_ranges(allowed)
    return [r for r in _as_ranges(actual) if not _covered(r, pool)]


def ranges_overlapping(actual: Any, other: Any) -> list[IPRange]:
    """Ranges of `actual` that share at least one address with `other`."""
    pool = _as_ranges(other)
    return [r for r in _as_ranges(actual) if any(r.overlaps(p) for p in pool)]


def certificate_names(cert: Any) -> list[str]:
    if isinstance(cert, SnapshotObject):
        names = list(cert.get("CertificateDomains") or [])
        subject = str(cert.get("Subject") or "")
        for part in subject.split(","):
            key, _, value = part.strip().partition("=")
            if key.upper() == "CN" and value and value not in names:
                names.append(value)
        return [str(n) for n in names]
    return [str(n) for n in (cert if isinstance(cert, list) else [cert]) if n is not None]


def name_covered(cert: Any, host: Any) -> bool:
    """Whether a certificate (or a list of names) covers `host` as TLS clients check it."""
    items = cert if isinstance(cert, list) and all(isinstance(c, SnapshotObject) for c in cert) else [cert]
    return any(tls_name_matches(name, _text(host)) for item in items for name in certificate_names(item))


def tls_name(value: Any) -> TlsCertificateName:
    if isinstance(value, TlsCertificateName):
        return value
    try:
        return TlsCertificateName.parse(_text(value))
    except ValueSyntaxError as exc:
        raise RuleRuntimeError(str(exc)) from None


def certificate_named(cert: Any, name: Any) -> bool:
    """Whether certificate `cert` is the one `<I>issuer<S>subject` names (names compared as X.500 names)."""
    if not isinstance(cert, SnapshotObject):
        raise RuleRuntimeError(f"certificate_named needs a certificate, got {type(cert).__name__}")
    issuer, subject = cert.get("Issuer"), cert.get("Subject")
    if not isinstance(issuer, str) or not isinstance(subject, str):
        return False
    try:
        return tls_name(name).matches(issuer, subject)
    except ValueSyntaxError:
        return False


def days_until(context: EvaluationContext, moment: Any) -> int:
    if isinstance(moment, datetime):
        return (moment.date() - context.as_of).days
    if isinstance(moment, date):
        return (moment - context.as_of).days
    raise RuleRuntimeError(f"days_until needs a date, got {type(moment).__name__}")


def _size(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, (list, str, dict)):
        return len(value)
    raise RuleRuntimeError(f"len needs a list or a string, got {type(value).__name__}")


def _lower_set(values: Any) -> dict[Any, Any]:
    items = values if isinstance(values, list) else ([] if values is None else [values])
    return {(v.lower() if isinstance(v, str) else str(v).lower()): v for v in items}


# A list looked up again and again is usually one value computed once per run (a hoisted
# subexpression): its lookup structure is built once and kept while that very list is alive (the
# entry holds the list, so its id cannot be reused by another one).
_per_list: dict[tuple[str, int], tuple[list[Any], Any]] = {}


def per_list(purpose: str, items: list[Any], build: Callable[[list[Any]], Any]) -> Any:
    """`build(items)`, remembered for this very list object."""
    key = (purpose, id(items))
    entry = _per_list.get(key)
    if entry is None or entry[0] is not items:
        if len(_per_list) > 256:
            _per_list.clear()
        entry = (items, build(items))
        _per_list[key] = entry
    return entry[1]


def domain_under_any(domain: Any, parents: Any) -> bool:
    """Whether `domain` is one of `parents` or under one of them: a lookup per label, not per parent."""
    items = parents if isinstance(parents, list) else [parents]
    names = per_list("domains", items, lambda values: frozenset(
        _text(p).strip().rstrip(".").lower() for p in values if p is not None))
    labels = _text(domain).strip().rstrip(".").lower().split(".")
    return any(".".join(labels[i:]) in names for i in range(len(labels)))


def _set_operation(kind: str) -> Builtin:
    def operation(a: Any, b: Any) -> list[Any]:
        left, right = _lower_set(a), _lower_set(b)
        if kind == "union":
            merged = dict(left)
            for key, value in right.items():
                merged.setdefault(key, value)
            return list(merged.values())
        if kind == "intersection":
            return [v for k, v in left.items() if k in right]
        return [v for k, v in left.items() if k not in right]

    return operation


def eop_ranges() -> list[IPRange]:
    return list(_eop_ranges())


def eop_retired_ranges() -> list[IPRange]:
    return list(_eop_retired())


def _eop_ranges() -> tuple[IPRange, ...]:
    from linter.datasets.eop_ranges import dataset

    return tuple(IPRange.parse(r) for r in dataset()["ranges"])


def _eop_retired() -> tuple[IPRange, ...]:
    from linter.datasets.eop_ranges import dataset

    return tuple(IPRange.parse(r["range"]) for r in dataset()["previously_published_in_set_10_now_removed"])


def server_objects(context: EvaluationContext, kind: Any, server: Any) -> list[SnapshotObject] | Unknown:
    """The objects of `kind` exported for `server`; Unknown when the snapshot has none of that server's
    (every Exchange server has certificates and receive connectors: none means not exported)."""
    found = context.find(str(kind), "server", server)
    if isinstance(found, Unknown):
        return found
    if not found:
        from linter.rules.expressions.unknown import unknown

        return unknown(f"no Get-{kind} export for server {server}")
    return found


# Functions of the context (the first argument is given by the engine, not by the rule).
CONTEXT_FUNCTIONS: dict[str, Builtin] = {
    "objects": lambda ctx, kind, side=None: ctx.objects(str(kind), side),
    "find": lambda ctx, kind, name, value: ctx.find(str(kind), str(name), value),
    "certificates": lambda ctx, name: ctx.certificates(tls_name(name)),
    "days_until": days_until,
    "server_version": lambda ctx, server: ctx.facts["server_versions"].get(server_key(server)),
    "server_objects": server_objects,
}

FUNCTIONS: dict[str, Builtin] = {
    "len": _size,
    "lower": lambda s: _text(s).lower(),
    "upper": lambda s: _text(s).upper(),
    "trim": lambda s: _text(s).strip(),
    "startswith": lambda s, p: _text(s).lower().startswith(_text(p).lower()),
    "endswith": lambda s, p: _text(s).lower().endswith(_text(p).lower()),
    "split": lambda s, sep: [part.strip() for part in _text(s).split(_text(sep))],
    "ps_list": ps_list,
    "join": lambda items, sep: join_for_people(items, _text(sep)),
    "text": as_text,
    "matches": matches,
    "union": _set_operation("union"),
    "intersection": _set_operation("intersection"),
    "difference": _set_operation("difference"),
    "unique": lambda items: list(_lower_set(items).values()),
    "first": lambda items: (items or [None])[0] if isinstance(items, list) else items,
    "is_empty": lambda v: v is None or v == [] or v == "",
    "if_empty": lambda v, fallback: fallback if v is None or v == [] or v == "" else v,
    "trim_star": lambda d: _text(d)[2:] if _text(d).startswith("*.") else _text(d),
    "ranges_cover": ranges_cover,
    "ranges_missing": ranges_missing,
    "ranges_extra": ranges_extra,
    "ranges_overlapping": ranges_overlapping,
    "ip_range": lambda text: _as_ranges(text)[0],
    "name_covered": name_covered,
    "certificate_names": certificate_names,
    "domain_under": lambda d, parent: is_subdomain_of(_text(d), _text(parent)),
    "domain_under_any": domain_under_any,
    "tls_name": tls_name,
    "certificate_named": certificate_named,
    "same_server": lambda a, b: server_key(a) == server_key(b),
    "eop_ranges": eop_ranges,
    "eop_retired_ranges": eop_retired_ranges,
}

# Functions that look at Unknown themselves instead of becoming Unknown.
SEES_UNKNOWN: dict[str, Builtin] = {
    "known": lambda v: not isinstance(v, Unknown),
    "is_truncated": lambda v: isinstance(v, Unknown) and v.cause == TRUNCATED,
    "is_unreadable": lambda v: isinstance(v, Unknown) and v.cause == UNREADABLE,
    "default": lambda v, fallback: fallback if isinstance(v, Unknown) and v.cause == MISSING else v,
}

def _arity(function: Builtin, skip: int) -> tuple[int, int]:
    parameters = list(inspect.signature(function).parameters.values())[skip:]
    required = sum(1 for p in parameters if p.default is inspect.Parameter.empty)
    return required, len(parameters)


# How many arguments each function takes, read from its signature (context functions less the context).
ARITY: dict[str, tuple[int, int]] = {
    **{name: _arity(f, 1) for name, f in CONTEXT_FUNCTIONS.items()},
    **{name: _arity(f, 0) for name, f in FUNCTIONS.items()},
    **{name: _arity(f, 0) for name, f in SEES_UNKNOWN.items()},
}
