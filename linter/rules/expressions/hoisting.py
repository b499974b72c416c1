"""Hoisting: a subexpression that gives the same value for every object is computed once per run.

`any(c in objects("SendConnector") where ...)` in a rule's check does not depend on the object
under check; evaluating it once per run instead of once per object keeps a lint linear in the
size of the snapshot.
"""

from __future__ import annotations

from typing import Any

from linter.rules.expressions.scope import Compiled, Env, Scope

_HOISTED = frozenset({"quantifier", "call", "mapping", "let_expr"})
_CONTEXT_NAMES = frozenset({"facts", "today"})


def invariant(tree: Any, scope: Scope, bound: frozenset[str] = frozenset()) -> bool:
    """Whether `tree` gives the same value for every object: no property of the object under check,
    no `object`, no variable bound outside it. Such a subexpression is computed once per run.

    A call is invariant when its arguments are: every built-in is a function of its arguments and
    of the run (the snapshot, the date), never of the object under check (linter.rules.expressions.builtins).
    """
    data = getattr(tree, "data", None)
    if data is None:
        return True
    if data == "name":
        name = str(tree.children[0])
        return name in bound or (name in _CONTEXT_NAMES and name not in scope.variables)
    if data in ("quantifier", "mapping"):
        offset = 1 if data == "quantifier" else 0
        variable = str(tree.children[offset])
        source, rest = tree.children[offset + 1], tree.children[offset + 2 :]
        return invariant(source, scope, bound) and all(
            invariant(child, scope, bound | {variable}) for child in rest if child is not None
        )
    if data == "let_expr":
        inner = set(bound)
        for binding in tree.children[:-1]:
            if not invariant(binding.children[1], scope, frozenset(inner)):
                return False
            inner.add(str(binding.children[0]))
        return invariant(tree.children[-1], scope, frozenset(inner))
    children = tree.children[1:] if data in ("call", "attribute") else tree.children
    if data == "attribute":
        return invariant(tree.children[0], scope, bound)
    return all(invariant(child, scope, bound) for child in children if child is not None)


def is_hoisted(tree: Any, scope: Scope) -> bool:
    """Whether the compiler should compute `tree` once per run."""
    return tree.data in _HOISTED and invariant(tree, scope)


def memoised(function: Compiled) -> Compiled:
    key = object()

    def once_per_run(env: Env) -> Any:
        memo = env.context.memo
        if key not in memo:
            memo[key] = function(env)
        return memo[key]

    return once_per_run
