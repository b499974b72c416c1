"""Load rule files: YAML with positions (ruamel.yaml), the rule schema, compiled expressions.

Every problem is an `InputError` at `file:line:col`: a YAML error, a schema violation (at the
offending key), an expression that does not parse or names a property its kind does not have
(at the character inside the expression), a duplicate id.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from linter.rules import rule_cache
from linter.rules.expressions.compiler import compile_expression, compile_typed
from linter.rules.expressions.grammar import KEYWORDS
from linter.rules.expressions.lookups import looked_up_kinds
from linter.rules.expressions.scope import META, OTHER, Compiled, CompileError, StaticType
from linter.rules.model import FixSpec, Position, Rule, RuleTest
from linter.rules.rule_fields import compile_field, compile_template, invalid
from linter.rules.rule_source import RuleSource
from linter.snapshot.property_types import property_types
from linter.support.errors import InputError
from linter.support.userfiles import parse_yaml, plain_data, read_user_text, schema_problems

# Names an expression already gives a meaning to; a `let:` name must not hide them.
_RESERVED_NAMES = frozenset({"facts", "object", "today", *META})

MAX_RULE_BYTES = 1024 * 1024  # a rule is a page of YAML; anything near this is not a rule


def rule_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def load_rule_file(path: Path) -> Rule:
    text = read_user_text(path, MAX_RULE_BYTES, "rule file")
    source = RuleSource(str(path), text)
    cached = rule_cache.get(text)
    if cached is not None:
        # Compiled without error when it was cached: every expression but the `let:` names (whose
        # types the others need) is compiled when first used. Rules for kinds the snapshot lacks,
        # and the message, fix, expected and actual of rules that do not fire, never are.
        return _build(source, cached["rule"], cached["trees"], deferred=True)
    tree = parse_yaml(str(path), text, positions=False)
    if not isinstance(tree, dict):
        raise InputError(str(path), "a rule file holds one mapping (id, title, check, ...)")
    data = plain_data(tree)
    _validate(source, data)
    trees: dict[str, Any] = {}
    rule = _build(source, data, trees)
    rule_cache.put(text, {"rule": data, "trees": trees})
    return rule


def _validate(source: RuleSource, data: dict[str, Any]) -> bool:
    """Whether `data` is a rule by the schema; each problem is reported (raised, or collected)."""
    problems = schema_problems("rule.schema.json", data, "rule")
    for problem in problems if source.problems is not None else problems[:1]:
        source.report(InputError(source.path, problem.message, *source.where(problem.path, problem.at_key)))
    return not problems


def _definitions(
    source: RuleSource, data: dict[str, Any], kind: str, trees: dict[str, Any]
) -> tuple[dict[str, Compiled], dict[str, StaticType]]:
    """The rule's `let:` names, in order: each may use the ones before it."""
    compiled: dict[str, Compiled] = {}
    types: dict[str, StaticType] = {}
    for name, text in (data.get("let") or {}).items():
        reserved = name in KEYWORDS or name in _RESERVED_NAMES
        if reserved or name.lower() in (p.lower() for p in property_types(kind)):
            what = f"a property of {kind}" if not reserved else "a reserved name"
            where = source.where(["let", name])
            source.report(InputError(source.path, f"let: '{name}' is {what}; choose another name", *where))
            continue
        try:
            compiled[name], types[name] = compile_typed(str(text), kind, trees, types)
        except CompileError as exc:
            line, column = source.expression_position(["let", name], exc.line, exc.column)
            source.report(InputError(source.path, f"let: {name}: {exc}", line, column))
            compiled[name], types[name] = invalid, OTHER
    return compiled, types


