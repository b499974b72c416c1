"""Compile rule expressions once into Python closures, checking names against the kind schemas.

A compiled expression is a function of an `Env` (the object under check, the bindings in scope,
the evaluation context). Names are checked when the rule loads: a property that the kind's schema
does not list is an error with a "did you mean", so a typo never turns into a rule that silently
never fires.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from linter.rules.expressions import builtins, operators
from linter.rules.expressions.grammar import ExpressionSyntaxError, parse, tree_from_json, tree_to_json
from linter.rules.expressions.hoisting import is_hoisted, memoised
from linter.rules.expressions.runtime import RuleRuntimeError, compiled_pattern
from linter.rules.expressions.scope import (
    FACTS,
    META,
    OTHER,
    Compiled,
    CompileError,
    Env,
    Scope,
    StaticType,
    kind_properties,
    position_of,
    property_type,
    suggestion,
)
from linter.rules.expressions.unknown import Unknown, merge, truth
from linter.snapshot.model import KINDS, SIDES, SnapshotObject


def compile_expression(
    text: str, kind: str | None, trees: dict[str, Any] | None = None, definitions: dict[str, StaticType] | None = None
) -> Compiled:
    """Compile `text` for objects of `kind` (None: no object, e.g. a message outside rules).

    `trees` maps expression text to parse trees as JSON data (the rule cache): a tree found there
    is used as it is, and a tree parsed here is added to it. `definitions` are the rule's `let:`
    names (with what is known of their values) that the expression may use.
    """
    return compile_typed(text, kind, trees, definitions)[0]


def compile_typed(
    text: str, kind: str | None, trees: dict[str, Any] | None = None, definitions: dict[str, StaticType] | None = None
) -> tuple[Compiled, StaticType]:
    """`compile_expression`, also returning what the compiler knows of the value's type."""
    if trees is not None and text in trees:
        tree = tree_from_json(trees[text])
    else:
        try:
            tree = parse(text)
        except ExpressionSyntaxError as exc:
            raise CompileError(f"syntax error: {exc}", exc.line, exc.column) from None
        if trees is not None:
            trees[text] = tree_to_json(tree)
    return _Compiler().node(tree, Scope(kind, definitions=dict(definitions or {})))


