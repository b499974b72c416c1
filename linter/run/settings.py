"""Run settings from `.hybridlint.yaml`, under the command line: rule folders, --select,
--disable, --fail-on, --format and --as-of. Each setting in effect knows where it came from (the
command line, the file and line, or the default), for `hybridlint config show`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from linter.findings.suppressions import MAX_BYTES
from linter.support.errors import InputError
from linter.support.userfiles import line_of, parse_yaml, plain_data, read_user_text, schema_problem

SETTINGS = ("rules", "select", "disable", "fail_on", "format", "as_of")
DEFAULTS: dict[str, Any] = {
    "rules": [],
    "select": [],
    "disable": [],
    "fail_on": "warning",
    "format": ["text"],
    "as_of": None,
}


@dataclass
class Setting:
    value: Any
    source: str  # "command line", "FILE:LINE", or "default"


@dataclass
class RunSettings:
    values: dict[str, Setting] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        return self.values[name].value


def file_settings(path: Path | None) -> dict[str, Setting]:
    """The settings a configuration file states, each with its file and line; none without a file."""
    if path is None:
        return {}
    text = read_user_text(path, MAX_BYTES, "configuration")
    data = parse_yaml(str(path), text, positions=True) or {}
    problem = schema_problem("config.schema.json", plain_data(data))
    if problem is not None:
        raise InputError(str(path), problem.message, *line_of(data, problem.path))
    found: dict[str, Setting] = {}
    for name in SETTINGS:
        if name not in data:
            continue
        value = plain_data(data[name])
        if name == "rules":  # folders are relative to the file that names them
            value = [str((path.parent / folder).resolve()) for folder in value]
        line, _ = line_of(data, [name])
        found[name] = Setting(value, f"{path}:{line}")
    return found


def effective(command_line: dict[str, Any], from_file: dict[str, Setting]) -> RunSettings:
    """Each setting from the command line when it was given there, else from the file, else the default."""
    settings = RunSettings()
    for name in SETTINGS:
        if name in command_line:
            settings.values[name] = Setting(command_line[name], "command line")
        elif name in from_file:
            settings.values[name] = from_file[name]
        else:
            settings.values[name] = Setting(DEFAULTS[name], "default")
    return settings
