"""Run rules over a snapshot: one evaluation per rule and object of the rule's kind."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from linter.findings.model import Finding, Outcome, Severity, Shell
from linter.rules.expressions.context import EvaluationContext, server_key
from linter.rules.expressions.runtime import RuleRuntimeError
from linter.rules.expressions.scope import Env
from linter.rules.expressions.text import PowerShellCode, as_text, ps_quoted_text, unsafe_in_powershell
from linter.rules.expressions.unknown import NO_FIX, Unknown, truth
from linter.rules.model import Rule, Template
from linter.snapshot.model import EXCHANGE_ONLINE, Snapshot, SnapshotObject
from linter.values.version import ExchangeVersion

# Errors a rule can raise on data it did not expect; each becomes an `input` finding.
_RULE_ERRORS = (RuleRuntimeError, TypeError, ValueError, KeyError, IndexError, AttributeError, RecursionError)


def lint(
    snapshot: Snapshot,
    rules: list[Rule],
    as_of: date,
    disabled: frozenset[str] = frozenset(),
    checked: list[tuple[str, SnapshotObject]] | None = None,
    context: EvaluationContext | None = None,
) -> list[Finding]:
    """The findings, sorted. `checked`, when given, receives every (rule id, object) the rule applied to.
    `context`, when given, is the caller's context of this snapshot, so its facts are derived once."""
    context = context if context is not None else EvaluationContext(snapshot, as_of)
    known: dict[str, ExchangeVersion] = context.facts["server_versions"]
    all_labels = frozenset().union(*(_version_labels(v) for v in known.values()))
    findings: list[Finding] = []
    for rule in rules:
        if rule.id in disabled or disabled.intersection(rule.aliases):
            continue
        for obj in context.present(rule.kind, rule.side):
            if not _version_applies(rule, obj, known, all_labels):
                continue
            finding = evaluate(rule, obj, context, checked)
            if finding is not None:
                findings.append(finding)
    return sorted(findings, key=Finding.sort_key)


def evaluate(
    rule: Rule, obj: SnapshotObject, context: EvaluationContext, checked: list[tuple[str, SnapshotObject]] | None = None
) -> Finding | None:
    env = Env(context, obj, rule.definitions)
    try:
        if rule.when is not None:
            applies = truth(rule.when(env))
            if applies is False:
                return None
            if checked is not None:
                checked.append((rule.id, obj))
            if isinstance(applies, Unknown):
                return _inconclusive(rule, obj, env, applies)
        elif checked is not None:
            checked.append((rule.id, obj))
        result = truth(rule.check(env))
        if result is True:
            return None
        if isinstance(result, Unknown):
            return _inconclusive(rule, obj, env, result)
        return _finding(rule, obj, env, "fail", rule.severity, render(rule.message, env), [])
    except _RULE_ERRORS as exc:
        message = f"rule {rule.id} could not be evaluated on {obj.kind} '{obj.identity}': {exc}"
        finding = _finding(rule, obj, env, "error", "warning", message, [], with_values=False)
        finding.category = "input"
        return finding


def _inconclusive(rule: Rule, obj: SnapshotObject, env: Env, unknown: Unknown) -> Finding:
    missing = list(unknown.reasons)
    message = f"{rule.title}: inconclusive, the export does not tell: " + "; ".join(missing)
    return _finding(rule, obj, env, "inconclusive", "info", message, missing)


def _finding(
    rule: Rule,
    obj: SnapshotObject,
    env: Env,
    outcome: Outcome,
    severity: Severity,
    message: str,
    missing: list[str],
    with_values: bool = True,
) -> Finding:
    expected = _shown(rule.expected, env) if with_values else None
    actual = _shown(rule.actual, env) if with_values else None
    remediation = _safe_render(rule.remediation, env) if outcome == "fail" else None
    return Finding(
        rule_id=rule.id,
        title=rule.title,
        severity=severity,
        category=rule.category,
        kind=obj.kind,
        side=obj.side,
        identity=obj.identity,
        server=obj.server,
        message=message,
        expected=expected,
        actual=actual,
        remediation=remediation,
        references=list(rule.references),
        file=obj.source.file,
        line=obj.source.line,
        outcome=outcome,
        property_name=rule.property_name,
        missing=missing,
        shell=_shell(rule, obj) if remediation else None,
    )