class _Compiler:
    def node(self, tree: Any, scope: Scope) -> tuple[Compiled, StaticType]:
        handler = getattr(self, f"_{tree.data}", None) if hasattr(tree, "data") else None
        if handler is None:  # pragma: no cover - every grammar rule has a handler
            raise CompileError(f"unsupported expression {tree!r}", *position_of(tree))
        function, static = handler(tree, scope)
        if is_hoisted(tree, scope):
            function = memoised(function)
        return function, static

    # -- literals ---------------------------------------------------------------------------------

    def _string(self, tree: Any, scope: Scope) -> tuple[Compiled, StaticType]:
        value = string_literal(str(tree.children[0]))
        return (lambda env: value), OTHER

    def _number(self, tree: Any, scope: Scope) -> tuple[Compiled, StaticType]:
        raw = str(tree.children[0])
        value = float(raw) if "." in raw else int(raw)
        return (lambda env: value), OTHER

    def _true(self, tree: Any, scope: Scope) -> tuple[Compiled, StaticType]:
        return (lambda env: True), OTHER

    def _false(self, tree: Any, scope: Scope) -> tuple[Compiled, StaticType]:
        return (lambda env: False), OTHER

    def _null(self, tree: Any, scope: Scope) -> tuple[Compiled, StaticType]:
        return (lambda env: None), OTHER

    def _list(self, tree: Any, scope: Scope) -> tuple[Compiled, StaticType]:
        items = [self.node(child, scope)[0] for child in tree.children if child is not None]
        return (lambda env: [item(env) for item in items]), OTHER

    # -- names and paths ---------------------------------------------------------------------------

    def _name(self, tree: Any, scope: Scope) -> tuple[Compiled, StaticType]:
        name = str(tree.children[0])
        if name in scope.variables:
            return (lambda env: env.variables[name]), scope.variables[name]
        if name in scope.definitions:
            return (lambda env: env.definition(name)), scope.definitions[name]
        if name == "facts":
            return (lambda env: env.context.facts), StaticType("facts")
        if name == "object":
            return (lambda env: env.this), StaticType("object", scope.kind or "")
        if name == "today":
            return (lambda env: env.context.as_of), OTHER
        if scope.kind is None:
            raise CompileError(f"unknown name '{name}'", *position_of(tree))
        self._check_property(scope.kind, name, tree)
        return (lambda env: env.context.value_of(env.this, name)), property_type(scope.kind, name)

    def _check_property(self, kind: str, name: str, tree: Any) -> None:
        if kind not in KINDS:
            return
        known = kind_properties(kind)
        if name in known or name.lower() in (k.lower() for k in known) or name in META:
            return
        raise CompileError(
            f"{kind} has no property '{name}' in its schema{suggestion(name, [*known, *META])}", *position_of(tree)
        )

    def _attribute(self, tree: Any, scope: Scope) -> tuple[Compiled, StaticType]:
        base, base_type = self.node(tree.children[0], scope)
        name = str(tree.children[1])
        if base_type.shape == "facts":
            if name not in FACTS:
                raise CompileError(f"no fact '{name}'{suggestion(name, list(FACTS))}", *position_of(tree.children[1]))
            return (lambda env: base(env)[name]), OTHER
        if base_type.shape == "object":
            if base_type.name:
                self._check_property(base_type.name, name, tree.children[1])
            result_type = property_type(base_type.name, name) if base_type.name else OTHER

            def object_attribute(env: Env) -> Any:
                value = base(env)
                if isinstance(value, SnapshotObject):
                    return env.context.value_of(value, name)
                return operators.value_attribute(value, name)

            return object_attribute, result_type
        if base_type.shape == "value":
            allowed = operators.VALUE_ATTRIBUTE_NAMES.get(base_type.name, frozenset())
            if allowed and name.lower() not in allowed:
                raise CompileError(
                    f"{base_type.name} has no attribute '{name}'{suggestion(name, sorted(allowed))}",
                    *position_of(tree.children[1]),
                )
            next_type = StaticType("value", "DistinguishedName") if name.lower() in ("issuer", "subject") else OTHER
            return (lambda env: _attribute_of(env, base(env), name)), next_type
        return (lambda env: _attribute_of(env, base(env), name)), OTHER

    def _index(self, tree: Any, scope: Scope) -> tuple[Compiled, StaticType]:
        base, base_type = self.node(tree.children[0], scope)
        index, _ = self.node(tree.children[1], scope)

        def get_item(env: Env) -> Any:
            container, key = base(env), index(env)
            if isinstance(container, Unknown) or isinstance(key, Unknown):
                return merge(container, key)
            if isinstance(container, list) and isinstance(key, int):
                return container[key] if -len(container) <= key < len(container) else None
            return operators.value_attribute(container, str(key))

        return get_item, base_type.item

    # -- calls and quantifiers ---------------------------------------------------------------------

    def _call(self, tree: Any, scope: Scope) -> tuple[Compiled, StaticType]:
        name = str(tree.children[0])
        arguments = [child for child in tree.children[1:] if child is not None]
        if name not in builtins.ARITY:
            known = sorted(builtins.ARITY)
            raise CompileError(f"unknown function '{name}'{suggestion(name, known)}", *position_of(tree))
        low, high = builtins.ARITY[name]
        if not low <= len(arguments) <= high:
            wanted = str(low) if low == high else f"{low} to {high}"
            raise CompileError(f"{name}() takes {wanted} argument(s), got {len(arguments)}", *position_of(tree))
        compiled = [self.node(argument, scope)[0] for argument in arguments]
        result_type = self._check_call(name, arguments, tree)
        if name in builtins.SEES_UNKNOWN:
            sees = builtins.SEES_UNKNOWN[name]
            return (lambda env: sees(*(a(env) for a in compiled))), OTHER
        in_context = name in builtins.CONTEXT_FUNCTIONS
        function = builtins.CONTEXT_FUNCTIONS[name] if in_context else builtins.FUNCTIONS[name]

        def call(env: Env) -> Any:
            values = [a(env) for a in compiled]
            if any(isinstance(v, Unknown) for v in values):
                return merge(*values)
            return function(env.context, *values) if in_context else function(*values)

        return call, result_type

    def _check_call(self, name: str, arguments: list[Any], tree: Any) -> StaticType:
        if name not in ("objects", "find"):
            return StaticType("value", "IPRange") if name == "ip_range" else OTHER
        literal = arguments[0]
        if getattr(literal, "data", None) != "string":
            return OTHER
        kind = str(literal.children[0])[1:-1]
        if kind not in KINDS:
            raise CompileError(f"unknown kind '{kind}'{suggestion(kind, list(KINDS))}", *position_of(literal))
        if name == "objects" and len(arguments) == 2 and getattr(arguments[1], "data", None) == "string":
            side = str(arguments[1].children[0])[1:-1]
            if side not in SIDES:
                raise CompileError(f"unknown side '{side}' (use {' or '.join(SIDES)})", *position_of(arguments[1]))
        if name == "find" and getattr(arguments[1], "data", None) == "string":
            self._check_property(kind, str(arguments[1].children[0])[1:-1].partition(".")[0], arguments[1])
        return StaticType("objects", kind)

    def _quantifier(self, tree: Any, scope: Scope) -> tuple[Compiled, StaticType]:
        quantifier, variable, source_tree, condition_tree = tree.children
        quantifier, variable = str(quantifier), str(variable)
        source, source_type = self.node(source_tree, scope)
        if condition_tree is None:
            if quantifier not in ("count", "select"):
                raise CompileError(
                    f"{quantifier}() needs a condition: {quantifier}(x in list where ...)", *position_of(tree)
                )
            condition: Compiled = lambda env: True  # noqa: E731
        else:
            condition, _ = self.node(condition_tree, scope.with_variable(variable, source_type.item))

        def quantify(env: Env) -> Any:
            items = source(env)
            if isinstance(items, Unknown):
                return items
            if items is None:
                items = []
            if not isinstance(items, list):
                raise RuleRuntimeError(f"{quantifier}() needs a list, got {type(items).__name__}")
            results = _each(env, variable, items, lambda: truth(condition(env)))
            if quantifier == "select":
                unknowns = [r for r in results if isinstance(r, Unknown)]
                return merge(*unknowns) if unknowns else [i for i, r in zip(items, results, strict=True) if r]
            return _combine(quantifier, results)

        return quantify, source_type if quantifier == "select" else OTHER

    def _mapping(self, tree: Any, scope: Scope) -> tuple[Compiled, StaticType]:
        variable, source_tree, body_tree = str(tree.children[0]), tree.children[1], tree.children[2]
        source, source_type = self.node(source_tree, scope)
        body, _ = self.node(body_tree, scope.with_variable(variable, source_type.item))

        def mapping(env: Env) -> Any:
            items = source(env)
            if isinstance(items, Unknown) or items is None:
                return items if items is not None else []
            if not isinstance(items, list):
                raise RuleRuntimeError(f"map() needs a list, got {type(items).__name__}")
            return _each(env, variable, items, lambda: body(env))

        return mapping, OTHER

    def _let_expr(self, tree: Any, scope: Scope) -> tuple[Compiled, StaticType]:
        *bindings, body_tree = tree.children
        compiled: list[tuple[str, Compiled]] = []
        for binding in bindings:
            name = str(binding.children[0])
            value, value_type = self.node(binding.children[1], scope)
            compiled.append((name, value))
            scope = scope.with_variable(name, value_type)
        body, body_type = self.node(body_tree, scope)

        def let(env: Env) -> Any:
            saved = dict(env.variables)
            try:
                for name, value in compiled:
                    env.variables[name] = value(env)
                return body(env)
            finally:
                env.variables = saved

        return let, body_type

    # -- operators ---------------------------------------------------------------------------------

    def _and_(self, tree: Any, scope: Scope) -> tuple[Compiled, StaticType]:
        return self._junction(tree, scope, decisive=False)

    def _or_(self, tree: Any, scope: Scope) -> tuple[Compiled, StaticType]:
        return self._junction(tree, scope, decisive=True)

    def _junction(self, tree: Any, scope: Scope, decisive: bool) -> tuple[Compiled, StaticType]:
        """`and` (decided by a false side) or `or` (by a true side), in three-valued logic: a side
        that decides wins over an unknown other side; otherwise an unknown side makes it unknown."""
        left, right = (self.node(child, scope)[0] for child in tree.children)

        def junction(env: Env) -> Any:
            a = truth(left(env))
            if a is decisive:
                return decisive
            b = truth(right(env))
            if b is decisive:
                return decisive
            return merge(a, b) if isinstance(a, Unknown) or isinstance(b, Unknown) else not decisive

        return junction, OTHER

    def _not_(self, tree: Any, scope: Scope) -> tuple[Compiled, StaticType]:
        operand, _ = self.node(tree.children[0], scope)

        def negation(env: Env) -> Any:
            value = truth(operand(env))
            return value if isinstance(value, Unknown) else not value

        return negation, OTHER

    def _compare(self, tree: Any, scope: Scope) -> tuple[Compiled, StaticType]:
        left, op, right = tree.children
        a, b, symbol = self.node(left, scope)[0], self.node(right, scope)[0], str(op)
        return (lambda env: operators.compare(symbol, a(env), b(env))), OTHER

    def _in_(self, tree: Any, scope: Scope) -> tuple[Compiled, StaticType]:
        item, container = (self.node(child, scope)[0] for child in tree.children)
        return (lambda env: operators.contains(container(env), item(env))), OTHER

    def _not_in(self, tree: Any, scope: Scope) -> tuple[Compiled, StaticType]:
        item, container = (self.node(child, scope)[0] for child in tree.children)

        def not_in(env: Env) -> Any:
            result = operators.contains(container(env), item(env))
            return result if isinstance(result, Unknown) else not result

        return not_in, OTHER

    def _matches(self, tree: Any, scope: Scope) -> tuple[Compiled, StaticType]:
        text, pattern = (self.node(child, scope)[0] for child in tree.children)
        if getattr(tree.children[1], "data", None) == "string":
            literal = pattern(Env(None, None))  # type: ignore[arg-type]
            try:
                compiled_pattern(literal)
            except RuleRuntimeError as exc:
                raise CompileError(str(exc), *position_of(tree.children[1])) from None
        return (lambda env: operators.regex_match(text(env), pattern(env))), OTHER

    def _arithmetic(self, tree: Any, scope: Scope) -> tuple[Compiled, StaticType]:
        left, op, right = tree.children
        a, b, symbol = self.node(left, scope)[0], self.node(right, scope)[0], str(op)
        return (lambda env: operators.arithmetic(symbol, a(env), b(env))), OTHER

    def _negate(self, tree: Any, scope: Scope) -> tuple[Compiled, StaticType]:
        operand, _ = self.node(tree.children[0], scope)
        return (lambda env: operators.arithmetic("-", 0, operand(env))), OTHER


