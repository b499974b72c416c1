"""Files the user writes or hands over (rules, configuration, baselines, snapshot.yaml, datasets):
one way to read them, parse YAML or JSON, check them against a schema and say what is wrong.

Every problem is an `InputError` naming the file and, where the parser knows it, the line and
column: a consultant fixes a typo from one line, not from a library's traceback.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from linter import __version__
from linter.support.errors import InputError

_TOOL = {"name": "hybridlint", "version": __version__}  # the header of every document hybridlint writes


def tool_header() -> dict[str, str]:
    return dict(_TOOL)


def read_user_text(path: Path, max_bytes: int, what: str) -> str:
    """The text of `path` (UTF-8, BOM allowed), or an InputError naming the file and the problem."""
    try:
        if path.stat().st_size > max_bytes:
            raise InputError(str(path), f"{what} larger than {max_bytes // (1024 * 1024)} MB")
        return path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(str(path), f"cannot read the {what}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"the {what} is not UTF-8 (byte {exc.start})") from None


def parse_yaml(file: str, text: str, *, positions: bool) -> Any:
    """YAML as data: with positions (ruamel's round-trip tree, `.lc` on every mapping and list) for
    messages that point at a key, or fast (the C loader when ruamel.yaml.clib is installed)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        return YAML(typ="rt" if positions else "safe").load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise InputError(
            file, f"invalid YAML: {exc.problem}", mark.line + 1 if mark else None, mark.column + 1 if mark else None
        ) from None
    except YAMLError as exc:
        raise InputError(file, f"invalid YAML: {exc}") from None


def parse_json(file: str, text: str, what: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(file, f"the {what} is not JSON: {exc.msg}", exc.lineno, exc.colno) from None


def plain_data(value: Any) -> Any:
    """YAML as loaded (ruamel's commented maps, dates) as plain JSON data for schema validation."""
    if isinstance(value, dict):
        return {str(k): plain_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_data(v) for v in value]
    if isinstance(value, str):
        return str(value)
    if isinstance(value, (bool, int, float)) or value is None:
        return value
    return str(value)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """`; did you mean 'x'?` for the candidate closest to a mistyped `word`, or nothing."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


@dataclass(frozen=True)
class SchemaProblem:
    path: list[Any]  # to the offending value, or to the unknown key itself
    message: str
    at_key: bool = False  # the problem is the key at `path` (an unknown field), not its value


def schema_problems(schema_name: str, data: Any, document: str = "the document") -> list[SchemaProblem]:
    """Every way `data` breaks schema `schema_name`, said for people (an unknown key with a
    suggestion, a missing key by name, otherwise where and what), in document order."""
    from linter.support.resources import validator

    errors = sorted(validator(schema_name).iter_errors(data), key=lambda e: (len(e.path), list(map(str, e.path))))
    return [_problem(error, document) for error in errors]


def schema_problem(schema_name: str, data: Any, document: str = "the document") -> SchemaProblem | None:
    """The first of `schema_problems`, or None when `data` is valid."""
    return next(iter(schema_problems(schema_name, data, document)), None)


def _problem(error: Any, document: str) -> SchemaProblem:
    path = list(error.absolute_path)
    if error.validator == "additionalProperties" and "'" in error.message:
        extra = error.message.split("'")[1]
        hint = did_you_mean(extra, error.schema.get("properties", {}))
        return SchemaProblem([*path, extra], f"unknown field '{extra}'{hint}", at_key=True)
    if error.validator == "required" and "'" in error.message:
        return SchemaProblem(path, f"missing field '{error.message.split(chr(39))[1]}'")
    return SchemaProblem(path, f"{'/'.join(map(str, path)) or document}: {error.message}")


def line_of(tree: Any, path: list[Any]) -> tuple[int, int]:
    """Line and column of the value at `path` in a round-trip YAML tree (as far down as it exists)."""
    node, line, column = tree, 0, 0
    for step in path:
        lc = getattr(node, "lc", None)
        try:
            if lc is None:
                break
            line, column = lc.item(step) if isinstance(step, int) else lc.key(step)
            node = node[step]
        except (AttributeError, KeyError, IndexError, TypeError):
            break
    return line + 1, column + 1
