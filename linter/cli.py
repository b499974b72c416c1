"""The `hybridlint` command line. Thin: parse arguments, call the library, print, set the exit code.

Exit codes: 0 success, 1 findings at or above --fail-on, 2 bad input or usage.
"""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated

import typer

from linter import __version__
from linter.errors import InputError

app = typer.Typer(
    name="hybridlint",
    help="Offline linter for Exchange hybrid mail flow (Export-Clixml / ConvertTo-Json snapshots).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class SnapshotFormat(str, Enum):
    table = "table"
    json = "json"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"hybridlint {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """hybridlint reads exports of both sides of an Exchange hybrid and checks their mail flow."""


@app.command()
def snapshot(
    paths: Annotated[list[str], typer.Argument(help="Export files, folders or .zip archives.")],
    output_format: Annotated[SnapshotFormat, typer.Option("--format", help="Output format.")] = SnapshotFormat.table,
) -> None:
    """Show what was read: per file the kinds, side and count; per object its identity and source."""
    from linter.report import inventory
    from linter.snapshot.loader import load_snapshot

    try:
        result = load_snapshot(paths)
    except InputError as exc:
        _fail(exc)
    text = inventory.render_json(result) if output_format is SnapshotFormat.json else inventory.render_table(result)
    sys.stdout.write(text)


def _fail(exc: InputError) -> None:
    typer.echo(str(exc), err=True)
    raise typer.Exit(2)


if __name__ == "__main__":  # pragma: no cover
    app()
