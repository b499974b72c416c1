"""Files that ship with the package: the rule packs and the JSON Schemas.

The repository keeps them at the top level (`rules/`, `schemas/`); the wheel carries them as the
packages `linter.rulepacks` and `linter.schemas`, and an editable install maps those names to the
repository folders. Either way they are found through `importlib.resources`, never through a path
relative to this file, so an installed hybridlint never reads a checkout that happens to be near it.
"""

from __future__ import annotations

import json
from contextlib import ExitStack
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

# Keeps extracted copies alive for the process when the package is not on a file system (a zip).
_extracted = ExitStack()


@cache
def _package_dir(package: str) -> Path:
    return _extracted.enter_context(resources.as_file(resources.files(package)))


def builtin_rules_dir() -> Path:
    """The built-in rule packs, a folder per pack."""
    return _package_dir("linter.rulepacks")


def schema_path(name: str) -> Path:
    return _package_dir("linter.schemas") / name


@cache
def _load(name: str) -> str:
    return schema_path(name).read_text(encoding="utf-8")


def load_schema(name: str) -> dict[str, Any]:
    """A fresh copy of the schema `name` (relative to `schemas/`)."""
    schema: dict[str, Any] = json.loads(_load(name))
    return schema


def _all_schema_names() -> list[str]:
    root = _package_dir("linter.schemas")
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
