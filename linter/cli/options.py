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

SnapshotPaths = Annotated[
    list[str], typer.Argument(metavar="PATH...", help="Export files, folders or .zip archives.", show_default=False)
]
RuleFolders = Annotated[list[Path], typer.Option("--rules", metavar="DIR", help="Folder of extra rules (repeatable).")]
DisabledRules = Annotated[
    list[str],
    typer.Option(
        "--disable",
        metavar="RULES",
        help="Rules to skip: ids, former ids, globs (HYB-SEND-*), comma lists; repeatable.",
    ),
]
SelectedRules = Annotated[
    list[str],
    typer.Option(
        "--select", metavar="RULES", help="Run only these rules: ids, former ids, globs, comma lists; repeatable."
    ),
]
AsOf = Annotated[str | None, typer.Option("--as-of", metavar="YYYY-MM-DD", help="Date that checks treat as today.")]
FailOnOption = Annotated[
    FailOn,
    typer.Option(
        "--fail-on", metavar="SEVERITY", help="Lowest severity that fails the run: error, warning, info, never."
    ),
]
ConfigFile = Annotated[
    Path | None,
    typer.Option(
        "--config",
        metavar="FILE",
        help="Settings and suppressions (default: .hybridlint.yaml beside the snapshot or here).",
    ),
]
BaselineFile = Annotated[
    Path | None,
    typer.Option(
        "--baseline",
        metavar="FILE",
        help="Leave out the findings this baseline (hybridlint baseline create) lists; they are counted.",
    ),
]
OutputFile = Annotated[
    Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write to this file instead of stdout.")
]
