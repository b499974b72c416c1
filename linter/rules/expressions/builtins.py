"""Built-in functions of the rule language (the reference is docs/rules.md).

Every function is a function of its evaluated arguments and of the run (the snapshot and the date,
through the context), never of the object under check: the compiler relies on that to compute a
call whose arguments do not depend on the object once per run (hoisting).

Unless it is listed in `SEES_UNKNOWN`, an `Unknown` argument makes the result `Unknown` before the
function runs, so no function has to handle it.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from linter.rules.expressions.context import EvaluationContext, server_key
from linter.rules.expressions.formatting import FORMAT_FUNCTIONS
from linter.rules.expressions.runtime import RuleRuntimeError, matches, per_list
from linter.rules.expressions.text import as_text, fold, join_for_people, plain, ps_list
from linter.rules.expressions.unknown import MISSING, NO_FIX, TRUNCATED, UNREADABLE, Unknown, merge, unknown
from linter.snapshot.model import InvalidValue, SnapshotObject, TruncatedValue
from linter.values import ValueSyntaxError
from linter.values.domain import is_subdomain_of, tls_name_matches
from linter.values.ip import IPRange
from linter.values.x500 import TlsCertificateName

if TYPE_CHECKING:
    from linter.datasets.eop_ranges import EopDataset

Builtin = Callable[..., Any]


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


def _names(cert: Any) -> tuple[list[str], bool]:
    """(the names a certificate answers to, whether that list is complete): its CertificateDomains
    and the subject's CN. Incomplete when the export lacks CertificateDomains or cut it short."""
    if not isinstance(cert, SnapshotObject):
        return [str(n) for n in (cert if isinstance(cert, list) else [cert]) if n is not None], True
    raw = cert.get("CertificateDomains")
    items = raw if isinstance(raw, list) else [raw]
    complete = "CertificateDomains" in cert.properties and not any(
        isinstance(item, (TruncatedValue, InvalidValue)) for item in items
    )
    names = [str(n) for n in items if n is not None and not isinstance(n, (TruncatedValue, InvalidValue))]
    for part in str(cert.get("Subject") or "").split(","):
        key, _, value = part.strip().partition("=")
        if key.upper() == "CN" and value and value not in names:
            names.append(value)
    return names, complete


def certificate_names(cert: Any) -> list[str] | Unknown:
    """The DNS names a certificate answers to; Unknown when the export lacks some of them."""
    names, complete = _names(cert)
    if not complete:
        return unknown(f"ExchangeCertificate '{cert.identity}': CertificateDomains is not in the export, or cut short")
    return names


def name_covered(cert: Any, host: Any) -> bool | Unknown:
    """Whether a certificate (or a list of names) covers `host` as TLS clients check it. A match on
    the names known is a match; no match is Unknown when some names are not in the export."""
    items = cert if isinstance(cert, list) and all(isinstance(c, SnapshotObject) for c in cert) else [cert]
    incomplete: list[str] = []
    for item in items:
        names, complete = _names(item)
        if any(tls_name_matches(name, plain(host)) for name in names):
            return True
        if not complete:
            incomplete.append(str(item.identity))
    if incomplete:
        return unknown(f"the names of certificate(s) {', '.join(incomplete)} are not in the export, or cut short")
    return False


def tls_name(value: Any) -> TlsCertificateName:
    if isinstance(value, TlsCertificateName):
        return value
    try:
        return TlsCertificateName.parse(plain(value))
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


def _folded_set(values: Any) -> dict[Any, Any]:
    items = values if isinstance(values, list) else ([] if values is None else [values])
    return {fold(str(v)): v for v in items}


def domain_under_any(domain: Any, parents: Any) -> bool:
    """Whether `domain` is one of `parents` or under one of them: a lookup per label, not per parent."""
    items = parents if isinstance(parents, list) else [parents]
    names = per_list(
        "domains", items, lambda values: frozenset(fold(plain(p).strip().rstrip(".")) for p in values if p is not None)
    )
    labels = fold(plain(domain).strip().rstrip(".")).split(".")
    return any(".".join(labels[i:]) in names for i in range(len(labels)))


def _set_operation(kind: str) -> Builtin:
    def operation(a: Any, b: Any) -> list[Any]:
        left, right = _folded_set(a), _folded_set(b)
        if kind == "union":
            merged = dict(left)
            for key, value in right.items():
                merged.setdefault(key, value)
            return list(merged.values())
        if kind == "intersection":
            return [v for k, v in left.items() if k in right]
        return [v for k, v in left.items() if k not in right]

    return operation


def _ps_list(items: Any) -> Any:
    """ps_list, unknown when any item is: a list with a value the export lacks is no command."""
    values = items if isinstance(items, list) else [items]
    missing = [v for v in values if isinstance(v, Unknown)]
    return merge(*missing) if missing else ps_list(values)


def _parent_domains(domain: Any) -> list[str]:
    """The domains above `domain`: sub.contoso.com -> contoso.com, com. With find() they look up
    wildcard entries (*.contoso.com) by index instead of testing every entry against the domain."""
    labels = fold(plain(domain).strip().rstrip(".")).split(".")
    return [".".join(labels[i:]) for i in range(1, len(labels))]


def _minutes(span: Any) -> float:
    """A time span (MessageRetryInterval 00:10:00) in minutes, to compare with a number."""
    if not isinstance(span, timedelta):
        raise RuleRuntimeError(f"minutes() needs a time span, got {as_text(span)!r}")
    return span.total_seconds() / 60


