"""The options several commands share, declared once: same name, help and type everywhere."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


class ColorMode(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


class ShowLevel(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


# typer reads a list default as the option's default; a tuple is immutable, so one can be shared.
NO_PATHS: list[Path] = []
NO_IDS: list[str] = []

SnapshotPaths = Annotated[list[str], typer.Argument(help="Export files, folders or .zip archives.")]
RuleFolders = Annotated[list[Path], typer.Option("--rules", help="Folder of extra rules (repeatable).")]
DisabledRules = Annotated[
    list[str],
    typer.Option("--disable", help="Rules to skip: ids, former ids, globs (HYB-SEND-*), comma lists; repeatable."),
]
SelectedRules = Annotated[
    list[str],
    typer.Option("--select", help="Run only these rules: ids, former ids, globs, comma lists; repeatable."),
]
AsOf = Annotated[str | None, typer.Option("--as-of", help="Date that checks treat as today (YYYY-MM-DD).")]
FailOnOption = Annotated[FailOn, typer.Option("--fail-on", help="Lowest severity that fails the run.")]
ConfigFile = Annotated[
    Path | None,
    typer.Option("--config", help="Suppressions file (default: .hybridlint.yaml beside the snapshot or here)."),
]
OutputFile = Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")]
