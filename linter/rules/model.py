"""Rules as loaded from YAML: their metadata, compiled expressions, templates and tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from linter.findings.model import Area, Category, Severity, Shell
from linter.rules.expressions.scope import Compiled


@dataclass(frozen=True, slots=True)
class Position:
    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(slots=True)
class Template:
    """A message, remediation, expected or actual value with `{expression}` placeholders, compiled once."""

    parts: list[str | Compiled]
    powershell: bool = False  # values go inside PowerShell single quotes: double each quote


@dataclass(frozen=True, slots=True)
class FixSpec:
    """What a rule's remediation changes (`fix:`), for the remediation script's guards and order."""

    action: str  # set, new, remove or manual
    cmdlet: str | None = None
    properties: tuple[str, ...] = ()


@dataclass(slots=True)
class RuleTest:
    name: str
    snapshot: dict[str, list[dict[str, Any]]]
    expect: list[dict[str, Any]]
    as_of: str | None
    position: Position
    object_positions: dict[tuple[str, int], int] = field(default_factory=dict)
    exchange_versions: dict[str, str] = field(default_factory=dict)
    cloud: str | None = None  # as snapshot.yaml's cloud:


@dataclass(slots=True)
class Rule:
    id: str
    title: str
    severity: Severity
    category: Category
    area: Area
    kind: str
    side: str | None
    check: Compiled
    message: Template
    remediation: Template
    rationale: str
    references: list[str]
    status: str
    source: Position
    when: Compiled | None = None
    expected: Template | None = None
    actual: Template | None = None
    property_name: str | None = None
    exchange_versions: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    tests: list[RuleTest] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict, repr=False)
    definitions: dict[str, Compiled] = field(default_factory=dict, repr=False)  # `let:`, in order
    # (kind, side or None) its expressions look up by a literal kind: exports it needs besides its own kind
    reads: set[tuple[str, str | None]] = field(default_factory=set)
    remediation_shell: Shell | None = None  # where the fix runs, when not on the object's side
    explained_by: list[str] = field(default_factory=list)  # rule ids whose findings explain this one's
    fix: FixSpec | None = None  # what the remediation changes, for `hybridlint fix`
