"""`hybridlint snapshot`: what was read, per file and per object."""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated

import typer

from linter.cli.common import read_snapshot
from linter.cli.options import SnapshotPaths


class SnapshotFormat(str, Enum):
    table = "table"
    json = "json"


def snapshot(
    paths: SnapshotPaths,
    output_format: Annotated[
        SnapshotFormat, typer.Option("--format", metavar="FORMAT", help="Output format: table or json.")
    ] = SnapshotFormat.table,
) -> None:
    """Show what was read: per file the kinds, side and count; per object its identity and source."""
    from linter.report import inventory

    result = read_snapshot(paths)
    text = inventory.render_json(result) if output_format is SnapshotFormat.json else inventory.render_table(result)
    sys.stdout.write(text)
