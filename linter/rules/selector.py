"""One way to name rules, for `--select`, `--disable`, suppressions and `rules show`: ids and their
former ids (aliases), any case, globs (`HYB-SEND-*`), and comma lists (`HYB-SEND-010,HYB-SEND-003`).

A name that matches no rule is an error with the nearest id, never a silent no-op: a mistyped
`--disable` would otherwise run the rule the user meant to skip.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from fnmatch import translate
from functools import lru_cache

from linter.rules.model import Rule
from linter.support.userfiles import did_you_mean

_GLOB = re.compile(r"[*?\[]")


def split_names(values: Iterable[str]) -> list[str]:
    """Repeated options and comma lists, flattened: `--disable a,b --disable c` -> a, b, c."""
    return [name.strip() for value in values for name in value.split(",") if name.strip()]


@lru_cache(maxsize=256)
def _pattern(name: str) -> re.Pattern[str]:
    return re.compile(translate(name.upper()))


def matches(name: str, rule_id: str, aliases: Iterable[str] = ()) -> bool:
    """Whether `name` (an id, a former id or a glob, any case) names this rule."""
    candidates = [rule_id.upper(), *(alias.upper() for alias in aliases)]
    if _GLOB.search(name):
        return any(_pattern(name).fullmatch(candidate) for candidate in candidates)
    return name.upper() in candidates


class UnknownRule(ValueError):
    """A rule name that selects no rule."""


def resolve(values: Iterable[str], rules: list[Rule]) -> frozenset[str]:
    """The ids of the rules the names select; UnknownRule for a name that selects none."""
    selected: set[str] = set()
    for name in split_names(values):
        found = {rule.id for rule in rules if matches(name, rule.id, rule.aliases)}
        if not found:
            known = [rule.id for rule in rules] + [alias for rule in rules for alias in rule.aliases]
            what = "matches no rule" if _GLOB.search(name) else "is not a rule"
            hint = "" if _GLOB.search(name) else did_you_mean(name.upper(), known)
            raise UnknownRule(f"{name!r} {what}{hint}")
        selected |= found
    return frozenset(selected)
