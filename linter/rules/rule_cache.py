"""Validated rule files, kept by content hash so that a later run skips YAML parsing and the schema.

The cache holds JSON (data, never code) under the user's private cache folder; the key covers the
file's text, the rule schema and hybridlint's version, so an edit, a new schema or an upgrade
misses. Any cache problem only costs time.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from linter import __version__
from linter.support.cache import cache_file


@lru_cache(maxsize=1)
def _folder() -> Path | None:
    place = cache_file("rules")
    if place is None:
        return None
    folder = Path(place)
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError:
        return None
    return folder


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
    return f"{FORMAT}:{__version__}:{schema}:{language}"


def _key(text: str) -> str:
    return hashlib.sha256((_salt() + "\0" + text).encode("utf-8")).hexdigest()


def get(text: str) -> dict[str, Any] | None:
    folder = _folder()
    if folder is None:
        return None
    try:
        data = json.loads((folder / f"{_key(text)}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("rule"), dict) or not isinstance(data.get("trees"), dict):
        return None
    entry: dict[str, Any] = data
    return entry


def put(text: str, data: dict[str, Any]) -> None:
    folder = _folder()
    if folder is None:
        return
    target = folder / f"{_key(text)}.json"
    temporary = target.with_suffix(f".{os.getpid()}.tmp")
    try:
        temporary.write_text(json.dumps(data), encoding="utf-8")
        os.replace(temporary, target)
    except OSError:
        return