def exchange_build(version: Any) -> dict[str, Any] | Unknown:
    """What the dated Exchange build list says about a server's build (linter/datasets/exchange_builds.py):
    product, end_of_support, level (its CU), level_released, latest_level, previous_level,
    level_is_current (the latest CU or the one before), latest_update, latest_update_build,
    up_to_date, list_as_of. Unknown when the build is not one the list knows."""
    from linter.datasets.exchange_builds import describe
    from linter.values.version import ExchangeVersion

    if not isinstance(version, ExchangeVersion):
        try:
            version = ExchangeVersion.parse(plain(version))
        except ValueSyntaxError:
            return unknown(f"{as_text(version)} is not an Exchange build")
    info = describe(version)
    if info is None:
        return unknown(f"the Exchange build list does not know {version.major}.{version.minor}.{version.build}")
    return {
        "product": info.product,
        "end_of_support": info.end_of_support,
        "level": info.level,
        "level_released": info.level_released,
        "latest_level": info.latest_level,
        "previous_level": info.previous_level,
        "level_is_current": info.level_is_current,
        "latest_update": info.latest_update,
        "latest_update_build": ".".join(
            str(n)
            for n in (
                info.latest_update_build.major,
                info.latest_update_build.minor,
                info.latest_update_build.build,
                info.latest_update_build.revision,
            )
        ),
        "up_to_date": info.up_to_date,
        "list_as_of": info.list_as_of,
    }


def eop_ranges(context: EvaluationContext) -> list[IPRange] | Unknown:
    """Exchange Online Protection's current SMTP ranges for the tenant's cloud (its endpoints
    instance). Unknown when the snapshot does not tell the instance, or hybridlint has no ranges for
    it (21Vianet until imported): the checks that need them are then inconclusive, never wrong."""
    dataset = _eop_dataset(context)
    return dataset if isinstance(dataset, Unknown) else [IPRange.parse(r) for r in dataset.ranges]


def eop_retired_ranges(context: EvaluationContext) -> list[IPRange] | Unknown:
    dataset = _eop_dataset(context)
    return dataset if isinstance(dataset, Unknown) else [IPRange.parse(r.range) for r in dataset.retired]


def _eop_dataset(context: EvaluationContext) -> EopDataset | Unknown:
    from linter.datasets.eop_ranges import dataset

    instance = context.facts["eop_instance"]
    if isinstance(instance, Unknown):
        return instance
    found = dataset(str(instance))
    if found is None:
        return unknown(
            f"hybridlint ships no EOP address ranges for the {instance} instance: download its endpoints JSON "
            "and run 'hybridlint eop-ranges import FILE'"
        )
    context.eop_ranges_used = True  # the dataset's age matters to this run: reports say so
    return found


def server_objects(context: EvaluationContext, kind: Any, server: Any) -> list[SnapshotObject] | Unknown:
    """The objects of `kind` exported for `server`; Unknown when the snapshot has none of that server's
    (every Exchange server has certificates and receive connectors: none means not exported)."""
    found = context.find(str(kind), "server", server)
    if isinstance(found, Unknown):
        return found
    if not found:
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
    "eop_ranges": eop_ranges,
    "eop_retired_ranges": eop_retired_ranges,
}

FUNCTIONS: dict[str, Builtin] = {
    "len": _size,
    "lower": lambda s: plain(s).lower(),
    "upper": lambda s: plain(s).upper(),
    "trim": lambda s: plain(s).strip(),
    "startswith": lambda s, p: fold(plain(s)).startswith(fold(plain(p))),
    "endswith": lambda s, p: fold(plain(s)).endswith(fold(plain(p))),
    "split": lambda s, sep: [part.strip() for part in plain(s).split(plain(sep))],
    "ps_list": _ps_list,
    "join": lambda items, sep: join_for_people(items, plain(sep)),
    "text": as_text,
    "matches": matches,
    "union": _set_operation("union"),
    "intersection": _set_operation("intersection"),
    "difference": _set_operation("difference"),
    "unique": lambda items: list(_folded_set(items).values()),
    "first": lambda items: (items or [None])[0] if isinstance(items, list) else items,
    "is_empty": lambda v: v is None or v == [] or v == "",
    "no_fix": lambda advice: unknown(plain(advice), NO_FIX),
    "minutes": _minutes,
    "exchange_build": exchange_build,
    "trim_star": lambda d: plain(d)[2:] if plain(d).startswith("*.") else plain(d),
    "ranges_cover": ranges_cover,
    "ranges_missing": ranges_missing,
    "ranges_extra": ranges_extra,
    "ranges_overlapping": ranges_overlapping,
    "ip_range": lambda text: _as_ranges(text)[0],
    "name_covered": name_covered,
    "certificate_names": certificate_names,
    "domain_under": lambda d, parent: is_subdomain_of(plain(d), plain(parent)),
    "domain_under_any": domain_under_any,
    "parent_domains": _parent_domains,
    "tls_name": tls_name,
    "certificate_named": certificate_named,
    "same_server": lambda a, b: server_key(a) == server_key(b),
    **FORMAT_FUNCTIONS,
}

# Functions that look at Unknown themselves instead of becoming Unknown.
SEES_UNKNOWN: dict[str, Builtin] = {
    "known": lambda v: not isinstance(v, Unknown),
    "is_truncated": lambda v: isinstance(v, Unknown) and v.cause == TRUNCATED,
    "is_unreadable": lambda v: isinstance(v, Unknown) and v.cause == UNREADABLE,
    "default": lambda v, fallback: fallback if isinstance(v, Unknown) and v.cause == MISSING else v,
    # The fallback matters only when the value is known and empty: an unknown fallback (no_fix)
    # must not make a known value unknown.
    "if_empty": lambda v, fallback: fallback if v is None or v == [] or v == "" else v,
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