def _build(source: RuleSource, data: dict[str, Any], trees: dict[str, Any], deferred: bool = False) -> Rule:
    kind = data["applies_to"]["kind"]
    line, column = source.line_of("id"), 1
    definitions, types = _definitions(source, data, kind, trees)
    rule = Rule(
        id=data["id"],
        title=data["title"],
        severity=data["severity"],
        category=data["category"],
        area=data["area"],
        kind=kind,
        side=data["applies_to"].get("side"),
        check=compile_field(source, data, "check", kind, trees, types, deferred),  # type: ignore[arg-type]
        message=compile_template(source, data, "message", kind, False, trees, types, deferred),
        remediation=compile_template(source, data, "remediation", kind, True, trees, types, deferred),
        rationale=data["rationale"],
        references=list(data["references"]),
        status=data["status"],
        source=Position(source.path, line, column),
        when=compile_field(source, data, "when", kind, trees, types, deferred),
        # expected: and actual: are templates like message: (`at least {size_mb(limit, 1)}`), and optional.
        expected=compile_template(source, data, "expected", kind, False, trees, types, deferred)
        if "expected" in data
        else None,
        actual=compile_template(source, data, "actual", kind, False, trees, types, deferred)
        if "actual" in data
        else None,
        property_name=data.get("property"),
        exchange_versions=list(data.get("exchange_versions", [])),
        tags=list(data.get("tags", [])),
        aliases=list(data.get("aliases", [])),
        raw=data,
        definitions=definitions,
        remediation_shell=data.get("remediation_shell"),
        explained_by=list(data.get("explained_by", [])),
        fix=_fix(data.get("fix")),
    )
    rule.reads = looked_up_kinds(trees.values())
    if rule.property_name:
        _check_property(source, rule, trees)
    tests_line = source.line_of("tests")
    for test in data["tests"]:
        rule.tests.append(
            RuleTest(
                test["name"],
                test["snapshot"],
                test["expect"],
                test.get("as_of"),
                Position(source.path, tests_line, 1),
                {},
                dict(test.get("exchange_versions", {})),
                test.get("cloud"),
            )
        )
    if not any(t.expect for t in rule.tests) or not any(not t.expect for t in rule.tests):
        source.report(
            InputError(
                source.path,
                "tests need at least one case that fires and one that stays silent (expect: [])",
                *source.where(["tests"]),
            )
        )
    return rule


def _fix(data: dict[str, Any] | None) -> FixSpec | None:
    if not data:
        return None
    return FixSpec(str(data["action"]), data.get("cmdlet"), tuple(data.get("properties", ())))


def locate_tests(rule: Rule) -> None:
    """Give each test and test object of `rule` its line (for test reports; parses the file again)."""
    source = RuleSource(rule.source.file, Path(rule.source.file).read_text(encoding="utf-8-sig"))
    for index, test in enumerate(rule.tests):
        line, column = source.where(["tests", index])
        test.position = Position(source.path, line, column)
        for kind, objects in test.snapshot.items():
            for number in range(len(objects)):
                test.object_positions[(kind, number)] = source.where(["tests", index, "snapshot", kind, number])[0]


def _check_property(source: RuleSource, rule: Rule, trees: dict[str, Any]) -> None:
    try:
        compile_expression(str(rule.property_name), rule.kind, trees)
    except CompileError as exc:
        source.report(InputError(source.path, f"property: {exc}", *source.where(["property"])))


def validate_rule_files(paths: list[Path]) -> tuple[list[Rule], list[InputError]]:
    """Every rule file of `paths` (files or folders) checked in full: the rules that are valid, and
    every problem of every file (not only the first), each at its file, line and column."""
    files = [f for p in paths for f in (rule_files(p) if p.is_dir() else [p])]
    rules: list[Rule] = []
    problems: list[InputError] = []
    seen: dict[str, Rule] = {}
    for path in files:
        try:
            text = read_user_text(path, MAX_RULE_BYTES, "rule file")
            tree = parse_yaml(str(path), text, positions=False)
        except InputError as exc:
            problems.append(exc)
            continue
        found: list[InputError] = []
        source = RuleSource(str(path), text, problems=found)
        if not isinstance(tree, dict):
            problems.append(InputError(str(path), "a rule file holds one mapping (id, title, check, ...)"))
            continue
        data = plain_data(tree)
        if _validate(source, data):
            rule = _build(source, data, {})
            if rule.id in seen:
                where = (rule.source.line, rule.source.column)
                also = seen[rule.id].source.file
                found.append(InputError(str(path), f"duplicate rule id {rule.id} (also in {also})", *where))
            elif not found:
                rules.append(rule)
            seen.setdefault(rule.id, rule)
        problems += found
    return rules, problems


def load_rules(folders: list[Path]) -> list[Rule]:
    """Rules of `folders` in order; a later folder's rule replaces an earlier one with the same id
    only when it says `overrides: true` (a copy of a built-in rule must not replace it unnoticed)."""
    by_id: dict[str, Rule] = {}
    for folder in folders:
        seen_here: dict[str, Rule] = {}
        for path in rule_files(folder):
            rule = load_rule_file(path)
            if rule.id in seen_here:
                raise InputError(
                    str(path),
                    f"duplicate rule id {rule.id} (also in {seen_here[rule.id].source.file})",
                    rule.source.line,
                    rule.source.column,
                )
            earlier = by_id.get(rule.id)
            if earlier is not None and rule.raw.get("overrides") is not True:
                raise InputError(
                    str(path),
                    f"rule id {rule.id} is already taken by {earlier.source.file}; to replace that rule, "
                    "say 'overrides: true' in this one, otherwise give it an id of its own",
                    rule.source.line,
                    rule.source.column,
                )
            seen_here[rule.id] = rule
        by_id.update(seen_here)
    return sorted(by_id.values(), key=lambda r: r.id)
