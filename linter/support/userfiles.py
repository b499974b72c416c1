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
from linter.support.text import one_line

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


# A user file is small: beyond this many values once its aliases are expanded, it is an alias bomb.
MAX_YAML_VALUES = 200_000


def parse_yaml(file: str, text: str, *, positions: bool) -> Any:
    """YAML as data: with positions (ruamel's round-trip tree, `.lc` on every mapping and list) for
    messages that point at a key, or fast (the C loader when ruamel.yaml.clib is installed).

    Aliases are counted as what they expand to, and a document that expands beyond
    MAX_YAML_VALUES, or refers to itself, is refused before anyone walks it. ruamel's warnings
    (a reused anchor) are errors here, said in one line like every other problem."""
    import warnings

    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            tree = YAML(typ="rt" if positions else "safe").load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark
        problem = one_line(str(exc.problem or exc.context or "not YAML"))
        raise InputError(
            file, f"invalid YAML: {problem}", mark.line + 1 if mark else None, mark.column + 1 if mark else None
        ) from None
    except (YAMLError, Warning) as exc:
        raise InputError(
            file,
            f"invalid YAML: {one_line(str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__)}",
        ) from None
    except RecursionError:
        raise InputError(file, "refused: YAML nested too deeply") from None
    except (ValueError, OverflowError) as exc:  # a value the YAML types refuse, such as the date 2026-02-30
        raise InputError(file, f"invalid YAML value: {one_line(str(exc))}") from None
    _check_expansion(file, tree)
    return tree


def _check_expansion(file: str, tree: Any) -> None:
    """The number of values `tree` holds with every alias expanded, counted without expanding:
    each shared container is sized once (iteratively, so depth costs no stack)."""
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Any, bool]] = [(tree, False)]
    while stack:
        node, done = stack.pop()
        if not isinstance(node, (dict, list)):
            continue
        key = id(node)
        children = list(node.values()) if isinstance(node, dict) else list(node)
        if done:
            on_path.discard(key)
            size = 1 + sum(sizes.get(id(c), 1) for c in children)
            if size > MAX_YAML_VALUES:
                raise InputError(
                    file, f"refused: the YAML expands to more than {MAX_YAML_VALUES:,} values (an alias bomb?)"
                )
            sizes[key] = size
            continue
        if key in on_path:
            raise InputError(file, "refused: a YAML alias refers to itself")
        if key in sizes:
            continue
        on_path.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in children if isinstance(c, (dict, list)) and id(c) not in sizes)


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
    where = "/".join(map(str, path)) or document
    if error.validator == "pattern":
        # A regular expression says nothing to a person: name the form the value should have.
        form = _PATTERN_FORMS.get(str(error.validator_value), "the form its description gives")
        return SchemaProblem(path, f"{where}: {error.instance!r} is not {form}")
    if error.validator == "enum":
        choices = ", ".join(str(choice) for choice in error.validator_value)
        return SchemaProblem(path, f"{where}: {error.instance!r} is not one of {choices}")
    return SchemaProblem(path, f"{where}: {error.message}")


_PATTERN_FORMS = {
    r"^\d{4}-\d{2}-\d{2}$": "a date (YYYY-MM-DD)",
    r"^[0-9a-f]{32}$": "a finding fingerprint (32 hexadecimal digits)",
    r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$": "a rule id (upper case, parts joined by '-': HYB-SEND-003)",
    r"^\d+\.\d+\.\d+\.\d+$": "an Exchange build (15.2.1544.4)",
    r"^https?://": "a web address (https://...)",
    r"^[A-Za-z_][A-Za-z0-9_]*$": "a name (letters, digits, _)",
    r"^(Set|New|Remove|Enable|Disable|Add)-[A-Za-z]+$": "a changing cmdlet (Set-SendConnector)",
    r"^[A-Za-z][A-Za-z0-9]*$": "a property name",
}


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
