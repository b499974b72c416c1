"""Load rule files: YAML with positions (ruamel.yaml), the rule schema, compiled expressions.

Every problem is an `InputError` at `file:line:col`: a YAML error, a schema violation (at the
offending key), an expression that does not parse or names a property its kind does not have
(at the character inside the expression), a duplicate id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from linter.rules import rule_cache
from linter.rules.expressions.compiler import compile_expression, compile_typed
from linter.rules.expressions.grammar import KEYWORDS
from linter.rules.expressions.lookups import looked_up_kinds
from linter.rules.expressions.scope import META, OTHER, Compiled, CompileError, StaticType
from linter.rules.model import FixSpec, Position, Rule, RuleTest, Template
from linter.snapshot.property_types import property_types
from linter.support.errors import InputError
from linter.support.userfiles import parse_yaml, plain_data, read_user_text, schema_problems

# Names an expression already gives a meaning to; a `let:` name must not hide them.
_RESERVED_NAMES = frozenset({"facts", "object", "today", *META})

MAX_RULE_BYTES = 1024 * 1024  # a rule is a page of YAML; anything near this is not a rule

_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")


def rule_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


@dataclass
class _Source:
    """A rule file's text; its round-trip tree (with positions) is parsed only when a position is needed."""

    path: str
    text: str
    _tree: Any = None
    # When set, problems are collected here instead of raised (`rules validate` reports them all).
    problems: list[InputError] | None = None

    def report(self, error: InputError) -> None:
        if self.problems is None:
            raise error
        self.problems.append(error)

    @property
    def tree(self) -> Any:
        if self._tree is None:
            self._tree = parse_yaml(self.path, self.text, positions=True)
        return self._tree

    def line_of(self, key: str) -> int:
        """The line of a top-level key, without parsing (for positions every load needs)."""
        for number, line in enumerate(self.text.splitlines(), 1):
            if line.startswith(f"{key}:"):
                return number
        return 1

    def where(self, path: list[Any], key_position: bool = False) -> tuple[int, int]:
        node, line, column = self.tree, 0, 0
        for step in path:
            lc = getattr(node, "lc", None)
            try:
                if lc is not None and isinstance(step, int):
                    line, column = lc.item(step)
                elif lc is not None:
                    line, column = lc.key(step) if key_position or step not in node else lc.value(step)
                    if key_position is False and step in node and not isinstance(node[step], (dict, list)):
                        line, column = lc.value(step)
                node = node[step]
            except (KeyError, IndexError, TypeError):
                break
        return line + 1, column + 1

    def expression_position(self, path: list[Any], inner_line: int, inner_column: int) -> tuple[int, int]:
        """The file position of a character inside the string value at `path`."""
        line, column = self.where(path)
        source_lines = self.text.splitlines()
        first = source_lines[line - 1][column - 1 :] if 0 < line <= len(source_lines) else ""
        if first[:1] in ("|", ">"):
            # Columns inside a block scalar count from the block's indentation (its first line).
            opening = source_lines[line] if line < len(source_lines) else ""
            return line + inner_line, len(opening) - len(opening.lstrip(" ")) + inner_column
        quote = 1 if first[:1] in ("'", '"') else 0
        if inner_line == 1:
            return line, column + quote + inner_column - 1
        return line + inner_line - 1, inner_column


def load_rule_file(path: Path) -> Rule:
    text = read_user_text(path, MAX_RULE_BYTES, "rule file")
    source = _Source(str(path), text)
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


def _validate(source: _Source, data: dict[str, Any]) -> bool:
    """Whether `data` is a rule by the schema; each problem is reported (raised, or collected)."""
    problems = schema_problems("rule.schema.json", data, "rule")
    for problem in problems if source.problems is not None else problems[:1]:
        source.report(InputError(source.path, problem.message, *source.where(problem.path, problem.at_key)))
    return not problems


def _invalid(env: Any) -> None:
    """What an expression that did not compile evaluates to while its problems are collected."""


def _compile(
    source: _Source,
    data: dict[str, Any],
    key: str,
    kind: str,
    trees: dict[str, Any],
    definitions: dict[str, StaticType],
    deferred: bool = False,
) -> Compiled | None:
    text = data.get(key)
    if text is None:
        return None
    if deferred:
        return _Deferred(str(text), kind, trees, definitions)
    try:
        return compile_expression(str(text), kind, trees, definitions)
    except CompileError as exc:
        line, column = source.expression_position([key], exc.line, exc.column)
        source.report(InputError(source.path, f"{key}: {exc}", line, column))
        return _invalid


