"""What evaluation needs below the operators and built-ins: the error a rule raises, regular
expressions, and lookup structures kept per list."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from linter.rules.expressions.text import plain

MAX_PATTERN = 1000


class RuleRuntimeError(Exception):
    """A rule asked for something impossible (wrong argument type, bad pattern): reported, never raised."""


@lru_cache(maxsize=256)
def compiled_pattern(pattern: str) -> Any:
    """A case-insensitive RE2 pattern: linear-time matching whatever the input (no backtracking)."""
    import re2

    if len(pattern) > MAX_PATTERN:
        raise RuleRuntimeError(f"regular expression longer than {MAX_PATTERN} characters")
    options = re2.Options()
    options.case_sensitive = False
    options.max_mem = 8 << 20
    options.log_errors = False  # the error is reported once, by us, not also by RE2 on stderr
    try:
        return re2.compile(pattern, options)
    except re2.error as exc:
        reason = exc.args[0] if exc.args else exc
        text = reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)
        raise RuleRuntimeError(f"invalid regular expression {pattern!r}: {text}") from None


def matches(text: Any, pattern: Any) -> bool:
    if isinstance(text, list):
        return any(matches(item, pattern) for item in text)
    return compiled_pattern(plain(pattern)).search(plain(text)) is not None


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
