"""Files that ship with the package: the JSON Schemas (top-level `schemas/` in the repository).

The wheel carries `schemas/` as the package `linter.schemas`; an editable install or a source
checkout finds the same files at the repository root.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

_REPOSITORY_SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"


def schema_path(name: str) -> Path:
    candidate = _REPOSITORY_SCHEMAS / name
    if candidate.is_file():
        return candidate
    packaged = resources.files("linter.schemas").joinpath(name)
    return Path(str(packaged))


@lru_cache(maxsize=None)
def _load(name: str) -> str:
    return schema_path(name).read_text(encoding="utf-8")


def load_schema(name: str) -> dict[str, Any]:
    """A fresh copy of the schema `name` (relative to `schemas/`)."""
    schema: dict[str, Any] = json.loads(_load(name))
    return schema