_ABSENT = object()
_ESCAPES = {"\\\\": "\\", "\\'": "'", '\\"': '"', "\\n": "\n", "\\t": "\t"}
_ESCAPE = re.compile(r"\\[\\'\"nt]")


def string_literal(token: str) -> str:
    """A quoted literal's text. Only \\\\, \\', \\", \\n and \\t are escapes; any other backslash stays,
    so that a regular expression such as '\\.mail\\.protection' is written as it is read."""
    return _ESCAPE.sub(lambda m: _ESCAPES[m.group(0)], token[1:-1])


def _each(env: Env, variable: str, items: list[Any], step: Callable[[], Any]) -> list[Any]:
    """`step()` for each item bound to `variable`, restoring what the name meant before."""
    saved = env.variables.get(variable, _ABSENT)
    results = []
    try:
        for item in items:
            env.variables[variable] = item
            results.append(step())
    finally:
        if saved is _ABSENT:
            env.variables.pop(variable, None)
        else:
            env.variables[variable] = saved
    return results


def _attribute_of(env: Env, value: Any, name: str) -> Any:
    if isinstance(value, SnapshotObject):
        return env.context.value_of(value, name)
    return operators.value_attribute(value, name)


def _combine(quantifier: str, results: list[bool | Unknown]) -> Any:
    unknowns = [r for r in results if isinstance(r, Unknown)]
    trues = sum(1 for r in results if r is True)
    if quantifier == "count":
        return merge(*unknowns) if unknowns else trues
    if quantifier == "any":
        return True if trues else (merge(*unknowns) if unknowns else False)
    if quantifier == "none":
        return False if trues else (merge(*unknowns) if unknowns else True)
    falses = len(results) - trues - len(unknowns)
    return False if falses else (merge(*unknowns) if unknowns else True)