def _template(
    source: _Source,
    data: dict[str, Any],
    key: str,
    kind: str,
    powershell: bool,
    trees: dict[str, Any],
    definitions: dict[str, StaticType],
    deferred: bool = False,
) -> Template:
    text = str(data.get(key, ""))
    if key in ("expected", "actual") and not deferred and _PLACEHOLDER.search(text) is None:
        _expression_as_text(source, key, text.strip(), kind)
    parts: list[str | Compiled] = []
    position = 0
    for match in _PLACEHOLDER.finditer(text):
        _stray_brace(source, key, text, position, match.start())
        parts.append(text[position : match.start()])
        position = match.end()
        token = match.group(0)
        if token in ("{{", "}}"):
            parts.append(token[0])
            continue
        expression = match.group(1)
        if deferred:
            parts.append(_Deferred(expression, kind, trees, definitions))
            continue
        try:
            parts.append(compile_expression(expression, kind, trees, definitions))
        except CompileError as exc:
            before = text[: match.start() + 1]
            inner_line = before.count("\n") + exc.line
            inner_column = (len(before) - before.rfind("\n") - 1 if "\n" in before else len(before)) + exc.column
            line, column = source.expression_position([key], inner_line, inner_column)
            source.report(InputError(source.path, f"{key}: placeholder {{{expression}}}: {exc}", line, column))
    _stray_brace(source, key, text, position, len(text))
    parts.append(text[position:])
    return Template([p for p in parts if p != ""], powershell)


def _expression_as_text(source: _Source, key: str, text: str, kind: str) -> None:
    """`actual: MaxMessageSize` or `expected: '"only " + x'` (expressions, as these keys once were)
    would print as they are written: an error that shows the template to write."""
    properties = {p.casefold(): p for p in property_types(kind)}
    if text.casefold() in properties:
        problem = f"{key}: '{text}' is shown as it is written; write '{{{properties[text.casefold()]}}}' for its value"
    elif text[:1] in ("'", '"') and ('" +' in text or "' +" in text):
        problem = f"{key}: is a template like message:, not an expression; write its text with {{placeholders}}"
    else:
        return
    source.report(InputError(source.path, problem, *source.where([key])))


def _stray_brace(source: _Source, key: str, text: str, start: int, end: int) -> None:
    """A `{` or `}` outside a placeholder (`{identity` without its `}`) would print as it is:
    an error at its line and column, with the way to write a literal brace."""
    for index in range(start, end):
        if text[index] in "{}":
            before = text[: index + 1]
            inner_line = before.count("\n") + 1
            inner_column = len(before) - before.rfind("\n") - 1 if "\n" in before else len(before)
            line, column = source.expression_position([key], inner_line, inner_column)
            problem = f"{key}: a lone '{text[index]}': close the placeholder, or write {text[index] * 2} for the brace"
            source.report(InputError(source.path, problem, line, column))
            return


def _definitions(
    source: _Source, data: dict[str, Any], kind: str, trees: dict[str, Any]
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
            compiled[name], types[name] = _invalid, OTHER
    return compiled, types


class _Deferred:
    """An expression of a rule that compiled before (it came from the rule cache), compiled on its
    first use: a rule for a kind the snapshot lacks is never checked, and most rules never fire on
    a given snapshot, so their templates are never needed."""

    __slots__ = ("_compiled", "_definitions", "_kind", "_text", "_trees")

    def __init__(self, text: str, kind: str, trees: dict[str, Any], definitions: dict[str, StaticType]) -> None:
        self._text, self._kind, self._trees, self._definitions = text, kind, trees, definitions
        self._compiled: Compiled | None = None

    def __call__(self, env: Any) -> Any:
        if self._compiled is None:
            self._compiled = compile_expression(self._text, self._kind, self._trees, self._definitions)
        return self._compiled(env)


def _build(source: _Source, data: dict[str, Any], trees: dict[str, Any], deferred: bool = False) -> Rule:
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
        check=_compile(source, data, "check", kind, trees, types, deferred),  # type: ignore[arg-type]
        message=_template(source, data, "message", kind, False, trees, types, deferred),
        remediation=_template(source, data, "remediation", kind, True, trees, types, deferred),
        rationale=data["rationale"],
        references=list(data["references"]),
        status=data["status"],
        source=Position(source.path, line, column),
        when=_compile(source, data, "when", kind, trees, types, deferred),
        # expected: and actual: are templates like message: (`at least {size_mb(limit, 1)}`), and optional.
        expected=_template(source, data, "expected", kind, False, trees, types, deferred)
        if "expected" in data
        else None,
        actual=_template(source, data, "actual", kind, False, trees, types, deferred) if "actual" in data else None,
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
    source = _Source(rule.source.file, Path(rule.source.file).read_text(encoding="utf-8-sig"))
    for index, test in enumerate(rule.tests):
        line, column = source.where(["tests", index])
        test.position = Position(source.path, line, column)
        for kind, objects in test.snapshot.items():
            for number in range(len(objects)):
                test.object_positions[(kind, number)] = source.where(["tests", index, "snapshot", kind, number])[0]


def _check_property(source: _Source, rule: Rule, trees: dict[str, Any]) -> None:
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
        source = _Source(str(path), text, problems=found)
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
