"""What rule expressions are compiled against: scopes and static types, and the run-time `Env`.

The compiler (`compiler.py`) turns parse trees into closures; this module holds what both sides of
that share: the names an expression may use (facts, object metadata, `let:` definitions,
variables), what is known of a value's type at compile time, and the environment a compiled
expression runs in.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from linter.rules.expressions.context import CLOUD_FACTS, EvaluationContext
from linter.snapshot.model import SnapshotObject
from linter.snapshot.property_types import property_types

FACTS = (
    "hybrid",
    "hybrid_configured",
    *CLOUD_FACTS,
    "coexistence_suffixes",
    "initial_suffixes",
    "eop_tls_names",
    "eop_host_suffixes",
    "hybrid_domains",
    "hcw_connector_names",
    "sending_servers",
    "receiving_servers",
    "edge_servers",
    "hybrid_transport_servers",
    "server_versions",
    "exchange_2010_present",
    "exchange_2003_present",
    "has_exchange_online",
    "has_on_premises",
)
META = ("kind", "side", "identity", "server")
_ITEM_TYPES = {
    "ipRanges": "IPRange",
    "addressSpaces": "AddressSpace",
    "smartHosts": "SmartHost",
    "bindings": "Binding",
    "domainCapabilitiesList": "DomainCapabilities",
}
_VALUE_TYPES = {"tlsCertificateName": "TlsCertificateName", "byteSize": "ByteSize", "serverVersion": "ExchangeVersion"}


class Env:
    __slots__ = ("context", "defined", "definitions", "this", "variables")

    def __init__(
        self, context: EvaluationContext, this: SnapshotObject | None, definitions: dict[str, Compiled] | None = None
    ) -> None:
        self.context = context
        self.this = this
        self.variables: dict[str, Any] = {}
        self.definitions = definitions or {}
        self.defined: dict[str, Any] = {}

    def definition(self, name: str) -> Any:
        """A rule's `let:` value for this object: computed on first use, then shared by every field."""
        if name not in self.defined:
            self.defined[name] = self.definitions[name](self)
        return self.defined[name]


Compiled = Callable[[Env], Any]


class CompileError(ValueError):
    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


@dataclass(frozen=True)
class StaticType:
    """What the compiler knows of a value: an object of a kind, a list of them, an Exchange value type."""

    shape: str  # "object", "objects", "value", "values", "facts", "other"
    name: str = ""

    @property
    def item(self) -> StaticType:
        if self.shape == "objects":
            return StaticType("object", self.name)
        if self.shape == "values":
            return StaticType("value", self.name)
        return OTHER


OTHER = StaticType("other")


@dataclass
class Scope:
    kind: str | None
    variables: dict[str, StaticType] = field(default_factory=dict)
    definitions: dict[str, StaticType] = field(default_factory=dict)  # the rule's `let:` names

    def with_variable(self, name: str, kind: StaticType) -> Scope:
        return Scope(self.kind, {**self.variables, name: kind}, self.definitions)


def position_of(tree: Any) -> tuple[int, int]:
    meta = getattr(tree, "meta", None)
    line = getattr(meta, "line", None) or getattr(tree, "line", None) or 1
    column = getattr(meta, "column", None) or getattr(tree, "column", None) or 1
    return int(line), int(column)


def suggestion(name: str, candidates: list[str]) -> str:
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    if not close:
        close = [c for c in candidates if c.lower() == name.lower()]
    return f"; did you mean '{close[0]}'?" if close else ""


def property_type(kind: str, name: str) -> StaticType:
    spec = property_types(kind).get(name)
    if spec is None:
        return OTHER
    if spec.value_type in _ITEM_TYPES:
        return StaticType("values", _ITEM_TYPES[spec.value_type])
    if spec.value_type in _VALUE_TYPES:
        return StaticType("value", _VALUE_TYPES[spec.value_type])
    return OTHER


@cache
def kind_properties(kind: str) -> tuple[str, ...]:
    from linter.support.resources import load_schema

    return tuple(load_schema(f"kinds/{kind}.schema.json").get("properties", {}))