def _shell(rule: Rule, obj: SnapshotObject) -> Shell:
    if rule.remediation_shell is not None:
        return rule.remediation_shell
    return "exchange-online-powershell" if obj.side == EXCHANGE_ONLINE else "exchange-management-shell"


def _shown(template: Template | None, env: Env) -> str | None:
    if template is None:
        return None
    try:
        return render(template, env)
    except _RULE_ERRORS as exc:
        return f"(could not be computed: {exc})"


_LINE_BREAKS = re.compile("[\\x00-\\x1f\\x7f\\x85\\u2028\\u2029]+")


class _NoValueForFix(Exception):
    """A fix's placeholder has no value: the export lacks it, or holds null; or the rule says, with
    no_fix(advice), that there is nothing safe to run."""

    def __init__(self, reasons: list[str], advice: bool = False) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons
        self.advice = advice


def _safe_render(template: Template, env: Env) -> str | None:
    """The fix, or a PowerShell comment saying why it cannot be written: a value the fix needs is
    never printed as `(unknown ...)` or expanded to `$null` in a command someone may paste."""
    try:
        return render(template, env) or None
    except _NoValueForFix as exc:
        reasons = [_one_line(reason) for reason in exc.reasons]
        if exc.advice:
            return "\n".join("# " + reason for reason in reasons)
        return (
            "# No fix can be written from this export: "
            + "; ".join(reasons)
            + ".\n# Re-export the objects named above with every property, then lint again."
        )
    except _RULE_ERRORS as exc:
        return f"# No fix can be written: the rule could not compute it ({_one_line(str(exc))})."


def _one_line(text: str) -> str:
    """`text` for a comment line: a line break in an export's value must not end the comment."""
    return " ".join(_LINE_BREAKS.split(text))


def render(template: Template, env: Env) -> str:
    out = []
    for part in template.parts:
        if isinstance(part, str):
            out.append(part)
            continue
        value = part(env)
        if template.powershell and isinstance(value, Unknown) and value.cause == NO_FIX:
            raise _NoValueForFix(list(value.reasons), advice=True)
        if template.powershell and (value is None or isinstance(value, Unknown)):
            raise _NoValueForFix(list(value.reasons) if isinstance(value, Unknown) else ["a value it needs is empty"])
        text = as_text(value)
        if template.powershell and unsafe_in_powershell(text):
            raise _NoValueForFix(["a value it needs holds a line break or another control character"])
        quoted = template.powershell and not isinstance(value, PowerShellCode)
        out.append(ps_quoted_text(text) if quoted else text)
    return "".join(out)


def _version_applies(
    rule: Rule, obj: SnapshotObject, known: dict[str, ExchangeVersion], all_labels: frozenset[str]
) -> bool:
    if not rule.exchange_versions:
        return True
    if obj.side == EXCHANGE_ONLINE:
        return "EXO" in rule.exchange_versions
    labels = _object_labels(obj, known, all_labels)
    if not labels:
        return True  # unknown version (or only pre-2010 servers known): check rather than skip
    return bool(labels & set(rule.exchange_versions))


def _object_labels(
    obj: SnapshotObject, known: dict[str, ExchangeVersion], all_labels: frozenset[str]
) -> frozenset[str]:
    """The versions an object belongs to: its server's, its source servers', or (no server) the organisation's."""
    servers: list[Any] = []
    if obj.server:
        servers = [obj.server]
    elif isinstance(obj.get("SourceTransportServers"), list):
        servers = obj.get("SourceTransportServers")
    found = [known[server_key(s)] for s in servers if server_key(s) in known]
    if found:
        return frozenset().union(*(_version_labels(v) for v in found))
    return frozenset() if servers else all_labels


def _version_labels(version: ExchangeVersion) -> set[str]:
    # Subscription Edition shares 2019's 15.2 line and is treated like it (hybrid-facts.md 0).
    if version.major == 14:
        return {"2010"}
    if version.major == 15 and version.minor in (0, 1):
        return {"2013"} if version.minor == 0 else {"2016"}
    if version.major == 15:
        return {"2019", "SE"}
    return set()  # Exchange 2003/2007 servers in the inventory: no rule targets them
