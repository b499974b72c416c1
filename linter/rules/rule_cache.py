"""Validated rule files, kept by content hash so that a later run skips YAML parsing and the schema.

The entries live in hybridlint's cache (`support.cache`: JSON data, never code, in the user's
private folder); the key covers the file's text, the rule schema and the expression language, and
the cache adds hybridlint's version, so an edit, a new schema or an upgrade misses. Any cache
problem only costs time.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Any

from linter.support.cache import read_cached, write_cached

FORMAT = "2"  # the layout of a cache entry: {"rule": validated rule data, "trees": parse trees}


@lru_cache(maxsize=1)
def _salt() -> str:
    from linter.rules.expressions.builtins import ARITY
    from linter.rules.expressions.grammar import GRAMMAR
    from linter.support.resources import schema_path

    schema = hashlib.sha256(schema_path("rule.schema.json").read_bytes()).hexdigest()
    # The expression language too: a cached rule is compiled on first use, so it must compile
    # with the grammar and functions of this run, even between two builds of one version.
    language = hashlib.sha256((GRAMMAR + "\0" + ",".join(sorted(ARITY))).encode("utf-8")).hexdigest()
    return f"{FORMAT}:{schema}:{language}"


def _key(text: str) -> bytes:
    return (_salt() + "\0" + text).encode("utf-8")


def get(text: str) -> dict[str, Any] | None:
    data = read_cached("rules", _key(text))
    if not isinstance(data, dict) or not isinstance(data.get("rule"), dict) or not isinstance(data.get("trees"), dict):
        return None
    entry: dict[str, Any] = data
    return entry


def put(text: str, data: dict[str, Any]) -> None:
    write_cached("rules", _key(text), data)
