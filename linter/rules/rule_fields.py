"""The fields of a rule that hold expressions: `when`, `check` and the `let:` names compile as
expressions; `message`, `remediation`, `expected` and `actual` as templates with `{placeholders}`.

A problem is reported at the character it is at. A rule that came from the rule cache compiled
once already: its fields compile on first use (`DeferredExpression`), so that a rule for a kind
the snapshot lacks, or one that does not fire, costs nothing.
"""

from __future__ import annotations

import re
from typing import Any

from linter.rules.expressions.compiler import compile_expression
from linter.rules.expressions.scope import Compiled, CompileError, StaticType
from linter.rules.model import Template
from linter.rules.rule_source import RuleSource
from linter.snapshot.property_types import property_types
from linter.support.errors import InputError

PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")


def invalid(env: Any) -> None:
    """What an expression that did not compile evaluates to while its problems are collected."""


def compile_field(
    source: RuleSource,
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
        return DeferredExpression(str(text), kind, trees, definitions)
    try:
        return compile_expression(str(text), kind, trees, definitions)
    except CompileError as exc:
        line, column = source.expression_position([key], exc.line, exc.column)
        source.report(InputError(source.path, f"{key}: {exc}", line, column))
        return invalid


def compile_template(
    source: RuleSource,
    data: dict[str, Any],
    key: str,
    kind: str,
    powershell: bool,
    trees: dict[str, Any],
    definitions: dict[str, StaticType],
    deferred: bool = False,
) -> Template:
    text = str(data.get(key, ""))
    if key in ("expected", "actual") and not deferred and PLACEHOLDER.search(text) is None:
        _expression_as_text(source, key, text.strip(), kind)
    parts: list[str | Compiled] = []
    position = 0
    for match in PLACEHOLDER.finditer(text):
        _stray_brace(source, key, text, position, match.start())
        parts.append(text[position : match.start()])
        position = match.end()
        token = match.group(0)
        if token in ("{{", "}}"):
            parts.append(token[0])
            continue
        expression = match.group(1)
        if deferred:
            parts.append(DeferredExpression(expression, kind, trees, definitions))
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


def _expression_as_text(source: RuleSource, key: str, text: str, kind: str) -> None:
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


def _stray_brace(source: RuleSource, key: str, text: str, start: int, end: int) -> None:
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


class DeferredExpression:
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
