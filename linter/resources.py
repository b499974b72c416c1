"""Files that ship with the package: the JSON Schemas (top-level `schemas/` in the repository).

The wheel carries `schemas/` as the package `linter.schemas`; an editable install or a source
checkout finds the same files at the repository root.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

_REPOSITORY_SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"
_REPOSITORY_RULES = Path(__file__).resolve().parents[1] / "rules"


def builtin_rules_dir() -> Path:
    """The built-in rule packs: `rules/` of the repository, or the copy inside the wheel."""
    if _REPOSITORY_RULES.is_dir():
        return _REPOSITORY_RULES
    return Path(str(resources.files("linter.rulepacks")))


def schema_path(name: str) -> Path:
    candidate = _REPOSITORY_SCHEMAS / name
    if candidate.is_file():
        return candidate
    packaged = resources.files("linter.schemas").joinpath(name)
    return Path(str(packaged))


@cache
def _load(name: str) -> str:
    return schema_path(name).read_text(encoding="utf-8")


def load_schema(name: str) -> dict[str, Any]:
    """A fresh copy of the schema `name` (relative to `schemas/`)."""
    schema: dict[str, Any] = json.loads(_load(name))
    return schema


def _all_schema_names() -> list[str]:
    root = schema_path("snapshot.schema.json").parent
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.schema.json"))


@cache
def validator(name: str) -> Any:
    """A Draft 2020-12 validator for schema `name` that resolves `$ref`s between our schemas offline."""
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    resources_by_id = []
    for other in _all_schema_names():
        document = load_schema(other)
        resources_by_id.append((document["$id"], Resource.from_contents(document)))
    registry: Registry[Any] = Registry().with_resources(resources_by_id)
    return Draft202012Validator(load_schema(name), registry=registry)
